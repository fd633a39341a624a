"""Entities across articles: mentions → one canonical entity per real-world participant.

The :class:`Linker` keeps its index in the store, so new articles link to existing entities without
recomputing the old ones.  Precision first: two mentions join only on evidence that they name one
participant, and a name that could be several people stays apart ("unresolved") rather than wrong.

**Within an article** the mentions naming one participant form a group:

* full person names join when they may name one person (:func:`newsweave.names.compatible`: same surname,
  compatible given names, the same generational suffix, agreeing middle names) — so "Donald Trump" and
  "Donald Trump Jr.", "George W. Bush" and "George H. W. Bush", "Melania Trump" and "Donald Trump" stay apart;
* a bare surname ("Trump", "Mr. Trump", "President Trump") goes to the most *salient* person of that
  surname in the article — the one the article titles, names most and names first (who it is about) — not
  the most recent one; an honorific's gender ("Mrs.", "Mr.") rules out people of the other gender;
  a first name alone ("Melania") goes to the one person of the article with that first name;
* a name's fragment ("Jong Un" in "Kim Jong Un") joins the one full name holding it;
* an acronym joins the one multi-word organisation of the article whose initials it is ("DNC",
  "Democratic National Committee"), or the one defined in parentheses.

**Across articles** a group joins a stored entity when:

* it names the same known political actor (:mod:`newsweave.actorkb`: "Vladimir Vladimirovich Putin" and
  "Putin" are aliases of one Phoenix record; "Bill Clinton" and "William Jefferson Clinton" of one US
  official) — the knowledge base is evidence about *names*, used only when the name matches exactly one
  known actor;
* a full name matches exactly one stored person with a compatible name (and no other known actor); several
  compatible people (a "George Bush" when both Presidents Bush are stored) leave it unresolved;
* a bare surname matches exactly one stored person of that surname who is not a namesake's son
  (a suffixed name is never the referent of a bare surname); among several, the one the knowledge base
  says held office near the article's date, when exactly one did; otherwise it stays an unresolved
  surname entity.

Organisation aliases come from the gazetteer table ("the Atlantic Alliance" → NATO).  Known actors give the
entity its canonical English name ("Vladimir Putin"), its gender and its affiliations over time.  Without
one, a person's canonical name is the fullest, most often written form, preferring the plain-Latin
spelling English-language news uses over accented transliterations from other languages ("Maria
Zakharova" over "María Zajárova").
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import replace
from typing import TYPE_CHECKING

from rapidfuzz.distance import Levenshtein

from .article_groups import Group as _Group
from .article_groups import article_groups
from .entity_state import EntityIndex, EntityState, NoEntities, description, surface
from .gazetteer import Gazetteer, fold
from .lexicon import OFFICE_TITLES
from .model import (
    Affiliation,
    Analysis,
    Article,
    Citation,
    Entity,
    MentionForm,
    MentionKind,
    content_id,
)
from .names import (
    FUZZY_NAME_SIMILARITY,
    PersonName,
    compatible,
    name_suffix,
    name_words,
    same_surname,
    skeleton,
    surname_lengths,
)
from .store_entities import EntityUpdate

if TYPE_CHECKING:
    from .actorkb import ActorKB, KnownActor

NAME_KINDS = (MentionKind.PERSON, MentionKind.PLACE, MentionKind.ORGANIZATION)
FIRST_NAME_EVIDENCE = 2
"""How many known people of one gender (and none of the other) must bear a first name for it to tell gender."""
OFFICE_WINDOW_YEARS = 4
"""A known actor "held office near" an article's date when a role of theirs comes within this many years."""


class Linker:
    """Links the mentions of new articles to canonical entities, keeping an index across calls.

    What was linked before is read from ``index`` (the store) only as far as the new mentions reach: the
    entities of their keys, of their first words and of their surnames; everything linked here is kept in
    memory, and :meth:`updates` says what to write back."""

    def __init__(self, gazetteer: Gazetteer, kb: ActorKB | None = None, index: EntityIndex | None = None) -> None:
        self.gazetteer = gazetteer
        self.kb = kb
        self.index: EntityIndex = index if index is not None else NoEntities()
        self.entities: dict[str, EntityState] = {}  # the entities read from the index or made here
        self.by_key: dict[str, str | None] = {}  # keys looked up in the index (None: unknown) or made here
        self.by_surname: dict[str, set[str]] = defaultdict(set)  # surnames given here
        self._surname_blocks: dict[tuple[str, int], set[str]] = defaultdict(set)  # (initial, length) → surnames
        self.by_first: dict[str, set[str]] = defaultdict(set)  # first word → multi-word "n:" keys made here
        self.touched: set[str] = set()
        self._new_keys: dict[str, list[str]] = defaultdict(list)  # entity → keys made here
        self._stored_first: dict[str, list[str]] = {}
        self._stored_surnames: dict[str, list[tuple[str, str]]] = {}
        self._first_genders: dict[str, str] | None = None

    # -- the index, read as far as the new mentions reach ------------------------------------------------------

    def _key(self, key: str) -> str | None:
        """The entity a key leads to (looked up in the index once)."""
        if key not in self.by_key:
            self.by_key[key] = self.index.entity_keys([key]).get(key)
        return self.by_key[key]

    def _prefetch_keys(self, keys: Iterable[str]) -> None:
        wanted = [k for k in dict.fromkeys(keys) if k not in self.by_key]
        found = self.index.entity_keys(wanted)
        for k in wanted:
            self.by_key[k] = found.get(k)

    def _state(self, entity_id: str) -> EntityState | None:
        """An entity's state (read from the index the first time)."""
        st = self.entities.get(entity_id)
        if st is None:
            self._load([entity_id])
            st = self.entities.get(entity_id)
        return st

    def _get(self, entity_id: str) -> EntityState:
        st = self._state(entity_id)
        assert st is not None, f"the index names an entity {entity_id!r} it does not hold"
        return st

    def _load(self, ids: Iterable[str]) -> None:
        wanted = [i for i in ids if i not in self.entities]
        for entity_id, (entity, state) in self.index.entity_states(wanted).items():
            self.entities[entity_id] = EntityState.from_entity(entity, state)

    def _keys_with_first(self, first: str) -> set[str]:
        """The multi-word name keys whose first word is ``first``."""
        if first not in self._stored_first:
            self._stored_first[first] = self.index.keys_starting(f"n:{first} ")
        return set(self._stored_first[first]) | self.by_first.get(first, set())

    def updates(self) -> list[EntityUpdate]:
        """What was linked since the last call, entity by entity: summary, new citations, new keys."""
        out = [EntityUpdate(self.entities[i].update(), self.entities[i].to_state(), tuple(self._new_keys.pop(i, ())))
               for i in sorted(self.touched)]
        self.touched = set()
        return out

    # -- linking --------------------------------------------------------------------------------

    def entity_named(self, name: str) -> str | None:
        """The entity known by exactly this name (folded), if any: "Russia" → the Russia entity."""
        return self._key("n:" + fold(name))

    def link(self, pairs: Sequence[tuple[Article, Analysis]]) -> list[Analysis]:
        """Set ``entity`` on every mention of ``pairs``; articles whose names are given in full go first,
        so that a bare surname elsewhere finds its person."""
        groups_of = [article_groups(article, analysis, self.gazetteer, self._known_gender, self._in_office)
                     for article, analysis in pairs]
        self._prefetch_keys(g.key for groups in groups_of for g in groups)
        assigned: list[dict[int, str]] = [{} for _ in pairs]
        here: list[set[str]] = [set() for _ in pairs]  # the entities each article's other groups went to
        for late in (False, True):
            for n, ((article, analysis), groups) in enumerate(zip(pairs, groups_of, strict=True)):
                for g in groups:
                    if _late(g) != late:
                        continue
                    entity = self._resolve(g, article.published, here[n])
                    here[n].add(entity.id)
                    self._record(entity, g, article, analysis)
                    for i in g.members:
                        assigned[n][i] = entity.id
        out = []
        for (_, analysis), ids in zip(pairs, assigned, strict=True):
            mentions = tuple(replace(m, entity=ids.get(i)) if ids.get(i) != m.entity else m
                             for i, m in enumerate(analysis.mentions))
            out.append(replace(analysis, mentions=mentions))
        return out

    def _in_office(self, surname: str, date: str | None) -> frozenset[str]:
        """The folded names of the one known person of a surname who held a dated role near ``date``, if
        exactly one did (nothing when the date is unknown)."""
        if self.kb is None or not date:
            return frozenset()
        live = [a for a in self.kb.by_surname(surname) if a.kind == "person" and _near(a, date)]
        if len(live) != 1:
            return frozenset()
        return frozenset(" ".join(name_words(n)) for n in (live[0].name, *live[0].aliases))

    def _known_gender(self, surface: str) -> str | None:
        """A full name's gender by world knowledge: the one known actor of that name, else its first name when
        at least :data:`FIRST_NAME_EVIDENCE` known people bear it and all have one gender ("Bill")."""
        if self.kb is None:
            return None
        words = name_words(surface)
        found = {a.gender for a in self.kb.lookup(" ".join(words)) if a.kind == "person"}
        if len(found) == 1:
            return found.pop()
        if self._first_genders is None:
            tally: dict[str, Counter[str]] = defaultdict(Counter)
            for actor in self.kb:
                if actor.kind == "person" and actor.gender:
                    tally[fold(actor.name).split()[0]][actor.gender] += 1
            self._first_genders = {first: c.most_common(1)[0][0] for first, c in tally.items()
                                   if len(c) == 1 and sum(c.values()) >= FIRST_NAME_EVIDENCE}
        return self._first_genders.get(words[0]) if len(words) >= 2 else None

    def _resolve(self, g: _Group, date: str | None, here: set[str]) -> EntityState:
        if g.person and g.names:
            return self._resolve_person(g)
        if g.person and g.bare is not None:
            found = self._resolve_bare(g, date, here)
            if found is not None:
                return found
        elif g.key.startswith("n:") and g.preferred is None and g.kind in NAME_KINDS:
            words = g.key[2:].split()
            if len(words) == 1:
                people = self._people_named(words[0])
                if len(people) == 1 and self._key(g.key) is None and not self._get(people[0]).suffix:
                    return self._get(people[0])  # "Ignatov" labelled an organisation in another article
            elif self._key(g.key) is None:
                found = self._person(PersonName(tuple(skeleton(w) for w in words[:-1]), skeleton(words[-1])))
                if found is not None:
                    return found  # "Hugh Jackman" labelled an organisation here, a person elsewhere
        existing = self._key(g.key) or self._fuzzy_key(g)
        if existing is not None:
            return self._get(existing)
        return self._new(g.key)

    def _resolve_person(self, g: _Group) -> EntityState:
        known = self._known(g)
        if known is not None and (by_kb := self._key("k:" + known.id)) is not None:
            return self._get(by_kb)
        exact = self._key(g.key)
        if exact is not None and self._fits(self._get(exact), g, known):
            return self._get(exact)
        candidates = [st for st in self._candidates(g.names) if self._fits(st, g, known)]
        if len(candidates) == 1:
            st = candidates[0]
        else:
            labelled_otherwise = self._key("n:" + " ".join(g.names[0].words))  # tagged an organisation
            if labelled_otherwise is not None and self._get(labelled_otherwise).preferred is None \
                    and self._get(labelled_otherwise).last is None:
                st = self._get(labelled_otherwise)
            else:
                st = self._new(g.key)
            st.last = g.names[0].last
            st.suffix = g.names[0].suffix
            self._add_surname(st.last, st.id)
        if known is not None and st.kb is None:
            self._attach(st, known)
        return st

    def _fits(self, st: EntityState, g: _Group, known: KnownActor | None) -> bool:
        """Whether a stored person may be the person of a group: every name compatible both ways, the same
        known actor if both have one, no gender conflict."""
        if known is not None and st.kb is not None and st.kb != known.id:
            return False
        if g.gender and st.gender and g.gender != st.gender:
            return False
        names = st.person_names()
        return all(compatible(a, b) for a in g.names for b in names)

    def _candidates(self, names: Sequence[PersonName]) -> list[EntityState]:
        return [self._get(i) for i in self._people_named(names[0].last)]

    def _known(self, g: _Group) -> KnownActor | None:
        """The one known political actor a group's full names name, if exactly one."""
        if self.kb is None:
            return None
        found: dict[str, KnownActor] = {}
        for written in g.surfaces:
            words = name_words(written)
            suffix = name_suffix(written)
            for actor in self.kb.lookup(" ".join([*words, suffix] if suffix else words)):
                if actor.kind == "person":
                    found[actor.id] = actor
        return next(iter(found.values())) if len(found) == 1 else None

    def _resolve_bare(self, g: _Group, date: str | None, here: set[str]) -> EntityState | None:
        """A bare surname its article did not give to a person it names in full: the one stored person it can
        be (not one its own article kept it apart from; same suffix; no gender or title against it), or None."""
        assert g.bare is not None
        people = [self._get(i) for i in self._people_named(g.bare.last) if i not in here]
        people = [st for st in people if st.last is not None
                  and not (g.gender and st.gender and g.gender != st.gender)
                  and not _titles_conflict(g.title_words, st)]
        known = [a for a in self.kb.by_surname(name_words(g.surfaces[0])[-1]) if a.kind == "person"] \
            if self.kb is not None and g.surfaces else []
        live = {a.id for a in known if _near(a, date)}
        # a "Jr." has a namesake father by definition: across reports a bare surname never settles on him
        people = [st for st in people if st.suffix == g.bare.suffix]
        if len(people) == 1:
            # a dated report, and a known namesake held office then who is not this person: not unambiguous
            return None if date and live - {people[0].kb} else people[0]
        chosen = [st for st in people if st.kb in live]
        return chosen[0] if len(chosen) == 1 else None

    def _person(self, name: PersonName) -> EntityState | None:
        """The one known person a full name names: same surname, compatible names."""
        found = [st for st in (self._get(i) for i in self._people_named(name.last))
                 if all(compatible(name, n) for n in st.person_names())]
        return found[0] if len(found) == 1 else None

    def _fuzzy_key(self, g: _Group) -> str | None:
        """An entity known under a near-identical multi-word name ("Promises Treatment Centre" / "Center")."""
        if not g.key.startswith("n:") or g.preferred is not None or " " not in g.key:
            return None
        first = g.key[2:].split()[0]
        for key in sorted(self._keys_with_first(first)):
            if key != g.key and Levenshtein.normalized_similarity(key, g.key) >= FUZZY_NAME_SIMILARITY:
                return self._key(key)
        return None

    def _people_named(self, surname: str) -> list[str]:
        """The people whose surname is ``surname`` by :func:`~newsweave.names.same_surname`: those given here,
        and those of the index it blocks on (same initial, a length that can be close enough)."""
        shortest, longest = surname_lengths(surname)
        if surname not in self._stored_surnames:
            self._stored_surnames[surname] = self.index.surnames(surname[:1], shortest, longest)
        found = {entity for last, entity in self._stored_surnames[surname] if same_surname(last, surname)}
        for size in range(shortest, longest + 1):
            for last in self._surname_blocks.get((surname[:1], size), ()):
                if same_surname(last, surname):
                    found |= self.by_surname[last]
        self._load(found)  # their states in one read (the callers weigh each of them)
        return sorted(found)

    def _add_surname(self, last: str, entity_id: str) -> None:
        self.by_surname[last].add(entity_id)
        self._surname_blocks[(last[:1], len(last))].add(last)

    def _index_key(self, key: str, entity_id: str) -> None:
        if self._key(key) is None:
            self.by_key[key] = entity_id
            self._new_keys[entity_id].append(key)
            if key.startswith("n:") and " " in key:
                self.by_first[key[2:].split()[0]].add(key)

    def _new(self, key: str) -> EntityState:
        st = EntityState(content_id("n", key))
        while self._state(st.id) is not None:  # the same key once resolved elsewhere: keep ids distinct
            st = EntityState(content_id("n", key, st.id))
        self.entities[st.id] = st
        self._index_key(key, st.id)
        return st

    def _attach(self, st: EntityState, known: KnownActor) -> None:
        """Give an entity what the knowledge base knows of its actor: id, English name, gender, roles."""
        st.kb = known.id
        st.preferred = known.name
        st.gender = st.gender or known.gender
        st.affiliations = tuple(Affiliation(r.code, r.country, r.sector, r.start, r.end, known.source or "kb")
                                for r in known.roles)
        self._index_key("k:" + known.id, st.id)

    def _record(self, st: EntityState, g: _Group, article: Article, analysis: Analysis) -> None:
        text = article.text
        self.touched.add(st.id)
        self._index_key(g.key, st.id)
        if g.preferred:
            st.preferred = st.preferred or g.preferred
        st.gender = st.gender or g.gender
        for name in g.names:
            st.names.add(name.key)
        for i in g.members:
            m = analysis.mentions[i]
            st.mentions.append(Citation(article.id, m.start, m.end))
            if m.form is MentionForm.DESCRIPTION:
                st.descriptions[description(text[m.start:m.end])] += 1
            if m.form is not MentionForm.NAME:
                continue
            st.kinds[m.kind.value] += 1
            if m.stands_for is None:
                st.forms[surface(text[m.start:m.end])] += 1
            for r in m.roles:
                title = " ".join(text[r.start:r.end].split())
                st.titles.setdefault(title, []).append(Citation(article.id, r.start, r.end))

    def all(self) -> list[Entity]:
        """Every entity linked by this linker (with an index, only the citations linked here)."""
        entities = [st.entity() for st in self.entities.values() if st.mentions]
        entities.sort(key=lambda e: (-len(e.mentions), e.name))
        return entities


def _late(g: _Group) -> bool:
    """Bare surnames, and one-word names with no gazetteer entry, link after the full names."""
    if g.person:
        return not g.names
    return g.key.startswith("n:") and " " not in g.key[2:] and g.preferred is None


def _titles_conflict(words: set[str], st: EntityState) -> bool:
    """Whether a bare surname's title is one the stored person is never given, while they have titles
    ("President Obama" against a person only ever called first lady)."""
    if not words:
        return False
    theirs = {w for title in st.titles for w in re.findall(r"[a-z]+", title.lower())} & OFFICE_TITLES
    return bool(theirs) and not words & theirs


def _near(actor: KnownActor, date: str | None) -> bool:
    """Whether a known actor held a dated role within :data:`OFFICE_WINDOW_YEARS` of an ISO date (any actor
    when the date is unknown)."""
    if date is None or len(date) < 4 or not date[:4].isdigit():
        return True
    year = int(date[:4])
    for role in actor.roles:
        if role.start is None and role.end is None:
            continue  # an undated role says nothing about when
        start = int(role.start[:4]) if role.start else -9999
        end = int(role.end[:4]) if role.end else 9999
        if start - OFFICE_WINDOW_YEARS <= year <= end + OFFICE_WINDOW_YEARS:
            return True
    return False


def canonicalize(pairs: Sequence[tuple[Article, Analysis]], gazetteer: Gazetteer,
                 kb: ActorKB | None = None) -> tuple[list[Entity], list[Analysis]]:
    """Group every mention of ``pairs`` into entities in one go; return them and the linked analyses."""
    linker = Linker(gazetteer, kb)
    analyses = linker.link(pairs)
    return linker.all(), analyses
