"""`imperal_sdk.rpc`: the fast-RPC envelopes and their codec (pure; no transport here).

Everything `sdk.rpc.codec` exports (its functions and the envelopes of `sdk.rpc.contract`) is
re-exported here, plus the two modules themselves.
"""

from sdk.rpc import codec, contract
from sdk.rpc.codec import *  # noqa: F403

__all__ = ["codec", "contract"]
__all__ += codec.__all__
__all__.sort()
