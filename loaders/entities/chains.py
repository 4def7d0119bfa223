"""Industrial chains (Chain): industry vocabulary hits before 产业/产业链/领域, coordinated lists
("A、B和C等N条产业链"), vocabulary-free "X产业链" spans, compound names (汽车及零部件), with region
prefixes and verbs stripped, canonical `<industry>产业链`.
"""
from __future__ import annotations

import re
from functools import lru_cache

from loaders.entities.bounds import HAN, HARD_WORDS, IS_HAN, NAME_STOP, SOFT_BOUND
from loaders.entities.context import ArticleContext, Mention
from loaders.normalize import data_lines
from loaders.vocab import excluded, longest_hits, vocab

_COUNT = r"([\d一二两三四五六七八九十]+[个条大项类])?"
_CHAIN_HEAD = re.compile(rf"^(\([^()]{{1,6}}\))?{_COUNT}(产业链|产业集群|产业|行业|领域|集群|供应链|(龙头|链主|骨干|领军)?企业|制造业)")
_LIST_TAIL = re.compile(rf"^(等[^,，。;；向到要]{{0,12}}?|{_COUNT}[^,，。;；]{{0,6}}?)(产业链|产业|领域|行业|集群|链(?![主长员]))")
_CHAIN_EXTEND = re.compile(rf"([{HAN}]{{1,3}}?)(?=产业链|产业集群)")
_EXPERTISE = re.compile(r"领域(?:的)?(?:专家|学者|人才|权威)")  # X领域专家: expertise, not a chain
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
        ok = bool(_CHAIN_HEAD.match(text[e:])) and not _EXPERTISE.match(text, e)
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
                tail = _LIST_TAIL.match(text[tail_from:])
                # "A、B等氢能产业链上企业": the chain is named after 等, the items are its members
                ok = bool(tail) and not (tail.group(1).startswith("等") and longest_hits(v.industry_ac, tail.group(1)))
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
                     re.search(r"(制造|装备|材料|食品|医药|电子|器械|能源|服装|设备|化工|机械|汽车|经济|制品)$", name) or
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
_NOT_TOPIC = re.compile(r"(经济|人才|金融|知识产权|安全|消费|民生|文化|教育|监管|执法|法治|政务|改革|开放|合作|计量|认证|品牌|"
                        r"基础|方面|环节|过程|工作|建设|发展|提升|领先|前沿|国际|国内|市场|数字|科技|研究|检验)")
_COMPOUND_TAIL = re.compile(rf"(及|与)([{HAN}]{{1,4}}?)(?=产业链|产业|、|等|,|，)")


def _join_compound(text: str, c: Mention) -> Mention:
    """`稀土新材料及应用产业链`: a non-industry word joined by 及/与 belongs to the chain name."""
    m = _COMPOUND_TAIL.match(text, c.end)
    if not m or m.group(1) == "与" and (m.group(2) in vocab().industries or _INDUSTRY_END.search(m.group(2))):
        return c
    if m.group(1) == "及" and not text.startswith("产业", m.end()) and \
            (m.group(2) in vocab().industries or _INDUSTRY_END.search(m.group(2))):
        return c  # 汽车及零部件、…: two list items; 汽车及零部件产业链: one chain
    stem = c.name[:-len("产业链")] + m.group(1) + m.group(2)
    return Mention("Chain", chain_name(stem), c.start, m.end(), text[c.start:m.end()])


_LIST_HEAD = re.compile(rf"(?:等)?{_COUNT}(?:[千百万]亿级)?(?:重点|主导|优势|特色|战略性新兴|新兴|支柱|县域|市级|省级)?(?:产业链|产业集群|产业|领域|行业)")
_LIST_BODY = re.compile(rf"[{HAN}、]+$")
# 及 joins one industry name inside a list item (汽车及零部件、智能家居 / 半导体及集成电路等产业链)
_ITEM_SPLIT = re.compile(r"以及|、|和|与")
_ITEM_SPLIT_COMPOUND = re.compile(r"、")
_ITEM_SPLIT_NO_YU = re.compile(r"以及|、|和")
_CONJ = re.compile(r"和|与|及")
_YU = re.compile(r"与")
# 及 inside a word is no conjunction: 涉及, 普及, 危及, 以及
# a sector word ending in 业 whose stem names the chain (会展业, 金融业, 服务业; not 农业, 工业, 产业)
_SECTOR_YE = re.compile(r"[^农工商林渔矿产企行牧职就创专作实物副]业$")
_JOIN_JI = re.compile(r"(?<![涉普危以])及")
_INDUSTRY_END = re.compile(r"(制造|装备|材料|食品|医药|电子|器械|能源|服装|设备|化工|机械|汽车|经济|服务|产品|器件|"
                           r"部件|零部件|软件|信息|技术|农业|养殖|种植|加工|用品|饮料|纺织|制品)$")


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
    if len(item) >= 2 and IS_HAN.match(item[-1]) and item[-1] not in "的了和与及等是在" and \
            _STRICT_BOUND.search(item, 0, len(item) - 1):
        return item[-1]  # 聚焦铜、锂电…: a one-character industry right after 聚焦 / 围绕 / 包括
    # a cut never falls inside a vocabulary industry (新一代信息技术: 一 there is no count)
    inside = {q for end, (ln, _w) in vocab().industry_ac.iter(item) for q in range(end + 2 - ln, end + 1)}
    for p in range(len(item) - 2, 0, -1):
        if p not in inside and (bound.search(item, 0, p) or _is_region_tail(item, p)):
            cut = p
            break
    return item[cut:]


def _item_split(btext: str) -> re.Pattern:
    """How a list body splits into items: on 、 alone when a conjunction sits inside a non-final item of a
    list of three or more (高端装备与智能制造、新能源及储能、…: compound names); a single inner item joined
    by 与 is one name (A、B与C、D), by 和 two items; else split on 、和与以及."""
    parts = btext.split("、")
    if len(parts) < 3:
        return _ITEM_SPLIT
    inner = [p for p in parts[1:-1] if _CONJ.search(p[1:])]
    if len(inner) >= 2:
        return _ITEM_SPLIT_COMPOUND
    return _ITEM_SPLIT_NO_YU if any("与" in p[1:] for p in inner) else _ITEM_SPLIT


def _item_starts(btext: str, split: re.Pattern = _ITEM_SPLIT) -> list[int]:
    """Offsets of the items `split.split(btext)` returns."""
    return [0] + [m.end() for m in split.finditer(btext)]


def _list_chains(text: str) -> list[Mention]:
    """Items of a coordinated list ending in a chain head (集成电路、航空装备和绿色食品等5条产业链)."""
    if "、" not in text and "和" not in text and "及" not in text and "与" not in text:
        return []
    v = vocab()
    out = []
    for h in _LIST_HEAD.finditer(text):
        body = _LIST_BODY.search(text, max(0, h.start() - 200), h.start())
        if body is None:
            continue
        btext = body.group(0)
        if "等" in btext:  # A、B等C、D产业: only what follows 等 is the list of industries
            btext = btext[btext.rfind("等") + 1:]
        split = _item_split(btext)
        items = split.split(btext)
        if len(items) < 2 or len(items[-1]) < 2:  # a slogan run (比X、赛Y、拼产业): the head word is itself an item
            continue
        long_items = [j for j, it in enumerate(items) if len(it) > 12]
        if long_items and long_items[-1] == len(items) - 1:
            continue  # not a list of chain names (三全食品、思念食品等龙头企业牵头成立…产业联盟)
        if long_items and long_items[-1] > 0:
            # "由市委、市政府主要领导担任A、B两条产业链": the list starts in the last long item
            j = long_items[-1]
            btext = btext[_item_starts(btext, split)[j]:]
            items = items[j:]
        pos = body.end() - len(btext)
        found: list[tuple[Mention, bool]] = []
        for item in items:
            s = text.find(item, pos) if item else -1
            if s < 0:
                continue
            pos = s + len(item)
            if not 1 <= len(item) <= 16:
                continue
            joiner = {_ITEM_SPLIT_COMPOUND: _CONJ, _ITEM_SPLIT_NO_YU: _YU}.get(split, _JOIN_JI)
            conj = joiner.search(item) or _JOIN_JI.search(item)
            left, joined, right = (item[:conj.start()], conj.group(0), item[conj.end():]) if conj else (item, "", "")
            name = _strip_item(left) + joined + right
            if not (1 <= len(name) - len(joined) <= 10) or excluded(name + "产业") or joined and len(right) < 2 or \
                    len(name) == 1 and not IS_HAN.match(name):
                continue
            end = pos
            if _SECTOR_YE.search(name):  # 现代物流业 -> 现代物流: the sector suffix is not part of the chain
                name, end = name[:-1], pos - 1
            parts = [p for p in (name, name[:len(name) - len(right) - 1] if joined else "") if p]
            in_vocab = any(end_ + 1 == len(p) for p in parts for end_, _ in v.industry_ac.iter(p))
            known = in_vocab or any(_INDUSTRY_END.search(p) for p in parts)
            sides = [name[:len(name) - len(right) - len(joined)], right] if joined else [name]
            if not known and any(len(sd) > 6 or _GENERIC_CHAIN_WORD.search(sd) or sd in v.regions for sd in sides):
                continue
            start = end - len(name)
            found.append((Mention("Chain", chain_name(name), start, end, text[start:end]), known, in_vocab,
                          name == item or name + "业" == item))
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
    words.update(HARD_WORDS)
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
        if c < s and not IS_HAN.match(text[c]):
            return None
        if c == 0:
            return c
        prev = text[c - 1]
        if not IS_HAN.match(prev):
            return None if prev.isascii() and prev.isalpha() else c
        if _STRICT_BOUND.search(text, max(0, c - 2), c):
            # 计划进军|新能源: a boundary word inside the span still cuts it
            inner = [k for k in range(s, c, -1) if bound.search(text, c, k)]
            return inner[0] if inner else c
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
    while k > 0 and text[k - 1] not in NAME_STOP and end - k < 40:
        k -= 1
    span = text[k:end]
    cut = 0
    for w in HARD_WORDS + SOFT_BOUND:
        p = span.rfind(w)
        if p >= 0:
            cut = max(cut, p + len(w))
    name = span[cut:]
    name = re.sub(r"^[\d\.]+[个家座所条项批类名]?", "", name)
    return name[-maxlen:] if len(name) > maxlen else name


def extend_known_chains(text: str, chains: list[Mention], ctx: ArticleContext) -> list[Mention]:
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
