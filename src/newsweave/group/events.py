"""Events: one happening at one time and place, and the reports of it — placed one article at a time.

Two reports are compared by the pair features of :mod:`~newsweave.group.pairs` — how alike their leads read,
*who* they name, *where*, *what* they say and which figures they give (each bag weighed by the rarity of its
keys in the store), whether the days and years they name agree, how far apart they were published, whether
their leads put the happening in another place on another day.  Their weighted sum (weights fitted by logistic
regression, see :mod:`~newsweave.group.params`) is the pair similarity: reports of different happenings with
the same protagonists differ in what, when and where.

**Placing a new article.**  Its candidate events are those of its nearest stored articles by embedding (a
faiss HNSW index: the blocking), the ``event_candidates`` nearest.  The new article and those events' reports
are then clustered again *locally* by average link — the two groups whose reports are most alike on average
are joined while that average reaches ``event_threshold`` — starting from single reports for events of at most
``split_size`` reports, and from the event as it stands (represented by its ``member_sample`` reports nearest
the new one) for larger, settled events.  Reports published more than ``event_span_days`` apart (half a year) are
never joined: they do not report one happening.  So a report can join an event, join two events that prove to
be one, or take an event apart when it shows the event held two happenings — what clustering all reports at once by
average link would do in that neighbourhood, at a cost bounded by the blocking whatever the size of the store.
Event ids survive: a regrouped event keeps the id of the old event most of its reports came from.
"""

from __future__ import annotations

import bisect
import functools
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from numpy.typing import NDArray

from ..model import Profile, content_id
from .index import Bags, VectorIndex
from .pairs import Facts, block, facts_of, scores
from .params import GroupingParams
from .stories import Storylines, subject_similarity


@dataclass(slots=True)
class Grouper:
    """Incremental event and story clustering over :class:`Profile` records (see the module docstring)."""

    params: GroupingParams = field(default_factory=GroupingParams)
    profiles: dict[str, Profile] = field(default_factory=dict)
    event_of: dict[str, str] = field(default_factory=dict)  # article → event
    members: dict[str, list[str]] = field(default_factory=dict)  # event → articles
    index: VectorIndex = field(default_factory=VectorIndex)
    bags: dict[str, Bags] = field(default_factory=lambda: {k: Bags() for k in ("actors", "places", "terms",
                                                                                 "figures")})
    storylines: Storylines = field(default_factory=Storylines)
    centroid: dict[str, NDArray[np.float32]] = field(default_factory=dict)  # event → sum of member vectors
    facts: dict[str, Facts] = field(default_factory=dict)
    vector_sum: NDArray[np.float32] | None = None  # sum of every stored vector: the store's mean report
    _days: dict[str, list[int]] = field(default_factory=dict)  # event → its reports' publication days, sorted
    _arrival: dict[str, int] = field(default_factory=dict)  # article → the order it was stored in

    @property
    def story_of(self) -> dict[str, str]:
        """event → story"""
        return self.storylines.story_of

    def stories(self) -> dict[str, list[str]]:
        """story → its events (those with reports)."""
        out: dict[str, list[str]] = {}
        for event, story in self.storylines.story_of.items():
            if self.members.get(event):
                out.setdefault(story, []).append(event)
        return out

    # -- state -------------------------------------------------------------------------------------

    def load(self, profiles: Iterable[Profile], event_of: Mapping[str, str], story_of: Mapping[str, str]) -> None:
        """Restore the state of earlier runs (from the store)."""
        for p in profiles:
            self._remember(p)
        for article, event in event_of.items():
            self.event_of[article] = event
            self.members.setdefault(event, []).append(article)
        for event in self.members:
            self._total(event)
        for event, story in story_of.items():
            self.storylines.place(event, story)
        for event in self.members:
            if event in self.storylines.story_of:
                self.storylines.date(event, self.event_day(event))

    def recall(self, p: Profile, arrival: int) -> None:
        """Load one stored report when only part of the store is loaded: its keys' counts, the vector index and
        the vector sum come from the store (they already count it); ``arrival`` is its place in the store."""
        self.profiles[p.article] = p
        self._arrival[p.article] = arrival
        for name, bags in self.bags.items():
            bags.articles[p.article] = bags.space.vector(getattr(p, name))
        self.facts[p.article] = facts_of(p)

    def arrive(self, article: str, arrival: int) -> None:
        """The report to be placed next came ``arrival``-th into the store (when only part of it is loaded)."""
        self._arrival[article] = arrival

    def recall_event(self, event: str, members: Sequence[str], story: str, day: int | None) -> None:
        """Load one stored event (its reports recalled first) — or, without members, only its place in its story."""
        if members:
            self.members[event] = list(members)
            for article in members:
                self.event_of[article] = event
            self._total(event)
        self.storylines.place(event, story)
        self.storylines.date(event, self.event_day(event) if members else day)

    def _remember(self, p: Profile) -> None:
        self.profiles[p.article] = p
        self._arrival.setdefault(p.article, len(self._arrival))
        for name, bags in self.bags.items():
            bags.remember(p.article, getattr(p, name))
        self.index.add(p.article, p.vector)
        self.facts[p.article] = facts_of(p)
        vector = np.asarray(p.vector, dtype=np.float32)
        self.vector_sum = vector.copy() if self.vector_sum is None else self.vector_sum + vector

    def background(self, *events: str) -> NDArray[np.float32]:
        """The mean vector of the stored reports outside these events — what any report shares with the rest
        of the store (zero when the store holds nothing else)."""
        if self.vector_sum is None:
            return np.zeros(1, dtype=np.float32)
        rest = self.vector_sum - sum((self.centroid[e] for e in events), np.zeros_like(self.vector_sum))
        others = self.bags["actors"].space.documents - sum(len(self.members.get(e, ())) for e in events)
        return (rest / others).astype(np.float32) if others > 0 else np.zeros_like(self.vector_sum)

    def _total(self, event: str) -> None:
        """Work out the event's running totals (centroid, summed bags, publication days) from its reports."""
        members = [a for a in self.members.get(event, ()) if a in self.profiles]
        for bags in self.bags.values():
            bags.events.pop(event, None)
        self.centroid.pop(event, None)
        self._days.pop(event, None)
        for a in members:
            p = self.profiles[a]
            vector = np.asarray(p.vector, dtype=np.float32)
            self.centroid[event] = self.centroid[event] + vector if event in self.centroid else vector.copy()
            for name, bags in self.bags.items():
                bags.sign(event, bags.of(a, getattr(p, name)))
            if (day := self.facts[a].published) is not None:
                bisect.insort(self._days.setdefault(event, []), day)

    def event_day(self, event: str) -> int | None:
        """The event's day: the median publication day of its dated reports (ordinal) — None unless at least
        half of its reports are dated (a day most of its reports do not give is no evidence of when it was:
        one report's misread byline must not hold a whole event apart in time)."""
        days = self._days.get(event)
        if not days or 2 * len(days) < len(self.members.get(event, ())):
            return None
        return days[len(days) // 2]

    # -- comparing reports -------------------------------------------------------------------------

    def features(self, q: Profile, others: Sequence[Profile]) -> NDArray[np.float64]:
        """The pair features (:data:`~newsweave.group.params.PAIR_FEATURES`) of ``q`` with each of ``others``."""
        features: NDArray[np.float64] = block([q], others, self.bags, self.facts)[0]
        return features

    def scores(self, q: Profile, others: Sequence[Profile]) -> NDArray[np.float64]:
        """The pair similarity of ``q`` with each of ``others``."""
        row: NDArray[np.float64] = scores([q], others, self.bags, self.facts, self.params.pair_weights)[0]
        return row

    def similarity(self, a: Profile, b: Profile) -> float:
        """The pair similarity of two reports."""
        return float(self.scores(a, [b])[0])

    def score_matrix(self, articles: Sequence[str]) -> NDArray[np.float64]:
        """The pair similarity of every two of the articles."""
        profiles = [self.profiles[a] for a in articles]
        return scores(profiles, profiles, self.bags, self.facts, self.params.pair_weights)

    def _nearest(self, event: str, vector: NDArray[np.float32], size: int) -> list[str]:
        """At most ``size`` of the event's reports, the nearest ``vector`` by embedding."""
        members = self.members[event]
        if len(members) <= size:
            return list(members)
        near = np.stack([np.asarray(self.profiles[a].vector, dtype=np.float32) for a in members]) @ vector
        return [members[i] for i in np.argsort(-near)[:size]]

    # -- placing an article ------------------------------------------------------------------------

    def add(self, profile: Profile) -> str:
        """Place one article; returns its event id.

        The matrices placing one article multiplies are small (at most 1 + ``event_candidates`` ×
        ``split_size`` reports by the embedding's 384 dimensions): BLAS threads cost more to hand them out than
        they save, and on a busy machine they wait for each other (2–3× slower on 2 busy cores), so BLAS runs on
        one thread while an article is placed and its thread count is restored after."""
        if profile.article in self.event_of:
            return self.event_of[profile.article]
        with _blas_controller().limit(limits=1, user_api="blas"):
            return self._place(profile)

    def _place(self, profile: Profile) -> str:
        if profile.article not in self.profiles:
            self._remember(profile)
        p = self.params
        near = [a for a, _ in self.index.search(profile.vector, p.neighbours + 1, p.candidate_floor)
                if a != profile.article and a in self.event_of]
        ranked: list[str] = []
        for article in near:  # nearest first: events ranked by their nearest report
            if (ev := self.event_of[article]) not in ranked:
                ranked.append(ev)
        candidates = ranked[: p.event_candidates]
        vector = np.asarray(profile.vector, dtype=np.float32)
        units: list[tuple[list[str], list[str]]] = [([profile.article], [profile.article])]  # (articles, sample)
        for ev in candidates:
            if len(self.members[ev]) <= p.split_size:
                units += [([a], [a]) for a in self.members[ev]]
            else:
                units.append((list(self.members[ev]), self._nearest(ev, vector, p.member_sample)))
        groups = self._cluster(units)
        event = self._regroup(profile.article, candidates, groups)
        self._link_story(event, ranked)
        return event

    def _cluster(self, units: Sequence[tuple[list[str], list[str]]]) -> list[list[str]]:
        """Average-link clustering of the units (each: its articles, and the sample of them it is compared by):
        join the two groups most alike on average while that average reaches ``event_threshold`` — never two
        whose reports together were published more than ``event_span_days`` apart."""
        samples = [s for _, s in units]
        items = [a for s in samples for a in s]
        owner = np.repeat(np.arange(len(units)), [len(s) for s in samples])
        scores = self.score_matrix(items)
        n = len(units)
        sums = np.zeros((n, n))
        np.add.at(sums, (owner[:, None], owner[None, :]), scores)
        sizes = np.array([len(s) for s in samples], dtype=np.float64)
        groups: list[list[str] | None] = [list(a) for a, _ in units]
        alive = np.ones(n, dtype=bool)
        apart = np.zeros((n, n), dtype=bool)  # pairs too far apart in time to be one happening
        first = np.full(n, np.inf)
        last = np.full(n, -np.inf)
        for k, (articles, _) in enumerate(units):
            days = [d for a in articles if (d := self.facts[a].published) is not None]
            if days:
                first[k], last[k] = min(days), max(days)
        span = self.params.event_span_days
        if span is not None:
            apart = (np.maximum(last[:, None], last[None, :]) - np.minimum(first[:, None], first[None, :])) > span
        while alive.sum() > 1:
            mean = sums / np.outer(sizes, sizes)
            mean[~alive, :] = -np.inf
            mean[:, ~alive] = -np.inf
            mean[apart] = -np.inf
            np.fill_diagonal(mean, -np.inf)
            i, j = np.unravel_index(int(np.argmax(mean)), mean.shape)
            if mean[i, j] < self.params.event_threshold:
                break
            sums[i, :] += sums[j, :]
            sums[:, i] += sums[:, j]
            sizes[i] += sizes[j]
            first[i], last[i] = min(first[i], first[j]), max(last[i], last[j])
            if span is not None:
                apart[i, :] = apart[:, i] = (np.maximum(last[i], last) - np.minimum(first[i], first)) > span
            groups[i] += groups[j]  # type: ignore[operator]
            groups[j], alive[j] = None, False
        return [g for g in groups if g is not None]

    def _regroup(self, article: str, candidates: Sequence[str], groups: Sequence[list[str]]) -> str:
        """Replace the candidate events by the groups; returns the event of ``article``.

        A group keeps the id of the old event most of its reports come from (the largest group first); a group
        of the new article alone is a new event (its id from the article), any other new group — a part split
        off an event — gets an id from its reports.  Each group stays in the story of the old event most of its
        reports come from."""
        before = {a: self.event_of[a] for g in groups for a in g if a in self.event_of}
        old_story = {ev: self.storylines.story_of.get(ev) for ev in candidates}
        used: set[str] = set()
        assigned: list[tuple[str, list[str]]] = []
        for group in sorted(groups, key=lambda g: (-len(g), min(self._arrival[a] for a in g))):
            origins = Counter(before[a] for a in group if a in before)
            event = next((ev for ev, _ in origins.most_common() if ev not in used), None)
            if event is None:
                event = content_id("e", article) if group == [article] else self._part_id(group, used)
            used.add(event)
            story = old_story.get(origins.most_common(1)[0][0]) if origins else None
            assigned.append((event, group))
            changed = sorted(self.members.get(event, ())) != sorted(group)
            self.members[event] = list(group)
            for a in group:
                self.event_of[a] = event
            if changed:
                self._total(event)
            self.storylines.place(event, story or self.storylines.story_of.get(event) or content_id("s", group[0]))
            self.storylines.date(event, self.event_day(event))
        for ev in candidates:
            if ev not in used:
                self.members.pop(ev, None)
                self._total(ev)
                self.storylines.drop(ev)
        return self.event_of[article]

    def _part_id(self, group: Sequence[str], used: set[str]) -> str:
        """An id for a part split off an event: from its reports, made unique among the events in use."""
        event, k = content_id("e", "part", *sorted(group)), 0
        while event in used or self.members.get(event):
            k += 1
            event = content_id("e", "part", *sorted(group), str(k))
        return event

    def _link_story(self, event: str, ranked: Sequence[str]) -> None:
        """Join the event's story with the story of each nearby event (``ranked``, best first; at most
        ``story_candidates`` compared) that shares a specific subject with it and fits its time span."""
        story = self.storylines.story_of[event]
        compared = 0
        for other in ranked:
            theirs = self.storylines.story_of.get(other)
            if other == event or theirs is None or theirs == story or not self.members.get(other):
                continue
            if compared >= self.params.story_candidates:
                break
            compared += 1
            if not self.storylines.fit(story, theirs, self.params.story_span_days):
                continue
            if subject_similarity(self, event, other) >= self.params.story_threshold:
                story = self.storylines.join(story, theirs)


@functools.cache
def _blas_controller() -> Any:
    """The thread pools of the loaded BLAS libraries (threadpoolctl), inspected once."""
    from threadpoolctl import ThreadpoolController

    return ThreadpoolController()


def central_article(grouper: Grouper, articles: Sequence[str]) -> str:
    """The member most similar to the others (the event's most representative report)."""
    if len(articles) <= 2:
        return articles[0]
    totals = grouper.score_matrix(list(articles)).sum(axis=1)
    return articles[int(np.argmax(totals))]
