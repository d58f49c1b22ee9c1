"""A widget that draws a list of styled texts one under the other, line by line.

Its height is the sum of the entries' wrapped heights, kept as running totals so appending an
entry or replacing the last one costs only that entry, and finding the entry under a line is a
bisection. Only the lines on screen are drawn, and the drawn lines of recently seen entries are
cached. A width change re-wraps every entry once. `ChatArchive` (old messages) and `StreamTail`
(a reply still streaming) are built on it.
"""

from __future__ import annotations

from bisect import bisect_right
from collections import OrderedDict

from textual.content import Content
from textual.geometry import Size
from textual.strip import Strip
from textual.visual import Visual
from textual.widget import Widget

CACHED_ENTRIES = 64  # entries whose drawn lines are kept (what a few screens show)


class TextStack(Widget, can_focus=False):
    def __init__(self) -> None:
        super().__init__()
        self.entries: list[Content] = []
        self._starts: list[int] = []  # first line of each entry at `_width`
        self._total = 0
        self._width = 0
        self._drawn: OrderedDict[int, list[Strip]] = OrderedDict()

    def __len__(self) -> int:
        return len(self.entries)

    def _height_of(self, entry: Content, width: int) -> int:
        return max(1, entry.get_height(self.styles, width))

    def _rewrap(self, width: int) -> None:
        self._width = width
        self._drawn.clear()
        self._starts, total = [], 0
        for entry in self.entries:
            self._starts.append(total)
            total += self._height_of(entry, width)
        self._total = total

    def _push(self, entry: Content) -> None:
        self.entries.append(entry)
        if self._width:
            self._starts.append(self._total)
            self._total += self._height_of(entry, self._width)

    def _pop(self) -> None:
        index = len(self.entries) - 1
        self.entries.pop()
        self._drawn.pop(index, None)
        if self._width:
            self._total = self._starts.pop()

    def extend(self, entries: list[Content]) -> None:
        """Append entries (oldest first) below what is already here."""
        for entry in entries:
            self._push(entry)
        self.refresh(layout=True)

    def plain_text(self) -> str:
        """Every entry as plain text, oldest first (for /history-like views, tests)."""
        return "\n".join(entry.plain for entry in self.entries)

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        if width != self._width:
            self._rewrap(width)
        return self._total

    def _entry_lines(self, index: int) -> list[Strip]:
        lines = self._drawn.get(index)
        if lines is None:
            style = self.visual_style
            lines = Visual.to_strips(self, self.entries[index], self._width, None, style)
            lines = [line.extend_cell_length(self._width, style.rich_style) for line in lines]
            self._drawn[index] = lines
            while len(self._drawn) > CACHED_ENTRIES:
                self._drawn.popitem(last=False)
        else:
            self._drawn.move_to_end(index)
        return lines

    def render_line(self, y: int) -> Strip:
        width = self.size.width
        if width != self._width:
            self._rewrap(width)
        if not self.entries or not 0 <= y < self._total:
            return Strip.blank(width, self.visual_style.rich_style)
        index = bisect_right(self._starts, y) - 1
        lines = self._entry_lines(index)
        offset = y - self._starts[index]
        if offset < len(lines):
            return lines[offset]
        return Strip.blank(width, self.visual_style.rich_style)
