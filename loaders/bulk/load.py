"""`kg load --bulk`: a first load into an EMPTY store at bulk-import speed.

1. The files go through `load_path`, the route `kg load` takes (same validation, ids, rejects,
   provenance, counts, reference data), into an in-memory `CaptureStore` instead of a
   database: no MERGE, no round trip per batch.
2. What it holds is created in one go: embedded through FalkorDB's `GRAPH.BULK` (falkor.py);
   Neo4j through `neo4j-admin database import full` (neo4j_admin.py), run into the database
   directory while the database is stopped, or written out with the exact command to run.
3. Then the schema's indexes and constraints are created (after the data: an index is built
   once instead of being updated per node) and `_after_bulk` runs.

A store that holds anything is refused (the bulk endpoints create a graph; merging into one is
`kg load`'s job).
"""
from __future__ import annotations

import json
import shlex
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from graph.errors import InputError
from graph.gc_pause import NONE, fewer_collections
from graph.store import GraphStore
from loaders.derived import refresh_derived
from loaders.bulk.capture import CaptureStore
from loaders.bulk.derive import derive_captured
from loaders.bulk.falkor import bulk_insert
from loaders.bulk.neo4j_admin import import_command, run_import, write_files
from loaders.load import load_path


class NotEmpty(InputError):
    pass


@dataclass
class Converted:
    capture: CaptureStore
    reports: list = field(default_factory=list)

    def counts(self) -> dict[str, dict[str, int]]:
        return self.capture.counts()


def refuse_non_empty(store: GraphStore) -> None:
    held = store.read("MATCH (n) RETURN count(n)").scalar(0)
    if held:
        raise NotEmpty(f"{store.description} already holds {held} nodes: `kg load --bulk` only "
                       f"creates a graph in an empty store",
                       hint="load into this store with `kg load` (without --bulk), or start "
                            "from an empty one (`kg clear --yes`, or a new --store)")


def convert(paths: list[str | Path], kind: str | None = None, *, schema=None,
            progress: Callable | None = None,
            log: Callable[[str], None] | None = None) -> Converted:
    """Every file through `load_path` into memory, in the order given (setup once)."""
    out = Converted(CaptureStore(schema=schema))
    with fewer_collections(NONE):  # graph/gc_pause.py: the graph in memory is never scanned
        for i, path in enumerate(paths):
            out.reports += load_path(out.capture, path, kind, setup=i == 0, progress=progress,
                                     log=log)
        derive_captured(out.capture.nodes, out.capture.rels)  # imported with the data
    return out


def import_embedded(store: GraphStore, conv: Converted) -> tuple[int, int]:
    """GRAPH.BULK into the embedded store's graph (which must hold nothing), then its
    indexes and constraints. Returns (nodes, relationships) created."""
    refuse_non_empty(store)
    name = store.settings.graph_name
    conn = store.db.connection
    if conn.exists(name):  # opening the store made an empty graph key; GRAPH.BULK makes its own
        conn.execute_command("GRAPH.DELETE", name)
    made = bulk_insert(lambda args: conn.execute_command("GRAPH.BULK", name, *args),
                       store.schema, conv.capture.nodes, conv.capture.rels)
    store.graph = store.db.select_graph(name)  # a fresh client-side schema cache
    store.note_written()  # GRAPH.BULK writes around store.write: caches of reads are void
    finish(store)
    return made


EMPTY_LISTS = "empty_lists.json"


def neo4j_files(conv: Converted, out: str | Path) -> dict[str, list[Path]]:
    """The import files, and `empty_lists.json`: the import cannot write an empty list (an
    empty field is no property), which `kg load` stores (a region without aliases); `finish`
    sets them after the import."""
    cap = conv.capture
    files = write_files(cap.schema, ((label, list(t.values())) for label, t in cap.nodes.items()),
                        ((k, [{"start": s, "end": e, **p} for (s, e), p in t.items()])
                         for k, t in cap.rels.items()), out)
    empty: dict = {"nodes": {}, "relationships": []}
    for label, table in cap.nodes.items():
        for k, props in table.items():
            for p in (p for p, v in props.items() if v == []):
                empty["nodes"].setdefault(label, {}).setdefault(p, []).append(k)
    for (rtype, sl, el), table in cap.rels.items():
        for (s, e), props in table.items():
            for p in (p for p, v in props.items() if v == []):
                empty["relationships"].append([rtype, sl, el, p, s, e])
    (Path(out) / EMPTY_LISTS).write_text(json.dumps(empty, ensure_ascii=False), encoding="utf-8")
    return files


def set_empty_lists(store: GraphStore, import_dir: str | Path) -> int:
    """After a Neo4j import: the empty lists `neo4j_files` noted, set (parameterised; labels,
    types and property names come from the loaders' own records and are checked here)."""
    spec = json.loads((Path(import_dir) / EMPTY_LISTS).read_text(encoding="utf-8"))
    n = 0
    for label, props in spec["nodes"].items():
        key = store.schema.node(label).key
        for p, keys in props.items():
            store.write(f"UNWIND $keys AS k MATCH (n:{label} {{{key}: k}}) "
                        f"SET n.`{_tick(p)}` = []", {"keys": keys})
            n += len(keys)
    for rtype, sl, el, p, s, e in spec["relationships"]:
        store.schema.rel(rtype)
        sk, ek = store.schema.key_of(sl), store.schema.key_of(el)
        store.write(f"MATCH (a:{sl} {{{sk}: $s}})-[r:{rtype}]->(b:{el} {{{ek}: $e}}) "
                    f"SET r.`{_tick(p)}` = []", {"s": s, "e": e})
        n += 1
    return n


def _tick(name: str) -> str:
    return name.replace("`", "``")


def import_neo4j_offline(conv: Converted, out: str | Path, home: str | Path, admin: list[str],
                         restart: Callable[[Callable[[], None]], GraphStore]) -> GraphStore:
    """Neo4j whose database directory this process reaches (the test server): write the
    files, then `restart(run)` stops the database, calls run() (the import into `home`),
    starts it again and returns a store on it; the indexes and `_after_bulk` follow."""
    files = neo4j_files(conv, out)
    store = restart(lambda: run_import(admin, home, files))
    finish(store, out)
    return store


def deployment_steps(files: dict[str, list[Path]], out: Path, database: str = "neo4j") -> str:
    """What to run on a Neo4j server this process cannot stop (docker-compose's): the exact
    `neo4j-admin` command, with the files mounted at /import in the container."""
    local = " ".join(shlex.quote(a) for a in import_command(files, database))
    mounted = {**files, **{k: [Path("/import") / p.name for p in files[k]]
                           for k in ("nodes", "relationships")}}
    docker = " ".join(shlex.quote(a) for a in import_command(mounted, database))
    return "\n".join([
        f"The import files are in {out}. Neo4j imports into a stopped database:",
        "  1. stop Neo4j:          docker compose stop neo4j",
        "  2. import (replaces the empty database):",
        f"     docker compose run --rm --no-deps -v {shlex.quote(str(out.resolve()))}:/import "
        f"neo4j neo4j-admin {docker}",
        f"     (on a host install: neo4j-admin {local})",
        "  3. start Neo4j:         docker compose start neo4j",
        f"  4. empty lists, indexes, constraints, derived facts:  "
        f"kg init --after-bulk {shlex.quote(str(out.resolve()))}",
    ])


def finish(store: GraphStore, import_dir: str | Path | None = None) -> None:
    """After the data: the schema's indexes and constraints (then, after a Neo4j import, the
    empty lists it could not write), then the derived facts."""
    store.setup_schema()
    if import_dir is not None:
        set_empty_lists(store, import_dir)
    _after_bulk(store)


# a company without the lead engine's values (every derived company has a `lead_scale`)
NOT_DERIVED = "MATCH (c:Company) WHERE c.lead_scale IS NULL RETURN c.id AS id LIMIT 1"


def _after_bulk(store: GraphStore) -> None:
    """The lead engine's precomputed company values (docs/leads.md): computed in memory before
    the import (`convert`, derive.py), so read and written again here only when a company
    lacks them (import files written by an older version, then `kg init --after-bulk`)."""
    if store.read(NOT_DERIVED).records():
        refresh_derived(store)
