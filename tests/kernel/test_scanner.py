"""Learning what extensions declare: one scan process imports many folders; an import that
kills it costs that folder only, and the manifests are cached for the next start."""

from __future__ import annotations

from kernel import Kernel, KernelConfig
from kernel import events as ev
from kernel.host import scanner

GOOD = """
from pydantic import BaseModel
from imperal_sdk import Extension, ChatExtension, ActionResult

ext = Extension("{name}", version="1.0.0", display_name="{name}")
chat = ChatExtension(ext, "{name}", "A good extension")

class P(BaseModel):
    pass

@chat.function("ping", action_type="read", description="Answer with pong, nothing else.")
async def ping(ctx, params: P) -> ActionResult:
    return ActionResult.success({{"pong": True}}, summary="pong")
"""

DIES = "import os\nos._exit(3)\n"
SEGFAULTS = "import ctypes\nctypes.string_at(0)\n"


async def test_an_import_that_kills_the_scan_costs_only_its_folder(home, write_extension):
    write_extension("a_good", GOOD.format(name="a_good"))
    write_extension("b_dies", DIES)
    write_extension("c_good", GOOD.format(name="c_good"))
    write_extension("d_segfaults", SEGFAULTS)
    write_extension("e_good", GOOD.format(name="e_good"))
    async with await Kernel.open(KernelConfig.load()) as k:
        loaded = set(k.catalog.extensions)
        assert {"a_good", "c_good", "e_good", "notes", "tasks"} <= loaded
        errors = {e.name: e.message for e in k.load_errors}
        assert "exited with code 3" in errors["b_dies"]
        assert "segmentation fault" in errors["d_segfaults"]
        events = await k.session("alice").call("e_good", "ping", {})
        (finished,) = [e for e in events if isinstance(e, ev.ActionFinished)]
        assert finished.ok and finished.data == {"pong": True}


async def test_a_second_start_reads_the_cache_and_imports_nothing(home, write_extension):
    write_extension("a_good", GOOD.format(name="a_good"))
    async with await Kernel.open(KernelConfig.load()):
        pass
    scanner._seen.clear()  # only the cache file in the data dir may answer now
    calls = []
    original = scanner.scan_batch

    async def counting(host, paths):
        calls.append(paths)
        return await original(host, paths)

    scanner.scan_batch = counting
    try:
        async with await Kernel.open(KernelConfig.load()) as k:
            assert "a_good" in k.catalog.extensions
    finally:
        scanner.scan_batch = original
    assert calls == []


async def test_two_installed_extensions_with_one_app_id_load_the_first_only(home, write_extension):
    write_extension("a_first", GOOD.format(name="twin"))
    write_extension("b_second", GOOD.format(name="twin"))
    async with await Kernel.open(KernelConfig.load()) as k:
        assert k.catalog.extensions["twin"].path.endswith("a_first")
        (error,) = [e for e in k.load_errors if e.name == "b_second"]
        assert "app_id 'twin' is already provided by" in error.message
