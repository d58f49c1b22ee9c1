"""Watch an extension folder and ask the app to reload it after each burst of changes.

Runs as a Textual worker consuming `watchfiles.awatch`; the reload itself (kernel swap, chat
line, panels) belongs to the app, so a test can drive it without touching the file system.
"""

from __future__ import annotations

import threading
from collections.abc import Awaitable, Callable
from pathlib import Path

from watchfiles import PythonFilter, awatch

# What an extension is made of besides Python: its manifest, config, templates, icon.
EXTRA_SUFFIXES = (".json", ".toml", ".yaml", ".yml", ".txt", ".svg", ".md")
DEBOUNCE_MS = 300


def changed_names(changes, root: Path) -> list[str]:
    names = []
    for _change, path in sorted(changes, key=lambda c: c[1]):
        try:
            names.append(str(Path(path).relative_to(root)))
        except ValueError:
            names.append(path)
    return names


async def watch(
    root: Path,
    on_change: Callable[[Path, list[str]], Awaitable[object]],
    *,
    stop: threading.Event | None = None,
    debounce_ms: int = DEBOUNCE_MS,
) -> None:
    """Call `on_change(root, changed files)` after each settled burst of edits under `root`.

    `stop` ends the watch within half a second even while the watcher thread is waiting.
    """
    root = Path(root).resolve()
    async for changes in awatch(
        root,
        watch_filter=PythonFilter(extra_extensions=EXTRA_SUFFIXES),
        debounce=debounce_ms,
        step=50,
        rust_timeout=500,
        stop_event=stop,
    ):
        await on_change(root, changed_names(changes, root))
