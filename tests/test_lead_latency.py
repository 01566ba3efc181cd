"""`python -m bench.lead_latency` (the 1M lead-query figures of docs/leads.md) runs on a store
and prints every ranking's time and the p50."""
import csv
from collections import Counter

from bench.generate import generate, write
from bench.lead_latency import main
from loaders.load import load_path
from loaders.reference.load import load_reference

ORDER = ["organizations", "companies", "ownership", "agreements", "visits"]


def test_lead_latency_prints_each_run_and_the_p50(tmp_path, capsys):
    from graph.stores import open_store
    spec = f"embedded:{tmp_path / 'kg'}"
    paths = write(generate(300, seed=5), tmp_path / "gen")
    with paths["agreements"].open(encoding="utf-8") as fh:
        city = Counter(r["place"] for r in csv.DictReader(fh)).most_common(1)[0][0]
    st = open_store(spec)
    st.setup_schema()
    load_reference(st)
    for kind in ORDER:
        load_path(st, paths[kind], setup=False)
    st.close()
    assert main(["--store", spec, "--cities", city, "--runs", "3"]) == 0
    lines = capsys.readouterr().out.strip().splitlines()
    assert lines[0].startswith(f"{city}: ") and lines[0].endswith(" ms")
    runs = [int(x) for x in lines[0].split(": ")[1][:-3].split(", ")]
    assert len(runs) == 3 and all(r >= 0 for r in runs)
    assert lines[1] == f"p50 {sorted(runs)[1]} ms"


def test_lead_sameness_names_each_list_that_differs():
    from bench.lead_sameness import differences
    before = {"c {}": {"leads": [["a", 0.5]], "group_leads": [["b", 0.2]]}}
    same = {"c {}": {"leads": [["a", 0.5]], "group_leads": [["b", 0.2]]}}
    moved = {"c {}": {"leads": [["a", 0.5]], "group_leads": [["b", 0.21]]}}
    assert differences(before, same) == []
    assert differences(before, moved) == ["c {} group_leads: [['b', 0.2]] -> [['b', 0.21]]"]
    assert differences(before, {}) and differences({}, before)


def test_lead_sameness_names_a_lead_whose_reasons_differ():
    from bench.lead_sameness import differences
    reason = {"text": "同集团企业2024-05在本地签约", "path": ["甲", "乙"], "sources": ["s1"]}
    before = {"c {}": {"leads": [["a", 0.5]], "group_leads": [], "reasons": {"a": [reason]}}}
    same = {"c {}": {"leads": [["a", 0.5]], "group_leads": [], "reasons": {"a": [dict(reason)]}}}
    moved = {"c {}": {"leads": [["a", 0.5]], "group_leads": [],
                      "reasons": {"a": [{**reason, "sources": []}]}}}
    assert differences(before, same) == []
    [line] = differences(before, moved)
    assert line.startswith("c {} reasons of a: ")
    # a file written before reasons were kept compares on ids and scores alone
    old = {"c {}": {"leads": [["a", 0.5]], "group_leads": []}}
    assert differences(old, moved) == []
