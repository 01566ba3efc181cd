"""Neo4j bulk-import CSVs (`:ID`, `:START_ID`, `:END_ID`, `:LABEL`, `:TYPE` headers) as another
project published them (stock-kg: stocks, industries, concepts), mapped onto our schema:
stocks -> Company (code zero-padded to 6 digits), industries -> Industry (scheme `stock-kg`),
concepts -> `tags` on the companies; `industry_of` -> IN_INDUSTRY.
"""
from __future__ import annotations

import re
from pathlib import Path

from graph.errors import InputError
from loaders.resolve.enrich import name_id, search_keys
from loaders.tabular.fragment import Fragment, RowError
from loaders.tabular.pipeline import LoadReport, Reject, source_id_for
from loaders.tabular.read import read_rows
from loaders.resolve.text import normalize_name
from loaders.tabular.writer import write_fragments

_ID = re.compile(r"^(?:(\w+))?:ID(?:\((\w+)\))?$")
_END = re.compile(r"^:(START|END)_ID(?:\((\w+)\))?$")
_START_ID = re.compile(r"^:(START)_ID(?:\((\w+)\))?$")
_END_ID = re.compile(r"^:(END)_ID(?:\((\w+)\))?$")


def _group(header: list[str], pattern) -> tuple[str, str] | None:
    for h in header:
        m = pattern.match(h.strip())
        if m:
            return h, m.group(2) or ""
    return None


def load_neo4j_import(store, directory: str | Path, *, dry_run: bool = False) -> list[LoadReport]:
    d = Path(directory)
    files = sorted(d.glob("*.csv"))
    if not files:
        raise InputError(f"{d}: no CSV files (expected neo4j-admin import files)")
    node_files, rel_files = [], []
    for f in files:
        header, _ = read_rows(f)
        (node_files if _group(header, _ID) else rel_files if _group(header, _END) else []).append(f)
    ids: dict[tuple[str, str], tuple[str, str, str]] = {}  # (group, id) -> (label, key, name)
    reports = [_nodes(store, f, ids, dry_run) for f in node_files]
    reports += [_rels(store, f, ids, dry_run) for f in rel_files]
    return reports


def _stock_code(raw: str) -> str:
    raw = str(raw).strip()
    return raw.zfill(6) if raw.isdigit() else raw


def _node(group: str, label: str, row: dict, id_col: str, sid: str, n: int):
    name = (row.get("name") or "").strip()
    if not name:
        raise RowError("name", name, "a name is required")
    prov = {"source_ids": [sid], "source_row": n}
    if label == "Company" or group == "Stock":
        code = _stock_code(row.get("code") or row[id_col])
        return "Company", {"id": name_id(name), "name": name, "stock_code": code,
                           "listed": True, **search_keys(name), **prov}
    if label == "Industry" or group == "Industry":
        return "Industry", {"code": f"tag:stock-kg:{normalize_name(name)}", "name": name,
                            "scheme": "stock-kg", "level": 0, **search_keys(name), **prov}
    if label == "Concept" or group == "Concept":
        return "tag", {"name": name}
    raise RowError(":LABEL", label, "expected Company/Stock, Industry or Concept")


def _nodes(store, path: Path, ids: dict, dry_run: bool) -> LoadReport:
    header, rows = read_rows(path)
    id_col, group = _group(header, _ID)
    label_col = next((h for h in header if h.strip() == ":LABEL"), None)
    rep = LoadReport(str(path), "neo4j-import nodes", source_id=source_id_for(path),
                     dry_run=dry_run)
    good = []
    for n, row in rows:
        rep.read += 1
        try:
            label, props = _node(group, (row.get(label_col) or "").split(";")[0], row, id_col,
                                 rep.source_id, n)
        except RowError as err:
            rep.rejects.append(Reject(rep.file, n, err.field, str(err.value), err.reason))
            continue
        key = "code" if label == "Industry" else ("name" if label == "tag" else "id")
        ids[(group, str(row[id_col]).strip())] = (label, props[key], props["name"])
        frag = Fragment()
        if label != "tag":
            frag.node(label, props)
        good.append((n, frag))
    _finish(store, rep, good, dry_run)
    return rep


def _rels(store, path: Path, ids: dict, dry_run: bool) -> LoadReport:
    header, rows = read_rows(path)
    (s_col, s_group), (e_col, e_group) = _group(header, _START_ID), _group(header, _END_ID)
    rep = LoadReport(str(path), "neo4j-import relationships", source_id=source_id_for(path),
                     dry_run=dry_run)
    good, tags = [], {}
    for n, row in rows:
        rep.read += 1
        start = ids.get((s_group, str(row[s_col]).strip()))
        end = ids.get((e_group, str(row[e_col]).strip()))
        if not start or not end:
            missing = s_col if not start else e_col
            rep.rejects.append(Reject(rep.file, n, missing, row[missing],
                                      "no node with this id in the node files"))
            continue
        frag = Fragment()
        if end[0] == "tag":
            tags.setdefault(start[1], []).append(end[2])
        else:
            frag.rel("IN_INDUSTRY", start[:2], end[:2], source_ids=[rep.source_id],
                     source_row=n)
        good.append((n, frag))
    tag_frag = Fragment()
    for cid, names in tags.items():
        tag_frag.node("Company", {"id": cid, "tags": sorted(set(names))})
    if tags:
        good.append((0, tag_frag))
    _finish(store, rep, good, dry_run)
    rep.loaded -= 1 if tags else 0
    return rep


def _finish(store, rep: LoadReport, good, dry_run: bool) -> None:
    missing: dict = {}
    if store is not None and not dry_run:
        unchanged, missing = write_fragments(store, good)
        rep.unchanged = len([n for n in unchanged if n])
    for n, _ in good:
        if n in missing:
            rep.rejects.append(Reject(rep.file, n, *missing[n]))
        else:
            rep.loaded += 1
    rep.rejected = len(rep.rejects)
