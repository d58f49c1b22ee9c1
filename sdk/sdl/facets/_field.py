"""The field every built-in facet declares: optional, `None` by default, tagged with its role."""

from __future__ import annotations

from typing import Any

from pydantic import Field

from ..field import ROLE_KEY


def facet_field(role: str) -> Any:
    return Field(default=None, json_schema_extra={ROLE_KEY: role})
