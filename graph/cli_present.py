"""The presentation commands: `view` (HTML pages) and `report` (analytics) of a built graph."""
from __future__ import annotations

import click

from .cli_errors import handle_errors
from .cli_options import GRAPH_OPTION_HELP
from .model import NODE_TYPES  # light: choices for --type


@click.command("view")
@click.option("--graph", "graph_path", default="out/graph.json", show_default=True, type=click.Path(path_type=str),
              help=GRAPH_OPTION_HELP)
@click.option("--chain", help="Show this chain and its neighbours (any alias or script: 新型儲能 finds 新型储能产业链).")
@click.option("--region", help="Show the nodes and edges of this region (广东 finds 广东省).")
@click.option("--around", help="Show the neighbourhood of this node (any name or alias).")
@click.option("--depth", default=1, show_default=True, type=click.IntRange(min=0),
              help="Hops around --chain / --around.")
@click.option("--type", "types", multiple=True, metavar="TYPE",
              type=click.Choice(NODE_TYPES, case_sensitive=False),
              help="Keep only nodes of this type (repeatable).")
@click.option("--max-nodes", type=click.IntRange(min=1), default=None,
              help="Show at most this many nodes, the most connected (default 1500); the page says so.")
@click.option("--out", "-o", "out", type=click.Path(dir_okay=False, path_type=str),
              help="HTML file to write (default: views/<name>.html next to the graph).")
@click.option("--all", "write_all", is_flag=True,
              help="Write every page next to the graph: views/index.html, the full graph, each chain and region.")
@handle_errors
def view_command(graph_path: str, chain: str | None, region: str | None, around: str | None, depth: int,
                 types: tuple[str, ...], max_nodes: int | None, out: str | None, write_all: bool) -> None:
    """Write an interactive HTML view of the graph (self-contained, works offline from file://).

    Example: chaingraph view --chain 新型儲能 --out storage.html
    """
    from pathlib import Path

    from .store import read_graph
    from .view import select_view, write_view, write_views

    chosen = [f"--{name}" for name, v in (("chain", chain), ("region", region), ("around", around)) if v]
    if len(chosen) > 1:
        raise click.UsageError(f"use only one of {', '.join(chosen)}")
    if write_all and (chosen or types or out):
        raise click.UsageError("--all writes every page itself; it takes no --chain/--region/--around/--type/--out")
    graph_file = Path(graph_path)
    base = graph_file if graph_file.is_dir() else graph_file.parent
    g = read_graph(graph_file)
    limit = {"max_nodes": max_nodes} if max_nodes else {}
    if write_all:
        report = "../report.html" if (base / "report.html").is_file() else None
        paths = write_views(g, base, report_href=report, **limit)
        click.echo(f"wrote {len(paths)} pages; open {paths[0]}")
        return
    sel = select_view(g, chain=chain, region=region, around=around, depth=depth, types=types)
    path = write_view(sel.graph, Path(out) if out else base / "views" / sel.filename, title=sel.title,
                      focus=sel.focus, **limit)
    click.echo(f"{path}: {sel.graph.number_of_nodes()} nodes, {sel.graph.number_of_edges()} edges")


_FORMATS = ("table", "csv", "json", "md", "html")
_MEASURES = ("degree", "in_degree", "out_degree", "pagerank", "betweenness", "closeness", "eigenvector")


@click.command("report")
@click.option("--graph", "graph_path", default="out/graph.json", help=GRAPH_OPTION_HELP)
@click.option("--top", default=10, show_default=True, type=click.IntRange(min=1), help="Rows per ranking.")
@click.option("--type", "node_type", type=click.Choice(NODE_TYPES), help="Rank only nodes of this type.")
@click.option("--by", default="degree", show_default=True, type=click.Choice(_MEASURES),
              help="Measure the rankings sort by.")
@click.option("--format", "fmt", default="table", show_default=True, type=click.Choice(_FORMATS))
@click.option("--out", type=click.Path(dir_okay=False), help="Write to this file instead of stdout.")
@handle_errors
def report_cmd(graph_path: str, top: int, node_type: str | None, by: str, fmt: str, out: str | None) -> None:
    """Centrality rankings, communities, chain cards, gaps and regions of a built graph.

    Example: chaingraph report --graph out/ --top 5 --type Enterprise --format html --out out/report.html
    """
    from .fileio import write_atomic
    from .report import build_report, render, views_link
    from .store import read_graph

    report = build_report(read_graph(graph_path), top=top, node_type=node_type, by=by)
    text = render(report, fmt, views_href=views_link(out) if out else None)
    if out:
        click.echo(f"wrote {write_atomic(out, text)}", err=True)
    else:
        click.echo(text, nl=False)
