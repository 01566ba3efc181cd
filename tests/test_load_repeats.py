"""Values that repeat from row to row (place names, dates in the common ISO shape) are
converted once and remembered during a load (loaders/tabular/context.py region cache,
loaders/tabular/values.py ISO fast path). Each row must still get its own result and its own
problems. Expectations written by hand; the companies are made up and flagged synthetic."""
from __future__ import annotations

import csv

from loaders.tabular.pipeline import load_table

ROWS = [
    ["企业名称", "成立日期", "省份", "城市", "合成"],
    ["甲测试机械有限公司", "2015-06-01", "江苏省", "徐州市", "true"],
    ["乙测试机械有限公司", "2015-06-01", "火星省", "", "true"],          # bad place
    ["丙测试机械有限公司", "2016-02-30", "江苏省", "徐州市", "true"],    # bad date, same place
    ["丁测试机械有限公司", "2017-01-09", "火星省", "", "true"],          # the bad place again
    ["戊测试机械有限公司", "2018-12-31", "江苏省", "徐州市", "true"],
]


def test_repeated_places_and_dates_keep_each_rows_own_result(store, tmp_path):
    path = tmp_path / "companies.csv"
    with open(path, "w", newline="", encoding="utf-8") as fh:
        csv.writer(fh).writerows(ROWS)
    rep = load_table(store, path)
    assert (rep.read, rep.loaded, rep.rejected) == (5, 2, 3)
    problems = sorted((r.row, r.field, r.value) for r in rep.rejects)
    assert problems == [(3, "province", "火星省"), (4, "founded", "2016-02-30"),
                        (5, "province", "火星省")]
    got = store.read("MATCH (c:Company)-[:LOCATED_IN]->(r:Region) "
                     "RETURN c.name, c.founded, r.code ORDER BY c.name").rows
    assert got == [["戊测试机械有限公司", "2018-12-31", "320300"],
                   ["甲测试机械有限公司", "2015-06-01", "320300"]]
