"""ISSUED as official notices state it: the organs named right before a title ("省委、省政府《…》"),
the organs heading a notice's own title ("A、B关于印发〈X〉的通知"), bare regions in a counted co-issuer
list (a province joined with other provinces named bare and counted, "N省市", before an issuing verb) and
the signature block at the end of a notice (one
body per line, then the date): every signing body issues the documents the notice issues.
"""
from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import replace

from graph.model import Document
from loaders.entities import Mention
from loaders.entities.context import listed_items
from loaders.entities.organs import find_governments
from loaders.relations.frame import ACTOR_TYPES, Frame
from loaders.relations.issued import Hit, co_issuers
from loaders.relations.words import compiled, trigger_re, words
from loaders.vocab import vocab

_NOTICE = re.compile(r"(通知|通告|公告|函|决定|批复)$")
_NOTICE_HEAD = re.compile(r"^(.{2,80}?)(?:等\d*个?(?:部门|部委|厅局|单位))?(?:关于|(?:联合)?(?:印发|转发|发布))")
_NOTICE_TAIL = re.compile(r"的?(通知|通告|公告|函|决定|批复)$")
_INNER = re.compile(r"[〈<《]([^〈<《〉>》]{4,80})[〉>》]")
_YEAR_DASH = re.compile(r"(?<=\d)\s*[—–－~～-]{1,2}\s*(?=\d)")
_DATE_LINE = re.compile(r"^\s*\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日\s*$")
_BARE_LIST = re.compile(r"(?:联合|会同|与|和)((?:[\u4e00-\u9fff]{2,4}[、和及与])+[\u4e00-\u9fff]{2,4}?)"
                        r"(?:等?[\d一二三四五六七八九十两]+个?(?:省市|省区|省份|城市|区县|县区|县市|省|市|地))")
_BY = re.compile(r"(?:\([^()]{0,30}\))?(?:是|系|已|正式)?由")
_JOINED_BY = re.compile(r"[、和及与]|以及|会同|联合|牵头(?:会同|联合)?")
# "A关于印发《X》的通知各市人民政府,各有关单位:": a notice title run on into its addressee line
_TITLE_THEN_ADDRESSEE = re.compile(r"^(.{6,100}?(?:通知|通告|公告|决定|批复))(?=各[^。]{0,80}[:：]$)")
_SELF = re.compile(r"(我局|我委|我厅|我部|我们|本局|现将|现|特)$")


def issued_organs_before_title(f: Frame) -> Iterator[Hit]:
    """"中共中央、国务院《质量强国建设纲要》": the organs written right before a title issued it."""
    t = f.folded
    govs = f.of_type("GovernmentBody", free=True)
    for d in f.of_type("PolicyDocument"):
        last = next((g for g in govs if g.end == d.start or g.end == d.start - 1 and t[g.end] == "的"), None)
        if last is None:
            continue
        for g in co_issuers(t, last, f.mentions):
            yield "ISSUED", g, d, "issued.organ_before_title", 0.8


def issued_in_notice_title(f: Frame) -> Iterator[Hit]:
    """"A、B关于印发〈X〉的通知": A and B issue the notice and the document X it issues."""
    for d in f.of_type("PolicyDocument"):
        if not _NOTICE.search(d.name):
            continue
        head = _NOTICE_HEAD.match(d.name)
        if not head:
            continue
        inner = [x for x in f.of_type("PolicyDocument") if x is not d and d.start <= x.start < d.end]
        for m in _INNER.finditer(d.name, head.end()):
            # "印发<关于贯彻落实X>的实施意见的通知": the marks close early, the title runs to 的通知
            rest = _NOTICE_TAIL.sub("", d.name[m.end():])
            name = m.group(1) + rest if rest.startswith("的") and not _INNER.search(rest) else m.group(1)
            if not any(_same_title(x.name, name) for x in inner):
                inner.append(Mention("PolicyDocument", name, d.start, d.start, name, region=d.region,
                                     inside=d.name))  # zero width: the notice's text is not its alias
        for g in find_governments(head.group(1), replace(f.here)):
            g = Mention(g.type, g.name, d.start, d.start, g.surface, kind=g.kind, region=g.region, inside=d.name)
            for x in [d] + inner:
                if x not in f.mentions:
                    f.mentions.append(x)
                if g not in f.mentions:
                    f.mentions.append(g)
                yield "ISSUED", g, x, "issued.notice_title", 0.8


def _same_title(a: str, b: str) -> bool:
    """Two spellings of one title: year ranges written with any dash ((2021—2035年) = (2021-2035年))."""
    return _YEAR_DASH.sub("-", a) == _YEAR_DASH.sub("-", b)


def issued_passive_by(f: Frame) -> Iterator[Hit]:
    """"《X》由A(会同B、C等部门)(牵头)制定": A and the bodies joined to it issue X."""
    t = f.folded
    govs = sorted(f.of_type("GovernmentBody", free=True), key=lambda g: g.start)
    for d in f.of_type("PolicyDocument", free=True):
        m = _BY.match(t, d.end)
        if not m:
            continue
        who = []
        pos = m.end()
        for g in govs:
            if g.start == pos or who and g.start > pos and _JOINED_BY.fullmatch(t, pos, g.start):
                who.append(g)
                pos = g.end
            elif g.start > pos:
                break
        _, hi = f.clause_span(f.clause_of(pos))
        if who and compiled(r"(?:等\d*个?(?:部门|单位|部委|厅局))?(?:牵头|共同|联合|组织)?(?:{words})", "ISSUED").match(t, pos, hi):
            for g in who:
                yield "ISSUED", g, d, "issued.passive_by", 0.8


def issued_bare_region_list(f: Frame) -> Iterator[Hit]:
    """"A省(人民政府)联合B、C、D三省市共同制定《X》": A and the governments of the regions listed issue X."""
    t = f.folded
    docs = f.of_type("PolicyDocument")
    issuing = trigger_re("ISSUED")
    regions = vocab().regions
    for m in re.finditer("联合|会同|与|和", t):
        lm = _BARE_LIST.match(t, m.start())
        if not lm:
            continue
        _, hi = f.clause_span(f.clause_of(lm.end()))
        verb = issuing.search(t, lm.end(), hi)
        targets = [d for d in docs if verb and verb.end() <= d.start < hi]
        lead = next((g for g in f.of_type("GovernmentBody", free=True) if g.end == m.start()), None) or \
            _region_government(t, m.start() - 6, m.start(), regions)
        if not targets or lead is None:
            continue
        govs = [lead]
        for pos, item in listed_items(t, lm.start(1), re.split(r"[、和及与]", lm.group(1))):
            gov = _region_government(t, pos, pos + len(item), regions)
            if gov is not None:
                govs.append(gov)
        for g in govs:
            if g not in f.mentions:
                f.mentions.append(g)
            for d in targets:
                yield "ISSUED", g, d, "issued.bare_region_list", 0.75


def _region_government(t: str, lo: int, hi: int, regions: dict) -> Mention | None:
    """The government of the longest province/city name ending at `hi` (start >= `lo`)."""
    for s in range(max(lo, 0), hi - 1):
        r = regions.get(t[s:hi])
        if r is not None and r.level in ("province", "city"):
            return Mention("GovernmentBody", r.name + "人民政府", s, hi, t[s:hi], kind="人民政府", region=r.name)
    return None


def signature_blocks(doc: Document, per_sentence: list[list[Mention]]) -> Iterator[tuple]:
    """Article-level: a run of lines that are each one government body, closed by a date line, signs the
    notice. Each signer issues the documents the notice issues (title, "现将《X》印发", "制定《X》")."""
    sents = doc.sentences
    for i, s in enumerate(sents):
        if not _DATE_LINE.match(s.folded):
            continue
        signers = []
        j = i - 1
        while j >= 0:
            line = sents[j].folded.strip()
            if not line or len(line) > 40 or re.search(r"[,，。;；:：!?！？]", line):
                break
            signer = _line_body(per_sentence[j], sents[j].folded.rstrip())
            if signer is not None:
                signers.insert(0, (signer, sents[j].text.strip()))
            j -= 1
        if not signers:
            continue
        title = _notice_title(sents, per_sentence)
        for d in _issued_by_notice(sents, per_sentence, j + 1) + ([title] if title else []):
            for g, line in signers:
                yield ("ISSUED", g, d, "issued.signature_block", 0.85), f"{line} {s.text.strip()}", i


def _notice_title(sents, per_sentence) -> Mention | None:
    """The notice a signed text is: its opening lines before the addressee line ("各市人民政府:"), when they
    read as a notice title ("A等N部门关于印发《X》的通知"). Added to the first sentence's mentions."""
    lines: list[str] = []
    for k, s in enumerate(sents[:4]):
        line = s.folded.strip()
        run_on = _TITLE_THEN_ADDRESSEE.match(line)
        if run_on:  # the title's lines and the addressee line were read as one sentence
            line = run_on.group(1)
        elif not line or "。" in line or line.endswith((":", "：")) or len(line) > 80:
            break
        lines.append(line)
        title = "".join(lines).replace("《", "〈").replace("》", "〉")  # a title inside the notice's title
        if _NOTICE.search(title) and ("关于" in title or "印发" in title):
            found = next((d for d in per_sentence[0] if d.type == "PolicyDocument" and
                          title.endswith(d.name.replace("《", "〈").replace("》", "〉"))), None)
            if found is None:
                found = Mention("PolicyDocument", title, 0, 0, title, kind=_NOTICE.search(title).group(1))
                per_sentence[0].append(found)
            return found
        if run_on:
            break
    return None


def _line_body(ms: list[Mention], line: str) -> Mention | None:
    """The body a signature line names: the line is government bodies end to end ("国家税务总局X省税务局"
    reads as the last, most specific one)."""
    govs = sorted((g for g in ms if g.type == "GovernmentBody"), key=lambda g: g.start)
    pos = 0
    for g in govs:
        if g.start != pos:
            return None
        pos = g.end
    return govs[-1] if govs and pos == len(line) else None


def _issued_by_notice(sents, per_sentence, end: int) -> list[Mention]:
    """Documents the notice text before `end` issues: named with an issuing verb and no other actor, or in
    a notice title."""
    verbs = words("ISSUED")
    out: list[Mention] = []
    for k in range(end):
        t = sents[k].folded
        for d in per_sentence[k]:
            if d.type != "PolicyDocument" or d in out:
                continue
            lo = max(t.rfind(c, 0, d.start) for c in ",，;；。") + 1
            clause = t[lo:d.start]
            verb = max((clause.rfind(w) for w in verbs), default=-1)
            named = [g for g in per_sentence[k] if g.type in ACTOR_TYPES and lo <= g.start < d.start]
            title = k < 3 and d.start == 0 and _NOTICE.search(d.name) and "印发" in d.name
            if (verb >= 0 and not named) or _SELF.search(clause) or re.match(r"^[^,，。]{0,6}印发给", t[d.end:]) \
                    or title:
                out.append(d)
    return out
