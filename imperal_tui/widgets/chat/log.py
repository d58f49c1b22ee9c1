"""The scrolling conversation; it stays pinned to the newest line while output streams in.

A message's cost must not grow with the length of the conversation, and every mounted widget
is laid out again when one is added. So only the newest `live_limit` widgets stay mounted: when
`archive_batch` more have piled up, the oldest settled ones become transcripts in one
`ChatArchive` at the top (still there when scrolling up; `/history` asks the kernel for the
whole conversation). Batching keeps the archiving cost to one removal per `archive_batch`
messages. A widget still waiting for something (a card's line without its outcome) stops the
archiving at it until it settles.
"""

from __future__ import annotations

from collections.abc import Iterable

from textual.containers import VerticalScroll
from textual.widget import Widget

from imperal_tui.widgets.chat.archive import ChatArchive
from imperal_tui.widgets.chat.messages import transcript

LIVE_LIMIT = 12  # message widgets kept mounted (a reply is several: its Markdown blocks)
ARCHIVE_BATCH = 12  # archived together, once this many more have been added


def settled(widget: Widget) -> bool:
    """Whether the widget will not change any more (a card's line waits for its `outcome`)."""
    return getattr(widget, "outcome", "") is not None


class ChatLog(VerticalScroll, can_focus=False):
    DEFAULT_CSS = """
    ChatLog { height: 1fr; padding: 0 1; }
    """

    def __init__(
        self,
        *children: Widget,
        live_limit: int = LIVE_LIMIT,
        archive_batch: int = ARCHIVE_BATCH,
        **kwargs,
    ) -> None:
        if live_limit < 1 or archive_batch < 1:
            raise ValueError("live_limit and archive_batch must be at least 1")
        super().__init__(*children, **kwargs)
        self.live_limit = live_limit
        self.archive_batch = archive_batch

    def on_mount(self) -> None:
        self.anchor()

    async def add(self, widget: Widget) -> Widget:
        await self.mount(widget)
        await self._archive_overflow()
        return widget

    async def add_many(self, widgets: Iterable[Widget]) -> None:
        """Add several widgets at once (a restored conversation, say): those beyond the live
        limit go straight to the archive as transcripts, never mounted; one layout pass."""
        widgets = list(widgets)
        keep = len(widgets) - self.live_limit
        early = []
        while len(early) < keep and settled(widgets[len(early)]):
            early.append(widgets[len(early)])
        if early:
            archive = await self._ensure_archive()
            archive.extend([transcript(widget) for widget in early])
        await self.mount_all(widgets[len(early) :])
        await self._archive_overflow()

    @property
    def archive(self) -> ChatArchive | None:
        children = self.children
        if children and isinstance(children[0], ChatArchive):
            return children[0]
        return None

    def live(self) -> list[Widget]:
        """The mounted message widgets, oldest first (the archive excluded)."""
        return [child for child in self.children if not isinstance(child, ChatArchive)]

    def archived_count(self) -> int:
        archive = self.archive
        return len(archive) if archive is not None else 0

    async def _archive_overflow(self) -> None:
        live = self.live()
        if len(live) < self.live_limit + self.archive_batch:
            return
        old: list[Widget] = []
        for widget in live[: len(live) - self.live_limit]:
            if not settled(widget):
                break
            old.append(widget)
        if not old:
            return
        archive = await self._ensure_archive()
        archive.extend([transcript(widget) for widget in old])
        await self.remove_children(old)

    async def _ensure_archive(self) -> ChatArchive:
        """The archive, mounted at the top on first use (and again after a /clear)."""
        archive = self.archive
        if archive is None:
            archive = ChatArchive()
            if self.children:
                await self.mount(archive, before=0)
            else:
                await self.mount(archive)
        return archive
