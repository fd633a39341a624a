"""The records of the fused account: what the fuse stage makes of one event's reports (claims, quote groups,
disagreements, timeline, actions, summary), events and stories.

Part of :mod:`newsweave.model` (which re-exports every record); imports no stage.
"""

from __future__ import annotations

from dataclasses import dataclass

from .model_article import Citation, QuoteKind


@dataclass(frozen=True, slots=True)
class Attribute:
    """A value an event has (when, where) with the article spans that state it."""

    value: str
    citations: tuple[Citation, ...] = ()


@dataclass(frozen=True, slots=True)
class Claim:
    """A fact the articles state, aligned across articles: every sentence that states it, and how many
    *independent* sources those are (an original and its copies, spins and translations count once)."""

    id: str
    statement: Citation  # the wording shown: from the most original source
    support: tuple[Citation, ...]  # every sentence stating it, one per article
    independent: int
    confidence: float = 1.0  # how sure newsweave is that every support sentence states this fact (1.0: one sentence)
    figures: tuple[Citation, ...] = ()  # the specific figure the support sentences give alike, in each of them


@dataclass(frozen=True, slots=True)
class Difference:
    """How a rendering of a quote differs from the canonical wording, word by word."""

    kind: str  # substituted | added (words this rendering has and the canonical lacks) | dropped (the reverse)
    variant: Citation | None  # the words in this rendering (None when dropped)
    canonical: Citation | None  # the words of the canonical wording (None when added)
    meaning: str | None = None  # negation | number | hedge | intensity, when the change alters the meaning


@dataclass(frozen=True, slots=True)
class QuoteVariant:
    """One article's rendering of an utterance."""

    quote: str  # the Quote's id
    article: str
    kind: QuoteKind
    content: tuple[Citation, ...]  # the quoted or reported words
    speaker: Citation | None  # who the article says said it
    similarity: float  # to the canonical wording (1.0 for the canonical itself)
    differences: tuple[Difference, ...] = ()
    meaning_changed: tuple[str, ...] = ()  # the kinds of meaning change among the differences


@dataclass(frozen=True, slots=True)
class QuoteGroup:
    """Every rendering of one utterance — direct or reported, in different outlets — under its speaker."""

    id: str
    speaker: str | None  # entity id
    speaker_name: str
    canonical: str  # the Quote id of the canonical rendering
    variants: tuple[QuoteVariant, ...]  # the canonical first
    independent: int


@dataclass(frozen=True, slots=True)
class Value:
    """One of the values sources give for the same thing, with the words that state it."""

    value: str
    citations: tuple[Citation, ...]
    independent: int
    derived_only: bool = False  # stated only by spun, translated or copied texts: maybe an artefact of them


@dataclass(frozen=True, slots=True)
class Disagreement:
    """Sources stating different values for the same thing."""

    id: str
    kind: str  # number | date | place | polarity | title | speaker | name
    subject: str  # what the values are of ("Wendy Sherman's title", "troops")
    values: tuple[Value, ...]
    claim: str | None = None  # the claim whose sentences disagree, when there is one


@dataclass(frozen=True, slots=True)
class TimelineEntry:
    """A dated happening the articles mention."""

    when: str  # an ISO date, or a weekday placed relative to the event's own day
    resolved: bool  # True for a calendar date, False for a weekday ordered within the event's week
    date: Citation  # the date expression
    statement: Citation  # the sentence that dates the happening
    citations: tuple[Citation, ...]  # every sentence that states it


@dataclass(frozen=True, slots=True)
class SummarySentence:
    statement: Citation
    claim: str | None
    independent: int


@dataclass(frozen=True, slots=True)
class Party:
    """An actor of an event's action: the name shown (the entity's canonical name when linked)."""

    name: str
    entity: str | None = None
    affiliation: str | None = None  # whom a person acts for, by the titles the reports give (Russia, NATO)


@dataclass(frozen=True, slots=True)
class EventAction:
    """Actions of one PLOVER type by the same actor on the same recipient in one event, across its reports.

    ``mode`` is "negated" or "hypothetical" when the reports say it did *not* or *might* happen (such actions
    are kept apart from the ones that did); ``modes`` lists every mode the reports give (future …).
    ``support`` holds every sentence reporting it (one per article and sentence), ``triggers`` the words."""

    id: str
    type: str
    mode: str
    source: Party | None
    target: Party | None
    statement: Citation  # the sentence shown: from the most original source
    support: tuple[Citation, ...]
    triggers: tuple[Citation, ...]
    independent: int
    modes: tuple[str, ...] = ()
    dates: tuple[Citation, ...] = ()
    places: tuple[Citation, ...] = ()


@dataclass(frozen=True, slots=True)
class Event:
    """One happening reported by one or more articles, and what the fuse stage made of its reports."""

    id: str
    title: str
    story: str
    articles: tuple[str, ...]
    when: Attribute | None = None
    where: Attribute | None = None
    summary: tuple[SummarySentence, ...] = ()
    claims: tuple[Claim, ...] = ()
    quote_groups: tuple[QuoteGroup, ...] = ()
    disagreements: tuple[Disagreement, ...] = ()
    timeline: tuple[TimelineEntry, ...] = ()
    actions: tuple[EventAction, ...] = ()
    background: tuple[TimelineEntry, ...] = ()  # dated history the reports recall, apart from the event's timeline


@dataclass(frozen=True, slots=True)
class Story:
    """Events that belong together (the same developing news)."""

    id: str
    title: str
    events: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Fusion:
    """What the fuse stage adds to an event (stored per event; an :class:`Event` carries the same fields)."""

    summary: tuple[SummarySentence, ...] = ()
    claims: tuple[Claim, ...] = ()
    quote_groups: tuple[QuoteGroup, ...] = ()
    disagreements: tuple[Disagreement, ...] = ()
    timeline: tuple[TimelineEntry, ...] = ()
    actions: tuple[EventAction, ...] = ()
    background: tuple[TimelineEntry, ...] = ()
