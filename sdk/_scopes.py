"""How a granted scope covers a needed one: the one wildcard rule of the SDK and the kernel."""

from __future__ import annotations


def scope_grants(granted: str, needed: str) -> bool:
    """Whether holding the scope `granted` covers the scope `needed`.

    `*` covers everything. Otherwise both are split at dots and compared segment by segment:
    a `*` segment matches any one segment (`*.read` covers `notes.read`, not `read` nor
    `notes.items.read`), and a trailing `*` matches any further segments or none (`notes.*`
    covers `notes`, `notes.write` and `notes.items.read`). Anything else must be equal.
    The kernel enforces with this same rule (`kernel.authz.has_scope`).
    """
    if granted == "*" or granted == needed:
        return True
    have, want = granted.split("."), needed.split(".")
    if have[-1] == "*":
        have = have[:-1]
        if len(want) < len(have):
            return False
    elif len(want) != len(have):
        return False
    return all(h in ("*", w) for h, w in zip(have, want, strict=False))
