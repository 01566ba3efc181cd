"""`python -m bench.lead_latency` (the 1M lead-query figures of docs/leads.md) runs on a store
and prints every ranking's time and the p50; `python -m bench.lead_profile` prints where one
ranking's time goes, statement by statement."""
import re

from bench.lead_latency import main


def _generated_store(tmp_path, load_generated) -> tuple[str, str]:
    """A 300-company generated store and its city with the most agreements."""
    from graph.stores import open_store
    spec = f"embedded:{tmp_path / 'kg'}"
    st = open_store(spec)
    st.setup_schema()
    _, city = load_generated(st, tmp_path / "gen", 300, 5)
    st.close()
    return spec, city


def test_lead_latency_prints_each_run_and_the_p50(tmp_path, capsys, load_generated):
    spec, city = _generated_store(tmp_path, load_generated)
    assert main(["--store", spec, "--cities", city, "--runs", "3"]) == 0
    lines = capsys.readouterr().out.strip().splitlines()
    assert lines[0].startswith(f"{city}: ") and lines[0].endswith(" ms")
    runs = [int(x) for x in lines[0].split(": ")[1][:-3].split(", ")]
    assert len(runs) == 3 and all(r >= 0 for r in runs)
    assert lines[1] == f"p50 {sorted(runs)[1]} ms"


def test_lead_latency_pairs_print_afresh_and_kept(tmp_path, capsys, load_generated):
    spec, city = _generated_store(tmp_path, load_generated)
    assert main(["--store", spec, "--cities", city, "--pairs", "2"]) == 0
    lines = capsys.readouterr().out.strip().splitlines()
    assert len(lines) == 3, lines
    got = [re.fullmatch(r"read afresh (\d+) ms, kept (\d+) ms", line) for line in lines[:2]]
    assert all(got), lines
    assert re.fullmatch(r"p50 afresh [\d.]+ ms, kept [\d.]+ ms", lines[2]), lines[2]


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


def test_lead_profile_prints_the_reads_by_statement(tmp_path, capsys, load_generated):
    import re

    from bench.lead_profile import main as profile_main, profile
    from graph.stores import open_store
    spec, city = _generated_store(tmp_path, load_generated)
    assert profile_main(["--store", spec, "--city", city, "--statements", "40"]) == 0
    lines = capsys.readouterr().out.strip().splitlines()
    head = re.fullmatch(r"total ([\d.]+) s, reads ([\d.]+) s, other (-?[\d.]+) s", lines[0])
    assert head, lines[0]
    total, reads = float(head[1]), float(head[2])
    assert 0 < reads <= total
    rows = [re.fullmatch(r" *([\d.]+) s +(\d+) x +(\d+) rows  (.+)", line) for line in lines[1:]]
    assert all(rows) and len(rows) >= 5, lines
    assert abs(sum(float(r[1]) for r in rows) - reads) < 0.01 * len(rows) + 0.01
    assert any(r[4].startswith("MATCH (a:Agreement) WHERE a.id IN $ids") and int(r[3]) > 0
               for r in rows), lines
    st = open_store(spec)  # the store's own read comes back after a profile
    try:
        profile(st, city)
        assert "read" not in vars(st)
        # --kept: the region's facts of the warm-up serve the profiled ranking
        _, spent = profile(st, city, kept=True)
        assert not any(q.startswith("MATCH (a:Agreement) WHERE a.id IN $ids") for q in spent)
    finally:
        st.close()
