"""``newsweave watch``: feeds and pages fetched from a local site on 127.0.0.1 (never the internet) — new pages woven,
each bad URL a failure with its reason (slow, huge, 404, redirect loop, not HTML, robots.txt), conditional GETs on the
next pass, and an interrupted pass resumed."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import EXAMPLES
from feed_server import Site, html_page, rss

from newsweave import Store, Weaver
from newsweave.cli import main
from newsweave.errors import UsageError
from newsweave.watch import USER_AGENT, Fetcher, Limits, Watch, parse_every, read_sources

LIMITS = Limits(timeout=0.5, deadline=2.0, max_bytes=200_000, host_interval=0.0)
BAD = {"/slow.html": "timed out", "/huge.html": "too large", "/missing.html": "HTTP 404",
       "/loop1.html": "redirect loop", "/image.png": "not an HTML page", "/private/secret.html": "robots.txt"}


def example(n: int) -> tuple[str, str]:
    path = sorted(EXAMPLES.glob("*.txt"))[n]
    title, _, body = path.read_text(encoding="utf-8").partition("\n")
    return title.strip(), body


def site() -> Site:
    pages: dict[str, tuple[str, bytes]] = {}
    items = []
    for n in range(2):
        title, body = example(n)
        pages[f"/a{n}.html"] = ("text/html; charset=utf-8", html_page(title, body))
        items.append((f"/a{n}.html", title, "Wed, 12 Jan 2022 18:00:00 GMT"))
    pages["/image.png"] = ("image/png", b"\x89PNG\r\n\x1a\n" + b"\0" * 100)
    pages["/private/secret.html"] = ("text/html", html_page("Secret", "Not for crawlers."))
    items += [(p, "bad", "Wed, 12 Jan 2022 18:00:00 GMT") for p in BAD]
    running = Site(pages, slow_seconds=2.0)
    running.pages["/feed.xml"] = ("application/rss+xml", rss(running.base, items))
    return running


@pytest.fixture
def sources(tmp_path: Path) -> Path:
    return tmp_path / "sources.txt"


def test_a_pass_weaves_the_new_pages_and_records_every_bad_url_with_its_reason(
        tmp_path: Path, sources: Path, weaver: Weaver) -> None:
    with site() as web:
        sources.write_text(f"# feeds\n{web.base}/feed.xml\n\n{web.base}/image.png\n", encoding="utf-8")
        watch = Watch(tmp_path / "out", fetcher=Fetcher(LIMITS, trust_env=False), weaver=weaver)
        result = watch.once(read_sources(sources))
        assert len(result.saved) == 2 and result.woven is not None and len(result.woven.added) == 2
        reasons = {f.path.removeprefix(web.base): f.reason for f in result.failures}
        for path, reason in BAD.items():
            assert reason in reasons[path], (path, reasons[path])
        assert all(headers.get("user-agent") == USER_AGENT for _, headers in web.log)
        with Store(tmp_path / "out" / "newsweave.db", readonly=True) as store:
            articles = store.articles()
            assert {a.url for a in articles} == {f"{web.base}/a0.html", f"{web.base}/a1.html"}
            assert all(a.published for a in articles)  # the page's own date wins over the feed's
            stored = {f.path for f in store.failures()}
        assert {web.base + p for p in BAD} <= stored

        # the next pass asks with the validators: the feed has not changed, nothing is fetched again
        before = [p for p, _ in web.log]
        again = Watch(tmp_path / "out", fetcher=Fetcher(LIMITS, trust_env=False), weaver=weaver)
        second = again.once(read_sources(sources))
        asked = web.log[len(before):]
        feed_headers = next(h for p, h in asked if p == "/feed.xml")
        assert feed_headers.get("if-none-match") and second.not_modified == 2 and not second.saved
        assert [f.path for f in second.failures] == [f"{web.base}/image.png"]  # unchanged, and still not HTML
        assert not any(p in ("/a0.html", "/a1.html") for p, _ in asked)


class Interrupted(Weaver):
    def run(self, *args: object, **kwargs: object) -> object:  # type: ignore[override]
        raise KeyboardInterrupt


def test_an_interrupted_pass_resumes_without_fetching_again(tmp_path: Path, sources: Path, weaver: Weaver) -> None:
    with site() as web:
        sources.write_text(f"{web.base}/a0.html\n{web.base}/a1.html\n", encoding="utf-8")
        stopped = Watch(tmp_path / "out", fetcher=Fetcher(LIMITS, trust_env=False),
                        weaver=Interrupted(weaver.analyzer, weaver.embedder))
        with pytest.raises(KeyboardInterrupt):
            stopped.once(read_sources(sources))
        fetched = [p for p, _ in web.log if p.startswith("/a")]
        resumed = Watch(tmp_path / "out", fetcher=Fetcher(LIMITS, trust_env=False), weaver=weaver)
        result = resumed.once(read_sources(sources))
        assert result.woven is not None and len(result.woven.added) == 2
        assert result.not_modified == 2  # the pages were saved; asked again only conditionally
        assert [p for p, _ in web.log if p.startswith("/a")] == fetched * 2
        with Store(tmp_path / "out" / "newsweave.db", readonly=True) as store:
            assert len(store.articles()) == 2


def test_requests_to_one_host_are_paced() -> None:
    now = [0.0]
    slept: list[float] = []

    def sleep(seconds: float) -> None:
        slept.append(seconds)
        now[0] += seconds

    fetcher = Fetcher(Limits(host_interval=1.0), clock=lambda: now[0], sleep=sleep)
    for _ in range(3):
        fetcher._pace("example.org")
    fetcher._pace("example.net")
    assert slept == [1.0, 1.0]


@pytest.mark.parametrize("value, seconds", [("15m", 900), ("90s", 90), ("1h", 3600), ("2", 120), ("1.5m", 90)])
def test_every_reads_durations(value: str, seconds: float) -> None:
    assert parse_every(value) == seconds


@pytest.mark.parametrize("value", ["", "soon", "0s", "-5m"])
def test_a_bad_every_is_a_usage_error(value: str) -> None:
    with pytest.raises(UsageError):
        parse_every(value)


def test_sources_must_be_http_urls(tmp_path: Path) -> None:
    path = tmp_path / "sources.txt"
    path.write_text("https://a.example/feed\n# a comment\nhttps://a.example/feed\n", encoding="utf-8")
    assert read_sources(path) == ["https://a.example/feed"]
    path.write_text("file:///etc/passwd\n", encoding="utf-8")
    with pytest.raises(UsageError, match="not an http"):
        read_sources(path)
    result = CliRunner().invoke(main, ["watch", str(path), "--out", str(tmp_path / "out"), "--once"])
    assert result.exit_code == 2 and "not an http" in result.output
