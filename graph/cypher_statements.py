"""The internal statements of cypher/_*.cypher with their label/type slots filled from the schema.

Labels and relationship types cannot be Cypher parameters, so the push and load
statements carry slots; `statement` fills them only with schema values.
"""
from __future__ import annotations

import cypher

from .errors import QueryError
from .model import EDGE_PROPERTIES, EDGE_TYPES, NODE_PROPERTIES, NODE_TYPES

# properties a push may append to in pieces (not the keys it matches on)
APPENDABLE = tuple(sorted(set(NODE_PROPERTIES + EDGE_PROPERTIES) - {"id", "type"}))
_SLOTS = {"__Label__": NODE_TYPES, "__Source__": NODE_TYPES, "__Target__": NODE_TYPES, "__TYPE__": EDGE_TYPES,
          "__prop__": APPENDABLE}


def statement(name: str, **slots: str) -> str:
    """The internal statement `cypher/_<name>.cypher` with its label/type slots filled.

    Labels and relationship types cannot be Cypher parameters, so the files
    hold `__Label__`, `__Source__`, `__Target__`, `__TYPE__`, `__prop__` slots; each is
    filled only with a value from the schema's fixed `NODE_TYPES` / `EDGE_TYPES` / properties.
    """
    text = cypher.internal(name).text
    for slot, allowed in _SLOTS.items():
        key = slot.strip("_").lower().replace("type", "rel_type")
        if slot in text:
            value = slots.get(key)
            if value not in allowed:
                raise QueryError(f"cypher/_{name}.cypher: {key}={value!r} is not one of {', '.join(allowed)}")
            text = text.replace(slot, value)
    return "\n".join(line for line in text.splitlines() if not line.startswith("//"))
