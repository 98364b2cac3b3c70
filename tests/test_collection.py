"""The library surface: geoevents.process, iter_process, Result, and the input readers."""

from __future__ import annotations

import doctest
import io
from pathlib import Path

import pytest

import geoevents
from geoevents._documents import Document, read_documents
from geoevents._exceptions import DocumentError, InputError
from geoevents._pipeline import DocumentResult, _looks_like_path

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def seeds_result(gazetteer) -> geoevents.Result:
    return geoevents.process(ROOT / "seeds", gazetteer=gazetteer)


def test_process_seeds_gives_typed_geodataframes(seeds_result) -> None:
    res = seeds_result
    assert len(res.documents) == 5 and not res.failures
    ev = res.events
    assert ev.crs.to_epsg() == 4326
    assert len(ev) == len(res.event_records) > 0
    assert list(ev["event_id"]) == [e.id for e in res.event_records]
    assert str(ev["killed"].dtype) == "Int64" and str(ev["n_sources"].dtype) == "Int64"
    assert ev["date_start"].dtype.kind == "M" and ev["date_end"].dtype.kind == "M"
    assert str(ev["cumulative"].dtype) == "boolean"
    assert set(ev.geometry.dropna().geom_type) == {"Point"}
    gaza = ev[(ev["place_name"] == "Gaza") & (ev["killed"] == 26)]
    assert len(gaza) == 1
    assert gaza["date_start"].iloc[0].date().isoformat() == "2021-05-10"
    assert len(res.mentions) == res.n_mentions
    assert res.mentions["start"].dtype == "Int64"


def test_places_count_mentions_and_events(seeds_result) -> None:
    places = seeds_result.places
    assert places["place_id"].is_unique
    assert set(places.geometry.geom_type) == {"Point"}
    located = [e for e in seeds_result.event_records if e.place is not None]
    assert int(places["events"].sum()) == len(located)
    assert int(places["mentions"].sum()) == sum(
        1 for r in seeds_result.results for m in r.geoparse.mentions if m.place is not None)
    israel = places.set_index("place_id").loc["geonames:294640"]
    assert israel["has_polygon"] and israel["mentions"] == 36
    areas = seeds_result.place_areas
    assert set(areas["place_id"]) == set(places.loc[places["has_polygon"], "place_id"])
    assert set(areas.geometry.geom_type) == {"MultiPolygon"}
    # the polygon contains the place's representative point
    row = areas.set_index("place_id").loc["geonames:281132"]  # Gaza Strip
    from shapely.geometry import Point

    assert row.geometry.buffer(0.05).contains(Point(row["lon"], row["lat"]))


def test_frames_are_fresh_copies(seeds_result) -> None:
    ev = seeds_result.events
    ev.loc[:, "killed"] = 0
    assert seeds_result.events["killed"].isna().any()


def test_plain_texts_get_ids(gazetteer) -> None:
    res = geoevents.process(["Rockets hit Ashkelon on Monday.", "Strikes hit Rafah."],
                            published="2021-05-11", gazetteer=gazetteer)
    assert res.documents == ("text-1", "text-2")
    assert {m["text"] for m in res.geojson("mentions")["features"]
            for m in [m["properties"]]} >= {"Ashkelon", "Rafah"}


def test_process_takes_documents_paths_and_a_single_input(gazetteer, tmp_path) -> None:
    (tmp_path / "a.txt").write_text("Strikes hit Rafah.")
    docs = [Document("d1", "Rockets hit Sderot.", published="2021-05-11")]
    res = geoevents.process([*docs, tmp_path / "a.txt", str(tmp_path / "missing.txt")],
                            gazetteer=gazetteer)
    assert res.documents == ("a", "d1")
    assert [f.source for f in res.failures] == [str(tmp_path / "missing.txt")]
    single = geoevents.process(tmp_path / "a.txt", gazetteer=gazetteer)
    assert single.documents == ("a",)
    one_doc = geoevents.process(docs[0], gazetteer=gazetteer)
    assert one_doc.documents == ("d1",)


@pytest.mark.parametrize(("item", "is_path"), [
    ("Rockets hit Ashkelon.", False),
    ("Gaza", False),
    ("Strikes in Rafah/Khan Yunis overnight", False),
    ("line one\nline two.txt", False),
    ("story.txt", True),
    ("news.jsonl", True),
    ("feed.CSV", True),
    ("articles/*.txt", True),
    ("-", True),
    ("data/articles", True),
    ("seeds", True),  # an existing directory (the test runs in the repository root)
])
def test_string_inputs_are_told_apart(item, is_path, monkeypatch) -> None:
    monkeypatch.chdir(ROOT)
    assert _looks_like_path(item) is is_path


def test_bad_input_type_is_explained() -> None:
    with pytest.raises(InputError, match=r"got 42 \(int\); wrap raw text in geoevents.Document"):
        list(geoevents.iter_process([42]))  # type: ignore[list-item]


def test_bad_published_fails_early() -> None:
    with pytest.raises(ValueError):
        list(geoevents.iter_process(["Gaza"], published="yesterday"))


def test_iter_process_streams_one_document_at_a_time(gazetteer) -> None:
    pulled: list[int] = []

    def docs():
        for i in range(100):
            pulled.append(i)
            yield Document(f"d{i}", "Strikes hit Rafah.")

    it = geoevents.iter_process(docs(), gazetteer=gazetteer)
    first = next(it)
    assert isinstance(first, geoevents.DocumentResult) and first.doc_id == "d0"
    assert pulled == [0]  # nothing read ahead
    assert len(first.events) >= 1 and first.events[0].source_ids == ("d0",)


def test_from_results_rejects_other_items() -> None:
    with pytest.raises(InputError, match="expected DocumentResult or DocumentError items"):
        geoevents.Result.from_results(["x"])  # type: ignore[list-item]


def test_geojson_layer_name_is_checked(seeds_result) -> None:
    with pytest.raises(InputError, match="layer must be one of 'events', 'mentions', 'places'"):
        seeds_result.geojson("event")


def test_to_map_returns_a_map_and_writes_on_request(seeds_result, tmp_path) -> None:
    import folium

    fmap = seeds_result.to_map()
    assert isinstance(fmap, folium.Map)
    assert not list(tmp_path.iterdir())
    seeds_result.to_map(tmp_path / "m.html", title="Seeds")
    html = (tmp_path / "m.html").read_text()
    assert "<html" in html.lower() and "Seeds" in html


def test_to_geojson_place_details_flag(seeds_result, tmp_path) -> None:
    import json

    seeds_result.to_geojson(tmp_path / "plain", place_details=False)
    seeds_result.to_geojson(tmp_path / "full")
    plain = json.loads((tmp_path / "plain" / "places.geojson").read_text())
    full = json.loads((tmp_path / "full" / "places.geojson").read_text())
    assert {f["geometry"]["type"] for f in plain["features"]} == {"Point"}
    assert "events" not in plain["features"][0]["properties"]
    assert {f["geometry"]["type"] for f in full["features"]} >= {"Point", "Polygon"}
    assert {"events", "has_polygon", "lat", "lon"} <= set(full["features"][0]["properties"])
    # the run output (maps/) is the detailed variant
    assert (tmp_path / "full" / "places.geojson").read_bytes() == (
        ROOT / "maps" / "places.geojson").read_bytes()


# --- readers ---------------------------------------------------------------------------------
def test_csv_input(tmp_path) -> None:
    src = tmp_path / "feed.csv"
    src.write_bytes(
        "\ufeffID,Text,published,url,title,source,extra\n"
        'a1,"Rockets hit Ashkelon.\nSirens in Sderot.",2021-05-11,http://x,T,Wire,zz\n'
        ",Strikes hit Rafah.,,,,,\n"
        "a3,   ,,,,,\n"
        "\n".encode()
    )
    out = list(read_documents([src]))
    docs = [d for d in out if isinstance(d, Document)]
    errs = [str(e) for e in out if isinstance(e, DocumentError)]
    assert [d.id for d in docs] == ["a1", "feed-2"]
    assert docs[0].text == "Rockets hit Ashkelon.\nSirens in Sderot."
    assert (docs[0].published, docs[0].url, docs[0].title, docs[0].outlet) == (
        "2021-05-11", "http://x", "T", "Wire")
    assert docs[1].published is None
    assert errs == [f"{src}:5: has an empty 'text' cell"]


def test_csv_without_text_column_names_the_columns(tmp_path) -> None:
    src = tmp_path / "bad.csv"
    src.write_text("id,body\n1,Gaza\n")
    (err,) = list(read_documents([src]))
    assert isinstance(err, DocumentError)
    assert "has no 'text' column (columns: id, body)" in str(err)


def test_csv_over_the_size_limit(tmp_path) -> None:
    src = tmp_path / "big.csv"
    src.write_text("text\n" + "Gaza " * 100 + "\n")
    (err,) = list(read_documents([src], max_bytes=50))
    assert "text is over the limit of 50 bytes" in str(err)


def test_csv_field_size_limit_is_restored(tmp_path) -> None:
    import csv

    before = csv.field_size_limit()
    src = tmp_path / "a.csv"
    src.write_text("text\nGaza\n")
    list(read_documents([src]))
    assert csv.field_size_limit() == before


def test_glob_inputs(tmp_path) -> None:
    (tmp_path / "sub").mkdir()
    (tmp_path / "b.txt").write_text("Gaza")
    (tmp_path / "sub" / "a.txt").write_text("Rafah")
    docs = list(read_documents([str(tmp_path / "**" / "*.txt")]))
    assert [d.id for d in docs if isinstance(d, Document)] == ["b", "a"]
    (err,) = list(read_documents([str(tmp_path / "*.nope")]))
    assert "matches no files (a glob pattern)" in str(err)


@pytest.mark.parametrize(("data", "ids"), [
    (b"Rockets hit Ashkelon.", ["stdin"]),
    (b'{"id": "x", "text": "Gaza"}\n{"text": "Rafah"}\n', ["x", "stdin-2"]),
])
def test_stdin_input(data, ids) -> None:
    docs = list(read_documents(["-"], stdin=io.BytesIO(data)))
    assert [d.id for d in docs] == ids


def test_empty_stdin_is_an_error() -> None:
    (err,) = list(read_documents(["-"], stdin=io.BytesIO(b"  \n")))
    assert str(err) == "stdin: is empty"


def test_directory_reads_csv_too(tmp_path) -> None:
    (tmp_path / "a.csv").write_text("text\nGaza\n")
    (tmp_path / "b.md").write_text("ignored")
    assert [d.id for d in read_documents([tmp_path])] == ["a-1"]


@pytest.mark.parametrize("module", ["geoevents", "geoevents._collection", "geoevents._pipeline",
                                    "geoevents._documents"])
def test_doctests(gazetteer, module) -> None:
    import importlib

    mod = importlib.import_module(module)
    result = doctest.testmod(mod, extraglobs={"geoevents": geoevents}, verbose=False)
    assert result.failed == 0 and result.attempted > 0


# --- SpooledResult: what `geoevents run` keeps -------------------------------------------------
_SPOOL_TEXTS = [
    ("b", "Rockets hit Ashkelon and Sderot on Monday, wounding 3 people.", "2021-05-10"),
    ("a", "An air strike in Khan Yunis killed 4 people on Tuesday, officials in Gaza said.",
     "2021-05-11"),
    ("b", "Sirens sounded in Sderot and Beersheba; 2 people were hurt in Sderot.", "2021-05-10"),
    ("c", "The weather was mild and nothing happened anywhere.", "2021-05-12"),
    ("d", "Police raided homes in Sheikh Jarrah, Jerusalem, and arrested 5 people in "
          "Jerusalem.", "2021-05-09"),
    ("a", "Residents of Khan Yunis and Rafah fled after the strike on Khan Yunis.", "2021-05-11"),
    ("e", "Talks were held in Zorgmorgville and Cairo.", "2021-05-12"),
]


def _spool_items(gazetteer) -> list:
    from geoevents._pipeline import process_document

    items: list = [process_document(Document(i, t, published=p), gazetteer=gazetteer)
                   for i, t, p in _SPOOL_TEXTS]
    items.insert(2, DocumentError("broken.txt", "is empty"))
    return items


def _file_bytes(directory: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(directory.iterdir())
            if p.is_file() and p.suffix != ".gpkg"}


def _shares(items: list, *, every: int = 1, lines: bool = True) -> list:
    """Every ``every``-th result as the DocumentShare a worker process sends instead."""
    from geoevents._export import DocumentShare

    return [DocumentShare.of(x, lines=lines)
            if isinstance(x, DocumentResult) and i % every == 0 else x
            for i, x in enumerate(items)]


@pytest.mark.parametrize(("chunk", "every"), [(50_000, 0), (3, 0), (50_000, 1), (3, 2)])
def test_spooled_result_writes_the_files_result_writes(gazetteer, tmp_path, monkeypatch,
                                                       chunk, every) -> None:
    """Repeated ids (sharing places or not), no mentions, failures, parts of any size; whole
    results, the shares workers send instead, or both."""
    import pyogrio

    from geoevents import _collection

    monkeypatch.setattr(_collection, "_CHUNK", chunk)
    items = _spool_items(gazetteer)
    full = geoevents.Result.from_results(items, gazetteer=gazetteer)
    assert full.documents.count("b") == 2 and full.documents.count("a") == 2
    if every:
        items = _shares(items, every=every)
    with _collection.SpooledResult(items, gazetteer=gazetteer) as lean:
        assert lean.documents == full.documents and lean.n_documents == full.n_documents == 7
        assert (lean.n_mentions, lean.n_places) == (full.n_mentions, full.n_places)
        assert lean.event_records == full.event_records and lean.failures == full.failures
        for res, name in ((full, "full"), (lean, "lean")):
            res.to_geojson(tmp_path / name)
            res.to_geojson(tmp_path / name / "plain", place_details=False)
            res.to_csv(tmp_path / name)
            res.to_gpkg(tmp_path / name / "all.gpkg")
        for layer in ("events", "mentions", "places"):
            assert lean.geojson(layer) == full.geojson(layer)
    assert _file_bytes(tmp_path / "lean") == _file_bytes(tmp_path / "full")
    assert _file_bytes(tmp_path / "lean" / "plain") == _file_bytes(tmp_path / "full" / "plain")
    places = {f["id"]: f["properties"] for f in full.geojson("places")["features"]}
    sderot = next(p for p in places.values() if p["name"] == "Sderot")
    assert sderot["mentions"] == 3 and sderot["documents"] == 1  # both "b" documents
    for layer in ("events", "mentions", "places", "place_areas"):
        a = pyogrio.read_dataframe(tmp_path / "full" / "all.gpkg", layer=layer)
        b = pyogrio.read_dataframe(tmp_path / "lean" / "all.gpkg", layer=layer)
        assert a.equals(b) and len(a) == len(getattr(full, layer))
    info = pyogrio.read_info(tmp_path / "lean" / "all.gpkg", layer="mentions")
    assert info["features"] == full.n_mentions


def test_spooled_result_of_nothing_writes_empty_layers(gazetteer, tmp_path) -> None:
    import pyogrio

    from geoevents._collection import SpooledResult

    with SpooledResult([DocumentError("x.txt", "is empty")], gazetteer=gazetteer) as res:
        assert res.n_documents == 0 and len(res.failures) == 1
        res.to_gpkg(tmp_path / "e.gpkg")
        res.to_geojson(tmp_path)
    assert pyogrio.read_info(tmp_path / "e.gpkg", layer="mentions")["features"] == 0
    assert (tmp_path / "mentions.geojson").read_text() == \
        '{"type": "FeatureCollection", "features": [\n\n]}\n'


@pytest.mark.parametrize("shares", [None, "lines", "no lines"])
def test_spooled_result_without_mentions_keeps_events_and_counts(gazetteer, shares) -> None:
    from geoevents._collection import SpooledResult

    items = _spool_items(gazetteer)
    full = geoevents.Result.from_results(items, gazetteer=gazetteer)
    if shares:
        items = _shares(items, lines=shares == "lines")
    res = SpooledResult(items, gazetteer=gazetteer, mentions=False)
    assert res.event_records == full.event_records
    assert (res.n_mentions, res.n_places, res.documents) == \
        (full.n_mentions, full.n_places, full.documents)
    assert res.geojson("events") == full.geojson("events")
    for layer in ("mentions", "places"):
        with pytest.raises(InputError, match="mentions=False"):
            res.geojson(layer)


def test_a_share_without_its_lines_cannot_give_mentions(gazetteer) -> None:
    from geoevents._collection import SpooledResult

    items = _shares(_spool_items(gazetteer), lines=False)
    with pytest.raises(InputError, match="'b' came without its mention lines"):
        SpooledResult(items, gazetteer=gazetteer)


def test_place_counts_of_a_share_are_those_of_the_result(gazetteer) -> None:
    """``named_places`` + ``add_named`` count exactly what ``add`` counts, order included."""
    from geoevents._export import PlaceCounts, named_places

    one, two = PlaceCounts(), PlaceCounts()
    seen: dict[str, set[str]] = {}
    for item in _spool_items(gazetteer):
        if not isinstance(item, DocumentResult):
            continue
        before = seen.get(item.doc_id, set())
        one.add(item.geoparse, already=before)
        places, times = named_places(item.geoparse)
        assert len(set(p.id for p in places)) == len(places) and sum(times) == len(
            [m for m in item.geoparse.mentions if m.place is not None])
        two.add_named(places, times, already=before)
        seen[item.doc_id] = before | {p.id for p in places}
    for attr in ("places", "mentions", "documents"):
        assert list(getattr(one, attr).items()) == list(getattr(two, attr).items())
    assert one.mentions[next(k for k, p in one.places.items() if p.name == "Sderot")] == 3


def test_spooled_result_closes_its_file(gazetteer) -> None:
    from geoevents._collection import SpooledResult

    res = SpooledResult(_spool_items(gazetteer), gazetteer=gazetteer)
    spool = res._spool
    assert spool is not None and res.geojson("mentions")["features"]
    res.close()
    assert spool.closed
    with pytest.raises(InputError, match="closed"):
        res.geojson("mentions")
    res.close()  # twice is fine

    def items():
        yield from _spool_items(gazetteer)[:2]
        yield "not a result"

    seen: list = []
    real = __import__("tempfile").TemporaryFile

    def spy(*args, **kwargs):
        f = real(*args, **kwargs)
        seen.append(f)
        return f

    import tempfile
    from unittest import mock

    with mock.patch.object(tempfile, "TemporaryFile", spy), \
            pytest.raises(InputError, match="expected DocumentResult"):
        SpooledResult(items(), gazetteer=gazetteer)
    assert len(seen) == 1 and seen[0].closed  # a failed collection frees its file at once
