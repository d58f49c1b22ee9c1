"""A routed request: the steps to run, or why the request could not be mapped."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Resolve:
    """An id argument still to be found: the item of `app_id` whose title is `title`."""

    app_id: str
    noun: str
    title: str

    def to_json(self) -> dict[str, Any]:
        return {"$resolve": {"app": self.app_id, "noun": self.noun, "title": self.title}}


@dataclass
class Referent:
    """An item the conversation has talked about: "it", "that task" can stand for it."""

    app_id: str
    noun: str
    ident: str = ""  # its id once known (after the call that made or found it)
    title: str = ""

    def to_json(self) -> dict[str, str]:
        return {"app_id": self.app_id, "noun": self.noun, "ident": self.ident, "title": self.title}

    @classmethod
    def from_json(cls, d: Any) -> Referent | None:
        """A referent stored with a conversation; None when `d` is not one."""
        if not isinstance(d, dict) or not d.get("app_id"):
            return None
        return cls(*(str(d.get(k) or "") for k in ("app_id", "noun", "ident", "title")))


@dataclass
class Conversation:
    """What a router remembers between turns of one conversation (one session).

    `history`: the earlier turns, oldest first, as `{"role": "user"|"assistant", "content"}`
    (the current message is not in it; it starts with a user message and is bounded, see
    `kernel.session.HISTORY_MESSAGES`). `conversation_id`: the stored conversation
    (`kernel.history`), None until the session's first message."""

    last: Referent | None = None
    conversation_id: str | None = None
    history: list[dict[str, str]] = field(default_factory=list)

    def observe(self, app_id: str, function: str, data: Any) -> None:
        """Remember the item a finished call returned: a dict with an `id`, or the only item
        of a listing or search ("find the note Groceries", then "delete it")."""
        from kernel.router.phrases import singular

        item = data if isinstance(data, dict) and data.get("id") not in (None, "") else None
        if item is None and isinstance(data, dict):
            lists = [v for v in data.values() if isinstance(v, list)]
            if len(lists) == 1 and len(lists[0]) == 1 and isinstance(lists[0][0], dict):
                item = lists[0][0] if lists[0][0].get("id") not in (None, "") else None
        if item is not None:
            noun = singular(function.split("_", 1)[1]) if "_" in function else ""
            title = item.get("title") or item.get("name") or ""
            self.last = Referent(app_id, noun, str(item["id"]), str(title))


@dataclass
class Step:
    step_id: str
    app_id: str
    function: str
    args: dict[str, Any] = field(default_factory=dict)
    depends_on: tuple[str, ...] = ()


@dataclass
class Plan:
    steps: list[Step]
    router: str = "offline"
    notice: str = ""  # said once before the steps run (the model failed; offline answered)


@dataclass
class Unmapped:
    message: str
    suggestions: list[str] = field(default_factory=list)


def step_to_json(step: Step) -> dict[str, Any]:
    """A plan step as JSON (a card's continuation is stored with the card)."""
    return {
        "step_id": step.step_id,
        "app_id": step.app_id,
        "function": step.function,
        "args": {k: v.to_json() if isinstance(v, Resolve) else v for k, v in step.args.items()},
        "depends_on": list(step.depends_on),
    }


def step_from_json(d: dict[str, Any]) -> Step:
    args: dict[str, Any] = {}
    for key, value in (d.get("args") or {}).items():
        marker = value.get("$resolve") if isinstance(value, dict) and len(value) == 1 else None
        if isinstance(marker, dict):
            args[key] = Resolve(marker["app"], marker["noun"], marker["title"])
        else:
            args[key] = value
    return Step(d["step_id"], d["app_id"], d["function"], args, tuple(d.get("depends_on", ())))


@dataclass
class Answer:
    """A reply that needs no tool: text streamed piece by piece (`pieces`), from `router`."""

    pieces: Any  # an async iterator of str
    router: str = "llm"


@dataclass
class Unavailable:
    """The request needs the model and the model cannot answer: why, for the user (one line:
    no suggestions, since nothing offline could map it)."""

    message: str
