"""The per-sentence frame every relation rule reads, and the article state carried between sentences.

A `Frame` holds one sentence (original and folded text), its mentions, its clause boundaries and its
subject candidates (`groups`), plus the subject carried from earlier sentences, so "先后出台《…》" after
"广州市…" finds 广州市人民政府 as its actor. `frames` yields the frames of an article in order and
updates the carried state after each frame has been read by the rules.
"""
from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field

from graph.model import Document, Sentence
from loaders.entities import ArticleContext, Mention, RegionState
from loaders.entities.context import CLAUSE_END
from loaders.relations.words import trigger_re

_JOIN = re.compile(r"^(、|和|与|及|以及|联合|会同|同|,联合|联合省|会同省)$")
_CONTINUES = re.compile(r"^([一二三四五六七八九十]是|其[一二三四五]|此外|同时|另外|与此同时|并且|而且)")
_ALLIANCE = re.compile(r"(联盟|联合体)$")
_NEW_ITEM = re.compile(r"在[^,，。;；]{2,20}?(?:产业链上|产业上|领域|方面)[,，]")
ACTOR_TYPES = ("GovernmentBody", "Enterprise", "Platform")
# the object of a pivotal verb that then acts: distributive bodies (各市, 全省各地) or firms (链主企业, 企业)
_CAUSEE = re.compile(r"(?:全[省市区县])?各(?!类|项|种|级|方面)|(?:[\u4e00-\u9fff]{0,8}?(?:产业链|产业|链上|链主|链员|"
                     r"龙头|重点|骨干|中小|广大|相关|上下游|配套))?(?:企业|单位|机构)")


@dataclass
class Frame:
    """One sentence as the relation rules see it."""

    index: int
    sentence: Sentence
    mentions: list[Mention]
    starts: list[int]  # start offset of each clause
    groups: list[list[Mention]]  # subject candidates: a subject and the organs coordinated with it
    here: ArticleContext  # the region state in force when the sentence was read
    carry: list[Mention] = field(default_factory=list)  # subject carried from earlier sentences
    default: Mention | None = None  # the article's government, when nothing else acts
    builders: list[Mention] = field(default_factory=list)  # actors of "X建设的P" (P took their place)
    last_platform: Mention | None = None  # last 联合体 named before this sentence
    last_alliance: Mention | None = None  # last 联盟 / 联合体 named up to this sentence
    last_document: Mention | None = None  # last policy document named before this sentence

    @property
    def text(self) -> str:
        """The original sentence (evidence)."""
        return self.sentence.text

    @property
    def folded(self) -> str:
        """Simplified, half-width text with the same offsets: what the rules match on."""
        return self.sentence.folded

    def clause_of(self, pos: int) -> int:
        """Index of the clause containing `pos`."""
        k = 0
        for i, s in enumerate(self.starts):
            if s <= pos:
                k = i
        return k

    def clause_start(self, pos: int) -> int:
        """Offset where the clause holding `pos` begins (context.clause_start, on the frame's clauses)."""
        return self.starts[self.clause_of(pos)]

    def clause_span(self, k: int) -> tuple[int, int]:
        """(start, end) of clause `k`."""
        return self.starts[k], (self.starts[k + 1] if k + 1 < len(self.starts) else len(self.folded))

    def of_type(self, *types: str, free: bool = False) -> list[Mention]:
        """Mentions of the given types (free: not inside a document/platform name)."""
        return [m for m in self.mentions if m.type in types and (not free or m.inside is None)]

    @property
    def chains(self) -> list[Mention]:
        return self.of_type("Chain")

    @property
    def free_chains(self) -> list[Mention]:
        return self.of_type("Chain", free=True)

    def handed_over(self, lo: int, pos: int) -> bool:
        """A pivotal verb between `lo` and `pos` ("推动各市确定…", "指导企业建立…") hands the action at `pos`
        to its object: the sentence's actor is not the doer there."""
        t = self.folded
        for m in trigger_re("PIVOT").finditer(t, lo, pos):
            e = m.end()
            if _CAUSEE.match(t, e) or any(x.start == e and x.type in ACTOR_TYPES for x in self.mentions):
                return True
        return False

    def actor(self, pos: int) -> list[Mention]:
        """Who acts at `pos`: the last subject group starting in or before its clause, else a group in the
        next clause (after a fronted clause), else the carried subject, else the article's government."""
        k = self.clause_of(pos)
        best = None
        for g in self.groups:
            if self.clause_of(g[0].start) <= k and g[0].start < pos:  # a subject precedes its verb
                best = g
        if best is None and self.groups and self.clause_of(self.groups[0][0].start) <= k + 1:
            best = self.groups[0]  # "围绕X产业链,我局推动…": a fronted clause, its subject just after it
        return best or self.carry or ([self.default] if self.default else [])


def with_partners(text: str, group: list[Mention], ms: list[Mention]) -> list[Mention]:
    """`group` plus the actors of any type joined after it ("A联合B公司、C大学组建P": B and C build too)."""
    out = list(group)
    for m in sorted((m for m in ms if m.type in ACTOR_TYPES and m.inside is None), key=lambda m: m.start):
        if m.start >= out[-1].end and m not in out and _JOIN.match(text[out[-1].end:m.start]):
            out.append(m)
    return out


def clause_starts(text: str) -> list[int]:
    """Start offsets of the clauses of a sentence."""
    return [0] + [m.end() for m in CLAUSE_END.finditer(text)]


def subject_groups(text: str, ms: list[Mention]) -> list[list[Mention]]:
    """Subject mentions plus the organs coordinated with them (A联合B、C和D / A与B)."""
    actors = [m for m in ms if m.type in ACTOR_TYPES and m.inside is None]
    groups: list[list[Mention]] = []
    for m in actors:
        if groups and m.start >= groups[-1][-1].end and _JOIN.match(text[groups[-1][-1].end:m.start]) \
                and m.type == groups[-1][-1].type:
            groups[-1].append(m)
        elif m.subject:
            groups.append([m])
    return groups


def headlines(doc: Document) -> set[int]:
    """Indexes of headline sentences: short one-sentence paragraphs at the top without final punctuation."""
    out = set()
    paras: dict[int, list[int]] = defaultdict(list)
    for i, sent in enumerate(doc.sentences):
        paras[sent.paragraph].append(i)
    for para in sorted(paras)[:3]:
        idx = paras[para]
        text = doc.sentences[idx[0]].text.strip()
        if len(idx) == 1 and len(text) <= 40 and not text.endswith(("。", "！", "？", ".", "!", "?", "；", ";")):
            out.add(idx[0])
    return out


def frames(doc: Document, ctx: ArticleContext, per_sentence: list[list[Mention]],
           regions_at: list[RegionState] | None = None) -> Iterator[Frame]:
    """The frames of an article in reading order (headlines skipped: they name things but state no
    relation). The carried subject is updated after the caller has read each frame."""
    carry: list[Mention] = []
    default = None
    last_para = -1
    last_platform = last_alliance = last_document = None
    skip = headlines(doc)
    for i, (sent, ms) in enumerate(zip(doc.sentences, per_sentence)):
        if i in skip:
            continue
        t = sent.folded
        if sent.paragraph != last_para:
            if not _CONTINUES.match(t):
                carry = [m for m in carry if m.type == "GovernmentBody" and m.name.endswith("人民政府")] or carry[:0]
            last_para = sent.paragraph
        if default is None:
            default = next((m for m in ms if m.type == "GovernmentBody" and m.subject and m.name.endswith("人民政府")),
                           None)
        if _NEW_ITEM.match(t) and carry and carry[0].type == "Enterprise":
            carry = [default] if default else []  # "在X产业上,…": a new item of a roundup, not the last firm's
        here = ArticleContext(**regions_at[i]) if regions_at else ctx
        for p in ms:
            if p.type == "Platform" and p.inside is None and _ALLIANCE.search(p.name):
                last_alliance = p
        f = Frame(i, sent, ms, clause_starts(t), subject_groups(t, ms), here, carry, default,
                  last_platform=last_platform, last_alliance=last_alliance, last_document=last_document)
        yield f
        if f.groups:
            carry = f.groups[-1] if f.groups[-1][0].type == "GovernmentBody" else f.groups[0]
        for p in ms:
            if p.type == "Platform" and p.kind and "联合体" in p.kind and p.inside is None:
                last_platform = p
            elif p.type == "PolicyDocument" and p.inside is None:
                last_document = p
