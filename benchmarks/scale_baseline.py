"""Baseline for benchmarks/scale.py: add 20 articles to a store of N, with the pipeline of another revision
(today's before issue 17) and with this one, each store built for real by that code (every stage).

    .venv/bin/python benchmarks/scale_baseline.py [--rev a5ad81d] [--sizes 1000]

The revision's ``src`` is extracted with ``git archive`` into a temporary folder and run in a subprocess; the store
is made of the same perturbed copies of ECB+ dev as in scale.py, grouped, linked, assessed and fused by the code
measured, then 20 new copies are run through ``Weaver.run``.  Stage times come from timing the weaver's stage
methods (``_group``, ``_canonicalize``, ``_provenance``, ``_fuse``; "map" is the rest), peak RSS per stage from a
sampler — the same for both codes.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tarfile
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")

from common import table

ROOT = Path(__file__).resolve().parents[1]
STAGES = {"_group": "group", "_canonicalize": "link", "_provenance": "provenance", "_fuse": "fuse"}


def measure(path: Path, n: int) -> dict[str, Any]:
    """In this process (whatever newsweave is on the path): build a real store of ``n`` copies, then add 20."""
    from scale import Sampler, copy, new_copies, pool

    from newsweave import Store, Weaver

    articles, analyses = pool()
    weaver = Weaver()
    t0 = time.perf_counter()
    with Store(path) as store:
        for i in range(n):
            a = articles[i % len(articles)]
            store.add_article(*copy(a, analyses[a.id], i // len(articles)))
        for method in STAGES:
            getattr(weaver, method)(store, lambda *_: None)
    built = time.perf_counter() - t0
    times: dict[str, float] = {}
    sampler = Sampler()
    with tempfile.TemporaryDirectory() as tmp:
        source = new_copies(Path(tmp), n)
        weaver.analyzer.pipeline()
        weaver.embedder.encode(["warm up"])
        sampler.stage = "map"
        t0 = time.perf_counter()
        with Store(path) as store:
            for method, stage in STAGES.items():  # Weaver has slots: time the stages through the class
                setattr(type(weaver), method, _wrap(getattr(type(weaver), method), stage, times, sampler))
            weaver.run([source], store, sampler.progress)
        wall = time.perf_counter() - t0
    sampler.running = False
    times["map"] = wall - sum(times.get(s, 0.0) for s in STAGES.values())
    return {"n": n, "built": built, "wall": wall, "times": times, "rss": sampler.peak}


def _wrap(method: Any, stage: str, times: dict[str, float], sampler: Any) -> Any:
    def timed(self: Any, store: Any, progress: Any) -> Any:
        sampler.stage = stage
        start = time.perf_counter()
        try:
            return method(self, store, progress)
        finally:
            times[stage] = time.perf_counter() - start
            sampler.stage = "after"

    return timed


def run(src: Path, n: int) -> dict[str, Any]:
    with tempfile.TemporaryDirectory() as tmp:
        out = subprocess.run([sys.executable, __file__, "--measure", str(Path(tmp) / "store.db"), str(n)],
                             capture_output=True, text=True, check=True,
                             env={**os.environ, "PYTHONPATH": str(src), "PYTHONHASHSEED": "0"})
    result: dict[str, Any] = json.loads(out.stdout.strip().splitlines()[-1])
    return result


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--rev", default="a5ad81d", help="the baseline revision (default: main before issue 17)")
    ap.add_argument("--sizes", default="1000")
    ap.add_argument("--codes", default="baseline,this", help="which codes to measure (baseline, this)")
    ap.add_argument("--measure", nargs=2, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.measure:
        print(json.dumps(measure(Path(args.measure[0]), int(args.measure[1]))))
        return
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        archive = Path(tmp) / "src.tar"
        subprocess.run(["git", "-C", str(ROOT), "archive", "-o", str(archive), args.rev, "src"], check=True)
        with tarfile.open(archive) as tar:
            tar.extractall(Path(tmp) / "base", filter="data")
        for n in (int(x) for x in args.sizes.split(",")):
            codes = {"baseline": (f"baseline {args.rev}", Path(tmp) / "base" / "src"),
                     "this": ("this tree", ROOT / "src")}
            for name, src in (codes[c] for c in args.codes.split(",")):
                res = run(src, n)
                rows.append([f"{n:,}", name, f"{res['built']:.0f}", f"{res['wall']:.1f}",
                             *(f"{res['times'].get(s, 0):.2f}" for s in ("map", *STAGES.values())),
                             f"{max(res['rss'].values()):.0f}"])
    print("\nAdd 20 articles to a store of N built for real by the same code (seconds; peak RSS MiB)")
    print(table(["store", "code", "build s", "run s", "map", *STAGES.values(), "peak MiB"], rows))


if __name__ == "__main__":
    main()
