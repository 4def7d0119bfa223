"""View pages in a real headless Chromium, from file://: node counts, no requests, no script injection."""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

import networkx as nx
import pytest

from graph.model import node_id
from graph.store import read_graph, write_graph_json
from graph.view import select_view, write_view, write_views

pytestmark = pytest.mark.browser

CHROMIUM = Path("/usr/bin/chromium")
LAUNCH_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]


@dataclass
class Opened:
    """A loaded, settled page plus everything it reported."""

    page: object
    errors: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)

    def value(self, expression: str):
        return self.page.evaluate(expression)


@pytest.fixture(scope="module")
def browser():
    if not CHROMIUM.exists():
        pytest.skip("needs Debian chromium at /usr/bin/chromium")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=LAUNCH_ARGS)
        yield b
        b.close()


@pytest.fixture()
def open_page(browser, artifacts_dir):
    """open_page(path, shot_name[, ready, hash_]) -> Opened: load from file://, wait for `ready` (a view page:
    the layout settled), screenshot."""
    pages = []

    def _open(path: Path, shot: str, ready: str = "body[data-stable='1']", hash_: str = "") -> Opened:
        page = browser.new_page(viewport={"width": 1400, "height": 900})
        pages.append(page)
        opened = Opened(page)
        page.on("pageerror", lambda exc: opened.errors.append(f"pageerror: {exc}"))
        page.on("console", lambda msg: opened.errors.append(f"console {msg.type}: {msg.text}")
                if msg.type in ("error", "warning") else None)
        page.on("request", lambda req: opened.requests.append(req.url))
        page.goto(path.resolve().as_uri() + hash_)
        # A selector wait, not wait_for_function: the page's CSP rightly forbids eval.
        if ready:
            page.wait_for_selector(ready, state="attached", timeout=60_000)
        page.screenshot(path=str(artifacts_dir / f"{shot}.png"))
        return opened

    yield _open
    for page in pages:
        page.close()


def _only_local(requests: list[str]) -> list[str]:
    return [u for u in requests if not (u.startswith("file://") or u.startswith("data:"))]


@pytest.fixture()
def seed_or_eco_graph_file(request, eco_graph, tmp_path) -> Path:
    """The seed build's graph.json when the pipeline can build it, else the hand-made ecosystem's."""
    try:
        return Path(request.getfixturevalue("seed_graph_dir")) / "graph.json"
    except pytest.FixtureLookupError:
        return write_graph_json(eco_graph, tmp_path / "graph.json")


def test_full_view_of_the_seed_graph_shows_every_node_offline(seed_or_eco_graph_file, tmp_path, open_page):
    expected = json.loads(seed_or_eco_graph_file.read_text(encoding="utf-8"))
    pages = write_views(read_graph(seed_or_eco_graph_file), tmp_path)
    opened = open_page(tmp_path / "views" / "full.html", "view_full")
    assert opened.value("network.body.data.nodes.length") == len(expected["nodes"])
    assert opened.value("network.body.data.edges.length") == len(expected["edges"])
    assert opened.errors == []
    assert _only_local(opened.requests) == []
    assert opened.page.is_visible("#cg-legend") and opened.page.is_visible("#cg-note")
    assert len(pages) > 2


def test_chain_view_shows_the_chain_neighbourhood_only(seed_or_eco_graph_file, tmp_path, open_page):
    g = read_graph(seed_or_eco_graph_file)
    chains = [n for n, a in g.nodes(data=True) if a["type"] == "Chain"]
    chain = max(chains, key=lambda n: (g.degree(n), n))  # the busiest chain
    sel = select_view(g, chain=g.nodes[chain]["name"])
    path = write_view(sel.graph, tmp_path / sel.filename, title=sel.title)
    opened = open_page(path, "view_chain")
    shown = set(opened.value("network.body.data.nodes.getIds()"))
    assert shown == set(nx.ego_graph(g, chain, radius=1, undirected=True).nodes)
    assert len(shown) > 1
    assert opened.errors == [] and _only_local(opened.requests) == []


def test_hostile_article_text_is_shown_as_text_and_runs_nothing(eco_graph, hostile, tmp_path, open_page,
                                                                 artifacts_dir):
    path = write_view(eco_graph, tmp_path / "hostile.html", title=hostile.title)
    opened = open_page(path, "view_hostile")
    page = opened.page
    assert opened.value("typeof window.__pwned") == "undefined"
    assert opened.value("document.images.length") == 0
    assert opened.value("document.scripts.length") == 3
    assert page.title() == hostile.title
    # The search box finds the document by its name; the details panel shows it as text.
    page.fill("#cg-search", hostile.title)
    page.press("#cg-search", "Enter")
    assert hostile.title in page.text_content("#cg-details")
    # Hovering the node shows the vis tooltip with the same text.
    doc = node_id("PolicyDocument", hostile.title)
    page.evaluate("network.moveTo({position: network.getPosition(%s), scale: 1.5, animation: false})"
                  % json.dumps(doc))
    box = page.locator("#mynetwork").bounding_box()
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    page.wait_for_selector("div.vis-tooltip", state="visible", timeout=5_000)
    assert hostile.title in page.text_content("div.vis-tooltip")
    page.screenshot(path=str(artifacts_dir / "view_hostile_tooltip.png"))
    # The hostile evidence shows in the edge's details, as text.
    edges = page.evaluate("edges.get().map(e => e.id)")
    texts = [page.evaluate("(id) => edges.get(id).title.textContent", e) for e in edges]
    assert any(hostile.evidence.replace("\u2028", "") in t.replace("\u2028", "") for t in texts)
    assert opened.value("typeof window.__pwned") == "undefined"
    assert opened.errors == [] and _only_local(opened.requests) == []


def test_type_filter_hides_nodes_and_cut_note_is_visible(eco_graph, tmp_path, open_page):
    path = write_view(eco_graph, tmp_path / "cut.html", title="cut", max_nodes=8)
    opened = open_page(path, "view_cut")
    page = opened.page
    assert opened.value("network.body.data.nodes.length") == 8
    assert "showing 8 of 13 nodes" in page.inner_text("#cg-note")
    page.uncheck("input[data-node-type='Chain']")
    hidden = set(page.evaluate("nodes.get({filter: n => n.hidden}).map(n => n.id)"))
    assert hidden and all(n.startswith("Chain:") for n in hidden)
    assert opened.errors == []


def test_filter_header_counts_what_is_left(eco_graph, tmp_path, open_page):
    path = write_view(eco_graph, tmp_path / "filter.html", title="filter")
    opened = open_page(path, "view_filter")
    page = opened.page
    assert page.inner_text("#cg-note") == "showing 13 of 13 nodes, 12 edges"
    page.uncheck("input[data-node-type='Chain']")
    # 3 chains hidden; every edge touches a chain except ISSUED x2 and 广州市人民政府 -LEADS-> 穗质融
    assert page.inner_text("#cg-note") == "showing 10 of 13 nodes, 3 of 12 edges (type filters on)"
    page.uncheck("input[data-edge-type='ISSUED']")
    assert page.inner_text("#cg-note") == "showing 10 of 13 nodes, 1 of 12 edges (type filters on)"
    page.check("input[data-node-type='Chain']")
    page.check("input[data-edge-type='ISSUED']")
    assert page.inner_text("#cg-note") == "showing 13 of 13 nodes, 12 edges"
    assert opened.errors == []


def _hover(page, node: str) -> str:
    """Hover a node in the canvas; the text of the vis tooltip that appears."""
    page.evaluate("network.moveTo({position: network.getPosition(%s), scale: 1.5, animation: false})"
                  % json.dumps(node))
    box = page.locator("#mynetwork").bounding_box()
    page.mouse.move(box["x"] + box["width"] / 2 + 1, box["y"] + box["height"] / 2 + 1)
    page.wait_for_selector("div.vis-tooltip", state="visible", timeout=5_000)
    return page.text_content("div.vis-tooltip")


def test_tooltip_and_details_name_the_article_by_its_title(eco_graph, tmp_path, open_page):
    eco_graph.graph["articles"] = {
        "000_a": {"title": "广州推进质量强链工作纪实", "date": "2024-05-01", "url": "https://example.org/gz"},
        "001_b": {"title": "<img src=x onerror=window.__pwned=9>陕西氢能", "date": None, "url": "javascript:x()"},
    }
    path = write_view(eco_graph, tmp_path / "titles.html", title="titles")
    opened = open_page(path, "view_titles")
    page = opened.page
    tip = _hover(page, node_id("Platform", "穗质融"))
    assert "广州推进质量强链工作纪实 (2024-05-01)" in tip and "000_a" not in tip
    page.fill("#cg-search", "穗质融")
    page.press("#cg-search", "Enter")
    link = page.locator("#cg-details ul.cg-articles a")
    assert link.inner_text() == "广州推进质量强链工作纪实 (2024-05-01)"
    assert link.get_attribute("href") == "https://example.org/gz"
    page.fill("#cg-search", "陕西省市场监督管理局")
    page.press("#cg-search", "Enter")
    assert "<img src=x" in page.text_content("#cg-details")  # the hostile title as text, never as a link
    assert page.locator("#cg-details ul.cg-articles a").count() == 0
    assert opened.value("typeof window.__pwned") == "undefined" and opened.value("document.images.length") == 0
    assert opened.errors == [] and _only_local(opened.requests) == []


def test_around_view_marks_and_selects_its_centre(eco_graph, tmp_path, open_page):
    sel = select_view(eco_graph, around="穗质融")
    path = write_view(sel.graph, tmp_path / sel.filename, title=sel.title, focus=sel.focus)
    opened = open_page(path, "view_around")
    centre = node_id("Platform", "穗质融")
    assert opened.value("network.getSelectedNodes()") == [centre]
    assert opened.value("network.body.nodes[%s].options.borderWidth" % json.dumps(centre)) == 6
    assert "穗质融" in opened.page.title() and "穗质融" in opened.page.inner_text("#cg-focus")
    assert "穗质融" in opened.page.text_content("#cg-details")


def test_full_graph_labels_its_most_connected_nodes_when_fitted(seed_or_eco_graph_file, tmp_path, open_page):
    write_views(read_graph(seed_or_eco_graph_file), tmp_path)
    opened = open_page(tmp_path / "views" / "full.html", "view_full_labels")
    labelled = opened.value("window.chaingraphLabelled")
    assert labelled
    scale = opened.value("network.getScale()")
    # vis draws a label when its size on screen reaches scaling.label.drawThreshold (7 px)
    sizes = opened.value("window.chaingraphLabelled.map(id => network.body.nodes[id].options.font.size)")
    assert all(size * scale >= 12 for size in sizes), (scale, sizes)
    assert opened.errors == []


def test_index_search_finds_a_chain_by_an_alias_and_opens_it(eco_graph, tmp_path, open_page):
    write_views(eco_graph, tmp_path)
    opened = open_page(tmp_path / "views" / "index.html", "view_index", ready="body[data-ready='1']")
    page = opened.page
    page.fill("#cg-find", "氫能產業鏈")  # the traditional alias of 氢能产业链
    visible = page.locator("li:not(.cg-hidden) a").all_inner_texts()
    assert visible == ["氢能产业链"]
    page.fill("#cg-find", "新型儲能")  # traditional script of part of a name
    assert page.locator("li:not(.cg-hidden) a").all_inner_texts() == ["新型储能产业链"]
    page.press("#cg-find", "Enter")
    page.wait_for_selector("body[data-stable='1']", state="attached", timeout=60_000)
    assert "新型储能产业链" in page.title()
    page.fill("#cg-search", "x")  # the chain page works after navigating from the index
    assert opened.errors == [] and _only_local(opened.requests) == []


def test_report_charts_name_chains_as_text_and_names_open_their_views(seed_graph_dir, tmp_path, open_page):
    g = read_graph(seed_graph_dir / "graph.json")
    chains = {a["name"] for _, a in g.nodes(data=True) if a["type"] == "Chain"}
    opened = open_page(seed_graph_dir / "report.html", "report_seeds", ready="table")
    page = opened.page
    texts = page.evaluate("Array.from(document.querySelectorAll('svg text')).map(t => t.textContent)")
    assert chains & set(texts)  # chart labels are real text nodes holding chain names
    chain_link = page.locator("h2:text('Chains') + table a").first
    name = chain_link.inner_text()
    assert name in chains
    chain_link.click()
    page.wait_for_selector("body[data-stable='1']", state="attached", timeout=60_000)
    assert page.title() == f"产业链 chain: {name}" and page.url.endswith(".html")
    page.go_back()
    page.wait_for_selector("table", state="attached")
    ranked = page.locator("h2:text('Most central government bodies') + table a").first
    body = ranked.inner_text()
    ranked.click()
    page.wait_for_selector("body[data-stable='1']", state="attached", timeout=60_000)
    assert "#node=" in page.url and body in page.text_content("#cg-details")  # the full graph, node selected
    assert opened.errors == [] and _only_local(opened.requests) == []
