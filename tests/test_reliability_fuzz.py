"""Property-based: ingest, cleaning and the quote parser never raise on any bytes or text, and every input ends
as articles or a recorded failure.

`make test` runs a bounded, derandomised number of examples.  The nightly fuzz raises it (see
docs/reliability.md):

    NEWSWEAVE_FUZZ_EXAMPLES=20000 .venv/bin/python -m pytest tests/test_reliability_fuzz.py \
        -p no:cacheprovider --hypothesis-show-statistics
"""

from __future__ import annotations

import gzip
import io
import json
import os
import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from newsweave import Weaver
from newsweave.clean import LineStats, clean_document
from newsweave.ingest import MAX_CHARS, RawDocument, documents_from_bytes
from newsweave.model import Failure, Mention, MentionKind
from newsweave.quotes import extract_quotes

FUZZ = int(os.environ.get("NEWSWEAVE_FUZZ_EXAMPLES", "0"))
COMMON = {"deadline": None, "database": None,
          "suppress_health_check": [HealthCheck.too_slow, HealthCheck.data_too_large,
                                    HealthCheck.function_scoped_fixture]}
settings.register_profile("bounded", derandomize=True, **COMMON)  # type: ignore[arg-type]
settings.register_profile("fuzz", derandomize=False, **COMMON)  # type: ignore[arg-type]
settings.load_profile("fuzz" if FUZZ else "bounded")


def examples(bounded: int) -> int:
    """``bounded`` examples in the test suite; NEWSWEAVE_FUZZ_EXAMPLES for a long fuzz run."""
    return FUZZ or bounded


SUFFIXES = ["a.txt", "a.html", "a.json", "a.jsonl", "a.warc", "a.rss", "a.xml", "a.atom", "a.txt.gz", "a.warc.gz",
            "a.jsonl.gz", "a.md", "a"]
PAGE = ("<!doctype html><html><head><title>Talks end in Vienna</title><meta property='og:site_name' content='X'>"
        "</head><body><article><p>" + "Ministers met in Vienna on Tuesday and said the talks would go on. " * 8 +
        "</p></article></body></html>")
FEED = ("<?xml version='1.0'?><rss version='2.0'><channel><title>Wire</title><item><title>T</title>"
        "<link>https://w.example/1</link><pubDate>Thu, 13 Jan 2022 10:00:00 GMT</pubDate>"
        f"<description><![CDATA[{PAGE}]]></description></item></channel></rss>")


def _warc(body: bytes, url: str | None = "https://x.example/a") -> bytes:
    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=False)
    headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html")], protocol="HTTP/1.1")
    record = writer.create_warc_record(url or "", "response", payload=io.BytesIO(body), length=len(body),
                                       http_headers=headers)
    if url is None:
        record.rec_headers.remove_header("WARC-Target-URI")
    writer.write_record(record)
    return buffer.getvalue()


SEEDS = [
    PAGE.encode(),
    FEED.encode(),
    json.dumps({"title": "T", "text": "NATO met Russia.", "outlet": "X", "published": "2022-01-12"}).encode(),
    json.dumps([{"text": "One."}, {"html": PAGE}], indent=2).encode(),
    _warc(PAGE.encode()),
    _warc(PAGE.encode(), url=None),
    b"Headline here\n\nNATO met Russia in Brussels on Wednesday, officials said.\n",
]


@st.composite
def mutated(draw: st.DrawFn) -> bytes:
    """A valid input of some format, then cut, spliced with random bytes, bit-flipped or gzipped."""
    data = bytearray(draw(st.sampled_from(SEEDS)))
    for _ in range(draw(st.integers(0, 4))):
        op = draw(st.sampled_from(["cut", "insert", "flip", "delete"]))
        at = draw(st.integers(0, max(0, len(data) - 1)))
        if op == "cut":
            del data[at:]
        elif op == "insert":
            data[at:at] = draw(st.binary(max_size=40))
        elif op == "flip" and data:
            data[at] ^= 1 << draw(st.integers(0, 7))
        elif op == "delete":
            del data[at:at + draw(st.integers(1, 50))]
    out = bytes(data)
    return gzip.compress(out) if draw(st.booleans()) and len(out) < 5000 else out


ANY_BYTES = st.one_of(
    st.binary(max_size=2000),
    st.text(max_size=2000).map(lambda t: t.encode("utf-8", "surrogatepass")),
    mutated(),
    st.binary(max_size=500).map(gzip.compress),
)
_SURROGATE_OR_CONTROL = re.compile("[\ud800-\udfff\x00-\x08\x0e-\x1f\x7f]")


def _clean_string(value: str | None) -> bool:
    return value is None or not _SURROGATE_OR_CONTROL.search(value)


@settings(max_examples=examples(300))
@given(name=st.sampled_from(SUFFIXES), data=ANY_BYTES)
def test_any_bytes_end_as_documents_or_failures_with_reasons(name: str, data: bytes) -> None:
    items = documents_from_bytes(name, data)
    assert items, "every input ends as an article or a recorded failure"
    for item in items:
        assert isinstance(item, (RawDocument, Failure))
        if isinstance(item, Failure):
            assert item.reason.strip() and _clean_string(item.reason) and _clean_string(item.item)
        else:
            assert len(item.text) <= MAX_CHARS
            for value in (item.text, item.title, item.url, item.outlet, item.item, item.author, item.published):
                assert _clean_string(value)
            article = clean_document(item, LineStats())
            assert (article.id and article.text == article.text.strip()) or not article.text.strip()
            json.dumps(article.text, ensure_ascii=False).encode("utf-8")  # storable and printable


@settings(max_examples=examples(120))
@given(records=st.lists(st.dictionaries(
    st.sampled_from(["text", "html", "title", "url", "outlet", "published", "date", "author", "id", "language"]),
    st.recursive(st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=60),
                 lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner, max_size=3),
                 max_leaves=6)), min_size=1, max_size=5), pretty=st.booleans())
def test_json_records_of_any_shape_are_articles_or_per_record_failures(records: list[dict[str, object]],
                                                                       pretty: bool) -> None:
    data = (json.dumps(records, indent=2) if pretty else "\n".join(json.dumps(r) for r in records)).encode()
    items = documents_from_bytes("batch.jsonl", data)
    assert len(items) == len(records)  # one outcome per record, in order
    for record, item in zip(records, items, strict=True):
        if isinstance(item, RawDocument):
            assert isinstance(record.get("text") or record.get("html"), str)
            for value in (item.title, item.url, item.outlet, item.author):
                assert value is None or isinstance(value, str)


QUOTE_WORDS = ["“", "”", '"', "«", "»", "‘", "’", "'", "„", ",", ".", ":", "\n", "\n\n", "said", "says", "told",
               "according to", "he", "she", "they", "Putin", "Vladimir Putin", "Stoltenberg", "the minister",
               "NATO", "Russia", "We", "will", "not", "accept", "it", "—", "(", ")", "asked", "added", "Mr.", "that"]


@pytest.fixture(scope="module")
def nlp(weaver: Weaver) -> object:
    return weaver.analyzer.pipeline()


@settings(max_examples=examples(80))
@given(text=st.one_of(st.lists(st.sampled_from(QUOTE_WORDS), max_size=80).map(" ".join),
                      st.text(max_size=400)))
def test_the_quote_parser_never_raises_and_every_quote_lies_in_the_text(nlp: object, text: str) -> None:
    doc = nlp(text)  # type: ignore[operator]
    mentions = [Mention(e.start_char, e.end_char, MentionKind.PERSON, e.label_) for e in doc.ents
                if e.label_ == "PERSON"]
    for quote in extract_quotes("a0000000000000000", text, doc, mentions):
        assert 0 <= quote.start <= quote.end <= len(text)
        for piece in quote.pieces:
            assert 0 <= piece.start <= piece.end <= len(text)
        if quote.speaker is not None:
            assert 0 <= quote.speaker.start <= quote.speaker.end <= len(text)
