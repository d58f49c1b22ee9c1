"""`imperal-shell build [PATH] [--json]`: write PATH/imperal.json (manifest schema v3).

The manifest is generated from the extension's first `Extension`, merged with an existing
imperal.json as `save_manifest` does, then checked against the shipped schema (the pydantic
`Manifest` model). A manifest that fails the check is not kept: the previous file (or none)
is restored and the issues are printed (exit 1). Exit 2 without main.py or an Extension.
"""

from __future__ import annotations

import contextlib
import json
from pathlib import Path

from imperal_tui.devtools import output
from imperal_tui.devtools.validate_cmd import extension_dir
from sdk.manifest import build_extension
from sdk.manifest_schema import validate_manifest_dict
from sdk.validator import ERROR, ValidationIssue


def run(args) -> int:
    root = extension_dir("build", args.path)
    if isinstance(root, int):
        return root
    as_json = bool(getattr(args, "json", False))
    target = root / "imperal.json"
    previous = target.read_bytes() if target.is_file() else None
    try:
        with output.quiet_stdout(True):
            written, ext = build_extension(root)
    except LookupError:
        return output.usage("build", f"{root / 'main.py'} defines no Extension")
    except Exception as exc:  # main.py may raise anything while it imports
        return _load_failed(exc, root, as_json)

    manifest = json.loads(written.read_text(encoding="utf-8"))
    issues = _schema_issues(manifest)
    if issues:
        _restore(target, previous)
    if as_json:
        print(json.dumps(_summary(manifest, written, issues), ensure_ascii=False, indent=2))
    elif issues:
        print(f"Build failed: {manifest.get('app_id')} v{manifest.get('version')}")
        print("The manifest does not match the manifest schema; imperal.json left as it was.")
        for issue in issues:
            for line in output.issue_lines(issue):
                print(line)
    else:
        print(f"Built: {manifest['app_id']} v{manifest['version']}")
        # As `imperal build` counts: registered tools (panels, trays, ... included), not
        # chat functions.
        print(f"  Tools: {len(ext.tools)}")
        print(f"  Signals: {len(manifest.get('signals', []))}")
        print(f"  Schedules: {len(manifest.get('schedules', []))}")
        print(f"  Manifest: {written}")
    return 1 if issues else 0


def _schema_issues(manifest: dict) -> list[ValidationIssue]:
    try:
        issues = validate_manifest_dict(manifest)
    except ValueError as exc:  # M6.3 / M7.3 / M8.2: semantic errors after the schema passed
        text = str(exc)
        rule = text.split(":", 1)[0] if ":" in text else "M6"
        issues = [ValidationIssue(rule, ERROR, text, "imperal.json", 0)]
    for issue in issues:
        issue.file = issue.file or "imperal.json"
    return [i for i in issues if i.level == ERROR]


def _restore(target: Path, previous: bytes | None) -> None:
    if previous is None:
        target.unlink(missing_ok=True)
    else:
        target.write_bytes(previous)


def _summary(manifest: dict, written: Path, issues: list[ValidationIssue]) -> dict:
    return {
        "app_id": manifest.get("app_id"),
        "version": manifest.get("version"),
        "manifest": str(written) if not issues else None,
        "valid": not issues,
        "tools": len(manifest.get("tools", [])),
        "signals": len(manifest.get("signals", [])),
        "schedules": len(manifest.get("schedules", [])),
        "issues": [i.to_dict() for i in issues],
    }


def _load_failed(exc: BaseException, root: Path, as_json: bool) -> int:
    """main.py did not import: one issue naming its file and line, exit 1."""
    from sdk.validator import _load_error

    issue = _load_error(exc, root)
    path = Path(issue.file)
    if path.is_absolute():
        with contextlib.suppress(ValueError):
            issue.file = str(path.resolve().relative_to(root))
    if as_json:
        summary = {"app_id": None, "version": None, "manifest": None, "valid": False}
        print(json.dumps({**summary, "issues": [issue.to_dict()]}, ensure_ascii=False, indent=2))
    else:
        print("Build failed: main.py did not import")
        for line in output.issue_lines(issue):
            print(line)
    return 1
