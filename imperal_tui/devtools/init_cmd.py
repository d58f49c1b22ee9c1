"""`imperal-shell init NAME [--template chat|panel|skeleton] [--dir DIR]`: scaffold an extension.

The new folder passes `imperal-shell validate` with no errors, its tests pass, and it loads in
the shell as soon as it sits in the extensions folder. An existing non-empty folder is never
touched.
"""

from __future__ import annotations

import os
import re
import shutil
import tempfile
from pathlib import Path

from imperal_tui.devtools import output
from imperal_tui.devtools.templates import render

APP_ID_RE = re.compile(r"^[a-z0-9][a-z0-9-]*[a-z0-9]$")


def run(args) -> int:
    name: str = args.name
    template: str = getattr(args, "template", "chat") or "chat"
    if not APP_ID_RE.match(name):
        return output.usage(
            "init",
            f"{name!r} is not a valid app id: use lowercase letters, digits and hyphens,"
            " starting and ending with a letter or digit (e.g. my-notes)",
        )
    base = Path(getattr(args, "dir", ".") or ".").expanduser()
    if base.exists() and not base.is_dir():
        return output.usage("init", f"--dir {base} is not a directory")
    target = base / name
    if target.exists() and (not target.is_dir() or any(target.iterdir())):
        return output.usage("init", f"{target} already exists and is not empty; nothing written")
    try:
        _write(target, render(template, name))
    except OSError as exc:
        return output.usage("init", f"cannot create {target}: {exc.strerror or exc}")
    shown = _shown(target)
    print(f"Created {shown}/ ({template} template)")
    for rel in sorted(render(template, name)):
        print(f"  {rel}")
    print()
    print("Next steps:")
    print(f"  imperal-shell validate {shown}     # SDK rules, 0 errors expected")
    print(f"  imperal-shell test {shown}         # its own tests, with MockContext")
    print(f"  imperal-shell build {shown}        # writes {shown}/imperal.json")
    print(f"  imperal-shell dev {shown}          # chat with it, reloading on save")
    return 0


def _write(target: Path, files: dict[str, str]) -> None:
    """Write every file into a scratch folder beside `target`, then move it into place."""
    target.parent.mkdir(parents=True, exist_ok=True)
    scratch = Path(tempfile.mkdtemp(prefix=f".{target.name}-", dir=target.parent))
    try:
        for rel, text in files.items():
            path = scratch / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
        os.chmod(scratch, 0o777 & ~_umask())
        if target.is_dir():  # empty (checked by the caller)
            target.rmdir()
        os.replace(scratch, target)
    except BaseException:
        shutil.rmtree(scratch, ignore_errors=True)
        raise


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def _shown(target: Path) -> str:
    """The path as the author would type it: relative to the CWD when inside it."""
    try:
        return str(target.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(target)
