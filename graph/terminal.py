"""Article text on a terminal: shown as data, never as markup or control sequences."""
from __future__ import annotations

from typing import Any


def printable(text: str) -> str:
    """`text` with control and format characters (ESC, RTL overrides, …) shown as escapes."""
    return "".join(ch if ch.isprintable() else repr(ch)[1:-1] for ch in text)


def cell(value: Any):
    """A rich table cell holding `value` as literal text (rich would read `[...]` in a str as markup)."""
    from rich.text import Text

    return Text(printable("" if value is None else str(value)))
