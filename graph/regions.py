"""The nodes of a region, rolled up: 广东省 holds 广州市, 佛山市 and 顺德区 too.

A node or edge belongs to every region on its `region_path` (province → city →
county, written by resolution; graphs written before it fall back to the one
`region`).  A region's nodes are the nodes in it plus both ends of the edges
in it: views, region pages and the report's region table all use
`region_members`, so they count the same nodes.
"""
from __future__ import annotations

import networkx as nx

from .lookup import match_region


def path_of(attrs: dict) -> tuple[str, ...]:
    """The region path of a node's or edge's attributes (the bare `region` when no path is stored)."""
    path = attrs.get("region_path")
    if isinstance(path, (list, tuple)) and path:
        return tuple(str(r) for r in path if isinstance(r, str) and r.strip())
    region = attrs.get("region")
    return (region,) if isinstance(region, str) and region.strip() else ()


def region_members(g: nx.MultiDiGraph) -> dict[str, set[str]]:
    """Per region name of any level (sorted): nodes inside it, plus both ends of every edge inside it."""
    members: dict[str, set[str]] = {}
    for n, a in g.nodes(data=True):
        for r in path_of(a):
            members.setdefault(r, set()).add(n)
    for u, v, a in g.edges(data=True):
        for r in path_of(a):
            members.setdefault(r, set()).update((u, v))
    return dict(sorted(members.items()))


def region_nodes(g: nx.MultiDiGraph, names: list[str] | tuple[str, ...]) -> set[str]:
    """The nodes of the regions `names` (what `view --region` shows)."""
    members = region_members(g)
    return set().union(*(members.get(r, set()) for r in names))


def region_parents(g: nx.MultiDiGraph) -> dict[str, str]:
    """Region name -> the region directly above it on some path (provinces are absent)."""
    parents: dict[str, str] = {}
    attrs = [a for _, a in g.nodes(data=True)] + [a for _, _, a in g.edges(data=True)]
    for a in attrs:
        path = path_of(a)
        for up, down in zip(path, path[1:]):
            parents.setdefault(down, up)
    return dict(sorted(parents.items()))


def all_regions(g: nx.MultiDiGraph) -> list[str]:
    """Every region named on a node or edge path, sorted."""
    found = {r for _, a in g.nodes(data=True) for r in path_of(a)}
    found |= {r for _, _, a in g.edges(data=True) for r in path_of(a)}
    return sorted(found)


def find_region(g: nx.MultiDiGraph, query: str) -> list[str]:
    """The regions of `g` that `query` names (广东 finds 广东省, 廣州 finds 广州市); NotFoundError with close matches."""
    return match_region(all_regions(g), query)
