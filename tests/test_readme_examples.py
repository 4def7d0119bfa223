"""The README's "Using it" examples run as written in a fresh checkout after its first command.

The block is read from README.md (so editing an example re-tests it); each line runs through bash in
a temp folder holding `seeds/` and `tests/gold/` as a clone has them, after `chaingraph build seeds/`.
`push` goes to the real Neo4j test server instead of localhost:7687, with its credentials in the
NEO4J_* variables the README names.
"""
from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
README_URI = "neo4j://localhost:7687"


def using_it_commands() -> list[str]:
    """The shell lines of the README's "Using it" block, comments stripped."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = text.split("## Using it", 1)[1]
    block = re.search(r"```sh\n(.*?)```", section, re.S).group(1)
    lines = [re.sub(r"\s+#\s.*$", "", line).strip() for line in block.splitlines()]
    return [line for line in lines if line]


def test_the_block_is_found_and_covers_every_command():
    commands = using_it_commands()
    verbs = {c.split()[1] for c in commands}
    assert {"build", "extract", "evaluate", "query", "push", "view", "report"} <= verbs
    assert any(README_URI in c for c in commands)


@pytest.fixture(scope="module")
def checkout(tmp_path_factory) -> Path:
    """A folder laid out like a fresh clone (seeds/, tests/gold/) after the README's first command."""
    work = tmp_path_factory.mktemp("clone")
    shutil.copytree(ROOT / "seeds", work / "seeds")
    shutil.copytree(ROOT / "tests" / "gold", work / "tests" / "gold")
    done = subprocess.run(["chaingraph", "build", "seeds/"], cwd=work, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    return work


@pytest.mark.slow
@pytest.mark.server
@pytest.mark.neo4j
@pytest.mark.parametrize("command", using_it_commands())
def test_readme_example_runs_and_prints_rows(command, checkout, neo4j_server):
    env = dict(os.environ)
    if README_URI in command:
        if neo4j_server.proc.poll() is not None:  # a server test killed it: restart on the same data
            neo4j_server.start()
        command = command.replace(README_URI, neo4j_server.uri)
        env.update(NEO4J_USERNAME=neo4j_server.username, NEO4J_PASSWORD=neo4j_server.password)
    done = subprocess.run(["bash", "-c", command], cwd=checkout, capture_output=True, text=True,
                          timeout=300, env=env)
    assert done.returncode == 0, f"{command}\n{done.stderr[-2000:]}"
    assert done.stdout.strip(), f"{command} printed nothing"
    assert "(0 rows)" not in done.stdout, f"{command} found nothing:\n{done.stdout}"


@pytest.mark.slow
@pytest.mark.server
def test_readme_python_api_block_runs_with_relative_paths(checkout):
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    block = re.search(r"## Python API.*?```python\n(.*?)```", text, re.S).group(1)
    done = subprocess.run(["python3", "-c", block], cwd=checkout, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
    assert (checkout / "storage.html").stat().st_size > 0
