"""The learned agreement filter (loaders/news/agreement_filter.py, train_filter.py; docs/news-extraction.md,
"Eleventh pass"). Articles here are synthetic, with invented names."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from loaders.news import agreement_filter as af
from loaders.news import train_filter as tf
from loaders.news.extract import extract, extract_file
from loaders.news.learned import load

SAMPLE = Path("/work/shared/data/xuzhou-gba-promotion-week.txt")

# a collective signing (real places: the focus needs the region lookup): one company attends (its chairman at the ceremony), one signs in a clause
CEREMONY = ("临颍县举行招商引资项目集中签约仪式。\n"
            "甲乙科技有限公司董事长李四出席签约仪式并致辞。\n")
CLAUSE = "丙丁新材料有限公司与临颍县人民政府签订投资协议,双方将共建新材料产业园。\n"


def _features(text: str) -> list[tuple[dict, dict]]:
    t: dict = {}
    extract(text, model=False, trace=t)
    return [(a, af.features(a, t["agreements"], t["sentences"], t["reg"], t["title"])) for a in t["agreements"]]


def test_an_attendee_and_a_signing_party_are_told_apart_by_their_features():
    (attendee, fa), = _features(CEREMONY)  # the rules' ceremony fallback pairs the attendee
    assert "甲乙科技有限公司" in attendee["parties"]
    (signer, fs), = _features(CLAUSE)
    assert "丙丁新材料有限公司" in signer["parties"]
    # how each was produced
    assert fa["via_clause"] == 0.0 and fa["via_focus"] + fa["via_ceremony"] == 1.0
    assert fs["via_clause"] == 1.0 and fs["via_focus"] + fs["via_ceremony"] == 0.0
    # the attendee: a title and 出席 after its name, no signing verb after it in its clause
    assert fa["key_title_after"] == 1.0 and fa["implicit_attends"] == 1.0
    assert fs["implicit_attends"] == 0.0
    # the signing party: named before the verb in the evidence, with the other side
    assert fs["key_before_verb"] == 1.0 and fs["parties_in_evidence"] == 1.0
    assert fs["key_company"] == 1.0 and fs["key_legal_suffix"] == 1.0


def test_a_leader_listed_as_a_party_reads_as_a_person():
    a = {"parties": ["临颍县", "王志刚"], "implicit_party": "临颍县", "evidence": "县领导王志刚出席签约仪式。"}
    t: dict = {}
    extract("临颍县举行签约仪式。\n县领导王志刚出席签约仪式。\n", model=False, trace=t)
    f = af.features(a, [a], t["sentences"], t["reg"], t["title"])
    assert f["key_person_name"] == 1.0 and f["key_after_leaders"] == 1.0 and f["implicit_person"] == 1.0
    b = {"parties": ["临颍县", "甲乙科技有限公司"], "evidence": "甲乙科技有限公司与临颍县签约。"}
    g = af.features(b, [b], ["甲乙科技有限公司与临颍县签约。"], t["reg"], None)
    assert g["key_person_name"] == 0.0 and g["implicit_person"] == 0.0


def test_shipped_weights_match_the_code_and_record_the_protocol():
    model = af.weights()
    assert model is not None and model["features"] == list(af.FEATURES)
    assert isinstance(model["use"], bool) and model["decision"]
    assert set(model["leave_one_split_out"]) == {"dev", "dev2", "dev3", "dev4", "dev5"}
    assert model["forward"]["fitted_on"] == ["dev", "dev-hold", "dev2", "dev3", "dev4"]
    assert not any(s.startswith("test") for s in model["trained_on"]["splits"])


def test_a_weights_file_with_other_features_is_refused(tmp_path):
    data = json.loads(af.WEIGHTS.read_text(encoding="utf-8"))
    data["features"] = data["features"][:-1]
    stale = tmp_path / "agreement_filter_weights.json"
    stale.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(ValueError, match="retrain with"):
        load(stale, af.FEATURES)
    assert load(af.WEIGHTS, af.FEATURES)["features"] == list(af.FEATURES)


def _forced(threshold: float) -> dict:
    return {**af.weights(), "use": True, "threshold": threshold}


def test_a_dropped_agreement_is_listed_with_its_probability_and_evidence():
    text = "甲乙科技有限公司与临颍县人民政府签订投资协议。\n"
    out = extract(text, model={"filter": _forced(1.01)})  # nothing reaches it: everything dropped
    assert out["agreements"] == []
    (d,) = out["dropped_agreements"]
    assert d["parties"] == ["甲乙科技有限公司", "临颍县人民政府"] and d["read_by"] == "clause"
    assert 0.0 <= d["keep_probability"] <= 1.0 and d["evidence"] == "甲乙科技有限公司与临颍县人民政府签订投资协议。"
    kept = extract(text, model={"filter": _forced(0.0)})
    assert kept["dropped_agreements"] == [] and kept["agreements"][0]["keep_probability"] == d["keep_probability"]
    assert "_via" not in kept["agreements"][0]
    assert "dropped_agreements" not in extract(text, model=False)


@pytest.mark.skipif(not SAMPLE.exists(), reason="the shared sample article")
def test_the_filter_keeps_the_sample_articles_five_intents():
    model = af.weights()
    out = extract_file(SAMPLE, model={"filter": {**model, "use": True}})
    assert len(out["agreements"]) == 5 and all(len(a["parties"]) == 3 for a in out["agreements"])
    assert out["dropped_agreements"] == [] and all(a["evidence"] for a in out["agreements"])
    shipped = extract_file(SAMPLE)  # with the shipped decision (used or not)
    assert len(shipped["agreements"]) == 5


# ----------------------------------------------------------------------- the training command

_ARTICLES = {  # id: (split, text, gold agreements)
    "01": ("dev", "甲一科技有限公司与临颍县人民政府签订投资协议。\n", [["甲一科技有限公司", "临颍县人民政府"]]),
    "02": ("dev", "乙二能源有限公司与舞阳县人民政府签订合作协议。\n", [["乙二能源有限公司", "舞阳县人民政府"]]),
    "03": ("dev", "丙三电子有限公司与繁城镇人民政府签署投资协议。\n", [["丙三电子有限公司", "繁城镇人民政府"]]),
    "04": ("dev2", "丁四材料有限公司与临颍县人民政府签订投资协议。\n", [["丁四材料有限公司", "临颍县人民政府"]]),
    # two signings, the gold holds one of them: the rules' second agreement is wrong
    "05": ("dev2", "戊五机械有限公司与舞阳县人民政府签订投资协议。\n己六食品有限公司与舞阳县人民政府签订合作协议。\n",
           [["戊五机械有限公司", "舞阳县人民政府"]]),
}


def _corpus(tmp_path: Path) -> Path:
    rows = ["id,url,publisher,date,province,split,forms"]
    for nid, (split, text, gold) in _ARTICLES.items():
        (tmp_path / f"{nid}.txt").write_text(text, encoding="utf-8")
        (tmp_path / f"{nid}.gold.json").write_text(json.dumps(
            {"agreements": [{"parties": p} for p in gold], "companies": [], "visits": []}, ensure_ascii=False),
            encoding="utf-8")
        rows.append(f"{nid},http://example.invalid/{nid},synthetic,2024-01-01,none,{split},")
    (tmp_path / "manifest.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    return tmp_path


def test_the_training_commands_forward_check_on_a_tiny_corpus(tmp_path):
    out = tf.run(_corpus(tmp_path), ["dev", "dev2"], [], code={})
    fwd = out["forward"]
    assert fwd["fitted_on"] == ["dev"]
    # dev2 (04, 05): 2 gold agreements, the rules read 3, 2 of them right (counted by hand above)
    alone = fwd["rules"]["rules_alone"]
    assert (alone["gold"], alone["found"], alone["pred"], alone["right"]) == (2, 2, 3, 2)
    assert set(out["leave_one_split_out"]) == {"dev", "dev2"}
    assert out["trained_on"]["candidates"] == 6 and out["trained_on"]["positive"] == 5
    assert out["use"] is tf.use_decision(fwd, out["leave_one_split_out"])[0]


def test_the_use_rule_needs_the_forward_check_the_folds_and_recall():
    def r(alone, filt):  # (recall, f1) pairs
        t = lambda v: {"recall": v[0], "f1": v[1]}  # noqa: E731
        return {"rules": {"rules_alone": t(alone), "with_filter": t(filt)}}
    up, flat, costly = r((0.9, 0.8), (0.9, 0.85)), r((0.9, 0.8), (0.9, 0.8)), r((0.9, 0.8), (0.85, 0.82))
    five = {s: up for s in "abcde"}
    assert tf.use_decision(up, five)[0]
    assert not tf.use_decision(flat, five)[0]  # forward not raised
    assert tf.use_decision(up, {**five, "e": flat})[0]  # 4 of 5 folds are enough
    assert not tf.use_decision(up, {**five, "d": flat, "e": flat})[0]  # 3 of 5 are not
    assert not tf.use_decision(up, {**five, "e": costly})[0]  # recall down by 0.05 on one split


def test_held_out_splits_are_refused(tmp_path):
    with pytest.raises(SystemExit, match="held-out"):
        tf.run(_corpus(tmp_path), ["dev", "test6"], [], code={})
