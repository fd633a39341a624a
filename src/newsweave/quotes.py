"""Quotes: who said what — direct, indirect and mixed speech, with cue and speaker, as spans.

Three passes over one article (its text and its spaCy ``Doc``):

1. **Quotation marks** (:func:`quoted_spans`).  Every mark style (“ ” " « » „ ‘ ’ '), paired per
   paragraph by a small state machine that reads each mark's *shape* (is it glued to the word after
   it, or to the word before?) rather than trusting the glyph, so the misplaced marks of machine
   translation (``…them, “he said.``; ``…yet, ”admitted``) still close the quote they belong to, and a
   missing closing mark does not swallow the rest of the paragraph.  A quote left open at the end of a
   paragraph continues when the next paragraph opens with a mark (the newspaper convention);
   otherwise it is recovered up to the paragraph's end.
2. **Attribution.**  Around each quoted span, within its sentence but outside the marks, the nearest
   reporting verb (say, tell, warn, stress, …) or "according to" is the cue and its grammatical
   subject the speaker.  Quotes with no cue of their own continue the utterance before them: a quote
   split by its attribution ("“A,” he said. “B.”") is one utterance in two pieces.  Outside quotation
   marks, a reporting verb with a clausal complement is indirect speech ("Grushko said Russia is
   waiting …"); "according to X, …" too.  Reported speech that quotes some words is *mixed*.
3. **Speakers.**  A name is taken with its title ("Deputy Foreign Minister Alexander Grushko") or
   apposition ("Michael Carpenter, US ambassador to the OSCE").  Pronouns resolve to the most recent
   named speaker or subject; definite descriptions ("the diplomat", "the secretary general") to the
   most recent person the article gave that role, else the most recent speaker.  The outlet a person
   spoke *to* ("he told Al Jazeera") is never the speaker; where the article makes such an outlet the
   speaker, the attribution is kept as written and marked suspect with the reason.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from .lexicon import PERSON_NOUNS, REPORTING_VERBS, SPEAKER_PRONOUNS
from .model import Analysis, Mention, MentionKind, Quote, QuoteKind, Span, Speaker, content_id

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

DOUBLE_MARKS = "“”„‟\"«»〝〞＂"
PAIRED_MARKS = re.compile(r"``|''")
"""Typewriter quotation marks of two characters (``…'' and ''…''), as the NYT and the Penn Treebank write them."""
STRAIGHT_MARKS = "\"＂"
MARK_TOKENS = frozenset(DOUBLE_MARKS) | {"``", "''", "`"}
SINGLE_OPEN = "‘‹'"
SINGLE_CLOSE = "’›'"
OPEN_CONTEXT = " \t\n([{—–-/:;,"
SENTENCE_END = frozenset(".!?")

# Verbs that attribute a stance, wish or finding rather than words ("wants to …", "called for …",
# "praised …", "a poll found …"): indirect attributions with an infinitive or noun-phrase content.
STANCE_LEMMAS = frozenset(
    """want call show support back find announce mention prefer praise refuse learn discuss cite express name
    list mock endorse dismiss thank reject decline oppose demand question recognize vow pledge promise threaten
    urge propose criticize criticise condemn blame accuse welcome applaud defend slam blast attack hail
    insist plan intend seek decide agree offer predict expect hope fear doubt talk vote congratulate encourage
    refer like favor favour""".split()
)
# "point" only counts as "point out"; these need a particle to report speech.
NEEDS_PARTICLE = {"point": "out", "shoot": "back", "fire": "back", "hit": "back"}
NOT_PERSON = frozenset({MentionKind.PLACE, MentionKind.ORGANIZATION, MentionKind.GROUP})
CUE_AFTER_MARK = re.compile(
    r"^\W{0,3}(?:\w+\W+){0,4}?(said|says|told|tells|added|adds|asked|stressed|warned|explained|noted|argued|"
    r"insisted|claimed|declared|admitted|concluded|replied|wrote|according)\b",
    re.IGNORECASE,
)
ADJACENT_WINDOW = 8
"""How close after a closing mark a verb outside the lexicon must stand to be the cue ("…,” Trump barked)."""
AFTER_WINDOW = 30
"""How many tokens after a closing mark the cue may stand ("…,” Deputy Foreign Minister Alexander Grushko said)."""
TITLE_WORDS = 8
"""Quoted words with no cue, inside a sentence, shorter than this are a title or a term, not a quote."""
MIN_DIRECT_WORDS = 4
"""A quoted span shorter than this is a scare quote or a title unless a cue attributes it."""


@dataclass(frozen=True, slots=True)
class Quoted:
    """A span of text inside quotation marks (marks excluded)."""

    start: int
    end: int
    open_mark: int
    close_mark: int | None  # None: recovered up to the paragraph's end
    continues: bool = False  # the next paragraph goes on with the same quotation


# ----------------------------------------------------------------------------------------------
# pass 1: quotation marks


def _paragraphs(text: str) -> list[tuple[int, int]]:
    out, pos = [], 0
    for line in text.split("\n"):
        if line.strip():
            out.append((pos, pos + len(line)))
        pos += len(line) + 1
    return out


def _opening_shape(text: str, i: int, start: int, end: int) -> bool:
    prev = text[i - 1] if i > start else " "
    nxt = text[i + 1] if i + 1 < end else " "
    return (prev in OPEN_CONTEXT or prev in DOUBLE_MARKS) and not nxt.isspace()


def _closing_shape(text: str, i: int, start: int, end: int) -> bool:
    prev = text[i - 1] if i > start else " "
    nxt = text[i + 1] if i + 1 < end else " "
    return not prev.isspace() and (nxt.isspace() or not nxt.isalnum())


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and (text[start].isspace() or text[start] in DOUBLE_MARKS):
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] in DOUBLE_MARKS):
        end -= 1
    return start, end


def mark_view(text: str) -> str:
    """The text with each two-character mark (``…'' or ''…'') written as one double mark and a space, of
    the same length, so every offset still points into ``text``.  The mark goes on the side that keeps its
    shape: after the space when it opens (" ''word" → "  \"word"), before it when it closes."""
    chars = list(text)
    for m in PAIRED_MARKS.finditer(text):
        i = m.start()
        prev = text[i - 1] if i > 0 else " "
        nxt = text[i + 2] if i + 2 < len(text) else " "
        opens = m.group() == "``" or (prev in OPEN_CONTEXT + "\n" and not nxt.isspace())
        chars[i], chars[i + 1] = (" ", '"') if opens else ('"', " ")
    return "".join(chars)


def quoted_spans(text: str) -> list[Quoted]:
    """Every span inside quotation marks, double marks first, single marks outside them."""
    text = mark_view(text)
    paragraphs = _paragraphs(text)
    found: list[Quoted] = []
    for n, (p_start, p_end) in enumerate(paragraphs):
        marks = _outer_marks(text, [i for i in range(p_start, p_end) if text[i] in DOUBLE_MARKS])
        open_at: int | None = None
        for k, i in enumerate(marks):
            if open_at is None:
                if _closing_shape(text, i, p_start, p_end) and not _opening_shape(text, i, p_start, p_end):
                    continue  # a stray closing mark: nothing is open
                open_at = i
                continue
            if _opening_shape(text, i, p_start, p_end) and not _closing_shape(text, i, p_start, p_end):
                # Glued to the next word: a misplaced closing mark ("…them, “he said."), or the opening of a
                # new quotation whose predecessor lost its closing mark ("“necessary, “open”").
                nxt = marks[k + 1] if k + 1 < len(marks) else None
                follows = text[i + 1:nxt if nxt is not None else p_end]
                new_quote = (nxt is not None and _closing_shape(text, nxt, p_start, p_end)
                             and not CUE_AFTER_MARK.match(follows) and len(follows.split()) <= 3)
                if new_quote:
                    _add(found, text, open_at, i, i)
                    open_at = i
                    continue
            _add(found, text, open_at, i, i)
            open_at = None
        if open_at is not None:
            nxt_para = paragraphs[n + 1] if n + 1 < len(paragraphs) else None
            continues = nxt_para is not None and text[nxt_para[0]:nxt_para[0] + 2].lstrip()[:1] in tuple(DOUBLE_MARKS)
            if continues or len(text[open_at:p_end].split()) >= MIN_DIRECT_WORDS:
                _add(found, text, open_at, p_end, None, continues=continues)
        found.extend(_single_quoted(text, p_start, p_end, found))
    found.sort(key=lambda q: q.start)
    return found


def _outer_marks(text: str, marks: list[int]) -> list[int]:
    """Without the marks of a quotation nested in another of the other mark family ("… isn’t about
    “Equal Justice Under Law” anymore …" inside straight marks): when a paragraph uses both the straight
    mark and typographic ones, each an even number of times, the family that opens first is the outer one."""
    straight = [i for i in marks if text[i] in STRAIGHT_MARKS]
    typographic = len(marks) - len(straight)
    if not straight or not typographic or len(straight) % 2 or typographic % 2:
        return marks
    outer_is_straight = text[marks[0]] in STRAIGHT_MARKS
    kept, open_ = [], False
    for i in marks:
        if (text[i] in STRAIGHT_MARKS) == outer_is_straight:
            open_ = not open_
            kept.append(i)
        elif not open_:
            kept.append(i)
    return kept


def _add(found: list[Quoted], text: str, open_mark: int, end: int, close_mark: int | None, *,
         continues: bool = False) -> None:
    start, stop = _trim(text, open_mark + 1, end)
    if stop > start:
        found.append(Quoted(start, stop, open_mark, close_mark, continues))


def _single_quoted(text: str, p_start: int, p_end: int, doubles: Sequence[Quoted]) -> list[Quoted]:
    """Spans in single marks (‘…’ or '…') outside double quotes: an opening-shaped mark and the next
    closing-shaped one.  Apostrophes inside words ("don’t") have neither shape."""
    inside = [(q.open_mark, q.close_mark if q.close_mark is not None else p_end) for q in doubles
              if p_start <= q.open_mark < p_end]
    out: list[Quoted] = []
    open_at: int | None = None
    for i in range(p_start, p_end):
        c = text[i]
        if any(a <= i <= b for a, b in inside):
            continue
        if open_at is None and c in SINGLE_OPEN and _opening_shape(text, i, p_start, p_end):
            open_at = i
        elif open_at is not None and c in SINGLE_CLOSE and _closing_shape(text, i, p_start, p_end):
            start, stop = open_at + 1, i
            while stop > start and text[stop - 1].isspace():
                stop -= 1
            if len(text[start:stop].split()) >= 2:
                out.append(Quoted(start, stop, open_at, i))
            open_at = None
    return out


# ----------------------------------------------------------------------------------------------
# pass 2 and 3: attribution and speakers


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


# ----------------------------------------------------------------------------------------------
# grammar helpers (spaCy tokens)


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
    tokens = list(comp.subtree)
    while tokens and ((tokens[0].dep_ == "mark" and tokens[0].lower_ in ("that", "whether", "if"))
                      or tokens[0].is_punct or tokens[0].is_space):
        tokens = tokens[1:]
    while tokens and ((tokens[-1].is_punct and tokens[-1].text not in MARK_TOKENS) or tokens[-1].is_space):
        tokens = tokens[:-1]
    if not tokens or any(t.i == verb.i for t in tokens):
        return None
    return tokens[0].idx, tokens[-1].idx + len(tokens[-1].text)


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
    tokens = [t for t in comp.subtree]
    while tokens and (tokens[0].is_punct or tokens[0].is_space or tokens[0].dep_ == "mark"):
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
