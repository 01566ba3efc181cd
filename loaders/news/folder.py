"""`kg load DIR --kind news`: every article of a folder (recursively: .txt, .md, .html, .htm).

One Source per article. HTML is reduced to its text with the standard library's HTML parser
(scripts, styles, navigation, headers, footers and forms dropped; block elements end lines).
A story reposted (another site's chrome, traditional characters) is recognised by a SimHash of
its simplified text: 64 bits over character 4-grams of the CJK/alphanumeric characters, two
articles being the same story when at most ``NEAR_BITS`` bits differ. A repost gets its own
Source linked `(repost)-[:REPOST_OF]->(first)` and no facts of its own, so nothing is counted
twice; the first article seen (by path order, or already in the store) is the original.
Loading the folder again adds nothing: a Source's id is the hash of its bytes.

Each article gets a report: loaded / nothing found / repost / unchanged / failed, with the
reason.
"""
from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from typing import Callable

import numpy as np

from graph.store import GraphStore
from loaders.news.extract import extract
from loaders.news.gazetteer import store_gazetteer
from loaders.news.load import finish, news_fragments
from loaders.resolve.text import CJK, decode_bytes, normalize_name, to_simplified
from loaders.tabular.fragment import Fragment
from loaders.tabular.pipeline import LoadReport
from loaders.tabular.writer import write_fragments

ARTICLE_SUFFIXES = (".txt", ".md", ".html", ".htm")
NEAR_BITS = 8
_NEWS_SOURCES = "MATCH (s:Source) WHERE s.kind = 'news' RETURN s.id, s.simhash"


# ------------------------------------------------------------------------------ HTML

class _TextParser(HTMLParser):
    SKIP = {"script", "style", "noscript", "nav", "header", "footer", "form", "iframe",
            "svg", "button", "select", "aside", "template"}
    BLOCK = {"p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "section",
             "article", "title", "blockquote", "pre", "table", "ul", "ol", "dd", "dt"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skip = 0

    def handle_starttag(self, tag, attrs):
        if tag in self.SKIP:
            self.skip += 1
        elif tag in self.BLOCK:
            self.parts.append("\n")

    def handle_endtag(self, tag):
        if tag in self.SKIP:
            self.skip = max(0, self.skip - 1)
        elif tag in self.BLOCK:
            self.parts.append("\n")

    def handle_data(self, data):
        if not self.skip:
            self.parts.append(data)


def html_to_text(html: str) -> str:
    """The readable text of an HTML page: one line per block, chrome elements dropped."""
    p = _TextParser()
    p.feed(html)
    p.close()
    lines = (re.sub(r"[ \t\u3000\xa0]+", " ", ln).strip() for ln in "".join(p.parts).split("\n"))
    return "\n".join(ln for ln in lines if ln)


def article_text(path: Path) -> str:
    """An article file's text (.html/.htm reduced to text), decoded as ``decode_bytes`` does."""
    text, _ = decode_bytes(path.read_bytes())
    return html_to_text(text) if path.suffix.lower() in (".html", ".htm") else text


# ------------------------------------------------------------------------- fingerprint

_KEEP_RE = re.compile(rf"[^{CJK}A-Za-z0-9]+")


def simhash(text: str) -> int:
    """64-bit SimHash of ``text``'s simplified CJK/alphanumeric characters: each distinct
    character 4-gram hashed (a polynomial over code points, mixed by splitmix64), each bit
    set where most 4-grams have it. Stable across processes (stored on the Source)."""
    s = _KEEP_RE.sub("", to_simplified(text))
    if len(s) < 4:
        s = s.ljust(4, "\0")
    c = np.frombuffer(s.encode("utf-32-le"), dtype=np.uint32).astype(np.uint64)
    p = np.uint64(1_000_003)
    with np.errstate(over="ignore"):
        h = ((c[:-3] * p + c[1:-2]) * p + c[2:-1]) * p + c[3:]
        h = np.unique(h)
        h = (h ^ (h >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9)
        h = (h ^ (h >> np.uint64(27))) * np.uint64(0x94D049BB133111EB)
        h = h ^ (h >> np.uint64(31))
    ones = ((h[:, None] >> np.arange(64, dtype=np.uint64)) & np.uint64(1)).sum(axis=0)
    return sum(1 << b for b in range(64) if ones[b] * 2 > len(h))


def near(a: int, b: int) -> bool:
    return bin(a ^ b).count("1") <= NEAR_BITS


# ------------------------------------------------------------------------------ report

@dataclass
class ArticleReport(LoadReport):
    status: str = ""        # loaded | nothing found | repost | unchanged | failed
    reason: str = ""
    repost_of: str | None = None

    def summary(self) -> str:
        why = f" ({self.reason})" if self.reason else ""
        counts = f": read {self.read}, loaded {self.loaded}, rejected {self.rejected}" \
            if self.status in ("loaded", "unchanged") else ""
        return f"{self.file} [news] {self.status}{why}{counts}"


def article_files(folder: Path) -> list[Path]:
    if folder.is_file():
        return [folder]
    return sorted(p for p in folder.rglob("*")
                  if p.is_file() and p.suffix.lower() in ARTICLE_SUFFIXES)


def load_news_folder(store: GraphStore | None, folder: str | Path, *, dry_run: bool = False,
                     progress: Callable[[int], None] | None = None) -> list[ArticleReport]:
    """Load every article under ``folder``; one report per article (see module doc).
    Names resolve against the graph's names and aliases, fetched once; writes go in batches
    of ``BATCH`` articles."""
    folder = Path(folder)
    files = article_files(folder)
    if not files:
        raise ValueError(f"{folder}: no article files (.txt, .md, .html, .htm) in this folder "
                         "or below it")
    seen: dict[str, int] = {}
    index: dict = {}
    if store is not None:
        seen = {sid: int(h) for sid, h in store.read(_NEWS_SOURCES).rows if h is not None}
        index = _name_index(store)
    reports, pending = [], []
    for path in files:
        art, work = _prepare(store, path, seen, dry_run, index)
        reports.append(art)
        if work is not None:
            pending.append((art, *work))
        if len(pending) >= BATCH:
            _flush(store, pending, dry_run)
        if progress:
            progress(1)
    _flush(store, pending, dry_run)
    return reports


BATCH = 50
_ROWS = 100_000  # row numbers of one article inside a batch: k * _ROWS + n


def _name_index(store: GraphStore) -> dict:
    out = {}
    for k in store_gazetteer(store):
        if k["label"] in ("Company", "Organization"):
            for name in [k["name"], *k["aliases"]]:
                out.setdefault(normalize_name(name), (k["label"], k["id"]))
    return out


def _prepare(store, path: Path, seen: dict[str, int], dry_run: bool, index: dict):
    """The article's report and, when something is to be written, (LoadReport, fragments)."""
    raw = path.read_bytes()
    sid = "news:" + hashlib.sha1(raw).hexdigest()[:12]
    art = ArticleReport(str(path), "news", source_id=sid, dry_run=dry_run)
    try:
        text = article_text(path)
    except ValueError as exc:
        art.status, art.reason = "failed", str(exc)
        return art, None
    if not text.strip():
        art.status, art.reason = "failed", "no text in the file"
        return art, None
    if sid in seen:
        art.status, art.reason = "unchanged", "already loaded (same bytes)"
        return art, None
    fp = simhash(text)
    original = next((s for s, h in seen.items() if near(h, fp)), None)
    seen[sid] = fp
    if original:
        art.status, art.repost_of = "repost", original
        art.reason = f"same story as {original}: linked REPOST_OF, facts not counted again"
        frag = Fragment()
        frag.node("Source", {"id": sid, "title": path.stem, "kind": "news",
                             "uri": path.resolve().as_uri(), "simhash": str(fp)})
        frag.rel("REPOST_OF", ("Source", sid), ("Source", original))
        return art, (LoadReport(str(path), "news", source_id=sid), [(0, frag)])
    try:
        result = extract(text)
        result["source"]["file"] = str(path)
        rep, good = news_fragments(store, path, result, dry_run=dry_run,
                                   source_extra={"simhash": str(fp)}, index=index)
    except Exception as exc:  # noqa: BLE001 - one bad article must not stop the folder
        art.status, art.reason = "failed", f"{type(exc).__name__}: {exc}"
        return art, None
    found = result["agreements"] or result["visits"] or result["companies"]
    art.status = "loaded" if found else "nothing found"
    if not found:
        art.reason = "no company, agreement or visit in the text"
    return art, (rep, good)


def _flush(store, pending: list, dry_run: bool) -> None:
    """Write the pending articles' fragments in one go; fill in each article's counts."""
    if not pending:
        return
    batch = [(k * _ROWS + n, frag) for k, (_, _, good) in enumerate(pending) for n, frag in good]
    unchanged, missing = set(), {}
    if store is not None and not dry_run:
        unchanged, missing = write_fragments(store, batch)
    for k, (art, rep, good) in enumerate(pending):
        lo, hi = k * _ROWS, (k + 1) * _ROWS
        finish(rep, good, {n - lo for n in unchanged if lo <= n < hi},
               {n - lo: v for n, v in missing.items() if lo <= n < hi})
        for f in ("read", "loaded", "unchanged", "rejected", "rejects"):
            setattr(art, f, getattr(rep, f))
    pending.clear()


def status_counts(reports: list) -> dict[str, int]:
    out: dict[str, int] = {}
    for r in reports:
        st = getattr(r, "status", "")
        if st:
            out[st] = out.get(st, 0) + 1
    return out
