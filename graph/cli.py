"""The `chaingraph` command line: parses arguments and calls library functions.

This is the one module that imports both `graph` and `loaders`.  Heavy imports
happen inside commands so that `--help` is instant.  Library errors
(`ChaingraphError`) become one stderr line; exit status 0 = all good,
1 = some inputs or the operation failed, 2 = usage error.
"""
from __future__ import annotations

import sys
from pathlib import Path

import click

from .cli_errors import State, fail, handle_errors, note, run_cli

GRAPH_OPTION_HELP = "graph.json file or build directory (default: out/graph.json)"


_State = State  # the --debug flag, read by handle_errors
_fail = fail


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--debug", is_flag=True, help="Show full tracebacks on errors.")
@click.version_option(package_name="chaingraph")
def cli(debug: bool) -> None:
    """Graph database of China's industrial-chain quality ecosystem (质量强链 / 链长制).

    Example: chaingraph build seeds/ && chaingraph report --top 10
    """
    _State.debug = debug


# --- commands: each section below belongs to one feature area -------------

# === section: build / extract / evaluate (loaders pipeline) ===

def _pl_report_failures(failures) -> None:
    for line in failures:
        note(line)  # sanitized: a file name may hold escape sequences or line breaks


def _pl_progress(enabled: bool):
    """A rich progress bar on stderr (only on a terminal) as a `(stage, done, total)` callback, or None."""
    if not enabled or not sys.stderr.isatty():
        return None, None
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    bar = Progress(TextColumn("{task.description:<10}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                   console=Console(stderr=True), transient=True)
    task = bar.add_task("reading", total=None)

    def update(stage: str, done: int, total: int) -> None:
        if stage == "reading" and total > 1 and not bar.live.is_started:
            bar.start()  # several articles: worth a bar
        bar.update(task, description=stage, completed=done, total=total)

    return update, bar


@cli.command("build")
@click.argument("paths", nargs=-1, type=click.Path(path_type=str))
@click.option("--out", "-o", "out", default="out", show_default=True, type=click.Path(file_okay=False),
              help="Output folder (graph.json, graph.graphml, .cache/).")
@click.option("--jobs", "-j", default=1, show_default=True, type=click.IntRange(min=0),
              help="Worker processes for extraction (0 = one per CPU).")
@click.option("--no-cache", is_flag=True, help="Re-extract every article and rewrite every output.")
@click.option("--quiet", "-q", is_flag=True, help="No progress bar and no summary (failures are still shown).")
@click.option("--no-views", is_flag=True, help="Do not write the HTML views (views/).")
@click.option("--no-report", is_flag=True, help="Do not write report.html and report.json.")
@handle_errors
def build_command(paths: tuple[str, ...], out: str, jobs: int, no_cache: bool, quiet: bool, no_views: bool,
                  no_report: bool) -> None:
    """Build the graph from articles (.txt, .md, .html; folders are walked).

    PATHS default to seeds/.  Each unreadable input is reported on one line and
    skipped; the others are still built.  Exit status 1 when some input failed.

    Example: chaingraph build seeds/ extra/article.html --out out/ --jobs 2
    """
    from loaders.pipeline import build, default_writers

    update, bar = _pl_progress(not quiet)
    writers = default_writers(views=not no_views, report=not no_report)
    try:
        result = build(paths or ("seeds",), out, jobs=jobs, cache=not no_cache, progress=update, writers=writers)
    finally:
        if bar is not None:
            bar.stop()
    _pl_report_failures(result.failures)
    if not quiet:
        _pl_print_build_summary(result)
    if result.failures or not result.files:
        sys.exit(1)


def _pl_print_build_summary(result) -> None:
    from rich.console import Console
    from rich.table import Table

    console = Console(highlight=False)
    if result.up_to_date:
        console.print(f"up to date: {result.out_dir} (nothing changed since the last build)", markup=False,
                      soft_wrap=True)
    articles = f"{result.articles_ok} ok, {result.articles_failed} failed"
    if result.cached and not result.up_to_date:
        articles += f" ({result.cached} from cache)"
    table = Table(title="chaingraph build", show_header=True, header_style="bold")
    table.add_column("what")
    table.add_column("type")
    table.add_column("count", justify="right")
    table.add_row("articles", "", articles)
    for label, counts in (("nodes", result.nodes_by_type), ("edges", result.edges_by_type)):
        table.add_row(label, "(all)", str(sum(counts.values())), end_section=not counts)
        for i, (kind, n) in enumerate(counts.items()):
            table.add_row("", kind, str(n), end_section=i == len(counts) - 1)
    console.print(table)
    for w in result.warnings:
        console.print(f"warning: {w}", markup=False, soft_wrap=True)
    out = Path(result.out_dir)
    pages = [f for f in result.files if Path(f).parent != out and Path(f).suffix == ".html"]
    for f in result.files:
        if Path(f).parent == out:
            console.print(f"wrote {f}", markup=False, soft_wrap=True)
    if pages:
        console.print(f"wrote {len(pages)} view pages: open {pages[0]}", markup=False, soft_wrap=True)


@cli.command("extract")
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=str))
@click.option("--format", "fmt", type=click.Choice(["json", "table"]), default="json", show_default=True,
              help="json: one extraction object per article per line (SCHEMA.md's contract).")
@click.option("--jobs", "-j", default=1, show_default=True, type=click.IntRange(min=0),
              help="Worker processes (0 = one per CPU).")
@handle_errors
def extract_command(paths: tuple[str, ...], fmt: str, jobs: int) -> None:
    """Print the entities and relations extracted from each article (no graph is built).

    Example: chaingraph extract seeds/ --format json > pred.jsonl
    """
    import json

    from loaders.pipeline import extract_paths

    run = extract_paths(paths, jobs=jobs)
    _pl_report_failures(run.failures)
    for w in run.warnings:
        click.echo(f"chaingraph: warning: {w}", err=True)
    if fmt == "json":
        for e in run.extractions:
            click.echo(json.dumps(e.to_json(), ensure_ascii=False))
    else:
        _pl_print_extractions(run.extractions)
    if run.failures:
        sys.exit(1)


def _pl_print_extractions(extractions) -> None:
    from rich.console import Console
    from rich.table import Table

    from .terminal import cell

    console = Console(highlight=False)
    for e in extractions:
        ents = Table(title=cell(f"{e.article}: {len(e.entities)} entities"), title_justify="left")
        for col in ("type", "name", "aliases"):
            ents.add_column(col)
        for ent in e.entities:
            ents.add_row(ent.type, cell(ent.name), cell("、".join(ent.aliases)))
        rels = Table(title=cell(f"{e.article}: {len(e.relations)} relations"), title_justify="left")
        for col in ("type", "source", "target", "evidence"):
            rels.add_column(col, overflow="fold")
        for r in e.relations:
            evidence = r.evidence if len(r.evidence) <= 60 else r.evidence[:59] + "…"
            rels.add_row(r.type, cell(r.source), cell(r.target), cell(evidence))
        console.print(ents)
        console.print(rels)


@cli.command("evaluate")
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=str))
@click.option("--gold", "gold", required=True, type=click.Path(path_type=str),
              help="Folder of gold annotations (<article-id>.json, SCHEMA.md's format).")
@click.option("--show-errors", is_flag=True, help="List every miss (FN) and false hit (FP).")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
@click.option("--jobs", "-j", default=1, show_default=True, type=click.IntRange(min=0),
              help="Worker processes (0 = one per CPU).")
@handle_errors
def evaluate_command(paths: tuple[str, ...], gold: str, show_errors: bool, fmt: str, jobs: int) -> None:
    """Precision, recall and F1 per node and edge type of the extraction against gold files.

    Gold articles without a matching input count as fully missed (as in
    shared/tools/score.py).

    Example: chaingraph evaluate seeds/ --gold tests/gold --show-errors
    """
    import json

    from loaders.evaluate import evaluate, load_gold
    from loaders.pipeline import extract_paths

    golds = load_gold(gold)
    run = extract_paths(paths, jobs=jobs)
    _pl_report_failures(run.failures)
    ev = evaluate(run.extractions, golds)
    if fmt == "json":
        doc = ev.to_json()
        if show_errors:
            from loaders.evaluate import error_summary

            doc["errors"] = [{"article": m.article, "kind": m.kind, "item": m.item, "type": m.type,
                              "text": m.text, "reason": m.reason, "rule": m.rule}
                             for a in ev.articles for m in a.errors]
            doc["error_summary"] = {k: dict(sorted(v.items())) for k, v in error_summary(ev).items()}
        click.echo(json.dumps(doc, ensure_ascii=False, indent=1))
    else:
        _pl_print_evaluation(ev, show_errors)
    if run.failures:
        sys.exit(1)


def _pl_print_evaluation(ev, show_errors: bool) -> None:
    from rich.console import Console
    from rich.table import Table

    console = Console(highlight=False)
    table = Table(title=f"evaluation over {len(ev.articles)} gold articles", header_style="bold")
    for col in ("what", "type", "P", "R", "F1", "tp", "fp", "fn"):
        table.add_column(col, justify="left" if col in ("what", "type") else "right")
    for label, by_type, total in (("entities", ev.entities, ev.entities_all),
                                  ("relations", ev.relations, ev.relations_all)):
        for kind, c in by_type.items():
            table.add_row(label, kind, f"{c.precision:.3f}", f"{c.recall:.3f}", f"{c.f1:.3f}",
                          str(c.tp), str(c.fp), str(c.fn))
        table.add_row(label, "[bold]all[/bold]", f"{total.precision:.3f}", f"{total.recall:.3f}",
                      f"[bold]{total.f1:.3f}[/bold]", str(total.tp), str(total.fp), str(total.fn),
                      end_section=True)
    console.print(table)
    for art in ev.articles:
        if not art.predicted:
            console.print(f"{art.article}: no prediction (no input with this article id)", markup=False)
    if ev.unscored:
        console.print(f"no gold for: {', '.join(ev.unscored)}", markup=False, soft_wrap=True)
    if show_errors:
        for art in ev.articles:
            if art.errors:
                console.print(f"== {art.article}", markup=False)
                for m in art.errors:
                    console.print(f"  {m}", markup=False, soft_wrap=True)
        from loaders.evaluate import error_summary

        for title, counts in error_summary(ev).items():
            if counts:
                console.print(f"== {title}", markup=False)
                for what, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])):
                    console.print(f"  {n:4d}  {what}", markup=False)


# === section: query / push (Cypher engines) ===

def _q_neo4j_options(fn):
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


def _q_list_queries() -> None:
    import cypher

    for name in cypher.names():
        q = cypher.load(name)
        click.echo(name)
        click.echo(f"    {q.description}")
        click.echo(f"    params: {q.params_doc or 'none'}")


@cli.command("query")
@click.argument("cypher_text", required=False, metavar="[CYPHER]")
@click.option("-f", "--file", "query_file", type=click.Path(),
              help="Read the query from a .cypher file.")
@click.option("--name", "query_name", help="Run a named query of cypher/ (see --list).")
@click.option("--param", "params", multiple=True, metavar="K=V",
              help="Query parameter; V is JSON when it parses as JSON, else text. Repeatable.")
@click.option("--graph", "graph_path", default="out/graph.json", help=GRAPH_OPTION_HELP)
@click.option("--neo4j", "neo4j_uri", envvar="NEO4J_URI", default=None,
              help="Query this Bolt server (e.g. bolt://localhost:7687, env NEO4J_URI) instead of the embedded engine.")
@_q_neo4j_options
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
        _q_list_queries()
        return
    from .cypher_rows import format_result
    from .query_run import execute, plan_query

    plan = plan_query(text=cypher_text, query_file=query_file, query_name=query_name, params=params, write=write)
    bolt = dict(uri=neo4j_uri, username=username, password=password, timeout=timeout, database=database)
    result, notes = execute(plan, graph_path=graph_path, bolt=bolt if neo4j_uri else None, write=write,
                            on_load=lambda path: note(f"loaded {path} into the embedded engine"))
    click.echo(format_result(result, fmt), nl=False)
    for line in notes:
        note(line)


@cli.command("push")
@click.option("--graph", "graph_path", default="out/graph.json", help=GRAPH_OPTION_HELP)
@click.option("--neo4j", "neo4j_uri", envvar="NEO4J_URI", required=True,
              help="Bolt server URI, e.g. neo4j://localhost:7687 (env NEO4J_URI).")
@_q_neo4j_options
@click.option("--batch-size", default=500, show_default=True, type=click.IntRange(min=1),
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


# === section: view (HTML views) ===

@cli.command("view")
@click.option("--graph", "graph_path", default="out/graph.json", show_default=True, type=click.Path(path_type=str),
              help=GRAPH_OPTION_HELP)
@click.option("--chain", help="Show this chain and its neighbours (any alias or script: 新型儲能 finds 新型储能产业链).")
@click.option("--region", help="Show the nodes and edges of this region (广东 finds 广东省).")
@click.option("--around", help="Show the neighbourhood of this node (any name or alias).")
@click.option("--depth", default=1, show_default=True, type=click.IntRange(min=0),
              help="Hops around --chain / --around.")
@click.option("--type", "types", multiple=True, metavar="TYPE",
              type=click.Choice(["GovernmentBody", "Chain", "Enterprise", "Platform", "PolicyDocument"],
                                case_sensitive=False),
              help="Keep only nodes of this type (repeatable).")
@click.option("--max-nodes", type=click.IntRange(min=1), default=None,
              help="Show at most this many nodes, the most connected (default 1500); the page says so.")
@click.option("--out", "-o", "out", type=click.Path(dir_okay=False, path_type=str),
              help="HTML file to write (default: views/<name>.html next to the graph).")
@click.option("--all", "write_all", is_flag=True,
              help="Write every page next to the graph: views/index.html, the full graph, each chain and region.")
@handle_errors
def view_command(graph_path: str, chain: str | None, region: str | None, around: str | None, depth: int,
                 types: tuple[str, ...], max_nodes: int | None, out: str | None, write_all: bool) -> None:
    """Write an interactive HTML view of the graph (self-contained, works offline from file://).

    Example: chaingraph view --chain 新型儲能 --out storage.html
    """
    from pathlib import Path

    from .store import read_graph
    from .view import select_view, write_view, write_views

    chosen = [f"--{name}" for name, v in (("chain", chain), ("region", region), ("around", around)) if v]
    if len(chosen) > 1:
        raise click.UsageError(f"use only one of {', '.join(chosen)}")
    if write_all and (chosen or types or out):
        raise click.UsageError("--all writes every page itself; it takes no --chain/--region/--around/--type/--out")
    graph_file = Path(graph_path)
    base = graph_file if graph_file.is_dir() else graph_file.parent
    g = read_graph(graph_file)
    limit = {"max_nodes": max_nodes} if max_nodes else {}
    if write_all:
        report = "../report.html" if (base / "report.html").is_file() else None
        paths = write_views(g, base, report_href=report, **limit)
        click.echo(f"wrote {len(paths)} pages; open {paths[0]}")
        return
    sel = select_view(g, chain=chain, region=region, around=around, depth=depth, types=types)
    path = write_view(sel.graph, Path(out) if out else base / "views" / sel.filename, title=sel.title,
                      focus=sel.focus, **limit)
    click.echo(f"{path}: {sel.graph.number_of_nodes()} nodes, {sel.graph.number_of_edges()} edges")


# === section: report (analytics) ===
from .model import NODE_TYPES as _RP_NODE_TYPES  # noqa: E402  (light: choices for --type)

_RP_FORMATS = ("table", "csv", "json", "md", "html")
_RP_MEASURES = ("degree", "in_degree", "out_degree", "pagerank", "betweenness", "closeness", "eigenvector")


@cli.command("report")
@click.option("--graph", "graph_path", default="out/graph.json", help=GRAPH_OPTION_HELP)
@click.option("--top", default=10, show_default=True, type=click.IntRange(min=1), help="Rows per ranking.")
@click.option("--type", "node_type", type=click.Choice(_RP_NODE_TYPES), help="Rank only nodes of this type.")
@click.option("--by", default="degree", show_default=True, type=click.Choice(_RP_MEASURES),
              help="Measure the rankings sort by.")
@click.option("--format", "fmt", default="table", show_default=True, type=click.Choice(_RP_FORMATS))
@click.option("--out", type=click.Path(dir_okay=False), help="Write to this file instead of stdout.")
@handle_errors
def report_cmd(graph_path: str, top: int, node_type: str | None, by: str, fmt: str, out: str | None) -> None:
    """Centrality rankings, communities, chain cards, gaps and regions of a built graph.

    Example: chaingraph report --graph out/ --top 5 --type Enterprise --format html --out out/report.html
    """
    from .fileio import write_atomic
    from .report import build_report, render, views_link
    from .store import read_graph

    report = build_report(read_graph(graph_path), top=top, node_type=node_type, by=by)
    text = render(report, fmt, views_href=views_link(out) if out else None)
    if out:
        click.echo(f"wrote {write_atomic(out, text)}", err=True)
    else:
        click.echo(text, nl=False)




def main() -> None:
    """Console-script entry point."""
    run_cli(cli)


if __name__ == "__main__":  # pragma: no cover
    main()
