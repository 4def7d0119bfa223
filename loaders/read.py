"""Reading: input paths -> `Article` records (decoded text, title, encoding).

Stage one of the pipeline.  Finds article files (.txt, .md, .html/.htm) in the
given paths, detects each file's encoding (BOM, then strict UTF-8, then
charset-normalizer; never decodes with errors ignored), strips markup from
Markdown and keeps only the main text of HTML.  Every unusable input becomes an
`InputError` whose message is one line "<path>: <reason>".

Article ids are file stems.  When several inputs share a stem, each of them
gets the id ``<stem>~<8 hex digits>``: the digits are the start of the SHA-1 of
the file's path relative to the deepest folder the colliding files have in
common (so the ids do not depend on where the corpus lives), and a warning
names the files.

Metadata (title, date, source address) comes from the article (HTML meta tags,
Markdown front matter) and from a sources file beside it (`loaders/meta.py`).
"""
from __future__ import annotations

import hashlib
import os
import re
import stat
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from graph.errors import InputError
from graph.model import Article, ArticleMeta

from . import meta as _meta
from .decode import decode_bytes, declared_charset

__all__ = ["ARTICLE_SUFFIXES", "DEFAULT_MAX_BYTES", "InputFile", "Inputs", "article_from_bytes", "decode_bytes",
           "find_inputs", "html_main_text", "markdown_text", "read_bytes", "read_file"]

TEXT_SUFFIXES = (".txt",)
MARKDOWN_SUFFIXES = (".md", ".markdown")
HTML_SUFFIXES = (".html", ".htm")
ARTICLE_SUFFIXES = TEXT_SUFFIXES + MARKDOWN_SUFFIXES + HTML_SUFFIXES
DEFAULT_MAX_BYTES = 20 * 1024 * 1024
# Nesting beyond which lxml's default HTML parser drops content (its limit is 255 levels).
_DEEP_HTML = 250
# lxml's limit even with huge_tree: deeper pages are refused with one line.
_MAX_HTML_DEPTH = 2000


@dataclass(frozen=True)
class InputFile:
    """An article file found in the inputs, with the article id it will get."""

    path: Path
    id: str
    meta: ArticleMeta | None = None  # from a sources file beside the article; wins over the article's own


@dataclass(frozen=True)
class Inputs:
    """What `find_inputs` found: article files in a stable order, bad paths, warnings."""

    files: tuple[InputFile, ...]
    errors: tuple[InputError, ...] = ()
    warnings: tuple[str, ...] = ()


def read_file(path: str | os.PathLike, *, article_id: str | None = None,
              max_bytes: int = DEFAULT_MAX_BYTES) -> Article:
    """Read one article file; InputError "<path>: <reason>" when it is unusable."""
    p = Path(path)
    _check_suffix(p)
    return article_from_bytes(p, read_bytes(p, max_bytes=max_bytes), article_id=article_id)


def article_from_bytes(path: str | os.PathLike, raw: bytes, *, article_id: str | None = None) -> Article:
    """Decode and de-markup the bytes of an article file; `path`'s suffix picks the format."""
    p = Path(path)
    suffix = _check_suffix(p)
    found = ArticleMeta()
    if suffix in HTML_SUFFIXES:
        text, encoding = decode_bytes(raw, p, declared=declared_charset(raw))
        found = _meta.html_meta(text)
        title, text = html_main_text(text, p)
    else:
        text, encoding = decode_bytes(raw, p)
        text = _normalize_newlines(text)
        if suffix in MARKDOWN_SUFFIXES:
            found, text = _meta.split_front_matter(text)
            title, text = markdown_text(text)
            title = found.title or title
        else:
            title = _first_line(text)
    if not text.strip():
        raise InputError(f"{p}: empty file (no text)")
    return Article(id=article_id or p.stem, path=str(p), text=text, title=title, encoding=encoding,
                   date=found.date or _meta.date_in_text(text), url=found.url)


def find_inputs(paths: Iterable[str | os.PathLike], *, exclude: Iterable[str | os.PathLike] = ()) -> Inputs:
    """Expand files and folders (recursively, sorted) into article files with unique ids.

    A named file must exist and have an article suffix; inside folders other
    files, hidden entries and the `exclude` folders (e.g. the build's output
    folder) are skipped.  The same file named twice is read once.
    """
    found: list[Path] = []
    errors: list[InputError] = []
    seen: set[Path] = set()
    tops: dict[Path, Path] = {}  # article -> the folder above which no sources file is looked for
    skip = frozenset(_real(e) for e in exclude)
    for raw in paths:
        p = Path(raw)
        for item in _expand(p, skip):
            if isinstance(item, InputError):
                errors.append(item)
                continue
            key = _real(item)
            if key not in seen:
                seen.add(key)
                found.append(item)
                tops[item] = (p if item != p else p.parent).parent
    files, warnings = _assign_ids(found)
    files, source_errors = _with_sources(files, tops)
    return Inputs(files=files, errors=tuple(errors) + source_errors, warnings=warnings)


def _with_sources(files: tuple[InputFile, ...], tops: dict[Path, Path]
                  ) -> tuple[tuple[InputFile, ...], tuple[InputError, ...]]:
    """Attach the metadata of the nearest sources file naming each article's id (or stem)."""
    loaded: dict[Path, dict[str, ArticleMeta]] = {}
    errors: list[InputError] = []

    def sources_in(folder: Path) -> dict[str, ArticleMeta]:
        if folder not in loaded:
            loaded[folder] = {}
            for name in _meta.SOURCES_FILES:
                candidate = folder / name
                if candidate.is_file():
                    try:
                        loaded[folder] = {**_meta.read_sources(candidate), **loaded[folder]}
                    except InputError as exc:
                        errors.append(exc)
        return loaded[folder]

    out = []
    for f in files:
        folder, top, meta = f.path.parent, tops[f.path], None
        while True:
            known = sources_in(folder)
            meta = meta or known.get(f.id) or known.get(f.path.stem)
            if meta is not None or folder == top or folder == folder.parent or not folder.is_relative_to(top):
                break
            folder = folder.parent
        out.append(InputFile(path=f.path, id=f.id, meta=meta) if meta else f)
    return tuple(out), tuple(errors)


def _real(p: str | os.PathLike) -> Path:
    """The canonical path; never raises (a symlink loop stays as it is and fails when read)."""
    return Path(os.path.realpath(p))


def markdown_text(text: str) -> tuple[str, str]:
    """Strip Markdown markup (headings, emphasis, links, images, code) -> (title, text)."""
    out: list[str] = []
    title = ""
    fence: str | None = None
    for line in text.split("\n"):
        stripped = line.strip()
        if fence is not None:  # inside a code block: drop it
            if stripped.startswith(fence):
                fence = None
            continue
        m = _MD_FENCE.match(stripped)
        if m:
            fence = m.group(1)
            continue
        if _MD_RULE.match(stripped):
            out.append("")
            continue
        heading = _MD_HEADING.match(stripped)
        if heading:
            stripped = heading.group(1)
            line = stripped
        line = _MD_QUOTE.sub("", line)
        line = _MD_LIST.sub("", line)
        line = _md_inline(line)
        if heading and not title:
            title = line.strip()
        out.append(line)
    body = "\n".join(out).strip("\n")
    return title or _first_line(body), body


def html_main_text(html: str, path: Path | str = "<html>") -> tuple[str, str]:
    """Main text of an HTML page via trafilatura (navigation, footers dropped) -> (title, text)."""
    import trafilatura

    options = {"include_comments": False, "include_tables": True, "with_metadata": True}
    try:
        doc = trafilatura.bare_extraction(html, **options)
        text = getattr(doc, "text", None) if doc is not None else None
        depth = html_depth(html) if not text or not text.strip() else 0
        if depth > _DEEP_HTML:
            if depth > _MAX_HTML_DEPTH:
                raise InputError(f"{path}: HTML nested {depth} levels deep (more than {_MAX_HTML_DEPTH}): "
                                 "its text cannot be read")
            doc = trafilatura.bare_extraction(_huge_tree(html), **options)  # lxml drops text past 255 levels
            text = getattr(doc, "text", None) if doc is not None else None
    except InputError:
        raise
    except Exception as exc:  # lxml raises several kinds on broken markup
        raise InputError(f"{path}: cannot parse HTML ({type(exc).__name__})") from None
    if not text or not text.strip():
        raise InputError(f"{path}: no main text found in HTML")
    title = (getattr(doc, "title", None) or "").strip()
    text = _normalize_newlines(text)
    if title and not text.lstrip().startswith(title):
        text = f"{title}\n\n{text}"  # the headline is part of the article (the cleaner sees it)
    return title or _first_line(text), text


_VOID_TAGS = frozenset("area base br col embed hr img input link meta param source track wbr".split())
_TAG = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9]*)[^>]*?(/?)>")


def html_depth(html: str) -> int:
    """The deepest element nesting of an HTML text (tags counted, void and self-closed ones skipped)."""
    depth = deepest = 0
    for m in _TAG.finditer(html):
        if m.group(2).lower() in _VOID_TAGS or m.group(3):
            continue
        depth = max(0, depth - 1) if m.group(1) else depth + 1
        deepest = max(deepest, depth)
    return deepest


def _huge_tree(html: str):
    import lxml.html

    parser = lxml.html.HTMLParser(huge_tree=True, collect_ids=False, default_doctype=False, remove_comments=True,
                                  remove_pis=True)
    return lxml.html.fromstring(html, parser=parser)


def read_bytes(p: Path, *, max_bytes: int = DEFAULT_MAX_BYTES) -> bytes:
    """The raw bytes of a regular file no larger than `max_bytes` (checked before reading)."""
    try:
        st = p.stat()
    except FileNotFoundError:
        raise InputError(f"{p}: no such file or directory") from None
    except OSError as exc:
        raise InputError(f"{p}: cannot access ({exc.strerror or exc})") from None
    if stat.S_ISDIR(st.st_mode):
        raise InputError(f"{p}: is a directory, not an article file")
    if not stat.S_ISREG(st.st_mode):
        raise InputError(f"{p}: not a regular file")
    if st.st_size > max_bytes:
        raise InputError(f"{p}: file too large ({_mb(st.st_size)}; the limit is {_mb(max_bytes)})")
    if st.st_size == 0:
        raise InputError(f"{p}: empty file")
    try:
        with open(p, "rb") as fh:
            raw = fh.read(max_bytes + 1)
    except PermissionError:
        raise InputError(f"{p}: permission denied") from None
    except OSError as exc:
        raise InputError(f"{p}: cannot read ({exc.strerror or exc})") from None
    if len(raw) > max_bytes:  # grew after stat
        raise InputError(f"{p}: file too large (more than {_mb(max_bytes)})")
    return raw


# --- helpers -----------------------------------------------------------------

def _expand(p: Path, skip: frozenset[Path]) -> Iterator[Path | InputError]:
    try:
        st = p.stat()
    except FileNotFoundError:
        yield InputError(f"{p}: no such file or directory")
        return
    except OSError as exc:
        yield InputError(f"{p}: cannot access ({exc.strerror or exc})")
        return
    if stat.S_ISDIR(st.st_mode):
        files = list(_walk(p, skip))
        if not files:
            yield InputError(f"{p}: no articles ({', '.join(ARTICLE_SUFFIXES)}) in this folder")
        yield from files
    else:
        try:
            _check_suffix(p)
        except InputError as exc:
            yield exc
            return
        yield p


def _walk(root: Path, skip: frozenset[Path]) -> Iterator[Path | InputError]:
    """Article files under `root`, depth first in sorted order; hidden and skipped folders left out.

    A folder that cannot be listed becomes one InputError (its articles are not silently dropped).
    """
    unreadable: list[OSError] = []
    for dirpath, dirnames, filenames in os.walk(root, onerror=unreadable.append, followlinks=False):
        while unreadable:
            yield _folder_error(unreadable.pop(0))
        dirnames[:] = sorted(d for d in dirnames
                             if not d.startswith(".") and not (skip and _real(Path(dirpath) / d) in skip))
        for name in sorted(filenames):
            if not name.startswith(".") and Path(name).suffix.lower() in ARTICLE_SUFFIXES:
                yield Path(dirpath) / name
    while unreadable:
        yield _folder_error(unreadable.pop(0))


def _folder_error(exc: OSError) -> InputError:
    reason = "permission denied" if isinstance(exc, PermissionError) else (exc.strerror or str(exc))
    return InputError(f"{exc.filename}: cannot read this folder ({reason}); its articles are skipped")


def _assign_ids(paths: list[Path]) -> tuple[tuple[InputFile, ...], tuple[str, ...]]:
    by_stem: dict[str, list[Path]] = defaultdict(list)
    for p in paths:
        by_stem[p.stem].append(p)
    ids: dict[Path, str] = {}
    warnings: list[str] = []
    for stem, group in sorted(by_stem.items()):
        if len(group) == 1:
            ids[group[0]] = stem
            continue
        resolved = [_real(g) for g in group]
        base = Path(os.path.commonpath([r.parent for r in resolved]))
        for g, r in zip(group, resolved):
            rel = r.relative_to(base).as_posix()
            ids[g] = f"{stem}~{hashlib.sha1(rel.encode('utf-8')).hexdigest()[:8]}"
        listing = ", ".join(f"{g} -> {ids[g]}" for g in group)
        warnings.append(f"{len(group)} inputs share the article id {stem!r}; kept all as {listing}")
    return tuple(InputFile(path=p, id=ids[p]) for p in paths), tuple(warnings)


def _check_suffix(p: Path) -> str:
    suffix = p.suffix.lower()
    if suffix not in ARTICLE_SUFFIXES:
        raise InputError(f"{p}: unsupported file type {suffix or '(none)'!r} "
                         f"(expected {', '.join(ARTICLE_SUFFIXES)})")
    return suffix


def _mb(n: int) -> str:
    return f"{n / (1024 * 1024):.1f} MB"


def _normalize_newlines(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _first_line(text: str) -> str:
    for line in text.split("\n"):
        if line.strip():
            return line.strip()[:200]
    return ""


_MD_FENCE = re.compile(r"^(`{3,}|~{3,})")
_MD_RULE = re.compile(r"^(?:[-*_]\s*){3,}$")
_MD_HEADING = re.compile(r"^#{1,6}\s+(.*?)\s*#*\s*$")
_MD_QUOTE = re.compile(r"^\s*(?:>\s?)+")
_MD_LIST = re.compile(r"^\s*(?:[-*+]|\d+[.)])\s+")
_MD_IMAGE = re.compile(r"!\[[^\]\n]*\]\([^)\n]*\)")
_MD_LINK = re.compile(r"\[([^\]\n]*)\]\([^)\n]*\)")
_MD_REF_LINK = re.compile(r"\[([^\]\n]*)\]\[[^\]\n]*\]")
_MD_REF_DEF = re.compile(r"^\s*\[[^\]\n]+\]:\s+\S+.*$")
_MD_STRONG = re.compile(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1")
_MD_EM = re.compile(r"(?<![\w*])\*(?=\S)([^*\n]+?)(?<=\S)\*(?!\*)|(?<![\w_])_(?=\S)([^_\n]+?)(?<=\S)_(?![\w_])")
_MD_CODE = re.compile(r"`([^`\n]*)`")
_MD_STRIKE = re.compile(r"~~(.+?)~~")
_MD_TAG = re.compile(r"</?[A-Za-z][^>\n]*>")


def _md_inline(line: str) -> str:
    if _MD_REF_DEF.match(line):
        return ""
    line = _MD_IMAGE.sub("", line)
    line = _MD_LINK.sub(r"\1", line)
    line = _MD_REF_LINK.sub(r"\1", line)
    line = _MD_CODE.sub(r"\1", line)
    line = _MD_STRONG.sub(r"\2", line)
    line = _MD_EM.sub(lambda m: m.group(1) or m.group(2) or "", line)
    line = _MD_STRIKE.sub(r"\1", line)
    return _MD_TAG.sub("", line)
