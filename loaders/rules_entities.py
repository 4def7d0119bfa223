"""Entity rule families: government bodies, chains, enterprises, platforms, documents.

Each family reads one folded sentence and returns `Mention`s with canonical
names. `ArticleContext` carries what the article is about (its main province /
city / county) so unqualified organs ("省市场监管局", "该县") resolve.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache

from graph.model import Document, Sentence
from loaders.normalize import data_lines, fold
from loaders.vocab import Region, excluded, is_region_word, longest_hits, name_affixes, region_hits, short_region, vocab

HAN = r"\u3400-\u9fff"
_IS_HAN = re.compile(f"[{HAN}]")
# clause-initial adverbials that do not hide the subject ("今年3月,", "一方面,")
_ADVERBIAL = re.compile(
    r"^(近日|近年来|近些年|今年以来|今年|去年|目前|当前|同时|此外|另外|其中|据介绍|下一步|下阶段|与此同时|"
    r"一方面|另一方面|截至目前|为此|对此|首先|其次|最后|[一二三四五六七八九十]是|"
    r"\d{4}年(\d{1,2}月)?(\d{1,2}日)?(底|初|以来|起|中)?|\d{1,2}月(\d{1,2}日)?|"
    r"[^,，。]{0,14}(以来|期间|方面|过程中|基础上|时候|背景下))?[,，:]?"
    rf"(([{HAN}]{{2,10}}产业链?)?(链主企业|龙头企业|领军企业|牵头企业|牵头单位|骨干企业))?$"
)
_PRONOUNS = {"该省": "province", "我省": "province", "本省": "province", "该市": "city", "我市": "city",
             "本市": "city", "该县": "county", "我县": "county", "本县": "county", "该区": "county",
             "我区": "county", "本区": "county", "县里": "county"}
_LEVEL_CHAR = {"省": "province", "市": "city", "县": "county", "区": "county"}
_NAME_STOP = set(",，。;；:：、!！?？《》“”\"' \u3000()（）[]【】")
_SOFT_BOUND = ("的", "在", "由", "与", "和", "及", "对", "向", "把", "将", "被", "为", "是", "了", "从", "于", "以",
               "等", "到", "让", "使", "给", "跟", "或", "并", "且", "也", "还", "又", "即", "着")
_HARD_WORDS = ("建设运行", "有限公司", "共建", "合建", "牵头成立", "牵头打造", "牵头建设", "主要成员单位", "成员单位", "牵头单位", "龙头企业",
               "链主企业", "链员企业", "链上企业", "配套企业", "骨干企业", "领军企业", "建成了", "成立了", "建成", "成立", "组建", "打造", "设立", "推出", "创建", "构建",
               "搭建", "筹建", "建立", "启动", "依托", "推动", "推进", "完成", "加快", "发挥", "获批", "通过", "应用",
               "参加", "加入", "联合", "会同", "入驻", "拥有", "共有", "其中", "包括", "例如", "比如", "作为",
               "牵头", "主导", "首个", "首家", "一座", "一批", "率先", "引进", "入选", "确定为", "获评", "评为",
               "成为", "支持", "培育", "带动", "开展", "实施", "承担", "位于", "于一体", "全市", "全省",
               "全国", "国内", "规模化", "加大", "加强", "嵌入", "研发", "引导", "助力", "推荐",
               "继续", "强化", "形成", "实现", "聚焦", "围绕", "针对", "面向", "覆盖", "赋能",
               "指导", "积极", "大力", "全力", "深入", "设置", "新建", "累计", "规划", "地区", "培育了", "任")
_LEADING = ("服务", "赋能", "提升", "集成", "运行", "组织", "应用", "建设", "推进", "开展", "整合", "组成", "结合", "放眼", "融入", "赋予", "引领", "依托")
_QUANT = re.compile(r"^[\d\.一二三四五六七八九十百千万两几多余个家座所条项批类]+$")


@dataclass
class Mention:
    """An entity mention in one sentence (canonical name, span in the folded sentence)."""

    type: str
    name: str
    start: int
    end: int
    surface: str
    kind: str | None = None
    region: str | None = None
    subject: bool = False
    tag: str = ""  # rule-specific marker: "master", "member", "counted", ...
    ref: str | None = None  # e.g. the platform an enterprise heads
    inside: str | None = None  # name of the platform/document whose span contains this mention


@dataclass
class ArticleContext:
    """What the article is about, plus the running region state while reading it."""

    province: str | None = None
    city: str | None = None
    county: str | None = None
    last_bureau: str | None = None
    known_enterprises: set = field(default_factory=set)
    last_platform: dict = field(default_factory=dict)  # head (中心, 联盟, …) -> the last platform named with it
    last_named: dict = field(default_factory=dict)  # 省/市/县/区 -> the last region named with that ending
    chain_stems: set = field(default_factory=set)  # industries named as chains so far (晶硅光伏, …)
    self_organ: str | None = None  # interview style: the organ the interviewee speaks for (我局, 我们)
    local: frozenset = frozenset()  # counties named in full in the article: their short forms count (顺德)
    item: str | None = None  # the county a news-brief item (paragraph) is about: "【五常市】…" / "五常市由…"
    town: str | None = None  # the last town (镇/乡/街道) named as an actor

    @classmethod
    def for_document(cls, doc: Document) -> "ArticleContext":
        """Main province/city/county = most frequent regions (title counted thrice)."""
        v = vocab()
        counts: dict[str, Counter] = {"province": Counter(), "city": Counter(), "county": Counter()}
        title = fold(doc.title)
        ctx = cls()
        ctx.local = frozenset(r.name for t in (title, *(s.folded for s in doc.sentences))
                              for _, _, r in region_hits(t) if r.level == "county")
        for text, w in ((title, 3), *((s.folded, 1) for s in doc.sentences)):
            for _, _, r in region_hits(text, ctx.local):
                counts[r.level][r.name] += w
        top = {lv: (c.most_common(1)[0] if c else None) for lv, c in counts.items()}
        if top["county"] and top["county"][1] >= 3:
            ctx.county = top["county"][0]
        if top["city"] and top["city"][1] >= 3:
            ctx.city = top["city"][0]
        if top["province"]:
            ctx.province = top["province"][0]
        parent = v.regions.get(ctx.county or ctx.city or "", None)
        if parent and (not ctx.province or counts["province"][ctx.province] < 3):
            ctx.province = parent.province
        ctx.self_organ = _interviewee_organ(doc, ctx)
        return ctx

    def region_for(self, level: str) -> str | None:
        """The current region at an administrative level (falls back to the next higher one); inside a
        county's news item, 县/区 and (for a county-level city) 市 mean that county."""
        if level == "town":
            return self.town
        if level == "county":
            return self.item or self.county or self.city or self.province
        if level == "city":
            if self.item and self.item.endswith("市"):
                return self.item
            return self.city or self.province
        return self.province


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


def _clause_start(text: str, pos: int) -> int:
    k = pos
    while k > 0 and text[k - 1] not in ",，。;；:：!?！？":
        k -= 1
    return k


def is_subject_position(text: str, start: int) -> bool:
    """True when only an adverbial (or nothing) precedes `start` in its clause."""
    k = _clause_start(text, start)
    return bool(_ADVERBIAL.match(text[k:start]))


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


@lru_cache(maxsize=1)
def _organ_re() -> re.Pattern:
    return re.compile("|".join(re.escape(t[0]) for t in vocab().organ_suffixes))


def find_governments(text: str, ctx: ArticleContext) -> list[Mention]:
    """Organs with a region or level prefix, national organs, party committees, bare regions as subjects."""
    v = vocab()
    out: list[Mention] = []
    taken: list[tuple[int, int]] = []
    prior_bureau = ctx.last_bureau
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
    regions = _regions(text, ctx.local)
    region_ends = {e: (s, r) for s, e, r in regions}
    used_regions: set[int] = set()
    # organs after a region, a level character, or a coordination list
    for m in _organ_re().finditer(text):
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
        if j in region_ends:
            rs, r = region_ends[j]
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
        elif j > 0 and text[j - 1] in _LEVEL_CHAR and (j < 2 or text[j - 2] not in "全各该本我两每地有诸省市县区"):
            region = ctx.region_for(_LEVEL_CHAR[text[j - 1]])
            start = j - 1
        elif s > 0 and text[s - 1] in "、和及与" and out and out[-1].type == "GovernmentBody" and out[-1].end == s - 1 \
                and out[-1].region and out[-1].region != "全国":
            region, start = out[-1].region, s
        elif canon in ("市场监督管理局",) and s > 0 and text[s - 1] == "市" and False:
            pass
        if region is None or start is None:
            continue
        if canon == "人民政府" and surf == "政府" and text[e:e + 1] in ("性", "债", "投", "采", "补", "奖"):
            continue
        name = _organ(region, canon)
        out.append(_gov(name, start, e, text[start:e], kind, region))
        taken.append((start, e))
        if canon.endswith("局"):
            ctx.last_bureau = name
    # party committees: X省委 / 省委 (not 省委政法委 etc.)
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
        elif s in {e2 for e2 in region_ends} or (s > 0 and _IS_HAN.match(text[s - 1]) and text[s - 1] not in "、和与及由经在"):
            continue
        else:
            region, start = ctx.region_for(lvl), s
        if not region:
            continue
        r = v.regions.get(region)
        # a district's committee carries its city: 中共哈尔滨市呼兰区委员会
        prefix = r.city if r is not None and r.name.endswith("区") and r.city else ""
        out.append(_gov(f"中共{prefix}{region}委员会", start, e, text[start:e], "党委", region))
        taken.append((start, e))
    # pronouns and bare regions acting as subjects -> that region's people's government
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
        if s > 0 and _IS_HAN.match(text[s - 1]) and s not in region_ends and text[s - 1] not in "在由和与及经":
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
_PBOC_BRANCH = re.compile(rf"(?:中国)?人民银行([{HAN}]{{2,12}}?[省市州区县])(分行|中心支行|营业管理部|支行)")
# "访山西省市场监督管理局党组书记、局长…": the organ an interviewee speaks for
_INTERVIEWEE = re.compile(r"(党组书记|党委书记|局长|厅长|主任|副局长|副厅长|副主任|党组成员|负责人|处长|书记)")
_INTERVIEW = re.compile(r"(访谈|专访|访问|采访|答记者问|^——访|记者[:：])")
_SELF = re.compile(r"我局|我厅|我委|本局|我们")


def _interviewee_organ(doc: Document, ctx: ArticleContext) -> str | None:
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


# ---------------------------------------------------------------- chains
_COUNT = r"([\d一二两三四五六七八九十]+[个条大项类])?"
_CHAIN_HEAD = re.compile(rf"^(\([^()]{{1,6}}\))?{_COUNT}(产业链|产业集群|产业|行业|领域|集群|供应链|(龙头|链主|骨干|领军)?企业|制造业)")
_LIST_TAIL = re.compile(rf"^(等[^,，。;；]{{0,12}}?|{_COUNT}[^,，。;；]{{0,6}}?)(产业链|产业|领域|行业|集群|链)")


_CHAIN_EXTEND = re.compile(rf"([{HAN}]{{1,3}}?)(?=产业链|产业集群)")
_SUPPORT_BEFORE = re.compile(r"(赋能|助力|助推|扶持|帮扶|支撑)$")


def chain_name(industry: str) -> str:
    """Canonical chain name `<industry>产业链`."""
    return industry + "产业链"


def find_chains(text: str) -> list[Mention]:
    """Industry vocabulary hits used as chains: followed by 产业/领域/…, or items of such a list."""
    v = vocab()
    hits = longest_hits(v.industry_ac, text)
    out = []
    for i, (s, e, w) in enumerate(hits):
        start = _chain_start(text, s)
        if start is not None and start < s:
            w = text[start:s] + w  # keep the modifier: 现代纺织, 绿色家居
            s = start
        if start is None and not _is_region_tail(text, s):
            # glued to a longer word on the left (e.g. 人工 + 智能 inside 非人工智能)
            if not _CHAIN_HEAD.match(text[e:]):
                continue
        ok = bool(_CHAIN_HEAD.match(text[e:]))
        if not ok:
            # the vocabulary word opens a longer chain name: 服装|服饰产业链, 电子|信息产业链
            ext = _CHAIN_EXTEND.match(text, e)
            if ext and not _chain_bound_re().search(ext.group(1)) and not _GENERIC_CHAIN_WORD.search(ext.group(1)):
                w, e, ok = w + ext.group(1), e + len(ext.group(1)), True
        if not ok:
            # coordinated list: items joined by 、和及与 ending in a head (…等N个产业)
            j = i
            while j + 1 < len(hits) and re.fullmatch(r"[、和及与]", text[hits[j][1]:hits[j + 1][0]] or "x"):
                j += 1
            tail_from = hits[j][1]
            if j > i or text[e:e + 1] in "、和及与等":
                ok = bool(_LIST_TAIL.match(text[tail_from:]))
        if not ok and re.search(r"(在|聚焦|围绕)$", text[max(0, s - 2):s]) and text[e:e + 1] in "领上":
            ok = True
        if not ok and _SUPPORT_BEFORE.search(text, max(0, s - 2), s):
            ok = True  # 赋能羊乳高端化发展: an industry right after a support verb is the chain it serves
        if ok and not excluded(w + "产业"):
            out.append(Mention("Chain", chain_name(w), s, e, text[s:e]))
    # generic X产业链 outside the vocabulary (2-6 Han characters after a verb / punctuation)
    for m in re.finditer("产业链", text):
        s = m.start()
        if any(c.start <= s <= c.end for c in out):
            continue
        name = _strip_item(_left_name(text, s, 8))
        if name and 2 <= len(name) <= 6 and not excluded(name + "产业链") and not re.search(r"[\d个条]", name) \
                and (text[max(0, s - len(name) - 2):s - len(name)] in ("打造", "嵌入", "围绕", "聚焦", "培育", "壮大", "作为") or
                     re.search(r"(制造|装备|材料|食品|医药|电子|器械|能源|服装|设备|化工|机械|汽车|经济)$", name) or
                     # "为/带动全市 X产业链上…企业": a chain whose members the sentence counts
                     text.startswith("上", s + 3) and len(name) <= 5 and not _GENERIC_CHAIN_WORD.search(name) and
                     re.search(r"(为|对|向|带动|推动|全市|全省|全县|全区|帮助|支持)$", text[max(0, s - len(name) - 2):s - len(name)])) \
                and not re.search(r"(重点|主导|全|各|该|上下游|优势|本地|县域|产业|创新|供应|资金|价值|质量|链)", name):
            out.append(Mention("Chain", chain_name(name), s - len(name), s, text[s - len(name):s]))
    out.extend(_list_chains(text))
    # "在X领域/X产业上," outside the vocabulary: the clause topic is an industry (在碳化硅领域,)
    for m in _TOPIC_CHAIN.finditer(text):
        name = m.group(1)
        if any(c.start <= m.start(1) < c.end for c in out) or _GENERIC_CHAIN_WORD.search(name) or \
                _NOT_TOPIC.search(name) or name in vocab().regions or excluded(name + "产业"):
            continue
        out.append(Mention("Chain", chain_name(name), m.start(1), m.end(1), name))
    # one mention per span: a longer chain name covering a shorter one wins (航空装备 over 航空)
    out.sort(key=lambda c: (c.start, -(c.end - c.start)))
    kept: list[Mention] = []
    for c in out:
        if any(k.start <= c.start and c.end <= k.end for k in kept):
            continue
        kept = [k for k in kept if not (c.start <= k.start and k.end <= c.end)]
        kept.append(c)
    return [_join_compound(text, c) for c in kept]


_TOPIC_CHAIN = re.compile(rf"(?:^|[,，;；。])在([{HAN}]{{2,6}}?)(?:产业链?上|产业|领域)(?=[,，])")
_NOT_TOPIC = re.compile(r"(人才|金融|知识产权|安全|消费|民生|文化|教育|监管|执法|法治|政务|改革|开放|合作|计量|认证|品牌|"
                        r"基础|方面|环节|过程|工作|建设|发展|提升|领先|前沿|国际|国内|市场|数字|科技|研究|检验)")
_COMPOUND_TAIL = re.compile(rf"(及|与)([{HAN}]{{1,4}}?)(?=产业链|产业|、|等|,|，)")


def _join_compound(text: str, c: Mention) -> Mention:
    """`稀土新材料及应用产业链`: a non-industry word joined by 及/与 belongs to the chain name."""
    m = _COMPOUND_TAIL.match(text, c.end)
    if not m or m.group(2) in vocab().industries or _INDUSTRY_END.search(m.group(2)):
        return c
    stem = c.name[:-len("产业链")] + m.group(1) + m.group(2)
    return Mention("Chain", chain_name(stem), c.start, m.end(), text[c.start:m.end()])


_LIST_HEAD = re.compile(rf"(?:等)?{_COUNT}(?:重点|主导|优势|特色|战略性新兴|新兴|支柱|县域|市级|省级)?(?:产业链|产业集群|产业|领域|行业)")
_LIST_BODY = re.compile(rf"[{HAN}、]+$")
_ITEM_SPLIT = re.compile(r"以及|、|和|及|与")
_INDUSTRY_END = re.compile(r"(制造|装备|材料|食品|医药|电子|器械|能源|服装|设备|化工|机械|汽车|经济|服务|产品|器件|"
                           r"部件|零部件|软件|信息|技术|农业|养殖|种植|加工|用品|饮料|纺织)$")


@lru_cache(maxsize=1)
def _item_bound_re() -> re.Pattern:
    """Like `_chain_bound_re` but without one-character words other than prepositions (三全食品 keeps 全)."""
    pat = _chain_bound_re().pattern
    words = [w for w in pat[3:pat.index("|[")].split("|") if len(w) >= 2 or w in "在和及与的为将把对向是等了省市县区"]
    return re.compile("(?:" + "|".join(words) + r"|[\d一二两三四五六七八九十几多][个条大项类]?" + _QUANTITY_BOUND + ")$")


def _strip_item(item: str) -> str:
    """A list item or left phrase without what precedes the chain name (verbs, regions, generic words)."""
    bound = _item_bound_re()
    cut = 0
    for p in range(len(item) - 2, 0, -1):
        if bound.search(item, 0, p) or _is_region_tail(item, p):
            cut = p
            break
    return item[cut:]


def _list_chains(text: str) -> list[Mention]:
    """Items of a coordinated list ending in a chain head (集成电路、航空装备和绿色食品等5条产业链)."""
    if "、" not in text and "和" not in text and "及" not in text and "与" not in text:
        return []
    v = vocab()
    out = []
    for h in _LIST_HEAD.finditer(text):
        body = _LIST_BODY.search(text, max(0, h.start() - 80), h.start())
        if body is None:
            continue
        btext = body.group(0)
        if "等" in btext:  # A、B等C、D产业: only what follows 等 is the list of industries
            btext = btext[btext.rfind("等") + 1:]
        items = _ITEM_SPLIT.split(btext)
        if len(items) < 2:
            continue
        if any(len(it) > 12 for it in items[1:]):
            continue  # not a list of chain names (三全食品、思念食品等龙头企业牵头成立…产业联盟)
        pos = body.end() - len(btext)
        found: list[tuple[Mention, bool]] = []
        for item in items:
            s = text.find(item, pos) if item else -1
            if s < 0:
                continue
            pos = s + len(item)
            if not 2 <= len(item) <= 16:
                continue
            name = _strip_item(item)
            if not (2 <= len(name) <= 10) or excluded(name + "产业"):
                continue
            in_vocab = any(end + 1 == len(name) for end, _ in v.industry_ac.iter(name))
            known = in_vocab or bool(_INDUSTRY_END.search(name))
            if not known and (len(name) > 6 or _GENERIC_CHAIN_WORD.search(name) or name in v.regions):
                continue
            start = pos - len(name)
            found.append((Mention("Chain", chain_name(name), start, pos, name), known, in_vocab, name == item))
        out += [m for m, k, _, _ in found if k]
        # an item outside the vocabulary counts when another item of the same tight list (no item cut, head
        # 产业/产业链) is a vocabulary industry: 新能源汽车和信创产业链
        if "产业" in h.group(0) and any(iv for _, _, iv, _ in found) and all(clean for _, _, _, clean in found[1:]):
            out += [m for m, k, _, _ in found if not k]
    return out


# words that make a span a generic phrase rather than an industry name
_GENERIC_CHAIN_WORD = re.compile(r"(重点|主导|优势|特色|支柱|新兴|传统|本地|县域|上下游|全|各|该|这|那|其|每|整|多|几|质量|标准|技术|"
                                 r"创新|供应|资金|价值|服务|管理|工作|项目|企业|产业|链|的|等|了|和|与|及|或|是|在|为|省|市|县|区|设计|工艺|检测|应用|研发|"
                                 r"生产|销售|协会|高校|政府|机构|院所|单位|部门)")


_MAX_MODIFIER = 4
# count remnants before a name: 126家|家具, 80余家|新能源汽车
_QUANTITY_BOUND = r"|[\d余多][家户所座名]"
_STRICT_BOUND = re.compile(r"(在|和|及|与|以及|聚焦|围绕|涉及|包括|如)$")


@lru_cache(maxsize=1)
def _chain_bound_re() -> re.Pattern:
    words = {w.strip() for w in data_lines("chain_left_bounds.txt")}
    t = vocab().triggers
    for key in ("ISSUED", "COVERS", "SUPPORTS", "LEADS_BUILD", "SUBJECT_VERBS"):
        words.update(w for w in t[key] if len(w) >= 2)
    words.update(_HARD_WORDS)
    words = sorted(words, key=len, reverse=True)
    return re.compile("(?:" + "|".join(map(re.escape, words)) + r"|[\d个条大项类]" + _QUANTITY_BOUND + ")$")


@lru_cache(maxsize=1)
def _chain_modifiers() -> frozenset:
    return frozenset(w.strip() for w in data_lines("chain_modifiers.txt")) | vocab().industries


def _modifier_suffix(text: str, c: int, s: int) -> int:
    """Leftmost c2 in [c, s] such that text[c2:s] is a run of general modifiers / industry words."""
    mods = _chain_modifiers()
    ok = {s}
    best = s
    for c2 in range(s - 1, c - 1, -1):
        if any(text[c2:k] in mods for k in ok if k > c2):
            ok.add(c2)
            best = c2
    return best


def _chain_start(text: str, s: int) -> int | None:
    """Start of the chain name whose industry word begins at `s`. Back to the nearest boundary at most
    `_MAX_MODIFIER` Han characters to the left: after punctuation, a list separator or 在/聚焦/围绕 the
    whole span is the name (现代纺织); after a verb or a region only general modifiers are kept
    (湖州绿色家居 -> 绿色家居). None when the word is glued into a longer phrase."""
    bound = _chain_bound_re()
    for c in range(s, max(-1, s - _MAX_MODIFIER - 1), -1):
        if c < s and not _IS_HAN.match(text[c]):
            return None
        if c == 0:
            return c
        prev = text[c - 1]
        if not _IS_HAN.match(prev):
            return None if prev.isascii() and prev.isalpha() else c
        if _STRICT_BOUND.search(text, max(0, c - 2), c):
            return c
        if bound.search(text, max(0, c - 6), c) or _is_region_tail(text, c):
            return _modifier_suffix(text, c, s)
    return None


def _is_region_tail(text: str, s: int) -> bool:
    words = vocab().region_words
    for k in range(2, 6):
        if s - k >= 0 and text[s - k:s] in words:
            return True
    return False


def _left_name(text: str, end: int, maxlen: int) -> str:
    """The noun phrase ending at `end`: back to punctuation, then cut after the last boundary word."""
    k = end
    while k > 0 and text[k - 1] not in _NAME_STOP and end - k < 40:
        k -= 1
    span = text[k:end]
    cut = 0
    for w in _HARD_WORDS + _SOFT_BOUND:
        p = span.rfind(w)
        if p >= 0:
            cut = max(cut, p + len(w))
    name = span[cut:]
    name = re.sub(r"^[\d\.]+[个家座所条项批类名]?", "", name)
    return name[-maxlen:] if len(name) > maxlen else name


# ---------------------------------------------------------------- documents
_TITLE = re.compile(r"《([^《》]{2,120})》")
_DOC_SUFFIX = r"(办法|条例|方案|意见|纲要|指南|规划|计划|通知|规定|细则|规范|规程|决定|措施|政策|标准|指引|报告|法)"
_UNQUOTED_DOC = re.compile(rf"(制定实施|制定出台|印发实施|出台实施|出台|印发|制定|修订|发布)([{HAN}]{{4,24}}?{_DOC_SUFFIX})(?=[,，。;；、和]|$)")


def find_documents(text: str, abbreviations: dict) -> list[Mention]:
    """《Title》 documents (not newspapers); `(以下简称《X》)` abbreviations; unquoted titles after 出台/印发."""
    out = []
    for m in _TITLE.finditer(text):
        title = m.group(1).strip()
        if excluded(title):
            continue
        if title in abbreviations:
            title = abbreviations[title]
        else:
            ab = re.match(r"[(（]以下简称《([^《》]+)》", text[m.end():m.end() + 20])
            if ab:
                abbreviations[ab.group(1)] = title
        kind = re.search(_DOC_SUFFIX + "$", title)
        out.append(Mention("PolicyDocument", title, m.start(), m.end(), m.group(0),
                           kind=kind.group(1) if kind else None))
    for m in _UNQUOTED_DOC.finditer(text):
        title = m.group(2)
        if any(d.start <= m.start(2) < d.end for d in out) or re.search(r"(相关|有关|各项|一批|多项|政策文件)", title):
            continue
        if re.match(r"(了|并|和)", title):
            continue
        out.append(Mention("PolicyDocument", title, m.start(2), m.end(2), title, kind=m.group(3)))
    return out


# ---------------------------------------------------------------- platforms
_PROGRAMME_HEAD = re.compile(
    r"^((?:质量)?(?:金融|融资|信贷|增信|贷款|保险)[\u3400-\u9fff]{0,4}?(?:服务|产品)|模块平台|服务平台|数字平台|线上平台|平台|项目|小程序|APP|app|"
    r"品牌提升行动|质量提升行动|提升行动|专项行动|行动|工程|计划)")
_QUOTED = re.compile(r"“([^“”]{2,16})”")
# coined quality-finance product names: 锡质贷, 莞质贷, 质惠贷 (ending in a finance word, see finance_endings.txt)
_FINANCE_NAME = re.compile(rf"[{HAN}]{{1,4}}(?:{'|'.join(ln.strip() for ln in data_lines('finance_endings.txt'))})")
_FINANCE_CONTEXT = re.compile(r"授信|贷款|融资|放贷|增信|银行")


_BRANCH = re.compile(rf"([{HAN}]{{2,3}}?)?(分院|分中心|分所|分站)")
_NAMED_START = re.compile(r"^(国家|中国|全国)")


def find_platforms(text: str) -> list[Mention]:
    """Names ending in a platform kind (with region prefix as written), quoted programmes + head noun."""
    v = vocab()
    out: list[Mention] = []
    prev_end = 0
    for m in v.platform_kind_re.finditer(text):
        kind = m.group(0)
        e = m.end()
        k = m.start()
        # extend left over name characters (Han, Latin, quotes, brackets)
        while k > 0 and end_ok(text[k - 1]) and m.end() - k < 40:
            k -= 1
        if kind in ("大学", "学院") and text[e:e + 1] in "生":
            continue
        span = text[k:e]
        cut = _cut_left(span, len(kind) - 1)
        if cut > 1 and span[cut - 1] in "及和与":
            # 国家电动车辆及零部件产品质量检验检测中心: a conjunction inside a national / regional name
            left = span[:cut - 1]
            lname = left[_cut_left(left, 0):]
            if _NAMED_START.match(lname) and len(lname) >= 3 and not v.platform_kind_re.search(lname) \
                    and not _organ_re().search(lname):
                cut -= len(lname) + 1
        name = span[cut:]
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
        if prev_end and start < prev_end:
            pass
        name = re.sub(r"[(（][^()（）]*$", "", name)
        pre_kind = name[:-len(kind)]
        if re.search(r"[\d一二两三四五六七八九十百千万]+多?[个家座所条项批类]", name) or \
                re.match(r"^[\d一二两三四五六七八九十]+[个家座所]", text[e:]):
            counted = True
        if len(name) <= len(kind) + 1 or excluded(name) or counted or _GENERIC_PLATFORM.match(name) \
                or _bad_platform(pre_kind, kind):
            continue
        if name.count("“") != name.count("”"):
            name = name.replace("“", "").replace("”", "")
        if coined:
            out.append(Mention("Platform", coined.group(1), e - len(name) - 1, e, text[e - len(name) - 1:e], kind=kind))
        else:
            out.append(Mention("Platform", name, e - len(name), e, text[e - len(name):e], kind=kind))
        prev_end = e
    # a regional branch is its own institution: 河北省计量监督检测研究院唐山分院
    for p in out:
        b = _BRANCH.match(text, p.end)
        if b and (b.group(1) in v.regions or not b.group(1)):
            p.name += b.group(0)
            p.end = b.end()
    # bracket qualifier right after a platform: 国家羊乳制品质检中心(陕西)
    for p in out:
        q = re.match(r"[(（]([^()（）]{2,6})[)）]", text[p.end:])
        if q and q.group(1) in v.regions:
            p.name += f"({q.group(1)})"
            p.end += q.end()
    # quoted programme names followed by a head noun: “穗质融”质量金融服务
    for m in _QUOTED.finditer(text):
        inner = m.group(1)
        if any(p.start <= m.start() < p.end for p in out):
            continue
        head = _PROGRAMME_HEAD.match(text[m.end():])
        if not head and _FINANCE_NAME.fullmatch(inner) and (_FINANCE_CONTEXT.search(text) or "推出" in text):
            # “莞质贷”: a coined finance product name stands alone
            out.append(Mention("Platform", inner, m.start(), m.end(), m.group(0), kind="金融产品"))
            continue
        if not head or excluded(inner) or re.search(r"[\d+、,，]", inner) or not _IS_HAN.search(inner):
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
    # universities named by short form in a list: 中大、华工等…大学
    for m in re.finditer(rf"((?:[{HAN}]{{2,3}}、)+[{HAN}]{{2,3}})等[^,，。]{{0,10}}(大学|高校)", text):
        items = m.group(1).split("、")
        items[0] = items[0][-2:] if len(items[0]) > 2 else items[0]
        pos = m.start(1)
        for it in m.group(1).split("、"):
            s = text.index(it, pos)
            name = it[-2:]
            out.append(Mention("Platform", v.aliases.get(name, name), s + len(it) - len(name), s + len(it), name,
                               kind="大学"))
            pos = s + len(it)
    return out


def _bad_platform(pre: str, kind: str) -> bool:
    """Generic or non-name prefixes: 各类…, 产业…, an organ, a bare industry, a joined list."""
    v = vocab()
    if re.search(r"(各级|各类|重点|一批|多个|这一|全市|全省|\+|的$|市场监管|局$|委$|厅$|建$|赋予|融入|调研|思路|多次|不断)", pre):
        return True
    if pre in v.industries or re.fullmatch(r"[\u3400-\u9fff]+[与和][\u3400-\u9fff]+", pre) and kind.endswith("平台"):
        return True
    if kind == "平台" and (len(pre) < 3 or "和" in pre or pre.endswith("大")):
        return True
    if pre in v.regions and kind not in _REGIONAL_INSTITUTIONS or pre in ("产业", "质量", "重点产业"):
        return True
    return False


# kinds that name a real institution right after a full region name (山西省检验检测中心, 包头市计量所)
_REGIONAL_INSTITUTIONS = ("大学", "学院", "科学院", "研究院", "检验检测中心", "检验检测院", "检测院", "检验院", "计量院",
                          "质检院", "质检所", "检验所", "监督检验所", "计量所", "检定所", "测试院", "科学研究院")
_GENERIC_PLATFORM = re.compile(r"^(上游|下游|统一|产业|重要|主要|高水平|一流|各类|各级|相关|首个|多个|一批|基层|综合|专业|这一|该|本|其|全链条|国家级|省级|市级|县级|新型|先进|区域|地方)")


def end_ok(ch: str) -> bool:
    return bool(_IS_HAN.match(ch)) or ch.isascii() and (ch.isalnum() or ch in "+-/") or ch in "“”()（）"


@lru_cache(maxsize=1)
def _bound_ac():
    import ahocorasick

    ac = ahocorasick.Automaton()
    # left affixes (吸纳, 带动 …) cut platform names too; 组织 may end a name (国际标准化组织…委员会)
    for w in set(_HARD_WORDS + _SOFT_BOUND + tuple(w for w in name_affixes()["left"] if w != "组织")):
        ac.add_word(w, len(w))
    ac.make_automaton()
    return ac


_NATIONAL_NAME = re.compile(r"(国家|中国)")
_NATIONAL_STOP = re.compile(r"(建成|组建|成立|打造|设立|推出|依托|获批|的|在|由|为|对|将|把|是|与其|联合|会同|等|共同|推动|和)")


def _industries_at(text: str, pos: int) -> list[str]:
    """Industry vocabulary words starting at `pos`."""
    return [w for end, (ln, w) in vocab().industry_ac.iter(text, pos, min(len(text), pos + 12)) if end + 1 - ln == pos]


def _cut_left(span: str, keep: int = 1) -> int:
    """Where the name starts in `span`: after the last boundary word that leaves > `keep` characters,
    moved back when that boundary cuts into a region or industry word (组建|成都市 not 组|建成|都市)."""
    limit = len(span) - keep
    cut = 0
    for end, ln in _bound_ac().iter(span):
        if end + 1 < limit and end + 1 > cut:
            cut = end + 1
    if cut:
        v = vocab()
        for ac in (v.region_ac, v.industry_ac):
            hits = [(end + 1 - ln, end + 1, ln) for end, (ln, _w) in ac.iter(span, max(0, cut - 3), min(len(span), cut + 8))]
            for st, en, ln in hits:
                # 组建|湖州市 stays cut there although 建湖 crosses it: a word starting at the cut reaches as far
                if st < cut < en and cut - st <= 2 and ln >= 2 and \
                        not any(st2 == cut and en2 >= en for st2, en2, _ in hits):
                    cut = st
    # official national names keep their inner conjunctions and verbs: 国家磁性材料及其应用产品质量检验检测中心
    nat = [m.start() for m in _NATIONAL_NAME.finditer(span, 0, cut)]
    if nat and not _NATIONAL_STOP.search(span, nat[-1], len(span)) and cut - nat[-1] >= 6 and \
            not vocab().platform_kind_re.search(span, nat[-1], cut) and not _organ_re().search(span, nat[-1], cut):
        cut = nat[-1]
    for w in _LEADING:
        if span[cut:].startswith(w) and len(span) - cut - len(w) > keep and \
                not any(span.startswith(i, cut) for i in _industries_at(span, cut)):
            cut += len(w)
    # a closing bracket not opened inside the name is a boundary: 园区(企业)基层服务站
    close = max(span.rfind(")"), span.rfind("）"))
    if close >= cut and "(" not in span[cut:close] and "（" not in span[cut:close]:
        cut = close + 1
    return cut


# ---------------------------------------------------------------- enterprises
_COMPANY = re.compile(rf"([{HAN}]{{2,20}}(?:[(（][{HAN}]{{2,6}}[)）][{HAN}]{{0,8}}?)?(?:集团)?(?:[(（][{HAN}]{{2,6}}[)）])?(股份有限公司|有限责任公司|有限公司)|[{HAN}]{{2,8}}(集团))")
_MASTER_BEFORE = re.compile(rf"(链主企业|龙头企业|领军企业|牵头单位|骨干企业|链员企业)([{HAN}A-Za-z]{{2,12}})")
_LIST_BEFORE_MASTER = re.compile(
    rf"([{HAN}、()]{{2,48}})等[^,，。;；]{{0,24}}?(链主企业|龙头企业|领军企业|链员企业|链上企业|骨干企业|配套企业|供应商|配套商|"
    rf"上下游单位|上下游企业|成员单位|成员企业|企业)")
_ROLE_BEFORE = re.compile(r"(链主企业|龙头企业|领军企业|链员企业|链上企业|配套企业)$")
_MEMBER_HEADS = ("链员企业", "链上企业", "配套企业", "供应商", "配套商", "上下游单位", "上下游企业", "成员单位", "成员企业")
_ITEM_SEP = re.compile(rf"、|以及|及(?=[{HAN}]{{2}})")


def _split_items(body: str) -> list[str]:
    """List items split at 、/以及/及, and at 和/与 only when both sides stay names (天和磁材 is one name)."""
    out = []
    for it in _ITEM_SEP.split(body):
        for m in re.finditer("[和与]", it):
            left, right = it[:m.start()], it[m.end():]
            if len(right) >= 2 and (_clean_ent(left) or "") and len(_clean_ent(left) or "") >= 2:
                out += [left, right]
                break
        else:
            out.append(it)
    return [it for it in out if it]
_LEAD_UNDER = re.compile(rf"在([{HAN}]{{2,12}})的(牵头|带动|引领)下")
_AS_MASTER = re.compile(rf"([{HAN}]{{2,8}})作为[^,，。;；]{{0,20}}?(链主|龙头)")
_ENT_VERB_STOP = ("在", "会同", "通过", "获得", "作为", "牵头", "以", "将", "的", "等", "和", "与", "及", "为", "是",
                  "对", "向", "从", "于", "已", "也", "还", "共同", "联合", "积极", "主导", "参与", "开展", "推动",
                  "实现", "成为", "入选", "获批", "获颁", "带动", "构建", "打造", "建设", "研发", "数名", "专家")
_ENT_LEFT = ("培育了", "培育", "引导", "推动", "支持", "鼓励", "带动", "包括", "比如", "例如", "如", "组织", "发动",
             "推荐", "联合", "了", "由", "与", "和")
_ENT_HEADS = ("科技", "智能", "电网", "电梯", "航空", "光电", "重工", "重科", "电气", "电器", "电子", "股份", "药业",
              "制药", "新材", "钢铁", "汽车", "机械", "能源", "氢能", "通信", "微电子", "半导体", "动力", "宅配")
_GENERIC_PREFIX = re.compile(r"^(人工|数字|智能|高端|先进|新型|质量|信息|工业|现代|绿色|高新|科技|产业|全球|国际|国内|"
                             r"我国|中国|全国|企业|重点|相关|主要|核心|关键|传统|未来|新兴|战略|服务|技术|研发|创新|"
                             r"生产|制造|电子|网络|平台|数据|能源|新能|交通|节能|安全|管理|生物|医疗|轨道|船舶|高分|"
                             r"标准|计量|检测|检验|认证|品牌|自主|联合|协同|上下|中小|小微|大型|规模|骨干|龙头|链主)")


_NOT_ENT_START = re.compile(r"^(成功|顺利|先后|率先|再次|首次|相继|均(?:已|为|在|将|有|可|实现|达到)|已|发挥|推广|确定|聚焦|一同|示范|引领|质量|推动|带动|参与|开展|共同|积极|主动|加强|提升|实现|形成|"
                            r"建立|发展|协同|引导|培育|作用|优势|名单|数量|队伍|代表|责任|主体|标杆|转型|升级|创新|技术|管理|"
                            r"产品|生产|研发|牵头|成立|除了|围绕|市场|标准|计量|品牌|认证|检测|服务|人才|资金|政策|一起)")
_ASPECT = {"技术", "市场", "标准", "质量", "品牌", "计量", "认证", "检测", "管理", "服务", "人才", "资金", "政策", "创新"}
_ENT_FOLLOW = re.compile(r"^($|[、,，。;；等在会以获通作牵和与及(（:]|主导|参与|开展|推动|实现|成为|入选|带动|构建|打造|建设|研发|数名|专家)")


@lru_cache(maxsize=1)
def _ent_left_words() -> tuple[str, ...]:
    return tuple(sorted(set(_ENT_LEFT) | set(name_affixes()["left"]), key=len, reverse=True))


@lru_cache(maxsize=1)
def _not_enterprise() -> dict[str, tuple[str, ...]]:
    out: dict[str, list[str]] = {}
    for ln in data_lines("not_enterprise.tsv"):
        kind, word = ln.split("\t")[:2]
        out.setdefault(kind, []).append(word.strip())
    return {k: tuple(v) for k, v in out.items()}


def not_enterprise_name(name: str) -> bool:
    """Time words, role nouns and product nouns are no enterprise names (data: not_enterprise.tsv)."""
    w = _not_enterprise()
    return name.startswith(w["time"]) or name in w["role"] or name.endswith(w["product"])


def _clean_ent(name: str) -> str | None:
    for w in name_affixes()["right"]:
        if name.endswith(w) and len(name) - len(w) >= 2:
            name = name[: -len(w)]
            break
    for w in _ent_left_words():
        p = name.rfind(w)
        if p == 1 and w in ("和", "与"):
            continue  # a conjunction after one character is inside the name: 天和磁材
        if p >= 0 and len(name) - p - len(w) >= 2 and w not in ("和", "与", "了", "如") or \
                (p >= 0 and w in ("了", "如", "由", "与", "和") and len(name) - p - 1 >= 2 and p + 1 < len(name)):
            name = name[p + len(w):]
            break
    name = name.strip("“”")
    if name in ("公司", "有限公司", "股份有限公司", "有限责任公司", "集团", "集团公司"):
        return None
    lead = _ENT_LEAD.match(name)
    if lead and len(name) - lead.end() >= 2:
        name = name[lead.end():]
    if name[:1] in "的将在对把被为与和及了是其该各" or re.search(r"[\d]", name) or _NOT_ENT_START.match(name):
        return None
    if not (2 <= len(name) <= 12) or excluded(name) or name in vocab().industries or is_region_word(name) or \
            not_enterprise_name(name):
        return None
    if re.search(r"(企业|公司们|单位|部门|机构|高校|院所|协会|政府|产业|行业|领域|链$)", name):
        return None
    return name


def find_enterprises(text: str, known: set) -> list[Mention]:
    """Companies by suffix, and suffix-less names from context (链主企业X, X、Y等龙头企业, 在X的牵头下, X作为链主)."""
    out: list[Mention] = []

    def add(name, s, tag="", kind=None):
        same = next((o for o in out if o.start == s and (o.name == name or o.end == s + len(name))), None)
        if same is not None and tag and not same.tag:
            same.tag = tag  # a suffix match later seen in a role context (X作为…链主)
        if name and same is None:
            out.append(Mention("Enterprise", name, s, s + len(name), name, kind=kind, tag=tag))
            known.add(name)

    for m in _COMPANY.finditer(text):
        raw = m.group(1)
        suffix = m.group(2) or m.group(3)
        cut = _cut_left(raw, len(suffix) + 1)
        name = raw[cut:]
        name = re.sub(r"^[(（][^()（）]*[)）]", "", name)
        base = name[: -len(suffix)]
        if len(base) >= 2 and not excluded(name) and not re.search(r"(企业|各类|多家|一批)", base) and \
                not base.startswith(_not_enterprise()["time"]):
            if suffix == "集团" and len(base) > 6:
                continue
            short = _SHORT_NAME.match(text, m.end())
            role = _ROLE_BEFORE.search(text, max(0, m.end() - len(name) - 6), m.end() - len(name))
            tag = "master" if _AS_MASTER_AFTER.match(text, (short or m).end()) else ""
            if role:  # 链主企业X有限公司 / 链员企业X有限公司: the company in that role
                tag = "member" if role.group(1) in _MEMBER_HEADS else "master"
            if short and 2 <= len(short.group(1)) <= 8:
                # 广西X机械股份有限公司(以下简称“X”): the short name is canonical, the legal name its alias
                out.append(Mention("Enterprise", short.group(1), m.end() - len(name), m.end(), name, tag=tag))
                known.add(short.group(1))
                continue
            add(name, m.end() - len(name), tag)
    for m in _MASTER_BEFORE.finditer(text):
        tag = "member" if m.group(1) in ("链员企业", "链上企业") else "master"
        items = re.split(r"[、和及]", m.group(2))
        pos = m.start(2)
        for it in items:
            name = it
            for w in _ENT_VERB_STOP:
                p = name.find(w, 2)
                if p >= 2:
                    name = name[:p]
            s = text.find(name, pos)
            if _clean_ent(name) == name and _ENT_FOLLOW.match(text[s + len(name):]):
                add(name, s, tag)
            pos = s + len(it)
            if len(it) != len(name):
                break
    # 链主企业航天时代飞鹏、峰飞航空等企业: continue the list after the first item
    for m in re.finditer(rf"(链主企业|龙头企业)([{HAN}]{{2,8}}(?:、[{HAN}]{{2,8}})+)等", text):
        pos = m.start(2)
        for it in m.group(2).split("、"):
            s = text.find(it, pos)
            if _clean_ent(it) == it:
                add(it, s, "master")
            pos = s + len(it)
    for m in _LIST_BEFORE_MASTER.finditer(text):
        if re.match(r"等\d*[个条大项]?(?:重点|主导|优势|特色)?(产业链|产业|行业|领域)", text[m.end(1):m.end()]):
            continue  # "A、B等产业链上的N家企业": the items are industries, not companies
        tag = "member" if m.group(2) in _MEMBER_HEADS else "master"
        if m.group(2) == "企业" and "链上" in text[m.end(1):m.end()]:
            tag = "member"  # "为A等X产业链上企业": members of that chain, even a single one
        body = m.group(1)
        if body.count("(") != body.count(")"):
            body = body[body.rfind(")") + 1:] if body.rfind(")") > body.rfind("(") else body[body.rfind("(") + 1:]
        items = _split_items(body)
        if m.group(2) == "企业":
            # plain "A、B等企业": members when the clause puts them on a chain (产业链上A、B等企业 / …加入)
            if len(items) < 2 and tag != "member":
                continue
            k = _clause_start(text, m.start(1))
            tag = "member" if "链上" in text[k:m.end()] or re.match(r"[^,，。;；]{0,4}加入", text[m.end():]) else ""
        if len(items) == 1 and len(items[0]) > 8 or any(it[-2:] in _ASPECT for it in items) or \
                re.search(r"(方面|作用|、)", text[m.end(1):m.end()]):
            continue
        pos = m.end(1) - len(body)
        for it in items:
            s = text.find(it, pos)
            if vocab().platform_kind_re.search(it) or _organ_re().search(it):
                pos = s + len(it)
                continue  # an institution in a mixed member list (研究院、大学以及A、B等单位)
            name = _clean_ent(it)
            if name:
                add(name, s + len(it) - len(name), tag)
            else:  # a company already matched by its suffix: give it the list's role
                for o in out:
                    if o.end == s + len(it) and not o.tag:
                        o.tag = tag
            pos = s + len(it)
    for m in _LEAD_UNDER.finditer(text):
        name = _clean_ent(m.group(1))
        if name and not re.search("(局|委|厅|政府|联合体|中心|部门)$", name):
            add(name, m.start(1), "lead_under")
    for m in _AS_MASTER.finditer(text):
        if is_subject_position(text, m.start(1)):
            name = _clean_ent(m.group(1))
            if name:
                add(name, m.start(1), "master")
    # suffix-less company-like names: 2-char brand + head (金发科技, 南方电网), at a clause start or after a verb
    for m in _ENT_HEAD_RE.finditer(text):
        s = m.start()
        name = m.group(0)
        if _GENERIC_PREFIX.match(m.group(1)) or name in vocab().industries or excluded(name):
            continue
        if m.group(1) in vocab().regions or m.group(1)[1] in "的和与及在了是为等化型级性" or \
                _NOT_ENT_START.match(name) or m.group(1) in _HARD_WORDS or m.group(1) in _LEADING or \
                any(len(w) > len(name) for w in _industries_at(text, s)):
            continue
        pre = text[max(0, s - 2):s]
        if s == 0 or text[s - 1] in _NAME_STOP or pre in ("研发", "引导", "推动", "助力", "支持", "带动") or \
                text[s - 1] in "由与和及":
            if re.match(r"(牵头|作为|构建|以|获|入选|在|会同|等|、|,|，|:|坚持|主要|是)", text[m.end():]) or \
                    text[s - 1:s] == "、" or (s == 0 or text[s - 1] in ",，;；。") and \
                    _AWARD.search(text, m.end(), min(len(text), m.end() + 16)):
                add(name, s, "")
    # clause-initial subject of an award or approval: 中车株所获批国家…试点单位
    for m in _AWARD_SUBJECT.finditer(text):
        raw = _TIME_PREFIX.sub("", m.group(1))
        name = _clean_ent(raw)
        if name and name == raw and not _NOT_ENTERPRISE_END.search(name) and \
                not _IS_GENERIC_SUBJECT.match(name) and not vocab().platform_kind_re.search(name) and \
                not _organ_re().search(name) and not any(name.startswith(r) for r in _region_prefixes(name)):
            add(name, m.end(1) - len(name), "")
    # parenthesised company lists after 企业: …企业,广州占2席(希音、广汽埃安)
    if "企业" in text:
        for m in re.finditer(rf"[(（]([{HAN}]{{2,6}}(?:、[{HAN}]{{2,6}})+)[)）]", text):
            pos = m.start(1)
            for it in m.group(1).split("、"):
                s = text.find(it, pos)
                if _clean_ent(it) == it:
                    add(it, s)
                pos = s + len(it)
    # clause-initial names before 牵头 / 构建“…” (尚品宅配构建…)
    for m in re.finditer(rf"(?:^|[,，;；。])([{HAN}]{{2,6}})(牵头(?!负责)|构建“|以打造“)", text):
        name = _clean_ent(m.group(1))
        if name and not re.search("(局|委|厅|政府|联合体|中心|部门|市|省|县|区|单位|企业)$", name) \
                and not _IS_GENERIC_SUBJECT.match(name):
            add(name, m.start(1), "subject")
    return _outermost(out)


def _outermost(ms: list[Mention]) -> list[Mention]:
    """Drop enterprise mentions inside a longer one (龙头企业双良硅材料|(包头)有限公司), keeping their role tag."""
    kept = []
    for m in ms:
        outer = next((o for o in ms if o is not m and o.start <= m.start and m.end <= o.end and
                      (o.end - o.start) > (m.end - m.start)), None)
        if outer is None:
            kept.append(m)
        elif m.tag and not outer.tag:
            outer.tag = m.tag
    return kept


_ENT_LEAD = re.compile(r"^(?:已|还|也|将|均|正)?(?:为|向|对|给|帮助|服务)")
_AS_MASTER_AFTER = re.compile(r"作为[^,，。;；]{0,20}?(链主|龙头)")
_SHORT_NAME = re.compile(r"[(（](?:以下)?简称[“\"]?([^“”\"()（）,，]{2,8})[”\"]?[)）]")
_TIME_PREFIX = re.compile(r"^(今年|去年|近日|目前|此外|同时|其中|近年来|近期|日前|随后|最终|先后|已经|已)")
_AWARD = re.compile(r"获颁|获批|荣获|获评|入选")
_AWARD_SUBJECT = re.compile(rf"(?:^|[,，;；。])([{HAN}]{{2,6}})(?:获批|获颁|荣获|获评为|入选)(?:国家|全国|全球|首批|省|中国)")
_NOT_ENTERPRISE_END = re.compile(r"(市|省|县|区|镇|村|局|委|厅|办|府|部|产品|项目|品牌|标准|成果|技术|案例|城市|园区|基地|"
                                 r"中心|平台|产业|集群|企业|单位|机构|团队|个人|我们|他们)$")


def _region_prefixes(name: str) -> list[str]:
    regs = vocab().regions
    return [name[:k] for k in range(2, min(len(name), 5) + 1) if name[:k] in regs]


_ENT_HEAD_RE = re.compile(rf"([{HAN}]{{2}})({'|'.join(_ENT_HEADS)})")
_IS_GENERIC_SUBJECT = re.compile(r"^(除了|同时|此外|另外|目前|其中|积极|大力|充分|全面|深入|持续|不断|进一步|推动|组织|共同|各地|地方|企业|政府)")


def _extend_known_chains(text: str, chains: list[Mention], ctx: ArticleContext) -> list[Mention]:
    """A chain word preceded by the rest of a longer chain the article names (晶硅|光伏 after 在晶硅光伏产业上)
    is that longer chain."""
    # a chain the article already named, written again before 产业/产业链 (将稀土永磁产业链…纳入)
    if "产业" in text:
        for st in sorted(ctx.chain_stems, key=len, reverse=True):
            i = text.find(st + "产业")
            while i >= 0:
                j = i + len(st)
                if _chain_start(text, i) is not None and not any(c.start <= i < c.end or i <= c.start < j for c in chains):
                    chains.append(Mention("Chain", chain_name(st), i, j, st))
                i = text.find(st + "产业", j)
        chains.sort(key=lambda c: c.start)
    stems = sorted(ctx.chain_stems | {c.name[:-3] for c in chains}, key=len, reverse=True)
    for c in chains:
        st = c.name[:-3]
        for long in stems:
            extra = len(long) - len(st)
            if extra > 0 and long.endswith(st) and c.start >= extra and text[c.start - extra:c.start] == long[:extra]:
                c.name, c.start, c.surface = chain_name(long), c.start - extra, text[c.start - extra:c.end]
                break
    ctx.chain_stems.update(c.name[:-3] for c in chains)
    return chains


_AS_ROLE_CLAUSE = re.compile(r"作为[^,，。;；]{0,30}(?:链主|龙头)企业?[,，]")
_PLATFORM_ANAPHORA = re.compile(r"该(中心|平台|联盟|联合体|服务站|实验室|研究院|检验所|协会)|^(联合体|联盟)(?=成立|自|以来|已|还|将|在|通过|牵头|累计)")


def _platform_anaphora(text: str, ctx: ArticleContext, platforms: list[Mention]) -> list[Mention]:
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


# ---------------------------------------------------------------- all families
def find_mentions(sentence: Sentence, ctx: ArticleContext, abbreviations: dict | None = None) -> list[Mention]:
    """All entity mentions of one sentence, with subject flags and containment set."""
    text = sentence.folded
    if abbreviations is None:
        abbreviations = ctx.__dict__.setdefault("_abbrev", {})
    docs = find_documents(text, abbreviations)
    govs = find_governments(text, ctx)
    platforms = find_platforms(text)
    chains = _extend_known_chains(text, find_chains(text), ctx)
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
                e.tag = "master"
    # containers: platform/document spans; drop overlapping mentions of lower priority
    containers = [d for d in docs] + [p for p in platforms]
    for m in govs + chains + ents + platforms:
        for c in containers:
            if c is not m and c.start <= m.start and m.end <= c.end and (c.end - c.start) > (m.end - m.start):
                m.inside = c.name
                break
    govs = [g for g in govs if g.inside is None or g.name.endswith("人民政府") is False and g.inside is None]
    platforms = [p for p in platforms if not any(p.start >= q.start and p.end <= q.end and p is not q and
                                                  (q.end - q.start) > (p.end - p.start) for q in platforms)]
    chains = [c for c in chains if not any(e.start <= c.start and c.end <= e.end and e.end - e.start > c.end - c.start
                                           and e.inside is None for e in ents)]
    ents = [e for e in ents if e.inside is None and not any(g.start <= e.start < g.end for g in govs)
            and not any(c.start <= e.start and e.end <= c.end for c in chains)
            and not any(p.start <= e.start < p.end for p in platforms)]
    platforms = [p for p in platforms if not any(d.start <= p.start < d.end for d in docs)]
    platforms += _platform_anaphora(text, ctx, platforms)
    for m in ents + platforms:
        if is_subject_position(text, m.start):
            m.subject = True
    update_region_state(text, ctx, govs)
    mentions = docs + govs + platforms + chains + ents
    mentions.sort(key=lambda m: (m.start, -m.end))
    return mentions
