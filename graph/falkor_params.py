"""FalkorDB query parameters, encoded fast.

FalkorDB takes parameters as Cypher literals in a `CYPHER name=value …` header before the
query. falkordb-py builds that header value by value in Python (`stringify_param_value`): for a
batch of 5,000 rows of a dozen properties it was 16 % of a `kg load`'s time. Here the standard
library's C JSON encoder writes the value and plain substring replacement turns JSON's quoted
map keys into backtick-quoted Cypher keys. The result is the same text falkordb-py would send,
except where JSON and FalkorDB write a value differently; then (control characters in a string,
which JSON escapes as \\n, \\u0001 …; NaN; objects JSON cannot encode) the value falls back to
falkordb-py's own encoder.
"""
from __future__ import annotations

import json
import re

from falkordb.helpers import stringify_param_value

_ENCODE = json.JSONEncoder(ensure_ascii=False, allow_nan=False, separators=(",", ":")).encode
# a JSON escape FalkorDB would not read the same way: backslash + b f n r t u, after an even
# number of backslashes (`\\n` is an escaped backslash followed by the letter n)
_CONTROL = re.compile(r'(?<!\\)(?:\\\\)*\\[bfnrtu/]')


def literal(value) -> str:
    """One parameter value as FalkorDB's header expects it."""
    try:
        text = _ENCODE(value)
    except (TypeError, ValueError):
        return stringify_param_value(value)
    if "\\" in text and _CONTROL.search(text):
        return stringify_param_value(value)
    if '":' not in text:
        return text
    # `"key":` only occurs as a map key: inside a JSON string every `"` is escaped. Keys are
    # replaced by plain substring replacement (a regular expression over a 1 MB batch cost
    # more than the whole encoding): first those of the first row, then all of them.
    for keys in (_keys(value, first_only=True), _keys(value)):
        if keys is None:
            break
        for k in keys:
            text = text.replace(f'"{k}":', f"`{k}`:")
        if '":' not in text:
            return text
    return stringify_param_value(value)  # a key that is not an identifier, or `":` in a string


def _keys(value, first_only: bool = False) -> set | None:
    """Every map key in `value` (with first_only, in its first list element only); None when
    one is not a plain identifier."""
    out: set = set()
    stack = [value]
    while stack:
        v = stack.pop()
        if isinstance(v, dict):
            out.update(v)  # the keys, in C; checked once at the end
            stack += [x for x in v.values() if isinstance(x, _NESTED)]
        elif isinstance(v, (list, tuple)):
            stack += [x for x in (v[:1] if first_only else v) if isinstance(x, _NESTED)]
    return out if all(map(_ident, out)) else None


_NESTED = (dict, list, tuple)
_IDENT = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


def _ident(key) -> bool:
    return isinstance(key, str) and _IDENT.fullmatch(key) is not None


def header(params: dict | None) -> str:
    """`CYPHER a=… b=… ` for a params dict ('' for none)."""
    if not params:
        return ""
    parts = []
    for key, value in params.items():
        if not _ident(key):
            raise ValueError(f"parameter name {key!r} is not a plain identifier")
        parts.append(f"`{key}`={literal(value)}")
    return "CYPHER " + " ".join(parts) + " "
