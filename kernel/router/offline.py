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

from kernel.router.dates import to_iso
from kernel.router.phrases import (
    CHOICE_SYNONYMS,
    EXPLICIT,
    FILLER,
    FOLDERISH,
    KEEP,
    LEADING,
    LIMIT,
    MARK_DONE,
    MAX_SPLITS,
    OF_TO,
    POLITE,
    PRONOUN,
    QUOTED,
    REWRITES,
    SPLIT,
    VERBS,
    singular,
)
from kernel.router.plan import Conversation, Plan, Referent, Resolve, Step, Unmapped
from kernel.router.slots import (
    choices_of,
    fields_of,
    in_quotes,
    is_date,
    keyword_segments,
    parse_value,
    strip_choices,
    strip_date,
    strip_folderish,
    subject_param,
)

__all__ = ["OfflineRouter", "parse_value", "singular"]


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
        splits = list(SPLIT.finditer(text))
        for m in splits if len(splits) <= MAX_SPLITS else ():
            if in_quotes(text, m.start()):
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
        pointing = {"that", "this"} & {w.lower() for w in adjectives}
        pronoun = bool(PRONOUN.match(target)) or (not subject and bool(noun and pointing))
        if pronoun:
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
        if kind == "list":  # "tasks that are done", "notes are in folder work"
            subject = re.sub(
                r"^(?:(?:that|which)\s+)?(?:(?:are|is)|i(?:'ve| have))\s+", "", subject, flags=re.I
            )
        if kind == "list" and subject and noun and len(candidates) == 1:
            fields = fields_of(candidates[0][1])
            head, _ = keyword_segments(LEADING.sub("", subject.strip()), list(fields))
            head = strip_choices(head, fields)[0]
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
            if field not in fields_of(fd) or field == "title" and "title" in args:
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
            rest = f"{groups.get('rest') or ''}{groups.get('tail') or ''}"
            return kind, f"{word} {rest}".strip(), word
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
                w.lower() in FILLER or w.replace("-", "").isalpha() or w.isdigit()
                for w in words[:i]
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
        fields = fields_of(fd)
        args: dict[str, Any] = {}
        words = [w for a in adjectives for w in a.lower().strip(",:").split("-")]
        # a count before the noun ("show me 5 notes")
        count = next((w for w in words if w.isdigit()), None)
        if count and "limit" in fields:
            args["limit"] = int(count)
        # enum-valued params named by an adjective before the noun ("done tasks", "high priority task")
        for name, info in fields.items():
            for value in choices_of(info):
                if value in [CHOICE_SYNONYMS.get(w, w) for w in words]:
                    args[name] = value
        id_param = fd.id_projection or next((n for n in fields if n.endswith("_id")), "")
        subject = LEADING.sub("", subject.strip()).strip()
        if kind == "create" and not QUOTED.match(subject):
            subject = re.sub(r"^to\s+(?!(?:the|my)\b)", "", subject, flags=re.I)
        if kind == "search":  # "notes about the budget": look for "budget"
            subject = re.sub(r"^(?:the|a|an)\s+", "", subject, flags=re.I)
        quoted = QUOTED.match(subject)
        if quoted and kind in ("create", "search"):
            head_text, tail = quoted.group(2), subject[quoted.end() :]
        else:
            head_text, tail = None, subject
        tail, chosen = strip_choices(tail, fields)
        args.update(chosen)
        tail, folder_args = strip_folderish(tail, fields)
        args.update(folder_args)
        if kind == "list":  # "which tasks are done"
            bare = CHOICE_SYNONYMS.get(tail.lower(), tail.lower())
            for name, info in fields.items():
                if bare in choices_of(info):
                    args[name], tail = bare, ""
        dates = [n for n in fields if is_date(n, fd)]
        if dates and dates[0] not in args:
            tail, when = strip_date(tail, today)
            if when:
                args[dates[0]] = when
        keywords = [n for n in fields if n != id_param]
        head, found = keyword_segments(tail, keywords)
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
            target = subject_param(fields, exclude=set(args))
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


def _referent_of(step: Step) -> Referent | None:
    """What a step is about, for a later "it" in the same message."""
    for value in step.args.values():
        if isinstance(value, Resolve):
            return Referent(step.app_id, value.noun, "", value.title)
    title = step.args.get("title")
    if isinstance(title, str) and "_" in step.function:
        return Referent(step.app_id, singular(step.function.split("_", 1)[1]), "", title)
    return None
