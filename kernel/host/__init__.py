"""The extension host: extension code runs in worker processes the kernel supervises.

`supervisor` starts, caps, kills and restarts workers; `worker` is the process side;
`scanner` reads what each extension declares without importing it into the kernel.
"""
