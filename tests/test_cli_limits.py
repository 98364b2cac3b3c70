"""``--max-bytes``: larger documents are reported by name, the others still processed."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from geoevents._cli import cli, parse_size

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture
def articles(tmp_path) -> Path:
    d = tmp_path / "in"
    d.mkdir()
    (d / "small.txt").write_text("Rockets hit Ashkelon on Monday, 10 May 2021.")
    (d / "big.txt").write_text((SEEDS / "000_748cd27de67aed19.txt").read_text())  # > 1 kB
    return d


def _command(name: str, tmp_path: Path) -> list[str]:
    return {"run": ["run", "-o", str(tmp_path / "out"), "--no-map"],
            "extract": ["extract"],
            "export": ["export", "-o", str(tmp_path / "out"), "-f", "geojson"]}[name]


@pytest.mark.parametrize("command", ["run", "extract", "export"])
def test_a_file_over_the_limit_is_reported_and_the_others_processed(
        gazetteer, runner, articles, tmp_path, command) -> None:
    big = articles / "big.txt"
    res = runner.invoke(cli, [*_command(command, tmp_path), str(articles), "--max-bytes", "1kB"])
    assert res.exit_code == 1, res.output
    assert f"geoevents: error: {big}: is {big.stat().st_size:,} bytes, over the limit of 1,000" \
        in res.stderr
    assert "small.txt" not in res.stderr
    summary = res.stderr if command == "extract" else res.stdout
    assert "1 documents" in summary and "1 failed" in summary
    if command != "extract":
        events = json.loads((tmp_path / "out" / "events.geojson").read_text())
        assert {f["properties"]["place_name"] for f in events["features"]} == {"Ashkelon"}


def test_the_default_limit_reads_everything(gazetteer, runner, articles) -> None:
    res = runner.invoke(cli, ["extract", str(articles)])
    assert res.exit_code == 0 and "2 documents" in res.stderr


def test_jsonl_lines_over_the_limit_are_named_by_line(gazetteer, runner, tmp_path) -> None:
    feed = tmp_path / "feed.jsonl"
    feed.write_text(json.dumps({"text": "Strikes hit Rafah."}) + "\n"
                    + json.dumps({"text": "Gaza. " * 100}) + "\n")
    res = runner.invoke(cli, ["extract", str(feed), "--max-bytes", "500"])
    assert res.exit_code == 1
    assert f"{feed}:2: text is over the limit of 500 bytes" in res.stderr


def test_stdin_over_the_limit(gazetteer, runner) -> None:
    res = runner.invoke(cli, ["extract", "-", "--max-bytes", "10"],
                        input="Rockets hit Ashkelon on Monday.")
    assert res.exit_code == 1 and "stdin: is 31 bytes, over the limit of 10" in res.stderr


@pytest.mark.parametrize(("text", "n"), [
    ("10000000", 10_000_000), ("10_000_000", 10_000_000), ("10,000", 10_000), ("1", 1),
    ("500kB", 500_000), ("500 KB", 500_000), ("10MB", 10_000_000), ("10mb", 10_000_000),
    ("1.5MB", 1_500_000), ("1GB", 10**9), ("64KiB", 65_536), ("2MiB", 2 * 2**20),
    ("1GiB", 2**30), ("100B", 100), ("3k", 3000),
])
def test_sizes(text, n) -> None:
    assert parse_size(text) == n


@pytest.mark.parametrize("bad", ["0", "-5", "10XB", "MB", "", "1e6", "0.5B", "ten"])
def test_bad_sizes_are_usage_errors(runner, bad) -> None:
    res = runner.invoke(cli, ["extract", str(SEEDS), "--max-bytes", bad])
    assert res.exit_code == 2
    msg = " ".join(res.stderr.split())
    assert f"Invalid value for '--max-bytes': {bad!r} is not a size in bytes; give a positive " \
           "integer (10000000) or a number with a unit: kB, MB, GB (powers of 1000) or KiB, " \
           "MiB, GiB (powers of 1024), e.g. --max-bytes 10MB" in msg


def test_a_map_of_very_many_events_comes_with_a_note(gazetteer, runner, articles, tmp_path,
                                                     monkeypatch) -> None:
    """Past MAP_EVENTS_NOTE events ``run`` says the map will be slow and how to skip it."""
    from geoevents import _cli

    monkeypatch.setattr(_cli, "MAP_EVENTS_NOTE", 0)
    res = runner.invoke(cli, ["run", str(articles), "-o", str(tmp_path / "a")])
    assert res.exit_code == 0, res.output
    assert "geoevents: note: map.html will hold" in res.stderr and "--no-map" in res.stderr
    assert (tmp_path / "a" / "map.html").exists()  # still written
    for extra in (["--no-map"], ["-q"]):
        res = runner.invoke(cli, ["run", str(articles), "-o", str(tmp_path / "b"), *extra])
        assert res.exit_code == 0 and "note" not in res.stderr
    monkeypatch.setattr(_cli, "MAP_EVENTS_NOTE", 100_000)
    res = runner.invoke(cli, ["run", str(articles), "-o", str(tmp_path / "c")])
    assert res.exit_code == 0 and "note" not in res.stderr
