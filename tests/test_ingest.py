"""Ingest reads every supported container into raw documents, and turns each bad item into a Failure."""

from __future__ import annotations

import gzip
import io
import json
from pathlib import Path

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from newsweave.ingest import RawDocument, read_documents
from newsweave.model import Failure

BODY = (
    "Ministers of the two countries met in Vienna on Tuesday to discuss the border dispute that has strained "
    "relations for a decade. The talks lasted four hours and ended without a joint statement. "
)
PAGE = f"""<!doctype html>
<html lang="en"><head>
<title>Ministers meet in Vienna over border dispute | The Daily Example</title>
<meta property="og:title" content="Ministers meet in Vienna over border dispute">
<meta property="og:site_name" content="The Daily Example">
<meta name="author" content="Ana Writer">
<meta property="article:published_time" content="2022-01-11T09:30:00Z">
<link rel="canonical" href="https://daily.example.org/world/vienna-talks">
</head><body>
<nav><a href="/">Home</a> <a href="/world">World</a> <a href="/subscribe">Subscribe</a></nav>
<article><h1>Ministers meet in Vienna over border dispute</h1>
<p>{BODY * 2}</p>
<p>{BODY}A spokesman said further meetings were planned for the spring, but no date has been set.</p>
</article>
<footer>Copyright 2022 The Daily Example. All rights reserved.</footer>
</body></html>"""


def _docs(*paths: Path) -> tuple[list[RawDocument], list[Failure]]:
    docs, failures = [], []
    for item in read_documents(paths):
        (failures if isinstance(item, Failure) else docs).append(item)
    return docs, failures  # type: ignore[return-value]


def _warc(records: list[tuple[str, bytes, str]], *, gz: bool) -> bytes:
    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=gz)
    for url, body, ctype in records:
        headers = StatusAndHeaders("200 OK", [("Content-Type", ctype)], protocol="HTTP/1.1")
        record = writer.create_warc_record(url, "response", payload=io.BytesIO(body), length=len(body),
                                           http_headers=headers)
        writer.write_record(record)
    return buffer.getvalue()


def test_html_page_gives_main_text_and_metadata(tmp_path: Path) -> None:
    (tmp_path / "page.html").write_text(PAGE, encoding="utf-8")
    (doc,), failures = _docs(tmp_path / "page.html")
    assert not failures
    assert doc.title == "Ministers meet in Vienna over border dispute"
    assert "met in Vienna on Tuesday" in doc.text and "further meetings were planned" in doc.text
    assert "Subscribe" not in doc.text and "All rights reserved" not in doc.text
    assert doc.published == "2022-01-11"
    assert doc.author == "Ana Writer"
    assert doc.outlet == "The Daily Example"
    assert doc.url == "https://daily.example.org/world/vienna-talks"


def test_jsonl_records_with_text_or_html_become_articles_with_their_fields(tmp_path: Path) -> None:
    records = [
        {"id": "r1", "title": "Talks end", "text": BODY, "url": "https://x.example/1", "outlet": "X",
         "published": "2022-01-12T10:00:00", "language": "en"},
        {"id": "r2", "html": PAGE},
    ]
    path = tmp_path / "batch.jsonl"
    path.write_text("\n".join(json.dumps(r) for r in records), encoding="utf-8")
    (first, second), failures = _docs(path)
    assert not failures
    assert (first.title, first.outlet, first.published, first.language) == ("Talks end", "X", "2022-01-12", "en")
    assert first.item == "line 1 (id r1)"
    assert second.title == "Ministers meet in Vienna over border dispute" and second.published == "2022-01-11"


def test_json_array_is_read_record_by_record_and_a_bad_record_is_its_own_failure(tmp_path: Path) -> None:
    path = tmp_path / "batch.json"
    path.write_text(json.dumps([{"text": BODY}, {"title": "no body"}, "not an object"]), encoding="utf-8")
    docs, failures = _docs(path)
    assert len(docs) == 1
    assert [f.item for f in failures] == ["record 2", "record 3"]
    assert "'text' nor an 'html'" in failures[0].reason


@pytest.mark.parametrize("gz", [False, True])
def test_warc_html_responses_are_articles_and_other_records_are_skipped(tmp_path: Path, gz: bool) -> None:
    data = _warc([("https://daily.example.org/a", PAGE.encode(), "text/html; charset=utf-8"),
                  ("https://daily.example.org/logo.png", b"\x89PNG....", "image/png")], gz=gz)
    path = tmp_path / ("crawl.warc.gz" if gz else "crawl.warc")
    path.write_bytes(data)
    (doc,), failures = _docs(path)
    assert not failures
    assert doc.url == "https://daily.example.org/world/vienna-talks"  # the page's canonical URL
    assert doc.item == "https://daily.example.org/a"
    assert "met in Vienna" in doc.text


def test_warc_without_html_responses_is_a_failure(tmp_path: Path) -> None:
    path = tmp_path / "images.warc"
    path.write_bytes(_warc([("https://x.example/logo.png", b"\x89PNG", "image/png")], gz=False))
    docs, (failure,) = _docs(path)
    assert not docs and "no HTML responses" in failure.reason


def test_gzip_of_any_format_is_read_as_that_format(tmp_path: Path) -> None:
    (tmp_path / "a.txt.gz").write_bytes(gzip.compress(f"Headline here\n\n{BODY}".encode()))
    (tmp_path / "b.jsonl.gz").write_bytes(gzip.compress(json.dumps({"text": BODY, "title": "T"}).encode()))
    (tmp_path / "c.html.gz").write_bytes(gzip.compress(PAGE.encode()))
    docs, failures = _docs(tmp_path)
    assert not failures
    assert [d.format for d in docs] == ["txt", "jsonl", "html"]


def test_rss_feed_entries_become_articles_with_link_date_and_site(tmp_path: Path) -> None:
    feed = f"""<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>Example Wire</title><link>https://wire.example</link>
<item><title>Talks in Vienna end</title><link>https://wire.example/1</link>
<pubDate>Tue, 11 Jan 2022 10:00:00 GMT</pubDate><description><![CDATA[<p>{BODY}</p>]]></description></item>
<item><title>Second</title><link>https://wire.example/2</link><description>{BODY}</description></item>
</channel></rss>"""
    (tmp_path / "wire.rss").write_text(feed, encoding="utf-8")
    docs, failures = _docs(tmp_path / "wire.rss")
    assert not failures
    assert [d.title for d in docs] == ["Talks in Vienna end", "Second"]
    assert docs[0].published == "2022-01-11" and docs[0].outlet == "Example Wire"
    assert docs[0].url == "https://wire.example/1" and "met in Vienna" in docs[0].text


def test_html_saved_as_txt_is_extracted_as_html(tmp_path: Path) -> None:
    (tmp_path / "saved.txt").write_text(PAGE, encoding="utf-8")
    (doc,), _ = _docs(tmp_path / "saved.txt")
    assert doc.format == "html" and "<p>" not in doc.text


def test_folders_are_read_recursively_in_order_skipping_hidden_and_unknown_files(tmp_path: Path) -> None:
    (tmp_path / "sub" / "deeper").mkdir(parents=True)
    (tmp_path / "sub" / "deeper" / "b.txt").write_text(f"B\n\n{BODY}", encoding="utf-8")
    (tmp_path / "a.txt").write_text(f"A\n\n{BODY}", encoding="utf-8")
    (tmp_path / ".hidden.txt").write_text(f"H\n\n{BODY}", encoding="utf-8")
    (tmp_path / "notes.docx").write_bytes(b"PK\x03\x04")
    docs, failures = _docs(tmp_path)
    assert not failures
    assert [Path(d.path).name for d in docs] == ["a.txt", "b.txt"]


def test_oversized_and_missing_inputs_are_failures_with_reasons(tmp_path: Path) -> None:
    big = tmp_path / "big.txt"
    big.write_text("word " * 1000, encoding="utf-8")
    items = list(read_documents([big, tmp_path / "nope.txt"], max_bytes=100))
    assert all(isinstance(i, Failure) for i in items)
    reasons = [i.reason for i in items if isinstance(i, Failure)]
    assert "oversized" in reasons[0] and "no such file" in reasons[1]


def test_html_without_article_text_is_a_failure(tmp_path: Path) -> None:
    (tmp_path / "empty.html").write_text("<html><body><script>var x = 1;</script></body></html>", encoding="utf-8")
    docs, (failure,) = _docs(tmp_path / "empty.html")
    assert not docs and "no article text" in failure.reason
