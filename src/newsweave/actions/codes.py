"""CAMEO actor codes (country + sector) for the actors of coded actions, from the actor knowledge base.

For an actor's words (a pronoun already replaced by the name it refers to), in order:

1. **A known actor by name** (:meth:`~newsweave.actorkb.ActorKB.lookup`): the longest named entity within
   the words, then the whole phrase, then its proper-noun run — "Vladimir Putin" → RUSGOV on the report's
   date (:meth:`~newsweave.actorkb.KnownActor.code_at`), "NATO" → IGOWSTNAT, "Hamas" → PSEREBHMS,
   "Moscow" → RUS.  A person known only by a surname is taken when the knowledge base has exactly one
   person of that surname.
2. **A country and an agent**: a nationality or country among the words ("Hungarian officials", "Serb
   forces"; a demonym the knowledge base lacks goes through the gazetteer) gives the country; the head noun's
   Phoenix agent code gives the sector ("police" → COP, "troops" → MIL, "rebels" → REB) — "Iranian police"
   → IRNCOP; an agent whose code goes in front ("IGO~") is put before the country.  When the head has no agent
   code, a title among the words gives it ("Russian Deputy Foreign *Minister* Alexander Grushko" → RUSGOV).
3. **An agent alone**: "police" → COP, "protesters" → OPP (no country said).

Codes split into PLOVER's ``code`` (country or international type: USA, IGO) and ``sector`` (GOV, MIL …) with
:func:`split_code`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from ..actorkb import COUNTRY_CODES, INTERNATIONAL, SECTORS, ActorKB, KnownActor, default_kb

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

NAME_LABELS = frozenset({"PERSON", "ORG", "GPE", "NORP", "LOC", "FAC"})


def split_code(code: str | None) -> tuple[str | None, str | None]:
    """A CAMEO actor code → (country or international type, first sector block): "RUSGOV" → (RUS, GOV),
    "IGOWSTNAT" → (IGO, None), "USA" → (USA, None), "COP" → (None, COP); a country block followed by another
    (Phoenix's "SCGSRB") names the second, the constituent country: (SRB, None)."""
    if not code:
        return None, None
    head = code[:3]
    if head in COUNTRY_CODES and code[3:6] in COUNTRY_CODES:  # "SCGSRB": Serbia within Serbia and Montenegro
        return split_code(code[3:])
    if head in COUNTRY_CODES or head in INTERNATIONAL:
        rest = code[3:6]
        return head, rest if rest in SECTORS - INTERNATIONAL else None
    return None, head if head in SECTORS else None


class ActorCoder:
    """Gives actor words their CAMEO code (see the module docstring).  Build once and share."""

    def __init__(self, kb: ActorKB | None = None, demonym: Callable[[str], str | None] | None = None) -> None:
        self._kb = kb
        self.demonym = demonym

    @property
    def kb(self) -> ActorKB:
        if self._kb is None:
            self._kb = default_kb()
        return self._kb

    def code(self, doc: Doc, start: int, end: int, date: str | None = None) -> str | None:
        """The CAMEO code of the actor named by ``doc.text[start:end]``, None when nothing says it."""
        # _known answers a full code, or "XXX~" for a known actor with no role on the date: its country only
        span = doc.char_span(start, end, alignment_mode="expand")
        if span is None or not len(span):
            return None
        tokens = [t for t in span if not t.is_punct and t.lower_ not in ("the", "a", "an", "'s", "’s")]
        if not tokens:
            return None
        known = self._known(doc, tokens, date)
        if known is not None and not known.endswith("~"):
            return known
        head = next((t for t in reversed(tokens) if t.pos_ in ("NOUN", "PROPN")), tokens[-1])
        agent = self.kb.agent(head.lower_) or self.kb.agent(head.lemma_.lower())
        if agent is None:  # a person's title says the sector: "Russian Deputy Foreign *Minister* Alexander Grushko"
            title = next((t for t in reversed(tokens) if t.i != head.i and t.pos_ in ("NOUN", "PROPN")
                          and (self.kb.agent(t.lower_) or self.kb.agent(t.lemma_.lower()))), None)
            if title is not None:
                head = title
                agent = self.kb.agent(title.lower_) or self.kb.agent(title.lemma_.lower())
        country = known.rstrip("~") if known else self._country(tokens, head) or self._located(span.root)
        if country and agent:
            return agent + country if self.kb.agent_prefixes(head.lower_) else country + agent
        return country or agent

    def _known(self, doc: Doc, tokens: list[Token], date: str | None) -> str | None:
        first, last = tokens[0].i, tokens[-1].i
        names = sorted((e for e in doc.ents if e.label_ in NAME_LABELS and first <= e.start and e.end - 1 <= last),
                       key=lambda e: -(e.end - e.start))
        phrases = [_clean(e.text) for e in names if e.label_ != "NORP"]
        phrases.append(_clean(doc[first:last + 1].text))
        proper = [t for t in tokens if t.pos_ == "PROPN"]
        if proper:
            phrases.append(_clean(doc[proper[0].i:proper[-1].i + 1].text))
        found = next((a for a in map(self._one, map(self.kb.lookup, phrases)) if a is not None), None)
        people = [e for e in names if e.label_ == "PERSON"]
        if found is None and people:
            surname = _clean(people[0].text).split()[-1]
            found = self._one([a for a in self.kb.by_surname(surname) if a.kind == "person"])
        if found is None:
            return None
        code = found.code_at(date)
        if code is None:  # no role in force then: the one country all its roles share, to be given a sector
            countries = {split_code(r.code)[0] for r in found.roles}
            return f"{countries.pop()}~" if len(countries) == 1 and None not in countries else None
        return code

    def _located(self, head: Token) -> str | None:
        """The country of a place the actor noun is said to be in or of: "rebels *in the Ivory Coast*", "workers
        of the United Bus Company *of Tehran*", "militias *in Tripoli*"."""
        for prep in (c for c in head.children if c.dep_ == "prep" and c.lower_ in ("in", "of", "from")):
            inside = {t.i for t in prep.subtree}
            for ent in head.doc.ents:
                if ent.label_ == "GPE" and ent.start in inside:
                    found = self._one([a for a in self.kb.lookup(_clean(ent.text)) if a.kind == "country"])
                    code = found.code_at(None) if found is not None else None
                    if code:
                        return split_code(code)[0]
        return None

    def _country(self, tokens: list[Token], head: Token) -> str | None:
        for tok in tokens:
            if tok.i == head.i and tok.pos_ != "PROPN":
                continue
            if tok.ent_type_ not in ("NORP", "GPE") and tok.pos_ not in ("PROPN", "ADJ"):
                continue
            found = self._one([a for a in self.kb.lookup(tok.text) if a.kind == "country"])
            if found is None and self.demonym is not None:
                country = self.demonym(tok.text)
                found = self._one([a for a in self.kb.lookup(country) if a.kind == "country"]) if country else None
            if found is not None:
                code = found.code_at(None)
                return code[:3] if code else None
        return None

    @staticmethod
    def _one(actors: tuple[KnownActor, ...] | list[KnownActor]) -> KnownActor | None:
        """The actor when the name is unambiguous: one actor, or several that agree on one code."""
        if not actors:
            return None
        codes = {a.code_at(None) for a in actors}
        return actors[0] if len(actors) == 1 or len(codes) == 1 else None


def _clean(text: str) -> str:
    text = " ".join(text.split())
    for suffix in ("'s", "’s", "'", "’"):
        if text.endswith(suffix):
            text = text[: -len(suffix)]
    return text.removeprefix("the ").removeprefix("The ")
