"""Benchmark of ``newsweave serve`` and ``newsweave watch``: latency, load, and watch = weave.

1. A synthetic store: the woven examples (5 reports, 2 events) cloned into ``--articles`` articles — every clone's text
   perturbed (words swapped for others of the same length, so every stored span still holds), its events, fusion,
   provenance, mentions and entities re-keyed; ten clone sets make a story.  Written with plain SQL in the store's
   schema (the pipeline would take hours for 100k articles).
2. ``serve`` in its own process (uvicorn, one worker) on 127.0.0.1: p50/p95 latency of the story list, an event page,
   an entity page, an article page and searches (rare / common words), each against a static file served by the same
   stack in the same run (the baseline); then an open-loop load of ``--rate`` requests/s for ``--seconds``.
3. ``watch --once`` over a local feed of 50 pages (perturbed examples) served on 127.0.0.1: time, and the account
   equals weaving the same pages from files.

    python benchmarks/serve.py [--articles 20000] [--rate 200] [--seconds 60] [--skip-watch]
"""

from __future__ import annotations

import argparse
import json
import os
import queue
import random
import re
import shutil
import socket
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

import httpx

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))
EXAMPLES = ROOT / "examples" / "nato-russia-2022"
WORD = re.compile(r"[A-Za-z]{4,}")
OUTLETS = ["Reuters", "AP", "BBC", "Al Jazeera", "RT", "Politico", "DW", "France 24", "TASS", "The Guardian"]


def perturb(text: str, rng: random.Random, pool: dict[int, list[str]], rate: float = 0.15) -> str:
    """``text`` with a share of its words swapped for words of the same length (spans stay valid)."""
    return WORD.sub(lambda m: rng.choice(pool[len(m.group())]) if rng.random() < rate and pool.get(len(m.group()))
                    else m.group(), text)


def base_store(work: Path) -> Path:
    from newsweave import Store, Weaver

    path = work / "base.db"
    with Store(path) as store:
        Weaver().weave([EXAMPLES], store)
    return path


def synthesize(base: Path, out: Path, articles: int, seed: int = 7) -> dict[str, Any]:
    """Clone the base store into ``out`` until it holds ``articles`` articles."""
    from newsweave import Store

    Store(out).close()  # the schema
    src, db = sqlite3.connect(base), sqlite3.connect(out)
    db.execute("PRAGMA journal_mode = WAL")
    db.execute("PRAGMA synchronous = OFF")
    rng = random.Random(seed)
    arts = src.execute("SELECT id, path, url, outlet, title, published, language, author, text, removed FROM articles"
                       " ORDER BY seq").fetchall()
    analyses = dict(src.execute("SELECT article, data FROM analyses").fetchall())
    events = src.execute("SELECT id, story, data FROM events").fetchall()
    members = src.execute("SELECT article, event FROM event_articles").fetchall()
    fusions = src.execute("SELECT event, key, data FROM fusions").fetchall()
    provenance = src.execute("SELECT article, data FROM provenance").fetchall()
    entities = src.execute("SELECT id, name, kind, data, state FROM entities").fetchall()
    story_ids = [r[0] for r in src.execute("SELECT id FROM stories")]
    pool: dict[int, list[str]] = {}
    for text in [a[8] for a in arts]:
        for w in set(WORD.findall(text)):
            pool.setdefault(len(w), []).append(w)
    rare = [f"zq{n:05d}" for n in range(2000)]  # tokens each in a few articles: what a precise search looks for
    for r in rare:
        pool.setdefault(len(r), []).append(r)
    # mentions only: the article page needs them, the rest of an analysis is not read by serve
    slim = {k: json.dumps({**{f: [] for f in ("sentences", "dates", "quotes", "actions")},
                           "article": json.loads(v)["article"], "mentions": json.loads(v)["mentions"]})
            for k, v in analyses.items()}
    ids = [a[0] for a in arts] + [e[0] for e in events] + [e[0] for e in entities] + story_ids
    any_id = re.compile("|".join(map(re.escape, ids)))
    sets = max(1, articles // len(arts))
    started = time.perf_counter()
    seq = 0
    for s in range(sets):
        story_no = s // 10
        suffix = f"{s:06x}"
        entity_suffix = f"{story_no:06x}"

        def key(old: str, suffix: str = suffix, entity_suffix: str = entity_suffix) -> str:
            return old[:-6] + (entity_suffix if old[0] in "ns" else suffix)

        def rekey(data: str, key: Any = key) -> str:
            return any_id.sub(lambda m: key(m.group()), data)

        rows = []
        for a in arts:
            seq += 1
            day = f"2022-{1 + story_no % 12:02d}-{1 + story_no % 28:02d}"
            rows.append((key(a[0]), a[1], f"https://example.org/{s}/{a[0]}", rng.choice(OUTLETS),
                         perturb(a[4], rng, pool), day, a[6], a[7], perturb(a[8], rng, pool), a[9],
                         f"2026-01-01T00:00:{seq:09d}", seq))
        db.executemany("INSERT INTO articles VALUES (?,?,?,?,?,?,?,?,?,?,?,?)", rows)
        db.executemany("INSERT INTO analyses VALUES (?, ?)", [(key(k), rekey(v)) for k, v in slim.items()])
        db.executemany("INSERT INTO events VALUES (?, ?, ?)", [(key(e), key(st), rekey(d)) for e, st, d in events])
        db.executemany("INSERT INTO event_articles VALUES (?, ?)", [(key(a), key(e)) for a, e in members])
        db.executemany("INSERT INTO fusions VALUES (?, ?, ?)", [(key(e), k, rekey(d)) for e, k, d in fusions])
        db.executemany("INSERT INTO provenance VALUES (?, ?)", [(key(a), rekey(d)) for a, d in provenance])
        if s % 10 == 0:
            db.executemany("INSERT OR IGNORE INTO stories VALUES (?, ?)",
                           [(key(st), f"Story {story_no}: NATO and Russia") for st in story_ids])
            db.executemany("INSERT OR IGNORE INTO entities (id, name, kind, data, state) VALUES (?,?,?,?,?)",
                           [(key(i), n, k, rekey(d), st) for i, n, k, d, st in entities])
        if s % 500 == 499:
            db.commit()
            print(f"  built {seq:,} articles ({time.perf_counter() - started:.0f} s)", file=sys.stderr)
    db.commit()
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    db.close()
    return {"articles": seq, "seconds": time.perf_counter() - started, "rare": rare}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def start_server(store: Path, workers: int = 1, cache: int = 0) -> tuple[subprocess.Popen[bytes], str]:
    """``serve`` in its own process(es): ``workers`` uvicorn workers, ``cache`` pages kept (0: every page built)."""
    port = free_port()
    code = ("import uvicorn; uvicorn.run('newsweave.web.app:app_from_environment', factory=True, host='127.0.0.1',"
            f" port={port}, workers={workers}, log_level='warning')")
    env = {**os.environ, "NEWSWEAVE_STORE": str(store), "NEWSWEAVE_PAGE_CACHE": str(cache)}
    proc = subprocess.Popen([sys.executable, "-c", code], env=env)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if httpx.get(url + "/static/app.css", timeout=2, trust_env=False).status_code == 200:
                return proc, url
        except httpx.HTTPError:
            time.sleep(0.2)
    proc.kill()
    raise RuntimeError("the server did not start within 60 s")


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def latency(client: httpx.Client, urls: list[str], repeat: int) -> tuple[list[float], int]:
    times, errors = [], 0
    for i in range(repeat):
        t = time.perf_counter()
        r = client.get(urls[i % len(urls)])
        times.append((time.perf_counter() - t) * 1000)
        errors += r.status_code != 200
    return times, errors


def load(base: str, urls: list[str], rate: float, seconds: float, workers: int = 32) -> dict[str, Any]:
    """Open loop: request i is due at start + i/rate whatever the answers; worker threads (keep-alive clients) take
    them in turn, and each latency counts from the moment the request was due (queueing included).  Bounded: a 10 s
    timeout per request, and requests not started by the end + 10 s are counted as dropped."""
    due: queue.Queue[tuple[int, float] | None] = queue.Queue()
    times: list[float] = []
    errors: dict[str, int] = {}
    lock = threading.Lock()
    start = time.perf_counter() + 0.5
    n = int(rate * seconds)
    stop_at = start + seconds + 10

    def worker() -> None:
        with httpx.Client(base_url=base, timeout=10, trust_env=False) as client:
            while (item := due.get()) is not None:
                i, when = item
                if time.perf_counter() > stop_at:
                    with lock:
                        errors["dropped"] = errors.get("dropped", 0) + 1
                    continue
                try:
                    r = client.get(urls[i % len(urls)])
                    outcome = None if r.status_code == 200 else str(r.status_code)
                except httpx.HTTPError as exc:
                    outcome = type(exc).__name__
                with lock:
                    if outcome is None:
                        times.append((time.perf_counter() - when) * 1000)
                    else:
                        errors[outcome] = errors.get(outcome, 0) + 1

    threads = [threading.Thread(target=worker, daemon=True) for _ in range(workers)]
    for t in threads:
        t.start()
    for i in range(n):
        when = start + i / rate
        delay = when - time.perf_counter()
        if delay > 0:
            time.sleep(delay)
        due.put((i, when))
    for _ in threads:
        due.put(None)
    for t in threads:
        t.join(timeout=30)
    elapsed = time.perf_counter() - start
    return {"sent": n, "ok": len(times), "errors": errors, "elapsed": elapsed, "times": times}


def bench_serve(store: Path, rare: list[str], rate: float, seconds: float, repeat: int, *,
                latency_table: bool = True, workers_load: int = 2) -> None:
    db = sqlite3.connect(f"file:{store}?mode=ro", uri=True)
    events = [r[0] for r in db.execute("SELECT id FROM events ORDER BY random() LIMIT 50")]
    entities = [r[0] for r in db.execute("SELECT id FROM entities WHERE kind = 'person' ORDER BY random() LIMIT 50")]
    articles = [r[0] for r in db.execute("SELECT id FROM articles ORDER BY random() LIMIT 50")]
    db.close()
    pages = {
        "static file (baseline)": ["/static/app.css"],
        "story list": ["/", "/stories?page=2", "/stories.json"],
        "event page": [f"/events/{e}" for e in events],
        "entity page": [f"/entities/{e}" for e in entities],
        "article page": [f"/articles/{a}" for a in articles],
        "search, rare word": [f"/search?q={w}" for w in rare[:50]],
        "search, phrase": ['/search?q="real risk"', '/search?q="armed conflict"'],
        "search, common word": ["/search?q=NATO", "/search?q=Russia"],
    }
    proc, base = start_server(store)  # one worker, no page cache: every page is built from the store
    try:
        with httpx.Client(base_url=base, timeout=30, trust_env=False) as client:
            client.get("/")  # the story index is built on the first request after a change
            rows = []
            for name, urls in pages.items() if latency_table else ():
                latency(client, urls, 5)
                times, errors = latency(client, urls, repeat)
                rows.append((name, statistics.median(times), percentile(times, 0.95), errors))
        if rows:
            floor = rows[0][1]
            print(f"\nserve latency, one request at a time ({repeat} requests each; target p95 <= 50 ms)")
            print(f"{'page':<24}{'p50 ms':>9}{'p95 ms':>9}{'p50 / static':>14}{'errors':>8}{'p95 <= 50':>11}")
            for name, p50, p95, errors in rows:
                verdict = "yes" if p95 <= 50 else "NO"
                print(f"{name:<24}{p50:>9.1f}{p95:>9.1f}{p50 / floor:>14.1f}{errors:>8}{verdict:>11}")
    finally:
        proc.terminate()
        proc.wait(timeout=20)
    mix = (pages["story list"] + [f"/stories?page={p}" for p in range(1, 40)] + pages["event page"]
           + pages["entity page"] + pages["article page"] + pages["search, rare word"])
    for workers, cache in ((workers_load, 1000), (workers_load, 0)):
        proc, base = start_server(store, workers, cache)
        try:
            t = time.perf_counter()
            with httpx.Client(base_url=base, timeout=60, trust_env=False) as client:
                for _ in range(8 * workers):  # every worker builds its story index once, at its first request
                    client.get("/stories.json", headers={"Connection": "close"})
            print(f"\n{workers} worker(s) ready (story index built) in {time.perf_counter() - t:.1f} s")
            result = load(base, mix, rate, seconds)
        finally:
            proc.terminate()
            proc.wait(timeout=20)
        times = result["times"] or [0.0]
        print(f"\nload: {result['sent']} requests at {rate:g}/s for {seconds:g} s over {len(mix)} pages, {workers} "
              f"worker(s), page cache {'on' if cache else 'off'} (open loop; latency from when each was due)")
        print(f"{'sent':>6}{'ok':>7}{'errors':>8}{'achieved/s':>12}{'p50 ms':>9}{'p95 ms':>9}{'p99 ms':>9}")
        print(f"{result['sent']:>6}{result['ok']:>7}{sum(result['errors'].values()):>8}"
              f"{result['ok'] / result['elapsed']:>12.1f}{statistics.median(times):>9.1f}"
              f"{percentile(times, 0.95):>9.1f}{percentile(times, 0.99):>9.1f}   {result['errors'] or ''}")


def normal_account(store: Path) -> Any:
    from newsweave import Store, account_json

    with Store(store, readonly=True) as opened:
        data = account_json(opened.account())
    data.pop("failures")
    data.pop("generator")
    for article in data["articles"]:
        article.pop("path")
    return data


def bench_watch(work: Path, items: int = 50) -> bool:
    from feed_server import Site, html_page, rss

    from newsweave import Store, Weaver
    from newsweave.watch import Fetcher, Limits, Watch

    rng = random.Random(11)
    texts = [p.read_text(encoding="utf-8").partition("\n") for p in sorted(EXAMPLES.glob("*.txt"))]
    pool: dict[int, list[str]] = {}
    for _, _, body in texts:
        for w in set(WORD.findall(body)):
            pool.setdefault(len(w), []).append(w)
    pages = {}
    for i in range(items):
        title, _, body = texts[i % len(texts)]
        pages[f"/news/{i}.html"] = ("text/html", html_page(f"{title.strip()} ({i})", perturb(body, rng, pool, 0.3)))
    weave_seconds: list[float] = []

    class TimedWeaver(Weaver):
        def run(self, *args: Any, **kwargs: Any) -> Any:
            t = time.perf_counter()
            try:
                return super().run(*args, **kwargs)
            finally:
                weave_seconds.append(time.perf_counter() - t)

    weaver = TimedWeaver()
    warm = work / "warm"
    warm.mkdir()
    for n, (title, _, body) in enumerate(texts):
        (warm / f"warm{n}.html").write_bytes(html_page(title.strip(), body))
    fresh = TimedWeaver()  # weaves the files: its own caches, as cold as the watch's
    for n, w in enumerate((weaver, fresh)):
        with Store(work / f"warm{n}.db") as store:  # every model (trafilatura, the fuser) loaded before timing
            w.run([warm], store)
    weave_seconds.clear()
    with Site(pages) as site:
        site.pages["/feed.xml"] = ("application/rss+xml", rss(site.base, [(p, f"item {p}", "Wed, 12 Jan 2022 18:00:00"
                                                                           " GMT") for p in pages]))
        watch = Watch(work / "watched", fetcher=Fetcher(Limits(host_interval=0.0), trust_env=False), weaver=weaver)
        t = time.perf_counter()
        result = watch.once([site.base + "/feed.xml"])
        watched = time.perf_counter() - t
    watch_weave = sum(weave_seconds)
    files = work / "files"
    shutil.copytree(work / "watched" / "watch" / "pages", files)
    t = time.perf_counter()
    with Store(work / "files.db") as store:
        fresh.run([files], store)
    woven = time.perf_counter() - t
    same = normal_account(work / "watched" / "newsweave.db") == normal_account(work / "files.db")
    added = len(result.woven.added) if result.woven else 0
    print(f"\nwatch --once over a local feed of {items} items (127.0.0.1)")
    print(f"{'pages fetched':>14}{'articles':>10}{'failures':>10}{'watch s':>9}{'of it fetching':>16}{'run s':>8}"
          f"{'watch / run':>13}{'account = run':>15}")
    fetching = watched - watch_weave
    print(f"{len(result.saved):>14}{added:>10}{len(result.failures):>10}{watched:>9.1f}{fetching:>16.1f}{woven:>8.1f}"
          f"{watched / woven:>13.2f}{'yes' if same else 'NO':>15}")
    if not same:
        a, b = normal_account(work / "watched" / "newsweave.db"), normal_account(work / "files.db")
        for key in a:
            if a[key] != b[key]:
                print(f"  differs: {key} ({len(a[key])} vs {len(b[key])} records)")
    return same


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", type=int, default=20_000)
    parser.add_argument("--rate", type=float, default=200)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--repeat", type=int, default=200)
    parser.add_argument("--skip-watch", action="store_true")
    parser.add_argument("--skip-latency", action="store_true")
    parser.add_argument("--skip-serve", action="store_true")
    parser.add_argument("--watch-items", type=int, default=50)
    parser.add_argument("--workers", type=int, default=2, help="serve workers under load (one per core)")
    parser.add_argument("--keep", type=Path, default=None, help="keep (and reuse) the synthetic store here")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="newsweave-serve-") as tmp:
        work = Path(tmp)
        store = args.keep or work / "synthetic.db"
        if not args.skip_serve and not store.exists():
            built = synthesize(base_store(work), store, args.articles)
            print(f"synthetic store: {built['articles']:,} articles in {built['seconds']:.0f} s, "
                  f"{store.stat().st_size / 1e9:.2f} GB")
        rare = [f"zq{n:05d}" for n in range(2000)]
        if not args.skip_serve:
            bench_serve(store, rare, args.rate, args.seconds, args.repeat, latency_table=not args.skip_latency,
                        workers_load=args.workers)
        if not args.skip_watch:
            bench_watch(work, args.watch_items)


if __name__ == "__main__":
    main()
