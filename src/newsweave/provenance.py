"""Provenance: which articles are independent reporting and which are copies, partial copies,
paraphrases, synonym spins or machine translations of another — so that "five sources say so" is not one
source said five times.

Two kinds of evidence:

* **Between articles** (the original is in the corpus): candidate pairs come from MinHash LSH over word
  5-gram shingles (datasketch) and from the event grouping (articles of one event), each article keeping its
  nearest few (:mod:`newsweave.provenance_lsh`); each pair is compared
  by shingle containment (shared passages), and by sentence alignment with the embedding model, the aligned
  sentences diffed word by word (a spinner's one-word substitutions, a paraphrase's rewording).  Quotations are
  left out of both: outlets that quote the same press statement share its words without copying each other.
* **On its own** (the original is not in the corpus): a spun text breaks the collocations of news English
  ("safety talks" where news says "security talks" — phrase statistics shipped in ``data/phrases.tsv.gz``,
  synonyms from WordNet) and leaves articles that no longer fit their noun ("a assure", "an preliminary") — but
  edited originals also hold phrases the statistics never saw, so a spin on its own needs strong evidence (two
  misfit articles, or one with many odd phrases, or very many odd phrases: ≤ 1 % false flags on dev originals); a
  machine translation carries calques and artefacts ("this Thursday", "For his part,", a space before a
  comma, a sentence starting in lower case, Spanish-style accents on Russian names).

Copies collapse for counting: :func:`independent` counts an original and everything derived from it once.
"""

from __future__ import annotations

import difflib
import itertools
import math
import re
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np
from numpy.typing import NDArray

from .model import Analysis, Article, Citation, Evidence, Provenance, ProvenanceLabel
from .provenance_lsh import (
    LSH_THRESHOLD,
    NUM_PERM,
    SHINGLE,
    article_bands,
    band_keys,
    candidate_pairs,
    mask,
    nearest,
    quotation_spans,
    shingles,
)
from .rewriting import (
    DAYS,
    STOP,
    WORD,
    Phrasebook,
    article_mismatches,
    outlet_credits,
    rewrite_artefacts,
    translation_markers,
)

if TYPE_CHECKING:
    from .embed import Embedder

SPINNER_RARITY = 0.3  # mean log-frequency drop from a replaced word to its replacement: spinners pick rarer words

__all__ = ["LSH_THRESHOLD", "NUM_PERM", "SHINGLE", "STOP", "Phrasebook", "ProvenanceParams", "Provenancer",
           "article_bands", "article_mismatches", "band_keys", "independent", "mask", "nearest", "outlet_credits",
           "quotation_spans", "rewrite_artefacts", "shingles", "translation_markers"]


@dataclass(frozen=True, slots=True)
class ProvenanceParams:
    """Thresholds; set on the generated ECB+ set (benchmarks/provenance.py) and ECB+ originals."""

    aligned: float = 0.8  # cosine of two sentences that say the same thing
    copy_share: float = 0.8  # shingle containment of a near-verbatim copy
    partial_share: float = 0.12  # … of an article that takes passages of another
    copy_ratio: float = 0.9  # word-level similarity of aligned sentences in a copy
    spun_ratio: float = 0.5  # … lower bound for a one-word-substitution rewrite
    aligned_share: float = 0.5  # share of an article's sentences aligned to the other's: a rewrite
    spun_pairs: float = 0.2  # share of aligned sentences with word substitutions (by rarer words): a spin
    # on its own (original not in the corpus), chosen for ≤ 1 % false flags on dev originals (BASIL 2010–2016, ECB+
    # dev; benchmarks/provenance.py): edited news almost never leaves two "a"/"an" that do not fit their noun, while
    # phrases unattested in the phrase statistics are common in originals (p90 ≈ 4 per 1,000 words)
    standalone_mismatches: int = 2  # "a"/"an" before a word it does not fit: a spin on its own …
    standalone_mixed: float = 3.0  # … or one, with this many odd phrases per 1,000 words …
    standalone_spun: float = 10.0  # … or this many odd phrases per 1,000 words (three or more) without one
    translation_score: float = 2.0  # weighted markers (at least two kinds)
    credits: int = 2  # interviews credited to one other outlet ("he told Al Jazeera") …
    artefacts: int = 2  # … and rewriting artefacts: a rewrite of that outlet's report
    # each article is compared with at most this many others (provenance_lsh.nearest): the most LSH bands shared,
    # then the earliest.  On the generated set (12 others per family; 12 = all pairs) 8 and 4 leave no figure worse
    # and raise copy, partial-copy, paraphrase and spun F1 (weakly related pairs mislabelled spins as partial
    # copies); 8 keeps a margin for texts with many near versions
    candidates: int = 8


# ----------------------------------------------------------------------------------------------
# between articles


@dataclass(slots=True)
class _Doc:
    article: Article
    sentences: list[tuple[int, int]]
    shingles: dict[int, int]
    vectors: NDArray[np.float32] | None = None
    words: int = 0
    alteration: float = 0.0
    spun: list[Evidence] = field(default_factory=list)
    translation: tuple[float, list[Evidence]] = (0.0, [])
    credits: dict[str, list[Evidence]] = field(default_factory=dict)  # outlet → "told <outlet>" spans
    artefacts: list[Evidence] = field(default_factory=list)  # doubled words, quotes pinned on an outlet
    quoted: list[tuple[int, int]] = field(default_factory=list)  # sentences that are mostly quotation
    mismatches: list[Evidence] = field(default_factory=list)  # "a"/"an" that do not fit their noun


@dataclass(frozen=True, slots=True)
class _Relation:
    label: ProvenanceLabel
    strength: float
    evidence: tuple[Evidence, ...]
    rarer: float = 0.0  # how much rarer the child's substituted words are than the parent's (log-frequency)


class Provenancer:
    """Labels articles; needs the sentence embedder for alignment."""

    def __init__(self, embedder: Embedder, book: Phrasebook | None = None,
                 params: ProvenanceParams | None = None) -> None:
        self.embedder = embedder
        self.book = book or Phrasebook.load()
        self.params = params or ProvenanceParams()

    def assess(self, pairs: Sequence[tuple[Article, Analysis]],
               event_of: Mapping[str, str] | None = None) -> list[Provenance]:
        """The provenance of every article of ``pairs`` (compared with each other)."""
        docs = {a.id: self._doc(a, an) for a, an in pairs}
        order = {a.id: n for n, (a, _) in enumerate(pairs)}
        bands = {aid: band_keys(doc.shingles) for aid, doc in docs.items()}
        candidates = candidate_pairs(bands, set(docs), event_of or {}, order, self.params.candidates)
        derived = self._derive(docs, candidates, order)
        derived_ids = set(derived)  # prefer an original that is not itself derived from another
        return [self._label(docs[aid], derived.get(aid, []), derived_ids) for aid in docs]

    def assess_new(self, new: Sequence[tuple[Article, Analysis]], old: Sequence[tuple[Article, Analysis]],
                   order: Mapping[str, int], event_of: Mapping[str, str],
                   current: Mapping[str, Provenance]) -> tuple[list[Provenance], dict[str, list[tuple[int, int]]]]:
        """The provenance of the ``new`` articles, compared with their candidates among them and in ``old`` (the
        stored articles :func:`nearest` keeps for each of them, and the sources they derive from); stored articles
        are labelled again only when a new one is their source.  Returns the records to store (the new ones', and the
        old ones' that changed) and each new article's LSH buckets.  On an empty store it is :meth:`assess`."""
        docs = {a.id: self._doc(a, an) for a, an in [*new, *old]}
        fresh = {a.id for a, _ in new}
        bands = {aid: band_keys(doc.shingles) for aid, doc in docs.items()}
        sources = {aid: p.derived_from for aid, p in current.items() if p.derived_from}
        candidates = candidate_pairs(bands, fresh, event_of, order, self.params.candidates, sources)
        derived = self._derive(docs, candidates, order)
        derived_ids = set(derived)
        out = [self._label(docs[aid], derived.get(aid, []), derived_ids) for aid in docs if aid in fresh]
        for aid in docs:
            mine = derived.get(aid, [])
            if aid in fresh or not any(parent in fresh for _, parent in mine):
                continue
            was = current.get(aid)
            if was is not None and was.derived_from and was.derived_from in docs and was.derived_from not in fresh:
                pair = tuple(sorted((aid, was.derived_from)))
                mine = mine + self._derive(docs, {pair}, order).get(aid, [])  # type: ignore[arg-type]
            label = self._label(docs[aid], mine, derived_ids)
            if label != was:
                out.append(label)
        return out, {aid: bands[aid] for aid in fresh}

    def _derive(self, docs: Mapping[str, _Doc], candidates: set[tuple[str, str]],
                order: Mapping[str, int]) -> dict[str, list[tuple[_Relation, str]]]:
        """For each candidate pair related one way or the other: which derives from which, and how."""
        self._embed([docs[a] for pair in candidates for a in pair])
        relations: dict[tuple[str, str], tuple[_Relation | None, _Relation | None]] = {}
        for a, b in sorted(candidates):
            rel_ab = self._relation(docs[a], docs[b])
            rel_ba = self._relation(docs[b], docs[a])
            if rel_ab is not None or rel_ba is not None:
                relations[(a, b)] = (rel_ab, rel_ba)
        compilers = _compilers(relations, docs)
        derived: dict[str, list[tuple[_Relation, str]]] = defaultdict(list)
        for (a, b), (rel_ab, rel_ba) in relations.items():
            child, parent, rel = self._direction(docs[a], docs[b], rel_ab, rel_ba, order, compilers)
            derived[child].append((rel, parent))
        return derived

    # -- per article -------------------------------------------------------------------------------

    def _doc(self, article: Article, analysis: Analysis) -> _Doc:
        text = article.text
        sentences = [(s.start, s.end) for s in analysis.sentences if len(WORD.findall(text[s.start:s.end])) >= 4]
        quoted = quotation_spans(text, analysis)
        doc = _Doc(article, sentences, shingles(mask(text, quoted)), words=len(WORD.findall(text)))
        doc.quoted = [(s, e) for s, e in sentences if _covered(s, e, quoted) >= 0.5]
        doc.mismatches = article_mismatches(text)
        doc.spun = doc.mismatches + self.book.odd_phrases(text)
        doc.translation = translation_markers(text)
        doc.credits = outlet_credits(article, analysis)
        doc.artefacts = rewrite_artefacts(text, analysis)
        doc.alteration = 1000 * len(doc.spun) / max(doc.words, 1) + doc.translation[0]
        return doc

    def _embed(self, docs: Iterable[_Doc]) -> None:
        todo = {d.article.id: d for d in docs if d.vectors is None}
        texts = [d.article.text[s:e] for d in todo.values() for s, e in d.sentences]
        if not texts:
            return
        vectors = np.asarray(self.embedder.encode(texts), dtype=np.float32)
        vectors /= np.maximum(np.linalg.norm(vectors, axis=1, keepdims=True), 1e-9)
        k = 0
        for d in todo.values():
            d.vectors = vectors[k:k + len(d.sentences)]
            k += len(d.sentences)

    # -- a pair ------------------------------------------------------------------------------------

    def _relation(self, child: _Doc, parent: _Doc) -> _Relation | None:
        """How ``child`` could derive from ``parent``, with the evidence; None when it does not."""
        p = self.params
        shared = child.shingles.keys() & parent.shingles.keys()
        share = len(shared) / max(len(child.shingles), 1)
        back = len(shared) / max(len(parent.shingles), 1)
        # sentences that are mostly quotation are left out: outlets quoting one statement do not copy each other
        aligned = [x for x in self._aligned(child, parent) if x[0] not in child.quoted]
        n = max(len(child.sentences) - len(child.quoted), 1)
        aligned_share = len(aligned) / n
        exact = [x for x in aligned if x[2] >= p.copy_ratio]
        substituted = [x for x in aligned if p.spun_ratio <= x[2] < 0.98 and x[3]]
        swaps = sum(len(x[4]) for x in substituted)
        in_order = _in_order([x[1][0] for x in aligned])
        evidence = [e for x in substituted for e in x[4]]
        rarer = self._rarer(evidence)
        if aligned_share >= p.aligned_share and len(substituted) >= p.spun_pairs * len(aligned) \
                and swaps >= max(3, 0.25 * len(aligned)) and rarer >= SPINNER_RARITY:
            return _Relation(ProvenanceLabel.SPUN, aligned_share, tuple(evidence[:20]), rarer)
        if in_order and ((share >= p.copy_share and back >= 0.7)
                         or (aligned_share >= 0.8 and len(exact) >= 0.8 * len(aligned) and back >= 0.5)):
            return _Relation(ProvenanceLabel.COPY, share, self._passages(child, parent, shared))
        if aligned_share >= p.aligned_share and (len(exact) < 0.5 * len(aligned) or not in_order):
            note = "rewrites" if in_order else "reorders and rewrites"
            evidence = [Evidence("aligned-sentence", f"{note} “{_short(parent.article.text[ps:pe])}”", cs, ce,
                                 Citation(parent.article.id, ps, pe)) for (cs, ce), (ps, pe), *_ in aligned[:10]]
            return _Relation(ProvenanceLabel.PARAPHRASE, aligned_share, tuple(evidence))
        if share >= p.partial_share or len(exact) >= max(2, 0.2 * n):
            return _Relation(ProvenanceLabel.PARTIAL_COPY, max(share, len(exact) / n),
                             self._passages(child, parent, shared))
        return None

    def _rarer(self, substitutions: Sequence[Evidence]) -> float:
        """Mean log-frequency gap between the words replaced and their replacements: spinners pick rarer words."""
        gaps = []
        for e in substitutions:
            words = re.findall(r"“([^”]*)”", e.note)
            if len(words) == 2:
                now, was = (w.lower().split() for w in words)
                f_now = min((self.book.unigrams.get(w, 0) for w in now), default=0)
                f_was = min((self.book.unigrams.get(w, 0) for w in was), default=0)
                gaps.append(math.log1p(f_was) - math.log1p(f_now))
        return sum(gaps) / len(gaps) if gaps else 0.0

    def _aligned(self, child: _Doc, parent: _Doc) -> list[tuple[tuple[int, int], tuple[int, int], float, bool,
                                                                  list[Evidence]]]:
        """Child sentences whose best match in the parent says the same: (child span, parent span, word-level
        similarity, has word substitutions, substitution evidence)."""
        if child.vectors is None or parent.vectors is None or not len(child.vectors) or not len(parent.vectors):
            return []
        sims = child.vectors @ parent.vectors.T
        best = sims.argmax(axis=1)
        out = []
        for i, j in enumerate(best):
            if sims[i, j] < self.params.aligned:
                continue
            cs, ce = child.sentences[i]
            ps, pe = parent.sentences[int(j)]
            a = [(m.group(), cs + m.start(), cs + m.end()) for m in WORD.finditer(child.article.text[cs:ce])]
            b = [(m.group(), ps + m.start(), ps + m.end()) for m in WORD.finditer(parent.article.text[ps:pe])]
            matcher = difflib.SequenceMatcher(None, [w.lower() for w, _, _ in a], [w.lower() for w, _, _ in b],
                                              autojunk=False)
            subs = []
            for op, i1, i2, j1, j2 in matcher.get_opcodes():
                if op == "replace" and i2 - i1 <= 2 and j2 - j1 <= 2:
                    was = " ".join(w for w, _, _ in b[j1:j2])
                    now = " ".join(w for w, _, _ in a[i1:i2])
                    if _house_style(now, was):
                        continue  # "fire bomb"/"firebomb", "protestors"/"protesters", "Wednesday"/"today"
                    subs.append(Evidence("substitution", f"“{now}” for “{was}”", a[i1][1], a[i2 - 1][2],
                                         Citation(parent.article.id, b[j1][1], b[j2 - 1][2])))
            out.append(((cs, ce), (ps, pe), matcher.ratio(), bool(subs), subs))
        return out

    @staticmethod
    def _passages(child: _Doc, parent: _Doc, shared: set[int]) -> tuple[Evidence, ...]:
        """Shared passages: runs of shared shingles, as spans in both articles."""
        starts = sorted((child.shingles[h], parent.shingles[h]) for h in shared)
        runs: list[list[tuple[int, int]]] = []
        for c, p in starts:
            if runs and c - runs[-1][-1][0] <= 80 and 0 <= p - runs[-1][-1][1] <= 200:
                runs[-1].append((c, p))
            else:
                runs.append([(c, p)])
        runs.sort(key=len, reverse=True)
        out = []
        for run in runs[:8]:
            cs, ps = run[0]
            ce = min(len(child.article.text), run[-1][0] + 60)
            pe = min(len(parent.article.text), run[-1][1] + 60)
            out.append(Evidence("shared-passage", f"{len(run) + SHINGLE - 1} words in common", cs, ce,
                                Citation(parent.article.id, ps, pe)))
        return tuple(out)

    def _direction(self, a: _Doc, b: _Doc, rel_ab: _Relation | None, rel_ba: _Relation | None,
                   order: Mapping[str, int], compilers: set[str]) -> tuple[str, str, _Relation]:
        """Which of two related articles derives from the other: the later published; else the one that shows
        more alteration on its own; else the one compiled from several unrelated articles; else the one mostly
        contained in the other; else the later in the input."""
        pa, pb = a.article.published, b.article.published
        spun_gap = (rel_ab.rarer if rel_ab is not None else 0.0) - (rel_ba.rarer if rel_ba is not None else 0.0)
        if pa and pb and pa != pb:
            child_is_a = pa > pb
        elif abs(spun_gap) >= 0.5:
            child_is_a = spun_gap > 0  # the side whose substituted words are the rarer ones is the spin
        elif abs(a.alteration - b.alteration) >= 1.0:
            child_is_a = a.alteration > b.alteration
        elif (a.article.id in compilers) != (b.article.id in compilers):
            child_is_a = a.article.id in compilers
        elif rel_ab is not None and rel_ba is not None and abs(rel_ab.strength - rel_ba.strength) >= 0.1:
            child_is_a = rel_ab.strength > rel_ba.strength
        elif (rel_ab is None) != (rel_ba is None):
            child_is_a = rel_ab is not None
        else:
            child_is_a = order[a.article.id] > order[b.article.id]
        child, parent, own, other = (a, b, rel_ab, rel_ba) if child_is_a else (b, a, rel_ba, rel_ab)
        if own is None:  # the derived side shares passages, but is not itself a copy of the other
            assert other is not None
            own = _Relation(ProvenanceLabel.PARTIAL_COPY, other.strength * 0.5,
                            self._passages(child, parent, child.shingles.keys() & parent.shingles.keys()))
        return child.article.id, parent.article.id, own

    # -- the label ---------------------------------------------------------------------------------

    def _label(self, doc: _Doc, derived: Sequence[tuple[_Relation, str]], derived_ids: set[str]) -> Provenance:
        p = self.params
        aid = doc.article.id
        translation, markers = doc.translation
        spun_rate = 1000 * len(doc.spun) / max(doc.words, 1)
        if derived:
            rank = {ProvenanceLabel.COPY: 4, ProvenanceLabel.SPUN: 3, ProvenanceLabel.PARAPHRASE: 2,
                    ProvenanceLabel.PARTIAL_COPY: 1}
            rel, parent = max(derived, key=lambda x: (x[1] not in derived_ids, rank[x[0].label], x[0].strength))
            label = rel.label
            evidence = list(rel.evidence)
            if label is ProvenanceLabel.PARAPHRASE and translation >= p.translation_score:
                label, evidence = ProvenanceLabel.TRANSLATION, markers + evidence
            confidence = _squash(rel.strength, 0.5)
            return Provenance(aid, label, round(confidence, 2), parent, tuple(evidence[:25]))
        if translation >= p.translation_score and translation >= spun_rate:
            return Provenance(aid, ProvenanceLabel.TRANSLATION, round(_squash(translation, p.translation_score), 2),
                              None, tuple(markers), "the original is not in the corpus")
        mismatches = len(doc.mismatches)
        odd_rate = 1000 * (len(doc.spun) - mismatches) / max(doc.words, 1)
        if mismatches >= p.standalone_mismatches or (mismatches >= 1 and odd_rate >= p.standalone_mixed) or \
                (odd_rate >= p.standalone_spun and len(doc.spun) - mismatches >= 3):
            return Provenance(aid, ProvenanceLabel.SPUN, round(_squash(spun_rate, p.standalone_mixed), 2), None,
                              tuple(doc.spun[:25]), "the original is not in the corpus")
        source, credits = max(doc.credits.items(), key=lambda kv: len(kv[1]), default=("", []))
        if len(credits) >= p.credits and len(doc.artefacts) + len(doc.spun) >= p.artefacts:
            strength = (len(credits) + len(doc.artefacts) + len(doc.spun)) / (p.credits + p.artefacts)
            return Provenance(aid, ProvenanceLabel.PARAPHRASE, round(_squash(strength, 1.0) * 0.9, 2), None,
                              tuple(credits[:5] + doc.artefacts[:10] + doc.spun[:10]),
                              f"a rewrite of {source}’s report (not in the corpus): the interviews were given to "
                              f"{source}, and the text shows rewriting artefacts")
        oddness = max(spun_rate / p.standalone_spun, translation / p.translation_score)
        return Provenance(aid, ProvenanceLabel.ORIGINAL, round(max(0.5, 1 - 0.5 * oddness), 2))


def _covered(start: int, end: int, spans: Sequence[tuple[int, int]]) -> float:
    inside = sum(max(0, min(end, e) - max(start, s)) for s, e in spans)
    return inside / max(end - start, 1)


def _compilers(relations: Mapping[tuple[str, str], object], docs: Mapping[str, _Doc]) -> set[str]:
    """Articles made of passages of two or more articles that are not related to each other, none of which
    covers most of them: compiled from them (an original that others copied is covered by each copy)."""
    partners: dict[str, set[str]] = defaultdict(set)
    for a, b in relations:
        partners[a].add(b)
        partners[b].add(a)
    out = set()
    for aid, others in partners.items():
        mine = docs[aid].shingles.keys()
        if any(len(mine & docs[o].shingles.keys()) >= 0.8 * max(len(mine), 1) for o in others):
            continue
        others_list = sorted(others)
        if any((x, y) not in relations and (y, x) not in relations
               for i, x in enumerate(others_list) for y in others_list[i + 1:]):
            out.add(aid)
    return out


TIME_WORDS = frozenset(f"today yesterday tomorrow tonight {DAYS.replace('|', ' ')}".lower().split())


def _house_style(now: str, was: str) -> bool:
    """An editor's change, not a spinner's: a spelling variant, or a day named differently."""
    x, y = now.lower(), was.lower()
    if x.replace(" ", "") == y.replace(" ", "") or difflib.SequenceMatcher(None, x, y).ratio() >= 0.8:
        return True
    return bool(set(x.split()) & TIME_WORDS and set(y.split()) & TIME_WORDS)


def _in_order(positions: Sequence[int]) -> bool:
    """Whether aligned sentences keep the original's order (a copy) rather than a new one (a rewrite)."""
    if len(positions) < 3:
        return True
    steps = sum(1 for x, y in itertools.pairwise(positions) if y >= x)
    return steps >= 0.7 * (len(positions) - 1)


def _squash(value: float, threshold: float) -> float:
    """A confidence in [0.5, 1): 0.5 at the threshold, rising with the margin."""
    return 1 - 0.5 * math.exp(-max(value - threshold, 0.0) / max(threshold, 1e-9))


def _short(text: str, limit: int = 90) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit - 1] + "…"


def independent(article_ids: Iterable[str], provenance: Mapping[str, Provenance]) -> int:
    """How many independent sources a set of articles is: an original and its copies, spins and translations
    count once (following ``derived_from`` to the root)."""
    roots = set()
    for aid in article_ids:
        seen = {aid}
        while (p := provenance.get(aid)) is not None and p.derived_from and p.derived_from not in seen:
            aid = p.derived_from
            seen.add(aid)
        roots.add(aid)
    return len(roots)
