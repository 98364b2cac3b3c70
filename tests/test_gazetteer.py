from __future__ import annotations

import pytest

import geoevents
from geoevents import Gazetteer, PlaceNotFoundError, haversine_km

# (query, expected lat, lon, tolerance km): the list of the gazetteer issue.
EXPECTED = [
    ("Ashkelon", 31.669, 34.571, 5),
    ("Ashkelom", 31.669, 34.571, 5),
    ("Ashdod", 31.792, 34.650, 5),
    ("Sderot", 31.525, 34.597, 5),
    ("Sheikh Jarrah", 31.795, 35.232, 3),
    ("Lod", 31.947, 34.890, 5),
    ("Jenin", 32.459, 35.301, 5),
    ("Jenin refugee camp", 32.461, 35.288, 3),
    ("al-Maghazi refugee camp", 31.421, 34.385, 3),
    ("Maghazi", 31.421, 34.385, 3),
    ("Beit Nekofa", 31.805, 35.126, 3),
    ("Al-Aqsa Mosque", 31.778, 35.236, 2),
    ("Knesset", 31.777, 35.205, 2),
    ("Gaza City", 31.50, 34.46, 5),
    ("Gaza Strip", 31.40, 34.38, 20),
    ("West Bank", 32.0, 35.25, 30),
    ("East Jerusalem", 31.783, 35.234, 3),
    ("Jerusalem", 31.769, 35.216, 5),
    ("Khan Younis", 31.340, 34.306, 5),
    ("Jabalia camp", 31.532, 34.490, 3),
    ("Rafah", 31.297, 34.244, 5),
    ("Nuseirat", 31.449, 34.392, 3),
    ("Deir al-Balah", 31.418, 34.349, 3),
    ("Beit Hanoun", 31.535, 34.536, 3),
    ("Silwan", 31.770, 35.237, 3),
    ("Huwara", 32.152, 35.257, 3),
    ("Nablus", 32.221, 35.254, 5),
    ("Tulkarm", 32.312, 35.027, 5),
    ("Kerem Shalom", 31.228, 34.280, 3),
    ("Cairo", 30.063, 31.250, 10),
    ("Egypt", 26.5, 30.0, 300),
    ("Qatar", 25.3, 51.2, 100),
    ("Paris", 48.853, 2.349, 10),
    ("Jordan", 31.0, 36.5, 200),
    ("Melbourne", -37.814, 144.963, 20),
    ("Albany", 42.653, -73.756, 10),
]


@pytest.mark.parametrize(("query", "lat", "lon", "km"), EXPECTED)
def test_lookup_top_candidate_is_the_right_place(gazetteer: Gazetteer, query, lat, lon, km) -> None:
    top = gazetteer.lookup(query)[0]
    assert haversine_km(top.place.lat, top.place.lon, lat, lon) <= km, top


def test_prior_prefers_countries_and_big_places(gazetteer: Gazetteer) -> None:
    assert gazetteer.lookup("Jordan")[0].place.kind == "country"
    assert gazetteer.lookup("Georgia")[0].place.kind in ("country", "admin1")
    assert gazetteer.lookup("Paris")[0].place.country == "FR"
    assert gazetteer.lookup("Lod")[0].place.country == "IL"
    assert gazetteer.lookup("Gaza")[0].place.country == "PS"


def test_fuzzy_match_is_flagged_and_scored_below_exact(gazetteer: Gazetteer) -> None:
    fuzzy = gazetteer.lookup("Ashkelom")[0]
    exact = gazetteer.lookup("Ashkelon")[0]
    assert fuzzy.fuzzy and fuzzy.match == "fuzzy"
    assert not exact.fuzzy and exact.match == "exact"
    assert fuzzy.place.id == exact.place.id
    assert fuzzy.score < exact.score


def test_exact_never_ranked_below_variant(gazetteer: Gazetteer) -> None:
    cands = gazetteer.lookup("Khan Yunis", limit=20)
    tiers = [c.match for c in cands]
    assert tiers == sorted(tiers, key=["exact", "variant", "fuzzy"].index)


def test_variant_match_for_transliteration(gazetteer: Gazetteer) -> None:
    top = gazetteer.lookup("Beit Nekofa")[0]
    assert top.match == "variant" and top.place.country == "IL"


def test_fuzzy_can_be_turned_off(gazetteer: Gazetteer) -> None:
    assert gazetteer.lookup("Ashkelom", fuzzy=False) == []


def test_qualified_names(gazetteer: Gazetteer) -> None:
    assert gazetteer.lookup("Paris, Texas")[0].place.country == "US"
    albany = gazetteer.lookup("Albany, Georgia")[0].place
    assert albany.country == "US" and albany.admin1 == "Georgia"


def test_diacritics_and_case(gazetteer: Gazetteer) -> None:
    assert gazetteer.lookup("ŢŪLKARM")[0].place.id == gazetteer.lookup("tulkarm")[0].place.id


def test_kind_and_country_filters(gazetteer: Gazetteer) -> None:
    assert all(c.place.kind == "admin2" for c in gazetteer.lookup("Jenin", kinds=["admin2"]))
    assert all(c.place.country == "US" for c in gazetteer.lookup("Paris", countries=["US"]))


def test_east_jerusalem_is_not_the_west_jerusalem_record(gazetteer: Gazetteer) -> None:
    ej = gazetteer.lookup("East Jerusalem")[0].place
    assert ej.lon > 35.22  # the WOF record at 35.187 lies in West Jerusalem


def test_duplicate_records_collapse(gazetteer: Gazetteer) -> None:
    ids = [c.place.id for c in gazetteer.lookup("Sderot", limit=10) if c.place.country == "IL"]
    assert len(ids) == 1


def test_get_and_missing_id(gazetteer: Gazetteer) -> None:
    place = gazetteer.get("geonames:295620")
    assert place.name == "Ashkelon" and place.kind == "city" and place.country == "IL"
    assert "Ashqelon" in place.names or "Ashkelon" in place.names
    assert place.parents and place.parents[-1] == "geonames:294640"
    with pytest.raises(PlaceNotFoundError, match="no place with id 'geonames:0'"):
        gazetteer.get("geonames:0")
    with pytest.raises(KeyError):
        gazetteer.get("nope:1")


def test_place_record_fields(gazetteer: Gazetteer) -> None:
    gs = gazetteer.lookup("Gaza Strip")[0].place
    assert gs.kind == "admin1" and gs.country == "PS" and gs.has_polygon
    poly = gazetteer.polygon(gs.id)
    assert poly is not None and poly.contains(__import__("shapely").Point(34.45, 31.5))
    assert gazetteer.get("curated:kerem-shalom-crossing").source.startswith("hand-curated")


def test_reverse_nearest_and_containing(gazetteer: Gazetteer) -> None:
    res = gazetteer.reverse(31.67, 34.57)
    assert res.nearest is not None and res.nearest.name == "Ashkelon"
    assert res.distance_km < 2
    within = [p.name for p in gazetteer.reverse(31.50, 34.46).within]
    assert "Gaza Strip" in within
    with pytest.raises(geoevents.InputError):
        gazetteer.reverse(95, 0)


def test_lookup_rejects_non_strings(gazetteer: Gazetteer) -> None:
    with pytest.raises(geoevents.InputError, match="expects a str"):
        gazetteer.lookup(42)  # type: ignore[arg-type]


def test_missing_index_file_is_a_clear_error(tmp_path) -> None:
    with pytest.raises(geoevents.GazetteerNotFoundError, match="does not exist"):
        Gazetteer(tmp_path / "none.sqlite")


def test_index_built_atomically_into_cache_dir(tmp_path, monkeypatch) -> None:
    """A fresh cache dir gets exactly one index file and no temporary leftovers."""
    import geoevents._gazetteer as gz

    monkeypatch.setattr(gz, "_cities500", lambda: iter([]))  # small and fast: no cities500
    g = Gazetteer(cache_dir=tmp_path)
    files = sorted(p.name for p in tmp_path.iterdir())
    assert len(files) == 1 and files[0].endswith(".sqlite")
    assert g.lookup("Gaza Strip")[0].place.kind == "admin1"


def test_build_prunes_superseded_indexes(tmp_path, monkeypatch) -> None:
    """A new build keeps the two most recent other indexes and no dead build's leftovers."""
    import os
    import time

    import geoevents._gazetteer as gz

    monkeypatch.setattr(gz, "_cities500", lambda: iter([]))
    now = time.time()
    # four indexes of older data versions, built a day apart (the newest first)
    olds = [tmp_path / f"gazetteer-old{k}.sqlite" for k in range(4)]
    for k, p in enumerate(olds):
        p.write_bytes(b"x")
        os.utime(p, (now - 86_400 * (k + 1),) * 2)
    dead = tmp_path / "gazetteer-old9.sqlite.abc.tmp"   # a build killed two days ago
    running = tmp_path / "gazetteer-new.sqlite.def.tmp"  # a build that may still run
    dead.write_bytes(b"x")
    os.utime(dead, (now - 2 * 86_400,) * 2)
    running.write_bytes(b"x")
    other = tmp_path / "notes.txt"                       # not ours
    other.write_text("keep")
    g = Gazetteer(cache_dir=tmp_path)
    left = sorted(p.name for p in tmp_path.iterdir())
    assert left == sorted([g.path.name, olds[0].name, olds[1].name, running.name, other.name])
    # opening an index that exists already deletes nothing
    olds[2].write_bytes(b"x")
    Gazetteer(cache_dir=tmp_path)
    assert olds[2].exists()


def test_prune_leaves_files_it_cannot_delete(tmp_path, monkeypatch) -> None:
    from pathlib import Path

    from geoevents._gazetteer import _prune_indexes

    keep = tmp_path / "gazetteer-new.sqlite"
    olds = [tmp_path / f"gazetteer-old{k}.sqlite" for k in range(4)]
    for p in [keep, *olds]:
        p.write_bytes(b"x")

    def refuse(self: Path, missing_ok: bool = False) -> None:
        raise PermissionError(str(self))

    monkeypatch.setattr(Path, "unlink", refuse)
    assert _prune_indexes(tmp_path, keep=keep) == []
    assert all(p.exists() for p in olds)


@pytest.mark.parametrize(("query", "country", "kind"), [
    ("Suffolk, England", "GB", "admin2"),   # English county (Natural Earth admin-1 unit)
    ("Fife, Scotland", "GB", "admin2"),
    ("Nueva Ecija", "PH", "admin2"),        # Philippine province
    ("Dordogne", "FR", "admin2"),           # French department
    ("Democratic Republic of Congo", "CD", "country"),  # "of the" written without "the"
    ("Republic of Congo", "CG", "country"),
    ("Burma", "MM", "country"),
])
def test_counties_provinces_and_country_variants(gazetteer: Gazetteer, query: str, country: str,
                                                 kind: str) -> None:
    top = gazetteer.lookup(query)[0].place
    assert (top.country, top.kind) == (country, kind), top


def test_natural_earth_units_named_like_common_words_are_left_out(gazetteer: Gazetteer) -> None:
    # the City of London is "City" in Natural Earth; County Down is "Down"
    assert not any(c.place.kind == "admin2" and c.place.country == "GB"
                   for q in ("City", "Down") for c in gazetteer.lookup(q, fuzzy=False))


def test_variant_must_still_resemble_the_name(gazetteer: Gazetteer) -> None:
    # consonant skeletons that merely coincide are not transliterations
    assert all(c.place.name != "Kabul" for c in gazetteer.lookup("Kibera"))
    assert all(c.place.name != "Suez" for c in gazetteer.lookup("Shejaiya"))
    assert gazetteer.lookup("Beit Nekofa")[0].match == "variant"  # a real one still matches


def test_typo_is_an_edit_or_two_not_another_word(gazetteer: Gazetteer) -> None:
    assert all(c.place.name != "North America"
               for c in gazetteer.match_fuzzy("north afrika"))
    assert gazetteer.lookup("North Africa")[0].place.name == "North Africa"
    assert gazetteer.lookup("Ashkelom")[0].place.name == gazetteer.lookup("Ashkelon")[0].place.name


@pytest.mark.parametrize(("query", "lat", "lon"), [
    ("Latin America", -10.0, -65.0), ("South Asia", 22.0, 79.0), ("Mediterranean", 34.3, 23.3),
    ("Kashmir", 34.5, 76.0),
])
def test_world_regions(gazetteer: Gazetteer, query: str, lat: float, lon: float) -> None:
    top = gazetteer.lookup(query)[0].place
    assert haversine_km(top.lat, top.lon, lat, lon) < 100, top


@pytest.mark.parametrize(("name", "expected"), [
    ("Danube", "Danube"), ("Lake Ontario", "Lake Ontario"), ("South Ossetia", "South Ossetia"),
    ("Ayers Rock", "Uluru"), ("Urals", "Ural Mountains"), ("Gobi", "Gobi Desert"),
    ("Wake Island", "Wake Island"),
])
def test_curated_and_natural_earth_features(gazetteer, name: str, expected: str) -> None:
    assert expected in {c.place.name for c in gazetteer.lookup(name)}


def test_natural_earth_labels_are_spelled_out(gazetteer) -> None:
    names = {c.place.name for c in gazetteer.lookup("Ural Mountains")}
    assert "Ural Mountains" in names and "URAL MOUNTAINS" not in names
    # the broken Caucasus label (a 2 km box near Baku) is replaced by the curated range
    (cauc,) = [c.place for c in gazetteer.lookup("Caucasus") if c.place.kind == "region"]
    assert cauc.lat > 41.5


def test_kremlin_alone_is_not_the_landmark(gazetteer) -> None:
    assert not any(c.place.name == "Moscow Kremlin" for c in gazetteer.lookup("Kremlin"))


@pytest.mark.parametrize(("query", "points"), [
    # GeoNames' country point and Wikipedia's (or the CIA World Factbook's): a country's point
    # is a convention, and the gazetteer's lies within 161 km of each one it can
    ("China", [(35.0, 105.0), (35.0, 103.0)]),
    ("Australia", [(-25.0, 135.0), (-25.0, 133.0)]),
    ("Japan", [(35.69, 139.75), (36.0, 138.0)]),
    ("India", [(22.0, 79.0), (20.0, 77.0), (21.0, 78.0)]),
    ("Sudan", [(16.0, 30.0), (15.0, 32.0)]),
])
def test_country_points_sit_between_the_conventions(gazetteer: Gazetteer, query: str,
                                                    points: list[tuple[float, float]]) -> None:
    (top,) = [c.place for c in gazetteer.lookup(query) if c.place.kind == "country"][:1]
    assert all(haversine_km(top.lat, top.lon, lat, lon) < 161 for lat, lon in points), top


def test_centre_rows_are_as_near_as_their_sources_say() -> None:
    # a row placed between reference points names them: every one must lie within 161 km
    import csv
    import re
    from pathlib import Path

    path = Path(__file__).resolve().parents[1] / "gazetteer" / "centres.csv"
    checked = 0
    with path.open(encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            if not row["source"].startswith(("midway", "between", "Wikipedia's")):
                continue
            refs = re.findall(r"\((-?[\d.]+); (-?[\d.]+)\)", row["source"])
            assert len(refs) >= 2, row
            lat, lon = float(row["lat"]), float(row["lon"])
            assert all(haversine_km(lat, lon, float(a), float(b)) < 161 for a, b in refs), row
            checked += 1
    assert checked >= 10


def test_an_old_name_that_is_another_towns_name_is_dropped(gazetteer: Gazetteer) -> None:
    # cities500 lists "Maryville" as an alternate name of Beeville, Texas; four US towns are
    # called Maryville. A much larger place keeps its old name: Bombay is Mumbai.
    assert "Beeville" not in {c.place.name for c in gazetteer.lookup("Maryville")}
    assert gazetteer.lookup("Bombay")[0].place.name == "Mumbai"


def test_a_province_is_found_without_its_designator(gazetteer: Gazetteer) -> None:
    # "the Zimbabwean provinces of Mashonaland West and Midlands"
    top = gazetteer.lookup("Midlands", kinds=("admin1",))
    assert top and (top[0].place.name, top[0].place.country) == ("Midlands Province", "ZW")
    assert gazetteer.lookup("Mashonaland East", fuzzy=False)[0].place.kind == "admin1"
    # not when a town or a country already has the short name, nor for bare directions
    assert "MZ" not in {c.place.country for c in gazetteer.lookup("Gaza", fuzzy=False)}
    assert {c.place.kind for c in gazetteer.lookup("Kermanshah", fuzzy=False)} == {"city"}
    assert not [c for c in gazetteer.lookup("Southern", fuzzy=False)
                if c.place.name == "Southern Province"]


def test_english_midlands(gazetteer: Gazetteer) -> None:
    [east] = gazetteer.lookup("East Midlands", fuzzy=False)
    assert (east.place.country, east.place.kind) == ("GB", "region")
    assert "GB" in {c.place.country for c in gazetteer.lookup("Midlands", fuzzy=False)}


def test_bare_congo_is_either_congo(gazetteer: Gazetteer) -> None:
    countries = [c.place.country for c in gazetteer.lookup("Congo", fuzzy=False)[:2]]
    assert sorted(countries) == ["CD", "CG"]


@pytest.mark.parametrize("name", ["Zaire", "Zaïre"])
def test_zaire_is_the_former_name_of_dr_congo(gazetteer: Gazetteer, name: str) -> None:
    cands = gazetteer.lookup(name, fuzzy=False)
    assert (cands[0].place.country, cands[0].place.kind) == ("CD", "country")
    # Angola's Zaire province is still there for a text about Angola
    assert any(c.place.country == "AO" for c in cands)


@pytest.mark.parametrize(("query", "name", "country"), [
    ("Zamfara", "Zamfara State", "NG"),        # GeoNames "Zamfara State", Natural Earth "Zamfara"
    ("North Darfur", "Northern Darfur", "SD"),  # compass words spelled two ways
    ("Sud-Kivu", "South Kivu", "CD"),
    ("Tatarstan", "Tatarstan Republic", "RU"),
    # Russia's republics: GeoNames "-iya Republic", English "-ia"
    ("Kabardino-Balkaria", "Kabardino-Balkariya Republic", "RU"),
    ("Ingushetia", "Ingushetiya Republic", "RU"),
    ("Adygea", "Adygeya Republic", "RU"),
    ("Tyva", "Republic of Tyva", "RU"),
])
def test_two_sources_names_of_one_unit(gazetteer: Gazetteer, query: str, name: str,
                                       country: str) -> None:
    units = [c.place for c in gazetteer.lookup(query, fuzzy=False) if c.place.kind == "admin1"]
    assert units and (units[0].name, units[0].country) == (name, country), units


def test_a_units_short_name_left_to_the_town_or_country(gazetteer: Gazetteer) -> None:
    # Kano is the city (Kano State is there by its full name); Niger is the country
    assert {c.place.kind for c in gazetteer.lookup("Kano", fuzzy=False)} == {"city"}
    assert gazetteer.lookup("Kano State", fuzzy=False)[0].place.kind == "admin1"
    assert "admin1" not in {c.place.kind for c in gazetteer.lookup("Niger", fuzzy=False)}


@pytest.mark.parametrize(("query", "lat", "lon"), [
    ("Nyanza Province", -0.5, 34.6),   # Kenya's former provinces (Natural Earth)
    ("Rift Valley", 0.5, 36.0),
    ("North Eastern Province", 1.0, 40.2),
    ("Katanga", -8.5, 26.3),           # DR Congo's until 2015
])
def test_former_coarser_units(gazetteer: Gazetteer, query: str, lat: float, lon: float) -> None:
    top = [c.place for c in gazetteer.lookup(query, fuzzy=False) if c.place.kind == "admin1"]
    assert top and haversine_km(top[0].lat, top[0].lon, lat, lon) < 161, top


@pytest.mark.parametrize(("query", "country", "lat", "lon"), [
    ("Darfur", "SD", 13.0, 25.0),          # five states
    ("Donbas", "UA", 48.3, 38.5),          # Donetsk and Luhansk oblasts
    ("New England", "US", 43.5, -71.5),
    ("Maghreb", "", 29.0, 2.0),            # five countries: no country of its own
])
def test_regions_made_of_units(gazetteer: Gazetteer, query: str, country: str, lat: float,
                               lon: float) -> None:
    top = gazetteer.lookup(query, fuzzy=False)[0].place
    assert (top.kind, top.country) == ("region", country), top
    assert haversine_km(top.lat, top.lon, lat, lon) < 161, top
    assert top.source.startswith("hand-curated member list")


def test_regions_csv_rows_cite_their_members() -> None:
    import csv
    from pathlib import Path

    path = Path(__file__).resolve().parents[1] / "gazetteer" / "regions.csv"
    with path.open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    assert len(rows) >= 10
    for row in rows:
        assert row["members"].count("|") >= 1 and "Wikipedia" in row["source"], row


def test_large_natural_earth_features_rank_above_small_namesakes(gazetteer: Gazetteer) -> None:
    # ranked by the area of their box: Siberia and the South Island above a Mexican and a
    # Californian town; New Britain (PNG, 9 square degrees) not above New Britain, Connecticut
    assert gazetteer.lookup("Siberia", fuzzy=False)[0].place.kind == "natural feature"
    assert gazetteer.lookup("South Island", fuzzy=False)[0].place.lat < -40
    assert gazetteer.lookup("New Britain", fuzzy=False)[0].place.country == "US"


def test_curated_scale_rank_raises_the_prior(gazetteer: Gazetteer) -> None:
    # curated.csv's scalerank column reaches the index (the Atlantic Ocean has rank 0)
    ocean = gazetteer.get("curated:atlantic-ocean")
    assert ocean.importance > 1.5, ocean


def test_place_names_table_equals_the_names_rows(gazetteer: Gazetteer) -> None:
    # a new place's names come from one place_names row; an index without that table reads
    # them from the names rows: both give the same places
    import random

    from geoevents._gazetteer import _PLACE_COLS, Gazetteer

    assert gazetteer._has_place_names
    (n,) = gazetteer._query("SELECT max(rid) FROM places")[0]
    rids = sorted(random.Random(19).sample(range(1, n + 1), 1500))
    marks = ",".join("?" * len(rids))
    rows = gazetteer._query(f"SELECT {_PLACE_COLS} FROM places WHERE rid IN ({marks})", rids)
    with_table, without = Gazetteer(gazetteer.path), Gazetteer(gazetteer.path)
    without.__dict__["_has_place_names"] = False
    assert [p.names for p in with_table._places(rows)] == [p.names for p in without._places(rows)]
    assert with_table._places(rows) == without._places(rows)


def test_key_filter_holds_every_key(gazetteer: Gazetteer) -> None:
    # bulk_match asks the index only about keys the filter lets through
    import zlib

    for col in ("key", "vkey"):
        bits = gazetteer._key_filters[col]
        mask = len(bits) * 8 - 1
        for (k,) in gazetteer._query(
                f"SELECT DISTINCT {col} FROM names WHERE {col} IS NOT NULL AND rid % 7 = 0"):
            h = zlib.crc32(k.encode()) & mask
            assert bits[h >> 3] >> (h & 7) & 1, k
