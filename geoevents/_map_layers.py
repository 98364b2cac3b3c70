"""The folium elements of the events map.

This module imports folium at the top, so only :mod:`geoevents._maps` imports it, inside the
functions that make a map.

Every element that carries article text renders through :class:`SafeMacroMixin`: branca's
``MacroElement.render`` wraps each rendered macro in ``Element(template=output)``, which parses
the output as a Jinja template a second time, so text such as ``{{ 7*7 }}`` in an article
would be evaluated and ``{%`` would make rendering fail. Our elements insert their rendered
macros verbatim instead. Each layer class declares its template and a single pinned
``default_js``/``default_css`` list (exact npm versions from the lock file, see
:mod:`geoevents._assets`).
"""

from __future__ import annotations

import base64
import json
import os
import re
from collections import OrderedDict
from typing import Any, cast

import folium
from branca.element import CssLink, Element, Figure, JavascriptLink, MacroElement
from folium.map import Layer
from folium.plugins import Timeline, TimelineSlider
from folium.template import Template
from folium.utilities import JsCode

from ._assets import AssetFile, asset_for_url, locked_file, locked_packages, read_asset
from ._exceptions import InputError

__all__ = [
    "js_json",
    "RawHtml",
    "SafeMacroMixin",
    "EventsMap",
    "EventSymbols",
    "EventTimeline",
    "StaticEventLayer",
    "EventSlider",
    "OfflineBasemap",
    "HtmlControl",
    "TitleBox",
    "FitEvents",
    "PinnedAssets",
]

_LEAFLET_JS = locked_file("leaflet", "dist/leaflet.js")
_LEAFLET_CSS = locked_file("leaflet", "dist/leaflet.css")
_TIMELINE_JS = locked_file("leaflet.timeline", "dist/leaflet.timeline.js")
DAY_MS = 86_400_000


def js_json(obj: Any) -> str:
    """Compact JSON that is safe inside an HTML ``<script>``: ``<`` and ``>`` are escaped.

    With no ``<`` the script cannot be closed (``</script>``) nor enter a comment state
    (``<!--``). ``&`` and ``'`` mean nothing in script text, so unlike folium's
    ``_to_escaped_json`` they are kept (popups hold many entities: this halves the size).
    Keys are sorted, so the output depends only on the value.
    """
    text = json.dumps(obj, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return (
        text.replace("<", "\\u003c")
        .replace(">", "\\u003e")
        .replace("\u2028", "\\u2028")
        .replace("\u2029", "\\u2029")
    )


class RawHtml(Element):
    """HTML or script text inserted verbatim: never parsed as a Jinja template."""

    def __init__(self, text: str) -> None:
        super().__init__()
        self._name = "RawHtml"
        self.text = text

    def render(self, **kwargs: Any) -> str:
        """Return the text unchanged."""
        return self.text


class SafeMacroMixin(MacroElement):
    """``render`` like folium's ``JSCSSMixin`` + ``MacroElement``, output inserted verbatim."""

    default_js: list[tuple[str, str]] = []
    default_css: list[tuple[str, str]] = []

    def render(self, **kwargs: Any) -> str:
        """Add links and rendered macros to the figure, then render the children."""
        figure = self.get_root()
        if not isinstance(figure, Figure):
            raise InputError(f"{type(self).__name__} must be added to a map before rendering")
        for name, url in self.default_js:
            figure.header.add_child(JavascriptLink(url), name=name)
        for name, url in self.default_css:
            figure.header.add_child(CssLink(url), name=name)
        module = self._template.module
        for part in ("header", "html", "script"):
            macro = getattr(module, part, None)
            if macro is not None:
                getattr(figure, part).add_child(RawHtml(str(macro(self, kwargs))),
                                                name=self.get_name())
        for child in self._children.values():
            child.render(**kwargs)
        return ""


class EventsMap(folium.Map):
    """A folium Map that loads Leaflet only (no jQuery, Bootstrap, Font Awesome)."""

    default_js = [("leaflet", _LEAFLET_JS.url)]
    default_css = [("leaflet_css", _LEAFLET_CSS.url)]


class EventSymbols(SafeMacroMixin):
    """Shared CSS and the JS that draws event symbols, popups and tooltips.

    Parameters
    ----------
    symbols : dict
        ``key -> {"colour": "#rrggbb", "points": [[x, y], ...] or None}`` (unit shape, None
        for a circle).
    css : str
        The map's style sheet.
    """

    _template = Template(
        """
        {% macro header(this, kwargs) %}<style>{{ this.css }}</style>{% endmacro %}
        {% macro script(this, kwargs) %}
        var {{ this.get_name() }} = {{ this.script_js }};
        {% endmacro %}
        """
    )

    _JS = """(function () {
    var symbols = %s;
    var cache = Object.create(null);
    function shape(sym, R, c, approx) {
        var paint = approx
            ? ' fill="' + sym.colour + '" fill-opacity="0.1" stroke="' + sym.colour
              + '" stroke-width="2" stroke-dasharray="4 3"'
            : ' fill="' + sym.colour + '" fill-opacity="0.85" stroke="#ffffff"'
              + ' stroke-width="1.2"';
        if (!sym.points) {
            return '<circle cx="' + c + '" cy="' + c + '" r="' + R + '"' + paint + '/>';
        }
        var pts = sym.points.map(function (p) {
            return (c + p[0] * R).toFixed(1) + ',' + (c + p[1] * R).toFixed(1);
        }).join(' ');
        return '<polygon points="' + pts + '"' + paint + '/>';
    }
    function icon(p) {
        var key = p.sym + '|' + p.r + '|' + p.approx;
        if (!(key in cache)) {
            var sym = symbols[p.sym] || symbols.other;
            var R = p.approx ? p.r * %s : p.r;
            var size = Math.ceil(2 * R + 4), c = size / 2;
            cache[key] = L.divIcon({
                html: '<svg xmlns="http://www.w3.org/2000/svg" width="' + size + '" height="'
                    + size + '">' + shape(sym, R, c, p.approx) + '</svg>',
                className: 'ge-marker ' + (p.approx ? 'ge-approx' : 'ge-exact'),
                iconSize: [size, size],
                iconAnchor: [c, c],
                popupAnchor: [0, -R],
                tooltipAnchor: [0, -R]
            });
        }
        return cache[key];
    }
    // the popup, from strings escaped in Python (same layout as _maps._card_html)
    function card(d, key) {
        var sym = symbols[key] || symbols.other;
        var size = Math.ceil(2 * 6 + 4);
        var html = '<div class="ge-popup"><div class="ge-h"><svg class="ge-sym" width="' + size
            + '" height="' + size + '" aria-hidden="true">' + shape(sym, 6, size / 2, 0)
            + '</svg> <b>' + d.h + '</b></div>';
        if (d.sub) { html += '<div class="ge-sub">' + d.sub + '</div>'; }
        if (d.fig) { html += '<div class="ge-fig">' + d.fig + '</div>'; }
        html += '<table>' + d.rows.map(function (r) {
            return '<tr><th>' + r[0] + '</th><td>' + r[1]
                + (r[2] ? ' <small>(' + r[2] + ')</small>' : '') + '</td></tr>';
        }).join('') + '</table>';
        html += '<div class="ge-src"><b>Sources (' + d.n + ')</b><ol>' + d.src.map(function (s) {
            var said = s[1].map(function (q) { return ' <q>' + q + '</q>'; }).join('');
            return '<li><code>' + s[0] + '</code>:'
                + (said || ' <small>(no sentence recorded)</small>') + '</li>';
        }).join('') + '</ol></div></div>';
        return html;
    }
    return {
        card: card,
        pointToLayer: function (feature, latlng) {
            return L.marker(latlng, {icon: icon(feature.properties), keyboard: false,
                                     riseOnHover: true});
        },
        onEachFeature: function (feature, layer) {
            var p = feature.properties;
            layer.bindPopup(function () { return card(p.card, p.sym); },
                            {maxWidth: 440, maxHeight: 380});
            layer.bindTooltip(feature.properties.tip, {direction: 'top'});
        }
    };
})()"""

    def __init__(self, symbols: dict[str, Any], *, css: str, approx_scale: float) -> None:
        super().__init__()  # type: ignore[no-untyped-call]
        self._name = "EventSymbols"
        self.css = css
        self.script_js = self._JS % (js_json(symbols), repr(float(approx_scale)))


def _geojson_layer_template(factory: str) -> Template:
    """Template of a GeoJSON-based layer drawn with :class:`EventSymbols`."""
    return cast(Template, Template(
        """
        {% macro script(this, kwargs) %}
        var {{ this.get_name() }} = """ + factory + """({{ this.data_js }}, {
            pointToLayer: {{ this.symbols.get_name() }}.pointToLayer,
            onEachFeature: {{ this.symbols.get_name() }}.onEachFeature
        });
        {%- if this.show %}
        {{ this.get_name() }}.addTo({{ this._parent.get_name() }});
        {%- endif %}
        {% endmacro %}
        """
    ))


class EventTimeline(SafeMacroMixin, Timeline):
    """A ``leaflet.timeline`` layer of events with per-feature ``start``/``end`` (ms, UTC).

    Parameters
    ----------
    data : dict
        FeatureCollection whose properties hold ``start``, ``end``, ``endExclusive``,
        ``sym``, ``r``, ``approx``, ``popup`` (escaped HTML) and ``tip`` (escaped text).
    symbols : EventSymbols
        Draws the markers.
    name : str
        Layer name in the layer control (HTML we made; never article text).
    """

    _template = _geojson_layer_template("L.timeline")
    default_js = [("leaflet_timeline", _TIMELINE_JS.url)]
    default_css = []

    def __init__(self, data: dict[str, Any], *, symbols: EventSymbols, name: str) -> None:
        super().__init__(data)
        self._name = "EventTimeline"
        self.layer_name = name
        self.symbols = symbols

    @property
    def data_js(self) -> str:
        """The features as script-safe JSON."""
        return js_json(self.data)


class StaticEventLayer(SafeMacroMixin, Layer):
    """A GeoJSON layer of events that ignores the time slider (undated events).

    Parameters
    ----------
    data : dict
        FeatureCollection as for :class:`EventTimeline`, without times.
    symbols : EventSymbols
        Draws the markers.
    name : str
        Layer name in the layer control.
    """

    _template = _geojson_layer_template("L.geoJSON")

    def __init__(self, data: dict[str, Any], *, symbols: EventSymbols, name: str) -> None:
        super().__init__(name=name, overlay=True, control=True, show=True)
        self._name = "StaticEventLayer"
        self.data = data
        self.symbols = symbols

    @property
    def data_js(self) -> str:
        """The features as script-safe JSON."""
        return js_json(self.data)


class EventSlider(SafeMacroMixin, TimelineSlider):
    """Time slider with play/pause stepping one day at a time (dates shown as YYYY-MM-DD).

    Parameters
    ----------
    start, end : int
        First and last day of the slider, ms since 1970-01-01 UTC (midnight).
    playback_duration : int
        Milliseconds to play the whole range.
    """

    _template = Template(
        """
        {% macro header(this, kwargs) %}
            <style>
                .leaflet-bottom.leaflet-left { width: 100%; }
                .leaflet-control-container .leaflet-timeline-control {
                    box-sizing: border-box; width: 100%; margin: 0; margin-bottom: 15px;
                }
            </style>
        {% endmacro %}
        {% macro script(this, kwargs) %}
          var {{ this.get_name() }} = L.timelineSliderControl(
              {{ this.options|tojavascript }}
          );
          {{ this.get_name() }}.addTo({{ this._parent.get_name() }});
          {% for timeline in this.timelines %}
          {{ this.get_name() }}.addTimelines({{ timeline.get_name() }});
          {% endfor %}
          {{ this.get_name() }}._timeSlider.step = "{{ this.step_ms }}";
          {{ this.get_name() }}._timeSlider.setAttribute("aria-label", "Date");
        {% endmacro %}
        """
    )
    default_js = [("leaflet_timeline", _TIMELINE_JS.url)]
    default_css = []

    def __init__(self, *, start: int, end: int, playback_duration: int) -> None:
        steps = max(1, (end - start) // DAY_MS)
        super().__init__(auto_play=False, start=start, end=end, steps=steps,
                         playback_duration=playback_duration, show_ticks=True,
                         enable_playback=True, enable_keyboard_controls=False)
        self._name = "EventSlider"
        self.step_ms = DAY_MS
        # UTC date of the slider position; no moment.js needed
        cast(Any, self.options)["format_output"] = JsCode(
            "function (t) { return new Date(t).toISOString().slice(0, 10); }"
        )


class OfflineBasemap(SafeMacroMixin, Layer):
    """Land polygons drawn on a canvas: a basemap that needs no tile server.

    Parameters
    ----------
    data : dict
        FeatureCollection of (Multi)Polygons, drawn in order.
    attribution : str
        Attribution HTML (ours, not article text).
    """

    _template = Template(
        """
        {% macro header(this, kwargs) %}
            <style>#{{ this._parent.get_name() }} { background: #cddfea; }</style>
        {% endmacro %}
        {% macro script(this, kwargs) %}
            var {{ this.get_name() }} = L.geoJSON({{ this.data_js }}, {
                interactive: false,
                attribution: {{ this.attribution|tojson }},
                renderer: L.canvas({padding: 0.5}),
                style: {color: "#a9a295", weight: 0.7, fillColor: "#f4f1ea", fillOpacity: 1}
            });
            {{ this.get_name() }}.addTo({{ this._parent.get_name() }});
        {% endmacro %}
        """
    )

    def __init__(self, data: dict[str, Any], *, attribution: str) -> None:
        super().__init__(name="Offline basemap", overlay=False, control=False, show=True)
        self._name = "OfflineBasemap"
        self.data = data
        self.attribution = attribution

    @property
    def data_js(self) -> str:
        """The polygons as script-safe JSON."""
        return js_json(self.data)


class HtmlControl(SafeMacroMixin):
    """A Leaflet control showing HTML we built (legend, panels).

    Parameters
    ----------
    html : str
        The content; article text in it must already be escaped.
    position : str
        ``"topleft"``, ``"topright"``, ``"bottomleft"`` or ``"bottomright"``.
    css_class : str
        Class of the control's ``div``.
    """

    _template = Template(
        """
        {% macro script(this, kwargs) %}
            var {{ this.get_name() }} = L.control({position: {{ this.position|tojson }}});
            {{ this.get_name() }}.onAdd = function () {
                var div = L.DomUtil.create("div", {{ this.css_class|tojson }});
                div.innerHTML = {{ this.html_js }};
                L.DomEvent.disableClickPropagation(div);
                L.DomEvent.disableScrollPropagation(div);
                return div;
            };
            {{ this.get_name() }}.addTo({{ this._parent.get_name() }});
        {% endmacro %}
        """
    )

    def __init__(self, html: str, *, position: str, css_class: str) -> None:
        super().__init__()  # type: ignore[no-untyped-call]
        self._name = "HtmlControl"
        self.position = position
        self.css_class = css_class
        self.html_js = js_json(html)


class TitleBox(SafeMacroMixin):
    """The map title, centred above the map.

    Parameters
    ----------
    html : str
        Escaped title.
    """

    _template = Template(
        """
        {% macro html(this, kwargs) %}
        <div class="ge-title">{{ this.title_html }}</div>
        {% endmacro %}
        """
    )

    def __init__(self, html: str) -> None:
        super().__init__()  # type: ignore[no-untyped-call]
        self._name = "TitleBox"
        self.title_html = html


class FitEvents(SafeMacroMixin):
    """Fit the initial view to the events, clear of the legend (left) and the slider (bottom).

    Parameters
    ----------
    bounds : list
        ``[[lat_min, lon_min], [lat_max, lon_max]]``.
    max_zoom : int
        Do not zoom in further than this (a single event).
    """

    _template = Template(
        """
        {% macro script(this, kwargs) %}
            {{ this._parent.get_name() }}.fitBounds({{ this.bounds|tojson }}, {
                paddingTopLeft: [window.innerWidth > 900 ? 330 : 30, 50],
                paddingBottomRight: [window.innerWidth > 900 ? 290 : 30, 110],
                maxZoom: {{ this.max_zoom|tojson }}
            });
        {% endmacro %}
        """
    )

    def __init__(self, bounds: list[list[float]], *, max_zoom: int) -> None:
        super().__init__()  # type: ignore[no-untyped-call]
        self._name = "FitEvents"
        self.bounds = bounds
        self.max_zoom = max_zoom


_CSS_URL = re.compile(r"url\((['\"]?)images/([A-Za-z0-9._-]+\.png)\1\)")
_CLOSE_SCRIPT = re.compile(r"</(script)", re.IGNORECASE)
_CLOSE_STYLE = re.compile(r"</(style)", re.IGNORECASE)


class PinnedAssets(Element):
    """Rewrites the figure's JS/CSS links: SRI attributes, or the files inlined.

    Add it last to the map: when it renders, every other element has added its links.

    Parameters
    ----------
    inline : bool
        Inline the files from the asset cache instead of linking them.
    cache_dir : str or PathLike or None
        The geoevents cache directory (see :func:`geoevents._assets.assets_dir`).
    """

    def __init__(self, *, inline: bool, cache_dir: str | os.PathLike[str] | None) -> None:
        super().__init__()
        self._name = "PinnedAssets"
        self.inline = inline
        self.cache_dir = cache_dir

    def _licence(self, f: AssetFile) -> str:
        return next((p.license for p in locked_packages()
                     if p.name == f.package and p.version == f.version), "")

    def _tag(self, f: AssetFile, is_js: bool) -> str:
        if not self.inline:
            if is_js:
                return (f'<script src="{f.url}" integrity="{f.integrity}" '
                        'crossorigin="anonymous"></script>')
            return (f'<link rel="stylesheet" href="{f.url}" integrity="{f.integrity}" '
                    'crossorigin="anonymous"/>')
        text = read_asset(f, cache_dir=self.cache_dir).decode("utf-8")
        banner = f"/*! {f.key} ({self._licence(f)}) {f.integrity} */"
        if is_js:
            js = _CLOSE_SCRIPT.sub(r"<\\/\1", text)
            return f"<script>{banner}\n{js}\n</script>"
        images_of = f.path.rsplit("/", 1)[0] + "/images/"

        def data_uri(m: re.Match[str]) -> str:
            try:
                img = locked_file(f.package, images_of + m.group(2))
            except KeyError:
                return m.group(0)
            b64 = base64.b64encode(read_asset(img, cache_dir=self.cache_dir)).decode("ascii")
            return f'url("data:image/png;base64,{b64}")'

        css = _CLOSE_STYLE.sub(r"<\\/\1", _CSS_URL.sub(data_uri, text))
        return f"<style>{banner}\n{css}\n</style>"

    def render(self, **kwargs: Any) -> str:
        """Swap the header's link elements; renders nothing itself."""
        figure = self.get_root()
        if not isinstance(figure, Figure):
            raise InputError("PinnedAssets must be added to a map before rendering")
        swapped: OrderedDict[str, Element] = OrderedDict()
        unpinned = []
        for name, child in figure.header._children.items():
            if isinstance(child, (JavascriptLink, CssLink)):
                f = asset_for_url(child.url)
                if f is None:
                    unpinned.append(child.url)
                else:
                    child = RawHtml(self._tag(f, isinstance(child, JavascriptLink)))
            swapped[name] = child
        if unpinned and self.inline:
            raise InputError(
                f"this map loads {len(unpinned)} file(s) that are not pinned in the asset lock "
                f"file ({', '.join(unpinned)}), so it cannot be made self-contained; "
                "self-contained mode supports maps made by geoevents.events_map"
            )
        figure.header._children = swapped
        return ""
