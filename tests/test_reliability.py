"""Issue 6 leftovers: corrupt graph files on every reading command, hostile text in the report, one-run build.

CLI checks run the real entry point (`python -m graph.cli`) in a subprocess, the HTML check a real headless
Chromium.  Two queries racing on a never-loaded graph: see tests/test_cli_query.py (not repeated here).
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
from graph.store import dumps_graph_json, read_graph, to_networkx, write_graph_json

ROOT = Path(__file__).resolve().parent.parent


def _popen(*args: str) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "graph.cli", *args], cwd=ROOT, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)


def _servers(data_dir: Path) -> list[int]:
    sys.path.insert(0, str(ROOT / "tests" / "graph"))
    from engine_helpers import server_processes

    return server_processes(data_dir)


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


@pytest.mark.server  # `query` starts the embedded FalkorDB before it reads graph.json
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
    assert _servers(build_dir / ".falkordb") == []  # the query's engine did not outlive the error
    assert (graph_file.read_bytes() if graph_file.exists() else None) == before  # nothing rewrote the file


# --- 2. hostile article text in the report: HTML in a real browser, markdown, CSV ------------------------

PWN_IMG = '<img src=x onerror="window.__pwned=1">'
PWN_SCRIPT = "<script>window.__pwned=1</script>"
PWN_COMMENT = '--><img src=x onerror="window.__pwned=1"><!--'  # matplotlib writes chart labels as SVG comments
QUOTES = "it's \"quoted\" `${window.__pwned=1}` '; x"
CYPHER = "x'}) MATCH (n) DETACH DELETE n //"
RTL = "\u202eexe.txt\u202c 氢能"
CONTROL = "控制\x01\x07\x1b[31m\x7f字符"
PIPES = "a | b |\n| fake | row |"
LONG = "长" * 9_990 + "END-OF-LONG"
HOSTILE = (PWN_IMG, PWN_SCRIPT, PWN_COMMENT, QUOTES, CYPHER, RTL, CONTROL, PIPES, LONG)
FORMULAS = ("=1+1", "+SUM(A1)", "-2+3", "@cmd", " =HYPERLINK(\"x\")", "\t=cmd", "\r+1", "  @x", "\t -1")


def _hostile_graph():
    """Every hostile string as an enterprise leading and a platform supporting one shared chain."""
    chain = Node(id=node_id("Chain", "氢能产业链"), name="氢能产业链", type="Chain", articles=("a",), mentions=1)
    nodes, edges = [chain], []
    for i, text in enumerate(HOSTILE + FORMULAS):
        for type_, edge in (("Enterprise", "LEADS"), ("Platform", "SUPPORTS")):
            n = Node(id=node_id(type_, f"{i:02d}{text}"), name=text, type=type_, region=text, kind=text,
                     articles=(text,), mentions=1)
            nodes.append(n)
            edges.append(Edge(source=n.id, target=chain.id, type=edge, article=text, evidence=text, region=text,
                              articles=(text,), evidences=(text,)))
    return to_networkx(GraphData(nodes=tuple(nodes), edges=tuple(edges), articles=("a",) + HOSTILE))


@pytest.fixture(scope="module")
def hostile_report_dir(tmp_path_factory) -> Path:
    from graph.report import write_report

    out = tmp_path_factory.mktemp("hostile_report")
    g = _hostile_graph()
    write_graph_json(g, out / "graph.json")
    write_report(read_graph(out / "graph.json"), out, top=len(g))  # through the file, as `build` does
    return out


@pytest.mark.browser
def test_hostile_report_is_inert_text_in_chromium(hostile_report_dir, artifacts_dir):
    chromium = Path("/usr/bin/chromium")
    if not chromium.exists():
        pytest.skip("needs Debian chromium at /usr/bin/chromium")
    from playwright.sync_api import sync_playwright

    page_file = hostile_report_dir / "report.html"
    errors: list[str] = []
    requests: list[str] = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(chromium),
                                    args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"])
        try:
            page = browser.new_page(viewport={"width": 1400, "height": 900})
            page.on("pageerror", lambda exc: errors.append(str(exc)))
            page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
            page.on("request", lambda req: requests.append(req.url))
            page.goto(page_file.as_uri(), wait_until="load")
            page.wait_for_timeout(300)  # an onerror handler would have run by now
            page.screenshot(path=str(artifacts_dir / "report_hostile.png"))
            pwned = page.evaluate("typeof window.__pwned")
            bad_images = page.evaluate("[...document.images].filter(i => i.getAttribute('src') === 'x').length")
            scripts = page.evaluate("document.scripts.length")
            handlers = page.evaluate("document.querySelectorAll('[onerror], [onload], [onclick]').length")
            text = page.inner_text("body")
            raw_text = page.evaluate("document.body.textContent")
        finally:
            browser.close()
    assert pwned == "undefined"
    assert bad_images == 0 and scripts == 0 and handlers == 0
    for s in (PWN_IMG, PWN_SCRIPT, QUOTES, CYPHER, LONG):
        assert s in text, s[:40]
    assert RTL in raw_text and CONTROL in raw_text  # kept as characters, not markup
    assert [u for u in requests if not u.startswith(("file:", "data:"))] == []
    assert errors == []


def _unescaped_pipes(line: str) -> int:
    return len(re.findall(r"(?<!\\)\|", line))


def test_hostile_report_markdown_keeps_every_table_row_whole(hostile_report_dir):
    from graph.report import build_report, render_md

    md = render_md(build_report(read_graph(hostile_report_dir / "graph.json"), top=100))
    assert "<img" not in md and "<script" not in md and "-->" not in md
    assert "&lt;img src=x onerror=" in md and "&lt;script&gt;window.\\_\\_pwned=1&lt;/script&gt;" in md
    assert re.search(r"(?<!\\)`", md) is None  # every backtick escaped: none can open inline code
    assert "fake" in md and "| fake |" not in md  # a newline plus pipes in a name cannot add a row
    tables = 0
    for block in md.split("\n\n"):
        lines = [ln for ln in block.splitlines() if ln.startswith("|")]
        if lines:
            tables += 1
            assert len({_unescaped_pipes(ln) for ln in lines}) == 1, lines[0]
    assert tables >= 4


def test_report_csv_neutralizes_formulas_also_after_leading_blanks(hostile_report_dir):
    from graph.report import build_report, render_csv

    report = build_report(read_graph(hostile_report_dir / "graph.json"))
    rows = list(csv.reader(io.StringIO(render_csv(report), newline="")))
    header, body = rows[0], rows[1:]
    assert len(body) == len(report.rows) and {len(r) for r in body} == {len(header)}  # no row split by a CR
    names = [r[header.index("name")] for r in body]
    for f in FORMULAS:
        assert "'" + _one_newline(f) in names, repr(f)
    for row in body:
        for cell in row:
            assert not cell.lstrip(" \t\r\n")[:1] in ("=", "+", "@") or cell.startswith("'"), repr(cell)
            assert not (cell[:1] == "-" and not _is_number(cell)), repr(cell)


def test_query_csv_neutralizes_formulas_also_after_leading_blanks():
    from graph.cypher_rows import QueryResult, to_csv

    result = QueryResult(columns=("name", "n"), rows=tuple((f, -1) for f in FORMULAS + ("a\rb", "ok")))
    rows = list(csv.reader(io.StringIO(to_csv(result), newline="")))
    assert [r[0] for r in rows[1:]] == ["'" + _one_newline(f) for f in FORMULAS] + ["a\nb", "ok"]
    assert {r[1] for r in rows[1:]} == {"-1"}  # numbers are data


def _one_newline(text: str) -> str:
    """A CR in a cell comes back as a newline (the csv module quotes "\\n" but not a bare "\\r")."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _is_number(cell: str) -> bool:
    try:
        float(cell)
    except ValueError:
        return False
    return True


def test_hostile_report_from_the_cli_prints_one_line_and_no_terminal_escapes(hostile_report_dir, tmp_path):
    graph_file = str(hostile_report_dir / "graph.json")
    procs = {"html": _popen("report", "--graph", graph_file, "--format", "html", "--out", str(tmp_path / "r.html")),
             "table": _popen("report", "--graph", graph_file, "--top", "50")}
    res = {name: (p.communicate(timeout=120), p.returncode) for name, p in procs.items()}
    (out, err), status = res["html"]
    assert status == 0 and out == "" and err.splitlines() == [f"wrote {tmp_path / 'r.html'}"]  # no chart warnings
    (out, err), status = res["table"]
    assert status == 0 and err == "" and "\x1b" not in out and "END-OF-LONG" in out


# --- 5. one build run: an extremely long line, a 50 MB file and unusual extensions beside good files -----

def test_build_one_run_with_long_line_huge_file_and_odd_extensions(seeds_dir, tmp_path):
    seeds = sorted(seeds_dir.glob("*.txt"))
    corpus = tmp_path / "in"
    corpus.mkdir()
    shutil.copy(seeds[0], corpus / "good.txt")
    shutil.copy(seeds[4], corpus / "upper.TXT")  # the suffix check ignores case
    # a scraped page on one line (~300 KB): it starts with a "首页>" crumb and holds a copyright footer,
    # which must not make the cleaner drop the whole line, i.e. the whole article
    one_line = "".join(seeds[3].read_text(encoding="utf-8").split())
    filler = "".join(seeds[2].read_text(encoding="utf-8").split())
    (corpus / "oneline.txt").write_text(one_line + filler * 140 + "\n", encoding="utf-8")
    with open(corpus / "huge.txt", "wb") as fh:
        fh.truncate(50 * 1024 * 1024)
    odd = {"report.docx": b"PK\x03\x04", "setup.exe": b"MZ\x90\x00", "article.txt.exe": "质量强链".encode(),
           "README": "质量强链".encode()}
    for name, data in odd.items():
        (corpus / name).write_bytes(data)
    out = tmp_path / "out"
    named = [str(corpus / name) for name in sorted(odd)]  # named explicitly: each must be refused on its line
    proc = subprocess.run([sys.executable, "-m", "graph.cli", "build", str(corpus), *named, "--out", str(out),
                           "--quiet", "--no-views", "--no-report"], cwd=ROOT, capture_output=True, text=True,
                          timeout=300)
    assert proc.returncode == 1 and proc.stdout == "" and "Traceback" not in proc.stderr
    lines = sorted(proc.stderr.splitlines())
    expected = [f"chaingraph: {corpus / 'huge.txt'}: file too large (50.0 MB; the limit is 20.0 MB)"]
    for name in sorted(odd):
        suffix = Path(name).suffix
        expected.append(f"chaingraph: {corpus / name}: unsupported file type {suffix or '(none)'!r} "
                        "(expected .txt, .md, .markdown, .html, .htm)")
    assert lines == sorted(expected)
    g = read_graph(out)
    assert sorted(g.graph["articles"]) == ["good", "oneline", "upper"]
    per_article = {a: sum(a in attrs["articles"] for _, attrs in g.nodes(data=True)) for a in g.graph["articles"]}
    assert all(n > 0 for n in per_article.values()), per_article
