"""The group pool cut by a score bound in the database (queries/leads/pool.py) gives the same
top lists as the whole pool, on both stores: a generated graph ranked with a tiny first limit
(so the engine must widen, several times) against a limit larger than the graph."""
from __future__ import annotations

import csv
from collections import Counter

import pytest

from queries.leads import engine, rank_leads


def _lists(store, city, industries=None):
    rep = rank_leads(store, city, industries, top=10)
    return ([(l.id, l.score) for l in rep.leads], [(l.id, l.score) for l in rep.group_leads])


@pytest.mark.parametrize("focus", [False, True], ids=["no-focus", "focus-industry"])
def test_a_cut_pool_ranks_like_the_whole_pool(store, tmp_path, monkeypatch, focus,
                                             load_generated):
    """With a focus industry both lists are cut (each with its own floor) and proximity
    (PageRank) counts: it must not depend on how much of the pool was read."""
    paths, city = load_generated(store, tmp_path / "gen", 800, 5)
    with paths["agreements"].open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    industries = None
    if focus:  # the industry most signed in that city: many fitting group companies
        industries = [Counter(r["industry"] for r in rows if r["place"] == city
                              and r["industry"]).most_common(1)[0][0]]
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




def test_the_thresholds_read_fewer_members_and_rank_like_every_member(store, tmp_path,
                                                                      monkeypatch, load_generated):
    """The pool bounds only the members whose bound can reach a threshold (indexes on
    `lead_scale` and `activity_day`, then queries/leads/bounds.py), fewer than the engaged
    groups hold, and ranks as reading every member does (pool.BY_ROOT: a store derived before
    `lead_scale`, here wiped)."""
    from queries.leads import bounds, fetch, pool
    _, city = load_generated(store, tmp_path / "gen", 800, 5)
    asked, whole = [], []
    real, real_bounds = fetch.read_all, bounds.bounds
    monkeypatch.setattr(fetch, "read_all", lambda s, q, **p: (
        whole.append(p) if q == pool.BY_ROOT else None, real(s, q, **p))[1])
    monkeypatch.setattr(bounds, "bounds",
                        lambda m, a, p, *rest: (asked.append(a), real_bounds(m, a, p, *rest))[1])
    monkeypatch.setattr(engine, "POOL_LIMIT", 5)
    cut = _lists(store, city)
    assert asked and not whole, "the threshold path was not used"
    first = asked[0]
    read = sum(len(x["ids"]) for x in first)
    every = store.read(pool.EVERY.replace("RETURN root, c.id AS id", "RETURN count(c) AS n"),
                       {"roots": [x["g"]["root"] for x in first]}).scalar(0)
    assert 0 < read < every
    store.write("MATCH (c:Company) SET c.lead_scale = null")
    asked.clear()
    assert _lists(store, city) == cut
    assert whole and not asked   # every member, in the database


@pytest.mark.parametrize("question", [{}, {"focus": True, "asof": "2025-06-30"}],
                         ids=["no-focus", "focus-asof"])
def test_bounds_in_python_equal_the_statements(store, tmp_path, monkeypatch, load_generated,
                                               question):
    """bounds.bounds over every member of the engaged groups gives pool.BY_ROOT's rows: the
    same members in the same order, lists, counts and bounds (to the 15 significant digits
    FalkorDB writes a float with)."""
    from queries.leads import bounds, pool
    from queries.leads.context import Context
    paths, city = load_generated(store, tmp_path / "gen", 800, 5)
    industries = []
    if question.get("focus"):
        with paths["agreements"].open(encoding="utf-8") as fh:
            industries = [Counter(r["industry"] for r in csv.DictReader(fh)
                                  if r["place"] == city and r["industry"]).most_common(1)[0][0]]
    ctx = Context.load(store, city, industries, [], question.get("asof"), (), 10,
                       weights=engine.parse_weights(None), limit=2)
    st = ctx._pool_state
    params = {**st["params"], "k": 10 ** 6}
    members = store.read(pool.EVERY, {"roots": [g["root"] for g in st["groups"]]}).records()
    ids = {g["root"]: [] for g in st["groups"]}
    for r in members:
        ids[r["root"]].append(r["id"])
    asked = [{"g": g, "ids": ids[g["root"]]} for g in st["groups"]]
    got = bounds.bounds(ctx.facts.members(store, [r["id"] for r in members]), asked, params)
    want = store.read(pool.BY_ROOT, {"roots": st["groups"], **params}).records()
    assert sum(r["n"] for r in want) > 20
    got, want = (sorted(x, key=lambda r: r["fits"]) for x in (got, want))
    assert [(r["fits"], r["n"]) for r in got] == [(r["fits"], r["n"]) for r in want]
    for a, b in zip(got, want):
        assert [x["id"] for x in a["top"]] == [x["id"] for x in b["top"]]
        assert [x["bound"] for x in a["top"]] == pytest.approx([x["bound"] for x in b["top"]],
                                                                rel=1e-14, abs=0)
