"""LEADS (a body or enterprise leads a platform) and the frame steps that re-point the subject.

`frame_built_by` and `frame_platform_head` run first: "X建设的P,…" makes P the sentence's subject and
"P龙头企业E" makes E act for P, so later rules bind to the right actor.
"""
from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache

from loaders.entities import SHORT_NAME
from loaders.relations.frame import ACTOR_TYPES, Frame, with_partners
from loaders.relations.issued import _LIST_SEP, Hit
from loaders.relations.words import alternation, compiled, trigger_re, words

# "X建设的Y": X built Y, and Y (not X) is what the rest of the sentence is about
_BUILT_BY = re.compile(r"^(?:\([^()]{0,30}\))?(牵头建设|牵头组建|牵头成立|牵头|建设|建成|承建|打造|组建|筹建|运营)的$")
_HEAD_ROLE = re.compile(r"(龙头企业|牵头单位|链主企业)$")
_POST_BUILD = re.compile(r"^[”\"」]?(项目)?(建设运行|建设|研发|筹建|揭牌|落地)")
_PRE_BUILD = ("推进", "推动", "启动", "加快", "加大", "全力推动", "牵头推进", "共同推动")
# "建设…示范区15个": a number after the name makes it a category being counted, not one named platform
_COUNTED = re.compile(r"^[\d一二三四五六七八九十百]+[个家座所批]")
# a chair role noun next to E (理事长/会长单位(为)E, E担任/当选…理事长单位): E chairs the alliance
_CHAIR_BEFORE = re.compile(r"(?:轮值)?(?:理事长|会长|主席|盟主)单位(?:为|是)?$")
_CHAIR_AFTER = re.compile(r"^(?:为|任|担任|当选(?:为)?)(?:联盟|联合体)?(?:首[届任])?(?:轮值)?(?:理事长|会长|主席)单位")
# "一系列…平台" / "一批…中心": a plural of a kind, not one named platform
_PLURAL = re.compile(r"^(一系列|一批|一大批|多个|多家|若干|各类|各级|一些|[\d一二三四五六七八九十两]+[个家座所])")
_PARTNER = re.compile(r"联合|会同|携手|与[^,，;；]{2,20}?(?:共建|合建|共同)")
_CONNECTIVE = re.compile(r"(?:并|还|也|又|同时|另外|此外|积极|主动|先后|共同|进一步)*")
_LED_BY = re.compile(r"(?:则|也|还)?由")
_LEADER_OF = re.compile(r"牵头(?:建设|组建|成立)?的")
# "由X牵头,联合…组建了Y": Y a short form (检联体) of a platform named before
_LED_BUILT_SHORT = re.compile(r"由([^,，。;；由]{2,40}?)牵头[^。;；]{0,40}?(?:组建|成立|建设|打造|筹建)了?([\u4e00-\u9fff]{2,6})"
                              r"(?=[,，。;；]|$)")
# after "P由X": X heads (牵头) or builds / runs P (建设运营, 组建, 承建 …)
_BY_HEAD = re.compile(r"(?:负责|主导|统一)?(?:牵头|建设运营|建设运行|建设|组建|建成|筹建|打造|承建|运营|设立|成立)")
# "镇(街道)综合服务站" / "园区(企业)服务站": a level of a service network, a class rather than one platform
_LEVEL_CLASS = re.compile(r"^(?:省|市|县|区|镇|乡|街道|园区|企业|村|社区)\(")
# the role words between a pivotal verb and the firm or body it sets to work (推动…产业链链主企业E)
_CAUSEE_ROLE = re.compile(r"(?:[\u4e00-\u9fff]{0,10}?(?:产业链|产业))?(?:链主企业|龙头企业|领军企业|骨干企业|重点企业|企业)?")
_WITH_PARTNER = re.compile(r"联合|会同|携手")
_PARTNER_GAP = re.compile(r"[、和与及同]|联合|会同|携手|以及")
_NAMELY = re.compile(r"即|分别是|分别为")


def frame_built_by(f: Frame) -> Iterator[Hit]:
    """"X建设的P,为…提供服务": X leads P, and P replaces X as the subject of the sentence."""
    t = f.folded
    for gi, g in enumerate(f.groups):
        p = next((m for m in f.of_type("Platform", free=True) if m.start > g[-1].end and
                  _BUILT_BY.match(t[g[-1].end:m.start])), None)
        if p is not None:
            for x in g:
                yield "LEADS", x, p, "leads.built_by", 0.8
            f.builders += g
            f.groups[gi] = [p]


def frame_platform_head(f: Frame) -> Iterator[Hit]:
    """"P龙头企业E": E heads platform P and acts for it in this sentence (with those it joins: E会同F)."""
    t, ms = f.folded, f.mentions
    for e in f.of_type("Enterprise"):
        mm = _HEAD_ROLE.search(t[max(0, e.start - 6):e.start])
        if not mm:
            continue
        head = t[:e.start - len(mm.group(1))]
        plat = next((p for p in ms if p.type == "Platform" and p.end == len(head) and p.inside is None), None)
        if plat is None and head.endswith("该联合体") and f.last_platform is not None:
            plat = f.last_platform
        if plat is None:
            continue
        e.ref = plat.name
        yield "LEADS", e, plat, "leads.platform_head_enterprise", 0.9
        if plat.subject or head.endswith("该联合体"):
            first = [e] + [p for p in ms if p is not e and p.type == "Enterprise" and p.start > e.end and
                           re.fullmatch(r"会同|和|与|、", t[e.end:p.start] or "")]
            f.groups = [first] + [g for g in f.groups if plat not in g]
            for other in ms:
                if other.type == "Platform" and other.start > e.end and re.match(r"^会同", t[e.end:]) and \
                        other.start - e.end <= 4:
                    f.groups[0].append(other)


def leads_subject_builds_platform(f: Frame) -> Iterator[Hit]:
    """The actor of a building verb (建设/组建/揭牌 …) leads the platform it builds."""
    t, ms = f.folded, f.mentions
    build = list(trigger_re("LEADS_BUILD").finditer(t))
    for p in f.of_type("Platform", free=True):
        if _COUNTED.match(t, p.end) or _PLURAL.match(p.name) or _LEVEL_CLASS.match(p.name):
            continue
        lo = f.starts[f.clause_of(p.start)]
        pre = [m for m in build if lo <= m.start() and m.end() <= p.start]
        ok = False
        if pre:
            gap = t[pre[-1].end():p.start]
            first = min((o.start for o in ms if o.type == "Platform" and pre[-1].end() <= o.start <= p.start), default=p.start)
            ok = _listed_after(t, ms, pre[-1].end(), p) and first - pre[-1].end() <= 20 and not _PLURAL.match(gap) \
                and not _LIST_SEP.match(gap)  # "质量强镇建设、P": 建设 is a noun listed with P, not its verb
        elif _NAMELY.match(t, lo) and lo > 0:
            # "建成了2个示范区,即A、B": the items named after 即 are the ones the previous clause built
            plo = f.starts[f.clause_of(lo - 1)]
            pre = [m for m in build if plo <= m.start() and m.end() < lo]
            ok = bool(pre) and _listed_after(t, ms, _NAMELY.match(t, lo).end(), p)
        if not ok and _POST_BUILD.match(t[p.end:]) and any(w in t[lo:p.start] for w in _PRE_BUILD):
            ok = True
        if not ok or pre and _unnamed_builder(f, pre[-1], p):
            continue
        for a in with_partners(t, f.actor(p.start), [m for m in ms if m.end <= p.start]) if f.actor(p.start) else []:
            if a is not p and a.name != p.name:
                yield "LEADS", a, p, "leads.subject_builds_platform", 0.7


def _listed_after(t: str, ms, lo: int, p) -> bool:
    """No other title or platform between `lo` and `p`, except platforms listed with it ("建成A、B和P")."""
    between = sorted((o for o in ms if o.type in ("Platform", "PolicyDocument") and o is not p and lo <= o.start < p.start
                      and o.inside is None), key=lambda o: o.start)
    if any(o.type != "Platform" for o in between):
        return False
    return all(_LIST_SEP.fullmatch(t, a.end, b.start) for a, b in zip(between, between[1:] + [p]))


def _unnamed_builder(f: Frame, verb: re.Match, p) -> bool:
    """The builder of `p` is not the sentence's actor: the verb modifies P ("依托X建设的P"), the clause has
    a subject of its own not recognised ("B则联合C共建P"), or a pivotal verb hands the building to another
    ("指导企业建立P")."""
    t = f.folded
    if t.startswith("的", verb.end()):
        return True
    lo = f.starts[f.clause_of(verb.start())]
    acts = f.actor(p.start)
    inside = [a for a in acts if a in f.mentions and lo <= a.start < verb.start()]
    partner = _PARTNER.search(t, lo, verb.start())
    if not inside and partner and not _CONNECTIVE.fullmatch(t, lo, partner.start()):
        return True  # words before 联合 that are no connective: the clause's own, unrecognised subject
    start = min((a.end for a in acts if a in f.mentions and a.end <= verb.start()), default=0)
    return f.handed_over(start, verb.start()) or _sets_to_work(f, start, verb.start())


def _sets_to_work(f: Frame, lo: int, hi: int) -> bool:
    """"支持/帮助(链主企业)E…" between `lo` and `hi`: E, not the sentence's actor, does what follows."""
    t = f.folded
    for pv in trigger_re("PIVOT_BUILD").finditer(t, lo, hi):
        role = _CAUSEE_ROLE.match(t, pv.end())
        if any(m.start in (pv.end(), role.end()) for m in f.of_type(*ACTOR_TYPES, free=True)):
            return True
    return False


def leads_platform_led_by(f: Frame) -> Iterator[Hit]:
    """"P由X(简称“Y”)牵头,联合…组建" / "P由X建设运营" / "X牵头的P": X (a firm, platform or organ) leads P."""
    t = f.folded
    for e in f.of_type("Enterprise", "Platform", "GovernmentBody"):
        note = SHORT_NAME.match(t, e.end)
        after = note.end() if note else e.end
        for p in f.of_type("Platform", free=True):
            if p is e:
                continue
            if p.end <= e.start and _LED_BY.fullmatch(t, p.end, e.start) and _BY_HEAD.match(t, after) or \
                    e.end <= p.start and _LEADER_OF.fullmatch(t, after, p.start):
                yield "LEADS", e, p, "leads.platform_led_by", 0.75
    yield from leads_led_build_of_short_form(f)


def leads_led_build_of_short_form(f: Frame) -> Iterator[Hit]:
    """"由X牵头,联合…共同组建了Y": X leads the platform named before whose short form Y is (检联体 for
    …检验检测联合体: its characters in order, the same head)."""
    t = f.folded
    known = [p for p in (*f.carry, f.last_platform, f.last_alliance) if p is not None and p.type == "Platform"]
    for m in _LED_BUILT_SHORT.finditer(t):
        short = m.group(2)
        target = next((p for p in known if abbreviates(short, p.name)), None)
        for x in f.of_type("Enterprise", "Platform", "GovernmentBody", free=True) if target else []:
            if m.start(1) <= x.start < m.end(1) and x.name != target.name:
                yield "LEADS", x, target, "leads.led_build_of_short_form", 0.7


def abbreviates(short: str, name: str) -> bool:
    """`short` is a short form of `name`: shorter, the same last character, its characters in order in `name`."""
    if not (1 < len(short) < len(name)) or short[-1] != name[-1]:
        return False
    it = iter(name)
    return all(ch in it for ch in short)


def leads_under_leadership(f: Frame) -> Iterator[Hit]:
    """"在X的牵头下,…P": the enterprise X leads the platforms of the sentence."""
    for e in f.of_type("Enterprise"):
        if e.tag == "lead_under":
            for p in f.of_type("Platform", free=True):
                yield "LEADS", e, p, "leads.under_leadership", 0.75


def leads_chair_of_alliance(f: Frame) -> Iterator[Hit]:
    """"轮值理事长单位E" / "E担任理事长单位": E leads the alliance of the sentence, else the last one named."""
    t = f.folded
    for e in f.of_type("Enterprise", "Platform", free=True):
        if not (_CHAIR_BEFORE.search(t, 0, e.start) or _CHAIR_AFTER.match(t[e.end:])):
            continue
        here = [p for p in f.of_type("Platform", free=True) if p is not e and p.name.endswith(("联盟", "联合体"))]
        target = here[-1] if here else f.last_alliance
        if target is not None and target is not e:
            yield "LEADS", e, target, "leads.chair_of_alliance", 0.75


def leads_causee_builds_platform(f: Frame) -> Iterator[Hit]:
    """"推动/支持/指导(链主企业)E(联合F)牵头组建P": the one a pivotal verb sets to work, with the partners it
    joins, builds P (the body that pushes is not the builder)."""
    t, ms = f.folded, f.mentions
    actors = sorted(f.of_type(*ACTOR_TYPES, free=True), key=lambda m: m.start)
    plats = [p for p in f.of_type("Platform", free=True) if not _COUNTED.match(t, p.end) and not _PLURAL.match(p.name)]
    for pv in _pivot_re().finditer(t):
        role = _CAUSEE_ROLE.match(t, pv.end())
        e = next((m for m in actors if m.start in (pv.end(), role.end())), None)
        if e is None:
            continue
        team = _partners(t, e, actors)
        for p in plats:
            verb = None if p.start < team[-1].end else \
                next((b for b in trigger_re("LEADS_BUILD").finditer(t, team[-1].end, p.start) if b.end() <= p.start), None)
            if verb is None or "。" in t[e.end:p.start] or compiled(r"(?:{words})", "PIVOT").search(t, e.end, verb.start()):
                continue
            if p.start - verb.end() <= 20 and _listed_after(t, ms, verb.end(), p) and not t.startswith("的", verb.end()):
                for a in team:
                    if a is not p:
                        yield "LEADS", a, p, "leads.causee_builds_platform", 0.7
            break


def causee_team(f: Frame, lo: int, hi: int) -> list:
    """The actor a pivotal verb between `lo` and `hi` sets to work, with the partners it joins ("推动A与B…")."""
    t = f.folded
    actors = sorted(f.of_type(*ACTOR_TYPES, free=True), key=lambda m: m.start)
    for pv in reversed(list(_pivot_re().finditer(t, lo, hi))):
        role = _CAUSEE_ROLE.match(t, pv.end())
        e = next((m for m in actors if m.start in (pv.end(), role.end()) and m.end <= hi), None)
        if e is not None:
            return [m for m in _partners(t, e, actors) if m.end <= hi]
    return []


@lru_cache(maxsize=1)
def _pivot_re() -> re.Pattern:
    """Pivotal verbs that set their object to build (推动/指导/支持/帮助 E 建设P)."""
    return alternation(words("PIVOT") + words("PIVOT_BUILD"))


def _partners(t: str, e, actors) -> list:
    """`e` and the actors joined after it (E(简称“X”)联合F、G): E's own short-name note does not part them."""
    team = [e]
    for m in actors:
        note = SHORT_NAME.match(t, team[-1].end)
        lo = note.end() if note else team[-1].end
        if m.start < lo or m in team:
            continue
        if not _PARTNER_GAP.fullmatch(t, lo, m.start):
            break
        team.append(m)
    return team


@lru_cache(maxsize=1)
def _build_next() -> re.Pattern:
    """A building verb of triggers.json right after the partners ("共同建设", "一起打造")."""
    return compiled(r"(?:共同|一起|合力)?(?:{words})(?:了)?", "LEADS_BUILD")


def leads_partner_builds_platform(f: Frame) -> Iterator[Hit]:
    """"(并)联合/会同/携手X(、Y)(共同)建成P": the partners named before the building verb build P too, whoever
    the sentence's subject is."""
    t, ms = f.folded, f.mentions
    actors = sorted(f.of_type(*ACTOR_TYPES, free=True), key=lambda m: m.start)
    for pm in _WITH_PARTNER.finditer(t):
        first = next((m for m in actors if m.start == pm.end()), None)
        if first is None:
            continue
        team = _partners(t, first, actors)
        note = SHORT_NAME.match(t, team[-1].end)
        verb = _build_next().match(t, note.end() if note else team[-1].end)
        if verb is None:
            continue
        p = next((m for m in f.of_type("Platform", free=True) if m.start >= verb.end() and
                  _listed_after(t, ms, verb.end(), m) and m.start - verb.end() <= 20), None)
        if p is None or _COUNTED.match(t, p.end) or _PLURAL.match(p.name) or t.startswith("的", verb.end()):
            continue
        for a in team:
            if a is not p:
                yield "LEADS", a, p, "leads.partner_builds_platform", 0.7
