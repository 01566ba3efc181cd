"""The group pool cut by a score bound in the database (queries/leads/pool.py) gives the same
top lists as the whole pool, on both stores: a generated graph ranked with a tiny first limit
(so the engine must widen, several times) against a limit larger than the graph."""
from __future__ import annotations

import csv
from collections import Counter

import pytest

from bench.generate import generate, write
from loaders.load import load_path
from loaders.reference.load import load_reference
from queries.leads import engine, rank_leads

ORDER = ["organizations", "companies", "ownership", "agreements", "visits"]


def _lists(store, city, industries=None):
    rep = rank_leads(store, city, industries, top=10)
    return ([(l.id, l.score) for l in rep.leads], [(l.id, l.score) for l in rep.group_leads])


@pytest.mark.parametrize("focus", [False, True], ids=["no-focus", "focus-industry"])
def test_a_cut_pool_ranks_like_the_whole_pool(store, tmp_path, monkeypatch, focus):
    """With a focus industry both lists are cut (each with its own floor) and proximity
    (PageRank) counts: it must not depend on how much of the pool was read."""
    paths = write(generate(800, seed=5), tmp_path / "gen")
    with paths["agreements"].open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    city = Counter(r["place"] for r in rows).most_common(1)[0][0]
    industries = None
    if focus:  # the industry most signed in that city: many fitting group companies
        industries = [Counter(r["industry"] for r in rows if r["place"] == city
                              and r["industry"]).most_common(1)[0][0]]
    load_reference(store)
    for kind in ORDER:
        load_path(store, paths[kind], setup=False)
    widened = []
    real_widen = engine.Context.widen
    monkeypatch.setattr(engine.Context, "widen",
                        lambda self, limit: (widened.append(limit), real_widen(self, limit))[1])
    monkeypatch.setattr(engine, "POOL_LIMIT", 10 ** 7)
    whole = _lists(store, city, industries)
    assert not widened
    monkeypatch.setattr(engine, "POOL_LIMIT", 2)
    cut = _lists(store, city, industries)
    assert widened, "the tiny limit never widened: the bounded path was not exercised"
    assert len(whole[1]) == 10
    if focus:
        assert len(whole[0]) >= 5
        rep = rank_leads(store, city, industries, top=10)
        assert any(l.contributions["proximity"] > 0 for l in rep.leads), "no proximity at all"
    assert cut == whole
