"""Claims: sentences of different reports that state the same fact, with a confidence.

Two sentences state one fact when they say the same thing about the same participants — a logistic model over
what they share (embedding cosine; content lemmas, plain and weighted by rarity; the entities both name and those
only one names; a quantity of the same thing given alike) gives the probability, fitted on ECB+ dev — *and* nothing
they give conflicts: numbers of the same thing, the day, the place or the polarity of the proposition.  A
contradiction is never support; it becomes a disagreement.

Sentences are grouped by average link over cross-report pairs (at most one sentence of a report per claim, so one
report's repetitions never chain two facts together); no pair inside a claim may conflict.  A claim's confidence is
the mean probability of its pairs; its independent sources follow provenance (copies count once).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from ..model import Citation, Claim, content_id
from .context import FuseContext, FuseSentence
from .numbers import agree, same_figure, same_thing
from .params import ClaimParams

FEATURES = ("cosine", "overlap", "rare_overlap", "shared_entities", "other_entities", "shared_number")


@dataclass(frozen=True, slots=True)
class PairEvidence:
    """What two sentences share, as the claim model reads it."""

    cosine: float
    overlap: float
    rare_overlap: float
    shared_entities: float
    other_entities: float
    shared_number: float

    def vector(self) -> list[float]:
        return [getattr(self, f) for f in FEATURES]


def logit(x: float) -> float:
    x = min(max(x, 1e-9), 1 - 1e-9)
    return math.log(x / (1 - x))


def overlap(a: Sequence[str], b: Sequence[str], synonyms: Mapping[str, frozenset[str]],
            weight: Mapping[str, float] | None = None) -> float:
    """Overlap of two sentences' content lemmas: the (weighted) share of each side's lemmas the other has, itself
    or as a WordNet synonym."""
    x, y = set(a), set(b)
    if not x or not y:
        return 0.0
    w = weight or {}
    hits = sum(w.get(t, 1.0) for t in x if t in y or (synonyms.get(t, frozenset()) & y))
    hits += sum(w.get(t, 1.0) for t in y if t in x or (synonyms.get(t, frozenset()) & x))
    total = sum(w.get(t, 1.0) for t in x) + sum(w.get(t, 1.0) for t in y)
    return hits / total if total else 0.0


def dice(a: Sequence[str], b: Sequence[str], synonyms: Mapping[str, frozenset[str]],
         weight: Mapping[str, float] | None = None) -> float:
    """Dice overlap of two word lists: twice the (weighted) words of the shorter the other has, itself or as a
    synonym, over both lists' weight (how alike two renderings of a quotation are)."""
    x, y = set(a), set(b)
    if not x or not y:
        return 0.0
    w = weight or {}
    short, other = (x, y) if len(x) <= len(y) else (y, x)
    hits = sum(w.get(t, 1.0) for t in short if t in other or (synonyms.get(t, frozenset()) & other))
    total = sum(w.get(t, 1.0) for t in x) + sum(w.get(t, 1.0) for t in y)
    return 2 * hits / total


class PairFeatures:
    """The claim model's evidence for every pair of an event's sentences at once, as matrices: embedding cosine;
    overlap of content lemmas (a synonym counts as the word), plain and weighted by rarity among the event's
    sentences (a word every sentence uses says little); the rarity-weighted share of entities both name and of
    those only one names; a quantity of the same thing both give alike."""

    def __init__(self, sentences: Sequence[FuseSentence], synonyms: Mapping[str, frozenset[str]]) -> None:
        n = len(sentences)
        self.n = n
        self.figure = np.zeros((n, n), dtype=bool)  # one specific figure of the same thing, given alike
        if n == 0:
            self.matrices = np.zeros((len(FEATURES), 0, 0))
            return
        vectors = np.stack([s.vector for s in sentences])  # type: ignore[misc]
        cosine = vectors @ vectors.T
        vocab = {w: k for k, w in enumerate(sorted({w for s in sentences for w in s.words}))}
        has = np.zeros((n, len(vocab)))
        for i, s in enumerate(sentences):
            for w in set(s.words):
                has[i, vocab[w]] = 1.0
        df = has.sum(axis=0)
        rarity = np.log((n + 1) / (df + 1)) + 0.1
        # a word is matched in a sentence that has it or one of its synonyms
        matched = has.copy()
        for w, k in vocab.items():
            for x in synonyms.get(w, ()):
                if x in vocab:
                    matched[:, k] = np.maximum(matched[:, k], has[:, vocab[x]])
        plain = self._overlap(has, matched, np.ones(len(vocab)))
        rare = self._overlap(has, matched, rarity)
        names = {e: k for k, e in enumerate(sorted({e for s in sentences for e in s.entities}))}
        shared = np.zeros((n, n))
        other = np.zeros((n, n))
        if names:
            ent = np.zeros((n, len(names)))
            for i, s in enumerate(sentences):
                for e in s.entities:
                    ent[i, names[e]] = 1.0
            weight = np.log((n + 1) / (ent.sum(axis=0) + 1)) + 0.1
            both = (ent * weight) @ ent.T
            mass = ent @ weight
            union = mass[:, None] + mass[None, :] - both
            some = (mass[:, None] > 0) & (mass[None, :] > 0)
            with np.errstate(divide="ignore", invalid="ignore"):
                shared = np.where(some, both / np.maximum(union, 1e-9), 0.0)
                other = np.where(some, (union - both) / np.maximum(union, 1e-9), 0.0)
        number = np.zeros((n, n))
        counted = [i for i, s in enumerate(sentences) if s.quantities]
        for k, i in enumerate(counted):
            for j in counted[k + 1:]:
                pairs = [(a, b) for a in sentences[i].quantities for b in sentences[j].quantities]
                if any(same_thing(a, b) and agree(a, b) for a, b in pairs):
                    number[i, j] = number[j, i] = 1.0
                if any(same_figure(a, b) for a, b in pairs):
                    self.figure[i, j] = self.figure[j, i] = True
        self.matrices = np.stack([cosine, plain, rare, shared, other, number])

    @staticmethod
    def _overlap(has: NDArray[np.float64], matched: NDArray[np.float64],
                 weight: NDArray[np.float64]) -> NDArray[np.float64]:
        hits = (has * weight) @ matched.T  # i's words that j has (or a synonym of)
        mass = has @ weight
        total = mass[:, None] + mass[None, :]
        with np.errstate(divide="ignore", invalid="ignore"):
            return np.where(total > 0, (hits + hits.T) / np.maximum(total, 1e-9), 0.0)

    def evidence(self, i: int, j: int) -> PairEvidence:
        return PairEvidence(*(float(m[i, j]) for m in self.matrices))

    def probabilities(self, p: ClaimParams) -> NDArray[np.float64]:
        """The claim model's probability for every pair (the diagonal and same-report pairs included)."""
        z = p.bias + np.tensordot(np.array([getattr(p, f) for f in FEATURES]), self.matrices, axes=1)
        return 1.0 / (1.0 + np.exp(-np.clip(z, -50, 50)))


def probability(e: PairEvidence, p: ClaimParams) -> float:
    """The model's probability that two sentences state the same fact."""
    z = p.bias + sum(getattr(p, f) * getattr(e, f) for f in FEATURES)
    return 1.0 / (1.0 + math.exp(-max(min(z, 50.0), -50.0)))


def linking(prob: NDArray[np.float64], figure: NDArray[np.bool_] | None, p: ClaimParams) -> NDArray[np.float64]:
    """The score pairs link by: their probability, raised to the link threshold when the two give one specific
    figure of the same thing alike and their probability reaches ``figure_link`` (a figure two independent reports
    give alike is a fact they share, whatever else their sentences say)."""
    if figure is None:
        return prob
    return np.where(figure & (prob >= p.figure_link), np.maximum(prob, p.link), prob)


def group_claims(ctx: FuseContext, p: ClaimParams, prob: NDArray[np.float64],
                 conflicting: Callable[[int, int], bool],
                 figure: NDArray[np.bool_] | None = None) -> list[tuple[list[FuseSentence], float]]:
    """Sentences grouped into claims by average link over cross-report pairs: (the sentences, the claim's
    confidence — the mean probability of its cross-report pairs, 1.0 for one sentence)."""
    sents = ctx.sentences
    n = len(sents)
    if n == 0:
        return []
    article = np.array([s.article for s in sents])
    cross = article[:, None] != article[None, :]
    score = linking(prob, figure, p)
    candidates = [(float(score[i, j]), int(i), int(j)) for i, j in zip(*np.nonzero(np.triu(cross & (score >= p.link),
                                                                                          k=1)), strict=True)]
    candidates.sort(key=lambda c: (-c[0], c[1], c[2]))
    cluster = list(range(n))
    members: dict[int, list[int]] = {i: [i] for i in range(n)}
    for _, i, j in candidates:
        ci, cj = cluster[i], cluster[j]
        if ci == cj:
            continue
        a, b = members[ci], members[cj]
        if p.one_per_article and set(article[a]) & set(article[b]):
            continue
        block = np.ix_(a, b)
        mask = cross[block]
        if not mask.any() or float(score[block][mask].mean()) < p.link:
            continue
        if any(conflicting(x, y) for x in a for y in b if article[x] != article[y]):
            continue  # a contradiction is never support
        for y in b:
            cluster[y] = ci
        a.extend(b)
        del members[cj]
    out = []
    for m in members.values():
        block = np.ix_(m, m)
        mask = np.triu(cross[block], k=1)
        confidence = float(prob[block][mask].mean()) if mask.any() else 1.0
        out.append(([sents[i] for i in sorted(m, key=lambda k: (sents[k].article, sents[k].start))], confidence))
    return out


def representative(ctx: FuseContext, group: Sequence[FuseSentence]) -> FuseSentence:
    """The wording from the most original source; among equals the one closest to the others."""
    def key(s: FuseSentence) -> tuple[float, float]:
        centrality = sum(float(np.dot(s.vector, o.vector)) for o in group if o is not s)  # type: ignore[arg-type,misc]
        return ctx.originality(s.article), centrality
    return max(group, key=key)


def make_claim(ctx: FuseContext, group: Sequence[FuseSentence], confidence: float) -> Claim:
    best = representative(ctx, group)
    support = tuple(Citation(s.article, s.start, s.end) for s in group)
    figures = []  # the specific figure the sentences give alike, in each of them
    if len(group) > 1:
        for q in best.quantities:
            alike = [next((x for x in s.quantities if same_figure(q, x)), None) for s in group]
            if all(x is not None for x in alike):
                figures = [Citation(s.article, x.start, x.end) for s, x in zip(group, alike, strict=True)
                           if x is not None]
                break
    return Claim(content_id("c", *(f"{c.article}:{c.start}" for c in support)),
                 Citation(best.article, best.start, best.end), support,
                 ctx.independent([s.article for s in group]), round(confidence, 3), tuple(figures))
