"""Timeline: the event's own dated happenings in the order they happened, background history apart.

A date expression dates a happening of the event when it resolves to a day, a week or a month near the reports'
publication (a weekday or "last week" resolved against each report's own publication date; a weekday stays a
weekday, ordered within the event's week, only when no date is known).  Apart, as **background**: dates more than
``TimelineParams.background_days`` before the reports, and years alone ("in 1971").  Not dates at all: a year that
names a thing ("a 1962 trade law", "the 2016 election"), and a weekday inside a name ("Fox News Sunday",
"Super Tuesday").
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Sequence
from datetime import date, timedelta
from statistics import median_low

from ..dates import WEEKDAYS, weekday_of
from ..model import Citation, MentionKind, TimelineEntry
from .claims import representative
from .context import FuseContext, FuseSentence, resolve_weekday
from .params import TimelineParams

NAME_BEFORE = re.compile(r"([A-Z][\w.’'-]*)\s+$")
ATTRIBUTIVE_YEAR = re.compile(r"(?:\b(?:a|an|the|its|his|her|their|our)|['’]s)\s+$", re.IGNORECASE)
CAPITAL_AFTER = re.compile(r"^\s+[A-Z][a-z]")


def _iso(value: str) -> date | None:
    try:
        return date.fromisoformat(value[:10]) if len(value) >= 10 else None
    except ValueError:
        return None


def reference_day(ctx: FuseContext) -> date | None:
    """The reports' publication day (the middle one when they differ)."""
    days = sorted(d for a in ctx.articles.values() if a.published and (d := _iso(a.published)) is not None)
    return median_low(days) if days else None


def names_a_thing(text: str, start: int, end: int, sentence_start: int) -> bool:
    """Whether a date expression is part of a name or describes a thing rather than dating a happening: a weekday
    after a capitalised word in mid-sentence ("Fox News Sunday"), a year after an article ("a 1962 trade law")."""
    before = text[max(sentence_start, start - 30):start]
    words = text[start:end]
    if weekday_of(words) is not None and words.strip().lower() in WEEKDAYS:
        m = NAME_BEFORE.search(before)
        if m is not None and start - len(m.group(0)) > sentence_start and m.group(1).lower() not in (
                "on", "last", "this", "next", "since", "until", "by", "before", "after", "late", "early"):
            return True
        if CAPITAL_AFTER.match(text[end:end + 4]) and not re.match(r"\s+[A-Z][a-z]+\s+\d", text[end:end + 20]):
            return True  # "Sunday Times", but not "Wednesday January 12"
    return bool(re.fullmatch(r"(1[5-9]|20)\d\d", words.strip()) and ATTRIBUTIVE_YEAR.search(before)
                and re.match(r"\s+[a-z]", text[end:end + 3]))


def _background(value: str, granularity: str, ref: date | None, p: TimelineParams) -> bool:
    if granularity == "year":
        return True  # a year alone dates no happening of the event's own days
    if ref is None:
        return False
    when = _iso(value if granularity != "month" else value + "-28")
    return when is not None and when < ref - timedelta(days=p.background_days)


def timeline(ctx: FuseContext, groups: Sequence[Sequence[FuseSentence]], p: TimelineParams
             ) -> tuple[list[TimelineEntry], list[TimelineEntry]]:
    """(the event's own dated happenings, background), each in date order."""
    claim_of = {(s.article, s.start): n for n, g in enumerate(groups) for s in g}
    ref = reference_day(ctx)
    found: dict[tuple[str, int], list[tuple[FuseSentence, Citation]]] = defaultdict(list)
    kinds: dict[tuple[str, int], bool] = {}
    for s in ctx.sentences:
        article = ctx.articles[s.article]
        analysis = ctx.analyses[s.article]
        text = article.text
        names = [(m.start, m.end) for m in analysis.mentions
                 if m.kind in (MentionKind.ORGANIZATION, MentionKind.EVENT, MentionKind.OTHER)]
        for d in analysis.dates:
            if not (s.start <= d.start < s.end) or names_a_thing(text, d.start, d.end, s.start) or \
                    any(a <= d.start and d.end <= b and (a, b) != (d.start, d.end) for a, b in names):
                continue
            wd = weekday_of(text[d.start:d.end])
            if d.value and d.granularity in ("day", "month", "year", "week"):
                value, granularity = d.value, "day" if d.granularity == "week" else d.granularity
            elif wd is not None and not d.value:
                day = resolve_weekday(wd, article.published, s.text)
                value, granularity = (day, "day") if day else (wd, "weekday")
            else:
                continue
            key = (value, claim_of.get((s.article, s.start), -1 - len(found)))
            kinds[key] = _background(value, granularity, ref, p) if granularity != "weekday" else False
            found[key].append((s, Citation(s.article, d.start, d.end)))
    own: list[TimelineEntry] = []
    background: list[TimelineEntry] = []
    for key, items in found.items():
        value = key[0]
        best = representative(ctx, [s for s, _ in items])
        said = next(c for s, c in items if s is best)
        resolved = value not in WEEKDAYS
        entry = TimelineEntry(value if resolved else value.capitalize(), resolved, said,
                              Citation(best.article, best.start, best.end),
                              tuple(dict.fromkeys(Citation(s.article, s.start, s.end) for s, _ in items)))
        (background if kinds[key] else own).append(entry)
    return _ordered(own, p), _ordered(background, p)


def _ordered(entries: list[TimelineEntry], p: TimelineParams) -> list[TimelineEntry]:
    entries.sort(key=lambda e: (not e.resolved, e.when if e.resolved else f"{WEEKDAYS.index(e.when.lower())}",
                                -len(e.citations), e.statement.article, e.statement.start))
    kept: Counter[str] = Counter()
    shown = []
    for e in entries:  # the best-supported happenings of each date (the report lists, not every passing mention)
        kept[e.when] += 1
        if kept[e.when] <= p.per_date:
            shown.append(e)
    return shown
