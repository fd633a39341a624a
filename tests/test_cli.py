"""The `newsweave` command: what a user types, what they see, and the graded exit codes."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import EXAMPLES

from newsweave.cli import main


@pytest.fixture(scope="module")
def woven(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    out = tmp_path_factory.mktemp("cli") / "out"
    result = CliRunner().invoke(main, ["run", str(EXAMPLES), "--out", str(out)])
    return out, result.output if result.exit_code == 0 else f"exit {result.exit_code}: {result.output}"


def test_run_writes_the_store_json_and_report_and_prints_a_summary(woven: tuple[Path, str]) -> None:
    out, output = woven
    assert (out / "newsweave.db").is_file() and (out / "account.json").is_file() and (out / "report.html").is_file()
    assert "5 articles · 2 events · 1 stories" in output
    assert "Brussels" in output and "Stockholm" in output


def test_show_prints_the_stored_account(woven: tuple[Path, str]) -> None:
    out, _ = woven
    result = CliRunner().invoke(main, ["show", "--out", str(out)])
    assert result.exit_code == 0
    assert "5 articles" in result.output and "Jens Stoltenberg" in result.output


def test_show_without_a_store_says_what_to_run(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["show", "--out", str(tmp_path)])
    assert result.exit_code == 2 and "newsweave run" in result.output


def test_search_finds_articles_by_words(woven: tuple[Path, str]) -> None:
    out, _ = woven
    result = CliRunner().invoke(main, ["search", "Stockholm", "--out", str(out)])
    assert result.exit_code == 0 and "[Stockholm]" in result.output


def test_analyze_prints_one_json_line_per_article_with_spans(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["analyze", str(EXAMPLES), "--jsonl"])
    assert result.exit_code == 0, result.output
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(lines) == 5
    for record in lines:
        assert {"id", "title", "text", "sentences", "mentions", "dates", "quotes", "actions"} <= set(record)
        for m in record["mentions"]:
            assert record["text"][m["start"]:m["end"]].strip()


def test_analyze_gives_each_action_its_words_and_who_the_actors_stand_for() -> None:
    result = CliRunner().invoke(main, ["analyze", str(EXAMPLES / "004_3478608d93cf0d0b.txt"), "--jsonl"])
    assert result.exit_code == 0, result.output
    record = json.loads(result.stdout.splitlines()[0])
    assert record["actions"]
    for action in record["actions"]:
        assert action["type"] and action["trigger"]["text"] == record["text"][action["trigger"]["start"]:
                                                                              action["trigger"]["end"]]
        assert 0 < action["confidence"] <= 1  # every action, shown in the account or not, with its confidence
    names = {a["source"]["name"] for a in record["actions"] if a["source"] and a["type"] == "DEMAND"}
    assert "Russia" in names  # "Moscow demands …", "Russian negotiators" act for Russia


def test_export_plover_writes_one_record_per_merged_action_with_citations(woven: tuple[Path, str],
                                                                           tmp_path: Path) -> None:
    out, _ = woven
    result = CliRunner().invoke(main, ["export", "--plover", "--out", str(out)])
    assert result.exit_code == 0, result.output
    records = json.loads(result.stdout)
    assert records and {"event", "mode", "source", "target", "eventText", "text", "date"} <= set(records[0])
    for r in records:
        assert r["newsweave"]["citations"] and all(c["text"] for c in r["newsweave"]["citations"])
        assert r["eventText"]
        assert r["confidence"] is not None and "context" in r
    assert any(actor.get("code") for r in records for actor in r["source"] + r["target"])  # CAMEO actor codes
    target = tmp_path / "plover.json"
    result = CliRunner().invoke(main, ["export", "--plover", "--out", str(out), "-o", str(target)])
    assert result.exit_code == 0 and json.loads(target.read_text(encoding="utf-8")) == records


def test_export_without_a_store_says_what_to_run(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["export", "--plover", "--out", str(tmp_path)])
    assert result.exit_code == 2 and "newsweave run" in result.output


def test_partial_failure_exits_1_and_lists_the_failed_file(tmp_path: Path) -> None:
    corpus = tmp_path / "in"
    corpus.mkdir()
    shutil.copy(next(EXAMPLES.iterdir()), corpus / "good.txt")
    (corpus / "empty.txt").write_bytes(b"")
    result = CliRunner().invoke(main, ["run", str(corpus), "--out", str(tmp_path / "out")])
    assert result.exit_code == 1
    assert "empty.txt" in result.output and "empty file" in result.output


def test_nothing_readable_exits_3(tmp_path: Path) -> None:
    (tmp_path / "empty.txt").write_bytes(b"")
    result = CliRunner().invoke(main, ["run", str(tmp_path / "empty.txt"), "--out", str(tmp_path / "out"), "-q"])
    assert result.exit_code == 3


def test_a_store_that_is_not_sqlite_exits_4_with_advice(tmp_path: Path) -> None:
    bad = tmp_path / "newsweave.db"
    bad.write_bytes(b"this is not a database" * 100)
    result = CliRunner().invoke(main, ["show", "--out", str(tmp_path)])
    assert result.exit_code == 4 and "newsweave SQLite file" in result.output


def test_usage_errors_exit_2() -> None:
    assert CliRunner().invoke(main, ["run"]).exit_code == 2
    assert CliRunner().invoke(main, ["frobnicate"]).exit_code == 2


def test_help_explains_the_commands_as_an_installed_program() -> None:
    exe = Path(sys.executable).with_name("newsweave")
    result = subprocess.run([str(exe), "--help"], capture_output=True, text=True, timeout=60, check=True)
    for command in ("run", "show", "analyze", "search"):
        assert command in result.stdout
    assert "Examples" in result.stdout
