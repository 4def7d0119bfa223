"""Architecture rules that keep the codebase readable: layering, CLI docs, data-file vocabularies."""
from __future__ import annotations

import ast
import re
from pathlib import Path

from click.testing import CliRunner

from graph.cli import cli

ROOT = Path(__file__).resolve().parent.parent


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(a.name.split(".")[0] for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
    return names


def test_graph_never_imports_loaders_except_the_cli():
    offenders = [
        p.relative_to(ROOT).as_posix()
        for p in sorted((ROOT / "graph").rglob("*.py"))
        if p.name != "cli.py" and "loaders" in _imports(p)
    ]
    assert offenders == []


def test_every_command_has_help_with_an_example_and_is_in_the_readme():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    runner = CliRunner()
    assert cli.commands, "no commands registered"
    for name in sorted(cli.commands):
        result = runner.invoke(cli, [name, "--help"])
        assert result.exit_code == 0, (name, result.output)
        assert "Example" in result.output, f"`chaingraph {name} --help` has no example"
        assert f"chaingraph {name}" in readme, f"README does not document `chaingraph {name}`"


def test_readme_starts_with_the_two_commands_that_ci_runs():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```(?:sh|bash|console)?\n(.*?)```", readme, flags=re.S)
    assert len(blocks) >= 2
    first, second = blocks[0].strip(), blocks[1].strip()
    assert "chaingraph build seeds/" in first
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert second in ci, "the README's test command is not what .ci/run runs"


def test_no_cypher_is_built_by_string_formatting_in_python():
    # Cypher lives in cypher/*.cypher; Python code must not assemble queries from text.
    pattern = re.compile(r"""f["'][^"']*\b(MATCH|MERGE|CREATE|UNWIND)\b""")
    offenders = [
        p.relative_to(ROOT).as_posix()
        for folder in ("graph", "loaders")
        for p in sorted((ROOT / folder).rglob("*.py"))
        if pattern.search(p.read_text(encoding="utf-8"))
    ]
    assert offenders == []
