"""Load all reference data the project ships or reads from installed packages.

Order matters (relationships need both ends): regions and clusters, GB/T 4754-2017 sections
and divisions, the 2018 strategic emerging industry categories, Xuzhou's priority industries
(need Region 320300 and the divisions), the project's four industry chains (need the
priorities and divisions). Every step MERGEs, so running it twice gives the same counts.
"""
from __future__ import annotations

from pathlib import Path

from loaders.reference import industries, regions
from loaders.resolve.enrich import search_keys


def load_reference(store, progress=None, *, gbt_tree: str | Path | None = None) -> dict[str, int]:
    """Load the reference data; returns counts per step. With ``gbt_tree`` (a path to the
    four-level GB/T 4754 JSON) the full tree and its SEI links are loaded too."""
    counts: dict[str, int] = {}
    counts.update(regions.load_regions(store, progress))
    counts.update(industries.load_gbt_top(store, progress))
    counts.update(industries.load_sei(store, progress))
    if gbt_tree:
        counts.update(industries.load_gbt_tree(store, gbt_tree, progress))
    counts.update(industries.load_xuzhou_priorities(store, progress))
    counts.update(industries.load_chains(store, progress=progress))
    add_search_keys(store)
    return counts


def add_search_keys(store, labels=("Region", "Industry")) -> int:
    """Give named reference nodes the search keys (normalised name, pinyin, initials)."""
    n = 0
    for label in labels:
        key = store.schema.key_of(label)
        rows = store.read(f"MATCH (x:{label}) WHERE x.name_norm IS NULL RETURN x.{key}, x.name").rows
        store.upsert_nodes(label, [{key: k, **search_keys(name)} for k, name in rows if name])
        n += len(rows)
    return n
