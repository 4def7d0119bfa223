"""The build pipeline: read -> clean -> extract (per article) -> resolve -> writers.

`extract_paths` runs the per-article stages (in a process pool for jobs > 1,
with results in input order, identical to jobs = 1) and `build` adds
resolution and the output writers.  Per-article extractions are cached under
``<out>/.cache/extract/<fingerprint>/`` keyed by the sha256 of the file bytes;
the fingerprint hashes the extractor's source (loaders/*.py, loaders/data/*,
graph/model.py), so editing the extractor invalidates the cache.  A manifest
``<out>/.cache/manifest.json``, written after every output, records the inputs,
the fingerprint and the sha256 of each output file: when they all still match,
`build` reports "up to date" without resolving or writing anything.

Every file goes through `graph.fileio.write_atomic`, so a failed or killed build
leaves each previous output intact (old or new, never torn).  This module never
prints: progress goes to an optional callback.
"""
from __future__ import annotations

import dataclasses
import hashlib
import json
import os
import shutil
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from graph.errors import ChaingraphError, GraphFileError, InputError
from graph.fileio import write_atomic
from graph.model import EDGE_TYPES, NODE_TYPES, Entity, Extraction, Relation

from .read import DEFAULT_MAX_BYTES, InputFile, Inputs, article_from_bytes, find_inputs, read_bytes

if TYPE_CHECKING:
    import networkx as nx

Writer = Callable[["nx.MultiDiGraph", Path], list[Path]]
Progress = Callable[[str, int, int], None]  # (stage, done, total): "reading" per article, then "resolving", "writing"

CACHE_DIR = ".cache"
MANIFEST = "manifest.json"
_CACHE_FORMAT = 1
_ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class ExtractRun:
    """Per-article results in input order: extractions of the good inputs, one line per bad one."""

    extractions: tuple[Extraction, ...]
    failures: tuple[str, ...] = ()
    warnings: tuple[str, ...] = ()
    cached: int = 0  # how many extractions came from the cache


@dataclass(frozen=True)
class BuildResult:
    """What a build did: articles ok/failed, graph size per type, warnings, files written."""

    out_dir: Path
    articles_ok: int
    articles_failed: int
    failures: tuple[str, ...] = ()
    nodes_by_type: dict[str, int] = field(default_factory=dict)
    edges_by_type: dict[str, int] = field(default_factory=dict)
    warnings: tuple[str, ...] = ()
    files: tuple[Path, ...] = ()
    cached: int = 0
    up_to_date: bool = False

    @property
    def ok(self) -> bool:
        """True when every input was read and the outputs exist."""
        return self.articles_failed == 0 and bool(self.files)


# --- writers -------------------------------------------------------------------

def write_graph_json_file(g: nx.MultiDiGraph, out_dir: Path) -> list[Path]:
    """Writer: graph.json (networkx node-link JSON)."""
    from graph.store import write_graph_json

    return [write_graph_json(g, out_dir / "graph.json")]


def write_graphml_file(g: nx.MultiDiGraph, out_dir: Path) -> list[Path]:
    """Writer: graph.graphml (for Gephi and friends)."""
    from graph.store import write_graphml

    return [write_graphml(g, out_dir / "graph.graphml")]


def write_views_pages(g: nx.MultiDiGraph, out_dir: Path) -> list[Path]:
    """Writer: views/index.html with a full view and one page per chain and per region."""
    from graph.view import write_views

    return write_views(g, out_dir)


def write_report_files(g: nx.MultiDiGraph, out_dir: Path) -> list[Path]:
    """Writer: report.html and report.json (centrality, communities, chain cards, gaps)."""
    from graph.report import write_report

    return write_report(g, out_dir)


def default_writers(*, views: bool = True, report: bool = True) -> list[Writer]:
    """The writers `build` runs when none are given: graph.json, graph.graphml, views, report.

    The views come before the report so that the report can link to them.
    """
    writers: list[Writer] = [write_graph_json_file, write_graphml_file]
    if views:
        writers.append(write_views_pages)
    if report:
        writers.append(write_report_files)
    return writers


# --- the pipeline -----------------------------------------------------------------

def extract_paths(paths: Iterable[str | os.PathLike], *, jobs: int = 1, cache_dir: str | os.PathLike | None = None,
                  progress: Progress | None = None, max_bytes: int = DEFAULT_MAX_BYTES,
                  exclude: Iterable[str | os.PathLike] = ()) -> ExtractRun:
    """Read, clean and extract every article under `paths` (stable order, failures listed)."""
    inputs = find_inputs(paths, exclude=exclude)
    return _extract_inputs(inputs, jobs=jobs, cache_dir=Path(cache_dir) if cache_dir else None,
                           progress=progress, max_bytes=max_bytes)


def build(paths: Iterable[str | os.PathLike], out_dir: str | os.PathLike, *, jobs: int = 1, cache: bool = True,
          progress: Progress | None = None, writers: Sequence[Writer] | None = None,
          max_bytes: int = DEFAULT_MAX_BYTES) -> BuildResult:
    """Build the graph of the articles under `paths` into `out_dir`.

    Bad inputs are listed in the result and skipped; the good ones are still
    built.  Nothing is written when no article could be read.  Raises
    GraphFileError when the output folder cannot be created or written.
    """
    out = _prepare_out_dir(Path(out_dir))
    _remove_stale_temp_files(out)
    writers = list(default_writers() if writers is None else writers)
    inputs = find_inputs(paths, exclude=[out])
    fingerprint = extractor_fingerprint()
    state = _input_state(inputs, fingerprint, writers, max_bytes)
    if cache and state is not None:
        previous = _up_to_date(out, state)
        if previous is not None:
            return previous

    cache_dir = out / CACHE_DIR / "extract" / fingerprint[:16] if cache else None
    run = _extract_inputs(inputs, jobs=jobs, cache_dir=cache_dir, progress=progress, max_bytes=max_bytes)
    failures = run.failures
    warnings = list(run.warnings)
    if not run.extractions:
        warnings.append(f"no article could be read: nothing written to {out}")
        return BuildResult(out_dir=out, articles_ok=0, articles_failed=len(failures), failures=failures,
                           warnings=tuple(warnings))

    from graph.store import to_networkx

    from .resolve import resolve

    if progress:
        progress("resolving", 0, 1)
    data = resolve(run.extractions)
    warnings.extend(data.warnings)
    g = to_networkx(data)
    if progress:
        progress("writing", 0, len(writers))
    files = _run_writers(g, out, writers, progress)
    result = BuildResult(
        out_dir=out, articles_ok=len(run.extractions), articles_failed=len(failures), failures=failures,
        nodes_by_type=_count(a.get("type") for _, a in g.nodes(data=True)),
        edges_by_type=_count(k for _, _, k in g.edges(keys=True)),
        warnings=tuple(warnings), files=tuple(files), cached=run.cached,
    )
    if state is not None and not failures:
        _write_manifest(out, state, result)
    if cache_dir is not None:
        _prune_cache(cache_dir)
    return result


def extractor_fingerprint() -> str:
    """sha256 over every extractor source (loaders/**/*.py, sub-packages included) and every data file
    (loaders/data/**), plus graph/model.py: editing any of them invalidates cached extractions."""
    return _files_digest(extractor_files(), salt=f"cache-format-{_CACHE_FORMAT}")


def extractor_files() -> list[Path]:
    """The files `extractor_fingerprint` hashes, in a fixed order (caches and bytecode left out)."""
    loaders = _ROOT / "loaders"
    code = sorted(p for p in loaders.rglob("*.py") if "__pycache__" not in p.parts)
    data = sorted(p for p in (loaders / "data").rglob("*") if p.is_file() and "__pycache__" not in p.parts)
    return code + [p for p in data if p not in code] + [_ROOT / "graph" / "model.py"]


def writers_fingerprint() -> str:
    """sha256 over the graph package (stores, views, report): new writer code means outputs are stale."""
    graph = _ROOT / "graph"
    return _files_digest(sorted(graph.glob("*.py")) + sorted(p for p in (graph / "assets").rglob("*") if p.is_file()))


def _files_digest(files: Sequence[Path], *, salt: str = "") -> str:
    h = hashlib.sha256(salt.encode())
    for p in files:
        h.update(p.relative_to(_ROOT).as_posix().encode() + b"\0")
        h.update(hashlib.sha256(p.read_bytes()).digest())
    return h.hexdigest()


# --- per-article work (runs in worker processes for jobs > 1) ---------------------------

def _extract_inputs(inputs: Inputs, *, jobs: int, cache_dir: Path | None, progress: Progress | None,
                    max_bytes: int) -> ExtractRun:
    failures = [str(e) for e in inputs.errors]
    tasks = [(f, cache_dir, max_bytes) for f in inputs.files]
    total = len(tasks)
    extractions: list[Extraction] = []
    cached = 0
    if progress:
        progress("reading", 0, total)
    for done, (outcome, hit) in enumerate(_map(_process_one, tasks, jobs), start=1):
        if isinstance(outcome, Extraction):
            extractions.append(outcome)
            cached += hit
        else:
            failures.append(outcome)
        if progress:
            progress("reading", done, total)
    return ExtractRun(extractions=tuple(extractions), failures=tuple(failures), warnings=inputs.warnings,
                      cached=cached)


def _map(fn, tasks: list, jobs: int):
    """`map` in order; a chunked process pool when jobs > 1 and there is enough work."""
    if jobs <= 0:
        jobs = os.cpu_count() or 1
    if jobs == 1 or len(tasks) < 2:
        yield from map(fn, tasks)
        return
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    workers = min(jobs, len(tasks))
    chunksize = max(1, min(16, len(tasks) // (workers * 4)))
    ctx = multiprocessing.get_context("fork") if "fork" in multiprocessing.get_all_start_methods() else None
    with ProcessPoolExecutor(max_workers=workers, mp_context=ctx) as pool:
        yield from pool.map(fn, tasks, chunksize=chunksize)


def _process_one(task: tuple[InputFile, Path | None, int]) -> tuple[Extraction | str, bool]:
    """read -> clean -> extract for one file: (Extraction, from cache?) or (failure line, False)."""
    f, cache_dir, max_bytes = task
    try:
        raw = read_bytes(f.path, max_bytes=max_bytes)
        key = _cache_key(f.path, raw)
        if cache_dir is not None:
            hit = _cache_load(cache_dir, key)
            if hit is not None:
                return dataclasses.replace(hit, article=f.id, path=str(f.path)), True
        article = article_from_bytes(f.path, raw, article_id=f.id)
        from .clean import clean
        from .extract import extract

        extraction = dataclasses.replace(extract(clean(article)), article=f.id, path=str(f.path))
    except InputError as exc:
        return str(exc), False
    except ChaingraphError as exc:
        return f"{f.path}: {exc}", False
    except Exception as exc:  # an extractor bug must not sink the other articles
        return f"{f.path}: extraction failed ({type(exc).__name__}: {exc})", False
    if cache_dir is not None:
        _cache_store(cache_dir, key, extraction)
    return extraction, False


def _cache_key(path: Path, raw: bytes) -> str:
    # the suffix picks the reader (txt / md / html), so it is part of the key
    return hashlib.sha256(path.suffix.lower().encode() + b"\0" + raw).hexdigest()


def _cache_load(cache_dir: Path, key: str) -> Extraction | None:
    """The cached extraction for `key`, or None when missing or unusable (then it is recomputed)."""
    try:
        doc = json.loads((cache_dir / key[:2] / f"{key}.json").read_bytes())
        if doc.get("format") != _CACHE_FORMAT or doc.get("key") != key:
            return None
        return _extraction_from_dict(doc["extraction"])
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None


def _cache_store(cache_dir: Path, key: str, extraction: Extraction) -> None:
    doc = {"format": _CACHE_FORMAT, "key": key, "extraction": dataclasses.asdict(extraction)}
    try:
        write_atomic(cache_dir / key[:2] / f"{key}.json",
                     json.dumps(doc, ensure_ascii=False, sort_keys=True, separators=(",", ":")))
    except OSError:
        pass  # the cache is an optimisation; a full disk shows up when the outputs are written


def _extraction_from_dict(d: dict) -> Extraction:
    entities = tuple(Entity(**{**e, "aliases": tuple(e["aliases"])}) for e in d["entities"])
    relations = tuple(Relation(**r) for r in d["relations"])
    return Extraction(**{**d, "entities": entities, "relations": relations})


def _prune_cache(cache_dir: Path) -> None:
    """Drop cache folders of other extractor versions (they can never be hit again)."""
    try:
        for sibling in cache_dir.parent.iterdir():
            if sibling.is_dir() and sibling != cache_dir:
                shutil.rmtree(sibling, ignore_errors=True)
    except OSError:
        pass


# --- outputs and the manifest ----------------------------------------------------------

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


def _remove_stale_temp_files(out: Path) -> None:
    """Drop temp files that builds killed mid-write left behind (`write_atomic`'s `.<name>.*.tmp`)."""
    for folder in (out, out / CACHE_DIR):
        for tmp in folder.glob(".*.tmp"):
            try:
                tmp.unlink()
            except OSError:
                pass


def _run_writers(g: nx.MultiDiGraph, out: Path, writers: Sequence[Writer], progress: Progress | None) -> list[Path]:
    files: list[Path] = []
    for done, writer in enumerate(writers, start=1):
        try:
            files.extend(writer(g, out))
        except OSError as exc:
            where = exc.filename or out
            raise GraphFileError(f"{where}: cannot write the {_writer_name(writer)} output "
                                 f"({exc.strerror or exc}); previous outputs are unchanged") from None
        if progress:
            progress("writing", done, len(writers))
    return files


def _writer_name(writer: Writer) -> str:
    return f"{getattr(writer, '__module__', '?')}.{getattr(writer, '__qualname__', repr(writer))}"


@dataclass(frozen=True)
class _InputState:
    """Everything a build's outputs depend on; equal states give identical outputs."""

    fingerprint: str
    writers: tuple[str, ...]
    writers_code: str
    inputs: tuple[tuple[str, str, str], ...]  # (article id, path, sha256 of bytes)
    warnings: tuple[str, ...]

    def to_json(self) -> dict:
        return {"fingerprint": self.fingerprint, "writers": list(self.writers), "writers_code": self.writers_code,
                "inputs": [list(i) for i in self.inputs], "warnings": list(self.warnings)}


def _input_state(inputs: Inputs, fingerprint: str, writers: Sequence[Writer], max_bytes: int) -> _InputState | None:
    """The state of a corpus whose inputs all read fine, else None (nothing to skip then)."""
    if inputs.errors or not inputs.files:
        return None
    rows = []
    for f in inputs.files:
        try:
            raw = read_bytes(f.path, max_bytes=max_bytes)
        except InputError:
            return None
        rows.append((f.id, str(f.path), hashlib.sha256(raw).hexdigest()))
    return _InputState(fingerprint=fingerprint, writers=tuple(_writer_name(w) for w in writers),
                       writers_code=writers_fingerprint(), inputs=tuple(rows), warnings=inputs.warnings)


def _write_manifest(out: Path, state: _InputState, result: BuildResult) -> None:
    doc = {
        "state": state.to_json(),
        "result": {"articles_ok": result.articles_ok, "nodes_by_type": result.nodes_by_type,
                   "edges_by_type": result.edges_by_type, "warnings": list(result.warnings)},
        "files": [[p.relative_to(out).as_posix() if p.is_relative_to(out) else str(p), _sha256_file(p)]
                  for p in result.files],
    }
    try:
        write_atomic(out / CACHE_DIR / MANIFEST, json.dumps(doc, ensure_ascii=False, indent=1, sort_keys=True))
    except OSError as exc:
        raise GraphFileError(f"{out / CACHE_DIR / MANIFEST}: cannot write the build manifest "
                             f"({exc.strerror or exc})") from None


def _up_to_date(out: Path, state: _InputState) -> BuildResult | None:
    """The previous build's result when its manifest matches `state` and its outputs are intact."""
    try:
        doc = json.loads((out / CACHE_DIR / MANIFEST).read_bytes())
        if doc["state"] != json.loads(json.dumps(state.to_json())):
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
