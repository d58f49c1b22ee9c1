"""The words the offline router reads requests by: verbs and the function-name prefixes they
pick, fillers, synonyms, and set phrasings ("todo: X", "remind me to X", "X is done")."""

from __future__ import annotations

import re

# verb kind -> (phrases that start a request, function-name prefixes)
VERBS: list[tuple[str, tuple[str, ...], tuple[str, ...]]] = [
    (
        "complete",
        ("complete", "finish", "check off", "tick off", "close"),
        ("complete_", "finish_"),
    ),
    (
        "delete",
        ("delete", "remove", "drop", "erase", "trash", "get rid of", "cancel"),
        ("delete_", "remove_"),
    ),
    ("update", ("update", "rename", "edit", "change", "modify"), ("update_", "edit_", "rename_")),
    ("search", ("search for", "search", "find", "look for", "look up"), ("search_", "find_")),
    (
        "list",
        (
            "show",
            "list",
            "display",
            "view",
            "what are",
            "what's",
            "whats",
            "get",
            "see",
            "open",
            "what",
            "which",
            "any",
        ),
        ("list_", "show_"),
    ),
    (
        "create",
        (
            "add",
            "create",
            "new",
            "make",
            "write",
            "jot down",
            "save",
            "remember",
            "schedule",
        ),
        ("create_", "add_", "new_"),
    ),
]
POLITE = re.compile(
    r"^(?:please|pls|can you|could you|would you|i want to|i'd like to|let's|lets)\s+", re.I
)
MARK_DONE = re.compile(
    r"^mark\s+(.+?)\s+(?:as\s+)?(?:done|complete|completed|finished)[.!]?$", re.I
)
FILLER = {"a", "an", "the", "my", "all", "some", "of", "new", "me", "every", "on", "everything"}
KEEP = {"all", "every", "everything"}  # fillers that still say something ("show all tasks")
SYNONYMS = {"todo": "task", "to-do": "task", "todos": "task", "to-dos": "task", "memo": "note",
            "item": ""}  # fmt: skip
CHOICE_SYNONYMS = {
    "every": "all", "everything": "all", "completed": "done", "finished": "done",
    "complete": "done", "pending": "open", "outstanding": "open", "remaining": "open",
    "incomplete": "open", "urgent": "high", "important": "high", "medium": "normal",
}  # fmt: skip
MAX_SPLITS = 6  # more "and"s than this: one request (the split search grows with them)
PRONOUN = re.compile(r"^(?:it|that|this|that one|this one)$", re.I)
SPLIT = re.compile(r"\s*(?:,\s*(?:and\s+)?then|;|,?\s+and\s+then|,?\s+then|,?\s+and)\s+", re.I)
QUOTED = re.compile(r"^([\"'“])(.+?)[\"'”](?=\s|,|$)")
OF_TO = re.compile(r"^(?:the\s+)?(\w+)\s+of\s+(.+?)\s+to\s+(.+)$", re.I)
LIMIT = re.compile(r"(?:the\s+)?(?:last|first|top)?\s*\d+", re.I)
FOLDERISH = re.compile(r"^(?:in|from|under)\s+.*$", re.I)
_T = r"(?P<rest>.+)"
REWRITES: list[tuple[re.Pattern, str, str]] = [
    (re.compile(rf"^(?:new\s+)?(?P<noun>todo|to-do|task|note|memo)\s*:\s*{_T}$", re.I), "create", ""),
    (re.compile(rf"^(?:remind me to|remember to|i need to|i have to|don'?t forget to|don'?t let me forget to)\s+{_T}$", re.I), "create", "task"),
    (re.compile(rf"^(?:jot down|write down|note down)\s*:?\s+{_T}$", re.I), "create", "note"),
    (re.compile(rf"^(?:add|put)\s+to\s+(?:my|the)\s+(?P<noun>[\w-]+?)(?:\s+list)?\s*:\s*{_T}$", re.I), "create", ""),
    (re.compile(rf"^(?:add|put)\s+{_T}\s+(?:to|on)\s+(?:my|the)\s+(?P<noun>[\w-]+?)(?:\s+list)?(?P<tail>\s+(?:due|by|for|on|with)\s+.+)?$", re.I), "create", ""),
    (re.compile(rf"^{_T}\s+is\s+(?:done|finished|complete|completed)$", re.I), "complete", "task"),
    (re.compile(rf"^i(?:'ve| have)?\s+(?:finished|completed|done)\s+(?:the\s+task\s+)?{_T}$", re.I), "complete", "task"),
    (re.compile(rf"^i(?:'m| am)\s+(?:done|finished)\s+with\s+(?:the\s+task\s+)?{_T}$", re.I), "complete", "task"),
    (re.compile(r"^what (?:do|must|should) i (?:have|need) to do(?: next)?$", re.I), "list", "task"),
    (re.compile(r"^what(?:'s| is) left to do$", re.I), "list", "task"),
    (re.compile(r"^(?:what|which) (?P<noun>\w+) do i have$", re.I), "list", ""),
    (re.compile(rf"^which (?P<noun>\w+) (?:are|is) {_T}$", re.I), "list", ""),
    (re.compile(rf"^(?:which|what) (?P<noun>\w+) (?:mention|mentions|contain|contains|say|says|talk about)\s+{_T}$", re.I), "search", ""),
    (re.compile(rf"^do i have (?:a|any) (?P<noun>\w+) (?:about|on|mentioning)\s+{_T}$", re.I), "search", ""),
    (re.compile(r"^(?:my\s+)?(?P<noun>[\w-]+)$", re.I), "list", ""),
]  # fmt: skip
LEADING = re.compile(
    r"^(?:titled|called|named|with (?:the )?title|about|for|containing|matching|mentioning|that says|saying|:)\s+",
    re.I,
)
EXPLICIT = re.compile(r"^([a-z0-9][a-z0-9_-]*)\.([A-Za-z_][A-Za-z0-9_]*)(?:\s+(.*))?$", re.S)


def singular(word: str) -> str:
    word = word.lower()
    word = SYNONYMS.get(word, word)
    if word.endswith("ies"):
        return word[:-3] + "y"
    if word.endswith("s") and not word.endswith("ss"):
        return word[:-1]
    return word
