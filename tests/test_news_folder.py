"""`kg load DIR --kind news`: recursion, HTML, reposts linked not counted twice, a report per
article, loading again adds nothing; on both stores."""
from pathlib import Path

import opencc
import pytest
from click.testing import CliRunner

from cli import main
from loaders.load import load_path
from loaders.news.extract import extract_file
from loaders.news.folder import html_to_text, near, simhash, status_counts

CORPUS = Path(__file__).parent / "news_corpus"


@pytest.fixture
def folder(tmp_path):
    d = tmp_path / "articles"
    (d / "a" / "b").mkdir(parents=True)
    text = (CORPUS / "04.txt").read_text(encoding="utf-8")
    (d / "04.txt").write_text(text, encoding="utf-8")
    body = "".join(f"<p>{ln}</p>" for ln in text.split("\n"))
    (d / "a" / "repost.html").write_text(
        f"<html><head><script>var a='某某有限公司';</script></head><body><nav>首页 新闻</nav>"
        f"{body}<footer>版权所有</footer></body></html>", encoding="utf-8")
    (d / "a" / "b" / "trad.md").write_text(opencc.OpenCC("s2t").convert(text), encoding="utf-8")
    (d / "a" / "b" / "other.txt").write_text(
        (CORPUS / "41.txt").read_text(encoding="utf-8"), encoding="utf-8")
    (d / "a" / "empty.txt").write_text("   \n", encoding="utf-8")
    (d / "a" / "weather.txt").write_text("今天天气晴朗,适合出行。明天有小雨。", encoding="utf-8")
    (d / "a" / "ignored.csv").write_text("x,y\n", encoding="utf-8")
    return d


def test_html_is_reduced_to_its_text():
    t = html_to_text("<html><head><style>p{}</style><script>x=1</script></head><body><nav>导航</nav>"
                     "<h1>标题</h1><p>第一段&amp;</p><p>第二段</p><footer>页脚</footer></body></html>")
    assert t == "标题\n第一段&\n第二段"


def test_simhash_same_story_across_scripts_not_across_stories():
    a = (CORPUS / "04.txt").read_text(encoding="utf-8")
    b = (CORPUS / "41.txt").read_text(encoding="utf-8")
    assert near(simhash(a), simhash(opencc.OpenCC("s2t").convert(a) + "\n转载自某网站"))
    assert not near(simhash(a), simhash(b))


def test_folder_load_reports_links_reposts_and_is_idempotent(store, folder):
    reports = load_path(store, folder, "news")
    by = {Path(r.file).name: r for r in reports}
    assert set(by) == {"04.txt", "repost.html", "trad.md", "other.txt", "empty.txt", "weather.txt"}
    assert by["04.txt"].status == "loaded" and by["04.txt"].loaded > 0
    assert by["other.txt"].status == "loaded"
    assert by["repost.html"].status == by["trad.md"].status == "repost"
    assert by["repost.html"].repost_of == by["04.txt"].source_id
    assert by["empty.txt"].status == "failed" and "no text" in by["empty.txt"].reason
    assert by["weather.txt"].status == "nothing found"
    assert store.read("MATCH (s:Source) RETURN count(s)").scalar() == 5  # one per article with text
    assert store.read("MATCH (:Source)-[r:REPOST_OF]->(o:Source) RETURN count(r), collect(DISTINCT o.id)"
                      ).rows[0] == [2, [by["04.txt"].source_id]]
    # the repost's agreements are not counted twice
    ags = sum(len(extract_file(CORPUS / n)["agreements"]) for n in ("04.txt", "41.txt"))
    assert store.read("MATCH (a:Agreement) RETURN count(a)").scalar() == ags
    before = store.counts()
    again = load_path(store, folder, "news")
    assert status_counts(again) == {"unchanged": 5, "failed": 1}
    assert store.counts() == before


def test_kg_load_folder_prints_a_report_per_article(folder, tmp_path):
    out = CliRunner().invoke(main, ["--store", f"embedded:{tmp_path / 'kg'}", "load", str(folder),
                                    "--kind", "news"])
    assert out.exit_code == 0, out.output
    assert "repost.html [news] repost (same story as news:" in out.output
    assert "articles: loaded 2, repost 2, failed 1, nothing found 1" in out.output
