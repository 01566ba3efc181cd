"""A rejects file is the rejected rows themselves, with every problem found: fixed in a
spreadsheet and loaded again, it completes the load with no duplicates."""
from __future__ import annotations

import csv

from loaders.load import load_path, save_rejects

ROWS = [
    ["企业名称", "统一社会信用代码", "成立日期", "注册资本", "省份", "城市", "synthetic"],
    ["甲乙丙测试科技有限公司", "", "2019-03-01", "500万元", "江苏省", "徐州市", "是"],
    ["丁戊己测试材料有限公司", "", "2020-13-45", "300万元", "火星省", "徐州市", "是"],
    ["庚辛壬测试装备有限公司", "91440300100016860X", "2021-02-30", "很多钱", "江苏省", "", "是"],
    ["癸子丑测试能源有限公司", "", "2018-07-01", "", "江苏省", "徐州市", "是"],
]


def _write(path, rows):
    with open(path, "w", newline="", encoding="utf-8-sig") as fh:
        csv.writer(fh).writerows(rows)
    return path


def _read(path):
    with open(path, encoding="utf-8-sig", newline="") as fh:
        return list(csv.DictReader(fh))


def test_fix_the_rejects_file_and_load_it_again(store, tmp_path):
    src = _write(tmp_path / "companies.csv", ROWS)
    (rep,) = load_path(store, src)
    assert (rep.read, rep.loaded, rep.rejected) == (4, 2, 2)
    out = tmp_path / "companies.rejects.csv"
    assert save_rejects([rep], out) == 2
    rejected = _read(out)
    assert list(rejected[0])[:7] == ROWS[0] and list(rejected[0])[7:] == ["_file", "_row",
                                                                           "_reasons"]
    by_row = {int(r["_row"]): r for r in rejected}
    assert set(by_row) == {3, 4}
    # every problem of a row, not the first one only
    assert "founded" in by_row[3]["_reasons"] and "province" in by_row[3]["_reasons"]
    assert all(f in by_row[4]["_reasons"] for f in ("uscc", "founded", "reg_capital"))
    assert by_row[3]["企业名称"] == "丁戊己测试材料有限公司"  # the row as it was read
    # the user fixes the cells in Excel/WPS and loads the same file again
    by_row[3].update({"成立日期": "2020-12-15", "省份": "江苏省"})
    by_row[4].update({"统一社会信用代码": "", "成立日期": "2021-02-28", "注册资本": "800万元"})
    fixed = tmp_path / "fixed.csv"
    with open(fixed, "w", newline="", encoding="utf-8-sig") as fh:
        w = csv.DictWriter(fh, list(rejected[0]))
        w.writeheader()
        w.writerows(by_row.values())
    (again,) = load_path(store, fixed)
    assert (again.read, again.loaded, again.rejected) == (2, 2, 0)
    names = store.read("MATCH (c:Company) WHERE c.name ENDS WITH '测试材料有限公司' OR "
                       "c.name ENDS WITH '测试装备有限公司' OR c.name ENDS WITH '测试科技有限公司' "
                       "OR c.name ENDS WITH '测试能源有限公司' RETURN c.name, c.founded").rows
    assert sorted(n for n, _ in names) == sorted(r[0] for r in ROWS[1:])  # once each
    assert dict(names)["丁戊己测试材料有限公司"] == "2020-12-15"
    counts = store.counts()
    (third,) = load_path(store, src)  # the original again: nothing new, no duplicates
    assert third.loaded == 2 and store.counts() == counts
