"""The resident kernel: the one process that owns a data dir; clients start it and wait for it,
and never run a second kernel on the dir while it lives."""

import os
import subprocess
import sys
import time

import pytest

from kernel import events as ev
from kernel.client import (
    DataDirBusy,
    EmbeddedKernel,
    KernelUnavailable,
    RemoteKernel,
    connect,
    open_client,
)
from kernel.config import KernelConfig
from kernel.endpoint import lock_holder, socket_path
from kernel.rpc.sync_client import SyncClient
from tests.kernel.rpc_support import stop_resident


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
    pid = stop_resident(cfg)
    if pid is not None:
        wait_gone(pid)


def test_first_command_starts_the_resident_kernel_and_waits_for_it(config):
    first = open_client(config)
    assert isinstance(first, RemoteKernel) and not isinstance(first, EmbeddedKernel)
    assert first.pid != os.getpid()
    events = list(first.send("alice", "add a task buy milk"))
    assert any(isinstance(e, ev.ActionFinished) and e.ok for e in events)
    first.close()
    second = open_client(config)
    assert second.pid == first.pid
    reply = "".join(
        e.text for e in second.send("alice", "show my tasks") if isinstance(e, ev.TextDelta)
    )
    assert "buy milk" in reply
    assert socket_path(config).stat().st_mode & 0o077 == 0  # owner only
    assert lock_holder(config) == (first.pid, "resident")


def test_cards_and_confirm_across_connections(config):
    remote = open_client(config)
    list(remote.send("alice", "create a note titled Old"))
    (req,) = [
        e
        for e in remote.send("alice", "delete the note Old")
        if isinstance(e, ev.ConfirmationRequired)
    ]
    assert req.card.args_json.startswith('{"note_id":')
    remote.close()
    other = connect(config)
    assert [c.card_id for c in other.pending_cards("alice")] == [req.card.card_id]
    assert other.pending_cards("bob") == []
    done = list(other.confirm("alice", req.card.card_id))
    assert [e.status for e in done if isinstance(e, ev.ActionFinished)] == ["ok"]
    assert list(other.deny("alice", req.card.card_id))[0].code == ev.CARD_NOT_FOUND
    rows = other.audit(limit=3)
    assert [r["status"] for r in rows][-2:] == ["awaiting_confirmation", "ok"]
    assert {e.app_id for e in other.extensions()} >= {"notes", "tasks"}


def test_a_stale_resident_kernel_steps_aside(config):
    remote = open_client(config)
    with pytest.raises(KernelUnavailable, match="stale"):
        SyncClient.connect(socket_path(config), fingerprint="not-the-same-code")
    assert wait_gone(remote.pid)


def test_a_probe_reports_a_stale_kernel_without_stopping_it(config):
    remote = open_client(config)
    probe = SyncClient.connect(socket_path(config), fingerprint="other", probe=True)
    assert probe.stale and probe.pid == remote.pid
    with pytest.raises(RuntimeError, match="other code"):
        probe.audit()
    assert pid_alive(remote.pid)
    assert connect(config).pid == remote.pid


def test_policy_change_is_never_served_by_the_old_kernel(config, monkeypatch):
    remote = open_client(config)
    monkeypatch.setenv("IMPERAL_SHELL_CONFIRM", "write")
    fresh = open_client(KernelConfig.load())  # the old one steps aside, a new one starts
    assert fresh.pid != remote.pid
    assert wait_gone(remote.pid)
    events = list(fresh.send("alice", "add a task buy milk"))
    assert any(isinstance(e, ev.ConfirmationRequired) for e in events)


def test_idle_resident_kernel_exits(config, monkeypatch):
    monkeypatch.setenv("IMPERAL_SHELL_SERVER_IDLE", "1")
    remote = open_client(config)
    remote.close()
    assert wait_gone(remote.pid, timeout=15)
    assert not socket_path(config).exists()
    assert lock_holder(config) is None


def test_a_connected_client_keeps_it_alive(config, monkeypatch):
    monkeypatch.setenv("IMPERAL_SHELL_SERVER_IDLE", "1")
    remote = open_client(config)
    time.sleep(2.5)
    assert remote.audit(limit=1) == [] and pid_alive(remote.pid)
    remote.close()
    assert wait_gone(remote.pid, timeout=15)


def test_only_one_resident_kernel_per_data_dir(config):
    remote = open_client(config)
    second = subprocess.run(
        [sys.executable, "-m", "kernel.server"], timeout=30, capture_output=True
    )
    assert second.returncode == 0
    assert connect(config).pid == remote.pid


def test_disabled_resident_kernel_stays_in_process_and_holds_the_dir(config, monkeypatch):
    monkeypatch.setenv("IMPERAL_SHELL_SERVER", "0")
    client = open_client(config)
    assert isinstance(client, EmbeddedKernel) and client.pid == os.getpid()
    assert lock_holder(config) == (os.getpid(), "embedded")
    with pytest.raises(KernelUnavailable):
        connect(config)
    with pytest.raises(DataDirBusy, match="another imperal-shell kernel"):
        EmbeddedKernel(config)
    with pytest.raises(DataDirBusy, match="inside another imperal-shell process"):
        open_client(config, resident=True)  # never a resident kernel beside it
    server = subprocess.run(
        [sys.executable, "-m", "kernel.server"], timeout=30, capture_output=True
    )
    assert server.returncode == 3
    assert any(isinstance(e, ev.ActionFinished) for e in client.send("a", "show my notes"))
    client.close()
    assert lock_holder(config) is None


def test_embedded_mode_refuses_a_dir_the_resident_kernel_serves(config):
    remote = open_client(config)
    with pytest.raises(DataDirBusy, match=f"resident kernel \\(pid {remote.pid}\\)"):
        open_client(config, resident=False)
    assert connect(config).pid == remote.pid


def test_data_dir_and_files_are_private(config):
    remote = open_client(config)
    assert remote.pid
    for path in [config.data_dir, *config.data_dir.iterdir()]:
        assert path.stat().st_mode & 0o077 == 0, path


def test_a_relative_home_is_made_absolute(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    cfg = KernelConfig.load(env={"IMPERAL_SHELL_HOME": "rel/home"})
    assert cfg.home == cfg.data_dir == tmp_path / "rel" / "home"
    assert cfg.home.is_absolute()


def test_a_kernel_that_cannot_start_is_a_clear_error_not_a_fallback(config):
    from kernel.client import KernelStartFailed

    (config.data_dir / "kernel.db").mkdir(parents=True)  # no database can open there
    started = time.monotonic()
    with pytest.raises(KernelStartFailed, match="exited with status 1 while starting; see "):
        open_client(config)
    assert time.monotonic() - started < 30
    assert lock_holder(config) is None  # and no kernel runs in this process either


def test_release_stops_only_an_unused_resident_kernel(tmp_path, monkeypatch):
    """`dev` asks an idle resident kernel to step aside; one with a client attached stays."""
    from kernel.client import connect, connect_or_start, release_resident
    from kernel.config import KernelConfig
    from kernel.endpoint import lock_holder

    monkeypatch.setenv("IMPERAL_SHELL_HOME", str(tmp_path / "h"))
    config = KernelConfig.load()
    first = connect_or_start(config)
    other = connect(config)
    try:
        first.close()
        assert release_resident(config, wait=1.0) is False  # `other` is still attached
        assert lock_holder(config) is not None
    finally:
        other.close()
    assert release_resident(config, wait=10.0) is True
    assert lock_holder(config) is None
