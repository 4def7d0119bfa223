"""Article text in terminal tables is data: rich markup and control characters stay literal."""
from __future__ import annotations

from graph.model import Edge, GraphData, Node
from graph.report import build_report, render_table
from graph.store import to_networkx
from graph.terminal import cell, printable

HOSTILE = "[/bold]链[red]X\u202e\x1b[2J"


def test_printable_escapes_control_and_format_characters():
    assert printable("a\x1b[2Jb\u202ec") == "a\\x1b[2Jb\\u202ec"
    assert printable("新型储能产业链") == "新型储能产业链"


def test_cell_is_never_parsed_as_markup():
    assert cell(HOSTILE).plain == printable(HOSTILE)
    assert cell(None).plain == ""


def test_report_table_shows_hostile_names_literally():
    chain = Node(id="Chain:" + HOSTILE, name=HOSTILE, type="Chain", region="[b]省")
    body = Node(id="GovernmentBody:甲市人民政府", name="甲市人民政府", type="GovernmentBody")
    g = to_networkx(GraphData(nodes=(chain, body), edges=(
        Edge(source=body.id, target=chain.id, type="LEADS", article="a", evidence=HOSTILE),)))
    text = render_table(build_report(g))
    assert "[/bold]链[red]X\\u202e\\x1b[2J" in text
    assert "\x1b" not in text and "\u202e" not in text
