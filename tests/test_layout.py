"""Architecture rules that keep the codebase readable: layering, CLI docs, data-file vocabularies."""
from __future__ import annotations

import ast
import re
from pathlib import Path

from click.testing import CliRunner

from graph.cli import cli

ROOT = Path(__file__).resolve().parent.parent


def _modules_imported(path: Path, package: str | None = None) -> set[str]:
    """Every module `path` imports, as absolute dotted names (relative imports resolved, `from x import y`
    counted as both `x` and `x.y`, imports inside functions included)."""
    if package is None:
        package = ".".join(path.relative_to(ROOT).with_suffix("").parts[:-1])
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = package.split(".")[: len(package.split(".")) - node.level + 1] if node.level else []
            module = ".".join([*base, *([node.module] if node.module else [])])
            names.add(module)
            names.update(f"{module}.{a.name}" for a in node.names)
    return names


def _py_files(folder: str) -> list[Path]:
    return sorted(p for p in (ROOT / folder).rglob("*.py") if "__pycache__" not in p.parts)


# The composition roots: the only graph modules that wire loaders' stages to graph's sinks
# (the build, and the CLI, whose commands live by family in graph/cli_*.py).
COMPOSITION_ROOTS = {"graph/build.py", "graph/cli.py", *(p.relative_to(ROOT).as_posix()
                                                         for p in (ROOT / "graph").glob("cli_*.py"))}
# What loaders may use of graph: the records, the errors, the file helpers, name folding (the core).
GRAPH_CORE = {"graph", "graph.model", "graph.errors", "graph.fileio", "graph.names"}


def test_graph_never_imports_loaders_except_the_composition_roots():
    offenders = {
        p.relative_to(ROOT).as_posix(): sorted(m for m in _modules_imported(p) if m.split(".")[0] == "loaders")
        for p in _py_files("graph") if p.relative_to(ROOT).as_posix() not in COMPOSITION_ROOTS
    }
    assert {k: v for k, v in offenders.items() if v} == {}


def test_loaders_import_only_the_core_of_graph():
    offenders = {
        p.relative_to(ROOT).as_posix(): sorted(m for m in _modules_imported(p)
                                               if m.split(".")[0] == "graph" and m not in GRAPH_CORE
                                               and m.rsplit(".", 1)[0] not in GRAPH_CORE - {"graph"})
        for p in _py_files("loaders")
    }
    assert {k: v for k, v in offenders.items() if v} == {}


def test_the_import_checks_see_relative_and_nested_imports(tmp_path):
    # the checks above are only as good as _modules_imported: it must see every form of import
    fake = tmp_path / "probe.py"
    fake.write_text("from ..pipeline import x\nfrom . import context\ndef f():\n    import graph.view\n"
                    "    from graph import store\n", encoding="utf-8")
    found = _modules_imported(fake, package="loaders.entities")
    assert {"loaders.pipeline", "loaders.pipeline.x", "loaders.entities.context", "graph.view",
            "graph.store"} <= found


MAX_MODULE_LINES = 450
MAX_FUNCTION_LINES = 80


def _long_functions(path: Path, limit: int = MAX_FUNCTION_LINES) -> list[str]:
    """`name:first-last` of every function of `path` (methods and nested ones too) longer than `limit` lines."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return [f"{node.name}:{node.lineno}-{node.end_lineno}" for node in ast.walk(tree)
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef))
            and node.end_lineno - node.lineno + 1 > limit]


def test_no_module_in_graph_or_loaders_is_over_450_lines():
    sizes = {p.relative_to(ROOT).as_posix(): n for folder in ("graph", "loaders") for p in _py_files(folder)
             if (n := len(p.read_text(encoding="utf-8").splitlines())) > MAX_MODULE_LINES}
    assert sizes == {}


def test_no_function_in_graph_or_loaders_is_over_80_lines():
    offenders = {p.relative_to(ROOT).as_posix(): hits for folder in ("graph", "loaders") for p in _py_files(folder)
                 if (hits := _long_functions(p))}
    assert offenders == {}


def test_the_function_length_check_sees_methods_and_nested_functions(tmp_path):
    probe = tmp_path / "probe.py"
    lines = lambda indent: "".join(f"{indent}x{i} = {i}\n" for i in range(80))  # noqa: E731
    probe.write_text("def short():\n    pass\n\n\nclass C:\n    def long(self):\n" + lines(" " * 8)
                     + "\n\ndef outer():\n    def inner():\n" + lines(" " * 8), encoding="utf-8")
    assert sorted(hit.split(":")[0] for hit in _long_functions(probe)) == ["inner", "long", "outer"]


def test_every_command_has_help_with_an_example_and_is_in_the_readme():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    runner = CliRunner()
    assert cli.commands, "no commands registered"
    for name in sorted(cli.commands):
        result = runner.invoke(cli, [name, "--help"])
        assert result.exit_code == 0, (name, result.output)
        assert "Example" in result.output, f"`chaingraph {name} --help` has no example"
        assert f"chaingraph {name}" in readme, f"README does not document `chaingraph {name}`"


def _development_section() -> str:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    return readme.split("## Development", 1)[1].split("\n## ", 1)[0]


def test_the_readme_development_table_matches_the_files():
    section = _development_section()
    rows = [ln for ln in section.splitlines() if ln.startswith("| `")]
    named = {tok for row in rows for tok in re.findall(r"`([^`]+)`", row.split(" | ")[0])}
    assert named, "no development table"
    missing = [tok for tok in sorted(named) if not any((ROOT / base / tok).exists() for base in
                                                      ("", "graph", "loaders", "graph/assets"))]
    assert missing == [], "the README's development table names files that do not exist"
    modules = [p for folder in ("graph", "loaders") for p in (ROOT / folder).glob("*.py") if p.name != "__init__.py"]
    unnamed = sorted(p.relative_to(ROOT).as_posix() for p in modules
                     if p.relative_to(ROOT).as_posix() not in named and p.name not in named)
    assert unnamed == [], "modules the README's development table does not name"


def test_the_readme_says_where_to_add_each_kind_of_thing():
    section = _development_section()
    for what in ("an entity type", "a trigger", "a rule", "a sink", "a statistical component"):
        row = next((ln for ln in section.splitlines() if ln.startswith(f"| {what} |")), None)
        assert row is not None, f"the README does not say where to add {what}"
        for path in re.findall(r"`([\w./]+\.(?:py|json|tsv))`", row):
            assert (ROOT / path).exists() or path.startswith("/"), (what, path)


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


# A Cypher statement: a reading or writing clause followed by what only a statement has.
CYPHER_STATEMENT = re.compile(
    r"\b(?:OPTIONAL\s+)?MATCH\s*\(|\bMERGE\s*\(|\bCREATE\s*\(|\bCREATE\s+(?:CONSTRAINT|INDEX)\b"
    r"|\bUNWIND\s+\$|\bDETACH\s+DELETE\b|\bLOAD\s+CSV\b|\bCALL\s+\w+\.\w+|\bRETURN\s+\w+\s*\(")


def _cypher_literals(path: Path) -> list[tuple[int, str]]:
    """String literals of `path` (f-string parts included, docstrings left out) that hold a Cypher statement."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docstrings = {id(node.body[0].value) for node in ast.walk(tree)
                  if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef))
                  and node.body and isinstance(node.body[0], ast.Expr) and isinstance(node.body[0].value, ast.Constant)}
    return [(node.lineno, node.value) for node in ast.walk(tree)
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docstrings
            and CYPHER_STATEMENT.search(node.value)]


def test_no_cypher_statement_is_written_outside_cypher_folder():
    offenders = {p.relative_to(ROOT).as_posix(): hits for folder in ("graph", "loaders") for p in _py_files(folder)
                 if (hits := _cypher_literals(p))}
    assert offenders == {}


def test_the_cypher_check_sees_plain_and_formatted_literals(tmp_path):
    probe = tmp_path / "probe.py"
    probe.write_text('"""MATCH (n) in a docstring is prose."""\n'
                     'a = "MATCH (n) RETURN count(n)"\nb = f"UNWIND $rows AS r MERGE (n:{label})"\n'
                     'c = "batched MERGE of rows"\n', encoding="utf-8")
    assert [line for line, _ in _cypher_literals(probe)] == [2, 3]
