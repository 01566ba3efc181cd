"""Neo4j bulk-import CSVs (`neo4j-admin database import full`) from the validated records.

One node file per label (`<Label>.csv`: `key:ID(<Label>)`, typed properties, `:LABEL`) and one
relationship file per (type, start label, end label) (`:START_ID(<Label>)`, `:END_ID(<Label>)`,
typed properties, `:TYPE`). Types come from graph/schema.yaml: string, int -> `:long`,
float -> `:double`, bool -> `:boolean`, list -> `:string[]` (array delimiter `;`), dates stay
ISO strings (what the loaders store on both backends). docs/scale.md shows the command.
"""
from __future__ import annotations

import csv
from pathlib import Path

from bench.records import node_rows, rel_rows

ARRAY_DELIMITER = ";"
TYPES = {"int": "long", "float": "double", "bool": "boolean", "list": "string[]",
         "string": "string", "date": "string"}
INTERNAL: set[str] = set()


def _ptype(props: dict, prop: str, values) -> str:
    if prop in props:
        return TYPES[props[prop].type]
    sample = next((v for v in values if v is not None), None)   # properties not in the schema
    if isinstance(sample, bool):
        return "boolean"
    if isinstance(sample, int):
        return "long"
    if isinstance(sample, float):
        return "double"
    if isinstance(sample, list):
        return "string[]"
    return "string"


def _cell(v, t: str) -> str:
    if v is None:
        return ""
    if t == "string[]":
        return ARRAY_DELIMITER.join(str(x).replace(ARRAY_DELIMITER, ",") for x in v)
    if t == "boolean":
        return "true" if v else "false"
    return str(v)


def _columns(rows: list[dict], skip: set) -> list[str]:
    cols: dict[str, None] = {}
    for r in rows:
        cols.update(dict.fromkeys(k for k in r if k not in skip))
    return list(cols)


def write_neo4j_admin(rec, out: str | Path) -> dict[str, list[Path]]:
    """Write the files; returns {"nodes": [paths], "relationships": [paths]}."""
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    schema = rec.schema
    written: dict[str, list[Path]] = {"nodes": [], "relationships": []}
    for label, rows in node_rows(rec):
        key = schema.key_of(label)
        props = schema.node(label).properties
        cols = [c for c in _columns(rows, INTERNAL) if c != key]
        types = {c: _ptype(props, c, (r.get(c) for r in rows)) for c in cols}
        header = [f"{key}:ID({label})"] + [f"{c}:{types[c]}" for c in cols] + [":LABEL"]
        path = out / f"nodes_{label}.csv"
        with path.open("w", newline="", encoding="utf-8") as fh:
            w = csv.writer(fh)
            w.writerow(header)
            w.writerows([r[key], *(_cell(r.get(c), types[c]) for c in cols), label]
                        for r in rows)
        written["nodes"].append(path)
    for (rtype, sl, el), rows in rel_rows(rec):
        props = schema.rel(rtype).properties
        cols = _columns(rows, INTERNAL | {"start", "end"})
        types = {c: _ptype(props, c, (r.get(c) for r in rows)) for c in cols}
        header = [f":START_ID({sl})", f":END_ID({el})"] + \
            [f"{c}:{types[c]}" for c in cols] + [":TYPE"]
        path = out / f"rels_{rtype}_{sl}_{el}.csv"
        with path.open("w", newline="", encoding="utf-8") as fh:
            w = csv.writer(fh)
            w.writerow(header)
            w.writerows([r["start"], r["end"], *(_cell(r.get(c), types[c]) for c in cols),
                         rtype] for r in rows)
        written["relationships"].append(path)
    return written


def import_command(files: dict[str, list[Path]], database: str = "neo4j") -> list[str]:
    """The `neo4j-admin database import full` arguments for these files."""
    args = ["database", "import", "full", database, "--overwrite-destination=true",
            f"--array-delimiter={ARRAY_DELIMITER}", "--id-type=string"]
    args += [f"--nodes={p}" for p in files["nodes"]]
    args += [f"--relationships={p}" for p in files["relationships"]]
    return args
