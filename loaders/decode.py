"""Decoding article bytes strictly: BOM, UTF-8, a declared charset, UTF-16 without BOM, then detection.

Never decodes with errors ignored: undecodable, empty or binary input is an
`InputError` "<path>: <reason>".  GBK/GB2312 are read as their superset GB18030.
"""
from __future__ import annotations

import codecs
import re
from pathlib import Path

from graph.errors import InputError

# Share of control characters above which decoded text counts as binary.
_MAX_CONTROL_SHARE = 0.05
# Encodings charset-normalizer may name for Chinese text, mapped to their superset.
_ENCODING_ALIASES = {"gbk": "gb18030", "gb2312": "gb18030", "cp936": "gb18030", "hz": "gb18030",
                     "ascii": "utf-8"}
# Unicode category Cc (C0, DEL, C1) minus the whitespace controls \t \n \v \f \r.
_CONTROL = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x9f]")
_BOMS = (  # longest first: the UTF-32 LE BOM starts with the UTF-16 LE one
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_\-]+)""", re.IGNORECASE)


def decode_bytes(raw: bytes, path: Path | str = "<bytes>", *, declared: str | None = None) -> tuple[str, str]:
    """Decode file bytes strictly: BOM, then UTF-8, then a declared charset, then detection.

    Returns (text, encoding name).  Raises InputError for empty, binary or
    undecodable input.
    """
    if not raw:
        raise InputError(f"{path}: empty file")
    for bom, encoding in _BOMS:
        if raw.startswith(bom):
            return _check_text(_strict(raw[len(bom):], encoding, path), path), encoding + "-bom"
    if b"\x00" in raw:
        text = _utf16_without_bom(raw)
        if text is None:
            raise InputError(f"{path}: binary file (contains NUL bytes)")
        return _check_text(text[0], path), text[1]
    try:
        return _check_text(raw.decode("utf-8"), path), "utf-8"
    except UnicodeDecodeError:
        pass
    if declared:
        encoding = _canonical_encoding(declared)
        if encoding not in ("utf-8", "utf_8"):
            try:
                codecs.lookup(encoding)
            except LookupError:
                encoding = ""
            if encoding:
                return _check_text(_strict(raw, encoding, path), path), encoding
    encoding = _detect(raw, path)
    return _check_text(_strict(raw, encoding, path), path), encoding


def _strict(raw: bytes, encoding: str, path: Path | str) -> str:
    try:
        return raw.decode(encoding)
    except UnicodeDecodeError as exc:
        raise InputError(f"{path}: undecodable bytes for {encoding} at byte {exc.start}") from None
    except LookupError:
        raise InputError(f"{path}: unknown text encoding {encoding!r}") from None


def _detect(raw: bytes, path: Path | str) -> str:
    import charset_normalizer

    best = charset_normalizer.from_bytes(raw).best()
    if best is None:
        raise InputError(f"{path}: undecodable bytes (not UTF-8, UTF-16 or a known Chinese encoding)")
    return _canonical_encoding(best.encoding)


def _canonical_encoding(name: str) -> str:
    name = name.strip().lower().replace("-", "_") if name else ""
    try:
        name = codecs.lookup(name).name
    except LookupError:
        return name
    return _ENCODING_ALIASES.get(name, name)


def declared_charset(raw: bytes) -> str | None:
    m = _META_CHARSET.search(raw[:4096])
    return m.group(1).decode("ascii") if m else None


def _utf16_without_bom(raw: bytes) -> tuple[str, str] | None:
    """(text, encoding) when `raw` is UTF-16 without a BOM, else None (then it is binary).

    UTF-16 text has its NUL bytes (the high bytes of ASCII characters: newlines,
    digits) nearly all on odd offsets (little endian) or on even ones (big
    endian; a few CJK characters such as 一 U+4E00 put one on the other side), and
    decodes strictly to printable text that is mostly CJK and ASCII.
    """
    if len(raw) % 2:
        return None
    even, odd = raw[0::2].count(0), raw[1::2].count(0)
    if min(even, odd) * 4 > max(even, odd):
        return None
    encoding = "utf-16-le" if odd > even else "utf-16-be"
    try:
        text = raw.decode(encoding)
    except UnicodeDecodeError:
        return None
    sample = text[:65536]
    printable = sum(1 for c in sample if (c.isprintable() and not "\ue000" <= c <= "\uf8ff") or c.isspace())
    common = sum(1 for c in sample if c <= "\u007f" or "\u4e00" <= c <= "\u9fff" or "\u3000" <= c <= "\u303f"
                 or "\uff00" <= c <= "\uffef")
    plausible = printable >= 0.98 * len(sample) and common >= 0.5 * len(sample)
    return (text, encoding) if plausible else None


def _check_text(text: str, path: Path | str) -> str:
    if not text.strip():
        raise InputError(f"{path}: empty file (only whitespace)")
    if "\x00" in text:
        raise InputError(f"{path}: binary file (contains NUL characters)")
    sample = text[:65536]
    if len(_CONTROL.findall(sample)) > _MAX_CONTROL_SHARE * len(sample):
        raise InputError(f"{path}: binary file (mostly control characters)")
    return text
