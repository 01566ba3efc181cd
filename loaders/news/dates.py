"""Dates in news text: absolute, partial and relative expressions, resolved sentence by
sentence against a running context (see docs/news-extraction.md, "Date rules").

A ``Span`` is a date or a date range; parts may be unknown (year None). ``iso()`` gives
``YYYY-MM-DD``, or None when the year is unknown (``text()`` then says ``4月30日``):
a date is never written without its year.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from loaders.tabular.values import parse_cn_number

_CN = "零〇一二两三四五六七八九十"
_NUM = rf"(?:\d{{1,2}}|[{_CN}]{{1,3}})"
_FULL_RE = re.compile(r"((?:19|20)\d{2})\s*[年\-/.]\s*(\d{1,2})\s*[月\-/.]\s*(\d{1,2})\s*[日号]?")
_MD_RE = re.compile(rf"(?<![\d年.\-/])({_NUM})月({_NUM})[日号]"
                    rf"(?:\s*(?:至|到|-|—|–|~|～|－)\s*(?:({_NUM})月)?({_NUM})[日号]?)?")
_D_RE = re.compile(rf"(?<![\d月年.\-/{_CN}])(\d{{1,2}})[日号](?:\s*(?:至|到|-|—|~)\s*(\d{{1,2}})[日号])?"
                   rf"(?!\s*[元亿万])")
_REL = [(re.compile(r"当天|当日|同日|同天|是日|当晚|当天下午|当天上午"), 0),
        (re.compile(r"次日|第二天|翌日|隔天"), 1), (re.compile(r"前一天|前一日"), -1)]
_AFTER_N_RE = re.compile(rf"(?:此后|之后|随后|接下来)的?({_NUM})天")
_VAGUE_RE = re.compile(r"近日|日前|近期|前不久|最近|此前")
_YEAR_RE = re.compile(r"(?<!\d)((?:19|20)\d{2})(?!\d)")


@dataclass(frozen=True)
class Span:
    year: int | None
    month: int
    day: int
    end: tuple[int, int] | None = None   # (month, day) of a range's last day

    def iso(self) -> str | None:
        return _fmt(self.year, self.month, self.day)

    def end_iso(self) -> str | None:
        return _fmt(self.year, *self.end) if self.end else None

    def text(self) -> str:
        """The date as Chinese text, for a date whose year is unknown: 4月30日(至5月2日)."""
        end = f"至{self.end[0]}月{self.end[1]}日" if self.end else ""
        return f"{self.month}月{self.day}日{end}"

    def shift(self, days: int) -> "Span":
        y = self.year or 2000  # a leap year: arithmetic without year still works
        d = dt.date(y, self.month, self.day) + dt.timedelta(days=days)
        return Span(self.year and d.year, d.month, d.day)


def _fmt(y: int | None, m: int, d: int) -> str | None:
    return f"{y:04d}-{m:02d}-{d:02d}" if y else None


def _num(s: str) -> int:
    return int(s) if s.isdigit() else int(parse_cn_number(s))


def _valid(y: int | None, m: int, d: int) -> bool:
    try:
        dt.date(y or 2000, m, d)
        return True
    except ValueError:
        return False


def _year_for(month: int, ref: dt.date | None) -> int | None:
    """Year of a month/day without a year: the reference year, or the one before when the
    month lies more than one month after the reference month (December news read in January)."""
    if ref is None:
        return None
    return ref.year - 1 if month > ref.month + 1 else ref.year


class DateTracker:
    """Walks sentences in order, keeping the 'current date' that relative expressions and
    date-less sentences refer to."""

    def __init__(self, ref: dt.date | None):
        self.ref = ref
        self.current: Span | None = None
        self.text: str | None = None

    def update(self, sentence: str) -> Span | None:
        """Date context of ``sentence`` (and of following sentences that name none)."""
        found = self._absolute(sentence) or self._relative(sentence)
        if found:
            self.current = found
        elif _VAGUE_RE.search(sentence[:12]):
            self.current, self.text = None, _VAGUE_RE.search(sentence[:12]).group(0)
        return self.current

    def _absolute(self, s: str) -> Span | None:
        m = _FULL_RE.search(s)
        if m and _valid(int(m[1]), int(m[2]), int(m[3])):
            return Span(int(m[1]), int(m[2]), int(m[3]))
        m = _MD_RE.search(s)
        if m:
            mo, d = _num(m[1]), _num(m[2])
            end = (_num(m[3]) if m[3] else mo, _num(m[4])) if m[4] else None
            y = _year_for(mo, self.ref)
            if _valid(y, mo, d) and (not end or _valid(y, *end)):
                return Span(y, mo, d, end)
        return self._day_only(s)

    def _day_only(self, s: str) -> Span | None:
        m = _D_RE.search(s)
        if not m or not self.current:
            return None
        cur, d = self.current, int(m[1])
        end = (cur.month, int(m[2])) if m[2] else None
        if not _valid(cur.year, cur.month, d) or (end and not _valid(cur.year, *end)):
            return None
        return Span(cur.year, cur.month, d, end)

    def _relative(self, s: str) -> Span | None:
        if not self.current:
            return None
        m = _AFTER_N_RE.search(s)
        if m:
            start = self.current.shift(1)
            last = self.current.shift(_num(m[1]))
            return Span(start.year, start.month, start.day, (last.month, last.day))
        for rx, days in _REL:
            if rx.search(s[:20]):
                base = Span(self.current.year, self.current.month, self.current.day)
                return base.shift(days)
        return None


def find_full_date(text: str) -> dt.date | None:
    """First complete date (2020年5月12日, 2020-05-12 ...) in ``text``."""
    for m in _FULL_RE.finditer(text):
        if _valid(int(m[1]), int(m[2]), int(m[3])):
            return dt.date(int(m[1]), int(m[2]), int(m[3]))
    return None


def infer_year(sentences: list[str]) -> int | None:
    """The article's year when no publication date is known: a sentence that speaks of
    去年 ('last year') and names exactly one explicit year Y after it implies this year is
    Y+1 (e.g. '自去年以来 ... 2019年3月 ... 2019年8月'). None when nothing fits."""
    for s in sentences:
        i = s.find("去年")
        if i < 0:
            continue
        years = {int(y) for y in _YEAR_RE.findall(s[i:i + 80])}
        if len(years) == 1:
            return years.pop() + 1
    return None


_HEAD_YEAR_RE = re.compile(r"(?<!\d)((?:19|20)\d{2})年(?:\d{1,2}月)?")


def year_in_head(title: str | None, body: str) -> int | None:
    """The article's year from its title or first lines ('2019年金堂县重大招商引资项目集中签约仪式',
    '筠连县举行2023年12月…'): the first explicit year there."""
    for text in (title or "", body[:160]):
        m = _HEAD_YEAR_RE.search(text)
        if m:
            return int(m.group(1))
    return None
