"""The loaders-pipeline commands: `build`, `extract`, `evaluate` (parse arguments, call the library, print).

With graph/build.py they are where graph meets `loaders`; heavy imports happen inside the commands.
"""
from __future__ import annotations

import sys
from pathlib import Path

import click

from .cli_errors import handle_errors, note


def _report_failures(failures) -> None:
    for line in failures:
        note(line)  # sanitized: a file name may hold escape sequences or line breaks


def _progress(enabled: bool):
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


@click.command("build")
@click.argument("paths", nargs=-1, type=click.Path(path_type=str, readable=False))
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

    PATHS default to seeds/.  Each unreadable input (file or folder) is reported
    on one line and skipped; the others are still built.  Exit status 1 when
    some input failed.  The outputs change as one set; a second build into the
    same --out while one runs is refused.

    Example: chaingraph build seeds/ extra/article.html --out out/ --jobs 2
    """
    from .build import build, default_writers

    update, bar = _progress(not quiet)
    writers = default_writers(views=not no_views, report=not no_report)
    try:
        result = build(paths or ("seeds",), out, jobs=jobs, cache=not no_cache, progress=update, writers=writers)
    finally:
        if bar is not None:
            bar.stop()
    _report_failures(result.failures)
    if not quiet:
        _print_build_summary(result)
    if result.failures or not result.files:
        sys.exit(1)


def _print_build_summary(result) -> None:
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
    verb = "kept" if result.up_to_date else "wrote"  # an up-to-date build rewrites nothing
    for f in result.files:
        if Path(f).parent == out:
            console.print(f"{verb} {f}", markup=False, soft_wrap=True)
    if pages:
        console.print(f"{verb} {len(pages)} view pages: open {pages[0]}", markup=False, soft_wrap=True)


@click.command("extract")
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
    _report_failures(run.failures)
    for w in run.warnings:
        click.echo(f"chaingraph: warning: {w}", err=True)
    if fmt == "json":
        for e in run.extractions:
            click.echo(json.dumps(e.to_json(), ensure_ascii=False))
    else:
        _print_extractions(run.extractions)
    if run.failures:
        sys.exit(1)


def _print_extractions(extractions) -> None:
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


@click.command("evaluate")
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
    _report_failures(run.failures)
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
        _print_evaluation(ev, show_errors)
    if run.failures:
        sys.exit(1)


def _print_evaluation(ev, show_errors: bool) -> None:
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
