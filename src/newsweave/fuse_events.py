"""Fusing one stored event, reading only its reports — in blocks when the event is big.

:meth:`~newsweave.fuse.Fuser.fuse` compares every two sentences of an event: right for the handful of reports
most events have, quadratic for an invasion day's thousands.  An event of more than :data:`BLOCK` reports is
fused a block of reports at a time (blocks of consecutive reports in the order the event holds them, so copies
placed together stay together), and the blocks' fusions are merged through an index: each claim is joined with
its nearest claims of other blocks (faiss HNSW over the embeddings of the claims' statements, at most
:data:`NEIGHBOURS` each, cosine at least :data:`SAME_CLAIM`); actions of one type, mode and parties are one
action; quote groups, disagreements and timelines are the blocks' together.  The cost is ``O(n·BLOCK)`` for the
blocks and ``O(c log c)`` for the ``c`` claims, instead of ``O(n²)``.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence

import numpy as np

from .fuse import Fuser, Fusion
from .model import Citation, Claim, EventAction, Provenance, SummarySentence
from .provenance import independent
from .store import Store

BLOCK = 40
"""Events of more reports are fused in blocks of this many reports."""
NEIGHBOURS = 8
SAME_CLAIM = 0.9
"""Cosine of two claims' statements above which claims of two blocks are one claim."""


def fuse_event(fuser: Fuser, members: Sequence[str], store: Store, provenance: Mapping[str, Provenance],
               block: int = BLOCK) -> Fusion:
    """The event's fusion from its reports as stored (in blocks of ``block`` reports when it has more)."""
    if len(members) <= block:
        return _fuse(fuser, members, store, provenance)
    parts = [_fuse(fuser, members[i:i + block], store, provenance) for i in range(0, len(members), block)]
    texts = {a.id: a.text for a in store.articles_by_id(
        {c.article for f in parts for c in (*(x.statement for x in f.claims), *(s.statement for s in f.summary))}
    ).values()}
    return merge(parts, texts, fuser, provenance)


def _fuse(fuser: Fuser, members: Sequence[str], store: Store, provenance: Mapping[str, Provenance]) -> Fusion:
    pairs = store.pairs(members)
    articles = {a.id: a for a, _ in pairs}
    analyses = {a.id: an for a, an in pairs}
    mentioned = {m.entity for an in analyses.values() for m in an.mentions if m.entity}
    entities = store.entities_by_id(mentioned)
    return fuser.fuse(list(members), articles, analyses, provenance, entities)


def merge(parts: Sequence[Fusion], texts: Mapping[str, str], fuser: Fuser,
          provenance: Mapping[str, Provenance]) -> Fusion:
    """One fusion of the blocks' fusions (see the module docstring)."""
    claims = [(k, c) for k, f in enumerate(parts) for c in f.claims]
    words = [texts.get(c.statement.article, "")[c.statement.start:c.statement.end] for _, c in claims]
    root = list(range(len(claims)))

    def find(i: int) -> int:
        while root[i] != i:
            root[i] = root[root[i]]
            i = root[i]
        return i

    if claims:
        import faiss

        vectors = np.ascontiguousarray(np.asarray(fuser.embedder.encode(words), dtype=np.float32))
        vectors /= np.maximum(np.linalg.norm(vectors, axis=1, keepdims=True), 1e-9)
        index = faiss.IndexHNSWFlat(vectors.shape[1], 32, faiss.METRIC_INNER_PRODUCT)
        index.add(vectors)
        scores, rows = index.search(vectors, min(NEIGHBOURS + 1, len(claims)))
        for i in range(len(claims)):
            for score, j in zip(scores[i], rows[i], strict=True):
                if j >= 0 and j != i and score >= SAME_CLAIM and claims[int(j)][0] != claims[i][0]:
                    a, b = find(i), find(int(j))
                    if a != b:
                        root[max(a, b)] = min(a, b)
    joined: dict[int, list[Claim]] = {}
    for i, (_, c) in enumerate(claims):
        joined.setdefault(find(i), []).append(c)
    made = [(_claim(group, provenance), group) for group in joined.values()]
    merged = sorted((m for m, _ in made), key=lambda c: (-c.independent, -len(c.support)))
    claim_of = {c.id: m for m, group in made for c in group}  # each block's claim → the claim it joined
    summary_size = max(len(f.summary) for f in parts)
    seen: set[str] = set()
    summary: list[SummarySentence] = []
    for s in sorted((s for f in parts for s in f.summary),
                    key=lambda s: -(claim_of[s.claim].independent if s.claim in claim_of else s.independent)):
        claim = claim_of.get(s.claim) if s.claim else None
        key = claim.id if claim is not None else f"{s.statement.article}:{s.statement.start}"
        if key not in seen and len(summary) < summary_size:
            seen.add(key)
            summary.append(SummarySentence(s.statement, claim.id if claim else s.claim,
                                           claim.independent if claim else s.independent))
    return Fusion(summary=tuple(summary), claims=tuple(merged),
                  quote_groups=tuple(q for f in parts for q in f.quote_groups),
                  disagreements=tuple(d for f in parts for d in f.disagreements),
                  timeline=tuple(sorted((t for f in parts for t in f.timeline), key=lambda t: t.when)),
                  actions=tuple(_actions([a for f in parts for a in f.actions], provenance)),
                  background=tuple(sorted((t for f in parts for t in f.background), key=lambda t: t.when)))


def _claim(group: Sequence[Claim], provenance: Mapping[str, Provenance]) -> Claim:
    """Claims of several blocks as one: every support sentence (one per article), the first block's wording."""
    first = max(group, key=lambda c: (c.independent, len(c.support)))
    support = _unique(s for c in group for s in c.support)
    return dataclasses.replace(first, support=support, independent=independent({s.article for s in support},
                                                                               provenance),
                               confidence=min(c.confidence for c in group),
                               figures=_unique(f for c in group for f in c.figures))


def _actions(actions: Sequence[EventAction], provenance: Mapping[str, Provenance]) -> list[EventAction]:
    """Actions of one type, mode, source and target as one."""
    by_key: dict[tuple[object, ...], list[EventAction]] = {}
    for a in actions:
        key = (a.type, a.mode, a.source.name if a.source else None, a.target.name if a.target else None)
        by_key.setdefault(key, []).append(a)
    out = []
    for group in by_key.values():
        first = max(group, key=lambda a: (a.independent, len(a.support)))
        support = _unique(s for a in group for s in a.support)
        out.append(dataclasses.replace(
            first, support=support, triggers=_unique(t for a in group for t in a.triggers),
            independent=independent({s.article for s in support}, provenance),
            modes=tuple(dict.fromkeys(m for a in group for m in a.modes)),
            dates=_unique(d for a in group for d in a.dates), places=_unique(p for a in group for p in a.places)))
    out.sort(key=lambda a: (-a.independent, -len(a.support)))
    return out


def _unique(citations: object) -> tuple[Citation, ...]:
    return tuple(dict.fromkeys(citations))  # type: ignore[call-overload]
