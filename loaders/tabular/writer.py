"""Write converted rows: nodes merged per label, relationships per type, in batches.

Before writing, the graph's current values are read for the same keys, so that rows the graph
already holds exactly are reported as unchanged (and not written again).
"""
from __future__ import annotations

from collections import defaultdict

from graph.store import GraphStore
from loaders.tabular.fragment import Fragment
from loaders.tabular.lookups import lookups_for

IGNORED = {"source_row"}  # where in the file a fact sits is not a change to the fact


def _same(new: dict, old: dict | None) -> bool:
    if old is None:
        return False
    for k, v in new.items():
        if k in IGNORED:
            continue
        if k == "source_ids":
            if not set(v) <= set(old.get(k) or []):
                return False
        elif isinstance(v, float) and isinstance(old.get(k), (int, float)):
            if abs(v - old[k]) > 1e-9 * max(1.0, abs(v)):
                return False
        elif old.get(k) != v:
            return False
    return True


def _merge(into: dict, props: dict) -> None:
    for k, v in props.items():
        if k == "source_ids":
            into[k] = list(dict.fromkeys((into.get(k) or []) + v))
        else:
            into[k] = v


def _add(table: dict, key, props: dict) -> None:
    """`props` merged into `table[key]`; the first props of a key copied in one go (most keys
    occur once per batch): the same as merging them into an empty dict."""
    into = table.get(key)
    if into is not None:
        _merge(into, props)
        return
    into = table[key] = dict(props)
    sids = into.get("source_ids")
    if sids is not None:
        into["source_ids"] = list(dict.fromkeys(sids))


def write_fragments(store: GraphStore, good: list[tuple[int, Fragment]],
                    empty: frozenset[str] = frozenset()):
    """Returns (row numbers unchanged, {row number: (field, value, reason)} not written).

    `empty` names the labels and relationship types the graph had none of when this load
    began: nothing of theirs can be unchanged, so their current values are not read."""
    schema = store.schema
    nodes: dict[str, dict] = defaultdict(dict)          # label -> key -> props
    node_rows: dict[tuple, set] = defaultdict(set)     # (label, key) -> rows
    rels: dict[tuple, dict] = defaultdict(dict)        # (type, sl, el) -> (s, e) -> props
    rel_rows: dict[tuple, set] = defaultdict(set)
    key_of: dict[str, str] = {}
    for n, frag in good:
        for label, props in frag.nodes:
            prop = key_of.get(label) or key_of.setdefault(label, schema.key_of(label))
            key = props[prop]
            _add(nodes[label], key, props)
            node_rows[(label, key)].add(n)
        for rtype, (sl, sk), (el, ek), props in frag.rels:
            _add(rels[(rtype, sl, el)], (sk, ek), props)
            rel_rows[(rtype, sl, el, sk, ek)].add(n)
    changed_rows: set[int] = set()
    lookups = lookups_for(store)
    absent: dict[str, set] = {}   # label -> keys the graph was just asked for and lacks
    for label, by_key in nodes.items():
        old = {} if label in empty else lookups.existing_nodes(label, list(by_key))
        if label not in empty:   # (an empty label's nodes may come from an earlier batch)
            absent[label] = by_key.keys() - old.keys()
        for key, props in by_key.items():
            if not _same(props, old.get(key)):
                changed_rows |= node_rows[(label, key)]
    for (rtype, sl, el), by_pair in rels.items():
        # a relationship with an end the graph lacks cannot exist yet: not asked for (a new
        # company's LOCATED_IN, IN_INDUSTRY, ...: most of an incremental load's relationships)
        lacks_s, lacks_e = absent.get(sl, ()), absent.get(el, ())
        ask = [p for p in by_pair if p[0] not in lacks_s and p[1] not in lacks_e]
        old = {} if rtype in empty or not ask else lookups.existing_rels(rtype, sl, el, ask)
        for pair, props in by_pair.items():
            if not _same(props, old.get(pair)):
                changed_rows |= rel_rows[(rtype, sl, el, *pair)]
    every = len(changed_rows) == len(good)  # (a first load: nothing is unchanged)
    for label, by_key in nodes.items():
        rows = list(by_key.values()) if every else [
            p for k, p in by_key.items() if node_rows[(label, k)] & changed_rows]
        store.upsert_nodes(label, rows)
    missing: dict[int, tuple] = {}
    for (rtype, sl, el), by_pair in rels.items():
        rows = [{"start": s, "end": e, **p} for (s, e), p in by_pair.items()
                if every or rel_rows[(rtype, sl, el, s, e)] & changed_rows]
        for m in store.upsert_relationships(rtype, sl, el, rows).missing:
            for n in rel_rows[(rtype, sl, el, m["start"], m["end"])]:
                missing[n] = (rtype, f"{m['start']} -> {m['end']}",
                              f"{sl} or {el} node not found in the graph")
    unchanged = {n for n, _ in good} - changed_rows
    return unchanged, missing
