"""graph.report: every node reported, cards and gaps match the edges, outputs stable and escaped."""
from __future__ import annotations

import csv
import io
import json

import pytest

from graph.model import node_id
from graph.report import build_report, render, render_csv, render_html, render_json, render_md, write_report
from graph.store import read_graph, write_graph_json


@pytest.fixture()
def report(report_graph):
    return build_report(report_graph, top=3)


def _sources(g, chain, edge_type, source_type=None):
    return sorted(u for u, v, k in g.edges(keys=True)
                  if v == chain and k == edge_type and (source_type is None or g.nodes[u]["type"] == source_type))


def test_every_node_with_networkx_degrees(report, report_graph):
    assert [r.id for r in report.rows] == sorted(report_graph)
    for r in report.rows:
        assert (r.degree, r.in_degree, r.out_degree) == (
            report_graph.degree(r.id), report_graph.in_degree(r.id), report_graph.out_degree(r.id))
        assert r.name == report_graph.nodes[r.id]["name"] and r.type == report_graph.nodes[r.id]["type"]
    assert sum(r.pagerank for r in report.rows) == pytest.approx(1.0, abs=1e-6)
    assert report.nodes == report_graph.number_of_nodes() and report.edges == report_graph.number_of_edges()


def test_chain_cards_equal_what_the_edges_say(report, report_graph):
    chains = sorted(n for n, t in report_graph.nodes(data="type") if t == "Chain")
    assert [c.id for c in report.chains] == chains
    for card in report.chains:
        assert [x.id for x in card.leaders] == _sources(report_graph, card.id, "LEADS")
        assert [x.id for x in card.members] == _sources(report_graph, card.id, "MEMBER_OF")
        assert [x.id for x in card.supporters] == _sources(report_graph, card.id, "SUPPORTS")
        docs = _sources(report_graph, card.id, "COVERS", "PolicyDocument")
        assert [d.id for d in card.documents] == docs
        for d in card.documents:
            assert [b.id for b in d.issuers] == _sources(report_graph, d.id, "ISSUED")
        edge_regions = {a["region"] for u, v, a in report_graph.edges(data=True) if card.id in (u, v)}
        own = {report_graph.nodes[card.id]["region"]}
        assert set(card.regions) == (edge_regions | own) - {None}


def test_hydrogen_card_lists_both_issuers(report):
    card = next(c for c in report.chains if c.name == "氢能产业链")
    assert [d.name for d in card.documents] == ["江苏省质量强链工作指南"]
    assert {b.name for b in card.documents[0].issuers} == {"江苏省市场监督管理局", "国家市场监督管理总局"}
    assert card.regions == ("江苏省",)


def test_gaps_are_exactly_the_chains_lacking_each_role(report, report_hostile):
    formula, hostile = report_hostile

    def names(refs):
        return sorted(r.name for r in refs)

    gaps = report.gaps
    assert names(gaps.chains_without_leading_enterprise) == ["动力电池产业链", "氢能产业链"]
    assert names(gaps.chains_without_supporting_platform) == ["动力电池产业链", "氢能产业链"]
    assert names(gaps.chains_without_covering_document) == ["动力电池产业链", "化妆品产业链"]
    assert names(gaps.isolated) == [formula]
    assert names(gaps.single_article) == sorted([formula, hostile, "希音"])


def test_regions_count_nodes_and_chain_edges(report):
    by = {r.region: r for r in report.regions}
    gz = by["广州市"]
    assert (gz.bodies, gz.enterprises, gz.platforms, gz.documents) == (1, 2, 2, 1)
    assert set(gz.chain_ids) == {node_id("Chain", "化妆品产业链"), node_id("Chain", "新型储能产业链")}
    assert by["广东省"].chain_ids == (node_id("Chain", "新型储能产业链"),)  # only an edge carries it


def test_rankings_respect_top_type_and_measure(report_graph):
    r = build_report(report_graph, top=2, node_type="Chain", by="pagerank")
    assert [rk.type for rk in r.rankings] == ["Chain"]
    chains = sorted((x for x in r.rows if x.type == "Chain"), key=lambda x: (-x.pagerank, -x.degree, x.id))
    assert r.rankings[0].nodes == tuple(x.id for x in chains[:2])
    full = build_report(report_graph, top=50)
    assert sum(len(rk.nodes) for rk in full.rankings) == report_graph.number_of_nodes()


def test_communities_cover_every_node_largest_first(report, report_graph):
    members = [m for c in report.communities for m in c.members]
    assert sorted(members) == sorted(report_graph)
    assert [c.size for c in report.communities] == sorted((c.size for c in report.communities), reverse=True)
    assert all(report.row(m).community == c.id for c in report.communities for m in c.members)


def test_same_graph_gives_identical_json_and_html(report_graph, tmp_path):
    a = write_report(report_graph, tmp_path / "a")
    b = write_report(report_graph, tmp_path / "b")
    assert [p.name for p in a] == ["report.html", "report.json"]
    for x, y in zip(a, b):
        assert x.read_bytes() == y.read_bytes()
    data = json.loads((tmp_path / "a" / "report.json").read_text(encoding="utf-8"))
    assert {n["id"] for n in data["nodes"]} == set(report_graph)
    assert {"chains", "gaps", "regions", "communities", "rankings", "notes", "methods"} <= data.keys()


def test_html_links_views_only_when_present(report_graph, tmp_path):
    write_report(report_graph, tmp_path)
    assert "views/index.html" not in (tmp_path / "report.html").read_text(encoding="utf-8")
    (tmp_path / "views").mkdir()
    (tmp_path / "views" / "index.html").write_text("<html></html>", encoding="utf-8")
    write_report(report_graph, tmp_path)
    assert 'href="views/index.html"' in (tmp_path / "report.html").read_text(encoding="utf-8")


def test_csv_neutralizes_formulas(report, report_hostile):
    formula = report_hostile[0]
    rows = list(csv.DictReader(io.StringIO(render_csv(report))))
    assert len(rows) == len(report.rows)
    row = next(r for r in rows if r["id"] == node_id("Enterprise", formula))
    assert row["name"] == "'" + formula
    assert not any(cell[:1] in "=+-@" for row in rows for cell in row.values() if cell)


def test_hostile_strings_are_escaped_in_html_and_md(report):
    page = render_html(report)
    assert "<script" not in page
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in page
    md = render_md(report)
    assert "<script" not in md and "&lt;script&gt;" in md
    assert "\\|\\*平台\\*" in md  # a pipe cannot split the table cell


def test_html_charts_are_inline_svg_with_names_as_text(report):
    import re

    page = render_html(report)
    assert page.count("<svg") == 8 and "<img" not in page and "http://" not in page.split("<svg")[0]
    texts = re.findall(r"<text [^>]*>([^<]*)</text>", page)
    assert "新型储能产业链" in texts  # a real text element, drawn by the browser's own CJK font
    styles = re.findall(r'<text style="([^"]*)"', page)
    assert styles and all("Noto Sans CJK SC" in s and "sans-serif" in s for s in styles)
    assert "&lt;script&gt;alert" in page and "<script" not in page  # hostile labels are escaped text


def test_chart_labels_and_names_link_their_view_pages(report):
    import re

    from graph.view_paths import chain_page

    page = render_html(report, views_href="views/index.html")
    chain = next(c for c in report.chains if c.name == "新型储能产业链")
    href = "views/" + chain_page(chain.name, chain.id)
    assert f'<a href="{href}">新型储能产业链</a>' in page  # chain cards and rankings
    assert re.search(r'<a xlink:href="' + re.escape(href) + r'">\s*<text[^>]*>新型储能产业链</text>', page)
    assert 'href="views/full.html#node=' in page  # other ranked nodes open the full graph, selected
    assert "target=" not in page


def test_sampling_note_appears_above_threshold_in_every_format(report_graph):
    exact = build_report(report_graph)
    assert exact.notes == () and not exact.methods.sampled
    r = build_report(report_graph, max_exact=5)
    assert r.methods.sampled and r.methods.sample_size == report_graph.number_of_nodes()
    assert any("pivots sampled with seed 42" in n for n in r.notes)
    for fmt in ("table", "md", "html"):
        assert "pivots sampled with seed 42" in render(r, fmt), fmt
    assert json.loads(render_json(r))["notes"] == list(r.notes)


def test_eigenvector_fallback_is_flagged(report_graph):
    assert not build_report(report_graph).methods.eigenvector_fallback
    from graph import analytics

    r = build_report(report_graph, eigenvector_max_iter=1)
    assert r.methods.eigenvector_fallback and any("did not converge" in n for n in r.notes)
    degree = analytics.degree_centrality(report_graph)
    assert all(x.eigenvector == pytest.approx(degree[x.id], abs=1e-8) for x in r.rows)


def test_read_back_file_gives_same_report(report_graph, tmp_path):
    path = write_graph_json(report_graph, tmp_path / "graph.json")
    assert render_json(build_report(read_graph(path))) == render_json(build_report(report_graph))


def test_bad_options_raise_input_error(report_graph):
    from graph.errors import InputError

    with pytest.raises(InputError):
        build_report(report_graph, node_type="Nope")
    with pytest.raises(InputError):
        build_report(report_graph, by="size")
    with pytest.raises(InputError):
        render(build_report(report_graph), "xml")


def test_a_bad_top_is_named_as_the_library_argument(report_graph):
    from graph.errors import InputError

    with pytest.raises(InputError, match="^top must be at least 1, got 0$"):
        build_report(report_graph, top=0)
