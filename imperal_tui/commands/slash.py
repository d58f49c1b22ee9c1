"""Slash commands: a line typed at the prompt that starts with `/` runs here and never goes
to the model. `COMMANDS` is the table (name -> usage, summary, handler); `run` dispatches.

Handlers take the app and the text after the command's name, and say what they did in the
chat; bad arguments give an error line and change nothing."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from imperal_tui.commands import reports, screens
from imperal_tui.commands.copy import copy_command
from imperal_tui.commands.provider import provider_command
from imperal_tui.widgets.chat import ErrorLine, NoteLine
from imperal_tui.widgets.tasks.command import open_task_list

Handler = Callable[[Any, str], Awaitable[None]]


@dataclass(frozen=True)
class SlashCommand:
    name: str  # without the slash
    usage: str  # what follows the name, e.g. "[NAME]"
    summary: str
    handler: Handler


async def _help(app: Any, args: str) -> None:
    from imperal_tui.commands.help import show_help

    show_help(app)


def _busy(app: Any) -> bool:
    return app._busy.locked()


async def _clear(app: Any, args: str) -> None:
    if _busy(app):
        await app.chat.add(ErrorLine("A request is running: Esc cancels it, then /clear."))
        return
    await app.chat.remove_children()


async def _new(app: Any, args: str) -> None:
    if _busy(app):
        await app.chat.add(ErrorLine("A request is running: Esc cancels it, then /new."))
        return
    if await reports._kernel(app) is None:
        return
    await app.session.new_conversation()
    app.join_conversation = None
    await app.chat.remove_children()
    await app.chat.add(NoteLine("New conversation: the next message starts it."))


async def _theme(app: Any, args: str) -> None:
    names = sorted(app.available_themes)
    name = args.strip()
    if not name:
        await app.chat.add(
            NoteLine(f"theme: {app.theme}. /theme NAME switches to: {', '.join(names)}")
        )
    elif name not in names:
        await app.chat.add(ErrorLine(f"unknown theme {name!r}", names))
    else:
        from imperal_tui.theming import choose

        problem = choose(app, name, getattr(app.config, "config_dir", None))
        await app.chat.add(ErrorLine(problem) if problem else NoteLine(f"theme: {name} (saved)"))


async def _panel(app: Any, args: str) -> None:
    from imperal_tui.screens.center import panel_command

    await panel_command(app, args)


async def _secrets(app: Any, args: str) -> None:
    from imperal_tui.widgets.secrets import SecretsScreen

    client = await reports._kernel(app)
    if client is None:
        return
    extensions = (await client.catalog())["extensions"]
    await app.push_screen(SecretsScreen(app.config, app.user, extensions))


async def _quit(app: Any, args: str) -> None:
    app.exit()


COMMANDS: dict[str, SlashCommand] = {
    c.name: c
    for c in (
        SlashCommand("help", "", "the keys and commands (also F1)", _help),
        SlashCommand("clear", "", "clear the chat view (the conversation goes on)", _clear),
        SlashCommand("new", "", "start a new conversation", _new),
        SlashCommand(
            "history", "[WORDS]", "browse, search, continue conversations", screens.history
        ),
        SlashCommand("audit", "[N]", "the audit ledger: filters, verify, records", screens.audit),
        SlashCommand("tasks", "", "background tasks: progress, cancel", open_task_list),
        SlashCommand(
            "ext", "[list]", "extensions: enable, disable, reload, validate", screens.extensions
        ),
        SlashCommand("settings", "", "model, theme, confirmation policy", screens.settings),
        SlashCommand("theme", "[NAME]", "switch the colour theme (lists them)", _theme),
        SlashCommand(
            "provider", "[NAME [MODEL]|default]", "the model for this window", provider_command
        ),
        SlashCommand(
            "copy", "[code] [N]", "copy a reply or code block (ctrl+o picks)", copy_command
        ),
        SlashCommand("panel", "[APP.PANEL]", "open a center panel over the chat", _panel),
        SlashCommand("secrets", "", "set or delete secrets (masked, never shown)", _secrets),
        SlashCommand("quit", "", "leave the shell (also ctrl+q)", _quit),
    )
}


def is_command(line: str) -> bool:
    """A line for `run` rather than for the model."""
    return line.startswith("/")


async def run(app: Any, line: str) -> None:
    """Run the slash command `line` (e.g. "/theme dracula"). An unknown command gives an
    error line listing the known ones; a handler that fails gives an error line."""
    head, _, args = line.strip().partition(" ")
    name = head[1:].lower()
    command = COMMANDS.get(name)
    if command is None:
        known = [f"/{n}" for n in COMMANDS]
        what = f"unknown command {head!r}" if name else "a command name goes after the /"
        await app.chat.add(ErrorLine(what, known))
        return
    try:
        await command.handler(app, args.strip())
    except Exception as exc:  # the kernel went away mid-answer, say: an error line, no crash
        await app.chat.add(ErrorLine(f"/{name} failed: {type(exc).__name__}: {exc}"))
