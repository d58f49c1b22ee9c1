"""The resident kernel: thin clients share one long-lived kernel per data dir."""

import os
import subprocess
import sys
import time

import pytest

from kernel import events as ev
from kernel.client import EmbeddedKernel, KernelUnavailable, RemoteKernel, connect, open_client
from kernel.config import KernelConfig
from kernel.endpoint import socket_path


def wait_for_server(config, timeout=15.0):
    deadline = time.monotonic() + timeout
    while True:
        try:
            return connect(config)
        except KernelUnavailable:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.05)


def pid_alive(pid):
    try:  # the resident kernel is our child here (a real CLI exits and init reaps it)
        reaped, _ = os.waitpid(pid, os.WNOHANG)
        if reaped == pid:
            return False
    except ChildProcessError:
        pass
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


def wait_gone(pid, timeout=10.0):
    deadline = time.monotonic() + timeout
    while pid_alive(pid) and time.monotonic() < deadline:
        time.sleep(0.05)
    return not pid_alive(pid)


@pytest.fixture
def config(tmp_path, monkeypatch):
    monkeypatch.setenv("IMPERAL_SHELL_HOME", str(tmp_path))
    monkeypatch.setenv("IMPERAL_SHELL_SERVER", "1")
    monkeypatch.setenv("IMPERAL_SHELL_SERVER_IDLE", "30")
    monkeypatch.delenv("IMPERAL_SHELL_CONFIRM", raising=False)
    cfg = KernelConfig.load()
    yield cfg
    try:
        remote = connect(cfg)
    except KernelUnavailable:
        return
    pid = remote.pid
    remote.shutdown()
    wait_gone(pid)


def test_first_command_embeds_and_starts_a_resident_kernel(config):
    first = open_client(config)
    assert isinstance(first, EmbeddedKernel)
    events = list(first.send("alice", "add a task buy milk"))
    assert any(isinstance(e, ev.ActionFinished) and e.ok for e in events)
    first.close()
    remote = wait_for_server(config)
    assert remote.pid != os.getpid()
    assert isinstance(open_client(config), RemoteKernel)
    reply = "".join(
        e.text for e in remote.send("alice", "show my tasks") if isinstance(e, ev.TextDelta)
    )
    assert "buy milk" in reply
    assert socket_path(config).stat().st_mode & 0o077 == 0  # owner only


def test_cards_and_confirm_across_connections(config):
    open_client(config).close()
    remote = wait_for_server(config)
    list(remote.send("alice", "create a note titled Old"))
    (req,) = [
        e
        for e in remote.send("alice", "delete the note Old")
        if isinstance(e, ev.ConfirmationRequired)
    ]
    assert req.card.args_json.startswith('{"note_id":')
    done = remote.confirm("alice", req.card.card_id)
    assert [e.status for e in done if isinstance(e, ev.ActionFinished)] == ["ok"]
    assert remote.deny("alice", req.card.card_id)[0].code == ev.CARD_NOT_FOUND
    rows = remote.audit(limit=3)
    assert [r["status"] for r in rows][-2:] == ["awaiting_confirmation", "ok"]
    assert {e.app_id for e in remote.extensions()} >= {"notes", "tasks"}


def test_a_stale_resident_kernel_steps_aside(config):
    open_client(config).close()
    remote = wait_for_server(config)
    stale = RemoteKernel.__new__(RemoteKernel)
    stale.path, stale.fp, stale.timeout = remote.path, "not-the-same-code", 1.0
    with pytest.raises(KernelUnavailable, match="stale"):
        stale._request({"op": "hello"})
    assert wait_gone(remote.pid)


def test_policy_change_is_never_served_by_the_old_kernel(config, monkeypatch):
    open_client(config).close()
    remote = wait_for_server(config)
    monkeypatch.setenv("IMPERAL_SHELL_CONFIRM", "write")
    with pytest.raises(KernelUnavailable):
        connect(KernelConfig.load())
    assert wait_gone(remote.pid)


def test_idle_resident_kernel_exits(config, monkeypatch):
    monkeypatch.setenv("IMPERAL_SHELL_SERVER_IDLE", "1")
    open_client(config).close()
    remote = wait_for_server(config)
    assert wait_gone(remote.pid, timeout=15)
    assert not socket_path(config).exists()


def test_only_one_resident_kernel_per_data_dir(config):
    open_client(config).close()
    remote = wait_for_server(config)
    second = subprocess.run(
        [sys.executable, "-m", "kernel.server"], timeout=30, capture_output=True
    )
    assert second.returncode == 0
    assert connect(config).pid == remote.pid


def test_disabled_resident_kernel_stays_in_process(config, monkeypatch):
    monkeypatch.setenv("IMPERAL_SHELL_SERVER", "0")
    client = open_client(config)
    assert isinstance(client, EmbeddedKernel)
    client.close()
    time.sleep(0.3)
    with pytest.raises(KernelUnavailable):
        connect(config)


def test_data_dir_and_files_are_private(config):
    open_client(config).close()
    remote = wait_for_server(config)
    assert remote.pid
    for path in [config.data_dir, *config.data_dir.iterdir()]:
        assert path.stat().st_mode & 0o077 == 0, path
