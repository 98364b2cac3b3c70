"""Fast paths of the resolver and the ranker against the general logic they replace.

Every comparison is exact (the same floats, bit for bit): the golden dump of the pipeline
compares scores exactly.
"""

from __future__ import annotations

import math
import random
from collections.abc import Sequence

import numpy as np
import pytest

from geoevents import geoparse
from geoevents._ranker import (
    _KIND_FEATURE,
    _LOG_MAX_KM,
    FEATURES,
    NEAR_KM,
    DocGeometry,
    FloatArray,
    ItemLike,
    _first_max,
    _votes,
    document_features,
    prior,
)
from geoevents._resolution import (
    _QUALIFIER_KINDS,
    WEIGHTS,
    _contains,
    _heuristic,
    _Item,
    _prepare_spans,
    _set_scores,
    _softmax,
)
from geoevents._types import Candidate, Place, RegionEvidence

_TEXTS = [
    "Flooding hit Paris, Texas, and the roads to Dallas were closed. Houston and Austin "
    "stayed dry; Paris, France, sent condolences.",
    "Rockets were fired at Ashkelon and Ashdod from Gaza. Israel struck Khan Younis and Rafah; "
    "Egypt opened the crossing.",
    "Officials in Springfield, Illinois, met counterparts from Springfield, Missouri, and "
    "from Columbia, Georgia, Athens and Rome.",
    "Cases were reported in Guinea, Sierra Leone, Liberia and Nigeria, and in Dallas, Madrid "
    "and Lagos. Conakry and Freetown closed schools.",
    "Georgia and Armenia met in Tbilisi; Georgia's governor was in Atlanta.",
    "Dublin police said Laurens County sheriff's deputies arrested two men on Interstate 16 "
    "near Macon. The Garda in Cork and Limerick agreed.",
    "An Albany man was arrested by Georgia Bureau of Investigation agents in Macon and Athens.",
    "Springfield",
    "Rain fell on Perth, Victoria, Richmond, London and Kingston; Washington and Oregon too.",
]


def _near_rows_reference(geo: DocGeometry, i: int, support: np.ndarray,
                         near_km: float) -> np.ndarray:
    """DocGeometry.near_rows as first written (max of each other name's block)."""
    s, e = geo.starts[i], geo.ends[i]
    if len(geo.nonempty) < 2 or s == e:
        return np.zeros(e - s)
    m = geo.near_kernel(near_km)[s:e] * support[None, :]
    per = np.maximum.reduceat(m, geo.block_starts, axis=1)
    per[:, geo.block[s]] = 0.0
    out: np.ndarray = per.max(axis=1)
    return out


def _near_reference(geo: DocGeometry, items: Sequence[_Item], near_km: float) -> np.ndarray:
    """DocGeometry.near as first written: near_rows name by name."""
    support = geo.support(items)
    out = np.zeros(geo.n)
    for i in geo.nonempty:
        out[geo.starts[i]: geo.ends[i]] = _near_rows_reference(geo, i, support, near_km)
    return out


def _document_features_reference(items: Sequence[ItemLike], geo: DocGeometry,
                      evidence: Sequence[RegionEvidence],
                      dateline_countries: Sequence[str], *,
                      heuristic: Sequence[Sequence[float]] | None = None,
                      us_text: float = 0.0) -> list[FloatArray]:
    """document_features as it was before the row-list rewrite."""
    nf = len(FEATURES)
    col = {f: j for j, f in enumerate(FEATURES)}
    out = [np.zeros((len(it.cands), nf)) for it in items]
    if geo.n == 0:
        return out
    n_blocks = len(geo.nonempty)
    country_votes, admin_votes = _votes(items, evidence, dateline_countries)
    total_c = sum(country_votes.values()) or 1.0
    total_a = sum(admin_votes.values()) or 1.0
    demonym_cc = {ev.country for ev in evidence if ev.country}
    dateline_cc = set(dateline_countries)

    # context arrays over the other names' current senses
    best = np.array([geo.starts[i] + items[i].best for i in geo.nonempty], dtype=np.intp)
    conf = np.array([items[i].probs[items[i].best] * items[i].weight for i in geo.nonempty])
    own = np.zeros((geo.n, n_blocks), dtype=np.bool_)
    own[np.arange(geo.n), geo.block] = True
    w = np.where(own, 0.0, conf[None, :])  # (n, blocks): weight of each other name
    wsum = w.sum(axis=1)
    wnorm = np.where(wsum > 0, wsum, 1.0)
    km_best = geo.km[:, best]
    rel_best = geo.related[:, best]
    near = _near_reference(geo, items, NEAR_KM)
    ctx = np.zeros((geo.n, 8))
    for j, r in enumerate((50.0, 200.0, 1000.0)):
        ctx[:, j] = (w * ((km_best <= r) | rel_best)).sum(axis=1) / wnorm
    ctx[:, 3] = (w * np.log1p(km_best)).sum(axis=1) / wnorm / _LOG_MAX_KM
    ctx[:, 4] = (w * geo.inside[:, best]).sum(axis=1) / wnorm
    # containers named anywhere else in the document, whatever sense that name got
    kinds = [c.place.kind for c in geo.cands]
    for j, kind in enumerate(("admin1", "admin2", "country")):
        mask = np.array([k == kind for k in kinds])
        if not mask.any():
            continue
        m = (geo.inside.T & mask[None, :]).astype(np.float64)
        ctx[:, 5 + j] = geo.block_max(m) > 0
    for i in geo.nonempty:
        it = items[i]
        s, e = geo.starts[i], geo.ends[i]
        x = out[i]
        cands = it.cands
        priors = [prior(c) for c in cands]
        pops = [math.log10(1 + max(0, c.place.population)) for c in cands]
        best_prior, best_pop = max(priors), max(pops)
        top_prior = max(range(len(cands)), key=lambda k: (priors[k], -k))
        top_pop = max(range(len(cands)), key=lambda k: (pops[k], -k))
        own_p = cands[it.best].place
        own_conf = it.probs[it.best] * it.weight
        loo = dict(country_votes)
        if own_p.country:
            loo[own_p.country] = loo.get(own_p.country, 0.0) - own_conf
        lead = max(loo.items(), key=lambda kv: (kv[1], kv[0]))[0] if loo else ""
        if loo.get(lead, 0.0) <= 1e-9:
            lead = ""
        quals = [[qc.place for qc in items[q].cands[:10] if qc.place.kind in _QUALIFIER_KINDS]
                 for q in it.qualifiers]
        hs = list(heuristic[i]) if heuristic is not None else list(it.scores)
        best_h = max(hs)
        top_h = max(range(len(cands)), key=lambda k: (hs[k], -k))
        for k, c in enumerate(cands):
            p = c.place
            row = x[k]
            row[col["heuristic"]] = hs[k]
            row[col["heuristic_gap"]] = hs[k] - best_h
            row[col["heuristic_top"]] = k == top_h
            row[col["us_text"]] = us_text if p.country == "US" else 0.0
            row[col["prior"]] = priors[k]
            row[col["prior_gap"]] = priors[k] - best_prior
            row[col["prior_top"]] = k == top_prior
            row[col["log_pop"]] = pops[k]
            row[col["log_pop_gap"]] = pops[k] - best_pop
            row[col["pop_top"]] = k == top_pop
            kf = _KIND_FEATURE.get(p.kind)
            if kf is not None:
                row[col[kf]] = 1.0
            row[col["match_variant"]] = c.match == "variant"
            row[col["match_fuzzy"]] = c.match == "fuzzy"
            row[col["primary_name"]] = c.matched_name.casefold() == p.name.casefold()
            row[col["log_names"]] = math.log1p(len(p.names))
            row[col["qualifier"]] = any(_contains(q, p) for qs in quals for q in qs)
            row[col["dateline"]] = p.country in dateline_cc
            row[col["demonym"]] = p.country in demonym_cc
            cv = country_votes.get(p.country, 0.0) - (own_conf if own_p.country == p.country
                                                      else 0.0)
            row[col["country_focus"]] = max(0.0, cv) / max(1.0, total_c - own_conf) \
                if p.country else 0.0
            if p.admin1:
                av = admin_votes.get((p.country, p.admin1), 0.0) - (
                    own_conf if (own_p.country, own_p.admin1) == (p.country, p.admin1) else 0.0)
                row[col["admin1_focus"]] = max(0.0, av) / max(1.0, total_a - own_conf)
            row[col["top_country"]] = bool(lead) and p.country == lead
        x[:, col["near"]] = near[s:e]
        x[:, col["within_50"]: col["within_1000"] + 1] = ctx[s:e, 0:3]
        x[:, col["mean_log_km"]] = ctx[s:e, 3]
        x[:, col["contains_share"]] = ctx[s:e, 4]
        x[:, col["admin1_named"]] = ctx[s:e, 5]
        x[:, col["admin2_named"]] = ctx[s:e, 6]
        x[:, col["country_named"]] = ctx[s:e, 7]
    return out


def _resolved(gazetteer, text: str) -> tuple:
    """A document's names after the heuristic (spans as geoparse finds them)."""
    spans = [(m.start, m.end) for m in geoparse(text, gazetteer=gazetteer).mentions]
    prob = _prepare_spans(text, spans, gazetteer)
    geo = DocGeometry(prob.items)
    _heuristic(prob.items, geo, prob.evidence, prob.dateline_countries, WEIGHTS)
    return prob, geo


def _same_floats(a: np.ndarray, b: np.ndarray) -> bool:
    """Bit for bit the same floats (0.0 and -0.0 differ), any NaN equal to any NaN."""
    if a.shape != b.shape or a.dtype != b.dtype:
        return False
    nan = np.isnan(a)
    return bool((nan == np.isnan(b)).all()) and a[~nan].tobytes() == b[~nan].tobytes()


def _same_matrices(got: list[np.ndarray], want: list[np.ndarray]) -> None:
    assert len(got) == len(want)
    for a, b in zip(got, want, strict=True):
        assert _same_floats(a, b)


@pytest.mark.parametrize("text", _TEXTS)
def test_document_features_match_the_reference(gazetteer, text: str) -> None:
    prob, geo = _resolved(gazetteer, text)
    hs = [[s + 0.25 * k for k, s in enumerate(it.scores)] for it in prob.items]
    for heuristic in (None, hs):
        for us in (0.0, math.log1p(3)):
            args = (prob.items, geo, prob.evidence, prob.dateline_countries)
            _same_matrices(document_features(*args, heuristic=heuristic, us_text=us),
                           _document_features_reference(*args, heuristic=heuristic, us_text=us))


def _random_items(rng: random.Random) -> list[_Item]:
    """Names with random places (shared ids, kinds, countries, states) and random senses."""
    ids = [f"p{k}" for k in range(15)]
    kinds = ["country", "admin1", "admin2", "city", "region", "natural feature", "landmark"]
    names = ["Texas", "Georgia", "Paris", "Ohio", "Victoria", ""]
    items = []
    for _ in range(rng.randint(0, 7)):
        cands = []
        for _ in range(rng.choice([0, 1, 1, 2, 3, 5, 8])):
            place = Place(id=rng.choice(ids), name=rng.choice(names),
                          lat=rng.choice([rng.uniform(-89, 89), 90.0, -90.0, 0.0]),
                          lon=rng.uniform(-180, 180), kind=rng.choice(kinds),
                          country=rng.choice(["US", "FR", "GE", "IE", ""]),
                          admin1=rng.choice(["Texas", "Georgia", "Ohio", "Victoria", ""]),
                          population=rng.choice([0, 500, 20_000, 3_000_000]),
                          names=tuple(rng.sample(names, rng.randint(0, 3))),
                          parents=tuple(rng.sample(ids, rng.randint(0, 3))))
            cands.append(Candidate(place, rng.choice([0.0, 0.2, 0.5, 0.9, 1.0]),
                                   rng.choice(["exact", "variant", "fuzzy"]),
                                   rng.choice([place.name, place.name.upper(), "Other"])))
        it = _Item(f"n{len(items)}", cands, context_only=rng.random() < 0.3)
        it.weight = 0.5 if it.context_only else 1.0
        _set_scores(it, [rng.choice([0.0, 1.0, rng.uniform(-3, 3)]) for _ in cands])
        items.append(it)
    for it in items:
        it.qualifiers = rng.sample(range(len(items)), min(len(items), rng.randint(0, 2)))
    return items


@pytest.mark.parametrize("seed", range(60))
def test_document_features_match_the_reference_on_random_documents(seed: int) -> None:
    rng = random.Random(seed)
    items = _random_items(rng)
    geo = DocGeometry(items)
    evidence = ()
    dateline = rng.sample(["US", "FR", "GE"], rng.randint(0, 2))
    hs = [[rng.choice([0.0, rng.uniform(-2, 2)]) for _ in it.cands] for it in items]
    for heuristic in (None, hs):
        args = (items, geo, evidence, dateline)
        _same_matrices(document_features(*args, heuristic=heuristic, us_text=0.7),
                       _document_features_reference(*args, heuristic=heuristic, us_text=0.7))


@pytest.mark.parametrize("seed", range(40))
def test_near_rows_match_the_reference(seed: int) -> None:
    rng = random.Random(seed)
    items = _random_items(rng)
    geo = DocGeometry(items)
    values = [0.0, 0.0, 0.3, 1.0, rng.random()] + ([math.nan, math.inf] if seed % 4 == 0 else [])
    support = np.array([rng.choice(values) for _ in range(geo.n)])
    for i in range(len(items)):
        for km in (NEAR_KM, 20.0):
            with np.errstate(all="ignore"):  # inf * 0 (a far candidate's kernel underflows)
                got = geo.near_rows(i, support, km)
                want = _near_rows_reference(geo, i, support, km)
            assert _same_floats(got, want)
    assert _same_floats(geo.near(items, NEAR_KM), _near_reference(geo, items, NEAR_KM))


@pytest.mark.parametrize("seed", range(30))
def test_first_max_and_top_match_the_general_logic(seed: int) -> None:
    rng = random.Random(seed)
    pool = [0.0, -0.0, 1.0, 1.0, -2.5, rng.uniform(-5, 5)]
    if seed % 3 == 0:
        pool += [math.nan, math.inf, -math.inf]
    for _ in range(50):
        xs = [rng.choice(pool) for _ in range(rng.randint(1, 12))]
        assert _first_max(xs) == max(range(len(xs)), key=lambda k: (xs[k], -k))
        it = _Item("x", [])
        _set_scores(it, xs)
        probs = _softmax(xs)
        if len(xs) > 1 or not math.isfinite(xs[0]):
            assert it.top == sorted(range(len(probs)), key=lambda k: -probs[k])[:5]


def _inside_numpy(flat: Sequence[Candidate], n: int) -> np.ndarray:
    """DocGeometry._inside before the pairs were listed in Python (numpy masks)."""
    inside = np.zeros((n, n), dtype=np.bool_)
    if n == 0:
        return inside
    places = [c.place for c in flat]
    by_id: dict[str, list[int]] = {}
    for k, p in enumerate(places):
        by_id.setdefault(p.id, []).append(k)
    # a place inside a parent it lists
    rows: list[int] = []
    cols: list[int] = []
    for k, p in enumerate(places):
        for parent in p.parents:
            for q in by_id.get(parent, ()):
                rows.append(q)
                cols.append(k)
    if rows:
        inside[rows, cols] = True
    # every place of a country inside it, every place of a state inside it
    countries = [k for k, p in enumerate(places) if p.kind == "country"]
    states = [k for k, p in enumerate(places) if p.kind == "admin1"]
    if countries:
        codes: dict[str, int] = {}
        country = np.array([codes.setdefault(p.country, len(codes)) if p.country else -1
                            for p in places])
        is_country = np.zeros(n, dtype=np.bool_)
        is_country[countries] = True
        qc = np.array(countries, dtype=np.intp)
        inside[qc] |= (country[qc][:, None] == country[None, :]) & ~is_country[None, :]
    if states:
        # a state's (country, name) against each place's (country, admin1)
        units: dict[tuple[str, str], int] = {}
        admin1 = np.array([units.setdefault((p.country, p.admin1), len(units)) if p.admin1
                           else -2 for p in places])
        own = np.array([units.setdefault((places[k].country, places[k].name), len(units))
                        for k in states])
        inside[states] |= own[:, None] == admin1[None, :]
    # ... but never inside itself (nor inside another candidate of the same place)
    inside[np.arange(n), np.arange(n)] = False
    for ks in by_id.values():
        if len(ks) > 1:
            inside[np.ix_(ks, ks)] = False
    return inside


@pytest.mark.parametrize("seed", range(80))
def test_containment_matches_the_numpy_masks(seed: int) -> None:
    rng = random.Random(seed)
    flat = [c for it in _random_items(rng) for c in it.cands]
    got = DocGeometry._inside(flat, len(flat))
    assert got.dtype == np.bool_ and np.array_equal(got, _inside_numpy(flat, len(flat)))


_CUE_TEXTS = [
    *_TEXTS[:2],
    "Republican and Democrat envoys said $5 million reached Kharkiv and Lviv by Route 7.",
    "The Laurens County sheriff said $5 was taken in Dublin and Cork; Galway, Limerick.",
]


def test_us_cues_matter_only_with_us_candidates(gazetteer) -> None:
    """The resolver looks for US cues only in texts with a US candidate."""
    from geoevents._ranker import us_cues

    gated = 0
    for text in _CUE_TEXTS:
        prob, geo = _resolved(gazetteer, text)
        args = (prob.items, geo, prob.evidence, prob.dateline_countries)
        if not any(c.place.country == "US" for c in geo.cands):
            gated += us_cues(text) > 0
            _same_matrices(document_features(*args, us_text=us_cues(text)),
                           document_features(*args, us_text=0.0))
    assert gated  # a text with cues and no US candidate was checked


@pytest.mark.parametrize("seed", range(10))
def test_geometry_priors_are_the_priors(seed: int) -> None:
    rng = random.Random(seed)
    items = _random_items(rng)
    for it in items:  # scores at and beyond the clipping bounds too
        it.cands = [Candidate(c.place, rng.choice([0.0, 1e-5, 1e-4, 0.3, 0.9999, 1.0, 2.0]),
                              c.match, c.matched_name) for c in it.cands]
    geo = DocGeometry(items)
    got = geo.priors()
    assert got == [prior(c) for c in geo.cands]
    assert [math.copysign(1.0, v) for v in got] == [
        math.copysign(1.0, prior(c)) for c in geo.cands]


def _entry_reference(c: Candidate) -> tuple:
    """What candidate_entry holds, computed from the candidate each time."""
    p = c.place
    kinds = ("kind_country", "kind_admin1", "kind_admin2", "kind_region", "kind_natural",
             "kind_local")
    return (c, prior(c), math.log10(1 + max(0, p.population)), p.country,
            (p.country, p.admin1) if p.admin1 else None,
            (*(1.0 if _KIND_FEATURE.get(p.kind) == f else 0.0 for f in kinds),
             1.0 if c.match == "variant" else 0.0, 1.0 if c.match == "fuzzy" else 0.0,
             1.0 if c.matched_name.casefold() == p.name.casefold() else 0.0,
             math.log1p(len(p.names))))


@pytest.mark.parametrize("seed", range(10))
def test_candidate_entries_match_the_candidates(seed: int) -> None:
    """The remembered per-candidate values are the candidate's, also once a cache is full."""
    from geoevents import _ranker

    rng = random.Random(seed)
    old_max = _ranker._CAND_CACHE_MAX
    _ranker._CAND_CACHE_MAX = 5 if seed % 2 else old_max
    try:
        for _ in range(4):  # the same candidates again, remembered (or evicted)
            items = _random_items(rng)
            for geo in (DocGeometry(items), DocGeometry(items)):
                got = geo.entries()
                assert len(got) == geo.n
                for c, e in zip(geo.cands, got, strict=True):
                    assert e == _entry_reference(c) and e[0] is c
    finally:
        _ranker._CAND_CACHE_MAX = old_max


@pytest.mark.parametrize("seed", range(40))
def test_lead_from_the_top_two_matches_the_general_logic(seed: int) -> None:
    from geoevents._ranker import _lead_country, _lead_from_top, _vote_key

    rng = random.Random(seed)
    names = ["US", "FR", "GE", "IE", "IL"]
    for _ in range(100):
        votes = {cc: rng.choice([0.0, 1e-10, 0.5, 1.0, 2.0, rng.uniform(0, 3)])
                 for cc in rng.sample(names, rng.randint(0, 5))}
        top2 = sorted(votes.items(), key=_vote_key, reverse=True)[:2]
        own = rng.choice(["", *names])
        conf = rng.choice([0.0, 0.5, 1.0, 1e-10, rng.random()])
        assert _lead_from_top(top2, votes, own, conf) == _lead_country(votes, own, conf)


@pytest.mark.parametrize("seed", range(40))
def test_near_rows_of_match_near_rows_for_plain_support(seed: int) -> None:
    """With finite support values of 0.0 or above, the zeroed-block kernel gives the same."""
    rng = random.Random(seed)
    items = _random_items(rng)
    geo = DocGeometry(items)
    values = [0.0, 0.0, 0.3, 1.0, 1e-300, rng.random()]
    support = np.array([rng.choice(values) for _ in range(geo.n)])
    for i in range(len(items)):
        for km in (NEAR_KM, 20.0):
            assert _same_floats(geo.near_rows_of(i, support, km),
                                geo.near_rows(i, support, km))


@pytest.mark.parametrize("text", _TEXTS)
def test_scores_from_the_standardised_matrix_match_model_score(gazetteer, text: str) -> None:
    """The ranker standardises a document's matrix once; each name's scores are unchanged."""
    from geoevents._ranker import feature_matrix, load_model

    model = load_model()
    assert model is not None
    prob, geo = _resolved(gazetteer, text)
    args = (prob.items, geo, prob.evidence, prob.dateline_countries)
    x_all = feature_matrix(*args, us_text=0.5)
    z_all = model.standardize(x_all)
    for s, e in zip(geo.starts, geo.ends, strict=True):
        if e > s:
            assert _same_floats(z_all[s:e] @ model.weight, model.score(x_all[s:e]))


def _dedupe_reference(cands: Sequence[Candidate], limit: int) -> list[Candidate]:
    """_dedupe as first written: the best-scored candidate of each place, one sort."""
    best: dict[str, Candidate] = {}
    for c in cands:
        old = best.get(c.place.id)
        if old is None or c.score > old.score:
            best[c.place.id] = c
    return sorted(best.values(), key=lambda c: (-c.score, c.place.id))[:limit]


@pytest.mark.parametrize("seed", range(30))
def test_dedupe_matches_one_sort(seed: int) -> None:
    from geoevents._resolution import _dedupe

    rng = random.Random(seed)
    pool = [0.0, -0.0, 0.3, 0.5, 0.5, 0.9, 1.0] + ([math.nan, math.inf] if seed % 3 == 0 else [])
    for _ in range(50):
        cands = tuple(
            Candidate(Place(id=f"p{rng.randint(0, 6)}", name="X", lat=0.0, lon=0.0,
                            kind="city", country="US"), rng.choice(pool), "exact", "X")
            for _ in range(rng.randint(0, 9)))
        for limit in (-1, 0, 1, 3, 40):
            got, want = _dedupe(cands, limit), _dedupe_reference(cands, limit)
            assert len(got) == len(want) and all(a is b for a, b in zip(got, want, strict=True))


@pytest.mark.parametrize("seed", range(30))
def test_alternatives_match_the_tuple_sort(seed: int) -> None:
    from geoevents._resolution import _alternatives

    rng = random.Random(seed)
    pool = [0.0, -0.0, 1.0, 1.0, -2.5, rng.uniform(-5, 5)]
    if seed % 3 == 0:
        pool += [math.nan, math.inf, -math.inf]
    places = [Place(id=f"p{k}", name="X", lat=0.0, lon=0.0, kind="city", country="US")
              for k in range(12)]
    for _ in range(50):
        n = rng.randint(1, 12)
        it = _Item("x", [Candidate(places[k], 0.5, "exact", "X") for k in range(n)])
        it.scores = [rng.choice(pool) for _ in range(n)]
        it.best = rng.randrange(n)
        order = sorted(range(n), key=lambda k: (-it.scores[k], k))
        want = tuple(it.cands[k].place for k in order if k != it.best)[:5]
        assert _alternatives(it) == want


def test_town_before_matches_the_pattern() -> None:
    from geoevents._resolution import _TOWN_BEFORE, _town_before

    rng = random.Random(5)
    words = ["the", "The", "city", "town", "village", "of", "off", "ofa", "in", " ", "\n",
             "  ", "Paris", "x", "\u00a0", "\t", "c", "of\n"]
    texts = ["in the city of Paris", "The town of  Kalam", "the village of\nX", "theof x"]
    texts += ["".join(rng.choice(words) + rng.choice(["", " "]) for _ in range(rng.randint(0, 12)))
              for _ in range(3000)]
    hits = 0
    for text in texts:
        for start in range(len(text) + 1):
            want = _TOWN_BEFORE.search(text, max(0, start - 30), start) is not None
            assert _town_before(text, start) == want
            hits += want
    assert hits > 10


@pytest.mark.parametrize("seed", range(20))
def test_packed_arrays_match_np_array(seed: int) -> None:
    from geoevents._ranker import _index_array, float_array

    rng = random.Random(seed)
    pool = [0.0, -0.0, 1.0, -2.5, 1e-310, 1e308, math.inf, -math.inf, math.nan, 3, True,
            rng.uniform(-1e6, 1e6)]
    for size in (0, 1, 2, 7, 35, 840):
        values = [rng.choice(pool) for _ in range(size)]
        got, want = float_array(values), np.array(values, dtype=np.float64)
        assert got.dtype == want.dtype and got.shape == want.shape
        assert got.tobytes() == want.tobytes()  # NaN payloads and -0.0 too
        ints = [rng.randint(-5, 10**12) for _ in range(size)]
        got_i, want_i = _index_array(ints), np.array(ints, dtype=np.intp)
        assert got_i.dtype == want_i.dtype and np.array_equal(got_i, want_i)
        if size:
            got[0] = 1.0  # writable


@pytest.mark.parametrize("seed", range(6))
def test_us_cues_match_the_finditer_count(seed: int) -> None:
    """The split search (capitals by pattern, lower-case cues by str.find) counts as finditer."""
    from geoevents._ranker import _count_cues, us_cues

    rng = random.Random(seed)
    frags = ["Sheriff", "sheriff", "County", "Township", "Parish", "City Council", "city council",
             "city Council", "School Board", "school board", "school Board", "High School",
             "high school", "High school board", "high School Board", "Elementary", "elementary",
             "Board of Education", "board of education", "board of Education", "Public Works",
             "public works", "Police Department", "police department", "123 block of",
             "4 block of", "12 Main St.", "3 Elm Ave.", "5 a.m.", "7 p.m.", "Interstate", "I-95",
             "I-", "Highway 9", "Highway", "Hwy.", "Route 66", "U.S.", "mph", "Republican",
             "Democrat", "GOP", "Congress", "Congressman", "Congresswoman", "Sen.", "Rep.",
             "Gov.", "Ala.", "Calif.", "Wash.", "Wyo.", "Mo.", "Mont.", "Mass", "Ga.", "Pa.",
             "Ky.", "$5", "$", "x", "ab", "_", "9", " ", "\n", ".", ",", "-", "Sx", "\u00e9",
             "\u2019", "\u0663"]
    for _ in range(4000):
        text = "".join(rng.choice(frags) + rng.choice(["", "", " ", "x", "_"])
                       for _ in range(rng.randint(0, 12)))
        assert us_cues(text) == math.log1p(_count_cues(text)), text


@pytest.mark.parametrize("seed", range(20))
def test_other_digit_check_matches_the_pattern(seed: int) -> None:
    """_has_other_digit (the non-ASCII characters alone) finds what _OTHER_DIGIT finds."""
    from geoevents._ranker import _OTHER_DIGIT, _has_other_digit

    rng = random.Random(seed)
    chars = ["a", "Z", "0", "9", " ", "\n", "\u00e9", "\u00b2", "\u00bd", "\u2019", "\u0663",
             "\u06f5", "\u0967", "\uff11", "\u2460", "\U0001d7ce", "\U0001f600", "\ud800",
             "\udcff", "\x00", "\x7f", "\x80", "\u4e00"]
    for _ in range(3000):
        text = "".join(rng.choice(chars) for _ in range(rng.randint(0, 10)))
        assert _has_other_digit(text) == (_OTHER_DIGIT.search(text) is not None), repr(text)
    # every character there is, one at a time
    for code in range(0x110000):
        ch = chr(code)
        if code < 128 or ch.isdecimal():
            assert _has_other_digit(ch) == (_OTHER_DIGIT.search(ch) is not None), hex(code)


@pytest.mark.parametrize("seed", range(20))
def test_set_scores_matches_the_softmax(seed: int) -> None:
    """_set_scores' probabilities, best and top are _softmax's, bit for bit (two scores too)."""
    rng = random.Random(seed)
    pool = [0.0, -0.0, 1.0, 1.0, -2.5, 700.0, -745.0, rng.uniform(-5, 5), rng.uniform(-50, 50)]
    if seed % 3 == 0:
        pool += [math.nan, math.inf, -math.inf]
    for _ in range(300):
        xs = [rng.choice(pool) for _ in range(rng.choice([2, 2, 2, 3, rng.randint(1, 12)]))]
        it = _Item("x", [])
        _set_scores(it, xs)
        probs = _softmax(xs)
        assert repr(it.probs) == repr(probs)
        assert it.best == max(range(len(xs)), key=lambda k: (xs[k], -k)) or not math.isfinite(
            sum(xs))
        if len(xs) > 1 or not math.isfinite(xs[0]):
            assert it.top == sorted(range(len(probs)), key=lambda k: -probs[k])[:5]


@pytest.mark.parametrize("seed", range(60))
def test_heuristic_shortcuts_match_rescoring_every_name_on_random_documents(seed: int) -> None:
    """The heuristic's shortcuts (one-candidate names skipped until the last iteration, their
    near values there in one step per run, their unchanged support kept) change nothing."""
    import copy

    rng = random.Random(seed)
    items = _random_items(rng)
    evidence = tuple(RegionEvidence(0, 5, "Irish", rng.choice(["US", "IE", ""]))
                     for _ in range(rng.randint(0, 2)))
    dateline = rng.sample(["US", "FR"], 1) * (seed % 2)
    runs = []
    for shortcut in (True, False):
        its = [copy.copy(it) for it in items]
        _heuristic(its, DocGeometry(its), evidence, dateline, WEIGHTS, shortcut=shortcut)
        runs.append(repr([(it.scores, it.probs, it.best, it.top) for it in its]))
    assert runs[0] == runs[1]
