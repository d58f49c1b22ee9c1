# Fixture extensions (inputs of tests/sdk/test_validator_parity.py), not tests.
collect_ignore_glob = ["*"]
