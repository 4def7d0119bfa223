"""Name folding, once for the whole project: the key under which two spellings of a name are the same.

`fold_name` is width-, script-, variant-, case- and quote-insensitive; loaders uses it for
resolution keys and graph/lookup.py for finding nodes by what a user types.  The shared
vocabularies it stands on (variant characters, general aliases) live beside it in
`graph/assets/` so both packages read one copy (loaders may import the core of graph, not
the other way round).
"""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from pathlib import Path

from .errors import GraphFileError

ASSETS = Path(__file__).with_name("assets")
NAME_ASSETS = ("variants.tsv", "aliases.tsv")  # the vocabularies below (extraction depends on them too)

# what never tells two names apart: spaces, quote marks, brackets, list punctuation
_DROP = re.compile(r"[\s\"'“”‘’「」『』《》〈〉<>()（）·・,，、。.]+")
# the market regulator's short forms, spelled out inside any name (longest first)
SPELLED_OUT = (("市场监管总局", "市场监督管理总局"), ("市场监管局", "市场监督管理局"))


def asset_pairs(name: str) -> list[tuple[str, str]]:
    """The (first, second) tab-separated fields of each rule line of `graph/assets/<name>`."""
    path = ASSETS / name
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:  # a broken install, not a user error, but say which file
        raise GraphFileError(f"{path}: cannot read: {exc.strerror or exc}") from None
    return [tuple(ln.split("\t")[:2]) for ln in text.splitlines() if ln.strip() and not ln.startswith("#")]


@lru_cache(maxsize=1)
def variants() -> dict[str, str]:
    """Variant characters OpenCC leaves alone (陜 -> 陕), from `variants.tsv`."""
    return {a: b for a, b in asset_pairs("variants.tsv") if len(a) == 1 and len(b) == 1}


@lru_cache(maxsize=1)
def aliases() -> dict[str, str]:
    """General short forms -> canonical whole names (中大 -> 中山大学), from `aliases.tsv`."""
    return dict(asset_pairs("aliases.tsv"))


@lru_cache(maxsize=1)
def _t2s():
    import opencc

    return opencc.OpenCC("t2s")


@lru_cache(maxsize=1)
def _variant_table() -> dict[int, str]:
    return {ord(a): b for a, b in variants().items()}


def spell_out(text: str) -> str:
    """`text` with the market regulator's short forms written in full."""
    for short, long in SPELLED_OUT:
        text = text.replace(short, long)
    return text


@lru_cache(maxsize=65536)
def fold_name(text: str) -> str:
    """The comparing form of a name: NFKC, simplified script, variants, no quotes/brackets/spaces, lower case."""
    s = unicodedata.normalize("NFKC", text or "")
    s = _t2s().convert(s).translate(_variant_table())
    return _DROP.sub("", s).lower()
