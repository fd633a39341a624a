"""The weave: ingest → clean → analyze (map), group (corpus), fuse (per event), store.

:func:`weave` is newsweave's front door.  It is idempotent (articles are keyed by content hash) and
resumable (each article is stored with its analysis as soon as it is analysed).  Progress is reported
through an optional callback; the core never prints.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from .actorkb import default_kb
from .analyze import Analyzer
from .clean import clean_document, line_key, recurrence_stats
from .embed import Embedder, MiniLMEmbedder
from .entities import Linker, link_actors
from .fuse import FUSE_VERSION, Fuser
from .group import Grouper, GroupingParams, build_profile, describe_event, lead_text
from .ingest import RawDocument, read_documents
from .model import Account, Analysis, Article, Failure, Story, content_id
from .provenance import Provenancer
from .quotes import link_speakers
from .store import Store

Progress = Callable[[str, int, int | None], None]
"""``progress(stage, done, total)``: called as work advances (``total`` is ``None`` when unknown)."""


Sources = str | Path | Iterable[str | Path] | None
"""Sidecar file(s) to apply: one path, several, or none."""


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

    def read(self, paths: Iterable[str | Path], *, known_lines: dict[str, int] | None = None,
             progress: Progress = _silent, sources: Sources = None,
             sidecars: list[str] | None = None) -> tuple[list[Article], list[Failure], Counter[str]]:
        """Ingest and clean: the articles found under ``paths``, the failures, and new line statistics.

        ``sources`` names sidecar files (outlet, date, URL per file; see :mod:`newsweave.outlets`) on top of
        those found in the folders; ``sidecars``, when given, receives the path of every sidecar read."""
        raws: list[RawDocument] = []
        failures: list[Failure] = []
        for n, item in enumerate(read_documents(paths, sources=sources, sidecars=sidecars), start=1):
            (failures if isinstance(item, Failure) else raws).append(item)  # type: ignore[arg-type]
            progress("read", n, None)
        stats = recurrence_stats(raws, known_lines)
        articles: list[Article] = []
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
        batch_lines: Counter[str] = Counter()
        for raw in raws:
            batch_lines.update({k for k in (line_key(line) for line in raw.text.splitlines()) if k})
        return articles, failures, batch_lines

    def analyze(self, articles: Sequence[Article], progress: Progress = _silent) -> Iterator[tuple[Article, Analysis]]:
        for n, (article, analysis, _doc) in enumerate(self.analyzer.analyze(articles), start=1):
            progress("analyze", n, len(articles))
            yield article, analysis

    # -- the whole weave -----------------------------------------------------------------------

    def weave(self, paths: Iterable[str | Path], store: Store, progress: Progress = _silent, *,
              sources: Sources = None) -> Account:
        paths = [str(p) for p in paths]
        known = store.line_stats()
        sidecars: list[str] = []
        articles, failures, batch_lines = self.read(paths, known_lines=known, progress=progress, sources=sources,
                                                    sidecars=sidecars)
        new = [a for a in articles if not store.has_analysis(a.id)]
        fresh_paths = {a.path.split("#", 1)[0] for a in new}
        store.add_line_stats({k: v for k, v in batch_lines.items() if k} if new else {})
        store.add_failures(failures, replacing={f.path for f in failures} | fresh_paths | set(sidecars))

        for article, analysis in self.analyze(new, progress):
            store.add_article(article, analysis)

        self._group(store, progress)
        self._canonicalize(store)
        self._provenance(store, progress)
        self._fuse(store, progress)
        return store.account()

    def _group(self, store: Store, progress: Progress) -> None:
        """Place every stored article not yet in an event (this run's, and any an interrupted run left)."""
        grouper = Grouper(self.params)
        event_of, story_of = store.event_assignments()
        grouper.load(store.profiles(), event_of, story_of)
        pending = store.ungrouped()
        unprofiled = [(a, an) for a, an in pending if a.id not in grouper.profiles]
        vectors = self.embedder.encode([lead_text(a, an) for a, an in unprofiled])
        for (article, analysis), vector in zip(unprofiled, vectors, strict=True):
            store.add_profile(build_profile(article, analysis, vector))
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
        titles = {e.id: e.title for e in events}
        sizes = {e.id: len(e.articles) for e in events}
        stories = [
            Story(story, titles[max(evs, key=lambda e: (sizes[e], -evs.index(e)))], tuple(evs))
            for story, evs in grouper.stories().items()
        ]
        store.save_groups(events, stories)

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
        if not todo:
            return
        if self.fuser is None:
            self.fuser = Fuser(self.embedder)
        articles = {a.id: a for a in store.articles()}
        analyses = store.analyses()
        entities = {e.id: e for e in store.entities()}
        fused = []
        for n, (event, key) in enumerate(todo, start=1):
            fused.append((event.id, key, self.fuser.fuse(event.articles, articles, analyses, provenance, entities)))
            progress("fuse", n, len(todo))
        store.save_fusions(fused, keep=[e.id for e in events])

    def _canonicalize(self, store: Store) -> None:
        """Link the mentions of articles not yet linked to the stored entities (only those articles are read
        and only the entities they touch are written)."""
        pending = store.unlinked()
        if not pending:
            return
        linker = Linker(self.analyzer.gazetteer(), kb=default_kb())
        linker.load(store.entity_index())
        updated = linker.link(pending)
        changed = [(e, linker.state_of(e.id), linker.keys_of(e.id)) for e in linker.changed()]
        store.save_links([link_actors(link_speakers(a), linker.entity_named) for a in updated], changed)


def weave(paths: Iterable[str | Path], store: Store | str | Path | None = None, *,
          weaver: Weaver | None = None, progress: Progress = _silent, sources: Sources = None) -> Account:
    """Read the reports under ``paths`` into ``store`` (a path, a :class:`Store`, or in memory) and
    return the woven :class:`~newsweave.model.Account`.

    ``sources`` is a sidecar file (or several) giving the outlet, date and URL of files by path or glob;
    ``sources.csv`` / ``sources.json`` files inside the folders read are found without it.
    Running it again on the same input changes nothing; new input is added to what is stored.
    """
    weaver = weaver or Weaver()
    if isinstance(store, Store):
        return weaver.weave(paths, store, progress, sources=sources)
    with Store(store if store is not None else ":memory:") as opened:
        return weaver.weave(paths, opened, progress, sources=sources)
