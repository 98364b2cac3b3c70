from __future__ import annotations

import subprocess
import sys

import geoevents


def test_every_public_name_resolves() -> None:
    for name in geoevents.__all__:
        assert getattr(geoevents, name) is not None, name


def test_version_is_a_string() -> None:
    assert isinstance(geoevents.__version__, str) and geoevents.__version__


def test_import_is_light() -> None:
    code = (
        "import sys, geoevents; "
        "heavy = [m for m in ('folium', 'geopandas', 'pyogrio', 'shapely', 'pandas', 'geopy', "
        "'rapidfuzz', 'requests') if m in sys.modules]; print(','.join(heavy))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""


def test_exception_tree() -> None:
    assert issubclass(geoevents.PlaceNotFoundError, geoevents.GeoeventsError)
    assert issubclass(geoevents.PlaceNotFoundError, KeyError)
    assert issubclass(geoevents.DocumentError, ValueError)
    err = geoevents.DocumentError("a.txt", "empty file")
    assert str(err) == "a.txt: empty file" and err.source == "a.txt"
