"""The push benchmark against a real Neo4j Community server (tests/neo4j-launcher, loopback only).

Batched UNWIND (`batch_size=2000`, the whole graph) vs one row per transaction (`batch_size=1`,
a subgraph of `rowwise_rows` rows), on the same server in the same run, uniqueness constraints on.
"""
from __future__ import annotations

import importlib.util
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# C2 JIT (the JVM's default): after the warm-up below it halves the server's CPU per batched row against C1
# only (117 -> ~60 us an edge row), but one-row transactions measured slower with C2 (see bench/README.md)
BENCH_JVM_FLAGS = ("-Xms1g", "-Xmx2g", "-XX:+UseSerialGC",
                   "--add-opens=java.base/java.nio=ALL-UNNAMED", "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
                   "--add-opens=java.base/java.lang=ALL-UNNAMED")
if os.environ.get("CHAINGRAPH_BENCH_NEO4J_JIT") == "c1":  # the comparison run: C1 only, as the tests start it
    BENCH_JVM_FLAGS += ("-XX:TieredStopAtLevel=1",)
PAGE_CACHE_MB = 1024  # the whole 10,000-article graph's store (~300 MB) stays in memory
BATCH_SIZE = 2000  # rows per transaction of the batched push
# untimed batched push of the whole graph first: with 30,000 rows C2 was still compiling during the timed
# pushes on a loaded machine (server CPU 37 s instead of ~12 s for the batched push, 6.7 ms a row-wise row)
WARM_ROWS = None


def _launcher():
    """tests/neo4j_launcher.py, the one module that starts and stops the launcher."""
    spec = importlib.util.spec_from_file_location("chaingraph_neo4j_launcher", ROOT / "tests" / "neo4j_launcher.py")
    mod = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = mod
    spec.loader.exec_module(mod)
    return mod


def _cpu_s(pid: int) -> float:
    """User + system CPU seconds of a process (the server's share of a push, whatever the machine's load)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _timed_push(graph, driver, size: int, pid: int) -> tuple:
    """(PushStats, wall s, client CPU s, server CPU s) of one push onto an emptied database."""
    from graph.neo4j_store import push

    driver.execute_query("MATCH (n) DETACH DELETE n")
    t, client, server = time.perf_counter(), time.process_time(), _cpu_s(pid)
    stats = push(graph, driver, batch_size=size)
    return stats, time.perf_counter() - t, time.process_time() - client, _cpu_s(pid) - server


def push_neo4j(graph_json: Path, rowwise_rows: int, subgraph, batch_size: int = BATCH_SIZE) -> dict:
    """Start a Neo4j server, warm it up, time a batched push and a row-wise push; stop it."""
    from graph.neo4j_store import connect
    from graph.store import read_graph

    mod = _launcher()
    g = read_graph(graph_json)
    sub = subgraph(g, rowwise_rows)
    srv = mod.Neo4jServer()
    srv.jvm_flags = BENCH_JVM_FLAGS
    srv.page_cache_mb = PAGE_CACHE_MB
    try:
        t = time.perf_counter()
        srv.start()
        started = time.perf_counter() - t
        driver = connect(srv.uri, password=srv.password, timeout=60)
        try:
            pid = srv.proc.pid
            warm = g if WARM_ROWS is None else subgraph(g, WARM_ROWS)
            _timed_push(warm, driver, batch_size, pid)  # plans cached, JIT warm: not counted
            _timed_push(sub, driver, 1, pid)  # as many one-row transactions as timed: that path warm too
            batched, bt, b_client, b_server = _timed_push(g, driver, batch_size, pid)
            # the row-wise path is timed twice and the faster kept: one-row transactions were still getting
            # cheaper after one warm-up pass with C2, so the best of two is the fairer (lower) ratio
            rowwise, rt, r_client, r_server = min((_timed_push(sub, driver, 1, pid) for _ in range(2)),
                                                  key=lambda run: run[1])
            driver.execute_query("MATCH (n) DETACH DELETE n")
        finally:
            driver.close()
    finally:
        srv.close()
    b_rows, r_rows = batched.nodes + batched.edges, rowwise.nodes + rowwise.edges
    return {"batched_rows": b_rows, "batched_s": bt, "batched_batches": batched.batches,
            "batched_rows_per_s": b_rows / bt, "rowwise_rows": r_rows, "rowwise_s": rt,
            "rowwise_rows_per_s": r_rows / rt, "server": batched.server, "start_s": started,
            "batched_cpu_s": {"client": b_client, "server": b_server},
            "rowwise_cpu_s": {"client": r_client, "server": r_server}}


def measure_push_neo4j(graph_json: Path, plan, res, subgraph) -> None:
    """push_batched_over_rowwise_neo4j and push_rows_per_s_neo4j, beside the FalkorDB figures."""
    info = push_neo4j(graph_json, plan.rowwise_rows, subgraph)
    if info["server"] != "neo4j":
        raise RuntimeError(f"the launcher's server answered as {info['server']!r}, not Neo4j")
    ratio = info["batched_rows_per_s"] / info["rowwise_rows_per_s"]
    res.add("push_batched_over_rowwise_neo4j", round(ratio, 1),
            f"Neo4j Community 5.26 (tests/neo4j-launcher, 127.0.0.1, uniqueness constraints on, started in "
            f"{info['start_s']:.0f} s): batched {info['batched_rows']:,} rows in {info['batched_batches']:,} "
            f"transactions, {info['batched_s']:.1f} s; one row per transaction {info['rowwise_rows']:,} rows, "
            f"{info['rowwise_s']:.1f} s" + (" (row count scaled down by --quick)" if plan.quick else "")
            + f"; CPU batched client {info['batched_cpu_s']['client']:.1f} s + server "
            f"{info['batched_cpu_s']['server']:.1f} s, row-wise {info['rowwise_cpu_s']['client']:.1f} s + "
            f"{info['rowwise_cpu_s']['server']:.1f} s")
    res.add("push_rows_per_s_neo4j", round(info["batched_rows_per_s"]), "batched, same run", "{:,.0f}")
    res.add("push_rowwise_rows_per_s_neo4j", round(info["rowwise_rows_per_s"]), "same run", "{:,.0f}")
    res.figures["push_neo4j_cpu_s"] = {k: {w: round(v, 2) for w, v in info[f"{k}_cpu_s"].items()}
                                       for k in ("batched", "rowwise")}


if __name__ == "__main__":  # PYTHONPATH=. python3 bench/neo4j_push.py GRAPH_JSON [ROWWISE_ROWS [BATCH_SIZE]]
    import json

    sys.path.insert(0, str(ROOT))
    from bench.run import _rows_subgraph

    if len(sys.argv) < 2 or sys.argv[1] in ("-h", "--help"):
        sys.exit("usage: bench/neo4j_push.py GRAPH_JSON [ROWWISE_ROWS (2000)] [BATCH_SIZE (2000)]")
    args = [Path(sys.argv[1]), *(int(a) for a in sys.argv[2:4])]
    load = os.getloadavg()[0]
    out = push_neo4j(args[0], args[1] if len(args) > 1 else 2000, _rows_subgraph, *args[2:])
    out["ratio"] = out["batched_rows_per_s"] / out["rowwise_rows_per_s"]
    print(json.dumps({**out, "load_start": load, "load_end": os.getloadavg()[0]}))
