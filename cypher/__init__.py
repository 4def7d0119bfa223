"""The project's Cypher, one parameterized statement per `*.cypher` file.

Each file starts with `//` comment lines: the first says what it answers,
a `// params:` line names its parameters as `$name (type, example)`.  A type
`<Label> name`, `node name` or `region name` marks a parameter that names a
node of that label, any node, or a region: `chaingraph query` resolves it
against the graph first (any alias or script), as `view` does.  Load by name, pass values as
parameters; never format article text into a query.  Files starting with `_`
are the stores' internal statements (schema, batched upserts), not analyses:
`names()` leaves them out, `internal(name)` loads them.
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
    params_doc: str = ""  # the `// params:` line as written, e.g. "$chain (Chain name, 氢能产业链)"
    names: tuple[tuple[str, str], ...] = ()  # (param, "Chain" / "node" / "region") for name-like params


def _parse(name: str, text: str) -> NamedQuery:
    desc: list[str] = []
    params: tuple[str, ...] = ()
    params_doc = ""
    kinds: tuple[tuple[str, str], ...] = ()
    for line in text.splitlines():
        if not line.startswith("//"):
            break
        body = line[2:].strip()
        if body.lower().startswith("params:"):
            raw = body.split(":", 1)[1]
            params_doc = raw.strip()
            params = _param_names(raw)
            kinds = _name_kinds(raw)
        elif body:
            desc.append(body)
    return NamedQuery(name=name, description=" ".join(desc), params=params, text=text, params_doc=params_doc,
                      names=kinds)


def _param_names(raw: str) -> tuple[str, ...]:
    """`$a (type, example), $b (...)` -> ("a", "b"); commas inside the parentheses do not split."""
    return tuple(p.strip().split()[0].lstrip("$") for p in _param_parts(raw))


def _name_kinds(raw: str) -> tuple[tuple[str, str], ...]:
    """`$chain (Chain name, x)` -> (("chain", "Chain"),): the params whose type is `<kind> name`."""
    kinds = []
    for part in _param_parts(raw):
        words = part.strip().split(None, 1)
        type_ = words[1].strip().lstrip("(").split(",", 1)[0].split() if len(words) > 1 else []
        if len(type_) == 2 and type_[1] == "name":
            kinds.append((words[0].lstrip("$"), type_[0]))
    return tuple(kinds)


def _param_parts(raw: str) -> list[str]:
    parts, depth, cur = [], 0, ""
    for ch in raw:
        depth += ch in "([{"
        depth -= ch in ")]}"
        if ch == "," and depth == 0:
            parts.append(cur)
            cur = ""
        else:
            cur += ch
    parts.append(cur)
    return [p for p in parts if p.strip() and p.strip() != "none"]


def names() -> list[str]:
    """Names of all shipped analysis queries, sorted (internal `_*.cypher` statements left out)."""
    return [n for n in _all_names() if not n.startswith("_")]


def _all_names() -> list[str]:
    return sorted(p.name[: -len(".cypher")] for p in resources.files(__name__).iterdir() if p.name.endswith(".cypher"))


def load(name: str) -> NamedQuery:
    """The query stored in `cypher/<name>.cypher`; KeyError if there is none."""
    if name not in names():
        raise KeyError(name)
    return _parse(name, resources.files(__name__).joinpath(f"{name}.cypher").read_text(encoding="utf-8"))


def internal(name: str) -> NamedQuery:
    """An internal statement `cypher/_<name>.cypher` (schema, upserts); KeyError if there is none."""
    if f"_{name}" not in _all_names():
        raise KeyError(name)
    return _parse(f"_{name}", resources.files(__name__).joinpath(f"_{name}.cypher").read_text(encoding="utf-8"))


def all_queries() -> list[NamedQuery]:
    return [load(n) for n in names()]
