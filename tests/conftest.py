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
    from loaders.pipeline import build

    out = tmp_path_factory.mktemp("seed_graph")
    result = build([SEEDS], out, cache=False)
    assert result.articles_failed == 0, result.failures
    return out
