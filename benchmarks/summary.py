"""Multi-document summaries on MultiLing 2011 (English WikiNews): ROUGE-1/2/L against three human summaries.

    .venv/bin/python benchmarks/summary.py [--words 250]

Each of the 3 clusters (10 articles on one event each) is analysed and fused as one event; newsweave's summary
(maximal marginal relevance over the claims' wordings, see ``newsweave.fuse``) is cut to the word budget of the
references (~250 words).  Baselines in the same run, with the same budget:

* **lead**: the first sentences of the cluster's articles in turn (first sentence of each, then second, …);
* **centroid**: sentences ranked by TF-IDF cosine to the cluster's centroid, a sentence skipped when it is too
  close (cosine ≥ 0.5) to one already chosen (Radev et al.'s centroid summariser).

ROUGE F-measure with stemming (``rouge-score``, the ROUGE-1.5.5 reimplementation), averaged over the three
references and the clusters.  The set is tiny (3 clusters): read the figures as a smoke test, not as statistics.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import DATA, require, table

from newsweave.fuse import FuseParams, Fuser
from newsweave.pipeline import Weaver
from newsweave.provenance import Provenancer


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--words", type=int, default=250)
    ap.add_argument("--weights", default="", help="centrality,support,lead,decay (default: FuseParams)")
    args = ap.parse_args()
    path = require(DATA / "summaries_multiling2011" / "multiling2011_clusters.jsonl", "MultiLing 2011 clusters")
    try:
        from rouge_score import rouge_scorer
    except ImportError:
        print("SKIP: rouge-score is not installed (pip install rouge-score==0.1.2)")
        return
    clusters = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    weaver = Weaver()
    params = FuseParams(summary_words=args.words)
    if args.weights:
        c, s, lw, d = (float(x) for x in args.weights.split(","))
        params = FuseParams(summary_words=args.words, centrality_weight=c, support_weight=s, lead_weight=lw,
                            lead_decay=d)
    fuser = Fuser(weaver.embedder, params)
    provenancer = Provenancer(weaver.embedder)
    scorer = rouge_scorer.RougeScorer(["rouge1", "rouge2", "rougeL"], use_stemmer=True)
    systems = ["newsweave", "lead", "centroid"]
    scores: dict[str, list[list[float]]] = {s: [] for s in systems}
    t0 = time.perf_counter()
    for cluster in clusters:
        with tempfile.TemporaryDirectory() as tmp:
            f = Path(tmp) / "c.jsonl"
            f.write_text("\n".join(json.dumps({"id": d["doc_id"], "title": d["sentences"][0],
                                               "text": "\n".join(d["sentences"][1:])}) for d in cluster["documents"]),
                         encoding="utf-8")
            articles, failures, _ = weaver.read([f])
        assert not failures, failures
        pairs = list(weaver.analyze(articles))
        analyses = {a.id: an for a, an in pairs}
        arts = {a.id: a for a, _ in pairs}
        provenance = {p.article: p for p in provenancer.assess(pairs)}
        fusion = fuser.fuse([a.id for a, _ in pairs], arts, analyses, provenance, {})
        ours = [arts[s.statement.article].text[s.statement.start:s.statement.end] for s in fusion.summary]
        sentences = [[a.text[s.start:s.end] for s in an.sentences[1:]] for a, an in pairs]  # headline left out
        outputs = {"newsweave": ours, "lead": lead(sentences, args.words), "centroid": centroid(sentences, args.words)}
        refs = [" ".join(r) for r in cluster["reference_summaries"].values()]
        for name, out in outputs.items():
            text = _cut(" ".join(out), args.words)
            per_ref = [scorer.score(ref, text) for ref in refs]
            scores[name].append([float(np.mean([s[k].fmeasure for s in per_ref]))
                                 for k in ("rouge1", "rouge2", "rougeL")])
    rows = [[name, *np.mean(np.array(scores[name]), axis=0).tolist()] for name in systems]
    print(table(["system", "ROUGE-1 F", "ROUGE-2 F", "ROUGE-L F"], rows,
                title=f"MultiLing 2011 English: {len(clusters)} clusters × 10 articles, 3 references each, "
                      f"{args.words}-word summaries; {time.perf_counter() - t0:.0f}s"))


def _cut(text: str, words: int) -> str:
    return " ".join(text.split()[:words])


def lead(docs: list[list[str]], words: int) -> list[str]:
    out: list[str] = []
    count = 0
    for k in range(max(len(d) for d in docs)):
        for d in docs:
            if k < len(d) and count < words:
                out.append(d[k])
                count += len(d[k].split())
    return out


def centroid(docs: list[list[str]], words: int) -> list[str]:
    from sklearn.feature_extraction.text import TfidfVectorizer

    sentences = [s for d in docs for s in d if len(s.split()) >= 5]
    m = TfidfVectorizer(sublinear_tf=True, stop_words="english").fit_transform(sentences)
    center = np.asarray(m.mean(axis=0)).ravel()
    sims = m @ center / (np.linalg.norm(center) or 1.0)
    out: list[int] = []
    count = 0
    for i in np.argsort(-sims):
        if count >= words:
            break
        if any((m[i] @ m[j].T).toarray()[0, 0] >= 0.5 for j in out):
            continue
        out.append(int(i))
        count += len(sentences[i].split())
    return [sentences[i] for i in out]


if __name__ == "__main__":
    main()
