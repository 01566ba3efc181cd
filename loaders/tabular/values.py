"""Value parsers shared by the tabular and news loaders.

Every parser takes a raw cell value (str, number, date, None ...) and returns one normalised
value, or raises ``ValueError`` whose message says what was expected and what was seen.
No parser raises anything else, whatever the input (tested with hypothesis).

- ``parse_date``      -> ``'YYYY-MM-DD'``
- ``parse_money_cny`` -> float, yuan (人民币元); foreign currencies are refused, not converted
- ``parse_share``     -> float in 0..1
- ``parse_uscc``      -> validated 18-character unified social credit code
- ``parse_bool``      -> bool
- ``parse_cn_number`` -> float for Chinese numerals (五十, 一百二十三, 两千五百)
"""
from __future__ import annotations

import datetime as _dt
import math
import re
from typing import Any

__all__ = ["parse_date", "parse_money_cny", "parse_share", "parse_uscc", "parse_bool",
           "parse_cn_number", "to_halfwidth_digits"]

_FW_TABLE = {c: c - 0xFEE0 for c in range(0xFF01, 0xFF5F)}  # ！..～ -> !..~
_FW_TABLE[0x3000] = 0x20  # ideographic space


def to_halfwidth_digits(s: str) -> str:
    """Full-width ASCII (０-９, Ａ-Ｚ, ％, ．, ，) and the ideographic space to half-width;
    trims surrounding whitespace."""
    return s.translate(_FW_TABLE).strip()


def _text(value: Any, what: str) -> str:
    if value is None:
        raise ValueError(f"expected {what}, got nothing (None)")
    if not isinstance(value, str):
        value = str(value)
    s = to_halfwidth_digits(value)
    if not s:
        raise ValueError(f"expected {what}, got an empty string")
    return s


# ---------------------------------------------------------------------------------- dates

_DATE_PATTERNS = [
    re.compile(r"^(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*[日号]?$"),
    re.compile(r"^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?$"),
    re.compile(r"^(\d{4})(\d{2})(\d{2})$"),
]

_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def _make_date(y: int, m: int, d: int, raw: Any) -> str:
    try:
        return _dt.date(y, m, d).isoformat()
    except (ValueError, OverflowError) as exc:
        raise ValueError(f"expected a real calendar date, got {raw!r} ({exc})") from None


def parse_date(value: Any) -> str:
    """Parse 2020年5月11日, 2020/5/11, 2020-05-11, 2020.5.11, 20200511, date/datetime objects
    (what openpyxl returns for Excel dates) and full-width digits into ``'YYYY-MM-DD'``."""
    if value.__class__ is str and _ISO_DATE.fullmatch(value):  # the common shape, at once
        return _make_date(int(value[:4]), int(value[5:7]), int(value[8:]), value)
    if isinstance(value, _dt.datetime):
        return value.date().isoformat()
    if isinstance(value, _dt.date):
        return value.isoformat()
    if isinstance(value, bool) or isinstance(value, float) and not math.isfinite(value):
        raise ValueError(f"expected a date such as 2020-05-11 or 2020年5月11日, got {value!r}")
    if isinstance(value, (int, float)) and not float(value).is_integer():
        raise ValueError(f"expected a date such as 2020-05-11, got the number {value!r}")
    s = _text(int(value) if isinstance(value, float) else value,
              "a date such as 2020-05-11 or 2020年5月11日")
    for pat in _DATE_PATTERNS:
        m = pat.match(s)
        if m:
            return _make_date(int(m[1]), int(m[2]), int(m[3]), value)
    raise ValueError(f"expected a date such as 2020-05-11, 2020/5/11, 2020.5.11, 20200511 or "
                     f"2020年5月11日, got {value!r}")


# ------------------------------------------------------------------------ Chinese numerals

_CN_DIGITS = {"零": 0, "〇": 0, "一": 1, "壹": 1, "二": 2, "贰": 2, "貳": 2, "两": 2, "兩": 2,
              "三": 3, "叁": 3, "參": 3, "四": 4, "肆": 4, "五": 5, "伍": 5, "六": 6, "陆": 6,
              "陸": 6, "七": 7, "柒": 7, "八": 8, "捌": 8, "九": 9, "玖": 9}
_CN_SMALL_UNITS = {"十": 10, "拾": 10, "百": 100, "佰": 100, "千": 1000, "仟": 1000}
_CN_BIG_UNITS = {"万": 10**4, "萬": 10**4, "亿": 10**8, "億": 10**8}


def parse_cn_number(value: Any) -> float:
    """Chinese numerals to a number: 五十 -> 50, 一百二十三 -> 123, 两千五百万 -> 25000000,
    十二 -> 12. Arabic digits mixed in (3千) are accepted."""
    what = "a number in Chinese numerals such as 五十"
    s = _text(value, what)
    if all(ch in _CN_DIGITS for ch in s):  # positional: 二〇二〇 -> 2020
        return float("".join(str(_CN_DIGITS[ch]) for ch in s))
    total, section, digit = 0, 0, None
    for ch in s:
        if ch in _CN_DIGITS or ch.isdigit():
            if digit:  # two digits in a row with units around them: 二三十
                raise ValueError(f"expected {what}, got {value!r} (digits without a unit)")
            digit = _CN_DIGITS[ch] if ch in _CN_DIGITS else int(ch)
        elif ch in _CN_SMALL_UNITS:
            section += (1 if digit is None else digit) * _CN_SMALL_UNITS[ch]
            digit = None
        elif ch in _CN_BIG_UNITS:
            total = (total + section + (digit or 0)) * _CN_BIG_UNITS[ch]
            section, digit = 0, None
        else:
            raise ValueError(f"expected {what}, got {value!r} (unexpected character {ch!r})")
    return float(total + section + (digit or 0))


# ---------------------------------------------------------------------------------- money

_UNIT_FACTORS = {"": 1, "元": 1, "万": 1e4, "萬": 1e4, "万元": 1e4, "萬元": 1e4, "亿": 1e8,
                 "億": 1e8, "亿元": 1e8, "億元": 1e8, "千元": 1e3, "百万": 1e6, "百万元": 1e6,
                 "千万": 1e7, "千万元": 1e7, "万亿": 1e12, "万亿元": 1e12}
_FOREIGN = ("美元", "美金", "欧元", "歐元", "港元", "港币", "港幣", "日元", "英镑", "英鎊",
            "USD", "US$", "EUR", "HKD", "JPY", "GBP", "$", "€", "£")
_MONEY_RE = re.compile(r"^(?:人民币|人民幣|RMB|CNY|¥|￥)?\s*([0-9][0-9,]*(?:\.[0-9]+)?|[零〇一二两三四五六七八九十百千壹贰叁肆伍陆柒捌玖拾佰仟兩貳參陸]+)\s*"
                       r"(万亿元?|百万元?|千万元?|千元|[万萬亿億]元?|元)?(?:人民币|人民幣|RMB|CNY)?$")


def parse_money_cny(value: Any) -> float:
    """Amount in yuan: '64亿元' -> 6.4e9, '9.8億' -> 9.8e8, '5000万元' -> 5e7, '1,200元' -> 1200,
    '五十亿元' -> 5e9; plain numbers are yuan. Foreign currencies raise ValueError (no
    exchange rate is applied: convert upstream and say at what rate)."""
    what = "an amount in yuan such as 64亿元, 5000万元 or 1,200元"
    if isinstance(value, bool):
        raise ValueError(f"expected {what}, got {value!r}")
    if isinstance(value, (int, float)):
        if not math.isfinite(value):
            raise ValueError(f"expected {what}, got {value!r}")
        return float(value)
    s = re.sub(r"\s+", "", _text(value, what))
    for cur in _FOREIGN:
        if cur.lower() in s.lower():
            raise ValueError(f"foreign currency not converted: {value!r} is in {cur}; "
                             f"expected {what}")
    m = _MONEY_RE.match(s)
    if not m:
        raise ValueError(f"expected {what}, got {value!r}")
    num = m[1]
    n = float(num.replace(",", "")) if num[0].isdigit() else parse_cn_number(num)
    return round(n * _UNIT_FACTORS[m[2] or ""], 2)  # to the fen: 9.8亿 is 980000000.0


# ---------------------------------------------------------------------------------- share

def parse_share(value: Any) -> float:
    """Equity share as a fraction 0..1: '51%' / '51.0％' / 51 -> 0.51; '0.51' / 0.51 -> 0.51.
    A bare number above 1 is read as a percentage; exactly 1 means 100%."""
    what = "a share such as 51%, 51 or 0.51 (between 0 and 100%)"
    if isinstance(value, bool):
        raise ValueError(f"expected {what}, got {value!r}")
    s = value if isinstance(value, (int, float)) else _text(value, what).replace(" ", "")
    pct = isinstance(s, str) and s.endswith("%")
    try:
        x = float(s[:-1] if pct else s)
    except (ValueError, OverflowError):
        raise ValueError(f"expected {what}, got {value!r}") from None
    if not math.isfinite(x) or x < 0:
        raise ValueError(f"expected {what}, got {value!r}")
    frac = x / 100 if (pct or x > 1) else x
    if frac > 1:
        raise ValueError(f"expected {what}, got {value!r} (more than 100%)")
    return frac


# ----------------------------------------------------------------------------------- USCC

def parse_uscc(value: Any) -> str:
    """A unified social credit code (统一社会信用代码), validated with python-stdnum
    (format, characters and check digit). Returns the compact upper-case form."""
    from stdnum.cn import uscc
    from stdnum.exceptions import ValidationError

    s = _text(value, "an 18-character unified social credit code (统一社会信用代码)")
    try:
        return uscc.validate(s)
    except ValidationError as exc:
        raise ValueError(f"expected an 18-character unified social credit code "
                         f"(统一社会信用代码), got {value!r}: {exc}") from None


# ----------------------------------------------------------------------------------- bool

_TRUE = {"1", "true", "t", "yes", "y", "是", "对", "對", "真", "有", "√", "✓"}
_FALSE = {"0", "false", "f", "no", "n", "否", "不是", "错", "錯", "假", "无", "無", "×", "-"}


def parse_bool(value: Any) -> bool:
    """true/false, yes/no, 1/0, 是/否, 有/无, √/× (case-insensitive)."""
    if value.__class__ is str:  # the common cells at once: they are what the steps give
        if value in _TRUE:
            return True
        if value in _FALSE:
            return False
    if isinstance(value, bool):
        return value
    if isinstance(value, (int, float)) and value in (0, 1):
        return bool(value)
    s = _text(value, "a yes/no value (true/false, 是/否, 1/0)").lower()
    if s in _TRUE:
        return True
    if s in _FALSE:
        return False
    raise ValueError(f"expected a yes/no value (true/false, yes/no, 是/否, 1/0), got {value!r}")


# ------------------------------------------------------------------ capital, any currency

_CURRENCIES = {"人民币": "CNY", "人民幣": "CNY", "美元": "USD", "美金": "USD", "港元": "HKD",
               "港币": "HKD", "港幣": "HKD", "欧元": "EUR", "歐元": "EUR", "日元": "JPY",
               "英镑": "GBP", "英鎊": "GBP", "新加坡元": "SGD", "新台币": "TWD", "澳元": "AUD"}
_CAPITAL_RE = re.compile(r"^([0-9][0-9,]*(?:\.[0-9]+)?)\s*(万亿|百万|千万|千|[万萬亿億])?\s*(元)?"
                         r"\s*(" + "|".join(sorted(_CURRENCIES, key=len, reverse=True)) + r")?"
                         r"\s*(元)?$")


_CAPITAL_WAN = re.compile(r"([0-9]+(?:\.[0-9]+)?)万元")


def parse_capital(value: Any) -> tuple[float, str]:
    """Registered capital as the platforms write it, in its own currency: '5000万元人民币' ->
    (5e7, 'CNY'), '500万美元' -> (5e6, 'USD'), '1.2亿元' -> (1.2e8, 'CNY'), 300 -> (300.0,
    'CNY'). The amount is in units of the currency (no exchange rate is applied)."""
    what = "a capital such as 5000万元人民币, 500万美元 or 1.2亿元"
    if value.__class__ is str:  # the common shape (166170万元) at once, same answer
        m = _CAPITAL_WAN.fullmatch(value)
        if m:
            return round(float(m[1]) * 1e4, 2), "CNY"
    if isinstance(value, bool):
        raise ValueError(f"expected {what}, got {value!r}")
    if isinstance(value, (int, float)):
        if not math.isfinite(value):
            raise ValueError(f"expected {what}, got {value!r}")
        return float(value), "CNY"
    s = re.sub(r"\s+", "", _text(value, what))
    m = _CAPITAL_RE.match(s)
    if not m:
        raise ValueError(f"expected {what}, got {value!r}")
    factor = _UNIT_FACTORS[(m[2] or "") + ("元" if m[2] else "")] if m[2] else 1
    return round(float(m[1].replace(",", "")) * factor, 2), _CURRENCIES.get(m[4] or "", "CNY")


# ----------------------------------------------------------------- registration status

STATUSES = {"存续": ("存续", "在业", "开业", "正常", "在营", "登记成立", "确立"),
            "注销": ("注销", "已注销"), "吊销": ("吊销",), "迁出": ("迁出", "迁入"),
            "撤销": ("撤销",), "停业": ("停业", "歇业"), "清算": ("清算",)}


def parse_status(value: Any) -> str:
    """登记状态 as the platforms write it -> 存续 / 注销 / 吊销 / 迁出 / 撤销 / 停业 / 清算:
    '存续（在营、开业、在册）' and '在业' -> 存续; '吊销，未注销' -> 吊销; '吊销，已注销' -> 注销."""
    s = _text(value, "a registration status such as 存续, 在业, 注销, 吊销 or 迁出")
    if "吊销" in s:
        return "注销" if "已注销" in s else "吊销"
    for canon, words in STATUSES.items():
        if any(s.startswith(w) for w in words):
            return canon
    raise ValueError(f"expected a registration status such as 存续, 在业, 注销, 吊销 or 迁出, "
                     f"got {value!r}")
