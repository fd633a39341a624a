"""What the linker knows of one entity, and where it reads the entities linked before.

:class:`EntityState` is an entity while it is being linked: the counts its name and kind are voted from, the
person names it was given, and the citations linked to it — in a run over a store, only the new ones (the store
keeps the rest, :mod:`newsweave.store_entities`).  :class:`EntityIndex` is what the linker asks of the store;
:class:`NoEntities` is an index with nothing in it (linking a corpus in one go).
"""

from __future__ import annotations

import unicodedata
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from typing import Protocol

from .gazetteer import fold
from .model import Affiliation, Citation, Entity, LinkState, MentionKind, Title
from .names import PersonName, skeleton


class EntityIndex(Protocol):
    """The entities linked before, as the linker reads them: by key, by a key's first word, by surname, and the
    summaries of the few it touches.  :class:`~newsweave.store.Store` answers it through its indexes; a linker
    without one starts from nothing (:func:`newsweave.linker.canonicalize`)."""

    def entity_keys(self, keys: Iterable[str]) -> dict[str, str]:
        """key → the entity it leads to, for the keys known."""
        ...

    def keys_starting(self, prefix: str) -> list[str]:
        """The known keys that begin with ``prefix``."""
        ...

    def surnames(self, initial: str, shortest: int, longest: int) -> list[tuple[str, str]]:
        """(surname, entity) of the people whose surname begins with ``initial`` and has ``shortest`` to
        ``longest`` characters."""
        ...

    def entity_states(self, ids: Iterable[str]) -> dict[str, tuple[Entity, LinkState]]:
        """Summaries (citations left out, every title text kept) and linker states of the known ``ids``."""
        ...


class NoEntities:
    """An empty :class:`EntityIndex`: nothing linked before."""

    def entity_keys(self, keys: Iterable[str]) -> dict[str, str]:
        return {}

    def keys_starting(self, prefix: str) -> list[str]:
        return []

    def surnames(self, initial: str, shortest: int, longest: int) -> list[tuple[str, str]]:
        return []

    def entity_states(self, ids: Iterable[str]) -> dict[str, tuple[Entity, LinkState]]:
        return {}


@dataclass(slots=True)
class EntityState:
    """An entity being linked (see the module docstring)."""

    id: str
    kinds: Counter[str] = field(default_factory=Counter)
    forms: Counter[str] = field(default_factory=Counter)
    mentions: list[Citation] = field(default_factory=list)
    titles: dict[str, list[Citation]] = field(default_factory=dict)
    names: set[str] = field(default_factory=set)  # PersonName keys of a person's full names
    last: str | None = None  # surname skeleton of a person named in full
    suffix: str = ""
    preferred: str | None = None  # the gazetteer's or the knowledge base's canonical name
    descriptions: Counter[str] = field(default_factory=Counter)  # "the allied military organization"
    gender: str | None = None
    kb: str | None = None
    affiliations: tuple[Affiliation, ...] = ()
    saved: int = 0  # how many of ``mentions`` the index holds already
    saved_titles: dict[str, int] = field(default_factory=dict)  # and of each title's citations

    def kind(self) -> MentionKind:
        if self.last is not None:
            return MentionKind.PERSON  # named in full as a person somewhere, whatever the labels of its surname
        return MentionKind(self.kinds.most_common(1)[0][0]) if self.kinds else MentionKind.OTHER

    def person_names(self) -> list[PersonName]:
        return [PersonName.from_key(n) for n in sorted(self.names)]

    def entity(self) -> Entity:
        name = self.preferred or canonical_name(self.forms, self.kind())
        titles = tuple(Title(text, tuple(cites)) for text, cites in sorted(self.titles.items(),
                                                                             key=lambda kv: (-len(kv[1]), kv[0])))
        aliases = [f for f in self.forms if f != name]
        if self.kind() is not MentionKind.PERSON:  # a person's descriptions are titles, listed there
            seen = {a.lower() for a in aliases} | {name.lower()}
            aliases += [d for d in self.descriptions if d.lower() not in seen]
        aliases = sorted(set(aliases), key=lambda a: (a.lower(), a))
        return Entity(self.id, name, self.kind(), tuple(aliases), tuple(self.mentions), titles, self.kb,
                      self.affiliations)

    def update(self) -> Entity:
        """The record with only the citations the index does not hold yet (every title text), marked saved."""
        entity = self.entity()
        fresh = replace(entity, mentions=tuple(self.mentions[self.saved:]),
                        titles=tuple(Title(t.text, t.citations[self.saved_titles.get(t.text, 0):])
                                     for t in entity.titles))
        self.saved = len(self.mentions)
        self.saved_titles = {text: len(cites) for text, cites in self.titles.items()}
        return fresh

    def to_state(self) -> LinkState:
        return LinkState(dict(self.kinds), dict(self.forms), tuple(sorted(self.names)), self.last, self.suffix,
                         self.preferred, dict(self.descriptions), self.gender)

    @classmethod
    def from_entity(cls, entity: Entity, state: LinkState) -> EntityState:
        return cls(entity.id, Counter(state.kinds), Counter(state.forms), list(entity.mentions),
                   {t.text: list(t.citations) for t in entity.titles}, set(state.names), state.last, state.suffix,
                   state.preferred, Counter(state.descriptions), state.gender, entity.kb, entity.affiliations)


def description(text: str) -> str:
    """A description as an alias: \"the allied military organization\" → \"allied military organization\"."""
    words = " ".join(text.split()).split(" ")
    while words and words[0].lower() in ("the", "this", "that"):
        words = words[1:]
    return " ".join(words)


def surface(text: str) -> str:
    text = " ".join(text.split())
    for suffix in ("'s", "’s"):
        if text.endswith(suffix):
            text = text[: -len(suffix)]
    return text


def canonical_name(forms: Counter[str], kind: MentionKind) -> str:
    """The best-supported full form: for a person, among the forms with the most words, the plain-Latin
    spelling first (English news transliterates without accents), then the most frequent; otherwise the most
    frequent form."""
    if not forms:
        return ""
    if kind is MentionKind.PERSON:
        most_words = max(len(f.split()) for f in forms)
        full = [(f.isascii(), n, f) for f, n in forms.items() if len(f.split()) == most_words]
        best = max(full)[2]
        return best if best.isascii() else _english_spelling(best, forms)
    return max(forms.items(), key=lambda kv: (kv[1], len(kv[0]), kv[0]))[0]


def _english_spelling(name: str, forms: Counter[str]) -> str:
    """An accented transliteration ("María Zajárova") respelled as English-language news spells the person's
    surname where another source does ("Zakharova"), with plain-Latin given names ("Maria Zakharova")."""
    words = name.split()
    last = skeleton(fold(words[-1]))
    english = [f.split()[-1] for f in forms if f.isascii() and skeleton(fold(f.split()[-1])) == last]
    if not english:
        return name
    plain = [unicodedata.normalize("NFKD", w).encode("ascii", "ignore").decode() or w for w in words[:-1]]
    return " ".join([*plain, max(english, key=lambda w: forms[w])])
