"""The shapes of the JSON twins, as pydantic models over the domain records: what OpenAPI documents (``/openapi.json``)
and what the tests validate every JSON page against.  The pages are built by :mod:`newsweave.web.pages`."""

from __future__ import annotations

from pydantic import BaseModel

from ..model import Article, Entity, Event, EventAction, Provenance, QuoteGroup
from .queries import ArticleRow, EventRow, StoryRow


class PageInfo(BaseModel):
    page: int
    size: int
    total: int | None
    has_next: bool
    has_prev: bool


class StoriesPage(BaseModel):
    stories: list[StoryRow]
    page: PageInfo


class StoryPage(BaseModel):
    story: StoryRow
    events: list[EventRow]
    page: PageInfo


class EventPage(BaseModel):
    """One page of an event: its lists (claims, quote groups, disagreements — real ones first —, timeline, actions,
    articles) cut to the page; ``words`` holds the words of every citation shown (``"article:start:end"``)."""

    event: Event
    info: EventRow | None
    real_disagreements: int
    words: dict[str, str]
    articles: dict[str, ArticleRow]
    provenance: list[Provenance]
    entities: dict[str, str]
    more: dict[str, bool]
    page: PageInfo


class EntityQuote(BaseModel):
    event: str
    group: QuoteGroup


class EntityAction(BaseModel):
    event: str
    action: EventAction


class EntityPage(BaseModel):
    entity: Entity
    mention_count: int
    events: list[EventRow]
    quotes: list[EntityQuote]
    actions: list[EntityAction]
    words: dict[str, str]
    articles: dict[str, ArticleRow]
    page: PageInfo


class Cited(BaseModel):
    start: int
    end: int
    kinds: list[str]


class MentionLink(BaseModel):
    start: int
    end: int
    entity: str
    name: str


class SpanModel(BaseModel):
    start: int
    end: int


class ArticlePage(BaseModel):
    article: Article
    event: EventRow | None
    provenance: Provenance | None
    derived_from: ArticleRow | None
    cited: list[Cited]
    mentions: list[MentionLink]
    target: SpanModel | None


class SnippetPart(BaseModel):
    text: str
    hit: bool


class SearchHit(BaseModel):
    article: ArticleRow
    snippet: list[SnippetPart]


class SearchPage(BaseModel):
    query: str
    filters: dict[str, str | None]
    hits: list[SearchHit]
    outlets: list[str]
    page: PageInfo


class ErrorBody(BaseModel):
    error: str
