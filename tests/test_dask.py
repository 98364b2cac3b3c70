"""The Dask backend: process_dask / iter_process_dask and ``--dask``, same output as one process.

One LocalCluster (two worker processes, one thread each) serves the module; the tests that
need it skip when dask[distributed] is not installed. Planning (JSON Lines byte ranges,
partitions) is tested without a cluster.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

import geoevents
from geoevents import _distributed
from geoevents._cli import cli
from geoevents._distributed import (
    _Job,
    _line_ranges,
    _Lines,
    _partition_size,
    _partitions,
    _run_partition,
    _sources,
)
from geoevents._documents import MAX_BYTES, Document, read_documents

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"
LAYERS = ("events.geojson", "mentions.geojson", "places.geojson", "map.html")


@pytest.fixture(scope="module")
def client():
    distributed = pytest.importorskip("distributed", reason="needs geoevents[dask]")
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                  dashboard_address=":0") as cluster, \
            distributed.Client(cluster, set_as_default=False) as cl:
        yield cl


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


def _files(result: geoevents.Result, out: Path) -> dict[str, bytes]:
    result.to_geojson(out)
    result.to_map(out / "map.html")
    return {name: (out / name).read_bytes() for name in LAYERS}


def _same(a: geoevents.Result, b: geoevents.Result, tmp_path: Path) -> None:
    assert a.documents == b.documents
    assert [str(e) for e in a.failures] == [str(e) for e in b.failures]
    assert _files(a, tmp_path / "one") == _files(b, tmp_path / "dask")


# --- library ---------------------------------------------------------------------------------
def test_import_geoevents_does_not_import_dask() -> None:
    code = ("import sys, geoevents; geoevents.process_dask; "
            "print([m for m in ('dask', 'distributed') if m in sys.modules])")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True)
    assert out.stdout.strip() == "[]"


def test_seeds_on_two_workers_give_the_single_process_files(client, gazetteer,
                                                            tmp_path) -> None:
    from distributed import get_task_stream

    with get_task_stream(client) as stream:
        res = geoevents.process_dask(SEEDS, client=client, partition_size=1)
    ran_on = {t["worker"] for t in stream.data if "geoevents-partition" in str(t["key"])}
    assert len(ran_on) == 2  # five one-document partitions, both workers used
    assert len(res.documents) == 5 and not res.failures
    _same(geoevents.process(SEEDS), res, tmp_path)


@pytest.mark.parametrize("partition_size", [1, 2, 3, None])
def test_jsonl_cut_into_ranges_gives_the_single_process_result(client, gazetteer, corpus,
                                                              tmp_path, partition_size) -> None:
    one = geoevents.process(corpus, max_bytes=6000)
    res = geoevents.process_dask(corpus, client=client, max_bytes=6000,
                                 partition_size=partition_size)
    # default ids carry the line number, so the ranges must number their lines right
    assert {"feed-5", "feed-6", "feed-9"} < set(res.documents) and len(res.documents) == 6
    assert [str(e) for e in res.failures] == [
        f"{corpus}:4: is not valid JSON (Expecting property name enclosed in double quotes "
        "at column 2)",
        f"{corpus}:8: text is over the limit of 6,000 bytes"]
    assert len(res.event_records) > 0
    _same(one, res, tmp_path / str(partition_size))


def test_every_kind_of_input(client, gazetteer, corpus, tmp_path) -> None:
    d = tmp_path / "dir"
    d.mkdir()
    (d / "a.txt").write_text("Strikes hit Rafah on Tuesday.")
    (d / "empty.txt").write_text("")
    (d / "feed.jsonl").write_bytes(corpus.read_bytes())
    (d / "rows.csv").write_text("id,text\nr1,Rockets hit Sderot.\nr2,\n")
    inputs = [
        Document("doc-1", "Clashes erupted in Jenin.", published="2022-01-03"),
        "Rockets hit Ashkelon on Monday.",
        d, str(d / "*.txt"), str(tmp_path / "nothing-*.txt"), tmp_path / "missing.txt",
        tmp_path / "no-articles",
    ]
    (tmp_path / "no-articles").mkdir()
    one = geoevents.process(inputs, published="2021-05-11")
    res = geoevents.process_dask(inputs, client=client, published="2021-05-11",
                                 partition_size=2)
    assert len(res.failures) == 7
    assert "nothing-*.txt: matches no files (a glob pattern)" in str(res.failures[-3])
    _same(one, res, tmp_path)


def test_odd_jsonl_files(client, gazetteer, tmp_path) -> None:
    lines = [json.dumps({"text": f"Strikes hit Rafah on day {i}."}) for i in range(5)]
    (tmp_path / "bom.jsonl").write_bytes(b"\xef\xbb\xbf" + "\n".join(lines).encode())
    (tmp_path / "utf16.jsonl").write_text("\n".join(lines), encoding="utf-16")
    (tmp_path / "crlf.jsonl").write_bytes("\r\n".join(lines).encode() + b"\r\n\r\n")
    long = [*lines[:2], json.dumps({"text": "Gaza. " * 3000}), *lines[2:]]
    (tmp_path / "long.jsonl").write_text("\n".join(long))
    (tmp_path / "page.html").write_text("<html><body><p>Clashes in Jenin.</p></body></html>")
    one = geoevents.process(tmp_path, max_bytes=1000)
    res = geoevents.process_dask(tmp_path, client=client, max_bytes=1000, partition_size=2)
    assert len(res.documents) >= 15  # 5 per UTF-8 file, the page
    assert [e.source for e in res.failures] == [f"{tmp_path / 'long.jsonl'}:3",
                                                str(tmp_path / "utf16.jsonl")]
    _same(one, res, tmp_path)


def test_a_gazetteer_by_path_is_opened_once_per_worker(client, gazetteer, tmp_path) -> None:
    from distributed import get_task_stream

    with get_task_stream(client) as stream:
        res = geoevents.process_dask(SEEDS, client=client, gazetteer=gazetteer,
                                     partition_size=1)
    _same(geoevents.process(SEEDS, gazetteer=gazetteer), res, tmp_path)
    ran_on = {t["worker"] for t in stream.data if "geoevents-partition" in str(t["key"])}

    def opened(path: str) -> int:
        return sum(1 for p in _distributed._WORKER_GAZETTEERS if p == path)

    # each worker opened the index once, whatever the number of partitions it ran
    counts = client.run(opened, str(gazetteer.path))
    assert ran_on and all(counts[w] == 1 for w in ran_on)


def test_iter_process_dask_streams_in_input_order(client, gazetteer, corpus) -> None:
    items = list(geoevents.iter_process_dask(corpus, client=client, max_bytes=6000,
                                             partition_size=2))
    assert [getattr(i, "doc_id", None) or i.source for i in items] == [
        getattr(i, "doc_id", None) or i.source
        for i in geoevents.iter_process(corpus, max_bytes=6000)]


def test_a_local_cluster_is_started_and_stopped(gazetteer, tmp_path) -> None:
    pytest.importorskip("distributed", reason="needs geoevents[dask]")
    res = geoevents.process_dask(SEEDS, n_workers=1)
    assert len(res.documents) == 5


# --- errors ------------------------------------------------------------------------------------
def test_missing_dask_names_the_extra(monkeypatch, runner, tmp_path) -> None:
    monkeypatch.setitem(sys.modules, "distributed", None)  # import distributed fails
    with pytest.raises(geoevents.MissingDependencyError,
                       match=r'pip install "geoevents\[dask\]"'):
        geoevents.process_dask(SEEDS)
    res = runner.invoke(cli, ["run", str(SEEDS), "--out", str(tmp_path), "--dask"])
    assert res.exit_code == 4
    assert 'pip install "geoevents[dask]"' in res.stderr


@pytest.mark.parametrize(("kwargs", "message"), [
    ({"client": object(), "address": "tcp://x:1"}, "a client or an address, not both"),
    ({"address": "tcp://x:1", "n_workers": 2}, "n_workers sizes the local cluster"),
    ({"partition_size": 0}, "partition_size must be a positive int, got 0 (int)"),
    ({"n_workers": "2"}, "n_workers must be a positive int, got '2' (str)"),
])
def test_bad_options(kwargs, message) -> None:
    with pytest.raises(geoevents.InputError, match=re.escape(message)):
        geoevents.process_dask(SEEDS, **kwargs)


def test_bad_inputs_fail_before_a_cluster_starts() -> None:
    pytest.importorskip("distributed", reason="needs geoevents[dask]")
    with pytest.raises(geoevents.InputError, match="inputs must be paths, Document objects"):
        geoevents.process_dask([SEEDS, 42])
    with pytest.raises(ValueError, match="2021-13-01"):
        geoevents.process_dask(SEEDS, published="2021-13-01")


def test_unreachable_scheduler(runner, tmp_path) -> None:
    dask = pytest.importorskip("dask", reason="needs geoevents[dask]")
    pytest.importorskip("distributed", reason="needs geoevents[dask]")
    with dask.config.set({"distributed.comm.timeouts.connect": "0.5s"}):
        with pytest.raises(geoevents.InputError,
                           match="cannot connect to the Dask scheduler at 'tcp://127.0.0.1:9'"):
            geoevents.process_dask(SEEDS, address="tcp://127.0.0.1:9")
        res = runner.invoke(cli, ["run", str(SEEDS), "-o", str(tmp_path), "--dask",
                                  "tcp://127.0.0.1:9"])
    assert res.exit_code == 2 and "cannot connect to the Dask scheduler" in res.stderr


def test_a_worker_with_another_version_says_so() -> None:
    with pytest.raises(geoevents.MissingDependencyError,
                       match=r"a Dask worker has geoevents .*, the client 0\.0\.0; install the "
                             r"same version on every worker \(pip install geoevents==0\.0\.0\)"):
        _run_partition([], _Job(None, None, MAX_BYTES, "0.0.0"))


# --- command line ------------------------------------------------------------------------------
def _address(client) -> str:
    return str(client.scheduler.address)


def test_cli_dask_address_writes_the_same_files(client, gazetteer, runner, tmp_path) -> None:
    one, dsk = tmp_path / "one", tmp_path / "dask"
    assert runner.invoke(cli, ["run", str(SEEDS), "-o", str(one)]).exit_code == 0
    res = runner.invoke(cli, ["run", str(SEEDS), "-o", str(dsk), "--dask", _address(client)])
    assert res.exit_code == 0, res.output
    assert "5 documents" in res.stdout
    for name in LAYERS:
        assert (one / name).read_bytes() == (dsk / name).read_bytes(), name


def test_cli_dask_reports_bad_lines_and_keeps_the_rest(client, gazetteer, runner, corpus,
                                                       tmp_path) -> None:
    one = runner.invoke(cli, ["extract", str(corpus), "--json", "--max-bytes", "6kB"])
    res = runner.invoke(cli, ["extract", str(corpus), "--json", "--max-bytes", "6kB",
                              f"--dask={_address(client)}"])
    assert res.exit_code == one.exit_code == 1
    assert res.stdout == one.stdout and res.stdout.count("\n") > 5
    assert f"{corpus}:4: is not valid JSON" in res.stderr
    assert f"{corpus}:8: text is over the limit of 6,000 bytes" in res.stderr
    assert "6 documents" in res.stderr and "2 failed" in res.stderr


def test_cli_dask_alone_starts_a_local_cluster(gazetteer, runner, tmp_path) -> None:
    pytest.importorskip("distributed", reason="needs geoevents[dask]")
    one, dsk = tmp_path / "one", tmp_path / "dask"
    assert runner.invoke(cli, ["run", str(SEEDS), "-o", str(one), "--no-map"]).exit_code == 0
    res = runner.invoke(cli, ["run", str(SEEDS), "-o", str(dsk), "--no-map", "--dask",
                              "--workers", "2"])
    assert res.exit_code == 0, res.output
    for name in LAYERS[:3]:
        assert (one / name).read_bytes() == (dsk / name).read_bytes(), name


def test_cli_dask_strict_stops_at_the_first_bad_input(client, gazetteer, runner, corpus,
                                                      tmp_path) -> None:
    res = runner.invoke(cli, ["run", str(corpus), "-o", str(tmp_path), "--strict",
                              "--dask", _address(client)])
    assert res.exit_code == 1
    assert res.stderr.count("geoevents: error:") == 1
    assert not (tmp_path / "events.geojson").exists()


@pytest.mark.parametrize(("args", "message"), [
    (["--dask", str(SEEDS)], "is not a Dask scheduler address but an input path: --dask "
                             "takes an optional ADDRESS"),
    (["--dask", "scheduler"], "'scheduler' is not a Dask scheduler address. Give "
                              "tcp://HOST:PORT"),
    (["--workers", "2"], "needs --dask"),
    (["--dask", "tcp://x:8786", "--workers", "2"], "use it with --dask and no address"),
    (["--workers", "0"], "0 is not in the range x>=1"),
])
def test_cli_dask_usage_errors(runner, tmp_path, args, message) -> None:
    res = runner.invoke(cli, ["run", "-o", str(tmp_path), *args, str(SEEDS)])
    assert res.exit_code == 2
    assert message in " ".join(res.stderr.split())


def test_cli_help_shows_the_options(runner) -> None:
    res = runner.invoke(cli, ["run", "--help"])
    assert "--dask [ADDRESS]" in res.output and "--workers N" in res.output
    assert "--max-bytes SIZE" in res.output and "[default: 10MB]" in res.output


# --- planning, without a cluster ----------------------------------------------------------------
@pytest.mark.parametrize("data", [b"", b"a\n", b"a", b"a\nb\nc\n", b"a\n\nb\nc\nd\ne",
                                  b"\n\n\n\n\n\n\n", b"x" * 30 + b"\ny\n" + b"z" * 20])
@pytest.mark.parametrize(("first", "size"), [(1, 1), (2, 3), (3, 2), (5, 5)])
@pytest.mark.parametrize("block", [1, 3, 7, 1 << 20])
def test_line_ranges_cover_the_file_on_line_boundaries(monkeypatch, tmp_path, data, first,
                                                       size, block) -> None:
    monkeypatch.setattr(_distributed, "_BLOCK", block)
    path = tmp_path / "f.jsonl"
    path.write_bytes(data)
    ranges = list(_line_ranges(str(path), first=first, size=size))
    lines = data.splitlines(keepends=True)
    assert b"".join(data[r.start:r.end] for r, _ in ranges) == data
    assert sum(n for _, n in ranges) == len(lines)
    for k, (r, n) in enumerate(ranges):
        assert n == (first if k == 0 else size) or k == len(ranges) - 1
        assert data[r.start:r.end] == b"".join(lines[r.first_line - 1:r.first_line - 1 + n])


def test_partitions_pack_sources_in_order(tmp_path) -> None:
    (tmp_path / "a.jsonl").write_text("".join(f'{{"text": "t{i}"}}\n' for i in range(7)))
    (tmp_path / "b.txt").write_text("x")
    sources = list(_sources(str(tmp_path), max_bytes=MAX_BYTES))
    parts = list(_partitions(sources, 3))
    kinds = [[type(u).__name__ for u in p] for p in parts]
    assert kinds == [["_Lines"], ["_Lines"], ["_Lines", "_Named"]]
    assert [u.first_line for p in parts for u in p if isinstance(u, _Lines)] == [1, 4, 7]


def test_stdin_is_read_on_the_client(monkeypatch) -> None:
    import io

    fake = io.BytesIO(b'{"id": "a", "text": "In Gaza."}\n{bad\n')
    monkeypatch.setattr(sys, "stdin", type("S", (), {"buffer": fake})())
    sources = list(_sources("-", max_bytes=MAX_BYTES))
    assert [type(s).__name__ for s in sources] == ["Document", "_Failure"]
    fake.seek(0)
    assert sources[0] == next(read_documents(["-"], stdin=fake))


def test_default_partition_size() -> None:
    assert _partition_size(5, 2) == 1
    assert _partition_size(80, 2) == 10
    assert _partition_size(1_000_000, 2) == 100
    assert _partition_size(0, 0) == 1


def test_docstring_examples() -> None:
    import doctest

    import geoevents._cli
    import geoevents._distributed

    for mod in (geoevents._cli, geoevents._distributed):
        assert doctest.testmod(mod, verbose=False).failed == 0
