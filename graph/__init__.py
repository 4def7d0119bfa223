"""chaingraph's graph side: the data model, stores, Cypher engines, views and analytics.

Nothing here imports `loaders`; the CLI module (`graph.cli`) is the one place
that joins both sides.
"""
from .model import EDGE_TYPES, NODE_TYPES, Article, Document, Edge, Entity, Extraction, GraphData, Node, Relation, Sentence, node_id

__all__ = [
    "EDGE_TYPES", "NODE_TYPES", "Article", "Document", "Edge", "Entity", "Extraction", "GraphData", "Node",
    "Relation", "Sentence", "node_id",
]
