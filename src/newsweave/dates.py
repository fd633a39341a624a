"""Date expressions → ISO values, resolved against the article's publication date.

"on Monday", "last week", "in December" mean something only relative to when the article was
published; absolute expressions ("December 2, 2021", "2014") resolve on their own.  Durations ("more
than two years", "four hours") are not dates and stay unresolved.  Parsing is done by dateparser; this
module decides *what* is a date, *which* base applies and how precise the answer is.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from .lexicon import DAY_PARTS

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august", "september",
          "october", "november", "december")
ANCHOR = re.compile(
    r"\b(" + "|".join(WEEKDAYS + MONTHS) + r"|jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec|today|yesterday|"
    r"tomorrow|tonight|ago|last|next|this)\b|\b(1[89]|20)\d\d\b",
    re.IGNORECASE,
)
YEAR = re.compile(r"\b(1[89]|20)\d\d\b")
DECADE = re.compile(r"\b\d{2,4}'?s\b")
DURATION = re.compile(
    r"\b(more than|less than|nearly|about|over|for|past|several|few|decades?|hours?|minutes?)\b", re.I
)
LEADING = re.compile(r"^(on|in|this|early|late|mid|the|since|by|until|from|during|of)\s+", re.IGNORECASE)
DAY_PART = re.compile(rf"^({'|'.join(WEEKDAYS)})(?:\s+(?:{'|'.join(DAY_PARTS)}))?$", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class ResolvedDate:
    value: str | None
    granularity: str | None


@dataclass(slots=True)
class DateResolver:
    """Resolves date expressions; caches answers, since news repeats the same few expressions."""

    _cache: dict[tuple[str, str | None, bool], ResolvedDate] = field(default_factory=dict)
    _parsers: dict[tuple[date | None, bool], object] = field(default_factory=dict)

    def resolve(self, expression: str, published: str | None, *, future: bool = False) -> ResolvedDate:
        key = (expression.lower().strip(), published, future)
        if key not in self._cache:
            self._cache[key] = self._resolve(key[0], published, future)
        return self._cache[key]

    def _resolve(self, expr: str, published: str | None, future: bool) -> ResolvedDate:
        if not ANCHOR.search(expr) or DECADE.search(expr):
            return ResolvedDate(None, None)
        core = expr
        while (stripped := LEADING.sub("", core)) != core:
            core = stripped
        weekday = next((w for w in WEEKDAYS if re.fullmatch(rf"{w}s?", core)), None)
        base = _parse_iso(published)
        if base is None:
            if weekday:
                return ResolvedDate(None, "weekday")
            if not YEAR.search(core):
                return ResolvedDate(None, None)
        if DURATION.search(core) and not YEAR.search(core):
            return ResolvedDate(None, None)
        bare = DAY_PART.match(core)
        if bare is not None and base is not None:
            return ResolvedDate(_weekday_near(base, WEEKDAYS.index(bare.group(1).lower()), future).isoformat(), "day")
        parsed = self._dateparser(core, base, future)
        if parsed is None:
            return ResolvedDate(None, "weekday" if weekday else None)
        when, period = parsed
        if period == "year":
            return ResolvedDate(f"{when.year:04d}", "year")
        if period == "month":
            return ResolvedDate(f"{when.year:04d}-{when.month:02d}", "month")
        if period == "week":
            return ResolvedDate(when.date().isoformat(), "week")
        return ResolvedDate(when.date().isoformat(), "day")

    def _dateparser(self, text: str, base: date | None, future: bool) -> tuple[datetime, str] | None:
        from dateparser.date import DateDataParser

        parser = self._parsers.get((base, future))
        if parser is None:
            settings: dict[str, object] = {"PREFER_DATES_FROM": "future" if future else "past"}
            if base is not None:
                settings["RELATIVE_BASE"] = datetime(base.year, base.month, base.day)
            parser = self._parsers[(base, future)] = DateDataParser(languages=["en"], settings=settings)
        data = parser.get_date_data(text)  # type: ignore[attr-defined]
        if data.date_obj is None:
            return None
        return data.date_obj, str(data.period or "day")


def _weekday_near(base: date, weekday: int, future: bool) -> date:
    """The day a bare weekday names in a report of ``base``: the same day when it is that weekday ("on Thursday"
    in a Thursday's report is that Thursday), else the last one before (the next one after, when ``future``)."""
    if future:
        return base + timedelta(days=(weekday - base.weekday()) % 7)
    return base - timedelta(days=(base.weekday() - weekday) % 7)


def _parse_iso(value: str | None) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return None


def weekday_of(expression: str) -> str | None:
    """The weekday named in an expression ("on Monday" → "monday"), if any."""
    lowered = expression.lower()
    return next((w for w in WEEKDAYS if re.search(rf"\b{w}\b", lowered)), None)
