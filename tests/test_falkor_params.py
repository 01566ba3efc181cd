"""The embedded store's fast parameter encoding (graph/falkor_params.py): every value the
loaders can send comes back from FalkorDB unchanged, whether it took the fast JSON path or
fell back to falkordb-py's encoder."""
from __future__ import annotations

import math

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from graph import falkor_params

KEYS = st.from_regex(r"[A-Za-z_][A-Za-z0-9_]{0,8}", fullmatch=True)
SCALARS = (st.none() | st.booleans() | st.integers(-2**62, 2**62)
           | st.floats(allow_nan=False, allow_infinity=False, width=32)
           # NUL ends a C string: FalkorDB cannot take it either way (falkordb-py's encoder too)
           | st.text(st.characters(blacklist_characters="\x00"), max_size=12)
           | st.sampled_from(['"', "\\", '\\"', "\n", "\t", "a\\nb", "\x01", "招商局集团（深圳）",
                              '{"k":1}', ',"x":', "`", "'", "\\u0041", "/"]))
VALUES = st.recursive(SCALARS, lambda inner: st.lists(inner, max_size=4)
                      | st.dictionaries(KEYS, inner, max_size=4), max_leaves=12)


@pytest.fixture(scope="module")
def embedded(tmp_path_factory):
    from graph.stores import open_store
    s = open_store(f"embedded:{tmp_path_factory.mktemp('params') / 'kg'}")
    yield s
    s.close()


def same(a, b) -> bool:
    if isinstance(a, float) or isinstance(b, float):
        return isinstance(b, (int, float)) and math.isclose(a, b, rel_tol=1e-6, abs_tol=1e-30)
    if isinstance(a, (list, tuple)):
        return isinstance(b, list) and len(a) == len(b) and all(map(same, a, b))
    if isinstance(a, dict):
        return isinstance(b, dict) and a.keys() == b.keys() and all(same(a[k], b[k]) for k in a)
    return a == b and type(a) is type(b)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(value=VALUES)
def test_values_round_trip_through_falkordb(embedded, value):
    got = embedded.read("RETURN $v AS v", {"v": value}).scalar()
    assert same(value, got), (value, got, falkor_params.literal(value))


def test_fast_path_is_taken_for_plain_rows_and_keys_are_backticked():
    rows = [{"id": "name:招商局集团", "props": {"share": 0.51, "listed": True, "tags": ["a", "b"]},
             "sids": None}]
    text = falkor_params.literal(rows)
    assert text == ('[{`id`:"name:招商局集团",`props`:{`share`:0.51,`listed`:true,'
                    '`tags`:["a","b"]},`sids`:null}]')
    assert falkor_params.header({"rows": [1], "k": "x"}) == 'CYPHER `rows`=[1] `k`="x" '


def test_strings_json_would_escape_fall_back():
    from falkordb.helpers import stringify_param_value
    for v in ["line\nbreak", "\x01", ["ok", "tab\there"], {"k": "a\\\nb"}]:
        assert falkor_params.literal(v) == stringify_param_value(v)
    assert falkor_params.literal("a\\nb") == '"a\\\\nb"'  # a backslash then n: no fallback needed


def test_bad_parameter_name_is_refused():
    with pytest.raises(ValueError):
        falkor_params.header({"a b": 1})


def test_keys_of_later_rows_and_nested_maps_are_backticked_too():
    # the first row does not name every key: the second pass collects all of them
    rows = [{"a": 1}, {"a": 2, "b": {"c": [{"d": "x"}]}}]
    assert falkor_params.literal(rows) == '[{`a`:1},{`a`:2,`b`:{`c`:[{`d`:"x"}]}}]'


def test_a_key_that_is_not_an_identifier_in_a_later_row_falls_back():
    from falkordb.helpers import stringify_param_value
    rows = [{"a": 1}, {"a": 2, "not ok": 3}]
    assert falkor_params.literal(rows) == stringify_param_value(rows)
