"""Read-only queries over a newsweave store for the web application: every query reads one page of rows.

The store is opened ``mode=ro`` (never written, never migrated); each thread gets its own connection.  Rows are
read by primary key, or one page at a time.  The only corpus-wide work is :class:`StoryIndex`: the stories and
events with their counts (reports, outlets, last update), read with two aggregate queries *when the store has
changed* (a new article, a regrouping or a new fusion) and kept in memory — so ``serve`` shows what ``watch`` or
``run`` added without a restart, and the story list never scans the store per request.
"""

from __future__ import annotations

import json
import os
import sqlite3
import threading
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import quote

from ..errors import StoreError, UsageError
from ..model import Article, Citation, Entity, Provenance, from_jsonable
from ..store import MIGRATIONS, fts_query
from ..store_entities import entity_summary, mention_count, mention_page, recent_articles

MAX_QUERY_CHARS = 500
"""A search query longer than this is refused (a clear 400), before FTS5 sees it."""
REBUILD_FACTOR = 10
"""The story index is rebuilt at most once per this many times its build time (≤ 10 % of a core on rebuilding)."""
QUICK_BUILD = 0.05
"""An index built faster than this (seconds) is rebuilt whenever the store changed: a small store never lags."""
SEARCH_WINDOW = 2_000
"""Search ranks by relevance the most recent this-many articles that match (all of them, in a smaller store)."""
MAX_ENTITY_ARTICLES = 5_000
"""A search filtered by entity looks in at most this many of the entity's articles (the most recent)."""
TITLE_CITATIONS = 10
"""An entity page shows each title with at most this many of its citations."""


@dataclass(frozen=True, slots=True)
class EventRow:
    id: str
    story: str
    title: str
    when: str | None
    where: str | None
    reports: int
    outlets: int
    updated: str | None


@dataclass(frozen=True, slots=True)
class StoryRow:
    id: str
    title: str
    events: int
    reports: int
    outlets: int
    updated: str | None


@dataclass(frozen=True, slots=True)
class ArticleRow:
    id: str
    title: str
    outlet: str | None
    published: str | None
    url: str | None


@dataclass(frozen=True, slots=True)
class Hit:
    article: ArticleRow
    snippet: str


@dataclass(slots=True)
class StoryIndex:
    """Stories (latest first) and their events, with counts; rebuilt when the store's fingerprint changes."""

    fingerprint: tuple[int, ...] = ()
    built_at: float = 0.0  # time.monotonic() when built
    seconds: float = 0.0  # how long building it took
    stories: list[StoryRow] = field(default_factory=list)
    story_events: dict[str, list[EventRow]] = field(default_factory=dict)
    events: dict[str, EventRow] = field(default_factory=dict)


class Reader:
    """A read-only view of the store at ``path``; safe to share between threads (a connection per thread)."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        if not self.path.is_file():
            raise StoreError(f"no store at {str(self.path)!r}: run `newsweave run PATH --out DIR` or "
                             "`newsweave watch SOURCES --out DIR` first")
        self._local = threading.local()
        self._lock = threading.Lock()
        self._index = StoryIndex()
        version = int(self.db.execute("PRAGMA user_version").fetchone()[0])
        if version != len(MIGRATIONS):
            raise StoreError(f"the store {str(self.path)!r} has schema version {version}, this newsweave reads "
                             f"{len(MIGRATIONS)}: run `newsweave run` on it once to migrate it")

    @property
    def db(self) -> sqlite3.Connection:
        db: sqlite3.Connection | None = getattr(self._local, "db", None)
        if db is None:
            uri = "file:" + quote(str(self.path.resolve())) + "?mode=ro"
            db = sqlite3.connect(uri, uri=True, check_same_thread=False)
            db.execute("PRAGMA query_only = ON")
            self._local.db = db
        return db

    def version(self) -> tuple[int, ...]:
        """Changes whenever the store is written (its file or its write-ahead log): two stat calls."""
        out: list[int] = []
        for path in (self.path, self.path.with_name(self.path.name + "-wal")):
            try:
                st = os.stat(path)
            except FileNotFoundError:
                out += [0, 0]
            else:
                out += [st.st_mtime_ns, st.st_size]
        return tuple(out)

    # -- stories and events ----------------------------------------------------------------------

    def _fingerprint(self) -> tuple[int, ...]:
        row = self.db.execute(
            "SELECT (SELECT COALESCE(MAX(rowid), 0) FROM articles), (SELECT COALESCE(MAX(rowid), 0) FROM events),"
            " (SELECT COALESCE(MAX(rowid), 0) FROM stories), (SELECT COALESCE(MAX(rowid), 0) FROM fusions),"
            " (SELECT COUNT(*) FROM stories)").fetchone()
        return tuple(int(v) for v in row)

    def index(self) -> StoryIndex:
        """The story index, rebuilt if the store changed since it was built — but, while a run keeps writing, at
        most once per REBUILD_FACTOR × its build time (the index then lags by that much: a few milliseconds for a
        small store, about a minute at 100k articles), and by one thread at a time (the others serve the index they
        have)."""
        fingerprint = self._fingerprint()
        current = self._index
        if fingerprint == current.fingerprint:
            return current
        if current.fingerprint and current.seconds >= QUICK_BUILD \
                and time.monotonic() - current.built_at < REBUILD_FACTOR * current.seconds:
            return current
        if not self._lock.acquire(blocking=not current.fingerprint):
            return current
        try:
            if fingerprint != self._index.fingerprint:
                started = time.monotonic()
                index = self._build_index(fingerprint)
                index.built_at = time.monotonic()
                index.seconds = index.built_at - started
                self._index = index
        finally:
            self._lock.release()
        return self._index

    def _build_index(self, fingerprint: tuple[int, ...]) -> StoryIndex:
        counts = {r[0]: (int(r[1]), int(r[2]), r[3]) for r in self.db.execute(
            "SELECT ea.event, COUNT(*), COUNT(DISTINCT a.outlet), MAX(a.added_at) FROM event_articles ea"
            " JOIN articles a ON a.id = ea.article GROUP BY ea.event")}
        story_outlets = {r[0]: int(r[1]) for r in self.db.execute(
            "SELECT e.story, COUNT(DISTINCT a.outlet) FROM events e JOIN event_articles ea ON ea.event = e.id"
            " JOIN articles a ON a.id = ea.article GROUP BY e.story")}
        index = StoryIndex(fingerprint)
        for eid, story, title, when, where in self.db.execute(
                "SELECT id, story, json_extract(data, '$.title'), json_extract(data, '$.when.value'),"
                " json_extract(data, '$.where.value') FROM events ORDER BY rowid"):
            reports, outlets, updated = counts.get(eid, (0, 0, None))
            row = EventRow(eid, story, title or "", when, where, reports, outlets, updated)
            index.events[eid] = row
            index.story_events.setdefault(story, []).append(row)
        for sid, title in self.db.execute("SELECT id, title FROM stories"):
            events = index.story_events.get(sid, [])
            index.story_events[sid] = sorted(events, key=lambda e: (e.updated or "", e.when or ""), reverse=True)
            index.stories.append(StoryRow(
                sid, title, len(events), sum(e.reports for e in events), story_outlets.get(sid, 0),
                max((e.updated for e in events if e.updated), default=None)))
        index.stories.sort(key=lambda s: (s.updated or "", s.reports), reverse=True)
        return index

    def event_data(self, event_id: str) -> dict[str, Any] | None:
        """The event as JSON-ready data, with its fusion (no records built: what the pages serve)."""
        row = self.db.execute("SELECT e.data, f.data FROM events e LEFT JOIN fusions f ON f.event = e.id"
                              " WHERE e.id = ?", (event_id,)).fetchone()
        if row is None:
            return None
        data: dict[str, Any] = json.loads(row[0])
        if row[1] is not None:
            data.update(json.loads(row[1]))
        return data

    def mentions(self, article_id: str) -> list[dict[str, Any]]:
        """The article's mentions as JSON-ready data (only that part of its analysis is read)."""
        row = self.db.execute("SELECT json_extract(data, '$.mentions') FROM analyses WHERE article = ?",
                              (article_id,)).fetchone()
        return [] if row is None or row[0] is None else list(json.loads(row[0]))

    def event_of(self, article_id: str) -> str | None:
        row = self.db.execute("SELECT event FROM event_articles WHERE article = ?", (article_id,)).fetchone()
        return None if row is None else str(row[0])

    def events_of(self, article_ids: Sequence[str]) -> dict[str, str]:
        """The event of each of ``article_ids`` (those grouped)."""
        out: dict[str, str] = {}
        for chunk in _chunks(article_ids):
            out.update(self.db.execute(f"SELECT article, event FROM event_articles WHERE article IN ({_marks(chunk)})",
                                       chunk).fetchall())
        return out

    # -- articles -------------------------------------------------------------------------------

    def article(self, article_id: str) -> Article | None:
        row = self.db.execute("SELECT id, path, url, outlet, title, published, language, author, text, removed"
                              " FROM articles WHERE id = ?", (article_id,)).fetchone()
        if row is None:
            return None
        return Article(id=row[0], path=row[1], url=row[2], outlet=row[3], title=row[4], published=row[5],
                       language=row[6], author=row[7], text=row[8], removed=tuple(json.loads(row[9])))

    def article_rows(self, article_ids: Iterable[str]) -> dict[str, ArticleRow]:
        wanted = list(dict.fromkeys(article_ids))
        out: dict[str, ArticleRow] = {}
        for chunk in _chunks(wanted):
            for r in self.db.execute(f"SELECT id, title, outlet, published, url FROM articles WHERE id IN"
                                     f" ({_marks(chunk)})", chunk):
                out[r[0]] = ArticleRow(r[0], r[1], r[2], r[3], r[4])
        return out

    def words(self, spans: Iterable[tuple[str, int, int]]) -> dict[tuple[str, int, int], str]:
        """The words of each ``(article, start, end)`` (only those articles' texts are read)."""
        wanted = list(dict.fromkeys(spans))
        texts: dict[str, str] = {}
        ids = list(dict.fromkeys(a for a, _, _ in wanted))
        for chunk in _chunks(ids):
            texts.update(self.db.execute(f"SELECT id, text FROM articles WHERE id IN ({_marks(chunk)})",
                                         chunk).fetchall())
        return {(a, s, e): texts.get(a, "")[s:e] for a, s, e in wanted}

    def provenance(self, article_ids: Iterable[str]) -> dict[str, Provenance]:
        wanted = list(dict.fromkeys(article_ids))
        out: dict[str, Provenance] = {}
        for chunk in _chunks(wanted):
            for article, data in self.db.execute(f"SELECT article, data FROM provenance WHERE article IN"
                                                 f" ({_marks(chunk)})", chunk):
                out[article] = from_jsonable(Provenance, json.loads(data))
        return out

    # -- entities -------------------------------------------------------------------------------

    def entity(self, entity_id: str) -> Entity | None:
        """An entity without its mentions (a page of them: :meth:`entity_mentions`), each title with its first
        :data:`TITLE_CITATIONS` citations."""
        return entity_summary(self.db, entity_id, title_citations=TITLE_CITATIONS)

    def entity_mention_count(self, entity_id: str) -> int:
        return mention_count(self.db, entity_id)

    def entity_mentions(self, entity_id: str, offset: int, limit: int) -> list[Citation]:
        return mention_page(self.db, entity_id, offset, limit)

    def entity_articles(self, entity_id: str, limit: int) -> list[str]:
        """The articles naming an entity, the most recently linked first."""
        return recent_articles(self.db, entity_id, limit)

    def entity_names(self, entity_ids: Iterable[str]) -> dict[str, str]:
        wanted = [e for e in dict.fromkeys(entity_ids) if e]
        out: dict[str, str] = {}
        for chunk in _chunks(wanted):
            out.update(self.db.execute(f"SELECT id, name FROM entities WHERE id IN ({_marks(chunk)})",
                                       chunk).fetchall())
        return out

    def entities_named(self, prefix: str, limit: int) -> list[tuple[str, str, str]]:
        """Entities whose name starts with ``prefix`` (id, name, kind)."""
        return [(r[0], r[1], r[2]) for r in self.db.execute(
            "SELECT id, name, kind FROM entities WHERE name LIKE ? ESCAPE '\\' ORDER BY name LIMIT ?",
            (_like(prefix) + "%", limit))]

    # -- search ---------------------------------------------------------------------------------

    def search(self, query: str, *, outlet: str | None = None, since: str | None = None, until: str | None = None,
               entity: str | None = None, limit: int = 20, offset: int = 0) -> list[Hit]:
        """Full-text hits (best first) with a snippet whose hits are between \\x02 and \\x03.

        The query is words and "quoted phrases" (:func:`newsweave.store.fts_query`): operators, ``NEAR(``,
        quotes and stars are read as words, never as FTS5 syntax; :class:`UsageError` for an empty or too long
        one."""
        if len(query) > MAX_QUERY_CHARS:
            raise UsageError(f"the query has {len(query):,} characters; at most {MAX_QUERY_CHARS} are searched — "
                             "shorten it")
        match = fts_query(query)
        where = ["article_search MATCH ?"]
        params: list[object] = [match]
        if outlet:
            where.append("a.outlet = ?")
            params.append(outlet)
        if since:
            where.append("a.published >= ?")
            params.append(since)
        if until:
            where.append("a.published <= ?")
            params.append(until)
        if entity:
            ids = self.entity_articles(entity, MAX_ENTITY_ARTICLES)
            if not ids:
                return []
            where.append(f"a.id IN ({_marks(ids)})")
            params.extend(ids)
        # Relevance (BM25) among the most recent SEARCH_WINDOW matches: FTS5 walks the matches newest first and
        # stops there, so a word every article has costs no more than a rare one.
        ranked = self.db.execute(
            "SELECT rowid FROM (SELECT article_search.rowid AS rowid, bm25(article_search) AS score"
            " FROM article_search JOIN articles a ON a.rowid = article_search.rowid"
            f" WHERE {' AND '.join(where)} ORDER BY article_search.rowid DESC LIMIT ?)"
            " ORDER BY score, rowid DESC LIMIT ? OFFSET ?",
            [*params, SEARCH_WINDOW, limit, offset]).fetchall()
        order = [r[0] for r in ranked]
        if not order:
            return []
        rows = {r[0]: r for r in self.db.execute(
            "SELECT article_search.rowid, a.id, a.title, a.outlet, a.published, a.url,"
            " snippet(article_search, 1, char(2), char(3), '…', 16) FROM article_search"
            f" JOIN articles a ON a.rowid = article_search.rowid WHERE article_search MATCH ?"
            f" AND article_search.rowid IN ({_marks(order)})", [match, *order])}
        return [Hit(ArticleRow(*rows[i][1:6]), rows[i][6]) for i in order if i in rows]

    def outlets(self, limit: int = 200) -> list[str]:
        """Outlet names for the search filter (at most ``limit``, from the most recent articles)."""
        rows = self.db.execute("SELECT DISTINCT outlet FROM (SELECT outlet FROM articles ORDER BY rowid DESC"
                               " LIMIT 5000) WHERE outlet IS NOT NULL LIMIT ?", (limit,))
        return sorted(r[0] for r in rows)


def _chunks(items: Sequence[str], size: int = 500) -> Iterable[list[str]]:
    for i in range(0, len(items), size):
        yield list(items[i:i + size])


def _marks(items: Sequence[object]) -> str:
    return ",".join("?" * len(items))


def _like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
