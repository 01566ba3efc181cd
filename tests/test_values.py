"""loaders.tabular.values: the shared value parsers."""
import datetime as dt

import pytest
from hypothesis import given, strategies as st

from loaders.tabular.values import (parse_bool, parse_capital, parse_cn_number, parse_date, parse_money_cny,
                            parse_share, parse_uscc)


@pytest.mark.parametrize("raw", ["2020年5月11日", "2020/5/11", "2020-05-11", "2020.5.11",
                                 "20200511", "２０２０年５月１１日", "2020-05-11 08:30:00",
                                 dt.date(2020, 5, 11), dt.datetime(2020, 5, 11, 9, 30), 20200511])
def test_parse_date(raw):
    assert parse_date(raw) == "2020-05-11"


@pytest.mark.parametrize("raw", ["2020-02-30", "5月11日", "", None, "yesterday", 3.5, True])
def test_parse_date_rejects(raw):
    with pytest.raises(ValueError, match="expected"):
        parse_date(raw)


@pytest.mark.parametrize("raw,yuan", [("64亿元", 6.4e9), ("9.8億", 9.8e8), ("5000万元", 5e7),
                                      ("1,200元", 1200.0), ("五十亿元", 5e9), ("１２万元", 1.2e5),
                                      ("人民币3亿元", 3e8), (1500, 1500.0), ("两千五百万", 2.5e7)])
def test_parse_money(raw, yuan):
    assert parse_money_cny(raw) == yuan


def test_foreign_currency_is_refused_not_converted():
    with pytest.raises(ValueError, match="foreign currency not converted"):
        parse_money_cny("3.5亿美元")


@pytest.mark.parametrize("raw", ["51%", "51", "0.51", "51.0％", 51, 0.51])
def test_parse_share(raw):
    assert parse_share(raw) == pytest.approx(0.51)


@pytest.mark.parametrize("raw", ["150%", "-1", "abc", 101])
def test_parse_share_rejects(raw):
    with pytest.raises(ValueError, match="expected a share"):
        parse_share(raw)


def test_parse_uscc():
    assert parse_uscc(" 91110000600037341l ".upper()) == "91110000600037341L"
    with pytest.raises(ValueError, match="check digit|checksum"):
        parse_uscc("91110000600037341A")
    with pytest.raises(ValueError, match="统一社会信用代码"):
        parse_uscc("123")


@pytest.mark.parametrize("raw,val", [("是", True), ("否", False), ("TRUE", True), ("no", False),
                                     (1, True), (0, False), ("√", True), ("true", True),
                                     ("false", False), (" 是 ", True), ("ｔｒｕｅ", True)])
def test_parse_bool(raw, val):
    assert parse_bool(raw) is val


def test_cn_numbers():
    assert parse_cn_number("一百零五") == 105
    assert parse_cn_number("十二") == 12
    assert parse_cn_number("二〇二〇") == 2020


# Written by hand: the common shape (万元) and the others, amounts in units of the currency.
@pytest.mark.parametrize("raw, expected", [
    ("166170万元", (1661700000.0, "CNY")), ("1.5万元", (15000.0, "CNY")),
    ("0.015万元", (150.0, "CNY")), ("5000万元人民币", (5e7, "CNY")), ("500万美元", (5e6, "USD")),
    ("1.2亿元", (1.2e8, "CNY")), ("１２万元", (120000.0, "CNY")), (" 12 万元", (120000.0, "CNY")),
    (300, (300.0, "CNY")), ("1,200万元", (1.2e7, "CNY")),
])
def test_parse_capital(raw, expected):
    amount, currency = parse_capital(raw)
    assert (amount, currency) == (pytest.approx(expected[0]), expected[1])


@pytest.mark.parametrize("raw", ["万元", "十二万元", "12万元x", "1.2.3万元", "12万元港币美元"])
def test_parse_capital_rejects(raw):
    with pytest.raises(ValueError, match="capital"):
        parse_capital(raw)


PARSERS = [parse_date, parse_money_cny, parse_share, parse_uscc, parse_bool, parse_cn_number,
           parse_capital]


@given(st.one_of(st.text(), st.integers(), st.floats(), st.none(), st.booleans()))
def test_random_input_only_raises_value_error(value):
    for parser in PARSERS:
        try:
            parser(value)
        except ValueError:
            pass
