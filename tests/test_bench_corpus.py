"""The synthetic benchmark corpus (bench/corpus.py): deterministic, and its ground truth is consistent."""
from __future__ import annotations

import importlib.util
import json
import re
import sys
import unicodedata
from pathlib import Path

import opencc
import pytest

ROOT = Path(__file__).resolve().parent.parent


def _load_corpus():
    spec = importlib.util.spec_from_file_location("bench_corpus", ROOT / "bench" / "corpus.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while the class is created
    spec.loader.exec_module(module)
    return module


corpus = _load_corpus()

# SCHEMA.md's edge table: which node types each edge type may join.
ALLOWED = {
    "LEADS": {("GovernmentBody", "Chain"), ("Enterprise", "Chain"), ("Enterprise", "Platform"),
              ("GovernmentBody", "Platform"), ("Platform", "Platform")},
    "SUPPORTS": {(s, t) for s in ("Platform", "GovernmentBody", "Enterprise") for t in ("Chain", "Enterprise")},
    "ISSUED": {("GovernmentBody", "PolicyDocument")},
    "COVERS": {(s, "Chain") for s in ("PolicyDocument", "GovernmentBody", "Platform")},
    "MEMBER_OF": {("Enterprise", "Chain")},
}
_T2S = opencc.OpenCC("t2s")
_PINYIN = re.compile(r"\([a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü]+\)")


def _fold(text: str) -> str:
    """Text as the scorer compares it: no pinyin, simplified, NFKC, no quotes/spaces."""
    text = _T2S.convert(_PINYIN.sub("", text)).replace("陜", "陕")
    return re.sub(r"[\s\"'“”《》()]", "", unicodedata.normalize("NFKC", text))


@pytest.fixture(scope="module")
def articles():
    return list(corpus.generate(80, seed=3))


def test_same_seed_same_corpus_and_prefix_stable(articles):
    again = list(corpus.generate(80, seed=3))
    assert [(a.id, a.text, a.gold()) for a in again] == [(a.id, a.text, a.gold()) for a in articles]
    assert corpus.generate_article(41, seed=3) == articles[41]  # article i depends only on (seed, i)
    other = list(corpus.generate(80, seed=4))
    assert sum(a.text == b.text for a, b in zip(articles, other)) == 0


def test_corpus_mixes_scripts_and_noise(articles):
    texts = [a.text for a in articles]
    assert 10 <= sum(a.traditional for a in articles) <= 40
    assert any(re.search(r"產\(chǎn\)", t) for t in texts)  # inline pinyin noise
    assert any("," in t for t in texts) and any("，" in t for t in texts)
    assert any("首页 >" in t for t in texts) and any("版权所有" in t or "责任编辑" in t for t in texts)
    assert len({len(t) for t in texts}) > 40


def test_ground_truth_is_consistent_with_schema_and_text(articles):
    total_relations = 0
    for art in articles:
        gold = art.gold()
        types = {e["name"]: e["type"] for e in gold["entities"]}
        assert len(types) == len(gold["entities"]), "canonical names are unique per article"
        folded = _fold(art.text)
        for e in gold["entities"]:
            forms = [e["name"], *e["aliases"]]
            assert any(_fold(f) in folded for f in forms), (art.id, e["name"])
        seen = set()
        for r in gold["relations"]:
            assert (r["type"], types[r["source"]], types[r["target"]]) in {
                (r["type"], *pair) for pair in ALLOWED[r["type"]]}, (art.id, r)
            assert r["evidence"] in art.text, (art.id, r["evidence"])
            assert r["source"] != r["target"]
            key = (r["type"], r["source"], r["target"])
            assert key not in seen
            seen.add(key)
            total_relations += not r.get("optional")
    assert total_relations >= 10 * len(articles)


def test_write_corpus_is_byte_identical(tmp_path):
    a = corpus.write_corpus(12, tmp_path / "a", seed=9)
    b = corpus.write_corpus(12, tmp_path / "b", seed=9)
    assert [p.name for p in a] == [p.name for p in b] and len(a) == 12
    for pa, pb in zip(a, b):
        assert pa.read_bytes() == pb.read_bytes()
        ga, gb = pa.parent / "gold" / f"{pa.stem}.json", pb.parent / "gold" / f"{pb.stem}.json"
        assert ga.read_bytes() == gb.read_bytes()
        assert json.loads(ga.read_text(encoding="utf-8"))["article"] == pa.stem


def test_cli_writes_n_articles(tmp_path):
    assert corpus.main(["5", str(tmp_path), "--seed", "1"]) == 0
    assert len(list(tmp_path.glob("*.txt"))) == 5 and len(list((tmp_path / "gold").glob("*.json"))) == 5
