"""The user's keymap: `[keys]` in config.toml, e.g.

    [keys]
    approve_card = "ctrl+y"
    copy_message = "ctrl+o,f3"     # several keys: comma-separated

Each name is the `id` of a binding (`NAMES`); its value replaces that binding's keys (Textual's
keymap). An entry that cannot be honoured keeps the default and is named in ONE warning: an
unknown name, a value that is not a key, a key typing needs (a bare letter, Enter, Space,
Tab, ...: a binding would take it from the prompt, and no typing may approve a card), or a key
two actions would share. The TUI reads this table itself; the kernel does not look at it.
"""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

from textual.binding import Binding

# Binding ids the keymap may change, with what they do (the warning lists them).
NAMES = {
    "quit": "quit the shell",
    "toggle_focus": "move between the panels and the prompt",
    "refresh_panels": "re-render the panels",
    "cancel_turn": "cancel the running request",
    "interrupt": "cancel, clear the prompt, or quit when pressed twice",
    "approve_card": "approve the card on show",
    "deny_card": "deny the card on show",
    "help": "the help screen",
    "palette": "the command palette",
    "copy_message": "pick a message or code block to copy",
    "focus_tray": "move to the tray strip",
    "toggle_left": "hide or show the left panels",
    "toggle_right": "hide or show the right panels",
}
MODIFIERS = ("ctrl", "alt", "super", "meta", "hyper", "shift")
COMMAND_MODIFIERS = {"ctrl", "alt", "super", "meta", "hyper"}  # shift+letter is typing
FUNCTION_KEYS = {f"f{n}" for n in range(1, 25)}
NAMED_KEYS = {
    "escape", "enter", "tab", "space", "backspace", "delete", "insert", "home", "end",
    "pageup", "pagedown", "up", "down", "left", "right", *FUNCTION_KEYS,
}  # fmt: skip
# Keys a terminal sends for Enter, Tab, Backspace and the prompt's newline: never a binding.
TYPING_CHORDS = {"ctrl+m", "ctrl+i", "ctrl+j", "ctrl+h", "alt+enter", "ctrl+enter"}


def read_keys(config_dir: Path | None) -> dict[str, Any]:
    """The `[keys]` table of `<config_dir>/config.toml` ({} when there is none). A `[keys]`
    that is not a table comes back as {"": value}, so `check` names it."""
    if config_dir is None:
        return {}
    try:
        settings = tomllib.loads((Path(config_dir) / "config.toml").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}  # no file; a broken one is reported by the kernel's own config reader
    keys = settings.get("keys", {})
    return keys if isinstance(keys, dict) else {"": keys}


def key_problem(key: str) -> str | None:
    """Why `key` (one key, e.g. "ctrl+y") cannot be bound, or None when it can."""
    *mods, base = key.split("+") if key != "+" else ["+"]
    if not base or any(m not in MODIFIERS for m in mods) or len(set(mods)) != len(mods):
        return "is not a key"
    if len(base) > 1 and base not in NAMED_KEYS:
        return "is not a key"
    if key in TYPING_CHORDS or not (COMMAND_MODIFIERS & set(mods) or base in FUNCTION_KEYS
                                    or base == "escape"):  # fmt: skip
        return "is needed for typing (use ctrl+…, alt+…, f1…f24)"
    return None


def check(table: dict[str, Any], defaults: dict[str, str]) -> tuple[dict[str, str], list[str]]:
    """The keymap to apply from `table`, and a phrase per entry left out. `defaults`: each
    name's current keys ("ctrl+y"), to find keys two actions would share."""
    keymap: dict[str, str] = {}
    problems: list[str] = []
    for name, value in table.items():
        if name not in NAMES:
            problems.append(f"{name or '[keys]'}: unknown (known: {', '.join(NAMES)})")
            continue
        if not isinstance(value, str) or not value.strip():
            problems.append(f'{name} = {value!r}: not a key string like "ctrl+y"')
            continue
        keys = [k.strip().lower() for k in value.split(",") if k.strip()]
        why = next(((k, p) for k in keys if (p := key_problem(k))), None)
        if why is not None:
            problems.append(f"{name} = {value!r}: {why[0]!r} {why[1]}")
            continue
        keymap[name] = ",".join(keys)
    # A key two actions would share: neither of the configured ones is applied.
    while True:
        final = {n: (keymap.get(n) or defaults.get(n, "")).split(",") for n in NAMES}
        owners: dict[str, list[str]] = {}
        for name, keys in final.items():
            for key in filter(None, keys):
                owners.setdefault(key, []).append(name)
        shared = {k: ns for k, ns in owners.items() if len(ns) > 1 and set(ns) & set(keymap)}
        if not shared:
            return keymap, problems
        for key, names in shared.items():
            for name in names:
                if keymap.pop(name, None) is not None:
                    problems.append(f"{name}: {key!r} is already {' and '.join(names)}'s key")


def apply(app: Any, config_dir: Path | None) -> str | None:
    """Apply `[keys]` to `app` (its bindings and its widgets' bindings, by id); the one
    warning to show when some entries were left out, else None."""
    table = read_keys(config_dir)
    if not table:
        return None
    from imperal_tui.widgets.chat.prompt import PromptInput

    bindings = [*type(app).BINDINGS, *PromptInput.BINDINGS]
    defaults = {b.id: b.key for b in bindings if isinstance(b, Binding) and b.id in NAMES}
    keymap, problems = check(table, defaults)
    if keymap:
        app.update_keymap(keymap)
    if not problems:
        return None
    where = Path(config_dir) / "config.toml"
    return f"{where} [keys]: kept the default for " + "; ".join(problems)
