from __future__ import annotations

import json

from click.testing import CliRunner

from geoevents._cli import cli


def test_geocode_prints_candidates(gazetteer) -> None:
    res = CliRunner().invoke(cli, ["geocode", "Ashkelon", "Jenin refugee camp", "-n", "1"])
    assert res.exit_code == 0, res.output
    assert "Ashkelon (city, IL)" in res.output
    assert "refugee camp" in res.output


def test_geocode_json(gazetteer) -> None:
    res = CliRunner().invoke(cli, ["geocode", "Ashkelom", "--json"])
    assert res.exit_code == 0
    data = json.loads(res.output)
    top = data[0]["candidates"][0]
    assert data[0]["query"] == "Ashkelom"
    assert top["name"] == "Ashkelon" and top["match"] == "fuzzy"
    assert set(top) >= {"name", "kind", "country", "lat", "lon", "id", "score"}


def test_geocode_no_match_exits_1(gazetteer) -> None:
    res = CliRunner().invoke(cli, ["geocode", "Xyzzyqwv"])
    assert res.exit_code == 1
    assert "(no match)" in res.output


def test_geocode_needs_a_name() -> None:
    res = CliRunner().invoke(cli, ["geocode"])
    assert res.exit_code == 2


def test_help_has_examples() -> None:
    res = CliRunner().invoke(cli, ["geocode", "--help"])
    assert "Examples" in res.output
