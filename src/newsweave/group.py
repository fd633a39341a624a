"""Group: articles → events → stories, incrementally.

Each article gets a :class:`Profile`: an embedding of its headline and lead, and weighted bags of the
people, organisations, places and dates it names (the lead counts more than the body).  Two articles
report the *same event* when they read alike **and** share who, where and when; look-alike events
(two meetings of the same ministers in different cities and weeks) share the topic words but not the
place and the date, which is why those weigh.  Events whose articles are about the same subject, but
not the same happening, form a *story*.

Assignment is incremental: a new article joins the best-matching existing event (or starts one);
a new event joins the best-matching story (or starts one).  Nothing already grouped is re-read beyond
the candidate events' profiles.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np
from numpy.typing import NDArray

from .clean import strip_accents
from .dates import weekday_of
from .model import Analysis, Article, MentionKind, content_id

LEAD_SENTENCES = 3
LEAD_WEIGHT = 2.0


@dataclass(frozen=True, slots=True)
class Profile:
    """What grouping knows of one article."""

    article: str
    vector: NDArray[np.float32]
    actors: Mapping[str, float]  # people, organisations, groups → weight
    places: Mapping[str, float]
    dates: Mapping[str, float]  # ISO days, or weekday names when no publication date resolves them
    published: str | None = None


@dataclass(frozen=True, slots=True)
class GroupingParams:
    """Weights and thresholds of the similarity; defaults were set on ECB+ dev (see benchmarks/grouping.py)."""

    text_weight: float = 0.5
    actor_weight: float = 0.3
    place_weight: float = 0.15
    date_weight: float = 0.05
    event_threshold: float = 0.5
    story_threshold: float = 0.35


def entity_key(text: str, kind: MentionKind) -> str:
    """A normalised key for a mention: accent-free lower case; people by surname."""
    cleaned = strip_accents(text).lower()
    cleaned = re.sub(r"[’']s$", "", cleaned)
    cleaned = re.sub(r"[^\w\s-]", " ", cleaned)
    words = cleaned.split()
    if not words:
        return ""
    if kind is MentionKind.PERSON:
        return words[-1]
    return " ".join(words)


def lead_text(article: Article, analysis: Analysis, sentences: int = LEAD_SENTENCES) -> str:
    lead = " ".join(article.text[s.start:s.end] for s in analysis.sentences[:sentences])
    return f"{article.title}. {lead}" if article.title else lead


def build_profile(article: Article, analysis: Analysis, vector: NDArray[np.float32]) -> Profile:
    lead_end = analysis.sentences[min(LEAD_SENTENCES, len(analysis.sentences)) - 1].end if analysis.sentences else 0
    actors: Counter[str] = Counter()
    places: Counter[str] = Counter()
    for m in analysis.mentions:
        key = entity_key(article.text[m.start:m.end], m.kind)
        if not key:
            continue
        weight = LEAD_WEIGHT if m.start < lead_end else 1.0
        if m.kind is MentionKind.PLACE:
            before = article.text[max(0, m.start - 4):m.start].lower()
            if before.endswith(("in ", "at ")) or m.start < 2:  # locatives and datelines name where it happened
                weight *= 1.5
            places[key] += weight
        elif m.kind in (MentionKind.PERSON, MentionKind.ORGANIZATION, MentionKind.GROUP, MentionKind.EVENT):
            actors[key] += weight
    dates: Counter[str] = Counter()
    for d in analysis.dates:
        expr = article.text[d.start:d.end]
        if d.value and d.granularity == "day":
            dates[d.value] += 1.0
        elif (wd := weekday_of(expr)) is not None and article.published is None:
            dates[wd] += 1.0
    return Profile(article.id, vector, dict(actors), dict(places), dict(dates), article.published)


def weighted_cosine(a: Mapping[str, float], b: Mapping[str, float], idf: Callable[[str], float]) -> float:
    """Cosine of two bags of keys, counts damped by log and weighted by inverse document frequency."""
    if not a or not b:
        return 0.0
    dot = sum(math.log1p(a[k]) * math.log1p(b[k]) * idf(k) ** 2 for k in a.keys() & b.keys())
    if dot == 0.0:
        return 0.0
    na = math.sqrt(sum((math.log1p(v) * idf(k)) ** 2 for k, v in a.items()))
    nb = math.sqrt(sum((math.log1p(v) * idf(k)) ** 2 for k, v in b.items()))
    return dot / (na * nb) if na and nb else 0.0


@dataclass(slots=True)
class Grouper:
    """Incremental event and story clustering over :class:`Profile` records."""

    params: GroupingParams = field(default_factory=GroupingParams)
    profiles: dict[str, Profile] = field(default_factory=dict)
    event_of: dict[str, str] = field(default_factory=dict)  # article → event
    members: dict[str, list[str]] = field(default_factory=dict)  # event → articles
    story_of: dict[str, str] = field(default_factory=dict)  # event → story
    document_frequency: Counter[str] = field(default_factory=Counter)

    def load(self, profiles: Iterable[Profile], event_of: Mapping[str, str], story_of: Mapping[str, str]) -> None:
        """Restore the state of earlier runs (from the store)."""
        for p in profiles:
            self._remember(p)
        for article, event in event_of.items():
            self.event_of[article] = event
            self.members.setdefault(event, []).append(article)
        self.story_of.update(story_of)

    def _remember(self, p: Profile) -> None:
        self.profiles[p.article] = p
        self.document_frequency.update(set(p.actors) | set(p.places))

    def idf(self, key: str) -> float:
        n = max(len(self.profiles), 1)
        return math.log((n + 1) / (self.document_frequency.get(key, 0) + 1)) + 1.0

    def similarity(self, a: Profile, b: Profile) -> float:
        p = self.params
        text = float(np.dot(a.vector, b.vector))
        actors = weighted_cosine(a.actors, b.actors, self.idf)
        places = weighted_cosine(a.places, b.places, self.idf)
        dates = _date_agreement(a.dates, b.dates)
        return p.text_weight * text + p.actor_weight * actors + p.place_weight * places + p.date_weight * dates

    def add(self, profile: Profile) -> str:
        """Place one article; returns its event id."""
        if profile.article in self.event_of:
            return self.event_of[profile.article]
        self._remember(profile)
        best_event, best_score = None, -1.0
        for event, arts in self.members.items():
            scores = sorted((self.similarity(profile, self.profiles[a]) for a in arts if a in self.profiles), reverse=True)
            if not scores:
                continue
            top = scores[: max(1, min(3, len(scores)))]
            score = sum(top) / len(top)
            if score > best_score:
                best_event, best_score = event, score
        if best_event is not None and best_score >= self.params.event_threshold:
            event = best_event
        else:
            event = content_id("e", profile.article)
            self.members[event] = []
            self.story_of[event] = self._story_for(event, profile)
        self.members[event].append(profile.article)
        self.event_of[profile.article] = event
        return event

    def _story_for(self, event: str, profile: Profile) -> str:
        best_story, best_score = None, -1.0
        by_story: dict[str, list[str]] = {}
        for ev, story in self.story_of.items():
            by_story.setdefault(story, []).extend(self.members.get(ev, []))
        for story, arts in by_story.items():
            scores = [self.similarity(profile, self.profiles[a]) for a in arts if a in self.profiles]
            if not scores:
                continue
            score = max(scores)
            if score > best_score:
                best_story, best_score = story, score
        if best_story is not None and best_score >= self.params.story_threshold:
            return best_story
        return content_id("s", profile.article)

    def stories(self) -> dict[str, list[str]]:
        out: dict[str, list[str]] = {}
        for event, story in self.story_of.items():
            if self.members.get(event):
                out.setdefault(story, []).append(event)
        return out


def _date_agreement(a: Mapping[str, float], b: Mapping[str, float]) -> float:
    """+1 when the articles' dates overlap, -1 when both give dates and none overlaps, 0 otherwise."""
    if not a or not b:
        return 0.0
    return 1.0 if a.keys() & b.keys() else -1.0


def central_article(grouper: Grouper, articles: Sequence[str]) -> str:
    """The member most similar to the others (the event's most representative report)."""
    if len(articles) <= 2:
        return articles[0]
    best, best_score = articles[0], -1.0
    for a in articles:
        score = sum(grouper.similarity(grouper.profiles[a], grouper.profiles[b]) for b in articles if b != a)
        if score > best_score:
            best, best_score = a, score
    return best
