"""Where view pages live: safe file names, written once for `write_views` and the report's links."""
from __future__ import annotations

import hashlib
import re
import unicodedata

MAX_SLUG_CHARS = 24
_SLUG_DROP = re.compile(r"[^0-9A-Za-z\u4e00-\u9fff]+")


def safe_filename(name: str, key: str, *, suffix: str = ".html") -> str:
    """A file name for a page about `name`: letters/digits/CJK slug + short hash of `key`.

    The hash keeps names unique (two names with the same slug differ) and the
    slug cannot contain separators, dots or control characters, so no name
    can escape the views directory.
    """
    slug = _SLUG_DROP.sub("-", unicodedata.normalize("NFKC", name)).strip("-")[:MAX_SLUG_CHARS].strip("-")
    digest = hashlib.sha1(key.encode("utf-8", "surrogatepass")).hexdigest()[:10]
    return f"{slug}-{digest}{suffix}" if slug else f"{digest}{suffix}"


def chain_page(name: str, node_id: str) -> str:
    """The page of one chain, relative to `views/`: chain/<slug>.html."""
    return f"chain/{safe_filename(name, node_id)}"


def region_page(region: str) -> str:
    """The page of one region, relative to `views/`: region/<slug>.html."""
    return f"region/{safe_filename(region, f'region:{region}')}"


def node_anchor(node_id: str) -> str:
    """The URL fragment that makes a view page select and show one node: #node=<id>."""
    from urllib.parse import quote

    return "#node=" + quote(node_id, safe="")
