"""Fitting the grouping's weights and thresholds on a tuning set (used by ``grouping.py --fit`` and ``--two-fold``).

* **Pair weights** (:data:`newsweave.group.PAIR_FEATURES`): a logistic regression of "same gold event?" over
  the pairs grouping actually compares — each article with its nearest stored articles by embedding (the
  blocking) — pooled over the tuning corpora, each corpus weighed equally.  The coefficients, scaled so that
  the positive ones sum to 1, are the weights; the penalties (publication gap, conflicting leads) come out
  negative and are stored as positive penalties.
* **Subject weights** (:data:`newsweave.group.SUBJECT_FEATURES`): the same over pairs of gold events of the
  tuning corpora that have story gold (ECB+: same topic), features as :func:`newsweave.group.subject_similarity`
  computes them.
* **Thresholds**: event and story thresholds swept on the tuning corpora, one article at a time in
  shuffled orders; the best mean B³ F1 wins (events: the mean over corpora; stories: over the corpora with
  story gold).
"""

from __future__ import annotations

import itertools
import random
from collections.abc import Callable, Iterable, Sequence
from dataclasses import replace

import numpy as np
from grouping_data import Corpus

from newsweave.group import PAIR_FEATURES, Grouper, GroupingParams, Profile, subject_similarity


def orders(ids: Sequence[str], seeds: int) -> list[list[str]]:
    out = []
    for seed in range(seeds):
        order = list(ids)
        random.Random(seed).shuffle(order)
        out.append(order)
    return out


def run(profiles: dict[str, Profile], order: Sequence[str], params: GroupingParams) -> Grouper:
    grouper = Grouper(params)
    for article in order:
        grouper.add(profiles[article])
    return grouper


def pair_table(corpus: Corpus, profiles: dict[str, Profile], params: GroupingParams) -> tuple[np.ndarray, np.ndarray]:
    """Features and labels of the pairs grouping compares: each article with its blocked nearest neighbours."""
    g = Grouper(params)
    for p in profiles.values():
        g._remember(p)
    seen: set[tuple[str, str]] = set()
    X, y = [], []
    for p in profiles.values():
        near = [a for a, _ in g.index.search(p.vector, params.neighbours + 1, params.candidate_floor)
                if a != p.article and (min(a, p.article), max(a, p.article)) not in seen]
        seen.update((min(a, p.article), max(a, p.article)) for a in near)
        if near:
            X.append(g.features(p, [profiles[a] for a in near]))
            y.extend(corpus.gold_event[a] == corpus.gold_event[p.article] for a in near)
    return np.vstack(X), np.array(y)


def fit_pair_weights(tables: Iterable[tuple[np.ndarray, np.ndarray]], params: GroupingParams) -> GroupingParams:
    from sklearn.linear_model import LogisticRegression

    tables = list(tables)
    X = np.vstack([t[0] for t in tables])
    y = np.concatenate([t[1] for t in tables])
    weight = np.concatenate([np.full(len(t[1]), len(y) / (len(tables) * len(t[1]))) for t in tables])
    model = LogisticRegression(max_iter=5000).fit(X, y, sample_weight=weight)
    coef = model.coef_[0]
    scale = float(np.sum(np.clip(coef[:7], 0, None))) or 1.0
    w = coef / scale
    values = dict(zip(PAIR_FEATURES, w, strict=True))
    return replace(params, text_weight=_r(values["text"]), actor_weight=_r(values["actors"]),
                   place_weight=_r(values["places"]), term_weight=_r(values["terms"]),
                   figure_weight=_r(values["figures"]), day_weight=_r(values["days"]),
                   year_weight=_r(values["years"]), gap_weight=_r(-values["gap"]),
                   conflict_penalty=_r(-values["conflict"]))


def _r(x: float) -> float:
    return round(float(x), 3)


def subject_table(corpus: Corpus, profiles: dict[str, Profile],
                  params: GroupingParams) -> tuple[np.ndarray, np.ndarray]:
    """Subject features of every pair of gold events of a corpus with story gold, labelled same story."""
    g = Grouper(params)
    for p in profiles.values():
        g._remember(p)
    events: dict[str, list[str]] = {}
    for a, e in corpus.gold_event.items():
        if a in profiles:
            events.setdefault(e, []).append(a)
    for e, members in events.items():
        g.members[e] = members
        for a in members:
            g.event_of[a] = e
        g._total(e)
    X, y = [], []
    names = list(events)
    for a, b in itertools.combinations(names, 2):
        X.append(subject_features(g, a, b))
        y.append(corpus.gold_story[events[a][0]] == corpus.gold_story[events[b][0]])
    return np.array(X), np.array(y)


def subject_features(g: Grouper, a: str, b: str) -> list[float]:
    """The four subject features, one at a time (unit weights)."""
    out = []
    for k in range(4):
        unit = [0.0] * 4
        unit[k] = 1.0
        out.append(subject_similarity(replace_subject(g, unit), a, b))
    return out


def replace_subject(g: Grouper, w: Sequence[float]) -> Grouper:
    g.params = replace(g.params, story_text_weight=w[0], story_actor_weight=w[1], story_place_weight=w[2],
                       story_term_weight=w[3])
    return g


def fit_subject_weights(tables: Iterable[tuple[np.ndarray, np.ndarray]], params: GroupingParams) -> GroupingParams:
    from sklearn.linear_model import LogisticRegression

    tables = list(tables)
    X = np.vstack([t[0] for t in tables])
    y = np.concatenate([t[1] for t in tables])
    coef = LogisticRegression(max_iter=5000, class_weight="balanced").fit(X, y).coef_[0]
    w = np.clip(coef, 0, None)
    w = w / (w.sum() or 1.0)
    return replace(params, story_text_weight=_r(w[0]), story_actor_weight=_r(w[1]), story_place_weight=_r(w[2]),
                   story_term_weight=_r(w[3]))


def sweep(params: GroupingParams, grid: dict[str, Sequence[float]],
          objective: Callable[[GroupingParams], float]) -> tuple[GroupingParams, float]:
    """The grid point with the best objective (ties: the first)."""
    best, best_score = params, -np.inf
    keys = list(grid)
    for values in itertools.product(*(grid[k] for k in keys)):
        candidate = replace(params, **dict(zip(keys, values, strict=True)))
        score = objective(candidate)
        if score > best_score + 1e-9:
            best, best_score = candidate, score
    return best, float(best_score)
