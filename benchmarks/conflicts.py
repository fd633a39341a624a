"""Conflicts on ClaimDiff dev: does newsweave flag a disagreement between two outlets' claims — and only then?

    .venv/bin/python benchmarks/conflicts.py [--show N]

ClaimDiff (``../shared/data/claimdiff/pairs.jsonl``, the train split = our dev): 1,857 pairs of sentences from two
outlets' articles on one topic, labelled *weaken* (claim A qualifies, undercuts or contradicts claim B: 197),
*strengthen* (1,287) or *neither* (373).  Each topic's articles are fused as one event (each article's claims are
its sentences, analysed and linked as the weave does), and for every pair newsweave says:

* **conflict** — the two state the same proposition apart from one value (claim-model probability ≥
  ``ConflictParams.same_slot``) and give that slot incompatible values (number, date, place, polarity);
* **same claim** — they would be one claim (probability ≥ ``ClaimParams.link``, no conflict);
* **neither**.

Scored: precision / recall of *conflict* against *weaken* (target: precision ≥ 0.80), and how many *weaken* pairs
would be merged into one claim (a contradiction shown as support: should be none).  ClaimDiff's weakening is
mostly argument ("the GOP opposes …" vs "Obama wants …"), not two values of one slot, so recall is low by design:
precision first.

Baselines in the same run: **number mismatch** (both claims give numbers and the sets differ), **negation
mismatch** (one claim negated, the other not, cosine ≥ 0.5), **embedding threshold** (cosine ≥ t, t the best F1 on
the scored data: optimistic).  **2-fold**: topics split alternately; ``same_slot`` is chosen on one half (the lowest
value on a grid with precision ≥ 0.80, else the most precise) and measured on the other, both ways.

Also printed: the **ceiling of slot rules** (how many pairs give any slot conflict at all, at any probability, and
how many of them are *weaken*), and a **calibrated conflict score** — a logistic regression over same-proposition
evidence (claim probability, cosine), slot conflicts and the lexical marks of one claim undercutting another
(a negation or a denial word in one claim only, a contrast connective), fitted and thresholded on one half of the
topics and measured on the other, with the held-out precision / recall of its top k.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from collections import defaultdict
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import DATA, require, table
from fusedata import CachedEmbedder, prepare

from newsweave.fuse import Conflict, FuseParams, Fuser, Pairs
from newsweave.fuse.context import sentences_of
from newsweave.lexicon import NEGATION_WORDS, NUMBER_WORDS
from newsweave.model import Sentence
from newsweave.pipeline import Weaver

GRID = [round(x, 2) for x in np.arange(0.5, 0.995, 0.01)]
EMBEDDING_GRID = [round(x, 2) for x in np.arange(0.2, 0.96, 0.05)]
TARGET = 0.80


@dataclass
class Judged:
    pair_id: str
    topic: str
    label: str
    a: str
    b: str
    cosine: float
    probability: float
    conflicts: list[Conflict]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--show", type=int, default=0, help="print N flagged pairs (for reading the errors)")
    ap.add_argument("--show-slot", type=float, default=0.0,
                    help="… flagged at this same-slot threshold (default: the shipped one)")
    args = ap.parse_args()
    t0 = time.perf_counter()
    judged, params = load()
    same_slot = params.conflicts.same_slot
    link = params.claims.link
    rows = [["newsweave conflicts (shipped)", *score(judged, lambda j: flagged(j, same_slot))]]
    for t in (0.5, 0.8, 0.9, 0.97):
        rows.append([f"newsweave conflicts (same slot ≥ {t})", *score(judged, lambda j, t=t: flagged(j, t))])
    rows.append(["baseline: number mismatch", *score(judged, number_mismatch)])
    rows.append(["baseline: negation mismatch, cosine ≥ 0.5", *score(judged, negation_mismatch)])
    best = max(EMBEDDING_GRID, key=lambda t: score(judged, lambda j: j.cosine >= t)[3])
    rows.append([f"baseline: embedding cosine ≥ {best:.2f} (best F1)", *score(judged, lambda j: j.cosine >= best)])
    labels = defaultdict(int)
    for j in judged:
        labels[j.label] += 1
    print(table(["system", "flagged", "P", "R", "F1"], rows,
                title=f"ClaimDiff dev: {len(judged)} pairs ({labels['weaken']} weaken, {labels['strengthen']} "
                      f"strengthen, {labels['neither']} neither) in {len({j.topic for j in judged})} topics; "
                      f"{time.perf_counter() - t0:.0f}s"))
    merged = [j for j in judged if j.probability >= link and not j.conflicts]
    print(f"\nmerged into one claim (probability ≥ {link}, no conflict): {len(merged)} pairs — strengthen "
          f"{sum(j.label == 'strengthen' for j in merged)}, neither {sum(j.label == 'neither' for j in merged)}, "
          f"weaken {sum(j.label == 'weaken' for j in merged)} (a contradiction shown as support)")
    kinds: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for j in judged:
        if flagged(j, same_slot):
            for c in {c.kind for c in j.conflicts if c.clear}:
                kinds[c][0] += 1
                kinds[c][1] += j.label == "weaken"
    print(table(["conflict kind", "flagged", "of which weaken"], [[k, *v] for k, v in sorted(kinds.items())],
                title="\nflagged conflicts by kind (shipped)"))
    topics = sorted({j.topic for j in judged})
    folds = [{t for k, t in enumerate(topics) if k % 2 == f} for f in (0, 1)]
    rows = []
    for name, tune, test in (("A → B", folds[0], folds[1]), ("B → A", folds[1], folds[0])):
        tuning = [j for j in judged if j.topic in tune]
        testing = [j for j in judged if j.topic in test]
        chosen = next((t for t in GRID if score(tuning, lambda j, t=t: flagged(j, t))[1] >= TARGET
                       and score(tuning, lambda j, t=t: flagged(j, t))[0] > 0), None)
        if chosen is None:
            chosen = max(GRID, key=lambda t: (score(tuning, lambda j, t=t: flagged(j, t))[1], -t))
        rows.append([f"newsweave, same slot ≥ {chosen:.2f} chosen on {name[0]}", name,
                     *score(testing, lambda j, t=chosen: flagged(j, t))])
        emb = max(EMBEDDING_GRID, key=lambda t: score(tuning, lambda j, t=t: j.cosine >= t)[3])
        rows.append([f"embedding cosine ≥ {emb:.2f} chosen on {name[0]}", name,
                     *score(testing, lambda j, t=emb: j.cosine >= t)])
    print(table(["system (2-fold by topic)", "fold", "flagged", "P", "R", "F1"], rows,
                title="\n2-fold estimate: tuned on one half of the topics, measured on the other"))
    any_conflict = [j for j in judged if j.conflicts]
    by_label = {label: sum(j.label == label for j in any_conflict) for label in ("weaken", "strengthen", "neither")}
    print(f"\nceiling of slot rules: {len(any_conflict)} pairs give any slot conflict at any claim probability "
          f"(clear or not) — weaken {by_label['weaken']}, strengthen {by_label['strengthen']}, neither "
          f"{by_label['neither']}")
    calibrated(judged, topics, folds)
    shown = [j for j in judged if flagged(j, args.show_slot or same_slot)][: args.show]
    for j in shown:
        print(f"\n[{j.label}] p={j.probability:.2f} {[(c.kind, c.subject) for c in j.conflicts if c.clear]}\n"
              f"  A: {j.a}\n  B: {j.b}")


CUE_NAMES = ("claim probability", "clear slot conflict", "any slot conflict", "negation in one only",
             "denial word in one only", "contrast connective", "cosine")
DENIAL = frozenset("""reject rejected rejects deny denied denies oppose opposed opposes refuse refused refuses dispute
disputed disputes dismiss dismissed false untrue wrong contrary contradict contradicted disagree disagreed""".split())
CONTRAST = frozenset("but however although though despite yet whereas instead nevertheless".split())


def cues(j: Judged) -> list[float]:
    """A calibrated conflict score's evidence: same-proposition evidence (the claim model's probability, cosine),
    slot conflicts (clear, any), and the lexical marks of one claim undercutting another (a negation or a denial
    word in one claim only, a contrast connective)."""
    def words(text: str) -> set[str]:
        return set(re.findall(r"[a-z']+", text.lower().replace("’", "'").replace("n't", " not")))
    a, b = words(j.a), words(j.b)
    return [j.probability, float(any(c.clear for c in j.conflicts)), float(bool(j.conflicts)),
            float(bool(a & NEGATION_WORDS) != bool(b & NEGATION_WORDS)), float(bool(a & DENIAL) != bool(b & DENIAL)),
            float(bool((a | b) & CONTRAST)), j.cosine]


def calibrated(judged: list[Judged], topics: list[str], folds: list[set[str]]) -> None:
    """A conflict score fitted on one half of the topics (logistic regression over :func:`cues`), its threshold
    chosen there (the lowest with precision ≥ 0.80 and ≥ 5 flags, else the most precise), measured on the other
    half; and the held-out precision / recall curve of the score."""
    from sklearn.linear_model import LogisticRegression

    rows, curve = [], []
    for name, tune, test in (("A → B", folds[0], folds[1]), ("B → A", folds[1], folds[0])):
        tuning = [j for j in judged if j.topic in tune]
        testing = [j for j in judged if j.topic in test]
        model = LogisticRegression(max_iter=1000, class_weight="balanced").fit(
            np.array([cues(j) for j in tuning]), np.array([j.label == "weaken" for j in tuning]))
        fit = dict(zip([j.pair_id for j in tuning], model.predict_proba(
            np.array([cues(j) for j in tuning]))[:, 1], strict=True))
        held = dict(zip([j.pair_id for j in testing], model.predict_proba(
            np.array([cues(j) for j in testing]))[:, 1], strict=True))
        grid = [round(x, 2) for x in np.arange(0.05, 1.0, 0.01)]
        scored = [(t, score(tuning, lambda j, t=t, fit=fit: fit[j.pair_id] >= t)) for t in grid]
        good = [t for t, (n, p, _, _) in scored if p >= TARGET and n >= 5]
        chosen = good[0] if good else max(scored, key=lambda x: (x[1][1] if x[1][0] >= 5 else 0.0, -x[0]))[0]
        rows.append([f"calibrated score ≥ {chosen:.2f} chosen on {name[0]}", name,
                     *score(testing, lambda j, t=chosen, held=held: held[j.pair_id] >= t)])
        ranked = sorted(testing, key=lambda j, held=held: -held[j.pair_id])
        for k in (5, 10, 20, 50, 100, 200):
            top = ranked[:k]
            hits = sum(j.label == "weaken" for j in top)
            curve.append([name, k, hits / k, hits / max(1, sum(j.label == "weaken" for j in testing))])
        weights = ", ".join(f"{c} {w:+.2f}" for c, w in zip(CUE_NAMES, model.coef_[0], strict=True))
        print(f"\ncalibrated score fitted on {name[0]}: {weights}")
    print(table(["system (2-fold by topic)", "fold", "flagged", "P", "R", "F1"], rows,
                title="\nCalibrated conflict score (claim probability, slot conflicts, negation / denial / contrast)"))
    print(table(["fold", "top k flagged", "P", "R"], curve, title="\nheld-out precision / recall of the score's top k"))


def flagged(j: Judged, same_slot: float) -> bool:
    return j.probability >= same_slot and any(c.clear for c in j.conflicts)


NUMBER = re.compile(r"\b\d[\d,.]*\b|\b(?:" + "|".join(NUMBER_WORDS) + r")\b", re.IGNORECASE)


def number_mismatch(j: Judged) -> bool:
    a = {m.group().lower().replace(",", "") for m in NUMBER.finditer(j.a)}
    b = {m.group().lower().replace(",", "") for m in NUMBER.finditer(j.b)}
    return bool(a) and bool(b) and a != b


def negation_mismatch(j: Judged) -> bool:
    def neg(text: str) -> bool:
        return bool(set(re.findall(r"[a-z']+", text.lower().replace("’", "'").replace("n't", " not"))) & NEGATION_WORDS)
    return j.cosine >= 0.5 and neg(j.a) != neg(j.b)


def score(judged: list[Judged], flag: object) -> tuple[int, float, float, float]:
    pred = [flag(j) for j in judged]  # type: ignore[operator]
    gold = [j.label == "weaken" for j in judged]
    tp = sum(p and g for p, g in zip(pred, gold, strict=True))
    p = tp / sum(pred) if sum(pred) else 0.0
    r = tp / sum(gold) if sum(gold) else 0.0
    return sum(pred), p, r, (2 * p * r / (p + r) if p + r else 0.0)


def load(every: int = 1, analyzer: object | None = None) -> tuple[list[Judged], FuseParams]:
    """The scored pairs of every ``every``-th topic (sorted by name); ``analyzer``: a loaded one to share."""
    path = require(DATA / "claimdiff" / "pairs.jsonl", "ClaimDiff pairs.jsonl")
    pairs = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    claims: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    dates: dict[tuple[str, str], str] = {}
    for p in pairs:
        for side in ("a", "b"):
            texts = claims[p["topic"]][p[f"article_{side}"]]
            if p[f"claim_{side}"] not in texts:
                texts.append(p[f"claim_{side}"])
        dates.setdefault((p["topic"], p["article_a"]), p["date"])
    events = []
    for topic in sorted(claims)[::every]:
        records = []
        for n, (title, texts) in enumerate(sorted(claims[topic].items())):
            record = {"id": f"{topic[:40]}#{n}", "title": title, "text": "\n".join(texts)}
            if (topic, title) in dates:
                record["published"] = dates[(topic, title)]
            records.append(record)
        events.append((topic, records))
    embedder = CachedEmbedder("claimdiff")
    weaver = Weaver(embedder=embedder, **({"analyzer": analyzer} if analyzer is not None else {}))
    prepared = prepare("claimdiff-dev", events, weaver)
    fuser = Fuser(embedder)
    params = fuser.params
    fuser.params = replace(params, claims=replace(params.claims, min_words=1))
    out = []
    for (topic, _), prep in zip(events, prepared, strict=True):
        # each claim is one sentence: the lines of the article (the headline left out)
        ctx = fuser.context(prep.members, prep.articles, prep.analyses, {}, prep.entities)
        ctx.sentences = []
        where: dict[tuple[str, str], int] = {}
        for aid in prep.members:
            article = prep.articles[aid]
            lines, cursor = [], 0
            for line in article.text.split("\n"):
                if line.strip() and cursor > 0:
                    lines.append(Sentence(cursor, cursor + len(line)))
                cursor += len(line) + 1
            analysis = replace(prep.analyses[aid], sentences=tuple(lines))
            for s in sentences_of(article, analysis, 1, params.conflicts.tolerance):
                where[(article.title, " ".join(s.text.split()))] = len(ctx.sentences)
                ctx.sentences.append(s)
        vectors = embedder.encode([s.text for s in ctx.sentences])
        for s, v in zip(ctx.sentences, vectors, strict=True):
            s.vector = v
        reader = Pairs(fuser, ctx)
        for p in pairs:
            if p["topic"] != topic:
                continue
            i = where.get((p["article_a"], " ".join(p["claim_a"].split())))
            j = where.get((p["article_b"], " ".join(p["claim_b"].split())))
            if i is None or j is None or ctx.sentences[i].article == ctx.sentences[j].article:
                continue
            out.append(Judged(p["pair_id"], topic, p["label"], p["claim_a"], p["claim_b"],
                              float(np.dot(ctx.sentences[i].vector, ctx.sentences[j].vector)),  # type: ignore[arg-type]
                              reader.probability(i, j), reader.conflicts(i, j)))
    embedder.save()
    fuser.params = params
    return out, params


if __name__ == "__main__":
    main()
