"""Maps: a folium (Leaflet) map of the places the articles name.

Every text that comes from an article is HTML-escaped before it goes into a popup or tooltip.
Element ids are numbered in order, so the same input gives byte-identical HTML.
"""

from __future__ import annotations

import html
import math
from collections.abc import Sequence
from typing import Any

from ._compat import import_optional_dependency
from ._types import GeoparseResult

__all__ = ["places_map", "stable_ids"]

_KIND_COLOUR = {
    "country": "#6a3d9a",
    "admin1": "#1f78b4",
    "admin2": "#a6cee3",
    "region": "#b2df8a",
    "natural feature": "#33a02c",
    "city": "#e31a1c",
    "neighbourhood": "#fb9a99",
    "refugee camp": "#ff7f00",
    "landmark": "#fdbf6f",
    "crossing": "#cab2d6",
}


def stable_ids(root: Any) -> None:
    """Replace folium's random element ids by sequential ones (deterministic HTML)."""
    counter = 0

    def walk(el: Any) -> None:
        nonlocal counter
        el._id = f"{counter:04d}"
        counter += 1
        children = list(el._children.values())
        for child in children:
            walk(child)
        # templates iterate over these keys, which folium made from the random ids
        el._children = type(el._children)((c.get_name(), c) for c in children)
        for attr in ("html", "header", "script"):  # popups keep their content here
            sub = getattr(el, attr, None)
            if sub is not None and hasattr(sub, "_children"):
                walk(sub)

    walk(root)


def _sentence(text: str, start: int, end: int, width: int = 160) -> str:
    a = max(text.rfind(". ", 0, start) + 2, text.rfind("\n", 0, start) + 1, start - width, 0)
    b_candidates = [x for x in (text.find(". ", end), text.find("\n", end)) if x >= 0]
    b = min([*b_candidates, end + width, len(text)])
    return text[a: b + 1].strip()


def places_map(results: Sequence[tuple[str, GeoparseResult]], *, tiles: str | None =
               "OpenStreetMap", max_examples: int = 3) -> Any:
    """A folium Map with one circle per place, sized by how often the articles name it.

    Parameters
    ----------
    results : sequence of (str, GeoparseResult)
        Document id and geoparse result of each article.
    tiles : str or None, optional, default "OpenStreetMap"
        Basemap tiles (None for no basemap).
    max_examples : int, optional, default 3
        Evidence sentences shown in each popup.

    Returns
    -------
    folium.Map
    """
    folium = import_optional_dependency("folium")
    groups: dict[str, dict[str, Any]] = {}
    for doc_id, res in results:
        for m in res.mentions:
            if m.place is None:
                continue
            g = groups.setdefault(m.place.id, {"place": m.place, "n": 0, "docs": set(),
                                               "examples": []})
            g["n"] += 1
            g["docs"].add(doc_id)
            if len(g["examples"]) < max_examples:
                g["examples"].append((doc_id, _sentence(res.text, m.start, m.end)))
    fmap = folium.Map(location=[31.5, 34.8], zoom_start=7, tiles=tiles, control_scale=True)
    layers: dict[str, Any] = {}
    for pid in sorted(groups, key=lambda k: (-groups[k]["n"], k)):
        g = groups[pid]
        p = g["place"]
        layer = layers.get(p.kind)
        if layer is None:
            layer = layers[p.kind] = folium.FeatureGroup(name=html.escape(p.kind), show=True)
        esc = html.escape
        rows = "".join(
            f"<li><b>{esc(doc)}</b>: {esc(sent)}</li>" for doc, sent in g["examples"]
        )
        popup = (
            f"<b>{esc(p.name)}</b> ({esc(p.kind)}, {esc(p.country or '-')})<br>"
            f"{g['n']} mention(s) in {len(g['docs'])} article(s)<br>"
            f"<small>{esc(p.id)} &middot; {esc(p.source)}</small><ul>{rows}</ul>"
        )
        folium.CircleMarker(
            location=[p.lat, p.lon],
            radius=4 + 4 * math.log2(1 + g["n"]),
            color=_KIND_COLOUR.get(p.kind, "#555555"),
            fill=True,
            fill_opacity=0.6,
            weight=1,
            tooltip=esc(f"{p.name}: {g['n']} mention(s)"),
            popup=folium.Popup(popup, max_width=420),
        ).add_to(layer)
    for kind in sorted(layers):
        layers[kind].add_to(fmap)
    if groups:
        lats = [g["place"].lat for g in groups.values()]
        lons = [g["place"].lon for g in groups.values()]
        fmap.fit_bounds([[min(lats), min(lons)], [max(lats), max(lons)]])
    folium.LayerControl(collapsed=False).add_to(fmap)
    stable_ids(fmap)
    return fmap
