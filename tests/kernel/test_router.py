import datetime as dt

import pytest

from kernel.router.offline import OfflineRouter
from kernel.router.plan import Conversation, Plan, Referent, Resolve, Unmapped

TODAY = dt.date(2026, 3, 11)  # a Wednesday


@pytest.fixture
def router(kernel):
    return OfflineRouter(kernel.catalog, today=lambda: TODAY)


@pytest.mark.parametrize(
    ("message", "app", "function", "args"),
    [
        ("add a task buy milk", "tasks", "add_task", {"title": "buy milk"}),
        (
            "Please add a task pay rent due friday",
            "tasks",
            "add_task",
            {"title": "pay rent", "due": "2026-03-13"},
        ),
        (
            "add a high priority task call mom",
            "tasks",
            "add_task",
            {"title": "call mom", "priority": "high"},
        ),
        ("show my notes", "notes", "list_notes", {}),
        ("list notes in folder work", "notes", "list_notes", {"folder": "work"}),
        ("show my tasks", "tasks", "list_tasks", {}),
        ("show done tasks", "tasks", "list_tasks", {"status": "done"}),
        ("create a note titled Q3", "notes", "create_note", {"title": "Q3"}),
        (
            "create a note titled Q3 with body revenue up in folder work",
            "notes",
            "create_note",
            {"title": "Q3", "body": "revenue up", "folder": "work"},
        ),
        ("find notes about revenue", "notes", "search_notes", {"query": "revenue"}),
        ("show the note Groceries", "notes", "search_notes", {"query": "Groceries"}),
        (
            'notes.create_note title="Q3 plan" limit=5',
            "notes",
            "create_note",
            {"title": "Q3 plan", "limit": 5},
        ),
        ('notes.create_note {"title": "Q3"}', "notes", "create_note", {"title": "Q3"}),
    ],
)
def test_requests_map_to_calls(router, message, app, function, args):
    plan = router.route_sync(message)
    assert isinstance(plan, Plan), plan
    (step,) = plan.steps
    assert (step.app_id, step.function, step.args) == (app, function, args)


@pytest.mark.parametrize(
    ("message", "function", "id_param", "title"),
    [
        ("delete the note Groceries", "delete_note", "note_id", "Groceries"),
        ("mark buy milk done", "complete_task", "task_id", "buy milk"),
        ("mark the task buy milk as done", "complete_task", "task_id", "buy milk"),
        ("remove task 'walk the dog'", "delete_task", "task_id", "walk the dog"),
    ],
)
def test_titles_become_resolve_markers(router, message, function, id_param, title):
    (step,) = router.route_sync(message).steps
    assert step.function == function
    marker = step.args[id_param]
    assert isinstance(marker, Resolve) and marker.title == title


def test_rename(router):
    (step,) = router.route_sync("rename note Q3 to Q4").steps
    assert step.function == "update_note"
    assert step.args["title"] == "Q4"
    assert step.args["note_id"].title == "Q3"


@pytest.mark.parametrize(
    "message",
    [
        "",
        "   ",
        "frobnicate the widgets",
        "delete buy milk",
        "notes.create_note title",
        'notes.create_note "unclosed',
    ],
)
def test_unmappable_requests_say_why(router, message):
    result = router.route_sync(message)
    assert isinstance(result, Unmapped)
    assert result.message


@pytest.mark.parametrize(
    ("message", "function", "args"),
    [
        ("new task: water plants", "add_task", {"title": "water plants"}),
        ("create a note: meeting moved", "create_note", {"title": "meeting moved"}),
        ("show all tasks", "list_tasks", {"status": "all"}),
        (
            "add a task pay rent with high priority",
            "add_task",
            {"title": "pay rent", "priority": "high"},
        ),
        (
            "add a task pay rent due tomorrow",
            "add_task",
            {"title": "pay rent", "due": "2026-03-12"},
        ),
        (
            "add a task pay rent due in 3 days",
            "add_task",
            {"title": "pay rent", "due": "2026-03-14"},
        ),
        ("add a task pay rent next week", "add_task", {"title": "pay rent", "due": "2026-03-16"}),
        ("add a task pay rent due someday", "add_task", {"title": "pay rent", "due": "someday"}),
        ('add a task "pay rent due friday"', "add_task", {"title": "pay rent due friday"}),
    ],
)
def test_the_misreadings_of_issue_8(router, message, function, args):
    plan = router.route_sync(message)
    assert isinstance(plan, Plan), plan
    (step,) = plan.steps
    assert (step.function, step.args) == (function, args)


def test_the_date_comes_from_the_injected_today(kernel):
    later = OfflineRouter(kernel.catalog, today=lambda: dt.date(2026, 12, 31))
    (step,) = later.route_sync("add a task pay rent due tomorrow").steps
    assert step.args["due"] == "2027-01-01"


def test_it_without_a_conversation_is_refused(router):
    for message in ("mark it done", "delete it", "rename it to Q4"):
        result = router.route_sync(message)
        assert isinstance(result, Unmapped) and "“it”" in result.message
    assert isinstance(router.route_sync("mark it done", Conversation()), Unmapped)


async def test_it_is_the_last_item_of_the_conversation(router):
    conversation = Conversation()
    conversation.observe("tasks", "add_task", {"id": "t_1", "title": "buy milk"})
    (step,) = (await router.route("mark it done", conversation)).steps
    assert (step.function, step.args) == ("complete_task", {"task_id": "t_1"})
    # known only by title (not yet looked up): the title is resolved like any other
    titled = Conversation(Referent("tasks", "task", title="buy milk"))
    (step,) = router.route_sync("delete it", titled).steps
    assert step.args == {"task_id": Resolve("tasks", "task", "buy milk")}
    # a note cannot be completed: refused, not guessed
    note = Conversation(Referent("notes", "note", "n_1", "Q3"))
    assert isinstance(router.route_sync("mark it done", note), Unmapped)
    assert isinstance(router.route_sync("make it high priority", conversation), Unmapped)


def test_observe_remembers_one_item_and_ignores_the_rest():
    conversation = Conversation()
    conversation.observe("notes", "list_notes", {"notes": [], "count": 0})
    conversation.observe("notes", "list_notes", {"notes": [{"id": "a"}, {"id": "b"}]})
    conversation.observe("notes", "create_note", None)
    assert conversation.last is None
    conversation.observe("notes", "search_notes", {"notes": [{"id": "n_2", "title": "Q3"}]})
    assert conversation.last == Referent("notes", "note", "n_2", "Q3")


def test_several_requests_in_one_message(router):
    plan = router.route_sync("add a task buy milk then mark it done")
    first, second = plan.steps
    assert (first.function, first.args) == ("add_task", {"title": "buy milk"})
    assert second.function == "complete_task"
    assert second.args == {"task_id": Resolve("tasks", "task", "buy milk")}
    assert second.depends_on == ("s1",)
    (one,) = router.route_sync("add a task buy bread and milk").steps
    assert one.args == {"title": "buy bread and milk"}


@pytest.mark.parametrize("message", ["create a note", "add a task", "delete all notes"])
def test_a_request_missing_what_it_needs_is_refused(router, message):
    assert isinstance(router.route_sync(message), Unmapped)
