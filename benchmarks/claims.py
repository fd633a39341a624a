"""Claims on ECB+ dev: do sentences grouped into one claim state the same happening?

    .venv/bin/python benchmarks/claims.py [--events N]

Gold: the cross-document event chains of ECB+ (``cross_doc_mentions.jsonl``, tags ``ACTION_*``): two sentences of
different documents *state the same happening* when both hold a mention of one chain.  Only the sentences ECB+
annotated fully (``ECBplus_coreference_sentences.csv``) are scored.  Each gold event cluster
(``event_cluster``) is fused on its own (the fuse stage runs per event), so gold pairs are counted within an
event cluster.  Scored: pairwise precision / recall / F1 over cross-document sentence pairs — a predicted pair is
two sentences in one claim.

Baseline in the same run: TF-IDF cosine of the two sentences (fitted on the event's sentences) at the threshold
that gives the best F1 (swept, an optimistic baseline).  newsweave is shown at its shipped threshold and at a few
others (to show the trade-off); entity agreement here uses spaCy mentions linked by the store of the grouping
benchmark when present.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import defaultdict
from dataclasses import replace
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import DATA, ecb_docs, ecb_record, require, table

from newsweave.fuse import FuseParams, Fuser, _Context, _sentences
from newsweave.pipeline import Weaver


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--events", type=int, default=0, help="only the first N gold event clusters (0: all)")
    args = ap.parse_args()
    docs = ecb_docs()
    mentions_path = require(DATA / "ecbplus" / "cross_doc_mentions.jsonl", "ECB+ cross_doc_mentions.jsonl")
    chains: dict[tuple[str, int], set[str]] = defaultdict(set)  # (doc, sentence) → action chains
    for line in mentions_path.read_text(encoding="utf-8").splitlines():
        m = json.loads(line)
        if str(m["tag"]).startswith("ACTION"):
            chains[(m["doc_id"], int(m["sentence"]))].add(m["chain_id"])
    annotated = set()  # the sentences ECB+ annotated fully: pairs are scored among these only
    csv_path = require(DATA / "ecbplus" / "ECBplus_coreference_sentences.csv", "ECB+ coreference sentence list")
    for line in csv_path.read_text(encoding="utf-8").splitlines()[1:]:
        topic, file, number = line.split(",")
        annotated.add((f"{topic}_{file}", int(number)))
    by_event: dict[str, list[dict[str, object]]] = defaultdict(list)
    for d in docs:
        by_event[str(d["event_cluster"])].append(d)
    events = sorted(by_event)[: args.events or None]

    weaver = Weaver()
    fuser = Fuser(weaver.embedder)
    t0 = time.perf_counter()
    gold_pairs: set[tuple[tuple[str, int], tuple[str, int]]] = set()
    runs: dict[str, set[tuple[tuple[str, int], tuple[str, int]]]] = defaultdict(set)
    thresholds = [0.4, 0.45, 0.5, 0.55]
    tfidf_scores: list[tuple[float, tuple[tuple[str, int], tuple[str, int]]]] = []
    for n, event in enumerate(events, start=1):
        members = by_event[event]
        import tempfile

        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / "e.jsonl"
            path.write_text("\n".join(json.dumps(ecb_record(d)) for d in members), encoding="utf-8")
            articles, _, _ = weaver.read([path])
        pairs = list(weaver.analyze(articles))
        doc_of = {a.id: str(a.path).rsplit("(id ", 1)[-1].rstrip(")") for a, _ in pairs}
        ctx = _Context({a.id: a for a, _ in pairs}, {a.id: an for a, an in pairs}, {}, {})
        for a, an in pairs:
            ctx.sentences += _sentences(a, an, fuser.params.min_words)
        vectors = weaver.embedder.encode([s.text for s in ctx.sentences])
        for s, v in zip(ctx.sentences, vectors, strict=True):
            s.vector = v
        # our sentence → the gold sentence it lies in (by locating the gold sentences in the article's text)
        gold_of: dict[tuple[str, int], tuple[str, int]] = {}
        by_doc = {str(d["doc_id"]): d for d in members}
        for a, _ in pairs:
            doc = by_doc[doc_of[a.id]]
            shift = 1 if str(doc["doc_id"]).endswith("ecbplus") else 0  # ECB+ documents' sentence 0 is their URL
            cursor = 0
            for k, sent in enumerate(doc["sentences"]):  # type: ignore[arg-type]
                at = a.text.find(str(sent)[:40], cursor)
                if at < 0:
                    continue
                for s in ctx.sentences:
                    if s.article == a.id and at <= s.start < at + len(str(sent)) + 1:
                        gold_of[(a.id, s.start)] = (doc_of[a.id], k + shift)
                cursor = at
        keyed = [(s, gold_of.get((s.article, s.start))) for s in ctx.sentences]
        keyed = [(s, g) for s, g in keyed if g is not None and g in annotated]
        # gold: cross-document pairs sharing an action chain
        for i, (_, g1) in enumerate(keyed):
            for _, g2 in keyed[i + 1:]:
                if g1[0] != g2[0] and chains.get(g1, set()) & chains.get(g2, set()):  # type: ignore[index]
                    gold_pairs.add(_pair(g1, g2))  # type: ignore[arg-type]
        # newsweave at several thresholds
        for t, one in [(t, True) for t in thresholds] + [(t, False) for t in thresholds]:
            fuser.params = replace(FuseParams(), claim_link=t, one_per_article=one)
            name = f"newsweave claims (link ≥ {t}{'' if one else ', several sentences per article'})"
            for group in fuser.claims(ctx):
                gs = [gold_of.get((s.article, s.start)) for s in group]
                gs = [g for g in gs if g is not None and g in annotated]
                for i, g1 in enumerate(gs):
                    for g2 in gs[i + 1:]:
                        if g1[0] != g2[0]:
                            runs[name].add(_pair(g1, g2))
        # baseline: TF-IDF cosine of sentence pairs
        from sklearn.feature_extraction.text import TfidfVectorizer

        texts = [s.text for s, _ in keyed]
        if len(texts) >= 2:
            m = TfidfVectorizer(sublinear_tf=True, stop_words="english").fit_transform(texts)
            sims = (m @ m.T).toarray()
            for i, (_, g1) in enumerate(keyed):
                for j in range(i + 1, len(keyed)):
                    g2 = keyed[j][1]
                    if g1[0] != g2[0] and sims[i, j] >= 0.2:  # type: ignore[index]
                        tfidf_scores.append((float(sims[i, j]), _pair(g1, g2)))  # type: ignore[arg-type]
        print(f"\r{n}/{len(events)} events", end="", file=sys.stderr)
    print(file=sys.stderr)
    fuser.params = FuseParams()
    shipped = f"newsweave claims (link ≥ {FuseParams().claim_link})"
    rows = []
    for name in sorted(runs, key=lambda k: (k != shipped, k)):
        rows.append([name + (" — shipped" if name == shipped else ""), *_prf(runs[name], gold_pairs)])
    best = None
    for t in np.arange(0.2, 0.85, 0.05):
        pred = {p for s, p in tfidf_scores if s >= t}
        scored = _prf(pred, gold_pairs)
        if best is None or scored[3] > best[1][3]:
            best = (float(t), scored)
    if best is not None:
        rows.append([f"tfidf cosine (t={best[0]:.2f}, best of sweep)", *best[1]])
    print(table(["system", "pairs", "P", "R", "F1"], rows,
                title=f"ECB+ dev claims: {len(events)} gold events, {len(gold_pairs)} gold cross-document sentence "
                      f"pairs stating one happening; {time.perf_counter() - t0:.0f}s"))


def _pair(a: tuple[str, int], b: tuple[str, int]) -> tuple[tuple[str, int], tuple[str, int]]:
    return (a, b) if a < b else (b, a)


def _prf(pred: set[object], gold: set[object]) -> tuple[int, float, float, float]:
    tp = len(pred & gold)
    p = tp / len(pred) if pred else 0.0
    r = tp / len(gold) if gold else 0.0
    return len(pred), p, r, (2 * p * r / (p + r) if p + r else 0.0)


if __name__ == "__main__":
    main()
