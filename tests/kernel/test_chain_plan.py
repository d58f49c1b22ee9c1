"""Plans before anything runs: the JSON shape, `$REF` grammar, checks and the stable order."""

from __future__ import annotations

import pytest
from pydantic import BaseModel

from kernel.catalog import Catalog
from kernel.host.manifest import ExtensionManifest, FunctionMeta
from kernel.router import refs
from kernel.router.chain import ChainState, PlanError, order, parse_plan, prepare
from kernel.router.plan import Step


class Note(BaseModel):
    id: str
    title: str
    tags: list[str] = []


class NoteList(BaseModel):
    notes: list[Note]
    count: int


def _fn(name, action_type="read", model=None, chain_callable=True):
    schema = model.model_json_schema(mode="serialization") if model else {}
    return FunctionMeta(name, action_type, chain_callable=chain_callable, data_schema=schema)


def _app(app_id, *functions):
    return ExtensionManifest(app_id, app_id, "1.0.0", f"/x/{app_id}",
                             {f.name: f for f in functions}, [])  # fmt: skip


CATALOG = Catalog(
    [
        _app(
            "notes",
            _fn("search_notes", model=NoteList),
            _fn("create_note", "write", Note),
            _fn("loose", "write"),
            _fn("chat", "read", chain_callable=False),
        ),  # fmt: skip
        _app("tasks", _fn("list_tasks"), _fn("add_task", "write")),
    ],
    [],
)


def plan(*steps):
    return prepare(parse_plan(list(steps)), CATALOG)


def problems(*steps) -> list[str]:
    with pytest.raises(PlanError) as caught:
        plan(*steps)
    assert str(caught.value).startswith("Invalid plan, nothing ran: ")
    return caught.value.problems


def s(step_id, tool, args=None, deps=(), app="notes"):
    return {"step_id": step_id, "app_id": app, "tool": tool, "args": args or {},
            "depends_on": list(deps)}  # fmt: skip


# --- the JSON shape ----------------------------------------------------------------------------
def test_the_classifier_shape_with_args_as_a_json_string():
    steps = parse_plan(
        '{"intent": "chain", "confidence": 0.9, "action_plans": ['
        '{"step_id": "s1", "app_id": "tasks", "tool": "list_tasks", "args": "{}",'
        ' "depends_on": []},'
        '{"step_id": "s2", "app_id": "notes", "tool": "create_note",'
        ' "args": "{\\"title\\": \\"$REF:s1.count\\"}", "depends_on": ["s1"]}]}'
    )
    assert steps == [
        Step("s1", "tasks", "list_tasks", {}, ()),
        Step("s2", "notes", "create_note", {"title": "$REF:s1.count"}, ("s1",)),
    ]


def test_a_bare_list_with_defaults_and_dotted_tools():
    steps = parse_plan(
        [{"tool": "notes.search_notes"}, {"function": "list_tasks", "app_id": "tasks"}]
    )
    assert [(x.step_id, x.app_id, x.function, x.args) for x in steps] == [
        ("s1", "notes", "search_notes", {}),
        ("s2", "tasks", "list_tasks", {}),
    ]


@pytest.mark.parametrize(
    ("value", "says"),
    [
        ("{not json", "not valid JSON"),
        ({"intent": "chat"}, "action_plans"),
        ([], "no steps"),
        ("42", "must be a list"),
        ([7], "must be an object"),
        ([{"app_id": "notes", "tool": "x", "dependson": []}], "unknown key(s) dependson"),
        ([{"app_id": "notes", "tool": "x", "args": "[1]"}], "args must be an object"),
        ([{"app_id": "notes", "tool": "x", "args": "{oops"}], "args is a string but not valid"),
        ([{"tool": "search_notes"}], "needs an app_id"),
        ([{"step_id": "a.b", "app_id": "notes", "tool": "x"}], "step_id 'a.b' must be"),
        ([{"app_id": "notes", "tool": "a", "function": "b"}], "names two functions"),
        ([{"app_id": "notes", "tool": "x", "depends_on": [1]}], "list of step ids"),
    ],
)
def test_malformed_plans_are_refused_with_a_reason(value, says):
    with pytest.raises(PlanError) as caught:
        parse_plan(value)
    assert says in str(caught.value)


# --- checks ------------------------------------------------------------------------------------
def test_unknown_app_and_function_are_named():
    found = problems(s("s1", "nope"), s("s2", "list_tasks", app="mail"))
    assert found[0].startswith("step s1: unknown function notes.nope (notes has: chat, ")
    assert found[1] == "step s2: no extension 'mail' is loaded"


def test_a_cycle_is_refused_and_shown():
    (found,) = problems(s("a", "search_notes", deps=["c"]), s("b", "search_notes", deps=["a"]),
                        s("c", "search_notes", deps=["b"]), s("d", "search_notes"))  # fmt: skip
    assert found == (
        "the steps depend on each other in a cycle: a -> c -> b -> a (each needs the next)"
    )


def test_a_cycle_made_by_references_is_refused():
    (found,) = problems(s("a", "create_note", {"title": "$REF:b.title"}),
                        s("b", "create_note", {"title": "$REF:a.title"}))  # fmt: skip
    assert "cycle: a -> b -> a" in found


def test_dangling_dependencies_and_references_are_refused():
    found = problems(
        s("s1", "search_notes", deps=["s9"]),
        s("s2", "create_note", {"title": "$REF:s7.title"}),
        s("s3", "create_note", {"title": "$REF:tasks[3].id"}),
        s("s4", "create_note", {"title": "$REF:notes.title"}),
        s("s5", "create_note", {"title": "$REF:s5.title"}, deps=["s5"]),
        s("s6", "list_tasks", app="tasks"),
    )
    assert found == [
        "step s1 depends on 's9', which is not in the plan",
        "step s2: $REF:s7.title refers to 's7', no step of the plan",
        "step s3: $REF:tasks[3].id names step [3] of tasks, but the plan has 1 tasks step(s),"
        " counted from 0",
        "step s4: $REF:notes.title names an app; say which of its steps, e.g. $REF:notes[0].title",
        "step s5 depends on itself",
        "step s5: $REF:s5.title refers to its own result",
    ]


def test_a_path_the_declared_data_model_lacks_is_refused_before_running():
    (found,) = problems(s("r", "search_notes", {"query": "q"}),
                        s("w", "create_note", {"title": "$REF:r.notes[0].titel"}))  # fmt: skip
    assert found == (
        "step w: $REF:r.notes[0].titel cannot resolve: r (notes.search_notes).notes[0] declares"
        " no field 'titel' (it declares: id, tags, title)"
    )
    (found,) = problems(s("r", "search_notes"), s("w", "create_note", {"title": "$REF:r.count[0]"}))
    assert "r (notes.search_notes).count is declared integer, not a list" in found
    (found,) = problems(s("r", "search_notes"), s("w", "create_note", {"title": "$REF:r[0]"}))
    assert "r (notes.search_notes) is declared object, not a list" in found


def test_paths_into_undeclared_data_wait_for_the_run():
    steps = plan(s("a", "loose"), s("b", "create_note", {"title": "$REF:a.anything[3].goes"}))
    assert steps[1].args == {"title": "$REF:a.anything[3].goes"}


def test_a_malformed_reference_is_refused():
    (found,) = problems(s("a", "search_notes"), s("b", "create_note", {"title": "$REF:<from_a>"}))
    assert found.startswith("step b: malformed reference in '$REF:<from_a>'")


def test_a_step_that_is_not_chain_callable_cannot_be_chained():
    (found,) = problems(s("a", "chat"), s("b", "create_note", {"title": "$REF:a.x"}))
    assert "notes.chat is not chain-callable" in found
    assert [x.step_id for x in plan(s("a", "chat"), s("b", "search_notes"))] == ["a", "b"]


def test_every_problem_is_reported_at_once():
    assert len(problems(s("s1", "nope"), s("s1", "search_notes", deps=["zz"]))) == 3


# --- references and order ----------------------------------------------------------------------
def test_references_name_their_step_and_imply_the_dependency():
    steps = plan(
        s("w", "create_note", {"title": "Re: $REF:notes[1].notes[0].title", "tags": ["$REF:r"]}),
        s("r", "search_notes", {"query": "q"}),
        s("t", "add_task", {"title": "$REF:tasks[1].count"}, app="tasks"),
        s("l", "list_tasks", app="tasks"),
    )
    # n counts an app's steps from 0 in the order given; reads move before the writes using them
    assert [x.step_id for x in steps] == ["r", "w", "l", "t"]
    assert steps[1].args == {"title": "Re: $REF:r.notes[0].title", "tags": ["$REF:r"]}
    assert steps[1].depends_on == ("r",)
    assert steps[3].args == {"title": "$REF:l.count"} and steps[3].depends_on == ("l",)


def test_a_step_id_that_is_also_an_app_id_with_an_index_is_ambiguous():
    (found,) = problems(
        s("notes", "search_notes"), s("b", "create_note", {"title": "$REF:notes[0]"})
    )
    assert "ambiguous" in found


def test_order_is_stable_where_dependencies_allow():
    steps = [Step("a", "x", "f", depends_on=("d",)), Step("b", "x", "f"),
             Step("c", "x", "f", depends_on=("a",)), Step("d", "x", "f"), Step("e", "x", "f")]  # fmt: skip
    assert [x.step_id for x in order(steps)] == ["b", "d", "a", "c", "e"]


def test_resolve_keeps_types_and_embeds_text():
    state = ChainState({"s1": {"notes": [{"id": "n1", "tags": ["a"]}], "count": 1}})
    args = {"id": "$REF:s1.notes[0].id", "n": "$REF:s1.count", "tags": "$REF:s1.notes[0].tags",
            "all": "$REF:s1", "text": "$REF:s1.count note(s), first $REF:s1.notes[0].id.",
            "literal": "$$REF:s1.count", "deep": [{"x": "$REF:s1.notes[0].tags[0]"}]}  # fmt: skip
    assert state.resolve(args) == {
        "id": "n1",
        "n": 1,
        "tags": ["a"],
        "all": {"notes": [{"id": "n1", "tags": ["a"]}], "count": 1},
        "text": "1 note(s), first n1.",
        "literal": "$REF:s1.count",
        "deep": [{"x": "a"}],
    }


@pytest.mark.parametrize(
    ("ref", "says"),
    [
        ("$REF:s1.notes[2].id", "s1.notes has 1 item(s), so it has no [2]"),
        ("$REF:s1.nope", "s1 has no field 'nope' (it has: count, notes)"),
        ("$REF:s1.count.x", "s1.count is a number, so it has no field 'x'"),
        ("$REF:s1.notes.id", "s1.notes is a list, so it has no field 'id'"),
        ("$REF:s2.x", "step s2 has no result to use"),
    ],
)
def test_a_path_missing_from_the_actual_data_says_where(ref, says):
    state = ChainState({"s1": {"notes": [{"id": "n1"}], "count": 1}})
    with pytest.raises(refs.RefError) as caught:
        state.resolve({"a": ref})
    assert says in str(caught.value)


def test_the_state_travels_with_a_continuation_as_json():
    state = ChainState({"s1": {"id": "n1"}, "s0": [1]}, {"s9": "x.y failed"})
    rest = [Step("s2", "notes", "create_note", {"title": "$REF:s1.id"}, ("s1",))]
    packed = state.pack(rest)
    assert packed[0] == {
        "$chain": {"results": {"s1": {"id": "n1"}}, "blocked": {"s9": "x.y failed"}}
    }
    again, steps = ChainState.unpack(packed)
    assert again == ChainState({"s1": {"id": "n1"}}, {"s9": "x.y failed"}) and steps == rest
    assert ChainState.unpack([{"step_id": "s1", "app_id": "a", "function": "f"}])[0] is None
