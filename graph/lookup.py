"""Find graph nodes and regions by any name a user types: alias, script, width or short form.

`--chain 新型儲能` must find 新型储能产业链: names are folded (graph/names.py's
`fold_name`: NFKC, OpenCC t2s, variant characters, no spaces or quote marks),
short forms expanded (the general aliases, then `lookup_forms.tsv`'s short forms
inside names) and chain/region endings dropped before comparing.  A name that
matches nothing raises `NotFoundError` listing close matches, so the CLI can
print one line.
"""
from __future__ import annotations

import difflib
import functools
from dataclasses import dataclass
from pathlib import Path

import networkx as nx

from .errors import GraphFileError, NotFoundError
from .model import NODE_TYPES
from .names import SPELLED_OUT, aliases, fold_name

FORMS_FILE = Path(__file__).with_name("assets") / "lookup_forms.tsv"

# Exact name, exact alias, then equal after short forms / endings are normalized.
LEVEL_NAME, LEVEL_ALIAS, LEVEL_LOOSE = 0, 1, 2

@dataclass(frozen=True)
class _Forms:
    subs: tuple[tuple[str, str], ...]
    names: dict[str, str]
    chain_suffixes: tuple[str, ...]
    region_suffixes: tuple[str, ...]


@dataclass(frozen=True)
class Match:
    """One node a query matched: which label matched and how closely (lower level = closer)."""

    id: str
    name: str
    type: str
    matched: str
    level: int


@functools.lru_cache(maxsize=1)
def _forms() -> _Forms:
    subs: list[tuple[str, str]] = list(SPELLED_OUT)
    names = {fold_name(a): fold_name(b) for a, b in aliases().items()}
    suffixes: dict[str, list[str]] = {"chain": [], "region": []}
    try:
        lines = FORMS_FILE.read_text(encoding="utf-8").splitlines()
    except OSError as exc:  # a broken install, not a user error, but say which file
        raise GraphFileError(f"{FORMS_FILE}: cannot read lookup rules: {exc.strerror or exc}") from None
    for lineno, line in enumerate(lines, 1):
        if not line.strip() or line.startswith("#"):
            continue
        parts = line.split("\t")
        if len(parts) != 3:
            raise GraphFileError(f"{FORMS_FILE}:{lineno}: expected 3 tab-separated fields")
        kind, a, b = parts
        if kind == "sub":
            subs.append((a, b))
        elif kind == "suffix" and a in suffixes:
            suffixes[a].append(b)
        else:
            raise GraphFileError(f"{FORMS_FILE}:{lineno}: unknown rule {kind!r}")
    subs.sort(key=lambda s: -len(s[0]))  # longest short form first
    return _Forms(tuple(subs), names, tuple(suffixes["chain"]), tuple(suffixes["region"]))


def _expand(folded: str) -> str:
    forms = _forms()
    folded = forms.names.get(folded, folded)
    for short, long in forms.subs:
        if short in folded and long not in folded:
            folded = folded.replace(short, long)
    return folded


def _strip(folded: str, suffixes: tuple[str, ...]) -> str:
    for suffix in suffixes:
        if folded.endswith(suffix) and len(folded) > len(suffix):
            return folded[: -len(suffix)]
    return folded


def loose_key(text: str, *, chain: bool = False) -> str:
    """Folded name with short forms expanded (and, for chains, 产业链/产业/链 endings dropped)."""
    key = _expand(fold_name(text))
    return _strip(key, _forms().chain_suffixes) if chain else key


def region_key(text: str) -> str:
    """Folded region name without its 省/市/县/自治区 ending: 广东省 and 广东 are one region."""
    return _strip(fold_name(text), _forms().region_suffixes)


class NameIndex:
    """Every name and alias of a graph's nodes, folded, for repeated lookups."""

    def __init__(self, g: nx.MultiDiGraph, *, types: tuple[str, ...] = ()):
        self._types = tuple(types) or NODE_TYPES
        self._order = {t: i for i, t in enumerate(self._types)}
        self._exact: dict[str, set[tuple[int, str, str]]] = {}
        self._loose: dict[str, set[tuple[str, str]]] = {}
        self._labels: dict[str, str] = {}  # folded label -> a display name of its node
        self._nodes: dict[str, dict] = {}
        for n, a in g.nodes(data=True):
            type_ = a.get("type", "")
            if type_ not in self._order:
                continue
            self._nodes[n] = a
            name = str(a.get("name") or n)
            is_chain = type_ == "Chain"
            labels = [(name, LEVEL_NAME)] + [(str(x), LEVEL_ALIAS) for x in a.get("aliases") or () if x]
            for label, level in labels:
                folded = fold_name(label)
                if not folded:
                    continue
                self._exact.setdefault(folded, set()).add((level, n, label))
                self._labels.setdefault(folded, name)
                for key in {loose_key(label), loose_key(label, chain=is_chain)}:
                    self._loose.setdefault(key, set()).add((n, label))

    def find(self, query: str) -> list[Match]:
        """All nodes the query names, closest first (then preferred type, most mentions, id)."""
        best: dict[str, Match] = {}

        def offer(n: str, label: str, level: int) -> None:
            if n not in best or level < best[n].level:
                a = self._nodes[n]
                best[n] = Match(id=n, name=str(a.get("name") or n), type=a.get("type", ""), matched=label,
                                level=level)

        folded = fold_name(query)
        for level, n, label in self._exact.get(folded, ()):
            offer(n, label, level)
        if not best and folded:
            for key in {loose_key(query), loose_key(query, chain=True)}:
                for n, label in self._loose.get(key, ()):
                    offer(n, label, LEVEL_LOOSE)
        return sorted(best.values(), key=lambda m: (m.level, self._order[m.type],
                                                    -int(self._nodes[m.id].get("mentions") or 0), m.id))

    def suggest(self, query: str, n: int = 5) -> list[str]:
        """Display names of the nodes whose names look most like the query."""
        close = difflib.get_close_matches(fold_name(query), sorted(self._labels), n=n * 3, cutoff=0.4)
        names: list[str] = []
        for label in close:
            name = self._labels[label]
            if name not in names:
                names.append(name)
        return names[:n]

    def resolve(self, query: str, *, what: str = "node") -> Match:
        """The closest match, or NotFoundError naming close matches."""
        matches = self.find(query)
        if matches:
            return matches[0]
        raise NotFoundError(_not_found(what, query, self.suggest(query)))


def _not_found(what: str, query: str, suggestions: list[str]) -> str:
    hint = f"; close matches: {', '.join(suggestions)}" if suggestions else "; no close matches"
    return f"no {what} named {query!r} in the graph{hint}"


def find_node(g: nx.MultiDiGraph, query: str, *, types: tuple[str, ...] = ()) -> str:
    """The id of the node `query` names (any alias or script), restricted to `types` if given."""
    what = types[0].lower() if len(types) == 1 and types[0] == "Chain" else "node"
    return NameIndex(g, types=types).resolve(query, what=what).id


def find_nodes(g: nx.MultiDiGraph, query: str, *, types: tuple[str, ...] = ()) -> list[Match]:
    """Every node `query` names, closest first; empty if none."""
    return NameIndex(g, types=types).find(query)


def regions(g: nx.MultiDiGraph) -> list[str]:
    """Every region named on a node or an edge, sorted."""
    found = {a.get("region") for _, a in g.nodes(data=True)}
    found |= {a.get("region") for _, _, a in g.edges(data=True)}
    return sorted(r for r in found if isinstance(r, str) and r.strip())


def match_region(all_regions: list[str], query: str) -> list[str]:
    """The values of `all_regions` that `query` names (广东 finds 广东省); NotFoundError if none."""
    exact = [r for r in all_regions if fold_name(r) == fold_name(query)]
    if exact:
        return exact
    key = region_key(query)
    loose = [r for r in all_regions if key and region_key(r) == key]
    if loose:
        return loose
    by_fold = {fold_name(r): r for r in all_regions}
    close = difflib.get_close_matches(fold_name(query), sorted(by_fold), n=5, cutoff=0.4)
    raise NotFoundError(_not_found("region", query, [by_fold[c] for c in close]))
