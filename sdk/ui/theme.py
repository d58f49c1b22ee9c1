"""Agency theme: the colours, density and corner radius an agency chose for its panels.

`theme(ctx)` reads `ctx.agency_theme`, a dict shaped like::

    {"colors": {"primary": {"light": "#2563eb", "dark": "#60a5fa"}},
     "density": "compact", "radius": "rounded"}

Invalid entries fall back to the defaults; a missing theme gives `AgencyTheme()`.

The module itself is callable, so both `ui.theme(ctx)` and `ui.theme.ColorPair` work.
"""

from __future__ import annotations

import sys
import types
from dataclasses import dataclass, field
from typing import Any

DENSITIES = ("compact", "default", "spacious")
RADII = ("sharp", "default", "rounded")


@dataclass(frozen=True, slots=True)
class ColorPair:
    light: str
    dark: str


@dataclass(frozen=True, slots=True)
class AgencyTheme:
    colors: dict[str, ColorPair] = field(default_factory=dict)
    density: str = "default"
    radius: str = "default"


def _color_pair(value: Any) -> ColorPair | None:
    if isinstance(value, ColorPair):
        return value
    if isinstance(value, dict):
        light, dark = value.get("light"), value.get("dark")
    elif isinstance(value, list | tuple) and len(value) == 2:
        light, dark = value
    else:
        return None
    if isinstance(light, str) and isinstance(dark, str) and light and dark:
        return ColorPair(light, dark)
    return None


def theme(ctx: Any = None) -> AgencyTheme:
    """The agency theme carried by `ctx` (its `agency_theme` dict), or the default theme."""
    raw = getattr(ctx, "agency_theme", None) if ctx is not None else None
    if not isinstance(raw, dict):
        return AgencyTheme()
    colors: dict[str, ColorPair] = {}
    raw_colors = raw.get("colors")
    if isinstance(raw_colors, dict):
        for name, value in raw_colors.items():
            pair = _color_pair(value)
            if isinstance(name, str) and pair is not None:
                colors[name] = pair
    density = raw.get("density")
    radius = raw.get("radius")
    return AgencyTheme(
        colors=colors,
        density=density if density in DENSITIES else "default",
        radius=radius if radius in RADII else "default",
    )


class _CallableModule(types.ModuleType):
    def __call__(self, ctx: Any = None) -> AgencyTheme:
        return theme(ctx)


sys.modules[__name__].__class__ = _CallableModule
