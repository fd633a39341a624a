"""Fuse: one event's reports → one account — claims with a confidence and independent support, quote groups with
their variants diffed, disagreements, a timeline with background apart, actions, and a cited summary.

Works on one event's articles at a time (the *fuse* of map → group → fuse); everything it states is a
:class:`~newsweave.model.Citation` into an article's text.  Precision first: it says less, but only what holds.

=====================  ===================================================================================
module                 what it decides
=====================  ===================================================================================
``context``            the event's sentences and what each names, counts, dates, places and denies
``words``, ``numbers`` lemmas, contractions, polarity; quantities as intervals (hedges, ranges, units)
``claims``             which sentences state one fact (a logistic model fitted on ECB+ dev), confidence
``conflicts``          which values of one slot cannot both be right (number, date, place, polarity)
``disagreements``      the event's disagreements, every value with its sources
``quotes``             renderings of one utterance, diffed, meaning changes flagged
``places``             whether two places are one, nested (a city in its country or region) or apart
``timeline``           the event's own dated happenings, background apart
``summary``            the lead statement first, no captions or teasers
``actions``            PLOVER actions merged across reports
``params``             every threshold, in named records
=====================  ===================================================================================
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

import numpy as np
from numpy.typing import NDArray

from ..model import (
    Analysis,
    Article,
    Entity,
    Fusion,
    Provenance,
)
from . import claims as _claims
from . import disagreements as _disagreements
from .actions import _fill_unknown_parties, merge_actions
from .claims import PairEvidence, PairFeatures, group_claims, make_claim
from .conflicts import Conflict, conflicts
from .context import FuseContext, FuseSentence, sentences_of
from .numbers import Quantity, agree, quantities
from .params import ClaimParams, ConflictParams, FuseParams, QuoteParams, SummaryParams, TimelineParams
from .places import PlaceRelation
from .quotes import quote_groups
from .summary import is_furniture, select
from .timeline import timeline

if TYPE_CHECKING:
    from ..embed import Embedder
    from ..gazetteer import Gazetteer

__all__ = ["FUSE_VERSION", "ClaimParams", "Conflict", "ConflictParams", "FuseContext", "FuseParams", "FuseSentence",
           "Fuser", "Fusion", "Pairs", "Quantity", "QuoteParams", "SummaryParams", "TimelineParams",
           "_fill_unknown_parties", "agree", "is_furniture", "quantities"]

FUSE_VERSION = "4"
"""Bumped when what fusing produces changes, so stored events are fused again."""




class Pairs:
    """The claim model's reading of an event's sentence pairs: the evidence of every pair (computed once, as
    matrices), the probabilities under the current parameters, and the conflicts of a pair (computed when asked)."""

    def __init__(self, fuser: Fuser, ctx: FuseContext) -> None:
        self.fuser = fuser
        self.ctx = ctx
        self.features = PairFeatures(ctx.sentences, fuser.synonyms)
        self._prob: tuple[ClaimParams, NDArray[np.float64]] | None = None
        self._conflicts: dict[tuple[int, int], list[Conflict]] = {}

    def evidence(self, i: int, j: int) -> PairEvidence:
        return self.features.evidence(i, j)

    def probabilities(self) -> NDArray[np.float64]:
        """Every pair's probability of stating one fact (0 for sentences of one report)."""
        p = self.fuser.params.claims
        if self._prob is None or self._prob[0] != p:
            prob = self.features.probabilities(p)
            articles = np.array([s.article for s in self.ctx.sentences])
            if len(articles):
                prob = np.where(articles[:, None] != articles[None, :], prob, 0.0)
            self._prob = (p, prob)
        return self._prob[1]

    def probability(self, i: int, j: int) -> float:
        return float(self.probabilities()[i, j])

    def conflicts(self, i: int, j: int) -> list[Conflict]:
        key = (i, j) if i < j else (j, i)
        if key not in self._conflicts:
            s = self.ctx.sentences
            p = self.fuser.params.conflicts
            self._conflicts[key] = conflicts(s[key[0]], s[key[1]], self.fuser.place_relation, numbers=p.numbers,
                                             days=p.days, places=p.places, polarity=p.polarity,
                                             synonyms=self.fuser.synonyms)
        return self._conflicts[key]

    def conflicting(self, i: int, j: int) -> bool:
        """Whether a conflict keeps two sentences out of one claim: any conflict, except for sentences joined only by
        a figure they give alike — their other parts may tell other happenings, so only a number conflict counts."""
        found = self.conflicts(i, j)
        p = self.fuser.params.claims
        if found and self.features.figure[i, j] and self.probabilities()[i, j] < p.link:
            return any(c.kind == "number" for c in found)
        return bool(found)


class Fuser:
    """Fuses one event at a time; needs the sentence embedder, WordNet synonyms (provenance's phrasebook: "danger"
    and "risk" are one word) and, for places, the gazetteer (loaded when first needed)."""

    def __init__(self, embedder: Embedder, params: FuseParams | None = None,
                 synonyms: Mapping[str, frozenset[str]] | None = None, gazetteer: Gazetteer | None = None) -> None:
        self.embedder = embedder
        self.params = params or FuseParams()
        if synonyms is None:
            from ..provenance import Phrasebook
            synonyms = Phrasebook.load().synonyms
        self.synonyms = synonyms
        self._gazetteer = gazetteer
        self._places: PlaceRelation | None = None

    def place_relation(self, x: str, y: str) -> bool | None:
        """True when one place lies in the other (a city in its country or region), False when both are known and
        apart, None when either is unknown (:mod:`newsweave.fuse.places`)."""
        if self._places is None:
            self._places = PlaceRelation(self._gazetteer)
        return self._places(x, y)

    def similarity(self, cosine: float, a: Sequence[str], b: Sequence[str], idf: Mapping[str, float]) -> float:
        """How alike two quoted sentences are: embedding cosine and rarity-weighted shared words, half and half."""
        return 0.5 * cosine + 0.5 * _claims.dice(a, b, self.synonyms, idf)

    # -- the event ---------------------------------------------------------------------------------

    def context(self, members: Sequence[str], articles: Mapping[str, Article], analyses: Mapping[str, Analysis],
                provenance: Mapping[str, Provenance], entities: Mapping[str, Entity]) -> FuseContext:
        """The event's reports read for fusing, every sentence embedded."""
        present = [a for a in members if a in articles and a in analyses]
        mentioned = {m.entity for a in present for m in analyses[a].mentions if m.entity}
        ctx = FuseContext({a: articles[a] for a in present}, {a: analyses[a] for a in present}, provenance,
                          {e: entities[e] for e in mentioned if e in entities})
        for aid, article in ctx.articles.items():
            ctx.sentences += sentences_of(article, ctx.analyses[aid], self.params.claims.min_words,
                                          self.params.conflicts.tolerance)
        if ctx.sentences:
            vectors = self.embedder.encode([s.text for s in ctx.sentences])
            for s, v in zip(ctx.sentences, vectors, strict=True):
                s.vector = v
        return ctx

    def claim_groups(self, ctx: FuseContext, pairs: Pairs | None = None) -> list[tuple[list[FuseSentence], float]]:
        """The event's sentences grouped into claims, each with its confidence."""
        pairs = pairs or Pairs(self, ctx)
        return group_claims(ctx, self.params.claims, pairs.probabilities(), pairs.conflicting, pairs.features.figure)

    def slot_conflicts(self, ctx: FuseContext, pairs: Pairs) -> list[tuple[int, int, Conflict]]:
        """Sentence pairs that state the same proposition apart from a value, and the values that clash."""
        if not ctx.sentences:
            return []
        prob = pairs.probabilities()
        out = []
        for i, j in zip(*np.nonzero(np.triu(prob >= self.params.conflicts.same_slot, k=1)), strict=True):
            out += [(int(i), int(j), c) for c in pairs.conflicts(int(i), int(j))]
        return out

    def fuse(self, members: Sequence[str], articles: Mapping[str, Article], analyses: Mapping[str, Analysis],
             provenance: Mapping[str, Provenance], entities: Mapping[str, Entity]) -> Fusion:
        ctx = self.context(members, articles, analyses, provenance, entities)
        pairs = Pairs(self, ctx)
        grouped = self.claim_groups(ctx, pairs)
        claims = [make_claim(ctx, g, confidence) for g, confidence in grouped]
        groups = [g for g, _ in grouped]
        order = sorted(range(len(claims)), key=lambda i: (-claims[i].independent, -len(claims[i].support),
                                                          min(s.index for s in groups[i]), groups[i][0].article))
        claims = [claims[i] for i in order]
        groups = [groups[i] for i in order]
        index = {(s.article, s.start): k for k, s in enumerate(ctx.sentences)}
        claim_of = {index[(s.article, s.start)]: c for c, g in zip(claims, groups, strict=True) for s in g}
        quotes = quote_groups(ctx, self.params.quotes, self.embedder.encode, self.similarity)
        disagreements = (_disagreements.slot_disagreements(ctx, self.slot_conflicts(ctx, pairs), claim_of)
                         + _disagreements.title_disagreements(ctx, self._within)
                         + _disagreements.speaker_disagreements(ctx, quotes)
                         + _disagreements.name_disagreements(ctx, quotes))
        own, background = timeline(ctx, groups, self.params.timeline)
        return Fusion(
            summary=tuple(select(ctx, claims, groups, self.params.summary)),
            claims=tuple(claims),
            quote_groups=tuple(quotes),
            disagreements=tuple(disagreements),
            timeline=tuple(own),
            actions=tuple(merge_actions(ctx)),
            background=tuple(background),
        )

    def _within(self, a: frozenset[str], b: frozenset[str]) -> bool:
        """Whether every word of title ``a`` is in title ``b``, itself or as a synonym ("Overseas Minister" is
        within "Deputy Foreign Minister"); equal sets are within each other, and the first in order wins."""
        if a == b:
            return False
        return all(w in b or (self.synonyms.get(w, frozenset()) & b) for w in a) and \
            (len(a) < len(b) or sorted(a) > sorted(b))
