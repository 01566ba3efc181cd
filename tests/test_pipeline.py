"""Lead follow-up and the audit trail: contract tests on both stores (embedded and Neo4j)."""
from __future__ import annotations

import datetime as dt

import pytest

from graph.errors import InputError, PermissionDenied
from queries import audit, pipeline
from queries.audit import Actor
from queries.leads.followup import drop_abandoned, followed

EDITOR = Actor("wang", "editor", "app")
VIEWER = Actor("li", "viewer", "app")


@pytest.fixture
def graph(store):
    store.upsert_nodes("Region", [{"code": "320300", "name": "徐州市"},
                                  {"code": "320311", "name": "泉山区"}])
    store.upsert_relationships("PART_OF", "Region", "Region", [{"start": "320311",
                                                                "end": "320300"}])
    store.upsert_nodes("Company", [{"id": "C1", "name": "甲科技有限公司"},
                                   {"id": "C2", "name": "乙材料股份有限公司"}])
    return store


def test_add_move_note_history_and_audit(graph):
    pipeline.add(graph, EDITOR, "甲科技有限公司", "徐州市", next_date="2020-01-02", note="首次")
    pipeline.move(graph, EDITOR, "C1", "320300", "已接触", note="电话联系")
    pipeline.add_note(graph, EDITOR, "C1", "徐州市", "约了下周拜访", owner="zhang")
    pipeline.move(graph, EDITOR, "C1", "徐州市", "有意向")
    (lead,) = pipeline.leads(graph, "徐州市", today=dt.date(2021, 1, 1))
    assert (lead["company"], lead["stage"], lead["owner"]) == ("甲科技有限公司", "有意向", "zhang")
    assert lead["next_date"] == "2020-01-02" and lead["overdue"] is True
    steps = [(h["action"], h["from_stage"], h["stage"], h["note"], h["by"])
             for h in lead["history"]]
    assert steps == [("add", None, "待接触", "首次", "wang"),
                     ("move", "待接触", "已接触", "电话联系", "wang"),
                     ("note", None, "已接触", "约了下周拜访", "wang"),
                     ("move", "已接触", "有意向", None, "wang")]
    log = audit.entries(graph)
    assert [e["action"] for e in log] == ["pipeline.move", "pipeline.note", "pipeline.move",
                                          "pipeline.add"]  # newest first
    assert log[0]["user"] == "wang" and log[0]["counts"] == {"from": "已接触", "to": "有意向"}
    assert all(e["at"] for e in log)


def test_viewer_is_refused_where_the_write_happens(graph):
    with pytest.raises(PermissionDenied):
        pipeline.add(graph, VIEWER, "C1", "徐州市")
    pipeline.add(graph, EDITOR, "C1", "徐州市")
    with pytest.raises(PermissionDenied):
        pipeline.move(graph, Actor("a", "analyst", "app"), "C1", "徐州市", "已接触")
    assert pipeline.leads(graph)[0]["stage"] == "待接触"
    assert [e["action"] for e in audit.entries(graph)] == ["pipeline.add"]


def test_bad_input_is_specific(graph):
    with pytest.raises(InputError, match="unknown company"):
        pipeline.add(graph, EDITOR, "不存在的公司", "徐州市")
    pipeline.add(graph, EDITOR, "C1", "徐州市")
    with pytest.raises(InputError, match="already in follow-up"):
        pipeline.add(graph, EDITOR, "C1", "徐州市")
    with pytest.raises(InputError, match="expected one of"):
        pipeline.move(graph, EDITOR, "C1", "徐州市", "签了")
    with pytest.raises(InputError, match="reason"):
        pipeline.move(graph, EDITOR, "C1", "徐州市", "已放弃")
    with pytest.raises(InputError, match="YYYY-MM-DD"):
        pipeline.add_note(graph, EDITOR, "C1", "徐州市", "x", next_date="下周")


def test_signing_creates_the_agreement_the_backtest_reads(graph):
    pipeline.add(graph, EDITOR, "C1", "泉山区")
    out = pipeline.move(graph, EDITOR, "C1", "泉山区", "已签约", note="签约仪式")
    rec = graph.read("MATCH (c:Company {id: 'C1'})-[:PARTY_TO]->(a:Agreement)-[:SIGNED_IN]->"
                     "(r:Region {code: '320311'}) MATCH (:FollowUp)-[:RESULTED_IN]->(a) "
                     "RETURN a.id AS id, a.date AS d, a.status AS s").records()
    assert rec == [{"id": out["agreement"], "d": dt.date.today().isoformat(), "s": "已签约"}]
    # an agreement already loaded for the company and region is linked, not duplicated
    graph.upsert_nodes("Agreement", [{"id": "A9", "title": "乙项目", "date": "2099-01-01"}])
    graph.upsert_relationships("PARTY_TO", "Company", "Agreement", [{"start": "C2", "end": "A9"}])
    graph.upsert_relationships("SIGNED_IN", "Agreement", "Region",
                               [{"start": "A9", "end": "320300"}])
    pipeline.add(graph, EDITOR, "C2", "徐州市")
    assert pipeline.move(graph, EDITOR, "C2", "徐州市", "已签约")["agreement"] == "A9"
    assert graph.read("MATCH (a:Agreement) RETURN count(a)").scalar() == 2


def test_abandoned_leads_stay_out_for_the_configured_period(graph):
    pipeline.add(graph, EDITOR, "C1", "徐州市")
    pipeline.add(graph, EDITOR, "C2", "徐州市")
    pipeline.move(graph, EDITOR, "C2", "徐州市", "已放弃", lost_reason="已在他市落地")
    active, abandoned = followed(graph, "320300", abandon_days=30)
    assert (active, abandoned) == ({"C1"}, {"C2"})
    assert drop_abandoned(["C1", "C2", "C3"], abandoned) == ["C1", "C3"]
    later = dt.date.today() + dt.timedelta(days=31)
    assert followed(graph, "320300", abandon_days=30, today=later) == ({"C1"}, set())
    lost = [r for r in pipeline.leads(graph) if r["stage"] == "已放弃"]
    assert lost[0]["lost_reason"] == "已在他市落地"


def test_funnel_counts_each_stage_reached(graph):
    pipeline.add(graph, EDITOR, "C1", "徐州市")
    pipeline.add(graph, EDITOR, "C2", "徐州市")
    pipeline.move(graph, EDITOR, "C1", "徐州市", "洽谈中")
    pipeline.move(graph, EDITOR, "C2", "徐州市", "已接触")
    pipeline.move(graph, EDITOR, "C2", "徐州市", "已放弃", note="无意向")
    (row,) = pipeline.funnel(pipeline.leads(graph))
    assert row["region"] == "徐州市" and row["total"] == 2
    assert [row[s] for s in pipeline.STAGES] == [2, 2, 1, 1, 0, 0, 1]


def test_audit_is_append_only_and_filterable(graph):
    a = audit.record(graph, Actor("ops", "admin", "cli"), "load", "x.csv",
                     {"read": 3, "loaded": 2, "rejected": 1})
    audit.record(graph, Actor("ops", "admin", "cli"), "users.add", "wang", {"role": "editor"})
    got = audit.entries(graph, action="load")
    assert len(got) == 1 and got[0]["id"] == a["id"] and got[0]["counts"]["rejected"] == 1
    assert [e["action"] for e in audit.entries(graph)] == ["users.add", "load"]


def test_throttle_locks_past_the_free_failures_and_doubles():
    from graph.users import Throttle
    th = Throttle(free=3, window=900, cap=300, base=5)
    for i in range(3):
        th.fail("user:li", 100.0 + i)
        assert th.wait("user:li", 100.0 + i) == 0  # three mistakes are free
    th.fail("user:li", 110.0)
    assert th.wait("user:li", 110.0) == 5 and th.wait("user:li", 116.0) == 0
    th.fail("user:li", 116.0)
    assert th.wait("user:li", 116.0) == 10
    assert th.wait("user:wang", 116.0) == 0              # other names are not affected
    assert th.wait("user:li", 116.0 + 900) == 0          # failures age out of the window
    th.clear("user:li")
    assert th.wait("user:li", 117.0) == 0


def test_users_file_roles_and_hashes(tmp_path):
    from graph.users import (add_user, allows, read_users, remove_user, require, set_password,
                             users_file)
    path = users_file(f"embedded:{tmp_path / '.kg'}")
    assert path == tmp_path / ".kg.users.yaml"           # beside the store
    add_user(path, "wang", "editor", "editor-pass-1", "王科长")
    text = path.read_text(encoding="utf-8")
    assert "editor-pass-1" not in text and "$2b$" in text and (path.stat().st_mode & 0o077) == 0
    with pytest.raises(InputError, match="exists"):
        add_user(path, "wang", "viewer", "another-pass")
    with pytest.raises(InputError, match="shorter"):
        set_password(path, "wang", "short")
    assert read_users(path)["wang"]["role"] == "editor"
    assert allows("admin", "editor") and not allows("analyst", "editor") and not allows(None, "viewer")
    with pytest.raises(PermissionDenied, match="editor"):
        require("viewer", "editor", "loading x.csv")
    remove_user(path, "wang")
    assert read_users(path) == {}


def test_the_ranking_leaves_out_a_lead_the_region_abandoned(store):
    """The hook in the lead engine (queries/leads/engine.py, Context._candidates)."""
    from queries.leads import rank_leads
    from test_query_library import build_story
    build_story(store)
    before = rank_leads(store, "徐州市", top=50)
    first = before.leads[0]
    pipeline.add(store, EDITOR, first.id, before.region["code"])
    assert first.id in [x.id for x in rank_leads(store, "徐州市", top=50).leads]  # followed: kept
    pipeline.move(store, EDITOR, first.id, before.region["code"], "已放弃", note="已在他市落地")
    after = rank_leads(store, "徐州市", top=50)
    assert first.id not in [x.id for x in after.leads]
    assert [x.id for x in after.leads] == [x.id for x in before.leads if x.id != first.id]
