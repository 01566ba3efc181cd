"""`kg export --format neo4j-admin`: the records of a scratch load (bench/records.py) as
Neo4j bulk-import CSVs; the writer itself is the product's (loaders/bulk/neo4j_admin.py)."""
from __future__ import annotations

from pathlib import Path

from bench.records import node_rows, rel_rows
from loaders.bulk.neo4j_admin import import_command, write_files

__all__ = ["import_command", "write_neo4j_admin"]


def write_neo4j_admin(rec, out: str | Path) -> dict[str, list[Path]]:
    """Write the files; returns {"nodes": [paths], "relationships": [paths]}."""
    return write_files(rec.schema, node_rows(rec), rel_rows(rec), out)
