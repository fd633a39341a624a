"""Event and story grouping: B³ on ECB+ dev and BASIL dev, one article at a time, beside TF-IDF.

    .venv/bin/python benchmarks/grouping.py [--seeds 3] [--fresh] [--no-scale]   # shipped parameters
    .venv/bin/python benchmarks/grouping.py --two-fold [--seeds 3]               # the held-out estimate
    .venv/bin/python benchmarks/grouping.py --fit                                # refit the shipped parameters

**Data.** ECB+ dev (772 documents, 33 topics): gold events are ``event_cluster`` (each topic holds two
look-alike real events), gold stories are ``topic``.  BASIL dev (70 triplets of NYT / HuffPost / Fox News,
2010–2016, mixed into one pile of 210 articles with their publication dates): gold event = the triplet; there
is no story gold, so what is counted is the share of stories holding triplets a year or more apart (target 0;
``benchmarks/grouping_basil.py`` prints the story page).  Articles are read, analysed and embedded once and
cached under ``benchmarks/.cache`` (:mod:`grouping_data`).

**Runs.** Articles are fed one at a time in shuffled orders (the mean of ``--seeds`` orders is reported).
Baselines in the same run: TF-IDF cosine over the full text with the same single-pass clustering (average
link to an existing cluster ≥ t), t swept and the best kept (stories: the same at t/2); and the wave-1 grouper
(``baselines/wave1_group.py``, newsweave before issue 20, its weights set on all of ECB+ dev).

**Two-fold estimate** (``--two-fold``): ECB+ topics split by parity (odd / even), BASIL triplets by year parity.
On each tuning half (ECB+ half + BASIL half) everything that is chosen is chosen there only — the pair weights
(logistic regression), the subject weights (logistic regression over gold event pairs, ECB+), the event and story
thresholds (sweeps) and the baseline's threshold — and measured on the other half; both directions
are printed and their mean is the estimate.  The shipped defaults (``--fit``) are the same procedure on both
halves together.

**Scale**: stores of 1k, 10k and 100k articles built from perturbed copies of the ECB+ dev profiles under new
dates (each copy shifted by a multiple of 9 days, its vector nudged; each stored article its own event and
story); then the time to add one more article (after one untimed warm-up article), beside the time the exact
search alone (one matrix product over the store) would take.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable
from dataclasses import asdict
from pathlib import Path
from typing import Any

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent / "baselines"))
from common import bcubed, table
from grouping_data import Corpus, load_basil, load_ecb
from grouping_fit import (
    fit_pair_weights,
    fit_subject_weights,
    orders,
    pair_table,
    run,
    subject_table,
    sweep,
)

from newsweave.group import Grouper, GroupingParams, Profile

EVENT_GRID = {"event_threshold": (0.26, 0.28, 0.3, 0.32, 0.34, 0.36, 0.38)}
STORY_GRID = {"story_threshold": (0.18, 0.2, 0.22, 0.24, 0.26, 0.28, 0.3, 0.32, 0.34, 0.36, 0.38, 0.4, 0.42)}
TFIDF_GRID = (0.05, 0.1, 0.15, 0.2, 0.25, 0.3)
YEAR_DAYS = 365


# -- measuring ---------------------------------------------------------------------------------------


def apart_share(grouper: Any, corpus: Corpus) -> tuple[int, int, int]:
    """(stories, stories holding ≥ 2 triplets, stories holding triplets a year or more apart)."""
    from datetime import date

    stories: dict[str, set[str]] = {}
    for article, event in grouper.event_of.items():
        stories.setdefault(grouper.story_of[event], set()).add(article)
    multi = apart = 0
    for arts in stories.values():
        if len({corpus.gold_event[a] for a in arts}) > 1:
            multi += 1
            days = [date.fromisoformat(corpus.info[a]["date"]).toordinal() for a in arts]
            apart += max(days) - min(days) >= YEAR_DAYS
    return len(stories), multi, apart


def measure(corpus: Corpus, profiles: dict[str, Any], params: GroupingParams | None, seeds: int,
            make: Callable[[], Any] | None = None) -> dict[str, float]:
    """Event (and story, or the BASIL story counts) B³ and ms per article, mean over shuffled orders; ``make``
    builds another grouper to measure (the wave-1 baseline) instead of the shipped one with ``params``."""
    rows = []
    for order in orders(list(corpus.gold_event), seeds):
        t0 = time.perf_counter()
        if make is None:
            assert params is not None
            g = run(profiles, order, params)
        else:
            g = make()
            for article in order:
                g.add(profiles[article])
        ms = 1000 * (time.perf_counter() - t0) / len(order)
        events = dict(g.event_of)
        row = dict(zip(("event P", "event R", "event F1"), bcubed(events, corpus.gold_event), strict=True))
        if corpus.gold_story:
            stories = {a: g.story_of[e] for a, e in events.items()}
            row |= dict(zip(("story P", "story R", "story F1"), bcubed(stories, corpus.gold_story), strict=True))
        else:
            n, multi, apart = apart_share(g, corpus)
            row |= {"stories": n, "multi-event stories": multi, "stories years apart": apart,
                    "share years apart": apart / max(n, 1)}
        row["ms/article"] = ms
        rows.append(row)
    return {k: float(np.mean([r[k] for r in rows])) for k in rows[0]}


def measure_wave1(corpus: Corpus, seeds: int) -> dict[str, float]:
    """The wave-1 grouper (``baselines/wave1_group.py``: newsweave before issue 20) on the same orders."""
    import wave1_group as wave1

    profiles = {a: wave1.build_profile(corpus.articles[a], corpus.analyses[a], corpus.vectors[a])
                for a in corpus.gold_event}
    return measure(corpus, profiles, None, seeds, make=lambda: wave1.Grouper(wave1.GroupingParams()))


def tfidf_clusters(texts: dict[str, str], order: list[str], threshold: float) -> dict[str, str]:
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


def tfidf_threshold(corpus: Corpus) -> float:
    """The baseline's best event threshold on this corpus (first shuffled order)."""
    texts = {a: corpus.articles[a].text for a in corpus.gold_event}
    order = orders(list(texts), 1)[0]
    return max(TFIDF_GRID, key=lambda t: bcubed(tfidf_clusters(texts, order, t), corpus.gold_event)[2])


def measure_tfidf(corpus: Corpus, threshold: float, seeds: int) -> dict[str, float]:
    texts = {a: corpus.articles[a].text for a in corpus.gold_event}
    rows = []
    for order in orders(list(texts), seeds):
        row = dict(zip(("event P", "event R", "event F1"),
                       bcubed(tfidf_clusters(texts, order, threshold), corpus.gold_event), strict=True))
        if corpus.gold_story:
            row |= dict(zip(("story P", "story R", "story F1"),
                            bcubed(tfidf_clusters(texts, order, threshold / 2), corpus.gold_story), strict=True))
        rows.append(row)
    return {k: float(np.mean([r[k] for r in rows])) for k in rows[0]}


# -- the quality gate's figures ---------------------------------------------------------------------

GATE_TOPIC_EVERY = 4  # ECB+ dev: topics 1, 5, 10, 14, 20, 24, 28, 32, 35 (~210 documents)
GATE_TRIPLET_EVERY = 3  # BASIL dev: every 3rd triplet by (year, id), all years (24 triplets, 72 articles)
GATE_SEEDS = 2


def figures(analyzer: Any = None) -> dict[str, float]:
    """The gated grouping figures (``benchmarks/gate.py``) on a dev slice analysed afresh with ``analyzer``,
    shipped parameters, one article at a time, mean of :data:`GATE_SEEDS` shuffled orders: ECB+ event and story
    B³ F1, BASIL event B³ F1 and the stories holding triplets a year or more apart."""
    ecb = load_ecb(topic_every=GATE_TOPIC_EVERY, analyzer=analyzer)
    basil = load_basil(triplet_every=GATE_TRIPLET_EVERY, analyzer=analyzer)
    params = GroupingParams()
    e = measure(ecb, ecb.profiles(), params, GATE_SEEDS)
    b = measure(basil, basil.profiles(), params, GATE_SEEDS)
    return {"grouping.ecb.event_f1": e["event F1"], "grouping.ecb.story_f1": e["story F1"],
            "grouping.basil.event_f1": b["event F1"], "grouping.basil.stories_years_apart": b["stories years apart"]}


# -- fitting -----------------------------------------------------------------------------------------


def fit(ecb: Corpus, basil: Corpus, seeds: int, log: bool = True) -> GroupingParams:
    """Every weight and threshold chosen on these corpora (see the module docstring)."""
    base = GroupingParams()
    pe, pb = ecb.profiles(), basil.profiles()
    params = fit_pair_weights([pair_table(ecb, pe, base), pair_table(basil, pb, base)], base)
    params = fit_subject_weights([subject_table(ecb, pe, params)], params)

    def events(p: GroupingParams) -> float:
        return float(np.mean([measure(ecb, pe, p, seeds)["event F1"], measure(basil, pb, p, seeds)["event F1"]]))

    params, score = sweep(params, EVENT_GRID, events)
    if log:
        print(f"  fitted event threshold {params.event_threshold}: event F1 {score:.3f} on the tuning corpora",
              file=sys.stderr)
    params, score = sweep(params, STORY_GRID, lambda p: measure(ecb, pe, p, seeds)["story F1"])
    if log:
        print(f"  fitted story threshold {params.story_threshold}: story F1 {score:.3f} (on ECB+ here)",
              file=sys.stderr)
    return params


def split(corpus: Corpus, key: str, parity: int) -> Corpus:
    return corpus.subset([a for a in corpus.gold_event if corpus.info[a][key] % 2 == parity])


def two_fold(ecb: Corpus, basil: Corpus, seeds: int) -> None:
    rows_ecb, rows_basil, fitted = [], [], []
    for tune in (1, 0):
        name = f"tune on {'odd' if tune else 'even'} → test on {'even' if tune else 'odd'}"
        print(f"{name}: fitting …", file=sys.stderr)
        e_tune, e_test = split(ecb, "topic", tune), split(ecb, "topic", 1 - tune)
        b_tune, b_test = split(basil, "year", tune), split(basil, "year", 1 - tune)
        params = fit(e_tune, b_tune, max(1, seeds - 1))
        fitted.append((name, params))
        t_ecb, t_basil = tfidf_threshold(e_tune), tfidf_threshold(b_tune)
        ours_e, ours_b = measure(e_test, e_test.profiles(), params, seeds), measure(b_test, b_test.profiles(), params,
                                                                                     seeds)
        base_e, base_b = measure_tfidf(e_test, t_ecb, seeds), measure_tfidf(b_test, t_basil, seeds)
        rows_ecb += [(name, "newsweave", ours_e), (name, f"tfidf (t={t_ecb})", base_e)]
        rows_basil += [(name, "newsweave", ours_b), (name, f"tfidf (t={t_basil})", base_b)]
    for label, rows, keys in (
        ("ECB+ dev", rows_ecb, ("event P", "event R", "event F1", "story P", "story R", "story F1")),
        ("BASIL dev", rows_basil, ("event P", "event R", "event F1", "stories", "multi-event stories",
                                   "stories years apart", "share years apart")),
    ):
        out = [[fold, system, *(r.get(k, float("nan")) for k in keys)] for fold, system, r in rows]
        for system in ("newsweave", "tfidf"):
            mine = [r for _, s, r in rows if s.startswith(system)]
            out.append(["2-fold estimate (mean)", system, *(float(np.mean([r.get(k, np.nan) for r in mine]))
                                                             for k in keys)])
        print(table(["held-out half", "system", *keys], out,
                    title=f"{label}: two-fold estimate, one article at a time, mean of {seeds} shuffled orders"))
        print()
    print("parameters chosen on each tuning half")
    names = [k for k in asdict(GroupingParams()) if k not in ("candidate_floor", "neighbours", "event_candidates",
                                                             "member_sample", "split_size", "story_span_days")]
    print(table(["parameter", *(n for n, _ in fitted)],
                [[k, *(getattr(p, k) for _, p in fitted)] for k in names]))


# -- scale -------------------------------------------------------------------------------------------


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
        return value if value.isdigit() else f"{value}+{days}"  # a year stays; a weekday becomes another key


def scale(profiles: dict[str, Profile], sizes: list[int], probes: int) -> None:
    """Time to add one article to a store already holding N articles, for each N; beside exact search."""
    rng = np.random.default_rng(0)
    base = list(profiles.values())
    rows = []
    for size in sizes:
        stored = [perturbed(base[k % len(base)], 1 + k // len(base), rng) for k in range(size)]
        probe = [perturbed(base[k % len(base)], 10_000 + k, rng) for k in range(probes + 1)]
        grouper = Grouper(GroupingParams())
        t0 = time.perf_counter()
        grouper.load(stored, {p.article: f"e{p.article}" for p in stored},
                     {f"e{p.article}": f"s{p.article}" for p in stored})
        build = time.perf_counter() - t0
        grouper.add(probe.pop())  # warm-up, not timed: the first call imports and allocates
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


# -- main --------------------------------------------------------------------------------------------


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--seeds", type=int, default=3, help="how many shuffled stream orders to average")
    ap.add_argument("--fresh", action="store_true", help="re-analyse instead of using the cached analyses")
    ap.add_argument("--scale", default="1000,10000,100000", help="store sizes for the timing table ('' to skip)")
    ap.add_argument("--no-scale", dest="scale", action="store_const", const="", help="skip the timing table")
    ap.add_argument("--probes", type=int, default=300, help="articles added to each store for the timing")
    ap.add_argument("--two-fold", action="store_true", help="the two-fold estimate (tune on half, test on half)")
    ap.add_argument("--fit", action="store_true", help="fit every weight and threshold on ECB+ dev + BASIL dev")
    args = ap.parse_args()
    ecb, basil = load_ecb(args.fresh), load_basil(args.fresh)
    if args.fit:
        params = fit(ecb, basil, max(1, args.seeds - 1))
        print(table(["parameter", "fitted"], [[k, v] for k, v in asdict(params).items()]))
        return
    if args.two_fold:
        two_fold(ecb, basil, args.seeds)
        return
    if args.scale:
        scale(ecb.profiles(), [int(x) for x in args.scale.split(",")], args.probes)
        print()
    params = GroupingParams()
    for corpus, keys in ((ecb, ("event P", "event R", "event F1", "story P", "story R", "story F1", "ms/article")),
                         (basil, ("event P", "event R", "event F1", "stories", "multi-event stories",
                                  "stories years apart", "ms/article"))):
        ours = measure(corpus, corpus.profiles(), params, args.seeds)
        wave1 = measure_wave1(corpus, args.seeds)
        threshold = tfidf_threshold(corpus)
        base = measure_tfidf(corpus, threshold, args.seeds)
        rows = [["newsweave (shipped)", *(f"{ours[k]:.2f}" if k == "ms/article" else ours[k] for k in keys)],
                ["wave-1 grouper (before issue 20)", *(f"{wave1[k]:.2f}" if k == "ms/article" else wave1[k]
                                                      for k in keys)],
                [f"tfidf (t={threshold}, best of sweep)", *(base.get(k, "-") for k in keys)]]
        print(table(["system", *keys], rows, title=f"{corpus.name} grouping, {len(corpus.gold_event)} articles, one "
                                                   f"at a time, mean of {args.seeds} shuffled orders"))
        print()


if __name__ == "__main__":
    main()
