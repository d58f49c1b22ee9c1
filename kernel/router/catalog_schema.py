"""The JSON schema a model's classification must follow, built from (shortlisted) functions.

`plan_schema` is the seeds' classifier object: intent (chat, action, chain), confidence,
language, action_plans (step_id, app_id, tool, args, depends_on) and is_destructive, plus
`reply` (the chat answer or a clarifying question). Each plan step is one of the given
functions: its app id and tool are single-valued enums and its args are that function's params
schema, cleaned so that llama.cpp's `response_format` grammar converter, Ollama's `format=` and
OpenAI structured outputs all accept it:

- everything inline: local `$ref`s into `$defs` are expanded (a recursive model stops at the
  second visit with an untyped schema), no titles, no `$defs` left;
- every object closed with `additionalProperties: false` (a free-form `dict` keeps its value
  schema), `oneOf` read as `anyOf`, a one-element `allOf` merged;
- `anyOf [X, null]` becomes X with `"null"` added to its type (and to its enum);
- `format` kept only for date, time, date-time and uuid (what both llama.cpp and OpenAI know),
  others and `pattern` become words in the description; string lengths kept only up to
  `MAX_GRAMMAR_LENGTH` (grammar converters expand a bounded repeat into one rule per count).

`strict=True` is for OpenAI's strict mode: every property is required, an optional parameter
takes `null` as "use the default" (`drop_nulls` removes those before Pydantic validation), and
keywords strict mode rejects (`default`, string lengths) move into the description.

Property order is generation order for grammar-based converters: intent, confidence, language,
action_plans, is_destructive, reply.
"""

from __future__ import annotations

import json
from typing import Any

from kernel.host.manifest import FunctionMeta

INTENTS = ("chat", "action", "chain")
MAX_STEPS = 6
MAX_GRAMMAR_LENGTH = 256
FORMATS = frozenset({"date", "time", "date-time", "uuid"})

_PLAIN = ("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "minItems", "maxItems")
_LENGTHS = ("minLength", "maxLength")


def tool_enum(functions: list[tuple[str, FunctionMeta]]) -> list[str]:
    """The "app_id.tool" names of `functions`, in order."""
    return [f"{app}.{fd.name}" for app, fd in functions]


# --- cleaning one params schema -------------------------------------------------------------


def _resolve(ref: str, defs: dict[str, Any]) -> tuple[str, dict[str, Any]] | None:
    for prefix in ("#/$defs/", "#/definitions/"):
        if ref.startswith(prefix) and ref[len(prefix) :] in defs:
            return ref[len(prefix) :], defs[ref[len(prefix) :]]
    return None


def _described(text: str, notes: list[str]) -> str:
    """`text` with the notes (keywords moved out of the schema) in parentheses."""
    if not notes:
        return text
    return f"{text} ({'; '.join(notes)})" if text else "; ".join(notes)


def _with_null(node: dict[str, Any]) -> dict[str, Any] | None:
    """X made to accept null as well, or None when X has no single type to extend."""
    kind = node.get("type")
    if kind in ("object", "array"):  # a nullable object or list stays an anyOf
        return None
    if isinstance(kind, str) and "anyOf" not in node:
        out = {**node, "type": [kind, "null"]}
        if "enum" in out and None not in out["enum"]:
            out["enum"] = [*out["enum"], None]
        return out
    if isinstance(kind, list):
        return {**node, "type": kind if "null" in kind else [*kind, "null"]}
    if "enum" in node and "anyOf" not in node:
        return {**node, "enum": node["enum"] if None in node["enum"] else [*node["enum"], None]}
    return None


def _accepts_null(node: Any) -> bool:
    if not isinstance(node, dict):
        return False
    kind = node.get("type")
    if kind == "null" or (isinstance(kind, list) and "null" in kind):
        return True
    if None in (node.get("enum") or ()) or ("const" in node and node["const"] is None):
        return True
    return any(_accepts_null(s) for s in node.get("anyOf") or node.get("oneOf") or ())


class _Cleaner:
    def __init__(self, defs: dict[str, Any], strict: bool):
        self.defs = defs
        self.strict = strict

    def clean(self, node: Any, seen: tuple[str, ...] = ()) -> dict[str, Any]:
        if not isinstance(node, dict):
            return {}
        if "$ref" in node:
            found = _resolve(str(node["$ref"]), self.defs)
            siblings = {k: v for k, v in node.items() if k != "$ref"}
            if found is None or found[0] in seen:
                what = f"recursive {found[0]}" if found else f"unresolved {node['$ref']}"
                out = self.clean(siblings, seen)
                out["description"] = _described(out.get("description", ""), [what])
                return out
            return self.clean({**found[1], **siblings}, (*seen, found[0]))
        all_of = node.get("allOf")
        if isinstance(all_of, list) and len(all_of) == 1:
            rest = {k: v for k, v in node.items() if k != "allOf"}
            return self.clean({**all_of[0], **rest}, seen)
        out: dict[str, Any] = {}
        notes: list[str] = []
        variants = node.get("anyOf") or node.get("oneOf")
        if isinstance(variants, list):
            cleaned = [self.clean(v, seen) for v in variants]
            others = [v for v in cleaned if v.get("type") != "null"]
            if len(others) == 1 and len(cleaned) == 2:
                out = _with_null(others[0]) or {"anyOf": cleaned}
            elif len(cleaned) == 1:
                out = cleaned[0]
            else:
                out = {"anyOf": cleaned}
        for key in ("type", "enum", "const"):
            if key in node:
                out[key] = node[key]
        for key in _PLAIN:
            if isinstance(node.get(key), int | float):
                out[key] = node[key]
        if "description" in out:  # notes on the variant of an anyOf [X, null]
            notes.append(out.pop("description"))
        for key in _LENGTHS:
            value = node.get(key)
            if isinstance(value, int) and not isinstance(value, bool):
                if not self.strict and value <= MAX_GRAMMAR_LENGTH:
                    out[key] = value
                elif not (key == "maxLength" and value > MAX_GRAMMAR_LENGTH):
                    notes.append(f"{key} {value}")
        if "format" in node:
            if node["format"] in FORMATS:
                out["format"] = node["format"]
            else:
                notes.append(f"format: {node['format']}")
        if "pattern" in node:
            notes.append(f"pattern: {node['pattern']}")
        if "default" in node:
            if self.strict:
                notes.append(f"default {json.dumps(node['default'], ensure_ascii=False)}")
            else:
                out["default"] = node["default"]
        text = node.get("description") if isinstance(node.get("description"), str) else ""
        if text or notes:
            out["description"] = _described(text, notes)
        if "items" in node and isinstance(node["items"], dict):
            out["items"] = self.clean(node["items"], seen)
        if node.get("type") == "object" or "properties" in node:
            self._object(node, out, seen)
        return out

    def _object(self, node: dict[str, Any], out: dict[str, Any], seen: tuple[str, ...]) -> None:
        props = {
            str(name): self.clean(prop, seen)
            for name, prop in (node.get("properties") or {}).items()
        }
        required = [r for r in node.get("required") or () if r in props]
        extra = node.get("additionalProperties")
        if isinstance(extra, dict) and not props:
            out["additionalProperties"] = self.clean(extra, seen)
            return
        if self.strict:
            for name, prop in props.items():
                if name not in required:
                    props[name] = _with_null(prop) or {"anyOf": [prop, {"type": "null"}]}
            required = list(props)
        out["type"] = "object"
        out["properties"] = props
        out["required"] = required
        out["additionalProperties"] = False


def args_schema(params_schema: dict[str, Any], *, strict: bool = False) -> dict[str, Any]:
    """A function's params schema made acceptable to the grammar converters (module doc)."""
    if not params_schema:
        return {"type": "object", "properties": {}, "required": [], "additionalProperties": False}
    defs = {**(params_schema.get("definitions") or {}), **(params_schema.get("$defs") or {})}
    out = _Cleaner(defs, strict).clean(params_schema)
    if out.get("type") != "object":  # a params model is an object; anything else is refused
        raise ValueError(f"a params schema must describe an object, not {out.get('type')!r}")
    return out


def drop_nulls(args: dict[str, Any], params_schema: dict[str, Any]) -> dict[str, Any]:
    """`args` without the nulls strict mode asked for where a parameter does not take null
    (the model's way of saying "use the default")."""
    props = (params_schema or {}).get("properties") or {}
    defs = {**(params_schema.get("definitions") or {}), **(params_schema.get("$defs") or {})}

    def takes_null(prop: Any) -> bool:
        if isinstance(prop, dict) and "$ref" in prop:
            found = _resolve(str(prop["$ref"]), defs)
            prop = found[1] if found else prop
        return _accepts_null(prop)

    return {k: v for k, v in args.items() if v is not None or takes_null(props.get(k))}


# --- the classifier object ------------------------------------------------------------------


MAX_REPLY = 400  # a clarifying question; chat answers stream in a request of their own


def _bounded(length: int, strict: bool) -> dict[str, Any]:
    """A string of at most `length` characters: a small model cannot ramble on in it (strict
    mode, which has no maxLength, relies on the model)."""
    return {"type": "string"} if strict else {"type": "string", "maxLength": length}


def _step(app: str, fd: FunctionMeta, strict: bool, max_steps: int) -> dict[str, Any]:
    return {
        "type": "object",
        "properties": {
            "step_id": _bounded(8, strict),
            "app_id": {"type": "string", "enum": [app]},
            "tool": {"type": "string", "enum": [fd.name]},
            "args": args_schema(fd.params_schema, strict=strict),
            "depends_on": {"type": "array", "items": {"type": "string"}, "maxItems": max_steps},
        },
        "required": ["step_id", "app_id", "tool", "args", "depends_on"],
        "additionalProperties": False,
    }


def plan_schema(
    functions: list[tuple[str, FunctionMeta]],
    *,
    strict: bool = False,
    max_steps: int = MAX_STEPS,
) -> dict[str, Any]:
    """The JSON schema of one classification over `functions` ((app_id, meta) pairs)."""
    steps = [_step(app, fd, strict, max_steps) for app, fd in functions]
    if not steps:  # nothing to call: only an empty list fits
        items: dict[str, Any] = {
            "type": "object",
            "properties": {},
            "required": [],
            "additionalProperties": False,
        }
        max_items = 0
    else:
        items = steps[0] if len(steps) == 1 else {"anyOf": steps}
        max_items = max_steps
    return {
        "type": "object",
        "properties": {
            "intent": {"type": "string", "enum": list(INTENTS)},
            "confidence": {"type": "number", "minimum": 0, "maximum": 1},
            "language": {**_bounded(8, strict), "description": "language of the user's message"},
            "action_plans": {"type": "array", "items": items, "maxItems": max_items},
            "is_destructive": {"type": "boolean"},
            "reply": {**_bounded(MAX_REPLY, strict), "description": "a question, or empty"},
        },
        "required": ["intent", "confidence", "language", "action_plans", "is_destructive", "reply"],
        "additionalProperties": False,
    }


CHAT_TOOL = "chat"


def compact_schema(functions: list[tuple[str, FunctionMeta]]) -> dict[str, Any]:
    """The compact answer for small models: `{"tool": "app.fn", "args": {...}}` (one branch
    per function, the tool named first so it is the first thing decided) or
    `{"tool": "chat"}`; the kernel turns it into the classifier shape (one step, or chat)."""
    branches: list[dict[str, Any]] = [
        {
            "type": "object",
            "properties": {
                "tool": {"type": "string", "enum": [f"{app}.{fd.name}"]},
                "args": args_schema(fd.params_schema),
            },
            "required": ["tool", "args"],
            "additionalProperties": False,
        }
        for app, fd in functions
    ]
    branches.append(
        {
            "type": "object",
            "properties": {"tool": {"type": "string", "enum": [CHAT_TOOL]}},
            "required": ["tool"],
            "additionalProperties": False,
        }
    )
    return {"anyOf": branches}


# --- the tools, in words, for the prompt ----------------------------------------------------

_SHORT = {"string": "str", "integer": "int", "number": "float", "boolean": "bool"}
_SHORT |= {"array": "list", "object": "dict", "null": "null"}
MAX_DESCRIPTION = 100


def _type_words(prop: dict[str, Any]) -> str:
    if "enum" in prop:
        return "|".join(json.dumps(v, ensure_ascii=False) if not isinstance(v, str) else v
                        for v in prop["enum"])  # fmt: skip
    kind = prop.get("type")
    if isinstance(kind, list):
        return "|".join(_SHORT.get(k, str(k)) for k in kind)
    if kind:
        return _SHORT.get(kind, str(kind))
    if "anyOf" in prop:
        return "|".join(_type_words(v) for v in prop["anyOf"])
    return "any"


def _first_sentence(text: str) -> str:
    text = " ".join(text.split())
    cut = text.find(". ")
    text = text[: cut + 1] if cut > 0 else text
    return text if len(text) <= MAX_DESCRIPTION else text[: MAX_DESCRIPTION - 1] + "…"


def describe_tools(functions: list[tuple[str, FunctionMeta]]) -> str:
    """One line a tool: `app.tool(param: type=default, ...) - description [destructive]`."""
    lines = []
    for app, fd in functions:
        schema = args_schema(fd.params_schema)
        required = set(schema["required"])
        params = []
        for name, prop in schema["properties"].items():
            words = f"{name}: {_type_words(prop)}"
            if name not in required and "default" in prop:
                words += "=" + json.dumps(prop["default"], ensure_ascii=False)
            elif name not in required:
                words += "?"
            params.append(words)
        line = f"{app}.{fd.name}({', '.join(params)})"
        if fd.description:
            line += f" - {_first_sentence(fd.description)}"
        if fd.action_type == "destructive":
            line += " [destructive]"
        lines.append(line)
    return "\n".join(lines)
