"""Cleaning stage: drop site boilerplate and pinyin noise, fold script, split sentences."""
from __future__ import annotations

import re
from functools import lru_cache

from graph.model import Article, Document, Sentence
from loaders.normalize import data_lines, fold

MAX_SENTENCE = 1000  # characters; longer runs are cut so pathological lines stay fast

# "產(chǎn)" -> "產": toneful pinyin in brackets right after a Han character.
_PINYIN = re.compile(r"(?<=[\u3400-\u9fff])[(（]([a-zü]*[āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ][a-zü]*)[)）]")
_END = "。！？；!?;"
# a body line (it has clause punctuation, is long) that stops on a Han character mid-sentence
_BROKEN_LINE = re.compile(r"^(?=.{20,}$)(?=.*[，,、]).*[\u3400-\u9fff]$")
_IS_HAN = re.compile(r"[\u3400-\u9fff]")
_CLOSE = "”’」』)）》\"'"
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]")


@lru_cache(maxsize=1)
def _boilerplate() -> re.Pattern:
    return re.compile("|".join(f"(?:{p})" for p in data_lines("boilerplate.txt")))


def strip_pinyin(text: str) -> str:
    """Remove inline pinyin annotations such as `產(chǎn)業(yè)` -> `產業`."""
    return _PINYIN.sub("", text)


def clean_text(text: str) -> str:
    """Article text without boilerplate lines, pinyin noise and control characters."""
    text = _CONTROL.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))
    text = _BRACKET_SPACE.sub("", strip_pinyin(text))
    bp = _boilerplate()
    lines = []
    for ln in text.split("\n"):
        s = ln.strip()
        # a boilerplate line is short; an article scraped onto one line is not dropped for its footer
        if not s or (len(s) <= MAX_SENTENCE and bp.search(s)):
            continue
        if lines and (_BROKEN_LINE.search(lines[-1]) and _IS_HAN.match(s) or _open_title(lines[-1], s)):
            lines[-1] += s  # a scraped line broken inside a sentence (长沙\n基地) or inside a 《title》
        else:
            lines.append(s)
    return "\n".join(lines)


# a stray space at a bracket inside a name: 中国 (绵阳)科技城…
_BRACKET_SPACE = re.compile(r"(?<=[\u3400-\u9fff])[ \u3000]+(?=[(（])|(?<=[)）])[ \u3000]+(?=[\u3400-\u9fff])")


def _open_title(prev: str, line: str) -> bool:
    """A heading broken inside a 《title》: the previous line leaves 《 open and the title goes on here."""
    return prev.count("《") > prev.count("》") and len(prev) + len(line) <= 200 and "《" not in line


def split_sentences(text: str) -> list[tuple[int, int, int]]:
    """(start, end, paragraph) spans of sentences: ends at 。！？；!? (plus closing quotes) and newlines."""
    spans: list[tuple[int, int, int]] = []
    para = 0
    start = 0
    n = len(text)
    i = 0
    while i < n:
        ch = text[i]
        if ch == "\n":
            if i > start:
                spans.append((start, i, para))
            para += 1
            start = i + 1
        elif ch in _END:
            j = i + 1
            while j < n and text[j] in _CLOSE:
                j += 1
            spans.append((start, j, para))
            start = j
            i = j
            continue
        elif i - start >= MAX_SENTENCE:
            cut = i
            for k in range(i, max(start, i - 200), -1):  # prefer a comma near the cap
                if text[k] in ",，、":
                    cut = k + 1
                    break
            spans.append((start, cut, para))
            start = cut
            i = cut
            continue
        i += 1
    if start < n:
        spans.append((start, n, para))
    out = []
    for s, e, p in spans:
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        if e > s:
            out.append((s, e, p))
    return out


def clean(article: Article) -> Document:
    """Turn an `Article` into a `Document`: cleaned text (original script) and folded sentences."""
    text = clean_text(article.text)
    folded = fold(text)  # whole document at once: same length as `text`, so sentence offsets carry over
    sentences = tuple(
        Sentence(index=k, text=text[s:e], folded=folded[s:e], paragraph=p)
        for k, (s, e, p) in enumerate(split_sentences(text))
    )
    title = article.title.strip() or next((ln for ln in text.split("\n") if ln.strip()), "")
    return Document(id=article.id, title=title, text=text, sentences=sentences, path=article.path)
