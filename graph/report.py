"""The ecosystem report: centrality, rankings, communities, chain cards, gaps and regions.

`build_report(g)` computes one `Report` from a graph (see `graph.analytics` for
the measures); `render(report, fmt)` turns it into table / csv / json / md /
html text; `write_report(g, out_dir)` writes `report.html` and `report.json`
(called by `build`).  Every output is deterministic: same graph, same bytes.
"""
from __future__ import annotations

import functools
import html
import json
import multiprocessing as mp
import os
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from pathlib import Path

import networkx as nx

from . import analytics as an
from .errors import InputError
from .fileio import write_atomic
from .articles import article_info
from .model import NODE_TYPES
from .report_text import (CSV_COLUMNS, MEASURES, RANK_COLUMNS, TYPE_LABELS, _csv_safe, _docs, _fmt,  # noqa: F401
                          _gap_sections, _names, _summary_line, region_title, render_csv, render_md, render_table)
from .view_paths import chain_page, node_anchor

FORMATS: tuple[str, ...] = ("table", "csv", "json", "md", "html")
DIGITS = 8  # measures are rounded so that the text output is stable and short


@dataclass(frozen=True)
class NodeRow:
    """All measures of one node."""

    id: str
    name: str
    type: str
    degree: int
    in_degree: int
    out_degree: int
    pagerank: float
    betweenness: float
    closeness: float
    eigenvector: float
    community: int


@dataclass(frozen=True)
class Ranking:
    """The top nodes of one type by one measure (node ids, best first)."""

    type: str
    by: str
    nodes: tuple[str, ...]


@dataclass(frozen=True)
class Community:
    """One community: id (0 = largest), size and sorted member ids."""

    id: int
    size: int
    members: tuple[str, ...]


@dataclass(frozen=True)
class Methods:
    """How each measure was computed for this graph (recorded in the JSON)."""

    pagerank: str
    betweenness: str
    closeness: str
    eigenvector: str
    communities: str
    eigenvector_fallback: bool
    sampled: bool
    sample_size: int | None
    seed: int
    max_exact: int


@dataclass(frozen=True)
class Report:
    """Everything the report shows; `rows` holds every node of the graph, sorted by id."""

    nodes: int
    edges: int
    rows: tuple[NodeRow, ...]
    rankings: tuple[Ranking, ...]
    communities: tuple[Community, ...]
    chains: tuple[an.ChainCard, ...]
    gaps: an.Gaps
    regions: tuple[an.RegionSummary, ...]
    methods: Methods
    notes: tuple[str, ...]
    top: int
    node_type: str | None
    by: str
    articles: dict = field(default_factory=dict)  # article id -> {"title", "date", "url"} of the chain cards

    def row(self, node_id: str) -> NodeRow:
        """The row of one node (KeyError if absent)."""
        return self._index()[node_id]

    def _index(self) -> dict[str, NodeRow]:
        cache = self.__dict__.get("_rows_by_id")
        if cache is None:
            cache = {r.id: r for r in self.rows}
            object.__setattr__(self, "_rows_by_id", cache)
        return cache


def build_report(g: nx.MultiDiGraph, *, top: int = 10, node_type: str | None = None, by: str = "degree",
                 max_exact: int = an.MAX_EXACT_NODES, seed: int = an.SEED,
                 eigenvector_max_iter: int = 1000) -> Report:
    """Compute the report of `g`; `top`/`node_type`/`by` shape only the rankings.

    Above `max_exact` nodes betweenness/closeness are sampled (a note says so); if eigenvector
    power iteration does not converge within `eigenvector_max_iter`, degree centrality stands in.
    """
    if top < 1:
        raise InputError(f"top must be at least 1, got {top}")
    if node_type is not None and node_type not in NODE_TYPES:
        raise InputError(f"unknown node type {node_type!r} (one of {', '.join(NODE_TYPES)})")
    if by not in MEASURES:
        raise InputError(f"unknown measure {by!r} (one of {', '.join(MEASURES)})")
    proj = an.project(g)
    sampled = an.is_sampled(g, max_exact=max_exact)
    k = an.sample_size(proj.n, proj.m) if sampled else None
    # the worker gets a fresh copy of just the index arrays (never the graph or cached matrices)
    bare = an.Projection(nodes=proj.nodes, edges=proj.edges)
    with _Background(sampled, _betweenness_of, bare, max_exact=max_exact, seed=seed) as bc_job:
        pr = an.pagerank(g, projection=proj)
        cl = an.closeness(g, max_exact=max_exact, seed=seed, projection=proj)
        ev, fallback, groups = _eigen_and_communities(g, proj, max_exact, seed, eigenvector_max_iter)
        cards = an.chain_cards(g)
        gaps, regions = an.gaps(g, cards=cards), tuple(an.region_summary(g))
        bc = bc_job.result()
    notes = []
    if fallback:
        notes.append(f"eigenvector centrality did not converge in {eigenvector_max_iter} iterations: "
                     "the eigenvector column holds degree centrality of the undirected projection instead")
    comm = an.community_index(groups)
    if sampled:
        notes.append(f"graph has {proj.n} nodes (> {max_exact}): betweenness and closeness are estimated "
                     f"from k={k} pivots sampled with seed {seed}, communities come from igraph Leiden")
    deg, ind, outd = dict(g.degree()), dict(g.in_degree()), dict(g.out_degree())
    rows = tuple(
        NodeRow(id=n, name=str(a.get("name") or n), type=str(a.get("type") or ""), degree=deg[n],
                in_degree=ind[n], out_degree=outd[n], pagerank=round(pr[n], DIGITS),
                betweenness=round(bc[n], DIGITS), closeness=round(cl[n], DIGITS),
                eigenvector=round(ev[n], DIGITS), community=comm[n])
        for n, a in sorted(g.nodes(data=True))
    )
    methods = Methods(
        pagerank="networkx pagerank on the directed multigraph (alpha 0.85; parallel edges add weight)",
        betweenness=(f"sampled: {k} seeded pivots (igraph), normalized as networkx k-sampling" if sampled
                     else "exact, normalized, undirected simple projection (igraph; equals networkx)"),
        closeness=(f"estimated from distances to the same {k} pivots (scipy BFS), Wasserman-Faust" if sampled
                   else "exact, Wasserman-Faust, undirected simple projection (igraph; equals networkx)"),
        eigenvector=("degree centrality fallback (power iteration did not converge)" if fallback
                     else "networkx (A+I) power iteration, undirected simple projection "
                          f"(max_iter {eigenvector_max_iter})"),
        communities=(f"igraph Leiden, modularity, seed {seed}" if sampled
                     else f"networkx louvain_communities, seed {seed}, undirected simple projection"),
        eigenvector_fallback=fallback, sampled=sampled, sample_size=k, seed=seed, max_exact=max_exact,
    )
    return Report(
        nodes=g.number_of_nodes(), edges=g.number_of_edges(), rows=rows,
        rankings=_rankings(rows, top=top, node_type=node_type, by=by),
        communities=tuple(Community(id=i, size=len(m), members=m) for i, m in enumerate(groups)),
        chains=tuple(cards), gaps=gaps, regions=regions,
        methods=methods, notes=tuple(notes), top=top, node_type=node_type, by=by,
        articles={a: article_info(g, a) for a in sorted({x for c in cards for x in c.articles})},
    )


def _betweenness_of(proj: an.Projection, *, max_exact: int, seed: int) -> dict[str, float]:
    return an.betweenness(None, max_exact=max_exact, seed=seed, projection=proj)  # g unused with a projection


def _eigen_and_communities(g, proj, max_exact, seed, max_iter):
    try:
        ev, fallback = an.eigenvector(g, max_iter=max_iter, projection=proj), False
    except nx.PowerIterationFailedConvergence:
        ev, fallback = an.degree_centrality(g, projection=proj), True
    return ev, fallback, an.communities(g, max_exact=max_exact, seed=seed, projection=proj)


class _Background:
    """Run one measure in a forked worker (the second core) while the caller computes the rest.

    Used only for large graphs; anything going wrong with the worker falls back to computing
    in-process, so the result never depends on it.
    """

    def __init__(self, enabled: bool, fn, *args, **kwargs):
        self.enabled = enabled and (os.cpu_count() or 1) > 1 and "fork" in mp.get_all_start_methods()
        self.call = functools.partial(fn, *args, **kwargs)
        self.pool = self.future = None

    def __enter__(self) -> "_Background":
        if self.enabled:
            try:
                self.pool = ProcessPoolExecutor(max_workers=1, mp_context=mp.get_context("fork"))
                self.future = self.pool.submit(self.call)
            except OSError:
                self.future = None
        return self

    def result(self):
        if self.future is not None:
            try:
                return self.future.result()
            except (OSError, BrokenProcessPool):
                pass
        return self.call()

    def __exit__(self, *exc) -> None:
        if self.pool is not None:
            self.pool.shutdown(wait=True, cancel_futures=True)


def _rankings(rows: tuple[NodeRow, ...], *, top: int, node_type: str | None, by: str) -> tuple[Ranking, ...]:
    types = (node_type,) if node_type else NODE_TYPES
    out = []
    for t in types:
        of_type = [r for r in rows if r.type == t]
        of_type.sort(key=lambda r: (-getattr(r, by), -r.degree, -r.pagerank, r.id))
        out.append(Ranking(type=t, by=by, nodes=tuple(r.id for r in of_type[:top])))
    return tuple(out)


# --- renderers --------------------------------------------------------------------


def render(report: Report, fmt: str, *, views_href: str | None = None) -> str:
    """The report as text in one of FORMATS (`views_href`: link to the views page, html only)."""
    if fmt == "json":
        return render_json(report)
    if fmt == "csv":
        return render_csv(report)
    if fmt == "md":
        return render_md(report)
    if fmt == "html":
        return render_html(report, views_href=views_href)
    if fmt == "table":
        return render_table(report)
    raise InputError(f"unknown report format {fmt!r} (one of {', '.join(FORMATS)})")


def _plain(obj):
    """Dataclasses, tuples and lists as JSON-ready dicts and lists (faster than dataclasses.asdict)."""
    if hasattr(obj, "__dataclass_fields__"):
        return {k: _plain(getattr(obj, k)) for k in obj.__dataclass_fields__}
    if isinstance(obj, (tuple, list)):
        return [_plain(x) for x in obj]
    return obj


def report_dict(report: Report) -> dict:
    """The full machine form (what `--format json` prints)."""
    return {
        "graph": {"nodes": report.nodes, "edges": report.edges},
        "settings": {"top": report.top, "type": report.node_type, "by": report.by},
        "methods": _plain(report.methods),
        "notes": list(report.notes),
        "nodes": [dict(vars(r)) for r in report.rows],
        "rankings": {rk.type: [_ranked(report.row(n), rk.by) for n in rk.nodes] for rk in report.rankings},
        "communities": _plain(report.communities),
        "chains": _plain(report.chains),
        "gaps": _plain(report.gaps),
        "regions": _plain(report.regions),
        "articles": report.articles,
    }


def _ranked(row: NodeRow, by: str) -> dict:
    return {"id": row.id, "name": row.name, "value": getattr(row, by)}


def render_json(report: Report) -> str:
    """Deterministic JSON text (sorted keys, UTF-8, compact: one line plus a newline; pipe it through jq)."""
    return json.dumps(report_dict(report), ensure_ascii=False, sort_keys=True, separators=(",", ":")) + "\n"


# --- html ---------------------------------------------------------------------------


@dataclass(frozen=True)
class _Link:
    """A table cell that links somewhere (text and href are escaped when written)."""

    text: str
    href: str | None


def _esc(text) -> str:
    return html.escape(str(text), quote=True)


def _cell(c) -> str:
    if isinstance(c, _Link):
        return f'<a href="{_esc(c.href)}">{_esc(c.text)}</a>' if c.href else _esc(c.text)
    if isinstance(c, list):
        return ", ".join(_cell(x) for x in c)
    return _esc(c)


def _html_table(header: tuple[str, ...], rows: list[list]) -> str:
    head = "".join(f"<th>{_esc(h)}</th>" for h in header)
    body = "".join("<tr>" + "".join(f"<td>{_cell(c)}</td>" for c in row) + "</tr>\n" for row in rows)
    return f"<table>\n<thead><tr>{head}</tr></thead>\n<tbody>\n{body}</tbody>\n</table>\n"


_CSS = """body{font-family:"Noto Sans CJK SC","Source Han Sans SC","Microsoft YaHei","PingFang SC",sans-serif;
margin:2em;max-width:1200px}table{border-collapse:collapse;margin:0.5em 0 1.5em}th,td{border:1px solid #ccc;
padding:2px 6px;font-size:13px;vertical-align:top}th{background:#f3f3f3}td{max-width:420px}.note{background:#fff6d5;
padding:4px 8px}.charts{display:flex;flex-wrap:wrap;gap:12px}.charts figure{margin:0}td.region{white-space:pre}"""


def view_links(report: Report, views_dir: str) -> dict[str, str]:
    """Node id -> the view page that shows it: a chain its own page, any other node the full graph
    with that node selected (`views_dir` is the views folder relative to the report, e.g. "views/")."""
    links = {r.id: f"{views_dir}full.html{node_anchor(r.id)}" for r in report.rows}
    links.update({c.id: views_dir + chain_page(c.name, c.id) for c in report.chains})
    return links


def _article_links(report: Report, ids) -> list[_Link]:
    out = []
    for a in ids:
        info = report.articles.get(a) or {"title": a, "date": "", "url": ""}
        text = f"{info['title']} ({info['date']})" if info.get("date") else info["title"]
        out.append(_Link(text, info.get("url") or None))
    return out


def render_html(report: Report, *, views_href: str | None = None) -> str:
    """A self-contained page: tables plus inline SVG charts; all article text escaped.

    With `views_href` (the views index relative to the report) chain names open their chain page
    and ranked names the full graph with that node selected; chart labels link the same way."""
    from . import report_charts as charts

    links = view_links(report, views_href.rsplit("/", 1)[0] + "/" if "/" in views_href else "") \
        if views_href else {}

    def named(ref) -> _Link:
        return _Link(ref.name, links.get(ref.id))

    parts = ["<!DOCTYPE html>", '<html lang="zh">', "<head>", '<meta charset="utf-8">',
             "<title>chaingraph report</title>", f"<style>{_CSS}</style>", "</head>", "<body>",
             "<h1>chaingraph report</h1>", f"<p>{_esc(_summary_line(report))}</p>"]
    if views_href:
        parts.append(f'<p><a href="{_esc(views_href)}">Interactive views</a></p>')
    parts += [f'<p class="note">note: {_esc(n)}</p>' for n in report.notes]
    parts.append('<h2>Charts</h2><div class="charts">')
    for title, svg in charts.report_charts(report, links=links):
        parts.append(f"<figure>{svg}<figcaption>{_esc(title)}</figcaption></figure>")
    parts.append("</div>")
    for rk in report.rankings:
        parts.append(f"<h2>Most central {_esc(TYPE_LABELS[rk.type])} (by {_esc(rk.by)})</h2>")
        parts.append(_html_table(("#", "name") + RANK_COLUMNS,
                                 [[i, named(report.row(n)), *(_fmt(getattr(report.row(n), c)) for c in RANK_COLUMNS)]
                                  for i, n in enumerate(rk.nodes, 1)]))
    parts.append(f"<h2>Communities (top {report.top} of {len(report.communities)})</h2>")
    parts.append(_html_table(("id", "size", "members"),
                             [[c.id, c.size, _names([report.row(m) for m in c.members], 20)]
                              for c in report.communities[:report.top]]))
    parts += _html_tail(report, named)
    return "\n".join(parts)


def _html_tail(report: Report, named) -> list[str]:
    """Chain cards, gaps, regions and methods of the HTML page."""
    parts = ["<h2>Chains</h2>"]
    parts.append(_html_table(("chain", "leaders", "members", "supporters", "documents (issuers)", "regions",
                              "articles"),
                             [[named(c), _names(c.leaders), _names(c.members), _names(c.supporters), _docs(c),
                               ", ".join(c.regions), _article_links(report, c.articles)] for c in report.chains]))
    parts.append("<h2>Gaps</h2><ul>")
    for title, refs in _gap_sections(report):
        shown = [named(r) if r.type == "Chain" else _Link(r.name, None) for r in refs[:50]]
        more = f" (+{len(refs) - 50})" if len(refs) > 50 else ""
        parts.append(f"<li>{_esc(title)} ({len(refs)}): {_cell(shown) or '-'}{more}</li>")
    parts.append("</ul><h2>Regions</h2>")
    parts.append("<p>Each region counts the nodes of its cities and counties too (a province rolls up).</p>")
    parts.append(_html_table(("region", "bodies", "chains", "enterprises", "platforms", "documents"),
                             [[region_title(r), r.bodies, r.chains, r.enterprises, r.platforms, r.documents]
                              for r in report.regions]).replace("<tr><td>", '<tr><td class="region">'))
    parts.append("<h2>How it was computed</h2>")
    m = report.methods
    parts.append(_html_table(("measure", "method"),
                             [["pagerank", m.pagerank], ["betweenness", m.betweenness], ["closeness", m.closeness],
                              ["eigenvector", m.eigenvector], ["communities", m.communities]]))
    parts += ["</body>", "</html>", ""]
    return parts


def views_link(out_file: str | Path) -> str | None:
    """`views/index.html` relative to the report file when that page exists, else None."""
    return "views/index.html" if (Path(out_file).parent / "views" / "index.html").is_file() else None


def write_report(g: nx.MultiDiGraph, out_dir: str | Path, **options) -> list[Path]:
    """Write `out_dir/report.html` and `out_dir/report.json`; options go to `build_report`."""
    out_dir = Path(out_dir)
    report = build_report(g, **options)
    html_path = out_dir / "report.html"
    return [write_atomic(html_path, render_html(report, views_href=views_link(html_path))),
            write_atomic(out_dir / "report.json", render_json(report))]
