"""The redactor: known values and labelled credentials masked in text, data, events and logs."""

from __future__ import annotations

import io
import json
import logging
from dataclasses import dataclass, field

import pytest

from kernel import events as ev
from kernel.redact import MASK, LogFilter, RedactingStream, Redactor

SECRET = 'tok"en\\é-123456'


@pytest.fixture
def r():
    red = Redactor()
    red.add(SECRET)
    return red


def test_known_value_masked_in_plain_and_json_escaped_forms(r):
    assert r.text(f"x {SECRET} y") == f"x {MASK} y"
    as_json = json.dumps({"v": SECRET})
    assert SECRET not in r.text(as_json) and MASK in r.text(as_json)
    assert MASK in r.text(json.dumps({"v": SECRET}, ensure_ascii=False))


def test_short_and_non_string_values_are_not_tracked():
    red = Redactor()
    red.add("abc")
    red.add(None)
    red.add(123456)
    assert len(red) == 0
    assert red.text("abc abc") == "abc abc"


def test_labelled_credentials_are_masked_whatever_their_value():
    red = Redactor()
    assert red.text("login failed: password=hunter2") == f"login failed: password={MASK}"
    assert red.text('{"api_key": "k-1"}') == f'{{"api_key": "{MASK}"}}'
    assert red.text("Authorization: Bearer abcdefgh12345") == f"Authorization: Bearer {MASK}"
    assert red.text("max_tokens: 8, tokens: 9") == "max_tokens: 8, tokens: 9"


def test_data_masks_credential_keys_and_nested_strings(r):
    data = {"password": "x", "token_count": 3, "list": [f"a {SECRET}"], "n": None}
    assert r.data(data) == {"password": MASK, "token_count": 3, "list": [f"a {MASK}"], "n": None}


def test_json_text_keeps_untouched_documents_byte_for_byte(r):
    text = '{"b": 1, "a": "plain"}'
    assert r.json_text(text) == text
    assert SECRET not in r.json_text(json.dumps({"v": SECRET}))
    assert r.json_text("not json password=x") == f"not json password={MASK}"


def test_events_are_rebuilt_only_when_something_changed(r):
    clean = ev.TextDelta("hello")
    assert r.event(clean) is clean
    dirty = ev.Error("action_failed", f"failed: {SECRET}", {"detail": SECRET})
    out = r.event(dirty)
    assert SECRET not in repr(out) and out.code == "action_failed"


@dataclass
class Outer:
    inner: ev.TextDelta
    items: list = field(default_factory=list)


def test_nested_dataclasses_are_redacted(r):
    out = r.event(Outer(ev.TextDelta(SECRET), [ev.TextDelta(SECRET)]))
    assert SECRET not in repr(out)


def test_log_filter_masks_message_args_and_traceback(r, monkeypatch):
    import kernel.redact as mod

    monkeypatch.setattr(mod, "REDACTOR", r)
    buf = io.StringIO()
    handler = logging.StreamHandler(buf)
    handler.addFilter(LogFilter())
    log = logging.getLogger("test.redact")
    log.addHandler(handler)
    try:
        log.warning("value %s", SECRET)
        try:
            raise RuntimeError(f"boom {SECRET}")
        except RuntimeError:
            log.exception("failed")
    finally:
        log.removeHandler(handler)
    text = buf.getvalue()
    assert SECRET not in text and text.count(MASK) >= 2 and "RuntimeError" in text


def test_redacting_stream_masks_writes(r, monkeypatch):
    import kernel.redact as mod

    monkeypatch.setattr(mod, "REDACTOR", r)
    buf = io.StringIO()
    stream = RedactingStream(buf)
    print("the value", SECRET, file=stream)
    assert buf.getvalue() == f"the value {MASK}\n"
