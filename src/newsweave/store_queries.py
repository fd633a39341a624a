"""Store queries by id and event: what an incremental run reads and writes instead of whole tables.

A run that adds a few articles to a large store reads the new articles' analyses, the profiles of the events
near them, the key counts of their words, the LSH buckets their text falls in and the events they touch — all
through the indexes — and writes back only what changed, each stage in one transaction.  These methods are
mixed into :class:`~newsweave.store.Store` (this module imports no stage, like the store).
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import AbstractContextManager
from typing import Any, TypeVar

import numpy as np
from numpy.typing import NDArray

from .model import Analysis, Article, Event, Fusion, Profile, Provenance, Story, from_jsonable, to_jsonable

BAG_KINDS = ("actors", "places", "terms", "figures")
"""The bags of a profile whose keys the store counts (how many stored articles use each key)."""

CHUNK = 500  # ids per ``IN (...)`` query (SQLite's limit on variables is far above)

T = TypeVar("T")


def chunks(items: Sequence[T], size: int = CHUNK) -> Iterator[Sequence[T]]:
    for i in range(0, len(items), size):
        yield items[i:i + size]


def article_of(row: Sequence[Any]) -> Article:
    return Article(id=row[0], path=row[1], url=row[2], outlet=row[3], title=row[4], published=row[5],
                   language=row[6], author=row[7], text=row[8], removed=tuple(json.loads(row[9])))


def profile_of(article: str, blob: bytes, features: str) -> Profile:
    f = json.loads(features)
    return Profile(article, np.frombuffer(blob, dtype=np.float32), f["actors"], f["places"], f["dates"],
                   f["published"], frozenset(f.get("lead_places", ())), frozenset(f.get("lead_dates", ())),
                   f.get("terms", {}), f.get("figures", {}))


def profile_row(p: Profile) -> tuple[str, bytes, str]:
    features = {"actors": p.actors, "places": p.places, "dates": p.dates, "published": p.published,
                "lead_places": sorted(p.lead_places), "lead_dates": sorted(p.lead_dates), "terms": p.terms,
                "figures": p.figures}
    return p.article, np.asarray(p.vector, dtype=np.float32).tobytes(), json.dumps(features)


ARTICLE_COLUMNS = "id, path, url, outlet, title, published, language, author, text, removed"


class Queries:
    """Queries by id and event (mixed into :class:`~newsweave.store.Store`)."""

    db: sqlite3.Connection

    def transaction(self) -> AbstractContextManager[None]:  # provided by Store
        raise NotImplementedError

    # -- helpers -----------------------------------------------------------------------------------

    def _rows(self, sql: str, ids: Iterable[str], *params: Any) -> list[Any]:
        """``sql`` (with ``{ids}`` where the placeholders go) run over the ids, a chunk at a time."""
        wanted = list(dict.fromkeys(ids))
        out: list[Any] = []
        for chunk in chunks(wanted):
            out += self.db.execute(sql.format(ids=",".join("?" * len(chunk))), (*params, *chunk)).fetchall()
        return out

    # -- articles and analyses by id ----------------------------------------------------------------

    def articles_by_id(self, ids: Iterable[str]) -> dict[str, Article]:
        """The stored articles of ``ids`` (those that exist), in the order they were stored."""
        rows = self._rows(f"SELECT {ARTICLE_COLUMNS}, seq FROM articles WHERE id IN ({{ids}})", ids)
        return {r[0]: article_of(r) for r in sorted(rows, key=lambda r: r[10])}

    def analyses_by_id(self, ids: Iterable[str]) -> dict[str, Analysis]:
        rows = self._rows("SELECT article, data FROM analyses WHERE article IN ({ids})", ids)
        return {r[0]: from_jsonable(Analysis, json.loads(r[1])) for r in rows}

    def pairs(self, ids: Iterable[str]) -> list[tuple[Article, Analysis]]:
        """``(article, analysis)`` of the ids that have both, in the order they were stored."""
        articles = self.articles_by_id(ids)
        analyses = self.analyses_by_id(articles)
        return [(a, analyses[i]) for i, a in articles.items() if i in analyses]

    def ungrouped_ids(self) -> list[str]:
        """Analysed articles no event holds yet, in the order they were stored (see :meth:`_pending`)."""
        return self._pending("event_articles")

    def unlinked_ids(self) -> list[str]:
        return self._pending("linked")

    def unassessed_ids(self) -> list[str]:
        return self._pending("provenance")

    def _pending(self, table: str) -> list[str]:
        """Analysed articles with no row in ``table`` (a stage's record of the articles it has done), in the order
        stored, reading only the articles stored after the stage's *watermark*: the ``seq`` up to which every
        article has its row (``meta`` key ``done:<table>``).  A store that grows by a few articles a run then
        answers in O(new) instead of scanning every article; whatever deletes rows of ``table`` lowers the
        watermark (:meth:`_lower_watermark`)."""
        key = f"done:{table}"
        mark = int(self.meta(key) or 0)
        rows = self.db.execute(f"SELECT a.id, a.seq FROM articles a JOIN analyses n ON n.article = a.id"
                               f" LEFT JOIN {table} t ON t.article = a.id WHERE a.seq > ? AND t.article IS NULL"
                               " ORDER BY a.seq", (mark,)).fetchall()
        last = int(self.db.execute("SELECT COALESCE(MAX(seq), 0) FROM articles").fetchone()[0])
        done = rows[0][1] - 1 if rows else last
        if done != mark and not getattr(self, "readonly", False):
            self.set_meta(key, done)
        return [r[0] for r in rows]

    def _lower_watermark(self, table: str, articles: Iterable[str] | None = None) -> None:
        """Rows of ``table`` were deleted for ``articles`` (all of them when None): the stage's watermark goes back
        below the earliest of those that no longer has its row, so that :meth:`_pending` finds them again.  Runs
        inside the caller's transaction."""
        key = f"done:{table}"
        if articles is None:
            self.db.execute("DELETE FROM meta WHERE key = ?", (key,))
            return
        lost = self._rows(f"SELECT MIN(a.seq) FROM articles a LEFT JOIN {table} t ON t.article = a.id"
                          " WHERE a.id IN ({ids}) AND t.article IS NULL", articles)
        lowest = min((r[0] for r in lost if r[0] is not None), default=None)
        if lowest is not None:
            self.db.execute("UPDATE meta SET value = MIN(CAST(value AS INTEGER), ?) WHERE key = ?", (lowest - 1, key))

    def article_count(self) -> int:
        return int(self.db.execute("SELECT COUNT(*) FROM articles").fetchone()[0])

    def seq_of(self, ids: Iterable[str]) -> dict[str, int]:
        return dict(self._rows("SELECT id, seq FROM articles WHERE id IN ({ids})", ids))

    # -- grouping state ----------------------------------------------------------------------------

    def profiles_by_id(self, ids: Iterable[str]) -> dict[str, tuple[int, Profile]]:
        """article → (its row in the vector index, its profile)."""
        rows = self._rows("SELECT article, vector, features, row FROM profiles WHERE article IN ({ids})", ids)
        return {r[0]: (int(r[3]), profile_of(r[0], r[1], r[2])) for r in rows}

    def profile_count(self) -> int:
        return int(self.db.execute("SELECT COUNT(*) FROM profiles").fetchone()[0])

    def profiles_from_row(self, row: int) -> Iterator[tuple[int, Profile]]:
        """Profiles in vector-index order from ``row`` on (to add to, or rebuild, the index)."""
        cursor = self.db.execute("SELECT article, vector, features, row FROM profiles WHERE row >= ? ORDER BY row",
                                 (row,))
        for article, blob, features, r in cursor:
            yield int(r), profile_of(article, blob, features)

    def profile_ids_by_row(self) -> list[str]:
        return [r[0] for r in self.db.execute("SELECT article FROM profiles ORDER BY row")]

    def term_counts(self, kind: str, keys: Iterable[str]) -> dict[str, tuple[int, int]]:
        """key → (its id, how many stored articles use it), for the keys the store knows."""
        return {k: (int(i), int(d)) for k, i, d in
                self._rows("SELECT key, id, docs FROM terms WHERE kind = ? AND key IN ({ids})", keys, kind)}

    def next_term_id(self, kind: str) -> int:
        return int(self.db.execute("SELECT COALESCE(MAX(id), -1) + 1 FROM terms WHERE kind = ?", (kind,)).fetchone()[0])

    def _count_terms(self, profiles: Sequence[Profile]) -> None:
        """Count the profiles' keys (ids in the order keys are first seen, as the grouper gives them)."""
        for kind in BAG_KINDS:
            next_id = self.next_term_id(kind)
            counts: dict[str, int] = {}
            for p in profiles:
                for key in getattr(p, kind):
                    counts[key] = counts.get(key, 0) + 1
            known = self.term_counts(kind, counts)
            rows = []
            for key, n in counts.items():
                if key in known:
                    rows.append((kind, key, known[key][0], n))
                else:
                    rows.append((kind, key, next_id, n))
                    next_id += 1
            self.db.executemany("INSERT INTO terms (kind, key, id, docs) VALUES (?, ?, ?, ?)"
                                " ON CONFLICT(kind, key) DO UPDATE SET docs = docs + excluded.docs", rows)

    def _insert_profiles(self, profiles: Sequence[Profile]) -> None:
        """Profiles not stored yet, each with the next row of the vector index, and their keys counted."""
        have = {r[0] for r in self._rows("SELECT article FROM profiles WHERE article IN ({ids})",
                                         [p.article for p in profiles])}
        fresh = [p for p in dict((p.article, p) for p in profiles).values() if p.article not in have]
        row = self.profile_count()
        self.db.executemany("INSERT INTO profiles (article, vector, features, row) VALUES (?, ?, ?, ?)",
                            [(*profile_row(p), row + k) for k, p in enumerate(fresh)])
        self._count_terms(fresh)
        if fresh:
            total = self.vector_sum()
            for p in fresh:
                vector = np.asarray(p.vector, dtype=np.float32)
                total = vector.copy() if total is None else total + vector
            assert total is not None
            self._set_meta("vector_sum", np.asarray(total, dtype=np.float32).tobytes())

    def recount(self, days: Mapping[str, int | None]) -> None:
        """Work out the running totals of a store grouped before they were kept (key counts, vector sum) from
        every profile, and set the events' days — once, when an older store is first run incrementally."""
        with self.transaction():
            self.db.execute("DELETE FROM terms")
            self.db.execute("DELETE FROM meta WHERE key = 'vector_sum'")
            batch: list[Profile] = []
            total: NDArray[np.float32] | None = None
            for _, p in self.profiles_from_row(0):
                batch.append(p)
                vector = np.asarray(p.vector, dtype=np.float32)
                total = vector.copy() if total is None else total + vector
                if len(batch) >= CHUNK:
                    self._count_terms(batch)
                    batch = []
            self._count_terms(batch)
            if total is not None:
                self._set_meta("vector_sum", total.tobytes())
            self.db.executemany("UPDATE events SET day = ? WHERE id = ?", [(d, e) for e, d in days.items()])
            self._set_meta("grouping", 1)

    def vector_sum(self) -> NDArray[np.float32] | None:
        blob = self.meta("vector_sum")
        return None if blob is None else np.frombuffer(blob, dtype=np.float32).copy()

    def meta(self, key: str) -> Any:
        row = self.db.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return None if row is None else row[0]

    def set_meta(self, key: str, value: Any) -> None:
        with self.transaction():
            self._set_meta(key, value)

    def _set_meta(self, key: str, value: Any) -> None:
        self.db.execute("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)", (key, value))

    def events_of(self, articles: Iterable[str]) -> dict[str, str]:
        """article → its event, for the articles an event holds."""
        return dict(self._rows("SELECT article, event FROM event_articles WHERE article IN ({ids})", articles))

    def event_members(self, events: Iterable[str]) -> dict[str, list[str]]:
        """event → its articles (in the order they were placed)."""
        out: dict[str, list[str]] = {}
        for article, event in self._rows("SELECT article, event FROM event_articles WHERE event IN ({ids})"
                                         " ORDER BY rowid", events):
            out.setdefault(event, []).append(article)
        return out

    def event_places(self, events: Iterable[str]) -> dict[str, tuple[str, int | None]]:
        """event → (its story, its day)."""
        return {e: (s, d) for e, s, d in self._rows("SELECT id, story, day FROM events WHERE id IN ({ids})", events)}

    def story_events(self, stories: Iterable[str]) -> dict[str, list[tuple[str, int | None]]]:
        """story → its events with their days (ordinal), in the order stored."""
        out: dict[str, list[tuple[str, int | None]]] = {}
        for event, story, day in self._rows("SELECT id, story, day FROM events WHERE story IN ({ids}) ORDER BY rowid",
                                            stories):
            out.setdefault(story, []).append((event, day))
        return out

    def save_grouping(self, profiles: Sequence[Profile], events: Sequence[tuple[Event, int | None]],
                      dropped: Iterable[str], moved: Mapping[str, str], stories: Sequence[Story],
                      dropped_stories: Iterable[str]) -> None:
        """One run's grouping in one transaction: the new profiles (keys counted), the events it changed (with
        their days; their fusions dropped, to be fused again), events gone, events moved to another story
        (event → story), the stories it changed and the stories gone."""
        with self.transaction():
            self._insert_profiles(profiles)
            gone = list(dropped)
            before = self.event_members([*gone, *(e.id for e, _ in events)])  # their reports, before the rows go
            self.db.executemany("DELETE FROM events WHERE id = ?", [(e,) for e in gone])
            self.db.executemany("DELETE FROM event_articles WHERE event = ?", [(e,) for e in gone])
            self.db.executemany("DELETE FROM fusions WHERE event = ?", [(e,) for e in gone])
            for event, day in events:
                self.db.execute("INSERT INTO events (id, story, data, day) VALUES (?, ?, ?, ?) ON CONFLICT(id) DO"
                                " UPDATE SET story = excluded.story, data = excluded.data, day = excluded.day",
                                (event.id, event.story, json.dumps(to_jsonable(event)), day))
                self.db.execute("DELETE FROM event_articles WHERE event = ?", (event.id,))
                self.db.executemany("INSERT OR REPLACE INTO event_articles (article, event) VALUES (?, ?)",
                                    [(a, event.id) for a in event.articles])
                self.db.execute("DELETE FROM fusions WHERE event = ?", (event.id,))
            for moved_event, story in moved.items():
                row = self.db.execute("SELECT data FROM events WHERE id = ?", (moved_event,)).fetchone()
                if row is not None:
                    data = json.loads(row[0])
                    data["story"] = story
                    self.db.execute("UPDATE events SET story = ?, data = ? WHERE id = ?",
                                    (story, json.dumps(data), moved_event))
            # a report left in no event is placed again
            self._lower_watermark("event_articles", [a for ms in before.values() for a in ms])
            self.db.executemany("DELETE FROM stories WHERE id = ?", [(s,) for s in dropped_stories])
            self.db.executemany("INSERT INTO stories (id, title) VALUES (?, ?) ON CONFLICT(id) DO UPDATE SET"
                                " title = excluded.title", [(s.id, s.title) for s in stories])

    def events_by_id(self, ids: Iterable[str]) -> dict[str, Event]:
        """The events of ``ids`` with their fusions (as :meth:`Store.events` gives them)."""
        rows = self._rows("SELECT e.id, e.data, f.data FROM events e LEFT JOIN fusions f ON f.event = e.id"
                          " WHERE e.id IN ({ids})", ids)
        return {r[0]: with_fusion(r[1], r[2]) for r in rows}

    def stories_by_id(self, ids: Iterable[str]) -> dict[str, Story]:
        titles = dict(self._rows("SELECT id, title FROM stories WHERE id IN ({ids})", ids))
        events = self.story_events(titles)
        return {s: Story(s, t, tuple(e for e, _ in events.get(s, ()))) for s, t in titles.items()}

    def event_ids(self) -> list[str]:
        return [r[0] for r in self.db.execute("SELECT id FROM events ORDER BY rowid")]

    def story_ids(self) -> list[str]:
        return [r[0] for r in self.db.execute("SELECT id FROM stories ORDER BY rowid")]

    # -- provenance --------------------------------------------------------------------------------

    def provenance_by_id(self, ids: Iterable[str]) -> dict[str, Provenance]:
        return {r[0]: from_jsonable(Provenance, json.loads(r[1]))
                for r in self._rows("SELECT article, data FROM provenance WHERE article IN ({ids})", ids)}

    def provenance_chains(self, ids: Iterable[str]) -> dict[str, Provenance]:
        """The provenance of the articles and of every article they derive from, to the roots."""
        found: dict[str, Provenance] = {}
        todo = list(ids)
        while todo:
            new = self.provenance_by_id([a for a in todo if a not in found])
            found.update(new)
            todo = [p.derived_from for p in new.values() if p.derived_from and p.derived_from not in found]
        return found

    def band_matches(self, bands: Iterable[tuple[int, int]]) -> set[str]:
        """Stored articles that share an LSH bucket with one of ``bands`` ((band, bucket) pairs)."""
        found: set[str] = set()
        for band, bucket in bands:
            found.update(r[0] for r in self.db.execute("SELECT article FROM bands WHERE band = ? AND bucket = ?",
                                                       (band, bucket)))
        return found

    def band_counts(self, bands: Iterable[tuple[int, int]]) -> dict[str, int]:
        """Stored articles that share an LSH bucket with one of ``bands``, each with how many of them it shares."""
        found: dict[str, int] = {}
        for band, bucket in set(bands):
            rows = self.db.execute("SELECT article FROM bands WHERE band = ? AND bucket = ?", (band, bucket))
            for (article,) in rows:
                found[article] = found.get(article, 0) + 1
        return found

    def banded(self) -> int:
        return int(self.db.execute("SELECT COUNT(DISTINCT article) FROM bands").fetchone()[0])

    def save_assessment(self, records: Iterable[Provenance], bands: Mapping[str, Sequence[tuple[int, int]]]) -> None:
        """Provenance of new articles and of old ones whose label changed, with the new articles' LSH buckets;
        the events holding them lose their fusion (fused again with the new labels) — one transaction."""
        records = list(records)
        with self.transaction():
            self.db.executemany("INSERT OR REPLACE INTO provenance (article, data) VALUES (?, ?)",
                                [(p.article, json.dumps(to_jsonable(p))) for p in records])
            self.db.executemany("INSERT INTO bands (band, bucket, article) VALUES (?, ?, ?)",
                                [(b, k, a) for a, keys in bands.items() for b, k in keys])
            events = set(self.events_of([p.article for p in records]).values())
            self.db.executemany("DELETE FROM fusions WHERE event = ?", [(e,) for e in events])

    # -- fusion -----------------------------------------------------------------------

    def unfused(self) -> list[str]:
        """Events without a fusion (new, changed, or whose reports' provenance changed), in the order stored."""
        return [r[0] for r in self.db.execute("SELECT e.id FROM events e LEFT JOIN fusions f ON f.event = e.id"
                                              " WHERE f.event IS NULL ORDER BY e.rowid")]

    def fusion_key_of(self, event: str) -> str | None:
        row = self.db.execute("SELECT key FROM fusions WHERE event = ?", (event,)).fetchone()
        return None if row is None else str(row[0])


def with_fusion(data: str, fused: str | None) -> Event:
    """An event record with what the fuse stage made of it (when it has been fused)."""
    import dataclasses

    event: Event = from_jsonable(Event, json.loads(data))
    if fused is None:
        return event
    fusion = from_jsonable(Fusion, json.loads(fused))
    return dataclasses.replace(event, **{f.name: getattr(fusion, f.name) for f in dataclasses.fields(Fusion)})
