"""The graph layer: one schema, the store interface and its two backends."""
from graph.errors import (KGError, StoreUnavailable, QueryTimeout, WriteRefused,
                          CypherError, BadParameters)
from graph.store import GraphStore, QueryResult, open_store

__all__ = ["KGError", "StoreUnavailable", "QueryTimeout", "WriteRefused", "CypherError",
           "BadParameters", "GraphStore", "QueryResult", "open_store"]
