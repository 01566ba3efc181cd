"""Why a query returned nothing: labels, relationship types and property keys it names that the
graph does not have, each with the closest ones it does have.

Both stores list what exists with the same procedures (`db.labels()`,
`db.relationshipTypes()`, `db.propertyKeys()`); the names in the query are found with regular
expressions on its text, string literals and comments removed first."""
from __future__ import annotations

import difflib
import re

from graph.store import GraphStore

_STRINGS = re.compile(r"'(?:[^'\\]|\\.)*'|\"(?:[^\"\\]|\\.)*\"|//[^\n]*|/\*.*?\*/", re.S)
_LABELS = re.compile(r"\(\s*[A-Za-z_]\w*\s*((?::\s*`?[A-Za-z_]\w*`?\s*)+)|"
                     r"\(\s*((?::\s*`?[A-Za-z_]\w*`?\s*)+)")
_ONE_LABEL = re.compile(r":\s*`?([A-Za-z_]\w*)")
_TYPES = re.compile(r"\[\s*[A-Za-z_]?\w*\s*:\s*([A-Za-z_|:`\s\w]+?)\s*[\]*{]")
_PROPS = re.compile(r"\b[A-Za-z_]\w*\s*\.\s*([A-Za-z_]\w*)\b(?!\s*\()")
_MAP_KEYS = re.compile(r"\{\s*([A-Za-z_]\w*)\s*:|,\s*([A-Za-z_]\w*)\s*:")


def _names(cypher: str) -> tuple[set, set, set]:
    text = _STRINGS.sub("''", cypher)
    labels = {lab for m in _LABELS.finditer(text) for grp in m.groups() if grp
              for lab in _ONE_LABEL.findall(grp)}
    types = {t.strip(" `:") for m in _TYPES.finditer(text) for t in m.group(1).split("|")}
    props = set(_PROPS.findall(text))
    props |= {k for m in _MAP_KEYS.finditer(text) for k in m.groups() if k}
    return labels, {t for t in types if t}, props


def _listed(store: GraphStore, proc: str) -> set[str]:
    return {r[0] for r in store.read(f"CALL {proc}()").rows}


def zero_row_hint(store: GraphStore, cypher: str) -> str | None:
    """A sentence naming what the query asks for that the graph lacks, or None."""
    labels, types, props = _names(cypher)
    parts = []
    for what, wanted, proc in (("label", labels, "db.labels"),
                               ("relationship type", types, "db.relationshipTypes"),
                               ("property", props, "db.propertyKeys")):
        if not wanted:
            continue
        have = _listed(store, proc)
        for name in sorted(wanted - have):
            close = difflib.get_close_matches(name, sorted(have), n=3, cutoff=0.5)
            parts.append(f"{what} {name!r} is not in the graph"
                         + (f" (closest: {', '.join(close)})" if close else ""))
    if not parts:
        return None
    return "0 rows. 提示 / hint: " + "; ".join(parts) + "."
