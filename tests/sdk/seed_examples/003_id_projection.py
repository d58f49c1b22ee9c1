# shared/seeds/003_a5275bd94ea2b98f.txt — v4.1.2 — @chat.function(id_projection=...) for compound tool names
@chat.function(
    description="Delete all notes inside a folder.",
    pydantic_param=DeleteNotesFromFolderParams,
    action_type="destructive",
    id_projection="folder_id",   # ← NEW
)
