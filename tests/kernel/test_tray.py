"""The kernel serves tray items: declared with `@ext.tray`, answered through the one render
path (policy, worker, ledger row), read into a badge and a dropdown, over RPC too."""

from __future__ import annotations

import asyncio
import contextlib
import shutil

import pytest

from kernel import Kernel, KernelConfig
from kernel import tray as tray_mod
from kernel.rpc.async_client import AsyncClient
from kernel.rpc.dispatch import KernelService
from tests.kernel.rpc_support import FP, short_dir

TRAYED = """
from imperal_sdk import ActionResult, ChatExtension, Extension, ui
from pydantic import BaseModel

ext = Extension("inbox", version="1.0.0", display_name="Inbox")
chat = ChatExtension(ext, "inbox", "Messages")


class Add(BaseModel):
    text: str


@chat.function("add_message", action_type="write", description="Adds a message.")
async def add_message(ctx, params: Add) -> ActionResult:
    await ctx.store.create("messages", {"text": params.text})
    return ActionResult.success(data={}, summary="added")


@ext.tray("unread", icon="Mail", tooltip="Unread messages", order=20)
async def unread(ctx, **kwargs):
    page = await ctx.store.query("messages")
    texts = [d.data["text"] for d in page.data]
    return ui.TrayResponse(
        badge=ui.Badge(label="unread", value=len(texts)),
        panel=ui.List(items=[ui.ListItem(id=str(i), title=t) for i, t in enumerate(texts)]),
        icon_color="red" if texts else None,
    )


@ext.tray("clock", icon="Clock", zone="system")
async def clock(ctx, **kwargs):
    return ui.Stack([ui.Badge(label="12:00"), ui.Text("noon")])


@ext.tray("broken", icon="Bug", zone="actions")
async def broken(ctx, **kwargs):
    raise RuntimeError("tray exploded")


@ext.tray("writer", icon="Pen", zone="actions", order=5)
async def writer(ctx, **kwargs):
    await ctx.store.create("messages", {"text": "sneaky"})
    return ui.TrayResponse(badge=1)
"""


@pytest.fixture
async def kernel(home, write_extension):
    write_extension("inbox", TRAYED)
    k = await Kernel.open(KernelConfig.load())
    yield k
    await k.close()


async def test_tray_items_come_in_drawing_order(kernel):
    items = [(i.app_id, i.tray_id, i.zone, i.order) for i in kernel.tray_items()]
    assert items == [
        ("inbox", "unread", "status", 20),
        ("inbox", "writer", "actions", 5),
        ("inbox", "broken", "actions", 100),
        ("inbox", "clock", "system", 100),
    ]
    unread = kernel.tray_items()[0]
    assert (unread.icon, unread.tooltip) == ("Mail", "Unread messages")


async def test_a_tray_answer_gives_badge_colour_and_dropdown(kernel):
    session = kernel.session("alice")
    empty = await session.tray("inbox", "unread")
    assert (empty.badge, empty.color, empty.error) == ("", "", "")  # zero is hidden
    async for _ in session.call("inbox", "add_message", {"text": "hello"}):
        pass
    state = await session.tray("inbox", "unread")
    assert (state.badge, state.color) == ("1", "danger")
    assert state.panel["type"] == "List"
    assert "hello" in str(state.panel)


async def test_the_legacy_stack_form_is_read(kernel):
    state = await kernel.session("alice").tray("inbox", "clock")
    assert state.badge == "12:00"
    assert state.panel["type"] == "Text"


async def test_a_failing_tray_handler_is_an_error_state_and_a_ledger_row(kernel):
    state = await kernel.session("alice").tray("inbox", "broken")
    assert state.badge == "!" and "tray exploded" in state.error
    assert state.panel["type"] == "Error"
    rows = await kernel.audit(user_id="alice")
    row = next(r for r in rows if r["function"] == "tray:broken")
    assert (row["source"], row["action_type"], row["status"]) == ("tray", "read", "error")


async def test_a_tray_handler_reads_only(kernel):
    state = await kernel.session("alice").tray("inbox", "writer")
    assert state.error and state.badge == "!"
    after = await kernel.session("alice").tray("inbox", "unread")
    assert after.badge == ""  # nothing was written


async def test_an_unknown_tray_item_changes_nothing(kernel):
    before = len(await kernel.audit())
    state = await kernel.session("alice").tray("inbox", "nope")
    assert "No tray 'nope'" in state.error
    assert len(await kernel.audit()) == before
    with pytest.raises(ValueError):
        await kernel.executor.render("alice", "inbox", "unread", kind="widget")


async def test_a_deny_rule_refuses_a_tray_item(home, write_extension, monkeypatch):
    monkeypatch.setenv("IMPERAL_SHELL_DENY", "inbox.tray:unread")
    write_extension("inbox", TRAYED)
    async with await Kernel.open(KernelConfig.load()) as k:
        state = await k.session("alice").tray("inbox", "unread")
        assert "denied by policy" in state.error


async def test_tray_over_rpc(kernel):
    svc = KernelService(kernel, fingerprint=FP)
    folder = short_dir()
    path = folder / "k.sock"
    server = await asyncio.start_unix_server(svc.handle, path=str(path))
    client = await AsyncClient.connect(path, fingerprint=FP)
    try:
        items = await client.tray_items()
        assert [i.tray_id for i in items] == ["unread", "writer", "broken", "clock"]
        state = await client.session("alice").tray("inbox", "clock")
        assert isinstance(state, tray_mod.TrayState) and state.badge == "12:00"
    finally:
        with contextlib.suppress(Exception):
            await client.close()
        await svc.close_connections(grace=0)
        server.close()
        shutil.rmtree(folder, ignore_errors=True)


def test_tray_over_the_blocking_client(home, write_extension):
    from kernel.client import EmbeddedKernel

    write_extension("inbox", TRAYED)
    client = EmbeddedKernel(KernelConfig.load())
    try:
        assert [i.tray_id for i in client.tray_items()][:2] == ["unread", "writer"]
        assert client.tray("alice", "inbox", "clock").badge == "12:00"
    finally:
        client.close()


@pytest.mark.parametrize(
    ("badge", "text"),
    [
        (None, ""),
        (0, ""),
        ("0", ""),
        (3, "3"),
        (2.0, "2"),
        ("1.2M", "1.2M"),
        ({"type": "Badge", "props": {"label": "new", "value": None}}, "new"),
        ({"type": "Badge", "props": {"label": "x", "value": 7}}, "7"),
        ("a very long badge text", "a very long…"),
        (True, ""),
    ],
)
def test_badge_text(badge, text):
    assert tray_mod.badge_text(badge) == text


def test_malformed_declarations_are_skipped():
    class M:
        app_id = "x"
        extras = {"tray": [{"tray_id": 3}, "junk", {"tray_id": "ok", "zone": "moon", "order": "1"}]}

    [only] = tray_mod.items([M()])
    assert (only.tray_id, only.zone, only.order) == ("ok", "status", 100)
