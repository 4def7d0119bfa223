"""Extraction stage: rule-based entities and relations, sentence by sentence.

Rules work on `Sentence.folded` (simplified, half width, same offsets as the
original) with the vocabularies of `loaders/data/`. Entity rule families live
in the `loaders/entities/` package, relation rules in `loaders/rules_relations.py`;
this module keeps the article-level state (region context, carried subject)
and assembles the `Extraction`.
"""
from __future__ import annotations

from graph.model import Document, Extraction
from loaders.entities import article_context, find_mentions, item_region
from loaders.rules_relations import build_extraction


def extract(doc: Document) -> Extraction:
    """Extract canonical entities and typed relations (with evidence) from a cleaned `Document`."""
    ctx = article_context(doc)
    per_sentence, regions_at = [], []
    para = None
    for s in doc.sentences:
        if s.paragraph != para:
            para = s.paragraph
            ctx.item = item_region(s.folded, ctx)
        # the region state this sentence is read in
        regions_at.append({"province": ctx.province, "city": ctx.city, "county": ctx.county, "item": ctx.item,
                           "town": ctx.town})
        per_sentence.append(find_mentions(s, ctx))
    return build_extraction(doc, ctx, per_sentence, regions_at)
