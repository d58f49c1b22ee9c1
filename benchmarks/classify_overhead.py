"""Classification overhead outside the model (issue 8, goal <= 5 ms a turn), as ONE JSON object
on stdout (progress on stderr).

    python benchmarks/classify_overhead.py            # medians of 30 runs a figure
    python benchmarks/classify_overhead.py --runs 100

For three catalogs (`bundled`: extensions/notes and extensions/tasks; `ext50`: 50 synthetic
extensions of 8 functions; `fn2000`: 2,000 synthetic functions, 250 extensions of 8), in ms:
- `<label>_build_first_ms`: the first BM25 index build in this process (the term cache cold);
  `<label>_build_ms`: the median rebuild (what a reload costs);
- `<label>_top_ms`: `Shortlist.top(message, 12)`, median over a mix of messages;
- `<label>_plan_schema_ms` and `<label>_describe_tools_ms` over that shortlist;
- `<label>_turn_ms`: shortlist + schema + tool lines + `json.dumps` of the schema, what a turn
  spends before the request leaves; `<label>_schema_bytes`: the size of that JSON.

Synthetic params schemas are real Pydantic schemas (eight templates, the noun substituted).

Hook for the whole classify path: `classify_path(catalog)` returns None until the LLM
classifier exists; make it return a callable `message -> result` that runs the real classify
code with an instant fake provider, and its median is printed as `<label>_classify_ms`.
`measure(label, fn, runs)` times anything else the same way.

Also registered as the benchmark "classify_overhead" for benchmarks/run.py (not imported there).
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, Literal

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from pydantic import BaseModel, Field  # noqa: E402

from benchmarks import extgen  # noqa: E402
from benchmarks.registry import benchmark  # noqa: E402
from kernel.catalog import Catalog  # noqa: E402
from kernel.host.manifest import ExtensionManifest, FunctionMeta  # noqa: E402
from kernel.router.catalog_schema import describe_tools, plan_schema  # noqa: E402
from kernel.router.shortlist import Shortlist, build_index  # noqa: E402

K = 12  # functions shown to the model a turn
RUNS = 30
WARMUP = 3


def measure(label: str, fn: Callable[[], Any], runs: int, warmup: int = WARMUP) -> dict[str, float]:
    """`{label}_ms`: the median wall time of `fn()` over `runs` calls, after `warmup` calls."""
    for _ in range(warmup):
        fn()
    samples = []
    for _ in range(max(1, runs)):
        started = time.perf_counter()
        fn()
        samples.append(time.perf_counter() - started)
    return {f"{label}_ms": round(statistics.median(samples) * 1e3, 4)}


def classify_path(catalog: Catalog) -> Callable[[str], Any] | None:
    """The whole classify path outside the model: `LLMRouter.classify` (shortlist, schema,
    prompt, Pydantic parse, catalog check) with a provider that answers at once with a valid
    plan for the first tool it was offered (so no retry happens)."""
    import asyncio

    from kernel.llm.base import Completion, Provider
    from kernel.router.llm import LLMRouter

    class Instant(Provider):
        name = "instant"

        async def _complete(self, messages, schema, max_tokens, temperature) -> Completion:
            items = schema["properties"]["action_plans"]["items"]
            step = items.get("anyOf", [items])[0]["properties"]
            args = _fill(step["args"])
            answer = {"intent": "action", "confidence": 0.9, "language": "en",
                      "is_destructive": False, "reply": "",
                      "action_plans": [{"step_id": "s1", "app_id": step["app_id"]["enum"][0],
                                        "tool": step["tool"]["enum"][0], "args": args,
                                        "depends_on": []}]}  # fmt: skip
            return Completion(json.dumps(answer), "instant", {}, "stop", data=answer)

    router = LLMRouter(catalog, Instant(), offline=None)
    loop = asyncio.new_event_loop()
    return lambda message: loop.run_until_complete(router.classify(message))


def _fill(schema: dict[str, Any]) -> dict[str, Any]:
    """Values for the required arguments of an args schema (the first enum value, else 1/x)."""
    out: dict[str, Any] = {}
    for name in schema.get("required", []):
        prop = schema["properties"][name]
        kind = prop.get("type")
        kind = kind[0] if isinstance(kind, list) else kind
        if "enum" in prop:
            out[name] = prop["enum"][0]
        elif kind in ("integer", "number"):
            out[name] = prop.get("minimum", 1)
        elif kind == "boolean":
            out[name] = False
        elif kind == "array":
            out[name] = []
        else:
            out[name] = "x"
    return out


# --- catalogs ---------------------------------------------------------------------------------


def bundled_catalog() -> Catalog:
    """extensions/notes and extensions/tasks, imported here to read their manifests."""
    from kernel.host.manifest import describe
    from kernel.loader import load_one

    folders = [ROOT / "extensions" / name for name in ("notes", "tasks")]
    return Catalog([describe(load_one(folder)) for folder in folders], [])


class _Add(BaseModel):
    title: str = Field(min_length=1, max_length=200, description="Title of the NOUN")
    body: str = Field("", max_length=10_000, description="Text of the NOUN")
    priority: Literal["low", "normal", "high"] = Field("normal", description="How urgent")


class _List(BaseModel):
    status: Literal["open", "done", "all"] = Field("open", description="Which NOUNs to show")
    limit: int = Field(20, ge=1, le=100, description="At most this many NOUNs")


class _Search(BaseModel):
    query: str = Field(min_length=1, description="Words to look for in NOUNs")


class _Get(BaseModel):
    NOUN_id: str = Field(min_length=1, description="Id of the NOUN")


class _Update(BaseModel):
    NOUN_id: str = Field(min_length=1, description="Id of the NOUN to change")
    title: str | None = Field(None, max_length=200, description="New title")
    due: str | None = Field(None, description="New due date, YYYY-MM-DD")


class _Export(BaseModel):
    fmt: Literal["csv", "json", "markdown"] = Field("csv", description="File format")
    folder: str = Field("", description="Only NOUNs in this folder")


# (function name, action type, description, params model); NOUN is replaced per extension
_TEMPLATES: list[tuple[str, str, str, type[BaseModel]]] = [
    ("add_NOUN", "write", "Add a NOUN with a title, a body and a priority.", _Add),
    ("list_NOUNs", "read", "List NOUNs that are open, done or all of them.", _List),
    ("search_NOUNs", "read", "Find NOUNs whose title or body contains the words.", _Search),
    ("get_NOUN", "read", "Show one NOUN in full.", _Get),
    ("update_NOUN", "write", "Change the title or the due date of a NOUN.", _Update),
    ("complete_NOUN", "write", "Mark a NOUN as done.", _Get),
    ("delete_NOUN", "destructive", "Delete a NOUN for good. This cannot be undone.", _Get),
    ("export_NOUNs", "read", "Export NOUNs to a file as CSV, JSON or Markdown.", _Export),
]
_SCHEMAS = [json.dumps(model.model_json_schema()) for *_, model in _TEMPLATES]


def synthetic_catalog(extensions: int, per_extension: int = 8) -> Catalog:
    """`extensions` generated extensions of `per_extension` functions (templates cycled)."""
    manifests = []
    for a in range(extensions):
        word = extgen.noun(a)
        functions = {}
        for f in range(per_extension):
            name, action, description, _ = _TEMPLATES[f % len(_TEMPLATES)]
            name = name.replace("NOUN", word) + (f"_{f}" if f >= len(_TEMPLATES) else "")
            functions[name] = FunctionMeta(
                name=name,
                action_type=action,
                description=description.replace("NOUN", word),
                params_schema=json.loads(_SCHEMAS[f % len(_TEMPLATES)].replace("NOUN", word)),
            )
        app = f"gen{a:03d}"
        manifests.append(
            ExtensionManifest(app, f"Gen {word.capitalize()}", "1.0", f"/x/{app}", functions, [])
        )
    return Catalog(manifests, [])


def _messages(catalog: Catalog) -> list[str]:
    apps = list(catalog.extensions)
    words = [extgen.noun(n) for n in (0, len(apps) // 2, len(apps) - 1)]
    return [
        "delete the note Groceries",
        "what's on my todo list",
        "add a task pay rent with high priority due friday",
        f"show my {words[0]}s",
        f"export all {words[1]}s as markdown",
        f"mark the {words[2]} Q3 report as done",
        "hello, how are you today?",
        "summarize everything I wrote last week about the budget",
    ]


# --- figures --------------------------------------------------------------------------------


def figures_for(label: str, catalog: Catalog, runs: int) -> dict[str, float | int]:
    functions = catalog.all_functions()
    names = {app: m.display_name for app, m in catalog.extensions.items()}
    started = time.perf_counter()
    build_index(functions, names)
    out: dict[str, float | int] = {
        f"{label}_functions": len(functions),
        f"{label}_build_first_ms": round((time.perf_counter() - started) * 1e3, 3),
    }
    out |= measure(f"{label}_build", lambda: build_index(functions, names), runs)
    shortlist = Shortlist(catalog)
    messages = _messages(catalog)
    picks = [shortlist.top(m, K) for m in messages]
    cycle = iter(range(10**9))

    def one(fn: Callable[[int], Any]) -> Callable[[], Any]:
        return lambda: fn(next(cycle) % len(messages))

    def turn(i: int) -> int:
        top = shortlist.top(messages[i], K)
        describe_tools(top)
        return len(json.dumps(plan_schema(top)))

    out |= measure(f"{label}_top", one(lambda i: shortlist.top(messages[i], K)), runs * 8)
    out |= measure(f"{label}_plan_schema", one(lambda i: plan_schema(picks[i])), runs * 8)
    out |= measure(f"{label}_describe_tools", one(lambda i: describe_tools(picks[i])), runs * 8)
    out |= measure(f"{label}_turn", one(turn), runs * 8)
    out[f"{label}_schema_bytes"] = int(statistics.median(turn(i) for i in range(len(messages))))
    classify = classify_path(catalog)
    if classify is not None:
        out |= measure(f"{label}_classify", one(lambda i: classify(messages[i])), runs * 8)
    return out


def measure_all(runs: int, log=None) -> dict[str, float | int]:
    log = log or (lambda msg: print(msg, file=sys.stderr, flush=True))
    figures: dict[str, float | int] = {}
    for label, make in (
        ("bundled", bundled_catalog),
        ("ext50", lambda: synthetic_catalog(50)),
        ("fn2000", lambda: synthetic_catalog(250)),
    ):
        catalog = make()
        log(f"timing shortlist and schema over {label} ({len(catalog.all_functions())} functions)")
        figures |= figures_for(label, catalog, runs)
    return figures


@benchmark("classify_overhead")
def classify_overhead(bench) -> dict[str, float | int]:
    return measure_all(max(RUNS, bench.runs), bench.log)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="benchmarks/classify_overhead.py", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)  # fmt: skip
    parser.add_argument("--runs", type=int, default=RUNS, help="timed runs a figure (median)")
    args = parser.parse_args(argv)
    figures = measure_all(max(1, args.runs))
    figures["runs"] = max(1, args.runs)
    print(json.dumps(figures, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
