"""Organ forms of real notices and news that the suffix rule of `organs` misses: Party committee offices
(市委办公厅, 中共X委员会…办公室), leading groups (X质量工作领导小组), park management committees
(X新区管委会), short bureau forms (X市局, 省局, 总局), regional branches of national vertical organs
(国家税务总局X税务局, 银保监会X监管局) and bare regions listed as co-acting governments (a run of
regions closed by 等N省市 / 共同 / 携手, or regions listed among organs as responsible units).
"""
from __future__ import annotations

import re

from loaders.entities.bounds import HAN, IS_HAN, cut_left
from loaders.entities.context import ArticleContext, Mention
from loaders.vocab import vocab

_LEVEL = {"省": "province", "市": "city", "县": "county", "区": "county"}
_LIST_SEP = "、和与及由经在"
_PARTY_OFFICE = re.compile(r"(?:中共)?(省|市|县|区)委(办公厅|办公室)")
_PARTY_FULL = re.compile(rf"中共([{HAN}]{{2,10}}?)委员会((?:[{HAN}]{{0,16}}?)(?:委员会办公室|办公厅|办公室|宣传部|组织部|统战部))?")
_GROUP = re.compile(r"领导小组(办公室)?")
_GROUP_VERBS = ("报", "上报", "报送", "提交", "向", "经", "由", "请", "按")
_GROUP_NOT_NAME = re.compile(r"召开|主持|出席|参加|担任|调整|整合|组建|设立|成立")
_PARK = re.compile(r"(新区|高新区|开发区|经开区|高新技术产业开发区|经济技术开发区|保税区|自贸区|试验区|园区)(管委会|管理委员会)")
_SHORT_BUREAU = re.compile(r"(省|市|县|区)局(?![长面势部])")
_HQ = re.compile(r"总局(?![长])")
_VERTICAL = re.compile(rf"[{HAN}]{{0,4}}?(监管局|税务局|调查总队|监管分局|管理局)")
# a run of bare regions acting together: 联合A、B、C四省区共同 / 与A、B等地携手
_COACT_TAIL = re.compile(r"(等)?([\d一二两三四五六七八九十]+个?(省市|省区市|省份|省|市|地|城市)|共同|携手|联合|签署|签订)")


def _gov(name: str, start: int, end: int, kind: str, region: str | None) -> Mention:
    return Mention("GovernmentBody", name, start, end, "", kind=kind, region=region)


def _free(taken: list, s: int, e: int) -> bool:
    return not any(a < e and s < b for a, b in taken)


def _after_boundary(text: str, s: int) -> bool:
    return s == 0 or not IS_HAN.match(text[s - 1]) or text[s - 1] in _LIST_SEP


def more_governments(text: str, ctx: ArticleContext, out: list[Mention], taken: list, regions) -> list[Mention]:
    """Organs in the forms listed in the module docstring; `out`/`taken` are what `find_governments` has."""
    new: list[Mention] = []
    region_ends = {e: (s, r) for s, e, r in regions}
    region_starts = {s: (e, r) for s, e, r in regions}
    v = vocab()

    def add(m: Mention) -> None:
        m.surface = text[m.start:m.end]
        new.append(m)
        taken.append((m.start, m.end))

    if "委" not in text and "局" not in text and "领导小组" not in text and len(regions) < 2 and not out:
        return new  # none of these forms can occur
    for m in _PARTY_FULL.finditer(text):
        if m.start(1) in region_starts and region_starts[m.start(1)][0] == m.end(1) and _free(taken, m.start(), m.end()):
            r = region_starts[m.start(1)][1]
            add(_gov(f"中共{r.name}委员会{m.group(2) or ''}", m.start(), m.end(), "党委", r.name))
    for m in _PARTY_OFFICE.finditer(text):
        lvl = m.start(1)
        if lvl + 1 in region_ends and region_ends[lvl + 1][1].name.endswith(m.group(1)):
            start, region = region_ends[lvl + 1][0], region_ends[lvl + 1][1].name
        elif _after_boundary(text, m.start()):
            start, region = m.start(), ctx.region_for(_LEVEL[m.group(1)])
        else:
            continue
        if text[max(0, start - 2):start] == "中共":
            start -= 2
        if region and _free(taken, start, m.end()):
            r = v.regions.get(region)
            prefix = r.city if r is not None and r.name.endswith("区") and r.city else ""
            add(_gov(f"中共{prefix}{region}委员会{m.group(2)}", start, m.end(), "党委", region))
    if "领导小组" in text or "委会" in text or "委员会" in text:
        _groups_and_parks(text, ctx, taken, regions, add)
    if "局" in text:
        _short_bureaus(text, ctx, taken, region_ends, add)
    if len(regions) > 1 or out and regions:
        _vertical_branches(text, out, regions)
        _distributed_organs(text, out, taken, regions, add)
        _coacting_regions(text, out + new, taken, regions, add)
    return new


def _left_span(text: str, end: int, limit: int = 18) -> tuple[int, str]:
    """The Han run before `end` (at most `limit` characters), cut at the last boundary word."""
    k = end
    while k > 0 and IS_HAN.match(text[k - 1]) and end - k < limit:
        k -= 1
    span = text[k:end]
    cut = cut_left(span, 1) if span else 0
    return k + cut, span[cut:]


def _groups_and_parks(text: str, ctx: ArticleContext, taken: list, regions, add) -> None:
    """X领导小组(办公室) with its region (named, or the level its name carries), X新区管委会."""
    for m in _GROUP.finditer(text):
        k, span = _left_span(text, m.start())
        if len(span) < 2 or span.endswith(("组长", "成立", "的")):
            continue
        while span[:2] in _GROUP_VERBS or span[:1] in _GROUP_VERBS:  # a verb of reporting before the group name: 报…领导小组办公室
            n = 2 if span[:2] in _GROUP_VERBS else 1
            k, span = k + n, span[n:]
        hit = next(((s, r) for s, e, r in regions if k <= s < m.start()), None)
        hit_end = next((e for s, e, r in regions if hit and s == hit[0]), 0)
        if _GROUP_NOT_NAME.search(text, hit_end if hit else k, m.start()) or \
                re.match(r"[省市县区]?长", text[hit_end if hit else k + 1:]):
            continue  # 省长主持召开…领导小组会议: a meeting, not the group's name
        if hit:
            start, region = hit[0], hit[1].name
            name = region + text[hit_end:m.end()]
        elif span[0] in "省市县" and span[:2] not in ("省委", "市委", "县委"):
            region = ctx.region_for(_LEVEL[span[0]])
            start, name = k, f"{region}{text[k + 1:m.end()]}" if region else ""
        elif "省" in span and ctx.province:
            start, region, name = k, ctx.province, ctx.province + text[k:m.end()]
        else:
            continue
        if name and _free(taken, start, m.end()):
            add(_gov(name, start, m.end(), "领导小组", region))
    for m in _PARK.finditer(text):
        k, span = _left_span(text, m.start(), 12)
        if len(span) < 2 or not _free(taken, k, m.end()):
            continue
        add(_gov(text[k:m.end(1)] + "管理委员会", k, m.end(), "管委会", None))


def _short_bureaus(text: str, ctx: ArticleContext, taken: list, region_ends: dict, add) -> None:
    """X市局 / 省局 / 总局: the bureau the article keeps talking about, at that region (or nationally)."""
    kind = ctx.bureau_kind
    if not kind:
        return
    for m in _SHORT_BUREAU.finditer(text):
        s = m.start()
        if s + 1 in region_ends and region_ends[s + 1][1].name.endswith(m.group(1)):
            start, region = region_ends[s + 1][0], region_ends[s + 1][1].name
        elif _after_boundary(text, s):
            start, region = s, ctx.region_for(_LEVEL[m.group(1)])
        else:
            continue
        if region and _free(taken, start, m.end()):
            add(_gov(region + kind, start, m.end(), kind, region))
    national = {"市场监督管理局": "国家市场监督管理总局", "税务局": "国家税务总局", "药品监督管理局": "国家药品监督管理局"}
    if kind in national:
        for m in _HQ.finditer(text):
            if _after_boundary(text, m.start()) and _free(taken, m.start(), m.end()):
                add(_gov(national[kind], m.start(), m.end(), kind, "全国"))


def _vertical_branches(text: str, out: list[Mention], regions) -> None:
    """A national organ right before a region and a branch suffix names that branch (国家税务总局X税务局);
    the regional organ found inside it is dropped."""
    for g in [g for g in out if g.region == "全国"]:
        r = next(((e, r) for s, e, r in regions if s == g.end), None)
        if r is None:
            continue
        m = _VERTICAL.match(text, r[0])
        if not m:
            continue
        end = m.end()
        for o in [o for o in out if o is not g and g.end <= o.start < end]:
            out.remove(o)
        g.name, g.end, g.region, g.surface = g.name + text[g.end:end], end, r[1].name, text[g.start:end]


def _distributed_organs(text: str, govs: list[Mention], taken: list, regions, add) -> None:
    """江苏省、浙江省和上海市市场监管部门: an organ named after a list of regions is that organ of each one."""
    ends = {e: (s, r) for s, e, r in regions}
    for g in [g for g in govs if g.region and g.region != "全国" and g.start in {s for s, _, _ in regions}]:
        suffix = g.name[len(g.region):] if g.name.startswith(g.region) else ""
        pos = g.start
        while suffix and pos > 1 and text[pos - 1] in "、和与及" and pos - 1 in ends:
            s, r = ends[pos - 1]
            if not _free(taken, s, pos - 1):
                break
            add(_gov(r.name + suffix, s, pos - 1, g.kind or suffix, r.name))
            pos = s


def _coacting_regions(text: str, govs: list[Mention], taken: list, regions, add) -> None:
    """Bare regions in a run (separated by 、和与及联合会同) that ends in 等N省市 / 共同 / 携手 …, or a run
    of regions listed among organs (an organ, 、, the regions, then 、和及与等 or the end of the list):
    each is that region's people's government (responsible-unit lists name districts beside bureaus)."""
    free = [(s, e, r) for s, e, r in regions if _free(taken, s, e)]
    i = 0
    while i < len(free):
        j = i
        while j + 1 < len(free) and re.fullmatch(r"[、和与及]|联合|会同", text[free[j][1]:free[j + 1][0]] or "x"):
            j += 1
        run = free[i:j + 1]
        tail = _COACT_TAIL.match(text, run[-1][1])
        if (len(run) >= 2 and tail) or _after_organ(text, run, govs):
            for s, e, r in run:
                add(_gov(r.name + "人民政府", s, e, "人民政府", r.name))
        i = j + 1


def _after_organ(text: str, run, govs: list[Mention]) -> bool:
    """Is this run of regions an item of a list of (regional) organs: 市商务局、X区、Y区等单位?"""
    s, e = run[0][0], run[-1][1]
    return s > 0 and text[s - 1] == "、" and any(g.end == s - 1 and g.region != "全国" for g in govs) and \
        (text[e:e + 1] in "、和及与等;；。" or e == len(text)) and not re.match(r"等?地|等?[\d一二两三四五六七八九十]+[个地省市区县]", text[e:])
