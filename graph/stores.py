"""`open_store`: the backend for a store target (kept out of graph.store, which the backends
import, so that the interface and its implementations do not import each other)."""
from __future__ import annotations

from urllib.parse import urlsplit, urlunsplit

from graph.embedded import EmbeddedStore
from graph.errors import InputError
from graph.settings import Settings, load_settings, resolve_store
from graph.store import GraphStore

def redact_uri(uri: str) -> str:
    """`bolt://user:pw@host:7687` as `bolt://***@host:7687` (for messages and the sidebar)."""
    parts = urlsplit(uri)
    if "@" not in parts.netloc:
        return uri
    return urlunsplit(parts._replace(netloc="***@" + parts.netloc.rsplit("@", 1)[1]))


NEO4J_SCHEMES = ("bolt://", "neo4j://", "bolt+s://", "neo4j+s://", "bolt+ssc://", "neo4j+ssc://")


def open_store(store: str | None = None, settings: Settings | None = None) -> GraphStore:
    """Open the store named by `store`, else the one `resolve_store` picks."""
    settings = settings or load_settings(store)
    target = resolve_store(store) if store else settings.store
    if target.startswith(NEO4J_SCHEMES):
        if "@" in urlsplit(target).netloc:  # never echo the URI: it holds a password
            raise InputError(f"credentials in the store URI are not accepted "
                             f"({redact_uri(target)})",
                             hint="put the user in NEO4J_USERNAME and the password in "
                                  "NEO4J_PASSWORD, and give the URI without them")
        # imported here, not at the top: the neo4j driver (and pandas, which it imports when
        # installed) took about 1 s of every embedded command's start-up (docs/loading.md)
        from graph.neo4j_store import Neo4jStore
        return Neo4jStore(target, settings)
    if target.startswith("embedded:") or "://" not in target:
        return EmbeddedStore(target.removeprefix("embedded:") or ".kg", settings)
    raise InputError(f"unknown store {target!r}",
                     hint="use embedded:PATH (default embedded:.kg) or a bolt:// / neo4j:// URI")
