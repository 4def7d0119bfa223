"""Issue 6 leftovers: corrupt graph files on every reading command, hostile text in the report, one-run build.

Everything runs the real entry point (`python -m graph.cli`) or a real headless Chromium.
"""
from __future__ import annotations

import csv
import io
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from graph.model import Edge, GraphData, Node, node_id
from graph.store import read_graph, to_networkx, write_graph_json

ROOT = Path(__file__).resolve().parent.parent


def _popen(*args: str) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "graph.cli", *args], cwd=ROOT, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)


# --- 1. corrupt or truncated graph.json on query / view / report / push ----------------------------------

def _good_graph_text() -> str:
    g = to_networkx(GraphData(
        nodes=(Node(id=node_id("Chain", "氢能产业链"), name="氢能产业链", type="Chain", articles=("a",), mentions=1),
               Node(id=node_id("Enterprise", "宁德时代"), name="宁德时代", type="Enterprise", articles=("a",),
                    mentions=1)),
        edges=(Edge(source=node_id("Enterprise", "宁德时代"), target=node_id("Chain", "氢能产业链"), type="LEADS",
                    article="a", evidence="宁德时代担任氢能产业链链主。", articles=("a",),
                    evidences=("宁德时代担任氢能产业链链主。",)),),
        articles=("a",)))
    from graph.store import dumps_graph_json

    return dumps_graph_json(g)


def _truncated(*, inside_character: bool) -> bytes:
    """graph.json cut in the middle, between two characters or inside the bytes of a CJK one."""
    data = _good_graph_text().encode()
    cut = data.index("链主".encode()) + (1 if inside_character else 0)
    return data[:cut]


def _unknown_type() -> bytes:
    data = json.loads(_good_graph_text())
    data["nodes"][0]["type"] = "Alien"
    return json.dumps(data, ensure_ascii=False).encode()


# case -> (graph.json bytes or None for "a directory without graph.json", what the line must say)
CORRUPT = {
    "truncated": (lambda: _truncated(inside_character=False), r"corrupt or truncated graph\.json \(.* at line"),
    "truncated_in_character": (lambda: _truncated(inside_character=True),
                               r"corrupt or truncated graph\.json \(ends inside a UTF-8 character\)"),
    "empty": (lambda: b"", r"corrupt or truncated graph\.json"),
    "list": (lambda: b'[{"id": "Chain:x"}]', r"not a chaingraph graph\.json"),
    "unknown_type": (_unknown_type, r"node 'Chain:氢能产业链' has unknown type 'Alien'"),
    "binary": (lambda: bytes(range(256)) * 8, r"not a graph\.json file \(not UTF-8 text\)"),
    "no_graph_in_dir": (None, r"no such graph file"),
}


@pytest.mark.parametrize("case", sorted(CORRUPT))
def test_corrupt_graph_file_is_one_line_on_every_reading_command(tmp_path, case):
    make, wrong = CORRUPT[case]
    build_dir = tmp_path / "out"
    build_dir.mkdir()
    graph_file = build_dir / "graph.json"
    if make is not None:
        graph_file.write_bytes(make())
    before = graph_file.read_bytes() if graph_file.exists() else None
    arg = str(build_dir) if make is None else str(graph_file)
    commands = {
        "query": ("query", "--graph", arg, "MATCH (n) RETURN count(n)"),
        "view": ("view", "--graph", arg, "--out", str(tmp_path / "v.html")),
        "report": ("report", "--graph", arg),
        # the graph is read before any connection: the unreachable server must not be what is reported
        "push": ("push", "--graph", arg, "--neo4j", "bolt://127.0.0.1:1", "--timeout", "2"),
    }
    procs = {name: _popen(*cmd) for name, cmd in commands.items()}  # all at once: ~1 s instead of ~4
    for name, proc in procs.items():
        out, err = proc.communicate(timeout=120)
        assert proc.returncode == 1, (name, out, err)
        assert out == "", (name, out)
        lines = err.splitlines()
        assert len(lines) == 1, (name, err)
        assert lines[0].startswith(f"chaingraph: {graph_file}: "), (name, lines[0])
        assert re.search(wrong, lines[0]), (name, lines[0])
        assert "bolt://" not in lines[0] and "Traceback" not in err
    assert not (tmp_path / "v.html").exists()
    assert (graph_file.read_bytes() if graph_file.exists() else None) == before  # nothing rewrote the file
