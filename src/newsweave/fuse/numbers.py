"""Quantities in a sentence — a number, what it counts or measures, and how exact the report makes it.

"about 150 migrants", "more than 100,000 troops", "up to 300", "hundreds of thousands of files", "between 10 and 20
people", "$1.5 billion", "5 miles": each is a :class:`Quantity` holding the *interval* of values the words allow.
Two quantities of the same thing agree when their intervals meet: "nearly four hours" and "practically 4 hours"
agree, "about 150" and "roughly 400" do not, "100,000 files" and "hundreds of thousands of files" do not.
Measures are compared in one base unit ("5 miles" = 8,047 metres; "4 hours" = 14,400 seconds).

Not quantities: years ("in 2014", "a 1962 law"), days of a month ("January 12"), times of day ("5 p.m."), ages
("an 18-year-old", "aged 44": ages describe different people as often as they disagree), and a lone "one".
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from ..dates import MONTHS
from ..lexicon import (
    APPROXIMATE,
    COUNTED_CLASSES,
    LOWER_BOUNDS,
    MEASURE_UNITS,
    NUMBER_WORDS,
    SCALE_WORDS,
    UPPER_BOUNDS,
    VAGUE_MAGNITUDES,
)
from .words import can_be, lemma

_WORDS = "|".join(sorted(NUMBER_WORDS, key=len, reverse=True))
_SCALES = "|".join(sorted((s for s in SCALE_WORDS if len(s) > 2), key=len, reverse=True))
NUMBER = re.compile(
    r"(?<![\w.,$€£])(?P<cur>[$€£]\s?)?(?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|(?:" + _WORDS + r")\b)"
    r"(?![\w,]*\d)(?!(?:st|nd|rd|th)\b)(?:(?:\s+|\s*-\s*|)(?P<scale>" + _SCALES + r"|bn|[mk])\b)?",
    re.IGNORECASE,
)
VAGUE = re.compile(r"\b(?P<mag>" + "|".join(sorted(VAGUE_MAGNITUDES, key=len, reverse=True)) + r")\s+of\b",
                   re.IGNORECASE)
RANGE_JOIN = re.compile(r"^\s*(?:-|–|to)\s*$", re.IGNORECASE)
YEAR_BEFORE = re.compile(r"(?:\b(?:the|a|an|its|his|her|their|our|since|in|of)|['’]s)\s*$", re.IGNORECASE)
BETWEEN_JOIN = re.compile(r"^\s*and\s*$", re.IGNORECASE)
MONTH_NAMES = frozenset(MONTHS) | frozenset(m[:3] for m in MONTHS) | {"sept"}
SKIP_BEFORE_UNIT = frozenset("of the a an more additional extra new other further than or so".split())
STOP_AFTER = frozenset("""and or but that which who whom whose were was are is be been have has had will would
in on at by for with from to as than into over after before during since about against between near""".split())


@dataclass(frozen=True, slots=True)
class Quantity:
    """A number as a report gives it: the interval ``[low, high]`` its words allow, in ``unit`` (a base unit such
    as "metre", "percent", "dollar", or the lemma of the noun counted: "troop"); ``hedged`` when the words make it
    approximate or a bound; ``[start, end)`` the words in the text."""

    low: float
    high: float
    unit: str
    hedged: bool
    start: int
    end: int
    value: float = 0.0  # the number as written, in ``unit``
    written: str = ""  # the unit as written ("mile", "km"): a conversion between units is rounded
    precision: float = 0.0  # half the last written digit, in ``unit`` ("8 km": 500 metres)
    vague: bool = False  # a magnitude, not a figure ("hundreds of", "millions of")

    @property
    def counted(self) -> str:
        """The class of things counted: "troop" and "soldier" are one."""
        return next((min(c) for c in COUNTED_CLASSES if self.unit in c), self.unit)


def _value(raw: str) -> float | None:
    raw = raw.lower()
    if raw in NUMBER_WORDS:
        return float(NUMBER_WORDS[raw])
    try:
        return float(raw.replace(",", ""))
    except ValueError:
        return None


def _hedge(before: str) -> tuple[bool, bool, bool]:
    """(approximate, lower bound, upper bound) from the words right before a number."""
    tail = " " + " ".join(before.lower().split()[-3:])

    def ends(words: tuple[str, ...]) -> bool:
        return any(tail.endswith(" " + w) for w in words)
    return ends(APPROXIMATE), ends(LOWER_BOUNDS), ends(UPPER_BOUNDS)


def _unit(after: str) -> tuple[str, float, int]:
    """What the words after a number count or measure: (unit, factor to the base unit, characters consumed)."""
    m = re.match(r"\s*(%|per cent|percentage points?|[A-Za-z][\w-]*)", after)
    if m is None:
        return "", 1.0, 0
    if m.group(1).lower() == "of":
        return "", 1.0, 0  # "10 of them", "four of the six": a part, not a count
    word = m.group(1).lower()
    key = word if word in MEASURE_UNITS else lemma(word) if lemma(word) in MEASURE_UNITS else ""
    if key.startswith("percentage point"):
        key = "percentage point"
    if key:
        base, factor = MEASURE_UNITS[key]
        return base, factor, m.end()
    # a counted noun: the last noun of the run of lower-case nouns and adjectives that follows ("100,000 secret
    # files were …" → file); capitalised words before it are its modifiers ("100,000 Russian troops")
    unit, consumed, run = "", 0, 0
    for w in re.finditer(r"[A-Za-z][\w-]*|[^\w\s]", after[:60]):
        token = w.group()
        low = token.lower()
        if not token[0].isalpha() or low in STOP_AFTER or run >= 3:
            break
        if token[0].isupper() or low in SKIP_BEFORE_UNIT:
            if run:
                break
            continue
        noun, adjective = can_be(low, "noun"), can_be(low, "adj")
        if not noun and not adjective:
            break
        run += 1
        if noun:
            unit, consumed = lemma(low), w.end()
            if low.endswith("s") and not low.endswith("ss"):
                break  # a plural noun heads the phrase
    return unit, 1.0, consumed


def quantities(text: str, offset: int = 0, tolerance: float = 0.1) -> list[Quantity]:
    """Every quantity of the text with its interval, its unit and its span (``offset`` added to spans).
    ``tolerance`` is the margin an approximate number allows on either side."""
    out: list[Quantity] = []
    taken: list[tuple[int, int]] = []
    for m in VAGUE.finditer(text):
        low, high = VAGUE_MAGNITUDES[m.group("mag").lower()]
        unit, factor, used = _unit(text[m.end():])
        if unit:
            out.append(Quantity(low * factor, high * factor, unit, True, offset + m.start(),
                                offset + m.end() + used, low * factor, vague=True))
            taken.append((m.start(), m.end()))
    previous: Quantity | None = None
    previous_end = -1
    for m in NUMBER.finditer(text):
        if any(s <= m.start() < e for s, e in taken):
            continue
        raw = m.group("num")
        value = _value(raw)
        if value is None or _not_a_quantity(text, m, raw):
            continue
        scale = (m.group("scale") or "").lower()
        if scale:
            value *= SCALE_WORDS[scale]
        elif raw.lower() in ("one", "zero"):
            continue  # "one of the …": rarely a count
        approx, floor, ceiling = _hedge(text[max(0, m.start() - 30):m.start()])
        unit, factor, used = _unit(text[m.end():])
        written = text[m.end():m.end() + used].strip().lower()
        if m.group("cur"):
            unit, factor = MEASURE_UNITS[m.group("cur").strip()]
            written = m.group("cur").strip()
        if re.fullmatch(r"(1[5-9]|20)\d\d", raw) and not scale and not m.group("cur") and (
                not (unit and re.match(r"\s*[a-z]\w*s\b", text[m.end():]))
                or YEAR_BEFORE.search(text[max(0, m.start() - 12):m.start()])):
            continue  # a year ("in 2014", "a 1962 trade law", "the 2012 attacks"), not a count ("2000 troops")
        # rounding: "1.5 million" stands for 1.45–1.55 million
        half = 0.0
        if scale and "." in raw:
            half = 0.5 * 10 ** (-len(raw.split(".")[1])) * SCALE_WORDS[scale]
        low, high = value - half, value + half
        if approx:
            low, high = value * (1 - tolerance), value * (1 + tolerance)
        if floor:
            high = math.inf
        if ceiling:
            low = 0.0 if not approx else low
            high = value
        digits = len(raw.split(".")[1]) if "." in raw else 0
        precision = 0.5 * 10 ** -digits * factor * (SCALE_WORDS[scale] if scale else 1.0) if factor != 1.0 else 0.0
        q = Quantity(low * factor, high * factor, unit, approx or floor or ceiling, offset + m.start(),
                     offset + m.end() + used, value * factor, written, precision)
        # a range: "between 150 and 200 people", "150 to 200", "150-200"
        joined = RANGE_JOIN.match(text[previous_end:m.start()]) or (
            BETWEEN_JOIN.match(text[previous_end:m.start()]) and previous is not None
            and text[max(0, previous.start - offset - 9):previous.start - offset].lower().rstrip().endswith("between"))
        if previous is not None and joined and unit and \
                (not previous.unit or previous.unit == unit):
            out.pop()
            q = Quantity(min(previous.low, q.low), max(previous.high, q.high), unit, True, previous.start, q.end,
                         previous.value, written, precision)
        out.append(q)
        previous, previous_end = q, m.end()
    return sorted(out, key=lambda q: q.start)


def _not_a_quantity(text: str, m: re.Match[str], raw: str) -> bool:
    """Days of a month, times of day, ages, scores and numbered things ("No. 2") are not quantities."""
    before = text[max(0, m.start() - 12):m.start()].lower()
    after = text[m.end():m.end() + 12].lower()
    words_before = re.findall(r"[a-z]+", before)
    words_after = re.findall(r"[a-z]+", after)
    if words_before and words_before[-1].rstrip(".") in MONTH_NAMES:
        return True  # "January 12"
    if words_after and words_after[0].rstrip(".") in MONTH_NAMES and raw.isdigit():
        return True  # "12 January"
    if re.match(r"\s*(?:a\.?m\.?|p\.?m\.?|:\d|o'clock|-year-old|-years-old|years? old|-month-old)", after):
        return True
    if re.search(r"(?:aged?|no\.|number|page|section|article|chapter|route|#)\s*$", before):
        return True
    return bool(re.match(r"\s*[-–]\s*\d", after) and re.search(r"\b(?:won|lost|beat|score|vote|victory)\b", before
                                                                + after))


def agree(a: Quantity, b: Quantity) -> bool:
    """Whether two quantities can both be right: their intervals meet (widened by the rounding of the last digit
    when they are written in different units: "5 miles" and "8 km" agree)."""
    pad_a, pad_b = (a.precision, b.precision) if a.written != b.written else (0.0, 0.0)
    return a.low - pad_a <= b.high + pad_b and b.low - pad_b <= a.high + pad_a


def same_figure(a: Quantity, b: Quantity, smallest: float = 10.0) -> bool:
    """Whether two quantities are one specific figure of the same counted thing: "100,000 troops" and "nearly
    100,000 Russian soldiers" (a count of ``smallest`` or more, given alike; not a magnitude, a range, a bound or a
    measure — "$1 million" or "two years" attach to too many things to tie two statements together)."""
    def specific(q: Quantity) -> bool:
        return not q.vague and q.value >= smallest and q.high != math.inf and q.low > 0 and bool(q.unit) \
            and q.unit not in MEASURE_BASES
    return specific(a) and specific(b) and a.counted == b.counted and agree(a, b)


MEASURE_BASES = frozenset(base for base, _ in MEASURE_UNITS.values())


def same_thing(a: Quantity, b: Quantity) -> bool:
    """Whether two quantities are of the same unit or count the same class of things."""
    return bool(a.unit) and a.counted == b.counted


