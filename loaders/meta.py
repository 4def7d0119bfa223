"""Article metadata: title, date and source address from the article itself or a sources file.

Where they come from, first found wins per field:
1. a ``sources.json`` / ``sources.csv`` in the article's folder or a folder above
   it (up to the folder above the input named on the command line): a JSON list
   of objects with ``id`` (the file stem), ``title``, ``date``, ``url`` (the format
   of shared/realdev/sources.json; other keys are ignored), or a CSV with a
   header row naming those columns;
2. the article: HTML ``<meta>`` tags (og:title, article:published_time, PubDate …,
   ``<link rel="canonical">``, og:url) or Markdown front matter (``---`` block of
   ``key: value`` lines); else a labelled date line near the top of the text
   (发布时间:2025/10/03, 发布日期:2024-04-28), given as YYYY-MM-DD.
Only http(s) addresses are kept as `url` (a ``javascript:`` link from an untrusted
page must never become a link in a view).
"""
from __future__ import annotations

import csv
import io
import json
import re
from html.parser import HTMLParser
from pathlib import Path

from graph.errors import InputError
from graph.model import ArticleMeta

SOURCES_FILES = ("sources.json", "sources.csv")
_MAX_FIELD = 500  # characters kept of a title, date or url
# <meta> names/properties giving the publication date, best first.
_DATE_KEYS = ("article:published_time", "og:published_time", "datepublished", "pubdate", "publishdate",
              "publish_date", "publishtime", "dc.date.issued", "dc.date", "dcterms.date", "date",
              "citation_publication_date", "sailthru.date")
_URL_KEYS = ("og:url", "url")
_TITLE_KEYS = ("og:title", "articletitle", "dc.title")
_FRONT_MATTER = re.compile(r"\A(?:\ufeff)?---[ \t]*\n(.*?)\n(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.S)
_FRONT_LINE = re.compile(r"^([A-Za-z_][\w-]*)\s*:\s*(.*?)\s*$")
_FRONT_KEYS = {"title": "title", "date": "date", "published": "date", "pubdate": "date", "url": "url",
               "source": "url", "link": "url", "canonical": "url", "source_url": "url"}


def web_url(value: str | None) -> str | None:
    """`value` when it is an absolute http(s) address, else None."""
    v = _field(value)
    return v if v and re.match(r"https?://[^\s/]", v, re.I) else None


def _field(value) -> str | None:
    if value is None:
        return None
    v = " ".join(str(value).split())
    return v[:_MAX_FIELD] or None


class _HeadMeta(HTMLParser):
    """Collects <meta name|property|itemprop=… content=…> and <link rel=canonical> up to <body>."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.meta: dict[str, str] = {}
        self.canonical: str | None = None
        self.done = False

    def handle_starttag(self, tag, attrs):
        a = {k.lower(): (v or "") for k, v in attrs if k}
        if tag == "body":
            self.done = True
        elif tag == "meta":
            key = (a.get("property") or a.get("name") or a.get("itemprop") or "").strip().lower()
            if key and "content" in a:
                self.meta.setdefault(key, a["content"])
        elif tag == "link" and "canonical" in a.get("rel", "").lower().split() and self.canonical is None:
            self.canonical = a.get("href")


def html_meta(html: str) -> ArticleMeta:
    """Title, date and url from an HTML page's head (meta tags, canonical link)."""
    parser = _HeadMeta()
    head = html[:200_000]
    end = re.search(r"<body[\s>]", head, re.I)
    try:
        parser.feed(head[:end.start()] if end else head)
        parser.close()
    except Exception:  # markup too broken to read tags from: no metadata, the text is still read
        return ArticleMeta()
    meta = parser.meta
    pick = lambda keys: next((_field(meta[k]) for k in keys if _field(meta.get(k))), None)  # noqa: E731
    url = web_url(parser.canonical) or next((web_url(meta[k]) for k in _URL_KEYS if web_url(meta.get(k))), None)
    return ArticleMeta(title=pick(_TITLE_KEYS) or "", date=pick(_DATE_KEYS), url=url)


def split_front_matter(text: str) -> tuple[ArticleMeta, str]:
    """Markdown front matter (``---`` … ``---`` at the top) -> (its title/date/url, the text without it)."""
    m = _FRONT_MATTER.match(text)
    if not m:
        return ArticleMeta(), text
    found: dict[str, str] = {}
    for line in m.group(1).split("\n"):
        kv = _FRONT_LINE.match(line)
        if kv and kv.group(1).lower() in _FRONT_KEYS:
            value = kv.group(2)
            if len(value) >= 2 and value[0] == value[-1] and value[0] in "'\"":
                value = value[1:-1]
            found.setdefault(_FRONT_KEYS[kv.group(1).lower()], value)
    meta = ArticleMeta(title=_field(found.get("title")) or "", date=_field(found.get("date")),
                       url=web_url(found.get("url")))
    return meta, text[m.end():]


_DATE_LINE = re.compile(r"(?:发布时间|发布日期|发表时间|发文日期|成文日期|日期)\s*[::]\s*"
                        r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})(?!\d)")
_DATE_LINES = 8  # a publication date line sits under the headline, not in the body


def date_in_text(text: str) -> str | None:
    """A labelled publication date in the first lines of `text` ("发布时间:2025/10/03" -> "2025-10-03")."""
    lines = [ln for ln in text.split("\n", 64)[:64] if ln.strip()][:_DATE_LINES]
    for line in lines:
        m = _DATE_LINE.search(line)
        if m and 1 <= int(m.group(2)) <= 12 and 1 <= int(m.group(3)) <= 31:
            return f"{m.group(1)}-{int(m.group(2)):02d}-{int(m.group(3)):02d}"
    return None


def merge(first: ArticleMeta | None, then: ArticleMeta) -> ArticleMeta:
    """Per field, `first`'s value when it has one, else `then`'s."""
    if first is None:
        return then
    return ArticleMeta(title=first.title or then.title, date=first.date or then.date, url=first.url or then.url)


def read_sources(path: Path) -> dict[str, ArticleMeta]:
    """{article id: metadata} of a sources.json / sources.csv; InputError "<path>: <reason>" if unusable."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise InputError(f"{path}: cannot read sources file ({exc.strerror or exc})") from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise InputError(f"{path}: sources file is not UTF-8 text") from None
    rows = _json_rows(text, path) if path.suffix.lower() == ".json" else _csv_rows(text, path)
    out: dict[str, ArticleMeta] = {}
    for i, row in enumerate(rows, start=1):
        if not isinstance(row, dict) or not _field(row.get("id")):
            raise InputError(f"{path}: entry {i} has no 'id' (expected objects with id, title, date, url)")
        out.setdefault(_field(row["id"]), ArticleMeta(title=_field(row.get("title")) or "",
                                                      date=_field(row.get("date")), url=web_url(row.get("url"))))
    return out


def _json_rows(text: str, path: Path) -> list:
    try:
        doc = json.loads(text)
    except ValueError as exc:
        raise InputError(f"{path}: sources file is not valid JSON ({exc})") from None
    if isinstance(doc, dict):  # {"id": {...}} is accepted too
        doc = [{**v, "id": k} if isinstance(v, dict) else v for k, v in doc.items()]
    if not isinstance(doc, list):
        raise InputError(f"{path}: sources file must hold a JSON list of objects with id, title, date, url")
    return doc


def _csv_rows(text: str, path: Path) -> list:
    try:
        reader = csv.DictReader(io.StringIO(text))
        rows = [{(k or "").strip().lower(): v for k, v in row.items()} for row in reader]
    except csv.Error as exc:
        raise InputError(f"{path}: sources file is not valid CSV ({exc})") from None
    if reader.fieldnames is None or "id" not in {f.strip().lower() for f in reader.fieldnames}:
        raise InputError(f"{path}: sources.csv needs a header row with an 'id' column")
    return rows
