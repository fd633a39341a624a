"""The corpora of the grouping benchmarks, analysed once and cached: ECB+ dev and the BASIL pile.

Each corpus is read the way ``newsweave run`` reads a JSONL file (ingest + clean), analysed (spaCy, dates,
mentions) and embedded (the headline and lead, as grouping does), then pickled under ``benchmarks/.cache``
(git-ignored) so that tuning sweeps and repeated runs never parse again.  ``fresh=True`` re-analyses.
Profiles are *not* cached: they are built from the cached analyses on every run, so changes to
:func:`newsweave.group.build_profile` take effect without a re-parse.
"""

from __future__ import annotations

import functools
import json
import pickle
import re
import sys
import tempfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import DATA, ecb_docs, ecb_record, require

from newsweave.gazetteer import Gazetteer
from newsweave.group import Profile, build_profile, lead_text
from newsweave.model import Analysis, Article

CACHE = Path(__file__).resolve().parent / ".cache"
CACHE_VERSION = 1


@dataclass(slots=True)
class Corpus:
    """Articles with their analyses and lead embeddings, and the gold labels by article id."""

    name: str
    articles: dict[str, Article]
    analyses: dict[str, Analysis]
    vectors: dict[str, np.ndarray]
    gold_event: dict[str, str]
    gold_story: dict[str, str] = field(default_factory=dict)
    info: dict[str, dict[str, Any]] = field(default_factory=dict)  # per article: year, outlet, gold title …

    def profiles(self) -> dict[str, Profile]:
        gazetteer = _gazetteer()
        return {i: build_profile(self.articles[i], self.analyses[i], self.vectors[i], gazetteer)
                for i in self.gold_event}

    def subset(self, ids: Sequence[str]) -> Corpus:
        keep = set(ids)
        return Corpus(self.name, self.articles, self.analyses, self.vectors,
                      {i: g for i, g in self.gold_event.items() if i in keep},
                      {i: g for i, g in self.gold_story.items() if i in keep}, self.info)


@functools.cache
def _gazetteer() -> Gazetteer:
    return Gazetteer.load()


Analysed = tuple[dict[str, Article], dict[str, Analysis], dict[str, np.ndarray], dict[str, str]]


def _analyse(name: str, records: Sequence[Mapping[str, Any]], fresh: bool, analyzer: Any = None,
             cache: bool = True) -> Analysed:
    """Read, analyse and embed JSONL records: articles, analyses, vectors, record id → article id.  Cached under
    ``benchmarks/.cache`` unless ``cache`` is False (the quality gate analyses its slice afresh with its shared
    ``analyzer``, so that a change to the analysis shows in its figures)."""
    path = CACHE / f"grouping-{name}.pkl"
    key = (CACHE_VERSION, json.dumps(records, sort_keys=True, ensure_ascii=False))
    if cache and path.exists() and not fresh:
        with path.open("rb") as fh:
            cached = pickle.load(fh)
        if cached["key"] == key:
            return cached["articles"], cached["analyses"], cached["vectors"], cached["ids"]
    from newsweave.pipeline import Weaver

    weaver = Weaver() if analyzer is None else Weaver(analyzer=analyzer)
    with tempfile.TemporaryDirectory() as tmp:
        source = Path(tmp) / f"{name}.jsonl"
        source.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in records), encoding="utf-8")
        articles, failures, _ = weaver.read([source])
    assert not failures, failures
    if cache:
        print(f"analysing {len(articles)} {name} articles (cached in {path}) …", file=sys.stderr)
    pairs = list(weaver.analyze(articles))
    vectors = weaver.embedder.encode([lead_text(a, an) for a, an in pairs])
    ids = {re.search(r"\(id (.+)\)$", a.path).group(1): a.id for a in articles}  # type: ignore[union-attr]
    out = ({a.id: a for a, _ in pairs}, {a.id: an for a, an in pairs},
           {a.id: np.asarray(v, dtype=np.float32) for (a, _), v in zip(pairs, vectors, strict=True)}, ids)
    if cache:
        CACHE.mkdir(exist_ok=True)
        with path.open("wb") as fh:
            pickle.dump({"key": key, "articles": out[0], "analyses": out[1], "vectors": out[2], "ids": out[3]}, fh)
    return out


def load_ecb(fresh: bool = False, topic_every: int = 1, analyzer: Any = None) -> Corpus:
    """ECB+ dev: gold events are ``event_cluster`` (two look-alike real events per topic), stories ``topic``.

    ``topic_every`` > 1: only every n-th topic (by number, from the first), analysed afresh with ``analyzer``
    and not cached — the quality gate's slice."""
    docs = ecb_docs()
    if topic_every > 1:
        topics = sorted({int(str(d["topic"])) for d in docs})[::topic_every]
        docs = [d for d in docs if int(str(d["topic"])) in topics]
    articles, analyses, vectors, ids = _analyse("ecb", [ecb_record(d) for d in docs], fresh, analyzer,
                                                cache=topic_every == 1)
    gold_event = {ids[str(d["doc_id"])]: str(d["event_cluster"]) for d in docs}
    gold_story = {ids[str(d["doc_id"])]: str(d["topic"]) for d in docs}
    info = {ids[str(d["doc_id"])]: {"topic": int(str(d["topic"]))} for d in docs}
    return Corpus("ECB+ dev", articles, analyses, vectors, gold_event, gold_story, info)


def basil_triplets() -> list[dict[str, Any]]:
    path = require(DATA / "basil" / "triplets.jsonl", "BASIL triplets.jsonl")
    triplets = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    return sorted(triplets, key=lambda t: (t["year"], t["triplet_id"]))


def load_basil(fresh: bool = False, triplet_every: int = 1, analyzer: Any = None) -> Corpus:
    """BASIL dev: 70 triplets (NYT, HuffPost, Fox News; 2010–2016) → 210 articles in one pile, each given to
    newsweave as a JSONL record with its title, publication date, URL and text (no outlet field: the URL
    names it, as ``newsweave run`` would).  Gold event = the triplet.

    ``triplet_every`` > 1: only every n-th triplet by (year, id), from the first (all years still), analysed
    afresh with ``analyzer`` and not cached — the quality gate's slice."""
    records, gold, info = [], {}, {}
    for t in basil_triplets()[::triplet_every]:
        for a in t["articles"]:
            rid = f"{t['triplet_id']}_{a['n']}"
            records.append({"id": rid, "title": a["title"], "text": a["text"], "url": a["url"],
                            "published": a["date"]})
            gold[rid] = t["triplet_id"]
            info[rid] = {"year": int(t["year"]), "date": a["date"], "outlet": a["outlet"],
                         "event": t["main_events"][0], "title": a["title"]}
    articles, analyses, vectors, ids = _analyse("basil", records, fresh, analyzer, cache=triplet_every == 1)
    return Corpus("BASIL dev", articles, analyses, vectors, {ids[r]: g for r, g in gold.items()}, {},
                  {ids[r]: v for r, v in info.items()})
