"""The headless runner: one request per process, data on stdout, diagnostics on stderr.

Nothing under this package may import Textual, rich or httpx; scripts pay only for what runs.
"""
