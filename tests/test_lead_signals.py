"""Each lead signal on tiny hand-computed graphs, with edge cases."""
from __future__ import annotations

import math

import networkx as nx
import pytest

from queries.leads import focus as fc, signals as sg
from queries.leads.backtest import metrics

# J66 -> J (subclass), chain U1 -> M1 (upstream), M1 and U1 under stage -> XZ:1
CLASSES = nx.DiGraph([("J66", "J"), ("J67", "J"), ("U1", "STAGE"), ("M1", "STAGE"), ("STAGE", "XZ:1")])
CHAIN = nx.DiGraph([("U1", "M1")])


@pytest.mark.parametrize("company,focus,expected", [
    ({"J66"}, {"J"}, 1.0),          # narrower than the focus
    ({"J"}, {"J"}, 1.0),            # the focus itself
    ({"J"}, {"J66"}, 0.0),          # broader than the focus: not a fit (the focus is a filter)
    ({"U1"}, {"XZ:1"}, 1.0),        # segment under the priority (two levels)
    ({"U1"}, {"M1"}, 0.5),          # chain neighbour (upstream)
    ({"M1"}, {"U1"}, 0.5),          # chain neighbour (downstream)
    ({"K70"}, {"J"}, 0.0),          # unrelated, and unknown to the class graph
    (set(), {"J"}, 0.0), ({"J66"}, set(), 0.0),
])
def test_industry_fit(company, focus, expected):
    m = fc.match(CLASSES, CHAIN, {}, company, focus)
    assert (m.value if m else 0.0) == expected


def test_chain_gap_is_a_fit_to_the_gap_segments_without_neighbours():
    g = nx.DiGraph([("C3130", "U1"), ("U1", "C31")])
    links = {"tag:钢": [("U1", "partial", "part of it is steel")]}
    assert fc.match(g, nx.DiGraph(), links, {"C3130"}, {"U1"}).value == 1.0   # a class below
    assert fc.match(g, nx.DiGraph(), links, {"tag:钢"}, {"U1"}).value == 0.6  # audited partial
    assert fc.match(g, nx.DiGraph(), links, {"C31"}, {"U1"}) is None          # the division


OWNS = nx.DiGraph([("G", "A"), ("G", "B"), ("B", "C"), ("H", "X")])


@pytest.mark.parametrize("a,b,d", [("A", "B", 2), ("G", "A", 1), ("A", "G", 1), ("G", "C", 2),
                                   ("A", "C", 3), ("A", "X", math.inf), ("A", "A", 0),
                                   ("A", "nobody", math.inf)])
def test_group_distance(a, b, d):
    assert sg.group_distance(OWNS, a, b) == d


def test_group_affinity_scores():
    assert [sg.group_affinity(d) for d in (1, 2, 4)] == [1.0, 1.0, 0.5]
    assert sg.group_affinity(3) == pytest.approx(2 / 3)
    assert sg.group_affinity(0) == 0.0 and sg.group_affinity(math.inf) == 0.0


def test_personalised_pagerank_hand_checked():
    # star s - a, s - b: restart 0.15 at s; a and b each get 0.85 * r(s) / 2; s gets
    # 0.15 + 0.85 * (r(a) + r(b)). Solving: r(s) = 0.15 / (1 - 0.85**2) = 0.5405..
    g = nx.Graph([("s", "a"), ("s", "b")])
    r = sg.personalised_pagerank(g, ["s"], iters=200)
    assert r["s"] == pytest.approx(0.15 / (1 - 0.85 ** 2), abs=1e-6)
    assert r["a"] == pytest.approx(r["b"]) and sum(r.values()) == pytest.approx(1.0)


def test_personalised_pagerank_edge_cases():
    assert sg.personalised_pagerank(nx.Graph([("a", "b")]), ["zz"]) == {}
    g = nx.Graph()
    g.add_node("s")  # an isolated seed keeps all the mass
    assert sg.personalised_pagerank(g, ["s"]) == {"s": pytest.approx(1.0)}
    far = sg.personalised_pagerank(nx.path_graph(["s", "a", "b", "c"]), ["s"])
    assert far["a"] > far["b"] > far["c"] > 0


def test_proximity_is_relative_to_the_best_candidate():
    assert sg.proximity({"a": 0.2, "b": 0.05}, "b", 0.2) == 0.25
    assert sg.proximity({"a": 0.2}, "a", 0.1) == 1.0   # capped
    assert sg.proximity({}, "a", 0.0) == 0.0


def test_source_region():
    assert sg.source_region({"440300"}, {"440300", "C-GBA"}) == 1.0
    assert sg.source_region(set(), {"C-GBA"}) == 0.0
    assert sg.source_region({"440300"}, set()) == 0.0


@pytest.mark.parametrize("cap,listed,expected", [
    (1e6, False, 0.0), (1e11, False, 0.7), (1e12, True, 1.0), (1e8, None, 0.28),
    (None, True, 0.3), (0, False, 0.0), (-5, True, 0.3), (10, False, 0.0)])
def test_scale(cap, listed, expected):
    assert sg.scale(cap, listed) == pytest.approx(expected)


def test_backtest_metrics():
    order = [f"c{i}" for i in range(100)]
    assert metrics(order, {"c0", "c19", "c99", "gone"}) == {
        "hits@10": 0.25, "hits@50": 0.5, "mrr": round((1 + 1 / 20 + 1 / 100) / 4, 4)}
    assert metrics(order, set()) == {"hits@10": 0.0, "hits@50": 0.0, "mrr": 0.0}
