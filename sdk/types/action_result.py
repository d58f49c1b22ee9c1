"""ActionResult: the typed envelope every chat function returns (imperal_sdk contract, section 3).

Wire shape (`to_dict`): `status`, `summary`, `data` always; `error`, `error_code`, `retryable`,
`ui`, `refresh_panels`, `undo`, `diff`, `action_receipt` only when set. `ActionResult.error(...)`
is a factory on the class and the message string on an instance.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

from pydantic import BaseModel

T = TypeVar("T", bound=BaseModel)

_log = logging.getLogger("imperal_sdk.action_result")

MORPH_SUMMARY = "Intent state updated."
# Optional members written to the wire only when they hold a value, in wire order.
_OPTIONAL_WIRE = ("undo", "diff", "action_receipt")


class _FactoryOrField:
    """Lets `ActionResult.error(...)` stay a factory on the class while instances hold a string."""

    def __init__(self, factory):
        self._factory = factory

    def __set_name__(self, owner, name):
        self._name = "_" + name

    def __get__(self, obj, objtype=None):
        if obj is None:
            return self._factory
        return obj.__dict__.get(self._name)

    def __set__(self, obj, value):
        obj.__dict__[self._name] = None if callable(value) else value


def _error_factory(error: str, retryable: bool = False, *, code: str = "") -> ActionResult:
    """A failed result; `code` is a taxonomy or app-defined error code (see chat.error_codes)."""
    return ActionResult(
        status="error",
        data={},
        summary="",
        error=error,
        retryable=retryable,
        error_code=str(code) if code else "",
    )


_error_factory.__name__ = "error"
_error_factory.__qualname__ = "ActionResult.error"


@dataclass
class ActionResult(Generic[T]):
    status: str
    data: Any = field(default_factory=dict)
    summary: str = ""
    error: Any = _FactoryOrField(_error_factory)
    retryable: bool = False
    ui: Any = None
    refresh_panels: list[str] | None = None
    error_code: str = ""
    undo: dict | None = None
    diff: dict | None = None
    action_receipt: dict | None = None

    @staticmethod
    def success(
        data: Any,
        summary: str,
        *,
        ui: Any = None,
        refresh_panels: list[str] | None = None,
        undo: dict | None = None,
        diff: dict | None = None,
        action_receipt: dict | None = None,
    ) -> ActionResult:
        return ActionResult(
            status="success",
            data=data,
            summary=summary,
            error=None,
            retryable=False,
            ui=ui,
            refresh_panels=refresh_panels,
            undo=undo,
            diff=diff,
            action_receipt=action_receipt,
        )

    @staticmethod
    def morph(
        state: Any,
        data: Any = None,
        summary: str = "",
        *,
        refresh_panels: list[str] | None = None,
        undo: dict | None = None,
        diff: dict | None = None,
        action_receipt: dict | None = None,
    ) -> ActionResult:
        """[6.x] A success whose `ui` is the new intent state (a node or a plain value)."""
        return ActionResult(
            status="success",
            data={} if data is None else data,
            summary=summary or MORPH_SUMMARY,
            error=None,
            ui=state,
            refresh_panels=refresh_panels,
            undo=undo,
            diff=diff,
            action_receipt=action_receipt,
        )

    @property
    def ok(self) -> bool:
        return self.status == "success"

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"status": self.status, "summary": self.summary}
        out["data"] = self.data.model_dump() if isinstance(self.data, BaseModel) else self.data
        if isinstance(self.error, str):
            out["error"] = self.error
        if self.error_code:
            out["error_code"] = self.error_code
        if self.retryable:  # written as given (5.11 keeps e.g. `retryable="Y"` verbatim)
            out["retryable"] = self.retryable
        if self.ui is not None:
            out["ui"] = self.ui.to_dict() if hasattr(self.ui, "to_dict") else self.ui
        if self.refresh_panels is not None:
            out["refresh_panels"] = self.refresh_panels
        for name in _OPTIONAL_WIRE:
            value = getattr(self, name)
            if value is not None:
                out[name] = value
        return out

    @staticmethod
    def from_dict(d: dict[str, Any]) -> ActionResult:
        """Rebuild from the wire (without `ui`, which does not round-trip)."""
        return ActionResult(
            status=d.get("status", "error"),
            data=d.get("data", {}),
            summary=d.get("summary", ""),
            error=d.get("error"),
            retryable=d.get("retryable", False),
            refresh_panels=d.get("refresh_panels"),
            error_code=str(d.get("error_code") or ""),
            undo=d.get("undo"),
            diff=d.get("diff"),
            action_receipt=d.get("action_receipt"),
        )

    def validate_against(self, model_class: type[BaseModel]) -> ActionResult:
        """Warn-only check of `data` against a model; never raises."""
        if self.data is None or isinstance(self.data, model_class):
            return self
        if isinstance(self.data, dict):
            try:
                model_class.model_validate(self.data)
            except Exception as exc:  # pydantic ValidationError or a model's own error
                _log.warning(
                    "data_model mismatch model=%s offending_fields=%s",
                    model_class.__name__,
                    str(exc)[:300],
                )
        return self
