"""Entities in the store: a small summary record per entity, its citations in their own tables.

An entity's row holds what does not grow with the corpus — name, kind, aliases, the texts of its titles, its
known actor and affiliations, the linker's state (:class:`~newsweave.model.LinkState`).  Its mentions and the
citations of its titles are rows of ``entity_mentions`` and ``entity_titles``, appended by each run in the
order they were linked, so a run that adds one mention to an entity mentioned 40,000 times writes one row and
the small summary, not the 40,000 citations again.

The linker reads through the indexes (:class:`EntityQueries` answers :class:`newsweave.linker.EntityIndex`):
the entity a key names, the multi-word keys of a first word, the people of a surname (blocked by initial and
length, the caller decides which are the same surname), and the summaries of the entities it touches.

These methods are mixed into :class:`~newsweave.store.Store`; :func:`read_entities` and its helpers also serve
the web reader.  This module imports no stage, like the store.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass, replace
from typing import Any

from .model import Citation, Entity, LinkState, Title, from_jsonable, to_jsonable

ENTITY_TABLES = """
    CREATE TABLE entity_mentions (entity TEXT NOT NULL, article TEXT NOT NULL, start INTEGER NOT NULL,
                                  stop INTEGER NOT NULL);
    CREATE INDEX entity_mentions_entity ON entity_mentions(entity, article);
    CREATE TABLE entity_titles (entity TEXT NOT NULL, title TEXT NOT NULL, article TEXT NOT NULL,
                                start INTEGER NOT NULL, stop INTEGER NOT NULL);
    CREATE INDEX entity_titles_entity ON entity_titles(entity, title);
    CREATE TABLE entity_surnames (initial TEXT NOT NULL, size INTEGER NOT NULL, last TEXT NOT NULL,
                                  entity TEXT NOT NULL, PRIMARY KEY (last, entity));
    CREATE INDEX entity_surnames_block ON entity_surnames(initial, size);
"""

MIGRATION = ENTITY_TABLES + """
    INSERT INTO entity_mentions (entity, article, start, stop)
        SELECT e.id, json_extract(m.value, '$.article'), json_extract(m.value, '$.start'),
               json_extract(m.value, '$.end')
        FROM entities e, json_each(e.data, '$.mentions') m ORDER BY e.rowid, m.key;
    INSERT INTO entity_titles (entity, title, article, start, stop)
        SELECT e.id, json_extract(t.value, '$.text'), json_extract(c.value, '$.article'),
               json_extract(c.value, '$.start'), json_extract(c.value, '$.end')
        FROM entities e, json_each(e.data, '$.titles') t, json_each(t.value, '$.citations') c
        ORDER BY e.rowid, t.key, c.key;
    UPDATE entities SET data = json_set(data, '$.mentions', json('[]'), '$.titles',
        (SELECT json_group_array(json_object('text', json_extract(t.value, '$.text'), 'citations', json('[]')))
         FROM json_each(entities.data, '$.titles') t));
    INSERT OR IGNORE INTO entity_surnames (initial, size, last, entity)
        SELECT substr(l, 1, 1), length(l), l, id FROM (SELECT id, json_extract(state, '$.last') AS l FROM entities)
        WHERE l IS NOT NULL AND l != '';
"""
"""Schema 8: an entity's mentions and title citations out of its record (each moved, in order), its surname
indexed."""

CHUNK = 500


@dataclass(frozen=True, slots=True)
class EntityUpdate:
    """What one run changed of an entity: ``entity`` is its summary with only the *new* citations (``mentions``
    and each title's ``citations``; every title text it has), ``state`` the linker's state, ``keys`` the keys
    that lead to it, new to the store."""

    entity: Entity
    state: LinkState
    keys: tuple[str, ...] = ()


def _chunks(items: Sequence[str]) -> Iterator[Sequence[str]]:
    for i in range(0, len(items), CHUNK):
        yield items[i:i + CHUNK]


def _marks(chunk: Sequence[Any]) -> str:
    return ",".join("?" * len(chunk))


def read_entities(db: sqlite3.Connection, ids: Iterable[str] | None = None,
                  articles: Iterable[str] | None = None) -> dict[str, Entity]:
    """Complete entities (every mention and title citation, in the order linked) of ``ids`` (all when None).

    With ``articles``, only the citations in those articles (through the index: an event's view of an entity
    mentioned 40,000 times reads its few mentions there); the titles keep the entity's order."""
    if articles is not None:
        assert ids is not None, "citations within articles are read for given entities"
        return _within(db, list(dict.fromkeys(ids)), list(dict.fromkeys(articles)))
    if ids is None:
        return _assemble(db.execute("SELECT id, data FROM entities").fetchall(),
                         db.execute("SELECT entity, article, start, stop FROM entity_mentions ORDER BY rowid"),
                         db.execute("SELECT entity, title, article, start, stop FROM entity_titles ORDER BY rowid"))
    out: dict[str, Entity] = {}
    for chunk in _chunks(list(dict.fromkeys(ids))):
        marks = _marks(chunk)
        out.update(_assemble(
            db.execute(f"SELECT id, data FROM entities WHERE id IN ({marks})", chunk).fetchall(),
            db.execute(f"SELECT entity, article, start, stop FROM entity_mentions WHERE entity IN ({marks})"
                       " ORDER BY rowid", chunk),
            db.execute(f"SELECT entity, title, article, start, stop FROM entity_titles WHERE entity IN ({marks})"
                       " ORDER BY rowid", chunk)))
    return out


def _assemble(rows: Sequence[Any], mention_rows: Iterable[Any], title_rows: Iterable[Any]) -> dict[str, Entity]:
    mentions: dict[str, list[Citation]] = {}
    for entity, article, start, stop in mention_rows:
        mentions.setdefault(entity, []).append(Citation(article, start, stop))
    titles: dict[str, dict[str, list[Citation]]] = {}
    for entity, title, article, start, stop in title_rows:
        titles.setdefault(entity, {}).setdefault(title, []).append(Citation(article, start, stop))
    out: dict[str, Entity] = {}
    for entity_id, data in rows:
        summary = from_jsonable(Entity, json.loads(data))
        cited = titles.get(entity_id, {})
        out[entity_id] = replace(summary, mentions=tuple(mentions.get(entity_id, ())), titles=ordered_titles(
            {t.text: cited.get(t.text, []) for t in summary.titles}))
    return out


def _within(db: sqlite3.Connection, ids: Sequence[str], articles: Sequence[str]) -> dict[str, Entity]:
    out: dict[str, Entity] = {}
    for entity_id, data in (r for chunk in _chunks(ids) for r in db.execute(
            f"SELECT id, data FROM entities WHERE id IN ({_marks(chunk)})", chunk)):
        mention_rows: list[Any] = []
        title_rows: list[Any] = []
        for part in _chunks(articles):
            marks = _marks(part)
            mention_rows += db.execute("SELECT rowid, article, start, stop FROM entity_mentions WHERE entity = ?"
                                       f" AND article IN ({marks})", (entity_id, *part)).fetchall()
            title_rows += db.execute("SELECT rowid, title, article, start, stop FROM entity_titles WHERE entity = ?"
                                     f" AND article IN ({marks})", (entity_id, *part)).fetchall()
        mentions = [Citation(a, s, e) for _, a, s, e in sorted(mention_rows)]  # in the order linked
        cited: dict[str, list[Citation]] = {}
        for _, title, a, s, e in sorted(title_rows):
            cited.setdefault(title, []).append(Citation(a, s, e))
        counts = dict(db.execute("SELECT title, COUNT(*) FROM entity_titles WHERE entity = ? GROUP BY title",
                                 (entity_id,)).fetchall())
        summary: Entity = from_jsonable(Entity, json.loads(data))
        texts = sorted((t.text for t in summary.titles), key=lambda t: (-counts.get(t, 0), t))
        out[entity_id] = replace(summary, mentions=tuple(mentions),
                                 titles=tuple(Title(t, tuple(cited.get(t, ()))) for t in texts))
    return out


def ordered_titles(titles: dict[str, list[Citation]]) -> tuple[Title, ...]:
    """Titles most cited first, then alphabetically (as :class:`~newsweave.model.Entity` lists them)."""
    return tuple(Title(text, tuple(cites))
                 for text, cites in sorted(titles.items(), key=lambda kv: (-len(kv[1]), kv[0])))


def entity_summary(db: sqlite3.Connection, entity_id: str, *, title_citations: int = 10) -> Entity | None:
    """An entity without its mentions (see :func:`mention_page`), each title with its first citations."""
    row = db.execute("SELECT data FROM entities WHERE id = ?", (entity_id,)).fetchone()
    if row is None:
        return None
    summary: Entity = from_jsonable(Entity, json.loads(row[0]))
    counts = dict(db.execute("SELECT title, COUNT(*) FROM entity_titles WHERE entity = ? GROUP BY title",
                             (entity_id,)).fetchall())
    first: dict[str, list[Citation]] = {}
    for title, article, start, stop in db.execute(
            "SELECT title, article, start, stop FROM (SELECT title, article, start, stop, rowid AS r, ROW_NUMBER()"
            " OVER (PARTITION BY title ORDER BY rowid) AS n FROM entity_titles WHERE entity = ?) WHERE n <= ?"
            " ORDER BY r", (entity_id, title_citations)):
        first.setdefault(title, []).append(Citation(article, start, stop))
    texts = sorted((t.text for t in summary.titles), key=lambda t: (-counts.get(t, 0), t))
    return replace(summary, titles=tuple(Title(t, tuple(first.get(t, ()))) for t in texts))


def mention_count(db: sqlite3.Connection, entity_id: str) -> int:
    return int(db.execute("SELECT COUNT(*) FROM entity_mentions WHERE entity = ?", (entity_id,)).fetchone()[0])


def mention_page(db: sqlite3.Connection, entity_id: str, offset: int, limit: int) -> list[Citation]:
    """An entity's mentions ``offset`` to ``offset + limit``, in the order they were linked."""
    rows = db.execute("SELECT article, start, stop FROM entity_mentions WHERE entity = ? ORDER BY rowid"
                      " LIMIT ? OFFSET ?", (entity_id, limit, offset))
    return [Citation(a, s, e) for a, s, e in rows]


def recent_articles(db: sqlite3.Connection, entity_id: str, limit: int) -> list[str]:
    """The articles that mention an entity, the most recently linked mention first, at most ``limit``."""
    rows = db.execute("SELECT article FROM entity_mentions WHERE entity = ? GROUP BY article ORDER BY MAX(rowid) DESC"
                      " LIMIT ?", (entity_id, limit))
    return [r[0] for r in rows]


class EntityQueries:
    """Entities in the store (mixed into :class:`~newsweave.store.Store`); answers the linker's
    :class:`~newsweave.linker.EntityIndex`."""

    db: sqlite3.Connection

    def transaction(self) -> AbstractContextManager[None]:  # provided by Store
        raise NotImplementedError

    # -- complete records --------------------------------------------------------------------------

    def entities(self) -> list[Entity]:
        """Every entity, complete, most mentioned first (the whole tables)."""
        entities = list(read_entities(self.db).values())
        entities.sort(key=lambda e: (-len(e.mentions), e.name))
        return entities

    def entities_by_id(self, ids: Iterable[str], articles: Iterable[str] | None = None) -> dict[str, Entity]:
        """The entities of ``ids``, complete (every mention and title citation); with ``articles``, only their
        citations in those articles (what fusing an event needs)."""
        return read_entities(self.db, ids, articles)

    def entity_ids(self) -> list[str]:
        return [r[0] for r in self.db.execute("SELECT id FROM entities ORDER BY rowid")]

    def mention_count(self, entity_id: str) -> int:
        return mention_count(self.db, entity_id)

    def mention_page(self, entity_id: str, offset: int, limit: int) -> list[Citation]:
        return mention_page(self.db, entity_id, offset, limit)

    # -- what the linker reads (newsweave.linker.EntityIndex) ----------------------------------------------

    def entity_keys(self, keys: Iterable[str]) -> dict[str, str]:
        """key → the entity it leads to, for the keys the store knows."""
        out: dict[str, str] = {}
        for chunk in _chunks(list(dict.fromkeys(keys))):
            out.update(self.db.execute(f"SELECT key, entity FROM entity_keys WHERE key IN ({_marks(chunk)})",
                                       chunk).fetchall())
        return out

    def keys_starting(self, prefix: str) -> list[str]:
        """The stored keys that begin with ``prefix`` (a range of the key index)."""
        if not prefix:
            return [r[0] for r in self.db.execute("SELECT key FROM entity_keys ORDER BY key")]
        after = prefix[:-1] + chr(ord(prefix[-1]) + 1)
        return [r[0] for r in self.db.execute("SELECT key FROM entity_keys WHERE key >= ? AND key < ? ORDER BY key",
                                              (prefix, after))]

    def surnames(self, initial: str, shortest: int, longest: int) -> list[tuple[str, str]]:
        """(surname, entity) of the people whose surname begins with ``initial`` and is ``shortest`` to
        ``longest`` characters long."""
        return [(r[0], r[1]) for r in self.db.execute(
            "SELECT last, entity FROM entity_surnames WHERE initial = ? AND size BETWEEN ? AND ?",
            (initial, shortest, longest))]

    def entity_states(self, ids: Iterable[str]) -> dict[str, tuple[Entity, LinkState]]:
        """The summaries (no citations; every title text) and linker states of the entities of ``ids``."""
        out: dict[str, tuple[Entity, LinkState]] = {}
        for chunk in _chunks(list(dict.fromkeys(ids))):
            for i, data, state in self.db.execute(f"SELECT id, data, state FROM entities WHERE id IN ({_marks(chunk)})",
                                                  chunk):
                out[i] = (from_jsonable(Entity, json.loads(data)), from_jsonable(LinkState, json.loads(state)))
        return out

    # -- writing -------------------------------------------------------------------------------------

    def _write_entities(self, updates: Iterable[EntityUpdate]) -> None:
        """Each entity's summary (replaced) and its new citations, keys and surname (appended)."""
        for update in updates:
            entity, state = update.entity, update.state
            summary = replace(entity, mentions=(), titles=tuple(Title(t.text) for t in entity.titles))
            self.db.execute(
                "INSERT INTO entities (id, name, kind, data, state) VALUES (?, ?, ?, ?, ?)"
                " ON CONFLICT(id) DO UPDATE SET name = excluded.name, kind = excluded.kind,"
                " data = excluded.data, state = excluded.state",
                (entity.id, entity.name, entity.kind.value, json.dumps(to_jsonable(summary)),
                 json.dumps(to_jsonable(state))))
            self.db.executemany("INSERT INTO entity_mentions (entity, article, start, stop) VALUES (?, ?, ?, ?)",
                                [(entity.id, c.article, c.start, c.end) for c in entity.mentions])
            self.db.executemany("INSERT INTO entity_titles (entity, title, article, start, stop)"
                                " VALUES (?, ?, ?, ?, ?)",
                                [(entity.id, t.text, c.article, c.start, c.end) for t in entity.titles
                                 for c in t.citations])
            self.db.executemany("INSERT OR IGNORE INTO entity_keys (key, entity) VALUES (?, ?)",
                                [(k, entity.id) for k in update.keys])
            if state.last:
                self.db.execute("INSERT OR IGNORE INTO entity_surnames (initial, size, last, entity)"
                                " VALUES (?, ?, ?, ?)", (state.last[:1], len(state.last), state.last, entity.id))

    def save_entities(self, updates: Iterable[EntityUpdate]) -> None:
        """Write what runs changed of entities (see :class:`EntityUpdate`), in one transaction."""
        with self.transaction():
            self._write_entities(updates)
