"""The graph layer: one schema, the store interface and its two backends.

`graph.stores.open_store` opens a backend; `graph.settings.resolve_store` picks which.
"""
from graph.errors import (KGError, StoreUnavailable, QueryTimeout, WriteRefused,
                          CypherError, BadParameters)
from graph.store import GraphStore, QueryResult

__all__ = ["KGError", "StoreUnavailable", "QueryTimeout", "WriteRefused", "CypherError",
           "BadParameters", "GraphStore", "QueryResult"]
