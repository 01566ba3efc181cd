"""The last process to close a store whose append-only file has grown has it rewritten into a
snapshot (graph/embedded_server.py, `_compact`): the next start reads the snapshot instead of
replaying every write, and the graph is the same."""
from __future__ import annotations

import graph.embedded_server as es
from graph.settings import load_settings
from graph.stores import open_store


def _files(store_dir):
    aof = store_dir / "appendonlydir"
    return {p.name: p.stat().st_size for p in aof.iterdir()}


def _open(store_dir):
    spec = f"embedded:{store_dir}"
    return open_store(spec, load_settings(spec))


def _fill(store, n=300):
    store.upsert_nodes("Industry", [{"code": f"T{i:04d}", "name": f"测试行业{i}"}
                                    for i in range(n)])


def _read_back(store):
    rows = store.read("MATCH (i:Industry) WHERE i.code STARTS WITH 'T' "
                      "RETURN i.code AS code, i.name AS name ORDER BY code").records()
    return [(r["code"], r["name"]) for r in rows]


def test_a_grown_store_is_compacted_on_close_and_reads_the_same(tmp_path, monkeypatch, capsys):
    store_dir = tmp_path / "kg"
    monkeypatch.setattr(es, "COMPACT_MIN_MB", 0.0001)  # ~100 bytes: any real write qualifies
    store = _open(store_dir)
    _fill(store)
    before = _read_back(store)
    store.close()
    files = _files(store_dir)
    incr = [size for name, size in files.items() if name.endswith(".incr.aof")]
    base = [name for name in files if ".base." in name]
    assert incr == [0], f"the writes were not folded into the snapshot: {files}"
    assert base and base[0] != "appendonly.aof.1.base.rdb", files  # a new base was written
    again = _open(store_dir)
    try:
        assert _read_back(again) == before and len(before) == 300
    finally:
        again.close()


def test_a_store_below_the_threshold_is_left_as_it_is(tmp_path, monkeypatch):
    store_dir = tmp_path / "kg"
    monkeypatch.setattr(es, "COMPACT_MIN_MB", 1024.0)
    store = _open(store_dir)
    _fill(store, 50)
    store.close()
    incr = [size for name, size in _files(store_dir).items() if name.endswith(".incr.aof")]
    assert incr and incr[0] > 0, "compacted although the writes were far below the threshold"


def test_compact_due_needs_both_the_minimum_and_half_the_base(monkeypatch):
    monkeypatch.setattr(es, "COMPACT_MIN_MB", 16.0)
    mb = 2**20
    info = {"aof_enabled": 1, "aof_rewrite_in_progress": 0}
    assert es.compact_due({**info, "aof_base_size": 243 * mb, "aof_current_size": 438 * mb})
    assert not es.compact_due({**info, "aof_base_size": 243 * mb, "aof_current_size": 300 * mb})
    assert not es.compact_due({**info, "aof_base_size": 0, "aof_current_size": 10 * mb})
    assert es.compact_due({**info, "aof_base_size": 0, "aof_current_size": 17 * mb})
    assert not es.compact_due({**info, "aof_enabled": 0, "aof_base_size": 0,
                               "aof_current_size": 99 * mb})
