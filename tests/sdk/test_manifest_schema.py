"""The manifest schema: the static JSON copy, the pydantic models, validate_manifest_dict (M1–M5,
the M6.3/M7.3/M8.2 ValueErrors, V25) and the first-party extensions' manifests."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from pydantic import ValidationError

import sdk
from sdk import manifest_schema as ms
from sdk.manifest import generate_manifest
from sdk.manifest_schema import (
    APP_ID_PATTERN,
    MANIFEST_SCHEMA,
    SCOPE_PATTERN,
    SEMVER_PATTERN,
    Manifest,
    get_schema,
    validate_manifest_dict,
)
from sdk.validator import ValidationIssue

ROOT = Path(__file__).resolve().parents[2]
STATIC = Path(sdk.__file__).parent / "schemas" / "imperal.schema.json"
FIRST_PARTY = [ROOT / "extensions" / "notes", ROOT / "extensions" / "tasks"]


def base(**extra):
    return {"app_id": "demo-app", "version": "1.0.0", **extra}


def rules(issues):
    return [i.rule for i in issues]


def test_static_schema_matches_runtime_export():
    assert json.loads(STATIC.read_text(encoding="utf-8")) == get_schema() == MANIFEST_SCHEMA


def test_schema_header_and_top_level():
    schema = get_schema()
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema["$id"] == "https://imperal.io/schemas/imperal.schema.json"
    assert schema["title"] == "Imperal Extension Manifest"
    assert schema["additionalProperties"] is False
    assert schema["required"] == ["app_id", "version"]
    known = {
        "manifest_schema_version",
        "sdk_version",
        "app_id",
        "version",
        "capabilities",
        "tools",
        "signals",
        "schedules",
        "required_scopes",
        "migrations_dir",
        "config_defaults",
        "webhooks",
        "events",
        "exposed",
        "lifecycle",
        "tray",
        "menu",
        "actions_explicit",
        "icon_size_bytes",
        "lifecycle_hooks",
        "system",
        "hidden_in_sidebar",
        "secrets",
        "file_sinks",
        "search_providers",
        "oauth",
        "panels",
        "name",
        "description",
        "author",
        "license",
        "homepage",
        "icon",
        "category",
        "tags",
        "marketplace",
        "pricing",
    }
    assert set(schema["properties"]) == known
    for name in (
        "Tool",
        "ToolParam",
        "Signal",
        "Schedule",
        "Webhook",
        "Events",
        "EventSubscription",
        "EventEmit",
        "ExposedDecl",
        "LifecycleDecl",
        "HealthCheckDecl",
        "TrayDecl",
        "SecretDecl",
        "MenuItemDecl",
        "FileSink",
        "OAuthDecl",
        "SearchProviderDecl",
        "Panel",
    ):
        assert name in schema["$defs"], name
        expected = name not in ("ToolParam", "Panel")  # these two allow extra keys
        assert (schema["$defs"][name].get("additionalProperties") is False) is expected, name
    assert schema["$defs"]["Tool"]["required"] == ["name"]
    assert schema["$defs"]["Webhook"]["properties"]["path"]["pattern"] == "^/[a-z0-9_/-]+$"


def test_patterns_and_exports():
    assert re.match(APP_ID_PATTERN, "my-notes2") and not re.match(APP_ID_PATTERN, "-x")
    assert re.match(SEMVER_PATTERN, "1.2.3-rc.1") and not re.match(SEMVER_PATTERN, "1.2")
    for good in ("*", "notes:read", "mail.send", "a:b:c", "files:*"):
        assert re.match(SCOPE_PATTERN, good), good
    for bad in ("notes", "Notes:read", ":read"):
        assert not re.match(SCOPE_PATTERN, bad), bad
    for name in ms.__all__:
        assert hasattr(ms, name), name


def test_minimal_manifest_is_valid():
    assert validate_manifest_dict(base()) == []


def test_m1_root_not_a_dict():
    for data in ([], "x", None, 3):
        issues = validate_manifest_dict(data)
        assert [(i.rule, i.level) for i in issues] == [("M1", "ERROR")]
        assert isinstance(issues[0], ValidationIssue) and issues[0].fix


def test_m2_missing_required():
    issues = validate_manifest_dict({"app_id": "demo-app"})
    assert rules(issues) == ["M2"] and "version" in issues[0].message
    assert rules(validate_manifest_dict({})) == ["M2", "M2"]


def test_m3_unknown_key_with_typo_hint():
    (issue,) = validate_manifest_dict(base(schedule=[]))
    assert issue.rule == "M3" and "schedule" in issue.message and "schedules" in issue.fix
    (issue,) = validate_manifest_dict(base(tool=[]))
    assert "'tools'" in issue.fix
    (issue,) = validate_manifest_dict(base(webhooks=[{"path": "/a", "bogus": 1}]))
    assert issue.rule == "M3" and "webhooks.0.bogus" in issue.message


def test_m4_other_errors():
    cases = [
        base(app_id="Bad_Id"),
        base(version="1.0"),
        base(required_scopes=["notes"]),
        base(manifest_schema_version=4),
        base(webhooks=[{"path": "no-slash"}]),
        base(webhooks=[{"path": "/a", "method": "PATCH"}]),
        base(exposed=[{"name": "x", "action_type": "destructive"}]),
        base(lifecycle={"health_check": {"interval_sec": 10}}),
        base(tray=[{"tray_id": "X"}]),
        base(secrets=[{"name": "API_KEY", "description": "k"}]),
        base(secrets=[{"name": "k", "description": ""}]),
        base(secrets=[{"name": "k", "description": "d", "write_mode": "admin"}]),
        base(secrets=[{"name": "k", "description": "d", "max_bytes": 70000}]),
        base(secrets=[{"name": "k", "description": "d", "rotation_hint_days": 0}]),
        base(events={"emits": [{"schema_ref": "x"}]}),
    ]
    for data in cases:
        issues = validate_manifest_dict(data)
        assert {i.rule for i in issues} <= {"M4", "M2"} and issues, data
        assert all(i.level == "ERROR" for i in issues)


def test_m5_errors_under_tools_signals_schedules():
    cases = [
        base(tools=[{"name": "has space"}]),
        base(tools=[{"name": ""}]),
        base(tools=[{"name": "t", "scopes": ["bad"]}]),
        base(tools=[{"name": "t", "parameters": {"p": {"type": "date", "required": True}}}]),
        base(signals=[{"name": ""}]),
        base(schedules=[{"name": "s", "cron": "* * *"}]),
    ]
    for data in cases:
        assert rules(validate_manifest_dict(data)) == ["M5"], data
    # A missing field is M2 even under tools[]; a wrong type of the list itself is M4.
    assert rules(validate_manifest_dict(base(tools=[{"description": "x"}]))) == ["M2"]
    assert rules(validate_manifest_dict(base(tools={}))) == ["M4"]
    # action_type is free text in the manifest (the validator checks it on the function: V4)
    assert validate_manifest_dict(base(tools=[{"name": "t", "action_type": "erase"}])) == []


def test_valid_leaf_values():
    data = base(
        tools=[
            {
                "name": "t",
                "scopes": ["*", "notes:read"],
                "parameters": {"p": {"type": "integer", "required": False, "description": "x"}},
            }
        ],
        schedules=[{"name": "a", "cron": "*/5 * * * *"}, {"name": "b", "cron": "@daily"}],
        webhooks=[{"path": "/stripe/events"}],
        exposed=[{"name": "x", "action_type": "write"}],
        lifecycle={"on_upgrade": ["1.0.0"], "health_check": {}},
        tray=[{"tray_id": "bell"}],
        secrets=[{"name": "api_key", "description": "d", "write_mode": "both"}],
        events={"subscribes": [{"type": "a.b", "handler": "h"}], "emits": [{"type": "demo-app.x"}]},
    )
    assert validate_manifest_dict(data) == []
    m = Manifest.model_validate(data)
    assert m.lifecycle.health_check.interval_sec == 60
    assert m.webhooks[0].method == "POST"


def test_semantic_checks_raise_value_error():
    with pytest.raises(ValueError, match="M6.3"):
        validate_manifest_dict(base(webhooks=[{"path": "/a"}, {"path": "/a", "method": "GET"}]))
    with pytest.raises(ValueError, match="M7.3"):
        validate_manifest_dict(base(events={"emits": [{"type": "other.thing"}]}))
    with pytest.raises(ValueError, match="M8.2"):
        validate_manifest_dict(
            base(
                exposed=[
                    {"name": "x", "action_type": "read"},
                    {"name": "x", "action_type": "write"},
                ]
            )
        )


def test_semantic_checks_only_run_on_schema_valid_manifests():
    data = base(version="bad", webhooks=[{"path": "/a"}, {"path": "/a"}])
    assert rules(validate_manifest_dict(data)) == ["M4"]


def test_v25_orchestrator_tool():
    issues = validate_manifest_dict(base(tools=[{"name": "tool_notes_chat"}, {"name": "notes"}]))
    assert [(i.rule, i.level) for i in issues] == [("V25", "ERROR")]
    assert "tool_notes_chat" in issues[0].message and issues[0].fix
    assert (
        validate_manifest_dict(base(tools=[{"name": "tool_chat"}, {"name": "chat_tool_x"}])) == []
    )


def test_pydantic_only_checks_are_not_in_the_static_schema():
    props = get_schema()["properties"]
    assert "pattern" not in json.dumps(props["app_id"])
    with pytest.raises(ValidationError):
        Manifest.model_validate(base(app_id="UPPER"))


@pytest.mark.parametrize("folder", FIRST_PARTY, ids=lambda p: p.name)
def test_first_party_manifest_validates(folder):
    from kernel.loader import load_one

    manifest = generate_manifest(load_one(folder).ext)
    model = Manifest.model_validate(manifest)
    assert model.app_id == folder.name and model.manifest_schema_version == 3
    assert validate_manifest_dict(manifest) == []
    assert json.loads(json.dumps(manifest)) == manifest  # JSON-serialisable as is
    try:
        import jsonschema
    except ImportError:
        return
    jsonschema.Draft202012Validator(get_schema()).validate(manifest)


GENERATED_5_11 = {
    # what the 5.11 generator writes for menu items, file sinks, oauth, secrets and panels
    "panels": [
        {
            "panel_id": "side",
            "slot": "left",
            "title": "",
            "tree": {},
            "icon": "",
            "refresh": "manual",
            "center_overlay": False,
        }
    ],
    "menu": [
        {
            "item_id": "settings",
            "label": "Settings",
            "icon": "",
            "section": "main",
            "path": "",
            "order": 100,
            "danger": False,
        }
    ],
    "file_sinks": [
        {"tool": "add_item", "accepts": ["text/plain"], "arg": "text", "arg_kind": "text"}
    ],
    "oauth": [{"provider": "google", "collection": None, "scopes": ["email"], "has_hook": True}],
    "secrets": [
        {"name": "api_key", "description": "The key", "scope": "app"},
        {
            "name": "token",
            "description": "d",
            "scope": "app",
            "env_fallback": "IMPERAL_APPSECRET_T",
        },
    ],
    "tray": [{"tray_id": "inbox", "icon": "Mail", "tooltip": "", "zone": "status", "order": 100}],
    "webhooks": None,
    "config_defaults": None,
    "system": None,
}


def test_every_key_real_manifests_carry_is_accepted():
    assert validate_manifest_dict(base(**GENERATED_5_11)) == []
    # the 6.x keys too: tray badge style and icon colour, search providers
    data = base(
        tray=[
            {"tray_id": "inbox", "zone": "actions", "badge_style": "inline", "icon_color": "red"}
        ],
        search_providers=[{"entity_type": "contact", "handler": "search_contacts"}],
        hidden_in_sidebar=True,
        system=True,
    )
    assert validate_manifest_dict(data) == []
    m = Manifest.model_validate(data)
    assert m.tray[0].icon_color == "red" and m.search_providers[0].description == ""


@pytest.mark.parametrize(
    "extra",
    [
        {"hidden_in_sidebar": True},
        {"menu": [{"item_id": "m", "label": "M"}]},  # id of one character
        {"menu": [{"item_id": "mm", "label": "M", "section": "nowhere"}]},
        {"menu": [{"item_id": "mm", "label": "M", "section": "account"}]},
        {"menu": [{"item_id": "mm", "label": "M", "section": "footer"}]},
        {"tray": [{"tray_id": "tt", "zone": "Status"}]},
        {"tray": [{"tray_id": "tt", "badge_style": "round"}]},
        {"tray": [{"tray_id": "tt", "icon_color": "#ff0000"}]},
        {"file_sinks": [{"tool": "T", "accepts": ["a"], "arg": "x"}]},
        {"file_sinks": [{"tool": "t", "accepts": [], "arg": "x"}]},
        {"file_sinks": [{"tool": "t", "accepts": ["a"], "arg": "x", "arg_kind": "blob"}]},
        {"file_sinks": [{"tool": "t", "accepts": ["a"], "arg": "x", "description": "x" * 201}]},
        {"oauth": [{"provider": ""}]},
        {"oauth": [{"provider": "g", "collection": "Bad"}]},
        {"oauth": {"provider": "g"}},
        {"secrets": [{"name": "k", "description": "d", "scope": "org"}]},
        {"secrets": [{"name": "k", "description": "d", "env_fallback": "IMPERAL_APPSECRET_K"}]},
        {"secrets": [{"name": "k", "description": "d", "scope": "app", "env_fallback": "K"}]},
        {"search_providers": [{"entity_type": "Contact", "handler": "h"}]},
        {"panels": [{"slot": "main"}]},
    ],
)
def test_new_keys_reject_bad_values_as_m4(extra):
    issues = validate_manifest_dict(base(**extra))
    assert issues and {(i.rule, i.level) for i in issues} == {("M4", "ERROR")}, issues


def test_missing_fields_of_new_entries_are_m2():
    assert rules(validate_manifest_dict(base(menu=[{"item_id": "mm"}]))) == ["M2"]
    assert rules(validate_manifest_dict(base(panels=[{"panel_id": "p"}]))) == ["M2"]
