"""The package root and the submodules real extensions import, under the `imperal_sdk` name."""

import importlib

import pytest

from sdk import alias

SUBMODULES = [
    "imperal_sdk.ui",
    "imperal_sdk.ui.base",
    "imperal_sdk.chat",
    "imperal_sdk.chat.action_result",
    "imperal_sdk.chat.guards",
    "imperal_sdk.chat.error_codes",
    "imperal_sdk.chat.exceptions",
    "imperal_sdk.types",
    "imperal_sdk.types.models",
    "imperal_sdk.types.identity",
    "imperal_sdk.types.contributions",
    "imperal_sdk.testing",
    "imperal_sdk.testing.mock_secrets",
    "imperal_sdk.manifest",
    "imperal_sdk.manifest_schema",
    "imperal_sdk.validator",
    "imperal_sdk.validator_v1_6_0",
    "imperal_sdk.secrets",
    "imperal_sdk.cache",
    "imperal_sdk.store",
    "imperal_sdk.errors",
    "imperal_sdk.sdl",
    "imperal_sdk.extensions.client",
    "imperal_sdk.context",
]
EXTRA_ROOT = [
    "SecretSpec",
    "SecretClient",
    "SecretStatus",
    "SecretNotDeclaredError",
    "SecretWriteForbidden",
    "SecretVaultUnavailable",
    "SecretValueTooLarge",
    "SecretDeclarationConflict",
    "sdl",
    "TaskCancelled",
]


@pytest.fixture(autouse=True)
def _alias():
    alias.install()


def test_every_documented_root_name_resolves():
    import imperal_sdk

    assert imperal_sdk.__version__ == "5.11.0"
    missing = [n for n in imperal_sdk.__all__ if getattr(imperal_sdk, n, None) is None]
    assert missing == []
    for name in EXTRA_ROOT:
        assert getattr(imperal_sdk, name) is not None
    with pytest.raises(AttributeError):
        imperal_sdk.NoSuchName  # noqa: B018


@pytest.mark.parametrize("name", SUBMODULES)
def test_submodule_imports(name):
    assert importlib.import_module(name) is importlib.import_module(
        "sdk" + name[len("imperal_sdk") :]
    )


def test_root_auth_error_is_not_the_errors_one():
    import imperal_sdk
    from imperal_sdk import errors

    assert imperal_sdk.AuthError is not errors.AuthError
    assert issubclass(errors.AuthError, errors.ImperalError)
    assert not issubclass(imperal_sdk.AuthError, errors.ImperalError)


def test_contribution_panel_checks_slot():
    from imperal_sdk.types.contributions import Panel, Setting

    assert Panel("p", "P", slot="left").min_width == 200
    with pytest.raises(ValueError, match="slot"):
        Panel("p", "P", slot="main")
    assert Setting("s", "string", "S").required is False


def _ext_with_exposed():
    from imperal_sdk import Extension

    target = Extension("target", version="1.0.0")

    @target.expose("ping", action_type="write")
    async def ping(ctx, value=0):
        return {"pong": value, "caller_stack": ctx}

    return target


async def test_extensions_client_guards():
    from imperal_sdk import CircularCallError, ExtensionError, ExtensionsClient, NotFoundError
    from imperal_sdk.errors import AuthError

    target = _ext_with_exposed()
    apps = {"target": target}

    def client(scopes, stack=("caller",)):
        return ExtensionsClient(
            apps.get, lambda app, st: st, {"scopes": scopes}, "caller", list(stack)
        )

    out = await client(["target:write"]).call("target", "ping", value=3)
    assert out == {"pong": 3, "caller_stack": ["caller", "target"]}
    with pytest.raises(AuthError):
        await client(["target:read"]).call("target", "ping")
    with pytest.raises(NotFoundError):
        await client(["*"]).call("target", "nope")
    with pytest.raises(CircularCallError, match="caller -> target -> target"):
        await client(["*"], ("caller", "target")).call("target", "ping")
    with pytest.raises(ExtensionError, match="depth"):
        await client(["*"], [f"a{i}" for i in range(8)]).call("target", "ping")


async def test_llm_provider_registry_and_message_adapter():
    from imperal_sdk import LLMConfig, LLMProvider, MessageAdapter, get_llm_provider

    from sdk import llm
    from sdk.runtime import llm_provider
    from sdk.types import CompletionResult

    assert LLMProvider is llm_provider.LLMProvider
    provider = get_llm_provider()
    assert provider is get_llm_provider()  # one per process, as in 5.11
    with pytest.raises(LookupError, match="no LLM provider"):
        await provider.create_message([{"role": "user", "content": "hi"}])

    class Echo:
        async def complete(self, prompt, model="", **kw):
            return CompletionResult(text=prompt.upper(), model=model or "echo")

    llm.register_llm_provider(lambda cfg: Echo())
    try:
        reply = await provider.create_message(
            [{"role": "user", "content": "hi"}], cfg=LLMConfig(provider="local", model="m")
        )
        assert reply.content[0].text == "HI"
    finally:
        llm._factory = None
    system, msgs = MessageAdapter.to_anthropic(
        [{"role": "system", "content": "S"}, {"role": "user", "content": "U"}]
    )
    assert system == "S" and msgs == [{"role": "user", "content": [{"type": "text", "text": "U"}]}]
    assert MessageAdapter.to_openai(system, msgs) == [
        {"role": "system", "content": "S"},
        {"role": "user", "content": "U"},
    ]
