"""Resolution: choose, for every recognised name, the place the document means.

All mentions of one name in a document share one sense. Each candidate place is scored by

``prior + W_COUNTRY * country focus + W_ADMIN1 * admin-1 focus + W_NEAR * proximity
+ W_QUALIFIER * explicit qualifier``

where the prior is the gazetteer's context-free importance (kind, population, capital), the
focus terms are the share of the document's other names (weighted by how sure we are of them)
and of its demonyms and dateline that point at the candidate's country / admin-1 unit,
proximity rewards candidates near the other names' current choices, and a qualifier
("Paris, Texas", "Ashkelon, Israel") rewards candidates inside the named container. The
scores are recomputed a few times so that confident names pull the ambiguous ones. In
``resolve_spans`` the names recognised around the given spans count ``WEIGHTS["context"]`` as
much as the given ones (they may be surnames).

A learned ranker (:mod:`geoevents._ranker`, weights in ``_ranker.json``, trained on the dev
split by ``benchmarks/train_ranker.py``) then rescores every candidate with richer features,
the heuristic's senses of the other names as context, and has the last word, except between
two senses of one place (a city and its same-named district), where the heuristic's stands.
Confidence is the softmax probability of the chosen candidate.

Four steps follow the ranker: a town and a county of one state that the text names apart
take those senses when the resolver was unsure of both (``_pair_towns_and_counties``); a name
taken for a country that is also a state, with towns the resolver is unsure of in that state
and nothing else in the country, is the state (``_pair_towns_and_states``: Albany and the
Georgia of "Georgia Bureau of Investigation"); states and countries named inside
organisations' names count as context throughout but are not returned as mentions; and a
one-word name whose only sense is a small town alone on the map, never introduced as a place,
is dropped as a person, brand or word (``_stray_names``).
"""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from collections.abc import Collection, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from operator import attrgetter
from typing import TYPE_CHECKING

from ._exceptions import InputError
from ._gazetteer import Gazetteer, default_gazetteer, haversine_km
from ._normalize import name_key
from ._recognition import (
    DATE_WORDS,
    GENERIC_NAMES,
    INSTITUTION_WORDS,
    LOWER_STARTS,
    NOT_PLACES,
    QUALIFIERS,
    Recognition,
    Relation,
    Span,
    common_zipf,
    demonyms,
    recognize,
)
from ._types import Candidate, GeoparseResult, Mention, Place, RegionEvidence, Relative

if TYPE_CHECKING:
    from ._ranker import DocGeometry, RankerModel

__all__ = ["geoparse", "resolve_spans", "WEIGHTS"]

#: Feature weights of the resolver (see the module docstring), tuned on the dev split with
#: ``benchmarks/tune_resolver.py``.
WEIGHTS: dict[str, float] = {
    "country": 1.0,
    "admin1": 4.0,
    "near": 2.5,
    "qualifier": 2.0,
    "demonym": 1.0,
    "dateline": 1.0,
    "iterations": 3,
    "near_km": 150.0,
    "max_candidates": 40,
    "context": 0.5,
}

_RADIUS_KM = {
    "country": 150.0,
    "admin1": 50.0,
    "region": 60.0,
    "natural feature": 40.0,
    "admin2": 20.0,
    "city": 8.0,
    "refugee camp": 1.5,
    "neighbourhood": 2.0,
    "landmark": 0.5,
    "crossing": 1.0,
}
_BEARING = {
    "north": 0.0, "northeast": 45.0, "east": 90.0, "southeast": 135.0,
    "south": 180.0, "southwest": 225.0, "west": 270.0, "northwest": 315.0,
}
_CONTAINERS = ("country", "admin1", "admin2", "region")
#: What a qualifier may name around a place: also a city, for its neighbourhoods and camps.
_QUALIFIER_KINDS = (*_CONTAINERS, "city")
_SUPPORT_TOP = 5
_SAME_KM = 50.0


@dataclass
class _Item:
    """One name of the document (all its mentions) being resolved."""

    key: str
    cands: list[Candidate]
    positions: list[int] = field(default_factory=list)  # indexes into the mention list
    qualifiers: list[int] = field(default_factory=list)  # items named right after ", "
    scores: list[float] = field(default_factory=list)
    probs: list[float] = field(default_factory=list)
    best: int = 0
    top: list[int] = field(default_factory=list)  # most probable candidates, best first
    #: the text calls the place a town ("the city of Sao Paulo", "the town of Kalam")
    town_cue: bool = False
    #: the other items of each enumeration the name is part of ("Oregon, Utah, Washington")
    lists: list[list[int]] = field(default_factory=list)
    context_only: bool = False  # recognised around the spans asked for (resolve_spans)
    weight: float = 1.0  # how much its sense counts as context for the other names


def _prior(c: Candidate) -> float:
    s = min(max(c.score, 1e-4), 1 - 1e-4)
    return math.log(s / (1 - s))


def _softmax(xs: Sequence[float]) -> list[float]:
    if not xs:
        return []
    m = max(xs)
    es = list(map(math.exp, [x - m for x in xs]))
    t = sum(es, 0.0)  # as sum(es): every e is a float
    return [e / t for e in es]


def _dedupe(cands: Sequence[Candidate], limit: int) -> list[Candidate]:
    if len(cands) <= 1:  # nothing to merge or order (most names)
        return list(cands[:limit])
    best: dict[str, Candidate] = {}
    for c in cands:
        old = best.get(c.place.id)
        if old is None or c.score > old.score:
            best[c.place.id] = c
    ranked = list(best.values())
    if math.isfinite(sum(c.score for c in ranked)):
        # by (-score, id) as two stable sorts: by id, then by score, highest first (a
        # reversed sort keeps equal scores in id order)
        ranked.sort(key=_PLACE_ID)
        ranked.sort(key=_SCORE, reverse=True)
    else:
        ranked.sort(key=lambda c: (-c.score, c.place.id))
    return ranked[:limit]


_PLACE_ID = attrgetter("place.id")
_SCORE = attrgetter("score")


def _contains(container: Place, inner: Place) -> bool:
    """Whether ``inner`` lies in ``container`` by the gazetteer's hierarchy.

    A city contains the neighbourhoods, camps and landmarks within ``_CITY_PART_KM`` of it
    ("the Zeitoun neighbourhood of Gaza City"): the gazetteer does not link those to a city.
    """
    if container.id == inner.id:
        return False
    if container.id in inner.parents:
        return True
    if container.kind == "country":
        return inner.country == container.country and inner.kind != "country"
    if container.kind == "admin1":
        return inner.country == container.country and inner.admin1 == container.name
    if container.kind == "admin2":
        # counties and provinces: cities500 links a town to its state only ("Santa Maria,
        # Davao del Sur")
        return inner.kind != "admin1" and inner.kind != "country" and \
            inner.country == container.country and inner.admin1 == container.admin1 and \
            haversine_km(container.lat, container.lon, inner.lat, inner.lon) <= _ADMIN2_KM
    if container.kind == "city":
        return inner.kind in _CITY_PARTS and haversine_km(
            container.lat, container.lon, inner.lat, inner.lon) <= _CITY_PART_KM
    return False


_CITY_PARTS = frozenset({"neighbourhood", "refugee camp", "landmark"})
_CITY_PART_KM = 20.0
#: How far from a county's or province's point a place it contains may be.
_ADMIN2_KM = 120.0


def _resolve_items(items: list[_Item], evidence: Sequence[RegionEvidence],
                   dateline_countries: Sequence[str],
                   weights: dict[str, float] | None = None, *,
                   use_ranker: bool = True, model: RankerModel | None = None,
                   text: str = "") -> None:
    """Choose every item's sense: the heuristic, then the learned ranker (if any)."""
    if all(len(it.cands) <= 1 for it in items):  # nothing to choose (most short texts)
        for it in items:
            _set_scores(it, [_prior(c) for c in it.cands], copy=False)
        return
    from ._ranker import DocGeometry, load_model, us_cues

    geo = DocGeometry(items)
    _heuristic(items, geo, evidence, dateline_countries, weights)
    if not use_ranker:
        return
    model = model if model is not None else load_model()
    if model is not None:
        # the US cues only count for US candidates: no need to look for them otherwise
        us_text = us_cues(text) if any(c.place.country == "US" for c in geo.cands) else 0.0
        _rerank(items, geo, evidence, dateline_countries, model, us_text=us_text,
                passes=int((weights or WEIGHTS).get("ranker_passes", 1)))
    _pair_towns_and_counties(items)
    _pair_towns_and_states(items)
    _kind_of_lists(items)
    _towns_said_to_be_towns(items)


def _towns_said_to_be_towns(items: Sequence[_Item]) -> None:
    """'The city of Sao Paulo', 'the town of Kalam': the town, not the state or a namesake.

    A name the text calls a city, town or village takes its most probable exact town sense
    when its sense is not a town.
    """
    for it in items:
        if not it.town_cue or not it.cands or it.cands[it.best].place.kind == "city":
            continue
        fits = [k for k, c in enumerate(it.cands) if c.place.kind == "city" and c.match == "exact"]
        if fits:
            _make_best(it, _most_probable(it, fits))


def _kind_of_lists(items: Sequence[_Item]) -> None:
    """A name listed with places of one kind is a place of that kind.

    "Oregon, Tennessee, Utah, Virginia, Washington and Wisconsin": Washington is the state,
    not the capital; "Alberta, Manitoba, Ontario and New Brunswick": the province, not the
    New Jersey town. When at least two other names of an enumeration are, by their senses,
    all countries, or all first-level units of one country, a name of it that is something
    else takes its best exact sense of that kind (and country). Not for lists of cities:
    LGL reads "flights between New York and Moscow" as the state, and the rule cost there.
    """
    for it in items:
        if not it.cands or not it.lists:
            continue
        own = it.cands[it.best].place
        for others in it.lists:
            senses = [items[j].cands[items[j].best].place for j in others if items[j].cands]
            if len(senses) < 2 or len(senses) < len(others):
                continue
            kinds = {p.kind for p in senses}
            countries = {p.country for p in senses}
            if len(kinds) != 1 or own.kind in kinds:
                continue
            (kind,) = kinds
            if kind not in ("country", "admin1") or kind == "admin1" and len(countries) != 1:
                continue
            fits = [k for k, c in enumerate(it.cands) if c.place.kind == kind
                    and c.match == "exact" and (kind == "country" or c.place.country in countries)]
            if fits:
                _make_best(it, _most_probable(it, fits))
                break


#: Farthest a town may be from the point of a county (or parish, district) for the two
#: names of one text to be read as the town and the county it lies in.
_PAIR_KM = 40.0
#: The town's sense is changed only when the resolver was less sure of it than this.
_PAIR_DOUBT = 0.6


def _pair_towns_and_counties(items: Sequence[_Item]) -> None:
    """A town and a county of one text that fit together are that town and that county.

    Local news names a town and its county without writing one after the other ("A
    Richmond man ... lodged in the Madison County Detention Center"): of the fifteen
    Richmonds and nineteen Madison Counties, the two in Kentucky lie 5 km apart. When the
    resolver is unsure of both names and exactly one state has a town of the one name
    within ``_PAIR_KM`` of a county of the other, both take those senses.
    """
    counties = [it for it in items if it.cands and len(it.cands) > 1
                and all(c.place.kind == "admin2" for c in it.cands)]
    if not counties:
        return
    for town in items:
        if len(town.cands) < 2 or not town.probs or town.probs[town.best] >= _PAIR_DOUBT \
                or town.cands[town.best].place.kind != "city":
            continue
        for county in counties:
            if county.probs[county.best] >= _PAIR_DOUBT:
                continue
            pairs = [(a, b) for a, ca in enumerate(town.cands) if ca.place.kind == "city"
                     for b, cb in enumerate(county.cands)
                     if ca.place.country == cb.place.country and ca.place.admin1
                     and ca.place.admin1 == cb.place.admin1
                     and haversine_km(ca.place.lat, ca.place.lon, cb.place.lat,
                                      cb.place.lon) <= _PAIR_KM]
            states = {town.cands[a].place.admin1 for a, _ in pairs}
            if len(states) != 1:
                continue
            a, b = max(pairs, key=lambda ab: (town.probs[ab[0]] + county.probs[ab[1]], -ab[0]))
            _make_best(town, a)
            _make_best(county, b)
            break


def _pair_towns_and_states(items: Sequence[_Item]) -> None:
    """A state named like a country and towns of the text that lie in it.

    "An Albany man ... Georgia Bureau of Investigation agents": read alone, Georgia is the
    country and Albany the capital of New York; read together they are Albany and the state of
    Georgia. When a name taken for a country is also a state, no other name of the text is in
    that country, and towns the resolver is unsure of (below ``_PAIR_DOUBT``) have a sense in
    the state, the state and those senses are taken.
    """
    for state in items:
        if not state.cands or state.cands[state.best].place.kind != "country":
            continue
        country = state.cands[state.best].place.country
        if any(it is not state and it.cands and it.cands[it.best].place.country == country
               for it in items):
            continue
        for b, cb in enumerate(state.cands):
            if cb.place.kind != "admin1":
                continue
            towns = []
            for town in items:
                if town is state or len(town.cands) < 2 or not town.probs \
                        or town.probs[town.best] >= _PAIR_DOUBT:
                    continue
                fits = [a for a, ca in enumerate(town.cands) if ca.place.kind == "city"
                        and ca.place.country == cb.place.country
                        and ca.place.admin1 == cb.place.admin1]
                if fits:
                    towns.append((town, _most_probable(town, fits)))
            if towns:
                _make_best(state, b)
                for town, a in towns:
                    _make_best(town, a)
                break


def _most_probable(it: _Item, ks: Sequence[int]) -> int:
    """The most probable of the item's candidates ``ks`` (the first on a tie)."""
    return max(ks, key=lambda k: (it.probs[k], -k))


def _make_best(it: _Item, k: int) -> None:
    """Make candidate ``k`` the item's sense (its score swapped with the old best's)."""
    if k == it.best:
        return
    scores = list(it.scores)
    scores[k], scores[it.best] = scores[it.best], scores[k]
    _set_scores(it, scores, copy=False)


def _set_scores(it: _Item, scores: Sequence[float], *, copy: bool = True) -> None:
    # copy=False: ``scores`` is a list of the caller's own that it no longer changes
    it.scores = list(scores) if copy or type(scores) is not list else scores
    if len(it.scores) == 1 and math.isfinite(it.scores[0]):
        # one candidate (most names): the softmax of one finite score is exactly 1.0
        it.probs, it.best, it.top = [1.0], 0, [0]
        return
    if not it.scores:
        it.probs, it.best, it.top = [], 0, []
        return
    # the softmax (as _softmax) and the first best, from one max (comprehensions: fewer
    # instructions than map over bound methods such as top.__rsub__)
    top = max(it.scores)
    exp = math.exp
    es = [exp(x - top) for x in it.scores]
    t = sum(es, 0.0)  # as sum(es): every e is a float
    it.probs = probs = [e / t for e in es]
    it.best = it.scores.index(top)
    if math.isfinite(t):
        # no NaN: most probable first, the first on a tie (a reversed sort stays stable)
        if len(probs) == 2:
            it.top = [0, 1] if probs[0] >= probs[1] else [1, 0]
        else:
            it.top = sorted(range(len(probs)), key=probs.__getitem__,
                            reverse=True)[:_SUPPORT_TOP]
    else:
        neg = [-p for p in probs]  # most probable first, the first on a tie (a stable sort)
        it.top = sorted(range(len(neg)), key=neg.__getitem__)[:_SUPPORT_TOP]


def _rerank(items: list[_Item], geo: DocGeometry, evidence: Sequence[RegionEvidence],
            dateline_countries: Sequence[str], model: RankerModel, *, us_text: float = 0.0,
            passes: int = 1) -> None:
    """Rescore every candidate with the learned ranker, the current senses as context."""
    from ._ranker import FEATURES, _first_max, feature_matrix

    # (an item's scores list is replaced, never changed in place: no copies needed)
    heuristic = [it.scores for it in items]
    chosen = [it.best for it in items]
    focus, qual = FEATURES.index("country_focus"), FEATURES.index("qualifier")
    weight = model.weight
    for _ in range(passes):
        if geo.n == 0:
            return
        x_all = feature_matrix(items, geo, evidence, dateline_countries,
                               heuristic=heuristic, us_text=us_text)
        # model.score of each name's rows: standardised once for the document, multiplied
        # by the weights name by name (as one matrix, BLAS could round a row differently)
        z_all = model.standardize(x_all)
        for idx, it in enumerate(items):
            if not it.cands:
                continue
            s, e = geo.starts[idx], geo.ends[idx]
            scores: list[float] = (z_all[s:e] @ weight).tolist()
            best = _first_max(scores)  # the first best
            h = chosen[idx]
            if best != h:
                x = x_all[s:e]
                if (_same_sense(geo, idx, h)[best]
                        or x[best][qual] <= 0.0 < x[h][qual]
                        or (it.cands[best].place.kind in ("city", "admin2")
                            and it.cands[best].place.country
                            and x[best][focus] <= 0.0 < x[h][focus])):
                    # the ranker learned "within 161 km"; the heuristic's choice stands
                    # between two senses of one place (a city and its district), when the
                    # text qualifies it ("Santa Maria, Davao del Sur") and the ranker's is
                    # not, and against a town in a country nothing else in the text points to
                    scores[best], scores[h] = scores[h], scores[best]
            _set_scores(it, scores, copy=False)


def _same_sense(geo: DocGeometry, idx: int, k: int) -> list[bool]:
    """Which candidates of item ``idx`` are the same place as its candidate ``k``.

    The same place: one contains the other, or they are within 50 km.
    """
    s, e = geo.starts[idx], geo.ends[idx]
    row = geo.related[s + k, s:e] | (geo.km[s + k, s:e] <= _SAME_KM)
    return [bool(v) for v in row]


def _heuristic(items: list[_Item], geo: DocGeometry, evidence: Sequence[RegionEvidence],
               dateline_countries: Sequence[str],
               weights: dict[str, float] | None = None, *, shortcut: bool = True) -> None:
    # (shortcut=False: every name rescored in every iteration, for the tests)
    from ._ranker import choice_votes

    w = weights if weights is not None else WEIGHTS
    for it in items:
        it.weight = w["context"] if it.context_only else 1.0
    flat_priors = geo.priors()
    priors = [flat_priors[s:e] for s, e in zip(geo.starts, geo.ends, strict=True)]
    for it, pr in zip(items, priors, strict=True):
        _set_scores(it, pr, copy=False)
    base_country: dict[str, float] = defaultdict(float)
    for ev in evidence:
        if ev.country:
            base_country[ev.country] += w["demonym"]
    for cc in dateline_countries:
        base_country[cc] += w["dateline"]
    # "Paris, Texas": a candidate inside a container the qualifier may name (fixed)
    qualified = [[any(_contains(qc.place, c.place) for q_idx in it.qualifiers
                      for qc in items[q_idx].cands[:10] if qc.place.kind in _QUALIFIER_KINDS)
                  for c in it.cands] if it.qualifiers else [False] * len(it.cands)
                 for it in items]

    w_country, w_admin1, w_near, w_qualifier, near_km = (
        w["country"], w["admin1"], w["near"], w["qualifier"], w["near_km"])
    iterations = int(w["iterations"])
    # a name with one candidate has probability 1 whatever its score, as long as the score is
    # finite (it is with finite weights): only its last score, which the ranker reads, counts
    skip_single = shortcut and near_km > 0 and all(math.isfinite(w[k]) for k in (
        "country", "admin1", "near", "qualifier", "near_km", "context", "demonym", "dateline"))
    # what the scores read of each candidate, fixed over the iterations: its country, its
    # (country, admin-1) key (None without an admin-1), its prior, whether it is qualified
    entries = geo.entries()
    fixed = [[(e[3], e[4], e[1], q) for e, q in zip(entries[s:e_], qs, strict=True)]
             for s, e_, qs in zip(geo.starts, geo.ends, qualified, strict=True)]
    # with finite scores and positive weights the support is finite, 0.0 or positive: the
    # near rows can come from the kernel with each name's own block zeroed
    fast_near = skip_single and w["context"] > 0.0 and math.isfinite(sum(flat_priors))
    near_rows = geo.near_rows_of if fast_near else geo.near_rows
    for iteration in range(iterations):
        last = iteration == iterations - 1
        # context from the current choices, each name weighted by its confidence
        country_votes, admin_votes = choice_votes(items, base_country)
        total_c = sum(country_votes.values()) or 1.0
        total_a = sum(admin_votes.values()) or 1.0
        country_get, admin_get = country_votes.get, admin_votes.get
        # soft support: every likely sense of the other names counts, so that "Gainesville"
        # and "Georgia" can pull each other to the US together; names are updated in turn,
        # each seeing the names before it with their new senses
        support = geo.support(items)
        # the last iteration's names with one candidate: their near values in one step for
        # each run of them between two names with more (their probability stays 1.0, so
        # their support does not change; one that changes it ends the run)
        single_near: dict[int, float] = {}
        for idx, it in enumerate(items):
            if not it.cands or (skip_single and not last and len(it.cands) == 1
                                and math.isfinite(it.scores[0])):
                continue
            single = fast_near and last and len(it.cands) == 1 and it.probs == [1.0]
            if single:
                if idx not in single_near:
                    run = [idx]
                    for j in range(idx + 1, len(items)):
                        if len(items[j].cands) > 1:
                            break
                        if items[j].cands and items[j].probs == [1.0]:
                            run.append(j)
                    single_near = dict(zip(run, geo.near_of_singles(run, support, near_km),
                                           strict=True))
                near = [single_near[idx]]
            else:
                near = near_rows(idx, support, near_km).tolist()
            own = it.cands[it.best].place
            own_country, own_admin = own.country, (own.country, own.admin1)
            own_conf = it.probs[it.best] * it.weight
            country_den = max(1.0, total_c - own_conf)
            admin_den = max(1.0, total_a - own_conf)
            scores = []
            for (cc, ak, s, q), nk in zip(fixed[idx], near, strict=True):
                # leave out this name's own vote (elsewhere x - 0.0 would be x itself);
                # (v if v > 0.0 else 0.0) is max(0.0, v)
                cv = country_get(cc, 0.0)
                if cc == own_country:
                    cv -= own_conf
                s += w_country * (cv if cv > 0.0 else 0.0) / country_den
                if ak is not None:
                    av = admin_get(ak, 0.0)
                    if ak == own_admin:
                        av -= own_conf
                    s += w_admin1 * (av if av > 0.0 else 0.0) / admin_den
                s += w_near * nk
                if q:
                    s += w_qualifier
                scores.append(s)
            _set_scores(it, scores, copy=False)
            if single and it.probs == [1.0]:
                continue  # its support value, probability 1.0 times its weight, stands
            geo.update_support(support, idx, it)
            single_near = {}  # the support changed


def _relative_point(place: Place, rel: Relation, gazetteer: Gazetteer) -> Relative:
    radius = _RADIUS_KM.get(place.kind, 10.0)
    lat, lon = place.lat, place.lon
    if rel.kind == "near":
        return Relative("near", None, None, lat, lon, max(radius, 5.0) * 1.5, rel.text)
    direction = rel.direction or "central"
    if rel.kind == "subregion":
        if direction == "central":
            return Relative("subregion", "central", None, lat, lon, radius * 0.5, rel.text)
        bearing = _BEARING.get(direction)
        if bearing is None:
            return Relative("subregion", direction, None, lat, lon, radius, rel.text)
        poly = gazetteer.polygon(place.id) if place.has_polygon else None
        if poly is not None:
            minx, miny, maxx, maxy = poly.bounds
            dy = math.cos(math.radians(bearing)) * (maxy - miny) / 3
            dx = math.sin(math.radians(bearing)) * (maxx - minx) / 3
            cy, cx = (miny + maxy) / 2, (minx + maxx) / 2
            span_km = max(maxy - miny, (maxx - minx) * math.cos(math.radians(cy))) * 111.0
            return Relative("subregion", direction, None, round(cy + dy, 6), round(cx + dx, 6),
                            span_km / 3, rel.text)
        lat2, lon2 = _offset(lat, lon, bearing, radius * 0.6)
        return Relative("subregion", direction, None, lat2, lon2, radius * 0.6, rel.text)
    bearing = _BEARING.get(direction, 0.0)
    dist = rel.distance_km if rel.distance_km is not None else max(5.0, radius)
    lat2, lon2 = _offset(lat, lon, bearing, dist)
    return Relative("direction", direction, rel.distance_km, lat2, lon2,
                    max(3.0, dist * 0.5), rel.text)


def _offset(lat: float, lon: float, bearing_deg: float, km: float) -> tuple[float, float]:
    """Point ``km`` from (lat, lon) on the given bearing (spherical earth)."""
    r = 6371.0088
    b = math.radians(bearing_deg)
    p1, l1 = math.radians(lat), math.radians(lon)
    p2 = math.asin(math.sin(p1) * math.cos(km / r) + math.cos(p1) * math.sin(km / r) * math.cos(b))
    l2 = l1 + math.atan2(math.sin(b) * math.sin(km / r) * math.cos(p1),
                         math.cos(km / r) - math.sin(p1) * math.sin(p2))
    lon2 = (math.degrees(l2) + 540.0) % 360.0 - 180.0
    return round(math.degrees(p2), 6), round(lon2, 6)


def _check_text(text: object) -> str:
    if not isinstance(text, str):
        raise InputError(f"expected the article text as str, got {type(text).__name__}: "
                         f"{str(text)[:60]!r}")
    return text


def _check_published(published: object) -> None:
    if published is not None and not isinstance(published, (date, datetime, str)):
        raise InputError("published must be a date, a datetime, an ISO 8601 string or None, "
                         f"got {published!r} ({type(published).__name__})")


def _group(spans: Sequence[Span], limit: int) -> tuple[list[_Item], list[int]]:
    """Items (one per distinct name) and the item index of each span."""
    by_key: dict[str, int] = {}
    items: list[_Item] = []
    owner: list[int] = []
    for pos, sp in enumerate(spans):
        idx = by_key.get(sp.key)
        if idx is None:
            idx = len(items)
            by_key[sp.key] = idx
            items.append(_Item(sp.key, _dedupe(sp.candidates, limit)))
        items[idx].positions.append(pos)
        owner.append(idx)
    return items, owner


#: A locative word right before a name: the text says it is a place.
_LOCATIVE_BEFORE = re.compile(
    r"\b(?:in|at|near|from|to|into|toward|towards|outside|inside|across|around|of|via)"
    r"\s+(?:the\s+)?$", re.IGNORECASE)
#: Largest population of a town that a lone word may be taken for without support.
_STRAY_POPULATION = 20_000


def _stray_names(text: str, mentions: Sequence[Mention],
                 evidence: Sequence[RegionEvidence]) -> set[str]:
    """Names best read as people, brands or words, not places.

    A one-word name whose sense is a small town in a country nothing else in the text is in,
    never introduced as a place nor listed with places: "Servance was alone with the baby"
    (a village in France), "after Lambe and Evans" in a story set in Texas. The resolver
    found no better sense, and the sense it found is alone on the map.
    """
    countries: dict[str, set[str]] = defaultdict(set)
    for m in mentions:
        if m.place is not None and m.place.country:
            countries[m.place.country].add(m.text)
    evident = {ev.country for ev in evidence if ev.country}
    by_text: dict[str, list[Mention]] = defaultdict(list)
    for m in mentions:
        by_text[m.text].append(m)
    listed: set[str] | None = None  # read only when a name passes every other test
    out = set()
    for name, ms in by_text.items():
        p = ms[0].place
        if p is None or " " in name or "-" in name or p.kind != "city" \
                or p.population >= _STRAY_POPULATION or ms[0].role != "mention" \
                or countries[p.country] != {name} or p.country in evident \
                or len(countries) < 2:
            continue
        if listed is None:
            # names in a list of places ("Assur, Babylon, Basra") are places
            listed = {m.text for a, b in zip(mentions[:-1], mentions[1:], strict=True)
                      for m in (a, b)
                      if _LIST_GAP.fullmatch(text[a.end: b.start])}
        if name in listed:
            continue
        if any(_LOCATIVE_BEFORE.search(text, max(0, m.start - 16), m.start) for m in ms):
            continue
        out.add(name)
    return out


def _mark_context(items: Sequence[_Item], owner: Sequence[int], spans: Sequence[Span],
                  hidden: Collection[tuple[int, int]]) -> None:
    """Flag the items named only in ``hidden`` spans as context (not mentions)."""
    if not hidden:
        return
    shown = {owner[pos] for pos, sp in enumerate(spans) if (sp.start, sp.end) not in hidden}
    for idx, it in enumerate(items):
        it.context_only = idx not in shown


def _link_qualifiers(text: str, spans: Sequence[Span], owner: Sequence[int],
                     items: list[_Item]) -> None:
    """'Paris, Texas': the second name qualifies the first.

    So does a city named after "<part>s of": "the Shejaiya and Zeitoun neighbourhoods of Gaza
    City" qualifies both names before it. Enumerations of three names or more ("Oregon, Utah
    and Washington") are recorded on each item (``_Item.lists``).
    """
    for a, sp in enumerate(spans):
        if _town_before(text, sp.start):
            items[owner[a]].town_cue = True
    gaps = [text[spans[a - 1].end: spans[a].start] for a in range(1, len(spans))]
    run = [0] if spans else []
    for a in range(1, len(spans) + 1):
        if a < len(spans) and _LIST_GAP.fullmatch(gaps[a - 1]):
            run.append(a)
            continue
        names = list(dict.fromkeys(owner[k] for k in run))
        if len(names) >= 3:
            for idx in names:
                items[idx].lists.append([j for j in names if j != idx])
        run = [a]
    for a in range(len(spans) - 1):
        if owner[a] == owner[a + 1]:
            continue
        gap = gaps[a]
        qual = items[owner[a + 1]]
        if _QUALIFIER_GAP.fullmatch(gap):
            if any(c.place.kind in ("country", "admin1", "admin2") for c in qual.cands[:5]):
                if owner[a + 1] not in items[owner[a]].qualifiers:
                    items[owner[a]].qualifiers.append(owner[a + 1])
        elif _PART_OF.fullmatch(gap):
            if not any(c.place.kind == "city" for c in qual.cands[:5]):
                continue
            k = a
            while k >= 0:
                if owner[a + 1] not in items[owner[k]].qualifiers:
                    items[owner[k]].qualifiers.append(owner[a + 1])
                if k == 0 or not _LIST_GAP.fullmatch(text[spans[k - 1].end: spans[k].start]):
                    break
                k -= 1


def _town_before(text: str, start: int) -> bool:
    """Whether "the city of", "the town of" or "the village of" ends right before ``start``."""
    lo = max(0, start - 30)
    # the pattern ends with "of" and white space: only the last "of" before the name can be
    # that one, and only white space may follow it
    j = text.rfind("of", lo, start)
    return j >= 0 and text[j + 2: start].isspace() and \
        _TOWN_BEFORE.search(text, lo, start) is not None


_PART_OF = re.compile(r"\s+(?:neighbou?rhoods?|districts?|quarters?|suburbs?|areas?|camps?|"
                      r"refugee camps?)\s+(?:of|in)\s+(?:the\s+)?", re.I)
_TOWN_BEFORE = re.compile(r"\b[Tt]he\s+(?:city|town|village)\s+of\s+$")
_QUALIFIER_GAP = re.compile(r"\s*,\s*|\s+\(\s*")
_LIST_GAP = re.compile(r"\s*,\s*|\s*,?\s+(?:and|or)\s+")


_FEATURE_WORD = {"street": "street or road", "water": "river, lake or sea",
                 "park": "park or reserve", "landform": "mountain, valley, island or coast",
                 "landmark": "building, bridge or square", "township": "township"}


def _mentions(spans: Sequence[Span], owner: Sequence[int], items: Sequence[_Item],
              gazetteer: Gazetteer) -> list[Mention]:
    out = []
    alts_of: dict[int, tuple[Place, ...]] = {}  # by item: a name's mentions share them
    for pos, sp in enumerate(spans):
        it = items[owner[pos]]
        if not it.cands:
            why = (f"not in the gazetteer: the name of a {_FEATURE_WORD[sp.feature]}"
                   if sp.feature else "no gazetteer entry matches this name")
            out.append(Mention(sp.start, sp.end, sp.text, None, 0.0, (), sp.role, "",
                               None, why))
            continue
        best = it.cands[it.best]
        alts = alts_of.get(owner[pos])
        if alts is None:
            alts = alts_of[owner[pos]] = _alternatives(it)
        rel = _relative_point(best.place, sp.relation, gazetteer) if sp.relation else None
        reason = "only candidate" if len(it.cands) == 1 else f"best of {len(it.cands)} candidates"
        out.append(Mention(sp.start, sp.end, sp.text, best.place,
                           round(it.probs[it.best], 4), alts, sp.role, best.match, rel, reason))
    return out


def _alternatives(it: _Item) -> tuple[Place, ...]:
    """The places of an item's other candidates, highest score first (the first on a tie)."""
    scores = it.scores
    if len(scores) == 1:
        return ()
    if math.isfinite(sum(scores)):  # no NaN: a reversed sort keeps ties in order
        order = sorted(range(len(scores)), key=scores.__getitem__, reverse=True)
        return tuple([it.cands[k].place for k in order if k != it.best][:5])
    order = sorted(range(len(scores)), key=lambda k: (-scores[k], k))
    return tuple(it.cands[k].place for k in order if k != it.best)[:5]


def _focus(mentions: Sequence[Mention], evidence: Sequence[RegionEvidence]
           ) -> tuple[tuple[str, float], ...]:
    votes: dict[str, float] = defaultdict(float)
    for m in mentions:
        if m.place is not None and m.place.country:
            votes[m.place.country] += m.score
    for ev in evidence:
        if ev.country:
            votes[ev.country] += 0.5
    total = sum(votes.values())
    if not total:
        return ()
    return tuple(sorted(((k, round(v / total, 4)) for k, v in votes.items()),
                        key=lambda kv: (-kv[1], kv[0])))


def _dateline_countries(spans: Sequence[Span]) -> list[str]:
    """Countries of the datelines, where the name alone says which country it is.

    "JERUSALEM" or "KABUL" is its well-known place; a town name several countries have
    ("MANSFIELD") says nothing before it is resolved, so it gives no country.
    """
    out = []
    for sp in spans:
        if sp.role == "dateline" and sp.candidates:
            top = max(sp.candidates, key=lambda c: c.score).place
            if top.importance >= _DATELINE_KNOWN or all(
                    c.place.country == top.country for c in sp.candidates):
                out.append(top.country)
    return [c for c in out if c]


#: Least importance of a dateline's best candidate for its country to count when other
#: countries have places of that name too.
_DATELINE_KNOWN = 3.0


def geoparse(text: str, *, published: date | datetime | str | None = None,
             gazetteer: Gazetteer | None = None) -> GeoparseResult:
    """Find and resolve every place a text names.

    Parameters
    ----------
    text : str
        The article.
    published : date, datetime, str or None, optional, default None
        Publication date (not used to resolve places yet; accepted so that every stage
        takes the same arguments).
    gazetteer : Gazetteer, optional, default None
        The gazetteer to use; the shared default one when None.

    Returns
    -------
    GeoparseResult
        ``.mentions`` in text order, each with ``start``, ``end``, ``text``, ``place``,
        ``score``, ``alternatives``, ``role``.

    Examples
    --------
    >>> res = geoparse("Rockets were fired at Ashkelon and Ashdod from Gaza.")
    >>> [(m.text, m.place.country) for m in res.mentions]
    [('Ashkelon', 'IL'), ('Ashdod', 'IL'), ('Gaza', 'PS')]
    """
    text = _check_text(text)
    _check_published(published)
    gaz = gazetteer if gazetteer is not None else default_gazetteer()
    rec: Recognition = recognize(text, gaz)
    spans = list(rec.spans)
    evidence = rec.evidence
    if rec.context:  # states named inside organisations' names: context, not mentions
        hidden = {(sp.start, sp.end) for sp in rec.context}
        allspans = sorted([*spans, *rec.context], key=lambda sp: (sp.start, sp.end))
    else:
        hidden, allspans = set(), spans
    items, owner = _group(allspans, int(WEIGHTS["max_candidates"]))
    _mark_context(items, owner, allspans, hidden)
    _link_qualifiers(text, allspans, owner, items)
    _resolve_items(items, evidence, _dateline_countries(spans), text=text)
    mentions = _mentions(allspans, owner, items, gaz)
    if hidden:
        mentions = [m for m in mentions if (m.start, m.end) not in hidden]
    stray = _stray_names(text, mentions, evidence)
    if stray:
        keep = [k for k, m in enumerate(mentions) if m.text not in stray]
        mentions = [mentions[k] for k in keep]
        spans = [spans[k] for k in keep]
    _locate_features(text, spans, mentions)
    return GeoparseResult(text, tuple(mentions), evidence, _focus(mentions, evidence))


_LOCAL_KINDS = ("city", "neighbourhood", "refugee camp", "admin2")
#: Features that lie inside a town (not rivers, lakes, mountains or coasts)
_LOCAL_FEATURES = ("street", "park", "landmark", "township")
_AFTER_FEATURE = re.compile(r"(?:,|\s+(?:in|at|of|near|outside))\s+")


def _feature_towns(text: str, slots: Sequence[tuple[int, int, Place | None, bool, str]]
                   ) -> dict[int, tuple[Place, str]]:
    """The town each street, park or landmark the gazetteer lacks lies in.

    ``slots`` are the names of a text in text order: (start, end, place, whether the place is
    an exact-match town that can anchor others, feature kind or ""). A feature without a
    place gets the town named right after it ("Collins Avenue in Sunny Isles", "Main Street,
    Dublin"), else the last town named before it in the same paragraph, else the town the
    text names most. Returns {slot index: (town, how it was chosen)}; a text that names no
    town places nothing.
    """
    wanted = [k for k, s in enumerate(slots) if s[2] is None and s[4] in _LOCAL_FEATURES]
    local = [k for k, s in enumerate(slots) if s[3] and s[2] is not None]
    if not wanted or not local:
        return {}
    ids = [slots[k][2].id for k in local]  # type: ignore[union-attr]
    counts = Counter(ids)
    first: dict[str, int] = {}
    for k, pid in zip(local, ids, strict=True):
        first.setdefault(pid, k)
    main = first[min(counts, key=lambda pid: (-counts[pid], first[pid]))]
    out: dict[int, tuple[Place, str]] = {}
    for pos in wanted:
        start, end = slots[pos][0], slots[pos][1]
        nxt = pos + 1
        if nxt < len(slots) and nxt in local and _AFTER_FEATURE.fullmatch(
                text[end: slots[nxt][0]]):
            anchor, how = nxt, "named right after it"
        else:
            before = [k for k in local if k < pos and "\n" not in text[slots[k][1]: start]]
            anchor, how = (before[-1], "named before it in the paragraph") if before else (
                main, "the article names most")
        place = slots[anchor][2]
        assert place is not None
        out[pos] = (place, how)
    return out


def _locate_features(text: str, spans: Sequence[Span], mentions: list[Mention]) -> None:
    """Place the features the gazetteer lacks at their towns (`_feature_towns`).

    The mention keeps its own span; its place is the town, with a "near" relative and a
    reason saying it is approximate.
    """
    slots = [(m.start, m.end, m.place, m.place is not None and m.place.kind in _LOCAL_KINDS
              and m.relative is None and m.match == "exact", sp.feature)
             for sp, m in zip(spans, mentions, strict=True)]
    for pos, (place, how) in _feature_towns(text, slots).items():
        m, feature = mentions[pos], spans[pos].feature
        anchor_score = max((x.score for x in mentions if x.place is place), default=0.5)
        radius = _RADIUS_KM.get(place.kind, 10.0)
        mentions[pos] = Mention(
            m.start, m.end, m.text, place, round(anchor_score * 0.5, 4), (), m.role, "context",
            Relative("near", None, None, place.lat, place.lon, max(radius, 5.0) * 1.5, m.text),
            f"approximate: a {_FEATURE_WORD[feature]} not in the gazetteer, placed at "
            f"{place.name}, the place {how}")


@dataclass
class _Problem:
    """A document prepared for resolution: its names, their candidates and the context."""

    items: list[_Item]
    owner: list[int]
    wanted: list[int]  # item index of each requested span
    evidence: tuple[RegionEvidence, ...]
    dateline_countries: list[str]
    spans: list[Span] = field(default_factory=list)  # requested and context spans, in order
    positions: list[int] = field(default_factory=list)  # index in spans of each requested one


#: A word of a name: letters, with inner apostrophes and abbreviation periods ("U.S.").
_NAME_WORD = re.compile(r"[^\W\d_][\w'’]*(?:\.[^\W\d_]+)*\.?")


#: Words a place named inside a longer name may follow: "University of Hong Kong",
#: "Northern California", "Co Dublin".
_INNER_BEFORE = frozenset({"of", "in", "de", "du", "di", "at", "co", "county"}) | QUALIFIERS
#: Words that may follow it: "Donetsk Airport", "Nagano Prefecture", "Baltimore Metro Area".
_INNER_AFTER = INSTITUTION_WORDS | frozenset(
    "prefecture forest park area municipal state national fault canal tunnel stn".split())


def _inner_candidates(name: str, gaz: Gazetteer) -> tuple[Candidate, ...]:
    """Candidates of the longest place name inside a name the gazetteer lacks.

    A caller who gives a span says it is a place; when the gazetteer has no such name, the
    place it is part of or named after is the best answer: "University of Hong Kong" ->
    Hong Kong, "Donetsk airport" -> Donetsk, "Northern California" -> California. Only exact
    names of capitalised words count, longest first, then leftmost; directions, generic words
    and common English words alone ("Central", "Park") do not.
    """
    words = _NAME_WORD.findall(name)
    lower = [w.lower().rstrip(".") for w in words]
    limit = int(WEIGHTS["max_candidates"])
    for size in range(min(len(words) - 1, 4), 0, -1):
        for a in range(len(words) - size + 1):
            part = words[a: a + size]
            if not (part[0][0].isupper() or part[0].lower() in LOWER_STARTS) \
                    or not part[-1][0].isupper():
                continue
            # the place opens the name or follows "of"/a qualifier, and only feature or
            # institution words follow it: "Pala Mesa Resort" is not Mesa
            if a and lower[a - 1] not in _INNER_BEFORE or any(
                    w[:1].isupper() and lw not in _INNER_AFTER
                    for w, lw in zip(words[a + size:], lower[a + size:], strict=True)):
                continue
            key = name_key(" ".join(part))
            if len(key) < 3 or key in NOT_PLACES or key in GENERIC_NAMES or key in QUALIFIERS \
                    or key in DATE_WORDS or size == 1 and common_zipf(key) >= 4.0:
                continue
            cands = [c for c in gaz.lookup(" ".join(part), limit=limit, fuzzy=False)
                     if c.match == "exact"]
            if cands:
                return tuple(cands)
    return ()


#: A lower-case "state" right after a name: the name is the state's ("Washington state").
_STATE_AFTER = re.compile(r"\s+state\b")


def _prepare_spans(text: str, spans: Sequence[tuple[int, int]], gaz: Gazetteer) -> _Problem:
    wanted: list[Span] = []
    for pair in spans:
        try:
            start, end = int(pair[0]), int(pair[1])
        except (TypeError, ValueError, IndexError) as exc:
            raise InputError(f"spans must be (start, end) pairs of ints, got {pair!r}") from exc
        if not (0 <= start < end <= len(text)):
            raise InputError(f"span {pair!r} is outside the text (length {len(text)})")
        name = text[start:end]
        cands = tuple(gaz.lookup(name, limit=int(WEIGHTS["max_candidates"])))
        # a demonym given as a span ("Russian", "Iraqi", "Canadian") stands for its country,
        # even where a small place has the same name (Canadian, Texas)
        code = demonyms().get(name.lower()) or demonyms().get(name.lower().rstrip("s"))
        country = gaz.country(code) if code else None
        if country is not None:
            if not cands or cands[0].match != "exact":
                cands = (Candidate(country, 0.9, "exact", name),)
            elif all(c.place.population < 100_000 and c.place.kind not in _CONTAINERS
                     for c in cands):
                cands = (Candidate(country, 0.9, "exact", name), *cands)
        if not cands:
            cands = _inner_candidates(name, gaz)
        if _STATE_AFTER.match(text, end) and any(c.place.kind == "admin1" for c in cands):
            # "a Washington state farm", "New York state officials": the state
            cands = tuple(c for c in cands if c.place.kind == "admin1")
        wanted.append(Span(start, end, name, name_key(name) or name, cands))
    rec = recognize(text, gaz)
    features = {(s.start, s.end): s for s in rec.spans if s.feature}
    for k, w in enumerate(wanted):
        f = features.get((w.start, w.end))
        if f is not None:  # "Kanawha River": the place it is named after, as geoparse does
            wanted[k] = Span(w.start, w.end, w.text, w.key, w.candidates or f.candidates,
                             feature=f.feature)
    context = [s for s in (*rec.spans, *rec.context)
               if not any(s.start < w.end and w.start < s.end for w in wanted)]
    allspans = sorted(wanted + context, key=lambda s: (s.start, s.end))
    evidence = rec.evidence
    items, owner = _group(allspans, int(WEIGHTS["max_candidates"]))
    _link_qualifiers(text, allspans, owner, items)
    index = {(s.start, s.end): k for k, s in enumerate(allspans)}
    wanted_items = [owner[index[(w.start, w.end)]] for w in wanted]
    given = set(wanted_items)
    for idx, it in enumerate(items):
        it.context_only = idx not in given  # recognised around them: less sure to be a place
    return _Problem(items, owner, wanted_items, evidence, _dateline_countries(allspans),
                    allspans, [index[(w.start, w.end)] for w in wanted])


def resolve_spans(text: str, spans: Sequence[tuple[int, int]], *,
                  published: date | datetime | str | None = None,
                  gazetteer: Gazetteer | None = None) -> list[Place | None]:
    """Resolve known name spans of a text (resolution only).

    The other places the text names are recognised and used as context.

    Parameters
    ----------
    text : str
        The article.
    spans : sequence of (int, int)
        ``(start, end)`` str offsets of the names to resolve.
    published : date, datetime, str or None, optional, default None
        Publication date.
    gazetteer : Gazetteer, optional, default None
        The gazetteer to use; the shared default one when None.

    Returns
    -------
    list of Place or None
        One per span, in the order given. The caller says each span is a place, so a name
        the gazetteer lacks still gets the best estimate the text allows: the place named
        inside it ("University of Hong Kong" -> Hong Kong), else the town the text puts it
        in (named right after it, else before it in the paragraph, else the town named
        most), else the place the text names most; an answer matched only through a
        spelling variant in a country the text does not otherwise name gives way to the
        same, when the text gives one. A lower-case "state" after the name picks the state
        ("a Washington state farm"). None only when nothing matches and the text names no
        place.
    """
    text = _check_text(text)
    _check_published(published)
    gaz = gazetteer if gazetteer is not None else default_gazetteer()
    prob = _prepare_spans(text, spans, gaz)
    _resolve_items(prob.items, prob.evidence, prob.dateline_countries, text=text)
    out: list[Place | None] = []
    exact_countries = {it.cands[it.best].place.country for it in prob.items
                       if it.cands and it.cands[it.best].match == "exact"}
    doubtful: dict[int, Place] = {}
    for k, idx in enumerate(prob.wanted):
        it = prob.items[idx]
        best = it.cands[it.best] if it.cands else None
        if best is not None and best.match != "exact" \
                and best.place.country not in exact_countries:
            # a spelling variant in a country the text does not otherwise name ("Rügen" ->
            # Rudan, Iran, in a text on Germany): where the text puts it is the better
            # guess, when it puts it anywhere
            doubtful[k] = best.place
            best = None
        out.append(best.place if best is not None else None)
    if None in out:
        # a street, park or any other place the gazetteer lacks: the town the text puts it
        # in, as geoparse does for streets (the caller says the span is a place)
        given = set(prob.positions)
        unsure = {prob.positions[k] for k in doubtful}
        slots = []
        for pos, sp in enumerate(prob.spans):
            it = prob.items[prob.owner[pos]]
            best = it.cands[it.best] if it.cands and pos not in unsure else None
            slots.append((sp.start, sp.end, best.place if best else None,
                          best is not None and best.place.kind in _LOCAL_KINDS
                          and best.match == "exact" and sp.relation is None,
                          sp.feature or ("landmark" if pos in given else "")))
        towns = _feature_towns(text, slots)
        out = [p if p is not None or pos not in towns else towns[pos][0]
               for p, pos in zip(out, prob.positions, strict=True)]
        named = [p for p in (slot[2] for slot in slots) if p is not None]
        if None in out and named:
            # no town named: the place the text names most ("Bardarbunga" in a text on
            # Iceland), the first of them on a tie
            counts = Counter(p.id for p in named)
            top = max(named, key=lambda p: counts[p.id])
            out = [p if p is not None else top for p in out]
    return [doubtful.get(k) if p is None else p for k, p in enumerate(out)]
