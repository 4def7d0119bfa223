"""The ecosystem report: centrality, rankings, communities, chain cards, gaps and regions.

`build_report(g)` computes one `Report` from a graph (see `graph.analytics` for
the measures); `render(report, fmt)` turns it into table / csv / json / md /
html text; `write_report(g, out_dir)` writes `report.html` and `report.json`
(called by `build`).  Every output is deterministic: same graph, same bytes.
"""
from __future__ import annotations

import csv
import functools
import html
import io
import json
import multiprocessing as mp
import os
import re
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from pathlib import Path

import networkx as nx

from . import analytics as an
from .errors import InputError
from .fileio import write_atomic
from .model import NODE_TYPES
from .terminal import cell, printable

FORMATS: tuple[str, ...] = ("table", "csv", "json", "md", "html")
MEASURES: tuple[str, ...] = ("degree", "in_degree", "out_degree", "pagerank", "betweenness", "closeness",
                             "eigenvector")
TYPE_LABELS = {"GovernmentBody": "government bodies", "Chain": "chains", "Enterprise": "enterprises",
               "Platform": "platforms", "PolicyDocument": "documents"}
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
        raise InputError(f"--top must be at least 1, got {top}")
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
    }


def _ranked(row: NodeRow, by: str) -> dict:
    return {"id": row.id, "name": row.name, "value": getattr(row, by)}


def render_json(report: Report) -> str:
    """Deterministic JSON text (sorted keys, UTF-8, compact: one line plus a newline; pipe it through jq)."""
    return json.dumps(report_dict(report), ensure_ascii=False, sort_keys=True, separators=(",", ":")) + "\n"


CSV_COLUMNS = ("id", "name", "type") + MEASURES + ("community",)


def _csv_safe(value) -> object:
    # spreadsheet formula injection: a cell starting with = + - @ (also after blanks) or tab/CR gets a
    # leading quote; a bare CR, which the csv module leaves unquoted, becomes a (quoted) newline
    if not isinstance(value, str):
        return value
    value = value.replace("\r\n", "\n").replace("\r", "\n")
    if value[:1] == "\t" or value.lstrip()[:1] in ("=", "+", "-", "@"):
        return "'" + value
    return value


def render_csv(report: Report) -> str:
    """One row per node (of `--type` when given), formula-injection neutralized."""
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(CSV_COLUMNS)
    for r in report.rows:
        if report.node_type and r.type != report.node_type:
            continue
        w.writerow([_csv_safe(getattr(r, c)) for c in CSV_COLUMNS])
    return buf.getvalue()


def _fmt(value) -> str:
    if isinstance(value, float):
        return f"{value:.4f}"
    return str(value)


RANK_COLUMNS = ("degree", "pagerank", "betweenness", "closeness", "eigenvector", "community")


def _names(refs, limit: int = 8) -> str:
    names = [r.name for r in refs]
    more = f" (+{len(names) - limit})" if len(names) > limit else ""
    return ", ".join(names[:limit]) + more


def _gap_sections(report: Report) -> list[tuple[str, tuple[an.NodeRef, ...]]]:
    g = report.gaps
    return [("chains without a leading enterprise", g.chains_without_leading_enterprise),
            ("chains without a supporting platform", g.chains_without_supporting_platform),
            ("chains without a covering document", g.chains_without_covering_document),
            ("isolated entities", g.isolated),
            ("single-article entities", g.single_article)]


def _docs(card: an.ChainCard) -> str:
    return "; ".join(f"{d.name} ({_names(d.issuers)})" if d.issuers else d.name for d in card.documents)


def _summary_line(report: Report) -> str:
    return (f"{report.nodes} nodes, {report.edges} edges, {len(report.communities)} communities, "
            f"{len(report.chains)} chains; rankings: top {report.top} by {report.by}")


def render_table(report: Report) -> str:
    """A readable terminal report (rich tables, no colour codes, fixed width)."""
    from rich.console import Console
    from rich.table import Table

    buf = io.StringIO()
    con = Console(file=buf, width=120, color_system=None, force_terminal=False, legacy_windows=False)
    con.print(f"chaingraph report: {printable(_summary_line(report))}", markup=False, highlight=False)
    for note in report.notes:
        con.print(f"note: {note}", markup=False, highlight=False)
    for rk in report.rankings:
        t = Table(title=f"most central {TYPE_LABELS[rk.type]} (by {rk.by})", title_justify="left")
        for col in ("#", "name") + RANK_COLUMNS:
            t.add_column(col, justify="left" if col == "name" else "right", overflow="fold")
        for i, nid in enumerate(rk.nodes, 1):
            r = report.row(nid)
            t.add_row(str(i), cell(r.name), *(_fmt(getattr(r, c)) for c in RANK_COLUMNS))
        con.print(t)
    t = Table(title=f"communities (top {report.top} of {len(report.communities)})", title_justify="left")
    for col in ("id", "size", "members"):
        t.add_column(col, overflow="fold")
    for c in report.communities[:report.top]:
        t.add_row(str(c.id), str(c.size), cell(_names([report.row(m) for m in c.members])))
    con.print(t)
    t = Table(title="chains", title_justify="left")
    for col in ("chain", "leaders", "members", "supporters", "documents (issuers)", "regions", "articles"):
        t.add_column(col, overflow="fold")
    for c in report.chains:
        t.add_row(cell(c.name), cell(_names(c.leaders)), cell(_names(c.members)), cell(_names(c.supporters)),
                  cell(_docs(c)), cell(", ".join(c.regions)), str(len(c.articles)))
    con.print(t)
    for title, refs in _gap_sections(report):
        con.print(f"{title} ({len(refs)}): {printable(_names(refs, 30)) or '-'}", markup=False, highlight=False)
    t = Table(title="regions", title_justify="left")
    for col in ("region", "bodies", "chains", "enterprises", "platforms", "documents"):
        t.add_column(col, justify="left" if col == "region" else "right")
    for r in report.regions:
        t.add_row(cell(r.region), str(r.bodies), str(r.chains), str(r.enterprises), str(r.platforms), str(r.documents))
    con.print(t)
    return buf.getvalue()


_MD_SPECIAL = re.compile(r"([\\`*_\[\]{}|#!~])")


def _md(text) -> str:
    """Escape one markdown table cell: HTML-escaped, markdown specials backslashed, one line."""
    s = html.escape(str(text), quote=False)
    s = _MD_SPECIAL.sub(r"\\\1", s)
    return " ".join(s.split())


def _md_table(header: tuple[str, ...], rows: list[list]) -> list[str]:
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    lines += ["| " + " | ".join(_md(c) for c in row) + " |" for row in rows]
    return lines + [""]


def render_md(report: Report) -> str:
    """Markdown: the same sections as the table format."""
    out = ["# chaingraph report", "", _md(_summary_line(report)), ""]
    out += [f"> note: {_md(n)}" for n in report.notes] + ([""] if report.notes else [])
    for rk in report.rankings:
        out += [f"## Most central {TYPE_LABELS[rk.type]} (by {rk.by})", ""]
        out += _md_table(("#", "name") + RANK_COLUMNS,
                         [[i, report.row(n).name, *(_fmt(getattr(report.row(n), c)) for c in RANK_COLUMNS)]
                          for i, n in enumerate(rk.nodes, 1)])
    out += [f"## Communities (top {report.top} of {len(report.communities)})", ""]
    out += _md_table(("id", "size", "members"),
                     [[c.id, c.size, _names([report.row(m) for m in c.members])]
                      for c in report.communities[:report.top]])
    out += ["## Chains", ""]
    out += _md_table(("chain", "leaders", "members", "supporters", "documents (issuers)", "regions", "articles"),
                     [[c.name, _names(c.leaders), _names(c.members), _names(c.supporters), _docs(c),
                       ", ".join(c.regions), len(c.articles)] for c in report.chains])
    out += ["## Gaps", ""]
    out += [f"- {title} ({len(refs)}): {_md(_names(refs, 30) or '-')}" for title, refs in _gap_sections(report)]
    out += ["", "## Regions", ""]
    out += _md_table(("region", "bodies", "chains", "enterprises", "platforms", "documents"),
                     [[r.region, r.bodies, r.chains, r.enterprises, r.platforms, r.documents]
                      for r in report.regions])
    return "\n".join(out)


# --- html ---------------------------------------------------------------------------


def _esc(text) -> str:
    return html.escape(str(text), quote=True)


def _html_table(header: tuple[str, ...], rows: list[list]) -> str:
    head = "".join(f"<th>{_esc(h)}</th>" for h in header)
    body = "".join("<tr>" + "".join(f"<td>{_esc(c)}</td>" for c in row) + "</tr>\n" for row in rows)
    return f"<table>\n<thead><tr>{head}</tr></thead>\n<tbody>\n{body}</tbody>\n</table>\n"


_CSS = """body{font-family:"Noto Sans CJK SC","Noto Sans SC",sans-serif;margin:2em;max-width:1200px}
table{border-collapse:collapse;margin:0.5em 0 1.5em}th,td{border:1px solid #ccc;padding:2px 6px;
font-size:13px;vertical-align:top}th{background:#f3f3f3}td{max-width:420px}.note{background:#fff6d5;
padding:4px 8px}.charts{display:flex;flex-wrap:wrap;gap:12px}.charts figure{margin:0}"""


def render_html(report: Report, *, views_href: str | None = None) -> str:
    """A self-contained page: tables plus inline SVG charts; all article text escaped."""
    from . import report_charts as charts

    parts = ["<!DOCTYPE html>", '<html lang="zh">', "<head>", '<meta charset="utf-8">',
             "<title>chaingraph report</title>", f"<style>{_CSS}</style>", "</head>", "<body>",
             "<h1>chaingraph report</h1>", f"<p>{_esc(_summary_line(report))}</p>"]
    if views_href:
        parts.append(f'<p><a href="{_esc(views_href)}">Interactive views</a></p>')
    parts += [f'<p class="note">note: {_esc(n)}</p>' for n in report.notes]
    parts.append('<h2>Charts</h2><div class="charts">')
    for title, svg in charts.report_charts(report):
        parts.append(f"<figure>{svg}<figcaption>{_esc(title)}</figcaption></figure>")
    parts.append("</div>")
    for rk in report.rankings:
        parts.append(f"<h2>Most central {_esc(TYPE_LABELS[rk.type])} (by {_esc(rk.by)})</h2>")
        parts.append(_html_table(("#", "name") + RANK_COLUMNS,
                                 [[i, report.row(n).name, *(_fmt(getattr(report.row(n), c)) for c in RANK_COLUMNS)]
                                  for i, n in enumerate(rk.nodes, 1)]))
    parts.append(f"<h2>Communities (top {report.top} of {len(report.communities)})</h2>")
    parts.append(_html_table(("id", "size", "members"),
                             [[c.id, c.size, _names([report.row(m) for m in c.members], 20)]
                              for c in report.communities[:report.top]]))
    parts.append("<h2>Chains</h2>")
    parts.append(_html_table(("chain", "leaders", "members", "supporters", "documents (issuers)", "regions",
                              "articles"),
                             [[c.name, _names(c.leaders), _names(c.members), _names(c.supporters), _docs(c),
                               ", ".join(c.regions), ", ".join(c.articles)] for c in report.chains]))
    parts.append("<h2>Gaps</h2><ul>")
    parts += [f"<li>{_esc(title)} ({len(refs)}): {_esc(_names(refs, 50) or '-')}</li>"
              for title, refs in _gap_sections(report)]
    parts.append("</ul><h2>Regions</h2>")
    parts.append(_html_table(("region", "bodies", "chains", "enterprises", "platforms", "documents"),
                             [[r.region, r.bodies, r.chains, r.enterprises, r.platforms, r.documents]
                              for r in report.regions]))
    parts.append("<h2>How it was computed</h2>")
    m = report.methods
    parts.append(_html_table(("measure", "method"),
                             [["pagerank", m.pagerank], ["betweenness", m.betweenness], ["closeness", m.closeness],
                              ["eigenvector", m.eigenvector], ["communities", m.communities]]))
    parts += ["</body>", "</html>", ""]
    return "\n".join(parts)


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
