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
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from .actorkb import default_kb
from .analyze import Analyzer
from .clean import LineStats, clean_document, document_lines
from .embed import Embedder, MiniLMEmbedder
from .entities import Linker, link_actors
from .errors import ModelError, UsageError
from .fuse import FUSE_VERSION, Fuser
from .group import Grouper, GroupingParams, build_profile, describe_event, describe_stories, lead_text
from .ingest import RawDocument, read_documents
from .model import Account, Analysis, Article, Failure, content_id
from .provenance import Provenancer
from .quotes import link_speakers
from .store import Store
from .walk import shown

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
class WeaveResult:
    """What one run did: the whole stored account, and this run's own part of it.

    ``failures`` are the failures of *this* run's inputs (the account lists every stored one); ``read`` the ids
    of the articles read this run, ``added`` those new to the store."""

    account: Account
    failures: tuple[Failure, ...] = ()
    read: tuple[str, ...] = ()
    added: tuple[str, ...] = ()


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
            sources: Sources = None, follow_links: bool = False) -> WeaveResult:
        """Read ``paths`` into ``store``: the stored account, with what this run read, added and failed on."""
        listed = as_paths(paths)
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
        for item in self.analyze_all(new, progress):
            if isinstance(item, Failure):
                failures.append(item)
                unanalysed.add(item.path)
                store.add_failures([item])
            else:
                store.add_article(*item)

        self._group(store, progress)
        self._canonicalize(store, progress)
        self._provenance(store, progress)
        self._fuse(store, progress)
        return WeaveResult(store.account(), tuple(failures),
                           read=tuple(a.id for a in articles if a.path not in unanalysed),
                           added=tuple(a.id for a in new if a.path not in unanalysed))

    def _group(self, store: Store, progress: Progress) -> None:
        """Place every stored article not yet in an event (this run's, and any an interrupted run left)."""
        grouper = Grouper(self.params)
        event_of, story_of = store.event_assignments()
        grouper.load(store.profiles(), event_of, story_of)
        pending = store.ungrouped()
        unprofiled = [(a, an) for a, an in pending if a.id not in grouper.profiles]
        vectors = self.embedder.encode([lead_text(a, an) for a, an in unprofiled])
        store.add_profiles([build_profile(article, analysis, vector, self.analyzer.gazetteer())
                            for (article, analysis), vector in zip(unprofiled, vectors, strict=True)])
        profiles = {p.article: p for p in store.profiles()}
        for n, (article, _) in enumerate(pending, start=1):
            grouper.add(profiles[article.id])
            progress("group", n, len(pending))
        articles = {a.id: a for a in store.articles()}
        analyses = store.analyses()
        events = [
            describe_event(event, grouper.story_of[event], members, grouper, articles, analyses)
            for event, members in grouper.members.items() if members
        ]
        store.save_groups(events, describe_stories(grouper, events, articles, analyses))

    def _provenance(self, store: Store, progress: Progress) -> None:
        """Label every article's provenance when the corpus changed (labels depend on the other articles)."""
        if not store.unassessed():
            return
        if self.provenancer is None:
            self.provenancer = Provenancer(self.embedder)
        analyses = store.analyses()
        pairs = [(a, analyses[a.id]) for a in store.articles() if a.id in analyses]
        event_of, _ = store.event_assignments()
        progress("provenance", 0, len(pairs))
        store.save_provenance(self.provenancer.assess(pairs, event_of))
        progress("provenance", len(pairs), len(pairs))

    def _fuse(self, store: Store, progress: Progress) -> None:
        """Fuse every event whose members or their provenance changed since it was last fused."""
        events = store.events()
        provenance = {p.article: p for p in store.provenance()}
        known = store.fusion_keys()
        todo = []
        for event in events:
            labels = [f"{a}:{provenance[a].label.value}:{provenance[a].derived_from}" if a in provenance else a
                      for a in sorted(event.articles)]
            key = content_id("f", FUSE_VERSION, *labels)
            if known.get(event.id) != key:
                todo.append((event, key))
        store.drop_fusions(keep=[e.id for e in events])
        if not todo:
            return
        if self.fuser is None:
            self.fuser = Fuser(self.embedder)
        articles = {a.id: a for a in store.articles()}
        analyses = store.analyses()
        entities = {e.id: e for e in store.entities()}
        progress("fuse", 0, len(todo))
        for n, (event, key) in enumerate(todo, start=1):  # each event is committed once fused: none is fused twice
            store.save_fusion(event.id, key, self.fuser.fuse(event.articles, articles, analyses, provenance, entities))
            progress("fuse", n, len(todo))

    def _canonicalize(self, store: Store, progress: Progress = _silent) -> None:
        """Link the mentions of articles not yet linked to the stored entities (only those articles are read
        and only the entities they touch are written)."""
        pending = store.unlinked()
        if not pending:
            return
        progress("link", 0, len(pending))
        linker = Linker(self.analyzer.gazetteer(), kb=default_kb())
        linker.load(store.entity_index())
        updated = linker.link(pending)
        changed = [(e, linker.state_of(e.id), linker.keys_of(e.id)) for e in linker.changed()]
        store.save_links([link_actors(link_speakers(a), linker.entity_named) for a in updated], changed)
        progress("link", len(pending), len(pending))


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
