"""Interactive HTML views of the graph: self-contained pyvis / vis-network pages.

A page works from file:// with no network at all (vis-network from the pyvis
package is inlined, or for a page set shared as one local file; no CDN
links), treats every name and sentence as untrusted text (data travels as
script-safe JSON and reaches the DOM through textContent only; a
Content-Security-Policy blocks anything else), stays usable at thousands of
nodes (bounded stabilization, physics off once settled, a top-N-by-degree
cut with a visible note) and is byte-identical for the same graph.

Selecting lives in `graph.view_select`, one page's HTML in `graph.view_render`,
page file names in `graph.view_paths`; this module writes page sets and the index.
"""
from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path

import networkx as nx

from .articles import article_info, article_label
from .fileio import write_atomic
from .lookup import region_key
from .names import fold_name
from .regions import region_members, region_parents
from .view_paths import chain_page, region_page, safe_filename
from .view_render import (DEFAULT_MAX_NODES, VIS_VERSION, PageLink, _assets, inline_asset,
                          render_html, script_hash, script_json, seed_positions, template)
from .view_select import Selection, degrees, neighbourhood, select_subgraph, select_view, top_nodes

__all__ = ["DEFAULT_MAX_NODES", "VIS_VERSION", "PageLink", "Selection", "ViewPage", "article_info",
           "article_label", "degrees", "neighbourhood", "region_members", "render_html", "render_index",
           "safe_filename", "script_json", "seed_positions", "select_subgraph", "select_view", "top_nodes",
           "write_assets", "write_view", "write_views"]


@dataclass(frozen=True)
class ViewPage:
    """One written page of `write_views`: where, what it shows, how big, and the names that find it."""

    path: Path
    title: str
    kind: str  # "full", "chain" or "region"
    nodes: int
    edges: int
    names: tuple[str, ...] = ()  # aliases and short forms the index search matches
    parent: str | None = None  # a region page: the region directly above it


def write_view(
    g: nx.MultiDiGraph,
    path: str | Path,
    *,
    title: str,
    max_nodes: int = DEFAULT_MAX_NODES,
    links: tuple[PageLink, ...] = (),
    assets_href: str | None = None,
    focus: str | None = None,
) -> Path:
    """Render `g` and write it atomically to `path` (`focus`: the node id to mark)."""
    return write_atomic(path, render_html(g, title=title, max_nodes=max_nodes, links=links,
                                          assets_href=assets_href, focus=focus))


def write_assets(directory: str | Path) -> list[Path]:
    """Write vis-network and the page script/CSS into `directory` for pages rendered with `assets_href`."""
    assets = _assets()
    directory = Path(directory)
    return [write_atomic(directory / name, assets[key]) for name, key in (
        ("vis-network.min.js", "vis_js"), ("vis-network.css", "vis_css"), ("view.js", "app_js"),
        ("view.css", "app_css"))]


def write_views(
    g: nx.MultiDiGraph,
    out_dir: str | Path,
    *,
    max_nodes: int = DEFAULT_MAX_NODES,
    shared_assets: bool = True,
    report_href: str | None = "../report.html",
) -> list[Path]:
    """Write `out_dir/views/`: index.html, full.html, one page per chain and one per region.

    Returns the written files: the index first, then the pages and shared assets; chain/region pages left
    from an earlier graph are removed.  Chain pages show the chain's one-hop neighbourhood (the chain
    marked); region pages the region's nodes including its cities and counties.  With `shared_assets` the
    pages load vis-network from one copy in `views/assets/` instead of each inlining 700 kB.  The index
    links to `report_href` (relative to views/; None for no link).
    """
    views = Path(out_dir) / "views"
    back = (PageLink(href="../index.html", text="← 索引 index"),)
    if report_href:
        back += (PageLink(href=f"../{report_href}", text="报告 report"),)
    top_href, sub_href = ("assets", "../assets") if shared_assets else (None, None)
    assets = write_assets(views / "assets") if shared_assets else []

    full = views / "full.html"
    top_links = (PageLink(href="index.html", text="← 索引 index"),)
    if report_href:
        top_links += (PageLink(href=report_href, text="报告 report"),)
    write_view(g, full, title="质量强链图谱 全图 (full graph)", max_nodes=max_nodes, assets_href=top_href,
               links=top_links)
    pages = [ViewPage(full, "全图 full graph", "full", g.number_of_nodes(), g.number_of_edges())]
    chains = sorted((n for n, a in g.nodes(data=True) if a.get("type") == "Chain"),
                    key=lambda n: (str(g.nodes[n].get("name") or n), n))
    for n in chains:
        name = str(g.nodes[n].get("name") or n)
        sub = g.subgraph(neighbourhood(g, n, 1)).copy()
        path = views / chain_page(name, n)
        write_view(sub, path, title=f"产业链 chain: {name}", max_nodes=max_nodes, links=back,
                   assets_href=sub_href, focus=n)
        aliases = tuple(str(x) for x in g.nodes[n].get("aliases") or ())
        pages.append(ViewPage(path, name, "chain", sub.number_of_nodes(), sub.number_of_edges(), aliases))
    parents = region_parents(g)
    for region, members in region_members(g).items():
        sub = g.subgraph(members).copy()  # what select_subgraph(g, region=region) keeps, in one pass
        path = views / region_page(region)
        write_view(sub, path, title=f"地区 region: {region}", max_nodes=max_nodes, links=back,
                   assets_href=sub_href)
        pages.append(ViewPage(path, region, "region", sub.number_of_nodes(), sub.number_of_edges(),
                              (region_key(region),), parents.get(region)))

    index = views / "index.html"
    write_atomic(index, render_index(pages, views, report_href=report_href))
    written = {p.path for p in pages}
    for kind in ("chain", "region"):  # pages of chains/regions gone since the last build
        for stale in sorted((views / kind).glob("*.html")):
            if stale not in written:
                stale.unlink()
    return [index] + [p.path for p in pages] + list(assets)


_GROUPS = (("full", "全图 Full graph", ""),
           ("chain", "产业链 Chains", "sorted by size: most nodes on the chain's page first, then by name"),
           ("region", "地区 Regions", "provinces by size, each followed by its cities and counties (by size)"))


def render_index(pages: list[ViewPage], views_dir: Path, *, report_href: str | None = None) -> str:
    """The index page: every view grouped by kind, sorted by size, regions nested, with a search box.

    The search matches any name, alias, simplified or traditional form: the forms are embedded as JSON
    (script-safe) and the one inline script is allowed by its hash in the page's CSP.
    """
    groups, forms = [], {}
    for kind, heading, order in _GROUPS:
        items = []
        for depth, p in _ordered_pages([p for p in pages if p.kind == kind]):
            key = f"p{len(forms)}"
            forms[key] = _search_forms(p)
            items.append({"href": p.path.relative_to(views_dir).as_posix(), "title": p.title, "key": key,
                          "nodes": p.nodes, "edges": p.edges, "depth": min(depth, 2)})
        if items:
            groups.append({"kind": kind, "heading": heading, "order": order, "items": items})
    app_js = inline_asset("index.js")
    csp = f"default-src 'none'; script-src {script_hash(app_js)}; style-src 'unsafe-inline'; base-uri 'none'"
    chains = sum(p.kind == "chain" for p in pages)
    regions = sum(p.kind == "region" for p in pages)
    text = template("index.html").render(groups=groups, data=script_json(forms), app_js=app_js, csp=csp,
                                         report_href=report_href, summary=f"{chains} chains, {regions} regions")
    return str(text).encode("utf-8", "replace").decode("utf-8")


def _ordered_pages(pages: list[ViewPage]) -> list[tuple[int, ViewPage]]:
    """Pages by size (most nodes first, then title); a region page right after its parent, one level in."""
    by_size = sorted(pages, key=lambda p: (-p.nodes, p.title))
    titles = {p.title for p in pages}
    children: dict[str | None, list[ViewPage]] = {}
    for p in by_size:
        children.setdefault(p.parent if p.parent in titles else None, []).append(p)
    out: list[tuple[int, ViewPage]] = []

    def walk(parent: str | None, depth: int) -> None:
        for p in children.get(parent, []):
            out.append((depth, p))
            if p.kind == "region":
                walk(p.title, depth + 1)

    walk(None, 0)
    return out


def _search_forms(page: ViewPage) -> list[str]:
    """Lower-case forms of a page's name and aliases: as written, folded to simplified, in traditional."""
    forms: set[str] = set()
    for name in (page.title, *page.names):
        for form in (name, fold_name(name), _s2t(fold_name(name))):
            folded = "".join(form.split()).lower()
            if folded:
                forms.add(folded)
    return sorted(forms)


@functools.lru_cache(maxsize=8192)
def _s2t(text: str) -> str:
    return _opencc_s2t().convert(text)


@functools.lru_cache(maxsize=1)
def _opencc_s2t():
    import opencc

    return opencc.OpenCC("s2t")
