"""Inline SVG charts for the HTML report (matplotlib, Agg, deterministic output).

Chart text stays text (svg.fonttype 'none'): every label is a <text> element
with a CSS font-family stack of CJK fonts, so the reader's browser draws
Chinese names with its own fonts (no boxes where matplotlib has no CJK font)
and users can search and copy them.  Layout is measured with DejaVu Sans
(shipped with matplotlib) and label margins are reserved by character count,
so the SVG is the same on every machine; a fixed hash salt and no date make
it byte-stable.  A label given a URL becomes a link (a chain opens its view).
"""
from __future__ import annotations

import io
import re
import unicodedata
import warnings
from collections import Counter
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover
    from .report import Report

WIDTH, HEIGHT, DPI = 5.6, 3.6, 72
FONT_SIZE = 9
LABEL_CHARS = 18
FONT_STACK = ("'Noto Sans CJK SC', 'Source Han Sans SC', 'Microsoft YaHei', 'PingFang SC', "
              "'WenQuanYi Zen Hei', 'Noto Sans', 'DejaVu Sans', sans-serif")
_RC = {"svg.hashsalt": "chaingraph", "svg.fonttype": "none", "font.size": FONT_SIZE,
       "font.family": ["DejaVu Sans"], "axes.unicode_minus": False}


def _svg(fig) -> str:
    buf = io.StringIO()
    fig.savefig(buf, format="svg", metadata={"Date": None})
    text = buf.getvalue()
    text = re.sub(r"<\?xml[^>]*\?>\s*", "", text)  # inline: drop the XML prolog and doctype
    text = re.sub(r"<!DOCTYPE[^>]*>\s*", "", text)
    text = re.sub(r"font-family: [^;\"]*", "font-family: " + FONT_STACK, text)
    text = text.replace(' target="_blank"', "")  # a chart link opens in the same tab, like the tables'
    return text.strip()


def _figure():
    import matplotlib

    matplotlib.use("Agg", force=False)
    from matplotlib.figure import Figure

    return Figure(figsize=(WIDTH, HEIGHT), dpi=DPI)


def bar_chart(labels: list[str], values: list[float], *, title: str, horizontal: bool = True,
              urls: list[str | None] | None = None) -> str:
    """One bar chart as an SVG string (labels top to bottom in the given order; `urls` make labels links)."""
    from matplotlib import rc_context

    with rc_context(_RC), warnings.catch_warnings():
        # DejaVu Sans has no CJK glyphs; only its metrics are used, the browser draws the text
        warnings.filterwarnings("ignore", message=r"Glyph \d+ .* missing from font")
        fig = _figure()
        ax = fig.subplots()
        if horizontal:
            pos = list(range(len(labels)))[::-1]
            ax.barh(pos, values, color="#4c78a8")
            ax.set_yticks(pos, [_short(s) for s in labels])
            for tick, url in zip(ax.get_yticklabels(), urls or ()):
                if url:
                    tick.set_url(url)
            widest = max((_em(_short(s)) for s in labels), default=1.0)
            left = min(0.6, (widest * FONT_SIZE + 14) / (WIDTH * DPI))
            fig.subplots_adjust(left=left, right=0.96, top=0.9, bottom=0.1)
        else:
            ax.bar(range(len(labels)), values, color="#4c78a8")
            ax.set_xticks(range(len(labels)), labels, rotation=90 if len(labels) > 12 else 0)
            fig.tight_layout()
        ax.set_title(title)
        return _svg(fig)


def _em(label: str) -> float:
    """Width of a label in em: wide (CJK, full-width) characters 1, others about 0.6."""
    return sum(1.0 if unicodedata.east_asian_width(ch) in ("W", "F") else 0.6 for ch in label)


def _short(label: str, limit: int = LABEL_CHARS) -> str:
    # control and format characters (ESC, U+202E ...) are article noise: never draw them
    label = "".join(ch for ch in label if unicodedata.category(ch) not in ("Cc", "Cf"))
    return label if len(label) <= limit else label[:limit - 1] + "…"


def degree_distribution(degrees: list[int]) -> str:
    """Number of nodes per degree (log scale when the spread is wide)."""
    from matplotlib import rc_context

    counts = sorted(Counter(degrees).items())
    with rc_context(_RC):
        fig = _figure()
        ax = fig.subplots()
        ax.bar([d for d, _ in counts], [c for _, c in counts], color="#f58518")
        if counts and counts[-1][0] > 50:
            ax.set_xscale("symlog")
            ax.set_yscale("log")
        ax.set_xlabel("degree")
        ax.set_ylabel("nodes")
        ax.set_title("degree distribution")
        fig.tight_layout()
        return _svg(fig)


def report_charts(report: Report, *, links: dict[str, str] | None = None) -> list[tuple[str, str]]:
    """(caption, svg) pairs: the chains with most ties, top-N bars per measure, degree distribution,
    community sizes.  `links` maps node ids to the view page a label opens."""
    links = links or {}
    rows = [r for r in report.rows if not report.node_type or r.type == report.node_type]
    scope = f" ({report.node_type})" if report.node_type else ""
    out = []
    chains = sorted((r for r in report.rows if r.type == "Chain"), key=lambda r: (-r.degree, r.id))[:report.top]
    if chains:
        title = f"top {len(chains)} chains by degree"
        out.append((title, bar_chart([r.name for r in chains], [r.degree for r in chains], title=title,
                                     urls=[links.get(r.id) for r in chains])))
    for measure in ("degree", "pagerank", "betweenness", "closeness", "eigenvector"):
        best = sorted(rows, key=lambda r: (-getattr(r, measure), r.id))[:report.top]
        title = f"top {len(best)} by {measure}{scope}"
        out.append((title, bar_chart([r.name for r in best], [getattr(r, measure) for r in best], title=title,
                                     urls=[links.get(r.id) for r in best])))
    out.append(("degree distribution", degree_distribution([r.degree for r in report.rows])))
    sizes = [c.size for c in report.communities[:30]]
    title = f"community sizes (largest {len(sizes)} of {len(report.communities)})"
    out.append((title, bar_chart([str(i) for i in range(len(sizes))], sizes, title=title, horizontal=False)))
    return out
