"""Which functions of the live catalog a message is probably about: BM25 over their words.

The LLM classifier cannot be shown thousands of functions; this ranks them cheaply so the
prompt and the JSON schema carry a dozen. Each function is one document made of its name
(split on `_` and camelCase), its app id and display name, its description, and its parameter
names, descriptions and enum values (from `params_schema`), with per-field weights
(`WEIGHTS`). Scoring is Okapi BM25 (k1 1.2, b 0.75) over an inverted index built once per
catalog state: a reload replaces `catalog.extensions`, which rebuilds it on the next call.

Words are case- and accent-folded, hyphenated words are joined ("to-do" is "todo"), a small
stopword list is dropped, plurals and -ing/-ed are stripped by a light stemmer, and a small
synonym table folds verbs and nouns onto one term ("show" is "list", "remove" is "delete").
Scripts without spaces between words (Chinese, Japanese) are one token per run, so they only
match the same run.

When nothing in the message matches any function, `top` returns the fallback order: reads
before writes before anything else (destructive last), then fewer required parameters first,
then catalog order. That is "the most general, safest functions", for a message such as
"hello" the model will most likely answer without a tool anyway.
"""

from __future__ import annotations

import heapq
import math
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from kernel.host.manifest import FunctionMeta

K1 = 1.2
B = 0.75
MAX_MESSAGE = 4000  # characters of a message that are read (a pasted document is not a query)

# how much one occurrence counts, per part of the function's document
WEIGHTS = {"name": 3.0, "app": 2.0, "description": 1.0, "param": 1.0, "param_text": 0.5}

# fmt: off
STOPWORDS = frozenset({
    "a", "an", "the", "my", "me", "mine", "i", "im", "you", "your", "yours", "we", "our", "us",
    "it", "its", "itll", "is", "are", "was", "were", "be", "been", "being", "am", "to", "of",
    "for", "in", "on", "at", "by", "with", "and", "or", "but", "please", "pls", "can", "could",
    "would", "will", "should", "shall", "do", "does", "did", "doing", "what", "whats", "which",
    "who", "whom", "that", "this", "these", "those", "there", "here", "some", "any", "from",
    "into", "about", "up", "just", "also", "then", "than", "as", "so", "if", "not", "no", "yes",
    "hey", "hi", "hello", "thanks", "thank", "want", "wanna", "need", "like", "let", "lets", "ok",
    "okay", "s", "t", "d", "ll", "re", "ve", "m",
})
# fmt: on

# canonical term: words that mean the same to a router (the canonical word is stemmed too)
SYNONYMS: dict[str, tuple[str, ...]] = {
    "list": ("show", "display", "view", "see"),
    "delete": ("remove", "erase", "drop", "trash", "discard"),
    "create": ("add", "new", "make", "write"),
    "task": ("todo", "chore"),
    "search": ("find", "lookup", "look"),
    "update": ("edit", "change", "modify", "rename"),
    "complete": ("finish", "done", "tick"),
}

_CAMEL = re.compile(r"(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])")
_HYPHEN = re.compile(r"(?<=\w)[-\u2010\u2011](?=\w)")
_WORD = re.compile(r"[^\W_]+")
_VOWEL = re.compile(r"[aeiouy]")


def _fold(text: str) -> str:
    """Split camelCase, join hyphenated words, casefold, drop accents."""
    text = _CAMEL.sub(" ", text)
    if "-" in text or "\u2010" in text or "\u2011" in text:
        text = _HYPHEN.sub("", text)
    text = text.casefold()
    if not text.isascii():
        text = "".join(
            c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c)
        )
    return text


def _undouble(word: str) -> str:
    if len(word) >= 4 and word[-1] == word[-2] and word[-1] not in "lsz":
        return word[:-1]
    return word


def stem(word: str) -> str:
    """A light English stemmer: plurals, -ing, -ed, a final e. Both sides of a match use it, so
    it only has to be consistent ("notes", "note" -> "not"; "created", "create" -> "creat")."""
    if len(word) <= 3 or not word.isalpha():
        return word
    if word.endswith("ies") and len(word) > 4:
        word = word[:-3] + "y"
    elif word.endswith(("ches", "shes")) or (word.endswith("es") and word[-3] in "sxz"):
        word = word[:-2]
    elif word.endswith("s") and not word.endswith(("ss", "us", "is")):
        word = word[:-1]
    if word.endswith("ied") and len(word) > 4:
        word = word[:-3] + "y"
    elif word.endswith("ing") and len(word) > 5 and _VOWEL.search(word[:-3]):
        word = _undouble(word[:-3])
    elif word.endswith("ed") and len(word) > 4 and word[-3] != "e" and _VOWEL.search(word[:-2]):
        word = _undouble(word[:-2])
    if word.endswith("e") and len(word) > 3:
        word = word[:-1]
    return word


def _synonym_table() -> dict[str, str]:
    table: dict[str, str] = {}
    for canonical, variants in SYNONYMS.items():
        target = stem(canonical)
        for word in (canonical, *variants):
            table[word] = target
            table[stem(word)] = target
    return table


_SYN = _synonym_table()


@lru_cache(maxsize=65536)
def _term(word: str) -> str | None:
    """The index term of one folded word, or None for a stopword or a lone letter."""
    if word in STOPWORDS or (len(word) == 1 and not word.isdigit()):
        return None
    if word in _SYN:
        return _SYN[word]
    s = stem(word)
    return _SYN.get(s, s)


def terms(text: str) -> list[str]:
    """The index terms of `text`, in order, repeats kept."""
    out = []
    for word in _WORD.findall(_fold(text)):
        t = _term(word)
        if t is not None:
            out.append(t)
    return out


def _schema_words(schema: Any, depth: int = 0) -> Iterator[tuple[str, str]]:
    """(field, text) pairs of a params schema: property names, descriptions, enum values;
    nested models ($defs) too, a few levels deep."""
    if not isinstance(schema, dict) or depth > 4:
        return
    for name, prop in (schema.get("properties") or {}).items():
        yield "param", str(name)
        yield from _schema_words(prop, depth + 1)
    if depth and isinstance(schema.get("description"), str):
        yield "param_text", schema["description"]
    for value in schema.get("enum") or ():
        if isinstance(value, str):
            yield "param_text", value
    for key in ("anyOf", "oneOf", "allOf"):
        for sub in schema.get(key) or ():
            yield from _schema_words(sub, depth + 1)
    if isinstance(schema.get("items"), dict):
        yield from _schema_words(schema["items"], depth + 1)
    for sub in (schema.get("$defs") or {}).values():
        yield from _schema_words(sub, depth + 1)


def _required_count(fd: FunctionMeta) -> int:
    required = fd.params_schema.get("required") if fd.params_schema else None
    if required is not None:
        return len(required)
    return sum(1 for p in fd.fields.values() if p.required)


_ACTION_ORDER = {"read": 0, "write": 1, "destructive": 3}  # anything else: 2


@dataclass(frozen=True)
class _Index:
    docs: list[tuple[str, FunctionMeta]]
    postings: dict[str, list[tuple[int, float]]]  # term -> (doc, idf-weighted BM25 term score)
    fallback: list[int]  # doc numbers in the fallback order


def build_index(functions: list[tuple[str, FunctionMeta]], display_names: dict[str, str]) -> _Index:
    """The BM25 index of `functions` ((app_id, meta) pairs); `display_names` by app id."""
    weighted: list[dict[str, float]] = []
    lengths: list[float] = []
    app_terms: dict[str, set[str]] = {}
    for app, fd in functions:
        tf: dict[str, float] = {}
        if app not in app_terms:
            app_terms[app] = set(terms(f"{app} . {display_names.get(app, '')}"))
        for t in app_terms[app]:
            tf[t] = WEIGHTS["app"]
        texts: dict[str, list[str]] = {"name": [fd.name], "description": [fd.description]}
        for field, text in _schema_words(fd.params_schema):
            texts.setdefault(field, []).append(text)
        if not fd.params_schema:
            texts["param"] = list(fd.fields)
        for field, parts in texts.items():  # one pass of the tokenizer a field
            for t in terms(" . ".join(parts)):
                tf[t] = tf.get(t, 0.0) + WEIGHTS[field]
        weighted.append(tf)
        lengths.append(sum(tf.values()))
    n = len(functions)
    avgdl = (sum(lengths) / n) if n else 1.0
    by_term: dict[str, list[tuple[int, float]]] = {}
    for doc, tf in enumerate(weighted):
        for t, f in tf.items():
            by_term.setdefault(t, []).append((doc, f))
    postings: dict[str, list[tuple[int, float]]] = {}
    for t, hits in by_term.items():
        idf = math.log(1.0 + (n - len(hits) + 0.5) / (len(hits) + 0.5))
        postings[t] = [
            (doc, idf * f * (K1 + 1) / (f + K1 * (1 - B + B * lengths[doc] / avgdl)))
            for doc, f in hits
        ]
    fallback = sorted(
        range(n),
        key=lambda i: (
            _ACTION_ORDER.get(functions[i][1].action_type, 2),
            _required_count(functions[i][1]),
            i,
        ),
    )
    return _Index(list(functions), postings, fallback)


class Shortlist:
    """The functions of a live catalog most likely meant by a message (BM25, see module doc)."""

    def __init__(self, catalog: Any):
        self.catalog = catalog
        self._built: tuple[Any, _Index] | None = None

    def _index(self) -> _Index:
        # keyed on the mapping object itself (held, so its id cannot be reused): a reload
        # replaces `catalog.extensions` in one assignment
        extensions = self.catalog.extensions
        if self._built is None or self._built[0] is not extensions:
            names = {app: m.display_name or app for app, m in extensions.items()}
            self._built = (extensions, build_index(self.catalog.all_functions(), names))
        return self._built[1]

    def ranked(self, message: str, k: int = 12) -> list[tuple[str, FunctionMeta, float]]:
        """Up to `k` (app_id, meta, score), best first; score 0.0 for the fallback order when
        nothing in the message matches. Ties keep catalog order."""
        index = self._index()
        if k <= 0 or not index.docs:
            return []
        scores: dict[int, float] = {}
        for t in set(terms(message[:MAX_MESSAGE])):
            for doc, w in index.postings.get(t, ()):
                scores[doc] = scores.get(doc, 0.0) + w
        if not scores:
            return [(*index.docs[i], 0.0) for i in index.fallback[:k]]
        best = heapq.nsmallest(k, scores.items(), key=lambda kv: (-kv[1], kv[0]))
        return [(*index.docs[doc], score) for doc, score in best]

    def top(self, message: str, k: int = 12) -> list[tuple[str, FunctionMeta]]:
        """Up to `k` (app_id, meta) pairs, best first (see `ranked`)."""
        return [(app, fd) for app, fd, _ in self.ranked(message, k)]
