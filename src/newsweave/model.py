"""The domain records of newsweave.

One frozen, typed record per domain object.  The article owns its clean text; every annotation is a
character span ``[start, end)`` into that text, never a copy of it (spaCy's "the Doc owns the data, a
Span is a view").  A citation is ``(article_id, start, end)``: the report can always show the words.

Serialisation is derived from the fields (:func:`to_jsonable`), never written by hand.
"""

from __future__ import annotations

import enum
import hashlib
import re
from collections.abc import Mapping
from dataclasses import dataclass, field

import numpy as np
from numpy.typing import NDArray

from .serialise import from_jsonable as from_jsonable
from .serialise import to_jsonable as to_jsonable


def content_id(prefix: str, *parts: str) -> str:
    """A stable id derived from content: the same input always gets the same id."""
    digest = hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()
    return f"{prefix}{digest[:16]}"


@dataclass(frozen=True, slots=True)
class Citation:
    """The exact words ``article.text[start:end]`` that support a statement."""

    article: str
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Failure:
    """An input item that could not become an article, and why."""

    path: str
    reason: str
    item: str | None = None  # the record / response inside a container file, if any


@dataclass(frozen=True, slots=True)
class Article:
    """One report, with its cleaned text.  ``id`` is a hash of the extracted (pre-clean) content."""

    id: str
    path: str
    text: str
    title: str = ""
    url: str | None = None
    outlet: str | None = None
    published: str | None = None  # ISO date (YYYY-MM-DD) when known
    language: str | None = None
    author: str | None = None
    removed: tuple[str, ...] = ()  # the boilerplate lines cleaning dropped, for transparency


@dataclass(frozen=True, slots=True)
class Sentence:
    start: int
    end: int


class MentionKind(enum.StrEnum):
    PERSON = "person"
    ORGANIZATION = "organization"
    PLACE = "place"
    GROUP = "group"  # nationalities, religious and political groups (spaCy NORP)
    EVENT = "event"
    OTHER = "other"


class MentionForm(enum.StrEnum):
    NAME = "name"  # "Alexander Grushko", "NATO"
    PRONOUN = "pronoun"  # "he", "she"
    DESCRIPTION = "description"  # "the diplomat", "the Alliance"


@dataclass(frozen=True, slots=True)
class Mention:
    """An entity mention; ``entity`` is the canonical entity it belongs to, once grouped.

    ``kind`` is newsweave's reading (the NER label corrected by the evidence around the mention);
    ``label`` is what the NER model said.  ``roles`` are the titles the article gives the person right
    here ("Deputy Foreign Minister", "the spokeswoman for the Russian Foreign Ministry").  A pronoun or
    description ``refers_to`` the index of the named mention it resolves to in the same analysis;
    ``stands_for`` is the country a capital or seat of government names when used as an actor
    ("Moscow demands …" → Russia).
    """

    start: int
    end: int
    kind: MentionKind
    label: str
    entity: str | None = None
    form: MentionForm = MentionForm.NAME
    roles: tuple[Span, ...] = ()
    refers_to: int | None = None
    stands_for: str | None = None
    gender: str | None = None  # "m" | "f": what the article shows of a person (honorific, title, pronouns)


@dataclass(frozen=True, slots=True)
class DateMention:
    """A date expression; ``value`` is its ISO form (``2022-01-12``, ``2021-12``, ``2014``) when resolvable."""

    start: int
    end: int
    value: str | None = None
    granularity: str | None = None  # day | month | year | weekday


@dataclass(frozen=True, slots=True)
class Span:
    """A stretch ``[start, end)`` of the article's text."""

    start: int
    end: int


class QuoteKind(enum.StrEnum):
    DIRECT = "direct"  # the words as spoken, inside quotation marks
    INDIRECT = "indirect"  # reported speech: "Grushko said Russia is waiting for …"
    MIXED = "mixed"  # reported speech that quotes some of the words: "said Moscow seeks “reliable … guarantees”"


@dataclass(frozen=True, slots=True)
class Speaker:
    """Who said it: the words naming the speaker at the quote, and the named person they refer to.

    ``start``/``end`` are the words at the quote ("he", "the diplomat", "NATO Secretary General Jens
    Stoltenberg"); ``name`` is the span of the proper name they resolve to (possibly earlier in the
    text); ``role`` the title or role the article gives there ("NATO Secretary General").
    """

    start: int
    end: int
    name: Span | None = None
    role: Span | None = None
    entity: str | None = None


@dataclass(frozen=True, slots=True)
class Quote:
    """Who said what: the content (one or more pieces), the cue, the speaker, and any reason to doubt it."""

    id: str
    start: int  # from the first piece's start …
    end: int  # … to the last piece's end
    kind: QuoteKind
    pieces: tuple[Span, ...]
    cue: Span | None = None
    speaker: Speaker | None = None
    suspect: str | None = None  # why the attribution looks wrong, when it does


@dataclass(frozen=True, slots=True)
class ActorRef:
    """Who acts, or is acted on: the words ``[start, end)`` naming them; ``name`` the actor they stand for
    in the article ("Moscow" → Russia, "Russian negotiators" → Russia, "he" → Alexander Grushko), ``entity``
    the canonical entity once linked."""

    start: int
    end: int
    entity: str | None = None
    name: str | None = None  # who the words stand for here: a pronoun's antecedent, the country of "Moscow"
    affiliation: str | None = None  # whom a person acts for, by the title given here ("Russian Deputy …" → Russia)
    code: str | None = None  # CAMEO actor code: country + sector ("RUSGOV", "USA", "IGOWSTNAT" NATO, "COP" police)


@dataclass(frozen=True, slots=True)
class Action:
    """One political action a sentence reports, as PLOVER codes it (see :mod:`newsweave.actions`)."""

    type: str  # a PLOVER type, one of TYPES
    mode: str  # "" | "negated" | "hypothetical" | "future"
    trigger: Span  # the words that report the action
    source: ActorRef | None  # the actor
    target: ActorRef | None  # the recipient
    date: Span | None = None
    place: Span | None = None
    quote: str | None = None  # the Quote id when coded from (or within) an attributed quote
    confidence: float = 1.0  # 0 … 1: below the coder's threshold the action is kept here but not shown in the account
    cameo: str | None = None  # the CAMEO event code its trigger matched ("163" impose sanctions), when CAMEO typed it
    plover_mode: str = ""  # PLOVER's mode of the event (visit, ceasefire, arrest …), from the CAMEO→PLOVER table
    context: str = ""  # PLOVER context(s) of that CAMEO code (diplomatic, military, economic …), comma-separated


@dataclass(frozen=True, slots=True)
class Analysis:
    """Everything the map stage found in one article, as spans into its text."""

    article: str
    sentences: tuple[Sentence, ...] = ()
    mentions: tuple[Mention, ...] = ()
    dates: tuple[DateMention, ...] = ()
    quotes: tuple[Quote, ...] = ()
    actions: tuple[Action, ...] = ()


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
