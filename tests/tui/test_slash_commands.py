"""Slash commands, F1 help and the ctrl+p palette in the TUI (pilot, in-process kernel)."""

from __future__ import annotations

from textual.command import CommandPalette

from imperal_tui.commands.help import HelpScreen
from imperal_tui.commands.palette import call_template
from imperal_tui.commands.slash import COMMANDS
from imperal_tui.widgets.chat.messages import ErrorLine, NoteLine, UserLine
from kernel.catalog import FunctionInfo

from .conftest import SIZE


def notes(app) -> str:
    return "\n".join(str(w.render()) for w in app.query(NoteLine))


def errors(app) -> str:
    return "\n".join(str(w.render()) for w in app.query(ErrorLine))


async def test_the_table_has_every_command_of_the_issue():
    wanted = {"help", "clear", "new", "history", "audit", "tasks", "ext", "theme", "provider"}
    assert wanted | {"quit", "settings", "secrets", "copy", "panel"} == set(COMMANDS)


async def test_an_unknown_command_is_an_error_and_never_reaches_the_model(make_app, settle, submit):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        before = await app.client.audit(limit=50)
        await submit(pilot, "/frobnicate the notes")
        text = errors(app)
        assert "unknown command '/frobnicate'" in text
        assert "/help" in text and "/quit" in text
        assert not list(app.query(UserLine))
        assert await app.client.audit(limit=50) == before
        await submit(pilot, "/")
        assert "a command name goes after the /" in errors(app)


async def test_clear_empties_the_chat_view(make_app, settle, submit):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await submit(pilot, "add a task buy milk")
        assert list(app.query(UserLine))
        await submit(pilot, "/clear")
        assert list(app.chat.children) == []


async def test_new_starts_another_conversation_and_history_lists_them(make_app, settle, submit):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await submit(pilot, "add a task buy milk")
        await submit(pilot, "/new")
        assert not list(app.query(UserLine))
        assert "New conversation" in notes(app)
        await submit(pilot, "add a task buy bread")
        answer = await app.client.history(app.user)
        assert len(answer["conversations"]) == 2
        await submit(pilot, "/history bread")
        assert "messages matching 'bread'" in notes(app)


async def test_audit_tasks_and_ext(make_app, settle, submit, home):
    broken = home / "extensions" / "broken"
    broken.mkdir(parents=True)
    (broken / "main.py").write_text("this is not python(\n")
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await submit(pilot, "add a task buy milk")
        await submit(pilot, "/audit 5")
        text = notes(app)
        assert "ledger rows:" in text and "tasks.add_task  ok" in text
        await submit(pilot, "/audit lots")
        assert "/audit takes a number of rows from 1 to 200, got 'lots'" in errors(app)
        await submit(pilot, "/tasks")
        assert app.screen.query_one("#tasks-list").children[0].render().plain == (
            "No background tasks."
        )
        await pilot.press("escape")
        await submit(pilot, "/ext list")
        text = notes(app)
        assert "notes " in text and "create_note" in text and "tasks " in text
        mine = [line for line in text.splitlines() if line.startswith("broken was not loaded")]
        assert len(mine) == 1  # (the startup line says "Extension broken …")


async def test_theme_lists_switches_and_refuses_unknown_names(make_app, settle, submit):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await submit(pilot, "/theme")
        assert "textual-light" in notes(app)
        await submit(pilot, "/theme textual-light")
        assert app.theme == "textual-light"
        await submit(pilot, "/theme no-such-theme")
        assert "unknown theme 'no-such-theme'" in errors(app)
        assert app.theme == "textual-light"


async def test_quit_exits(make_app, settle, submit):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert app.return_code is None
        pilot.app.prompt.value = "/quit"
        await pilot.press("enter")
        await pilot.pause()
    assert app.return_code == 0


async def test_f1_and_help_open_the_help_screen_and_esc_closes_it(make_app, settle, submit):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("f1")
        assert isinstance(app.screen, HelpScreen)
        text = str(app.screen.query_one("#help-text").render())
        assert "ctrl+p" in text and "/theme [NAME]" in text
        await pilot.press("escape")
        assert not isinstance(app.screen, HelpScreen)
        await submit(pilot, "/help")
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("escape")
        assert app.focused is app.prompt


async def test_the_palette_puts_a_call_template_in_the_prompt(make_app, settle, wait_until):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+p")
        assert CommandPalette.is_open(app)
        await pilot.press(*"crnote")  # fuzzy: c…r…note matches notes.create_note
        palette = app.screen
        await wait_until(
            pilot,
            lambda: any(
                "notes.create_note" in str(o.prompt)
                for o in palette.query_one("CommandList").options
            ),
            "notes.create_note in the palette",
        )
        await pilot.press("enter")
        await wait_until(pilot, lambda: not CommandPalette.is_open(app), "the palette to close")
        assert app.prompt.value == "notes.create_note title="


async def test_the_palette_runs_a_shell_command(make_app, settle, wait_until):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+p", *"/tasks")
        palette = app.screen
        await wait_until(
            pilot,
            lambda: any(
                "/tasks" in str(o.prompt) for o in palette.query_one("CommandList").options
            ),
            "/tasks in the palette",
        )
        await pilot.press("enter")
        await wait_until(pilot, lambda: app.screen.query("TaskRow, .tasks-empty"), "the task list")


def test_a_call_template_names_the_required_parameters():
    schema = {"properties": {"title": {}, "body": {}}, "required": ["title"]}
    assert call_template("notes", FunctionInfo("create_note", "write", "", schema)) == (
        "notes.create_note title="
    )
    assert call_template("notes", FunctionInfo("list_notes", "read")) == "notes.list_notes"
