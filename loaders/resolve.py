"""Resolution stage: merge per-article extractions into one deterministic graph.

Same normalized name (script, width, quotes, 市场监管局) = one node; general
short forms (`aliases.tsv`, 市场监管总局 = 国家市场监督管理总局) map to their
canonical entity; chains are shared across regions (the region stays on edges).
Nodes and edges get `region_path` (province → city → county) beside `region`.
"""
from __future__ import annotations

from collections import defaultdict
from functools import lru_cache
from collections.abc import Sequence
from dataclasses import dataclass, field

from graph.model import Edge, Extraction, GraphData, Node, node_id
from graph.names import spell_out
from loaders.normalize import fold as _fold_uncached
from loaders.normalize import name_key
from loaders.regions import region_path
from loaders.vocab import vocab

# the same names recur in every article: fold each distinct one once
fold = lru_cache(maxsize=1 << 16)(_fold_uncached)


@dataclass
class _NodeAcc:
    type: str
    name: str
    aliases: set = field(default_factory=set)
    regions: list = field(default_factory=list)
    kinds: list = field(default_factory=list)
    articles: set = field(default_factory=set)
    mentions: int = 0


def canonical_name(type_: str, name: str) -> str:
    """The display form a node gets: folded script, general aliases and (for organs) 市场监管局 spelled out.

    A display name, not a comparing key: keys are `name_key` of it (graph/names.py's `fold_name`)."""
    s = fold(name).strip()
    aliases = vocab().aliases
    if s in aliases:
        return aliases[s]
    return spell_out(s) if type_ == "GovernmentBody" else s


def resolve(extractions: Sequence[Extraction]) -> GraphData:
    """Merge extractions (any order) into `GraphData` with one node per entity and one edge per (s, t, type)."""
    nodes: dict[tuple[str, str], _NodeAcc] = {}
    keymap: dict[tuple[str, str], tuple[str, str]] = {}  # (type, name_key of any surface) -> node key
    for ex in sorted(extractions, key=lambda e: e.article):
        for ent in ex.entities:
            canon = canonical_name(ent.type, ent.name)
            key = (ent.type, name_key(canon))
            key = keymap.get(key, key)
            acc = nodes.get(key)
            if acc is None:
                acc = nodes[key] = _NodeAcc(ent.type, canon)
            for k in [ent.name, canon, *ent.aliases]:
                keymap.setdefault((ent.type, name_key(canonical_name(ent.type, k))), key)
            acc.aliases.update(a for a in (ent.name, *ent.aliases) if a)
            if ent.region:
                acc.regions.append(ent.region)
            if ent.kind:
                acc.kinds.append(ent.kind)
            acc.articles.add(ex.article)
            acc.mentions += ent.mentions
    ids = {k: node_id(a.type, a.name) for k, a in nodes.items()}
    edges: dict[tuple[str, str, str], list] = defaultdict(list)
    for ex in extractions:
        for r in ex.relations:
            sk = keymap.get((r.source_type, name_key(canonical_name(r.source_type, r.source))))
            tk = keymap.get((r.target_type, name_key(canonical_name(r.target_type, r.target))))
            if sk is None or tk is None or sk == tk:
                continue
            edges[(ids[sk], ids[tk], r.type)].append((ex.article, r))
    node_list = []
    for k, a in nodes.items():
        aliases = tuple(sorted({fold(x) for x in a.aliases} | a.aliases - {a.name}))
        aliases = tuple(x for x in aliases if x != a.name)
        region = _most_common(a.regions)
        node_list.append(Node(
            id=ids[k], name=a.name, type=a.type, aliases=aliases,
            region=region, kind=_most_common(a.kinds),
            articles=tuple(sorted(a.articles)), mentions=a.mentions, region_path=region_path(region),
        ))
    edge_list = []
    for (s, t, typ), items in edges.items():
        items.sort(key=lambda it: (it[0], it[1].evidence, it[1].rule))
        first = items[0][1]
        edge_list.append(Edge(
            source=s, target=t, type=typ, article=items[0][0], evidence=first.evidence, rule=first.rule,
            confidence=max(r.confidence for _, r in items), region=first.region,
            articles=tuple(a for a, _ in items), evidences=tuple(r.evidence for _, r in items),
            region_path=region_path(first.region),
        ))
    node_list.sort(key=lambda n: n.id)
    edge_list.sort(key=lambda e: (e.source, e.target, e.type))
    return GraphData(nodes=tuple(node_list), edges=tuple(edge_list),
                     articles=tuple(sorted({e.article for e in extractions})),
                     article_meta={e.article: e.meta for e in sorted(extractions, key=lambda e: e.article)})


def _most_common(values: list) -> str | None:
    """Most frequent value, ties broken alphabetically (deterministic)."""
    if not values:
        return None
    counts: dict[str, int] = defaultdict(int)
    for v in values:
        counts[v] += 1
    return sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[0][0]
