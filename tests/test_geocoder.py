from __future__ import annotations

from geopy.geocoders.base import Geocoder
from geopy.location import Location

from geoevents import GazetteerGeocoder


def test_is_a_geopy_geocoder(gazetteer) -> None:
    geo = GazetteerGeocoder(gazetteer)
    assert isinstance(geo, Geocoder)
    loc = geo.geocode("Sderot")
    assert isinstance(loc, Location)
    assert round(loc.latitude, 1) == 31.5 and round(loc.longitude, 1) == 34.6
    assert loc.raw["id"] == "geonames:293619" and loc.raw["country"] == "IL"


def test_exactly_one_false_returns_a_list(gazetteer) -> None:
    locs = GazetteerGeocoder(gazetteer).geocode("Paris", exactly_one=False, limit=3)
    assert isinstance(locs, list) and len(locs) == 3
    assert locs[0].raw["country"] == "FR"


def test_no_match_returns_none(gazetteer) -> None:
    assert GazetteerGeocoder(gazetteer).geocode("Xyzzyqwv", exactly_one=True) is None


def test_reverse(gazetteer) -> None:
    loc = GazetteerGeocoder(gazetteer).reverse("31.79, 34.65")
    assert loc is not None and loc.raw["name"] == "Ashdod"
