"""The extractor meets the seed targets of the brief, scored by the shared scorer (floors just below what it
reaches: entity 0.960, relation 0.922 after the session-3 prose rules; the brief's targets are 0.92 / 0.80)."""
import json

import pytest

from graph.model import Article
from loaders.clean import clean
from loaders.extract import extract

from extract_helpers import ROOT, SCORER, load_scorer

ENTITY_F1, RELATION_F1 = 0.95, 0.91


@pytest.mark.skipif(not SCORER.exists(), reason="shared/tools/score.py not beside the repo")
def test_seed_scores_meet_targets(tmp_path):
    lines = []
    for p in sorted((ROOT / "seeds").glob("*.txt")):
        ex = extract(clean(Article(id=p.stem, path=str(p), text=p.read_text(encoding="utf-8"))))
        lines.append(json.dumps(ex.to_json(), ensure_ascii=False))
    pred = tmp_path / "pred.jsonl"
    pred.write_text("\n".join(lines), encoding="utf-8")
    out = tmp_path / "report.json"
    score = load_scorer()
    import contextlib
    import io
    buf = io.StringIO()
    with contextlib.redirect_stdout(buf):
        score.main(["--gold", str(ROOT / "tests" / "gold"), "--pred", str(pred), "--json"])
    report = json.loads(buf.getvalue())
    ef1 = report["entities"]["all"]["f1"]
    rf1 = report["relations"]["all"]["f1"]
    assert ef1 >= ENTITY_F1, f"entity F1 {ef1}"
    assert rf1 >= RELATION_F1, f"relation F1 {rf1}"
