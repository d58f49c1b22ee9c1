"""`imperal_sdk.auth.middleware`: present for import parity; it exports nothing (as in the
real SDK). Token checks live in `sdk.auth.client.ImperalAuth`."""

__all__: list[str] = []
