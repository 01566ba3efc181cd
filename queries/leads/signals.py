"""Lead-scoring signals. Each is a small pure function returning a score in 0..1.

Industry graphs are networkx DiGraphs whose edges point from the narrower class to the broader
one (the direction of SUBCLASS_OF); chain links are a separate DiGraph in UPSTREAM_OF direction.
Ownership graphs are DiGraphs in OWNS direction (owner -> owned).
"""
from __future__ import annotations

import math

import networkx as nx
import numpy as np

from graph import derived


def closure_up(classes: nx.DiGraph, industries) -> set:
    """The industries and every broader class above them.

    >>> g = nx.DiGraph([("J66", "J")]); sorted(closure_up(g, {"J66"}))
    ['J', 'J66']
    """
    out = set(industries)
    for i in industries:
        if i in classes:
            out |= nx.descendants(classes, i)
    return out


def closure_down(classes: nx.DiGraph, industries) -> set:
    """The industries and every narrower class below them.

    >>> g = nx.DiGraph([("J66", "J")]); sorted(closure_down(g, {"J"}))
    ['J', 'J66']
    """
    out = set(industries)
    for i in industries:
        if i in classes:
            out |= nx.ancestors(classes, i)
    return out


def group_distance(owns: nx.DiGraph, a, b) -> float:
    """Hops between two companies through their closest common owner (a owner of b is 1,
    sisters are 2, aunt/niece 3); inf when they share no owner.

    >>> g = nx.DiGraph([("G", "A"), ("G", "B"), ("B", "C")])
    >>> group_distance(g, "A", "B"), group_distance(g, "G", "C"), group_distance(g, "A", "C")
    (2, 2, 3)
    """
    if a not in owns or b not in owns or a == b:
        return 0 if a == b else math.inf
    owners = owns.reverse(copy=False)
    return depth_distance(owner_depths(owners, a), owner_depths(owners, b))


def owner_depths(owners: nx.DiGraph, node) -> dict:
    """{owner: hops up} (the node itself at 0) in the REVERSED ownership graph.

    >>> owner_depths(nx.DiGraph([("G", "A")]).reverse(), "A")
    {'A': 0, 'G': 1}
    """
    return nx.single_source_shortest_path_length(owners, node)


def depth_distance(up_a: dict, up_b: dict) -> float:
    """Hops through the closest common owner, from two owner_depths maps; inf if none."""
    common = up_a.keys() & up_b.keys()
    return min((up_a[c] + up_b[c] for c in common), default=math.inf)


def group_affinity(distance: float) -> float:
    """Score for the group distance to the nearest company engaged with the region:
    parent, child or sister (1 or 2 hops) 1.0, 3 hops 0.67, 4 hops 0.5, unrelated 0.

    >>> [round(group_affinity(d), 2) for d in (0, 1, 2, 3, 4, float("inf"))]
    [0.0, 1.0, 1.0, 0.67, 0.5, 0.0]
    """
    if distance <= 0 or math.isinf(distance):
        return 0.0
    return min(1.0, 2.0 / distance)


def personalised_pagerank(graph: nx.Graph, seeds, alpha: float = 0.85, iters: int = 50) -> dict:
    """PageRank restarting at the seeds (uniformly), by power iteration on an undirected
    graph, vectorised with numpy (networkx's own needs scipy); dangling mass returns to the
    seeds; {} when no seed is in the graph. Nodes never reached are left out.

    >>> g = nx.path_graph(["s", "a", "b"]); r = personalised_pagerank(g, ["s"])
    >>> r["a"] > r["b"], round(sum(r.values()), 6)
    (True, 1.0)
    """
    seeds = [s for s in seeds if s in graph]
    if not seeds:
        return {}
    nodes = list(graph)
    index = {node: i for i, node in enumerate(nodes)}
    src, dst = _edge_arrays(graph, index)
    n = len(nodes)
    degree = np.bincount(src, minlength=n).astype(float)
    restart = np.zeros(n)
    np.add.at(restart, [index[s] for s in seeds], 1.0 / len(seeds))
    rank = restart.copy()
    for _ in range(iters):
        share = np.divide(rank, degree, out=np.zeros(n), where=degree > 0)
        nxt = (1 - alpha) * restart + alpha * np.bincount(dst, weights=share[src], minlength=n)
        nxt += alpha * rank[degree == 0].sum() * restart
        done = np.abs(nxt - rank).sum() < 1e-9
        rank = nxt
        if done:
            break
    return {nodes[i]: float(rank[i]) for i in np.flatnonzero(rank)}


def _edge_arrays(graph: nx.Graph, index: dict) -> tuple:
    """Both directions of every undirected edge, as index arrays."""
    pairs = np.array([(index[u], index[v]) for u, v in graph.edges()], dtype=np.int64)
    if not len(pairs):
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
    return np.concatenate([pairs[:, 0], pairs[:, 1]]), np.concatenate([pairs[:, 1], pairs[:, 0]])


def proximity(rank: dict, node, top: float) -> float:
    """A node's personalised PageRank relative to `top`, the closest company's (0..1).

    >>> proximity({"a": 0.2, "b": 0.1}, "b", 0.2), proximity({}, "x", 0.0)
    (0.5, 0.0)
    """
    if top <= 0:
        return 0.0
    return min(1.0, rank.get(node, 0.0) / top)


def source_region(company_regions: set, sources: set) -> float:
    """1.0 when the company is located in one of the source regions (closure given), else 0.

    >>> source_region({"440300", "C-GBA"}, {"C-GBA"}), source_region({"310000"}, {"C-GBA"})
    (1.0, 0.0)
    """
    return 1.0 if company_regions & sources else 0.0


# the scale signal (capital on a log scale, listed) is kept on each company at load time
# as `lead_scale`, so it is computed in one place (graph/derived.py)
scale = derived.scale


# scale() is 0.7 * (log10(capital) - 6) / 5 + 0.3 * listed, so it orders companies as
# capital * LISTED_FACTOR ** listed does: the candidate queries sort by that product in Cypher.
LISTED_FACTOR = 10 ** (0.3 / 0.7 * 5)
