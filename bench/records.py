"""The validated records of a set of files: what `kg load` writes, reference data included.

The files are loaded by the real loaders into a scratch embedded store (a temporary directory,
removed afterwards); `kg export` and the benchmark's raw baselines then read every node and
relationship back from it. So the records are exactly what a load writes, by the code the
contract tests cover, with no third store.
"""
from __future__ import annotations

import tempfile
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from graph.settings import load_settings
from graph.store import GraphStore
from graph.stores import open_store
from loaders.reference.load import load_reference
from loaders.tabular.pipeline import LoadReport, load_table

LOAD_ORDER = ("organizations", "companies", "ownership", "agreements", "projects", "events",
              "visits")


def ordered(paths: list[Path]) -> list[Path]:
    """Generated files in dependency order (organisations and companies before their links)."""
    rank = {k: i for i, k in enumerate(LOAD_ORDER)}
    return sorted(paths, key=lambda p: rank.get(p.stem, len(rank)))


@contextmanager
def collect(paths: list[str | Path], *,
            with_reference: bool = True) -> Iterator[tuple[GraphStore, list[LoadReport]]]:
    """(scratch store holding every node and relationship, [LoadReport per file])."""
    with tempfile.TemporaryDirectory(prefix="kg-records-") as tmp:
        target = f"embedded:{Path(tmp) / 'kg'}"
        with open_store(target, load_settings(target)) as st:
            st.setup_schema()
            if with_reference:
                load_reference(st)
            yield st, [load_table(st, Path(p)) for p in paths]


# Nodes are read in pages of internal ids (FalkorDB plans `id(n)` ranges as a label-and-id
# scan): at one million companies a single `MATCH (n:Company) RETURN properties(n)` exceeded
# the server's memory limit per query (QUERY_MEM_CAPACITY) and stopped `kg bench` 26 minutes in.
PAGE = 100_000


def _pages(st: GraphStore) -> list[dict]:
    top = st.read("MATCH (n) RETURN max(id(n))").scalar(0) or 0
    return [{"lo": lo, "hi": lo + PAGE} for lo in range(0, top + 1, PAGE)]


def node_rows(st: GraphStore, labels=None):
    """(label, [props]) for each label in the store."""
    pages = _pages(st)  # once: the same id range for every label
    for label in st.counts()["nodes"]:
        if labels is None or label in labels:
            yield label, [r[0] for page in pages for r in st.read(
                f"MATCH (n:`{label}`) WHERE id(n) >= $lo AND id(n) < $hi "
                "RETURN properties(n)", page).rows]


def rel_rows(st: GraphStore, types=None):
    """((type, start label, end label), [{"start", "end", **props}]), read in pages of the
    start nodes' ids."""
    pages = _pages(st)
    for rtype in st.counts()["relationships"]:
        if types is not None and rtype not in types:
            continue
        ends = st.read(f"MATCH (a)-[:`{rtype}`]->(b) "
                       "RETURN DISTINCT labels(a)[0], labels(b)[0]").rows
        for sl, el in ends:
            sk, ek = st.schema.key_of(sl), st.schema.key_of(el)
            rows = [r for page in pages for r in st.read(
                f"MATCH (a:`{sl}`)-[r:`{rtype}`]->(b:`{el}`) WHERE id(a) >= $lo AND id(a) < $hi "
                f"RETURN a.`{sk}`, b.`{ek}`, properties(r)", page).rows]
            yield (rtype, sl, el), [{"start": s, "end": e, **p} for s, e, p in rows]


def record_keys(st: GraphStore) -> tuple[set, set]:
    """({(label, key)}, {(type, start key, end key)}): every record, to skip or count."""
    nodes = {(label, r[st.schema.key_of(label)]) for label, rows in node_rows(st) for r in rows}
    rels = {(t, r["start"], r["end"]) for (t, _, _), rows in rel_rows(st) for r in rows}
    return nodes, rels
