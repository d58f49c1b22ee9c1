"""Notes: write, find and tidy short notes. Written only against the SDK, as a third party would."""

from __future__ import annotations

from imperal_sdk import ActionResult, ChatExtension, Extension, ui
from pydantic import BaseModel, Field

ext = Extension(
    "notes",
    version="1.0.0",
    display_name="Notes",
    description="Write, list, search, edit and delete short personal notes, grouped in folders.",
    icon="icon.svg",
    actions_explicit=True,
    capabilities=["notes:read", "notes:write"],
)
chat = ChatExtension(ext, "notes", "Notes — write, find and tidy short notes.")

COLLECTION = "notes"


class Note(BaseModel):
    id: str
    title: str
    body: str = ""
    folder: str = ""
    updated_at: str = ""


class NoteList(BaseModel):
    notes: list[Note]
    count: int


class CreateNoteParams(BaseModel):
    title: str = Field(min_length=1, max_length=200, description="Title of the note")
    body: str = Field("", max_length=100_000, description="Text of the note")
    folder: str = Field("", max_length=100, description="Folder to file it in")


class ListNotesParams(BaseModel):
    folder: str = Field("", description="Only notes in this folder; empty for all")
    limit: int = Field(20, ge=1, le=500, description="At most this many notes")


class SearchNotesParams(BaseModel):
    query: str = Field(min_length=1, description="Words to look for in titles and bodies")


class UpdateNoteParams(BaseModel):
    note_id: str = Field(min_length=1, description="Id of the note to change")
    title: str | None = Field(None, min_length=1, max_length=200, description="New title")
    body: str | None = Field(None, max_length=100_000, description="New text")


class NoteIdParams(BaseModel):
    note_id: str = Field(min_length=1, description="Id of the note")


def _note(doc) -> Note:
    return Note(
        id=doc.id,
        title=doc.data.get("title", ""),
        body=doc.data.get("body", ""),
        folder=doc.data.get("folder", ""),
        updated_at=doc.updated_at,
    )


async def _all_notes(ctx, folder: str = "", limit: int = 500) -> list[Note]:
    where = {"folder": folder} if folder else None
    page = await ctx.store.query(COLLECTION, where=where, limit=limit)
    return [_note(d) for d in page.data]


@ext.emits("notes.note_created")
@chat.function(
    "create_note",
    description="Create a note with a title, an optional body and an optional folder.",
    action_type="write",
    event="notes.note_created",
    effects=["create:note"],
    data_model=Note,
)
async def create_note(ctx, params: CreateNoteParams) -> ActionResult[Note]:
    doc = await ctx.store.create(
        COLLECTION, {"title": params.title, "body": params.body, "folder": params.folder}
    )
    return ActionResult.success(_note(doc).model_dump(), f"Created note “{params.title}”")


@chat.function(
    "list_notes",
    description="List notes, newest last, optionally only those in one folder.",
    action_type="read",
    data_model=NoteList,
)
async def list_notes(ctx, params: ListNotesParams) -> ActionResult[NoteList]:
    notes = await _all_notes(ctx, params.folder, params.limit)
    where = f" in {params.folder}" if params.folder else ""
    summary = f"{len(notes)} note{'s' if len(notes) != 1 else ''}{where}"
    return ActionResult.success(
        {"notes": [n.model_dump() for n in notes], "count": len(notes)}, summary
    )


@chat.function(
    "search_notes",
    description="Find notes whose title or body contains the query, ignoring case.",
    action_type="read",
    data_model=NoteList,
)
async def search_notes(ctx, params: SearchNotesParams) -> ActionResult[NoteList]:
    needle = params.query.casefold()
    hits = [n for n in await _all_notes(ctx) if needle in f"{n.title}\n{n.body}".casefold()]
    return ActionResult.success(
        {"notes": [n.model_dump() for n in hits], "count": len(hits)},
        f"{len(hits)} note{'s' if len(hits) != 1 else ''} match “{params.query}”",
    )


@ext.emits("notes.note_updated")
@chat.function(
    "update_note",
    description="Change the title and/or the body of an existing note.",
    action_type="write",
    event="notes.note_updated",
    effects=["update:note"],
    data_model=Note,
)
async def update_note(ctx, params: UpdateNoteParams) -> ActionResult[Note]:
    doc = await ctx.store.get(COLLECTION, params.note_id)
    if doc is None:
        return ActionResult.error(f"No note with id {params.note_id}")
    changes = {k: v for k, v in (("title", params.title), ("body", params.body)) if v is not None}
    if not changes:
        return ActionResult.error("Nothing to change: give a new title or body")
    doc = await ctx.store.update(COLLECTION, params.note_id, changes)
    return ActionResult.success(_note(doc).model_dump(), f"Updated note “{doc.data['title']}”")


@ext.emits("notes.note_deleted")
@chat.function(
    "delete_note",
    description="Delete a note for good. This cannot be undone.",
    action_type="destructive",
    event="notes.note_deleted",
    effects=["delete:note"],
    data_model=Note,
)
async def delete_note(ctx, params: NoteIdParams) -> ActionResult[Note]:
    doc = await ctx.store.get(COLLECTION, params.note_id)
    if doc is None:
        return ActionResult.error(f"No note with id {params.note_id}")
    await ctx.store.delete(COLLECTION, params.note_id)
    return ActionResult.success(_note(doc).model_dump(), f"Deleted note “{doc.data['title']}”")


@ext.panel(
    "notes",
    slot="left",
    title="Notes",
    icon="StickyNote",
    refresh="on_event:notes.note_created,notes.note_updated,notes.note_deleted",
)
async def notes_panel(ctx, **kwargs):
    notes = await _all_notes(ctx)
    if not notes:
        return ui.Stack(
            [
                ui.Header("Notes", level=3),
                ui.Empty(
                    "No notes yet", icon="StickyNote", action=ui.Send("create a note titled ")
                ),
            ]
        )
    items = [
        ui.ListItem(
            id=n.id,
            title=n.title,
            subtitle=n.folder,
            meta=n.body[:40],
            on_click=ui.Send(f"show the note {n.title}"),
            actions=[
                {
                    "icon": "Trash2",
                    "on_click": ui.Call("delete_note", note_id=n.id),
                    "confirm": True,
                }
            ],
        )
        for n in notes
    ]
    return ui.Stack(
        [
            ui.Header("Notes", level=3, subtitle=f"{len(notes)} total"),
            ui.List(items),
            ui.Button("Refresh", variant="ghost", size="sm", on_click=ui.Call("__panel__notes")),
        ]
    )


@ext.health_check
async def health(ctx):
    return {"status": "ok"}
