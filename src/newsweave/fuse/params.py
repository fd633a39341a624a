"""The fuse stage's thresholds and weights, one named record per part, each chosen on development data.

Where a value was chosen, and how, is said beside it; the benchmarks that chose them re-run the choice on one half
of their data and measure on the other (docs/benchmarks.md).
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class ClaimParams:
    """When sentences of different reports state one fact.

    A pair's probability of stating one happening is a logistic model over what the two sentences share
    (``benchmarks/claims.py --fit`` fits the weights on ECB+ dev: two sentences state one happening when they share
    a cross-document event chain).  ECB+'s "same happening" is looser than "same fact", so the threshold is chosen
    on judged BASIL dev pairs (``benchmarks/basil.py``, ``gold/BASIL_JUDGED.md``): the lowest probability (0.01 steps)
    above which the judged precision of "states the same fact" is ≥ 0.90.  Sentences are linked by average link
    while their pairs' probability averages at least ``link``; a pair whose numbers, days, places or polarity
    conflict is never linked (a contradiction is no support).  A claim's confidence is the mean probability of its
    pairs."""

    link: float = 0.94  # mean pair probability to join two groups into one claim (judged BASIL dev pairs: P ≥ 0.9)
    figure_link: float = 0.7  # … for two sentences that give one specific figure of the same thing alike (same set)
    bias: float = -0.57
    cosine: float = 2.84  # embedding cosine of the two sentences
    overlap: float = 0.70  # overlap of content lemmas (WordNet synonyms count)
    rare_overlap: float = 2.99  # … weighted by the lemmas' rarity among the event's sentences
    shared_entities: float = -0.02  # rarity-weighted share of the entities both name
    other_entities: float = -0.41  # … and of the entities only one of them names (other participants)
    shared_number: float = 0.76  # a quantity of the same thing both give alike
    one_per_article: bool = True  # at most one sentence of each report in a claim (no catch-all claims)
    min_words: int = 5  # shorter sentences state no fact


@dataclass(frozen=True, slots=True)
class ConflictParams:
    """When two sentences give incompatible values of the same slot.

    Only sentences that say the same thing apart from the value are compared: their probability of stating one fact
    (the claim model's, which reads no value of the slot) must reach ``same_slot`` — as high as joining one claim
    needs: two sentences disagree on a value only where they would otherwise be one claim (ClaimDiff dev,
    ``benchmarks/conflicts.py``, shows the 2-fold choice)."""

    same_slot: float = 0.94
    tolerance: float = 0.1  # an approximate number ("about 150") stands for ±10 %: "about 150" ≠ "about 200"
    polarity: bool = True  # "will meet" / "is unlikely to meet"
    numbers: bool = True
    days: bool = True
    places: bool = True


@dataclass(frozen=True, slots=True)
class QuoteParams:
    """When two quoted sentences are renderings of one utterance (set on the seeds and BASIL dev)."""

    link: float = 0.6  # similarity of two renderings by the same person …
    mutual: float = 0.4  # … when the two are each other's best match among the speaker's sentences
    other_speaker: float = 0.75  # … when the reports name different speakers


@dataclass(frozen=True, slots=True)
class SummaryParams:
    """Which claims tell the event: the lead first, then maximal marginal relevance (NeuS dev, 2-fold;
    ``benchmarks/summary.py``).  Opening with the lead statement is the product's promise (who, what, when, where
    first), not a tuned choice: on NeuS it costs ~0.007 ROUGE-2 against the best order, and the benchmark measures what
    it buys (how often the first sentence names a participant and a time or place)."""

    sentences: int = 4
    words: int = 0  # a word budget instead of a sentence count, when > 0 (benchmarks)
    redundancy: float = 0.6  # MMR trade-off: weight of the similarity to what is already chosen
    centrality: float = 0.45  # relevance of a claim: closeness to the event's centroid …
    support: float = 0.35  # … how many independent sources state it …
    lead: float = 0.4  # … and how early it comes (news puts the essential first; 0.4 of {0.2, 0.4} on NeuS dev)
    lead_decay: float = 1.0
    lead_sentence: bool = True  # open with the best-supported lead sentence that names who, what, when or where
    echo: float = 0.6  # cosine at which another report's sentence tells something close (support, for the summary)
    dangling: float = 0.5  # relevance kept by a sentence that leans on the one before it ("And he …", "Then we …")


@dataclass(frozen=True, slots=True)
class TimelineParams:
    """Which dated sentences are the event's own happenings."""

    per_date: int = 3  # the best-supported few per date
    background_days: int = 30  # a date this long before the event's reports is background, shown apart


@dataclass(frozen=True, slots=True)
class FuseParams:
    """All of the fuse stage's parameters."""

    claims: ClaimParams = field(default_factory=ClaimParams)
    conflicts: ConflictParams = field(default_factory=ConflictParams)
    quotes: QuoteParams = field(default_factory=QuoteParams)
    summary: SummaryParams = field(default_factory=SummaryParams)
    timeline: TimelineParams = field(default_factory=TimelineParams)
