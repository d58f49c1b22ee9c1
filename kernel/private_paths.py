"""A data dir that is ours alone: 0700 directories and 0600 files, or refused.

The data dir holds the ledger, conversations and logs. One another user could read or write
(a 0777 dir, a 0644 `kernel.db` left by a copy or a permissive umask) is made private again and
the fix is said; one owned by another user (say, created by `sudo imperal-shell`) cannot be
fixed by us and must not be used: `NotOurs`. Stdlib only: the thin client imports this.

Checked: the data dir itself, its `logs/` dir, and the regular files directly in either (the
database and its -wal/-shm, `kernel.log`, `kernel.lock`, worker logs), except a `config.toml`
you keep there (it holds no secrets). Deeper files are behind the 0700 data dir. Symlinks inside are left alone (chmod would follow them); the data dir itself
may be a symlink to a dir of ours.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

PRIVATE_SUBDIRS = ("logs",)
USER_FILES = ("config.toml",)  # yours, edited by hand (in the data dir with IMPERAL_SHELL_HOME)


class NotOurs(Exception):
    """The data dir, or a file in it, belongs to another user."""


def make_private(data_dir: Path) -> list[str]:
    """Make `data_dir` and what it directly holds private; one line per fix made.

    Nothing to do when `data_dir` is not a directory (yet). Raises NotOurs (changing nothing) when
    anything checked belongs to another user.
    """
    data_dir = Path(data_dir)
    if not data_dir.is_dir():
        return []  # not there yet (created 0700), or not a dir (opening it will say so)
    checks: list[tuple[Path, os.stat_result, int]] = [(data_dir, os.stat(data_dir), 0o700)]
    for folder in [data_dir, *(data_dir / name for name in PRIVATE_SUBDIRS)]:
        try:
            entries = list(os.scandir(folder))
        except (FileNotFoundError, NotADirectoryError):
            continue
        for entry in entries:
            st = entry.stat(follow_symlinks=False)
            if stat.S_ISREG(st.st_mode) and entry.name not in USER_FILES:
                checks.append((Path(entry.path), st, 0o600))
            elif stat.S_ISDIR(st.st_mode) and entry.name in PRIVATE_SUBDIRS and folder == data_dir:
                checks.append((Path(entry.path), st, 0o700))
    uid = os.getuid()
    for path, st, _ in checks:
        if st.st_uid != uid:
            raise NotOurs(
                f"{path} belongs to uid {st.st_uid}, not to you (uid {uid}); refusing to use it."
                f" Give it back to you (chown) or pick another data dir (IMPERAL_SHELL_HOME)"
            )
    fixes = []
    for path, st, private in checks:
        mode = stat.S_IMODE(st.st_mode)
        if mode & 0o077:
            new = (mode & 0o700) | private
            os.chmod(path, new)
            fixes.append(f"{path} was {mode:04o}, now {new:04o}")
    return fixes


def describe_fixes(fixes: list[str]) -> str:
    """The fixes as one warning line."""
    return "made private (other users could reach them): " + "; ".join(fixes)
