"""`/secrets` in the TUI: an extension's declared secrets listed, set through a masked field,
deleted with two presses; the value is never drawn."""

from __future__ import annotations

import html
import textwrap

import pytest

from imperal_tui.widgets.secrets import SecretsScreen
from kernel import KernelConfig
from kernel.services.secrets import SecretsService

VALUE = "hunter2-very-secret"

EXT = textwrap.dedent(
    """
    from imperal_sdk import ActionResult, ChatExtension, Extension
    from pydantic import BaseModel

    ext = Extension("mailer", version="1.0.0", display_name="Mailer", actions_explicit=True)
    chat = ChatExtension(ext, "mailer", "Mailer")
    ext.secret("smtp_password", description="The SMTP password", required=True)
    ext.secret("api_key", description="The provider key", scope="app", write_mode="both")


    class Nothing(BaseModel):
        pass


    @chat.function("ping", description="Ping", action_type="read")
    async def ping(ctx, params: Nothing) -> ActionResult:
        return ActionResult.success({}, "pong")
    """
)


@pytest.fixture
def mailer(home):
    (home / "extensions" / "mailer").mkdir(parents=True)
    (home / "extensions" / "mailer" / "main.py").write_text(EXT)
    return home


def screen_text(app) -> str:
    """What the screen draws, as text (the SVG export, unescaped)."""
    return html.unescape(app.export_screenshot()).replace("\xa0", " ")


async def open_secrets(pilot, submit, wait_until):
    await submit(pilot, "/secrets")
    await wait_until(pilot, lambda: isinstance(pilot.app.screen, SecretsScreen), "secrets screen")
    screen = pilot.app.screen
    await wait_until(pilot, lambda: screen.rows, "rows")
    return screen


async def stored(home, where):
    config = KernelConfig.load(home=home)
    return await SecretsService(config.data_dir, config.config_dir).get(*where)


async def test_declared_secrets_are_listed_set_masked_and_deleted(
    mailer, make_app, settle, submit, wait_until
):
    app = make_app()
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        screen = await open_secrets(pilot, submit, wait_until)
        names = [(r["app"], r["name"], r["set"]) for r in screen.rows]
        assert ("mailer", "smtp_password", False) in names
        assert ("mailer", "api_key", False) in names
        assert "MISSING (required)" in screen_text(app)

        row = next(i for i, r in enumerate(screen.rows) if r["name"] == "smtp_password")
        screen.table.move_cursor(row=row)
        await pilot.press("enter")
        assert screen.field.has_focus and screen.field.password
        for ch in VALUE:
            await pilot.press(ch)
        assert VALUE not in screen_text(app)  # drawn as bullets
        await pilot.press("enter")
        await wait_until(
            pilot, lambda: "stored" in str(screen.query_one("#secrets-status").render())
        )
        assert screen.field.value == ""
        tenant_user = ("default", "tester", "mailer", "smtp_password")
        assert await stored(mailer, tenant_user) == VALUE
        assert VALUE not in screen_text(app)
        await wait_until(pilot, lambda: any(r["set"] for r in screen.rows), "listed as set")

        screen.table.move_cursor(row=next(i for i, r in enumerate(screen.rows) if r["set"]))
        await pilot.press("d")
        assert await stored(mailer, tenant_user) == VALUE  # one press only arms it
        await pilot.press("d")
        await wait_until(pilot, lambda: not any(r["set"] for r in screen.rows), "deleted")
        assert await stored(mailer, tenant_user) is None

        await pilot.press("escape")
        assert not isinstance(app.screen, SecretsScreen)


async def test_escape_while_typing_stores_nothing(mailer, make_app, settle, submit, wait_until):
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        screen = await open_secrets(pilot, submit, wait_until)
        row = next(i for i, r in enumerate(screen.rows) if r["name"] == "api_key")
        screen.table.move_cursor(row=row)
        await pilot.press("enter", "x", "y", "z", "escape")
        assert isinstance(app.screen, SecretsScreen) and screen.field.value == ""
        assert await stored(mailer, ("default", "", "mailer", "api_key")) is None
