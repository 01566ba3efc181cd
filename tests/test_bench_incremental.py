"""`python -m bench.incremental` (docs/benchmarks.md, "fifth session: an incremental load at
1M") loads more files into a store that holds a graph, refreshes the derived values and prints
the rate."""
import csv
import re

from bench.generate import generate, write
from bench.incremental import main
from graph.stores import open_store


def _names(path) -> set[str]:
    with path.open(encoding="utf-8") as fh:
        return {r["name"] for r in csv.DictReader(fh)}


def test_an_incremental_load_is_loaded_refreshed_and_timed(tmp_path, capsys, load_generated):
    spec = f"embedded:{tmp_path / 'kg'}"
    more = write(generate(60, seed=9), tmp_path / "more")
    st = open_store(spec)
    st.setup_schema()
    base, _ = load_generated(st, tmp_path / "base", 200, 5)
    before = st.read("MATCH (c:Company) RETURN count(c) AS n").records()[0]["n"]
    st.close()
    new = _names(more["companies"]) - _names(base["companies"])
    assert new  # the second seed brings companies the first did not have

    assert main(["--store", spec, "--statements", "3", *map(str, more.values())]) == 0
    first, cpu, *statements = capsys.readouterr().out.strip().splitlines()
    m = re.fullmatch(r"(\d+) rows: loads ([\d.]+) s, refresh ([\d.]+) s, total ([\d.]+) s = "
                     r"([\d,]+) rows/s \(load average [\d.]+ -> [\d.]+\)", first)
    assert m, first
    # --statements: the statements' time, the server's and this process's CPU, the 3 longest
    c = re.fullmatch(r"statements ([\d.]+) s; CPU: server ([\d.]+) s, this process ([\d.]+) s",
                     cpu)
    # the total is printed to 0.1 s and the statements' time to 0.01 s: compare within the rounding
    assert c and 0 < float(c[1]) <= float(m[4]) + 0.05 and float(c[2]) > 0 and float(c[3]) > 0, cpu
    assert len(statements) == 3 and all(re.match(r" *[\d.]+ s +\d+ x  \S", s)
                                        for s in statements), statements
    rows = sum(sum(1 for _ in p.open(encoding="utf-8")) - 1 for p in more.values())
    assert int(m[1]) == rows
    assert float(m[4]) >= float(m[2]) and int(m[5].replace(",", "")) > 0

    st = open_store(spec)
    try:
        after = st.read("MATCH (c:Company) RETURN count(c) AS n").records()[0]["n"]
        assert after >= before + len(new) - 5  # a few generated names may resolve to old ones
        fresh = st.read("MATCH (c:Company) WHERE c.name IN $names AND c.lead_scale IS NULL "
                        "RETURN count(c) AS n", {"names": sorted(new)}).records()[0]["n"]
        assert fresh == 0  # the refresh gave every new company its derived values
    finally:
        st.close()
