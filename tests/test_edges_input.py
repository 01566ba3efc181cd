"""Issue 12, item 11: silent input surprises become clear errors or reported rejects."""
from __future__ import annotations

import csv
import math
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from cli import main
from graph.errors import InputError
from loaders.tabular import read
from loaders.tabular.pipeline import load_table

ROOT = Path(__file__).resolve().parents[1]


def _csv(path: Path, rows) -> Path:
    with open(path, "w", newline="", encoding="utf-8") as fh:
        csv.writer(fh).writerows(rows)
    return path


def _target(store) -> str:
    return f"embedded:{store.server.dir}" if store.kind == "embedded" else store.uri


def test_ragged_row_with_extra_cells_is_rejected_not_cut(store, tmp_path):
    path = _csv(tmp_path / "c.csv", [["企业名称", "省份"], ["甲乙科技有限公司", "江苏省"],
                                     ["丙丁科技有限公司", "江苏省", "多出来的单元格"]])
    report = load_table(store, path, "companies")
    assert report.read == 2 and report.rejected == 1
    (rej,) = report.rejects
    assert rej.row == 3 and "多出来的单元格" in rej.value and "2" in rej.reason
    names = {r[0] for r in store.read("MATCH (c:Company) RETURN c.name").rows}
    assert "丙丁科技有限公司" not in names


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_duplicated_header_is_refused_naming_the_column(tmp_path, fmt):
    rows = [["企业名称", "省份", "企业名称"], ["甲乙科技有限公司", "江苏省", "别的公司"]]
    if fmt == "csv":
        path = _csv(tmp_path / "d.csv", rows)
    else:
        from openpyxl import Workbook
        wb = Workbook()
        for r in rows:
            wb.active.append(r)
        path = tmp_path / "d.xlsx"
        wb.save(path)
    with pytest.raises(InputError, match="企业名称.*(1.*3|columns)"):
        load_table(None, path, "companies", dry_run=True)


def test_names_differing_only_in_quotes_do_not_merge(store, tmp_path):
    path = _csv(tmp_path / "q.csv", [["企业名称", "省份"], ['"星光"科技有限公司', "江苏省"],
                                     ["星光科技有限公司", "江苏省"]])
    report = load_table(store, path, "companies")
    assert report.rejected == 0
    assert store.read("MATCH (c:Company) RETURN count(c)").scalar() == 2


def test_xlsx_over_the_uncompressed_limit_is_refused(tmp_path, monkeypatch):
    from openpyxl import Workbook
    wb = Workbook()
    for i in range(2000):
        wb.active.append([f"公司{i:05d}有限公司", "江苏省", "x" * 40])
    path = tmp_path / "big.xlsx"
    wb.save(path)
    monkeypatch.setattr(read, "XLSX_MAX_UNCOMPRESSED", 50_000)
    with pytest.raises(InputError, match="uncompressed|解压"):
        load_table(None, path, "companies", dry_run=True)


def test_csv_preview_reads_only_the_head(tmp_path):
    from ui import upload
    rows = [["企业名称", "省份"]] + [[f"预览公司{i:05d}", "江苏省"] for i in range(5000)]
    path = _csv(tmp_path / "big.csv", rows)
    prev, cut = upload.preview_copy(path)
    assert cut and prev.name == path.name
    report = load_table(None, prev, "companies", dry_run=True)
    assert report.read == upload.PREVIEW_ROWS
    small = _csv(tmp_path / "small.csv", rows[:10])
    assert upload.preview_copy(small) == (small, False)


@pytest.mark.parametrize("args", [["--timeout", "-1"], ["--timeout", "nan"], ["--timeout", "0"],
                                  ["--timeout", "inf"], ["--limit", "-1"], ["--limit", "0"]])
def test_bad_timeout_and_limit_are_clear_errors_on_both_stores(store, args):
    res = CliRunner().invoke(main, ["--store", _target(store), "query", "--cypher",
                                    "UNWIND range(1, 3) AS x RETURN x", *args])
    assert res.exit_code == 2, res.output
    assert res.exception is None or isinstance(res.exception, SystemExit), res.exception
    assert "Traceback" not in res.output
    assert args[0] in res.output and ("positive" in res.output or "大于" in res.output)


def test_terminal_escape_codes_are_stripped_from_table_output(store):
    res = CliRunner().invoke(main, ["--store", _target(store), "query", "--cypher",
                                    "RETURN $x AS x", "-p", "x=\x1b[2J\x1b]0;owned\x07red\x9b1m"])
    assert res.exit_code == 0, res.output
    assert "\x1b" not in res.output and "\x07" not in res.output and "\x9b" not in res.output
    assert "red" in res.output


def test_uri_credentials_error_never_prints_the_password():
    res = CliRunner().invoke(main, ["--store", "bolt://user:s3cretpw@127.0.0.1:1", "stats"])
    assert res.exit_code == 2
    assert "s3cretpw" not in res.output and "NEO4J_PASSWORD" in res.output


def test_compose_health_check_puts_no_password_on_a_command_line():
    spec = yaml.safe_load((ROOT / "docker-compose.yml").read_text(encoding="utf-8"))
    test = spec["services"]["neo4j"]["healthcheck"]["test"]
    cmd = " ".join(test[1:]) if isinstance(test, list) else test
    assert "cypher-shell" in cmd
    assert not any(flag in cmd.split() for flag in ("-p", "--password")), cmd
    assert "${NEO4J_PASSWORD" not in cmd.replace("$$", "$") or "NEO4J_PASSWORD=" in cmd
