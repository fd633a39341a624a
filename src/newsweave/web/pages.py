"""The pages of the web application as data: one builder per page, returning the JSON-ready dict that is both the
page's JSON twin and what its template renders (datasette's "every page has a JSON twin from the same view").

Every builder reads one page of rows (``page``/``size``) through :class:`~newsweave.web.queries.Reader`; records
are the domain records of :mod:`newsweave.model` serialised by :func:`~newsweave.model.to_jsonable`, and every
citation shown on the page has its words in ``words`` (keyed ``"article:start:end"``).  Shapes:
:mod:`newsweave.web.schema`.
"""

from __future__ import annotations

import dataclasses
import itertools
from collections.abc import Iterable, Sequence
from datetime import date
from typing import Any

from markupsafe import Markup, escape

from ..errors import UsageError
from ..model import to_jsonable
from .queries import MAX_ENTITY_ARTICLES, ArticleRow, Reader

MAX_SIZE = 100
MAX_PAGE = 1000


class NotFound(LookupError):
    """No such story, event, entity or article."""


def _page(page: int, size: int, total: int | None, shown: int) -> dict[str, Any]:
    more = (page * size < total) if total is not None else shown >= size
    return {"page": page, "size": size, "total": total, "has_next": more, "has_prev": page > 1}


def _slice(items: Sequence[Any], page: int, size: int) -> list[Any]:
    return list(items[(page - 1) * size: page * size])


def _cites(value: Any) -> Iterable[dict[str, Any]]:
    """Every citation (``{"article", "start", "end"}``) inside JSON-ready data."""
    if isinstance(value, dict):
        if len(value) == 3 and "article" in value and "start" in value and "end" in value:
            yield value
        else:
            for v in value.values():
                yield from _cites(v)
    elif isinstance(value, list):
        for v in value:
            yield from _cites(v)


def _words(reader: Reader, *records: Any) -> dict[str, str]:
    spans = [(c["article"], c["start"], c["end"]) for r in records for c in _cites(r)]
    return {f"{a}:{s}:{e}": w for (a, s, e), w in reader.words(spans).items()}


def _row(row: Any) -> dict[str, Any]:
    return dict(to_jsonable(row))


def stories_page(reader: Reader, page: int, size: int) -> dict[str, Any]:
    index = reader.index()
    shown = _slice(index.stories, page, size)
    return {"stories": [_row(s) for s in shown], "page": _page(page, size, len(index.stories), len(shown))}


def story_page(reader: Reader, story_id: str, page: int, size: int) -> dict[str, Any]:
    index = reader.index()
    story = next((s for s in index.stories if s.id == story_id), None)
    if story is None:
        raise NotFound(f"no story {story_id!r}")
    events = index.story_events.get(story_id, [])
    shown = _slice(events, page, size)
    return {"story": _row(story), "events": [_row(e) for e in shown],
            "page": _page(page, size, len(events), len(shown))}


def is_real(disagreement: dict[str, Any]) -> bool:
    """A disagreement stated by at least two values that are not only artefacts of copies, spins, translations."""
    return sum(1 for v in disagreement["values"] if not v.get("derived_only")) >= 2


def event_page(reader: Reader, event_id: str, page: int, size: int) -> dict[str, Any]:
    event = reader.event_data(event_id)
    if event is None:
        raise NotFound(f"no event {event_id!r}")
    row = reader.index().events.get(event_id)
    disagreements = sorted(event.get("disagreements", []), key=lambda d: not is_real(d))
    lists: dict[str, list[Any]] = {k: event.get(k, []) for k in ("claims", "quote_groups", "actions", "timeline",
                                                                  "articles")}
    lists["disagreements"] = disagreements
    longest = max(len(v) for v in lists.values())
    shown = {**event, **{k: _slice(v, page, size) for k, v in lists.items()},
             "background": event.get("background", [])[:size]}
    for name in ("summary", "claims", "quote_groups", "disagreements", "timeline", "actions", "background"):
        shown.setdefault(name, [])
    members = list(shown["articles"])
    provenance = reader.provenance(members)
    origins = [p.derived_from for p in provenance.values() if p.derived_from]
    articles = reader.article_rows([*members, *origins, *(c["article"] for c in _cites(shown))])
    speakers = [g["speaker"] for g in shown["quote_groups"] if g.get("speaker")]
    return {
        "event": shown,
        "info": _row(row) if row else None,
        "real_disagreements": sum(1 for d in disagreements if is_real(d)),
        "words": _words(reader, shown),
        "articles": {k: _row(v) for k, v in articles.items()},
        "provenance": [to_jsonable(provenance[a]) for a in members if a in provenance],
        "entities": reader.entity_names(speakers),
        "more": {k: len(v) > page * size for k, v in lists.items()},
        "page": _page(page, size, longest, 0),
    }


def entity_page(reader: Reader, entity_id: str, page: int, size: int) -> dict[str, Any]:
    entity = reader.entity(entity_id)
    if entity is None:
        raise NotFound(f"no entity {entity_id!r}")
    recent = reader.entity_articles(entity_id, MAX_ENTITY_ARTICLES)
    event_of = reader.events_of(recent)
    event_ids = list(dict.fromkeys(event_of[a] for a in recent if a in event_of))
    page_events = _slice(event_ids, page, size)
    index = reader.index()
    quotes: list[dict[str, Any]] = []
    actions: list[dict[str, Any]] = []
    cited: list[Any] = []
    for eid in page_events:
        event = reader.event_data(eid)
        if event is None:
            continue
        for group in event.get("quote_groups", []):
            if group.get("speaker") == entity_id:
                quotes.append({"event": eid, "group": group})
                cited.append(group["variants"][:1])
        for act in event.get("actions", []):
            if entity_id in ((act.get("source") or {}).get("entity"), (act.get("target") or {}).get("entity")):
                actions.append({"event": eid, "action": act})
                cited.append(act["statement"])
    count = reader.entity_mention_count(entity_id)
    mentions = reader.entity_mentions(entity_id, (page - 1) * size, size)
    shown = dataclasses.replace(entity, mentions=tuple(mentions))
    articles = reader.article_rows([c.article for c in mentions]
                                   + [c.article for t in entity.titles for c in t.citations])
    return {
        "entity": to_jsonable(shown),
        "mention_count": count,
        "events": [_row(index.events[e]) for e in page_events if e in index.events],
        "quotes": quotes,
        "actions": actions,
        "words": _words(reader, to_jsonable(shown), cited),
        "articles": {k: _row(v) for k, v in articles.items()},
        "page": _page(page, size, max(count, len(event_ids)), 0),
    }


def article_page(reader: Reader, article_id: str, start: int | None, end: int | None) -> dict[str, Any]:
    article = reader.article(article_id)
    if article is None:
        raise NotFound(f"no article {article_id!r}")
    event_id = reader.event_of(article_id)
    event = reader.event_data(event_id) if event_id else None
    cited: dict[tuple[int, int], set[str]] = {}
    if event is not None:
        for kind, key in (("claim", "claims"), ("quote", "quote_groups"), ("action", "actions"), ("summary", "summary"),
                          ("timeline", "timeline")):
            for c in _cites(event.get(key, [])):
                if c["article"] == article_id and 0 <= c["start"] < c["end"] <= len(article.text):
                    cited.setdefault((c["start"], c["end"]), set()).add(kind)
    mentions = [m for m in reader.mentions(article_id) if m.get("entity")]
    names = reader.entity_names(m["entity"] for m in mentions)
    target = None
    if start is not None and end is not None:
        if not 0 <= start < end <= len(article.text):
            raise UsageError(f"the span {start}–{end} is not inside the article ({len(article.text):,} characters)")
        target = {"start": start, "end": end}
    provenance = reader.provenance([article_id]).get(article_id)
    origin = reader.article_rows([provenance.derived_from]) if provenance and provenance.derived_from else {}
    return {
        "article": to_jsonable(article),
        "event": _row(reader.index().events[event_id]) if event_id in reader.index().events else None,
        "provenance": to_jsonable(provenance),
        "derived_from": _row(next(iter(origin.values()))) if origin else None,
        "cited": [{"start": s, "end": e, "kinds": sorted(k)} for (s, e), k in sorted(cited.items())],
        "mentions": [{"start": m["start"], "end": m["end"], "entity": m["entity"], "name": names[m["entity"]]}
                     for m in mentions if m["entity"] in names],
        "target": target,
    }


def search_page(reader: Reader, query: str, outlet: str | None, since: str | None, until: str | None,
                entity: str | None, page: int, size: int) -> dict[str, Any]:
    for name, value in (("from", since), ("to", until)):
        if value:
            try:
                date.fromisoformat(value)
            except ValueError:
                raise UsageError(f"{name}={value[:40]!r} is not a date: give YYYY-MM-DD") from None
    hits = []
    if query.strip():
        found = reader.search(query, outlet=outlet or None, since=since or None, until=until or None,
                              entity=entity or None, limit=size, offset=(page - 1) * size)
        hits = [{"article": _row(h.article), "snippet": snippet_parts(h.snippet)} for h in found]
    entity_name = reader.entity_names([entity]).get(entity, None) if entity else None
    return {"query": query, "filters": {"outlet": outlet, "from": since, "to": until, "entity": entity,
                                        "entity_name": entity_name},
            "hits": hits, "outlets": reader.outlets(), "page": _page(page, size, None, len(hits))}


def snippet_parts(snippet: str) -> list[dict[str, Any]]:
    """A snippet (hits between \\x02 and \\x03) as parts: ``{"text": …, "hit": bool}``."""
    parts: list[dict[str, Any]] = []
    for i, chunk in enumerate(snippet.replace("\x03", "\x02").split("\x02")):
        if chunk:
            parts.append({"text": chunk, "hit": i % 2 == 1})
    return parts


def article_markup(text: str, cited: list[dict[str, Any]], mentions: list[dict[str, Any]],
                   target: dict[str, int] | None) -> Markup:
    """The article's text as HTML, every character escaped: the cited spans marked (``<mark class="claim quote …">``),
    entity mentions linked to their entity, the target span marked ``target`` with ``id="cited"`` where it starts."""
    spans = [(c["start"], c["end"], "cite", " ".join(c["kinds"])) for c in cited]
    spans += [(m["start"], m["end"], "mention", m["entity"]) for m in mentions]
    if target:
        spans.append((target["start"], target["end"], "target", "target"))
    cuts = sorted({0, len(text), *(s for s, _, _, _ in spans), *(e for _, e, _, _ in spans)})
    starting: dict[int, list[int]] = {}
    for i, (s, _, _, _) in enumerate(spans):
        starting.setdefault(s, []).append(i)
    active: set[int] = set()
    out: list[str] = []
    for a, b in itertools.pairwise(cuts):
        active.update(starting.get(a, ()))
        active = {i for i in active if spans[i][1] > a}
        if target and a == target["start"]:
            out.append('<span id="cited"></span>')
        piece = str(escape(text[a:b]))
        entity = next((spans[i][3] for i in active if spans[i][2] == "mention"), None)
        if entity:
            piece = f'<a class="mention" href="/entities/{escape(entity)}">{piece}</a>'
        classes = sorted({w for i in active if spans[i][2] != "mention" for w in spans[i][3].split()})
        if classes:
            piece = f'<mark class="{escape(" ".join(classes))}">{piece}</mark>'
        out.append(piece)
    return Markup("".join(out))


def article_rows(rows: dict[str, ArticleRow]) -> dict[str, dict[str, Any]]:
    return {k: _row(v) for k, v in rows.items()}
