"""Declarative contribution records (`imperal_sdk.types.contributions`); data only, no decorators."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sdk.extension import ALLOWED_PANEL_SLOTS

SETTING_TYPES = ("string", "number", "boolean", "secret", "select", "list", "color", "json")


@dataclass
class Panel:
    id: str
    title: str
    icon: str = ""
    slot: str = "center"
    component: str = ""
    default_position: int = 0
    movable: bool = True
    resizable: bool = True
    min_width: int = 200
    max_width: int | None = None
    permissions: list[str] = field(default_factory=list)
    context_trigger: str | None = None
    badge: Any = None

    def __post_init__(self) -> None:
        if self.slot not in ALLOWED_PANEL_SLOTS:
            raise ValueError(
                f"panel {self.id!r}: slot {self.slot!r} is not one of {sorted(ALLOWED_PANEL_SLOTS)}"
            )


@dataclass
class Widget:
    id: str
    slot: str
    component: str = ""
    size: str = "md"
    label: str = ""
    icon: str = ""
    permissions: list[str] = field(default_factory=list)


@dataclass
class Command:
    id: str
    title: str
    icon: str = ""
    shortcut: str = ""
    category: str = ""
    handler: str = ""
    when: str = ""


@dataclass
class ContextMenu:
    slot: str
    label: str
    icon: str = ""
    handler: str = ""
    separator_before: bool = False
    when: str = ""
    group: str = ""


@dataclass
class Setting:
    id: str
    type: str
    label: str
    description: str = ""
    default: Any = None
    required: bool = False
    min: float | None = None
    max: float | None = None
    options: list[Any] | None = None
    placeholder: str = ""
    group: str = ""
    admin_only: bool = False


@dataclass
class Theme:
    accent_color: str = ""
    dark_mode: bool = True
    custom_css: str = ""
    chat_bubble_style: str = "default"
    icon_style: str = "outline"
    border_radius: str = "md"
