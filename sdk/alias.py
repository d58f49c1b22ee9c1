"""Make `imperal_sdk` (and every `imperal_sdk.X`) resolve to this package's `sdk` (and `sdk.X`).

Extensions written against the documented SDK import `imperal_sdk`; the shell installs this
finder wherever it loads, validates or tests an extension so that code runs unchanged.
"""

from __future__ import annotations

import importlib
import importlib.abc
import importlib.util
import sys
import types

ALIAS = "imperal_sdk"
REAL = "sdk"


def _real_name(fullname: str) -> str | None:
    if fullname == ALIAS:
        return REAL
    if fullname.startswith(ALIAS + "."):
        return REAL + fullname[len(ALIAS) :]
    return None


class _KeepsShadowingNames(types.ModuleType):
    """A package whose attribute shadows a same-named submodule (`sdl.field`, the function, over
    `sdl.field`, the module) keeps it when the submodule is imported again under the alias name:
    the import system then sets the child module on its parent, which the real name never does
    (its package imported the child before binding the name)."""

    def __setattr__(self, name: str, value) -> None:
        current = self.__dict__.get(name)
        if (
            isinstance(value, types.ModuleType)
            and current is not None
            and not isinstance(current, types.ModuleType)
        ):
            return
        super().__setattr__(name, value)


class _AliasLoader(importlib.abc.Loader):
    def __init__(self, real_name: str):
        self.real_name = real_name

    def create_module(self, spec):
        module = importlib.import_module(self.real_name)
        self._real_spec = module.__spec__
        parent_name, _, child = self.real_name.rpartition(".")
        parent = sys.modules.get(parent_name)
        shadow = parent.__dict__.get(child) if parent is not None else None
        if (
            shadow is not None
            and not isinstance(shadow, types.ModuleType)
            and type(parent) is types.ModuleType
        ):
            parent.__class__ = _KeepsShadowingNames
        return module

    def exec_module(self, module) -> None:
        # The import system stamped the alias spec on the shared module; give it back its own.
        module.__spec__ = self._real_spec


class _AliasFinder(importlib.abc.MetaPathFinder):
    def find_spec(self, fullname, path=None, target=None):
        real = _real_name(fullname)
        if real is None:
            return None
        if importlib.util.find_spec(real) is None:
            return None
        return importlib.util.spec_from_loader(fullname, _AliasLoader(real))


def install() -> None:
    """Idempotent: put the alias finder first on `sys.meta_path`."""
    if not any(isinstance(f, _AliasFinder) for f in sys.meta_path):
        sys.meta_path.insert(0, _AliasFinder())
