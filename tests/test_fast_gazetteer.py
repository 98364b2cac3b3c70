"""The gazetteer's fast paths give what the general logic gives.

``bulk_match`` reads the ``names`` rows with their places' rows in one joined query and builds
only the places it has not built yet (by position); ``_fuzzy_keys`` reads the keys as one value;
``_json_list`` calls the JSON scanner directly; ``_match_score`` remembers scores; ``country``
and ``get`` remember rows. Each is compared here with the plain form it replaces.
"""

from __future__ import annotations

import json
import math
import random
import zlib
from typing import Any

import pytest

from geoevents._gazetteer import (
    _MATCH_TIER_SCORE,
    _NAME_BONUS,
    _PLACE_COL_NAMES,
    _PLACE_COLS,
    Gazetteer,
    _cols,
    _json_list,
    _match_score,
)
from geoevents._normalize import ARABIC_ARTICLES, name_key, variant_key, variant_opening
from geoevents._types import Candidate, Place


def _reference_bulk_match(g: Gazetteer, keys: list[str], *, variant: bool
                          ) -> dict[str, list[Candidate]]:
    """``bulk_match`` as it was: one joined query for every key, no filter, no caches."""
    column, match = ("vkey", "variant") if variant else ("key", "exact")
    uniq = sorted({k for k in keys if k})
    rows: list[tuple[Any, ...]] = []
    for i in range(0, len(uniq), 900):
        chunk = uniq[i: i + 900]
        rows += g._query(
            f"SELECT n.name, n.is_primary, n.{column}, {_cols('p')} FROM names n "
            f"JOIN places p ON p.rid = n.rid WHERE n.{column} IN ({','.join('?' * len(chunk))})",
            chunk)
    out: dict[str, list[Candidate]] = {}
    for r in rows:
        place = r[3:]
        names: list[str] = []
        for (name,) in g._query("SELECT name FROM names WHERE rid = ? ORDER BY rowid",
                                (place[0],)):
            if name not in names:
                names.append(name)
        pid = str(place[1])
        p = Place(id=pid, name=place[2], lat=float(place[4]), lon=float(place[5]),
                  kind=place[3], country=place[6] or "", admin1=place[7] or "",
                  population=int(place[8] or 0),
                  parents=tuple(x for x in (place[9] or "").split("|") if x),
                  source=place[10], names=tuple(names), importance=float(place[11]),
                  has_polygon=pid in g._polygon_ids,
                  raw=dict(zip(_PLACE_COL_NAMES, place, strict=True)))
        tier = _MATCH_TIER_SCORE[match]
        score = tier / (1.0 + math.exp(-(p.importance + _NAME_BONUS[r[1]] - 2.0)))
        out.setdefault(r[2], []).append(Candidate(p, round(score, 4), match, r[0]))
    # new keys come out in sorted order
    return {k: out[k] for k in uniq if k in out}


def _same(got: dict[str, list[Candidate]], want: dict[str, list[Candidate]]) -> None:
    assert sorted(got) == sorted(want)
    for k in want:
        assert [repr(c) for c in got[k]] == [repr(c) for c in want[k]], k
        assert [dict(c.place.raw) for c in got[k]] == [dict(c.place.raw) for c in want[k]], k
        assert [list(c.place.raw) for c in got[k]] == [list(c.place.raw) for c in want[k]], k
        assert [(c.place.names, c.place.has_polygon) for c in got[k]] == [
            (c.place.names, c.place.has_polygon) for c in want[k]], k


def _sample_keys(g: Gazetteer, column: str, seed: int, n: int) -> list[str]:
    rng = random.Random(seed)
    keys = [k for (k,) in g._query(
        f"SELECT {column} FROM names WHERE {column} IS NOT NULL AND rowid % 97 = ?",
        (seed % 97,))]
    picked = rng.sample(keys, min(n, len(keys)))
    # well-known names (many rows each), keys the index lacks, an empty key, repeats
    picked += ["london", "paris", "springfield", "jordan", "gaza", "khan yunis", "the",
               "zzqx nowhere", "", "paris", "new york city", "al bureij"]
    rng.shuffle(picked)
    return picked


@pytest.mark.parametrize("variant", [False, True])
@pytest.mark.parametrize("place_names", [True, False])
def test_bulk_match_equals_the_joined_query(gazetteer: Gazetteer, variant: bool,
                                            place_names: bool) -> None:
    g = Gazetteer(gazetteer.path)
    if not place_names:  # an older index: the names rows give each place's names
        g.__dict__["_has_place_names"] = False
    column = "vkey" if variant else "key"
    for seed in range(4):
        keys = _sample_keys(g, column, seed, 300)
        want = _reference_bulk_match(g, keys, variant=variant)
        cache = g._variant_cache if variant else g._key_cache
        cached = [k for k in dict.fromkeys(keys) if k in cache and k in want]
        got = g.bulk_match(keys, variant=variant)
        _same(got, want)
        # the keys already cached first, as asked; then the new ones in sorted order
        assert list(got) == cached + [k for k in want if k not in cached]
        # the same keys again come from the cache, in the order asked
        again = g.bulk_match(list(reversed(keys)), variant=variant)
        _same(again, want)
        assert list(again) == list(dict.fromkeys(k for k in reversed(keys) if k in want))


def test_bulk_match_order_of_fresh_keys(gazetteer: Gazetteer) -> None:
    # the keys already cached first, as asked; then the new ones in sorted order
    g = Gazetteer(gazetteer.path)
    g.bulk_match(["paris", "zzqx nowhere"])
    out = g.bulk_match(["tel aviv", "zzqx nowhere", "paris", "cairo", "amman", "", "cairo"])
    assert list(out) == ["paris", "amman", "cairo", "tel aviv"]


def test_bulk_match_without_key_filters(gazetteer: Gazetteer) -> None:
    # an index without key filters asks about every key: the same answers
    g, plain = Gazetteer(gazetteer.path), Gazetteer(gazetteer.path)
    plain.__dict__["_key_filters"] = {}
    keys = _sample_keys(g, "key", 5, 200)
    _same(plain.bulk_match(keys), g.bulk_match(keys))
    # a key the filter rules out is a miss without a query, remembered as one
    bits = g._key_filters["key"]
    mask = len(bits) * 8 - 1
    out = [k for k in (f"zq {i} nowhere" for i in range(200))
           if not bits[(zlib.crc32(k.encode()) & mask) >> 3] >> (zlib.crc32(k.encode()) & 7) & 1]
    assert out and g.bulk_match(out) == {} and all(g._key_cache[k] == () for k in out)


def test_places_built_once_and_shared(gazetteer: Gazetteer) -> None:
    g = Gazetteer(gazetteer.path)
    first = g.bulk_match(["springfield"])["springfield"]
    ids = {c.place.id for c in first}
    # a place reached by another of its names is the same object
    for c in first:
        assert g._place_cache[int(c.place.raw["rid"])] is c.place
    assert g.get(first[0].place.id) is first[0].place
    # the same places for another key they carry come from the place cache
    other = g.bulk_match([name_key(first[0].place.name)])
    assert any(c.place is first[0].place for cands in other.values() for c in cands)
    assert len(ids) == len({id(c.place) for c in first})


def test_place_built_by_position_in_field_order(gazetteer: Gazetteer) -> None:
    # _new_place passes Place's fields by position: they are in this order
    from dataclasses import fields

    assert [f.name for f in fields(Place)] == [
        "id", "name", "lat", "lon", "kind", "country", "admin1", "population", "parents",
        "source", "names", "importance", "has_polygon", "raw"]
    g = Gazetteer(gazetteer.path)
    rows = g._query(f"SELECT {_PLACE_COLS} FROM places WHERE rid % 997 = 5 LIMIT 300")
    rows += g._query(f"SELECT {_PLACE_COLS} FROM places WHERE kind = 'country' LIMIT 20")
    for row in rows:
        names = ("A", "B")
        pid = str(row[1])
        want = Place(id=pid, name=row[2], lat=float(row[4]), lon=float(row[5]), kind=row[3],
                     country=row[6] or "", admin1=row[7] or "", population=int(row[8] or 0),
                     parents=tuple(x for x in (row[9] or "").split("|") if x),
                     source=row[10], names=names, importance=float(row[11]),
                     has_polygon=pid in g._polygon_ids,
                     raw=dict(zip(_PLACE_COL_NAMES, row, strict=True)))
        got = g._new_place(row, names)
        assert repr(got) == repr(want) and got == want
        assert list(got.raw.items()) == list(want.raw.items())
        assert g._place_cache[int(row[0])] is got


def test_country_and_get_remember_rows(gazetteer: Gazetteer) -> None:
    # country() and get() remember the index row by code / id: the same places as the
    # queries give, and the same objects while the place cache keeps them
    import geoevents._gazetteer as gz

    g, ref = Gazetteer(gazetteer.path), Gazetteer(gazetteer.path)
    ref._country_rows = _NoMemo()
    ref._id_rows = _NoMemo()
    codes = ["IL", "ps", "US", "eg", "XX", "", "GB", "Fr", "IL", "xx", "us"]
    for code in codes + codes:
        a, b = g.country(code), ref.country(code)
        assert repr(a) == repr(b)
        assert a is None or a is g.country(code.upper())
    assert g._country_rows["XX"] is None and "xx" not in g._country_rows
    ids = [p.id for p in (g.country(c) for c in codes) if p is not None]
    ids += [c.place.id for c in g.lookup("Springfield")] + ["nowhere:1", "geonames:0"]
    for pid in ids + ids:
        try:
            want = repr(ref.get(pid))
        except gz.PlaceNotFoundError:
            with pytest.raises(gz.PlaceNotFoundError):
                g.get(pid)
        else:
            assert repr(g.get(pid)) == want
            assert g.get(pid) is g.get(pid)
    assert g._id_rows["nowhere:1"] is None
    # not a str: no memo, the query decides (as before)
    with pytest.raises(gz.PlaceNotFoundError):
        g.get(12345)  # type: ignore[arg-type]
    assert 12345 not in g._id_rows
    # a full memo starts again
    g._id_rows = dict.fromkeys((f"x{i}" for i in range(gz._ROW_MEMO_SIZE)), None)
    assert g.get(ids[0]).id == ids[0] and len(g._id_rows) == 1
    g._country_rows = dict.fromkeys((f"Q{i}" for i in range(gz._ROW_MEMO_SIZE)), None)
    assert g.country("IL") is not None and list(g._country_rows) == ["IL"]
    # the place cache emptied: the remembered row builds the place again
    place = g.country("EG")
    g._place_cache.clear()
    again = g.country("EG")
    assert again is not place and repr(again) == repr(place)


class _NoMemo(dict):  # type: ignore[type-arg]
    """A memo that remembers nothing: every call queries the index."""

    def __setitem__(self, key: object, value: object) -> None:
        pass


def test_fuzzy_key_list_equals_the_rows(gazetteer: Gazetteer) -> None:
    rows = [k for (k,) in gazetteer._query("SELECT key FROM fuzzy_keys ORDER BY rowid")]
    assert gazetteer._fuzzy_key_list() == [k for k in rows if k is not None]
    buckets: dict[tuple[str, int], list[str]] = {}
    for k in rows:
        if k:
            buckets.setdefault((k[0], len(k)), []).append(k)
    assert Gazetteer(gazetteer.path)._fuzzy_keys == buckets


def test_fuzzy_key_list_with_a_line_break(tmp_path) -> None:
    # a key holding the separator: the count differs and the rows are read one by one
    import sqlite3

    path = tmp_path / "tiny.sqlite"
    con = sqlite3.connect(path)
    con.execute("CREATE TABLE meta(k TEXT PRIMARY KEY, v TEXT)")
    con.execute('CREATE TABLE fuzzy_keys("key" TEXT)')
    keys = ["gaza city", "two\nlines", None, "", "zanzibar"]
    con.executemany("INSERT INTO fuzzy_keys VALUES (?)", [(k,) for k in keys])
    con.commit()
    con.close()
    g = Gazetteer(path)
    assert g._fuzzy_key_list() == ["gaza city", "two\nlines", "", "zanzibar"]
    assert g._fuzzy_keys == {("g", 9): ["gaza city"], ("t", 9): ["two\nlines"],
                             ("z", 8): ["zanzibar"]}
    g.close()


@pytest.mark.parametrize("text", [
    '["Gaza", "Ghazzah", "غزة"]', "[]", '["a"]', ' ["a"]', '["a"] ', '\ufeff["a"]', '["a"',
    '["a"]x', "", "   ", '{"a": 1}', "1", '"s"', '["\\u00e9t\\u00e9", "x\\"y"]', "[1, 2.5, null]",
])
def test_json_list_equals_json_loads(text: str) -> None:
    try:
        want: Any = json.loads(text)
    except ValueError as exc:
        with pytest.raises(type(exc)) as err:
            _json_list(text)
        assert str(err.value) == str(exc)
    else:
        assert _json_list(text) == want
        assert type(_json_list(text)) is type(want)


def test_json_list_on_the_place_names_rows(gazetteer: Gazetteer) -> None:
    for (listed,) in gazetteer._query("SELECT names FROM place_names WHERE rid % 211 = 3"):
        assert _json_list(listed) == json.loads(listed)


def test_match_score_equals_the_formula() -> None:
    rng = random.Random(3)
    weights = [rng.uniform(-4, 9) for _ in range(3000)] + [
        round(rng.uniform(-4, 9), 4) for _ in range(3000)] + [0.0, -0.0, 2.0, 1.5, -1.5, 30.0]
    for match, tier in _MATCH_TIER_SCORE.items():
        for w in weights:
            want = round(tier / (1.0 + math.exp(-(w - 2.0))), 4)
            assert _match_score(match, w) == want
            assert _match_score(match, w) == want  # remembered




@pytest.mark.parametrize("column", ["key", "vkey"])
def test_filtered_keys_with_and_without_numpy(gazetteer: Gazetteer, column: str,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    # the key filter tested with numpy (large batches, numpy loaded) or key by key: the same
    import sys

    import numpy  # noqa: F401  (loaded, as in the pipeline)

    import geoevents._gazetteer as gz

    bits = gazetteer._key_filters[column]
    mask = len(bits) * 8 - 1

    def plain(keys: set[str]) -> list[str]:
        return sorted(k for k in keys if bits[(zlib.crc32(k.encode()) & mask) >> 3]
                      >> (zlib.crc32(k.encode()) & 7) & 1)

    rng = random.Random(11)
    real = [k for (k,) in gazetteer._query(
        f"SELECT {column} FROM names WHERE {column} IS NOT NULL AND rowid % 101 = 5")]
    for size in (1, 5, gz._VECTOR_MIN_KEYS - 1, gz._VECTOR_MIN_KEYS, 200, 3000):
        todo = set(rng.sample(real, min(size, len(real)) // 2))
        todo |= {f"{rng.choice(real)} {rng.randrange(10**6)}" for _ in range(size - len(todo))}
        todo |= {"غزة الجديدة", "zürich north", "ḥebron"} if size > 3 else set()
        want = plain(todo)
        assert gazetteer._filtered(todo, column) == want
        monkeypatch.setitem(sys.modules, "numpy", None)  # not loaded: key by key
        assert gazetteer._filtered(todo, column) == want
        monkeypatch.undo()
    # no filter in the index: every key, sorted
    g = Gazetteer(gazetteer.path)
    g.__dict__["_key_filters"] = {}
    assert g._filtered({"b", "a", "c"}, column) == ["a", "b", "c"]


@pytest.mark.parametrize("place_names", [True, False])
def test_place_cache_emptied_between_lookups_only(gazetteer: Gazetteer,
                                                  place_names: bool) -> None:
    # a bounded place cache starts again from empty when it is full, and a lookup that
    # meets a full cache still returns every candidate (it used to empty the cache after
    # working out which places to build, then read places cached before from it)
    g, ref = Gazetteer(gazetteer.path), Gazetteer(gazetteer.path)
    if not place_names:
        g.__dict__["_has_place_names"] = False
    g._PLACE_CACHE_MAX = 20
    emptied = 0
    for seed in range(6):
        keys = _sample_keys(g, "key", seed + 10, 60)
        before = len(g._place_cache)
        got = g.bulk_match(keys)
        emptied += before > 20
        _same(got, ref.bulk_match(keys))
        assert len(g._place_cache) <= 20 + sum(len(v) for v in got.values())
    # a new key whose place is cached, met when the cache is full
    full = Gazetteer(gazetteer.path)
    if not place_names:
        full.__dict__["_has_place_names"] = False
    place = next(c.place for c in full.bulk_match(["jerusalem"])["jerusalem"]
                 if len(c.place.names) > 3)
    full.bulk_match(_sample_keys(full, "key", 99, 60))
    full._PLACE_CACHE_MAX = 20
    others = [k for k in dict.fromkeys(name_key(n) for n in place.names)
              if k and k not in full._key_cache]
    assert others and int(place.raw["rid"]) in full._place_cache
    assert len(full._place_cache) > 20
    _same(full.bulk_match(others), ref.bulk_match(others))
    # the places of a cached key may have left the cache: they are read back by id
    for name in ("Springfield", "Paris", "Gaza City", "Khan Yunis"):
        assert [repr(c) for c in g.lookup(name)] == [repr(c) for c in ref.lookup(name)]
    assert emptied >= 2


def test_word_openings_are_the_words_before_each_space() -> None:
    from geoevents._gazetteer import _word_openings

    keys = ["gaza", "khan yunis", "new york city", "a b c d", "x  y", " lead", "tail ", "",
            "deir al balah", "غزة الجديدة"]
    want = {" ".join(k.split(" ")[:m]) for k in keys for m in range(1, len(k.split(" ")))}
    assert _word_openings(keys) == want
    assert _word_openings([]) == set()


@pytest.mark.parametrize("variant", [False, True])
def test_prefix_filter_lets_every_opening_through(gazetteer: Gazetteer, variant: bool) -> None:
    # an opening of any key of the index passes (no false negatives); for the variant
    # filter, the openings of the exact keys of the names that have a variant key
    assert gazetteer.prefix_filter(variant=variant) is not None
    column = "vkey" if variant else "key"
    rows = gazetteer._query(
        f"SELECT key, vkey FROM names WHERE {column} IS NOT NULL AND rowid % 53 = 7")
    checked = 0
    for key, vkey in rows:
        words = key.split(" ")
        for m in range(1, len(words)):
            opening = " ".join(words[:m])
            assert gazetteer.may_open(opening, variant=variant), (key, opening)
            if variant:
                assert vkey.startswith(variant_opening(opening) + " ") \
                    or not variant_opening(opening)
            checked += 1
    assert checked > 100
    # most strings that open no key are ruled out
    misses = [f"zq{i} qz" for i in range(1000)]
    assert sum(gazetteer.may_open(m, variant=variant) for m in misses) < 100
    # an index without the filter rules out nothing
    g = Gazetteer(gazetteer.path)
    g.__dict__["_key_filters"] = {}
    assert g.prefix_filter(variant=variant) is None and all(
        g.may_open(m, variant=variant) for m in misses[:50])


def test_variant_opening_opens_the_variant_key() -> None:
    rng = random.Random(5)
    words = ["al", "el", "an", "as", "beit", "khan", "yunis", "deir", "balah", "new", "york",
             "ţūlkarm", "غزة", "qassam", "ashqelon", "jabalia", "st", "x", "9", "ad", "ech"]
    for _ in range(3000):
        head = " ".join(rng.choice(words) for _ in range(rng.randint(1, 4)))
        rest = " ".join(rng.choice(words) for _ in range(rng.randint(1, 3)))
        opening = variant_opening(head)
        full = variant_key(f"{head} {rest}")
        assert (full.startswith(opening + " ") if opening else True), (head, rest)
        # every word of the head is folded, and every article dropped
        assert opening == " ".join(
            variant_key(w) for w in name_key(head).split() if w not in ARABIC_ARTICLES)



def test_may_open_remembers_its_variant_answers(gazetteer: Gazetteer,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    # the remembered answer for the variant form is the one worked out afresh, the first
    # time and every later time, also after the memory is emptied at its bound
    rng = random.Random(11)
    words = ["al", "el", "khan", "yunis", "deir", "balah", "new", "york", "beit", "lahia",
             "zq", "qz", "ţūlkarm", "st", "san", "jose", "x", "9", "ash", "shati"]
    openings = [" ".join(rng.choice(words) for _ in range(rng.randint(1, 3)))
                for _ in range(600)] + ["", "al", "al el"]
    g = Gazetteer(gazetteer.path)
    monkeypatch.setattr("geoevents._gazetteer._ROW_MEMO_SIZE", 50)
    answers = set()
    for _ in range(2):
        for opening in openings:
            want = g._may_open(opening, variant=True)
            assert g.may_open(opening, variant=True) is want, opening
            assert g.may_open(opening, variant=True) is want, opening
            assert len(g._variant_opens) <= 50
            answers.add(want)
            assert g.may_open(opening) is g._may_open(opening, variant=False)
    assert answers == {True, False}
    # an index without the filter: every answer True
    g = Gazetteer(gazetteer.path)
    g.__dict__["_key_filters"] = {}
    assert all(g.may_open(m, variant=True) for m in openings)



def test_skeleton_as_with_the_template() -> None:
    # _skeleton collapses repeats with a C-level callable: the same as the template r"\1"
    import re

    from geoevents import _normalize as N

    def plain(token: str) -> str:
        if token in N._BEIT:
            return "bt"
        if not token.isascii() or not token.isalpha():
            return token
        token = re.sub(r"(.)\1+", r"\1", token)
        for old, new in N._FOLDS:
            token = token.replace(old, new)
        head, tail = token[0], token[1:]
        tail = re.sub(r"[aeiouy]+", "a", tail)
        if head in "aeiou":
            head = "a"
        return re.sub(r"(.)\1+", r"\1", head + tail)

    rng = random.Random(3)
    letters = "aaeeiouybcdghjkkllmnpqsstzwx"
    words = ["".join(rng.choice(letters) for _ in range(rng.randint(1, 12))) for _ in range(5000)]
    words += ["mississippi", "jabaliyya", "beit", "bayt", "aaa", "a", "zz", "ţūlkarm", "x9",
              "ashkelon", "khan", "yunis", "qassam", "schenectady", "ccchhh"]
    for word in words:
        assert N._skeleton.__wrapped__(word) == plain(word), word



def test_variant_opening_as_through_name_key() -> None:
    # the path for keys that are their own name key gives what name_key's path gives, on
    # keys and on strings that are not keys (capitals, doubled or edge spaces, punctuation)
    rng = random.Random(8)
    pieces = ["al", "el", "khan", "yunis", "beit", "Deir", "x", "9", " ", "  ", "-", "'",
              "ţūlkarm", "St.", "ash", "qassam", "NEW", "york", "_", "a1", "b"]
    for _ in range(4000):
        key = (" " if rng.random() < 0.8 else "").join(
            rng.choice(pieces) for _ in range(rng.randint(1, 5)))
        want = " ".join(variant_key(w) for w in name_key(key).split() if w not in ARABIC_ARTICLES)
        assert variant_opening.__wrapped__(key) == want, key


_PREFIX_TEXTS = [
    "Residents of St. Louis and Mt. Vernon met in Ft. Worth, Texas, near Pt. Pleasant.",
    "Fighting in El Peten and Al Bureij camp spread to Deir al-Balah and Khan Yunis.",
    "The mayor of Khan Younis said Beit Lahia and Jabalya were shelled near Ashqelon.",
    "People's Republic of China officials met New York City's mayor in Rio de Janeiro.",
    "Sheikh Zayed Road in Abu Dhabi; Bandar Seri Begawan; Port-au-Prince, Haiti.",
    "St Paul and Ste Genevieve, Mo., were flooded; Saint-Cloud, France; Mt Kilimanjaro.",
    "Mr. Obama visited Ţūlkarm and an-Nuseirat; El Paso County, Colorado; al-Mughraqa.",
    "Ras al-Khaimah, Umm Qasr, Wadi Gaza, Bani Suheila and Abasan al-Kabira were hit.",
    "The Hague, Los Angeles, Las Vegas, San Francisco Bay Area and Salt Lake City.",
    "_ Gaza _ City; Tel Aviv-Yafo; West Bank town of Qalqilya; South Sudan's Juba.",
    # variant matches whose first word opens no exact key ("jabaaliya", "beyt")
    "Troops entered Jabaaliya Camp and Beyt Lahiya; Deyr al-Balah and Khaan Yunis.",
    # names only their expansion has ("st catherine" opens no key, "saint catherine" does)
    "Rain fell on St. Catherine Parish, St. Anne Sandy Point and St. Luke Parish.",
]


def test_recognize_with_and_without_the_prefix_filter(gazetteer: Gazetteer) -> None:
    # the n-gram loop stops extending where no key (nor expansion, nor variant key) can
    # open: the same spans as extending every n-gram (an index without the filter)
    import json as _json
    from itertools import islice
    from pathlib import Path

    from geoevents._recognition import recognize

    texts = list(_PREFIX_TEXTS)
    lgl = Path("/work/shared/eval/lgl.jsonl")
    if lgl.exists():
        with lgl.open(encoding="utf-8") as f:
            texts += [_json.loads(line)["text"] for line in islice(f, 60)]
    plain = Gazetteer(gazetteer.path)
    plain.__dict__["_key_filters"] = {
        k: v for k, v in gazetteer._key_filters.items() if not k.endswith("_prefix")}
    assert plain.prefix_filter() is None and gazetteer.prefix_filter() is not None
    for text in texts:
        got, want = recognize(text, gazetteer), recognize(text, plain)
        assert repr(got) == repr(want), text[:80]
