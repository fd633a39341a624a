"""BASIL dev, judged: are the claims newsweave tells from several outlets one fact, and its conflicts real?

    .venv/bin/python benchmarks/basil.py [--dump FILE]

BASIL 2010–2016 (``../shared/data/basil/triplets.jsonl``): 70 events, each told by the New York Times, HuffPost
and Fox News (outlet, date, title, full text).  Each triplet is woven as one event (provenance, linked entities,
fuse).  There is no gold for claims: a **judged set** (``gold/basil_judged.jsonl``) records, for every claim newsweave
states from two or more outlets and for every number / date / place / polarity disagreement, a reader's verdict:

* a claim is **same** when every support sentence states the same proposition — the same happening or state, with
  compatible participants, numbers, dates, places and polarity — else **different**;
* a disagreement is **real** when the values are of the same slot (same thing counted, same happening dated or
  placed, same proposition) and cannot both be right, else **false**.

Items are keyed by a hash of their sentences (the texts are never stored), so a changed output leaves new items
unjudged: they are listed by ``--dump`` for judging and reported as "unjudged" (never counted as right).  How the set
was labelled: see ``gold/BASIL_JUDGED.md``.

**The claim link threshold** is chosen here: 200 cross-outlet sentence pairs, sampled by the claim model's
probability (30 in [0.85, 0.90), 50 in [0.90, 0.95), 50 in [0.95, 0.98), 30 in [0.98, 0.99), 40 ≥ 0.99), are judged
"same fact" or not; the precision of all pairs above a threshold is estimated bin by bin (each bin's judged share
weighted by how many pairs it holds), and the lowest threshold (0.01 steps) whose estimate reaches 0.90 is shipped.
2-fold: chosen on the triplets of one parity, estimated on the others.

Also reported, since every BASIL article is an outlet's own report: provenance labels other than *original*
(false positives unless the articles really share text, each listed), and summary sentences caught by the caption
net of ``benchmarks/summary.py``.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import DATA, require, table
from fusedata import CachedEmbedder, Prepared, assess_provenance, prepare
from summary import NET

from newsweave.fuse import Fuser
from newsweave.model import Citation, ProvenanceLabel
from newsweave.pipeline import Weaver

JUDGED = Path(__file__).resolve().parent / "gold" / "basil_judged.jsonl"
SLOT_KINDS = {"number", "date", "place", "polarity"}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--dump", help="write the unjudged items to this file (JSON lines) for judging")
    args = ap.parse_args()
    events = load()
    embedder = CachedEmbedder("basil")
    fuser = Fuser(embedder)
    judged = read_judged()
    items, captions, labels, flagged_prov = woven(events, fuser, embedder)
    candidates = threshold_choice(events, fuser, judged)
    candidate_table(candidates, judged, fuser.params.conflicts.same_slot)
    rows = []
    for kind, good in (("claim", "same"), ("conflict", "real")):
        mine = [i for i in items if i[0] == kind]
        known = [judged[i[2]]["label"] for i in mine if i[2] in judged]
        right = sum(label == good for label in known)
        rows.append([f"{kind}s from ≥ 2 outlets" if kind == "claim" else "slot disagreements", len(mine), len(known),
                     right, right / len(known) if known else 0.0])
    print(table(["items", "stated", "judged", "judged right", "precision (judged)"], rows,
                title=f"BASIL dev (2010–2016): {len(events)} triplets woven as one event each"))
    print(table(["label", "articles"], sorted(labels.items()),
                title="\nprovenance labels of BASIL's 210 articles (each an outlet's own report)"))
    for row in flagged_prov:
        print("  not original:", " | ".join(row))
    print(f"\nsummary sentences caught by the caption / teaser / question net: {len(captions)}")
    for name, s in captions:
        print(f"  [{name}] {s}")
    if args.dump:
        with open(args.dump, "w", encoding="utf-8") as f:
            for kind, name, key, texts, confidence in items:
                if key not in judged:
                    f.write(json.dumps({"item": key, "kind": kind, "triplet": name, "confidence": confidence,
                                        "texts": texts}) + "\n")
            for c in candidates:
                if c.key not in judged:
                    f.write(json.dumps({"item": c.key, "kind": "candidate", "triplet": c.triplet,
                                        "confidence": c.probability, "texts": c.texts}) + "\n")
        print(f"unjudged items written to {args.dump}")


Item = tuple[str, str, str, list[str], float]  # (kind, triplet, key, texts, confidence)


def read_judged() -> dict[str, dict[str, str]]:
    judged = {}
    if JUDGED.exists():
        for line in JUDGED.read_text(encoding="utf-8").splitlines():
            if line.strip():
                j = json.loads(line)
                judged[j["item"]] = j
    return judged


def woven(events: list[Prepared], fuser: Fuser, embedder: CachedEmbedder
          ) -> tuple[list[Item], list[tuple[str, str]], Counter[str], list[tuple[str, ...]]]:
    """Each triplet woven (provenance, then fuse): the claims from ≥ 2 outlets and the slot disagreements as judged
    items, the summary sentences the caption net catches, the provenance labels and the articles not original."""
    assess_provenance(events, embedder)
    items: list[Item] = []
    captions = []
    labels: Counter[str] = Counter()
    flagged_prov = []
    for e in events:
        fused = fuser.fuse(e.members, e.articles, e.analyses, e.provenance, e.entities)
        for c in fused.claims:
            if len({s.article for s in c.support}) >= 2:
                texts = [f"[{outlet(e, s)}] {words(e, s)}" for s in c.support]
                items.append(("claim", e.name, item_key(texts), texts, c.confidence))
        for d in fused.disagreements:
            if d.kind in SLOT_KINDS:
                texts = [f"{d.kind} · {d.subject}"] + [
                    f"[{outlet(e, c)}] value “{v.value}” in: {sentence(e, c)}" for v in d.values for c in v.citations]
                items.append(("conflict", e.name, item_key(texts), texts, 1.0))
        captions += [(e.name, words(e, s.statement)) for s in fused.summary if NET.search(words(e, s.statement))]
        for p in e.provenance.values():
            labels[p.label.value] += 1
            if p.label is not ProvenanceLabel.ORIGINAL:
                flagged_prov.append((e.name, outlet(e, Citation(p.article, 0, 0)), p.label.value,
                                     outlet(e, Citation(p.derived_from, 0, 0)) if p.derived_from else "-",
                                     "; ".join(x.note for x in p.evidence[:3]) or p.note))
    embedder.save()
    return items, captions, labels, flagged_prov


BINS = ((0.85, 0.90), (0.90, 0.95), (0.95, 0.98), (0.98, 0.99), (0.99, 1.01))


@dataclass(frozen=True)
class Candidate:
    """A pair of cross-outlet sentences whose claim probability reaches ``CANDIDATE_FLOOR`` and that give one slot
    two clashing values: a disagreement newsweave would state if ``ConflictParams.same_slot`` were that low."""

    triplet: str
    probability: float
    kind: str
    key: str
    texts: list[str]


CANDIDATE_FLOOR = 0.80
CANDIDATE_STEPS = (0.80, 0.85, 0.90, 0.94)


def threshold_choice(events: list[Prepared], fuser: Fuser, judged: dict[str, dict[str, str]]) -> list[Candidate]:
    """Estimated precision of cross-outlet pairs above each threshold, from the judged pairs; shipped and 2-fold.
    Returns the slot-conflict candidates (pairs of probability ≥ ``CANDIDATE_FLOOR`` with a clear conflict)."""
    from newsweave.fuse import Pairs

    population: list[tuple[str, float, str]] = []  # (triplet, probability, pair key)
    candidates: list[Candidate] = []
    for e in events:
        ctx = fuser.context(e.members, e.articles, e.analyses, {}, e.entities)
        pairs = Pairs(fuser, ctx)
        prob = pairs.probabilities()
        for i, j in zip(*(prob >= min(BINS[0][0], CANDIDATE_FLOOR)).nonzero(), strict=True):
            if i < j:
                a, b = (" ".join(ctx.sentences[k].text.split()) for k in (i, j))
                if prob[i, j] >= BINS[0][0]:
                    population.append((e.name, float(prob[i, j]), item_key([a, b])))
                for c in pairs.conflicts(int(i), int(j)):
                    if c.clear:
                        oa, ob = (e.articles[ctx.sentences[k].article].outlet or "?" for k in (i, j))
                        ta, tb = (e.articles[ctx.sentences[k].article].text for k in (i, j))
                        texts = [f"{c.kind} · {c.subject}", f"[{oa}] value “{ta[c.a_start:c.a_end]}” in: {a}",
                                 f"[{ob}] value “{tb[c.b_start:c.b_end]}” in: {b}"]
                        candidates.append(Candidate(e.name, float(prob[i, j]), c.kind, item_key(texts), texts))

    def estimate(triplets: set[str], t: float) -> tuple[float, int, int]:
        num = den = 0.0
        judged_n = 0
        for lo, hi in BINS:
            pop = [key for name, p, key in population if name in triplets and max(lo, t) <= p < hi]
            labels = [judged[k]["label"] == "same" for k in pop if k in judged and judged[k]["kind"] == "pair"]
            judged_n += len(labels)
            if pop and labels:
                num += len(pop) * sum(labels) / len(labels)
                den += len(pop)
        return (num / den if den else float("nan")), int(den), judged_n

    grid = [round(0.85 + 0.01 * k, 2) for k in range(15)]
    everyone = {e.name for e in events}
    rows = [[f"p ≥ {t:.2f}", *estimate(everyone, t)] for t in grid]
    print(table(["pairs", "estimated precision (same fact)", "pairs above", "judged"], rows,
                title="Claim model on BASIL dev: cross-outlet sentence pairs above a probability, judged same fact"))
    names = sorted(everyone)
    rows = []
    for fold in (0, 1):
        tune = {n for k, n in enumerate(names) if k % 2 == fold}
        test = everyone - tune
        chosen = next((t for t in grid if estimate(tune, t)[0] >= 0.9), grid[-1])
        rows.append([f"chosen on {'even' if fold == 0 else 'odd'} triplets", f"p ≥ {chosen:.2f}",
                     *estimate(test, chosen)])
    print(table(["2-fold", "link", "held-out estimated precision", "pairs above", "judged"], rows))
    print()
    return candidates


def candidate_table(candidates: list[Candidate], judged: dict[str, dict[str, str]], shipped: float) -> None:
    """Judged precision of the slot conflicts newsweave would state at lower same-slot thresholds."""
    rows = []
    for t in CANDIDATE_STEPS:
        above = [c for c in candidates if c.probability >= t]
        labels = [judged[c.key]["label"] == "real" for c in above if c.key in judged]
        kinds = Counter(c.kind for c in above)
        rows.append([f"same slot ≥ {t:.2f}" + (" (shipped)" if t == shipped else ""), len(above), len(labels),
                     sum(labels), sum(labels) / len(labels) if labels else 0.0,
                     ", ".join(f"{k} {n}" for k, n in sorted(kinds.items()))])
    print(table(["conflict candidates", "pairs", "judged", "real", "precision (judged)", "by kind"], rows,
                title="Slot conflicts on BASIL dev at lower same-slot thresholds (cross-outlet pairs, clear values)"))
    print()


def item_key(texts: list[str]) -> str:
    return hashlib.sha1("\n".join(sorted(texts)).encode("utf-8")).hexdigest()[:16]


def outlet(e: Prepared, c: Citation) -> str:
    return e.articles[c.article].outlet or "?"


def words(e: Prepared, c: Citation) -> str:
    return " ".join(e.articles[c.article].text[c.start:c.end].split())


def sentence(e: Prepared, c: Citation) -> str:
    for s in e.analyses[c.article].sentences:
        if s.start <= c.start < s.end:
            return words(e, Citation(c.article, s.start, s.end))
    return words(e, c)


def load(limit: int = 0, analyzer: object | None = None) -> list[Prepared]:
    """The first ``limit`` triplets (all when 0), prepared; ``analyzer``: a loaded one to share."""
    path = require(DATA / "basil" / "triplets.jsonl", "BASIL triplets.jsonl")
    triplets = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    triplets = triplets[: limit or None]
    events = [(t["triplet_id"], [{"id": f"{t['triplet_id']}-{a['outlet']}", "title": a["title"], "text": a["text"],
                                  "published": a["date"], "outlet": a["outlet_name"], "url": a["url"]}
                                 for a in t["articles"]]) for t in triplets]
    extra = {"analyzer": analyzer} if analyzer is not None else {}
    return prepare("basil", events, Weaver(embedder=CachedEmbedder("basil"), **extra))


if __name__ == "__main__":
    main()
