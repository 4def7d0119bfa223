"""What chaingraph reads from a Cypher text before and after running it (no parser, conservative).

Strings, quoted names and comments are blanked first, so article text inside
a query never counts as syntax.  Used for: refusing `LOAD CSV` (file and URL
access) in read-only mode, parameters the query needs, labels and relationship
types outside the schema (a hint for a typo), one-line engine errors, and whether
a text looks like a write (for servers that ignore the READ access mode).
"""
from __future__ import annotations

import difflib
import re

from .model import EDGE_TYPES, NODE_TYPES

_STRIPPED = re.compile(r"'(?:\\.|[^'\\])*'|\"(?:\\.|[^\"\\])*\"|`[^`]*`|//[^\n]*|/\*.*?\*/", re.S)
_LOAD_CSV = re.compile(r"(?<![\w$])LOAD\s+CSV(?!\w)", re.I)
_PARAM = re.compile(r"\$\s*([A-Za-z_][A-Za-z0-9_]*)")
_NODE_LABELS = re.compile(r"\(\s*[A-Za-z_]\w*\s*((?::\s*[A-Za-z_]\w*\s*)+)|\(\s*((?::\s*[A-Za-z_]\w*\s*)+)")
_REL_TYPES = re.compile(r"\[\s*(?:[A-Za-z_]\w*\s*)?:\s*([A-Za-z_]\w*(?:\s*\|\s*:?\s*[A-Za-z_]\w*)*)")
_FALKOR_SYNTAX = re.compile(r"errMsg:\s*(.*?)\s+line:\s*(\d+),\s*column:\s*(\d+),\s*offset:\s*\d+\s+errCtx:.*", re.S)


_STRING = re.compile(r"'((?:\\.|[^'\\])*)'|\"((?:\\.|[^\"\\])*)\"")
_COMMENT = re.compile(r"//[^\n]*|/\*.*?\*/", re.S)


def string_literals(text: str) -> list[str]:
    """The quoted strings of a query (outside comments), unescaped for the simple cases, in order."""
    found: list[str] = []
    for a, b in _STRING.findall(_COMMENT.sub(" ", text)):
        value = (a or b).replace("\\'", "'").replace('\\"', '"')
        if value and value not in found:
            found.append(value)
    return found


def blank(text: str) -> str:
    """`text` with strings, `quoted names` and comments replaced by a space."""
    return _STRIPPED.sub(" ", text)


def reads_outside(text: str) -> bool:
    """True when the query has a LOAD CSV clause (reads a file or fetches a URL from the engine)."""
    return bool(_LOAD_CSV.search(blank(text)))


def parameters(text: str) -> list[str]:
    """The `$names` the query uses, in order of first use."""
    seen: list[str] = []
    for name in _PARAM.findall(blank(text)):
        if name not in seen:
            seen.append(name)
    return seen


def unknown_names(text: str) -> list[str]:
    """One hint per label or relationship type the query names that the schema does not have."""
    plain = blank(text)
    labels: list[str] = []
    for a, b in _NODE_LABELS.findall(plain):
        labels += [x.strip() for x in (a or b).split(":") if x.strip()]
    types: list[str] = []
    for group in _REL_TYPES.findall(plain):
        types += [x.strip(" :") for x in group.split("|") if x.strip(" :")]
    hints: list[str] = []
    for what, used, known in (("label", labels, NODE_TYPES), ("relationship type", types, EDGE_TYPES)):
        for name in dict.fromkeys(used):
            if name not in known:
                close = difflib.get_close_matches(name, known, n=1, cutoff=0.5) or [
                    k for k in known if k.lower() == name.lower()]
                hint = f"; did you mean {close[0]}?" if close else ""
                hints.append(f"hint: {what} {name!r} is not in the graph's schema{hint} "
                             f"({what}s: {', '.join(known)})")
    return hints


def engine_error(message: str) -> str:
    """A FalkorDB error as one readable line: syntax errors say where, not FalkorDB's raw fields."""
    msg = " ".join(message.split())
    m = _FALKOR_SYNTAX.match(msg)
    if m:
        what, line, column = m.groups()
        return f"syntax error at line {line}, column {column}: {what}"
    if msg == "Missing parameters":
        return "the query uses a $parameter that was not given"
    return msg


# a conservative write detector (for servers that ignore READ access mode)
_WRITE_CLAUSE = re.compile(r"(?<![\w.$`])(CREATE|MERGE|SET|DELETE|REMOVE|DROP|LOAD|FOREACH|CALL)(?![\w`])", re.I)


def looks_like_write(query: str) -> bool:
    """True when the query text has an updating clause (or CALL) outside strings, names and comments.

    Used only where the server cannot enforce read-only itself; it errs on the
    side of refusing (CALL is treated as a possible write).
    """
    return bool(_WRITE_CLAUSE.search(_STRIPPED.sub(" ", query)))
