"""Reading input documents: ``.txt`` files, directories of them, and JSON Lines."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from ._exceptions import DocumentError

__all__ = ["Document", "read_documents", "MAX_BYTES"]

#: Largest document read by default (bytes); bigger files are reported, not read.
MAX_BYTES = 10_000_000


@dataclass(frozen=True, slots=True)
class Document:
    """One input article.

    Parameters
    ----------
    id : str
        Document id: the file name without extension, or the JSONL ``id``.
    text : str
        The article text.
    published : str or None
        Publication date (ISO 8601) when the input gives one.
    source : str
        Where it was read from (file name, or file name and line).
    url, title, outlet : str or None
        Optional metadata from JSON Lines (``url``, ``title``, ``source``).
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


def _read_jsonl(path: Path, max_bytes: int) -> Iterator[Document | DocumentError]:
    with path.open("rb") as f:
        for lineno, raw in enumerate(f, 1):
            src = f"{path}:{lineno}"
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
            doc_id = str(rec.get("id") if rec.get("id") is not None else f"{path.stem}-{lineno}")
            pub = rec.get("published")

            def opt(key: str, rec: dict[str, object] = rec) -> str | None:
                v = rec.get(key)
                return str(v) if v not in (None, "") else None

            yield Document(doc_id, rec["text"], str(pub) if pub else None, src,
                           opt("url"), opt("title"), opt("source"))


def read_documents(inputs: Iterable[str | Path], *, max_bytes: int = MAX_BYTES
                   ) -> Iterator[Document | DocumentError]:
    """Yield the documents of the inputs, and a :class:`DocumentError` for each bad one.

    Parameters
    ----------
    inputs : iterable of str or Path
        ``.txt`` files, ``.jsonl`` files, or directories (their ``*.txt`` and ``*.jsonl``
        files, sorted by name).
    max_bytes : int, optional, default :data:`MAX_BYTES`
        Documents larger than this are reported instead of read.

    Yields
    ------
    Document or DocumentError
        Errors are yielded, not raised, so one bad file never stops a batch.
    """
    for item in inputs:
        path = Path(item)
        if path.is_dir():
            files = sorted(p for p in path.iterdir()
                           if p.is_file() and p.suffix.lower() in (".txt", ".jsonl"))
            if not files:
                yield DocumentError(str(path), "directory has no .txt or .jsonl files")
            yield from read_documents(files, max_bytes=max_bytes)
            continue
        if not path.exists():
            yield DocumentError(str(path), "does not exist")
            continue
        try:
            if path.suffix.lower() in (".jsonl", ".ndjson"):
                yield from _read_jsonl(path, max_bytes)
            else:
                yield _read_txt(path, max_bytes)
        except DocumentError as exc:
            yield exc
        except OSError as exc:
            yield DocumentError(str(path), f"cannot be read: {exc.strerror or exc}")
