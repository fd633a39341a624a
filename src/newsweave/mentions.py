"""Mentions within one article: roles, corrected kinds, actor countries, pronouns and descriptions.

Run by ``analyze`` with the parse at hand (:func:`enrich_mentions`): each name gets the titles the article
gives it there ("Deputy Foreign Minister", "the spokeswoman for the Russian Foreign Ministry"); its kind is
the NER label corrected by the evidence around it (a title or an honorific, being the subject of "said",
following "in"/"near", the gazetteer); a capital or a seat of government that acts ("Moscow demands", "the
Kremlin said") stands for its country; pronouns ("he", "she") and role descriptions ("the secretary
general") become mentions that refer back to a name.

What is never a person, whatever the NER label, because the way news is written says so:

* a **dateline**: a capitalised place at the very start of a paragraph, followed (after an optional wire
  credit such as "(AP)") by a dash — "WASHINGTON —", "MOSCOW (Reuters) -";
* a **news outlet** or one of its desks and programmes ("Breitbart London", "Fox News Sunday"): a name
  that holds an outlet's name from the outlet table;
* a **building or a place** named after someone ("Trump Tower"): a name whose last word is a facility
  head noun; an organisation whose last word is an organisation head ("Trump University").
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from .gazetteer import BIG_CITY, Gazetteer, fold
from .lexicon import (
    FACILITY_HEADS,
    GENDERED_WORDS,
    HONORIFICS,
    LOCATIVE_PREPS,
    ORGANISATION_HEADS,
    ORGANISATION_SUFFIXES,
    PERSON_PRONOUNS,
    PRONOUN_GENDER,
    SPEECH_VERBS,
    TITLE_WORDS,
    given_names,
    outlet_names,
)
from .model import Mention, MentionForm, MentionKind, Span
from .names import SURNAME_SIMILARITY, name_words, similar, skeleton

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token


def enrich_mentions(text: str, doc: Doc, mentions: Sequence[Mention], gazetteer: Gazetteer) -> list[Mention]:
    """The article's name mentions with roles, corrected kinds and actor countries, plus the pronoun
    and description mentions that refer to them."""
    out: list[Mention] = []
    for m in _joined(text, mentions, gazetteer):
        span = doc.char_span(m.start, m.end, alignment_mode="expand")
        if span is None:
            out.append(m)
            continue
        if _title_fragment(span, gazetteer):
            continue  # "State" in "Secretary of State": part of a title, not an entity
        if m.kind is MentionKind.PERSON:
            span = _without_place_prefix(_with_first_names(span, gazetteer), gazetteer)
            m = replace(m, start=span.start_char)
        roles = _roles(span)
        kind = _corrected_kind(m, span, roles, gazetteer)
        stands_for = None
        if kind in (MentionKind.PLACE, MentionKind.ORGANIZATION) and _acts(span):
            stands_for = gazetteer.actor_country(text[m.start:m.end])
        out.append(replace(m, kind=kind, roles=tuple(roles) if kind is MentionKind.PERSON else (),
                           stands_for=stands_for))
    out = _consistent_kinds(text, _without_title_words(text, out, gazetteer), gazetteer)
    refs = _references(text, doc, out, gazetteer)
    persons = [m for m in out if m.kind is MentionKind.PERSON and m.form is MentionForm.NAME]
    genders, full = _genders(text, doc, persons, strict=True), _full_names(text, persons)
    every = out + [r for r, _ in refs]
    every.sort(key=lambda m: (m.start, m.end))
    index = {id(m): i for i, m in enumerate(every)}
    target = {id(r): t for r, t in refs}
    linked = [replace(m, refers_to=index[id(target[id(m)])]) if id(m) in target else m for m in every]
    return [replace(m, gender=genders.get(_person_key(text, m, full))) if m.kind is MentionKind.PERSON
            and m.form is MentionForm.NAME else m for m in linked]


def _joined(text: str, mentions: Sequence[Mention], gazetteer: Gazetteer) -> list[Mention]:
    """Mentions the model split inside one known name joined again: "Organization for Security and
    Co-operation" + "in" + "Europe" is the OSCE."""
    out: list[Mention] = []
    for m in sorted(mentions, key=lambda x: (x.start, x.end)):
        if out:
            prev = out[-1]
            between = text[prev.end:m.start]
            if re.fullmatch(r"\s+(?:in|of|for|and)\s+(?:the\s+)?", between) \
                    and gazetteer.organisation(text[prev.start:m.end]) is not None:
                out[-1] = replace(prev, end=m.end, kind=MentionKind.ORGANIZATION)
                continue
        out.append(m)
    return out


def _with_first_names(span: Any, gazetteer: Gazetteer) -> Any:
    """A person's name with the capitalised given names the model left outside it ("Anders" + "Fogh
    Rasmussen")."""
    doc = span.doc
    start = span.start
    if _title_case(span.sent):
        return span  # in a headline every word is capitalised: capitals are no evidence of a name
    while start > span.sent.start + 1 and start > span.end - 4:
        t = doc[start - 1]
        word = t.lower_.strip(".")
        if not (t.pos_ == "PROPN" and t.is_title and (t.ent_type_ == "PERSON" or (t.ent_type_ == ""
                and word in given_names())) and word not in TITLE_WORDS
                and word not in HONORIFICS and gazetteer.place(t.text) is None
                and gazetteer.organisation(t.text) is None):
            break
        start -= 1
    return doc[start:span.end]


def _title_case(sent: Any) -> bool:
    """Whether a sentence is set in title case (a headline): most of its longer words are capitalised."""
    words = [t for t in sent if t.is_alpha and len(t) > 3]
    return len(words) >= 3 and sum(t.is_title or t.is_upper for t in words) >= 0.8 * len(words)


def _consistent_kinds(text: str, mentions: list[Mention], gazetteer: Gazetteer) -> list[Mention]:
    """A name the article gives a person elsewhere is a person here too, whatever its label: "Stoltenberg"
    tagged a place after "Jens Stoltenberg" was tagged a person."""
    surnames: set[str] = set()
    full: set[str] = set()
    for m in mentions:
        if m.kind is MentionKind.PERSON and m.form is MentionForm.NAME:
            words = name_words(text[m.start:m.end])
            if len(words) >= 2:
                surnames.add(skeleton(words[-1]))
                full.add(" ".join(words))
    out: list[Mention] = []
    for m in mentions:
        if m.kind not in (MentionKind.PERSON, MentionKind.GROUP) and m.form is MentionForm.NAME and not m.stands_for:
            surface = text[m.start:m.end]
            words = name_words(surface)
            known = gazetteer.country(surface) or gazetteer.organisation(surface) or gazetteer.place(surface)
            if not known and len(words) == 1 and any(similar(skeleton(words[0]), s, SURNAME_SIMILARITY)
                                                     for s in surnames):
                m = replace(m, kind=MentionKind.PERSON)
        out.append(m)
    return out


def _without_place_prefix(span: Any, gazetteer: Gazetteer) -> Any:
    """A person's name without the country or organisation the model glued before it ("United States
    Wendy Sherman" → "Wendy Sherman")."""
    for k in range(span.start + 1, span.end - 1):
        prefix = span.doc[span.start:k].text
        rest = span.doc[k:span.end]
        if (gazetteer.country(prefix) or gazetteer.organisation(prefix) or gazetteer.place(prefix)) \
                and all(t.is_title for t in rest):
            return rest
    return span


def _without_title_words(text: str, mentions: list[Mention], gazetteer: Gazetteer) -> list[Mention]:
    """Drop one-word mentions the gazetteer does not know that sit inside a person's title ("Defense" in
    "Deputy Defense Minister"), and titles that overlap another person's name."""
    persons = [m for m in mentions if m.kind is MentionKind.PERSON]
    role_spans = [r for p in persons for r in p.roles]
    out: list[Mention] = []
    for m in mentions:
        surface = text[m.start:m.end]
        if m.kind is not MentionKind.PERSON and " " not in surface.strip() \
                and any(r.start <= m.start and m.end <= r.end for r in role_spans) \
                and gazetteer.place(surface) is None and gazetteer.organisation(surface) is None \
                and gazetteer.country(surface) is None:
            continue
        if m.roles:
            # "former NATO chief Anders Fogh Rasmussen" is not a title of the name after it; "Putin's spokesman" is
            kept = tuple(r for r in m.roles if not any(p is not m and p.start < r.end <= p.end for p in persons))
            if kept != m.roles:
                m = replace(m, roles=kept)
        out.append(m)
    return out


def _title_fragment(span: Any, gazetteer: Gazetteer) -> bool:
    if len(span) != 1 or span.start < 2:
        return False
    before = span.doc[span.start - 1]
    title = span.doc[span.start - 2]
    return before.lower_ == "of" and title.lower_ in TITLE_WORDS | {"department", "ministry", "minister", "secretary"} \
        and gazetteer.country(span.text) is None


def _roles(span: Any) -> list[Span]:
    """The titles the sentence gives the name: the words before it that end in a title word (its compound
    and modifier chain, or a run of capitalised words such as "Deputy Secretary-General of the United
    States"), an apposition after it, and the noun phrase it stands in apposition to."""
    root = span.root
    doc = span.doc
    roles: list[Span] = []
    if span.end < len(doc) and doc[span.end].lower_.strip(".") in TITLE_WORDS:
        return roles  # "NATO Secretary General …", "Defense Minister …": the name is part of a title
    lefts = [t for t in root.lefts if t.i < span.start and t.dep_ in ("compound", "amod", "nmod", "poss", "nummod")]
    words: list[Token] = []
    if lefts:
        first = min((t.left_edge for t in lefts), key=lambda t: t.i)
        words = [t for t in doc[first.i:span.start] if not t.is_punct or t.text == "-"]
    if not words or not any(t.lower_.strip(".") in TITLE_WORDS for t in words):
        words = _capitalised_run(doc, span.start)
    words = _trimmed_title(words)
    if words and words[-1].i == span.start - 1 and any(t.lower_.strip(".") in TITLE_WORDS for t in words):
        roles.append(Span(words[0].idx, words[-1].idx + len(words[-1].text)))
    for c in root.children:
        if c.dep_ == "appos" and c.i > root.i and (c.pos_ == "NOUN" or c.lower_ in TITLE_WORDS):
            roles.extend(_phrase(c))
    if root.dep_ == "appos" and root.head.i < span.start and root.head.pos_ == "NOUN":
        roles.extend(_phrase(root.head, stop=span.start))
    elif span.start >= 2 and doc[span.start - 1].text == ",":
        # "The spokeswoman for the Russian Foreign Ministry, Maria Zakharova, …"
        head = next((t for t in reversed(doc[span.sent.start:span.start - 1])
                     if t.pos_ == "NOUN" and t.lower_ in TITLE_WORDS), None)
        if head is not None and not any(t.text in ",;:" for t in doc[head.i:span.start - 1]) \
                and any(c.dep_ == "det" for c in head.children):
            roles.extend(_phrase(head, stop=span.start - 1))
        else:  # "the US Undersecretary of State, Wendy Sherman"
            words = _trimmed_title(_capitalised_run(doc, span.start - 1))
            if words and any(t.lower_.strip(".") in TITLE_WORDS for t in words) \
                    and not any(t.ent_type_ == "PERSON" for t in words):
                roles.append(Span(words[0].idx, words[-1].idx + len(words[-1].text)))
    return roles


def _capitalised_run(doc: Doc, end: int) -> list[Token]:
    """The capitalised words (with "of", "the", "for", hyphens) right before a name."""
    k = end - 1
    while k >= 0:
        t = doc[k]
        if t.ent_type_ in ("DATE", "TIME"):
            break
        if not (t.is_title or t.is_upper or t.lower_ in ("of", "the", "for") or t.text in ("-", "'s", "’s")):
            break
        k -= 1
        if t.is_sent_start:
            break
    return list(doc[k + 1:end])


def _trimmed_title(words: Sequence[Token]) -> list[Token]:
    """A title without leading articles, dates and connectors, and without trailing connectors."""
    out = list(words)
    while out and (out[0].lower_ in ("the", "a", "an", "of", "for", "and", "-") or out[0].ent_type_ in ("DATE", "TIME")
                   or out[0].is_punct):
        out = out[1:]
    while out and (out[-1].lower_ in ("the", "of", "for", "and", "-") or out[-1].is_punct):
        out = out[:-1]
    return out


def _phrase(head: Token, stop: int | None = None) -> list[Span]:
    tokens = [t for t in head.subtree if stop is None or t.i < stop]
    while tokens and (tokens[-1].is_punct or tokens[-1].dep_ in ("cc", "relcl")):
        tokens = tokens[:-1]
    while tokens and tokens[0].is_punct:
        tokens = tokens[1:]
    # cut a relative clause or a second apposition off the end ("…, who headed the delegation")
    for k, t in enumerate(tokens):
        if t.text == "," or t.lower_ in ("who", "which", "whose"):
            tokens = tokens[:k]
            break
    if not tokens or all(t.like_num for t in tokens) or len(tokens) > 15:
        return []
    if not any(t.pos_ in ("NOUN", "PROPN") for t in tokens):
        return []
    return [Span(tokens[0].idx, tokens[-1].idx + len(tokens[-1].text))]


def _corrected_kind(m: Mention, span: Any, roles: Sequence[Span], gazetteer: Gazetteer) -> MentionKind:
    """The NER kind, overruled by strong evidence around the mention."""
    text = span.text
    root = span.root
    prev = span.doc[span.start - 1] if span.start > 0 else None
    honorific = prev is not None and prev.lower_.strip(".") in HONORIFICS
    doc_text = span.doc.text
    titled = honorific or any(
        any(w.strip(".,").lower() in TITLE_WORDS for w in doc_text[r.start:r.end].split()) for r in roles)
    words = name_words(text)
    company = bool(words) and words[-1] in ORGANISATION_SUFFIXES
    place = gazetteer.place(text)
    big_place = place is not None and (place.kind in ("country", "capital") or place.population >= BIG_CITY)
    locative = root.dep_ == "pobj" and root.head.lower_ in LOCATIVE_PREPS
    speaks = root.dep_ in ("nsubj", "nsubjpass") and root.head.lemma_.lower() in SPEECH_VERBS
    acronym = text.isupper() and len(text) <= 6
    if dateline(doc_text, m.start, m.end, known_place=place is not None):
        return MentionKind.PLACE  # "WASHINGTON —" opening a paragraph: where the report was filed
    if m.kind is MentionKind.PERSON and not titled and names_outlet(text):
        return MentionKind.ORGANIZATION  # "Breitbart London", "Fox News Sunday": an outlet, its desk or show
    if m.kind is MentionKind.PERSON and words and words[-1] in FACILITY_HEADS and len(words) >= 2:
        return MentionKind.PLACE  # "Trump Tower"
    if m.kind is MentionKind.PERSON:
        if company:
            return MentionKind.ORGANIZATION
        if big_place and not titled and (not speaks or (place is not None and place.kind == "country")):
            return MentionKind.PLACE  # "the Kiev authorities", "Luhansk"
        if gazetteer.organisation(text) is not None or (gazetteer.actor_country(text) is not None and not titled):
            return MentionKind.ORGANIZATION
        return m.kind
    if m.kind in (MentionKind.ORGANIZATION, MentionKind.PLACE, MentionKind.GROUP, MentionKind.OTHER):
        if company:
            return m.kind
        if titled and not acronym and place is None and gazetteer.organisation(text) is None:
            return MentionKind.PERSON  # "NATO Secretary General Jens Stoltenberg" labelled a place
        if speaks and not acronym and place is None and gazetteer.organisation(text) is None \
                and gazetteer.actor_country(text) is None and len(name_words(text)) >= 2 \
                and all(w[:1].isupper() for w in text.split()):
            return MentionKind.PERSON  # "Oleg Ignatov said"
        if m.kind is MentionKind.ORGANIZATION and locative and big_place:
            return MentionKind.PLACE
    return m.kind


DATELINE_TAIL = re.compile(r"(?:,\s*[A-Z][A-Za-z.]*\.?)?\s*(?:\([^()\n]{1,30}\)\s*)?[—–-]{1,2}\s")
"""What follows the place of a dateline: an optional state (", Va."), an optional credit ("(AP)"), a dash."""


def dateline(text: str, start: int, end: int, known_place: bool = False) -> bool:
    """Whether ``text[start:end]`` is a dateline's place: first words of a paragraph, in capitals (or a place
    the gazetteer knows), then a dash."""
    if not (known_place or text[start:end].isupper()):
        return False
    line_start = text.rfind("\n", 0, start) + 1
    if text[line_start:start].strip():
        return False
    return DATELINE_TAIL.match(text, end) is not None


def names_outlet(name: str) -> bool:
    """Whether a name is a news outlet or begins with one (its desk or programme: "Breitbart London")."""
    words = fold(name).split()
    known = outlet_names()
    return any(" ".join(words[:k]) in known for k in range(len(words), 0, -1))


def _acts(span: Any) -> bool:
    """Whether a place name is used as an actor: the subject of a verb, or the possessor of a demand."""
    root = span.root
    if root.dep_ in ("nsubj", "nsubjpass", "agent"):
        return True
    return bool(root.dep_ == "poss" and root.head.pos_ == "NOUN")


def _references(text: str, doc: Doc, names: Sequence[Mention],
                gazetteer: Gazetteer) -> list[tuple[Mention, Mention]]:
    """Pronoun and description mentions, each with the name mention it resolves to."""
    persons = [m for m in names if m.kind is MentionKind.PERSON and m.form is MentionForm.NAME]
    orgs = [m for m in names if m.kind is MentionKind.ORGANIZATION and m.form is MentionForm.NAME]
    named_orgs: dict[str, Mention] = {}
    for m in names:
        canonical = gazetteer.organisation(text[m.start:m.end])
        if canonical is not None and canonical not in named_orgs:
            named_orgs[canonical] = m
    covered = [(m.start, m.end) for m in names]
    genders = _genders(text, doc, persons)
    out: list[tuple[Mention, Mention]] = []
    for t in doc:
        if any(a <= t.idx < b for a, b in covered):
            continue
        if t.lower_ in PERSON_PRONOUNS and t.pos_ == "PRON":
            target = _recent_person(persons, t, genders, text)
            if target is not None:
                out.append((Mention(t.idx, t.idx + len(t.text), MentionKind.PERSON, "PRON",
                                    form=MentionForm.PRONOUN), target))
            continue
        if t.pos_ not in ("NOUN", "PROPN") or t.dep_ == "compound" or not _definite(t):
            continue
        head = t.lower_
        start = min(c.idx for c in t.subtree if (c.i <= t.i and c.dep_ in ("amod", "compound")) or c is t)
        end = t.idx + len(t.text)
        if head in TITLE_WORDS and t.pos_ == "NOUN":
            described = [p for p in persons if p.start < t.idx
                         and any(head in text[r.start:r.end].lower().split() for r in p.roles)]
            target = described[-1] if described else None
            if target is None and t.dep_ in ("nsubj", "nsubjpass") and not _qualified(t):
                target = _recent_person(persons, t)  # "…,” said the senior official
            if target is not None:
                out.append((Mention(start, end, MentionKind.PERSON, "DESC", form=MentionForm.DESCRIPTION), target))
            continue
        canonical = gazetteer.descriptions.get(fold(t.text))
        org: Mention | None = None
        if any(c.ent_type_ or c.pos_ == "PROPN" for c in t.subtree if c.i < t.i):
            continue  # "the old Soviet bloc" names something else
        if canonical is not None and canonical in named_orgs:
            org = named_orgs[canonical]  # "the Alliance" in an article naming NATO
        elif head in ORGANISATION_HEADS and t.pos_ == "NOUN" and not _qualified(t):
            org = _salient(text, [o for o in orgs if o.end <= t.idx])  # "the allied military organization"
        if org is not None:
            out.append((Mention(start, end, org.kind, "DESC", form=MentionForm.DESCRIPTION), org))
    return out


def _salient(text: str, mentions: Sequence[Mention]) -> Mention | None:
    """The most often named of some mentions (the latest on ties)."""
    if not mentions:
        return None
    counts = Counter(fold(text[m.start:m.end]) for m in mentions)
    return max(reversed(mentions), key=lambda m: counts[fold(text[m.start:m.end])])


def _qualified(t: Token) -> bool:
    """A noun with a prepositional phrase or a clause of its own ("the head of …", "the body that …"):
    a new description, not a reference back."""
    return any(c.dep_ in ("prep", "acl", "appos", "poss")
               or (c.dep_ == "relcl" and t.doc[c.left_edge.i - 1].text != ",")  # ", who …" adds, not restricts
               for c in t.children)


def _definite(t: Token) -> bool:
    return any(c.dep_ == "det" and c.lower_ in ("the", "this", "that") for c in t.children)


def _candidates(persons: Sequence[Mention], t: Token) -> list[Mention]:
    """The people a pronoun may refer to, most recent first: those named in its own sentence before it
    or in the two sentences before."""
    sent_start = t.sent.start_char
    window = [s for s in t.doc.sents if s.end_char <= sent_start][-2:]
    earliest = window[0].start_char if window else sent_start
    return [p for p in reversed(persons) if earliest <= p.start and p.end <= t.idx]


def _recent_person(persons: Sequence[Mention], t: Token, genders: dict[str, str] | None = None,
                   text: str = "") -> Mention | None:
    """The person a pronoun or description refers to: the most recently named one in the window whose
    known gender (if any) agrees with the pronoun's."""
    candidates = _candidates(persons, t)
    want = PRONOUN_GENDER.get(t.lower_)
    full = _full_names(text, persons) if text else None
    if genders and want and text:
        for p in candidates:
            if genders.get(_person_key(text, p, full), want) == want:
                return p
        return None
    return candidates[0] if candidates else None


def _person_key(text: str, m: Mention, full: dict[str, set[str]] | None = None) -> str:
    """Whom a name mention names within its article: its full name ("jens stoltenberg"); a bare surname
    is the one full name of the article with that surname, else the surname alone (namesakes stay apart)."""
    words = [skeleton(w) for w in name_words(text[m.start:m.end])]
    if not words:
        return ""
    if len(words) >= 2:
        return " ".join(words)
    named = (full or {}).get(words[-1], set())
    return next(iter(named)) if len(named) == 1 else words[-1]


def _full_names(text: str, persons: Sequence[Mention]) -> dict[str, set[str]]:
    out: dict[str, set[str]] = defaultdict(set)
    for p in persons:
        words = [skeleton(w) for w in name_words(text[p.start:p.end])]
        if len(words) >= 2:
            out[words[-1]].add(" ".join(words))
    return out


def _genders(text: str, doc: Doc, persons: Sequence[Mention], strict: bool = False) -> dict[str, str]:
    """The gender the article shows for each person (keyed by :func:`_person_key`): from an honorific or a
    gendered title, and from pronouns that can only refer to them (no other person in the window)."""
    votes: dict[str, Counter[str]] = defaultdict(Counter)
    full = _full_names(text, persons)
    for p in persons:
        key = _person_key(text, p, full)
        before = doc.char_span(p.start, p.end, alignment_mode="expand")
        if before is not None and before.start > 0:
            honorific = doc[before.start - 1].lower_.strip(".")
            if honorific in GENDERED_WORDS:
                votes[key][GENDERED_WORDS[honorific]] += 2
        for r in p.roles:
            for w in text[r.start:r.end].lower().split():
                if w in GENDERED_WORDS:
                    votes[key][GENDERED_WORDS[w]] += 2
    for t in doc:
        gender = PRONOUN_GENDER.get(t.lower_)
        if gender is None or t.pos_ != "PRON":
            continue
        keys = {_person_key(text, p, full) for p in _candidates(persons, t)}
        if len(keys) == 1:
            votes[keys.pop()][gender] += 1
    if strict:  # one pronoun is weak evidence of identity (a paraphrase may say "he" of a woman): two, or a word
        return {k: v.most_common(1)[0][0] for k, v in votes.items() if len(v) == 1 and next(iter(v.values())) >= 2}
    return {k: v.most_common(1)[0][0] for k, v in votes.items() if v and len(set(v.values())) == len(v)}


