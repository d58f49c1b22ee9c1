"""A known secret value does not reach a client through a panel's ui tree or the list of
pending cards (kernel/redact.py, applied where Session hands data out)."""

from __future__ import annotations

import json

import pytest

from kernel import Kernel, KernelConfig
from kernel.redact import MASK, REDACTOR

SECRET = "panel-secret-Qx81Zt"

LEAKY = f"""
from imperal_sdk import ActionResult, ChatExtension, Extension, ui
from pydantic import BaseModel

ext = Extension("leaky", version="1.0.0", display_name="Leaky", actions_explicit=True)
chat = ChatExtension(ext, "leaky", "Leaky")


class P(BaseModel):
    value: str = ""


@chat.function("keep", action_type="destructive", description="Keep a value.")
async def keep(ctx, params: P) -> ActionResult:
    return ActionResult.success({{}}, summary="kept")


@ext.panel("side", slot="left", title="Side")
def side(ctx, **kwargs):
    return ui.Text("the key is {SECRET}")
"""


@pytest.fixture
def known_secret():
    REDACTOR.add(SECRET)
    yield SECRET
    REDACTOR.forget_all()


async def test_panel_trees_and_pending_cards_are_redacted(home, write_extension, known_secret):
    write_extension("leaky", LEAKY)
    async with await Kernel.open(KernelConfig.load()) as k:
        s = k.session("alice")
        node = await s.render("leaky", "side", {})
        assert SECRET not in json.dumps(node) and MASK in json.dumps(node)
        events = [e async for e in s.call("leaky", "keep", {"value": SECRET}, source="cli")]
        assert any(type(e).__name__ == "ConfirmationRequired" for e in events), events
        cards = await s.pending_cards()
        assert cards and SECRET not in json.dumps([c.to_dict() for c in cards])
