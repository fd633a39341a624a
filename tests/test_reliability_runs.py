"""Hostile input and faults through whole runs: the report never links a script, no input or broken article
stops a run, exit codes are this run's, errors always show, and the store fails with a StoreError that says
what to do — never a traceback.

The `newsweave` command is run in-process (CliRunner) with the session's loaded pipeline.
"""

from __future__ import annotations

import json
import os
import re
import sqlite3
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from conftest import unprivileged

from newsweave import Account, Store, StoreError, UsageError, Weaver, weave
from newsweave.analyze import Analyzer
from newsweave.cli import main
from newsweave.dates import DateResolver
from newsweave.model import Analysis, Article, Failure
from newsweave.pipeline import as_paths
from newsweave.render import link_url, render_html
from newsweave.store import MAX_QUERY_TERMS, MIGRATIONS

BRUSSELS = ("NATO Secretary-General Jens Stoltenberg said on Wednesday there was a real risk of an armed conflict "
            "in Europe after talks with Russia in Brussels ended without agreement.")
STOCKHOLM = ("Russian Foreign Minister Sergei Lavrov met U.S. Secretary of State Antony Blinken in stockholm on "
             "Thursday. Blinken warned of serious consequences if Russia invaded Ukraine.")


def _write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def cli(weaver: Weaver, monkeypatch: pytest.MonkeyPatch) -> Iterator[CliRunner]:
    """The command line, reusing the session's loaded models."""
    monkeypatch.setattr("newsweave.cli.Weaver", lambda: weaver)
    yield CliRunner()


def _run(cli: CliRunner, *args: str) -> Result:
    return cli.invoke(main, list(args), catch_exceptions=False)


# ----------------------------------------------------------------------------------------------
# 1. nothing on the page runs


@pytest.mark.parametrize(("url", "linked"), [
    ("javascript:alert(1)", False), ("JaVaScRiPt:alert(1)", False), (" javascript:alert(1)", False),
    ("java\tscript:alert(1)", False), ("data:text/html,<script>alert(1)</script>", False),
    ("vbscript:msgbox(1)", False), ("file:///etc/passwd", False), ("//evil.example/x", False),
    ("/relative/path", False), ("http://", False), ("https://ok.example/a?b=1&c=2", True), ("HTTP://ok.example", True),
])
def test_only_http_urls_become_links(url: str, linked: bool) -> None:
    assert (link_url(url) is not None) is linked


def test_a_script_url_from_jsonl_or_a_feed_is_shown_never_linked(tmp_path: Path) -> None:
    _write(tmp_path / "a.jsonl", json.dumps({"title": "Talks", "text": BRUSSELS, "url": "javascript:alert(1)"}))
    _write(tmp_path / "f.rss", "<rss version='2.0'><channel><title>W</title><item><title>Meeting</title>"
           f"<link>javascript:alert(document.cookie)</link><description>{STOCKHOLM}</description></item>"
           "</channel></rss>")
    articles, failures, _ = Weaver().read([tmp_path])
    assert len(articles) == 2 and not failures
    html = render_html(Account(articles=tuple(articles)))
    hrefs = re.findall(r"""href\s*=\s*["']?([^"' >]*)""", html, flags=re.IGNORECASE)
    assert hrefs and all(h.startswith("#") or h.startswith(("http://", "https://")) for h in hrefs), hrefs
    assert "javascript:alert(1)" in html  # shown, as text


# ----------------------------------------------------------------------------------------------
# 3. no input stops a run


@pytest.mark.slow
def test_a_text_over_spacys_max_length_is_cut_woven_and_the_cut_recorded(weaver: Weaver, tmp_path: Path) -> None:
    paragraph = "Blue sky and green grass in the quiet valley near the old mill, with a cold wind. " * 8
    text = "A quiet valley\n\n" + "\n\n".join([paragraph] * (1_100_000 // len(paragraph)))
    _write(tmp_path / "long.txt", text)
    assert len(text) > 1_000_000  # spaCy's max_length
    with Store(":memory:") as store:
        result = weaver.run([tmp_path], store)
    (article,) = result.account.articles
    assert len(article.text) <= 100_000 and result.read == (article.id,)
    (failure,) = result.failures
    assert "over the limit of 100,000" in failure.reason and len(result.account.events) == 1


class FaultyAnalyzer(Analyzer):
    """Fault injection: the analysis raises for an article whose text says BOOM."""

    def annotate(self, article: Article, doc: object) -> Analysis:  # type: ignore[override]
        if "BOOM" in article.text:
            raise RuntimeError("injected fault")
        return super().annotate(article, doc)  # type: ignore[arg-type]


def test_an_article_whose_analysis_fails_is_a_failure_and_the_run_goes_on(weaver: Weaver, tmp_path: Path) -> None:
    _write(tmp_path / "a.txt", f"Talks end\n\n{BRUSSELS}")
    _write(tmp_path / "b.txt", f"Bad one\n\nBOOM. {BRUSSELS}")
    _write(tmp_path / "c.txt", f"Lavrov meets Blinken\n\n{STOCKHOLM}")
    faulty = Weaver(analyzer=FaultyAnalyzer(nlp=weaver.analyzer.pipeline(), places=weaver.analyzer.gazetteer()),
                    embedder=weaver.embedder)
    db = tmp_path / "nw.db"
    with Store(db) as store:
        result = faulty.run([tmp_path], store)
    assert sorted(Path(a.path).name for a in result.account.articles) == ["a.txt", "c.txt"]
    (failure,) = result.failures
    assert Path(failure.path).name == "b.txt" and "RuntimeError: injected fault" in failure.reason
    with Store(db) as store:  # the failure is stored; the next run tries the article again
        assert [Path(f.path).name for f in store.failures()] == ["b.txt"]
        again = weaver.run([tmp_path], store)
    assert len(again.account.articles) == 3 and not again.failures and again.added


def test_rich_markup_in_a_title_is_words_in_run_show_and_search(cli: CliRunner, tmp_path: Path) -> None:
    title = "Talks [/] end [bold]x[/bold] \\[red] [link=javascript:alert(1)]y"
    _write(tmp_path / "in" / "a.jsonl", json.dumps({"title": title, "text": BRUSSELS}))
    out = tmp_path / "out"
    ran = _run(cli, "run", str(tmp_path / "in"), "--out", str(out))
    assert ran.exit_code == 0, ran.output
    assert title in ran.output.replace("\n", "")
    shown = _run(cli, "show", "--out", str(out))
    assert shown.exit_code == 0 and title in shown.output.replace("\n", "")
    found = _run(cli, "search", "talks", "--out", str(out))
    assert found.exit_code == 0 and title in found.output.replace("\n", "")


def test_json_fields_of_the_wrong_type_fail_their_record_and_later_runs_work(cli: CliRunner, tmp_path: Path) -> None:
    _write(tmp_path / "in" / "a.jsonl", "\n".join([
        json.dumps({"title": "Typed", "text": BRUSSELS, "outlet": {"name": "X"}}),
        json.dumps({"title": "Authors", "text": STOCKHOLM, "author": ["A", "B"]}),
    ]))
    out = tmp_path / "out"
    first = _run(cli, "run", str(tmp_path / "in"), "--out", str(out))
    assert first.exit_code == 1 and "'outlet' must be text, not an object" in first.output
    second = _run(cli, "run", str(tmp_path / "in"), "--out", str(out))
    assert second.exit_code == 1, second.output  # the same bad record again: a failure, never a store error
    assert "error" not in second.output.lower()


def test_a_file_name_that_is_not_utf8_is_woven_and_printed(cli: CliRunner, tmp_path: Path) -> None:
    folder = Path(os.fsdecode(bytes(tmp_path) + b"/in\xff"))
    _write(folder / os.fsdecode(b"caf\xe9.txt"), f"Talks end\n\n{BRUSSELS}")
    result = _run(cli, "run", str(folder), "--out", str(tmp_path / "out"))
    assert result.exit_code == 0, result.output
    assert "caf\\xe9.txt" in result.output


# ----------------------------------------------------------------------------------------------
# the store: damaged, newer, busy, read-only; --out; search


def _woven_store(cli: CliRunner, tmp_path: Path) -> Path:
    _write(tmp_path / "in" / "a.txt", f"Talks end in Brussels\n\n{BRUSSELS}")
    _write(tmp_path / "in" / "b.txt", f"Lavrov meets Blinken\n\n{STOCKHOLM}")
    out = tmp_path / "out"
    assert _run(cli, "run", str(tmp_path / "in"), "--out", str(out), "-q").exit_code == 0
    return out


def test_a_store_with_garbage_in_the_middle_is_a_store_error_with_advice(cli: CliRunner, tmp_path: Path) -> None:
    out = _woven_store(cli, tmp_path)
    db = out / "newsweave.db"
    data = bytearray(db.read_bytes())
    page = 4096
    assert len(data) > 4 * page
    data[page:len(data)] = os.urandom(len(data) - page)  # every page but the header's
    db.write_bytes(bytes(data))
    with pytest.raises(StoreError, match="damaged"), Store(db) as store:
        store.account()
    shown = _run(cli, "show", "--out", str(out))
    assert shown.exit_code == 4 and "damaged" in shown.output and "Traceback" not in shown.output
    ran = _run(cli, "run", str(tmp_path / "in"), "--out", str(out), "-q")
    assert ran.exit_code == 4 and "error:" in ran.output  # -q never hides an error


def test_a_store_from_a_newer_newsweave_is_refused(tmp_path: Path) -> None:
    db = tmp_path / "nw.db"
    con = sqlite3.connect(db)
    con.execute("PRAGMA user_version = 99")
    con.close()
    for readonly in (False, True):
        with pytest.raises(StoreError, match="upgrade newsweave"):
            Store(db, readonly=readonly)


def test_a_busy_store_is_a_store_error_not_a_hang(tmp_path: Path) -> None:
    db = tmp_path / "nw.db"
    Store(db).close()
    holder = sqlite3.connect(db, isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")
    try:
        started = time.monotonic()
        with pytest.raises(StoreError, match="busy"), Store(db) as store:
            store.add_failures([Failure("x.txt", "test")])
        assert time.monotonic() - started < 30
    finally:
        holder.execute("ROLLBACK")
        holder.close()


def test_out_naming_a_file_is_a_usage_error_and_the_file_is_untouched(cli: CliRunner, tmp_path: Path) -> None:
    taken = _write(tmp_path / "notes.txt", "mine")
    result = _run(cli, "run", str(taken), "--out", str(taken))
    assert result.exit_code == 2 and "is a file" in result.output
    assert taken.read_text(encoding="utf-8") == "mine"


def test_search_and_show_without_a_store_are_usage_errors(cli: CliRunner, tmp_path: Path) -> None:
    for command in (["search", "talks"], ["show"], ["export", "--plover"]):
        result = _run(cli, *command, "--out", str(tmp_path))
        assert result.exit_code == 2 and "newsweave run" in result.output, command
    assert not (tmp_path / "newsweave.db").exists()


def test_a_readonly_store_is_read_without_a_single_write(cli: CliRunner, tmp_path: Path) -> None:
    out = _woven_store(cli, tmp_path)
    db = out / "newsweave.db"
    before = (db.read_bytes(), db.stat().st_mtime_ns)
    with Store(db, readonly=True) as store:
        assert len(store.articles()) == 2 and store.search("Brussels")
        with pytest.raises(StoreError, match="read-only"):
            store.add_failures([Failure("x.txt", "test")])
    assert (db.read_bytes(), db.stat().st_mtime_ns) == before  # (SQLite may open its -wal / -shm beside it)


@pytest.mark.slow
def test_show_search_and_export_work_on_a_store_the_user_cannot_write(cli: CliRunner, shared_tmp: Path) -> None:
    out = _woven_store(cli, shared_tmp)
    for path in out.iterdir():
        path.chmod(0o444)
    out.chmod(0o555)
    exe = str(Path(sys.executable).with_name("newsweave"))
    for command in (["show"], ["search", "Brussels"], ["export", "--plover"]):
        result = unprivileged([exe, *command, "--out", str(out)], shared_tmp)
        assert result.returncode == 0, (command, result.stdout, result.stderr)
    assert "Brussels" in unprivileged([exe, "search", "brussels", "--out", str(out)], shared_tmp).stdout
    ran = unprivileged([exe, "run", str(shared_tmp / "in"), "--out", str(out), "-q"], shared_tmp)
    assert ran.returncode == 4 and "error:" in ran.stderr and "Traceback" not in ran.stderr


@pytest.mark.parametrize("query", ['"', "*", "NEAR(", "a OR", "AND", "OR OR", "title:x", "-x", "^x", 'x"y', "(", ")",
                                   "'", "NOT", "{a b}", "a + b", "brussels*", '"real risk"', "\x00", "🙂"])
def test_any_query_is_words_never_fts5_syntax(cli: CliRunner, tmp_path: Path, query: str) -> None:
    out = _woven_store(cli, tmp_path) if not (tmp_path / "out").exists() else tmp_path / "out"
    with Store(out / "newsweave.db", readonly=True) as store:
        try:
            store.search(query)
        except UsageError as exc:
            assert "nothing to search for" in str(exc)
    result = _run(cli, "search", query, "--out", str(out))
    assert result.exit_code in (0, 2) and "Traceback" not in result.output and "OperationalError" not in result.output


def test_long_queries_are_capped_and_repeated_words_searched_once(cli: CliRunner, tmp_path: Path) -> None:
    out = _woven_store(cli, tmp_path)
    with Store(out / "newsweave.db", readonly=True) as store:
        started = time.monotonic()
        hits = store.search(" ".join(["Brussels"] * 5000))
        assert hits and time.monotonic() - started < 2
        with pytest.raises(UsageError, match=f"at most {MAX_QUERY_TERMS}"):
            store.search(" ".join(f"w{i}" for i in range(5000)))
    assert _run(cli, "search", " ".join(f"w{i}" for i in range(50)), "--out", str(out)).exit_code == 2


def test_lower_case_hits_keep_their_highlight(cli: CliRunner, tmp_path: Path) -> None:
    out = _woven_store(cli, tmp_path)
    result = _run(cli, "search", "stockholm", "--out", str(out))
    assert result.exit_code == 0 and "[stockholm]" in result.output  # the text has it in lower case
    result = _run(cli, "search", "BRUSSELS", "--out", str(out))
    assert "[Brussels]" in result.output


# ----------------------------------------------------------------------------------------------
# 5. the API; 6. exit codes and -q


@pytest.mark.parametrize(("given", "expected"), [
    ("a.txt", ["a.txt"]), (Path("a"), ["a"]), (["a", Path("b")], ["a", "b"]), (("a",), ["a"]),
    ((p for p in ["a", "b"]), ["a", "b"]), ([], []),
])
def test_weave_takes_one_path_or_an_iterable_of_paths(given: object, expected: list[str]) -> None:
    assert as_paths(given) == expected


@pytest.mark.parametrize("given", [123, b"a.txt", None, [1], {"a": 1}, [""], ["a", None], [b"a"]])
def test_weave_rejects_anything_else_clearly(given: object) -> None:
    with pytest.raises(UsageError, match="path"):
        weave(given)  # type: ignore[arg-type]


def test_weave_with_a_string_reads_that_one_path(weaver: Weaver, tmp_path: Path) -> None:
    path = _write(tmp_path / "a.txt", f"Talks end\n\n{BRUSSELS}")
    account = weave(str(path), weaver=weaver)
    assert [Path(a.path).name for a in account.articles] == ["a.txt"]


def test_exit_codes_are_this_runs_and_quiet_still_shows_failures(cli: CliRunner, tmp_path: Path) -> None:
    out = str(tmp_path / "out")
    good = _write(tmp_path / "a.txt", f"Talks end\n\n{BRUSSELS}")
    other = _write(tmp_path / "b.txt", f"L\n\n{STOCKHOLM}")
    bad = _write(tmp_path / "bad.txt", "")
    first = _run(cli, "run", str(good), str(bad), "--out", out, "-q")
    assert first.exit_code == 1 and "bad.txt" in first.output and "empty file" in first.output
    second = _run(cli, "run", str(other), "--out", out)
    assert second.exit_code == 0, second.output  # the stored failure is an earlier run's
    assert "0 failures (and 1 stored from earlier runs)" in " ".join(second.output.split())
    assert _run(cli, "run", str(good), "--out", out, "-q").exit_code == 0  # read again: nothing new, all read
    assert _run(cli, "run", str(bad), "--out", out, "-q").exit_code == 3  # nothing this run could be read


# ----------------------------------------------------------------------------------------------
# 7. a pubDate-dated "on Thursday"


def test_a_feed_item_of_thursday_the_13th_says_thursday_for_that_day(weaver: Weaver, tmp_path: Path) -> None:
    _write(tmp_path / "f.rss", "<rss version='2.0'><channel><title>Wire</title><item><title>Talks end</title>"
           "<link>https://w.example/1</link><pubDate>Thu, 13 Jan 2022 23:30:00 -0500</pubDate>"
           "<description>NATO and Russia met on Thursday in Vienna, where the talks ended without agreement."
           "</description></item></channel></rss>")
    (article,), _, _ = weaver.read([tmp_path])
    assert article.published == "2022-01-13"  # the day the feed states, not its UTC date (the 14th)
    (_, analysis), = weaver.analyze([article])
    thursday = next(d for d in analysis.dates if article.text[d.start:d.end].endswith("Thursday"))
    assert thursday.value == "2022-01-13"
    assert DateResolver().resolve("on Thursday", "2022-01-14").value == "2022-01-13"
    assert DateResolver().resolve("on Thursday", "2022-01-13", future=True).value == "2022-01-13"
    assert DateResolver().resolve("last Thursday", "2022-01-13").value == "2022-01-06"


def test_show_migrates_a_store_of_an_older_schema_then_reads_it(cli: CliRunner, tmp_path: Path) -> None:
    out = _woven_store(cli, tmp_path)
    con = sqlite3.connect(out / "newsweave.db")
    con.executescript("DROP TABLE line_docs; DROP INDEX profiles_row; ALTER TABLE profiles DROP COLUMN row;"
                      "DROP INDEX events_story; ALTER TABLE events DROP COLUMN day; DROP TABLE terms; DROP TABLE bands;"
                      "DROP TABLE meta; DROP INDEX articles_seq; DROP TABLE entity_mentions; DROP TABLE entity_titles;"
                      "DROP TABLE entity_surnames;"
                      "PRAGMA user_version = 4;")  # a store as schema 4 made it
    con.close()
    with pytest.raises(StoreError, match="to migrate"):
        Store(out / "newsweave.db", readonly=True)
    result = _run(cli, "show", "--out", str(out))
    assert result.exit_code == 0 and "2 articles" in result.output
    with Store(out / "newsweave.db", readonly=True) as store:
        assert store.schema_version == len(MIGRATIONS)
