"""graph.view: selection, escaping, top-N cut, safe file names, determinism, the `view` command."""
from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import networkx as nx
import pytest
from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st

from graph.cli import cli
from graph.errors import InputError, NotFoundError
from graph.model import Edge, GraphData, Node, node_id
from graph.store import to_networkx, write_graph_json
from graph.view import (
    render_html,
    safe_filename,
    script_json,
    select_subgraph,
    select_view,
    top_nodes,
    write_view,
    write_views,
)


class _Page(HTMLParser):
    """Collects what an HTML page would make a browser do: elements, attributes, script bodies."""

    def __init__(self, html: str):
        super().__init__()
        self.tags: list[tuple[str, dict]] = []
        self.scripts: list[tuple[dict, str]] = []
        self.text: list[str] = []
        self._in_script: dict | None = None
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        if tag == "script":
            self._in_script = dict(attrs)
            self.scripts.append((self._in_script, ""))

    def handle_endtag(self, tag):
        if tag == "script":
            self._in_script = None

    def handle_data(self, data):
        if self._in_script is not None:
            attrs, body = self.scripts[-1]
            self.scripts[-1] = (attrs, body + data)
        else:
            self.text.append(data)

    def data(self) -> dict:
        (body,) = [body for attrs, body in self.scripts if attrs.get("id") == "cg-data"]
        return json.loads(body)


def _star(n_leaves: int) -> nx.MultiDiGraph:
    """One chain with `n_leaves` member enterprises, plus a second chain with 2 members."""
    chain = Node(id=node_id("Chain", "大链产业链"), name="大链产业链", type="Chain")
    small = Node(id=node_id("Chain", "小链产业链"), name="小链产业链", type="Chain")
    leaves = [Node(id=node_id("Enterprise", f"企业{i:03d}"), name=f"企业{i:03d}", type="Enterprise")
              for i in range(n_leaves)]
    edges = [Edge(source=x.id, target=chain.id, type="MEMBER_OF", article="a", evidence="链员。") for x in leaves]
    edges += [Edge(source=x.id, target=small.id, type="MEMBER_OF", article="a", evidence="链员。") for x in leaves[:2]]
    return to_networkx(GraphData(nodes=(chain, small, *leaves), edges=tuple(edges)))


# --- selection ----------------------------------------------------------------

def test_chain_view_is_the_chains_ego_graph(eco_graph):
    sub = select_subgraph(eco_graph, chain="新型儲能")
    ego = nx.ego_graph(eco_graph, "Chain:新型储能产业链", radius=1, undirected=True)
    assert set(sub.nodes) == set(ego.nodes)
    assert "PolicyDocument:广州市质量强市建设实施方案" not in sub  # two hops away
    assert sub.number_of_edges() == ego.number_of_edges()


def test_around_with_depth_two_reaches_further(eco_graph):
    one = select_subgraph(eco_graph, around="广州市质量强市建设实施方案")
    two = select_subgraph(eco_graph, around="广州市质量强市建设实施方案", depth=2)
    assert set(one.nodes) == {"PolicyDocument:广州市质量强市建设实施方案", "GovernmentBody:广州市人民政府"}
    assert set(two.nodes) == set(nx.ego_graph(eco_graph, "PolicyDocument:广州市质量强市建设实施方案", radius=2,
                                              undirected=True).nodes)


def test_region_view_keeps_region_nodes_and_edge_endpoints(hostile, eco_graph):
    sub = select_subgraph(eco_graph, region="广东")
    assert set(sub.nodes) == {"GovernmentBody:广东省市场监督管理局", node_id("PolicyDocument", hostile.title),
                              "Chain:化妆品产业链"}


def test_type_filter_and_title(eco_graph):
    sel = select_view(eco_graph, chain="新型储能", types=("enterprise", "Chain"))
    assert {eco_graph.nodes[n]["type"] for n in sel.graph} == {"Enterprise", "Chain"}
    assert sel.title.startswith("产业链 chain: 新型储能产业链")


@pytest.mark.parametrize(("kwargs", "error"), [
    ({"chain": "新型储能", "region": "广东"}, InputError),
    ({"chain": "没有这条链"}, NotFoundError),
    ({"region": "火星"}, NotFoundError),
    ({"types": ("Planet",)}, NotFoundError),
    ({"around": "宁德时代", "depth": -1}, InputError),
])
def test_bad_selections_raise_clear_errors(eco_graph, kwargs, error):
    with pytest.raises(error):
        select_subgraph(eco_graph, **kwargs)


# --- escaping -----------------------------------------------------------------

@given(st.recursive(st.none() | st.booleans() | st.integers() | st.text(),
                    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(), inner, max_size=4),
                    max_leaves=12))
def test_script_json_round_trips_and_cannot_leave_the_script_element(value):
    text = script_json(value)
    assert json.loads(text) == value
    for bad in ("<", ">", "&", "\u2028", "\u2029"):
        assert bad not in text


def test_hostile_text_reaches_the_page_only_as_data(hostile, eco_graph):
    html = render_html(eco_graph, title="<script>alert(1)</script>标题")
    page = _Page(html)
    # Exactly our three scripts: the JSON data block, vis-network, the app; no <img>, no handlers.
    assert [attrs.get("type") for attrs, _ in page.scripts] == ["application/json", None, None]
    assert not any(tag == "img" for tag, _ in page.tags)
    assert not any(k.startswith("on") for _, attrs in page.tags for k in attrs)
    for raw in (hostile.title, hostile.name, "<script>alert(1)</script>", "<img src=x"):
        assert raw not in html
    # ... and the data carries the exact original strings for the page to show as text.
    data = page.data()
    assert data["details"]["nodes"][node_id("PolicyDocument", hostile.title)]["name"] == hostile.title
    assert data["details"]["nodes"][node_id("Enterprise", hostile.name)]["name"] == hostile.name
    assert any(hostile.evidence in e["evidences"] for e in data["details"]["edges"].values())
    assert "<script>alert(1)</script>标题" in "".join(page.text)  # title shown as text


def test_page_makes_no_network_requests(eco_graph):
    page = _Page(render_html(eco_graph, title="t"))
    for tag, attrs in page.tags:
        assert "src" not in attrs and tag not in ("link", "iframe", "object"), (tag, attrs)
    (csp,) = [a["content"] for t, a in page.tags if t == "meta" and a.get("http-equiv") == "Content-Security-Policy"]
    assert "default-src 'none'" in csp and "unsafe-eval" not in csp
    assert not re.search(r"cdnjs|jsdelivr|unpkg|bootstrap|tom-select", render_html(eco_graph, title="t"))


def test_lone_surrogates_from_json_do_not_break_writing(eco_graph, tmp_path):
    eco_graph.nodes["Enterprise:宁德时代"]["aliases"].append("坏\ud800字")
    path = write_view(eco_graph, tmp_path / "v.html", title="t\udfff")
    assert "坏?字" in path.read_text(encoding="utf-8")


# --- size limits --------------------------------------------------------------

def test_top_n_keeps_most_connected_and_breaks_ties_by_id():
    g = _star(8)
    # 大链 has 8 edges; 小链, 企业000 and 企业001 have 2 each: the id decides.
    assert top_nodes(g, 3) == ["Chain:大链产业链", "Chain:小链产业链", "Enterprise:企业000"]
    with pytest.raises(InputError):
        top_nodes(g, 0)


def test_big_graph_is_cut_with_a_visible_note():
    g = _star(40)
    page = _Page(render_html(g, title="大", max_nodes=10))
    data = page.data()
    assert len(data["nodes"]) == 10
    assert {n["id"] for n in data["nodes"]} == set(top_nodes(g, 10))
    assert all(e["from"] in data["details"]["nodes"] and e["to"] in data["details"]["nodes"] for e in data["edges"])
    assert "showing 10 of 42 nodes" in "".join(page.text)


def test_small_graph_is_not_cut():
    data = _Page(render_html(_star(5), title="小")).data()
    assert len(data["nodes"]) == 7 and len(data["edges"]) == 7


def test_large_pages_start_from_seeded_positions_with_bounded_physics():
    data = _Page(render_html(_star(300), title="大")).data()
    assert all(isinstance(n.get("x"), int) and isinstance(n.get("y"), int) for n in data["nodes"])
    assert len({(n["x"], n["y"]) for n in data["nodes"]}) == len(data["nodes"])  # no two on one spot
    assert data["options"]["physics"]["stabilization"]["iterations"] <= 500


# --- file names and the page set ----------------------------------------------

_SAFE = re.compile(r"^[0-9A-Za-z\u4e00-\u9fff-]*[0-9a-f]{10}\.html$")


@pytest.mark.parametrize("name", ["../../etc/passwd", "..", "a/b\\c", "", "\x00\n", "C:\\x", "新型储能产业链",
                                  "<script>", "名" * 300, "ｆｕｌｌ／ｗｉｄｔｈ"])
def test_safe_filename_cannot_escape_or_surprise(tmp_path, name):
    fname = safe_filename(name, f"Chain:{name}")
    assert _SAFE.match(fname), fname
    assert (tmp_path / fname).resolve().parent == tmp_path.resolve()
    assert len(fname.encode()) < 120


def test_safe_filename_differs_for_different_keys():
    assert safe_filename("a/b", "Chain:a/b") != safe_filename("a-b", "Chain:a-b")


ASSETS = ["vis-network.min.js", "vis-network.css", "view.js", "view.css"]


def _pages(written: list[Path]) -> list[Path]:
    """The HTML pages among the files `write_views` wrote (the rest are shared assets)."""
    return [p for p in written if p.suffix == ".html"]


def test_write_views_writes_linked_pages_inside_views(hostile, eco_graph, tmp_path):
    evil = Node(id=node_id("Chain", "../../etc/passwd产业链"), name="../../etc/passwd产业链", type="Chain")
    eco_graph.add_node(evil.id, id=evil.id, name=evil.name, type="Chain", aliases=[], region="../x",
                       kind=None, articles=[], mentions=0)
    written = write_views(eco_graph, tmp_path)
    views = (tmp_path / "views").resolve()
    assert written[0] == tmp_path / "views" / "index.html"
    assert all(p.resolve().is_relative_to(views) and p.is_file() for p in written)
    paths = _pages(written)
    assert [p.name for p in written if p not in paths] == ASSETS
    chains = [n for n, a in eco_graph.nodes(data=True) if a["type"] == "Chain"]
    assert len(paths) == 2 + len(chains) + 4  # index, full, chains, regions 广东省 广州市 陕西省 ../x
    index = (tmp_path / "views" / "index.html").read_text(encoding="utf-8")
    hrefs = [a["href"] for t, a in _Page(index).tags if t == "a" and a["href"] != "../report.html"]
    assert sorted(hrefs) == sorted(p.relative_to(tmp_path / "views").as_posix() for p in paths[1:])
    assert hostile.title not in index and "../../etc/passwd产业链" in index


def test_write_views_shares_one_copy_of_vis_network(eco_graph, tmp_path):
    shared = _pages(write_views(eco_graph, tmp_path / "shared"))
    inline = write_views(eco_graph, tmp_path / "inline", shared_assets=False)
    assert inline == _pages(inline)
    assets = tmp_path / "shared" / "views" / "assets"
    assert (assets / "vis-network.min.js").stat().st_size > 100_000
    for page in shared[1:]:
        srcs = [a["src"] for t, a in _Page(page.read_text(encoding="utf-8")).tags if t == "script" and "src" in a]
        assert len(srcs) == 2
        assert all((page.parent / src).resolve().is_file() for src in srcs)
        assert page.stat().st_size < 100_000
    for page in inline[1:]:
        assert not any("src" in a for t, a in _Page(page.read_text(encoding="utf-8")).tags if t == "script")
    assert not (tmp_path / "inline" / "views" / "assets").exists()


def test_output_is_deterministic(eco_graph, tmp_path):
    assert render_html(eco_graph, title="t") == render_html(eco_graph, title="t")
    # Same graph built in another order gives the same bytes.
    shuffled = nx.MultiDiGraph(**eco_graph.graph)
    shuffled.add_nodes_from(reversed(list(eco_graph.nodes(data=True))))
    shuffled.add_edges_from(reversed(list(eco_graph.edges(keys=True, data=True))))
    a = write_views(eco_graph, tmp_path / "a")
    b = write_views(shuffled, tmp_path / "b")
    assert [p.relative_to(tmp_path / "a") for p in a] == [p.relative_to(tmp_path / "b") for p in b]
    for pa, pb in zip(a, b):
        assert pa.read_bytes() == pb.read_bytes(), pa.name


def test_output_does_not_depend_on_the_hash_seed(eco_graph, tmp_path):
    graph_file = write_graph_json(eco_graph, tmp_path / "graph.json")
    pages = []
    for seed in ("1", "2"):
        out = tmp_path / f"region{seed}.html"
        subprocess.run([sys.executable, "-m", "graph.cli", "view", "--graph", str(graph_file), "--region", "广州",
                        "--out", str(out)], check=True, env={**os.environ, "PYTHONHASHSEED": seed},
                       capture_output=True)
        pages.append(out.read_bytes())
    assert pages[0] == pages[1]


def test_write_views_removes_pages_of_chains_that_are_gone(eco_graph, tmp_path):
    first = _pages(write_views(eco_graph, tmp_path))
    eco_graph.remove_node("Chain:氢能产业链")
    second = _pages(write_views(eco_graph, tmp_path))
    gone = set(first) - set(second)
    assert len(gone) == 1 and not any(p.exists() for p in gone)
    assert sorted((tmp_path / "views").rglob("*.html")) == sorted(second)


# --- the CLI ------------------------------------------------------------------

@pytest.fixture()
def eco_graph_file(eco_graph, tmp_path) -> Path:
    return write_graph_json(eco_graph, tmp_path / "out" / "graph.json")


def test_cli_view_chain_by_traditional_name(eco_graph_file, tmp_path):
    out = tmp_path / "storage.html"
    result = CliRunner().invoke(cli, ["view", "--graph", str(eco_graph_file), "--chain", "新型儲能", "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert "5 nodes" in result.output
    assert len(_Page(out.read_text(encoding="utf-8")).data()["nodes"]) == 5


def test_cli_view_default_output_goes_next_to_the_graph(eco_graph_file):
    result = CliRunner().invoke(cli, ["view", "--graph", str(eco_graph_file.parent), "--region", "广州"])
    assert result.exit_code == 0, result.output
    written = list((eco_graph_file.parent / "views").glob("*.html"))
    assert len(written) == 1 and _SAFE.match(written[0].name)


def test_cli_view_all_and_max_nodes(eco_graph_file):
    result = CliRunner().invoke(cli, ["view", "--graph", str(eco_graph_file), "--all", "--max-nodes", "4"])
    assert result.exit_code == 0, result.output
    full = (eco_graph_file.parent / "views" / "full.html").read_text(encoding="utf-8")
    assert "showing 4 of 13 nodes" in full


def test_cli_view_unknown_chain_is_one_clear_line(eco_graph_file):
    result = CliRunner().invoke(cli, ["view", "--graph", str(eco_graph_file), "--chain", "新型储存"])
    assert result.exit_code == 1
    assert result.output.strip().count("\n") == 0
    assert "no chain named '新型储存'" in result.output and "新型储能产业链" in result.output


@pytest.mark.parametrize("args", [["--chain", "a", "--region", "b"], ["--all", "--chain", "a"],
                                  ["--type", "Planet"], ["--max-nodes", "0"]])
def test_cli_view_usage_errors_exit_2(eco_graph_file, args):
    result = CliRunner().invoke(cli, ["view", "--graph", str(eco_graph_file), *args])
    assert result.exit_code == 2, result.output


def test_neighbourhood_equals_networkx_ego_graph_in_either_direction(eco_graph):
    from graph.view import neighbourhood

    for n in sorted(eco_graph.nodes):
        for depth in (0, 1, 2, 3):
            want = set(nx.ego_graph(eco_graph, n, radius=depth, undirected=True).nodes)
            assert neighbourhood(eco_graph, n, depth) == want, (n, depth)


def test_region_members_match_select_subgraph_for_every_region(eco_graph):
    from graph.lookup import regions
    from graph.view import region_members

    members = region_members(eco_graph)
    assert list(members) == regions(eco_graph)
    for region, nodes in members.items():
        assert nodes == set(select_subgraph(eco_graph, region=region).nodes), region


_PATHS = {"广州市": ["广东省", "广州市"], "广东省": ["广东省"], "陕西省": ["陕西省"], "顺德区": ["广东省", "佛山市", "顺德区"]}


def _with_paths(g):
    """What resolution writes: region_path beside region on every node and edge."""
    for _, a in g.nodes(data=True):
        a["region_path"] = _PATHS.get(a.get("region"), [])
    for _, _, a in g.edges(data=True):
        a["region_path"] = _PATHS.get(a.get("region"), [])
    return g


def _data(page: str) -> dict:
    return json.loads(next(body for attrs, body in _Page(page).scripts if attrs.get("id") == "cg-data"))


def test_region_view_rolls_up_its_cities(eco_graph):
    g = _with_paths(eco_graph)
    province = set(select_subgraph(g, region="广东").nodes)
    city = set(select_subgraph(g, region="广州市").nodes)
    assert city < province  # 广东省 holds everything of 广州市 and more
    assert node_id("GovernmentBody", "广州市人民政府") in province
    assert node_id("GovernmentBody", "陕西省市场监督管理局") not in province


def test_region_pages_and_report_count_the_same_rolled_up_nodes(eco_graph):
    from graph.analytics import region_summary
    from graph.regions import region_members

    g = _with_paths(eco_graph)
    members = region_members(g)
    summary = {r.region: r for r in region_summary(g)}
    assert set(summary) == set(members) == {"广东省", "广州市", "陕西省"}
    for region, nodes in members.items():
        assert nodes == set(select_subgraph(g, region=region).nodes), region
        types = [g.nodes[n]["type"] for n in nodes]
        r = summary[region]
        assert (r.bodies, r.chains, r.enterprises, r.platforms, r.documents) == tuple(
            types.count(t) for t in ("GovernmentBody", "Chain", "Enterprise", "Platform", "PolicyDocument"))
    assert summary["广州市"].path == ("广东省", "广州市") and summary["广东省"].enterprises == 0
    assert summary["广东省"].platforms == 2 and summary["广东省"].documents == 2


def test_seed_region_view_of_a_province_holds_its_cities_and_counties(seed_graph_dir, tmp_path):
    out = tmp_path / "gd.html"
    result = CliRunner().invoke(cli, ["view", "--graph", str(seed_graph_dir / "graph.json"), "--region", "广东省",
                                      "--out", str(out)])
    assert result.exit_code == 0, result.output
    regions = {d["region"] for d in _data(out.read_text(encoding="utf-8"))["details"]["nodes"].values()}
    assert {"广州市", "顺德区"} <= regions


def test_around_view_marks_its_centre(eco_graph, tmp_path):
    sel = select_view(eco_graph, around="穗质融")
    centre = node_id("Platform", "穗质融")
    assert sel.focus == centre and "穗质融" in sel.title
    page = render_html(sel.graph, title=sel.title, focus=sel.focus)
    data = _data(page)
    marked = {n["id"]: n for n in data["nodes"]}
    assert data["focus"] == centre and marked[centre]["borderWidth"] == 6
    assert marked[centre]["value"] > max(n["value"] for i, n in marked.items() if i != centre)
    assert all("borderWidth" not in n for i, n in marked.items() if i != centre)
    assert "◎" in page and "<b>穗质融</b>" in page


def test_pages_name_articles_by_title_date_and_safe_link(eco_graph):
    eco_graph.graph["articles"] = {
        "000_a": {"title": "广州  质量强链\n报道", "date": "2024-05-01", "url": "https://example.org/a"},
        "001_b": {"title": '<img src=x onerror="x()">陕西', "date": None, "url": "javascript:alert(1)"},
    }
    page = render_html(eco_graph, title="t")
    articles = _data(page)["articles"]
    assert articles["000_a"] == {"title": "广州 质量强链 报道", "date": "2024-05-01", "url": "https://example.org/a"}
    assert articles["001_b"]["url"] == "" and articles["001_b"]["title"].startswith("<img")  # data, not markup
    assert "<img" not in page.split('id="cg-data">')[0]
    del eco_graph.graph["articles"]
    assert _data(render_html(eco_graph, title="t"))["articles"]["000_a"]["title"] == "000_a"  # old graphs: the id


def test_index_is_sorted_searchable_and_links_the_report(eco_graph, tmp_path):
    g = _with_paths(eco_graph)
    write_views(g, tmp_path)
    index = (tmp_path / "views" / "index.html").read_text(encoding="utf-8")
    page = _Page(index)
    titles = [a for t, a in page.tags if t == "a"]
    assert titles[0]["href"] == "../report.html"
    forms = json.loads(next(body for attrs, body in page.scripts if attrs.get("id") == "cg-index"))
    items = re.findall(r'<li class="cg-depth-(\d)" data-page="(p\d+)"><a href="([^"]+)">([^<]+)</a>', index)
    chains = [(int(d), name) for d, _, href, name in items if href.startswith("chain/")]
    assert chains[0][1] == "新型储能产业链"  # the chain with most nodes first
    regions = [(int(d), name) for d, _, href, name in items if href.startswith("region/")]
    assert regions.index((1, "广州市")) == regions.index((0, "广东省")) + 1  # a city right under its province
    storage = next(key for _, key, href, name in items if name == "新型储能产业链")
    assert "新型儲能產業鏈" in forms[storage]  # an alias in traditional script finds it
    csp = next(a["content"] for t, a in page.tags if a.get("http-equiv") == "Content-Security-Policy")
    assert "script-src 'sha256-" in csp and "unsafe-inline" not in csp.split("style-src")[0]


def test_index_carries_hostile_names_only_as_text_and_data(hostile, eco_graph, tmp_path):
    evil = node_id("Chain", hostile.name + "产业链")
    eco_graph.add_node(evil, id=evil, name=hostile.name + "产业链", type="Chain", aliases=[hostile.evidence],
                       region=hostile.title, kind=None, articles=[], mentions=0)
    write_views(eco_graph, tmp_path)
    index = (tmp_path / "views" / "index.html").read_text(encoding="utf-8")
    page = _Page(index)
    assert [t for t, _ in page.tags if t in ("img", "iframe", "object")] == []
    scripts = [attrs for attrs, _ in page.scripts]
    assert scripts == [{"type": "application/json", "id": "cg-index"}, {}]  # the data block and the page's own
    forms = json.loads(page.scripts[0][1])
    assert "".join(hostile.evidence.split()).lower() in {f for fs in forms.values() for f in fs}
    assert "</script><!--" not in page.scripts[0][1]
