"""The generator: deterministic, loader formats, every row synthetic and accepted, heavy tails."""
from __future__ import annotations

import csv

import pytest
from click.testing import CliRunner

from bench.records import collect, ordered
from cli import main
from bench.generate import FILES, generate, shape, write


@pytest.fixture(scope="module")
def world():
    return generate(3000, seed=5)


def test_same_seed_same_files(tmp_path):
    a, b = write(generate(800, 3), tmp_path / "a"), write(generate(800, 3), tmp_path / "b")
    for kind in FILES:
        assert a[kind].read_bytes() == b[kind].read_bytes()
    c = write(generate(800, 4), tmp_path / "c")
    assert a["companies"].read_bytes() != c["companies"].read_bytes()


def test_files_are_synthetic_and_in_loader_columns(world, tmp_path):
    paths = write(world, tmp_path)
    for kind, path in paths.items():
        with path.open(encoding="utf-8") as fh:
            rows = list(csv.DictReader(fh))
        assert rows, kind
        assert set(FILES[kind]) <= set(rows[0]), kind
        assert all(r["synthetic"] == "true" for r in rows), kind


def test_every_generated_row_validates(world, tmp_path):
    paths = write(world, tmp_path)
    with collect(ordered(list(paths.values()))) as (rec, reports):
        counts = rec.counts()
    assert all(r.rejected == 0 and r.read == r.loaded for r in reports), \
        [(r.file, r.rejects[:3]) for r in reports if r.rejected]
    assert counts["nodes"]["Company"] == 3000
    rels = counts["relationships"]
    per_company = sum(v for k, v in rels.items() if k not in (
        "PART_OF", "MEMBER_OF", "SUBCLASS_OF", "UPSTREAM_OF", "PRIORITIZES")) / 3000
    assert 2.5 <= per_company <= 4, rels


def test_shape_has_heavy_tails_and_clusters(world):
    s = shape(world)
    assert s["standalone_share"] > 0.5                       # most companies standalone
    assert s["largest_groups"][0] >= 10 * s["group_size_median"]
    assert max(s["ownership_depth"]) >= 3
    assert s["in_city_specialty_share"] > 0.4                # regional industry clustering
    assert len(s["agreements_by_year"]) >= 5                 # several years
    assert {"expansion", "follow-up", "chain"} <= set(s["agreements_by_pattern"])


def test_generate_command(tmp_path):
    res = CliRunner().invoke(main, ["generate", "--companies", "1k", "--seed", "2",
                                    "--out", str(tmp_path)])
    assert res.exit_code == 0, res.output
    assert (tmp_path / "companies.csv").exists() and (tmp_path / "manifest.json").exists()
