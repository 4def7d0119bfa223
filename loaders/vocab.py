"""Vocabularies of `loaders/data/`, loaded once and compiled for matching."""
from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache

import ahocorasick

from loaders.normalize import data_lines

_REGION_SUFFIXES = ("维吾尔自治区", "壮族自治区", "回族自治区", "特别行政区", "自治区", "省", "市", "县", "区")


@dataclass(frozen=True)
class Region:
    """A region with its full name, administrative level and province."""

    name: str
    level: str  # province | city | county
    province: str


def short_region(name: str) -> str:
    """`苏州市` -> `苏州`, `内蒙古自治区` -> `内蒙古`; unchanged when the rest would be one character."""
    for suf in _REGION_SUFFIXES:
        if name.endswith(suf) and len(name) - len(suf) >= 2:
            return name[: -len(suf)]
    return name


def _automaton(words) -> ahocorasick.Automaton:
    a = ahocorasick.Automaton()
    for w, v in words:
        a.add_word(w, (len(w), v))
    a.make_automaton()
    return a


@dataclass(frozen=True)
class Vocab:
    """All compiled vocabularies."""

    regions: dict  # surface (full or short) -> Region
    region_ac: ahocorasick.Automaton
    industries: frozenset
    industry_ac: ahocorasick.Automaton
    organ_suffixes: tuple  # (surface, canonical, kind), longest first
    national: dict  # surface -> (canonical, kind)
    national_ac: ahocorasick.Automaton
    platform_kinds: tuple  # longest first
    platform_kind_re: re.Pattern
    triggers: dict
    aliases: dict
    exclusion_words: frozenset
    exclusion_res: tuple


@lru_cache(maxsize=1)
def vocab() -> Vocab:
    """Load and compile every vocabulary file (cached)."""
    regions: dict[str, Region] = {}
    for ln in data_lines("regions.tsv"):
        name, level, prov = ln.split("\t")[:3]
        r = Region(name, level, prov)
        regions.setdefault(name, r)
    for r in list(regions.values()):
        s = short_region(r.name)
        if s != r.name and (s not in regions or r.level == "province"):
            regions[s] = r
    industries = frozenset(ln.strip() for ln in data_lines("industries.txt"))
    organs = []
    for ln in data_lines("organ_suffixes.tsv"):
        a, b, k = ln.split("\t")[:3]
        organs.append((a, b, k))
    organs.sort(key=lambda t: -len(t[0]))
    national = {}
    for ln in data_lines("national_organs.tsv"):
        a, b, k = ln.split("\t")[:3]
        national[a] = (b, k)
    kinds = sorted({ln.strip() for ln in data_lines("platform_kinds.txt")}, key=len, reverse=True)
    from importlib import resources

    triggers = json.loads(resources.files("loaders").joinpath("data", "triggers.json").read_text("utf-8"))
    aliases = {}
    for ln in data_lines("aliases.tsv"):
        a, b = ln.split("\t")[:2]
        aliases[a] = b
    words, res = set(), []
    for ln in data_lines("exclusions.txt"):
        if ln.startswith("re:"):
            res.append(re.compile(ln[3:]))
        else:
            words.add(ln.strip())
    return Vocab(
        regions=regions,
        region_ac=_automaton((k, k) for k in regions),
        industries=industries,
        industry_ac=_automaton((w, w) for w in industries),
        organ_suffixes=tuple(organs),
        national=national,
        national_ac=_automaton((k, k) for k in national),
        platform_kinds=tuple(kinds),
        platform_kind_re=re.compile("|".join(map(re.escape, kinds))),
        triggers=triggers,
        aliases=aliases,
        exclusion_words=frozenset(words),
        exclusion_res=tuple(res),
    )


@lru_cache(maxsize=1)
def name_affixes() -> dict[str, tuple[str, ...]]:
    """Words glued to names by the text, per side (left / right / quantity), longest first."""
    out: dict[str, list[str]] = {"left": [], "right": [], "quantity": []}
    for ln in data_lines("name_affixes.tsv"):
        side, word = ln.split("\t")[:2]
        out.setdefault(side, []).append(word.strip())
    return {k: tuple(sorted(v, key=len, reverse=True)) for k, v in out.items()}


@lru_cache(maxsize=16384)
def excluded(name: str) -> bool:
    """True when `name` (simplified) is a newspaper, website, generic head or other non-entity."""
    v = vocab()
    return name in v.exclusion_words or any(r.search(name) for r in v.exclusion_res)


def longest_hits(ac: ahocorasick.Automaton, text: str) -> list[tuple[int, int, str]]:
    """Leftmost-longest non-overlapping (start, end, word) matches of an automaton."""
    best: dict[int, tuple[int, str]] = {}
    for end, (ln, w) in ac.iter(text):
        s = end - ln + 1
        if s not in best or best[s][0] < ln:
            best[s] = (ln, w)
    out, pos = [], -1
    for s in sorted(best):
        ln, w = best[s]
        if s >= pos:
            out.append((s, s + ln, w))
            pos = s + ln
        elif s + ln > pos and out and ln > out[-1][1] - out[-1][0] and s < out[-1][1]:
            # a longer word starting inside the previous one: keep the longer
            if s == out[-1][0]:
                out[-1] = (s, s + ln, w)
                pos = s + ln
    return out
