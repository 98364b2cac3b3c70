from __future__ import annotations

import dataclasses
import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from geoevents import _dates
from geoevents._dates import (
    DateSpan,
    Published,
    find_dates,
    parse_iso_date,
    publication_date,
)
from geoevents._exceptions import InputError

D = dt.date
THU_2023_02_02 = D(2023, 2, 2)  # a Thursday
TUE_2021_05_11 = D(2021, 5, 11)  # a Tuesday
THU_2021_05_20 = D(2021, 5, 20)  # a Thursday


def only(text: str, published: dt.date | None) -> DateSpan:
    spans = find_dates(text, published)
    assert len(spans) == 1, spans
    return spans[0]


# ------------------------------------------------------------------ find_dates: resolved


@pytest.mark.parametrize(
    ("text", "published", "expected", "start", "end", "precision", "since"),
    [
        # weekdays: on or before the publication date
        ("on Tuesday", THU_2023_02_02, "on Tuesday", D(2023, 1, 31), None, 1, False),
        ("Tuesday", THU_2023_02_02, "Tuesday", D(2023, 1, 31), None, 1, False),
        ("on Monday night", THU_2023_02_02, "on Monday night", D(2023, 1, 30), None, 1, False),
        ("Monday evening", THU_2023_02_02, "Monday evening", D(2023, 1, 30), None, 1, False),
        ("at dusk on Wednesday", THU_2023_02_02, "at dusk on Wednesday", D(2023, 2, 1), None,
         1, False),
        ("before dawn on Thursday", THU_2023_02_02, "before dawn on Thursday",
         D(2023, 2, 2), None, 1, False),
        ("Tuesday afternoon", THU_2023_02_02, "Tuesday afternoon", D(2023, 1, 31), None, 1,
         False),
        ("on Saturday evening", THU_2023_02_02, "on Saturday evening", D(2023, 1, 28), None, 1,
         False),
        ("in the early hours of Monday", THU_2023_02_02, "in the early hours of Monday",
         D(2023, 1, 30), None, 1, False),
        ("last Thursday", THU_2023_02_02, "last Thursday", D(2023, 1, 26), None, 1, False),
        # since + weekday
        ("since Monday night", TUE_2021_05_11, "since Monday night", D(2021, 5, 10),
         D(2021, 5, 11), 2, True),
        ("since Monday", THU_2023_02_02, "since Monday", D(2023, 1, 30), D(2023, 2, 2), 2,
         True),
        ("since Tuesday", TUE_2021_05_11, "since Tuesday", D(2021, 5, 11), None, 1, True),
        # day words
        ("yesterday", THU_2023_02_02, "yesterday", D(2023, 2, 1), None, 1, False),
        ("yesterday morning", THU_2023_02_02, "yesterday morning", D(2023, 2, 1), None, 1,
         False),
        ("today", THU_2023_02_02, "today", D(2023, 2, 2), None, 1, False),
        ("earlier today", THU_2023_02_02, "earlier today", D(2023, 2, 2), None, 1, False),
        ("this morning", THU_2023_02_02, "this morning", D(2023, 2, 2), None, 1, False),
        ("last night", THU_2023_02_02, "last night", D(2023, 2, 1), None, 1, False),
        ("overnight", THU_2023_02_02, "overnight", D(2023, 2, 1), D(2023, 2, 2), 1, False),
        ("three days ago", THU_2023_02_02, "three days ago", D(2023, 1, 30), None, 1, False),
        ("in the past 24 hours", THU_2023_02_02, "in the past 24 hours", D(2023, 2, 1),
         D(2023, 2, 2), 1, False),
        # explicit days
        ("Wednesday, May 19", THU_2021_05_20, "Wednesday, May 19", D(2021, 5, 19), None, 1,
         False),
        ("May 19", THU_2021_05_20, "May 19", D(2021, 5, 19), None, 1, False),
        ("19 May", THU_2021_05_20, "19 May", D(2021, 5, 19), None, 1, False),
        ("the 19th of May", THU_2021_05_20, "the 19th of May", D(2021, 5, 19), None, 1, False),
        ("January 26", THU_2023_02_02, "January 26", D(2023, 1, 26), None, 1, False),
        ("Jan. 26", THU_2023_02_02, "Jan. 26", D(2023, 1, 26), None, 1, False),
        ("December 30", THU_2023_02_02, "December 30", D(2022, 12, 30), None, 1, False),
        ("February 4", THU_2023_02_02, "February 4", D(2023, 2, 4), None, 1, False),  # slack
        ("February 5", THU_2023_02_02, "February 5", D(2022, 2, 5), None, 1, False),
        ("May 19, 2021", THU_2023_02_02, "May 19, 2021", D(2021, 5, 19), None, 1, False),
        ("19 May 2021", THU_2023_02_02, "19 May 2021", D(2021, 5, 19), None, 1, False),
        ("2021-05-19", THU_2023_02_02, "2021-05-19", D(2021, 5, 19), None, 1, False),
        ("On the night of January 26 to 27", THU_2023_02_02, "On the night of January 26 to 27",
         D(2023, 1, 26), D(2023, 1, 27), 1, False),
        ("the night of 26 to 27 January", THU_2023_02_02, "the night of 26 to 27 January",
         D(2023, 1, 26), D(2023, 1, 27), 1, False),
        ("between January 26 and 28", THU_2023_02_02, "between January 26 and 28",
         D(2023, 1, 26), D(2023, 1, 28), 2, False),
        ("January 26-27", THU_2023_02_02, "January 26-27", D(2023, 1, 26), D(2023, 1, 27), 2,
         False),
        ("26\u201327 January", THU_2023_02_02, "26\u201327 January", D(2023, 1, 26),
         D(2023, 1, 27), 2, False),
        ("December 30 to January 2", THU_2023_02_02, "December 30 to January 2",
         D(2022, 12, 30), D(2023, 1, 2), 2, False),
        ("since January 30", THU_2023_02_02, "since January 30", D(2023, 1, 30),
         D(2023, 2, 2), 2, True),
        # months
        ("in May", THU_2021_05_20, "in May", D(2021, 5, 1), D(2021, 5, 31), 3, False),
        ("in June", THU_2021_05_20, "in June", D(2020, 6, 1), D(2020, 6, 30), 3, False),
        ("in May 2021", THU_2023_02_02, "in May 2021", D(2021, 5, 1), D(2021, 5, 31), 3,
         False),
        ("mid-May", THU_2021_05_20, "mid-May", D(2021, 5, 1), D(2021, 5, 31), 3, False),
        ("last May", THU_2021_05_20, "last May", D(2020, 5, 1), D(2020, 5, 31), 3, False),
        ("since March", THU_2021_05_20, "since March", D(2021, 3, 1), D(2021, 5, 20), 3, True),
        ("last month", THU_2023_02_02, "last month", D(2023, 1, 1), D(2023, 1, 31), 3, False),
        ("last month", D(2023, 1, 15), "last month", D(2022, 12, 1), D(2022, 12, 31), 3, False),
        ("earlier this month", THU_2023_02_02, "earlier this month", D(2023, 2, 1),
         D(2023, 2, 2), 3, False),
        ("this month", THU_2023_02_02, "this month", D(2023, 2, 1), D(2023, 2, 28), 3, False),
        # years
        ("in 2022", THU_2023_02_02, "in 2022", D(2022, 1, 1), D(2022, 12, 31), 3, False),
        ("during 2022", THU_2023_02_02, "during 2022", D(2022, 1, 1), D(2022, 12, 31), 3,
         False),
        ("the year 2022", THU_2023_02_02, "the year 2022", D(2022, 1, 1), D(2022, 12, 31), 3,
         False),
        ("since 2007", THU_2023_02_02, "since 2007", D(2007, 1, 1), D(2023, 2, 2), 3, True),
        ("between 2007 and 2010", THU_2023_02_02, "between 2007 and 2010", D(2007, 1, 1),
         D(2010, 12, 31), 3, False),
        ("last year", THU_2023_02_02, "last year", D(2022, 1, 1), D(2022, 12, 31), 3, False),
        # weeks and vague windows
        ("last week", THU_2023_02_02, "last week", D(2023, 1, 26), D(2023, 2, 1), 2, False),
        ("this week", THU_2023_02_02, "this week", D(2023, 1, 30), D(2023, 2, 2), 2, False),
        ("earlier this week", THU_2023_02_02, "earlier this week", D(2023, 1, 30),
         D(2023, 2, 1), 2, False),
        ("in recent days", THU_2023_02_02, "in recent days", D(2023, 1, 26), D(2023, 2, 2), 2,
         False),
        ("over the past few days", THU_2023_02_02, "over the past few days", D(2023, 1, 26),
         D(2023, 2, 2), 2, False),
        ("over the weekend", THU_2023_02_02, "over the weekend", D(2023, 1, 28),
         D(2023, 1, 29), 2, False),
    ],
)
def test_find_dates_resolves(
    text: str,
    published: dt.date,
    expected: str,
    start: dt.date,
    end: dt.date | None,
    precision: int,
    since: bool,
) -> None:
    span = only(f"Reports said that {text}, witnesses said.", published)
    assert span.text == expected
    assert (span.date_start, span.date_end) == (start, end or start)
    assert span.precision == precision
    assert span.since is since


@pytest.mark.parametrize(
    ("text", "relative"),
    [
        ("on Tuesday", True),
        ("yesterday", True),
        ("May 19", True),  # the year comes from the publication date
        ("May 19, 2021", False),
        ("2021-05-19", False),
        ("in 2022", False),
        ("in May 2021", False),
        ("since 2007", True),  # ends at the publication date
    ],
)
def test_relative_flag(text: str, relative: bool) -> None:
    assert only(text, THU_2023_02_02).relative is relative


def test_offsets_and_order_in_a_paragraph() -> None:
    text = (
        "GAZA CITY - Israeli jets struck on Tuesday and again at dusk on Wednesday, "
        "after clashes that began on the night of January 26 to 27. "
        "More than 200 people have been killed during 2022, officials said yesterday."
    )
    spans = find_dates(text, THU_2023_02_02)
    assert [s.text for s in spans] == [
        "on Tuesday",
        "at dusk on Wednesday",
        "on the night of January 26 to 27",
        "during 2022",
        "yesterday",
    ]
    for span in spans:
        assert text[span.start : span.end] == span.text
    assert [s.start for s in spans] == sorted(s.start for s in spans)


def test_longest_wins() -> None:
    (span,) = find_dates("on Wednesday, May 19 the army", THU_2021_05_20)
    assert span.text == "on Wednesday, May 19"
    (span,) = find_dates("Monday overnight", THU_2023_02_02)
    assert span.text == "Monday overnight"


# ------------------------------------------------------------- find_dates: without date


@pytest.mark.parametrize(
    "text", ["on Tuesday", "since Monday", "yesterday", "May 19", "in May", "last week"]
)
def test_relative_expressions_without_publication_date(text: str) -> None:
    span = only(text, None)
    assert span.date_start is None and span.date_end is None
    assert span.relative


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("May 19, 2021", D(2021, 5, 19), D(2021, 5, 19)),
        ("during 2022", D(2022, 1, 1), D(2022, 12, 31)),
        ("since 2007", D(2007, 1, 1), D(2007, 12, 31)),
        ("in May 2021", D(2021, 5, 1), D(2021, 5, 31)),
    ],
)
def test_explicit_dates_without_publication_date(text: str, start: D, end: D) -> None:
    span = only(text, None)
    assert (span.date_start, span.date_end) == (start, end)


# --------------------------------------------------------------- find_dates: not dates


@pytest.mark.parametrize(
    "text",
    [
        "Theresa May said the talks would continue.",
        "The deal may be signed soon.",
        "May's government fell.",
        "He met May and her advisers.",
        "Thousands of protesters march through the city.",
        "The March of Return drew crowds.",
        "Strikes killed 235 people.",
        "About 2,000 people fled.",
        "In 2000 people fled.",
        "from 2000 to 3000 people",
        "Rockets were fired at 2:30 a.m. and again at 1500 GMT.",
        "The curfew runs until 2000 GMT, and by 1900 hours the streets were empty.",
        "February 30",
        "30 February 2022",
        "2021-13-01",
        "the number 1999",
    ],
)
def test_not_dates(text: str) -> None:
    assert find_dates(text, THU_2023_02_02) == []


def test_lowercase_and_range_that_is_a_count() -> None:
    (span,) = find_dates("On May 19 and 20 people were killed", THU_2021_05_20)
    assert span.text == "On May 19"
    assert span.date_start == D(2021, 5, 19)


# ------------------------------------------------------------------- publication_date


FIGHTING = " date 2021-05-20 As heavy fighting continues in Gaza, rockets were fired."
AFP_TAIL = (
    "Palestinian militants fired rockets on Wednesday.\n\n"
    "02/02/2023 09:48:03 - Gaza (Palestinian Territories) (AFP) - \u00a9 2023 AFP"
)
TWEET = (
    "Footage posted online https://twitter.com/AbdedaimKarima/status/1392081470529974278 "
    "showed the strike."
)


@pytest.mark.parametrize(
    ("text", "date", "source"),
    [
        (FIGHTING, D(2021, 5, 20), "header"),
        ("Date: 2021-05-20\nGaza City", D(2021, 5, 20), "header"),
        ("Published: May 20, 2021\nGaza City", D(2021, 5, 20), "header"),
        ("Title\npublished 20 May 2021\nGaza City", D(2021, 5, 20), "header"),
        ("Date: 2021-05-20T08:15:00Z\nGaza City", D(2021, 5, 20), "header"),
        (AFP_TAIL, D(2023, 2, 2), "dateline"),
        ("Text.\n\n03/02/2023 09:48:03 - Gaza (AFP)", D(2023, 2, 3), "dateline"),  # day-first
        ("Text.\n\n02/13/2023 09:48 - Gaza (AFP)", D(2023, 2, 13), "dateline"),  # only m/d
        ("Text.\n\nGaza City, May 11, 2021 (AFP)", D(2021, 5, 11), "dateline"),
        ("Text.\n\n11 May 2021 (Reuters)", D(2021, 5, 11), "dateline"),
        (TWEET, D(2021, 5, 11), "status-url"),
        ("see https://x.com/someone/status/1392081470529974278", D(2021, 5, 11), "status-url"),
    ],
)
def test_publication_date_from_text(text: str, date: D, source: str) -> None:
    found = publication_date(text)
    assert found is not None
    assert (found.date, found.source) == (date, source)
    assert found.text and found.text in text


def test_header_text() -> None:
    assert publication_date(FIGHTING) == Published(D(2021, 5, 20), "header", "date 2021-05-20")


def test_latest_status_url_wins() -> None:
    older = "https://twitter.com/a/status/1200000000000000000"  # 2019
    text = f"{older} and {TWEET}"
    found = publication_date(text)
    assert found is not None and found.date == D(2021, 5, 11)


def test_old_status_ids_are_not_snowflakes() -> None:
    assert publication_date("https://twitter.com/jack/status/20") is None


@pytest.mark.parametrize(
    "given",
    ["2020-01-01", "2020-01-01T23:30:00Z", "2020-01-01T23:30:00-05:00", D(2020, 1, 1),
     dt.datetime(2020, 1, 1, 23, 30)],
)
def test_metadata_wins(given: str | dt.date) -> None:
    assert publication_date(FIGHTING, given=given) == Published(D(2020, 1, 1), "metadata")


def test_blank_metadata_falls_back_to_text() -> None:
    found = publication_date(FIGHTING, given="  ")
    assert found is not None and found.source == "header"


def test_bad_metadata_raises_a_clear_error() -> None:
    with pytest.raises(InputError, match=r"'yesterday' is not an ISO 8601 date"):
        publication_date(FIGHTING, given="yesterday")
    with pytest.raises(ValueError, match="of type int"):
        publication_date(FIGHTING, given=20210520)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "text",
    [
        "Gaza City - Rockets were fired on Tuesday.",
        "",
        "Date: 2021-13-01\nGaza",
        "Date: 2021-02-30\nGaza",
        "Date: 1850-01-01\nGaza",
        "Text.\n\n31/02/2023 09:48:03 - Gaza (AFP)",
        "Text.\n\n13/13/2023 09:48:03 - Gaza (AFP)",
        "Date: 05/06/2021\nGaza",  # ambiguous numeric header: not used
    ],
)
def test_no_publication_date(text: str) -> None:
    assert publication_date(text) is None


# ------------------------------------------------------------------- parse_iso_date


@pytest.mark.parametrize(
    ("value", "date"),
    [
        ("2021-05-20", D(2021, 5, 20)),
        (" 2021-05-20 ", D(2021, 5, 20)),
        ("2021-05-20T14:30:00", D(2021, 5, 20)),
        ("2021-05-20T14:30:00Z", D(2021, 5, 20)),
        ("2021-05-20T23:30:00.123-05:00", D(2021, 5, 20)),
        ("2021-05-20 01:00:00+02:00", D(2021, 5, 20)),
    ],
)
def test_parse_iso_date(value: str, date: D) -> None:
    assert parse_iso_date(value) == date


@pytest.mark.parametrize("value", ["", "20 May 2021", "2021-02-30", "2021-05-20T25:00"])
def test_parse_iso_date_errors_name_the_value(value: str) -> None:
    with pytest.raises(ValueError) as info:
        parse_iso_date(value)
    message = str(info.value)
    assert repr(value) in message and "YYYY-MM-DD" in message and "{" not in message


# ---------------------------------------------------------------------------- API


def test_all_names_resolve() -> None:
    for name in _dates.__all__:
        assert getattr(_dates, name) is not None


def test_results_are_frozen() -> None:
    span = only("on Tuesday", THU_2023_02_02)
    with pytest.raises(dataclasses.FrozenInstanceError):
        span.start = 3  # type: ignore[misc]
    assert not hasattr(span, "__dict__")


# ----------------------------------------------------------------------- fuzzing

_FRAGMENTS = [
    "on ", "since ", "the night of ", "between ", "in ", "during ", "last ", "this ",
    "Monday", "Tuesday", " night", "May", "March", "January", " 26", "-", " to ", " and ",
    "27", ", ", "2021", "2022", "19", "yesterday", "overnight", "week", "month", "year",
    "ago", "three days", "02/02/2023", " (AFP)", "\n", "Date: ", "2021-05-20",
    "https://twitter.com/a/status/", "1392081470529974278", "99999999999999999999", " ",
    "\u00a0", "\u2013", "\u00a9", "Feb 30", "mid-", "early ", "0", "31", "32", "9999",
]
texts = st.one_of(
    st.text(max_size=300),
    st.lists(st.sampled_from(_FRAGMENTS), max_size=40).map("".join),
)
published_dates = st.one_of(
    st.none(),
    st.dates(),
    st.sampled_from([dt.date.min, dt.date.max, D(1900, 1, 1), D(2100, 12, 31)]),
)


@settings(derandomize=True, max_examples=400, deadline=None)
@given(text=texts, published=published_dates)
def test_never_raises_and_offsets_are_valid(text: str, published: dt.date | None) -> None:
    spans = find_dates(text, published)
    previous_end = 0
    for span in spans:
        assert text[span.start : span.end] == span.text
        assert span.start >= previous_end  # sorted, non-overlapping
        previous_end = span.end
        assert span.precision in (1, 2, 3)
        assert (span.date_start is None) == (span.date_end is None)
        if span.date_start is not None and span.date_end is not None:
            assert span.date_start <= span.date_end
    found = publication_date(text)
    if found is not None:
        assert 1900 <= found.date.year <= 2100


#: Words of the random texts the fast date scans are compared on.
_DATE_WORDS = ("on in since during the night of early late mid May June Dec. Sept. September 5 "
               "26th 27 - – to and through 2021 1999 2100 20210 Monday Tuesday night morning , . "
               "last this next past end beginning of between killed people 3 weeks ago Maybe "
               "decided market Mayor Sunday's 2021-05-12 2021/5/1 12.05.2021 the day before "
               "yesterday after tomorrow today tonight overnight afternoon evening couple a few "
               "several days ago weeks months years previous recent weekend week month year ")


def test_anchored_scan_equals_plain_scan() -> None:
    # find_dates tries its patterns only around month, weekday and year words; that must give
    # exactly the matches of a scan at every position
    import random

    from geoevents._dates import _PATTERNS, _matches

    words = (_DATE_WORDS + "over within for hours\n").split(" ")
    rng = random.Random(5)
    texts = [" ".join(rng.choice(words) for _ in range(rng.randint(1, 60))) for _ in range(1500)]
    texts += ["on the night of Monday, 26 - 27 of May 2021", "since early May 2020, in 2019-2020",
              "between 1999 and 2001 people", "May" * 50, ""]
    for text in texts:
        for pattern, _handler, anchor in _PATTERNS:
            plain = [(m.start(), m.end()) for m in pattern.finditer(text)]
            assert [(m.start(), m.end()) for m in _matches(pattern, anchor, text)] == plain, text


def _random_texts(n: int, seed: int) -> list[str]:
    import random

    words = (_DATE_WORDS +
             "MAY MONDAY TODAY Weeks éMay _may 1May x2021 ſunday \u0130n Janı \u212aday "
             "ünday SUNDAY\u00a0night 5\u00a0May over within for hours January March 5th "
             "Jan 3rd mid-May May5 x5 1 12 31 32 Feb. 29 from until till by before after "
             "Wednesday Friday at dawn shortly the end the start\n").split(" ")
    rng = random.Random(seed)
    seps = ["", " ", " ", " ", "  ", "-", "\u00a0", "é"]
    return ["".join(rng.choice(words) + rng.choice(seps) for _ in range(rng.randint(1, 50)))
            for _ in range(n)]


def test_anchor_spans_equal_anchor_matches() -> None:
    # the lower-case twins of the anchors (and the reordered year anchor) find exactly what
    # the anchors find
    from geoevents._dates import _PATTERNS, _anchor_spans, _lowered

    anchors = {anchor for _, _, anchor in _PATTERNS if anchor is not None}
    for text in _random_texts(1500, 11):
        low = _lowered(text)
        for anchor in anchors:
            assert _anchor_spans(anchor, text, low) == \
                [m.span() for m in anchor.finditer(text)], (anchor.pattern, text)


def test_gated_patterns_match_like_plain_ones() -> None:
    from geoevents._dates import _GATED

    for text in _random_texts(400, 12):
        for plain, gated in _GATED:
            for p in range(len(text) + 1):
                a, b = plain.match(text, p), gated.match(text, p)
                assert (a and (a.span(), a.groupdict())) == (b and (b.span(), b.groupdict())), \
                    (plain.pattern[:40], text, p)


def _matches_reference(pattern, anchor, text):  # type: ignore[no-untyped-def]
    """The anchored scan as first written: anchors by their own regex, patterns ungated."""
    from geoevents._dates import _AFTER, _BEFORE

    pos, n = 0, len(text)
    for a in anchor.finditer(text):
        if a.start() < pos:
            continue
        lo = max(pos, a.start() - _BEFORE)
        while True:
            m = pattern.search(text, lo, min(n, a.end() + _AFTER))
            if m is None or m.start() > a.start():
                break
            full = pattern.match(text, m.start())
            if full is None or full.end() == full.start():
                lo = m.start() + 1
                continue
            yield full
            pos = full.end()
            break


def test_anchored_scan_equals_reference_on_odd_text() -> None:
    # with non-ASCII letters the anchored scan may differ from a plain scan (an ASCII \b the
    # anchor's Unicode \b misses); the fast anchors, the gated patterns and the tests that
    # skip month searches must not change that
    from geoevents._dates import (
        _GATED,
        _MONTH_ANCHOR,
        _PATTERNS,
        _lowered,
        _matches,
        _month_anchors,
    )

    plain_of = {gated: plain for plain, gated in _GATED}
    for text in _random_texts(800, 13):
        low = _lowered(text)
        month_spans, may_start = _month_anchors(text, low) if low is not None else (None, {})
        for pattern, _handler, anchor in _PATTERNS:
            if anchor is None:
                continue
            spans = month_spans if anchor is _MONTH_ANCHOR else None
            fast = _matches(pattern, anchor, text, spans, may_start.get(pattern))
            ref = _matches_reference(plain_of.get(pattern, pattern), anchor, text)
            assert [(m.span(), m.groupdict()) for m in fast] == \
                [(m.span(), m.groupdict()) for m in ref], text


def test_find_dates_equals_reference_scan(monkeypatch: pytest.MonkeyPatch) -> None:
    # find_dates with every fast path (twin anchors, gated patterns, skipped searches) gives
    # what it gives with the anchored scan as first written
    from geoevents._dates import _GATED

    texts = _random_texts(700, 14)
    days = (None, THU_2023_02_02)
    fast = [find_dates(text, day) for text in texts for day in days]
    plain_of = {gated: plain for plain, gated in _GATED}

    def reference(pattern, anchor, text, spans=None, may_start=None):  # type: ignore[no-untyped-def]
        return _matches_reference(plain_of.get(pattern, pattern), anchor, text)

    monkeypatch.setattr(_dates, "_matches", reference)
    assert [find_dates(text, day) for text in texts for day in days] == fast


def test_lowered_refuses_just_the_fold_odd_texts() -> None:
    import random

    from geoevents._dates import _lowered
    from geoevents._normalize import FOLD_ODD, FOLD_ODD_RE

    alphabet = ["a", "M", " ", "é", "’", "€", "\U0001f600", "i", *FOLD_ODD]
    rng = random.Random(29)
    for _ in range(3000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 12)))
        low = _lowered(text)
        assert (low is None) == bool(FOLD_ODD_RE.search(text)), text
        assert low is None or low == text.lower()


def _publication_texts(n: int, seed: int) -> list[str]:
    import random

    pieces = ["Date: 2021-05-20", "Published on: May 20, 2021", "posted - 20 May 2021",
              "publication\n date: 2021-05-20", "date: 2021-13-40", "Date: 5/6/2021",
              "  Dated\u00a0May 3rd, 2020", "Gaza (AFP) - ", "(AP) ", "© 2023 AFP", "(c) Reuters",
              "(Reuters)", "(x)", "(", ")", "02/02/2023 09:48:03 - Gaza (AFP) -",
              "https://twitter.com/user/status/1620000000000000000",
              "HTTPS://X.COM/i/web/status/1500000000000000000", "http://x.com/a/status/12",
              "://", "https", "see http://example.com", "1999", "12.05.2021", "Monday,",
              "killed", "people", "in", "Gaza", "\n", "\n\n", "\r\n", " ", " ", "é", "’"]
    rng = random.Random(seed)
    return ["".join(rng.choice(pieces) + rng.choice(["", " ", "\n"])
                    for _ in range(rng.randint(0, 30))) for _ in range(n)]


def test_publication_fast_paths_equal_plain_searches() -> None:
    # the header tried at line starts only, the dateline's agency found from "(" and the
    # full date gated by four digits, the status URLs searched from the first "://": each
    # gives what the plain regex searches give
    from geoevents._dates import (
        _AGENCY_RE,
        _DATELINE_START_RE,
        _FULL_DATE_RE,
        _HEAD_CHARS,
        _HEAD_LINES,
        _HEADER_RE,
        _STATUS_RE,
        _TAIL_CHARS,
        _TAIL_LINES,
        _dateline_date,
        _full_date,
        _has_agency,
        _header_date,
        _snowflake_date,
        _status_date,
    )

    def header(text: str) -> Published | None:
        head = "\n".join(text[:_HEAD_CHARS].splitlines()[:_HEAD_LINES])
        for m in _HEADER_RE.finditer(head):
            day = _full_date(m, day_first=False)
            if day is not None:
                return Published(day, "header", m.group(0).strip())
        return None

    def dateline(text: str) -> Published | None:
        lines = [line for line in text[-_TAIL_CHARS:].splitlines() if line.strip()]
        for line in reversed(lines[-_TAIL_LINES:]):
            m = _DATELINE_START_RE.match(line)
            if m is None and _AGENCY_RE.search(line):
                m = _FULL_DATE_RE.search(line)
            if m is not None:
                day = _full_date(m, day_first=True)
                if day is not None:
                    return Published(day, "dateline", line.strip())
        return None

    def status(text: str) -> Published | None:
        best: Published | None = None
        for m in _STATUS_RE.finditer(text):
            day = _snowflake_date(int(m.group("id")))
            if day is not None and (best is None or day > best.date):
                best = Published(day, "status-url", m.group(0))
        return best

    found = [0, 0, 0]
    for text in _publication_texts(3000, 31):
        assert _header_date(text) == header(text), text
        assert _dateline_date(text) == dateline(text), text
        assert _status_date(text) == status(text), text
        assert _has_agency(text) == bool(_AGENCY_RE.search(text)), text
        found = [a + (f(text) is not None) for a, f in zip(found, (header, dateline, status),
                                                           strict=True)]
    assert min(found) > 50  # the texts hold all three often enough to test them


def test_date_finder_equals_find_dates() -> None:
    # read as far as asked, from the start: the dates ending by the cut are those of
    # find_dates, and no date of find_dates runs over the cut
    import random

    from geoevents._dates import _DateFinder

    rng = random.Random(41)
    texts = _random_texts(600, 15) + [" ".join(_random_texts(8, n)) for n in range(40)]
    for text in texts:
        for day in (None, THU_2023_02_02):
            full = find_dates(text, day)
            finder = _DateFinder(text, day)
            ends = sorted(rng.randint(0, len(text)) for _ in range(4)) + [len(text)]
            for end in ends:
                chosen, cut = finder.upto(end)
                assert cut >= end
                assert chosen == [d for d in full if d.end <= cut], (text, end)
                assert not any(d.start < cut < d.end for d in full), (text, end)
            assert finder.upto(len(text))[0] == full


def test_word_spans_equal_the_twins() -> None:
    # each twin is the alternation of its words, none the start of another, and the str.find
    # scan finds just its matches; the ISO anchor's twin finds just the anchor's
    import random

    from geoevents._dates import (
        _ISO_ANCHOR,
        _ISO_TWIN,
        _LOWER_TWINS,
        _TWIN_WORDS,
        _word_spans,
    )

    assert _TWIN_WORDS.keys() == _LOWER_TWINS.keys()
    for anchor, words in _TWIN_WORDS.items():
        twin = _LOWER_TWINS[anchor][0]
        assert all(a == b or not b.startswith(a) for a in words for b in words), words
        for word in words:
            assert [m.span() for m in twin.finditer(word)] == [(0, len(word))]
            assert not any(twin.match(word[:k]) for k in range(len(word)))
    pieces = [w for words in _TWIN_WORDS.values() for w in words]
    pieces += ["a", "y", "ay", "mon", "da", "ye", "ni", "ght", " ", "-", "2021", "/", ".", "0",
               "satur", "sept", "to", "morrow", "é"]
    rng = random.Random(41)
    texts = ["".join(rng.choice(pieces) for _ in range(rng.randint(0, 30))) for _ in range(3000)]
    texts += [w + w + w for w in pieces]
    for text in texts:
        for anchor, words in _TWIN_WORDS.items():
            twin = _LOWER_TWINS[anchor][0]
            assert _word_spans(text, words) == [m.span() for m in twin.finditer(text)], text
        assert [m.span() for m in _ISO_TWIN.finditer(text)] == \
            [m.span() for m in _ISO_ANCHOR.finditer(text)], text
