"""The one load path every tabular source takes: read, convert, validate, upsert in batches.

Every row read is either loaded or rejected with its file, row, field, value and reason;
`read == loaded + rejected` always. Loading the same file twice changes nothing (rows already
in the graph exactly as the file says are counted as `unchanged`).
"""
from __future__ import annotations

import csv
import hashlib
import io
import re
import threading
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from graph.cells import csv_row
from graph.errors import InputError
from graph.store import GraphStore
from graph.text_guard import control_in, reason
from loaders.reference.load import load_reference
from loaders.resolve.enrich import search_keys
from loaders.tabular.columns import map_header, split_list
from loaders.tabular.context import LoadContext
from loaders.tabular.fragment import Fragment, RowError
from graph.gc_pause import fewer_collections
from loaders.tabular.kinds import KINDS, PARTY_FIELDS
from loaders.tabular.read import EXTRA, read_rows, validate_file
from loaders.tabular.writer import write_fragments

BATCH_ROWS = 5000


@dataclass
class Reject:
    file: str
    row: int
    field: str
    value: str
    reason: str

    def cells(self) -> list:
        return [getattr(self, c) for c in REJECT_COLUMNS]


REJECT_COLUMNS = ["file", "row", "field", "value", "reason"]  # one problem, as a record
# A rejects file holds the rejected rows themselves, as read, then these columns: fix the
# cells in Excel/WPS and load the file again (the loaders ignore columns starting with "_").
ROW_COLUMNS = ["_file", "_row", "_reasons"]


@dataclass
class LoadReport:
    file: str
    kind: str
    read: int = 0
    loaded: int = 0
    unchanged: int = 0
    rejected: int = 0
    rejects: list[Reject] = field(default_factory=list)
    header: list[str] = field(default_factory=list)
    raw: dict[int, dict] = field(default_factory=dict)   # rejected row number -> row as read
    notes: list[str] = field(default_factory=list)       # loaded, but worth a look
    source_id: str = ""
    dry_run: bool = False

    def summary(self) -> str:
        mode = " (dry run: nothing written)" if self.dry_run else ""
        return (f"{self.file} [{self.kind}]: read {self.read}, loaded {self.loaded} "
                f"(unchanged {self.unchanged}), rejected {self.rejected}{mode}")


def source_id_for(path: Path) -> str:
    digest = hashlib.sha1(path.read_bytes()).hexdigest()[:12]
    return f"file:{path.name}:{digest}"


def detect_kind(header: list[str]) -> str:
    found = lambda *f: all(x in map_header(header, list(f)) for x in f)  # noqa: E731
    keys = {h.strip().lower() for h in header}
    if {"ts_code", "list_date"} <= keys:
        return "listed"
    if keys & {"被投资企业名称", "被投资企业", "被投资公司名称"}:
        return "investments"  # a platform's 对外投资 export
    if keys & {"分支机构名称", "分公司名称"}:
        return "branches"     # a platform's 分支机构 export
    if keys & {"项目名称"} and keys & {"项目状态", "签约日期", "开工日期", "投产日期"} \
            and not (found("parties") or found("party_a", "party_b")):
        return "projects"     # a bureau's 招商项目台账 (a table of signing parties is agreements)
    for kind, fields in (("ownership", ("shareholder", "share")), ("visits", ("visitor", "host")),
                         ("agreements", ("parties",)), ("agreements", ("party_a", "party_b")),
                         ("events", ("organizer",)), ("projects", ("stage",))):
        if found(*fields):
            return kind
    if found("uscc") or found("founded") or found("reg_capital") or found("industry"):
        return "companies"
    if found("kind", "name"):
        return "organizations"
    if found("name"):
        return "companies"
    raise InputError(f"cannot tell what kind of table this is from its header {header}",
                     hint="pass --kind companies|ownership|organizations|agreements|projects|"
                          "events|visits (docs/loading.md lists the column names)")


def load_table(store: GraphStore | None, path: str | Path, kind: str = "auto", *,
               dry_run: bool = False, progress: Callable[[int], None] | None = None,
               batch_rows: int = BATCH_ROWS, source_id: str | None = None) -> LoadReport:
    """Load one table. `source_id` attributes the facts to an existing Source (e.g. the
    article a hand-made table was written from) instead of to the file itself."""
    path = Path(path)
    validate_file(path)  # the whole file parses before anything is written
    header, rows = read_rows(path)
    kind = detect_kind(header) if kind == "auto" else kind
    if kind not in KINDS:
        raise InputError(f"unknown kind {kind!r}; expected one of {sorted(KINDS)}")
    convert, fields = KINDS[kind]
    mapping = map_header(header, fields + (["symbol"] if kind == "listed" else []))
    if not mapping:
        raise InputError(f"{path}: none of the columns {header} is known for kind {kind}",
                         hint="rename the columns (docs/loading.md) or pass the right --kind")
    subject = _subject(path, kind, mapping)
    report = LoadReport(str(path), kind, source_id=source_id or source_id_for(path),
                        dry_run=dry_run, header=[h for h in header if h])
    writes = _Writer(store if not dry_run else None)
    ctx = LoadContext(writes.gated(store), report.source_id)
    empty: frozenset[str] = frozenset()
    if store is not None and not dry_run:
        with store.exclusive("reference"):  # concurrent first loads set it up once
            _ensure_reference(store)
        empty = _empty_kinds(store)
        if source_id is None:  # written with the first batch that has a row to load
            writes.before_first = lambda: _write_source(store, path, report.source_id)
    batch: list[tuple[int, dict]] = []
    with fewer_collections():  # graph/gc_pause.py
        try:
            for n, raw in rows:
                mapped = {f: raw.get(h) for f, h in mapping.items()}
                if subject:
                    mapped[subject[0]] = subject[1]
                if EXTRA in raw:  # more cells than the header: rejected in _flush, never cut
                    mapped[EXTRA] = (raw[EXTRA], len(header))
                batch.append((n, mapped, raw))
                if len(batch) >= batch_rows:
                    _flush(writes, ctx, batch, report, progress, empty)
                    batch = []
            _flush(writes, ctx, batch, report, progress, empty)
            writes.finish()
        finally:
            writes.close()
    return report


# One-company platform exports (股东信息, 对外投资, 分支机构) name their company only in the
# file name (e.g. 甲公司-股东信息.xlsx): the field that company fills, per kind.
SUBJECT_FIELD = {"ownership": "company", "investments": "shareholder", "branches": "company"}
_SUBJECT_RE = re.compile(r"^(.+?(?:有限责任公司|股份有限公司|有限公司|集团|[(（]有限合伙[)）]))")


def _subject(path: Path, kind: str, mapping: dict) -> tuple[str, str] | None:
    field = SUBJECT_FIELD.get(kind)
    if not field or field in mapping:
        return None
    m = _SUBJECT_RE.match(path.stem)
    if not m:
        raise InputError(f"{path}: a {kind} table without a {field} column; name the company "
                         f"in a column or in the file name",
                         hint="e.g. 甲乙科技有限公司-股东信息.xlsx (the platforms' one-company "
                              "exports), or add a column 企业名称")
    return field, m[1]


def _empty_kinds(store: GraphStore) -> frozenset[str]:
    """Labels and relationship types of the schema the graph holds none of (yet)."""
    counts = store.counts()
    present = set(counts["nodes"]) | set(counts["relationships"])
    return frozenset((set(store.schema.nodes) | set(store.schema.relationships)) - present)


def _flush(writes: "_Writer", ctx, batch, report, progress, empty=frozenset()) -> None:
    """Convert a batch here while the previous one is written in the background; then account
    for the previous one and hand this one to the writer."""
    if not batch:
        return
    # the rows of one file have the same fields (its mapped columns): the party fields of
    # the first row are those of every row
    fields = [f for f in PARTY_FIELDS if f in batch[0][1]]
    names = [v for _, r, _ in batch for f in fields for v in split_list(r.get(f))]
    if report.kind in ("companies", "listed"):  # a name with a comma is one name here
        names += [str(r.get("name") or "").strip() for _, r, _ in batch]
    if report.kind in ("companies", "listed", "organizations"):
        # Each row's own name becomes a node with its search keys: computed (and cached) now,
        # while the previous batch is still being written, instead of after the look-ups
        # below, which wait for that write (the keys depend on the name only).
        for _, r, _ in batch:
            name = str(r.get("name") or "").strip()
            if name:
                search_keys(name)
    codes = ([str(r.get("uscc") or "").strip().upper() for _, r, _ in batch if r.get("uscc")],
             [str(r.get("stock_code") or "").split(".")[0].strip() for _, r, _ in batch
              if r.get("stock_code")])
    ctx.prefetch(names, codes)
    convert = KINDS[report.kind][0]
    good: list[tuple[int, Fragment]] = []
    rejects: list[Reject] = []
    for n, row, raw in batch:
        if EXTRA in row:
            extra, width = row[EXTRA]
            rejects.append(Reject(report.file, n, "(extra cells)", " | ".join(map(str, extra)),
                                  f"the row has {len(extra)} more non-empty cell(s) than the "
                                  f"header's {width} columns; a comma inside a value needs "
                                  f"quotes (\"a,b\")"))
            report.raw[n] = {k: v for k, v in raw.items() if k != EXTRA}
            continue
        ctx.begin_row()
        errors = []
        try:
            _refuse_control(row)
            frag = convert(row, ctx, n)
        except RowError as err:
            errors.append(err)
        errors = ctx.errors + errors
        if errors:
            ctx.reject_row()
            rejects += [Reject(report.file, n, e.field, str(e.value or ""), e.reason)
                        for e in errors]
            report.raw[n] = raw
        else:
            good.append((n, frag))
    ctx.trim()
    report.notes += ctx.notes
    ctx.notes = []
    raws = {n: raw for n, _, raw in batch}
    writes.submit(good, empty, lambda result: _account(report, batch, good, rejects, result,
                                                       progress, raws))


def _refuse_control(row: dict) -> None:
    found = control_in(row)
    if found:
        f, char = found
        raise RowError(f, row[f], reason(char))


def _account(report, batch, good, rejects, result, progress, raws) -> None:
    unchanged, missing = result
    report.read += len(batch)
    report.rejects += rejects
    for n, _ in good:
        if n in missing:
            report.rejects.append(Reject(report.file, n, *missing[n]))
            report.raw[n] = raws[n]
        else:
            report.loaded += 1
            report.unchanged += n in unchanged
    report.rejected = len(report.raw)
    if progress:
        progress(len(batch))


class _Writer:
    """Writes batches on one background thread, one at a time and in order, so that the next
    batch is converted (Python) while the database works on this one: at one million companies
    the two were 478 s of Python and 317 s of database time, run one after the other.

    The load's own reads (name resolution) go through `gated(store)`, which waits until no
    write is in flight: every read sees every earlier batch written, as in a serial load.
    Results are accounted in the main thread, in batch order. Without a store (dry run) the
    batches are accounted at once. Only stores with `overlap_writes` (the embedded one) write
    in the background: the Neo4j driver packs its messages in Python, so its writer thread
    competed with the conversion for the interpreter (130k rows: 85.3 s serial, 89.5 s
    overlapped; embedded 100k company rows: 47.6 s serial, 41.4 s overlapped)."""

    def __init__(self, store: GraphStore | None):
        self.store = store
        self.idle = threading.Event()
        self.idle.set()
        overlap = store is not None and getattr(store, "overlap_writes", False)
        self.pool = ThreadPoolExecutor(1, thread_name_prefix="kg-write") if overlap else None
        self.pending: tuple[Future, Callable] | None = None
        self.before_first: Callable | None = None  # a write due before the first rows

    def gated(self, store):
        return None if store is None else _Gated(store, self.idle)

    def submit(self, good, empty, account: Callable) -> None:
        self.finish()
        if self.store is None:
            account((set(), {}))
            return
        if good and self.before_first:
            self.before_first()
            self.before_first = None
        if self.pool is None:
            account(write_fragments(self.store, good, empty))
            return
        self.idle.clear()
        self.pending = (self.pool.submit(self._write, good, empty), account)

    def _write(self, good, empty):
        try:
            return write_fragments(self.store, good, empty)
        finally:
            self.idle.set()

    def finish(self) -> None:
        """Wait for the write in flight and account for it (re-raises its error)."""
        if self.pending:
            future, account = self.pending
            self.pending = None
            account(future.result())

    def close(self) -> None:
        if self.pool:
            self.pool.shutdown(wait=True)


class _Gated:
    """A store whose calls wait for the background write in flight to end."""

    def __init__(self, store: GraphStore, idle: threading.Event):
        self._store, self._idle = store, idle

    def __getattr__(self, name):
        attr = getattr(self._store, name)
        if not callable(attr):
            return attr

        def call(*args, **kwargs):
            self._idle.wait()
            return attr(*args, **kwargs)
        return call


def _ensure_reference(store: GraphStore) -> None:
    """Regions and industries must be there before facts can point at them."""
    if not store.read("MATCH (r:Region) RETURN r.code LIMIT 1").rows or \
            not store.read("MATCH (i:Industry) RETURN i.code LIMIT 1").rows:
        load_reference(store)


def _write_source(store: GraphStore, path: Path, sid: str) -> None:
    store.upsert_nodes("Source", [{"id": sid, "title": path.name, "kind": "file",
                                   "uri": path.resolve().as_uri()}])


def reasons(report: LoadReport) -> dict[int, str]:
    """Every problem found for each rejected row, in one cell: 'field=value: reason; ...'."""
    out: dict[int, list[str]] = {}
    for r in report.rejects:
        out.setdefault(r.row, []).append(f"{r.field}={r.value!r}: {r.reason}" if r.value
                                         else f"{r.field}: {r.reason}")
    return {n: "；".join(v) for n, v in out.items()}


def rejects_csv(reports: list[LoadReport]) -> bytes:
    """The rejected rows as a CSV file (UTF-8 with BOM, for Excel and WPS): each row with its
    original columns as read, then `_file`, `_row` (as a spreadsheet numbers it) and
    `_reasons` (every problem found). Fix the cells and load the file again: `_` columns are
    ignored, rows already loaded are not duplicated."""
    header: list[str] = []
    for rep in reports:
        header += [h for h in rep.header if h not in header and h not in ROW_COLUMNS]
    buf = io.StringIO()
    w = csv.writer(buf)
    w.writerow(csv_row(header + ROW_COLUMNS))
    for rep in reports:
        why = reasons(rep)
        for n in sorted(rep.raw):
            raw = rep.raw[n]
            w.writerow(csv_row([raw.get(h) for h in header] + [rep.file, n, why.get(n, "")]))
    return buf.getvalue().encode("utf-8-sig")



def write_rejects(reports: list[LoadReport], out: str | Path) -> int:
    """Write the rejected rows (rejects_csv) to `out`; returns how many rows."""
    Path(out).write_bytes(rejects_csv(reports))
    return sum(len(rep.raw) for rep in reports)
