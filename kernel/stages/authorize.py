"""Stage 2, authorize: the user's policy refuses, asks (a confirmation card), or allows."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Policy:
    confirm: str = "destructive"  # "destructive" | "write"
    deny: tuple[str, ...] = ()  # "app.function" or "app.*"

    def denied_by(self, app_id: str, function: str) -> str | None:
        """The policy entry that refuses this call, if any."""
        for entry in self.deny:
            app, _, fn = entry.partition(".")
            if app == app_id and fn in ("*", function):
                return entry
        return None

    def needs_card(self, action_type: str, source: str = "chat") -> bool:
        if source == "panel_render":
            return False
        return action_type == "destructive" or (action_type == "write" and self.confirm == "write")
