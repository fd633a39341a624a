"""Entities: cross-document entity coreference on ECB+ and NER sanity on CoNLL-2003.

    .venv/bin/python benchmarks/entities.py [--limit N] [--skip-conll]

**ECB+** (``../shared/data/ecbplus/cross_doc_mentions.jsonl``): the gold participant and location
mentions (tags ``HUMAN_PART_*``, ``NON_HUMAN_PART*``, ``LOC_*``) with their cross-document ``chain_id``.
Each document of ``docs.jsonl`` is analysed (spaCy + newsweave's mention enrichment) and linked by the
:class:`~newsweave.entities.Linker`, either all at once ("batch") or one document after another as a feed
would bring them ("one at a time").  A gold mention is located in its sentence (its n-th occurrence for its
n-th annotation there); its predicted cluster is the entity of the newsweave mention (name, pronoun or
description) that overlaps it most, or a singleton when newsweave has no mention there.  ECB+ chains never
cross topics, so predicted clusters are split by topic (an entity seen in two topics counts as two).

Scores: B³ precision/recall/F1 and pairwise (MUC-free) precision/recall/F1 over gold mentions, for
every gold mention, for human participants only, and for *named* gold mentions only (capitalised, not
a pronoun) — the part newsweave's linker is built for.  Baselines in the same run: **exact string match**
over the *gold* mentions (same lower-cased text in one topic → one cluster; it is handed perfect mention
detection, which newsweave is not), and exact string match over *newsweave's own* mentions (the same
coverage as newsweave, so the difference between the two is the linking alone).

**CoNLL-2003 test** (``../shared/data/conll2003/test.txt``): PER/ORG/LOC entity F1 (exact span and type)
of spaCy's labels (PERSON→PER; ORG→ORG; GPE, LOC, FAC→LOC) before and after newsweave's label
correction, and after linking (each mention takes its entity's kind, voted over the document).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from itertools import combinations
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import DATA, bcubed, require, table
from linkers import new_linker, wave1_linker

from newsweave.analyze import Analyzer, _strip_determiner
from newsweave.model import Analysis, Article, MentionKind

PRONOUNS = frozenset("""i me my mine myself you your yours he him his himself she her hers herself it its itself we us
our ours ourselves they them their theirs themselves who whom whose which that this these those""".split())


# ----------------------------------------------------------------------------------------------
# ECB+


def _ecb_articles(limit: int | None, every: int = 1) -> tuple[list[Article], dict[str, list[int]]]:
    path = require(DATA / "ecbplus" / "docs.jsonl", "ECB+ docs.jsonl")
    docs = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()][::every]
    if limit:
        docs = docs[:limit]
    articles: list[Article] = []
    offsets: dict[str, list[int]] = {}
    for d in docs:
        sentences: list[str] = d["sentences"]
        starts, pos = [], 0
        for s in sentences:
            starts.append(pos)
            pos += len(s) + 1
        articles.append(Article(id=d["doc_id"], path=d["doc_id"], text="\n".join(sentences)))
        offsets[d["doc_id"]] = starts
    return articles, offsets


def _gold_mentions(articles: Sequence[Article], offsets: Mapping[str, list[int]]) -> list[dict[str, object]]:
    path = require(DATA / "ecbplus" / "cross_doc_mentions.jsonl", "ECB+ cross_doc_mentions.jsonl")
    texts = {a.id: a.text for a in articles}
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    rows = [r for r in rows if r["doc_id"] in texts and r["tag"].startswith(("HUMAN_PART", "NON_HUMAN_PART", "LOC"))]
    rows.sort(key=lambda r: (r["doc_id"], int(r["sentence"]), int(r["m_id"])))
    # The sentence numbers of the ECB+ annotation count a first line (the URL of "ecbplus" documents) that
    # docs.jsonl does not hold: per document, take the shift (0 or -1) that locates most of its mentions.
    shift: dict[str, int] = {}
    for doc in {r["doc_id"] for r in rows}:
        sentences = texts[doc].split("\n")
        mine = [r for r in rows if r["doc_id"] == doc]
        shift[doc] = max((0, -1), key=lambda d: sum(
            0 <= int(r["sentence"]) + d < len(sentences) and r["text"] in sentences[int(r["sentence"]) + d]
            for r in mine))
    used: dict[tuple[str, int, str], int] = defaultdict(int)
    out = []
    for r in rows:
        doc, sent = r["doc_id"], int(r["sentence"]) + shift[r["doc_id"]]
        if sent < 0:
            continue
        if sent >= len(offsets[doc]):
            continue
        start = offsets[doc][sent]
        end = offsets[doc][sent + 1] - 1 if sent + 1 < len(offsets[doc]) else len(texts[doc])
        sentence = texts[doc][start:end]
        key = (doc, sent, r["text"])
        at = -1
        for _ in range(used[key] + 1):
            at = sentence.find(r["text"], at + 1)
            if at < 0:
                break
        if at < 0:
            at = sentence.find(r["text"])
        if at < 0:
            continue
        used[key] += 1
        out.append({**r, "start": start + at, "end": start + at + len(r["text"])})
    return out


def _predicted(gold: Sequence[dict[str, object]], analyses: Mapping[str, Analysis]) -> dict[str, str]:
    """Each gold mention's predicted cluster: the entity of the newsweave mention overlapping it most."""
    out: dict[str, str] = {}
    for g in gold:
        key = f"{g['doc_id']}#{g['m_id']}"
        gs, ge = int(g["start"]), int(g["end"])  # type: ignore[call-overload]
        best, best_overlap = None, 0
        for m in analyses[str(g["doc_id"])].mentions:
            overlap = min(ge, m.end) - max(gs, m.start)
            if overlap > best_overlap and m.entity:
                best, best_overlap = m.entity, overlap
        out[key] = f"{g['topic']}|{best}" if best else f"single|{key}"
    return out


def _exact_string(gold: Sequence[dict[str, object]]) -> dict[str, str]:
    return {f"{g['doc_id']}#{g['m_id']}": f"{g['topic']}|{str(g['text']).lower()}" for g in gold}


def _exact_string_on_ours(gold: Sequence[dict[str, object]], analyses: Mapping[str, Analysis],
                          texts: Mapping[str, str]) -> dict[str, str]:
    """Exact string match over newsweave's own mentions: the same mention coverage as newsweave, clustered by
    lower-cased surface text in the topic (a gold mention with no newsweave mention is a singleton)."""
    out: dict[str, str] = {}
    for g in gold:
        key = f"{g['doc_id']}#{g['m_id']}"
        gs, ge = int(g["start"]), int(g["end"])  # type: ignore[call-overload]
        best, best_overlap = None, 0
        for m in analyses[str(g["doc_id"])].mentions:
            overlap = min(ge, m.end) - max(gs, m.start)
            if overlap > best_overlap:
                best, best_overlap = texts[str(g["doc_id"])][m.start:m.end].lower(), overlap
        out[key] = f"{g['topic']}|{best}" if best else f"single|{key}"
    return out


def pairwise(predicted: Mapping[str, str], gold: Mapping[str, str]) -> tuple[float, float, float]:
    """Precision/recall/F1 of "these two mentions corefer" over all mention pairs."""
    def pairs(assign: Mapping[str, str]) -> set[tuple[str, str]]:
        groups: dict[str, list[str]] = defaultdict(list)
        for item, cluster in assign.items():
            groups[cluster].append(item)
        return {(a, b) if a < b else (b, a) for members in groups.values() for a, b in combinations(members, 2)}

    items = [i for i in gold if i in predicted]
    p_pairs = pairs({i: predicted[i] for i in items})
    g_pairs = pairs({i: gold[i] for i in items})
    both = len(p_pairs & g_pairs)
    p = both / len(p_pairs) if p_pairs else 0.0
    r = both / len(g_pairs) if g_pairs else 0.0
    return p, r, 2 * p * r / (p + r) if p + r else 0.0


ONE_AT_A_TIME = "newsweave (one at a time)"
NAMED_PERSONS = "named persons"


@dataclass(slots=True)
class EcbEvaluation:
    """One ECB+ run: ``results[(gold subset, system)] = (n, B³ (P, R, F1), pairwise (P, R, F1))`` in table
    order, the coverage of each subset, and what the run took."""

    n_docs: int
    n_gold: int
    results: dict[tuple[str, str], tuple[int, tuple[float, float, float], tuple[float, float, float]]]
    coverage: dict[str, float]
    t_analyze: float
    t_batch: float
    t_feed: float


def ecb_evaluate(limit: int | None = None, analyzer: Analyzer | None = None, every: int = 1) -> EcbEvaluation:
    """Analyse the first ``limit`` ECB+ documents (all when None; of every ``every``-th document when > 1) once,
    link them with every system and score.  ``analyzer``: an already-loaded one to share (spaCy loads once)."""
    articles, offsets = _ecb_articles(limit, every)
    gold_rows = _gold_mentions(articles, offsets)
    analyzer = analyzer if analyzer is not None else Analyzer()
    t0 = time.perf_counter()
    pairs = [(article, analysis) for article, analysis, _ in analyzer.analyze(articles)]
    t_analyze = time.perf_counter() - t0
    gazetteer = analyzer.gazetteer()

    t0 = time.perf_counter()
    batch = {a.article: a for a in new_linker(gazetteer).link(pairs)}
    t_batch = time.perf_counter() - t0

    def one_at_a_time(linker: Any) -> dict[str, Analysis]:
        feed = {}
        for pair in pairs:
            (linked,) = linker.link([pair])
            feed[linked.article] = linked
        return feed

    t0 = time.perf_counter()
    feed = one_at_a_time(new_linker(gazetteer))
    t_feed = time.perf_counter() - t0
    wave1 = one_at_a_time(wave1_linker(gazetteer))

    texts = {a.id: a.text for a in articles}
    subsets = {
        "all participants + locations": gold_rows,
        "human participants": [g for g in gold_rows if str(g["tag"]).startswith("HUMAN_PART")],
        "named mentions": [g for g in gold_rows if str(g["text"])[:1].isupper()
                           and str(g["text"]).lower() not in PRONOUNS],
        NAMED_PERSONS: [g for g in gold_rows if str(g["tag"]).startswith("HUMAN_PART_PER")
                        and str(g["text"])[:1].isupper() and str(g["text"]).lower() not in PRONOUNS],
    }
    results: dict[tuple[str, str], tuple[int, tuple[float, float, float], tuple[float, float, float]]] = {}
    for name, subset in subsets.items():
        gold = {f"{g['doc_id']}#{g['m_id']}": str(g["chain_id"]) for g in subset}
        for system, predicted in ((ONE_AT_A_TIME, _predicted(subset, feed)),
                                  ("wave-1 linker (one at a time)", _predicted(subset, wave1)),
                                  ("newsweave (batch)", _predicted(subset, batch)),
                                  ("exact string, gold mentions", _exact_string(subset)),
                                  ("exact string, newsweave mentions", _exact_string_on_ours(subset, batch, texts))):
            results[(name, system)] = (len(subset), bcubed(predicted, gold), pairwise(predicted, gold))
    persons = subsets[NAMED_PERSONS]
    for fold_name, parity in (("odd topics", 1), ("even topics", 0)):
        part = [g for g in persons if int(str(g["topic"]).rstrip("ab") or 0) % 2 == parity]
        gold = {f"{g['doc_id']}#{g['m_id']}": str(g["chain_id"]) for g in part}
        for system, predicted in ((ONE_AT_A_TIME, _predicted(part, feed)),
                                  ("wave-1 linker (one at a time)", _predicted(part, wave1))):
            results[(f"{NAMED_PERSONS}, {fold_name}", system)] = (len(part), bcubed(predicted, gold),
                                                                  pairwise(predicted, gold))
    coverage: dict[str, float] = {}
    for name, subset in subsets.items():
        covered = sum(1 for g in subset if any(min(int(g["end"]), m.end) > max(int(g["start"]), m.start)  # type: ignore[call-overload]
                                               for m in batch[str(g["doc_id"])].mentions))
        coverage[name] = covered / max(len(subset), 1)
    return EcbEvaluation(len(articles), len(gold_rows), results, coverage, t_analyze, t_batch, t_feed)


def ecb_figures(limit: int | None = None, analyzer: Analyzer | None = None, every: int = 1) -> dict[str, float]:
    """The gated figures on a slice of ECB+ (as :func:`ecb_evaluate` takes it), as the table prints them: B³
    precision and recall of newsweave (one at a time) on the named persons."""
    _n, (p, r, _f), _pw = ecb_evaluate(limit, analyzer, every).results[(NAMED_PERSONS, ONE_AT_A_TIME)]
    return {"entities.ecb_named_persons.b3_precision": p, "entities.ecb_named_persons.b3_recall": r}


def ecb(limit: int | None) -> None:
    ev = ecb_evaluate(limit)
    for name, share in ev.coverage.items():
        print(f"coverage: newsweave has a mention (name, pronoun or description) at {share:.1%} "
              f"of the gold mentions of '{name}'")
    rows = [(name, n, system, *b, *pw) for (name, system), (n, b, pw) in ev.results.items()]
    print(table(["gold mentions", "n", "system", "B3 P", "B3 R", "B3 F1", "pair P", "pair R", "pair F1"], rows,
                title=f"ECB+ cross-document entity coreference: {ev.n_docs} docs, {ev.n_gold} gold "
                      f"mentions located of the participant/location tags; spaCy+enrich {ev.t_analyze:.1f}s, "
                      f"linking {ev.t_batch:.2f}s batch / {ev.t_feed:.2f}s one at a time"))


# ----------------------------------------------------------------------------------------------
# CoNLL-2003


CONLL_OF_SPACY = {"PERSON": "PER", "ORG": "ORG", "GPE": "LOC", "LOC": "LOC", "FAC": "LOC"}
CONLL_OF_KIND = {MentionKind.PERSON: "PER", MentionKind.ORGANIZATION: "ORG", MentionKind.PLACE: "LOC"}


def _conll_docs(path: Path) -> Iterable[tuple[str, set[tuple[int, int, str]]]]:
    """Documents as (text, gold entities as character spans with type); sentences on their own lines."""
    lines: list[str] = []
    gold: set[tuple[int, int, str]] = set()
    sentence: list[tuple[str, str]] = []
    pos = 0

    def flush_sentence() -> None:
        nonlocal pos, sentence
        if not sentence:
            return
        start_of: list[int] = []
        words = []
        at = pos
        for word, _ in sentence:
            start_of.append(at)
            words.append(word)
            at += len(word) + 1
        current: tuple[int, str] | None = None
        for k, (_word, tag) in enumerate(sentence):
            if current is not None and not tag.startswith("I-"):
                gold.add((current[0], start_of[k - 1] + len(sentence[k - 1][0]), current[1]))
                current = None
            if tag.startswith("B-") or (tag.startswith("I-") and current is None):
                current = (start_of[k], tag[2:])
        if current is not None:
            gold.add((current[0], start_of[-1] + len(sentence[-1][0]), current[1]))
        lines.append(" ".join(words))
        pos = at
        sentence = []

    for raw in path.read_text(encoding="utf-8").splitlines():
        if raw.startswith("-DOCSTART-"):
            flush_sentence()
            if lines:
                yield "\n".join(lines), gold
            lines, gold, pos = [], set(), 0
            continue
        if not raw.strip():
            flush_sentence()
            continue
        parts = raw.split()
        sentence.append((parts[0], parts[-1]))
    flush_sentence()
    if lines:
        yield "\n".join(lines), gold


def _f1(predicted: set[tuple[int, int, str]], gold: set[tuple[int, int, str]], kind: str) -> tuple[float, float, float]:
    p_set = {x for x in predicted if x[2] == kind}
    g_set = {x for x in gold if x[2] == kind}
    both = len(p_set & g_set)
    p = both / len(p_set) if p_set else 0.0
    r = both / len(g_set) if g_set else 0.0
    return p, r, 2 * p * r / (p + r) if p + r else 0.0


def conll() -> None:
    path = require(DATA / "conll2003" / "test.txt", "CoNLL-2003 test.txt")
    docs = list(_conll_docs(path))
    analyzer = Analyzer()
    articles = [Article(id=f"conll{n}", path=f"conll{n}", text=text) for n, (text, _) in enumerate(docs)]
    gold_all: set[tuple[int, int, str]] = set()
    raw_all: set[tuple[int, int, str]] = set()
    ours_all: set[tuple[int, int, str]] = set()
    linked_all: set[tuple[int, int, str]] = set()
    t0 = time.perf_counter()
    gazetteer = analyzer.gazetteer()
    for n, (article, analysis, doc) in enumerate(analyzer.analyze(articles)):
        base = n * 10_000_000  # keep documents apart in one set of spans
        gold_all |= {(base + s, base + e, k) for s, e, k in docs[n][1]}
        for ent in doc.ents:
            kind = CONLL_OF_SPACY.get(ent.label_)
            span = _strip_determiner(ent)  # the same "the …" / "…'s" trimming newsweave's mentions get
            if kind and span:
                raw_all.add((base + span[0], base + span[1], kind))
        linker = new_linker(gazetteer)  # one document at a time: kinds are voted within the document
        (linked,) = linker.link([(article, analysis)])
        kind_of = {e.id: e.kind for e in linker.all()}
        for m in linked.mentions:
            if m.label in ("PRON", "DESC"):
                continue
            if m.kind in CONLL_OF_KIND:
                ours_all.add((base + m.start, base + m.end, CONLL_OF_KIND[m.kind]))
            entity_kind = kind_of.get(m.entity or "", m.kind)
            if entity_kind in CONLL_OF_KIND:
                linked_all.add((base + m.start, base + m.end, CONLL_OF_KIND[entity_kind]))
    elapsed = time.perf_counter() - t0
    rows = []
    for name, predicted in (("spaCy en_core_web_sm labels (baseline)", raw_all),
                            ("newsweave corrected mention kinds", ours_all),
                            ("newsweave entity kinds (after linking)", linked_all)):
        row: list[object] = [name]
        for kind in ("PER", "ORG", "LOC"):
            row.append(_f1(predicted, gold_all, kind)[2])
        micro_p = len(predicted & gold_all) / len(predicted) if predicted else 0.0
        micro_r = len(predicted & gold_all) / len(gold_all) if gold_all else 0.0
        row.append(2 * micro_p * micro_r / (micro_p + micro_r) if micro_p + micro_r else 0.0)
        rows.append(row)
    print(table(["system", "PER F1", "ORG F1", "LOC F1", "PER+ORG+LOC F1"], rows,
                title=f"CoNLL-2003 test: {len(docs)} docs, {len(gold_all)} gold PER/ORG/LOC entities (exact span "
                      f"and type; MISC not scored); {elapsed:.1f}s"))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--limit", type=int, default=None, help="only the first N ECB+ documents")
    parser.add_argument("--skip-conll", action="store_true")
    parser.add_argument("--skip-ecb", action="store_true")
    args = parser.parse_args()
    if not args.skip_ecb:
        ecb(args.limit)
    if not args.skip_conll:
        print()
        conll()


if __name__ == "__main__":
    main()
