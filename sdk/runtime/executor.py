"""`imperal_sdk.runtime.executor`: present for import compatibility; it has no public names."""
