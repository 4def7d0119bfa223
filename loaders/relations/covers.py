"""COVERS: a body, document or platform covers an industrial chain.

Read from a chain inside a name (《X产业链…方案》, X产业质量强链联盟), an actor with a scope verb
(聚焦/围绕 X产业链), inclusion (将X产业链纳入…, X产业链被…纳入) and chains named in document titles.
"""
from __future__ import annotations

import re
from collections.abc import Iterator

from graph.model import Document
from loaders.entities import Mention
from loaders.relations.frame import Frame
from loaders.relations.issued import INCLUDE, Hit
from loaders.relations.words import covers_re, doc_covers_re, trigger_re

# platforms whose name states the chain they cover (质量创新联合体, 产业联盟)
_NAMES_ITS_CHAIN = re.compile(r"(联合体|联盟)$")
_LAUNCH = re.compile(r"(启动|开展|实施|组织开展|部署)(了)?$")
_CAMPAIGN = re.compile(r"[^,，。;；]{0,16}?(专项行动|行动|活动|工程|试点|攻坚)")
# "开展X产业链质量赋能调研 / 帮扶对接": a visit or service whose name is a support verb is support too
_SUPPORT_VISIT = re.compile(r"[^,，。;；]{0,12}?(?:赋能|帮扶|扶持)(?:调研|对接|诊断|服务)")
_INDUSTRY_NOTE = re.compile(r"\([^()]{2,30}?产业\)$")
# between an industry and the quoted programme it names: 产业 / 产业链 / 质量强链 and a quote mark
_BEFORE_PROGRAMME = re.compile(r"(?:产业链|产业)?(?:质量强链|质量提升|质量)?[“\"「]?")
_QUOTE = re.compile(r".?[“\"「]")
_ANAPHOR = re.compile(r"(?:^|[,，;；])(?:该|此|这一|上述)(方案|意见|计划|通知|办法|措施|纲要|规划|细则)(?:还|进一步|中)?")
# a clause reporting a document's content ("印发《意见》,提出将聚焦…"): the document is its subject
_REPORTS = re.compile(r"(?:并|还|其中)?(?:提出|明确|指出|强调|要求|规定)")
# "围绕/按照/贯彻《X》,…": a document cited as the basis of the action, not one reported as stating a scope
_CITED = re.compile(r"(?:围绕|按照|依据|根据|贯彻|落实|对照|对标)《?$")
_OFFICE = re.compile(r"(办公厅|办公室)$")
_PASSIVE_BY = re.compile(r"被[^,，。;；被]{2,24}?(纳入|列入|列为|确定为|认定为|评为)")


def covers_chain_in_name(f: Frame) -> Iterator[Hit]:
    """A document, or an alliance / joint body, whose name contains a chain covers it."""
    for c in f.chains:
        if c.inside:
            host = next((m for m in f.mentions if m.name == c.inside and m.type in ("PolicyDocument", "Platform")),
                        None)
            if host is not None and (host.type == "PolicyDocument" or _NAMES_ITS_CHAIN.search(host.name) or
                                     _serves_named_industry(host, c)):
                yield "COVERS", host, c, "covers.chain_in_name", 0.8


def _serves_named_industry(host: Mention, c: Mention) -> bool:
    """"P(X产业)" / "P(X和Y产业)": the industry a platform's name states in brackets, the chain it serves."""
    m = _INDUSTRY_NOTE.search(host.name)
    return bool(m) and host.start + m.start() <= c.start < host.start + m.end()


def covers_chain_before_programme(f: Frame) -> Iterator[Hit]:
    """"推出X产业(质量强链)“P”": a quoted programme or platform named right after an industry covers it."""
    t = f.folded
    for c in f.free_chains:
        p = next((m for m in f.of_type("Platform", free=True) if m.start > c.end and
                  _BEFORE_PROGRAMME.fullmatch(t, c.end, m.start)), None)
        if p is not None and _QUOTE.match(t, p.start - 1, p.start + 1):
            yield "COVERS", p, c, "covers.chain_before_programme", 0.7


def covers_subject_trigger_chain(f: Frame) -> Iterator[Hit]:
    """The acting body of a scope verb covers the chains of that clause (聚焦A、B产业链) unless the clause
    reports a document named before it (印发《X》,提出…: the document states the scope), it is an office, or a pivotal verb hands the
    action on (推动各市确定…)."""
    t = f.folded
    cov = list(covers_re().finditer(t))
    for c in f.free_chains:
        k = f.clause_of(c.start)
        tr = [m for m in cov if f.starts[k] <= m.start() < c.start]
        if not tr:
            continue
        pos = tr[-1].start()
        docs = [d for d in f.of_type("PolicyDocument") if d.end <= pos and not _CITED.search(t, 0, d.start)]
        for a in f.actor(pos)[:1]:
            here = a in f.mentions and a.end <= pos
            if docs and (not here or a.end <= docs[-1].start and _REPORTS.match(t, f.starts[f.clause_of(pos)])):
                continue  # "A印发《意见》,提出将聚焦X": the document states the scope, not its issuer
            if _OFFICE.search(a.name) or f.handed_over(a.end if here else 0, pos):
                continue  # an office publishes for its principal; "推动各市聚焦X": the cities act
            if a.type == "GovernmentBody":
                yield "COVERS", a, c, "covers.subject_trigger_chain", 0.7


def covers_include(f: Frame) -> Iterator[Hit]:
    """将/把 Z产业链 纳入…: the actor covers Z (and so does the document it is put into)."""
    t = f.folded
    for m in INCLUDE.finditer(t):
        inside = [c for c in f.free_chains if m.start(1) <= c.start < m.end(1)]
        into = next((d for d in f.mentions if d.type == "PolicyDocument" and d.start == m.end()), None)
        if into is not None:
            for c in inside:
                yield "COVERS", into, c, "covers.included_into_document", 0.75
        for c in inside:
            for a in f.actor(m.start())[:1]:
                if a.type in ("GovernmentBody", "Platform"):
                    yield "COVERS", a, c, "covers.include_into", 0.75


def covers_passive(f: Frame) -> Iterator[Hit]:
    """X产业链…被Y纳入/列为…: the organ Y covers X."""
    t, ms = f.folded, f.mentions
    pm = re.search(r"被纳入", t)
    if pm:
        g = next((m for m in ms if m.type == "GovernmentBody" and m.start > pm.start()), None)
        if g:
            for c in f.free_chains:
                if c.start < pm.start():
                    yield "COVERS", g, c, "covers.passive_included", 0.75
    for pm in _PASSIVE_BY.finditer(t):
        g = next((m for m in ms if m.type == "GovernmentBody" and m.start == pm.start() + 1 and
                  m.end == pm.start(1)), None)
        if g:
            k = f.clause_of(pm.start())
            for c in f.free_chains:
                if f.starts[k] <= c.start < pm.start():
                    yield "COVERS", g, c, "covers.passive_included", 0.75


def covers_campaign_on_chain(f: Frame) -> Iterator[Hit]:
    """A body launching (启动/开展/部署) a campaign (行动/活动/工程/试点) named after a chain covers that chain;
    a campaign whose name is a support verb (帮扶/赋能/服务…行动) supports it. A research visit is no campaign."""
    t = f.folded
    for c in f.free_chains:
        lo, hi = f.clause_span(f.clause_of(c.start))
        m = _CAMPAIGN.match(t, c.end, hi) or _SUPPORT_VISIT.match(t, c.end, hi)
        if not m or not _LAUNCH.search(t[max(lo, c.start - 6):c.start]):
            continue
        support = trigger_re("SUPPORT_CAMPAIGN").search(t, c.end, m.end())
        for a in f.actor(c.start)[:1]:
            if support and a.type in ("GovernmentBody", "Platform"):
                yield "SUPPORTS", a, c, "supports.support_campaign_on_chain", 0.7
            elif a.type == "GovernmentBody":
                yield "COVERS", a, c, "covers.campaign_on_chain", 0.7


def covers_document_anaphor(f: Frame) -> Iterator[Hit]:
    """"该方案明确了A、B、C3条重点产业链": the document last named (a 方案 for 该方案) covers the chains
    the clause lists after a scope verb."""
    t, d = f.folded, f.last_document
    if d is None:
        return
    for m in _ANAPHOR.finditer(t):
        if not d.name.endswith(m.group(1)) or any(x.type == "PolicyDocument" and x.start <= m.start() < x.end
                                                  for x in f.mentions):
            continue
        tr = doc_covers_re().match(t, m.end())
        if not tr:
            continue
        _, hi = f.clause_span(f.clause_of(m.start()))
        for c in f.free_chains:
            if tr.end() <= c.start < hi:
                yield "COVERS", d, c, "covers.document_anaphor", 0.7


def title_chains(doc: Document, per_sentence: list[list[Mention]]) -> Iterator[tuple]:
    """Article-level: a chain of the article named inside a document's title (《赣南脐橙质量分级》) or an
    alliance's name (a region, an industry, then 质量强链联盟) is covered by it. Yields (hit, evidence, sentence index)."""
    stems = {m.name[:-3]: m for ms in per_sentence for m in ms if m.type == "Chain" and m.name.endswith("产业链")}
    seen = set()
    for i, (sent, ms) in enumerate(zip(doc.sentences, per_sentence)):
        for d in ms:
            if d.name in seen or not (d.type == "PolicyDocument" or d.type == "Platform" and d.inside is None
                                      and _NAMES_ITS_CHAIN.search(d.name)):
                continue
            seen.add(d.name)
            hits = [st for st in stems if len(st) >= 2 and st in d.name]
            for st in hits:
                if not any(st != o and st in o for o in hits):  # 新能源汽车 over 汽车
                    rule = "covers.chain_in_title" if d.type == "PolicyDocument" else "covers.chain_in_alliance_name"
                    yield ("COVERS", d, stems[st], rule, 0.7), sent.text, i
