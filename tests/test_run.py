from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from geoevents._cli import cli
from geoevents._documents import Document, read_documents
from geoevents._exceptions import DocumentError
from geoevents._export import atomic_write

ROOT = Path(__file__).resolve().parents[1]


def test_run_on_seeds_writes_geojson_and_map(gazetteer, tmp_path) -> None:
    res = CliRunner().invoke(cli, ["run", str(ROOT / "seeds"), "--out", str(tmp_path)])
    assert res.exit_code == 0, res.output
    assert "5 documents" in res.output
    fc = json.loads((tmp_path / "mentions.geojson").read_text())
    assert fc["type"] == "FeatureCollection" and "crs" not in fc
    texts = {f["properties"]["text"] for f in fc["features"]}
    assert {"Ashkelon", "Sderot", "Jenin refugee camp"} <= texts
    ashkelon = next(f for f in fc["features"] if f["properties"]["text"] == "Ashkelon")
    assert ashkelon["geometry"]["coordinates"] == [34.57149, 31.66926]  # [lon, lat]
    places = json.loads((tmp_path / "places.geojson").read_text())
    assert all(f["properties"]["mentions"] >= 1 for f in places["features"])
    assert "<html" in (tmp_path / "map.html").read_text().lower()


def test_published_maps_are_reproducible(gazetteer, tmp_path) -> None:
    """Regenerating maps/ from the seeds gives the same bytes as the committed files."""
    res = CliRunner().invoke(cli, ["run", str(ROOT / "seeds"), "--out", str(tmp_path), "-q"])
    assert res.exit_code == 0, res.output
    for name in ("mentions.geojson", "places.geojson", "map.html"):
        assert (tmp_path / name).read_bytes() == (ROOT / "maps" / name).read_bytes(), name


def test_map_escapes_article_text(gazetteer, tmp_path) -> None:
    evil = tmp_path / "evil.txt"
    evil.write_text(
        'Rockets hit Ashkelon <script>alert("x")</script> <img src=x onerror=alert(1)>.'
    )
    res = CliRunner().invoke(cli, ["run", str(evil), "--out", str(tmp_path / "o"), "-q"])
    assert res.exit_code == 0, res.output
    html = (tmp_path / "o" / "map.html").read_text()
    events = json.loads((tmp_path / "o" / "events.geojson").read_text())
    assert events["features"], "the evidence sentence should reach the map"
    assert "<script>alert" not in html and "<img src=x" not in html
    assert "onerror=alert" in html.replace("\\u003d", "=")  # present, as inert data


def test_bad_file_is_reported_and_batch_goes_on(gazetteer, tmp_path) -> None:
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "good.txt").write_text("Strikes hit Rafah.")
    (tmp_path / "in" / "empty.txt").write_text("   \n")
    (tmp_path / "in" / "bad.txt").write_bytes(b"caf\x81 in Gaza")  # neither UTF-8 nor cp1252
    res = CliRunner().invoke(cli, ["run", str(tmp_path / "in"), "--out", str(tmp_path / "o")])
    assert res.exit_code == 1
    assert "empty.txt: is empty" in res.output
    assert "bad.txt: is not valid UTF-8 (byte 3: b'\\x81'), nor Windows-1252" in res.output
    fc = json.loads((tmp_path / "o" / "mentions.geojson").read_text())
    assert [f["properties"]["text"] for f in fc["features"]] == ["Rafah"]


def test_read_documents_formats(tmp_path) -> None:
    (tmp_path / "a.txt").write_bytes("\ufeffHello Gaza".encode())
    (tmp_path / "b.jsonl").write_text(
        '{"id": "x1", "text": "In Lod.", "published": "2021-05-11"}\nnot json\n{"id": 2}\n'
    )
    (tmp_path / "c.txt").write_bytes("Gaza".encode("utf-16"))
    (tmp_path / "d.txt").write_bytes(b"\x00\x01\x02binary")
    out = list(read_documents([tmp_path, tmp_path / "missing.txt"]))
    docs = [d for d in out if isinstance(d, Document)]
    errs = [str(e) for e in out if isinstance(e, DocumentError)]
    assert [(d.id, d.text) for d in docs] == [("a", "Hello Gaza"), ("x1", "In Lod."), ("c", "Gaza")]
    assert docs[1].published == "2021-05-11"
    assert any("b.jsonl:2: is not valid JSON" in e for e in errs)
    assert any("b.jsonl:3: needs a JSON object" in e for e in errs)
    assert any("d.txt: looks like a binary file" in e for e in errs)
    assert any("missing.txt: does not exist" in e for e in errs)


def test_atomic_write_leaves_no_temporary_files(tmp_path) -> None:
    target = tmp_path / "x.geojson"
    atomic_write(target, "one")
    atomic_write(target, "two")
    assert target.read_text() == "two"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["x.geojson"]


def test_run_writes_what_process_gives(gazetteer, tmp_path) -> None:
    """`run` (kept small, mentions in a temporary file) and `process` (kept whole) agree."""
    import geoevents

    feed = tmp_path / "feed.jsonl"
    rows = [
        {"id": "x", "text": "Rockets hit Ashkelon and Sderot on Monday.",
         "published": "2021-05-10"},
        {"id": "y", "text": "An air strike in Khan Yunis killed 4 people on Tuesday.",
         "published": "2021-05-11"},
        {"id": "x", "text": "Sirens in Sderot; 2 people were hurt in Sderot.",
         "published": "2021-05-10"},
        {"id": "z", "text": ""},  # no places, no events
        {"id": "w", "body": "not an article"},  # fails
    ]
    feed.write_text("".join(json.dumps(r) + "\n" for r in rows))
    res = CliRunner().invoke(cli, ["run", str(feed), "--out", str(tmp_path / "cli"), "-q",
                                   "-f", "geojson,csv"])
    assert res.exit_code == 1  # the empty document failed; the others were written
    full = geoevents.process(feed, gazetteer=gazetteer)
    full.to_geojson(tmp_path / "lib")
    full.to_csv(tmp_path / "lib")
    for name in ("events.geojson", "mentions.geojson", "places.geojson", "events.csv",
                 "mentions.csv", "places.csv"):
        assert (tmp_path / "cli" / name).read_bytes() == (tmp_path / "lib" / name).read_bytes()
    places = json.loads((tmp_path / "cli" / "places.geojson").read_text())["features"]
    sderot = next(f["properties"] for f in places if f["properties"]["name"] == "Sderot")
    assert (sderot["mentions"], sderot["documents"]) == (3, 1)
    assert not [p for p in tmp_path.rglob("*") if p.name.endswith(".tmp")]
