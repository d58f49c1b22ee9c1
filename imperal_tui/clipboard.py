"""Put text on the user's clipboard from a terminal program, with a fallback that cannot fail.

1. OSC 52 (`App.copy_to_clipboard`): the terminal sets its clipboard; works over ssh and in
   tmux with `set -g set-clipboard on`, but a terminal may ignore it and nobody can tell.
2. A local clipboard tool when one is installed and a display is there: wl-copy (Wayland),
   xclip or xsel (X11), pbcopy (macOS).
3. When no tool took it: `<data_dir>/clipboard.txt` (readable by the user only) holds it, and
   the sentence returned says where.
"""

from __future__ import annotations

import asyncio
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

FILE_NAME = "clipboard.txt"
TOOL_TIMEOUT_S = 2.0


def local_tool(env: dict[str, str] | None = None) -> list[str] | None:
    """The command line of a clipboard tool usable here (reads the text on stdin), or None."""
    env = os.environ if env is None else env
    candidates: list[list[str]] = []
    if env.get("WAYLAND_DISPLAY"):
        candidates.append(["wl-copy"])
    if env.get("DISPLAY"):
        candidates += [["xclip", "-selection", "clipboard"], ["xsel", "--clipboard", "--input"]]
    if sys.platform == "darwin":
        candidates.append(["pbcopy"])
    for command in candidates:
        found = shutil.which(command[0])
        if found:
            return [found, *command[1:]]
    return None


def _run_tool(command: list[str], text: str) -> bool:
    try:
        done = subprocess.run(command, input=text.encode("utf-8"), timeout=TOOL_TIMEOUT_S,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # fmt: skip
    except (OSError, subprocess.SubprocessError):
        return False
    return done.returncode == 0


def save_to_file(data_dir: Path, text: str) -> Path:
    """Write `text` to `<data_dir>/clipboard.txt`, mode 0600; its path."""
    path = Path(data_dir) / FILE_NAME
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(text)
    os.chmod(path, 0o600)
    return path


async def copy(app: Any, text: str, data_dir: Path, tool: list[str] | None = None) -> str:
    """Copy `text` every way available; one sentence saying how (for a notification).
    `tool`: the local tool's command line (None: look for one)."""
    app.copy_to_clipboard(text)  # OSC 52
    tool = tool if tool is not None else local_tool()
    if tool and await asyncio.to_thread(_run_tool, tool, text):
        return f"sent to the terminal (OSC 52) and to {Path(tool[0]).name}"
    try:
        path = await asyncio.to_thread(save_to_file, data_dir, text)
    except OSError as exc:
        return f"sent to the terminal (OSC 52); saving a copy failed: {exc}"
    return f"sent to the terminal (OSC 52); if it ignores that, it is in {path}"
