"""Scoring: the library agrees with shared/tools/score.py, and its rules hold on small cases."""
from __future__ import annotations

import json
import random
import subprocess
import sys
from pathlib import Path

import opencc
import pytest

from graph.errors import InputError
from graph.model import Entity, Extraction, Relation
from loaders.evaluate import Counts, GoldArticle, evaluate, load_gold, normalize, score_article

ROOT = Path(__file__).resolve().parents[2]
SCORE_PY = ROOT.parent / "shared" / "tools" / "score.py"
_S2T = opencc.OpenCC("s2t")


def _perturb(gold: dict, rng: random.Random) -> dict:
    """A plausible noisy prediction made from a gold file: misses, false hits, aliases, duplicates, script."""
    entities, relations = [], []
    for e in gold["entities"]:
        roll = rng.random()
        if roll < 0.15:
            continue  # a miss
        name = e["name"]
        if roll < 0.35 and e.get("aliases"):
            name = rng.choice(e["aliases"])  # found under an alias
        elif roll < 0.45:
            name = _S2T.convert(name)  # traditional script
        elif roll < 0.5:
            name = f"《{name}》"
        etype = e["type"] if rng.random() > 0.08 else rng.choice(["Platform", "Enterprise", "Chain"])
        entities.append({"type": etype, "name": name, "aliases": []})
        if rng.random() < 0.1 and e.get("aliases"):  # the same entity twice: a duplicate
            entities.append({"type": etype, "name": e["aliases"][-1], "aliases": []})
    for i in range(rng.randint(1, 5)):
        entities.append({"type": rng.choice(["Platform", "GovernmentBody"]), "name": f"虚构机构{i}", "aliases": []})
    names = [e["name"] for e in gold["entities"]]
    for r in gold.get("relations", []):
        roll = rng.random()
        if roll < 0.2:
            continue
        rtype = r["type"] if roll > 0.3 else rng.choice(["LEADS", "SUPPORTS", "COVERS"])
        relations.append({"type": rtype, "source": r["source"], "target": r["target"], "evidence": ""})
        if rng.random() < 0.1:
            relations.append(dict(relations[-1]))  # an exact repeat
    for _ in range(rng.randint(0, 4)):
        relations.append({"type": "SUPPORTS", "source": rng.choice(names), "target": rng.choice(names + ["虚构机构0"]),
                          "evidence": ""})
    return {"article": gold["article"], "entities": entities, "relations": relations}


def _score_py(gold_dir, preds: list[dict], tmp_path) -> dict:
    pred_file = tmp_path / "pred.jsonl"
    pred_file.write_text("".join(json.dumps(p, ensure_ascii=False) + "\n" for p in preds), encoding="utf-8")
    proc = subprocess.run([sys.executable, str(SCORE_PY), "--gold", str(gold_dir), "--pred", str(pred_file), "--json"],
                          capture_output=True, text=True, check=True)
    return json.loads(proc.stdout)


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_agrees_with_score_py_on_noisy_predictions(gold_dir, tmp_path, seed):
    rng = random.Random(seed)
    golds = [json.loads(p.read_text(encoding="utf-8")) for p in sorted(gold_dir.glob("*.json"))]
    preds = [_perturb(g, rng) for g in golds[1:]]  # the first gold article has no prediction: all missed
    preds.append({"article": "not_in_gold", "entities": [{"type": "Chain", "name": "x产业链"}], "relations": []})
    reference = _score_py(gold_dir, preds, tmp_path)
    ours = evaluate(preds, gold_dir).to_json()
    for what in ("entities", "relations"):
        assert ours[what]["all"] == reference[what]["all"]
        assert ours[what]["by_type"] == reference[what]["by_type"]
    assert ours["articles"] == reference["articles"]
    assert ours["entities"]["all"]["fp"] > 0 and ours["relations"]["all"]["fn"] > 0  # the noise did something
    assert ours["unscored"] == ["not_in_gold"]


def test_agrees_with_score_py_on_the_extractor_output(gold_dir, seeds_dir, tmp_path):
    from loaders.pipeline import extract_paths

    run = extract_paths([seeds_dir])
    preds = [e.to_json() for e in run.extractions]
    reference = _score_py(gold_dir, preds, tmp_path)
    ours = evaluate(run.extractions, gold_dir).to_json()
    for what in ("entities", "relations"):
        assert ours[what] == reference[what]


GOLD = {
    "article": "a",
    "entities": [
        {"type": "GovernmentBody", "name": "国家市场监督管理总局", "aliases": ["市场监管总局"]},
        {"type": "Chain", "name": "新型储能产业链", "aliases": ["新型储能"]},
        {"type": "Platform", "name": "衡山实验室", "aliases": [], "optional": True},
        {"type": "PolicyDocument", "name": "质量强国建设纲要", "aliases": []},
    ],
    "relations": [
        {"type": "COVERS", "source": "国家市场监督管理总局", "target": "新型储能产业链"},
        {"type": "ISSUED", "source": "国家市场监督管理总局", "target": "质量强国建设纲要"},
        {"type": "SUPPORTS", "source": "衡山实验室", "target": "新型储能产业链", "optional": True},
    ],
}


def _ext(entities, relations=()):
    return Extraction(article="a", entities=tuple(Entity(t, n) for t, n in entities),
                      relations=tuple(Relation(rt, s, t, st, tt, evidence="") for rt, s, t, st, tt in relations))


def test_rules_on_a_small_case():
    gold = GoldArticle.from_json(GOLD)
    pred = _ext(
        [("GovernmentBody", "市场监管总局"), ("GovernmentBody", "国家市场监管总局"),  # same entity twice: FP
         ("Chain", "新型儲能"),  # traditional script of an alias: TP
         ("Platform", "衡山实验室"),  # optional: neither
         ("Platform", "质量强国建设纲要")],  # wrong type: FP, and the gold document is missed
        [("COVERS", "市场监管总局", "新型储能", "GovernmentBody", "Chain"),  # TP via aliases
         ("SUPPORTS", "衡山实验室", "新型储能产业链", "Platform", "Chain"),  # optional: neither
         ("ISSUED", "国家市场监督管理总局", "质量强国建设纲要", "GovernmentBody", "PolicyDocument")],
    )
    score = score_article(gold, pred)
    assert score.entities == {"Chain": Counts(1, 0, 0), "GovernmentBody": Counts(1, 1, 0),
                              "Platform": Counts(0, 1, 0), "PolicyDocument": Counts(0, 0, 1)}
    # the ISSUED target was typed Platform by the prediction, so it matches no gold entity
    assert score.relations == {"COVERS": Counts(1, 0, 0), "ISSUED": Counts(0, 1, 1)}
    assert [str(m) for m in score.errors if m.kind == "FP" and m.item == "entity"] == [
        "FP entity GovernmentBody:国家市场监管总局 (duplicate of 国家市场监督管理总局)  [duplicate]",
        "FP entity Platform:质量强国建设纲要  [wrong type]",
    ]


def test_errors_name_their_kind_and_the_rule_behind_a_false_relation():
    gold = GoldArticle.from_json({
        "article": "a",
        "entities": [{"type": "GovernmentBody", "name": "苏州市市场监督管理局"},
                     {"type": "Chain", "name": "纳米新材料产业链"},
                     {"type": "Chain", "name": "生物医药产业链"},
                     {"type": "PolicyDocument", "name": "苏州市质量强链方案"},
                     {"type": "Platform", "name": "苏州市计量测试院"}],
        "relations": [{"type": "COVERS", "source": "苏州市市场监督管理局", "target": "生物医药产业链"},
                      {"type": "ISSUED", "source": "苏州市市场监督管理局", "target": "苏州市质量强链方案"},
                      {"type": "SUPPORTS", "source": "苏州市计量测试院", "target": "纳米新材料产业链"}],
    })
    pred = Extraction(article="a", entities=(
        Entity("GovernmentBody", "苏州市市场监督管理局"), Entity("Chain", "纳米新材料产业链"),
        Entity("Chain", "生物医药产业链"), Entity("Chain", "苏州市质量强链方案"),
        Entity("Platform", "计量测试院"), Entity("Enterprise", "星河电子")),
        relations=(Relation("COVERS", "苏州市市场监督管理局", "纳米新材料产业链", "GovernmentBody", "Chain", "",
                            rule="covers.subject_trigger_chain"),
                   Relation("LEADS", "星河电子", "生物医药产业链", "Enterprise", "Chain", "", rule="leads.chain_master")))
    errors = {(m.kind, m.item, m.text.split(" (")[0]): m for m in score_article(gold, pred).errors}
    assert errors["FN", "entity", "苏州市质量强链方案"].reason == "wrong type"
    assert errors["FN", "entity", "苏州市计量测试院"].reason == "boundary"
    assert errors["FP", "entity", "计量测试院"].reason == "boundary"
    assert errors["FP", "entity", "星河电子"].reason == "spurious"
    assert errors["FN", "relation", "苏州市市场监督管理局 -> 生物医药产业链"].reason == "both ends found"
    assert errors["FN", "relation", "苏州市计量测试院 -> 纳米新材料产业链"].reason == "missing an end"
    wrong = errors["FP", "relation", "苏州市市场监督管理局 -> 纳米新材料产业链"]
    assert (wrong.reason, wrong.rule) == ("wrong pair", "covers.subject_trigger_chain")
    stray = errors["FP", "relation", "星河电子 -> 生物医药产业链"]
    assert (stray.reason, stray.rule) == ("end not in gold", "leads.chain_master")
    assert "rule leads.chain_master" in str(stray)


def test_counts_formulas():
    assert (Counts(0, 0, 0).precision, Counts(0, 0, 0).recall, Counts(0, 0, 0).f1) == (1.0, 1.0, 1.0)
    assert Counts(0, 0, 3).precision == 0.0 and Counts(0, 0, 3).f1 == 0.0
    c = Counts(3, 1, 2)
    assert (c.precision, c.recall) == (0.75, 0.6)
    assert c.f1 == pytest.approx(2 * 0.75 * 0.6 / 1.35)
    assert Counts(1, 2, 3) + Counts(4, 5, 6) == Counts(5, 7, 9)


def test_normalize():
    assert normalize("《江蘇省質量強鏈工作指南》") == normalize("江苏省质量强链工作指南")
    assert normalize("產(chǎn)業(yè)鏈") == "产业链"
    assert normalize("湖南省市场监管局") == "湖南省市场监督管理局"
    assert normalize("ＡＢＣ 公司") == "abc公司"


# Names the two normalizations must treat alike: script, width, pinyin, brackets, quotes, the market regulator,
# and the cases where graph/names.py's fold_name differs on purpose (variants, list punctuation).
MIRROR_NAMES = ["《江蘇省質量強鏈工作指南》", "產(chǎn)業(yè)鏈", "湖南省市场监管局", "国家市场监管总局", "ＡＢＣ 公司",
                "“链长制”工作方案", "（福建）自贸区", "陜西省工業和信息化廳", "A.O.史密斯（中国）有限公司",
                "深圳市、东莞市", "中國(pinyin)計量院", "", "  ", "Ⅻ号线", "‘智能家电’产业链", "峯綫公司", "《〈标准〉》"]


def test_normalize_mirrors_score_py_on_purpose():
    # loaders/evaluate.normalize is NOT graph/names.fold_name: it copies score.py's norm() so that
    # `chaingraph evaluate` scores exactly as the reference scorer does; this test keeps the copy true.
    if not SCORE_PY.is_file():
        pytest.skip(f"{SCORE_PY} is not here: nothing to compare evaluate.normalize with")
    import importlib.util

    spec = importlib.util.spec_from_file_location("reference_score", SCORE_PY)
    score = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(score)
    rng = random.Random(7)
    names = MIRROR_NAMES + [_S2T.convert(n) for n in MIRROR_NAMES]
    names += ["".join(rng.sample(n + "（）· 市场监管局", k=len(n))) for n in MIRROR_NAMES if n.strip()]
    assert [normalize(n) for n in names] == [score.norm(n) for n in names]


def test_bad_gold_is_an_input_error(tmp_path):
    with pytest.raises(InputError, match="gold folder not found"):
        load_gold(tmp_path / "missing")
    with pytest.raises(InputError, match=r"no gold files"):
        load_gold(tmp_path)
    (tmp_path / "a.json").write_text("{not json", encoding="utf-8")
    with pytest.raises(InputError, match=r"a\.json: unreadable gold file"):
        load_gold(tmp_path)
    (tmp_path / "a.json").write_text(json.dumps({"entities": [], "relations": [
        {"type": "LEADS", "source": "x", "target": "y"}]}), encoding="utf-8")
    with pytest.raises(InputError, match=r"a\.json: gold relation names an unknown entity: LEADS x -> y"):
        load_gold(tmp_path)
