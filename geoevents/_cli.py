"""The ``geoevents`` command line: a thin layer over the library.

Exit codes
----------
0  success
1  some inputs failed (the others were processed)
2  usage error (bad option or argument, unreadable input file for ``map``)
3  gazetteer missing or unreadable
4  a required optional dependency or the map asset cache is missing
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import click

from ._exceptions import GazetteerError, GeoeventsError, MissingDependencyError

__all__ = ["main", "cli"]

EXIT_OK, EXIT_PARTIAL, EXIT_USAGE, EXIT_GAZETTEER, EXIT_DEPENDENCY = 0, 1, 2, 3, 4


def _fail(exc: GeoeventsError) -> None:
    code = EXIT_PARTIAL
    if isinstance(exc, GazetteerError):
        code = EXIT_GAZETTEER
    elif isinstance(exc, MissingDependencyError):
        code = EXIT_DEPENDENCY
    click.echo(f"geoevents: error: {exc}", err=True)
    sys.exit(code)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="geoevents", prog_name="geoevents")
def cli() -> None:
    """Turn news articles into maps: find places, resolve them offline, export them."""


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
@click.argument("inputs", nargs=-1, required=True, type=click.Path())
@click.option("-o", "--out", "out_dir", required=True, type=click.Path(file_okay=False),
              help="Directory for events.geojson, mentions.geojson, places.geojson, map.html.")
@click.option("--published", metavar="DATE",
              help="Publication date (YYYY-MM-DD) for documents that carry none.")
@click.option("--no-map", is_flag=True, help="Skip map.html.")
@click.option("--self-contained", is_flag=True,
              help="Inline every JS/CSS asset in map.html (run 'geoevents assets fetch' once).")
@click.option("--basemap", type=click.Choice(["tiles", "offline"]), default="tiles",
              show_default=True, help="Web map tiles, or land drawn from Natural Earth.")
@click.option("--strict", is_flag=True, help="Stop at the first bad input.")
@click.option("-q", "--quiet", is_flag=True, help="Print only errors.")
def run(inputs: tuple[str, ...], out_dir: str, published: str | None, no_map: bool,
        self_contained: bool, basemap: str, strict: bool, quiet: bool) -> None:
    """Read INPUTS (.txt files, .jsonl files or directories), map their events to --out.

    \b
    Writes:
      OUT/events.geojson    one point per event, merged across articles (see README)
      OUT/mentions.geojson  every place mention (document, offsets, text, place, score, role)
      OUT/places.geojson    one point per place named, with mention and document counts
      OUT/map.html          a Leaflet map of the events with a time slider (unless --no-map)

    \b
    Examples:
      geoevents run seeds --out maps
      geoevents run articles.jsonl --out out --no-map
      geoevents run story.txt --published 2021-05-11 --out out
    """
    import time
    from pathlib import Path

    from ._dates import parse_iso_date
    from ._exceptions import DocumentError
    from ._export import (
        atomic_write,
        dump_geojson,
        events_geojson,
        mentions_geojson,
        places_geojson,
    )
    from ._merging import merge_events
    from ._pipeline import process_documents

    t0 = time.perf_counter()
    if published is not None:
        try:
            parse_iso_date(published)
        except ValueError as exc:
            raise click.BadParameter(str(exc), param_hint="--published") from exc
    results = []
    failures: list[DocumentError] = []
    try:
        for res in process_documents(list(inputs), published=published):
            if isinstance(res, DocumentError):
                failures.append(res)
                click.echo(f"geoevents: error: {res}", err=True)
                if strict:
                    sys.exit(EXIT_PARTIAL)
                continue
            results.append(res)
        results.sort(key=lambda r: r.doc_id)
        events = merge_events(ev for r in results for ev in r.events)
        parsed = [(r.doc_id, r.geoparse) for r in results]
        out = Path(out_dir)
        events_fc = events_geojson(events)
        written = [
            atomic_write(out / "events.geojson", dump_geojson(events_fc)),
            atomic_write(out / "mentions.geojson", dump_geojson(mentions_geojson(parsed))),
            atomic_write(out / "places.geojson", dump_geojson(places_geojson(parsed))),
        ]
        if not no_map:
            written.append(_write_map(out / "map.html", events_fc,
                                      self_contained=self_contained, basemap=basemap))
    except GeoeventsError as exc:
        _fail(exc)
        return
    if not quiet:
        n_mentions = sum(len(r.geoparse.mentions) for r in results)
        n_places = len({m.place.id for r in results for m in r.geoparse.mentions if m.place})
        click.echo(
            f"{len(results)} documents, {n_mentions} mentions of {n_places} places, "
            f"{len(events)} events, {len(failures)} failed; wrote "
            f"{', '.join(str(p) for p in written)} in {time.perf_counter() - t0:.1f} s"
        )
    if failures:
        sys.exit(EXIT_PARTIAL)


def _write_map(path: Path, events_fc: dict[str, Any], *, self_contained: bool = False,
               basemap: str = "tiles") -> Path:
    from ._maps import events_map, save_map

    fmap = events_map(events_fc, self_contained=self_contained,
                      basemap="offline" if basemap == "offline" else "tiles")
    return save_map(fmap, path, self_contained=self_contained)


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
