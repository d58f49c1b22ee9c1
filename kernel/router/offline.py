"""The offline router: a deterministic mapping of plain requests and explicit calls to steps.

It needs no model: verbs ("add", "show", "delete", "mark … done") pick a function prefix,
nouns ("note", "task") pick the function among the live catalog, the rest fills the
arguments. Titles that stand for ids become `Resolve` markers the session looks up through
the extension's own read functions.
"""

from __future__ import annotations

import json
import re
import shlex
from dataclasses import dataclass
from typing import Any

from kernel.router.plan import Plan, Resolve, Step, Unmapped

# verb kind -> (phrases that start a request, function-name prefixes)
VERBS: list[tuple[str, tuple[str, ...], tuple[str, ...]]] = [
    (
        "complete",
        ("complete", "finish", "check off", "tick off", "close"),
        ("complete_", "finish_"),
    ),
    (
        "delete",
        ("delete", "remove", "drop", "erase", "trash", "get rid of"),
        ("delete_", "remove_"),
    ),
    ("update", ("update", "rename", "edit", "change", "modify"), ("update_", "edit_", "rename_")),
    ("search", ("search for", "search", "find", "look for", "look up"), ("search_", "find_")),
    (
        "list",
        ("show", "list", "display", "view", "what are", "what's", "whats", "get", "see", "open"),
        ("list_", "show_"),
    ),
    (
        "create",
        ("add", "create", "new", "make", "write", "jot down", "save", "remember"),
        ("create_", "add_", "new_"),
    ),
]
POLITE = re.compile(
    r"^(?:please|pls|can you|could you|would you|i want to|i'd like to|let's|lets)\s+", re.I
)
MARK_DONE = re.compile(
    r"^mark\s+(.+?)\s+(?:as\s+)?(?:done|complete|completed|finished)[.!]?$", re.I
)
FILLER = {"a", "an", "the", "my", "all", "some", "of", "new", "me"}
SYNONYMS = {"todo": "task", "to-do": "task", "todos": "task", "memo": "note", "item": ""}
LEADING = re.compile(
    r"^(?:titled|called|named|with (?:the )?title|about|for|containing|matching|mentioning|that says|saying|:)\s+",
    re.I,
)
EXPLICIT = re.compile(r"^([a-z0-9][a-z0-9_-]*)\.([A-Za-z_][A-Za-z0-9_]*)(?:\s+(.*))?$", re.S)


def singular(word: str) -> str:
    word = word.lower()
    word = SYNONYMS.get(word, word)
    if word.endswith("ies"):
        return word[:-3] + "y"
    if word.endswith("s") and not word.endswith("ss"):
        return word[:-1]
    return word


def parse_value(text: str) -> Any:
    """`5` -> 5, `true` -> True, `[1,2]` -> list; anything else stays the string it is."""
    if re.fullmatch(r"-?\d+(?:\.\d+)?|true|false|null|\[.*\]|\{.*\}", text, re.S):
        try:
            return json.loads(text)
        except ValueError:
            return text
    return text


@dataclass
class _Index:
    nouns: dict[str, set[str]]
    by_kind: dict[str, list[tuple[str, Any]]]
    by_kind_noun: dict[tuple[str, str], list[tuple[str, Any]]]
    first_name: str | None = None


class OfflineRouter:
    name = "offline"

    def __init__(self, catalog):
        self.catalog = catalog
        self._built: tuple[Any, _Index] | None = None

    # --- public: the Router interface (kernel.router.base) ---------------------------
    async def route(self, message: str) -> Plan | Unmapped:
        return self.route_sync(message)

    def reply(self, finished) -> list:
        """The reply text for a finished step, in this router's voice."""
        from kernel.reply import describe, text_events

        return list(text_events(describe(finished)))

    def route_sync(self, message: str) -> Plan | Unmapped:
        text = " ".join(message.strip().split()) if "\n" not in message else message.strip()
        if not text:
            return Unmapped("Nothing to do: the message is empty.")
        explicit = EXPLICIT.match(text)
        if explicit and explicit.group(1) in self.catalog.extensions:
            return self._explicit(*explicit.groups())
        return self._natural(text)

    # --- explicit calls: app.function key=value ... ---------------------------------
    def _explicit(self, app: str, fn: str, rest: str | None) -> Plan | Unmapped:
        args: dict[str, Any] = {}
        rest = (rest or "").strip()
        if rest.startswith("{"):
            try:
                args = json.loads(rest)
            except ValueError as exc:
                return Unmapped(f"The arguments are not valid JSON: {exc}")
            if not isinstance(args, dict):
                return Unmapped("The arguments must be a JSON object.")
        elif rest:
            try:
                words = shlex.split(rest)
            except ValueError as exc:
                return Unmapped(f"Cannot read the arguments: {exc}")
            for word in words:
                key, sep, value = word.partition("=")
                if not sep or not key.isidentifier():
                    return Unmapped(
                        f"Cannot read {word!r}: write arguments as key=value, "
                        f'e.g. {app}.{fn} title="Q3"'
                    )
                args[key] = parse_value(value)
        return Plan([Step("s1", app, fn, args)])

    # --- natural requests -----------------------------------------------------------
    def _natural(self, text: str) -> Plan | Unmapped:
        text = POLITE.sub("", text).rstrip(".!?")
        kind, rest = self._verb(text)
        if kind is None:
            return Unmapped(
                f"I could not map “{text}” to an action.",
                suggestions=self._examples(),
            )
        adjectives, noun, subject = self._noun(rest)
        candidates = self._functions(kind, noun)
        if kind == "list" and subject and noun and len(candidates) == 1:
            fields = _fields(candidates[0][1])
            head, _ = _keyword_segments(LEADING.sub("", subject.strip()), list(fields))
            search = self._functions("search", noun)
            if head and search:  # "show the note Groceries": a title, not a filter
                kind, candidates = "search", search
        if not candidates:
            what = f"{kind} {noun}s" if noun else kind
            return Unmapped(f"No loaded extension can {what}.", suggestions=self._examples())
        if len(candidates) > 1:
            options = ", ".join(f"{a}.{f.name}" for a, f in candidates)
            return Unmapped(f"That could mean several things: {options}. Say which.")
        app, fd = candidates[0]
        args = self._args(kind, app, fd, subject, adjectives, noun)
        if isinstance(args, Unmapped):
            return args
        return Plan([Step("s1", app, fd.name, args)])

    def _verb(self, text: str) -> tuple[str | None, str]:
        done = MARK_DONE.match(text)
        if done:
            return "complete", done.group(1)
        low = text.lower()
        for kind, phrases, _ in VERBS:
            for phrase in phrases:
                if low == phrase or low.startswith(phrase + " "):
                    return kind, text[len(phrase) :].strip()
        return None, text

    def _index(self) -> _Index:
        """Nouns and functions by verb kind, built once per catalog (a reload replaces the
        catalog's mapping, which rebuilds it)."""
        extensions = self.catalog.extensions
        if self._built is None or self._built[0] is not extensions:
            index = _Index({}, {}, {})
            for app, fd in self.catalog.all_functions():
                for _, _, prefixes in VERBS:
                    for prefix in prefixes:
                        if fd.name.startswith(prefix):
                            noun = singular(fd.name[len(prefix) :])
                            index.nouns.setdefault(noun, set()).add(app)
                for kind, _, prefixes in VERBS:
                    prefix = next((p for p in prefixes if fd.name.startswith(p)), None)
                    if prefix is not None:
                        noun = singular(fd.name[len(prefix) :])
                        index.by_kind.setdefault(kind, []).append((app, fd))
                        index.by_kind_noun.setdefault((kind, noun), []).append((app, fd))
            self._built = (extensions, index)
        return self._built[1]

    def _nouns(self) -> dict[str, set[str]]:
        """singular noun -> app ids that have a function about it."""
        return self._index().nouns

    def _noun(self, rest: str) -> tuple[list[str], str, str]:
        """Split "a high priority task pay rent" into (["high", "priority"], "task", "pay rent")."""
        words = rest.split(" ") if rest else []
        nouns = self._nouns()
        for i, word in enumerate(words[:5]):
            if singular(word.strip("'\"")) in nouns and all(
                w.lower() in FILLER or w.isalpha() for w in words[:i]
            ):
                before = [w for w in words[:i] if w.lower() not in FILLER]
                return before, singular(word.strip("'\"")), " ".join(words[i + 1 :])
        while words and words[0].lower() in FILLER:
            words = words[1:]
        return [], "", " ".join(words)

    def _functions(self, kind: str, noun: str) -> list[tuple[str, Any]]:
        index = self._index()
        if not noun:
            return list(index.by_kind.get(kind, ()))
        return list(index.by_kind_noun.get((kind, noun), ()))

    def _args(self, kind, app, fd, subject, adjectives, noun) -> dict[str, Any] | Unmapped:
        fields = _fields(fd)
        args: dict[str, Any] = {}
        # enum-valued params named by an adjective before the noun ("done tasks", "high priority task")
        for name, info in fields.items():
            for value in _choices(info):
                if value in [a.lower() for a in adjectives]:
                    args[name] = value
        subject = LEADING.sub("", subject.strip()).strip()
        id_param = fd.id_projection or next((n for n in fields if n.endswith("_id")), "")
        keywords = [n for n in fields if n != id_param]
        head, found = _keyword_segments(subject, keywords)
        needs_text = [
            n for n, f in fields.items() if f.is_required() and n not in found and n != id_param
        ]
        if head or id_param or not needs_text:
            subject = head  # else "add a task due friday": the keyword took it all; keep as text
            args.update(found)
        if (
            kind == "update"
            and " to " in f" {subject} "
            and "title" in fields
            and "title" not in args
        ):
            target, _, new = subject.rpartition(" to ")
            subject, args["title"] = target.strip(), new.strip().strip("\"'")
        subject = subject.strip().strip("\"'“”")
        if id_param:
            if not subject:
                return Unmapped(
                    f"Which {noun or 'item'}? Give its title, e.g. “{kind} the {noun or 'item'} Groceries”."
                )
            args[id_param] = Resolve(app, noun or id_param[:-3], subject)
        elif subject:
            target = _subject_param(fields, exclude=set(args))
            if target is None:
                return Unmapped(
                    f"{app}.{fd.name} takes no text; I do not know what to do with “{subject}”."
                )
            args[target] = subject
        return args

    def _examples(self) -> list[str]:
        index = self._index()
        if index.first_name is None:
            index.first_name = min(self.catalog.names(), default="")
        names = [index.first_name] if index.first_name else []
        examples = [
            "add a task buy milk",
            "show my notes",
            "create a note titled Q3",
            "delete the note Groceries",
            "mark buy milk done",
        ]
        if names:
            examples.append(f"{names[0]} key=value  (an explicit call)")
        return examples


def _fields(fd) -> dict[str, Any]:
    """Parameter facts from the function's manifest (kernel.host.manifest.ParamMeta)."""
    return dict(fd.fields)


def _choices(info) -> list[str]:
    """The allowed values of a Literal-typed parameter, lower-cased."""
    return [str(a).lower() for a in info.choices]


def _subject_param(fields, exclude: set[str]) -> str | None:
    """The first required text field, else the first text field."""
    text_fields = [n for n, f in fields.items() if n not in exclude and f.is_text]
    required = [n for n in text_fields if fields[n].is_required()]
    return (required or text_fields or [None])[0]


def _keyword_segments(subject: str, names: list[str]) -> tuple[str, dict[str, Any]]:
    """Pull "… with body X in folder Y due friday" out of the subject, by parameter name."""
    if not subject or not names:
        return subject, {}
    pattern = re.compile(
        r"\s+(?:(?:with|in|and|at)\s+)?(?:the\s+)?("
        + "|".join(map(re.escape, names))
        + r")\s*(?:=|:|is\s+)?\s*",
        re.I,
    )
    matches = list(pattern.finditer(" " + subject))
    if not matches:
        return subject, {}
    found: dict[str, Any] = {}
    head = (" " + subject)[: matches[0].start()].strip()
    for i, m in enumerate(matches):
        end = matches[i + 1].start() if i + 1 < len(matches) else len(subject) + 1
        value = (" " + subject)[m.end() : end].strip().strip("\"'")
        if value:
            found[m.group(1).lower()] = parse_value(value) if value.isdigit() else value
    return head, found
