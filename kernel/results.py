"""Normalise whatever a handler returns into the ActionResult wire dict."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel

from sdk.types.action_result import ActionResult


def normalise(result: Any) -> dict[str, Any]:
    if isinstance(result, ActionResult):
        return result.to_dict()
    if isinstance(result, BaseModel):
        return {"status": "success", "summary": "", "data": result.model_dump(mode="json")}
    if isinstance(result, dict):
        if result.get("status") in ("success", "error"):
            return {"summary": "", "data": {}, **result}
        if result.get("RESULT") == "ERROR" or "error" in result or result.get("success") is False:
            return {
                "status": "error",
                "summary": "",
                "data": result,
                "error": str(
                    result.get("error") or result.get("detail") or "the function reported an error"
                ),
            }
        return {"status": "success", "summary": str(result.get("text", "")), "data": result}
    if result is None:
        return {"status": "success", "summary": "", "data": {}}
    return {"status": "success", "summary": str(result), "data": {"value": result}}
