"""`imperal_sdk.errors`, `.auth`, `.chat.error_codes` and `.chat.guards`."""

import json
from types import SimpleNamespace

import pytest

from sdk import alias, auth, errors
from sdk.chat import error_codes, guards
from sdk.context import SkeletonAccessForbidden


def test_hierarchy():
    assert issubclass(errors.ImperalError, Exception)
    for cls in (
        errors.APIError,
        errors.AuthError,
        errors.ValidationError,
        errors.ExtensionError,
        errors.QuotaExceededError,
    ):
        assert issubclass(cls, errors.ImperalError)
    assert issubclass(errors.NotFoundError, errors.APIError)
    assert issubclass(errors.RateLimitError, errors.APIError)
    assert issubclass(errors.CircularCallError, errors.ExtensionError)
    assert issubclass(errors.SkeletonAccessForbidden, PermissionError)
    assert not issubclass(errors.SkeletonAccessForbidden, errors.ImperalError)
    assert errors.SkeletonAccessForbidden is SkeletonAccessForbidden


def test_messages_codes_and_attributes():
    e = errors.ImperalError("boom")
    assert (e.message, e.code, str(e)) == ("boom", "unknown", "boom")
    e = errors.APIError("bad", 502)
    assert (e.status_code, e.code) == (502, "api_error")
    e = errors.NotFoundError("note", "n1")
    assert (e.message, e.status_code, e.code, e.resource, e.id) == (
        "note 'n1' not found",
        404,
        "not_found",
        "note",
        "n1",
    )
    e = errors.RateLimitError()
    assert (e.message, e.status_code, e.code, e.retry_after) == (
        "Rate limited. Retry after 60s",
        429,
        "rate_limited",
        60,
    )
    assert errors.RateLimitError(5).message == "Rate limited. Retry after 5s"
    e = errors.AuthError()
    assert (e.message, e.code) == ("Unauthorized", "auth_error")
    e = errors.ValidationError("title", "too long")
    assert (e.message, e.code, e.field) == (
        "Validation error on 'title': too long",
        "validation_error",
        "title",
    )
    e = errors.ExtensionError("mail", "down")
    assert (e.message, e.code, e.app_id) == ("Extension 'mail': down", "extension_error", "mail")
    e = errors.CircularCallError(["a", "b", "a"])
    assert e.message == "Circular call detected: a -> b -> a"
    assert e.call_stack == ["a", "b", "a"]
    e = errors.QuotaExceededError("tokens", 100)
    assert (e.message, e.code) == ("Quota exceeded for tokens (limit: 100)", "quota_exceeded")


def test_root_auth_error_is_a_different_plain_exception():
    assert auth.AuthError is not errors.AuthError
    assert auth.AuthError.__bases__ == (Exception,)
    assert not issubclass(auth.AuthError, errors.ImperalError)


def test_imperal_auth_fails_closed_without_a_verifier():
    a = auth.ImperalAuth("https://gw.example/")
    assert a.jwks_url == "https://gw.example/v1/auth/.well-known/jwks.json"
    with pytest.raises(auth.AuthError, match="not available in imperal-shell"):
        a.verify("token")
    with pytest.raises(auth.AuthError):
        a.verify("")


def test_imperal_auth_with_verifier(monkeypatch):
    a = auth.ImperalAuth()
    assert a.gateway_url == "https://auth.imperal.io"
    a.verifier = lambda t: {"sub": "u1", "email": "e", "scopes": ["*"]}
    user = a.verify("tok")
    assert (user.imperal_id, user.email, user.scopes) == ("u1", "e", ["*"])

    def bad(token):
        raise ValueError("signature")

    monkeypatch.setattr(auth.ImperalAuth, "verifier", bad)  # a class-wide verifier is not bound
    with pytest.raises(auth.AuthError, match="invalid token: ValueError"):
        auth.ImperalAuth().verify("tok")


def test_not_available_in_shell_names_the_feature_and_the_reason():
    e = errors.NotAvailableInShell("ctx.billing", "no billing here")
    assert str(e) == "ctx.billing is not available in imperal-shell: no billing here"
    assert (e.code, e.feature, e.reason) == (
        "not_available_in_shell",
        "ctx.billing",
        "no billing here",
    )
    assert isinstance(e, errors.ImperalError) and isinstance(e, NotImplementedError)


# -- error taxonomy -------------------------------------------------------------------------------

CODES = [
    "VALIDATION_MISSING_FIELD",
    "VALIDATION_TYPE_ERROR",
    "FABRICATED_ID_SHAPE",
    "UNKNOWN_TOOL",
    "UNKNOWN_SUB_FUNCTION",
    "PERMISSION_DENIED",
    "BACKEND_TIMEOUT",
    "BACKEND_5XX",
    "RATE_LIMITED",
    "INTERNAL",
    "EXT_UNSTRUCTURED_ERROR",
]


def test_every_code_is_a_constant_equal_to_its_name_and_in_the_taxonomy():
    for code in CODES:
        assert getattr(error_codes, code) == code
        assert code in error_codes.__all__
        entry = error_codes.ERROR_TAXONOMY[code]
        assert set(entry) == {"user_hint_i18n_key", "default_en", "default_ru"}
        assert entry["default_en"] and entry["default_ru"]
        assert "retryable" not in entry
    assert set(error_codes.ERROR_TAXONOMY) == set(CODES)
    assert "ERROR_TAXONOMY" in error_codes.__all__


def test_documented_keys_and_english_defaults():
    t = error_codes.ERROR_TAXONOMY
    assert t["VALIDATION_MISSING_FIELD"]["user_hint_i18n_key"] == "errors.validation.missing_field"
    assert t["VALIDATION_MISSING_FIELD"]["default_en"] == "A required field is missing: {fields}"
    assert t["UNKNOWN_TOOL"]["default_en"] == "Tool not available: {app_tool}"
    assert t["BACKEND_5XX"]["user_hint_i18n_key"] == "errors.backend.5xx"
    assert t["RATE_LIMITED"]["user_hint_i18n_key"] == "errors.rate_limited"
    assert t["INTERNAL"]["default_en"] == "An internal error occurred"
    assert t["PERMISSION_DENIED"]["default_en"] == "Permission denied for this action"


def test_code_shape_and_hints():
    assert error_codes.is_valid_code("INTERNAL")
    assert error_codes.is_valid_code("NOTE_NOT_FOUND")
    assert not error_codes.is_valid_code("no")
    assert not error_codes.is_valid_code("AB")
    assert error_codes.user_hint("UNKNOWN_TOOL", app_tool="x.y") == "Tool not available: x.y"
    assert error_codes.user_hint("UNKNOWN_TOOL", "ru", app_tool="x").endswith("x")
    assert error_codes.user_hint("UNKNOWN_TOOL") == "Tool not available: {app_tool}"


# -- guards ---------------------------------------------------------------------------------------


def tu(name="send", **params):
    return SimpleNamespace(name=name, input=params, id="tu_1")


def test_placeholder_whole_values_only():
    assert guards.check_placeholder_args(tu(to="<EMAIL>"), "write") is not None
    assert guards.check_placeholder_args(tu(to="  <USER_ID_2>  "), "read") is not None
    for fine in ("<html>", "<unknown>", "write to <EMAIL> please", "<>", "<1ABC>", "EMAIL"):
        assert guards.check_placeholder_args(tu(to=fine), "write") is None, fine
    assert guards.check_placeholder_args(tu(n=5, flag=True, x=None), "write") is None
    assert guards.check_placeholder_args(tu(), "write") is None
    assert guards.check_placeholder_args(SimpleNamespace(name="x", input=None), "read") is None


def test_placeholder_reason_text_and_paths():
    reason = guards.check_placeholder_args(
        tu("mail_send", to="<EMAIL>", meta={"cc": ["ok", "<CC>"], "deep": {"x": "<X>"}}),
        "write",
    )
    assert reason.startswith(
        "PLACEHOLDER_ARGS rejected: tool call 'mail_send' contains placeholder value(s) in: "
    )
    assert "`to`, `meta.cc[1]`, `meta.deep.x`" in reason
    assert "clarifying question" in reason and "real data" in reason


def test_placeholder_lists_at_most_five_paths():
    reason = guards.check_placeholder_args(tu(**{f"f{i}": "<P>" for i in range(8)}), "read")
    assert reason.count("`f") == 5


def test_placeholder_scanner_never_raises():
    class Boom:
        @property
        def input(self):
            raise RuntimeError("x")

    assert guards.check_placeholder_args(Boom(), "write") is None
    assert guards.check_placeholder_args({"name": "n", "input": {"a": "<A>"}}, "read")


def test_fabricated_id_shape():
    hit = guards.check_id_shape_fabrication({"message_id": "ivalik-gmail-4", "x": 1})
    assert hit["error_code"] == "FABRICATED_ID_SHAPE"
    assert (hit["field"], hit["value"]) == ("message_id", "ivalik-gmail-4")
    assert "inbox()" in hit["hint"] and "search()" in hit["hint"] and "folder()" in hit["hint"]
    assert set(hit) == {"error_code", "field", "value", "hint"}
    for field in ("thread_id", "email_id", "msg_id"):
        assert guards.check_id_shape_fabrication({field: "a-b-1"})["field"] == field
    for fine in ("18c2f3a9b", "AAMk-abc-1", "a-b-c", "a_b-c-1", "ivalik-gmail-4x", "a-b-1\n", 7):
        assert guards.check_id_shape_fabrication({"message_id": fine}) is None, fine
    assert guards.check_id_shape_fabrication({"other_id": "a-b-1"}) is None
    assert guards.check_id_shape_fabrication(None) is None
    json.dumps(hit)


def test_modules_resolve_through_imperal_sdk():
    alias.install()
    import imperal_sdk.chat.error_codes as ec
    import imperal_sdk.chat.guards as g
    import imperal_sdk.errors as e

    assert ec is error_codes and g is guards and e is errors
