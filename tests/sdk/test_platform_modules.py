"""The platform modules import cheaply under `imperal_sdk`, and every hosted-only name raises
the one clear error that names it."""

from __future__ import annotations

import asyncio
import importlib
import json
import subprocess
import sys

import pytest

from sdk.errors import NotAvailableInShell

MODULES = [
    "adversarial_oracle",
    "auto_ui",
    "bom_extractor",
    "cli",
    "cli.linter",
    "cli.main",
    "code_index",
    "core",
    "cross_surface_bus",
    "devtools",
    "devtools.contract_checks",
    "devtools.generate_api_surface",
    "devtools.generate_reference",
    "devtools.generate_sdk_claims",
    "devtools.reference",
    "devtools.reference._flags",
    "devtools.reference._introspect",
    "devtools.reference.client_methods",
    "devtools.reference.dataclasses_kind",
    "devtools.reference.decorators",
    "devtools.reference.sdl_funcs",
    "devtools.reference.sdl_roles",
    "devtools.reference.ui_components",
    "devtools.validate_identity_contract",
    "dwell_guard",
    "gnc_guard",
    "ir",
    "ir._impl",
    "ir.actions",
    "ir.custom_roles",
    "ir.migrate",
    "ir.produce",
    "ir.schema",
    "ir.skeleton",
    "ir.ui",
    "ir.ui_children",
    "ir.ui_template",
    "ir.validator",
    "manifest_schema_ui",
    "pipes",
    "prompts",
    "rpc",
    "rpc.codec",
    "rpc.contract",
    "runtime",
    "runtime._platform",
    "runtime.canon",
    "runtime.engine",
    "runtime.executor",
    "runtime.hosted_client",
    "runtime.interpreter",
    "runtime.llm_provider",
    "runtime.local_engine",
    "runtime.message_adapter",
    "runtime.template",
    "runtime.verbs",
    "security",
    "security.call_token",
    "security.deactivation_guard",
    "transport",
    "vault_ram_client",
]


def test_every_module_imports_as_imperal_sdk_without_heavy_dependencies():
    script = (
        "import importlib, json, sys\n"
        "import sdk.alias\n"
        "sdk.alias.install()\n"
        f"for name in {MODULES!r}:\n"
        "    importlib.import_module('imperal_sdk.' + name)\n"
        "print(json.dumps(sorted(m for m in ('httpx', 'textual', 'rich') if m in sys.modules)))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=60, check=True
    )
    assert json.loads(out.stdout.strip().splitlines()[-1]) == []


def _call(module: str, path: str, *args, **kwargs):
    target = importlib.import_module(f"sdk.{module}")
    for part in path.split("."):
        target = getattr(target, part)
    return target(*args, **kwargs)


def _obj(module: str, cls: str, *args):
    return getattr(importlib.import_module(f"sdk.{module}"), cls)(*args)


# (shown name, thunk). Each thunk calls one platform-only name with plausible arguments.
PLATFORM_ONLY = [
    ("TenantVaultRAM.get_snapshot", lambda: _obj("vault_ram_client", "TenantVaultRAM").get_snapshot()),
    ("TenantVaultRAM.get_micro_slice", lambda: _obj("vault_ram_client", "TenantVaultRAM").get_micro_slice("e")),
    ("TenantVaultRAM.ingest_bom", lambda: _obj("vault_ram_client", "TenantVaultRAM").ingest_bom([])),
    ("TenantVaultRAM.update_maturity", lambda: _obj("vault_ram_client", "TenantVaultRAM").update_maturity("e", 0.5)),
    ("TenantVaultRAM.commit_proof_of_done", lambda: _obj("vault_ram_client", "TenantVaultRAM").commit_proof_of_done("e", "t", {})),
    ("TenantVaultRAM.defer_blocker", lambda: _obj("vault_ram_client", "TenantVaultRAM").defer_blocker("t", "d")),
    ("AdversarialOracle.audit_project", lambda: _obj("adversarial_oracle", "AdversarialOracle", None).audit_project(".")),
    ("BOMExtractor.extract_from_directory", lambda: _obj("bom_extractor", "BOMExtractor").extract_from_directory(".")),
    ("load_prompt('x')", lambda: _call("prompts", "load_prompt", "x")),
    ("ir.produce.generate_ir", lambda: _call("ir.produce", "generate_ir", None)),
    ("FastEmbedBackend.embed", lambda: _obj("code_index", "FastEmbedBackend", "m").embed([])),
    ("Model2VecBackend.embed_query", lambda: _obj("code_index", "Model2VecBackend", "m").embed_query("q")),
    ("code_index.apply_batches", lambda: _call("code_index", "apply_batches", [], [], [])),
    ("code_index.build_index", lambda: _call("code_index", "build_index", ".", [])),
    ("code_index.chunk_blob", lambda: _call("code_index", "chunk_blob", None, "")),
    ("code_index.chunk_file", lambda: _call("code_index", "chunk_file", ".", None)),
    ("code_index.chunk_index", lambda: _call("code_index", "chunk_index", ".", None)),
    ("code_index.chunk_text", lambda: _call("code_index", "chunk_text", "p", "", [])),
    ("code_index.chunks_for", lambda: _call("code_index", "chunks_for", "b", None, "")),
    ("code_index.embed", lambda: _call("code_index", "embed", [])),
    ("code_index.embed_query", lambda: _call("code_index", "embed_query", "q")),
    ("code_index.extract_contracts", lambda: _call("code_index", "extract_contracts", "p", "", "python")),
    ("code_index.git_identity", lambda: _call("code_index", "git_identity", {})),
    ("code_index.language", lambda: _call("code_index", "language", "python")),
    ("code_index.load_backend", lambda: _call("code_index", "load_backend")),
    ("code_index.match_contracts", lambda: _call("code_index", "match_contracts", [])),
    ("code_index.parse_file", lambda: _call("code_index", "parse_file", "a.py", "")),
    ("code_index.scope_facts", lambda: _call("code_index", "scope_facts", "a.py", "")),
    ("code_index.string_keys", lambda: _call("code_index", "string_keys", "python", None, "", [])),
    ("code_index.sftp_list_tree", lambda: _call("code_index", "sftp_list_tree", None, "/")),
    ("code_index.sftp_read_many", lambda: _call("code_index", "sftp_read_many", None, "/", [])),
    ("code_index.sftp_read_meta", lambda: _call("code_index", "sftp_read_meta", None, "/")),
    ("code_index.sftp_repo_root", lambda: _call("code_index", "sftp_repo_root", None, "/")),
    ("code_index.sync_source", lambda: _call("code_index", "sync_source", None, None, {}, [], None)),
    ("devtools.contract_checks.check_constant_depth", lambda: _call("devtools.contract_checks", "check_constant_depth", {}, {})),
    ("devtools.contract_checks.check_decorator_roles", lambda: _call("devtools.contract_checks", "check_decorator_roles", {}, {})),
    ("devtools.contract_checks.check_wire_payload", lambda: _call("devtools.contract_checks", "check_wire_payload", "/r", set(), {})),
    ("devtools.generate_api_surface.generate_surface", lambda: _call("devtools", "generate_surface")),
    ("devtools.generate_api_surface.main", lambda: _call("devtools.generate_api_surface", "main")),
    ("devtools.generate_reference.generate_reference", lambda: _call("devtools.generate_reference", "generate_reference")),
    ("devtools.generate_sdk_claims.generate_claims", lambda: _call("devtools.generate_sdk_claims", "generate_claims")),
    ("devtools.reference._introspect.type_graph", lambda: _call("devtools.reference._introspect", "type_graph", int)),
    ("devtools.reference.ui_components.collect", lambda: _call("devtools.reference.ui_components", "collect")),
    ("devtools.validate_identity_contract.validate_user_against_db", lambda: _call("devtools", "validate_user_against_db", "u.py")),
    ("devtools.validate_identity_contract.validate_subset_invariants", lambda: _call("devtools", "validate_subset_invariants")),
    ("DeactivationGuard.is_user_active with Redis/Temporal clients", lambda: _obj("security.deactivation_guard", "DeactivationGuard", object()).is_user_active("u")),
]  # fmt: skip


@pytest.mark.parametrize(("name", "thunk"), PLATFORM_ONLY, ids=[n for n, _ in PLATFORM_ONLY])
def test_platform_only_names_raise_the_clear_error(name, thunk):
    with pytest.raises(NotAvailableInShell) as info:
        result = thunk()
        if asyncio.iscoroutine(result):
            asyncio.run(result)
    message = str(info.value)
    assert message.startswith(f"{name} is not available in imperal-shell: ")
    assert len(message) > len(name) + 40  # a real reason follows
    assert isinstance(info.value, NotImplementedError)


def test_bad_input_is_refused_before_the_platform_error(tmp_path):
    from sdk.bom_extractor import BOMExtractor

    with pytest.raises(FileNotFoundError, match="no such directory"):
        BOMExtractor().extract_from_directory(str(tmp_path / "missing"))
