"""Installed as the top-level `imperal_sdk` package: the documented name for this shell's `sdk`.

The wheel (and the editable install) carries this file as `imperal_sdk/__init__.py`, so
`import imperal_sdk` works in every Python process of the environment the shell is installed
in: a script, a test suite run by `imperal-shell test`, a subprocess such a test starts, the
extension host's workers. Importing it installs the alias finder (`sdk.alias`) and puts the
`sdk` package itself in its place, so `imperal_sdk.X` and `sdk.X` are one module object and
classes compare equal across both names.
"""

import sys

if __name__ == "imperal_sdk":
    from sdk import alias as _alias

    _alias.install()
    import sdk as _sdk

    sys.modules[__name__] = _sdk
