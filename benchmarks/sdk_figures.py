"""The author's tools on a big extension: 200 chat functions, each with its own params model
and data_model. How long it takes to load (kernel.loader.load_one, fresh process each run)
and to validate (`imperal-shell validate PATH --json`, whole process).

Figures are raw; python startup and `import pydantic` are printed next to them for reference.
"""

from __future__ import annotations

import json
import statistics
import subprocess
import sys
import time
from pathlib import Path

from benchmarks.harness import SHELL, Bench, rounded
from benchmarks.registry import benchmark

FUNCTIONS = 200
APP_ID = "bench-ext-200"

_HEAD = f'''\
"""A generated extension with {FUNCTIONS} chat functions (benchmarks/sdk_figures.py)."""

from __future__ import annotations

from imperal_sdk import ActionResult, ChatExtension, Extension, HealthStatus
from pydantic import BaseModel, Field

ext = Extension(
    "{APP_ID}",
    version="1.0.0",
    display_name="Bench 200",
    description="A generated extension with {FUNCTIONS} read functions, for timing only.",
    icon="icon.svg",
    actions_explicit=True,
    capabilities=["{APP_ID}:read"],
)
chat = ChatExtension(ext, "bench", "Bench — generated functions.")


@ext.on_install
async def on_install(ctx):
    """Nothing to set up."""
    return None


@ext.health_check
async def health(ctx):
    """Always fine."""
    return HealthStatus("ok")
'''

_FUNCTION = '''

class Lookup{n}Params(BaseModel):
    """Arguments of lookup_{n}."""

    query: str = Field(min_length=1, max_length=200, description="What to look up")
    limit: int = Field(10, ge=1, le=100, description="At most this many rows")
    exact: bool = Field(False, description="Match the whole query only")


class Lookup{n}Result(BaseModel):
    """What lookup_{n} returns."""

    query: str
    rows: list[str]
    count: int


@chat.function(
    "lookup_{n}",
    description="Look up rows of table {n} that match a query.",
    action_type="read",
    data_model=Lookup{n}Result,
)
async def lookup_{n}(ctx, params: Lookup{n}Params) -> ActionResult[Lookup{n}Result]:
    """Return the matching rows of table {n}."""
    rows = [params.query] * min(params.limit, 3)
    return ActionResult.success(
        {{"query": params.query, "rows": rows, "count": len(rows)}}, summary=f"{{len(rows)}} rows"
    )
'''

_ICON = (
    '<svg xmlns="http://www.w3.org/2000/svg" width="24" height="24" viewBox="0 0 24 24">'
    '<circle cx="12" cy="12" r="9"/></svg>\n'
)

_LOAD = """\
import sys, time
from pathlib import Path
from kernel.loader import load_one
started = time.perf_counter()
loaded = load_one(Path(sys.argv[1]))
elapsed = time.perf_counter() - started
assert len(loaded.functions) == int(sys.argv[2]), len(loaded.functions)
print(elapsed)
"""


def generate(root: Path, functions: int = FUNCTIONS) -> Path:
    """Write the generated extension into `root` (created) and return it."""
    root.mkdir(parents=True, exist_ok=True)
    source = _HEAD + "".join(_FUNCTION.format(n=n) for n in range(functions))
    (root / "main.py").write_text(source, encoding="utf-8")
    (root / "icon.svg").write_text(_ICON, encoding="utf-8")
    return root


def _extension(bench: Bench) -> Path:
    root = bench.home / "sdk-figures" / APP_ID
    if not (root / "main.py").is_file():
        bench.log(f"generating {FUNCTIONS} chat functions in {root}")
        generate(root)
    return root


def _references(bench: Bench) -> dict[str, float]:
    return {
        "python_startup_s": rounded(bench.baseline("python_startup", "pass")),
        "import_pydantic_s": rounded(bench.baseline("import_pydantic", "import pydantic")),
    }


@benchmark("ext200_load")
def ext200_load(bench: Bench) -> dict[str, float]:
    """load_one on the 200-function extension, a fresh interpreter each run.

    `ext200_load_one_s` is the call alone (kernel and sdk already imported);
    `ext200_load_process_s` is the whole process: startup, imports and the load.
    """
    root = _extension(bench)
    argv = [sys.executable, "-c", _LOAD, str(root), str(FUNCTIONS)]
    bench.log(f"timing kernel.loader.load_one on {FUNCTIONS} functions (fresh process each run)")
    inside, walls = [], []
    for i in range(bench.warmup + bench.runs):
        started = time.perf_counter()
        proc = subprocess.run(argv, capture_output=True, text=True, env=bench.env(), timeout=120)
        wall = time.perf_counter() - started
        if proc.returncode != 0:
            raise RuntimeError(f"load_one failed: {proc.stderr[-500:]}")
        if i >= bench.warmup:
            inside.append(float(proc.stdout.strip().splitlines()[-1]))
            walls.append(wall)
    return {
        "ext200_load_one_s": rounded(statistics.median(inside)),
        "ext200_load_process_s": rounded(statistics.median(walls)),
        **_references(bench),
    }


@benchmark("ext200_validate")
def ext200_validate(bench: Bench) -> dict[str, float]:
    """`imperal-shell validate PATH --json` on the 200-function extension (0 errors)."""
    root = _extension(bench)
    check = subprocess.run(
        [str(SHELL), "validate", str(root), "--json"],
        capture_output=True,
        text=True,
        env=bench.env(),
        timeout=120,
    )
    report = json.loads(check.stdout)
    if check.returncode != 0 or report["function_count"] != FUNCTIONS:
        raise RuntimeError(f"the generated extension does not validate: {check.stdout[-800:]}")
    bench.log(f"timing imperal-shell validate on {FUNCTIONS} functions")
    wall = bench.median_wall([str(SHELL), "validate", str(root), "--json"], env=bench.env())
    return {"ext200_validate_s": rounded(wall), **_references(bench)}


if __name__ == "__main__":
    sys.exit("run benchmarks/run.py instead")
