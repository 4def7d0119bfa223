"""Platforms (Platform): names ending in a platform kind (检验检测中心, 创新联合体, 服务站 …) with
the region prefix as written, quoted programmes plus head noun ("X贷"质量金融服务, "X通"平台), regional
branches, and anaphora (该中心, 联合体) back to the last platform named.
"""
from __future__ import annotations

import re

from loaders.entities.bounds import cut_left, HAN, IS_HAN, name_char_ok, organ_re
from loaders.entities.context import ArticleContext, Mention, listed_items
from loaders.normalize import data_lines
from loaders.vocab import excluded, is_region_word, vocab

_PROGRAMME_HEAD = re.compile(
    r"^((?:质量)?(?:金融|融资|信贷|增信|贷款|保险)[\u3400-\u9fff]{0,4}?(?:服务|产品)|模块平台|服务平台|数字平台|线上平台|平台|项目|小程序|APP|app|"
    r"品牌提升行动|质量提升行动|提升行动|专项行动|行动|工程|计划)")
_QUOTED = re.compile(r"“([^“”]{2,16})”")
_QUOTED_PROGRAMME = re.compile(r"^(?![一二三四五六七八九十两百千几多]+[个项大条批])[\u3400-\u9fff]{2,8}(计划|行动|工程)$")
# coined quality-finance product names: 锡质贷, 莞质贷, 质惠贷 (ending in a finance word, see finance_endings.txt)
_FINANCE_NAME = re.compile(rf"[{HAN}]{{1,4}}(?:{'|'.join(ln.strip() for ln in data_lines('finance_endings.txt'))})")
_FINANCE_CONTEXT = re.compile(r"授信|贷款|融资|放贷|增信|银行")
_BRANCH = re.compile(rf"([{HAN}]{{2,3}}?)?(分院|分中心|分所|分站)")
_INSTITUTE_LIST = re.compile(rf"((?:[{HAN}]{{2,12}}、)+[{HAN}]{{2,10}})等[{HAN}]{{0,6}}?(?:机构|院所)")
_NAMED_START = re.compile(r"^(国家|中国|全国)")


def find_platforms(text: str, ctx: ArticleContext | None = None) -> list[Mention]:
    """Names ending in a platform kind (with region prefix as written), quoted programmes + head noun;
    with `ctx`, 市质检中心 (a level character before an institution) takes the article's region."""
    out = _kind_names(text, ctx)
    _branches_and_qualifiers(text, out)
    _quoted_programmes(text, out)
    _listed_institutes(text, out, ctx)
    _listed_universities(text, out)
    return out


def _kind_names(text: str, ctx: ArticleContext | None) -> list[Mention]:
    """Names ending in a platform kind, cut at the left boundary (counted and generic spans dropped)."""
    v = vocab()
    out: list[Mention] = []
    for m in v.platform_kind_re.finditer(text):
        kind = m.group(0)
        e = m.end()
        k = m.start()
        # extend left over name characters (Han, Latin, quotes, brackets)
        while k > 0 and name_char_ok(text[k - 1]) and m.end() - k < 40:
            k -= 1
        if kind in ("大学", "学院") and text[e:e + 1] in "生":
            continue
        span = text[k:e]
        cut = cut_left(span, len(kind) - 1)
        if cut > 1 and span[cut - 1] in "及和与":
            # 国家电动车辆及零部件产品质量检验检测中心: a conjunction inside a national / regional name
            left = span[:cut - 1]
            lname = left[cut_left(left, 0):]
            if _NAMED_START.match(lname) and len(lname) >= 3 and not v.platform_kind_re.search(lname) \
                    and not organ_re().search(lname):
                cut -= len(lname) + 1
        name = span[cut:]
        q = name.find("“")
        if 0 < q <= 4 and "”" in name[q:] and not is_region_word(name[:q]):
            name = name[q:]  # 上线“X通”线上服务平台: a verb before the coined name is not part of it
        name = name.lstrip("“”\"")
        coined = re.match(r"^“([\u3400-\u9fff]{2,5})”", text[e - len(name) - 1:e]) if e - len(name) - 1 >= 0 else None
        counted = False
        q = re.match(r"^[\d\.]+[个家座所条项批类]?", name)
        if q:
            counted = True
            name = name[q.end():]
        if k > 0 and re.search(r"[\d一二两三四五六七八九十百千]+[个家座所条项批]$", text[max(0, k - 6):k]):
            counted = True
        start = e - len(name)
        if re.search(r"[\d一二两三四五六七八九十][个家座所]$", text[max(0, start - 4):start]):
            counted = True
        name = re.sub(r"[(（][^()（）]*$", "", name)
        pre_kind = name[:-len(kind)]
        if re.search(r"[\d一二两三四五六七八九十百千万]+多?[个家座所条项批类]", name) or \
                re.match(r"^[\d一二两三四五六七八九十]+[个家座所]", text[e:]):
            counted = True
        level_named = _level_institution(text, e - len(name), pre_kind, kind, ctx)
        if level_named:
            out.append(Mention("Platform", level_named, e - len(name), e, name, kind=kind))
            continue
        if len(name) <= len(kind) + 1 or excluded(name) or counted or _GENERIC_PLATFORM.match(name) \
                or _bad_platform(pre_kind, kind):
            continue
        if name.count("“") != name.count("”"):
            name = name.replace("“", "").replace("”", "")
        if coined and re.fullmatch(r"[\d一二三四五六七八九十百]+", coined.group(1)):
            continue  # “十四五”时期…中心: a plan period, not a coined name
        if coined:
            out.append(Mention("Platform", coined.group(1), e - len(name) - 1, e, text[e - len(name) - 1:e], kind=kind))
        else:
            out.append(Mention("Platform", name, e - len(name), e, text[e - len(name):e], kind=kind))
    return out


def _branches_and_qualifiers(text: str, out: list[Mention]) -> None:
    """Regional branches (…研究院唐山分院) and bracket qualifiers ((陕西), (汽车产业)) join the name."""
    v = vocab()
    # a regional branch is its own institution: 河北省计量监督检测研究院唐山分院
    for p in out:
        b = _BRANCH.match(text, p.end)
        if b and (b.group(1) in v.regions or not b.group(1)):
            p.name += b.group(0)
            p.end = b.end()
    # a bracket right after a platform naming a region or an industry (…产业) qualifies that platform:
    # one national centre per host province, one regional centre per industry it serves (an industry
    # qualifier may join two industries: (轨道交通和智能装备产业), hence up to 16 characters)
    for p in out:
        q = re.match(r"[(（]([^()（）]{2,16})[)）]", text[p.end:])
        if q and (q.group(1) in v.regions or q.group(1).endswith("产业") and IS_HAN.match(q.group(1))):
            p.name += f"({q.group(1)})"
            p.end += q.end()

def _quoted_programmes(text: str, out: list[Mention]) -> None:
    """Quoted programme names: with a head noun (“穗质融”质量金融服务), coined finance names, “X计划”."""
    for m in _QUOTED.finditer(text):
        inner = m.group(1)
        if any(p.start <= m.start() < p.end for p in out):
            continue
        head = _PROGRAMME_HEAD.match(text[m.end():])
        if not head and _FINANCE_NAME.fullmatch(inner) and (_FINANCE_CONTEXT.search(text) or "推出" in text):
            # “莞质贷”: a coined finance product name stands alone
            out.append(Mention("Platform", inner, m.start(), m.end(), m.group(0), kind="金融产品"))
            continue
        if not head and _QUOTED_PROGRAMME.search(inner) and not re.search(r"[\d+、,，]", inner) and not excluded(inner):
            out.append(Mention("Platform", inner, m.start(), m.end(), m.group(0), kind="计划"))
            continue  # 首推…“伙伴计划”: a quoted programme named by its own head word
        if not head or excluded(inner) or re.search(r"[\d+、,，]", inner) or not IS_HAN.search(inner):
            continue
        if head.group(0) in ("行动", "工程", "计划", "机制", "品牌", "专项行动") and len(inner) < 4:
            continue
        if head.group(0) in ("机制",):
            continue
        name = inner
        if head.group(0) in ("行动", "专项行动", "提升行动", "品牌提升行动", "质量提升行动", "工程", "计划"):
            name = inner + head.group(0)
        out.append(Mention("Platform", name, m.start(), m.end() + len(head.group(0)), text[m.start():m.end()],
                           kind=head.group(0)))

def _listed_institutes(text: str, out: list[Mention], ctx: ArticleContext | None) -> None:
    """Institutes named by short form in a list closed by 等…机构/院所: an item ending in 院 or 所 (an institute's
    own head character, kept in every short form: X计量院, Y信通院, 省质检所) is that institute."""
    for m in _INSTITUTE_LIST.finditer(text):
        for s, it in listed_items(text, m.start(1), m.group(1).split("、")):
            pos = s + len(it)
            name = it[cut_left(it, 2):]
            s = pos - len(name)
            if not (3 <= len(name) <= 8 and name[-1] in "院所") or is_region_word(name) or excluded(name) or \
                    any(p.start < pos and s < p.end for p in out):
                continue
            if name[0] in _LEVEL:  # 省计量院: the article's province
                region = ctx.region_for(_LEVEL[name[0]]) if ctx else None
                name = region + name[1:] if region and region.endswith(name[0]) else None
            if name:
                out.append(Mention("Platform", name, s, pos, text[s:pos], kind="机构"))

def _listed_universities(text: str, out: list[Mention]) -> None:
    """Universities named by short form in a list: 中大、华工等…大学."""
    v = vocab()
    for m in re.finditer(rf"((?:[{HAN}]{{2,3}}、)+[{HAN}]{{2,3}})等[^,，。]{{0,10}}(大学|高校)", text):
        for s, it in listed_items(text, m.start(1), m.group(1).split("、")):
            name = it[-2:]
            out.append(Mention("Platform", v.aliases.get(name, name), s + len(it) - len(name), s + len(it), name,
                               kind="大学"))


_LEVEL = {"省": "province", "市": "city", "县": "county", "区": "county"}


def _level_institution(text: str, start: int, pre: str, kind: str, ctx: ArticleContext | None) -> str | None:
    """`市质检中心` after a boundary: the institution of the article's city (东莞市质检中心)."""
    if ctx is None or pre not in _LEVEL or not kind.endswith(("中心", "院", "所")):
        return None
    if start > 0 and IS_HAN.match(text[start - 1]) and text[start - 1] not in "、和与及由经在":
        return None
    region = ctx.region_for(_LEVEL[pre])
    return region + kind if region and region.endswith(pre) else None


def _bad_platform(pre: str, kind: str) -> bool:
    """Generic or non-name prefixes: 各类…, 产业…, an organ, a bare industry, a joined list."""
    v = vocab()
    region = next((pre[:n] for n in range(min(len(pre), 9), 1, -1) if pre[:n] in v.regions), "")
    if re.search(r"(各级|各类|重点|一批|多个|这一|全市|全省|\+|的$|市场监管|局$|委$|厅$|建$|赋予|融入|调研|思路|多次|不断)", pre):
        return True
    if pre in v.industries or re.fullmatch(r"[\u3400-\u9fff]+[与和][\u3400-\u9fff]+", pre) and kind.endswith("平台"):
        return True
    if kind == "平台" and (len(pre) < 3 or "和" in pre or pre.endswith("大")):
        return True
    if pre in v.regions and kind not in _REGIONAL_INSTITUTIONS and len(kind) <= 4 or pre in ("产业", "质量", "重点产业", "公共", "创新"):
        return True
    return False


# kinds that name a real institution right after a full region name (山西省检验检测中心, 包头市计量所)
_REGIONAL_INSTITUTIONS = ("大学", "学院", "科学院", "研究院", "检验检测中心", "检验检测院", "检测院", "检验院", "计量院",
                          "质检院", "质检所", "检验所", "监督检验所", "计量所", "检定所", "测试院", "科学研究院")
_GENERIC_PLATFORM = re.compile(r"^(一站式|大型|大中小|中小型|一系列|系列|上游|下游|统一|产业|重要|主要|高水平|一流|各类|各级|相关|首个|多个|一批|基层|综合|专业|这一|该|本|其|全链条|国家级|省级|市级|县级|新型|先进|区域|地方)")
_PLATFORM_ANAPHORA = re.compile(r"该(中心|平台|联盟|联合体|服务站|实验室|研究院|检验所|协会)|^(联合体|联盟)(?=成立|自|以来|已|还|将|在|通过|牵头|累计)")


def platform_anaphora(text: str, ctx: ArticleContext, platforms: list[Mention]) -> list[Mention]:
    """`该中心` -> the last platform named with that head (in this sentence before it, or earlier)."""
    out = []
    for m in _PLATFORM_ANAPHORA.finditer(text):
        head = m.group(1) or m.group(2)  # 该联合体 / a sentence opening on the bare head (联合体成立以来)
        before = [p for p in platforms if p.end <= m.start() and p.name.rstrip(")）").split("(")[0].endswith(head)]
        name = before[-1].name if before else ctx.last_platform.get(head)
        if name:
            out.append(Mention("Platform", name, m.start(), m.end(), m.group(0)))
    for p in platforms:
        base = re.sub(r"[(（][^()（）]*[)）]$", "", p.name)
        for head in ("中心", "平台", "联盟", "联合体", "服务站", "实验室", "研究院", "检验所", "协会"):
            if base.endswith(head):
                ctx.last_platform[head] = p.name
    return out
