"""The Cypher-engine commands: `query` (embedded FalkorDB or Bolt) and `push` (graph.json into Neo4j)."""
from __future__ import annotations

import json
import re
from typing import Any

import click

from .cli_errors import handle_errors, note
from .cli_options import GRAPH_OPTION_HELP, neo4j_options


def parse_params(pairs: tuple[str, ...]) -> dict[str, Any]:
    """`--param K=V` strings -> parameters; a value is JSON-parsed when it is valid JSON, else kept as text."""
    from .errors import ArgumentError
    from .query_run import check_text

    params: dict[str, Any] = {}
    for pair in pairs:
        key, sep, raw = pair.partition("=")
        check_text(pair, f"--param {key}")
        key = key.strip()
        if not sep or not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", key):
            raise ArgumentError(f"bad --param {pair!r}: expected name=value with a plain name")
        try:
            params[key] = json.loads(raw)
        except RecursionError:
            raise ArgumentError(f"bad --param {key}: the JSON value is nested too deeply") from None
        except ValueError:
            params[key] = raw
    return params


def _list_queries() -> None:
    import cypher

    for name in cypher.names():
        q = cypher.load(name)
        click.echo(name)
        click.echo(f"    {q.description}")
        click.echo(f"    params: {q.params_doc or 'none'}")


@click.command("query")
@click.argument("cypher_text", required=False, metavar="[CYPHER]")
@click.option("-f", "--file", "query_file", type=click.Path(),
              help="Read the query from a .cypher file.")
@click.option("--name", "query_name", help="Run a named query of cypher/ (see --list).")
@click.option("--param", "params", multiple=True, metavar="K=V",
              help="Query parameter; V is JSON when it parses as JSON, else text. Repeatable.")
@click.option("--graph", "graph_path", default="out/graph.json", help=GRAPH_OPTION_HELP)
@click.option("--neo4j", "neo4j_uri", envvar="NEO4J_URI", default=None,
              help="Query this Bolt server (e.g. bolt://localhost:7687, env NEO4J_URI) instead of the embedded engine.")
@neo4j_options
@click.option("--write", is_flag=True,
              help="Allow queries that change data. Embedded engine: the change is kept in the graph's "
                   ".falkordb/ store beside graph.json; graph.json itself is NOT rewritten (a rebuilt "
                   "graph.json replaces it).")
@click.option("--format", "fmt", type=click.Choice(["table", "csv", "json"]), default="table", show_default=True,
              help="Output format; json prints an array of row objects.")
@click.option("--list", "list_queries", is_flag=True, help="List the named queries with their parameters.")
@handle_errors
def query_command(cypher_text, query_file, query_name, params, graph_path, neo4j_uri, database, username,
                  password, timeout, write, fmt, list_queries) -> None:
    """Run a Cypher query, read-only unless --write.

    The graph is served by an embedded FalkorDB engine started for this command
    (private unix socket, no network port); with --neo4j the query goes to a
    Bolt server instead (READ access mode unless --write).

    Example: chaingraph query --name chain_documents --param chain=新型儲能 --format json
    """
    if list_queries:
        _list_queries()
        return
    from .cypher_rows import format_result
    from .errors import ArgumentError
    from .query_run import execute, plan_query

    if len([x for x in (cypher_text, query_file, query_name) if x]) != 1:
        raise ArgumentError("give exactly one of CYPHER, -f FILE or --name NAME (or --list)")
    plan = plan_query(text=cypher_text, query_file=query_file, query_name=query_name, params=parse_params(params),
                      write=write)
    bolt = dict(uri=neo4j_uri, username=username, password=password, timeout=timeout, database=database)
    result, notes = execute(plan, graph_path=graph_path, bolt=bolt if neo4j_uri else None, write=write,
                            on_load=lambda path: note(f"loaded {path} into the embedded engine"))
    click.echo(format_result(result, fmt), nl=False)
    for line in notes:
        note(line)


@click.command("push")
@click.option("--graph", "graph_path", default="out/graph.json", help=GRAPH_OPTION_HELP)
@click.option("--neo4j", "neo4j_uri", envvar="NEO4J_URI", required=True,
              help="Bolt server URI, e.g. neo4j://localhost:7687 (env NEO4J_URI).")
@neo4j_options
@click.option("--batch-size", default=2000, show_default=True, type=click.IntRange(min=1),
              help="Rows per transaction (1 = one row per transaction).")
@handle_errors
def push_command(graph_path, neo4j_uri, database, username, password, timeout, batch_size) -> None:
    """Push graph.json into Neo4j (or another Bolt server) with batched MERGE.

    Uniqueness constraints on `id` come first (Neo4j).  Pushing twice leaves the
    same data; an interrupted push says how many batches were committed and a
    re-run completes it.

    Example: NEO4J_PASSWORD=secret chaingraph push --graph out/ --neo4j neo4j://localhost:7687 --batch-size 1000
    """
    from .neo4j_store import connect, push
    from .store import read_graph

    g = read_graph(graph_path)
    driver = connect(neo4j_uri, username=username, password=password, timeout=timeout)
    try:
        stats = push(g, driver, database=database, batch_size=batch_size)
    finally:
        driver.close()
    click.echo(f"pushed {stats.nodes} nodes and {stats.edges} edges in {stats.batches} transactions "
               f"to {neo4j_uri} ({stats.server} server)")
