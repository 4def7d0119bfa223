"""The embedded FalkorDB engine against a real server: loading, read-only, persistence, isolation."""
from __future__ import annotations

import json
import os
import socket
import stat
from collections import Counter

import pytest

from engine_helpers import (CYPHER_HOSTILE, LONG_HOSTILE, chain_records, hostile_records, server_processes,
                      tcp_listening_inodes, write_graph_dir)
from graph.engine import EmbeddedEngine
from graph.errors import GraphFileError, ReadOnlyError
from graph.store import read_graph

pytestmark = pytest.mark.server


def test_counts_per_label_and_type_equal_graph_json(chain_engine, chain_graph_dir):
    g = read_graph(chain_graph_dir)
    labels, types = chain_engine.counts()
    assert labels == dict(Counter(a["type"] for _, a in g.nodes(data=True)))
    assert types == dict(Counter(k for _, _, k in g.edges(keys=True)))
    assert sum(types.values()) == g.number_of_edges() == 24


def test_every_property_is_stored_lists_as_arrays_none_omitted(chain_engine, chain_graph_dir):
    g = read_graph(chain_graph_dir)
    rows = chain_engine.query("MATCH (n) RETURN n ORDER BY n.id").rows
    assert len(rows) == g.number_of_nodes()
    for (node,) in rows:
        attrs = g.nodes[node["id"]]
        assert node["_label"] == attrs["type"]
        expected = {k: v for k, v in attrs.items() if v is not None} | {"id": node["id"]}
        assert {k: v for k, v in node.items() if k != "_label"} == expected
    rels = chain_engine.query("MATCH (a)-[r]->(b) RETURN a.id, b.id, r").rows
    for src, dst, rel in rels:
        attrs = g.edges[src, dst, rel["_type"]]
        assert {k: v for k, v in rel.items() if k != "_type"} == {k: v for k, v in attrs.items() if v is not None}
    assert len(rels) == g.number_of_edges()


def test_write_without_write_flag_is_refused_and_changes_nothing(chain_engine):
    before = chain_engine.counts()
    for text in ("MATCH (n) DETACH DELETE n", "CREATE (:Chain {name: 'x'})", "MATCH (c:Chain) SET c.name = 'x'"):
        with pytest.raises(ReadOnlyError, match="write=True"):
            chain_engine.query(text)
    assert chain_engine.counts() == before
    assert chain_engine.query("MATCH (c:Chain {name: $n}) RETURN count(c)", {"n": "x"}).rows == ((0,),)


def test_hostile_text_is_data_in_parameters_and_properties(chain_engine):
    rows = chain_engine.query("MATCH (e:Enterprise) WHERE e.name = $name RETURN e.name, e.aliases",
                              {"name": CYPHER_HOSTILE}).rows
    assert rows == ((CYPHER_HOSTILE, [CYPHER_HOSTILE + "别名"]),)
    ev = chain_engine.query("MATCH ()-[r:SUPPORTS]->(:Chain {name: '动力电池产业链'}) RETURN r.evidence").rows
    assert ev == ((CYPHER_HOSTILE,),)
    assert chain_engine.query("RETURN $x AS x", {"x": {"k": [CYPHER_HOSTILE, 1, None]}}).rows == (
        ({"k": [CYPHER_HOSTILE, 1, None]},),)


def test_long_and_quoted_hostile_text_round_trips(tmp_path):
    data = hostile_records()
    with EmbeddedEngine(write_graph_dir(tmp_path / "h", data)) as eng:
        node = next(n for n in data.nodes if n.name.startswith("O'Brien"))
        # (not `{id: $id}`: FalkorDB's index misses string keys this long)
        rows = eng.query("MATCH (p:Platform)-[r]->(c) WHERE p.name STARTS WITH $prefix RETURN p.id, p.name, "
                         "p.aliases, r.evidence, r.evidences, c.name", {"prefix": "O'Brien"}).rows
        assert rows == ((node.id, node.name, ["it's"], LONG_HOSTILE, [LONG_HOSTILE, "it's"], "氢能产业链"),)
        labels, types = eng.counts()  # nothing was deleted by the text, the long edge is there
        assert (labels["Platform"], types["SUPPORTS"], sum(types.values())) == (5, 6, 25)


def test_server_has_no_tcp_listener_and_a_private_socket(chain_engine):
    pid = chain_engine.server_pid
    assert pid and server_processes(chain_engine.data_dir) == [pid]
    assert tcp_listening_inodes(pid) == set()
    sock_dir = chain_engine.socket_path.parent
    assert stat.S_IMODE(os.stat(sock_dir).st_mode) == 0o700
    assert stat.S_ISSOCK(os.stat(chain_engine.socket_path).st_mode)
    cmdline = open(f"/proc/{pid}/cmdline", "rb").read()
    assert b"requirepass" not in cmdline and b"--port" not in cmdline


def test_tcp_listener_check_can_see_a_listener():
    with socket.socket() as s:  # the check above must be able to fail
        s.bind(("127.0.0.1", 0))
        s.listen()
        assert tcp_listening_inodes(os.getpid())


def test_second_open_reuses_the_dump_and_a_changed_graph_is_reloaded(tmp_path):
    gdir = write_graph_dir(tmp_path / "g", chain_records())
    with EmbeddedEngine(gdir) as eng:
        assert eng.reloaded
        first = eng.counts()
    assert server_processes(gdir / ".falkordb") == []
    with EmbeddedEngine(gdir / "graph.json") as eng:
        assert not eng.reloaded
        assert eng.counts() == first
    smaller = chain_records()
    write_graph_dir(gdir, type(smaller)(nodes=smaller.nodes, edges=smaller.edges[:3]))
    with EmbeddedEngine(gdir) as eng:
        assert eng.reloaded
        assert sum(eng.counts()[1].values()) == 3
    state = json.loads((gdir / ".falkordb" / "state.json").read_text())
    assert state["modified"] is False and len(state["sha256"]) == 64


def test_write_is_persisted_beside_graph_json_which_is_not_rewritten(tmp_path):
    gdir = write_graph_dir(tmp_path / "g", chain_records())
    before = (gdir / "graph.json").read_bytes()
    with EmbeddedEngine(gdir) as eng:
        eng.query("CREATE (:Chain {id: $id, name: $name})", {"id": "Chain:新链", "name": "新链"}, write=True)
    with EmbeddedEngine(gdir) as eng:
        assert not eng.reloaded
        assert eng.query("MATCH (c:Chain {name: '新链'}) RETURN c.id").rows == (("Chain:新链",),)
    assert (gdir / "graph.json").read_bytes() == before
    assert json.loads((gdir / ".falkordb" / "state.json").read_text())["modified"] is True


def test_stale_socket_and_lock_are_recovered(tmp_path):
    gdir = write_graph_dir(tmp_path / "g", chain_records())
    data = gdir / ".falkordb"
    (data / "run").mkdir(parents=True, mode=0o700)
    stale = socket.socket(socket.AF_UNIX)
    stale.bind(str(data / "run" / "redis.sock"))  # a socket file nobody listens on
    stale.close()
    (data / "lock").write_text("999999\n")
    with EmbeddedEngine(gdir) as eng:
        assert eng.counts()[0]["Chain"] == 5


def test_corrupt_dump_is_replaced_by_a_reload(tmp_path):
    gdir = write_graph_dir(tmp_path / "g", chain_records())
    with EmbeddedEngine(gdir):
        pass
    (gdir / ".falkordb" / "graph.rdb").write_bytes(b"REDIS0011 this is not a dump")
    with EmbeddedEngine(gdir) as eng:
        assert eng.reloaded
        assert eng.counts()[0]["Chain"] == 5


def test_missing_graph_file_is_a_clear_error(tmp_path):
    with pytest.raises(GraphFileError, match="no such graph file"):
        EmbeddedEngine(tmp_path / "nope").open()


def test_relative_graph_path_works_from_any_working_directory(tmp_path, monkeypatch):
    write_graph_dir(tmp_path / "out", chain_records())
    monkeypatch.chdir(tmp_path)
    with EmbeddedEngine("out/graph.json") as eng:  # the README's Python example, as written
        assert eng.graph_file == tmp_path / "out" / "graph.json" and eng.data_dir == tmp_path / "out" / ".falkordb"
        assert eng.counts()[0]["Chain"] == 5
        monkeypatch.chdir("/")  # the server never depended on the caller's directory
        assert eng.query("MATCH (c:Chain) RETURN count(c)").rows == ((5,),)
    monkeypatch.chdir(tmp_path / "out")
    with EmbeddedEngine(".") as eng:
        assert not eng.reloaded


def test_read_only_query_refuses_load_csv_and_write_allows_file_urls(tmp_path, chain_engine):
    for text in ("LOAD CSV FROM 'file:///etc/passwd' AS r RETURN r", "load  csv from $u as r return r",
                 "MATCH (n) WITH n LIMIT 1 LOAD\nCSV FROM 'https://example.invalid/x' AS r RETURN r"):
        with pytest.raises(ReadOnlyError, match="refused: loading CSV"):
            chain_engine.query(text, {"u": "https://example.invalid/"})
    # text that only looks like it: a string, a name, a comment
    rows = chain_engine.query("RETURN 'LOAD CSV FROM x' AS `LOAD CSV`, 1 AS n // LOAD CSV").rows
    assert rows == (("LOAD CSV FROM x", 1),)


def test_store_goes_to_a_private_cache_when_the_graph_folder_is_not_writable(tmp_path, monkeypatch):
    from graph.engine_paths import store_dir

    gdir = write_graph_dir(tmp_path / "g", chain_records())
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.setattr(os, "access", lambda path, mode: not str(path).startswith(str(gdir)))  # root ignores modes
    path, beside = store_dir(gdir / "graph.json")
    assert not beside and path.parent == tmp_path / "cache" / "chaingraph" / "falkordb"
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o700 and not (gdir / ".falkordb").exists()
    assert store_dir(gdir / "graph.json") == (path, False)  # the same graph: the same store


def test_falkordb_as_a_file_is_a_clear_engine_error(tmp_path):
    from graph.errors import EngineError

    gdir = write_graph_dir(tmp_path / "g", chain_records())
    (gdir / ".falkordb").write_text("")
    with pytest.raises(EngineError, match=r"\.falkordb: exists but is not a folder"):
        EmbeddedEngine(gdir).open()
