"""`imperal-shell validate [PATH] [--json]`: the SDK's validators on one extension folder.

Exit 1 when any ERROR fires, 0 otherwise, 2 when PATH is not an extension folder. A main.py
that does not import is reported as a LOAD error naming its file and line, never a traceback.
"""

from __future__ import annotations

import json
from pathlib import Path

from imperal_tui.devtools import output
from sdk.validator import validate_path_report


def extension_dir(command: str, raw: str) -> Path | int:
    """The folder holding main.py, or the exit code of a usage error (already reported)."""
    path = Path(raw).expanduser()
    if not path.exists():
        return output.usage(command, f"{raw}: no such file or directory")
    root = path.resolve()
    if root.is_file():
        if root.name != "main.py":
            return output.usage(command, f"{raw}: give an extension folder (one with main.py)")
        root = root.parent
    if not (root / "main.py").is_file():
        return output.usage(command, f"{raw}: no main.py here; is this an extension folder?")
    return root


def run(args) -> int:
    root = extension_dir("validate", args.path)
    if isinstance(root, int):
        return root
    as_json = bool(getattr(args, "json", False))
    with output.quiet_stdout(True):
        report = validate_path_report(root)
    if as_json:
        data = report.to_dict()
        data["path"] = str(root)
        data["counts"] = {
            "errors": len(report.errors),
            "warnings": len(report.warnings),
            "infos": len(report.infos),
        }
        print(json.dumps(data, ensure_ascii=False, indent=2))
    else:
        _print_text(report, root)
    return 1 if report.errors else 0


def _print_text(report, root: Path) -> None:
    print("Imperal extension validator")
    print("=" * 27)
    if report.app_id:
        print(f"Extension: {report.app_id} v{report.version}  ({root})")
    else:
        print(f"Extension: (not loaded)  ({root})")
    print(
        f"Functions: {report.function_count}  Tools: {report.tool_count}"
        f"  Events: {report.event_count}"
    )
    errors, warnings, infos = len(report.errors), len(report.warnings), len(report.infos)
    print(f"RESULTS: {errors} error(s), {warnings} warning(s), {infos} info")
    order = {"ERROR": 0, "WARN": 1, "INFO": 2}
    issues = sorted(report.issues, key=lambda i: (order.get(i.level, 3), i.file, i.line))
    if issues:
        print()
    for issue in issues:
        for line in output.issue_lines(issue):
            print(line)
    print()
    print("FAILED: fix the errors above." if errors else "PASSED: no errors.")
