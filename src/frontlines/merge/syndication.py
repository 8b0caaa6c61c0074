"""Syndicated copies: the same article (wire text, a reprint) published by several outlets.

A copy is one report, not corroboration. Bodies are compared as sets of word 5-shingles through
MinHash signatures; MinHashLSH finds the stored documents that may be near-identical and the
signatures confirm it. Two articles written apart about the same event share few five-word runs
and stay separate reports.

Signatures are stored beside the documents (`document_minhashes`), written in the transaction
that stores the document, so the index is rebuilt exactly at the start of every ingest.
"""

from __future__ import annotations

import re

import numpy as np
from datasketch import LeanMinHash, MinHash, MinHashLSH
from sqlalchemy import Table, select
from sqlalchemy.engine import Engine

from ..store.schema import documents, minhashes

NUM_PERM = 128
SHINGLE_WORDS = 5
# Estimated Jaccard similarity of the shingle sets from which a body is a copy. Copies differ by
# a headline, a dateline, a credit line; a daily report filled into the same template with other
# places and tolls must stay below it.
SIMILARITY = 0.8
# The LSH only proposes candidates; at its own threshold 0.8 it would miss 60% of the pairs at
# exactly 0.8. At 0.6 (18 bands of 7 rows) it finds 98.6% of them and 99.9% of those at 0.85.
_CANDIDATE_THRESHOLD = 0.6
# Pinned: stored signatures are only comparable with signatures made the same way.
_SEED = 1
_SCHEME = "affine32"
_DTYPE = np.dtype("<u4")

_WORD = re.compile(r"\w+")

def signature(body: str) -> LeanMinHash | None:
    """MinHash of the body's word 5-shingles, case and punctuation ignored; None under five words."""
    words = _WORD.findall(body.lower())
    if len(words) < SHINGLE_WORDS:
        return None
    shingles = {" ".join(words[i : i + SHINGLE_WORDS]) for i in range(len(words) - SHINGLE_WORDS + 1)}
    minhash = MinHash(num_perm=NUM_PERM, seed=_SEED, scheme=_SCHEME)
    minhash.update_batch([s.encode("utf-8") for s in shingles])
    return LeanMinHash(minhash)


class SyndicationIndex:
    """The signatures of stored documents, to find the first stored copy of a new body."""

    def __init__(self) -> None:
        self._lsh = MinHashLSH(threshold=_CANDIDATE_THRESHOLD, num_perm=NUM_PERM)
        self._signatures: dict[str, np.ndarray] = {}
        self._original: dict[str, str] = {}  # document id → the first stored copy of its text

    @classmethod
    def load(cls, engine: Engine) -> SyndicationIndex:
        index = cls()
        query = select(minhashes.c.document_id, minhashes.c.signature, documents.c.syndicated_of).join(documents)
        with engine.connect() as conn:
            for doc_id, blob, syndicated_of in conn.execute(query):
                values = np.frombuffer(blob, dtype=_DTYPE)
                index.add(doc_id, LeanMinHash(seed=_SEED, hashvalues=values, scheme=_SCHEME), syndicated_of)
        return index

    def original_of(self, sig: LeanMinHash) -> str | None:
        """The id of the first stored copy of this text, or None when no stored body is near-identical."""
        values = sig.hashvalues
        scored = []
        for doc_id in self._lsh.query(sig):
            similarity = float(np.mean(self._signatures[doc_id] == values))
            if similarity >= SIMILARITY:
                scored.append((-similarity, doc_id))
        if not scored:
            return None
        # The LSH answers a set; the id breaks ties so that every run picks the same copy.
        return self._original[min(scored)[1]]

    def add(self, doc_id: str, sig: LeanMinHash, syndicated_of: str | None) -> None:
        """Index a stored document, with its `syndicated_of` as stored."""
        self._lsh.insert(doc_id, sig, check_duplication=False)
        self._signatures[doc_id] = np.asarray(sig.hashvalues, dtype=_DTYPE)
        self._original[doc_id] = syndicated_of or doc_id


def signature_row(doc_id: str, sig: LeanMinHash) -> tuple[Table, dict]:
    """The row that stores a document's signature, for `Store.add(extra_rows=…)`."""
    return minhashes, {"document_id": doc_id, "signature": np.asarray(sig.hashvalues, dtype=_DTYPE).tobytes()}
