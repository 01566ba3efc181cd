"""Industry chains: the project's four authored chains and the outside chain-file loader."""
from __future__ import annotations

import json
import re

import pytest

from conftest import shared_file
from loaders.reference import industries as I
from loaders.reference.regions import read_csv

SEMI = "industry-chain/semiconductor"


# ---------------------------------------------------------------- authored chains (pure)

def test_authored_chains_cover_the_four_priorities():
    segs = read_csv(I.CHAINS_DIR / "segments.csv")
    assert {s["chain"] for s in segs} == {"equipment", "ic", "biomed", "newenergy"}
    assert {s["priority_code"] for s in segs} == {"XZ:1", "XZ:2", "XZ:3", "XZ:4"}
    for s in segs:
        assert s["stage"] in I.STAGES and s["source"].startswith("project analysis"), s
        assert s["gbt_divisions"]
    for chain in {s["chain"] for s in segs}:
        assert {s["stage"] for s in segs if s["chain"] == chain} == set(I.STAGES)


def test_authored_chain_rows():
    rows = I.chain_rows()
    segments = [n for n in rows["nodes"] if n["level"] == 2]
    stages = [n for n in rows["nodes"] if n["level"] == 1]
    assert len(stages) == 12 and len(segments) == len(read_csv(I.CHAINS_DIR / "segments.csv"))
    assert len(rows["upstream_of"]) == len(read_csv(I.CHAINS_DIR / "links.csv"))
    assert {"start": "CHAIN:ic:M1", "end": "CHAIN:ic:M2"} in [
        {k: r[k] for k in ("start", "end")} for r in rows["upstream_of"]]
    assert all(r["source_ids"] == ["project analysis"] for r in rows["upstream_of"])


def test_authored_chain_links_go_downstream():
    order = {"upstream": 0, "midstream": 1, "downstream": 2}
    stage = {(s["chain"], s["code"]): order[s["stage"]]
             for s in read_csv(I.CHAINS_DIR / "segments.csv")}
    for ln in read_csv(I.CHAINS_DIR / "links.csv"):
        assert stage[(ln["chain"], ln["upstream"])] <= stage[(ln["chain"], ln["downstream"])], ln


def test_segment_notes_cite_real_gbt_codes():
    """Each 'code name' in a segment note is a GB/T 4754-2017 code with its exact name."""
    tree = I.read_tree(shared_file("reference/gbt4754-2017-tree.json"))
    names = {n["code"].strip(): I.clean_name(n["name"]) for n, _, _ in I.walk_tree(tree)}
    for s in read_csv(I.CHAINS_DIR / "segments.csv"):
        for code, name in re.findall(r"(\d{2,4}) ([^;()（]+)", s["note"]):
            assert names.get(code) == name.strip(), (s["chain"], s["code"], code, name)


# --------------------------------------------------------------- outside chain files

def test_semiconductor_files_parse():
    rows = I.chain_file_rows(shared_file(SEMI), "semiconductor")
    assert dict(rows["read"]) == {"stages": 3, "inputs": 79, "links": 93}
    assert rows["rejects"] == []
    assert sum(n["level"] == 2 for n in rows["nodes"]) == 79
    assert len(rows["upstream_of"]) == 62                      # goes_into rows
    assert len(rows["subclass_of"]) == 31 + 12                 # is_type_of + stage membership
    names = {n["code"]: n["name"] for n in rows["nodes"]}
    assert names["CHAIN:semiconductor:N1"] == "Logic chip design: Advanced CPUs"
    assert names["CHAIN:semiconductor:S1"] == "Design"


def _write(path, text):
    path.write_text(text, encoding="utf-8")


def test_bad_rows_are_rejected_and_listed(tmp_path, store):
    d = tmp_path / "toy"
    d.mkdir()
    _write(d / "stages.csv", "stage_id,stage_name,description\nS1,Make,\"two\nlines\"\n")
    _write(d / "inputs.csv", "input_name,input_id,type,stage_name,stage_id,description\n"
           "Ore,N1,material_resource,,,\"multi\nline, with comma\"\n"
           "Metal,N2,process,Make,S1,\n"
           ",N3,process,,,no name\n"
           "Again,N2,process,,,duplicate id\n"
           "Odd,N4,process,Nowhere,S9,unknown stage\n")
    _write(d / "sequence.csv", "input_name,input_id,goes_into_name,goes_into_id,"
           "is_type_of_name,is_type_of_id\n"
           "Ore,N1,Metal,N2,,\n"
           "Ore,N1,Metal,N2,,\n"
           "Ore,N1,Ghost,N77,,\n"
           "Ore,N1,,,,\n"
           "Odd,N4,,,Metal,N2\n")
    out = I.load_chain(store, d, rejects_path=tmp_path / "rejects.jsonl")
    assert out["read"] == {"stages": 1, "inputs": 5, "links": 5}
    assert out["loaded"] == {"stages": 1, "inputs": 3, "upstream_of": 1, "subclass_of": 2}
    assert out["rejected"] == {"inputs.csv": 3, "sequence.csv": 3}
    lines = [json.loads(x) for x in (tmp_path / "rejects.jsonl").read_text().splitlines()]
    assert len(lines) == 6 and all(x["reason"] and x["line"] for x in lines)


def test_missing_chain_files_fail_loudly(tmp_path):
    with pytest.raises(FileNotFoundError, match="inputs.csv"):
        I.chain_file_rows(tmp_path)


# ------------------------------------------------------------------------------ loading

def test_semiconductor_chain_loads_twice_with_same_counts(store):
    first = I.load_chain(store, shared_file(SEMI))
    assert first["read"] == {"stages": 3, "inputs": 79, "links": 93}
    assert first["loaded"] == {"stages": 3, "inputs": 79, "upstream_of": 62, "subclass_of": 43}
    assert first["rejected"] == {}
    counts = store.counts()
    assert I.load_chain(store, shared_file(SEMI)) == first
    assert store.counts() == counts
    assert counts["relationships"]["UPSTREAM_OF"] == 62
    rows = store.read("MATCH (a:Industry {code: $a})-[:UPSTREAM_OF]->(b:Industry) "
                      "RETURN b.name", {"a": "CHAIN:semiconductor:N26"}).rows
    assert rows  # Wafer goes into something


def test_authored_chains_load(store):
    from loaders.reference.load import load_reference
    counts = load_reference(store)
    rows = I.chain_rows()
    assert counts["chain_upstream_of"] == len(rows["upstream_of"])
    assert counts["chain_nodes"] == len(rows["nodes"])
    got = store.read("MATCH (s:Industry {code: $s})-[:SUBCLASS_OF]->(:Industry)"
                     "-[:SUBCLASS_OF]->(p:Industry) RETURN p.name",
                     {"s": "CHAIN:ic:M2"}).rows
    assert ["集成电路与ICT"] in got
