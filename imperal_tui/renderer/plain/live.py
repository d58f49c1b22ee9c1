"""Plain projections of the 6.x nodes: stages, intent states, canvases, toasts, presence."""

from __future__ import annotations

from typing import Any

from imperal_tui.renderer.plain.content import mark
from imperal_tui.renderer.plain.controls import button_text
from imperal_tui.renderer.plain.core import box, indent, many, node_lines, projection, wrap
from imperal_tui.renderer.props import flag, text

URGENCY_MARKS = {"low": "·", "normal": "●", "high": "▲", "critical": "‼"}


@projection("Stage")
def stage(props: dict[str, Any], width: int) -> list[str]:
    """The step's content in a frame titled with its command and title; status and keys below."""
    command = text(props.get("command")) or text(props.get("id"))
    title = f"❯ {command} · {text(props.get('title'))}" if command else text(props.get("title"))
    hotkeys = props.get("hotkeys")
    keys = [f"{k} {text(v)}" for k, v in hotkeys.items()] if isinstance(hotkeys, dict) else []
    footer = " · ".join([text(props.get("status"))] + keys if props.get("status") else keys)
    return box(title, many(props.get("children"), width - 4) or ["(empty)"], width, footer)


def shortcuts(affordances: Any) -> list[str]:
    """`[n] label (key)` for each affordance, numbered from 1, as the terminal projection has it."""
    out = []
    entries = [a for a in affordances or [] if isinstance(a, dict)]
    for n, entry in enumerate(entries, start=1):
        risk = text(entry.get("risk"))
        tail = (
            " ⚠"
            if risk in ("write", "destructive") or flag(entry.get("requires_confirmation"))
            else ""
        )
        out.append(f"[{n}] {text(entry.get('label'))} ({text(entry.get('shortcut')) or n}){tail}")
    return out


@projection("MorphingState")
def morphing_state(props: dict[str, Any], width: int) -> list[str]:
    """The current state: urgency and context, summary, details, metrics, then the actions."""
    urgency = text(props.get("urgency"), "normal")
    head = f"{URGENCY_MARKS.get(urgency, '●')} {urgency}"
    if props.get("context"):
        head += f" · {text(props.get('context'))}"
    out = wrap(head, width) + wrap(props.get("summary"), width)
    details = props.get("details")
    out += (
        node_lines(details, width)
        if isinstance(details, dict)
        else (wrap(details, width) if details else [])
    )
    metrics = props.get("metrics")
    if isinstance(metrics, dict) and metrics:
        out += wrap("  ".join(f"{k}: {text(v)}" for k, v in metrics.items()), width)
    return out + indent(shortcuts(props.get("affordances")))


@projection("Canvas")
def canvas(props: dict[str, Any], width: int) -> list[str]:
    """A system map as two lists: the nodes with their status, then the connections."""
    nodes = [n for n in props.get("nodes") or [] if isinstance(n, dict)]
    edges = [e for e in props.get("edges") or [] if isinstance(e, dict)]
    titles = {text(n.get("id")): text(n.get("title")) or text(n.get("id")) for n in nodes}
    out = [f"Canvas: {len(nodes)} nodes, {len(edges)} connections"]
    for n in nodes:
        metrics = n.get("metrics") if isinstance(n.get("metrics"), dict) else {}
        extra = "  " + " ".join(f"{k}={text(v)}" for k, v in metrics.items()) if metrics else ""
        out += wrap(
            f"  ● {titles[text(n.get('id'))]} [{text(n.get('status'), 'healthy')}]{extra}", width
        )
    for e in edges:
        src, dst = text(e.get("from")), text(e.get("to"))
        bits = [text(e.get("protocol")), text(e.get("status"))]
        if e.get("latency_ms") is not None:
            bits.append(f"{text(e.get('latency_ms'))}ms")
        detail = "  ".join(b for b in bits if b)
        out += wrap(f"  {titles.get(src, src)} → {titles.get(dst, dst)}  {detail}".rstrip(), width)
    return out


@projection("Toast")
def toast(props: dict[str, Any], width: int) -> list[str]:
    title = text(props.get("title"))
    line = (
        f"▌{mark(props.get('variant'))} {title + ': ' if title else ''}{text(props.get('message'))}"
    )
    out = wrap(line, width)
    if props.get("action_label"):
        out.append(f"  {button_text(props.get('action_label'))}")
    return out


@projection("Ghost")
def ghost(props: dict[str, Any], width: int) -> list[str]:
    """A node still being worked on: drawn behind a shaded margin, with the reason."""
    body = indent(node_lines(props.get("child"), width - 2), "░ ")
    return body + wrap(f"░ {text(props.get('reason'), 'working…')}", width)


@projection("AgentPresence")
def agent_presence(props: dict[str, Any], width: int) -> list[str]:
    bits = [text(props.get("status"), "active"), text(props.get("action"))]
    progress = props.get("progress")
    if isinstance(progress, int | float) and not isinstance(progress, bool):
        bits.append(f"{round(progress * 100) if progress <= 1 else round(progress)}%")
    return wrap("◆ Agent: " + " · ".join(b for b in bits if b), width)
