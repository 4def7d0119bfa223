"""Policy documents (PolicyDocument): 《titles》 (newspapers excluded) and unquoted titles after an
issuing verb (印发X实施方案), with per-article abbreviations.
"""
from __future__ import annotations

import re

from loaders.entities.bounds import HAN
from loaders.entities.context import Mention
from loaders.vocab import excluded

_TITLE = re.compile(r"《([^《》]{2,120})》")
_DOC_SUFFIX = r"(办法|条例|方案|意见|纲要|指南|规划|计划|通知|规定|细则|规范|规程|决定|措施|政策|标准|指引|报告|公约|法)"
_UNQUOTED_DOC = re.compile(rf"(制定实施|制定出台|印发实施|出台实施|印发了|出台了|制定了|出台|印发|制定|修订|发布|签署)"
                           rf"([{HAN}]{{4,24}}?{_DOC_SUFFIX})(?=[,，。;；、和]|$)")
_NOTICE_UNQUOTED = re.compile(rf"关于(?:印发|转发|发布|公布)([{HAN}、()（）\d—-]{{4,60}}?{_DOC_SUFFIX})的(通知|通告|公告)")
_YEARS = re.compile(r"(\d{4})\s*[—–－~～-]{1,2}\s*(\d{4})")
_NOTICE = re.compile(r"关于(?:印发|转发|发布|公布)《[^《》]{2,80}》的(通知|通告|公告|批复)")
# a title quoted inside a title: 《…关于印发〈X〉的通知》; a misplaced bracket <关于…纲要>的实施意见 closes late
_INNER = re.compile(rf"[〈<]([^〈〉<>]{{2,80}})[〉>](的(?:实施意见|实施方案|通知))?")
# evaluative words that open a generic phrase after 制定 / 出台, not a title (高含金量…措施, 高水平…办法)
_GENERIC_TITLE = re.compile(r"^(高含金量|高水平|高质量|先进|相关|有关|各项|一批|多项)|政策文件")


def find_documents(text: str, abbreviations: dict) -> list[Mention]:
    """《Title》 documents (not newspapers); `(以下简称《X》)` abbreviations; unquoted titles after 出台/印发."""
    out = []
    for m in _TITLE.finditer(text):
        title = _YEARS.sub(r"\1-\2", m.group(1).strip())  # (2023—2025年) and (2023-2025年): one title
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
        if kind and title != kind.group(1):
            abbreviations[kind.group(1)] = title  # a later 《通知》 is the last 通知 named
        for inner in _INNER.finditer(m.group(1)):
            name = inner.group(1)
            if name.startswith("关于") or not re.search(_DOC_SUFFIX + "$", re.sub(r"[(（][^()（）]*[)）]$", "", name)):
                name += inner.group(2) or ""
            if re.search(_DOC_SUFFIX + "$", re.sub(r"[(（][^()（）]*[)）]$", "", name)) and not excluded(name):
                a = m.start(1) + inner.start()
                out.append(Mention("PolicyDocument", name, a, m.start(1) + inner.end(), inner.group(0)))
    # the notice that carries a quoted document: 关于印发《X》的通知 (a document of its own, issued by the signers)
    for m in _NOTICE.finditer(text):
        if not any(d.start < m.start() < d.end for d in out):
            out.append(Mention("PolicyDocument", m.group(0), m.start(), m.end(), m.group(0), kind=m.group(1)))
    for m in _NOTICE_UNQUOTED.finditer(text):  # 关于印发X实施方案的通知: the notice and the document it carries
        if not any(d.start <= m.start() < d.end or m.start() <= d.start < m.end() for d in out):
            out.append(Mention("PolicyDocument", m.group(0), m.start(), m.end(), m.group(0), kind=m.group(3)))
            out.append(Mention("PolicyDocument", m.group(1), m.start(1), m.end(1), m.group(1), kind=m.group(2)))
    for m in _UNQUOTED_DOC.finditer(text):
        title = m.group(2)
        if any(d.start <= m.start(2) < d.end or m.start(2) <= d.start < m.end(2) for d in out) or \
                _GENERIC_TITLE.search(title) or \
                re.search(r"(相关|有关|各项|一批|多项)", title) or m.group(3) in ("标准", "政策"):
            continue  # an unquoted 标准 / 政策 after 制定 is a generic phrase
        if re.match(r"(了|并|和)", title):
            continue
        out.append(Mention("PolicyDocument", title, m.start(2), m.end(2), title, kind=m.group(3)))
    return out
