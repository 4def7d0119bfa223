"""Relation rule families and assembly of one article's `Extraction`.

Relations are read sentence by sentence from trigger words (`triggers.json`)
and the mentions found by `loaders.entities`. The actor of a clause is the
sentence's subject group, else the subject carried from earlier sentences of
the paragraph (or the section / article lead), so "先后出台《…》" after
"广州市…" gets 广州市人民政府 as issuer.
"""
from __future__ import annotations

import re
from collections import defaultdict
from functools import lru_cache

from graph.model import Document, Entity, Extraction, Relation
from loaders.normalize import name_key
from loaders.entities import SHORT_NAME, ArticleContext, Mention
from loaders.vocab import short_region, vocab

_CLAUSE = re.compile(r"[,，;；:：]")
_JOIN = re.compile(r"^(、|和|与|及|以及|联合|会同|同|,联合|联合省|会同省)$")
_CONTINUES = re.compile(r"^([一二三四五六七八九十]是|其[一二三四五]|此外|同时|另外|与此同时|并且|而且)")
_SUPPORT = ("赋能", "帮扶", "扶持", "支撑", "助力", "助推", "带动", "授信", "提升", "服务于", "支持", "促进")
# "为Z产业链企业提供检测服务" / "向Z产业链授信": the object between 为/向 and the service verb is supported
_FOR_SERVICE = re.compile(r"(?:为|向)([^,，。;；]{2,40}?)(?:(?:提供|开展|出具)[^,，。;；]{0,14}?"
                          r"(?:服务|支持|检测|检验|认证|校准|培训|指导|帮扶|咨询|解决方案|融资|资金|报告|证书|体检|诊断)|授信|放贷|发放|贷款)")
# platforms whose name states the chain they cover (质量创新联合体, 产业联盟)
_NAMES_ITS_CHAIN = re.compile(r"(联合体|联盟)$")
# "X建设的Y": X built Y, and Y (not X) is what the rest of the sentence is about
_BUILT_BY = re.compile(r"^(牵头建设|建设|建成|承建|打造|组建|筹建|运营)的$")
# "由X、Y(主要领导)担任…链长" / "由市长担任链长": who the chain chief is
_CHIEF_BY = re.compile(r"由?([^,，。;；]{1,24}?)(?:主要领导|主要负责同志|领导|负责同志)?(?:亲自|分别|共同)?(?:担任|兼任|任)")
_CHIEF_PERSON = re.compile(r"(长|书记|主任|领导|负责同志|负责人)$")
_HEAD_OF = {"省长": "province", "市长": "city", "县长": "county", "区长": "county", "州长": "city",
            "主席": "province", "镇长": "town", "乡长": "town"}
# "予以支持" at a clause end: support for what the sentence put forward (将X列为…,并…予以支持)
_SUPPORT_BACK = re.compile(r"(予以|给予)(支持|扶持|倾斜)")
_POST_BUILD = re.compile(r"^(项目)?(建设运行|建设|研发|筹建|揭牌|落地)")
_PRE_BUILD = ("推进", "推动", "启动", "加快", "加大", "全力推动", "牵头推进", "共同推动")


_PASSIVE_BY = re.compile(r"被[^,，。;；被]{2,24}?(纳入|列入|列为|确定为|认定为|评为)")
# "X作为Y产业链(质量强链)牵头部门": the organ leads that chain's quality work
_LEAD_DEPT = re.compile(r"作为([^,，。;；]{2,24}?)(?:工作)?(?:牵头部门|牵头单位|链长单位)")
_RESPONSIBLE = re.compile(r"牵头负责|具体负责")
_LED_BY = re.compile(r"(?:则|也|还)?由")
_LEADER_OF = re.compile(r"牵头(?:建设|组建|成立)?的")
_INCLUDE = re.compile(r"(?:将|把)([^,，。;；]{2,40}?)(?:纳入|列入|列为|作为)")


def _covers_re() -> re.Pattern:
    """Forward COVERS triggers (the object follows the trigger); 纳入 is read by `_INCLUDE` instead."""
    global _COVERS_RE
    if _COVERS_RE is None:
        words = [w for w in vocab().triggers["COVERS"] if w not in ("纳入",)]
        _COVERS_RE = re.compile("|".join(sorted(words, key=len, reverse=True)))
    return _COVERS_RE


_COVERS_RE: re.Pattern | None = None
_SUPPORT_RE = re.compile("|".join(_SUPPORT))


@lru_cache(maxsize=1)
def _doc_covers_re() -> re.Pattern:
    """COVERS triggers after a document title, plus the words that state its scope (明确, 遴选 …)."""
    words = set(vocab().triggers["COVERS"]) | set(vocab().triggers["DOC_COVERS"])
    return re.compile("|".join(sorted(words, key=len, reverse=True)))


@lru_cache(maxsize=None)
def _trig_re(key: str) -> re.Pattern:
    """Alternation of one trigger list of `triggers.json`, longest first."""
    return re.compile("|".join(sorted(vocab().triggers[key], key=len, reverse=True)))


class _Builder:
    """Collects relations without duplicates (first evidence wins)."""

    def __init__(self) -> None:
        self.rels: dict[tuple, Relation] = {}

    def add(self, rtype: str, src: Mention, dst: Mention, evidence: str, rule: str, conf: float, region) -> None:
        if src.name == dst.name:
            return
        key = (rtype, src.type, src.name, dst.type, dst.name)
        if key not in self.rels:
            self.rels[key] = Relation(rtype, src.name, dst.name, src.type, dst.type, evidence, rule, conf, region)


def _clauses(text: str) -> list[int]:
    """Start offsets of the clauses of a sentence."""
    return [0] + [m.end() for m in _CLAUSE.finditer(text)]


def _clause_of(starts: list[int], pos: int) -> int:
    k = 0
    for i, s in enumerate(starts):
        if s <= pos:
            k = i
    return k


def _subject_groups(text: str, ms: list[Mention]) -> list[list[Mention]]:
    """Subject mentions plus the organs coordinated with them (A联合B、C和D / A与B)."""
    actors = [m for m in ms if m.type in ("GovernmentBody", "Enterprise", "Platform") and m.inside is None]
    groups: list[list[Mention]] = []
    for m in actors:
        if groups and m.start >= groups[-1][-1].end and _JOIN.match(text[groups[-1][-1].end:m.start]) \
                and m.type == groups[-1][-1].type:
            groups[-1].append(m)
        elif m.subject:
            groups.append([m])
    return groups


def _default_actor(ctx_default: Mention | None) -> list[Mention]:
    return [ctx_default] if ctx_default else []


def build_extraction(doc: Document, ctx: ArticleContext, per_sentence: list[list[Mention]],
                     regions_at: list[tuple] | None = None) -> Extraction:
    """Relations from every sentence's mentions; entities deduplicated into canonical form.
    `regions_at[i]` = (province, city, county) in force when sentence i was read (else the final state)."""
    v = vocab()
    trig = v.triggers
    b = _Builder()
    default = None
    region0 = ctx.city or ctx.province
    carry: list[Mention] = []
    last_para = -1
    last_platform: Mention | None = None
    headlines = _headlines(doc)
    for i, (sent, ms) in enumerate(zip(doc.sentences, per_sentence)):
        t = sent.folded
        region = region0
        if i in headlines:
            continue  # a headline names things but states no relation ("赣州:以质量强链赋能稀土和家居产业")
        if sent.paragraph != last_para:
            if not _CONTINUES.match(t):
                carry = [m for m in carry if m.type == "GovernmentBody" and m.name.endswith("人民政府")] or carry[:0]
            last_para = sent.paragraph
        starts = _clauses(t)
        groups = _subject_groups(t, ms)
        builders: list[Mention] = []
        for gi, g in enumerate(groups):
            # "X建设的Y,为…提供服务": LEADS X->Y, and Y is the subject of the sentence
            p = next((m for m in ms if m.type == "Platform" and m.inside is None and m.start > g[-1].end and
                      _BUILT_BY.match(t[g[-1].end:m.start])), None)
            if p is not None:
                for x in g:
                    b.add("LEADS", x, p, sent.text, "leads.built_by", 0.8, region)
                builders += g
                groups[gi] = [p]
        if default is None:
            default = next((m for m in ms if m.type == "GovernmentBody" and m.subject and m.name.endswith("人民政府")), None)
        # "P龙头企业E": E heads P and acts for it in this sentence
        for e in ms:
            if e.type != "Enterprise":
                continue
            pre = t[max(0, e.start - 6):e.start]
            mm = re.search(r"(龙头企业|牵头单位|链主企业)$", pre)
            if not mm:
                continue
            head = t[:e.start - len(mm.group(1))]
            plat = next((p for p in ms if p.type == "Platform" and p.end == len(head) and p.inside is None), None)
            if plat is None and head.endswith("该联合体") and last_platform is not None:
                plat = last_platform
            if plat is not None:
                e.ref = plat.name
                b.add("LEADS", e, plat, sent.text, "leads.platform_head_enterprise", 0.9, region)
                if plat.subject or head.endswith("该联合体"):
                    groups = [[e] + [p for p in ms if p is not e and p.type == "Enterprise" and p.start > e.end and
                                     re.fullmatch(r"会同|和|与|、", t[e.end:p.start] or "")]] + \
                             [g for g in groups if plat not in g]
                    for other in ms:
                        if other.type == "Platform" and other.start > e.end and re.match(r"^会同", t[e.end:]) and \
                                other.start - e.end <= 4:
                            groups[0].append(other)
        def actor(pos: int) -> list[Mention]:
            k = _clause_of(starts, pos)
            best = None
            for g in groups:
                if _clause_of(starts, g[0].start) <= k:
                    best = g
            if best is None and groups:
                best = groups[0]
            return best or carry or _default_actor(default)

        chains = [m for m in ms if m.type == "Chain"]
        free_chains = [c for c in chains if c.inside is None]
        # ---- ISSUED
        for d in (m for m in ms if m.type == "PolicyDocument"):
            before = t[:d.start]
            verb_pos = max((before.rfind(w) for w in trig["ISSUED"]), default=-1)
            after_ok = re.match(r"^[^,，。]{0,40}的(制定出台|出台|印发|发布)", t[d.end:])
            if verb_pos < 0 and not after_ok:
                continue
            if re.search(r"(在|围绕|按照|依据|根据|贯彻落实|落实)$", before[-4:]):
                continue
            who = actor(verb_pos if verb_pos >= 0 else d.start)
            # an organ right before the verb in the same clause is the issuer (指导X等6部门出台)
            near = [g for g in ms if g.type == "GovernmentBody" and g.inside is None and g.end <= verb_pos and
                    _clause_of(starts, g.start) == _clause_of(starts, max(verb_pos, 0)) and
                    re.match(r"^(等\d*个?部门)?(在[^,，]{0,8})?(先后|率先|联合|共同)?$", t[g.end:verb_pos])]
            if near:
                who = _co_issuers(t, near[-1], ms)
                if re.search(r"(联合|会同|同)$", t[:who[0].start]):
                    # "A(作为…),今年3月联合B、C和D印发《…》": the subject A issues too
                    who = [g for g in actor(who[0].start) if g.type == "GovernmentBody" and g.start < who[0].start
                           and g not in who] + who
                co = [g for g in ms if g.type == "GovernmentBody" and g in sum(groups, []) and g not in who]
                who = who + [g for g in co if any(g in grp and near[-1] in grp for grp in groups)]
            issued = False
            for g in who:
                if g.type == "GovernmentBody":
                    b.add("ISSUED", g, d, sent.text, "issued.subject_verb_title", 0.85, region)
                    issued = True
            if issued:  # 印发《…》,将X、Y产业链纳入/列为…: the document covers what it includes
                for m in _INCLUDE.finditer(t, d.end):
                    for c in free_chains:
                        if m.start(1) <= c.start < m.end(1):
                            b.add("COVERS", d, c, sent.text, "covers.document_includes", 0.75, region)
            # the document covers chains named after it (…方案,首批围绕A、B开展)
            for c in free_chains:
                tr = None
                if c.start > d.end:
                    tr = list(_doc_covers_re().finditer(t, max(d.end, starts[_clause_of(starts, c.start)]), c.start))
                if tr and not re.search("由|担任", t[tr[-1].end():c.start]):  # not "明确由市长担任X链长"
                    b.add("COVERS", d, c, sent.text, "covers.document_then_trigger", 0.7, region)
        # ---- COVERS: documents / platforms whose name contains a chain
        for c in chains:
            if c.inside:
                host = next((m for m in ms if m.name == c.inside and m.type in ("PolicyDocument", "Platform")), None)
                if host is not None and (host.type == "PolicyDocument" or _NAMES_ITS_CHAIN.search(host.name)):
                    b.add("COVERS", host, c, sent.text, "covers.chain_in_name", 0.8, region)
        # ---- COVERS: actor + trigger + chains
        # the trigger binds only the chains of its own clause (its object), and only the group's head acts
        cov = [m for m in _covers_re().finditer(t)]
        for c in free_chains:
            k = _clause_of(starts, c.start)
            tr = [m for m in cov if starts[k] <= m.start() < c.start]
            if not tr:
                continue
            for a in actor(tr[-1].start())[:1]:
                if a.type in ("GovernmentBody",):
                    b.add("COVERS", a, c, sent.text, "covers.subject_trigger_chain", 0.7, region)
        # 将/把 Z产业链 纳入… : the chains before 纳入 are covered by the actor (and by the document it goes into)
        for m in _INCLUDE.finditer(t):
            into = next((d for d in ms if d.type == "PolicyDocument" and d.start == m.end()), None)
            if into is not None:
                for c in free_chains:
                    if m.start(1) <= c.start < m.end(1):
                        b.add("COVERS", into, c, sent.text, "covers.included_into_document", 0.75, region)
            for c in free_chains:
                if m.start(1) <= c.start < m.end(1):
                    for a in actor(m.start())[:1]:
                        if a.type in ("GovernmentBody", "Platform"):
                            b.add("COVERS", a, c, sent.text, "covers.include_into", 0.75, region)
        pm = re.search(r"被纳入", t)
        if pm:
            g = next((m for m in ms if m.type == "GovernmentBody" and m.start > pm.start()), None)
            if g:
                for c in free_chains:
                    if c.start < pm.start():
                        b.add("COVERS", g, c, sent.text, "covers.passive_included", 0.75, region)
        # "X产业链…项目被国家市场监督管理总局纳入/列为…": the organ between 被 and the verb covers X
        for pm in _PASSIVE_BY.finditer(t):
            g = next((m for m in ms if m.type == "GovernmentBody" and m.start == pm.start() + 1 and
                      m.end == pm.start(1)), None)
            if g:
                k = _clause_of(starts, pm.start())
                for c in free_chains:
                    if starts[k] <= c.start < pm.start():
                        b.add("COVERS", g, c, sent.text, "covers.passive_included", 0.75, region)
        # ---- SUPPORTS
        topic = [c for c in free_chains if re.match(r"^在", t[_clause_start(t, c.start):c.start]) and
                 re.match(r"^(产业)?(上|领域)", t[c.end:])]
        for m in _SUPPORT_RE.finditer(t):
            k = _clause_of(starts, m.start())
            lo, hi = starts[k], (starts[k + 1] if k + 1 < len(starts) else len(t))
            targets = [x for x in ms if x.type in ("Chain", "Enterprise") and x.inside is None and lo <= x.start < hi
                       and (x.start > m.start() or m.group(0) == "授信")]
            if "产业" in t[m.end():hi]:  # "助推产业…" refers back to the clause topic "在X产业上"
                targets += [c for c in topic if c not in targets]
            sups = actor(m.start())
            if not targets:
                if re.search(r"(全产业链|产业链|产业)", t[m.end():hi]):
                    for a in sups:
                        inner = [c for c in chains if c.inside == a.name]
                        targets += inner
                        if a.type == "Enterprise" and a.ref:
                            targets += [c for c in chains if c.inside == a.ref]
                if not targets:
                    continue
            sups = list(sups)
            # platforms built in the clause right before: 建成A和B,赋能C
            if k > 0:
                plo, phi = starts[k - 1], starts[k]
                if _trig_re("LEADS_BUILD").search(t, plo, phi):
                    sups += [p for p in ms if p.type == "Platform" and p.inside is None and plo <= p.start < phi]
            for a in sups:
                for x in targets:
                    if x.type == "Enterprise" and a.type == "Enterprise":
                        continue
                    b.add("SUPPORTS", a, x, sent.text, "supports.subject_trigger_target", 0.65, region)
        for m in _FOR_SERVICE.finditer(t):
            targets = [x for x in ms if x.type in ("Chain", "Enterprise") and x.inside is None
                       and m.start(1) <= x.start < m.end(1)]
            k = _clause_of(starts, m.start())
            sups = list(actor(m.start()))
            bm = _trig_re("LEADS_BUILD").search(t, starts[k - 1], starts[k]) if k > 0 else None
            if bm:
                # 在园区建成A,为B提供服务: the platform just built (after the verb, not the place) serves too
                sups += [p for p in ms if p.type == "Platform" and p.inside is None and
                         bm.end() <= p.start < starts[k] and p not in sups and p not in builders]
            for a in sups:
                for x in targets:
                    if not (x.type == "Enterprise" and a.type == "Enterprise"):
                        b.add("SUPPORTS", a, x, sent.text, "supports.provide_service_for", 0.7, region)
        for m in _SUPPORT_BACK.finditer(t):
            for inc in _INCLUDE.finditer(t, 0, m.start()):
                for c in free_chains:
                    if inc.start(1) <= c.start < inc.end(1):
                        for a in actor(inc.start())[:1]:
                            if a.type in ("GovernmentBody", "Platform", "Enterprise"):
                                b.add("SUPPORTS", a, c, sent.text, "supports.granted_to_included", 0.7, region)
        for m in re.finditer(r"在([^,，。]{2,24})的(帮扶|帮助|支持|指导|扶持|定点帮扶)下", t):
            helper = next((g for g in ms if g.start >= m.start(1) and g.end <= m.end(1) and
                           g.type in ("GovernmentBody", "Platform")), None)
            if helper:
                for x in ms:
                    if x.type in ("Chain", "Enterprise") and x.start > m.end() and x.inside is None:
                        b.add("SUPPORTS", helper, x, sent.text, "supports.under_help", 0.75, region)
        # ---- LEADS: actor builds a platform
        build = [m for m in _trig_re("LEADS_BUILD").finditer(t)]
        for p in (m for m in ms if m.type == "Platform" and m.inside is None):
            k = _clause_of(starts, p.start)
            lo = starts[k]
            pre = [m for m in build if lo <= m.start() and m.end() <= p.start]
            ok = False
            if pre:
                gap = t[pre[-1].end():p.start]
                ok = not any(o.type in ("Platform", "PolicyDocument") and o is not p and pre[-1].end() <= o.start < p.start
                             for o in ms) and len(gap) <= 20
            if not ok and _POST_BUILD.match(t[p.end:]) and any(w in t[lo:p.start] for w in _PRE_BUILD):
                ok = True
            if not ok:
                continue
            for a in actor(p.start):
                if a is not p and a.name != p.name:
                    b.add("LEADS", a, p, sent.text, "leads.subject_builds_platform", 0.7, region)
        # "P由X(简称“Y”)牵头,联合…组建" / "X牵头的P": the enterprise leads that platform
        for e in (m for m in ms if m.type in ("Enterprise", "Platform")):
            note = SHORT_NAME.match(t, e.end)
            after = note.end() if note else e.end
            for p in (m for m in ms if m.type == "Platform" and m.inside is None and m is not e):
                if p.end <= e.start and _LED_BY.fullmatch(t, p.end, e.start) and t.startswith("牵头", after) or \
                        e.end <= p.start and _LEADER_OF.fullmatch(t, after, p.start):
                    b.add("LEADS", e, p, sent.text, "leads.platform_led_by", 0.75, region)
        for e in (m for m in ms if m.type == "Enterprise" and m.tag == "lead_under"):
            for p in ms:
                if p.type == "Platform" and p.inside is None:
                    b.add("LEADS", e, p, sent.text, "leads.under_leadership", 0.75, region)
        # ---- LEADS / MEMBER_OF: enterprises and chains
        for e in (m for m in ms if m.type == "Enterprise"):
            if e.ref:
                continue
            own = [c for c in free_chains if not any(d.type == "PolicyDocument" and d.start <= c.start < d.end for d in ms)]
            if e.tag == "master" or (e.subject and re.match(r"^牵头", t[e.end:])):
                # the chain of its own clause, else the nearest one named before it (在X产业上,E作为链主企业)
                k = _clause_of(starts, e.start)
                targets = [c for c in own if _clause_of(starts, c.start) == k] or \
                    [c for c in own if c.end <= e.start][-1:] or own
                if not targets:
                    for g in actor(e.start):
                        targets = [c for c in chains if c.inside == g.name]
                for c in targets:
                    b.add("LEADS", e, c, sent.text, "leads.chain_master", 0.7, region)
            elif e.tag == "member":
                for c in own:
                    b.add("MEMBER_OF", e, c, sent.text, "member_of.chain_member", 0.6, region)
        # "X牵头负责A、B两条产业链的…工作" / "牵头负责产业链质量提升工作" (the chain just named)
        for m in _RESPONSIBLE.finditer(t):
            k = _clause_of(starts, m.start())
            hi = starts[k + 1] if k + 1 < len(starts) else len(t)
            targets = [c for c in free_chains if m.end() <= c.start < hi]
            if not targets and t.startswith("产业链", m.end()):
                targets = [c for c in free_chains if c.end <= m.start()][-1:]
            for a in actor(m.start())[:1]:
                if a.type == "GovernmentBody":
                    for c in targets:
                        b.add("LEADS", a, c, sent.text, "leads.responsible_for_chain", 0.7, region)
        for g in ms:
            lm = _LEAD_DEPT.match(t, g.end) if g.type == "GovernmentBody" else None
            if lm:
                for c in free_chains:
                    if lm.start(1) <= c.start < lm.end(1):
                        b.add("LEADS", g, c, sent.text, "leads.lead_department", 0.7, region)
        for m in re.finditer("链长", t):
            after, before = t[m.end():m.end() + 2], t[max(0, m.start() - 1):m.start()]
            if after[:1] in ("制", "+") or after in ("”制", "\"制", "”+", "\"+") or before in ("“", "\"") and after[:1] != "”":
                continue  # the system (链长制, “链长+链主”), not someone acting as chain chief (“双链长” is one)
            k = _clause_of(starts, m.start())
            lo = starts[k]
            own = [c for c in free_chains if lo <= c.start < m.start()]
            here = ArticleContext(**regions_at[i]) if regions_at else ctx
            chiefs = _chiefs(t, lo, m.start(), ms, here)
            if not own and chiefs:
                # "把X产业链作为…方向,镇长亲自担任链长": the chain named earlier in the sentence
                own = [c for c in free_chains if c.end <= lo]
            if not own:
                continue
            for a in chiefs or []:
                if a not in ms:
                    ms.append(a)  # 市长 -> that city's government: an entity of the article too
            if chiefs and len(chiefs) == len(own) > 1 and "分别" in t[lo:m.start()]:
                # "市委书记、市长分别担任A、B产业链链长": the i-th chief leads the i-th chain
                pairs = zip(sorted(chiefs, key=lambda g: g.start), sorted(own, key=lambda c: c.start))
                for a, c in pairs:
                    b.add("LEADS", a, c, sent.text, "leads.chain_chief_respectively", 0.7, region)
                continue
            for c in own:
                for a in (chiefs if chiefs is not None else actor(c.start)):
                    if a.type == "GovernmentBody":
                        b.add("LEADS", a, c, sent.text, "leads.chain_chief", 0.7, region)
        # ---- state for the next sentence
        if groups:
            carry = groups[-1] if groups[-1][0].type == "GovernmentBody" else groups[0]
        for p in ms:
            if p.type == "Platform" and p.kind and "联合体" in p.kind and p.inside is None:
                last_platform = p
    _title_chains(doc, per_sentence, b)
    return _assemble(doc, ctx, per_sentence, list(b.rels.values()))


def _co_issuers(t: str, last: Mention, ms: list[Mention]) -> list[Mention]:
    """The organ right before an issuing verb plus the organs listed before it (B、C和D印发)."""
    govs = sorted((g for g in ms if g.type == "GovernmentBody" and g.inside is None), key=lambda g: g.start)
    out = [last]
    for g in reversed(govs):
        if g.end <= out[0].start and re.fullmatch(r"[、和及与]|以及", t[g.end:out[0].start]):
            out.insert(0, g)
        elif g.end <= out[0].start:
            break
    return out


def _title_chains(doc: Document, per_sentence: list[list[Mention]], b: _Builder) -> None:
    """A chain of the article named inside a document's title is covered by it (《赣南脐橙质量分级》)."""
    stems = {m.name[:-3]: m for ms in per_sentence for m in ms if m.type == "Chain" and m.name.endswith("产业链")}
    seen = set()
    for sent, ms in zip(doc.sentences, per_sentence):
        for d in ms:
            if d.type != "PolicyDocument" or d.name in seen:
                continue
            seen.add(d.name)
            hits = [st for st in stems if len(st) >= 2 and st in d.name]
            for st in hits:
                if not any(st != o and st in o for o in hits):  # 新能源汽车 over 汽车
                    b.add("COVERS", d, stems[st], sent.text, "covers.chain_in_title", 0.7, None)


def _headlines(doc: Document) -> set[int]:
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


def _chiefs(t: str, lo: int, hi: int, ms: list[Mention], ctx: ArticleContext) -> list[Mention] | None:
    """Organs named in "由X担任…链长" between `lo` and `hi` (市长 -> the city's government); None if no 由-phrase."""
    m = _CHIEF_BY.search(t, lo, hi)
    if not m:
        return None
    out = [g for g in ms if g.type == "GovernmentBody" and m.start(1) <= g.start < m.end(1)]
    if not t.startswith("由", m.start()) and not out and not _CHIEF_PERSON.search(m.group(1)):
        return None  # "X担任…链长" needs a post (市长, 书记) or an organ as X
    for word, level in _HEAD_OF.items():
        if level == "town" and word in m.group(1):
            # 镇长: the town named before in the sentence, else the last one named
            town = [g for g in ms if g.type == "GovernmentBody" and g.end <= m.start(1) and
                    re.search("(镇|乡|街道)人民政府$", g.name)]
            if town:
                out.append(town[-1])
                continue
        if word in m.group(1) and ctx.region_for(level):
            region = ctx.region_for(level)
            pos = t.find(word, m.start(1), m.end(1))
            out.append(Mention("GovernmentBody", region + "人民政府", pos, pos + len(word), word, kind="人民政府",
                               region=region))
    return out


def _clause_start(text: str, pos: int) -> int:
    k = pos
    while k > 0 and text[k - 1] not in ",，。;；:：":
        k -= 1
    return k


def _assemble(doc: Document, ctx: ArticleContext, per_sentence, relations: list[Relation]) -> Extraction:
    """One canonical Entity per real thing; relation endpoints renamed to the canonical names."""
    v = vocab()
    groups: dict[tuple[str, str], dict] = {}
    original: dict[str, set] = defaultdict(set)
    for sent, ms in zip(doc.sentences, per_sentence):
        for m in ms:
            key = (m.type, name_key(m.name))
            g = groups.setdefault(key, {"type": m.type, "name": m.name, "aliases": set(), "kind": m.kind,
                                        "region": m.region, "mentions": 0})
            g["mentions"] += 1
            surf = sent.text[m.start:m.end]
            for a in (surf, m.surface):
                if a and a != g["name"]:
                    g["aliases"].add(a)
    rename = _merge_map(groups)
    entities = []
    for key, g in sorted(groups.items()):
        if key in rename:
            continue
        aliases = set(g["aliases"])
        for k2, tgt in rename.items():
            if tgt == key:
                aliases |= groups[k2]["aliases"] | {groups[k2]["name"]}
                g["mentions"] += groups[k2]["mentions"]
        aliases.discard(g["name"])
        region = g["region"]
        if region and region not in v.regions and region != "全国":
            region = None
        entities.append(Entity(g["type"], g["name"], tuple(sorted(aliases)), region, g["kind"], g["mentions"]))
    canon = {k: groups[rename.get(k, k)]["name"] for k in groups}
    out = []
    seen = set()
    for r in relations:
        s = canon.get((r.source_type, name_key(r.source)), r.source)
        t = canon.get((r.target_type, name_key(r.target)), r.target)
        if s == t:
            continue
        key = (r.type, s, t)
        if key in seen:
            continue
        seen.add(key)
        out.append(Relation(r.type, s, t, r.source_type, r.target_type, r.evidence, r.rule, r.confidence, r.region))
    names = {(e.type, e.name) for e in entities}
    out = [r for r in out if (r.source_type, r.source) in names and (r.target_type, r.target) in names]
    out.sort(key=lambda r: (r.type, r.source, r.target))
    return Extraction(article=doc.id, entities=tuple(entities), relations=tuple(out), title=doc.title, path=doc.path)


def _merge_map(groups: dict) -> dict:
    """Within one article: platforms with/without region prefix, chains X制品 -> X, X -> X制造."""
    v = vocab()
    rename: dict = {}
    keys = set(groups)
    for (typ, k) in sorted(keys):
        if typ == "Platform":
            for n in range(2, 8):
                head = k[:n]
                if head in v.regions or short_region(head) in v.regions and head.endswith(("省", "市", "县", "区")):
                    rest = k[n:]
                    if (typ, rest) in keys and len(rest) > 3:
                        rename[(typ, rest)] = (typ, k)
        if typ == "Chain" and k.endswith("产业链"):
            stem = k[:-3]
            for suf in ("制品", "产品"):
                if stem.endswith(suf) and (typ, stem[:-len(suf)] + "产业链") in keys:
                    rename[(typ, k)] = (typ, stem[:-len(suf)] + "产业链")
            if (typ, stem + "制造产业链") in keys:
                rename[(typ, k)] = (typ, stem + "制造产业链")
            # 稀土产业 inside an article about 稀土新材料及应用产业链: the compound chain it heads
            compound = [k2 for (t2, k2) in keys if t2 == typ and k2 != k and k2.startswith(stem) and
                        re.search("[及与]", k2[len(stem) + 1:])]
            if len(compound) == 1:
                rename[(typ, k)] = (typ, compound[0])
    # chains of chains: resolve transitively
    for a in list(rename):
        seen = {a}
        while rename[a] in rename and rename[a] not in seen:
            seen.add(rename[a])
            rename[a] = rename[rename[a]]
    return rename
