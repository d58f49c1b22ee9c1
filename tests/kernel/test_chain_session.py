"""Plans of dependent steps through the real kernel: order, `$REF`, skips, cards, the ledger."""

from __future__ import annotations

from kernel import Kernel, KernelConfig
from kernel import events as ev
from kernel.router.plan import Plan, Step

ECHO = """
from pydantic import BaseModel
from imperal_sdk import Extension, ChatExtension, ActionResult

ext = Extension("echo", version="1.0.0", display_name="Echo")
chat = ChatExtension(ext, "echo", "Echo")

class Say(BaseModel):
    text: str = "hi"

@chat.function("say", action_type="read", description="Return what it was given.")
async def say(ctx, params: Say) -> ActionResult:
    return ActionResult.success({"said": params.text}, summary=params.text)
"""


def of(events, kind):
    return [e for e in events if isinstance(e, kind)]


def finished(events):
    return {e.step_id: e for e in of(events, ev.ActionFinished)}


def step(step_id, app_id, tool, args=None, deps=()):
    return {"step_id": step_id, "app_id": app_id, "tool": tool, "args": args or {},
            "depends_on": list(deps)}  # fmt: skip


async def add_notes(session, *titles):
    for title in titles:
        (done,) = of(
            await session.call("notes", "create_note", {"title": title}), ev.ActionFinished
        )
        assert done.ok


async def test_reads_run_before_the_writes_that_use_them(session, kernel):
    await add_notes(session, "Q3 plans", "Groceries")
    events = await session.run_plan(
        {
            "intent": "chain",
            "action_plans": [
                step(
                    "w",
                    "tasks",
                    "add_task",
                    {"title": "Review $REF:r.notes[0].title", "priority": "$REF:p.priority"},
                    ["r", "p"],
                ),  # fmt: skip
                step("r", "notes", "search_notes", {"query": "Q3"}),
                step("p", "tasks", "add_task", {"title": "first", "priority": "high"}),
            ],
        }
    )
    (plan,) = of(events, ev.PlanProposed)
    assert [s.step_id for s in plan.steps] == ["r", "p", "w"] and plan.router == "plan"
    started = [e.step_id for e in of(events, ev.ActionStarted)]
    assert started == ["r", "p", "w"]
    done = finished(events)
    assert done["w"].ok and done["w"].args["title"] == "Review Q3 plans"
    assert done["w"].args["priority"] == "high"
    rows = await kernel.audit()
    assert [(r["id"], r["function"], r["source"]) for r in rows[-3:]] == [
        (done["r"].ledger_id, "search_notes", "plan"),
        (done["p"].ledger_id, "add_task", "plan"),
        (done["w"].ledger_id, "add_task", "plan"),
    ]


async def test_a_reference_by_app_index_keeps_its_json_type(session):
    await add_notes(session, "a", "b", "c")
    events = await session.run_plan(
        [
            step("all", "notes", "list_notes"),
            step("some", "notes", "list_notes", {"limit": "$REF:notes[0].count"}),
            step(
                "note",
                "notes",
                "create_note",
                {"title": "count", "body": "counts: $REF:all.count and $REF:some.notes[0]"},
            ),  # fmt: skip
        ]
    )
    done = finished(events)
    assert done["some"].args["limit"] == 3  # an int, not "3"
    assert done["some"].data["count"] == 3
    body = done["note"].data["body"]
    assert body.startswith('counts: 3 and {"body":"","folder":"","id":"')


async def test_a_path_missing_at_run_time_fails_that_step_clearly(session, kernel):
    events = await session.run_plan(
        [
            step("find", "notes", "search_notes", {"query": "nothing like this"}),
            step("del", "notes", "delete_note", {"note_id": "$REF:find.notes[0].id"}),
            step("after", "tasks", "add_task", {"title": "done: $REF:del.title"}),
            step("other", "tasks", "list_tasks"),
        ]
    )
    done = finished(events)
    assert done["find"].ok and done["other"].ok
    failed = done["del"]
    assert failed.status == "error" and failed.args == {"note_id": "$REF:find.notes[0].id"}
    assert failed.error == (
        "notes.delete_note did not run: its arguments could not be filled: "
        "find.notes has 0 item(s), so it has no [0]."
    )
    (skip,) = of(events, ev.StepSkipped)
    assert (skip.step_id, skip.blocked_by) == ("after", "del")
    assert skip.reason == "it needs del: notes.delete_note failed"
    assert not of(events, ev.ConfirmationRequired)  # nothing was about to be deleted
    row = next(r for r in await kernel.audit() if r["id"] == failed.ledger_id)
    assert (row["status"], row["function"]) == ("error", "delete_note")
    assert "has 0 item(s)" in row["error"]


async def test_undeclared_data_is_checked_when_the_step_runs(home, write_extension):
    write_extension("echo", ECHO)
    async with await Kernel.open(KernelConfig.load()) as k:
        events = await k.session("alice").run_plan(
            [
                step("a", "echo", "say", {"text": "x"}),
                step("b", "echo", "say", {"text": "$REF:a.sad"}),
            ]
        )
    assert finished(events)["a"].ok
    assert "a has no field 'sad' (it has: said)" in finished(events)["b"].error


async def test_an_invalid_plan_runs_nothing_and_writes_no_ledger_row(session, kernel):
    for bad in (
        [
            step("a", "notes", "list_notes", deps=["b"]),
            step("b", "notes", "list_notes", deps=["a"]),
        ],
        [step("a", "notes", "list_notes", deps=["ghost"])],
        [step("a", "notes", "create_note", {"title": "$REF:ghost.title"})],
        [
            step("a", "notes", "list_notes"),
            step("b", "notes", "create_note", {"title": "$REF:a.x"}),
        ],
        [step("a", "notes", "list_notes"), step("b", "mail", "send_email")],
        "{broken",
    ):
        events = await session.run_plan(bad)
        (error,) = events
        assert error.code == ev.INVALID_PLAN and error.message.startswith("Invalid plan")
        assert error.details["problems"]
    assert await kernel.audit() == []


async def test_a_failed_step_skips_its_dependents_and_independents_still_run(session):
    events = await session.run_plan(
        [
            step("bad", "notes", "update_note", {"note_id": "missing", "title": "x"}),
            step("dep", "tasks", "add_task", {"title": "$REF:bad.title"}),
            step("dep2", "tasks", "list_tasks", deps=["dep"]),
            step("free", "notes", "create_note", {"title": "independent"}),
        ]
    )
    done = finished(events)
    assert done["bad"].status == "error" and done["free"].ok
    assert set(done) == {"bad", "free"}
    skips = of(events, ev.StepSkipped)
    assert [(s.step_id, s.blocked_by, s.reason) for s in skips] == [
        ("dep", "bad", "it needs bad: notes.update_note failed"),
        ("dep2", "dep", "it needs dep: tasks.add_task was skipped"),
    ]


async def test_an_error_before_the_handler_is_tagged_with_its_step(session):
    events = await session.run_plan(
        [
            step("x", "notes", "create_note", {"title": ""}),
            step("y", "notes", "list_notes", deps=["x"]),
        ]
    )
    (error,) = of(events, ev.Error)
    assert error.code == ev.INVALID_ARGS and error.details["step_id"] == "x"
    assert of(events, ev.StepSkipped)[0].step_id == "y"


async def test_a_chain_pauses_at_a_card_and_goes_on_after_confirm(home, kernel):
    session = kernel.session("alice")
    await add_notes(session, "Groceries")
    events = await session.run_plan(
        [
            step("find", "notes", "search_notes", {"query": "Groceries"}),
            step("del", "notes", "delete_note", {"note_id": "$REF:find.notes[0].id"}),
            step(
                "log", "tasks", "add_task", {"title": "deleted $REF:find.notes[0].title"}, ["del"]
            ),
            step("free", "tasks", "add_task", {"title": "unrelated"}),
        ]
    )
    (card,) = [e.card for e in of(events, ev.ConfirmationRequired)]
    assert card.step_id == "del" and set(finished(events)) == {"find"}
    await kernel.close()  # the card, and what the rest of the chain needs, outlive the kernel
    async with await Kernel.open(KernelConfig.load()) as again:
        after = await again.session("alice").confirm(card.card_id)
        done = finished(after)
        assert done["del"].ok and done["log"].ok and done["free"].ok
        assert done["log"].args["title"] == "deleted Groceries"
        search = await again.session("alice").call("notes", "search_notes", {"query": "Groceries"})
        assert of(search, ev.ActionFinished)[0].data["count"] == 0


async def test_denying_a_card_skips_its_dependents_only(session):
    await add_notes(session, "Keep")
    events = await session.run_plan(
        [
            step("find", "notes", "search_notes", {"query": "Keep"}),
            step("del", "notes", "delete_note", {"note_id": "$REF:find.notes[0].id"}),
            step("log", "tasks", "add_task", {"title": "deleted"}, ["del"]),
            step("free", "tasks", "add_task", {"title": "unrelated $REF:find.count"}),
        ]
    )
    (card,) = [e.card for e in of(events, ev.ConfirmationRequired)]
    after = await session.deny(card.card_id, "no")
    done = finished(after)
    assert done["del"].status == "denied" and done["free"].ok
    assert done["free"].args["title"] == "unrelated 1"
    (skip,) = of(after, ev.StepSkipped)
    assert (skip.step_id, skip.reason) == ("log", "it needs del: notes.delete_note was denied")


async def test_a_model_router_plan_with_refs_runs_by_the_chain_rules(session, kernel, send):
    async def route(message, conversation=None):
        return Plan(
            [
                Step("s2", "tasks", "add_task", {"title": "$REF:tasks[1].count tasks open"}),
                Step("s1", "tasks", "list_tasks", {}),
            ],
            router="llm",
        )

    kernel.router.route = route
    events = await send("how many tasks, as a task")
    assert [s.step_id for s in of(events, ev.PlanProposed)[0].steps] == ["s1", "s2"]
    assert finished(events)["s2"].args["title"] == "0 tasks open"


async def test_an_offline_plan_still_stops_at_its_first_failure(session, kernel, send):
    async def route(message, conversation=None):
        return Plan(
            [
                Step("s1", "notes", "update_note", {"note_id": "nope", "title": "x"}),
                Step("s2", "tasks", "add_task", {"title": "after"}),
            ],  # fmt: skip
            router="offline",
        )

    kernel.router.route = route
    events = await send("anything")
    assert set(finished(events)) == {"s1"} and not of(events, ev.StepSkipped)
