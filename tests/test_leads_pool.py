"""The group pool cut by a score bound in the database (queries/leads/pool.py) gives the same
top lists as the whole pool, on both stores: a generated graph ranked with a tiny first limit
(so the engine must widen, several times) against a limit larger than the graph."""
from __future__ import annotations

import csv
from collections import Counter

from bench.generate import generate, write
from loaders.load import load_path
from loaders.reference.load import load_reference
from queries.leads import engine, rank_leads

ORDER = ["organizations", "companies", "ownership", "agreements", "visits"]


def _lists(store, city):
    rep = rank_leads(store, city, top=10)
    return ([(l.id, l.score) for l in rep.leads], [(l.id, l.score) for l in rep.group_leads])


def test_a_cut_pool_ranks_like_the_whole_pool(store, tmp_path, monkeypatch):
    paths = write(generate(800, seed=5), tmp_path / "gen")
    with paths["agreements"].open(encoding="utf-8") as fh:
        city = Counter(r["place"] for r in csv.DictReader(fh)).most_common(1)[0][0]
    load_reference(store)
    for kind in ORDER:
        load_path(store, paths[kind], setup=False)
    widened = []
    real_widen = engine.Context.widen
    monkeypatch.setattr(engine.Context, "widen",
                        lambda self, limit: (widened.append(limit), real_widen(self, limit))[1])
    monkeypatch.setattr(engine, "POOL_LIMIT", 10 ** 7)
    whole = _lists(store, city)
    assert not widened
    monkeypatch.setattr(engine, "POOL_LIMIT", 2)
    cut = _lists(store, city)
    assert widened, "the tiny limit never widened: the bounded path was not exercised"
    assert len(whole[1]) == 10
    assert cut == whole
