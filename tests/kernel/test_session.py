"""One chat turn end to end through the chokepoint, on a real SQLite file."""

from kernel import Kernel, KernelConfig
from kernel import events as ev


def of(events, kind):
    return [e for e in events if isinstance(e, kind)]


def reply(events):
    return "".join(e.text for e in of(events, ev.TextDelta))


async def notes(session):
    (done,) = of(await session.call("notes", "list_notes", {}), ev.ActionFinished)
    return [n["title"] for n in done.data["notes"]]


async def test_chat_turn_creates_and_lists(session, send):
    events = await send("create a note titled Groceries")
    (plan,) = of(events, ev.PlanProposed)
    assert plan.steps[0].function == "create_note"
    (done,) = of(events, ev.ActionFinished)
    assert done.ok and done.ledger_id
    assert of(events, ev.PanelInvalidated) == [ev.PanelInvalidated("notes", None)]
    assert "Created note “Groceries”" in reply(events)
    listing = await send("show my notes")
    assert "Groceries" in reply(listing)
    assert not of(listing, ev.PanelInvalidated)  # reads change nothing to refresh


async def test_destructive_needs_card_and_confirm_runs_exact_bytes(session, send, kernel):
    await send("create a note titled Groceries")
    events = await send("delete the note Groceries")
    (req,) = of(events, ev.ConfirmationRequired)
    card = req.card
    assert card.action_type == "destructive"
    assert card.args_json.startswith('{"note_id":"')
    assert not of(events, ev.ActionFinished)
    rows = await kernel.audit()
    assert rows[-1]["status"] == "awaiting_confirmation" and rows[-1]["card_id"] == card.card_id
    assert await notes(session) == ["Groceries"]  # nothing deleted yet
    done = await session.confirm(card.card_id)
    assert of(done, ev.CardResolved)[0].decision == "confirmed"
    (finished,) = of(done, ev.ActionFinished)
    assert finished.ok and finished.args == {"note_id": card.args_json[12:-2]}
    assert await notes(session) == []
    assert (await session.confirm(card.card_id))[0].code == ev.CARD_NOT_FOUND  # answered once


async def test_deny_changes_nothing_and_is_recorded(session, send, kernel):
    await send("create a note titled Keep")
    (req,) = of(await send("delete the note Keep"), ev.ConfirmationRequired)
    out = await session.deny(req.card.card_id, "changed my mind")
    assert of(out, ev.ActionFinished)[0].status == "denied"
    row = (await kernel.audit())[-1]
    assert await notes(session) == ["Keep"]
    assert (row["status"], row["error"], row["card_id"]) == (
        "denied",
        "changed my mind",
        req.card.card_id,
    )


async def test_card_belongs_to_its_user(kernel, send):
    alice, bob = kernel.session("alice"), kernel.session("bob")
    await send("create a note titled Mine", alice)
    (req,) = of(await send("delete the note Mine", alice), ev.ConfirmationRequired)
    assert (await bob.confirm(req.card.card_id))[0].code == ev.CARD_NOT_FOUND
    assert await notes(alice) == ["Mine"]
    assert await notes(bob) == []


async def test_tampered_card_bytes_do_not_run(session, send, kernel):
    await send("create a note titled A")
    await send("create a note titled B")
    (req,) = of(await send("delete the note A"), ev.ConfirmationRequired)
    b_id = (await session.call("notes", "search_notes", {"query": "B"}))[1].data["notes"][0]["id"]
    async with kernel.db.write() as conn:  # someone rewrites the stored card's bytes
        await conn.execute(
            "UPDATE cards SET args_json=? WHERE card_id=?",
            (f'{{"note_id":"{b_id}"}}', req.card.card_id),
        )
    out = await session.confirm(req.card.card_id)
    assert of(out, ev.Error)[0].code == ev.DIGEST_MISMATCH
    assert sorted(await notes(session)) == ["A", "B"]


async def test_write_policy_asks_before_writes(home):
    (home / "config.toml").write_text('confirm = "write"\n')
    async with await Kernel.open(KernelConfig.load()) as k:
        s = k.session("alice")
        events = [e async for e in s.send("add a task buy milk")]
        (req,) = of(events, ev.ConfirmationRequired)
        assert req.card.action_type == "write"
        reads = [e async for e in s.send("show my tasks")]
        assert not of(reads, ev.ConfirmationRequired)
        await s.confirm(req.card.card_id)
        assert "buy milk" in reply([e async for e in s.send("show my tasks")])


async def test_resolution_through_read_functions(session, send):
    await send("add a task buy milk")
    events = await send("mark buy milk done")
    (done,) = of(events, ev.ActionFinished)
    assert done.function == "complete_task" and done.ok
    missing = await send("mark nonexistent thing done")
    assert of(missing, ev.Error)[0].code == ev.NOT_FOUND
    assert "nonexistent thing" in of(missing, ev.Error)[0].message


async def test_unknown_function_and_bad_args_are_clear_and_recorded(session, kernel):
    (err,) = await session.call("notes", "explode", {})
    assert err.code == ev.UNKNOWN_FUNCTION and "notes.create_note" in err.message
    (err,) = await session.call("notes", "create_note", {"title": ""})
    assert err.code == ev.INVALID_ARGS and "title" in err.message
    (err,) = await session.call("notes", "create_note", {"title": "x", "colour": "red"})
    assert err.code == ev.INVALID_ARGS and "colour" in err.message
    (err,) = await session.call("notes", "create_note", {"title": "<TITLE>"})
    assert err.code == ev.INVALID_ARGS and "placeholder" in err.message
    rows = await kernel.audit()
    assert [r["status"] for r in rows] == ["error"] * 4
    assert await notes(session) == []


async def test_unmapped_request_is_an_error_event(send):
    (err,) = await send("frobnicate")
    assert err.code == ev.UNMAPPED and err.details["suggestions"]


BROKEN_HANDLER = """
from pydantic import BaseModel
from imperal_sdk import Extension, ChatExtension, ActionResult

ext = Extension("flaky", version="1.0.0", display_name="Flaky")
chat = ChatExtension(ext, "flaky", "Flaky functions")

class P(BaseModel):
    title: str

@chat.function("save_then_fail", description="Writes, then raises halfway.", action_type="write")
async def save_then_fail(ctx, params: P) -> ActionResult:
    await ctx.store.create("things", {"title": params.title})
    raise RuntimeError("secret internal detail")

@chat.function("save_then_refuse", description="Writes, then reports an error.", action_type="write")
async def save_then_refuse(ctx, params: P) -> ActionResult:
    await ctx.store.create("things", {"title": params.title})
    return ActionResult.error("refused")

@chat.function("count", description="Counts the stored things.", action_type="read")
async def count(ctx, params: P) -> ActionResult:
    return ActionResult.success({"n": await ctx.store.count("things")}, "counted")
"""


async def test_a_raising_handler_changes_nothing(home, write_extension):
    write_extension("flaky", BROKEN_HANDLER)
    async with await Kernel.open(KernelConfig.load()) as k:
        s = k.session("alice")
        (done,) = of(await s.call("flaky", "save_then_fail", {"title": "x"}), ev.ActionFinished)
        assert done.status == "error" and "RuntimeError" in done.error
        assert "RuntimeError: secret internal detail (main.py:" in done.error  # what and where
        (done,) = of(await s.call("flaky", "save_then_refuse", {"title": "x"}), ev.ActionFinished)
        assert done.status == "error" and done.error == "refused"
        (done,) = of(await s.call("flaky", "count", {"title": "x"}), ev.ActionFinished)
        assert done.data == {"n": 0}
        rows = await k.audit()
        assert [r["status"] for r in rows] == ["error", "error", "ok"]


async def test_broken_extension_is_reported_and_others_load(home, write_extension):
    write_extension("broken", "import definitely_not_a_module\n")
    write_extension("syntax", "def oops(:\n")
    write_extension("empty", "x = 1\n")
    async with await Kernel.open(KernelConfig.load()) as k:
        names = {e.app_id for e in k.extensions()}
        assert {"notes", "tasks"} <= names
        errors = {e.name: e.message for e in k.load_errors}
        assert "ModuleNotFoundError" in errors["broken"] and "main.py:1" in errors["broken"]
        assert "SyntaxError" in errors["syntax"] and "main.py:1" in errors["syntax"]
        assert "no Extension" in errors["empty"]


async def test_user_extension_loads_from_data_dir(home, write_extension):
    write_extension(
        "hello",
        (
            __import__("pathlib").Path(__file__).parents[1]
            / "sdk"
            / "seed_examples"
            / "hello_world.py"
        ).read_text(),
    )
    async with await Kernel.open(KernelConfig.load()) as k:
        s = k.session("alice")
        (done,) = of(await s.call("hello-world", "greet", {"name": "Alex"}), ev.ActionFinished)
        assert done.ok and done.summary == "Greeted Alex"
        events = [e async for e in s.send('hello-world.greet name="Alex"')]
        assert "Greeted Alex" in reply(events)


async def test_panels_render_and_fail_in_place(session, send, kernel):
    assert {(p.app_id, p.slot) for p in kernel.panels()} >= {("notes", "left"), ("tasks", "left")}
    empty = await session.render("notes", "notes")
    assert empty["type"] == "Stack"
    await send("create a note titled Q3")
    tree = await session.render("notes", "notes")
    items = tree["props"]["children"][1]["props"]["items"]
    assert [i["props"]["title"] for i in items] == ["Q3"]
    missing = await session.render("notes", "nope")
    assert missing["type"] == "Error"


async def test_data_is_scoped_per_user(kernel, send):
    alice, bob = kernel.session("alice"), kernel.session("bob")
    await send("create a note titled Alice's", alice)
    assert await notes(bob) == []
    assert of(await send("delete the note Alice's", bob), ev.Error)[0].code == ev.NOT_FOUND


async def test_policy_deny_refuses_and_records(home):
    (home / "config.toml").write_text('[policy]\ndeny = ["notes.delete_note", "tasks.*"]\n')
    async with await Kernel.open(KernelConfig.load()) as k:
        s = k.session("alice")
        await s.call("notes", "create_note", {"title": "Keep"})
        events = [e async for e in s.send("delete the note Keep")]
        (err,) = of(events, ev.Error)
        assert err.code == ev.POLICY_DENIED and "notes.delete_note" in err.message
        assert not of(events, ev.ConfirmationRequired)
        assert await notes(s) == ["Keep"]
        (err,) = await s.call("tasks", "add_task", {"title": "x"})
        assert err.code == ev.POLICY_DENIED
        rows = await k.audit()
        assert [r["status"] for r in rows if r["function"] in ("delete_note", "add_task")] == [
            "denied",
            "denied",
        ]


async def test_bad_policy_is_a_config_error(home):
    import pytest

    from kernel import ConfigError

    (home / "config.toml").write_text('[policy]\ndeny = ["nodot"]\n')
    with pytest.raises(ConfigError, match="nodot"):
        KernelConfig.load()


async def test_cards_expire(session, send, kernel):
    await send("create a note titled Old")
    (req,) = of(await send("delete the note Old"), ev.ConfirmationRequired)
    kernel.cards.ttl = 0.0
    assert await session.pending_cards() == []
    (err,) = await session.confirm(req.card.card_id)
    assert err.code == ev.CARD_EXPIRED
    assert await notes(session) == ["Old"]


SYNC_HANDLER = """
from pydantic import BaseModel
from imperal_sdk import Extension, ChatExtension, ActionResult

ext = Extension("syncy", version="1.0.0", display_name="Syncy")
chat = ChatExtension(ext, "syncy", "Sync functions")

class P(BaseModel):
    pass

@chat.function("plain", description="A handler someone forgot to make async.")
def plain(ctx, params: P) -> ActionResult:
    return ActionResult.success({}, "ran")
"""


async def test_a_handler_that_is_not_async_runs_in_a_thread(home, write_extension):
    """As on the platform, a plain `def` handler loads and runs (see tests/kernel/test_load_errors.py)."""
    write_extension("syncy", SYNC_HANDLER)
    async with await Kernel.open(KernelConfig.load()) as k:
        assert k.load_errors == []
        events = await k.session("alice").call("syncy", "plain", {})
        (done,) = [e for e in events if isinstance(e, ev.ActionFinished)]
        assert done.ok and done.summary == "ran"
        assert {"notes", "tasks", "syncy"} <= {e.app_id for e in k.extensions()}


async def test_confirm_with_digest_checks_what_was_seen(session, send):
    await send("create a note titled Seen")
    (req,) = of(await send("delete the note Seen"), ev.ConfirmationRequired)
    for wrong in ("abc", "0" * 12, req.card.digest[:7]):
        (err,) = await session.confirm(req.card.card_id, wrong)
        assert err.code == ev.DIGEST_MISMATCH
    assert [c.card_id for c in await session.pending_cards()] == [req.card.card_id]
    done = await session.confirm(req.card.card_id, req.card.short_digest.upper())
    assert of(done, ev.ActionFinished)[0].ok


async def test_it_names_the_item_the_conversation_just_added(session, send):
    """The session keeps what its last steps returned, so "mark it done" completes that task."""
    added = of(await send("add a task pay rent"), ev.ActionFinished)[0]
    assert added.ok
    (done,) = of(await send("mark it done"), ev.ActionFinished)
    assert (done.function, done.args, done.ok) == (
        "complete_task",
        {"task_id": added.data["id"]},
        True,
    )
