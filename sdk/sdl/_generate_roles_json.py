"""Build the SDL role catalog (`sdl_roles.json`): every core and facet role with its field.

`python -m sdk.sdl._generate_roles_json` writes it at the repository root.
"""

from __future__ import annotations

import json
from pathlib import Path

from .entity import roles_of
from .roles import CORE_ROLES

__all__ = ["CORE_ROLES", "build_catalog", "main"]

SCHEMA_VERSION = 1
VOCAB_VERSION = "1"


def build_catalog() -> dict:
    """`{"schema_version", "sdl_vocab_version", "roles": [...]}`, the roles sorted by name."""
    from . import facets

    rows = [
        {"role": role, "field": name, "tier": "core", "facet": "Entity"}
        for name, role in CORE_ROLES.items()
    ]
    for facet in facets.__all__:
        for name, role in roles_of(getattr(facets, facet)).items():
            rows.append({"role": role, "field": name, "tier": "facet", "facet": facet})
    rows.sort(key=lambda row: row["role"])
    return {"schema_version": SCHEMA_VERSION, "sdl_vocab_version": VOCAB_VERSION, "roles": rows}


def main() -> None:
    target = Path(__file__).resolve().parents[2] / "sdl_roles.json"
    target.write_text(json.dumps(build_catalog(), indent=2) + "\n")
    print(f"wrote {target}")


if __name__ == "__main__":
    main()
