"""Each extension imports its own `app.py`, `handlers.py`, `panels.py`, never another's."""

import textwrap

from kernel import Kernel, KernelConfig
from kernel import events as ev

APP = """
from imperal_sdk import Extension, ChatExtension
ext = Extension("{app_id}", version="1.0.0", display_name="{app_id} app")
chat = ChatExtension(ext, "{app_id}", "functions of {app_id}")
WHO = "{app_id}"
"""
HANDLERS = """
from pydantic import BaseModel
from imperal_sdk import ActionResult
from app import chat, WHO
import helpers.text as text

class P(BaseModel):
    pass

@chat.function("whoami", description="Say which extension's modules answered.", action_type="read")
async def whoami(ctx, params: P) -> ActionResult:
    import panels  # a lazy sibling import at call time
    return ActionResult.success({{"app": WHO, "panels": panels.WHO, "text": text.shout(WHO)}}, WHO)
"""
PANELS = 'WHO = "{app_id}"\n'
HELPER = "def shout(s):\n    return s.upper() + '{mark}'\n"
MAIN = "from app import ext  # noqa\nimport handlers  # noqa\n"


def make(home, app_id, mark):
    folder = home / "extensions" / app_id
    (folder / "helpers").mkdir(parents=True)
    (folder / "app.py").write_text(textwrap.dedent(APP.format(app_id=app_id)))
    (folder / "handlers.py").write_text(textwrap.dedent(HANDLERS.format(app_id=app_id)))
    (folder / "panels.py").write_text(PANELS.format(app_id=app_id))
    (folder / "helpers" / "__init__.py").write_text("")
    (folder / "helpers" / "text.py").write_text(HELPER.format(mark=mark))
    (folder / "main.py").write_text(MAIN)


async def test_same_named_modules_stay_private(home):
    make(home, "alpha", "!")
    make(home, "beta", "?")
    async with await Kernel.open(KernelConfig.load()) as k:
        assert not k.load_errors
        s = k.session("alice")
        for app_id, mark in (("alpha", "!"), ("beta", "?"), ("alpha", "!")):
            (done,) = [
                e for e in await s.call(app_id, "whoami", {}) if isinstance(e, ev.ActionFinished)
            ]
            assert done.data == {"app": app_id, "panels": app_id, "text": app_id.upper() + mark}


async def test_extension_code_does_not_leak_into_sys_modules(home):
    import sys

    make(home, "gamma", "")
    async with await Kernel.open(KernelConfig.load()):
        assert "app" not in sys.modules or "gamma" not in str(
            getattr(sys.modules["app"], "__file__", "")
        )
        assert not any(name == "handlers" for name in sys.modules)
