"""The weights and thresholds of grouping, in one record.

The weights of the pair similarity are those of a logistic regression of "same event?" over pairs of nearby
reports (ECB+ dev and BASIL dev, each corpus weighing the same), the subject weights those of a logistic
regression of "same story?" over pairs of ECB+ dev gold events, and the thresholds the best B³ F1 of a sweep
(events: mean of ECB+ and BASIL; stories: ECB+).  ``benchmarks/grouping.py --fit`` refits them all;
``--two-fold`` fits them on half of the topics and years and measures on the other half.  The time spans
(half a year for an event's reports and for a story's events) and the blocking sizes are definitions, not
fitted numbers.
"""

from __future__ import annotations

from dataclasses import dataclass, fields

PAIR_FEATURES = ("text", "actors", "places", "terms", "figures", "days", "years", "gap", "conflict")
"""What two reports are compared by (see :meth:`newsweave.group.events.Grouper.features`)."""
SUBJECT_FEATURES = ("text", "actors", "places", "terms")
"""What two events are compared by when deciding whether they belong to one story."""


@dataclass(frozen=True, slots=True)
class GroupingParams:
    """Weights and thresholds of the grouping; the defaults are fitted (see the module docstring)."""

    # -- one event: are two reports of the same happening? -------------------------------------------
    text_weight: float = 0.263  # cosine of the lead embeddings
    actor_weight: float = 0.181  # who: people, organisations, groups (IDF-weighted cosine)
    place_weight: float = 0.058  # where: every place named (IDF-weighted cosine)
    term_weight: float = 0.302  # what: content words of the whole text (TF-IDF cosine)
    figure_weight: float = 0.129  # the numbers given (TF-IDF cosine; the text's cosine when one gives none)
    day_weight: float = 0.02  # +1 the days named overlap, -1 both name days and none is shared
    year_weight: float = 0.046  # the same for the years named (and the publication year)
    gap_weight: float = 0.114  # published apart: 0 within a week, then log(weeks) / log(52), 1 from a year on
    conflict_penalty: float = 0.06  # the leads put the happening in another place *and* on another day
    event_threshold: float = 0.32  # mean similarity between two groups of reports that makes them one event
    event_span_days: int | None = 183  # reports published further apart are never one event (a definition)
    # -- one story: do two events share a specific subject? -------------------------------------------
    story_text_weight: float = 0.699
    story_actor_weight: float = 0.043
    story_place_weight: float = 0.083
    story_term_weight: float = 0.175
    story_threshold: float = 0.38  # subject similarity of two events (keys weighed by rarity) that links them
    story_span_days: int = 183  # a story's dated events lie within half a year (a definition, not fitted)
    # -- blocking: how much is compared in full --------------------------------------------------------
    candidate_floor: float = 0.2  # embedding similarity below which a pair is not even scored
    neighbours: int = 60  # nearest stored articles (by embedding) looked at for each new article
    event_candidates: int = 5  # events (best by their nearest reports) regrouped around each new article
    story_candidates: int = 5  # nearby events (best by their nearest reports) whose stories a new article's may join
    split_size: int = 24  # events of at most this many reports are regrouped report by report around a new one
    member_sample: int = 12  # a larger event is compared by this many of its reports, the nearest the new one

    @property
    def pair_weights(self) -> tuple[float, ...]:
        """The weights of :data:`PAIR_FEATURES`, the penalties negative."""
        return (self.text_weight, self.actor_weight, self.place_weight, self.term_weight, self.figure_weight,
                self.day_weight, self.year_weight, -self.gap_weight, -self.conflict_penalty)

    @property
    def subject_weights(self) -> tuple[float, ...]:
        return (self.story_text_weight, self.story_actor_weight, self.story_place_weight, self.story_term_weight)

    @classmethod
    def names(cls) -> tuple[str, ...]:
        return tuple(f.name for f in fields(cls))
