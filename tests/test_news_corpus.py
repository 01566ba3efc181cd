"""The real news corpus (tests/news_corpus): scores stay above floors set just below what the
extractor reached (docs/news-extraction.md), so a regression fails; the in-process scorer
agrees with ../shared/tools/news-eval's measure; dates never lack their year."""
import json
from pathlib import Path

import pytest

from loaders.news.evaluate import matches, same, score_article, score_dir
from loaders.news.extract import extract, extract_file

CORPUS = Path(__file__).parent / "news_corpus"

# floors: the scores reached (docs/news-extraction.md) minus a small margin
FLOORS = {
    "dev": {"agreements_recall": 0.97, "agreements_precision": 0.95, "companies_recall": 0.97,
            "visit_hosts_recall": 0.96},
    # dev-hold: 9 articles nobody tuned on (fifth pass); 3/3, 3/3, 14/14, hosts 16/23 -> 19/23 (sixth)
    # twentieth pass (visit hosts): 20/23, rounded down
    "dev-hold": {"agreements_recall": 0.95, "agreements_precision": 0.95, "companies_recall": 0.95,
                 "visit_hosts_recall": 0.86},
    # dev2: the 11 articles that were test2 (held out in passes 1-6); development data from the
    # seventh pass on (1.00 / 1.00 / 0.95 / 0.77), so its floor guards what was tuned, not generalisation
    # Its agreements recall (1.00 with the seventh pass's party model) is 0.76 since that model is
    # no longer used (fitted without dev3 it lowered dev3's F1: train_models.forward).
    # Ninth pass: its hosts 0.90 -> 0.83, the host model retrained on dev-dev4 failing the forward
    # check on dev4 (train_models.forward) and no longer used; it found two of dev2's hosts.
    # Sixteenth pass (lists.py: a count of projects signed, the projects listed after): 17/17, 19/19.
    "dev2": {"agreements_recall": 1.00, "agreements_precision": 0.95, "companies_recall": 0.92,
             "visit_hosts_recall": 0.80},
    # dev3: the 28 articles that were test3 (scored blind once: 0.82 / 0.84 / 0.89 / 0.64); tuned on
    # from the eighth pass on (0.86 / 0.90 / 0.89 / 0.89); the fifteenth pass's carried subject
    # (switched on): 27/28, 31/34, rounded down
    "dev3": {"agreements_recall": 0.96, "agreements_precision": 0.91, "companies_recall": 0.88,
             "visit_hosts_recall": 0.89},
    # dev4: the 31 articles that were test4 (scored blind once: 0.77 / 0.86 / 0.95 / 0.67); tuned
    # on in the ninth pass (its even ids; the odd ids after the halves protocol): 1.00 / 0.97 / 1.00 / 0.94
    "dev4": {"agreements_recall": 0.97, "agreements_precision": 0.94, "companies_recall": 0.97,
             "visit_hosts_recall": 0.91},
    # dev5: the 41 articles that were test5 (scored blind: 0.83 / 0.59 before and 0.83 / 0.55 after the
    # ninth pass); tuned in the tenth pass (odd ids, the even ids after the halves protocol):
    # 0.93 / 0.94 / 0.94 / 0.83
    "dev5": {"agreements_recall": 0.90, "agreements_precision": 0.90, "companies_recall": 0.92,
             "visit_hosts_recall": 0.80},
    # dev6: the 41 articles that were test6 (scored blind, last at main 1c4a4e5: 0.67 / 0.58 / 0.80 /
    # 0.77); read in the fourteenth pass, whose signer roles (switched on) hold back its ten wrong
    # agreements, and the fifteenth (carried subject, on): 11/15, 15/15, 40/50, 54/70, rounded down;
    # the sixteenth (lists.py: a comma list closed by a count, a listed side facing a description): 15/15, 19/19
    # twentieth pass (visit hosts): 62/70, rounded down
    "dev6": {"agreements_recall": 1.00, "agreements_precision": 1.00, "companies_recall": 0.80,
             "visit_hosts_recall": 0.88},
    # dev9: the 34 articles that were test9, scored blind once (main ab71ffc, eighth session: 29/33
    # found, 30/39 right, 56/62, 36/45), then development data; read in the seventeenth pass (precision):
    # 31/33, 32/32, 56/62, 36/45, rounded down
    # twentieth pass (visit hosts): 39/45, rounded down
    "dev9": {"agreements_recall": 0.93, "agreements_precision": 1.00, "companies_recall": 0.90,
             "visit_hosts_recall": 0.86},
    # dev10: the 30 articles that were test10, scored blind (main d13cffd, and again after the sixteenth
    # and seventeenth passes, unchanged: 28/33 found, 31/37 right, 51/57, 46/54), then development data;
    # read in the eighteenth pass: 31/33, 33/34, 51/57, 46/54, rounded down
    # twentieth pass (visit hosts): 48/54, rounded down
    "dev10": {"agreements_recall": 0.93, "agreements_precision": 0.97, "companies_recall": 0.89,
              "visit_hosts_recall": 0.88},
    # dev7: the 46 articles that were test7, scored blind in the fifth session (0.72 / 0.60 / 0.90 /
    # 0.81) and unchanged through the tenth to eighteenth passes; development data from the
    # eighth session: 31/43, 35/58, 89/99, 64/79 rounded down; read in the nineteenth pass: 32/43,
    # 36/44, 89/99, 64/79, rounded down
    # twentieth pass (visit hosts): 68/79, rounded down
    "dev7": {"agreements_recall": 0.74, "agreements_precision": 0.81, "companies_recall": 0.89,
             "visit_hosts_recall": 0.86},
    # dev12: the 30 articles that were test12, scored blind (eighth session, after the nineteenth
    # pass: 0.86 / 0.88 / 0.94 / 0.57, the same with the session's start code; after the twentieth:
    # 31/36, 29/33, 64/68, 18/30), then development data; rounded down; twenty-first pass: hosts 26/30
    "dev12": {"agreements_recall": 0.86, "agreements_precision": 0.87, "companies_recall": 0.94,
              "visit_hosts_recall": 0.86},
}
# no floor scores `test`, `test8`, `test11` or `test13` (held out: the lead scores them, nobody reads them); `test4`, `test5` and `test6` were
# scored blind and are development data `dev4` (ninth pass), `dev5` (tenth pass) and `dev6` (fourteenth pass);
# `test7`, `test9` and `test10` are `dev7`, `dev9` and `dev10` (eighth session)


@pytest.fixture(scope="module")
def scores():
    cache: dict = {}  # a split is scored only when a test asks for it (-k dev runs no test article)

    def get(split: str) -> dict:
        if split not in cache:
            cache[split] = score_dir(CORPUS, split)
        return cache[split]
    return get


@pytest.mark.parametrize("split", sorted(FLOORS))
def test_corpus_scores_stay_above_floors(scores, split):
    overall = scores(split)["overall"]
    for key, floor in FLOORS[split].items():
        assert overall[key] >= floor, f"{split} {key} {overall[key]} fell below {floor}"


def test_corpus_is_whole_and_split():
    rows = (CORPUS / "manifest.csv").read_text(encoding="utf-8").splitlines()[1:]
    assert len(rows) == len(list(CORPUS.glob("*.txt"))) >= 128
    for line in rows:
        nid, url = line.split(",")[:2]
        # dev5: collected blind (ninth pass) as test5, scored blind once before and once after the
        # ninth pass; development data from the tenth pass on
        # dev6: collected blind (issue 14, branch news14) as test6, scored blind after the tenth, twelfth and
        # thirteenth passes; development data from the fourteenth pass on
        # dev7: collected blind (issue 14, branch news16) as test7, scored blind; development data from the eighth session
        # test8: collected blind (issue 14, branch news21); held out, no floor: the lead scores it once
        # dev9: collected blind (issue 14, branch news23) as test9, scored blind once; development data after
        # dev10: collected blind (issue 14, branch news27) as test10, scored blind; development data after
        # test11: collected blind (issue 14, branch news30); held out, no floor: the lead scores it once
        # dev12: collected blind (issue 14, branch news32) as test12, scored blind; development data after
        # test13: collected blind (issue 14, branch news35); held out, no floor: the lead scores it once
        assert line.split(",")[5] in ("dev", "dev-hold", "dev2", "dev3", "dev4", "dev5", "dev6",
                                      "dev7", "dev9", "dev10", "dev12", "test", "test8",
                                      "test11", "test13"), line
        assert url.startswith("http") and (CORPUS / f"{nid}.txt").exists()
        gold = json.loads((CORPUS / f"{nid}.gold.json").read_text(encoding="utf-8"))
        assert gold["source"].startswith(url)


def test_an_unknown_split_is_a_clear_error():
    # any split of the manifest is accepted; one that no row has is named
    with pytest.raises(ValueError, match=r"no article has split 'nosuch'; the split column holds dev, dev-hold, dev10, dev12, dev2, dev3, dev4, dev5, dev6, dev7, dev9, test, test11, test13, test8$"):
        score_dir(CORPUS, "nosuch")


def test_scorer_is_news_evals_measure():
    gold = {"agreements": [{"parties": ["某县人民政府", "甲乙科技有限公司"]}],
            "companies": [{"mentions": ["甲乙科技有限公司"]}], "visits": [{"host": "寧波"}]}
    pred = {"agreements": [{"parties": ["某县", "甲乙科技"]}, {"parties": ["某县"]}],
            "companies": [{"name": "甲乙科技", "mentions": ["甲乙科技"]}],
            "visits": [{"host": "宁波"}]}
    s = score_article(gold, pred)
    assert (s["ag_found"], s["ag_right"], s["ag_pred"], s["co_found"], s["v_found"]) == (1, 1, 2, 1, 1)
    assert not same("宁波", "宁波市")  # two characters: equal or nothing, as news-eval
    assert not matches(gold["agreements"][0], {"parties": ["某县人民政府", "丙丁公司"]})


def test_no_date_without_its_year():
    for art in CORPUS.glob("*.txt"):
        r = extract_file(art)
        for fact in r["agreements"] + r["visits"]:
            assert fact.get("date") is None or fact["date"][:2] in ("19", "20"), (art.name, fact)
            if fact.get("date") is None and fact.get("date_text"):
                assert "月" in fact["date_text"] or fact["date_text"] in ("近日", "日前", "近期", "前不久", "最近", "此前")


def test_year_from_the_date_line_and_coreference_evidence():
    text = ("发布时间:2021-03-15\n3月12日,陕西甲乙建设集团有限公司与定边县政府举行座谈。"
            "李玲与苗玉祥代表双方签订项目投资协议。")
    [a] = extract(text)["agreements"]
    assert a["parties"] == ["陕西甲乙建设集团有限公司", "定边县政府"] and a["date"] == "2021-03-12"
    assert "代表双方签订" in a["evidence"] and "举行座谈" in a["party_evidence"]


def test_signers_stand_for_their_organisations():
    r = extract("7月16日,德州市财金集团董事长王志华与广东海大集团事业部总经理韩玲签订项目合作书。")
    assert any(set(a["parties"]) >= {"财金集团", "海大集团"} for a in r["agreements"])


def test_one_side_listed_and_fenbie():
    r = extract("12月13日,金堂县重大项目集中签约仪式举行。"
                "第一轮与德尔集团有限公司、杭州士兰微电子股份有限公司签署项目合作协议。")
    assert sorted(a["parties"][1] for a in r["agreements"]) == ["德尔集团有限公司", "杭州士兰微电子股份有限公司"]
    assert all(a["parties"][0] == "金堂县" and a.get("implicit_party") for a in r["agreements"])


NEWS_EVAL = Path("/work/shared/tools/news-eval")


@pytest.mark.skipif(not NEWS_EVAL.exists(), reason="../shared/tools/news-eval is not on this machine")
def test_scorer_matches_news_eval_on_every_rule():
    """The in-process scorer's rules are news-eval's own (sixth pass): normalisation, suffixes,
    two-character names, traditional characters, brackets, duplicates, extra hosts."""
    import importlib.machinery
    import importlib.util
    loader = importlib.machinery.SourceFileLoader("news_eval", str(NEWS_EVAL))
    spec = importlib.util.spec_from_loader("news_eval", loader)
    ne = importlib.util.module_from_spec(spec)
    loader.exec_module(ne)
    pairs = [("宁波", "宁波市"), ("宁波市", "浙江省宁波市"), ("濟寧市", "济宁市"), ("濟寧", "济宁市"),
             ("永清县", "永清"), ("蒲城县", "蒲城县政府"), ("集团", "集团公司"), ("集團公司", "集团公司"),
             ("中建一局(集團)", "中建一局"), ("大亞集團(tuán)", "大亚集团"), ("深 圳", "深圳"), ("A", "A"),
             ("", ""), (None, "宁波"), ("ABC", "xABCx"), ("长春", "吉林省长春市"), ("长春市", "吉林省长春市")]
    for a, b in pairs:
        assert same(a, b) == ne.same(a, b), (a, b)
        assert same(b, a) == ne.same(b, a), (b, a)
    gold = {"visits": [{"host": "寧波"}, {"host": "寧波"}, {"host": "长春市"}, {"host": "某某"}],
            "agreements": [], "companies": []}
    pred = {"visits": [{"host": "宁波"}, {"host": "吉林省长春市"}, {"host": "多余的主人"}, {"host": None}]}
    s = score_article(gold, pred)
    # each gold visit counts on its own (the duplicate too); an extra predicted host costs nothing
    assert (s["v_gold"], s["v_found"]) == (4, 3)


def test_an_article_the_extractor_fails_on_is_left_out_as_news_eval_does(tmp_path, monkeypatch):
    import loaders.news.evaluate as ev
    for n in ("01", "02"):
        (tmp_path / f"{n}.txt").write_text("4月2日,王强一行考察了禾达集团有限公司。", encoding="utf-8")
        (tmp_path / f"{n}.gold.json").write_text(json.dumps(
            {"visits": [{"host": "禾达集团有限公司"}], "agreements": [], "companies": []}), encoding="utf-8")
    real = ev.extract_file

    def failing(path, known=None):
        if Path(path).name == "02.txt":
            raise ValueError("02.txt: cannot decode byte 0xff at offset 3")
        return real(path, known=known)
    monkeypatch.setattr(ev, "extract_file", failing)
    r = score_dir(tmp_path)
    assert [a["article"] for a in r["articles"]] == ["01.txt"]
    assert (r["overall"]["v_gold"], r["overall"]["v_found"]) == (1, 1)
    assert r["failed"] and "02.txt" in r["failed"][0]
