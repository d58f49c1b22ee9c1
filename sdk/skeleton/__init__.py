"""`imperal_sdk.skeleton`."""

from sdk.skeleton.client import SkeletonClient

__all__ = ["SkeletonClient"]
