"""Redaction: no known secret value leaves the kernel in an error, a log line, a ledger row, the
chat or JSON output.

Two rules, applied to every string on those paths:
- **known values**: every value the secrets service stored or served in this process (and, at
  kernel start, every value in the store) is replaced by `[REDACTED]`. Values shorter than
  `MIN_LENGTH` characters are not tracked: redacting every "abc" in every reply would destroy
  output and protect nothing.
- **labelled values**: `password=...`, `token: ...`, `Authorization: Bearer ...` and the like in
  free text, and the values of mapping keys named like a credential (`password`, `api_key`,
  `client_secret`, ...), are replaced whatever they are.

`REDACTOR` is process-wide: a kernel process and a worker each have one. The kernel applies it
where data leaves (`redact_event` on every event stream, the ledger row, the conversation
store, `LogFilter` on the log handlers); nothing here knows about those places.
"""

from __future__ import annotations

import dataclasses
import json
import logging
import re
import threading
from collections.abc import Iterable
from typing import Any

MASK = "[REDACTED]"
MIN_LENGTH = 6
_MAX_DEPTH = 64

SENSITIVE_KEYS = frozenset(
    {
        "password",
        "passwd",
        "passphrase",
        "secret",
        "client_secret",
        "api_key",
        "apikey",
        "access_token",
        "refresh_token",
        "auth_token",
        "id_token",
        "token",
        "private_key",
        "authorization",
        "credentials",
    }
)
_LABELS = (
    r"password|passwd|passphrase|secret|client[_-]?secret|api[_-]?key|apikey|"
    r"access[_-]?token|refresh[_-]?token|auth[_-]?token|token|private[_-]?key"
)
_LABELLED = re.compile(
    rf"(?i)(?<![A-Za-z0-9_])((?:{_LABELS})[\"']?\s*[=:]\s*[\"']?)([^\s\"',;&)}}\]]+)"
)
_BEARER = re.compile(r"(?i)\b(bearer|basic)\s+[A-Za-z0-9._~+/=-]{8,}")
# a credential-named key in a JSON document's text (a superset of `_key_is_sensitive`)
_KEY_IN_JSON = re.compile(
    r'(?i)"\s*(?:pass(?:word|wd|phrase)|secret|client[_-]secret|api[_-]?key|'
    r"(?:access|refresh|auth|id)[_-]token|token|private[_-]key|authorization|credentials)"
    r'\s*"\s*:'
)


# words one of the rules needs: text without any of them (lower-cased) is left alone unread
_WORDS = (
    "pass", "secret", "api_key", "api-key", "apikey", "token", "private_key", "private-key",
    "bearer", "basic", "authorization", "credential",
)  # fmt: skip


def _has_word(text: str) -> bool:
    lowered = text.lower()
    return any(word in lowered for word in _WORDS)


def _key_is_sensitive(key: Any) -> bool:
    return isinstance(key, str) and key.strip().lower().replace("-", "_") in SENSITIVE_KEYS


class Redactor:
    """Known secret values and the rules above; thread-safe, cheap when nothing matches."""

    def __init__(self) -> None:
        self._values: set[str] = set()
        self._pattern: re.Pattern[str] | None = None
        self._lock = threading.Lock()

    def add(self, value: Any) -> None:
        """Remember one secret value (ignored when not a string or too short)."""
        if not isinstance(value, str) or len(value) < MIN_LENGTH:
            return
        forms = {value, json.dumps(value)[1:-1], json.dumps(value, ensure_ascii=False)[1:-1]}
        with self._lock:
            if forms <= self._values:
                return
            self._values |= forms
            ordered = sorted(self._values, key=len, reverse=True)
            self._pattern = re.compile("|".join(re.escape(v) for v in ordered))

    def add_all(self, values: Iterable[Any]) -> None:
        for value in values:
            self.add(value)

    def forget_all(self) -> None:
        with self._lock:
            self._values.clear()
            self._pattern = None

    def __len__(self) -> int:
        return len(self._values)

    def text(self, value: str) -> str:
        """`value` with known values and labelled credentials masked."""
        if not value:
            return value
        pattern = self._pattern
        if pattern is not None:
            value = pattern.sub(MASK, value)
        if not _has_word(value):
            return value
        if "=" in value or ":" in value:
            value = _LABELLED.sub(lambda m: m.group(1) + MASK, value)
        if " " in value:
            value = _BEARER.sub(lambda m: m.group(1) + " " + MASK, value)
        return value

    def data(self, value: Any, _depth: int = 0) -> Any:
        """A JSON-like value with every string redacted and credential-named keys masked.
        A large value is first searched as one JSON text: when nothing in it could need
        masking (the usual case) it is returned as is, without walking it."""
        if isinstance(value, str):
            return self.text(value)
        if _depth == 0 and isinstance(value, dict | list | tuple) and not self._may_need(value):
            return value
        if _depth > _MAX_DEPTH:
            return value
        if isinstance(value, dict):
            out = {}
            for key, item in value.items():
                if _key_is_sensitive(key) and item not in (None, "", [], {}):
                    out[key] = MASK
                else:
                    out[key] = self.data(item, _depth + 1)
            return out
        if isinstance(value, list):
            return [self.data(item, _depth + 1) for item in value]
        if isinstance(value, tuple):
            return tuple(self.data(item, _depth + 1) for item in value)
        return value

    def _may_need(self, value: Any) -> bool:
        try:
            text = json.dumps(value, ensure_ascii=False, default=str)
        except (TypeError, ValueError, RecursionError):
            return True  # not plain JSON: walk it
        return self._text_may_need(text)

    def _text_may_need(self, text: str) -> bool:
        pattern = self._pattern
        if pattern is not None and pattern.search(text):
            return True
        return _has_word(text) and bool(
            _KEY_IN_JSON.search(text) or _LABELLED.search(text) or _BEARER.search(text)
        )

    def json_text(self, text: str) -> str:
        """A JSON document's text redacted as data (kept as is when it is not JSON)."""
        if not self._text_may_need(text):
            return text
        try:
            parsed = json.loads(text)
        except (ValueError, TypeError):
            return self.text(text)
        cleaned = self.data(parsed)
        if cleaned == parsed:
            return text
        return json.dumps(cleaned, sort_keys=True, separators=(",", ":"), ensure_ascii=False)

    def event(self, event: Any) -> Any:
        """A kernel event (a dataclass) with its strings and data redacted; the same object
        when nothing changed."""
        if not dataclasses.is_dataclass(event) or isinstance(event, type):
            return event
        changes = {}
        for f in dataclasses.fields(event):
            if not f.init:
                continue
            current = getattr(event, f.name)
            if dataclasses.is_dataclass(current) and not isinstance(current, type):
                cleaned = self.event(current)
            elif isinstance(current, list) and any(dataclasses.is_dataclass(c) for c in current):
                cleaned = [self.event(c) for c in current]
            else:
                cleaned = self.data(current)
            if cleaned is not current and cleaned != current:
                changes[f.name] = cleaned
        return dataclasses.replace(event, **changes) if changes else event


REDACTOR = Redactor()


def redact_text(value: str) -> str:
    return REDACTOR.text(value)


def redact_data(value: Any) -> Any:
    return REDACTOR.data(value)


def redact_event(event: Any) -> Any:
    return REDACTOR.event(event)


class LogFilter(logging.Filter):
    """Rewrites each record's message with the redactor before any handler formats it."""

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # a bad format string: leave it to the handler's own error path
            return True
        cleaned = REDACTOR.text(message)
        if record.exc_info and record.exc_info[1] is not None:
            # the traceback text is formatted later from exc_info: render it now, redacted
            formatter = logging.Formatter()
            record.exc_text = REDACTOR.text(formatter.formatException(record.exc_info))
            record.exc_info = None
        if cleaned != message or record.args:
            record.msg, record.args = cleaned, ()
        return True


def install_log_filter(handler: logging.Handler) -> None:
    """Redact every record `handler` writes (idempotent)."""
    if not any(isinstance(f, LogFilter) for f in handler.filters):
        handler.addFilter(LogFilter())


class RedactingStream:
    """A text stream whose writes pass the redactor first (a worker's stdout and stderr: an
    extension's `print(token)` reaches its log masked). A value split across two writes is
    not caught; `print` writes each argument's text whole."""

    def __init__(self, stream: Any):
        self._stream = stream

    def write(self, text: str) -> int:
        self._stream.write(REDACTOR.text(text) if isinstance(text, str) else text)
        return len(text)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._stream, name)
