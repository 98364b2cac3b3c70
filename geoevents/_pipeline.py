"""The whole pipeline for a collection of articles: read -> geoparse -> events -> merge.

Each document is processed on its own (:func:`process_document`, safe to run in parallel);
:func:`iter_process` streams them one at a time. The cross-article merge needs every event,
so it runs once at the end (:func:`merge_events`, done by :func:`geoevents.process`).
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, TypeAlias

from ._dates import Published, parse_iso_date, publication_date
from ._documents import INPUT_SUFFIXES, MAX_BYTES, Document, read_documents
from ._events import Event, events_from_geoparse
from ._exceptions import DocumentError, InputError
from ._resolution import geoparse
from ._types import GeoparseResult

if TYPE_CHECKING:
    from ._gazetteer import Gazetteer

__all__ = ["DocumentResult", "Input", "Inputs", "iter_process", "process_document"]

#: What :func:`iter_process` and :func:`geoevents.process` accept.
Input: TypeAlias = "str | os.PathLike[str] | Document"
Inputs: TypeAlias = "str | os.PathLike[str] | Document | Iterable[Input]"


@dataclass(frozen=True, slots=True)
class DocumentResult:
    """What one article gave: its places and its (unmerged) events.

    Parameters
    ----------
    doc_id : str
        Document id.
    geoparse : GeoparseResult
        Every place mention.
    events : tuple of Event
        Events read from the article, before merging with other articles.
    published : Published or None
        The publication date and where it was read from.
    """

    doc_id: str
    geoparse: GeoparseResult
    events: tuple[Event, ...]
    published: Published | None


def _as_date(value: date | datetime | str | None) -> date | str | None:
    if isinstance(value, datetime):
        return value.date()
    return value


def process_document(doc: Document, *, published: date | datetime | str | None = None,
                     gazetteer: object = None) -> DocumentResult:
    """Geoparse one document and read its events.

    Parameters
    ----------
    doc : Document
        The article.
    published : date, datetime, str or None, optional, default None
        Publication date to use when the document has none of its own (``--published``).
    gazetteer : Gazetteer or None, optional, default None
        The shared default gazetteer when None.

    Raises
    ------
    DocumentError
        When the given publication date is not a date.
    """
    given = doc.published or _as_date(published)
    try:
        pub = publication_date(doc.text, given=given)
    except ValueError as exc:
        raise DocumentError(doc.source or doc.id, f"has a bad publication date: {exc}") from exc
    pub_date = pub.date if pub else None
    res = geoparse(doc.text, published=pub_date, gazetteer=gazetteer)  # type: ignore[arg-type]
    events = events_from_geoparse(doc.text, res, published=pub, doc_id=doc.id,
                                  gazetteer=gazetteer)
    return DocumentResult(doc.id, res, tuple(events), pub)


def _stream(items: Iterable[Input], *,
            published: date | datetime | str | None, gazetteer: object,
            max_bytes: int) -> Iterator[DocumentResult | DocumentError]:
    if isinstance(published, str):
        parse_iso_date(published)  # fail early on a bad --published
    for item in items:
        docs: Iterable[Document | DocumentError]
        if isinstance(item, Document):
            docs = (item,)
        elif isinstance(item, str | os.PathLike):
            docs = read_documents([os.fspath(item)], max_bytes=max_bytes)
        else:
            raise bad_input(item)
        for doc in docs:
            if isinstance(doc, DocumentError):
                yield doc
                continue
            try:
                yield process_document(doc, published=published, gazetteer=gazetteer)
            except DocumentError as exc:
                yield exc


def bad_input(item: object) -> InputError:
    """The error for an input that is neither a path, a :class:`Document` nor a string."""
    return InputError(
        f"inputs must be paths, Document objects or strings of text, got {item!r} "
        f"({type(item).__name__}); wrap raw text in geoevents.Document(id, text)"
    )


def _looks_like_path(item: str) -> bool:
    if "\n" in item or "\r" in item:
        return False
    if item == "-" or any(ch in item for ch in "*?[") or item.lower().endswith(INPUT_SUFFIXES):
        return True
    try:
        if Path(item).exists():
            return True
    except (OSError, ValueError):
        return False
    return not any(ch.isspace() for ch in item) and ("/" in item or os.sep in item)


def _as_items(inputs: Inputs) -> Iterator[Input]:
    if isinstance(inputs, str | os.PathLike | Document):
        inputs = [inputs]
    n_texts = 0
    for item in inputs:
        if isinstance(item, str) and not _looks_like_path(item):
            n_texts += 1
            yield Document(f"text-{n_texts}", item, source=f"text-{n_texts}")
        else:
            yield item


def iter_process(inputs: Inputs, *, published: date | datetime | str | None = None,
                 gazetteer: Gazetteer | None = None, max_bytes: int = MAX_BYTES,
                 jobs: int | None = 1) -> Iterator[DocumentResult | DocumentError]:
    """Process inputs one document at a time: a result, or the error, per document.

    Memory stays flat: documents are read lazily and each result is handed over as soon as
    it is ready. The events are *not* merged across documents (merging needs them all; see
    :func:`geoevents.process`, or :func:`geoevents.merge_events` on the collected events).
    With ``jobs`` above 1 the documents are processed by that many worker processes on this
    machine, in small batches, and handed over in input order: the results are the same.

    Parameters
    ----------
    inputs : str, Path, Document, or an iterable of them
        Paths (see :func:`read_documents`: files, directories, glob patterns, ``.jsonl``,
        ``.csv`` with a ``text`` column, ``"-"`` for standard input), :class:`Document`
        objects, or plain strings of text (ids ``text-1``, ``text-2``...). A string is read
        as a path when it names an existing file or directory, is ``"-"``, contains a glob
        character, ends with ``.txt``/``.jsonl``/``.ndjson``/``.csv``, or has a ``/`` and no
        whitespace; otherwise it is text. Pass a ``Path`` or a ``Document`` to be explicit.
    published : date, datetime, str or None, optional, default None
        Publication date (``YYYY-MM-DD``) for documents that carry none of their own.
    gazetteer : Gazetteer or None, optional, default None
        The shared default gazetteer when None.
    max_bytes : int, optional, default 10_000_000
        Documents larger than this are reported as errors instead of read.
    jobs : int or None, optional, default 1
        Worker processes: 1 processes the documents here, one after another; more starts
        that many processes (each opens the gazetteer once, about 0.3 s), which pays from a
        few hundred documents on; None, one per CPU this process may use. The files named
        by the inputs are read by the workers; documents given as objects or text are sent
        to them.

    Yields
    ------
    DocumentResult or DocumentError
        One per document, in input order; a bad document never stops the others.

    Raises
    ------
    InputError
        An input is not a path, a Document or a string, or ``jobs`` is not a positive int.
    ValueError
        ``published`` is not a date.
    GeoeventsError
        A worker process died (``jobs`` above 1), for example killed for lack of memory.

    Notes
    -----
    Worker processes are started fresh (the ``spawn`` method, on every platform): a script
    that uses ``jobs`` must guard its top level with ``if __name__ == "__main__":``.

    Examples
    --------
    >>> for res in iter_process(["Rockets hit Ashkelon on Monday."], published="2021-05-11"):
    ...     print(res.doc_id, [m.text for m in res.geoparse.mentions])
    text-1 ['Ashkelon']
    """
    n_jobs = resolve_jobs(jobs)
    if n_jobs > 1:
        from ._distributed import iter_pool

        yield from iter_pool(inputs, published=published, gazetteer=gazetteer,
                             max_bytes=max_bytes, jobs=n_jobs)
        return
    yield from _stream(_as_items(inputs), published=published, gazetteer=gazetteer,
                       max_bytes=max_bytes)


def resolve_jobs(jobs: int | None) -> int:
    """The number of worker processes ``jobs`` asks for (None: the CPUs this process may use).

    Raises
    ------
    InputError
        ``jobs`` is not None or a positive int.
    """
    if jobs is None:
        affinity = getattr(os, "sched_getaffinity", None)
        return len(affinity(0)) if affinity is not None else os.cpu_count() or 1
    if isinstance(jobs, bool) or not isinstance(jobs, int) or jobs < 1:
        raise InputError(f"jobs must be a positive int or None (one per CPU), got {jobs!r} "
                         f"({type(jobs).__name__})")
    return jobs
