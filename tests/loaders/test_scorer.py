"""The learned relation scorer: its features on invented sentences, its decisions, the switch, the model
file (no article text, reproduced byte-identically by the training script) and its CV figures."""
import json
import re
from pathlib import Path

import pytest

from graph.model import Article
from loaders import pipeline
from loaders.clean import clean
from loaders.extract import extract, options_key, scorer_default
from loaders.relations import scorer
from loaders.relations.engine import Relations
from loaders.relations.scorer import MODEL, Candidate, Model, decide, load_model

from extract_helpers import ROOT

REALDEV = ROOT.parent / "shared" / "realdev"


def _candidates(text: str) -> dict:
    """The scorer's candidates of an invented one-article text, by key (first reading)."""
    sink: list = []
    extract(clean(Article(id="t", path="t.txt", text=text)), scorer=False, sink=sink)
    (_, cands, _), _ = sink
    out = {}
    for c in cands:
        out.setdefault(c.key, c)
    return out


def test_features_of_an_issuing_sentence():
    cands = _candidates("湖南省市场监督管理局印发《湖南省质量强链行动方案》，聚焦先进装备制造产业链。\n")
    issued = cands[("ISSUED", "GovernmentBody", "湖南省市场监督管理局", "PolicyDocument", "湖南省质量强链行动方案")]
    f = set(issued.features)
    assert issued.rule == "issued.subject_verb_title"
    assert {"ISSUED|rule", "ISSUED|forward", "ISSUED|trig_between=ISSUED", "ISSUED|between=0", "ISSUED|breaks=0",
            "ISSUED|src_subject", "ISSUED|same_clause"} <= f
    assert "ISSUED|target_in_list" not in f  # a comma ends a clause, it joins no list
    leads = cands[("LEADS", "GovernmentBody", "湖南省市场监督管理局", "Chain", "先进装备制造产业链")]
    g = set(leads.features)
    assert leads.rule is None and "LEADS|norule" in g and "LEADS|rule_other_type" in g
    assert {"LEADS|breaks=1", "LEADS|between=1", "LEADS|trig_between=COVERS"} <= g
    assert "LEADS|same_clause" not in g


def test_features_of_a_list_and_of_a_backward_pair():
    cands = _candidates("该联盟将为新能源汽车产业链、集成电路产业链上企业提供检测服务。由广州市人民政府出台《广州市链长制工作方案》。\n")
    chains = [c for k, c in cands.items() if k[4] == "新能源汽车产业链" and k[0] == "SUPPORTS"]
    assert not chains or all("SUPPORTS|target_in_list" in c.features for c in chains)
    circuit = [c for k, c in cands.items() if k[4] == "集成电路产业链" and k[0] == "SUPPORTS"]
    assert not circuit or all("SUPPORTS|tgt_then=链上" in c.features for c in circuit)
    issued = [c for k, c in cands.items() if k[0] == "ISSUED"]
    assert issued and all("ISSUED|gap_has=由" not in c.features for c in issued)  # 由 stands before both


def test_model_probability_is_the_logistic_of_the_weight_sum():
    m = Model({"a": 1.0, "b": -0.5}, 0.25, 0.5, 0.1)
    assert m.prob(("a", "b", "unknown")) == pytest.approx(1 / (1 + 2.718281828459045 ** -0.75))
    assert m.prob(()) == pytest.approx(1 / (1 + 2.718281828459045 ** -0.25))


class _M:
    def __init__(self, name, type_):
        self.name, self.type, self.region = name, type_, None


def _cand(rtype, s, d, rule):
    return Candidate((rtype, s.type, s.name, d.type, d.name), (), rule, (rtype, s, d, rule or "scorer", 0.5),
                     "evidence", None)


def test_decide_adds_above_and_drops_below_and_keeps_article_rules():
    org, doc, doc2, doc3 = (_M("甲局", "GovernmentBody"), _M("文件一", "PolicyDocument"),
                            _M("文件二", "PolicyDocument"), _M("文件三", "PolicyDocument"))
    rels = Relations()
    ruled, kept = _cand("ISSUED", org, doc, "r1"), _cand("ISSUED", org, doc3, "r2")
    for c in (ruled, kept):
        rels.add(c.hit, "evidence", None)
    new, weak = _cand("ISSUED", org, doc2, None), _cand("COVERS", doc, doc3, None)
    decide(rels, [(0.05, ruled), (0.01, kept), (0.9, new), (0.2, weak)], add=0.5, drop=0.1, keep={kept.key})
    assert set(rels.rels) == {kept.key, new.key}
    assert rels.rels[new.key].rule == "scorer"
    rels2 = Relations()
    rels2.add(ruled.hit, "evidence", None)
    decide(rels2, [(0.05, ruled), (0.9, new)], add=None, drop=None)  # both uses off: the rules stand
    assert set(rels2.rels) == {ruled.key}


def test_the_switch_the_default_and_the_fingerprint(monkeypatch):
    text = (ROOT / "seeds" / "000_94aaf5c81d9f943d.txt").read_text(encoding="utf-8")
    art = Article(id="s", path="s.txt", text=text)
    off, on, on2 = extract(clean(art), scorer=False), extract(clean(art), scorer=True), extract(clean(art), scorer=True)
    assert on == on2  # deterministic
    assert on.entities == off.entities  # the scorer only touches relations
    assert extract(clean(art)) == (on if scorer_default() else off)
    assert scorer_default() == load_model().enabled
    assert options_key(True) != options_key(False) and options_key() == options_key(scorer_default())
    assert MODEL in pipeline.extractor_files()
    fp = pipeline.extractor_fingerprint()
    import loaders.extract as ex

    monkeypatch.setattr(ex, "scorer_default", lambda: not scorer_default())  # the scorer switched by default
    assert pipeline.extractor_fingerprint() != fp


def test_the_model_file_carries_no_article_text():
    """Every feature name is built from the scorer's own vocabulary: types, rule names, trigger keys,
    buckets and the few function words the code lists; no n-gram of a training article."""
    doc = json.loads(MODEL.read_text(encoding="utf-8"))
    allowed = set("".join(scorer._MARKERS + scorer._AFTER + scorer._BEFORE))
    for name in doc["weights"]:
        rtype, _, rest = name.partition("|")
        assert rtype in {e[0] for e in scorer.EDGES}, name
        assert set(re.findall(r"[\u4e00-\u9fff《]", rest)) <= allowed, name


def test_cv_fields_and_readme_figures():
    doc = json.loads(MODEL.read_text(encoding="utf-8"))
    cv = doc["cv"]
    assert set(cv["all"]) == {"rules", "add", "drop", "both"}
    for modes in cv.values():
        for r in modes.values():
            assert set(r) == {"entity_f1", "relation_f1", "relation_p", "relation_r"}
            assert r["entity_f1"] == modes["rules"]["entity_f1"]  # no use of the scorer changes entities
    enabled = doc["enabled"]
    best = max(cv["all"][m]["relation_f1"] for m in ("add", "drop", "both"))
    assert enabled == (best > cv["all"]["rules"]["relation_f1"])
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("### Statistical components"):]
    for corpus in cv:
        assert f"{cv[corpus]['rules']['relation_f1']:.3f}" in section, corpus


@pytest.mark.slow
@pytest.mark.skipif(not (REALDEV / "gold").is_dir(), reason=f"{REALDEV} not present: the shipped model is "
                    "trained on it too, so it cannot be reproduced without it")
def test_retraining_reproduces_the_shipped_model_byte_identically(capsys):
    pytest.importorskip("sklearn", reason="the train extra (scikit-learn) is not installed")
    from loaders import train_scorer

    assert train_scorer.main(["--check"]) == 0
    out = capsys.readouterr().out
    assert "reproduced byte-identically" in out
    assert re.search(r"^all +rules +\d\.\d{4} +\d\.\d{4}", out, re.M)  # the CV table is printed
