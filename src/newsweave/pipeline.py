"""The weave: ingest → clean → analyze (map), group (corpus), fuse (per event), store.

:func:`weave` is newsweave's front door.  It is idempotent (articles are keyed by content hash) and
resumable: each article is stored with its analysis as soon as it is analysed, each event with its fusion as
soon as it is fused, and every other stage writes in one transaction — so a run killed at any point and run
again gives the account an uninterrupted run gives.  No input stops a run: an article whose analysis fails is
a Failure with the reason, and the others go on.  Progress is reported through an optional callback; the core
never prints.
"""

from __future__ import annotations

import os
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

from .actorkb import default_kb
from .analyze import Analyzer
from .clean import LineStats, clean_document, document_lines
from .embed import Embedder, MiniLMEmbedder
from .entities import Linker, link_actors
from .errors import ModelError, UsageError
from .fuse import FUSE_VERSION, Fuser
from .fuse_events import fuse_event
from .group import GroupingParams
from .ingest import RawDocument, read_documents
from .mapstage import Mapper, ProcessMapper, batches
from .model import Account, Analysis, Article, Failure, content_id
from .provenance import Provenancer, article_bands, nearest
from .quotes import link_speakers
from .regroup import Regrouped, group_new
from .store import Store
from .walk import shown

T = TypeVar("T")
AUTO_POOL = 64
"""A run analysing this many articles or more uses a pool of ``Weaver.workers`` processes (each loads the models:
a few seconds, paid back from about this many articles on two cores)."""

Progress = Callable[[str, int, int | None], None]
"""``progress(stage, done, total)``: called as work advances (``total`` is ``None`` when unknown)."""


Sources = str | Path | Iterable[str | Path] | None
"""Sidecar file(s) to apply: one path, several, or none."""

Paths = str | os.PathLike[str] | Iterable[str | os.PathLike[str]]
"""What to read: one file or folder, or several."""


def as_paths(paths: object) -> list[str]:
    """``paths`` as a list of path strings: one path (``str`` or path-like) or an iterable of them.

    Anything else is a :class:`~newsweave.errors.UsageError` — a string is one path, never its characters."""
    if isinstance(paths, (str, os.PathLike)):
        paths = [paths]
    elif isinstance(paths, (bytes, bytearray, Mapping)) or not isinstance(paths, Iterable):
        raise UsageError(f"paths must be a path (str or pathlib.Path) or a list of paths, not {type(paths).__name__}")
    out: list[str] = []
    for p in paths:
        value = os.fspath(p) if isinstance(p, (str, os.PathLike)) else None
        if not isinstance(value, str) or not value:
            raise UsageError(f"each path must be a non-empty str or pathlib.Path, not {p!r}")
        out.append(value)
    return out


@dataclass(frozen=True, slots=True)
class Changes:
    """What a run changed in the store: events made, changed or fused again, events gone, stories changed or gone,
    entities changed, articles whose provenance was written — what the outputs must write again."""

    events: frozenset[str] = frozenset()
    dropped: frozenset[str] = frozenset()
    stories: frozenset[str] = frozenset()
    dropped_stories: frozenset[str] = frozenset()
    entities: frozenset[str] = frozenset()
    articles: frozenset[str] = frozenset()


@dataclass(frozen=True, slots=True)
class WeaveResult:
    """What one run did: the whole stored account, and this run's own part of it.

    ``failures`` are the failures of *this* run's inputs (the account lists every stored one); ``read`` the ids
    of the articles read this run, ``added`` those new to the store."""

    account: Account
    failures: tuple[Failure, ...] = ()
    read: tuple[str, ...] = ()
    added: tuple[str, ...] = ()
    changes: Changes = field(default_factory=lambda: Changes())


def _silent(stage: str, done: int, total: int | None) -> None:
    return None


@dataclass(slots=True)
class Weaver:
    """The configured pipeline: models are loaded once and reused across runs."""

    analyzer: Analyzer = field(default_factory=Analyzer)
    embedder: Embedder = field(default_factory=MiniLMEmbedder)
    params: GroupingParams = field(default_factory=GroupingParams)
    provenancer: Provenancer | None = None
    fuser: Fuser | None = None
    mapper: Mapper | None = None  # analysis on a process pool or a Dask cluster (None: in this process)
    workers: int = 1  # with no mapper: a pool of this many processes when a run analyses AUTO_POOL articles or more
    timings: dict[str, float] = field(default_factory=dict)  # seconds per stage in the last run

    # -- map -----------------------------------------------------------------------------------

    def ingest(self, paths: Paths, *, progress: Progress = _silent, sources: Sources = None,
               sidecars: list[str] | None = None,
               follow_links: bool = False) -> tuple[list[RawDocument], list[Failure]]:
        """The raw documents under ``paths`` and the items that could not be read."""
        raws: list[RawDocument] = []
        failures: list[Failure] = []
        items = read_documents(as_paths(paths), sources=sources, sidecars=sidecars, follow_links=follow_links)
        for n, item in enumerate(items, start=1):
            (failures if isinstance(item, Failure) else raws).append(item)  # type: ignore[arg-type]
            progress("read", n, None)
        return raws, failures

    def clean(self, raws: Sequence[RawDocument], stats: LineStats) -> tuple[list[Article], list[Failure]]:
        """Clean each raw document (once per content) with the line statistics given."""
        articles: list[Article] = []
        failures: list[Failure] = []
        seen: set[str] = set()
        for raw in raws:
            article = clean_document(raw, stats)
            if article.id in seen:
                continue
            seen.add(article.id)
            if not article.text.strip():
                failures.append(Failure(raw.path, "no article text left after removing boilerplate", raw.item))
                continue
            articles.append(article)
        return articles, failures

    def read(self, paths: Paths, *, known_lines: Mapping[str, int] | None = None,
             progress: Progress = _silent, sources: Sources = None, sidecars: list[str] | None = None,
             follow_links: bool = False) -> tuple[list[Article], list[Failure], Counter[str]]:
        """Ingest and clean: the articles found under ``paths``, the failures, and the batch's line statistics
        (each distinct document's short lines counted once).

        ``sources`` names sidecar files (outlet, date, URL per file; see :mod:`newsweave.outlets`) on top of
        those found in the folders; ``sidecars``, when given, receives the path of every sidecar read."""
        raws, failures = self.ingest(paths, progress=progress, sources=sources, sidecars=sidecars,
                                     follow_links=follow_links)
        batch: Counter[str] = Counter()
        for keys in document_lines(raws).values():
            batch.update(keys)
        articles, dropped = self.clean(raws, LineStats(Counter(known_lines or {}) + batch))
        return articles, failures + dropped, batch

    def analyze(self, articles: Sequence[Article], progress: Progress = _silent) -> Iterator[tuple[Article, Analysis]]:
        """Each article with its analysis (an article whose analysis fails is left out: see :meth:`analyze_all`)."""
        for item in self.analyze_all(articles, progress):
            if not isinstance(item, Failure):
                yield item

    def analyze_all(self, articles: Sequence[Article],
                    progress: Progress = _silent) -> Iterator[tuple[Article, Analysis] | Failure]:
        """Each article with its analysis, in order, streamed in batches — or a Failure for an article whose
        analysis raised: the batch is retried without it, so one article never stops the others."""
        pending = list(articles)
        done = 0
        while done < len(pending):
            stream = self.analyzer.analyze(pending[done:])
            while True:
                try:
                    article, analysis, _doc = next(stream)
                except StopIteration:
                    return
                except ModelError:
                    raise
                except Exception:  # one article (of the batch in flight) broke the analysis: find it, alone
                    break
                done += 1
                progress("analyze", done, len(pending))
                yield article, analysis
            article = pending[done]
            done += 1
            try:
                alone = [(a, an) for a, an, _ in self.analyzer.analyze([article])]
            except ModelError:
                raise
            except Exception as exc:
                reason = (f"the analysis failed ({type(exc).__name__}: {exc}); the article was left out — "
                          "please report this with the file")
                progress("analyze", done, len(pending))
                yield Failure(article.path, reason)
            else:
                progress("analyze", done, len(pending))
                yield from alone

    # -- the whole weave -----------------------------------------------------------------------

    def weave(self, paths: Paths, store: Store, progress: Progress = _silent, *,
              sources: Sources = None, follow_links: bool = False) -> Account:
        """Read ``paths`` into ``store`` and return the whole stored account (see :meth:`run`)."""
        return self.run(paths, store, progress, sources=sources, follow_links=follow_links).account

    def run(self, paths: Paths, store: Store, progress: Progress = _silent, *,
            sources: Sources = None, follow_links: bool = False, account: bool = True) -> WeaveResult:
        """Read ``paths`` into ``store``: the stored account, with what this run read, added and failed on, and
        what it changed.  ``account=False`` skips reading the whole account back (a run then costs what it adds;
        :mod:`newsweave.site` writes the outputs of what changed)."""
        listed = as_paths(paths)
        started = time.perf_counter()
        self.timings.clear()
        sidecars: list[str] = []
        raws, failures = self.ingest(listed, progress=progress, sources=sources, sidecars=sidecars,
                                     follow_links=follow_links)
        # Line recurrence counts each document once, ever: a resumed run counts nothing twice.
        lines = document_lines(raws)
        counted = store.counted_documents(lines)
        uncounted = {doc: keys for doc, keys in lines.items() if doc not in counted}
        stats: Counter[str] = Counter(store.line_stats())
        for keys in uncounted.values():
            stats.update(keys)
        articles, dropped = self.clean(raws, LineStats(stats))
        failures += dropped
        store.add_line_stats(uncounted)
        new = [a for a in articles if not store.has_analysis(a.id)]
        read_paths = {raw.path for raw in raws}
        folders = [shown(p) for p in listed if os.path.isdir(p)]  # read again whole: their old failures go
        store.add_failures(failures, replacing={f.path for f in failures} | read_paths | set(sidecars),
                           replacing_under=folders)

        unanalysed: set[str] = set()
        for item in self._map(new, progress):
            if isinstance(item, Failure):
                failures.append(item)
                unanalysed.add(item.path)
                store.add_failures([item])
            else:
                store.add_article(*item)

        self.timings["map"] = time.perf_counter() - started
        grouped = self._timed("group", self._group, store, progress)
        linked = self._timed("link", self._canonicalize, store, progress)
        assessed = self._timed("provenance", self._provenance, store, progress)
        fused = self._timed("fuse", self._fuse, store, progress)
        changes = Changes(events=frozenset(grouped.events | set(fused)), dropped=grouped.dropped,
                          stories=grouped.stories, dropped_stories=grouped.dropped_stories,
                          entities=frozenset(linked), articles=frozenset(assessed))
        return WeaveResult(store.account() if account else Account(), tuple(failures),
                           read=tuple(a.id for a in articles if a.path not in unanalysed),
                           added=tuple(a.id for a in new if a.path not in unanalysed), changes=changes)

    def _timed(self, stage: str, step: Callable[[Store, Progress], T], store: Store, progress: Progress) -> T:
        started = time.perf_counter()
        try:
            return step(store, progress)
        finally:
            self.timings[stage] = time.perf_counter() - started

    def _map(self, articles: Sequence[Article], progress: Progress) -> Iterator[tuple[Article, Analysis] | Failure]:
        """Each article analysed (or a Failure), in order: in this process, or on the mapper's workers."""
        mapper = self.mapper
        own = mapper is None and self.workers > 1 and len(articles) >= AUTO_POOL
        if own:
            mapper = ProcessMapper(self.workers)
        if mapper is None:
            yield from self.analyze_all(articles, progress)
            return
        try:
            done = 0
            for results in mapper.map(batches(articles)):
                for item in results:
                    done += 1
                    progress("analyze", done, len(articles))
                    yield item
        finally:
            if own:
                mapper.close()

    def _group(self, store: Store, progress: Progress) -> Regrouped:
        """Place every stored article not yet in an event, reading only the events near them (:mod:`.regroup`)."""
        return group_new(store, self.params, self.embedder, self.analyzer.gazetteer(), progress)

    def _provenance(self, store: Store, progress: Progress) -> set[str]:
        """Label the provenance of the articles not assessed yet, against their candidates only: for each, the
        ``ProvenanceParams.candidates`` stored articles sharing the most LSH bands with it (or its event), earliest
        first (:func:`~newsweave.provenance.nearest`), and the sources those derive from; a stored article is
        labelled again only when a new one is its source.  Returns the articles whose provenance was written."""
        pending = store.unassessed_ids()
        if not pending:
            return set()
        if self.provenancer is None:
            self.provenancer = Provenancer(self.embedder)
        _backfill_bands(store)
        new = store.pairs(pending)
        progress("provenance", 0, len(new))
        fresh = {a.id for a, _ in new}
        event_of = store.events_of(fresh)
        members = store.event_members(set(event_of.values()))
        shared = {a.id: store.band_counts(article_bands(a, an)) for a, an in new}
        for aid, counts in shared.items():
            for other in members.get(event_of.get(aid, ""), ()):
                counts.setdefault(other, 0)
            for other in fresh:
                counts.pop(other, None)
        seq = store.seq_of({a for counts in shared.values() for a in counts})
        near = {a for counts in shared.values() for a in nearest(counts, seq, self.provenancer.params.candidates)}
        current = store.provenance_by_id(near)
        near |= {p.derived_from for p in current.values() if p.derived_from}
        old = store.pairs(near - fresh)
        ids = fresh | {a.id for a, _ in old}
        records, bands = self.provenancer.assess_new(new, old, store.seq_of(ids), store.events_of(ids), current)
        store.save_assessment(records, bands)
        progress("provenance", len(new), len(new))
        return {p.article for p in records}

    def _fuse(self, store: Store, progress: Progress) -> list[str]:
        """Fuse every event without a fusion — new or changed events, and events whose reports' provenance
        changed (their fusions were dropped when that was written) — reading only that event's reports; each is
        committed once fused.  Returns the events fused."""
        if store.meta("fuse_version") != FUSE_VERSION:
            store.drop_fusions(keep=())
            store.set_meta("fuse_version", FUSE_VERSION)
        todo = store.unfused()
        if not todo:
            return []
        if self.fuser is None:
            self.fuser = Fuser(self.embedder)
        progress("fuse", 0, len(todo))
        for n, event in enumerate(todo, start=1):
            members = store.event_members([event]).get(event, [])
            provenance = store.provenance_chains(members)
            labels = [f"{a}:{provenance[a].label.value}:{provenance[a].derived_from}" if a in provenance else a
                      for a in sorted(members)]
            key = content_id("f", FUSE_VERSION, *labels)
            store.save_fusion(event, key, fuse_event(self.fuser, members, store, provenance))
            progress("fuse", n, len(todo))
        return todo

    def _canonicalize(self, store: Store, progress: Progress = _silent) -> set[str]:
        """Link the mentions of articles not yet linked to the stored entities (only those articles are read,
        only the entities their mentions reach are, and only what they add to them is written).  Returns the
        entities changed."""
        pending = store.unlinked()
        if not pending:
            return set()
        progress("link", 0, len(pending))
        linker = Linker(self.analyzer.gazetteer(), kb=default_kb(), index=store)
        updated = linker.link(pending)
        linked = [link_actors(link_speakers(a), linker.entity_named) for a in updated]
        changed = linker.updates()
        store.save_links(linked, changed)
        progress("link", len(pending), len(pending))
        return {u.entity.id for u in changed}


def _backfill_bands(store: Store) -> None:
    """Give the articles a store assessed before LSH buckets were kept their buckets (once)."""
    if store.meta("bands") is not None:
        return
    assessed = [p.article for p in store.provenance()]
    for i in range(0, len(assessed), 500):
        pairs = store.pairs(assessed[i:i + 500])
        store.save_assessment([], {a.id: article_bands(a, an) for a, an in pairs})
    store.set_meta("bands", 1)


def weave(paths: Paths, store: Store | str | Path | None = None, *,
          weaver: Weaver | None = None, progress: Progress = _silent, sources: Sources = None,
          follow_links: bool = False) -> Account:
    """Read the reports under ``paths`` (one file or folder, or a list of them) into ``store`` (a path, a
    :class:`Store`, or in memory) and return the woven :class:`~newsweave.model.Account`.

    ``sources`` is a sidecar file (or several) giving the outlet, date and URL of files by path or glob;
    ``sources.csv`` / ``sources.json`` files inside the folders read are found without it.  Inside folders,
    symbolic links are followed only to files inside the folders given, unless ``follow_links``.
    Running it again on the same input changes nothing; new input is added to what is stored.
    """
    listed = as_paths(paths)
    weaver = weaver or Weaver()
    if isinstance(store, Store):
        return weaver.weave(listed, store, progress, sources=sources, follow_links=follow_links)
    with Store(store if store is not None else ":memory:") as opened:
        return weaver.weave(listed, opened, progress, sources=sources, follow_links=follow_links)
