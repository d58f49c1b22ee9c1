"""`imperal_sdk.cli.main`: the SDK CLI's version constant.

The hosted `imperal` command (build, deploy, logs, ...) is not part of imperal-shell; its
local counterparts are `imperal-shell validate`, `imperal-shell test` and friends.
"""

from sdk import __version__ as SDK_VERSION  # noqa: N812

__all__ = ["SDK_VERSION"]
