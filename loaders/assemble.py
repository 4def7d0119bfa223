"""Entity assembly: one canonical `Entity` per real thing of an article, and relation endpoints renamed
to those canonical names.

Runs after the relation stage: mentions of the same thing (same folded name, a platform with and
without its region prefix, X制品产业链 and X产业链) become one entity with the others as aliases.
"""
from __future__ import annotations

import re
from collections import defaultdict

from graph.model import Document, Entity, Extraction, Relation
from loaders.entities import ArticleContext
from loaders.normalize import name_key
from loaders.vocab import short_region, vocab


def assemble(doc: Document, ctx: ArticleContext, per_sentence, relations: list[Relation]) -> Extraction:
    """One canonical Entity per real thing; relation endpoints renamed to the canonical names."""
    v = vocab()
    groups: dict[tuple[str, str], dict] = {}
    original: dict[str, set] = defaultdict(set)
    for sent, ms in zip(doc.sentences, per_sentence):
        for m in ms:
            key = (m.type, name_key(m.name))
            g = groups.setdefault(key, {"type": m.type, "name": m.name, "aliases": set(), "kind": m.kind,
                                        "region": m.region, "mentions": 0})
            g["mentions"] += 1
            surf = sent.text[m.start:m.end]
            for a in (surf, m.surface):
                if a and a != g["name"]:
                    g["aliases"].add(a)
    rename = merge_map(groups)
    entities = []
    for key, g in sorted(groups.items()):
        if key in rename:
            continue
        aliases = set(g["aliases"])
        for k2, tgt in rename.items():
            if tgt == key:
                aliases |= groups[k2]["aliases"] | {groups[k2]["name"]}
                g["mentions"] += groups[k2]["mentions"]
        aliases.discard(g["name"])
        region = g["region"]
        if region and region not in v.regions and region != "全国":
            region = None
        entities.append(Entity(g["type"], g["name"], tuple(sorted(aliases)), region, g["kind"], g["mentions"]))
    canon = {k: groups[rename.get(k, k)]["name"] for k in groups}
    out = []
    seen = set()
    for r in relations:
        s = canon.get((r.source_type, name_key(r.source)), r.source)
        t = canon.get((r.target_type, name_key(r.target)), r.target)
        if s == t:
            continue
        key = (r.type, s, t)
        if key in seen:
            continue
        seen.add(key)
        out.append(Relation(r.type, s, t, r.source_type, r.target_type, r.evidence, r.rule, r.confidence, r.region))
    names = {(e.type, e.name) for e in entities}
    out = [r for r in out if (r.source_type, r.source) in names and (r.target_type, r.target) in names]
    out.sort(key=lambda r: (r.type, r.source, r.target))
    return Extraction(article=doc.id, entities=tuple(entities), relations=tuple(out), title=doc.title, path=doc.path)


def merge_map(groups: dict) -> dict:
    """Within one article: platforms with/without region prefix, chains X制品 -> X, X -> X制造."""
    v = vocab()
    rename: dict = {}
    keys = set(groups)
    for (typ, k) in sorted(keys):
        if typ == "Platform":
            for n in range(2, 8):
                head = k[:n]
                if head in v.regions or short_region(head) in v.regions and head.endswith(("省", "市", "县", "区")):
                    rest = k[n:]
                    if (typ, rest) in keys and len(rest) > 3:
                        rename[(typ, rest)] = (typ, k)
        if typ == "Chain" and k.endswith("产业链"):
            stem = k[:-3]
            for suf in ("制品", "产品"):
                if stem.endswith(suf) and (typ, stem[:-len(suf)] + "产业链") in keys:
                    rename[(typ, k)] = (typ, stem[:-len(suf)] + "产业链")
            if (typ, stem + "制造产业链") in keys:
                rename[(typ, k)] = (typ, stem + "制造产业链")
            # 稀土产业 inside an article about 稀土新材料及应用产业链: the compound chain it heads
            compound = [k2 for (t2, k2) in keys if t2 == typ and k2 != k and k2.startswith(stem) and
                        re.search("[及与]", k2[len(stem) + 1:])]
            if len(compound) == 1:
                rename[(typ, k)] = (typ, compound[0])
    # chains of chains: resolve transitively
    for a in list(rename):
        seen = {a}
        while rename[a] in rename and rename[a] not in seen:
            seen.add(rename[a])
            rename[a] = rename[rename[a]]
    return rename
