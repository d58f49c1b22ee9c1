"""Kernel side of the `ctx.*` clients: one module per service, one `dispatch` for the RPC.

Workers call `rpc(service, method, params)`; the kernel answers with
`await dispatch(scope, service, method, params)`. `KernelServices` holds what outlives a call
(the secret store, the cache, the file root, the LLM provider); `scope.services` carries it.
"""

from kernel.services.dispatch import SERVICES, KernelServices, dispatch

__all__ = ["SERVICES", "KernelServices", "dispatch"]
