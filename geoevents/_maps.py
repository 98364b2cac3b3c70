"""Maps: a folium (Leaflet) map of events with a time slider, and a map of places.

Every text that comes from an article is HTML-escaped (see :func:`escape_text`) before it goes
into a popup, tooltip, legend or panel, and is embedded in scripts as escaped JSON. Element ids
are numbered in order (:func:`stable_ids`), so the same input gives byte-identical HTML.
"""

from __future__ import annotations

import html
import math
import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any, Literal, cast

from ._compat import import_optional_dependency
from ._exceptions import InputError
from ._types import GeoparseResult

__all__ = ["places_map", "stable_ids", "events_map", "save_map", "escape_text", "render_map"]

# characters that html.escape keeps but that mean something to the layers around the text:
# Jinja ({{ }}, {% %}) in folium's double rendering, and JavaScript template literals
# (` and ${ }) in folium's Popup and Tooltip scripts
_EXTRA_ESCAPES = str.maketrans({"{": "&#123;", "}": "&#125;", "`": "&#96;", "$": "&#36;",
                                "\\": "&#92;"})


def escape_text(text: object) -> str:
    """HTML-escape untrusted text for a map, quotes included.

    Also replaces ``{``, ``}``, backtick, ``$`` and backslash by character references, so the
    text cannot act as a Jinja or JavaScript template either.
    """
    return html.escape(str(text), quote=True).translate(_EXTRA_ESCAPES)


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
            layer = layers[p.kind] = folium.FeatureGroup(name=escape_text(p.kind), show=True)
        esc = escape_text
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


# --------------------------------------------------------------------------------------------
# Events map
# --------------------------------------------------------------------------------------------

Basemap = Literal["tiles", "offline"]
_BASEMAPS = ("tiles", "offline")
_DAY_MS = 86_400_000
_EPOCH = date(1970, 1, 1)
_APPROX_SCALE = 1.8  # region-level events: a hollow, dashed symbol this much wider
_DEFAULT_CENTRE = (31.5, 34.8)


@dataclass(frozen=True)
class _Symbol:
    label: str
    colour: str
    shape: str


# one symbol per event category: colour and shape, every pair distinct
_SYMBOLS: dict[str, _Symbol] = {
    "air_strike": _Symbol("Air strike", "#d7301f", "triangle_down"),
    "rocket_fire": _Symbol("Rocket fire", "#f16913", "triangle"),
    "interception": _Symbol("Interception", "#c59900", "star"),
    "armed_clash": _Symbol("Armed clash", "#6a3d9a", "cross"),
    "raid": _Symbol("Raid", "#8e6cc0", "x"),
    "shooting": _Symbol("Shooting", "#a50f15", "diamond"),
    "attack": _Symbol("Attack", "#67000d", "circle"),
    "riot": _Symbol("Riot", "#238b45", "pentagon"),
    "arrest": _Symbol("Arrest", "#2171b5", "square"),
    "eviction": _Symbol("Eviction", "#1d91c0", "hexagon"),
    "demolition": _Symbol("Demolition", "#525252", "square"),
    "property_damage": _Symbol("Property damage", "#8c6d31", "diamond"),
    "displacement": _Symbol("Displacement", "#41ab5d", "hexagon"),
    "mobilisation": _Symbol("Mobilisation", "#3f007d", "pentagon"),
    "alert": _Symbol("Alert", "#e6ab02", "triangle"),
    "casualties": _Symbol("Casualties", "#e7298a", "circle"),
    "other": _Symbol("Other", "#737373", "circle"),
}

_TIME_PRECISION = {1: "exact date", 2: "approximate: week", 3: "approximate: month"}
_GEO_PRECISION = {1: "exact place", 2: "near or part of the place",
                  3: "region only: location approximate"}
_DOT = " \u00b7 "
_COUNTS = (("rockets", "rocket(s)"), ("strikes", "strike(s)"), ("displaced", "displaced"),
           ("arrested", "arrested"), ("mobilised", "mobilised"))


def _regular(n: int, r: float = 1.0, phase: float = -90.0) -> list[tuple[float, float]]:
    return [(r * math.cos(math.radians(phase + 360 * i / n)),
             r * math.sin(math.radians(phase + 360 * i / n))) for i in range(n)]


def _shape_points(shape: str) -> list[list[float]] | None:
    """The outline of a shape in a unit box centred on 0 (y down), or None for a circle."""
    a = 0.34  # half width of the arms of + and x
    pts: list[tuple[float, float]]
    if shape == "circle":
        return None
    if shape == "square":
        pts = [(-0.82, -0.82), (0.82, -0.82), (0.82, 0.82), (-0.82, 0.82)]
    elif shape == "diamond":
        pts = [(0, -1.05), (1.05, 0), (0, 1.05), (-1.05, 0)]
    elif shape == "triangle":
        pts = _regular(3, 1.15)
    elif shape == "triangle_down":
        pts = _regular(3, 1.15, 90.0)
    elif shape == "pentagon":
        pts = _regular(5, 1.0)
    elif shape == "hexagon":
        pts = _regular(6, 1.0, 0.0)
    elif shape == "star":
        outer, inner = _regular(5, 1.15), _regular(5, 0.5, -54.0)
        pts = [p for pair in zip(outer, inner, strict=True) for p in pair]
    elif shape in ("cross", "x"):
        b = 1.0
        pts = [(-a, -b), (a, -b), (a, -a), (b, -a), (b, a), (a, a), (a, b), (-a, b), (-a, a),
               (-b, a), (-b, -a), (-a, -a)]
        if shape == "x":
            c = math.sqrt(0.5)
            pts = [((x - y) * c * 1.1, (x + y) * c * 1.1) for x, y in pts]
    else:
        raise ValueError(f"unknown shape {shape!r}")
    return [[round(x, 3), round(y, 3)] for x, y in pts]


def _symbol_svg(key: str, r: float, *, approx: bool = False) -> str:
    """The same symbol the map's script draws, as inline SVG (legend, layer control)."""
    s = _SYMBOLS[key]
    big = r * _APPROX_SCALE if approx else r
    size = math.ceil(2 * big + 4)
    c = size / 2
    if approx:
        paint = (f' fill="{s.colour}" fill-opacity="0.1" stroke="{s.colour}" stroke-width="2"'
                 ' stroke-dasharray="4 3"')
    else:
        paint = f' fill="{s.colour}" fill-opacity="0.85" stroke="#ffffff" stroke-width="1.2"'
    pts = _shape_points(s.shape)
    if pts is None:
        body = f'<circle cx="{c:g}" cy="{c:g}" r="{big:g}"{paint}/>'
    else:
        xy = " ".join(f"{c + x * big:.1f},{c + y * big:.1f}" for x, y in pts)
        body = f'<polygon points="{xy}"{paint}/>'
    return (f'<svg class="ge-sym" width="{size}" height="{size}" aria-hidden="true">'
            f"{body}</svg>")


def _radius(toll: int) -> float:
    """Marker radius in pixels: 6 for none, ~7 for 1, 10 for 10, 14 for 100, 18 for 1,000."""
    return round(6 + 4 * math.log10(1 + max(0, toll)), 1)


def _int(value: Any) -> int | None:
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float) and math.isfinite(value):
        return int(value)
    if isinstance(value, str) and value.strip().lstrip("-").isdigit():
        return int(value.strip())
    return None


def _text(value: Any) -> str:
    return "" if value is None else str(value)


def _describe(value: Any) -> str:
    text = repr(value)
    return f"{text[:60]}{'...' if len(text) > 60 else ''} (a {type(value).__name__})"


def _figure(props: Mapping[str, Any], field: str, noun: str) -> str | None:
    """``"25-26 killed"``, ``"at least 26 killed"``, or None when there is no figure."""
    value = _int(props.get(field))
    low, high = _int(props.get(f"{field}_low")), _int(props.get(f"{field}_high"))
    qualifier = _text(props.get(f"{field}_qualifier")).strip()
    if low is not None and high is not None and low != high:
        number = f"{low:,}-{high:,}"
    elif value is not None:
        number = f"{value:,}"
    elif low is not None:
        number, qualifier = f"{low:,}", qualifier or "at least"
    elif high is not None:
        number, qualifier = f"{high:,}", qualifier or "up to"
    else:
        return None
    among = [f"{n:,} {who}" for who in ("children", "women")
             if (n := _int(props.get(f"{field}_{who}"))) is not None]
    text = " ".join(x for x in (qualifier, number, noun) if x)
    return f"{text} (incl. {', '.join(among)})" if among else text


def _best(props: Mapping[str, Any], field: str) -> int:
    for key in (field, f"{field}_low", f"{field}_high"):
        v = _int(props.get(key))
        if v is not None:
            return max(0, v)
    return 0


def _parse_date(value: Any, field: str, fid: str) -> date | None:
    if value is None or value == "":
        return None
    if isinstance(value, str) and len(value) >= 10:
        try:
            return date.fromisoformat(value[:10])
        except ValueError:
            pass
    raise InputError(
        f"event {fid}: {field} is {_describe(value)}; expected an ISO date 'YYYY-MM-DD' or null"
    )


def _fmt_date(d: date) -> str:
    return f"{d.day} {d:%b} {d.year}"


def _fmt_range(start: date, end: date) -> str:
    if end <= start:
        return _fmt_date(start)
    if (start.year, start.month) == (end.year, end.month):
        return f"{start.day}\u2013{end.day} {end:%b} {end.year}"
    if start.year == end.year:
        return f"{start.day} {start:%b} \u2013 {_fmt_date(end)}"
    return f"{_fmt_date(start)} \u2013 {_fmt_date(end)}"


def _point(geom: Any, fid: str) -> tuple[float, float] | None:
    """(lon, lat) of a GeoJSON Point, None for a null geometry."""
    if geom is None:
        return None
    if not isinstance(geom, Mapping) or geom.get("type") != "Point":
        kind = geom.get("type") if isinstance(geom, Mapping) else type(geom).__name__
        raise InputError(f"event {fid}: geometry is a {kind!r}; expected a GeoJSON Point or null")
    coords = geom.get("coordinates")
    if (isinstance(coords, Sequence) and not isinstance(coords, str) and len(coords) >= 2
            and all(isinstance(c, int | float) and not isinstance(c, bool) for c in coords[:2])
            and -180 <= coords[0] <= 180 and -90 <= coords[1] <= 90):
        return float(coords[0]), float(coords[1])
    raise InputError(
        f"event {fid}: coordinates are {_describe(coords)}; expected [lon, lat] with "
        "lon in -180..180 and lat in -90..90"
    )


def _sources(props: Mapping[str, Any]) -> list[tuple[str, list[str]]]:
    """(document id, evidence sentences) for every source, in the order given."""
    order: dict[str, list[str]] = {}
    for doc in _text(props.get("source_ids")).split(";"):
        if doc.strip():
            order.setdefault(doc.strip(), [])
    for line in _text(props.get("evidence")).splitlines():
        line = line.strip()
        if not line:
            continue
        doc, sentence = "", line
        if line.startswith("[") and "]" in line:
            doc, sentence = line[1:line.index("]")].strip(), line[line.index("]") + 1:].strip()
        order.setdefault(doc, []).append(sentence)
    return list(order.items())


@dataclass(frozen=True)
class _Event:
    fid: str
    sym: str
    label: str
    lonlat: tuple[float, float] | None
    start: date | None
    end: date | None
    toll: int
    approx: bool
    cumulative: bool
    card: dict[str, Any]
    tip: str


def _event(feature: Mapping[str, Any], index: int) -> _Event:
    fid_raw = feature.get("id")
    fid = f"#{index}" if fid_raw is None else repr(str(fid_raw))
    props = feature.get("properties") or {}
    if not isinstance(props, Mapping):
        raise InputError(f"event {fid}: properties is {_describe(props)}; expected a dict")
    esc = escape_text
    category = _text(props.get("category")).strip()
    sym = category if category in _SYMBOLS else "other"
    label = _SYMBOLS[sym].label if sym != "other" else (
        category or _text(props.get("event_type")) or "Event")
    lonlat = _point(feature.get("geometry"), fid)
    start = _parse_date(props.get("date_start"), "date_start", fid)
    end = _parse_date(props.get("date_end"), "date_end", fid)
    if start is not None and (end is None or end < start):
        end = start
    cumulative = props.get("cumulative") is True or _text(props.get("cumulative")) == "true"
    geo_precision = _int(props.get("geo_precision"))
    approx = geo_precision == 3

    figures = [x for x in (_figure(props, "killed", "killed"),
                           _figure(props, "injured", "injured")) if x]
    figures += [f"{v:,} {noun}" for field, noun in _COUNTS
                if (v := _int(props.get(field))) is not None]
    if start is None:
        when = "Undated"
    else:
        when = _fmt_range(start, end or start)
    time_precision = _TIME_PRECISION.get(_int(props.get("time_precision")) or 0, "")
    place = _text(props.get("place_name")).strip()
    where = [place] if place else []
    for extra in (_text(props.get("admin1")).strip(), _text(props.get("country_code")).strip()):
        if extra and extra not in where:
            where.append(extra)
    place_precision = _GEO_PRECISION.get(geo_precision or 0, "")

    # the popup as data: every string escaped; the map's script (popups) and _card_html
    # (panel) lay it out the same way
    card: dict[str, Any] = {"h": esc(label) + (" (cumulative total)" if cumulative else "")}
    sub = _DOT.join(x for x in (_text(props.get("event_type")),
                                _text(props.get("sub_event_type"))) if x)
    if sub:
        card["sub"] = esc(sub)
    if figures:
        card["fig"] = esc(_DOT.join(figures))
    place_note = "; ".join(x for x in (place_precision,
                                       "" if lonlat else "no coordinates") if x)
    rows = [["Date", esc(when), esc(time_precision) if start else ""],
            ["Place", esc(", ".join(where) or "unknown"), esc(place_note)]]
    for key, name in (("actors", "Actors"), ("victims", "Victims"), ("targets", "Targets"),
                      ("claimed_by", "Claimed by"), ("notes", "Notes")):
        value = _text(props.get(key)).strip()
        if value:
            rows.append([name, esc(value), ""])
    card["rows"] = [r if r[2] else r[:2] for r in rows]
    sources = _sources(props)
    n_sources = _int(props.get("n_sources"))
    card["n"] = len([d for d, _ in sources if d]) if n_sources is None else n_sources
    card["src"] = [[esc(doc or "?"), [esc(x) for x in sentences]] for doc, sentences in sources]
    tip_parts = [label, when]
    if place:
        tip_parts.append(place)
    tip_parts += figures[:2]
    toll = _best(props, "killed") + _best(props, "injured")
    return _Event(fid, sym, label, lonlat, start, end, toll, approx, cumulative, card,
                  esc(_DOT.join(tip_parts)))


def _features(events: Sequence[Mapping[str, Any]] | Mapping[str, Any]) -> list[Any]:
    if isinstance(events, Mapping):
        if events.get("type") != "FeatureCollection" or not isinstance(
                events.get("features"), list):
            raise InputError(
                f"events is a dict with type {events.get('type')!r}; expected a GeoJSON "
                "FeatureCollection ({'type': 'FeatureCollection', 'features': [...]}) or a "
                "list of Feature dicts"
            )
        return list(events["features"])
    if isinstance(events, str | bytes) or not isinstance(events, Sequence):
        raise InputError(
            f"events is {_describe(events)}; expected a list of GeoJSON Feature dicts or a "
            "FeatureCollection dict (parse a file with json.load first)"
        )
    return list(events)


def _ms(d: date) -> int:
    return (d - _EPOCH).days * _DAY_MS


@dataclass(frozen=True)
class _Layout:
    dated: dict[str, list[dict[str, Any]]]
    undated: list[dict[str, Any]]
    cumulative: list[_Event]
    counts: dict[str, int]
    unlocated: int
    start: date | None
    end: date | None
    bounds: list[list[float]] | None


def _layout(events: Sequence[Mapping[str, Any]] | Mapping[str, Any]) -> _Layout:
    evs = []
    for i, f in enumerate(_features(events)):
        if not isinstance(f, Mapping) or f.get("type") != "Feature":
            raise InputError(
                f"events[{i}] is {_describe(f)}; expected a GeoJSON Feature dict "
                "({'type': 'Feature', 'geometry': {...} or None, 'properties': {...}})"
            )
        evs.append((i, _event(f, i)))
    evs.sort(key=lambda t: (t[1].start or date.max, t[1].end or date.max, t[1].sym, t[1].fid,
                            t[0]))
    dated: dict[str, list[dict[str, Any]]] = {}
    undated: list[dict[str, Any]] = []
    cumulative: list[_Event] = []
    counts: dict[str, int] = {}
    unlocated = 0
    lons: list[float] = []
    lats: list[float] = []
    for _, ev in evs:
        if ev.cumulative:
            cumulative.append(ev)
            continue
        if ev.lonlat is None:
            unlocated += 1
            continue
        lon, lat = ev.lonlat
        lons.append(lon)
        lats.append(lat)
        props: dict[str, Any] = {"sym": ev.sym, "r": _radius(ev.toll), "approx": int(ev.approx),
                                 "card": ev.card, "tip": ev.tip}
        feat = {"type": "Feature", "id": escape_text(ev.fid.strip("'\"")),
                "geometry": {"type": "Point", "coordinates": [round(lon, 6), round(lat, 6)]},
                "properties": props}
        if ev.start is None:
            undated.append(feat)
        else:
            props["start"] = _ms(ev.start)
            props["end"] = _ms(ev.end or ev.start) + _DAY_MS  # [start, end + 1 day)
            props["endExclusive"] = True
            dated.setdefault(ev.sym, []).append(feat)
        counts[ev.sym] = counts.get(ev.sym, 0) + 1
    starts = [ev.start for _, ev in evs if ev.start and not ev.cumulative and ev.lonlat]
    ends = [ev.end for _, ev in evs if ev.end and not ev.cumulative and ev.lonlat]
    bounds = [[min(lats), min(lons)], [max(lats), max(lons)]] if lats else None
    return _Layout(dated, undated, cumulative, counts, unlocated,
                   min(starts) if starts else None, max(ends) if ends else None, bounds)


_CSS = """
.ge-marker { background: none; border: none; }
.ge-marker svg, svg.ge-sym { overflow: visible; vertical-align: middle; }
.ge-popup { font: 13px/1.35 system-ui, -apple-system, "Segoe UI", sans-serif; }
.ge-popup .ge-h { font-size: 14px; margin-bottom: 2px; }
.ge-popup .ge-sub { color: #555; font-size: 12px; margin-bottom: 4px; }
.ge-popup .ge-fig { font-weight: 600; margin: 4px 0; }
.ge-popup table { border-collapse: collapse; font-size: 12px; margin: 2px 0 4px; }
.ge-popup th { text-align: left; vertical-align: top; padding: 1px 8px 1px 0; color: #555;
               font-weight: normal; white-space: nowrap; }
.ge-popup td { padding: 1px 0; }
.ge-q, .ge-note { color: #666; }
.ge-src ol { margin: 2px 0 0; padding-left: 18px; font-size: 12px; }
.ge-src li { margin-bottom: 3px; }
.ge-popup small { color: #666; font-size: inherit; }
.ge-src code { font-family: ui-monospace, monospace; font-size: 11px; color: #333; }
.ge-box { background: rgba(255, 255, 255, 0.93); padding: 6px 9px; border-radius: 5px;
          box-shadow: 0 1px 5px rgba(0, 0, 0, 0.35);
          font: 12px/1.35 system-ui, -apple-system, "Segoe UI", sans-serif;
          max-width: 290px; max-height: 42vh; overflow: auto; }
.ge-box summary { cursor: pointer; font-weight: 600; }
.ge-box table { border-collapse: collapse; }
.ge-box td { padding: 1px 4px 1px 0; vertical-align: middle; }
.ge-box .ge-head { margin: 6px 0 2px; font-weight: 600; }
.ge-cum li { margin-bottom: 6px; }
.ge-cum .ge-popup { font-size: 12px; }
.ge-title { position: absolute; top: 10px; left: 50%; transform: translateX(-50%);
            z-index: 1000; background: rgba(255, 255, 255, 0.93); padding: 4px 14px;
            border-radius: 5px; box-shadow: 0 1px 5px rgba(0, 0, 0, 0.35);
            font: 600 16px/1.3 system-ui, -apple-system, "Segoe UI", sans-serif;
            max-width: 60%; text-align: center; }
.leaflet-control-layers { font-size: 13px; }
.leaflet-control-layers-overlays label { margin: 1px 0; }
"""


def _legend_html(lay: _Layout) -> str:
    rows = "".join(
        f"<tr><td>{_symbol_svg(sym, 6)}</td><td>{escape_text(_SYMBOLS[sym].label)}</td>"
        f'<td class="ge-q">{lay.counts[sym]:,}</td></tr>'
        for sym in _SYMBOLS if sym in lay.counts
    ) or '<tr><td class="ge-q">no events to draw</td></tr>'
    sizes = "".join(
        f'<td style="text-align:center">{_symbol_svg("other", _radius(n))}<br>{n:,}</td>'
        for n in (0, 10, 100, 1000)
    )
    notes = []
    n_dated = sum(len(v) for v in lay.dated.values())
    if n_dated:
        notes.append(f"{n_dated:,} dated event(s) appear on the time slider from their first "
                     "to their last day.")
    if lay.undated:
        notes.append(f"{len(lay.undated):,} undated event(s) are always shown (layer "
                     "&quot;Undated events&quot;).")
    if lay.unlocated:
        notes.append(f"{lay.unlocated:,} event(s) without a location are not shown.")
    if lay.cumulative:
        notes.append(f"{len(lay.cumulative):,} cumulative total(s) are listed separately, "
                     "not drawn.")
    return (
        '<details open><summary>Legend</summary>'
        f'<div class="ge-head">Event type</div><table>{rows}</table>'
        '<div class="ge-head">Killed + injured</div>'
        f"<table><tr>{sizes}</tr></table>"
        '<div class="ge-head">Location</div><table>'
        f'<tr><td>{_symbol_svg("other", 6)}</td><td>place (exact or nearby)</td></tr>'
        f'<tr><td>{_symbol_svg("other", 6, approx=True)}</td>'
        "<td>region only (approximate)</td></tr></table>"
        + "".join(f'<div class="ge-note">{n}</div>' for n in notes)
        + "</details>"
    )


def _card_html(card: Mapping[str, Any], sym: str) -> str:
    """The popup of an event, exactly as the map's script lays it out (see EventSymbols)."""
    rows = "".join(
        f"<tr><th>{r[0]}</th><td>{r[1]}"
        + (f" <small>({r[2]})</small>" if len(r) > 2 and r[2] else "") + "</td></tr>"
        for r in card["rows"]
    )
    items = "".join(
        f"<li><code>{doc}</code>:"
        + ("".join(f" <q>{q}</q>" for q in said) or " <small>(no sentence recorded)</small>")
        + "</li>"
        for doc, said in card["src"]
    )
    return (
        f'<div class="ge-popup"><div class="ge-h">{_symbol_svg(sym, 6)} <b>{card["h"]}</b></div>'
        + (f'<div class="ge-sub">{card["sub"]}</div>' if card.get("sub") else "")
        + (f'<div class="ge-fig">{card["fig"]}</div>' if card.get("fig") else "")
        + f"<table>{rows}</table>"
        + f'<div class="ge-src"><b>Sources ({card["n"]})</b><ol>{items}</ol></div></div>'
    )


def _cumulative_html(evs: Sequence[_Event]) -> str:
    items = "".join(f"<li>{_card_html(ev.card, ev.sym)}</li>" for ev in evs)
    return (
        f"<details><summary>Cumulative totals ({len(evs):,})</summary>"
        '<div class="ge-note">Running totals reported by the sources: not incidents, so not '
        f'drawn on the map.</div><ol class="ge-cum">{items}</ol></details>'
    )


def _offline_basemap(bounds: list[list[float]] | None) -> dict[str, Any]:
    """World land polygons from the shipped gazetteer data, simplified; detailed near bounds."""
    import json

    import_optional_dependency("shapely")
    import numpy as np
    import shapely
    from shapely.geometry import MultiPolygon, box, mapping, shape

    from ._gazetteer import data_dir

    fc = json.loads((data_dir() / "polygons.geojson").read_text("utf-8"))
    geoms = sorted(((shape(f["geometry"]), str(f.get("id", ""))) for f in fc["features"]),
                   key=lambda t: (-t[0].area, t[1]))
    near = None
    if bounds is not None:
        (lat0, lon0), (lat1, lon1) = bounds
        near = box(lon0 - 5, lat0 - 5, lon1 + 5, lat1 + 5)
    feats = []
    for geom, _ in geoms:
        close = near is not None and geom.intersects(near)
        parts = list(geom.geoms) if isinstance(geom, MultiPolygon) else [geom]
        biggest = max(p.area for p in parts)
        keep = [p for p in parts if p.area >= min(biggest, 0.0002 if close else 0.3)]
        g = MultiPolygon(keep) if len(keep) > 1 else keep[0]
        root = math.sqrt(g.area)
        tol = min(0.01, max(0.0005, root * 0.002)) if close else min(0.1, max(0.02, root * 0.01))
        digits = 3 if close else 2
        s = shapely.transform(g.simplify(tol, preserve_topology=True),
                              lambda xy, d=digits: np.round(xy, d))
        if not s.is_empty:
            feats.append({"type": "Feature", "properties": {}, "geometry": mapping(s)})
    return {"type": "FeatureCollection", "features": feats}


def events_map(
    events: Sequence[Mapping[str, Any]] | Mapping[str, Any],
    *,
    title: str | None = None,
    self_contained: bool = False,
    basemap: Basemap = "tiles",
    cache_dir: str | os.PathLike[str] | None = None,
) -> Any:
    """A folium Map of events with a day-by-day time slider, a legend and popups.

    Each located event is drawn from ``date_start`` to ``date_end`` (both days included) with
    a symbol per ``category`` (colour and shape), sized by killed + injured (log scale);
    region-level events (``geo_precision`` 3) get a hollow dashed symbol. Undated events form
    their own always-visible layer, cumulative totals are listed in a panel (never drawn), and
    events without a location are counted in the legend. All article text is escaped.

    Parameters
    ----------
    events : sequence of dict, or dict
        GeoJSON Feature dicts (Point or null geometry, event properties as written by
        ``geoevents run`` in ``events.geojson``), or a FeatureCollection dict of them.
    title : str, optional, default None
        Title shown above the map and in the page's ``<title>``.
    self_contained : bool, optional, default False
        Inline Leaflet and the timeline plugin (pinned, hash-checked) from the asset cache, so
        the file opens with no network except basemap tiles. Needs ``geoevents assets fetch``
        once.
    basemap : {"tiles", "offline"}, optional, default "tiles"
        ``"tiles"``: OpenStreetMap tiles (network); ``"offline"``: land polygons drawn from
        the shipped Natural Earth / Who's On First data, no network at all.
    cache_dir : str or Path, optional, default None
        The geoevents cache directory holding ``assets/`` (default
        ``$GEOEVENTS_CACHE_DIR`` or ``~/.cache/geoevents``).

    Returns
    -------
    folium.Map

    Raises
    ------
    InputError
        If ``events`` or a feature is malformed (the message names the feature).
    AssetsNotFoundError
        If ``self_contained`` and the asset cache is empty: run ``geoevents assets fetch``.

    Examples
    --------
    >>> import json
    >>> fc = json.load(open("out/events.geojson"))  # doctest: +SKIP
    >>> save_map(events_map(fc, title="May 2021"), "map.html")  # doctest: +SKIP
    """
    folium = import_optional_dependency("folium")
    if basemap not in _BASEMAPS:
        raise InputError(f"basemap is {basemap!r}; expected one of {', '.join(_BASEMAPS)}")
    from ._map_layers import (
        EventSlider,
        EventsMap,
        EventSymbols,
        EventTimeline,
        FitEvents,
        HtmlControl,
        PinnedAssets,
        StaticEventLayer,
        TitleBox,
    )

    if self_contained:
        _require_assets(cache_dir)
    lay = _layout(events)
    fmap = EventsMap(location=list(_DEFAULT_CENTRE), zoom_start=7, tiles=None,
                     control_scale=True)
    if title:
        cast(Any, fmap.get_root()).title = escape_text(title)
    if basemap == "tiles":
        folium.TileLayer("OpenStreetMap", control=False).add_to(fmap)
    else:
        from ._map_layers import OfflineBasemap

        OfflineBasemap(
            _offline_basemap(lay.bounds),
            attribution="Land: Natural Earth, Who&#39;s On First (offline basemap)",
        ).add_to(fmap)
    symbols = EventSymbols(
        {k: {"colour": s.colour, "points": _shape_points(s.shape)} for k, s in _SYMBOLS.items()},
        css=_CSS, approx_scale=_APPROX_SCALE,
    )
    symbols.add_to(fmap)
    timelines = []
    for sym in _SYMBOLS:
        feats = lay.dated.get(sym)
        if feats:
            name = (f"{_symbol_svg(sym, 6)} {escape_text(_SYMBOLS[sym].label)} "
                    f'<span class="ge-q">({len(feats):,})</span>')
            tl = EventTimeline({"type": "FeatureCollection", "features": feats},
                               symbols=symbols, name=name)
            tl.add_to(fmap)
            timelines.append(tl)
    if lay.undated:
        StaticEventLayer(
            {"type": "FeatureCollection", "features": lay.undated}, symbols=symbols,
            name=f'Undated events <span class="ge-q">({len(lay.undated):,}, always shown)</span>',
        ).add_to(fmap)
    if timelines and lay.start is not None and lay.end is not None:
        start, end = _ms(lay.start), _ms(lay.end)
        if end <= start:
            end = start + _DAY_MS
        days = (end - start) // _DAY_MS
        slider = EventSlider(start=start, end=end,
                             playback_duration=int(min(120_000, max(5_000, days * 400))))
        slider.add_timelines(*timelines)  # type: ignore[no-untyped-call]
        slider.add_to(fmap)
    HtmlControl(_legend_html(lay), position="topleft", css_class="ge-box ge-legend").add_to(fmap)
    if lay.cumulative:
        HtmlControl(_cumulative_html(lay.cumulative), position="topleft",
                    css_class="ge-box ge-panel ge-cumulative").add_to(fmap)
    if title:
        TitleBox(escape_text(title)).add_to(fmap)
    folium.LayerControl(collapsed=False, position="topright").add_to(fmap)
    if lay.bounds is not None:
        FitEvents(lay.bounds, max_zoom=11).add_to(fmap)
    PinnedAssets(inline=self_contained, cache_dir=cache_dir).add_to(fmap)
    stable_ids(fmap)
    return fmap


def _require_assets(cache_dir: str | os.PathLike[str] | None) -> None:
    from ._assets import assets_dir, missing_assets
    from ._exceptions import AssetsNotFoundError

    missing = missing_assets(cache_dir=cache_dir)
    if missing:
        raise AssetsNotFoundError([f.key for f in missing], str(assets_dir(cache_dir)))


def render_map(m: Any, *, self_contained: bool = False,
               cache_dir: str | os.PathLike[str] | None = None) -> str:
    """The HTML of a folium map; rendering the same map again gives the same bytes.

    Parameters
    ----------
    m : folium.Map
        A map, normally from :func:`events_map`.
    self_contained : bool, optional, default False
        Inline the pinned assets (also when the map was made with ``self_contained=False``).
    cache_dir : str or Path, optional, default None
        The geoevents cache directory holding ``assets/``.

    Returns
    -------
    str
    """
    from ._map_layers import PinnedAssets

    fig = m.get_root()
    parts = {name: dict(getattr(fig, name)._children) for name in ("header", "html", "script")}
    children = dict(m._children)
    pinned = [c for c in m._children.values() if isinstance(c, PinnedAssets)]
    before = [(p.inline, p.cache_dir) for p in pinned]
    try:
        if self_contained:
            _require_assets(cache_dir if cache_dir is not None
                            else next((p.cache_dir for p in pinned), None))
            for p in pinned:
                p.inline = True
                p.cache_dir = cache_dir if cache_dir is not None else p.cache_dir
            if not pinned:
                m.add_child(PinnedAssets(inline=True, cache_dir=cache_dir), name="pinned_assets")
        text: str = fig.render()
        return text
    finally:
        for p, (inline, cdir) in zip(pinned, before, strict=True):
            p.inline, p.cache_dir = inline, cdir
        m._children = type(m._children)(children)
        for name, kids in parts.items():
            getattr(fig, name)._children = type(getattr(fig, name)._children)(kids)


def save_map(m: Any, path: str | os.PathLike[str], *, self_contained: bool = False,
             cache_dir: str | os.PathLike[str] | None = None) -> Path:
    """Write a map's HTML atomically (a temporary file, then a rename).

    Parameters
    ----------
    m : folium.Map
        A map, normally from :func:`events_map`.
    path : str or Path
        The HTML file to write.
    self_contained : bool, optional, default False
        Inline the pinned assets so the file needs no network (see :func:`events_map`).
    cache_dir : str or Path, optional, default None
        The geoevents cache directory holding ``assets/``.

    Returns
    -------
    Path
        ``path``.

    Examples
    --------
    >>> save_map(events_map(fc), "map.html", self_contained=True)  # doctest: +SKIP
    """
    from ._export import atomic_write

    return atomic_write(path, render_map(m, self_contained=self_contained, cache_dir=cache_dir))
