"""The real (pure, local) parts of the platform modules."""

from __future__ import annotations

import asyncio
import io
import json

import pytest
from pydantic import ValidationError


def test_pipes_chain_and_wire_form():
    from sdk.pipes import ExtensionPipe, Pipe, PipeStep

    pipe = Pipe("crm", "find", q="acme")
    assert pipe.pipe("mail", "draft", to="{{prev.email}}") is pipe
    assert pipe.to_dict() == {
        "type": "extension_pipe",
        "steps": [
            {"app_id": "crm", "tool_name": "find", "params_template": {"q": "acme"}},
            {"app_id": "mail", "tool_name": "draft", "params_template": {"to": "{{prev.email}}"}},
        ],
    }
    assert ExtensionPipe([PipeStep("a", "b")]).to_dict()["steps"][0]["params_template"] == {}
    with pytest.raises(ValueError, match="app_id"):
        Pipe("", "t")
    with pytest.raises(ValueError, match="tool_name"):
        pipe.pipe("a", None)
    assert len(pipe.steps) == 2  # the refused step changed nothing


def test_cancellation_token():
    from sdk.core import CancellationToken

    token, calls = CancellationToken(), []
    token.on_cancelled(lambda: calls.append(1))
    token.on_cancelled(lambda: 1 / 0)  # a failing callback does not stop the others
    token.on_cancelled(lambda: calls.append(2))
    assert not token.is_cancelled()
    token.cancel()
    token.cancel()
    assert token.is_cancelled() and calls == [1, 2]
    token.on_cancelled(lambda: calls.append(3))  # late registration runs at once
    assert calls == [1, 2, 3]
    with pytest.raises(TypeError):
        token.on_cancelled("nope")


def test_stream_emitter_writes_json_lines():
    from sdk.core import StreamEmitter

    buf = io.StringIO()
    emitter = StreamEmitter(buf)
    emitter.emit_chunk("hello")
    emitter.emit_event("custom", {"a": 1})
    emitter.emit_progress(150, "done")
    lines = [json.loads(line) for line in buf.getvalue().splitlines()]
    assert [(x["type"], x["payload"]) for x in lines] == [
        ("stream_chunk", {"chunk": "hello", "stream": "stdout"}),
        ("custom", {"a": 1}),
        ("progress", {"percent": 100.0, "message": "done"}),
    ]
    assert all(isinstance(x["timestamp"], float) for x in lines)


def test_schema_validator_subset_and_cards():
    from sdk.core import ICNLIComponent, SchemaValidator

    schema = {
        "type": "object",
        "required": ["a", "b"],
        "properties": {"a": {"type": "integer"}, "c": {"enum": ["x"]}},
    }
    assert SchemaValidator.validate({"a": 1, "b": 2}, schema) == []
    problems = SchemaValidator.validate({"a": True, "c": "y"}, schema)
    assert len(problems) == 3 and any("'a'" in p and "integer" in p for p in problems)
    assert SchemaValidator.validate(3, {"type": "string"}) != []
    assert ICNLIComponent.confirmation_gate("delete", ["a", "b"])["affected_count"] == 2
    assert ICNLIComponent.entity_list([1], 5, omitted_count=4)["shown"] == 1
    assert "delta" not in ICNLIComponent.stat_card("L", 3)


def test_dwell_guard_energy_and_alarms():
    from sdk.dwell_guard import DwellGuard
    from sdk.gnc_guard import GNCEnergyState, GNCLyapunovGuard

    assert GNCLyapunovGuard is DwellGuard and GNCEnergyState.__name__ == "DwellGuardStep"
    guard = DwellGuard(max_dwell_steps=2)
    first = guard.step(0.0, "a")
    assert (first.v_macro, first.delta_v, first.dwell_steps) == (10.0, 0.0, 1)
    progressed = guard.step(0.5, "a", micro_error=0.5)
    assert progressed.dwell_steps == 1 and progressed.v_micro == 0.25
    assert progressed.v_total == pytest.approx(2.75)
    guard.step(0.5, "a")
    stuck = guard.step(0.5, "a")
    assert stuck.dwell_steps == 3 and stuck.v_barrier == 5.0 and stuck.is_limit_cycle
    assert "'a'" in stuck.alarm_reason
    deep = guard.step(0.6, "b", subtask_depth=3)
    assert deep.is_limit_cycle and "depth 3" in deep.alarm_reason
    assert [s.step for s in guard.history] == [1, 2, 3, 4, 5]
    assert DwellGuard().step(1.5, "x").v_macro == 0.0


def test_cross_surface_bus_in_process():
    from sdk.cross_surface_bus import CrossSurfaceLiveBus

    bus, seen = CrossSurfaceLiveBus("p"), []
    bus.subscribe(lambda e: 1 / 0)
    bus.subscribe(seen.append)
    event = bus.publish("cli", "step", entity_id="e", macro_coverage=0.3, payload={"a": 1})
    assert seen == [event] and event.project_id == "p" and event.event_id.startswith("evt_")
    for i in range(3):
        bus.publish("tui", f"e{i}")
    assert [e.event_type for e in bus.get_recent_events(2)] == ["e1", "e2"]
    with pytest.raises(TypeError):
        bus.subscribe(None)


def test_auto_ui_projection():
    from sdk.auto_ui import project_to_declarative_ir as project

    assert project([{"a": 1}, {"a": 2, "b": 3}], title="T") == {
        "type": "table",
        "title": "T",
        "columns": ["a", "b"],
        "rows": [{"a": 1}, {"a": 2, "b": 3}],
        "total": 2,
    }
    card = project({"count": 3, "total": 5})
    assert card["type"] == "metric_card" and card["metric"] == "3" and card["badge"] == "active"
    assert project({"name": "x", "status": "ok"})["details"] == {"name": "x"}
    assert project({"a": 1}) is None and project([]) is None and project(5) is None


def test_agent_dataclasses():
    from sdk.adversarial_oracle import OracleAuditResult
    from sdk.bom_extractor import BOMEntity, BOMReport
    from sdk.vault_ram_client import TargetEntity, TenantVaultRAM

    report = BOMReport("p", "/src", 1, 0, 0, [BOMEntity("screen_home", "screen", "Home")])
    assert report.to_dict()["entities"][0]["category"] == "core"
    assert OracleAuditResult(0.0, "p", 0, 0, 0.0, False).findings == []
    assert TargetEntity("e", "p", "screen", "Home").dwell_steps == 0
    assert TenantVaultRAM(project_id="x").project_id == "x"  # constructing touches no disk


class _Redis:
    def __init__(self):
        self.keys = {}

    async def set(self, key, value, nx=False, ex=None):
        if nx and key in self.keys:
            return None
        self.keys[key] = (value, ex)
        return True


def test_call_tokens_sign_verify_and_refuse():
    from sdk.security import CallTokenError, mint_call_token, verify_call_token
    from sdk.security.call_token import verify_call_token_any_tool_type

    redis = _Redis()
    token = mint_call_token("panel", "crm", "u1", 60, b"new")
    claims = asyncio.run(verify_call_token(token, "panel", "crm", "u1", [b"old", b"new"], redis))
    assert (claims.tool_type, claims.app_id, claims.user_id) == ("panel", "crm", "u1")
    assert claims.exp - claims.iat == 60 and len(redis.keys) == 1
    refusals = {
        "already used": (token, "panel", "crm", "u1", [b"new"], redis),
        "signature": (token, "panel", "crm", "u1", [b"other"], _Redis()),
        "malformed": ("garbage", "panel", "crm", "u1", [b"new"], _Redis()),
        "expired": (mint_call_token("tool", "crm", "u1", -1, b"k"), "tool", "crm", "u1", [b"k"], _Redis()),
        "tool type": (token, "tool", "crm", "u1", [b"new"], _Redis()),
        "another app": (token, "panel", "mail", "u1", [b"new"], _Redis()),
        "another user": (token, "panel", "crm", "u2", [b"new"], _Redis()),
    }  # fmt: skip
    for fragment, args in refusals.items():
        with pytest.raises(CallTokenError, match=fragment):
            asyncio.run(verify_call_token(*args))
    any_type = asyncio.run(verify_call_token_any_tool_type(token, "crm", "u1", [b"new"], _Redis()))
    assert any_type.jti == claims.jti
    with pytest.raises(ValidationError):
        mint_call_token("bogus", "crm", "u1", 60, b"k")
    with pytest.raises(TypeError):
        mint_call_token("tool", "crm", "u1", 60, "not-bytes")


def test_deactivation_guard_in_memory():
    from sdk.security.deactivation_guard import DeactivatedUserBlockedException, DeactivationGuard

    guard = DeactivationGuard()
    guard.verify_ingress_signal("u1", "sig")  # active: passes
    result = guard.cascade_deactivate_user("u1")
    assert result["status"] == "deactivated" and result["workflow_id"] == "personal-u1"
    assert not guard.is_user_active("u1")
    with pytest.raises(DeactivatedUserBlockedException) as info:
        guard.verify_ingress_signal("u1", "sig")
    assert info.value.imperal_id == "u1"


async def test_offline_transport_records_and_answers():
    from sdk.transport import DefaultHttpTransport, GatewayTransport, OfflineTransport

    transport = OfflineTransport({"/deals": {"items": []}})
    assert isinstance(transport, GatewayTransport)
    assert isinstance(DefaultHttpTransport(), GatewayTransport)
    answer = await transport.request("GET", "https://gw/v1/deals", headers={"a": "b"})
    assert answer == {"items": []}
    assert await transport.request("POST", "https://gw/other", headers={}, json_data=1) == {}
    assert transport.recorded_requests[1] == {
        "method": "POST", "url": "https://gw/other", "headers": {}, "params": None, "json": 1,
    }  # fmt: skip
    with pytest.raises(TypeError):
        OfflineTransport(["not", "a", "dict"])


def test_manifest_linter(tmp_path):
    from sdk.cli.linter import ManifestLinter

    errors, warnings, fixed = ManifestLinter.lint_dict({"app_id": "a", "version": "1.0.0"})
    assert len(errors) == 2 and len(warnings) == 3 and fixed == {"app_id": "a", "version": "1.0.0"}
    manifest = {"app_id": "a", "version": "1", "name": "A", "description": "d"}
    path = tmp_path / "imperal.json"
    path.write_text(json.dumps(manifest))
    assert ManifestLinter.lint_file(str(path))[2] is False
    errors, warnings, written = ManifestLinter.lint_file(str(path), fix=True)
    assert errors == [] and written is True
    assert json.loads(path.read_text()) == {
        **manifest, "schema_version": "1.6.0", "category": "productivity", "search_providers": [],
    }  # fmt: skip
    assert ManifestLinter.lint_file(str(path), fix=True) == ([], [], False)
    assert ManifestLinter.lint_file(str(tmp_path / "none.json"))[0][0].startswith("no such file")


def test_manifest_schema_ui_panels():
    from sdk.manifest_schema_ui import Panel, UINode

    panel = Panel(slot="left", title="Deals", default_width=300, custom=1)
    assert panel.tree == {} and panel.model_extra == {"custom": 1}
    Panel(slot="center", tree={"type": "Input", "props": {"type": "email"}})
    with pytest.raises(ValidationError, match="slot"):
        Panel(slot="nowhere")
    with pytest.raises(ValidationError, match="Input type"):
        Panel(slot="left", tree={"type": "Input", "props": {"type": "bogus"}})
    with pytest.raises(ValidationError):
        UINode(type="")


def test_ir_models_and_checks():
    from sdk.ir import IREnvelope, get_ir_schema
    from sdk.ir.actions import validate_step
    from sdk.ir.custom_roles import validate_custom_roles
    from sdk.ir.migrate import migrate_ir
    from sdk.ir.ui_template import resolve_ui_tree
    from sdk.ir.validator import validate_ir_dict

    doc = {
        "ir_version": "1.0",
        "app": {
            "id": "crm",
            "version": "1.0.0",
            "title": "CRM",
            "functions": [{"name": "find", "impl": {"kind": "code", "module": "m", "entry": "e"}}],
            "ui": {"panels": [{"panel_id": "p", "slot": "left", "render": {"kind": "static"}}]},
        },
    }
    assert IREnvelope.model_validate(doc).app.functions[0].impl.entry == "e"
    assert validate_ir_dict(doc) == []
    issues = validate_ir_dict({"ir_version": "1.0", "app": {"id": "", "title": 1}})
    assert {i.rule for i in issues} == {"IR1"} and any(
        i.message.startswith("app.id") for i in issues
    )
    assert validate_ir_dict([])[0].rule == "IR0"
    assert "IRApp" in get_ir_schema()["$defs"]
    assert migrate_ir(doc) == doc and migrate_ir(doc) is not doc
    with pytest.raises(ValueError):
        migrate_ir({"ir_version": "0.9"})
    assert validate_step({"op": "navigate", "args": {"url": "/x"}}) == []
    assert validate_step({"op": "store.get", "args": {"kind": "deal"}}) != []
    assert "unknown step op" in validate_step({"op": "nope"})[0]
    assert [i.rule for i in validate_custom_roles([{"role": "audio.bpm"}, {"role": "x"}])] == [
        "IR-ROLE"
    ]
    assert resolve_ui_tree({"type": "Text", "props": {"content": "{{n}}"}}, {"n": 3}) == {
        "type": "Text",
        "props": {"content": 3},
    }


def test_code_index_pure_helpers():
    from sdk import code_index as ci

    assert ci.indexable("src/app.py") == "code" and ci.indexable("pyproject.toml") == "config"
    for skipped in ("node_modules/a.js", ".env", "x/.ssh/a.py", "key.pem", "README.md"):
        assert ci.indexable(skipped) is None
    assert ci.normalise_text(b"\xef\xbb\xbfa\r\nb") == "a\nb"
    assert ci.normalise_text(b"a\x00b") is None and ci.normalise_text(b"\xe9") is None
    assert ci.route_key("get", "/users/{id}/") == "GET /users/{}"
    assert ci.route_key("post", "a/:id") == "POST a/{}"
    assert ci.canonical_path("/r/a/../b.py", "/r") == "b.py"
    assert ci.canonical_path("C:\\R\\a.py", "c:\\r", windows=True) == "a.py"
    assert ci.clean_remote("https://user:pw@host/o/r.git?t=1") == "https://host/o/r.git"
    assert ci.clean_remote("git@host:o/r.git") == "git@host:o/r.git"
    rules = ci.gitignore_rules("node_modules/\n*.log\n!keep.log\n/build\n", "")
    assert ci.gitignored(rules, "x/node_modules", True) and ci.gitignored(rules, "a/b.log", False)
    assert ci.gitignored(rules, "build", True) and not ci.gitignored(rules, "src/build", True)
    assert ci.sftp_os("C:\\x") == "windows" and ci.sftp_os("/home") == "posix"
    assert ci.blob_hash("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
    facts = ci.BlobFacts("python", 3, defs=[ci.Def("f", "f", "function", 1, 2)])
    assert ci.BlobFacts.from_dict(facts.to_dict()) == facts


def test_devtools_flags():
    from sdk.devtools.reference._flags import flags_for

    assert flags_for("ctx.store.get") == {"action_vocab_safe": True, "declarative_capable": True}
    assert flags_for("ui.Button") == {"action_vocab_safe": False, "declarative_capable": False}
