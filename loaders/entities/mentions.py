"""All entity families on one sentence: run each, resolve overlaps (a longer platform/document span
contains what is inside it), flag subjects and advance the article's region state.
"""
from __future__ import annotations

import re

from graph.model import Sentence
from loaders.entities.chains import extend_known_chains, find_chains
from loaders.entities.context import ArticleContext, Mention, Tag, is_subject_position
from loaders.entities.documents import find_documents
from loaders.entities.enterprises import find_enterprises
from loaders.entities.organs import find_governments, update_region_state
from loaders.entities.platforms import find_platforms, platform_anaphora

_AS_ROLE_CLAUSE = re.compile(r"作为[^,，。;；]{0,30}(?:链主|龙头)企业?[,，]")


_ISSUER_TAIL = re.compile(r"(联合)?(关于|印发|转发|发布)")


def _title_issuer(text: str, g: Mention, govs: list[Mention], docs: list[Mention]) -> bool:
    """An organ opening a document title before 关于/印发 (《中共X委办公厅、X人民政府办公厅印发…》) issued it:
    it stays an entity although the title contains it."""
    d = next((d for d in docs if d.start <= g.start and g.end <= d.end), None)
    if d is None:
        return False
    pos = d.start + (1 if text[d.start:d.start + 1] == "《" else 0)
    for o in sorted((o for o in govs if d.start <= o.start < d.end), key=lambda o: o.start):
        if o.start != pos:
            return False
        pos = o.end
        if _ISSUER_TAIL.match(text, pos):
            return o.end >= g.end
        if text[pos:pos + 1] in "、和与及":
            pos += 1
    return False


def find_mentions(sentence: Sentence, ctx: ArticleContext, abbreviations: dict | None = None) -> list[Mention]:
    """All entity mentions of one sentence, with subject flags and containment set."""
    text = sentence.folded
    if abbreviations is None:
        abbreviations = ctx.abbreviations
    docs = find_documents(text, abbreviations)
    govs = find_governments(text, ctx)
    platforms = find_platforms(text, ctx)
    chains = extend_known_chains(text, find_chains(text), ctx)
    ents = find_enterprises(text, ctx.known_enterprises)
    # re-mentions of enterprises named earlier in the article
    for name in sorted(ctx.known_enterprises, key=len, reverse=True):
        if name not in text:
            continue
        for m in re.finditer(re.escape(name), text):
            if not any(e.start <= m.start() < e.end for e in ents):
                ents.append(Mention("Enterprise", name, m.start(), m.end(), name))
    # "作为X产业链的链主企业,E…": E is the chain master of the clause before it
    for m in _AS_ROLE_CLAUSE.finditer(text):
        for e in ents:
            if e.start == m.end() and not e.tag:
                e.tag = Tag.MASTER
    # containers: platform/document spans; drop overlapping mentions of lower priority
    containers = [d for d in docs] + [p for p in platforms]
    for m in govs + chains + ents + platforms:
        for c in containers:
            if c is not m and c.start <= m.start and m.end <= c.end and (c.end - c.start) > (m.end - m.start):
                m.inside = c.name
                break
    govs = [g for g in govs if g.inside is None or _title_issuer(text, g, govs, docs)]
    platforms = [p for p in platforms if not any(p.start >= q.start and p.end <= q.end and p is not q and
                                                  (q.end - q.start) > (p.end - p.start) for q in platforms)]
    chains = [c for c in chains if not any(e.start <= c.start and c.end <= e.end and e.end - e.start > c.end - c.start
                                           and e.inside is None for e in ents)]
    ents = [e for e in ents if e.inside is None and not any(g.start <= e.start < g.end for g in govs)
            and not any(c.start <= e.start and e.end <= c.end for c in chains)
            and not any(p.start <= e.start < p.end for p in platforms)]
    platforms = [p for p in platforms if not any(d.start <= p.start < d.end for d in docs)]
    platforms += platform_anaphora(text, ctx, platforms)
    for m in ents + platforms:
        if is_subject_position(text, m.start):
            m.subject = True
    update_region_state(text, ctx, govs)
    mentions = docs + govs + platforms + chains + ents
    mentions.sort(key=lambda m: (m.start, -m.end))
    return mentions
