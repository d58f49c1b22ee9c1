"""The classifier's answer: its shape (the seeds' `action_plans`), the checks it must pass, and
the feedback a model gets when an answer cannot be used.

The model answers one JSON object per turn. Pydantic validates its shape (`Classification`),
then every planned call is checked against the live catalog: the tool exists, its arguments
validate against a Pydantic model built from the function's params schema, no placeholder
stands in for real data, and no id is made up. What fails becomes one line of feedback per
problem, which goes back to the model (at most two retries, see `kernel.router.llm`).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, create_model

from kernel.host import validation
from kernel.router.plan import Resolve, Step

REF_PREFIX = "$REF:"
MAX_STEPS = 8


class PlannedCall(BaseModel):
    """One entry of `action_plans`: a call of `app_id.tool`; `args` an object or its JSON."""

    model_config = ConfigDict(extra="ignore")

    step_id: str = ""
    app_id: str = ""
    tool: str
    args: dict[str, Any] | str = Field(default_factory=dict)
    depends_on: list[str] = Field(default_factory=list)


class Classification(BaseModel):
    """The classifier's answer for one turn (the seeds' shape, plus `reply`: the question to
    ask when the request is unclear)."""

    model_config = ConfigDict(extra="ignore")

    intent: Literal["chat", "action", "chain"]
    confidence: float = Field(default=1.0, ge=0.0, le=1.0)
    language: str = "en"
    action_plans: list[PlannedCall] = Field(default_factory=list)
    is_destructive: bool = False
    reply: str = ""


@dataclass
class Checked:
    """A classification turned into plan steps, or the problems that stop it."""

    steps: list[Step] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


def parse(data: Any) -> tuple[Classification | None, list[str]]:
    """The model's JSON as a Classification, or what is wrong with it."""
    if isinstance(data, str):
        try:
            data = json.loads(data)
        except ValueError:
            return None, ["the answer is not JSON: answer with one JSON object"]
    if not isinstance(data, dict):
        return None, ["the answer must be one JSON object with intent and action_plans"]
    try:
        return Classification.model_validate(data), []
    except ValidationError as exc:
        return None, [f"{_loc(e)}: {e.get('msg', 'invalid')}" for e in exc.errors()[:6]]


def from_compact(data: Any) -> tuple[Classification | None, list[str]]:
    """A compact answer (`{"tool": "app.fn", "args": {...}}` or `{"tool": "chat"}`, see
    `catalog_schema.compact_schema`) in the classifier shape."""
    if isinstance(data, str):
        try:
            data = json.loads(data)
        except ValueError:
            return None, ["the answer is not JSON: answer with one JSON object"]
    if not isinstance(data, dict) or not isinstance(data.get("tool"), str):
        return None, ['answer {"tool": "<app.tool>", "args": {...}} or {"tool": "chat"}']
    tool = data["tool"].strip()
    if tool == "chat":
        return Classification(intent="chat", confidence=1.0), []
    app_id, _, name = tool.rpartition(".")
    call = {"step_id": "s1", "app_id": app_id, "tool": name, "args": data.get("args") or {}}
    return parse({"intent": "action", "confidence": 1.0, "action_plans": [call]})


def check(
    result: Classification, catalog, seen: str = "", allowed: set[str] | None = None
) -> Checked:
    """Steps for `result`'s action_plans, checked against `catalog`.

    `seen`: the text of the conversation so far (ids that appear in it are not made up).
    `allowed`: "app.tool" names the model was offered (an unknown tool is named against them).
    """
    out = Checked()
    plans = result.action_plans
    if result.intent in ("action", "chain") and not plans:
        out.problems.append(f"intent is {result.intent!r} but action_plans is empty")
    if len(plans) > MAX_STEPS:
        out.problems.append(f"at most {MAX_STEPS} steps in one plan, got {len(plans)}")
        return out
    ids = [p.step_id.strip() or f"s{i + 1}" for i, p in enumerate(plans)]
    if len(set(ids)) != len(ids):
        out.problems.append("step_id values must be unique")
    for index, planned in enumerate(plans):
        step_id = ids[index]
        step = _step(planned, step_id, catalog, seen, allowed, out.problems)
        if step is None:
            continue
        if step_id in planned.depends_on:
            out.problems.append(f"{step_id}: a step cannot depend on itself")
        unknown = [d for d in planned.depends_on if d not in ids]
        if unknown:
            out.problems.append(f"{step_id}: depends_on names no step: {', '.join(unknown)}")
        out.steps.append(step)
    return out


def _step(planned: PlannedCall, step_id: str, catalog, seen: str, allowed, problems) -> Step | None:
    app_id, tool = planned.app_id.strip(), planned.tool.strip()
    if "." in tool:
        app_id, tool = tool.split(".", 1)
    fd = catalog.function(app_id, tool)
    if fd is None:
        owners = [a for a, f in catalog.all_functions() if f.name == tool]
        if len(owners) == 1:
            app_id, fd = owners[0], catalog.function(owners[0], tool)
    if fd is None:
        names = sorted(allowed) if allowed else catalog.names()
        problems.append(
            f"{step_id}: unknown tool {app_id + '.' if app_id else ''}{tool}; "
            f"use one of: {', '.join(names[:20])}"
        )
        return None
    args = planned.args
    if isinstance(args, str):
        try:
            args = json.loads(args) if args.strip() else {}
        except ValueError:
            problems.append(f"{step_id}: args is not a JSON object")
            return None
    if not isinstance(args, dict):
        problems.append(f"{step_id}: args must be a JSON object")
        return None
    before = len(problems)
    for path in placeholder_paths(args):
        problems.append(
            f"{step_id}: args.{path} is a placeholder; give the real value, or "
            f"{REF_PREFIX}<step_id>.<path> for a value an earlier step returns"
        )
    names = {app_id, tool, f"{app_id}.{tool}"}
    for key, value in args.items():
        if isinstance(value, str) and value.strip() in names | {key}:
            what = "the argument's own name" if value.strip() == key else "the tool's name"
            problems.append(
                f"{step_id}: args.{key} = {value!r} is {what}; give the value from "
                "the request, or leave the argument out"
            )
    if len(problems) > before:
        return None
    args = _ids_to_titles(app_id, fd, args, seen, step_id, problems)
    plain = {k: v for k, v in args.items() if not isinstance(v, Resolve) and not _is_ref(v)}
    problems.extend(f"{step_id}: {p}" for p in validate_args(fd.params_schema, plain, set(args)))
    if len(problems) > before:
        return None
    return Step(step_id, app_id, tool, args, tuple(planned.depends_on))


# --- arguments --------------------------------------------------------------------------
_PLACEHOLDER = re.compile(
    r"^(<[^<>]{1,60}>|\{[a-z_ ]{1,40}\}|\[[a-z_ ]{1,40}\]|\.\.\.|…|todo|tbd|placeholder|xxx+"
    r"|unknown|n/a|string|example|your[_ ].*)$",
    re.IGNORECASE,
)


def placeholder_paths(value: Any) -> list[str]:
    """Paths of values a model left as placeholders (`<manager_resolved>`, `{id}`, `...`)."""
    return validation.placeholder_paths(value, pattern=_PLACEHOLDER)


def _is_ref(value: Any) -> bool:
    return isinstance(value, str) and value.startswith(REF_PREFIX)


_ID_LIKE = re.compile(r"^(?=.*\d)[A-Za-z0-9_\-:]{6,}$")


def _ids_to_titles(app_id, fd, args: dict, seen: str, step_id: str, problems) -> dict:
    """An id argument holding a title becomes a `Resolve` (the session finds the id with the
    extension's own read functions); an id-looking value the conversation never showed is
    refused as made up."""
    id_params = {n for n in args if n == fd.id_projection or n == "id" or n.endswith("_id")}
    out = dict(args)
    for name in id_params:
        value = args[name]
        if not isinstance(value, str) or not value.strip() or _is_ref(value):
            continue
        if value in seen:
            continue
        if _ID_LIKE.match(value) and " " not in value:
            problems.append(
                f"{step_id}: args.{name} = {value!r} is an id nobody mentioned; give the "
                "item's title instead, or a $REF to the step that finds it"
            )
            continue
        noun = name[:-3] if name.endswith("_id") else ""
        out[name] = Resolve(app_id, noun, value.strip())
    return out


def validate_args(schema: dict[str, Any], args: dict[str, Any], present: set[str]) -> list[str]:
    """Problems of `args` against a params schema, validated with a Pydantic model built from
    it (`present`: every argument given, including ones checked later such as $REFs)."""
    model = args_model(json.dumps(schema, sort_keys=True))
    if model is None:
        return []
    problems = []
    known = set(model.model_fields)
    extra = sorted(present - known)
    if extra:
        problems.append(f"unknown argument(s) {', '.join(extra)}; the arguments are: "
                        f"{', '.join(sorted(known)) or 'none'}")  # fmt: skip
    missing_ok = present - set(args)  # $REF / title arguments: filled in later
    try:
        model.model_validate(args)
    except ValidationError as exc:
        for e in exc.errors()[:6]:
            if e.get("type") == "missing" and e.get("loc", ("",))[0] in missing_ok:
                continue
            problems.append(f"args.{_loc(e)}: {e.get('msg', 'invalid')}")
    return problems


_SIMPLE = {"string": str, "integer": int, "number": float, "boolean": bool, "array": list,
           "object": dict, "null": type(None)}  # fmt: skip


@lru_cache(maxsize=4096)
def args_model(schema_json: str) -> type[BaseModel] | None:
    """A Pydantic model for a function's params schema (types, enums, required), or None when
    the schema is not an object of properties."""
    schema = json.loads(schema_json)
    props = schema.get("properties") if isinstance(schema, dict) else None
    if not isinstance(props, dict):
        return None
    required = set(schema.get("required") or ())
    fields: dict[str, Any] = {}
    for name, prop in props.items():
        kind = _annotation(prop if isinstance(prop, dict) else {})
        if name in required:
            fields[name] = (kind, ...)
        else:
            fields[name] = (kind | None, None)
    return create_model("Args", __config__=ConfigDict(extra="ignore", strict=False), **fields)  # type: ignore[call-overload]


def _annotation(prop: dict[str, Any]) -> Any:
    if "enum" in prop and isinstance(prop["enum"], list) and prop["enum"]:
        return Literal[tuple(prop["enum"])]  # type: ignore[return-value]
    options = prop.get("anyOf") or prop.get("oneOf")
    if isinstance(options, list) and options:
        kinds = [_annotation(o) for o in options if isinstance(o, dict)]
        if kinds:
            result = kinds[0]
            for k in kinds[1:]:
                result = result | k
            return result
    kind = prop.get("type")
    if isinstance(kind, list):
        result = Any
        for k in kind:
            t = _SIMPLE.get(k)
            if t is not None:
                result = t if result is Any else result | t
        return result
    return _SIMPLE.get(kind, Any) if isinstance(kind, str) else Any


def _loc(error: dict[str, Any]) -> str:
    return ".".join(str(x) for x in error.get("loc", ())) or "<root>"


def feedback(problems: list[str]) -> str:
    """The message that sends problems back to the model."""
    lines = "\n".join(f"- {p}" for p in problems[:10])
    return f"Your answer could not be used:\n{lines}\nAnswer again with one corrected JSON object."
