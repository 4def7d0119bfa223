"""Query results as both Cypher engines return them: rows of plain values, and their output formats.

The embedded FalkorDB engine and the Bolt (Neo4j) store return the same
`QueryResult` of plain Python values, so `chaingraph query` prints the same
table / CSV / JSON whichever server answered.
"""
from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass
from typing import Any

from .terminal import printable
from .errors import QueryError


@dataclass(frozen=True)
class QueryResult:
    """Columns and rows of plain values (nodes/relationships already turned into property maps)."""

    columns: tuple[str, ...]
    rows: tuple[tuple[Any, ...], ...]

    def records(self) -> list[dict[str, Any]]:
        """Rows as `{column: value}` dicts, in column order."""
        return [dict(zip(self.columns, row)) for row in self.rows]


# --- plain values -----------------------------------------------------------

def node_map(label: str, properties: dict) -> dict:
    """A node as printed: `{"_label": <label>, **properties}`."""
    return {"_label": label, **{k: plain(v) for k, v in properties.items()}}


def relationship_map(rel_type: str, properties: dict) -> dict:
    """A relationship as printed: `{"_type": <type>, **properties}`."""
    return {"_type": rel_type, **{k: plain(v) for k, v in properties.items()}}


def plain(value: Any) -> Any:
    """Turn a driver value (FalkorDB or neo4j Node/Edge/Path, lists, maps) into JSON-able Python."""
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    if isinstance(value, (list, tuple)):
        return [plain(v) for v in value]
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    mod = type(value).__module__
    name = type(value).__name__
    if mod.startswith("falkordb"):
        if name == "Node":
            return node_map(sorted(value.labels or [""])[0], value.properties)
        if name == "Edge":
            return relationship_map(value.relation, value.properties)
        if name == "Path":
            return {"_nodes": [plain(n) for n in value.nodes()], "_relationships": [plain(e) for e in value.edges()]}
    if mod.startswith("neo4j"):
        if name == "Node":
            return node_map(sorted(value.labels or [""])[0], dict(value.items()))
        if name == "Relationship":
            return relationship_map(value.type, dict(value.items()))
        if name == "Path":
            return {"_nodes": [plain(n) for n in value.nodes], "_relationships": [plain(r) for r in value.relationships]}
    if hasattr(value, "isoformat"):  # temporal values
        return value.isoformat()
    return str(value)


# --- output formats ---------------------------------------------------------

def to_json(result: QueryResult) -> str:
    """A JSON array of row objects (keys sorted, non-ASCII kept)."""
    return json.dumps(result.records(), ensure_ascii=False, indent=1, sort_keys=True) + "\n"


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        text = value
    elif isinstance(value, bool):
        text = "true" if value else "false"
    elif isinstance(value, (int, float)):
        return str(value)  # numbers are data, never formulas, keep "-1" as is
    else:
        text = json.dumps(value, ensure_ascii=False, sort_keys=True)
    text = text.replace("\r\n", "\n").replace("\r", "\n")  # the csv module would leave a bare CR unquoted
    return "'" + text if text.startswith(_FORMULA_START) or text.lstrip().startswith(_FORMULA_START) else text


def to_csv(result: QueryResult) -> str:
    """CSV with a header; cells that a spreadsheet would run as a formula get a leading '."""
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow([_cell(c) for c in result.columns])
    for row in result.rows:
        w.writerow([_cell(v) for v in row])
    return buf.getvalue()


def _table_cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        text = value
    else:
        text = json.dumps(value, ensure_ascii=False, sort_keys=True)
    # one line per row: show control characters instead of letting them move the cursor
    return printable(text)


def to_table(result: QueryResult, *, max_width: int = 80) -> str:
    """A plain-text table for the terminal (long cells cut with …, control characters escaped)."""
    import unicodedata

    def width(s: str) -> int:
        return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in s)

    def cut(s: str) -> str:
        if width(s) <= max_width:
            return s
        out, w = "", 0
        for ch in s:
            cw = width(ch)
            if w + cw > max_width - 1:
                break
            out, w = out + ch, w + cw
        return out + "…"

    header = [cut(_table_cell(c)) for c in result.columns]
    body = [[cut(_table_cell(v)) for v in row] for row in result.rows]
    widths = [max([width(h)] + [width(r[i]) for r in body]) for i, h in enumerate(header)]

    def line(cells: list[str]) -> str:
        return "  ".join(c + " " * (widths[i] - width(c)) for i, c in enumerate(cells)).rstrip()

    lines = [line(header), "  ".join("-" * w for w in widths)]
    lines += [line(r) for r in body]
    lines.append(f"({len(body)} row{'s' if len(body) != 1 else ''})")
    return "\n".join(lines) + "\n"


FORMATTERS = {"table": to_table, "csv": to_csv, "json": to_json}


def format_result(result: QueryResult, fmt: str) -> str:
    """Render `result` as table, csv or json."""
    try:
        return FORMATTERS[fmt](result)
    except KeyError:
        raise QueryError(f"unknown output format {fmt!r} (choose table, csv or json)") from None
