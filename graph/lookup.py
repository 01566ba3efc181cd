"""Find nodes by key through each label's unique index.

An unlabelled `MATCH (n) WHERE n.id = $key OR n.code = $key` reads every node (1.1 M at one
million companies: ~0.4 s on the embedded store). `by_key()` writes the same lookup as one
`CALL { … UNION … }` branch per label of the schema, each an index seek on that label's key:
0.5 ms at 100k. The `.cypher` files in `queries/` spell the same branches out so that users
can read them; `tests/test_query_library.py` checks they cover every label.
"""
from __future__ import annotations

from functools import lru_cache

from graph.schema import load_schema


@lru_cache(maxsize=None)
def by_key(var: str = "n", key_var: str = "k") -> str:
    """`CALL { WITH k MATCH (n:Company {id: k}) RETURN n UNION … }`: binds `var` to the node
    whose key equals the variable `key_var` (which must be in scope, e.g. from UNWIND)."""
    schema = load_schema()
    branches = [f"WITH {key_var} MATCH ({var}:{label} {{{schema.key_of(label)}: {key_var}}}) "
                f"RETURN {var}" for label in schema.nodes]
    return "CALL { " + " UNION ".join(branches) + " }"


def node_by_key() -> str:
    """One node and its first label for `$key`."""
    return (f"WITH toString($key) AS k {by_key()} "
            "RETURN n, labels(n)[0] AS label LIMIT 1")


def nodes_by_keys() -> str:
    """key, label and caption for each of `$keys` that exists."""
    return (f"UNWIND $keys AS k {by_key()} "
            "RETURN coalesce(n.id, n.code) AS key, labels(n)[0] AS label, "
            "coalesce(n.name, n.title) AS name")


def links_between() -> str:
    """The relationship type for each `[a, b]` key pair of `$pairs` joined a -> b."""
    return (f"UNWIND $pairs AS p WITH p, p[0] AS k {by_key('a')} "
            f"WITH p, a, p[1] AS k {by_key('b')} "
            # FalkorDB 4.22 does not see a node returned by CALL {} as bound in the next
            # MATCH (it matched every relationship): pass it through WITH first
            "WITH p, a, b MATCH (a)-[r]->(b) RETURN p[0] AS a, p[1] AS b, type(r) AS type")
