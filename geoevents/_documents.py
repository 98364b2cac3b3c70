"""Reading input documents.

Inputs are ``.txt`` files, HTML pages (``.html``/``.htm``), JSON Lines (``.jsonl``/``.ndjson``,
one object with a ``text`` field per line), CSV files with a ``text`` column, directories of
these, glob patterns (``"articles/**/*.txt"``, expanded here so that quoted patterns work on
every shell), and ``-`` for standard input (JSON Lines when it starts with ``{``, else one
text).

Encodings. Text files, HTML pages, CSV files and standard input are UTF-8 (a byte-order mark
is allowed, and UTF-16 needs one). One that is not valid UTF-8 but reads as Windows-1252 text
-- no bytes that Windows-1252 leaves undefined, hardly any control bytes, and fewer bytes
above 0x7F than ASCII letters -- is decoded as Windows-1252 (or, when it mixes the two, as
UTF-8 with the other bytes read as Windows-1252), and the document says so in
:attr:`Document.encoding` and :attr:`Document.notes`. Anything else is a
:class:`DocumentError` that names the file and the first bad byte. JSON Lines are strict
UTF-8, as JSON requires: a bad line is an error naming the line.

HTML. An ``.html``/``.htm`` file, or any text that starts like an HTML document
(``<!DOCTYPE html``, ``<html``...) or is full of tags, is reduced to the text a reader sees:
scripts, styles, navigation, footers, forms and the head are dropped (the ``<title>`` becomes
:attr:`Document.title` when there is none), block elements become line breaks, character
references are decoded and whitespace is collapsed. Offsets of place mentions are offsets in
that text, :attr:`Document.text`.
"""

from __future__ import annotations

import codecs
import csv
import glob
import io
import json
import logging
import re
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO, NamedTuple

from ._exceptions import DocumentError
from ._html import html_page, looks_like_html

if TYPE_CHECKING:
    from _typeshed import WriteableBuffer

__all__ = ["Document", "read_documents", "MAX_BYTES", "INPUT_SUFFIXES"]

log = logging.getLogger(__name__)

#: Largest document read by default (bytes); bigger files are reported, not read.
MAX_BYTES = 10_000_000

#: File name endings read as documents (others are read as plain text when named directly).
INPUT_SUFFIXES = (".txt", ".jsonl", ".ndjson", ".csv", ".html", ".htm")

_HTML_SUFFIXES = (".html", ".htm")

#: Optional CSV columns (lower-cased) and the :class:`Document` field each fills.
_CSV_FIELDS = {"id": "id", "published": "published", "url": "url", "title": "title",
               "source": "outlet"}


@dataclass(frozen=True, slots=True)
class Document:
    """One input article.

    Parameters
    ----------
    id : str
        Document id: the file name without extension, or the JSONL/CSV ``id`` (default
        ``<file stem>-<line>`` for JSON Lines, ``<file stem>-<row>`` for CSV).
    text : str
        The article text. For HTML input, the text extracted from the page: every offset
        reported for the document (place mentions, evidence sentences) is into this text.
    published : str or None
        Publication date (ISO 8601) when the input gives one (for HTML, also a
        ``<meta property="article:published_time">`` or similar).
    source : str
        Where it was read from (file name, or file name and line).
    url, title, outlet : str or None
        Optional metadata from JSON Lines fields or CSV columns (``url``, ``title``,
        ``source``), or an HTML page's canonical link and ``<title>``.
    encoding : str, default "utf-8"
        How the bytes were decoded: ``"utf-8"``, ``"utf-8-sig"`` (with a byte-order mark),
        ``"utf-16"``, ``"cp1252"`` (Windows-1252, for a file that is not UTF-8),
        ``"utf-8+cp1252"`` (UTF-8 with some Windows-1252 bytes), or the ``<meta charset>`` of
        an HTML page that is not UTF-8.
    notes : tuple of str, default ()
        What was done to read the document that a reader may want to know: a non-UTF-8
        encoding, HTML markup removed.

    Examples
    --------
    >>> Document("story-1", "Rockets hit Ashkelon on Monday.", published="2021-05-10").id
    'story-1'
    """

    id: str
    text: str
    published: str | None = None
    source: str = ""
    url: str | None = None
    title: str | None = None
    outlet: str | None = None
    encoding: str = "utf-8"
    notes: tuple[str, ...] = ()


# --- decoding --------------------------------------------------------------------------------
_UTF8_BOM = b"\xef\xbb\xbf"
_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")
#: Bytes below 0x20 that text has no business holding (all but \t \n \v \f \r), and DEL.
_CONTROL_BYTES = bytes([*range(0x00, 0x09), *range(0x0E, 0x20), 0x7F])
_ASCII_LETTERS = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
_HIGH_BYTES = bytes(range(0x80, 0x100))
#: Bytes that Windows-1252 leaves undefined, as ``surrogateescape`` gives them.
_CP1252_UNDEFINED_BYTES = b"\x81\x8d\x8f\x90\x9d"
_CP1252_UNDEFINED = _CP1252_UNDEFINED_BYTES.decode("utf-8", "surrogateescape")
_ESCAPED = re.compile("[\udc80-\udcff]")
_SURROGATE = re.compile("[\ud800-\udfff]")
#: A byte that ``surrogateescape`` kept (U+DC80 + byte) -> the Windows-1252 character.
_ESCAPED_TO_CP1252 = {0xDC00 + b: bytes([b]).decode("cp1252") for b in range(0x80, 0x100)
                      if chr(0xDC00 + b) not in _CP1252_UNDEFINED}


@dataclass(slots=True)
class _Scan:
    """Byte statistics of data that is not valid UTF-8 (summed over chunks)."""

    size: int = 0
    emitted: int = 0  # bytes decoded before the first bad one was found
    first_bad: int = -1  # offset of the first byte that is not part of valid UTF-8
    first_byte: bytes = b""
    bad: int = 0  # bytes that are not part of valid UTF-8
    multibyte: int = 0  # valid non-ASCII UTF-8 characters
    undefined: int = 0  # bad bytes that Windows-1252 does not define either
    undefined_anywhere: int = 0  # bytes that Windows-1252 does not define, bad or not
    controls: int = 0
    letters: int = 0  # ASCII letters

    def add(self, chunk: bytes, text: str) -> None:
        """Count ``chunk``, which an incremental ``surrogateescape`` decoder made ``text``."""
        bad = len(_ESCAPED.findall(text))
        if self.first_bad < 0:
            m = _ESCAPED.search(text)
            if m is None:
                self.emitted += len(text.encode("utf-8", "surrogateescape"))
            else:
                self.first_bad = self.emitted + len(text[:m.start()].encode("utf-8"))
                self.first_byte = m.group().encode("utf-8", "surrogateescape")
        self.bad += bad
        # ASCII bytes are never held back by the decoder: ASCII characters == ASCII bytes
        high = len(chunk) - len(chunk.translate(None, _HIGH_BYTES))
        self.multibyte += len(text) - (len(chunk) - high) - bad
        self.undefined += sum(text.count(c) for c in _CP1252_UNDEFINED)
        self.undefined_anywhere += len(chunk) - len(chunk.translate(None, _CP1252_UNDEFINED_BYTES))
        self.controls += len(chunk) - len(chunk.translate(None, _CONTROL_BYTES))
        self.letters += len(chunk) - len(chunk.translate(None, _ASCII_LETTERS))
        self.size += len(chunk)


def _scan(chunks: Iterable[bytes], *, offset: int = 0) -> _Scan:
    """The statistics of data given in chunks; ``offset``: bytes before the first chunk."""
    scan = _Scan(emitted=offset)
    decoder = codecs.getincrementaldecoder("utf-8")("surrogateescape")
    for chunk in chunks:
        scan.add(chunk, decoder.decode(chunk))
    scan.add(b"", decoder.decode(b"", final=True))
    return scan


def _fallback(scan: _Scan, source: str) -> tuple[str, str]:
    """``(encoding, note)`` for data that is not UTF-8, or a DocumentError saying why not.

    ``"cp1252"`` when the data is Windows-1252 text; ``"utf-8+cp1252"`` when it is mostly
    valid UTF-8 with some Windows-1252 bytes (files joined together, a bad edit).
    """
    where = f"is not valid UTF-8 (byte {scan.first_bad:,}: {scan.first_byte!r})"
    fix = "re-encode it as UTF-8"
    if scan.controls > scan.size // 1000:
        raise DocumentError(source, f"{where} and holds {scan.controls:,} control bytes: it "
                            "looks like a binary file, not text")
    if scan.undefined:
        raise DocumentError(source, f"{where}, nor Windows-1252 text (it has bytes that "
                            f"Windows-1252 does not define); {fix}")
    if scan.bad > scan.letters:
        raise DocumentError(source, f"{where}, and it has more bytes above 0x7F than ASCII "
                            "letters: it is not Windows-1252 text either, but another "
                            f"encoding (Windows-1251, ISO-8859-7, Shift JIS...?); {fix}")
    if scan.bad >= scan.multibyte and not scan.undefined_anywhere:
        return "cp1252", f"{where}; read as Windows-1252"
    return "utf-8+cp1252", (f"{where}; read as UTF-8, with its {scan.bad:,} other byte(s) as "
                            "Windows-1252")


def _mixed(data: bytes) -> str:
    """UTF-8 where it is valid, the other bytes as Windows-1252 (checked by :func:`_fallback`)."""
    return data.decode("utf-8", "surrogateescape").translate(_ESCAPED_TO_CP1252)


_META_CHARSET = re.compile(rb"<meta[^>]{0,500}?charset\s*=\s*[\"']?\s*([A-Za-z0-9_.:-]{1,40})",
                           re.IGNORECASE)
#: Labels that WHATWG's Encoding Standard decodes as Windows-1252.
_LATIN1_LABELS = frozenset({"iso8859-1", "latin-1", "ascii", "cp1252"})


def _meta_charset(data: bytes) -> str | None:
    """The Python codec named by an HTML page's ``<meta charset>`` (first 2 kB), if any."""
    m = _META_CHARSET.search(data[:2048])
    if m is None:
        return None
    try:
        name = codecs.lookup(m.group(1).decode("ascii")).name
    except LookupError:
        return None
    if name in _LATIN1_LABELS:
        return "cp1252"
    return None if name.startswith("utf") else name


def _decode(data: bytes, source: str, *, html: bool = False) -> tuple[str, str, str | None]:
    """``(text, encoding, note)`` of a whole text file; DocumentError if it is not text."""
    if data.startswith(_UTF16_BOMS):
        try:
            return data.decode("utf-16"), "utf-16", None
        except UnicodeDecodeError as exc:
            raise DocumentError(source, f"starts with a UTF-16 byte-order mark but is not "
                                f"valid UTF-16 (byte {exc.start:,}: {exc.reason}); re-encode "
                                "it as UTF-8") from None
    if b"\x00" in data[:4096]:
        head = data[:4096]
        hint = (" (UTF-16 without a byte-order mark? re-save it as UTF-8)"
                if head.count(b"\x00") * 3 > len(head) else "")
        raise DocumentError(source, f"looks like a binary file (contains NUL bytes), not "
                            f"text{hint}")
    bom = data.startswith(_UTF8_BOM)
    body = data[3:] if bom else data
    try:
        return body.decode("utf-8"), "utf-8-sig" if bom else "utf-8", None
    except UnicodeDecodeError:
        pass
    charset = _meta_charset(data) if html and not bom else None
    if charset is not None and charset != "cp1252":
        try:
            return (data.decode(charset), charset,
                    f"is not valid UTF-8; read as {charset} (its <meta charset>)")
        except UnicodeDecodeError:
            pass
    encoding, note = _fallback(_scan([body], offset=3 if bom else 0), source)
    log.warning("%s: %s", source, note)
    if encoding == "cp1252":
        return body.decode("cp1252"), encoding, note
    return _mixed(body), encoding, note


class _Fields(NamedTuple):
    text: str
    title: str | None
    published: str | None
    url: str | None
    notes: tuple[str, ...]


def _from_html(text: str, *, force: bool = False) -> _Fields | None:
    """The text and metadata of an HTML page; None when ``text`` is not HTML (or empty)."""
    if not force and not looks_like_html(text):
        return None
    page = html_page(text)
    return _Fields(page.text, page.title, page.published, page.url,
                   ("HTML: markup removed; offsets are into the extracted text",))


def _text_document(data: bytes, doc_id: str, source: str, *, html: bool) -> Document:
    """A document from the bytes of one text or HTML file; DocumentError if it is not one."""
    text, encoding, note = _decode(data, source, html=html)
    notes: tuple[str, ...] = (note,) if note else ()
    page = _from_html(text, force=html)
    title = published = url = None
    if page is not None:
        if not page.text.strip() and text.strip():
            raise DocumentError(source, "is an HTML page with no text outside its markup")
        text, title, published, url = page.text, page.title, page.published, page.url
        notes += page.notes
    if not text.strip():
        raise DocumentError(source, "is empty")
    if page is not None:
        log.info("%s: %s", source, page.notes[0])
    return Document(doc_id, text, published, source, url, title, None, encoding, notes)


def _read_txt(path: Path, max_bytes: int) -> Document:
    size = path.stat().st_size
    if size > max_bytes:
        raise DocumentError(str(path), f"is {size:,} bytes, over the limit of {max_bytes:,}")
    with path.open("rb") as f:  # at most max_bytes + 1: a device or growing file reports 0
        data = f.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise DocumentError(str(path), f"is over the limit of {max_bytes:,} bytes")
    return _text_document(data, path.stem, str(path),
                          html=path.suffix.lower() in _HTML_SUFFIXES)


# --- JSON Lines ------------------------------------------------------------------------------
def _line_limit(max_bytes: int) -> int:
    # a text of max_bytes may take 6 times as many bytes in JSON ("\u0001"), plus other fields
    return 6 * max_bytes + 65_536


def _lines(f: BinaryIO, limit: int, first_line: int) -> Iterator[tuple[int, bytes | None]]:
    """``(line number, line)``; the line is None when longer than ``limit`` (then skipped).

    Memory is bounded by ``limit``, however long a line is.
    """
    lineno = first_line - 1
    while raw := f.readline(limit + 1):
        lineno += 1
        if len(raw) > limit and not raw.endswith(b"\n"):
            while (rest := f.readline(1 << 20)) and not rest.endswith(b"\n"):
                pass
            yield lineno, None
        else:
            yield lineno, raw


def _jsonl_lines(f: BinaryIO, where: str, stem: str, max_bytes: int, *, first_line: int = 1
                 ) -> Iterator[Document | DocumentError]:
    # first_line: the line number of f's first line (a byte range of a file, read by Dask)
    limit = _line_limit(max_bytes)
    for lineno, raw in _lines(f, limit, first_line):
        src = f"{where}:{lineno}"
        if raw is None:
            yield DocumentError(src, f"is a line of more than {limit:,} bytes; a document's "
                                f"text is limited to {max_bytes:,} bytes")
            continue
        if lineno == 1:
            if raw.startswith(_UTF16_BOMS):
                yield DocumentError(where, "is UTF-16 (it starts with a UTF-16 byte-order "
                                    "mark); JSON Lines must be UTF-8: re-encode it as UTF-8")
                return
            raw = raw.removeprefix(_UTF8_BOM)
        if not raw.strip():
            continue
        try:
            line = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            yield DocumentError(src, f"is not valid UTF-8 (byte {exc.start:,} of the line: "
                                f"{raw[exc.start:exc.start + 1]!r}); JSON Lines must be "
                                "UTF-8: re-encode the file as UTF-8")
            continue
        try:
            rec = json.loads(line)
        except json.JSONDecodeError as exc:
            yield DocumentError(src, f"is not valid JSON ({exc.msg} at column {exc.colno})")
            continue
        if not isinstance(rec, dict) or not isinstance(rec.get("text"), str):
            yield DocumentError(src, "needs a JSON object with a string 'text' field")
            continue
        if len(rec["text"].encode("utf-8", "surrogatepass")) > max_bytes:
            yield DocumentError(src, f"text is over the limit of {max_bytes:,} bytes")
            continue
        # JSON may hold lone surrogates ("\\ud800"), which no output could encode; a strict
        # UTF-8 line can only get them from a \\uDxxx escape
        fix = (b"\\ud" in raw or b"\\uD" in raw) and any(
            isinstance(v, str) and _SURROGATE.search(v) for v in rec.values())
        notes = ("lone UTF-16 surrogates replaced by U+FFFD",) if fix else ()

        def opt(key: str, rec: dict[str, object] = rec, fix: bool = fix) -> str | None:
            v = rec.get(key)
            if v in (None, ""):
                return None
            return _SURROGATE.sub("\ufffd", str(v)) if fix else str(v)

        doc_id = opt("id") if rec.get("id") is not None else f"{stem}-{lineno}"
        text = _SURROGATE.sub("\ufffd", rec["text"]) if fix else rec["text"]
        yield _record(str(doc_id), text, opt("published") if rec.get("published") else None,
                      src, opt("url"), opt("title"), opt("source"), notes=notes)


def _record(doc_id: str, text: str, published: str | None, source: str, url: str | None,
            title: str | None, outlet: str | None, *, encoding: str = "utf-8",
            notes: tuple[str, ...] = ()) -> Document | DocumentError:
    """A JSON Lines or CSV document; HTML in its text is reduced to text."""
    page = _from_html(text)
    if page is not None:
        if not page.text.strip():
            return DocumentError(source, "has an HTML text with no text outside its markup")
        text, notes = page.text, notes + page.notes
        title, published, url = title or page.title, published or page.published, url or page.url
        log.info("%s: %s", source, page.notes[0])
    return Document(doc_id, text, published, source, url, title, outlet, encoding, notes)


def _read_jsonl(path: Path, max_bytes: int) -> Iterator[Document | DocumentError]:
    with path.open("rb") as f:
        yield from _jsonl_lines(f, str(path), path.stem, max_bytes)


# --- CSV -------------------------------------------------------------------------------------
_CHUNK = 1 << 20


def _csv_encoding(path: Path) -> tuple[str, str | None]:
    """``(encoding, note)`` to open a CSV file with; DocumentError if it is not text.

    Valid UTF-8 is checked a block at a time; only a file that is not gets a second pass, to
    decide whether it is Windows-1252 (see :func:`_fallback`).
    """
    with path.open("rb") as f:
        head = f.read(4096)
        if head.startswith(_UTF16_BOMS):
            return "utf-16", None
        if b"\x00" in head:
            raise DocumentError(str(path), "looks like a binary file (contains NUL bytes), "
                                "not text")
        f.seek(0)
        decoder = codecs.getincrementaldecoder("utf-8")()
        try:
            while chunk := f.read(_CHUNK):
                decoder.decode(chunk)
            decoder.decode(b"", final=True)
            return "utf-8-sig", None
        except UnicodeDecodeError:
            pass
        f.seek(0)
        scan = _scan(iter(lambda: f.read(_CHUNK), b""))
    return _fallback(scan, str(path))


def _read_csv(path: Path, max_bytes: int) -> Iterator[Document | DocumentError]:
    try:
        encoding, note = _csv_encoding(path)
    except DocumentError as exc:
        yield exc
        return
    if note:
        log.warning("%s: %s", path, note)
    notes = (note,) if note else ()
    mixed = encoding == "utf-8+cp1252"
    old_limit = csv.field_size_limit()
    csv.field_size_limit(max(old_limit, max_bytes + 1))  # an article is one (large) cell
    try:
        with path.open("r", encoding="utf-8-sig" if mixed else encoding,
                       errors="surrogateescape" if mixed else "strict", newline="") as f:
            lines: Iterable[str] = (
                (line.translate(_ESCAPED_TO_CP1252) for line in f) if mixed else f)
            reader = csv.reader(lines)
            try:
                header = next(reader, None)
            except (csv.Error, UnicodeDecodeError) as exc:
                yield DocumentError(str(path), f"is not a readable CSV file ({exc})")
                return
            if header is None:
                yield DocumentError(str(path), "is empty")
                return
            cols = [h.strip().lower() for h in header]
            if "text" not in cols:
                yield DocumentError(
                    str(path), f"has no 'text' column (columns: {', '.join(header) or 'none'}); "
                    "a CSV input needs a 'text' column and may have id, published, url, title "
                    "and source columns"
                )
                return
            where = {name: cols.index(name) for name in ("text", *_CSV_FIELDS) if name in cols}
            row_no = 0
            while True:
                lineno = reader.line_num + 1
                try:
                    row = next(reader)
                except StopIteration:
                    return
                except UnicodeDecodeError as exc:  # the file changed since it was checked
                    yield DocumentError(f"{path}:{lineno}", f"is not valid {encoding} "
                                        f"({exc.reason}); re-encode the file as UTF-8")
                    return
                except csv.Error as exc:
                    yield DocumentError(f"{path}:{lineno}", f"is not valid CSV ({exc})")
                    return
                if not any(cell.strip() for cell in row):
                    continue
                row_no += 1
                src = f"{path}:{lineno}"

                def cell(name: str, row: list[str] = row) -> str | None:
                    i = where.get(name)
                    v = row[i].strip() if i is not None and i < len(row) else ""
                    return v or None

                text = row[where["text"]] if where["text"] < len(row) else ""
                if not text.strip():
                    yield DocumentError(src, "has an empty 'text' cell")
                    continue
                if len(text.encode("utf-8", "surrogatepass")) > max_bytes:
                    yield DocumentError(src, f"text is over the limit of {max_bytes:,} bytes")
                    continue
                yield _record(cell("id") or f"{path.stem}-{row_no}", text, cell("published"),
                              src, cell("url"), cell("title"), cell("source"),
                              encoding=encoding.replace("utf-8-sig", "utf-8"), notes=notes)
    finally:
        csv.field_size_limit(old_limit)


# --- standard input --------------------------------------------------------------------------
def read_stream(data: bytes, *, name: str = "stdin", max_bytes: int = MAX_BYTES
                ) -> Iterator[Document | DocumentError]:
    """Documents in bytes read from a stream: JSON Lines when it starts with ``{``, else one text.

    Parameters
    ----------
    data : bytes
        Everything read from the stream.
    name : str, optional, default "stdin"
        The id of a plain-text document, and the source named in errors.
    max_bytes : int, optional, default :data:`MAX_BYTES`
        Documents larger than this are reported instead of read.

    Examples
    --------
    >>> [d.id for d in read_stream(b'{"id": "a", "text": "In Gaza."}\\n')]
    ['a']
    """
    yield from _read_stdin(io.BytesIO(data), name=name, max_bytes=max_bytes)


class _Prefixed(io.RawIOBase):
    """A binary stream: ``head``, then the rest of ``stream``."""

    def __init__(self, head: bytes, stream: BinaryIO) -> None:
        self.head = memoryview(head)
        self.stream = stream

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: WriteableBuffer) -> int:
        view = memoryview(buffer).cast("B")
        if len(self.head):
            n = min(len(view), len(self.head))
            view[:n] = self.head[:n]
            self.head = self.head[n:]
            return n
        data = self.stream.read(len(view))
        view[:len(data)] = data
        return len(data)


def _read_stdin(stream: BinaryIO, *, name: str = "stdin", max_bytes: int = MAX_BYTES
                ) -> Iterator[Document | DocumentError]:
    """Documents of a stream, read as it comes: JSON Lines a line at a time, or one text."""
    head = b""
    while not head.strip() and (chunk := stream.read(_CHUNK)):
        head += chunk
        if len(head) > max_bytes:
            break
    if head.lstrip()[:1] == b"{":
        yield from _jsonl_lines(io.BufferedReader(_Prefixed(head, stream)), name, name,
                                max_bytes)
        return
    data = head + stream.read(max_bytes + 1 - len(head)) if len(head) <= max_bytes else head
    if len(data) > max_bytes:
        size = len(data)
        while chunk := stream.read(_CHUNK):  # count the rest, without keeping it
            size += len(chunk)
        yield DocumentError(name, f"is {size:,} bytes, over the limit of {max_bytes:,}")
        return
    try:
        yield _text_document(data, name, name, html=False)
    except DocumentError as exc:
        yield exc


# --- inputs ----------------------------------------------------------------------------------
def _is_glob(item: str) -> bool:
    return any(ch in item for ch in "*?[")


def read_documents(inputs: Iterable[str | Path], *, max_bytes: int = MAX_BYTES,
                   stdin: BinaryIO | None = None) -> Iterator[Document | DocumentError]:
    """Yield the documents of the inputs, and a :class:`DocumentError` for each bad one.

    Parameters
    ----------
    inputs : iterable of str or Path
        ``.txt`` files, ``.html``/``.htm`` pages (reduced to their text), ``.jsonl``/
        ``.ndjson`` files, ``.csv`` files with a ``text`` column (optional ``id``,
        ``published``, ``url``, ``title``, ``source`` columns), directories (their files with
        these endings, sorted by name), glob patterns (``*``, ``?``, ``[...]``, ``**``; matches
        sorted by name) or ``"-"`` for standard input. Any other file named directly is read
        as plain text. Text that is HTML is reduced to its text too, and a file that is not
        UTF-8 but Windows-1252 is decoded as such (see the module docstring).
    max_bytes : int, optional, default :data:`MAX_BYTES`
        Documents larger than this are reported instead of read.
    stdin : binary file, optional, default None
        The stream ``"-"`` reads (``sys.stdin.buffer`` when None).

    Yields
    ------
    Document or DocumentError
        Errors are yielded, not raised, so one bad file never stops a batch. Documents are
        read lazily, one at a time (JSON Lines and CSV a line or row at a time, standard
        input too), so memory does not grow with the size of the input.

    Examples
    --------
    >>> docs = list(read_documents(["seeds"]))  # doctest: +SKIP
    """
    for item in inputs:
        if isinstance(item, str) and item == "-":
            stream = stdin if stdin is not None else sys.stdin.buffer
            yield from _read_stdin(stream, max_bytes=max_bytes)
            continue
        path = Path(item)
        if isinstance(item, str) and not path.exists() and _is_glob(item):
            matches = sorted(glob.glob(item, recursive=True))
            matched = [m for m in matches if Path(m).is_file()]
            if not matched:
                yield DocumentError(item, "matches no files (a glob pattern)")
            yield from read_documents(matched, max_bytes=max_bytes)
            continue
        if path.is_dir():
            files = sorted(p for p in path.iterdir()
                           if p.is_file() and p.suffix.lower() in INPUT_SUFFIXES)
            if not files:
                yield DocumentError(str(path), "directory has no .txt, .html, .htm, .jsonl, "
                                    ".ndjson or .csv files")
            yield from read_documents(files, max_bytes=max_bytes)
            continue
        if not path.exists():
            yield DocumentError(str(path), "does not exist")
            continue
        try:
            suffix = path.suffix.lower()
            if suffix in (".jsonl", ".ndjson"):
                yield from _read_jsonl(path, max_bytes)
            elif suffix == ".csv":
                yield from _read_csv(path, max_bytes)
            else:
                yield _read_txt(path, max_bytes)
        except DocumentError as exc:
            yield exc
        except OSError as exc:
            yield DocumentError(str(path), f"cannot be read: {exc.strerror or exc}")
