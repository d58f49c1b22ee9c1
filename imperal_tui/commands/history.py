"""The prompt's input history: earlier lines, recalled with Up/Down, kept across runs.

One JSON string per line in `<data_dir>/input_history` (so a multi-line entry stays one
entry), readable by the user only. Like shells: a line starting with a space is not kept,
nor an empty one, nor one equal to the line before it. The file is read on first use and
holds at most `limit` entries (it is rewritten when it has grown to twice that).
"""

from __future__ import annotations

import contextlib
import json
import os
from pathlib import Path

FILE_NAME = "input_history"
LIMIT = 1000


class InputHistory:
    def __init__(self, path: Path | None = None, *, limit: int = LIMIT) -> None:
        """`path`: the file it is kept in (None: this run only)."""
        if limit < 1:
            raise ValueError(f"limit must be at least 1, got {limit}")
        self.path = path
        self.limit = limit
        self._entries: list[str] | None = None
        self._on_disk = 0  # lines in the file, to know when to compact it

    @classmethod
    def in_data_dir(cls, data_dir: Path) -> InputHistory:
        """The history kept in `<data_dir>/input_history`."""
        return cls(Path(data_dir) / FILE_NAME)

    @property
    def entries(self) -> list[str]:
        """Oldest first."""
        if self._entries is None:
            self._entries = self._load()
        return self._entries

    def _load(self) -> list[str]:
        if self.path is None:
            return []
        try:
            lines = self.path.read_text(encoding="utf-8").splitlines()
        except (OSError, UnicodeDecodeError):
            return []  # no history yet (or an unreadable one): start empty
        entries = []
        for line in lines:
            with contextlib.suppress(ValueError):
                entry = json.loads(line)
                if isinstance(entry, str) and entry:
                    entries.append(entry)
        self._on_disk = len(lines)
        return entries[-self.limit :]

    def add(self, line: str) -> bool:
        """Keep `line` (as typed); False when it is not kept (blank, leading space, repeat)."""
        if not line.strip() or line[0].isspace():
            return False
        entries = self.entries
        if entries and entries[-1] == line:
            return False
        entries.append(line)
        del entries[: -self.limit]
        self._save(line)
        return True

    def _save(self, line: str) -> None:
        if self.path is None:
            return
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            if self._on_disk + 1 > 2 * self.limit:
                text = "".join(json.dumps(e, ensure_ascii=False) + "\n" for e in self.entries)
                mode, self._on_disk = "w", len(self.entries)
            else:
                text = json.dumps(line, ensure_ascii=False) + "\n"
                mode, self._on_disk = "a", self._on_disk + 1
            flags = os.O_WRONLY | os.O_CREAT | (os.O_APPEND if mode == "a" else os.O_TRUNC)
            fd = os.open(self.path, flags, 0o600)
            with os.fdopen(fd, "w", encoding="utf-8") as out:
                out.write(text)
        except OSError:
            pass  # a read-only data dir: the history still works for this run


class HistoryCursor:
    """Walks an `InputHistory` as Up/Down do in a shell: Up goes back from the newest entry,
    Down forward, and past the newest one returns what was being typed (the draft)."""

    def __init__(self, history: InputHistory) -> None:
        self.history = history
        self._index: int | None = None  # None: at the draft
        self._draft = ""

    def reset(self) -> None:
        self._index = None
        self._draft = ""

    def previous(self, current: str) -> str | None:
        """The entry before the one shown (None: nothing earlier)."""
        entries = self.history.entries
        if self._index is None:
            if not entries:
                return None
            self._draft, self._index = current, len(entries) - 1
        elif self._index == 0:
            return None
        else:
            self._index -= 1
        return entries[self._index]

    def next(self) -> str | None:
        """The entry after the one shown, then the draft (None: already at the draft)."""
        if self._index is None:
            return None
        entries = self.history.entries
        if self._index + 1 >= len(entries):
            self._index = None
            return self._draft
        self._index += 1
        return entries[self._index]
