"""The classifier's JSON schema built from the catalog: it takes a valid plan, refuses an
unknown tool and bad arguments, and only uses keywords the grammar converters accept.

`jsonschema` is not installed here, so `errors` below validates the subset of keywords
`plan_schema` may emit, and refuses a schema that uses any other."""

from pathlib import Path
from typing import Literal

import pytest
from pydantic import BaseModel, Field, ValidationError

from kernel.catalog import Catalog
from kernel.host.manifest import FunctionMeta, describe
from kernel.loader import load_one
from kernel.router.catalog_schema import (
    MAX_STEPS,
    args_schema,
    describe_tools,
    drop_nulls,
    plan_schema,
    tool_enum,
)

EXTENSIONS = Path(__file__).resolve().parents[2] / "extensions"

KEYWORDS = {
    "type", "enum", "const", "properties", "required", "additionalProperties", "items", "anyOf",
    "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "minItems", "maxItems",
    "minLength", "maxLength", "description", "default", "format",
}  # fmt: skip
TYPES = {
    "string": lambda v: isinstance(v, str),
    "integer": lambda v: isinstance(v, int) and not isinstance(v, bool),
    "number": lambda v: isinstance(v, int | float) and not isinstance(v, bool),
    "boolean": lambda v: isinstance(v, bool),
    "null": lambda v: v is None,
    "object": lambda v: isinstance(v, dict),
    "array": lambda v: isinstance(v, list),
}


def errors(value, schema, path="$"):
    """What is wrong with `value` under `schema` (a subset of JSON Schema; see module doc)."""
    unknown = set(schema) - KEYWORDS
    assert not unknown, f"{path}: keywords a converter may refuse: {unknown}"
    if "anyOf" in schema and all(errors(value, s, path) for s in schema["anyOf"]):
        return [f"{path}: matches none of {len(schema['anyOf'])} variants"]
    kinds = schema.get("type")
    if kinds is not None:
        kinds = [kinds] if isinstance(kinds, str) else kinds
        if not any(TYPES[k](value) for k in kinds):
            return [f"{path}: {value!r} is not {kinds}"]
    out = []
    if "enum" in schema and not any(value == e and type(value) is type(e) for e in schema["enum"]):
        out.append(f"{path}: {value!r} not in {schema['enum']}")
    if "const" in schema and value != schema["const"]:
        out.append(f"{path}: {value!r} is not {schema['const']!r}")
    if TYPES["number"](value):
        low, high = schema.get("minimum", value), schema.get("maximum", value)
        out += [f"{path}: {value} out of range"] if not low <= value <= high else []
    if isinstance(value, str):
        low, high = schema.get("minLength", 0), schema.get("maxLength", len(value))
        out += (
            [f"{path}: length {len(value)} out of range"] if not low <= len(value) <= high else []
        )
    if isinstance(value, list):
        if not schema.get("minItems", 0) <= len(value) <= schema.get("maxItems", len(value)):
            out.append(f"{path}: {len(value)} items out of range")
        for i, item in enumerate(value):
            out += errors(item, schema.get("items", {}), f"{path}[{i}]")
    if isinstance(value, dict):
        props = schema.get("properties", {})
        out += [f"{path}: {k} missing" for k in schema.get("required", ()) if k not in value]
        for k, v in value.items():
            if k in props:
                out += errors(v, props[k], f"{path}.{k}")
            elif schema.get("additionalProperties") is False:
                out.append(f"{path}: {k} not allowed")
    return out


def schemas_in(schema):
    """Every subschema of `schema` (itself included)."""
    yield schema
    for sub in schema.get("properties", {}).values():
        yield from schemas_in(sub)
    for sub in schema.get("anyOf", ()):
        yield from schemas_in(sub)
    for key in ("items", "additionalProperties"):
        if isinstance(schema.get(key), dict):
            yield from schemas_in(schema[key])


@pytest.fixture(scope="module")
def loaded():
    return {name: load_one(EXTENSIONS / name) for name in ("notes", "tasks")}


@pytest.fixture(scope="module")
def functions(loaded):
    return Catalog([describe(le) for le in loaded.values()], []).all_functions()


@pytest.fixture(scope="module")
def schema(functions):
    return plan_schema(functions)


def plan(*steps, intent="action", **extra):
    return {
        "intent": intent,
        "confidence": 0.9,
        "language": "en",
        "action_plans": list(steps),
        "is_destructive": False,
        "reply": "",
        **extra,
    }


def step(app, tool, args, step_id="s1", depends_on=()):
    return {"step_id": step_id, "app_id": app, "tool": tool, "args": args,
            "depends_on": list(depends_on)}  # fmt: skip


def test_tool_enum_names_app_and_tool(functions):
    names = tool_enum(functions)
    assert len(names) == 9 and names[0] == "notes.create_note" and "tasks.delete_task" in names


@pytest.mark.parametrize(
    "value",
    [
        plan(step("notes", "delete_note", {"note_id": "n1"}), is_destructive=True),
        plan(
            step(
                "tasks", "add_task", {"title": "pay rent", "due": "2026-03-13", "priority": "high"}
            )
        ),  # fmt: skip
        plan(step("notes", "list_notes", {})),
        plan(step("notes", "update_note", {"note_id": "n1", "title": None, "body": "x"})),
        plan(
            step("tasks", "list_tasks", {"status": "open"}, "a"),
            step("tasks", "complete_task", {"task_id": "$REF:a.tasks[0].id"}, "b", ["a"]),
            intent="chain",
        ),
        plan(intent="chat", reply="Hello! How can I help?"),
    ],
)
def test_a_valid_classification_is_accepted(schema, value):
    assert errors(value, schema) == []


@pytest.mark.parametrize(
    ("value", "why"),
    [
        (plan(step("notes", "frobnicate", {})), "unknown tool"),
        (plan(step("notes", "add_task", {"title": "x"})), "tool of another app"),
        (plan(step("mail", "send", {})), "unknown app"),
        (plan(step("notes", "create_note", {})), "required argument missing"),
        (plan(step("notes", "list_notes", {"limit": "ten"})), "wrong argument type"),
        (plan(step("notes", "list_notes", {"limit": 0})), "argument below its minimum"),
        (plan(step("tasks", "add_task", {"title": "x", "priority": "urgent"})), "not in enum"),
        (plan(step("tasks", "add_task", {"title": "x", "colour": "red"})), "unknown argument"),
        (plan(step("notes", "create_note", {"title": ""})), "too short"),
        (plan(*[step("notes", "list_notes", {}, f"s{i}") for i in range(7)]), "too many steps"),
        (plan(step("notes", "list_notes", {}, depends_on=[3])), "depends_on not strings"),
        (plan(intent="maybe"), "unknown intent"),
        (plan(confidence=1.5), "confidence above 1"),
        (plan(mood="happy"), "unknown top-level key"),
        ({k: v for k, v in plan().items() if k != "reply"}, "reply missing"),
        (plan(step("notes", "list_notes", {}) | {"extra": 1}), "unknown step key"),
    ],
)
def test_a_bad_classification_is_refused(schema, value, why):
    assert errors(value, schema), why


def test_only_closed_objects_and_known_keywords(functions, schema):
    for built in (schema, plan_schema(functions, strict=True), plan_schema([])):
        for sub in schemas_in(built):
            assert "title" not in sub and "$ref" not in sub and "$defs" not in sub
            assert not set(sub) - KEYWORDS
            if "properties" in sub:
                assert sub["additionalProperties"] is False
                assert set(sub["required"]) <= set(sub["properties"])
        assert list(built["properties"]) == built["required"]  # all required, in this order


def test_strict_mode_requires_every_property_and_nulls_stand_for_defaults(functions, loaded):
    strict = plan_schema(functions, strict=True)
    for sub in schemas_in(strict):
        if "properties" in sub:
            assert sub["required"] == list(sub["properties"])
        assert "default" not in sub and "minLength" not in sub and "maxLength" not in sub
    create = step("notes", "create_note", {"title": "Q3", "body": None, "folder": None})
    assert errors(plan(create), strict) == []
    assert errors(plan(step("notes", "create_note", {"title": "Q3"})), strict)  # all required
    fd = next(f for _, f in functions if f.name == "create_note")
    args = drop_nulls(create["args"], fd.params_schema)
    assert args == {"title": "Q3"}
    loaded["notes"].functions["create_note"].params_model.model_validate(args)
    update = next(f for _, f in functions if f.name == "update_note")
    assert drop_nulls({"note_id": "n", "title": None}, update.params_schema) == {
        "note_id": "n",
        "title": None,
    }  # title takes null itself: kept


def test_args_the_schema_accepts_pass_the_params_model_and_refused_ones_fail(functions, loaded):
    by_name = {fd.name: (app, fd) for app, fd in functions}
    cases = [
        ("add_task", {"title": "pay rent", "priority": "high"}, True),
        ("add_task", {"title": "pay rent", "priority": "urgent"}, False),
        ("list_notes", {"limit": 500}, True),
        ("list_notes", {"limit": 501}, False),
        ("update_note", {"note_id": "n1", "title": None}, True),
    ]
    for name, args, ok in cases:
        app, fd = by_name[name]
        assert (errors(args, args_schema(fd.params_schema)) == []) is ok, (name, args)
        model = loaded[app].functions[name].params_model
        if ok:
            model.model_validate(args)
        else:
            with pytest.raises(ValidationError):
                model.model_validate(args)


def test_optional_becomes_a_null_type_and_titles_go(functions):
    update = next(fd for _, fd in functions if fd.name == "update_note")
    args = args_schema(update.params_schema)
    assert args["properties"]["title"]["type"] == ["string", "null"]
    assert args["properties"]["title"]["default"] is None
    assert args["required"] == ["note_id"]


class Address(BaseModel):
    street: str = Field(description="Street and number")
    kind: Literal["home", "work"] | None = None


class Tree(BaseModel):
    name: str
    children: list["Tree"] = []


class Nested(BaseModel):
    home: Address
    work: Address | None = None
    tree: Tree | None = None
    when: str = Field("", json_schema_extra={"format": "date"})
    email: str = Field("", json_schema_extra={"format": "email"})
    code: str = Field("", pattern=r"^[A-Z]{3}$")
    body: str = Field("", max_length=100_000)
    tags: dict[str, int] = {}


def test_nested_models_are_inlined_and_odd_keywords_become_words():
    args = args_schema(Nested.model_json_schema())
    props = args["properties"]
    assert "$defs" not in args
    assert props["home"]["properties"]["street"] == {"type": "string",
                                                     "description": "Street and number"}  # fmt: skip
    assert props["home"]["additionalProperties"] is False
    assert props["home"]["properties"]["kind"]["enum"] == ["home", "work", None]
    assert [v.get("type") for v in props["work"]["anyOf"]] == ["object", "null"]
    tree = props["tree"]["anyOf"][0]
    assert "recursive Tree" in tree["properties"]["children"]["items"]["description"]
    assert props["when"]["format"] == "date"
    assert "format" not in props["email"] and "format: email" in props["email"]["description"]
    assert "pattern" not in props["code"] and "^[A-Z]{3}$" in props["code"]["description"]
    assert "maxLength" not in props["body"]
    assert props["tags"]["additionalProperties"] == {"type": "integer"}
    value = {"home": {"street": "1 Main St", "kind": None}, "tree": {"name": "a", "children": []}}
    assert errors(value, args) == []
    assert errors({"home": {"street": "x", "floor": 2}}, args)


def test_a_params_schema_that_is_not_an_object_is_refused():
    with pytest.raises(ValueError, match="object"):
        args_schema({"type": "string"})
    assert args_schema({}) == {
        "type": "object",
        "properties": {},
        "required": [],
        "additionalProperties": False,
    }


def test_no_functions_means_no_steps():
    empty = plan_schema([])
    assert errors(plan(intent="chat", reply="hi"), empty) == []
    assert errors(plan(step("notes", "list_notes", {})), empty)


def test_one_function_and_the_step_limit(functions):
    one = plan_schema(functions[:1], max_steps=2)
    assert one["properties"]["action_plans"]["maxItems"] == 2
    ok = step("notes", "create_note", {"title": "a"})
    assert errors(plan(ok, ok), one) == [] and errors(plan(ok, ok, ok), one)
    assert plan_schema(functions)["properties"]["action_plans"]["maxItems"] == MAX_STEPS


def test_describe_tools_is_one_short_line_a_tool(functions):
    lines = describe_tools(functions).splitlines()
    assert len(lines) == len(functions)
    assert lines[5] == (
        'tasks.add_task(title: str, due: str="", priority: low|normal|high="normal") - '
        "Add a task to the to-do list, with an optional due date and priority."
    )
    assert lines[4] == "notes.delete_note(note_id: str) - Delete a note for good. [destructive]"
    assert "title: str|null=null" in lines[3]
    long = FunctionMeta("f", "read", "word " * 100)
    assert len(describe_tools([("x", long)])) < 120
    assert describe_tools([]) == ""
