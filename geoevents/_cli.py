"""The ``geoevents`` command line: a thin layer over the library.

Exit codes
----------
0  success
1  some inputs failed (the others were processed)
2  usage error (bad option or argument)
3  gazetteer missing or unreadable
4  a required optional dependency is missing
"""

from __future__ import annotations

import json
import sys
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
              help="Directory for mentions.geojson, places.geojson and map.html.")
@click.option("--no-map", is_flag=True, help="Skip map.html.")
@click.option("--strict", is_flag=True, help="Stop at the first bad input.")
@click.option("-q", "--quiet", is_flag=True, help="Print only errors.")
def run(inputs: tuple[str, ...], out_dir: str, no_map: bool, strict: bool, quiet: bool) -> None:
    """Geoparse INPUTS (.txt files, .jsonl files or directories) and write results to --out.

    \b
    Writes:
      OUT/mentions.geojson  every place mention (document, offsets, text, place, score, role)
      OUT/places.geojson    one point per place named, with mention and document counts
      OUT/map.html          a Leaflet map of the places (unless --no-map)

    \b
    Examples:
      geoevents run seeds --out maps
      geoevents run articles.jsonl --out out --no-map
    """
    import time
    from pathlib import Path

    from ._documents import read_documents
    from ._exceptions import DocumentError
    from ._export import atomic_write, dump_geojson, mentions_geojson, places_geojson
    from ._resolution import geoparse

    t0 = time.perf_counter()
    results = []
    failures: list[DocumentError] = []
    try:
        for doc in read_documents(inputs):
            if isinstance(doc, DocumentError):
                failures.append(doc)
                click.echo(f"geoevents: error: {doc}", err=True)
                if strict:
                    sys.exit(EXIT_PARTIAL)
                continue
            results.append((doc.id, geoparse(doc.text, published=doc.published)))
        results.sort(key=lambda r: r[0])
        out = Path(out_dir)
        written = [
            atomic_write(out / "mentions.geojson", dump_geojson(mentions_geojson(results))),
            atomic_write(out / "places.geojson", dump_geojson(places_geojson(results))),
        ]
        if not no_map:
            from ._maps import places_map

            html_text = places_map(results).get_root().render()
            written.append(atomic_write(out / "map.html", html_text))
    except GeoeventsError as exc:
        _fail(exc)
        return
    if not quiet:
        n_mentions = sum(len(r.mentions) for _, r in results)
        n_places = len({m.place.id for _, r in results for m in r.mentions if m.place})
        click.echo(
            f"{len(results)} documents, {n_mentions} mentions of {n_places} places, "
            f"{len(failures)} failed; wrote {', '.join(str(p) for p in written)} "
            f"in {time.perf_counter() - t0:.1f} s"
        )
    if failures:
        sys.exit(EXIT_PARTIAL)


def main() -> None:
    """Entry point of the ``geoevents`` script."""
    cli(prog_name="geoevents")
