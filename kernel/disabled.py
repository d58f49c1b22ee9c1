"""Extensions the user turned off (the extensions screen's enable/disable), kept across runs.

A JSON list of app ids in `<data_dir>/disabled_extensions.json`, readable by the user only.
The kernel parks a disabled extension's manifest at start (`Catalog.park`): its functions are
not callable, the routers do not offer them, and its panels are not listed. A file that cannot
be read or is not a list of strings disables nothing (and is logged); it is replaced on the
next change."""

from __future__ import annotations

import json
import logging
import os
from collections.abc import Iterable
from pathlib import Path

FILE_NAME = "disabled_extensions.json"
log = logging.getLogger("kernel.disabled")


def path_in(data_dir: Path) -> Path:
    return Path(data_dir) / FILE_NAME


def load(data_dir: Path) -> set[str]:
    """The app ids turned off (empty when none, or when the file is unusable)."""
    path = path_in(data_dir)
    try:
        value = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return set()
    except (OSError, ValueError) as exc:
        log.warning("%s ignored: %s", path, exc)
        return set()
    if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
        log.warning("%s ignored: not a list of app ids", path)
        return set()
    return set(value)


def save(data_dir: Path, app_ids: Iterable[str]) -> None:
    """Replace the set (written to a temporary file, then renamed into place)."""
    path = path_in(data_dir)
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as out:
        json.dump(sorted(set(app_ids)), out)
    os.replace(tmp, path)


class UnknownExtension(LookupError):
    """No loaded or disabled extension has that app id."""


def set_enabled(kernel, app_id: str, enabled: bool):
    """Turn `app_id` on or off in `kernel`'s catalog and persist it; the ExtensionInfo.

    Raises UnknownExtension (changing nothing) for an app id the kernel does not know."""
    from kernel.catalog import info_of

    catalog = kernel.catalog
    manifest = catalog.extensions.get(app_id) or catalog.parked.get(app_id)
    if manifest is None:
        known = sorted({*catalog.extensions, *catalog.parked})
        raise UnknownExtension(f"no extension {app_id!r}; known: {', '.join(known) or 'none'}")
    data_dir = kernel.config.data_dir
    wanted = load(data_dir)
    wanted = wanted - {app_id} if enabled else wanted | {app_id}
    save(data_dir, wanted)
    if enabled:
        catalog.unpark(app_id)
    else:
        catalog.park({app_id})
    return info_of(manifest)
