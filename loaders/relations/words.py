"""Trigger words of the relation rules, read from `loaders/data/triggers.json` (one list per key).

Each key is a family of verbs or role nouns; `trigger_re(key)` is the alternation of one list, longest
first. Every key of the file is read here by some rule (a test checks it).
"""
from __future__ import annotations

import re
from functools import lru_cache

from loaders.vocab import vocab


@lru_cache(maxsize=None)
def words(key: str) -> tuple[str, ...]:
    """The trigger list `key` of triggers.json."""
    return tuple(vocab().triggers[key])


def alternation(ws) -> re.Pattern:
    """A regex matching any of `ws`, longest first."""
    return re.compile("|".join(re.escape(w) for w in sorted(set(ws), key=len, reverse=True)))


@lru_cache(maxsize=None)
def trigger_re(key: str) -> re.Pattern:
    """Alternation of one trigger list of triggers.json, longest first."""
    return alternation(words(key))


@lru_cache(maxsize=1)
def covers_re() -> re.Pattern:
    """Forward COVERS triggers (the object follows the trigger); 纳入 is read by the include rule instead."""
    return alternation(w for w in words("COVERS") if w != "纳入")


@lru_cache(maxsize=1)
def doc_covers_re() -> re.Pattern:
    """COVERS triggers after a document title, plus the words that state its scope (明确, 遴选 …)."""
    return alternation(words("COVERS") + words("DOC_COVERS"))


@lru_cache(maxsize=None)
def compiled(template: str, key: str) -> re.Pattern:
    """`template` with `{words}` replaced by the alternation of trigger list `key` (compiled once)."""
    return re.compile(template.replace("{words}", trigger_re(key).pattern))
