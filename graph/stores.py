"""`open_store`: the backend for a store target (kept out of graph.store, which the backends
import, so that the interface and its implementations do not import each other)."""
from __future__ import annotations

from graph.embedded import EmbeddedStore
from graph.errors import InputError
from graph.neo4j_store import Neo4jStore
from graph.settings import Settings, load_settings, resolve_store
from graph.store import GraphStore

NEO4J_SCHEMES = ("bolt://", "neo4j://", "bolt+s://", "neo4j+s://", "bolt+ssc://", "neo4j+ssc://")


def open_store(store: str | None = None, settings: Settings | None = None) -> GraphStore:
    """Open the store named by `store`, else the one `resolve_store` picks."""
    settings = settings or load_settings(store)
    target = resolve_store(store) if store else settings.store
    if target.startswith(NEO4J_SCHEMES):
        return Neo4jStore(target, settings)
    if target.startswith("embedded:") or "://" not in target:
        return EmbeddedStore(target.removeprefix("embedded:") or ".kg", settings)
    raise InputError(f"unknown store {target!r}",
                     hint="use embedded:PATH (default embedded:.kg) or a bolt:// / neo4j:// URI")
