"""The command line: extract, export, run --format, inputs, help, quiet, exit codes."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from geoevents._cli import cli

ROOT = Path(__file__).resolve().parents[1]
SEEDS = str(ROOT / "seeds")


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


@pytest.mark.parametrize("command", [["run"], ["extract"], ["export"], ["map"], ["geocode"],
                                     ["assets", "fetch"]])
def test_every_command_has_help_with_examples(runner, command) -> None:
    res = runner.invoke(cli, [*command, "--help"])
    assert res.exit_code == 0
    assert "Examples" in res.output or command == ["assets", "fetch"]


def test_top_level_help_lists_commands_and_exit_codes(runner) -> None:
    res = runner.invoke(cli, ["--help"])
    for name in ("run", "extract", "export", "map", "geocode", "assets"):
        assert f"  {name} " in res.output
    assert "Exit codes" in res.output


# --- run -------------------------------------------------------------------------------------
def test_default_run_writes_no_new_files(gazetteer, runner, tmp_path) -> None:
    res = runner.invoke(cli, ["run", SEEDS, "--out", str(tmp_path)])
    assert res.exit_code == 0, res.output
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "events.geojson", "map.html", "mentions.geojson", "places.geojson"]


@pytest.mark.parametrize(("formats", "files"), [
    (["--format", "gpkg"], {"events.gpkg"}),
    (["--format", "csv"], {"events.csv", "mentions.csv", "places.csv"}),
    (["-f", "geojson,gpkg", "-f", "csv"],
     {"events.geojson", "mentions.geojson", "places.geojson", "events.gpkg", "events.csv",
      "mentions.csv", "places.csv"}),
])
def test_run_format(gazetteer, runner, tmp_path, formats, files) -> None:
    res = runner.invoke(cli, ["run", SEEDS, "--out", str(tmp_path), "--no-map", *formats])
    assert res.exit_code == 0, res.output
    assert {p.name for p in tmp_path.iterdir()} == files
    assert "5 documents" in res.output and "events, 0 failed; wrote" in res.output


def test_run_rejects_an_unknown_format(runner, tmp_path) -> None:
    res = runner.invoke(cli, ["run", SEEDS, "--out", str(tmp_path), "--format", "shp"])
    assert res.exit_code == 2
    assert "'shp' is not a list of formats; choose from geojson, gpkg, csv" in res.output


def test_run_quiet_prints_nothing(gazetteer, runner, tmp_path) -> None:
    res = runner.invoke(cli, ["run", SEEDS, "--out", str(tmp_path), "-q", "--no-map"])
    assert res.exit_code == 0 and res.output == ""


def test_no_progress_bar_when_stderr_is_not_a_terminal(gazetteer, runner, tmp_path) -> None:
    res = runner.invoke(cli, ["run", SEEDS, "--out", str(tmp_path), "--no-map"])
    assert "Reading articles" not in res.output


def test_strict_stops_at_the_first_bad_input(gazetteer, runner, tmp_path) -> None:
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.txt").write_text("  ")
    (tmp_path / "in" / "b.txt").write_text("Strikes hit Rafah.")
    res = runner.invoke(cli, ["run", str(tmp_path / "in"), "--out", str(tmp_path / "o"),
                              "--strict"])
    assert res.exit_code == 1
    assert "a.txt: is empty" in res.output
    assert not (tmp_path / "o").exists()


# --- inputs ----------------------------------------------------------------------------------
def test_quoted_glob_is_expanded(gazetteer, runner, tmp_path) -> None:
    (tmp_path / "x").mkdir()
    (tmp_path / "x" / "one.txt").write_text("Strikes hit Rafah.")
    (tmp_path / "x" / "two.txt").write_text("Rockets hit Sderot.")
    res = runner.invoke(cli, ["extract", str(tmp_path / "x" / "*.txt"), "--json"])
    assert res.exit_code == 0, res.output
    assert "2 documents" in res.stderr


def test_glob_matching_nothing_fails(gazetteer, runner, tmp_path) -> None:
    res = runner.invoke(cli, ["extract", str(tmp_path / "*.txt")])
    assert res.exit_code == 1
    assert "matches no files (a glob pattern)" in res.stderr


def test_csv_input(gazetteer, runner, tmp_path) -> None:
    src = tmp_path / "feed.csv"
    src.write_text("id,text,published\n"
                   "s1,\"Rockets hit Ashkelon on Monday, sirens sounded.\",2021-05-11\n")
    res = runner.invoke(cli, ["extract", str(src), "--json"])
    assert res.exit_code == 0, res.output
    feats = [json.loads(line) for line in res.stdout.splitlines()]
    assert feats and feats[0]["properties"]["source_ids"] == "s1"
    assert feats[0]["properties"]["date_start"] == "2021-05-10"


@pytest.mark.parametrize(("data", "doc_ids"), [
    ("Rockets hit Ashkelon on Monday.", "stdin"),
    ('{"id": "w1", "text": "Rockets hit Ashkelon on Monday."}\n', "w1"),
])
def test_stdin(gazetteer, runner, data, doc_ids) -> None:
    res = runner.invoke(cli, ["extract", "-", "--published", "2021-05-11", "--json"],
                        input=data)
    assert res.exit_code == 0, res.output
    (feat,) = [json.loads(line) for line in res.stdout.splitlines()]
    assert feat["properties"]["source_ids"] == doc_ids
    assert feat["properties"]["place_name"] == "Ashkelon"


def test_bad_published_is_a_usage_error(runner) -> None:
    res = runner.invoke(cli, ["extract", SEEDS, "--published", "May 2021"])
    assert res.exit_code == 2
    assert "--published" in res.output


# --- extract ---------------------------------------------------------------------------------
def test_extract_prints_a_table(gazetteer, runner) -> None:
    res = runner.invoke(cli, ["extract", SEEDS])
    assert res.exit_code == 0, res.output
    lines = res.stdout.splitlines()
    assert lines[0].split() == ["DATE", "EVENT", "PLACE", "KILLED", "INJURED", "SOURCES"]
    gaza = next(line for line in lines if "Gaza (PS)" in line and " 26 " in line)
    assert gaza.startswith("2021-05-10..05-11") and "Battles" in gaza
    # the summary is on stderr so stdout stays data
    assert "5 documents" in res.stderr and "5 documents" not in res.stdout


def test_extract_json_is_newline_delimited_geojson(gazetteer, runner, tmp_path) -> None:
    res = runner.invoke(cli, ["extract", SEEDS, "--json", "-q"])
    assert res.exit_code == 0 and res.stderr == ""
    lines = res.stdout.splitlines()
    feats = [json.loads(line) for line in lines]
    assert all(f["type"] == "Feature" and f["id"].startswith("ev-") for f in feats)
    pyogrio = pytest.importorskip("pyogrio")
    path = tmp_path / "events.geojsonl"
    path.write_text(res.stdout)
    info = pyogrio.read_info(path)
    assert info["driver"] == "GeoJSONSeq" and info["features"] == len(feats)
    ogrinfo = shutil.which("ogrinfo")
    if ogrinfo:  # the system GDAL (gdal-bin) recognises it too
        out = subprocess.run([ogrinfo, "-ro", "-so", "-al", str(path)], capture_output=True,
                             text=True, check=True).stdout
        assert "GeoJSONSeq" in out and f"Feature Count: {len(feats)}" in out


# --- export ----------------------------------------------------------------------------------
def test_export_to_a_gpkg_file(gazetteer, runner, tmp_path) -> None:
    pyogrio = pytest.importorskip("pyogrio")
    res = runner.invoke(cli, ["export", SEEDS, "-o", str(tmp_path / "x.gpkg")])
    assert res.exit_code == 0, res.output
    assert sorted(p.name for p in tmp_path.iterdir()) == ["x.gpkg"]
    layers = [name for name, _ in pyogrio.list_layers(tmp_path / "x.gpkg")]
    assert layers == ["events", "mentions", "places", "place_areas"]


def test_export_to_a_directory(gazetteer, runner, tmp_path) -> None:
    res = runner.invoke(cli, ["export", SEEDS, "-o", str(tmp_path), "-f", "csv,geojson,gpkg"])
    assert res.exit_code == 0, res.output
    assert {p.name for p in tmp_path.iterdir()} == {
        "events.csv", "mentions.csv", "places.csv", "events.geojson", "mentions.geojson",
        "places.geojson", "events.gpkg"}
    places = json.loads((tmp_path / "places.geojson").read_text())
    assert "events" in places["features"][0]["properties"]


def test_export_gpkg_path_with_other_formats_is_a_usage_error(runner, tmp_path) -> None:
    res = runner.invoke(cli, ["export", SEEDS, "-o", str(tmp_path / "x.gpkg"), "-f", "csv"])
    assert res.exit_code == 2
    assert "names a GeoPackage file, but --format csv also writes other files" in res.output


def test_export_converts_saved_geojson(gazetteer, runner, tmp_path) -> None:
    pyogrio = pytest.importorskip("pyogrio")
    maps = ROOT / "maps"
    res = runner.invoke(cli, ["export", str(maps / "events.geojson"),
                              str(maps / "places.geojson"), "-o", str(tmp_path), "-f",
                              "gpkg,csv"])
    assert res.exit_code == 0, res.output
    assert "converted 2 file(s)" in res.output
    info = pyogrio.read_info(tmp_path / "events.gpkg", layer="events")
    types = dict(zip(info["fields"], info["ogr_types"], strict=True))
    assert types["date_start"] == "OFTDate" and types["killed"] == "OFTInteger64"
    saved = json.loads((maps / "events.geojson").read_text())
    assert info["features"] == len(saved["features"])
    assert (tmp_path / "events.csv").read_text(encoding="utf-8-sig").startswith(
        "event_id_cnty,event_date,year,")


def test_export_recognises_a_renamed_events_file(gazetteer, runner, tmp_path) -> None:
    pyogrio = pytest.importorskip("pyogrio")
    src = tmp_path / "may-2021.geojson"
    src.write_bytes((ROOT / "maps" / "events.geojson").read_bytes())
    res = runner.invoke(cli, ["export", str(src), "-o", str(tmp_path / "o.gpkg")])
    assert res.exit_code == 0, res.output
    assert [n for n, _ in pyogrio.list_layers(tmp_path / "o.gpkg")] == ["events"]


def test_export_mixed_inputs_is_a_usage_error(runner, tmp_path) -> None:
    res = runner.invoke(cli, ["export", SEEDS, str(ROOT / "maps" / "events.geojson"), "-o",
                              str(tmp_path)])
    assert res.exit_code == 2
    assert "mix of saved GeoJSON and articles" in res.output


@pytest.mark.parametrize(("content", "problem"), [
    ("[]", "is a JSON list, not a GeoJSON FeatureCollection"),
    (None, "does not exist"),
])
def test_export_bad_geojson_exits_2(runner, tmp_path, content, problem) -> None:
    src = tmp_path / "events.geojson"
    if content is not None:
        src.write_text(content)
    res = runner.invoke(cli, ["export", str(src), "-o", str(tmp_path / "o")])
    assert res.exit_code == 2
    assert f"{src}: {problem}" in res.output
    assert not (tmp_path / "o").exists()


# --- exit codes ------------------------------------------------------------------------------
def test_missing_gazetteer_exits_3(runner, tmp_path, monkeypatch) -> None:
    import geoevents._gazetteer as gz
    from geoevents._exceptions import GazetteerNotFoundError

    def missing(*args, **kwargs):
        raise GazetteerNotFoundError("gazetteer data not found; reinstall geoevents")

    monkeypatch.setattr(gz, "default_gazetteer", missing)
    monkeypatch.setattr("geoevents._resolution.default_gazetteer", missing, raising=False)
    res = runner.invoke(cli, ["extract", SEEDS])
    assert res.exit_code == 3, res.output
    assert "gazetteer data not found" in res.output


def test_missing_dependency_exits_4(gazetteer, runner, tmp_path, monkeypatch) -> None:
    import geoevents._export as ex
    from geoevents._exceptions import MissingDependencyError

    def no_pyogrio(name, *, extra=None):
        raise MissingDependencyError(f"{name!r} is required; run: pip install {name}")

    monkeypatch.setattr(ex, "import_optional_dependency", no_pyogrio)
    res = runner.invoke(cli, ["export", SEEDS, "-o", str(tmp_path / "x.gpkg")])
    assert res.exit_code == 4, res.output
    assert "pip install" in res.output


def test_some_inputs_failing_exits_1_and_still_writes(gazetteer, runner, tmp_path) -> None:
    res = runner.invoke(cli, ["export", SEEDS, str(tmp_path / "nope.txt"), "-o",
                              str(tmp_path / "o"), "-f", "csv"])
    assert res.exit_code == 1
    assert "nope.txt: does not exist" in res.output
    assert (tmp_path / "o" / "events.csv").exists()
