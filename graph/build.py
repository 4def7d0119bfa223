"""The composition root: the loaders' stages wired to the graph's writers, in one place.

`build` reads, cleans and extracts every article (`loaders.pipeline`), resolves
them into one graph and runs the writers (graph.json, graph.graphml, views,
report) into a staging folder that `graph.outputs.OutputSet` switches in as one
set.  With graph/cli.py it is the only graph module that imports `loaders`.

A manifest (``manifest.json`` in the set, ``out/.cache/manifest.json``) records
the digest of every input, the extractor and writer fingerprints and the sha256
of each output file: when all of them still match, `build` reports "up to date"
and writes nothing.  This module never prints: progress goes to a callback.
"""
from __future__ import annotations

import hashlib
import json
import os
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from loaders.pipeline import ExtractRun, Progress, complete_run, extract_paths, extractor_fingerprint, files_digest
from loaders.pipeline import prune_cache, resolve_run
from loaders.read import DEFAULT_MAX_BYTES

from .errors import GraphFileError
from .fileio import write_atomic
from .model import EDGE_TYPES, NODE_TYPES
from .outputs import MANIFEST_LINK, OutputSet

if TYPE_CHECKING:
    import networkx as nx

__all__ = ["BuildResult", "Progress", "Writer", "build", "default_writers", "extract_paths"]

Writer = Callable[["nx.MultiDiGraph", Path], list[Path]]

CACHE_DIR = MANIFEST_LINK[0]
MANIFEST = MANIFEST_LINK[1]
_MANIFEST_FORMAT = 2
_ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class BuildResult:
    """What a build did: articles ok/failed, graph size per type, warnings, files written (or kept)."""

    out_dir: Path
    articles_ok: int
    articles_failed: int
    failures: tuple[str, ...] = ()
    nodes_by_type: dict[str, int] = field(default_factory=dict)
    edges_by_type: dict[str, int] = field(default_factory=dict)
    warnings: tuple[str, ...] = ()
    files: tuple[Path, ...] = ()
    cached: int = 0
    up_to_date: bool = False  # nothing changed: `files` are the previous build's, not rewritten

    @property
    def ok(self) -> bool:
        """True when every input was read and the outputs exist."""
        return self.articles_failed == 0 and bool(self.files)


# --- writers -------------------------------------------------------------------

def write_graph_json_file(g: nx.MultiDiGraph, out_dir: Path) -> list[Path]:
    """Writer: graph.json (networkx node-link JSON)."""
    from .store import write_graph_json

    return [write_graph_json(g, out_dir / "graph.json")]


def write_graphml_file(g: nx.MultiDiGraph, out_dir: Path) -> list[Path]:
    """Writer: graph.graphml (for Gephi and friends)."""
    from .store import write_graphml

    return [write_graphml(g, out_dir / "graph.graphml")]


def write_views_pages(g: nx.MultiDiGraph, out_dir: Path) -> list[Path]:
    """Writer: views/index.html with a full view and one page per chain and per region, linking the report
    (written after the views by `write_report_files`)."""
    from .view import write_views

    return write_views(g, out_dir)


def write_views_pages_without_report(g: nx.MultiDiGraph, out_dir: Path) -> list[Path]:
    """Writer: the same pages for a build that writes no report, so no page links one."""
    from .view import write_views

    return write_views(g, out_dir, report_href=None)


def write_report_files(g: nx.MultiDiGraph, out_dir: Path) -> list[Path]:
    """Writer: report.html and report.json (centrality, communities, chain cards, gaps)."""
    from .report import write_report

    return write_report(g, out_dir)


def default_writers(*, views: bool = True, report: bool = True) -> list[Writer]:
    """The writers `build` runs when none are given: graph.json, graph.graphml, views, report.

    The views come before the report so that the report can link to them.
    """
    writers: list[Writer] = [write_graph_json_file, write_graphml_file]
    if views:
        writers.append(write_views_pages if report else write_views_pages_without_report)
    if report:
        writers.append(write_report_files)
    return writers


# --- the build -------------------------------------------------------------------

def build(paths: Iterable[str | os.PathLike], out_dir: str | os.PathLike, *, jobs: int = 1, cache: bool = True,
          progress: Progress | None = None, writers: Sequence[Writer] | None = None,
          max_bytes: int = DEFAULT_MAX_BYTES) -> BuildResult:
    """Build the graph of the articles under `paths` into `out_dir`.

    Bad inputs are listed in the result and skipped; the good ones are still
    built.  Nothing is written when no article could be read.  Raises
    GraphFileError when the output folder cannot be created or written, or
    another build holds it; the previous outputs are then unchanged.
    """
    out = _prepare_out_dir(Path(out_dir))
    writers = list(default_writers() if writers is None else writers)
    with OutputSet(out) as outputs:
        previous = _read_manifest(out) if cache else None
        fingerprint = extractor_fingerprint()
        cache_dir = out / CACHE_DIR / "extract" / fingerprint[:16] if cache else None
        known = {d[1]: d[2] for d in previous["state"]["inputs"]} if previous else None
        run = extract_paths(paths, jobs=jobs, cache_dir=cache_dir, progress=progress, max_bytes=max_bytes,
                            exclude=[out], unchanged=known if cache else None)
        state = _state(run, fingerprint, writers)
        if previous is not None and state is not None:
            kept = _up_to_date(out, previous, state)
            if kept is not None:
                return kept
        run = complete_run(run)
        if not run.extractions:
            warnings = (*run.warnings, f"no article could be read: nothing written to {out}")
            return BuildResult(out_dir=out, articles_ok=0, articles_failed=len(run.failures),
                               failures=run.failures, warnings=warnings)
        result = _write_set(run, outputs, writers, progress, state if not run.failures else None)
        if cache_dir is not None:
            prune_cache(cache_dir)
        return result


def _write_set(run: ExtractRun, outputs: OutputSet, writers: Sequence[Writer], progress: Progress | None,
               state: dict | None) -> BuildResult:
    """Resolve, run every writer into the staging folder, write the manifest and switch the set in."""
    from .store import to_networkx

    out = outputs.out
    if progress:
        progress("resolving", 0, 1)
    data = resolve_run(run)
    g = to_networkx(data)
    if progress:
        progress("writing", 0, len(writers))
    staged: list[Path] = []
    try:
        outputs.staging.mkdir()
        for done, writer in enumerate(writers, start=1):
            staged.extend(writer(g, outputs.staging))
            if progress:
                progress("writing", done, len(writers))
        files = tuple(out / p.relative_to(outputs.staging) for p in staged)
        result = BuildResult(
            out_dir=out, articles_ok=len(run.extractions), articles_failed=len(run.failures), failures=run.failures,
            nodes_by_type=_count(a.get("type") for _, a in g.nodes(data=True)),
            edges_by_type=_count(k for _, _, k in g.edges(keys=True)),
            warnings=tuple(run.warnings) + tuple(data.warnings), files=files, cached=run.cached,
        )
        if state is not None:
            _write_manifest(outputs.staging, state, result, staged)
        outputs.commit()
    except OSError as exc:
        raise GraphFileError(_write_error(exc, outputs)) from None
    return result


def _write_error(exc: OSError, outputs: OutputSet) -> str:
    """One line naming the output file (not the staging path) and what went wrong."""
    where = Path(exc.filename) if exc.filename else outputs.out
    if where.is_relative_to(outputs.staging):
        where = outputs.out / where.relative_to(outputs.staging)
    return f"{where}: cannot write ({exc.strerror or exc}); the previous outputs are unchanged"


def _prepare_out_dir(out: Path) -> Path:
    try:
        out.mkdir(parents=True, exist_ok=True)
    except FileExistsError:
        raise GraphFileError(f"{out}: cannot create the output folder (a file is in the way)") from None
    except OSError as exc:
        raise GraphFileError(f"{out}: cannot create the output folder ({exc.strerror or exc})") from None
    if not out.is_dir():
        raise GraphFileError(f"{out}: the output path is not a folder")
    return out


# --- the manifest ------------------------------------------------------------

def writers_fingerprint() -> str:
    """sha256 over the graph package (stores, views, report): new writer code means outputs are stale."""
    graph = _ROOT / "graph"
    return files_digest(sorted(graph.glob("*.py")) + sorted(p for p in (graph / "assets").rglob("*") if p.is_file()))


def _writer_name(writer: Writer) -> str:
    return f"{getattr(writer, '__module__', '?')}.{getattr(writer, '__qualname__', repr(writer))}"


def _state(run: ExtractRun, fingerprint: str, writers: Sequence[Writer]) -> dict | None:
    """Everything the outputs depend on (equal states give identical outputs); None when an input failed."""
    if run.failures or not run.digests:
        return None
    return {"format": _MANIFEST_FORMAT, "fingerprint": fingerprint, "writers": [_writer_name(w) for w in writers],
            "writers_code": writers_fingerprint(), "inputs": [d.to_json() for d in run.digests],
            "warnings": list(run.warnings)}


def _write_manifest(staging: Path, state: dict, result: BuildResult, staged: list[Path]) -> None:
    doc = {
        "state": state,
        "result": {"articles_ok": result.articles_ok, "nodes_by_type": result.nodes_by_type,
                   "edges_by_type": result.edges_by_type, "warnings": list(result.warnings)},
        "files": [[p.relative_to(staging).as_posix(), _sha256_file(p)] for p in staged],
    }
    write_atomic(staging / MANIFEST, json.dumps(doc, ensure_ascii=False, indent=1, sort_keys=True))


def _read_manifest(out: Path) -> dict | None:
    try:
        doc = json.loads(out.joinpath(CACHE_DIR, MANIFEST).read_bytes())
        return doc if doc["state"]["format"] == _MANIFEST_FORMAT and isinstance(doc["state"]["inputs"], list) else None
    except (OSError, ValueError, KeyError, TypeError):
        return None


def _up_to_date(out: Path, doc: dict, state: dict) -> BuildResult | None:
    """The previous build's result when its manifest matches `state` and its outputs are intact."""
    try:
        if doc["state"] != json.loads(json.dumps(state)):
            return None
        files = []
        for name, digest in doc["files"]:
            p = out / name
            if _sha256_file(p) != digest:
                return None
            files.append(p)
        res = doc["result"]
        return BuildResult(out_dir=out, articles_ok=int(res["articles_ok"]), articles_failed=0,
                           nodes_by_type=dict(res["nodes_by_type"]), edges_by_type=dict(res["edges_by_type"]),
                           warnings=tuple(res["warnings"]), files=tuple(files), cached=int(res["articles_ok"]),
                           up_to_date=True)
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None


def _sha256_file(p: Path) -> str:
    h = hashlib.sha256()
    with open(p, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def _count(values: Iterable[str | None]) -> dict[str, int]:
    counts = Counter(v or "?" for v in values)
    order = {t: i for i, t in enumerate(NODE_TYPES + EDGE_TYPES)}
    return {k: counts[k] for k in sorted(counts, key=lambda k: (order.get(k, len(order)), k))}
