"""Industries as people name them: codes with or without scheme prefix, names, aliases, short
names and common words resolve to industry codes (docs/leads.md, "Industries as people name
them"). Pure over the industry table {code: {name, scheme, aliases}}; the store is read by the
caller.

Order: exact code; code without its prefix (C38 -> GB4754:C38, 3841 -> GB4754:C3841, or its
nearest broader class present, said in a note); exact name or alias; the word table
data/industry_words.csv; a unique name containing the text (a short name). Otherwise an
InputError offering the closest names.
"""
from __future__ import annotations

import csv
import difflib
import re
from functools import lru_cache
from pathlib import Path

from graph.errors import InputError

WORDS_FILE = Path(__file__).resolve().parent / "data" / "industry_words.csv"
GB = "GB4754:"


@lru_cache(maxsize=2)
def word_table(path: str = str(WORDS_FILE)) -> dict[str, list[str]]:
    with open(path, encoding="utf-8") as fh:
        rows = csv.DictReader(line for line in fh if not line.startswith("#"))
        return {r["word"]: [c for c in r["codes"].split(";") if c] for r in rows}


def _gb_code(q: str, table: dict) -> tuple[str | None, str]:
    """(code present in the table, note) for a GB/T code typed without its prefix."""
    m = re.fullmatch(r"([A-Ta-t]?)(\d{2,4})", q)
    if not m:
        return None, ""
    letter, digits = m.group(1).upper(), m.group(2)
    sections = [letter] if letter else sorted({c[len(GB)] for c in table if c.startswith(GB)})
    for n in range(len(digits), 1, -1):
        for s in sections:
            code = f"{GB}{s}{digits[:n]}"
            if code in table:
                note = "" if n == len(digits) else \
                    (f"行业代码{q}在图谱中没有细分到该级，按{table[code]['name']}（{s}{digits[:n]}）查找")
                return code, note
    return None, ""


def resolve(q: str, table: dict) -> tuple[list[str], str]:
    """([codes], note) for one industry text; InputError with the closest names when none.

    >>> t = {"GB4754:C38": {"name": "电气机械和器材制造业"}, "XZ:4": {"name": "新能源"},
    ...      "CHAIN:ne:M2": {"name": "动力与储能电池"}}
    >>> resolve("C38", t), resolve("3841", t)[0], resolve("新能源", t)
    ((['GB4754:C38'], ''), ['GB4754:C38'], (['XZ:4'], ''))
    >>> resolve("电气机械", t)
    (['GB4754:C38'], '')
    """
    q = (q or "").strip()
    if not q:
        raise InputError("empty industry", hint="give an industry name, code or common word")
    if q in table:
        return [q], ""
    code, note = _gb_code(q, table)
    if code:
        return [code], note
    for c, r in table.items():
        if q == r.get("name") or q in (r.get("aliases") or []):
            return [c], ""
    words = word_table()
    if q in words:
        codes = [c for c in words[q] if c in table]
        if codes:
            return codes, f"“{q}”按常用词表解读为：" + "、".join(table[c]["name"] for c in codes)
    hits = sorted({c for c, r in table.items() if q in (r.get("name") or "")},
                  key=lambda c: (len(table[c]["name"]), c))
    if len(hits) == 1:
        return hits, ""
    names = sorted({r["name"] for r in table.values() if r.get("name")})
    close = [table[c]["name"] for c in hits[:5]] or \
        difflib.get_close_matches(q, names + list(words), n=5, cutoff=0.3)
    raise InputError(f"未找到行业 unknown industry {q!r}; 最接近 closest: {'、'.join(close) or '-'}",
                     hint="give an industry name, a GB/T code (C38, 3841) or a common word "
                          "(锂电池, 光伏, 芯片)")
