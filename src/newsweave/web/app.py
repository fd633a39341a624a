"""The web application: FastAPI routes over :mod:`newsweave.web.pages`, each page as HTML (Jinja2, every value
escaped) and as its JSON twin (the same URL + ``.json``, or ``Accept: application/json``), documented in OpenAPI.

Every response carries a Content-Security-Policy with no inline script or style (the pages need no script: a
citation is a link to the article with the span marked and scrolled to by its fragment).  Parameters are bounded;
a bad one (or an unsearchable query) is a 400 saying what to give, never a 500.
"""

from __future__ import annotations

import os
import threading
from collections import OrderedDict
from collections.abc import Callable
from importlib import resources
from pathlib import Path
from typing import Annotated, Any
from urllib.parse import urlencode

import jinja2
from fastapi import FastAPI, Query, Request
from fastapi import Path as PathParam
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from markupsafe import Markup
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from ..errors import StoreError, UsageError
from ..render import NO_OUTLET, link_url
from . import pages, schema
from .plots import provenance_graph, timeline_plot
from .queries import Reader

CSP = ("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; form-action 'self'; "
       "base-uri 'none'; frame-ancestors 'none'")
HEADERS = [(b"content-security-policy", CSP.encode()), (b"x-content-type-options", b"nosniff"),
           (b"referrer-policy", b"no-referrer"), (b"x-frame-options", b"DENY")]
ID = Annotated[str, PathParam(pattern=r"^[A-Za-z0-9_-]{1,80}$")]
PAGE = Annotated[int, Query(ge=1, le=pages.MAX_PAGE, description="page number, from 1")]
SIZE = Annotated[int, Query(ge=1, le=pages.MAX_SIZE, description="items per page")]
TEXT = Annotated[str, Query(max_length=200)]
START = Annotated[int | None, Query(ge=0, le=10_000_000, description="a character offset into the article's text")]


class SecurityHeaders:
    """Adds the CSP and related headers to every response (a plain ASGI middleware: no per-request task)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def sending(message: Message) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = [*message.get("headers", []), *HEADERS]
            await send(message)

        await self.app(scope, receive, sending)


def _environment() -> jinja2.Environment:
    env = jinja2.Environment(loader=jinja2.PackageLoader("newsweave.web", "templates"),
                             autoescape=True, undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True)
    env.globals.update(link_url=link_url, NO_OUTLET=NO_OUTLET, cite_url=cite_url, timeline_plot=timeline_plot,
                       provenance_graph=provenance_graph, article_markup=pages.article_markup, page_url=page_url,
                       json_url=json_url, citer=citer, quoted=quoted)
    return env


def cite_url(c: dict[str, Any]) -> str:
    """The link of a citation: the article, with the span marked and scrolled to."""
    return f"/articles/{c['article']}?{urlencode({'start': c['start'], 'end': c['end']})}#cited"


def citer(words: dict[str, str], articles: dict[str, dict[str, Any]]) -> Callable[[dict[str, Any]], Markup]:
    """``by(citation)``: a link to the cited words, labelled with the article's outlet (what the pages show)."""

    def by(c: dict[str, Any]) -> Markup:
        row = articles.get(c["article"]) or {}
        said = words.get(f"{c['article']}:{c['start']}:{c['end']}", "")
        return Markup('<a class="cite" href="{}" title="{}">{}</a>').format(
            cite_url(c), said, row.get("outlet") or c["article"][:8])

    return by


def quoted(words: dict[str, str]) -> Callable[[dict[str, Any]], Markup]:
    """``said(citation)``: the cited words in a ``<q>``."""

    def said(c: dict[str, Any]) -> Markup:
        return Markup("<q>{}</q>").format(words.get(f"{c['article']}:{c['start']}:{c['end']}", ""))

    return said


def page_url(request: Request, page: int) -> str:
    params = dict(request.query_params)
    params["page"] = str(page)
    return f"{request.url.path}?{urlencode(params)}"


def json_url(request: Request) -> str:
    """The JSON twin of the page asked for."""
    path = "/stories" if request.url.path == "/" else request.url.path
    return path + ".json" + (f"?{request.url.query}" if request.url.query else "")


def wants_json(request: Request) -> bool:
    accept = request.headers.get("accept", "")
    return "application/json" in accept and "text/html" not in accept


class PageCache:
    """The last ``size`` pages served, each kept while the store file is unchanged (a write to the store — a new
    article, a regrouping, a fusion — changes its version, and every page is built afresh)."""

    def __init__(self, size: int) -> None:
        self.size = size
        self.version: tuple[int, ...] = ()
        self.pages: OrderedDict[tuple[str, str, bool], tuple[str, bytes]] = OrderedDict()
        self.lock = threading.Lock()

    def get(self, key: tuple[str, str, bool], version: tuple[int, ...]) -> tuple[str, bytes] | None:
        with self.lock:
            if version != self.version:
                self.pages.clear()
                self.version = version
                return None
            hit = self.pages.get(key)
            if hit is not None:
                self.pages.move_to_end(key)
            return hit

    def put(self, key: tuple[str, str, bool], version: tuple[int, ...], page: tuple[str, bytes]) -> None:
        if self.size <= 0:
            return
        with self.lock:
            if version == self.version:
                self.pages[key] = page
                while len(self.pages) > self.size:
                    self.pages.popitem(last=False)


def create_app(store: str | Path, *, cache_size: int = 1000) -> FastAPI:
    """The application over the store at ``store`` (opened read-only; what is added later shows without restart).
    ``cache_size`` pages are kept while the store is unchanged (0: none)."""
    reader = Reader(store)
    env = _environment()
    app = FastAPI(title="newsweave", version="1", docs_url=None, redoc_url=None,
                  description="A read-only view of a newsweave store: stories, events, entities, articles, search. "
                              "Every page is HTML; the same URL + `.json` is its JSON twin.")
    static = resources.files("newsweave.web") / "static"
    app.mount("/static", StaticFiles(directory=str(static)), name="static")
    app.add_middleware(SecurityHeaders)

    cache = PageCache(cache_size)

    def respond(request: Request, template: str, build: Callable[[], dict[str, Any]], as_json: bool) -> Response:
        as_json = as_json or wants_json(request)
        key = (request.url.path, request.url.query, as_json)
        version = (*reader.version(), *reader.index().fingerprint)  # the store's file, and what the index shows
        hit = cache.get(key, version)
        if hit is not None:
            return Response(hit[1], media_type=hit[0])
        data = build()
        if as_json:
            response: Response = JSONResponse(data)
        else:
            response = HTMLResponse(env.get_template(template).render(request=request, **data))
        cache.put(key, version, (response.media_type or "", bytes(response.body)))
        return response

    def error(request: Request, status: int, message: str) -> Response:
        if request.url.path.endswith(".json") or wants_json(request):
            return JSONResponse({"error": message}, status_code=status)
        html = env.get_template("error.html").render(request=request, status=status, message=message)
        return HTMLResponse(html, status_code=status)

    @app.exception_handler(UsageError)
    def usage(request: Request, exc: UsageError) -> Response:
        return error(request, 400, str(exc))

    @app.exception_handler(pages.NotFound)
    def missing(request: Request, exc: pages.NotFound) -> Response:
        return error(request, 404, str(exc.args[0]) if exc.args else "not found")

    @app.exception_handler(StoreError)
    def unavailable(request: Request, exc: StoreError) -> Response:
        return error(request, 503, str(exc))

    @app.exception_handler(RequestValidationError)
    def invalid(request: Request, exc: RequestValidationError) -> Response:
        problems = "; ".join(f"{'.'.join(str(p) for p in e['loc'][1:])}: {e['msg']}" for e in exc.errors())
        return error(request, 400, f"bad parameter — {problems}")

    @app.exception_handler(StarletteHTTPException)
    def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        return error(request, exc.status_code, str(exc.detail))

    ok: dict[int | str, dict[str, Any]] = {400: {"model": schema.ErrorBody}, 404: {"model": schema.ErrorBody}}

    @app.get("/stories.json", responses={200: {"model": schema.StoriesPage}, **ok}, summary="Latest stories")
    def stories_json(request: Request, page: PAGE = 1, size: SIZE = 20) -> Response:
        return respond(request, "stories.html", lambda: pages.stories_page(reader, page, size), True)

    @app.get("/", include_in_schema=False)
    @app.get("/stories", include_in_schema=False)
    def stories(request: Request, page: PAGE = 1, size: SIZE = 20) -> Response:
        return respond(request, "stories.html", lambda: pages.stories_page(reader, page, size), False)

    @app.get("/stories/{story_id}.json", responses={200: {"model": schema.StoryPage}, **ok}, summary="A story")
    def story_json(request: Request, story_id: ID, page: PAGE = 1, size: SIZE = 20) -> Response:
        return respond(request, "story.html", lambda: pages.story_page(reader, story_id, page, size), True)

    @app.get("/stories/{story_id}", include_in_schema=False)
    def story(request: Request, story_id: ID, page: PAGE = 1, size: SIZE = 20) -> Response:
        return respond(request, "story.html", lambda: pages.story_page(reader, story_id, page, size), False)

    @app.get("/events/{event_id}.json", responses={200: {"model": schema.EventPage}, **ok}, summary="An event")
    def event_json(request: Request, event_id: ID, page: PAGE = 1, size: SIZE = 20) -> Response:
        return respond(request, "event.html", lambda: pages.event_page(reader, event_id, page, size), True)

    @app.get("/events/{event_id}", include_in_schema=False)
    def event(request: Request, event_id: ID, page: PAGE = 1, size: SIZE = 20) -> Response:
        return respond(request, "event.html", lambda: pages.event_page(reader, event_id, page, size), False)

    @app.get("/entities/{entity_id}.json", responses={200: {"model": schema.EntityPage}, **ok}, summary="An entity")
    def entity_json(request: Request, entity_id: ID, page: PAGE = 1, size: SIZE = 20) -> Response:
        return respond(request, "entity.html", lambda: pages.entity_page(reader, entity_id, page, size), True)

    @app.get("/entities/{entity_id}", include_in_schema=False)
    def entity(request: Request, entity_id: ID, page: PAGE = 1, size: SIZE = 20) -> Response:
        return respond(request, "entity.html", lambda: pages.entity_page(reader, entity_id, page, size), False)

    @app.get("/articles/{article_id}.json", responses={200: {"model": schema.ArticlePage}, **ok},
             summary="An article: clean text, cited spans, removed boilerplate")
    def article_json(request: Request, article_id: ID, start: START = None, end: START = None) -> Response:
        return respond(request, "article.html", lambda: pages.article_page(reader, article_id, start, end), True)

    @app.get("/articles/{article_id}", include_in_schema=False)
    def article(request: Request, article_id: ID, start: START = None, end: START = None) -> Response:
        return respond(request, "article.html", lambda: pages.article_page(reader, article_id, start, end), False)

    def search_data(q: str, outlet: str, since: str, until: str, entity: str, page: int, size: int) -> dict[str, Any]:
        return pages.search_page(reader, q, outlet, since, until, entity, page, size)

    @app.get("/search.json", responses={200: {"model": schema.SearchPage}, **ok},
             summary="Full-text search: words and \"quoted phrases\", all required; word* is a prefix")
    def search_json(request: Request, q: Annotated[str, Query(max_length=2000)] = "", outlet: TEXT = "",
                    since: Annotated[str, Query(alias="from", max_length=10)] = "",
                    until: Annotated[str, Query(alias="to", max_length=10)] = "",
                    entity: Annotated[str, Query(max_length=80)] = "", page: PAGE = 1, size: SIZE = 20) -> Response:
        return respond(request, "search.html",
                       lambda: search_data(q, outlet, since, until, entity, page, size), True)

    @app.get("/search", include_in_schema=False)
    def search(request: Request, q: Annotated[str, Query(max_length=2000)] = "", outlet: TEXT = "",
               since: Annotated[str, Query(alias="from", max_length=10)] = "",
               until: Annotated[str, Query(alias="to", max_length=10)] = "",
               entity: Annotated[str, Query(max_length=80)] = "", page: PAGE = 1, size: SIZE = 20) -> Response:
        return respond(request, "search.html",
                       lambda: search_data(q, outlet, since, until, entity, page, size), False)

    return app


def app_from_environment() -> FastAPI:
    """The application over the store named by ``NEWSWEAVE_STORE``: what ``serve --workers N`` starts in each worker
    process (uvicorn needs an import string to start several)."""
    return create_app(os.environ["NEWSWEAVE_STORE"], cache_size=int(os.environ.get("NEWSWEAVE_PAGE_CACHE", "1000")))
