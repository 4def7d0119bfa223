"""Time the full report on a synthetic graph (default 100,000 nodes / 500,000 edges; target <= 60 s).

Usage: python bench/report_scale.py [--nodes N] [--edges M] [--keep DIR]
Writes graph.json into a temp dir (or DIR), then times read -> build_report -> json + html.
"""
from __future__ import annotations

import argparse
import random
import tempfile
import time
from pathlib import Path

from graph.model import EDGE_TYPES, NODE_TYPES, Edge, GraphData, Node
from graph.report import build_report, render_html, render_json
from graph.store import read_graph, to_networkx, write_graph_json

REGIONS = ("广州市", "江苏省", "湖北省", "佛山市", None)


def synthetic(n: int, m: int, seed: int = 1) -> GraphData:
    """Random typed graph: n nodes of the five types, m distinct (source, target, type) edges."""
    rng = random.Random(seed)
    nodes = [Node(id=f"{NODE_TYPES[i % 5]}:节点{i}", name=f"节点{i}", type=NODE_TYPES[i % 5],
                  region=rng.choice(REGIONS), articles=(f"a{i % 300}",), mentions=1) for i in range(n)]
    ids = [x.id for x in nodes]
    edges: dict[tuple[str, str, str], Edge] = {}
    while len(edges) < m:
        u, v, t = rng.choice(ids), rng.choice(ids), rng.choice(EDGE_TYPES)
        if u != v:
            edges[u, v, t] = Edge(source=u, target=v, type=t, article="a1", evidence="证据",
                                  region=rng.choice(REGIONS), articles=("a1",), evidences=("证据",))
    return GraphData(nodes=tuple(nodes), edges=tuple(edges.values()), articles=("a1",))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--nodes", type=int, default=100_000)
    ap.add_argument("--edges", type=int, default=500_000)
    ap.add_argument("--keep", type=Path, help="write graph.json and the report here")
    args = ap.parse_args()
    out = args.keep or Path(tempfile.mkdtemp(prefix="report_scale_"))
    path = out / "graph.json"
    if not path.exists():
        write_graph_json(to_networkx(synthetic(args.nodes, args.edges)), path)
    t0 = time.perf_counter()
    g = read_graph(path)
    t1 = time.perf_counter()
    report = build_report(g)
    t2 = time.perf_counter()
    text_json, text_html = render_json(report), render_html(report)
    t3 = time.perf_counter()
    print(f"nodes={g.number_of_nodes()} edges={g.number_of_edges()} read={t1 - t0:.1f}s "
          f"report={t2 - t1:.1f}s render={t3 - t2:.1f}s total={t3 - t0:.1f}s "
          f"json={len(text_json) // 1024}KiB html={len(text_html) // 1024}KiB")
    for note in report.notes:
        print("note:", note)


if __name__ == "__main__":
    main()
