"""Graphs and process probes for the Cypher-engine tests (imported by tests and by conftest)."""
from __future__ import annotations

import os as _os
from pathlib import Path as _Path

from graph.model import Edge, GraphData, Node, node_id
from graph.store import to_networkx, write_graph_json

# Hostile text for the Cypher engines: quotes, backticks, braces, a comment, a Cypher
# clause, markup, control characters and an RTL override.  No single quote and nothing
# long here, because FalkorDB's experimental Bolt listener (the Bolt test server) fails
# on those; `hostile_records` below adds them for the embedded engine.
CYPHER_HOSTILE = 'X"}) DETACH DELETE n //`rm`{$x}<script>alert(1)</script>\x07\x1b[2J\u202e\u200f链'


def chain_records(extra_nodes: tuple[Node, ...] = (), extra_edges: tuple[Edge, ...] = ()) -> GraphData:
    """A hand-made chain ecosystem with every node and edge type, Chinese names and hostile text."""
    def n(type_, name, aliases=(), region=None, kind=None, articles=("000_a",), mentions=1):
        return Node(id=node_id(type_, name), name=name, type=type_, aliases=tuple(aliases), region=region,
                    kind=kind, articles=tuple(articles), mentions=mentions)

    nodes = [
        n("GovernmentBody", "国家市场监督管理总局", ["市场监管总局"], mentions=3),
        n("GovernmentBody", "广州市人民政府", ["广州市"], region="广州市", mentions=4),
        n("GovernmentBody", "广州市市场监督管理局", ["广州市市场监管局"], region="广州市"),
        n("GovernmentBody", "江苏省市场监督管理局", region="江苏省", articles=("001_b",)),
        n("GovernmentBody", "苏州市市场监督管理局", region="苏州市", articles=("001_b",)),
        n("Chain", "新型储能产业链", ["新型储能"], mentions=5),
        n("Chain", "动力电池产业链", ["动力电池"]),
        n("Chain", "化妆品产业链", ["化妆品"]),
        n("Chain", "光电产业链", articles=("001_b",)),
        n("Chain", "氢能产业链", ["氢能"]),
        n("Enterprise", "宁德时代", ["宁德时代新能源科技股份有限公司"], mentions=2),
        n("Enterprise", "广汽埃安"),
        n("Enterprise", "金发科技"),
        n("Enterprise", "希音"),
        n("Enterprise", CYPHER_HOSTILE, [CYPHER_HOSTILE + "别名"]),
        n("Platform", "苏州市光电产业质量创新联合体", region="苏州市", kind="联合体", articles=("001_b",)),
        n("Platform", "广州市新型储能检测中心", region="广州市", kind="质检中心"),
        n("Platform", "穗质融", region="广州市", kind="质量金融产品"),
        n("Platform", "衡山实验室"),
        n("PolicyDocument", "质量强国建设纲要", kind="纲要"),
        n("PolicyDocument", "广州市质量强市建设实施方案", region="广州市", kind="方案"),
        n("PolicyDocument", "江苏省质量强链工作指南", region="江苏省", kind="指南", articles=("001_b",)),
    ]
    ids = {x.name: x.id for x in nodes}

    def e(type_, source, target, evidence, region=None, article="000_a", confidence=0.9):
        return Edge(source=ids[source], target=ids[target], type=type_, article=article, evidence=evidence,
                    rule=f"test_{type_.lower()}", confidence=confidence, region=region, articles=(article,),
                    evidences=(evidence,))

    edges = [
        e("LEADS", "广州市人民政府", "新型储能产业链", "广州市担负起新型储能产业链链长职责。", "广州市"),
        e("LEADS", "江苏省市场监督管理局", "光电产业链", "江苏省市场监管局牵头光电产业链质量提升。", "江苏省", "001_b"),
        e("LEADS", "宁德时代", "动力电池产业链", "宁德时代作为动力电池产业链链主。", confidence=0.8),
        e("LEADS", "广汽埃安", "新型储能产业链", "广汽埃安是新型储能产业链的龙头企业。", "广州市"),
        e("LEADS", "苏州市市场监督管理局", "苏州市光电产业质量创新联合体", "在苏州市市场监管局的牵头下组建联合体。", "苏州市", "001_b"),
        e("LEADS", "广州市市场监督管理局", "穗质融", "广州市市场监管局牵头打造穗质融。", "广州市"),
        e("LEADS", "广州市市场监督管理局", "广州市新型储能检测中心", "广州市市场监管局建设检测中心。", "广州市"),
        e("SUPPORTS", "广州市新型储能检测中心", "新型储能产业链", "检测中心服务新型储能产业链。", "广州市"),
        e("SUPPORTS", "苏州市光电产业质量创新联合体", "光电产业链", "联合体赋能光电产业链。", "苏州市", "001_b"),
        e("SUPPORTS", "穗质融", "化妆品产业链", "穗质融助力化妆品产业链。", "广州市"),
        e("SUPPORTS", "广州市市场监督管理局", "希音", "广州市市场监管局帮扶希音。", "广州市"),
        e("SUPPORTS", "衡山实验室", "动力电池产业链", CYPHER_HOSTILE),
        e("ISSUED", "国家市场监督管理总局", "质量强国建设纲要", "市场监管总局印发《质量强国建设纲要》。"),
        e("ISSUED", "广州市人民政府", "广州市质量强市建设实施方案", "广州市先后出台《广州市质量强市建设实施方案》。", "广州市"),
        e("ISSUED", "广州市市场监督管理局", "广州市质量强市建设实施方案", "与广州市市场监管局联合印发。", "广州市"),
        e("ISSUED", "江苏省市场监督管理局", "江苏省质量强链工作指南", "江苏发布《江苏省质量强链工作指南》。", "江苏省", "001_b"),
        e("COVERS", "广州市质量强市建设实施方案", "新型储能产业链", "方案聚焦新型储能产业链。", "广州市"),
        e("COVERS", "广州市质量强市建设实施方案", "化妆品产业链", "方案覆盖化妆品产业链。", "广州市"),
        e("COVERS", "江苏省质量强链工作指南", "光电产业链", "指南围绕光电产业链。", "江苏省", "001_b"),
        e("COVERS", "穗质融", "化妆品产业链", "穗质融针对化妆品产业链。", "广州市"),
        e("MEMBER_OF", "金发科技", "新型储能产业链", "金发科技是新型储能产业链链上企业。", "广州市"),
        e("MEMBER_OF", "宁德时代", "新型储能产业链", "宁德时代为新型储能产业链供应商。"),
        e("MEMBER_OF", "希音", "化妆品产业链", "希音是化妆品产业链链员。", "广州市"),
        e("MEMBER_OF", CYPHER_HOSTILE, "化妆品产业链", CYPHER_HOSTILE, "广州市"),
    ]
    return GraphData(nodes=tuple(nodes) + extra_nodes, edges=tuple(edges) + extra_edges, articles=("000_a", "001_b"))


# Text that only the embedded engine is asked to carry: single quotes, backslashes, a huge string.
LONG_HOSTILE = "'; MATCH (n) DETACH DELETE n; //\\" + "长" * 100_000


def hostile_records() -> GraphData:
    """`chain_records()` plus a platform whose name and evidence carry the long hostile text."""
    name = "O'Brien\\'s `平台`" + LONG_HOSTILE
    node = Node(id=node_id("Platform", name), name=name, type="Platform", aliases=("it's",), articles=("000_a",))
    edge = Edge(source=node.id, target=node_id("Chain", "氢能产业链"), type="SUPPORTS", article="000_a",
                evidence=LONG_HOSTILE, articles=("000_a",), evidences=(LONG_HOSTILE, "it's"))
    return chain_records((node,), (edge,))


def write_graph_dir(path: _Path, data: GraphData) -> _Path:
    """Write `data` as `<path>/graph.json` and return the directory."""
    path.mkdir(parents=True, exist_ok=True)
    write_graph_json(to_networkx(data), path / "graph.json")
    return path


def server_processes(data_dir: _Path) -> list[int]:
    """Pids of redis-server processes whose working directory is `data_dir` (the engine's .falkordb)."""
    pids = []
    target = _os.path.realpath(data_dir)
    for entry in _os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            comm = _Path(f"/proc/{entry}/comm").read_text().strip()
            cwd = _os.readlink(f"/proc/{entry}/cwd")
        except OSError:
            continue
        if comm.startswith("redis-server") and _os.path.realpath(cwd) == target:
            pids.append(int(entry))
    return pids


def tcp_listening_inodes(pid: int) -> set[str]:
    """Inodes of TCP sockets in LISTEN state that process `pid` holds open."""
    mine = set()
    for fd in _os.listdir(f"/proc/{pid}/fd"):
        try:
            link = _os.readlink(f"/proc/{pid}/fd/{fd}")
        except OSError:
            continue
        if link.startswith("socket:["):
            mine.add(link[8:-1])
    listening = set()
    for table in ("tcp", "tcp6"):
        try:
            lines = _Path(f"/proc/{pid}/net/{table}").read_text().splitlines()[1:]
        except OSError:
            continue
        for line in lines:
            cols = line.split()
            if cols[3] == "0A":  # TCP_LISTEN
                listening.add(cols[9])
    return mine & listening

