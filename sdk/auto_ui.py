"""`imperal_sdk.auto_ui`: guess a declarative view for plain tool output.

A non-empty list of dicts becomes a table; a dict carrying a `status` or a numeric `count`
becomes a metric card; anything else has no automatic view (None).
"""

from __future__ import annotations

from typing import Any

__all__ = ["project_to_declarative_ir"]


def _table(rows: list[dict[str, Any]], title: str | None) -> dict[str, Any]:
    columns: list[str] = []
    for row in rows:
        columns += [k for k in row if k not in columns]
    return {
        "type": "table",
        "title": title or "Items",
        "columns": columns,
        "rows": rows,
        "total": len(rows),
    }


def _metric_card(data: dict[str, Any], title: str | None) -> dict[str, Any]:
    count = data.get("count")
    return {
        "type": "metric_card",
        "title": title or "Status",
        "badge": str(data["status"]) if "status" in data else "active",
        "metric": str(count) if "count" in data else "",
        "details": {k: v for k, v in data.items() if k != "status"},
    }


def project_to_declarative_ir(data: Any, title: str | None = None) -> dict[str, Any] | None:
    if isinstance(data, list) and data and all(isinstance(r, dict) for r in data):
        return _table(data, title)
    if isinstance(data, dict):
        count = data.get("count")
        numeric = isinstance(count, int | float) and not isinstance(count, bool)
        if "status" in data or numeric:
            return _metric_card(data, title)
    return None
