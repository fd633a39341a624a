"""The fuse stage's gated figures on small dev slices (``benchmarks/gate.py fuse``), each computed by the
benchmark that reports it on the whole of dev:

* **ECB+ claims** (``claims.py``) — every ``ECB_EVERY``-th gold event cluster: pairwise precision of "same
  happening" over the cross-document sentence pairs the shipped claims join, and their recall;
* **BASIL judged** (``basil.py``) — the first ``BASIL_TRIPLETS`` triplets woven as the benchmark weaves them: the
  share of claims from ≥ 2 outlets judged one fact (an item the judged set does not hold counts as wrong: a
  changed output must be judged before it passes), the slot disagreements not judged real (false alarms), and the
  share of articles labelled original (every BASIL article is an outlet's own report);
* **NeuS summaries** (``summary.py``) — the first ``NEUS_STORIES`` val stories: summary sentences that are captions,
  credits, video blurbs, teasers or questions (must stay 0), and those the benchmark's wider caption net catches
  (all read as statements of the event; a ceiling);
* **ClaimDiff** (``conflicts.py``) — every ``CLAIMDIFF_EVERY``-th topic: conflicts flagged on pairs not labelled
  *weaken* (false alarms) and *weaken* pairs merged into one claim (a contradiction shown as support).
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import Any

ECB_EVERY = 11
BASIL_TRIPLETS = 10
NEUS_STORIES = 12
CLAIMDIFF_EVERY = 8


def ecb_claims(analyzer: Any) -> dict[str, float]:
    import claims

    from newsweave.fuse import ClaimParams

    events, fuser = claims.load(0, ECB_EVERY, analyzer, baselines=False)
    gold = set().union(*(e.gold for e in events))
    n, precision, recall, _ = claims.prf(claims.predict(fuser, events, ClaimParams()), gold)
    print(f"ecb slice: {len(events)} events, {n} pairs joined, {len(gold)} gold", file=sys.stderr)
    return {"fuse.ecb_claims.precision": precision, "fuse.ecb_claims.recall": recall}


def basil(analyzer: Any) -> dict[str, float]:
    import basil as bench
    from fusedata import CachedEmbedder

    from newsweave.fuse import Fuser

    events = bench.load(BASIL_TRIPLETS, analyzer)
    embedder = CachedEmbedder("basil")
    judged = bench.read_judged()
    items, _, labels, _ = bench.woven(events, Fuser(embedder), embedder)
    claims = [i for i in items if i[0] == "claim"]
    right = sum(judged.get(i[2], {}).get("label") == "same" for i in claims)
    false_alarms = sum(judged.get(i[2], {}).get("label") != "real" for i in items if i[0] == "conflict")
    return {"fuse.basil.claim_precision": right / len(claims) if claims else 0.0,
            "fuse.basil.false_disagreements": false_alarms,
            "fuse.basil.originals": labels["original"] / max(1, sum(labels.values()))}


def neus(analyzer: Any) -> dict[str, float]:
    import summary
    from fusedata import CachedEmbedder

    from newsweave.fuse import Fuser
    from newsweave.fuse.summary import is_furniture, is_question, stands_alone
    from newsweave.pipeline import Weaver

    embedder = CachedEmbedder("summaries")
    _, events, _, _ = summary.corpus_neus(Weaver(embedder=embedder, analyzer=analyzer), NEUS_STORIES)
    fuser = Fuser(embedder)
    sentences = [s for e in events for s in summary.summarise(fuser, e)]
    embedder.save()
    return {"fuse.neus.caption_sentences": sum(is_furniture(s) or is_question(s) for s in sentences),
            "fuse.neus.net_caught": sum(bool(summary.NET.search(s)) for s in sentences),
            "fuse.neus.leaning_sentences": sum(not stands_alone(s) for s in sentences)}


def claimdiff(analyzer: Any) -> dict[str, float]:
    import conflicts

    judged, params = conflicts.load(CLAIMDIFF_EVERY, analyzer)
    flagged = [j for j in judged if conflicts.flagged(j, params.conflicts.same_slot)]
    merged = [j for j in judged if j.probability >= params.claims.link and not j.conflicts]
    return {"fuse.claimdiff.false_conflicts": sum(j.label != "weaken" for j in flagged),
            "fuse.claimdiff.weaken_merged": sum(j.label == "weaken" for j in merged)}


PARTS: tuple[Callable[[Any], dict[str, float]], ...] = (ecb_claims, basil, neus, claimdiff)


def figures(analyzer: Any) -> dict[str, float]:
    out: dict[str, float] = {}
    for part in PARTS:
        out |= part(analyzer)
    return out
