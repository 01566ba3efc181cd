"""Neo4j bulk-import CSVs (`neo4j-admin database import full`) from the validated records,
and running the import: `kg load --bulk` on Neo4j and `kg export --format neo4j-admin`.

One node file per label (`<Label>.csv`: `key:ID(<Label>)`, typed properties, `:LABEL`) and one
relationship file per (type, start label, end label) (`:START_ID(<Label>)`, `:END_ID(<Label>)`,
typed properties, `:TYPE`). Types come from graph/schema.yaml: string, int -> `:long`,
float -> `:double`, bool -> `:boolean`, list -> `:string[]` (array delimiter `;`, or the
first of DELIMITERS that no element holds), dates stay ISO strings (what the loaders store on
both backends). docs/scale.md shows the command.
"""
from __future__ import annotations

import csv
import os
import subprocess
from pathlib import Path
from typing import Iterable

from graph.errors import KGError

ARRAY_DELIMITER = ";"
# When a list element holds ";" (an alias "甲;乙"), the first of these no element holds; the
# loaders refuse control characters, so U+001F never occurs in the data
DELIMITERS = (";", "|", "¦", "\x1f")
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


def _cell(v, t: str, delimiter: str = ARRAY_DELIMITER) -> str | None:
    """The text of a value; None: no property (an empty field; a quoted "" is an empty string
    or list, which `kg load` stores as such)."""
    if v is None:
        return None
    if t == "string[]":
        return delimiter.join(str(x) for x in v)
    if t == "boolean":
        return "true" if v else "false"
    return str(v)


def _columns(rows: list[dict], skip: set) -> list[str]:
    cols: dict[str, None] = {}
    for r in rows:
        cols.update(dict.fromkeys(k for k in r if k not in skip))
    return list(cols)


def _delimiter(tables: list[list[dict]]) -> str:
    used = {ch for rows in tables for r in rows for v in r.values() if isinstance(v, list)
            for x in v for ch in DELIMITERS if ch in str(x)}
    return next(d for d in DELIMITERS if d not in used)


def write_files(schema, node_tables: Iterable, rel_tables: Iterable,
                out: str | Path) -> dict[str, list[Path]]:
    """Write the files; returns {"nodes": [paths], "relationships": [paths]}.
    `node_tables`: (label, [props]); `rel_tables`: ((type, start label, end label),
    [{"start", "end", **props}])."""
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    node_tables, rel_tables = list(node_tables), list(rel_tables)
    d = _delimiter([*(rows for _, rows in node_tables), *(rows for _, rows in rel_tables)])
    written: dict = {"nodes": [], "relationships": [], "delimiter": d}
    for label, rows in node_tables:
        if not rows:
            continue
        key = schema.key_of(label)
        props = schema.node(label).properties
        cols = [c for c in _columns(rows, INTERNAL) if c != key]
        types = {c: _ptype(props, c, (r.get(c) for r in rows)) for c in cols}
        header = [f"{key}:ID({label})"] + [f"{c}:{types[c]}" for c in cols] + [":LABEL"]
        path = out / f"nodes_{label}.csv"
        with path.open("w", newline="", encoding="utf-8") as fh:
            w = csv.writer(fh, quoting=csv.QUOTE_NOTNULL)
            w.writerow(header)
            w.writerows([r[key], *(_cell(r.get(c), types[c], d) for c in cols), label]
                        for r in rows)
        written["nodes"].append(path)
    for (rtype, sl, el), rows in rel_tables:
        if not rows:
            continue
        props = schema.rel(rtype).properties
        cols = _columns(rows, INTERNAL | {"start", "end"})
        types = {c: _ptype(props, c, (r.get(c) for r in rows)) for c in cols}
        header = [f":START_ID({sl})", f":END_ID({el})"] + \
            [f"{c}:{types[c]}" for c in cols] + [":TYPE"]
        path = out / f"rels_{rtype}_{sl}_{el}.csv"
        with path.open("w", newline="", encoding="utf-8") as fh:
            w = csv.writer(fh, quoting=csv.QUOTE_NOTNULL)
            w.writerow(header)
            w.writerows([r["start"], r["end"], *(_cell(r.get(c), types[c], d) for c in cols),
                         rtype] for r in rows)
        written["relationships"].append(path)
    return written


def import_command(files: dict[str, list[Path]], database: str = "neo4j") -> list[str]:
    """The `neo4j-admin database import full` arguments for these files."""
    args = ["database", "import", "full", database, "--overwrite-destination=true",
            f"--array-delimiter={files.get('delimiter', ARRAY_DELIMITER)}", "--id-type=string",
            "--multiline-fields=true"]
    args += [f"--nodes={p}" for p in files["nodes"]]
    args += [f"--relationships={p}" for p in files["relationships"]]
    return args


def run_import(admin: list[str], home: str | Path, files: dict[str, list[Path]],
               database: str = "neo4j", timeout: float = 3600) -> str:
    """Run `neo4j-admin database import full` (`admin`: the command, e.g. ["neo4j-admin"] or
    java -cp <jars> org.neo4j.cli.AdminTool) into the Neo4j home `home`, whose database must
    be stopped. Returns the tool's output; raises KGError with its last lines on failure."""
    home = Path(home)
    conf = home / "conf"
    conf.mkdir(parents=True, exist_ok=True)
    env = {**os.environ, "NEO4J_HOME": str(home), "NEO4J_CONF": str(conf)}
    proc = subprocess.run([*admin, *import_command(files, database)], env=env,
                          capture_output=True, text=True, timeout=timeout)
    if proc.returncode != 0 or "IMPORT DONE" not in proc.stdout:
        raise KGError(f"neo4j-admin database import failed (exit {proc.returncode}): "
                      f"{(proc.stdout[-1500:] + proc.stderr[-1500:]).strip()}")
    return proc.stdout
