"""Inline SVG charts for the HTML report (matplotlib, Agg, deterministic output).

Glyphs are drawn as paths (svg.fonttype 'path'), so CJK names render without
the reader having the font; a Noto CJK font is used when matplotlib finds one.
A fixed hash salt, no date metadata and fixed sizes make the SVG byte-stable.
"""
from __future__ import annotations

import functools
import io
import re
import unicodedata
import warnings
from collections import Counter
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover
    from .report import Report

WIDTH, HEIGHT, DPI = 5.6, 3.6, 72
_CJK_PREFERENCE = ("Noto Sans CJK SC", "Noto Sans CJK JP", "Noto Serif CJK SC", "Source Han Sans SC",
                   "WenQuanYi Zen Hei", "Droid Sans Fallback")


@functools.cache
def cjk_font() -> str | None:
    """The name of an installed CJK font matplotlib can use, or None."""
    from matplotlib import font_manager

    names = {f.name for f in font_manager.fontManager.ttflist}
    for name in _CJK_PREFERENCE:
        if name in names:
            return name
    return next((n for n in sorted(names) if "CJK" in n), None)


def _rc() -> dict:
    font = cjk_font()
    return {"svg.hashsalt": "chaingraph", "svg.fonttype": "path", "font.size": 9,
            "font.family": [font, "DejaVu Sans"] if font else ["DejaVu Sans"],
            "axes.unicode_minus": False}


def _svg(fig) -> str:
    buf = io.StringIO()
    fig.savefig(buf, format="svg", metadata={"Date": None})
    text = buf.getvalue()
    text = re.sub(r"<\?xml[^>]*\?>\s*", "", text)  # inline: drop the XML prolog and doctype
    text = re.sub(r"<!DOCTYPE[^>]*>\s*", "", text)
    return text.strip()


def bar_chart(labels: list[str], values: list[float], *, title: str, horizontal: bool = True) -> str:
    """One bar chart as an SVG string (labels top to bottom in the given order)."""
    import matplotlib

    matplotlib.use("Agg", force=False)
    from matplotlib import rc_context
    from matplotlib.figure import Figure

    with rc_context(_rc()), warnings.catch_warnings():
        # a name with a glyph no font has is still drawn (as a box); the warning would echo it to stderr
        warnings.filterwarnings("ignore", message=r"Glyph \d+ .* missing from font")
        fig = Figure(figsize=(WIDTH, HEIGHT), dpi=DPI)
        ax = fig.subplots()
        if horizontal:
            pos = list(range(len(labels)))[::-1]
            ax.barh(pos, values, color="#4c78a8")
            ax.set_yticks(pos, [_short(s) for s in labels])
        else:
            ax.bar(range(len(labels)), values, color="#4c78a8")
            ax.set_xticks(range(len(labels)), labels, rotation=90 if len(labels) > 12 else 0)
        ax.set_title(title)
        fig.tight_layout()
        return _svg(fig)


def _short(label: str, limit: int = 18) -> str:
    # control and format characters (ESC, U+202E ...) are article noise: never draw them
    label = "".join(ch for ch in label if unicodedata.category(ch) not in ("Cc", "Cf"))
    return label if len(label) <= limit else label[:limit - 1] + "…"


def degree_distribution(degrees: list[int]) -> str:
    """Number of nodes per degree (log scale when the spread is wide)."""
    import matplotlib

    matplotlib.use("Agg", force=False)
    from matplotlib import rc_context
    from matplotlib.figure import Figure

    counts = sorted(Counter(degrees).items())
    with rc_context(_rc()):
        fig = Figure(figsize=(WIDTH, HEIGHT), dpi=DPI)
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


def report_charts(report: Report) -> list[tuple[str, str]]:
    """(caption, svg) pairs: top-N bars per measure, degree distribution, community sizes."""
    rows = [r for r in report.rows if not report.node_type or r.type == report.node_type]
    scope = f" ({report.node_type})" if report.node_type else ""
    out = []
    for measure in ("degree", "pagerank", "betweenness", "closeness", "eigenvector"):
        best = sorted(rows, key=lambda r: (-getattr(r, measure), r.id))[:report.top]
        title = f"top {len(best)} by {measure}{scope}"
        out.append((title, bar_chart([r.name for r in best], [getattr(r, measure) for r in best], title=title)))
    out.append(("degree distribution", degree_distribution([r.degree for r in report.rows])))
    sizes = [c.size for c in report.communities[:30]]
    title = f"community sizes (largest {len(sizes)} of {len(report.communities)})"
    out.append((title, bar_chart([str(i) for i in range(len(sizes))], sizes, title=title, horizontal=False)))
    return out
