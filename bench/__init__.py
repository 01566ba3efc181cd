"""Scale benchmarks (`kg bench`), the synthetic generator (`kg generate`) and the Neo4j
bulk-import export (`kg export`).

Modules: generate + generate_world (synthetic economy), records (files -> the records a
`kg load` writes, through a scratch embedded store), export (neo4j-admin CSVs), baseline (raw
UNWIND ... CREATE and one-write-per-row), latency (query timings), runner (servers, memory,
orchestration), report (docs/benchmarks.md table), lead_latency (the lead query, warm, on an
existing store).
"""
