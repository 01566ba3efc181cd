"""Thirteenth pass (docs/news-extraction.md, "Thirteenth pass: precision per mechanism on
blind-era output"): each agreement says which mechanism produced it; a mechanism switched off
or restricted lists its agreements under ``dropped``; the blind-era attribution and counts.
Hand-written articles with invented company and person names (real places where the region
lookup is needed); the rules alone (model=False)."""
import json
import subprocess
import sys
from pathlib import Path

import pytest

from loaders.news import mechanisms
from loaders.news.extract import extract, extract_file
from loaders.news.mechanism_eval import _INSTRUMENTED, per_mechanism, totals, variant_keep

CO, CO2 = "深圳市华远科技有限公司", "上海甲乙新材料有限公司"  # invented
HEAD = "南丰发布\n3月5日,"
CEREMONY_ONE = f"{HEAD}南丰县招商引资项目集中签约仪式举行。{CO}董事长李某、县长王某出席签约仪式。"
CEREMONY_TWO = (f"{HEAD}南丰县招商引资项目集中签约仪式举行。{CO}董事长李某、{CO2}总经理张某、"
                "县长王某出席签约仪式。")
HEADLINE = f"南丰县与{CO}签约\n3月5日,县长王某会见了{CO}董事长李某一行。双方进行了座谈。"
SAMPLE = Path("/work/shared/data/xuzhou-gba-promotion-week.txt")

ARTICLES = {
    "clause": f"{HEAD}南丰县人民政府与{CO}签订投资协议。",
    "fenbie": f"{HEAD}南丰县人民政府分别与{CO}、{CO2}签订投资协议。",
    "multi_party": f"{HEAD}南丰县人民政府、{CO2}与{CO}签订三方合作协议。",
    "headline": HEADLINE,
    "coreference": f"{HEAD}南丰县人民政府与{CO}举行座谈。会后,双方签署战略合作协议。",
    "focus": f"{HEAD}南丰县在深圳举行招商推介会。推介会上,成功与{CO}签订投资协议。",
    "focus_list": f"{HEAD}南丰县招商引资推介会举行。{CO}新材料项目、{CO2}电池项目等现场签约。",
    "settled": f"{HEAD}南丰县招商引资项目集中签约仪式举行。{CO}、{CO2}等企业纷纷落户南丰县。",
    "ceremony": CEREMONY_ONE,
}


def run(text: str) -> dict:
    return extract(text, model=False)


@pytest.mark.parametrize("expected", list(ARTICLES))
def test_each_agreement_says_which_mechanism_produced_it(expected):
    ags = run(ARTICLES[expected])["agreements"]
    assert ags, "the article yields an agreement"
    assert {a["mechanism"] for a in ags} == {expected}, [(a["mechanism"], a["parties"]) for a in ags]


def test_a_title_restated_by_a_signing_sentence_is_no_headline_only_agreement():
    text = HEADLINE.replace("双方进行了座谈。", f"南丰县人民政府与{CO}签订投资协议。")
    assert {a["mechanism"] for a in run(text)["agreements"]} == {"clause"}


def test_the_shipped_decision_keeps_every_mechanism_and_the_sample_article():
    # the thirteenth pass switched nothing off: no variant raised F1 on both blind-era pools
    assert mechanisms.OFF == frozenset() and mechanisms.RESTRICTED == {}
    out = extract_file(SAMPLE)
    intents = [a for a in out["agreements"] if len(a["parties"]) == 3]
    assert len(intents) == 5 and {a["mechanism"] for a in intents} == {"multi_party"}
    assert "dropped" not in out


def test_a_mechanism_switched_off_lists_its_agreements_under_dropped(monkeypatch):
    monkeypatch.setattr(mechanisms, "OFF", frozenset({"headline"}))
    out = run(HEADLINE)
    assert out["agreements"] == []
    (d,) = out["dropped"]
    assert d["parties"] == ["南丰县", CO] and d["mechanism"] == "headline"
    assert d["status"] == "held_back" and "headline" in d["reason"]
    assert d["evidence"] == f"南丰县与{CO}签约"  # the evidence sentence is kept
    # another mechanism is untouched
    assert [a["mechanism"] for a in run(ARTICLES["clause"])["agreements"]] == ["clause"]


def test_the_restricted_ceremony_fallback_keeps_one_company_and_drops_two(monkeypatch):
    monkeypatch.setattr(mechanisms, "RESTRICTED", {"ceremony": "one_company"})
    kept = run(CEREMONY_ONE)
    assert [a["parties"] for a in kept["agreements"]] == [["南丰县", CO]]
    assert "dropped" not in kept
    dropped = run(CEREMONY_TWO)
    assert dropped["agreements"] == []
    assert sorted(d["parties"][1] for d in dropped["dropped"]) == sorted([CO, CO2])
    assert all(d["status"] == "held_back" and d["evidence"] for d in dropped["dropped"])
    # unrestricted, the same article pairs both companies
    monkeypatch.setattr(mechanisms, "RESTRICTED", {})
    assert len(run(CEREMONY_TWO)["agreements"]) == 2


def test_an_unknown_restriction_is_refused():
    with pytest.raises(ValueError, match="unknown restriction"):
        mechanisms.decide([{"parties": ["a", "b"]}], ["ceremony"], restrict={"ceremony": "nonsense"})


def _row(gold, ags, labels):
    return {"gold": [{"parties": p} for p in gold], "agreements": [{"parties": p} for p in ags], "labels": labels}


def test_the_counts_per_mechanism_and_a_variant_counted_by_hand():
    # gold: 南丰县–华远科技, 南丰县–甲乙新材料; predicted: the first by clause and ceremony, the
    # second by ceremony only, and a wrong ceremony pairing (南丰县–县长王某)
    rows = [_row([["南丰县", CO], ["南丰县", CO2]],
                 [["南丰县人民政府", CO], ["南丰县", CO], ["南丰县", CO2], ["南丰县", "县长王某"]],
                 ["clause", "ceremony", "ceremony", "ceremony"])]
    c = per_mechanism(rows)
    assert c["clause"] == dict(pred=1, right=1, wrong=0, only=0)
    assert c["ceremony"] == dict(pred=3, right=2, wrong=1, only=1)
    base = totals(rows)
    assert (base["found"], base["gold"], base["right"], base["pred"]) == (2, 2, 3, 4)
    off = totals(rows, variant_keep("ceremony", "off"))
    assert (off["found"], off["right"], off["pred"]) == (1, 1, 1)
    one = totals(rows, variant_keep("ceremony", "one_company"))  # three ceremony pairings: all go
    assert (one["found"], one["right"], one["pred"]) == (1, 1, 1)
    assert off["f1"] == round(2 * 0.5 * 1.0 / 1.5, 3) and base["f1"] == round(2 * 1.0 * 0.75 / 1.75, 3)


def test_the_instrumented_run_tags_each_agreement_with_the_function_that_produced_it(tmp_path):
    # the attribution of the blind-era views: the same script runs today's code here
    paths = []
    for name in ("clause", "coreference", "ceremony", "settled"):
        p = tmp_path / f"{name}.txt"
        p.write_text(ARTICLES[name], encoding="utf-8")
        paths.append(str(p))
    r = subprocess.run([sys.executable, "-c", _INSTRUMENTED], input=json.dumps(paths), capture_output=True,
                       text=True, timeout=300, cwd=Path(__file__).resolve().parents[1])
    assert r.returncode == 0, r.stderr[-2000:]
    out = json.loads(r.stdout)
    got = {Path(p).stem: {a["_src"] for a in v["agreements"]} for p, v in out.items()}
    assert got == {"clause": {"clause"}, "coreference": {"coreference"}, "ceremony": {"ceremony"},
                   "settled": {"settled"}}
