"""The LLM router: the kernel's system-call dispatcher with a model in the loop.

A turn:
1. The offline router reads the message first. What it maps (an explicit call, a plain
   request it understands) runs at once, no model involved (`mode = "offline-first"`, the
   default; `"model-first"` asks the model unless the message is an explicit call).
2. Otherwise one model request classifies it: a shortlist of the live catalog (BM25 over
   names, descriptions and parameters) goes into the prompt and into a JSON schema that
   constrains the answer to the seeds' classifier shape with only those tools.
3. The answer is validated (`kernel.router.classify`); problems go back to the model with
   structured feedback, at most `retries` times. Low confidence asks the user instead.
4. `intent: chat` streams an answer (a second request, streamed token by token).

A provider that fails never breaks a turn: the offline result serves when it can (with a
`Notice`), else the turn ends with `Unavailable` (headless exit 5). The whole classification
is bounded by `budget_s`.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import json
import logging
from collections.abc import AsyncIterator, Awaitable, Callable
from contextvars import ContextVar

from kernel.llm.base import Completion, ProviderError
from kernel.router import classify
from kernel.router.plan import Answer, Conversation, Plan, Unavailable, Unmapped

log = logging.getLogger("kernel.router.llm")

MODES = ("offline-first", "model-first")
SHAPES = ("plan", "compact")  # the seeds' classifier object; tool-first for small models
turn_user: ContextVar[str] = ContextVar("turn_user", default="")  # set by the session
HISTORY_TURNS = 8


class LLMRouter:
    """`provider`: a `kernel.llm` provider; `offline`: the OfflineRouter it falls back on."""

    def __init__(
        self,
        catalog,
        provider,
        offline,
        *,
        mode: str = "offline-first",
        shape: str = "plan",
        shortlist_k: int = 12,
        min_confidence: float = 0.5,
        retries: int = 2,
        budget_s: float = 14.0,
        max_tokens: int = 512,
        today: Callable[[], dt.date] | None = None,
        on_usage: Callable[[str, str, Completion], Awaitable[None]] | None = None,
        shortlist=None,
    ) -> None:
        if mode not in MODES:
            raise ValueError(f"unknown routing mode {mode!r}; known: {', '.join(MODES)}")
        if shape not in SHAPES:
            raise ValueError(f"unknown answer shape {shape!r}; known: {', '.join(SHAPES)}")
        from kernel.router.shortlist import Shortlist

        self.catalog = catalog
        self.provider = provider
        self.offline = offline
        self.mode = mode
        self.shape = shape
        self.shortlist = shortlist or Shortlist(catalog)  # routers of one kernel share one
        self.shortlist_k = shortlist_k
        self.min_confidence = min_confidence
        self.retries = retries
        self.budget_s = budget_s
        self.max_tokens = max_tokens
        self.today = today or dt.date.today
        self.on_usage = on_usage

    @property
    def name(self) -> str:
        return f"llm:{self.provider.name}"

    # --- the Router interface --------------------------------------------------------
    async def route(self, message: str, context: Conversation | None = None):
        offline = self.offline.route_sync(message, context)
        if isinstance(offline, Plan) and (self.mode == "offline-first" or _explicit(message)):
            return offline
        if not message.strip():
            return offline
        try:
            async with asyncio.timeout(self.budget_s):
                return await self.classify(message, context)
        except (ProviderError, TimeoutError) as exc:
            why = exc.message if isinstance(exc, ProviderError) else "no answer in time"
            note = f"the model ({self.provider.name}) is unavailable: {why}"
            log.warning(note)
            if isinstance(offline, Plan):
                offline.notice = note + "; the offline router answered instead"
                return offline
            if isinstance(offline, Unmapped):
                return Unavailable(f"{note}. Offline: {offline.message}")
            return Unavailable(note)

    def reply(self, finished) -> list:
        return self.offline.reply(finished)

    # --- classification ----------------------------------------------------------------
    async def classify(self, message: str, context: Conversation | None = None):
        """One classification (plus at most `retries` corrections): a Plan, an Unmapped
        question for the user, or an Answer to stream."""
        functions = self.shortlist.top(message, self.shortlist_k)
        from kernel.router.catalog_schema import compact_schema, describe_tools, plan_schema

        compact = self.shape == "compact"
        schema = compact_schema(functions) if compact else plan_schema(functions, max_steps=4)
        allowed = {f"{app}.{fd.name}" for app, fd in functions}
        tools = describe_tools(functions)
        messages = (
            self.compact_messages(message, context, tools)
            if compact
            else self.messages(message, context, tools)
        )
        read = classify.from_compact if compact else classify.parse
        seen = _seen_text(message, context)
        problems: list[str] = []
        for attempt in range(self.retries + 1):
            try:
                done = await self.provider.complete(
                    messages, schema=schema, max_tokens=self.max_tokens
                )
            except ProviderError as exc:
                if exc.kind not in ("bad_output", "truncated", "malformed"):
                    raise
                problems = [f"the answer was not the JSON asked for ({exc.message})"]
                messages = [
                    *messages,
                    _assistant(exc.text or ""),
                    _user(classify.feedback(problems)),
                ]
                continue
            await self._usage("classify", done)
            result, problems = read(done.data if done.data is not None else done.text)
            if result is not None:
                if result.intent == "chat" and not result.action_plans:
                    return Answer(self.answer(message, context), router=self.name)
                checked = classify.check(result, self.catalog, seen, allowed)
                problems = checked.problems or _chain_problems(checked.steps, self.catalog)
                if not problems:
                    if result.confidence < self.min_confidence:
                        return self._unsure(result, checked.steps)
                    return Plan(checked.steps, router=self.name)
            log.info("classification attempt %d rejected: %s", attempt + 1, problems)
            messages = [*messages, _assistant(done.text), _user(classify.feedback(problems))]
        return Unmapped(
            "I could not turn that into a valid call: " + "; ".join(problems[:3]),
            [],
        )

    def _unsure(self, result: classify.Classification, steps) -> Unmapped:
        guesses = [f"{s.app_id}.{s.function}" for s in steps]
        question = result.reply.strip() or (
            f"I am not sure what you want (confidence {result.confidence:.2f})"
            + (f": did you mean {', '.join(guesses)}?" if guesses else ".")
        )
        return Unmapped(question, guesses)

    def messages(self, message: str, context: Conversation | None, tools: str) -> list[dict]:
        today = self.today()
        lines = [
            "You are the intent classifier of imperal-shell, a terminal shell whose actions are"
            " calls of the tools below. Map the user's request to tool calls, or to chat when no"
            " tool is needed.",
            f"Today is {today.isoformat()} ({today.strftime('%A')}). Write dates as YYYY-MM-DD.",
            "Answer with one JSON object: intent (chat: no tool needed; action: one call;"
            " chain: several calls), confidence from 0 to 1, language (ISO 639-1 code),"
            " action_plans (each: step_id s1, s2, ...; app_id; tool; args as an object;"
            " depends_on: the step_ids it needs), is_destructive, reply (a short question"
            " when the request is unclear, else empty). Compact JSON on one line; only as many"
            " steps as the request asks for.",
            "Use only the listed tools and their arguments. Never invent ids: to name an item"
            " by its title, put the title in the id argument. To use a value an earlier step"
            ' returns, write "$REF:<step_id>.<path>" (e.g. "$REF:s1.notes[0].id").',
            "Tools:",
            tools,
        ]
        lines.extend(_referent_line(context))
        out = [{"role": "system", "content": "\n".join(lines)}, *EXAMPLES]
        out.extend(_history(context))
        out.append(_user(message))
        return out

    def compact_messages(self, message: str, context: Conversation | None, tools: str):
        """The prompt for the compact answer: one tool (named first) and its arguments."""
        today = self.today()
        lines = [
            "Route the user's request to one tool, or to chat when no tool fits (greetings,"
            " questions, anything else).",
            f"Today is {today.isoformat()} ({today.strftime('%A')}); dates as YYYY-MM-DD.",
            "Tools:",
            tools,
            "chat - answer in words",
            'Answer with JSON: {"tool": ..., "args": {...}} with the values from the request.',
        ]
        lines.extend(_referent_line(context))
        return [{"role": "system", "content": "\n".join(lines)}, *_history(context),
                _user(message)]  # fmt: skip

    # --- chat ----------------------------------------------------------------------------
    def answer(self, message: str, context: Conversation | None) -> AsyncIterator[str]:
        """The streamed reply to a message that needs no tool."""
        apps = ", ".join(
            f"{m.display_name or app} ({app})" for app, m in self.catalog.extensions.items()
        )
        system = (
            "You are the assistant of imperal-shell, a terminal shell. Answer briefly and"
            " plainly, in the user's language; Markdown is rendered. The user's extensions: "
            f"{apps or 'none'}. Today is {self.today().isoformat()}."
        )
        messages = [{"role": "system", "content": system}, *_history(context), _user(message)]
        return self.provider.stream(messages, max_tokens=self.max_tokens, temperature=0.3)

    async def _usage(self, purpose: str, done: Completion) -> None:
        if self.on_usage is not None:
            try:
                await self.on_usage(purpose, self.provider.name, done)
            except Exception:  # accounting never breaks a turn
                log.exception("recording LLM usage failed")


def _referent_line(context: Conversation | None) -> list[str]:
    last = context.last if context is not None else None
    if last is None or not (last.title or last.ident):
        return []
    noun = last.noun or "item"
    return [
        f'"it" / "that {noun}" means the {noun} {last.title!r} (id {last.ident or "unknown"})'
        f" of {last.app_id}."
    ]


def _chain_problems(steps, catalog) -> list[str]:
    """What the chain rules refuse in a plan (a cycle, a dangling $REF), as feedback."""
    from kernel.router.chain import PlanError, prepare

    if len(steps) < 2 and not any(classify.REF_PREFIX in str(s.args) for s in steps):
        return []
    try:
        prepare(steps, catalog)
    except PlanError as exc:
        return list(exc.problems)
    return []


def _explicit(message: str) -> bool:
    """`app.function ...` or `/call ...`: the user named the call."""
    head = message.strip().split(" ", 1)[0]
    return "." in head and head.replace(".", "").replace("_", "").replace("-", "").isalnum()


def _user(text: str) -> dict[str, str]:
    return {"role": "user", "content": text}


def _assistant(text: str) -> dict[str, str]:
    return {"role": "assistant", "content": text or "(empty)"}


def _history(context: Conversation | None) -> list[dict[str, str]]:
    history = getattr(context, "history", None) or []
    out = []
    for item in history[-HISTORY_TURNS * 2 :]:
        role, content = item.get("role"), item.get("content")
        if role in ("user", "assistant") and isinstance(content, str) and content.strip():
            out.append({"role": role, "content": content[:2000]})
    return out


def _seen_text(message: str, context: Conversation | None) -> str:
    parts = [message]
    if context is not None:
        if context.last is not None:
            parts.append(context.last.ident)
        parts.extend(str(h.get("content", "")) for h in getattr(context, "history", None) or [])
    return "\n".join(parts)


def _example(request: str, intent: str, plans: list[dict], reply: str = "") -> list[dict]:
    answer = {"intent": intent, "confidence": 0.95, "language": "en", "action_plans": plans,
              "is_destructive": False, "reply": reply}  # fmt: skip
    return [_user(request), _assistant(json.dumps(answer, separators=(",", ":")))]


# Two worked answers (compact JSON, as the answer should be) for small models; their tools are
# not in any catalog, and the schema only admits the real ones.
EXAMPLES = [
    *_example(
        "add buy stamps to my shopping list",
        "action",
        [
            {
                "step_id": "s1",
                "app_id": "shop",
                "tool": "add_item",
                "args": {"title": "buy stamps"},
                "depends_on": [],
            }
        ],
    ),  # fmt: skip
    *_example("hi! how are you?", "chat", []),
]


__all__ = ["LLMRouter", "MODES"]
