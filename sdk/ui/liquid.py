"""Liquid UI: one intent state that each surface (panel, chat, terminal, voice) projects its own way.

`MorphingState` carries the situation (`context`, `summary`, `urgency`, `risk`), its details and
metrics, and the `Affordance`s (the actions a person may take next). `CognitiveContext` says how
much attention the person can give it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sdk.ui.base import UINode


@dataclass
class Affordance:
    """An action offered to the person: `risk` is read, write or destructive."""

    id: str
    label: str
    description: str = ""
    primary: bool = False
    risk: str = "read"
    requires_confirmation: bool = False
    shortcut: Any = None
    payload: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


@dataclass
class CognitiveContext:
    """How the person is placed: the situation, its urgency and their attention budget."""

    situation: str = "general"
    urgency: str = "normal"
    attention_budget: str = "focused"
    modality_hint: Any = None

    def to_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


# The state's own fields, repeated flat beside `type` and `props` on the wire.
_FLAT = (
    "context",
    "summary",
    "urgency",
    "risk",
    "details",
    "affected_entities",
    "metrics",
    "affordances",
    "cognitive",
)


def _affordance_dicts(affordances: Any) -> list[dict[str, Any]]:
    """Affordances as dicts; entries that are neither an Affordance nor a dict are dropped."""
    out: list[dict[str, Any]] = []
    for entry in affordances or []:
        if isinstance(entry, Affordance):
            out.append(entry.to_dict())
        elif isinstance(entry, dict):
            out.append(entry)
    return out


class MorphingState(UINode):
    """An intent state node; extra keyword arguments become extra props."""

    def __init__(
        self,
        context: Any,
        summary: Any,
        urgency: str = "normal",
        risk: str = "read",
        details: Any = None,
        affected_entities: Any = None,
        metrics: Any = None,
        affordances: Any = None,
        cognitive: Any = None,
        projection_hints: Any = None,
        **kwargs: Any,
    ) -> None:
        if isinstance(cognitive, CognitiveContext):
            cognitive = cognitive.to_dict()
        props: dict[str, Any] = {
            "context": context,
            "summary": summary,
            "urgency": urgency,
            "risk": risk,
            "details": "" if details is None else details,
            "affected_entities": list(affected_entities or []),
            "metrics": dict(metrics or {}),
            "affordances": _affordance_dicts(affordances),
            "cognitive": {} if cognitive is None else cognitive,
            "projection_hints": dict(projection_hints or {}),
        }
        props.update(kwargs)
        super().__init__("MorphingState", props)

    context = property(lambda self: self.props.get("context"))
    summary = property(lambda self: self.props.get("summary"))
    urgency = property(lambda self: self.props.get("urgency"))
    risk = property(lambda self: self.props.get("risk"))
    details = property(lambda self: self.props.get("details"))
    affected_entities = property(lambda self: self.props.get("affected_entities"))
    metrics = property(lambda self: self.props.get("metrics"))
    affordances = property(lambda self: self.props.get("affordances"))
    cognitive = property(lambda self: self.props.get("cognitive"))

    def to_dict(self) -> dict[str, Any]:
        wire = UINode.to_dict(self)
        wire["component"] = "MorphingState"
        wire.update({name: self.props.get(name) for name in _FLAT})
        return wire

    def project_for_surface(self, surface: str) -> dict[str, Any]:
        """The state as one surface shows it.

        "terminal" gets a compact block (summary, urgency and numbered action shortcuts),
        "panel" a rich card around the full state; any other surface gets the full state.
        """
        if surface == "terminal":
            return {
                "surface": "terminal",
                "format": "tui_block",
                "urgency": self.urgency,
                "summary": self.summary,
                "shortcuts": terminal_shortcuts(self.affordances or []),
            }
        if surface == "panel":
            return {"surface": "panel", "format": "rich_intent_card", "full_state": self.to_dict()}
        return self.to_dict()


def terminal_shortcuts(affordances: list[dict[str, Any]]) -> list[str]:
    """`[n] label (key)`: each affordance numbered from 1; its key is its shortcut or n."""
    return [
        f"[{n}] {entry['label']} ({entry.get('shortcut') or n})"
        for n, entry in enumerate(affordances, start=1)
    ]
