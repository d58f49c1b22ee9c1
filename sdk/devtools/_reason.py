"""The reason shared by the SDK's own maintainer tools (platform-only in imperal-shell)."""

DEVTOOLS = (
    "the SDK's devtools generate and check the hosted SDK's published reference against the "
    "platform's contract and database files; imperal-shell has neither (scripts/sdk_coverage.py "
    "compares this SDK with the reference instead)"
)
