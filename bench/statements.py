"""Every `store.read` (and `store.write`) timed by statement, for the profiling scripts
(bench/lead_profile.py, bench/incremental.py): {statement: [seconds, calls, rows]}, the
statement's text with its whitespace folded. With `rows`, the answer's records are counted
(building them is timed too, as a caller would); without, rows stay 0 and nothing is added to
the statement's time."""
from __future__ import annotations

import time
from collections import defaultdict
from contextlib import contextmanager


@contextmanager
def timed(store, methods=("read",), rows: bool = True):
    spent: dict = defaultdict(lambda: [0.0, 0, 0])
    for name in methods:
        run = getattr(store, name)

        def call(query, params=None, *args, _run=run, **kwargs):
            start = time.perf_counter()
            result = None
            try:
                result = _run(query, params, *args, **kwargs)
                return result
            finally:
                n = len(result.records()) if rows and result is not None else 0
                entry = spent[" ".join(query.split())]
                entry[0] += time.perf_counter() - start
                entry[1] += 1
                entry[2] += n
        setattr(store, name, call)
    try:
        yield spent
    finally:
        for name in methods:
            store.__dict__.pop(name, None)  # the class's method again
