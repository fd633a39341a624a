"""``newsweave serve``: the web application on 127.0.0.1 over a woven store — JSON twins valid against their
OpenAPI schema, hostile text escaped, CSP without inline script, FTS5 queries never a 500, bounded parameters,
new material shown without a restart, and the pages driven in headless Chromium."""

from __future__ import annotations

import json
import os
import shutil
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from jsonschema import Draft202012Validator

from newsweave import Store, Weaver
from newsweave.web import create_app

CHROMIUM = Path(os.environ.get("NEWSWEAVE_CHROMIUM", "/usr/bin/chromium"))
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync"]
HOSTILE = {
    "title": "<script>alert('title')</script> Talks <img src=x onerror=alert(1)>",
    "outlet": "<b onmouseover=alert(2)>Evil Outlet</b>",
    "url": "javascript:alert(3)",
    "published": "2022-01-13",
    "text": ("NATO Secretary General Jens Stoltenberg said on Wednesday that the <script>alert('text')</script> "
             "talks in Brussels with Russia were difficult. <img src=x onerror=alert(4)> Russian Deputy Foreign "
             "Minister Alexander Grushko said Moscow rejected the proposals. See javascript:alert(5) and "
             "<a href=\"javascript:alert(6)\">this link</a>.\n\nThe meeting lasted four hours, officials said."),
}


class Server:
    """The application served by uvicorn in a thread, on 127.0.0.1 and a free port."""

    def __init__(self, store: Path) -> None:
        import uvicorn

        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            self.port = s.getsockname()[1]
        self.server = uvicorn.Server(uvicorn.Config(create_app(store), host="127.0.0.1", port=self.port,
                                                    log_level="warning"))
        self.thread = threading.Thread(target=self.server.run, daemon=True)
        self.thread.start()
        deadline = time.monotonic() + 20
        while not self.server.started:
            if time.monotonic() > deadline or not self.thread.is_alive():
                raise RuntimeError("the server did not start within 20 s")
            time.sleep(0.05)
        self.url = f"http://127.0.0.1:{self.port}"

    def stop(self) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=10)


@pytest.fixture(scope="module")
def web_store(tmp_path_factory: pytest.TempPathFactory, seeds_store: Path) -> Path:
    """A copy of the woven examples, served; the hostile article is woven into it by a test (while served)."""
    path = tmp_path_factory.mktemp("web") / "newsweave.db"
    shutil.copy(seeds_store, path)
    return path


@pytest.fixture(scope="module")
def server(web_store: Path) -> Iterator[Server]:
    running = Server(web_store)
    yield running
    running.stop()


@pytest.fixture(scope="module")
def client(server: Server) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=server.url, timeout=30, trust_env=False) as c:
        yield c


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory, web_store: Path, weaver: Weaver, server: Server) -> str:
    """Weave an article full of markup into the store *while it is served*; its id."""
    folder = tmp_path_factory.mktemp("hostile")
    (folder / "hostile.jsonl").write_text(json.dumps(HOSTILE) + "\n", encoding="utf-8")
    with Store(web_store) as store:
        result = weaver.run([folder], store)
    assert result.added, result.failures
    return result.added[0]


def validate(openapi: dict[str, Any], model: str, data: Any) -> None:
    schema = {"$ref": f"#/components/schemas/{model}", "components": openapi["components"]}
    errors = sorted(Draft202012Validator(schema).iter_errors(data), key=lambda e: list(e.path))
    assert not errors, [f"{list(e.path)}: {e.message}" for e in errors[:5]]


def first_event(client: httpx.Client) -> dict[str, Any]:
    stories = client.get("/stories.json").json()["stories"]
    story = client.get(f"/stories/{stories[0]['id']}.json").json()
    return client.get(f"/events/{max(story['events'], key=lambda e: e['reports'])['id']}.json").json()


def test_every_json_twin_is_valid_against_its_openapi_schema(client: httpx.Client) -> None:
    openapi = client.get("/openapi.json").json()
    stories = client.get("/stories.json")
    assert stories.status_code == 200
    validate(openapi, "StoriesPage", stories.json())
    story_id = stories.json()["stories"][0]["id"]
    story = client.get(f"/stories/{story_id}.json").json()
    validate(openapi, "StoryPage", story)
    event = first_event(client)
    validate(openapi, "EventPage", event)
    assert event["event"]["claims"] and event["words"]
    speaker = next(g["speaker"] for g in event["event"]["quote_groups"] if g["speaker"])
    validate(openapi, "EntityPage", client.get(f"/entities/{speaker}.json").json())
    article_id = event["event"]["articles"][0]
    article = client.get(f"/articles/{article_id}.json", params={"start": 0, "end": 5}).json()
    validate(openapi, "ArticlePage", article)
    assert article["cited"] and article["target"] == {"start": 0, "end": 5}
    search = client.get("/search.json", params={"q": "Stoltenberg"}).json()
    validate(openapi, "SearchPage", search)
    assert search["hits"] and any(p["hit"] for p in search["hits"][0]["snippet"])
    validate(openapi, "ErrorBody", client.get("/events/nope.json").json())
    assert {"/stories.json", "/events/{event_id}.json", "/search.json"} <= set(openapi["paths"])


@pytest.mark.parametrize("accept, kind", [("application/json", "application/json"), ("text/html", "text/html"),
                                          ("*/*", "text/html")])
def test_the_accept_header_chooses_the_json_twin_or_the_page(client: httpx.Client, accept: str, kind: str) -> None:
    response = client.get("/stories", headers={"Accept": accept})
    assert response.headers["content-type"].startswith(kind)


def test_every_page_has_a_csp_without_inline_script_and_escapes_hostile_text(client: httpx.Client,
                                                                               hostile: str) -> None:
    event_id = client.get(f"/articles/{hostile}.json").json()["event"]["id"]
    pages = ["/", f"/events/{event_id}", f"/articles/{hostile}", "/search?q=alert",
             f"/search?q=Stoltenberg&outlet={HOSTILE['outlet']}", "/events/%3Cscript%3E", "/search?q=%22"]
    for url in pages:
        response = client.get(url)
        assert response.status_code in (200, 400, 404), url
        csp = response.headers["content-security-policy"]
        assert "script-src 'self'" in csp and "unsafe-inline" not in csp
        body = response.text
        assert "<script" not in body.lower(), url  # no inline (nor any) script on any page
        assert "<img" not in body and "<b onmouseover" not in body, url  # the words are there, escaped
        assert 'href="javascript:' not in body.lower() and " style=" not in body, url
    article = client.get(f"/articles/{hostile}").text
    assert "&lt;script&gt;alert(&#39;text&#39;)&lt;/script&gt;" in article
    assert "&lt;b onmouseover=alert(2)&gt;Evil Outlet&lt;/b&gt;" in article
    assert "javascript:alert(3)" in article  # shown as words, never as a link


def test_the_server_shows_new_material_without_a_restart(client: httpx.Client, hostile: str) -> None:
    """The hostile article was woven into the store after the server had served it."""
    assert client.get(f"/articles/{hostile}.json").status_code == 200
    hits = client.get("/search.json", params={"q": "four hours officials"}).json()["hits"]
    assert hits[0]["article"]["id"] == hostile
    events = {e["id"] for s in client.get("/stories.json").json()["stories"]
              for e in client.get(f"/stories/{s['id']}.json").json()["events"]}
    assert client.get(f"/articles/{hostile}.json").json()["event"]["id"] in events


@pytest.mark.parametrize("query", [
    '"', '""', '"real risk', 'risk"', "*", "risk*", "NEAR(risk conflict)", "NEAR(", "risk AND", "OR", "NOT risk",
    "-risk", "^risk", "title:risk", "risk:", "(risk", "risk)", "{risk}", "'", "risk ' OR 1=1 --", "\\", "\x00",
    "é", "😀", "a" * 1999, " ".join(f"w{i}" for i in range(60)), "%", "_",
])
def test_any_search_query_gives_results_or_a_clear_400_never_a_500(client: httpx.Client, query: str) -> None:
    response = client.get("/search.json", params={"q": query})
    assert response.status_code in (200, 400), response.text
    if response.status_code == 400:
        assert response.json()["error"]


@pytest.mark.parametrize("url", [
    "/stories.json?size=101", "/stories.json?page=0", "/stories.json?page=abc", "/stories.json?page=1001",
    "/search.json?q=risk&from=yesterday", "/search.json?q=risk&size=0", "/articles/x.json?start=5&end=2",
    "/search.json?q=" + "x" * 2001,
])
def test_parameters_are_bounded(client: httpx.Client, url: str) -> None:
    response = client.get(url)
    assert response.status_code in (400, 404), (url, response.text)
    assert response.json()["error"]


def test_search_filters_by_outlet_date_and_entity(client: httpx.Client) -> None:
    everything = client.get("/search.json", params={"q": "NATO", "size": 100}).json()["hits"]
    outlet = next(h["article"]["outlet"] for h in everything if h["article"]["outlet"])
    by_outlet = client.get("/search.json", params={"q": "NATO", "outlet": outlet}).json()["hits"]
    assert by_outlet and all(h["article"]["outlet"] == outlet for h in by_outlet)
    late = client.get("/search.json", params={"q": "NATO", "from": "2100-01-01"}).json()["hits"]
    assert late == []
    event = first_event(client)
    speaker = next(g["speaker"] for g in event["event"]["quote_groups"] if g["speaker"])
    about = client.get("/search.json", params={"q": "NATO", "entity": speaker}).json()
    assert about["hits"] and len(about["hits"]) <= len(everything) and about["filters"]["entity_name"]


def test_pagination_walks_the_claims_of_an_event(client: httpx.Client) -> None:
    event = first_event(client)
    eid = event["event"]["id"]
    first = client.get(f"/events/{eid}.json", params={"size": 2}).json()
    second = client.get(f"/events/{eid}.json", params={"size": 2, "page": 2}).json()
    assert len(first["event"]["claims"]) == 2 and first["more"]["claims"]
    assert {c["id"] for c in first["event"]["claims"]}.isdisjoint(c["id"] for c in second["event"]["claims"])


@pytest.mark.browser
@pytest.mark.skipif(not CHROMIUM.exists(), reason=f"no Chromium at {CHROMIUM} (make test installs it as root)")
def test_a_reader_goes_story_event_entity_article_and_follows_a_citation(server: Server,
                                                                         client: httpx.Client) -> None:
    from playwright.sync_api import sync_playwright

    event = first_event(client)
    claim = event["event"]["claims"][0]
    cite = claim["support"][0]
    expected = event["words"][f"{cite['article']}:{cite['start']}:{cite['end']}"]
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        try:
            page = browser.new_page(viewport={"width": 1200, "height": 800})
            violations: list[str] = []
            page.on("console", lambda m: violations.append(m.text) if "Content Security Policy" in m.text else None)
            page.goto(server.url + "/")
            page.locator("a.story").first.click()
            page.wait_for_url("**/stories/*", timeout=10_000)
            page.locator(f'a.event[href="/events/{event["event"]["id"]}"]').click()
            page.wait_for_url("**/events/*", timeout=10_000)
            assert page.locator("#claims tbody tr").count() == len(event["event"]["claims"])
            page.locator("#quotes a.entity").first.click()
            page.wait_for_url("**/entities/*", timeout=10_000)
            assert page.locator("#mentions li").count() > 0
            page.locator("#events a.event").first.click()
            page.wait_for_url("**/events/*", timeout=10_000)
            page.locator("#sources a.article").first.click()
            page.wait_for_url("**/articles/*", timeout=10_000)
            assert page.locator("article.text mark").count() > 0  # the spans the account cites
            # follow a citation from the event page to its words, highlighted and scrolled to
            page.goto(server.url + f"/events/{event['event']['id']}")
            page.locator("#claims tbody tr").first.locator("a.cite").first.click()
            page.wait_for_url("**#cited", timeout=10_000)
            marks = page.locator("article.text mark.target")
            assert "".join(marks.all_inner_texts()) == expected
            page.wait_for_function("(() => { const r = document.querySelector('article.text mark.target')"
                                   ".getBoundingClientRect();"
                                   " return r.top >= 0 && r.bottom <= window.innerHeight; })()", timeout=5000)
            # search from the header form
            page.fill("header input[name=q]", "Stoltenberg")
            page.press("header input[name=q]", "Enter")
            page.wait_for_url("**/search?q=Stoltenberg*", timeout=10_000)
            assert page.locator("ol.hits li").count() > 0 and page.locator("p.snippet mark").count() > 0
            page.locator("a.hit").first.click()
            page.wait_for_url("**/articles/*", timeout=10_000)
            assert not violations, violations
        finally:
            browser.close()


def test_serve_without_a_store_says_what_to_run(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from newsweave.cli import main

    result = CliRunner().invoke(main, ["serve", "--out", str(tmp_path / "empty")])
    assert result.exit_code == 2 and "newsweave run" in result.output


def test_the_story_index_follows_the_store_but_lags_while_a_large_one_is_written(tmp_path: Path,
                                                                                 seeds_store: Path) -> None:
    import sqlite3

    from newsweave.web import Reader

    path = tmp_path / "newsweave.db"
    shutil.copy(seeds_store, path)
    reader = Reader(path)
    before = len(reader.index().stories)
    with sqlite3.connect(path) as db:
        db.execute("INSERT INTO stories (id, title) VALUES ('s-new', 'A new story')")
    assert len(reader.index().stories) == before + 1  # a small store: rebuilt at once
    reader._index.seconds = 1000.0  # as if building it took long: it is not rebuilt again at once …
    with sqlite3.connect(path) as db:
        db.execute("INSERT INTO stories (id, title) VALUES ('s-newer', 'A newer story')")
    assert len(reader.index().stories) == before + 1
    reader._index.seconds = 0.0  # … but once its time has passed
    assert len(reader.index().stories) == before + 2
