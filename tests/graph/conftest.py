"""Fixtures for tests/graph: small hand-made graphs built from graph.model records."""
from __future__ import annotations

from dataclasses import dataclass

import pytest

# === fixtures: views (eco_graph) ===
from graph.model import Edge, GraphData, Node, node_id
from graph.store import to_networkx

# Article text is untrusted: these names and sentences try to run script.
HOSTILE_TITLE = '<img src=x onerror="window.__pwned=1">质量强链指南'
HOSTILE_NAME = "<script>window.__pwned=2</script>恶意科技"
HOSTILE_EVIDENCE = '</script><!--<script>window.__pwned=3</script> 发布\u2028《<img src=x onerror="window.__pwned=4">》'


def _eco_records() -> GraphData:
    """A small ecosystem: two regions, three chains, hostile names and a hostile evidence sentence."""
    def n(type_, name, aliases=(), region=None, kind=None, articles=("000_a",), mentions=1):
        return Node(id=node_id(type_, name), name=name, type=type_, aliases=tuple(aliases), region=region,
                    kind=kind, articles=tuple(articles), mentions=mentions)

    nodes = [
        n("GovernmentBody", "广州市人民政府", ["广州市", "广州"], region="广州市", mentions=5),
        n("GovernmentBody", "广东省市场监督管理局", ["广东省市场监管局"], region="广东省", mentions=3),
        n("GovernmentBody", "陕西省市场监督管理局", ["陜西省市場監管局"], region="陕西省", articles=("001_b",)),
        n("Chain", "新型储能产业链", ["新型儲能產業鏈", "新型储能"], mentions=4),
        n("Chain", "化妆品产业链", ["化妆品产业", "化妆品"], mentions=2),
        n("Chain", "氢能产业链", ["氫能產業鏈"], articles=("001_b",)),
        n("Enterprise", "宁德时代", ["宁德时代新能源科技股份有限公司"], mentions=2),
        n("Enterprise", "广汽埃安"),
        n("Enterprise", HOSTILE_NAME),
        n("Platform", "穗质融", region="广州市", kind="质量金融产品"),
        n("Platform", "中山大学", ["中大"], region="广州市", kind="高校"),
        n("PolicyDocument", HOSTILE_TITLE, region="广东省", kind="指南"),
        n("PolicyDocument", "广州市质量强市建设实施方案", region="广州市", kind="方案"),
    ]
    ids = {x.name: x.id for x in nodes}

    def e(type_, source, target, evidence, region=None, article="000_a"):
        return Edge(source=ids[source], target=ids[target], type=type_, article=article, evidence=evidence,
                    rule="test", confidence=0.9, region=region, articles=(article,), evidences=(evidence,))

    edges = [
        e("ISSUED", "广州市人民政府", "广州市质量强市建设实施方案", "广州市先后出台《广州市质量强市建设实施方案》。", "广州市"),
        e("LEADS", "广州市人民政府", "新型储能产业链", "广州市担负起新型储能产业链链长职责。", "广州市"),
        e("SUPPORTS", "广州市人民政府", "新型储能产业链", "广州市扶持新型储能产业。", "广州市"),
        e("LEADS", "宁德时代", "新型储能产业链", "宁德时代作为新型储能产业链链主。"),
        e("MEMBER_OF", "广汽埃安", "新型储能产业链", "广汽埃安是链上企业。"),
        e("SUPPORTS", "穗质融", "新型储能产业链", "穗质融赋能新型储能产业链。", "广州市"),
        e("LEADS", "广州市人民政府", "穗质融", "在广州市的牵头下打造穗质融。", "广州市"),
        e("SUPPORTS", "中山大学", "化妆品产业链", "中山大学服务化妆品产业链。"),
        e("ISSUED", "广东省市场监督管理局", HOSTILE_TITLE, HOSTILE_EVIDENCE, "广东省"),
        e("COVERS", HOSTILE_TITLE, "化妆品产业链", "指南聚焦化妆品产业链。", "广东省"),
        e("MEMBER_OF", HOSTILE_NAME, "化妆品产业链", HOSTILE_EVIDENCE),
        e("LEADS", "陕西省市场监督管理局", "氢能产业链", "陜西省市場監管局牽頭氫能產業鏈。", "陕西省", "001_b"),
    ]
    return GraphData(nodes=tuple(nodes), edges=tuple(edges), articles=("000_a", "001_b"))


@pytest.fixture()
def eco_graph():
    """A fresh MultiDiGraph of the small hand-made ecosystem (tests may modify it)."""
    return to_networkx(_eco_records())


@dataclass(frozen=True)
class Hostile:
    """The hostile strings `eco_graph` contains."""

    title: str = HOSTILE_TITLE  # a PolicyDocument name
    name: str = HOSTILE_NAME  # an Enterprise name
    evidence: str = HOSTILE_EVIDENCE  # evidence of two edges


@pytest.fixture()
def hostile() -> Hostile:
    return Hostile()


# === fixtures: engines (chain_graph, embedded engine) ===
from engine_helpers import chain_records, write_graph_dir  # noqa: E402


@pytest.fixture(scope="module")
def chain_graph_dir(tmp_path_factory):
    """A build directory holding graph.json of `chain_records()` (one per test module)."""
    return write_graph_dir(tmp_path_factory.mktemp("chain_graph"), chain_records())


@pytest.fixture(scope="module")
def chain_engine(chain_graph_dir):
    """One embedded FalkorDB engine on `chain_graph_dir`, shared by a module's read-only tests."""
    from graph.engine import EmbeddedEngine

    with EmbeddedEngine(chain_graph_dir) as eng:
        yield eng
