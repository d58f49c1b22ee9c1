"""Change one string setting in config.toml and keep the rest of the file as written.

`set_string(path, table, key, value)` replaces the `key = ...` line of `[table]` (or of the
top of the file when `table` is None), or adds it. The result is parsed before it is written:
a file that is not valid TOML, or an edit that would not read back as `value`, raises
ConfigError and leaves the file untouched. The file is replaced atomically, user-only."""

from __future__ import annotations

import json
import os
import re
import tomllib
from pathlib import Path

from kernel.config import ConfigError

_KEY = re.compile(r"^[A-Za-z0-9_-]+$")
_HEADER = re.compile(r"^\s*\[\[?\s*([^\]]+?)\s*\]\]?\s*(#.*)?$")


def set_string(path: Path, table: str | None, key: str, value: str) -> None:
    if not _KEY.match(key) or (table is not None and not _KEY.match(table)):
        raise ConfigError(f"cannot write the setting {table or ''}.{key}: not a bare key")
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        text = ""
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"cannot read {path}: {exc}") from None
    try:
        tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path} is not valid TOML ({exc}); fix it by hand first") from None
    new_text = _edited(text, table, key, f"{key} = {json.dumps(value, ensure_ascii=False)}")
    try:
        parsed = tomllib.loads(new_text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"cannot set {key} in {path}: {exc}") from None
    section = parsed if table is None else parsed.get(table, {})
    if not isinstance(section, dict) or section.get(key) != value:
        raise ConfigError(f"cannot set {key} in {path}: the file defines it another way")
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as out:
        out.write(new_text)
    os.replace(tmp, path)


def _edited(text: str, table: str | None, key: str, line: str) -> str:
    lines = text.splitlines()
    current: str | None = None  # the table the line is in (None: the top)
    insert_at = None  # after the last line of the wanted section
    found_section = table is None
    assignment = re.compile(rf"^\s*{re.escape(key)}\s*=")
    for i, raw in enumerate(lines):
        header = _HEADER.match(raw)
        if header:
            if current == table and found_section and insert_at is None:
                insert_at = i
            current = header.group(1)
            if current == table:
                found_section = True
            continue
        if current == table and assignment.match(raw):
            lines[i] = line
            return "\n".join(lines) + "\n"
    if not found_section:
        body = "\n".join(lines).rstrip("\n")
        return (body + "\n\n" if body else "") + f"[{table}]\n{line}\n"
    if insert_at is None:  # the wanted section runs to the end of the file
        lines.append(line)
    else:
        while insert_at > 0 and not lines[insert_at - 1].strip():
            insert_at -= 1  # keep the blank line before the next header
        lines.insert(insert_at, line)
    return "\n".join(lines) + "\n"
