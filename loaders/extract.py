"""Extraction stage: entity mentions, relations, assembly, sentence by sentence.

Three steps, each its own package/module: `loaders.entities` finds the mentions of every sentence
(with the article's running region state), `loaders.relations` reads relations from per-sentence
frames with an ordered list of named rules, `loaders.assemble` merges mentions into canonical
entities. Rules work on `Sentence.folded` (simplified, half width, same offsets as the original).
The one statistical component, the relation scorer (`loaders.relations.scorer`), can be switched off per
call (`extract(doc, scorer=False)`); its default is the shipped model file's `enabled` flag.
"""
from __future__ import annotations

from graph.model import Document, Extraction
from loaders.assemble import assemble
from loaders.entities import RegionState, article_context, find_mentions, item_region
from loaders.relations import read_relations
from loaders.relations.scorer import MODEL, load_model


def scorer_default() -> bool:
    """Whether the relation scorer runs when the caller does not say (the model file's `enabled`)."""
    return MODEL.is_file() and load_model().enabled


def options_key(scorer: bool | None = None) -> str:
    """The extraction options in force, as text (part of the cache fingerprint)."""
    return f"scorer={scorer_default() if scorer is None else scorer}"


def extract(doc: Document, *, scorer: bool | None = None, sink: list | None = None) -> Extraction:
    """Extract canonical entities and typed relations (with evidence) from a cleaned `Document`.

    `scorer`: run the learned relation scorer (None: the default); `sink` collects its candidates."""
    if scorer is None:
        scorer = scorer_default()
    ctx = article_context(doc)
    per_sentence: list = []
    regions_at: list[RegionState] = []
    para = None
    for s in doc.sentences:
        if s.paragraph != para:
            para = s.paragraph
            ctx.item = item_region(s.folded, ctx)
        # the region state this sentence is read in
        regions_at.append(RegionState(province=ctx.province, city=ctx.city, county=ctx.county, item=ctx.item,
                                      town=ctx.town))
        per_sentence.append(find_mentions(s, ctx))
    relations = read_relations(doc, ctx, per_sentence, regions_at, scorer=load_model() if scorer else None,
                               sink=sink)
    if sink is not None:  # training: what re-assembling with other relations needs
        sink.append((ctx, per_sentence))
    return assemble(doc, ctx, per_sentence, relations)
