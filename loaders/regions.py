"""Where a region sits in China's administrative tree: province → city → county.

`region_path("顺德区")` is ("广东省", "佛山市", "顺德区"), read from the region
table of `loaders/vocab.py` (`loaders/data/regions.tsv`), so that a province
rolls up its cities and counties.  A name the table does not hold (全国, a
town) or a county name used in several provinces (鼓楼区) is its own path.
"""
from __future__ import annotations

from functools import lru_cache

from loaders.vocab import vocab


@lru_cache(maxsize=4096)
def region_path(name: str | None) -> tuple[str, ...]:
    """Region names from the province down to `name` (full names; short forms such as 广东 resolve); () for none."""
    if not isinstance(name, str) or not name.strip():
        return ()
    name = name.strip()
    r = vocab().regions.get(name) or vocab().conditional.get(name)
    if r is None or not r.province:
        return (name,)
    path = [r.province]
    if r.city and r.city != r.province:
        path.append(r.city)
    if r.name not in path:
        path.append(r.name)
    return tuple(path)
