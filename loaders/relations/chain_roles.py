"""Who holds a role on a chain: chain masters (LEADS), member enterprises (MEMBER_OF), lead departments
and chain chiefs (链长: a body, or the government of the official named, LEADS the chain).
"""
from __future__ import annotations

import re
from collections.abc import Iterator

from loaders.entities import ArticleContext, Mention
from loaders.relations.frame import Frame
from loaders.relations.issued import Hit
from loaders.relations.words import compiled, trigger_re

# "X作为/为/担任Y产业链(质量强链)牵头部门": the organ leads that chain's quality work; with no chain of its own
# ("由市长担任X产业链链长,市经信局为链长单位") it takes the chain of the chain-chief statement before it
_LEAD_DEPT = re.compile(r"(作为|为|是|担任|任)([^,，。;；]{0,24}?)(?:工作)?(?:牵头部门|牵头单位|((?:副)?链长单位))")
_CLAUSE_END = re.compile(r"(?:之一)?(?:[,，。;；]|$)")  # "为…牵头单位" states a role only at a clause end (not 为…单位提供)
# "Y产业链(的)链长单位为X" / "Y产业链由X牵头负责": the role or the lead written after the chain
_DEPT_AFTER = re.compile(r"(?:产业链|产业)?(?:的)?(?:工作)?(?:牵头部门|牵头单位|链长单位)(?:为|是)")
_CHAIN_BY = re.compile(r"(?:产业链|产业)?(?:质量强链工作|工作)?由")
_LIST_GAP = re.compile(r"[、和及与]|以及")
# "X产业链成员单位(包括)A、B": the firms listed right after a chain's member noun (triggers.json CHAIN_MEMBER)
_MEMBERS_OF = r"(?:产业链|产业集群|产业)?(?:的)?(?:{words})(?:包括|有|为|是|分别为|分别是)?[:：]?"
# a fronted clause naming the topic of the sentence: 在X产业链上, / 在X领域, / 围绕X产业链,
_TOPIC = re.compile(r"(?:在[^,，。;；]{2,30}?(?:产业链上|产业上|领域|方面|链上)|(?:围绕|聚焦)[^,，。;；]{2,30}?)[,，]")
_RESPONSIBLE = re.compile(r"牵头负责|具体负责")
# "由X、Y(主要领导)担任…链长" / "由市长担任链长": who the chain chief is
_CHIEF_BY = re.compile(r"由?([^,，。;；]{1,24}?)(?:主要领导|主要负责同志|领导|负责同志)?(?:亲自|分别|共同)?(?:挂帅)?"
                       r"(?:担任|兼任|任|为)")
# "E(等N家企业)是/入选/被认定为…X产业链链主企业(名单)": the role stated of E
_ROLE_STATED = (r"(?:等[\d一二三四五六七八九十百余多]+家(?:企业)?)?(?:是|为|系|作为|成为|入选|获评|被评为|被认定为|认定为|"
                r"被确定为|被列为|列入)[^,，。;；]{0,24}?(?:{words})(?:名单|名录)?(?:之一)?(?:[,，。;；]|$)")
_CHIEF_AFTER = re.compile(r"(?:[”\"」])?(?:分别|均|统一)?由[^,，。;；由]{1,24}?(?:亲自|分别|共同)?(?:担任|兼任)")
_CHIEF_PERSON = re.compile(r"(长|书记|主任|领导|负责同志|负责人)[\u4e00-\u9fff]{0,3}$")  # 副市长(张伟)
# "X产业链链长、副市长张勇": a post in apposition to the role
_APPOSITIVE = re.compile(r"[、,，]([^,，。;；、]{0,6}?(?:副?(?:省长|市长|县长|区长|州长|镇长|乡长)|书记))")
_MAX_MASTERED = 3  # a chain master is named for one chain, or a few: more is a list of industries
_HEAD_OF = {"省长": "province", "市长": "city", "县长": "county", "区长": "county", "州长": "city",
            "主席": "province", "镇长": "town", "乡长": "town"}


def _own_chains(f: Frame) -> list[Mention]:
    """Free chains not inside a document title's span."""
    docs = f.of_type("PolicyDocument")
    return [c for c in f.free_chains if not any(d.start <= c.start < d.end for d in docs)]


def chain_master_and_member(f: Frame) -> Iterator[Hit]:
    """链主/龙头企业E (or "E牵头…") LEADS the chain of its clause; 链上/链员企业E is MEMBER_OF the chains."""
    t = f.folded
    roles = list_roles(t, f.of_type("Enterprise"))
    for e in f.of_type("Enterprise"):
        if e.ref:
            continue
        own = _own_chains(f)
        role = roles[id(e)]
        if role == "master" or (e.subject and re.match(r"^牵头", t[e.end:])):
            # the chain of its own clause, else the nearest one named before it (在X产业上,E作为链主企业)
            k = f.clause_of(e.start)
            targets = [c for c in own if f.clause_of(c.start) == k] or [c for c in own if c.end <= e.start][-1:] or own
            if not targets:  # "链主企业E牵头组建X产业质量创新联合体": the chain named in the platform it heads
                hi = f.clause_span(k)[1]
                targets = [c for c in f.chains if any(p.type == "Platform" and p.name == c.inside and
                                                      e.end <= p.start < hi for p in f.mentions)]
            if not targets:
                for g in f.actor(e.start):
                    targets = [c for c in f.chains if c.inside == g.name]
            if len(targets) > _MAX_MASTERED:
                continue  # a count of many industries with their leading firms: a description, not a role
            for c in targets:
                yield "LEADS", e, c, "leads.chain_master", 0.7
        elif role == "member":
            for c in own:
                yield "MEMBER_OF", e, c, "member_of.chain_member", 0.6
    for c in _own_chains(f):
        m = compiled(_MEMBERS_OF, "CHAIN_MEMBER").match(t, c.end)
        for e in listed_from(t, m.end(), f.of_type("Enterprise", free=True)) if m else []:
            yield "MEMBER_OF", e, c, "member_of.chain_member_units", 0.6


def listed_from(t: str, pos: int, ents: list[Mention]) -> list[Mention]:
    """The enterprises of a list starting at `pos` (A、B和C)."""
    ents = sorted(ents, key=lambda e: e.start)
    out = [e for e in ents if e.start == pos][:1]
    for e in ents:
        if out and e.start > out[-1].end and _LIST_GAP.fullmatch(t, out[-1].end, e.start):
            out.append(e)
    return out


def leads_master_list(f: Frame) -> Iterator[Hit]:
    """"确定A、B、C3条产业链的链主企业:E1、E2、E3": the i-th enterprise is master of the i-th chain (all of
    them when one chain is named)."""
    t = f.folded
    ents = sorted(f.of_type("Enterprise", free=True), key=lambda e: e.start)
    for m in compiled(r"(?:{words})(?:分别为|分别是|依次为|为|是|包括)?[:：]?", "MASTER").finditer(t):
        listed = [e for e in ents if e.start == m.end()]
        for e in ents:
            if listed and e.start > listed[-1].end and _LIST_GAP.fullmatch(t, listed[-1].end, e.start):
                listed.append(e)
        chains = [c for c in _own_chains(f) if c.end <= m.start()]
        if len(listed) > 1 and len(chains) == len(listed):
            for e, c in zip(listed, chains):
                yield "LEADS", e, c, "leads.master_list_respectively", 0.7
        elif listed and len(chains) == 1:
            for e in listed:
                yield "LEADS", e, chains[0], "leads.master_list", 0.7
    yield from _masters_respectively(f, ents)


def _masters_respectively(f: Frame, ents: list[Mention]) -> Iterator[Hit]:
    """"确定E1、E2分别为A和B产业链链主企业": the i-th firm of the list before 分别 is master of the i-th chain."""
    t = f.folded
    for m in compiled(r"分别(?:为|是|作为|担任|成为|被确定为|被认定为)([^,，。;；]{2,40}?)(?:{words})", "MASTER").finditer(t):
        listed = [e for e in ents if e.end == m.start()]
        for e in reversed(ents):
            if listed and e.end < listed[0].start and _LIST_GAP.fullmatch(t, e.end, listed[0].start):
                listed.insert(0, e)
        chains = [c for c in _own_chains(f) if m.start(1) <= c.start < m.end(1)]
        if len(listed) > 1 and len(chains) == len(listed):
            for e, c in zip(listed, chains):
                yield "LEADS", e, c, "leads.master_list_respectively", 0.7


def list_roles(t: str, ents: list[Mention]) -> dict[int, str]:
    """Role of each enterprise (by id): its tag, else its context; the items of a list share the role
    written after the last one ("引入A公司、B公司等配套企业": both members)."""
    ents = sorted(ents, key=lambda e: e.start)
    roles = {id(e): e.tag or role_in_context(t, e) for e in ents}
    for a, b in reversed(list(zip(ents, ents[1:]))):
        if not roles[id(a)] and roles[id(b)] and _LIST_GAP.fullmatch(t, a.end, b.start):
            roles[id(a)] = roles[id(b)]
    for a, b in zip(ents, ents[1:]):  # "引进配套企业A、B": the role written before a list heads all its items
        if roles[id(a)] and not roles[id(b)] and _LIST_GAP.fullmatch(t, a.end, b.start):
            roles[id(b)] = roles[id(a)]
    return roles


def role_in_context(t: str, e: Mention) -> str:
    """"master" / "member" when a role noun of triggers.json (MASTER / MEMBER) is written right before
    the enterprise (链主企业E) or closes a list it ends (E等链上企业); "" otherwise. Works for a mention
    from any finder."""
    for role, key in (("member", "MEMBER"), ("master", "MASTER")):
        if compiled(r"(?:{words})$", key).search(t, max(0, e.start - 8), e.start) or \
                compiled(r"(?:等\d*家?)?(?:{words})", key).match(t, e.end, e.end + 12) or \
                compiled(_ROLE_STATED, key).match(t, e.end):
            return role  # 链主企业E / E等链主企业 / E是本省X产业链链主企业 / E等3家企业入选X产业链链主企业名单
    return ""


def leads_responsible_for_chain(f: Frame) -> Iterator[Hit]:
    """"X牵头负责A、B两条产业链的…工作" / "牵头负责产业链质量提升工作" (the chain just named)."""
    t = f.folded
    for m in _RESPONSIBLE.finditer(t):
        _, hi = f.clause_span(f.clause_of(m.start()))
        targets = [c for c in f.free_chains if m.end() <= c.start < hi]
        if not targets and t.startswith("产业链", m.end()):
            targets = [c for c in f.free_chains if c.end <= m.start()][-1:]
        near = [g for g in f.of_type("GovernmentBody", free=True) if g.end == m.start()]  # 由X牵头负责
        if not targets and near:  # "X产业链由A牵头负责": the chain just before 由
            targets = [c for c in f.free_chains if _CHAIN_BY.fullmatch(t, c.end, near[0].start)]
        if not targets:
            targets = topic_chains(f, f.clause_of(m.start()))  # "在X产业链上,A牵头负责质量强链工作"
        for a in (near or f.actor(m.start()))[:1]:
            if a.type == "GovernmentBody":
                for c in targets:
                    yield "LEADS", a, c, "leads.responsible_for_chain", 0.7


def topic_chains(f: Frame, k: int) -> list[Mention]:
    """The chains of a fronted topic clause before clause `k` ("在X产业链上," / "在X领域," / "围绕X产业链,"):
    what the rest of the sentence is about."""
    t, out = f.folded, []
    for j in range(min(k, 2)):
        lo, hi = f.clause_span(j)
        if _TOPIC.fullmatch(t, lo, hi):
            out += [c for c in f.free_chains if lo <= c.start < hi]
    return out


def leads_lead_department(f: Frame) -> Iterator[Hit]:
    """"X作为Y产业链牵头部门" / "Y产业链链长单位为X": the organ X leads Y; "…担任Y产业链链长,X为链长单位":
    a role with no chain of its own is on the chain of the chain-chief statement before it."""
    t = f.folded
    for g in f.of_type("GovernmentBody"):
        lm = _LEAD_DEPT.match(t, g.end)
        if not lm or lm.group(1) in ("为", "是") and not _CLAUSE_END.match(t, lm.end()):
            continue
        own = [c for c in f.free_chains if lm.start(2) <= c.start < lm.end(2)]
        if not own and (lm.group(3) or any(_chief_role(t, m) for m in trigger_re("LEADS_CHAIN").finditer(t, 0, g.start))):
            own = [c for c in _own_chains(f) if c.end <= g.start][-1:]
        for c in own:
            yield "LEADS", g, c, "leads.lead_department", 0.7
    for c in f.free_chains:
        dm = _DEPT_AFTER.match(f.folded, c.end)
        g = next((g for g in f.of_type("GovernmentBody", free=True) if dm and g.start == dm.end()), None)
        if g is not None:
            yield "LEADS", g, c, "leads.lead_department", 0.7


def leads_chain_chief(f: Frame) -> Iterator[Hit]:
    """"由市长担任X产业链链长": the chief (an organ, or the government of the official) LEADS X."""
    t, ms = f.folded, f.mentions
    for m in trigger_re("LEADS_CHAIN").finditer(t):
        if not _chief_role(t, m):
            continue
        lo = f.starts[f.clause_of(m.start())]
        own = [c for c in f.free_chains if lo <= c.start < m.start()]
        chiefs = chiefs_between(t, lo, m.start(), ms, f.here)
        if chiefs and _by_wei(t, lo, m):
            continue  # "X为Y产业链链长单位提供服务": 为 is "for", not "is"
        post = _CHIEF_AFTER.match(t, m.end())
        if chiefs is None and post:  # "X产业链链长由市长担任": the chief written after the role
            chiefs = chiefs_between(t, post.start(), post.end(), ms, f.here)
        ap = _APPOSITIVE.match(t, m.end()) if chiefs is None else None
        if ap:  # "X产业链链长、副市长张勇到…": the official named beside the role is the chief
            chiefs = [g for g in ms if g.type == "GovernmentBody" and ap.start(1) <= g.start < ap.end(1)] + \
                posts_to_governments(t, ap.start(1), ap.end(1), ms, f.here) or None
        if not own and chiefs:
            # "把X产业链作为…方向,镇长亲自担任链长": the chain named earlier in the sentence
            own = [c for c in f.free_chains if c.end <= lo]
        if not own:
            continue
        for a in chiefs or []:
            if a not in ms:
                ms.append(a)  # 市长 -> that city's government: an entity of the article too
        if chiefs and len(chiefs) == len(own) > 1 and "分别" in t[lo:m.start()]:
            # "市委书记、市长分别担任A、B产业链链长": the i-th chief leads the i-th chain
            for a, c in zip(sorted(chiefs, key=lambda g: g.start), sorted(own, key=lambda c: c.start)):
                yield "LEADS", a, c, "leads.chain_chief_respectively", 0.7
            continue
        for c in own:
            for a in (chiefs if chiefs is not None else f.actor(c.start)):
                if a.type == "GovernmentBody":
                    yield "LEADS", a, c, "leads.chain_chief", 0.7


def _by_wei(t: str, lo: int, m: re.Match) -> bool:
    """The chief is joined by 为 ("副市长王强为X产业链链长") but the role does not end the clause: no role stated."""
    cm = _CHIEF_BY.search(t, lo, m.start())
    end = m.end() + (2 if t.startswith("单位", m.end()) else 0)
    return bool(cm) and cm.group(0).endswith("为") and not _CLAUSE_END.match(t, end)


def _chief_role(t: str, m: re.Match) -> bool:
    """The 链长 word at `m` names someone acting as chain chief, not the system (链长制, “链长+链主”; “双链长”
    is a role)."""
    after, before = t[m.end():m.end() + 2], t[max(0, m.start() - 1):m.start()]
    return not (after[:1] in ("制", "+") or after in ("”制", "\"制", "”+", "\"+") or
                before in ("“", "\"") and after[:1] != "”")


def chiefs_between(t: str, lo: int, hi: int, ms: list[Mention], ctx: ArticleContext) -> list[Mention] | None:
    """Organs named in "由X担任…链长" between `lo` and `hi` (市长 -> the city's government); None if no 由-phrase."""
    m = _CHIEF_BY.search(t, lo, hi)
    if not m:
        return None
    out = [g for g in ms if g.type == "GovernmentBody" and m.start(1) <= g.start < m.end(1)]
    if not t.startswith("由", m.start()) and not out and not _CHIEF_PERSON.search(m.group(1)):
        return None  # "X担任…链长" needs a post (市长, 书记) or an organ as X
    return out + posts_to_governments(t, m.start(1), m.end(1), ms, ctx)


def posts_to_governments(t: str, lo: int, hi: int, ms: list[Mention], ctx: ArticleContext) -> list[Mention]:
    """The governments of the posts named between `lo` and `hi` (市长 -> the city's, 镇长 -> the town named)."""
    out, said = [], t[lo:hi]
    for word, level in _HEAD_OF.items():
        if level == "town" and word in said:
            # 镇长: the town named before in the sentence, else the last one named
            town = [g for g in ms if g.type == "GovernmentBody" and g.end <= lo and
                    re.search("(镇|乡|街道)人民政府$", g.name)]
            if town:
                out.append(town[-1])
                continue
        if word in said and ctx.region_for(level):
            region = ctx.region_for(level)
            pos = t.find(word, lo, hi)
            out.append(Mention("GovernmentBody", region + "人民政府", pos, pos + len(word), word, kind="人民政府",
                               region=region))
    return out
