"""The indexes grouping searches and compares with: nearest vectors and IDF-weighted bags of keys.

* :class:`VectorIndex` — a faiss HNSW graph over the stored lead embeddings (inner product): the nearest
  stored articles of a new one in sub-linear time.  This is the *blocking*: only those are compared in full.
* :class:`TermSpace` / :class:`Bags` — one kind of bag (actors, places, content words, figures) of every
  stored article and event as sparse integer-id vectors, with how many stored articles use each key, so that
  a key is weighed by its rarity in the store (inverse document frequency) and one query is compared with
  many bags in one numpy pass.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from numpy.typing import NDArray

HNSW_LINKS = 32
HNSW_EF = 128

TermVector = tuple[NDArray[Any], NDArray[Any]]  # sorted key ids, their counts


@dataclass(slots=True)
class VectorIndex:
    """Stored article vectors (unit length) in a faiss HNSW graph, searched by inner product."""

    order: list[str] = field(default_factory=list)  # row → article id
    _index: Any = None

    def __len__(self) -> int:
        return len(self.order)

    def add(self, article: str, vector: NDArray[np.float32]) -> None:
        row = np.ascontiguousarray(np.asarray(vector, dtype=np.float32)[None, :])
        if self._index is None:
            import faiss

            self._index = faiss.IndexHNSWFlat(row.shape[1], HNSW_LINKS, faiss.METRIC_INNER_PRODUCT)
            self._index.hnsw.efConstruction = HNSW_EF
            self._index.hnsw.efSearch = HNSW_EF
        self._index.add(row)
        self.order.append(article)

    def search(self, vector: NDArray[np.float32], k: int, floor: float) -> list[tuple[str, float]]:
        """The ``k`` stored articles nearest ``vector`` with a similarity of at least ``floor``, nearest first."""
        if self._index is None or not self.order:
            return []
        query = np.ascontiguousarray(np.asarray(vector, dtype=np.float32)[None, :])
        scores, rows = self._index.search(query, min(k, len(self.order)))
        return [(self.order[int(row)], float(score)) for score, row in zip(scores[0], rows[0], strict=True)
                if row >= 0 and score >= floor]


@dataclass(slots=True)
class TermSpace:
    """Keys as integer ids, with how many stored articles use each: IDF-weighted sparse cosines (sublinear
    counts, like TF-IDF) computed with numpy rather than key by key.

    ``floor`` is added to the IDF: with 1 (classic TF-IDF) a key every article uses still counts a little;
    with 0 it counts nothing — what story links use, so that a president named in most reports says nothing
    about which story a report belongs to."""

    ids: dict[str, int] = field(default_factory=dict)
    keys: list[str] = field(default_factory=list)  # id → key
    used_by: NDArray[np.float64] = field(default_factory=lambda: np.zeros(1024))  # key id → stored articles
    documents: int = 0

    def vector(self, terms: Mapping[str, float], grow: bool = False) -> TermVector:
        """The terms as ids (unseen keys are dropped, or given ids when ``grow``) and counts, by id."""
        pairs = []
        for word, count in terms.items():
            key = self.ids.get(word)
            if key is None and grow:
                key = self.ids[word] = len(self.keys)
                self.keys.append(word)
            if key is not None:
                pairs.append((key, count))
        pairs.sort()
        return np.array([k for k, _ in pairs], dtype=np.int32), np.array([c for _, c in pairs], dtype=np.float32)

    def add(self, terms: Mapping[str, float]) -> TermVector:
        """Count one more stored article using these terms; returns its vector."""
        vector = self.vector(terms, grow=True)
        self._grow()
        self.used_by[vector[0]] += 1
        self.documents += 1
        return vector

    def known(self, key: str, key_id: int, used_by: int) -> None:
        """A key as the store counts it — its id there and how many stored articles use it — when only part of
        the store is loaded (ids are the store's, so keys order alike however much of it is loaded)."""
        if key_id >= len(self.keys):
            self.keys.extend([""] * (key_id + 1 - len(self.keys)))
        self.keys[key_id] = key
        self.ids[key] = key_id
        self._grow()
        self.used_by[key_id] = used_by

    def reserve(self, next_id: int) -> None:
        """New keys get ids from ``next_id`` on (the store's next id, when only part of it is loaded)."""
        if next_id > len(self.keys):
            self.keys.extend([""] * (next_id - len(self.keys)))
            self._grow()

    def _grow(self) -> None:
        if len(self.keys) > len(self.used_by):
            self.used_by = np.concatenate([self.used_by, np.zeros(max(len(self.keys), 2 * len(self.used_by)))])

    def idf(self, ids: NDArray[Any], floor: float = 1.0) -> NDArray[np.float64]:
        idf: NDArray[np.float64] = np.log((max(self.documents, 1) + 1) / (self.used_by[ids] + 1)) + floor
        return idf

    def weights(self, vector: TermVector, floor: float = 1.0) -> NDArray[np.float64]:
        ids, counts = vector
        return np.log1p(counts) * np.maximum(self.idf(ids, floor), 0.0)

    def cosine(self, a: TermVector | None, b: TermVector | None, floor: float = 1.0) -> float:
        if a is None or b is None:
            return 0.0
        wa, wb = self.weights(a, floor), self.weights(b, floor)
        norm = float(np.linalg.norm(wa) * np.linalg.norm(wb))
        if not norm:
            return 0.0
        _, ia, ib = np.intersect1d(a[0], b[0], assume_unique=True, return_indices=True)
        return float(wa[ia] @ wb[ib]) / norm

    def cosines(self, query: TermVector, others: Sequence[TermVector], floor: float = 1.0) -> NDArray[np.float64]:
        """The query's cosine with each of the others, in one pass over all their terms."""
        if not others:
            return np.zeros(0)
        wq = self.weights(query, floor)
        nq = float(np.linalg.norm(wq))
        ids = np.concatenate([o[0] for o in others])
        counts = np.concatenate([o[1] for o in others])
        rows = np.repeat(np.arange(len(others)), [len(o[0]) for o in others])
        w = self.weights((ids, counts), floor)
        norms = np.sqrt(np.bincount(rows, weights=w * w, minlength=len(others))) * nq
        if not len(query[0]) or not len(ids):
            return np.zeros(len(others))
        at = np.minimum(np.searchsorted(query[0], ids), len(query[0]) - 1)
        hit = query[0][at] == ids
        dots = np.bincount(rows[hit], weights=w[hit] * wq[at[hit]], minlength=len(others))
        return np.divide(dots, norms, out=np.zeros(len(others)), where=norms > 0)


@dataclass(slots=True)
class Bags:
    """One kind of bag (actors, places, content words or figures) of every stored article and event."""

    space: TermSpace = field(default_factory=TermSpace)
    articles: dict[str, TermVector] = field(default_factory=dict)
    events: dict[str, TermVector] = field(default_factory=dict)  # each event's members' bags, summed

    def remember(self, article: str, bag: Mapping[str, float]) -> None:
        self.articles[article] = self.space.add(bag)

    def of(self, article: str, bag: Mapping[str, float]) -> TermVector:
        return self.articles[article] if article in self.articles else self.space.vector(bag)

    def sign(self, event: str, vector: TermVector) -> None:
        self.events[event] = summed(self.events[event], vector) if event in self.events else vector

    def merge(self, keep: str, gone: str) -> None:
        if (theirs := self.events.pop(gone, None)) is not None:
            self.sign(keep, theirs)



def has_terms(vector: TermVector | None) -> bool:
    return vector is not None and len(vector[0]) > 0


def summed(a: TermVector, b: TermVector) -> TermVector:
    """Two term vectors added (an event's words: its members' summed)."""
    ids, where = np.unique(np.concatenate([a[0], b[0]]), return_inverse=True)
    return ids, np.bincount(where, weights=np.concatenate([a[1], b[1]]), minlength=len(ids))


def without(vector: TermVector, key_id: int) -> TermVector:
    """The vector with one key taken out."""
    keep = vector[0] != key_id
    return vector[0][keep], vector[1][keep]


def unit_cosine(a: NDArray[Any], b: NDArray[Any]) -> float:
    norm = float(np.linalg.norm(a) * np.linalg.norm(b))
    return float(np.dot(a, b)) / norm if norm else 0.0
