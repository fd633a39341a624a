"""Grammar helpers of attribution: cues, subjects, speaker words and complements on spaCy tokens."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from typing import TYPE_CHECKING

from ..lexicon import NEEDS_PARTICLE, REPORTING_VERBS
from ..model import Span
from .marks import MARK_TOKENS, Quoted

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token



def _tokens_in(doc: Doc, start: int, end: int, *, expand: bool = True) -> list[Token]:
    """The tokens covering ``[start, end)`` (or only those wholly inside it); none for an empty range."""
    if end <= start:
        return []
    length = doc[-1].idx + len(doc[-1].text_with_ws) if len(doc) else 0  # len(doc.text) joins every token
    span = doc.char_span(start, min(end, length), alignment_mode="expand" if expand else "contract")
    return list(span) if span is not None else []


def _is_speech_verb(t: Token) -> bool:
    if t.pos_ not in ("VERB", "AUX") or t.lemma_.lower() not in REPORTING_VERBS:
        return False
    particle = NEEDS_PARTICLE.get(t.lemma_.lower())
    return particle is None or any(c.dep_ in ("prt", "advmod") and c.lower_ == particle for c in t.children)


def _find_cue(tokens: Iterable[Token]) -> Token | None:
    for t in tokens:
        if _is_speech_verb(t):
            return t
        if t.lower_ == "according" and any(c.lower_ == "to" for c in t.children):
            return t
    return None


NOMINAL_DEPS = ("nsubj", "nsubjpass", "compound", "appos", "dobj", "pobj", "poss", "attr")
CLAUSE_INTERNAL_DEPS = ("relcl", "acl", "amod", "advcl", "aux", "auxpass", *NOMINAL_DEPS)


def _first_clause_cue(after: Sequence[Token]) -> Token | None:
    """The cue after a quote: the first main verb there, if it reports speech — the verbs of an apposition
    or relative clause about the speaker ("…,” Melanne Verveer, who served as chief of staff, told CBS)
    are passed over."""
    for t in after:
        if t.lower_ == "according" and any(c.lower_ == "to" for c in t.children):
            return t
        if t.pos_ in ("VERB", "AUX") and t.dep_ not in CLAUSE_INTERNAL_DEPS:
            return t if _is_speech_verb(t) else None
    return None


def _introducing_verb(before: Sequence[Token]) -> Token | None:
    """"Cruz called them on it: “…”": the verb with a subject of the clause a colon ends, whatever the verb."""
    content = [t for t in before if not t.is_space]
    if not content or content[-1].text != ":":
        return None
    for t in reversed(content):
        if t.pos_ == "VERB" and _subject(t) is not None:
            return t
    return None


def _attributing_verb(after: Sequence[Token]) -> Token | None:
    """"“Go back to Univision,” Trump barked": a verb right after the quote whose subject is next to it."""
    for t in after:
        if t.pos_ == "VERB" and t.dep_ not in NOMINAL_DEPS:  # not a name the tagger took for a verb ("Trump")
            subject = next((c for c in t.children if c.dep_ == "nsubj"), None)
            if subject is None and t.dep_ == "acl" and t.head.i == t.i - 1 and t.head.pos_ == "PROPN":
                subject = t.head  # "Trump barked" parsed as a noun modified by a participle
            if subject is not None and any(s.i == subject.i for s in after) and subject.lower_ not in ("it", "that",
                                                                                                         "this"):
                return t
            return None
    return None


def _mistagged_cue(after: Sequence[Token]) -> Token | None:
    """"…,” the same source predicts.": a reporting verb the tagger took for a noun, recognised by its form
    (a lexicon lemma ending in -s or -ed) closing a short noun phrase after the quote."""
    words = [t for t in after if not t.is_space]
    for k, t in enumerate(words):
        if t.is_punct:
            continue
        form = t.lower_
        if t.lemma_.lower() in REPORTING_VERBS and t.pos_ in ("NOUN", "PROPN") and form.endswith(("s", "ed")) \
                and k > 0 and all(w.pos_ in ("DET", "ADJ", "NOUN", "PROPN", "PUNCT", "NUM") for w in words[:k]) \
                and (k + 1 == len(words) or words[k + 1].is_punct or words[k + 1].pos_ == "ADP"):
            return t
    return None


def _colon_speaker(before: Sequence[Token]) -> tuple[int, int] | None:
    """A bare name before a colon ("Darrell Scott:", "RAMOS:") introducing the quote."""
    content = [t for t in before if not t.is_space]
    if len(content) < 2 or content[-1].text != ":":
        return None
    name = content[:-1]
    if len(name) > 5 or not all(t.pos_ == "PROPN" or t.text in (".", "-") for t in name):
        return None
    return name[0].idx, name[-1].idx + len(name[-1].text)


def _cue_span(cue: Token) -> Span:
    if cue.lower_ == "according":
        to = next((c for c in cue.children if c.lower_ == "to"), None)
        if to is not None:
            return Span(cue.idx, to.idx + len(to.text))
    end = cue.idx + len(cue.text)
    for c in cue.children:  # "told reporters", "point out"
        if c.dep_ == "prt" or (cue.lemma_ == "tell" and c.dep_ in ("dobj", "dative") and c.i == cue.i + 1):
            end = max(end, c.idx + len(c.text))
    return Span(cue.idx, end)


def _subject(cue: Token) -> Token | None:
    """The grammatical subject of a reporting verb; a verb without one inherits its head's ("…, adding")."""
    if cue.lower_ == "according":
        to = next((c for c in cue.children if c.lower_ == "to"), None)
        obj = next((c for c in to.children if c.dep_ == "pobj"), None) if to is not None else None
        return obj
    node: Token | None = cue
    for _ in range(4):
        if node is None:
            return None
        for c in node.children:
            if c.dep_ == "nsubj":
                if c.lower_ in ("who", "that") and node.dep_ == "relcl":
                    return node.head  # "Sherman, who said …"
                return c
        for c in node.children:  # passive: "was told by X"
            if c.dep_ == "agent":
                return next((g for g in c.children if g.dep_ == "pobj"), None)
        if node.dep_ in ("advcl", "conj", "xcomp", "pcomp", "dep") and node.head is not node:
            node = node.head
            if node.dep_ == "prep" and node.pos_ == "ADP":  # "followed that by saying": the verb of "by"
                node = node.head
        else:
            return None
    return None


def _speaker_words(subject: Token) -> tuple[int, int]:
    """The noun phrase naming the speaker at the cue: name with its title, without a trailing apposition."""
    left = subject
    for c in subject.lefts:
        if c.dep_ in ("compound", "amod", "nmod", "poss", "det", "nummod") or (c.dep_ == "punct" and c.text == "-"):
            left = min(left, c.left_edge, key=lambda t: t.i)
            break
    start = left.idx
    if left.lower_ in ("the", "a", "an") and left is not subject and left.i + 1 <= subject.i:
        pass  # keep the determiner: "the diplomat" reads as written
    end = subject.idx + len(subject.text)
    return start, end


def _role_text(head: Token, name_start: int, name_end: int) -> str:
    """Title words before a name and its apposition, as text (lower-case use only)."""
    words = [t.text for t in head.subtree if t.idx < name_start and t.dep_ in ("compound", "amod", "nmod")
             and t.ent_type_ != "PERSON"]
    for c in head.children:
        if c.dep_ == "appos":
            words.extend(t.text for t in c.subtree)
    return " ".join(words)


def _role_span(subject: Token, name: Span | None, text: str) -> Span | None:
    """The title the article gives the speaker at the cue: an apposition, or the words before the name
    in the subject ("Russia’s Deputy Foreign Minister", "Member of the European Parliament")."""
    for c in subject.children:
        if c.dep_ == "appos":
            tokens = [t for t in c.subtree if not t.is_punct]
            if tokens and not all(t.like_num for t in tokens):  # "Ramos, 58," is an age, not a role
                return Span(tokens[0].idx, tokens[-1].idx + len(tokens[-1].text))
    if name is None:
        return None
    before = [t for t in subject.subtree if t.idx < name.start and not t.is_punct and t.lower_ not in ("the", "a")]
    if not before:
        return None
    start = before[0].idx
    end = before[-1].idx + len(before[-1].text)
    return Span(start, end) if text[start:end].strip() else None


def _flat_name(token: Token) -> tuple[int, int]:
    """A proper name the NER missed: the token with its proper-noun compounds."""
    parts = [t for t in token.lefts if t.dep_ == "compound" and t.pos_ == "PROPN"] + [token]
    return parts[0].idx, token.idx + len(token.text)


def _complement_span(verb: Token, text: str) -> tuple[int, int] | None:
    """The clause a reporting verb reports ("said [Russia is waiting …]"), without "that" and end punctuation."""
    comp = next((c for c in verb.children if c.dep_ == "ccomp"), None)
    if comp is None:
        return None
    return _clause_span(verb, comp, lambda t: t.dep_ == "mark" and t.lower_ in ("that", "whether", "if"))


def _stance_span(verb: Token) -> tuple[int, int] | None:
    """What a stance verb is about: its infinitive ("vowed [to fight]"), object ("praised [the ruling]") or
    "for"/"about"/"on" phrase ("called [for a special prosecutor]")."""
    comp = next((c for c in verb.children if c.dep_ in ("ccomp", "xcomp")), None)
    if comp is None:
        comp = next((c for c in verb.children if c.dep_ in ("dobj", "attr")), None)
    if comp is None:
        prep = next((c for c in verb.children if c.dep_ == "prep" and c.lower_ in ("for", "about", "on", "against")),
                    None)
        comp = next((c for c in prep.children if c.dep_ == "pobj"), None) if prep is not None else None
    if comp is None:
        return None
    return _clause_span(verb, comp, lambda t: t.dep_ == "mark")


def _clause_span(verb: Token, head: Token, leading: Callable[[Token], bool]) -> tuple[int, int] | None:
    """The span of ``head``'s subtree without leading punctuation, spaces and ``leading`` words ("that") and
    without trailing punctuation other than quotation marks; None when empty or when it holds ``verb`` itself."""
    tokens = list(head.subtree)
    while tokens and (leading(tokens[0]) or tokens[0].is_punct or tokens[0].is_space):
        tokens = tokens[1:]
    while tokens and ((tokens[-1].is_punct and tokens[-1].text not in MARK_TOKENS) or tokens[-1].is_space):
        tokens = tokens[:-1]
    if not tokens or any(t.i == verb.i for t in tokens):
        return None
    return tokens[0].idx, tokens[-1].idx + len(tokens[-1].text)


def _according_content(according: Token, text: str) -> tuple[int, int] | None:
    """"According to X, CLAUSE" / "CLAUSE, according to X": the clause, without the attribution."""
    clause = according.head
    if clause is according:
        return None
    skip = {t.i for t in according.subtree}
    tokens = [t for t in clause.subtree if t.i not in skip]
    while tokens and (tokens[0].is_punct or tokens[0].is_space):
        tokens = tokens[1:]
    while tokens and (tokens[-1].is_punct or tokens[-1].is_space):
        tokens = tokens[:-1]
    if not tokens:
        return None
    return tokens[0].idx, tokens[-1].idx + len(tokens[-1].text)


def _sentence_is_quote(q: Quoted, before: Sequence[Token]) -> bool:
    return not [t for t in before if not t.is_punct and not t.is_space]


def _noun_phrase_text(token: Token) -> str:
    parts = [t for t in token.subtree if t.dep_ in ("compound", "flat") or t.i == token.i]
    return " ".join(t.text for t in sorted(parts, key=lambda t: t.i))


def _norm(text: str) -> str:
    return " ".join(re.sub(r"[’']s\b", "", text).lower().split())
