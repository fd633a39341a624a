"""What grouping knows of one article: its :class:`Profile`.

A profile is built once per article from its analysis (map stage output) and the embedding of its headline
and lead; it is what the store keeps for grouping, so placing a new article never re-reads an old one.
It holds weighted bags of keys — people, organisations and groups (*who*), places (*where*), dates (*when*:
days, weekdays, years), the content words of the whole text (*what*) and the figures it gives — the lead
counting double, as the lead says what the report is about.  Where and when the lead says the happening
took place ("talks in Brussels on Wednesday") is kept apart: it tells look-alike happenings apart.
"""

from __future__ import annotations

import re

import numpy as np
from numpy.typing import NDArray

from ..clean import strip_accents
from ..dates import weekday_of
from ..gazetteer import Gazetteer
from ..lexicon import TOPIC_STOP_WORDS
from ..model import Analysis, Article, MentionForm, MentionKind, Profile

LEAD_SENTENCES = 4
LEAD_WEIGHT = 2.0
NAMED_KINDS = (MentionKind.PERSON, MentionKind.ORGANIZATION, MentionKind.GROUP, MentionKind.EVENT)




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


def mention_keys(article: Article, analysis: Analysis) -> tuple[list[str], set[int]]:
    """A key per mention: names normalised, a person by full name when the article gives one ("Reggie Bush"
    for a later "Bush"), pronouns and descriptions by the name they refer to ("" when none).  Also the
    mentions that are not tagged as people but carry a person's surname the article gives in full."""
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


def build_profile(article: Article, analysis: Analysis, vector: NDArray[np.float32],
                  gazetteer: Gazetteer | None = None) -> Profile:
    """The article's profile: its who, where, when and what as weighted bags, and its lead's embedding.

    A person named in full also counts under the surname alone, so that a report saying only "Lohan" still
    shares its subject with one saying "Lindsay Lohan".  With a ``gazetteer``, the places the lead says the
    happening took place in come with their country ("Athens" → also "greece"), so that two leads naming a
    city and its country do not place the happening in two places."""
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
                    if gazetteer is not None:
                        surface = article.text[m.start:m.end]
                        place = gazetteer.place(surface)
                        country = gazetteer.country(surface) or (place.country if place is not None else None)
                        if country:
                            lead_places.add(entity_key(country, MentionKind.PLACE))
            places[key] = places.get(key, 0.0) + weight
        elif kind in NAMED_KINDS:
            actors[key] = actors.get(key, 0.0) + weight
            if kind is MentionKind.PERSON and " " in key:
                surname = key.rsplit(" ", 1)[1]
                actors[surname] = actors.get(surname, 0.0) + weight
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
        if d.value and len(d.value) >= 4 and d.value[:4].isdigit():
            dates[d.value[:4]] = dates.get(d.value[:4], 0.0) + 1.0
    return Profile(article.id, vector, actors, places, dates, article.published,
                   frozenset(lead_places), frozenset(lead_dates), content_terms(article.text, lead_stop),
                   figures(article.text, lead_stop))


WORD = re.compile(r"[^\W\d_][\w'’-]*[^\W_]|[^\W\d_]")


def content_terms(text: str, lead_stop: int) -> dict[str, float]:
    """The content words of a text (accent-free lower case, stop words dropped, a plural "s" folded), each
    counted once per mention and twice in the lead."""
    terms: dict[str, float] = {}
    for m in WORD.finditer(text):
        word = re.sub(r"[’']s$", "", strip_accents(m.group()).lower())
        if len(word) < 3 or word in TOPIC_STOP_WORDS:
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
