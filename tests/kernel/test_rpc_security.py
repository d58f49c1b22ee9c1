"""The socket is private: its directory is ours alone (created 0700, verified), and each side
checks the uid of the other end (SO_PEERCRED)."""

from __future__ import annotations

import asyncio
import os
import shutil
import socket
import subprocess
import sys
import textwrap

import pytest

from kernel.client import connect, open_client
from kernel.config import KernelConfig
from kernel.endpoint import UnsafeSocketDir, private_socket_path, socket_dir, socket_path
from kernel.rpc.framing import encode
from kernel.rpc.sync_client import SyncClient
from tests.kernel.rpc_support import short_dir

OTHER_UID = 54321
root_only = pytest.mark.skipif(os.getuid() != 0, reason="needs root to act as another user")


@pytest.fixture
def base():
    folder = short_dir()
    yield folder
    shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture
def long_home(tmp_path, base, monkeypatch):
    """A home whose socket path would be too long: the socket goes to $XDG_RUNTIME_DIR."""
    home = tmp_path / ("h" * 60) / ("o" * 60)
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(base))
    monkeypatch.setenv("IMPERAL_SHELL_HOME", str(home))
    monkeypatch.setenv("IMPERAL_SHELL_SERVER", "1")
    return KernelConfig.load()


def test_the_fallback_dir_is_created_private(long_home, base):
    path = private_socket_path(long_home, create=True)
    assert path.parent == base / f"imperal-shell-{os.getuid()}" == socket_dir(long_home)
    assert path.parent.stat().st_mode & 0o777 == 0o700
    assert len(str(path)) < 100


def test_a_pre_created_world_writable_dir_is_refused(long_home, base):
    planted = base / f"imperal-shell-{os.getuid()}"
    planted.mkdir()
    planted.chmod(0o777)
    with pytest.raises(UnsafeSocketDir, match="group or world writable .mode 0777."):
        open_client(long_home)  # nothing is started or sent there
    with pytest.raises(UnsafeSocketDir):
        connect(long_home)
    assert list(planted.iterdir()) == []


def test_a_group_writable_data_dir_is_refused(tmp_path, monkeypatch):
    monkeypatch.setenv("IMPERAL_SHELL_HOME", str(tmp_path / "home"))
    config = KernelConfig.load()
    assert socket_dir(config) == config.data_dir  # short enough to hold the socket itself
    config.data_dir.mkdir(mode=0o700)
    private_socket_path(config, create=True)
    config.data_dir.chmod(0o770)
    with pytest.raises(UnsafeSocketDir, match="mode 0770"):
        connect(config)


def test_a_symlinked_socket_dir_is_refused(long_home, base, tmp_path):
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir(mode=0o700)
    (base / f"imperal-shell-{os.getuid()}").symlink_to(elsewhere)
    with pytest.raises(UnsafeSocketDir, match="symlink"):
        private_socket_path(long_home, create=True)


@root_only
def test_a_dir_owned_by_someone_else_is_refused(long_home, base):
    planted = base / f"imperal-shell-{os.getuid()}"
    planted.mkdir(mode=0o700)
    os.chown(planted, OTHER_UID, OTHER_UID)
    with pytest.raises(UnsafeSocketDir, match=f"belongs to uid {OTHER_UID}"):
        open_client(long_home)


def test_the_resident_kernel_refuses_an_unsafe_dir_too(long_home, base, caplog):
    planted = base / f"imperal-shell-{os.getuid()}"
    planted.mkdir()
    planted.chmod(0o757)
    from kernel.server import serve

    assert asyncio.run(serve(long_home)) == 1
    assert "world writable (mode 0757)" in caplog.text
    assert not socket_path(long_home).exists()


@root_only
def test_the_client_refuses_a_listener_of_another_uid(base):
    path = base / "k.sock"
    listener = textwrap.dedent(
        f"""
        import os, socket, sys, time
        s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        s.bind({str(path)!r})
        os.setuid({OTHER_UID})
        s.listen()
        print("ready", flush=True)
        conn, _ = s.accept()
        data = conn.recv(65536)
        print("received", len(data), flush=True)
        """
    )
    proc = subprocess.Popen([sys.executable, "-c", listener], stdout=subprocess.PIPE, text=True)
    try:
        assert proc.stdout.readline().strip() == "ready"
        with pytest.raises(UnsafeSocketDir, match=f"runs as uid {OTHER_UID}"):
            SyncClient.connect(path, fingerprint="x")
        out, _ = proc.communicate(timeout=10)
        assert out.strip() == "received 0"  # it got nothing from us, not even hello
    finally:
        proc.kill()
        proc.wait()


@root_only
async def test_the_server_refuses_a_client_of_another_uid(base):
    from kernel.rpc.dispatch import KernelService

    base.chmod(0o711)  # the other user may reach the socket, to show the server's own check
    path = base / "k.sock"
    service = KernelService(kernel=None, fingerprint="x")
    server = await asyncio.start_unix_server(service.handle, path=str(path))
    os.chmod(path, 0o777)
    hello = encode({"jsonrpc": "2.0", "id": 1, "method": "hello", "params": {}})
    client = textwrap.dedent(
        f"""
        import os, socket
        os.setuid({OTHER_UID})
        s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        s.settimeout(10)
        s.connect({str(path)!r})
        try:
            s.sendall({hello!r})
            print("answer", len(s.recv(65536)))
        except (BrokenPipeError, ConnectionResetError):
            print("answer 0")
        """
    )
    try:
        proc = await asyncio.create_subprocess_exec(
            sys.executable, "-c", client, stdout=asyncio.subprocess.PIPE
        )
        out, _ = await asyncio.wait_for(proc.communicate(), 20)
        assert out.decode().strip() == "answer 0"  # hung up without a word
        assert not service.connections
    finally:
        server.close()


def test_a_socketpair_peer_is_ourselves():
    from kernel.endpoint import peer_uid

    a, b = socket.socketpair()
    with a, b:
        assert peer_uid(a) == os.getuid()
