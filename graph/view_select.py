"""What a view shows: a chain's or node's neighbourhood, a region (rolled up), or the whole graph."""
from __future__ import annotations

from dataclasses import dataclass

import networkx as nx

from .errors import InputError, NotFoundError
from .lookup import NameIndex
from .model import NODE_TYPES
from .regions import find_region, region_nodes
from .view_paths import safe_filename


@dataclass(frozen=True)
class Selection:
    """What one view shows: the subgraph, a page title naming the resolved entity, a safe file name,
    and the node the view is about (`focus`: the chain or --around node, marked on the page)."""

    graph: nx.MultiDiGraph
    title: str
    filename: str
    focus: str | None = None


def select_view(
    g: nx.MultiDiGraph,
    *,
    chain: str | None = None,
    region: str | None = None,
    around: str | None = None,
    depth: int = 1,
    types: tuple[str, ...] | list[str] = (),
) -> Selection:
    """The part of `g` a view shows: a chain's or a node's neighbourhood, a region, or all.

    `chain`/`around` accept any alias or script and take the `depth`-hop
    neighbourhood ignoring edge direction; `region` keeps the nodes of that
    region and of the regions inside it (`graph.regions.region_nodes`).  `types` then keeps only nodes
    of those types.  Unknown names raise NotFoundError with close matches.
    """
    given = [name for name, v in (("chain", chain), ("region", region), ("around", around)) if v]
    if len(given) > 1:
        raise InputError(f"choose one of chain, region or around, not {' and '.join(given)}")
    if depth < 0:
        raise InputError(f"depth must be 0 or more, not {depth}")
    wanted = _check_types(types)
    focus = None
    if chain or around:
        index = NameIndex(g, types=("Chain",) if chain else ())
        centre = index.resolve(chain or around, what="chain" if chain else "node")
        keep, focus = neighbourhood(g, centre.id, depth), centre.id
        what = "产业链 chain" if chain else "周边 around"
        title, key = f"{what}: {centre.name}" + (f" (depth {depth})" if depth != 1 else ""), centre.id
    elif region:
        names = find_region(g, region)
        keep = region_nodes(g, names)
        title, key = f"地区 region: {' / '.join(names)}", f"region:{'/'.join(names)}"
    else:
        keep = set(g.nodes)
        title, key = "质量强链图谱 全图 (full graph)", "full"
    if wanted:
        keep = {n for n in keep if g.nodes[n].get("type") in wanted}
        title += f" [{', '.join(sorted(wanted))}]"
        key += f"|{','.join(sorted(wanted))}"
    filename = safe_filename(title.split(": ", 1)[-1], f"{key}|{depth}")
    return Selection(graph=g.subgraph(keep).copy(), title=title, filename=filename,
                     focus=focus if focus in keep else None)


def neighbourhood(g: nx.MultiDiGraph, centre: str, depth: int) -> set[str]:
    """Nodes within `depth` hops of `centre`, edges taken in either direction.

    Same nodes as `nx.ego_graph(g, centre, depth, undirected=True)`, without the
    undirected copy of the whole graph that it makes (once per chain page).
    """
    seen, frontier = {centre}, [centre]
    for _ in range(depth):
        nxt = []
        for n in frontier:
            for m in (*g.predecessors(n), *g.successors(n)):
                if m not in seen:
                    seen.add(m)
                    nxt.append(m)
        frontier = nxt
    return seen


def select_subgraph(g: nx.MultiDiGraph, **what) -> nx.MultiDiGraph:
    """Just the subgraph of `select_view` (same keyword arguments, same errors)."""
    return select_view(g, **what).graph


def _check_types(types) -> set[str]:
    canonical = {t.lower(): t for t in NODE_TYPES}
    wanted = set()
    for t in types:
        if t.lower() not in canonical:
            raise NotFoundError(f"no node type {t!r}; known types: {', '.join(NODE_TYPES)}")
        wanted.add(canonical[t.lower()])
    return wanted


def degrees(g: nx.MultiDiGraph) -> dict[str, int]:
    """Number of edges at each node, both directions (what node size and the top-N cut use)."""
    return dict(g.degree())


def top_nodes(g: nx.MultiDiGraph, max_nodes: int) -> list[str]:
    """The `max_nodes` most connected nodes (ties by id), in id order."""
    if max_nodes < 1:
        raise InputError(f"max_nodes must be at least 1, not {max_nodes}")
    deg = degrees(g)
    ranked = sorted(g.nodes, key=lambda n: (-deg[n], n))
    return sorted(ranked[:max_nodes])
