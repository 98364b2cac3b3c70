"""Merging: one record per real-world event, however many articles report it.

Two reports are the same event when all of these hold:

- **type**: the same ACLED event type, or (types differ) they share a non-trivial figure
  ("26 killed" in both) -- wire stories describe one exchange of fire as strikes in one
  paragraph and a clash in another;
- **place**: the same place, one inside the other (Gaza inside the Gaza Strip), or points
  within a distance that grows with the worse geo precision;
- **date**: the date windows overlap once widened by their precision (1 day, 3 days, a month);
  an undated report is compatible with any date and takes the dated one's;
- **figures**: every figure both report agrees within a tolerance (122 vs 125 wounded agree;
  26 vs 9 killed do not), and cumulative totals only ever merge with cumulative totals.

Merged figures keep the range (low = lowest, high = highest) with the conservative best (the
lowest best, as ACLED codes conflicting reports); every source and evidence sentence is kept,
and ``notes`` records why the records were merged. The procedure is deterministic: events are
visited in a fixed order and each joins the most similar compatible cluster.
"""

from __future__ import annotations

import hashlib
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from datetime import date, timedelta

from ._events import _PRIORITY, COUNT_KINDS, Count, Event
from ._gazetteer import haversine_km

__all__ = ["merge_events", "compatible"]

_SLACK_DAYS = {1: 1, 2: 3, 3: 31}
_PLACE_KM = {1: 15.0, 2: 30.0, 3: 120.0}


def _window(ev: Event) -> tuple[date, date] | None:
    if ev.date_start is None:
        return None
    end = ev.date_end or ev.date_start
    slack = timedelta(days=_SLACK_DAYS.get(ev.time_precision or 2, 3))
    return ev.date_start - slack, end + slack


def _place_ok(a: Event, b: Event) -> str | None:
    """Why the places are compatible, or None."""
    if a.place is None or b.place is None:
        return "no place" if a.place is None and b.place is None else None
    pa, pb = a.place, b.place
    if pa.id == pb.id and a.place_name == b.place_name:
        return f"same place {a.place_name}"
    if pa.id in pb.parents or pb.id in pa.parents:
        if pa.kind == "country" or pb.kind == "country":
            return None  # "Israel" (country-level) stays apart from "Ashkelon"
        return f"{a.place_name} / {b.place_name} (one inside the other)"
    if a.lat is None or a.lon is None or b.lat is None or b.lon is None:
        return None
    km = haversine_km(a.lat, a.lon, b.lat, b.lon)
    if km <= _PLACE_KM[max(a.geo_precision, b.geo_precision)] and \
            min(a.geo_precision, b.geo_precision) >= 2 or km <= 3.0:
        return f"{a.place_name} / {b.place_name} {km:.0f} km apart"
    return None


def _figure_ok(x: Count, y: Count) -> bool:
    lo, hi = sorted((x.best, y.best))
    if hi == lo:
        return True
    if x.high is None and x.best <= y.best or y.high is None and y.best <= x.best:
        # "at least 26" agrees with 28 reported elsewhere
        return hi <= lo * 1.25 + 2
    return hi - lo <= 2 and lo > 0 or hi <= lo * 1.3


class _Facts:
    """What the merge compares of one report, computed once.

    Its date window as ordinals, its figures by kind (the first of a kind, as
    :meth:`Event.count` gives), whether it reports any figure above zero, and what its
    place is compared by.
    """

    __slots__ = ("ev", "win", "counts", "has", "where")

    def __init__(self, ev: Event) -> None:
        self.ev = ev
        # everything _place_ok reads (the place by identity: the events keep it alive)
        self.where = (id(ev.place) if ev.place is not None else 0, ev.place_name, ev.lat,
                      ev.lon, ev.geo_precision)
        w = _window(ev)
        self.win = None if w is None else (w[0].toordinal(), w[1].toordinal())
        counts: dict[str, Count] = {}
        for kind, c in ev.counts:
            counts.setdefault(kind, c)
        self.counts = counts
        self.has = any(c.best > 0 for _, c in ev.counts)


def _figures_ok(a: _Facts, b: _Facts) -> tuple[bool, list[str], list[str]]:
    """(no figure conflicts, kinds both report, kinds with the same value)."""
    common: list[str] = []
    shared: list[str] = []
    ca, cb = a.counts, b.counts
    if not ca or not cb:
        return True, common, shared
    for kind in COUNT_KINDS:
        x, y = ca.get(kind), cb.get(kind)
        if x is None or y is None:
            continue
        if not _figure_ok(x, y):
            return False, [], []
        if x.best == 0 and y.best == 0:
            continue  # "no casualties" in both says nothing about sameness
        common.append(kind)
        if x.best == y.best and x.best >= 2:
            shared.append(f"{kind} {x.best}")
    return True, common, shared


def _dates_clash(a: _Facts, b: _Facts) -> bool:
    wa, wb = a.win, b.win
    return wa is not None and wb is not None and not (wa[0] <= wb[1] and wb[0] <= wa[1])


#: _place_ok's answers within one merge, by the two reports' ``_Facts.where``.
_Memo = dict[tuple[object, object], "str | None"]


def _places(a: _Facts, b: _Facts, memo: _Memo | None) -> str | None:
    """:func:`_place_ok`, remembered: one merge compares the same few places many times."""
    if memo is None:
        return _place_ok(a.ev, b.ev)
    key = (a.where, b.where)
    try:
        return memo[key]
    except KeyError:
        if len(memo) >= 100_000:
            memo.clear()
        where = memo[key] = _place_ok(a.ev, b.ev)
        return where


def _clash(a: _Facts, b: _Facts, memo: _Memo | None = None) -> bool:
    """Whether two reports cannot be the same event (checked for every member of a cluster)."""
    if a.ev.cumulative != b.ev.cumulative or _dates_clash(a, b) or \
            _places(a, b, memo) is None:
        return True
    return not _figures_ok(a, b)[0]


def _why(fa: _Facts, fb: _Facts, memo: _Memo | None = None) -> str | None:
    """:func:`compatible` on reports' facts."""
    a, b = fa.ev, fb.ev
    if a.cumulative != b.cumulative or _dates_clash(fa, fb):
        return None
    where = _places(fa, fb, memo)
    if where is None:
        return None
    ok, common, shared = _figures_ok(fa, fb)
    if not ok:
        return None
    if fa.has or fb.has:
        if not common:
            return None
    else:
        if a.category != b.category or not where.startswith("same place"):
            return None
        if (a.date_start is None) != (b.date_start is None):
            return None
    same_type = a.event_type == b.event_type or a.event_type is None or b.event_type is None
    if not same_type and not shared:
        return None
    why = [where]
    why.append(f"type {a.event_type or b.event_type or a.category}" if same_type else
               f"types differ but figures agree ({', '.join(shared)})")
    if shared:
        why.append("figures agree: " + ", ".join(shared))
    elif common:
        why.append("figures compatible: " + ", ".join(common))
    if a.date_start and b.date_start:
        why.append("dates overlap")
    elif a.date_start or b.date_start:
        why.append("one report undated")
    return "; ".join(why)


def compatible(a: Event, b: Event) -> str | None:
    """Why ``a`` and ``b`` report the same event, or None when they do not.

    Reports with figures need at least one figure in common that agrees (122 and 125
    wounded); reports without figures need the same category and the same place; an
    undated report joins a dated one only through an agreeing figure.
    """
    return _why(_Facts(a), _Facts(b))


def _merge_counts(counts: Sequence[Count]) -> Count:
    best = min(c.best for c in counts)
    lows = [c.low if c.low is not None else c.best for c in counts]
    highs = [c.high for c in counts]
    high = None if any(h is None for h in highs) else max(h for h in highs if h is not None)
    if high is not None:
        high = max(high, max(c.best for c in counts))
    qual = Counter(c.qualifier for c in counts if c.best == best).most_common(1)[0][0]
    return Count(best, min(lows), high, qual, " / ".join(dict.fromkeys(c.text for c in counts)))


def _combine(members: Sequence[Event], reasons: Sequence[str]) -> Event:
    if len(members) == 1:
        return members[0]
    # the place: the most precise; among equals the most reported, then the more general
    by_place = Counter(m.place.id for m in members if m.place is not None)

    def place_key(m: Event) -> tuple[int, int, int, str]:
        rank = 0 if m.place is None else -by_place[m.place.id]
        return (m.place is None, m.geo_precision if "place from" not in " ".join(m.notes)
                else 4, rank, m.id)

    lead = min(members, key=place_key)
    cats = Counter(m.category for m in members if m.category != "casualties") or \
        Counter(m.category for m in members)
    category = min(cats, key=lambda c: (-cats[c], _PRIORITY.get(c, 99), c))
    typed = next(m for m in members if m.category == category)
    dated = [m for m in members if m.date_start is not None]
    notes: list[str] = []
    if dated:
        best_t = min(dated, key=lambda m: (m.time_precision or 3,
                                           (m.date_end or m.date_start or date.min)
                                           - (m.date_start or date.min)))
        d0, d1, tp = best_t.date_start, best_t.date_end, best_t.time_precision
        if len(dated) < len(members):
            undated = sorted({s for m in members if m.date_start is None for s in m.source_ids})
            notes.append(f"date taken from {', '.join(best_t.source_ids)} for undated "
                         f"report(s) {', '.join(undated)}")
    else:
        d0 = d1 = None
        tp = None
    counts = []
    for kind in COUNT_KINDS:
        cs = [c for m in members if (c := m.count(kind)) is not None]
        if cs:
            counts.append((kind, _merge_counts(cs)))
    bd: dict[str, list[Count]] = defaultdict(list)
    for m in members:
        for k, c in m.breakdown:
            bd[k].append(c)

    def union(attr: str) -> tuple[str, ...]:
        return tuple(dict.fromkeys(x for m in members for x in getattr(m, attr)))

    sources = tuple(dict.fromkeys(s for m in members for s in m.source_ids))
    key = "\x00".join(sorted(m.id for m in members))
    notes.extend(f"merged: {r}" for r in reasons)
    notes.extend(n for n in union("notes") if not n.startswith("merged"))
    return Event(
        id="ev-" + hashlib.sha1(key.encode()).hexdigest()[:12],
        category=category, event_type=typed.event_type, sub_event_type=typed.sub_event_type,
        lat=lead.lat, lon=lead.lon, place=lead.place, place_name=lead.place_name,
        geo_precision=lead.geo_precision,
        date_start=d0, date_end=d1, time_precision=tp,
        counts=tuple(counts),
        breakdown=tuple((k, _merge_counts(v)) for k, v in sorted(bd.items())),
        cumulative=members[0].cumulative,
        actors=union("actors"), victims=union("victims"), claimed_by=union("claimed_by"),
        targets=union("targets"),
        evidence=tuple(dict.fromkeys(x for m in members for x in m.evidence)),
        source_ids=sources, notes=tuple(dict.fromkeys(notes)),
    )


def _order(ev: Event) -> tuple[object, ...]:
    return (ev.date_start is None, ev.date_start or date.min, ev.geo_precision,
            ev.evidence[0].doc_id if ev.evidence else "", ev.evidence[0].start if ev.evidence
            else 0, ev.id)


def merge_events(events: Iterable[Event]) -> list[Event]:
    """Merge reports of the same event (within and across articles).

    Parameters
    ----------
    events : iterable of Event
        Events from :func:`geoevents.extract_events`, any number of articles.

    Returns
    -------
    list of Event
        One event per cluster, with every source, its evidence, figure ranges and a note of
        why reports were merged; sorted by date, place and id. Same input (in any order) ->
        same output.
    """
    pool = [_Facts(ev) for ev in sorted(events, key=_order)]
    clusters: list[list[_Facts]] = []
    reasons: list[list[str]] = []
    summaries: list[_Facts] = []
    by_country: dict[str, list[int]] = defaultdict(list)
    memo: _Memo = {}
    # Dated reports come first, in date order. Every member of a cluster must be date-compatible
    # with a newcomer, so its first member's widened window must overlap the newcomer's: the
    # clusters worth comparing are found through the days that window covers, and the cost
    # stays linear in the number of reports for a year of news instead of quadratic.
    by_day: dict[tuple[str, int], list[int]] = defaultdict(list)
    for fe in pool:
        ev = fe.ev
        win = fe.win
        country = ev.country
        if win is None:
            candidates: Iterable[int] = by_country[country]
        else:
            found: set[int] = set()
            for day in range(win[0], win[1] + 1):
                found.update(by_day.get((country, day), ()))
            candidates = sorted(found)
        best: tuple[int, int] | None = None
        best_why = ""
        for ci in candidates:
            summary = summaries[ci]
            why = _why(summary, fe, memo)
            if why is None:
                continue
            # no member may contradict it, not only the running summary
            if any(_clash(m, fe, memo) for m in clusters[ci]):
                continue
            score = why.count("figures agree") * 2 + ("same place" in why) + \
                (summary.ev.category == ev.category)
            if best is None or score > best[0]:
                best, best_why = (score, ci), why
        if best is None:
            clusters.append([fe])
            reasons.append([])
            summaries.append(fe)
            ci = len(clusters) - 1
            by_country[country].append(ci)
            if win is not None:
                for day in range(win[0], win[1] + 1):
                    by_day[(country, day)].append(ci)
        else:
            ci = best[1]
            clusters[ci].append(fe)
            reasons[ci].append(best_why)
            summaries[ci] = _Facts(_combine([m.ev for m in clusters[ci]], reasons[ci]))
    out = [_combine([m.ev for m in c], r) for c, r in zip(clusters, reasons, strict=True)]
    return sorted(out, key=lambda e: (e.date_start is None, e.date_start or date.min,
                                      e.place_name, e.id))
