"""`imperal-shell web` driven in a real headless Chromium: the served TUI shows its first screen,
takes a typed request and shows the reply; without a valid token the browser gets a 401 and
no TUI starts.

Needs the system `chromium` (Debian package; .ci/run installs it when it can) and the Python
`playwright` package, used only as a driver with `executable_path` (browsers are never
downloaded). Where either is missing, the tests skip saying so.

The terminal's text is read from its websocket stream (tests/web/browser.py); the screenshot
is checked for not being blank and saved in the test's tmp dir for a look.
"""

from __future__ import annotations

import time

import pytest

from kernel import tokens
from tests.web import pixels
from tests.web.browser import Served, Terminal, chromium, home_env, unavailable

pytestmark = [
    pytest.mark.skipif(unavailable() is not None, reason=str(unavailable())),
    pytest.mark.timeout(300),
]


@pytest.fixture
def served(tmp_path, monkeypatch):
    home = tmp_path / "home"
    home.mkdir(mode=0o700)
    env = home_env(home)
    for name, value in env.items():
        if name.startswith("IMPERAL_SHELL_"):
            monkeypatch.setenv(name, value)  # for the tokens made in this process
    server = Served(home, env)
    yield server
    server.stop()


@pytest.fixture
def browser(tmp_path):
    with chromium(tmp_path / "chromium-profile") as context:  # a fresh user-data-dir
        yield context


def test_the_tui_runs_in_chromium_as_the_tokens_user(served, browser, tmp_path):
    issued = served.token(user="alice")
    served.start()
    page = browser.new_page()
    terminal = Terminal(page)
    answered: list[str] = []  # the template's font request elsewhere is blocked by the CSP
    page.on("response", lambda response: answered.append(response.url))
    response = page.goto(f"{served.url}/?token={issued.token}")
    assert response is not None and response.status == 200
    assert page.url == f"{served.url}/"  # the token left the address bar for a cookie
    terminal.wait_for("imperal-shell", "user alice", "offline", "Type a request")
    page.locator(".xterm-helper-textarea").focus()
    page.keyboard.type("add a task buy milk")
    page.keyboard.press("Enter")
    terminal.wait_for("Added task", "buy milk", "1 open")
    page.wait_for_timeout(500)  # the last frame painted
    shot = page.screenshot(path=str(tmp_path / "web-tui.png"))
    assert pixels.luminance_variance(shot) > 50, "the screenshot is blank"
    assert len(served.sessions()) == 1
    assert issued.token not in (served.home / "web.log").read_text()  # redacted access log
    here = served.url.split("://", 1)[1]
    assert answered and all(url.split("://", 1)[1].startswith(here) for url in answered)


@pytest.mark.parametrize("case", ["none", "expired", "revoked", "forged"])
def test_without_a_valid_token_the_browser_gets_401_and_no_tui(served, browser, case):
    issued = served.token(now=time.time() - 7200 if case == "expired" else None)
    if case == "revoked":
        tokens.revoke(served.home / "kernel.db", issued.record.id)
    token = {
        "none": "",
        "forged": tokens.issue(served.home / "other.db", b"f" * 32, "alice", 600).token,
    }.get(case, issued.token)
    served.start()
    page = browser.new_page()
    terminal = Terminal(page)
    response = page.goto(f"{served.url}/?token={token}" if token else f"{served.url}/")
    assert response is not None and response.status == 401
    reason = page.locator("#reason").inner_text()
    expected = {
        "none": "no session token",
        "expired": "expired at",
        "revoked": "revoked at",
        "forged": "signature does not verify",
    }[case]
    assert expected in reason
    page.wait_for_timeout(1000)
    assert terminal.sockets == 0 and served.sessions() == []
    assert page.locator(".xterm-helper-textarea").count() == 0
