"""The reason shared by the hosted declarative (no-code) runtime's names."""

DECLARATIVE = (
    "declarative (no-code) IR functions run on the hosted platform's interpreter; "
    "imperal-shell runs extension code directly"
)
