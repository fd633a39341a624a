"""Throughput of the whole weave on ECB+ dev, against a spaCy-only parse of the same texts (the floor).

    .venv/bin/python benchmarks/throughput.py [--limit N]

Both runs use already-loaded models (loading is reported apart).  The weave is the full path: JSONL
ingest, cleaning, spaCy analysis, dates, embeddings, incremental grouping, entity canonicalisation and
the SQLite store (a fresh file).  The baseline is ``nlp.pipe`` over the same clean texts with the same
spaCy pipeline and batch size, doing nothing with the result.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import ecb_docs, ecb_record, table

from newsweave.analyze import load_spacy
from newsweave.pipeline import Weaver
from newsweave.store import Store

STAGE_NAMES = {"read": "read (ingest)", "analyze": "clean + analyze (spaCy, dates)", "group": "embed + group"}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--limit", type=int, default=None, help="only the first N documents")
    args = ap.parse_args()
    docs = ecb_docs(args.limit)

    t0 = time.perf_counter()
    weaver = Weaver()
    weaver.analyzer.pipeline()
    weaver.embedder.encode(["warm up"])
    load_s = time.perf_counter() - t0

    with tempfile.TemporaryDirectory() as tmp:
        corpus = Path(tmp) / "ecb.jsonl"
        corpus.write_text("\n".join(json.dumps(ecb_record(d)) for d in docs), encoding="utf-8")
        stages: dict[str, float] = defaultdict(float)
        last = [time.perf_counter()]

        def progress(stage: str, done: int, total: int | None) -> None:
            now = time.perf_counter()
            stages[STAGE_NAMES.get(stage, stage)] += now - last[0]
            last[0] = now

        start = time.perf_counter()
        with Store(Path(tmp) / "ecb.db") as store:
            last[0] = start
            account = weaver.weave([corpus], store, progress=progress)
        weave_s = time.perf_counter() - start
        n = len(account.articles)
        assert not account.failures, account.failures[:3]
        texts = [a.text for a in account.articles]

    nlp = load_spacy()
    start = time.perf_counter()
    for _ in nlp.pipe(texts, batch_size=weaver.analyzer.batch_size):
        pass
    spacy_s = time.perf_counter() - start

    rows = [
        ["newsweave run (whole weave)", n, weave_s, n / weave_s, weave_s / spacy_s],
        ["spaCy-only parse (baseline)", n, spacy_s, n / spacy_s, 1.0],
    ]
    print(table(["pipeline", "articles", "seconds", "articles/s", "× spaCy time"], rows,
                title=f"Throughput on ECB+ dev ({n} articles, {sum(len(t) for t in texts) / n:.0f} chars mean); "
                      f"models loaded once in {load_s:.1f}s"))
    other = weave_s - sum(stages.values())
    print()
    print(table(["stage", "seconds", "share"],
                [[s, v, v / weave_s] for s, v in stages.items()] + [["store, entities, events", other,
                                                                      other / weave_s]],
                title="Where the weave's time goes"))


if __name__ == "__main__":
    main()
