"""What every entity family shares: the `Mention` a rule returns, the article's region context, and
whether a position is a clause subject.

`ArticleContext` carries the article's main province / city / county and the running state while reading
(last bureau, last town, news-brief item) so unqualified organs ("省市场监管局", "该县") resolve.
"""
from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from enum import StrEnum
from typing import TypedDict

from graph.model import Document
from loaders.entities.bounds import HAN
from loaders.normalize import fold
from loaders.vocab import region_hits, vocab

# clause-initial adverbials that do not hide the subject ("今年3月,", "一方面,")
_ADVERBIAL = re.compile(
    r"^(近日|近年来|近些年|今年以来|今年|去年|目前|当前|同时|此外|另外|其中|据介绍|下一步|下阶段|与此同时|"
    r"一方面|另一方面|截至目前|为此|对此|首先|其次|最后|[一二三四五六七八九十]是|"
    r"\d{4}年(\d{1,2}月)?(\d{1,2}日)?(底|初|以来|起|中)?|\d{1,2}月(\d{1,2}日)?|"
    r"[^,，。]{0,14}(以来|期间|方面|过程中|基础上|时候|背景下))?[,，:]?"
    rf"(([{HAN}]{{2,10}}产业链?)?(链主企业|龙头企业|领军企业|牵头企业|牵头单位|骨干企业))?$"
)


class Tag(StrEnum):
    """The role an entity finder saw written around an enterprise, for the relation rules (a str: "" is none)."""

    NONE = ""
    MASTER = "master"  # chain master (链主企业E, E作为…链主): LEADS its chain
    MEMBER = "member"  # member enterprise (链上/链员企业): MEMBER_OF its chains
    LEAD_UNDER = "lead_under"  # 在链主企业X的带动下: X, named as the chain master leading others


@dataclass
class Mention:
    """An entity mention in one sentence (canonical name, span in the folded sentence)."""

    type: str
    name: str
    start: int
    end: int
    surface: str
    kind: str | None = None
    region: str | None = None
    subject: bool = False
    tag: Tag = Tag.NONE  # the role written around an enterprise
    ref: str | None = None  # e.g. the platform an enterprise heads
    inside: str | None = None  # name of the platform/document whose span contains this mention


class RegionState(TypedDict):
    """The region state one sentence is read in (a snapshot of `ArticleContext`'s region fields)."""

    province: str | None
    city: str | None
    county: str | None
    item: str | None
    town: str | None


@dataclass
class ArticleContext:
    """What the article is about, plus the running region state while reading it."""

    province: str | None = None
    city: str | None = None
    county: str | None = None
    last_bureau: str | None = None
    bureau_kind: str | None = None  # suffix of the last bureau named (市场监督管理局): what 市局 / 省局 stand for
    known_enterprises: set = field(default_factory=set)
    last_platform: dict = field(default_factory=dict)  # head (中心, 联盟, …) -> the last platform named with it
    last_named: dict = field(default_factory=dict)  # 省/市/县/区 -> the last region named with that ending
    chain_stems: set = field(default_factory=set)  # industries named as chains so far (晶硅光伏, …)
    self_organ: str | None = None  # interview style: the organ the interviewee speaks for (我局, 我们)
    local: frozenset = frozenset()  # counties named in full in the article: their short forms count (顺德)
    item: str | None = None  # the county a news-brief item (paragraph) is about: "【五常市】…" / "五常市由…"
    town: str | None = None  # the last town (镇/乡/街道) named as an actor
    abbreviations: dict[str, str] = field(default_factory=dict)  # this article's 简称《X》 -> the document's title

    @classmethod
    def from_regions(cls, doc: Document) -> "ArticleContext":
        """Main province/city/county = most frequent regions (title counted thrice)."""
        v = vocab()
        counts: dict[str, Counter] = {"province": Counter(), "city": Counter(), "county": Counter()}
        title = fold(doc.title)
        ctx = cls()
        ctx.local = frozenset(r.name for t in (title, *(s.folded for s in doc.sentences))
                              for _, _, r in region_hits(t) if r.level == "county")
        for text, w in ((title, 3), *((s.folded, 1) for s in doc.sentences)):
            for _, _, r in region_hits(text, ctx.local):
                counts[r.level][r.name] += w
        top = {lv: (c.most_common(1)[0] if c else None) for lv, c in counts.items()}
        if top["county"] and top["county"][1] >= 3:
            ctx.county = top["county"][0]
        if top["city"] and top["city"][1] >= 3:
            ctx.city = top["city"][0]
        if top["province"]:
            ctx.province = top["province"][0]
        parent = v.regions.get(ctx.county or ctx.city or "", None)
        if parent and (not ctx.province or counts["province"][ctx.province] < 3):
            ctx.province = parent.province
        return ctx

    def region_for(self, level: str) -> str | None:
        """The current region at an administrative level (falls back to the next higher one); inside a
        county's news item, 县/区 and (for a county-level city) 市 mean that county."""
        if level == "town":
            return self.town
        if level == "county":
            return self.item or self.county or self.city or self.province
        if level == "city":
            if self.item and self.item.endswith("市"):
                return self.item
            return self.city or self.province
        return self.province


# what ends a clause inside a sentence: the one set for entity finders and relation rules alike
CLAUSE_MARKS = ",，;；:：。!?！？"
CLAUSE_END = re.compile(f"[{re.escape(CLAUSE_MARKS)}]")


def clause_start(text: str, pos: int) -> int:
    """Offset where the clause holding `pos` begins (just after the last clause mark before it)."""
    k = pos
    while k > 0 and text[k - 1] not in CLAUSE_MARKS:
        k -= 1
    return k


def listed_items(text: str, start: int, items: Iterable[str]) -> Iterator[tuple[int, str]]:
    """(offset in `text`, item) for the items of a list written in `text` from `start` on (A、B和C, split
    by the caller at its own separators); an item not found there has offset -1."""
    pos = start
    for it in items:
        s = text.find(it, pos)
        yield s, it
        pos = s + len(it)


def is_subject_position(text: str, start: int) -> bool:
    """True when only an adverbial (or nothing) precedes `start` in its clause."""
    k = clause_start(text, start)
    return bool(_ADVERBIAL.match(text[k:start]))
