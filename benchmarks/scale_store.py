"""Stores of N articles for benchmarks/scale.py, built two ways.

``real``: every copy goes through the real grouping and linking (see ``scale.build``) — about 40 ms an article
on this machine, so 100k articles would take over an hour.

``replicated``: copy round 0 (the 772 ECB+ dev texts) is built for real, then every later round is written as
what the real build makes of it, through the store's own write methods: each round-``r`` copy is stored with
its original's linked analysis, its original's grouping profile (published two years later per round), in a
copy of its original's event and story (the real grouper puts a round in events of its own: its reports are
dated two years from any other round's), with its original's LSH buckets (the copy adds one short line) and a
placeholder provenance and fusion as in the real build; every entity then holds the mentions and titles of all
its copies.  ``scale.py --validate`` adds 20 articles to a 10k store built each way and prints both rows.
"""

from __future__ import annotations

import dataclasses
import time
from pathlib import Path
from typing import Any

ROUND_YEARS = 2


def _shift(day: int | None, r: int) -> int | None:
    return None if day is None else day + round(365.25 * ROUND_YEARS * r)


def build_replicated(path: Path, n: int) -> float:
    """A store of ``n`` perturbed copies: round 0 built for real, later rounds replicated (module docstring)."""
    from scale import build, copy, pool

    from newsweave import Store
    from newsweave.fuse import Fusion
    from newsweave.model import Citation, Event, Provenance, ProvenanceLabel, Story, Title, content_id
    from newsweave.regroup import _write_index, vector_index
    from newsweave.store_entities import EntityUpdate

    t0 = time.perf_counter()
    articles, analyses = pool()
    first = min(n, len(articles))
    build(path, first)
    with Store(path) as store:
        ids0 = [copy(a, analyses[a.id], 0)[0].id for a in articles[:first]]
        originals = dict(zip(ids0, articles[:first], strict=True))
        pairs0 = dict((a.id, (a, an)) for a, an in store.pairs(ids0))
        profiles0 = {k: p for k, (_, p) in store.profiles_by_id(ids0).items()}
        events0 = store.events_by_id(store.event_ids())
        places0 = store.event_places(events0)
        stories0 = store.stories_by_id(store.story_ids())
        bands0: dict[str, list[tuple[int, int]]] = {}
        for band, bucket, article in store.db.execute("SELECT band, bucket, article FROM bands"):
            bands0.setdefault(article, []).append((band, bucket))
        full0 = store.entities_by_id(store.entity_ids())
        states0 = store.entity_states(full0)
        keys0: dict[str, list[str]] = {}
        for key, entity_id in store.db.execute("SELECT key, entity FROM entity_keys"):
            keys0.setdefault(entity_id, []).append(key)
        copies: dict[str, list[str]] = {a: [a] for a in ids0}  # round-0 article → its copies, round by round
        for start in range(first, n, len(articles)):
            r = start // len(articles)
            ids: dict[str, str] = {}
            profiles = []
            for a0 in ids0[:n - start]:
                original = originals[a0]
                art, _ = copy(original, analyses[original.id], r)
                store.add_article(art, dataclasses.replace(pairs0[a0][1], article=art.id))  # linked as round 0
                ids[a0] = art.id
                copies[a0].append(art.id)
                p0 = profiles0[a0]
                profiles.append(dataclasses.replace(p0, article=art.id, published=art.published))
            story_of = {s: content_id("s", s, str(r)) for s in stories0}
            events = []
            for e in events0.values():
                members = tuple(ids[a] for a in e.articles if a in ids)
                if members:
                    events.append((Event(content_id("e", e.id, str(r)), e.title, story_of[e.story], members),
                                   _shift(places0[e.id][1], r)))
            used = {ev.story for ev, _ in events}
            stories = [Story(story_of[s.id], s.title, ()) for s in stories0.values() if story_of[s.id] in used]
            store.save_grouping(profiles, events, (), {}, stories, ())
            with store.transaction():
                store.db.executemany("INSERT OR IGNORE INTO linked (article) VALUES (?)", [(i,) for i in ids.values()])
            store.save_assessment([Provenance(i, ProvenanceLabel.ORIGINAL, 0.5) for i in ids.values()],
                                  {i: bands0.get(a0, []) for a0, i in ids.items()})
            for ev, _ in events:
                store.save_fusion(ev.id, "placeholder", Fusion())
        if n > first:
            def cited(cs: tuple[Citation, ...]) -> tuple[Citation, ...]:  # the copies' citations (round 0's stored)
                return tuple(dataclasses.replace(c, article=k) for c in cs for k in copies.get(c.article, [])[1:])

            entities = []
            rounds = -(-n // len(articles))
            for entity_id, entity in full0.items():
                _, state = states0[entity_id]
                entity = dataclasses.replace(entity, mentions=cited(entity.mentions),
                                             titles=tuple(Title(t.text, cited(t.citations)) for t in entity.titles))
                state = dataclasses.replace(
                    state, kinds={k: v * rounds for k, v in state.kinds.items()},
                    forms={k: v * rounds for k, v in state.forms.items()},
                    descriptions={k: v * rounds for k, v in state.descriptions.items()})
                entities.append(EntityUpdate(entity, state, ()))
            store.save_entities(entities)
        _write_index(store, vector_index(store))
    return time.perf_counter() - t0


def describe(path: Path) -> dict[str, Any]:
    """What a built store holds (rows per table), to compare the two builders."""
    import sqlite3

    db = sqlite3.connect(path)
    out = {t: db.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0]
           for t in ("articles", "events", "stories", "entities", "entity_mentions", "bands", "provenance", "fusions")}
    db.close()
    return out
