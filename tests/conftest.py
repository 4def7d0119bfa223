"""Shared fixtures: paths to the project's data, the seed gold, a built seed graph."""
from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
GOLD = ROOT / "tests" / "gold"
SHARED = ROOT.parent / "shared"
ARTIFACTS = ROOT / "tests" / "artifacts"


@pytest.fixture(scope="session")
def seeds_dir() -> Path:
    return SEEDS


@pytest.fixture(scope="session")
def gold_dir() -> Path:
    return GOLD


@pytest.fixture(scope="session")
def artifacts_dir() -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    return ARTIFACTS


@pytest.fixture(scope="session")
def seed_graph_dir(tmp_path_factory) -> Path:
    """`seeds/` built once (library `build`, no cache) into a tmp dir; holds graph.json and graph.graphml."""
    from graph.build import build

    out = tmp_path_factory.mktemp("seed_graph")
    result = build([SEEDS], out, cache=False)
    assert result.articles_failed == 0, result.failures
    return out


# === fixtures: report (analytics) ===
REPORT_HOSTILE = '<script>alert("x")</script>|*平台*'
REPORT_FORMULA = '=cmd|"/c calc"!A1'


def report_graph_data():
    """A hand-made ecosystem with known gaps (see tests/graph/test_report.py for what each chain lacks)."""
    from graph.model import Edge, GraphData, Node, node_id

    def n(type_, name, region=None, articles=("a1", "a2")):
        return Node(id=node_id(type_, name), name=name, type=type_, region=region, articles=tuple(articles),
                    mentions=len(articles))

    nodes = [
        n("GovernmentBody", "广州市人民政府", "广州市"), n("GovernmentBody", "江苏省市场监督管理局", "江苏省"),
        n("GovernmentBody", "国家市场监督管理总局"),
        n("Chain", "新型储能产业链"), n("Chain", "化妆品产业链", "广州市"), n("Chain", "氢能产业链"),
        n("Chain", "动力电池产业链"),
        n("Enterprise", "宁德时代", "福建省"), n("Enterprise", "美的集团", "佛山市"),
        n("Enterprise", "希音", "广州市", ("a2",)), n("Enterprise", "金发科技", "广州市"),
        n("Enterprise", REPORT_FORMULA, articles=("a3",)),
        n("Platform", "衡山实验室", "广州市"), n("Platform", "穗质融", "广州市"),
        n("Platform", REPORT_HOSTILE, articles=("a3",)),
        n("PolicyDocument", "广州市质量强市建设实施方案", "广州市"), n("PolicyDocument", "江苏省质量强链工作指南", "江苏省"),
    ]
    types = {x.name: x.type for x in nodes}

    def e(src, type_, dst, region=None, article="a1"):
        return Edge(source=node_id(types[src], src), target=node_id(types[dst], dst), type=type_,
                    article=article, evidence=f"{src}{type_}{dst}", region=region, articles=(article,),
                    evidences=(f"{src}{type_}{dst}",))

    edges = [
        # 新型储能产业链: has every role
        e("广州市人民政府", "LEADS", "新型储能产业链", "广州市"), e("宁德时代", "LEADS", "新型储能产业链", "广东省"),
        e("金发科技", "MEMBER_OF", "新型储能产业链"), e("衡山实验室", "SUPPORTS", "新型储能产业链"),
        e("广州市质量强市建设实施方案", "COVERS", "新型储能产业链", article="a2"),
        e("广州市人民政府", "ISSUED", "广州市质量强市建设实施方案"), e("宁德时代", "LEADS", "衡山实验室"),
        # 化妆品产业链: no covering document
        e("希音", "LEADS", "化妆品产业链", "广州市", "a2"), e("穗质融", "SUPPORTS", "化妆品产业链"),
        # 氢能产业链: led and supported by bodies only (no enterprise leader, no platform supporter)
        e("江苏省质量强链工作指南", "COVERS", "氢能产业链", "江苏省"), e("江苏省市场监督管理局", "ISSUED", "江苏省质量强链工作指南"),
        e("国家市场监督管理总局", "ISSUED", "江苏省质量强链工作指南"), e("江苏省市场监督管理局", "LEADS", "氢能产业链"),
        e("国家市场监督管理总局", "SUPPORTS", "氢能产业链"),
        # 动力电池产业链: only a member, and a platform (not a document) covering it
        e("美的集团", "MEMBER_OF", "动力电池产业链"), e(REPORT_HOSTILE, "COVERS", "动力电池产业链", article="a3"),
    ]
    return GraphData(nodes=tuple(nodes), edges=tuple(edges), articles=("a1", "a2", "a3"))


@pytest.fixture()
def report_graph():
    """`report_graph_data()` as the MultiDiGraph that graph.json holds."""
    from graph.store import to_networkx

    return to_networkx(report_graph_data())


@pytest.fixture()
def report_graph_file(tmp_path, report_graph) -> Path:
    """`report_graph` written as graph.json in a tmp dir."""
    from graph.store import write_graph_json

    return write_graph_json(report_graph, tmp_path / "graph.json")


@pytest.fixture()
def report_hostile() -> tuple[str, str]:
    """(formula-like enterprise name, script-like platform name) used in `report_graph`."""
    return REPORT_FORMULA, REPORT_HOSTILE


# === fixtures: neo4j (a real Neo4j Community server, tests/neo4j-launcher) ===
@pytest.fixture(scope="session")
def neo4j_server(tmp_path_factory):
    """ONE real Neo4j server (Bolt on 127.0.0.1, auth on) for every test marked `neo4j`.

    If it cannot start, the tests fail under CI=true (CI must run them) and are skipped elsewhere with
    the reason (e.g. no JDK or launcher not built: run `bash .ci/setup`).  Teardown stops it with
    SIGTERM and checks that the process is gone.
    """
    import os

    from neo4j_launcher import LauncherError, Neo4jServer

    srv = Neo4jServer(tmp_path_factory.mktemp("neo4j"))
    try:
        srv.start()
    except LauncherError as exc:
        srv.stop()
        if os.environ.get("CI") == "true":
            pytest.fail(f"Neo4j server for the `neo4j` tests: {exc}", pytrace=False)
        pytest.skip(f"no Neo4j server: {exc}")
    yield srv
    pid = srv.proc.pid
    code = srv.stop()
    assert code == 0, f"the Neo4j launcher exited with {code} on SIGTERM (see {srv.home}/launcher.log)"
    assert not Path(f"/proc/{pid}").exists(), "the Neo4j server process is still there"
