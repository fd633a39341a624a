"""Event and story grouping on ECB+ dev: BCubed P/R/F1, documents fed one at a time in shuffled order.

    .venv/bin/python benchmarks/grouping.py [--seeds 3] [--fresh] [--no-scale]

Gold: ``event_cluster`` (each ECB+ topic holds two look-alike real events) and ``topic`` (story level).
Baseline, in the same run: TF-IDF cosine over the full text with the same single-pass clustering, its
threshold swept and the best one reported (an optimistic baseline).

Scale: stores of 1k, 10k and 100k articles built from perturbed copies of the dev profiles under new
dates (each copy shifted by a multiple of 9 days, its vector nudged); then the time to add one more
article, beside the time the exact search alone (one matrix product over the store) would take.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import bcubed, ecb_docs, ecb_record, table

from newsweave.group import Grouper, GroupingParams, Profile, build_profile, lead_text
from newsweave.pipeline import Weaver
from newsweave.store import Store

CACHE = Path(__file__).resolve().parent / ".cache"


def load_profiles(fresh: bool) -> tuple[dict[str, Profile], dict[str, str], dict[str, str], dict[str, str]]:
    """Profiles of every ECB+ dev document (cached in a store), and gold event/topic per article id."""
    docs = ecb_docs()
    CACHE.mkdir(exist_ok=True)
    db = CACHE / "ecb.db"
    if fresh and db.exists():
        db.unlink()
    weaver = Weaver()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "ecb.jsonl"
        path.write_text("\n".join(json.dumps(ecb_record(d)) for d in docs), encoding="utf-8")
        articles, failures, _ = weaver.read([path])
    assert not failures, failures
    ids = {re.search(r"\(id (.+)\)$", a.path).group(1): a for a in articles}  # type: ignore[union-attr]
    gold_event = {ids[d["doc_id"]].id: str(d["event_cluster"]) for d in docs}
    gold_topic = {ids[d["doc_id"]].id: str(d["topic"]) for d in docs}
    texts = {a.id: a.text for a in articles}
    with Store(db) as store:
        todo = [a for a in articles if not store.has_analysis(a.id)]
        if todo:
            print(f"analysing {len(todo)} ECB+ documents (cached in {db}) …", file=sys.stderr)
            pairs = list(weaver.analyze(todo))
            vectors = weaver.embedder.encode([lead_text(a, an) for a, an in pairs])
            for (a, an), v in zip(pairs, vectors, strict=True):
                store.add_article(a, an)
                store.add_profile(build_profile(a, an, v))
        stored = {a.id: a for a in store.articles()}
        analyses = store.analyses()
        vectors_by_id = {p.article: p.vector for p in store.profiles()}
        profiles = {i: build_profile(stored[i], analyses[i], vectors_by_id[i]) for i in gold_event}
    return profiles, gold_event, gold_topic, texts


def run_newsweave(
    profiles: dict[str, Profile], order: list[str], params: GroupingParams
) -> tuple[dict[str, str], dict[str, str], list[float]]:
    grouper = Grouper(params)
    times = []
    for i in order:
        t = time.perf_counter()
        grouper.add(profiles[i])
        times.append(time.perf_counter() - t)
    events = dict(grouper.event_of)
    stories = {a: grouper.story_of[e] for a, e in events.items()}
    return events, stories, times


def run_tfidf(texts: dict[str, str], order: list[str], threshold: float) -> dict[str, str]:
    from sklearn.feature_extraction.text import TfidfVectorizer

    ids = list(texts)
    matrix = TfidfVectorizer(stop_words="english", sublinear_tf=True).fit_transform([texts[i] for i in ids])
    row = {i: n for n, i in enumerate(ids)}
    dense = matrix.toarray().astype(np.float32)
    clusters: list[list[int]] = []
    out: dict[str, str] = {}
    for i in order:
        v = dense[row[i]]
        best, best_score = -1, -1.0
        for c, members in enumerate(clusters):
            score = float(np.mean(dense[members] @ v))
            if score > best_score:
                best, best_score = c, score
        if best >= 0 and best_score >= threshold:
            clusters[best].append(row[i])
            out[i] = str(best)
        else:
            clusters.append([row[i]])
            out[i] = str(len(clusters) - 1)
    return out


def perturbed(p: Profile, copy: int, rng: np.random.Generator) -> Profile:
    """A copy of a profile as another article on another date: its vector nudged, its dates moved by
    ``copy`` × 9 days (so each copy is a look-alike happening of its own), its actors and places kept."""
    vector = np.asarray(p.vector, dtype=np.float32) + rng.normal(0, 0.02, len(p.vector)).astype(np.float32)
    vector /= np.linalg.norm(vector)

    def shift(days: frozenset[str] | dict[str, float]) -> dict[str, float]:
        out = {}
        for key, weight in (days.items() if isinstance(days, dict) else ((d, 1.0) for d in days)):
            out[_shifted(key, copy * 9)] = weight
        return out

    return Profile(f"{p.article}~{copy}", vector, p.actors, p.places, shift(dict(p.dates)),
                   _shifted(p.published, copy * 9) if p.published else None, p.lead_places,
                   frozenset(shift(p.lead_dates)), p.terms, p.figures)


def _shifted(value: str, days: int) -> str:
    from datetime import date, timedelta

    try:
        return (date.fromisoformat(value) + timedelta(days=days)).isoformat()
    except ValueError:
        return f"{value}+{days}"  # a weekday or partial date: a different, unrelated key


def scale(profiles: dict[str, Profile], sizes: list[int], probes: int) -> None:
    """Time to add one article to a store already holding N articles, for each N; beside exact search."""
    rng = np.random.default_rng(0)
    base = list(profiles.values())
    rows = []
    for size in sizes:
        stored = [perturbed(base[k % len(base)], 1 + k // len(base), rng) for k in range(size)]
        probe = [perturbed(base[k % len(base)], 10_000 + k, rng) for k in range(probes)]
        grouper = Grouper(GroupingParams())
        t0 = time.perf_counter()
        grouper.load(stored, {p.article: f"e{p.article}" for p in stored}, {f"e{p.article}": "s" for p in stored})
        build = time.perf_counter() - t0
        t0 = time.perf_counter()
        for p in probe:
            grouper.add(p)
        per = 1000 * (time.perf_counter() - t0) / probes
        matrix = np.stack([np.asarray(p.vector, dtype=np.float32) for p in stored])
        t0 = time.perf_counter()
        for p in probe:  # the exact search the HNSW index replaces: one matrix product per article
            scores = matrix @ np.asarray(p.vector, dtype=np.float32)
            np.argpartition(-scores, 60)[:60]
        exact = 1000 * (time.perf_counter() - t0) / probes
        rows.append((size, probes, f"{build:.1f}", f"{per:.2f}", f"{exact:.2f}"))
        first = float(rows[0][3])
        print(f"  {size} stored: {per:.2f} ms/article ({per / first:.2f}× the smallest store)", file=sys.stderr)
    print(table(["stored articles", "added", "index build s", "newsweave ms/added article",
                 "exact search alone ms/article (baseline)"], rows,
                title="Time per added article as the store grows (perturbed copies of ECB+ dev under new dates)"))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--seeds", type=int, default=3, help="how many shuffled stream orders to average")
    ap.add_argument("--fresh", action="store_true", help="re-analyse instead of using the cached store")
    ap.add_argument("--scale", default="1000,10000,100000", help="store sizes for the timing table ('' to skip)")
    ap.add_argument("--no-scale", dest="scale", action="store_const", const="", help="skip the timing table")
    ap.add_argument("--probes", type=int, default=300, help="articles added to each store for the timing")
    args = ap.parse_args()
    profiles, gold_event, gold_topic, texts = load_profiles(args.fresh)
    if args.scale:
        scale(profiles, [int(x) for x in args.scale.split(",")], args.probes)
        print()
    rows = []
    params = GroupingParams()
    results: dict[str, list[tuple[float, ...]]] = {"newsweave": [], "tfidf": []}
    best_threshold = 0.0
    for seed in range(args.seeds):
        order = list(gold_event)
        random.Random(seed).shuffle(order)
        events, stories, times = run_newsweave(profiles, order, params)
        ms = 1000 * float(np.mean(times))
        results["newsweave"].append(bcubed(events, gold_event) + bcubed(stories, gold_topic) + (ms,))
        if seed == 0:  # sweep the baseline's threshold once, on the first order
            sweep = {t: bcubed(run_tfidf(texts, order, t), gold_event)[2] for t in (0.05, 0.1, 0.15, 0.2, 0.25, 0.3)}
            best_threshold = max(sweep, key=lambda t: sweep[t])
        base_ev = run_tfidf(texts, order, best_threshold)
        base_story = run_tfidf(texts, order, best_threshold / 2)
        results["tfidf"].append(bcubed(base_ev, gold_event) + bcubed(base_story, gold_topic) + (float("nan"),))
    for name, runs in results.items():
        mean = np.mean(np.array(runs), axis=0)
        label = name if name == "newsweave" else f"tfidf (t={best_threshold}, best of sweep)"
        rows.append([label, *[float(x) for x in mean[:6]], f"{mean[6]:.2f}" if name == "newsweave" else "-"])
    title = f"ECB+ dev grouping, {len(gold_event)} docs, one at a time, mean of {args.seeds} shuffled orders"
    print(table(["system", "event P", "event R", "event F1", "story P", "story R", "story F1", "ms/article"], rows,
                title=title))


if __name__ == "__main__":
    main()
