"""The validated records of a set of files: what `kg load` would write, reference data included."""
from __future__ import annotations

from pathlib import Path

from graph.bench.memstore import RecordingStore
from loaders.enrich import search_keys

LOAD_ORDER = ("organizations", "companies", "ownership", "agreements", "projects", "events",
              "visits")


def ordered(paths: list[Path]) -> list[Path]:
    """Generated files in dependency order (organisations and companies before their links)."""
    rank = {k: i for i, k in enumerate(LOAD_ORDER)}
    return sorted(paths, key=lambda p: rank.get(p.stem, len(rank)))


def collect(paths: list[str | Path], *, with_reference: bool = True):
    """(RecordingStore holding every node and relationship, [LoadReport per file])."""
    from loaders.pipeline import load_table
    from loaders.reference import load_reference
    rec = RecordingStore()
    if with_reference:
        load_reference(rec)
        _search_keys(rec)
    reports = [load_table(rec, Path(p)) for p in paths]
    return rec, reports


def _search_keys(rec: RecordingStore) -> None:
    for label in ("Region", "Industry"):
        for props in rec.nodes.get(label, {}).values():
            if props.get("name") and not props.get("name_norm"):
                props.update(search_keys(props["name"]))


def node_rows(rec: RecordingStore, labels=None):
    """(label, [props]) for each label, reference labels first."""
    for label, table in rec.nodes.items():
        if labels is None or label in labels:
            yield label, list(table.values())


def rel_rows(rec: RecordingStore, types=None):
    """((type, start label, end label), [{"start", "end", **props}])."""
    for key, table in rec.rels.items():
        if types is None or key[0] in types:
            yield key, [{"start": s, "end": e, **p} for (s, e), p in table.items()]
