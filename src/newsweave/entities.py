"""Entities: mentions across articles → one canonical entity per real-world participant.

Two steps, as everywhere in newsweave: within an article (:mod:`.mentions`, run by ``analyze`` with the parse
at hand) and across articles (:mod:`.linker`, with the store's index).  Names are compared by
:mod:`.names`; political actors are known through :mod:`.actorkb`.  This module names the actors of coded
actions (who acts for whom) from those mentions.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import replace

from .entity_state import surface as _surface
from .gazetteer import Gazetteer
from .linker import Linker, canonicalize
from .mentions import enrich_mentions
from .model import Action, ActorRef, Analysis, Mention, MentionForm, MentionKind
from .names import compatible, compatible_first, name_words, similar, skeleton

__all__ = ["Linker", "actor_mention", "canonicalize", "compatible", "compatible_first", "enrich_mentions",
           "link_actors", "name_actors", "name_words", "similar", "skeleton"]


# ---------------------------------------------------------------------------------------------- actors


def actor_mention(mentions: Sequence[Mention], ref: ActorRef) -> int | None:
    """The mention that names an action's actor: within the actor's words, a person first ("Russian
    Deputy Foreign Minister Alexander Grushko"), else the first name ("Russia and China", "NATO allies");
    a pronoun or description stands for the name it refers to."""
    inside = [i for i, m in enumerate(mentions) if ref.start <= m.start and m.end <= ref.end]
    if not inside:
        inside = [i for i, m in enumerate(mentions) if m.start < ref.end and ref.start < m.end]
    if not inside:
        return None
    inside.sort(key=lambda i: mentions[i].start)
    pick = next((i for i in inside if mentions[i].kind is MentionKind.PERSON), inside[0])
    m = mentions[pick]
    if m.form is not MentionForm.NAME:
        ref_to = m.refers_to
        return ref_to if ref_to is not None and 0 <= ref_to < len(mentions) else None
    return pick


def _actor_name(text: str, m: Mention, gazetteer: Gazetteer) -> str:
    if m.stands_for is not None:
        return m.stands_for
    surface = _surface(text[m.start:m.end])
    if m.kind is MentionKind.GROUP:
        return gazetteer.demonym(surface) or surface
    if m.kind in (MentionKind.PLACE, MentionKind.ORGANIZATION):  # an actor here, wherever it stands ("Moscow's calls")
        return gazetteer.actor_country(surface) or surface
    return surface


def _affiliation(text: str, person: Mention, mentions: Sequence[Mention], gazetteer: Gazetteer) -> str | None:
    """The country or organisation a person's title here says they act for: "Russian Deputy Foreign Minister"
    → Russia, "NATO Secretary General" → NATO, "US Deputy Secretary of State" → United States."""
    if person.kind is not MentionKind.PERSON:
        return None
    for role in person.roles:
        for m in mentions:
            if role.start <= m.start and m.end <= role.end and m.form is MentionForm.NAME and m.kind in (
                    MentionKind.GROUP, MentionKind.PLACE, MentionKind.ORGANIZATION):
                surface = _surface(text[m.start:m.end])
                return gazetteer.country(surface) or gazetteer.organisation(surface) or _actor_name(text, m, gazetteer)
    return None


def name_actors(text: str, mentions: Sequence[Mention], actions: Iterable[Action],
                gazetteer: Gazetteer) -> tuple[Action, ...]:
    """Give each action's actors the name they stand for in the article: the named antecedent of a pronoun,
    the country of an acting capital or seat ("Moscow"), of a nationality ("Russian negotiators")."""
    def named(ref: ActorRef, m: Mention) -> ActorRef:
        return replace(ref, name=_actor_name(text, m, gazetteer),
                       affiliation=_affiliation(text, m, mentions, gazetteer))
    return _map_actors(actions, mentions, named)


def link_actors(analysis: Analysis, entity_named: Callable[[str], str | None]) -> Analysis:
    """Set each actor's ``entity`` (after entities are canonicalised): the entity of the mention that names
    it, or, for a nationality, the country's entity (``entity_named``)."""
    if not analysis.actions:
        return analysis

    def linked(ref: ActorRef, m: Mention) -> ActorRef:
        entity = m.entity
        if m.kind in (MentionKind.GROUP, MentionKind.PLACE, MentionKind.ORGANIZATION) and ref.name:
            entity = entity_named(ref.name) or entity  # the country a nationality or a capital stands for
        return replace(ref, entity=entity) if entity != ref.entity else ref
    return replace(analysis, actions=_map_actors(analysis.actions, analysis.mentions, linked))


def _map_actors(actions: Iterable[Action], mentions: Sequence[Mention],
                change: Callable[[ActorRef, Mention], ActorRef]) -> tuple[Action, ...]:
    """Each action with its source and target changed by ``change`` (given the mention naming them); actors
    that no mention names are kept as they are."""
    def one(ref: ActorRef | None) -> ActorRef | None:
        if ref is None:
            return None
        i = actor_mention(mentions, ref)
        return ref if i is None else change(ref, mentions[i])
    return tuple(replace(a, source=one(a.source), target=one(a.target)) for a in actions)
