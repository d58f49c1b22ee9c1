"""The kernel's one protocol: JSON-RPC 2.0 over a Unix socket (or a socketpair in-process).

Framing: every message is a 4-byte big-endian length, then that many bytes of UTF-8 JSON. No
line-length limit; a frame over `framing.MAX_FRAME` (16 MiB) is refused with a clear error by
either side (the server answers it with a JSON-RPC error and keeps the connection; a client
refuses to send one).

A connection is persistent and carries many requests at once. The first request is `hello`
(pid, protocol version, llm mode; a client built from other code or policy gets a `stale`
error and the resident kernel exits so a fresh one starts). Streaming requests (`send`,
`call`, `confirm`, `deny`, `subscribe`) emit notifications
`{"jsonrpc": "2.0", "method": "event", "params": {"turn": <request id>, "event": {...}}}`
and end with their JSON-RPC result (`subscribe` first sends a `subscribed` notification and
lasts until the client cancels it or disconnects). `cancel {"turn": id}` cancels a turn of
the same connection.

A client that disconnects mid-call: the server cancels every turn of that connection. The
executor turns a cancelled call into "nothing committed"; a call already promoted to a
background task goes on as that task and its result arrives as a chat message.

Modules: `framing` (bytes, stdlib only), `messages` (message shapes and error codes),
`dispatch` (the server side), `sync_client` (stdlib, no asyncio: headless commands),
`async_client` (asyncio: the TUI), `embedded` (a kernel in this process behind a socketpair).
"""
