"""The mentions of one article that name one participant (the first step of linking; see :mod:`.linker`)."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field

from .gazetteer import Gazetteer, fold
from .lexicon import GENDERED_WORDS, OFFICE_TITLES
from .model import Analysis, Article, Mention, MentionForm, MentionKind
from .names import PersonName, compatible, name_words, same_surname, skeleton

NAME_KINDS = (MentionKind.PERSON, MentionKind.PLACE, MentionKind.ORGANIZATION)
LEAD_CHARS = 400
"""A person named in full this early is who the article is about (headline and first paragraph)."""
HONORIFIC_BEFORE = re.compile(r"\b(Mr|Mrs|Ms|Miss|Sir|Dame|Lady|Lord)\.?\s*$")


@dataclass(slots=True)
class Group:
    """The mentions of one article that name one participant."""

    members: list[int] = field(default_factory=list)
    names: list[PersonName] = field(default_factory=list)  # each full person name given
    surfaces: list[str] = field(default_factory=list)  # the full names as written
    key: str = ""
    person: bool = False
    preferred: str | None = None
    kind: MentionKind = MentionKind.OTHER
    bare: PersonName | None = None  # a surname (with any suffix) standing alone
    gender: str | None = None
    first: int = 0  # where the article first names it
    titled: bool = False
    title_words: set[str] = field(default_factory=set)  # the title words the article gives a person


def salience(g: Group) -> tuple[int, int]:
    """How much an article is about a person: titles given, names in full, named in the lead; then who came
    first."""
    return (len(g.names) + 2 * g.titled + 2 * (g.first < LEAD_CHARS), -g.first)


def gender_in(text: str, start: int, roles: Iterable[tuple[int, int]]) -> str | None:
    """The gender an honorific before a name or a gendered word in its titles shows ("Mrs. Clinton",
    "first lady Melania Trump")."""
    match = HONORIFIC_BEFORE.search(text[max(0, start - 8):start])
    if match:
        return GENDERED_WORDS.get(match.group(1).lower())
    for a, b in roles:
        for w in text[a:b].lower().split():
            if w.strip(".,") in GENDERED_WORDS:
                return GENDERED_WORDS[w.strip(".,")]
    return None


def article_groups(article: Article, analysis: Analysis, gaz: Gazetteer,
                   known_gender: Callable[[str], str | None] | None = None,
                   in_office: Callable[[str, str | None], frozenset[str]] | None = None) -> list[Group]:
    """The groups of an article's mentions; ``known_gender`` tells what world knowledge says of a full name's
    gender (a known actor's, or a first name's), used when the article itself does not say; ``in_office``
    gives the names (folded) of the one known person of a surname who held office near a date, if one did."""
    text = article.text
    mentions = analysis.mentions
    groups: dict[str, Group] = {}
    group_of: dict[int, Group] = {}
    named_orgs = {gaz.organisation(text[m.start:m.end]) for m in mentions if m.form is MentionForm.NAME}
    # full person names first: their surnames take the bare mentions of the same article
    persons: list[Group] = []
    for i, m in enumerate(mentions):
        if m.form is not MentionForm.NAME or m.kind is not MentionKind.PERSON:
            continue
        name = PersonName.parse(text[m.start:m.end])
        if name is None or not name.full:
            continue
        fits = [g for g in persons if all(compatible(name, n) for n in g.names)]
        g = max(fits, key=lambda x: len(x.members)) if fits else None
        if g is None:
            g = Group(key="p:" + name.key, person=True, first=m.start, kind=MentionKind.PERSON)
            while g.key in groups:
                g.key += "'"
            persons.append(g)
            groups[g.key] = g
        g.names.append(name)
        g.surfaces.append(text[m.start:m.end])
        g.members.append(i)
        g.titled = g.titled or bool(m.roles)
        g.title_words |= title_words(text, m)
        g.gender = g.gender or m.gender or gender_in(text, m.start, [(r.start, r.end) for r in m.roles])
        group_of[i] = g
    if known_gender is not None:
        for g in persons:
            g.gender = g.gender or next((x for x in map(known_gender, g.surfaces) if x), None)
    for i, m in enumerate(mentions):
        if i in group_of or m.form is not MentionForm.NAME:
            continue
        surface = text[m.start:m.end]
        words = name_words(surface)
        if not words:
            continue
        bare: PersonName | None = None
        if m.stands_for is not None:
            key, preferred, person = "n:" + fold(m.stands_for), m.stands_for, False
        else:
            canonical = gaz.organisation(surface) or gaz.country(surface)
            described = gaz.descriptions.get(fold(surface))
            if canonical is None and described is not None and described in named_orgs:
                canonical = described  # "the Alliance" in an article naming NATO
            if canonical is not None:
                key, preferred, person = "n:" + fold(canonical), canonical, False
            else:
                name = PersonName.parse(surface)
                assert name is not None
                if not name.full and m.kind in NAME_KINDS:
                    gender = gender_in(text, m.start, [(r.start, r.end) for r in m.roles])
                    famous = in_office(words[-1], article.published) if in_office is not None else frozenset()
                    host = _bare_host(persons, name, gender, title_words(text, m), famous)
                    if host is not None:
                        host.members.append(i)  # "Grushko" after "Alexander Grushko", whatever its label
                        group_of[i] = host
                        continue
                person = m.kind is MentionKind.PERSON
                if person and not name.full:
                    bare = name
                key, preferred = ("s:" + name.key if person else "n:" + " ".join(skeleton(w) for w in words)), None
        g = groups.get(key)
        if g is None:
            g = groups[key] = Group(key=key, person=person, preferred=preferred, kind=m.kind, bare=bare,
                                    first=m.start)
        if g.bare is not None:
            g.surfaces.append(surface)
            g.title_words |= title_words(text, m)
            g.gender = g.gender or gender_in(text, m.start, [(r.start, r.end) for r in m.roles])
        g.members.append(i)
        group_of[i] = g
    _join_short_forms(groups, group_of)
    _join_acronyms(text, analysis, groups, group_of)
    # pronouns and descriptions follow the name they refer to
    for i, m in enumerate(mentions):
        if m.refers_to is not None and m.refers_to in group_of:
            g = group_of[m.refers_to]
            g.members.append(i)
            group_of[i] = g
    unique: dict[int, Group] = {id(g): g for g in group_of.values()}
    return list(unique.values())


def title_words(text: str, m: Mention) -> set[str]:
    """The office titles of the roles a mention is given there ("President", "first lady" → {"lady"}); other
    descriptions ("diplomat", "negotiator") vary freely for one person and say nothing here."""
    return {w for r in m.roles for w in re.findall(r"[a-z]+", text[r.start:r.end].lower()) if w in OFFICE_TITLES}


def _bare_host(persons: list[Group], name: PersonName, gender: str | None,
               titles: AbstractSet[str] = frozenset(), famous: AbstractSet[str] = frozenset()) -> Group | None:
    """The person of the article a bare surname names: the most salient of that surname (and generation, and
    gender when an honorific shows it, and title when both are titled: "President Obama" is not the person
    the article calls first lady); else the one person whose first name it is ("Melania").

    News reserves a famous surname for its famous bearer and calls relatives by first name or honorific: in a
    report about Eric Trump or Michelle Obama written when Donald Trump or Barack Obama held office, a bare
    "Trump" or "Obama" is the office holder.  So when the knowledge base knows one person of the surname in
    office near the report's date (``famous``) and no honorific ties the surname to someone else, a bare
    surname goes to him if the article names him in full, and is otherwise left to the linker across reports."""
    fits = [g for g in persons if same_surname(g.names[0].last, name.last)
            and not (gender and g.gender and gender != g.gender)
            and not (titles and g.title_words and not titles & g.title_words)]
    same_generation = [g for g in fits if g.names[0].suffix == name.suffix]
    # a bare "Comeaux" is the article's "Arcade Joseph Comeaux Jr." when he is its only Comeaux
    fits = same_generation or (fits if not name.suffix and len(fits) == 1 else [])
    if gender:  # "Mr. Clinton": someone known to be a man before someone whose gender the article does not show
        fits = [g for g in fits if g.gender == gender] or fits
    elif famous and fits:
        holders = [g for g in fits if any(" ".join(name_words(s)) in famous for s in g.surfaces)]
        return holders[0] if holders else None
    if fits:
        return max(fits, key=salience)
    if len(name.last) >= 3 and not name.suffix:
        by_first = [g for g in persons if g.names[0].given[0] == name.last]
        if len(by_first) == 1:
            return by_first[0]  # "Craig" after "Craig Zadan"; "Kim" after "Kim Jong Un"
    return None


def _absorb(groups: dict[str, Group], group_of: dict[int, Group], keep: Group, gone: Group) -> None:
    for i in gone.members:
        group_of[i] = keep
    keep.members.extend(gone.members)
    keep.preferred = keep.preferred or gone.preferred
    groups.pop(gone.key, None)


def _join_short_forms(groups: dict[str, Group], group_of: dict[int, Group]) -> None:
    """A short form of a longer name of the same kind in the article: "Promises" for "Promises Treatment
    Center"."""
    named = [g for g in groups.values() if g.key.startswith("n:") and g.preferred is None]
    for g in sorted(named, key=lambda x: len(x.key)):
        words = g.key[2:].split()
        longer = [h for h in named if h is not g and h.kind is g.kind and h.key in groups
                  and h.key[2:].split()[:len(words)] == words and len(h.key[2:].split()) > len(words)]
        if len(longer) == 1 and g.key in groups:
            _absorb(groups, group_of, longer[0], g)


def _join_acronyms(text: str, analysis: Analysis, groups: dict[str, Group], group_of: dict[int, Group]) -> None:
    """An acronym defined in parentheses ("Organization for Security and Co-operation in Europe (OSCE)"), or
    the initials of exactly one multi-word organisation the article names ("DNC", "Democratic National
    Committee")."""
    mentions = analysis.mentions
    for i, m in enumerate(mentions):
        if i not in group_of:
            continue
        after = text[m.end:m.end + 12]
        match = re.match(r"\s*\((\w{2,8})\)", after)
        if match and abbreviates(match.group(1), text[m.start:m.end]):
            j = next((k for k, x in enumerate(mentions) if x.start == m.end + match.start(1)), None)
            if j is not None and j in group_of and group_of[j] is not group_of[i] and not group_of[j].person:
                _absorb(groups, group_of, group_of[i], group_of[j])
    surfaces: dict[int, str] = {}
    for i, m in enumerate(mentions):
        if i in group_of and m.form is MentionForm.NAME:
            surfaces.setdefault(id(group_of[i]), text[m.start:m.end])
    for i, m in enumerate(mentions):
        word = text[m.start:m.end]
        g = group_of.get(i)
        if g is None or g.person or not (word.isupper() and 2 <= len(word) <= 6 and word.isalpha()):
            continue
        long = {id(h): h for j, h in group_of.items() if h is not g and not h.person and h.key in groups
                and abbreviates(word, surfaces.get(id(h), ""))}
        if len(long) == 1 and g.key in groups:
            _absorb(groups, group_of, next(iter(long.values())), g)


def abbreviates(acronym: str, name: str) -> bool:
    """Whether an acronym is made of the initials of a name's capitalised words ("OSCE")."""
    words = [w for w in re.split(r"[\s\-]+", name) if w[:1].isupper()]
    return len(words) >= 2 and "".join(w[0] for w in words).upper() == acronym.upper()
