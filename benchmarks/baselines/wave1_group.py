"""The wave-1 grouper, frozen as a baseline for benchmarks/grouping.py and grouping_basil.py (newsweave.group
before issue 20: hand-set weights, event-level comparison with a second-pass merge, stories by single link over
articles and event-level subject).  Do not edit: it is what the new grouping is measured against.

Group: articles → events → stories, incrementally.

Each article gets a :class:`Profile`: an embedding of its headline and lead, and weighted bags of the
people, organisations, places and dates it names, of the content words of its full text and of the figures
it gives (the lead counts more than the body).  Words and figures are compared TF-IDF-style, with the
document frequencies of the articles stored so far; the figures ("23 pirates", "dies at 91", "a 6.1
quake") tell look-alike happenings apart, the words tie the events of one story together.  Two articles
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
from typing import Any

import numpy as np
from numpy.typing import NDArray

from newsweave.clean import strip_accents
from newsweave.dates import weekday_of
from newsweave.model import Analysis, Article, Attribute, Citation, Event, MentionForm, MentionKind, content_id

HNSW_LINKS = 32
HNSW_EF = 128
LEAD_SENTENCES = 4
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
    lead_places: frozenset[str] = frozenset()  # where the headline and lead say it happened
    lead_dates: frozenset[str] = frozenset()  # when the headline and lead say it happened
    terms: Mapping[str, float] = field(default_factory=dict)  # content words of the whole text (lead double)
    figures: Mapping[str, float] = field(default_factory=dict)  # numbers the text gives: "23" pirates, "6.1" quake


@dataclass(frozen=True, slots=True)
class GroupingParams:
    """Weights and thresholds of the similarity; defaults were set on ECB+ dev (see benchmarks/grouping.py)."""

    text_weight: float = 0.4
    actor_weight: float = 0.3
    place_weight: float = 0.15
    date_weight: float = 0.05
    term_weight: float = 0.1  # content words of the full text (IDF-weighted cosine)
    figure_weight: float = 0.1  # numbers the texts give (IDF-weighted cosine): 23 pirates against 26
    conflict_penalty: float = 0.0  # the lead names another place, or another day, than the event's
    double_conflict_penalty: float = 0.3  # … both another place and another day: another happening
    event_threshold: float = 0.42
    centroid_share: float = 0.3  # share of the article-to-event score that compares with the event as a whole
    event_merge_threshold: float = 0.6  # two events whose wholes are this alike become one (second pass)
    story_threshold: float = 0.35  # single link between articles of two events
    story_event_threshold: float = 0.3  # two events whose wholes share this much subject: one story
    story_text_weight: float = 0.45
    story_actor_weight: float = 0.3
    story_place_weight: float = 0.15
    story_term_weight: float = 0.1
    candidate_floor: float = 0.2  # embedding similarity below which a pair is not even scored (blocking)
    neighbours: int = 60  # nearest stored articles (by embedding) scored for each new article (blocking)
    event_candidates: int = 5  # events (best by their nearest members) compared as wholes, per new article


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
    """Headline and first sentences (the headline is the text's first paragraph)."""
    return " ".join(article.text[s.start:s.end] for s in analysis.sentences[:sentences])


def lead_end(analysis: Analysis, sentences: int = LEAD_SENTENCES) -> int:
    """Where the lead (headline and first sentences) ends in the article's text."""
    return analysis.sentences[min(sentences, len(analysis.sentences)) - 1].end if analysis.sentences else 0


PERSON_SURNAME_SHARE = 1.0
NAMED_KINDS = (MentionKind.PERSON, MentionKind.ORGANIZATION, MentionKind.GROUP, MentionKind.EVENT)


def mention_keys(article: Article, analysis: Analysis) -> tuple[list[str], set[int]]:
    """A key per mention: names normalised, a person by full name when the article gives one ("Reggie Bush"
    for a later "Bush"), pronouns and descriptions by the name they refer to ("" when none)."""
    text = article.text
    keys = [entity_key(text[m.start:m.end], MentionKind.OTHER) if m.form is MentionForm.NAME else ""
            for m in analysis.mentions]
    full: dict[str, str] = {}
    persons: set[int] = set()
    for m, key in zip(analysis.mentions, keys, strict=True):
        words = key.split()
        if m.kind is MentionKind.PERSON and len(words) > 1:
            full.setdefault(words[-1], f"{words[0]} {words[-1]}")
    for n, (m, key) in enumerate(zip(analysis.mentions, keys, strict=True)):
        words = key.split()
        if words and (m.kind is MentionKind.PERSON or len(words) == 1):
            keys[n] = full.get(words[-1], words[-1] if m.kind is MentionKind.PERSON else key)
            if keys[n] != key and m.kind is not MentionKind.PERSON:
                persons.add(n)
    for n, m in enumerate(analysis.mentions):
        if m.form is not MentionForm.NAME and m.refers_to is not None and 0 <= m.refers_to < len(keys):
            keys[n] = keys[m.refers_to] if analysis.mentions[m.refers_to].form is MentionForm.NAME else ""
    return keys, persons


def build_profile(article: Article, analysis: Analysis, vector: NDArray[np.float32]) -> Profile:
    lead_stop = lead_end(analysis)
    actors: dict[str, float] = {}
    places: dict[str, float] = {}
    lead_places: set[str] = set()
    keys, persons = mention_keys(article, analysis)
    for n, (m, key) in enumerate(zip(analysis.mentions, keys, strict=True)):
        if not key:
            continue
        kind = MentionKind.PERSON if n in persons else m.kind
        in_lead = m.start < lead_stop
        weight = LEAD_WEIGHT if in_lead else 1.0
        if kind is MentionKind.PLACE:
            if is_locative(article.text, m.start):  # "in Brussels", "at …", datelines: where it happened
                weight *= 1.5
                if in_lead:
                    lead_places.add(key)
            places[key] = places.get(key, 0.0) + weight
        elif kind in NAMED_KINDS:
            actors[key] = actors.get(key, 0.0) + weight
            if kind is MentionKind.PERSON and " " in key and PERSON_SURNAME_SHARE:
                surname = key.rsplit(" ", 1)[1]
                actors[surname] = actors.get(surname, 0.0) + PERSON_SURNAME_SHARE * weight
    dates: dict[str, float] = {}
    lead_dates: set[str] = set()
    for d in analysis.dates:
        expr = article.text[d.start:d.end]
        value = None
        if d.value and d.granularity == "day":
            value = d.value
        elif (wd := weekday_of(expr)) is not None and article.published is None:
            value = wd
        if value:
            dates[value] = dates.get(value, 0.0) + 1.0
            if d.start < lead_stop:
                lead_dates.add(value)
    return Profile(article.id, vector, actors, places, dates, article.published,
                   frozenset(lead_places), frozenset(lead_dates), content_terms(article.text, lead_stop),
                   figures(article.text, lead_stop))


WORD = re.compile(r"[^\W\d_][\w'’-]*[^\W_]|[^\W\d_]")
STOPWORDS = frozenset("""a about above after again against all also am an and any are as at be because been before
being below between both but by can could did do does doing down during each few for from further had has have
having he her here hers herself him himself his how i if in into is it its itself just me more most my myself no nor
not now of off on once only or other our ours ourselves out over own same she should so some such than that the their
theirs them themselves then there these they this those through to too under until up very was we were what when
where which while who whom why will with would you your yours yourself yourselves said says say told according
one two three new like get got many much may might must shall another every first last us also""".split())


def content_terms(text: str, lead_stop: int) -> dict[str, float]:
    """The content words of a text (accent-free lower case, stop words dropped, a plural "s" folded), each
    counted once per mention and twice in the lead."""
    terms: dict[str, float] = {}
    for m in WORD.finditer(text):
        word = re.sub(r"[’']s$", "", strip_accents(m.group()).lower())
        if len(word) < 3 or word in STOPWORDS:
            continue
        if word.endswith("s") and not word.endswith("ss") and len(word) > 3:
            word = word[:-1]
        terms[word] = terms.get(word, 0.0) + (LEAD_WEIGHT if m.start() < lead_stop else 1.0)
    return terms


FIGURE = re.compile(r"(?<![\w.,])\d{1,3}(?:,\d{3})+(?:\.\d+)?(?![\w,])|(?<![\w.,])\d+(?:\.\d+)?(?![\w])")


def figures(text: str, lead_stop: int) -> dict[str, float]:
    """The numbers a text gives (thousands separators dropped), each counted once per mention, twice in the lead."""
    out: dict[str, float] = {}
    for m in FIGURE.finditer(text):
        value = m.group().replace(",", "")
        out[value] = out.get(value, 0.0) + (LEAD_WEIGHT if m.start() < lead_stop else 1.0)
    return out


LOCATIVE = re.compile(r"\b(?:in|at)\s+(?:the\s+)?$", re.IGNORECASE)
DATELINE_END = re.compile(r"^[^\n.]{0,40}?(?:,|\s[–—-]\s|\(\w+\)\s*[–—-])")


def is_locative(text: str, start: int) -> bool:
    """Whether the place at ``start`` is where something happened: after "in"/"at", or opening a dateline.

    A dateline is a place that starts a paragraph other than the headline and is followed shortly by a
    comma or a dash ("Brussels, Belgium –", "MOSCOW (Reuters) -").
    """
    if LOCATIVE.search(text[max(0, start - 12):start]):
        return True
    line_start = text.rfind("\n", 0, start) + 1
    return line_start > 0 and start == line_start and bool(DATELINE_END.match(text[start:start + 60]))


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
    """Incremental event and story clustering over :class:`Profile` records.

    Candidates are blocked by embedding similarity (a faiss HNSW index over the stored vectors), so only
    plausible pairs get the full entity / place / date comparison.  An article joins the event its nearest
    members *and* the event as a whole (mean embedding, every actor and place its reports name) match
    best; the event is then compared, as a whole, with the candidates' other events and merged with one
    alike enough (a second pass on the affected events only).  Stories link events two ways: any two of
    their articles close enough (single link), or the two events as wholes sharing enough subject (mean
    embeddings, actors and places, but not the day or venue that tell look-alike events apart).  A new
    article can join two stories into one, so the result depends little on the order articles arrive in.
    """

    params: GroupingParams = field(default_factory=GroupingParams)
    profiles: dict[str, Profile] = field(default_factory=dict)
    event_of: dict[str, str] = field(default_factory=dict)  # article → event
    members: dict[str, list[str]] = field(default_factory=dict)  # event → articles
    story_of: dict[str, str] = field(default_factory=dict)  # event → story
    document_frequency: Counter[str] = field(default_factory=Counter)
    words: TermBags = field(default_factory=lambda: TermBags())  # content words of articles and events
    numbers: TermBags = field(default_factory=lambda: TermBags())  # figures of articles and events
    _order: list[str] = field(default_factory=list)
    _index: Any = None  # faiss HNSW over the stored vectors (inner product): nearest neighbours, sub-linear
    _places: dict[str, Counter[str]] = field(default_factory=dict)  # event → lead places of its members
    _dates: dict[str, Counter[str]] = field(default_factory=dict)  # event → lead dates of its members
    _centroid: dict[str, NDArray[np.float32]] = field(default_factory=dict)  # event → sum of member vectors
    _actors: dict[str, Counter[str]] = field(default_factory=dict)  # event → actors its members name
    _all_places: dict[str, Counter[str]] = field(default_factory=dict)  # event → places its members name
    _events_of: dict[str, set[str]] = field(default_factory=dict)  # story → events (the reverse of story_of)

    def load(self, profiles: Iterable[Profile], event_of: Mapping[str, str], story_of: Mapping[str, str]) -> None:
        """Restore the state of earlier runs (from the store)."""
        for p in profiles:
            self._remember(p)
        for article, event in event_of.items():
            self.event_of[article] = event
            self.members.setdefault(event, []).append(article)
            if article in self.profiles:
                self._sign(event, self.profiles[article])
        for event, story in story_of.items():
            self._set_story(event, story)

    def _remember(self, p: Profile) -> None:
        self.profiles[p.article] = p
        self.document_frequency.update(set(p.actors) | set(p.places))
        self.words.remember(p.article, p.terms)
        self.numbers.remember(p.article, p.figures)
        self._order.append(p.article)
        row = np.ascontiguousarray(np.asarray(p.vector, dtype=np.float32)[None, :])
        if self._index is None:
            import faiss

            self._index = faiss.IndexHNSWFlat(row.shape[1], HNSW_LINKS, faiss.METRIC_INNER_PRODUCT)
            self._index.hnsw.efConstruction = HNSW_EF
            self._index.hnsw.efSearch = HNSW_EF
        self._index.add(row)

    def _sign(self, event: str, p: Profile) -> None:
        """Add an article to its event's running totals (what the event as a whole is compared by)."""
        self._places.setdefault(event, Counter()).update(p.lead_places)
        self._dates.setdefault(event, Counter()).update(p.lead_dates)
        vector = np.asarray(p.vector, dtype=np.float32)
        self._centroid[event] = self._centroid[event] + vector if event in self._centroid else vector.copy()
        self._actors.setdefault(event, Counter()).update(p.actors)
        self._all_places.setdefault(event, Counter()).update(p.places)
        self.words.sign(event, self.words.of(p.article, p.terms))
        self.numbers.sign(event, self.numbers.of(p.article, p.figures))

    def _set_story(self, event: str, story: str) -> None:
        old = self.story_of.get(event)
        if old is not None and old in self._events_of:
            self._events_of[old].discard(event)
            if not self._events_of[old]:
                del self._events_of[old]
        self.story_of[event] = story
        self._events_of.setdefault(story, set()).add(event)

    def _join_stories(self, stories: Iterable[str], story: str) -> str:
        """Merge the stories into one (the largest keeps its id: each event moves O(log n) times at most)."""
        every = {story, *stories}
        keep = max(every, key=lambda st: (len(self._events_of.get(st, ())), st == story))
        for st in every - {keep}:
            for ev in list(self._events_of.get(st, ())):
                self._set_story(ev, keep)
        return keep

    def idf(self, key: str) -> float:
        n = max(len(self.profiles), 1)
        return math.log((n + 1) / (self.document_frequency.get(key, 0) + 1)) + 1.0

    def similarity(self, a: Profile, b: Profile, text: float | None = None, terms: float | None = None,
                   figures: float | None = None) -> float:
        p = self.params
        if text is None:
            text = float(np.dot(a.vector, b.vector))
        if terms is None:
            terms = self.words.cosine(self.words.of(a.article, a.terms), self.words.of(b.article, b.terms))
        if not (a.figures and b.figures):
            figures = text  # no numbers on one side: no evidence either way, the weight goes to the text
        elif figures is None:
            figures = self.numbers.cosine(self.numbers.of(a.article, a.figures),
                                          self.numbers.of(b.article, b.figures))
        actors = weighted_cosine(a.actors, b.actors, self.idf)
        places = weighted_cosine(a.places, b.places, self.idf)
        dates = _date_agreement(a.dates, b.dates)
        return (p.text_weight * text + p.actor_weight * actors + p.place_weight * places + p.date_weight * dates
                + p.term_weight * terms + p.figure_weight * figures)

    def event_similarity(self, profile: Profile, event: str) -> float:
        """The article against the event as a whole: its mean embedding, every actor and place its
        reports name, the days their leads give."""
        p = self.params
        text = _cosine(np.asarray(profile.vector, dtype=np.float32), self._centroid[event])
        actors = weighted_cosine(profile.actors, self._actors.get(event, {}), self.idf)
        places = weighted_cosine(profile.places, self._all_places.get(event, {}), self.idf)
        dates = _date_agreement(profile.dates, self._dates.get(event) or {})
        terms = self.words.cosine(self.words.of(profile.article, profile.terms), self.words.events.get(event))
        theirs = self.numbers.events.get(event)
        figures = (self.numbers.cosine(self.numbers.of(profile.article, profile.figures), theirs)
                   if profile.figures and _has_terms(theirs) else text)
        return (p.text_weight * text + p.actor_weight * actors + p.place_weight * places + p.date_weight * dates
                + p.term_weight * terms + p.figure_weight * figures)

    def events_similarity(self, a: str, b: str) -> float:
        """Two events as wholes, the same way; both another venue and another day in their leads: penalised."""
        p = self.params
        text = _cosine(self._centroid[a], self._centroid[b])
        actors = weighted_cosine(self._actors.get(a, {}), self._actors.get(b, {}), self.idf)
        places = weighted_cosine(self._all_places.get(a, {}), self._all_places.get(b, {}), self.idf)
        days_a, days_b = self._dates.get(a) or Counter(), self._dates.get(b) or Counter()
        score = (p.text_weight * text + p.actor_weight * actors + p.place_weight * places
                 + p.date_weight * _date_agreement(days_a, days_b))
        score += p.term_weight * self.words.cosine(self.words.events.get(a), self.words.events.get(b))
        figures_a, figures_b = self.numbers.events.get(a), self.numbers.events.get(b)
        score += p.figure_weight * (self.numbers.cosine(figures_a, figures_b)
                                    if _has_terms(figures_a) and _has_terms(figures_b) else text)
        places_a, places_b = self._places.get(a) or Counter(), self._places.get(b) or Counter()
        if _apart(places_a, places_b) and _apart(days_a, days_b):
            score -= p.double_conflict_penalty
        return score

    def story_similarity(self, a: str, b: str) -> float:
        """How much subject two events share: mean embeddings, every actor and place their reports name
        (IDF-weighted); not the day or the venue, which tell look-alike events of one story apart."""
        p = self.params
        text = _cosine(self._centroid[a], self._centroid[b])
        actors = weighted_cosine(self._actors.get(a, {}), self._actors.get(b, {}), self.idf)
        places = weighted_cosine(self._all_places.get(a, {}), self._all_places.get(b, {}), self.idf)
        terms = self.words.cosine(self.words.events.get(a), self.words.events.get(b))
        return (p.story_text_weight * text + p.story_actor_weight * actors + p.story_place_weight * places
                + p.story_term_weight * terms)

    def conflict(self, profile: Profile, event: str) -> float:
        """How strongly the article's lead places the happening elsewhere or on another day than the event.

        A different place *or* day alone is weak evidence (articles mention the surrounding week); both
        together mean another happening of the same story.
        """
        place = _disjoint(profile.lead_places, self._places.get(event))
        day = _disjoint(profile.lead_dates, self._dates.get(event))
        if place and day:
            return self.params.double_conflict_penalty
        return self.params.conflict_penalty if place or day else 0.0

    def _neighbours(self, profile: Profile) -> list[tuple[str, float]]:
        """The stored articles nearest in embedding (at most ``neighbours``, at least ``candidate_floor`` close:
        the blocking), with the full similarity."""
        if self._index is None or not self._index.ntotal:
            return []
        query = np.ascontiguousarray(np.asarray(profile.vector, dtype=np.float32)[None, :])
        k = min(self.params.neighbours + 1, self._index.ntotal)
        scores, rows = self._index.search(query, k)
        near = [(self._order[int(idx)], float(text)) for text, idx in zip(scores[0], rows[0], strict=True)
                if idx >= 0 and text >= self.params.candidate_floor]
        near = [(other, text) for other, text in near if other != profile.article]
        others = [self.profiles[other] for other, _ in near]
        terms = self.words.cosines(self.words.of(profile.article, profile.terms),
                                   [self.words.of(o.article, o.terms) for o in others])
        figures = self.numbers.cosines(self.numbers.of(profile.article, profile.figures),
                                       [self.numbers.of(o.article, o.figures) for o in others])
        return [(o.article, self.similarity(profile, o, text, float(t), float(f)))
                for o, (_, text), t, f in zip(others, near, terms, figures, strict=True)]

    def add(self, profile: Profile) -> str:
        """Place one article; returns its event id."""
        if profile.article in self.event_of:
            return self.event_of[profile.article]
        if profile.article not in self.profiles:
            self._remember(profile)
        neighbours = self._neighbours(profile)
        by_event: dict[str, list[float]] = {}
        for other, score in neighbours:
            if other in self.event_of:
                by_event.setdefault(self.event_of[other], []).append(score)
        nearest: dict[str, float] = {}
        for event, scores in by_event.items():
            size = len(self.members[event])
            top = sorted(scores, reverse=True)[: max(1, min(3, size))]
            nearest[event] = sum(top) / max(len(top), min(3, size))  # members out of the block count as 0
        candidates = sorted(nearest, key=lambda e: -nearest[e])[: self.params.event_candidates]
        share = self.params.centroid_share
        best_event, best_score = None, -1.0
        for event in candidates:
            score = nearest[event]
            if share:
                score = (1 - share) * score + share * self.event_similarity(profile, event)
            score -= self.conflict(profile, event)
            if score > best_score:
                best_event, best_score = event, score
        if best_event is not None and best_score >= self.params.event_threshold:
            event = best_event
        else:
            event = content_id("e", profile.article)
            self.members[event] = []
            self._set_story(event, content_id("s", profile.article))
        self.members[event].append(profile.article)
        self.event_of[profile.article] = event
        self._sign(event, profile)
        event = self._merge_events(event, candidates)
        self._link_stories(event, neighbours, sorted(nearest, key=lambda e: -nearest[e]))
        return event

    def _merge_events(self, event: str, candidates: Iterable[str]) -> str:
        """Second pass on the affected events only: the grown event and the most alike of the candidate
        events become one when alike enough as wholes.  Returns the surviving event."""
        best, best_score = None, -1.0
        for other in candidates:
            if other != event and self.members.get(other):
                score = self.events_similarity(event, other)
                if score > best_score:
                    best, best_score = other, score
        if best is None or best_score < self.params.event_merge_threshold:
            return event
        keep, gone = (event, best) if len(self.members[event]) >= len(self.members[best]) else (best, event)
        for article in self.members[gone]:
            self.event_of[article] = keep
        self.members[keep].extend(self.members[gone])
        self.members[gone] = []
        for mine, theirs in ((self._places, self._places.pop(gone, None)), (self._dates, self._dates.pop(gone, None)),
                             (self._actors, self._actors.pop(gone, None)),
                             (self._all_places, self._all_places.pop(gone, None))):
            if theirs:
                mine.setdefault(keep, Counter()).update(theirs)
        self.words.merge(keep, gone)
        self.numbers.merge(keep, gone)
        self._centroid[keep] = self._centroid[keep] + self._centroid.pop(gone)
        story = self._join_stories([self.story_of[gone]], self.story_of[keep])
        self._events_of[story].discard(gone)
        del self.story_of[gone]
        return keep

    def _link_stories(self, event: str, neighbours: Sequence[tuple[str, float]], ranked: Sequence[str]) -> None:
        """Merge into this event's story every story holding an article close enough to this one (single
        link), and every story holding one of the nearest other events (``ranked``, best first; at most
        ``event_candidates`` compared) that shares enough subject with this event as a whole."""
        story = self.story_of[event]
        linked = {
            self.story_of[self.event_of[other]]
            for other, score in neighbours
            if score >= self.params.story_threshold and other in self.event_of
        } - {story}
        compared = 0
        for other in ranked:
            st = self.story_of.get(other)
            if other == event or st is None or st == story or st in linked or not self.members.get(other):
                continue
            if compared >= self.params.event_candidates:
                break
            compared += 1
            if self.story_similarity(event, other) >= self.params.story_event_threshold:
                linked.add(st)
        if linked:
            self._join_stories(linked, story)

    def stories(self) -> dict[str, list[str]]:
        out: dict[str, list[str]] = {}
        for event, story in self.story_of.items():
            if self.members.get(event):
                out.setdefault(story, []).append(event)
        return out


TermVector = tuple[NDArray[Any], NDArray[Any]]  # sorted term ids, their counts


@dataclass(slots=True)
class TermSpace:
    """Content words as integer ids, with how many stored articles use each: IDF-weighted sparse cosines
    (sublinear counts, like TF-IDF over the full text) computed with numpy rather than word by word."""

    ids: dict[str, int] = field(default_factory=dict)
    used_by: NDArray[np.float64] = field(default_factory=lambda: np.zeros(1024))  # term id → stored articles
    documents: int = 0

    def vector(self, terms: Mapping[str, float], grow: bool = False) -> TermVector:
        """The terms as ids (unseen words are dropped, or given ids when ``grow``) and counts, by id."""
        pairs = []
        for word, count in terms.items():
            key = self.ids.get(word)
            if key is None and grow:
                key = self.ids[word] = len(self.ids)
            if key is not None:
                pairs.append((key, count))
        pairs.sort()
        return np.array([k for k, _ in pairs], dtype=np.int32), np.array([c for _, c in pairs], dtype=np.float32)

    def add(self, terms: Mapping[str, float]) -> TermVector:
        """Count one more stored article using these terms; returns its vector."""
        vector = self.vector(terms, grow=True)
        if len(self.ids) > len(self.used_by):
            self.used_by = np.concatenate([self.used_by, np.zeros(max(len(self.ids), 2 * len(self.used_by)))])
        self.used_by[vector[0]] += 1
        self.documents += 1
        return vector

    def weights(self, vector: TermVector) -> NDArray[np.float64]:
        ids, counts = vector
        idf = np.log((max(self.documents, 1) + 1) / (self.used_by[ids] + 1)) + 1.0
        return np.log1p(counts) * idf

    def cosine(self, a: TermVector | None, b: TermVector | None) -> float:
        if a is None or b is None:
            return 0.0
        wa, wb = self.weights(a), self.weights(b)
        norm = float(np.linalg.norm(wa) * np.linalg.norm(wb))
        if not norm:
            return 0.0
        _, ia, ib = np.intersect1d(a[0], b[0], assume_unique=True, return_indices=True)
        return float(wa[ia] @ wb[ib]) / norm

    def cosines(self, query: TermVector, others: Sequence[TermVector]) -> NDArray[np.float64]:
        """The query's cosine with each of the others, in one pass over all their terms."""
        if not others:
            return np.zeros(0)
        wq = self.weights(query)
        nq = float(np.linalg.norm(wq))
        ids = np.concatenate([o[0] for o in others])
        counts = np.concatenate([o[1] for o in others])
        rows = np.repeat(np.arange(len(others)), [len(o[0]) for o in others])
        w = self.weights((ids, counts))
        norms = np.sqrt(np.bincount(rows, weights=w * w, minlength=len(others))) * nq
        if not len(query[0]) or not len(ids):
            return np.zeros(len(others))
        at = np.minimum(np.searchsorted(query[0], ids), len(query[0]) - 1)
        hit = query[0][at] == ids
        dots = np.bincount(rows[hit], weights=w[hit] * wq[at[hit]], minlength=len(others))
        return np.divide(dots, norms, out=np.zeros(len(others)), where=norms > 0)


@dataclass(slots=True)
class TermBags:
    """One kind of bag (content words, or figures) of every stored article and event, as term vectors."""

    space: TermSpace = field(default_factory=TermSpace)
    articles: dict[str, TermVector] = field(default_factory=dict)
    events: dict[str, TermVector] = field(default_factory=dict)  # each event's members' bags, summed

    def remember(self, article: str, bag: Mapping[str, float]) -> None:
        self.articles[article] = self.space.add(bag)

    def of(self, article: str, bag: Mapping[str, float]) -> TermVector:
        return self.articles[article] if article in self.articles else self.space.vector(bag)

    def sign(self, event: str, vector: TermVector) -> None:
        self.events[event] = summed(self.events[event], vector) if event in self.events else vector

    def merge(self, keep: str, gone: str) -> None:
        if (theirs := self.events.pop(gone, None)) is not None:
            self.sign(keep, theirs)

    def cosine(self, a: TermVector | None, b: TermVector | None) -> float:
        return self.space.cosine(a, b)

    def cosines(self, query: TermVector, others: Sequence[TermVector]) -> NDArray[np.float64]:
        return self.space.cosines(query, others)


def _has_terms(vector: TermVector | None) -> bool:
    return vector is not None and len(vector[0]) > 0


def summed(a: TermVector, b: TermVector) -> TermVector:
    """Two term vectors added (an event's words: its members' summed)."""
    ids, where = np.unique(np.concatenate([a[0], b[0]]), return_inverse=True)
    return ids, np.bincount(where, weights=np.concatenate([a[1], b[1]]), minlength=len(ids))


def _cosine(a: NDArray[np.float32], b: NDArray[np.float32]) -> float:
    norm = float(np.linalg.norm(a) * np.linalg.norm(b))
    return float(np.dot(a, b)) / norm if norm else 0.0


def _apart(a: Counter[str], b: Counter[str]) -> bool:
    """Both give values and none is shared."""
    return bool(a) and bool(b) and not (a.keys() & b.keys())


def _disjoint(mine: frozenset[str], theirs: Counter[str] | None) -> bool:
    return bool(mine) and bool(theirs) and not (mine & theirs.keys())  # type: ignore[union-attr]


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


# ----------------------------------------------------------------------------------------------
# describing an event: its title, when and where, each with the spans that say so


def describe_event(event: str, story: str, members: Sequence[str], grouper: Grouper,
                   articles: Mapping[str, Article], analyses: Mapping[str, Analysis]) -> Event:
    """An event record: its title (from its most central report), when and where, with citations."""
    central = central_article(grouper, list(members))
    pairs = [(articles[a], analyses[a]) for a in members if a in articles and a in analyses]
    return Event(
        id=event,
        title=articles[central].title if central in articles else "",
        story=story,
        articles=tuple(members),
        when=event_when(pairs),
        where=event_where(pairs),
    )


def event_when(pairs: Sequence[tuple[Article, Analysis]]) -> Attribute | None:
    """The day the reports most often give, the lead counting double (a weekday when no publication
    date resolves it), cited to every expression that names it."""
    votes: Counter[str] = Counter()
    cites: dict[str, list[Citation]] = {}
    for article, analysis in pairs:
        lead_stop = lead_end(analysis)
        for d in analysis.dates:
            if d.value and d.granularity == "day":
                value = d.value
            elif d.granularity == "weekday" and (wd := weekday_of(article.text[d.start:d.end])):
                value = wd.capitalize()
            else:
                continue
            votes[value] += 2 if d.start < lead_stop else 1
            cites.setdefault(value, []).append(Citation(article.id, d.start, d.end))
    if not votes:
        return None
    value = votes.most_common(1)[0][0]
    return Attribute(value, tuple(cites[value]))


def event_where(pairs: Sequence[tuple[Article, Analysis]]) -> Attribute | None:
    """The place the reports say the event happened *in* or *at* (datelines count too).

    Each locative mention votes (double in the lead), scaled by the share of the place's mentions that
    are locative: "talks in Brussels" makes Brussels the venue, while "in Russia" among dozens of
    "Russia said …" is a party to the event, not its place.
    """
    votes: Counter[str] = Counter()
    total: Counter[str] = Counter()
    locative: Counter[str] = Counter()
    forms: dict[str, Counter[str]] = {}
    cites: dict[str, list[Citation]] = {}
    for article, analysis in pairs:
        lead_stop = lead_end(analysis)
        for m in analysis.mentions:
            if m.kind is not MentionKind.PLACE:
                continue
            surface = article.text[m.start:m.end]
            key = entity_key(surface, m.kind)
            total[key] += 1
            if not is_locative(article.text, m.start):
                continue
            locative[key] += 1
            votes[key] += 2 if m.start < lead_stop else 1
            forms.setdefault(key, Counter())[surface] += 1
            cites.setdefault(key, []).append(Citation(article.id, m.start, m.end))
    if not votes:
        return None
    key = max(votes, key=lambda k: (votes[k] * locative[k] / total[k], votes[k]))
    return Attribute(forms[key].most_common(1)[0][0], tuple(cites[key]))
