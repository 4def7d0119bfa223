"""Time a large HTML view in real headless Chromium: render, load, layout settling.

Builds a seeded synthetic ecosystem graph (chains as hubs, as in the real
graph), writes its page with `graph.view.write_view` and opens it from
file:// in /usr/bin/chromium via playwright.  Prints render time, page size,
time to `load`, time until vis-network's `stabilizationIterationsDone`, and the
node count the page shows.

    python bench/view_bench.py                   # 5,000 nodes, default top-N cut
    python bench/view_bench.py --max-nodes 5000  # all 5,000 nodes on the page
"""
from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from pathlib import Path

import networkx as nx

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from graph.model import Edge, GraphData, Node, node_id  # noqa: E402
from graph.store import to_networkx  # noqa: E402
from graph.view import DEFAULT_MAX_NODES, write_view  # noqa: E402

SHARES = (("Chain", 0.03), ("GovernmentBody", 0.15), ("Platform", 0.17), ("PolicyDocument", 0.15))
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]


def synthetic_graph(n: int, seed: int = 7) -> nx.MultiDiGraph:
    """`n` nodes with about 2 edges each; a few chains collect most edges."""
    rng = random.Random(seed)
    counts = {t: max(1, int(n * share)) for t, share in SHARES}
    counts["Enterprise"] = n - sum(counts.values())
    names = {t: [f"{t[:3]}{i:05d}号{'产业链' if t == 'Chain' else ''}" for i in range(c)] for t, c in counts.items()}
    nodes = [Node(id=node_id(t, name), name=name, type=t, region=f"地区{rng.randrange(30):02d}",
                  articles=(f"a{rng.randrange(n):05d}",), mentions=1)
             for t, ns in names.items() for name in ns]
    ids = {t: [node_id(t, name) for name in ns] for t, ns in names.items()}
    chain_weights = [1.0 / (i + 1) for i in range(len(ids["Chain"]))]  # a few big chains
    edges: dict[tuple[str, str, str], Edge] = {}

    def add(type_: str, source: str, target: str) -> None:
        article = f"a{rng.randrange(n):05d}"
        edges[(source, target, type_)] = Edge(source=source, target=target, type=type_, article=article,
                                              evidence=f"{source}与{target}的证据句。", articles=(article,),
                                              evidences=(f"{source}与{target}的证据句。",))

    def chain() -> str:
        return rng.choices(ids["Chain"], weights=chain_weights)[0]

    for e in ids["Enterprise"]:
        add("MEMBER_OF" if rng.random() < 0.8 else "LEADS", e, chain())
        if rng.random() < 0.3:
            add("MEMBER_OF", e, chain())
    for gov in ids["GovernmentBody"]:
        add("LEADS", gov, chain())
        add("ISSUED", gov, rng.choice(ids["PolicyDocument"]))
    for doc in ids["PolicyDocument"]:
        add("COVERS", doc, chain())
    for p in ids["Platform"]:
        add("SUPPORTS", p, chain() if rng.random() < 0.7 else rng.choice(ids["Enterprise"]))
    return to_networkx(GraphData(nodes=tuple(nodes), edges=tuple(edges.values())))


def run(n: int, max_nodes: int, seed: int, screenshot: Path | None) -> None:
    from playwright.sync_api import sync_playwright

    g = synthetic_graph(n, seed)
    with tempfile.TemporaryDirectory() as tmp:
        page_path = Path(tmp) / "view.html"
        t = time.perf_counter()
        write_view(g, page_path, title=f"synthetic {n}", max_nodes=max_nodes)
        render_s = time.perf_counter() - t
        print(f"graph: {g.number_of_nodes()} nodes, {g.number_of_edges()} edges; max_nodes={max_nodes}")
        print(f"render+write: {render_s:.2f} s, page {page_path.stat().st_size / 1e6:.2f} MB")
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            page = browser.new_page(viewport={"width": 1400, "height": 900})
            errors: list[str] = []
            page.on("pageerror", lambda e: errors.append(str(e)))
            page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
            t = time.perf_counter()
            page.goto(page_path.as_uri(), wait_until="load", timeout=300_000)
            load_s = time.perf_counter() - t
            page.wait_for_selector("body[data-stable='1']", state="attached", timeout=600_000)
            settle_s = time.perf_counter() - t
            times = page.evaluate("window.chaingraphTimes")
            shown = page.evaluate("network.body.data.nodes.length")
            note = page.text_content("#cg-note")
            if screenshot:
                page.screenshot(path=str(screenshot))
            browser.close()
    print(f"load event: {load_s:.2f} s; settled (stabilizationIterationsDone): {settle_s:.2f} s "
          f"(in page: network built {times['created'] / 1000:.2f} s, settled {times['stable'] / 1000:.2f} s)")
    print(f"nodes shown: {shown}; note: {note}")
    if errors:
        print(f"page errors: {errors}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--nodes", type=int, default=5000)
    ap.add_argument("--max-nodes", type=int, default=DEFAULT_MAX_NODES)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--screenshot", type=Path, help="save a PNG of the settled page")
    args = ap.parse_args()
    run(args.nodes, args.max_nodes, args.seed, args.screenshot)


if __name__ == "__main__":
    main()
