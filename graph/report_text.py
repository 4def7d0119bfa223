"""The report as text: a terminal table, CSV (formula cells neutralized) and markdown.

Split from `graph.report` (which computes the `Report` and renders JSON and HTML);
the helpers here name nodes, gaps and documents the same way in every format.
"""
from __future__ import annotations

import csv
import html
import io
import re
from typing import TYPE_CHECKING

from . import analytics as an
from .terminal import cell, printable

if TYPE_CHECKING:  # pragma: no cover
    from .report import Report

MEASURES: tuple[str, ...] = ("degree", "in_degree", "out_degree", "pagerank", "betweenness", "closeness",
                             "eigenvector")
TYPE_LABELS = {"GovernmentBody": "government bodies", "Chain": "chains", "Enterprise": "enterprises",
               "Platform": "platforms", "PolicyDocument": "documents"}


def region_title(r: an.RegionSummary) -> str:
    """A region's name indented by its level (a city under its province, a county under its city)."""
    depth = max(0, len(r.path) - 1)
    return ("  " * (depth - 1) + "└ " if depth else "") + r.region


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
        t.add_row(cell(region_title(r)), str(r.bodies), str(r.chains), str(r.enterprises), str(r.platforms), str(r.documents))
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
                     [[region_title(r), r.bodies, r.chains, r.enterprises, r.platforms, r.documents]
                      for r in report.regions])
    return "\n".join(out)
