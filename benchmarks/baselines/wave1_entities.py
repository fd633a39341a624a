"""Entities: mentions across articles → one canonical entity per real-world participant.

Two steps, as everywhere in newsweave:

* **Within an article** (:func:`enrich_mentions`, run by ``analyze`` with the parse at hand): each name
  gets the titles the article gives it there ("Deputy Foreign Minister", "the spokeswoman for the Russian
  Foreign Ministry"); its kind is the NER label corrected by the evidence around it (a title or an
  honorific, being the subject of "said", following "in"/"near", the gazetteer); a capital or a seat of
  government that acts ("Moscow demands", "the Kremlin said") stands for its country; pronouns ("he",
  "she") and role descriptions ("the secretary general") become mentions that refer back to a name.
* **Across articles** (:class:`Linker`): names are compared by a transliteration skeleton (accents,
  case, kh/j/h, x/ks, y/i, doubled letters), so Grushkó/Grushko, Zajárova/Zakharova, Gabuyev/Gabuev,
  Aleksandr/Alexander and Sergei/Sergey meet; a full person name joins an existing person when the
  surnames agree and the first names are compatible; a bare surname joins the one person of that surname,
  and stays apart when several people share it; organisation aliases come from the gazetteer table
  ("the Atlantic Alliance" → NATO).  The linker keeps its index in the store, so new articles link to
  existing entities without recomputing the old ones.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

from rapidfuzz.distance import Levenshtein

from .gazetteer import BIG_CITY, Gazetteer, fold
from .model import (
    Action,
    ActorRef,
    Analysis,
    Article,
    Citation,
    Entity,
    Mention,
    MentionForm,
    MentionKind,
    Span,
    Title,
    content_id,
)

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

NAME_KINDS = (MentionKind.PERSON, MentionKind.PLACE, MentionKind.ORGANIZATION)
HONORIFICS = frozenset("mr mrs ms miss dr sir dame lord lady prof".split())
NAME_SUFFIXES = frozenset("jr sr ii iii iv".split())
TITLE_WORDS = frozenset(
    """president minister secretary general spokesman spokeswoman spokesperson ambassador envoy chancellor
    premier prime deputy undersecretary under assistant chief director head leader senator governor mayor
    king queen prince princess pope foreign defense defence representative adviser advisor aide commander
    colonel lieutenant captain sergeant admiral marshal chairman chairwoman chair judge justice attorney
    diplomat official analyst expert researcher professor economist journalist reporter editor correspondent
    negotiator delegate lawmaker senator congressman congresswoman rep sen gov gen lt col capt actress actor
    singer star coach player founder executive ceo cfo manager spokesman""".split()
)
"""Words that make the words before a name a title ("Deputy Foreign Minister Alexander Grushko")."""
SPEECH_VERBS = frozenset(
    """say tell add stress warn argue insist explain note claim state declare admit acknowledge announce
    reply respond ask comment emphasize emphasise complain suggest urge deny confirm reiterate recall affirm
    maintain conclude write tweet lament predict""".split()
)
LOCATIVE_PREPS = frozenset("in at near outside inside from across around throughout".split())
ORGANISATION_SUFFIXES = frozenset(
    """ltd inc corp co company companies group party union congress council association university bank
    agency ministry committee commission institute foundation club league federation times news post""".split())
"""Last words that make a name an organisation, never a person ("Inkatha Freedom Party")."""
ORGANISATION_HEADS = frozenset("organization organisation alliance bloc agency body".split())
"""Head nouns of a definite description that refers back to the last organisation named."""
PRONOUN_GENDER = {w: "m" for w in "he him his himself".split()} | {w: "f" for w in "she her hers herself".split()}
GENDERED_WORDS = {w: "m" for w in "mr sir lord king prince spokesman chairman congressman businessman".split()} | {
    w: "f" for w in "mrs ms miss dame lady queen princess spokeswoman chairwoman congresswoman businesswoman actress"
    .split()}
PERSON_PRONOUNS = frozenset("he him his himself she her hers herself".split())
SURNAME_SIMILARITY = 0.85
FUZZY_NAME_SIMILARITY = 0.9
FIRST_NAME_SIMILARITY = 0.75


# ----------------------------------------------------------------------------------------------
# names


def skeleton(word: str) -> str:
    """A transliteration-tolerant form of one folded name word: Zajárova/Zakharova → "zaharova",
    Lukianov/Lukyanov → "lukianov", Aleksandr/Alexander → "aleksandr"/"aleksander"."""
    w = re.sub(r"([aeiou])y(?=[aeiou])", r"\1", word.lower())  # Gabuyev/Gabuev, Dostoyevsky/Dostoevsky
    for a, b in (("kh", "h"), ("j", "h"), ("x", "ks"), ("y", "i"), ("w", "v"), ("ph", "f"), ("ck", "k"),
                 ("q", "k"), ("ie", "i")):
        w = w.replace(a, b)
    return re.sub(r"(.)\1+", r"\1", w)


def name_words(text: str) -> list[str]:
    """Folded words of a name without honorifics ("Mr. Trump" → ["trump"])."""
    words = fold(text).split()
    while len(words) > 1 and words[0] in HONORIFICS:
        words = words[1:]
    while len(words) > 1 and words[-1] in NAME_SUFFIXES:
        words = words[:-1]
    return words


def similar(a: str, b: str, threshold: float) -> bool:
    """Whether two skeletons spell the same name: equal, or close and sharing their first letter."""
    if a == b:
        return True
    if not a or not b or a[0] != b[0] or min(len(a), len(b)) < 4:
        return False
    return Levenshtein.normalized_similarity(a, b) >= threshold


def compatible_first(a: Sequence[str], b: Sequence[str]) -> bool:
    """First names (skeletons) that may belong to one person: equal or close, or one is the other's initial."""
    if not a or not b:
        return True
    if _subsequence(a, b) or _subsequence(b, a):
        return True  # "Boone Isaacs" within "Cheryl Boone Isaacs"
    x, y = a[0], b[0]
    if len(x) == 1 or len(y) == 1:
        return x[0] == y[0]
    return similar(x, y, FIRST_NAME_SIMILARITY)


def _subsequence(short: Sequence[str], long: Sequence[str]) -> bool:
    if len(short) < 2 or len(short) >= len(long):
        return False
    it = iter(long)
    return all(any(similar(w, x, SURNAME_SIMILARITY) for x in it) for w in short)


# ----------------------------------------------------------------------------------------------
# within an article


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
    every = out + [r for r, _ in refs]
    every.sort(key=lambda m: (m.start, m.end))
    index = {id(m): i for i, m in enumerate(every)}
    target = {id(r): t for r, t in refs}
    return [replace(m, refers_to=index[id(target[id(m)])]) if id(m) in target else m for m in every]


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
    while start > span.sent.start + 1 and start > span.end - 4:
        t = doc[start - 1]
        word = t.lower_.strip(".")
        if not (t.pos_ == "PROPN" and t.is_title and t.ent_type_ in ("", "PERSON") and word not in TITLE_WORDS
                and word not in HONORIFICS and gazetteer.place(t.text) is None
                and gazetteer.organisation(t.text) is None):
            break
        start -= 1
    return doc[start:span.end]


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
    if genders and want and text:
        for p in candidates:
            if genders.get(_person_key(text, p), want) == want:
                return p
        return None
    return candidates[0] if candidates else None


def _person_key(text: str, m: Mention) -> str:
    words = name_words(text[m.start:m.end])
    return skeleton(words[-1]) if words else ""


def _genders(text: str, doc: Doc, persons: Sequence[Mention]) -> dict[str, str]:
    """The gender the article shows for each person (by surname): from an honorific or a gendered title,
    and from pronouns that can only refer to them (no other person in the window)."""
    votes: dict[str, Counter[str]] = defaultdict(Counter)
    for p in persons:
        key = _person_key(text, p)
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
        keys = {_person_key(text, p) for p in _candidates(persons, t)}
        if len(keys) == 1:
            votes[keys.pop()][gender] += 1
    return {k: v.most_common(1)[0][0] for k, v in votes.items() if v and len(set(v.values())) == len(v)}


# ----------------------------------------------------------------------------------------------
# across articles


@dataclass(slots=True)
class _EntityState:
    id: str
    kinds: Counter[str] = field(default_factory=Counter)
    forms: Counter[str] = field(default_factory=Counter)
    mentions: list[Citation] = field(default_factory=list)
    titles: dict[str, list[Citation]] = field(default_factory=dict)
    firsts: set[str] = field(default_factory=set)  # first-name skeletons of a person
    names: set[str] = field(default_factory=set)  # full-name skeletons of a person ("ceril bone isacs")
    last: str | None = None  # surname skeleton of a person named in full
    preferred: str | None = None  # the gazetteer's canonical name, when it knows the entity
    descriptions: Counter[str] = field(default_factory=Counter)  # "the allied military organization"

    def kind(self) -> MentionKind:
        if self.last is not None:
            return MentionKind.PERSON  # named in full as a person somewhere, whatever the labels of its surname
        return MentionKind(self.kinds.most_common(1)[0][0]) if self.kinds else MentionKind.OTHER

    def entity(self) -> Entity:
        name = self.preferred or _canonical_name(self.forms, self.kind())
        titles = tuple(Title(text, tuple(cites)) for text, cites in sorted(self.titles.items(),
                                                                             key=lambda kv: (-len(kv[1]), kv[0])))
        aliases = [f for f in self.forms if f != name]
        if self.kind() is not MentionKind.PERSON:  # a person's descriptions are titles, listed there
            seen = {a.lower() for a in aliases} | {name.lower()}
            aliases += [d for d in self.descriptions if d.lower() not in seen]
        aliases = sorted(set(aliases), key=lambda a: (a.lower(), a))
        return Entity(self.id, name, self.kind(), tuple(aliases), tuple(self.mentions), titles)

    def to_state(self) -> dict[str, Any]:
        return {"kinds": dict(self.kinds), "forms": dict(self.forms), "firsts": sorted(self.firsts),
                "names": sorted(self.names),
                "last": self.last, "preferred": self.preferred, "descriptions": dict(self.descriptions)}

    @classmethod
    def from_entity(cls, entity: Entity, state: dict[str, Any]) -> _EntityState:
        return cls(entity.id, Counter(state.get("kinds", {})), Counter(state.get("forms", {})), list(entity.mentions),
                   {t.text: list(t.citations) for t in entity.titles}, set(state.get("firsts", ())),
                   set(state.get("names", ())),
                   state.get("last"), state.get("preferred"), Counter(state.get("descriptions", {})))


@dataclass(slots=True)
class _Group:
    """The mentions of one article that name one participant."""

    members: list[int] = field(default_factory=list)
    full_names: list[list[str]] = field(default_factory=list)  # skeleton words of each full person name
    key: str = ""
    person: bool = False
    preferred: str | None = None
    kind: MentionKind = MentionKind.OTHER


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


class Linker:
    """Links the mentions of new articles to canonical entities, keeping an index across calls."""

    def __init__(self, gazetteer: Gazetteer) -> None:
        self.gazetteer = gazetteer
        self.entities: dict[str, _EntityState] = {}
        self.by_key: dict[str, str] = {}
        self.by_surname: dict[str, set[str]] = defaultdict(set)
        self.by_first: dict[str, set[str]] = defaultdict(set)  # first word → multi-word "n:" keys
        self.touched: set[str] = set()

    # -- persistence ----------------------------------------------------------------------------

    def load(self, stored: Iterable[tuple[Entity, dict[str, Any], Sequence[str]]]) -> None:
        """Restore the index from stored entities (record, linker state, keys)."""
        for entity, state, keys in stored:
            st = _EntityState.from_entity(entity, state)
            self.entities[st.id] = st
            for key in keys:
                self._index_key(key, st.id)
            if st.last:
                self.by_surname[st.last].add(st.id)

    def keys_of(self, entity_id: str) -> list[str]:
        return [k for k, v in self.by_key.items() if v == entity_id]

    def state_of(self, entity_id: str) -> dict[str, Any]:
        return self.entities[entity_id].to_state()

    # -- linking --------------------------------------------------------------------------------

    def entity_named(self, name: str) -> str | None:
        """The entity known by exactly this name (folded), if any: "Russia" → the Russia entity."""
        return self.by_key.get("n:" + fold(name))

    def link(self, pairs: Sequence[tuple[Article, Analysis]]) -> list[Analysis]:
        """Set ``entity`` on every mention of ``pairs``; articles whose names are given in full go first,
        so that a bare surname elsewhere finds its person."""
        groups_of = [self._groups(article, analysis) for article, analysis in pairs]
        assigned: list[dict[int, str]] = [{} for _ in pairs]
        for late in (False, True):
            for n, ((article, analysis), groups) in enumerate(zip(pairs, groups_of, strict=True)):
                for g in groups:
                    if self._late(g) != late:
                        continue
                    entity = self._resolve(g)
                    self._record(entity, g, article, analysis)
                    for i in g.members:
                        assigned[n][i] = entity.id
        out = []
        for (_, analysis), ids in zip(pairs, assigned, strict=True):
            mentions = tuple(replace(m, entity=ids.get(i)) if ids.get(i) != m.entity else m
                             for i, m in enumerate(analysis.mentions))
            out.append(replace(analysis, mentions=mentions))
        return out

    @staticmethod
    def _late(g: _Group) -> bool:
        """Bare surnames, and one-word names with no gazetteer entry, link after the full names."""
        if g.person:
            return not g.full_names
        return g.key.startswith("n:") and " " not in g.key[2:] and g.preferred is None

    def _groups(self, article: Article, analysis: Analysis) -> list[_Group]:
        text = article.text
        mentions = analysis.mentions
        gaz = self.gazetteer
        groups: dict[str, _Group] = {}
        group_of: dict[int, _Group] = {}
        named_orgs = {gaz.organisation(text[m.start:m.end]) for m in mentions if m.form is MentionForm.NAME}
        # full person names first: their surnames take the bare mentions of the same article
        surname_group: dict[str, _Group] = {}
        for i, m in enumerate(mentions):
            if m.form is not MentionForm.NAME or m.kind is not MentionKind.PERSON:
                continue
            words = [skeleton(w) for w in name_words(text[m.start:m.end])]
            if len(words) < 2:
                continue
            last = words[-1]
            g = next((surname_group[s] for s in surname_group if similar(s, last, SURNAME_SIMILARITY)
                      and compatible_first(surname_group[s].full_names[0], words)), None)
            if g is None:
                g = _Group(key="p:" + " ".join(words), person=True)
                surname_group[last] = g
                groups[g.key] = g
            g.full_names.append(words)
            g.members.append(i)
            group_of[i] = g
        for i, m in enumerate(mentions):
            if i in group_of or m.form is not MentionForm.NAME:
                continue
            surface = text[m.start:m.end]
            words = name_words(surface)
            if not words:
                continue
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
                    skel = [skeleton(w) for w in words]
                    bare = next((g for s, g in surname_group.items() if len(skel) == 1
                                 and similar(s, skel[0], SURNAME_SIMILARITY)), None)
                    if bare is None and len(skel) == 1 and len(skel[0]) >= 3:
                        by_first = [g for g in surname_group.values() if g.full_names[0][0] == skel[0]]
                        bare = by_first[0] if len(by_first) == 1 else None  # "Craig" after "Craig Zadan"
                    if bare is not None and m.kind in NAME_KINDS:
                        bare.members.append(i)  # "Grushko" after "Alexander Grushko", whatever its label
                        group_of[i] = bare
                        continue
                    person = m.kind is MentionKind.PERSON
                    key, preferred = ("s:" if person else "n:") + " ".join(skel), None
            g = groups.get(key)
            if g is None:
                g = groups[key] = _Group(key=key, person=person, preferred=preferred, kind=m.kind)
            g.members.append(i)
            group_of[i] = g
        # a short form of a longer name of the same kind in the article: "Promises" for "Promises Treatment Center"
        named = [g for g in groups.values() if g.key.startswith("n:") and g.preferred is None]
        for g in sorted(named, key=lambda x: len(x.key)):
            words = g.key[2:].split()
            longer = [h for h in named if h is not g and h.kind is g.kind and h.key in groups
                      and h.key[2:].split()[:len(words)] == words and len(h.key[2:].split()) > len(words)]
            if len(longer) == 1 and g.key in groups:
                self._absorb(groups, group_of, longer[0], g)
        # acronyms defined in parentheses: "Organization for Security and Co-operation in Europe (OSCE)"
        for i, m in enumerate(mentions):
            if i not in group_of:
                continue
            after = text[m.end:m.end + 12]
            match = re.match(r"\s*\((\w{2,8})\)", after)
            if match and _abbreviates(match.group(1), text[m.start:m.end]):
                j = next((k for k, x in enumerate(mentions) if x.start == m.end + match.start(1)), None)
                if j is not None and j in group_of and group_of[j] is not group_of[i] and not group_of[j].person:
                    self._absorb(groups, group_of, group_of[i], group_of[j])
        # pronouns and descriptions follow the name they refer to
        for i, m in enumerate(mentions):
            if m.refers_to is not None and m.refers_to in group_of:
                g = group_of[m.refers_to]
                g.members.append(i)
                group_of[i] = g
        unique: dict[int, _Group] = {id(g): g for g in group_of.values()}
        return list(unique.values())

    @staticmethod
    def _absorb(groups: dict[str, _Group], group_of: dict[int, _Group], keep: _Group, gone: _Group) -> None:
        for i in gone.members:
            group_of[i] = keep
        keep.members.extend(gone.members)
        keep.preferred = keep.preferred or gone.preferred
        groups.pop(gone.key, None)

    def _resolve(self, g: _Group) -> _EntityState:
        if g.person and g.full_names:
            for words in g.full_names:
                found = self._person(words)
                if found is not None:
                    return found
            words = g.full_names[0]
            labelled_otherwise = self.by_key.get("n:" + " ".join(words))  # the same name tagged an organisation
            if labelled_otherwise is not None and self.entities[labelled_otherwise].preferred is None:
                st = self.entities[labelled_otherwise]
            else:
                st = self._new(g.key)
            st.last = words[-1]
            self.by_surname[st.last].add(st.id)
            return st
        if g.person:  # a bare surname: the one person of that name, if there is exactly one
            surname = g.key[2:]
            people = self._people_named(surname)
            if len(people) == 1:
                return self.entities[people[0]]
            other = self.by_key.get("n:" + surname)
            if other is not None and not people:
                return self.entities[other]
        elif g.key.startswith("n:") and g.preferred is None and g.kind in NAME_KINDS:
            words = g.key[2:].split()
            if len(words) == 1:
                people = self._people_named(words[0])
                if len(people) == 1 and g.key not in self.by_key:
                    return self.entities[people[0]]  # "Ignatov" labelled an organisation in another article
            elif g.key not in self.by_key:
                found = self._person(words)
                if found is not None:
                    return found  # "Hugh Jackman" labelled an organisation here, a person elsewhere
        existing = self.by_key.get(g.key) or self._fuzzy_key(g)
        if existing is not None:
            return self.entities[existing]
        return self._new(g.key)

    def _person(self, words: Sequence[str]) -> _EntityState | None:
        """The known person a full name (skeleton words) names: same surname, compatible first names."""
        for candidate in self._people_named(words[-1]):
            st = self.entities[candidate]
            if not st.names or any(compatible_first(n.split(), words) for n in st.names):
                return st
        return None

    def _fuzzy_key(self, g: _Group) -> str | None:
        """An entity known under a near-identical multi-word name ("Promises Treatment Centre" / "Center")."""
        if not g.key.startswith("n:") or g.preferred is not None or " " not in g.key:
            return None
        first = g.key[2:].split()[0]
        for key in self.by_first.get(first, ()):
            if key != g.key and Levenshtein.normalized_similarity(key, g.key) >= FUZZY_NAME_SIMILARITY:
                return self.by_key[key]
        return None

    def _people_named(self, surname: str) -> list[str]:
        found: set[str] = set()
        for last, ids in self.by_surname.items():
            if similar(last, surname, SURNAME_SIMILARITY):
                found |= ids
        return sorted(found)

    def _index_key(self, key: str, entity_id: str) -> None:
        self.by_key.setdefault(key, entity_id)
        if key.startswith("n:") and " " in key:
            self.by_first[key[2:].split()[0]].add(key)

    def _new(self, key: str) -> _EntityState:
        st = _EntityState(content_id("n", key))
        while st.id in self.entities:  # the same key once resolved elsewhere: keep ids distinct
            st = _EntityState(content_id("n", key, st.id))
        self.entities[st.id] = st
        self._index_key(key, st.id)
        return st

    def _record(self, st: _EntityState, g: _Group, article: Article, analysis: Analysis) -> None:
        text = article.text
        self.touched.add(st.id)
        self._index_key(g.key, st.id)
        if g.preferred:
            st.preferred = st.preferred or g.preferred
        for words in g.full_names:
            st.firsts.add(words[0])
            st.names.add(" ".join(words))
        for i in g.members:
            m = analysis.mentions[i]
            st.mentions.append(Citation(article.id, m.start, m.end))
            if m.form is MentionForm.DESCRIPTION:
                st.descriptions[_description(text[m.start:m.end])] += 1
            if m.form is not MentionForm.NAME:
                continue
            st.kinds[m.kind.value] += 1
            if m.stands_for is None:
                st.forms[_surface(text[m.start:m.end])] += 1
            for r in m.roles:
                title = " ".join(text[r.start:r.end].split())
                st.titles.setdefault(title, []).append(Citation(article.id, r.start, r.end))

    def changed(self) -> list[Entity]:
        """The entities touched since the last call, as records."""
        out = [self.entities[i].entity() for i in sorted(self.touched)]
        self.touched = set()
        return out

    def all(self) -> list[Entity]:
        entities = [st.entity() for st in self.entities.values() if st.mentions]
        entities.sort(key=lambda e: (-len(e.mentions), e.name))
        return entities


def canonicalize(pairs: Sequence[tuple[Article, Analysis]],
                 gazetteer: Gazetteer) -> tuple[list[Entity], list[Analysis]]:
    """Group every mention of ``pairs`` into entities in one go; return them and the linked analyses."""
    linker = Linker(gazetteer)
    analyses = linker.link(pairs)
    return linker.all(), analyses


def _abbreviates(acronym: str, name: str) -> bool:
    """Whether an acronym is made of the initials of a name's capitalised words ("OSCE")."""
    words = [w for w in re.split(r"[\s\-]+", name) if w[:1].isupper()]
    return len(words) >= 2 and "".join(w[0] for w in words).upper() == acronym.upper()


def _description(text: str) -> str:
    words = " ".join(text.split()).split(" ")
    while words and words[0].lower() in ("the", "this", "that"):
        words = words[1:]
    return " ".join(words)


def _surface(text: str) -> str:
    text = " ".join(text.split())
    for suffix in ("'s", "’s"):
        if text.endswith(suffix):
            text = text[: -len(suffix)]
    return text


def _canonical_name(forms: Counter[str], kind: MentionKind) -> str:
    """The best-supported full form: for a person, among the forms with the most words the most frequent;
    otherwise the most frequent form."""
    if not forms:
        return ""
    if kind is MentionKind.PERSON:
        most_words = max(len(f.split()) for f in forms)
        full = [(n, f) for f, n in forms.items() if len(f.split()) == most_words]
        return max(full, key=lambda pair: (pair[0], pair[1]))[1]
    return max(forms.items(), key=lambda kv: (kv[1], len(kv[0]), kv[0]))[0]
