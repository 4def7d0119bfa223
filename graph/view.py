"""Interactive HTML views of the graph: self-contained pyvis / vis-network pages.

A page works from file:// with no network at all (vis-network from the pyvis
package is inlined, or for a page set shared as one local file; no CDN
links), treats every name and sentence as untrusted
text (data travels as script-safe JSON and reaches the DOM through
textContent only; a Content-Security-Policy blocks anything else), stays
usable at thousands of nodes (bounded stabilization, physics off once
settled, a top-N-by-degree cut with a visible note) and is byte-identical for
the same graph.
"""
from __future__ import annotations

import base64
import functools
import hashlib
import json
import math
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import networkx as nx

from .errors import InputError, NotFoundError
from .fileio import write_atomic
from .lookup import NameIndex, find_region
from .model import NODE_TYPES

ASSETS = Path(__file__).with_name("assets")
DEFAULT_MAX_NODES = 1500
VIS_VERSION = "9.1.2"

# Limits on what one tooltip / details panel carries, to keep pages small.
MAX_LABEL_CHARS = 24
MAX_SLUG_CHARS = 24
MAX_ARTICLES = 20
MAX_EVIDENCES = 5
MAX_EVIDENCE_CHARS = 400
EDGE_LABELS_UP_TO = 400  # beyond this many edges, edge type is shown by colour only
IMPROVED_LAYOUT_UP_TO = 150  # beyond this many nodes, start from seed_positions()


@dataclass(frozen=True)
class PageLink:
    """A link shown in a page header (e.g. back to the index)."""

    href: str
    text: str


@dataclass(frozen=True)
class ViewPage:
    """One written page of `write_views`: where, what it shows, how big."""

    path: Path
    title: str
    kind: str  # "full", "chain" or "region"
    nodes: int
    edges: int


# --- selecting what to show -------------------------------------------------

@dataclass(frozen=True)
class Selection:
    """What one view shows: the subgraph, a page title naming the resolved entity, a safe file name."""

    graph: nx.MultiDiGraph
    title: str
    filename: str


def select_view(
    g: nx.MultiDiGraph,
    *,
    chain: str | None = None,
    region: str | None = None,
    around: str | None = None,
    depth: int = 1,
    types: tuple[str, ...] | list[str] = (),
) -> Selection:
    """The part of `g` a view shows: a chain's or a node's neighbourhood, a region, or all.

    `chain`/`around` accept any alias or script and take the `depth`-hop
    neighbourhood ignoring edge direction; `region` keeps the nodes of that
    region and the endpoints of edges in it.  `types` then keeps only nodes
    of those types.  Unknown names raise NotFoundError with close matches.
    """
    given = [name for name, v in (("chain", chain), ("region", region), ("around", around)) if v]
    if len(given) > 1:
        raise InputError(f"choose one of chain, region or around, not {' and '.join(given)}")
    if depth < 0:
        raise InputError(f"depth must be 0 or more, not {depth}")
    wanted = _check_types(types)
    if chain or around:
        index = NameIndex(g, types=("Chain",) if chain else ())
        centre = index.resolve(chain or around, what="chain" if chain else "node")
        keep = neighbourhood(g, centre.id, depth)
        what = "产业链 chain" if chain else "周边 around"
        title, key = f"{what}: {centre.name}" + (f" (depth {depth})" if depth != 1 else ""), centre.id
    elif region:
        names = find_region(g, region)
        keep = {n for n, a in g.nodes(data=True) if a.get("region") in names}
        keep |= {x for u, v, a in g.edges(data=True) if a.get("region") in names for x in (u, v)}
        title, key = f"地区 region: {' / '.join(names)}", f"region:{'/'.join(names)}"
    else:
        keep = set(g.nodes)
        title, key = "质量强链图谱 全图 (full graph)", "full"
    if wanted:
        keep = {n for n in keep if g.nodes[n].get("type") in wanted}
        title += f" [{', '.join(sorted(wanted))}]"
        key += f"|{','.join(sorted(wanted))}"
    filename = safe_filename(title.split(": ", 1)[-1], f"{key}|{depth}")
    return Selection(graph=g.subgraph(keep).copy(), title=title, filename=filename)


def region_members(g: nx.MultiDiGraph) -> dict[str, set[str]]:
    """Per region (sorted): nodes with that region, plus both ends of edges with that region."""
    members: dict[str, set[str]] = {}
    for n, a in g.nodes(data=True):
        if isinstance(a.get("region"), str) and a["region"].strip():
            members.setdefault(a["region"], set()).add(n)
    for u, v, a in g.edges(data=True):
        if isinstance(a.get("region"), str) and a["region"].strip():
            members.setdefault(a["region"], set()).update((u, v))
    return dict(sorted(members.items()))


def neighbourhood(g: nx.MultiDiGraph, centre: str, depth: int) -> set[str]:
    """Nodes within `depth` hops of `centre`, edges taken in either direction.

    Same nodes as `nx.ego_graph(g, centre, depth, undirected=True)`, without the
    undirected copy of the whole graph that it makes (once per chain page).
    """
    seen, frontier = {centre}, [centre]
    for _ in range(depth):
        nxt = []
        for n in frontier:
            for m in (*g.predecessors(n), *g.successors(n)):
                if m not in seen:
                    seen.add(m)
                    nxt.append(m)
        frontier = nxt
    return seen


def select_subgraph(
    g: nx.MultiDiGraph,
    *,
    chain: str | None = None,
    region: str | None = None,
    around: str | None = None,
    depth: int = 1,
    types: tuple[str, ...] | list[str] = (),
) -> nx.MultiDiGraph:
    """Just the subgraph of `select_view` (same arguments, same errors)."""
    return select_view(g, chain=chain, region=region, around=around, depth=depth, types=types).graph


def _check_types(types) -> set[str]:
    canonical = {t.lower(): t for t in NODE_TYPES}
    wanted = set()
    for t in types:
        if t.lower() not in canonical:
            raise NotFoundError(f"no node type {t!r}; known types: {', '.join(NODE_TYPES)}")
        wanted.add(canonical[t.lower()])
    return wanted


def degrees(g: nx.MultiDiGraph) -> dict[str, int]:
    """Number of edges at each node, both directions (what node size and the top-N cut use)."""
    return dict(g.degree())


def top_nodes(g: nx.MultiDiGraph, max_nodes: int) -> list[str]:
    """The `max_nodes` most connected nodes (ties by id), in id order."""
    if max_nodes < 1:
        raise InputError(f"max_nodes must be at least 1, not {max_nodes}")
    deg = degrees(g)
    ranked = sorted(g.nodes, key=lambda n: (-deg[n], n))
    return sorted(ranked[:max_nodes])


# --- rendering ----------------------------------------------------------------

def script_json(value) -> str:
    """JSON that is safe inside an HTML <script> element.

    `<`, `>` and `&` only occur inside JSON strings, so writing them as
    \\u escapes keeps the same value while making `</script>` and `<!--`
    impossible; U+2028/2029 are escaped for old JavaScript parsers.
    """
    text = json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    for ch, esc in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"),
                    ("\u2028", "\\u2028"), ("\u2029", "\\u2029")):
        text = text.replace(ch, esc)
    return text


def render_html(
    g: nx.MultiDiGraph,
    *,
    title: str,
    max_nodes: int = DEFAULT_MAX_NODES,
    links: tuple[PageLink, ...] = (),
    assets_href: str | None = None,
) -> str:
    """A self-contained HTML page showing `g` (its `max_nodes` most connected nodes if larger).

    With `assets_href` (a relative URL of a directory filled by
    `write_assets`) the page loads vis-network and its own script/CSS from
    there instead of inlining them, so a set of pages holds one copy.
    """
    total_nodes = g.number_of_nodes()
    cut = total_nodes > max_nodes
    shown = g.subgraph(top_nodes(g, max_nodes)) if cut else g
    if cut:
        note = (f"showing {shown.number_of_nodes()} of {total_nodes} nodes (the most connected; "
                f"raise --max-nodes to see more), {shown.number_of_edges()} of {g.number_of_edges()} edges")
    else:
        note = f"showing {total_nodes} of {total_nodes} nodes, {g.number_of_edges()} edges"

    style = _style()
    deg = degrees(shown)
    nodes, edges, options = _vis_data(shown, deg, style)
    data = {
        "nodes": nodes,
        "edges": edges,
        "options": options,
        "details": {
            "nodes": {n: _node_details(n, a, deg[n], style) for n, a in shown.nodes(data=True)},
            "edges": {e["id"]: _edge_details(shown, e, style) for e in edges},
        },
    }
    node_counts = _count(a.get("type", "") for _, a in shown.nodes(data=True))
    edge_counts = _count(a.get("type", "") for _, _, a in shown.edges(data=True))
    assets = _assets()
    context = {
        "title": title,
        "note": note,
        "cut": cut,
        "links": list(links),
        "node_types": [_legend(t, node_counts[t], style["nodes"].get(t, style["default_node"]))
                       for t in _ordered(node_counts, NODE_TYPES)],
        "edge_types": [_legend(t, edge_counts[t], style["edges"].get(t, style["default_edge"]))
                       for t in _ordered(edge_counts, tuple(style["edges"]))],
        "data": script_json(data),
        "csp": assets["csp_shared"] if assets_href else assets["csp"],
        "assets_href": assets_href,
        "vis_css": assets["vis_css"],
        "vis_js": assets["vis_js"],
        "app_css": assets["app_css"],
        "app_js": assets["app_js"],
        "pyvis_version": assets["pyvis_version"],
        "vis_version": VIS_VERSION,
    }
    return _text(_template().render(**context))


def _vis_data(g: nx.MultiDiGraph, deg: dict[str, int], style: dict) -> tuple[list, list, dict]:
    """Node and edge records plus options for vis-network, built with a pyvis Network."""
    from pyvis.network import Network

    net = Network(directed=True, cdn_resources="in_line")
    for n in sorted(g.nodes):
        a = g.nodes[n]
        type_ = a.get("type", "")
        shape = style["nodes"].get(type_, style["default_node"])["shape"]  # pyvis would default to "dot"
        net.add_node(n, label=_label(str(a.get("name") or n)), shape=shape, group=type_, value=deg[n])
    edge_labels = g.number_of_edges() <= EDGE_LABELS_UP_TO
    parallel: dict[tuple[str, str], int] = {}
    ordered = sorted(g.edges(keys=True, data=True), key=lambda t: (t[0], t[1], str(t[2])))
    for i, (u, v, key, a) in enumerate(ordered):
        type_ = str(a.get("type") or key)
        pair = (min(u, v), max(u, v))
        k = parallel.get(pair, 0)
        parallel[pair] = k + 1
        record = {
            "id": f"e{i}",
            "type": type_,
            "color": style["edges"].get(type_, style["default_edge"])["color"],
            "width": round(1 + math.log2(max(1, len(a.get("articles") or ()))), 2),
        }
        if edge_labels:
            record["label"] = type_
        if k:  # bend parallel edges apart so each stays visible
            record["smooth"] = {"enabled": True, "type": "curvedCW", "roundness": round(0.15 * k, 2)}
        # pyvis' add_edge scans a list of all node ids per edge (quadratic); the
        # endpoints are known to exist, so append the same record directly.
        net.edges.append({"from": u, "to": v, "arrows": "to", **record})
    if g.number_of_nodes() > IMPROVED_LAYOUT_UP_TO:
        positions = seed_positions(g, deg)
        for record in net.nodes:
            record["x"], record["y"] = positions[record["id"]]
    net.options = _options(g.number_of_nodes(), style)
    nodes, edges, _heading, _height, _width, options = net.get_network_data()
    return nodes, edges, json.loads(options)


def seed_positions(g: nx.MultiDiGraph, deg: dict[str, int], *, spacing: float = 45.0) -> dict[str, tuple[int, int]]:
    """A cheap hub-and-spoke start layout, so the browser needs few physics iterations.

    Each node hangs off its best-connected neighbour if that one ranks higher
    (chains collect their members); each resulting cluster is a golden-angle
    spiral around its hub, and the clusters themselves spiral out from the
    centre, largest first.  Deterministic, and cheap next to any force layout.
    """
    rank = {n: i for i, n in enumerate(sorted(g.nodes, key=lambda n: (-deg[n], n)))}
    anchor: dict[str, str] = {}
    for n in sorted(g.nodes, key=rank.__getitem__):
        best = min(nx.all_neighbors(g, n), key=rank.__getitem__, default=n)
        anchor[n] = anchor[best] if rank[best] < rank[n] else n  # best ranks higher: already placed
    clusters: dict[str, list[str]] = {}
    for n in sorted(g.nodes, key=rank.__getitem__):
        clusters.setdefault(anchor[n], []).append(n)
    golden = math.pi * (3 - math.sqrt(5))
    positions: dict[str, tuple[int, int]] = {}
    area = 0.0
    for k, members in enumerate(clusters.values()):
        radius = spacing * math.sqrt(len(members))
        cx, cy = (0.0, 0.0) if k == 0 else _polar(1.6 * math.sqrt(area) + radius, k * golden)
        area += radius * radius
        for j, n in enumerate(members):
            dx, dy = _polar(spacing * math.sqrt(j) * 1.2, j * golden)
            positions[n] = (round(cx + dx), round(cy + dy))
    return positions


def _polar(r: float, angle: float) -> tuple[float, float]:
    return r * math.cos(angle), r * math.sin(angle)


def _options(n: int, style: dict) -> dict:
    """vis-network options: seeded layout, bounded stabilization (physics is switched off once settled)."""
    # Small graphs get vis' own (Kamada-Kawai) start layout; larger ones come
    # with seed_positions and need only a bounded number of iterations.
    iterations = 1000 if n <= IMPROVED_LAYOUT_UP_TO else max(40, min(300, 150_000 // n))
    return {
        "autoResize": True,
        "layout": {"randomSeed": 7, "improvedLayout": n <= IMPROVED_LAYOUT_UP_TO},
        "groups": {t: {"color": s["color"], "shape": s["shape"]} for t, s in style["nodes"].items()},
        "nodes": {
            "shape": "dot",
            "borderWidth": 1,
            "font": {"size": 14, "face": "Noto Sans CJK SC, Microsoft YaHei, sans-serif"},
            "scaling": {"min": 8, "max": 40, "label": {"enabled": True, "min": 12, "max": 22, "drawThreshold": 7}},
        },
        "edges": {
            "arrows": {"to": {"enabled": True, "scaleFactor": 0.5}},
            "smooth": False,
            "font": {"size": 10, "align": "middle", "color": "#555555"},
            "selectionWidth": 2,
        },
        "interaction": {"hover": True, "tooltipDelay": 120, "hideEdgesOnDrag": n > 1000,
                        "hideEdgesOnZoom": n > 1000, "navigationButtons": False, "keyboard": False},
        "physics": {
            "enabled": True,
            "solver": "barnesHut",
            "barnesHut": {"gravitationalConstant": -6000, "centralGravity": 0.3, "springLength": 110,
                          "springConstant": 0.04, "damping": 0.4, "avoidOverlap": 0.1},
            "minVelocity": 1.5,
            "timestep": 0.5,
            "stabilization": {"enabled": True, "iterations": iterations, "updateInterval": 20, "fit": True},
        },
    }


def _node_details(n: str, a: dict, degree: int, style: dict) -> dict:
    type_ = a.get("type", "")
    articles = [str(x) for x in a.get("articles") or ()]
    return {
        "name": str(a.get("name") or n),
        "type": type_,
        "typeLabel": style["nodes"].get(type_, style["default_node"])["label"],
        "kind": str(a.get("kind") or ""),
        "region": str(a.get("region") or ""),
        "aliases": [str(x) for x in a.get("aliases") or ()],
        "articles": articles[:MAX_ARTICLES],
        "moreArticles": max(0, len(articles) - MAX_ARTICLES),
        "mentions": int(a.get("mentions") or 0),
        "degree": degree,
    }


def _edge_details(g: nx.MultiDiGraph, e: dict, style: dict) -> dict:
    a = g.edges[e["from"], e["to"], _edge_key(g, e)]
    evidences = [str(x) for x in a.get("evidences") or ()] or ([a["evidence"]] if a.get("evidence") else [])
    articles = [str(x) for x in a.get("articles") or ()] or ([a["article"]] if a.get("article") else [])
    confidence = a.get("confidence")
    return {
        "type": e["type"],
        "typeLabel": style["edges"].get(e["type"], style["default_edge"])["label"],
        "from": str(g.nodes[e["from"]].get("name") or e["from"]),
        "to": str(g.nodes[e["to"]].get("name") or e["to"]),
        "region": str(a.get("region") or ""),
        "rule": str(a.get("rule") or ""),
        "confidence": None if confidence is None else round(float(confidence), 3),
        "evidences": [_clip(x, MAX_EVIDENCE_CHARS) for x in evidences[:MAX_EVIDENCES]],
        "moreEvidences": max(0, len(evidences) - MAX_EVIDENCES),
        "articles": articles[:MAX_ARTICLES],
        "moreArticles": max(0, len(articles) - MAX_ARTICLES),
    }


def _edge_key(g: nx.MultiDiGraph, e: dict):
    keys = g[e["from"]][e["to"]]
    if e["type"] in keys:
        return e["type"]
    return next(k for k, a in keys.items() if str(a.get("type") or k) == e["type"])


def _text(value) -> str:
    """Text that can be written as UTF-8: lone surrogates (valid in JSON input) become '?'."""
    return str(value).encode("utf-8", "replace").decode("utf-8")


def _clip(s: str, limit: int) -> str:
    return s if len(s) <= limit else s[: limit - 1] + "…"


def _label(name: str) -> str:
    return _clip(name, MAX_LABEL_CHARS)


def _count(values) -> dict[str, int]:
    counts: dict[str, int] = {}
    for v in values:
        counts[v] = counts.get(v, 0) + 1
    return counts


def _ordered(counts: dict[str, int], preferred: tuple[str, ...]) -> list[str]:
    return [t for t in preferred if t in counts] + sorted(t for t in counts if t not in preferred)


def _legend(type_: str, count: int, s: dict) -> dict:
    return {"type": type_, "count": count, "color": s["color"], "label": s["label"],
            "symbol": s.get("symbol", "")}


@functools.lru_cache(maxsize=1)
def _style() -> dict:
    return json.loads((ASSETS / "view_style.json").read_text(encoding="utf-8"))


@functools.lru_cache(maxsize=1)
def _template():
    import jinja2

    env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(ASSETS)), autoescape=True,
                             keep_trailing_newline=True)
    return env.get_template("view.html")


@functools.lru_cache(maxsize=1)
def _assets() -> dict:
    """Inlined CSS/JS (vis-network from the pyvis package) and the CSP allowing exactly those scripts."""
    import pyvis

    vis_dir = Path(pyvis.__file__).parent / "templates" / "lib" / f"vis-{VIS_VERSION}"
    vis_js = (vis_dir / "vis-network.min.js").read_text(encoding="utf-8")
    vis_css = (vis_dir / "vis-network.css").read_text(encoding="utf-8")
    app_js = (ASSETS / "view.js").read_text(encoding="utf-8")
    app_css = (ASSETS / "view.css").read_text(encoding="utf-8")
    for name, text, closer in (("vis-network.min.js", vis_js, "</script"), ("view.js", app_js, "</script"),
                               ("vis-network.css", vis_css, "</style"), ("view.css", app_css, "</style")):
        if closer in text.lower():  # would end the inline element early
            raise InputError(f"{name}: cannot be inlined, it contains {closer!r}")
    hashes = " ".join(f"'sha256-{base64.b64encode(hashlib.sha256(s.encode()).digest()).decode()}'"
                      for s in (vis_js, app_js))
    csp = (f"default-src 'none'; script-src {hashes}; style-src 'unsafe-inline'; img-src data:; "
           "font-src data:; base-uri 'none'; form-action 'none'")
    # Shared assets are local files: in a file:// page Chromium's 'self' matches file: URLs.
    csp_shared = ("default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src data:; "
                  "font-src data:; base-uri 'none'; form-action 'none'")
    return {"vis_js": vis_js, "vis_css": vis_css, "app_js": app_js, "app_css": app_css, "csp": csp,
            "csp_shared": csp_shared,
            "pyvis_version": getattr(pyvis, "__version__", "")}


# --- writing pages ------------------------------------------------------------

_SLUG_DROP = re.compile(r"[^0-9A-Za-z\u4e00-\u9fff]+")


def safe_filename(name: str, key: str, *, suffix: str = ".html") -> str:
    """A file name for a page about `name`: letters/digits/CJK slug + short hash of `key`.

    The hash keeps names unique (two names with the same slug differ) and the
    slug cannot contain separators, dots or control characters, so no name
    can escape the views directory.
    """
    slug = _SLUG_DROP.sub("-", unicodedata.normalize("NFKC", name)).strip("-")[:MAX_SLUG_CHARS].strip("-")
    digest = hashlib.sha1(key.encode("utf-8", "surrogatepass")).hexdigest()[:10]
    return f"{slug}-{digest}{suffix}" if slug else f"{digest}{suffix}"


def write_view(
    g: nx.MultiDiGraph,
    path: str | Path,
    *,
    title: str,
    max_nodes: int = DEFAULT_MAX_NODES,
    links: tuple[PageLink, ...] = (),
    assets_href: str | None = None,
) -> Path:
    """Render `g` and write it atomically to `path`."""
    return write_atomic(path, render_html(g, title=title, max_nodes=max_nodes, links=links,
                                          assets_href=assets_href))


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
) -> list[Path]:
    """Write `out_dir/views/`: index.html, full.html, one page per chain and one per region.

    Returns the written files: the index first, then the pages and shared assets; chain/region pages left from an
    earlier graph are removed.  Chain pages show the chain's
    one-hop neighbourhood; region pages what `select_subgraph(region=...)`
    keeps.  With `shared_assets` the pages load vis-network from one copy in
    `views/assets/` (still local files only) instead of each inlining 700 kB.
    """
    views = Path(out_dir) / "views"
    back = (PageLink(href="../index.html", text="← 索引 index"),)
    pages: list[ViewPage] = []
    top_href, sub_href = ("assets", "../assets") if shared_assets else (None, None)
    assets = write_assets(views / "assets") if shared_assets else []

    full = views / "full.html"
    write_view(g, full, title="质量强链图谱 全图 (full graph)", max_nodes=max_nodes,
               links=(PageLink(href="index.html", text="← 索引 index"),), assets_href=top_href)
    pages.append(ViewPage(full, "全图 full graph", "full", g.number_of_nodes(), g.number_of_edges()))

    chains = sorted((n for n, a in g.nodes(data=True) if a.get("type") == "Chain"),
                    key=lambda n: (str(g.nodes[n].get("name") or n), n))
    for n in chains:
        name = str(g.nodes[n].get("name") or n)
        sub = g.subgraph(neighbourhood(g, n, 1)).copy()
        path = views / "chain" / safe_filename(name, n)
        write_view(sub, path, title=f"产业链 chain: {name}", max_nodes=max_nodes, links=back,
                   assets_href=sub_href)
        pages.append(ViewPage(path, name, "chain", sub.number_of_nodes(), sub.number_of_edges()))

    for region, members in region_members(g).items():
        sub = g.subgraph(members).copy()  # what select_subgraph(g, region=region) keeps, in one pass
        path = views / "region" / safe_filename(region, f"region:{region}")
        write_view(sub, path, title=f"地区 region: {region}", max_nodes=max_nodes, links=back,
                   assets_href=sub_href)
        pages.append(ViewPage(path, region, "region", sub.number_of_nodes(), sub.number_of_edges()))

    index = views / "index.html"
    write_atomic(index, render_index(pages, views))
    written = {p.path for p in pages}
    for kind in ("chain", "region"):  # pages of chains/regions gone since the last build
        for stale in sorted((views / kind).glob("*.html")):
            if stale not in written:
                stale.unlink()
    return [index] + [p.path for p in pages] + list(assets)


def render_index(pages: list[ViewPage], views_dir: Path) -> str:
    """The index page linking every view (plain HTML, no script at all)."""
    import jinja2

    env = jinja2.Environment(autoescape=True)
    template = env.from_string(_INDEX_TEMPLATE)
    groups = []
    for kind, heading in (("full", "全图 Full graph"), ("chain", "产业链 Chains"), ("region", "地区 Regions")):
        items = [{"href": p.path.relative_to(views_dir).as_posix(), "title": p.title,
                  "nodes": p.nodes, "edges": p.edges} for p in pages if p.kind == kind]
        if items:
            groups.append({"heading": heading, "items": items})
    return _text(template.render(groups=groups))


_INDEX_TEMPLATE = """<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<title>质量强链图谱 views</title>
<style>body{font-family:"Noto Sans CJK SC","Microsoft YaHei",sans-serif;margin:20px 40px;color:#222}
li{margin:3px 0}small{color:#777}</style>
</head>
<body>
<h1>质量强链图谱 views</h1>
{% for group in groups %}<h2>{{ group.heading }}</h2>
<ul>
{% for item in group["items"] %}<li><a href="{{ item.href }}">{{ item.title }}</a>
<small>{{ item.nodes }} nodes, {{ item.edges }} edges</small></li>
{% endfor %}</ul>
{% endfor %}</body>
</html>
"""
