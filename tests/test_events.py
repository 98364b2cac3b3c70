"""Event extraction and merging: the seeds' "done when" list, and the rules one by one."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

import geoevents
from geoevents import Event, extract_events, merge_events
from geoevents._events import split_sentences
from geoevents._export import EVENT_FIELDS, event_properties, events_geojson

SEEDS = Path(__file__).resolve().parent.parent / "seeds"


@pytest.fixture(scope="module")
def seed_events(gazetteer: geoevents.Gazetteer) -> list[Event]:
    evs: list[Event] = []
    for p in sorted(SEEDS.glob("*.txt")):
        evs.extend(extract_events(p.read_text(encoding="utf-8"), doc_id=p.stem,
                                  gazetteer=gazetteer))
    return merge_events(evs)


def _find(events: list[Event], *, place: str, **counts: int) -> list[Event]:
    out = []
    for ev in events:
        if place.lower() not in ev.place_name.lower():
            continue
        if all((c := ev.count(k)) is not None and c.best == v for k, v in counts.items()):
            out.append(ev)
    return out


def _rng(ev: Event, kind: str) -> tuple[int | None, int | None, int | None]:
    c = ev.count(kind)
    assert c is not None
    return c.low, c.best, c.high


# --- the seeds -------------------------------------------------------------------------------
def test_gaza_26_killed_merged(seed_events: list[Event]) -> None:
    evs = [e for e in _find(seed_events, place="gaza", killed=26) if not e.cumulative]
    assert len(evs) == 1, [(e.place_name, e.source_ids) for e in evs]
    ev = evs[0]
    assert ev.n_sources == 3
    low, best, high = _rng(ev, "injured")
    assert (low, best, high) == (122, 122, 125)
    assert ev.date_start == date(2021, 5, 10) and ev.date_end == date(2021, 5, 11)
    strikes = ev.count("strikes")
    assert strikes is not None and strikes.best == 130


def test_gaza_nine_killed_on_may_19(seed_events: list[Event]) -> None:
    evs = _find(seed_events, place="gaza", killed=9)
    assert any(e.date_start == date(2021, 5, 19) and not e.cumulative for e in evs)


def test_cumulative_totals_flagged(seed_events: list[Event]) -> None:
    cum = [e for e in seed_events if e.cumulative]
    k227 = [e for e in cum if (c := e.count("killed")) and c.best == 227]
    assert k227 and "gaza" in k227[0].place_name.lower()
    ev = k227[0]
    assert ev.count("injured") is not None and ev.count("injured").best == 1620  # type: ignore[union-attr]
    assert ev.date_end == date(2021, 5, 20)
    assert any((c := e.count("displaced")) and c.best == 58000 for e in cum)
    # never counted as an incident
    assert not [e for e in seed_events if not e.cumulative and (c := e.count("killed"))
                and c.best == 227]


def test_ashkelon(seed_events: list[Event]) -> None:
    killed = _find(seed_events, place="ashkelon", killed=2)
    assert killed
    inj = [e for e in seed_events if "ashkelon" in e.place_name.lower()
           and (c := e.count("injured")) and c.best == 56]
    assert inj and _rng(inj[0], "injured") == (56, 56, 70)
    rockets = _find(seed_events, place="ashkelon", rockets=137)
    assert len(rockets) == 1
    assert rockets[0].n_sources == 3
    assert "Ashdod" in " ".join(rockets[0].targets)


def test_israel_country_level(seed_events: list[Event]) -> None:
    israel = [e for e in seed_events if e.place is not None and e.place.kind == "country"
              and e.place.country == "IL"]
    inj = [e for e in israel if (c := e.count("injured")) and c.best == 30]
    assert inj and inj[0].geo_precision == 3
    assert any((c := e.count("mobilised")) and c.best == 5000 for e in israel)
    assert any((c := e.count("rockets")) and c.best == 300 for e in israel)


def test_lod_jerusalem_sheikh_jarrah_beit_nekofa(seed_events: list[Event]) -> None:
    assert _find(seed_events, place="lod", killed=1)
    assert [e for e in seed_events if ("jerusalem" in e.place_name.lower() or
                                       "aqsa" in e.place_name.lower())
            and (c := e.count("injured")) and c.best == 700]
    assert any(e.category == "eviction" for e in seed_events
               if "sheikh jarrah" in e.place_name.lower())
    assert any(e.category == "property_damage" for e in seed_events
               if "neqofa" in e.place_name.lower() or "nekofa" in e.place_name.lower())


def test_2023_events(seed_events: list[Event]) -> None:
    jenin = _find(seed_events, place="jenin", killed=10)
    assert jenin and jenin[0].date_start == date(2023, 1, 26)
    ej = _find(seed_events, place="east jerusalem", killed=7)
    assert ej and ej[0].date_start == date(2023, 1, 27)
    strikes = [e for e in seed_events if e.category == "air_strike"
               and e.date_start == date(2023, 2, 2)]
    names = " ".join(e.place_name for e in strikes).lower()
    assert "maghazi" in names and "southwest of gaza city" in names
    assert all(not (c := e.count("killed")) or c.best == 0 for e in strikes)
    assert [e for e in seed_events if "sderot" in e.place_name.lower()]


def test_no_wrong_dates_for_undated_articles(gazetteer: geoevents.Gazetteer) -> None:
    text = (SEEDS / "001_70d945430179cc41.txt").read_text(encoding="utf-8")
    evs = extract_events(text, doc_id="001", gazetteer=gazetteer)
    assert evs and all(e.date_start is None for e in evs)


def test_every_figure_traceable(seed_events: list[Event]) -> None:
    texts = {p.stem: p.read_text(encoding="utf-8") for p in SEEDS.glob("*.txt")}
    for ev in seed_events:
        assert ev.evidence
        for x in ev.evidence:
            assert texts[x.doc_id][x.start:x.end] == x.sentence
        for _, c in ev.counts:
            if c.text and c.text != "no casualties":
                assert any(part.split(" and ")[0] in " ".join(x.sentence for x in ev.evidence)
                           for part in c.text.split(" / "))


# --- rules -----------------------------------------------------------------------------------
def _one(text: str, gazetteer: geoevents.Gazetteer, published: str | None = "2024-05-08"
         ) -> Event:
    evs = extract_events(text, published=published, doc_id="t", gazetteer=gazetteer)
    assert len(evs) == 1, evs
    return evs[0]


def test_relative_date_and_place(gazetteer: geoevents.Gazetteer) -> None:
    ev = _one("Two people were killed in an air strike on Rafah on Monday.", gazetteer)
    assert ev.category == "air_strike"
    assert ev.event_type == "Explosions/Remote violence"
    assert ev.sub_event_type == "Air/drone strike"
    assert ev.count("killed") is not None and ev.count("killed").best == 2  # type: ignore[union-attr]
    assert ev.place_name.startswith("Rafa") and ev.geo_precision == 1
    assert ev.date_start == date(2024, 5, 6) and ev.time_precision == 1


def test_qualifiers_become_ranges(gazetteer: geoevents.Gazetteer) -> None:
    ev = _one("At least 12 people were killed and dozens wounded in shelling of Kharkiv "
              "on Sunday.", gazetteer)
    assert _rng(ev, "killed") == (12, 12, None)
    assert ev.count("killed").qualifier == "at least"  # type: ignore[union-attr]


def test_percentages_are_not_counts(gazetteer: geoevents.Gazetteer) -> None:
    ev = _one("More than 300 rockets were fired at Israel, with over 90 percent intercepted.",
              gazetteer)
    assert ev.count("rockets").best == 300  # type: ignore[union-attr]
    assert ev.count("killed") is None and ev.count("injured") is None


def test_quotes_and_threats_are_not_events(gazetteer: geoevents.Gazetteer) -> None:
    evs = extract_events('Hamas said "we will turn Ashkelon into hell" if strikes continue.',
                         published="2021-05-11", doc_id="t", gazetteer=gazetteer)
    assert evs == []


def test_claims_and_actors(gazetteer: geoevents.Gazetteer) -> None:
    ev = _one("Israeli forces killed three Palestinians in a raid on Jenin on Tuesday, "
              "according to the Palestinian health ministry.", gazetteer)
    assert ev.category == "raid"
    assert any("Israeli forces" in a for a in ev.actors)
    assert any("health ministry" in c for c in ev.claimed_by)
    assert any("three Palestinians" in v for v in ev.victims)


def test_no_publication_date_means_undated(gazetteer: geoevents.Gazetteer) -> None:
    ev = _one("Five people were killed in an air strike on Idlib on Tuesday.", gazetteer,
              published=None)
    assert ev.date_start is None and ev.date_end is None and ev.time_precision is None


def test_sentence_without_place_falls_back(gazetteer: geoevents.Gazetteer) -> None:
    evs = extract_events("Fighting raged in Khartoum on Monday.\nFour civilians were killed.",
                         published="2023-04-18", doc_id="t", gazetteer=gazetteer)
    four = [e for e in evs if (c := e.count("killed")) and c.best == 4]
    assert four and four[0].place_name.startswith("Khartoum")
    assert four[0].geo_precision >= 1 and "place from" in "; ".join(four[0].notes)


def test_merge_keeps_distinct_events_apart(gazetteer: geoevents.Gazetteer) -> None:
    a = extract_events("Three people were killed in an air strike on Rafah on Monday.",
                       published="2024-05-08", doc_id="a", gazetteer=gazetteer)
    b = extract_events("An air strike on Rafah on Monday killed three people.",
                       published="2024-05-08", doc_id="b", gazetteer=gazetteer)
    c = extract_events("Forty people were killed in an air strike on Rafah in March.",
                       published="2024-05-08", doc_id="c", gazetteer=gazetteer)
    merged = merge_events([*a, *b, *c])
    three = [e for e in merged if (k := e.count("killed")) and k.best == 3]
    assert len(three) == 1 and three[0].n_sources == 2
    assert any("merged" in n for n in three[0].notes)
    assert len(merged) == 2
    # order of input does not matter
    assert [e.id for e in merge_events([*c, *b, *a])] == [e.id for e in merged]


def test_geojson_contract(seed_events: list[Event]) -> None:
    fc = events_geojson(seed_events)
    assert fc["type"] == "FeatureCollection"
    ids = [f["id"] for f in fc["features"]]
    assert len(ids) == len(set(ids))
    for f in fc["features"]:
        props = f["properties"]
        assert list(props) == list(EVENT_FIELDS)
        assert all(v is None or isinstance(v, (str, int, float, bool)) for v in props.values())
        if f["geometry"] is not None:
            lon, lat = f["geometry"]["coordinates"]
            assert -180 <= lon <= 180 and -90 <= lat <= 90
        for k in ("killed", "injured"):
            lo, best, hi = props[f"{k}_low"], props[k], props[f"{k}_high"]
            if best is not None:
                assert lo <= best and (hi is None or best <= hi)
    json.dumps(fc)
    assert event_properties(seed_events[0])["n_sources"] >= 1


def test_split_sentences() -> None:
    text = "Mr. Smith went to Gaza. He said 2.5 a.m. was late.\nNew line here"
    spans = split_sentences(text)
    assert [text[a:b] for a, b, _ in spans] == [
        "Mr. Smith went to Gaza.", "He said 2.5 a.m. was late.", "New line here"]
    assert spans[-1][2] == 1


TRIGGER_PHRASES = (
    "an airstrike", "air strikes", "an air-raid", "a drone strike", "warplanes", "fighter jets",
    "attack helicopters", "aerial bombardment", "bombarded", "Israeli strikes", "strikes on",
    "carried out heavy strikes", "bombed", "bombings", "rockets", "a missile", "mortars",
    "projectiles", "a barrage", "volleys", "shelled", "shelling", "artillery", "explosions",
    "an explosive device", "an IED", "a car bomb", "bombers", "a blast", "detonated",
    "blew himself up", "raids", "an incursion", "stormed", "storming", "shot dead", "shot",
    "shooting", "a gunshot", "gunfire", "opened fire", "gunmen", "a sniper", "a gun battle",
    "firefights", "exchanged heavy fire", "an exchange of fire", "armed clashes", "fighting",
    "clashed with militants", "riots", "rioters", "clashes", "hurled stones", "threw rocks",
    "stone-throwing", "unrest", "disturbances", "tear gas", "rubber bullets", "stun grenades",
    "attacked", "assailants", "stabbed", "assaulted", "ambushed", "rammed", "ramming",
    "massacred", "murdered", "targeted", "beheaded", "lynched", "kidnapped", "abducted",
    "hostages", "arrested", "detained", "detentions", "taken into custody", "captured",
    "seized", "demolished", "demolitions", "razed", "bulldozing", "evictions", "evicted",
    "eviction notices", "damaged", "destroyed", "ripped a gaping hole", "set on fire", "torched",
    "burned down homes", "fled their homes", "displaced", "displacement", "forced to flee",
    "evacuated", "mobilised", "mobilization", "a call-up", "reservists", "intercepted",
    "Iron Dome", "shot down", "sirens", "air-raid warnings", "shelters", "protests",
    "protesters", "demonstrations", "a rally", "rallies", "marched through", "marched",
    "took to the streets", "strikers", "AIRSTRIKES",
)


@pytest.mark.parametrize("phrase", TRIGGER_PHRASES)
def test_trigger_anchor_gate_keeps_every_trigger(phrase: str) -> None:
    # the cheap substring gate in front of the trigger patterns must never hide a trigger
    from geoevents._events import _TRIGGER_ANCHORS, _TRIGGER_RE, _triggers

    sent = f"Officials reported {phrase} near the border."
    assert any(rx.search(sent) for _, rx in _TRIGGER_RE), phrase  # the phrase is a trigger
    assert any(a in sent.casefold() for a in _TRIGGER_ANCHORS)
    assert _triggers(sent), phrase


def test_trigger_gate_skips_plain_sentences() -> None:
    from geoevents._events import _triggers

    assert _triggers("The council met on Monday to discuss the budget.") == []


# --- fast paths: each must give exactly what the plain rule gives ----------------------------
def _triggers_plain(sent: str) -> list[tuple[str, int, int]]:
    """_triggers without the per-category gate: every pattern on every anchored sentence."""
    from geoevents._events import _ANAPHORIC, _IRREALIS, _TRIGGER_ANCHORS, _TRIGGER_RE, _in_quotes

    found: list[tuple[str, int, int]] = []
    if not any(a in sent.casefold() for a in _TRIGGER_ANCHORS):
        return found
    for cat, rx in _TRIGGER_RE:
        for m in rx.finditer(sent):
            before = sent[max(0, m.start() - 40): m.start()]
            if _in_quotes(sent, m.start()) or _ANAPHORIC.search(before) or \
                    _IRREALIS.search(before):
                continue
            found.append((cat, m.start(), m.end()))
    return found


@pytest.mark.parametrize("phrase", TRIGGER_PHRASES)
def test_category_anchors_keep_every_trigger(phrase: str) -> None:
    # a category's pattern runs only on sentences holding one of its own anchors
    from geoevents._events import _TRIGGER_ANCHORS_BY_CAT, _TRIGGER_RE

    sent = f"Officials reported {phrase} near the border."
    for cat, rx in _TRIGGER_RE:
        for m in rx.finditer(sent):
            assert any(a in m.group().casefold() for a in _TRIGGER_ANCHORS_BY_CAT[cat]), \
                (cat, m.group())


def test_category_gate_equals_plain_triggers() -> None:
    import random

    from geoevents._events import _triggers

    words = [*TRIGGER_PHRASES, "the", "these", "will", "said", "police", "killed", "“", "”",
             '"', "in", "Gaza", "by", "no", "the whole", "died", "gunmen", "rıots", "İed",
             "ſhelling", "Kidnapped", "STORMED", "air-raid", "war-torn", ",", "."]
    rng = random.Random(7)
    for _ in range(3000):
        sent = " ".join(rng.choice(words) for _ in range(rng.randint(1, 25)))
        assert _triggers(sent) == _triggers_plain(sent), sent


def test_run_masks_equal_every_anchor_tested() -> None:
    # a new run's anchors come from one scan of a prefix-tree pattern of all anchors
    import random

    from geoevents._events import _ANCHOR_BITS, _ANCHOR_HELD_BITS, _ContainedBits

    def plain(run: str) -> int:
        mask = 0
        for anchor, bits in _ANCHOR_BITS.items():
            if anchor in run:
                mask |= bits
        return mask

    anchors = list(_ANCHOR_BITS)
    rng = random.Random(13)
    for _ in range(20000):
        parts = [rng.choice(anchors) if rng.random() < 0.4 else
                 "".join(rng.choice("aeiorstkdlnmbf") for _ in range(rng.randint(0, 5)))
                 for _ in range(rng.randint(1, 4))]
        run = "".join(parts)
        if len(run) >= 3:
            assert _ContainedBits(_ANCHOR_HELD_BITS)[run] == plain(run), run


def test_single_pattern_equals_word_boundary_form() -> None:
    import random
    import re

    from geoevents._events import _SINGLE

    plain = re.compile(
        r"\b(?:[Aa]n?|[Oo]ne)\s+((?:[A-Z][\w-]+\s+)?(?:woman|man|child|boy|girl|soldier|"
        r"civilian|person|policeman|officer|teenager|infant|baby|journalist|settler|worshipper|"
        r"militant|fighter|resident|student|farmer)|[A-Z][a-z]+(?:i|ian|ean|an|ese|ish|er)"
        r"(?:\s+[A-Z][a-z]+)?)\b")
    words = ["a", "an", "A", "An", "one", "One", "ONE", "woman", "Israeli", "Palestinian man",
             "boy", "Kenyan", "_a", "ba", "éa", "1a", "\na", "one-", "a\u00a0child", "Gaza"]
    rng = random.Random(3)
    for _ in range(2000):
        text = rng.choice(["", " ", "-"]).join(rng.choice(words) for _ in range(rng.randint(1, 12)))
        text = text.replace("  ", " ")
        for p in range(len(text) + 1):
            a, b = plain.match(text, p), _SINGLE.match(text, p)
            assert (a and (a.span(), a.groups())) == (b and (b.span(), b.groups())), (text, p)


#: Every alternative of the five verb patterns of _verb_kind, in each written form.
FIGURE_VERB_PHRASES = (
    "killed", "killing", "kills", "kill", "dead", "died", "die", "death", "deaths", "slain",
    "lost their lives", "shot dead", "massacred", "executed", "fatality", "fatalities",
    "martyred", "death toll", "wounded", "wounding", "wounds", "wound", "injured", "injuring",
    "injuries", "injury", "hurt", "hospital treatment", "treated", "treating", "hospitalised",
    "hospitalized", "casualties", "fled", "displaced", "flee", "homeless", "evacuated",
    "forced from", "arrested", "arresting", "arrests", "arrest", "detained", "detaining",
    "detain", "rounded up", "mobilise", "mobilised", "mobilizing", "call up", "called up",
    "reservists", "KILLED", "Hospitalized",
)


@pytest.mark.parametrize("phrase", FIGURE_VERB_PHRASES)
def test_figure_gate_keeps_every_verb(phrase: str) -> None:
    # events_from_geoparse looks for quantities only in texts holding a figure anchor
    from geoevents._events import (
        _ARREST_VERB,
        _DISPLACE_VERB,
        _INJURE_VERB,
        _KILL_VERB,
        _MOBILISE_VERB,
        _may_have_figures,
    )

    text = f"Officials said 12 people {phrase} near the border."
    assert any(rx.search(text) for rx in (_KILL_VERB, _INJURE_VERB, _DISPLACE_VERB,
                                          _ARREST_VERB, _MOBILISE_VERB)), phrase
    assert _may_have_figures(text), phrase


def test_figure_gate_keeps_every_noun() -> None:
    from geoevents._events import (
        _INJURED_NOUNS,
        _KILLED_NOUNS,
        _ROCKET_NOUNS,
        _STRIKE_NOUNS,
        _may_have_figures,
    )

    for noun in [*_KILLED_NOUNS, *_INJURED_NOUNS, *_ROCKET_NOUNS, *_STRIKE_NOUNS]:
        assert _may_have_figures(f"Some 40 {noun.upper()}."), noun


def test_figure_gate_rules_out_only_texts_without_figures() -> None:
    # a text the gate rules out has no figure, from its quantities or "a woman" phrases
    import random

    from geoevents._events import _figures, _may_have_figures
    from geoevents._numbers import find_quantities

    words = ["12", "three", "dozens of", "at least 5", "people", "Israelis", "women", "were",
             "reported", "in", "Gaza", "said", "a woman", "seven", "of", "the", "homes",
             "more", ",", ".", "killed", "rockets", "20 injured", "Kılled", "ſtrikes",
             "an Israeli", "a Palestinian man", "one soldier", "and", "was", "shot", "hurt"]
    rng = random.Random(11)
    ruled_out = 0
    for _ in range(3000):
        sent = " ".join(rng.choice(words) for _ in range(rng.randint(1, 20)))
        if not _may_have_figures(sent):
            ruled_out += 1
            assert _figures(sent, find_quantities(sent), 0) == [], sent
    assert ruled_out > 100


def test_negated_sentence_gate() -> None:
    # events_from_geoparse looks for "no casualties" only in sentences holding "no ", "nobody"
    # or "thout" once lower-cased with single spaces; every match of the pattern has one
    from geoevents._events import _NEGATED_SENT

    for sent in ["No casualties were reported.", "NOBODY WAS hurt", "wıthout injuries",
                 "There were no\u00a0deaths", "no one was hurt", "Without casualties!"]:
        norm = " ".join(sent.split()).rstrip(".!?\"”’ ").lower()
        if _NEGATED_SENT.search(sent):
            assert "no " in norm or "nobody" in norm or "thout" in norm, sent


def test_sentence_boundary_equals_two_branch_form() -> None:
    import random
    import re

    from geoevents._events import _SENT_BOUNDARY

    plain = re.compile(r"[.!?]+['\"’”)\]]*(?=\s+[\"“‘'(\[]?[A-Z0-9])|\n+")
    parts = [".", "!", "?", "...", "\n", "\n\n", " ", "  ", "'", '"', "’", "”", ")", "]", "A",
             "b", "7", "“", "(", "Mr.", "x", "\t"]
    rng = random.Random(9)
    for _ in range(3000):
        text = "".join(rng.choice(parts) for _ in range(rng.randint(1, 30)))
        assert [(m.span(), m.group()) for m in _SENT_BOUNDARY.finditer(text)] == \
            [(m.span(), m.group()) for m in plain.finditer(text)], text
        for p in range(len(text) + 1):
            a, b = plain.match(text, p), _SENT_BOUNDARY.match(text, p)
            assert (a and a.span()) == (b and b.span()), (text, p)


def test_claim_gates_equal_plain_claims() -> None:
    import random

    from geoevents._events import (
        _CLAIM_AFTER,
        _CLAIM_AFTER_END,
        _CLAIM_BEFORE,
        _CLAIM_TAIL,
        _GROUP_LEAD,
        _claim_ok,
        _claims,
        _clean_np,
        _in_quotes,
    )

    def plain(sent: str) -> tuple[str, ...]:
        found = [np for m in _CLAIM_AFTER.finditer(sent)
                 if _claim_ok(np := _clean_np(m.group(1)))]
        for m in _CLAIM_BEFORE.finditer(sent):
            np = _GROUP_LEAD.sub("", _clean_np(m.group(1)))
            if _claim_ok(np) and not _in_quotes(sent, m.start(1)):
                found.append(np)
        end = _CLAIM_AFTER_END.search(sent)
        if end and _claim_ok(np := _clean_np(_CLAIM_TAIL.sub("", end.group(1)))):
            found.append(np)
        return tuple(dict.fromkeys(found))

    words = ["According to", "ACCORDING TO", "accordıng to", "per", "Per", "citing", "cıting",
             "quoted by", "Reported by", "reported", "said", "says", "told", "claimed", "Said",
             "confirmed", "announced", "stated", "the", "Health Ministry", "police", "officials",
             "Reuters", ",", ".", "“", "”", "and", "while", "has", "İn", "Gaza", "two", "killed"]
    rng = random.Random(4)
    for _ in range(4000):
        sent = " ".join(rng.choice(words) for _ in range(rng.randint(1, 20)))
        assert _claims(sent) == plain(sent), sent


def test_merge_memo_and_facts_agree_with_the_plain_checks(seed_events: list[Event]) -> None:
    """The merge's remembered place checks and precomputed facts give the plain answers."""
    import dataclasses

    from geoevents._events import Count
    from geoevents._merging import _Facts, _place_ok, _why, compatible

    evs = list(seed_events)
    # figures repeated within one report: the first of a kind counts, as Event.count says
    evs.append(dataclasses.replace(evs[0], counts=(("killed", Count(3, 3, 3, "", "3")),
                                                   ("killed", Count(40, 40, 40, "", "40")))))
    evs.append(dataclasses.replace(evs[1], date_start=None, date_end=None))
    facts = [_Facts(e) for e in evs]
    for f in facts:
        assert all(f.counts.get(k) is f.ev.count(k) for k in
                   ("killed", "injured", "rockets", "strikes", "displaced", "arrested"))
    memo: dict = {}
    for _ in range(2):  # the second pass answers from the memo
        for fa in facts:
            for fb in facts:
                assert _why(fa, fb, memo) == _why(fa, fb) == compatible(fa.ev, fb.ev)
                key = (fa.where, fb.where)
                if key in memo:  # asked unless the dates already ruled the pair out
                    assert memo[key] == _place_ok(fa.ev, fb.ev)
    assert 0 < len(memo) < len(facts) ** 2  # reports share places
