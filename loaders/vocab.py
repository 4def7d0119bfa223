"""Vocabularies of `loaders/data/`, loaded once and compiled for matching."""
from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache

import ahocorasick

from graph.names import aliases as general_aliases
from loaders.normalize import data_lines

_REGION_SUFFIXES = ("维吾尔自治区", "壮族自治区", "回族自治区", "特别行政区", "自治区", "地区", "新区", "省", "市", "县", "区")


@dataclass(frozen=True)
class Region:
    """A region with its full name, administrative level and province."""

    name: str
    level: str  # province | city | county
    province: str  # "" for a county name used in several provinces (resolved from the article's context)
    city: str = ""  # the prefecture of a county, when known


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
    conditional: dict  # short form of a 县/区 -> Region, a region only in articles naming the full county
    region_words: frozenset  # every key of `regions` and `conditional`
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
        name, level, prov, city = (ln.split("\t") + ["", "", ""])[:4]
        regions.setdefault(name, Region(name, level, prov, city.strip()))
    stop = frozenset(w.strip() for w in data_lines("region_short_stop.txt"))
    county_short: dict[str, list[Region]] = {}
    for r in list(regions.values()):
        s = short_region(r.name)
        if s == r.name or s in stop:
            continue
        if r.level == "province":
            regions[s] = r
        elif r.level == "city":
            regions.setdefault(s, r)
        elif len(s) >= 2 and not r.name.endswith(("自治县", "自治旗")):
            county_short.setdefault(s, []).append(r)
    conditional: dict[str, Region] = {}
    for s, rs in county_short.items():
        if len(rs) != 1 or s in regions:
            continue
        if rs[0].name.endswith("市"):
            regions[s] = rs[0]  # a county-level city is written short anywhere: 五常市 -> 五常
        else:
            conditional[s] = rs[0]  # 县/区 stems only where the article names the full county: 顺德区 … 顺德
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
    aliases = dict(general_aliases())
    words, res = set(), []
    for ln in data_lines("exclusions.txt"):
        if ln.startswith("re:"):
            res.append(re.compile(ln[3:]))
        else:
            words.add(ln.strip())
    return Vocab(
        regions=regions,
        conditional=conditional,
        region_words=frozenset(regions) | frozenset(conditional),
        region_ac=_automaton((k, k) for k in (*regions, *conditional)),
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


# before a two-character county name (宾县, 和县) only these may stand: "担任县长" holds no 任县
_BEFORE_SHORT_COUNTY = frozenset("在由与和及、对向将把据从")


def region_hits(text: str, local: frozenset = frozenset()) -> list[tuple[int, int, Region]]:
    """Leftmost-longest region mentions of `text`. A short 县/区 form counts only when its full name is in
    `local` (the counties the article names); a two-character county name only after a non-Han
    character, another region or a preposition (not glued into a word: 担任县长 holds no 任县)."""
    v = vocab()
    out: list[tuple[int, int, Region]] = []
    for s, e, w in _raw_region_hits(text):
        r = v.regions.get(w)
        if r is None:
            r = v.conditional[w]
            if r.name not in local:
                continue
        if e - s == 2 and s > 0 and w[-1] in "县市区旗" and r.level == "county" and _glued(text, s, out):
            continue
        out.append((s, e, r))
    return out


@lru_cache(maxsize=512)
def _raw_region_hits(text: str) -> tuple[tuple[int, int, str], ...]:
    return tuple(longest_hits(vocab().region_ac, text))


def is_region_word(name: str) -> bool:
    """A region name or short form, including the short forms only some articles use (顺德 for 顺德区)."""
    return name in vocab().region_words


def _glued(text: str, s: int, prev: list) -> bool:
    ch = text[s - 1]
    if not ("\u3400" <= ch <= "\u9fff") or ch in _BEFORE_SHORT_COUNTY:
        return False
    return not (prev and prev[-1][1] == s)


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
