"""The pipeline in parallel: on a Dask cluster, or on worker processes of this machine.

:func:`process_dask` and :func:`iter_process_dask` run on Dask; :func:`iter_pool` (what
``iter_process(..., jobs=N)`` and ``geoevents run --jobs N`` use) runs the same partitions on
a standard-library process pool, with nothing to install. The Dask work has three steps, so
that the output is the one :func:`geoevents.process` gives on the same input, byte for byte:

1. **Plan, on the client.** Inputs are expanded as :func:`read_documents` expands them
   (directories and glob patterns, in name order) without reading any article: JSON Lines
   files are cut into byte ranges on line boundaries (the client only counts newlines, a
   block at a time, so it never holds the corpus); every other file (``.txt``, ``.csv``...)
   travels as a name. Only :class:`Document` objects, strings of text and standard input
   travel with their text. A CSV file is one unit (a quoted cell may hold newlines, so it
   cannot be cut safely): convert a large one to JSON Lines.
2. **Map, on the workers.** Each partition is read on its worker and run through
   :func:`iter_process`, the same per-document pipeline as a single process. The gazetteer
   is opened once per worker process and reused by every partition the worker runs.
3. **Reduce, on the client.** Partitions come back in input order and
   :meth:`Result.from_results` merges the events of the whole corpus once (documents sorted
   by id), as :func:`process` does; a document never depends on the partition it was in.

The partitions are plain ``client.submit`` futures rather than a ``dask.bag``: results are
taken in input order as soon as each is ready (so :func:`iter_process_dask` streams, and
``--strict`` can stop early and cancel the rest), and nothing beyond ``distributed`` is
needed.

The process pool plans as it goes (the inputs may be a long iterator of documents): fixed
partitions of :data:`POOL_PARTITION` documents, at most :data:`POOL_AHEAD` per worker
submitted ahead of the one being handed over, so memory stays flat however long the input.

Workers need geoevents installed, in the client's version (each task checks), and the input
files at the same paths (a shared filesystem; give absolute paths to a remote cluster). They
open the gazetteer index in their cache directory (``GEOEVENTS_CACHE_DIR``), building it on
first use; workers on one machine share it.
"""

from __future__ import annotations

import io
import logging
import os
import threading
import uuid
from collections.abc import Generator, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO, TypeAlias, cast

from ._compat import import_optional_dependency
from ._documents import MAX_BYTES, Document, _is_glob, _jsonl_lines, read_documents
from ._exceptions import DocumentError, GeoeventsError, InputError, MissingDependencyError
from ._export import DocumentShare
from ._pipeline import DocumentResult, Inputs, _as_items, bad_input, iter_process
from ._version import __version__

if TYPE_CHECKING:
    from _typeshed import WriteableBuffer
    from distributed import Client

    from ._collection import Result
    from ._gazetteer import Gazetteer

__all__ = ["iter_pool", "iter_process_dask", "process_dask"]

log = logging.getLogger(__name__)

#: Largest default partition (documents); see :func:`_partition_size`.
MAX_PARTITION = 100
#: Partitions per worker thread aimed at by the default size, for load balancing.
PARTITIONS_PER_THREAD = 4
#: Documents per partition of the local process pool: about 50 ms of work, so the pool's
#: messages cost little and the results come back steadily.
POOL_PARTITION = 16
#: Partitions per worker process submitted ahead of the one being handed over.
POOL_AHEAD = 2
_BLOCK = 1 << 20  # bytes read at a time when scanning a JSON Lines file for newlines
_JSONL = (".jsonl", ".ndjson")


# --- what travels to the workers (small, picklable) ----------------------------------------
@dataclass(frozen=True, slots=True)
class _Named:
    """A path the worker reads, exactly as given (so messages name it as given)."""

    path: str

    def __fspath__(self) -> str:
        return self.path


@dataclass(frozen=True, slots=True)
class _Lines:
    """Lines of a JSON Lines file: bytes ``start:end``, numbered from ``first_line``."""

    path: str
    start: int
    end: int
    first_line: int


@dataclass(frozen=True, slots=True)
class _Failure:
    """A :class:`DocumentError` in transit, as two plain strings (no traceback travels)."""

    source: str
    problem: str

    @classmethod
    def of(cls, exc: DocumentError) -> _Failure:
        return cls(exc.source, exc.problem)

    def error(self) -> DocumentError:
        return DocumentError(self.source, self.problem)


@dataclass(frozen=True, slots=True)
class _Job:
    """The options every partition runs with."""

    published: date | datetime | str | None
    gazetteer: str | None
    max_bytes: int
    version: str
    #: Send each document as the :class:`DocumentShare` a :class:`SpooledResult` keeps (with
    #: its mention lines when ``lines``), not as the whole :class:`DocumentResult`.
    share: bool = False
    lines: bool = True


_Unit: TypeAlias = "Document | _Named | _Lines | _Failure"


@dataclass(frozen=True, slots=True)
class _JsonlFile:
    """A JSON Lines file of ``lines`` lines, cut into ranges at planning time."""

    path: str
    lines: int


_Source: TypeAlias = "Document | _Named | _JsonlFile | _Failure"


# --- on the workers -------------------------------------------------------------------------
_WORKER_GAZETTEERS: dict[str, Gazetteer] = {}
_WORKER_LOCK = threading.Lock()


def _worker_gazetteer(path: str | None) -> Gazetteer | None:
    """The gazetteer of this worker process: opened on its first partition, then reused.

    None stands for the default gazetteer, which :func:`default_gazetteer` already keeps
    once per process; another index is kept here by path.
    """
    if path is None:
        return None
    from ._gazetteer import Gazetteer

    with _WORKER_LOCK:
        gaz = _WORKER_GAZETTEERS.get(path)
        if gaz is None:
            gaz = _WORKER_GAZETTEERS[path] = Gazetteer(path)
        return gaz


class _Slice(io.RawIOBase):
    """Bytes ``start:end`` of an open file, read through (the range is not held in memory)."""

    def __init__(self, f: BinaryIO, start: int, end: int) -> None:
        f.seek(start)
        self._f, self._left = f, end - start

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: WriteableBuffer, /) -> int:
        if self._left <= 0:
            return 0
        with memoryview(buffer) as view:
            data = self._f.read(min(len(view), self._left))
            view[:len(data)] = data
        self._left -= len(data)
        return len(data)


def _read_lines(unit: _Lines, max_bytes: int) -> Iterator[Document | DocumentError]:
    path = Path(unit.path)
    try:
        f = path.open("rb")
    except OSError as exc:
        yield DocumentError(str(path), f"cannot be read: {exc.strerror or exc}")
        return
    with f, io.BufferedReader(_Slice(f, unit.start, unit.end)) as lines:
        yield from _jsonl_lines(lines, str(path), path.stem, max_bytes,
                                first_line=unit.first_line)


def _run_partition(units: Sequence[_Unit], job: _Job
                   ) -> list[DocumentResult | DocumentShare | _Failure]:
    """Read and process one partition on a worker, with the normal per-document pipeline."""
    if job.version != __version__:
        raise MissingDependencyError(
            f"a Dask worker has geoevents {__version__}, the client {job.version}; install "
            f"the same version on every worker (pip install geoevents=={job.version})"
        )
    gaz = _worker_gazetteer(job.gazetteer)
    share, lines = job.share, job.lines
    out: list[DocumentResult | DocumentShare | _Failure] = []
    for unit in units:
        if isinstance(unit, _Failure):
            out.append(unit)
            continue
        items = _read_lines(unit, job.max_bytes) if isinstance(unit, _Lines) else (unit,)
        for item in items:
            if isinstance(item, DocumentError):
                out.append(_Failure.of(item))
                continue
            for res in iter_process(item, published=job.published, gazetteer=gaz,
                                    max_bytes=job.max_bytes):
                if isinstance(res, DocumentError):
                    out.append(_Failure.of(res))
                elif share:
                    out.append(DocumentShare.of(res, lines=lines))
                else:
                    out.append(res)
    return out


# --- planning, on the client ----------------------------------------------------------------
def _count_lines(path: str) -> int:
    n, last = 0, b"\n"
    with open(path, "rb") as f:
        while block := f.read(_BLOCK):
            n += block.count(b"\n")
            last = block[-1:]
    return n + (last != b"\n")


def _file_sources(path: str) -> Iterator[_Source]:
    if path.lower().endswith(_JSONL):
        try:
            with open(path, "rb") as f:
                utf16 = f.read(2) in (b"\xff\xfe", b"\xfe\xff")
            if not utf16:  # a UTF-16 file is one error: one worker reports it, unsplit
                yield _JsonlFile(path, _count_lines(path))
                return
        except OSError:
            pass  # the worker reads it and reports the error, as a single process would
    yield _Named(path)


def _sources(item: str | os.PathLike[str] | Document, *, max_bytes: int) -> Iterator[_Source]:
    """What one input holds, expanded as :func:`read_documents` expands it, text unread."""
    if isinstance(item, Document):
        yield item
        return
    name = os.fspath(item)
    if name == "-":  # standard input can only be read here
        for doc in read_documents([name], max_bytes=max_bytes):
            yield _Failure.of(doc) if isinstance(doc, DocumentError) else doc
        return
    path = Path(name)
    files: list[str] | None = None
    if not path.exists() and _is_glob(name):
        import glob

        files = [m for m in sorted(glob.glob(name, recursive=True)) if Path(m).is_file()]
    elif path.is_dir():
        from ._documents import INPUT_SUFFIXES

        files = [str(p) for p in sorted(path.iterdir())
                 if p.is_file() and p.suffix.lower() in INPUT_SUFFIXES]
    if files:
        for file in files:
            yield from _file_sources(file)
    elif files is None and path.is_file():
        yield from _file_sources(name)
    else:  # missing, or nothing matched: the worker reports it as a single process would
        yield _Named(name)


def _line_ranges(path: str, *, first: int, size: int) -> Iterator[tuple[_Lines, int]]:
    """Cut a JSON Lines file after ``first`` lines, then every ``size`` lines.

    Yields each range with its number of lines. Only newlines are looked at.
    """
    want, have, start, line, pos, last = first, 0, 0, 1, 0, b"\n"
    with open(path, "rb") as f:
        while block := f.read(_BLOCK):
            i, left = 0, block.count(b"\n")  # left: newlines in block[i:]
            while have + left >= want:
                for _ in range(want - have):
                    i = block.index(b"\n", i) + 1
                left -= want - have
                yield _Lines(path, start, pos + i, line), want
                start, line, have, want = pos + i, line + want, 0, size
            have += left
            pos += len(block)
            last = block[-1:]
    if pos > start:
        yield _Lines(path, start, pos, line), have + (last != b"\n")


def _partitions(sources: Iterable[_Source], size: int) -> Iterator[list[_Unit]]:
    """Pack the sources, in order, into partitions of ``size`` documents (lines)."""
    part: list[_Unit] = []
    room = size
    for src in sources:
        pieces: Iterator[tuple[_Unit, int]]
        first: tuple[_Unit, int] | None
        if isinstance(src, _JsonlFile):
            try:
                pieces = _line_ranges(src.path, first=room, size=size)
                first = next(pieces, None)
            except OSError:
                pieces, first = iter(()), (_Named(src.path), 1)
            if first is None:
                continue
            pieces = _chain(first, pieces)
        else:
            pieces = iter(((src, 1),))
        for unit, n in pieces:
            part.append(unit)
            room -= n
            if room <= 0:
                yield part
                part, room = [], size
    if part:
        yield part


def _chain(first: tuple[_Unit, int], rest: Iterator[tuple[_Unit, int]]
           ) -> Iterator[tuple[_Unit, int]]:
    yield first
    yield from rest


def _weight(src: _Source) -> int:
    return src.lines if isinstance(src, _JsonlFile) else 1


def _partition_size(n_docs: int, n_threads: int) -> int:
    """Documents per partition: about :data:`PARTITIONS_PER_THREAD` per worker thread.

    At most :data:`MAX_PARTITION` documents each, so every worker gets work and a slow
    partition does not hold the others up; a larger corpus gets more partitions, not larger
    ones.
    """
    per = -(-n_docs // (PARTITIONS_PER_THREAD * max(n_threads, 1)))
    return max(1, min(MAX_PARTITION, per))


# --- the cluster ----------------------------------------------------------------------------
@contextmanager
def _connect(client: Client | None, address: str | None,
             n_workers: int | None) -> Iterator[Any]:
    distributed: Any = import_optional_dependency("distributed", extra="dask")
    if client is not None:
        yield client
        return
    if address is not None:
        try:
            own = distributed.Client(address, set_as_default=False)
        except OSError as exc:
            raise InputError(
                f"cannot connect to the Dask scheduler at {address!r}: {exc}; check the "
                "address (tcp://HOST:PORT) and that the scheduler is running"
            ) from exc
        with own:
            yield own
        return
    # processes, one thread each: the pipeline is pure Python, so threads would share one
    # GIL. The scheduler's HTTP server (and dashboard, with bokeh) on a free port: two
    # clusters at once would otherwise both want 8787.
    workers = n_workers if n_workers is not None else os.cpu_count() or 1
    with distributed.LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                                  dashboard_address=":0") as cluster, \
            distributed.Client(cluster, set_as_default=False) as own:
        yield own


def _check_options(client: Client | None, address: str | None, n_workers: int | None,
                   partition_size: int | None) -> None:
    if client is not None and address is not None:
        raise InputError("give a client or an address, not both")
    if n_workers is not None and (client is not None or address is not None):
        raise InputError("n_workers sizes the local cluster started when neither client nor "
                         "address is given; size an existing cluster where it is started")
    for name, value in (("n_workers", n_workers), ("partition_size", partition_size)):
        if value is not None and (isinstance(value, bool) or not isinstance(value, int)
                                  or value < 1):
            raise InputError(f"{name} must be a positive int, got {value!r} "
                             f"({type(value).__name__})")
    if address is not None and not isinstance(address, str):
        raise InputError(f"address must be a str such as 'tcp://scheduler:8786', got "
                         f"{address!r} ({type(address).__name__})")


def iter_process_dask(inputs: Inputs, *, published: date | datetime | str | None = None,
                      gazetteer: Gazetteer | None = None, max_bytes: int = MAX_BYTES,
                      client: Client | None = None, address: str | None = None,
                      n_workers: int | None = None, partition_size: int | None = None,
                      ) -> Generator[DocumentResult | DocumentError, None, None]:
    """Process inputs on a Dask cluster: a result, or the error, per document, in input order.

    Like :func:`iter_process`, but the documents are read and processed on Dask workers, in
    partitions. The events are *not* merged; :func:`process_dask` merges them. With none of
    ``client`` and ``address``, a local cluster of ``n_workers`` processes is started and
    closed at the end.

    Parameters
    ----------
    inputs : str, Path, Document, or an iterable of them
        As for :func:`iter_process`. Paths are read by the workers: they must see them at
        the same paths (a shared filesystem). JSON Lines files are cut into line ranges;
        every other file is one unit.
    published : date, datetime, str or None, optional, default None
        Publication date (``YYYY-MM-DD``) for documents that carry none of their own.
    gazetteer : Gazetteer or None, optional, default None
        Its index file is opened by each worker (once per worker process), so it must exist
        at the same path there. None: each worker's default gazetteer, built in its cache
        directory on first use.
    max_bytes : int, optional, default 10_000_000
        Documents larger than this are reported as errors instead of read.
    client : distributed.Client or None, optional, default None
        A client of a running cluster (left open).
    address : str or None, optional, default None
        A scheduler address (``"tcp://scheduler:8786"``) to connect to for this call.
    n_workers : int or None, optional, default None
        Worker processes of the local cluster (one thread each); the number of CPUs when
        None. Only when neither ``client`` nor ``address`` is given.
    partition_size : int or None, optional, default None
        Documents (JSON Lines lines) per partition. None: about four partitions per worker
        thread, at most 100 documents each.

    Yields
    ------
    DocumentResult or DocumentError
        One per document, in input order; a bad document never stops the others.

    Raises
    ------
    MissingDependencyError
        ``dask[distributed]`` is not installed (``pip install "geoevents[dask]"``), or a
        worker runs another version of geoevents.
    InputError
        A bad option, an input that is not a path, Document or string, or a scheduler that
        cannot be reached.
    ValueError
        ``published`` is not a date.

    Examples
    --------
    >>> for res in iter_process_dask("feed.jsonl", n_workers=2):  # doctest: +SKIP
    ...     print(res.doc_id if isinstance(res, DocumentResult) else res)
    """
    yield from cast("Iterator[DocumentResult | DocumentError]", _dask_items(
        inputs, published=published, gazetteer=gazetteer, max_bytes=max_bytes, client=client,
        address=address, n_workers=n_workers, partition_size=partition_size))


def _dask_items(inputs: Inputs, *, published: date | datetime | str | None,
                gazetteer: Gazetteer | None, max_bytes: int, client: Client | None,
                address: str | None, n_workers: int | None, partition_size: int | None,
                share: bool = False, lines: bool = True
                ) -> Generator[DocumentResult | DocumentShare | DocumentError, None, None]:
    """:func:`iter_process_dask`, with the ``share`` and ``lines`` of :func:`_pool_items`."""
    _check_options(client, address, n_workers, partition_size)
    import_optional_dependency("distributed", extra="dask")
    if isinstance(published, str):
        from ._dates import parse_iso_date

        parse_iso_date(published)  # fail before the cluster starts
    items = list(_as_items(inputs))
    for item in items:
        if not isinstance(item, str | os.PathLike | Document):
            raise bad_input(item)
    sources = [src for item in items for src in _sources(item, max_bytes=max_bytes)]
    job = _Job(published, None if gazetteer is None else str(gazetteer.path), max_bytes,
               __version__, share, lines)
    with _connect(client, address, n_workers) as cl:
        n_docs = sum(_weight(src) for src in sources)
        n_threads = sum(cl.nthreads().values())
        size = partition_size or _partition_size(n_docs, n_threads)
        token = uuid.uuid4().hex[:12]
        futures: list[Any] = [
            cl.submit(_run_partition, part, job, key=f"geoevents-partition-{token}-{i}")
            for i, part in enumerate(_partitions(sources, size))
        ]
        log.info("%d documents in %d partitions of up to %d on %d worker threads",
                 n_docs, len(futures), size, n_threads)
        try:
            for i, future in enumerate(futures):
                part: list[DocumentResult | DocumentShare | _Failure] = future.result()
                futures[i] = None  # let the cluster forget it
                for res in part:
                    yield res.error() if isinstance(res, _Failure) else res
        finally:
            left = [f for f in futures if f is not None]
            if left:
                cl.cancel(left)


def process_dask(inputs: Inputs, *, published: date | datetime | str | None = None,
                 gazetteer: Gazetteer | None = None, max_bytes: int = MAX_BYTES,
                 client: Client | None = None, address: str | None = None,
                 n_workers: int | None = None, partition_size: int | None = None) -> Result:
    """:func:`process` on a Dask cluster: documents on the workers, one merge at the end.

    The documents are read and processed on the workers in partitions
    (:func:`iter_process_dask`); the cross-article merge needs every event, so it runs once
    here over the whole corpus. The :class:`Result`, and every file written from it, is
    the one :func:`process` gives on the same input.

    Parameters
    ----------
    inputs : str, Path, Document, or an iterable of them
        As for :func:`process`; the workers must see the paths (a shared filesystem).
    published : date, datetime, str or None, optional, default None
        Publication date (``YYYY-MM-DD``) for documents that carry none of their own.
    gazetteer : Gazetteer or None, optional, default None
        Opened by path on each worker; the default gazetteer of each worker when None.
    max_bytes : int, optional, default 10_000_000
        Documents larger than this are reported as failures instead of read.
    client : distributed.Client or None, optional, default None
        A client of a running cluster (left open).
    address : str or None, optional, default None
        A scheduler address (``"tcp://scheduler:8786"``) to connect to for this call.
    n_workers : int or None, optional, default None
        Worker processes of the local cluster started when neither ``client`` nor
        ``address`` is given (one thread each); the number of CPUs when None.
    partition_size : int or None, optional, default None
        Documents per partition; about four partitions per worker thread, at most 100
        documents each, when None.

    Returns
    -------
    Result

    Raises
    ------
    MissingDependencyError
        ``dask[distributed]`` is not installed: ``pip install "geoevents[dask]"``.

    Examples
    --------
    >>> res = geoevents.process_dask("big.jsonl", n_workers=4)  # doctest: +SKIP
    >>> res = geoevents.process_dask("big.jsonl", address="tcp://scheduler:8786")  # doctest: +SKIP
    >>> res.to_gpkg("events.gpkg")  # doctest: +SKIP
    """
    from ._collection import Result

    return Result.from_results(
        iter_process_dask(inputs, published=published, gazetteer=gazetteer, max_bytes=max_bytes,
                          client=client, address=address, n_workers=n_workers,
                          partition_size=partition_size),
        gazetteer=gazetteer)


# --- a process pool on this machine ---------------------------------------------------------
def _planned(inputs: Inputs, *, max_bytes: int) -> Iterator[_Source]:
    for item in _as_items(inputs):
        if not isinstance(item, str | os.PathLike | Document):
            raise bad_input(item)
        yield from _sources(item, max_bytes=max_bytes)


def iter_pool(inputs: Inputs, *, published: date | datetime | str | None = None,
              gazetteer: Gazetteer | None = None, max_bytes: int = MAX_BYTES,
              jobs: int) -> Generator[DocumentResult | DocumentError, None, None]:
    """:func:`iter_process` on ``jobs`` worker processes of this machine, in input order.

    The partitions are those of :func:`iter_process_dask`, cut at :data:`POOL_PARTITION`
    documents, run by :func:`_run_partition` in a :class:`~concurrent.futures.ProcessPoolExecutor`
    of freshly started (``spawn``) processes: a forked child would share the parent's open
    SQLite connection. The default gazetteer index is opened here first, so that it is built
    once, before any worker looks for it. Closing the generator cancels the partitions not
    yet started.

    Raises
    ------
    GeoeventsError
        A worker process died.
    """
    yield from cast("Iterator[DocumentResult | DocumentError]", _pool_items(
        inputs, published=published, gazetteer=gazetteer, max_bytes=max_bytes, jobs=jobs))


def _pool_items(inputs: Inputs, *, published: date | datetime | str | None,
                gazetteer: Gazetteer | None, max_bytes: int, jobs: int, share: bool = False,
                lines: bool = True
                ) -> Generator[DocumentResult | DocumentShare | DocumentError, None, None]:
    """:func:`iter_pool`, or with ``share`` the :class:`DocumentShare` of each document.

    A share is what :class:`~geoevents.SpooledResult` keeps (with the mention lines when
    ``lines``), and all ``geoevents run`` needs: the workers then build the mention Features, and
    this process unpickles about a third of what a whole :class:`DocumentResult` costs.
    """
    import multiprocessing
    from collections import deque
    from concurrent.futures import Future, ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool
    from itertools import islice

    if isinstance(published, str):
        from ._dates import parse_iso_date

        parse_iso_date(published)  # fail before the workers start
    if gazetteer is None:
        from ._gazetteer import default_gazetteer

        default_gazetteer()
    job = _Job(published, None if gazetteer is None else str(gazetteer.path), max_bytes,
               __version__, share, lines)
    parts = _partitions(_planned(inputs, max_bytes=max_bytes), POOL_PARTITION)
    pool = ProcessPoolExecutor(max_workers=jobs, mp_context=multiprocessing.get_context("spawn"))
    try:
        pending: deque[Future[list[DocumentResult | DocumentShare | _Failure]]] = deque(
            pool.submit(_run_partition, part, job) for part in islice(parts, jobs * POOL_AHEAD))
        while pending:
            try:
                done = pending.popleft().result()
            except BrokenProcessPool as exc:
                raise GeoeventsError(
                    f"a geoevents worker process died ({exc}); it may have run out of memory: "
                    "try fewer jobs") from exc
            for part in islice(parts, 1):
                pending.append(pool.submit(_run_partition, part, job))
            for res in done:
                yield res.error() if isinstance(res, _Failure) else res
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
