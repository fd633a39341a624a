"""Formats: the bytes of one file → raw documents, by container — text, HTML, JSON / JSONL, WARC, RSS / Atom.

Every reader here is given bytes (or a stream, for WARC) that :mod:`newsweave.ingest` read under its caps, and
yields a :class:`RawDocument` per article or a :class:`~newsweave.model.Failure` per bad item.  Hostile input
is expected: every record body is read under a cap, nothing is fetched or opened by name, and whatever a
parser raises on one item becomes that item's Failure with a reason.
"""

from __future__ import annotations

import contextlib
import email.utils
import io
import json
import logging
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import IO, Any

from .errors import InputError
from .model import Failure
from .outlets import outlet_name, registered_domain, url_host

MAX_BYTES = 20 * 1024 * 1024
"""Files (after decompression) and WARC record bodies larger than this are refused as oversized."""

MAX_LINE = 1024 * 1024
"""WARC and HTTP header lines are read at most this long (a longer one is cut, and parsing fails on the rest)."""

logging.getLogger("warcio").addHandler(logging.NullHandler())  # its warnings are ours to report, not to print


@dataclass(frozen=True, slots=True)
class RawDocument:
    """One article as extracted from its container, before cleaning.

    ``title`` is ``None`` when the title is the first line of ``text`` (plain-text files): cleaning
    decides which line that is, after boilerplate at the top is gone.
    """

    path: str
    text: str
    title: str | None = None
    item: str | None = None
    url: str | None = None
    outlet: str | None = None
    published: str | None = None
    language: str | None = None
    author: str | None = None
    format: str = "txt"


# ----------------------------------------------------------------------------------------------
# text


def decode_text(data: bytes) -> str:
    """Decode UTF-8 (or BOM-marked UTF-16) text; refuse binary and wrongly encoded data with a reason."""
    if not data.strip():
        raise InputError("empty file: nothing to read")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            text = data.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise InputError(f"broken UTF-16 text ({exc.reason})") from exc
        if not text.strip():
            raise InputError("empty file: nothing to read")
        return text
    head = data[:8192]
    if b"\x00" in head or _control_ratio(head) > 0.1:
        raise InputError("binary data, not text: newsweave reads text, HTML, JSON, WARC and feeds")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(
            f"not valid UTF-8 (byte 0x{data[exc.start]:02x} at offset {exc.start}); re-save the file as UTF-8"
        ) from exc
    if not text.strip():  # only Unicode spaces (no-break, ideographic …)
        raise InputError("empty file: nothing to read")
    return text


def _control_ratio(data: bytes) -> float:
    if not data:
        return 0.0
    bad = sum(1 for b in data if b < 32 and b not in (9, 10, 12, 13))
    return bad / len(data)


def from_text(path: str, data: bytes) -> RawDocument:
    text = decode_text(data)
    if _looks_like_html(text):
        return extract_html(path, text)
    return RawDocument(path=path, text=text, title=None, format="txt")


def _looks_like_html(text: str) -> bool:
    head = text.lstrip()[:500].lower()
    return head.startswith(("<!doctype html", "<html")) or ("<body" in head and "</" in head)


# ----------------------------------------------------------------------------------------------
# HTML


def extract_html(path: str, data: bytes | str, *, url: str | None = None, item: str | None = None) -> RawDocument:
    """Main text and metadata (title, date, author, site name, canonical URL) of one HTML page, via trafilatura.

    Bytes are decoded here (UTF-8, or UTF-16 with a BOM), so trafilatura is only ever given text and never
    decompresses or guesses anything itself."""
    import trafilatura  # heavy import, only when HTML is met

    html = decode_text(data) if isinstance(data, bytes) else data
    try:
        doc = trafilatura.bare_extraction(
            html, url=url, with_metadata=True, include_comments=False, include_tables=False
        )
    except (RecursionError, MemoryError) as exc:
        raise InputError(f"the HTML page is too deeply nested or too large to parse ({type(exc).__name__})") from exc
    except Exception as exc:  # trafilatura raises many kinds on hostile markup
        raise InputError(f"HTML could not be parsed ({type(exc).__name__}: {exc})") from exc
    if doc is None or not getattr(doc, "text", None):
        if _too_deep(html):
            raise InputError("the page's elements are nested more than 255 levels deep, deeper than the HTML "
                             "parser reads: no article text could be found")
        raise InputError("no article text found in the HTML page (it may be an index page or script-only)")
    meta: dict[str, Any] = doc if isinstance(doc, dict) else doc.as_dict()
    title = _text_or_none(meta.get("title")) or ""
    text = _text_or_none(meta.get("text")) or ""
    first, _, rest = text.partition("\n")
    if title and first.strip() == title.strip():
        text = rest
    page_url = _text_or_none(meta.get("url")) or url
    return RawDocument(
        path=path,
        item=item,
        text=text,
        title=title.strip(),
        url=page_url,
        outlet=_site_name(meta.get("sitename"), page_url),
        published=iso_day(meta.get("date")),
        language=_text_or_none(meta.get("language")),
        author=_text_or_none(meta.get("author")),
        format="html",
    )


def _text_or_none(value: object) -> str | None:
    return value if isinstance(value, str) and value.strip() else None


def _too_deep(html: str) -> bool:
    """Whether libxml2 stopped reading the page at its nesting limit (what makes trafilatura see no text)."""
    import lxml.etree

    parser = lxml.etree.HTMLParser(collect_ids=False, encoding="utf-8")
    with contextlib.suppress(lxml.etree.LxmlError, ValueError):
        lxml.etree.fromstring(html.encode("utf-8", "replace"), parser)
    return any(e.type_name == "ERR_RESOURCE_LIMIT" or "depth" in e.message.lower() for e in parser.error_log)


def _site_name(sitename: object, url: str | None) -> str | None:
    """The site name the page states, as an outlet name.  A sitename that is only the page's own host
    (trafilatura's fallback when the page names no site) is left out: the URL step names the outlet then,
    after any sidecar."""
    if not isinstance(sitename, str) or not sitename.strip():
        return None
    name = sitename.strip()
    host = url_host(url) if url else None
    named = url_host(name) if "." in name and " " not in name else None
    if host and named and registered_domain(named) == registered_domain(host):
        return None
    return outlet_name(name)


def iso_day(value: object) -> str | None:
    if not value or not isinstance(value, str):
        return None
    match = re.match(r"(\d{4}-\d{2}-\d{2})", value.strip())
    return match.group(1) if match else None


# ----------------------------------------------------------------------------------------------
# JSON and JSON lines


def from_json(path: str, data: bytes) -> Iterator[RawDocument | Failure]:
    """A JSON array of records, one JSON object (pretty-printed or not), or JSON lines (one record a line)."""
    text = decode_text(data)
    stripped = text.strip()
    records: list[tuple[str, Any]] = []
    whole = stripped.startswith("[") or (stripped.startswith("{") and "\n" in stripped)
    loaded: Any = None
    if whole:
        try:
            loaded = json.loads(stripped)
        except json.JSONDecodeError as exc:
            if stripped.startswith("[") or not _first_line_is_json(stripped):
                raise InputError(f"malformed JSON at line {exc.lineno}, column {exc.colno}: {exc.msg}") from exc
            whole = False  # JSON lines: the first line is a record of its own
        except RecursionError as exc:
            raise InputError("the JSON is nested too deeply to read") from exc
    if whole and isinstance(loaded, list):
        records = [(f"record {i + 1}", rec) for i, rec in enumerate(loaded)]
    elif whole:
        records = [("record 1", loaded)]
    else:
        for lineno, line in enumerate(text.splitlines(), start=1):
            if not line.strip():
                continue
            try:
                records.append((f"line {lineno}", json.loads(line)))
            except json.JSONDecodeError as exc:
                reason = f"malformed JSON ({exc.msg} at column {exc.colno}); the line was skipped"
                yield Failure(path, reason, f"line {lineno}")
            except RecursionError:
                yield Failure(path, "the JSON is nested too deeply to read; the line was skipped", f"line {lineno}")
    if not records and (whole or not text.strip()):
        raise InputError("the JSON holds no records")
    for item, rec in records:
        try:
            yield _from_record(path, item, rec)
        except InputError as exc:
            yield Failure(path, str(exc), item)


def _first_line_is_json(text: str) -> bool:
    try:
        json.loads(text.partition("\n")[0])
    except (json.JSONDecodeError, RecursionError):
        return False
    return True


TEXT_FIELDS = ("title", "url", "outlet", "published", "date", "language")
"""Record fields that must be text (or absent / null)."""


def _json_type(value: object) -> str:
    names = {dict: "an object", list: "a list", bool: "true/false", int: "a number", float: "a number"}
    return names.get(type(value), type(value).__name__)


def _fields(rec: dict[str, Any]) -> dict[str, str | None]:
    """The record's text fields, checked: a field of another type is the record's failure, with its name."""
    out: dict[str, str | None] = {}
    for name in TEXT_FIELDS:
        value = rec.get(name)
        if value is not None and not isinstance(value, str):
            raise InputError(f"the field {name!r} must be text, not {_json_type(value)}; fix the record")
        out[name] = value
    author = rec.get("author")
    if isinstance(author, list) and all(isinstance(a, str) for a in author):
        author = ", ".join(a.strip() for a in author if a.strip())
    if author is not None and not isinstance(author, str):
        raise InputError(f"the field 'author' must be text or a list of texts, not {_json_type(author)}; "
                         "fix the record")
    out["author"] = author if isinstance(author, str) else None
    ident = rec.get("id")
    if ident is not None and not isinstance(ident, (str, int, float)):
        raise InputError(f"the field 'id' must be text or a number, not {_json_type(ident)}; fix the record")
    out["id"] = None if ident is None else str(ident)
    return out


def _from_record(path: str, item: str, rec: Any) -> RawDocument:
    if not isinstance(rec, dict):
        raise InputError("a record must be a JSON object with a 'text' or 'html' field")
    fields = _fields(rec)
    published = iso_day(fields["published"] or fields["date"])
    item_name = f"{item} (id {fields['id']})" if fields["id"] is not None else item
    body, html = rec.get("text"), rec.get("html")
    for name, value in (("text", body), ("html", html)):
        if value is not None and not isinstance(value, str):
            raise InputError(f"the field {name!r} must be text, not {_json_type(value)}; fix the record")
    if isinstance(body, str) and body.strip():
        return RawDocument(path=path, item=item_name, text=body, title=fields["title"], url=fields["url"],
                           outlet=fields["outlet"], published=published, language=fields["language"],
                           author=fields["author"], format="jsonl")
    if isinstance(html, str) and html.strip():
        doc = extract_html(path, html, url=fields["url"], item=item_name)
        return RawDocument(path=path, item=item_name, text=doc.text, title=fields["title"] or doc.title,
                           url=fields["url"] or doc.url, outlet=fields["outlet"] or doc.outlet,
                           published=published or doc.published, language=fields["language"] or doc.language,
                           author=fields["author"] or doc.author, format="jsonl")
    raise InputError("the record has neither a non-empty 'text' nor an 'html' field")


# ----------------------------------------------------------------------------------------------
# WARC


class ArchiveLimit(InputError):
    """A cap on a whole archive was reached: the rest of the file cannot be read."""


class CappedReader(io.RawIOBase):
    """A binary stream read under a cap: at most ``limit`` bytes in all (what a compressed archive may
    decompress to)."""

    def __init__(self, stream: IO[bytes], limit: int) -> None:
        super().__init__()
        self.stream, self.limit = stream, limit
        self.total = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        view = memoryview(buffer).cast("B")
        chunk = self.stream.read(min(len(view), 1 << 20))
        n = len(chunk)
        self.total += n
        if self.total > self.limit:
            raise ArchiveLimit(f"oversized archive: over {self.limit:,} bytes once decompressed; split it, or raise "
                             "the limit")
        view[:n] = chunk
        return n


def _read_capped(stream: IO[bytes], limit: int) -> bytes | None:
    """At most ``limit`` bytes of ``stream``; ``None`` when there is more."""
    out = bytearray()
    while chunk := stream.read(min(1 << 20, limit + 1 - len(out))):
        out += chunk
        if len(out) > limit:
            return None
    return bytes(out)


def from_warc(path: str, stream: IO[bytes], *, max_bytes: int = MAX_BYTES) -> Iterator[RawDocument | Failure]:
    """The HTML responses of a WARC (or ARC) file, read from an uncompressed ``stream``; each body under
    ``max_bytes``."""
    from warcio.archiveiterator import ArchiveIterator
    from warcio.recordloader import ArcWarcRecordLoader

    class Loader(ArcWarcRecordLoader):  # type: ignore[misc]
        def load_http_headers(self, rec_type: str, uri: str | None, stream: Any, length: int | None) -> Any:
            # warcio assumes every response names its WARC-Target-URI; without one, parse it as HTTP anyway
            return super().load_http_headers(rec_type, uri or "http:", stream, length)

    class Quiet(ArchiveIterator):  # type: ignore[misc]
        INC_RECORD = ""  # warcio writes this warning to sys.stderr itself; counted in err_count instead

        def __init__(self, fileobj: IO[bytes]) -> None:
            super().__init__(fileobj)
            readline = self.reader.readline

            def capped_readline(length: int | None = None) -> bytes:  # headers are read line by line: never
                return bytes(readline(MAX_LINE if length is None else min(length, MAX_LINE)))  # a "line" of GBs

            self.reader.readline = capped_readline

    found = responses = 0
    archive = Quiet(stream)
    archive.loader = Loader(verify_http=False, arc2warc=False)
    try:
        for record in archive:
            if record.rec_type != "response":
                continue
            responses += 1
            url = record.rec_headers.get_header("WARC-Target-URI")
            item = url or f"response {responses} (no WARC-Target-URI)"
            if record.http_headers is None:
                continue
            ctype = (record.http_headers.get_header("Content-Type") or "").lower()
            if "html" not in ctype:
                continue
            found += 1
            try:
                body = _read_capped(record.content_stream(), max_bytes)
                if body is None:
                    raise InputError(f"oversized response body (> {max_bytes:,} bytes); it was skipped")
                while record.raw_stream.read(1 << 16):  # what decoding left (a chunked body's last CRLF)
                    pass
                missing = getattr(record.raw_stream, "limit", 0)  # > 0 at the end of the file: cut short
                if isinstance(missing, int) and missing > 0:
                    raise InputError(f"the response is cut short ({missing:,} bytes missing): the file is truncated")
                doc = extract_html(path, body, url=url, item=item)
            except ArchiveLimit:
                raise
            except InputError as exc:
                yield Failure(path, str(exc), item)
            except Exception as exc:  # a body warcio cannot decode (chunking, gzip / deflate)
                yield Failure(path, f"the response body could not be decoded ({type(exc).__name__}: {exc})", item)
            else:
                yield doc
    except ArchiveLimit as exc:
        yield Failure(path, f"{exc}; the rest of the file was skipped after {found} responses")
        return
    except Exception as exc:  # warcio raises many kinds on a damaged or hostile archive
        yield Failure(path, f"broken WARC file after {found} responses ({type(exc).__name__}: {exc}); "
                      "the rest was skipped")
        return
    if archive.err_count:
        yield Failure(path, f"{archive.err_count} record(s) whose Content-Length does not match their content; "
                      "what could be read was read", "Content-Length")
    if found == 0:
        yield Failure(path, "the WARC file holds no HTML responses")


# ----------------------------------------------------------------------------------------------
# feeds


def from_feed(path: str, data: bytes) -> Iterator[RawDocument | Failure]:
    import feedparser

    # a stream, never bytes: feedparser opens a *name* it is given (a file path, or a URL it would fetch)
    try:
        feed = feedparser.parse(io.BytesIO(data))
    except Exception as exc:  # feedparser reports most problems as "bozo", but not all
        raise InputError(f"the feed could not be parsed ({type(exc).__name__}: {exc})") from exc
    if not feed.entries:
        if data.lstrip()[:1] == b"<" and b"<html" in data[:2048].lower():
            yield extract_html(path, data)
            return
        raise InputError("not an RSS/Atom feed with entries (feedparser found none)")
    site = _text_or_none(feed.feed.get("title"))
    for i, entry in enumerate(feed.entries, start=1):
        link = _text_or_none(entry.get("link"))
        item = link or f"entry {i}"
        contents = entry.get("content") or []
        html = contents[0].get("value") if contents else entry.get("summary")
        if not isinstance(html, str) or not html.strip():
            yield Failure(path, "feed entry without content or summary", item)
            continue
        if "<" in html:
            try:
                text = extract_html(path, f"<html><body><article>{html}</article></body></html>", item=item).text
            except InputError:
                text = re.sub(r"<[^>]+>", " ", html)
        else:
            text = html
        yield RawDocument(path=path, item=item, text=text, title=_text_or_none(entry.get("title")) or "", url=link,
                          outlet=site, published=_feed_day(entry), author=_text_or_none(entry.get("author")),
                          format="feed")


def _feed_day(entry: Any) -> str | None:
    """The entry's publication day as its feed states it (the local date of an RFC 822 pubDate, not the UTC
    date feedparser converts it to: "Thu, 13 Jan 2022 23:30 -0500" is Thursday the 13th)."""
    for key in ("published", "updated"):
        raw = _text_or_none(entry.get(key))
        if raw is None:
            continue
        day = iso_day(raw)
        if day:
            return day
        try:
            return email.utils.parsedate_to_datetime(raw).date().isoformat()
        except (TypeError, ValueError, IndexError, OverflowError):
            pass
    parsed = entry.get("published_parsed") or entry.get("updated_parsed")
    if parsed:
        return f"{parsed.tm_year:04d}-{parsed.tm_mon:02d}-{parsed.tm_mday:02d}"
    return None
