"""A run killed at any point and run again gives the account of an uninterrupted run; killed work is kept.

The kill-and-resume test drives `newsweave run` in forked children (tests/resume_driver.py): SIGKILL at a random
progress report of every stage, and at random moments, then the same command again; every resumed
account.json and report.html must equal the uninterrupted run's.  Set NEWSWEAVE_RESUME_SEED to replay a seed.
"""

from __future__ import annotations

import contextlib
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from newsweave import Store, Weaver
from newsweave.clean import document_lines
from newsweave.ingest import RawDocument

ROOT = Path(__file__).resolve().parents[1]
STAGES = ("read", "analyze", "group", "link", "provenance", "fuse")
REPORTS = {
    "a.txt": """NATO rejects Russian demands at Brussels talks
Share this article

BRUSSELS (Reuters) - NATO told Russia on Wednesday that it would not close its door to Ukraine, as the alliance and \
Moscow held their first council meeting in more than two years in Brussels.

"There is a real risk of an armed conflict in Europe," NATO Secretary-General Jens Stoltenberg told reporters after \
the meeting, which lasted four hours.

Russian Deputy Foreign Minister Alexander Grushko said Moscow would respond if its demands were ignored.
Follow us on Twitter
""",
    "b.txt": """Stoltenberg warns of conflict after NATO-Russia council
Share this article

NATO Secretary-General Jens Stoltenberg said on Wednesday there was a real risk of an armed conflict in Europe after \
talks with Russia in Brussels ended without agreement.

Russia has massed about 100,000 troops near Ukraine. Alexander Grushko led the Russian delegation at the NATO-Russia \
Council, the first in two years.
Follow us on Twitter
""",
    "c.txt": """Lavrov and Blinken meet in Stockholm

Russian Foreign Minister Sergei Lavrov met U.S. Secretary of State Antony Blinken in Stockholm on Thursday on the \
sidelines of an OSCE meeting.

Blinken warned of "serious consequences" if Russia invaded Ukraine, while Lavrov said NATO expansion threatened \
Russia's security.
""",
    "empty.txt": "",
}


def test_line_statistics_count_each_document_once(tmp_path: Path) -> None:
    raws = [RawDocument("a.txt", "Title A\nShare this\nBody one."), RawDocument("b.txt", "Title B\nShare this\nTwo.")]
    lines = document_lines([*raws, raws[0]])  # a document read twice is one document
    assert len(lines) == 2
    with Store(tmp_path / "nw.db") as store:
        store.add_line_stats(lines)
        store.add_line_stats(lines)  # again, as a resumed run would
        assert store.line_stats()["share this"] == 2 and store.line_stats()["title a"] == 1
        assert store.counted_documents(lines) == set(lines)


def test_an_interrupted_run_keeps_each_fused_event_and_resumes_to_the_same_account(weaver: Weaver,
                                                                                   tmp_path: Path) -> None:
    corpus = tmp_path / "in"
    corpus.mkdir()
    for name, text in REPORTS.items():
        (corpus / name).write_text(text, encoding="utf-8")
    with Store(":memory:") as store:
        whole = weaver.run([corpus], store).account

    class Killed(Exception):
        pass

    def stop_after_the_first_event(stage: str, done: int, total: int | None) -> None:
        if stage == "fuse" and done == 1:
            raise Killed

    db = tmp_path / "nw.db"
    with Store(db) as store, contextlib.suppress(Killed):
        weaver.run([corpus], store, stop_after_the_first_event)
    with Store(db) as store:
        assert len(store.fusion_keys()) == 1  # committed as soon as it was fused
        assert len(whole.events) >= 2
        resumed = weaver.run([corpus], store).account
    assert resumed == whole


@pytest.mark.slow
def test_a_run_killed_in_any_stage_and_run_again_gives_the_uninterrupted_account(tmp_path: Path) -> None:
    corpus = tmp_path / "in"
    corpus.mkdir()
    for name, text in REPORTS.items():
        (corpus / name).write_text(text, encoding="utf-8")
    seed = int(os.environ.get("NEWSWEAVE_RESUME_SEED", str(int.from_bytes(os.urandom(4), "big"))))
    env = {**os.environ, "HF_HUB_OFFLINE": "1", "TOKENIZERS_PARALLELISM": "false"}
    proc = subprocess.run([sys.executable, str(ROOT / "tests" / "resume_driver.py"), str(corpus), str(tmp_path / "w"),
                           "--seed", str(seed), "--random-kills", "3"],
                          capture_output=True, text=True, timeout=900, env=env)
    assert proc.returncode == 0, proc.stderr[-3000:]
    result = json.loads(proc.stdout)
    replay = f"(replay with NEWSWEAVE_RESUME_SEED={seed})"
    baseline = result["account"]
    assert result["baseline_exit"] == "exit 1", replay  # empty.txt is a failure of every run
    assert len(baseline["articles"]) == 3 and len(baseline["events"]) >= 2 and baseline["failures"], replay
    assert all(result["calls"].get(stage) for stage in STAGES), (result["calls"], replay)
    by_stage = {s["stage"]: s for s in result["scenarios"] if s["stage"]}
    assert set(by_stage) == set(STAGES), replay
    for scenario in result["scenarios"]:
        where = f"{scenario['name']} (report {scenario['call']}, delay {scenario['delay']} s) {replay}"
        if scenario["stage"]:
            assert scenario["killed"] == "signal 9", where
        assert scenario["resumed"] == "exit 1", where
        assert scenario["account"] == baseline, where  # ids and content, every field
        assert scenario["report"] == result["report"], where
    analyze, fuse, group = by_stage["analyze"], by_stage["fuse"], by_stage["group"]
    assert analyze["left"]["articles"] == analyze["call"] - 1, replay  # analysed articles are kept
    assert fuse["left"]["fusions"] == fuse["call"] - 1, replay  # fused events are kept
    assert group["left"]["event_articles"] == 0 and group["left"]["profiles"] in (0, 3), replay  # all or nothing
    assert all(s["stored"]["line_docs"] == 3 for s in result["scenarios"]), replay  # no document counted twice
