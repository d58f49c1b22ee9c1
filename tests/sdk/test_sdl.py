"""`imperal_sdk.sdl`: Entity metadata, `field` hints, typed `Ref` and `EntityList`."""

import pydantic
import pytest

from sdk import alias, sdl
from sdk.types.models import Document


class Note(sdl.Entity, entity_type="note", collection="notes"):
    id: str = sdl.field("", primary=True)
    title: str = sdl.field(searchable=True, description="Note title", max_length=50)
    tags: list[str] = sdl.field(default_factory=list, facet=True)
    parent: sdl.Ref["Note"] | None = None


class TaskItem(sdl.Entity):
    id: str
    name: str
    note: sdl.Ref[Note] | None = None
    due: str = sdl.field("", title="Due date", sortable=True)


def test_entity_is_a_pydantic_model_with_metadata():
    assert issubclass(Note, pydantic.BaseModel)
    assert Note.__sdl__ == {
        "entity_type": "note",
        "collection": "notes",
        "id_field": "id",
        "title_field": "title",
    }
    assert TaskItem.__sdl__["entity_type"] == "task_item"
    assert TaskItem.__sdl__["collection"] == "task_item"
    assert TaskItem.__sdl__["title_field"] == "name"


def test_dunder_metadata_is_honoured():
    class Contact(sdl.Entity):
        __entity_type__ = "crm_contact"
        __collection__ = "contacts"
        email: str
        display: str = sdl.field("", title=True)

    assert Contact.__sdl__["entity_type"] == "crm_contact"
    assert Contact.__sdl__["collection"] == "contacts"
    assert Contact.__sdl__["title_field"] == "display"


def test_field_wraps_pydantic_field():
    assert Note.model_fields["title"].description == "Note title"
    assert Note.model_fields["title"].is_required()
    assert not Note.model_fields["tags"].is_required()
    with pytest.raises(pydantic.ValidationError):
        Note(title="x" * 51)
    assert Note(title="a").tags == []
    assert TaskItem.model_fields["due"].title == "Due date"
    schema = Note.model_json_schema()
    assert schema["properties"]["title"]["sdl"] == {"searchable": True}
    assert schema["properties"]["tags"]["sdl"] == {"facet": True}


def test_sdl_schema():
    s = Note.sdl_schema()
    assert s["entity_type"] == "note"
    assert s["facets"] == ["tags"] and s["searchable"] == ["title"]
    assert s["fields"]["id"] == {"required": False, "primary": True}
    assert s["fields"]["title"] == {
        "required": True,
        "description": "Note title",
        "searchable": True,
    }
    assert s["json_schema"]["title"] == "Note"


def test_field_ref_to_entity_class_becomes_its_type():
    class Comment(sdl.Entity):
        note_id: str = sdl.field(ref=Note)

    assert Comment.sdl_fields()["note_id"]["ref"] == "note"


def test_entity_helpers():
    n = Note(id="n1", title="Hello")
    assert n.entity_id == "n1" and n.entity_title == "Hello"
    r = n.ref()
    assert (r.id, r.entity_type, str(r)) == ("n1", "note", "n1")
    doc = Document(id="d9", collection="notes", data={"title": "From store"})
    from_doc = Note.from_document(doc)
    assert (from_doc.id, from_doc.title) == ("d9", "From store")


def test_ref_validates_from_id_dict_or_entity():
    t = TaskItem(id="t", name="x", note="n1")
    assert t.note == sdl.Ref[Note](id="n1") and t.note.entity_type == "note"
    t = TaskItem(id="t", name="x", note=Note(id="n2", title="a"))
    assert t.note.id == "n2"
    t = TaskItem(id="t", name="x", note={"id": "n3"})
    assert t.note.entity_type == "note"
    with pytest.raises(pydantic.ValidationError):
        TaskItem(id="t", name="x", note={"id": "n3", "entity_type": "task_item"})
    assert Note(title="a", parent="p").parent.entity_type == "note"
    assert sdl.Ref.to(Note, 5) == sdl.Ref[Note](id="5")
    dumped = TaskItem(id="t", name="x", note="n1").model_dump()
    assert dumped["note"] == {"id": "n1", "entity_type": "note"}
    with pytest.raises(pydantic.ValidationError):
        t.note.id = "other"  # frozen


def test_entity_list():
    notes = sdl.EntityList[Note]([Note(title="a"), Note(title="b")], total=2)
    assert len(notes) == 2 and notes[1].title == "b"
    assert [n.title for n in notes] == ["a", "b"]
    assert notes.total == 2 and notes.has_more is False and notes.cursor is None
    parsed = sdl.EntityList[Note].model_validate([{"title": "c"}])
    assert isinstance(parsed[0], Note)
    from_dict = sdl.EntityList[Note].model_validate({"items": [{"title": "d"}], "has_more": True})
    assert from_dict.has_more and from_dict[0].title == "d"
    assert sdl.EntityList[Note]().items == []
    with pytest.raises(pydantic.ValidationError):
        sdl.EntityList[Note]([{"tags": []}])  # title is required


def test_entity_list_as_a_chat_data_model():
    class NoteList(pydantic.BaseModel):
        notes: sdl.EntityList[Note]

    out = NoteList(notes=[{"title": "x"}]).model_dump()
    assert out["notes"]["items"][0]["title"] == "x"


def test_import_forms_real_extensions_use():
    alias.install()
    import imperal_sdk
    from imperal_sdk import sdl as via_root
    from imperal_sdk.sdl import field

    assert via_root is sdl and field is sdl.field
    assert imperal_sdk.sdl is sdl
