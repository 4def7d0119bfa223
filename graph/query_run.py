"""What `chaingraph query` does around the engine: check the request, resolve names, hint at typos.

Engine-neutral: `run` is any `(text, params) -> QueryResult` read-only callable
(the embedded engine or a Bolt driver), so names resolve the same way on both.
Usage mistakes (unknown query name, missing or unusable parameters, an unreadable
query file) raise `ArgumentError` (exit status 2) before any engine starts; the CLI
words them in its own flags.
"""
from __future__ import annotations

import difflib
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

import cypher

from .cypher_rows import QueryResult
from .cypher_statements import statement
from .cypher_text import parameters, reads_outside, string_literals, unknown_names
from .errors import ArgumentError, GraphFileError, ParameterError, ReadOnlyError, UnknownQueryError
from .model import NODE_TYPES

MAX_QUERY_FILE = 1_000_000  # bytes; a query file is text someone wrote
Runner = Callable[[str, dict], QueryResult]


@dataclass
class QueryPlan:
    """A checked request: the text to run, its parameters and, for a named query, its header."""

    text: str
    values: dict[str, Any]
    named: cypher.NamedQuery | None = None
    notes: list[str] = field(default_factory=list)  # hints for stderr (the query still runs)


def read_query_file(path: str | os.PathLike) -> str:
    """A `-f` file's text: a regular file, at most 1 MB, strict UTF-8; ArgumentError otherwise."""
    from .store import read_regular_file

    p = Path(path)
    try:
        if p.exists() and p.stat().st_size > MAX_QUERY_FILE:
            raise ArgumentError(f"{p}: query file too large ({p.stat().st_size} bytes; the limit is {MAX_QUERY_FILE})")
        raw = read_regular_file(p, what="query file")
    except GraphFileError as exc:
        raise ArgumentError(str(exc)) from None
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ArgumentError(f"{p}: not UTF-8 text (byte 0x{raw[exc.start]:02x} at offset {exc.start})") from None


def text_problem(value: Any) -> str | None:
    """What makes `value` unusable as query text or parameter (a NUL, a lone surrogate, a too-large integer)."""
    stack = [value]
    while stack:
        v = stack.pop()
        if isinstance(v, str):
            if "\x00" in v:
                return "contains a NUL character"
            try:
                v.encode("utf-8")
            except UnicodeEncodeError:
                return "not valid UTF-8 text (an undecodable byte or a lone surrogate)"
        elif isinstance(v, int) and not isinstance(v, bool) and not -2**63 <= v < 2**63:
            return f"the integer {v} does not fit in 64 bits"
        elif isinstance(v, dict):
            stack.extend(v.keys())
            stack.extend(v.values())
        elif isinstance(v, list):
            stack.extend(v)
    return None


def check_text(value: Any, what: str) -> None:
    """ArgumentError `<what>: <problem>` when `value` cannot be sent (see `text_problem`)."""
    problem = text_problem(value)
    if problem:
        raise ArgumentError(f"{what}: {problem}")


def load_named(name: str) -> cypher.NamedQuery:
    """The named query, or UnknownQueryError suggesting the closest name."""
    try:
        return cypher.load(name)
    except KeyError:
        close = difflib.get_close_matches(name, cypher.names(), n=1, cutoff=0.6)
        raise UnknownQueryError(name, close[0] if close else None) from None


def _require(what: str, needed: list[str], values: dict[str, Any], doc: str = "") -> None:
    missing = [p for p in needed if p not in values]
    if missing:
        raise ParameterError(what, missing, doc=doc)


def plan_query(*, text: str | None, query_file: str | None, query_name: str | None, params: dict[str, Any],
               write: bool) -> QueryPlan:
    """Check one request; ArgumentError / ParameterError for usage mistakes, ReadOnlyError for LOAD CSV
    unless `write`."""
    if len([x for x in (text, query_file, query_name) if x]) != 1:
        raise ArgumentError("give exactly one of text, query_file or query_name")
    values = dict(params)
    for key, value in values.items():
        if problem := text_problem(value):
            raise ParameterError("the query", [key], problem=problem)
    named = None
    if query_name:
        named = load_named(query_name)
        _require(f"query {named.name!r}", list(named.params), values, named.params_doc)
        text = named.text
    elif query_file:
        text = read_query_file(query_file)
    check_text(text, "the query")
    if not write and reads_outside(text):
        raise ReadOnlyError.reads_outside()
    what = f"query {named.name!r}" if named is not None else "the query"
    _require(what, parameters(text), values, named.params_doc if named is not None else "")
    notes = [] if write or named is not None else unknown_names(text)
    return QueryPlan(text=text, values=values, named=named, notes=notes)


def _name_graph(rows: QueryResult, label: str | None):
    import networkx as nx

    g = nx.MultiDiGraph()
    for rec in rows.records():
        type_ = rec.get("type") or label
        if isinstance(rec.get("id"), str) and type_ in NODE_TYPES:
            aliases = rec.get("aliases")
            g.add_node(rec["id"], name=rec.get("name") or rec["id"], type=type_,
                       aliases=[a for a in aliases if isinstance(a, str)] if isinstance(aliases, list) else [],
                       mentions=rec.get("mentions") if isinstance(rec.get("mentions"), int) else 0)
    return g


def resolve_names(plan: QueryPlan, run: Runner) -> list[str]:
    """Replace each name-like parameter of a named query by the graph's canonical name (any alias or script).

    Returns one note per replaced value; NotFoundError (with close matches) for a name the graph lacks.
    """
    from .lookup import NameIndex, match_region

    if plan.named is None:
        return []
    notes, cache = [], {}
    for param, kind in plan.named.names:
        value = plan.values.get(param)
        if not isinstance(value, str):
            continue
        if kind == "region":
            if "region" not in cache:
                rows = run(statement("region_names"), {})
                cache["region"] = sorted({r[0] for r in rows.rows if isinstance(r[0], str)})
            found = match_region(cache["region"], value)[0]
        else:
            label = kind if kind in NODE_TYPES else None
            if kind not in cache:
                rows = run(statement("names_of_label", label=label) if label else statement("names_of_nodes"), {})
                cache[kind] = NameIndex(_name_graph(rows, label), types=(label,) if label else ())
            what = {"Chain": "chain", "GovernmentBody": "government body"}.get(kind, "node" if not label else kind)
            found = cache[kind].resolve(value, what=what).name
        if found != value:
            plan.values[param] = found
            notes.append(f"note: {param}={value!r} is {found!r} in the graph")
    return notes


def spelling_hints(plan: QueryPlan, run: Runner) -> list[str]:
    """For an ad-hoc query that found nothing: the strings in it (or its --param texts) that are not a
    node's name but an alias or another spelling of one (`view` would have found it)."""
    from .lookup import LEVEL_NAME, NameIndex

    texts = [t for t in string_literals(plan.text) + [v for v in plan.values.values() if isinstance(v, str)]
             if 1 < len(t) <= 200]
    if plan.named is not None or not texts:
        return []
    index = NameIndex(_name_graph(run(statement("names_of_nodes"), {}), None))
    hints = []
    for text in dict.fromkeys(texts):
        matches = index.find(text)
        if matches and matches[0].level > LEVEL_NAME:
            hints.append(f"hint: no node is named {text!r}, but {matches[0].type} {matches[0].name!r} goes by it "
                         "(names match exactly in Cypher; named queries and `view` resolve aliases)")
    return hints


def execute(plan: QueryPlan, *, graph_path: str, bolt: dict | None, write: bool,
            on_load: Callable[[Path], None] = lambda path: None) -> tuple[QueryResult, list[str]]:
    """Run a checked request on the embedded engine (or the Bolt server `bolt` describes).

    Returns the result and the stderr notes: resolved names, schema hints, and spelling hints
    when a read-only query found nothing.
    """
    if bolt is not None:
        from .neo4j_store import connect, run_query

        driver = connect(bolt["uri"], username=bolt["username"], password=bolt["password"], timeout=bolt["timeout"])
        try:
            def run(text, values, write=False):
                return run_query(driver, text, values, database=bolt["database"], write=write)

            return _run(plan, run, write)
        finally:
            driver.close()
    from .engine import EmbeddedEngine

    with EmbeddedEngine(graph_path) as engine:
        if engine.reloaded:
            on_load(engine.graph_file)
        return _run(plan, engine.query, write)


def _run(plan: QueryPlan, run: Callable[..., QueryResult], write: bool) -> tuple[QueryResult, list[str]]:
    notes = resolve_names(plan, run)
    result = run(plan.text, plan.values, write=write)
    if not result.rows and not write:
        notes += spelling_hints(plan, run)
    return result, notes + plan.notes
