"""Helpers shared by CLI commands: opening the store, printing results."""
from __future__ import annotations

import json
import re
import unicodedata
from contextlib import contextmanager

import click

from graph.cells import cell_text, csv_text
from graph.settings import resolve_store
from graph.store import QueryResult
from graph.stores import open_store


def store_target(ctx) -> str:
    """The store this command works on: `--store` > KG_STORE > NEO4J_URI > embedded:.kg."""
    return resolve_store(ctx.obj.get("store") if ctx and ctx.obj else None)


@contextmanager
def store_from(ctx):
    st = open_store(store_target(ctx))
    try:
        yield st
    finally:
        st.close()


def dumps(obj) -> str:
    return json.dumps(obj, ensure_ascii=False, indent=2, default=str)


def _width(s: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in s)


# Terminal control: ESC/CSI sequences (colours, clearing the screen, retitling the window), then
# any other C0/C1 control character; a value can otherwise rewrite what the terminal shows.
_TERMINAL = re.compile(r"(\x1b\[|\x9b)[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(\x07|\x1b\\)?|\x1b."
                       r"|[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def terminal_text(s: str) -> str:
    """`s` without terminal escape sequences and control characters (tab and newline kept)."""
    return _TERMINAL.sub("", s)


def table(columns: list[str], rows: list[list]) -> str:
    cells = [[terminal_text(cell_text(v)) for v in r] for r in rows]
    columns = [terminal_text(str(c)) for c in columns]
    widths = [max([_width(c)] + [_width(r[i]) for r in cells]) for i, c in enumerate(columns)]
    pad = lambda s, w: s + " " * (w - _width(s))  # noqa: E731
    lines = ["  ".join(pad(c, w) for c, w in zip(columns, widths)),
             "  ".join("-" * w for w in widths)]
    lines += ["  ".join(pad(c, w) for c, w in zip(r, widths)) for r in cells]
    return "\n".join(lines)


def print_result(res: QueryResult, fmt: str) -> None:
    if fmt == "json":
        click.echo(dumps({"columns": res.columns, "rows": res.records(),
                          "truncated": res.truncated}))
    elif fmt == "csv":
        click.echo(csv_text(res.columns, res.rows), nl=False)
    else:
        click.echo(table(res.columns, res.rows))
        note = f"{len(res.rows)} 行 rows, {res.elapsed_ms:.0f} ms"
        if res.truncated:
            note += " (已截断 truncated at the row cap; raise --limit)"
        click.echo(note, err=True)


def emit(text: str, out: str | None, fmt: str, done: str) -> None:
    """Write `text` to `out` (CSV as UTF-8 with a BOM, for Excel and WPS) and say `done`, or
    print it when there is no `out`."""
    if not out:
        click.echo(text)
        return
    with open(out, "w", encoding="utf-8-sig" if fmt == "csv" else "utf-8") as f:
        f.write(text)
    click.echo(f"{done} -> {out}")
