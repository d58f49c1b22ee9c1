"""The data dir, database and logs are ours alone: too open is fixed and said, another user's
is refused before anything is used."""

from __future__ import annotations

import logging
import os
import stat

import pytest

from kernel import Kernel, KernelConfig, private_paths
from kernel.private_paths import NotOurs, make_private


def mode(path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


@pytest.fixture
def open_data_dir(tmp_path):
    """A data dir as a permissive umask or a careless copy leaves it."""
    home = tmp_path / "home"
    (home / "logs").mkdir(parents=True)
    for name in ("kernel.db", "kernel.db-wal", "kernel.log", "logs/ext-notes.log"):
        (home / name).write_text("x")
        os.chmod(home / name, 0o644)
    os.chmod(home / "logs", 0o755)
    os.chmod(home, 0o777)
    return home


def test_too_open_is_made_private_and_said(open_data_dir):
    home = open_data_dir
    outside = home.parent / "elsewhere.txt"
    outside.write_text("not ours to change")
    os.chmod(outside, 0o644)
    (home / "link").symlink_to(outside)
    (home / "config.toml").write_text("")
    os.chmod(home / "config.toml", 0o644)

    fixes = make_private(home)

    assert mode(home) == 0o700 and mode(home / "logs") == 0o700
    for name in ("kernel.db", "kernel.db-wal", "kernel.log", "logs/ext-notes.log"):
        assert mode(home / name) == 0o600, name
    assert mode(outside) == 0o644  # a symlink inside is not followed
    assert mode(home / "config.toml") == 0o644  # the user's own file, no secrets
    assert f"{home} was 0777, now 0700" in fixes
    assert f"{home / 'kernel.db'} was 0644, now 0600" in fixes
    assert len(fixes) == 6
    assert make_private(home) == []  # private now: nothing more to say


def test_a_missing_data_dir_is_left_for_the_kernel_to_create(tmp_path):
    assert make_private(tmp_path / "not-yet") == []
    assert not (tmp_path / "not-yet").exists()


def test_another_users_data_dir_is_refused_unchanged(open_data_dir, monkeypatch):
    me = os.getuid()
    monkeypatch.setattr(private_paths.os, "getuid", lambda: me + 1)
    with pytest.raises(NotOurs, match=f"belongs to uid {me}, not to you"):
        make_private(open_data_dir)
    assert mode(open_data_dir) == 0o777
    assert mode(open_data_dir / "kernel.db") == 0o644


async def test_kernel_open_fixes_the_data_dir_with_a_warning(tmp_path, monkeypatch, caplog):
    home = tmp_path / "home"
    monkeypatch.setenv("IMPERAL_SHELL_HOME", str(home))
    await (await Kernel.open(KernelConfig.load())).close()
    os.chmod(home / "kernel.db", 0o644)  # a real database, left readable by everyone
    os.chmod(home, 0o777)
    with caplog.at_level(logging.WARNING, logger="kernel"):
        kernel = await Kernel.open(KernelConfig.load())
    try:
        assert mode(home) == 0o700
        assert mode(home / "kernel.db") == 0o600
        warnings = [r.getMessage() for r in caplog.records if "made private" in r.getMessage()]
        assert len(warnings) == 1 and "kernel.db was 0644, now 0600" in warnings[0]
    finally:
        await kernel.close()


async def test_kernel_open_refuses_another_users_data_dir(open_data_dir, monkeypatch):
    monkeypatch.setenv("IMPERAL_SHELL_HOME", str(open_data_dir))
    me = os.getuid()
    monkeypatch.setattr(private_paths.os, "getuid", lambda: me + 1)
    with pytest.raises(NotOurs):
        await Kernel.open(KernelConfig.load())
    assert mode(open_data_dir) == 0o777


async def test_a_new_data_dir_needs_no_fixing(tmp_path, monkeypatch, caplog):
    """What the kernel creates is private from the start: nothing to warn about."""
    home = tmp_path / "home"
    monkeypatch.setenv("IMPERAL_SHELL_HOME", str(home))
    old_umask = os.umask(0o022)
    try:
        async with await Kernel.open(KernelConfig.load()) as kernel:
            events = await kernel.session("alice").call("notes", "list_notes", {})
            assert [e.ok for e in events if hasattr(e, "ok")] == [True]
    finally:
        os.umask(old_umask)
    assert list((home / "logs").iterdir())  # a worker ran and logged there
    assert make_private(home) == []
