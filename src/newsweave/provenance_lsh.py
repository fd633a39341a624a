"""Provenance candidates: word shingles of an article's text (quotations masked), its MinHash LSH buckets, and the
few articles each one is compared with.

Two articles are candidates when they share an LSH bucket (datasketch's banding of a MinHash signature over word
5-gram shingles, kept in the store so a new article finds its candidates through an index) or an event; of those,
each article is compared with its :func:`nearest` only.  This module imports no stage.
"""

from __future__ import annotations

import functools
import hashlib
import heapq
import math
import re
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from .model import Analysis, Article
from .rewriting import WORD

SHINGLE = 5
NUM_PERM = 128
LSH_THRESHOLD = 0.2


def shingles(text: str, size: int = SHINGLE) -> dict[int, int]:
    """Hashed word ``size``-grams → the character offset where the first occurrence starts."""
    words = [(m.group().lower(), m.start()) for m in WORD.finditer(text)]
    out: dict[int, int] = {}
    for k in range(len(words) - size + 1):
        key = " ".join(w for w, _ in words[k:k + size])
        h = int.from_bytes(hashlib.blake2b(key.encode(), digest_size=8).digest(), "big")
        out.setdefault(h, words[k][1])
    return out


QUOTED = re.compile(r"“[^”\n]{8,}”|\"[^\"\n]{8,}\"")


def article_bands(article: Article, analysis: Analysis) -> list[tuple[int, int]]:
    """The LSH buckets of an article's text (quotations masked, as :meth:`Provenancer.assess` compares it)."""
    return band_keys(shingles(mask(article.text, quotation_spans(article.text, analysis))))


def band_keys(hashed: Iterable[int]) -> list[tuple[int, int]]:
    """The article's LSH buckets: ``(band, bucket)`` of its MinHash signature over its shingles, as datasketch's
    ``MinHashLSH`` bands them at :data:`LSH_THRESHOLD` (two articles are candidates when they share a bucket).
    None for an article without shingles."""
    from datasketch import MinHash

    keys = list(hashed)
    if not keys:
        return []
    mh = MinHash(num_perm=NUM_PERM)
    for h in keys:
        mh.update(h.to_bytes(8, "big"))
    lsh = _lsh_shape()
    bands: tuple[int, int] = (lsh.b, lsh.r)
    out = []
    for band in range(bands[0]):
        chunk = mh.hashvalues[band * bands[1]:(band + 1) * bands[1]]
        digest = hashlib.blake2b(bytes(chunk.byteswap().data), digest_size=8).digest()
        out.append((band, int.from_bytes(digest, "big", signed=True)))
    return out


@functools.cache
def _lsh_shape() -> Any:
    from datasketch import MinHashLSH

    return MinHashLSH(threshold=LSH_THRESHOLD, num_perm=NUM_PERM)


def nearest(shared: Mapping[str, int], order: Mapping[str, int], limit: int) -> list[str]:
    """The ``limit`` candidates an article is compared with: of the articles it shares LSH bands or an event with
    (``shared``: article → number of bands shared, 0 for an event member sharing none), those sharing the most
    bands, then the earliest (``order``; unknown last).

    Why this is enough whatever the corpus: a copy, spin or translation has its source among its nearest texts (it
    was made from it: it shares the most words with it, and with the source's other copies), and the source came
    first.  When a text was copied many times (a wire story in hundreds of outlets) the others sharing as many
    bands are copies of the same text: comparing with them finds the same source, or a copy that names it, and adds
    no label — so the work per new article is bounded, not proportional to how often its text was copied."""
    return heapq.nsmallest(limit, shared, key=lambda a: (-shared[a], order.get(a, math.inf), a))


def candidate_pairs(bands: Mapping[str, Sequence[tuple[int, int]]], fresh: set[str], event_of: Mapping[str, str],
                     order: Mapping[str, int], limit: int,
                     sources: Mapping[str, str] | None = None) -> set[tuple[str, str]]:
    """Pairs to compare: each ``fresh`` article with its :func:`nearest` among the articles sharing an LSH bucket
    or an event with it, and with the ``sources`` (current ``derived_from``) of those it keeps when they share a
    bucket or an event with it too."""
    buckets: dict[tuple[int, int], list[str]] = defaultdict(list)
    for aid, keys in bands.items():
        for key in keys:
            buckets[key].append(aid)
    members: dict[str, list[str]] = defaultdict(list)
    for aid in bands:
        if aid in event_of:
            members[event_of[aid]].append(aid)
    sources = sources or {}
    out: set[tuple[str, str]] = set()
    for aid in fresh:
        shared: dict[str, int] = defaultdict(int)
        for key in bands.get(aid, ()):
            for other in buckets[key]:
                shared[other] += 1
        for other in members.get(event_of.get(aid, ""), ()):
            shared[other] += 0
        shared.pop(aid, None)
        kept = nearest(shared, order, limit)
        kept += [s for b in kept if (s := sources.get(b)) is not None and s in shared and s != aid]
        out |= {(aid, b) if aid < b else (b, aid) for b in kept}
    return out


def quotation_spans(text: str, analysis: Analysis) -> list[tuple[int, int]]:
    """Where the text quotes someone: its direct quotes' pieces, and any passage between paired quotation marks."""
    spans = [(p.start, p.end) for q in analysis.quotes if q.kind.value == "direct" for p in q.pieces]
    spans += [m.span() for m in QUOTED.finditer(text)]
    return sorted(spans)


def mask(text: str, spans: Sequence[tuple[int, int]]) -> str:
    """The text with the spans blanked (offsets kept): shared quotations of one statement are not shared passages."""
    chars = list(text)
    for s, e in spans:
        chars[s:e] = " " * (e - s)
    return "".join(chars)
