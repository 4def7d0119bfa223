"""`chaingraph query` end to end: formats, parameters, read-only, and no server left behind."""
from __future__ import annotations

import csv
import io
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from graph.cli import cli
from graph.model import Edge, GraphData, Node, node_id
from graph.store import to_networkx, write_graph_json

pytestmark = pytest.mark.server

SLOW_QUERY = "UNWIND range(1, 400000000) AS x RETURN count(x) AS n"


def _graph_dir(path: Path) -> Path:
    nodes = (
        Node(id=node_id("GovernmentBody", "广州市人民政府"), name="广州市人民政府", type="GovernmentBody", region="广州市"),
        Node(id=node_id("Chain", "新型储能产业链"), name="新型储能产业链", type="Chain", aliases=("新型储能",)),
        Node(id=node_id("Enterprise", "=HYPERLINK(1)"), name="=HYPERLINK(1)", type="Enterprise"),
    )
    edges = (
        Edge(source=nodes[0].id, target=nodes[1].id, type="LEADS", article="000_a", evidence="@SUM(A1) 链长",
             region="广州市", articles=("000_a",), evidences=("@SUM(A1) 链长",)),
        Edge(source=nodes[2].id, target=nodes[1].id, type="MEMBER_OF", article="000_a", evidence="-1+1 链员",
             articles=("000_a",), evidences=("-1+1 链员",)),
    )
    path.mkdir(parents=True, exist_ok=True)
    write_graph_json(to_networkx(GraphData(nodes=nodes, edges=edges)), path / "graph.json")
    return path


@pytest.fixture(scope="module")
def gdir(tmp_path_factory) -> Path:
    return _graph_dir(tmp_path_factory.mktemp("cli_query"))


def _servers(data_dir: Path) -> list[int]:
    sys.path.insert(0, str(Path(__file__).parent / "graph"))
    from engine_helpers import server_processes

    return server_processes(data_dir)


def run(*args: str):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def test_json_rows_with_nodes_and_relationships_as_property_maps(gdir):
    res = run("query", "--graph", str(gdir), "--format", "json",
              "MATCH (g)-[r:LEADS]->(c) RETURN g, r, c.name AS chain ORDER BY chain")
    assert res.exit_code == 0, res.output
    rows = json.loads(res.stdout)
    assert rows == [{
        "chain": "新型储能产业链",
        "g": {"_label": "GovernmentBody", "id": "GovernmentBody:广州市人民政府", "name": "广州市人民政府",
              "type": "GovernmentBody", "region": "广州市", "aliases": [], "articles": [], "mentions": 0},
        "r": {"_type": "LEADS", "type": "LEADS", "article": "000_a", "evidence": "@SUM(A1) 链长", "rule": "",
              "confidence": 1.0, "region": "广州市", "articles": ["000_a"], "evidences": ["@SUM(A1) 链长"]},
    }]


def test_named_query_with_params_and_csv_neutralizes_formulas(gdir):
    res = run("query", "--graph", str(gdir), "--name", "chain_members", "--param", "chain=新型储能", "--format", "csv")
    assert res.exit_code == 0, res.output
    assert list(csv.reader(io.StringIO(res.stdout))) == [["member", "evidence"], ["'=HYPERLINK(1)", "'-1+1 链员"]]
    res = run("query", "--graph", str(gdir), "--name", "chain_leaders", "--param", "chain=新型储能产业链",
              "--format", "csv")
    assert "'@SUM(A1) 链长" in res.stdout


def test_param_values_are_json_when_they_parse_else_text(gdir):
    res = run("query", "--graph", str(gdir), "--format", "json", "--param", "n=3", "--param", 'l=["a",1]',
              "--param", "s=广州", "--param", "t=true", "--param", "x={bad",
              "RETURN $n + 1 AS n, size($l) AS l, $s AS s, $t AS t, $x AS x")
    assert json.loads(res.stdout) == [{"n": 4, "l": 2, "s": "广州", "t": True, "x": "{bad"}]


def test_table_output_and_list(gdir):
    res = run("query", "--graph", str(gdir), "--name", "node_counts")
    assert res.exit_code == 0
    assert res.stdout.splitlines()[0].split() == ["label", "nodes"] and "(3 rows)" in res.stdout
    listing = run("query", "--list").stdout
    import cypher

    for name in cypher.names():
        assert f"\n{name}\n" in f"\n{listing}" and cypher.load(name).params_doc in listing


def test_usage_errors(gdir):
    assert run("query", "--graph", str(gdir)).exit_code == 2
    assert run("query", "--graph", str(gdir), "--name", "nope").exit_code == 2
    res = run("query", "--graph", str(gdir), "--name", "chain_leaders")
    assert res.exit_code == 2 and "--param chain=" in res.stderr  # a missing parameter is a usage error


def test_write_without_flag_is_refused_with_write_it_is_kept_and_graph_json_untouched(tmp_path):
    g = _graph_dir(tmp_path / "w")
    before = (g / "graph.json").read_bytes()
    res = run("query", "--graph", str(g), "MATCH (n) DETACH DELETE n")
    assert res.exit_code == 1 and "--write" in res.stderr and res.stdout == ""
    assert "3" in run("query", "--graph", str(g), "--format", "csv", "MATCH (n) RETURN count(n) AS c").stdout
    assert run("query", "--graph", str(g), "--write", "MATCH (c:Chain) SET c.note = $v", "--param", "v=x").exit_code == 0
    out = run("query", "--graph", str(g), "--format", "json", "MATCH (c:Chain) RETURN c.note AS note")
    assert json.loads(out.stdout) == [{"note": "x"}] and "loaded" not in out.stderr
    assert (g / "graph.json").read_bytes() == before


def _cli(*args: str, **kw) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "graph.cli", *args], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, **kw)


def _wait_for_server(data_dir: Path, timeout: float = 30) -> list[int]:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        pids = _servers(data_dir)
        if pids:
            return pids
        time.sleep(0.05)
    raise AssertionError("the embedded server never started")


def _wait_gone(pids: list[int], timeout: float = 10) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if not any(Path(f"/proc/{p}").exists() and "Z" not in _state(p) for p in pids):
            return True
        time.sleep(0.05)
    return False


def _state(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/stat").read_text().split(")")[-1].split()[0]
    except OSError:
        return "Z"


def test_no_server_left_after_the_command_and_reload_only_when_changed(tmp_path):
    g = _graph_dir(tmp_path / "p")
    p = _cli("query", "--graph", str(g), "MATCH (n) RETURN count(n) AS c")
    out, err = p.communicate(timeout=60)
    assert p.returncode == 0 and "loaded" in err, err
    assert _servers(g / ".falkordb") == []
    p = _cli("query", "--graph", str(g), "MATCH (n) RETURN count(n) AS c")
    assert p.communicate(timeout=60)[1] == "" and p.returncode == 0


@pytest.mark.slow
@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM, signal.SIGKILL])
def test_no_server_left_after_a_signal_and_the_next_run_recovers(tmp_path, sig):
    g = _graph_dir(tmp_path / "s")
    p = _cli("query", "--graph", str(g), SLOW_QUERY)
    pids = _wait_for_server(g / ".falkordb")
    time.sleep(0.5)  # let the query start
    p.send_signal(sig)
    out, err = p.communicate(timeout=60)
    assert p.returncode != 0, (out, err)
    assert _wait_gone(pids, timeout=30), f"server {pids} outlived the command after {sig!r}"
    res = run("query", "--graph", str(g), "--format", "csv", "MATCH (n) RETURN count(n) AS c")
    assert res.exit_code == 0 and res.stdout.splitlines() == ["c", "3"], (res.output, err)


@pytest.mark.slow
def test_concurrent_queries_on_one_graph_wait_for_each_other(tmp_path):
    g = _graph_dir(tmp_path / "c")
    procs = [_cli("query", "--graph", str(g), "--format", "csv", "MATCH (n) RETURN count(n) AS c") for _ in range(3)]
    outs = [p.communicate(timeout=120) for p in procs]
    assert [p.returncode for p in procs] == [0, 0, 0], outs
    assert [o[0] for o in outs] == ["c\n3\n"] * 3
    assert sum("loaded" in o[1] for o in outs) == 1  # exactly one of them loaded graph.json
    assert _servers(g / ".falkordb") == []


def test_named_query_names_are_resolved_like_view_any_alias_or_script(gdir):
    res = run("query", "--graph", str(gdir), "--name", "chain_leaders", "--param", "chain=新型儲能", "--format", "json")
    assert res.exit_code == 0, res.output
    assert [r["leader"] for r in json.loads(res.stdout)] == ["广州市人民政府"]
    assert "chain='新型儲能' is '新型储能产业链' in the graph" in res.stderr
    res = run("query", "--graph", str(gdir), "--name", "region_ecosystem", "--param", "region=廣州", "--format", "csv")
    assert res.exit_code == 0 and len(res.stdout.splitlines()) == 2, res.output  # 广州市: the LEADS edge
    res = run("query", "--graph", str(gdir), "--name", "edge_evidence", "--param", "source=广州市人民政府",
              "--param", "target=新型儲能產業鏈", "--format", "json")
    assert [r["relation"] for r in json.loads(res.stdout)] == ["LEADS"]


def test_named_query_with_an_unknown_name_says_so_with_close_matches(gdir):
    res = run("query", "--graph", str(gdir), "--name", "chain_members", "--param", "chain=新型储存")
    assert res.exit_code == 1 and res.stdout == ""
    assert res.stderr.splitlines() == [
        "chaingraph: no chain named '新型储存' in the graph; close matches: 新型储能产业链"]


def test_unknown_name_suggests_the_named_query_and_exits_2(gdir):
    res = run("query", "--graph", str(gdir), "--name", "chain_leader")
    assert res.exit_code == 2 and res.stderr.splitlines() == [
        "chaingraph: no named query 'chain_leader'; did you mean chain_leaders? (see `chaingraph query --list`)"]


def test_label_typo_in_an_ad_hoc_query_gets_a_hint_and_the_real_labels_none(gdir):
    res = run("query", "--graph", str(gdir), "MATCH (c:Chian)<-[:LEDS]-(g:GovernmentBody) RETURN c.name")
    assert res.exit_code == 0 and "(0 rows)" in res.stdout
    hints = [ln for ln in res.stderr.splitlines() if "hint:" in ln]
    assert len(hints) == 2
    assert "label 'Chian' is not in the graph's schema; did you mean Chain?" in hints[0]
    assert "GovernmentBody, Chain, Enterprise, Platform, PolicyDocument" in hints[0]
    assert "relationship type 'LEDS' is not in the graph's schema; did you mean LEADS?" in hints[1]
    ok = run("query", "--graph", str(gdir), "MATCH (c:Chain {name: 'x:Foo'})<-[r:LEADS|MEMBER_OF]-(:Enterprise) "
             "RETURN count(r) AS n // (:Nope)")
    assert ok.exit_code == 0 and "hint" not in ok.stderr


def test_syntax_error_and_missing_parameter_are_one_line(gdir):
    res = run("query", "--graph", str(gdir), "MATCH (n:Chain RETURN n")
    lines = [ln for ln in res.stderr.splitlines() if "loaded" not in ln]
    assert res.exit_code == 1 and lines == [
        "chaingraph: query failed: syntax error at line 1, column 16: Invalid input 'R': expected a label, '{', "
        "a parameter or ')'"]
    res = run("query", "--graph", str(gdir), "MATCH (n {name: $who}) RETURN n")
    assert res.exit_code == 2 and res.stderr.splitlines() == ["chaingraph: the query needs --param who=..."]


def test_zero_rows_for_an_alias_or_other_script_in_an_ad_hoc_query_gets_a_hint(gdir):
    res = run("query", "--graph", str(gdir), "MATCH (c:Chain {name: '新型儲能'})<-[:LEADS]-(g) RETURN g.name")
    assert res.exit_code == 0 and "(0 rows)" in res.stdout
    assert "hint: no node is named '新型儲能', but Chain '新型储能产业链' goes by it" in res.stderr
    res = run("query", "--graph", str(gdir), "MATCH (c:Chain {name: $n}) RETURN c.name", "--param", "n=新型储能产业链")
    assert "(1 row)" in res.stdout and "hint" not in res.stderr


def test_library_messages_name_library_arguments_and_the_cli_names_its_flags(gdir):
    # the library says write=True / parameters; only the CLI speaks of --write and --param
    from graph.errors import ParameterError, ReadOnlyError
    from graph.query_run import plan_query

    with pytest.raises(ReadOnlyError) as refused:
        plan_query(text="LOAD CSV FROM 'file:///etc/passwd' AS r RETURN r", query_file=None, query_name=None,
                   params={}, write=False)
    assert "write=True allows it" in str(refused.value) and "--" not in str(refused.value)
    with pytest.raises(ParameterError) as missing:
        plan_query(text=None, query_file=None, query_name="chain_leaders", params={}, write=False)
    assert "needs parameter chain" in str(missing.value) and "--param" not in str(missing.value)
    with pytest.raises(ParameterError, match="^parameter n: the integer") as too_big:
        plan_query(text="RETURN $n", query_file=None, query_name=None, params={"n": 2**70}, write=False)
    assert "--" not in str(too_big.value)
    res = run("query", "--graph", str(gdir), "LOAD CSV FROM 'file:///etc/passwd' AS r RETURN r")
    assert res.exit_code == 1 and res.stderr.splitlines() == [
        "chaingraph: refused: loading CSV reads files or URLs, which a read-only query may not do; nothing was read "
        "(re-run with --write to allow it)"]
    res = run("query", "--graph", str(gdir), "--param", "n=" + str(2**70), "RETURN $n")
    assert res.exit_code == 2 and res.stderr.splitlines() == [
        f"chaingraph: --param n: the integer {2**70} does not fit in 64 bits"]


def test_region_ecosystem_rolls_up_the_regions_inside(tmp_path):
    # changes output: region_ecosystem matched `region` by equality, so 广东省 found nothing of 广州市
    gov = Node(id=node_id("GovernmentBody", "广州市人民政府"), name="广州市人民政府", type="GovernmentBody",
               region="广州市", region_path=("广东省", "广州市"))
    chain = Node(id=node_id("Chain", "新型储能产业链"), name="新型储能产业链", type="Chain")
    other = Node(id=node_id("Chain", "氢能产业链"), name="氢能产业链", type="Chain")
    edges = (Edge(source=gov.id, target=chain.id, type="LEADS", article="000_a", evidence="链长",
                  region="广州市", region_path=("广东省", "广州市"), articles=("000_a",), evidences=("链长",)),
             Edge(source=gov.id, target=other.id, type="COVERS", article="000_a", evidence="聚焦",
                  articles=("000_a",), evidences=("聚焦",)))
    g = tmp_path / "g"
    g.mkdir()
    write_graph_json(to_networkx(GraphData(nodes=(gov, chain, other), edges=edges)), g / "graph.json")
    rows = {}
    for region in ("广东", "广州市", "深圳市"):
        res = run("query", "--graph", str(g), "--name", "region_ecosystem", "--param", f"region={region}",
                  "--format", "json")
        rows[region] = sorted(r["target"] for r in json.loads(res.stdout)) if res.exit_code == 0 else res.exit_code
    assert rows["广东"] == rows["广州市"] == ["新型储能产业链", "氢能产业链"]  # the edge in it, the node in it
    assert rows["深圳市"] == 1  # a region the graph does not name
