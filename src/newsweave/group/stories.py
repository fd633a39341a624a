"""Stories: events linked by a specific shared subject, within a plausible span of time.

Two events share a story when their reports are about the same specific subject — not merely the same
protagonist.  The *subject similarity* of two events compares them as wholes: their mean lead embeddings less
the mean embedding of the rest of the store (what every report in the store shares — "political news" in a
pile of political news — says nothing about the story), and the actors, places and content words all their
reports name, each key weighed by its rarity in the store with an IDF that reaches zero for a key every report
uses (a president named in 40 % of the reports weighs about a fifth of a name found in one report in a hundred,
and a word in every report nothing at all).  The shared actor that weighs most — the protagonist — is then taken out of
both: the link must hold on what is left, not on one shared name.

Time: an event's day is the median publication day of its dated reports (when at least half of them are
dated), and a story's dated events must lie within ``story_span_days`` of each other (half a year by default
— a developing story, not a subject that comes back years later).  Undated events are not held apart by time
(nothing says when they happened), but two stories are never joined into one whose dated events lie further
apart.

Stories only ever join (the larger keeps its id, so each event moves O(log n) times); a new event is
compared with the nearby events its reports' nearest neighbours belong to, never with the whole store.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np
from numpy.typing import NDArray

from .index import Bags, TermVector, has_terms, summed, unit_cosine, without

if TYPE_CHECKING:
    from .events import Grouper


@dataclass(slots=True)
class Storylines:
    """Which story each event belongs to, each story's events, and each event's day (ordinal).

    A story's span is worked out from its events' days when a link is checked: a story holds a handful of
    events, and an event's day may move (or vanish) as its reports come in."""

    story_of: dict[str, str] = field(default_factory=dict)  # event → story
    events_of: dict[str, set[str]] = field(default_factory=dict)  # story → events
    day_of: dict[str, int] = field(default_factory=dict)  # event → its day, when it has one

    def place(self, event: str, story: str) -> None:
        """Put the event in the story (out of the one it was in)."""
        old = self.story_of.get(event)
        if old is not None and old in self.events_of:
            self.events_of[old].discard(event)
            if not self.events_of[old]:
                del self.events_of[old]
        self.story_of[event] = story
        self.events_of.setdefault(story, set()).add(event)

    def drop(self, event: str) -> None:
        """The event is gone (its reports went to other events)."""
        story = self.story_of.pop(event, None)
        self.day_of.pop(event, None)
        if story is not None and story in self.events_of:
            self.events_of[story].discard(event)
            if not self.events_of[story]:
                del self.events_of[story]

    def date(self, event: str, day: int | None) -> None:
        """The event's day is ``day`` (ordinal; None: it has none)."""
        if day is None:
            self.day_of.pop(event, None)
        else:
            self.day_of[event] = day

    def span(self, *stories: str) -> tuple[int, int] | None:
        """First and last day of the dated events of the stories together (None: none is dated)."""
        days = [d for st in stories for ev in self.events_of.get(st, ()) if (d := self.day_of.get(ev)) is not None]
        return (min(days), max(days)) if days else None

    def fit(self, a: str, b: str, span_days: int) -> bool:
        """Whether the two stories' dated events lie within ``span_days`` of each other."""
        span = self.span(a, b)
        return span is None or span[1] - span[0] <= span_days

    def join(self, a: str, b: str) -> str:
        """Merge two stories; the one with more events keeps its id (each event moves O(log n) times)."""
        if a == b:
            return a
        keep, gone = (a, b) if len(self.events_of.get(a, ())) >= len(self.events_of.get(b, ())) else (b, a)
        for event in list(self.events_of.get(gone, ())):
            self.place(event, keep)
        return keep


def subject_similarity(grouper: Grouper, a: str | Sequence[str], b: str | Sequence[str]) -> float:
    """How much specific subject two events — or two groups of events, taken as wholes — share (see the module
    docstring): weighted cosines of their mean lead embeddings less the mean of the rest of the store, and of
    their actors, places and content words with IDF floor 0, the protagonist — the shared actor that weighs
    most — left out of both."""
    left, right = ([a] if isinstance(a, str) else list(a)), ([b] if isinstance(b, str) else list(b))
    w = grouper.params.subject_weights
    mean = grouper.background(*left, *right)
    text = unit_cosine(_mean_vector(grouper, left) - mean, _mean_vector(grouper, right) - mean)
    actors_a, actors_b = _bag(grouper.bags["actors"], left), _bag(grouper.bags["actors"], right)
    actors = 0.0
    if has_terms(actors_a) and has_terms(actors_b):
        assert actors_a is not None and actors_b is not None
        space = grouper.bags["actors"].space
        shared, ia, ib = np.intersect1d(actors_a[0], actors_b[0], assume_unique=True, return_indices=True)
        if len(shared):
            weight = space.weights(actors_a, 0.0)[ia] * space.weights(actors_b, 0.0)[ib]
            protagonist = int(shared[int(np.argmax(weight))])
            actors = space.cosine(without(actors_a, protagonist), without(actors_b, protagonist), 0.0)
    places = _cosine(grouper.bags["places"], left, right)
    terms = _cosine(grouper.bags["terms"], left, right)
    return w[0] * text + w[1] * actors + w[2] * places + w[3] * terms


def _mean_vector(grouper: Grouper, events: Sequence[str]) -> NDArray[np.float32]:
    total = sum((grouper.centroid[e] for e in events), np.zeros_like(grouper.centroid[events[0]]))
    return (total / max(1, sum(len(grouper.members[e]) for e in events))).astype(np.float32)


def _bag(bags: Bags, events: Sequence[str]) -> TermVector | None:
    """The events' summed bags."""
    found = [v for e in events if (v := bags.events.get(e)) is not None]
    if not found:
        return None
    total = found[0]
    for vector in found[1:]:
        total = summed(total, vector)
    return total


def _cosine(bags: Bags, a: Sequence[str], b: Sequence[str]) -> float:
    """Cosine of two groups of events' summed bags, keys weighed by rarity with IDF floor 0."""
    return bags.space.cosine(_bag(bags, a), _bag(bags, b), 0.0)
