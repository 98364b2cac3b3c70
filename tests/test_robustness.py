"""Hostile and random input: the pipeline never raises and its outputs keep their invariants."""

from __future__ import annotations

import json
import random

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import geoevents
from geoevents import extract_events, geoparse, merge_events
from geoevents._export import events_geojson

_WORDS = (
    "killed injured wounded rockets strikes air strike raid Gaza Ashkelon Sderot Jenin "
    "southwest of near in at on Monday Tuesday January 26 2022 at least more than dozens "
    "hundreds nine 1,620 5,000 -5 10^30 90% percent <script> \" ' \\ \u202e "
    "\u05e9\u05dc\u05d5\u05dd "
    "\u063a\u0632\u0629 . , ; : — \n \n\n ( ) including children women said according to"
).split(" ")

text_like = st.lists(st.sampled_from(_WORDS), max_size=60).map(" ".join)
any_text = st.one_of(st.text(max_size=300), text_like)

SETTINGS = settings(max_examples=150, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow,
                                           HealthCheck.function_scoped_fixture])


def _check_counts(ev: geoevents.Event) -> None:
    for _, c in (*ev.counts, *ev.breakdown):
        assert c.best >= 0
        assert c.low is None or 0 <= c.low <= c.best
        assert c.high is None or c.best <= c.high


@SETTINGS
@given(text=any_text, published=st.one_of(st.none(), st.dates().map(lambda d: d.isoformat())))
def test_extract_events_never_raises(gazetteer: geoevents.Gazetteer, text: str,
                                     published: str | None) -> None:
    evs = extract_events(text, published=published, doc_id="h", gazetteer=gazetteer)
    for ev in evs:
        _check_counts(ev)
        if ev.lat is not None and ev.lon is not None:
            assert -90 <= ev.lat <= 90 and -180 <= ev.lon <= 180
        for x in ev.evidence:
            assert text[x.start:x.end] == x.sentence
        if ev.date_start and ev.date_end:
            assert ev.date_start <= ev.date_end
        assert ev.geo_precision in (1, 2, 3)
        assert ev.time_precision in (None, 1, 2, 3)
    for ev in merge_events(evs):
        _check_counts(ev)
    json.dumps(events_geojson(evs))


@SETTINGS
@given(text=any_text)
def test_geoparse_offsets_and_coordinates(gazetteer: geoevents.Gazetteer, text: str) -> None:
    res = geoparse(text, gazetteer=gazetteer)
    for m in res.mentions:
        assert 0 <= m.start < m.end <= len(text)
        assert text[m.start:m.end] == m.text
        if m.place is not None:
            assert -90 <= m.place.lat <= 90 and -180 <= m.place.lon <= 180
        assert 0.0 <= m.score <= 1.0 or m.place is None


def test_absurd_numbers_are_not_counts(gazetteer: geoevents.Gazetteer) -> None:
    evs = extract_events("10^30 killed and -5 injured in Gaza on Monday. 1e30 people died in "
                         "Rafah.", published="2024-01-10", doc_id="x", gazetteer=gazetteer)
    for ev in evs:
        for kind in ("killed", "injured"):
            c = ev.count(kind)
            assert c is None or 0 <= c.best < 100_000_000


def test_impossible_dates_are_not_dates(gazetteer: geoevents.Gazetteer) -> None:
    evs = extract_events("Two people were killed in Rafah on February 30, 2024.",
                         published="2024-03-05", doc_id="x", gazetteer=gazetteer)
    assert evs and all(e.date_start is None or e.date_start.month != 2 or
                       e.date_start.day <= 29 for e in evs)


def test_very_long_line_and_rtl(gazetteer: geoevents.Gazetteer) -> None:
    line = ("Rockets hit Sderot \u202eتم قصف غزة\u202c and " * 2000) + "ten people were killed."
    evs = extract_events(line, published="2024-01-10", doc_id="x", gazetteer=gazetteer)
    assert isinstance(evs, list)


def test_merge_is_order_independent(gazetteer: geoevents.Gazetteer) -> None:
    texts = [
        "Three people were killed in an air strike on Rafah on Monday.",
        "An air strike on Rafah on Monday killed three people, medics said.",
        "Rockets were fired at Sderot on Tuesday; sirens sounded in Ashkelon.",
        "At least 12 people were killed in shelling of Kharkiv on Sunday.",
    ]
    evs = [ev for i, t in enumerate(texts)
           for ev in extract_events(t, published="2024-05-08", doc_id=f"d{i}",
                                    gazetteer=gazetteer)]
    ref = json.dumps(events_geojson(merge_events(evs)), sort_keys=True)
    rng = random.Random(7)
    for _ in range(5):
        rng.shuffle(evs)
        assert json.dumps(events_geojson(merge_events(evs)), sort_keys=True) == ref


def test_errors_pickle_with_their_fields() -> None:
    # errors cross process boundaries (multiprocessing, Dask workers)
    import pickle

    from geoevents._exceptions import (
        AssetIntegrityError,
        AssetsNotFoundError,
        DocumentError,
        InputError,
        PlaceNotFoundError,
    )

    for exc in (DocumentError("a.txt", "is empty"), PlaceNotFoundError("geonames:1"),
                AssetsNotFoundError(["leaflet@1.9.3/dist/leaflet.js"], "/tmp/c"),
                AssetIntegrityError("x@1", "sha512-a", "sha512-b"), InputError("bad")):
        back = pickle.loads(pickle.dumps(exc))
        assert type(back) is type(exc) and str(back) == str(exc)
        assert vars(back) == vars(exc)


def test_places_unpickle_as_one_object_per_place(gazetteer) -> None:
    """Results cross process boundaries a batch at a time (``--jobs``, Dask), each batch with
    its own copy of the places it names: an equal place unpickled again is the same object,
    so a collection keeps one per place, as in one process."""
    import dataclasses
    import pickle

    from geoevents import Place
    from geoevents._types import _PLACE_FIELDS

    assert _PLACE_FIELDS[-1] == "raw"  # __reduce__ marks the empty raw in the last position
    ashkelon = gazetteer.get("geonames:295620")
    one, two = (pickle.loads(pickle.dumps([ashkelon, ashkelon])) for _ in range(2))
    assert one[0] is one[1] is two[0] is two[1] and one[0] is not ashkelon
    assert one[0] == ashkelon and one[0].raw == ashkelon.raw and one[0].names == ashkelon.names
    # the same id with other values, or another raw row, is its own object
    moved = dataclasses.replace(ashkelon, lat=31.0)
    back = pickle.loads(pickle.dumps(moved))
    assert back == moved and back is not one[0] and back.lat == 31.0
    other_row = dataclasses.replace(ashkelon, raw={"rid": -1})
    back = pickle.loads(pickle.dumps(other_row))
    assert back.raw == {"rid": -1} and back is not one[0]
    # a place made by hand (raw empty, a mappingproxy that pickle cannot take) round-trips
    made = Place("x:1", "Somewhere", 1.5, 2.5, "city", "IL", names=("Somewhere",),
                 importance=0.5, has_polygon=True)
    back = pickle.loads(pickle.dumps(made))
    assert back == made and dict(back.raw) == {} and back.has_polygon
