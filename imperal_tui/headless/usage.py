"""The one exception for a command line that cannot run as given (exit 2, nothing changed)."""


class UsageError(Exception):
    """Bad flags, arguments or configuration; the message says what to fix."""
