"""Declarative contribution records (`imperal_sdk.types.contributions`); data only, no decorators."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

ALLOWED_PANEL_SLOTS = frozenset({"center", "left", "right", "overlay", "bottom", "chat-sidebar"})
PANEL_SLOT_RENDERING_STATUS = {
    "left": "permanent",
    "right": "permanent",
    "center": "center-overlay",
    "overlay": "reserved",
    "bottom": "reserved",
    "chat-sidebar": "reserved",
}

# Menu sections: the platform draws "account" and "footer" itself; extensions add to the others.
MENU_SECTION_ORDER = ("account", "main", "admin", "footer")
ALLOWED_MENU_SECTIONS = frozenset(MENU_SECTION_ORDER)
RESERVED_MENU_SECTIONS = frozenset({"account", "footer"})
CONTRIBUTABLE_MENU_SECTIONS = ALLOWED_MENU_SECTIONS - RESERVED_MENU_SECTIONS

# Tray items: zone, badge style and icon colour (colour names, mapped onto the host's theme).
TRAY_ZONE_ORDER = ("status", "actions", "system")
ALLOWED_TRAY_ZONES = frozenset(TRAY_ZONE_ORDER)
TRAY_BADGE_STYLES = ("corner", "inline")
ALLOWED_TRAY_BADGE_STYLES = frozenset(TRAY_BADGE_STYLES)
DEFAULT_TRAY_BADGE_STYLE = "corner"
TRAY_ICON_COLORS = ("default", "primary", "success", "warning", "danger", "muted")
TRAY_ICON_COLOR_ALIASES = {
    "blue": "primary",
    "green": "success",
    "yellow": "warning",
    "amber": "warning",
    "red": "danger",
    "gray": "muted",
    "grey": "muted",
}
ALLOWED_TRAY_ICON_COLORS = frozenset(TRAY_ICON_COLORS) | frozenset(TRAY_ICON_COLOR_ALIASES)
DEFAULT_TRAY_ICON_COLOR = "default"


def normalize_tray_icon_color(value: str | None) -> str:
    """The canonical tray colour for `value`: aliases ("red", "grey", ...) map onto the six
    theme names, case and surrounding blanks are ignored, empty means "default". An unknown
    name comes back folded (the decorator, not this helper, rejects it)."""
    if value is None:
        return DEFAULT_TRAY_ICON_COLOR
    key = value.strip().lower()
    if not key:
        return DEFAULT_TRAY_ICON_COLOR
    return TRAY_ICON_COLOR_ALIASES.get(key, key)


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
