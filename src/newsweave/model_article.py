"""The records of one article: the article with its clean text, and what analysis finds in it (sentences,
mentions, dates, quotes, actions) as character spans into that text; a citation of its exact words.

Part of :mod:`newsweave.model` (which re-exports every record); imports no stage.
"""

from __future__ import annotations

import enum
import hashlib
from dataclasses import dataclass


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
