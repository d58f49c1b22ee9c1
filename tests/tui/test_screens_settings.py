"""Settings (`/settings`): the window's model, the theme (live and saved), the confirmation
policy (saved to config.toml, used by the next kernel); `/theme NAME` saves too."""

from __future__ import annotations

import tomllib

import pytest
from textual.widgets import Input, Select

from imperal_tui.commands.palette import ShellCommands
from imperal_tui.screens.settings import SettingsScreen, save_policy
from kernel.config import ConfigError, KernelConfig

BIG = (120, 40)


def _config_toml(home) -> dict:
    return tomllib.loads((home / "config.toml").read_text())


async def _open(pilot, submit, wait_until) -> SettingsScreen:
    await submit(pilot, "/settings")
    await wait_until(pilot, lambda: isinstance(pilot.app.screen, SettingsScreen), "/settings")
    return pilot.app.screen


async def test_theme_applies_now_and_is_saved(make_app, settle, submit, wait_until, home):
    app = make_app()
    async with app.run_test(size=BIG) as pilot:
        await settle(pilot)
        screen = await _open(pilot, submit, wait_until)
        screen.query_one("#settings-theme", Select).value = "light"
        await wait_until(pilot, lambda: "theme light, saved" in screen.status_text)
        assert app.theme == "light"
        assert _config_toml(home)["ui"]["theme"] == "light"

    again = make_app()
    async with again.run_test(size=BIG) as pilot:
        await settle(pilot)
        assert again.theme == "light"


async def test_slash_theme_saves_it(make_app, settle, submit, home):
    app = make_app()
    async with app.run_test(size=BIG) as pilot:
        await settle(pilot)
        await submit(pilot, "/theme high-contrast")
        assert app.theme == "high-contrast"
        assert _config_toml(home)["ui"]["theme"] == "high-contrast"


async def test_policy_is_saved_for_the_next_kernel(make_app, settle, submit, wait_until, home):
    (home / "config.toml").write_text('# mine\n[llm]\nprovider = "offline"\n')
    app = make_app()
    async with app.run_test(size=BIG) as pilot:
        await settle(pilot)
        screen = await _open(pilot, submit, wait_until)
        assert screen.query_one("#settings-policy", Select).value == "destructive"
        screen.query_one("#settings-policy", Select).value = "write"
        await wait_until(pilot, lambda: "confirm = write saved" in screen.status_text)
    text = (home / "config.toml").read_text()
    assert text.startswith("# mine\n") and 'provider = "offline"' in text
    assert KernelConfig.load(home=home).confirm == "write"

    again = make_app()  # the next kernel asks before a write
    async with again.run_test(size=BIG) as pilot:
        await settle(pilot)
        await submit(pilot, "add a task buy milk")
        assert again.query("CardQueue")
        rows = await again.client.audit(limit=50)
        statuses = [r["status"] for r in rows if r["function"] == "add_task"]
        assert statuses == ["awaiting_confirmation"]  # a card, not a write


def test_an_unknown_policy_changes_nothing(home):
    config = KernelConfig.load(home=home)
    with pytest.raises(ConfigError, match="not one of"):
        save_policy(config, "never")
    assert not (home / "config.toml").exists()


async def test_provider_for_this_window(make_app, settle, submit, wait_until):
    app = make_app()
    async with app.run_test(size=BIG) as pilot:
        await settle(pilot)
        screen = await _open(pilot, submit, wait_until)
        screen.query_one("#settings-provider", Select).value = "offline"
        screen.query_one("#settings-model", Input).value = "tiny"
        await screen.use_provider()
        assert app.turn_llm == ("offline", "tiny")
        assert "model for this window: offline tiny" in screen.status_text
        screen.query_one("#settings-provider", Select).value = "default"
        await screen.use_provider()
        assert app.turn_llm is None


async def test_the_palette_offers_the_screens(make_app, settle):
    app = make_app()
    async with app.run_test(size=BIG) as pilot:
        await settle(pilot)
        provider = ShellCommands(app.screen)
        await provider.startup()
        texts = {entry.text for entry in provider.entries}
        assert {"/settings", "/audit", "/ext", "/history", "/theme light"} <= texts
