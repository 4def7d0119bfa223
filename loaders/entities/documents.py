"""Policy documents (PolicyDocument): 《titles》 (newspapers excluded) and unquoted titles after an
issuing verb (印发X实施方案), with per-article abbreviations.
"""
from __future__ import annotations

import re

from loaders.entities.bounds import HAN
from loaders.entities.context import Mention
from loaders.vocab import excluded

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
