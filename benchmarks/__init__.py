"""Speed figures for imperal-shell: `python benchmarks/run.py` prints them as one JSON object."""
