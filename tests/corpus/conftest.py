"""The corpus extensions' own suites are not part of this repo's suite.

Each folder below is an extension with its own `tests/`, run the way its author would run it:
`imperal-shell test tests/corpus/<name>` (that run takes the extension folder as its rootdir and
never reads this file). tests/test_corpus.py drives those runs from the main suite.
"""

collect_ignore_glob = ["*"]
