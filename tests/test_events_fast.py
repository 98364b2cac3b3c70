"""Shortcuts of the events stage (fifteenth session): each gives what the general path gives."""

from __future__ import annotations

import random

import geoevents

_WORDS = [
    "Rockets", "were", "fired", "at", "Ashkelon", "on", "Monday", "and", "12", "people",
    "killed", "in", "Gaza", "City", "said", "the", "ministry", "Nobody", "was", "hurt", "no",
    "casualties", "police", "arrested", "three", "men", "a", "woman", "died", "protesters",
    "marched", "through", "streets", "of", "Kabul", "air", "strike", "shelled", "Rafah",
    "hospital", "hospitals", "lost", "lost their lives", "raid", "raided", "shell", "shelling",
    "drone", "sortie", "projectile", "casualty", "mobility", "reservist", "called", "up",
    "a soldier", "an Israeli", "soldiers", "treaty", "at least 5", "dozens of", "twenty",
    "wounded", "displaced", "fled", ",", "(", ")",
]
_PLACES = ["Gaza", "Ashkelon", "Rafah", "Kabul", "Jerusalem", "Israel", "Hebron", "Gaza City"]


def _sentences(n: int, seed: int) -> list[str]:
    rng = random.Random(seed)
    out = []
    for _ in range(n):
        words = [rng.choice(_WORDS) for _ in range(rng.randint(1, 18))]
        if rng.random() < 0.4:
            words.insert(rng.randint(0, len(words)), rng.choice(["in", "at", "near"]) + " "
                         + rng.choice(_PLACES))
        out.append(" ".join(words).capitalize() + ".")
    return out


def test_figure_anchors_rule_out_only_sentences_without_figures() -> None:
    # the anchors are the figure words' substrings, made as long as the nouns and the verb
    # patterns allow ("hospitali", "raids", "shells", "casualties"...): a sentence holding
    # none has no figure from its quantities nor from an "a soldier" phrase
    from geoevents._events import _figures, _may_have_figures
    from geoevents._numbers import find_quantities

    ruled_out = 0
    for sent in _sentences(4000, 51):
        if not _may_have_figures(sent):
            ruled_out += 1
            assert _figures(sent, find_quantities(sent), 0) == [], sent
    assert ruled_out > 500


def test_placeless_sentences_give_events_only_from_figures(
        gazetteer: geoevents.Gazetteer) -> None:
    # a sentence in which no mention starts has no place of its own: _sentence_events gives
    # an event of it only from a figure, so events_from_geoparse skips the figure-less ones
    # and _sentence_events returns before reading the triggers of those without a figure
    from geoevents._events import (
        _DocContext,
        _figures,
        _sentence_events,
        split_sentences,
    )
    from geoevents._numbers import find_quantities
    from geoevents._resolution import geoparse

    rng = random.Random(52)
    sents = _sentences(600, 53)
    checked = with_events = 0
    for k in range(0, len(sents), 6):
        text = " ".join(sents[k: k + 6])
        result = geoparse(text, gazetteer=gazetteer)
        mentions = [m for m in result.mentions if m.place is not None and m.role != "dateline"]
        sentences = split_sentences(text)
        ctx = _DocContext(text, mentions, result, None, sentences, gazetteer)
        quantities = find_quantities(text)
        for idx, (s, e, para) in enumerate(sentences):
            if any(s <= m.start < e for m in mentions):
                continue
            qs = [q for q in quantities if q.start >= s and q.end <= e]
            figures = rng.random() < 0.8
            general = _sentence_events(ctx, idx, s, e, para, qs, None, "d", figures=figures)
            fast = _sentence_events(ctx, idx, s, e, para, qs, None, "d", figures=figures,
                                    placeless=True)
            assert fast == general, text[s:e]
            if not figures or not _figures(text[s:e], qs, s):
                assert general == [], text[s:e]
            checked += 1
            with_events += bool(general)
    assert checked > 200 and with_events > 5


def test_quantity_finder_span_without_a_number_start() -> None:
    # within() returns at once for a span where no number starts (no place where _CANDIDATE
    # matches: "a man", "a car" are only places _CANDIDATE_BEFORE finds), leaving the scan
    # as it is: the spans after it read what the whole scan reads
    from geoevents._numbers import _QuantityFinder, find_quantities

    text = ("Five thousand" + " " * 30 + "people fled. The army said nothing. "
            "Police said 5 to 6 people died. Officials were there. Two were hurt, 3 killed. "
            "A man drove a car to a town. Tens of them met at a hotel. One more thing.")
    full = find_quantities(text)
    cuts = [0, *(text.index(w) for w in ("people", "The", "Police", "Officials", "Two",
                                         "A man", "a car", "Tens", "a hotel", "One")),
            len(text)]
    sentences = list(zip(cuts, cuts[1:], strict=False))
    rng = random.Random(54)
    for _ in range(200):
        chosen = sorted(rng.sample(sentences, rng.randint(1, len(sentences))))
        finder = _QuantityFinder(text)
        for s, e in chosen:
            assert finder.within(s, e) == [q for q in full if q.start >= s and q.end <= e]


def test_undated_text_dates_need_four_digits() -> None:
    # without a publication date every date with a day holds four digits in a row, so
    # dates_in skips a span without them: it gives what the dates of the whole text give
    import datetime

    from geoevents._dates import _FOUR_DIGITS, find_dates
    from geoevents._events import _DocContext, split_sentences
    from geoevents._types import GeoparseResult

    words = ["on", "Monday", "May", "5", "5,", "2021", "1999", "in", "since", "last", "week",
             "year", "2019-03-04", "2019/3/4", "12.05.2020", "between", "and", "2020-21",
             "the", "day", "before", "yesterday", "3", "days", "ago", "March", "of", "early",
             "mid-2018", "people", "killed", "20", "Jan.", "10th", "2100", "21000", "1234",
             "tonight", "this", "month", "late", "December", "2,019", "-", "to", ".", "\n"]
    rng = random.Random(55)
    dated = 0
    for _ in range(1500):
        text = " ".join(rng.choice(words) for _ in range(rng.randint(1, 40)))
        full = [d for d in find_dates(text, None) if d.date_start is not None]
        for d in full:
            assert _FOUR_DIGITS.search(text, d.start, d.end), (text, d)
        dated += bool(full)
        sentences = split_sentences(text)
        ctx = _DocContext(text, [], GeoparseResult(text, ()), None, sentences, None)
        cuts = sorted(rng.randint(0, len(text)) for _ in range(6))
        spans = [(s, e) for s, e, _ in sentences] + list(zip(cuts, cuts[1:], strict=False))
        for s, e in sorted(spans):
            want = [d for d in full if s <= d.start and d.end <= e]
            assert ctx.dates_in(s, e) == want, (text, s, e)
    assert dated > 300
    # with a publication date, relative dates have days: no shortcut
    ctx = _DocContext("on Monday", [], GeoparseResult("on Monday", ()),
                      datetime.date(2024, 5, 8), split_sentences("on Monday"), None)
    assert [d.text for d in ctx.dates_in(0, 9)] == ["on Monday"]


def test_twin_searches_equal_the_patterns() -> None:
    # _search_twin (the pattern without its \b and re.I, on an ASCII text's lower()) says
    # what the case-insensitive pattern's search says
    from geoevents._events import _CUMULATIVE_CUES, _GENERIC, _search_twin

    pieces = ["so far", "So Far", "xso far", "in total", "IN TOTAL", "a total of", "totalled ",
              "totaled", "total ", "overall", "to date", "death toll", "since the start",
              "since then", "cumulative", "altogether", "in all", "in alls", "this year",
              "since the war", "further", "continuing", "_ongoing", "intensified", "escalation",
              "repeatedly", "regularly", "often", "frequently", "usually", "every", "everyone",
              "9every", "-every", "café", "ſo far", "K", " ", ", ", ".", "the", "war", "a",
              "Total", "Ongoing", "\n"]
    rng = random.Random(56)
    hits = 0
    for _ in range(6000):
        sent = "".join(rng.choice(pieces) + rng.choice(["", " ", " ", "-"])
                       for _ in range(rng.randint(0, 8)))
        for pattern in (_CUMULATIVE_CUES, _GENERIC):
            want = pattern.search(sent) is not None
            assert _search_twin(pattern, sent) == want, (pattern.pattern, sent)
            hits += want
    assert hits > 1000
