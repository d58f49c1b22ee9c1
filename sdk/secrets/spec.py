"""`SecretSpec`: one `ext.secret(...)` declaration, checked on construction."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

SECRET_NAME_RE = re.compile(r"^[a-z][a-z0-9_]{0,62}$")
WRITE_MODES = ("user", "extension", "both")
ALLOWED_WRITE_MODES = frozenset(WRITE_MODES)
ALLOWED_SCOPES = frozenset({"user", "app"})
ENV_FALLBACK_PREFIX = "IMPERAL_APPSECRET_"
MAX_BYTES_LIMIT = 65536

__all__ = [
    "ALLOWED_SCOPES",
    "ALLOWED_WRITE_MODES",
    "MAX_BYTES_LIMIT",
    "SECRET_NAME_RE",
    "WRITE_MODES",
    "SecretSpec",
]


@dataclass(frozen=True)
class SecretSpec:
    name: str
    description: str
    required: bool = False
    write_mode: str = "user"
    max_bytes: int = 4096
    rotation_hint_days: int | None = None
    scope: str = "user"
    env_fallback: str | None = None

    def __post_init__(self) -> None:
        if not isinstance(self.name, str) or not SECRET_NAME_RE.fullmatch(self.name):
            raise ValueError(
                f"secret name {self.name!r} must match ^[a-z][a-z0-9_]{{0,62}}$ "
                "(lower-case letter first, then lower-case letters, digits or _)"
            )
        if self.write_mode not in WRITE_MODES:
            raise ValueError(
                f"secret {self.name!r}: write_mode {self.write_mode!r} is not one of "
                f"{', '.join(WRITE_MODES)}"
            )
        if (
            isinstance(self.max_bytes, bool)
            or not isinstance(self.max_bytes, int)
            or not 1 <= self.max_bytes <= MAX_BYTES_LIMIT
        ):
            raise ValueError(
                f"secret {self.name!r}: max_bytes must be an int in 1..{MAX_BYTES_LIMIT}"
            )
        if self.rotation_hint_days is not None and (
            isinstance(self.rotation_hint_days, bool)
            or not isinstance(self.rotation_hint_days, int)
            or self.rotation_hint_days < 1
        ):
            raise ValueError(f"secret {self.name!r}: rotation_hint_days must be >= 1 or None")
        if not isinstance(self.description, str) or not self.description.strip():
            raise ValueError(f"secret {self.name!r}: description must not be blank")
        if self.scope not in ALLOWED_SCOPES:
            raise ValueError(
                f"secret {self.name!r}: scope {self.scope!r} is not one of {sorted(ALLOWED_SCOPES)}"
            )
        if self.env_fallback is not None:
            if self.scope != "app":
                raise ValueError(f"secret {self.name!r}: env_fallback needs scope='app'")
            if not isinstance(self.env_fallback, str) or not self.env_fallback.startswith(
                ENV_FALLBACK_PREFIX
            ):
                raise ValueError(
                    f"secret {self.name!r}: env_fallback {self.env_fallback!r} must be a "
                    f"variable named {ENV_FALLBACK_PREFIX}<APP>_<NAME>; no other environment "
                    "variable may be read as a secret"
                )

    def to_manifest_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "name": self.name,
            "description": self.description,
            "required": self.required,
            "write_mode": self.write_mode,
            "max_bytes": self.max_bytes,
            "scope": self.scope,
        }
        if self.rotation_hint_days is not None:
            out["rotation_hint_days"] = self.rotation_hint_days
        if self.env_fallback is not None:
            out["env_fallback"] = self.env_fallback
        return out
