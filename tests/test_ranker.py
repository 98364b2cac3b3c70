from __future__ import annotations

import importlib.resources
import json

import numpy as np
import pytest

import geoevents._ranker as ranker
from geoevents import geoparse, resolve_spans
from geoevents._ranker import FEATURES, FORMAT_VERSION, DocGeometry, RankerModel, load_model
from geoevents._resolution import _prepare_spans, _resolve_items


def _weights_file() -> dict:
    text = importlib.resources.files("geoevents").joinpath("_ranker.json").read_text("utf-8")
    return json.loads(text)


def _spans(text: str, *names: str) -> list[tuple[int, int]]:
    return [(text.index(n), text.index(n) + len(n)) for n in names]


def test_weights_ship_with_the_package_and_load() -> None:
    data = _weights_file()
    assert data["format_version"] == FORMAT_VERSION
    assert [f["name"] for f in data["features"]] == list(FEATURES)
    assert data["training"]["split"] == "dev"
    model = load_model()
    assert model is not None
    assert model.weight.shape == model.mean.shape == model.scale.shape == (len(FEATURES),)
    assert np.all(model.scale > 0)


def test_feature_matrices_match_the_feature_list(gazetteer) -> None:
    text = "Flooding hit Paris, Texas, and the roads to Dallas were closed."
    prob = _prepare_spans(text, _spans(text, "Paris", "Texas", "Dallas"), gazetteer)
    _resolve_items(prob.items, prob.evidence, prob.dateline_countries, use_ranker=False)
    geo = DocGeometry(prob.items)
    feats = ranker.document_features(prob.items, geo, prob.evidence, prob.dateline_countries)
    assert len(feats) == len(prob.items)
    for it, x in zip(prob.items, feats, strict=True):
        assert x.shape == (len(it.cands), len(FEATURES))
        assert np.isfinite(x).all()
    paris = feats[prob.wanted[0]]
    cands = prob.items[prob.wanted[0]].cands
    in_texas = [k for k, c in enumerate(cands) if c.place.admin1 == "Texas"]
    assert in_texas, "the gazetteer should know Paris, Texas"
    col = FEATURES.index("qualifier")
    assert paris[in_texas[0], col] == 1.0
    assert paris[:, FEATURES.index("admin1_named")][in_texas[0]] == 1.0


def test_geometry_distances_and_containment(gazetteer) -> None:
    text = "Paris, Texas"
    prob = _prepare_spans(text, _spans(text, "Paris", "Texas"), gazetteer)
    geo = DocGeometry(prob.items)
    assert np.allclose(geo.km, geo.km.T)
    assert np.allclose(np.diag(geo.km), 0.0)
    flat = geo.cands
    texas = next(k for k, c in enumerate(flat) if c.place.kind == "admin1"
                 and c.place.name == "Texas")
    paris_tx = next(k for k, c in enumerate(flat) if c.place.name == "Paris"
                    and c.place.admin1 == "Texas")
    paris_fr = next(k for k, c in enumerate(flat) if c.place.name == "Paris"
                    and c.place.country == "FR")
    assert geo.inside[texas, paris_tx] and not geo.inside[paris_tx, texas]
    assert not geo.inside[texas, paris_fr]
    assert 7000 < geo.km[paris_tx, paris_fr] < 9000


def test_scores_are_deterministic(gazetteer) -> None:
    text = "Officials in Dublin and Athens said Laurens County deputies made arrests."
    a = geoparse(text, gazetteer=gazetteer)
    b = geoparse(text, gazetteer=gazetteer)
    assert [(m.place and m.place.id, m.score) for m in a.mentions] == [
        (m.place and m.place.id, m.score) for m in b.mentions]


@pytest.mark.parametrize(
    ("text", "name", "admin1", "country"),
    [
        ("The sheriff of Paris, Texas, said the county jail was full.", "Paris", "Texas", "US"),
        ("Dublin police said Laurens County sheriff's deputies arrested two men on "
         "Interstate 16 near Macon.", "Dublin", "Georgia", "US"),
        ("The council of Athens, Ga., met on Tuesday.", "Athens", "Georgia", "US"),
        ("Dublin police said two men were arrested in Temple Bar; the Garda in Cork agreed.",
         "Dublin", "Leinster", "IE"),
        ("He flew from Paris to Lyon and Marseille.", "Paris", "Île-de-France", "FR"),
    ],
)
def test_document_context_picks_the_sense(gazetteer, text, name, admin1, country) -> None:
    res = geoparse(text, gazetteer=gazetteer)
    m = next(m for m in res.mentions if m.text == name)
    assert m.place is not None
    assert (m.place.admin1, m.place.country) == (admin1, country)
    (place,) = resolve_spans(text, _spans(text, name), gazetteer=gazetteer)
    assert place is not None and place.country == country


def test_a_hand_made_model_is_applied(gazetteer) -> None:
    """Plumbing: a model that only values the population ranks by population.

    (The heuristic alone takes the state capital, Springfield, Illinois; the most populous
    is Springfield, Missouri.)
    """
    text = "Springfield"
    prob = _prepare_spans(text, _spans(text, "Springfield"), gazetteer)
    only_pop = RankerModel.from_dict({
        "format_version": FORMAT_VERSION,
        "features": [{"name": "log_pop", "weight": 1.0, "mean": 0.0, "scale": 1.0}],
    })
    _resolve_items(prob.items, prob.evidence, prob.dateline_countries, model=only_pop)
    it = prob.items[prob.wanted[0]]
    chosen = it.cands[it.best].place
    assert chosen.population == max(c.place.population for c in it.cands)
    assert abs(sum(it.probs) - 1.0) < 1e-9


def test_missing_features_get_weight_zero() -> None:
    data = _weights_file()
    dropped = data["features"][0]["name"]
    data["features"] = data["features"][1:] + [{"name": "not_a_feature", "weight": 5.0}]
    model = RankerModel.from_dict(data)
    assert model.weight[FEATURES.index(dropped)] == 0.0
    x = np.ones((3, len(FEATURES)))
    assert model.score(x).shape == (3,)


def test_other_format_version_is_rejected() -> None:
    with pytest.raises(ValueError, match="format_version"):
        RankerModel.from_dict({"format_version": FORMAT_VERSION + 1, "features": []})


def test_without_weights_the_heuristic_decides(gazetteer, monkeypatch) -> None:
    monkeypatch.setattr(ranker, "load_model", lambda: None)
    res = geoparse("The sheriff of Paris, Texas, said the jail was full.", gazetteer=gazetteer)
    paris = next(m for m in res.mentions if m.text == "Paris")
    assert paris.place is not None and paris.place.admin1 == "Texas"
    assert 0.0 <= paris.score <= 1.0


def test_us_cues() -> None:
    assert ranker.us_cues("Rockets hit Ashkelon.") == 0.0
    assert ranker.us_cues("The Laurens County sheriff said $5 was taken in Dublin, Ga.") > 1.0


def _inside_reference(flat: list, n: int) -> np.ndarray:
    """DocGeometry._inside as first written (one shared code table), to check the fast one."""
    from collections import defaultdict

    inside = np.zeros((n, n), dtype=np.bool_)
    if n == 0:
        return inside
    by_id: dict[str, list[int]] = defaultdict(list)
    for k, c in enumerate(flat):
        by_id[c.place.id].append(k)
    for k, c in enumerate(flat):
        for parent in c.place.parents:
            for q in by_id.get(parent, ()):
                inside[q, k] = True
    codes: dict[tuple[str, str], int] = {}

    def code(key: tuple[str, str]) -> int:
        return codes.setdefault(key, len(codes))

    country = np.array([code((c.place.country, "")) if c.place.country else -1 for c in flat])
    admin1 = np.array([code((c.place.country, c.place.admin1)) if c.place.admin1 else -2
                       for c in flat])
    is_country = np.array([c.place.kind == "country" for c in flat])
    is_admin1 = np.array([c.place.kind == "admin1" for c in flat])
    if is_country.any():
        qc = np.flatnonzero(is_country)
        inside[qc] |= (country[qc][:, None] == country[None, :]) & ~is_country[None, :]
    if is_admin1.any():
        qa = np.flatnonzero(is_admin1)
        own = np.array([code((flat[int(k)].place.country, flat[int(k)].place.name)) for k in qa])
        inside[qa] |= own[:, None] == admin1[None, :]
    ids = np.array([code(("#id", c.place.id)) for c in flat])
    inside &= ids[:, None] != ids[None, :]
    return inside


@pytest.mark.parametrize("seed", range(40))
def test_containment_matches_the_reference(seed: int) -> None:
    import random

    from geoevents._types import Candidate, Place

    rng = random.Random(seed)
    ids = [f"p{k}" for k in range(12)]
    kinds = ["country", "admin1", "admin2", "city", "region"]
    names = ["Texas", "Georgia", "Paris", "Ohio", ""]
    flat = []
    for _ in range(rng.randint(0, 25)):
        place = Place(id=rng.choice(ids), name=rng.choice(names), lat=rng.uniform(-60, 60),
                      lon=rng.uniform(-170, 170), kind=rng.choice(kinds),
                      country=rng.choice(["US", "FR", "GE", ""]),
                      admin1=rng.choice(["Texas", "Georgia", "Ohio", ""]),
                      parents=tuple(rng.sample(ids, rng.randint(0, 3))))
        flat.append(Candidate(place, 0.5, "exact", place.name))
    got = DocGeometry._inside(flat, len(flat))
    assert np.array_equal(got, _inside_reference(flat, len(flat)))


_HEURISTIC_TEXTS = [
    "Flooding hit Paris, Texas, and the roads to Dallas were closed. Houston and Austin "
    "stayed dry; Paris, France, sent condolences.",
    "Rockets were fired at Ashkelon and Ashdod from Gaza. Israel struck Khan Younis and Rafah; "
    "Egypt opened the crossing.",
    "Officials in Springfield, Illinois, met counterparts from Springfield, Missouri, and "
    "from Columbia, Georgia, Athens and Rome.",
    "Cases were reported in Guinea, Sierra Leone, Liberia and Nigeria, and in Dallas, Madrid "
    "and Lagos. Conakry and Freetown closed schools.",
    "Georgia and Armenia met in Tbilisi; Georgia's governor was in Atlanta.",
]


def _heuristic_both_ways(gazetteer, text: str) -> list[int]:
    """Run the heuristic with and without its shortcut; check they agree; candidate counts."""
    from geoevents._resolution import WEIGHTS, _heuristic

    spans = [(m.start, m.end) for m in geoparse(text, gazetteer=gazetteer).mentions]
    assert spans
    runs = []
    for shortcut in (True, False):
        prob = _prepare_spans(text, spans, gazetteer)
        _heuristic(prob.items, DocGeometry(prob.items), prob.evidence,
                   prob.dateline_countries, WEIGHTS, shortcut=shortcut)
        runs.append([(it.scores, it.probs, it.best, it.top) for it in prob.items])
    assert runs[0] == runs[1]
    return [len(it.cands) for it in prob.items]


@pytest.mark.parametrize("text", _HEURISTIC_TEXTS)
def test_heuristic_shortcut_matches_rescoring_every_name(gazetteer, text: str) -> None:
    _heuristic_both_ways(gazetteer, text)


def test_heuristic_shortcut_texts_have_single_and_ambiguous_names(gazetteer) -> None:
    sizes = [n for text in _HEURISTIC_TEXTS for n in _heuristic_both_ways(gazetteer, text)]
    assert 1 in sizes and max(sizes) > 1


def _sin_is_odd() -> bool:
    x = np.random.default_rng(5).uniform(-4.0, 4.0, 100_000)
    return bool(np.array_equal(np.sin(-x), -np.sin(x)))


def _same_km(a: np.ndarray, b: np.ndarray) -> bool:
    """Bit for bit where sine is odd (as _pair_km_triangle's docstring says); else close."""
    if _sin_is_odd():
        return a.tobytes() == b.tobytes()
    return bool(np.allclose(a, b, rtol=1e-12, atol=1e-9))


def test_pair_km_from_the_upper_triangle_matches_every_pair() -> None:
    """_pair_km_triangle (the pairs i < j, mirrored) gives _pair_km's values, symmetric."""
    rng = np.random.default_rng(11)
    specials = [0.0, -0.0, 90.0, -90.0, 180.0, -180.0, 1e-300, -1e-300, 45.0]
    for trial in range(400):
        n = int(rng.integers(2, 80))
        lat = [float(v) for v in rng.uniform(-90.0, 90.0, n)]
        lon = [float(v) for v in rng.uniform(-180.0, 180.0, n)]
        if trial % 2:  # close places, as one document's candidates often are
            lat = [40.0 + v / 100 for v in lat]
            lon = [-90.0 + v / 100 for v in lon]
        for k in range(n):
            r = rng.random()
            if r < 0.15:  # the same point twice
                lat[k], lon[k] = lat[0], lon[0]
            elif r < 0.3:
                lat[k] = specials[int(rng.integers(len(specials)))] % 90.0
                lon[k] = specials[int(rng.integers(len(specials)))]
        coords = [*lat, *lon]
        got = ranker._pair_km_triangle(coords, n)
        assert np.array_equal(got, got.T)
        assert _same_km(got, ranker._pair_km(coords, n))


def test_geometry_takes_every_pair_with_coordinates_that_are_not_finite(gazetteer) -> None:
    text = "Paris, Texas"
    prob = _prepare_spans(text, _spans(text, "Paris", "Texas"), gazetteer)
    flat = [c.place for it in prob.items for c in it.cands]
    coords = [*[p.lat for p in flat], *[p.lon for p in flat]]
    assert _same_km(DocGeometry(prob.items).km, ranker._pair_km(coords, len(flat)))
    coords[0] = float("nan")
    got = ranker._pair_km(coords, len(flat))
    assert np.isnan(got[0]).all() and np.isnan(got[:, 0]).all()


def test_upper_pairs_are_the_pairs_above_the_diagonal_at_every_size() -> None:
    """_upper_pairs (remembered per size, a prefix of the pairs of more points, or made
    afresh past the bound) lists each pair i < j once, with its flat and stacked indexes."""
    for n in [*range(2, 70), 64, 200, 65, 130, 129, 360, 361, 3, 400]:
        i, j, flat, first, second = ranker._upper_pairs(n)
        assert sorted(zip(i.tolist(), j.tolist(), strict=True)) == \
            sorted(zip(*(v.tolist() for v in np.triu_indices(n, 1)), strict=True))
        assert flat.tolist() == (i * n + j).tolist()
        assert first.tolist() == [*i.tolist(), *(i + n).tolist()]
        assert second.tolist() == [*j.tolist(), *(j + n).tolist()]


def test_inside_of_places_none_of_which_contains_another(gazetteer) -> None:
    """No containment at all: _inside returns the zeros it starts from."""
    text = "Paris and Dallas"
    prob = _prepare_spans(text, _spans(text, "Paris", "Dallas"), gazetteer)
    flat = [c for it in prob.items for c in it.cands if c.place.kind == "city"]
    got = DocGeometry._inside(flat, len(flat))
    assert got.shape == (len(flat), len(flat)) and not got.any()


def test_update_support_writes_the_block_as_element_by_element(gazetteer) -> None:
    """update_support's one-step write (contiguous float64) and its fallback (any other
    array) give what zeroing the block and writing each top value gives."""
    text = "Officials in Springfield, Illinois, met counterparts from Springfield, Missouri."
    prob = _prepare_spans(text, _spans(text, "Springfield", "Illinois", "Missouri"), gazetteer)
    _resolve_items(prob.items, prob.evidence, prob.dateline_countries, use_ranker=False)
    geo = DocGeometry(prob.items)
    rng = np.random.default_rng(2)
    for _ in range(20):
        for i, it in enumerate(prob.items):
            if not it.cands:
                continue
            base = rng.uniform(0.0, 1.0, geo.n)
            want = base.copy()
            want[geo.starts[i]: geo.ends[i]] = 0.0
            for k in it.top:
                want[geo.starts[i] + k] = it.probs[k] * it.weight
            got = base.copy()
            geo.update_support(got, i, it)
            assert got.tobytes() == want.tobytes()
            wide = np.zeros(2 * geo.n)
            wide[::2] = base
            strided = wide[::2]  # not contiguous: element by element
            geo.update_support(strided, i, it)
            assert strided.tobytes() == want.tobytes()
