"""Multi-source summaries: ROUGE on NeuS dev (AllSides neutral roundups) and MultiLing 2011, captions counted.

    .venv/bin/python benchmarks/summary.py [--stories N] [--show-captions]

* **NeuS val** (``../shared/data/neus/roundups.jsonl``, split "val": 307 stories): each story's three leads (a left-,
  a centre- and a right-rated outlet, ~65 words each) are fused as one event; the summary is cut to 60 words (the
  roundups' median is 55) and scored against AllSides' neutral roundup.
* **MultiLing 2011** English (3 WikiNews clusters × 10 articles, 3 human summaries each): 250-word summaries.

ROUGE-1/2/L F-measure with stemming (``rouge-score``), averaged over references and events.  Baselines in the same
run, with the same budget: **lead** (the first sentences of the reports in turn), **centroid** (TF-IDF centroid,
redundancy-filtered, Radev et al.), and the **wave-1 fuse** summary (frozen, ``baselines/wave1_fuse.py``).

**Captions**: every summary sentence of every event is checked by a broad net (photo, image, video, watch, credit,
caption, click, subscribe …, a question mark) and the ones it catches are printed with ``--show-captions``, to be
read: a caption, credit, video blurb, teaser or question in a summary is a failure.

**Leads with the news**: the share of events whose summary's first sentence names a participant and a time or place.

**2-fold** (NeuS stories split by parity): whether the summary opens with the lead statement, and the lead weight,
are chosen on one half (ROUGE-2) and measured on the other; every option is also shown on all of dev.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import DATA, require, table
from fusedata import CachedEmbedder, Prepared, assess_provenance, prepare

from newsweave.fuse import FuseParams, Fuser
from newsweave.fuse.summary import stands_alone
from newsweave.pipeline import Weaver

NET = re.compile(r"photo|pictur|image|video|watch|getty|reuters/|caption|credit|click|subscribe|newsletter|listen|"
                 r"podcast|\?", re.IGNORECASE)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--stories", type=int, default=0, help="only the first N NeuS stories (0: all of val)")
    ap.add_argument("--show-captions", action="store_true")
    args = ap.parse_args()
    try:
        from rouge_score import rouge_scorer
    except ImportError:
        print("SKIP: rouge-score is not installed (pip install rouge-score==0.1.2)")
        return
    scorer = rouge_scorer.RougeScorer(["rouge1", "rouge2", "rougeL"], use_stemmer=True)
    embedder = CachedEmbedder("summaries")
    weaver = Weaver(embedder=embedder)
    fuser = Fuser(embedder)
    from baselines.wave1_fuse import FuseParams as Wave1Params
    from baselines.wave1_fuse import Fuser as Wave1
    wave1 = Wave1(embedder, synonyms=fuser.synonyms)
    caught: list[tuple[str, str]] = []
    for corpus, events, refs, budget in (corpus_neus(weaver, args.stories), corpus_multiling(weaver)):
        t0 = time.perf_counter()
        assess_provenance(events, embedder)
        fuser.params = replace(FuseParams(), summary=replace(FuseParams().summary, words=budget))
        wave1.params = Wave1Params(summary_words=budget)
        outputs: dict[str, list[list[str]]] = {"newsweave": [], "newsweave, leaning sentences not held back": [],
                                               "wave-1 fuse": [], "lead": [], "centroid": []}
        leaning = replace(fuser.params, summary=replace(fuser.params.summary, dangling=1.0))
        firsts: dict[str, list[bool]] = {k: [] for k in outputs}
        for e in events:
            ours = summarise(fuser, e)
            outputs["newsweave"].append(ours)
            caught += [(e.name, s) for s in ours if NET.search(s)]
            shipped, fuser.params = fuser.params, leaning
            outputs["newsweave, leaning sentences not held back"].append(summarise(fuser, e))
            fuser.params = shipped
            fused = wave1.fuse(e.members, e.articles, e.analyses, e.provenance, e.entities)
            outputs["wave-1 fuse"].append([words(e, s.statement) for s in fused.summary])
            sentences = body_sentences(e)
            outputs["lead"].append(lead(sentences, budget))
            outputs["centroid"].append(centroid(sentences, budget))
            for name in outputs:
                firsts[name].append(bool(outputs[name][-1]) and leads_with_news(e, outputs[name][-1][0]))
        rows = [[name, *rouge(scorer, out, refs, budget), sum(firsts[name]) / max(len(firsts[name]), 1),
                 sum(stands_alone(x) for o in out for x in o) / max(sum(len(o) for o in out), 1)]
                for name, out in outputs.items()]
        print(table(["system", "ROUGE-1 F", "ROUGE-2 F", "ROUGE-L F", "first sentence: who + when/where",
                     "sentences standing alone"], rows,
                    title=f"{corpus}: {len(events)} events, {budget}-word summaries; "
                          f"{time.perf_counter() - t0:.0f}s"))
        print()
        if corpus.startswith("NeuS"):
            two_fold(fuser, events, refs, scorer, budget)
    embedder.save()
    print(f"summary sentences caught by the caption / teaser / question net: {len(caught)} "
          "(read them with --show-captions)")
    if args.show_captions:
        for name, s in caught:
            print(f"  [{name}] {s}")


def leads_with_news(e: Prepared, sentence: str) -> bool:
    """Whether a summary's first sentence names a participant (a person, organisation or group) and a time or a
    place, as the reports' own analyses mark them."""
    from newsweave.model import MentionKind

    for a in e.members:
        text = e.articles[a].text
        at = text.find(sentence)
        if at < 0:
            continue
        end = at + len(sentence)
        inside = [m for m in e.analyses[a].mentions if at <= m.start < end]
        who = any(m.kind in (MentionKind.PERSON, MentionKind.ORGANIZATION, MentionKind.GROUP) for m in inside)
        where = any(m.kind is MentionKind.PLACE for m in inside)
        when = any(at <= d.start < end for d in e.analyses[a].dates)
        return who and (when or where)
    return False


def summarise(fuser: Fuser, e: Prepared) -> list[str]:
    fused = fuser.fuse(e.members, e.articles, e.analyses, e.provenance, e.entities)
    return [words(e, s.statement) for s in fused.summary]


def words(e: Prepared, c: object) -> str:
    return e.articles[c.article].text[c.start:c.end]  # type: ignore[attr-defined]


def body_sentences(e: Prepared) -> list[list[str]]:
    out = []
    for a in e.members:
        article, analysis = e.articles[a], e.analyses[a]
        headline_end = article.text.find("\n") if article.text.startswith(article.title[:20]) else -1
        out.append([article.text[s.start:s.end] for s in analysis.sentences if s.end > headline_end])
    return out


def two_fold(fuser: Fuser, events: Sequence[Prepared], refs: Sequence[list[str]], scorer: object,
             budget: int) -> None:
    options = [(lead_first, weight) for lead_first in (True, False) for weight in (0.2, 0.4)]
    rows = []
    for name, tune, test in (("odd → even", 1, 0), ("even → odd", 0, 1)):
        def r2(option: tuple[bool, float], part: int) -> list[float]:
            lead_first, weight = option
            base = FuseParams().summary
            fuser.params = replace(FuseParams(), summary=replace(base, words=budget, lead_sentence=lead_first,
                                                                lead=weight))
            idx = [k for k in range(len(events)) if k % 2 == part]
            outs = [summarise(fuser, events[k]) for k in idx]
            firsts = [bool(o) and leads_with_news(events[k], o[0]) for k, o in zip(idx, outs, strict=True)]
            return [*rouge(scorer, outs, [refs[k] for k in idx], budget), sum(firsts) / max(len(firsts), 1)]
        best = max(options, key=lambda o: r2(o, tune)[1])
        rows.append([f"lead first={best[0]}, lead weight={best[1]} (chosen on {name.split()[0]})", name,
                     *r2(best, test)])
    for option in options:
        rows.append([f"lead first={option[0]}, lead weight={option[1]} (all of dev)", "all",
                     *[float(np.mean(x)) for x in zip(r2(option, 0), r2(option, 1), strict=True)]])
    fuser.params = replace(FuseParams(), summary=replace(FuseParams().summary, words=budget))
    print(table(["newsweave (2-fold by story parity)", "fold", "ROUGE-1 F", "ROUGE-2 F", "ROUGE-L F",
                 "first sentence: who + when/where"], rows,
                title="NeuS val, 2-fold: the summary's settings chosen on one half (ROUGE-2), measured on the other"))
    print()


def rouge(scorer: object, outputs: Sequence[Sequence[str]], refs: Sequence[list[str]], budget: int) -> list[float]:
    scores = []
    for out, ref in zip(outputs, refs, strict=True):
        text = " ".join(" ".join(out).split()[:budget])
        per = [scorer.score(r, text) for r in ref]  # type: ignore[attr-defined]
        scores.append([float(np.mean([s[k].fmeasure for s in per])) for k in ("rouge1", "rouge2", "rougeL")])
    return np.mean(np.array(scores), axis=0).tolist() if scores else [0.0, 0.0, 0.0]


def corpus_neus(weaver: Weaver, limit: int) -> tuple[str, list[Prepared], list[list[str]], int]:
    path = require(DATA / "neus" / "roundups.jsonl", "NeuS roundups.jsonl")
    stories = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    stories = [s for s in stories if s["split"] == "val"][: limit or None]
    events = [(s["id"], [{"id": f"{s['id']}-{p['position']}", "title": p["title"], "text": p["text"],
                          **({"outlet": p["outlet"]} if p.get("outlet") else {})} for p in s["pieces"]])
              for s in stories]
    prepared = prepare("neus-val", events, weaver)
    return "NeuS val", prepared, [[s["target_text"]] for s in stories], 60


def corpus_multiling(weaver: Weaver) -> tuple[str, list[Prepared], list[list[str]], int]:
    path = require(DATA / "summaries_multiling2011" / "multiling2011_clusters.jsonl", "MultiLing 2011 clusters")
    clusters = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    events = [(c["cluster_id"], [{"id": d["doc_id"], "title": d["sentences"][0], "text": "\n".join(d["sentences"][1:])}
                                 for d in c["documents"]]) for c in clusters]
    prepared = prepare("multiling", events, weaver)
    refs = [[" ".join(r) for r in c["reference_summaries"].values()] for c in clusters]
    return "MultiLing 2011 English", prepared, refs, 250


def lead(docs: list[list[str]], budget: int) -> list[str]:
    out: list[str] = []
    count = 0
    for k in range(max((len(d) for d in docs), default=0)):
        for d in docs:
            if k < len(d) and count < budget:
                out.append(d[k])
                count += len(d[k].split())
    return out


def centroid(docs: list[list[str]], budget: int) -> list[str]:
    from sklearn.feature_extraction.text import TfidfVectorizer

    sentences = [s for d in docs for s in d if len(s.split()) >= 5]
    if not sentences:
        return []
    m = TfidfVectorizer(sublinear_tf=True, stop_words="english").fit_transform(sentences)
    center = np.asarray(m.mean(axis=0)).ravel()
    sims = m @ center / (np.linalg.norm(center) or 1.0)
    out: list[int] = []
    count = 0
    for i in np.argsort(-sims):
        if count >= budget:
            break
        if any((m[i] @ m[j].T).toarray()[0, 0] >= 0.5 for j in out):
            continue
        out.append(int(i))
        count += len(sentences[i].split())
    return [sentences[i] for i in out]


if __name__ == "__main__":
    main()
