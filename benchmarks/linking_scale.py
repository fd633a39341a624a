"""Linking scale: what linking 20 new articles costs as the store grows, eager (a revision before entity
linking read lazily) against this tree, in one run.

    .venv/bin/python benchmarks/linking_scale.py [--rev 01bc06e] [--sizes 1000,5000] [--repeat 3]

For each size and each code (the revision's ``src``, extracted with ``git archive``, and this tree) a subprocess
builds a store of ``n`` perturbed copies of ECB+ dev (:func:`scale.pool` / :func:`scale.copy`: the same texts,
so the store holds about the same entities at every size, each mentioned ``n / 772`` times more — the
"entity with 40k mentions" case), linked in one run by that code (nothing else: no grouping, provenance or
fusion), then adds 20 new copies and times ``Weaver._canonicalize`` on them (read the pending articles, read the
entity index, link, write back) — ``--repeat`` times, each on a fresh copy of the built store, the median
reported.  Also reported: the bytes the link wrote to the write-ahead log, (this tree) how many stored
entities the linker decoded, and whether both codes made the same links (a hash of the new articles' mentions
with their entities and of the changed entities, complete).  Both codes build their stores from the same
copies and link the same 20 articles, on the same machine.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import shutil
import sqlite3
import statistics
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
NEW = 20


def measure(folder: Path, n: int, repeat: int) -> dict[str, Any]:
    """In this process (whatever newsweave is on the path): build a store of ``n`` copies, link 20 more."""
    from scale import copy, pool

    from newsweave import Store, Weaver

    articles, analyses = pool()
    weaver = Weaver()
    built = folder / "built.db"
    t0 = time.perf_counter()
    with Store(built) as store:
        for i in range(n):
            a = articles[i % len(articles)]
            store.add_article(*copy(a, analyses[a.id], i // len(articles)))
        weaver._canonicalize(store)
        r = n // len(articles) + 5
        new_ids = []
        for a in articles[:NEW]:
            fresh, analysis = copy(a, analyses[a.id], r)
            store.add_article(fresh, analysis)
            new_ids.append(fresh.id)
        store.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        entities = store.db.execute("SELECT COUNT(*) FROM entities").fetchone()[0]
    build = time.perf_counter() - t0
    decoded: list[int] = []
    counting = getattr(Store, "entity_states", None)
    if counting is not None:  # this tree: count the stored entities the linker decodes
        def entity_states(self: Any, ids: Any) -> Any:
            found = counting(self, ids)
            decoded.append(len(found))
            return found

        Store.entity_states = entity_states  # type: ignore[method-assign]
    times, wal, digests = [], [], set()
    for k in range(repeat):
        path = folder / f"run{k}.db"
        shutil.copyfile(built, path)
        with Store(path) as store:
            store.db.execute("PRAGMA wal_autocheckpoint = 0")
            t0 = time.perf_counter()
            changed = weaver._canonicalize(store)
            times.append(time.perf_counter() - t0)
            wal.append(Path(str(path) + "-wal").stat().st_size)
            digests.add(digest(store, new_ids, changed))
        path.unlink()
    con = sqlite3.connect(built)
    mentions = sum(len(json.loads(d)["mentions"]) for (d,) in con.execute("SELECT data FROM entities")) \
        if not con.execute("SELECT 1 FROM sqlite_master WHERE name = 'entity_mentions'").fetchone() \
        else con.execute("SELECT COUNT(*) FROM entity_mentions").fetchone()[0]
    con.close()
    assert len(digests) == 1, "the same link gave different results on copies of one store"
    return {"digest": digests.pop(), "build_s": build, "link_s": statistics.median(times),
            "wal_mb": statistics.median(wal) / 2**20,
            "entities": entities, "mentions": mentions, "changed": len(changed),
            "decoded": sum(decoded) // repeat if decoded else None}


def digest(store: Any, new_ids: list[str], changed: set[str]) -> str:
    """A hash of what the link made: the new articles' mentions with their entities, and the changed entities
    complete (every mention and title citation)."""
    from newsweave.model import to_jsonable

    analyses = store.analyses_by_id(new_ids)
    entities = store.entities_by_id(changed)
    data = [[to_jsonable(m) for m in analyses[i].mentions] for i in new_ids]
    data += [to_jsonable(entities[e]) for e in sorted(entities)]
    return hashlib.sha1(json.dumps(data, sort_keys=True).encode()).hexdigest()[:12]


def run(src: Path, n: int, repeat: int) -> dict[str, Any]:
    env = {**os.environ, "PYTHONPATH": str(src)}
    with tempfile.TemporaryDirectory() as tmp:
        done = subprocess.run([sys.executable, __file__, "--measure", tmp, str(n), str(repeat)], env=env,
                              capture_output=True, text=True, check=False)
    if done.returncode:
        raise SystemExit(f"measuring {src} at {n} failed:\n{done.stderr[-3000:]}")
    return dict(json.loads(done.stdout.strip().splitlines()[-1]))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rev", default="01bc06e", help="the eager revision (before entity linking was lazy)")
    parser.add_argument("--sizes", default="1000,5000")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--src", type=Path, default=ROOT / "src", help="the code measured as this tree")
    parser.add_argument("--measure", nargs=3, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        folder, n, repeat = args.measure
        print(json.dumps(measure(Path(folder), int(n), int(repeat))))
        return
    rows = []
    sizes = [int(x) for x in args.sizes.split(",")]
    with tempfile.TemporaryDirectory() as tmp:
        archive = Path(tmp) / "base.tar"
        subprocess.run(["git", "-C", str(ROOT), "archive", "-o", str(archive), args.rev, "src"], check=True)
        with tarfile.open(archive) as tar:
            tar.extractall(Path(tmp) / "base", filter="data")
        first: float | None = None
        for n in sizes:
            old = run(Path(tmp) / "base" / "src", n, args.repeat)
            new = run(args.src, n, args.repeat)
            first = first or new["link_s"]
            rows.append([f"{n:,}", f"{new['entities']:,}", f"{new['mentions']:,}",
                         f"{old['link_s']:.2f}", f"{new['link_s']:.2f}", f"{old['link_s'] / new['link_s']:.1f}×",
                         f"{new['link_s'] / first:.2f}", f"{old['wal_mb']:.2f}", f"{new['wal_mb']:.2f}",
                         f"{new['decoded']}", f"{new['changed']}",
                         "yes" if old["digest"] == new["digest"] else "NO"])
            print(f"{n}: eager {old}\n{n}: lazy {new}", file=sys.stderr)
    print(f"Link {NEW} new articles into a store of n perturbed ECB+ dev copies (median of {args.repeat}; eager = "
          f"{args.rev}, lazy = this tree; same inputs, same run)")
    print(table(["n", "entities", "mentions", "eager s", "lazy s", "eager/lazy", f"lazy / lazy@{sizes[0]:,}",
                 "eager WAL MB", "lazy WAL MB", "lazy decoded", "changed",
                 "same links"], rows))


if __name__ == "__main__":
    main()
