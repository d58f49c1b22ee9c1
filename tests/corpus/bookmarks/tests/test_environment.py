"""The SDK is importable however the tests are started (subprocesses included)."""

import subprocess
import sys


def test_sdk_imports_in_a_subprocess():
    done = subprocess.run(
        [
            sys.executable,
            "-c",
            "import imperal_sdk; from imperal_sdk.testing import MockContext; print('ok')",
        ],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "ok"


def test_plain_import():
    done = subprocess.run(
        [sys.executable, "-c", "import imperal_sdk"], capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr
