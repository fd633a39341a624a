"""One event's reports as fusing reads them: their sentences with what each names, counts, dates and denies.

Every sentence of every member (the headline left out: it summarises, it states no fact of its own) becomes a
:class:`FuseSentence` holding spans into its article, so whatever fuse states is a citation.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta

import numpy as np
from numpy.typing import NDArray

from ..dates import WEEKDAYS, weekday_of
from ..gazetteer import fold
from ..group import is_locative
from ..model import Analysis, Article, Entity, MentionForm, MentionKind, Provenance, ProvenanceLabel
from ..provenance import independent
from .numbers import Quantity, quantities
from .words import Polarity, can_be, content_words, polarity

ORIGINALITY = {  # how directly a source reports: the wording shown comes from the most direct one
    ProvenanceLabel.ORIGINAL: 1.0,
    ProvenanceLabel.PARAPHRASE: 0.7,
    ProvenanceLabel.PARTIAL_COPY: 0.6,
    ProvenanceLabel.TRANSLATION: 0.6,
    ProvenanceLabel.COPY: 0.5,
    ProvenanceLabel.SPUN: 0.3,
}
DERIVED = frozenset({ProvenanceLabel.SPUN, ProvenanceLabel.TRANSLATION, ProvenanceLabel.COPY})
NAMED_KINDS = frozenset({MentionKind.PERSON, MentionKind.ORGANIZATION, MentionKind.PLACE, MentionKind.GROUP,
                         MentionKind.EVENT})
FUTURE = re.compile(r"\b(?:will|shall|'ll|is to|are to|is due|are due|plans? to|is set to|are set to|next)\b", re.I)


@dataclass(slots=True)
class FuseSentence:
    """A sentence of a report with what fusing compares: content lemmas, entities, quantities, days (ISO dates, or
    weekday names when no publication date resolves them), places where something happened, and polarity."""

    article: str
    index: int  # position among the report's body sentences (headline and short lines left out)
    start: int
    end: int
    text: str
    entities: frozenset[str]
    quantities: list[Quantity]
    days: frozenset[str]
    places: frozenset[str]
    words: list[str] = field(default_factory=list)
    polarity: Polarity = field(default_factory=lambda: Polarity(frozenset(), frozenset(), frozenset()))
    quoted: bool = False  # the sentence is mostly a quotation: someone's voice, not the report's statement
    vector: NDArray[np.float32] | None = None


@dataclass(slots=True)
class FuseContext:
    """The event being fused: its members' articles, analyses, provenance and entities, and their sentences."""

    articles: dict[str, Article]
    analyses: dict[str, Analysis]
    provenance: Mapping[str, Provenance]
    entities: Mapping[str, Entity]
    sentences: list[FuseSentence] = field(default_factory=list)

    def originality(self, article: str) -> float:
        p = self.provenance.get(article)
        return ORIGINALITY.get(p.label, 1.0) if p is not None else 1.0

    def derived(self, article: str) -> bool:
        p = self.provenance.get(article)
        return p is not None and p.label in DERIVED

    def independent(self, articles: Sequence[str]) -> int:
        return independent(set(articles), self.provenance)


def resolve_weekday(weekday: str, published: str | None, sentence: str) -> str | None:
    """The date a weekday names in a report published on ``published``: the last such day on or before it, or the
    next one when the sentence speaks of the future ("will meet on Thursday"); None without a publication date."""
    try:
        base = date.fromisoformat((published or "")[:10])
    except ValueError:
        return None
    target = WEEKDAYS.index(weekday)
    if FUTURE.search(sentence):
        return (base + timedelta(days=(target - base.weekday()) % 7)).isoformat()
    return (base - timedelta(days=(base.weekday() - target) % 7)).isoformat()


def _long_before(day: str, published: str | None, days: int = 30) -> bool:
    try:
        return date.fromisoformat(day[:10]) < date.fromisoformat((published or "")[:10]) - timedelta(days=days)
    except ValueError:
        return False


ATTRIBUTIVE = re.compile(r"^\s+(?!morning|afternoon|evening|night|noon|midnight)[a-z][a-z-]+")


def names_something(text: str, end: int) -> bool:
    """Whether a month-day date stands before a noun it names ("the Sept. 11 attacks", "the June 9 meeting"): it
    dates that thing, not the happening the sentence reports.  Weekdays ("Wednesday afternoon") are left alone."""
    head = re.match(r"\s+([a-z][a-z-]+)", text[end:end + 30])
    return bool(head and ATTRIBUTIVE.match(text[end:end + 30]) and can_be(head.group(1), "noun")
                and not head.group(1).endswith("ed") and weekday_of(text[max(0, end - 10):end]) is None)


def quoted_share(text: str) -> float:
    """The share of a sentence's characters inside quotation marks."""
    inside = sum(len(m.group()) for m in re.finditer(r"“[^”]*”|\"[^\"]*\"", text))
    return inside / max(len(text), 1)


def sentences_of(article: Article, analysis: Analysis, min_words: int, tolerance: float = 0.1) -> list[FuseSentence]:
    """The report's body sentences of ``min_words`` words or more, read for fusing."""
    text = article.text
    out: list[FuseSentence] = []
    headline_end = text.find("\n") if article.title and text.startswith(article.title[:20]) else -1
    for s in analysis.sentences:
        if s.end <= headline_end:
            continue
        chunk = text[s.start:s.end]
        if len(re.findall(r"\w+", chunk)) < min_words:
            continue
        inside = [m for m in analysis.mentions if s.start <= m.start < s.end]
        ents = frozenset(m.entity or "t:" + fold(text[m.start:m.end]) for m in inside
                         if m.kind in NAMED_KINDS and (m.entity or m.form is MentionForm.NAME))
        places = frozenset(fold(text[m.start:m.end]) for m in inside
                           if m.kind is MentionKind.PLACE and m.form is MentionForm.NAME and is_locative(text, m.start))
        days = set()  # days of the event's own time: a day a month or more before the report dates history
        for d in analysis.dates:
            if not s.start <= d.start < s.end or names_something(text, d.end):
                continue
            wd = weekday_of(text[d.start:d.end])
            if d.value and d.granularity == "day" and not _long_before(d.value, article.published):
                days.add(d.value)
            elif wd is not None and not d.value:
                days.add(resolve_weekday(wd, article.published, chunk) or wd)
            if wd is not None:
                days.add(wd)  # "Wednesday" in two reports is one day, whichever date each report's own day makes it
        out.append(FuseSentence(article.id, len(out), s.start, s.end, chunk, ents,
                                quantities(chunk, s.start, tolerance), frozenset(days), places,
                                content_words(chunk), polarity(chunk), quoted_share(chunk) >= 0.5))
    return out
