"""Scoring extractions against gold annotations (SCHEMA.md's gold format).

Same semantics as the project's reference scorer `shared/tools/score.py`:
names match after normalization (NFKC, inline pinyin dropped, traditional ->
simplified, spaces/quotes/brackets dropped, lower case, 市场监管(总)局 spelled
out); a predicted entity matches a gold entity of the same type by name or
alias; `optional` gold items are neither rewarded nor punished; a second
prediction of an already matched gold entity is a false hit; relation
endpoints are typed by the type the prediction gave that name; a gold article
without a prediction counts as fully missed.
"""
from __future__ import annotations

import json
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from graph.errors import InputError
from graph.model import Extraction

_PINYIN = re.compile(r"\((?:[a-zA-Zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜüê]+)\)")
_DROP = re.compile(r"[\s\"'“”‘’「」『』《》〈〉()（）·・]")
_SUBS = (("市场监管总局", "市场监督管理总局"), ("市场监管局", "市场监督管理局"))


@lru_cache(maxsize=1)
def _t2s():
    import opencc

    return opencc.OpenCC("t2s")


@lru_cache(maxsize=65536)
def normalize(name: str) -> str:
    """The matching key of a name (see the module docstring)."""
    s = unicodedata.normalize("NFKC", name or "")
    s = _PINYIN.sub("", s)
    s = _t2s().convert(s)
    s = _DROP.sub("", s).lower()
    for a, b in _SUBS:
        s = s.replace(a, b)
    return s


@dataclass(frozen=True)
class Counts:
    """True hits, false hits and misses, with precision / recall / F1 as score.py defines them."""

    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        if self.tp + self.fp:
            return self.tp / (self.tp + self.fp)
        return 1.0 if self.fn == 0 else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def __add__(self, other: Counts) -> Counts:
        return Counts(self.tp + other.tp, self.fp + other.fp, self.fn + other.fn)

    def to_json(self) -> dict:
        return {"tp": self.tp, "fp": self.fp, "fn": self.fn, "precision": round(self.precision, 4),
                "recall": round(self.recall, 4), "f1": round(self.f1, 4)}


@dataclass(frozen=True)
class Miss:
    """One scoring error: a false hit (FP) or a miss (FN) of an entity or relation."""

    article: str
    kind: str  # "FP" or "FN"
    item: str  # "entity" or "relation"
    type: str
    text: str  # "name" or "source -> target", plus a note for duplicates
    reason: str = ""  # what kind of error (see `REASONS`)
    rule: str = ""  # for a false relation: the extraction rule that produced it

    def __str__(self) -> str:
        sep = ":" if self.item == "entity" else ": "
        note = "; ".join(x for x in (self.reason, f"rule {self.rule}" if self.rule else "") if x)
        return f"{self.kind} {self.item} {self.type}{sep}{self.text}" + (f"  [{note}]" if note else "")


# Why an item was missed or falsely hit, so a user who annotates a few articles sees what to fix.
REASONS = {
    "missing entity": "FN entity: no predicted entity has this name under any type",
    "wrong type": "the name was predicted, with another type",
    "boundary": "a predicted name of the same type contains it or is contained in it",
    "duplicate": "FP entity: a second name for a gold entity already matched",
    "spurious": "FP entity: nothing in the gold resembles it",
    "both ends found": "FN relation: both entities were predicted, the relation rule missed",
    "missing an end": "FN relation: one or both entities were not predicted",
    "wrong pair": "FP relation: both ends are gold entities, the gold has no such relation",
    "end not in gold": "FP relation: an end is not a (matched) gold entity",
}


@dataclass(frozen=True)
class GoldEntity:
    type: str
    name: str
    keys: frozenset[str]
    optional: bool


@dataclass(frozen=True)
class GoldArticle:
    """One gold file: entities (with their match keys) and relations by entity index."""

    article: str
    entities: tuple[GoldEntity, ...]
    relations: Mapping[tuple[str, int, int], bool]  # (type, source idx, target idx) -> optional

    @classmethod
    def from_json(cls, doc: dict, source: str = "<gold>") -> GoldArticle:
        """Parse a gold object; InputError when a relation names an unknown entity."""
        entities: list[GoldEntity] = []
        by_name: dict[str, int] = {}
        for e in doc.get("entities", []):
            keys = {normalize(e["name"])} | {normalize(a) for a in e.get("aliases", []) if a}
            entities.append(GoldEntity(e["type"], e["name"], frozenset(keys), bool(e.get("optional"))))
            by_name[e["name"]] = len(entities) - 1
        relations: dict[tuple[str, int, int], bool] = {}
        for r in doc.get("relations", []):
            s, t = by_name.get(r["source"]), by_name.get(r["target"])
            if s is None or t is None:
                raise InputError(f"{source}: gold relation names an unknown entity: "
                                 f"{r['type']} {r['source']} -> {r['target']}")
            key = (r["type"], s, t)
            relations[key] = relations.get(key, True) and bool(r.get("optional"))
        return cls(article=str(doc.get("article", "")), entities=tuple(entities), relations=relations)

    def match(self, etype: str | None, name: str) -> int | None:
        """Index of the first gold entity of `etype` (any type when None) that `name` matches."""
        n = normalize(name)
        for i, e in enumerate(self.entities):
            if n in e.keys and (etype is None or e.type == etype):
                return i
        return None


@dataclass(frozen=True)
class ArticleScore:
    article: str
    entities: dict[str, Counts]
    relations: dict[str, Counts]
    errors: tuple[Miss, ...] = ()
    predicted: bool = True


@dataclass(frozen=True)
class Evaluation:
    """Scores per entity type and relation type, overall, and per article."""

    entities: dict[str, Counts]
    relations: dict[str, Counts]
    articles: tuple[ArticleScore, ...] = ()
    unscored: tuple[str, ...] = field(default=())  # predicted articles without a gold file

    @property
    def entities_all(self) -> Counts:
        return sum(self.entities.values(), Counts())

    @property
    def relations_all(self) -> Counts:
        return sum(self.relations.values(), Counts())

    def to_json(self) -> dict:
        """The same shape as `score.py --json` (plus `unscored`)."""
        def part(by_type: dict[str, Counts], total: Counts) -> dict:
            return {"all": total.to_json(), "by_type": {k: v.to_json() for k, v in by_type.items()}}

        return {
            "entities": part(self.entities, self.entities_all),
            "relations": part(self.relations, self.relations_all),
            "articles": {a.article: {"entities": sum(a.entities.values(), Counts()).to_json(),
                                     "relations": sum(a.relations.values(), Counts()).to_json()}
                         for a in self.articles},
            "unscored": list(self.unscored),
        }


def load_gold(gold_dir: str | Path) -> dict[str, GoldArticle]:
    """Every `*.json` gold file of a folder, keyed by file stem (InputError on a bad one)."""
    d = Path(gold_dir)
    if not d.is_dir():
        raise InputError(f"{d}: gold folder not found")
    golds: dict[str, GoldArticle] = {}
    for p in sorted(d.glob("*.json")):
        try:
            doc = json.loads(p.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, ValueError) as exc:
            raise InputError(f"{p}: unreadable gold file ({exc})") from None
        if not isinstance(doc, dict):
            raise InputError(f"{p}: a gold file must hold one JSON object")
        try:
            golds[p.stem] = GoldArticle.from_json(doc, source=str(p))
        except (KeyError, TypeError, AttributeError) as exc:
            raise InputError(f"{p}: malformed gold file (missing or bad {exc})") from None
    if not golds:
        raise InputError(f"{d}: no gold files (*.json) in this folder")
    return golds


def score_article(gold: GoldArticle, pred: dict | Extraction | None, article: str = "") -> ArticleScore:
    """Score one article's prediction (contract JSON object or Extraction; None = nothing predicted)."""
    article = article or gold.article
    doc = pred.to_json() if isinstance(pred, Extraction) else (pred or {})
    errors: list[Miss] = []
    tp, fp, fn = Counter(), Counter(), Counter()
    matched: set[int] = set()
    pred_type_of: dict[str, str | None] = {}
    seen: set[tuple] = set()
    for e in doc.get("entities", []):
        etype, name = e.get("type"), e.get("name", "")
        pred_type_of.setdefault(normalize(name), etype)
        key = (etype, normalize(name))
        if key in seen:
            continue
        seen.add(key)
        i = gold.match(etype, name)
        if i is None:
            fp[etype] += 1
            errors.append(Miss(article, "FP", "entity", str(etype), name, _fp_entity_reason(gold, etype, name)))
        elif gold.entities[i].optional:
            matched.add(i)
        elif i in matched:
            fp[etype] += 1
            errors.append(Miss(article, "FP", "entity", str(etype),
                               f"{name} (duplicate of {gold.entities[i].name})", "duplicate"))
        else:
            matched.add(i)
            tp[etype] += 1
    for i, g in enumerate(gold.entities):
        if not g.optional and i not in matched:
            fn[g.type] += 1
            errors.append(Miss(article, "FN", "entity", g.type, g.name, _fn_entity_reason(g, pred_type_of)))
    entities = _by_type(tp, fp, fn)

    matched_any = {gold.match(etype, name) for name, etype in pred_type_of.items()} - {None}
    tp, fp, fn = Counter(), Counter(), Counter()
    found: set[tuple] = set()
    for r in doc.get("relations", []):
        rtype, source, target = r.get("type"), r.get("source", ""), r.get("target", "")
        s = gold.match(pred_type_of.get(normalize(source)), source)
        t = gold.match(pred_type_of.get(normalize(target)), target)
        key = (rtype, s, t)
        if key in found:
            continue
        found.add(key)
        if s is not None and t is not None and key in gold.relations:
            if not gold.relations[key]:
                tp[rtype] += 1
        else:
            fp[rtype] += 1
            reason = "wrong pair" if s is not None and t is not None else "end not in gold"
            errors.append(Miss(article, "FP", "relation", str(rtype), f"{source} -> {target}", reason,
                               str(r.get("rule") or "")))
    for (rtype, s, t), optional in gold.relations.items():
        if not optional and (rtype, s, t) not in found:
            fn[rtype] += 1
            ends = s in matched_any and t in matched_any
            errors.append(Miss(article, "FN", "relation", rtype,
                               f"{gold.entities[s].name} -> {gold.entities[t].name}",
                               "both ends found" if ends else "missing an end"))
    return ArticleScore(article=article, entities=entities, relations=_by_type(tp, fp, fn),
                        errors=tuple(errors), predicted=pred is not None)


def _fn_entity_reason(g: GoldEntity, pred_type_of: dict[str, str | None]) -> str:
    """Why gold entity `g` was missed: its name predicted with another type, a longer/shorter name of its
    type predicted (boundary), or nothing."""
    if any(k in pred_type_of for k in g.keys):
        return "wrong type"
    if any(t == g.type and len(n) >= 2 and any(n in k or k in n for k in g.keys) for n, t in pred_type_of.items()):
        return "boundary"
    return "missing entity"


def _fp_entity_reason(gold: GoldArticle, etype: str | None, name: str) -> str:
    """Why a predicted entity matched nothing: the gold has the name under another type, a gold name of its
    type contains it or is contained in it (boundary), or nothing like it (spurious)."""
    n = normalize(name)
    if gold.match(None, name) is not None:
        return "wrong type"
    if len(n) >= 2 and any(e.type == etype and any(n in k or k in n for k in e.keys) for e in gold.entities):
        return "boundary"
    return "spurious"


def error_summary(ev: Evaluation) -> dict[str, Counter]:
    """Errors counted by reason (FN / FP separately) and false relations counted by the rule behind them."""
    out = {"FN": Counter(), "FP": Counter(), "FP relations by rule": Counter()}
    for a in ev.articles:
        for m in a.errors:
            out[m.kind][f"{m.item}: {m.reason}"] += 1
            if m.kind == "FP" and m.item == "relation":
                out["FP relations by rule"][m.rule or "(no rule)"] += 1
    return out


def evaluate(predictions: Iterable[Extraction | dict], gold: str | Path | Mapping[str, GoldArticle]) -> Evaluation:
    """Score predictions (Extractions or contract JSON objects) against a gold folder or loaded gold."""
    golds = load_gold(gold) if isinstance(gold, (str, Path)) else gold
    preds: dict[str, dict] = {}
    for p in predictions:
        doc = p.to_json() if isinstance(p, Extraction) else p
        preds[str(doc.get("article", ""))] = doc
    articles = tuple(score_article(g, preds.get(art), art) for art, g in golds.items())
    return Evaluation(
        entities=_sum_by_type(a.entities for a in articles),
        relations=_sum_by_type(a.relations for a in articles),
        articles=articles,
        unscored=tuple(sorted(a for a in preds if a not in golds)),
    )


def _by_type(tp: Counter, fp: Counter, fn: Counter) -> dict[str, Counts]:
    types = sorted(set(tp) | set(fp) | set(fn), key=str)
    return {str(k): Counts(tp[k], fp[k], fn[k]) for k in types}


def _sum_by_type(parts: Iterable[dict[str, Counts]]) -> dict[str, Counts]:
    total: dict[str, Counts] = {}
    for part in parts:
        for k, c in part.items():
            total[k] = total.get(k, Counts()) + c
    return dict(sorted(total.items()))
