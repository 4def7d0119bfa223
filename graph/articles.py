"""How pages name an article: its title (and date, source link) from `G.graph["articles"]`, else its id.

`G.graph["articles"]` is `{article_id: {"title", "date", "url"}}` (written by the
build; absent in older graphs).  It is article data, so untrusted: titles are
clipped and whitespace-folded, and only http(s) URLs are ever offered as links.
"""
from __future__ import annotations

import networkx as nx

MAX_TITLE_CHARS = 120


def article_info(g: nx.MultiDiGraph, article_id: str) -> dict:
    """{"title", "date", "url"} of one article (title = id when unknown; "" for an unknown date or URL)."""
    meta = g.graph.get("articles")
    entry = meta.get(article_id) if isinstance(meta, dict) else None
    entry = entry if isinstance(entry, dict) else {}
    title = entry.get("title")
    title = " ".join(title.split()) if isinstance(title, str) and title.strip() else str(article_id)
    if len(title) > MAX_TITLE_CHARS:
        title = title[:MAX_TITLE_CHARS - 1] + "…"
    date = entry.get("date") if isinstance(entry.get("date"), str) else ""
    url = entry.get("url") if isinstance(entry.get("url"), str) else ""
    if not url.strip().lower().startswith(("http://", "https://")) or any(c.isspace() for c in url.strip()):
        url = ""  # javascript:, data: and relative URLs from an article never become links
    return {"title": title, "date": date.strip()[:40], "url": url.strip()}


def article_label(g: nx.MultiDiGraph, article_id: str) -> str:
    """An article as one line of text: its title, with the date when known."""
    info = article_info(g, article_id)
    return f"{info['title']} ({info['date']})" if info["date"] else info["title"]
