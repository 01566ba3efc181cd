"""graph/text_guard.py: which values hold a control character no store may receive
(expectations written by hand)."""
from __future__ import annotations

import pytest

from graph.text_guard import control_char


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
