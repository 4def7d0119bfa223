"""The per-article stages, written once: read -> clean -> extract (cached, in a process pool), then resolve.

`extract_paths` reads each input file exactly once: the same bytes give the
input's digest (what a build's manifest records), the cache key and the
article.  Extractions are cached under ``<cache_dir>/<key[:2]>/<key>.json``
keyed by the sha256 of the suffix and file bytes; the caller puts the cache in
a folder named after `extractor_fingerprint`, so editing the extractor
invalidates it.  Inputs whose digest the caller already knows (`unchanged`) and
whose cache entry exists are left in the cache (`ExtractRun.pending`) until
`complete_run` loads them: an unchanged corpus costs one hash per file.

Writing outputs is not done here: `graph/build.py` wires these stages to the
writers.  This module never prints: progress goes to an optional callback.
"""
from __future__ import annotations

import dataclasses
import hashlib
import json
import os
import shutil
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from graph.errors import ChaingraphError, InputError
from graph.fileio import write_atomic
from graph.model import ArticleMeta, Entity, Extraction, GraphData, Relation
from graph.names import NAME_ASSETS

from .read import DEFAULT_MAX_BYTES, TEXT_SUFFIXES, InputFile, Inputs, article_from_bytes, find_inputs, read_bytes

Progress = Callable[[str, int, int], None]  # (stage, done, total): "reading" per article, then "resolving", "writing"

_CACHE_FORMAT = 2
_ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class InputDigest:
    """One input as read: article id, path, sha256 of (suffix, bytes), and its sources-file metadata."""

    id: str
    path: str
    sha256: str
    meta: tuple[str, str | None, str | None] | None = None  # (title, date, url) from a sources file

    def to_json(self) -> list:
        """The manifest form."""
        return [self.id, self.path, self.sha256, list(self.meta) if self.meta else None]


@dataclass(frozen=True)
class Pending:
    """An extraction left in the cache: its place among the run's extractions, cache key and input."""

    position: int
    key: str
    input: InputFile


@dataclass(frozen=True)
class ExtractRun:
    """Per-article results in input order: extractions of the good inputs, one line per bad one."""

    extractions: tuple[Extraction, ...]
    failures: tuple[str, ...] = ()
    warnings: tuple[str, ...] = ()
    cached: int = 0  # how many extractions came from the cache
    digests: tuple[InputDigest, ...] = ()  # every input that could be read, in order
    pending: tuple[Pending, ...] = ()  # extractions still in the cache (see `complete_run`)
    cache_dir: Path | None = None
    max_bytes: int = DEFAULT_MAX_BYTES


def extract_paths(paths: Iterable[str | os.PathLike], *, jobs: int = 1, cache_dir: str | os.PathLike | None = None,
                  progress: Progress | None = None, max_bytes: int = DEFAULT_MAX_BYTES,
                  exclude: Iterable[str | os.PathLike] = (), unchanged: Mapping[str, str] | None = None) -> ExtractRun:
    """Read, clean and extract every article under `paths` (stable order, failures listed).

    `unchanged` maps input paths to digests known from a previous build: such
    inputs are hashed but their extractions stay pending in the cache.
    """
    inputs = find_inputs(paths, exclude=exclude)
    cache = Path(cache_dir) if cache_dir else None
    run = _extract_inputs(inputs, jobs=jobs, cache_dir=cache, progress=progress, max_bytes=max_bytes,
                          unchanged=unchanged if cache is not None else None)
    return run if unchanged is not None else complete_run(run)


def complete_run(run: ExtractRun) -> ExtractRun:
    """`run` with its pending extractions loaded from the cache (re-extracted if an entry vanished)."""
    if not run.pending:
        return run
    slots = {p.position: p for p in run.pending}
    done = iter(run.extractions)
    extractions: list[Extraction] = []
    failures = list(run.failures)
    for position in range(len(run.extractions) + len(run.pending)):
        p = slots.get(position)
        if p is None:
            extractions.append(next(done))
            continue
        hit = _cache_load(run.cache_dir, p.key) if run.cache_dir else None
        if hit is None:  # the entry vanished since it was seen: extract again (the one case of a second read)
            outcome, _hit, _digest = _process_one((p.input, run.cache_dir, run.max_bytes, None))
        else:
            outcome = _for_input(hit, p.input)
        if isinstance(outcome, Extraction):
            extractions.append(outcome)
        else:
            failures.append(outcome)
    return dataclasses.replace(run, extractions=tuple(extractions), failures=tuple(failures), pending=())


def resolve_run(run: ExtractRun) -> GraphData:
    """Resolution over a complete run: one node per real-world entity, article metadata carried."""
    from .resolve import resolve

    if run.pending:
        raise ValueError("resolve_run needs a complete run (call complete_run first)")
    return resolve(run.extractions)


def extractor_fingerprint() -> str:
    """sha256 over every extractor source (loaders/**/*.py, sub-packages included) and every data file
    (loaders/data/**, the scorer's model file included), plus the graph core it uses (model, name folding
    and its vocabularies) and the extraction options in force (`extract.options_key`): editing any of them or
    switching the scorer invalidates cached extractions."""
    from .extract import options_key

    return files_digest(extractor_files(), salt=f"cache-format-{_CACHE_FORMAT};{options_key()}")


def extractor_files() -> list[Path]:
    """The files `extractor_fingerprint` hashes, in a fixed order (caches and bytecode left out)."""
    loaders = _ROOT / "loaders"
    code = sorted(p for p in loaders.rglob("*.py") if "__pycache__" not in p.parts)
    data = sorted(p for p in (loaders / "data").rglob("*") if p.is_file() and "__pycache__" not in p.parts)
    graph = _ROOT / "graph"
    core = [graph / "model.py", graph / "names.py", *(graph / "assets" / name for name in NAME_ASSETS)]
    return code + [p for p in data if p not in code] + core


def files_digest(files: Sequence[Path], *, salt: str = "") -> str:
    """sha256 over the repo-relative names and contents of `files` (in the given order): a code fingerprint."""
    h = hashlib.sha256(salt.encode())
    for p in files:
        h.update(p.relative_to(_ROOT).as_posix().encode() + b"\0")
        h.update(hashlib.sha256(p.read_bytes()).digest())
    return h.hexdigest()


def prune_cache(cache_dir: Path) -> None:
    """Drop cache folders of other extractor versions (they can never be hit again) and stale temp files."""
    try:
        for sibling in cache_dir.parent.iterdir():
            if sibling.is_dir() and sibling != cache_dir:
                shutil.rmtree(sibling, ignore_errors=True)
        for tmp in cache_dir.glob("*/.*.tmp"):  # writes of a killed build
            tmp.unlink(missing_ok=True)
    except OSError:
        pass


# --- per-article work (runs in worker processes for jobs > 1) ---------------------------

def _extract_inputs(inputs: Inputs, *, jobs: int, cache_dir: Path | None, progress: Progress | None,
                    max_bytes: int, unchanged: Mapping[str, str] | None) -> ExtractRun:
    failures = [str(e) for e in inputs.errors]
    # each task carries only its own known digest (the whole mapping would be pickled once per task)
    tasks = [(f, cache_dir, max_bytes, unchanged.get(str(f.path)) if unchanged else None) for f in inputs.files]
    total = len(tasks)
    extractions: list[Extraction] = []
    pending: list[Pending] = []
    digests: list[InputDigest] = []
    cached = 0
    if progress:
        progress("reading", 0, total)
    for done, (task, (outcome, hit, digest)) in enumerate(zip(tasks, _map(_process_one, tasks, jobs)), start=1):
        if digest is not None:
            digests.append(digest)
        if isinstance(outcome, Extraction):
            extractions.append(outcome)
        elif isinstance(outcome, Pending):
            pending.append(dataclasses.replace(outcome, position=len(extractions) + len(pending)))
        else:
            failures.append(outcome)
        cached += hit
        if progress:
            progress("reading", done, total)
    return ExtractRun(extractions=tuple(extractions), failures=tuple(failures), warnings=inputs.warnings,
                      cached=cached, digests=tuple(digests), pending=tuple(pending), cache_dir=cache_dir,
                      max_bytes=max_bytes)


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


def _process_one(task: tuple[InputFile, Path | None, int, str | None]
                 ) -> tuple[Extraction | Pending | str, bool, InputDigest | None]:
    """read (once) -> clean -> extract for one file: (outcome, from cache?, digest of what was read).

    When the digest equals `known` (the previous build's) and the cache holds the entry, the
    extraction is left pending there.
    """
    f, cache_dir, max_bytes, known = task
    digest = None
    try:
        raw = read_bytes(f.path, max_bytes=max_bytes)
        key = _cache_key(f.path, raw)
        meta = (f.meta.title, f.meta.date, f.meta.url) if f.meta else None
        digest = InputDigest(id=f.id, path=str(f.path), sha256=key, meta=meta)
        if cache_dir is not None:
            entry = _cache_file(cache_dir, key)
            if known == key and entry.is_file():
                return Pending(position=-1, key=key, input=f), True, digest
            hit = _cache_load(cache_dir, key)
            if hit is not None:
                return _for_input(hit, f), True, digest
        from .clean import clean
        from .extract import extract

        article = article_from_bytes(f.path, raw, article_id=f.id)
        doc = clean(article)
        extraction = dataclasses.replace(extract(doc), title=_display_title(article, doc.text), date=article.date,
                                         url=article.url)
    except InputError as exc:
        return str(exc), False, None
    except ChaingraphError as exc:
        return f"{f.path}: {exc}", False, None
    except Exception as exc:  # an extractor bug must not sink the other articles
        return f"{f.path}: extraction failed ({type(exc).__name__}: {exc})", False, None
    if cache_dir is not None:
        _cache_store(cache_dir, key, extraction)
    return _with_sources_meta(extraction, f), False, digest


def _display_title(article, cleaned: str) -> str:
    """The title a reader sees: the declared one (HTML, Markdown), else the first line of the cleaned text.

    A plain-text file's first raw line is often a navigation crumb or a byline that cleaning removes.
    """
    if Path(article.path).suffix.lower() not in TEXT_SUFFIXES:
        return article.title
    return next((ln.strip()[:200] for ln in cleaned.split("\n") if ln.strip()), article.title)


def _for_input(cached: Extraction, f: InputFile) -> Extraction:
    """A cached extraction as this input's: the cache is keyed by content, so id and path are the input's."""
    return _with_sources_meta(dataclasses.replace(cached, article=f.id, path=str(f.path)), f)


def _with_sources_meta(extraction: Extraction, f: InputFile) -> Extraction:
    """The sources file's title/date/url win over what the article itself says (field by field)."""
    if f.meta is None:
        return extraction
    m: ArticleMeta = f.meta
    return dataclasses.replace(extraction, title=m.title or extraction.title, date=m.date or extraction.date,
                               url=m.url or extraction.url)


def _cache_key(path: Path, raw: bytes) -> str:
    # the suffix picks the reader (txt / md / html), so it is part of the key
    return hashlib.sha256(path.suffix.lower().encode() + b"\0" + raw).hexdigest()


def _cache_file(cache_dir: Path, key: str) -> Path:
    return cache_dir / key[:2] / f"{key}.json"


def _cache_load(cache_dir: Path, key: str) -> Extraction | None:
    """The cached extraction for `key`, or None when missing or unusable (then it is recomputed)."""
    try:
        doc = json.loads(_cache_file(cache_dir, key).read_bytes())
        if doc.get("format") != _CACHE_FORMAT or doc.get("key") != key:
            return None
        return _extraction_from_dict(doc["extraction"])
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None


def _cache_store(cache_dir: Path, key: str, extraction: Extraction) -> None:
    doc = {"format": _CACHE_FORMAT, "key": key, "extraction": dataclasses.asdict(extraction)}
    try:
        write_atomic(_cache_file(cache_dir, key),
                     json.dumps(doc, ensure_ascii=False, sort_keys=True, separators=(",", ":")))
    except OSError:
        pass  # the cache is an optimisation; a full disk shows up when the outputs are written


def _extraction_from_dict(d: dict) -> Extraction:
    entities = tuple(Entity(**{**e, "aliases": tuple(e["aliases"])}) for e in d["entities"])
    relations = tuple(Relation(**r) for r in d["relations"])
    return Extraction(**{**d, "entities": entities, "relations": relations})
