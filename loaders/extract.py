"""Extraction stage: entity mentions, relations, assembly, sentence by sentence.

Three steps, each its own package/module: `loaders.entities` finds the mentions of every sentence
(with the article's running region state), `loaders.relations` reads relations from per-sentence
frames with an ordered list of named rules, `loaders.assemble` merges mentions into canonical
entities. Rules work on `Sentence.folded` (simplified, half width, same offsets as the original).
"""
from __future__ import annotations

from graph.model import Document, Extraction
from loaders.assemble import assemble
from loaders.entities import article_context, find_mentions, item_region
from loaders.relations import read_relations


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
    relations = read_relations(doc, ctx, per_sentence, regions_at)
    return assemble(doc, ctx, per_sentence, relations)
