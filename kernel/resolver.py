"""Find the id behind a title ("the note Groceries") with the extension's own read functions."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Any

from kernel.reply import items_of, title_of
from kernel.router.phrases import singular


@dataclass
class Resolution:
    ident: str | None
    message: str = ""  # why not, when ident is None


def readers(catalog, app_id: str, noun: str) -> list[tuple[Any, dict[str, Any]]]:
    """(function, args) pairs to try: search with the title first, then a full listing."""
    le = catalog.extensions.get(app_id)
    if le is None:
        return []
    found = []
    for fd in le.functions.values():
        if fd.action_type != "read":
            continue
        stem = fd.name.split("_", 1)[1] if "_" in fd.name else ""
        if noun and singular(stem) != noun:
            continue
        if fd.name.startswith(("search_", "find_")):
            found.append((0, fd, "search"))
        elif fd.name.startswith(("list_", "show_")):
            found.append((1, fd, "list"))
    plans = []
    for _, fd, kind in sorted(found, key=lambda x: x[0]):
        fields = fd.fields
        args: dict[str, Any] = {}
        if kind == "search":
            text = next((n for n, f in fields.items() if f.is_required()), None)
            if text is None:
                continue
            plans.append((fd, {text: "{title}"}))
            continue
        for name, info in fields.items():
            if "all" in info.choices:
                args[name] = "all"
            elif name == "limit":
                args[name] = int(info.maximum) if info.maximum else 500
        plans.append((fd, args))
    return plans


def match(items: list[dict[str, Any]], title: str, noun: str) -> Resolution:
    wanted = title.casefold().strip()
    exact = [i for i in items if title_of(i).casefold() == wanted]
    if len({i.get("id") for i in exact}) == 1:
        return Resolution(str(exact[0]["id"]))
    if len(exact) > 1:
        return Resolution(None, f"Several {noun}s are titled “{title}”; use its id.")
    partial = {str(i.get("id")): i for i in items if wanted in title_of(i).casefold()}
    if len(partial) == 1:
        return Resolution(next(iter(partial)))
    if len(partial) > 1:
        names = ", ".join(f"“{title_of(i)}”" for i in list(partial.values())[:5])
        return Resolution(None, f"“{title}” matches several {noun}s: {names}. Be more specific.")
    return Resolution(None, f"No {noun or 'item'} titled “{title}”.")


def collect(data: Any) -> list[dict[str, Any]]:
    return [i for i in (items_of(data) or []) if "id" in i]


async def resolve(executor, user_id: str, step, want) -> AsyncIterator[Any]:
    """Yield the lookup's own events, then the id (a str) if exactly one item matched."""
    from kernel import events as ev
    from kernel.executor import CallRequest

    plans = readers(executor.catalog, want.app_id, want.noun)
    if not plans:
        yield ev.Error(ev.NOT_FOUND, f"{want.app_id} has no read function to find “{want.title}”.")
        return
    message = ""
    for n, (fd, template) in enumerate(plans, start=1):
        args = {k: (want.title if v == "{title}" else v) for k, v in template.items()}
        req = CallRequest(user_id, want.app_id, fd.name, args, "resolver", f"{step.step_id}.r{n}")
        data = None
        async for event in executor.run(req):
            if isinstance(event, ev.ActionFinished) and event.ok:
                data = event.data
            elif isinstance(event, ev.Error | ev.ActionFinished):
                yield event
        if data is None:
            continue
        found = match(collect(data), want.title, want.noun)
        if found.ident:
            yield found.ident
            return
        message = found.message
    yield ev.Error(ev.NOT_FOUND, message or f"No {want.noun} titled “{want.title}”.")
