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
    config_file = Path(config.config_file)
    try:
        st = config_file.stat()
        parts.append(f"{config_file}:{st.st_mtime_ns}:{st.st_size}")
    except OSError:
        pass
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()[:32]
