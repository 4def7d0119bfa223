"""`push` / `query --neo4j` against a Bolt server that refuses the login or the database (tests/graph/bolt_stub.py)."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from graph.model import GraphData, Node, node_id
from graph.store import to_networkx, write_graph_json

from bolt_stub import NO_DATABASE, BoltStub

ROOT = Path(__file__).resolve().parents[2]
# 4.4: credentials in HELLO; 5.4: HELLO then LOGON; 5.8: LOGON and GQL-status failures (what Neo4j 5.26+ speaks)
VERSIONS = [(4, 4), (5, 4), (5, 8)]


@pytest.fixture(scope="module")
def graph_file(tmp_path_factory) -> Path:
    chain = Node(id=node_id("Chain", "氢能产业链"), name="氢能产业链", type="Chain", articles=("a",), mentions=1)
    g = to_networkx(GraphData(nodes=(chain,), edges=(), articles=("a",)))
    return write_graph_json(g, tmp_path_factory.mktemp("bolt") / "graph.json")


def _run_all(commands: dict[str, list[str]], **env: str) -> dict[str, subprocess.CompletedProcess]:
    """Run the CLI commands at the same time with NEO4J_* taken only from `env`."""
    base = {k: v for k, v in os.environ.items() if not k.startswith("NEO4J_")}
    procs = {name: subprocess.Popen([sys.executable, "-m", "graph.cli", *cmd], cwd=ROOT, text=True,
                                    stdout=subprocess.PIPE, stderr=subprocess.PIPE, env={**base, **env})
             for name, cmd in commands.items()}
    done = {}
    for name, p in procs.items():
        out, err = p.communicate(timeout=60)
        done[name] = subprocess.CompletedProcess(p.args, p.returncode, out, err)
    return done


def _commands(uri: str, graph_file: Path, *extra: str) -> dict[str, list[str]]:
    return {"push": ["push", "--graph", str(graph_file), "--neo4j", uri, "--timeout", "10", *extra],
            "query": ["query", "--neo4j", uri, "--timeout", "10", *extra, "RETURN 1"]}


@pytest.mark.parametrize("version", VERSIONS, ids=lambda v: f"bolt{v[0]}.{v[1]}")
def test_wrong_password_is_one_clear_line(graph_file, version):
    with BoltStub(version=version, auth_failure=True) as stub:
        results = _run_all(_commands(stub.uri, graph_file), NEO4J_PASSWORD="wrong-s3cret")
        received = list(stub.received)
    for name, res in results.items():
        assert res.returncode == 1, (name, res.stdout, res.stderr)
        assert res.stdout == ""
        assert res.stderr.splitlines() == [
            f"chaingraph: authentication failed at {stub.uri}: check NEO4J_USERNAME / NEO4J_PASSWORD"], name
        assert "wrong-s3cret" not in res.stderr
    # the password from the environment really reached the server, and nothing was run after the refusal
    logins = [m.fields[0] for m in received if m.name == ("HELLO" if version < (5, 1) else "LOGON")]
    assert logins and all(x["principal"] == "neo4j" and x["credentials"] == "wrong-s3cret" for x in logins)
    assert not {"BEGIN", "RUN"} & {m.name for m in received}


@pytest.mark.parametrize("version", VERSIONS, ids=lambda v: f"bolt{v[0]}.{v[1]}")
@pytest.mark.parametrize("database", ["x", None], ids=["named", "default"])
def test_missing_database_is_one_clear_line_and_nothing_is_written(graph_file, version, database):
    with BoltStub(version=version, auth_failure=False, query_failure=NO_DATABASE) as stub:
        extra = ("--database", database) if database else ()
        results = _run_all(_commands(stub.uri, graph_file, *extra), NEO4J_PASSWORD="right")
        received = list(stub.received)
    what = f"database {database!r}" if database else "the server's default database"
    for name, res in results.items():
        assert res.returncode == 1, (name, res.stdout, res.stderr)
        assert res.stdout == ""
        assert res.stderr.splitlines() == [f"chaingraph: {what} does not exist"], name
    begins = [m.fields[0] for m in received if m.name == "BEGIN"]
    assert begins and all(b.get("db") == database for b in begins)
    runs = [m.fields[0] for m in received if m.name == "RUN"]
    assert not any("MERGE" in text or "CREATE" in text for text in runs)  # push stopped before writing
    assert "COMMIT" not in [m.name for m in received]
