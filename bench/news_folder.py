"""A folder of news articles for `kg load DIR --kind news`, built from the project's corpus
(tests/news_corpus) plus reposts of its stories, and the load measured on it.

    python -m bench.news_folder [--articles 200] [--store embedded:/tmp/x]

Reposts are made the way the web makes them: the same text as HTML under another site's
chrome (navigation, a footer, a different headline line) and the same text in traditional
characters as .md, in sub-folders. Flagged synthetic: only the chrome is invented.
"""
from __future__ import annotations

import argparse
import html
import os
import shutil
import tempfile
import time
from pathlib import Path

from graph.stores import open_store
from loaders.load import load_path
from loaders.news.folder import status_counts
from loaders.resolve.text import decode_bytes

CORPUS = Path(__file__).resolve().parent.parent / "tests" / "news_corpus"


def _s2t(text: str) -> str:
    import opencc
    return opencc.OpenCC("s2t").convert(text)


def build_folder(out: Path, articles: int = 200, corpus: Path = CORPUS) -> dict:
    """Write ``articles`` files under ``out``: originals (.txt), HTML reposts (site-b/…) and
    traditional-character reposts (site-c/nested/…), cycling over the corpus. Returns how many
    of each and how many distinct stories."""
    originals = sorted(corpus.glob("*.txt"))
    kinds = {"original": 0, "html-repost": 0, "traditional-repost": 0}
    stories = set()
    for i in range(articles):
        src = originals[i % len(originals)]
        round_ = i // len(originals)
        text, _ = decode_bytes(src.read_bytes())
        stories.add(src.stem)
        if round_ == 0:
            (out / "site-a").mkdir(parents=True, exist_ok=True)
            (out / "site-a" / src.name).write_text(text, encoding="utf-8")
            kinds["original"] += 1
        elif round_ % 2 == 1:
            d = out / "site-b" / f"r{round_}"
            d.mkdir(parents=True, exist_ok=True)
            body = "".join(f"<p>{html.escape(line)}</p>\n" for line in text.split("\n") if line.strip())
            page = (f"<html><head><title>转载 {src.stem}</title><style>p{{margin:0}}</style>"
                    f"<script>var x = '招商';</script></head><body><nav>首页 | 新闻 | 招商</nav>"
                    f"<article>{body}</article><footer>版权所有 转载请注明</footer></body></html>")
            (d / f"{src.stem}.html").write_text(page, encoding="utf-8")
            kinds["html-repost"] += 1
        else:
            d = out / "site-c" / "nested" / f"r{round_}"
            d.mkdir(parents=True, exist_ok=True)
            (d / f"{src.stem}.md").write_text(f"# 转载\n\n{_s2t(text)}\n", encoding="utf-8")
            kinds["traditional-repost"] += 1
    return {**kinds, "stories": len(stories)}


def measure(folder: Path, store_target: str) -> dict:
    """Load ``folder`` twice into ``store_target``: articles/s of the first load and what the
    second one added."""
    with open_store(store_target) as st:
        st.setup_schema()
        t, cpu = time.perf_counter(), time.process_time()
        reports = load_path(st, folder, "news")
        secs, cpu = time.perf_counter() - t, time.process_time() - cpu
        before = st.counts()
        again = load_path(st, folder, "news")
        after = st.counts()
        reposts = st.read("MATCH (:Source)-[r:REPOST_OF]->(:Source) RETURN count(r)").scalar()
    return {"articles": len(reports), "seconds": round(secs, 2),
            "articles_per_s": round(len(reports) / secs, 1),
            "loader_cpu_s": round(cpu, 2), "load_average": round(os.getloadavg()[0], 1), "first": status_counts(reports),
            "again": status_counts(again), "repost_links": reposts,
            "again_added_nothing": before == after}


def main(argv=None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--articles", type=int, default=200)
    ap.add_argument("--store", default=None, help="default: an embedded store in a temp folder")
    args = ap.parse_args(argv)
    tmp = Path(tempfile.mkdtemp(prefix="news-folder-"))
    try:
        built = build_folder(tmp / "articles", args.articles)
        print("folder:", built)
        print("load:", measure(tmp / "articles", args.store or f"embedded:{tmp / 'kg'}"))
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
