"""The whole pipeline for a collection of articles: read -> geoparse -> events -> merge.

Each document is processed on its own (:func:`process_document`, safe to run in parallel);
the cross-article merge runs once over all events at the end (:func:`merge_events`).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime

from ._dates import Published, parse_iso_date, publication_date
from ._documents import Document, read_documents
from ._events import Event, events_from_geoparse
from ._exceptions import DocumentError
from ._resolution import geoparse
from ._types import GeoparseResult

__all__ = ["DocumentResult", "process_document", "process_documents"]


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
    events = events_from_geoparse(doc.text, res, published=pub_date, doc_id=doc.id)
    return DocumentResult(doc.id, res, tuple(events), pub)


def process_documents(inputs: Iterable[str] | Iterable[Document], *,
                      published: date | datetime | str | None = None,
                      gazetteer: object = None, max_bytes: int | None = None,
                      ) -> Iterator[DocumentResult | DocumentError]:
    """Process documents one at a time (streaming): a result or the error, per document.

    ``inputs`` are paths (files, directories, JSON Lines) or :class:`Document` objects. One
    bad document yields its :class:`DocumentError` and the others go on.
    """
    if isinstance(published, str):
        parse_iso_date(published)  # fail early on a bad --published
    items = list(inputs) if not isinstance(inputs, list) else inputs
    docs: Iterable[Document | DocumentError]
    if items and all(isinstance(x, Document) for x in items):
        docs = items  # type: ignore[assignment]
    else:
        kw = {} if max_bytes is None else {"max_bytes": max_bytes}
        docs = read_documents([str(x) for x in items], **kw)
    for doc in docs:
        if isinstance(doc, DocumentError):
            yield doc
            continue
        try:
            yield process_document(doc, published=published, gazetteer=gazetteer)
        except DocumentError as exc:
            yield exc
