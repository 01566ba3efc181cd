"""graph/text_guard.py: which values hold a control character no store may receive
(expectations written by hand)."""
from __future__ import annotations

import pytest

from graph.text_guard import control_char, control_in, rows_clean


@pytest.mark.parametrize("value, key, expected", [
    ("招商局集团", False, None),
    ("a\tb\nc\r", False, None),          # tab and line breaks are text in a cell
    ("a\tb", True, "U+0009"),             # ... but not in a key
    ("x\x01y", False, "U+0001"),
    ("\x7f", False, "U+007F"),
    ("a\x00", True, "U+0000"),
    (5, False, None), (1.5, False, None), (True, False, None), (None, False, None),
    (["ok", ["deep", "b\x1fb"]], False, "U+001F"),
    ({"k": ("t", "\x0b")}, False, "U+000B"),
    ({"k": ["fine", 3, None]}, False, None),
])
def test_control_char(value, key, expected):
    assert control_char(value, key=key) == expected


@pytest.mark.parametrize("row, keys, expected", [
    ({"name": "招商局集团", "city": "徐州市"}, (), None),
    ({"name": "甲", "scope": "a\tb\nc"}, (), None),               # tab and line break: text
    ({"id": "a\tb", "scope": "x"}, ("id",), ("id", "U+0009")),   # ... not in a key
    ({"a": "ok", "b": "x\x01y", "c": "\x02"}, (), ("b", "U+0001")),  # the first field
    ({"a": "x\ny", "b": "\x7f"}, (), ("b", "U+007F")),           # after a line break
    ({"n": 5, "f": 1.5, "t": True, "z": None, "s": "fine"}, (), None),
    ({"s": "fine", "aliases": ["ok", "b\x1fb"], "n": 3}, (), ("aliases", "U+001F")),
    ({"aliases": ["ok"], "later": "\x03"}, (), ("later", "U+0003")),
    ({"props": {"k": ("t", "\x0b")}}, (), ("props", "U+000B")),
    ({}, (), None),
    ({"xs": [1, "a\x01"]}, (), ("xs", "U+0001")),                 # a list not only of text
    ({"t": ("ok", "\x05"), "u": "\x06"}, (), ("t", "U+0005")),     # a tuple
    ({"id": "k", "aliases": ["a\tb"], "n": 2.0}, ("id",), None),    # a tab outside the key
    ({"id": "k", "aliases": ["a", "b\x1c"]}, ("id",), ("aliases", "U+001C")),
])
def test_control_in_a_row(row, keys, expected):
    assert control_in(row, keys) == expected


@pytest.mark.parametrize("rows, expected", [
    ([{"name": "招商局集团", "n": 3, "f": 1.5, "t": True, "z": None}, {"id": "k"}], True),
    ([{"aliases": ["甲", "乙"]}, {"source_ids": ["file:a.csv:1"]}], True),
    ([], True),
    ([{"a": "ok"}, {"b": "x\x01y"}], False),                  # a later row
    ([{"scope": "a\tb"}], False),        # a tab: fine outside a key, so the rows are checked
    ([{"scope": "a\nb"}], False),
    ([{"aliases": ["ok", "b\x1fb"]}], False),
    ([{"xs": [1, "a"]}], False),                                # a list not only of text
    ([{"props": {"k": "v"}}], False),                           # a map: checked row by row
])
def test_rows_clean(rows, expected):
    assert rows_clean(rows) is expected
    if expected:  # what it promises: every row passes control_in under any keys
        assert all(control_in(r, tuple(r)) is None for r in rows)
