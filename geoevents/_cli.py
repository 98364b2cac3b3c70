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


def main() -> None:
    """Entry point of the ``geoevents`` script."""
    cli(prog_name="geoevents")
