"""UI signals: a named, shared value a panel reads and other panels or functions update.

`Signal("cart.count", 0)` is a placeholder the host replaces with the signal's current value.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass
class UISignal:
    key: str
    default: Any = None

    def to_dict(self) -> dict[str, Any]:
        return {"__type__": "signal", "key": self.key, "default": self.default}


def Signal(key: str, default: Any = None) -> UISignal:
    """A reference to the UI signal `key`, reading `default` until it is set."""
    return UISignal(key, default)
