"""Conflicts between two sentences: incompatible values of the same slot.

Two sentences conflict only where they give the same slot two values that cannot both be right:

* **number** — quantities of the same thing (same counted noun, or same measure of the same thing) whose intervals
  do not meet: "about 150" / "roughly 400" migrants; hedges, bounds, ranges and units are read by
  :mod:`newsweave.fuse.numbers`.  Different things ("25 percent on steel", "10 percent on aluminium") are not
  compared: a measure's context words must meet.
* **date** — the day of the same happening: the only day each sentence gives, different.
* **place** — where it happened: the only locative place each sentence gives, two places the gazetteer knows and
  neither inside the other ("Brussels" and "Belgium" agree).
* **polarity** — the same proposition affirmed and denied: a content word one sentence negates ("is *unlikely* to
  meet", "does *not* name") that the other asserts.  Verbs of saying and believing are left out: "he does not think"
  denies nothing of the other's statement.

Whether two sentences are about the same slot at all is the caller's question (the claim model's probability,
computed without the values); this module only says which values clash.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from ..dates import WEEKDAYS
from .context import FuseSentence
from .numbers import Quantity, agree, same_thing
from .words import can_be, content_words, lemma, objects_after, subject_before

NOT_A_PROPOSITION = frozenset("""be have do say tell think believe know expect want seem appear make get go take come
see look feel hope wish like need try let give put use find keep become""".split())
"""Lemmas whose negation denies no fact another report states: light verbs and verbs of saying or believing."""
MEASURES = frozenset({"percent", "point", "dollar", "euro", "pound sterling", "metre", "gram", "second", "day",
                      "month", "year"})


@dataclass(frozen=True, slots=True)
class Conflict:
    """Two values of one slot: ``kind`` number / date / place / polarity; ``subject`` what they are of; the spans
    ``[a_start, a_end)`` and ``[b_start, b_end)`` in the two sentences' articles; ``clear`` when each sentence gives
    exactly one value of the slot (a disagreement to show, not only a reason to keep the sentences apart)."""

    kind: str
    subject: str
    a_start: int
    a_end: int
    b_start: int
    b_end: int
    clear: bool = True


PlaceRelation = Callable[[str, str], bool | None]
"""``related(x, y)``: True when one place lies in the other or they are one, False when they are apart, None when
either is unknown."""


def conflicts(a: FuseSentence, b: FuseSentence, related: PlaceRelation | None = None, *, numbers: bool = True,
              days: bool = True, places: bool = True, polarity: bool = True,
              synonyms: Mapping[str, frozenset[str]] | None = None) -> list[Conflict]:
    """Every slot on which the two sentences give values that cannot both be right."""
    out: list[Conflict] = []
    if numbers:
        out += _numbers(a, b)
    if days:
        out += _days(a, b)
    if places and related is not None:
        out += _places(a, b, related)
    if polarity:
        out += _polarity(a, b, synonyms or {})
    return out


def _measured(s: FuseSentence, q: Quantity) -> set[str]:
    """The content lemmas around a measure: what it measures ("25 percent *tariffs* on *steel*")."""
    rel_start, rel_end = q.start - s.start, q.end - s.start
    return set(content_words(s.text[max(0, rel_start - 30):rel_start])[-2:] +
               content_words(s.text[rel_end:rel_end + 40])[:4])


def _numbers(a: FuseSentence, b: FuseSentence) -> list[Conflict]:
    out = []
    for unit in sorted({q.counted for q in a.quantities if q.unit} & {q.counted for q in b.quantities if q.unit}):
        xs = [q for q in a.quantities if q.counted == unit]
        ys = [q for q in b.quantities if q.counted == unit]
        if any(agree(x, y) for x in xs for y in ys):
            continue
        if any(not q.unit and agree(q, y) for q in a.quantities for y in ys) or \
                any(not q.unit and agree(x, q) for q in b.quantities for x in xs):
            continue  # "4 million … rising to 13 million": a bare number may be of the same thing
        if unit in MEASURES and not any(_measured(a, x) & _measured(b, y) for x in xs for y in ys):
            continue  # measures of different things
        clear = _distinct(xs) == 1 and _distinct(ys) == 1
        out.append(Conflict("number", unit, xs[0].start, xs[0].end, ys[0].start, ys[0].end, clear))
    return out


def _distinct(qs: list[Quantity]) -> int:
    """How many different values a sentence gives (quantities that agree count once)."""
    classes: list[Quantity] = []
    for q in qs:
        if not any(agree(q, c) and same_thing(q, c) for c in classes):
            classes.append(q)
    return len(classes)


def _weekday(day: str) -> str:
    if day in WEEKDAYS:
        return day
    try:
        from datetime import date

        return WEEKDAYS[date.fromisoformat(day).weekday()]
    except ValueError:
        return day


def _days(a: FuseSentence, b: FuseSentence) -> list[Conflict]:
    if not a.days or not b.days or a.days & b.days:
        return []
    if any(x in WEEKDAYS or y in WEEKDAYS for x in a.days for y in b.days) and \
            {_weekday(x) for x in a.days} & {_weekday(y) for y in b.days}:
        return []  # "Wednesday" and 2022-01-12 (a Wednesday) agree
    x, y = sorted(a.days)[0], sorted(b.days)[0]
    return [Conflict("date", "when", *_find(a, x), *_find(b, y), len(a.days) == 1 and len(b.days) == 1)]


def _places(a: FuseSentence, b: FuseSentence, related: PlaceRelation) -> list[Conflict]:
    if len(a.places) != 1 or len(b.places) != 1 or a.places == b.places:
        return []
    (x,), (y,) = a.places, b.places
    if x in y or y in x or related(x, y) is not False:
        return []  # nested, one, or unknown to the gazetteer
    return [Conflict("place", "where", *_find(a, x), *_find(b, y))]


CONDITIONAL = re.compile(r"\b(?:if|unless|whether|suppose|supposing|let's say|let’s say|what if)\b|\?\s*[\"”’']*\s*$",
                         re.IGNORECASE)


def _polarity(a: FuseSentence, b: FuseSentence, synonyms: Mapping[str, frozenset[str]]) -> list[Conflict]:
    """A predicate one sentence denies and the other, holding no negation at all, asserts — of the same subject and
    the same object when both name them ("*Trump* is *unlikely* to meet *Queen* Elizabeth" / "*Trump* will meet the
    *queen*").  A question or a condition asserts and denies nothing, and a sentence that also asserts the predicate
    elsewhere ("the best deal possible — and if not, no deal") denies nothing outright."""
    out = []
    for x, y in ((a, b), (b, a)):
        if y.polarity.negative or CONDITIONAL.search(x.text) or CONDITIONAL.search(y.text):
            continue
        for word in sorted(x.polarity.negated - NOT_A_PROPOSITION - x.polarity.asserted):
            if word not in y.polarity.asserted or len(word) <= 2 or not (can_be(word, "verb") or can_be(word, "adj")):
                continue
            mine, theirs = x.polarity.object_of(word), objects_after(y.text, word)
            if mine and theirs and not _meet(mine, theirs, synonyms):
                continue  # denied of one thing, asserted of another
            before_x, before_y = subject_before(x.text, word), subject_before(y.text, word)
            if before_x and before_y and not _meet(before_x, before_y, synonyms):
                continue  # denied by one party, asserted of another ("one party won't tax" / "Democrats tax")
            xs, ys = _phrase(x, word), _phrase(y, word)
            spans = (*xs, *ys) if x is a else (*ys, *xs)
            out.append(Conflict("polarity", word, *spans))
    return out


def _meet(a: frozenset[str], b: frozenset[str], synonyms: Mapping[str, frozenset[str]]) -> bool:
    return any(w in b or synonyms.get(w, frozenset()) & b for w in a)


def _find(s: FuseSentence, value: str) -> tuple[int, int]:
    """Where in the sentence a value is stated (the whole sentence when not literally there)."""
    at = s.text.lower().find(value.lower())
    return (s.start + at, s.start + at + len(value)) if at >= 0 else (s.start, s.end)


def _phrase(s: FuseSentence, word: str) -> tuple[int, int]:
    """The words around a lemma's occurrence (its negation and its object): "is unlikely to meet Queen Elizabeth"."""
    tokens = list(re.finditer(r"[A-Za-z][A-Za-z'’-]*", s.text))
    for k, t in enumerate(tokens):
        if lemma(t.group()) == word:
            first = tokens[max(0, k - 3)]
            last = tokens[min(len(tokens) - 1, k + 3)]
            return s.start + first.start(), s.start + last.end()
    return s.start, s.end
