"""Plans of dependent steps: read, checked and ordered before anything runs.

The shape is the classifier's (and `imperal-shell run --plan`'s):

    {"intent": "chain", "action_plans": [
        {"step_id": "s1", "app_id": "tasks", "tool": "list_tasks", "args": {}, "depends_on": []},
        {"step_id": "s2", "app_id": "notes", "tool": "create_note",
         "args": "{\"title\": \"Open tasks\", \"body\": \"$REF:s1.tasks\"}", "depends_on": ["s1"]}]}

or the bare list of steps. `args` is an object or a JSON string of one; `function` may stand
for `tool`; a missing `step_id` is `s<position>` (from 1); other top-level keys (intent,
confidence, language, ...) are ignored. `$REF:` arguments follow `kernel.router.refs`.

`prepare` refuses a plan (PlanError, code `invalid_plan`) when a step names an unknown app or
function, a step id repeats or is malformed, a `depends_on` or a `$REF` names no step of the
plan, a `$REF` path cannot exist in the data its function declares (`data_model`), a function
marked `chain_callable=False` is chained, or the dependencies form a cycle. A `$REF` to a step
that is not among the step's dependencies adds that dependency (the data must exist before it
is used). The order is Kahn's topological sort, stable: steps keep the given order wherever
their dependencies allow, so reads precede the writes that use them.

`ChainState` is what a walk knows so far (the data of the steps that succeeded, the steps that
did not) and travels with a confirmation card's continuation, so the steps after the card can
still use the results of the steps before it.
"""

from __future__ import annotations

import heapq
import json
import re
from dataclasses import dataclass, field
from typing import Any

from kernel import events as ev
from kernel.router import refs
from kernel.router.plan import Step, step_from_json, step_to_json

MAX_STEPS = 100
_STEP_KEYS = frozenset({"step_id", "app_id", "tool", "function", "args", "depends_on"})
_NAME = re.compile(refs.NAME)
CHAIN_KEY = "$chain"  # the continuation's first item when the plan runs with chain rules


class PlanError(ValueError):
    """A plan refused before anything ran; `problems` lists every reason found."""

    code = ev.INVALID_PLAN

    def __init__(self, problems: list[str]):
        self.problems = list(problems)
        text = self.problems[0] if len(self.problems) == 1 else "; ".join(self.problems)
        super().__init__(f"Invalid plan, nothing ran: {text}")


# --- reading ------------------------------------------------------------------------------------
def parse_plan(value: Any) -> list[Step]:
    """Steps from a plan in the JSON shape above (a dict, a list, or a JSON string of either);
    Step objects pass through. Raises PlanError."""
    if isinstance(value, str):
        try:
            value = json.loads(value)
        except ValueError as exc:
            raise PlanError([f"the plan is not valid JSON: {exc}"]) from None
    if isinstance(value, dict):
        if "action_plans" not in value:
            raise PlanError(['a plan is {"action_plans": [steps...]} or a list of steps'])
        value = value["action_plans"]
    if not isinstance(value, list | tuple):
        raise PlanError([f"the steps must be a list, not {type(value).__name__}"])
    if not value:
        raise PlanError(["the plan has no steps"])
    if len(value) > MAX_STEPS:
        raise PlanError([f"the plan has {len(value)} steps; at most {MAX_STEPS} are allowed"])
    problems: list[str] = []
    steps = []
    for index, raw in enumerate(value):
        if isinstance(raw, Step):
            steps.append(raw)
            continue
        step = _step(raw, index, problems)
        if step is not None:
            steps.append(step)
    if problems:
        raise PlanError(problems)
    return steps


def _step(raw: Any, index: int, problems: list[str]) -> Step | None:
    where = f"step {index + 1}"
    if not isinstance(raw, dict):
        problems.append(f"{where} must be an object, not {type(raw).__name__}")
        return None
    unknown = sorted(set(raw) - _STEP_KEYS)
    if unknown:
        problems.append(f"{where} has unknown key(s) {', '.join(unknown)}")
    step_id = raw.get("step_id", f"s{index + 1}")
    if not isinstance(step_id, str) or not _NAME.fullmatch(step_id):
        problems.append(f'{where}: step_id {step_id!r} must be letters, digits, _ or - (e.g. "s1")')
        return None
    where = f"step {step_id}"
    tool, function = raw.get("tool"), raw.get("function")
    if tool is not None and function is not None and tool != function:
        problems.append(f"{where} names two functions: tool {tool!r} and function {function!r}")
        return None
    name = tool if tool is not None else function
    app_id = raw.get("app_id")
    if isinstance(name, str) and app_id is None and "." in name:
        app_id, _, name = name.rpartition(".")  # "notes.list_notes" names both
    elif isinstance(name, str) and isinstance(app_id, str) and name.startswith(app_id + "."):
        name = name[len(app_id) + 1 :]
    if not isinstance(app_id, str) or not app_id:
        problems.append(f"{where} needs an app_id")
        return None
    if not isinstance(name, str) or not name:
        problems.append(f"{where} needs a tool (the function's name)")
        return None
    args = raw.get("args")
    if isinstance(args, str):
        try:
            args = json.loads(args) if args.strip() else {}
        except ValueError as exc:
            problems.append(f"{where}: args is a string but not valid JSON: {exc}")
            return None
    if args is None:
        args = {}
    if not isinstance(args, dict):
        problems.append(f"{where}: args must be an object (or a JSON string of one)")
        return None
    deps = raw.get("depends_on") or []
    if isinstance(deps, str):
        deps = [deps]
    if not isinstance(deps, list | tuple) or not all(isinstance(d, str) for d in deps):
        problems.append(f"{where}: depends_on must be a list of step ids")
        return None
    return Step(step_id, app_id, name, args, tuple(dict.fromkeys(deps)))


# --- checking and ordering --------------------------------------------------------------------
def prepare(steps: list[Step], catalog) -> list[Step]:
    """The plan checked against the live catalog, each `$REF` rewritten to name its step
    (`$REF:notes[0].id` -> `$REF:s1.id`), the dependencies those references imply added, in
    topological order. Raises PlanError with every problem found; nothing has run."""
    if not steps:
        raise PlanError(["the plan has no steps"])
    problems: list[str] = []
    ids = [s.step_id for s in steps]
    for dup in sorted({i for i in ids if ids.count(i) > 1}):
        problems.append(f"step id {dup!r} is used by {ids.count(dup)} steps")
    by_id = {s.step_id: s for s in steps}
    by_app: dict[str, list[Step]] = {}
    for s in steps:
        by_app.setdefault(s.app_id, []).append(s)
    for s in steps:
        if catalog.function(s.app_id, s.function) is None:
            problems.append(_unknown(catalog, s))
    prepared = []
    for s in steps:
        deps = list(s.depends_on)
        for dep in deps:
            if dep == s.step_id:
                problems.append(f"step {s.step_id} depends on itself")
            elif dep not in by_id:
                problems.append(f"step {s.step_id} depends on {dep!r}, which is not in the plan")
        bound: dict[str, str] = {}
        try:
            found = refs.find(s.args)
        except refs.RefSyntaxError as exc:
            problems.append(f"step {s.step_id}: {exc}")
            found = []
        for ref in found:
            target = _bind(ref, s, by_id, by_app, catalog, problems)
            if target is not None:
                bound[ref.text] = target.step_id
                if target.step_id not in deps:
                    deps.append(target.step_id)
        args = refs.substitute(s.args, lambda r, b=bound: _rename(r, b), unescape=False)
        prepared.append(Step(s.step_id, s.app_id, s.function, args, tuple(deps)))
    if problems:
        raise PlanError(problems)
    _check_chainable(prepared, catalog, problems)
    if problems:
        raise PlanError(problems)
    return order(prepared)


def _unknown(catalog, s: Step) -> str:
    name = f"{s.app_id}.{s.function}"
    if s.app_id not in catalog.extensions:
        return f"step {s.step_id}: no extension {s.app_id!r} is loaded"
    known = ", ".join(sorted(catalog.extensions[s.app_id].functions))
    return f"step {s.step_id}: unknown function {name} ({s.app_id} has: {known})"


def _bind(ref: refs.Ref, s: Step, by_id, by_app, catalog, problems) -> Step | None:
    """The step a reference names, with its path checked against the declared data."""
    indexed = ref.app_index()
    if ref.head in by_id:
        if indexed is not None and ref.head in by_app:
            problems.append(
                f"step {s.step_id}: {ref.text} is ambiguous: {ref.head!r} is both a step id and"
                " an app id; give the step another id"
            )
            return None
        target, path = by_id[ref.head], ref.path
    elif ref.head in by_app and indexed is not None:
        n, path = indexed
        of_app = by_app[ref.head]
        if n >= len(of_app):
            problems.append(
                f"step {s.step_id}: {ref.text} names step [{n}] of {ref.head}, but the plan has "
                f"{len(of_app)} {ref.head} step(s), counted from 0"
            )
            return None
        target = of_app[n]
    elif ref.head in by_app:
        problems.append(
            f"step {s.step_id}: {ref.text} names an app; say which of its steps, e.g. "
            f"$REF:{ref.head}[0]{refs.format_path(ref.path)}"
        )
        return None
    else:
        problems.append(f"step {s.step_id}: {ref.text} refers to {ref.head!r}, no step of the plan")
        return None
    if target.step_id == s.step_id:
        problems.append(f"step {s.step_id}: {ref.text} refers to its own result")
        return None
    fd = catalog.function(target.app_id, target.function)
    schema = getattr(fd, "data_schema", None) if fd is not None else None
    where = f"{target.step_id} ({target.app_id}.{target.function})"
    problem = refs.schema_problem(schema or {}, path, where)
    if problem:
        problems.append(f"step {s.step_id}: {ref.text} cannot resolve: {problem}")
        return None
    return target


def _rename(ref: refs.Ref, bound: dict[str, str]) -> str:
    step_id = bound.get(ref.text)
    if step_id is None:
        return ref.text
    if step_id == ref.head:
        return refs.token(step_id, ref.path)
    _, path = ref.app_index() or (0, ref.path)
    return refs.token(step_id, path)


def _check_chainable(steps: list[Step], catalog, problems: list[str]) -> None:
    linked = {d for s in steps for d in s.depends_on} | {s.step_id for s in steps if s.depends_on}
    for s in steps:
        fd = catalog.function(s.app_id, s.function)
        if fd is not None and not getattr(fd, "chain_callable", True) and s.step_id in linked:
            problems.append(
                f"step {s.step_id}: {s.app_id}.{s.function} is not chain-callable "
                "(chain_callable=False); it cannot depend on or feed another step"
            )


def order(steps: list[Step]) -> list[Step]:
    """Kahn's topological sort over `depends_on`, stable (the given order where free);
    PlanError naming a cycle when there is one."""
    index = {s.step_id: i for i, s in enumerate(steps)}
    waiting = {s.step_id: {d for d in s.depends_on if d in index} for s in steps}
    users: dict[str, list[str]] = {s.step_id: [] for s in steps}
    for s in steps:
        for dep in waiting[s.step_id]:
            users[dep].append(s.step_id)
    ready = [index[i] for i, deps in waiting.items() if not deps]
    heapq.heapify(ready)
    out: list[Step] = []
    while ready:
        step = steps[heapq.heappop(ready)]
        out.append(step)
        for user in users[step.step_id]:
            waiting[user].discard(step.step_id)
            if not waiting[user]:
                heapq.heappush(ready, index[user])
    if len(out) < len(steps):
        raise PlanError([f"the steps depend on each other in a cycle: {_cycle(waiting)}"
                         " (each needs the next)"])  # fmt: skip
    return out


def _cycle(waiting: dict[str, set[str]]) -> str:
    """One cycle among the steps that never became ready, as `s1 -> s2 -> s1` (s1 needs s2)."""
    start = sorted(i for i, deps in waiting.items() if deps)[0]
    path, seen = [start], {start}
    node = start
    while True:
        node = sorted(waiting[node])[0]
        if node in seen:
            return " -> ".join([*path[path.index(node) :], node])
        path.append(node)
        seen.add(node)


# --- the walk's state ---------------------------------------------------------------------------
@dataclass
class ChainState:
    """What a walk knows: the data of each step that succeeded, and, for each step that did
    not (failed, denied, skipped), what happened to it, in words."""

    results: dict[str, Any] = field(default_factory=dict)
    blocked: dict[str, str] = field(default_factory=dict)

    def blocker(self, step: Step) -> str | None:
        """The first dependency of `step` that did not succeed."""
        return next((d for d in step.depends_on if d in self.blocked), None)

    def resolve(self, args: dict[str, Any]) -> dict[str, Any]:
        """`args` with every `$REF` replaced from the results; RefError when a path is not in
        the data the step returned."""

        def value(ref: refs.Ref) -> Any:
            if ref.head not in self.results:
                raise refs.RefError(f"{ref.text}: step {ref.head} has no result to use")
            return refs.lookup(self.results[ref.head], ref.path, ref.head)

        return refs.substitute(args, value, unescape=True)

    def pack(self, rest: list[Step]) -> list[dict[str, Any]]:
        """A card's continuation: this state (only the results `rest` refers to), then `rest`."""
        needed = {r.head for s in rest for r in refs.find(s.args)}
        results = {k: v for k, v in self.results.items() if k in needed}
        header = {CHAIN_KEY: {"results": results, "blocked": dict(self.blocked)}}
        return [header, *(step_to_json(s) for s in rest)]

    @staticmethod
    def unpack(items: list[Any]) -> tuple[ChainState | None, list[Step]]:
        """(state, steps) of a stored continuation; state is None for a plain plan's."""
        items = list(items or [])
        state = None
        if items and isinstance(items[0], dict) and CHAIN_KEY in items[0]:
            raw = items.pop(0)[CHAIN_KEY]
            state = ChainState(dict(raw.get("results", {})), dict(raw.get("blocked", {})))
        return state, [s if isinstance(s, Step) else step_from_json(s) for s in items]


__all__ = ["ChainState", "PlanError", "order", "parse_plan", "prepare"]
