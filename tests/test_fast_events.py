"""Fast paths of the events stage: each must give exactly what the general path gives."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

import geoevents

SEEDS = Path(__file__).resolve().parent.parent / "seeds"

_WORDS = [
    "Rockets", "were", "fired", "at", "Ashkelon", "on", "Monday", "and", "12", "people",
    "killed", "in", "Gaza", "City", "said", "the", "ministry", "nobody", "Nobody", "was",
    "hurt", "no", "casualties", "police", "arrested", "three", "men", "a", "woman", "died",
    "protesters", "marched", "through", "streets", "of", "Kabul", "air", "strike", "AIRSTRIKE",
    "ceasefire", "called", "the", "council", "met", "to", "discuss", "budget", "dozens",
    "wounded", "strasse", "Straße", "ſhelling", "İed", "KILLED", "“", "”", '"', "’", "(", ")",
    "-", ",", ";", "Mr.", "St.", "U.S.", "5,000", "twenty-six", "café", "naïve", "Σ", "ﬁre",
    "un-rest", "fire-fight", "gun\u00a0battle", "shot", "shooting", "without", "injuries",
]
_ENDS = [". ", "! ", "? ", ".\n", "\n\n", " ", " ", " ", " ", ".” ", ". \n"]


def _texts(n: int, seed: int) -> list[str]:
    rng = random.Random(seed)
    out = []
    for _ in range(n):
        parts = []
        for _ in range(rng.randint(1, 12)):
            words = [rng.choice(_WORDS) for _ in range(rng.randint(1, 14))]
            parts.append(" ".join(words) + rng.choice(_ENDS))
        out.append(("" if rng.random() < 0.7 else rng.choice(["  ", "\n"])) + "".join(parts))
    return out


def test_sentence_bits_equal_each_sentence() -> None:
    # one pass over the text gives what _trigger_mask, the figure anchors and "nobody" say of
    # each sentence
    from geoevents._events import (
        _ALL_TRIGGERS,
        _FIGURE_BIT,
        _NOBODY_BIT,
        _may_have_figures,
        _sentence_bits,
        _trigger_mask,
        split_sentences,
    )
    from geoevents._normalize import FOLD_ODD_RE

    plain = 0
    for text in _texts(3000, 31):
        sentences = split_sentences(text)
        bits = _sentence_bits(text, sentences)
        if bits is None:
            assert FOLD_ODD_RE.search(text) or len(text.casefold()) != len(text), text
            continue
        plain += 1
        assert len(bits) == len(sentences)
        for (s, e, _), b in zip(sentences, bits, strict=True):
            sent = text[s:e]
            assert b & _ALL_TRIGGERS == _trigger_mask(sent), sent
            assert bool(b & _FIGURE_BIT) == _may_have_figures(sent), sent
            assert bool(b & _NOBODY_BIT) == ("nobody" in sent.lower()), sent
    assert plain > 500


def test_negated_sentences_have_bits() -> None:
    # a sentence with no bit is never a "no casualties" sentence: every alternative of
    # _NEGATED_SENT holds a figure anchor or "nobody"
    from geoevents._events import _NEGATED_SENT, _sentence_bits, split_sentences

    for sent in ["No casualties were reported.", "Nobody was hurt.", "No one was killed.",
                 "There were no injuries.", "No deaths.", "no fatalities", "No one was wounded",
                 "No one was injured", "without casualties", "Without injuries"]:
        assert _NEGATED_SENT.search(sent), sent
        bits = _sentence_bits(sent, split_sentences(sent))
        assert bits is not None and all(bits), sent


def _read(text: str, gazetteer: geoevents.Gazetteer) -> str:
    from geoevents import extract_events

    return repr(extract_events(text, published="2024-05-08", doc_id="t", gazetteer=gazetteer))


def test_fast_events_equal_general_path(gazetteer: geoevents.Gazetteer,
                                        monkeypatch: pytest.MonkeyPatch) -> None:
    # skipping sentences without bits, quantities up to the last figure sentence, and trigger
    # masks from the one pass give the events of reading every sentence
    from geoevents import _events

    texts = [p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))]
    texts += _texts(150, 32)
    texts += [
        "Rockets were fired at Ashkelon. Rockets were fired at Ashkelon! Nobody was hurt.",
        "No casualties\nwere reported in Gaza. No casualties were reported in Gaza.",
        "The council met. Two people were killed in Kabul on Monday. The council met.",
        "Rockets hit Sderot. In Sderot, killed were 12 people",
        "Gaza City was shelled. Killed in Gaza City: 3. Wounded: twenty",
    ]
    fast = [_read(t, gazetteer) for t in texts]
    assert any(f != "[]" for f in fast)
    monkeypatch.setattr(_events, "_sentence_bits", lambda text, sentences: None)
    assert [_read(t, gazetteer) for t in texts] == fast


def _split_plain(text: str) -> list[tuple[int, int, int]]:
    """split_sentences with _SENT_BOUNDARY.finditer over the whole text."""
    from geoevents._events import _ABBREV, _SENT_BOUNDARY, _add_span

    spans: list[tuple[int, int, int]] = []
    para = pos = 0
    for m in _SENT_BOUNDARY.finditer(text):
        if m.group().startswith("\n"):
            cut = m.start()
        else:
            cut = m.end()
            if _ABBREV.search(text[max(pos, m.start() - 8): m.start() + 1]):
                continue
        _add_span(text, pos, cut, para, spans)
        if "\n" in m.group():
            para += 1
        pos = m.end()
    _add_span(text, pos, len(text), para, spans)
    return spans


def test_split_sentences_equal_plain_scan() -> None:
    # boundaries tried only at the characters that can start one, found with str.find
    from geoevents._events import split_sentences

    parts = [".", "!", "?", "...", "\n", "\n\n", " ", "  ", "'", '"', "’", "”", ")", "]", "A",
             "b", "7", "“", "(", "Mr.", "x", "\t", "U.S.", "a.m.", "?!", "!\n", "D.C..", "No.",
             " He", "\u00a0"]
    rng = random.Random(33)
    texts = ["".join(rng.choice(parts) for _ in range(rng.randint(1, 40))) for _ in range(5000)]
    texts += _texts(300, 34)
    for text in texts:
        assert split_sentences(text) == _split_plain(text), text


def test_token_masks_equal_every_anchor_tested() -> None:
    # a new piece's bits come from its runs of letters, each looked up in _RUN_BITS
    from geoevents._events import (
        _ANCHOR_BITS,
        _FIGURE_ANCHORS,
        _FIGURE_BIT,
        _NOBODY_BIT,
        _TokenMasks,
    )

    def plain(token: str) -> int:
        mask = 0
        for anchor, bits in _ANCHOR_BITS.items():
            if anchor in token:
                mask |= bits
        if any(a in token for a in _FIGURE_ANCHORS):
            mask |= _FIGURE_BIT
        return mask | (_NOBODY_BIT if "nobody" in token else 0)

    pieces = ["air", "strikes", "killed,", "(kill", "no", "nobody’s", "2,000", "gaza's", "x",
              "fire-fight", "café", "shell", "ab", "die", "“lost", "ied.", "sniper)", "—"]
    rng = random.Random(35)
    tokens = [*pieces]
    tokens += ["".join(rng.choice(pieces) for _ in range(rng.randint(1, 3))) for _ in range(3000)]
    masks = _TokenMasks()
    for token in tokens:
        assert masks[token] == plain(token), token


def test_anchor_scan_equals_every_anchor_tested() -> None:
    # the prefix-tree regex lists the longest anchor at each position of a run; an anchor's
    # _ANCHOR_HELD_BITS stand for the anchors it contains, so the union is every anchor's bits
    # (and likewise _RUN_BITS, with the figure anchors and "nobody" in the same scan)
    import re

    from geoevents._events import (
        _ANCHOR_BITS,
        _ANCHOR_HELD_BITS,
        _FIGURE_ANCHORS,
        _FIGURE_BIT,
        _NOBODY_BIT,
        _RUN_WORD_BITS,
        _anchor_trie_pattern,
        _ContainedBits,
        _held_bits,
    )

    def plain(run: str) -> int:
        mask = 0
        for anchor, bits in _ANCHOR_BITS.items():
            if anchor in run:
                mask |= bits
        return mask

    anchors = [*_ANCHOR_BITS, *_FIGURE_ANCHORS, "nobody"]
    rng = random.Random(41)
    runs = ["", "ab", "firefight", "shotshoot", "airstrikes", "shelters", "raidraid", "bodies",
            "antibodies", "nobodies", "shelling", "diedead"]
    for _ in range(5000):
        filler = "".join(rng.choice("aeiorstkdlnmbfhgc") for _ in range(rng.randint(0, 4)))
        runs.append("".join(rng.choice(anchors) if rng.random() < 0.4 else filler
                            for _ in range(rng.randint(1, 4))))
    masks = _ContainedBits(_ANCHOR_HELD_BITS)
    run_bits = _ContainedBits(_held_bits(_RUN_WORD_BITS))
    scan = masks.scan()
    for run in runs:
        assert masks[run] == plain(run), run
        figure = _FIGURE_BIT if any(a in run for a in _FIGURE_ANCHORS) else 0
        assert run_bits[run] == plain(run) | figure | (_NOBODY_BIT if "nobody" in run else 0), run
        mask = 0
        for anchor in scan.findall(run):
            mask |= _ANCHOR_HELD_BITS[anchor]
        assert mask == plain(run), run

    # the pattern itself, on word lists where words are prefixes of others
    for words in (["ab", "abc", "abd", "b"], ["fire", "firefight", "fight", "f"],
                  list(_ANCHOR_BITS),
                  ["x"], ["shot", "shoot", "sho", "hot"]):
        pattern = re.compile(_anchor_trie_pattern(words))
        longest = re.compile(f"(?=({_anchor_trie_pattern(words)}))")
        for _ in range(2000):
            text = "".join(rng.choice(words) if rng.random() < 0.5 else rng.choice("abcdefhiorstx")
                           for _ in range(rng.randint(0, 5)))
            for w in words:
                assert pattern.fullmatch(w) is not None, (words, w)
            assert (pattern.fullmatch(text) is not None) == (text in words), (words, text)
            found = longest.findall(text)
            want = [max((w for w in words if text.startswith(w, p)), key=len)
                    for p in range(len(text)) if any(text.startswith(w, p) for w in words)]
            assert found == want, (words, text)


# --- skips: sentences that can give no event, undated spans, twin searches, no number -------
_SKIP_WORDS = [
    "Rockets", "were", "fired", "at", "Ashkelon", "on", "Monday", "and", "12", "people",
    "killed", "in", "Gaza", "City", "said", "the", "ministry", "Nobody", "was", "hurt", "no",
    "casualties", "police", "arrested", "three", "men", "a", "woman", "died", "protesters",
    "marched", "through", "streets", "of", "Kabul", "air", "strike", "shelled", "Rafah",
    "hospital", "hospitals", "lost", "lost their lives", "raid", "raided", "shell", "shelling",
    "drone", "sortie", "projectile", "casualty", "mobility", "reservist", "called", "up",
    "a soldier", "an Israeli", "soldiers", "treaty", "at least 5", "dozens of", "twenty",
    "wounded", "displaced", "fled", ",", "(", ")",
]
_SKIP_PLACES = ["Gaza", "Ashkelon", "Rafah", "Kabul", "Jerusalem", "Israel", "Hebron", "Gaza City"]


def _skip_sentences(n: int, seed: int) -> list[str]:
    rng = random.Random(seed)
    out = []
    for _ in range(n):
        words = [rng.choice(_SKIP_WORDS) for _ in range(rng.randint(1, 18))]
        if rng.random() < 0.4:
            words.insert(rng.randint(0, len(words)), rng.choice(["in", "at", "near"]) + " "
                         + rng.choice(_SKIP_PLACES))
        out.append(" ".join(words).capitalize() + ".")
    return out


def test_figure_anchors_rule_out_only_sentences_without_figures() -> None:
    # the anchors are the figure words' substrings, made as long as the nouns and the verb
    # patterns allow ("hospitali", "raids", "shells", "casualties"...): a sentence holding
    # none has no figure from its quantities nor from an "a soldier" phrase
    from geoevents._events import _figures, _may_have_figures
    from geoevents._numbers import find_quantities

    ruled_out = 0
    for sent in _skip_sentences(4000, 51):
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
    sents = _skip_sentences(600, 53)
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


def test_trigger_twins_equal_the_patterns() -> None:
    # _spans_twin (each trigger pattern without its \b and re.I, on an ASCII sentence's
    # lower()) gives the spans of the case-insensitive pattern's finditer
    from geoevents._events import _TRIGGER_BITS, _spans_twin

    pieces = ["air strike", "Airstrikes", "air-raid", "drone strikes", "Israeli strike",
              "strikes on", "carried out two strikes", "bombings", "bombed", "rockets",
              "MISSILE", "shelled", "artillery", "explosions", "ied", "IED", "died", "car bomb",
              "roadside bombs", "bombers", "blast", "detonated", "blew himself up", "raids",
              "stormed", "shot dead", "shot", "gunfire", "gun battle", "firefight",
              "exchanged heavy fire", "clashed with militants", "riots", "tear gas", "unrest",
              "attacked", "stabbing", "hostages", "arrested", "detained", "seized",
              "demolished", "razed", "evicted", "eviction notices", "damaged", "set on fire",
              "burnt down homes", "fled their homes", "evacuated", "mobilised", "call-up",
              "reservists", "intercepted", "Iron Dome", "shot down", "sirens", "shelters",
              "protesters", "rallied", "marched through", "took to the streets", "x", "_",
              "9", "-", "café", "ſhot", "K", " ", ", ", ".", "the", "a", "\n", "“", "”"]
    rng = random.Random(57)
    hits = 0
    for _ in range(3000):
        sent = "".join(rng.choice(pieces) + rng.choice(["", " ", " ", "-"])
                       for _ in range(rng.randint(0, 8)))
        low = sent.lower() if sent.isascii() else None
        for _, _, pattern in _TRIGGER_BITS:
            want = [m.span() for m in pattern.finditer(sent)]
            assert _spans_twin(pattern, sent, low) == want, (pattern.pattern, sent)
            hits += bool(want)
    assert hits > 5000


def test_reversed_abbreviations_equal_the_pattern() -> None:
    # _abbrev_reversed matched at the start of the reversed string says what _ABBREV's search
    # says of a string ending with a full stop (as split_sentences asks it)
    from geoevents._events import _ABBREV, _ABBREV_WORDS, _abbrev_reversed

    match = _abbrev_reversed().match
    pieces = [*_ABBREV_WORDS, *(w.lower() for w in _ABBREV_WORDS),
              *(w.upper() for w in _ABBREV_WORDS), "a", "p", "m", "e", "g", "i", "A", "U",
              "S", "x", "é", "É", "_", "9", "said", "Sept", "Septa", "xMr", "aMr", " ", " ",
              ".", ".", ",", "-", "(", "\n", "“"]
    rng = random.Random(58)
    hits = 0
    for _ in range(20000):
        s = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 5))) + "."
        for cut in range(len(s)):
            piece = s[cut:]
            want = _ABBREV.search(piece) is not None
            assert (match(piece[::-1]) is not None) == want, piece
            hits += want
    assert hits > 10000
