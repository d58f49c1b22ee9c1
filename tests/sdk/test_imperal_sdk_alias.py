"""`imperal_sdk` resolves to `sdk`, so documented examples run unchanged."""

import importlib.util
import subprocess
import sys
from pathlib import Path

from sdk import alias

HERE = Path(__file__).parent


def test_alias_maps_package_and_submodules_to_the_same_objects():
    alias.install()
    import imperal_sdk
    import imperal_sdk.chat
    import imperal_sdk.types
    from imperal_sdk.types import ActionResult

    import sdk

    assert imperal_sdk is sdk
    assert imperal_sdk.chat is sdk.chat
    assert ActionResult is sdk.ActionResult
    assert sdk.__spec__.name == "sdk"


async def test_seed_hello_world_runs_verbatim():
    alias.install()
    spec = importlib.util.spec_from_file_location(
        "seed_hello", HERE / "seed_examples" / "hello_world.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    fd = module.chat.functions["greet"]
    assert fd._pydantic_model is module.GreetParams
    result = await module.greet(None, module.GreetParams(name="Alex"))
    assert result.status == "success"
    assert result.summary == "Greeted Alex"
    assert result.data["text"].startswith("Hello, Alex!")


def test_sdk_imports_only_pydantic_and_stdlib():
    code = (
        "import sys, sdk, sdk.alias; "
        "bad = [m for m in ('textual','rich','httpx','aiosqlite','kernel') if m in sys.modules]; "
        "print(','.join(bad))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""


def test_imperal_sdk_imports_in_a_fresh_child_process(tmp_path):
    """The installed shell ships `imperal_sdk`: no alias call, no PYTHONPATH, another cwd."""
    code = (
        "import imperal_sdk, sdk\n"
        "from imperal_sdk.testing import MockContext\n"
        "import imperal_sdk.types as t\n"
        "assert imperal_sdk is sdk and t is sdk.types\n"
        "assert MockContext is sdk.testing.MockContext\n"
        "print('ok')\n"
    )
    env = {k: v for k, v in __import__("os").environ.items() if k != "PYTHONPATH"}
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=tmp_path, env=env
    )
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "ok"


def test_importing_a_submodule_under_the_alias_keeps_a_same_named_function(tmp_path):
    """`sdl.field` is a function and `sdl/field.py` a module: importing the module under the
    `imperal_sdk` name first (a fresh interpreter, as a test run or the coverage script does)
    must not replace the function on the package."""
    code = (
        "import imperal_sdk.sdl.field, sys\n"
        "from imperal_sdk import sdl\n"
        "from imperal_sdk.sdl import field\n"
        "assert callable(sdl.field) and field is sdl.field, sdl.field\n"
        "assert sys.modules['imperal_sdk.sdl.field'] is sys.modules['sdk.sdl.field']\n"
        "print('ok')\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=tmp_path)
    assert out.returncode == 0, out.stderr
