"""Outputs that scale: one JSON file and one HTML page per event, story and entity, an index, written only for
what a run changed — and the whole account streamed as ``account.json`` (``newsweave export --json``).

Layout of ``OUT``::

    index.html  index.json                    every story with its events (titles only)
    events/<id>.json   events/<id>.html       an event as account.json holds it, each citation with its words
    stories/<id>.json  stories/<id>.html      a story: its title and events
    entities/<id>.json entities/<id>.html     an entity: names, kind, titles, known-actor roles, mentions

Pages link to each other by relative paths; every text is escaped by Jinja's autoescape, and an article's URL
becomes a link only through :func:`~newsweave.render.link_url` (``http(s)`` only).  A page is written through a
temporary file and renamed, so a reader never sees half a page.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO, Any

from .errors import StoreError
from .model import Entity, Event, Story, to_jsonable
from .render import (
    ANNOTATIONS,
    NO_OUTLET,
    SCHEMA_VERSION,
    _entity_json,
    _template,
    _with_words,
    _write_atomic,
    action_json,
    affiliation_lines,
    link_url,
    quote_json,
)
from .store import Store

KINDS = ("events", "stories", "entities")


def _env() -> Any:
    import jinja2

    return jinja2.Environment(loader=jinja2.FunctionLoader(_template), autoescape=True, trim_blocks=True,
                              lstrip_blocks=True, undefined=jinja2.StrictUndefined)


def event_json(event: Event, store: Store) -> dict[str, Any]:
    """An event as ``account.json`` holds it, every citation with the words it cites."""
    texts = {a.id: a.text for a in store.articles_by_id(event.articles).values()}
    record: dict[str, Any] = _with_words(to_jsonable(event), texts)
    return record


def write_site(store: Store, out_dir: str | Path, *, events: Iterable[str] | None = None,
               stories: Iterable[str] | None = None, entities: Iterable[str] | None = None,
               dropped: Iterable[str] = ()) -> dict[str, int]:
    """Write the pages of the given events, stories and entities (every one when ``None``), drop the pages of
    ``dropped`` events and stories, and write the index again.  Returns how many pages of each kind were written."""
    out = Path(out_dir)
    env = _env()
    counts = {k: 0 for k in KINDS}
    try:
        for kind in KINDS:
            (out / kind).mkdir(parents=True, exist_ok=True)
        for gone in dropped:
            for kind in ("events", "stories"):
                for suffix in (".json", ".html"):
                    (out / kind / f"{gone}{suffix}").unlink(missing_ok=True)
        event_ids = store.event_ids() if events is None else list(events)
        for i in range(0, len(event_ids), 200):
            for event in store.events_by_id(event_ids[i:i + 200]).values():
                _event_page(env, out, event, store)
                counts["events"] += 1
        story_ids = store.story_ids() if stories is None else list(stories)
        for story in store.stories_by_id(story_ids).values():
            _story_page(env, out, story, store)
            counts["stories"] += 1
        entity_ids = [r[0] for r in store.db.execute("SELECT id FROM entities")] if entities is None else list(entities)
        for i in range(0, len(entity_ids), 200):
            for entity in store.entities_by_id(entity_ids[i:i + 200]).values():
                _entity_page(env, out, entity, store)
                counts["entities"] += 1
        _index(env, out, store)
    except OSError as exc:
        raise StoreError(f"cannot write the pages to {out} ({exc.strerror or exc}); check the folder") from exc
    return counts


def _event_page(env: Any, out: Path, event: Event, store: Store) -> None:
    record = event_json(event, store)
    _write_atomic(out / "events" / f"{event.id}.json", json.dumps(record, ensure_ascii=False, indent=1))
    articles = store.articles_by_id(event.articles)
    provenance = store.provenance_by_id(event.articles)
    entities = {m.entity for an in store.analyses_by_id(event.articles).values() for m in an.mentions if m.entity}
    names = {e.id: e.name for e in store.entities_by_id(entities).values()}
    _write_atomic(out / "events" / f"{event.id}.html", env.get_template("site.html.j2").render(
        page="event", event=event, record=record, articles=articles, provenance=provenance, link_url=link_url,
        no_outlet=NO_OUTLET, names=sorted(names.items(), key=lambda kv: kv[1]), root="../"))


def _story_page(env: Any, out: Path, story: Story, store: Store) -> None:
    events = [e for e in (store.events_by_id(story.events).get(i) for i in story.events) if e is not None]
    record = {"id": story.id, "title": story.title, "events": [{"id": e.id, "title": e.title} for e in events]}
    _write_atomic(out / "stories" / f"{story.id}.json", json.dumps(record, ensure_ascii=False, indent=1))
    _write_atomic(out / "stories" / f"{story.id}.html", env.get_template("site.html.j2").render(
        page="story", story=story, events=events, root="../"))


def _entity_page(env: Any, out: Path, entity: Entity, store: Store) -> None:
    record = _entity_json(entity)
    _write_atomic(out / "entities" / f"{entity.id}.json", json.dumps(record, ensure_ascii=False, indent=1))
    cited = list(dict.fromkeys(c.article for c in entity.mentions))[:100]
    events = store.events_of(cited)
    articles = store.articles_by_id(cited)
    _write_atomic(out / "entities" / f"{entity.id}.html", env.get_template("site.html.j2").render(
        page="entity", entity=entity, articles=articles, events=events, roles=affiliation_lines(entity, 10),
        root="../"))


def _index(env: Any, out: Path, store: Store) -> None:
    """The index: every story and its events, titles only (one query, no record decoded)."""
    stories: dict[str, dict[str, Any]] = {s: {"id": s, "title": t, "events": []} for s, t in
                                          store.db.execute("SELECT id, title FROM stories ORDER BY rowid")}
    for event, story, title, size in store.db.execute(
            "SELECT e.id, e.story, json_extract(e.data, '$.title'), json_array_length(e.data, '$.articles')"
            " FROM events e ORDER BY e.rowid"):
        if story in stories:
            stories[story]["events"].append({"id": event, "title": title, "articles": size})
    records = list(stories.values())
    _write_atomic(out / "index.json", json.dumps({"schema_version": SCHEMA_VERSION, "stories": records},
                                                 ensure_ascii=False, indent=1))
    _write_atomic(out / "index.html", env.get_template("site.html.j2").render(page="index", stories=records,
                                                                              root=""))


# ----------------------------------------------------------------------------------------------
# the whole account, streamed


def export_json(store: Store, fh: IO[str], batch: int = 200) -> None:
    """Write the store's whole account as ``account.json`` (the shape :func:`~newsweave.render.account_json`
    gives) to ``fh``, a batch of records at a time: memory stays flat in the size of the store."""
    from . import __version__

    generator = json.dumps(f"newsweave {__version__}")
    fh.write(f'{{"schema_version": {SCHEMA_VERSION}, "generator": {generator}, "articles": [')
    _stream(fh, _article_records(store, batch))
    fh.write('], "events": [')
    _stream(fh, (event_json(e, store) for ids in _batches(store.event_ids(), batch)
                 for e in _ordered(store.events_by_id(ids), ids)))
    fh.write('], "stories": [')
    _stream(fh, (to_jsonable(s) for ids in _batches(store.story_ids(), batch)
                 for s in _ordered(store.stories_by_id(ids), ids)))
    fh.write('], "entities": [')
    _stream(fh, (_entity_json(e) for e in store.entities()))
    fh.write('], "failures": ')
    fh.write(json.dumps(to_jsonable(store.failures()), ensure_ascii=False))
    fh.write("}\n")


def _article_records(store: Store, batch: int) -> Iterator[dict[str, Any]]:
    from .model import Analysis

    ids = [r[0] for r in store.db.execute("SELECT id FROM articles ORDER BY seq")]
    for chunk in _batches(ids, batch):
        articles = store.articles_by_id(chunk)
        analyses = store.analyses_by_id(chunk)
        provenance = store.provenance_by_id(chunk)
        for aid in chunk:
            article = articles[aid]
            record = to_jsonable(article)
            analysis = analyses.get(aid, Analysis(aid))
            for name in ANNOTATIONS:
                record[name] = to_jsonable(getattr(analysis, name))
            record["quotes"] = [quote_json(article, q) for q in analysis.quotes]
            record["actions"] = [action_json(article, a) for a in analysis.actions]
            prov = provenance.get(aid)
            record["provenance"] = None if prov is None else {k: v for k, v in to_jsonable(prov).items()
                                                              if k != "article"}
            yield record


def _stream(fh: IO[str], records: Iterable[Any]) -> None:
    for n, record in enumerate(records):
        fh.write(("," if n else "") + "\n" + json.dumps(record, ensure_ascii=False))


def _batches(ids: list[str], size: int) -> Iterator[list[str]]:
    for i in range(0, len(ids), size):
        yield ids[i:i + size]


def _ordered(found: dict[str, Any], ids: list[str]) -> Iterator[Any]:
    return (found[i] for i in ids if i in found)
