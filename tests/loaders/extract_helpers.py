"""Helpers for the loaders tests: extract an invented text, and load the shared scorer (imported by tests)."""
from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType

from graph.model import Article, Extraction
from loaders.clean import clean
from loaders.extract import extract

ROOT = Path(__file__).resolve().parents[2]
SCORER = ROOT.parent / "shared" / "tools" / "score.py"


def extract_text(text: str) -> Extraction:
    """`text` as one article, cleaned and extracted."""
    return extract(clean(Article(id="t", path="t.txt", text=text)))


def extract_sets(text: str) -> tuple[set[tuple[str, str]], set[tuple[str, str, str]]]:
    """Entities as (type, name) and relations as (type, source, target) extracted from `text`."""
    ex = extract_text(text)
    return {(e.type, e.name) for e in ex.entities}, {(r.type, r.source, r.target) for r in ex.relations}


def load_scorer() -> ModuleType:
    """The shared scorer `shared/tools/score.py` (outside the repo, so loaded from its path)."""
    spec = importlib.util.spec_from_file_location("chaingraph_score", SCORER)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod
