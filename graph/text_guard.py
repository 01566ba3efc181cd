"""Control characters never reach a database.

FalkorDB's unique-constraint check (`EnforceUniqueEntity`) crashes the whole server with a
segfault on a key value containing U+0001, and its parameter parser refuses U+0000; Neo4j
stores both silently, where no export, terminal or spreadsheet can show them. So every write
route refuses C0 control characters (and DEL) other than tab, line feed and carriage return,
the same way on both stores: the tabular loaders reject the row with this reason, the store's
upserts raise `InputError` before sending anything.
"""
from __future__ import annotations

import re
from typing import Any, Iterable

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_CONTROL_IN_KEY = re.compile(r"[\x00-\x1f\x7f]")  # a key holds no tab or line break either
_SCALARS = (int, float, bool)


def control_char(value: Any, *, key: bool = False) -> str | None:
    """The first refused control character in `value` (strings, inside lists and maps too),
    as `U+0001`; None when there is none."""
    pattern = _CONTROL_IN_KEY if key else _CONTROL
    if value.__class__ is str:  # most values: no stack (a load checks millions of them)
        m = pattern.search(value)
        return f"U+{ord(m.group()):04X}" if m else None
    if value is None or value.__class__ in _SCALARS:
        return None
    stack = [value]
    while stack:
        v = stack.pop()
        if isinstance(v, str):
            m = pattern.search(v)
            if m:
                return f"U+{ord(m.group()):04X}"
        elif isinstance(v, (list, tuple)):
            stack.extend(v)
        elif isinstance(v, dict):
            stack.extend(v.values())
    return None


def control_in(row: dict, keys=()) -> tuple[str, str] | None:
    """(field, character) of the first field of `row` whose value holds a refused control
    character (`keys`: fields held to the key rule, no tab or line break either); None when
    none does. The same answer as `control_char` field by field, found faster (a load checks
    every row it reads and every row it writes): the row's strings and lists of strings are
    searched in one go, and the row is gone through field by field only when that search
    finds a control character, a tab or a line break, or a value is of another kind."""
    if rows_clean((row,)):
        return None
    for k, v in row.items():
        char = control_char(v, key=k in keys)
        if char:
            return k, char
    return None


def rows_clean(rows: Iterable[dict]) -> bool:
    """True when no row holds a control character, a tab or a line break in any string (the
    key rule applied to every field, so every row passes `control_in` whatever its keys): one
    search for a whole batch. False says nothing more: check those rows one by one (the bulk
    path's in-memory store, loaders/bulk/capture.py, checks 400,000 rows per 100k companies)."""
    strings = []
    try:
        for row in rows:
            for v in row.values():
                c = v.__class__
                if c is str:
                    strings.append(v)
                elif c is list:
                    strings.append("".join(v))  # TypeError: not only strings
                elif v is not None and c not in _SCALARS:
                    return False
    except TypeError:
        return False
    return _CONTROL_IN_KEY.search("".join(strings)) is None


def reason(char: str) -> str:
    return (f"contains the control character {char}, which cannot be stored; remove it from "
            "the cell (it is often left by copying from a PDF or a terminal)")
