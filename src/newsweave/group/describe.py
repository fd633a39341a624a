"""Describing events and stories: titles, when and where, each cited to the words that say so."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence

from ..clean import strip_accents
from ..dates import weekday_of
from ..model import Analysis, Article, Attribute, Citation, Event, MentionForm, MentionKind, Story
from .events import Grouper, central_article
from .profiles import WORD, entity_key, is_locative, lead_end, mention_keys

# ----------------------------------------------------------------------------------------------
# describing an event: its title, when and where, each with the spans that say so


def describe_event(event: str, story: str, members: Sequence[str], grouper: Grouper,
                   articles: Mapping[str, Article], analyses: Mapping[str, Analysis]) -> Event:
    """An event record: its title (from its most central report), when and where, with citations."""
    central = central_article(grouper, list(members))
    pairs = [(articles[a], analyses[a]) for a in members if a in articles and a in analyses]
    return Event(
        id=event,
        title=articles[central].title if central in articles else "",
        story=story,
        articles=tuple(members),
        when=event_when(pairs),
        where=event_where(pairs),
    )


def event_when(pairs: Sequence[tuple[Article, Analysis]]) -> Attribute | None:
    """The day the reports most often give, the lead counting double (a weekday when no publication
    date resolves it), cited to every expression that names it."""
    votes: Counter[str] = Counter()
    cites: dict[str, list[Citation]] = {}
    for article, analysis in pairs:
        lead_stop = lead_end(analysis)
        for d in analysis.dates:
            if d.value and d.granularity == "day":
                value = d.value
            elif d.granularity == "weekday" and (wd := weekday_of(article.text[d.start:d.end])):
                value = wd.capitalize()
            else:
                continue
            votes[value] += 2 if d.start < lead_stop else 1
            cites.setdefault(value, []).append(Citation(article.id, d.start, d.end))
    if not votes:
        return None
    value = votes.most_common(1)[0][0]
    return Attribute(value, tuple(cites[value]))


def event_where(pairs: Sequence[tuple[Article, Analysis]]) -> Attribute | None:
    """The place the reports say the event happened *in* or *at* (datelines count too).

    Each locative mention votes (double in the lead), scaled by the share of the place's mentions that
    are locative: "talks in Brussels" makes Brussels the venue, while "in Russia" among dozens of
    "Russia said …" is a party to the event, not its place.
    """
    votes: Counter[str] = Counter()
    total: Counter[str] = Counter()
    locative: Counter[str] = Counter()
    forms: dict[str, Counter[str]] = {}
    cites: dict[str, list[Citation]] = {}
    for article, analysis in pairs:
        lead_stop = lead_end(analysis)
        for m in analysis.mentions:
            if m.kind is not MentionKind.PLACE:
                continue
            surface = article.text[m.start:m.end]
            key = entity_key(surface, m.kind)
            total[key] += 1
            if not is_locative(article.text, m.start):
                continue
            locative[key] += 1
            votes[key] += 2 if m.start < lead_stop else 1
            forms.setdefault(key, Counter())[surface] += 1
            cites.setdefault(key, []).append(Citation(article.id, m.start, m.end))
    if not votes:
        return None
    key = max(votes, key=lambda k: (votes[k] * locative[k] / total[k], votes[k]))
    return Attribute(forms[key].most_common(1)[0][0], tuple(cites[key]))


# ----------------------------------------------------------------------------------------------
# describing a story: a title that names its subject

SUBJECT_NAMES = 3


def _ranked(grouper: Grouper, events: Sequence[str], kind: str) -> list[str]:
    """The keys of one kind the events share (all of them for one event), most telling first: the key's mean
    share of the events' mentions times its rarity in the store (TF-IDF; unlike story links, with IDF floor 1:
    when a story is all the store holds, what every report names is still what the story is about)."""
    bags = grouper.bags[kind]
    weight: dict[str, float] = {}
    seen: Counter[str] = Counter()
    for event in events:
        vector = bags.events.get(event)
        if vector is None or not len(vector[0]):
            continue
        share = vector[1] / vector[1].sum()
        for key_id, part in zip(vector[0], share * bags.space.idf(vector[0]), strict=True):
            key = bags.space.keys[int(key_id)]
            weight[key] = weight.get(key, 0.0) + float(part) / len(events)
            seen[key] += 1
    shared = 2 if len(events) > 1 else 1
    return [k for k in sorted(weight, key=lambda k: -weight[k]) if seen[k] >= shared and weight[k] > 0]


def story_subject(grouper: Grouper, events: Sequence[str],
                  is_word: Callable[[str], bool] = lambda key: True) -> list[tuple[str, str]]:
    """The keys that name a story's subject, as ``(kind, key)``: up to two people or organisations, then words
    to make three (:data:`SUBJECT_NAMES`) — a place only when no word qualifies — each the most telling of its
    kind (:func:`_ranked`).

    A surname is left out when the person's full name is a key, an acronym when its expansion was picked, a
    place or word already part of a picked name; ``is_word`` says which content words are words rather than
    names (names come in as people, organisations and places)."""
    picked: list[tuple[str, str]] = []
    for kind, limit in (("actors", 2), ("terms", SUBJECT_NAMES), ("places", 1)):
        if kind == "places" and any(kd == "terms" for kd, _ in picked):
            break
        ranked = _ranked(grouper, events, kind)
        surnames = {k.rsplit(" ", 1)[-1] for k in ranked if " " in k}
        for key in ranked:
            if len(picked) >= SUBJECT_NAMES or sum(1 for kd, _ in picked if kd == kind) >= limit:
                break
            taken = {w for _, k in picked for w in k.split()}
            initials = {"".join(w[0] for w in k.split()) for _, k in picked if " " in k}
            if key in surnames or key in initials or set(key.split()) <= taken:
                continue
            if kind == "terms" and not is_word(key):
                continue
            picked.append((kind, key))
    return picked


def _surfaces(keys: Iterable[str], pairs: Sequence[tuple[Article, Analysis]]) -> tuple[dict[str, str],
                                                                                       dict[str, float]]:
    """How the reports write each key — the most frequent form of the names and words behind it, a form that
    is not all capitals first ("Washington" over a dateline's "WASHINGTON") — and, for words, the share of
    their uses in lower case (a word mostly capitalised is a name)."""
    wanted = set(keys)
    names: dict[str, Counter[str]] = {}
    words: dict[str, Counter[str]] = {}
    for article, analysis in pairs:
        found, _ = mention_keys(article, analysis)
        for m, key in zip(analysis.mentions, found, strict=True):
            surface = article.text[m.start:m.end].removesuffix("'s").removesuffix("’s")
            if key in wanted and m.form is MentionForm.NAME and (" " not in key or " " in surface.strip()
                                                                  or "." in surface):
                names.setdefault(key, Counter())[surface] += 1
        for match in WORD.finditer(article.text):
            word = match.group().removesuffix("'s").removesuffix("’s")
            folded = strip_accents(word).lower()
            if folded.endswith("s") and not folded.endswith("ss") and len(folded) > 3:
                folded = folded[:-1]
            if folded in wanted:
                words.setdefault(folded, Counter())[word] += 1
    forms: dict[str, str] = {}
    lower: dict[str, float] = {}
    for key in wanted:
        counter = names.get(key) or words.get(key)
        if counter and all(f.isupper() for f in counter) and key in words:
            counter = words[key]  # a dateline's "WASHINGTON": the text's "Washington"
        if counter:
            forms[key] = max(counter, key=lambda f: (not f.isupper(), counter[f]))
        if key in words:
            lower[key] = sum(n for w, n in words[key].items() if w.islower()) / sum(words[key].values())
    return forms, lower


def story_title(grouper: Grouper, events: Sequence[Event], articles: Mapping[str, Article],
                analyses: Mapping[str, Analysis]) -> str:
    """A story's title names its subject.  One event: its title.  Several: the names of what they share — the
    people and organisations, place and words that weigh most (:func:`story_subject`) — as the reports write
    them ("Hillary Clinton · State Department · e-mails"), so that no single event's headline stands for the
    others."""
    if len(events) == 1:
        return events[0].title
    ids = [e.id for e in events]
    pairs = [(articles[a], analyses[a]) for e in events for a in e.articles if a in articles and a in analyses]
    candidates = [k for kind in ("actors", "places", "terms") for k in _ranked(grouper, ids, kind)[:12]]
    forms, lower = _surfaces(candidates, pairs)
    keys = story_subject(grouper, ids, is_word=lambda key: lower.get(key, 0.0) >= 0.5 and "'" not in key)
    if not keys:
        return max(events, key=lambda e: len(e.articles)).title
    return " · ".join(forms.get(k, k) for _, k in keys)


def describe_stories(grouper: Grouper, events: Sequence[Event], articles: Mapping[str, Article],
                     analyses: Mapping[str, Analysis]) -> list[Story]:
    """A story record per story of the grouper, in the order its first event is given; a story's events in the
    order their first reports were published (undated events after, in the order given)."""
    by_story: dict[str, list[Event]] = {}
    for event in events:
        by_story.setdefault(grouper.story_of.get(event.id, event.story), []).append(event)

    def first(event: Event) -> str:
        days = [d for a in event.articles if a in articles and (d := articles[a].published)]
        return min(days) if days else "~"

    stories = []
    for story, mine in by_story.items():
        mine = sorted(mine, key=first)
        stories.append(Story(story, story_title(grouper, mine, articles, analyses), tuple(e.id for e in mine)))
    return stories
