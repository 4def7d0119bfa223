"""The project's Cypher, one parameterized statement per `*.cypher` file.

Each file starts with `//` comment lines: the first says what it answers,
a `// params:` line names its parameters.  Load by name, pass values as
parameters; never format article text into a query.
"""
from __future__ import annotations

from dataclasses import dataclass
from importlib import resources


@dataclass(frozen=True)
class NamedQuery:
    name: str
    description: str
    params: tuple[str, ...]
    text: str


def _parse(name: str, text: str) -> NamedQuery:
    desc: list[str] = []
    params: tuple[str, ...] = ()
    for line in text.splitlines():
        if not line.startswith("//"):
            break
        body = line[2:].strip()
        if body.lower().startswith("params:"):
            raw = body.split(":", 1)[1]
            params = tuple(p.strip().split()[0].lstrip("$") for p in raw.split(",") if p.strip() and p.strip() != "none")
        elif body:
            desc.append(body)
    return NamedQuery(name=name, description=" ".join(desc), params=params, text=text)


def names() -> list[str]:
    """Names of all shipped queries, sorted."""
    return sorted(p.name[: -len(".cypher")] for p in resources.files(__name__).iterdir() if p.name.endswith(".cypher"))


def load(name: str) -> NamedQuery:
    """The query stored in `cypher/<name>.cypher`; KeyError if there is none."""
    if name not in names():
        raise KeyError(name)
    return _parse(name, resources.files(__name__).joinpath(f"{name}.cypher").read_text(encoding="utf-8"))


def all_queries() -> list[NamedQuery]:
    return [load(n) for n in names()]
