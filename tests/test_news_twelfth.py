"""Twelfth pass (docs/news-extraction.md, "Twelfth pass: did a signing take place"): each
signing word's aspect, the article's decision and the agreements it holds back. Hand-written
sentences with invented company and person names (real places where the region lookup is
needed), in general forms of the genre; the rules alone (model=False)."""
import pytest

from loaders.news import signing
from loaders.news.extract import extract

CO = "深圳市华远科技有限公司"  # invented


def run(text: str) -> dict:
    return extract(text, model=False)


def parties(text: str) -> list[list[str]]:
    return sorted(sorted(a["parties"]) for a in run(text)["agreements"])


@pytest.mark.parametrize("sentence, expected", [
    # completed: a reported event (a bare verb in news is one)
    (f"3月5日,南丰县与{CO}签订投资协议。", "completed"),
    (f"南丰县与{CO}正式签署战略合作协议。", "completed"),
    ("南丰县招商引资项目集中签约仪式在县行政中心举行。", "completed"),
    ("现场签约项目12个,总投资56亿元。", "completed"),
    (f"{CO}年产10万吨新材料项目成功签约。", "completed"),
    ("计划总投资10亿元的电子信息产业园项目顺利签约。", "completed"),
    ("从初步洽谈到正式签约,仅用时10天。", "completed"),
    ("双方将以本次协议的签订为契机,深化合作。", "completed"),
    ("今天双方洽谈签约,将为全县发展注入新活力。", "completed"),
    ("第二届中国投资贸易洽谈会招商项目集中签约仪式在西安举行。", "completed"),
    (f"双方就推动新能源产业合作签订战略合作协议。", "completed"),  # a topic, not a wish
    (f"南丰县与有投资意向的{CO}签订投资协议。", "completed"),  # a modifier
    (f"在招商对接会上南丰县与{CO}签约。", "completed"),
    (f"双方达成合作意向并签署框架协议。", "completed"),  # talks, then the signing
    # intent / future / purpose
    (f"南丰县与{CO}将于近期签订合作协议。", "intent"),
    (f"双方拟签订战略合作框架协议。", "intent"),
    (f"县长王某赴深圳推动{CO}与南丰县签订投资协议。", "intent"),
    ("双方就项目签约事宜进行了深入洽谈。", "intent"),
    ("王某希望双方加快推进,早日签约落地。", "intent"),
    ("力争该项目年内签约。", "intent"),
    ("就合作协议内容和签约时间进行了商谈。", "intent"),
    # negated
    (f"目前南丰县与{CO}尚未签订正式协议。", "negated"),
    ("该项目未能签约。", "negated"),
    # attendee: the signing took place; the clause's subject attends it
    (f"{CO}董事长李某、县长王某出席签约仪式。", "attendee"),
    ("市领导刘某、张某一同见证签约。", "attendee"),
    # background: an earlier signing recalled
    (f"自双方签署战略合作协议以来,合作成果丰硕。", "background"),
    ("考察组一行深入第十届博览会签约项目进行实地考察。", "background"),
])
def test_each_signing_word_gets_its_aspect(sentence, expected):
    assert signing.label(sentence) == expected, signing.mentions(sentence)


def test_a_sentence_without_a_signing_word_has_no_label():
    assert signing.label(f"县委书记王某会见了{CO}董事长李某一行。") is None


def test_the_article_decision_and_its_reason():
    talks = [f"县委书记王某会见了{CO}董事长李某一行", "双方就项目签约事宜进行了深入洽谈"]
    assert signing.article_signing(talks) == (False, "意向/未来时")
    assert signing.article_signing([f"县委书记王某会见了{CO}董事长李某一行"]) == (False, "仅考察座谈")
    assert signing.article_signing(["自双方签署合作协议以来,成果丰硕"]) == (False, "往期签约(背景)")
    assert signing.article_signing(["目前双方尚未签订协议"]) == (False, "否定/尚未签约")
    # the headline alone can state the signing
    assert signing.article_signing(talks, f"南丰县与{CO}签订投资协议") == (True, None)


def test_an_article_of_talks_and_wishes_yields_no_agreement_and_lists_it():
    text = (f"南丰发布\n南丰县与{CO}举行座谈\n3月5日,县委书记张某会见了{CO}董事长李某一行。"
            "双方就项目签约事宜进行了深入洽谈。张某希望双方加快推进,早日签约落地。")
    out = run(text)
    assert out["agreements"] == []
    (d,) = out["dropped"]  # not lost: shown to the analyst with the reason and the sentence
    assert sorted(d["parties"]) == sorted(["南丰县", CO]) and d["reason"] == "意向/未来时"
    assert "签约事宜" in d["evidence"] and d["status"] == "not_signed"
    from cli.extract_cmd import summary  # the plain summary shows it too
    assert "未计签约 [意向/未来时] " in summary(out)


def test_a_push_toward_a_signing_is_no_agreement():
    text = f"南丰发布\n3月5日,县长王某赴深圳考察{CO},推动该公司与南丰县签订投资协议。"
    out = run(text)
    assert out["agreements"] == [] and out["dropped"][0]["reason"] == "意向/未来时"


def test_an_article_with_one_completed_signing_keeps_it():
    text = f"南丰发布\n3月5日,南丰县与{CO}签订投资协议。双方将进一步深化合作。"
    out = run(text)
    assert [sorted(a["parties"]) for a in out["agreements"]] == [sorted(["南丰县", CO])]
    assert out["agreements"][0]["evidence"].startswith("3月5日")
    assert "dropped" not in out


def test_a_completed_signing_is_kept_beside_a_wanted_one():
    other = "上海甲乙新能源有限公司"  # invented
    text = (f"南丰发布\n3月5日,南丰县与{CO}签订投资协议。"
            f"同日,县长王某会见{other}负责人,希望南丰县与{other}早日签订合作协议。")
    out = run(text)
    assert [sorted(a["parties"]) for a in out["agreements"]] == [sorted(["南丰县", CO])]
    assert [(sorted(d["parties"]), d["reason"]) for d in out["dropped"]] == [(sorted(["南丰县", other]), "意向/未来时")]


def test_the_ceremony_fallback_pairs_no_witness_but_keeps_an_attending_company():
    witness = ("南丰发布\n3月5日,南丰县招商引资项目集中签约仪式举行,共签约项目5个。"
               f"县领导王某、{CO}董事长李某见证签约。")
    assert parties(witness) == []
    attends = ("南丰发布\n3月5日,南丰县招商引资项目集中签约仪式举行。"
               f"{CO}董事长李某、县长王某出席签约仪式。")
    assert parties(attends) == [sorted(["南丰县", CO])]  # the gold convention: the attending company signs


def test_no_ceremony_fallback_when_the_ceremony_is_only_wished_for():
    text = (f"南丰发布\n3月5日,县长王某会见了{CO}董事长李某一行,希望双方早日举行签约仪式。"
            f"{CO}董事长李某表示将加快项目进度。")
    assert parties(text) == []


def test_settling_in_counts_only_in_an_article_that_reports_a_signing():
    # '…纷纷落户' is read as a signing with the focus party only in an article about its signing;
    # a ceremony only wished for ('期待早日举行签约仪式') is none: the article-level decision
    text = (f"南丰发布\n3月5日,县长王某会见{CO}董事长李某一行,期待早日举行签约仪式。"
            f"{CO}、上海甲乙新材料有限公司等企业纷纷落户南丰县。")
    out = run(text)
    assert out["agreements"] == []
    assert {d["reason"] for d in out["dropped"]} == {"意向/未来时"} and len(out["dropped"]) == 2
    done = text.replace("期待早日举行签约仪式", "并举行签约仪式")
    assert len(run(done)["agreements"]) == 2
