"""Tasks: a plain to-do list. Written only against the SDK, as a third party would."""

from __future__ import annotations

from typing import Literal

from imperal_sdk import ActionResult, ChatExtension, Extension, ui
from pydantic import BaseModel, Field

ext = Extension(
    "tasks",
    version="1.0.0",
    display_name="Tasks",
    description="Keep a to-do list: add tasks with a due date and priority, complete and delete them.",
    icon="icon.svg",
    actions_explicit=True,
    capabilities=["tasks:read", "tasks:write"],
)
chat = ChatExtension(ext, "tasks", "Tasks — a plain to-do list.")

COLLECTION = "tasks"
PRIORITIES = ("low", "normal", "high")


class Task(BaseModel):
    id: str
    title: str
    due: str = ""
    priority: str = "normal"
    status: str = "open"


class TaskList(BaseModel):
    tasks: list[Task]
    count: int


class AddTaskParams(BaseModel):
    title: str = Field(min_length=1, max_length=200, description="What is to be done")
    due: str = Field("", max_length=50, description="When it is due, free text or a date")
    priority: Literal["low", "normal", "high"] = Field("normal", description="low, normal or high")


class ListTasksParams(BaseModel):
    status: Literal["open", "done", "all"] = Field("open", description="open, done or all")


class TaskIdParams(BaseModel):
    task_id: str = Field(min_length=1, description="Id of the task")


def _task(doc) -> Task:
    return Task(
        id=doc.id,
        **{k: doc.data[k] for k in ("title", "due", "priority", "status") if k in doc.data},
    )


async def _tasks(ctx, status: str = "open") -> list[Task]:
    where = None if status == "all" else {"status": status}
    page = await ctx.store.query(COLLECTION, where=where, limit=1000)
    return [_task(d) for d in page.data]


@ext.emits("tasks.task_added")
@chat.function(
    "add_task",
    description="Add a task to the to-do list, with an optional due date and priority.",
    action_type="write",
    event="tasks.task_added",
    effects=["create:task"],
    data_model=Task,
)
async def add_task(ctx, params: AddTaskParams) -> ActionResult[Task]:
    doc = await ctx.store.create(
        COLLECTION,
        {"title": params.title, "due": params.due, "priority": params.priority, "status": "open"},
    )
    return ActionResult.success(_task(doc).model_dump(), f"Added task “{params.title}”")


@chat.function(
    "list_tasks",
    description="List tasks that are open (default), done, or all of them.",
    action_type="read",
    data_model=TaskList,
)
async def list_tasks(ctx, params: ListTasksParams) -> ActionResult[TaskList]:
    tasks = await _tasks(ctx, params.status)
    label = "" if params.status == "all" else f" {params.status}"
    return ActionResult.success(
        {"tasks": [t.model_dump() for t in tasks], "count": len(tasks)},
        f"{len(tasks)}{label} task{'s' if len(tasks) != 1 else ''}",
    )


@ext.emits("tasks.task_completed")
@chat.function(
    "complete_task",
    description="Mark an open task as done.",
    action_type="write",
    event="tasks.task_completed",
    effects=["update:task"],
    data_model=Task,
)
async def complete_task(ctx, params: TaskIdParams) -> ActionResult[Task]:
    doc = await ctx.store.get(COLLECTION, params.task_id)
    if doc is None:
        return ActionResult.error(f"No task with id {params.task_id}")
    if doc.data.get("status") == "done":
        return ActionResult.success(
            _task(doc).model_dump(), f"“{doc.data['title']}” was already done"
        )
    doc = await ctx.store.update(COLLECTION, params.task_id, {"status": "done"})
    return ActionResult.success(_task(doc).model_dump(), f"Completed “{doc.data['title']}”")


@ext.emits("tasks.task_deleted")
@chat.function(
    "delete_task",
    description="Delete a task for good. This cannot be undone.",
    action_type="destructive",
    event="tasks.task_deleted",
    effects=["delete:task"],
    data_model=Task,
)
async def delete_task(ctx, params: TaskIdParams) -> ActionResult[Task]:
    doc = await ctx.store.get(COLLECTION, params.task_id)
    if doc is None:
        return ActionResult.error(f"No task with id {params.task_id}")
    await ctx.store.delete(COLLECTION, params.task_id)
    return ActionResult.success(_task(doc).model_dump(), f"Deleted task “{doc.data['title']}”")


_PRIORITY_COLOR = {"high": "red", "normal": "blue", "low": "gray"}


@ext.panel(
    "tasks",
    slot="left",
    title="Tasks",
    icon="CheckSquare",
    refresh="on_event:tasks.task_added,tasks.task_completed,tasks.task_deleted",
)
async def tasks_panel(ctx, **kwargs):
    tasks = await _tasks(ctx, "open")
    if not tasks:
        return ui.Stack(
            [ui.Header("Tasks", level=3), ui.Empty("Nothing to do", icon="CheckSquare")]
        )
    items = [
        ui.ListItem(
            id=t.id,
            title=t.title,
            subtitle=f"due {t.due}" if t.due else "",
            badge=ui.Badge(t.priority, color=_PRIORITY_COLOR.get(t.priority, "gray")),
            on_click=ui.Call("complete_task", task_id=t.id),
            actions=[
                {
                    "icon": "Trash2",
                    "on_click": ui.Call("delete_task", task_id=t.id),
                    "confirm": True,
                }
            ],
        )
        for t in tasks
    ]
    return ui.Stack([ui.Header("Tasks", level=3, subtitle=f"{len(tasks)} open"), ui.List(items)])


@ext.health_check
async def health(ctx):
    return {"status": "ok"}
