"""Tray items: what extensions declare with `@ext.tray(...)`, and what their handlers answer.

The declarations come from each manifest (`extras["tray"]`, written where the extension is
imported); `items` sorts them as the host draws them: zones left to right (status, actions,
system), then `order`, then id. A tray handler is called like a panel, read-only through the
executor's one render path (`Executor.render(..., kind="tray")`), and its answer is read here
into a `TrayState`: the badge to show, the glyph colour and the ui tree of its dropdown.

An answer is the canonical `ui.TrayResponse(badge=, panel=, icon_color=)`, or the older form:
a Stack whose Badge is the badge and whose other children make the dropdown. Anything else is
shown as the dropdown with no badge; an error node (the handler failed) becomes the state's
`error` and its dropdown.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

ZONES = ("status", "actions", "system")  # left to right
MAX_BADGE = 12  # characters of a badge kept for a one-line strip


@dataclass(frozen=True)
class TrayInfo:
    """One declared tray item."""

    app_id: str
    tray_id: str
    icon: str = "Circle"
    tooltip: str = ""
    zone: str = "status"
    order: int = 100
    badge_style: str = "corner"
    icon_color: str = "default"

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class TrayState:
    """A tray handler's answer, ready to draw: `badge` is "" when there is none to show (a
    zero count is hidden, as the web host does)."""

    app_id: str
    tray_id: str
    badge: str = ""
    color: str = ""  # the answer's icon colour; "" keeps the declared one
    panel: dict[str, Any] | None = None
    error: str = ""

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def items(manifests: Any) -> list[TrayInfo]:
    """The tray items of `manifests` (ExtensionManifest objects), in drawing order. A
    malformed declaration is skipped: the tray never fails because of one extension."""
    found = []
    for m in manifests:
        for decl in (m.extras or {}).get("tray") or ():
            info = _info(m.app_id, decl)
            if info is not None:
                found.append(info)
    return sorted(found, key=_place)


def declares(manifest: Any, tray_id: str) -> bool:
    return any(t.tray_id == tray_id for t in items([manifest]))


def state_of(app_id: str, tray_id: str, node: Any) -> TrayState:
    """Read the ui node a tray handler answered (already unwrapped from its envelope)."""
    if not isinstance(node, dict):
        return TrayState(app_id, tray_id, error="the tray handler returned no ui node")
    kind, props = node.get("type"), node.get("props")
    props = props if isinstance(props, dict) else {}
    if kind == "Error":
        message = str(props.get("message") or "the tray handler failed")
        return TrayState(app_id, tray_id, badge="!", color="danger", panel=node, error=message)
    if kind == "TrayResponse":
        panel = props.get("panel")
        return TrayState(
            app_id, tray_id, badge=badge_text(props.get("badge")),
            color=_color(props.get("icon_color")),
            panel=panel if isinstance(panel, dict) else None,
        )  # fmt: skip
    if kind == "Stack":
        children = [c for c in props.get("children") or () if isinstance(c, dict)]
        badges = [c for c in children if c.get("type") == "Badge"]
        rest = [c for c in children if c.get("type") != "Badge"]
        panel = rest[0] if len(rest) == 1 else {"type": "Stack", "props": {"children": rest}}
        badge = badge_text(badges[0]) if badges else ""
        return TrayState(app_id, tray_id, badge=badge, panel=panel if rest else None)
    if kind == "Badge":
        return TrayState(app_id, tray_id, badge=badge_text(node))
    return TrayState(app_id, tray_id, panel=node)


def badge_text(badge: Any) -> str:
    """A badge's text: a Badge node's `value` (else its `label`), or a plain number or
    string. Zero and empty are "" (hidden); long text is cut to MAX_BADGE characters."""
    if isinstance(badge, dict):
        props = badge.get("props") if isinstance(badge.get("props"), dict) else badge
        value = props.get("value")
        badge = value if value not in (None, "") else props.get("label")
    if badge is None or isinstance(badge, bool | dict | list):
        return ""
    if isinstance(badge, int | float):
        if badge == 0:
            return ""
        badge = int(badge) if float(badge).is_integer() else badge
    text = " ".join(str(badge).split())
    if text in ("", "0"):
        return ""
    return text if len(text) <= MAX_BADGE else text[: MAX_BADGE - 1] + "…"


def _color(value: Any) -> str:
    from sdk.types.contributions import normalize_tray_icon_color

    if not isinstance(value, str) or not value.strip():
        return ""
    return normalize_tray_icon_color(value)


def _info(app_id: str, decl: Any) -> TrayInfo | None:
    from sdk.types.contributions import normalize_tray_icon_color

    if not isinstance(decl, dict) or not isinstance(decl.get("tray_id"), str):
        return None
    order = decl.get("order", 100)
    zone = decl.get("zone", "status")
    return TrayInfo(
        app_id=app_id,
        tray_id=decl["tray_id"],
        icon=str(decl.get("icon") or "Circle"),
        tooltip=str(decl.get("tooltip") or ""),
        zone=zone if zone in ZONES else "status",
        order=order if isinstance(order, int) and not isinstance(order, bool) else 100,
        badge_style=str(decl.get("badge_style") or "corner"),
        icon_color=normalize_tray_icon_color(str(decl.get("icon_color") or "")),
    )


def _place(info: TrayInfo) -> tuple[int, int, str, str]:
    return (ZONES.index(info.zone), info.order, info.tray_id, info.app_id)


def info_from_dict(d: dict[str, Any]) -> TrayInfo:
    """The wire form back (RPC clients)."""
    return TrayInfo(**{k: d[k] for k in TrayInfo.__dataclass_fields__ if k in d})


def state_from_dict(d: dict[str, Any]) -> TrayState:
    return TrayState(**{k: d[k] for k in TrayState.__dataclass_fields__ if k in d})
