"""Script folding of article text shared by clean, extract and resolve.

`fold` maps text to simplified script and half width *character by character*
so offsets in the folded text are offsets in the original; `name_key` is the
looser key under which two names count as the same entity (graph/names.py's
`fold_name` of the folded text, the one name folding of the project).
"""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from importlib import resources

import opencc

from graph.names import fold_name, spell_out, variants

_T2S = opencc.OpenCC("t2s")


def data_lines(name: str) -> list[str]:
    """Non-empty, non-comment lines of a vocabulary file in `loaders/data/`."""
    text = resources.files("loaders").joinpath("data", name).read_text(encoding="utf-8")
    return [ln.rstrip("\n") for ln in text.splitlines() if ln.strip() and not ln.startswith("#")]


@lru_cache(maxsize=65536)
def _fold_char(ch: str) -> str:
    """One character folded (NFKC width, t2s, variants) or itself when that changes its length."""
    n = unicodedata.normalize("NFKC", ch)
    if len(n) != 1:
        n = ch
    s = _T2S.convert(n)
    if len(s) != 1:
        s = n
    return variants().get(s, s)


class _CharTable(dict):
    """str.translate table: NFKC width folding + variants per character, filled lazily."""

    def __missing__(self, ch: int) -> str:
        c = chr(ch)
        n = unicodedata.normalize("NFKC", c)
        if len(n) != 1:
            n = c
        out = variants().get(n, n)
        self[ch] = out
        return out


_TABLE = _CharTable()


@lru_cache(maxsize=1)
def _taiwan_terms() -> tuple[re.Pattern | None, dict[str, tuple[str, str, str]]]:
    """Taiwan wording (品質, 人工智慧) -> mainland term of the same length, from `taiwan_terms.tsv`."""
    terms = {}
    for ln in data_lines("taiwan_terms.tsv"):
        a, b, *rest = ln.split("\t")
        if len(a) == len(b):
            terms[a] = (b, rest[0] if rest else "", rest[1] if len(rest) > 1 else "")
    pat = re.compile("|".join(map(re.escape, sorted(terms, key=len, reverse=True)))) if terms else None
    return pat, terms


def _mainland_terms(text: str, folded: str) -> str:
    """`folded` with the Taiwan terms of the original `text` replaced in place (same offsets)."""
    pat, terms = _taiwan_terms()
    if pat is None or not pat.search(text):
        return folded
    parts, last = [], 0
    for m in pat.finditer(text):
        term, not_after, only_before = terms[m.group(0)]
        if m.start() > 0 and folded[m.start() - 1] in not_after:
            continue  # 產品質量 is 产品 + 质量, not 品質
        if only_before and (folded[m.end():m.end() + 1] or "\n") not in only_before:
            continue
        parts += [folded[last:m.start()], term]
        last = m.end()
    return "".join(parts) + folded[last:]


def fold(text: str) -> str:
    """Simplified, half-width text of exactly the same length as `text` (Taiwan wording as mainland terms)."""
    if not text:
        return text
    whole = _T2S.convert(text)
    if len(whole) != len(text):
        # t2s changed the length somewhere (phrase conversion): fold char by char instead.
        whole = "".join(_fold_char(c) for c in text)
        return _mainland_terms(text, whole)
    # t2s is char-for-char here (it is phrase-aware, so prefer it); still fold width + variants.
    return _mainland_terms(text, whole.translate(_TABLE))


@lru_cache(maxsize=16384)
def name_key(name: str) -> str:
    """Key under which names are the same: `fold` (Taiwan terms too), then `fold_name`, 市场监管局 spelled out."""
    return spell_out(fold_name(fold(unicodedata.normalize("NFKC", name))))
