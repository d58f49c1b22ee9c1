"""`imperal_sdk.cross_surface_bus`: an in-process publish/subscribe bus for long-running
("marathon") agent progress, so several surfaces of one process see the same events.

Local only: events do not leave the process (the hosted platform's cross-machine fan-out is not
part of imperal-shell). A subscriber that raises is skipped; the others still get the event.
"""

from __future__ import annotations

import contextlib
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

__all__ = ["CrossSurfaceLiveBus", "MarathonLiveEvent"]

_HISTORY = 1000


@dataclass
class MarathonLiveEvent:
    event_id: str
    project_id: str
    timestamp: float
    surface_source: str
    event_type: str
    entity_id: str | None = None
    macro_coverage: float = 0.0
    payload: dict[str, Any] | None = None


class CrossSurfaceLiveBus:
    def __init__(self, project_id: str = "default"):
        self.project_id = project_id
        self._subscribers: list[Callable[[MarathonLiveEvent], Any]] = []
        self._event_history: deque[MarathonLiveEvent] = deque(maxlen=_HISTORY)
        self._lock = threading.Lock()

    def subscribe(self, callback: Callable[[MarathonLiveEvent], Any]) -> None:
        if not callable(callback):
            raise TypeError(f"subscribe needs a callable, got {type(callback).__name__}")
        with self._lock:
            self._subscribers.append(callback)

    def publish(
        self,
        surface_source: str,
        event_type: str,
        entity_id: str | None = None,
        macro_coverage: float = 0.0,
        payload: dict[str, Any] | None = None,
    ) -> MarathonLiveEvent:
        event = MarathonLiveEvent(
            event_id=f"evt_{time.time_ns()}",
            project_id=self.project_id,
            timestamp=time.time(),
            surface_source=surface_source,
            event_type=event_type,
            entity_id=entity_id,
            macro_coverage=macro_coverage,
            payload=payload,
        )
        with self._lock:
            self._event_history.append(event)
            subscribers = list(self._subscribers)
        for cb in subscribers:
            with contextlib.suppress(Exception):  # a bad subscriber must not stop the others
                cb(event)
        return event

    def get_recent_events(self, limit: int = 50) -> list[MarathonLiveEvent]:
        with self._lock:
            events = list(self._event_history)
        return events[-limit:] if limit > 0 else []
