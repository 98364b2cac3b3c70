"""Publication dates and event dates in news text.

Two jobs:

:func:`publication_date`
    When was the article published? Metadata given by the caller wins; otherwise a header
    line near the top (``Date: 2021-05-20``), a trailing agency dateline
    (``02/02/2023 09:48:03 - Gaza (AFP) - © 2023 AFP``) or an embedded tweet URL, whose
    snowflake id encodes the time it was posted. The current date and file times are
    never used.
:func:`find_dates`
    Which date expressions does the text contain, and which days do they denote once
    resolved against the publication date? Each :class:`DateSpan` carries the ACLED
    ``time_precision`` code (1 day, 2 range of days or week, 3 month or year).

Decisions
---------
* Numeric ``a/b/yyyy`` dates are read by the impossible reading (a part above 12 is the
  day). When both readings are possible, agency datelines are read day-first (AFP
  writes ``dd/mm/yyyy``); in a header line an ambiguous numeric date is not used.
* A datetime with an offset gives the date *as written* (local to the publisher), not
  the UTC date; tweet ids give the UTC date.
* A date without a year takes the latest year that puts it no more than 2 days after
  publication (time-zone slack).
* Weekdays (``on Tuesday``) are the weekday on or before the publication date;
  ``last Tuesday`` is strictly before it.
* Windows, all counted in days from the publication date ``P``:

  ======================================  ====================  =========
  expression                              days                  precision
  ======================================  ====================  =========
  today, this morning, tonight            P                     1
  yesterday, last night                   P-1                   1
  overnight                               P-1 .. P              1
  the night of January 26 to 27           Jan 26 .. Jan 27      1
  N days ago                              P-N                   1
  since Monday                            Monday .. P           2 (1)
  this week                               Monday of P's week .. 2
                                          P
  earlier this week                       Monday .. P-1         2
  last week                               P-7 .. P-1            2
  in recent days, the past few days       P-7 .. P              2
  in the past 24 hours / N days / weeks   P-N .. P              1, 2 or 3
  the weekend                             latest Sat .. Sun     2
  in May, last month, mid-May             the whole month       3
  earlier this month                      1st of month .. P     3
  in 2022, during 2022                    the whole year        3
  since 2007                              2007-01-01 .. P       3
  ======================================  ====================  =========

  ``since`` without a publication date ends at the end of the named day, month or year.
* ``May`` and ``March`` are months only with a day number, a year or a cue word
  (``in``, ``since``, ``early``...) and only when capitalised; ``Theresa May said`` and
  ``protesters march`` are not dates. Bare numbers are years only between 1900 and 2100
  and only after a cue (``in``, ``during``, ``since``, ``year``...).
* Times of day (``2:30 a.m.``, ``1500 GMT``), decades (``the 1990s``) and numeric
  ``dd/mm`` dates in running text are not read.
"""

from __future__ import annotations

import datetime
import re
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from ._exceptions import InputError
from ._normalize import FOLD_ODD

__all__ = ["Published", "DateSpan", "publication_date", "parse_iso_date", "find_dates"]


@dataclass(frozen=True, slots=True)
class Published:
    """The publication date of an article and where it was found.

    Parameters
    ----------
    date : datetime.date
        The publication date.
    source : str
        ``"metadata"``, ``"header"``, ``"dateline"`` or ``"status-url"``.
    text : str, default ""
        The text it was read from (empty for metadata).
    """

    date: datetime.date
    source: str
    text: str = ""


@dataclass(frozen=True, slots=True)
class DateSpan:
    """A date expression found in a text, resolved to a range of days.

    Parameters
    ----------
    start, end : int
        ``str`` offsets into the text given to :func:`find_dates`.
    text : str
        ``text[start:end]``.
    date_start, date_end : datetime.date or None
        First and last day denoted; ``None`` when the expression needs a publication date
        that was not given.
    precision : int
        ACLED ``time_precision``: 1 day known, 2 range of days or week, 3 month or year.
    relative : bool
        Whether a date was computed from the publication date (weekdays, ``yesterday``, a
        day without a year, the end of a ``since`` period).
    since : bool, default False
        An open period up to the publication date (``since Monday``).
    """

    start: int
    end: int
    text: str
    date_start: datetime.date | None
    date_end: datetime.date | None
    precision: int
    relative: bool
    since: bool = False


# --------------------------------------------------------------------------- vocabulary

_MIN_YEAR, _MAX_YEAR = 1900, 2100
_DAY = datetime.timedelta(days=1)
_SLACK = datetime.timedelta(days=2)
_TWITTER_EPOCH_MS = 1288834974657
_SNOWFLAKE_MIN = 2**40

_MONTH_NUM: dict[str, int] = {
    name: number
    for number, name in enumerate(
        (
            "january", "february", "march", "april", "may", "june", "july", "august",
            "september", "october", "november", "december",
        ),
        start=1,
    )
}
_MONTH_ABBR: dict[str, int] = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9,
    "sept": 9, "oct": 10, "nov": 11, "dec": 12,
}
_WEEKDAY_NUM: dict[str, int] = {
    name: number
    for number, name in enumerate(
        ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
    )
}
_NUMBER_WORDS: dict[str, int] = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
    "couple of": 2, "a couple of": 2, "few": 7, "a few": 7, "several": 7,
}

# ------------------------------------------------------------------------ regex pieces

_FLAGS = re.IGNORECASE | re.ASCII
_SP = r"[\s\u00a0\u202f]+"
_OSP = r"[\s\u00a0\u202f]*"
_DASH = "(?:-|\u2013|\u2014)"
_RANGE_SEP = rf"(?:{_OSP}{_DASH}{_OSP}|{_SP}(?:to|and|through|until|till){_SP})"
_MONTH_FULL_RE = "(?:" + "|".join(_MONTH_NUM) + ")(?![a-z])"
_MONTH_ANY_RE = (
    "(?:(?:" + "|".join(_MONTH_NUM) + ")|(?:"
    + "|".join(sorted(_MONTH_ABBR, key=len, reverse=True)) + r")\.?)(?![a-z])"
)
_WEEKDAY_RE = "(?:" + "|".join(_WEEKDAY_NUM) + ")(?![a-z])"
_NUMBER_RE = (
    "(?:[0-9]{1,3}|" + "|".join(
        w.replace(" ", _SP) for w in sorted(_NUMBER_WORDS, key=len, reverse=True)
    ) + ")"
)
# Words after a number that show it is a count or a clock time, not a year.
_COUNT_NOUNS = (
    "people|persons|civilians|soldiers|troops|fighters|militants|police|men|women|"
    "children|homes|houses|buildings|families|rockets|missiles|shells|dead|killed|"
    "wounded|injured|casualties|refugees|protesters|demonstrators|residents|prisoners|"
    "detainees|members|others|more|times|tons|tonnes|km|kilometres|kilometers|miles|"
    "dollars|euros|votes|cases|gmt|utc|bst|cet|est|edt|local|hours|hrs|h|z"
)


def _day_re(name: str, *, lead: bool = False) -> str:
    before = r"(?<![\w.,:/\-])" if lead else ""
    return rf"{before}(?P<{name}>3[01]|[12][0-9]|0?[1-9])(?:st|nd|rd|th)?(?![0-9a-z]|:[0-9])"


def _year_re(name: str) -> str:
    return rf"(?<![0-9])(?P<{name}>19[0-9][0-9]|20[0-9][0-9]|2100)(?![0-9])"


_EXPLICIT_PRE = (
    rf"(?:\b(?P<pre>(?:(?:on|in|during){_SP})?(?:the{_SP})?night{_SP}of|on|since|between|"
    rf"from){_SP})?"
)
_WEEKDAY_OPT = rf"(?:\b(?P<wd>{_WEEKDAY_RE}),?{_SP})?"

_ISO_RE = re.compile(
    rf"(?:\b(?P<pre>on|since){_SP})?(?<![0-9A-Za-z.\-/])(?P<y>[0-9]{{4}})(?P<sep>[-/.])"
    rf"(?P<m>[0-9]{{1,2}})(?P=sep)(?P<d>[0-9]{{1,2}})(?![0-9]|[-/.][0-9])",
    _FLAGS,
)
_MDY_RE = re.compile(
    _EXPLICIT_PRE + _WEEKDAY_OPT
    + rf"\b(?P<m1>{_MONTH_ANY_RE}){_SP}" + _day_re("d1")
    + rf"(?:(?P<sep>{_RANGE_SEP})(?:(?P<m2>{_MONTH_ANY_RE}){_SP})?" + _day_re("d2") + ")?"
    + rf"(?:,?{_SP}" + _year_re("y") + ")?",
    _FLAGS,
)
_DMY_RE = re.compile(
    _EXPLICIT_PRE + _WEEKDAY_OPT + rf"(?:the{_SP})?" + _day_re("d1", lead=True)
    + rf"(?:(?:{_SP}(?:of{_SP})?(?P<m2>{_MONTH_ANY_RE}))?(?P<sep>{_RANGE_SEP})(?:the{_SP})?"
    + _day_re("d2") + ")?"
    + rf"{_SP}(?:of{_SP})?(?P<m1>{_MONTH_ANY_RE})(?:,?{_SP}" + _year_re("y") + ")?",
    _FLAGS,
)
_TIME_OF_DAY = (
    rf"(?:(?:at|before|after|around|until|by|from){_SP}(?:dusk|dawn|dark|sunrise|sunset|"
    rf"midnight|noon|nightfall|daybreak|night)|shortly{_SP}(?:after|before){_SP}"
    rf"(?:midnight|dawn|noon)|in{_SP}the{_SP}(?:early{_SP})?(?:hours|morning|afternoon|"
    rf"evening|night){_SP}of|early|late)"
)
_WEEKDAY_PATTERN = re.compile(
    rf"(?:\b(?P<tod>{_TIME_OF_DAY}){_SP})?"
    rf"(?:\b(?P<cue>on|since|last|this{_SP}past|past|this|until|till|by){_SP})?"
    rf"\b(?P<wd>{_WEEKDAY_RE})"
    rf"(?:{_SP}(?P<part>morning|afternoon|evening|night|overnight)(?![a-z]))?",
    _FLAGS,
)
_DAYWORD_RE = re.compile(
    rf"\b(?P<w>(?:the{_SP})?day{_SP}before{_SP}yesterday|(?:the{_SP})?day{_SP}after{_SP}"
    rf"tomorrow|(?:yesterday|tomorrow)(?:{_SP}(?:morning|afternoon|evening|night))?|"
    rf"(?:earlier|later){_SP}today|today|tonight|this{_SP}(?:morning|afternoon|evening)|"
    rf"last{_SP}night|overnight)(?![a-z])",
    _FLAGS,
)
_AGO_RE = re.compile(
    rf"\b(?P<n>{_NUMBER_RE}){_SP}(?P<unit>days?|weeks?|months?|years?){_SP}ago(?![a-z])",
    _FLAGS,
)
_PAST_RE = re.compile(
    rf"\b(?P<lead>(?:in|over|during|within|for){_SP}the{_SP}|the{_SP})?"
    rf"(?P<word>past|last|previous){_SP}(?:(?P<n>{_NUMBER_RE}){_SP})?"
    rf"(?P<unit>hours|days|weeks|months|day|week|month)(?![a-z])",
    _FLAGS,
)
_RECENT_RE = re.compile(rf"\b(?:(?:in|over|during){_SP})?recent{_SP}days(?![a-z])", _FLAGS)
_WEEK_RE = re.compile(
    rf"\b(?:(?:over|during){_SP})?(?:(?P<mod>earlier|later){_SP})?(?P<which>this|last|next|"
    rf"the){_SP}(?P<unit>weekend|week)(?![a-z])",
    _FLAGS,
)
_PERIOD_RE = re.compile(
    rf"\b(?:(?P<mod>earlier|later){_SP})?(?P<which>this|last|next){_SP}(?P<unit>month|year)"
    rf"(?![a-z])",
    _FLAGS,
)
_MONTH_PATTERN = re.compile(
    rf"(?:\b(?P<cue>in|during|since|from|until|till|through|throughout|last|this|next|by|"
    rf"before|after|(?:the{_SP})?(?:end|beginning|start|middle){_SP}of){_SP})?"
    rf"(?:\b(?P<mod>early|late|mid)(?:{_SP}|-))?"
    rf"\b(?P<m>{_MONTH_FULL_RE})(?:,?{_SP}(?:of{_SP})?" + _year_re("y") + ")?"
    rf"(?!{_OSP}[0-9])",
    _FLAGS,
)
_YEAR_PATTERN = re.compile(
    rf"(?:\b(?P<cue>in|during|since|from|until|till|through|throughout|between|by|before|"
    rf"after|(?:the{_SP})?year|(?:the{_SP})?(?:end|beginning|start|middle|spring|summer|"
    rf"autumn|fall|winter|course|rest|first{_SP}half|second{_SP}half){_SP}of){_SP})?"
    rf"(?:\b(?P<mod>early|late|mid)(?:{_SP}|-))?"
    + _year_re("y1") + rf"(?:{_RANGE_SEP}" + _year_re("y2") + ")?"
    + rf"(?![0-9]|[.,][0-9]|'?s(?![a-z])|{_OSP}(?:{_DASH}|to|and|or){_OSP}[0-9]|"
    rf"{_SP}(?:{_COUNT_NOUNS})(?![a-z]))",
    _FLAGS,
)


def _gated(pattern: re.Pattern[str], gate: str) -> re.Pattern[str]:
    """``pattern`` behind ``gate``, a lookahead that every match of ``pattern`` passes.

    The same matches, found faster: the regex engine tries a pattern at every position of
    the window it searches, and without the gate these enter their optional cue groups
    before failing at a position inside a word.
    """
    return re.compile(f"{gate}(?:{pattern.pattern})", pattern.flags)


# (plain, gated): tests/test_dates.py checks each pair matches alike at every position.
# A match of these starts with a word boundary and a letter (cue words, weekday, month), or,
# for day-month dates, with "the" (not after a boundary) or the day's digit, and for years
# with the year's first digit.
_GATED = tuple((plain, _gated(plain, gate)) for plain, gate in (
    (_MDY_RE, r"\b(?=[a-z])"),
    (_DMY_RE, r"(?=\b[a-z]|t|[0-9])"),
    (_WEEKDAY_PATTERN, r"\b(?=[a-z])"),
    (_MONTH_PATTERN, r"\b(?=[a-z])"),
    (_YEAR_PATTERN, r"(?=\b[a-z]|[12])"),
))
_MDY_RE, _DMY_RE, _WEEKDAY_PATTERN, _MONTH_PATTERN, _YEAR_PATTERN = (g for _, g in _GATED)
_MAY_AS_NAME = re.compile(
    rf"(?:'|\u2019)s(?![a-z])|{_SP}(?:said|says|has|had|was|is|will|would|told|took|became|"
    rf"resigned|announced|added|wrote|insisted|called|urged|warned|met|visited)(?![a-z])",
    _FLAGS,
)

# Publication-date patterns: a full date with a year.
_FULL_DATE = (
    rf"(?:(?P<iy>[0-9]{{4}})-(?P<im>[0-9]{{1,2}})-(?P<id>[0-9]{{1,2}})(?![0-9])"
    rf"|(?:{_WEEKDAY_RE},?{_SP})?(?P<mm>{_MONTH_ANY_RE}){_SP}(?P<md>[0-9]{{1,2}})"
    rf"(?:st|nd|rd|th)?,?{_SP}(?P<my>[0-9]{{4}})(?![0-9])"
    rf"|(?:{_WEEKDAY_RE},?{_SP})?(?P<dd>[0-9]{{1,2}})(?:st|nd|rd|th)?{_SP}(?:of{_SP})?"
    rf"(?P<dm>{_MONTH_ANY_RE}),?{_SP}(?P<dy>[0-9]{{4}})(?![0-9])"
    rf"|(?P<n1>[0-9]{{1,2}})(?P<ns>[/.\-])(?P<n2>[0-9]{{1,2}})(?P=ns)(?P<ny>[0-9]{{4}})"
    rf"(?![0-9]))"
)
_FULL_DATE_RE = re.compile(rf"(?<![0-9A-Za-z]){_FULL_DATE}", _FLAGS)
_HEADER_RE = re.compile(
    rf"^[ \t\u00a0]*(?:date|dated|published|publication{_SP}date|posted|first{_SP}published|"
    rf"pubdate)(?:{_SP}on)?[ \t\u00a0]*[:\-\u2013\u2014]?[ \t\u00a0]*{_FULL_DATE}",
    _FLAGS | re.MULTILINE,
)
_DATELINE_START_RE = re.compile(
    rf"^[ \t\u00a0]*{_FULL_DATE}(?:[ \tT]+[0-9]{{1,2}}:[0-9]{{2}}(?::[0-9]{{2}})?"
    rf"(?:[ \t]*(?:GMT|UTC|Z|[ap]\.?m\.?))?)?[ \t\u00a0]*(?:[-|,]|\u2013|\u2014)",
    _FLAGS,
)
_AGENCY_RE = re.compile(
    r"\((?:AFP|AP|Reuters|REUTERS|dpa|DPA|EFE|ANSA|Xinhua|XINHUA|UPI|TASS|AA|Anadolu|WAFA|"
    r"IANS|PTI|Bloomberg|Sputnik|Kyodo|Yonhap|Bernama|Interfax|KUNA|SANA|IRNA|MENA|Belga|"
    r"ANP|QNA|SPA|WAM|APP|BSS|NNA)\)|\u00a9|\([cC]\)"
)
_STATUS_RE = re.compile(
    r"https?://(?:www\.|mobile\.)?(?:twitter|x)\.com/(?:i/web|[A-Za-z0-9_]{1,15})"
    r"/status(?:es)?/(?P<id>[0-9]{1,20})(?![0-9])",
    _FLAGS,
)

_FOUR_DIGITS = re.compile("[0-9]{4}")

_HEAD_CHARS = 2000
_HEAD_LINES = 8
_TAIL_CHARS = 2000
_TAIL_LINES = 6


# ------------------------------------------------------------------------------ helpers


def _make_date(year: int, month: int, day: int) -> datetime.date | None:
    """Return the date, or None when it is impossible or outside 1900..2100."""
    if not _MIN_YEAR <= year <= _MAX_YEAR:
        return None
    try:
        return datetime.date(year, month, day)
    except ValueError:
        return None


def _month_of(word: str) -> int:
    key = word.lower().rstrip(".")
    return _MONTH_NUM.get(key) or _MONTH_ABBR.get(key, 0)


def _month_end(year: int, month: int) -> datetime.date:
    if month == 12:
        return datetime.date(year, 12, 31)
    return datetime.date(year, month + 1, 1) - _DAY


def _capitalised(word: str | None) -> bool:
    return word is None or word[:1].isupper()


def _norm(phrase: str | None) -> str:
    return " ".join(phrase.lower().split()) if phrase else ""


def _number(word: str) -> int:
    key = _norm(word)
    return int(key) if key.isdigit() else _NUMBER_WORDS.get(key, 0)


def _numeric_date(a: int, b: int, year: int, *, day_first: bool) -> datetime.date | None:
    """Read ``a/b/year``; the part above 12 is the day, else day-first only if asked."""
    if a > 12 and b <= 12:
        day, month = a, b
    elif b > 12 and a <= 12:
        month, day = a, b
    elif a == b or day_first:
        day, month = a, b
    else:
        return None
    return _make_date(year, month, day)


def _full_date(m: re.Match[str], *, day_first: bool) -> datetime.date | None:
    if m.group("iy"):
        return _make_date(int(m.group("iy")), int(m.group("im")), int(m.group("id")))
    if m.group("mm"):
        return _make_date(int(m.group("my")), _month_of(m.group("mm")), int(m.group("md")))
    if m.group("dd"):
        return _make_date(int(m.group("dy")), _month_of(m.group("dm")), int(m.group("dd")))
    return _numeric_date(
        int(m.group("n1")), int(m.group("n2")), int(m.group("ny")), day_first=day_first
    )


def _weekday_on_or_before(published: datetime.date, weekday: int) -> datetime.date:
    return published - datetime.timedelta(days=(published.weekday() - weekday) % 7)


def _infer_year(published: datetime.date | None, month: int, day: int) -> int | None:
    """The latest year putting ``month/day`` at most 2 days after publication."""
    if published is None:
        return None
    limit = published + _SLACK
    for year in range(limit.year, limit.year - 9, -1):  # 29 February may need 8 years
        candidate = _make_date(year, month, day)
        if candidate is not None and candidate <= limit:
            return year
    return None


# ----------------------------------------------------------------------------- handlers

_Handler = Callable[[re.Match[str], "datetime.date | None", str], "DateSpan | None"]


def _span(
    text: str,
    start: int,
    end: int,
    first: datetime.date | None,
    last: datetime.date | None,
    precision: int,
    relative: bool,
    since: bool = False,
) -> DateSpan:
    if first is None or last is None:
        first = last = None
    return DateSpan(start, end, text[start:end], first, last, precision, relative, since)


def _veto(text: str, m: re.Match[str]) -> DateSpan:
    # Precision 0: claims its text so that no shorter date inside it is reported, and is
    # itself dropped from the result.
    return DateSpan(m.start(), m.end(), m.group(0), None, None, 0, False)


def _since_end(
    start: datetime.date, fallback: datetime.date, published: datetime.date | None
) -> tuple[datetime.date, bool]:
    """End of a ``since`` period: the publication date, else the end of the named period."""
    if published is not None and published >= start:
        return published, True
    return fallback, False


def _on_iso(m: re.Match[str], published: datetime.date | None, text: str) -> DateSpan | None:
    day = _make_date(int(m.group("y")), int(m.group("m")), int(m.group("d")))
    if day is None:
        return _veto(text, m)
    if _norm(m.group("pre")) == "since":
        end, relative = _since_end(day, day, published)
        precision = 1 if end == day else 2
        return _span(text, m.start(), m.end(), day, end, precision, relative, since=True)
    return _span(text, m.start(), m.end(), day, day, 1, False)


def _explicit(
    m: re.Match[str], published: datetime.date | None, text: str, *, day_first: bool
) -> DateSpan | None:
    if not all(_capitalised(m.group(g)) for g in ("m1", "m2", "wd")):
        return None
    pre = _norm(m.group("pre"))
    end_pos = m.end()
    has_range = m.group("d2") is not None
    year_text = m.group("y")
    if has_range and not day_first and _norm(m.group("sep")) == "and" and pre != "between":
        # "May 19 and 20 people": only "between May 19 and 20" is a range.
        has_range, year_text, end_pos = False, None, m.end("d1")
    m1, d1 = _month_of(m.group("m1")), int(m.group("d1"))
    m2 = _month_of(m.group("m2")) if m.group("m2") else 0
    if not has_range:
        first_md = last_md = (m1, d1)
    elif day_first:
        first_md, last_md = (m2 or m1, d1), (m1, int(m.group("d2")))
    else:
        first_md, last_md = (m1, d1), (m2 or m1, int(m.group("d2")))
    # Impossible days whatever the year (2000 is a leap year) veto the whole match, so
    # that "30 February 2022" does not leave "February 2022" behind.
    if _make_date(2000, *first_md) is None or _make_date(2000, *last_md) is None:
        return _veto(text, m)
    night = "night" in pre
    precision = 1 if not has_range or night else 2
    since = pre == "since" and not has_range
    start = m.start()
    relative = year_text is None
    year = int(year_text) if year_text else _infer_year(published, *first_md)
    if year is None:
        return _span(text, start, end_pos, None, None, 2 if since else precision, True, since)
    first = _make_date(year, *first_md)
    last = _make_date(year, *last_md)
    if last is not None and first is not None and last < first:
        last = _make_date(year + 1, *last_md)
    if first is None or last is None:
        return None
    if since:
        last, used = _since_end(first, first, published)
        relative = relative or used
        precision = 1 if last == first else 2
    return _span(text, start, end_pos, first, last, precision, relative, since)


def _on_mdy(m: re.Match[str], published: datetime.date | None, text: str) -> DateSpan | None:
    return _explicit(m, published, text, day_first=False)


def _on_dmy(m: re.Match[str], published: datetime.date | None, text: str) -> DateSpan | None:
    return _explicit(m, published, text, day_first=True)


def _on_weekday(
    m: re.Match[str], published: datetime.date | None, text: str
) -> DateSpan | None:
    if not _capitalised(m.group("wd")):
        return None
    cue = _norm(m.group("cue"))
    since = cue == "since"
    if published is None:
        return _span(text, m.start(), m.end(), None, None, 2 if since else 1, True, since)
    day = _weekday_on_or_before(published, _WEEKDAY_NUM[m.group("wd").lower()])
    if cue in ("last", "past", "this past") and day == published:
        day -= datetime.timedelta(days=7)
    if since:
        precision = 1 if day == published else 2
        return _span(text, m.start(), m.end(), day, published, precision, True, since=True)
    return _span(text, m.start(), m.end(), day, day, 1, True)


_DAYWORD_OFFSETS: dict[str, tuple[int, int]] = {
    "day before yesterday": (-2, -2),
    "day after tomorrow": (2, 2),
    "yesterday": (-1, -1),
    "tomorrow": (1, 1),
    "earlier today": (0, 0),
    "later today": (0, 0),
    "today": (0, 0),
    "tonight": (0, 0),
    "this morning": (0, 0),
    "this afternoon": (0, 0),
    "this evening": (0, 0),
    "last night": (-1, -1),
    "overnight": (-1, 0),
}


def _offsets(
    m: re.Match[str], published: datetime.date | None, text: str, first: int, last: int,
    precision: int,
) -> DateSpan:
    if published is None:
        return _span(text, m.start(), m.end(), None, None, precision, True)
    return _span(
        text, m.start(), m.end(), published + datetime.timedelta(days=first),
        published + datetime.timedelta(days=last), precision, True,
    )


def _on_dayword(
    m: re.Match[str], published: datetime.date | None, text: str
) -> DateSpan | None:
    words = _norm(m.group("w")).removeprefix("the ").split()
    key = " ".join(words)
    if words[0] in ("yesterday", "tomorrow"):
        key = words[0]
    first, last = _DAYWORD_OFFSETS[key]
    return _offsets(m, published, text, first, last, 1)


def _on_ago(m: re.Match[str], published: datetime.date | None, text: str) -> DateSpan | None:
    count = _number(m.group("n"))
    unit = m.group("unit").lower().rstrip("s")
    vague = not _norm(m.group("n")).isdigit() and count == 7  # few, several
    if count <= 0 or count > 400:
        return None
    if unit == "day":
        if vague:
            return _offsets(m, published, text, -7, -2, 2)
        return _offsets(m, published, text, -count, -count, 1)
    if vague:
        return None
    if unit == "week":
        return _offsets(m, published, text, -7 * count, -7 * count, 2)
    if published is None:
        return _span(text, m.start(), m.end(), None, None, 3, True)
    if unit == "month":
        index = published.year * 12 + published.month - 1 - count
        year, month = divmod(index, 12)
        first = _make_date(year, month + 1, 1)
        if first is None:
            return None
        return _span(text, m.start(), m.end(), first, _month_end(year, month + 1), 3, True)
    first = _make_date(published.year - count, 1, 1)
    last = _make_date(published.year - count, 12, 31)
    return _span(text, m.start(), m.end(), first, last, 3, True)


def _window_precision(days: int) -> int:
    return 1 if days <= 1 else 2 if days <= 14 else 3


def _on_past(m: re.Match[str], published: datetime.date | None, text: str) -> DateSpan | None:
    unit = m.group("unit").lower()
    word = m.group("word").lower()
    if not unit.endswith("s") and word != "past" and not _norm(m.group("lead")).startswith(
        ("in", "over", "during", "within", "for")
    ):
        return None  # "last week" is its own expression; "the last day of the talks" is not
    count = _number(m.group("n")) if m.group("n") else (7 if unit == "days" else 1)
    if count <= 0:
        return None
    if unit.startswith("hour"):
        days = max(1, -(-count // 24))
    elif unit.startswith("day"):
        days = count
    elif unit.startswith("week"):
        days = 7 * count
    else:
        days = 30 * count
    if days > 3660:
        return None
    return _offsets(m, published, text, -days, 0, _window_precision(days))


def _on_recent(
    m: re.Match[str], published: datetime.date | None, text: str
) -> DateSpan | None:
    return _offsets(m, published, text, -7, 0, 2)


def _on_week(m: re.Match[str], published: datetime.date | None, text: str) -> DateSpan | None:
    which, unit, mod = m.group("which").lower(), m.group("unit").lower(), _norm(m.group("mod"))
    if unit == "week":
        if which == "the" or mod and which != "this":
            return None
        if published is None:
            return _span(text, m.start(), m.end(), None, None, 2, True)
        monday = published - datetime.timedelta(days=published.weekday())
        if which == "last":
            return _offsets(m, published, text, -7, -1, 2)
        if which == "next":
            return _offsets(m, published, text, 1, 7, 2)
        if mod == "earlier":
            return _span(text, m.start(), m.end(), monday, max(monday, published - _DAY), 2, True)
        if mod == "later":
            return _span(text, m.start(), m.end(), published, monday + 6 * _DAY, 2, True)
        return _span(text, m.start(), m.end(), monday, published, 2, True)
    if mod:
        return None
    if published is None:
        return _span(text, m.start(), m.end(), None, None, 2, True)
    saturday = _weekday_on_or_before(published, 5)
    if which == "last":
        sunday = _weekday_on_or_before(published - _DAY, 6)
        saturday = sunday - _DAY
    elif which == "next":
        saturday = saturday + 7 * _DAY
    return _span(text, m.start(), m.end(), saturday, saturday + _DAY, 2, True)


def _on_period(
    m: re.Match[str], published: datetime.date | None, text: str
) -> DateSpan | None:
    which, unit, mod = m.group("which").lower(), m.group("unit").lower(), _norm(m.group("mod"))
    if mod and which != "this":
        return None
    if published is None:
        return _span(text, m.start(), m.end(), None, None, 3, True)
    step = {"last": -1, "this": 0, "next": 1}[which]
    if unit == "year":
        year = published.year + step
        first, last = _make_date(year, 1, 1), _make_date(year, 12, 31)
    else:
        year, month0 = divmod(published.year * 12 + published.month - 1 + step, 12)
        first = _make_date(year, month0 + 1, 1)
        last = _month_end(year, month0 + 1) if first is not None else None
    if first is None or last is None:
        return None
    if mod == "earlier":
        last = published
    elif mod == "later":
        first = published
    return _span(text, m.start(), m.end(), first, last, 3, True)


def _on_month(m: re.Match[str], published: datetime.date | None, text: str) -> DateSpan | None:
    cue, mod, year_text = _norm(m.group("cue")), m.group("mod"), m.group("y")
    if not (cue or mod or year_text) or not _capitalised(m.group("m")):
        return None
    month = _month_of(m.group("m"))
    if month == 5 and year_text is None and (
        cue in ("by", "before", "after", "from", "until", "till", "through")
        or _MAY_AS_NAME.match(text, m.end())
    ):
        return None  # "said by May", "May's government", "since May took office"
    since = cue == "since"
    relative = year_text is None
    if year_text is not None:
        year: int | None = int(year_text)
    elif published is None:
        year = None
    elif cue == "last":
        year = published.year if month < published.month else published.year - 1
    elif cue == "this":
        year = published.year
    elif cue == "next":
        year = published.year if month > published.month else published.year + 1
    else:
        limit = published + _SLACK
        year = limit.year if month <= limit.month else limit.year - 1
    if year is None:
        return _span(text, m.start(), m.end(), None, None, 3, True, since)
    first = _make_date(year, month, 1)
    if first is None:
        return None
    last = _month_end(year, month)
    if since:
        last, used = _since_end(first, last, published)
        relative = relative or used
    return _span(text, m.start(), m.end(), first, last, 3, relative, since)


def _on_year(m: re.Match[str], published: datetime.date | None, text: str) -> DateSpan | None:
    cue = _norm(m.group("cue"))
    if not (cue or m.group("mod")):
        return None
    first_year = int(m.group("y1"))
    last_year = int(m.group("y2")) if m.group("y2") else first_year
    if last_year < first_year:
        return None
    first = datetime.date(first_year, 1, 1)
    last = datetime.date(last_year, 12, 31)
    since = cue == "since" and m.group("y2") is None
    relative = False
    if since:
        last, relative = _since_end(first, last, published)
    return _span(text, m.start(), m.end(), first, last, 3, relative, since)


# Anchors: every match of the pattern beside it contains one, within _BEFORE characters of the
# match's start (only optional cue words come first; a run of 100 spaces inside a date is not
# a date we need). The patterns are then tried only
# around their anchors instead of at every position of the text, which gives the same matches
# (find_dates is checked against a plain scan in tests/test_dates.py) several times faster.
_MONTH_ANCHOR = re.compile(r"\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)", re.I)
_WEEKDAY_ANCHOR = re.compile(r"\b(?:mon|tues|wednes|thurs|fri|satur|sun)day", re.I)
_YEAR_ANCHOR = re.compile(r"(?<![0-9])(?:19[0-9][0-9]|20[0-9][0-9]|2100)(?![0-9])")
_ISO_ANCHOR = re.compile(r"[0-9]{4}[-/.][0-9]")
_DAYWORD_ANCHOR = re.compile(r"day|tomorrow|night|morning|afternoon|evening", re.I)
_AGO_ANCHOR = re.compile(r"ago", re.I)
_PAST_ANCHOR = re.compile(r"past|last|previous", re.I)
_RECENT_ANCHOR = re.compile(r"recent", re.I)
_WEEK_ANCHOR = re.compile(r"week", re.I)
_PERIOD_ANCHOR = re.compile(r"month|year", re.I)
_BEFORE = 120  # the longest cue before an anchor ("in the early hours of Monday", "between 26 -")
_AFTER = 400  # the longest rest of a match after its anchor

_PATTERNS: tuple[tuple[re.Pattern[str], _Handler, re.Pattern[str] | None], ...] = (
    (_ISO_RE, _on_iso, _ISO_ANCHOR),
    (_MDY_RE, _on_mdy, _MONTH_ANCHOR),
    (_DMY_RE, _on_dmy, _MONTH_ANCHOR),
    (_WEEKDAY_PATTERN, _on_weekday, _WEEKDAY_ANCHOR),
    (_DAYWORD_RE, _on_dayword, _DAYWORD_ANCHOR),
    (_AGO_RE, _on_ago, _AGO_ANCHOR),
    (_PAST_RE, _on_past, _PAST_ANCHOR),
    (_RECENT_RE, _on_recent, _RECENT_ANCHOR),
    (_WEEK_RE, _on_week, _WEEK_ANCHOR),
    (_PERIOD_RE, _on_period, _PERIOD_ANCHOR),
    (_MONTH_PATTERN, _on_month, _MONTH_ANCHOR),
    (_YEAR_PATTERN, _on_year, _YEAR_ANCHOR),
)


# Finding the anchors fast. Patterns compiled with re.I try every position of the text (the
# regex engine only skips ahead by a first character when the case is fixed), and those
# starting with \b too. Their twins below run case-sensitive on ``text.lower()`` without the
# leading \b, which lets the engine jump between candidate first letters; the \b is then
# checked on the original text. Same matches, because
# * lower() keeps every offset and a character matches an ASCII letter under re.I exactly when
#   its lower case is that letter, except the few in FOLD_ODD (then the re.I anchors run);
# * the anchors with \b are letters only: a twin match that fails the \b check lies inside a
#   word, so no position it covers could start an anchor either (each would follow a letter).
_LOWER_TWINS: dict[re.Pattern[str], tuple[re.Pattern[str], bool, tuple[str, ...]]] = {
    # anchor: (twin, whether the anchor starts with \b, words one of which every match holds)
    _MONTH_ANCHOR: (re.compile(r"jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec"), True,
                    ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct",
                     "nov", "dec")),
    _WEEKDAY_ANCHOR: (re.compile(r"(?:mon|tues|wednes|thurs|fri|satur|sun)day"), True, ("day",)),
    _DAYWORD_ANCHOR: (re.compile(r"day|tomorrow|night|morning|afternoon|evening"), False,
                      ("day", "tomorrow", "night", "morning", "afternoon", "evening")),
    _AGO_ANCHOR: (re.compile(r"ago"), False, ("ago",)),
    _PAST_ANCHOR: (re.compile(r"past|last|previous"), False, ("past", "last", "previous")),
    _RECENT_ANCHOR: (re.compile(r"recent"), False, ("recent",)),
    _WEEK_ANCHOR: (re.compile(r"week"), False, ("week",)),
    _PERIOD_ANCHOR: (re.compile(r"month|year"), False, ("month", "year")),
}
# The words each twin is an alternation of (none is the start of another, so at most one
# matches at a position): the twin's matches are found with str.find (see _word_spans).
_TWIN_WORDS: dict[re.Pattern[str], tuple[str, ...]] = {
    anchor: words for anchor, (_, _, words) in _LOWER_TWINS.items()
    if anchor is not _WEEKDAY_ANCHOR
}
_TWIN_WORDS[_WEEKDAY_ANCHOR] = ("monday", "tuesday", "wednesday", "thursday", "friday",
                                "saturday", "sunday")
# _ISO_ANCHOR opening with one character class: the engine skips to the digits (a pattern
# opening with a repeat is tried at every position).
_ISO_TWIN = re.compile(r"[0-9][0-9]{3}[-/.][0-9]")
# _YEAR_ANCHOR with its leading lookbehind checked afterwards (a leading lookbehind, like \b,
# keeps the engine from skipping ahead). A rejected match is preceded by a digit and made of
# digits, so no position it covers could start a year either.
_YEAR_TWIN = re.compile(r"(?:19[0-9][0-9]|20[0-9][0-9]|2100)(?![0-9])")


def _anchor_spans(anchor: re.Pattern[str], text: str, low: str | None) -> list[tuple[int, int]]:
    """``[m.span() for m in anchor.finditer(text)]``, faster.

    ``low`` is ``text.lower()``, or None when ``text`` holds a character of FOLD_ODD.
    """
    if anchor is _YEAR_ANCHOR:
        return [m.span() for m in _YEAR_TWIN.finditer(text)
                if m.start() == 0 or not "0" <= text[m.start() - 1] <= "9"]
    if anchor is _ISO_ANCHOR:
        return [m.span() for m in _ISO_TWIN.finditer(text)]
    twin = _LOWER_TWINS.get(anchor)
    if twin is None or low is None:
        return [m.span() for m in anchor.finditer(text)]
    _, word_start, words = twin
    for word in words:
        if word in low:
            break
    else:
        return []  # no word of the anchor: no match (str.find is much cheaper than a scan)
    spans = _word_spans(low, _TWIN_WORDS[anchor])
    if not word_start:
        return spans
    out = []
    for span in spans:
        s = span[0]
        if s:
            c = text[s - 1]
            if c.isalnum() or c == "_":  # what \w is for str patterns
                continue
        out.append(span)
    return out


def _word_spans(low: str, words: tuple[str, ...]) -> list[tuple[int, int]]:
    """The spans of ``re.finditer("|".join(words), low)``, found with str.find.

    None of ``words`` starts another, so at most one matches at a position, and the scan
    takes the first occurrence that starts where the last one taken ended or later. str.find
    skips through a text much faster than the regex engine, which tries each position whose
    character opens a word.
    """
    found = []
    for word in words:
        at = low.find(word)
        while at >= 0:
            found.append((at, at + len(word)))
            at = low.find(word, at + 1)
    if len(found) > 1:
        found.sort()
        out = []
        end = 0
        for span in found:
            if span[0] >= end:
                out.append(span)
                end = span[1]
        return out
    return found


def _lowered(text: str) -> str | None:
    """``text.lower()`` for :func:`_anchor_spans`, None when the twins cannot be used."""
    # FOLD_ODD_RE.search(text), faster: str.find skips through a text at memory speed where
    # the regex engine tests every character (a Latin-1 text cannot hold them at all)
    if not text.isascii() and any(c in text for c in FOLD_ODD):
        return None
    return text.lower()


_SPACES = " \t\n\r\f\v\u00a0\u202f"  # what _SP is made of (and the end of the text)

# A month token of a date: the month (full or short) at an ASCII word start, as the three
# month patterns read it; day-month-year dates need no more, month-day dates a day number
# after it and bare months the full name.
_MONTH_TOKEN = re.compile(_MONTH_ANY_RE, _FLAGS)
_MDY_TOKEN = re.compile(rf"{_MONTH_ANY_RE}{_SP}[0-9]", _FLAGS)
_FULL_MONTH_TOKEN = re.compile(_MONTH_FULL_RE, _FLAGS)
_DIGIT = re.compile(r"[0-9]")

#: Says whether a match of a pattern may start in ``text[lo:at + 1]``; False skips the search.
_MayStart = Callable[[int, int], bool]


def _month_anchors(text: str, low: str
                   ) -> tuple[list[tuple[int, int]], dict[re.Pattern[str], _MayStart]]:
    """The spans of _MONTH_ANCHOR, and cheap tests that rule out most of its searches.

    Most month anchors are no date ("may", "market", "decided"), and searching the window
    around each costs the most of find_dates. A match of the month-day, day-month or month
    pattern starting at or before an anchor holds a month token at or before the anchor (the
    anchor is one of its months or lies after it: no other word of these patterns starts like
    a month), and a day-month date a digit before its month. Without such tokens between the
    window's start and the anchor, no match starts there: the search would find none.
    """
    spans: list[tuple[int, int]] = []
    tokens: list[int] = []
    for span in _word_spans(low, _TWIN_WORDS[_MONTH_ANCHOR]):
        q = span[0]
        c = text[q - 1] if q else " "
        if not (c.isalnum() or c == "_"):  # Unicode \b: the anchor
            spans.append(span)
        if not (c.isascii() and (c.isalnum() or c == "_")):
            tokens.append(q)  # ASCII \b: where the patterns may read a month
    if not spans:
        return spans, {}  # no anchor: the month patterns are not tried at all
    mdy = [q for q in tokens if _MDY_TOKEN.match(text, q)]
    month = [q for q in tokens if _FULL_MONTH_TOKEN.match(text, q)]
    dmy = [q for q in tokens if _MONTH_TOKEN.match(text, q)]

    def mdy_may(lo: int, at: int) -> bool:
        i = bisect_left(mdy, lo)
        return i < len(mdy) and mdy[i] <= at

    def month_may(lo: int, at: int) -> bool:
        i = bisect_left(month, lo)
        return i < len(month) and month[i] <= at

    def dmy_may(lo: int, at: int) -> bool:
        i = bisect_right(dmy, at) - 1  # the last month token up to the anchor
        return i >= 0 and dmy[i] >= lo and _DIGIT.search(text, lo, dmy[i]) is not None

    return spans, {_MDY_RE: mdy_may, _DMY_RE: dmy_may, _MONTH_PATTERN: month_may}


def _dayword_may_start(text: str, low: str, spans: list[tuple[int, int]]) -> _MayStart:
    """A test that rules out most searches of the day-word pattern (see _month_anchors).

    Each of its matches holds, at or before any later anchor, an anchor that is not a bare
    "day" inside a word: "tomorrow", "night", "morning"... , the "day" of "today" or
    "yesterday", or "day" as a word followed by a space ("the day before yesterday"). Most
    "day" anchors are weekdays and "days", which alone never start a match.
    """
    valid = []
    for h, _ in spans:
        if low.startswith("day", h):
            c = text[h - 1] if h else " "
            word = not (c.isascii() and (c.isalnum() or c == "_")) and low[h + 3: h + 4] in _SPACES
            if not (word or (h >= 2 and low.startswith("to", h - 2))
                    or (h >= 6 and low.startswith("yester", h - 6))):
                continue
        valid.append(h)

    def may(lo: int, at: int) -> bool:
        i = bisect_left(valid, lo)
        return i < len(valid) and valid[i] <= at

    return may


def _matches(pattern: re.Pattern[str], anchor: re.Pattern[str] | None,
             text: str, spans: list[tuple[int, int]] | None = None,
             may_start: _MayStart | None = None) -> Iterator[re.Match[str]]:
    """``pattern.finditer(text)``, tried only near the matches of ``anchor``.

    ``spans`` are those matches when already known (``_anchor_spans``); ``may_start`` rules
    out windows where no match can start (``_month_anchors``, ``_dayword_may_start``).
    """
    if anchor is None:
        yield from pattern.finditer(text)
        return
    if spans is None:
        spans = _anchor_spans(anchor, text, _lowered(text))
    yield from _AnchoredScan(pattern, text, spans, may_start).upto(len(text) + _BEFORE)


class _AnchoredScan:
    """The scan of :func:`_matches`, run in steps from the start of the text.

    Its matches come in the order of their starts, and the match found from an anchor
    starts at most _BEFORE characters before it: after the anchors up to ``limit +
    _BEFORE``, every match starting before ``limit`` is known.
    """

    def __init__(self, pattern: re.Pattern[str], text: str, spans: list[tuple[int, int]],
                 may_start: _MayStart | None) -> None:
        self.pattern = pattern
        self.text = text
        self.spans = spans
        self.may_start = may_start
        self.k = 0  # the next anchor
        self.pos = 0  # where the last match ended

    def upto(self, limit: int) -> list[re.Match[str]]:
        """The next matches, from the anchors starting before ``limit + _BEFORE``."""
        out: list[re.Match[str]] = []
        text, spans, may_start = self.text, self.spans, self.may_start
        pos, k = self.pos, self.k
        n = len(text)
        search, match = self.pattern.search, self.pattern.match
        stop = limit + _BEFORE
        while k < len(spans):
            a_start, a_end = spans[k]
            if a_start >= stop:
                break
            k += 1
            if a_start < pos:
                continue
            lo = max(pos, a_start - _BEFORE)
            if may_start is not None and not may_start(lo, a_start):
                continue  # the search below would find no match up to this anchor
            while True:
                m = search(text, lo, min(n, a_end + _AFTER))
                if m is None or m.start() > a_start:
                    break  # a match that starts after this anchor is found from a later one
                # the window cut the text: match again at the same place in the whole text
                full = match(text, m.start())
                if full is None or full.end() == full.start():
                    lo = m.start() + 1
                    continue
                out.append(full)
                pos = full.end()
                break
        self.pos, self.k = pos, k
        return out


# -------------------------------------------------------------------------- public API


def parse_iso_date(value: str) -> datetime.date:
    """Parse an ISO 8601 date or datetime into a date.

    Parameters
    ----------
    value : str
        ``YYYY-MM-DD`` or a full ISO 8601 datetime, with ``Z`` or a UTC offset. The date
        is taken as written (local to the offset), not converted to UTC.

    Returns
    -------
    datetime.date

    Raises
    ------
    InputError
        (a ``ValueError``) when ``value`` is not an ISO 8601 date string.

    Examples
    --------
    >>> parse_iso_date("2021-05-20T23:30:00-05:00")
    datetime.date(2021, 5, 20)
    """
    if not isinstance(value, str):
        raise InputError(
            f"expected an ISO 8601 date string such as '2021-05-20', got {value!r} "
            f"of type {type(value).__name__}"
        )
    try:
        return datetime.datetime.fromisoformat(value.strip()).date()
    except ValueError:
        raise InputError(
            f"{value!r} is not an ISO 8601 date; expected 'YYYY-MM-DD' or a datetime "
            "such as '2021-05-20T14:30:00Z' or '2021-05-20T14:30:00+02:00'"
        ) from None


def _header_date(text: str) -> Published | None:
    head = "\n".join(text[:_HEAD_CHARS].splitlines()[:_HEAD_LINES])
    # _HEADER_RE.finditer(head), tried only at the starts of lines (its ^ matches nowhere
    # else; the engine would try every position): a match may run over a line break, and the
    # next one starts after it
    at = 0  # a line start
    resume = 0  # where finditer goes on after the last match
    while True:
        if at >= resume:
            m = _HEADER_RE.match(head, at)
            if m is not None:
                day = _full_date(m, day_first=False)
                if day is not None:
                    return Published(day, "header", m.group(0).strip())
                resume = m.end()
        at = head.find("\n", at) + 1
        if not at:
            return None


def _has_agency(line: str) -> bool:
    """``_AGENCY_RE.search(line) is not None``, faster.

    Each match starts with "(" or is "©": the pattern is tried only at the "(" str.find
    gives (the regex engine tests every character).
    """
    if "\u00a9" in line:
        return True
    at = line.find("(")
    while at >= 0:
        if _AGENCY_RE.match(line, at) is not None:
            return True
        at = line.find("(", at + 1)
    return False


def _dateline_date(text: str) -> Published | None:
    lines = [line for line in text[-_TAIL_CHARS:].splitlines() if line.strip()]
    for line in reversed(lines[-_TAIL_LINES:]):
        m = _DATELINE_START_RE.match(line)
        # every form of _FULL_DATE_RE holds a year of four digits
        if m is None and _has_agency(line) and _FOUR_DIGITS.search(line):
            m = _FULL_DATE_RE.search(line)
        if m is not None:
            day = _full_date(m, day_first=True)
            if day is not None:
                return Published(day, "dateline", line.strip())
    return None


def _snowflake_date(status_id: int) -> datetime.date | None:
    if status_id < _SNOWFLAKE_MIN:
        return None
    ms = (status_id >> 22) + _TWITTER_EPOCH_MS
    try:
        day = (datetime.datetime(1970, 1, 1) + datetime.timedelta(milliseconds=ms)).date()
    except OverflowError:
        return None
    return day if _MIN_YEAR <= day.year <= _MAX_YEAR else None


def _status_date(text: str) -> Published | None:
    best: Published | None = None
    # every match holds "://" four or five characters after its start: none starts before
    # the first one's (_STATUS_RE, with IGNORECASE, is tried at every position; str.find
    # skips through the text much faster)
    first = text.find("://")
    if first < 0:
        return None
    for m in _STATUS_RE.finditer(text, max(0, first - 5)):
        day = _snowflake_date(int(m.group("id")))
        if day is not None and (best is None or day > best.date):
            best = Published(day, "status-url", m.group(0))
    return best


def publication_date(
    text: str, *, given: str | datetime.date | datetime.datetime | None = None
) -> Published | None:
    """Find the publication date of an article.

    Parameters
    ----------
    text : str
        The article text.
    given : str, datetime.date, datetime.datetime or None, default None
        Publication date from metadata; wins when given. A string must be ISO 8601; a
        blank string counts as not given.

    Returns
    -------
    Published or None
        From, in order: ``given`` (``"metadata"``), a header line in the first lines
        (``"header"``), an agency dateline in the last lines (``"dateline"``, numeric
        dates day-first when ambiguous), the latest tweet/status URL (``"status-url"``).
        ``None`` when none gives a date between 1900 and 2100.

    Raises
    ------
    InputError
        When ``given`` is a string that is not ISO 8601, or of another type.

    Examples
    --------
    >>> publication_date("Date: 2021-05-20\\nGaza City ...")
    Published(date=datetime.date(2021, 5, 20), source='header', text='Date: 2021-05-20')
    """
    if given is not None:
        if isinstance(given, datetime.datetime):
            return Published(given.date(), "metadata")
        if isinstance(given, datetime.date):
            return Published(given, "metadata")
        if not isinstance(given, str):
            raise InputError(
                f"given must be an ISO 8601 string, a date or a datetime, got {given!r} "
                f"of type {type(given).__name__}"
            )
        if given.strip():
            return Published(parse_iso_date(given), "metadata")
    return _header_date(text) or _dateline_date(text) or _status_date(text)


class _DateFinder:
    """:func:`find_dates` read from the start of the text only as far as asked.

    ``upto(end)`` gives the dates of ``find_dates(text, published)`` that end by a cut at
    or after ``end``, and the cut: a position no date candidate (a handler's span, before
    the overlaps are settled) runs over. The overlaps are settled longest first; a span
    ending by the cut can only overlap spans starting before it, which end by it too, so
    settling the candidates that start before the cut chooses among them just as settling
    all of them does (tests/test_dates.py compares with find_dates).
    """

    def __init__(self, text: str, published: datetime.date | None) -> None:
        if isinstance(published, datetime.datetime):
            published = published.date()
        self.text = text
        self.published = published
        self._scans: list[tuple[int, _Handler, _AnchoredScan]] | None = None
        self._found: list[tuple[int, int, int, DateSpan]] = []
        self._cut = -1
        self._chosen: list[DateSpan] = []

    def _start(self) -> list[tuple[int, _Handler, _AnchoredScan]]:
        # the set-up of find_dates: each pattern's anchors and skip tests
        text = self.text
        scans: list[tuple[int, _Handler, _AnchoredScan]] = []
        low = _lowered(text)
        anchor_spans: dict[re.Pattern[str], list[tuple[int, int]]] = {}
        may_start: dict[re.Pattern[str], _MayStart] = {}
        if low is not None:
            anchor_spans[_MONTH_ANCHOR], may_start = _month_anchors(text, low)
        for priority, (pattern, handler, anchor) in enumerate(_PATTERNS):
            assert anchor is not None  # noqa: S101 - every pattern has one
            spans = anchor_spans.get(anchor)
            if spans is None:
                spans = anchor_spans[anchor] = _anchor_spans(anchor, text, low)
            if not spans:
                continue
            if anchor is _DAYWORD_ANCHOR and low is not None:
                may_start[pattern] = _dayword_may_start(text, low, spans)
            scans.append((priority, handler, _AnchoredScan(pattern, text, spans,
                                                           may_start.get(pattern))))
        return scans

    def upto(self, end: int) -> tuple[list[DateSpan], int]:
        """The dates (sorted, as find_dates gives them) ending by the cut, and the cut."""
        if end <= self._cut:
            return self._chosen, self._cut
        if self._scans is None:
            self._scans = self._start()
        text, published, found = self.text, self.published, self._found
        cut = end
        while True:
            for priority, handler, scan in self._scans:
                for m in scan.upto(cut):
                    try:
                        span = handler(m, published, text)
                    except (ValueError, OverflowError):
                        continue
                    if span is not None and span.end > span.start:
                        found.append((span.start - span.end, span.start, priority, span))
            # every candidate starting before the cut is known: one running over it moves it
            over = max((f[3].end for f in found if f[1] < cut), default=cut)
            if over <= cut:
                break
            cut = over
        found.sort(key=lambda item: item[:3])
        taken = bytearray(cut)
        chosen: list[DateSpan] = []
        for _, start, _, span in found:
            if start < cut and not any(taken[start: span.end]):
                taken[start: span.end] = b"\x01" * (span.end - start)
                if span.precision:
                    chosen.append(span)
        chosen.sort(key=lambda x: x.start)
        self._chosen, self._cut = chosen, cut
        return chosen, cut


def find_dates(text: str, published: datetime.date | None) -> list[DateSpan]:
    """Find date expressions in a text and resolve them against the publication date.

    Parameters
    ----------
    text : str
        The article text.
    published : datetime.date or None
        Publication date; relative expressions get ``None`` dates without it.

    Returns
    -------
    list of DateSpan
        Sorted by ``start`` and non-overlapping; where expressions overlap the longest
        wins. See the module docstring for the windows of vague expressions.

    Examples
    --------
    >>> [s.date_start for s in find_dates("on Tuesday", datetime.date(2023, 2, 2))]
    [datetime.date(2023, 1, 31)]
    """
    if isinstance(published, datetime.datetime):
        published = published.date()
    found: list[tuple[int, int, int, DateSpan]] = []
    low = _lowered(text)
    anchor_spans: dict[re.Pattern[str], list[tuple[int, int]]] = {}  # month: three patterns
    may_start: dict[re.Pattern[str], _MayStart] = {}
    if low is not None:
        anchor_spans[_MONTH_ANCHOR], may_start = _month_anchors(text, low)
    for priority, (pattern, handler, anchor) in enumerate(_PATTERNS):
        spans = None
        if anchor is not None:
            spans = anchor_spans.get(anchor)
            if spans is None:
                spans = anchor_spans[anchor] = _anchor_spans(anchor, text, low)
            if not spans:
                continue  # no anchor, no match
            if anchor is _DAYWORD_ANCHOR and low is not None:
                may_start[pattern] = _dayword_may_start(text, low, spans)
        for m in _matches(pattern, anchor, text, spans, may_start.get(pattern)):
            try:
                span = handler(m, published, text)
            except (ValueError, OverflowError):  # dates beyond datetime's range
                continue
            if span is not None and span.end > span.start:
                found.append((span.start - span.end, span.start, priority, span))
    found.sort(key=lambda item: item[:3])
    taken = bytearray(len(text))
    chosen: list[DateSpan] = []
    for _, _, _, span in found:
        if not any(taken[span.start : span.end]):
            taken[span.start : span.end] = b"\x01" * (span.end - span.start)
            if span.precision:
                chosen.append(span)
    chosen.sort(key=lambda s: s.start)
    return chosen
