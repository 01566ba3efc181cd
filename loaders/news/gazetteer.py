"""The names a store already holds, as the news extractor's gazetteer (`known=`)."""
from __future__ import annotations

from graph.store import GraphStore

_GAZETTEER_QUERIES = {
    "Company": "MATCH (n:Company) RETURN n.id, n.name, n.aliases",
    "Organization": "MATCH (n:Organization) RETURN n.id, n.name, n.aliases",
    "Industry": "MATCH (n:Industry) RETURN n.code, n.name, n.aliases",
}


def store_gazetteer(st: GraphStore) -> list[dict]:
    """Companies, organisations and industries in the store: id, name, label, aliases, code."""
    out = []
    for label, query in _GAZETTEER_QUERIES.items():
        for key, name, aliases in st.read(query).rows:
            if name:
                out.append({"id": key, "name": name, "label": label,
                            "aliases": list(aliases or []),
                            "code": key if label == "Industry" else None})
    return out
