"""Reading input documents.

Inputs are ``.txt`` files, JSON Lines (``.jsonl``/``.ndjson``, one object with a ``text``
field per line), CSV files with a ``text`` column, directories of these, glob patterns
(``"articles/**/*.txt"``, expanded here so that quoted patterns work on every shell), and
``-`` for standard input (JSON Lines when it starts with ``{``, else one text).
"""

from __future__ import annotations

import csv
import glob
import io
import json
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from ._exceptions import DocumentError

__all__ = ["Document", "read_documents", "MAX_BYTES", "INPUT_SUFFIXES"]

#: Largest document read by default (bytes); bigger files are reported, not read.
MAX_BYTES = 10_000_000

#: File name endings read as documents (others are read as plain text when named directly).
INPUT_SUFFIXES = (".txt", ".jsonl", ".ndjson", ".csv")

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
        The article text.
    published : str or None
        Publication date (ISO 8601) when the input gives one.
    source : str
        Where it was read from (file name, or file name and line).
    url, title, outlet : str or None
        Optional metadata from JSON Lines fields or CSV columns (``url``, ``title``,
        ``source``).

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


def _decode(data: bytes, source: str) -> str:
    if b"\x00" in data[:4096] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise DocumentError(source, "looks like a binary file (contains NUL bytes), not text")
    for bom, enc in ((b"\xef\xbb\xbf", "utf-8-sig"), (b"\xff\xfe", "utf-16"),
                     (b"\xfe\xff", "utf-16")):
        if data.startswith(bom):
            return data.decode(enc)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise DocumentError(
            source, f"is not valid UTF-8 (byte {exc.start}: {data[exc.start:exc.start + 1]!r}); "
            "re-encode it as UTF-8"
        ) from exc


def _read_txt(path: Path, max_bytes: int) -> Document:
    size = path.stat().st_size
    if size > max_bytes:
        raise DocumentError(str(path), f"is {size:,} bytes, over the limit of {max_bytes:,}")
    text = _decode(path.read_bytes(), str(path))
    if not text.strip():
        raise DocumentError(str(path), "is empty")
    return Document(path.stem, text, None, str(path))


def _jsonl_lines(f: BinaryIO, where: str, stem: str, max_bytes: int
                 ) -> Iterator[Document | DocumentError]:
    for lineno, raw in enumerate(f, 1):
        src = f"{where}:{lineno}"
        if not raw.strip():
            continue
        try:
            rec = json.loads(_decode(raw, src))
        except DocumentError as exc:
            yield exc
            continue
        except json.JSONDecodeError as exc:
            yield DocumentError(src, f"is not valid JSON ({exc.msg} at column {exc.colno})")
            continue
        if not isinstance(rec, dict) or not isinstance(rec.get("text"), str):
            yield DocumentError(src, "needs a JSON object with a string 'text' field")
            continue
        if len(rec["text"].encode("utf-8")) > max_bytes:
            yield DocumentError(src, f"text is over the limit of {max_bytes:,} bytes")
            continue
        doc_id = str(rec.get("id") if rec.get("id") is not None else f"{stem}-{lineno}")
        pub = rec.get("published")

        def opt(key: str, rec: dict[str, object] = rec) -> str | None:
            v = rec.get(key)
            return str(v) if v not in (None, "") else None

        yield Document(doc_id, rec["text"], str(pub) if pub else None, src,
                       opt("url"), opt("title"), opt("source"))


def _read_jsonl(path: Path, max_bytes: int) -> Iterator[Document | DocumentError]:
    with path.open("rb") as f:
        yield from _jsonl_lines(f, str(path), path.stem, max_bytes)


def _read_csv(path: Path, max_bytes: int) -> Iterator[Document | DocumentError]:
    old_limit = csv.field_size_limit()
    csv.field_size_limit(max(old_limit, max_bytes + 1))  # an article is one (large) cell
    try:
        with path.open("r", encoding="utf-8-sig", newline="") as f:
            reader = csv.reader(f)
            try:
                header = next(reader, None)
            except (csv.Error, UnicodeDecodeError) as exc:
                yield DocumentError(str(path), f"is not a readable UTF-8 CSV file ({exc})")
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
                except UnicodeDecodeError as exc:
                    yield DocumentError(f"{path}:{lineno}", f"is not valid UTF-8 ({exc.reason}); "
                                        "re-encode the file as UTF-8")
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
                if len(text.encode("utf-8")) > max_bytes:
                    yield DocumentError(src, f"text is over the limit of {max_bytes:,} bytes")
                    continue
                yield Document(cell("id") or f"{path.stem}-{row_no}", text, cell("published"),
                               src, cell("url"), cell("title"), cell("source"))
    finally:
        csv.field_size_limit(old_limit)


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
    if data.lstrip()[:1] == b"{":
        yield from _jsonl_lines(io.BytesIO(data), name, name, max_bytes)
        return
    if len(data) > max_bytes:
        yield DocumentError(name, f"is {len(data):,} bytes, over the limit of {max_bytes:,}")
        return
    try:
        text = _decode(data, name)
    except DocumentError as exc:
        yield exc
        return
    if not text.strip():
        yield DocumentError(name, "is empty")
        return
    yield Document(name, text, None, name)


def _is_glob(item: str) -> bool:
    return any(ch in item for ch in "*?[")


def read_documents(inputs: Iterable[str | Path], *, max_bytes: int = MAX_BYTES,
                   stdin: BinaryIO | None = None) -> Iterator[Document | DocumentError]:
    """Yield the documents of the inputs, and a :class:`DocumentError` for each bad one.

    Parameters
    ----------
    inputs : iterable of str or Path
        ``.txt`` files, ``.jsonl``/``.ndjson`` files, ``.csv`` files with a ``text`` column
        (optional ``id``, ``published``, ``url``, ``title``, ``source`` columns), directories
        (their files with these endings, sorted by name), glob patterns (``*``, ``?``,
        ``[...]``, ``**``; matches sorted by name) or ``"-"`` for standard input. Any other
        file named directly is read as plain text.
    max_bytes : int, optional, default :data:`MAX_BYTES`
        Documents larger than this are reported instead of read.
    stdin : binary file, optional, default None
        The stream ``"-"`` reads (``sys.stdin.buffer`` when None).

    Yields
    ------
    Document or DocumentError
        Errors are yielded, not raised, so one bad file never stops a batch. Documents are
        read lazily, one at a time.

    Examples
    --------
    >>> docs = list(read_documents(["seeds"]))  # doctest: +SKIP
    """
    for item in inputs:
        if isinstance(item, str) and item == "-":
            stream = stdin if stdin is not None else sys.stdin.buffer
            yield from read_stream(stream.read(), max_bytes=max_bytes)
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
                yield DocumentError(str(path), "directory has no .txt, .jsonl, .ndjson or .csv "
                                    "files")
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
