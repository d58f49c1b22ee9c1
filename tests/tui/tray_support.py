"""An extension with tray items, toasts and notifications, for the tray and live tests."""

from __future__ import annotations

from pathlib import Path

INBOX = """
from imperal_sdk import ActionResult, ChatExtension, Extension, ui
from pydantic import BaseModel

ext = Extension("inbox", version="1.0.0", display_name="Inbox")
chat = ChatExtension(ext, "inbox", "Messages")


class Add(BaseModel):
    text: str


class Nothing(BaseModel):
    pass


class Say(BaseModel):
    text: str
    severity: str = ""


@chat.function("add_message", action_type="write", description="Adds a message.")
async def add_message(ctx, params: Add) -> ActionResult:
    await ctx.store.create("messages", {"text": params.text})
    return ActionResult.success(data={}, summary="added " + params.text)


@chat.function("clear_messages", action_type="write", description="Marks all read.")
async def clear_messages(ctx, params: Nothing) -> ActionResult:
    page = await ctx.store.query("messages")
    for doc in page.data:
        await ctx.store.delete("messages", doc.id)
    return ActionResult.success(data={}, summary="cleared")


@chat.function("toast_me", action_type="read", description="Answers with a toast.")
async def toast_me(ctx, params: Say) -> ActionResult:
    return ActionResult.success(
        data={}, summary="", ui=ui.Toast(params.text, variant=params.severity or "info")
    )


@chat.function("notify_me", action_type="write", description="Sends a notification.")
async def notify_me(ctx, params: Say) -> ActionResult:
    await ctx.notify.send(params.text, severity=params.severity)
    return ActionResult.success(data={}, summary="notified")


@ext.tray("unread", icon="Mail", tooltip="Unread messages", order=20)
async def unread(ctx, **kwargs):
    page = await ctx.store.query("messages")
    texts = sorted(d.data["text"] for d in page.data)
    return ui.TrayResponse(
        badge=ui.Badge(label="unread", value=len(texts)),
        panel=ui.Stack([
            ui.List(items=[ui.ListItem(id=t, title=t) for t in texts]),
            ui.Button("Mark all read", on_click=ui.Call("clear_messages")),
        ]),
        icon_color="red" if texts else None,
    )


@ext.tray("balance", icon="Settings", tooltip="Credits", zone="system", badge_style="inline")
async def balance(ctx, **kwargs):
    return ui.TrayResponse(badge="1.2M", panel=ui.Stack([
        ui.Text("Credits left: 1.2M"),
        ui.Button("Refresh", on_click=ui.Call("__tray__balance")),
    ]))


@ext.tray("broken", icon="Bug", zone="actions")
async def broken(ctx, **kwargs):
    raise RuntimeError("tray exploded")
"""


def write_inbox(home: Path) -> Path:
    folder = home / "extensions" / "inbox"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "main.py").write_text(INBOX)
    return folder
