"""Who acts and who is acted on: actor noun phrases, recipients, and the per-document lookups behind them.

Every function here reads the dependency parse; the event knowledge it needs is only which nouns name actors
(the additions lexicon's ``actors``) and which are event nouns (``nouns``).  What the rules are is told in the
package docstring (:mod:`newsweave.actions`), each function's docstring says which one it implements.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from ..lexicon import (
    ACTOR_PRONOUNS,
    FIRST_PERSON,
    MEASURES,
    NOUN_TARGET_PREPS,
    OWN_POSSESSIVES,
    PARTITIVES,
    SOURCE_PREPS,
    STATE_HEADS,
    TARGET_PREPS,
)
from ..model import ActorRef, Mention, MentionForm, Span
from .additions import Lexicon
from .plover import ACTOR_KINDS, ACTOR_LABELS, NON_ACTOR_LABELS, OBJECT_DEPS, ON_PLACES, PLACE_LABELS, SUBJECT_DEPS
from .syntax import condition_clause, first_pobj, is_actor_position, np_head, subject_of, verb_preps

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token
    from spacy.tokens import Span as SpacySpan


def source_of(tok: Token) -> Token | None:
    """The actor of a verbal trigger: its subject, the agent of a passive, or the subject it shares."""
    node = tok
    for _ in range(5):
        agent = next((c for c in node.children if c.dep_ == "agent"), None)
        if agent is not None:
            return first_pobj(agent)
        if any(c.dep_ == "nsubjpass" for c in node.children):
            return None
        for c in node.children:
            if c.dep_ == "expl":
                return None
            if c.dep_ in SUBJECT_DEPS:
                if node.dep_ == "relcl" and c.lower_ in ("who", "which", "that"):
                    return node.head
                return c
        if node.dep_ == "relcl":
            return node.head
        if node.dep_ == "acl" and node.head.pos_ == "NOUN" and node.head.head.pos_ == "VERB":
            node = node.head.head
            continue
        if node.dep_ in ("xcomp", "conj", "advcl", "acomp") or (node.dep_ == "ccomp" and node.pos_ == "ADJ"):
            node = node.head
            continue
        if node.dep_ == "aux" or node.pos_ == "ADJ":
            node = node.head
            continue
        return None
    return None


def target_of(tok: Token, lex: Lexicon, skip: Sequence[int] = (), own: bool = False) -> Token | None:
    """The recipient of a verbal trigger.

    ``skip`` holds tokens that are part of the trigger itself ("imposed *sanctions*"); an object the actor
    owns ("withdrew *its* forces", "strengthened *their* troops") is what the actor acts with, not on, and
    counts only when ``own`` is set (a last resort, after the places an action is aimed at).
    """
    def fits(c: Token) -> bool:
        return c.i not in skip and looks_actor(c, lex) and (own or not owned(c))

    passive = next((c for c in tok.children if c.dep_ == "nsubjpass"), None)
    if passive is not None and fits(passive):
        return passive
    for c in tok.children:
        if (c.dep_ in OBJECT_DEPS or c.dep_ == "dative") and fits(c):
            return c
    for c in verb_preps(tok):
        if c.lower_ in TARGET_PREPS:
            pobj = first_pobj(c)
            if pobj is not None and fits(pobj):
                return pobj
    for c in tok.children:  # "rejected Moscow's demands", "an Indian proposal", "calls by Belarus's rulers"
        if c.dep_ in OBJECT_DEPS or c.dep_ == "nsubjpass":
            core = np_core(c)  # "suspended part of a program for Bosnia"
            found = noun_source_plain(core, lex) or noun_target_plain(core, lex)
            if found is not None and found.i not in skip:
                return found
    for c in verb_preps(tok):
        if c.lower_ in ("to", "with", "against", "on"):
            pobj = first_pobj(c)
            if pobj is not None and pobj.pos_ == "NOUN":  # "reneged on his commitment to the Zambian people"
                found = noun_source_plain(pobj, lex) or noun_target_plain(pobj, lex)
                if found is not None:
                    return found
    return None


def owned(tok: Token) -> bool:
    """Whether a noun is the actor's own: "its forces", "their ambassador"."""
    return any(c.dep_ == "poss" and c.lower_ in OWN_POSSESSIVES for c in tok.children)


def np_core(noun: Token) -> Token:
    """What a quantity or part of something is of: "25,000 tons of aid" → aid, "part of a program" → program."""
    for _ in range(2):
        of = next((c for c in noun.children if c.dep_ == "prep" and c.lower_ == "of"), None)
        pobj = first_pobj(of) if of is not None else None
        measure = noun.lemma_.lower() in PARTITIVES or noun.lemma_.lower() in MEASURES or any(
            c.dep_ == "nummod" for c in noun.children) or noun.ent_type_ in ("QUANTITY", "MONEY", "CARDINAL")
        if pobj is None or not measure or pobj.pos_ not in ("NOUN", "PROPN"):
            return noun
        noun = pobj
    return noun


def recipient_of(tok: Token, kind: str, lex: Lexicon, skip: Sequence[int] = ()) -> Token | None:
    """The recipient of a verbal trigger, then the place a material action is aimed at, then an owned object."""
    found = target_of(tok, lex, skip)
    if found is None and kind in ON_PLACES:
        found = place_target(tok)
    return found if found is not None else target_of(tok, lex, skip, own=True)


def place_target(tok: Token) -> Token | None:
    """A material action on a place: "lifted a curfew in Montenegro", "suspended aid in Baghdad"."""
    holders = [tok, *(c for c in tok.children if c.dep_ in OBJECT_DEPS)]
    for holder in holders:
        for c in holder.children:
            if c.dep_ == "prep" and c.lower_ == "in":
                pobj = first_pobj(c)
                if pobj is not None and pobj.ent_type_ in ("GPE", "LOC"):
                    return pobj
    return None


def noun_source_plain(noun: Token, lex: Lexicon) -> Token | None:
    for c in noun.children:
        if c.dep_ == "poss" and c.lower_ not in OWN_POSSESSIVES:
            return c
    for c in noun.lefts:
        if c.dep_ in ("amod", "compound", "nmod") and (c.ent_type_ in ACTOR_LABELS or (
                c.dep_ != "amod" and c.lemma_.lower() in lex.actors)):
            return c
    for c in noun.children:
        if c.dep_ == "prep" and c.lower_ in SOURCE_PREPS:
            pobj = first_pobj(c)
            if pobj is not None and looks_actor(pobj, lex):
                return pobj
    for c in noun.children:  # "the demonstration staged by students", "an attack carried out by rebels"
        if c.dep_ == "acl" and c.tag_ == "VBN":
            agent = next((a for a in c.children if a.dep_ == "agent"), None)
            pobj = first_pobj(agent) if agent is not None else None
            if pobj is not None and looks_actor(pobj, lex):
                return pobj
    return None


def noun_target_plain(noun: Token, lex: Lexicon, deep: bool = True) -> Token | None:
    """The recipient of an event noun: "talks with X", "sanctions on X", and one step further, through a
    thing that is not an actor: "suspension of air links with Serbia", "protest against violations by X"
    (whoever did what is protested against), "protest against Sweden's decision"."""
    preps = [c for c in noun.children if c.dep_ == "prep" and c.lower_ in NOUN_TARGET_PREPS]
    for c in preps:
        pobj = first_pobj(c)
        if pobj is not None and looks_actor(pobj, lex) and (c.lower_ != "for" or names_actor(pobj, lex)):
            return pobj
    return noun_target_beyond(noun, lex) if deep else None


def noun_target_beyond(noun: Token, lex: Lexicon) -> Token | None:
    """The recipient one step beyond an event noun's non-actor complement (see :func:`noun_target_plain`)."""
    for c in noun.children:
        if c.dep_ != "prep" or c.lower_ not in NOUN_TARGET_PREPS:
            continue
        pobj = first_pobj(c)
        if pobj is None or pobj.pos_ != "NOUN":
            continue
        if c.lower_ == "of":
            found = noun_target_plain(pobj, lex, deep=False)
        elif c.lower_ in ("against", "over", "at", "on", "to"):
            found = noun_source_plain(pobj, lex)
        else:
            found = None
        if found is not None:
            return found
    return None


def noun_source(noun: Token, ctx: DocContext, lex: Lexicon) -> Token | None:
    return noun_source_plain(noun, lex)


def noun_target(noun: Token, ctx: DocContext, lex: Lexicon) -> Token | None:
    source = noun_source_plain(noun, lex)
    for c in noun.children:
        if c.dep_ == "prep" and c.lower_ in NOUN_TARGET_PREPS:
            pobj = first_pobj(c)
            if pobj is not None and looks_actor(pobj, lex) and (c.lower_ != "of" or source is not None) \
                    and (c.lower_ != "for" or names_actor(pobj, lex)):
                return pobj
    head = noun.head
    if noun.dep_ in OBJECT_DEPS and head.pos_ == "VERB":
        for c in head.children:
            if c.dep_ == "prep" and c.lower_ in TARGET_PREPS:
                pobj = first_pobj(c)
                if pobj is not None and looks_actor(pobj, lex):
                    return pobj
        for c in head.children:
            if c.dep_ == "dative" and looks_actor(c, lex):
                return c
    return noun_target_beyond(noun, lex)


def names_actor(tok: Token, lex: Lexicon) -> bool:
    """Whether the noun itself names an actor ("aid for *Bosnia*", "a camp for *refugees*"), not merely has an
    actor modifier ("demands for *Russian* guarantees")."""
    return tok.ent_type_ in ACTOR_LABELS or tok.lemma_.lower() in lex.actors


def looks_actor(tok: Token, lex: Lexicon) -> bool:
    head = np_head(tok)
    return (head.ent_type_ in ACTOR_LABELS or head.lemma_.lower() in lex.actors
            or head.lower_ in ACTOR_PRONOUNS - {"which", "that", "it"}
            or any(c.ent_type_ in ACTOR_LABELS for c in head.lefts if c.dep_ in ("compound", "amod", "poss", "nmod"))
            or (head.pos_ == "PROPN" and head.ent_type_ not in NON_ACTOR_LABELS | {"FAC"}))


def actor_head(tok: Token, ctx: DocContext, lex: Lexicon) -> Token | None:
    """The token that names the actor: the noun itself, or an actor-like modifier of an event noun."""
    if tok.lemma_.lower() in PARTITIVES:
        of = next((c for c in tok.children if c.dep_ == "prep" and c.lower_ == "of"), None)
        pobj = first_pobj(of) if of is not None else None
        if pobj is not None:
            return actor_head(pobj, ctx, lex)
    if ctx.is_actor(tok, lex) or tok.pos_ == "PROPN":
        return tok
    if tok.pos_ == "NOUN" and tok.lemma_.lower() not in lex.nouns and any(
            c.dep_ in ("amod", "compound", "nmod") and c.ent_type_ in ACTOR_LABELS for c in tok.lefts):
        return tok  # "Radical French farmers", "Palestinian administrators": the people, not their nationality
    if tok.pos_ in ("NOUN", "PROPN", "PRON"):
        for c in tok.lefts:  # "Moscow's demands", "an Indian proposal": the actor behind a thing or an event
            if c.dep_ in ("poss", "compound", "amod", "nmod") and ctx.is_actor(c, lex):
                return c
        return None if tok.pos_ == "PRON" else tok
    return None


def noun_phrase(head: Token) -> tuple[int, int]:
    """The character span of the noun phrase headed by ``head``, without leading articles or a trailing 's.

    A common noun keeps its "of" / "from" complement, which says whose it is: "the deputy chief of Israel's
    militia ally", "the military government of President Avril", "activists from the Fatah Party".
    """
    keep = {head.i}
    stack = [head]
    while stack:
        node = stack.pop()
        for c in node.children:
            pobj = first_pobj(c) if c.dep_ == "prep" and c.lower_ in ("of", "from") else None
            if pobj is not None and pobj.dep_ == "pobj" and pobj.pos_ in ("NOUN", "PROPN") and node.pos_ == "NOUN" \
                    and c.i > node.i and c.i not in keep:
                keep.update((c.i, pobj.i))
                stack.append(pobj)
                continue
            if c.dep_ in ("compound", "amod", "poss", "nmod", "nummod", "flat", "det", "cc", "conj", "case",
                          "quantmod", "advmod") and c.i not in keep:
                if c.dep_ == "conj" and c.pos_ not in ("NOUN", "PROPN", "ADJ"):
                    continue
                if c.dep_ == "advmod" and node.i == head.i:
                    continue
                keep.add(c.i)
                stack.append(c)
    lo, hi = min(keep), max(keep)
    doc = head.doc
    while lo < hi and (doc[lo].lower_ in ("the", "a", "an") or doc[lo].is_punct or doc[lo].dep_ == "cc"):
        lo += 1
    while hi > lo and (doc[hi].lower_ in ("'s", "’s", "'", "’") or doc[hi].is_punct or doc[hi].dep_ == "cc"):
        hi -= 1
    return doc[lo].idx, doc[hi].idx + len(doc[hi].text)


def condition_subject(tok: Token, lex: Lexicon) -> Token | None:
    """The actor a conditional threat is aimed at: "threatened to stop talks *if the United States* goes ahead"."""
    for node in tok.subtree:
        if condition_clause(node):
            subj = subject_of(node)
            consequence = subject_of(node.head)
            if consequence is not None and consequence.lower_ in ("it", "they", "he", "she"):
                continue  # "if Russia felt threatened, it would use military means": the threatener itself
            if subj is not None and looks_actor(subj, lex) and subj.lower_ not in ACTOR_PRONOUNS:
                return subj
    return None


def first_person(doc: Doc, ref: ActorRef) -> bool:
    return doc.text[ref.start:ref.end].strip().lower() in FIRST_PERSON


class DocContext:
    """Per-document lookups: entities and mentions by character offset."""

    def __init__(self, doc: Doc, mentions: Sequence[Mention]) -> None:
        self.doc = doc
        self.mentions = list(mentions)
        self.ent_label: dict[int, str] = {}
        for ent in doc.ents:
            for t in ent:
                self.ent_label[t.i] = ent.label_
        self.mention_at: dict[int, int] = {}
        for k, m in enumerate(self.mentions):
            for t in doc.char_span(m.start, m.end, alignment_mode="expand") or ():
                self.mention_at.setdefault(t.i, k)

    def in_entity(self, tok: Token, labels: frozenset[str]) -> bool:
        return self.ent_label.get(tok.i, "") in labels

    def is_actor(self, tok: Token, lex: Lexicon) -> bool:
        if self.ent_label.get(tok.i) in ACTOR_LABELS:
            return True
        k = self.mention_at.get(tok.i)
        if k is not None and self.mentions[k].kind in ACTOR_KINDS:
            return True
        return tok.lemma_.lower() in lex.actors or tok.lower_ in ACTOR_PRONOUNS - {"which", "that"}

    def is_state(self, tok: Token) -> bool:
        head = np_head(tok)
        return self.ent_label.get(head.i) == "GPE" or head.lemma_.lower() in STATE_HEADS

    def actor(self, tok: Token, lex: Lexicon) -> ActorRef | None:
        head = actor_head(tok, self, lex)
        if head is None:
            return None
        k = self.mention_at.get(head.i)
        if k is not None:
            m = self.mentions[k]
            if m.form is not MentionForm.NAME and m.refers_to is not None and 0 <= m.refers_to < len(self.mentions):
                ref = self.mentions[m.refers_to]
                return ActorRef(ref.start, ref.end)
        start, end = noun_phrase(head)
        if k is not None and self.mentions[k].form is MentionForm.NAME:
            m = self.mentions[k]
            start, end = min(start, m.start), max(end, m.end)
        return ActorRef(start, end)

    def attached(self, anchor: Token, trigger: Token, labels: frozenset[str], sent: SpacySpan,
                 preps: frozenset[str] | None = None) -> Span | None:
        """The first entity with one of ``labels`` in the sentence that hangs off the trigger's clause."""
        for ent in sent.ents:
            if ent.label_ not in labels:
                continue
            node = ent.root
            ok = False
            via_prep: str | None = None
            for _ in range(6):
                head = node.head
                if head.i == node.i:
                    break
                if node.dep_ == "pobj" and head.dep_ == "prep":
                    via_prep = head.lower_
                if head.i in (anchor.i, trigger.i):
                    ok = True
                    break
                if head.pos_ in ("VERB", "AUX") and head.i != anchor.i:
                    break
                node = head
            if not ok:
                continue
            if preps is not None and via_prep not in preps:
                continue
            if labels is PLACE_LABELS and self.ent_label.get(ent.root.i) == "GPE" and is_actor_position(ent.root):
                continue
            return Span(ent.start_char, ent.end_char)
        return None
