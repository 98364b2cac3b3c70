"""GIS outputs read back through GDAL: GeoJSON (RFC 7946), GeoPackage and CSV."""

from __future__ import annotations

import csv
import json
import math
import shutil
import sqlite3
import subprocess
from datetime import date
from pathlib import Path

import pytest

import geoevents
from geoevents._exceptions import InputError
from geoevents._export import ACLED_COLUMNS, csv_rows, layer_frame, write_csv, write_gpkg

pyogrio = pytest.importorskip("pyogrio")

ROOT = Path(__file__).resolve().parents[1]
OGRINFO = shutil.which("ogrinfo")
LAYERS = ("events", "mentions", "places")
needs_ogrinfo = pytest.mark.skipif(OGRINFO is None, reason="ogrinfo (gdal-bin) not installed")


@pytest.fixture(scope="module")
def result(gazetteer) -> geoevents.Result:
    return geoevents.process(ROOT / "seeds", gazetteer=gazetteer)


@pytest.fixture(scope="module")
def outputs(result, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("gis")
    result.to_geojson(out)
    result.to_gpkg(out / "events.gpkg")
    result.to_csv(out)
    return out


# --- parametrised round trips ----------------------------------------------------------------
DRIVER_EXT = [("GeoJSON", "geojson"), ("GPKG", "gpkg")]


@pytest.fixture(params=["pyogrio", "geopandas"])
def read(request):
    """An engine that reads one layer of a file into a GeoDataFrame."""
    if request.param == "pyogrio":
        return lambda path, layer: pyogrio.read_dataframe(path, layer=layer)
    import geopandas

    return lambda path, layer: geopandas.read_file(path, layer=layer, engine="pyogrio")


def _source(outputs: Path, ext: str, layer: str) -> tuple[Path, str | None]:
    if ext == "gpkg":
        return outputs / "events.gpkg", layer
    return outputs / f"{layer}.{ext}", None


@pytest.mark.parametrize(("driver", "ext"), DRIVER_EXT)
@pytest.mark.parametrize("layer", LAYERS)
def test_round_trip(result, outputs, read, driver, ext, layer) -> None:
    path, lyr = _source(outputs, ext, layer)
    assert pyogrio.read_info(path, layer=lyr)["driver"] == driver
    back = read(path, lyr)
    expected = getattr(result, layer)
    assert len(back) == len(expected)
    assert back.crs.to_epsg() == 4326
    id_col = next(iter(expected.columns))
    got_ids = back[id_col] if ext == "gpkg" else back["id"]  # GDAL: the GeoJSON Feature id
    assert list(got_ids) == list(expected[id_col])
    if layer != "places" or ext == "gpkg":
        assert set(back.geometry.dropna().geom_type) == {"Point"}
        for got, want in zip(back.geometry, expected.geometry, strict=True):
            if want is None:
                assert got is None
            else:
                assert (round(got.x, 7), round(got.y, 7)) == (round(want.x, 7), round(want.y, 7))
    else:  # places.geojson carries the polygon when the gazetteer has one
        assert set(back.geometry.geom_type) == {"Point", "Polygon", "MultiPolygon"}
    if layer == "events":
        import pandas as pd

        for col in ("date_start", "date_end"):
            got_days = [None if pd.isna(v) else date.fromisoformat(str(v)[:10])
                        for v in back[col]]
            want_days = [None if pd.isna(v) else v.date() for v in expected[col]]
            assert got_days == want_days
        assert [None if pd.isna(v) else int(v) for v in back["killed"]] == [
            None if pd.isna(v) else int(v) for v in expected["killed"]]


def test_gpkg_field_types(outputs) -> None:
    path = outputs / "events.gpkg"
    layers = dict(map(tuple, pyogrio.list_layers(path)))
    assert layers == {"events": "Point", "mentions": "Point", "places": "Point",
                      "place_areas": "MultiPolygon"}
    info = pyogrio.read_info(path, layer="events")
    types = dict(zip(info["fields"], zip(info["ogr_types"], info["ogr_subtypes"], strict=True),
                     strict=True))
    assert types["date_start"] == ("OFTDate", "OFSTNone")
    assert types["date_end"] == ("OFTDate", "OFSTNone")
    assert types["killed"][0] == "OFTInteger64"
    assert types["n_sources"][0] == "OFTInteger64"
    assert types["cumulative"] == ("OFTInteger", "OFSTBoolean")
    assert types["event_type"][0] == "OFTString"
    assert info["crs"] == "EPSG:4326" and info["geometry_type"] == "Point"
    places = pyogrio.read_info(path, layer="places")
    ptypes = dict(zip(places["fields"], places["ogr_subtypes"], strict=True))
    assert ptypes["has_polygon"] == "OFSTBoolean"
    mentions = pyogrio.read_info(path, layer="mentions")
    assert dict(zip(mentions["fields"], mentions["ogr_types"], strict=True))["score"] == "OFTReal"


def test_gpkg_sqlite_schema_has_dates_and_spatial_index(outputs) -> None:
    con = sqlite3.connect(outputs / "events.gpkg")
    try:
        cols = {row[1]: row[2] for row in con.execute("PRAGMA table_info(events)")}
        assert cols["date_start"] == "DATE" and cols["date_end"] == "DATE"
        assert cols["killed"] in ("INTEGER", "BIGINT")
        rtrees = {r[0] for r in con.execute(
            "SELECT table_name FROM gpkg_extensions WHERE extension_name='gpkg_rtree_index'")}
        assert rtrees == {"events", "mentions", "places", "place_areas"}
        tables = {r[0] for r in con.execute("SELECT name FROM sqlite_master")}
        assert {"rtree_events_geom", "rtree_place_areas_geom"} <= tables
        # the dates are stored as ISO text, which is what the DATE type means in GeoPackage
        (first,) = con.execute("SELECT date_start FROM events WHERE date_start IS NOT NULL "
                               "LIMIT 1").fetchone()
        assert date.fromisoformat(first)
    finally:
        con.close()


def test_gpkg_dates_read_back_as_datetimes(outputs, result) -> None:
    back = pyogrio.read_dataframe(outputs / "events.gpkg", layer="events")
    assert back["date_start"].dtype.kind == "M"
    by_id = dict(zip(back["event_id"], back["date_start"], strict=True))
    for ev in result.event_records:
        got = by_id[ev.id]
        assert (None if got != got else got.date()) == ev.date_start


def test_gpkg_is_written_atomically(result, tmp_path, monkeypatch) -> None:
    target = tmp_path / "events.gpkg"
    result.to_gpkg(target)
    before = target.read_bytes()
    import pyogrio.raw

    calls = []

    def broken(*args, **kwargs):
        calls.append(kwargs["layer"])
        if len(calls) == 2:
            raise OSError("disk full")
        return real(*args, **kwargs)

    real = pyogrio.raw.write
    monkeypatch.setattr(pyogrio.raw, "write", broken)
    with pytest.raises(OSError, match="disk full"):
        result.to_gpkg(target)
    assert target.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["events.gpkg"]


def test_gpkg_empty_layers(tmp_path) -> None:
    empty = geoevents.Result((), ())
    path = empty.to_gpkg(tmp_path / "e.gpkg")
    layers = dict(map(tuple, pyogrio.list_layers(path)))
    assert layers["events"] == "Point" and layers["place_areas"] == "MultiPolygon"
    assert pyogrio.read_info(path, layer="events")["features"] == 0
    assert "date_start" in pyogrio.read_info(path, layer="events")["fields"]


# --- GeoJSON (RFC 7946) ----------------------------------------------------------------------
def _coords(geom):
    """Every [lon, lat] position of a geometry."""

    def walk(c):
        if isinstance(c[0], (int, float)):
            yield c
        else:
            for part in c:
                yield from walk(part)

    return list(walk(geom["coordinates"]))


@pytest.mark.parametrize("layer", LAYERS)
def test_geojson_is_rfc7946(outputs, layer) -> None:
    fc = json.loads((outputs / f"{layer}.geojson").read_text())
    assert fc["type"] == "FeatureCollection" and "crs" not in fc
    ids = [f["id"] for f in fc["features"]]
    assert len(ids) == len(set(ids)) and all(isinstance(i, str) and i for i in ids)
    for f in fc["features"]:
        assert all(v is None or isinstance(v, (str, int, float, bool))
                   for v in f["properties"].values()), f["id"]
        if f["geometry"] is None:
            continue
        for lon, lat in _coords(f["geometry"]):
            assert -180 <= lon <= 180 and -90 <= lat <= 90
            for v in (lon, lat):
                assert len(repr(v).split(".")[-1]) <= 7 or "e" in repr(v)


def test_geojson_lon_lat_order_and_dates(outputs) -> None:
    ev = json.loads((outputs / "events.geojson").read_text())
    ashkelon = next(f for f in ev["features"] if f["properties"]["place_name"] == "Ashkelon")
    assert ashkelon["geometry"]["coordinates"] == [34.57149, 31.66926]
    for f in ev["features"]:
        for key in ("date_start", "date_end"):
            v = f["properties"][key]
            assert v is None or date.fromisoformat(v).isoformat() == v


def test_places_geojson_polygons_follow_the_right_hand_rule(outputs) -> None:
    from shapely.geometry import LinearRing

    fc = json.loads((outputs / "places.geojson").read_text())
    polys = [f for f in fc["features"] if f["geometry"]["type"] != "Point"]
    assert polys and all(f["properties"]["has_polygon"] for f in polys)
    for f in polys:
        g = f["geometry"]
        parts = [g["coordinates"]] if g["type"] == "Polygon" else g["coordinates"]
        for rings in parts:
            assert rings[0][0] == rings[0][-1]
            assert LinearRing(rings[0]).is_ccw, f["id"]
            assert all(not LinearRing(h).is_ccw for h in rings[1:])
    points = [f for f in fc["features"] if f["geometry"]["type"] == "Point"]
    assert all(not f["properties"]["has_polygon"] for f in points)
    assert all(isinstance(f["properties"]["events"], int) for f in fc["features"])


# --- ogrinfo ---------------------------------------------------------------------------------
def _ogrinfo(*args: str) -> str:
    out = subprocess.run([OGRINFO, "-ro", "-so", *args], capture_output=True, text=True,
                         check=True)
    return out.stdout


@needs_ogrinfo
def test_ogrinfo_reads_the_geopackage(outputs, result) -> None:
    text = _ogrinfo(str(outputs / "events.gpkg"), "events")
    assert "Geometry: Point" in text
    assert f"Feature Count: {len(result.event_records)}" in text
    assert "date_start: Date" in text and "date_end: Date" in text
    assert "killed: Integer64" in text
    assert "cumulative: Integer(Boolean)" in text
    areas = _ogrinfo(str(outputs / "events.gpkg"), "place_areas")
    assert "Geometry: Multi Polygon" in areas


@needs_ogrinfo
@pytest.mark.parametrize("layer", LAYERS)
def test_ogrinfo_reads_the_geojson(outputs, result, layer) -> None:
    text = _ogrinfo(str(outputs / f"{layer}.geojson"), layer)
    assert f"Feature Count: {len(getattr(result, layer))}" in text
    assert "WGS 84" in text


# --- CSV -------------------------------------------------------------------------------------
def _read_csv(path: Path) -> list[dict[str, str]]:
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # Excel needs the BOM to read UTF-8
    with path.open(encoding="utf-8-sig", newline="") as f:
        return list(csv.DictReader(f))


def test_events_csv_has_acled_columns(outputs, result) -> None:
    rows = _read_csv(outputs / "events.csv")
    assert list(rows[0]) == list(ACLED_COLUMNS)
    assert len(rows) == len(result.event_records)
    by_id = {r["event_id"]: r for r in rows}
    for ev in result.event_records:
        row = by_id[ev.id]
        assert row["event_date"] == (ev.date_start.isoformat() if ev.date_start else "")
        assert row["year"] == (str(ev.date_start.year) if ev.date_start else "")
        killed = ev.count("killed")
        assert row["fatalities"] == ("" if killed is None else str(killed.best))
        if ev.lat is not None:
            assert math.isclose(float(row["latitude"]), ev.lat, abs_tol=1e-7)
            assert math.isclose(float(row["longitude"]), ev.lon, abs_tol=1e-7)
        assert row["event_id_cnty"].startswith(ev.country or "XX")
        assert "\n" not in row["notes"]
    gaza = next(r for r in rows if r["location"] == "Gaza" and r["fatalities"] == "26")
    assert gaza["country"] == "Palestinian Territory" and gaza["iso2"] == "PS"
    assert gaza["cumulative"] == "FALSE"


def test_csv_reads_in_pandas_with_numeric_columns(outputs) -> None:
    import pandas as pd

    df = pd.read_csv(outputs / "events.csv")
    assert df.columns[0] == "event_id_cnty"
    assert df["fatalities"].dtype.kind == "f" and df["latitude"].dtype.kind == "f"
    places = pd.read_csv(outputs / "places.csv")
    assert {"latitude", "longitude", "mentions", "events"} <= set(places.columns)
    assert places["mentions"].dtype.kind == "i"


def test_csv_guards_against_formulas(tmp_path) -> None:
    feats = [{"type": "Feature", "id": "m1", "geometry": None,
              "properties": {"doc_id": "=HYPERLINK(\"http://x\")", "text": "-1", "start": -1}}]
    header, rows = csv_rows("mentions", feats)
    write_csv(tmp_path / "m.csv", header, rows)
    (row,) = _read_csv(tmp_path / "m.csv")
    assert row["doc_id"] == "'=HYPERLINK(\"http://x\")" and row["text"] == "'-1"
    assert row["start"] == "-1"  # numbers are left alone


# --- typing of foreign or saved features -----------------------------------------------------
def test_layer_frame_infers_unknown_properties() -> None:
    feats = [{"type": "Feature", "id": "a", "geometry": {"type": "Point", "coordinates": [1, 2]},
              "properties": {"n": 1, "x": 1.5, "ok": True, "s": "t", "d": {"k": 1}}},
             {"type": "Feature", "id": "b", "geometry": None,
              "properties": {"n": None, "x": 2, "ok": None, "s": None}}]
    df = layer_frame("other", feats)
    assert str(df["n"].dtype) == "Int64" and df["x"].dtype.kind == "f"
    assert str(df["ok"].dtype) == "boolean" and df["d"].iloc[0] == '{"k": 1}'
    assert list(df["id"]) == ["a", "b"]


def test_layer_frame_reports_a_bad_date() -> None:
    feats = [{"type": "Feature", "id": "ev-1", "geometry": None,
              "properties": {"date_start": "last week"}}]
    with pytest.raises(InputError, match="feature 'ev-1': date_start is 'last week', not a "
                                         "YYYY-MM-DD date"):
        layer_frame("events", feats)


def test_write_gpkg_keeps_datetimes_that_are_not_dates(tmp_path) -> None:
    import geopandas as gpd
    import pandas as pd
    from shapely.geometry import Point

    frame = gpd.GeoDataFrame({"t": pd.to_datetime(["2021-05-11 10:30", None])},
                             geometry=[Point(1, 2), None], crs="EPSG:4326")
    frame.attrs["geometry_type"] = "Point"
    path = write_gpkg(tmp_path / "t.gpkg", {"x": frame})
    info = pyogrio.read_info(path, layer="x")
    assert info["ogr_types"] == ["OFTDateTime"]
