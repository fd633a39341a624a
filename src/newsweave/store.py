"""Store: SQLite as newsweave's application file.

Ids are content hashes, so writing the same article twice is a no-op; each article is committed with
its analysis in one transaction, so an interrupted run loses at most the article in flight and the
next run resumes where it stopped.  The schema is versioned (``PRAGMA user_version``) and migrated
forward on open.  Article text is indexed with FTS5 for search.
"""

from __future__ import annotations

import dataclasses
import json
import sqlite3
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

import numpy as np

from .errors import StoreError
from .fuse import Fusion
from .group import Profile
from .model import (
    Account,
    Analysis,
    Article,
    Entity,
    Event,
    Failure,
    LinkState,
    Provenance,
    Story,
    from_jsonable,
    to_jsonable,
)

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
)


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


class Store:
    """A newsweave store in one SQLite file (``":memory:"`` for a throw-away one)."""

    def __init__(self, path: str | Path = ":memory:") -> None:
        self.path = str(path)
        if self.path != ":memory:":
            Path(self.path).parent.mkdir(parents=True, exist_ok=True)
        try:
            self.db = sqlite3.connect(self.path)
            self.db.execute("PRAGMA foreign_keys = ON")
            self.db.execute("PRAGMA journal_mode = WAL" if self.path != ":memory:" else "PRAGMA journal_mode = MEMORY")
            self._migrate()
        except sqlite3.DatabaseError as exc:
            raise StoreError(f"cannot open the store {self.path!r} ({exc}); is it a newsweave SQLite file?") from exc

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
            raise StoreError(f"writing to the store {self.path!r} failed ({exc})") from exc

    # -- articles and analyses -----------------------------------------------------------------

    def has_analysis(self, article_id: str) -> bool:
        return self.db.execute("SELECT 1 FROM analyses WHERE article = ?", (article_id,)).fetchone() is not None

    def add_article(self, article: Article, analysis: Analysis) -> bool:
        """Store an article with its analysis; ``False`` (and nothing changes) if it was already there."""
        if self.has_analysis(article.id):
            return False
        with self.transaction():
            seq = self.db.execute("SELECT COALESCE(MAX(seq), 0) + 1 FROM articles").fetchone()[0]
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
        rows = self.db.execute(
            "SELECT id, path, url, outlet, title, published, language, author, text, removed FROM articles ORDER BY seq"
        ).fetchall()
        return [
            Article(id=r[0], path=r[1], url=r[2], outlet=r[3], title=r[4], published=r[5], language=r[6],
                    author=r[7], text=r[8], removed=tuple(json.loads(r[9])))
            for r in rows
        ]

    def ungrouped(self) -> list[tuple[Article, Analysis]]:
        """Stored articles (with their analyses) that no event holds yet, in the order they were added."""
        pending = {r[0] for r in self.db.execute(
            "SELECT id FROM articles WHERE id NOT IN (SELECT article FROM event_articles)")}
        if not pending:
            return []
        analyses = self.analyses()
        return [(a, analyses[a.id]) for a in self.articles() if a.id in pending and a.id in analyses]

    def analyses(self) -> dict[str, Analysis]:
        rows = self.db.execute("SELECT article, data FROM analyses").fetchall()
        return {r[0]: from_jsonable(Analysis, json.loads(r[1])) for r in rows}

    def replace_analyses(self, analyses: Iterable[Analysis]) -> None:
        with self.transaction():
            self.db.executemany(
                "UPDATE analyses SET data = ? WHERE article = ?",
                [(json.dumps(to_jsonable(a)), a.article) for a in analyses],
            )

    def search(self, query: str, limit: int = 20) -> list[tuple[str, str]]:
        """Full-text search over titles and texts: ``(article id, snippet)`` best first."""
        rows = self.db.execute(
            "SELECT a.id, snippet(article_search, 1, '[', ']', '…', 12) FROM article_search"
            " JOIN articles a ON a.rowid = article_search.rowid WHERE article_search MATCH ? ORDER BY rank LIMIT ?",
            (query, limit),
        ).fetchall()
        return [(r[0], r[1]) for r in rows]

    # -- grouping state ------------------------------------------------------------------------

    def add_profile(self, profile: Profile) -> None:
        features = {"actors": profile.actors, "places": profile.places, "dates": profile.dates,
                    "published": profile.published, "lead_places": sorted(profile.lead_places),
                    "lead_dates": sorted(profile.lead_dates), "terms": profile.terms, "figures": profile.figures}
        with self.transaction():
            self.db.execute(
                "INSERT OR REPLACE INTO profiles (article, vector, features) VALUES (?, ?, ?)",
                (profile.article, np.asarray(profile.vector, dtype=np.float32).tobytes(), json.dumps(features)),
            )

    def profiles(self) -> list[Profile]:
        out = []
        for article, blob, features in self.db.execute("SELECT article, vector, features FROM profiles"):
            f = json.loads(features)
            out.append(Profile(article, np.frombuffer(blob, dtype=np.float32), f["actors"], f["places"], f["dates"],
                               f["published"], frozenset(f.get("lead_places", ())),
                               frozenset(f.get("lead_dates", ())), f.get("terms", {}), f.get("figures", {})))
        return out

    def event_assignments(self) -> tuple[dict[str, str], dict[str, str]]:
        event_of = dict(self.db.execute("SELECT article, event FROM event_articles").fetchall())
        story_of = dict(self.db.execute("SELECT id, story FROM events").fetchall())
        return event_of, story_of

    def save_groups(self, events: Iterable[Event], stories: Iterable[Story]) -> None:
        with self.transaction():
            self.db.execute("DELETE FROM events")
            self.db.execute("DELETE FROM stories")
            self.db.execute("DELETE FROM event_articles")
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
        out = []
        for data, fused in rows:
            event = from_jsonable(Event, json.loads(data))
            if fused is not None:
                fusion = from_jsonable(Fusion, json.loads(fused))
                event = dataclasses.replace(event, **{f.name: getattr(fusion, f.name)
                                                      for f in dataclasses.fields(Fusion)})
            out.append(event)
        return out

    def fusion_keys(self) -> dict[str, str]:
        return dict(self.db.execute("SELECT event, key FROM fusions").fetchall())

    def save_fusions(self, fusions: Iterable[tuple[str, str, Fusion]], *, keep: Iterable[str]) -> None:
        """Store fused events (event id, key, fusion); drop the fusions of events not in ``keep``."""
        with self.transaction():
            keep = set(keep)
            stale = [e for e in self.fusion_keys() if e not in keep]
            self.db.executemany("DELETE FROM fusions WHERE event = ?", [(e,) for e in stale])
            self.db.executemany("INSERT OR REPLACE INTO fusions (event, key, data) VALUES (?, ?, ?)",
                                [(e, k, json.dumps(to_jsonable(f))) for e, k, f in fusions])

    def stories(self) -> list[Story]:
        by_story: dict[str, list[str]] = {}
        for ev in self.events():
            by_story.setdefault(ev.story, []).append(ev.id)
        rows = self.db.execute("SELECT id, title FROM stories ORDER BY rowid").fetchall()
        return [Story(r[0], r[1], tuple(by_story.get(r[0], ()))) for r in rows]

    # -- entities ------------------------------------------------------------------------------

    def save_entities(self, entities: Iterable[tuple[Entity, LinkState, Sequence[str]]]) -> None:
        """Insert or update entities with the linker's state and the keys that lead to them."""
        with self.transaction():
            self._write_entities(entities)

    def _write_entities(self, entities: Iterable[tuple[Entity, LinkState, Sequence[str]]]) -> None:
        for entity, state, keys in entities:
            self.db.execute(
                "INSERT INTO entities (id, name, kind, data, state) VALUES (?, ?, ?, ?, ?)"
                " ON CONFLICT(id) DO UPDATE SET name = excluded.name, kind = excluded.kind,"
                " data = excluded.data, state = excluded.state",
                (entity.id, entity.name, entity.kind.value, json.dumps(to_jsonable(entity)),
                 json.dumps(to_jsonable(state))),
            )
            self.db.executemany("INSERT OR REPLACE INTO entity_keys (key, entity) VALUES (?, ?)",
                                [(k, entity.id) for k in keys])

    def entities(self) -> list[Entity]:
        rows = self.db.execute("SELECT data FROM entities")
        entities = [from_jsonable(Entity, json.loads(r[0])) for r in rows]
        entities.sort(key=lambda e: (-len(e.mentions), e.name))
        return entities

    def entity_index(self) -> list[tuple[Entity, LinkState, list[str]]]:
        """Every stored entity with its linker state and keys, to resume linking."""
        keys: dict[str, list[str]] = {}
        for key, entity in self.db.execute("SELECT key, entity FROM entity_keys"):
            keys.setdefault(entity, []).append(key)
        rows = self.db.execute("SELECT id, data, state FROM entities").fetchall()
        return [(from_jsonable(Entity, json.loads(d)), from_jsonable(LinkState, json.loads(st)), keys.get(i, []))
                for i, d, st in rows]

    def unlinked(self) -> list[tuple[Article, Analysis]]:
        """Stored articles whose mentions have not been linked to entities yet, in the order they came."""
        done = {r[0] for r in self.db.execute("SELECT article FROM linked")}
        analyses = self.analyses()
        return [(a, analyses[a.id]) for a in self.articles() if a.id not in done and a.id in analyses]

    def save_links(self, analyses: Sequence[Analysis],
                   entities: Iterable[tuple[Entity, LinkState, Sequence[str]]]) -> None:
        """Linked analyses and the entities they changed, in one transaction."""
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
            self.db.executemany("INSERT INTO provenance (article, data) VALUES (?, ?)",
                                [(p.article, json.dumps(to_jsonable(p))) for p in records])

    def provenance(self) -> list[Provenance]:
        return [from_jsonable(Provenance, json.loads(r[0])) for r in self.db.execute("SELECT data FROM provenance")]

    def unassessed(self) -> int:
        """How many stored articles have no provenance yet."""
        row = self.db.execute("SELECT COUNT(*) FROM articles WHERE id NOT IN (SELECT article FROM provenance)")
        return int(row.fetchone()[0])

    # -- failures and cleaning statistics -----------------------------------------------------

    def add_failures(self, failures: Iterable[Failure], *, replacing: Iterable[str] = ()) -> None:
        """Record failures; the earlier failures of the paths in ``replacing`` (read again now) are dropped."""
        with self.transaction():
            self.db.executemany("DELETE FROM failures WHERE path = ?", [(p,) for p in replacing])
            self.db.executemany(
                "INSERT OR REPLACE INTO failures (path, item, reason, at) VALUES (?, ?, ?, ?)",
                [(f.path, f.item or "", f.reason, _now()) for f in failures],
            )

    def failures(self) -> list[Failure]:
        rows = self.db.execute("SELECT path, item, reason FROM failures ORDER BY path, item").fetchall()
        return [Failure(r[0], r[2], r[1] or None) for r in rows]

    def line_stats(self) -> dict[str, int]:
        return dict(self.db.execute("SELECT key, docs FROM line_stats").fetchall())

    def add_line_stats(self, counts: Mapping[str, int]) -> None:
        with self.transaction():
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
