"""`chain_coverage` tells a gap from missing data (issue 15, item 8), on a small graph built
here and checked by hand, on both stores; gap candidates come from the lead engine."""
from __future__ import annotations

import pytest

from queries import library
from queries.leads.engine import gap_candidates

GB = "GB/T 4754-2017"


def build_chain(st):
    """Province 江苏省 (徐州市, 南京市) and 广东省 (深圳市); 徐州市 prioritises 新能源, whose chain
    has four segments, each classified in its own GB/T division:
      S1 电池 (C38): 徐州电池 is in 徐州市                                 -> 已覆盖
      S2 组件 (C39): 南京组件 in 南京市, 深圳组件 in 深圳市 (city known)     -> 缺口
                     (these two are classified in the segment itself)
      S3 风机 (C34): 江苏风机 known only to 江苏省 (may be in 徐州), 深圳风机 -> 数据不足
      S4 储能 (D44): no company at all                                   -> 数据不足
    """
    st.setup_schema()
    st.upsert_nodes("Region", [
        {"code": "320000", "name": "江苏省", "level": "province"},
        {"code": "440000", "name": "广东省", "level": "province"},
        {"code": "320300", "name": "徐州市", "level": "prefecture"},
        {"code": "320100", "name": "南京市", "level": "prefecture"},
        {"code": "440300", "name": "深圳市", "level": "prefecture"}])
    st.upsert_relationships("PART_OF", "Region", "Region", [
        {"start": "320300", "end": "320000"}, {"start": "320100", "end": "320000"},
        {"start": "440300", "end": "440000"}])
    divisions = {"C38": "电气机械和器材制造业", "C39": "计算机、通信和其他电子设备制造业",
                 "C34": "通用设备制造业", "D44": "电力、热力生产和供应业"}
    segs = {"S1": ("电池", "C38"), "S2": ("组件", "C39"), "S3": ("风机", "C34"),
            "S4": ("储能", "D44")}
    st.upsert_nodes("Industry", [
        {"code": "XZ:2", "name": "新能源", "scheme": "徐州市重点产业", "level": 1},
        {"code": "CHAIN:ne:mid", "name": "新能源产业链·中游", "scheme": "chain:ne", "level": 1}]
        + [{"code": f"GB4754:{c}", "name": n, "scheme": GB, "level": 2}
           for c, n in divisions.items()]
        + [{"code": f"V:{c}", "name": f"{n}（行业软件分类）", "scheme": "自定义", "level": 1}
           for c, n in divisions.items()]
        + [{"code": f"CHAIN:ne:{s}", "name": n, "scheme": "chain:ne", "level": 2}
           for s, (n, _) in segs.items()])
    st.upsert_relationships("PRIORITIZES", "Region", "Industry", [{"start": "320300",
                                                                   "end": "XZ:2"}])
    st.upsert_relationships("SUBCLASS_OF", "Industry", "Industry", [
        {"start": "CHAIN:ne:mid", "end": "XZ:2"}]
        + [{"start": f"V:{c}", "end": f"GB4754:{c}"} for c in divisions]
        + [{"start": f"CHAIN:ne:{s}", "end": e} for s, (_, c) in segs.items()
           for e in ("CHAIN:ne:mid", f"GB4754:{c}")])
    firms = [("xzbat", "徐州电池", "C38", "320300"), ("njmod", "南京组件", "C39", "320100"),
             ("szmod", "深圳组件", "C39", "440300"), ("jswind", "江苏风机", "C34", "320000"),
             ("szwind", "深圳风机", "C34", "440300")]
    st.upsert_nodes("Company", [{"id": i, "name": n} for i, n, _, _ in firms])
    # the two module makers are classified in the segment itself (the engine's focus rule
    # counts a company in the segment or below it; a GB/T division alone is too broad for it)
    st.upsert_relationships("IN_INDUSTRY", "Company", "Industry",
                            [{"start": i, "end": "CHAIN:ne:S2" if c == "C39" else f"V:{c}"}
                             for i, _, c, _ in firms])
    st.upsert_relationships("LOCATED_IN", "Company", "Region",
                            [{"start": i, "end": r} for i, _, _, r in firms])
    return st


@pytest.fixture
def chain_store(store):
    return build_chain(store)


def coverage(st, region="徐州市") -> dict:
    q = library.get_query("chain_coverage")
    return {r["segment"]: r for r in st.read(q.text, {"region": region}).records()}


def test_statuses_are_covered_gap_or_not_enough_data(chain_store):
    rows = coverage(chain_store)
    assert {k: r["status"] for k, r in rows.items()} == {
        "电池": "已覆盖", "组件": "缺口", "风机": "数据不足", "储能": "数据不足"}
    assert rows["电池"]["companies"] == ["徐州电池"] and rows["电池"]["local_companies"] == 1
    assert int(rows["组件"]["city_known"]) == 2 and int(rows["组件"]["province_only"]) == 0
    assert int(rows["风机"]["province_only"]) == 1 and int(rows["风机"]["city_known"]) == 1
    assert rows["组件"]["gap"] is True and rows["风机"]["gap"] is False
    assert rows["组件"]["classes"] == ["计算机、通信和其他电子设备制造业"]
    assert rows["风机"]["classes"] == ["通用设备制造业"]  # found through the division
    assert rows["组件"]["stage"] == "新能源产业链·中游"


def test_a_province_only_company_elsewhere_does_not_block_a_gap(chain_store):
    """A company known only to 广东省 cannot be in 徐州市: the gap stands."""
    chain_store.upsert_nodes("Company", [{"id": "gdmod", "name": "广东组件"}])
    chain_store.upsert_relationships("IN_INDUSTRY", "Company", "Industry",
                                     [{"start": "gdmod", "end": "V:C39"}])  # via C39
    chain_store.upsert_relationships("LOCATED_IN", "Company", "Region",
                                     [{"start": "gdmod", "end": "440000"}])
    assert coverage(chain_store)["组件"]["status"] == "缺口"


def test_gap_candidates_come_from_the_engine(chain_store):
    rep = gap_candidates(chain_store, "徐州市", "CHAIN:ne:S2", top=5)
    names = [lead.name for lead in rep.leads]
    assert set(names) == {"南京组件", "深圳组件"}
    assert all(lead.reasons for lead in rep.leads)
