"""`imperal-shell dev PATH`: the TUI with the extension at PATH loaded on top of the installed
ones, reloaded whenever its files change; the chat and the session survive each reload."""

from __future__ import annotations

import sys
from pathlib import Path

from imperal_tui.headless.usage import UsageError


def run(args) -> int:
    root = extension_dir(args.path)
    from kernel.config import ConfigError, KernelConfig

    try:
        config = KernelConfig.load()
    except ConfigError as exc:
        raise UsageError(f"configuration: {exc}") from None
    from imperal_tui.cli import _is_tty

    if not (_is_tty(sys.stdin) and _is_tty(sys.stdout)):
        raise UsageError(
            "`imperal-shell dev` runs the TUI and needs a terminal; in scripts use"
            f" `imperal-shell test {args.path}` or `imperal-shell validate {args.path}`"
        )
    from imperal_tui.app import run_tui

    return int(run_tui(config, args.user, extra_extensions=[root], watch_paths=[root]) or 0)


def extension_dir(path: str) -> Path:
    """The extension folder at `path`, or a usage error that says what is wrong with it."""
    root = Path(path).expanduser()
    if not root.is_dir():
        raise UsageError(f"no such directory: {path}")
    if not (root / "main.py").is_file():
        raise UsageError(
            f"{path} has no main.py, so it is not an extension folder"
            " (`imperal-shell init NAME` scaffolds one)"
        )
    return root.resolve()
