"""The process behind one browser session of `imperal-shell web`: the TUI as USER.

    python -m imperal_tui.web_session USER

The web server (imperal_tui/web.py) starts it once it has verified a session token for USER,
with textual-serve's environment (TEXTUAL_DRIVER is the web driver, stdin and stdout are the
server's pipes). It is not a command for people: `imperal-shell` with no command refuses to
start the TUI without a terminal, and this module is how the server starts it without one.
"""

from __future__ import annotations

import sys


def main(argv: list[str]) -> int:
    from imperal_tui.app import run_tui
    from imperal_tui.headless.commands import load_config
    from kernel.tokens import check_user

    if len(argv) != 1:
        sys.stderr.write("usage: python -m imperal_tui.web_session USER\n")
        return 2
    try:
        user = check_user(argv[0])
    except ValueError as exc:
        sys.stderr.write(f"{exc}\n")
        return 2
    return int(run_tui(load_config(), user) or 0)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
