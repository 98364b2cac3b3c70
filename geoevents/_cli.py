"""The ``geoevents`` command line: a thin layer over the library.

Commands: ``run`` (inputs to GeoJSON files and a map), ``extract`` (print the events),
``export`` (GeoPackage, CSV or GeoJSON, from inputs or from saved GeoJSON), ``map``,
``geocode`` and ``assets fetch``.

``run``, ``extract`` and ``export`` take ``--max-bytes SIZE`` (larger documents are reported,
not read), ``--jobs N|auto`` (worker processes on this machine) and ``--dask [ADDRESS]``: the
documents are processed on a Dask cluster, a local one or the scheduler at ADDRESS; the output
is the same either way (:mod:`geoevents._distributed`).

Inputs are files (``.txt``, ``.jsonl``/``.ndjson``, ``.csv`` with a ``text`` column),
directories, glob patterns (quote them: ``"news/**/*.txt"``; expanded here) or ``-``
(standard input: JSON Lines when it starts with ``{``, else one article).

Exit codes
----------
0  success
1  some inputs failed (the others were processed), or a name matched nothing (``geocode``)
2  usage error (bad option or argument, unreadable input file for ``map`` or ``export``)
3  gazetteer missing or unreadable
4  a required optional dependency or the map asset cache is missing
"""

from __future__ import annotations

import json
import re
import sys
import time
from collections.abc import Callable, Generator, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeAlias, TypeVar

import click

from ._documents import MAX_BYTES
from ._exceptions import (
    AssetsNotFoundError,
    DocumentError,
    GazetteerError,
    GeoeventsError,
    InputError,
    MissingDependencyError,
)

if TYPE_CHECKING:
    from ._collection import SpooledResult
    from ._export import DocumentShare
    from ._pipeline import DocumentResult

__all__ = ["main", "cli"]

#: What the pipeline hands a run, per document: a whole result (one process), the share of
#: it a SpooledResult keeps (worker processes), or the error.
Item: TypeAlias = "DocumentResult | DocumentShare | DocumentError"

EXIT_OK, EXIT_PARTIAL, EXIT_USAGE, EXIT_GAZETTEER, EXIT_DEPENDENCY = 0, 1, 2, 3, 4

#: Events above which ``run`` says the map will be slow (a browser draws about 10,000 events
#: a second; ``benchmarks/map_bench.py``).
MAP_EVENTS_NOTE = 100_000

FORMATS = ("geojson", "gpkg", "csv")
F = TypeVar("F", bound=Callable[..., Any])


def _fail(exc: GeoeventsError) -> None:
    code = EXIT_PARTIAL
    if isinstance(exc, GazetteerError):
        code = EXIT_GAZETTEER
    elif isinstance(exc, MissingDependencyError | AssetsNotFoundError):
        code = EXIT_DEPENDENCY
    elif isinstance(exc, InputError) and not isinstance(exc, DocumentError):
        code = EXIT_USAGE
    click.echo(f"geoevents: error: {exc}", err=True)
    sys.exit(code)


def _parse_formats(ctx: click.Context, param: click.Parameter,
                   values: tuple[str, ...]) -> tuple[str, ...]:
    """``--format``: one or more of geojson, gpkg, csv; repeatable or comma-separated."""
    names = [v.strip().lower() for value in values for v in value.split(",") if v.strip()]
    bad = [n for n in names if n not in FORMATS]
    if bad or not names:
        raise click.BadParameter(
            f"{','.join(values)!r} is not a list of formats; choose from {', '.join(FORMATS)} "
            "(e.g. --format geojson,gpkg)", ctx, param)
    return tuple(dict.fromkeys(names))


#: ``--max-bytes`` units: kB, MB, GB are powers of 1000; KiB, MiB, GiB powers of 1024.
BYTE_UNITS = {"": 1, "b": 1, "k": 10**3, "kb": 10**3, "m": 10**6, "mb": 10**6, "g": 10**9,
              "gb": 10**9, "kib": 2**10, "mib": 2**20, "gib": 2**30}


def parse_size(text: str) -> int | None:
    """Bytes in ``text``: an integer, or a number with a unit; None when it is not a size.

    Units are in :data:`BYTE_UNITS` (any case); ``_`` or ``,`` between digits is ignored.

    Examples
    --------
    >>> parse_size("10MB"), parse_size("1.5kB"), parse_size("64KiB"), parse_size("10_000")
    (10000000, 1500, 65536, 10000)
    """
    m = re.fullmatch(r"(\d+(?:\.\d*)?|\.\d+)\s*([A-Za-z]*)",
                     re.sub(r"(?<=\d)[_,](?=\d)", "", text.strip()))
    unit = BYTE_UNITS.get(m[2].lower()) if m else None
    if m is None or unit is None:
        return None
    n = int(float(m[1]) * unit) if "." in m[1] else int(m[1]) * unit
    return n if n > 0 else None


#: :data:`MAX_BYTES` as ``--help`` shows it.
_DEFAULT_SIZE = f"{MAX_BYTES // 10**6}MB" if MAX_BYTES % 10**6 == 0 else str(MAX_BYTES)


def _parse_max_bytes(ctx: click.Context, param: click.Parameter, value: str) -> int:
    """``--max-bytes``: a positive number of bytes, plain or with a unit (``10MB``)."""
    n = parse_size(value)
    if n is None:
        raise click.BadParameter(
            f"{value!r} is not a size in bytes; give a positive integer (10000000) or a number "
            "with a unit: kB, MB, GB (powers of 1000) or KiB, MiB, GiB (powers of 1024), "
            "e.g. --max-bytes 10MB", ctx, param)
    return n


#: ``--dask`` without an address: a local cluster.
LOCAL_CLUSTER = "local"


def _parse_dask(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    """``--dask [ADDRESS]``: ``local`` (the flag alone) or a scheduler address."""
    if value is None or value == LOCAL_CLUSTER:
        return value
    if re.fullmatch(r"[a-z][a-z0-9+.-]*://\S+|[^\s/:]+:\d+", value):
        return value
    hint = (" but an input path: --dask takes an optional ADDRESS, so it took the input "
            "after it; put --dask after the inputs, or write --dask=ADDRESS"
            if Path(value).exists() else "")
    raise click.BadParameter(
        f"{value!r} is not a Dask scheduler address{hint}. Give tcp://HOST:PORT (or "
        "HOST:PORT), or --dask alone for a local cluster", ctx, param)


def _parse_jobs(ctx: click.Context, param: click.Parameter, value: str) -> int | None:
    """``--jobs N|auto``: a number of processes, or None for one per CPU."""
    if value.strip().lower() == "auto":
        return None
    try:
        n = int(value)
    except ValueError:
        n = 0
    if n < 1:
        raise click.BadParameter(
            f"{value!r} is not a number of processes; give a positive integer or auto (one "
            "per CPU)", ctx, param)
    return n


def _input_options(func: F) -> F:
    """The options every command that reads articles shares."""
    func = click.option("-q", "--quiet", is_flag=True,
                        help="Print only errors (no progress bar, no summary).")(func)
    func = click.option("-j", "--jobs", metavar="N|auto", default="1", show_default=True,
                        callback=_parse_jobs,
                        help="Worker processes on this machine (auto: one per CPU); the "
                             "output is the same. Pays from a few hundred documents on.")(func)
    func = click.option("--workers", type=click.IntRange(min=1), metavar="N",
                        help="Worker processes of the local Dask cluster (with --dask and no "
                             "ADDRESS)  [default: number of CPUs]")(func)
    func = click.option("--dask", "dask_address", is_flag=False, flag_value=LOCAL_CLUSTER,
                        default=None, metavar="[ADDRESS]", callback=_parse_dask,
                        help="Process the documents on Dask: a local cluster, or the "
                             "scheduler at ADDRESS (tcp://HOST:PORT); the output is the same. "
                             'Needs pip install "geoevents[dask]".')(func)
    func = click.option("--max-bytes", metavar="SIZE", callback=_parse_max_bytes,
                        default=_DEFAULT_SIZE, show_default=True,
                        help="Report documents larger than this as errors instead of reading "
                             "them: bytes, or with a unit (500kB, 10MB, 1GB, 64KiB).")(func)
    func = click.option("--strict", is_flag=True, help="Stop at the first bad input.")(func)
    func = click.option("--published", metavar="DATE",
                        help="Publication date (YYYY-MM-DD) for documents that carry none.")(func)
    func = click.argument("inputs", nargs=-1, required=True, type=click.Path())(func)
    return func


def _check_published(published: str | None) -> None:
    from ._dates import parse_iso_date

    if published is not None:
        try:
            parse_iso_date(published)
        except ValueError as exc:
            raise click.BadParameter(str(exc), param_hint="--published") from exc


def _show_item(item: Item | None) -> str | None:
    if item is None:
        return None
    return item.source if isinstance(item, DocumentError) else item.doc_id


@contextmanager
def _progress(items: Iterator[Item], *, quiet: bool) -> Iterator[Iterable[Item]]:
    """A progress bar on stderr when it is a terminal (and not --quiet); else the items."""
    stderr = sys.stderr
    if quiet or not stderr.isatty():
        yield items
        return
    # the number of documents is not known in advance (JSON Lines, CSV): a counter, no bar
    with click.progressbar(items, label="Reading articles", file=stderr, show_pos=True,
                           item_show_func=_show_item, bar_template="%(label)s  %(info)s"
                           ) as bar:
        yield bar


def _process(inputs: tuple[str, ...], *, published: str | None, strict: bool,
             quiet: bool, max_bytes: int = MAX_BYTES, dask_address: str | None = None,
             workers: int | None = None, jobs: int | None = 1, mentions: bool = True
             ) -> SpooledResult:
    """Run the pipeline over the inputs, reporting bad documents on stderr as they come.

    With ``dask_address`` the documents are processed on Dask (:func:`iter_process_dask`):
    a local cluster of ``workers`` processes, or the scheduler at that address; otherwise
    here, or by ``jobs`` worker processes (None: one per CPU). The
    result keeps the events in memory and the mentions in a temporary file (unless
    ``mentions`` is False): close it when done.
    """
    from ._collection import SpooledResult, _spool_items

    _check_published(published)
    if workers is not None and dask_address != LOCAL_CLUSTER:
        raise click.BadParameter(
            "sizes the local Dask cluster: use it with --dask and no address" if dask_address
            else "needs --dask (the number of worker processes of a local Dask cluster)",
            param_hint="--workers")
    if jobs != 1 and dask_address is not None:
        raise click.BadParameter(
            "runs worker processes on this machine, without Dask; with --dask, size a local "
            "cluster with --workers", param_hint="--jobs")
    paths = [Path(x) if x != "-" else x for x in inputs]
    source: Iterator[Item]
    # Workers send each document as the share the result keeps, not the whole DocumentResult.
    if dask_address is not None:
        from ._distributed import _dask_items

        source = _dask_items(
            paths, published=published, gazetteer=None, max_bytes=max_bytes, client=None,
            address=None if dask_address == LOCAL_CLUSTER else dask_address,
            n_workers=workers, partition_size=None, share=True, lines=mentions)
    else:
        source = _spool_items(paths, published=published, gazetteer=None, max_bytes=max_bytes,
                             jobs=jobs, lines=mentions)
    stderr = sys.stderr
    live = quiet or not stderr.isatty()  # no progress bar: report errors at once
    held: list[DocumentError] = []

    def watched() -> Iterator[Item]:
        for item in source:
            if isinstance(item, DocumentError):
                if live or strict:
                    click.echo(f"geoevents: error: {item}", err=True)
                else:
                    held.append(item)
                if strict:
                    sys.exit(EXIT_PARTIAL)
            yield item

    try:
        with _progress(watched(), quiet=quiet) as items:
            result = SpooledResult(items, mentions=mentions)
    except GeoeventsError as exc:
        _fail(exc)
        raise  # unreachable: _fail exits
    finally:
        if isinstance(source, Generator):
            source.close()  # a Dask cluster started for this run stops, even on --strict
    for err in held:
        click.echo(f"geoevents: error: {err}", err=True)
    return result


def _summary(result: SpooledResult, t0: float, written: Iterable[Path] = ()) -> str:
    files = [str(p) for p in written]
    return (f"{result.n_documents} documents, {result.n_mentions} mentions of "
            f"{result.n_places} places, {len(result.event_records)} events, "
            f"{len(result.failures)} failed"
            + (f"; wrote {', '.join(files)}" if files else "")
            + f" in {time.perf_counter() - t0:.1f} s")


def _finish(result: SpooledResult, t0: float, written: Iterable[Path] = (), *, quiet: bool,
            err: bool = False) -> None:
    """Print the summary line (unless quiet) and exit 1 when some documents failed."""
    if not quiet:
        click.echo(_summary(result, t0, written), err=err)
    if result.failures:
        sys.exit(EXIT_PARTIAL)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="geoevents", prog_name="geoevents")
def cli() -> None:
    """Turn news articles into maps: find places, resolve them offline, export them.

    \b
    Exit codes: 0 success; 1 some inputs failed; 2 usage error; 3 gazetteer missing;
    4 optional dependency or map asset cache missing.
    """


@cli.command()
@click.argument("names", nargs=-1, required=True)
@click.option("-n", "--limit", default=5, show_default=True, help="Candidates per name.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON (one object per name).")
@click.option("--no-fuzzy", is_flag=True, help="Do not fall back to typo-tolerant matching.")
def geocode(names: tuple[str, ...], limit: int, as_json: bool, no_fuzzy: bool) -> None:
    """Look up place NAMES in the offline gazetteer and print ranked candidates.

    \b
    Examples:
      geoevents geocode Ashkelon "Khan Yunis" "Jenin refugee camp"
      geoevents geocode "Paris, Texas" --limit 1 --json
    """
    from ._gazetteer import default_gazetteer

    try:
        gaz = default_gazetteer()
        results: list[dict[str, Any]] = []
        for name in names:
            cands = gaz.lookup(name, limit=limit, fuzzy=not no_fuzzy)
            results.append(
                {
                    "query": name,
                    "candidates": [
                        {
                            "name": c.place.name,
                            "kind": c.place.kind,
                            "country": c.place.country,
                            "admin1": c.place.admin1,
                            "lat": c.place.lat,
                            "lon": c.place.lon,
                            "id": c.place.id,
                            "score": c.score,
                            "match": c.match,
                        }
                        for c in cands
                    ],
                }
            )
    except GeoeventsError as exc:
        _fail(exc)
        return
    if as_json:
        click.echo(json.dumps(results, ensure_ascii=False, indent=1))
    else:
        for res in results:
            click.echo(f"{res['query']}:")
            if not res["candidates"]:
                click.echo("  (no match)")
            for c in res["candidates"]:
                flag = "" if c["match"] == "exact" else f" [{c['match']}]"
                click.echo(
                    f"  {c['name']} ({c['kind']}, {c['country'] or '-'})  "
                    f"{c['lat']:.5f}, {c['lon']:.5f}  {c['id']}  score={c['score']:.2f}{flag}"
                )
    if any(not r["candidates"] for r in results):
        sys.exit(EXIT_PARTIAL)


@cli.command()
@click.option("-o", "--out", "out_dir", required=True, type=click.Path(file_okay=False),
              help="Directory for the files written.")
@click.option("-f", "--format", "formats", multiple=True, default=["geojson"],
              show_default=True, callback=_parse_formats, metavar="FORMAT[,FORMAT]",
              help="Files to write besides map.html: geojson, gpkg, csv (repeat the option or "
                   "separate with commas).")
@click.option("--no-map", is_flag=True, help="Skip map.html.")
@click.option("--self-contained", is_flag=True,
              help="Inline every JS/CSS asset in map.html (run 'geoevents assets fetch' once).")
@click.option("--basemap", type=click.Choice(["tiles", "offline"]), default="tiles",
              show_default=True, help="Web map tiles, or land drawn from Natural Earth.")
@_input_options
def run(inputs: tuple[str, ...], out_dir: str, published: str | None,
        formats: tuple[str, ...], no_map: bool, self_contained: bool, basemap: str,
        strict: bool, quiet: bool, max_bytes: int, dask_address: str | None,
        workers: int | None, jobs: int | None) -> None:
    """Read INPUTS (files, directories, globs, .jsonl, .csv, - for stdin) and map their events.

    \b
    Writes to --out:
      events.geojson    one point per event, merged across articles   (geojson, the default)
      mentions.geojson  every place mention: document, offsets, text, place, score, role
      places.geojson    one point per place named, with mention and document counts
      map.html          a Leaflet map of the events with a time slider (unless --no-map)
      events.gpkg       layers events, mentions, places, place_areas  (--format gpkg)
      events.csv        ACLED-like columns; also mentions.csv, places.csv  (--format csv)

    \b
    Examples:
      geoevents run seeds --out maps
      geoevents run articles.jsonl --out out --no-map
      geoevents run "news/**/*.txt" --out out --format geojson,gpkg,csv
      geoevents run story.txt --published 2021-05-11 --out out
      cat story.txt | geoevents run - --out out
      geoevents run big.jsonl --out out --jobs auto            # one process per CPU
      geoevents run big.jsonl --out out --dask                 # a local Dask cluster
      geoevents run /data/big.jsonl --out out --dask tcp://scheduler:8786
    """
    t0 = time.perf_counter()
    fmts = formats
    result = _process(inputs, published=published, strict=strict, quiet=quiet,
                      max_bytes=max_bytes, dask_address=dask_address, workers=workers,
                      jobs=jobs)
    out = Path(out_dir)
    written: list[Path] = []
    with result:
        try:
            if "geojson" in fmts:
                written += result.to_geojson(out)
            if not no_map:
                n_events = len(result.event_records)
                if n_events > MAP_EVENTS_NOTE and not quiet:
                    click.echo(f"geoevents: note: map.html will hold {n_events:,} events, "
                               "which a browser takes many seconds to draw; --no-map skips "
                               "it (open events.geojson or events.gpkg in a GIS instead)",
                               err=True)
                result.to_map(out / "map.html", self_contained=self_contained,
                              basemap="offline" if basemap == "offline" else "tiles")
                written.append(out / "map.html")
            if "gpkg" in fmts:
                written.append(result.to_gpkg(out / "events.gpkg"))
            if "csv" in fmts:
                written += result.to_csv(out)
        except GeoeventsError as exc:
            _fail(exc)
            return
    _finish(result, t0, written, quiet=quiet)


def _event_row(props: dict[str, Any]) -> list[str]:
    start, end = props.get("date_start") or "", props.get("date_end") or ""
    when = start if not end or end == start else (
        f"{start}..{end[5:]}" if start[:4] == end[:4] else f"{start}..{end}")

    def num(key: str) -> str:
        v = props.get(key)
        return "" if v is None else str(v)

    what = props.get("event_type") or props.get("category") or ""
    where = props.get("place_name") or ""
    if props.get("country_code"):
        where = f"{where} ({props['country_code']})" if where else props["country_code"]
    return [when or "-", what, where or "-", num("killed"), num("injured"),
            num("n_sources")]


def _table(rows: list[list[str]], header: list[str], *, widths: list[int]) -> Iterator[str]:
    def clip(text: str, width: int) -> str:
        return text if len(text) <= width else text[: width - 1] + "…"

    cols = [min(w, max([len(header[i])] + [len(r[i]) for r in rows])) for i, w in
            enumerate(widths)]
    numeric = {3, 4, 5}
    for r in [header, *rows]:
        cells = [clip(c, cols[i]).rjust(cols[i]) if i in numeric else clip(c, cols[i]).ljust(
            cols[i]) for i, c in enumerate(r)]
        yield "  ".join(cells).rstrip()


@cli.command()
@click.option("--json", "as_json", is_flag=True,
              help="Print one GeoJSON Feature per line (newline-delimited GeoJSON, readable "
                   "by GDAL's GeoJSONSeq driver) instead of a table.")
@_input_options
def extract(inputs: tuple[str, ...], published: str | None, as_json: bool, strict: bool,
            quiet: bool, max_bytes: int, dask_address: str | None, workers: int | None,
            jobs: int | None) -> None:
    """Print the events of INPUTS: a table, or GeoJSON Features with --json.

    Events are merged across the inputs, as in 'geoevents run'. The summary line goes to
    stderr, so stdout holds only the events.

    \b
    Examples:
      geoevents extract seeds
      geoevents extract articles.jsonl --json > events.geojsonl
      echo "Rockets hit Ashkelon on Monday." | geoevents extract - --published 2021-05-11
    """
    t0 = time.perf_counter()
    result = _process(inputs, published=published, strict=strict, quiet=quiet,
                      max_bytes=max_bytes, dask_address=dask_address, workers=workers,
                      jobs=jobs, mentions=False)
    features = result.geojson("events")["features"]
    if as_json:
        for f in features:
            # "type" first: GDAL then recognises the stream as GeoJSONSeq, not one Feature
            feature = {"type": "Feature", "id": f["id"], "geometry": f["geometry"],
                       "properties": dict(sorted(f["properties"].items()))}
            click.echo(json.dumps(feature, ensure_ascii=False))
    elif features:
        rows = [_event_row(f["properties"]) for f in features]
        header = ["DATE", "EVENT", "PLACE", "KILLED", "INJURED", "SOURCES"]
        for text in _table(rows, header, widths=[21, 28, 32, 8, 8, 7]):
            click.echo(text)
    _finish(result, t0, quiet=quiet, err=True)


def _is_geojson(item: str) -> bool:
    return item.lower().endswith((".geojson", ".json"))


def _layer_of(path: str, fc: dict[str, Any]) -> str:
    """The layer a saved FeatureCollection is: by file name, else by its properties."""
    from ._export import LAYER_SCHEMAS

    stem = Path(path).stem.lower()
    if stem in LAYER_SCHEMAS:
        return stem
    keys = set()
    for f in fc["features"][:50]:
        keys |= set((f.get("properties") or {}) if isinstance(f, dict) else ())
    for layer, need in (("events", {"event_type", "date_start"}),
                        ("mentions", {"doc_id", "start", "end"}),
                        ("places", {"place_id", "mentions"})):
        if need <= keys:
            return layer
    return stem


def _export_saved(paths: tuple[str, ...], fmts: tuple[str, ...], out: Path,
                  gpkg_path: Path) -> list[Path]:
    from ._export import (
        csv_rows,
        layer_frame,
        place_areas_frame,
        write_csv,
        write_geojson,
        write_gpkg,
    )

    layers: dict[str, dict[str, Any]] = {}
    for path in paths:
        fc = _read_feature_collection(path)
        name = _layer_of(path, fc)
        if name in layers:
            raise InputError(f"{path}: a second {name!r} layer; export one file per layer")
        layers[name] = fc
    written: list[Path] = []
    if "geojson" in fmts:
        for name, fc in layers.items():
            written.append(write_geojson(out / f"{name}.geojson", fc))
    if "gpkg" in fmts:
        frames = {name: layer_frame(name, fc["features"]) for name, fc in layers.items()}
        if "places" in layers:
            areas = place_areas_frame(layers["places"]["features"])
            if len(areas):
                frames["place_areas"] = areas
        written.append(write_gpkg(gpkg_path, frames))
    if "csv" in fmts:
        country_name = _country_namer() if "events" in layers else str
        for name, fc in layers.items():
            header, rows = csv_rows(name, fc["features"], country_name=country_name)
            written.append(write_csv(out / f"{name}.csv", header, rows))
    return written


def _country_namer() -> Callable[[str], str]:
    from ._gazetteer import default_gazetteer

    gaz = default_gazetteer()

    def name(code: str) -> str:
        place = gaz.country(code)
        return place.name if place is not None else code

    return name


@cli.command()
@click.option("-o", "--out", required=True, type=click.Path(),
              help="Directory for the files (a path ending in .gpkg names the GeoPackage "
                   "itself when gpkg is the only format).")
@click.option("-f", "--format", "formats", multiple=True, default=["gpkg"],
              show_default=True, callback=_parse_formats, metavar="FORMAT[,FORMAT]",
              help="geojson, gpkg or csv (repeat the option or separate with commas).")
@_input_options
def export(inputs: tuple[str, ...], out: str, formats: tuple[str, ...],
           published: str | None, strict: bool, quiet: bool, max_bytes: int,
           dask_address: str | None, workers: int | None, jobs: int | None) -> None:
    """Write GIS files: from articles (INPUTS as for 'run'), or convert saved GeoJSON.

    \b
    Formats:
      gpkg     events.gpkg: layers events, mentions, places (points) and place_areas
               (polygons); typed columns (dates as DATE, counts as INTEGER), spatial index
      csv      events.csv with ACLED-like columns (event_date, event_type, actor1,
               location, latitude, longitude, fatalities, ...), mentions.csv, places.csv
      geojson  events.geojson, mentions.geojson, places.geojson (places with polygons and
               event counts)

    When every INPUT is a .geojson file (saved by 'geoevents run'), it is converted: the
    layer is named after the file (events, mentions, places) or recognised by its fields.

    \b
    Examples:
      geoevents export seeds -o out                      # out/events.gpkg
      geoevents export seeds -o events.gpkg
      geoevents export articles.csv -o out --format csv,gpkg
      geoevents export maps/events.geojson maps/places.geojson -o maps.gpkg
    """
    t0 = time.perf_counter()
    fmts = formats
    out_path = Path(out)
    if out_path.suffix.lower() == ".gpkg":
        if fmts != ("gpkg",):
            raise click.BadParameter(
                f"{out!r} names a GeoPackage file, but --format {','.join(fmts)} also writes "
                "other files; give a directory", param_hint="--out")
        gpkg_path, out_dir = out_path, out_path.parent
    else:
        gpkg_path, out_dir = out_path / "events.gpkg", out_path
    saved = [_is_geojson(x) for x in inputs]
    if any(saved):
        if not all(saved):
            raise click.UsageError(
                "mix of saved GeoJSON and articles: convert .geojson files in one call and "
                "process articles in another")
        try:
            written = _export_saved(inputs, fmts, out_dir, gpkg_path)
        except InputError as exc:
            click.echo(f"geoevents: error: {exc}", err=True)
            sys.exit(EXIT_USAGE)
        except GeoeventsError as exc:
            _fail(exc)
            return
        if not quiet:
            click.echo(f"converted {len(inputs)} file(s); wrote "
                       f"{', '.join(str(p) for p in written)} in "
                       f"{time.perf_counter() - t0:.1f} s")
        return
    result = _process(inputs, published=published, strict=strict, quiet=quiet,
                      max_bytes=max_bytes, dask_address=dask_address, workers=workers,
                      jobs=jobs)
    written = []
    with result:
        try:
            if "geojson" in fmts:
                written += result.to_geojson(out_dir)
            if "gpkg" in fmts:
                written.append(result.to_gpkg(gpkg_path))
            if "csv" in fmts:
                written += result.to_csv(out_dir)
        except GeoeventsError as exc:
            _fail(exc)
            return
    _finish(result, t0, written, quiet=quiet)


def main() -> None:
    """Entry point of the ``geoevents`` script."""
    cli(prog_name="geoevents")


def _read_feature_collection(path: str) -> dict[str, Any]:
    """The FeatureCollection saved in ``path``, or DocumentError naming the file."""
    from ._exceptions import DocumentError

    try:
        with open(path, encoding="utf-8-sig") as fh:
            data = json.load(fh)
    except FileNotFoundError:
        raise DocumentError(path, "does not exist") from None
    except IsADirectoryError:
        raise DocumentError(path, "is a directory, not an events.geojson file") from None
    except UnicodeDecodeError:
        raise DocumentError(path, "is not valid UTF-8") from None
    except json.JSONDecodeError as exc:
        raise DocumentError(path, f"is not valid JSON ({exc.msg} at line {exc.lineno})") from None
    if not isinstance(data, dict) or data.get("type") != "FeatureCollection" or not isinstance(
            data.get("features"), list):
        got = (f"a GeoJSON {data.get('type')!r} object" if isinstance(data, dict)
               else f"a JSON {type(data).__name__}")
        raise DocumentError(
            path, f"is {got}, not a GeoJSON FeatureCollection; expected the events.geojson "
            "written by 'geoevents run'"
        )
    return data


@cli.command("map")
@click.argument("events_file", metavar="EVENTS_GEOJSON", type=click.Path(dir_okay=False))
@click.option("-o", "--out", "out_file", required=True, type=click.Path(dir_okay=False),
              help="The HTML file to write.")
@click.option("--self-contained", is_flag=True,
              help="Inline Leaflet and the timeline plugin (pinned, hash-checked; run "
                   "'geoevents assets fetch' once first): opens with no network but tiles.")
@click.option("--basemap", type=click.Choice(["tiles", "offline"]), default="tiles",
              show_default=True,
              help="OpenStreetMap tiles, or land polygons from shipped data (no network).")
@click.option("--title", help="Title shown above the map.")
@click.option("-q", "--quiet", is_flag=True, help="Print only errors.")
def map_command(events_file: str, out_file: str, self_contained: bool, basemap: str,
                title: str | None, quiet: bool) -> None:
    """Draw a saved EVENTS_GEOJSON (from 'geoevents run') as a map with a time slider.

    \b
    Examples:
      geoevents map out/events.geojson -o out/events.html
      geoevents map out/events.geojson -o events.html --self-contained --basemap offline
    """
    from ._exceptions import AssetsNotFoundError, InputError
    from ._maps import events_map, save_map

    try:
        fc = _read_feature_collection(events_file)
        fmap = events_map(fc, title=title, self_contained=self_contained,
                          basemap="offline" if basemap == "offline" else "tiles")
        path = save_map(fmap, out_file, self_contained=self_contained)
    except InputError as exc:
        if str(exc).startswith(events_file):
            click.echo(f"geoevents: error: {exc}", err=True)
        else:
            click.echo(f"geoevents: error: {events_file}: {exc}", err=True)
        sys.exit(EXIT_USAGE)
    except AssetsNotFoundError as exc:
        click.echo(f"geoevents: error: {exc}", err=True)
        sys.exit(EXIT_DEPENDENCY)
    except GeoeventsError as exc:
        _fail(exc)
        return
    if not quiet:
        click.echo(f"{len(fc['features'])} events; wrote {path} "
                   f"({path.stat().st_size / 1e6:.2f} MB)")


@cli.group()
def assets() -> None:
    """The pinned JavaScript/CSS that self-contained maps inline."""


@assets.command("fetch")
@click.option("--force", is_flag=True, help="Download again even if the cache is intact.")
@click.option("--from-dir", "from_dir", type=click.Path(file_okay=False, exists=True),
              help="Take the tarballs from this directory (made with 'npm pack NAME@VERSION') "
                   "instead of downloading them; they are checked against the same hashes.")
def assets_fetch(force: bool, from_dir: str | None) -> None:
    """Download the pinned npm packages into the asset cache and check their hashes.

    \b
    The cache is $GEOEVENTS_CACHE_DIR/assets (default ~/.cache/geoevents/assets). Each
    tarball comes from the npm registry and must match the integrity hash in geoevents'
    lock file, and so must every file taken from it.
    """
    from ._assets import assets_dir, fetch_assets

    download = None
    if from_dir is not None:
        def download(url: str) -> bytes:
            local = Path(from_dir) / url.rsplit("/", 1)[-1]
            try:
                return local.read_bytes()
            except OSError as exc:
                raise click.ClickException(f"{local}: {exc.strerror or exc}") from exc

    try:
        paths = fetch_assets(force=force, download=download)
    except GeoeventsError as exc:
        _fail(exc)
        return
    for p in paths:
        click.echo(str(p))
    click.echo(f"{len(paths)} asset files verified in {assets_dir()}")
