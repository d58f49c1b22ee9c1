"""What a resident kernel was started from: code, extensions and policy. A client whose
fingerprint differs must not be served by it (the kernel would run stale code or policy)."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

_CODE_DIRS = ("kernel", "sdk")
_ROOT = Path(__file__).resolve().parent.parent


def _py_files(base: Path, depth: int = 3):
    try:
        entries = list(os.scandir(base))
    except OSError:
        return
    for entry in entries:
        if entry.name.startswith((".", "__pycache__")):
            continue
        if entry.is_dir(follow_symlinks=False) and depth > 0:
            yield from _py_files(Path(entry.path), depth - 1)
        elif entry.name.endswith((".py", ".toml")):
            try:
                st = entry.stat()
            except OSError:
                continue
            yield f"{entry.path}:{st.st_mtime_ns}:{st.st_size}"


def fingerprint(config) -> str:
    parts = [
        f"confirm={config.confirm}",
        f"llm={config.llm_provider}",
        f"data={config.data_dir}",
        f"deny={','.join(config.deny)}",
        f"runtime={config.inline_cap_s},{config.long_running_cap_s},{config.promote_after_s},"
        f"{config.worker_memory_mb}",
    ]
    for name in _CODE_DIRS:
        parts.extend(sorted(_py_files(_ROOT / name)))
    for base in config.extension_dirs:
        parts.extend(sorted(_py_files(Path(base))))
    parts.append(f"config={_policy_text(Path(config.config_file))}")
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()[:32]


def _policy_text(config_file: Path) -> str:
    """config.toml without its `[ui]` tables (`[ui]`, `[ui.*]`): the part the kernel reads.
    How the TUI looks is no policy, so saving a theme does not replace a running kernel; nor
    do blank lines and comments."""
    try:
        text = config_file.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return ""
    kept, in_ui = [], False
    for line in text.splitlines():
        stripped = line.strip()
        if stripped.startswith("["):
            name = stripped.split("#", 1)[0].strip().strip("[]").strip()
            in_ui = name == "ui" or name.startswith("ui.")
        if not in_ui and stripped and not stripped.startswith("#"):
            kept.append(stripped)  # blank lines and comments change no policy
    return hashlib.sha256("\n".join(kept).encode()).hexdigest()
