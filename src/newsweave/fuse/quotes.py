"""Quote groups: every rendering of one utterance across reports, under its speaker, each diffed word by word.

Quotes (direct, indirect, mixed) are split into sentences (a direct quote also at its marks); two sentences of
different reports link when very alike, or alike and said by the same person, or each other's best match among
that person's sentences.  The canonical wording is the most original source's rendering, direct speech first; each
other rendering is diffed against the canonical sentence it matches (substituted / added / dropped), and a change
is flagged only when it changes what was said:

* **negation** — one of the two holds a negation and the other none (contractions written out first: "don't"
  and "do not" are one);
* **number** — a different number (not "4" for "four");
* **name** — a different person's name in its place ("Wendy" for "Debbie"), not a fuller or respelled one, nor a
  place or organisation standing for another ("Moscow" for "Russia");
* **modality** — a commitment withdrawn or made ("will" ↔ "may"); "can"/"could" and "will"/"would" are how
  reported speech shifts tense, not a hedge;
* **hedge** / **intensity** — a hedging adverb ("reportedly", "probably") or an intensifier added or dropped.

Spelling variants and synonyms are differences of wording, never of meaning.
"""

from __future__ import annotations

import contextlib
import difflib
import math
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace

import numpy as np
from numpy.typing import NDArray

from ..lexicon import FIRM_MODALS, FUSE_STOP_WORDS, HEDGE_WORDS, INTENSIFIERS, NEGATION_WORDS, NUMBER_WORDS, WEAK_MODALS
from ..model import Citation, Difference, MentionKind, Quote, QuoteGroup, QuoteKind, QuoteVariant, content_id
from .context import FuseContext
from .params import QuoteParams
from .words import content_words, tokens

HEDGE_ADVERBS = HEDGE_WORDS - WEAK_MODALS - {"could"}
"""Hedges that are not modals (modals are the modality check's)."""


@dataclass(slots=True)
class Piece:
    """A sentence of a quote's content."""

    item: int  # the quote it belongs to
    article: str
    start: int
    end: int
    words: list[str]
    negated: bool


QUOTE_SPLIT = r"\[…\]|(?<=[.!?…])\s+(?=[‘A-Z])"
MARK_SPLIT = QUOTE_SPLIT + r"|[“”\"«»]"


def quote_sentences(text: str, q: Quote) -> list[tuple[int, int]]:
    """The sentences of a quote's content with three content words or more, as spans; a direct quote's pieces
    split at quotation marks too (a piece may run on into the narration)."""
    pattern = MARK_SPLIT if q.kind is QuoteKind.DIRECT else QUOTE_SPLIT
    spans = []
    for piece in q.pieces:
        cursor = piece.start
        for m in [*re.finditer(pattern, text[piece.start:piece.end]), None]:
            end = piece.start + m.start() if m is not None else piece.end
            start, stop = _trim_span(text, cursor, end)
            if stop > start and len(content_words(text[start:stop])) >= 3:
                spans.append((start, stop))
            if m is not None:
                cursor = piece.start + m.end()
    return spans


def _trim_span(text: str, start: int, end: int) -> tuple[int, int]:
    junk = " \t\n,;:“”\"‘’'«»"
    while start < end and text[start] in junk:
        start += 1
    while end > start and text[end - 1] in junk:
        end -= 1
    return start, end


def negated(text: str) -> bool:
    """Whether the sentence holds a negation (contractions written out: "don't" is "do not")."""
    return any(t in NEGATION_WORDS for t in tokens(text))


def _numbers(words: Sequence[str]) -> set[float]:
    out = set()
    for w in words:
        w = w.lower().replace(",", "")
        if w in NUMBER_WORDS:
            out.add(float(NUMBER_WORDS[w]))
        else:
            with contextlib.suppress(ValueError):
                out.add(float(w))
    return out


def _names(words: Sequence[str]) -> list[str]:
    return [w for w in words if w[:1].isupper() and w.lower() not in FUSE_STOP_WORDS and len(w) > 1]


def meaning(now: Sequence[str], was: Sequence[str], now_sentence: str = "", was_sentence: str = "") -> str | None:
    """How a changed stretch of words changes what was said (None when it only changes the wording).  ``now`` and
    ``was`` are the words of the rendering and of the canonical wording; the sentences, when given, decide
    polarity as a whole."""
    a = [t for w in now for t in tokens(w)]
    b = [t for w in was for t in tokens(w)]
    if (set(a) | set(b)) & NEGATION_WORDS:
        if now_sentence and was_sentence:
            if negated(now_sentence) != negated(was_sentence):
                return "negation"
        elif bool(set(a) & NEGATION_WORDS) != bool(set(b) & NEGATION_WORDS):
            return "negation"
    if _numbers(a) != _numbers(b) and (_numbers(a) or _numbers(b)):
        return "number"
    names_now, names_was = _names(now), _names(was)
    if names_now and names_was and len(now) <= 3 and len(was) <= 3:
        x, y = " ".join(names_now).lower(), " ".join(names_was).lower()
        if x not in y and y not in x and difflib.SequenceMatcher(None, x, y).ratio() < 0.8:
            return "name"
    sa, sb = set(a), set(b)
    if (sa & FIRM_MODALS and sb & WEAK_MODALS) or (sb & FIRM_MODALS and sa & WEAK_MODALS):
        return "modality"
    if (sa & HEDGE_ADVERBS) != (sb & HEDGE_ADVERBS):
        return "hedge"
    if (sa & INTENSIFIERS) != (sb & INTENSIFIERS):
        return "intensity"
    return None


def _span_words(text: str, start: int, end: int) -> list[tuple[str, int, int]]:
    return [(m.group(), start + m.start(), start + m.end()) for m in re.finditer(r"[\w’'-]+", text[start:end])]


def differences(aid: str, canon_aid: str, mine: Sequence[tuple[str, int, int]],
                theirs: Sequence[tuple[str, int, int]], mine_text: str = "", theirs_text: str = "") -> list[Difference]:
    """Word-level differences of a rendering (``mine``) from the canonical wording (``theirs``)."""
    matcher = difflib.SequenceMatcher(None, [w.lower() for w, _, _ in mine], [w.lower() for w, _, _ in theirs],
                                      autojunk=False)
    out = []
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            continue
        now = [w for w, _, _ in mine[i1:i2]]
        was = [w for w, _, _ in theirs[j1:j2]]
        variant = Citation(aid, mine[i1][1], mine[i2 - 1][2]) if i2 > i1 else None
        canonical = Citation(canon_aid, theirs[j1][1], theirs[j2 - 1][2]) if j2 > j1 else None
        kind = {"replace": "substituted", "delete": "added", "insert": "dropped"}[op]
        out.append(Difference(kind, variant, canonical, meaning(now, was, mine_text, theirs_text)))
    return out


def _speaker_entity(q: Quote) -> str | None:
    return q.speaker.entity if q.speaker is not None else None


def _speaker_words(ctx: FuseContext, aid: str, q: Quote) -> str:
    if q.speaker is None:
        return "unattributed"
    span = q.speaker.name or q.speaker
    return ctx.articles[aid].text[span.start:span.end]


def _variant(aid: str, q: Quote, similarity: float, diffs: tuple[Difference, ...]) -> QuoteVariant:
    content = tuple(Citation(aid, p.start, p.end) for p in q.pieces)
    speaker = Citation(aid, q.speaker.start, q.speaker.end) if q.speaker is not None else None
    changed = tuple(sorted({d.meaning for d in diffs if d.meaning}))
    return QuoteVariant(q.id, aid, q.kind, content, speaker, similarity, diffs, changed)


Scorer = Callable[[float, Sequence[str], Sequence[str], Mapping[str, float]], float]
Encoder = Callable[[Sequence[str]], NDArray[np.float32]]


def one_utterance(p: QuoteParams, value: float, same_person: bool) -> bool:
    """Whether two renderings alike by ``value`` (:meth:`~newsweave.fuse.Fuser.similarity`) are one utterance: very
    alike, or alike and said by the same person."""
    return value >= p.other_speaker or (same_person and value >= p.link)


def quote_groups(ctx: FuseContext, p: QuoteParams, encode: Encoder, similarity: Scorer) -> list[QuoteGroup]:
    """Quotes of different articles linked through their sentences (a long quote in one report may hold what another
    reports as two), clustered, and each cluster told as one utterance under its speaker."""
    items: list[tuple[str, Quote]] = []
    pieces: list[Piece] = []
    for aid, analysis in ctx.analyses.items():
        text = ctx.articles[aid].text
        for q in analysis.quotes:
            spans = quote_sentences(text, q)
            if spans:
                for start, end in spans:
                    pieces.append(Piece(len(items), aid, start, end, content_words(text[start:end]),
                                        negated(text[start:end])))
                items.append((aid, q))
    if not pieces:
        return []
    vectors = encode([ctx.articles[x.article].text[x.start:x.end] for x in pieces])
    sims = vectors @ vectors.T
    df = Counter(w for x in pieces for w in set(x.words))
    idf = {w: math.log((len(pieces) + 1) / (k + 1)) + 1.0 for w, k in df.items()}
    speaker = [_speaker_entity(q) if not q.suspect else None for _, q in items]
    people = {e for e, ent in ctx.entities.items() if ent.kind is MentionKind.PERSON}
    score: dict[tuple[int, int], float] = {}
    for i, x in enumerate(pieces):
        for j in range(i + 1, len(pieces)):
            y = pieces[j]
            if x.article != y.article:
                value = similarity(float(sims[i, j]), x.words, y.words, idf)
                value += 0.05 if x.negated and y.negated else -0.05 if x.negated != y.negated else 0.0
                score[(i, j)] = score[(j, i)] = value
    parent = list(range(len(items)))

    def find(k: int) -> int:
        while parent[k] != k:
            parent[k] = parent[parent[k]]
            k = parent[k]
        return k

    for (i, j), value in score.items():
        if i > j:
            continue
        qx, qy = pieces[i].item, pieces[j].item
        same = speaker[qx] is not None and speaker[qx] == speaker[qy] and speaker[qx] in people
        if one_utterance(p, value, same):
            parent[find(qy)] = find(qx)
        elif same and value >= p.mutual:
            # each other's best match among the speaker's sentences in the two articles
            mine = [k for k, z in enumerate(pieces)
                    if z.article == pieces[i].article and speaker[z.item] == speaker[qx]]
            theirs = [k for k, z in enumerate(pieces)
                      if z.article == pieces[j].article and speaker[z.item] == speaker[qx]]
            if value >= max(score[(i, k)] for k in theirs) and value >= max(score[(k, j)] for k in mine):
                parent[find(qy)] = find(qx)
    clusters: dict[int, list[int]] = defaultdict(list)
    for k in range(len(items)):
        clusters[find(k)].append(k)
    out = [_group(ctx, items, members, pieces, score, p) for members in clusters.values()
           if len({items[m][0] for m in members}) >= 2]
    out.sort(key=lambda g: (-g.independent, -len(g.variants), g.speaker_name))
    return out


def _group(ctx: FuseContext, items: Sequence[tuple[str, Quote]], members: Sequence[int], pieces: Sequence[Piece],
           score: Mapping[tuple[int, int], float], p: QuoteParams) -> QuoteGroup:
    votes: Counter[str] = Counter()
    for m in members:
        q = items[m][1]
        if (e := _speaker_entity(q)) is not None and not q.suspect:
            votes[e] += 1
    speaker = votes.most_common(1)[0][0] if votes else None
    kind_rank = {QuoteKind.DIRECT: 2, QuoteKind.MIXED: 1, QuoteKind.INDIRECT: 0}

    def rank(m: int) -> tuple[float, int, int, int]:
        aid, q = items[m]
        return ctx.originality(aid), kind_rank[q.kind], int(_speaker_entity(q) == speaker), q.end - q.start
    ordered = sorted(members, key=rank, reverse=True)
    canon = ordered[0]
    canon_aid, canon_q = items[canon]
    variants = [_variant(canon_aid, canon_q, 1.0, ())]
    canon_rows = [k for k, z in enumerate(pieces) if z.item == canon]
    for m in ordered[1:]:
        aid, q = items[m]
        diffs: list[Difference] = []
        best = 0.0
        for i, z in enumerate(pieces):
            if z.item != m or not canon_rows:
                continue
            j = max(canon_rows, key=lambda k: score.get((i, k), -1.0))
            value = score.get((i, j), -1.0)
            best = max(best, value)
            if value >= p.mutual:
                c = pieces[j]
                mine_text = ctx.articles[aid].text
                theirs_text = ctx.articles[canon_aid].text
                diffs += differences(aid, canon_aid, _span_words(mine_text, z.start, z.end),
                                     _span_words(theirs_text, c.start, c.end), mine_text[z.start:z.end],
                                     theirs_text[c.start:c.end])
        diffs = [d if d.meaning != "name" or (_names_person(ctx, d.variant) and _names_person(ctx, d.canonical))
                 else replace(d, meaning=None) for d in diffs]  # "Moscow" for "Russia" names no other person
        variants.append(_variant(aid, q, round(best, 3), tuple(diffs)))
    name = ctx.entities[speaker].name if speaker and speaker in ctx.entities else \
        _speaker_words(ctx, canon_aid, canon_q)
    return QuoteGroup(content_id("q", *sorted(items[m][1].id for m in members)), speaker, name, canon_q.id,
                      tuple(variants), ctx.independent([items[m][0] for m in members]))


def _names_person(ctx: FuseContext, c: Citation | None) -> bool:
    """Whether the words are (part of) a person's name, as the report's mentions read it."""
    return c is not None and any(m.kind is MentionKind.PERSON and m.start < c.end and c.start < m.end
                                 for m in ctx.analyses[c.article].mentions)


def canonical_text(ctx: FuseContext, g: QuoteGroup) -> str:
    v = g.variants[0]
    return " ".join(ctx.articles[v.article].text[c.start:c.end] for c in v.content)
