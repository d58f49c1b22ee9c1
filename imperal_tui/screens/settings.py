"""Settings (`/settings`): the model for this window, the colour theme, and which calls need a
confirmation card.

- Provider and model: as `/provider NAME [MODEL]` (this window's requests; "default" goes
  back to the kernel's), through the same command.
- Theme: applies at once and is saved as `[ui] theme` in config.toml.
- Confirmation policy: `confirm` in config.toml, "destructive" (cards for destructive calls)
  or "write" (also for writes). The kernel reads it when it starts: a resident kernel started
  before the change is replaced when the next client connects (config.toml is part of the
  kernel's fingerprint)."""

from __future__ import annotations

import os
from typing import Any

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Button, Input, Label, Select

from imperal_tui.screens.base import ShellScreen

POLICY_HELP = {
    "destructive": "a card before destructive calls (delete, send…)",
    "write": "a card before every call that writes or destroys",
}


def provider_choices() -> list[tuple[str, str]]:
    from kernel.llm.select import PROVIDERS

    return [("the kernel's (default)", "default"), ("auto (probe)", "auto")] + [
        (name, name) for name in PROVIDERS
    ]


def save_policy(config: Any, policy: str) -> None:
    """Write `confirm = POLICY` to config.toml; ConfigError for an unknown policy."""
    from kernel.config import CONFIRM_POLICIES, ConfigError
    from kernel.config_edit import set_string

    if policy not in CONFIRM_POLICIES:
        raise ConfigError(f"confirm {policy!r} is not one of {', '.join(CONFIRM_POLICIES)}")
    set_string(config.config_file, None, "confirm", policy)


def saved_policy(config: Any) -> str:
    """The policy config.toml holds now (the kernel's own until changed here)."""
    import tomllib

    try:
        settings = tomllib.loads(config.config_file.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return config.confirm
    policy = settings.get("confirm")
    return policy if policy in POLICY_HELP else config.confirm


class SettingsScreen(ShellScreen):
    TITLE_TEXT = "Settings"
    DEFAULT_CSS = """
    SettingsScreen VerticalScroll { height: 1fr; padding: 0 1; }
    SettingsScreen Label { margin-top: 1; text-style: bold; }
    SettingsScreen Horizontal { height: auto; }
    SettingsScreen #settings-model { width: 1fr; }
    SettingsScreen Select { width: 1fr; }
    """

    def body(self) -> ComposeResult:
        app: Any = self.app
        override = app.turn_llm
        provider = override[0] if override else "default"
        with VerticalScroll():
            yield Label("Model for this window (as /provider)")
            with Horizontal():
                yield Select(provider_choices(), value=provider, allow_blank=False,
                             id="settings-provider")  # fmt: skip
                yield Input(override[1] if override else "", placeholder="model (optional)",
                            id="settings-model")  # fmt: skip
                yield Button("Use", id="settings-use")
            yield Label("Theme (applies now, saved in config.toml)")
            themes = sorted(app.available_themes)
            yield Select([(t, t) for t in themes], value=app.theme, allow_blank=False,
                         id="settings-theme")  # fmt: skip
            yield Label("Confirmation cards (config.toml confirm; from the kernel's next start)")
            yield Select([(f"{k}: {v}", k) for k, v in POLICY_HELP.items()],
                         value=saved_policy(app.config), allow_blank=False,
                         id="settings-policy")  # fmt: skip

    def on_mount(self) -> None:
        self.query_one("#settings-provider", Select).focus()
        self.say(f"model: {self.app.llm_mode}; theme: {self.app.theme}")

    @on(Select.Changed, "#settings-theme")
    def _theme(self, event: Select.Changed) -> None:
        from imperal_tui.theming import choose

        name = str(event.value)
        if name == self.app.theme:
            return  # the value it opened with (or no change): nothing to apply or save
        problem = choose(self.app, name, self.app.config.config_dir)
        self.say(problem or f"theme {name}, saved", error=bool(problem))

    @on(Select.Changed, "#settings-policy")
    def _policy(self, event: Select.Changed) -> None:
        from kernel.config import ConfigError

        policy = str(event.value)
        if policy == saved_policy(self.app.config):
            return
        try:
            save_policy(self.app.config, policy)
        except (ConfigError, OSError) as exc:
            self.say(str(exc), error=True)
            return
        note = f"confirm = {policy} saved; the kernel uses it from its next start"
        if os.environ.get("IMPERAL_SHELL_CONFIRM"):
            note += " (but IMPERAL_SHELL_CONFIRM is set, and wins)"
        self.say(note)

    @on(Button.Pressed, "#settings-use")
    @on(Input.Submitted, "#settings-model")
    def _use_provider(self, event: Any) -> None:
        event.stop()
        self.run_worker(self.use_provider(), group="settings", exit_on_error=False)

    async def use_provider(self) -> None:
        """Apply the chosen model to this window, as `/provider` does (its note goes to the
        chat; an unknown name is refused there and here)."""
        from imperal_tui.commands.provider import provider_command

        name = str(self.query_one("#settings-provider", Select).value)
        model = self.query_one("#settings-model", Input).value.strip()
        if " " in model:
            self.say("a model name has no spaces", error=True)
            return
        await provider_command(self.app, f"{name} {model}".strip())
        override = self.app.turn_llm
        which = f"{override[0]} {override[1]}".strip() if override else "the kernel's"
        self.say(f"model for this window: {which}")
