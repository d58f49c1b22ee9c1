"""ChatExtension and `@chat.function`: typed, LLM-callable functions of an extension."""

from __future__ import annotations

import inspect
import logging
import re
import typing
from dataclasses import dataclass, field
from typing import Any

from pydantic import BaseModel

from sdk.chat.exceptions import TaskCancelled
from sdk.types.action_result import ActionResult

__all__ = ["ActionResult", "ChatExtension", "FunctionDef", "TaskCancelled"]

_log = logging.getLogger("imperal_sdk.chat.extension")

ACTION_TYPES = ("read", "write", "destructive")
_IDENTITY_PROMPT = re.compile(r"\byou are (a |an |the )", re.IGNORECASE)


@dataclass
class FunctionDef:
    name: str
    func: Any
    description: str
    params: dict[str, Any] = field(default_factory=dict)
    action_type: str = "read"
    event: str = ""
    chain_callable: bool = True
    effects: list[str] = field(default_factory=list)
    id_projection: str = ""
    inputs: list[Any] = field(default_factory=list)
    outputs: list[Any] = field(default_factory=list)
    background: bool = False
    long_running: bool = False
    _pydantic_model: type[BaseModel] | None = None
    _pydantic_param: str = ""
    _return_model: type[BaseModel] | None = None
    _ui_builder: bool = False

    @property
    def params_model(self) -> type[BaseModel] | None:
        return self._pydantic_model


def _is_model(obj: Any) -> bool:
    return isinstance(obj, type) and issubclass(obj, BaseModel)


def _hints(func: Any) -> dict[str, Any]:
    try:
        return typing.get_type_hints(func)
    except Exception:
        return dict(getattr(func, "__annotations__", {}))


def detect_params_model(func: Any) -> tuple[type[BaseModel] | None, str]:
    """The first parameter (other than ctx/self) annotated with a BaseModel subclass."""
    hints = _hints(func)
    for pname, param in inspect.signature(func).parameters.items():
        if pname in ("ctx", "self"):
            continue
        ann = hints.get(pname, param.annotation)
        if ann is inspect.Parameter.empty:
            continue
        if _is_model(ann):
            return ann, pname
    return None, ""


def detect_return_model(func: Any, data_model: Any) -> type[BaseModel] | None:
    if _is_model(data_model):
        return data_model
    ret = _hints(func).get("return")
    if _is_model(ret):
        return ret
    origin = typing.get_origin(ret)
    if origin is not None and getattr(origin, "__name__", "") == "ActionResult":
        args = typing.get_args(ret)
        if args and _is_model(args[0]):
            return args[0]
    return None


def params_summary(model: type[BaseModel]) -> dict[str, Any]:
    schema = model.model_json_schema()
    required = set(schema.get("required", []))
    out: dict[str, Any] = {}
    for fname, prop in schema.get("properties", {}).items():
        entry = {
            "type": prop.get("type", "string"),
            "description": prop.get("description", prop.get("title", "")),
        }
        if fname not in required:
            entry["default"] = prop.get("default")
        out[fname] = entry
    return out


class ChatExtension:
    def __init__(
        self,
        ext: Any,
        tool_name: str | None = None,
        description: str = "",
        system_prompt: str = "",
        model: str | None = None,
        max_rounds: int = 10,
    ):
        if tool_name is None:
            tool_name = f"tool_{ext.app_id}_chat"
        self.ext = ext
        self.tool_name = tool_name
        self.description = description
        self.system_prompt = system_prompt
        self.model = model or ""
        self.max_rounds = max_rounds
        self._functions: dict[str, FunctionDef] = {}
        if model:
            # 5.11 only logs this (no DeprecationWarning), so `-W error` runs stay green.
            _log.warning(
                "ChatExtension %r: model= is ignored; the platform picks the model", tool_name
            )
        if system_prompt and _IDENTITY_PROMPT.search(system_prompt):
            _log.warning(
                "system_prompt of %s declares an identity; the kernel injects it", tool_name
            )
        registry = getattr(ext, "_chat_extensions", None)
        if registry is None:
            registry = {}
            ext._chat_extensions = registry
        registry[tool_name] = self

    @property
    def functions(self) -> dict[str, FunctionDef]:
        return self._functions

    def function(
        self,
        name: str,
        description: str,
        params: dict[str, Any] | None = None,
        action_type: str = "read",
        event: str = "",
        chain_callable: bool | None = None,
        effects: list[str] | None = None,
        id_projection: str | None = None,
        background: bool = False,
        long_running: bool = False,
        inputs: list[Any] | None = None,
        outputs: list[Any] | None = None,
        data_model: Any = None,
        ui_builder: bool = False,
    ):
        """Register an LLM-callable function.

        The params model is the first parameter (other than ctx) annotated with a pydantic
        model, unless `params=` describes the parameters explicitly; the return model is
        `data_model` or the `ActionResult[Model]` return annotation. `inputs` / `outputs`
        ([6.x]) name what the function reads and produces; `ui_builder=True` marks a function
        whose result is a ui tree.
        """

        def decorator(func: Any) -> Any:
            model, pname = (None, "") if params is not None else detect_params_model(func)
            self._functions[name] = FunctionDef(
                name=name,
                func=func,
                description=description,
                params=params if params is not None else (params_summary(model) if model else {}),
                action_type=action_type,
                event=event,
                chain_callable=True if chain_callable is None else bool(chain_callable),
                effects=list(effects or []),
                id_projection=id_projection or "",
                inputs=list(inputs or []),
                outputs=list(outputs or []),
                background=background,
                long_running=long_running,
                _pydantic_model=model,
                _pydantic_param=pname,
                _return_model=detect_return_model(func, data_model),
                _ui_builder=bool(ui_builder),
            )
            return func

        return decorator
