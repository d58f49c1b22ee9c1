"""`imperal_sdk.cli`: the SDK's command-line helpers (imperal-shell's CLI is `imperal-shell`)."""
