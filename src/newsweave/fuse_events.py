"""Fusing one stored event, reading only its reports — in blocks when the event is big.

:meth:`~newsweave.fuse.Fuser.fuse` compares every two sentences of an event: right for the handful of reports
most events have, quadratic for an invasion day's thousands.  An event of more than :data:`BLOCK` reports is
fused a block of reports at a time (blocks of consecutive reports in the order the event holds them, so copies
placed together stay together), and the blocks' fusions are merged through an index: each claim is joined with
its nearest claims of other blocks (faiss HNSW over the embeddings of the claims' statements, at most
:data:`NEIGHBOURS` each, cosine at least :data:`SAME_CLAIM`); actions of one type, mode and parties are one
action.  The rest is merged as the claims are, so that what two blocks both report is told once with the sources
of both:

* quote groups: each group's canonical wording is joined with its nearest groups of other blocks (the same index)
  when :func:`~newsweave.fuse.quotes.one_utterance` says the two wordings are one utterance — the rule that
  groups the quotes of one block, with the same similarity and thresholds (very alike, or alike and said by the
  same person); the group of the most independent sources gives the canonical rendering, and the renderings of
  the others keep their comparison with their block's canonical rendering (itself one of the group's renderings);
* disagreements of the same kind and subject between the same values are one, each value with the citations of
  all (its independent sources counted again);
* timeline entries of the same date stated by the same (merged) claim are one, with every sentence stating it.

The cost is ``O(n·BLOCK)`` for the blocks and ``O(c log c)`` for the ``c`` claims and quote groups, instead of
``O(n²)``.
"""

from __future__ import annotations

import dataclasses
import math
from collections import Counter
from collections.abc import Callable, Iterator, Mapping, Sequence

import numpy as np
from numpy.typing import NDArray

from .fuse import Fuser, Fusion
from .fuse.disagreements import disagreement
from .fuse.quotes import one_utterance
from .fuse.words import content_words
from .model import (
    Citation,
    Claim,
    Disagreement,
    EventAction,
    MentionKind,
    Provenance,
    QuoteGroup,
    SummarySentence,
    TimelineEntry,
    content_id,
)
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
        {c.article for f in parts for c in (*(x.statement for x in f.claims), *(s.statement for s in f.summary),
                                            *(c for g in f.quote_groups for c in g.variants[0].content))}
    ).values()}
    speakers = store.entities_by_id({g.speaker for f in parts for g in f.quote_groups if g.speaker}, members)
    people = frozenset(e for e, ent in speakers.items() if ent.kind is MentionKind.PERSON)
    return merge(parts, texts, fuser, provenance, people)


def _fuse(fuser: Fuser, members: Sequence[str], store: Store, provenance: Mapping[str, Provenance]) -> Fusion:
    pairs = store.pairs(members)
    articles = {a.id: a for a, _ in pairs}
    analyses = {a.id: an for a, an in pairs}
    mentioned = {m.entity for an in analyses.values() for m in an.mentions if m.entity}
    entities = store.entities_by_id(mentioned, members)  # their citations in these reports only: what fusing reads
    return fuser.fuse(list(members), articles, analyses, provenance, entities)


def merge(parts: Sequence[Fusion], texts: Mapping[str, str], fuser: Fuser,
          provenance: Mapping[str, Provenance], people: frozenset[str] = frozenset()) -> Fusion:
    """One fusion of the blocks' fusions (see the module docstring); ``people`` are the speakers (entity ids) who
    are persons."""
    claims = [(k, c) for k, f in enumerate(parts) for c in f.claims]
    words = [texts.get(c.statement.article, "")[c.statement.start:c.statement.end] for _, c in claims]
    joined = _joined([k for k, _ in claims], _vectors(fuser, words), lambda i, j, score: score >= SAME_CLAIM)
    made = [(_claim([claims[i][1] for i in group], provenance), [claims[i][1] for i in group]) for group in joined]
    merged = sorted((m for m, _ in made), key=lambda c: (-c.independent, -len(c.support)))
    claim_of = {c.id: m for m, group in made for c in group}  # each block's claim → the claim it joined
    claim_at = {s: m.id for m, group in made for c in group for s in c.support}  # a sentence → its merged claim
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
                  quote_groups=tuple(_quote_groups(parts, texts, fuser, provenance, people)),
                  disagreements=tuple(_disagreements([d for f in parts for d in f.disagreements],
                                                     {c: m.id for c, m in claim_of.items()}, provenance)),
                  timeline=tuple(_timeline([t for f in parts for t in f.timeline], claim_at)),
                  actions=tuple(_actions([a for f in parts for a in f.actions], provenance)),
                  background=tuple(_timeline([t for f in parts for t in f.background], claim_at)))


def _vectors(fuser: Fuser, texts: Sequence[str]) -> NDArray[np.float32]:
    if not texts:
        return np.zeros((0, 1), dtype=np.float32)
    vectors = np.ascontiguousarray(np.asarray(fuser.embedder.encode(list(texts)), dtype=np.float32))
    vectors /= np.maximum(np.linalg.norm(vectors, axis=1, keepdims=True), 1e-9)
    return vectors


def _neighbours(vectors: NDArray[np.float32], block: Sequence[int]) -> Iterator[tuple[int, int, float]]:
    """``(i, j, cosine)`` for each item and its nearest items of other blocks (faiss HNSW, at most
    :data:`NEIGHBOURS` each)."""
    if not len(block):
        return
    import faiss

    index = faiss.IndexHNSWFlat(vectors.shape[1], 32, faiss.METRIC_INNER_PRODUCT)
    index.add(vectors)
    scores, rows = index.search(vectors, min(NEIGHBOURS + 1, len(block)))
    for i in range(len(block)):
        for score, j in zip(scores[i], rows[i], strict=True):
            if j >= 0 and j != i and block[int(j)] != block[i]:
                yield i, int(j), float(score)


def _joined(block: Sequence[int], vectors: NDArray[np.float32],
            same: Callable[[int, int, float], bool]) -> list[list[int]]:
    """The items (by index) joined with their neighbours of other blocks that are ``same``, transitively."""
    root = list(range(len(block)))

    def find(i: int) -> int:
        while root[i] != i:
            root[i] = root[root[i]]
            i = root[i]
        return i

    for i, j, score in _neighbours(vectors, block):
        if same(i, j, score):
            a, b = find(i), find(j)
            if a != b:
                root[max(a, b)] = min(a, b)
    groups: dict[int, list[int]] = {}
    for i in range(len(block)):
        groups.setdefault(find(i), []).append(i)
    return list(groups.values())


def _quote_groups(parts: Sequence[Fusion], texts: Mapping[str, str], fuser: Fuser,
                  provenance: Mapping[str, Provenance], people: frozenset[str]) -> list[QuoteGroup]:
    """The blocks' quote groups, those of one utterance as one (see the module docstring)."""
    groups = [(k, g) for k, f in enumerate(parts) for g in f.quote_groups]
    wordings = [" ".join(texts.get(c.article, "")[c.start:c.end] for c in g.variants[0].content) for _, g in groups]
    words = [content_words(w) for w in wordings]
    df = Counter(w for ws in words for w in set(ws))
    idf = {w: math.log((len(words) + 1) / (k + 1)) + 1.0 for w, k in df.items()}

    def same(i: int, j: int, cosine: float) -> bool:
        x, y = groups[i][1].speaker, groups[j][1].speaker
        value = fuser.similarity(cosine, words[i], words[j], idf)
        return one_utterance(fuser.params.quotes, value, x is not None and x == y and x in people)

    out = []
    for members in _joined([k for k, _ in groups], _vectors(fuser, wordings), same):
        found = [groups[i][1] for i in members]
        first = max(found, key=lambda g: (g.independent, len(g.variants)))
        if len(found) == 1:
            out.append(first)
            continue
        variants = {v.quote: v for v in first.variants}  # the canonical rendering first
        for g in found:
            for v in g.variants:
                variants.setdefault(v.quote, v)
        named = first if first.speaker else next((g for g in found if g.speaker), first)
        out.append(dataclasses.replace(
            first, id=content_id("q", *sorted(variants)), speaker=named.speaker, speaker_name=named.speaker_name,
            variants=tuple(variants.values()), independent=independent({v.article for v in variants.values()},
                                                                       provenance)))
    out.sort(key=lambda g: (-g.independent, -len(g.variants), g.speaker_name))
    return out


def _disagreements(found: Sequence[Disagreement], claim_of: Mapping[str, str],
                   provenance: Mapping[str, Provenance]) -> list[Disagreement]:
    """Disagreements of the same kind and subject between the same values as one (each value with every citation
    of it), on the claim their claim joined."""
    by_key: dict[tuple[str, str, frozenset[str]], list[Disagreement]] = {}
    for d in found:
        by_key.setdefault((d.kind, d.subject, frozenset(v.value for v in d.values)), []).append(d)
    out = []
    for group in by_key.values():
        first = group[0]
        claim = claim_of.get(first.claim, first.claim) if first.claim else None
        if len(group) == 1:
            out.append(dataclasses.replace(first, claim=claim))
            continue
        values = []
        for v in first.values:
            same = [x for d in group for x in d.values if x.value == v.value]
            cites = _unique(c for x in same for c in x.citations)
            values.append(dataclasses.replace(v, citations=cites, independent=independent(
                {c.article for c in cites}, provenance), derived_only=all(x.derived_only for x in same)))
        out.append(disagreement(first.kind, first.subject, values, claim))
    return out


def _timeline(entries: Sequence[TimelineEntry], claim_at: Mapping[Citation, str]) -> list[TimelineEntry]:
    """Entries of the same date stated by the same claim as one (every sentence stating it), in date order."""
    by_key: dict[tuple[str, object], list[TimelineEntry]] = {}
    for t in entries:
        claim = next((claim_at[c] for c in (t.statement, *t.citations) if c in claim_at), None)
        by_key.setdefault((t.when, claim if claim is not None else t.statement), []).append(t)
    out = []
    for group in by_key.values():
        first = max(group, key=lambda t: len(t.citations))
        out.append(first if len(group) == 1 else
                   dataclasses.replace(first, citations=_unique(c for t in group for c in t.citations)))
    return sorted(out, key=lambda t: t.when)


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
