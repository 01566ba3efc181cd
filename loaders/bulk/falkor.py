"""Nodes and relationships into an embedded FalkorDB graph through `GRAPH.BULK`, the binary
endpoint FalkorDB offers for creating a graph that does not exist yet.

The encoding is the one the `falkordb-bulk-loader` package (1.2.0) speaks: each command is
`GRAPH.BULK <graph> [BEGIN] <nodes> <relationships> <label tokens> <type tokens> <token>...`;
a token is the label (or type) name and its property names, each NUL-terminated, then one
record per entity: a relationship starts with its two node ids (8-byte unsigned), node ids
being the order in which the nodes were sent (from 0, across commands); a value is a type byte
(0 null, skipped by the server; 1 bool; 2 double; 3 string, NUL-terminated; 4 long; 5 array:
a long count, then each element) and its value. The package itself reads CSV files and infers
each array element's type from its text (an alias "123" would come back as a number); we
encode the loaders' Python values directly, so no CSV round trip and no type guessing.
"""
from __future__ import annotations

import struct
from typing import Iterable, Iterator

MAX_COMMAND_BYTES = 32_000_000   # the package's default is 64 MB; redis allows 512 MB a token
_LONG = struct.Struct("=Bq")
_DOUBLE = struct.Struct("=Bd")
_BOOL = struct.Struct("=B?")
_NULL = b"\x00"
_PAIR = struct.Struct("=QQ")


def value(v) -> bytes:
    if v is None:
        return _NULL
    if isinstance(v, bool):
        return _BOOL.pack(1, v)
    if isinstance(v, int):
        return _LONG.pack(4, v)
    if isinstance(v, float):
        return _DOUBLE.pack(2, v)
    if isinstance(v, str):
        return b"\x03" + v.encode() + b"\x00"
    if isinstance(v, (list, tuple)):
        return _LONG.pack(5, len(v)) + b"".join(value(x) for x in v)
    raise TypeError(f"GRAPH.BULK cannot encode {type(v).__name__} value {v!r}")


def _header(name: str, props: list[str]) -> bytes:
    return name.encode() + b"\x00" + struct.pack("=I", len(props)) + \
        b"".join(p.encode() + b"\x00" for p in props)


def _columns(rows: Iterable[dict], skip: tuple = ()) -> list[str]:
    cols: dict[str, None] = {}
    for r in rows:
        cols.update(dict.fromkeys(k for k in r if k not in skip))
    return list(cols)


class BulkWriter:
    """Packs tokens into commands of at most MAX_COMMAND_BYTES and sends them."""

    def __init__(self, send):
        self.send = send           # send(args) -> reply
        self.first = True
        self.tokens: list[tuple[bool, bytes]] = []   # (is node token, bytes)
        self.counts = [0, 0]       # nodes, relationships in the pending command
        self.size = 0
        self.created = [0, 0]

    def add(self, is_node: bool, header: bytes, records: Iterator[bytes]) -> None:
        parts, size = [header], len(header)
        for rec in records:
            if size + len(rec) > MAX_COMMAND_BYTES or self.size + size + len(rec) > \
                    MAX_COMMAND_BYTES:
                if len(parts) > 1:
                    self._push(is_node, parts, size)
                self.flush()
                parts, size = [header], len(header)
            parts.append(rec)
            size += len(rec)
            self.counts[0 if is_node else 1] += 1
        if len(parts) > 1:
            self._push(is_node, parts, size)

    def _push(self, is_node: bool, parts: list[bytes], size: int) -> None:
        self.tokens.append((is_node, b"".join(parts)))
        self.size += size

    def flush(self) -> None:
        if not self.tokens:
            return
        nodes = [t for n, t in self.tokens if n]
        rels = [t for n, t in self.tokens if not n]
        args = [*(["BEGIN"] if self.first else []), self.counts[0], self.counts[1],
                len(nodes), len(rels), *nodes, *rels]
        reply = self.send(args)
        text = reply.decode() if isinstance(reply, bytes) else str(reply)
        made = [int(p.strip().split(" ")[0]) for p in text.split(",")[:2]]
        self.created = [self.created[0] + made[0], self.created[1] + made[1]]
        self.first, self.tokens, self.counts, self.size = False, [], [0, 0], 0


def bulk_insert(send, schema, nodes: dict[str, dict], rels: dict[tuple, dict]) -> tuple[int, int]:
    """Send every node (per label) then every relationship (per type and end labels);
    returns (nodes created, relationships created) as the server reports them."""
    ids: dict[tuple[str, object], int] = {}
    w = BulkWriter(send)
    for label, table in nodes.items():
        if not table:
            continue
        cols = _columns(table.values())
        for k in table:
            ids[(label, k)] = len(ids)
        w.add(True, _header(label, cols),
              (b"".join(value(n.get(c)) for c in cols) for n in table.values()))
    for (rtype, sl, el), table in rels.items():
        if not table:
            continue
        cols = _columns(table.values())
        w.add(False, _header(rtype, cols),
              (_PAIR.pack(ids[(sl, s)], ids[(el, e)]) + b"".join(value(p.get(c)) for c in cols)
               for (s, e), p in table.items()))
    w.flush()
    return w.created[0], w.created[1]
