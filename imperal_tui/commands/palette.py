"""The command palette (ctrl+p): the shell's slash commands, each theme, and every function
of the loaded extensions, matched fuzzily (Textual's `CommandPalette` with our `Provider`).

Choosing a command runs it; choosing a function puts a call template in the prompt
(`notes.create_note title=`), its required parameters left for the user to fill in."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from typing import Any

from textual.command import CommandPalette, DiscoveryHit, Hit, Hits, Provider

from imperal_tui.commands import slash
from imperal_tui.screens.center import is_center

PLACEHOLDER = "Search commands and extension functions…"


@dataclass(frozen=True)
class Entry:
    text: str  # what is matched and shown
    help: str
    run: Callable[[], Any]


def call_template(app_id: str, function: Any) -> str:
    """`app.function` followed by `name=` for each required parameter."""
    schema = function.params_schema if isinstance(function.params_schema, dict) else {}
    required = [r for r in schema.get("required", ()) if isinstance(r, str)]
    head = f"{app_id}.{function.name}"
    return " ".join([head, *(f"{name}=" for name in required)])


def fill_prompt(app: Any, text: str) -> None:
    prompt = app.prompt
    prompt.value = text
    prompt.cursor_position = len(text)
    prompt.focus()


def run_command(app: Any, line: str) -> None:
    app.run_worker(slash.run(app, line), group="kernel", exit_on_error=False)


class ShellCommands(Provider):
    """Slash commands, themes and extension functions (the catalog is read on opening)."""

    async def startup(self) -> None:
        app = self.app
        entries = [
            Entry(f"/{c.name}", c.summary, partial(run_command, app, f"/{c.name}"))
            for c in slash.COMMANDS.values()
        ]
        entries += [
            Entry(
                f"/theme {name}",
                "switch to this theme",
                partial(run_command, app, f"/theme {name}"),
            )
            for name in sorted(app.available_themes)
        ]
        client = getattr(app, "client", None)
        if getattr(app, "connected", False):
            try:
                catalog = await client.catalog()
            except Exception:  # no kernel to ask: the shell's own commands still show
                catalog = {"extensions": []}
            for info in catalog["extensions"]:
                for function in info.functions:
                    template = call_template(info.app_id, function)
                    help_text = f"{function.action_type}: {function.description}".strip(": ")
                    entries.append(
                        Entry(
                            f"{info.app_id}.{function.name}",
                            help_text,
                            partial(fill_prompt, app, template),
                        )
                    )
                for panel in info.panels:  # center panels open over the chat
                    if is_center(panel.slot):
                        line = f"/panel {info.app_id}.{panel.panel_id}"
                        what = f"open the {panel.title or panel.panel_id} panel"
                        entries.append(Entry(line, what, partial(run_command, app, line)))
        self.entries = entries

    async def discover(self) -> Hits:
        for entry in self.entries:
            yield DiscoveryHit(entry.text, entry.run, help=entry.help)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for entry in self.entries:
            score = matcher.match(entry.text)
            if score > 0:
                yield Hit(
                    score,
                    matcher.highlight(entry.text),
                    entry.run,
                    text=entry.text,
                    help=entry.help,
                )


def open_palette(app: Any) -> None:
    """Open the palette, unless it is already open."""
    if not CommandPalette.is_open(app):
        app.push_screen(CommandPalette(providers=[ShellCommands], placeholder=PLACEHOLDER))
