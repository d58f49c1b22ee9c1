"""Editing inputs: RichEditor (an editable text area) and FileUpload (a path prompt).

RichEditor edits its `content` as it came (HTML stays HTML source: no lossy round trip). It is a
`fields.Field` under `param_name` (default "content"), so a Form sends what it holds. ctrl+s
fires `on_save`, and each edit fires `on_change` once typing pauses for `change_delay` seconds
(0.5, the web kit's debounce), both with `{param_name: text}`.

FileUpload asks for a file path (several, comma-separated, when `multiple`). Enter checks each:
it must exist, be a readable regular file, not have a blocked extension (`blocked_extensions`,
with or without the dot), match `accept` (extensions or mime types, `*` for any), and keep within
`max_size_mb`, `max_total_mb` and `max_files`; a problem is shown under the prompt and nothing
fires. Accepted, `value` is the path(s) and `on_upload` fires once with
`{param_name: [{client_id, name, path, size, mime_type, data_base64}]}`: the web kit's file
entries plus the local path. Like the kit's, it is not a Form value.
"""

from __future__ import annotations

import base64
import mimetypes
import os
from pathlib import Path
from typing import Any

from textual.binding import Binding
from textual.containers import Vertical
from textual.timer import Timer
from textual.widget import Widget
from textual.widgets import Input, Static, TextArea

from imperal_tui.renderer.actions import is_action
from imperal_tui.renderer.context import RenderContext
from imperal_tui.renderer.fields import Field, fire, labeled
from imperal_tui.renderer.props import flag, text
from imperal_tui.renderer.registry import builder

CHANGE_DELAY_S = 0.5
MB = 1024 * 1024


class RichEditorField(Field, TextArea):
    DEFAULT_CSS = "RichEditorField { width: 1fr; height: 8; }"
    BINDINGS = [Binding("ctrl+s", "save", "Save", show=False)]

    def __init__(
        self, props: dict[str, Any], ctx: RenderContext, change_delay: float = CHANGE_DELAY_S
    ) -> None:
        super().__init__(
            text(props.get("content")),
            read_only=flag(props.get("readonly")),
            disabled=flag(props.get("disabled")),
            compact=True,
            soft_wrap=True,
            placeholder=text(props.get("placeholder"), "Start writing..."),
        )
        self.take_props(props, "content")
        self.on_save_action = props.get("on_save")
        self.on_change_action = props.get("on_change")
        self.ctx = ctx
        self.change_delay = change_delay
        self.pending: Timer | None = None
        self.loaded = text(props.get("content"))

    def form_value(self) -> Any:
        return self.text

    def set_form_value(self, value: Any) -> None:
        self.loaded = text(value)
        self.load_text(self.loaded)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "save":  # without its own on_save, ctrl+s is the Form's
            return is_action(self.on_save_action)
        return super().check_action(action, parameters)

    def action_save(self) -> None:
        fire(self, self.ctx, self.on_save_action, {self.param_name: self.text})

    def on_text_area_changed(self, event: TextArea.Changed) -> None:
        event.stop()
        if not is_action(self.on_change_action) or self.text == self.loaded:
            return
        if self.pending is not None:
            self.pending.stop()
        if self.change_delay <= 0:
            self.call_later(self.changed)
        else:
            self.pending = self.set_timer(self.change_delay, self.changed)

    def changed(self) -> None:
        self.pending = None
        fire(self, self.ctx, self.on_change_action, {self.param_name: self.text})


@builder("RichEditor")
def rich_editor(props: dict[str, Any], ctx: RenderContext) -> Widget:
    field = RichEditorField(props, ctx)
    if is_action(props.get("on_save")):
        field.border_subtitle = "ctrl+s save"
    return labeled(field, props)


def number(value: Any, default: float | None) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float) or value <= 0:
        return default
    return float(value)


def listed(value: Any) -> list[str]:
    if isinstance(value, str):
        return [v.strip() for v in value.split(",") if v.strip()]
    if isinstance(value, list | tuple):
        return [text(v).strip() for v in value if text(v).strip()]
    return []


class UploadLimits:
    """FileUpload's props as checks on local files."""

    def __init__(self, props: dict[str, Any]) -> None:
        self.accept = [a.lower() for a in listed(props.get("accept"))] or ["*"]
        self.blocked = {b.lower().lstrip(".") for b in listed(props.get("blocked_extensions"))}
        self.max_size = number(props.get("max_size_mb"), 10.0)
        self.max_total = number(props.get("max_total_mb"), None)
        self.max_files = int(number(props.get("max_files"), 0) or 0) or None
        self.multiple = flag(props.get("multiple"))

    def accepts(self, path: Path, mime: str) -> bool:
        for pattern in self.accept:
            if pattern in ("*", "*/*"):
                return True
            if pattern.startswith(".") and path.name.lower().endswith(pattern):
                return True
            if "/" in pattern and (
                mime == pattern or (pattern.endswith("/*") and mime.startswith(pattern[:-1]))
            ):
                return True
        return False

    def problems(self, paths: list[Path]) -> list[str]:
        """Why these files cannot be sent; empty when they can."""
        if not paths:
            return ["Type a file path"]
        if len(paths) > 1 and not self.multiple:
            return ["One file only"]
        if self.max_files and len(paths) > self.max_files:
            return [f"At most {self.max_files} files"]
        found: list[str] = []
        total = 0
        for path in paths:
            if not path.exists():
                found.append(f"{path}: no such file")
            elif not path.is_file():
                found.append(f"{path}: not a file")
            elif not os.access(path, os.R_OK):
                found.append(f"{path}: not readable")
            elif path.suffix.lower().lstrip(".") in self.blocked:
                found.append(f"{path.name}: {path.suffix} files are not allowed")
            elif not self.accepts(path, mime_of(path)):
                found.append(f"{path.name}: not one of {', '.join(self.accept)}")
            else:
                size = path.stat().st_size
                total += size
                if self.max_size and size > self.max_size * MB:
                    found.append(f"{path.name}: larger than {self.max_size:g} MB")
        if not found and self.max_total and total > self.max_total * MB:
            found.append(f"Together larger than {self.max_total:g} MB")
        return found


def mime_of(path: Path) -> str:
    return mimetypes.guess_type(path.name)[0] or "application/octet-stream"


def file_entry(path: Path, index: int) -> dict[str, Any]:
    raw = path.read_bytes()
    return {
        "client_id": f"local-{index}",
        "name": path.name,
        "path": str(path),
        "size": len(raw),
        "mime_type": mime_of(path),
        "data_base64": base64.b64encode(raw).decode("ascii"),
    }


class UiFileUpload(Vertical):
    """A title, a path prompt, and a line for problems or what was sent."""

    DEFAULT_CSS = """
    UiFileUpload { height: auto; border: dashed $panel-lighten-2; padding: 0 1; }
    UiFileUpload:focus-within { border: dashed $accent; }
    UiFileUpload > .upload-hint { color: $text-muted; }
    UiFileUpload > .upload-note { color: $text-muted; }
    UiFileUpload > .upload-note.-problem { color: $text-error; }
    """

    def __init__(self, props: dict[str, Any], ctx: RenderContext) -> None:
        self.limits = UploadLimits(props)
        self.param_name = text(props.get("param_name"), "files")
        self.on_upload = props.get("on_upload")
        self.ctx = ctx
        self.value: list[str] = []
        self.prompt = Input(
            placeholder="path to a file" + (", another, …" if self.limits.multiple else ""),
            compact=True,
            disabled=flag(props.get("disabled")),
        )
        self.note = Static("", markup=False, classes="upload-note")
        limits = f"{', '.join(self.limits.accept)}, up to {self.limits.max_size:g} MB"
        parts: list[Widget] = [
            Static(f"⇪ {text(props.get('title')) or 'Upload files'} ({limits})", markup=False)
        ]
        if props.get("hint"):
            parts.append(Static(text(props.get("hint")), markup=False, classes="upload-hint"))
        super().__init__(*parts, self.prompt, self.note)

    def paths(self, typed: str) -> list[Path]:
        raw = [typed] if not self.limits.multiple else typed.split(",")
        return [Path(p.strip()).expanduser() for p in raw if p.strip()]

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        paths = self.paths(event.value)
        problems = self.limits.problems(paths)
        self.note.set_class(bool(problems), "-problem")
        if problems:
            self.note.update("✖ " + "\n✖ ".join(problems))
            return
        self.value = [str(p) for p in paths]
        entries = [file_entry(p, i) for i, p in enumerate(paths)]
        size = sum(e["size"] for e in entries)
        self.note.update(f"✔ {', '.join(e['name'] for e in entries)} ({size:,} bytes)")
        fire(self, self.ctx, self.on_upload, {self.param_name: entries})


@builder("FileUpload")
def file_upload(props: dict[str, Any], ctx: RenderContext) -> Widget:
    if props.get("on_upload") is not None and not is_action(props.get("on_upload")):
        raise TypeError("on_upload must be an action")
    return UiFileUpload(props, ctx)
