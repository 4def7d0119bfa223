"""The learned relation scorer: a logistic regression over candidate (source, target, type) pairs.

Candidates are the type-compatible mention pairs of a sentence (SCHEMA.md's edge table) plus the rules'
own hits. Features carry no article text: edge and entity types, which rule proposed the pair, order,
distance, mentions and clause breaks between, trigger-word classes of `triggers.json` around the pair,
subject and list positions. The model is a JSON file written by `python3 -m loaders.train_scorer`; at run
time it is a dot product in pure Python. `apply` adds unproposed pairs scored above `add` and drops rule
edges whose every reading scores below `drop` (either use can be off: threshold null).
"""
from __future__ import annotations

import bisect
import json
import math
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from loaders.relations.frame import ACTOR_TYPES, Frame
from loaders.relations.words import trigger_re
from loaders.vocab import vocab

MODEL = Path(__file__).resolve().parent.parent / "data" / "models" / "relation_scorer.json"
# (relation type, source type, target type) of SCHEMA.md's edge table
EDGES = (
    ("LEADS", "GovernmentBody", "Chain"), ("LEADS", "Enterprise", "Chain"),
    ("LEADS", "Enterprise", "Platform"), ("LEADS", "GovernmentBody", "Platform"), ("LEADS", "Platform", "Platform"),
    ("SUPPORTS", "Platform", "Chain"), ("SUPPORTS", "GovernmentBody", "Chain"), ("SUPPORTS", "Enterprise", "Chain"),
    ("SUPPORTS", "Platform", "Enterprise"), ("SUPPORTS", "GovernmentBody", "Enterprise"),
    ("SUPPORTS", "Enterprise", "Enterprise"),
    ("ISSUED", "GovernmentBody", "PolicyDocument"),
    ("COVERS", "PolicyDocument", "Chain"), ("COVERS", "GovernmentBody", "Chain"), ("COVERS", "Platform", "Chain"),
    ("MEMBER_OF", "Enterprise", "Chain"),
)
_BY_PAIR: dict[tuple[str, str], tuple[str, ...]] = {}
for _r, _s, _t in EDGES:
    _BY_PAIR[(_s, _t)] = _BY_PAIR.get((_s, _t), ()) + (_r,)
_MAX_GAP = 80  # pairs further apart than this many characters are not candidates (unless a rule hit them)
_CLAUSE = re.compile(r"[,，;；:：]")
_LIST = re.compile(r"^(、|和|与|及)$")  # one character joining list items
_MARKERS = ("由", "被", "为", "的", "对", "向", "将", "在", "下", "等", "与", "和", "、", "《", "并", "其")
_AFTER = ("链上", "上下游", "企业", "等", "领域", "的")  # what follows the target ("为X产业链上企业提供…")
_BEFORE = ("为", "向", "对", "助力", "服务", "围绕", "在")  # what precedes the target


@dataclass
class Candidate:
    """One reading of a (type, source, target) pair in one sentence, with its features."""

    key: tuple  # (relation type, source type, source name, target type, target name)
    features: tuple[str, ...]
    rule: str | None  # the rule that proposed this reading, if any
    hit: tuple  # (type, source mention, target mention, rule, confidence) for `Relations.add`
    evidence: str
    region: str | None


@dataclass(frozen=True)
class Model:
    """Weights by feature name, an intercept, and the add / drop thresholds (None: that use is off)."""

    weights: dict
    intercept: float
    add: float | None
    drop: float | None
    enabled: bool = False  # on by default only when cross-validation showed it helps

    def prob(self, features) -> float:
        """P(the pair is a gold relation) by the logistic function of the weight sum."""
        z = self.intercept + sum(self.weights.get(x, 0.0) for x in features)
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))

    @classmethod
    def from_json(cls, doc: dict) -> Model:
        return cls(dict(doc["weights"]), float(doc["intercept"]), doc.get("add"), doc.get("drop"),
                   bool(doc.get("enabled")))


@lru_cache(maxsize=4)
def load_model(path: str = str(MODEL)) -> Model:
    """The shipped model file (read once)."""
    return Model.from_json(json.loads(Path(path).read_text(encoding="utf-8")))


@lru_cache(maxsize=1)
def _trigger_keys() -> tuple[str, ...]:
    return tuple(sorted(k for k in vocab().triggers if not k.startswith("_") and k != "SUBJECT_VERBS"))


def _bucket(n: int, edges: tuple[int, ...]) -> str:
    for e in edges:
        if n <= e:
            return str(e)
    return f">{edges[-1]}"


class FrameView:
    """Per-sentence lookups shared by every candidate of a frame: trigger and clause-break positions."""

    def __init__(self, f: Frame):
        t = f.folded
        self.f = f
        trig = sorted((m.start(), k) for k in _trigger_keys() for m in trigger_re(k).finditer(t))
        self.trig_pos, self.trig_key = [x[0] for x in trig], [x[1] for x in trig]
        self.breaks = [m.start() for m in _CLAUSE.finditer(t)]
        self.actors = {id(m) for g in f.groups for m in g}
        self.starts = sorted(m.start for m in f.mentions)
        self.here = {id(m) for m in f.mentions}

    def count(self, pos: list[int], lo: int, hi: int) -> int:
        """How many of the sorted positions `pos` lie in [lo, hi)."""
        return bisect.bisect_left(pos, hi) - bisect.bisect_left(pos, lo) if hi > lo else 0

    def triggers(self, lo: int, hi: int) -> list[str]:
        """The trigger classes with a word starting in [lo, hi), sorted, each once."""
        if hi <= lo:
            return []
        i, j = bisect.bisect_left(self.trig_pos, lo), bisect.bisect_left(self.trig_pos, hi)
        return sorted(set(self.trig_key[i:j]))


def features(v: FrameView, rtype: str, a, b, rules: dict) -> tuple[str, ...]:
    """The features of reading `a` -> `b` as `rtype` in the frame of `v` (`rules`: key -> rule names)."""
    f = v.f
    p = rtype + "|"
    key = (rtype, a.type, a.name, b.type, b.name)
    out = [p + "bias", p + f"pair={a.type}>{b.type}"]
    names = rules.get(key, ())
    out += [p + "rule"] + [p + "rule=" + n for n in names] if names else [p + "norule"]
    if any(k[1:3] == key[1:3] and k[0] != rtype for k in rules):
        out.append(p + "rule_other_type")
    if any(k[0] == rtype and k[3:] == key[3:] and k[1:3] != key[1:3] for k in rules):
        out.append(p + "rule_other_source")
    if id(a) not in v.here or id(b) not in v.here:
        return tuple(out + [p + "source_outside"])
    return tuple(out + _position_features(v, p, a, b))


def _position_features(v: FrameView, p: str, a, b) -> list[str]:
    """Order, distance, what lies between and around the pair, subject / list / nesting positions."""
    f, t = v.f, v.f.folded
    first, second = (a, b) if a.start <= b.start else (b, a)
    lo, hi = first.end, second.start
    out = [p + ("forward" if first is a else "backward"), p + "gap=" + _bucket(max(0, hi - lo), (0, 2, 5, 10, 20, 40)),
           p + "between=" + _bucket(v.count(v.starts, lo, hi), (0, 1, 2)),
           p + "breaks=" + _bucket(v.count(v.breaks, lo, hi), (0, 1, 2))]
    c0, _ = f.clause_span(f.clause_of(first.start))
    e0, e1 = f.clause_span(f.clause_of(second.start))
    out += [p + "trig_between=" + k for k in v.triggers(lo, hi)]
    out += [p + "trig_before=" + k for k in v.triggers(c0, first.start)]
    out += [p + "trig_after=" + k for k in v.triggers(second.end, e1)]
    gap = t[lo:hi]
    out += [p + "gap_has=" + m for m in _MARKERS if m in gap]
    if _LIST.match(t[second.end:second.end + 1]) or _LIST.match(t[max(0, second.start - 1):second.start]):
        out.append(p + "target_in_list" if second is b else p + "source_in_list")
    out.append(p + ("src_subject" if a.subject else "src_not_subject"))
    if id(a) in v.actors:
        out.append(p + "src_group")
    if any(m is a for m in f.actor(b.start)):
        out.append(p + "src_actor_at_target")
    if a.type in ACTOR_TYPES and f.handed_over(lo, hi):
        out.append(p + "handed_over")
    if a.inside is not None:
        out.append(p + "src_inside")
    if b.inside is not None:
        out.append(p + ("tgt_inside_src" if b.inside == a.name else "tgt_inside"))
    out += [p + f"{side}_tag={m.tag}" for side, m in (("src", a), ("tgt", b)) if m.tag]
    if c0 == e0:
        out.append(p + "same_clause")
    out += [p + "tgt_then=" + w for w in _AFTER if t.startswith(w, b.end)]
    out += [p + "tgt_after=" + w for w in _BEFORE if t.endswith(w, max(0, b.start - 4), b.start)]
    if _stem(b.name) and _stem(b.name) in a.name:
        out.append(p + "tgt_stem_in_src_name")
    if b.start > a.start and not any(id(m) in v.actors and a.end <= m.start < b.start for m in f.mentions):
        out.append(p + "no_actor_between")
    return out


def _stem(name: str) -> str:
    """A chain's industry (X of X产业链), else ''."""
    return name[:-3] if name.endswith("产业链") and len(name) > 4 else ""


def candidates(f: Frame, hits: list[tuple], region: str | None) -> list[Candidate]:
    """Every reading of the frame: rule hits first, then the type-compatible mention pairs near each other."""
    if not hits and not any((a.type, b.type) in _BY_PAIR for a in f.mentions for b in f.mentions):
        return []
    v = FrameView(f)
    rules: dict[tuple, list[str]] = {}
    for rtype, src, dst, rule, _ in hits:
        rules.setdefault((rtype, src.type, src.name, dst.type, dst.name), []).append(rule)
    out, seen = [], set()
    for hit in hits:
        rtype, src, dst, rule, _ = hit
        key = (rtype, src.type, src.name, dst.type, dst.name)
        if (key, id(src), id(dst)) not in seen:
            seen.add((key, id(src), id(dst)))
            out.append(Candidate(key, features(v, rtype, src, dst, rules), rule, hit, f.text, region))
    for a in f.mentions:
        for b in f.mentions:
            types = _BY_PAIR.get((a.type, b.type))
            if not types or a is b or a.name == b.name or abs(a.start - b.start) > _MAX_GAP:
                continue
            for rtype in types:
                key = (rtype, a.type, a.name, b.type, b.name)
                if (key, id(a), id(b)) in seen:
                    continue
                seen.add((key, id(a), id(b)))
                out.append(Candidate(key, features(v, rtype, a, b, rules), None, (rtype, a, b, "scorer", 0.5),
                                     f.text, region))
    return out


def apply(rels, cands: list[Candidate], model: Model, keep: set = frozenset()) -> None:
    """Change the rule relations `rels` (an engine `Relations`) in place by the model's scores."""
    decide(rels, [(model.prob(c.features), c) for c in cands], model.add, model.drop, keep)


def decide(rels, scored: list[tuple[float, Candidate]], add: float | None, drop: float | None,
           keep: set = frozenset()) -> None:
    """Add the best reading of every pair no rule proposed when it scores >= `add`; drop rule edges all
    of whose readings score < `drop` (`keep`: keys of the article-level rules, never scored, which stay)."""
    best: dict[tuple, tuple[float, Candidate]] = {}
    proposed = set()
    for pr, c in scored:
        if c.key not in best or pr > best[c.key][0]:
            best[c.key] = (pr, c)
        if c.rule is not None:
            proposed.add(c.key)
    if drop is not None:
        for key in sorted(proposed):
            if key in rels.rels and key not in keep and best[key][0] < drop:
                del rels.rels[key]
    if add is not None:
        for key, (pr, c) in sorted(best.items(), key=lambda kv: kv[0]):
            if key not in proposed and pr >= add:
                rtype, src, dst, _, _ = c.hit
                rels.add((rtype, src, dst, "scorer", round(pr, 3)), c.evidence, c.region)
