"""Government bodies (GovernmentBody): organs by suffix (市场监督管理局, 工业和信息化厅, 人大常委会 …)
with their region, abbreviations (市经信局), a bare region as subject (= its 人民政府), pronouns (该市,
我省, 我局), towns (X镇), Party committees and central-bank branches; also the region state that moves
while reading (news-brief items, the last county named).
"""
from __future__ import annotations

import re
from functools import lru_cache

from graph.model import Document
from loaders.entities.bounds import HAN, IS_HAN, organ_re
from loaders.entities.context import ArticleContext, is_subject_position, Mention
from loaders.entities.organ_forms import more_governments
from loaders.normalize import data_lines, fold
from loaders.vocab import Region, is_region_word, longest_hits, region_hits, vocab

_PRONOUNS = {"该省": "province", "我省": "province", "本省": "province", "该市": "city", "我市": "city",
             "本市": "city", "该县": "county", "我县": "county", "本县": "county", "该区": "county",
             "我区": "county", "本区": "county", "县里": "county"}
_LEVEL_CHAR = {"省": "province", "市": "city", "县": "county", "区": "county"}


def item_region(text: str, ctx: ArticleContext) -> str | None:
    """The county a paragraph is about when it opens with it (news briefs: "【宾县】…", "五常市由…")."""
    k = 1 if text[:1] in "【[(（" else 0
    for s, e, r in _regions(text[:12], ctx.local):
        if s == k and r.level == "county" and _full_region(text, s, e, r):
            return r.name
    return None


def _organ(region: str, canon_suffix: str) -> str:
    return region + canon_suffix


def _gov(name: str, start: int, end: int, surface: str, kind: str, region: str | None) -> Mention:
    return Mention("GovernmentBody", name, start, end, surface, kind=kind, region=region)


@lru_cache(maxsize=64)
def _regions(text: str, local: frozenset = frozenset()) -> tuple[tuple[int, int, Region], ...]:
    """Region mentions; adjacent ones (广东省广州市, 宣城市郎溪县) merge into the lowest level."""
    hits = region_hits(text, local)
    # a county written after a city: 益阳市X县 / X市X区
    out: list[tuple[int, int, Region]] = []
    for s, e, r in hits:
        if out and out[-1][1] == s and _rank(r) >= _rank(out[-1][2]):
            out[-1] = (out[-1][0], e, r)
        else:
            out.append((s, e, r))
    final = []
    for s, e, r in out:
        if r.level == "city":
            m = re.match(f"[{HAN}]{{2}}(县|区)", text[e:])
            if m and not re.match(r"(市场|区域|地区|县域|园区|城区|社区|片区|辖区)", text[e:]):
                name = m.group(0)
                final.append((s, e + len(name), Region(name, "county", r.province)))
                continue
        final.append((s, e, r))
    return tuple(final)


def _rank(r: Region) -> int:
    return {"province": 0, "city": 1, "county": 2}[r.level]


def _full_region(text: str, s: int, e: int, r: Region) -> bool:
    """Is the surface the full form (with 省/市/县 suffix)?"""
    return text[s:e].endswith(r.name[-1])


def find_governments(text: str, ctx: ArticleContext) -> list[Mention]:
    """Organs with a region or level prefix, national organs, party committees, bare regions as subjects."""
    v = vocab()
    out: list[Mention] = []
    taken: list[tuple[int, int]] = []
    prior_bureau = ctx.last_bureau
    _central_bank_and_national(text, ctx, out, taken)
    regions = _regions(text, ctx.local)
    region_ends = {e: (s, r) for s, e, r in regions}
    _suffix_organs(text, ctx, out, taken, region_ends)
    _party_committees(text, ctx, out, taken, region_ends)
    _pronouns_and_self(text, ctx, out, taken, prior_bureau)
    out += more_governments(text, ctx, out, taken, regions)
    verbs = tuple(v.triggers["SUBJECT_VERBS"])
    out += _towns(text, ctx, taken, verbs)
    for s, e, r in regions:
        if any(a <= s < b for a, b in taken):
            continue
        after = text[e:e + 6]
        if (is_subject_position(text, s) and (after.startswith(verbs) or after[:1] in ":")) or \
                _coordinated_with_subject(text, s, out):
            out.append(_gov(_organ(r.name, "人民政府"), s, e, text[s:e], "人民政府", r.name))
            out[-1].subject = True
    for g in out:
        if not g.subject and is_subject_position(text, g.start):
            g.subject = True
    return out


def _central_bank_and_national(text: str, ctx: ArticleContext, out: list[Mention], taken: list) -> None:
    """Central-bank branches (中国人民银行X中心支行) and national organs (国务院, 市场监管总局)."""
    v = vocab()
    # branches of the central bank: 中国人民银行无锡市分行 (a government body of that region)
    for m in _PBOC_BRANCH.finditer(text):
        r = next((r for s2, e2, r in _regions(text, ctx.local) if s2 == m.start(1) and e2 == m.end(1)), None)
        if r is not None:
            out.append(_gov(f"中国人民银行{m.group(1)}{m.group(2)}", m.start(), m.end(), m.group(0), "人民银行分支机构",
                            r.name))
            taken.append(m.span())
    # national organs
    for s, e, w in longest_hits(v.national_ac, text):
        if any(a <= s < b for a, b in taken):
            continue
        if s > 0 and text[s - 1] in "省市县区" and not w.startswith("国"):
            continue
        canon, kind = v.national[w]
        out.append(_gov(canon, s, e, text[s:e], kind, "全国"))
        taken.append((s, e))


def _suffix_organs(text: str, ctx: ArticleContext, out: list[Mention], taken: list, region_ends: dict) -> None:
    """Organ suffixes after a region, a level character (省市场监管局), an anaphor or a coordination list."""
    v = vocab()
    used_regions: set[int] = set()
    # organs after a region, a level character, or a coordination list
    for m in organ_re().finditer(text):
        s, e = m.span()
        if any(a <= s < b for a, b in taken):
            continue
        surf = m.group(0)
        canon, kind = next((c, k) for a, c, k in v.organ_suffixes if a == surf)
        start, region = None, None
        j = s
        mm = re.search(r"第?[一二三四五六七八九十]+届$", text[max(0, s - 6):s])
        if mm:
            j = s - len(mm.group(0))
        if j in region_ends or j + 1 in region_ends and surf.startswith("市场") and region_ends[j + 1][1].name.endswith("市"):
            rs, r = region_ends[j] if j in region_ends else region_ends[j + 1]  # 深圳市场监管局: 深圳(市)市场监管局
            start, region = rs, r.name
            used_regions.add(rs)
        elif text[max(0, j - 3):j] == "自治区":
            region, start = ctx.province, j - 3  # 自治区工业和信息化厅: the autonomous region itself
        elif j > 1 and text[j - 2:j] in _ANAPHORA:
            region, start = _last_region(text, j - 2, text[j - 1], ctx), j - 2  # 该县市场监管局
        elif _UNLISTED_COUNTY.search(text, max(0, j - 4), j):
            # a district / county missing from regions.tsv: 鱼峰区市场监管局
            mm = _UNLISTED_COUNTY.search(text, max(0, j - 4), j)
            region, start = mm.group(1), mm.start(1)
        elif j > 0 and text[j - 1] in _LEVEL_CHAR and (j < 2 or text[j - 2] not in "全各该两每地有诸省市县区"):
            region = ctx.region_for(_LEVEL_CHAR[text[j - 1]])
            start = j - 2 if j > 1 and text[j - 2] in "本我" else j - 1  # 我省市场监管部门: our province's
        elif s > 0 and text[s - 1] in "、和及与" and out and out[-1].type == "GovernmentBody" and out[-1].end == s - 1 \
                and out[-1].region and out[-1].region != "全国":
            region, start = out[-1].region, s
        if region is None or start is None:
            continue
        if canon == "人民政府" and surf == "政府" and text[e:e + 1] in ("性", "债", "投", "采", "补", "奖"):
            continue
        name = _organ(region, canon)
        out.append(_gov(name, start, e, text[start:e], kind, region))
        taken.append((start, e))
        if canon.endswith("局"):
            ctx.last_bureau, ctx.bureau_kind = name, canon


def _party_committees(text: str, ctx: ArticleContext, out: list[Mention], taken: list, region_ends: dict) -> None:
    """X省委 / 省委 as 中共X委员会 (not 省委政法委 etc.)."""
    v = vocab()
    for m in re.finditer(r"(省|市|县|区)委(?!员|托|屈|政法委|宣传部|组织部|常委|办)", text):
        s, e = m.span()
        if any(a <= s < b for a, b in taken):
            continue
        lvl = _LEVEL_CHAR[m.group(1)]
        if (s + 1) in region_ends and region_ends[s + 1][1].name.endswith(m.group(1)):
            rs, r = region_ends[s + 1]
            region, start = r.name, rs
        elif s in region_ends:
            rs, r = region_ends[s]
            region, start = r.name, rs
        elif s in {e2 for e2 in region_ends} or (s > 0 and IS_HAN.match(text[s - 1]) and text[s - 1] not in "、和与及由经在"
                                                 and not text.startswith(_PAIRED_GOV, e)):
            continue  # (落实省委、省政府…: the committee paired with its government stands after any word)
        else:
            region, start = ctx.region_for(lvl), s
        if not region:
            continue
        r = v.regions.get(region)
        # a district's committee carries its city: 中共哈尔滨市呼兰区委员会
        prefix = r.city if r is not None and r.name.endswith("区") and r.city else ""
        out.append(_gov(f"中共{prefix}{region}委员会", start, e, text[start:e], "党委", region))
        taken.append((start, e))


def _pronouns_and_self(text: str, ctx: ArticleContext, out: list[Mention], taken: list, prior_bureau) -> None:
    """Pronouns (该市, 我省) and bare regions as subjects, 我局 of an interviewee's organ, 该局."""
    for m in re.finditer("|".join(_PRONOUNS), text):
        s, e = m.span()
        if any(a <= s < b for a, b in taken):
            continue
        word = m.group(0)
        region = _last_region(text, s, word[1], ctx) if word in _ANAPHORA else ctx.region_for(_PRONOUNS[word])
        if region and (is_subject_position(text, s) or m.group(0) == "县里"):
            out.append(_gov(_organ(region, "人民政府"), s, e, m.group(0), "人民政府", region))
            out[-1].subject = True
    if ctx.self_organ:
        for m in _SELF.finditer(text):
            if any(a <= m.start() < b for a, b in taken):
                continue
            subj = is_subject_position(text, m.start())
            if m.group(0) == "我们" and not subj:
                continue
            out.append(_gov(ctx.self_organ, m.start(), m.end(), m.group(0), "局", None))
            out[-1].subject = subj
    if "该局" in text and (prior_bureau or ctx.last_bureau):
        s = text.index("该局")
        before = [g for g in out if g.end <= s and g.name.endswith("局")]
        bureau = before[-1].name if before else prior_bureau or ctx.last_bureau  # not a bureau named after it
        if is_subject_position(text, s):
            out.append(_gov(bureau, s, s + 2, "该局", "局", None))
            out[-1].subject = True


_TOWN = re.compile(rf"([{HAN}]{{2,3}}?)(镇|乡|街道)(?=(人民政府|政府|党委|镇长|乡长)|([{HAN}]{{1,4}}))")
_TOWN_GOV = re.compile(rf"(?:^|(?<=[^{HAN}])|(?<=[在由和与及经]))(镇|乡|街道)(人民政府|政府|办事处)")
_TOWN_ADVERB = ("则", "还", "也", "已", "将", "率先", "积极", "通过", "把", "今年", "去年")


@lru_cache(maxsize=1)
def _town_stop() -> re.Pattern:
    return re.compile("|".join(map(re.escape, (w.strip() for w in data_lines("town_stop.txt")))))


def _towns(text: str, ctx: ArticleContext, taken: list, verbs: tuple) -> list[Mention]:
    """Towns acting as subjects ("长安镇引进…", "虎门镇则把…") or named before an organ (X镇人民政府):
    X镇人民政府. Towns are not in the region data, so X (2-3 Han characters) must start after a
    boundary or a region name and hold no generic word (城镇, 各乡镇)."""
    out = []
    if "镇" not in text and "乡" not in text and "街道" not in text:
        return out
    region_ends = {e for _, e, _ in _regions(text, ctx.local)}
    for m in _TOWN.finditer(text):
        s = m.start()
        if s > 0 and IS_HAN.match(text[s - 1]) and s not in region_ends and text[s - 1] not in "在由和与及经":
            continue
        if any(a <= s < b for a, b in taken) or _town_stop().search(m.group(1)) or is_region_word(m.group(1)):
            continue
        organ = m.group(3)
        if not organ:
            rest = text[m.end():]
            if not (is_subject_position(text, s) and (rest.startswith(verbs) or rest.startswith(_TOWN_ADVERB))):
                continue
        town = m.group(1) + m.group(2)
        end = m.end() + (len(organ) if organ and organ.endswith("政府") else 0)
        g = _gov(town + "人民政府", s, end, text[s:end], "人民政府", None)
        g.subject = is_subject_position(text, s)
        out.append(g)
        taken.append((s, end))
        ctx.town = town
    if ctx.town:
        for m in _TOWN_GOV.finditer(text):
            if m.group(1) == ctx.town[-len(m.group(1)):] and not any(a <= m.start() < b for a, b in taken):
                out.append(_gov(ctx.town + "人民政府", m.start(), m.end(), m.group(0), "人民政府", None))
                taken.append(m.span())
    return out


_ANAPHORA = ("该省", "该市", "该县", "该区")
_PAIRED_GOV = ("、省政府", "、市政府", "、县政府", "、区政府", "、省人民政府", "、市人民政府")
_PBOC_BRANCH = re.compile(rf"(?:中国)?人民银行([{HAN}]{{2,12}}?[省市州区县]?)(分行|中心支行|营业管理部|支行)")
# "访山西省市场监督管理局党组书记、局长…": the organ an interviewee speaks for
_INTERVIEWEE = re.compile(r"(党组书记|党委书记|局长|厅长|主任|副局长|副厅长|副主任|党组成员|负责人|处长|书记)")
_INTERVIEW = re.compile(r"(访谈|专访|访问|采访|答记者问|^——访|记者[:：])")
_SELF = re.compile(r"我局|我厅|我委|本局|我们")


def interviewee_organ(doc: Document, ctx: ArticleContext) -> str | None:
    """Interview-style articles: the organ named with the interviewee's post in the title or lead."""
    lead = [fold(doc.title)] + [s.folded for s in doc.sentences[:6]]
    if not any(_INTERVIEW.search(t) for t in lead) and not any(re.search("我局|我厅|我委", s.folded) for s in doc.sentences):
        return None
    for text in lead:
        scratch = ArticleContext(province=ctx.province, city=ctx.city, county=ctx.county, local=ctx.local)
        for g in find_governments(text, scratch):
            if _INTERVIEWEE.match(text, g.end):
                return g.name
    # a work summary / report written by an organ: the title opens with it ("X局2024年…工作总结"),
    # or the document is signed by it on its own line at the end
    title = fold(doc.title)
    scratch = ArticleContext(province=ctx.province, city=ctx.city, county=ctx.county, local=ctx.local)
    govs = [g for g in find_governments(title, scratch) if g.start == 0 and not g.name.endswith("人民政府")]
    if govs:
        return govs[0].name
    for s in doc.sentences[-3:]:
        text = s.folded.strip()
        govs = [g for g in find_governments(text, scratch) if g.start == 0 and g.end == len(text)]
        if govs:
            return govs[0].name
    return None


_UNLISTED_COUNTY = re.compile(rf"(?:^|(?<=[^{HAN}])|(?<=[在由和与及、将对向]))((?![该本全各每我其这两城辖社片景山地园新开高经])"
                              rf"[{HAN}][{HAN}](?<![市县省])[区县])$")
_CLAUSE_COUNTY = re.compile(rf"(?:^|[,，;；。])((?![该本全各每我其这两])[{HAN}]{{2}}[县区])(?=是|位于|作为|地处|有|拥有)")


def _last_region(text: str, pos: int, level_char: str, ctx: ArticleContext) -> str | None:
    """The region last named before `pos` whose name ends in `level_char` (该县 -> the last 县 named),
    in this sentence first, then earlier in the article, else the article's region at that level."""
    for s, e, r in reversed(_regions(text, ctx.local)):
        if e <= pos and r.name.endswith(level_char):
            return r.name
    named = [m.group(1) for m in _CLAUSE_COUNTY.finditer(text, 0, pos) if m.group(1).endswith(level_char)]
    if named:
        return named[-1]  # 信丰县是…,该县…: a county missing from regions.tsv, named as a clause subject
    return ctx.last_named.get(level_char) or ctx.region_for(_LEVEL_CHAR[level_char])


def _coordinated_with_subject(text: str, s: int, govs: list[Mention]) -> bool:
    """`省政府与国家市场监督管理总局…` style: a region right after a subject organ and a conjunction."""
    return any(g.subject and g.end + 1 == s and text[g.end] in "、和与及" for g in govs)


def update_region_state(text: str, ctx: ArticleContext, govs: list[Mention]) -> None:
    """Section headers ("安徽:…") and subject regions move the running province/city/county."""
    v = vocab()
    for g in govs:
        if g.subject and g.region and g.region in v.regions:
            r = v.regions[g.region]
            if r.level == "province":
                ctx.province = r.name
            elif r.level == "city":
                ctx.city, ctx.province = r.name, r.province
            else:
                ctx.county, ctx.province = r.name, r.province
    for s, e, r in _regions(text, ctx.local):
        if r.level == "county":
            ctx.county = r.name
    for s, e, r in _regions(text, ctx.local):
        ctx.last_named[r.name[-1]] = r.name
    for g in govs:
        if g.region and g.region[-1] in _LEVEL_CHAR and g.region not in v.regions:
            ctx.last_named[g.region[-1]] = g.region  # unlisted districts named by an organ


def article_context(doc: Document) -> ArticleContext:
    """The article's main regions plus, in interviews, the organ the interviewee speaks for (我局)."""
    ctx = ArticleContext.from_regions(doc)
    ctx.self_organ = interviewee_organ(doc, ctx)
    if "市场监管" in doc.text or "市场监督管理" in doc.text:
        ctx.bureau_kind = "市场监督管理局"  # 省局 / 总局 in a market-regulation article, until another bureau is named
    return ctx
