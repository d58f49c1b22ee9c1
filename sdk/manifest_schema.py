"""The `imperal.json` manifest as a pydantic model, its JSON Schema, and `validate_manifest_dict`.

`get_schema()` is generated from `Manifest`; a static copy ships at
`sdk/schemas/imperal.schema.json` (a test keeps the two equal). A few checks are pydantic-only
and do not appear in the JSON Schema: the app_id and version patterns, the scope pattern and the
identifier pattern of tool names.
"""

from __future__ import annotations

import re
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from sdk.validator import ValidationIssue

APP_ID_PATTERN = r"^[a-z0-9][a-z0-9-]*[a-z0-9]$"
SEMVER_PATTERN = r"^\d+\.\d+\.\d+(?:[.-][A-Za-z0-9.-]+)?$"
SCOPE_PATTERN = r"^(?:\*|[a-z][a-z0-9_-]*(?:[.:][a-z0-9_*-]+)+)$"
TOOL_NAME_PATTERN = r"^[a-zA-Z_][a-zA-Z0-9_]*$"
WEBHOOK_PATH_PATTERN = r"^/[a-z0-9_/-]+$"
TRAY_ID_PATTERN = r"^[a-z][a-z0-9_-]+$"
SECRET_NAME_PATTERN = r"^[a-z][a-z0-9_]{0,62}$"
CRON_MACROS = ("@hourly", "@daily", "@weekly", "@monthly", "@yearly", "@annually", "@reboot")
ORCHESTRATOR_TOOL_PATTERN = r"^tool_.+_chat$"

SCHEMA_ID = "https://imperal.io/schemas/imperal.schema.json"
SCHEMA_TITLE = "Imperal Extension Manifest"
SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"

_APP_ID = re.compile(APP_ID_PATTERN)
_SEMVER = re.compile(SEMVER_PATTERN)
_SCOPE = re.compile(SCOPE_PATTERN)
_TOOL_NAME = re.compile(TOOL_NAME_PATTERN)
_ORCHESTRATOR = re.compile(ORCHESTRATOR_TOOL_PATTERN)


def _check_scopes(values: list[str]) -> list[str]:
    for scope in values:
        if not _SCOPE.match(scope):
            raise ValueError(
                f"scope {scope!r} must be '*' or look like 'area:action' / 'area.action' "
                f"(pattern {SCOPE_PATTERN})"
            )
    return values


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class ToolParam(BaseModel):
    """One `parameters` entry of an `@ext.tool` (extra keys such as description are allowed)."""

    model_config = ConfigDict(extra="allow")

    type: Literal["string", "integer", "number", "boolean", "array", "object"]
    required: bool


class Tool(_Strict):
    name: str = Field(min_length=1)
    description: str = ""
    scopes: list[str] = Field(default_factory=list)
    parameters: dict[str, ToolParam] = Field(default_factory=dict)
    action_type: Literal["read", "write", "destructive"] | None = None
    chain_callable: bool | None = None
    effects: list[str] = Field(default_factory=list)
    params_schema: dict[str, Any] | None = None
    return_schema: dict[str, Any] | None = None
    background: bool = False
    long_running: bool = False
    event: str = ""
    owner_chat_tool: str | None = None
    synthetic: bool = False
    id_projection: str | None = None

    @field_validator("name")
    @classmethod
    def _identifier(cls, value: str) -> str:
        if not _TOOL_NAME.match(value):
            raise ValueError(f"tool name {value!r} must be an identifier ({TOOL_NAME_PATTERN})")
        return value

    @field_validator("scopes")
    @classmethod
    def _scopes(cls, value: list[str]) -> list[str]:
        return _check_scopes(value)


class Signal(_Strict):
    name: str = Field(min_length=1)
    description: str = ""


class Schedule(_Strict):
    name: str = Field(min_length=1)
    cron: str

    @field_validator("cron")
    @classmethod
    def _cron(cls, value: str) -> str:
        text = value.strip()
        if text in CRON_MACROS or len(text.split()) == 5:
            return value
        raise ValueError(
            f"cron {value!r} must have 5 whitespace-separated fields (minute hour day month "
            f"weekday, UTC) or be one of {', '.join(CRON_MACROS)}"
        )


class Webhook(_Strict):
    path: str = Field(pattern=WEBHOOK_PATH_PATTERN)
    method: Literal["POST", "GET", "PUT", "DELETE"] = "POST"
    secret_header: str = ""


class EventSubscription(_Strict):
    type: str = Field(min_length=1)
    handler: str = Field(min_length=1)


class EventEmit(_Strict):
    type: str = Field(min_length=1)
    schema_ref: str | None = None


class Events(_Strict):
    subscribes: list[EventSubscription] = Field(default_factory=list)
    emits: list[EventEmit] = Field(default_factory=list)


class ExposedDecl(_Strict):
    name: str = Field(min_length=1)
    action_type: Literal["read", "write"]


class HealthCheckDecl(_Strict):
    interval_sec: int = Field(60, ge=30)


class LifecycleDecl(_Strict):
    on_install: bool = False
    on_uninstall: bool = False
    on_enable: bool = False
    on_disable: bool = False
    on_upgrade: list[str] = Field(default_factory=list)
    health_check: HealthCheckDecl | None = None


class TrayDecl(_Strict):
    tray_id: str = Field(pattern=TRAY_ID_PATTERN)
    icon: str = "Circle"
    tooltip: str = ""


class SecretDecl(_Strict):
    name: str = Field(pattern=SECRET_NAME_PATTERN)
    description: str = Field(min_length=1)
    required: bool = False
    write_mode: Literal["user", "extension", "both"] = "user"
    max_bytes: int = Field(4096, ge=1, le=65536)
    rotation_hint_days: int | None = Field(None, ge=1)


class Manifest(_Strict):
    manifest_schema_version: Literal[1, 2, 3] | None = None
    sdk_version: str | None = None
    app_id: str
    version: str
    name: str | None = None
    description: str | None = None
    icon: str | None = None
    actions_explicit: bool | None = None
    system: bool = False
    capabilities: list[str] = Field(default_factory=list)
    tools: list[Tool] = Field(default_factory=list)
    signals: list[Signal] = Field(default_factory=list)
    schedules: list[Schedule] = Field(default_factory=list)
    required_scopes: list[str] = Field(default_factory=list)
    icon_size_bytes: int | None = Field(None, ge=0)
    webhooks: list[Webhook] = Field(default_factory=list)
    events: Events | None = None
    exposed: list[ExposedDecl] = Field(default_factory=list)
    lifecycle: LifecycleDecl | None = None
    lifecycle_hooks: dict[str, dict[str, Any]] | None = None
    tray: list[TrayDecl] = Field(default_factory=list)
    migrations_dir: str | None = None
    config_defaults: dict[str, Any] = Field(default_factory=dict)
    secrets: list[SecretDecl] = Field(default_factory=list)
    author: str | None = None
    license: str | None = None
    homepage: str | None = None
    category: str | None = None
    tags: list[str] = Field(default_factory=list)
    marketplace: dict[str, Any] | None = None
    pricing: dict[str, Any] | None = None

    @field_validator("app_id")
    @classmethod
    def _app_id(cls, value: str) -> str:
        if not _APP_ID.match(value):
            raise ValueError(
                f"app_id {value!r} must be lowercase letters, digits and '-', not starting or "
                f"ending with '-' ({APP_ID_PATTERN})"
            )
        return value

    @field_validator("version")
    @classmethod
    def _version(cls, value: str) -> str:
        if not _SEMVER.match(value):
            raise ValueError(f"version {value!r} must be semantic, e.g. 1.2.3 ({SEMVER_PATTERN})")
        return value

    @field_validator("required_scopes")
    @classmethod
    def _required_scopes(cls, value: list[str]) -> list[str]:
        return _check_scopes(value)


def get_schema() -> dict[str, Any]:
    """The manifest's JSON Schema (draft 2020-12), generated from `Manifest`."""
    generated = Manifest.model_json_schema()
    schema: dict[str, Any] = {"$schema": SCHEMA_DIALECT, "$id": SCHEMA_ID, "title": SCHEMA_TITLE}
    for key, value in generated.items():
        if key != "title":
            schema[key] = value
    return schema


MANIFEST_SCHEMA = get_schema()

_TYPO_HINTS = {
    "schedule": "schedules",
    "tool": "tools",
    "signal": "signals",
    "webhook": "webhooks",
    "secret": "secrets",
    "event": "events",
    "scopes": "required_scopes",
    "display_name": "name",
    "panels": "(no panels key in schema v3: panels are discovered at runtime)",
}


def _loc_text(loc: tuple[Any, ...]) -> str:
    return ".".join(str(part) for part in loc)


def _issue_for(error: dict[str, Any]) -> ValidationIssue:
    loc = tuple(error.get("loc", ()))
    where = _loc_text(loc) or "(root)"
    kind = error.get("type", "")
    msg = error.get("msg", "invalid value")
    top = str(loc[0]) if loc else ""
    if kind == "missing":
        return ValidationIssue(
            "M2",
            "ERROR",
            f"required field '{where}' is missing",
            fix=f"Add '{where}' (rebuild with `imperal-shell build` to regenerate the manifest).",
        )
    if kind == "extra_forbidden":
        leaf = str(loc[-1]) if loc else ""
        hint = _TYPO_HINTS.get(leaf) if len(loc) == 1 else None
        fix = f"Remove '{where}'; it is not part of manifest schema v3."
        if hint:
            fix += f" Did you mean '{hint}'?" if not hint.startswith("(") else f" {hint}"
        else:
            fix += " Common typos: schedule→schedules, tool→tools, signal→signals."
        return ValidationIssue("M3", "ERROR", f"unknown key '{where}'", fix=fix)
    if top in ("tools", "signals", "schedules"):
        return ValidationIssue(
            "M5",
            "ERROR",
            f"{where}: {msg}",
            fix=f"Fix the {top} entry (regenerate it with `imperal-shell build`).",
        )
    return ValidationIssue(
        "M4", "ERROR", f"{where}: {msg}", fix="Correct the value to match the manifest schema."
    )


def _v25(data: dict[str, Any]) -> list[ValidationIssue]:
    issues = []
    tools = data.get("tools")
    if not isinstance(tools, list):
        return issues
    for index, tool in enumerate(tools):
        name = tool.get("name") if isinstance(tool, dict) else None
        if isinstance(name, str) and _ORCHESTRATOR.match(name):
            issues.append(
                ValidationIssue(
                    "V25",
                    "ERROR",
                    f"tools[{index}] '{name}' is a chat orchestrator umbrella tool; since SDK 5.0 "
                    "the manifest must not contain tool_*_chat entries "
                    "(I-MANIFEST-NO-ORCHESTRATOR-TOOL)",
                    fix="Rebuild the manifest with this SDK (it no longer emits the umbrella "
                    "tool) or rename the @ext.tool.",
                )
            )
    return issues


def _semantic_checks(manifest: Manifest) -> None:
    paths = [w.path for w in manifest.webhooks]
    dupes = sorted({p for p in paths if paths.count(p) > 1})
    if dupes:
        raise ValueError(f"M6.3: duplicate webhook path(s): {', '.join(dupes)}")
    if manifest.events is not None:
        prefix = manifest.app_id + "."
        bad = [e.type for e in manifest.events.emits if not e.type.startswith(prefix)]
        if bad:
            raise ValueError(
                f"M7.3: emitted event type(s) {', '.join(bad)} must start with '{prefix}'"
            )
    names = [e.name for e in manifest.exposed]
    dupes = sorted({n for n in names if names.count(n) > 1})
    if dupes:
        raise ValueError(f"M8.2: duplicate exposed method name(s): {', '.join(dupes)}")


def validate_manifest_dict(data: Any) -> list[ValidationIssue]:
    """Check a parsed `imperal.json`. Returns ERROR issues (M1–M5, V25).

    When the schema checks pass, duplicate webhook paths (M6.3), emitted events without the
    `app_id.` prefix (M7.3) and duplicate exposed names (M8.2) raise `ValueError`.
    """
    if not isinstance(data, dict):
        return [
            ValidationIssue(
                "M1",
                "ERROR",
                f"manifest root must be a JSON object, got {type(data).__name__}",
                fix='imperal.json must contain one object: {"app_id": ..., "version": ...}.',
            )
        ]
    issues: list[ValidationIssue] = []
    manifest = None
    try:
        manifest = Manifest.model_validate(data)
    except ValidationError as exc:
        issues.extend(_issue_for(err) for err in exc.errors())
    if manifest is not None and not issues:
        _semantic_checks(manifest)
    issues.extend(_v25(data))
    return issues


__all__ = [
    "APP_ID_PATTERN",
    "MANIFEST_SCHEMA",
    "SCOPE_PATTERN",
    "SEMVER_PATTERN",
    "EventEmit",
    "EventSubscription",
    "Events",
    "ExposedDecl",
    "HealthCheckDecl",
    "LifecycleDecl",
    "Manifest",
    "Schedule",
    "SecretDecl",
    "Signal",
    "Tool",
    "ToolParam",
    "TrayDecl",
    "Webhook",
    "get_schema",
    "validate_manifest_dict",
]
