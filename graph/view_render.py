"""One view page as HTML: vis-network data built with pyvis, details, article names, the page template.

Every name and sentence is untrusted text: it travels as script-safe JSON and
reaches the DOM through textContent only, under a Content-Security-Policy
that allows exactly the page's own scripts.  Same graph, same bytes.
"""
from __future__ import annotations

import base64
import functools
import hashlib
import json
import math
from dataclasses import dataclass
from pathlib import Path

import networkx as nx

from .errors import InputError
from .articles import article_info
from .model import NODE_TYPES
from .regions import path_of
from .view_select import degrees, top_nodes

ASSETS = Path(__file__).with_name("assets")
DEFAULT_MAX_NODES = 1500
VIS_VERSION = "9.1.2"

# Limits on what one tooltip / details panel carries, to keep pages small.
MAX_LABEL_CHARS = 24
MAX_ARTICLES = 20
MAX_EVIDENCES = 5
MAX_EVIDENCE_CHARS = 400
LABELLED_TOP = 30  # this many most connected nodes keep a readable label when the graph is fitted
EDGE_LABELS_UP_TO = 400  # beyond this many edges, edge type is shown by colour only
IMPROVED_LAYOUT_UP_TO = 150  # beyond this many nodes, start from seed_positions()


@dataclass(frozen=True)
class PageLink:
    """A link shown in a page header (e.g. back to the index)."""

    href: str
    text: str


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
    focus: str | None = None,
) -> str:
    """A self-contained HTML page showing `g` (its `max_nodes` most connected nodes if larger).

    With `assets_href` (a relative URL of a directory filled by
    `write_assets`) the page loads vis-network and its own script/CSS from
    there instead of inlining them, so a set of pages holds one copy.
    `focus` (a node id) is drawn larger with a thick border and selected.
    """
    total_nodes = g.number_of_nodes()
    cut = total_nodes > max_nodes
    shown = g.subgraph(top_nodes(g, max_nodes) + ([focus] if focus in g else [])) if cut else g
    if cut:
        note = (f"showing {shown.number_of_nodes()} of {total_nodes} nodes (the most connected; "
                f"raise --max-nodes to see more), {shown.number_of_edges()} of {g.number_of_edges()} edges")
    else:
        note = f"showing {total_nodes} of {total_nodes} nodes, {g.number_of_edges()} edges"
    focus = focus if focus in shown else None
    style = _style()
    deg = degrees(shown)
    nodes, edges, options = _vis_data(shown, deg, style, focus)
    data = {
        "nodes": nodes, "edges": edges, "options": options,
        "details": {
            "nodes": {n: _node_details(n, a, deg[n], style) for n, a in shown.nodes(data=True)},
            "edges": {e["id"]: _edge_details(shown, e, style) for e in edges},
        },
        "articles": _articles(g, shown),
        "total": {"nodes": total_nodes, "edges": g.number_of_edges()},
        "labelTop": sorted(sorted(shown.nodes, key=lambda n: (-deg[n], n))[:LABELLED_TOP]),
        "focus": focus,
    }
    return _text(_template().render(**_context(shown, style, title, note, cut, links, assets_href, focus, data)))


def _context(shown, style, title, note, cut, links, assets_href, focus, data) -> dict:
    node_counts = _count(a.get("type", "") for _, a in shown.nodes(data=True))
    edge_counts = _count(a.get("type", "") for _, _, a in shown.edges(data=True))
    assets = _assets()
    return {
        "title": title, "note": note, "cut": cut, "links": list(links),
        "focus_name": str(shown.nodes[focus].get("name") or focus) if focus else None,
        "node_types": [_legend(t, node_counts[t], style["nodes"].get(t, style["default_node"]))
                       for t in _ordered(node_counts, NODE_TYPES)],
        "edge_types": [_legend(t, edge_counts[t], style["edges"].get(t, style["default_edge"]))
                       for t in _ordered(edge_counts, tuple(style["edges"]))],
        "data": script_json(data),
        "csp": assets["csp_shared"] if assets_href else assets["csp"],
        "assets_href": assets_href,
        "vis_css": assets["vis_css"], "vis_js": assets["vis_js"],
        "app_css": assets["app_css"], "app_js": assets["app_js"],
        "pyvis_version": assets["pyvis_version"], "vis_version": VIS_VERSION,
    }


def _articles(g: nx.MultiDiGraph, shown: nx.MultiDiGraph) -> dict[str, dict]:
    """Title/date/URL of every article a shown node or edge names (what tooltips and details print)."""
    ids = {str(x) for _, a in shown.nodes(data=True) for x in (a.get("articles") or ())[:MAX_ARTICLES]}
    for _, _, a in shown.edges(data=True):
        ids.update(str(x) for x in (a.get("articles") or ())[:MAX_ARTICLES])
        if a.get("article"):
            ids.add(str(a["article"]))
    return {i: article_info(g, i) for i in sorted(ids)}


def _vis_data(g: nx.MultiDiGraph, deg: dict[str, int], style: dict, focus: str | None) -> tuple[list, list, dict]:
    """Node and edge records plus options for vis-network, built with a pyvis Network."""
    from pyvis.network import Network

    net = Network(directed=True, cdn_resources="in_line")
    biggest = max(deg.values(), default=1)
    for n in sorted(g.nodes):
        a = g.nodes[n]
        type_ = a.get("type", "")
        node_style = style["nodes"].get(type_, style["default_node"])
        extra = {}
        if n == focus:  # the node the page is about: largest, thick dark border
            extra = {"borderWidth": 6, "color": {"background": node_style["color"], "border": "#111111"},
                     "font": {"size": 20, "bold": True}}
        net.add_node(n, label=_clip(str(a.get("name") or n), MAX_LABEL_CHARS), shape=node_style["shape"],
                     group=type_, value=max(biggest, 1) * 2 if n == focus else deg[n], **extra)
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
        "regionPath": " › ".join(path_of(a)),
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
        "regionPath": " › ".join(path_of(a)),
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


@functools.lru_cache(maxsize=2)
def template(name: str = "view.html"):
    """A jinja2 template of graph/assets (autoescaped)."""
    import jinja2

    env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(ASSETS)), autoescape=True,
                             keep_trailing_newline=True)
    return env.get_template(name)


def _template():
    return template("view.html")


def script_hash(text: str) -> str:
    """The CSP source that allows exactly this inline script."""
    return f"'sha256-{base64.b64encode(hashlib.sha256(text.encode()).digest()).decode()}'"


def inline_asset(name: str) -> str:
    """An asset file's text for inlining; refused if it would end its <script>/<style> element early."""
    text = (ASSETS / name).read_text(encoding="utf-8")
    closer = "</style" if name.endswith(".css") else "</script"
    if closer in text.lower():
        raise InputError(f"{name}: cannot be inlined, it contains {closer!r}")
    return text


@functools.lru_cache(maxsize=1)
def _assets() -> dict:
    """Inlined CSS/JS (vis-network from the pyvis package) and the CSP allowing exactly those scripts."""
    import pyvis

    vis_dir = Path(pyvis.__file__).parent / "templates" / "lib" / f"vis-{VIS_VERSION}"
    vis_js = (vis_dir / "vis-network.min.js").read_text(encoding="utf-8")
    vis_css = (vis_dir / "vis-network.css").read_text(encoding="utf-8")
    app_js, app_css = inline_asset("view.js"), inline_asset("view.css")
    for name, text, closer in (("vis-network.min.js", vis_js, "</script"), ("vis-network.css", vis_css, "</style")):
        if closer in text.lower():  # would end the inline element early
            raise InputError(f"{name}: cannot be inlined, it contains {closer!r}")
    hashes = " ".join(script_hash(s) for s in (vis_js, app_js))
    csp = (f"default-src 'none'; script-src {hashes}; style-src 'unsafe-inline'; img-src data:; "
           "font-src data:; base-uri 'none'; form-action 'none'")
    # Shared assets are local files: in a file:// page Chromium's 'self' matches file: URLs.
    csp_shared = ("default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src data:; "
                  "font-src data:; base-uri 'none'; form-action 'none'")
    return {"vis_js": vis_js, "vis_css": vis_css, "app_js": app_js, "app_css": app_css, "csp": csp,
            "csp_shared": csp_shared,
            "pyvis_version": getattr(pyvis, "__version__", "")}
