"""The offline router: a deterministic mapping of plain requests and explicit calls to steps.

It needs no model: verbs ("add", "show", "delete", "mark … done") pick a function prefix,
nouns ("note", "task") pick the function among the live catalog, the rest fills the
arguments. Titles that stand for ids become `Resolve` markers the session looks up through
the extension's own read functions.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import shlex
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from kernel.router.dates import EXPRESSION as DATE_EXPRESSION
from kernel.router.dates import to_iso
from kernel.router.plan import Conversation, Plan, Referent, Resolve, Step, Unmapped

# verb kind -> (phrases that start a request, function-name prefixes)
VERBS: list[tuple[str, tuple[str, ...], tuple[str, ...]]] = [
    (
        "complete",
        ("complete", "finish", "check off", "tick off", "close"),
        ("complete_", "finish_"),
    ),
    (
        "delete",
        ("delete", "remove", "drop", "erase", "trash", "get rid of", "cancel"),
        ("delete_", "remove_"),
    ),
    ("update", ("update", "rename", "edit", "change", "modify"), ("update_", "edit_", "rename_")),
    ("search", ("search for", "search", "find", "look for", "look up"), ("search_", "find_")),
    (
        "list",
        (
            "show",
            "list",
            "display",
            "view",
            "what are",
            "what's",
            "whats",
            "get",
            "see",
            "open",
            "what",
            "which",
        ),
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
FILLER = {"a", "an", "the", "my", "all", "some", "of", "new", "me", "every", "on", "everything"}
KEEP = {"all", "every", "everything"}  # fillers that still say something ("show all tasks")
SYNONYMS = {"todo": "task", "to-do": "task", "todos": "task", "to-dos": "task", "memo": "note",
            "item": ""}  # fmt: skip
CHOICE_SYNONYMS = {
    "every": "all", "everything": "all", "completed": "done", "finished": "done",
    "complete": "done", "pending": "open", "outstanding": "open", "remaining": "open",
    "incomplete": "open", "urgent": "high", "important": "high", "medium": "normal",
}  # fmt: skip
PRONOUN = re.compile(r"^(?:it|that|this|that one|this one)$", re.I)
SPLIT = re.compile(r"\s*(?:,\s*(?:and\s+)?then|;|,?\s+and\s+then|,?\s+then|,?\s+and)\s+", re.I)
QUOTED = re.compile(r"^([\"'“])(.+?)[\"'”](?=\s|,|$)")
OF_TO = re.compile(r"^(?:the\s+)?(\w+)\s+of\s+(.+?)\s+to\s+(.+)$", re.I)
LIMIT = re.compile(r"(?:the\s+)?(?:last|first|top)?\s*\d+", re.I)
FOLDERISH = re.compile(r"^(?:in|from|under)\s+.*$", re.I)
_T = r"(?P<rest>.+)"
REWRITES: list[tuple[re.Pattern, str, str]] = [
    (re.compile(rf"^(?:new\s+)?(?P<noun>todo|to-do|task|note|memo)\s*:\s*{_T}$", re.I), "create", ""),
    (re.compile(rf"^(?:remind me to|remember to|i need to|i have to|don'?t forget to|don'?t let me forget to)\s+{_T}$", re.I), "create", "task"),
    (re.compile(rf"^(?:jot down|write down|note down)\s*:?\s+{_T}$", re.I), "create", "note"),
    (re.compile(rf"^(?:add|put)\s+to\s+(?:my|the)\s+(?P<noun>[\w-]+?)(?:\s+list)?\s*:\s*{_T}$", re.I), "create", ""),
    (re.compile(rf"^(?:add|put)\s+{_T}\s+(?:to|on)\s+(?:my|the)\s+(?P<noun>[\w-]+?)(?:\s+list)?$", re.I), "create", ""),
    (re.compile(rf"^{_T}\s+is\s+(?:done|finished|complete|completed)$", re.I), "complete", "task"),
    (re.compile(rf"^i(?:'ve| have)?\s+(?:finished|completed|done)\s+(?:the\s+task\s+)?{_T}$", re.I), "complete", "task"),
    (re.compile(r"^what (?:do|must|should) i (?:have|need) to do(?: next)?$", re.I), "list", "task"),
    (re.compile(r"^what(?:'s| is) left to do$", re.I), "list", "task"),
    (re.compile(r"^(?:what|which) (?P<noun>\w+) do i have$", re.I), "list", ""),
    (re.compile(rf"^which (?P<noun>\w+) (?:are|is) {_T}$", re.I), "list", ""),
    (re.compile(rf"^(?:which|what) (?P<noun>\w+) (?:mention|mentions|contain|contains|say|says|talk about)\s+{_T}$", re.I), "search", ""),
    (re.compile(rf"^do i have (?:a|any) (?P<noun>\w+) (?:about|on|mentioning)\s+{_T}$", re.I), "search", ""),
    (re.compile(r"^(?:my\s+)?(?P<noun>[\w-]+)$", re.I), "list", ""),
]  # fmt: skip
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

    def __init__(self, catalog, today: Callable[[], dt.date] | None = None):
        """`today`: the date relative dates count from (default: the local date)."""
        self.catalog = catalog
        self.today = today or dt.date.today
        self._built: tuple[Any, _Index] | None = None

    # --- public: the Router interface (kernel.router.base) ---------------------------
    async def route(self, message: str, context: Conversation | None = None) -> Plan | Unmapped:
        return self.route_sync(message, context)

    def reply(self, finished) -> list:
        """The reply text for a finished step, in this router's voice."""
        from kernel.reply import describe, text_events

        return list(text_events(describe(finished)))

    def route_sync(self, message: str, context: Conversation | None = None) -> Plan | Unmapped:
        """`context`: the conversation so far, for "it" / "that task"; without one (or before
        anything was referred to) such a request is refused with a clear message."""
        text = " ".join(message.strip().split()) if "\n" not in message else message.strip()
        if not text:
            return Unmapped("Nothing to do: the message is empty.")
        explicit = EXPLICIT.match(text)
        if explicit and explicit.group(1) in self.catalog.extensions:
            return self._explicit(*explicit.groups())
        return self._natural(text, context, self.today())

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
    def _natural(self, text: str, context: Conversation | None, today: dt.date) -> Plan | Unmapped:
        text = POLITE.sub("", text).strip().rstrip(".!?")
        last = context.last if context else None
        steps = self._split(text, 1, last, today, None, is_first=True)
        if steps is not None:
            return Plan(steps)
        whole = self._clause(text, "s1", last, today, None)
        return Plan([whole]) if isinstance(whole, Step) else whole

    def _split(self, text, n, referent, today, prev, *, is_first=False) -> list[Step] | None:
        """Several requests in one ("add a task X and show my tasks"): a split is kept only if
        every part reads as a request of its own ("buy bread and milk" stays one title)."""
        if not is_first:
            text = self._inherit(text, prev)
        for m in SPLIT.finditer(text):
            if _in_quotes(text, m.start()):
                continue
            first = self._clause(text[: m.start()], f"s{n}", referent, today, prev)
            if isinstance(first, Unmapped):
                continue
            rest = self._split(
                text[m.end() :], n + 1, _referent_of(first) or referent, today, first
            )
            if rest is not None:
                return [first, *rest]
        if is_first:
            return None
        last = self._clause(text, f"s{n}", referent, today, prev)
        return [last] if isinstance(last, Step) else None

    def _inherit(self, text: str, prev: Step | None) -> str:
        """ "… and the note Old": the clause borrows the verb of the one before it."""
        m = re.match(r"(?:a|an|another|the|one more)\s+(\S+)", text, re.I)
        if prev is None or not m or singular(m.group(1).strip(":,")) not in self._nouns():
            return text
        kind = next((k for k, _, prefixes in VERBS if prev.function.startswith(prefixes)), None)
        phrase = next((phrases[0] for k, phrases, _ in VERBS if k == kind), None)
        return f"{phrase} {text}" if phrase else text

    def _clause(self, text, step_id, referent, today, prev) -> Step | Unmapped:
        text = text.strip().strip(",;").strip()
        text = POLITE.sub("", text)
        kind, rest, noun_hint = self._rewrite(text)
        if kind is None:
            kind, rest = self._verb(text)
        if kind is None:
            return Unmapped(
                f"I could not map “{text}” to an action.",
                suggestions=self._examples(),
            )
        setting = OF_TO.match(rest) if kind == "update" else None
        if setting:  # "change the body of note Groceries to eggs"
            rest = setting.group(2)
        adjectives, noun, subject = self._noun(rest)
        noun = noun or noun_hint
        target = subject.split(" to ")[0] if kind == "update" else subject
        pronoun = PRONOUN.match(target) or (not subject and adjectives[-1:] in (["that"], ["this"]))
        if pronoun or (not subject and noun and set(adjectives) & {"that", "this"}):
            if referent is None:
                return Unmapped(
                    f"“{text}”: I do not know what “it” is yet. Say which, e.g. "
                    f"“{kind} the {noun or 'task'} buy milk”."
                )
            if kind == "create" or (noun and noun != referent.noun):
                return Unmapped(f"I cannot {kind} “{text}”: say which {noun or 'item'}.")
            noun = referent.noun
        candidates = self._functions(kind, noun)
        if pronoun and referent is not None:
            candidates = [(a, f) for a, f in candidates if a == referent.app_id]
        if kind == "list" and subject and noun and len(candidates) == 1:
            fields = _fields(candidates[0][1])
            head, _ = _keyword_segments(LEADING.sub("", subject.strip()), list(fields))
            head = _strip_choices(head, fields)[0]
            head = FOLDERISH.sub("", head).strip() if head else head
            search = self._functions("search", noun)
            if head and search and not LIMIT.fullmatch(head):
                kind, candidates = "search", search
        if not candidates:
            what = f"{kind} {noun}s" if noun else kind
            return Unmapped(f"No loaded extension can {what}.", suggestions=self._examples())
        if len(candidates) > 1:
            options = ", ".join(f"{a}.{f.name}" for a, f in candidates)
            return Unmapped(f"That could mean several things: {options}. Say which.")
        app, fd = candidates[0]
        args = self._args(
            kind, app, fd, subject, adjectives, noun, today, referent if pronoun else None
        )
        if isinstance(args, Unmapped):
            return args
        if setting:
            field = setting.group(1).lower()
            if field not in _fields(fd) or field == "title" and "title" in args:
                return Unmapped(f"{app}.{fd.name} cannot change the {field}.")
            args[field] = setting.group(3).strip().strip("\"'")
        depends = (prev.step_id,) if prev is not None and pronoun else ()
        return Step(step_id, app, fd.name, args, depends)

    def _rewrite(self, text: str) -> tuple[str | None, str, str]:
        """Set phrasings with no plain verb up front: "todo: X", "remind me to X", "X is done"."""
        nouns = self._nouns()
        for pattern, kind, noun in REWRITES:
            m = pattern.match(text)
            if not m:
                continue
            groups = m.groupdict()
            word = singular(groups.get("noun") or noun)
            if word not in nouns:
                continue
            return kind, f"{word} {groups.get('rest') or ''}".strip(), word
        return None, text, ""

    def _verb(self, text: str) -> tuple[str | None, str]:
        done = MARK_DONE.match(text)
        if done:
            return "complete", done.group(1)
        low = text.lower()
        for kind, phrases, _ in VERBS:
            for phrase in phrases:
                if low == phrase or low.startswith(phrase + " ") or low.startswith(phrase + ":"):
                    return kind, text[len(phrase) :].lstrip(":").strip()
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
        for i, word in enumerate(words[:6]):
            bare = word.strip("'\":,")
            if singular(bare) in nouns and all(
                w.lower() in FILLER or w.isalpha() or w.isdigit() for w in words[:i]
            ):
                before = [w for w in words[:i] if w.lower() not in FILLER - KEEP]
                after = words[i + 1 :]
                if after and after[0].lower() == "list":
                    after = after[1:]
                return before, singular(bare), " ".join(after).lstrip(":").strip()
        while words and words[0].lower() in FILLER:
            words = words[1:]
        return [], "", " ".join(words)

    def _functions(self, kind: str, noun: str) -> list[tuple[str, Any]]:
        index = self._index()
        if not noun:
            return list(index.by_kind.get(kind, ()))
        return list(index.by_kind_noun.get((kind, noun), ()))

    def _args(self, kind, app, fd, subject, adjectives, noun, today, referent):
        fields = _fields(fd)
        args: dict[str, Any] = {}
        words = [a.lower().strip(",:") for a in adjectives]
        # a count before the noun ("show me 5 notes")
        count = next((w for w in words if w.isdigit()), None)
        if count and "limit" in fields:
            args["limit"] = int(count)
        # enum-valued params named by an adjective before the noun ("done tasks", "high priority task")
        for name, info in fields.items():
            for value in _choices(info):
                if value in [CHOICE_SYNONYMS.get(w, w) for w in words]:
                    args[name] = value
        id_param = fd.id_projection or next((n for n in fields if n.endswith("_id")), "")
        subject = LEADING.sub("", subject.strip()).strip()
        if kind == "create" and not QUOTED.match(subject):
            subject = re.sub(r"^to\s+(?!(?:the|my)\b)", "", subject, flags=re.I)
        quoted = QUOTED.match(subject)
        if quoted and kind in ("create", "search"):
            head_text, tail = quoted.group(2), subject[quoted.end() :]
        else:
            head_text, tail = None, subject
        tail, chosen = _strip_choices(tail, fields)
        args.update(chosen)
        tail, folder_args = _strip_folderish(tail, fields)
        args.update(folder_args)
        if kind == "list":  # "which tasks are done"
            bare = CHOICE_SYNONYMS.get(tail.lower(), tail.lower())
            for name, info in fields.items():
                if bare in _choices(info):
                    args[name], tail = bare, ""
        dates = [n for n in fields if _is_date(n, fd)]
        if dates and dates[0] not in args:
            tail, when = _strip_date(tail, today)
            if when:
                args[dates[0]] = when
        keywords = [n for n in fields if n != id_param]
        head, found = _keyword_segments(tail, keywords)
        for key, value in found.items():
            if key in dates:
                found[key] = to_iso(str(value), today) or value
        needs_text = [
            n for n, f in fields.items() if f.is_required() and n not in found and n != id_param
        ]
        if head or id_param or not needs_text or head_text is not None:
            subject = head  # else "add a task due friday": the keyword took it all; keep as text
            args.update({k: v for k, v in found.items() if k not in args})
        else:
            subject = tail
        if head_text is not None:
            subject = head_text
        if (
            kind == "update"
            and " to " in f" {subject} "
            and "title" in fields
            and "title" not in args
        ):
            target, _, new = subject.rpartition(" to ")
            subject, args["title"] = target.strip(), new.strip().strip("\"'")
        subject = subject.strip().strip(",").strip().strip("\"'“”")
        if id_param:
            if referent is not None and (not subject or PRONOUN.match(subject)):
                args[id_param] = referent.ident or Resolve(app, referent.noun, referent.title)
                return args
            if not subject or subject.lower() in ("all", "everything", "every"):
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
        missing = [n for n, f in fields.items() if f.is_required() and n not in args]
        if missing:
            return Unmapped(
                f"{app}.{fd.name} needs {', '.join(missing)}: e.g. “{kind} a {noun or 'item'} "
                f"Groceries”."
            )
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


def _in_quotes(text: str, pos: int) -> bool:
    """Whether `pos` is inside a quoted stretch ("…", “…” or '…'; an apostrophe inside a word
    such as "don't" is no quote)."""
    before = text[:pos]
    if (before.count('"') + before.count("“") + before.count("”")) % 2:
        return True
    opened = len(re.findall(r"(?:^|\s)'", before))
    closed = len(re.findall(r"\S'(?=\s|,|$)", before))
    return opened > closed


def _referent_of(step: Step) -> Referent | None:
    """What a step is about, for a later "it" in the same message."""
    for value in step.args.values():
        if isinstance(value, Resolve):
            return Referent(step.app_id, value.noun, "", value.title)
    title = step.args.get("title")
    if isinstance(title, str) and "_" in step.function:
        return Referent(step.app_id, singular(step.function.split("_", 1)[1]), "", title)
    return None


def _is_date(name: str, fd) -> bool:
    if name in ("due", "date", "deadline", "when") or name.endswith(("_date", "_on", "_by")):
        return True
    prop = (fd.params_schema or {}).get("properties", {}).get(name, {})
    return prop.get("format") == "date"


def _strip_date(text: str, today: dt.date) -> tuple[str, str]:
    """A date at the end of the text ("… due friday", "… by monday", "… tomorrow")."""
    m = re.search(
        rf"(?:,\s*|\s+)(?:(?:due|by|on)\s+)?(?:the\s+)?({DATE_EXPRESSION})\s*,?$", text, re.I
    )
    if m is None:
        m = re.search(
            rf"(?:,\s*|\s+)(?:due|by)\s+(?:the\s+)?({DATE_EXPRESSION})(?=\s*,|\s+with\b)",
            text,
            re.I,
        )
    if m is None:
        return text, ""
    iso = to_iso(m.group(1), today)
    if iso is None:
        return text, ""
    return (text[: m.start()] + text[m.end() :]).strip(), iso


def _strip_choices(text: str, fields) -> tuple[str, dict[str, Any]]:
    """ "… with high priority", "… priority: high", "…, low priority" -> priority."""
    found: dict[str, Any] = {}
    for name, info in fields.items():
        values = _choices(info)
        if not values:
            continue
        words = "|".join(
            map(re.escape, values + [k for k, v in CHOICE_SYNONYMS.items() if v in values])
        )
        for pattern in (
            rf"(?:,\s*|\s+|^)(?:(?:with|at|as)\s+)?(?:an?\s+)?({words})[- ]{name}\b",
            rf"(?:,\s*|\s+|^)(?:(?:with|at|as)\s+)?(?:the\s+)?{name}\s*(?::|=|is|of)?\s*({words})\b",
        ):
            m = re.search(pattern, text, re.I)
            if m:
                word = m.group(1).lower()
                found[name] = CHOICE_SYNONYMS.get(word, word)
                text = (text[: m.start()] + text[m.end() :]).strip()
                break
    return text, found


def _strip_folderish(text: str, fields) -> tuple[str, dict[str, Any]]:
    """ "… in the work folder", "… in my travel folder" -> folder="work"."""
    found: dict[str, Any] = {}
    for name in fields:
        lead = re.match(rf"^(?:in\s+)?(?:the\s+)?{name}\s+([\w-]+)\s*:\s*", text, re.I)
        if lead:  # "in folder work: standup notes"
            found[name], text = lead.group(1), text[lead.end() :]
            continue
        m = re.search(
            rf"(?:,\s*|\s+|^)(?:in|into|to|from|under)\s+(?:the\s+|my\s+)?([\w-]+)\s+{name}\b",
            text, re.I,
        )  # fmt: skip
        if m:
            found[name] = m.group(1)
            text = (text[: m.start()] + text[m.end() :]).strip()
    return text, found


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
        r"(?:,\s*|\s+)(?:(?:with|in|and|at)\s+)?(?:the\s+)?("
        + "|".join(map(re.escape, names))
        + r")\s*(?:=|:|is\s+)?\s*",
        re.I,
    )
    matches = [
        m for m in pattern.finditer(" " + subject) if not _in_quotes(" " + subject, m.start())
    ]
    if not matches:
        return subject, {}
    found: dict[str, Any] = {}
    head = (" " + subject)[: matches[0].start()].strip()
    for i, m in enumerate(matches):
        end = matches[i + 1].start() if i + 1 < len(matches) else len(subject) + 1
        value = (" " + subject)[m.end() : end].strip().strip(",").strip().strip("\"'")
        if value:
            found[m.group(1).lower()] = parse_value(value) if value.isdigit() else value
    return head, found
