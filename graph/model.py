"""The records every pipeline stage exchanges (see SCHEMA.md).

Loaders produce `Article` -> `Document` -> `Extraction`; resolution turns many
extractions into one `GraphData` of `Node` and `Edge`; stores, views and
reports read that (or the networkx graph built from it).  All records are
frozen dataclasses so that stages cannot mutate each other's results.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

NODE_TYPES: tuple[str, ...] = ("GovernmentBody", "Chain", "Enterprise", "Platform", "PolicyDocument")
EDGE_TYPES: tuple[str, ...] = ("LEADS", "SUPPORTS", "ISSUED", "COVERS", "MEMBER_OF")

# Node properties every store keeps, in this order (SCHEMA.md "Node properties").
NODE_PROPERTIES: tuple[str, ...] = ("id", "name", "type", "aliases", "region", "kind", "articles", "mentions",
                                    "region_path")
# Edge properties every store keeps.  `article`/`evidence` are the first source
# (by article id); `articles`/`evidences` list every source of a merged edge.
EDGE_PROPERTIES: tuple[str, ...] = (
    "type", "article", "evidence", "rule", "confidence", "region", "articles", "evidences", "region_path",
)


@dataclass(frozen=True)
class Article:
    """One input file after reading: decoded text, before any cleaning."""

    id: str  # file stem, e.g. "000_94aaf5c81d9f943d"
    path: str
    text: str
    title: str = ""
    encoding: str = "utf-8"
    date: str | None = None  # publication date as the article gives it (ISO 8601 where it says so)
    url: str | None = None  # source address (canonical link, og:url, front matter or sources file)


@dataclass(frozen=True)
class ArticleMeta:
    """What identifies an article to a reader: title, date and source address (None when unknown).

    graph.json keeps one per article as ``G.graph["articles"][id] = {"title", "date", "url"}``.
    """

    title: str = ""
    date: str | None = None
    url: str | None = None

    def to_json(self) -> dict:
        """The graph.json form."""
        return {"title": self.title, "date": self.date, "url": self.url}


@dataclass(frozen=True)
class Sentence:
    """A sentence of a cleaned article.

    `text` is the original script (what evidence quotes); `folded` is the
    same sentence in simplified script, NFKC width, used for matching.
    Both have the same length so offsets carry over.
    """

    index: int
    text: str
    folded: str
    paragraph: int = 0


@dataclass(frozen=True)
class Document:
    """A cleaned article: boilerplate and pinyin noise removed, split into sentences."""

    id: str
    title: str
    text: str  # cleaned text, original script
    sentences: tuple[Sentence, ...]
    path: str = ""


@dataclass(frozen=True)
class Entity:
    """An entity as one article names it, already in canonical form."""

    type: str
    name: str
    aliases: tuple[str, ...] = ()
    region: str | None = None
    kind: str | None = None
    mentions: int = 1


@dataclass(frozen=True)
class Relation:
    """A typed relation between two canonical entity names of one article."""

    type: str
    source: str
    target: str
    source_type: str
    target_type: str
    evidence: str  # the sentence it was read from, original script
    rule: str = ""
    confidence: float = 1.0
    region: str | None = None


@dataclass(frozen=True)
class Extraction:
    """Everything extracted from one article (SCHEMA.md's extraction contract)."""

    article: str
    entities: tuple[Entity, ...]
    relations: tuple[Relation, ...]
    title: str = ""
    path: str = ""
    date: str | None = None  # the article's metadata, carried from `Article` (not extracted)
    url: str | None = None

    @property
    def meta(self) -> ArticleMeta:
        """The article's title, date and source address."""
        return ArticleMeta(title=self.title, date=self.date, url=self.url)

    def to_json(self) -> dict:
        """The contract's JSON object: `article`, `entities`, `relations` (+ extras: title, date, url)."""
        return {
            "article": self.article,
            "title": self.title,
            "date": self.date,
            "url": self.url,
            "entities": [
                {"type": e.type, "name": e.name, "aliases": list(e.aliases), "region": e.region,
                 "kind": e.kind, "mentions": e.mentions}
                for e in self.entities
            ],
            "relations": [
                {"type": r.type, "source": r.source, "target": r.target, "source_type": r.source_type,
                 "target_type": r.target_type, "evidence": r.evidence, "rule": r.rule,
                 "confidence": r.confidence, "region": r.region}
                for r in self.relations
            ],
        }


@dataclass(frozen=True)
class Node:
    """A resolved graph node: one real-world entity across all articles."""

    id: str
    name: str
    type: str
    aliases: tuple[str, ...] = ()
    region: str | None = None
    kind: str | None = None
    articles: tuple[str, ...] = ()
    mentions: int = 0
    region_path: tuple[str, ...] = ()  # province down to `region`: ("广东省", "佛山市", "顺德区")


@dataclass(frozen=True)
class Edge:
    """A resolved edge; one per (source, target, type), provenance merged."""

    source: str  # node id
    target: str  # node id
    type: str
    article: str
    evidence: str
    rule: str = ""
    confidence: float = 1.0
    region: str | None = None
    articles: tuple[str, ...] = ()
    evidences: tuple[str, ...] = ()
    region_path: tuple[str, ...] = ()  # province down to `region`


@dataclass(frozen=True)
class GraphData:
    """A whole graph as plain records, sorted for deterministic output."""

    nodes: tuple[Node, ...]
    edges: tuple[Edge, ...]
    articles: tuple[str, ...] = ()
    warnings: tuple[str, ...] = field(default=())
    # per-article title/date/url (by article id); to_networkx writes them as G.graph["articles"]
    article_meta: dict[str, ArticleMeta] = field(default_factory=dict, hash=False)


_ID_DROP = re.compile(r"[\s\"'“”‘’「」『』《》〈〉·・]")


def node_id(type_: str, name: str) -> str:
    """Stable node id `<type>:<normalized name>` (NFKC, no spaces or quote marks).

    Script folding and aliasing happen before this, in resolution; this only
    makes the id insensitive to width, spacing and quotes.
    """
    if type_ not in NODE_TYPES:
        raise ValueError(f"unknown node type {type_!r}")
    s = unicodedata.normalize("NFKC", name)
    return f"{type_}:{_ID_DROP.sub('', s)}"
