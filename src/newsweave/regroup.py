"""Grouping a run's new articles into a store of any size, reading only their neighbourhood.

The grouper (:class:`~newsweave.group.Grouper`) places one report at a time among the events of its nearest
stored reports.  Here it is given only what that needs: the vector index (kept beside the store and in the
process, never rebuilt), the store's key counts for the words the loaded reports use, the running vector sum, and
— loaded when a new report's nearest neighbours reach them — the events near it with their reports' profiles and
the other events of their stories (ids and days only, unless a story's title must be worked out again).  What
changed is written back in one transaction: new profiles, changed events (their fusions dropped, so they are
fused again), events gone, events that moved story, changed stories.  A run that adds a fixed number of reports
costs the same whatever the size of the store, apart from the index search (HNSW: logarithmic).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from .embed import Embedder
from .gazetteer import Gazetteer
from .group import (
    Grouper,
    GroupingParams,
    Profile,
    VectorIndex,
    build_profile,
    describe_event,
    describe_stories,
    lead_text,
)
from .model import Event
from .store import Store
from .store_queries import BAG_KINDS

Progress = Callable[[str, int, int | None], None]


@dataclass(frozen=True, slots=True)
class Regrouped:
    """What one run's grouping changed: events made or changed, events gone, stories changed or gone."""

    events: frozenset[str] = frozenset()
    dropped: frozenset[str] = frozenset()
    stories: frozenset[str] = frozenset()
    dropped_stories: frozenset[str] = frozenset()


def index_path(store: Store) -> Path | None:
    """Where the store's vector index is kept (beside the store file; none for a store in memory)."""
    return None if store.path == ":memory:" else Path(store.path + ".vectors")


def vector_index(store: Store) -> VectorIndex:
    """The store's vector index, every stored profile in it: from this process's cache, else from the file beside
    the store (rows the file lacks are added), else built from the profiles (once)."""
    count = store.profile_count()
    index = store.cache.get("vectors")
    if not isinstance(index, VectorIndex) or len(index) > count:
        index = _read_index(store, count)
    if len(index) < count:
        for _, p in store.profiles_from_row(len(index)):
            index.add(p.article, p.vector)
    store.cache["vectors"] = index
    return index


def _read_index(store: Store, count: int) -> VectorIndex:
    index = VectorIndex()
    path = index_path(store)
    if path is None or not path.is_file():
        return index
    import faiss

    try:
        stored = faiss.read_index(str(path))
    except RuntimeError:
        return index  # damaged: built again from the profiles
    if stored.ntotal > count:
        return index  # written for other profiles: built again
    index._index = stored
    index.order = store.profile_ids_by_row()[:stored.ntotal]
    return index


def _write_index(store: Store, index: VectorIndex) -> None:
    path = index_path(store)
    if path is None or index._index is None:
        return
    import faiss

    tmp = path.with_name(f".{path.name}.tmp")
    faiss.write_index(index._index, str(tmp))
    os.replace(tmp, path)


def upgrade(store: Store, params: GroupingParams) -> None:
    """Give a store grouped before runs were incremental its running totals (once: it reads every profile)."""
    if store.meta("grouping") is not None:
        return
    days: dict[str, int | None] = {}
    if store.profile_count():
        grouper = Grouper(params)
        event_of, story_of = store.event_assignments()
        grouper.load(store.profiles(), event_of, story_of)
        days = {event: grouper.event_day(event) for event in grouper.members}
    store.recount(days)


@dataclass(slots=True)
class Neighbourhood:
    """Loads into a grouper the part of the store that placing new reports needs (see the module docstring)."""

    store: Store
    grouper: Grouper
    loaded: set[str] = field(default_factory=set)  # events loaded with their reports
    members_before: dict[str, tuple[str, ...]] = field(default_factory=dict)  # loaded event → stored reports
    story_before: dict[str, str] = field(default_factory=dict)  # every known event → its stored story
    stories_known: set[str] = field(default_factory=set)  # stories whose events are all known

    def keys(self, profiles: Iterable[Profile]) -> None:
        """Load the store's counts of the profiles' keys not loaded yet."""
        profiles = list(profiles)
        for kind in BAG_KINDS:
            space = self.grouper.bags[kind].space
            wanted = {k for p in profiles for k in getattr(p, kind) if k not in space.ids}
            for key, (key_id, docs) in self.store.term_counts(kind, wanted).items():
                space.known(key, key_id, docs)

    def near(self, profile: Profile) -> None:
        """Load the events of the profile's nearest stored reports (as :meth:`Grouper.add` will find them)."""
        p = self.grouper.params
        near = self.grouper.index.search(profile.vector, p.neighbours + 1, p.candidate_floor)
        unknown = [a for a, _ in near if a != profile.article and a not in self.grouper.event_of]
        self.events(set(self.store.events_of(unknown).values()))

    def events(self, events: Iterable[str]) -> None:
        """Load these stored events with their reports, and the other events of their stories (ids and days)."""
        todo = [e for e in dict.fromkeys(events) if e not in self.loaded]
        if not todo:
            return
        members = self.store.event_members(todo)
        places = self.store.event_places(todo)
        wanted = [a for ms in members.values() for a in ms if a not in self.grouper.profiles]
        profiles = self.store.profiles_by_id(wanted)
        self.keys(p for _, p in profiles.values())
        for article in wanted:
            if article in profiles:
                row, profile = profiles[article]
                self.grouper.recall(profile, row)
        for event in todo:
            if event not in places:
                continue
            stored_story, day = places[event]
            self.loaded.add(event)
            self.members_before[event] = tuple(members.get(event, ()))
            self.story_before.setdefault(event, stored_story)
            story = self.grouper.story_of.get(event, stored_story)
            self.grouper.recall_event(event, members.get(event, []), story, day)
        self.mates({self.story_before[e] for e in todo if e in self.story_before})

    def mates(self, stories: Iterable[str]) -> None:
        """Place the other events of these stored stories (their ids and days), so joins and spans see them."""
        todo = [s for s in stories if s not in self.stories_known]
        self.stories_known.update(todo)
        for story, events in self.store.story_events(todo).items():
            for event, day in events:
                if event in self.story_before:
                    continue
                self.story_before[event] = story
                self.grouper.recall_event(event, [], story, day)


def group_new(store: Store, params: GroupingParams, embedder: Embedder, gazetteer: Gazetteer,
              progress: Progress) -> Regrouped:
    """Place every stored article no event holds yet (this run's, and any an interrupted run left)."""
    pending_ids = store.ungrouped_ids()
    if not pending_ids:
        return Regrouped()
    upgrade(store, params)
    pending = store.pairs(pending_ids)
    stored = store.profiles_by_id(pending_ids)  # profiled by an earlier run that stopped before grouping
    unprofiled = [(a, an) for a, an in pending if a.id not in stored]
    vectors = embedder.encode([lead_text(a, an) for a, an in unprofiled])
    fresh = {article.id: build_profile(article, analysis, vector, gazetteer)
             for (article, analysis), vector in zip(unprofiled, vectors, strict=True)}

    grouper = Grouper(params)
    grouper.index = vector_index(store)
    grouper.vector_sum = store.vector_sum()
    count = store.profile_count()
    for kind in BAG_KINDS:
        grouper.bags[kind].space.documents = count
        grouper.bags[kind].space.reserve(store.next_term_id(kind))
    hood = Neighbourhood(store, grouper)
    hood.keys([p for _, p in stored.values()])
    for row, profile in stored.values():
        grouper.recall(profile, row)
    try:
        for n, (article, _) in enumerate(pending, start=1):
            profile = fresh[article.id] if article.id in fresh else stored[article.id][1]
            if article.id in fresh:
                hood.keys([profile])
                grouper.arrive(article.id, count + n)
            hood.near(profile)
            grouper.add(profile)
            progress("group", n, len(pending))
        changes = _save(store, grouper, hood, [fresh[a.id] for a, _ in pending if a.id in fresh])
    except BaseException:
        store.cache.pop("vectors", None)  # the index holds reports the store does not: read it again
        raise
    _write_index(store, grouper.index)
    return changes


def _save(store: Store, grouper: Grouper, hood: Neighbourhood, fresh: Sequence[Profile]) -> Regrouped:
    """Describe what changed and write it in one transaction."""
    touched = {e for e, ms in grouper.members.items()
               if ms and (e not in hood.members_before or sorted(ms) != sorted(hood.members_before[e]))}
    dropped = {e for e in hood.members_before if not grouper.members.get(e)}
    moved = {e: grouper.story_of[e] for e, s in hood.story_before.items()
             if e not in touched and e not in dropped and e in grouper.story_of and grouper.story_of[e] != s}
    stories = {grouper.story_of[e] for e in touched} | set(moved.values())
    gone_stories = {s for s in hood.story_before.values() if s not in grouper.storylines.events_of}
    # a story's title reads all its events: load those not loaded (their reports' bags)
    hood.events(e for s in stories for e in grouper.storylines.events_of.get(s, ()) if e not in grouper.members)
    story_events = {e for s in stories for e in grouper.storylines.events_of.get(s, ()) if grouper.members.get(e)}
    readers = {a for e in touched | story_events for a in grouper.members[e]}
    pairs = store.pairs(readers)
    articles = {a.id: a for a, _ in pairs}
    analyses = {a.id: an for a, an in pairs}
    records: dict[str, Event] = {e: describe_event(e, grouper.story_of[e], grouper.members[e], grouper, articles,
                                                   analyses) for e in touched}
    others = store.events_by_id(story_events - touched)
    for e, record in others.items():
        records[e] = Event(e, record.title, grouper.story_of[e], tuple(grouper.members[e]), record.when, record.where)
    ordered = [records[e] for e in grouper.members if e in records]
    described = [s for s in describe_stories(grouper, ordered, articles, analyses) if s.id in stories]
    store.save_grouping(fresh, [(records[e], grouper.event_day(e)) for e in grouper.members if e in touched],
                        dropped, moved, described, gone_stories - stories)
    return Regrouped(frozenset(touched), frozenset(dropped), frozenset(stories), frozenset(gone_stories - stories))
