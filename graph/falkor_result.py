"""FalkorDB's compact result set, read without falkordb-py's per-value dispatch when every value
is a scalar or a list of scalars (the project's own reads: ids, names, dates, numbers, lists).

falkordb-py parses each cell through a table of functions (`parse_scalar`: an `int()` of the
type, a list index, a call, then `_value` here); at 1M companies the lead engine's reads return
about 600,000 values and that parsing took 1.3-1.6 s of an 8 s ranking (docs/benchmarks.md,
"sixth session"). `rows` does the same in one loop. A value of any other type (a node, a
relationship, a path, a map, a point, a date) makes it return None and the caller hands the
same response to falkordb-py, which knows the graph's schema; a response that carries an error
too (falkordb-py raises it).
"""
from __future__ import annotations

from redis.exceptions import ResponseError

# falkordb-py's ResultSetScalarTypes
_NULL, _STRING, _INTEGER, _BOOLEAN, _DOUBLE, _ARRAY = 1, 2, 3, 4, 5, 6


class _NotScalar(Exception):
    pass


def _cell(cell):
    kind, v = cell[0], cell[1]
    if kind == _STRING:
        return v.decode() if v.__class__ is bytes else v
    if kind == _INTEGER:
        return int(v)
    if kind == _NULL:
        return None
    if kind == _DOUBLE:
        return float(v)
    if kind == _BOOLEAN:
        return (v.decode() if v.__class__ is bytes else v) == "true"
    if kind == _ARRAY:
        return [_cell(x) for x in v]
    raise _NotScalar


def column(h):
    """A header entry's column name ([type, name] in the compact format)."""
    name = h[1] if isinstance(h, (list, tuple)) else h
    return name.decode() if name.__class__ is bytes else name


def rows(response) -> tuple[list, list] | None:
    """(column names, rows of plain values) of a `--compact` response, or None: a value that is
    not a scalar or a list, or an error in the response (falkordb-py then parses or raises)."""
    if not response or isinstance(response[0], ResponseError) or \
            isinstance(response[-1], ResponseError):
        return None
    if len(response) == 1:  # statistics only: a statement that returns nothing
        return [], []
    header = response[0]
    if not header:
        return [], []
    try:
        return [column(h) for h in header], [[_cell(c) for c in row] for row in response[1]]
    except _NotScalar:
        return None
