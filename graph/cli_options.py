"""Options shared by several commands: the graph file and the Bolt connection."""
from __future__ import annotations

import click

GRAPH_OPTION_HELP = "graph.json file or build directory (default: out/graph.json)"


def neo4j_options(fn):
    """--neo4j/--database/--username/--password/--timeout, read from NEO4J_* when not given."""
    fn = click.option("--timeout", default=30.0, show_default=True, type=click.FloatRange(min=0.1),
                      help="Seconds to wait for the Bolt server before giving up.")(fn)
    fn = click.option("--password", envvar="NEO4J_PASSWORD", default="", show_default=False,
                      help="Bolt password (env NEO4J_PASSWORD; prefer the variable).")(fn)
    fn = click.option("--username", envvar="NEO4J_USERNAME", default="neo4j", show_default=True,
                      help="Bolt user name (env NEO4J_USERNAME).")(fn)
    fn = click.option("--database", envvar="NEO4J_DATABASE", default=None,
                      help="Database name (env NEO4J_DATABASE; default: the server's default).")(fn)
    return fn
