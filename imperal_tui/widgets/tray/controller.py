"""Keeps the tray strip and an open dropdown in step with the kernel.

`sync` learns the declared items (after each connect) and asks every item for its answer;
`invalidate(app_id)` re-asks the items of an extension whose data changed (a
`PanelInvalidated` from any client or process); `open` shows an item's dropdown. Answers are
fetched in app workers (group "tray"), one at a time per item, coalesced like panel renders.
"""

from __future__ import annotations

import asyncio
from typing import Any

from imperal_tui.widgets.tray.dropdown import TrayDropdown
from imperal_tui.widgets.tray.strip import TrayButton, TrayStrip

GROUP = "tray"


class TrayController:
    def __init__(self, app: Any, strip: TrayStrip) -> None:
        self.app = app
        self.strip = strip
        self._locks: dict[tuple[str, str], asyncio.Lock] = {}
        self._queued: set[tuple[str, str]] = set()

    async def sync(self, client: Any) -> None:
        """Show the kernel's tray items and ask each one for its answer in the background (a
        slow handler delays only its own badge). A kernel without trays (an older resident
        one) leaves the strip hidden."""
        try:
            items = await client.tray_items()
        except Exception as exc:  # no tray.items method, or the connection went away
            self.app.log.warning(f"tray items: {exc}")
            items = []
        await self.strip.set_items(items)
        self.invalidate()

    def invalidate(self, app_id: str | None = None) -> None:
        """Re-ask the items of `app_id` (all items with None), in the background."""
        for button in self.strip.buttons():
            if app_id is None or button.info.app_id == app_id:
                self._schedule(button)

    def _schedule(self, button: TrayButton) -> None:
        if button.key in self._queued:
            return  # an ask that has not started yet will see this change too
        self._queued.add(button.key)
        self.app.run_worker(self.refresh(button), group=GROUP, exit_on_error=False)

    async def refresh(self, button: TrayButton) -> None:
        lock = self._locks.setdefault(button.key, asyncio.Lock())
        async with lock:
            self._queued.discard(button.key)
            session = self.app.session
            if session is None or not button.is_attached:
                return
            try:
                state = await session.tray(*button.key)
            except Exception as exc:  # only a lost connection: keep what the item shows
                self.app.log.warning(f"tray {button.key}: {exc}")
                return
            button.set_state(state)
            dropdown = self.open_dropdown()
            if dropdown is not None and dropdown.key == button.key and dropdown.is_attached:
                await dropdown.show(state)

    def open_dropdown(self) -> TrayDropdown | None:
        screen = self.app.screen
        return screen if isinstance(screen, TrayDropdown) else None

    def open(self, button: TrayButton) -> TrayDropdown:
        """Show `button`'s dropdown with what it last answered, and ask again for a fresh one."""
        dropdown = TrayDropdown(button.info, button.state)
        self.app.push_screen(dropdown)
        self._schedule(button)
        return dropdown
