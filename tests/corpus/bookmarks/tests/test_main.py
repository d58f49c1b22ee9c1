import asyncio

import pytest
from imperal_sdk.testing import MockContext
from main import (
    AddParams,
    IdParams,
    SearchParams,
    add_bookmark,
    bookmarks_panel,
    chat,
    export_bookmarks,
    ext,
    get_bookmarks,
    open_bookmark,
    remove_bookmark,
    search_bookmarks,
    upgrade_tags,
)


def run(coro):
    return asyncio.run(coro)


def test_chat_extension_keywords():
    assert chat.tool_name == "bookmarks"
    assert chat.max_rounds == 5
    assert sorted(chat.functions) == [
        "add_bookmark",
        "open_bookmark",
        "remove_bookmark",
        "search_bookmarks",
    ]


def test_positional_extension_arguments():
    assert ext.version == "2.1.0"
    assert ext.capabilities == ["bookmarks:read", "bookmarks:write"]


def test_add_and_search():
    ctx = MockContext()
    result = run(add_bookmark(ctx, AddParams(url="example.com/docs/", tags=["ref"])))
    assert result.status == "success"
    assert result.data["url"] == "https://example.com/docs"
    assert result.to_dict() == {
        "status": "success",
        "summary": "Saved https://example.com/docs",
        "data": result.data,
    }
    found = run(search_bookmarks(ctx, SearchParams(tag="ref")))
    assert found.data["count"] == 1


def test_errors_have_codes():
    ctx = MockContext()
    bad = run(add_bookmark(ctx, AddParams(url="not a url")))
    assert bad.status == "error"
    assert bad.error == "That does not look like a web address"
    assert bad.error_code == "INVALID_URL"
    run(add_bookmark(ctx, AddParams(url="https://a.io")))
    dup = run(add_bookmark(ctx, AddParams(url="https://a.io")))
    assert dup.to_dict() == {
        "status": "error",
        "summary": "",
        "data": {},
        "error": "Already saved",
        "error_code": "DUPLICATE",
    }


@pytest.mark.asyncio
async def test_open_counts_visits():
    ctx = MockContext()
    saved = await add_bookmark(ctx, AddParams(url="https://a.io", title="A"))
    opened = await open_bookmark(ctx, IdParams(bookmark_id=saved.data["id"]))
    assert opened.data["visits"] == 1
    assert opened.to_dict()["ui"] == {
        "type": "Link",
        "props": {"href": "https://a.io", "label": "A"},
    }


@pytest.mark.asyncio
async def test_remove():
    ctx = MockContext()
    saved = await add_bookmark(ctx, AddParams(url="https://a.io"))
    assert (await remove_bookmark(ctx, IdParams(bookmark_id=saved.data["id"]))).status == "success"
    again = await remove_bookmark(ctx, IdParams(bookmark_id=saved.data["id"]))
    assert again.error_code == "NOT_FOUND"
    assert again.retryable is False


@pytest.mark.asyncio
async def test_tool_expose_and_panel():
    ctx = MockContext()
    await add_bookmark(ctx, AddParams(url="https://a.io", tags=["x"]))
    assert await ext.call_tool("bookmarks_export", ctx, fmt="urls") == {"urls": ["https://a.io"]}
    assert (await export_bookmarks(ctx))["bookmarks"][0]["tags"] == ["x"]
    assert len(await get_bookmarks(ctx, tag="x")) == 1
    assert ext.exposed["get_bookmarks"].action_type == "read"
    panel = (await bookmarks_panel(ctx)).to_dict()
    assert panel["props"]["items"][0]["props"]["on_click"]["function"] == "open_bookmark"
    empty = (await bookmarks_panel(MockContext())).to_dict()
    assert empty["type"] == "Alert"
    assert empty["props"]["message"].startswith("No bookmarks")


@pytest.mark.asyncio
async def test_upgrade_splits_tag_strings():
    ctx = MockContext()
    doc = await ctx.store.create("bookmarks", {"url": "https://a.io", "tags": "a, b"})
    await upgrade_tags(ctx, from_version="1.9.0")
    assert ctx.store._data["bookmarks"][doc.id]["tags"] == ["a", "b"]


def test_schedule_and_lifecycle_declared():
    assert ext.schedules["prune_unvisited"].cron == "0 4 * * 1"
    assert "on_upgrade:2.0.0" in ext.lifecycle
    assert "on_install" in ext.lifecycle
