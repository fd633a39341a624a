"""account.json follows its schema and cites real spans; report.html is self-contained; the API is small."""

from __future__ import annotations

import json
import re
from pathlib import Path

import jsonschema

import newsweave
from newsweave import Account, account_json, render_html, write_outputs

SCHEMA = Path(__file__).resolve().parents[1] / "docs" / "account.schema.json"


def test_account_json_validates_against_the_documented_schema(seeds_account: Account) -> None:
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    jsonschema.Draft202012Validator(schema).validate(account_json(seeds_account))


def test_every_citation_in_the_json_points_at_the_words_it_claims(seeds_account: Account) -> None:
    data = account_json(seeds_account)
    texts = {a["id"]: a["text"] for a in data["articles"]}
    entity_names = {e["id"]: e for e in data["entities"]}
    for event in data["events"]:
        for attribute in (event["when"], event["where"]):
            if attribute is None:
                continue
            words = {texts[c["article"]][c["start"]:c["end"]] for c in attribute["citations"]}
            assert all(attribute["value"].lower() in w.lower() for w in words), (attribute["value"], words)
    for article in data["articles"]:
        for mention in article["mentions"]:
            entity = entity_names[mention["entity"]]
            assert {"article": article["id"], "start": mention["start"], "end": mention["end"]} in entity["mentions"]


def test_outputs_are_written_and_the_report_needs_nothing_from_the_network(tmp_path: Path,
                                                                             seeds_account: Account) -> None:
    written = write_outputs(seeds_account, tmp_path / "out")
    assert json.loads(written["json"].read_text(encoding="utf-8"))["schema_version"] == 1
    html = written["html"].read_text(encoding="utf-8")
    assert not re.search(r"<(script|link|img)[^>]+(src|href)=\"https?://", html)
    for article in seeds_account.articles:
        assert f'id="art-{article.id}"' in html
    assert html == render_html(seeds_account)


def test_report_escapes_text_from_the_articles() -> None:
    article = newsweave.Article(id="a0000000000000000", path="x.txt", text="<script>alert(1)</script> & co",
                                title="<b>t</b>")
    html = render_html(Account(articles=(article,)))
    assert "<script>alert(1)</script>" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_public_api_is_what_all_lists() -> None:
    assert sorted(newsweave.__all__) == sorted(
        ["Account", "Analysis", "Article", "Attribute", "Citation", "DateMention", "Entity", "Event", "Failure",
         "InputError", "Mention", "MentionKind", "ModelError", "NewsweaveError", "Quote", "QuoteKind", "Sentence",
         "Span", "Speaker", "Store", "Story",
         "StoreError", "UsageError", "WeaveResult", "Weaver", "__version__", "account_json", "render_html", "weave",
         "write_outputs"])
    for name in newsweave.__all__:
        assert hasattr(newsweave, name), name
    for error in (newsweave.InputError, newsweave.UsageError, newsweave.StoreError, newsweave.ModelError):
        assert issubclass(error, newsweave.NewsweaveError)


def _report_with(kind: str) -> str:
    from newsweave.model import Disagreement, Event, Story, SummarySentence, Value

    text = "About 150 migrants reached the border on Monday. Roughly 400 migrants reached it, officials said."
    a = newsweave.Article(id="a0000000000000001", path="a.txt", text=text, title="Caravan")
    first, second = newsweave.Citation(a.id, 0, 9), newsweave.Citation(a.id, 50, 60)
    d = Disagreement("d1", kind, "migrants", (Value("about 150", (first,), 1), Value("roughly 400", (second,), 1)))
    event = Event("e1", "Caravan", "s1", (a.id,), summary=(SummarySentence(newsweave.Citation(a.id, 0, 48), None, 1),),
                  disagreements=(d,))
    return render_html(Account(articles=(a,), events=(event,), stories=(Story("s1", "Caravan", ("e1",)),)))


def test_the_disagreement_panel_comes_first_when_it_holds_a_conflict_and_titles_alone_come_after() -> None:
    conflict, titles = _report_with("number"), _report_with("title")
    assert conflict.index("Where the reports disagree") < conflict.index("<h4>Summary</h4>")
    assert titles.index("<h4>Summary</h4>") < titles.index("Where the reports disagree")
