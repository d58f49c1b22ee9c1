"""`imperal-shell dev PATH`: the TUI with the extension at PATH loaded on top of the installed
ones, reloaded whenever its files change; the chat and the session survive each reload.

The kernel runs in this process (the resident kernel only loads installed extensions): it
holds the data dir while dev runs, so other programs on the same data dir wait for it."""

from __future__ import annotations

from pathlib import Path

from imperal_tui.headless.usage import UsageError


def run(args) -> int:
    from imperal_tui.cli import start_tui

    root = extension_dir(args.path)
    _release_idle_resident_kernel()
    return start_tui(
        args,
        no_terminal_hint="`imperal-shell dev` runs the TUI and needs a terminal; in scripts use"
        f" `imperal-shell test {args.path}` or `imperal-shell validate {args.path}`",
        extra_extensions=[root],
        watch_paths=[root],
        resident=False,
    )


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


def _release_idle_resident_kernel() -> None:
    """An idle resident kernel (left by an earlier command) steps aside so dev can hold the
    data dir; one that serves another client stays, and start_tui then says who holds it."""
    from imperal_tui.headless.commands import load_config
    from kernel.client import release_resident

    release_resident(load_config())
