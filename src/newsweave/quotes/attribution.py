"""Attribution and speakers (passes 2 and 3 of :mod:`newsweave.quotes`): cue, speaker and utterances per quote."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from ..lexicon import PERSON_NOUNS, SPEAKER_PRONOUNS, STANCE_LEMMAS
from ..model import Analysis, Mention, MentionKind, Quote, QuoteKind, Span, Speaker, content_id
from .grammar import (
    _according_content,
    _attributing_verb,
    _colon_speaker,
    _complement_span,
    _cue_span,
    _find_cue,
    _first_clause_cue,
    _flat_name,
    _introducing_verb,
    _is_speech_verb,
    _mistagged_cue,
    _norm,
    _noun_phrase_text,
    _role_span,
    _role_text,
    _sentence_is_quote,
    _speaker_words,
    _stance_span,
    _subject,
    _tokens_in,
)
from .marks import (
    DOUBLE_MARKS,
    MARK_TOKENS,
    MIN_DIRECT_WORDS,
    SENTENCE_END,
    Quoted,
    _paragraphs,
    mark_view,
    quoted_spans,
)

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

NOT_PERSON = frozenset({MentionKind.PLACE, MentionKind.ORGANIZATION, MentionKind.GROUP})
ADJACENT_WINDOW = 8
"""How close after a closing mark a verb outside the lexicon must stand to be the cue ("…,” Trump barked)."""
AFTER_WINDOW = 30
"""How many tokens after a closing mark the cue may stand ("…,” Deputy Foreign Minister Alexander Grushko said)."""
TITLE_WORDS = 8
"""Quoted words with no cue, inside a sentence, shorter than this are a title or a term, not a quote."""


@dataclass(slots=True)
class _Utterance:
    pieces: list[Span]
    kind: QuoteKind
    cue: Span | None
    speaker: Speaker | None
    paragraph: int


@dataclass(frozen=True, slots=True)
class _Person:
    """A named person the article mentions, with the role it gives them there (for descriptions)."""

    name: Span
    role: str
    position: int
    subject: bool


def extract_quotes(article_id: str, text: str, doc: Doc, mentions: Sequence[Mention]) -> tuple[Quote, ...]:
    """All quotes of one article, in text order, with cue and speaker resolved within the article."""
    return _Extractor(text, doc, mentions).run(article_id)


class _Extractor:
    def __init__(self, text: str, doc: Doc, mentions: Sequence[Mention]) -> None:
        self.text = text
        self.doc = doc
        self.mentions = mentions
        self.paragraphs = _paragraphs(text)
        self.quoted = quoted_spans(text)
        self.marks = mark_view(text)
        self.token_at = {t.idx: t for t in doc}
        self.in_quote = self._inside_quotes()
        self.persons = self._persons()
        self.addressees = self._addressees()
        self.used_cues: set[int] = set()

    # -- helpers ---------------------------------------------------------------------------------

    def _inside_quotes(self) -> set[int]:
        inside: set[int] = set()
        for q in self.quoted:
            end = q.close_mark if q.close_mark is not None else q.end
            for t in _tokens_in(self.doc, q.open_mark, end + 1):
                inside.add(t.i)
        return inside

    def paragraph_of(self, pos: int) -> int:
        for n, (start, end) in enumerate(self.paragraphs):
            if start <= pos <= end:
                return n
        return len(self.paragraphs)

    def _tokens(self, start: int, end: int) -> list[Token]:
        return _tokens_in(self.doc, start, end)

    def _person_mention_at(self, start: int, end: int) -> Mention | None:
        for m in self.mentions:
            if m.start < end and start < m.end and m.kind in (MentionKind.PERSON, MentionKind.ORGANIZATION,
                                                               MentionKind.GROUP, MentionKind.PLACE):
                return m
        return None

    def _persons(self) -> list[_Person]:
        """Every PERSON mention with the role words around it (title before it, apposition after it)."""
        out = []
        for m in self.mentions:
            if m.kind is not MentionKind.PERSON:
                continue
            tokens = self._tokens(m.start, m.end)
            if not tokens:
                continue
            head = tokens[-1]
            role = _role_text(head, m.start, m.end)
            out.append(_Person(Span(m.start, m.end), role.lower(), m.start,
                               head.dep_ in ("nsubj", "nsubjpass")))
        return out

    def _addressees(self) -> set[str]:
        """Names the article says people spoke *to* ("told Al Jazeera", "speaking to Dozhd")."""
        names = set()
        for t in self.doc:
            if t.lemma_ == "tell" and t.pos_ == "VERB":
                for c in t.children:
                    if c.dep_ in ("dobj", "dative") and c.pos_ == "PROPN":
                        names.add(_norm(_noun_phrase_text(c)))
            if t.lower_ == "to" and t.head.lemma_ in ("speak", "talk", "tell", "say"):
                for c in t.children:
                    if c.dep_ == "pobj" and c.pos_ == "PROPN":
                        names.add(_norm(_noun_phrase_text(c)))
        return names

    # -- the passes --------------------------------------------------------------------------------

    def run(self, article_id: str) -> tuple[Quote, ...]:
        utterances: list[_Utterance] = []
        for q in self.quoted:
            self._attribute_direct(q, utterances)
        self._indirect(utterances)
        utterances.sort(key=lambda u: u.pieces[0].start)
        self._resolve(utterances)
        quotes = []
        for u in utterances:
            start, end = u.pieces[0].start, u.pieces[-1].end
            quotes.append(Quote(
                id=content_id("q", article_id, str(start), str(end)),
                start=start, end=end, kind=u.kind, pieces=tuple(u.pieces), cue=u.cue, speaker=u.speaker,
                suspect=self._suspect(u),
            ))
        return tuple(quotes)

    def _frame(self, q: Quoted) -> tuple[list[Token], list[Token]]:
        """Tokens after the closing mark to the end of the sentence, and before the opening mark back to
        its start — outside any quotation, within the paragraph."""
        p_start, p_end = self.paragraphs[self.paragraph_of(q.open_mark)]
        after: list[Token] = []
        close = q.close_mark if q.close_mark is not None else q.end
        for t in _tokens_in(self.doc, close + 1, p_end, expand=False):
            if t.i in self.in_quote or t.text in MARK_TOKENS:
                break
            after.append(t)
            if t.text in SENTENCE_END:
                break
        before: list[Token] = []
        for t in reversed(_tokens_in(self.doc, p_start, q.open_mark, expand=False)):
            if t.i in self.in_quote or t.text in SENTENCE_END or t.text in MARK_TOKENS:
                break
            before.append(t)
        before.reverse()
        if not [t for t in before if not t.is_space] and self.paragraph_of(q.open_mark) > 0:
            # "Stated Stone:" ending the paragraph before: that paragraph's last clause introduces the quote
            prev_start, prev_end = self.paragraphs[self.paragraph_of(q.open_mark) - 1]
            if self.text[prev_start:prev_end].rstrip().endswith(":"):
                for t in reversed(_tokens_in(self.doc, prev_start, prev_end, expand=False)):
                    if t.i in self.in_quote or t.text in SENTENCE_END or t.text in MARK_TOKENS:
                        break
                    before.append(t)
                before.reverse()
        return after, before

    def _attribute_direct(self, q: Quoted, utterances: list[_Utterance]) -> None:
        if any(p.start <= q.start and q.end <= p.end for u in utterances for p in u.pieces):
            return  # already part of a mixed quote ("said Moscow seeks "reliable …" and "it will insist …"")
        para = self.paragraph_of(q.start)
        words = len(self.text[q.start:q.end].split())
        after, before = self._frame(q)
        cue_before = _find_cue(list(reversed(before))) or _introducing_verb(before)
        cue_after = (_first_clause_cue(after[:AFTER_WINDOW]) or _attributing_verb(after[:ADJACENT_WINDOW])
                     or _mistagged_cue(after[:ADJACENT_WINDOW]))
        # "X said that “…”" / "X said: “…”": a cue right before the opening mark wins over one after it
        cue: Token | None
        if cue_before is not None and (len([t for t in before if t.i > cue_before.i]) <= 2
                                       or self._governs(cue_before, q)):
            cue = cue_before
        else:
            cue = cue_after or cue_before
        piece = Span(q.start, q.end)
        if cue is not None:
            speaker = self._speaker_of(cue)
            # reported speech around the marks ("lamented that “…”", "seeks "reliable … guarantees"") is mixed
            lead_in = [t for t in before if not t.is_punct]
            mixed = cue in before and ((bool(lead_in) and lead_in[-1] is not cue) or words < MIN_DIRECT_WORDS)
            if mixed:
                if speaker is None and words < MIN_DIRECT_WORDS:
                    return  # "were described as “unprecedented”": a scare quote, nobody speaking
                content = _complement_span(cue, self.text) or (q.start, q.end)
                start, end = min(content[0], q.start), max(content[1], q.end)
                self._merge_mixed(utterances, Span(start, end), cue, speaker, para)
                return
            if words < MIN_DIRECT_WORDS and cue in after and not _sentence_is_quote(q, before):
                return  # a short quoted phrase inside a sentence whose cue belongs to something else
            same_cue = next((u for u in utterances if u.cue is not None and u.cue.start == cue.idx), None)
            if same_cue is not None and same_cue.kind is QuoteKind.DIRECT:
                same_cue.pieces.append(piece)  # "“A,” she said, “B.”": one utterance, two pieces
                return
            self.used_cues.add(cue.i)
            utterances.append(_Utterance([piece], QuoteKind.DIRECT, _cue_span(cue), speaker, para))
            return
        if words < MIN_DIRECT_WORDS:
            return
        words_around = [t for t in (*before, *after) if not t.is_punct and not t.is_space
                        and t.pos_ not in ("CCONJ", "ADV")]
        named = _colon_speaker(before)
        if named is not None:  # "Darrell Scott: ‘You find me …’", "RAMOS: …"
            start, end = named
            mention = self._person_mention_at(start, end)
            name = Span(mention.start, mention.end) if mention is not None else Span(start, end)
            utterances.append(_Utterance([piece], QuoteKind.DIRECT, None, Speaker(start, end, name), para))
            return
        if words_around:
            if words >= TITLE_WORDS:  # quoted inside a sentence that names no speaker: unattributed
                utterances.append(_Utterance([piece], QuoteKind.DIRECT, None, None, para))
            return  # a few quoted words inside a sentence that no one is said to say: a title or a term
        # No cue of its own: it continues the previous utterance (same or previous paragraph), if any.
        previous = utterances[-1] if utterances else None
        if previous is not None and previous.kind is not QuoteKind.INDIRECT and para - previous.paragraph <= 1 \
                and not [t for t in before if not t.is_punct and not t.is_space and t.pos_ not in ("CCONJ", "ADV")]:
            if para == previous.paragraph or self._continued_from_previous(q):
                previous.pieces.append(piece)
                return
            utterances.append(_Utterance([piece], QuoteKind.DIRECT, None, previous.speaker, para))
            return
        utterances.append(_Utterance([piece], QuoteKind.DIRECT, None, None, para))

    def _quoted_char(self, pos: int) -> bool:
        return any(q.open_mark <= pos < (q.close_mark if q.close_mark is not None else q.end) for q in self.quoted)

    def _governs(self, cue: Token, q: Quoted) -> bool:
        """Whether the quoted words sit in the clause the cue reports ("said on Friday that "he …"")."""
        first = _tokens_in(self.doc, q.start, q.end)
        return bool(first) and any(t.i == first[0].i for t in cue.subtree)

    def _continued_from_previous(self, q: Quoted) -> bool:
        return any(p.continues and self.paragraph_of(p.start) == self.paragraph_of(q.start) - 1
                   for p in self.quoted)

    def _merge_mixed(self, utterances: list[_Utterance], span: Span, cue: Token, speaker: Speaker | None,
                     para: int) -> None:
        for u in utterances:
            if u.cue is not None and u.cue.start == cue.idx:
                u.pieces[0] = Span(min(u.pieces[0].start, span.start), max(u.pieces[-1].end, span.end))
                del u.pieces[1:]
                return
        self.used_cues.add(cue.i)
        utterances.append(_Utterance([span], QuoteKind.MIXED, _cue_span(cue), speaker, para))

    def _indirect(self, utterances: list[_Utterance]) -> None:
        covered = [(p.start, p.end) for u in utterances for p in u.pieces]
        for t in self.doc:
            if t.i in self.used_cues or t.i in self.in_quote:
                continue
            content: tuple[int, int] | None = None
            cue: Token | None = None
            if _is_speech_verb(t):
                content = _complement_span(t, self.text)
                if content is None and t.lemma_.lower() not in ("say", "tell", "add"):
                    content = _stance_span(t)  # "announced his candidacy", "asked about the emails"
                cue = t
            elif t.pos_ == "VERB" and t.lemma_.lower() in STANCE_LEMMAS:
                content = _stance_span(t)  # "called for a special prosecutor", "vowed to fight"
                cue = t
            elif t.lower_ == "according" and any(c.lower_ == "to" for c in t.children):
                content = _according_content(t, self.text)
                cue = t
            if content is None or cue is None:
                continue
            start, end = content
            shortest = 1 if t.lemma_.lower() in STANCE_LEMMAS else 2  # "backed Trump" is a stance, "said it" is not
            if len(self.text[start:end].split()) < shortest or any(a < end and start < b for a, b in covered):
                continue
            speaker = self._speaker_of(cue)
            if speaker is None:
                continue
            kind = QuoteKind.MIXED if any(c in DOUBLE_MARKS for c in self.marks[start:end]) else QuoteKind.INDIRECT
            utterances.append(_Utterance([Span(start, end)], kind, _cue_span(cue), speaker,
                                         self.paragraph_of(start)))
            covered.append((start, end))
            self.used_cues.add(t.i)

    def _speaker_of(self, cue: Token) -> Speaker | None:
        subject = _subject(cue)
        if subject is not None and subject.i in self.in_quote:
            subject = None  # a parse that takes the quote's own "We …" for the subject of "told"
        if subject is None:
            subject = self._adjacent_subject(cue)
        if subject is None:
            # the parser lost the subject ("Speaking to Dozhd, X, US ambassador, said:"): the named person
            # nearest before the cue in its sentence
            people = [m for m in self.mentions if m.kind is MentionKind.PERSON
                      and cue.sent.start_char <= m.start and m.end <= cue.idx and not self._quoted_char(m.start)]
            if not people:
                return None
            m = people[-1]
            return Speaker(m.start, m.end, Span(m.start, m.end), None)
        if subject.pos_ == "PRON" and subject.lower_ not in SPEAKER_PRONOUNS:
            return None  # "many of which were described …", "it was said …": not a speaker
        left, right = subject.left_edge.idx, subject.right_edge.idx + len(subject.right_edge.text)
        inside = [m for m in self.mentions if left <= m.start and m.end <= right]
        people = [m for m in inside if m.kind is MentionKind.PERSON]
        # the person the subject's head names ("Putin’s spokesman [Dmitry Peskov]"), else the last one named
        person = next((m for m in people if m.start <= subject.idx < m.end), people[-1] if people else None)
        start, end = _speaker_words(subject)
        if person is not None:
            name: Span | None = Span(person.start, person.end)
            start, end = min(start, person.start), max(end, person.end)
        else:
            mention = self._person_mention_at(subject.idx, subject.idx + len(subject.text))
            if mention is not None:
                name = Span(mention.start, mention.end)
            elif subject.pos_ == "PROPN" or (subject.is_title and subject.pos_ != "PRON"
                                             and subject.i > subject.sent.start):
                name = Span(*_flat_name(subject))  # also a capitalised name the tagger took for a verb ("Trump")
            else:
                name = None
        role = _role_span(subject, name, self.text)
        return Speaker(start, end, name, role)

    def _adjacent_subject(self, cue: Token) -> Token | None:
        """The speaker the parse did not attach: the noun phrase standing between a closing quotation mark
        and its cue ("…,” Trump barked"; "…,” Ramos, 58, told AFP"), or right after the cue ("…,” said
        Kristen Day").  Its first proper noun, else its pronoun, else its noun."""
        before: list[Token] = []
        for t in reversed(cue.doc[cue.sent.start:cue.i]):
            if t.i in self.in_quote or t.text in MARK_TOKENS or t.text in SENTENCE_END:
                break
            before.insert(0, t)
        after: list[Token] = []
        for t in cue.doc[cue.i + 1:cue.sent.end]:
            if t.i in self.in_quote or t.is_punct:
                break
            after.append(t)
        for window in (before, after if not before else []):
            words = [t for t in window if not t.is_punct]
            if not words or len(words) > ADJACENT_WINDOW or any(t.pos_ in ("VERB", "AUX") for t in words):
                continue
            for pos in ("PROPN", "PRON", "NOUN"):
                hit = [t for t in words if t.pos_ == pos]
                if hit:
                    # the last proper noun of the first name run ("Kristen Day" → "Day")
                    head = hit[0]
                    while head.i + 1 < len(cue.doc) and head.nbor(1).pos_ == "PROPN" and head.nbor(1) in words:
                        head = head.nbor(1)
                    return head
        return None

    def _resolve(self, utterances: list[_Utterance]) -> None:
        """Pronoun and description speakers → the named person they refer to (within the article)."""
        last_named: list[tuple[int, Span]] = []  # (position, name) of resolved speakers so far
        for u in utterances:
            sp = u.speaker
            if sp is None:
                continue
            if sp.name is None:
                words = self.text[sp.start:sp.end]
                name = self._antecedent(words, sp.start, last_named)
                if name is not None:
                    u.speaker = replace(sp, name=name)
            if u.speaker is not None and u.speaker.name is not None and self._may_be_person(u.speaker.name):
                last_named.append((u.speaker.start, u.speaker.name))
        # continuation pieces and floating quotes copied their speaker before it was resolved
        for i, u in enumerate(utterances):
            if u.cue is None and u.speaker is not None and u.speaker.name is None and i:
                prev = utterances[i - 1].speaker
                if prev is not None and prev.start == u.speaker.start:
                    u.speaker = prev

    def _may_be_person(self, name: Span) -> bool:
        """Whether "he" or "she" may refer back to this speaker: not a place, organisation or group."""
        return not any(m.start <= name.start and name.end <= m.end and m.kind in NOT_PERSON for m in self.mentions)

    def _antecedent(self, words: str, position: int, last_named: Sequence[tuple[int, Span]]) -> Span | None:
        tokens = words.lower().split()
        if not tokens:
            return None
        recent_speaker = next((n for p, n in reversed(last_named) if p < position), None)
        recent_subject = next((p.name for p in reversed(self.persons) if p.position < position and p.subject),
                              None)
        recent_person = next((p.name for p in reversed(self.persons) if p.position < position), None)
        if len(tokens) == 1 and tokens[0] in SPEAKER_PRONOUNS:
            if tokens[0] in ("they", "we", "you", "it"):  # groups, and "it" (a document, an organisation)
                return None
            candidates = [s for s in (recent_speaker, recent_subject, recent_person) if s is not None]
            return max(candidates, key=lambda s: s.start) if candidates else None
        if tokens[0] in ("a", "an", "one", "another", "some"):
            return None  # an unnamed source, introduced as new
        head = tokens[-1].strip(".,;:’'s")
        described = [p for p in self.persons if p.position < position and head and head in p.role.split()]
        if described:
            return described[-1].name
        if (head in PERSON_NOUNS and tokens[0] in ("the", "this", "that")) or tokens[0].endswith(("’s", "'s")):
            return recent_speaker or recent_subject
        return None

    def _suspect(self, u: _Utterance) -> str | None:
        sp = u.speaker
        if sp is None:
            return None
        words = _norm(self.text[sp.start:sp.end])
        if words and words in self.addressees:
            said_to = self.text[sp.start:sp.end]
            return (f"“{said_to}” is named in this article as the outlet people spoke to (“told {said_to}”), "
                    f"not as a speaker: the quote is probably mis-attributed")
        return None


def link_speakers(analysis: Analysis) -> Analysis:
    """Set each speaker's ``entity`` from the mention at its name (after entities are canonicalised)."""
    if not analysis.quotes:
        return analysis
    quotes = []
    for q in analysis.quotes:
        sp = q.speaker
        if sp is not None and sp.name is not None:
            name = sp.name
            entity = next((m.entity for m in analysis.mentions if m.start < name.end and name.start < m.end), None)
            if entity != sp.entity:
                q = replace(q, speaker=replace(sp, entity=entity))
        quotes.append(q)
    return replace(analysis, quotes=tuple(quotes))
