"""Link a data vendor's industry names (the listed-company table's `industry` column) to GB/T
4754-2017 divisions, by the project's own mapping in data/vendor_industries_gbt.csv."""
from __future__ import annotations

import csv
from pathlib import Path

from graph.store import GraphStore
from loaders.resolve.text import normalize_name

MAPPING = Path(__file__).resolve().parents[1] / "data" / "vendor_industries_gbt.csv"
SCHEME = "自定义"  # the scheme the tabular loader gives industries it does not know


def mapping() -> dict[str, str]:
    """{vendor industry name: 'GB4754:<section><division>', or '' when left unmapped}"""
    with open(MAPPING, encoding="utf-8") as fh:
        rows = csv.DictReader(line for line in fh if not line.startswith("#"))
        return {r["vendor_industry"]: f"GB4754:{r['gbt_division']}" if r["gbt_division"] else ""
                for r in rows}


def link_vendor_industries(store: GraphStore) -> int:
    """SUBCLASS_OF from each vendor industry present in the graph to its GB/T division."""
    rows = [{"start": f"tag:{SCHEME}:{normalize_name(name)}", "end": code,
             "evidence": "项目自定映射（loaders/data/vendor_industries_gbt.csv）"}
            for name, code in mapping().items() if code]
    return store.upsert_relationships("SUBCLASS_OF", "Industry", "Industry", rows).written
