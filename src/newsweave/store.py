"""Store: SQLite as newsweave's application file.

Ids are content hashes, so writing the same article twice is a no-op; each article is committed with
its analysis in one transaction (each event with its fusion), so an interrupted run loses at most the item
in flight and the next run resumes where it stopped.  The schema is versioned (``PRAGMA user_version``) and
migrated forward on open.  Article text is indexed with FTS5 for search.

Every SQLite error is a :class:`~newsweave.errors.StoreError` whose message says what to do (a damaged
file, a busy or read-only store); a store opened ``readonly`` is never written, so it can be shown from a
read-only place.
"""

from __future__ import annotations

import functools
import json
import re
import sqlite3
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import ParamSpec, TypeVar
from urllib.parse import quote

from .errors import StoreError, UsageError
from .model import (
    Account,
    Analysis,
    Article,
    Event,
    Failure,
    Fusion,
    Profile,
    Provenance,
    Story,
    from_jsonable,
    to_jsonable,
)
from .store_entities import MIGRATION as ENTITY_MIGRATION
from .store_entities import EntityQueries, EntityUpdate
from .store_queries import ARTICLE_COLUMNS, Queries, article_of, profile_of, with_fusion

MIGRATIONS: tuple[str, ...] = (
    # 1: the foundation
    """
    CREATE TABLE articles (
        id TEXT PRIMARY KEY, path TEXT NOT NULL, url TEXT, outlet TEXT, title TEXT NOT NULL,
        published TEXT, language TEXT, author TEXT, text TEXT NOT NULL, removed TEXT NOT NULL,
        added_at TEXT NOT NULL, seq INTEGER NOT NULL
    );
    CREATE TABLE analyses (article TEXT PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE, data TEXT NOT NULL);
    CREATE TABLE profiles (
        article TEXT PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
        vector BLOB NOT NULL, features TEXT NOT NULL
    );
    CREATE TABLE stories (id TEXT PRIMARY KEY, title TEXT NOT NULL);
    CREATE TABLE events (id TEXT PRIMARY KEY, story TEXT NOT NULL, data TEXT NOT NULL);
    CREATE TABLE event_articles (
        article TEXT PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE, event TEXT NOT NULL
    );
    CREATE INDEX event_articles_event ON event_articles(event);
    CREATE TABLE entities (id TEXT PRIMARY KEY, name TEXT NOT NULL, kind TEXT NOT NULL, data TEXT NOT NULL);
    CREATE TABLE failures (path TEXT NOT NULL, item TEXT NOT NULL DEFAULT '', reason TEXT NOT NULL, at TEXT NOT NULL,
                           PRIMARY KEY (path, item));
    CREATE TABLE line_stats (key TEXT PRIMARY KEY, docs INTEGER NOT NULL);
    CREATE VIRTUAL TABLE article_search USING fts5(title, text, content='articles', content_rowid='rowid');
    CREATE TRIGGER articles_ai AFTER INSERT ON articles BEGIN
        INSERT INTO article_search(rowid, title, text) VALUES (new.rowid, new.title, new.text);
    END;
    """,
    # 2: entities keep the linker's index, so new articles link without recomputing the old ones
    """
    ALTER TABLE entities ADD COLUMN state TEXT NOT NULL DEFAULT '{}';
    CREATE TABLE entity_keys (key TEXT PRIMARY KEY, entity TEXT NOT NULL);
    CREATE INDEX entity_keys_entity ON entity_keys(entity);
    CREATE TABLE linked (article TEXT PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE);
    """,
    """
    CREATE TABLE provenance (article TEXT PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE, data TEXT NOT NULL);
    """,
    # 4: what the fuse stage made of each event, keyed by the members and their provenance it was made from
    """
    CREATE TABLE fusions (event TEXT PRIMARY KEY, key TEXT NOT NULL, data TEXT NOT NULL);
    """,
    # 5: the documents whose lines line_stats counts, so no document is counted twice (a resumed run)
    """
    CREATE TABLE line_docs (doc TEXT PRIMARY KEY);
    """,
    # 6: incremental runs — each profile's row in the vector index, each event's day, the stored articles' key
    # counts, the LSH buckets of assessed articles, and a few running totals; queries by event and story
    """
    ALTER TABLE profiles ADD COLUMN row INTEGER;
    UPDATE profiles SET row = r.n FROM (SELECT article, ROW_NUMBER() OVER (ORDER BY rowid) - 1 AS n FROM profiles) r
        WHERE r.article = profiles.article;
    CREATE UNIQUE INDEX profiles_row ON profiles(row);
    ALTER TABLE events ADD COLUMN day INTEGER;
    CREATE INDEX events_story ON events(story);
    CREATE TABLE terms (kind TEXT NOT NULL, key TEXT NOT NULL, id INTEGER NOT NULL, docs INTEGER NOT NULL,
                        PRIMARY KEY (kind, key));
    CREATE INDEX terms_id ON terms(kind, id);
    CREATE TABLE bands (band INTEGER NOT NULL, bucket INTEGER NOT NULL,
                        article TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE);
    CREATE INDEX bands_bucket ON bands(band, bucket);
    CREATE INDEX bands_article ON bands(article);
    CREATE TABLE meta (key TEXT PRIMARY KEY, value BLOB);
    """,
    # 7: articles by arrival: storing one reads the last seq through an index, not by scanning every article
    """
    CREATE INDEX articles_seq ON articles(seq);
    """,
    # 8: an entity's mentions and title citations in their own tables, appended per run; surnames indexed
    ENTITY_MIGRATION,
)

MAX_QUERY_TERMS = 20
"""A search query holds at most this many distinct words (each one is a scan of the index)."""

_QUERY_PART = re.compile(r'"([^"]*)"?|(\S+)')
_WORDS = re.compile(r"\w+")

P = ParamSpec("P")
R = TypeVar("R")


def _explain(path: str, exc: sqlite3.Error) -> str:
    """What an SQLite error means for the user, and what to do."""
    message = str(exc)
    lowered = message.lower()
    if "malformed" in lowered or "not a database" in lowered or "corrupt" in lowered:
        return (f"the store {path!r} is damaged ({message}): restore it from a backup, or move it away and run "
                "again to start a new store")
    if "locked" in lowered or "busy" in lowered:
        return f"the store {path!r} is busy ({message}): another program is writing to it; wait and run again"
    if "readonly" in lowered or "read-only" in lowered:
        return f"the store {path!r} is read-only ({message}): write it somewhere writable with --out / --store"
    if "unable to open" in lowered:
        return f"the store {path!r} cannot be opened ({message}): check the path and its permissions"
    if "full" in lowered or "i/o" in lowered:
        return f"the store {path!r} could not be written ({message}): free disk space or check the disk"
    return f"the store {path!r} failed ({message})"


def _translated(method: Callable[P, R]) -> Callable[P, R]:
    """``method`` with every SQLite error raised as a :class:`StoreError` that says what to do."""

    @functools.wraps(method)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return method(*args, **kwargs)
        except sqlite3.Error as exc:
            store = args[0]
            raise StoreError(_explain(getattr(store, "path", "?"), exc)) from exc

    return wrapper


def fts_query(query: str) -> str:
    """A user's query as an FTS5 query that cannot be a syntax error: every word (and every "quoted phrase")
    is matched literally and all must occur; a word ending in ``*`` matches as a prefix.  Operators and
    punctuation are words like any other.  :class:`UsageError` when there is no word, or more than
    :data:`MAX_QUERY_TERMS` distinct ones."""
    terms: list[str] = []
    for match in _QUERY_PART.finditer(query):
        phrase, word = match.group(1), match.group(2)
        words = _WORDS.findall(phrase if phrase is not None else word)
        if not words:
            continue
        term = '"' + " ".join(words) + '"'
        if word is not None and word.endswith("*") and len(words) == 1:
            term += "*"
        if term not in terms:
            terms.append(term)
    if not terms:
        raise UsageError(f"nothing to search for in {query[:80]!r}: give one or more words")
    if len(terms) > MAX_QUERY_TERMS:
        raise UsageError(f"the query has {len(terms)} different words; at most {MAX_QUERY_TERMS} are searched — "
                         "shorten it")
    return " ".join(terms)


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


class Store(EntityQueries, Queries):
    """A newsweave store in one SQLite file (``":memory:"`` for a throw-away one).

    ``readonly`` opens an existing store without writing anything to it (no migration, no journal): what
    ``newsweave show`` and ``search`` use, so a store on a read-only disk or shared read-only can be read."""

    def __init__(self, path: str | Path = ":memory:", *, readonly: bool = False) -> None:
        self.path = str(path)
        self.readonly = readonly
        self.cache: dict[str, object] = {}  # derived state kept between runs in one process (the vector index)
        try:
            if readonly:
                self.db = self._open_readonly()
            else:
                if self.path != ":memory:":
                    Path(self.path).parent.mkdir(parents=True, exist_ok=True)
                self.db = sqlite3.connect(self.path)
                self.db.execute("PRAGMA foreign_keys = ON")
                self.db.execute("PRAGMA journal_mode = WAL" if self.path != ":memory:"
                                else "PRAGMA journal_mode = MEMORY")
                self._migrate()
        except OSError as exc:
            raise StoreError(f"cannot create the store {self.path!r} ({exc.strerror or exc}); choose another "
                             "folder with --out or --store") from exc
        except sqlite3.DatabaseError as exc:
            if "not a database" in str(exc).lower():
                raise StoreError(f"cannot open the store {self.path!r} ({exc}); is it a newsweave SQLite "
                                 "file?") from exc
            raise StoreError(_explain(self.path, exc)) from exc

    def _open_readonly(self) -> sqlite3.Connection:
        if not Path(self.path).is_file():
            raise StoreError(f"no store at {self.path!r}")
        uri = "file:" + quote(str(Path(self.path).resolve()))
        try:
            db = sqlite3.connect(uri + "?mode=ro", uri=True)
            db.execute("SELECT COUNT(*) FROM sqlite_master").fetchone()
        except sqlite3.OperationalError:
            # a WAL store in a read-only folder, closed cleanly (no -wal / -shm beside it): nothing writes it
            db = sqlite3.connect(uri + "?immutable=1", uri=True)
        version = int(db.execute("PRAGMA user_version").fetchone()[0])
        if version != len(MIGRATIONS):
            db.close()
            raise StoreError(
                f"the store {self.path!r} has schema version {version}, this newsweave reads {len(MIGRATIONS)}: "
                + ("upgrade newsweave" if version > len(MIGRATIONS) else
                   "run `newsweave run` on it once (with write access) to migrate it"))
        return db

    # -- lifecycle -----------------------------------------------------------------------------

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def schema_version(self) -> int:
        return int(self.db.execute("PRAGMA user_version").fetchone()[0])

    def _migrate(self) -> None:
        version = self.schema_version
        if version > len(MIGRATIONS):
            raise StoreError(
                f"the store {self.path!r} has schema version {version}, newer than this newsweave "
                f"({len(MIGRATIONS)}): upgrade newsweave"
            )
        for number, script in enumerate(MIGRATIONS[version:], start=version + 1):
            with self.db:
                self.db.executescript(f"BEGIN; {script}; PRAGMA user_version = {number}; COMMIT;")

    @contextmanager
    def transaction(self) -> Iterator[None]:
        try:
            with self.db:
                yield
        except sqlite3.Error as exc:
            raise StoreError(_explain(self.path, exc)) from exc

    # -- articles and analyses -----------------------------------------------------------------

    def has_analysis(self, article_id: str) -> bool:
        return self.db.execute("SELECT 1 FROM analyses WHERE article = ?", (article_id,)).fetchone() is not None

    def add_article(self, article: Article, analysis: Analysis) -> bool:
        """Store an article with its analysis; ``False`` (and nothing changes) if it was already there."""
        if self.has_analysis(article.id):
            return False
        with self.transaction():
            seq = self.db.execute("SELECT COALESCE(MAX(seq), 0) + 1 FROM articles").fetchone()[0]  # by index
            self.db.execute(
                "INSERT OR IGNORE INTO articles (id, path, url, outlet, title, published, language, author, text,"
                " removed, added_at, seq) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
                (article.id, article.path, article.url, article.outlet, article.title, article.published,
                 article.language, article.author, article.text, json.dumps(list(article.removed)), _now(), seq),
            )
            self.db.execute(
                "INSERT OR REPLACE INTO analyses (article, data) VALUES (?, ?)",
                (article.id, json.dumps(to_jsonable(analysis))),
            )
        return True

    def articles(self) -> list[Article]:
        """Every stored article (the whole table: an incremental run uses :meth:`articles_by_id`)."""
        return [article_of(r) for r in self.db.execute(f"SELECT {ARTICLE_COLUMNS} FROM articles ORDER BY seq")]

    def iter_articles(self) -> Iterator[Article]:
        """Every stored article, one at a time (for streaming exports)."""
        for row in self.db.execute(f"SELECT {ARTICLE_COLUMNS} FROM articles ORDER BY seq"):
            yield article_of(row)

    def ungrouped(self) -> list[tuple[Article, Analysis]]:
        """Stored articles (with their analyses) that no event holds yet, in the order they were added."""
        return self.pairs(self.ungrouped_ids())

    def analyses(self, ids: Iterable[str] | None = None) -> dict[str, Analysis]:
        """The analyses of ``ids`` (every stored one when ``None``)."""
        if ids is not None:
            return self.analyses_by_id(ids)
        rows = self.db.execute("SELECT article, data FROM analyses").fetchall()
        return {r[0]: from_jsonable(Analysis, json.loads(r[1])) for r in rows}

    def replace_analyses(self, analyses: Iterable[Analysis]) -> None:
        with self.transaction():
            self.db.executemany(
                "UPDATE analyses SET data = ? WHERE article = ?",
                [(json.dumps(to_jsonable(a)), a.article) for a in analyses],
            )

    def search(self, query: str, limit: int = 20, *, marks: tuple[str, str] = ("[", "]")) -> list[tuple[str, str]]:
        """Full-text search over titles and texts: ``(article id, snippet)`` best first, each hit in the snippet
        between ``marks``.  The query is words and "quoted phrases", all required (:func:`fts_query`)."""
        rows = self.db.execute(
            "SELECT a.id, snippet(article_search, 1, ?, ?, '…', 12) FROM article_search"
            " JOIN articles a ON a.rowid = article_search.rowid WHERE article_search MATCH ? ORDER BY rank LIMIT ?",
            (marks[0], marks[1], fts_query(query), max(1, min(int(limit), 1000))),
        ).fetchall()
        return [(r[0], r[1]) for r in rows]

    # -- grouping state ------------------------------------------------------------------------

    def add_profile(self, profile: Profile) -> None:
        self.add_profiles([profile])

    def add_profiles(self, profiles: Iterable[Profile]) -> None:
        """Store grouping profiles not stored yet (their keys counted), all in one transaction."""
        with self.transaction():
            self._insert_profiles(list(profiles))

    def profiles(self) -> list[Profile]:
        """Every stored profile, in vector-index order (the whole table)."""
        return [profile_of(*r) for r in self.db.execute("SELECT article, vector, features FROM profiles ORDER BY row")]

    def event_assignments(self) -> tuple[dict[str, str], dict[str, str]]:
        event_of = dict(self.db.execute("SELECT article, event FROM event_articles").fetchall())
        story_of = dict(self.db.execute("SELECT id, story FROM events").fetchall())
        return event_of, story_of

    def save_groups(self, events: Iterable[Event], stories: Iterable[Story]) -> None:
        with self.transaction():
            self.db.execute("DELETE FROM events")
            self.db.execute("DELETE FROM stories")
            self.db.execute("DELETE FROM event_articles")
            self._lower_watermark("event_articles")
            for ev in events:
                self.db.execute("INSERT INTO events (id, story, data) VALUES (?, ?, ?)",
                                (ev.id, ev.story, json.dumps(to_jsonable(ev))))
                self.db.executemany("INSERT INTO event_articles (article, event) VALUES (?, ?)",
                                    [(a, ev.id) for a in ev.articles])
            for st in stories:
                self.db.execute("INSERT INTO stories (id, title) VALUES (?, ?)", (st.id, st.title))

    def events(self) -> list[Event]:
        """The events, each with what the fuse stage made of it (when it has been fused)."""
        rows = self.db.execute("SELECT e.data, f.data FROM events e LEFT JOIN fusions f ON f.event = e.id"
                               " ORDER BY e.rowid")
        return [with_fusion(data, fused) for data, fused in rows]

    def fusion_keys(self) -> dict[str, str]:
        return dict(self.db.execute("SELECT event, key FROM fusions").fetchall())

    def save_fusions(self, fusions: Iterable[tuple[str, str, Fusion]], *, keep: Iterable[str]) -> None:
        """Store fused events (event id, key, fusion); drop the fusions of events not in ``keep``."""
        with self.transaction():
            self.drop_fusions(keep)
            self.db.executemany("INSERT OR REPLACE INTO fusions (event, key, data) VALUES (?, ?, ?)",
                                [(e, k, json.dumps(to_jsonable(f))) for e, k, f in fusions])

    def drop_fusions(self, keep: Iterable[str]) -> None:
        """Drop the fusions of events not in ``keep`` (events that no longer exist)."""
        keep = set(keep)
        stale = [e for e in self.fusion_keys() if e not in keep]
        with self.transaction():
            self.db.executemany("DELETE FROM fusions WHERE event = ?", [(e,) for e in stale])

    def save_fusion(self, event: str, key: str, fusion: Fusion) -> None:
        """Store one event's fusion (committed at once: a run killed later keeps it)."""
        with self.transaction():
            self.db.execute("INSERT OR REPLACE INTO fusions (event, key, data) VALUES (?, ?, ?)",
                            (event, key, json.dumps(to_jsonable(fusion))))

    def stories(self) -> list[Story]:
        by_story: dict[str, list[str]] = {}
        for ev in self.events():
            by_story.setdefault(ev.story, []).append(ev.id)
        rows = self.db.execute("SELECT id, title FROM stories ORDER BY rowid").fetchall()
        return [Story(r[0], r[1], tuple(by_story.get(r[0], ()))) for r in rows]

    # -- entities (the records and the linker's reads: store_entities) ---------------------------

    def unlinked(self) -> list[tuple[Article, Analysis]]:
        """Stored articles whose mentions have not been linked to entities yet, in the order they came."""
        return self.pairs(self.unlinked_ids())

    def save_links(self, analyses: Sequence[Analysis], entities: Iterable[EntityUpdate]) -> None:
        """Linked analyses and what they changed of entities (summaries, new citations and keys), in one
        transaction."""
        with self.transaction():
            self.db.executemany("UPDATE analyses SET data = ? WHERE article = ?",
                                [(json.dumps(to_jsonable(a)), a.article) for a in analyses])
            self._write_entities(entities)
            self.db.executemany("INSERT OR IGNORE INTO linked (article) VALUES (?)", [(a.article,) for a in analyses])

    # -- provenance ------------------------------------------------------------------------------

    def save_provenance(self, records: Iterable[Provenance]) -> None:
        """Replace the provenance of every article (labels depend on the whole corpus)."""
        with self.transaction():
            self.db.execute("DELETE FROM provenance")
            self._lower_watermark("provenance")
            self.db.executemany("INSERT INTO provenance (article, data) VALUES (?, ?)",
                                [(p.article, json.dumps(to_jsonable(p))) for p in records])

    def provenance(self) -> list[Provenance]:
        return [from_jsonable(Provenance, json.loads(r[0])) for r in self.db.execute("SELECT data FROM provenance")]

    def unassessed(self) -> int:
        """How many stored articles have no provenance yet."""
        row = self.db.execute("SELECT COUNT(*) FROM articles WHERE id NOT IN (SELECT article FROM provenance)")
        return int(row.fetchone()[0])

    # -- failures and cleaning statistics -----------------------------------------------------

    def add_failures(self, failures: Iterable[Failure], *, replacing: Iterable[str] = (),
                     replacing_under: Iterable[str] = ()) -> None:
        """Record failures; the earlier failures of the paths in ``replacing``, and of every path under the
        folders in ``replacing_under`` (read again now), are dropped."""
        with self.transaction():
            self.db.executemany("DELETE FROM failures WHERE path = ?", [(p,) for p in replacing])
            self.db.executemany("DELETE FROM failures WHERE path = ? OR substr(path, 1, length(?) + 1) = ? || '/'",
                                [(p, p.rstrip("/"), p.rstrip("/")) for p in replacing_under])
            self.db.executemany(
                "INSERT OR REPLACE INTO failures (path, item, reason, at) VALUES (?, ?, ?, ?)",
                [(f.path, f.item or "", f.reason, _now()) for f in failures],
            )

    def failures(self) -> list[Failure]:
        rows = self.db.execute("SELECT path, item, reason FROM failures ORDER BY path, item").fetchall()
        return [Failure(r[0], r[2], r[1] or None) for r in rows]

    def line_stats(self) -> dict[str, int]:
        return dict(self.db.execute("SELECT key, docs FROM line_stats").fetchall())

    def counted_documents(self, docs: Iterable[str]) -> set[str]:
        """Which of ``docs`` the line statistics already count."""
        wanted = list(docs)
        found: set[str] = set()
        for i in range(0, len(wanted), 500):
            chunk = wanted[i:i + 500]
            rows = self.db.execute(f"SELECT doc FROM line_docs WHERE doc IN ({','.join('?' * len(chunk))})", chunk)
            found.update(r[0] for r in rows)
        return found

    def add_line_stats(self, documents: Mapping[str, Iterable[str]]) -> None:
        """Count the short lines of each document (id → its line keys) not counted yet, in one transaction."""
        with self.transaction():
            counts: dict[str, int] = {}
            for doc, keys in documents.items():
                if self.db.execute("INSERT OR IGNORE INTO line_docs (doc) VALUES (?)", (doc,)).rowcount:
                    for key in keys:
                        counts[key] = counts.get(key, 0) + 1
            self.db.executemany(
                "INSERT INTO line_stats (key, docs) VALUES (?, ?)"
                " ON CONFLICT(key) DO UPDATE SET docs = docs + excluded.docs",
                list(counts.items()),
            )

    # -- the whole account ---------------------------------------------------------------------

    def account(self, failures: Iterable[Failure] | None = None) -> Account:
        analyses = self.analyses()
        articles = self.articles()
        return Account(
            articles=tuple(articles),
            analyses=tuple(analyses[a.id] for a in articles if a.id in analyses),
            events=tuple(self.events()),
            stories=tuple(self.stories()),
            entities=tuple(self.entities()),
            failures=tuple(self.failures() if failures is None else failures),
            provenance=tuple(self.provenance()),
        )


for _name, _member in [*vars(EntityQueries).items(), *vars(Queries).items(), *vars(Store).items()]:
    if callable(_member) and not _name.startswith("_") and _name != "transaction":
        setattr(Store, _name, _translated(_member))
