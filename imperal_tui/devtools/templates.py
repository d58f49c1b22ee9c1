"""The files `imperal-shell init` writes, per template (chat, panel, skeleton).

Placeholders: `__APP_ID__` (my-notes), `__IDENT__` (my_notes), `__TITLE__` (My Notes). Every
scaffold passes `imperal-shell validate` with no errors and its own tests pass.
"""

from __future__ import annotations

TEMPLATES = ("chat", "panel", "skeleton")

ICON_SVG = """\
<svg xmlns="http://www.w3.org/2000/svg" width="24" height="24" viewBox="0 0 24 24" fill="none" \
stroke="currentColor" stroke-width="2" stroke-linecap="round" stroke-linejoin="round">
  <rect x="3" y="3" width="18" height="18" rx="4"/>
  <path d="M8 12h8M12 8v8"/>
</svg>
"""

REQUIREMENTS = """\
imperal-sdk>=5.0.0
pydantic>=2
"""

GITIGNORE = """\
__pycache__/
*.py[cod]
.venv/
.pytest_cache/
.ruff_cache/
"""

_HEADER = '''\
"""__TITLE__: {summary}

Scaffolded by `imperal-shell init`. Check it with `imperal-shell validate`, run its tests with
`imperal-shell test`, write imperal.json with `imperal-shell build`.
"""

from __future__ import annotations

'''

_EXTENSION = """\
ext = Extension(
    "__APP_ID__",
    version="1.0.0",
    display_name="__TITLE__",
    description="{description}",
    icon="icon.svg",
    actions_explicit=True,
    capabilities={capabilities},
)
chat = ChatExtension(ext, "__IDENT__", "__TITLE__ — {chat_summary}")
"""

_LIFECYCLE = '''

@ext.on_install
async def on_install(ctx):
    """First run for a user: nothing to prepare yet, the store starts empty."""
    return None


@ext.health_check
async def health(ctx):
    """Liveness probe the platform calls every minute."""
    return HealthStatus("ok", "__TITLE__ is running")
'''

_ITEMS_MODELS = '''

COLLECTION = "items"


class Item(BaseModel):
    """One stored item."""

    id: str
    title: str


class ItemList(BaseModel):
    """Every item, oldest first."""

    items: list[Item]
    count: int


class AddItemParams(BaseModel):
    """Arguments of add_item."""

    title: str = Field(min_length=1, max_length=200, description="What to write down")


async def _items(ctx) -> list[Item]:
    """Every item of the current user, oldest first."""
    page = await ctx.store.query(COLLECTION, limit=500)
    return [Item(id=doc.id, title=doc.data.get("title", "")) for doc in page.data]


@ext.emits("__APP_ID__.item_added")
@chat.function(
    "add_item",
    description="Add an item with a short title to the list.",
    action_type="write",
    event="__APP_ID__.item_added",
    effects=["create:item"],
    data_model=Item,
)
async def add_item(ctx, params: AddItemParams) -> ActionResult[Item]:
    """Store a new item and announce it, so the UI refreshes."""
    doc = await ctx.store.create(COLLECTION, {"title": params.title})
    return ActionResult.success(
        Item(id=doc.id, title=params.title).model_dump(), summary=f"Added “{params.title}”"
    )


@chat.function(
    "list_items",
    description="List every item on the list, oldest first.",
    action_type="read",
    data_model=ItemList,
)
async def list_items(ctx, params: ListItemsParams) -> ActionResult[ItemList]:
    """Read the items back (the params model has no fields: nothing to choose)."""
    items = await _items(ctx)
    return ActionResult.success(
        {"items": [i.model_dump() for i in items], "count": len(items)},
        summary=f"{len(items)} item{'s' if len(items) != 1 else ''}",
    )
'''

_LIST_PARAMS = '''

class ListItemsParams(BaseModel):
    """Arguments of list_items (none)."""
'''

CHAT_MAIN = (
    _HEADER.format(summary="greet people by name.")
    + """\
from imperal_sdk import ActionResult, ChatExtension, Extension, HealthStatus
from pydantic import BaseModel, Field

"""
    + _EXTENSION.format(
        description="Greets people by name in any conversation: a starting point to build on.",
        capabilities='["__APP_ID__:read"]',
        chat_summary="greet people by name.",
    )
    + '''

class GreetParams(BaseModel):
    """Arguments of greet."""

    name: str = Field("World", min_length=1, max_length=100, description="Who to greet")
    excited: bool = Field(False, description="End with an exclamation mark")


class Greeting(BaseModel):
    """What greet returns in ActionResult.data."""

    message: str


@chat.function(
    "greet",
    description="Greet someone by name; use it when the user asks to say hello.",
    action_type="read",
    data_model=Greeting,
)
async def greet(ctx, params: GreetParams) -> ActionResult[Greeting]:
    """Build the greeting from the validated params."""
    message = f"Hello, {params.name}{'!' if params.excited else '.'}"
    return ActionResult.success({"message": message}, summary=message)
'''
    + _LIFECYCLE
)

PANEL_MAIN = (
    _HEADER.format(summary="a list you fill from chat and tidy from a side panel.")
    + """\
from imperal_sdk import ActionResult, ChatExtension, Extension, HealthStatus, ui
from pydantic import BaseModel, Field

"""
    + _EXTENSION.format(
        description="Keeps a short list: add items from chat, see and remove them in a side panel.",
        capabilities='["__APP_ID__:read", "__APP_ID__:write"]',
        chat_summary="keep a short list of items.",
    )
    + _LIST_PARAMS
    + '''

class ItemIdParams(BaseModel):
    """Arguments of remove_item."""

    item_id: str = Field(min_length=1, description="Id of the item to remove")
'''
    + _ITEMS_MODELS
    + '''

@ext.emits("__APP_ID__.item_removed")
@chat.function(
    "remove_item",
    description="Remove one item from the list for good.",
    action_type="destructive",
    event="__APP_ID__.item_removed",
    effects=["delete:item"],
    data_model=Item,
)
async def remove_item(ctx, params: ItemIdParams) -> ActionResult[Item]:
    """Delete the item, or say clearly that there is none with that id."""
    doc = await ctx.store.get(COLLECTION, params.item_id)
    if doc is None:
        return ActionResult.error(f"No item with id {params.item_id}")
    await ctx.store.delete(COLLECTION, params.item_id)
    title = doc.data.get("title", "")
    return ActionResult.success(Item(id=doc.id, title=title).model_dump(), f"Removed “{title}”")


@ext.panel(
    "items",
    slot="left",
    title="__TITLE__",
    icon="List",
    refresh="on_event:__APP_ID__.item_added,__APP_ID__.item_removed",
)
async def items_panel(ctx, **kwargs):
    """The left panel: every item with a remove button, and a refresh button."""
    items = await _items(ctx)
    refresh = ui.Button("Refresh", variant="ghost", size="sm", on_click=ui.Call("__panel__items"))
    if not items:
        return ui.Stack(
            [ui.Header("__TITLE__", level=3), ui.Empty("Nothing here yet", icon="List"), refresh]
        )
    rows = [
        ui.ListItem(
            id=item.id,
            title=item.title,
            actions=[
                {
                    "icon": "Trash2",
                    "on_click": ui.Call("remove_item", item_id=item.id),
                    "confirm": True,
                }
            ],
        )
        for item in items
    ]
    return ui.Stack(
        [ui.Header("__TITLE__", level=3, subtitle=f"{len(items)} total"), ui.List(rows), refresh]
    )
'''
    + _LIFECYCLE
)

SKELETON_MAIN = (
    _HEADER.format(summary="a list whose summary the platform keeps fresh in the skeleton.")
    + """\
from imperal_sdk import ActionResult, ChatExtension, Extension, HealthStatus
from pydantic import BaseModel, Field

"""
    + _EXTENSION.format(
        description="Keeps a short list and a live summary of it (count and latest item).",
        capabilities='["__APP_ID__:read", "__APP_ID__:write"]',
        chat_summary="keep a short list with a live summary.",
    )
    + _LIST_PARAMS
    + _ITEMS_MODELS
    + '''

@ext.skeleton("summary", description="Count of items and the latest one, for the assistant.")
async def refresh_summary(ctx):
    """Fresh skeleton state: flat scalars the assistant can read without a call."""
    items = await _items(ctx)
    return {"response": {"count": len(items), "latest": items[-1].title if items else ""}}
'''
    + _LIFECYCLE
)

_TEST_HEADER = '''\
"""Tests of __TITLE__ with the SDK's MockContext: `imperal-shell test` runs them."""

import asyncio

'''

CHAT_TEST = (
    _TEST_HEADER
    + """from imperal_sdk.testing import MockContext
from main import Greeting, GreetParams, ext, greet


def test_greet_says_hello_by_name():
    result = asyncio.run(greet(MockContext(), GreetParams(name="Ada", excited=True)))
    assert result.status == "success"
    assert result.data == {"message": "Hello, Ada!"}
    assert Greeting(**result.data).message == "Hello, Ada!"


def test_greet_defaults_to_world():
    result = asyncio.run(greet(MockContext(), GreetParams()))
    assert result.data["message"] == "Hello, World."
    assert result.summary == "Hello, World."


def test_greet_is_registered_as_a_read_function():
    function = ext._chat_extensions["__IDENT__"].functions["greet"]
    assert function.action_type == "read"
    assert function._pydantic_model is GreetParams
    assert function._return_model is Greeting


def test_health_check_reports_ok():
    status = asyncio.run(ext._health_check.func(MockContext()))
    assert status.status == "ok"
"""
)

_ITEMS_TESTS = """

def test_add_then_list_items():
    ctx = MockContext()
    added = asyncio.run(add_item(ctx, AddItemParams(title="milk")))
    assert added.status == "success"
    assert added.data["title"] == "milk"
    listed = asyncio.run(list_items(ctx, ListItemsParams()))
    assert listed.data == {"items": [added.data], "count": 1}
    assert listed.summary == "1 item"


def test_add_item_rejects_an_empty_title():
    with pytest.raises(ValidationError):
        AddItemParams(title="")
"""

PANEL_TEST = (
    _TEST_HEADER
    + """import pytest
from imperal_sdk.testing import MockContext
from main import (
    AddItemParams,
    ItemIdParams,
    ListItemsParams,
    add_item,
    ext,
    items_panel,
    list_items,
    remove_item,
)
from pydantic import ValidationError
"""
    + _ITEMS_TESTS
    + """

def test_remove_item_deletes_it_and_reports_a_missing_id():
    ctx = MockContext()
    added = asyncio.run(add_item(ctx, AddItemParams(title="milk")))
    removed = asyncio.run(remove_item(ctx, ItemIdParams(item_id=added.data["id"])))
    assert removed.status == "success"
    assert asyncio.run(list_items(ctx, ListItemsParams())).data["count"] == 0
    missing = asyncio.run(remove_item(ctx, ItemIdParams(item_id="nope")))
    assert missing.status == "error"


def test_panel_lists_items_with_remove_buttons():
    ctx = MockContext()
    added = asyncio.run(add_item(ctx, AddItemParams(title="milk")))
    tree = asyncio.run(items_panel(ctx)).to_dict()
    assert tree["type"] == "Stack"
    rows = tree["props"]["children"][1]["props"]["items"]
    assert rows[0]["props"]["title"] == "milk"
    call = rows[0]["props"]["actions"][0]["on_click"]
    assert call == {
        "action": "call",
        "function": "remove_item",
        "params": {"item_id": added.data["id"]},
    }


def test_empty_panel_still_offers_refresh():
    tree = asyncio.run(items_panel(MockContext())).to_dict()
    kinds = [child["type"] for child in tree["props"]["children"]]
    assert kinds == ["Header", "Empty", "Button"]
    assert ext.panels["items"]["slot"] == "left"
"""
)

SKELETON_TEST = (
    _TEST_HEADER
    + """import pytest
from imperal_sdk.testing import MockContext
from main import AddItemParams, ListItemsParams, add_item, ext, list_items, refresh_summary
from pydantic import ValidationError
"""
    + _ITEMS_TESTS
    + """

def test_skeleton_summary_follows_the_items():
    ctx = MockContext(tool_type="skeleton")
    assert asyncio.run(refresh_summary(ctx)) == {"response": {"count": 0, "latest": ""}}
    asyncio.run(add_item(ctx, AddItemParams(title="milk")))
    asyncio.run(add_item(ctx, AddItemParams(title="eggs")))
    assert asyncio.run(refresh_summary(ctx)) == {"response": {"count": 2, "latest": "eggs"}}


def test_skeleton_section_is_registered():
    tool = ext.tools["skeleton_refresh_summary"]
    assert tool._skeleton["section_name"] == "summary"
"""
)

MAINS = {"chat": CHAT_MAIN, "panel": PANEL_MAIN, "skeleton": SKELETON_MAIN}
TESTS = {"chat": CHAT_TEST, "panel": PANEL_TEST, "skeleton": SKELETON_TEST}


def render(template: str, app_id: str) -> dict[str, str]:
    """Relative path -> file text for a new extension `app_id` from `template`."""
    if template not in MAINS:
        raise ValueError(f"unknown template {template!r} (choose {', '.join(TEMPLATES)})")
    ident = app_id.replace("-", "_")
    title = " ".join(part.capitalize() for part in app_id.split("-"))

    def fill(text: str) -> str:
        return (
            text.replace("__APP_ID__", app_id)
            .replace("__IDENT__", ident)
            .replace("__TITLE__", title)
        )

    return {
        "main.py": fill(MAINS[template]),
        "icon.svg": ICON_SVG,
        "requirements.txt": REQUIREMENTS,
        ".gitignore": GITIGNORE,
        "tests/__init__.py": "",
        "tests/test_main.py": fill(TESTS[template]),
    }
