"""Clause structure from spaCy's dependency parse: subjects, objects, clause depth, and an action's mode
(negated, hypothetical, future) — the grammar the coder reads, with no event knowledge of its own."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..lexicon import (
    CONDITION_MARKS,
    FUTURE_AUX,
    HYPOTHETICAL_AUX,
    MODAL_ADJECTIVES,
    NEGATORS,
    PREVENTING_VERBS,
    REFUSAL_AUX,
)
from .plover import CLAUSE_DEPS, OBJECT_DEPS, SUBJECT_DEPS

if TYPE_CHECKING:
    from spacy.tokens import Token


def within(tok: Token, root: Token) -> bool:
    return tok.i == root.i or root.is_ancestor(tok)


def depth(tok: Token) -> int:
    """How many clause boundaries lie between the token and its sentence's root."""
    depth = 0
    node = tok
    while node.head.i != node.i:
        if node.dep_ in CLAUSE_DEPS and node.dep_ != "conj":
            depth += 1
        node = node.head
    return depth


def first_pobj(prep: Token) -> Token | None:
    return next((c for c in prep.children if c.dep_ in ("pobj", "pcomp")), None)


def first_pobj_lemma(prep: Token) -> str:
    pobj = first_pobj(prep)
    return pobj.lemma_.lower() if pobj is not None else ""


def objects_of(tok: Token) -> list[Token]:
    objs = [c for c in tok.children if c.dep_ in OBJECT_DEPS or c.dep_ in ("nsubjpass", "attr", "dative")]
    for c in list(objs):
        objs += [x for x in c.conjuncts]
    for prep in (c for c in tok.children if c.dep_ == "prep" and c.lower_ in ("in", "on", "to", "for", "into")):
        objs += [g for g in prep.children if g.dep_ == "pobj"]
    return objs


def object_matches(obj: Token, words: tuple[str, ...]) -> bool:
    if not words:
        return False
    if obj.lemma_.lower() != words[-1] and obj.lower_ != words[-1]:
        # "ended mediation efforts", "cut aid programmes": the event noun modifying a generic head
        before = obj.doc[obj.i - 1] if obj.i > 0 else None
        return len(words) == 1 and before is not None and before.dep_ == "compound" and before.head.i == obj.i \
            and before.lemma_.lower() == words[0] and obj.pos_ == "NOUN"
    mods = {c.lemma_.lower() for c in obj.children} | {c.lower_ for c in obj.children}
    return all(w in mods for w in words[:-1])


def subject_of(verb: Token) -> Token | None:
    for c in verb.children:
        if c.dep_ in SUBJECT_DEPS or c.dep_ == "expl":
            return None if c.dep_ == "expl" else c
    return None


def other_subject(clause: Token, governor: Token) -> bool:
    """Whether the clause has a subject of its own, other than the governing verb's."""
    subj, own = subject_of(clause), subject_of(governor)
    return subj is not None and (own is None or subj.i != own.i)


def agentless_passive(tok: Token) -> bool:
    """"was killed" with no "by …": a passive that names no actor."""
    return any(c.dep_ in ("nsubjpass", "auxpass") for c in tok.children) and not any(
        c.dep_ == "agent" for c in tok.children)


def clause_verb(tok: Token) -> Token | None:
    node = tok
    for _ in range(8):
        if node.pos_ in ("VERB", "AUX") and node.dep_ != "aux":
            return node
        if node.head.i == node.i:
            return None
        node = node.head
    return None


def light_governs(verb: Token, noun: Token) -> bool:
    return noun.head.i == verb.i and noun.dep_ in (*OBJECT_DEPS, "attr", "nsubjpass")


def condition_clause(tok: Token) -> bool:
    return tok.dep_ == "advcl" and any(c.dep_ == "mark" and c.lower_ in CONDITION_MARKS for c in tok.children)


def in_condition(tok: Token) -> bool:
    node = tok
    while True:
        if condition_clause(node):
            return True
        if node.head.i == node.i:
            return False
        node = node.head


def aux_words(verb: Token) -> list[str]:
    words = [c.lower_ for c in verb.children if c.dep_ in ("aux", "auxpass", "neg")]
    if verb.dep_ in ("xcomp", "acomp") and verb.head.i != verb.i:
        words += [c.lower_ for c in verb.head.children if c.dep_ in ("aux", "neg")]
    return words


def negated(tok: Token, nominal: bool) -> bool:
    if nominal:
        if any(c.lower_ in ("no",) and c.dep_ in ("det", "neg") for c in tok.children):
            return True
        verb = clause_verb(tok)
        if verb is not None and tok.head is verb and tok.dep_ in (*OBJECT_DEPS, "attr"):
            return any(c.dep_ == "neg" for c in verb.children)
        return False
    node = tok
    for _ in range(3):  # "did not agree", "neither accepted nor rejected", "not to attend"
        if any(c.dep_ in ("neg", "preconj") and c.lower_ in NEGATORS for c in node.children):
            return True
        if node.dep_ == "conj" and any(c.lower_ == "nor" for c in node.head.children):
            return node.i > node.head.i
        if node.dep_ in ("xcomp", "acomp") or node.pos_ == "AUX":
            node = node.head
            continue
        break
    return False


def clause_mode(tok: Token) -> str:
    verb = clause_verb(tok)
    if verb is None:
        return ""
    if in_condition(verb):
        return "hypothetical"
    aux = aux_words(verb)
    if any(a in HYPOTHETICAL_AUX for a in aux):
        return "hypothetical"
    if any(a in FUTURE_AUX for a in aux) or going_to(verb):
        return "future"
    return ""


def going_to(verb: Token) -> bool:
    head = verb.head
    return verb.dep_ == "xcomp" and head.lemma_ == "go" and head.tag_ == "VBG"


def mode_of(tok: Token, nominal: bool) -> str:
    if negated(tok, nominal) or reversed_trigger(tok):
        return "negated"
    return clause_mode(tok)


def reversed_trigger(tok: Token) -> bool:
    """A trigger word whose "de-" prefix reverses it: "de-escalation", "de-mobilisation"."""
    doc = tok.doc
    return tok.i >= 2 and doc[tok.i - 1].text in ("-", "‑") and doc[tok.i - 2].lower_ == "de" \
        and not doc[tok.i - 1].whitespace_


def averted_or_possible(noun: Token, governor: Token | None = None) -> bool:
    """An event noun that did not (yet) happen: one an action prevents or fears ("averting an invasion", "fears
    of war") or one only possible ("a possible invasion", "potential sanctions")."""
    if any(c.dep_ == "amod" and c.lemma_.lower() in MODAL_ADJECTIVES for c in noun.children):
        return True
    verb = governor if governor is not None else noun.head
    return noun.dep_ in OBJECT_DEPS and verb.lemma_.lower() in PREVENTING_VERBS


def is_refusal(tok: Token) -> bool:
    """A negation that is a refusal: "will not", "won't", "cannot", "would never", "never"."""
    verb = clause_verb(tok) or tok
    words = aux_words(verb)
    return "never" in words or any(w in REFUSAL_AUX for w in words)


def is_actor_position(tok: Token) -> bool:
    return tok.dep_ in (*SUBJECT_DEPS, *OBJECT_DEPS, "nsubjpass")


def overlap(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def reporter_of(verb: Token) -> Token | None:
    """Who a reporting verb's statement is by: its subject, or the subject of the verb it hangs from
    ("King Hassan was quoted as saying …", "Russia went on to say …")."""
    subj = subject_of(verb)
    if subj is not None or verb.dep_ not in ("pcomp", "xcomp", "advcl"):
        return subj
    head = verb.head.head if verb.head.dep_ == "prep" else verb.head
    return next((c for c in head.children if c.dep_ in ("nsubj", "nsubjpass")), None)


def purpose_of(verb: Token, noun: Token) -> bool:
    """Whether an event noun is what its clause's action is for or in: "returned to Geneva *for talks*",
    "killed 46 civilians *in an attack*", "staged a strike *in protest*" — the clause's subject does it."""
    return noun.dep_ == "pobj" and noun.head.dep_ == "prep" and noun.head.lower_ in ("for", "in") \
        and noun.head.head.i == verb.i


def serves(tok: Token, governor: Token) -> bool:
    """Whether ``tok`` heads the purpose of ``governor``'s action: an infinitive ("began a hunger strike *to
    protest* …") or an "in / for" phrase ("staged a strike *in protest* against …")."""
    if tok.head.i == governor.i and tok.dep_ in ("advcl", "xcomp"):
        return any(c.dep_ == "aux" and c.lower_ == "to" for c in tok.children)
    prep = tok.head
    return tok.dep_ == "pobj" and prep.dep_ == "prep" and prep.lower_ in ("in", "for") and prep.head.i == governor.i


def verb_preps(tok: Token) -> list[Token]:
    """The prepositions of a verb, with those on its particle or adverb ("taken away from", "sent back to")."""
    preps = [c for c in tok.children if c.dep_ == "prep"]
    for c in tok.children:
        if c.dep_ in ("prt", "advmod") and c.i > tok.i:
            preps += [g for g in c.children if g.dep_ == "prep"]
    return preps


def head_lemma(tok: Token) -> str:
    return tok.lemma_.lower()


def np_head(tok: Token) -> Token:
    return tok


