import pytest

from kernel.router.offline import OfflineRouter
from kernel.router.plan import Plan, Resolve, Unmapped


@pytest.fixture
def router(kernel):
    return OfflineRouter(kernel.catalog)


@pytest.mark.parametrize(
    ("message", "app", "function", "args"),
    [
        ("add a task buy milk", "tasks", "add_task", {"title": "buy milk"}),
        (
            "Please add a task pay rent due friday",
            "tasks",
            "add_task",
            {"title": "pay rent", "due": "friday"},
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
