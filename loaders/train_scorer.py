"""Train the relation scorer from the gold and measure it by cross-validation over articles.

    python3 -m loaders.train_scorer            # CV table, then writes loaders/data/models/relation_scorer.json
    python3 -m loaders.train_scorer --check    # retrain in memory: does the shipped file come out byte-identical?

Corpora: the seeds (../shared/gold), tests/heldout and, when present, ../shared/realdev (read in place).
Every article is extracted once with the rules alone; its candidates are labelled by the gold (a pair of
gold entities with that relation: 1, any other pair: 0, an optional gold relation: left out). The score
of each use (add unproposed pairs, drop rule edges, both) is measured by GroupKFold over articles: the
model and its threshold (chosen by an inner CV on the training articles only) never see the test article.
The model is switched on (`enabled`) only when the CV relation F1 beats the rules alone.
Needs scikit-learn (the `train` extra); the run time reads only the JSON.
"""
from __future__ import annotations

import argparse
import json
import sys
from dataclasses import dataclass, field
from pathlib import Path

from graph.errors import InputError
from loaders.assemble import assemble
from loaders.clean import clean
from loaders.evaluate import Counts, GoldArticle, load_gold, score_article
from loaders.extract import extract
from loaders.read import article_from_bytes
from loaders.relations.engine import Relations
from loaders.relations.scorer import MODEL, decide

ROOT = Path(__file__).resolve().parent.parent
FORMAT = 1
C = 0.5  # inverse L2 strength of the logistic regression
FOLDS = 5
ADD_GRID = (0.5, 0.6, 0.7, 0.8, 0.9)
DROP_GRID = (0.05, 0.1, 0.2, 0.3)
MODES = ("add", "drop", "both")


@dataclass
class Item:
    """One article: its rule output, candidates with labels, and what re-assembling needs."""

    corpus: str
    article: str
    gold: GoldArticle
    doc: object
    ctx: object
    per_sentence: list
    rels: Relations
    cands: list
    keep: set
    labels: list = field(default_factory=list)  # 1 / 0 / None (optional: not trained on) per candidate


def corpora() -> list[tuple[str, Path, Path]]:
    """(name, articles folder, gold folder) of each corpus present."""
    shared = ROOT.parent / "shared"
    out = [("seeds", ROOT / "seeds", shared / "gold"),
           ("heldout", ROOT / "tests" / "heldout" / "articles", ROOT / "tests" / "heldout" / "gold"),
           ("realdev", shared / "realdev" / "articles", shared / "realdev" / "gold")]
    return [c for c in out if c[1].is_dir() and c[2].is_dir()]


def label(gold: GoldArticle, key: tuple) -> int | None:
    """1 when both ends are gold entities with this gold relation, None when that relation is optional."""
    rtype, st, sn, dt, dn = key
    s, t = gold.match(st, sn), gold.match(dt, dn)
    if s is None or t is None or (rtype, s, t) not in gold.relations:
        return 0
    return None if gold.relations[(rtype, s, t)] else 1


def collect() -> list[Item]:
    """Every gold article of every corpus, extracted once with the rules alone."""
    items = []
    for name, arts, gold_dir in corpora():
        golds = load_gold(gold_dir)
        for p in sorted(arts.glob("*.txt")):
            if p.stem not in golds:
                continue
            doc = clean(article_from_bytes(p, p.read_bytes()))
            sink: list = []
            extract(doc, scorer=False, sink=sink)
            (rels, cands, keep), (ctx, per_sentence) = sink
            it = Item(name, p.stem, golds[p.stem], doc, ctx, per_sentence, rels, cands, keep)
            it.labels = [label(it.gold, c.key) for c in cands]
            items.append(it)
    return items


def fit(items: list[Item]) -> tuple[dict, float]:
    """Logistic regression (liblinear, fixed seed) on the labelled candidates: (weights, intercept)."""
    from scipy.sparse import csr_matrix
    from sklearn.linear_model import LogisticRegression

    names = sorted({x for it in items for c in it.cands for x in c.features})
    index = {n: i for i, n in enumerate(names)}
    rows, cols, y = [], [], []
    for it in items:
        for c, lab in zip(it.cands, it.labels):
            if lab is None:
                continue
            for x in set(c.features):
                rows.append(len(y))
                cols.append(index[x])
            y.append(lab)
    if len(set(y)) < 2:
        return {}, -5.0
    X = csr_matrix(([1.0] * len(rows), (rows, cols)), shape=(len(y), len(names)))
    lr = LogisticRegression(solver="liblinear", C=C, random_state=0, max_iter=1000).fit(X, y)
    weights = {n: round(float(w), 4) for n, w in zip(names, lr.coef_[0]) if round(float(w), 4) != 0.0}
    return weights, round(float(lr.intercept_[0]), 4)


def prob(weights: dict, intercept: float, feats) -> float:
    """The run-time formula (`scorer.Model.prob`), on a weights dict."""
    from loaders.relations.scorer import Model

    return Model(weights, intercept, None, None).prob(feats)


def folds(items: list[Item], k: int) -> list[tuple[list[int], list[int]]]:
    """GroupKFold over articles (every article its own group): (train indexes, test indexes)."""
    from sklearn.model_selection import GroupKFold

    idx = list(range(len(items)))
    groups = [f"{it.corpus}/{it.article}" for it in items]
    return [(list(tr), list(te)) for tr, te in GroupKFold(n_splits=min(k, len(items))).split(idx, groups=groups)]


def oof_scores(items: list[Item], k: int) -> list[list[float]]:
    """Out-of-fold probabilities of every candidate of `items` (each article scored by a model that did
    not see it)."""
    out: list[list[float]] = [[] for _ in items]
    for tr, te in folds(items, k):
        w, b = fit([items[i] for i in tr])
        for i in te:
            out[i] = [prob(w, b, c.features) for c in items[i].cands]
    return out


def predict(it: Item, scores: list[float] | None, add, drop) -> dict:
    """The article's extraction (contract JSON) with the scorer's decisions (scores None: rules alone)."""
    rels = Relations()
    rels.rels = dict(it.rels.rels)
    if scores is not None:
        decide(rels, list(zip(scores, it.cands)), add, drop, it.keep)
    return assemble(it.doc, it.ctx, it.per_sentence, list(rels.rels.values())).to_json()


def totals(items: list[Item], scores, add=None, drop=None) -> tuple[Counts, Counts]:
    """(entity, relation) counts over `items` (scores None: rules alone)."""
    ent, rel = Counts(), Counts()
    for i, it in enumerate(items):
        a = score_article(it.gold, predict(it, None if scores is None else scores[i], add, drop), it.article)
        ent += sum(a.entities.values(), Counts())
        rel += sum(a.relations.values(), Counts())
    return ent, rel


def grid(mode: str) -> list[tuple]:
    """The (add, drop) thresholds tried for a use of the scorer."""
    if mode == "add":
        return [(a, None) for a in ADD_GRID]
    if mode == "drop":
        return [(None, d) for d in DROP_GRID]
    return [(a, d) for a in ADD_GRID for d in DROP_GRID]


def choose(items: list[Item], scores, mode: str) -> tuple:
    """The thresholds of `mode` with the best relation F1 on `items` under `scores` (first of ties)."""
    best, best_f1 = None, -1.0
    for add, drop in grid(mode):
        f1 = totals(items, scores, add, drop)[1].f1
        if f1 > best_f1 + 1e-9:
            best, best_f1 = (add, drop), f1
    return best


def corpus_folds(items: list[Item]) -> list[tuple[list[int], list[int]]]:
    """Leave one corpus out: train on the others, test on it."""
    names = sorted({it.corpus for it in items})
    return [([i for i, it in enumerate(items) if it.corpus != n], [i for i, it in enumerate(items) if it.corpus == n])
            for n in names]


def cross_validate(items: list[Item], k: int = FOLDS, splits=None) -> dict:
    """Outer GroupKFold (or the given `splits`): per test fold, the model fitted and each mode's thresholds
    chosen (inner CV) on the training articles only. Returns the test articles' counts by corpus and mode."""
    by: dict[tuple[str, str], list[Counts]] = {}
    for tr, te in splits or folds(items, k):
        train = [items[i] for i in tr]
        inner = oof_scores(train, k)
        w, b = fit(train)
        test = [items[i] for i in te]
        scores = [[prob(w, b, c.features) for c in it.cands] for it in test]
        picks = {m: choose(train, inner, m) for m in MODES}
        for j, it in enumerate(test):
            for mode in ("rules",) + MODES:
                add, drop = (None, None) if mode == "rules" else picks[mode]
                a = score_article(it.gold, predict(it, None if mode == "rules" else scores[j], add, drop),
                                  it.article)
                acc = by.setdefault((it.corpus, mode), [Counts(), Counts()])
                acc[0] += sum(a.entities.values(), Counts())
                acc[1] += sum(a.relations.values(), Counts())
    return by


def cv_table(by: dict) -> dict:
    """{corpus or "all": {mode: {entity_f1, relation_f1, relation_p, relation_r}}} from `cross_validate`."""
    out: dict = {}
    names = sorted({c for c, _ in by}) + ["all"]
    for corpus in names:
        for mode in ("rules",) + MODES:
            parts = [v for (c, m), v in by.items() if m == mode and (corpus == "all" or c == corpus)]
            ent = sum((p[0] for p in parts), Counts())
            rel = sum((p[1] for p in parts), Counts())
            out.setdefault(corpus, {})[mode] = {"entity_f1": round(ent.f1, 4), "relation_f1": round(rel.f1, 4),
                                                "relation_p": round(rel.precision, 4),
                                                "relation_r": round(rel.recall, 4)}
    return out


def train(items: list[Item]) -> dict:
    """The model document: CV table, the best mode by CV (enabled only if it beats the rules), the
    weights fitted on every article and that mode's thresholds chosen by CV on every article."""
    table = cv_table(cross_validate(items))
    overall = table["all"]
    mode = max(MODES, key=lambda m: (overall[m]["relation_f1"], -MODES.index(m)))
    enabled = overall[mode]["relation_f1"] > overall["rules"]["relation_f1"] and \
        overall[mode]["entity_f1"] >= overall["rules"]["entity_f1"]
    add, drop = choose(items, oof_scores(items, FOLDS), mode)
    w, b = fit(items)
    return {"format": FORMAT, "about": "relation candidate scorer; python3 -m loaders.train_scorer",
            "corpora": {c: sum(1 for it in items if it.corpus == c) for c in sorted({it.corpus for it in items})},
            "C": C, "mode": mode, "enabled": enabled, "add": add, "drop": drop, "intercept": b,
            "weights": dict(sorted(w.items())), "cv": table}


def dumps(model: dict) -> str:
    """The model file's text (sorted keys, one weight a line: byte-identical on retraining)."""
    return json.dumps(model, ensure_ascii=False, indent=1, sort_keys=True) + "\n"


def ceiling(items: list[Item]) -> dict:
    """Relation F1 per corpus of a perfect scorer over these candidates (adds every gold pair, drops every
    false rule edge): the most any pair scorer could add to the rules."""
    out = {}
    for name in sorted({it.corpus for it in items}) + ["all"]:
        sub = [it for it in items if name == "all" or it.corpus == name]
        perfect = [[1.0 if lab == 1 else 0.5 if lab is None else 0.0 for lab in it.labels] for it in sub]
        out[name] = round(totals(sub, perfect, 0.9, 0.4)[1].f1, 4)
    return out


def print_table(table: dict, out=sys.stdout) -> None:
    """The CV table: entity F1 and relation F1 / P / R per corpus and mode."""
    print(f"{'corpus':10} {'mode':6} {'ent F1':>7} {'rel F1':>7} {'rel P':>7} {'rel R':>7}", file=out)
    for corpus, modes in table.items():
        for mode, r in modes.items():
            print(f"{corpus:10} {mode:6} {r['entity_f1']:7.4f} {r['relation_f1']:7.4f} {r['relation_p']:7.4f} "
                  f"{r['relation_r']:7.4f}", file=out)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", default=str(MODEL), help="where to write the model (default: the shipped file)")
    ap.add_argument("--check", action="store_true", help="compare with the shipped file instead of writing")
    ap.add_argument("--more", action="store_true", help="also print leave-one-corpus-out CV and the ceiling")
    args = ap.parse_args(argv)
    try:
        import sklearn  # noqa: F401
    except ImportError:
        print("train_scorer needs scikit-learn: pip install -e '.[train]'", file=sys.stderr)
        return 2
    names = [c[0] for c in corpora()]
    if "realdev" not in names:
        print(f"../shared/realdev not present: the shipped model is trained on it too (corpora here: {names})",
              file=sys.stderr)
        if args.check:
            return 2
    try:
        items = collect()
        model = train(items)
    except InputError as exc:
        print(exc, file=sys.stderr)
        return 2
    print_table(model["cv"])
    if args.more:
        print("leave one corpus out:")
        print_table(cv_table(cross_validate(items, splits=corpus_folds(items))))
        print("ceiling (a perfect scorer over these candidates), relation F1:", ceiling(items))
    print(f"mode {model['mode']}, add {model['add']}, drop {model['drop']}, enabled {model['enabled']}, "
          f"{len(model['weights'])} weights")
    text = dumps(model)
    if args.check:
        same = Path(args.out).is_file() and Path(args.out).read_text(encoding="utf-8") == text
        print("shipped model reproduced byte-identically" if same else f"{args.out} differs from a retrained model")
        return 0 if same else 1
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    Path(args.out).write_text(text, encoding="utf-8")
    print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
