"""Name boundaries shared by the entity families: where a name starts inside running text.

Chinese text has no spaces, so every family cuts a candidate span at verbs, prepositions and
role words (`HARD_WORDS`, `SOFT_BOUND`) and at an organ name (`organ_re`) before it.
"""
from __future__ import annotations

import re
from functools import lru_cache

from loaders.normalize import data_lines
from loaders.vocab import name_affixes, vocab

HAN = r"\u3400-\u9fff"
IS_HAN = re.compile(f"[{HAN}]")
NAME_STOP = set(",，。;；:：、!！?？《》“”\"' \u3000()（）[]【】")
SOFT_BOUND = ("的", "在", "由", "与", "和", "及", "对", "向", "把", "将", "被", "为", "是", "了", "从", "于", "以",
              "等", "到", "让", "使", "给", "跟", "或", "并", "且", "也", "还", "又", "即", "着")
HARD_WORDS = ("建设运行", "有限公司", "共同建设", "共同组建", "共建", "合建", "牵头成立", "牵头打造", "牵头建设", "主要成员单位", "成员单位", "牵头单位", "龙头企业",
              "链主企业", "链员企业", "链上企业", "配套企业", "骨干企业", "领军企业", "建成了", "成立了", "建成", "成立", "组建", "打造", "设立", "推出", "创建", "构建",
              "搭建", "筹建", "建立", "启动", "依托", "推动", "推进", "完成", "加快", "发挥", "获批", "通过", "应用",
              "参加", "加入", "联合", "会同", "入驻", "拥有", "共有", "其中", "包括", "例如", "比如", "作为",
              "牵头", "主导", "首个", "首家", "一座", "一批", "率先", "引进", "引入", "入选", "确定为", "获评", "评为",
              "成为", "支持", "培育", "带动", "开展", "实施", "承担", "位于", "于一体", "全市", "全省",
              "全国", "国内", "规模化", "加大", "加强", "嵌入", "研发", "引导", "助力", "推荐",
              "继续", "强化", "形成", "实现", "聚焦", "围绕", "针对", "面向", "覆盖", "赋能",
              "指导", "积极", "大力", "全力", "深入", "设置", "新建", "累计", "规划", "地区", "培育了", "任", "任务")
LEADING_VERBS = ("服务", "赋能", "提升", "集成", "运行", "组织", "应用", "建设", "推进", "开展", "整合", "组成", "结合", "放眼", "融入", "赋予", "引领", "依托")


@lru_cache(maxsize=1)
def organ_re() -> re.Pattern:
    """Any organ suffix of `organ_suffixes.tsv` (市场监督管理局, 人民政府, 经信局 …)."""
    return re.compile("|".join(re.escape(t[0]) for t in vocab().organ_suffixes))


def name_char_ok(ch: str) -> bool:
    """A character that can be part of a platform name (Han, Latin/digits, + - /, quotes, brackets)."""
    return bool(IS_HAN.match(ch)) or ch.isascii() and (ch.isalnum() or ch in "+-/") or ch in "“”()（）"


@lru_cache(maxsize=1)
def _bound_ac():
    import ahocorasick

    ac = ahocorasick.Automaton()
    # left affixes (吸纳, 带动 …) cut platform names too; 组织 may end a name (国际标准化组织…委员会)
    for w in set(HARD_WORDS + SOFT_BOUND + tuple(w for w in name_affixes()["left"] if w != "组织")):
        ac.add_word(w, len(w))
    ac.make_automaton()
    return ac


_NATIONAL_NAME = re.compile(r"(国家|中国)")
_NATIONAL_STOP = re.compile(r"(建成|组建|成立|打造|设立|推出|依托|获批|的|在|由|为|对|将|把|是|与其|联合|会同|等|共同|推动|和)")


@lru_cache(maxsize=1)
def _areas() -> tuple[str, ...]:
    """Multi-region area names of `areas.txt`."""
    return tuple(w.strip() for w in data_lines("areas.txt"))


def _bound_at(span: str, pos: int) -> bool:
    """Does a boundary word end right at `pos`?"""
    return any(end + 1 == pos for end, _ln in _bound_ac().iter(span[:pos]))


def industries_at(text: str, pos: int) -> list[str]:
    """Industry vocabulary words starting at `pos`."""
    return [w for end, (ln, w) in vocab().industry_ac.iter(text, pos, min(len(text), pos + 12)) if end + 1 - ln == pos]


def cut_left(span: str, keep: int = 1) -> int:
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
            not vocab().platform_kind_re.search(span, nat[-1], cut) and not organ_re().search(span, nat[-1], cut):
        cut = nat[-1]
    for w in LEADING_VERBS:
        if span[cut:].startswith(w) and len(span) - cut - len(w) > keep and \
                not any(span.startswith(i, cut) for i in industries_at(span, cut)):
            cut += len(w)
    # a multi-region area opening the name is part of it: 京津冀地区|计量测试中心
    for area in _areas():
        a = span.rfind(area, 0, cut + 1)
        if a >= 0 and a + len(area) == cut and (a == 0 or _bound_at(span, a)):
            cut = a
            break
    # a closing bracket not opened inside the name is a boundary: 园区(企业)基层服务站
    close = max(span.rfind(")"), span.rfind("）"))
    if close >= cut and "(" not in span[cut:close] and "（" not in span[cut:close]:
        cut = close + 1
    return cut
