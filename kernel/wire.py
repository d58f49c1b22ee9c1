"""Events and info records as JSON and back: the resident kernel's line protocol.

Stdlib only, so the thin client stays cheap to import.
"""

from __future__ import annotations

import dataclasses
import json
from typing import Any

from kernel import events as ev
from kernel.catalog import ExtensionInfo, FunctionInfo, LoadError, PanelInfo

EVENT_TYPES = {
    cls.__name__: cls
    for cls in (
        ev.TextDelta,
        ev.PlanProposed,
        ev.ConfirmationRequired,
        ev.CardResolved,
        ev.ActionStarted,
        ev.Progress,
        ev.ActionFinished,
        ev.PanelInvalidated,
        ev.ProactiveMessage,
        ev.Error,
    )
}


def dumps(obj: Any) -> str:
    return json.dumps(obj, ensure_ascii=False, default=str, separators=(",", ":"))


def event_to_dict(event: Any) -> dict[str, Any]:
    return {"type": type(event).__name__, **dataclasses.asdict(event)}


def event_from_dict(d: dict[str, Any]) -> Any:
    d = dict(d)
    kind = d.pop("type", None)
    cls = EVENT_TYPES.get(kind)
    if cls is None:
        return ev.Error(ev.INTERNAL, f"the kernel sent an unknown event type {kind!r}")
    if cls is ev.ConfirmationRequired:
        return ev.ConfirmationRequired(ev.Card(**d["card"]))
    if cls is ev.PlanProposed:
        steps = tuple(
            ev.PlannedStep(**{**s, "depends_on": tuple(s.get("depends_on", ()))})
            for s in d["steps"]
        )
        return ev.PlanProposed(d["plan_id"], steps, d.get("router", "offline"))
    if cls is ev.PanelInvalidated and d.get("panel_ids") is not None:
        d["panel_ids"] = tuple(d["panel_ids"])
    return cls(**d)


def extension_to_dict(info: ExtensionInfo) -> dict[str, Any]:
    return dataclasses.asdict(info)


def extension_from_dict(d: dict[str, Any]) -> ExtensionInfo:
    return ExtensionInfo(
        app_id=d["app_id"],
        display_name=d["display_name"],
        version=d["version"],
        path=d["path"],
        functions=tuple(FunctionInfo(**f) for f in d["functions"]),
        panels=tuple(PanelInfo(**p) for p in d["panels"]),
    )


def load_error_from_dict(d: dict[str, Any]) -> LoadError:
    return LoadError(**d)
