"""Scale: what a run costs as the store grows, big events, the map stage on two cores and on Dask.

    .venv/bin/python benchmarks/scale.py [--sizes 1000,10000] [--event-sizes 200,1000] [--slice 100]

1. **Add 20 articles** to stores of each size, built from perturbed copies of ECB+ dev (772 texts, analysed once
   and cached by the grouping benchmark; copy round ``r`` is the text with a line naming the round appended and a
   publication date two years after round ``r - 1``, so each round forms its own events).  A store is built with
   the real grouping and linking; provenance is written as "original" with the real LSH buckets and fusions as
   empty placeholders (assessing and fusing 10k copies would take hours and is not what is measured).  The 20 new
   articles then go through the whole run (read, clean, analyse, group, link, provenance, fuse) in a fresh
   process per size: wall time and peak RSS per stage.
2. **End to end vs bare spaCy** on an ECB+ dev slice, models loaded: ``nlp.pipe`` over the clean texts, then a
   run into an empty store in one process and with two worker processes (started and warm), ratios.
3. **Dask**: the same slice woven single-process and with a LocalCluster of 2 workers (127.0.0.1, warm): identical
   account (compared), times.
4. **One big event**: ``n`` perturbed copies of the largest ECB+ dev event fused as one event (blocks of 40):
   time per size and the fitted exponent.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import math
import os
import pickle
import re
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")

from common import table

CACHE = Path(__file__).resolve().parent / ".cache" / "grouping-ecb.pkl"
EXAMPLES = Path(__file__).resolve().parents[1] / "examples" / "nato-russia-2022"
STAGES = ("map", "group", "link", "provenance", "fuse")


OWN_CACHE = Path(os.environ.get("NEWSWEAVE_SCALE_CACHE", tempfile.gettempdir())) / "newsweave-scale-ecb.pkl"


def pool() -> tuple[list[Any], dict[str, Any]]:
    """ECB+ dev analysed: the grouping benchmark's cache, else this benchmark's own (made once, two workers)."""
    if CACHE.exists():
        with CACHE.open("rb") as fh:
            cached = pickle.load(fh)
    elif OWN_CACHE.exists():
        with OWN_CACHE.open("rb") as fh:
            cached = pickle.load(fh)
    else:
        from newsweave import Weaver
        from newsweave.mapstage import ProcessMapper, batches

        print(f"analysing ECB+ dev once (cached in {OWN_CACHE}) …", file=sys.stderr)
        weaver = Weaver()
        with tempfile.TemporaryDirectory() as tmp:
            articles, _, _ = weaver.read([_slice(None, Path(tmp))])
        mapper = ProcessMapper(2)
        pairs = [item for batch in mapper.map(batches(articles)) for item in batch if isinstance(item, tuple)]
        mapper.close()
        cached = {"articles": {a.id: a for a, _ in pairs}, "analyses": {a.id: an for a, an in pairs}}
        with OWN_CACHE.open("wb") as fh:
            pickle.dump(cached, fh)
    articles = sorted(cached["articles"].values(), key=lambda a: a.id)
    return articles, cached["analyses"]


def copy(article: Any, analysis: Any, r: int) -> tuple[Any, Any]:
    """Copy round ``r`` of an article: a line naming the round appended, published two years after round r - 1."""
    from newsweave.model import content_id

    text = article.text + f"\n\nArchive copy {r}."
    new_id = content_id("a", text)
    published = f"{1990 + 2 * r}-06-01"
    return (dataclasses.replace(article, id=new_id, text=text, published=published, path=f"{article.path}#{r}"),
            dataclasses.replace(analysis, article=new_id))


def new_copies(folder: Path, n: int) -> Path:
    """A JSONL file in ``folder`` of 20 copies new to a store of ``n`` (a copy round five past its last)."""
    articles, analyses = pool()
    r = n // len(articles) + 5
    source = folder / "new.jsonl"
    with source.open("w", encoding="utf-8") as fh:
        for a in articles[:20]:
            c, _ = copy(a, analyses[a.id], r)
            fh.write(json.dumps({"id": c.id, "title": c.title, "text": c.text, "published": c.published}) + "\n")
    return source


class Sampler:
    """Peak RSS per stage: samples this process's RSS every 20 ms, charged to the stage reported last."""

    def __init__(self) -> None:
        import psutil

        self.proc = psutil.Process()
        self.stage = "map"
        self.peak: dict[str, float] = {}
        self.running = True
        threading.Thread(target=self._run, daemon=True).start()

    def _run(self) -> None:
        while self.running:
            rss = self.proc.memory_info().rss / 2**20
            self.peak[self.stage] = max(self.peak.get(self.stage, 0.0), rss)
            time.sleep(0.02)

    def progress(self, stage: str, done: int, total: int | None) -> None:
        self.stage = {"read": "map", "analyze": "map"}.get(stage, stage)


def build(path: Path, n: int) -> float:
    """A store of ``n`` perturbed copies (see the module docstring); returns the build time."""
    from newsweave import Store, Weaver
    from newsweave.fuse import Fusion
    from newsweave.model import Provenance, ProvenanceLabel
    from newsweave.provenance import article_bands

    t0 = time.perf_counter()
    articles, analyses = pool()
    weaver = Weaver()
    with Store(path) as store:
        for i in range(n):
            a = articles[i % len(articles)]
            store.add_article(*copy(a, analyses[a.id], i // len(articles)))
        weaver._group(store, lambda *_: None)
        weaver._canonicalize(store, lambda *_: None)
        ids = store.unassessed_ids()
        for k in range(0, len(ids), 500):
            pairs = store.pairs(ids[k:k + 500])
            store.save_assessment([Provenance(a.id, ProvenanceLabel.ORIGINAL, 0.5) for a, _ in pairs],
                                  {a.id: article_bands(a, an) for a, an in pairs})
        store.set_meta("bands", 1)
        store.set_meta("fuse_version", __import__("newsweave.fuse", fromlist=["FUSE_VERSION"]).FUSE_VERSION)
        for event in store.unfused():
            store.save_fusion(event, "placeholder", Fusion())
    return time.perf_counter() - t0


def add20(path: Path, n: int) -> dict[str, Any]:
    """In this process: add 20 new copies to the store at ``path``; stage times and peak RSS."""
    from newsweave import Store, Weaver

    with tempfile.TemporaryDirectory() as tmp:
        source = new_copies(Path(tmp), n)
        weaver = Weaver()
        weaver.analyzer.pipeline()
        weaver.embedder.encode(["warm up"])
        sampler = Sampler()
        t0 = time.perf_counter()
        with Store(path) as store:
            result = weaver.run([source], store, sampler.progress, account=False)
        wall = time.perf_counter() - t0
        sampler.running = False
    return {"n": n, "wall": wall, "added": len(result.added), "times": dict(weaver.timings), "rss": sampler.peak}


def scale(sizes: list[int], builder: str = "replicated", label: str = "", keep: Path | None = None) -> None:
    """Add 20 to stores of each size made by ``builder`` (``real`` or ``replicated``: see scale_store.py).  With
    ``keep``, stores are built there once and each run adds to a copy (the store is opened, and so upgraded to
    this code's schema, before the clock starts)."""
    import shutil

    from scale_store import build_replicated, describe

    from newsweave import Store

    rows, results = [], {}
    for n in sizes:
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / "store.db"
            kept = keep / f"{builder}-{n}.db" if keep else None
            if kept is not None and kept.exists():
                built = float(json.loads((kept.parent / (kept.name + ".json")).read_text())["built"])
            else:
                target = kept or path
                built = build(target, n) if builder == "real" else build_replicated(target, n)
                if kept is not None:
                    (kept.parent / (kept.name + ".json")).write_text(json.dumps({"built": built}))
            if kept is not None:
                for suffix in ("", ".vectors"):
                    if Path(str(kept) + suffix).exists():
                        shutil.copyfile(str(kept) + suffix, str(path) + suffix)
            with Store(path) as opened:  # as the run that made the store leaves it: upgraded, and its pending
                opened.ungrouped_ids()    # queries' watermarks at the last article done
                opened.unlinked_ids()
                opened.unassessed_ids()
            print(f"store of {n:,} built ({builder}) in {built:.0f} s: {describe(path)}", file=sys.stderr, flush=True)
            out = subprocess.run([sys.executable, __file__, "--add20", str(path), str(n)], capture_output=True,
                                 text=True, env={**os.environ, "PYTHONHASHSEED": "0"})
            if out.returncode:
                sys.exit(f"adding 20 to the store of {n} failed:\n{out.stderr[-3000:]}")
            res = json.loads(out.stdout.strip().splitlines()[-1])
            results[n] = res
            rows.append([f"{n:,}", builder, f"{built:.0f}", f"{res['wall']:.1f}",
                         *(f"{res['times'].get(s, 0):.2f}" for s in STAGES),
                         f"{max(res['rss'].values()):.0f}", *(f"{res['rss'].get(s, 0):.0f}" for s in STAGES)])
    print(f"\nAdd 20 articles to a store of N{label} (seconds; peak RSS MiB)")
    print(table(["store", "builder", "build s", "run s", *STAGES, "peak MiB", *(f"{s} MiB" for s in STAGES)], rows))
    if len(sizes) > 1:
        lo, hi = results[sizes[0]], results[sizes[-1]]
        print(f"ratio {sizes[-1]:,}/{sizes[0]:,}: time {hi['wall'] / lo['wall']:.2f} (target ≤ 1.3), "
              f"peak RSS {max(hi['rss'].values()) / max(lo['rss'].values()):.2f} (target ≤ 1.2)")


def _slice(limit: int | None, folder: Path) -> Path:
    from common import ecb_docs, ecb_record

    source = folder / "ecb.jsonl"
    source.write_text("\n".join(json.dumps(ecb_record(d)) for d in ecb_docs(limit)), encoding="utf-8")
    return source


def _warm() -> Any:
    """A weaver with every model and resource loaded (a weave of the example seeds)."""
    from newsweave import Store, Weaver

    weaver = Weaver()
    with Store(":memory:") as store:
        weaver.weave([EXAMPLES], store)
    return weaver


def end_to_end(limit: int) -> None:
    from newsweave import Store
    from newsweave.analyze import load_spacy
    from newsweave.mapstage import ProcessMapper, batches

    weaver = _warm()
    with tempfile.TemporaryDirectory() as tmp:
        source = _slice(limit, Path(tmp))
        articles, _, _ = weaver.read([source])
        nlp = load_spacy()
        t0 = time.perf_counter()
        for _ in nlp.pipe([a.text for a in articles], batch_size=16):
            pass
        bare = time.perf_counter() - t0
        pool = ProcessMapper(2)
        for _ in pool.map(batches(articles[:4], 2)):  # the workers load their models before the clock starts
            pass
        rows = [["bare spaCy (nlp.pipe, 1 process)", f"{bare:.1f}", "1.00"]]
        stages = {}
        for name, mapper in (("newsweave run, 1 process", None), ("newsweave run, 2 workers", pool)):
            weaver.mapper = mapper
            weaver.embedder._cache.clear()  # each run embeds its sentences itself
            t0 = time.perf_counter()
            with Store(Path(tmp) / f"{name[-9:].strip()}.db") as store:
                weaver.run([source], store, account=False)
            took = time.perf_counter() - t0
            stages[name] = dict(weaver.timings)
            rows.append([name, f"{took:.1f}", f"{took / bare:.2f}"])
        pool.close()
    for s in STAGES:
        rows.append([f"  {s} (1 process / 2 workers)", " / ".join(f"{t.get(s, 0):.1f}" for t in stages.values()), ""])
    print(f"\nEnd to end vs bare spaCy, ECB+ dev first {len(articles)} documents, models loaded (target ≤ 2×)")
    print(table(["run", "seconds", "× spaCy"], rows))


def dask_vs_single(limit: int) -> None:
    from newsweave import Store
    from newsweave.mapstage import DaskMapper
    from newsweave.render import account_json

    weaver = _warm()
    with tempfile.TemporaryDirectory() as tmp:
        source = _slice(limit, Path(tmp))
        weaver.embedder._cache.clear()
        t0 = time.perf_counter()
        single = account_json(weaver.weave([source], Store(":memory:")))
        t_single = time.perf_counter() - t0
        mapper = DaskMapper("local:2")
        mapper.connect()
        weaver.mapper = mapper
        weaver.weave([source], Store(":memory:"))  # every worker loads its models before the clock starts
        weaver.embedder._cache.clear()  # each run embeds its sentences itself
        t0 = time.perf_counter()
        distributed = account_json(weaver.weave([source], Store(":memory:")))
        t_dask = time.perf_counter() - t0
        mapper.close()
    print(f"\nDask LocalCluster (2 workers, 127.0.0.1) vs single process, ECB+ dev first {limit} documents (warm)")
    print(table(["run", "seconds", "speed-up", "account"],
                [["single process", f"{t_single:.1f}", "1.00", ""],
                 ["Dask local:2", f"{t_dask:.1f}", f"{t_single / t_dask:.2f}",
                  "identical" if single == distributed else "DIFFERENT"]]))


def big_event(sizes: list[int]) -> None:
    from newsweave import Store, Weaver
    from newsweave.fuse import Fuser
    from newsweave.fuse_events import fuse_event

    articles, analyses = pool()
    ids = {m.group(1): a.id for a in articles if (m := re.search(r"\(id (.+)\)$", a.path))}
    from common import ecb_docs

    cluster: dict[str, list[str]] = {}
    for d in ecb_docs():
        cluster.setdefault(str(d["event_cluster"]), []).append(ids[str(d["doc_id"])])
    event = max(cluster.values(), key=len)
    by_id = {a.id: a for a in articles}
    weaver = Weaver()
    fuser = Fuser(weaver.embedder)
    rows, times = [], []
    for n in [40, *sizes]:  # the first, untimed, loads what fusing needs (synonyms, gazetteer, models)
        with Store(":memory:") as store:
            members = []
            for i in range(n):
                a = by_id[event[i % len(event)]]
                c, an = copy(a, analyses[a.id], i // len(event))
                store.add_article(c, an)
                members.append(c.id)
            t0 = time.perf_counter()
            fusion = fuse_event(fuser, members, store, {})
            took = time.perf_counter() - t0
        if n not in sizes:
            continue
        times.append(took)
        rows.append([f"{n:,}", f"{took:.1f}", f"{took / n * 1000:.0f}", str(len(fusion.claims)),
                     str(len(fusion.quote_groups)), str(len(fusion.disagreements)),
                     str(len(fusion.timeline) + len(fusion.background))])
    print(f"\nOne event of n reports (copies of ECB+ dev's largest event, {len(event)} reports; copies repeat its "
          "sentences, so the embedder's cache serves most of them), fused in blocks of 40")
    print(table(["reports", "fuse s", "ms/report", "claims", "quote groups", "disagreements", "timeline"], rows))
    if len(sizes) > 1:
        span = math.log(sizes[-1] / sizes[0])
        k = math.log(times[-1] / times[0]) / span
        nlogn = 1 + math.log(math.log(sizes[-1]) / math.log(sizes[0])) / span
        print(f"fitted exponent {k:.2f} (n log n over this range ≈ {nlogn:.2f}; all pairs 2)")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", default="1000,10000")
    ap.add_argument("--event-sizes", default="200,1000")
    ap.add_argument("--slice", type=int, default=100, help="ECB+ dev documents for end to end vs spaCy")
    ap.add_argument("--only", default="scale,e2e,dask,event")
    ap.add_argument("--builder", default="replicated", choices=("real", "replicated"),
                    help="how the stores are built (scale_store.py): replicated rounds (default) or every copy grouped"
                         " and linked for real")
    ap.add_argument("--keep", type=Path, help="build the stores in this folder once, and reuse them")
    ap.add_argument("--validate", type=int, default=0, metavar="N",
                    help="first add 20 to a store of N built each way, to compare the builders")
    ap.add_argument("--add20", nargs=2, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.add20:
        print(json.dumps(add20(Path(args.add20[0]), int(args.add20[1]))))
        return
    only = set(args.only.split(","))
    if args.validate:
        for builder in ("real", "replicated"):
            scale([args.validate], builder, f" — builder check, {builder}", args.keep)
    if "scale" in only:
        scale([int(x) for x in args.sizes.split(",")], args.builder, keep=args.keep)
    if "e2e" in only:
        end_to_end(args.slice)
    if "dask" in only:
        dask_vs_single(args.slice)
    if "event" in only:
        big_event([int(x) for x in args.event_sizes.split(",")])


if __name__ == "__main__":
    main()
