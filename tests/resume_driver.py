"""Kill-and-resume driver (run by tests/test_reliability_resume.py, or by hand).

    python tests/resume_driver.py INPUT_DIR WORK_DIR [--seed N] [--random-kills K]

Loads the models once, then forks a child per run, each running the real command line
(``newsweave.cli.main(["run", INPUT_DIR, "--out", …])``) on its own output folder:

1. an uninterrupted run (the baseline), which also records how often each stage reports progress;
2. per stage (read, analyze, group, link, provenance, fuse): a run SIGKILLed at a random progress report of that
   stage (the child kills itself from the progress callback: ``os.kill(os.getpid(), SIGKILL)``), then a
   second child that runs the same command to completion on the same store;
3. ``K`` runs SIGKILLed by the parent after a random delay (anywhere, mid-transaction included), then resumed.

Prints one JSON object: the baseline's account.json and, per scenario, how the first child ended, what the
store held after the kill, and the resumed account.json and report.html — the test compares them.
Forking after the models are loaded keeps each run to a second or two; the runs themselves share nothing
but what is on disk.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import random
import signal
import sqlite3
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

STAGES = ("read", "analyze", "group", "link", "provenance", "fuse")


def _prepare() -> None:
    """Load every model and lazy resource in the parent (single-threaded, so forking is safe)."""
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
    import torch

    torch.set_num_threads(1)
    import newsweave.cli
    from newsweave import Store, Weaver

    weaver = Weaver()
    warm = Path(os.environ["NW_WORK"]) / "warm"
    warm.mkdir(parents=True, exist_ok=True)
    (warm / "w.txt").write_text("Warm-up report\n\nOfficials met in Oslo on Monday to discuss fishing quotas, a "
                                "spokesman said after the talks.\n", encoding="utf-8")
    with Store(":memory:") as store:
        weaver.weave([warm], store)  # loads spaCy, the gazetteer, the actor KB, MiniLM, provenance and fuse data
    newsweave.cli.Weaver = lambda: weaver  # type: ignore[assignment,misc,return-value]


@contextlib.contextmanager
def _kill_at(stage: str, call: int, log: Path | None) -> Iterator[None]:
    """Make the CLI's progress callback SIGKILL this process at the ``call``-th report of ``stage``."""
    import newsweave.cli

    original = newsweave.cli._progress
    counts: dict[str, int] = {}

    @contextlib.contextmanager
    def progress(console: Any) -> Iterator[Any]:
        with original(console) as report:
            def wrapped(name: str, done: int, total: int | None) -> None:
                report(name, done, total)
                counts[name] = counts.get(name, 0) + 1
                if log is not None:
                    with log.open("a", encoding="utf-8") as fh:
                        fh.write(f"{name}\n")
                if name == stage and counts[name] == call:
                    os.kill(os.getpid(), signal.SIGKILL)
            yield wrapped

    newsweave.cli._progress = progress  # type: ignore[assignment]
    try:
        yield
    finally:
        newsweave.cli._progress = original


def _child(args: list[str], stage: str = "", call: int = 0, log: Path | None = None) -> int:
    """Fork a child running ``newsweave`` with ``args``; its pid."""
    pid = os.fork()
    if pid:
        return pid
    code = 0
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, 1)
        os.dup2(devnull, 2)
        import newsweave.cli

        with _kill_at(stage, call, log):
            newsweave.cli.main(args, standalone_mode=False)
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else 1
    except BaseException:
        code = 99
    os._exit(code)


def _wait(pid: int) -> str:
    _, status = os.waitpid(pid, 0)
    if os.WIFSIGNALED(status):
        return f"signal {os.WTERMSIG(status)}"
    return f"exit {os.WEXITSTATUS(status)}"


def _stored(db: Path) -> dict[str, int]:
    """Row counts of the store a killed run left (read-only)."""
    if not db.exists():
        return {}
    con = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        return {t: con.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0]
                for t in ("articles", "profiles", "event_articles", "linked", "provenance", "fusions", "line_docs",
                          "failures")}
    except sqlite3.Error:
        return {}
    finally:
        con.close()


def _outputs(out: Path) -> dict[str, Any]:
    account = out / "account.json"
    report = out / "report.html"
    return {"account": json.loads(account.read_text(encoding="utf-8")) if account.exists() else None,
            "report": report.read_text(encoding="utf-8") if report.exists() else None}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("input")
    parser.add_argument("work")
    parser.add_argument("--seed", type=int, default=int(time.time()))
    parser.add_argument("--random-kills", type=int, default=3)
    opts = parser.parse_args()
    work = Path(opts.work)
    os.environ["NW_WORK"] = str(work)
    rng = random.Random(opts.seed)
    _prepare()

    base_out, log = work / "baseline", work / "baseline.log"
    started = time.monotonic()
    base_exit = _wait(_child(["run", opts.input, "--out", str(base_out), "-q"], log=log))
    duration = time.monotonic() - started
    calls: dict[str, int] = {}
    for line in log.read_text(encoding="utf-8").split():
        calls[line] = calls.get(line, 0) + 1
    result: dict[str, Any] = {"seed": opts.seed, "baseline_exit": base_exit, "calls": calls,
                              "duration": duration, **_outputs(base_out), "scenarios": []}

    plans: list[tuple[str, str, int, float]] = []
    for stage in STAGES:
        if calls.get(stage):
            plans.append((f"{stage}", stage, rng.randint(1, calls[stage]), 0.0))
    for n in range(opts.random_kills):
        plans.append((f"random {n + 1}", "", 0, rng.uniform(0.05, max(0.1, duration))))
    for name, stage, call, delay in plans:
        out = work / name.replace(" ", "_")
        args = ["run", opts.input, "--out", str(out), "-q"]
        pid = _child(args, stage, call)
        if delay:
            time.sleep(delay)
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
        killed = _wait(pid)
        left = _stored(out / "newsweave.db")
        resumed = _wait(_child(args))
        result["scenarios"].append({"name": name, "stage": stage, "call": call, "delay": round(delay, 3),
                                    "killed": killed, "left": left, "resumed": resumed,
                                    "stored": _stored(out / "newsweave.db"), **_outputs(out)})
    json.dump(result, sys.stdout)


if __name__ == "__main__":
    main()
