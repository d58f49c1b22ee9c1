from pydantic import BaseModel
from imperal_sdk import Extension, ChatExtension, ActionResult

ext = Extension(
    "clean-ext",
    version="1.0.0",
    display_name="Clean Probe",
    description="A clean probe extension that the validator should accept fully.",
    icon="icon.svg",
    capabilities=["clean:read", "clean:write"],
)
chat = ChatExtension(ext, tool_name="clean", description="Clean probe assistant")


class Query(BaseModel):
    text: str


class Item(BaseModel):
    id: str
    text: str


@chat.function("find_items", description="Find stored items whose text matches the query", action_type="read")
async def find_items(ctx, params: Query) -> ActionResult[Item]:
    """Find items."""
    return ActionResult.success(Item(id="1", text=params.text), summary="found")


@chat.function(
    "add_item",
    description="Add a new item with the given text to the store",
    action_type="write",
    effects=["create:item"],
)
async def add_item(ctx, params: Query) -> ActionResult[Item]:
    """Add an item."""
    return ActionResult.success(Item(id="2", text=params.text), summary="added")


@ext.health_check
async def health(ctx):
    return {"status": "ok"}


@ext.on_install
async def installed(ctx):
    return None
