"""Hot reload (`imperal-shell dev`): a folder outside the extension dirs loads on top, a reload
swaps the new version in, and a broken edit keeps the previous working one running."""

from __future__ import annotations

from pathlib import Path

import pytest

from kernel import Kernel, KernelConfig
from kernel import events as ev
from kernel.catalog import ExtensionInfo, LoadError

V1 = """
from imperal_sdk import ActionResult, ChatExtension, Extension
from pydantic import BaseModel

from helpers import word

ext = Extension("devext", version="1.0.0", display_name="Dev")
chat = ChatExtension(ext, "devext", "A dev extension")


class Empty(BaseModel):
    pass


@chat.function("hello", action_type="read", description="Says hello, the first version.")
async def hello(ctx, params: Empty) -> ActionResult:
    return ActionResult.success(data={"said": word()}, summary="said it")
"""

V2 = (
    V1.replace('version="1.0.0"', 'version="1.1.0"')
    + """

@chat.function("bye", action_type="read", description="Says goodbye, added in version two.")
async def bye(ctx, params: Empty) -> ActionResult:
    return ActionResult.success(data={"said": "bye"}, summary="said bye")
"""
)


def write(folder: Path, main: str, helper_word: str = "hello") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "main.py").write_text(main, encoding="utf-8")
    (folder / "helpers.py").write_text(
        f"def word():\n    return {helper_word!r}\n", encoding="utf-8"
    )
    return folder


@pytest.fixture
def dev_folder(tmp_path: Path) -> Path:
    return write(tmp_path / "work" / "devext", V1)


@pytest.fixture
async def dev_kernel(home, dev_folder):
    kernel = await Kernel.open(KernelConfig.load(), extra_extensions=[dev_folder])
    yield kernel
    await kernel.close()


def function_names(kernel: Kernel, app_id: str) -> set[str]:
    return {f.name for e in kernel.extensions() if e.app_id == app_id for f in e.functions}


async def said(kernel: Kernel, function: str):
    events = await kernel.session("alice").call("devext", function, {})
    finished = [e for e in events if isinstance(e, ev.ActionFinished)]
    assert finished, events
    return finished[-1].data["said"] if finished[-1].ok else finished[-1].status


async def test_extra_folder_loads_with_the_bundled_ones(dev_kernel: Kernel) -> None:
    apps = {e.app_id for e in dev_kernel.extensions()}
    assert {"devext", "notes", "tasks"} <= apps
    assert await said(dev_kernel, "hello") == "hello"


async def test_reload_swaps_new_functions_and_siblings_in(dev_kernel, dev_folder) -> None:
    write(dev_folder, V2, helper_word="hi again")
    result = await dev_kernel.reload_extension(dev_folder)
    assert isinstance(result, ExtensionInfo)
    assert result.version == "1.1.0"
    assert {f.name for f in result.functions} == {"hello", "bye"}
    assert function_names(dev_kernel, "devext") == {"hello", "bye"}
    assert await said(dev_kernel, "bye") == "bye"
    assert await said(dev_kernel, "hello") == "hi again"  # helpers.py re-imported too
    assert {e.app_id for e in dev_kernel.extensions()} >= {"notes", "tasks"}


async def test_syntax_error_keeps_the_old_version(dev_kernel, dev_folder) -> None:
    broken = V2 + "\ndef oops(:\n    pass\n"
    write(dev_folder, broken, helper_word="never")
    result = await dev_kernel.reload_extension(dev_folder)
    assert isinstance(result, LoadError)
    line = broken.splitlines().index("def oops(:") + 1
    assert f"(main.py:{line})" in result.message and result.path == str(dev_folder)
    assert "SyntaxError" in result.message
    assert function_names(dev_kernel, "devext") == {"hello"}
    assert await said(dev_kernel, "hello") == "hello"  # the old code, its old helpers
    assert any(e.path == str(dev_folder) for e in dev_kernel.load_errors)

    write(dev_folder, V2)  # fixed: the error goes away and the new version is in
    assert isinstance(await dev_kernel.reload_extension(dev_folder), ExtensionInfo)
    assert function_names(dev_kernel, "devext") == {"hello", "bye"}
    assert not any(e.path == str(dev_folder) for e in dev_kernel.load_errors)


async def test_import_error_names_the_file_and_line(dev_kernel, dev_folder) -> None:
    (dev_folder / "helpers.py").write_text("import os\nraise RuntimeError('nope')\n")
    result = await dev_kernel.reload_extension(dev_folder)
    assert isinstance(result, LoadError)
    assert "(helpers.py:2)" in result.message and result.path == str(dev_folder)
    assert await said(dev_kernel, "hello") == "hello"


async def test_renamed_app_id_replaces_the_old_entry(dev_kernel, dev_folder) -> None:
    write(dev_folder, V1.replace('Extension("devext"', 'Extension("devext2"'))
    result = await dev_kernel.reload_extension(dev_folder)
    assert isinstance(result, ExtensionInfo) and result.app_id == "devext2"
    apps = {e.app_id for e in dev_kernel.extensions()}
    assert "devext2" in apps and "devext" not in apps


async def test_dev_folder_overrides_an_installed_one_of_the_same_app_id(home, tmp_path) -> None:
    folder = write(
        tmp_path / "work" / "notes", V1.replace('Extension("devext"', 'Extension("notes"')
    )
    kernel = await Kernel.open(KernelConfig.load(), extra_extensions=[folder])
    try:
        notes = [e for e in kernel.extensions() if e.app_id == "notes"]
        assert [e.path for e in notes] == [str(folder)]
        assert {f.name for f in notes[0].functions} == {"hello"}
    finally:
        await kernel.close()


async def test_broken_dev_folder_at_open_is_a_load_error(home, tmp_path) -> None:
    folder = write(tmp_path / "work" / "devext", "this is not python\n")
    kernel = await Kernel.open(KernelConfig.load(), extra_extensions=[folder])
    try:
        assert [e.path for e in kernel.load_errors] == [str(folder)]
        assert "main.py:1" in kernel.load_errors[0].message
        write(folder, V1)
        assert isinstance(await kernel.reload_extension(folder), ExtensionInfo)
        assert function_names(kernel, "devext") == {"hello"}
    finally:
        await kernel.close()
