"""Keep the model's closing text honest about the calls it made this turn."""

from __future__ import annotations

from typing import Any

STRICT_NARRATION_POSTAMBLE = (
    "When you describe what was done, describe only the function calls listed below and "
    "their real outcome; a call that failed must be reported as failed."
)

__all__ = [
    "STRICT_NARRATION_POSTAMBLE",
    "augment_system_with_narration_rule",
    "format_functions_called_summary",
]


def _field(call: Any, name: str, default: Any = None) -> Any:
    if isinstance(call, dict):
        return call.get(name, default)
    return getattr(call, name, default)


def format_functions_called_summary(functions_called: list[Any]) -> str:
    """One line per call (`- name: succeeded|failed`) and a closing count line."""
    lines = []
    ok = 0
    for call in functions_called or []:
        success = bool(_field(call, "success", False))
        ok += success
        lines.append(f"- {_field(call, 'name', '?')}: {'succeeded' if success else 'failed'}")
    total = len(lines)
    lines.append(f"({total} call{'s' if total != 1 else ''}: {ok} succeeded, {total - ok} failed)")
    return "\n".join(lines)


def augment_system_with_narration_rule(system_prompt: str, functions_called: list[Any]) -> str:
    if not functions_called:
        return system_prompt
    summary = format_functions_called_summary(functions_called)
    return f"{system_prompt}\n\n{STRICT_NARRATION_POSTAMBLE}\n{summary}"
