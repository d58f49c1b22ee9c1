"""The executor's stages, in order: check, authorize, invoke, record (see `kernel.executor`)."""
