"""Bookmarks extension (written for imperal-sdk 3.x/4.x, still running on 5.x)."""

from handlers import normalise_url, to_dict
from imperal_sdk import Extension, ui
from imperal_sdk.chat import ActionResult, ChatExtension
from pydantic import BaseModel

ext = Extension(
    "bookmarks",
    "2.1.0",
    ["bookmarks:read", "bookmarks:write"],
    display_name="Bookmarks",
    description="Save links with tags, find them again, and export your collection as JSON.",
    icon="icon.svg",
)

chat = ChatExtension(
    ext=ext,
    tool_name="bookmarks",
    description="Bookmark manager: save, tag, search and remove links",
    system_prompt="You are a bookmarks assistant. Use the functions to manage links.",
    max_rounds=5,
)


class AddParams(BaseModel):
    url: str
    title: str = ""
    tags: list = []


class SearchParams(BaseModel):
    query: str = ""
    tag: str = ""


class IdParams(BaseModel):
    bookmark_id: str


@chat.function(
    "add_bookmark",
    description="Save a link with an optional title and tags",
    action_type="write",
    event="bookmarks.added",
    effects=["create:bookmark"],
)
async def add_bookmark(ctx, params: AddParams) -> ActionResult:
    """Save a link."""
    url = normalise_url(params.url)
    if url is None:
        return ActionResult.error("That does not look like a web address", code="INVALID_URL")
    existing = await ctx.store.query("bookmarks", where={"url": url})
    if existing.data:
        return ActionResult.error("Already saved", code="DUPLICATE")
    doc = await ctx.store.create(
        "bookmarks", {"url": url, "title": params.title or url, "tags": params.tags, "visits": 0}
    )
    return ActionResult.success(to_dict(doc), summary="Saved " + url)


@chat.function(
    "search_bookmarks",
    description="Find saved links by words in the title or address, or by tag",
    action_type="read",
)
async def search_bookmarks(ctx, params: SearchParams) -> ActionResult:
    """Search links."""
    page = await ctx.store.query("bookmarks", limit=500)
    found = []
    for doc in page.data:
        item = to_dict(doc)
        text = (item["title"] + " " + item["url"]).lower()
        if params.query and params.query.lower() not in text:
            continue
        if params.tag and params.tag not in item["tags"]:
            continue
        found.append(item)
    return ActionResult.success(
        {"bookmarks": found, "count": len(found)}, summary=str(len(found)) + " found"
    )


@chat.function(
    "open_bookmark",
    description="Count a visit to a saved link and return its address",
    action_type="write",
    event="bookmarks.opened",
    effects=["update:bookmark"],
)
async def open_bookmark(ctx, params: IdParams) -> ActionResult:
    """Open a link."""
    doc = await ctx.store.get("bookmarks", params.bookmark_id)
    if not doc:
        return ActionResult.error("No such bookmark", code="NOT_FOUND")
    doc = await ctx.store.update("bookmarks", doc.id, {"visits": doc.data.get("visits", 0) + 1})
    return ActionResult.success(
        to_dict(doc),
        summary=doc.data["url"],
        ui=ui.Link(href=doc.data["url"], label=doc.data["title"]),
    )


@chat.function(
    "remove_bookmark",
    description="Delete a saved link permanently",
    action_type="destructive",
    event="bookmarks.removed",
    effects=["delete:bookmark"],
)
async def remove_bookmark(ctx, params: IdParams) -> ActionResult:
    """Delete a link."""
    ok = await ctx.store.delete("bookmarks", params.bookmark_id)
    if not ok:
        return ActionResult.error("No such bookmark", False, code="NOT_FOUND")
    return ActionResult.success({"deleted": params.bookmark_id}, summary="Removed")


@ext.tool(
    "bookmarks_export", scopes=["bookmarks:read"], description="Export all bookmarks as a list"
)
async def export_bookmarks(ctx, fmt: str = "json"):
    page = await ctx.store.query("bookmarks", limit=1000)
    items = [to_dict(d) for d in page.data]
    if fmt == "urls":
        return {"urls": [i["url"] for i in items]}
    return {"bookmarks": items}


@ext.expose("get_bookmarks", action_type="read")
async def get_bookmarks(ctx, tag=""):
    page = await ctx.store.query("bookmarks", limit=1000)
    return [to_dict(d) for d in page.data if not tag or tag in d.data.get("tags", [])]


@ext.schedule("prune_unvisited", cron="0 4 * * 1")
async def prune_unvisited(ctx):
    async for user_id in ctx.store.list_users("bookmarks"):
        user_ctx = ctx.as_user(user_id)
        page = await user_ctx.store.query("bookmarks", where={"visits": 0}, limit=1000)
        await user_ctx.log(str(len(page.data)) + " never-visited bookmarks")


@ext.on_upgrade("2.0.0")
async def upgrade_tags(ctx, from_version=None, **kwargs):
    page = await ctx.store.query("bookmarks", limit=10000)
    for doc in page.data:
        if isinstance(doc.data.get("tags"), str):
            tags = [t.strip() for t in doc.data["tags"].split(",") if t.strip()]
            await ctx.store.update("bookmarks", doc.id, {"tags": tags})


@ext.panel("bookmarks", slot="left", title="Bookmarks", icon="Bookmark")
async def bookmarks_panel(ctx, **kwargs):
    page = await ctx.store.query("bookmarks", limit=100)
    if not page.data:
        return ui.Alert("No bookmarks yet. Ask me to save a link.", title="Empty", type="info")
    return ui.List(
        items=[
            ui.ListItem(
                id=d.id,
                title=d.data.get("title", d.data["url"]),
                subtitle=d.data["url"],
                on_click=ui.Call("open_bookmark", bookmark_id=d.id),
            )
            for d in page.data
        ]
    )


@ext.health_check
async def health(ctx):
    return {"status": "ok"}


@ext.on_install
async def install(ctx):
    await ctx.log("bookmarks ready")
