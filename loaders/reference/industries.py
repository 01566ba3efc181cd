"""Industry classifications: GB/T 4754-2017, the 2018 strategic emerging industries, Xuzhou's
priority industries and industry chains (the project's four, and outside chain files).

Industry node codes (the ``code`` key is unique across schemes, so each code says its scheme):

* ``GB4754:C`` section, ``GB4754:C39`` division, ``GB4754:C397`` group, ``GB4754:C3973``
  class; scheme ``GB/T 4754-2017``, level 1..4. The section letter is kept in every code so a
  code alone shows its section.
* ``SEI2018:1`` .. ``SEI2018:9``: the nine top categories of 《战略性新兴产业分类(2018)》
  (国家统计局令第23号); scheme ``战略性新兴产业分类(2018)``, level 1.
* ``XZ:1`` .. ``XZ:7``: 徐州市重点产业 (scheme ``徐州市重点产业``) named by the sample article,
  and ``XZ:S4`` 四大战略性新兴产业 grouping XZ:1-4 (level 1 = top, 2 = inside XZ:S4).
* ``CHAIN:<chain>:<segment>`` industry-chain segments (scheme ``chain:<chain>``), and
  ``CHAIN:<chain>:<stage>`` stage nodes that group them.

Relationships (all inside the schema, which this module does not change):

* ``(class)-[:SUBCLASS_OF]->(group)-[:SUBCLASS_OF]->(division)-[:SUBCLASS_OF]->(section)``.
* ``(GB/T class)-[:SUBCLASS_OF]->(SEI category)`` where the tree's ``tagDetail.strategic``
  says so (a crosswalk; ``evidence`` holds the tag's category path).
* ``(Region 320300)-[:PRIORITIZES]->(XZ:n)``; ``(XZ:1..4)-[:SUBCLASS_OF]->(XZ:S4)``;
  ``(GB/T division)-[:SUBCLASS_OF]->(XZ:n)``:
  the division is counted under the priority industry (crosswalk, the project's judgement,
  marked in ``evidence``). Querying "which GB/T activities does 徐州 prioritise" is then
  ``(r)-[:PRIORITIZES]->(p)<-[:SUBCLASS_OF*1..3]-(gb)``.
* Chains: ``(segment)-[:SUBCLASS_OF]->(stage)-[:SUBCLASS_OF]->(XZ:n)``,
  ``(segment)-[:SUBCLASS_OF]->(GB/T division)`` (the segment's activity lies in it) and
  ``(upstream segment)-[:UPSTREAM_OF]->(downstream segment)``.
"""
from __future__ import annotations

import csv
import json
import re
from collections import Counter
from functools import lru_cache
from pathlib import Path

from loaders.reference.regions import read_csv

DATA_DIR = Path(__file__).resolve().parents[1] / "data"
TOP_FILE = DATA_DIR / "gbt4754_2017_top.csv"
SEI_FILE = DATA_DIR / "sei_2018.csv"
XZ_FILE = DATA_DIR / "xuzhou_priorities.csv"
CHAINS_DIR = DATA_DIR / "chains"
GB_SCHEME = "GB/T 4754-2017"
GB_PREFIX = "GB4754:"
GB_SOURCE = "GB/T 4754-2017 国民经济行业分类 (含2019年第1号修改单)"
SEI_SCHEME = "战略性新兴产业分类(2018)"
XZ_SCHEME = "徐州市重点产业"
XUZHOU = "320300"
STAGES = {"upstream": "上游", "midstream": "中游", "downstream": "下游"}


# --------------------------------------------------------------------------- GB/T names

_BRACKETS = str.maketrans({"(": "（", ")": "）"})


def clean_name(name: str) -> str:
    """Official names as printed: no outer spaces, full-width brackets （）."""
    return re.sub(r"\s+", "", (name or "").strip()).translate(_BRACKETS)


def gb_code(section: str, code: str) -> str:
    """``('C', '3973')`` -> ``'GB4754:C3973'``; ``('C', 'C')`` -> ``'GB4754:C'``."""
    return GB_PREFIX + (code if code == section else section + code)


# ------------------------------------------------------------------------- GB/T tree

def read_tree(path: str | Path) -> dict:
    """The four-level tree JSON (root -> sections -> divisions -> groups -> classes)."""
    path = Path(path)
    if not path.exists():
        raise FileNotFoundError(f"GB/T 4754 tree not found: {path}")
    tree = json.loads(path.read_text(encoding="utf-8"))
    if not isinstance(tree, dict) or "children" not in tree:
        raise ValueError(f"{path}: expected an object with 'children' (the sections)")
    return tree


def walk_tree(tree: dict):
    """Yield (node, section letter, parent code or None) for every node below the root."""
    def rec(node, section, parent):
        for child in node.get("children") or []:
            sec = section or child["code"].strip()
            yield child, sec, parent
            yield from rec(child, sec, gb_code(sec, child["code"].strip()))
    yield from rec(tree, None, None)


def tree_rows(tree: dict, max_level: int = 4) -> tuple[list[dict], list[dict]]:
    """Industry rows and SUBCLASS_OF rows (child -> parent) down to ``max_level``."""
    nodes, links = [], []
    for node, sec, parent in walk_tree(tree):
        if node["level"] > max_level:
            continue
        code = gb_code(sec, node["code"].strip())
        nodes.append({"code": code, "name": clean_name(node["name"]), "scheme": GB_SCHEME,
                      "level": int(node["level"]), "source_ids": [GB_SOURCE]})
        if parent:
            links.append({"start": code, "end": parent})
    return nodes, links


def top_rows_from_tree(tree: dict) -> list[dict]:
    """Sections and divisions as rows of ``gbt4754_2017_top.csv`` (how that file was made)."""
    return [{"code": n["code"].strip(), "name": clean_name(n["name"]), "level": n["level"],
             "section": sec}
            for n, sec, _ in walk_tree(tree) if n["level"] <= 2]


def top_rows() -> tuple[list[dict], list[dict]]:
    """Sections and divisions shipped in ``data/gbt4754_2017_top.csv``: nodes, SUBCLASS_OF."""
    nodes, links = [], []
    for r in read_csv(TOP_FILE):
        code = gb_code(r["section"], r["code"])
        nodes.append({"code": code, "name": r["name"], "scheme": GB_SCHEME,
                      "level": int(r["level"]), "source_ids": [GB_SOURCE]})
        if r["level"] == "2":
            links.append({"start": code, "end": gb_code(r["section"], r["section"])})
    return nodes, links


@lru_cache(maxsize=1)
def division_codes() -> dict[str, str]:
    """``'39'`` and ``'C39'`` -> ``'GB4754:C39'`` for every division."""
    out = {}
    for r in read_csv(TOP_FILE):
        if r["level"] == "2":
            out[r["code"]] = out[r["section"] + r["code"]] = gb_code(r["section"], r["code"])
    return out


def division_code(text: str) -> str:
    code = division_codes().get(text.strip().removeprefix(GB_PREFIX))
    if not code:
        raise ValueError(f"{text!r} is not a GB/T 4754-2017 division (write e.g. C39)")
    return code


def load_gbt_top(store, progress=None) -> dict[str, int]:
    nodes, links = top_rows()
    n = store.upsert_nodes("Industry", nodes, progress=progress)
    r = store.upsert_relationships("SUBCLASS_OF", "Industry", "Industry", links, progress=progress)
    return {"gbt_nodes": n.written, "gbt_subclass_of": r.written}


def load_gbt_tree(store, path: str | Path, progress=None) -> dict[str, int]:
    """Load the full four-level tree, then link classes to the SEI categories it tags."""
    tree = read_tree(path)
    nodes, links = tree_rows(tree)
    n = store.upsert_nodes("Industry", nodes, progress=progress)
    r = store.upsert_relationships("SUBCLASS_OF", "Industry", "Industry", links, progress=progress)
    sei = load_sei(store, progress)
    s = store.upsert_relationships("SUBCLASS_OF", "Industry", "Industry", sei_links(tree),
                                   progress=progress)
    return {"gbt_tree_nodes": n.written, "gbt_tree_subclass_of": r.written, **sei,
            "gbt_sei_links": s.written}


# ----------------------------------------------------------- strategic emerging industries

def sei_rows() -> list[dict]:
    return [{"code": r["code"], "name": r["name"], "scheme": SEI_SCHEME, "level": 1,
             "source_ids": [r["source"]]} for r in read_csv(SEI_FILE)]


def load_sei(store, progress=None) -> dict[str, int]:
    return {"sei_nodes": store.upsert_nodes("Industry", sei_rows(), progress=progress).written}


def strategic_paths(node: dict) -> list[str]:
    """The SEI category paths of a tree class: ``tagDetail.strategic`` has either
    ``categories: [{path, products}]`` or only ``category`` (two shapes in the data)."""
    detail = (node.get("tagDetail") or {}).get("strategic")
    if not isinstance(detail, dict):
        return []
    paths = [c.get("path", "") for c in detail.get("categories") or [] if isinstance(c, dict)]
    paths = paths or [detail.get("category", "")]
    return [p.strip() for p in paths if p and p.strip()]


def sei_links(tree: dict) -> list[dict]:
    """SUBCLASS_OF rows from GB/T classes to the SEI top category each tag path starts with."""
    by_name = {r["name"]: r["code"] for r in sei_rows()}
    rows = {}
    for node, sec, _ in walk_tree(tree):
        for path in strategic_paths(node):
            top = path.split(">")[0].strip()
            if top not in by_name:
                raise ValueError(f"class {node['code']}: unknown SEI category {top!r}")
            key = (gb_code(sec, node["code"].strip()), by_name[top])
            rows.setdefault(key, []).append(path)
    return [{"start": s, "end": e, "evidence": "; ".join(p),
             "source_ids": ["gbt4754-2017-tree.json tagDetail.strategic"]}
            for (s, e), p in rows.items()]


# --------------------------------------------------------------- Xuzhou priorities

def xuzhou_rows() -> tuple[list[dict], list[dict], list[dict]]:
    """(Industry rows, PRIORITIZES rows, SUBCLASS_OF rows) from xuzhou_priorities.csv.
    SUBCLASS_OF: priority -> its group (XZ:S4), GB/T division -> priority (crosswalk)."""
    nodes, prio, links = [], [], []
    for r in read_csv(XZ_FILE):
        nodes.append({"code": r["code"], "name": r["name"], "scheme": XZ_SCHEME,
                      "level": 2 if r["parent"] else 1, "source_ids": [r["source"]]})
        prio.append({"start": XUZHOU, "end": r["code"], "evidence": r["evidence"],
                     "source_ids": [r["source"]]})
        if r["parent"]:
            links.append({"start": r["code"], "end": r["parent"], "source_ids": [r["source"]],
                          "evidence": "project reading of the article's 四大战略性新兴产业"})
        for div in _codes(r["gbt_divisions"]):
            links.append({"start": division_code(div), "end": r["code"],
                          "evidence": r["mapping_note"], "source_ids": ["project analysis"]})
    return nodes, prio, links


_NOTE_CODES = re.compile(r"\b(\d{3,4})\s*([^;；0-9]+)")


def _codes(s: str) -> list[str]:
    return [x.strip() for x in re.split(r"[;；|]", s or "") if x.strip()]


def load_xuzhou_priorities(store, progress=None) -> dict[str, int]:
    nodes, prio, links = xuzhou_rows()
    n = store.upsert_nodes("Industry", nodes, progress=progress)
    p = _rels(store, "PRIORITIZES", "Region", prio, progress)
    s = _rels(store, "SUBCLASS_OF", "Industry", links, progress)
    return {"xuzhou_priorities": n.written, "prioritizes": p, "priority_divisions": s}


def _rels(store, rel: str, start_label: str, rows: list[dict], progress=None) -> int:
    res = store.upsert_relationships(rel, start_label, "Industry", rows, progress=progress)
    if res.missing:
        raise ValueError(f"{rel}: {len(res.missing)} rows whose ends are not loaded, e.g. "
                         f"{res.missing[:2]} (load regions and GB/T divisions first)")
    return res.written


# ------------------------------------------------------------- the project's own chains

def chain_rows(directory: Path = CHAINS_DIR) -> dict[str, list[dict]]:
    """The authored chains (``segments.csv``, ``links.csv``) as node and relationship rows."""
    segs = read_csv(directory / "segments.csv")
    nodes, sub, up = _stage_rows(segs), [], []
    known = set()
    for s in segs:
        code = f"CHAIN:{s['chain']}:{s['code']}"
        known.add(code)
        nodes.append({"code": code, "name": s["name"], "scheme": f"chain:{s['chain']}",
                      "level": 2, "source_ids": [s["source"]]})
        sub.append({"start": code, "end": _stage_code(s), "source_ids": [s["source"]]})
        sub += [{"start": code, "end": division_code(d), "source_ids": [s["source"]],
                 "evidence": "project analysis: segment activity classified in this division"}
                for d in _codes(s["gbt_divisions"])]
    nodes_by_code = {}
    for s in segs:  # GB/T groups and classes named in a segment's note: (class)->(segment)
        for num, name in _NOTE_CODES.findall(s.get("note") or ""):
            div = division_codes().get(num[:2])
            if not div:
                continue
            code = div + num[2:]
            nodes_by_code.setdefault(code, {"code": code, "name": name.strip(),
                                            "scheme": GB_SCHEME, "level": len(num),
                                            "source_ids": [s["source"]]})
            parent = div + num[2] if len(num) == 4 and div + num[2] in nodes_by_code else div
            sub.append({"start": code, "end": parent, "source_ids": [GB_SOURCE]})
            sub.append({"start": code, "end": f"CHAIN:{s['chain']}:{s['code']}",
                        "source_ids": [s["source"]],
                        "evidence": "project analysis: class named in the segment's note"})
    nodes += list(nodes_by_code.values())
    for ln in read_csv(directory / "links.csv"):
        a, b = f"CHAIN:{ln['chain']}:{ln['upstream']}", f"CHAIN:{ln['chain']}:{ln['downstream']}"
        if a not in known or b not in known:
            raise ValueError(f"{directory / 'links.csv'}: unknown segment in {ln}")
        up.append({"start": a, "end": b, "evidence": ln.get("note") or None,
                   "source_ids": [ln["source"]]})
    return {"nodes": nodes, "subclass_of": sub, "upstream_of": up}


def _stage_code(seg: dict) -> str:
    if seg["stage"] not in STAGES:
        raise ValueError(f"segment {seg['code']}: stage {seg['stage']!r} is not one of "
                         f"{sorted(STAGES)}")
    return f"CHAIN:{seg['chain']}:{seg['stage']}"


def _stage_rows(segs: list[dict]) -> list[dict]:
    rows = {}
    for s in segs:
        code = _stage_code(s)
        rows[code] = {"code": code, "name": f"{s['chain_name']}产业链·{STAGES[s['stage']]}",
                      "scheme": f"chain:{s['chain']}", "level": 1,
                      "source_ids": ["project analysis"], "_parent": s["priority_code"]}
    return list(rows.values())


def load_chains(store, directory: Path = CHAINS_DIR, progress=None) -> dict[str, int]:
    rows = chain_rows(directory)
    stage_links = [{"start": n["code"], "end": n.pop("_parent")} for n in rows["nodes"]
                   if "_parent" in n]
    n = store.upsert_nodes("Industry", rows["nodes"], progress=progress)
    s = _rels(store, "SUBCLASS_OF", "Industry", stage_links + rows["subclass_of"], progress)
    u = _rels(store, "UPSTREAM_OF", "Industry", rows["upstream_of"], progress)
    segs = sum(1 for x in rows["nodes"] if x["level"] == 2)
    return {"chain_segments": segs, "chain_nodes": n.written, "chain_subclass_of": s,
            "chain_upstream_of": u}


# ------------------------------------------------- outside chain files (semiconductor)

def _read_any_csv(path: Path) -> list[dict]:
    """A CSV with quoted multi-line fields; each row gets its 1-based ``_line``."""
    with path.open(encoding="utf-8-sig", newline="") as f:
        reader = csv.DictReader(f)
        return [{**row, "_line": reader.line_num} for row in reader]


def chain_file_rows(directory: str | Path, chain: str | None = None) -> dict:
    """Parse a chain directory in the inputs/stages/sequence format: nodes, links, rejects."""
    d = Path(directory)
    for name in ("inputs.csv", "sequence.csv"):
        if not (d / name).exists():
            raise FileNotFoundError(f"{d / name} not found (a chain directory needs inputs.csv "
                                    f"and sequence.csv; stages.csv is optional)")
    chain = chain or d.name
    scheme, prefix = f"chain:{chain}", f"CHAIN:{chain}:"
    out = {"nodes": [], "subclass_of": [], "upstream_of": [], "rejects": [],
           "read": Counter()}
    ids = _chain_stages(d, prefix, scheme, out)
    ids |= _chain_inputs(d, prefix, scheme, out, ids)
    _chain_links(d, prefix, out, ids)
    return out


def _field(row: dict, key: str) -> str:
    return (row.get(key) or "").strip()


def _reject(out: dict, file: str, row: dict, reason: str) -> None:
    out["rejects"].append({"file": file, "line": row.get("_line"), "reason": reason,
                           "row": {k: v for k, v in row.items() if k != "_line"}})


def _chain_stages(d: Path, prefix: str, scheme: str, out: dict) -> set[str]:
    ids = set()
    if not (d / "stages.csv").exists():
        return ids
    for row in _read_any_csv(d / "stages.csv"):
        out["read"]["stages"] += 1
        sid, name = (row.get("stage_id") or "").strip(), (row.get("stage_name") or "").strip()
        if not sid or not name or sid in ids:
            _reject(out, "stages.csv", row, "missing or duplicate stage_id/stage_name")
            continue
        ids.add(sid)
        out["nodes"].append({"code": prefix + sid, "name": name, "scheme": scheme, "level": 1})
    return ids


def _chain_inputs(d: Path, prefix: str, scheme: str, out: dict, stages: set) -> set[str]:
    ids = set()
    for row in _read_any_csv(d / "inputs.csv"):
        out["read"]["inputs"] += 1
        iid, name = (row.get("input_id") or "").strip(), (row.get("input_name") or "").strip()
        if not iid or not name or iid in ids or iid in stages:
            _reject(out, "inputs.csv", row, "missing or duplicate input_id/input_name")
            continue
        ids.add(iid)
        out["nodes"].append({"code": prefix + iid, "name": name, "scheme": scheme, "level": 2})
        stage = (row.get("stage_id") or "").strip()
        if stage and stage in stages:
            out["subclass_of"].append({"start": prefix + iid, "end": prefix + stage})
        elif stage:
            _reject(out, "inputs.csv", row, f"unknown stage_id {stage!r} (input kept)")
    return ids


def _chain_links(d: Path, prefix: str, out: dict, ids: set) -> None:
    seen = set()
    for row in _read_any_csv(d / "sequence.csv"):
        out["read"]["links"] += 1
        a, into, kind = (_field(row, k) for k in ("input_id", "goes_into_id", "is_type_of_id"))
        target, rel = (into, "upstream_of") if into else (kind, "subclass_of")
        if a not in ids or target not in ids or (into and kind):
            _reject(out, "sequence.csv", row, "unknown input id, or none / both of "
                                              "goes_into_id and is_type_of_id")
            continue
        if (a, target, rel) in seen or a == target:
            _reject(out, "sequence.csv", row, "duplicate or self link")
            continue
        seen.add((a, target, rel))
        out[rel].append({"start": prefix + a, "end": prefix + target})


def load_chain(store, directory: str | Path, *, chain: str | None = None,
               rejects_path: str | Path | None = None, progress=None) -> dict:
    """Load an outside chain directory (inputs.csv, sequence.csv, stages.csv): inputs and
    stages become Industry nodes (scheme ``chain:<name>``), ``goes_into`` links UPSTREAM_OF,
    ``is_type_of`` links and stage membership SUBCLASS_OF. Bad rows are rejected, listed in
    the result and, with ``rejects_path``, written there as JSON lines."""
    rows = chain_file_rows(directory, chain)
    stages = [x for x in rows["nodes"] if x["level"] == 1]
    inputs = [x for x in rows["nodes"] if x["level"] == 2]
    st = store.upsert_nodes("Industry", stages, progress=progress)
    n = store.upsert_nodes("Industry", inputs, progress=progress)
    s = store.upsert_relationships("SUBCLASS_OF", "Industry", "Industry", rows["subclass_of"],
                                   progress=progress)
    u = store.upsert_relationships("UPSTREAM_OF", "Industry", "Industry", rows["upstream_of"],
                                   progress=progress)
    if rejects_path:
        _write_rejects(Path(rejects_path), rows["rejects"])
    loaded = {"stages": st.written, "inputs": n.written, "upstream_of": u.written,
              "subclass_of": s.written}
    return {"read": dict(rows["read"]), "loaded": loaded,
            "rejected": dict(Counter(r["file"] for r in rows["rejects"])),
            "rejects": rows["rejects"]}


def _write_rejects(path: Path, rejects: list[dict]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8") as f:
        for r in rejects:
            f.write(json.dumps(r, ensure_ascii=False) + "\n")
