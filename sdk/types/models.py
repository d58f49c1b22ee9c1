"""Plain data types that cross the ctx boundary (documents, pages, HTTP responses, events)."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

from pydantic import BaseModel, ConfigDict

T = TypeVar("T")


@dataclass
class Document:
    id: str
    collection: str
    data: dict[str, Any]
    extension_id: str = ""
    tenant_id: str = "default"
    created_at: str = ""
    updated_at: str = ""
    user_id: str = ""

    def __getitem__(self, key: str) -> Any:
        return self.data[key]

    def get(self, key: str, default: Any = None) -> Any:
        return self.data.get(key, default)


class Page(BaseModel, Generic[T]):
    model_config = ConfigDict(arbitrary_types_allowed=True)

    data: list[T]
    cursor: str | None = None
    has_more: bool = False
    total: int | None = None

    def __iter__(self):  # type: ignore[override]
        return iter(self.data)

    def __len__(self) -> int:
        return len(self.data)


class HTTPStatusError(Exception):
    def __init__(self, status_code: int, body: Any = ""):
        super().__init__(f"HTTP {status_code}")
        self.status_code = status_code
        self.body = body


@dataclass
class HTTPResponse:
    status_code: int
    body: Any = ""
    headers: dict[str, str] = field(default_factory=dict)

    def json(self) -> Any:
        if isinstance(self.body, (dict, list)):
            return self.body
        if isinstance(self.body, bytes):
            return json.loads(self.body.decode())
        return json.loads(self.body)

    def text(self) -> str:
        if isinstance(self.body, str):
            return self.body
        if isinstance(self.body, bytes):
            return self.body.decode(errors="replace")
        return json.dumps(self.body)

    @property
    def ok(self) -> bool:
        return 200 <= self.status_code < 300

    def raise_for_status(self) -> None:
        if self.status_code >= 400:
            raise HTTPStatusError(self.status_code, self.body)


@dataclass
class CompletionResult:
    text: str
    model: str = ""
    usage: dict[str, Any] = field(default_factory=dict)
    stop_reason: str = ""


@dataclass
class FileInfo:
    path: str
    size: int = 0
    content_type: str = ""
    created_at: str = ""
    url: str = ""


@dataclass
class Event:
    event_type: str
    timestamp: str = ""
    user_id: str = ""
    tenant_id: str = ""
    data: dict[str, Any] = field(default_factory=dict)
