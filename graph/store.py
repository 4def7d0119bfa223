"""The networkx-file store: GraphData <-> MultiDiGraph <-> graph.json / graph.graphml.

graph.json is networkx node-link JSON of a MultiDiGraph (edge type as key),
readable with plain `networkx.node_link_graph(data)` (networkx >= 3.6 keeps
edges under "edges").  Output is
deterministic: nodes and edges sorted, keys sorted, no timestamps.
"""
from __future__ import annotations

import json
import os
import re
import stat
from pathlib import Path
from xml.sax.saxutils import escape as xml_escape

import networkx as nx

from .errors import GraphFileError
from .fileio import write_atomic
from .model import EDGE_PROPERTIES, NODE_PROPERTIES, Edge, GraphData, Node
from .validate import GraphDataError, check_graph_data, parse_json

FORMAT_VERSION = 1


def to_networkx(data: GraphData) -> nx.MultiDiGraph:
    """Build the MultiDiGraph: node attributes from `Node`, edge key = edge type."""
    g = nx.MultiDiGraph(chaingraph_format=FORMAT_VERSION, articles=list(data.articles))
    for n in sorted(data.nodes, key=lambda n: n.id):
        g.add_node(n.id, id=n.id, name=n.name, type=n.type, aliases=list(n.aliases), region=n.region,
                   kind=n.kind, articles=list(n.articles), mentions=n.mentions, **_path(n.region_path))
    for e in sorted(data.edges, key=lambda e: (e.source, e.target, e.type)):
        g.add_edge(e.source, e.target, key=e.type, type=e.type, article=e.article, evidence=e.evidence,
                   rule=e.rule, confidence=e.confidence, region=e.region, articles=list(e.articles),
                   evidences=list(e.evidences), **_path(e.region_path))
    return g


def _path(region_path: tuple[str, ...]) -> dict:
    """`region_path` as an attribute only where there is one (graphs without regions stay as they were)."""
    return {"region_path": list(region_path)} if region_path else {}


def from_networkx(g: nx.MultiDiGraph) -> GraphData:
    """The inverse of `to_networkx` (missing optional attributes get defaults)."""
    nodes = tuple(
        Node(id=n, name=a.get("name", n), type=a.get("type", ""), aliases=tuple(a.get("aliases") or ()),
             region=a.get("region"), kind=a.get("kind"), articles=tuple(a.get("articles") or ()),
             mentions=int(a.get("mentions") or 0), region_path=tuple(a.get("region_path") or ()))
        for n, a in sorted(g.nodes(data=True))
    )
    edges = tuple(
        Edge(source=u, target=v, type=a.get("type", k), article=a.get("article", ""),
             evidence=a.get("evidence", ""), rule=a.get("rule", ""), confidence=float(a.get("confidence", 1.0)),
             region=a.get("region"), articles=tuple(a.get("articles") or ()),
             evidences=tuple(a.get("evidences") or ()), region_path=tuple(a.get("region_path") or ()))
        for u, v, k, a in sorted(g.edges(keys=True, data=True), key=lambda t: (t[0], t[1], t[2]))
    )
    return GraphData(nodes=nodes, edges=edges, articles=tuple(g.graph.get("articles") or ()))


def dumps_graph_json(g: nx.MultiDiGraph) -> str:
    """Deterministic node-link JSON text of `g`: one node or edge per line, keys sorted.

    Each item is encoded compactly by json's C encoder (an indented dump runs
    the pure-Python one, several times slower on a large graph); one item per
    line keeps the file greppable and diffable.
    """
    data = nx.node_link_data(g, edges="edges")
    nodes = sorted(data.pop("nodes"), key=lambda n: n["id"])
    edges = sorted(data.pop("edges"), key=lambda e: (e["source"], e["target"], str(e.get("key"))))

    def dump(obj) -> str:
        return json.dumps(obj, ensure_ascii=False, sort_keys=True)

    items = {**{k: dump(v) for k, v in data.items()},
             "edges": "[\n" + ",\n".join(map(dump, edges)) + "\n]",
             "nodes": "[\n" + ",\n".join(map(dump, nodes)) + "\n]"}
    return "{" + ",\n".join(f"{dump(k)}: {items[k]}" for k in sorted(items)) + "}\n"


def write_graph_json(g: nx.MultiDiGraph, path: str | Path) -> Path:
    """Write graph.json atomically."""
    return write_atomic(path, dumps_graph_json(g))


# GraphML attribute types; everything else is a string (lists as JSON text, None as "").
_GRAPHML_TYPES = {"mentions": "int", "confidence": "double"}
_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_XML_ESCAPES = {'"': "&quot;", "\n": "&#10;", "\r": "&#13;", "\t": "&#9;"}


def write_graphml(g: nx.MultiDiGraph, path: str | Path) -> Path:
    """Write GraphML for Gephi (readable by `networkx.read_graphml`), streamed as text.

    networkx's writer builds an ElementTree first, which is the slowest step of
    a large build; the format is simple enough to write directly.
    """
    keys = [("node", name) for name in NODE_PROPERTIES] + [("edge", name) for name in EDGE_PROPERTIES]
    key_id = {k: f"d{i}" for i, k in enumerate(keys)}
    out = ['<?xml version="1.0" encoding="utf-8"?>',
           '<graphml xmlns="http://graphml.graphdrawing.org/xmlns" '
           'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
           'xsi:schemaLocation="http://graphml.graphdrawing.org/xmlns '
           'http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd">']
    for (scope, name), kid in key_id.items():
        out.append(f'  <key id="{kid}" for="{scope}" attr.name="{name}" '
                   f'attr.type="{_GRAPHML_TYPES.get(name, "string")}" />')
    out.append('  <graph edgedefault="directed">')
    for n, a in sorted(g.nodes(data=True)):
        out.append(f'    <node id="{_xml(n)}">')
        out.extend(f'      <data key="{key_id["node", k]}">{_xml(_scalar(a.get(k)))}</data>' for k in NODE_PROPERTIES)
        out.append("    </node>")
    for u, v, k, a in sorted(g.edges(keys=True, data=True), key=lambda t: (t[0], t[1], t[2])):
        out.append(f'    <edge source="{_xml(u)}" target="{_xml(v)}" id="{_xml(k)}">')
        out.extend(f'      <data key="{key_id["edge", p]}">{_xml(_scalar(a.get(p)))}</data>' for p in EDGE_PROPERTIES)
        out.append("    </edge>")
    out += ["  </graph>", "</graphml>", ""]
    return write_atomic(path, "\n".join(out))


def _xml(value) -> str:
    """`value` as XML text: escaped, characters XML cannot hold dropped."""
    return xml_escape(_XML_ILLEGAL.sub("", str(value)), _XML_ESCAPES)


def _scalar(value):
    if value is None:
        return ""
    if isinstance(value, (list, tuple)):
        return json.dumps(list(value), ensure_ascii=False)
    return value


def read_graph(path: str | Path) -> nx.MultiDiGraph:
    """Load graph.json (or a directory holding one), checked against the schema; GraphFileError if unusable."""
    p = Path(path)
    if p.is_dir():
        p = p / "graph.json"
    raw = read_regular_file(p, what="graph file")
    try:
        data = check_graph_data(parse_json(raw), raw)
    except UnicodeDecodeError as exc:
        if exc.reason == "unexpected end of data":  # cut inside a multi-byte character, e.g. CJK text
            raise GraphFileError(f"{p}: corrupt or truncated graph.json (ends inside a UTF-8 character)") from None
        raise GraphFileError(f"{p}: not a graph.json file (not UTF-8 text)") from None
    except json.JSONDecodeError as exc:
        raise GraphFileError(f"{p}: corrupt or truncated graph.json ({exc.msg} at line {exc.lineno})") from None
    except GraphDataError as exc:
        raise GraphFileError(f"{p}: {exc}") from None
    g = nx.node_link_graph(data, edges="edges")
    for n, a in g.nodes(data=True):
        a["id"] = n  # node-link JSON stores the `id` attribute as the node key itself
    return g


def read_regular_file(p: Path, *, what: str = "file") -> bytes:
    """The bytes of `p`; GraphFileError if it is missing, unreadable or not a regular file (a FIFO would hang)."""
    try:
        fd = os.open(p, os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC)
    except FileNotFoundError:
        if what == "graph file":
            raise GraphFileError(f"{p}: no such graph file (run `chaingraph build` first)") from None
        raise GraphFileError(f"{p}: no such {what}") from None
    except OSError as exc:
        raise GraphFileError(f"{p}: cannot read {what}: {exc.strerror or exc}") from None
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise GraphFileError(f"{p}: not a regular file (a {what} must be a plain file)")
        os.set_blocking(fd, True)
        with os.fdopen(fd, "rb", closefd=False) as fh:
            return fh.read()
    except OSError as exc:
        raise GraphFileError(f"{p}: cannot read {what}: {exc.strerror or exc}") from None
    finally:
        os.close(fd)


def graph_from_file(path: str | Path) -> GraphData:
    """Load graph.json as plain records."""
    return from_networkx(read_graph(path))
