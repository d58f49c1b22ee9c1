"""`imperal_sdk.devtools.reference`: collectors for the SDK's generated reference."""
