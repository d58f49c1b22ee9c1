"""The top line: which LLM mode is active, who is signed in, what is running right now, and
whether the kernel is reachable."""

from __future__ import annotations

from textual.content import Content
from textual.widgets import Static


def llm_label(mode: str) -> str:
    """ "offline (why)" -> "LLM: offline router"; "openai gemma at http://..." -> "LLM: openai
    gemma" (the URL is in `imperal-shell provider`)."""
    if mode.startswith("offline"):
        return "LLM: offline router"
    return "LLM: " + mode.split(" at ", 1)[0]


class StatusBanner(Static):
    DEFAULT_CSS = """
    StatusBanner {
        height: 1;
        padding: 0 1;
        background: $panel;
        color: $text;
        text-wrap: nowrap;
        text-overflow: ellipsis;
    }
    """

    def __init__(self, user: str, **kwargs) -> None:
        super().__init__(**kwargs)
        self.user = user
        self.mode = "starting…"
        self.extensions = 0
        self.activity = ""
        self.tasks = 0
        self.lost = False
        self.notice = ""  # the model failed on the last request (cleared when it answers)
        self.override = ""  # /provider for this window

    def on_mount(self) -> None:
        self._redraw()

    def set_kernel(self, llm_mode: str, extensions: int) -> None:
        self.mode = llm_label(llm_mode)
        self.extensions = extensions
        self.lost = False
        self._redraw()

    def set_lost(self) -> None:
        """The connection to the kernel dropped; the next message reconnects."""
        self.mode = "kernel connection lost · Enter reconnects"
        self.lost = True
        self.activity = ""
        self._redraw()

    def set_tasks(self, count: int) -> None:
        """How many calls of ours went on as tasks and have not reported yet."""
        self.tasks = count
        self._redraw()

    def set_failed(self, reason: str) -> None:
        self.mode = f"kernel not running: {reason}"
        self._redraw()

    def set_notice(self, text: str) -> None:
        self.notice = text
        self._redraw()

    def set_override(self, text: str) -> None:
        self.override = text
        self.notice = ""
        self._redraw()

    def set_activity(self, text: str) -> None:
        self.activity = text
        self._redraw()

    def _redraw(self) -> None:
        parts: list[str | tuple[str, str]] = [
            ("imperal-shell", "bold $text-accent"),
            "  ",
            (
                f"LLM: {self.override} (this window)" if self.override else self.mode,
                "bold $text-error" if self.lost else "bold",
            ),
            ("  user ", "$text-muted"),
            self.user,
        ]
        if self.extensions:
            parts += [("  apps ", "$text-muted"), str(self.extensions)]
        if self.tasks:
            parts += [("  tasks ", "$text-muted"), str(self.tasks)]
        if self.notice:
            parts += ["  ", ("⚠ model unavailable, offline", "$text-error")]
        if self.activity:
            parts += ["  ", (self.activity, "$text-warning")]
        self.update(Content.assemble(*parts))
