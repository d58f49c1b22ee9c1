"""ActionResult: the typed envelope every chat function returns (imperal_sdk contract, section 3)."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

from pydantic import BaseModel

T = TypeVar("T", bound=BaseModel)

_log = logging.getLogger("imperal_sdk.action_result")


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


def _error_factory(error: str, retryable: bool = False) -> ActionResult:
    return ActionResult(status="error", data={}, summary="", error=error, retryable=retryable)


@dataclass
class ActionResult(Generic[T]):
    status: str
    data: Any = field(default_factory=dict)
    summary: str = ""
    error: Any = _FactoryOrField(_error_factory)
    retryable: bool = False
    ui: Any = None
    refresh_panels: list[str] | None = None

    @staticmethod
    def success(
        data: Any = None,
        summary: str = "",
        *,
        ui: Any = None,
        refresh_panels: list[str] | None = None,
    ) -> ActionResult:
        return ActionResult(
            status="success",
            data={} if data is None else data,
            summary=summary,
            error=None,
            retryable=False,
            ui=ui,
            refresh_panels=refresh_panels,
        )

    @property
    def ok(self) -> bool:
        return self.status == "success"

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"status": self.status, "summary": self.summary}
        out["data"] = self.data.model_dump() if isinstance(self.data, BaseModel) else self.data
        if isinstance(self.error, str):
            out["error"] = self.error
        if self.retryable:
            out["retryable"] = True
        if self.ui is not None:
            out["ui"] = self.ui.to_dict() if hasattr(self.ui, "to_dict") else self.ui
        if self.refresh_panels is not None:
            out["refresh_panels"] = self.refresh_panels
        return out

    @staticmethod
    def from_dict(d: dict[str, Any]) -> ActionResult:
        return ActionResult(
            status=d.get("status", "error"),
            data=d.get("data", {}),
            summary=d.get("summary", ""),
            error=d.get("error"),
            retryable=bool(d.get("retryable", False)),
            refresh_panels=d.get("refresh_panels"),
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
