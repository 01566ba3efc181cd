"""Fourteenth pass (docs/news-extraction.md, "Fourteenth pass: which named organisation signed"):
the ceremony fallback pairs a company only when it is named as a possible signer, not as a
guest received, an earlier arrival, a recommender, a kind of project or a count. Switched on in
the shipped extractor (events.SIGNER_ROLES, after the blind check on test7 and test8); these
tests force it on, and check that off leaves the fallback as before. Hand-written
sentences with invented company and person names, real places; the rules alone (model=False)."""
import pytest

from loaders.news import events
from loaders.news.entities import Entity
from loaders.news.extract import extract

CO = "深圳市华远科技有限公司"  # invented
CO2 = "南京甲乙新材料有限公司"  # invented
HEAD = "南丰发布\n3月5日,南丰县招商引资项目集中签约仪式举行,现场签约投资总额达16亿元。"


@pytest.fixture
def roles_on(monkeypatch):
    monkeypatch.setattr(events, "SIGNER_ROLES", True)


def run(text: str) -> dict:
    return extract(text, model=False)


def parties(text: str) -> list[list[str]]:
    return sorted(sorted(a["parties"]) for a in run(text)["agreements"])


def co(name: str = CO) -> Entity:
    return Entity(name, "Company", [name])


@pytest.mark.parametrize("sentence, name, expected", [
    # a guest received, in a sentence that names no signing
    (f"县委书记王某先后会见{CO}总经理李某、{CO2}董事长张某等重要客商代表。", CO, "guest"),
    # an earlier arrival
    (f"近年来,南丰县先后引进了{CO}、{CO2}等企业。", CO2, "arrived"),
    # a recommender: an investment ambassador's company
    (f"活动聘任了第四批招商大使({CO}董事长李某为南丰推荐)。", CO, "recommender"),
    # a kind of project written alone in a list
    ("签约项目包括钢贸总部、企业销售中心、贸易公司等6个总部经济型项目。", "贸易公司", "generic"),
    # a count read as a name
    ("今年以来,全县签约项目27个,招引2家上市公司投资南丰。", "招引2家上市公司", "count"),
])
def test_a_company_in_another_role_is_no_signer(sentence, name, expected):
    assert events.not_a_signer(co(name), sentence) == events.NOT_SIGNER[expected]


@pytest.mark.parametrize("sentence, name", [
    # its clause names the signing
    (f"{CO}董事长李某作为签约企业代表发言。", CO),
    (f"由南丰县人民政府以及{CO}共同签约。", CO),
    # a guest received at a signing signs it
    (f"县长王某会见{CO}董事长李某一行,并共同见证协议签署。", CO),
    # an attending company at its own collective signing (the gold convention)
    (f"{CO}董事长李某、县长王某出席签约仪式。", CO),
    # 上海电气集团: 电气集团 is the tail of a longer name, a short form, not a kind
    ("上海电气集团副总裁顾某出席签约仪式。", "电气集团"),
    # an arrival of this signing, not an earlier one
    (f"此次签约引进了{CO}年产10万吨新材料项目。", CO),
    # an earlier arrival whose clause names a new signing signs it
    (f"已落户的{CO}与南丰县签订增资协议。", CO),
])
def test_a_possible_signer_is_kept(sentence, name):
    assert events.not_a_signer(co(name), sentence) is None


GUESTS = HEAD + f"3月7日,县委书记王某先后会见{CO}总经理李某、{CO2}董事长张某等重要客商代表。"
ARRIVALS = HEAD + f"县长王某指出,近年来南丰县先后引进了{CO}、{CO2}等企业,促进了群众就业。"
SIGNERS = HEAD + f"{CO}、{CO2}等企业负责人作为签约企业代表发言。"


def test_the_fallback_pairs_no_guest_and_no_earlier_arrival_and_lists_them(roles_on):
    for text in (GUESTS, ARRIVALS):
        out = run(text)
        assert out["agreements"] == []
        held = sorted((sorted(d["parties"]), d["reason"]) for d in out["dropped"])
        reason = events.NOT_SIGNER["guest" if text is GUESTS else "arrived"]
        assert held == sorted([(sorted(["南丰县", CO]), reason), (sorted(["南丰县", CO2]), reason)])
        # the evidence of each dropped pairing: the signing sentence and the sentence naming it
        assert all("签约仪式" in d["evidence"] and CO2 in d["party_evidence"] for d in out["dropped"])


def test_the_fallback_still_pairs_the_signing_companies(roles_on):
    assert parties(SIGNERS) == sorted([sorted(["南丰县", CO]), sorted(["南丰县", CO2])])
    assert "dropped" not in run(SIGNERS)


def test_the_shipped_extractor_sets_the_guests_aside():
    assert events.SIGNER_ROLES is True  # the shipped decision (docs: "The decision")
    assert parties(GUESTS) == []
    assert run(GUESTS)["dropped"]


def test_switched_off_the_fallback_pairs_as_before(monkeypatch):
    monkeypatch.setattr(events, "SIGNER_ROLES", False)
    assert parties(GUESTS) == sorted([sorted(["南丰县", CO]), sorted(["南丰县", CO2])])
    assert "dropped" not in run(GUESTS)
