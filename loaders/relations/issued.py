"""ISSUED: a government body issues a policy document ("A联合B、C印发《…》", "…《X》的出台").

Also the COVERS edges that come with an issuing sentence ("印发《…》,将X、Y产业链纳入…").
"""
from __future__ import annotations

import re
from collections.abc import Iterator

from loaders.entities import Mention
from loaders.relations.frame import Frame
from loaders.relations.words import doc_covers_re, words

Hit = tuple  # (relation type, source mention, target mention, rule, confidence)

_AFTER_ISSUE = re.compile(r"^[^,，。]{0,40}的(制定出台|出台|印发|发布)")
_NOT_ISSUING = re.compile(r"(在|围绕|按照|依据|根据|贯彻落实|落实)$")  # "根据《…》": the document is cited
_NEAR_GAP = re.compile(r"^(等\d*个?部门)?(在[^,，]{0,8})?(先后|率先|联合|共同)?$")
_JOINED = re.compile(r"(联合|会同|同)$")
_LIST_SEP = re.compile(r"[、和及与]|以及")
_SUBJECT_LEAD = re.compile(r"(?:该|此外|同时|其中|新版|最新)?")
_BY_AGENT = re.compile(r"由([^,，。;；由]{1,24}?)(?:牵头|负责|组织|主导)?(?:联合|会同|共同)?$")
# "领导小组办公室(省X厅)": the organ in brackets houses the office and acts with it
_OFFICE_OF = re.compile(r".*(?:领导小组办公室|委员会办公室|指挥部办公室)")
_TITLE_GAP = re.compile(r"[、和及与]?|以及")
INCLUDE = re.compile(r"(?:将|把)([^,，。;；]{2,40}?)(?:纳入|列入|列为|作为)")


def issued_subject_verb_title(f: Frame) -> Iterator[Hit]:
    """The actor of an issuing verb (or the organs right before it) issues the document after it."""
    t, ms = f.folded, f.mentions
    for d in f.of_type("PolicyDocument"):
        before = t[:d.start]
        verb_pos = max((before.rfind(w) for w in words("ISSUED")), default=-1)
        if verb_pos < 0 and not _AFTER_ISSUE.match(t[d.end:]):
            continue
        if _NOT_ISSUING.search(before[-4:]):
            continue
        who = _issuers(f, d, verb_pos)
        who = who + [g for w in who for g in ms if g.type == "GovernmentBody" and g not in who and
                     _OFFICE_OF.fullmatch(w.name) and g.start == w.end + 1 and t[w.end] in "(（"]  # 办公室(省X厅)
        by = _BY_AGENT.search(t, f.starts[f.clause_of(max(verb_pos, 0))], max(verb_pos, 0)) if verb_pos >= 0 else None
        if by:  # "由A(牵头)制定的《X》": the agent A issues X; an agent that is no organ issues no ISSUED edge
            who = [g for g in ms if g.type == "GovernmentBody" and g.inside is None and by.start(1) <= g.start < by.end(1)]
        issued = False
        for g in who:
            if g.type == "GovernmentBody":
                yield "ISSUED", g, d, "issued.subject_verb_title", 0.85
                issued = True
        if issued:  # 印发《…》,将X、Y产业链纳入/列为…: the document covers what it includes
            for m in INCLUDE.finditer(t, d.end):
                for c in f.free_chains:
                    if m.start(1) <= c.start < m.end(1):
                        yield "COVERS", d, c, "covers.document_includes", 0.75
        yield from _document_then_trigger(f, d)


def covers_document_as_subject(f: Frame) -> Iterator[Hit]:
    """"《方案》聚焦A、B两条产业链": a document heading its clause states the scope that follows."""
    t = f.folded
    for d in f.of_type("PolicyDocument", free=True):
        lo = f.starts[f.clause_of(d.start)]
        if _SUBJECT_LEAD.fullmatch(t, lo, d.start):
            yield from _document_then_trigger(f, d)


def _document_then_trigger(f: Frame, d: Mention) -> Iterator[Hit]:
    """The document covers chains named after it behind a scope verb (…方案,首批围绕A、B开展)."""
    t = f.folded
    docs = f.of_type("PolicyDocument", free=True)
    if any(o is not d and (o.end <= d.start and _TITLE_GAP.fullmatch(t, o.end, d.start) or
                           d.end <= o.start and _TITLE_GAP.fullmatch(t, d.end, o.start)) for o in docs):
        return  # "印发《X》《Y》,围绕A开展…": which title states the scope is not said; the actor's rule reads it
    for c in f.free_chains:
        tr = None
        if c.start > d.end:
            tr = list(doc_covers_re().finditer(t, max(d.end, f.starts[f.clause_of(c.start)]), c.start))
        if tr and not re.search("由|担任", t[tr[-1].end():c.start]):  # not "明确由市长担任X链长"
            yield "COVERS", d, c, "covers.document_then_trigger", 0.7


def _issuers(f: Frame, d: Mention, verb_pos: int) -> list[Mention]:
    """Who issues `d`: organs right before the verb in its clause (指导X等6部门出台) with those listed
    before them, else the actor of the verb."""
    t, ms = f.folded, f.mentions
    who = f.actor(verb_pos if verb_pos >= 0 else d.start)
    near = [g for g in ms if g.type == "GovernmentBody" and g.inside is None and g.end <= verb_pos and
            f.clause_of(g.start) == f.clause_of(max(verb_pos, 0)) and _NEAR_GAP.match(t[g.end:verb_pos])]
    if not near:
        return who
    who = co_issuers(t, near[-1], ms)
    if _JOINED.search(t[:who[0].start]):
        # "A(作为…),今年3月联合B、C和D印发《…》": the subject A issues too
        who = [g for g in f.actor(who[0].start) if g.type == "GovernmentBody" and g.start < who[0].start
               and g not in who] + who
    grouped = sum(f.groups, [])
    co = [g for g in ms if g.type == "GovernmentBody" and g in grouped and g not in who]
    return who + [g for g in co if any(g in grp and near[-1] in grp for grp in f.groups)]


def co_issuers(t: str, last: Mention, ms: list[Mention]) -> list[Mention]:
    """The organ right before an issuing verb plus the organs listed before it (B、C和D印发)."""
    govs = sorted((g for g in ms if g.type == "GovernmentBody" and g.inside is None), key=lambda g: g.start)
    out = [last]
    for g in reversed(govs):
        if g.end <= out[0].start and _LIST_SEP.fullmatch(t[g.end:out[0].start]):
            out.insert(0, g)
        elif g.end <= out[0].start:
            break
    return out
