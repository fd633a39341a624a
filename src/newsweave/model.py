"""The domain records of newsweave.

One frozen, typed record per domain object.  The article owns its clean text; every annotation is a
character span ``[start, end)`` into that text, never a copy of it (spaCy's "the Doc owns the data, a
Span is a view").  A citation is ``(article_id, start, end)``: the report can always show the words.

Serialisation is derived from the fields (:func:`to_jsonable`), never written by hand.

The records are kept by area: an article and its analysis in :mod:`newsweave.model_article`, the fused account
(claims, quote groups, events, stories) in :mod:`newsweave.model_fused`, entities, provenance, the account and
grouping's profile here; every one is importable from here.
"""

from __future__ import annotations

import enum
import re
from collections.abc import Mapping
from dataclasses import dataclass, field

import numpy as np
from numpy.typing import NDArray

from .model_article import (
    Action,
    ActorRef,
    Analysis,
    Article,
    Citation,
    DateMention,
    Failure,
    Mention,
    MentionForm,
    MentionKind,
    Quote,
    QuoteKind,
    Sentence,
    Span,
    Speaker,
    content_id,
)
from .model_fused import (
    Attribute,
    Claim,
    Difference,
    Disagreement,
    Event,
    EventAction,
    Fusion,
    Party,
    QuoteGroup,
    QuoteVariant,
    Story,
    SummarySentence,
    TimelineEntry,
    Value,
)
from .serialise import from_jsonable as from_jsonable
from .serialise import to_jsonable as to_jsonable

__all__ = ["Account", "Action", "ActorRef", "Affiliation", "Analysis", "Article", "Attribute", "Citation", "Claim",
           "DateMention", "Difference", "Disagreement", "Entity", "Event", "EventAction", "Evidence", "Failure",
           "Fusion", "LinkState", "Mention", "MentionForm", "MentionKind", "Party", "Profile", "Provenance",
           "ProvenanceLabel", "Quote", "QuoteGroup", "QuoteKind", "QuoteVariant", "Sentence", "Span", "Speaker",
           "Story", "SummarySentence", "TimelineEntry", "Title", "Value", "content_id", "from_jsonable",
           "to_jsonable"]


@dataclass(frozen=True, slots=True)
class Affiliation:
    """Whom a participant acts for over a span of time, as a CAMEO actor code ("RUSGOV" from 2000-05-07):
    ``country`` the ISO alpha-3 part when there is one, ``sector`` the rest (GOV, LEG, MIL, ELI …)."""

    code: str
    country: str | None = None
    sector: str = ""
    start: str | None = None  # ISO date, None = open
    end: str | None = None
    source: str = "kb"  # kb: the actor knowledge base | user: an analyst's actors file


@dataclass(frozen=True, slots=True)
class Entity:
    """One real-world participant, whatever the spelling, with every mention that names it.

    ``kb`` is the id of the known political actor it was linked to (``phoenix:VLADIMIR_PUTIN``,
    ``us:T000000``), when the evidence was unambiguous; ``affiliations`` are that actor's roles over time."""

    id: str
    name: str
    kind: MentionKind
    aliases: tuple[str, ...] = ()
    mentions: tuple[Citation, ...] = ()
    titles: tuple[Title, ...] = ()
    kb: str | None = None
    affiliations: tuple[Affiliation, ...] = ()

    def affiliation_at(self, date: str | None) -> Affiliation | None:
        """The role in force on an ISO date (the most recently begun, dated roles before open ones)."""
        live = [a for a in self.affiliations
                if date is None or ((a.start is None or a.start <= date) and (a.end is None or date <= a.end))]
        if not live:
            return None
        return max(live, key=lambda a: (a.start is not None or a.end is not None, a.start or ""))


@dataclass(frozen=True, slots=True)
class LinkState:
    """What the linker keeps of an entity to link later articles to it (stored beside the entity).

    ``names`` are the full person names it was given, as :class:`newsweave.names.PersonName` keys; ``gender``
    is what the texts or the knowledge base show ("m"/"f")."""

    kinds: dict[str, int] = field(default_factory=dict)
    forms: dict[str, int] = field(default_factory=dict)
    names: tuple[str, ...] = ()
    last: str | None = None
    suffix: str = ""
    preferred: str | None = None
    descriptions: dict[str, int] = field(default_factory=dict)
    gender: str | None = None


@dataclass(frozen=True, slots=True)
class Title:
    """A title or role one or more articles give an entity ("NATO Secretary General"), where they say it."""

    text: str
    citations: tuple[Citation, ...] = ()


class ProvenanceLabel(enum.StrEnum):
    """What an article is, as a source: independent reporting, or derived from another report."""

    ORIGINAL = "original"
    COPY = "copy"  # near-verbatim
    PARTIAL_COPY = "partial-copy"  # shares passages
    PARAPHRASE = "paraphrase"  # sentence-by-sentence rewrite
    SPUN = "spun"  # synonym substitution
    TRANSLATION = "translation"  # machine-translation markers


@dataclass(frozen=True, slots=True)
class Evidence:
    """Why a provenance label was given: the words in this article (``start``/``end``), what they show, and,
    where an original is in the corpus, the words there they were derived from."""

    kind: str  # shared-passage | aligned-sentence | substitution | odd-phrase | article-mismatch | marker
    #            | credit | artefact
    note: str
    start: int
    end: int
    source: Citation | None = None


@dataclass(frozen=True, slots=True)
class Provenance:
    """An article's provenance: its label, how sure newsweave is, its original when that is in the corpus."""

    article: str
    label: ProvenanceLabel
    confidence: float
    derived_from: str | None = None
    evidence: tuple[Evidence, ...] = ()
    note: str = ""


@dataclass(frozen=True, slots=True)
class Account:
    """The woven result: everything newsweave knows about a pile of reports."""

    articles: tuple[Article, ...] = ()
    analyses: tuple[Analysis, ...] = ()
    events: tuple[Event, ...] = ()
    stories: tuple[Story, ...] = ()
    entities: tuple[Entity, ...] = ()
    failures: tuple[Failure, ...] = field(default_factory=tuple)
    provenance: tuple[Provenance, ...] = ()

    def article(self, article_id: str) -> Article:
        for art in self.articles:
            if art.id == article_id:
                return art
        raise KeyError(article_id)

    def analysis(self, article_id: str) -> Analysis:
        for ana in self.analyses:
            if ana.article == article_id:
                return ana
        raise KeyError(article_id)


YEAR_KEY = re.compile(r"^\d{4}$")
"""A date key that is a year ("2008"), not a day."""


@dataclass(frozen=True, slots=True)
class Profile:
    """What grouping knows of one article.

    ``dates`` holds the days the text names (ISO; weekday names when no publication date resolves them) and
    the years it names (four digits: "2008" from "in December 2008" or "the 2008 season")."""

    article: str
    vector: NDArray[np.float32]
    actors: Mapping[str, float]  # people, organisations, groups → weight
    places: Mapping[str, float]
    dates: Mapping[str, float]  # ISO days, weekday names (no publication date), years (4 digits)
    published: str | None = None
    lead_places: frozenset[str] = frozenset()  # where the headline and lead say it happened
    lead_dates: frozenset[str] = frozenset()  # when the headline and lead say it happened
    terms: Mapping[str, float] = field(default_factory=dict)  # content words of the whole text (lead double)
    figures: Mapping[str, float] = field(default_factory=dict)  # numbers the text gives: "23" pirates, "6.1" quake

    @property
    def days(self) -> dict[str, float]:
        """The days (and weekdays) the text names, without the years."""
        return {k: v for k, v in self.dates.items() if not YEAR_KEY.match(k)}

    @property
    def years(self) -> frozenset[str]:
        """The years the report is about: those its text names, and the year it was published."""
        years = {k for k in self.dates if YEAR_KEY.match(k)}
        if self.published:
            years.add(self.published[:4])
        return frozenset(years)
