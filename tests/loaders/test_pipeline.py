"""The build pipeline: determinism, parallelism, cache, bad inputs, writers, durability, the seed graph."""
from __future__ import annotations

import contextlib
import errno
import hashlib
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from collections import defaultdict
from pathlib import Path

import networkx as nx
import pytest

from graph.errors import GraphFileError
from graph.store import read_graph
from loaders.clean import clean
from loaders.evaluate import normalize
from graph.build import CACHE_DIR, MANIFEST, build, default_writers
from loaders.pipeline import extract_paths, extractor_fingerprint
from loaders.read import read_file

ROOT = Path(__file__).resolve().parents[2]
OUTPUTS = ("graph.json", "graph.graphml")  # the graph files, written first
DERIVED = ("report.html", "report.json", "views/index.html", "views/full.html")  # written by default too
EXTRA_ARTICLE = "广州市人民政府印发《广州市测试专用质量强链方案》,聚焦新型储能产业链开展质量提升行动。\n"


def _corpus(dst: Path, seeds_dir: Path, copies: int = 1) -> Path:
    """The seed articles, `copies` times each under distinct names."""
    dst.mkdir(parents=True, exist_ok=True)
    for seed in sorted(seeds_dir.glob("*.txt")):
        data = seed.read_bytes()
        for i in range(copies):
            name = seed.name if copies == 1 else f"{seed.stem}_{i:03d}.txt"
            (dst / name).write_bytes(data)
    return dst


def _bytes(out: Path) -> dict[str, bytes]:
    """Every output file as a reader sees it (graph files, views, report; links followed), not the cache."""
    found: dict[str, bytes] = {}
    for top in sorted(out.iterdir()):
        if top.name.startswith("."):
            continue
        paths = [top] if top.is_file() else sorted(Path(d) / f for d, _, fs in os.walk(top, followlinks=True)
                                                    for f in fs)
        found.update({p.relative_to(out).as_posix(): p.read_bytes() for p in paths if p.is_file()})
    return found


def _names(result) -> list[str]:
    return [p.relative_to(result.out_dir).as_posix() for p in result.files]


def _cli(*args: str, **kw) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "graph.cli", *args], capture_output=True, text=True, cwd=ROOT, **kw)


# --- determinism and parallelism ------------------------------------------------------

def test_same_corpus_gives_byte_identical_outputs(seeds_dir, tmp_path):
    first = build([seeds_dir], tmp_path / "a")
    second = build([seeds_dir], tmp_path / "b", cache=False)
    assert _bytes(tmp_path / "a") == _bytes(tmp_path / "b")
    assert first.articles_ok == 5 and first.articles_failed == 0 and not first.up_to_date
    names = _names(first)
    assert names[:2] == list(OUTPUTS) and set(DERIVED) <= set(names)
    assert sorted(names) == sorted(_bytes(tmp_path / "a"))
    g = read_graph(tmp_path / "a")
    assert sum(first.nodes_by_type.values()) == g.number_of_nodes()
    assert sum(first.edges_by_type.values()) == g.number_of_edges()
    assert second.nodes_by_type == first.nodes_by_type and second.edges_by_type == first.edges_by_type


@pytest.mark.slow
def test_two_jobs_give_the_same_graph_as_one(seeds_dir, tmp_path):
    corpus = _corpus(tmp_path / "corpus", seeds_dir, copies=4)
    (corpus / "extra.txt").write_text(EXTRA_ARTICLE, encoding="utf-8")
    one = build([corpus], tmp_path / "one", jobs=1, cache=False)
    two = build([corpus], tmp_path / "two", jobs=2, cache=False)
    assert one.articles_ok == two.articles_ok == 21
    assert _bytes(tmp_path / "one") == _bytes(tmp_path / "two")


def test_progress_reports_every_article_then_resolving_and_writing(seeds_dir, tmp_path):
    events = []
    build([seeds_dir], tmp_path / "out", progress=lambda *e: events.append(e))
    assert events == [("reading", i, 5) for i in range(6)] + [("resolving", 0, 1)] + [
        ("writing", i, len(default_writers())) for i in range(len(default_writers()) + 1)]


def test_extract_paths_keeps_input_order_and_lists_failures(seeds_dir, tmp_path):
    (tmp_path / "empty.txt").write_bytes(b"")
    run = extract_paths([seeds_dir, tmp_path / "empty.txt", tmp_path / "missing.md"])
    assert [e.article for e in run.extractions] == sorted(p.stem for p in seeds_dir.glob("*.txt"))
    assert all(e.path.endswith(f"{e.article}.txt") for e in run.extractions)
    assert run.failures == (f"{tmp_path / 'missing.md'}: no such file or directory",
                            f"{tmp_path / 'empty.txt'}: empty file")


# --- cache and up-to-date rebuilds ---------------------------------------------------

def test_unchanged_corpus_is_up_to_date(seeds_dir, tmp_path):
    out = tmp_path / "out"
    first = build([seeds_dir], out)
    before = _bytes(out)
    inodes = {name: (out / name).stat().st_ino for name in OUTPUTS}
    again = build([seeds_dir], out)
    assert again.up_to_date
    assert (again.nodes_by_type, again.edges_by_type, again.articles_ok) == (
        first.nodes_by_type, first.edges_by_type, first.articles_ok)
    assert _names(again) == _names(first)
    assert _bytes(out) == before
    assert {name: (out / name).stat().st_ino for name in OUTPUTS} == inodes  # not even rewritten


def test_changed_file_is_reextracted_and_the_rest_comes_from_cache(seeds_dir, tmp_path):
    corpus = _corpus(tmp_path / "corpus", seeds_dir)
    out = tmp_path / "out"
    build([corpus], out)
    changed = sorted(corpus.glob("*.txt"))[2]
    changed.write_text(changed.read_text(encoding="utf-8") + "\n" + EXTRA_ARTICLE, encoding="utf-8")
    rebuilt = build([corpus], out)
    assert not rebuilt.up_to_date
    assert rebuilt.cached == 4
    fresh = build([corpus], tmp_path / "fresh", cache=False)
    assert _bytes(out) == _bytes(tmp_path / "fresh")
    assert rebuilt.nodes_by_type == fresh.nodes_by_type
    assert build([corpus], out).up_to_date


def test_corrupt_cache_entries_are_recomputed(seeds_dir, tmp_path):
    out = tmp_path / "out"
    build([seeds_dir], out)
    before = _bytes(out)
    entries = sorted((out / CACHE_DIR / "extract").rglob("*.json"))
    assert len(entries) == 5
    entries[0].write_bytes(entries[0].read_bytes()[:40])  # truncated
    entries[1].write_bytes(b"\xff\xfe not json")
    entries[2].write_text(json.dumps({"format": 1, "key": "other", "extraction": {}}), encoding="utf-8")
    (out / CACHE_DIR / MANIFEST).unlink()
    rebuilt = build([seeds_dir], out)
    assert not rebuilt.up_to_date and rebuilt.cached == 2
    assert _bytes(out) == before
    assert json.loads(entries[0].read_bytes())["key"] == entries[0].stem  # rewritten whole


def test_damaged_output_is_rebuilt_not_trusted(seeds_dir, tmp_path):
    out = tmp_path / "out"
    build([seeds_dir], out)
    before = _bytes(out)
    (out / "graph.json").write_bytes(before["graph.json"][:100])
    rebuilt = build([seeds_dir], out)
    assert not rebuilt.up_to_date and rebuilt.cached == 5
    assert _bytes(out) == before
    (out / "graph.graphml").unlink()
    assert not build([seeds_dir], out).up_to_date
    assert _bytes(out) == before


def test_fingerprint_covers_the_extractor_sources():
    fp = extractor_fingerprint()
    assert fp == extractor_fingerprint() and len(fp) == 64


# --- adding an article -------------------------------------------------------------

def test_adding_an_article_only_adds(seeds_dir, tmp_path):
    corpus = _corpus(tmp_path / "corpus", seeds_dir)
    last = sorted(corpus.glob("*.txt"))[-1]
    shutil.move(last, tmp_path / last.name)
    build([corpus], tmp_path / "old")
    shutil.move(tmp_path / last.name, last)
    build([corpus], tmp_path / "new")
    old, new = read_graph(tmp_path / "old"), read_graph(tmp_path / "new")
    assert set(old.nodes) <= set(new.nodes)
    assert set(old.edges(keys=True)) <= set(new.edges(keys=True))
    assert new.number_of_nodes() + new.number_of_edges() >= old.number_of_nodes() + old.number_of_edges()
    for n, a in old.nodes(data=True):
        b = new.nodes[n]
        assert (a["name"], a["type"]) == (b["name"], b["type"])
        assert set(a["articles"]) <= set(b["articles"]) and a["mentions"] <= b["mentions"]
    for u, v, k, a in old.edges(keys=True, data=True):
        b = new.edges[u, v, k]
        assert set(a["articles"]) <= set(b["articles"]) and set(a["evidences"]) <= set(b["evidences"])


# --- bad inputs and writers ------------------------------------------------------

def test_bad_inputs_are_listed_and_the_good_ones_built(seeds_dir, tmp_path):
    corpus = _corpus(tmp_path / "corpus", seeds_dir)
    (corpus / "empty.txt").write_bytes(b"")
    (corpus / "binary.txt").write_bytes(bytes(range(256)))
    result = build([corpus, tmp_path / "missing"], tmp_path / "out")
    assert result.articles_ok == 5 and result.articles_failed == 3 and not result.ok
    assert result.failures == (f"{tmp_path / 'missing'}: no such file or directory",
                               f"{corpus / 'binary.txt'}: binary file (contains NUL bytes)",
                               f"{corpus / 'empty.txt'}: empty file")
    g = read_graph(tmp_path / "out")
    assert sorted(g.graph["articles"]) == sorted(p.stem for p in seeds_dir.glob("*.txt"))
    assert not build([corpus], tmp_path / "out").up_to_date  # failures are reported again, never skipped


def test_nothing_readable_writes_nothing_and_keeps_the_previous_outputs(seeds_dir, tmp_path):
    out = tmp_path / "out"
    build([seeds_dir], out)
    before = _bytes(out)
    (tmp_path / "empty.txt").write_bytes(b"")
    result = build([tmp_path / "empty.txt"], out)
    assert result.articles_ok == 0 and result.files == () and not result.ok
    assert any("nothing written" in w for w in result.warnings)
    assert _bytes(out) == before


def test_writers_are_pluggable_and_a_failing_writer_keeps_old_outputs(seeds_dir, tmp_path):
    calls = []

    def count_writer(g: nx.MultiDiGraph, out_dir: Path) -> list[Path]:
        calls.append(g.number_of_nodes())
        from graph.fileio import write_atomic
        return [write_atomic(out_dir / "count.txt", f"{g.number_of_nodes()}\n")]

    out = tmp_path / "out"
    result = build([seeds_dir], out, writers=[*default_writers(), count_writer])
    names = _names(result)
    assert names[:2] == list(OUTPUTS) and names[-1] == "count.txt"
    assert calls == [read_graph(out).number_of_nodes()]
    before = _bytes(out)

    def full_disk(g: nx.MultiDiGraph, out_dir: Path) -> list[Path]:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    (tmp_path / "extra.txt").write_text(EXTRA_ARTICLE, encoding="utf-8")
    with pytest.raises(GraphFileError) as info:
        build([seeds_dir, tmp_path / "extra.txt"], out, writers=[full_disk, *default_writers()])
    assert str(info.value) == f"{out}: cannot write (No space left on device); the previous outputs are unchanged"
    assert _bytes(out) == before


def test_output_folder_under_a_regular_file_is_refused(seeds_dir, tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(GraphFileError, match=r"file/out: cannot create the output folder"):
        build([seeds_dir], blocker / "out")
    with pytest.raises(GraphFileError, match=r"file: cannot create the output folder"):
        build([seeds_dir], blocker)


def test_output_folder_inside_the_corpus_is_not_read(seeds_dir, tmp_path):
    corpus = _corpus(tmp_path / "corpus", seeds_dir)
    (corpus / "out").mkdir()
    (corpus / "out" / "view.html").write_text("<html><body><p>不是文章</p></body></html>")
    result = build([corpus], corpus / "out")
    assert result.articles_ok == 5 and result.failures == ()


# --- durability: a read-only folder (SIGKILL and full disk: tests/test_reliability_build.py) ---

def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _in_private_mount_ns(script: str, tmp_path: Path) -> subprocess.CompletedProcess:
    if shutil.which("unshare") is None:
        pytest.skip("unshare (util-linux) is not installed")
    probe = subprocess.run(["unshare", "-m", "true"], capture_output=True)
    if probe.returncode != 0:
        pytest.skip("cannot create a private mount namespace here (needs root or user namespaces)")
    return subprocess.run(["unshare", "-m", "sh", "-euc", script], capture_output=True, text=True, cwd=ROOT,
                          env={**os.environ, "PY": sys.executable, "T": str(tmp_path)})


@pytest.mark.slow
def test_read_only_output_folder_fails_with_one_line_and_keeps_old_outputs(seeds_dir, tmp_path):
    _corpus(tmp_path / "corpus", seeds_dir)
    out = tmp_path / "out"
    build([tmp_path / "corpus" / "000_94aaf5c81d9f943d.txt"], out)
    before = _bytes(out)
    script = """
mount --bind "$T/out" "$T/out"
mount -o remount,ro,bind "$T/out"
set +e
"$PY" -m graph.cli build "$T/corpus" --out "$T/out" --quiet 2>"$T/stderr"
echo $? >"$T/status"
"""
    proc = _in_private_mount_ns(script, tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert (tmp_path / "status").read_text().strip() == "1"
    stderr = (tmp_path / "stderr").read_text()
    assert stderr.count("\n") == 1 and "Read-only file system" in stderr and "Traceback" not in stderr
    assert _bytes(out) == before


# --- the seed graph end to end -----------------------------------------------------

def test_every_seed_edge_has_provenance_found_in_its_article(seed_graph_dir, seeds_dir):
    g = read_graph(seed_graph_dir)
    texts = {}
    for p in sorted(seeds_dir.glob("*.txt")):
        article = read_file(p)
        texts[p.stem] = (article.text, clean(article).text)
    assert sorted(g.graph["articles"]) == sorted(texts)
    for u, v, k, a in g.edges(keys=True, data=True):
        assert a["article"] in texts, (u, v, k)
        assert a["evidence"] and any(a["evidence"] in t for t in texts[a["article"]]), (u, v, k, a["evidence"])
        assert a["article"] in a["articles"]
        for ev in a["evidences"]:
            assert any(ev in t for art in a["articles"] for t in texts[art]), (u, v, k, ev)


def _gold_entities_in_several_articles(gold_dir: Path) -> dict[tuple[str, str], set[str]]:
    """(type, canonical name) -> alias keys, for gold entities annotated in 2+ articles."""
    articles: dict[tuple[str, str], set[str]] = defaultdict(set)
    keys: dict[tuple[str, str], set[str]] = defaultdict(set)
    for p in sorted(gold_dir.glob("*.json")):
        for e in json.loads(p.read_text(encoding="utf-8"))["entities"]:
            if e.get("optional"):
                continue
            k = (e["type"], e["name"])
            articles[k].add(p.stem)
            keys[k] |= {normalize(e["name"])} | {normalize(a) for a in e.get("aliases", [])}
    return {k: keys[k] for k, arts in articles.items() if len(arts) >= 2}


def test_entities_of_several_seed_articles_are_one_node(seed_graph_dir, gold_dir):
    shared = _gold_entities_in_several_articles(gold_dir)
    assert ("GovernmentBody", "国家市场监督管理总局") in shared and ("Chain", "新型储能产业链") in shared
    g = read_graph(seed_graph_dir)
    problems = []
    for (etype, name), keys in sorted(shared.items()):
        nodes = [n for n, a in g.nodes(data=True) if a["type"] == etype
                 and ({normalize(a["name"])} | {normalize(x) for x in a["aliases"]}) & keys]
        if len(nodes) != 1:
            problems.append(f"{etype}:{name} -> {nodes}")
    assert not problems, problems


def test_fingerprint_changes_when_any_extractor_file_changes(tmp_path, monkeypatch):
    """Every extractor file (entity rules, relation rules, data) is part of the cache key: editing one
    (here: a copy of the tree, one file at a time) gives a new fingerprint."""
    import loaders.pipeline as pl

    root = tmp_path / "repo"
    for rel in ("loaders", "graph/model.py", "graph/names.py", "graph/assets/variants.tsv", "graph/assets/aliases.tsv"):
        src = pl._ROOT / rel
        if src.is_dir():
            shutil.copytree(src, root / rel, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            (root / rel).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy(src, root / rel)
    monkeypatch.setattr(pl, "_ROOT", root)
    files = pl.extractor_files()
    names = {p.relative_to(root).as_posix() for p in files}
    assert {"loaders/entities/organs.py", "loaders/data/triggers.json", "loaders/extract.py", "graph/names.py",
            "graph/assets/aliases.tsv", "graph/assets/variants.tsv"} <= names
    assert any(n.startswith("loaders/relations/") for n in names)
    base = pl.extractor_fingerprint()
    for p in files:
        old = p.read_bytes()
        p.write_bytes(old + b"\n")
        assert pl.extractor_fingerprint() != base, p
        p.write_bytes(old)
    assert pl.extractor_fingerprint() == base


# --- article metadata and one read per input -------------------------------------------------

def test_article_metadata_reaches_graph_json_and_a_sources_change_rebuilds(seeds_dir, tmp_path):
    corpus = _corpus(tmp_path / "set" / "articles", seeds_dir)
    first, second = sorted(p.stem for p in corpus.glob("*.txt"))[:2]
    sources = tmp_path / "set" / "sources.json"
    sources.write_text(json.dumps([{"id": first, "url": "https://example.cn/1", "title": "来源标题", "date": "2024-03"}],
                                  ensure_ascii=False), encoding="utf-8")
    out = tmp_path / "out"
    build([corpus], out)
    articles = read_graph(out).graph["articles"]
    assert articles[first] == {"title": "来源标题", "date": "2024-03", "url": "https://example.cn/1"}
    assert articles[second] == {"title": "江蘇:鍛強制造業“看家本領”", "date": None, "url": None}  # pinyin cleaned
    assert json.loads((out / "graph.json").read_text(encoding="utf-8"))["graph"]["articles"] == articles
    assert build([corpus], out).up_to_date
    sources.write_text(json.dumps([{"id": second, "title": "另一个"}], ensure_ascii=False), encoding="utf-8")
    rebuilt = build([corpus], out)
    assert not rebuilt.up_to_date and rebuilt.cached == 5  # metadata is not extraction: all from the cache
    articles = read_graph(out).graph["articles"]
    assert articles[second]["title"] == "另一个" and articles[first]["url"] is None


def test_each_input_is_read_once_per_build(seeds_dir, tmp_path):
    """Counted with the interpreter's own audit events: the manifest hash and the extraction share one read."""
    corpus = _corpus(tmp_path / "corpus", seeds_dir)
    opened: list[str] = []
    watching = [True]

    def audit(event, args):
        if watching[0] and event == "open" and isinstance(args[0], (str, bytes, os.PathLike)):
            name = os.fsdecode(args[0])
            if name.startswith(str(corpus)) and name.endswith(".txt"):
                opened.append(name)

    sys.addaudithook(audit)  # hooks cannot be removed: this one switches itself off below
    try:
        build([corpus], tmp_path / "out", jobs=1)
        first = sorted(opened)
        (corpus / "zz_extra.txt").write_text(EXTRA_ARTICLE, encoding="utf-8")
        opened.clear()
        build([corpus], tmp_path / "out", jobs=1)
        second = sorted(opened)
        opened.clear()
        assert build([corpus], tmp_path / "out", jobs=1).up_to_date
        third = sorted(opened)
    finally:
        watching[0] = False
    names = sorted(str(p) for p in corpus.glob("*.txt"))
    assert first == [n for n in names if "zz_extra" not in n]
    assert second == names and third == names


def test_extract_json_carries_the_article_metadata(tmp_path, seeds_dir):
    md = tmp_path / "a.md"
    md.write_text("---\ntitle: 前言标题\ndate: 2023-11-02\nurl: https://example.cn/a\n---\n"
                  + (seeds_dir / "000_94aaf5c81d9f943d.txt").read_text(encoding="utf-8"), encoding="utf-8")
    doc = json.loads(_cli("extract", str(md)).stdout)
    assert (doc["article"], doc["title"], doc["date"], doc["url"]) == ("a", "前言标题", "2023-11-02",
                                                                       "https://example.cn/a")
    assert doc["entities"] and doc["relations"]


def test_rebuild_with_a_process_pool_keeps_input_order_with_cached_and_fresh_articles(seeds_dir, tmp_path):
    corpus = _corpus(tmp_path / "corpus", seeds_dir)
    out = tmp_path / "out"
    build([corpus], out, jobs=2)
    assert build([corpus], out, jobs=2).up_to_date
    changed = sorted(corpus.glob("*.txt"))[1]
    changed.write_text(changed.read_text(encoding="utf-8") + "\n" + EXTRA_ARTICLE, encoding="utf-8")
    rebuilt = build([corpus], out, jobs=2)
    assert not rebuilt.up_to_date and rebuilt.cached == 4
    build([corpus], tmp_path / "fresh", cache=False)
    assert _bytes(out) == _bytes(tmp_path / "fresh")
