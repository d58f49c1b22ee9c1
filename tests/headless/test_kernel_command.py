"""`imperal-shell kernel status|stop` shows and stops the resident kernel of a data dir."""

import json
import os
import subprocess
import sys
import time
from pathlib import Path

SCRIPT = Path(sys.executable).parent / "imperal-shell"


def shell(home, *args):
    env = {**os.environ, "IMPERAL_SHELL_HOME": str(home), "IMPERAL_SHELL_SERVER": "1"}
    return subprocess.run([str(SCRIPT), *args], capture_output=True, text=True, env=env, timeout=60)


def test_status_and_stop(tmp_path):
    out = shell(tmp_path, "kernel", "status", "--json")
    assert out.returncode == 0 and json.loads(out.stdout)["running"] is False
    assert shell(tmp_path, "run", "show my notes").returncode == 0  # starts one for next time
    deadline = time.monotonic() + 20
    while True:
        status = json.loads(shell(tmp_path, "kernel", "status", "--json").stdout)
        if status["running"] or time.monotonic() > deadline:
            break
        time.sleep(0.1)
    assert status["running"] and status["pid"] > 0
    # the call above ran in a worker of the notes extension, which stays for the next call
    assert status["workers"]["notes"] == {"idle": 1, "busy": 0}
    assert status["running_tasks"] == 0 and status["clients"] == 1
    text = shell(tmp_path, "kernel", "status").stdout
    assert "notes 0 busy/1 idle" in text and "running tasks 0" in text
    stopped = shell(tmp_path, "kernel", "stop")
    assert stopped.returncode == 0 and f"pid {status['pid']}" in stopped.stdout
    assert json.loads(shell(tmp_path, "kernel", "status", "--json").stdout)["running"] is False
