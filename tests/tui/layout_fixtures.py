"""Extensions for the layout tests, written into a test's home: side panels in the right
slot, a center panel, and panels that misbehave (raise, return garbage, return 50,000
nodes, take their time). `SLOW_PANEL_S` is a parameter so no test waits 30 s."""

from __future__ import annotations

from pathlib import Path

HEADER = """
from imperal_sdk import Extension, ui

ext = Extension({name!r}, version="1.0.0", display_name={display!r})
"""

RADAR = """
@ext.panel("radar", slot="right", title="Radar", icon="Radar")
async def radar(ctx, **kwargs):
    return ui.Stack([ui.Header("Radar", level=3), ui.Text("all quiet"), ui.Button(
        "Ping", on_click=ui.Call("__panel__radar"))])
"""

WEATHER = """
@ext.panel("weather", slot="right", title="Weather", icon="Cloud")
async def weather(ctx, **kwargs):
    return ui.Stack([ui.Header("Weather", level=3), ui.Text("sunny, 21 C")])


@ext.panel("forecast", slot="center", title="Forecast", icon="Cloud")
async def forecast(ctx, day: str = "", **kwargs):
    if not day:
        return ui.Stack([ui.Header("Forecast", level=3), ui.Button(
            "Tuesday", on_click=ui.Call("__panel__forecast", day="tuesday"))])
    return ui.Stack([ui.Header("Forecast", level=3), ui.Text(f"{day}: rain")])


@ext.panel("opener", slot="left", title="Opener", icon="Cloud")
async def opener(ctx, **kwargs):
    return ui.Button("Open forecast", on_click=ui.Call("__panel__forecast", day="monday"))
"""

BAD = """
@ext.panel("raises", slot="right", title="Raises")
async def raises(ctx, **kwargs):
    raise RuntimeError("the panel broke")


@ext.panel("garbage", slot="right", title="Garbage")
async def garbage(ctx, **kwargs):
    return {"not": "a node", "items": [1, 2, 3]}


@ext.panel("weird", slot="right", title="Weird")
async def weird(ctx, **kwargs):
    return {"type": "Stack", "props": {"children": "not a list"}}


@ext.panel("huge", slot="right", title="Huge")
async def huge(ctx, **kwargs):
    return ui.Stack([ui.Text(f"row {i}") for i in range(50_000)])
"""

SLOW = """
import asyncio

SLOW_PANEL_S = @DELAY@


@ext.panel("slowpoke", slot="right", title="Slowpoke")
async def slowpoke(ctx, **kwargs):
    await asyncio.sleep(SLOW_PANEL_S)
    return ui.Text("finally here")
"""


def write_extension(home: Path, name: str, body: str) -> Path:
    folder = home / "extensions" / name
    folder.mkdir(parents=True, exist_ok=True)
    source = HEADER.format(name=name, display=name.title()) + body
    (folder / "main.py").write_text(source)
    return folder


def side_extensions(home: Path) -> None:
    """Two extensions in the right slot (tabs), one of them with a center panel."""
    write_extension(home, "radar", RADAR)
    write_extension(home, "weather", WEATHER)


def bad_extensions(home: Path, slow_s: float = 30.0) -> None:
    """Panels that raise, return garbage or 50,000 nodes, and one that takes `slow_s`."""
    write_extension(home, "badpanels", BAD)
    write_extension(home, "slowpanel", SLOW.replace("@DELAY@", repr(float(slow_s))))
