"""A pytest plugin (`-p imperal_tui.devtools.pytest_alias`): importing it makes `imperal_sdk` resolve.

Extension test suites import `imperal_sdk`; loading this module installs `sdk.alias` before
pytest collects them, so they run unchanged against this SDK.
"""

from sdk import alias

alias.install()
