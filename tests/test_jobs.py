"""Worker processes on this machine: ``iter_process(..., jobs=N)``, ``process(..., jobs=N)``
and ``--jobs``, with the output of one process.

The pool starts fresh (spawned) processes, which cost about a second each to start, so the
tests share few inputs and cut them into small partitions to use both workers.
"""

from __future__ import annotations

import multiprocessing
import os
from pathlib import Path
from unittest import mock

import pytest
from click.testing import CliRunner

import geoevents
from geoevents import _distributed
from geoevents._cli import cli
from geoevents._pipeline import resolve_jobs

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"
LAYERS = ("events.geojson", "mentions.geojson", "places.geojson", "map.html")


@pytest.fixture
def small_parts(monkeypatch) -> None:
    monkeypatch.setattr(_distributed, "POOL_PARTITION", 2)


def _label(item: geoevents.DocumentResult | geoevents.DocumentError) -> str:
    return item.doc_id if isinstance(item, geoevents.DocumentResult) else f"error {item}"


def _files(result: geoevents.Result, out: Path) -> dict[str, bytes]:
    result.to_geojson(out)
    result.to_map(out / "map.html")
    return {name: (out / name).read_bytes() for name in LAYERS}


def test_every_kind_of_input_gives_the_single_process_result(gazetteer, corpus, tmp_path,
                                                             small_parts) -> None:
    d = tmp_path / "dir"
    d.mkdir()
    (d / "a.txt").write_text("Strikes hit Rafah on Tuesday.")
    (d / "empty.txt").write_text("")
    (d / "rows.csv").write_text("id,text\nr1,Rockets hit Sderot.\nr2,\n")
    inputs = [
        geoevents.Document("doc-1", "Clashes erupted in Jenin.", published="2022-01-03"),
        "Rockets hit Ashkelon on Monday.",
        corpus, d, str(d / "*.txt"), str(tmp_path / "nothing-*.txt"),
        tmp_path / "missing.txt", SEEDS,
    ]
    one = list(geoevents.iter_process(inputs, published="2021-05-11", max_bytes=6000))
    seen_workers = 0
    two = []
    for item in geoevents.iter_process(inputs, published="2021-05-11", max_bytes=6000,
                                       jobs=2):
        seen_workers = max(seen_workers, len(multiprocessing.active_children()))
        two.append(item)
    assert seen_workers == 2  # the documents ran in two other processes
    assert [_label(x) for x in two] == [_label(x) for x in one]
    assert sum(isinstance(x, geoevents.DocumentError) for x in two) == 7
    for a, b in zip(one, two, strict=True):
        assert repr(a) == repr(b)
    assert not multiprocessing.active_children()  # the pool is shut down at the end


@pytest.mark.parametrize("size", [1, 3, 16])
def test_process_with_jobs_writes_the_same_files(gazetteer, corpus, tmp_path, monkeypatch,
                                                 size) -> None:
    monkeypatch.setattr(_distributed, "POOL_PARTITION", size)
    one = geoevents.process([corpus, SEEDS], max_bytes=6000)
    two = geoevents.process([corpus, SEEDS], max_bytes=6000, jobs=2)
    assert one.documents == two.documents and len(two.documents) == 11
    assert [str(e) for e in one.failures] == [str(e) for e in two.failures]
    assert len(two.event_records) > 0
    assert _files(one, tmp_path / "one") == _files(two, tmp_path / "two")


@pytest.mark.parametrize("lines", [True, False])
def test_workers_can_send_the_share_a_spooled_result_keeps(gazetteer, corpus, small_parts,
                                                           lines) -> None:
    """What ``geoevents run --jobs`` asks of the workers: the DocumentShare of each document."""
    from geoevents._export import DocumentShare

    one = [DocumentShare.of(x, lines=lines)
           if isinstance(x, geoevents.DocumentResult) else x
           for x in geoevents.iter_process([corpus, SEEDS], max_bytes=6000)]
    two = list(_distributed._pool_items([corpus, SEEDS], published=None, gazetteer=None,
                                        max_bytes=6000, jobs=2, share=True, lines=lines))
    assert sum(isinstance(x, DocumentShare) for x in two) == 11
    assert [x if isinstance(x, DocumentShare) else str(x) for x in two] == \
        [x if isinstance(x, DocumentShare) else str(x) for x in one]
    assert all((x.lines is None) != lines for x in two if isinstance(x, DocumentShare))
    assert not multiprocessing.active_children()


def test_spooled_result_from_inputs_with_jobs(gazetteer, corpus, tmp_path,
                                              small_parts) -> None:
    """The library's way to what ``geoevents run --jobs`` does: the files of one process."""
    from geoevents import SpooledResult

    full = geoevents.process([corpus, SEEDS], max_bytes=6000)
    with SpooledResult.from_inputs([corpus, SEEDS], max_bytes=6000, jobs=2) as two, \
            SpooledResult.from_inputs([corpus, SEEDS], max_bytes=6000) as one:
        assert two.documents == one.documents == full.documents
        assert [str(e) for e in two.failures] == [str(e) for e in full.failures]
        for name, res in (("full", full), ("one", one), ("two", two)):
            res.to_geojson(tmp_path / name)
        for layer in ("events", "mentions", "places"):
            data = {(tmp_path / n / f"{layer}.geojson").read_bytes() for n in ("full", "one",
                                                                               "two")}
            assert len(data) == 1, layer
    lean = SpooledResult.from_inputs([corpus, SEEDS], max_bytes=6000, jobs=2, mentions=False)
    assert lean.event_records == full.event_records and lean.n_places == full.n_places
    # each partition came with its own copies of its places: one object per place is kept
    places = [e.place for e in lean.event_records if e.place is not None]
    assert len({id(p) for p in places}) == len({p.id for p in places}) < len(places)
    with pytest.raises(geoevents.InputError, match="jobs must be a positive int"):
        SpooledResult.from_inputs(SEEDS, jobs=0)

    def fail_after_one(items, failures, by_doc) -> None:
        next(iter(items))  # the workers are running now
        assert multiprocessing.active_children()
        raise geoevents.InputError("stopped")

    with pytest.raises(geoevents.InputError, match="stopped"), \
            mock.patch.object(geoevents.SpooledResult, "_collect", side_effect=fail_after_one):
        SpooledResult.from_inputs([corpus, SEEDS], jobs=2)
    assert not multiprocessing.active_children()  # stopped with the failed collection


def test_a_gazetteer_by_path_goes_to_the_workers(gazetteer, tmp_path, small_parts) -> None:
    other = geoevents.Gazetteer(gazetteer.path)  # not the default object: opened by path
    one = geoevents.process(SEEDS, gazetteer=other)
    two = geoevents.process(SEEDS, gazetteer=other, jobs=2)
    assert _files(one, tmp_path / "one") == _files(two, tmp_path / "two")


def test_closing_early_stops_the_workers(gazetteer, corpus, small_parts) -> None:
    items = geoevents.iter_process([corpus, SEEDS, corpus], jobs=2)
    first = next(items)
    assert isinstance(first, geoevents.DocumentResult)
    items.close()
    assert not multiprocessing.active_children()


@pytest.mark.parametrize("jobs", [0, -1, True, 1.5, "2"])
def test_bad_jobs(jobs) -> None:
    with pytest.raises(geoevents.InputError, match="jobs must be a positive int or None"):
        list(geoevents.iter_process(["Rockets hit Ashkelon."], jobs=jobs))


def test_jobs_none_is_one_per_usable_cpu() -> None:
    expected = (len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity")
                else os.cpu_count())
    assert resolve_jobs(None) == expected
    assert resolve_jobs(3) == 3


def test_a_bad_input_is_reported_and_the_pool_shut_down(gazetteer) -> None:
    with pytest.raises(geoevents.InputError, match=r"got 42 \(int\)"):
        list(geoevents.iter_process(["Rockets hit Ashkelon.", 42], jobs=2))
    assert not multiprocessing.active_children()


class _ExitOnArrival(str):
    """A date string that ends the process that unpickles it: a worker dies on its task."""

    def __reduce__(self):  # type: ignore[override]
        return (os._exit, (3,))


def test_a_dead_worker_is_a_clear_error(gazetteer) -> None:
    with pytest.raises(geoevents.GeoeventsError, match="worker process died"):
        list(geoevents.iter_process(["Rockets hit Ashkelon."], jobs=2,
                                    published=_ExitOnArrival("2021-05-11")))
    assert not multiprocessing.active_children()


# --- command line ----------------------------------------------------------------------------
@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


def test_cli_jobs_writes_the_same_files(gazetteer, runner, corpus, tmp_path,
                                        small_parts) -> None:
    one, two = tmp_path / "one", tmp_path / "two"
    args = ["run", str(corpus), str(SEEDS), "--max-bytes", "6kB", "-f", "geojson,csv"]
    first = runner.invoke(cli, [*args, "-o", str(one)])
    res = runner.invoke(cli, [*args, "-o", str(two), "--jobs", "2"])
    assert res.exit_code == first.exit_code == 1  # the bad line and the big one
    assert res.stderr == first.stderr
    files = sorted(p.name for p in one.iterdir())
    assert "events.csv" in files and "map.html" in files
    for name in files:
        assert (one / name).read_bytes() == (two / name).read_bytes(), name


def test_cli_jobs_auto_and_strict(gazetteer, runner, corpus, tmp_path, small_parts) -> None:
    res = runner.invoke(cli, ["extract", str(SEEDS), "--json", "-j", "auto"])
    assert res.exit_code == 0, res.output
    assert res.stdout == runner.invoke(cli, ["extract", str(SEEDS), "--json"]).stdout
    res = runner.invoke(cli, ["run", str(corpus), "-o", str(tmp_path / "out"), "--strict",
                              "-j", "2"])
    assert res.exit_code == 1
    assert res.stderr.count("geoevents: error:") == 1
    assert not (tmp_path / "out" / "events.geojson").exists()
    assert not multiprocessing.active_children()


@pytest.mark.parametrize(("args", "message"), [
    (["--jobs", "0"], "'0' is not a number of processes; give a positive integer or auto"),
    (["-j", "many"], "'many' is not a number of processes"),
    (["-j", "2", "--dask=tcp://x:8786"], "runs worker processes on this machine, without Dask"),
])
def test_cli_jobs_usage_errors(runner, tmp_path, args, message) -> None:
    res = runner.invoke(cli, ["run", "-o", str(tmp_path), *args, str(SEEDS)])
    assert res.exit_code == 2
    assert message in " ".join(res.stderr.split())
