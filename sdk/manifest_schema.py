"""The `imperal.json` manifest as a pydantic model, its JSON Schema, and `validate_manifest_dict`.

`get_schema()` is generated from `Manifest`; a static copy ships at
`sdk/schemas/imperal.schema.json` (a test keeps the two equal). A few checks are pydantic-only
and do not appear in the JSON Schema: the app_id and version patterns, the scope pattern, the
identifier pattern of tool names, parameter types, tray zone / badge style / icon colour, menu
sections, and "hidden_in_sidebar needs system".

Every key the 5.11 generator writes is accepted (panels, menu, file_sinks, oauth, secrets with
scope and env_fallback, hidden_in_sidebar, tray zone and order), and so are the 6.x additions
(search_providers, tray badge_style and icon_color).
"""

from __future__ import annotations

import re
from typing import Any, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    field_validator,
    model_validator,
)

from sdk.manifest_schema_ui import Panel, UINode
from sdk.types.contributions import (
    ALLOWED_MENU_SECTIONS,
    ALLOWED_TRAY_BADGE_STYLES,
    ALLOWED_TRAY_ICON_COLORS,
    ALLOWED_TRAY_ZONES,
    RESERVED_MENU_SECTIONS,
    normalize_tray_icon_color,
)
from sdk.validator import ValidationIssue

APP_ID_PATTERN = r"^[a-z0-9][a-z0-9-]*[a-z0-9]$"
SEMVER_PATTERN = r"^\d+\.\d+\.\d+(?:[.-][A-Za-z0-9.-]+)?$"
SCOPE_PATTERN = r"^(?:\*|[a-z][a-z0-9_-]*(?:[.:][a-z0-9_*-]+)+)$"
TOOL_NAME_PATTERN = r"^[a-zA-Z_][a-zA-Z0-9_]*$"
WEBHOOK_PATH_PATTERN = r"^/[a-z0-9_/-]+$"
CONTRIBUTION_ID_PATTERN = r"^[a-z][a-z0-9_-]+$"
TRAY_ID_PATTERN = CONTRIBUTION_ID_PATTERN
SECRET_NAME_PATTERN = r"^[a-z][a-z0-9_]{0,62}$"
OAUTH_COLLECTION_PATTERN = r"^[a-z][a-z0-9_]*$"
SEARCH_NAME_PATTERN = r"^[a-z0-9_]{1,64}$"
ENV_FALLBACK_PATTERN = r"^IMPERAL_APPSECRET_"
PARAM_TYPES = frozenset({"string", "integer", "number", "boolean", "array", "object"})
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

    type: str
    required: bool

    @field_validator("type")
    @classmethod
    def _type(cls, value: str) -> str:
        if value not in PARAM_TYPES:
            raise ValueError(f"parameter type {value!r} is not one of {sorted(PARAM_TYPES)}")
        return value


class Tool(_Strict):
    name: str = Field(min_length=1)
    description: str = ""
    scopes: list[str] = Field(default_factory=list)
    parameters: dict[str, ToolParam] = Field(default_factory=dict)
    action_type: str | None = None
    chain_callable: bool | None = None
    effects: list[str] = Field(default_factory=list)
    params_schema: dict[str, Any] | None = None
    return_schema: dict[str, Any] | None = None
    background: bool | None = None
    long_running: bool | None = None
    event: str | None = None
    owner_chat_tool: str | None = None
    synthetic: bool | None = None
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
    description: str | None = None


class Schedule(_Strict):
    name: str = Field(min_length=1)
    cron: str
    description: str | None = None

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
    handler: str


class EventEmit(_Strict):
    type: str = Field(min_length=1)
    schema_ref: str | None = None


class Events(_Strict):
    subscribes: list[EventSubscription] = Field(default_factory=list)
    emits: list[EventEmit] = Field(default_factory=list)


class ExposedDecl(_Strict):
    name: str
    action_type: Literal["read", "write"]


class HealthCheckDecl(_Strict):
    interval_sec: int = Field(60, ge=30)


class LifecycleDecl(_Strict):
    on_install: bool | None = None
    on_uninstall: bool | None = None
    on_enable: bool | None = None
    on_disable: bool | None = None
    on_upgrade: list[str] | None = None
    health_check: HealthCheckDecl | None = None


class TrayDecl(_Strict):
    tray_id: str = Field(pattern=CONTRIBUTION_ID_PATTERN)
    icon: str | None = None
    tooltip: str | None = None
    zone: str | None = None
    order: int | None = None
    badge_style: str | None = None
    icon_color: str | None = None

    @field_validator("zone")
    @classmethod
    def _zone(cls, value: str | None) -> str | None:
        if value is not None and value not in ALLOWED_TRAY_ZONES:
            raise ValueError(f"tray zone {value!r} is not one of {sorted(ALLOWED_TRAY_ZONES)}")
        return value

    @field_validator("badge_style")
    @classmethod
    def _badge_style(cls, value: str | None) -> str | None:
        if value is not None and value not in ALLOWED_TRAY_BADGE_STYLES:
            raise ValueError(
                f"tray badge_style {value!r} is not one of {sorted(ALLOWED_TRAY_BADGE_STYLES)}"
            )
        return value

    @field_validator("icon_color")
    @classmethod
    def _icon_color(cls, value: str | None) -> str | None:
        if value is not None and value not in ALLOWED_TRAY_ICON_COLORS:
            raise ValueError(
                f"tray icon_color {value!r} is not one of {sorted(ALLOWED_TRAY_ICON_COLORS)}"
            )
        return value


class MenuItemDecl(_Strict):
    item_id: str = Field(pattern=CONTRIBUTION_ID_PATTERN)
    label: str
    icon: str | None = None
    section: str | None = None
    path: str | None = None
    order: int | None = None
    danger: bool | None = None

    @field_validator("section")
    @classmethod
    def _section(cls, value: str | None) -> str | None:
        if value is None:
            return value
        if value not in ALLOWED_MENU_SECTIONS:
            raise ValueError(
                f"menu section {value!r} is not one of {sorted(ALLOWED_MENU_SECTIONS)}"
            )
        if value in RESERVED_MENU_SECTIONS:
            raise ValueError(
                f"menu section {value!r} belongs to the platform (account and sign-out); use "
                f"one of {sorted(ALLOWED_MENU_SECTIONS - RESERVED_MENU_SECTIONS)}"
            )
        return value


class FileSink(_Strict):
    tool: str = Field(pattern=SECRET_NAME_PATTERN)
    accepts: list[str] = Field(min_length=1)
    arg: str = Field(min_length=1)
    arg_kind: Literal["text", "file_id", "bytes_ref"] = "text"
    description: str = Field("", max_length=200)


class OAuthDecl(_Strict):
    provider: str = Field(min_length=1)
    collection: str | None = Field(None, pattern=OAUTH_COLLECTION_PATTERN)
    scopes: list[str] = Field(default_factory=list)
    has_hook: bool = False


class SearchProviderDecl(_Strict):
    entity_type: str = Field(pattern=SEARCH_NAME_PATTERN)
    handler: str = Field(pattern=SEARCH_NAME_PATTERN)
    description: str | None = Field("", max_length=200)


class SecretDecl(_Strict):
    name: str = Field(pattern=SECRET_NAME_PATTERN)
    description: str = Field(min_length=1)
    required: bool = False
    write_mode: Literal["user", "extension", "both"] = "user"
    max_bytes: int = Field(4096, ge=1, le=65536)
    rotation_hint_days: int | None = Field(None, ge=1)
    scope: Literal["user", "app"] = "user"
    env_fallback: str | None = Field(None, pattern=ENV_FALLBACK_PATTERN)

    @model_validator(mode="after")
    def _env_fallback_needs_app_scope(self) -> SecretDecl:
        if self.env_fallback is not None and self.scope != "app":
            raise ValueError(
                f"secret {self.name!r}: env_fallback is for scope='app' secrets only (a user "
                "secret never falls back to the process environment)"
            )
        return self


class Manifest(_Strict):
    manifest_schema_version: Literal[1, 2, 3] | None = None
    sdk_version: str | None = None
    app_id: str
    version: str
    capabilities: list[str] = Field(default_factory=list)
    tools: list[Tool] = Field(default_factory=list)
    signals: list[Signal] = Field(default_factory=list)
    schedules: list[Schedule] = Field(default_factory=list)
    required_scopes: list[str] = Field(default_factory=list)
    migrations_dir: str | None = None
    config_defaults: dict[str, Any] | None = None
    webhooks: list[Webhook] | None = None
    events: Events | None = None
    exposed: list[ExposedDecl] | None = None
    lifecycle: LifecycleDecl | None = None
    tray: list[TrayDecl] | None = None
    menu: list[MenuItemDecl] | None = None
    actions_explicit: bool | None = None
    icon_size_bytes: int | None = None
    lifecycle_hooks: dict[str, dict[str, Any]] | None = None
    system: bool | None = None
    hidden_in_sidebar: bool | None = None
    secrets: list[SecretDecl] | None = None
    file_sinks: list[FileSink] | None = None
    search_providers: list[SearchProviderDecl] | None = None
    oauth: list[OAuthDecl] | None = None
    panels: list[Panel] | None = None
    name: str | None = None
    description: str | None = None
    author: str | None = None
    license: str | None = None
    homepage: str | None = None
    icon: str | None = None
    category: str | None = None
    tags: list[str] | None = None
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

    @model_validator(mode="after")
    def _hidden_needs_system(self) -> Manifest:
        if self.hidden_in_sidebar and not self.system:
            raise ValueError(
                "hidden_in_sidebar=true is only for system extensions (set system=true or drop "
                "hidden_in_sidebar)"
            )
        return self


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
    if top in ("tools", "signals", "schedules") and len(loc) > 1:
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
    paths = [w.path for w in manifest.webhooks or []]
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
    names = [e.name for e in manifest.exposed or []]
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
    "ALLOWED_MENU_SECTIONS",
    "ALLOWED_TRAY_BADGE_STYLES",
    "ALLOWED_TRAY_ICON_COLORS",
    "ALLOWED_TRAY_ZONES",
    "APP_ID_PATTERN",
    "MANIFEST_SCHEMA",
    "RESERVED_MENU_SECTIONS",
    "SCOPE_PATTERN",
    "SEMVER_PATTERN",
    "EventEmit",
    "EventSubscription",
    "Events",
    "ExposedDecl",
    "FileSink",
    "HealthCheckDecl",
    "LifecycleDecl",
    "Manifest",
    "MenuItemDecl",
    "OAuthDecl",
    "Panel",
    "Schedule",
    "SearchProviderDecl",
    "SecretDecl",
    "Signal",
    "Tool",
    "ToolParam",
    "TrayDecl",
    "UINode",
    "Webhook",
    "get_schema",
    "normalize_tray_icon_color",
    "validate_manifest_dict",
]
