"""Events, cards and info records as JSON and back: what crosses the kernel protocol.

Stdlib only (the catalog's records are imported when first needed), so the thin client stays
cheap to import. Decoding is by the dataclass fields of `kernel.events`: an event type or field
this client does not know is an Error event or dropped, never a crash.
"""

from __future__ import annotations

import dataclasses
import json
import types
import typing
from typing import Any

from kernel import events as ev

EVENT_TYPES = {
    name: obj
    for name, obj in vars(ev).items()
    if isinstance(obj, type)
    and dataclasses.is_dataclass(obj)
    and obj.__module__ == ev.__name__
    and obj not in (ev.Card, ev.PlannedStep)
}


def dumps(obj: Any) -> str:
    return json.dumps(obj, ensure_ascii=False, default=str, separators=(",", ":"))


def event_to_dict(event: Any) -> dict[str, Any]:
    """An event as plain data, shallowly: handler data inside it is JSON already and is
    encoded at once (dataclasses.asdict would deep-copy every result)."""
    return {"type": type(event).__name__, **_plain(event)}


def _plain(obj: Any) -> Any:
    if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        return {f.name: _plain(getattr(obj, f.name)) for f in dataclasses.fields(obj)}
    if isinstance(obj, tuple):
        return [_plain(x) for x in obj]
    return obj


def event_from_dict(d: dict[str, Any]) -> Any:
    d = dict(d)
    kind = d.pop("type", None)
    cls = EVENT_TYPES.get(kind)
    if cls is None:
        return ev.Error(ev.INTERNAL, f"the kernel sent an unknown event type {kind!r}")
    try:
        return _decode(cls, d)
    except (TypeError, ValueError, KeyError) as exc:
        return ev.Error(ev.INTERNAL, f"the kernel sent a {kind} this client cannot read: {exc}")


def card_from_dict(d: dict[str, Any]) -> ev.Card:
    return _decode(ev.Card, d)


_HINTS: dict[type, dict[str, Any]] = {}


def _hints(cls: type) -> dict[str, Any]:
    if cls not in _HINTS:
        _HINTS[cls] = typing.get_type_hints(cls)
    return _HINTS[cls]


def _decode(cls: type, d: dict[str, Any]) -> Any:
    hints = _hints(cls)
    kwargs = {
        f.name: _coerce(hints.get(f.name, Any), d[f.name])
        for f in dataclasses.fields(cls)
        if f.name in d
    }
    return cls(**kwargs)


def _coerce(tp: Any, value: Any) -> Any:
    if value is None:
        return None
    origin = typing.get_origin(tp)
    if origin in (typing.Union, types.UnionType):
        for arg in typing.get_args(tp):
            if arg is type(None):
                continue
            try:
                return _coerce(arg, value)
            except (TypeError, ValueError, KeyError):
                continue
        return value
    if origin is tuple and isinstance(value, list | tuple):
        args = typing.get_args(tp)
        item = args[0] if args else Any
        return tuple(_coerce(item, v) for v in value)
    if isinstance(tp, type) and dataclasses.is_dataclass(tp):
        if not isinstance(value, dict):
            raise TypeError(f"expected an object for {tp.__name__}")
        return _decode(tp, value)
    return value


def extension_to_dict(info: Any) -> dict[str, Any]:
    return dataclasses.asdict(info)


def load_error_to_dict(error: Any) -> dict[str, Any]:
    return dataclasses.asdict(error)


def extension_from_dict(d: dict[str, Any]) -> Any:
    from kernel.catalog import ExtensionInfo, FunctionInfo, PanelInfo

    return ExtensionInfo(
        app_id=d["app_id"],
        display_name=d["display_name"],
        version=d["version"],
        path=d["path"],
        functions=tuple(_decode(FunctionInfo, f) for f in d["functions"]),
        panels=tuple(_decode(PanelInfo, p) for p in d["panels"]),
        secrets=tuple(dict(s) for s in d.get("secrets", ()) if isinstance(s, dict)),
    )


def load_error_from_dict(d: dict[str, Any]) -> Any:
    from kernel.catalog import LoadError

    return _decode(LoadError, d)
