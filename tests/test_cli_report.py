"""`chaingraph report`: every format exits 0 and carries the data; bad graph files fail in one line."""
from __future__ import annotations

import csv
import io
import json

import pytest
from click.testing import CliRunner

from graph.cli import cli


def _run(*args):
    return CliRunner().invoke(cli, ["report", *args])


def test_json_holds_every_node(report_graph_file, report_graph):
    res = _run("--graph", str(report_graph_file), "--format", "json")
    assert res.exit_code == 0, res.output
    data = json.loads(res.output)
    assert sorted(n["id"] for n in data["nodes"]) == sorted(report_graph)
    assert len(data["chains"]) == 4


@pytest.mark.parametrize("fmt", ["table", "md", "csv"])
def test_text_formats_exit_zero(report_graph_file, fmt):
    res = _run("--graph", str(report_graph_file.parent), "--format", fmt, "--top", "2")
    assert res.exit_code == 0, res.output
    assert "新型储能产业链" in res.output


def test_top_and_type_restrict_rankings(report_graph_file):
    res = _run("--graph", str(report_graph_file), "--format", "json", "--top", "1", "--type", "Chain",
               "--by", "betweenness")
    assert res.exit_code == 0, res.output
    data = json.loads(res.output)
    assert list(data["rankings"]) == ["Chain"] and len(data["rankings"]["Chain"]) == 1
    best = max((n for n in data["nodes"] if n["type"] == "Chain"), key=lambda n: n["betweenness"])
    assert data["rankings"]["Chain"][0]["id"] == best["id"]


def test_csv_type_filter_and_formula_guard(report_graph_file, report_hostile):
    res = _run("--graph", str(report_graph_file), "--format", "csv", "--type", "Enterprise")
    assert res.exit_code == 0, res.output
    rows = list(csv.DictReader(io.StringIO(res.output)))
    assert {r["type"] for r in rows} == {"Enterprise"} and len(rows) == 5
    assert "'" + report_hostile[0] in {r["name"] for r in rows}


def test_html_out_file(report_graph_file, tmp_path):
    out = tmp_path / "r" / "report.html"
    res = _run("--graph", str(report_graph_file), "--format", "html", "--out", str(out))
    assert res.exit_code == 0, res.output
    page = out.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>") and "<svg" in page and "<script" not in page


@pytest.mark.parametrize("content", [b"{\"nodes\": [", b"\xff\xfe garbage", b"[1, 2]"])
def test_corrupt_graph_is_one_line_exit_1(tmp_path, content):
    bad = tmp_path / "graph.json"
    bad.write_bytes(content)
    res = _run("--graph", str(bad))
    assert res.exit_code == 1
    lines = res.output.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("chaingraph: ") and str(bad) in lines[0]


def test_missing_graph_and_usage_errors(tmp_path):
    res = _run("--graph", str(tmp_path / "nope.json"))
    assert res.exit_code == 1 and "no such graph file" in res.output
    assert _run("--format", "xml").exit_code == 2
    assert _run("--top", "0").exit_code == 2


def test_help_ends_with_example():
    res = _run("--help")
    assert res.exit_code == 0 and "Example: chaingraph report" in res.output


def test_seed_region_table_rolls_up_and_counts_every_type(seed_graph_dir):
    res = _run("--graph", str(seed_graph_dir / "graph.json"), "--format", "json")
    assert res.exit_code == 0, res.output
    regions = {r["region"]: r for r in json.loads(res.output)["regions"]}
    gd, gz, fs = regions["广东省"], regions["广州市"], regions["佛山市"]
    assert gz["path"] == ["广东省", "广州市"] and regions["顺德区"]["path"] == ["广东省", "佛山市", "顺德区"]
    for field in ("bodies", "chains", "enterprises", "platforms", "documents"):
        assert gd[field] >= max(gz[field], fs[field]), field  # a province counts its cities
    assert gd["enterprises"] > 0 and gd["platforms"] > 0 and gd["documents"] > 0
    assert set(gz["chain_ids"]) <= set(gd["chain_ids"])
    table = _run("--graph", str(seed_graph_dir / "graph.json"), "--format", "table").output
    assert "│ └ 广州市 " in table and "│   └ 顺德区 " in table  # cities and counties under their province


def test_chain_cards_name_articles_by_title(seed_graph_dir, tmp_path):
    from graph.store import read_graph, write_graph_json

    g = read_graph(seed_graph_dir / "graph.json")
    g.graph["articles"] = {a: {"title": f"标题{a[:3]}", "date": "2024-01-02", "url": f"https://example.org/{a}"}
                           for n, d in g.nodes(data=True) for a in d["articles"]}
    graph_file = write_graph_json(g, tmp_path / "graph.json")
    out = tmp_path / "report.html"
    res = _run("--graph", str(graph_file), "--format", "html", "--out", str(out))
    assert res.exit_code == 0, res.output
    page = out.read_text(encoding="utf-8")
    assert '<a href="https://example.org/000_94aaf5c81d9f943d">标题000 (2024-01-02)</a>' in page
    data = json.loads(_run("--graph", str(graph_file), "--format", "json").output)
    assert data["articles"]["000_94aaf5c81d9f943d"]["title"] == "标题000"
