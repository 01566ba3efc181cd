"""Configuration, read in one place from KG_* (and NEO4J_*) environment variables."""
from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from graph.errors import InputError

DEFAULT_STORE = "embedded:.kg"


def _int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw in (None, ""):
        return default
    try:
        return int(raw)
    except ValueError:
        raise InputError(f"environment variable {name}={raw!r} is not an integer")


@dataclass(frozen=True)
class Settings:
    store: str = DEFAULT_STORE
    graph_name: str = "kg"
    batch_size: int = 5000
    query_timeout_s: float = 10.0
    row_cap: int = 5000
    neo4j_user: str = "neo4j"
    neo4j_password: str = field(default="", repr=False)  # referenced, never stored or printed
    neo4j_database: str = "neo4j"
    connect_timeout_s: float = 4.0
    abandon_days: int = 180  # an abandoned (已放弃) lead stays out of the ranking this long
    write_timeout_s: float = 300.0  # one write transaction (a batch of a load) at most
    console_memory_mb: int = 256  # Neo4j: the address space of a console query's worker


def resolve_store(store: str | None = None) -> str:
    """The one place that picks the store: `store` (the `--store` option) > KG_STORE >
    NEO4J_URI > `embedded:.kg`. An embedded path comes back absolute (`embedded:/abs/path`), so
    the CLI, `kg serve` and the app, whatever their working directory, name the same store.

    >>> resolve_store("bolt://db:7687")
    'bolt://db:7687'
    """
    env = os.environ
    chosen = store or env.get("KG_STORE") or env.get("NEO4J_URI") or DEFAULT_STORE
    if "://" in chosen:
        return chosen
    return "embedded:" + str(Path(chosen.removeprefix("embedded:") or ".kg").resolve())


def load_settings(store: str | None = None) -> Settings:
    env = os.environ
    return Settings(
        store=resolve_store(store),
        graph_name=env.get("KG_GRAPH", "kg"),
        batch_size=_int("KG_BATCH_SIZE", 5000),
        query_timeout_s=float(env.get("KG_QUERY_TIMEOUT", "10")),
        row_cap=_int("KG_ROW_CAP", 5000),
        neo4j_user=env.get("NEO4J_USERNAME") or env.get("NEO4J_USER") or "neo4j",
        neo4j_password=env.get("NEO4J_PASSWORD", ""),
        neo4j_database=env.get("NEO4J_DATABASE", "neo4j"),
        connect_timeout_s=float(env.get("KG_CONNECT_TIMEOUT", "4")),
        abandon_days=_int("KG_ABANDON_DAYS", 180),
        write_timeout_s=float(env.get("KG_WRITE_TIMEOUT", "300")),
        console_memory_mb=_int("KG_CONSOLE_MEMORY_MB", 256),
    )
