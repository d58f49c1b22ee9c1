# shared/seeds/001_89b98271f3bd79ee.txt — Engineering receipts > Receipt 1 — typed dispatch from a Pydantic params model
from imperal_sdk import ActionResult
from pydantic import BaseModel, Field
class CreateNoteParams(BaseModel):
title: str = Field(min_length=1, max_length=200)
body: str = Field(default="")
folder_id: str | None = None
@chat.function(
"create_note",
description="Create a new note in the user's notebook.",
action_type="write",
event="note.created",
effects=["create:note"],
)
async def create_note(ctx, params: CreateNoteParams) -> ActionResult:
note_id = await ctx.store.put("notes", {
"title": params.title, "body": params.body,
"folder_id": params.folder_id,
"owner": ctx.user.imperal_id,
})
return ActionResult.success(
summary=f"Note '{params.title}' created.",
data={"note_id": note_id},
)
