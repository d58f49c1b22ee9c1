"""Outcomes, ledger rows and the extension list as plain text or JSON for stdout.

Plain text is for people (aligned, control characters shown as inert escapes by
`imperal_tui.sanitize.neutralise`); JSON is the stable shape for scripts, its text escaped the
same way without changing the data. Nothing here writes: callers print what these return.
"""

from __future__ import annotations

import dataclasses
import json
from typing import Any

from imperal_tui.headless.outcome import Outcome
from imperal_tui.sanitize import json_safe, neutralise
from kernel import events as ev


def clean(text: str) -> str:
    """Text safe to show on a terminal: escape sequences and other controls shown, inert."""
    return neutralise(text)


def to_json(obj: Any) -> str:
    """Indented JSON whose text is terminal-safe and parses back to exactly `obj`."""
    return json_safe(json.dumps(obj, ensure_ascii=False, indent=2, default=str))


# --- run / call ----------------------------------------------------------------------------
def step_dict(step: ev.ActionFinished) -> dict[str, Any]:
    """One step of `run --json` / `call --json`. Every key is always present: `status` is
    ok | error | denied | unconfirmed | timeout; `error` is "" on success, else the message
    (a handler that raised: `<fn> failed with KeyError: 'city' (main.py:27); ...`, the
    exception's message and the innermost line of the extension's own code); `error_code` is
    the result's code (`ActionResult.error(msg, code="BAD_URL")`) or null; `retryable` is true
    only when the result said trying again may succeed."""
    return {
        "step_id": step.step_id,
        "app_id": step.app_id,
        "function": step.function,
        "args": step.args,
        "action_type": step.action_type,
        "status": step.status,
        "summary": step.summary,
        "data": step.data,
        "ledger_id": step.ledger_id,
        "error": step.error,
        "error_code": step.error_code or None,
        "retryable": step.retryable,
    }


def step_problem(step: ev.ActionFinished) -> str:
    """A step that did not succeed, for the stderr line: `error [BAD_URL]: ...`."""
    code = f" [{clean(step.error_code)}]" if step.error_code else ""
    tail = " (retryable)" if step.retryable else ""
    return (
        f"{step.app_id}.{step.function} {step.status}{code}: "
        f"{clean(step.error) or 'no detail'}{tail}"
    )


def card_dict(card: ev.Card) -> dict[str, Any]:
    return {
        "card_id": card.card_id,
        "app_id": card.app_id,
        "function": card.function,
        "action_type": card.action_type,
        "args_json": card.args_json,
        "digest": card.digest,
        "short_digest": card.short_digest,
        "description": card.description,
    }


def skipped_dict(skip: ev.StepSkipped) -> dict[str, Any]:
    """A plan step that did not run: `blocked_by` is the step it needed, which failed, was
    denied or was skipped itself; `reason` says so in words."""
    return {
        "step_id": skip.step_id,
        "app_id": skip.app_id,
        "function": skip.function,
        "blocked_by": skip.blocked_by,
        "reason": skip.reason,
    }


def skipped_text(skip: ev.StepSkipped) -> str:
    return clean(f"Skipped {skip.step_id} ({skip.app_id}.{skip.function}): {skip.reason}.")


def error_dict(error: ev.Error) -> dict[str, Any]:
    """`step_id` names the plan step an error belongs to (null otherwise); an invalid plan
    also lists each of its `problems`."""
    details = error.details or {}
    out = {"code": error.code, "message": error.message, "step_id": details.get("step_id")}
    if error.code == ev.INVALID_PLAN:
        out["problems"] = list(details.get("problems") or [])
    return out


def envelope(outcome: Outcome) -> dict[str, Any]:
    code = outcome.exit_code
    return {
        "status": code.status,
        "exit_code": int(code),
        "reply": outcome.reply,
        "steps": [step_dict(s) for s in outcome.steps],
        "skipped": [skipped_dict(s) for s in outcome.skipped],
        "pending": [card_dict(c) for c in outcome.pending],
        "errors": [error_dict(e) for e in outcome.errors],
        **({"notices": [n.message for n in outcome.notices]} if outcome.notices else {}),
    }


def card_text(card: ev.Card) -> str:
    """A card as the user must see it: the exact arguments, never truncated, and the digest."""
    lines = [f"Confirmation needed: {card.app_id}.{card.function} ({card.action_type})"]
    if card.description:
        lines.append(f"  {card.description}")
    lines += [
        f"  args    {json_safe(card.args_json)}",
        f"  digest  {card.short_digest}  (sha256 {card.digest})",
        f"  card    {card.card_id}",
    ]
    return clean("\n".join(lines))


def ui_text(tree: Any, width: int = 80) -> str:
    """A ui tree (or a `{"ui": tree}` envelope) as plain text at most `width` columns wide.

    Every node type has a text form; an unknown one shows as `[Type]` with its children.
    """
    from imperal_tui.renderer.plain import render_text  # no Textual: stays a cheap import

    return "\n".join(clean(line) for line in render_text(tree, width).splitlines())


def outcome_text(outcome: Outcome, width: int = 80) -> str:
    parts = []
    reply = "" if outcome.reply_shown else clean(outcome.reply).rstrip("\n")
    if reply:
        parts.append(reply)
    parts += [ui_text(step.ui, width) for step in outcome.steps if step.ui]
    if outcome.skipped:
        parts.append("\n".join(skipped_text(s) for s in outcome.skipped))
    parts += [card_text(card) for card in outcome.pending]
    parts = [p for p in parts if p]
    return "\n\n".join(parts) + ("\n" if parts else "")


# --- audit ---------------------------------------------------------------------------------
AUDIT_COLUMNS = (
    ("ID", lambda r: str(r.get("id", ""))),
    ("TIME", lambda r: str(r.get("ts", ""))[:19].replace("T", " ")),
    ("USER", lambda r: str(r.get("user_id", ""))),
    ("CALL", lambda r: f"{r.get('app_id', '')}.{r.get('function', '')}"),
    ("TYPE", lambda r: str(r.get("action_type", ""))),
    ("STATUS", lambda r: str(r.get("status", ""))),
    ("ARGS", lambda r: _shorten(str(r.get("args_json", "")), 40)),
    ("ERROR", lambda r: _shorten(str(r.get("error") or ""), 60)),
)


def _shorten(text: str, width: int) -> str:
    text = " ".join(clean(text).split())
    return text if len(text) <= width else text[: width - 1] + "…"


def table(headers: list[str], rows: list[list[str]]) -> str:
    """Left-aligned columns two spaces apart, one line per row, no trailing blanks."""
    widths = [max(len(h), *(len(r[i]) for r in rows)) for i, h in enumerate(headers)]
    lines = []
    for cells in [headers, *rows]:
        line = "  ".join(c.ljust(w) for c, w in zip(cells, widths, strict=True))
        lines.append(line.rstrip())
    return "\n".join(lines) + "\n"


def audit_text(rows: list[dict[str, Any]]) -> str:
    if not rows:
        return "The ledger is empty.\n"
    headers = [name for name, _ in AUDIT_COLUMNS]
    cells = [[clean(get(row)) for _, get in AUDIT_COLUMNS] for row in rows]
    return table(headers, cells)


def audit_json(rows: list[dict[str, Any]]) -> str:
    return to_json({"rows": rows})


def tasks_text(rows: list[dict[str, Any]]) -> str:
    if not rows:
        return "No tasks.\n"
    cells = [
        [
            clean(str(r.get("id", ""))),
            clean(str(r.get("status", ""))),
            f"{float(r.get('progress') or 0):.0f}%",
            clean(str(r.get("name") or f"{r.get('app_id', '')}.{r.get('function', '')}")),
            clean(str(r.get("message") or "")),
        ]
        for r in rows
    ]
    return table(["TASK", "STATUS", "PROGRESS", "NAME", "MESSAGE"], cells)


# --- extensions ----------------------------------------------------------------------------
def extensions_dict(infos, load_errors, llm_mode: str) -> dict[str, Any]:
    return {
        "llm_mode": llm_mode,
        "extensions": [
            {
                "app_id": info.app_id,
                "display_name": info.display_name,
                "version": info.version,
                "path": info.path,
                "functions": [
                    {"name": f.name, "action_type": f.action_type, "description": f.description}
                    for f in info.functions
                ],
                "panels": [dataclasses.asdict(p) for p in info.panels],
            }
            for info in infos
        ],
        "load_errors": [
            {"name": e.name, "path": e.path, "message": e.message} for e in load_errors
        ],
    }


def extensions_text(infos, load_errors) -> str:
    out = []
    for info in sorted(infos, key=lambda i: i.app_id):
        out.append(clean(f"{info.app_id} {info.version}  {info.display_name}  ({info.path})"))
        rows = [
            [clean(f.name), clean(f.action_type), _shorten(f.description, 70)]
            for f in sorted(info.functions, key=lambda f: f.name)
        ]
        if rows:
            out += ["  " + line for line in table(["FUNCTION", "TYPE", "ABOUT"], rows).splitlines()]
        out.append("")
    if not infos:
        out += ["No extensions loaded.", ""]
    if load_errors:
        out.append("Failed to load:")
        out += [clean(f"  {e.name}  {e.path}: {e.message}") for e in load_errors]
        out.append("")
    return "\n".join(out).rstrip("\n") + "\n"
