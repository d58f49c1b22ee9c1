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


@dataclass
class Unmapped:
    message: str
    suggestions: list[str] = field(default_factory=list)
