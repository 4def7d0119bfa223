"""`push` and `query --neo4j` against a real Neo4j Community server (tests/neo4j-launcher).

One server for the whole session (`neo4j_server` in tests/conftest.py): Bolt on 127.0.0.1, auth
on with a generated password; each test starts from an empty database.  Unlike FalkorDB's Bolt
listener it binds loopback only, so no network namespace is needed.
"""
from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from collections import Counter
from pathlib import Path

import pytest

from engine_helpers import CYPHER_HOSTILE, chain_records, write_graph_dir
from graph.errors import Neo4jError, ReadOnlyError
from graph.model import Edge, Node, NODE_TYPES, node_id

pytestmark = pytest.mark.neo4j
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture()
def drv(neo4j_server):
    """A verified driver on an emptied database."""
    from graph.neo4j_store import connect

    if neo4j_server.proc.poll() is not None:  # a test killed it: restart on the same data
        neo4j_server.start()
    d = connect(neo4j_server.uri, username="neo4j", password=neo4j_server.password, timeout=10)
    d.execute_query("MATCH (n) DETACH DELETE n")
    yield d
    d.close()


def cli(*args: str, password: str | None = None):
    from click.testing import CliRunner

    from graph.cli import cli as group

    env = {"NEO4J_PASSWORD": password} if password is not None else {}
    return CliRunner().invoke(group, list(args), env=env, catch_exceptions=False)


def expected_counts(g) -> tuple[dict, dict]:
    return (dict(Counter(a["type"] for _, a in g.nodes(data=True))), dict(Counter(k for _, _, k in g.edges(keys=True))))


def dump(d) -> tuple[dict, dict]:
    """Every node's and edge's properties on the server, keyed by id / (source, type, target)."""
    from graph.neo4j_store import run_query

    nodes = run_query(d, "MATCH (n) RETURN n.id, labels(n), properties(n)").rows
    edges = run_query(d, "MATCH (a)-[r]->(b) RETURN a.id, type(r), b.id, properties(r)").rows
    return ({i: (labels, props) for i, labels, props in nodes}, {(a, t, b): p for a, t, b, p in edges})


@pytest.fixture(scope="module")
def chain_g(chain_graph_dir):
    from graph.store import read_graph

    return read_graph(chain_graph_dir)


def _fd_links(pid: int) -> list[str]:
    """What the open file descriptors of `pid` point at (fds closed meanwhile are left out)."""
    out = []
    for fd in os.listdir(f"/proc/{pid}/fd"):
        try:
            out.append(os.readlink(f"/proc/{pid}/fd/{fd}"))
        except FileNotFoundError:
            pass
    return out


def test_server_is_real_neo4j_on_loopback_only(neo4j_server, drv):
    from graph.neo4j_store import server_kind

    assert server_kind(drv) == "neo4j"
    rows, _, _ = drv.execute_query("CALL dbms.components() YIELD name, versions, edition RETURN *")
    assert rows[0]["edition"] == "community" and rows[0]["versions"][0].startswith("5.26.")
    inodes = {link[8:-1] for link in _fd_links(neo4j_server.proc.pid) if link.startswith("socket:[")}
    listening = []
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        for line in Path(table).read_text().splitlines()[1:]:
            f = line.split()
            if f[3] == "0A" and f[9] in inodes:  # LISTEN, owned by the server
                listening.append(f[1].rsplit(":", 1)[0])
    assert listening, "the server listens on nothing"
    loopback = {"0100007F", "0000000000000000FFFF00000100007F", "00000000000000000000000001000000"}
    assert set(listening) <= loopback, f"the server listens on a non-loopback address: {listening}"


def test_push_creates_constraints_first_and_counts_equal_graph_json(drv, chain_g, neo4j_server):
    from graph.neo4j_store import connect, counts, push

    drv.execute_query("DROP CONSTRAINT chaingraph_Chain_id IF EXISTS")
    seen: list[set] = []
    watcher = connect(neo4j_server.uri, password=neo4j_server.password)

    def on_batch(done, total):
        if done == 1:  # right after the first committed batch: every label is already constrained
            rows, _, _ = watcher.execute_query("SHOW CONSTRAINTS YIELD type, labelsOrTypes, properties")
            seen.append({r["labelsOrTypes"][0] for r in rows if r["type"] == "UNIQUENESS" and r["properties"] == ["id"]})

    try:
        stats = push(chain_g, drv, batch_size=3, progress=on_batch)
    finally:
        watcher.close()
    assert seen == [set(NODE_TYPES)]
    assert (stats.server, stats.nodes, stats.edges) == ("neo4j", 22, 24)
    assert counts(drv) == expected_counts(chain_g)
    with pytest.raises(Exception, match="already exists"):  # the constraint is Neo4j's own, and enforced
        drv.execute_query("CREATE (:Chain {id: 'Chain:新型储能产业链'})")


def test_every_property_reads_back_equal_and_a_second_push_changes_nothing(drv, chain_g):
    from graph.engine import edge_rows, node_rows
    from graph.neo4j_store import push

    push(chain_g, drv)
    nodes, edges = dump(drv)
    want_nodes = {r["id"]: ([label], r["props"]) for label, rows in node_rows(chain_g).items() for r in rows}
    want_edges = {(r["source"], t, r["target"]): r["props"] for (t, _, _), rows in edge_rows(chain_g).items()
                  for r in rows}
    assert nodes == want_nodes and edges == want_edges
    assert any(p.get("region") for _, p in nodes.values()) and any(p.get("evidences") for p in edges.values())
    hostile = [p for _, p in nodes.values() if p["name"] == CYPHER_HOSTILE]
    assert hostile and hostile[0]["aliases"] == [CYPHER_HOSTILE + "别名"]
    push(chain_g, drv, batch_size=1)
    assert dump(drv) == (nodes, edges)


def test_one_more_article_adds_only_its_nodes_and_edges(drv, chain_g, tmp_path):
    from graph.neo4j_store import push
    from graph.store import read_graph

    push(chain_g, drv)
    before_nodes, before_edges = dump(drv)
    body = Node(id=node_id("GovernmentBody", "深圳市人民政府"), name="深圳市人民政府", type="GovernmentBody",
                region="深圳市", articles=("002_c",))
    chain = Node(id=node_id("Chain", "低空经济产业链"), name="低空经济产业链", type="Chain", articles=("002_c",))
    lead = Edge(source=body.id, target=chain.id, type="LEADS", article="002_c", evidence="深圳市牵头低空经济产业链。",
                region="深圳市", articles=("002_c",), evidences=("深圳市牵头低空经济产业链。",))
    bigger = read_graph(write_graph_dir(tmp_path / "more", chain_records((body, chain), (lead,))))
    push(bigger, drv)
    after_nodes, after_edges = dump(drv)
    assert set(after_nodes) - set(before_nodes) == {body.id, chain.id}
    assert set(after_edges) - set(before_edges) == {(body.id, "LEADS", chain.id)}
    assert {k: after_nodes[k] for k in before_nodes} == before_nodes
    assert {k: after_edges[k] for k in before_edges} == before_edges
    assert after_edges[(body.id, "LEADS", chain.id)]["region"] == "深圳市"


def test_every_named_query_via_cli_equals_the_embedded_engine(drv, chain_g, chain_engine, neo4j_server):
    import cypher
    from graph.cypher_rows import format_result
    from graph.neo4j_store import push
    from test_cypher_library import param_sets

    push(chain_g, drv)
    checked = 0
    for name in cypher.names():
        for params in param_sets(chain_g, name):
            args = [x for k, v in params.items() for x in ("--param", f"{k}={json.dumps(v, ensure_ascii=False)}")]
            res = cli("query", "--name", name, *args, "--format", "json", "--neo4j", neo4j_server.uri,
                      password=neo4j_server.password)
            want = format_result(chain_engine.query(cypher.load(name).text, params), "json")
            if res.exit_code == 1 and " in the graph" in res.output:  # a name the graph lacks: one line, no rows to compare
                assert json.loads(want) == [] and res.output.count("\n") == 1, (name, params, res.output)
                continue
            assert res.exit_code == 0, (name, params, res.output)
            assert json.loads(res.stdout) == json.loads(want), (name, params)
            checked += 1
    assert checked >= len(cypher.names()) >= 12


def test_write_without_flag_is_refused_by_the_server(drv, chain_g, neo4j_server):
    from graph.neo4j_store import counts, push, run_query

    push(chain_g, drv)
    before = dump(drv)
    # on Neo4j no text check runs first: the server's READ access mode refuses these
    for text in ("MATCH (n) DETACH DELETE n", "CREATE (:Chain {id: 'Chain:x', name: 'x'})"):
        with pytest.raises(ReadOnlyError, match="write=True"):
            run_query(drv, text)
        res = cli("query", "--neo4j", neo4j_server.uri, text, password=neo4j_server.password)
        assert res.exit_code == 1 and res.stderr.strip().splitlines() == [
            "chaingraph: refused: this query changes the graph; nothing was changed (re-run with --write to allow it)"]
    assert dump(drv) == before
    res = cli("query", "--neo4j", neo4j_server.uri, "--write", "CREATE (:Chain {id: 'Chain:x', name: 'x'})",
              password=neo4j_server.password)
    assert res.exit_code == 0, res.output
    assert counts(drv)[0]["Chain"] == expected_counts(chain_g)[0]["Chain"] + 1


def one_line_error(res) -> str:
    lines = res.stderr.strip().splitlines()
    assert res.exit_code == 1 and len(lines) == 1 and "Traceback" not in res.output, res.output
    return lines[0]


def test_wrong_password_and_unknown_database_are_one_clear_line(neo4j_server, chain_graph_dir):
    for scheme in ("bolt", "neo4j"):
        uri = neo4j_server.uri.replace("bolt://", f"{scheme}://")
        line = one_line_error(cli("push", "--graph", str(chain_graph_dir), "--neo4j", uri, password="wrong-pass"))
        assert line == f"chaingraph: authentication failed at {uri}: check NEO4J_USERNAME / NEO4J_PASSWORD"
        line = one_line_error(cli("push", "--graph", str(chain_graph_dir), "--neo4j", uri, "--database", "nosuch",
                                  password=neo4j_server.password))
        assert line == "chaingraph: database 'nosuch' does not exist"
        line = one_line_error(cli("query", "--neo4j", uri, "--database", "nosuch", "RETURN 1 AS x",
                                  password=neo4j_server.password))
        assert line == "chaingraph: database 'nosuch' does not exist"


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_no_server_is_one_clear_line_for_bolt_and_neo4j_schemes(chain_graph_dir):
    port = _closed_port()
    for scheme in ("bolt", "neo4j"):  # neo4j:// never connected: not "lost the Bolt server"
        uri = f"{scheme}://127.0.0.1:{port}"
        line = one_line_error(cli("push", "--graph", str(chain_graph_dir), "--neo4j", uri, "--timeout", "3",
                                  password="x"))
        assert line == f"chaingraph: cannot reach the Bolt server at {uri}: connection refused (is it running?)"


def test_unreachable_host_is_one_clear_line():
    # inside a fresh network namespace (only a loopback, down) no packet can leave: the route is missing
    for uri in ("bolt://192.0.2.1:7687", "neo4j://192.0.2.1:7687"):
        proc = subprocess.run(
            ["unshare", "-n", sys.executable, "-c", "from graph.cli import main; main()", "query", "--neo4j", uri,
             "--timeout", "3", "RETURN 1"], capture_output=True, text=True, timeout=60,
            env={**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))})
        assert proc.returncode == 1 and proc.stderr.strip().splitlines() == [
            f"chaingraph: cannot reach the Bolt server at {uri}: host unreachable"], proc.stderr


def test_server_killed_mid_push_commits_whole_batches_and_a_rerun_completes(drv, chain_g, neo4j_server):
    from graph.neo4j_store import connect, counts, push

    seen = []
    fast = connect(neo4j_server.uri, password=neo4j_server.password, timeout=2)  # gives up retrying after 2 s

    def kill_after_five(done, total):
        seen.append((done, total))
        if done == 5:
            os.kill(neo4j_server.proc.pid, signal.SIGKILL)
            neo4j_server.proc.wait()

    with pytest.raises(Neo4jError, match=r"^push stopped after 5 of 46 batches were committed \(.*\); re-run"):
        try:
            push(chain_g, fast, batch_size=1, progress=kill_after_five)
        finally:
            fast.close()
    assert seen[-1] == (5, 46)
    neo4j_server.start()  # the same data directory, recovered from its transaction log
    d = connect(neo4j_server.uri, password=neo4j_server.password, timeout=10)
    try:
        nodes, edges = counts(d)
        assert sum(nodes.values()) == 5 and not edges  # five one-row batches, nothing half-written
        stats = push(chain_g, d, batch_size=10)
        assert counts(d) == expected_counts(chain_g) and stats.edges == 24
    finally:
        d.close()


PARENT = """
import subprocess, sys, time
proc = subprocess.Popen(sys.argv[1:], stdin=subprocess.PIPE, stdout=subprocess.PIPE)
print(proc.pid, proc.stdout.readline().decode().strip(), flush=True)
time.sleep(600)
"""


def test_launcher_stops_and_cleans_up_when_its_parent_dies():
    from neo4j_launcher import JVM_FLAGS, MAIN_CLASS, classpath, java

    # the parent holds the launcher's stdin pipe and is SIGKILLed: no signal reaches the launcher, only EOF
    parent = subprocess.Popen([sys.executable, "-c", PARENT, java(), *JVM_FLAGS, "-cp", classpath(), MAIN_CLASS],
                              env={**os.environ, "CHAINGRAPH_NEO4J_PASSWORD": "parent-dies-1"},
                              stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    guard = threading.Timer(180, parent.kill)  # a launcher that never starts must not hang the suite
    guard.start()
    try:
        pid_text, uri = parent.stdout.readline().split()
        pid = int(pid_text)
        assert uri.startswith("bolt://127.0.0.1:")
        data = {os.path.realpath(link) if link.startswith("/") else link for link in _fd_links(pid)}
        homes = {p[:p.index("/", p.index("chaingraph-neo4j-"))] for p in data if "/chaingraph-neo4j-" in p}
        assert len(homes) == 1, "the launcher keeps its data in one temp dir of its own"
    finally:
        guard.cancel()
        parent.kill()
        parent.wait()
    deadline = time.monotonic() + 60
    while Path(f"/proc/{pid}/cmdline").exists() and Path(f"/proc/{pid}/cmdline").read_bytes():
        assert time.monotonic() < deadline, "the launcher outlived its parent"
        time.sleep(0.2)
    assert not Path(homes.pop()).exists(), "the launcher left its temp data behind"
