"""Relation stage: per-sentence frames read by an ordered list of named rules (`RULES`), one module per
relation family, trigger words from `loaders/data/triggers.json`.

To add a rule: write `def my_rule(frame) -> Iterator[(type, source, target, rule_name, confidence)]` in
the family's module and put it in `RULES` (order matters only for which evidence is kept first).
"""
from loaders.relations.engine import RULES, read_relations

__all__ = ["RULES", "read_relations"]
