"""`imperal_sdk.ir.ui_template`: fill a template UI tree's `{{ path }}` references."""

from __future__ import annotations

from typing import Any

from sdk.runtime.template import resolve_value
from sdk.runtime.verbs import eval_conditional

__all__ = ["eval_conditional", "resolve_ui_tree", "resolve_value"]


def resolve_ui_tree(tree: dict[str, Any], ctx: dict[str, Any]) -> dict[str, Any]:
    return resolve_value(tree, ctx)
