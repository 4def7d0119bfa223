"""graph.json checked against SCHEMA.md once, on load: one line says what is wrong and where.

graph.json is an input like any other (it may be hand-edited, damaged or
crafted), so `read_graph` parses it strictly (no NaN/Infinity, no overflowing
numbers) and `check_graph_data` checks every node and edge property's type,
the node ids, the edge ends and duplicates before networkx or an engine sees
the data.  Missing optional properties get the defaults every store assumes.
"""
from __future__ import annotations

import json
import math
import re
from typing import Any

from .model import EDGE_TYPES, NODE_TYPES

MAX_INT = 2**63 - 1  # what the Cypher engines store as an integer
_KEY = re.compile(r"[A-Za-z_][A-Za-z0-9_]*\Z")  # a property key every engine takes unquoted
_MAYBE_BAD_STRING = re.compile(rb"\\u(0000|[dD][89a-fA-F])")  # NUL or a surrogate, only as a JSON escape


class GraphDataError(ValueError):
    """What is wrong with the graph.json data and where (without the file name)."""


def _show(value: Any, limit: int = 60) -> str:
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _reject_constant(name: str) -> Any:
    raise GraphDataError(f"holds {name}, which is not a JSON number")


def _finite_float(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):
        raise GraphDataError(f"holds the number {_show(text)}, too large for a float")
    return value


def parse_json(raw: bytes) -> Any:
    """Strict JSON of graph.json bytes (UTF-8 already checked); GraphDataError / JSONDecodeError if not."""
    text = raw.decode("utf-8")
    try:
        return json.loads(text, parse_constant=_reject_constant, parse_float=_finite_float)
    except RecursionError:
        raise GraphDataError("is nested too deeply to be a graph.json") from None
    except json.JSONDecodeError:
        raise
    except ValueError as exc:  # e.g. an integer with thousands of digits
        if isinstance(exc, GraphDataError):
            raise
        raise GraphDataError(f"holds a number that cannot be read ({exc})") from None


# --- property types -----------------------------------------------------------

def _string(v: Any) -> bool:
    return isinstance(v, str)


def _opt_string(v: Any) -> bool:
    return v is None or isinstance(v, str)


def _strings(v: Any) -> bool:
    return isinstance(v, list) and all(isinstance(x, str) for x in v)


def _count(v: Any) -> bool:
    return isinstance(v, int) and not isinstance(v, bool) and 0 <= v <= MAX_INT


def _confidence(v: Any) -> bool:
    return isinstance(v, (int, float)) and not isinstance(v, bool) and 0 <= v <= 1


# property -> (check, what it must be, default when missing)
NODE_SCHEMA: dict[str, tuple[Any, str, Any]] = {
    "name": (_string, "a string", None),  # default: the id
    "aliases": (_strings, "a list of strings", []),
    "region": (_opt_string, "a string or null", None),
    "region_path": (_strings, "a list of strings", ...),  # ... = no default, optional
    "kind": (_opt_string, "a string or null", None),
    "articles": (_strings, "a list of strings", []),
    "mentions": (_count, "a non-negative integer", 0),
}
EDGE_SCHEMA: dict[str, tuple[Any, str, Any]] = {
    "article": (_string, "a string", ""),
    "evidence": (_string, "a string", ""),
    "rule": (_string, "a string", ""),
    "confidence": (_confidence, "a number from 0 to 1", 1.0),
    "region": (_opt_string, "a string or null", None),
    "region_path": (_strings, "a list of strings", ...),
    "articles": (_strings, "a list of strings", []),
    "evidences": (_strings, "a list of strings", []),
}


_NODE_FIXED = frozenset({"id", "type"})
_EDGE_FIXED = frozenset({"source", "target", "key", "type"})


def _scalar(v: Any) -> bool:
    if isinstance(v, bool) or v is None or isinstance(v, str):
        return True
    if isinstance(v, int):
        return -MAX_INT - 1 <= v <= MAX_INT
    return isinstance(v, float)


def _extra_ok(v: Any) -> bool:
    return _scalar(v) or (isinstance(v, list) and all(_scalar(x) for x in v))


def _check_props(item: dict, schema: dict, fixed: set[str], place) -> None:
    """Check `item`'s properties against `schema`; `place()` says where (built only for an error)."""
    known = 0
    for key, value in item.items():
        rule = schema.get(key)
        if rule is not None:
            known += 1
            if not rule[0](value):
                raise GraphDataError(f"{place()}: {key!r} must be {rule[1]}, not {_show(value)}")
        elif key not in fixed:
            if not isinstance(key, str) or not _KEY.match(key):
                raise GraphDataError(f"{place()}: property name {_show(key)} is not a plain name (letters, digits, _)")
            if not _extra_ok(value):
                raise GraphDataError(f"{place()}: property {key!r} must be a string, number, boolean or a list of "
                                     f"those, not {_show(value)}")
    if known < len(schema):  # fill the defaults of missing optional properties
        for key, (_, _, default) in schema.items():
            if key not in item and default is not ...:
                item[key] = list(default) if isinstance(default, list) else default


def _node_where(i: int, item: Any) -> str:
    ident = item.get("id") if isinstance(item, dict) else None
    return f"nodes[{i}] ({_show(ident)})" if isinstance(ident, str) else f"nodes[{i}]"


def _check_nodes(nodes: list) -> dict[str, int]:
    seen: dict[str, int] = {}
    for i, item in enumerate(nodes):
        if not isinstance(item, dict):
            raise GraphDataError(f"nodes[{i}]: a node must be an object, not {_show(item)}")
        ident = item.get("id")
        if not isinstance(ident, str) or not ident:
            raise GraphDataError(f"nodes[{i}]: 'id' must be a non-empty string, not {_show(ident)}")
        if ident in seen:
            raise GraphDataError(f"{_node_where(i, item)}: node id {_show(ident)} appears twice "
                                 f"(also nodes[{seen[ident]}])")
        seen[ident] = i
        if item.get("type") not in NODE_TYPES:
            raise GraphDataError(f"node {ident!r} has unknown type {_show(item.get('type'))} "
                                 f"(expected one of {', '.join(NODE_TYPES)})")
        item.setdefault("name", ident)
        _check_props(item, NODE_SCHEMA, _NODE_FIXED, lambda: _node_where(i, item))
    return seen


def _check_edges(edges: list, ids: dict[str, int]) -> None:
    seen: dict[tuple[str, str, str], int] = {}
    for i, item in enumerate(edges):
        where = f"edges[{i}]"
        if not isinstance(item, dict):
            raise GraphDataError(f"{where}: an edge must be an object, not {_show(item)}")
        for end in ("source", "target"):
            if not isinstance(item.get(end), str):
                raise GraphDataError(f"{where}: {end!r} must be a node id (a string), not {_show(item.get(end))}")
            if item[end] not in ids:
                raise GraphDataError(f"{where}: {end} {_show(item[end])} is not the id of any node")
        u, v = item["source"], item["target"]
        type_ = item.get("type", item.get("key"))
        if type_ not in EDGE_TYPES:
            raise GraphDataError(f"edge {u!r}->{v!r} has unknown type {_show(type_)} "
                                 f"(expected one of {', '.join(EDGE_TYPES)})")
        if item.setdefault("key", type_) != type_:
            raise GraphDataError(f"{where} ({_show(u)}->{_show(v)}): 'key' {_show(item['key'])} must equal "
                                 f"its type {type_!r}")
        item["type"] = type_
        if (u, v, type_) in seen:
            raise GraphDataError(f"{where}: edge {_show(u)} -{type_}-> {_show(v)} appears twice "
                                 f"(also edges[{seen[u, v, type_]}])")
        seen[u, v, type_] = i
        _check_props(item, EDGE_SCHEMA, _EDGE_FIXED, lambda: f"{where} ({_show(u)}->{_show(v)})")


def _check_graph_attrs(attrs: Any) -> None:
    if not isinstance(attrs, dict):
        raise GraphDataError(f"'graph' must be an object, not {_show(attrs)}")
    articles = attrs.get("articles")
    if articles is None or _strings(articles):
        return
    if not isinstance(articles, dict):
        raise GraphDataError(f"graph 'articles' must be a list of ids or an object of article metadata, "
                             f"not {_show(articles)}")
    for art, meta in articles.items():
        if not isinstance(meta, dict):
            raise GraphDataError(f"graph articles[{_show(art)}] must be an object (title, date, url), not {_show(meta)}")
        for key, value in meta.items():
            if not _opt_string(value):
                raise GraphDataError(f"graph articles[{_show(art)}]: {key!r} must be a string or null, "
                                     f"not {_show(value)}")


def _bad_strings(data: Any) -> str | None:
    """Where a NUL or a lone surrogate sits in `data`, or None (iterative: no recursion limit)."""
    stack: list[tuple[Any, str]] = [(data, "")]
    while stack:
        value, where = stack.pop()
        if isinstance(value, str):
            if "\x00" in value:
                return f"{where or 'a string'}: contains a NUL character"
            try:
                value.encode("utf-8")
            except UnicodeEncodeError:
                return f"{where or 'a string'}: is not valid Unicode (a lone surrogate \\u{ord(value[_lone(value)]):04x})"
        elif isinstance(value, dict):
            for k, v in value.items():
                stack.append((k, f"{where} key {_show(k)}".strip()))
                stack.append((v, f"{where}[{_show(k)}]" if where else str(k)))
        elif isinstance(value, list):
            stack.extend((v, f"{where}[{i}]") for i, v in enumerate(value))
    return None


def _lone(text: str) -> int:
    return next(i for i, ch in enumerate(text) if 0xD800 <= ord(ch) <= 0xDFFF)


def check_graph_data(data: Any, raw: bytes = b"\\u0000") -> dict:
    """Check parsed graph.json (node-link data) in place, filling defaults; GraphDataError if unusable.

    `raw` is the file's bytes: NUL and surrogates can only come from JSON escapes,
    so strings are scanned only when such an escape occurs in it.
    """
    if isinstance(data, dict) and "edges" not in data and "links" in data:
        data["edges"] = data.pop("links")  # files written by older networkx
    if not isinstance(data, dict) or not isinstance(data.get("nodes"), list) or not isinstance(data.get("edges"), list):
        raise GraphDataError("not a chaingraph graph.json (no 'nodes'/'edges' lists)")
    if data.get("directed", True) is not True or data.get("multigraph", True) is not True:
        raise GraphDataError("graph.json must hold a directed multigraph ('directed' and 'multigraph' true)")
    data["directed"] = data["multigraph"] = True
    data.setdefault("graph", {})
    _check_graph_attrs(data["graph"])
    if _MAYBE_BAD_STRING.search(raw):
        bad = _bad_strings({k: data[k] for k in ("graph", "nodes", "edges")})
        if bad:
            raise GraphDataError(bad)
    ids = _check_nodes(data["nodes"])
    _check_edges(data["edges"], ids)
    return data
