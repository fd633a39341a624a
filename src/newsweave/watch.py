"""Watch: feeds and pages on the web → pages on disk → woven into the store, a little at a time.

``newsweave watch SOURCES`` reads a file of URLs (RSS/Atom feeds and article pages, one a line, ``#`` comments).
Each run fetches every source with a conditional GET (ETag / Last-Modified), follows each feed's new entries to
their pages, saves every page it fetched under ``OUT/watch/pages/`` (with a ``sources.json`` sidecar giving its
URL, and the feed's date and outlet) and weaves the pages not woven yet through the ordinary pipeline — so the
account is exactly what ``newsweave run OUT/watch/pages`` would make of the same pages.

:class:`Fetcher` is the one network edge (injectable: tests and benchmarks serve 127.0.0.1): timeouts and an
overall deadline per fetch, a size cap, redirects followed by hand (at most ``max_redirects``, loops refused,
only http(s)), robots.txt obeyed (RFC 9309: a 4xx robots.txt allows all, an unreachable one disallows all), a
minimum interval between requests to one host, and a User-Agent saying who fetches.  A URL that fails is a
:class:`~newsweave.model.Failure` with the reason (stored, and kept in the state file); the others go on.

State (validators, which pages are saved and which are woven) lives in ``OUT/watch/state.json``, written
atomically after every URL, so an interrupted run resumes: pages already saved are not fetched again, and pages
saved but not woven are woven by the next run.
"""

from __future__ import annotations

import io
import json
import os
import time
import urllib.robotparser
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlsplit

import httpx

from . import __version__
from .errors import InputError, UsageError
from .model import Failure, content_id
from .pipeline import Progress, Weaver, WeaveResult
from .store import Store

__all__ = ["USER_AGENT", "FetchError", "Fetched", "Fetcher", "Limits", "Watch", "WatchResult", "parse_every",
           "read_sources"]

USER_AGENT = f"newsweave/{__version__} (news aggregation for research; +https://github.com/newsweave/newsweave)"
FEED_TYPES = ("application/rss+xml", "application/atom+xml", "application/rdf+xml", "application/xml", "text/xml",
              "application/feed+json")
HTML_TYPES = ("text/html", "application/xhtml+xml")


class FetchError(InputError):
    """A URL could not be fetched (or may not be): the message is the reason recorded."""


@dataclass(frozen=True, slots=True)
class Limits:
    """How politely and how far one fetch goes."""

    timeout: float = 10.0  # seconds to connect, and between two reads
    deadline: float = 30.0  # seconds for the whole response, however slowly it trickles
    max_bytes: int = 5 * 1024 * 1024
    max_redirects: int = 5
    host_interval: float = 1.0  # seconds between two requests to one host
    max_entries: int = 200  # entries read per feed


@dataclass(frozen=True, slots=True)
class Fetched:
    url: str  # after redirects
    status: int
    content_type: str
    body: bytes
    etag: str | None = None
    last_modified: str | None = None

    @property
    def not_modified(self) -> bool:
        return self.status == 304


class Fetcher:
    """Fetch URLs with the limits, robots.txt and per-host pacing (see the module)."""

    def __init__(self, limits: Limits | None = None, *, client: httpx.Client | None = None,
                 user_agent: str = USER_AGENT, trust_env: bool = True,
                 clock: Callable[[], float] = time.monotonic, sleep: Callable[[float], None] = time.sleep) -> None:
        self.limits = limits or Limits()
        self.user_agent = user_agent
        self.client = client or httpx.Client(
            timeout=httpx.Timeout(self.limits.timeout), follow_redirects=False, trust_env=trust_env,
            headers={"User-Agent": user_agent})
        self.clock = clock
        self.sleep = sleep
        self._next: dict[str, float] = {}
        self._robots: dict[str, urllib.robotparser.RobotFileParser | str] = {}

    def close(self) -> None:
        self.client.close()

    def get(self, url: str, *, etag: str | None = None, last_modified: str | None = None) -> Fetched:
        """The response to a GET of ``url`` (a 304 when the validators still hold); :class:`FetchError` else."""
        seen = {url}
        for _ in range(self.limits.max_redirects + 1):
            self._check(url)
            headers = {}
            if etag:
                headers["If-None-Match"] = etag
            if last_modified:
                headers["If-Modified-Since"] = last_modified
            response = self._request(url, headers)
            if response.status in (301, 302, 303, 307, 308):
                location = response.content_type  # _request puts the Location there for redirects
                if not location:
                    raise FetchError(f"HTTP {response.status} redirect without a Location")
                url = urljoin(url, location)
                if url in seen:
                    raise FetchError(f"redirect loop (back to {url})")
                seen.add(url)
                continue
            return response
        raise FetchError(f"more than {self.limits.max_redirects} redirects")

    def _check(self, url: str) -> None:
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise FetchError(f"not an http(s) URL: {url[:200]!r}")
        robots = self._robots_for(f"{parts.scheme}://{parts.netloc}")
        if isinstance(robots, str):
            raise FetchError(robots)
        if not robots.can_fetch(self.user_agent, url):
            raise FetchError("disallowed by the site's robots.txt")

    def _robots_for(self, origin: str) -> urllib.robotparser.RobotFileParser | str:
        if origin not in self._robots:
            parser = urllib.robotparser.RobotFileParser()
            try:
                response = self._request(origin + "/robots.txt", {})
            except FetchError as exc:
                self._robots[origin] = f"robots.txt unreachable ({exc}): the site is not fetched (RFC 9309)"
                return self._robots[origin]
            if 200 <= response.status < 300:
                parser.parse(response.body.decode("utf-8", "replace").splitlines())
            elif 400 <= response.status < 500 or 300 <= response.status < 400:
                parser.parse([])  # no rules: everything allowed
            else:
                self._robots[origin] = f"robots.txt answered HTTP {response.status}: the site is not fetched (RFC 9309)"
                return self._robots[origin]
            self._robots[origin] = parser
        return self._robots[origin]

    def _pace(self, host: str) -> None:
        now = self.clock()
        wait = self._next.get(host, now) - now
        if wait > 0:
            self.sleep(wait)
        self._next[host] = max(now, self._next.get(host, now)) + self.limits.host_interval

    def _request(self, url: str, headers: dict[str, str]) -> Fetched:
        """One GET, no redirect followed (a redirect's Location comes back as ``content_type``)."""
        self._pace(urlsplit(url).netloc)
        limits = self.limits
        started = self.clock()
        try:
            with self.client.stream("GET", url, headers=headers) as response:
                if response.status_code in (301, 302, 303, 307, 308):
                    return Fetched(url, response.status_code, response.headers.get("location", ""), b"")
                if response.status_code == 304:
                    return Fetched(url, 304, "", b"", response.headers.get("etag"),
                                   response.headers.get("last-modified"))
                if response.status_code >= 400:
                    raise FetchError(f"HTTP {response.status_code} {response.reason_phrase}".strip())
                declared = response.headers.get("content-length", "")
                if declared.isdigit() and int(declared) > limits.max_bytes:
                    raise FetchError(f"too large ({int(declared):,} bytes > {limits.max_bytes:,})")
                body = bytearray()
                for chunk in response.iter_bytes():
                    body += chunk
                    if len(body) > limits.max_bytes:
                        raise FetchError(f"too large (over {limits.max_bytes:,} bytes)")
                    if self.clock() - started > limits.deadline:
                        raise FetchError(f"too slow (not complete after {limits.deadline:g} s)")
                content_type = response.headers.get("content-type", "").split(";")[0].strip().lower()
                return Fetched(str(response.url), response.status_code, content_type, bytes(body),
                               response.headers.get("etag"), response.headers.get("last-modified"))
        except httpx.TimeoutException as exc:
            raise FetchError(f"timed out ({type(exc).__name__} after {limits.timeout:g} s)") from exc
        except httpx.HTTPError as exc:
            raise FetchError(f"could not be fetched ({type(exc).__name__}: {exc})") from exc


def kind_of(fetched: Fetched) -> str:
    """``"feed"``, ``"page"`` or ``"other"``: by the declared type, else by the first bytes."""
    head = fetched.body[:1024].lstrip().lower()
    if fetched.content_type in FEED_TYPES or (b"<rss" in head or b"<feed" in head or b"<rdf:rdf" in head):
        return "feed" if b"<html" not in head else "page"
    if fetched.content_type in HTML_TYPES or head.startswith((b"<!doctype html", b"<html")):
        return "page"
    return "other"


def feed_entries(body: bytes, limit: int) -> list[dict[str, str | None]]:
    """The entries of a feed: link, title, day published (ISO), and the feed's title as the outlet."""
    import feedparser

    from .formats import _feed_day

    feed = feedparser.parse(io.BytesIO(body))
    site = feed.feed.get("title") if isinstance(feed.feed.get("title"), str) else None
    out = []
    for entry in feed.entries[:limit]:
        link = entry.get("link")
        if isinstance(link, str) and link.strip():
            out.append({"url": link.strip(), "published": _feed_day(entry), "outlet": site})
    return out


def read_sources(path: str | Path) -> list[str]:
    """The URLs of a SOURCES file: one a line; blank lines and ``#`` comments skipped; only http(s)."""
    try:
        lines = Path(path).read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise UsageError(f"cannot read the sources file {str(path)!r} ({exc.strerror or exc})") from exc
    urls = []
    for n, line in enumerate(lines, start=1):
        url = line.split("#", 1)[0].strip() if line.lstrip().startswith("#") else line.strip()
        if not url:
            continue
        if urlsplit(url).scheme not in ("http", "https"):
            raise UsageError(f"{path}:{n}: {url[:100]!r} is not an http(s) URL")
        urls.append(url)
    return list(dict.fromkeys(urls))


def parse_every(value: str) -> float:
    """``"15m"``, ``"1h"``, ``"90s"``, ``"2"`` (minutes) → seconds."""
    text = value.strip().lower()
    units = {"s": 1, "m": 60, "h": 3600, "d": 86400}
    try:
        seconds = float(text[:-1]) * units[text[-1]] if text and text[-1] in units else float(text) * 60
    except ValueError:
        raise UsageError(f"--every {value!r}: give a duration such as 90s, 15m or 1h") from None
    if seconds < 1:
        raise UsageError(f"--every {value!r}: at least one second")
    return seconds


@dataclass(slots=True)
class WatchResult:
    """What one pass did."""

    checked: int = 0
    not_modified: int = 0
    saved: list[str] = field(default_factory=list)  # page files saved this pass
    failures: list[Failure] = field(default_factory=list)
    woven: WeaveResult | None = None


class Watch:
    """Fetch the sources into ``out/watch/pages`` and weave what is new into ``out/newsweave.db``."""

    def __init__(self, out_dir: str | Path, *, fetcher: Fetcher | None = None, weaver: Weaver | None = None,
                 store: str | Path | None = None) -> None:
        self.out = Path(out_dir)
        self.root = self.out / "watch"
        self.pages = self.root / "pages"
        self.pages.mkdir(parents=True, exist_ok=True)
        self.state_path = self.root / "state.json"
        self.sidecar = self.pages / "sources.json"
        self.store_path = Path(store) if store else self.out / "newsweave.db"
        self.fetcher = fetcher or Fetcher()
        self._weaver = weaver
        self.state: dict[str, Any] = self._load(self.state_path, {"urls": {}, "pending": []})
        self.sources: dict[str, dict[str, str]] = self._load(self.sidecar, {})

    @property
    def weaver(self) -> Weaver:
        if self._weaver is None:
            self._weaver = Weaver()
        return self._weaver

    @staticmethod
    def _load(path: Path, default: Any) -> Any:
        try:
            return json.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return default
        except (OSError, ValueError) as exc:
            raise UsageError(f"cannot read {path} ({exc}): move it away to start afresh") from exc

    def _save(self) -> None:
        for path, data in ((self.sidecar, self.sources), (self.state_path, self.state)):
            tmp = path.with_suffix(".tmp")
            tmp.write_text(json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True), encoding="utf-8")
            os.replace(tmp, path)

    def once(self, urls: Iterable[str], progress: Progress | None = None) -> WatchResult:
        """One pass: fetch every source (and the new entries of every feed), then weave the pages not woven yet."""
        result = WatchResult()
        for done, (url, failure) in enumerate(self._fetch_all(urls, result), start=1):
            if progress:
                progress("fetch", done, None)
            if failure:
                result.failures.append(failure)
                self.state["urls"].setdefault(url, {})["error"] = failure.reason
            else:
                self.state["urls"].setdefault(url, {}).pop("error", None)
            self._save()
        fetched_ok = [u for u, s in self.state["urls"].items() if "error" not in s]
        with Store(self.store_path) as store:
            store.add_failures(result.failures, replacing=fetched_ok)
            # in name order: the order `newsweave run OUT/watch/pages` reads them, so the account is the same
            pending = [self.pages / name for name in sorted(self.state["pending"]) if (self.pages / name).is_file()]
            if pending:
                result.woven = self.weaver.run(pending, store, progress or _silent)
            self.state["pending"] = []
            self._save()
        return result

    def _fetch_all(self, urls: Iterable[str], result: WatchResult) -> Iterator[tuple[str, Failure | None]]:
        for url in urls:
            result.checked += 1
            known = self.state["urls"].get(url, {})
            try:
                fetched = self.fetcher.get(url, etag=known.get("etag"), last_modified=known.get("last_modified"))
            except FetchError as exc:
                yield url, Failure(url, str(exc))
                continue
            if fetched.not_modified:
                self._remember(url, fetched)
                result.not_modified += 1
                yield url, Failure(url, known["error"]) if known.get("error") else None  # unchanged: so is its fault
                continue
            kind = kind_of(fetched)
            if kind == "feed":
                for entry in feed_entries(fetched.body, self.fetcher.limits.max_entries):
                    page = entry["url"] or ""
                    if self.state["urls"].get(page, {}).get("file"):
                        continue  # saved already: an article page is fetched once
                    yield page, self._fetch_page(page, entry, result)
                self._remember(url, fetched)  # only now: a run stopped among the entries fetches the feed again
                yield url, None
            elif kind == "page":
                self._remember(url, fetched)
                yield url, self._save_page(url, fetched, {}, result)
            else:
                self._remember(url, fetched)
                yield url, Failure(url, f"neither an HTML page nor a feed (Content-Type {fetched.content_type or '?'})")

    def _remember(self, url: str, fetched: Fetched) -> None:
        record = self.state["urls"].setdefault(url, {})
        record["checked"] = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())
        if not fetched.not_modified:
            record["etag"] = fetched.etag
            record["last_modified"] = fetched.last_modified

    def _fetch_page(self, url: str, entry: dict[str, str | None], result: WatchResult) -> Failure | None:
        try:
            fetched = self.fetcher.get(url)
        except FetchError as exc:
            return Failure(url, str(exc))
        self._remember(url, fetched)
        if kind_of(fetched) != "page":
            return Failure(url, f"not an HTML page (Content-Type {fetched.content_type or '?'})")
        return self._save_page(url, fetched, entry, result)

    def _save_page(self, url: str, fetched: Fetched, entry: dict[str, str | None],
                   result: WatchResult) -> Failure | None:
        name = content_id("", url) + ".html"
        path = self.pages / name
        tmp = path.with_suffix(".part")
        tmp.write_bytes(fetched.body)
        os.replace(tmp, path)
        info = {"url": fetched.url}
        info.update({k: v for k, v in (("outlet", entry.get("outlet")), ("published", entry.get("published"))) if v})
        self.sources[name] = info
        self.state["urls"].setdefault(url, {})["file"] = name
        if name not in self.state["pending"]:
            self.state["pending"].append(name)
        result.saved.append(name)
        return None


def _silent(stage: str, done: int, total: int | None) -> None:
    return None
