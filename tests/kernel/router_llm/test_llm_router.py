"""The LLM router through a real kernel and a real HTTP model server (scripted answers)."""

import json

from kernel import events as ev
from kernel.llm import usage
from tests.kernel.router_llm.scripted import chat, plan


def of(events, kind):
    return [e for e in events if isinstance(e, kind)]


def text(events):
    return "".join(e.text for e in of(events, ev.TextDelta))


async def turn(kernel, message, user="alice"):
    return [e async for e in kernel.session(user).send(message)]


async def ledger_rows(kernel):
    return await kernel.audit(limit=50)


async def test_chat_question_streams_an_answer(open_kernel, script):
    k = await open_kernel()
    try:
        assert k.llm_mode.startswith("openai scripted-1 at http://127.0.0.1")
        script.answer(chat()).stream("Hello", ", I am", " the shell.")
        events = await turn(k, "hello there, who are you?")
        deltas = [e.text for e in of(events, ev.TextDelta)]
        assert deltas[:3] == ["Hello", ", I am", " the shell."]
        assert not of(events, ev.ActionFinished) and not of(events, ev.Error)
        classify_req, stream_req = script.requests
        assert classify_req["response_format"]["type"] == "json_schema"
        assert stream_req["stream"] is True
        assert stream_req["messages"][-1] == {
            "role": "user",
            "content": "hello there, who are you?",
        }
        rows = await usage.totals(k.db, user_id="alice")
        assert rows and rows[0]["input_tokens"] == 100 and rows[0]["output_tokens"] == 20
    finally:
        await k.close()


async def test_classified_request_runs_a_function_with_a_ledger_row(open_kernel, script):
    k = await open_kernel(mode="model-first")
    try:
        script.answer(plan({"app_id": "notes", "tool": "create_note",
                            "args": {"title": "Meeting moved"}}))  # fmt: skip
        events = await turn(k, "jot down that the meeting moved")
        (planned,) = of(events, ev.PlanProposed)
        assert planned.router == "llm:openai"
        (done,) = of(events, ev.ActionFinished)
        assert done.ok and done.function == "create_note" and done.ledger_id
        # the tools offered are the catalog's, as an enum-like const per tool in the schema
        schema = json.dumps(script.requests[0]["response_format"])
        assert "create_note" in schema
    finally:
        await k.close()


async def test_args_as_a_json_string_are_accepted(open_kernel, script):
    k = await open_kernel(mode="model-first")
    try:
        script.answer(
            plan(
                {
                    "app_id": "tasks",
                    "tool": "add_task",
                    "args": json.dumps({"title": "Pay rent", "priority": "high"}),
                }
            )
        )
        events = await turn(k, "pay rent, it's urgent")
        (done,) = of(events, ev.ActionFinished)
        assert (
            done.ok
            and done.args == {"title": "Pay rent", "due": "", "priority": "high"}
            or (done.ok and done.args["priority"] == "high")
        )
    finally:
        await k.close()


async def test_bad_arguments_go_back_with_feedback_then_run(open_kernel, script):
    k = await open_kernel(mode="model-first")
    try:
        script.answer(
            plan(
                {
                    "app_id": "tasks",
                    "tool": "add_task",
                    "args": {"title": "Pay rent", "priority": "urgent"},
                }
            )
        )
        script.answer(
            plan(
                {
                    "app_id": "tasks",
                    "tool": "add_task",
                    "args": {"title": "Pay rent", "priority": "high"},
                }
            )
        )
        events = await turn(k, "pay rent, urgent")
        (done,) = of(events, ev.ActionFinished)
        assert done.ok
        retry = script.requests[1]["messages"]
        assert "could not be used" in retry[-1]["content"]
        assert "priority" in retry[-1]["content"]
        assert retry[-2]["role"] == "assistant"
    finally:
        await k.close()


async def test_unknown_tool_three_times_runs_nothing(open_kernel, script):
    k = await open_kernel(mode="model-first")
    try:
        bad = plan({"app_id": "mail", "tool": "send_email", "args": {"to": "boss"}})
        script.answer(bad).answer(bad).answer(bad)
        events = await turn(k, "email my boss")
        (err,) = of(events, ev.Error)
        assert err.code == ev.UNMAPPED and "unknown tool" in err.message
        assert len(script.requests) == 3  # one request and at most two retries
        assert "use one of:" in script.requests[1]["messages"][-1]["content"]
        assert not of(events, ev.ActionFinished)
        assert await ledger_rows(k) == []
    finally:
        await k.close()


async def test_placeholder_is_refused_and_corrected(open_kernel, script):
    k = await open_kernel(mode="model-first")
    try:
        script.answer(
            plan({"app_id": "notes", "tool": "create_note", "args": {"title": "<title>"}})
        )
        script.answer(plan({"app_id": "notes", "tool": "create_note", "args": {"title": "Ideas"}}))
        events = await turn(k, "a note for ideas")
        (done,) = of(events, ev.ActionFinished)
        assert done.ok and done.args["title"] == "Ideas"
        assert "placeholder" in script.requests[1]["messages"][-1]["content"]
    finally:
        await k.close()


async def test_made_up_id_is_refused_and_a_title_is_resolved(open_kernel, script):
    k = await open_kernel(mode="model-first")
    try:
        script.answer(
            plan({"app_id": "notes", "tool": "create_note", "args": {"title": "Groceries"}})
        )
        await turn(k, "note: groceries")
        script.answer(
            plan({"app_id": "notes", "tool": "delete_note", "args": {"note_id": "n_8f3a2b1c"}})
        )
        script.answer(
            plan({"app_id": "notes", "tool": "delete_note", "args": {"note_id": "Groceries"}})
        )
        events = await turn(k, "get rid of the groceries note")
        assert "nobody mentioned" in script.requests[2]["messages"][-1]["content"]
        (card,) = of(events, ev.ConfirmationRequired)  # destructive: a card, resolved id
        assert card.card.function == "delete_note"
        assert json.loads(card.card.args_json)["note_id"] != "Groceries"
    finally:
        await k.close()


async def test_low_confidence_asks_instead_of_acting(open_kernel, script):
    k = await open_kernel(mode="model-first")
    try:
        script.answer(
            plan({"app_id": "notes", "tool": "create_note", "args": {"title": "x"}}, confidence=0.2)
        )
        events = await turn(k, "hmm, notes maybe")
        (err,) = of(events, ev.Error)
        assert err.code == ev.UNMAPPED and "not sure" in err.message
        assert err.details["suggestions"] == ["notes.create_note"]
        assert not of(events, ev.ActionFinished)
    finally:
        await k.close()


async def test_malformed_answer_is_retried(open_kernel, script):
    k = await open_kernel(mode="model-first")
    try:
        script.answer("{not json at all")
        script.answer(plan({"app_id": "notes", "tool": "list_notes", "args": {}}))
        events = await turn(k, "what have I written down")
        (done,) = of(events, ev.ActionFinished)
        assert done.ok and done.function == "list_notes"
    finally:
        await k.close()


async def test_failing_provider_falls_back_offline_with_a_notice(open_kernel, script):
    k = await open_kernel(mode="model-first")
    try:
        script.fail(500)
        events = await turn(k, "show my notes")
        (notice,) = of(events, ev.Notice)
        assert "unavailable" in notice.message and "offline" in notice.message
        (done,) = of(events, ev.ActionFinished)
        assert done.ok and done.function == "list_notes"
    finally:
        await k.close()


async def test_failing_provider_and_nothing_offline_is_no_llm(open_kernel, script):
    k = await open_kernel()
    try:
        script.fail(500)
        events = await turn(k, "what is the meaning of life?")
        (err,) = of(events, ev.Error)
        assert err.code == ev.NO_LLM and "unavailable" in err.message
        assert "Traceback" not in err.message
    finally:
        await k.close()


async def test_a_hanging_provider_is_bounded(open_kernel, script):
    k = await open_kernel(timeout_s=1.0)
    try:
        script.hang()
        events = await turn(k, "tell me a joke")
        (err,) = of(events, ev.Error)
        assert err.code == ev.NO_LLM
    finally:
        await k.close()


async def test_explicit_requests_stay_offline(open_kernel, script):
    k = await open_kernel(mode="model-first")
    try:
        events = await turn(k, "notes.list_notes")
        (done,) = of(events, ev.ActionFinished)
        assert done.ok and script.requests == []
    finally:
        await k.close()


async def test_a_chain_passes_results_by_ref(open_kernel, script):
    k = await open_kernel(mode="model-first")
    try:
        script.answer(plan(
            {"app_id": "notes", "tool": "create_note", "args": {"title": "Shopping"}},
            {"app_id": "tasks", "tool": "add_task", "args": {"title": "$REF:s1.title"},
             "depends_on": ["s1"]},
            intent="chain",
        ))  # fmt: skip
        events = await turn(k, "write a shopping note and make a task of it")
        done = of(events, ev.ActionFinished)
        assert [d.function for d in done] == ["create_note", "add_task"]
        assert done[1].ok and done[1].args["title"] == "Shopping"
    finally:
        await k.close()


async def test_a_cycle_goes_back_to_the_model(open_kernel, script):
    k = await open_kernel(mode="model-first")
    try:
        cyclic = plan(
            {"app_id": "notes", "tool": "create_note", "args": {"title": "A"},
             "depends_on": ["s2"]},
            {"app_id": "tasks", "tool": "add_task", "args": {"title": "B"},
             "depends_on": ["s1"]},
            intent="chain",
        )  # fmt: skip
        script.answer(cyclic).answer(cyclic).answer(cyclic)
        events = await turn(k, "note A and task B, each after the other")
        (err,) = of(events, ev.Error)
        assert err.code == ev.UNMAPPED and "cycle" in err.message
        assert "cycle" in script.requests[1]["messages"][-1]["content"]
        assert await ledger_rows(k) == []
    finally:
        await k.close()


async def test_compact_answers_for_small_models(open_kernel, script):
    k = await open_kernel(mode="model-first", answer="compact")
    try:
        script.answer({"tool": "tasks.add_task", "args": {"title": "Water plants"}})
        events = await turn(k, "the plants need water")
        (done,) = of(events, ev.ActionFinished)
        assert done.ok and done.args["title"] == "Water plants"
        schema = script.requests[0]["response_format"]["json_schema"]["schema"]
        tools = [b["properties"]["tool"]["enum"][0] for b in schema["anyOf"]]
        assert "tasks.add_task" in tools and tools[-1] == "chat"
        script.answer({"tool": "chat"}).stream("Hi!")
        events = await turn(k, "hi")
        assert text(events).strip() == "Hi!"
        script.answer({"tool": "tasks.add_task", "args": {"title": "x", "priority": "urgent"}})
        script.answer({"tool": "tasks.add_task", "args": {"title": "x", "priority": "high"}})
        events = await turn(k, "x, urgently")
        assert of(events, ev.ActionFinished)[0].args["priority"] == "high"
    finally:
        await k.close()


async def test_bad_llm_settings_are_config_errors(llm_home):
    import pytest

    from kernel.config import ConfigError, KernelConfig
    from tests.kernel.router_llm.conftest import configure

    configure(llm_home, mode="model-last")
    with pytest.raises(ConfigError, match="mode"):
        KernelConfig.load()
    configure(llm_home, api_key="sk-123")
    with pytest.raises(ConfigError, match="secrets store"):
        KernelConfig.load()


async def test_an_argument_that_repeats_the_tool_name_goes_back(open_kernel, script):
    k = await open_kernel(mode="model-first", answer="compact")
    try:
        script.answer({"tool": "tasks.add_task", "args": {"title": "tasks.add_task"}})
        script.answer({"tool": "tasks.add_task", "args": {"title": "water the plants"}})
        events = await turn(k, "add a task: water the plants")
        (done,) = of(events, ev.ActionFinished)
        assert done.args["title"] == "water the plants"
        assert "the tool's name" in script.requests[1]["messages"][-1]["content"]
    finally:
        await k.close()


async def test_an_argument_that_repeats_its_own_name_goes_back(open_kernel, script):
    k = await open_kernel(mode="model-first", answer="compact")
    try:
        script.answer({"tool": "notes.search_notes", "args": {"query": "query"}})
        script.answer({"tool": "notes.search_notes", "args": {"query": "budget"}})
        events = await turn(k, "search notes for budget")
        (done,) = of(events, ev.ActionFinished)
        assert done.ok and done.args["query"] == "budget"
        assert "own name" in script.requests[1]["messages"][-1]["content"]
    finally:
        await k.close()


async def test_an_empty_answer_is_said(open_kernel, script):
    k = await open_kernel()
    try:
        script.answer(chat()).stream()
        events = await turn(k, "tell me a joke")
        (err,) = of(events, ev.Error)
        assert err.code == ev.NO_LLM and err.message == "the model (openai) gave an empty answer"
        assert text(events) == ""
    finally:
        await k.close()
