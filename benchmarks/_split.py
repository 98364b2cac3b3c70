"""Deterministic dev/test split of evaluation documents.

Every benchmark and any future training script (e.g. a ranker trained on the ``dev`` half) must
use this one rule so that ``test`` documents are never seen during development::

    split = "dev" if int(sha1(doc_id.encode("utf-8")).hexdigest(), 16) % 2 == 0 else "test"

The rule depends only on the document id, so it is stable across corpus re-orderings, ``--limit``
values, machines and Python versions.
"""

from __future__ import annotations

import hashlib
from typing import Final, Literal

Split = Literal["dev", "test"]

SPLITS: Final[tuple[Split, Split]] = ("dev", "test")


def split_of(doc_id: str) -> Split:
    """Return ``"dev"`` or ``"test"`` for a document id (SHA-1 of the UTF-8 id, parity)."""
    digest = hashlib.sha1(doc_id.encode("utf-8")).hexdigest()
    return "dev" if int(digest, 16) % 2 == 0 else "test"
