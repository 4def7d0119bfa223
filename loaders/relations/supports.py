"""SUPPORTS: a body, platform or enterprise supports a chain or an enterprise.

Read from a support verb of triggers.json["SUPPORTS"] (赋能X产业链), "为X提供…服务", "予以支持"
after an inclusion, and "在Y的帮扶下" (triggers.json["HELP_UNDER"]).
"""
from __future__ import annotations

import re
from collections.abc import Iterator

from loaders.relations.chain_roles import topic_chains
from loaders.relations.frame import Frame, with_partners
from loaders.relations.issued import _LIST_SEP, INCLUDE, Hit
from loaders.relations.leads import causee_team
from loaders.relations.words import compiled, trigger_re

# "为Z产业链企业提供检测服务" / "向Z产业链授信": the object between 为/向 and the service verb is supported
_FOR_SERVICE = re.compile(r"(?:为|向)([^,，。;；]{2,40}?)(?:(?:提供|开展|出具)[^,，。;；]{0,14}?"
                          r"(?:服务|支持|检测|检验|认证|校准|培训|指导|帮扶|咨询|解决方案|融资|资金|报告|证书|体检|诊断)|授信|放贷|发放|贷款|"
                          r"(?:解决|破解|攻克)[^,，。;；]{0,16}?(?:难题|问题|瓶颈))")
# "依托P,为X…": the platform relied on is what serves X
_BY_MEANS = re.compile(r"(?:依托|通过|借助|利用)$")
# "予以支持" at a clause end: support for what the sentence put forward (将X列为…,并…予以支持)
# "依托X(有限公司)(简称“Y”)建设的P": the tail of X's name, its short name, then the building verb + 的
_BUILT_ON = re.compile(r"[^,，。;；()]{0,6}?(?:\([^()]{0,30}\))?(?:牵头)?(?:建设|建成|组建|打造|设立|共建)的?")
_RESPECTIVELY = re.compile(r"分别")
_CHAIN_FIRMS = re.compile(r"^(?:产业)?链上(?:的)?(?:[\d一二三四五六七八九十百余多]+家)?(?:中小微|中小|重点|骨干)?(?:企业|单位)")
_SUPPORT_BACK = re.compile(r"(予以|给予)(支持|扶持|倾斜)")
_TARGETS = ("Chain", "Enterprise")


def _built_before(f: Frame, k: int, exclude=()) -> list:
    """Platforms built in clause k-1 (建成A和B,赋能C): they support too."""
    if k == 0:
        return []
    lo, hi = f.starts[k - 1], f.starts[k]
    bm = trigger_re("LEADS_BUILD").search(f.folded, lo, hi)
    if not bm:
        return []
    return [p for p in f.of_type("Platform", free=True) if lo <= p.start < hi and p not in exclude]


def supports_subject_trigger_target(f: Frame) -> Iterator[Hit]:
    """The actor of a support verb supports the chains / enterprises after it in the clause, unless a pivotal
    verb before it hands the support to its object ("指导链主企业…,带动E": the chain master supports E)."""
    t = f.folded
    topic = [c for c in f.free_chains if re.match(r"^在", t[f.clause_start(c.start):c.start]) and
             re.match(r"^(产业)?(上|领域)", t[c.end:])]
    for m in trigger_re("SUPPORTS").finditer(t):
        k = f.clause_of(m.start())
        lo, hi = f.clause_span(k)
        targets = [x for x in f.of_type(*_TARGETS, free=True) if lo <= x.start < hi
                   and (x.start > m.start() or m.group(0) == "授信")]
        if "产业" in t[m.end():hi]:  # "助推产业…" refers back to the clause topic "在X产业上"
            targets += [c for c in topic if c not in targets]
        sups = f.actor(m.start())
        if not targets and re.search(r"(全产业链|产业链|产业)", t[m.end():hi]):
            for a in sups:  # "赋能产业链": the chain in the actor's own name
                targets += [c for c in f.chains if c.inside == a.name]
                if a.type == "Enterprise" and a.ref:
                    targets += [c for c in f.chains if c.inside == a.ref]
        if not targets:
            continue
        built = _built_before(f, k)
        here = [a.end for a in sups if a in f.mentions and a.end <= m.start()]
        if f.handed_over(min(here, default=0), m.start()):
            sups = []  # "我局指导链主企业…,带动E": the object of the pivotal verb acts
        for a in list(sups) + built:
            for x in targets:
                if not (x.type == "Enterprise" and a.type == "Enterprise"):
                    yield "SUPPORTS", a, x, "supports.subject_trigger_target", 0.65


def supports_provide_service_for(f: Frame) -> Iterator[Hit]:
    """为X提供检测服务 / 向X授信: the actor (and a platform built just before) supports X."""
    t = f.folded
    for m in _FOR_SERVICE.finditer(t):
        targets = [x for x in f.of_type(*_TARGETS, free=True) if m.start(1) <= x.start < m.end(1)]
        k = f.clause_of(m.start())
        lo = f.starts[k - 1] if k > 0 else 0
        means = [_built_on(f, p) for p in f.of_type("Platform", free=True) if lo <= p.start < m.start()
                 and _BY_MEANS.search(t, max(0, p.start - 2), p.start)]
        acts = list(f.actor(m.start()))
        if acts and acts[0] in f.mentions and acts[-1].end <= m.start():  # "A联合B、C,为X提供…": B and C serve too
            acts = [a for a in with_partners(t, acts, f.mentions) if a.end <= m.start()]
        if means and acts and acts[0].type == "Platform" and acts[0] in f.mentions and \
                lo <= acts[0].start and acts[0].end <= means[0].start and means[0] not in f.builders:
            means = []  # "P依托X等平台,为…提供服务": the platform that relies on X serves
        here = [a.end for a in acts if a in f.mentions and a.end <= m.start()]
        if not means and f.handed_over(min(here, default=0), m.start()):
            acts = causee_team(f, min(here, default=0), m.start())  # "我局推动A与B…,为X提供服务": A and B serve
        sups = means or acts
        bm = trigger_re("LEADS_BUILD").search(t, f.starts[k - 1], f.starts[k]) if k > 0 else None
        if bm:
            # 在园区建成A,为B提供服务: the platform just built (after the verb, not the place) serves too
            sups += [p for p in f.of_type("Platform", free=True) if bm.end() <= p.start < f.starts[k]
                     and p not in sups and p not in f.builders]
        if not targets and _CHAIN_FIRMS.search(m.group(1)):
            built = [p for p in sups if bm and p.start >= bm.end()]
            sups = built or sups  # "A建成P,为链上企业提供服务": the service is P's
            targets = _chain_of_firms(f, sups, f.clause_of(m.start()))  # 为链上企业提供服务: the chain's firms
        if _RESPECTIVELY.search(t, max(0, m.start() - 3), m.start()) and len(sups) == len(targets) > 1:
            pairs = list(zip(sups, targets))  # "A、B分别为X、Y提供…": the i-th serves the i-th
        else:
            pairs = [(a, x) for a in sups for x in targets]
        for a, x in pairs:
            if not (x.type == "Enterprise" and a.type == "Enterprise"):
                yield "SUPPORTS", a, x, "supports.provide_service_for", 0.7


def _chain_of_firms(f: Frame, sups, k: int) -> list:
    """The chain whose firms "链上企业" are: the topic chain of the sentence (围绕X产业链, / 在X产业链上,), else
    the chain in the supporter's own name (X产业质量创新联合体)."""
    return topic_chains(f, k) or [c for a in sups for c in f.chains if c.inside == a.name]


def _built_on(f: Frame, base):
    """The platform relied on: `base`, or the platform built on it ("依托X建设的P": P serves, X is its base)."""
    t = f.folded
    last = base
    for p in sorted(f.of_type("Platform", free=True), key=lambda m: m.start):  # 依托A和B建设的P: the list A、B
        if p.start >= last.end and _LIST_SEP.fullmatch(t, last.end, p.start):
            last = p
    built = _BUILT_ON.match(t, last.end)
    if built:
        nxt = next((p for p in f.of_type("Platform", free=True) if p.start == built.end()), None)
        if nxt is not None:
            return nxt
    return base


def supports_granted_to_included(f: Frame) -> Iterator[Hit]:
    """将X产业链列为…,并予以支持: the actor supports what it included."""
    t = f.folded
    for m in _SUPPORT_BACK.finditer(t):
        for inc in INCLUDE.finditer(t, 0, m.start()):
            for c in f.free_chains:
                if inc.start(1) <= c.start < inc.end(1):
                    for a in f.actor(inc.start())[:1]:
                        if a.type in ("GovernmentBody", "Platform", "Enterprise"):
                            yield "SUPPORTS", a, c, "supports.granted_to_included", 0.7


def supports_under_help(f: Frame) -> Iterator[Hit]:
    """在Y的帮扶/指导下, X…: Y supports the chains and enterprises named after it."""
    t = f.folded
    if "下" not in t:
        return
    for m in compiled(r"在([^,，。]{2,24})的(?:定点)?({words})下", "HELP_UNDER").finditer(t):
        helper = next((g for g in f.mentions if g.start >= m.start(1) and g.end <= m.end(1) and
                       g.type in ("GovernmentBody", "Platform")), None)
        if helper:
            for x in f.of_type(*_TARGETS, free=True):
                if x.start > m.end():
                    yield "SUPPORTS", helper, x, "supports.under_help", 0.75

