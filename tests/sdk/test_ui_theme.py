"""`ui.theme`: ColorPair, AgencyTheme and `theme(ctx)` parsing `ctx.agency_theme`."""

from __future__ import annotations

import dataclasses
from types import SimpleNamespace

import pytest

from sdk import ui
from sdk.ui.theme import AgencyTheme, ColorPair, theme


def ctx(agency_theme):
    return SimpleNamespace(agency_theme=agency_theme)


def test_dataclasses_are_frozen_with_slots_and_documented_defaults():
    for cls in (ColorPair, AgencyTheme):
        assert dataclasses.is_dataclass(cls)
        assert hasattr(cls, "__slots__")
    t = AgencyTheme()
    assert (t.colors, t.density, t.radius) == ({}, "default", "default")
    assert AgencyTheme().colors is not AgencyTheme().colors
    with pytest.raises(dataclasses.FrozenInstanceError):
        t.density = "compact"
    with pytest.raises(dataclasses.FrozenInstanceError):
        ColorPair("#fff", "#000").light = "x"
    assert [f.name for f in dataclasses.fields(ColorPair)] == ["light", "dark"]
    assert [f.name for f in dataclasses.fields(AgencyTheme)] == ["colors", "density", "radius"]


@pytest.mark.parametrize("c", [None, SimpleNamespace(), ctx(None), ctx("dark"), ctx([1])])
def test_no_theme_gives_the_default(c):
    assert theme(c) == AgencyTheme()


def test_theme_without_ctx():
    assert theme() == AgencyTheme()


def test_valid_theme_is_parsed():
    got = theme(
        ctx(
            {
                "colors": {"primary": {"light": "#2563eb", "dark": "#60a5fa"}},
                "density": "compact",
                "radius": "rounded",
            }
        )
    )
    assert got == AgencyTheme(
        colors={"primary": ColorPair("#2563eb", "#60a5fa")}, density="compact", radius="rounded"
    )


@pytest.mark.parametrize("density", ["compact", "default", "spacious"])
@pytest.mark.parametrize("radius", ["sharp", "default", "rounded"])
def test_every_documented_density_and_radius(density, radius):
    got = theme(ctx({"density": density, "radius": radius}))
    assert (got.density, got.radius) == (density, radius)


def test_invalid_entries_fall_back_to_defaults():
    got = theme(
        ctx(
            {
                "colors": {
                    "ok": {"light": "#fff", "dark": "#000"},
                    "no_dark": {"light": "#fff"},
                    "not_str": {"light": 1, "dark": 2},
                    "not_dict": "red",
                    3: {"light": "#fff", "dark": "#000"},
                },
                "density": "huge",
                "radius": 7,
            }
        )
    )
    assert got == AgencyTheme(colors={"ok": ColorPair("#fff", "#000")})
    assert theme(ctx({"colors": "red"})) == AgencyTheme()


def test_ui_theme_is_callable_and_a_module():
    assert ui.theme(ctx({"density": "spacious"})).density == "spacious"
    assert ui.theme() == AgencyTheme()
    assert ui.theme.ColorPair is ColorPair
    assert ui.ColorPair is ColorPair
    assert ui.AgencyTheme is AgencyTheme
