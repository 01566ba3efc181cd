"""Scale benchmarks (`kg bench`), the Neo4j bulk-import export (`kg export`), and the in-memory
recording store both use to get the exact validated records a `kg load` writes.

Modules: memstore (recording store), records (files -> records), export (neo4j-admin CSVs),
baseline (raw UNWIND ... CREATE and one-write-per-row), latency (query timings), runner
(servers, memory, orchestration), report (docs/benchmarks.md table).
"""
