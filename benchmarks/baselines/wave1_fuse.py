"""FROZEN BASELINE (wave 1, before issue 15): the fuse stage as it was — claims by a hand-weighted similarity
(½ cosine + ½ content-word Dice + entity and number bonuses, average link ≥ 0.45), summary by MMR.  Loaded by
``benchmarks/claims.py`` and ``benchmarks/summary.py`` to measure the new fuse package against.  Do not edit.

Fuse: one event's reports → one account — claims with independent support, quote groups with their
variants diffed, disagreements, a timeline and a cited extractive summary.

Works on one event's articles at a time (the *fuse* of map → group → fuse).  Everything it states is a
:class:`~newsweave.model.Citation` into an article's text.

* **Claims**: the sentences of the event's articles, aligned across articles by embedding similarity plus
  agreement of the entities, numbers and dates they contain (average link, at most one sentence per article
  in a claim, so one article's repetitions never chain two facts together).  Each claim counts its
  *independent* sources with the provenance labels (:func:`~newsweave.provenance.independent`).
* **Quote groups**: every quote of the event (direct, indirect, mixed), clustered by what was said
  (sentence-level embedding similarity of the contents); the canonical wording is the rendering of the most
  original source (direct speech first); each other rendering is diffed word by word against the part of the
  canonical it matches, and changes of negation, numbers, hedges and intensity are flagged.
* **Disagreements**: within a claim, the same kind of number, a date or a place given differently; across the
  event, a person's titles that cannot both be right; an utterance put in different mouths.  "nearly four
  hours" and "practically 4 hours" agree: hedged numbers match within a margin.
* **Timeline**: the sentences that date a happening, merged across articles by claim, in date order; where
  only weekdays are known they are ordered within the event's week.
* **Actions**: the PLOVER actions the map stage coded in each report, merged when of the same type between the
  same actors (entities, so "Moscow" and "Russian negotiators" are Russia), with every sentence reporting them;
  negated and hypothetical actions stay apart from the ones that happened.
* **Summary**: maximal marginal relevance over the claims' wordings, preferring well-supported claims,
  central sentences and original sources.
"""

from __future__ import annotations

import difflib
import math
import re
from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

import numpy as np
from numpy.typing import NDArray

from newsweave.dates import WEEKDAYS, weekday_of
from newsweave.group import is_locative
from newsweave.model import (
    Action,
    ActorRef,
    Analysis,
    Article,
    Citation,
    Claim,
    Difference,
    Disagreement,
    Entity,
    EventAction,
    MentionKind,
    Party,
    Provenance,
    ProvenanceLabel,
    Quote,
    QuoteGroup,
    QuoteKind,
    QuoteVariant,
    SummarySentence,
    TimelineEntry,
    Value,
    content_id,
)
from newsweave.provenance import independent

if TYPE_CHECKING:
    from newsweave.embed import Embedder

FUSE_VERSION = "2"
"""Bumped when what fusing produces changes, so stored events are fused again."""
WORD = re.compile(r"[\w’'-]+|[^\w\s]")
ORIGINALITY = {  # how directly a source reports: the wording shown comes from the most direct one
    ProvenanceLabel.ORIGINAL: 1.0,
    ProvenanceLabel.PARAPHRASE: 0.7,
    ProvenanceLabel.PARTIAL_COPY: 0.6,
    ProvenanceLabel.TRANSLATION: 0.6,
    ProvenanceLabel.COPY: 0.5,
    ProvenanceLabel.SPUN: 0.3,
}
DERIVED = frozenset({ProvenanceLabel.SPUN, ProvenanceLabel.TRANSLATION, ProvenanceLabel.COPY})


@dataclass(frozen=True, slots=True)
class FuseParams:
    """Thresholds of the fuse stage; claim thresholds were set on ECB+ dev (benchmarks/claims.py)."""

    claim_link: float = 0.45  # average score of two sentences stating the same fact
    entity_weight: float = 0.15  # … bonus for the entities they share (Jaccard)
    number_weight: float = 0.25  # … bonus for a number (of the same thing) they share
    number_conflict: float = 0.1  # … malus for a number they give differently
    quote_link: float = 0.6  # similarity of two renderings of one utterance by one person (a sentence pair) …
    quote_mutual: float = 0.4  # … when the two are each other's best match among the speaker's sentences
    quote_other_speaker: float = 0.75  # … when the articles name different speakers
    summary_sentences: int = 4
    summary_words: int = 0  # a word budget instead of a sentence count, when > 0 (benchmarks)
    redundancy: float = 0.6  # MMR trade-off: weight of the similarity to what is already chosen
    centrality_weight: float = 0.45  # relevance of a claim: closeness to the event's centroid …
    support_weight: float = 0.35  # … how many independent sources state it …
    lead_weight: float = 0.2  # … and how early it comes (news puts the essential first)
    lead_decay: float = 1.0
    min_words: int = 5
    timeline_per_date: int = 3
    one_per_article: bool = True  # a claim takes at most one sentence of each article (no catch-all claims)


# ----------------------------------------------------------------------------------------------
# numbers


NUMBER_WORDS = {w: n for n, w in enumerate(
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen "
    "seventeen eighteen nineteen twenty".split())}
NUMBER_WORDS.update({"thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80,
                     "ninety": 90, "hundred": 100, "dozen": 12})
SCALES = {"thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12}
HEDGES = ("nearly", "almost", "about", "around", "some", "roughly", "approximately", "practically", "virtually",
          "close to", "more than", "over", "at least", "up to", "less than", "fewer than", "greater than", "just over",
          "just under", "an estimated", "estimated")
NUMBER = re.compile(
    r"(?<![\w.,])(?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|"
    + "|".join(sorted(NUMBER_WORDS, key=len, reverse=True)) + r")(?![\w,]*\d)"
    r"(?:\s+(?P<scale>thousand|million|billion|trillion))?",
    re.IGNORECASE,
)
UNIT_SKIP = frozenset("of the a an more than additional extra new other further".split())


@dataclass(frozen=True, slots=True)
class Quantity:
    value: float
    unit: str  # the noun counted, singular, lower case ("troop", "hour"); "" when none follows
    hedged: bool
    start: int
    end: int


def quantities(text: str, offset: int = 0) -> list[Quantity]:
    """Numbers with the noun they count ("100,000 Russian troops" → 100000 troop), hedges noted.
    Years and numbers inside dates are not quantities."""
    out = []
    for m in NUMBER.finditer(text):
        raw = m.group("num").lower()
        if raw in NUMBER_WORDS:
            if raw in ("one", "zero") or (raw == "some"):
                continue  # "one of the …": rarely a count
            value = float(NUMBER_WORDS[raw])
        else:
            value = float(raw.replace(",", ""))
            if re.fullmatch(r"(1[5-9]|20)\d\d", raw) and not m.group("scale"):
                continue  # a year
        if m.group("scale"):
            value *= SCALES[m.group("scale").lower()]
        before = text[max(0, m.start() - 20):m.start()].lower()
        hedged = any(before.rstrip().endswith(h) for h in HEDGES)
        unit = ""
        for w in re.findall(r"[A-Za-z][\w-]*", text[m.end():m.end() + 40])[:4]:
            if w[0].isupper() or w.lower() in UNIT_SKIP:
                continue
            unit = _singular(w.lower())
            break
        out.append(Quantity(value, unit, hedged, offset + m.start(), offset + m.end()))
    return out


def _singular(word: str) -> str:
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith("s") and not word.endswith("ss") and len(word) > 3:
        return word[:-1]
    return word


UNIT_CLASSES = ({"troop", "soldier", "force", "serviceman", "personnel"}, {"person", "people", "resident"},
                {"dead", "death", "killed", "fatality"}, {"hour", "hr"}, {"dollar", "usd"})


def same_unit(a: str, b: str) -> bool:
    return bool(a) and (a == b or any(a in c and b in c for c in UNIT_CLASSES))


def agree(a: Quantity, b: Quantity) -> bool:
    """Whether two quantities of the same unit can both be right: equal, or within 15% when one is hedged."""
    if a.value == b.value:
        return True
    margin = 0.15 if (a.hedged or b.hedged) else 0.0
    return abs(a.value - b.value) <= margin * max(a.value, b.value)


# ----------------------------------------------------------------------------------------------
# the event's sentences


@dataclass(slots=True)
class _Sentence:
    article: str
    index: int  # position among the article's body sentences (headline and short lines left out)
    start: int
    end: int
    text: str
    entities: frozenset[str]
    quantities: list[Quantity]
    days: frozenset[str]  # ISO days or weekday names
    places: frozenset[str]  # locative places ("in Brussels")
    words: list[str] = field(default_factory=list)  # content words
    vector: NDArray[np.float32] | None = None


@dataclass(slots=True)
class _Context:
    articles: dict[str, Article]
    analyses: dict[str, Analysis]
    provenance: Mapping[str, Provenance]
    entities: Mapping[str, Entity]
    sentences: list[_Sentence] = field(default_factory=list)

    def originality(self, article: str) -> float:
        p = self.provenance.get(article)
        return ORIGINALITY.get(p.label, 1.0) if p is not None else 1.0

    def derived(self, article: str) -> bool:
        p = self.provenance.get(article)
        return p is not None and p.label in DERIVED

    def independent(self, articles: Sequence[str]) -> int:
        return independent(set(articles), self.provenance)


def _sentences(article: Article, analysis: Analysis, min_words: int) -> list[_Sentence]:
    text = article.text
    out: list[_Sentence] = []
    headline_end = text.find("\n") if article.title and text.startswith(article.title[:20]) else -1
    for s in analysis.sentences:
        if s.end <= headline_end:
            continue  # the headline summarises; it states no fact of its own
        chunk = text[s.start:s.end]
        if len(re.findall(r"\w+", chunk)) < min_words:
            continue
        ents = frozenset(m.entity for m in analysis.mentions
                         if m.entity and s.start <= m.start < s.end and m.kind is not MentionKind.OTHER)
        places = frozenset(text[m.start:m.end].lower() for m in analysis.mentions
                           if m.kind is MentionKind.PLACE and s.start <= m.start < s.end and is_locative(text, m.start))
        days = set()
        for d in analysis.dates:
            if s.start <= d.start < s.end:
                if d.value and d.granularity == "day":
                    days.add(d.value)
                elif (wd := weekday_of(text[d.start:d.end])) is not None:
                    days.add(wd)
        out.append(_Sentence(article.id, len(out), s.start, s.end, chunk, ents, quantities(chunk, s.start),
                             frozenset(days), places, content_words(chunk)))
    return out


# ----------------------------------------------------------------------------------------------
# the fuser


STOP = frozenset("""a an the of to in on at by for with from and or but nor as is are was were be been being has have
had do does did it its this that these those there their they them he she his her we our us you your i me my which who
whom what when where while if then than so such also just only very will would shall should can could may might must
not no said says say told tell according about into over after before during since until up out one all any some
more most other another each every both either neither own same whether""".split())


def content_words(text: str) -> list[str]:
    """Lower-cased content words, singular, without possessives; names left out (entities weigh them)."""
    words = re.findall(r"[A-Za-z][A-Za-z-]*", text.replace("’s", "").replace("'s", ""))
    return [_singular(w.lower()) for k, w in enumerate(words)
            if w.lower() not in STOP and len(w) > 1 and (k == 0 or not w[0].isupper())]


class Fuser:
    """Fuses one event at a time; needs the sentence embedder, and WordNet synonyms (provenance's phrasebook)
    to see "danger" and "risk" as one word."""

    def __init__(self, embedder: Embedder, params: FuseParams | None = None,
                 synonyms: Mapping[str, frozenset[str]] | None = None) -> None:
        self.embedder = embedder
        self.params = params or FuseParams()
        if synonyms is None:
            from newsweave.provenance import Phrasebook
            synonyms = Phrasebook.load().synonyms
        self.synonyms = synonyms

    @staticmethod
    def blend(cosine: float, overlap: float) -> float:
        """Embedding similarity and shared (or synonymous) content words, half and half."""
        return 0.5 * cosine + 0.5 * overlap

    def overlap(self, a: Sequence[str], b: Sequence[str], idf: Mapping[str, float] | None = None) -> float:
        """Dice overlap of two texts' content words, a synonym counting as the word itself; words weighted by
        ``idf`` when given (a rare shared word says more than a common one)."""
        x, y = set(a), set(b)
        if not x or not y:
            return 0.0
        weight = idf or {}
        short, other = (x, y) if len(x) <= len(y) else (y, x)
        hits = sum(weight.get(w, 1.0) for w in short if w in other or (self.synonyms.get(w, frozenset()) & other))
        total = sum(weight.get(w, 1.0) for w in x) + sum(weight.get(w, 1.0) for w in y)
        return 2 * hits / total

    def fuse(self, members: Sequence[str], articles: Mapping[str, Article], analyses: Mapping[str, Analysis],
             provenance: Mapping[str, Provenance], entities: Mapping[str, Entity]) -> Fusion:
        present = [a for a in members if a in articles and a in analyses]
        mentioned = {m.entity for a in present for m in analyses[a].mentions if m.entity}
        ctx = _Context({a: articles[a] for a in present}, {a: analyses[a] for a in present}, provenance,
                       {e: entities[e] for e in mentioned if e in entities})
        for aid, article in ctx.articles.items():
            ctx.sentences += _sentences(article, ctx.analyses[aid], self.params.min_words)
        if ctx.sentences:
            vectors = self.embedder.encode([s.text for s in ctx.sentences])
            for s, v in zip(ctx.sentences, vectors, strict=True):
                s.vector = v
        groups = self.claims(ctx)
        claims = [self._claim(ctx, g) for g in groups]
        order = sorted(range(len(claims)), key=lambda i: (-claims[i].independent, -len(claims[i].support),
                                                          _position(ctx, groups[i])))
        claims = [claims[i] for i in order]
        groups = [groups[i] for i in order]
        quote_groups = self.quote_groups(ctx)
        disagreements = (self._claim_disagreements(ctx, claims, groups) + self._title_disagreements(ctx)
                         + self._speaker_disagreements(ctx, quote_groups))
        return Fusion(
            summary=tuple(self.summary(ctx, claims, groups)),
            claims=tuple(claims),
            quote_groups=tuple(quote_groups),
            disagreements=tuple(disagreements),
            timeline=tuple(self.timeline(ctx, claims, groups)),
            actions=tuple(self.actions(ctx)),
        )

    # -- actions ------------------------------------------------------------------------------------

    def actions(self, ctx: _Context) -> list[EventAction]:
        """The event's coded actions merged by (type, actual / negated / hypothetical, actor, recipient),
        each with every sentence reporting it; best supported first."""
        coded: list[tuple[str, Action, list[str]]] = []
        parties: dict[str, Party] = {}
        affiliations: dict[str, Counter[str]] = defaultdict(Counter)
        for aid, analysis in ctx.analyses.items():
            text = ctx.articles[aid].text
            for action in analysis.actions:
                keys = []
                for ref in (action.source, action.target):
                    if ref is not None and any(d.start < ref.end and ref.start < d.end for d in analysis.dates):
                        ref = None  # a date is nobody ("Wednesday's talks")
                    key, party = _party(ctx, text, ref)
                    keys.append(key)
                    if party is not None:
                        parties.setdefault(key, party)
                        if ref is not None and ref.affiliation:
                            affiliations[key][ref.affiliation] += 1
                coded.append((aid, action, keys))
        for key, seen in affiliations.items():
            best = seen.most_common(1)[0][0]
            if best != parties[key].name:
                parties[key] = replace(parties[key], affiliation=best)
        groups: dict[tuple[str, str, str, str], list[tuple[str, Action]]] = defaultdict(list)
        for aid, action, (source, target) in coded:
            if target and (target == source or (source in parties and parties[source].affiliation is not None
                                                and parties[source].affiliation == parties[target].name)):
                target = ""  # no one acts on their own side: "Grushko insisted that Russia …" names no recipient
            if not source and not target:
                continue  # nobody known on either side
            mode = action.mode if action.mode in ("negated", "hypothetical") else ""
            groups[(action.type, mode, source, target)].append((aid, action))
        _fill_unknown_parties(groups)
        out = []
        for (kind, mode, source, target), found in groups.items():
            support: dict[tuple[str, int], Citation] = {}
            triggers, dates, places = [], [], []
            for aid, action in found:
                sentence = _sentence_at(ctx.analyses[aid], action.trigger.start)
                support.setdefault((aid, sentence[0]), Citation(aid, *sentence))
                triggers.append(Citation(aid, action.trigger.start, action.trigger.end))
                if action.date is not None:
                    dates.append(Citation(aid, action.date.start, action.date.end))
                if action.place is not None:
                    places.append(Citation(aid, action.place.start, action.place.end))
            cites = sorted(support.values(), key=lambda c: (-ctx.originality(c.article), c.article, c.start))
            modes = sorted({a.mode for _, a in found if a.mode and a.mode != mode})
            out.append(EventAction(
                content_id("a", kind, mode, source, target), kind, mode, parties.get(source), parties.get(target),
                cites[0], tuple(sorted(cites, key=lambda c: (c.article, c.start))), tuple(triggers),
                ctx.independent([c.article for c in cites]), tuple(modes), tuple(dates), tuple(places)))
        out.sort(key=lambda a: (-a.independent, -len(a.support), a.statement.article, a.statement.start))
        return out

    # -- claims -------------------------------------------------------------------------------------

    def score(self, a: _Sentence, b: _Sentence, idf: Mapping[str, float] | None = None) -> float:
        """How surely two sentences of different articles state the same fact: embedding similarity and shared
        content words, plus the entities they share (weighted by how rare they are in the event: the
        participants every sentence names say nothing), numbers that agree, minus numbers and days that do not."""
        p = self.params
        assert a.vector is not None and b.vector is not None
        s = self.blend(float(np.dot(a.vector, b.vector)), self.overlap(a.words, b.words))
        if a.entities and b.entities:
            weight = idf or {}
            union = sum(weight.get(e, 1.0) for e in a.entities | b.entities)
            s += p.entity_weight * sum(weight.get(e, 1.0) for e in a.entities & b.entities) / max(union, 1e-9)
        shared = conflict = False
        for x in a.quantities:
            for y in b.quantities:
                if same_unit(x.unit, y.unit) or (x.value == y.value and x.value >= 1000):
                    if agree(x, y):
                        shared = True
                    elif same_unit(x.unit, y.unit):
                        conflict = True
        if shared:
            s += p.number_weight
        elif conflict:
            s -= p.number_conflict
        if a.days and b.days and not (a.days & b.days):
            s -= p.number_conflict
        return s

    def claims(self, ctx: _Context) -> list[list[_Sentence]]:
        """Sentences aligned into claims: average link over cross-article pairs, one sentence per article."""
        sents = ctx.sentences
        n = len(sents)
        if n == 0:
            return []
        vectors = np.stack([s.vector for s in sents])  # type: ignore[misc]
        cos = vectors @ vectors.T
        df = Counter(e for s in sents for e in s.entities)
        idf = {e: math.log((n + 1) / (k + 1)) for e, k in df.items()}
        candidates = []
        floor = 2 * (self.params.claim_link - self.params.entity_weight - self.params.number_weight) - 1
        for i, j in zip(*np.nonzero(np.triu(cos >= floor, k=1)), strict=True):
            if sents[i].article != sents[j].article:
                sc = self.score(sents[i], sents[j], idf)
                if sc >= self.params.claim_link:
                    candidates.append((sc, int(i), int(j)))
        candidates.sort(reverse=True)
        cluster = list(range(n))
        members: dict[int, list[int]] = {i: [i] for i in range(n)}
        scores: dict[tuple[int, int], float] = {(i, j): sc for sc, i, j in candidates}

        def pair(x: int, y: int) -> float:
            key = (x, y) if x < y else (y, x)
            if key not in scores:
                scores[key] = self.score(sents[x], sents[y], idf) if sents[x].article != sents[y].article else -1.0
            return scores[key]

        for _, i, j in candidates:
            ci, cj = cluster[i], cluster[j]
            if ci == cj:
                continue
            a, b = members[ci], members[cj]
            if self.params.one_per_article and {sents[x].article for x in a} & {sents[y].article for y in b}:
                continue
            # average link over the pairs of different articles (an article's own sentences are not compared)
            cross = [pair(x, y) for x in a for y in b if sents[x].article != sents[y].article]
            if not cross or sum(cross) / len(cross) < self.params.claim_link:
                continue
            for y in b:
                cluster[y] = ci
            a.extend(b)
            del members[cj]
        return [[sents[i] for i in sorted(m, key=lambda k: (sents[k].article, sents[k].start))]
                for m in members.values()]

    def _claim(self, ctx: _Context, group: Sequence[_Sentence]) -> Claim:
        best = self._representative(ctx, group)
        support = tuple(Citation(s.article, s.start, s.end) for s in group)
        return Claim(content_id("c", *(f"{c.article}:{c.start}" for c in support)),
                     Citation(best.article, best.start, best.end), support,
                     ctx.independent([s.article for s in group]))

    def _representative(self, ctx: _Context, group: Sequence[_Sentence]) -> _Sentence:
        """The wording from the most original source; among equals the one closest to the others."""
        def key(s: _Sentence) -> tuple[float, float]:
            centrality = sum(float(np.dot(s.vector, o.vector)) for o in group if o is not s)  # type: ignore[arg-type,misc]
            return ctx.originality(s.article), centrality
        return max(group, key=key)

    # -- quotes -------------------------------------------------------------------------------------

    def quote_groups(self, ctx: _Context) -> list[QuoteGroup]:
        """Quotes of different articles linked through their sentences (a long quote in one report may hold
        what another reports as two), clustered, and each cluster told as one utterance under its speaker."""
        items: list[tuple[str, Quote]] = []
        pieces: list[_Piece] = []
        for aid, analysis in ctx.analyses.items():
            text = ctx.articles[aid].text
            for q in analysis.quotes:
                spans = quote_sentences(text, q)
                if spans:
                    for start, end in spans:
                        pieces.append(_Piece(len(items), aid, start, end, content_words(text[start:end]),
                                             _negated(text[start:end])))
                    items.append((aid, q))
        if not pieces:
            return []
        vectors = self.embedder.encode([ctx.articles[x.article].text[x.start:x.end] for x in pieces])
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
                    score[(i, j)] = score[(j, i)] = self.piece_score(float(sims[i, j]), x, y, idf)
        parent = list(range(len(items)))

        def find(k: int) -> int:
            while parent[k] != k:
                parent[k] = parent[parent[k]]
                k = parent[k]
            return k

        p = self.params
        for (i, j), value in score.items():
            if i > j:
                continue
            qx, qy = pieces[i].item, pieces[j].item
            same = speaker[qx] is not None and speaker[qx] == speaker[qy] and speaker[qx] in people
            if value >= p.quote_other_speaker or (same and value >= p.quote_link):
                parent[find(qy)] = find(qx)
            elif same and value >= p.quote_mutual:
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
        out = []
        for members in clusters.values():
            if len({items[m][0] for m in members}) >= 2:
                out.append(self._quote_group(ctx, items, members, pieces, score))
        out.sort(key=lambda g: (-g.independent, -len(g.variants), g.speaker_name))
        return out

    def piece_score(self, cosine: float, x: _Piece, y: _Piece, idf: Mapping[str, float]) -> float:
        """How surely two quoted sentences render the same words: embedding similarity and shared (or synonymous)
        content words weighted by rarity; the same polarity counts for, a negation on one side only against."""
        value = self.blend(cosine, self.overlap(x.words, y.words, idf))
        if x.negated and y.negated:
            value += 0.05
        elif x.negated != y.negated:
            value -= 0.05
        return value

    def _quote_group(self, ctx: _Context, items: Sequence[tuple[str, Quote]], members: Sequence[int],
                     pieces: Sequence[_Piece], score: Mapping[tuple[int, int], float]) -> QuoteGroup:
        votes: Counter[str] = Counter()
        for m in members:
            q = items[m][1]
            if (e := _speaker_entity(q)) is not None and not q.suspect:
                votes[e] += 1
        speaker = votes.most_common(1)[0][0] if votes else None
        kind_rank = {QuoteKind.DIRECT: 2, QuoteKind.MIXED: 1, QuoteKind.INDIRECT: 0}

        def rank(m: int) -> tuple[float, int, int, int]:
            aid, q = items[m]
            return (ctx.originality(aid), kind_rank[q.kind], int(_speaker_entity(q) == speaker), q.end - q.start)
        ordered = sorted(members, key=rank, reverse=True)
        canon = ordered[0]
        canon_aid, canon_q = items[canon]
        variants = [_plain_variant(canon_aid, canon_q, 1.0, ())]
        canon_rows = [k for k, z in enumerate(pieces) if z.item == canon]
        for m in ordered[1:]:
            aid, q = items[m]
            differences: list[Difference] = []
            best = 0.0
            for i, z in enumerate(pieces):
                if z.item != m or not canon_rows:
                    continue
                j = max(canon_rows, key=lambda k: score.get((i, k), -1.0))
                value = score.get((i, j), -1.0)
                best = max(best, value)
                if value >= self.params.quote_mutual:
                    c = pieces[j]
                    differences += _differences(
                        aid, canon_aid, _span_words(ctx.articles[aid].text, z.start, z.end),
                        _span_words(ctx.articles[canon_aid].text, c.start, c.end))
            variants.append(_plain_variant(aid, q, round(best, 3), tuple(differences)))
        name = ctx.entities[speaker].name if speaker and speaker in ctx.entities else \
            _speaker_words(ctx, canon_aid, canon_q)
        return QuoteGroup(content_id("q", *sorted(items[m][1].id for m in members)), speaker, name, canon_q.id,
                          tuple(variants), ctx.independent([items[m][0] for m in members]))

    # -- disagreements ------------------------------------------------------------------------------

    def _claim_disagreements(self, ctx: _Context, claims: Sequence[Claim],
                             groups: Sequence[Sequence[_Sentence]]) -> list[Disagreement]:
        out = []
        for claim, whole in zip(claims, groups, strict=True):
            # only sentences that say the same closely: a looser member may state a neighbouring fact
            rep = _by_citation(whole, claim.statement)
            group = [s for s in whole if s is rep or self.score(s, rep) >= self.params.claim_link + 0.1]
            if len(group) < 2:
                continue
            # numbers: the same unit counted differently
            by_unit: dict[str, list[tuple[Quantity, _Sentence]]] = defaultdict(list)
            for s in group:
                for q in s.quantities:
                    if q.unit:
                        key = next((min(c) for c in UNIT_CLASSES if q.unit in c), q.unit)
                        by_unit[key].append((q, s))
            for unit, found in by_unit.items():
                if len({s.article for _, s in found}) < 2:
                    continue
                classes: list[list[tuple[Quantity, _Sentence]]] = []
                for q, s in found:
                    home = next((c for c in classes if all(agree(q, o) for o, _ in c)), None)
                    if home is None:
                        classes.append([(q, s)])
                    else:
                        home.append((q, s))
                if len(classes) >= 2 and len({s.article for c in classes for _, s in c}) >= 2 \
                        and all(len({s.article for _, s in c}) for c in classes):
                    values = [self._value(ctx, _format(c[0][0]), [(s.article, q.start, q.end) for q, s in c])
                              for c in classes]
                    if len({v.citations[0].article for v in values}) >= 2 or any(len(v.citations) > 1 for v in values):
                        out.append(_disagreement("number", _plural(unit), values, claim.id))
            # dates and places: each sentence gives one, and they differ — only between sentences worded alike
            # (sentences joined by a shared number may date two different happenings)
            alike = [s for s in group if s is rep or self.blend(float(np.dot(s.vector, rep.vector)),  # type: ignore[arg-type]
                                                                self.overlap(s.words, rep.words)) >= 0.55]
            for kind, attr in (("date", "days"), ("place", "places")):
                given = [(s, getattr(s, attr)) for s in alike if len(getattr(s, attr)) == 1]
                distinct = {next(iter(v)) for _, v in given}
                if len(distinct) >= 2 and not _nested(distinct) and len({s.article for s, _ in given}) >= 2:
                    values = []
                    for value in sorted(distinct):
                        cites = [(s.article, *_find(ctx.articles[s.article].text, s, value)) for s, v in given
                                 if value in v]
                        values.append(self._value(ctx, value.capitalize() if value in WEEKDAYS else value, cites))
                    out.append(_disagreement(kind, "when" if kind == "date" else "where", values, claim.id))
        return out

    def _title_disagreements(self, ctx: _Context) -> list[Disagreement]:
        out = []
        for entity in ctx.entities.values():
            if entity.kind is not MentionKind.PERSON:
                continue
            forms: dict[frozenset[str], list[tuple[str, Citation]]] = defaultdict(list)
            for title in entity.titles:
                first, *rest = re.findall(r"[\w.-]+", title.text) or [""]
                if first.lower() in ("the", "a", "an") or not any(w[:1].isupper() for w in rest):
                    continue  # a description ("the lead official in the talks", "Russian negotiator"), not a title
                core = _title_core(title.text, ctx)
                if not core:
                    continue
                for c in title.citations:
                    if c.article in ctx.articles:
                        forms[core].append((title.text, c))
            cores = [k for k in forms if forms[k] and len(k) >= 2]  # a lone rank ("Colonel") fits any post
            # titles that cannot both be right: neither's words (or their synonyms) contain the other's
            distinct = [k for k in cores if not any(k != o and self._within(k, o) for o in cores)]
            if len(distinct) < 2 or len({c.article for k in distinct for _, c in forms[k]}) < 2:
                continue
            values = []
            for k in distinct:
                cites = [c for _, c in forms[k]] + [c for o in cores if o != k and o not in distinct
                                                    and self._within(o, k) for _, c in forms[o]]
                text = Counter(t for t, _ in forms[k]).most_common(1)[0][0]
                values.append(self._value(ctx, text, [(c.article, c.start, c.end) for c in cites]))
            out.append(_disagreement("title", f"{entity.name}’s title", values, None))
        return out

    def _within(self, a: frozenset[str], b: frozenset[str]) -> bool:
        """Whether every word of title ``a`` is in title ``b``, itself or as a synonym ("Overseas Minister" is
        within "Deputy Foreign Minister"); equal sets are within each other, and the first in order wins."""
        if a == b:
            return False
        return all(w in b or (self.synonyms.get(w, frozenset()) & b) for w in a) and \
            (len(a) < len(b) or sorted(a) > sorted(b))

    def _speaker_disagreements(self, ctx: _Context, groups: Sequence[QuoteGroup]) -> list[Disagreement]:
        out = []
        for g in groups:
            said: dict[str, list[tuple[str, int, int]]] = defaultdict(list)
            for v in g.variants:
                if v.speaker is None:
                    continue
                q = next(q for q in ctx.analyses[v.article].quotes if q.id == v.quote)
                entity = _speaker_entity(q)
                name = ctx.entities[entity].name if entity and entity in ctx.entities else \
                    ctx.articles[v.article].text[v.speaker.start:v.speaker.end]
                said[name].append((v.article, v.speaker.start, v.speaker.end))
            if len(said) >= 2:
                values = [self._value(ctx, name, cites) for name, cites in said.items()]
                out.append(_disagreement("speaker", f"who said “{_short(_canon_text(ctx, g))}”", values, None))
        return out

    def _value(self, ctx: _Context, value: str, cites: Sequence[tuple[str, int, int]]) -> Value:
        citations = tuple(dict.fromkeys(Citation(a, s, e) for a, s, e in cites))
        articles = [c.article for c in citations]
        return Value(value, citations, ctx.independent(articles), all(ctx.derived(a) for a in articles))

    # -- timeline -----------------------------------------------------------------------------------

    def timeline(self, ctx: _Context, claims: Sequence[Claim],
                 groups: Sequence[Sequence[_Sentence]]) -> list[TimelineEntry]:
        claim_of = {(s.article, s.start): n for n, g in enumerate(groups) for s in g}
        entries: dict[tuple[str, int], list[tuple[_Sentence, Citation]]] = defaultdict(list)
        values: dict[tuple[str, int], str] = {}
        for s in ctx.sentences:
            analysis = ctx.analyses[s.article]
            text = ctx.articles[s.article].text
            for d in analysis.dates:
                if not (s.start <= d.start < s.end):
                    continue
                if d.value and d.granularity in ("day", "month", "year"):
                    value = d.value
                elif (wd := weekday_of(text[d.start:d.end])) is not None and not d.value:
                    value = wd
                else:
                    continue
                key = (value, claim_of.get((s.article, s.start), -1 - len(entries)))
                values[key] = value
                entries[key].append((s, Citation(s.article, d.start, d.end)))
        out = []
        for key, found in entries.items():
            value = values[key]
            best = self._representative(ctx, [s for s, _ in found])
            date = next(c for s, c in found if s is best)
            resolved = value not in WEEKDAYS
            out.append(TimelineEntry(value.capitalize() if not resolved else value, resolved, date,
                                     Citation(best.article, best.start, best.end),
                                     tuple(dict.fromkeys(Citation(s.article, s.start, s.end) for s, _ in found))))
        out.sort(key=lambda e: (not e.resolved, e.when if e.resolved else f"{WEEKDAYS.index(e.when.lower())}",
                                -len(e.citations), e.statement.article, e.statement.start))
        kept: Counter[str] = Counter()
        shown = []
        for e in out:  # the best-supported happenings of each date (the report lists, not every passing mention)
            kept[e.when] += 1
            if kept[e.when] <= self.params.timeline_per_date:
                shown.append(e)
        return shown

    # -- summary ------------------------------------------------------------------------------------

    def summary(self, ctx: _Context, claims: Sequence[Claim],
                groups: Sequence[Sequence[_Sentence]]) -> list[SummarySentence]:
        return select_summary(ctx, claims, groups, self.params)


@dataclass(frozen=True, slots=True)
class Fusion:
    """What the fuse stage adds to an event."""

    summary: tuple[SummarySentence, ...] = ()
    claims: tuple[Claim, ...] = ()
    quote_groups: tuple[QuoteGroup, ...] = ()
    disagreements: tuple[Disagreement, ...] = ()
    timeline: tuple[TimelineEntry, ...] = ()
    actions: tuple[EventAction, ...] = ()


UNRESOLVED = frozenset("he she it they we i him her them us you who which that this these those".split())
"""Actor words that name nobody unless resolved to a name."""


def _fill_unknown_parties(groups: dict[tuple[str, str, str, str], list[tuple[str, Action]]]) -> None:
    """An action whose recipient (or actor) a report leaves unsaid joins the one action of its type, mode and
    actor (recipient) that names one: "Moscow's demands" in an event where Russia demands things of NATO only.
    With several candidates it stays apart: the event does not say which is meant."""
    for side in (3, 2):  # recipient unknown, then actor unknown
        for key in [k for k in groups if k[side] == "" and k[5 - side] != ""]:
            same = [k for k in groups if k[:2] == key[:2] and k[5 - side] == key[5 - side] and k[side] != ""]
            if len(same) == 1:
                groups[same[0]].extend(groups.pop(key))


def _party(ctx: _Context, text: str, ref: ActorRef | None) -> tuple[str, Party | None]:
    """An actor's merge key (its entity, else its folded name) and how it is shown (the entity's name)."""
    if ref is None:
        return "", None
    entity = ctx.entities.get(ref.entity) if ref.entity else None
    if entity is not None:
        return entity.id, Party(entity.name, entity.id)
    name = ref.name or " ".join(text[ref.start:ref.end].split())
    if not ref.name and name.lower() in UNRESOLVED:
        return "", None  # "it", "they": nobody known
    named = next((e for e in ctx.entities.values() if e.name == name), None)  # "Russia" when only named so
    if named is not None:
        return named.id, Party(named.name, named.id)
    return "t:" + name.lower(), Party(name)


def _sentence_at(analysis: Analysis, offset: int) -> tuple[int, int]:
    """The sentence holding a character offset (the offset alone when none does)."""
    for s in analysis.sentences:
        if s.start <= offset < s.end:
            return s.start, s.end
    return offset, offset


def select_summary(ctx: _Context, claims: Sequence[Claim], groups: Sequence[Sequence[_Sentence]],
                   params: FuseParams) -> list[SummarySentence]:
    """Maximal marginal relevance over the claims' wordings: support, centrality, lead position, originality."""
    if not claims:
        return []
    reps = [_by_citation(g, c.statement) for c, g in zip(claims, groups, strict=True)]
    vectors = np.stack([r.vector for r in reps])  # type: ignore[misc]
    centroid = np.stack([s.vector for s in ctx.sentences]).mean(axis=0)  # type: ignore[misc]
    centroid /= max(float(np.linalg.norm(centroid)), 1e-9)
    n_articles = max(len(ctx.articles), 1)
    relevance = []
    for c, r, v in zip(claims, reps, vectors, strict=True):
        support = math.log1p(c.independent) / math.log1p(n_articles)
        lead = 1.0 / (1.0 + params.lead_decay * min(s.index for s in groups[claims.index(c)]))
        words = len(r.text.split())
        length = 1.0 if words >= 10 else 0.6  # a fragment says little
        question = 0.5 if r.text.rstrip().endswith("?") else 1.0
        question *= 0.7 if r.text.lstrip()[:1] in "“\"‘'«" else 1.0  # a quotation: a voice, not the account
        if r.text.count("“") != r.text.count("”") or r.text.count('"') % 2:
            question *= 0.6  # a piece of a quotation the sentence splitter cut: it does not stand alone
        relevance.append((params.centrality_weight * float(v @ centroid) + params.support_weight * support
                          + params.lead_weight * lead)
                         * (0.7 + 0.3 * ctx.originality(r.article)) * length * question)
    chosen: list[int] = []
    words = 0
    while len(chosen) < len(claims):
        best, best_score = -1, -math.inf
        for i in range(len(claims)):
            if i in chosen:
                continue
            overlap = max((float(vectors[i] @ vectors[j]) for j in chosen), default=0.0)
            score = (1 - params.redundancy) * relevance[i] - params.redundancy * overlap * 0.5
            if score > best_score:
                best, best_score = i, score
        chosen.append(best)
        words += len(reps[best].text.split())
        if params.summary_words > 0:
            if words >= params.summary_words:
                break
        elif len(chosen) >= params.summary_sentences:
            break
    return [SummarySentence(claims[i].statement, claims[i].id, claims[i].independent) for i in chosen]


# ----------------------------------------------------------------------------------------------
# helpers


def _position(ctx: _Context, group: Sequence[_Sentence]) -> tuple[int, str]:
    return min(s.index for s in group), group[0].article


def _by_citation(group: Sequence[_Sentence], c: Citation) -> _Sentence:
    return next(s for s in group if s.article == c.article and s.start == c.start)


@dataclass(slots=True)
class _Piece:
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


def _negated(text: str) -> bool:
    return bool(set(re.findall(r"[a-z']+", text.lower().replace("’", "'"))) & NEGATION)


def _plain_variant(aid: str, q: Quote, similarity: float, differences: tuple[Difference, ...]) -> QuoteVariant:
    content = tuple(Citation(aid, p.start, p.end) for p in q.pieces)
    speaker = Citation(aid, q.speaker.start, q.speaker.end) if q.speaker is not None else None
    changed = tuple(sorted({d.meaning for d in differences if d.meaning}))
    return QuoteVariant(q.id, aid, q.kind, content, speaker, similarity, differences, changed)


def _span_words(text: str, start: int, end: int) -> list[tuple[str, int, int]]:
    return [(m.group(), start + m.start(), start + m.end()) for m in re.finditer(r"[\w’'-]+", text[start:end])]


def _speaker_entity(q: Quote) -> str | None:
    return q.speaker.entity if q.speaker is not None else None


def _speaker_words(ctx: _Context, aid: str, q: Quote) -> str:
    if q.speaker is None:
        return "unattributed"
    span = q.speaker.name or q.speaker
    return ctx.articles[aid].text[span.start:span.end]


NEGATION = frozenset("no not never none nor nothing nobody neither without n't cannot can't won't don't doesn't "
                     "didn't isn't aren't wasn't weren't".split())
HEDGE_WORDS = frozenset("may might could possibly perhaps probably likely unlikely maybe seem seems appear appears "
                        "reportedly allegedly apparently".split())  # approximate numbers are the number check's
INTENSIFIERS = frozenset("very absolutely extremely completely totally fully really seriously deeply highly strongly "
                         "utterly entirely definitely certainly clearly".split())


def _meaning(now: Sequence[str], was: Sequence[str]) -> str | None:
    a = {w.lower().replace("’", "'") for w in now}
    b = {w.lower().replace("’", "'") for w in was}
    if (a & NEGATION) != (b & NEGATION) and (a | b) & NEGATION:
        return "negation"
    if any(w[:1].isdigit() or w in NUMBER_WORDS for w in a ^ b):
        return "number"
    if (a & HEDGE_WORDS) != (b & HEDGE_WORDS):
        return "hedge"
    if (a & INTENSIFIERS) != (b & INTENSIFIERS):
        return "intensity"
    return None


def _differences(aid: str, canon_aid: str, mine: Sequence[tuple[str, int, int]],
                 theirs: Sequence[tuple[str, int, int]]) -> list[Difference]:
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
        # a is this rendering, b the canonical: "delete" = words only this rendering has
        kind = {"replace": "substituted", "delete": "added", "insert": "dropped"}[op]
        out.append(Difference(kind, variant, canonical, _meaning(now, was)))
    return out


def _title_core(title: str, ctx: _Context) -> frozenset[str]:
    """A title's own words, without the country or organisation it is of ("US Assistant Secretary of State" →
    {assistant, secretary, state}); hyphens and case do not matter."""
    names: set[str] = set()
    for aid, analysis in ctx.analyses.items():
        text = ctx.articles[aid].text
        for m in analysis.mentions:
            if m.kind in (MentionKind.PLACE, MentionKind.ORGANIZATION, MentionKind.GROUP):
                names.update(w.lower() for w in re.findall(r"[\w.]+", text[m.start:m.end].replace("’s", "")))
    words = re.findall(r"[\w.]+", title.replace("’s", "").replace("-", " ").lower())
    stop = {"the", "of", "for", "and", "in", "to", "a", "an", "'s"}
    return frozenset(_singular(w) for w in words if w not in stop and w not in names and w.rstrip(".") not in names
                     and w.replace(".", "") not in {"us", "usa", "uk"})


def _nested(values: set[str]) -> bool:
    """Whether one value contains all the others ("Brussels" and "NATO headquarters in Brussels")."""
    return any(all(v in u for v in values) for u in values)


def _find(text: str, s: _Sentence, value: str) -> tuple[int, int]:
    """Where in the sentence a date or place value is stated (the whole sentence when not literally there)."""
    at = text.lower().find(value.lower(), s.start, s.end)
    return (at, at + len(value)) if at >= 0 else (s.start, s.end)


def _format(q: Quantity) -> str:
    value = int(q.value) if q.value.is_integer() else q.value
    text = f"{value:,}" if isinstance(value, int) else str(value)
    return f"{'about ' if q.hedged else ''}{text} {q.unit}".strip()


def _plural(unit: str) -> str:
    return unit if unit.endswith("s") else unit + "s"


def _disagreement(kind: str, subject: str, values: Sequence[Value], claim: str | None) -> Disagreement:
    key = [kind, subject] + [f"{c.article}:{c.start}" for v in values for c in v.citations]
    return Disagreement(content_id("d", *key), kind, subject, tuple(values), claim)


def _canon_text(ctx: _Context, g: QuoteGroup) -> str:
    v = g.variants[0]
    return " ".join(ctx.articles[v.article].text[c.start:c.end] for c in v.content)


def _short(text: str, limit: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit - 1] + "…"
