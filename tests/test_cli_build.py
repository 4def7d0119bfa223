"""The build / extract / evaluate commands: output contracts, bad inputs, exit statuses."""
from __future__ import annotations

import inspect
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from graph.cli import cli
from graph.store import read_graph

ROOT = Path(__file__).resolve().parents[1]
SEED = "000_94aaf5c81d9f943d"


@pytest.fixture()
def runner() -> CliRunner:
    return CliRunner()


def _cli(*args: str, **kw) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "graph.cli", *args], capture_output=True, text=True, cwd=ROOT, **kw)


def _failure_lines(stderr: str) -> list[str]:
    return [ln for ln in stderr.splitlines() if ln.strip()]


@pytest.fixture()
def mixed_corpus(tmp_path, seeds_dir) -> Path:
    """Two good seed articles plus one bad file of each kind."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for p in sorted(seeds_dir.glob("*.txt"))[:2]:
        shutil.copy(p, corpus / p.name)
    (corpus / "empty.txt").write_bytes(b"")
    (corpus / "binary.txt").write_bytes(b"\x00\x01\x02" * 100)
    (corpus / "garbage.md").write_bytes(b"\x81\x30\xff\xfe\xfa" * 3)
    with open(corpus / "huge.txt", "wb") as fh:
        fh.truncate(50 * 1024 * 1024)
    (corpus / "notes.pdf").write_bytes(b"%PDF")  # not an article: skipped inside a folder
    return corpus


def test_build_writes_outputs_and_a_summary(runner, seeds_dir, tmp_path):
    out = tmp_path / "out"
    result = runner.invoke(cli, ["build", str(seeds_dir), "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert "5 ok, 0 failed" in result.stdout
    assert f"wrote {out / 'graph.json'}" in result.stdout and f"wrote {out / 'graph.graphml'}" in result.stdout
    g = read_graph(out)
    assert "nodes" in result.stdout and f"{g.number_of_nodes()}" in result.stdout
    again = runner.invoke(cli, ["build", str(seeds_dir), "--out", str(out)])
    assert again.exit_code == 0 and "up to date" in again.stdout
    assert "wrote" not in again.stdout and f"kept {out / 'graph.json'}" in again.stdout  # nothing was written
    quiet = runner.invoke(cli, ["build", str(seeds_dir), "--out", str(out), "--quiet", "--no-cache"])
    assert quiet.exit_code == 0 and quiet.stdout == "" and quiet.stderr == ""


def test_build_defaults_to_seeds_and_out(runner, seeds_dir, tmp_path):
    with runner.isolated_filesystem(temp_dir=tmp_path):
        shutil.copytree(seeds_dir, "seeds")
        result = runner.invoke(cli, ["build", "-q"])
        assert result.exit_code == 0, result.output
        assert sorted(read_graph("out").graph["articles"]) == sorted(p.stem for p in seeds_dir.glob("*.txt"))


def test_build_reports_each_bad_input_on_one_line_and_builds_the_rest(mixed_corpus, tmp_path):
    out = tmp_path / "out"
    proc = _cli("build", str(mixed_corpus), str(tmp_path / "missing.txt"), str(mixed_corpus / "notes.pdf"),
                "--out", str(out), "--quiet")
    assert proc.returncode == 1
    assert proc.stdout == ""
    assert "Traceback" not in proc.stderr
    assert sorted(_failure_lines(proc.stderr)) == sorted([
        f"chaingraph: {tmp_path / 'missing.txt'}: no such file or directory",
        f"chaingraph: {mixed_corpus / 'notes.pdf'}: unsupported file type '.pdf' (expected .txt, .md, .markdown, "
        ".html, .htm)",
        f"chaingraph: {mixed_corpus / 'binary.txt'}: binary file (contains NUL bytes)",
        f"chaingraph: {mixed_corpus / 'empty.txt'}: empty file",
        f"chaingraph: {mixed_corpus / 'garbage.md'}: undecodable bytes (not UTF-8, UTF-16 or a known Chinese "
        "encoding)",
        f"chaingraph: {mixed_corpus / 'huge.txt'}: file too large (50.0 MB; the limit is 20.0 MB)",
    ])
    assert len(read_graph(out).graph["articles"]) == 2


def test_directory_without_articles_is_an_error(runner, tmp_path):
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "a.pdf").write_bytes(b"%PDF")
    result = runner.invoke(cli, ["build", str(tmp_path / "docs"), "--out", str(tmp_path / "out")])
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0] == (f"chaingraph: {tmp_path / 'docs'}: no articles (.txt, .md, .markdown, "
                                             ".html, .htm) in this folder")
    assert not (tmp_path / "out" / "graph.json").exists()


def test_unreadable_file(tmp_path, seeds_dir):
    """As root, permissions do not stop reads: run the build without the DAC-override capabilities."""
    drop = ["setpriv", "--bounding-set=-dac_override,-dac_read_search", sys.executable]
    if shutil.which("setpriv") is None:
        pytest.skip("setpriv (util-linux) is not installed")
    if subprocess.run([*drop, "-c", "import graph.cli"], capture_output=True, cwd=ROOT).returncode != 0:
        pytest.skip("setpriv cannot drop capabilities here")
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    shutil.copy(seeds_dir / f"{SEED}.txt", corpus)
    secret = corpus / "secret.txt"
    secret.write_text("机密", encoding="utf-8")
    secret.chmod(0)
    if os.geteuid() != 0 and os.access(secret, os.R_OK):
        pytest.skip("this user can read a mode-000 file")
    out = tmp_path / "out"
    proc = subprocess.run([*drop, "-m", "graph.cli", "build", str(corpus), "--out", str(out), "--quiet"],
                          capture_output=True, text=True, cwd=ROOT)
    assert proc.returncode == 1
    assert _failure_lines(proc.stderr) == [f"chaingraph: {secret}: permission denied"]
    assert list(read_graph(out).graph["articles"]) == [SEED]


def test_unwritable_output_is_one_line_and_debug_shows_the_traceback(seeds_dir, tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    proc = _cli("build", str(seeds_dir), "--out", str(blocker / "out"))
    assert proc.returncode == 1
    assert proc.stderr == f"chaingraph: {blocker / 'out'}: cannot create the output folder (Not a directory)\n"
    debug = _cli("--debug", "build", str(seeds_dir), "--out", str(blocker / "out"))
    assert debug.returncode == 1 and "Traceback" in debug.stderr and "GraphFileError" in debug.stderr


@pytest.mark.parametrize("args", [["build", "--jobs", "-1"], ["build", "--bogus"], ["extract"],
                                  ["extract", "x.txt", "--format", "xml"], ["evaluate", "x.txt"]])
def test_usage_errors_exit_2(runner, args):
    result = runner.invoke(cli, args)
    assert result.exit_code == 2
    assert "Usage:" in result.stderr


@pytest.mark.slow
def test_two_jobs_from_the_command_line(seeds_dir, tmp_path):
    one = _cli("build", str(seeds_dir), "--out", str(tmp_path / "one"), "--quiet", "--jobs", "1")
    two = _cli("build", str(seeds_dir), "--out", str(tmp_path / "two"), "--quiet", "--jobs", "2")
    assert one.returncode == two.returncode == 0
    assert (tmp_path / "one" / "graph.json").read_bytes() == (tmp_path / "two" / "graph.json").read_bytes()


# --- extract ------------------------------------------------------------------------

def test_extract_json_follows_the_contract(runner, seeds_dir):
    result = runner.invoke(cli, ["extract", str(seeds_dir), "--format", "json"])
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    stems = sorted(p.stem for p in seeds_dir.glob("*.txt"))
    assert len(lines) == len(stems)
    objs = [json.loads(line) for line in lines]
    assert [o["article"] for o in objs] == stems
    for o in objs:
        assert isinstance(o["entities"], list) and isinstance(o["relations"], list)
        for e in o["entities"]:
            assert {"type", "name", "aliases"} <= set(e) and isinstance(e["aliases"], list)
        names = {e["name"] for e in o["entities"]}
        for r in o["relations"]:
            assert {"type", "source", "target", "evidence"} <= set(r)
            assert r["source"] in names and r["target"] in names


def test_extract_table_and_failures(runner, seeds_dir, tmp_path):
    (tmp_path / "empty.txt").write_bytes(b"")
    result = runner.invoke(cli, ["extract", str(seeds_dir / f"{SEED}.txt"), str(tmp_path / "empty.txt"),
                                 "--format", "table"])
    assert result.exit_code == 1
    assert result.stderr == f"chaingraph: {tmp_path / 'empty.txt'}: empty file\n"
    assert f"{SEED}: " in result.stdout and "entities" in result.stdout and "relations" in result.stdout


# --- evaluate -----------------------------------------------------------------------

def test_evaluate_json_matches_the_library(runner, seeds_dir, gold_dir):
    from loaders.evaluate import evaluate
    from loaders.pipeline import extract_paths

    result = runner.invoke(cli, ["evaluate", str(seeds_dir), "--gold", str(gold_dir), "--format", "json",
                                 "--show-errors"])
    assert result.exit_code == 0, result.output
    doc = json.loads(result.stdout)
    expected = evaluate(extract_paths([seeds_dir]).extractions, gold_dir)
    assert doc["entities"] == expected.to_json()["entities"]
    assert doc["relations"] == expected.to_json()["relations"]
    assert len(doc["errors"]) == sum(len(a.errors) for a in expected.articles)
    all_e = doc["entities"]["all"]
    assert all_e["fn"] + all_e["tp"] > 0


def test_evaluate_table_lists_types_and_errors(runner, seeds_dir, gold_dir):
    result = runner.invoke(cli, ["evaluate", str(seeds_dir / f"{SEED}.txt"), "--gold", str(gold_dir),
                                 "--show-errors"])
    assert result.exit_code == 0, result.output
    out = result.stdout
    for word in ("entities", "relations", "GovernmentBody", "Chain", "all", "F1"):
        assert word in out
    assert "001_4eb16f80512fd49f: no prediction" in out
    assert "== 001_4eb16f80512fd49f" in out and "FN entity" in out
    assert "[missing entity]" in out and "== FN" in out  # misses grouped by kind


def test_evaluate_bad_gold_folder(runner, seeds_dir, tmp_path):
    result = runner.invoke(cli, ["evaluate", str(seeds_dir), "--gold", str(tmp_path / "nope")])
    assert result.exit_code == 1
    assert result.stderr == f"chaingraph: {tmp_path / 'nope'}: gold folder not found\n"


@pytest.mark.parametrize("command", ["build", "extract", "evaluate"])
def test_help_ends_with_an_example(runner, command):
    result = runner.invoke(cli, [command, "--help"])
    assert result.exit_code == 0
    doc = inspect.cleandoc(cli.commands[command].help)
    assert doc.splitlines()[-1].startswith(f"Example: chaingraph {command} ")


def test_views_link_the_report_only_when_the_build_writes_one(runner, seeds_dir, tmp_path):
    # changes output: --no-report views used to link ../report.html, a page that was never written
    for flags, linked in (((), True), (("--no-report",), False)):
        out = tmp_path / ("with" if linked else "without")
        result = runner.invoke(cli, ["build", str(seeds_dir), "--out", str(out), "--quiet", *flags])
        assert result.exit_code == 0, result.output
        assert (out / "report.html").is_file() == linked
        pages = [out / "views" / "index.html", out / "views" / "full.html", *sorted((out / "views").glob("*/*.html"))]
        assert len(pages) > 2
        for page in pages:
            assert ("report.html" in page.read_text(encoding="utf-8")) == linked, page
