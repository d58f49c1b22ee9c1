"""Disabled extensions (kernel/disabled.py): off in the catalog (not callable, no panels, not
offered to the routers), kept across kernel restarts, and back on when enabled."""

from __future__ import annotations

import pytest

from kernel import Kernel, KernelConfig
from kernel import events as ev
from kernel.disabled import UnknownExtension, load, path_in, save, set_enabled


async def _call(kernel, app_id: str, function: str, args: dict) -> list:
    return [e async for e in kernel.session("alice").call(app_id, function, args)]


async def test_disabled_is_not_callable_and_kept_across_a_restart(home):
    kernel = await Kernel.open(KernelConfig.load())
    try:
        info = set_enabled(kernel, "notes", False)
        assert info.app_id == "notes"
        assert "notes" not in {i.app_id for i in kernel.extensions()}
        assert "notes" in {i.app_id for i in kernel.catalog.parked_infos()}
        assert not [p for p in kernel.panels() if p.app_id == "notes"]
        assert not [n for n in kernel.catalog.names() if n.startswith("notes.")]
        events = await _call(kernel, "notes", "create_note", {"title": "Q3"})
        assert any(isinstance(e, ev.Error) for e in events)
        assert not any(isinstance(e, ev.ActionFinished) and e.ok for e in events)
    finally:
        await kernel.close()

    kernel = await Kernel.open(KernelConfig.load())
    try:
        assert "notes" in {i.app_id for i in kernel.catalog.parked_infos()}
        set_enabled(kernel, "notes", True)
        assert load(kernel.config.data_dir) == set()
        events = await _call(kernel, "notes", "create_note", {"title": "Q3"})
        assert any(isinstance(e, ev.ActionFinished) and e.ok for e in events)
    finally:
        await kernel.close()


async def test_an_unknown_app_id_changes_nothing(kernel):
    with pytest.raises(UnknownExtension, match="no extension 'nope'"):
        set_enabled(kernel, "nope", False)
    assert not path_in(kernel.config.data_dir).exists()


def test_a_bad_file_disables_nothing(tmp_path):
    path_in(tmp_path).write_text('{"not": "a list"}')
    assert load(tmp_path) == set()
    path_in(tmp_path).write_text("not json")
    assert load(tmp_path) == set()
    save(tmp_path, ["b", "a", "a"])
    assert load(tmp_path) == {"a", "b"}
    assert oct(path_in(tmp_path).stat().st_mode & 0o777) == "0o600"


async def test_a_reload_keeps_a_disabled_extension_off(kernel):
    set_enabled(kernel, "notes", False)
    path = kernel.catalog.parked["notes"].path
    info = await kernel.reload_extension(path)
    assert info.app_id == "notes"
    assert "notes" in kernel.catalog.parked and "notes" not in kernel.catalog.extensions
