"""Outlets: which news organisation an article comes from, by name, from every signal there is.

The outlet is settled in this order of trust; the first signal that speaks wins, and nothing is invented
(an article no signal names has no outlet: the report says "outlet not stated"):

1. **Explicit metadata** — a JSONL record's ``outlet``, an HTML page's ``og:site_name`` / publisher, a
   feed's title.  A bare hostname there ("www.nytimes.com") is turned into the outlet's name.
2. **A sidecar** the user gives for a file collection — ``sources.csv`` or ``sources.json`` in a folder
   being read (or named with ``newsweave run --sources FILE``), with the ``outlet``, ``published`` date and
   ``url`` of each file or glob of files (:class:`SourceIndex`).  Applied by :mod:`newsweave.ingest`.
3. **The URL's domain**, looked up in ``data/outlets.tsv`` (``domain<TAB>name``): the host and each of its
   parent domains are tried, most specific first (``edition.cnn.com`` → CNN, ``abcnews.go.com`` → ABC
   News).  A domain the table does not know is shown as its registered domain (``news.example-news.co.uk``
   → ``example-news.co.uk``) — unless the text names the site with the same words (a title ending in
   "– Example News"), which is then the name shown.  Web-archive and AMP-cache URLs are unwrapped first.
4. **What the text says about itself**, in this order:

   * a title suffix ("… – POLITICO", settled by :func:`newsweave.clean.split_title`);
   * a source-credit line with a URL ("News brought by" / "https://…");
   * a byline naming an outlet: "By Jane Doe, CNN", "By Jane Doe | Reuters", "By JANE DOE, AP Diplomatic
     Writer" (the outlet must be one the table knows, or a name that reads like a news organisation);
   * a wire dateline at the start of one of the first paragraphs: "(Reuters) -", "WASHINGTON (AP) —",
     "KYIV, Jan 12 (Reuters) -", "(CNN)The …";
   * a staff credit: "Fox News' John Roberts contributed to this report" (the outlet's own reporter; "The
     Associated Press contributed to this report" says the wire helped, not that the story is the wire's);
   * a copyright line: "Copyright 2018 The Associated Press. All rights reserved.", "© 2022 Reuters"
     (picture agencies — "Getty Images" — are not outlets).

   A wire named anywhere else ("…, he told Reuters", "according to The Associated Press") says whom
   someone spoke to or what was cited, never who published the article, and is not read.

Every name goes through :func:`outlet_name`, so "The Huffington Post", "huffingtonpost.com" and
"HuffPost" are one outlet.
"""

from __future__ import annotations

import csv
import functools
import io
import json
import os
import re
import unicodedata
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from importlib import resources
from pathlib import Path
from urllib.parse import unquote, urlparse

from .errors import InputError
from .model import Failure

SIDECAR_NAMES = ("sources.csv", "sources.json")
"""File names of sidecars: found in any folder being read, and never read as articles."""

SIDECAR_KEYS = ("file", "outlet", "published", "url")

# Second-level labels under which a country-code domain is registered ("bbc.co.uk", "abc.net.au").
_SECOND_LEVEL = frozenset(
    "co com net org gov ac edu ne or go gob nic mil ltd plc sch info biz gen firm ind nom web".split()
)
# Hosting platforms whose subdomains are separate sites ("someone.substack.com").
_PLATFORMS = frozenset(
    """blogspot.com wordpress.com substack.com tumblr.com medium.com github.io livejournal.com typepad.com
    wixsite.com weebly.com squarespace.com ghost.io""".split()
)
# Hosts that are never a news outlet's own (a credit line linking to them credits a post, not a site).
_NOT_OUTLETS = frozenset(
    """twitter.com x.com t.co facebook.com fb.com instagram.com youtube.com youtu.be tiktok.com linkedin.com
    bit.ly ow.ly tinyurl.com buff.ly google.com goo.gl reddit.com telegram.org t.me whatsapp.com""".split()
)
_ARCHIVES = frozenset({"web.archive.org", "archive.org", "archive.ph", "archive.today", "archive.is", "archive.li"})

# Words that make a name read as a news organisation when the table does not know it.
_NEWS_WORDS = frozenset(
    """news times post press journal herald tribune gazette telegraph chronicle daily weekly agency wire radio
    television tv network magazine observer review guardian mail sun express standard courier register
    examiner inquirer sentinel dispatch bulletin star globe mirror independent monitor reporter record
    broadcasting media nachrichten noticias presse""".split()
)
# Role words after an outlet in a byline ("AP Diplomatic Writer", "Washington Post Staff Writer").
_ROLE = re.compile(
    r"\s*\b(?:(?:senior|chief|staff|special|contributing|national|political|white house|foreign|diplomatic|"
    r"medical|science|economics|business|legal|investigative|digital)\s+)*(?:writer|reporter|correspondent|"
    r"editor|columnist|contributor|producer|analyst|journalist|bureau chief|staff)s?\b.*$",
    re.IGNORECASE,
)
_TIME_TAIL = re.compile(r"\s*\b(?:updated|published|posted|last|on|at)\b.*$|\s*\d.*$", re.IGNORECASE)
_CORPORATE = re.compile(
    r"(?:,?\s+(?:LLC|L\.L\.C\.|Inc\.?|Ltd\.?|Limited|plc|PLC|Corp\.?|Corporation|Co\.|Company|Group|GmbH|"
    r"S\.A\.|N\.V\.|L\.P\.))+\.?$"
)
_PICTURES = re.compile(r"\b(?:images?|photos?|pictures?|stock|photography|illustrations?)\b", re.IGNORECASE)

_CAP = r"[A-Z][\w&.'’-]*"
_NAME = rf"(?:[Tt]he\s+)?{_CAP}(?:\s+(?:{_CAP}|of|and|&|de|du|la|el)){{0,6}}"
_PERSON = r"[A-Z][\w.'’-]*(?:\s+(?:[A-Z][\w.'’-]*|de|van|von|der|den|da|del|di|dos|la|le|bin|al)){0,4}"
_MONTH = (r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?")
DATELINE = re.compile(
    rf"^\s*(?:{_CAP}(?:(?:,\s*|\s+){_CAP}){{0,4}}(?:,?\s+{_MONTH}\s+\d{{1,2}}(?:,?\s+\d{{4}})?)?\s*,?\s*)?"
    r"\((?P<name>[^()\n]{2,40})\)\s*(?:[-–—―:]+\s*|(?=[A-Z“\"‘']))"
)
"""A dateline with a credit: "(Reuters) -", "WASHINGTON (AP) —", "KYIV, Jan 12 (Reuters) -", "(CNN)The …"."""
COPYRIGHT = re.compile(
    r"^\s*(?:(?i:copyright)\s*(?:©|\([cC]\))?|©|\([cC]\))\s*(?:\d{4}(?:\s*[-–]\s*\d{4})?)?\s*,?\s*"
    rf"(?:(?i:by)\s+)?(?P<name>{_NAME})"
)
"""A copyright line: "Copyright 2018 The Associated Press.", "© 2022 Reuters", "(c) 2016 Agence France-Presse"."""
BYLINE = re.compile(rf"^\s*(?i:by)\s+(?P<people>{_PERSON}(?:\s*(?:,|\band\b|&)\s*{_PERSON}){{0,5}})\s*"
                    r"(?:,|\||/|–|—|\s-\s)\s*(?P<name>[^,|/–—]+?)\s*[.]?\s*$")
"""A byline ending in an outlet: "By Jane Doe, CNN", "By Jane Doe and John Roe | Reuters"."""
STAFF_CREDIT = re.compile(
    rf"^\s*[—–*-]?\s*(?P<name>{_NAME})['’]s?\s+{_PERSON}(?:\s*(?:,|\band\b|&)\s*{_PERSON}){{0,5}}\s+"
    r"contributed\b",
)
"""A staff credit: "Fox News' John Roberts contributed to this report", "CNN's Jane Doe contributed reporting"."""
CREDIT_LEAD = re.compile(r"\b(?:source|sources|brought|via|originally|credit|credits|courtesy|read more|"
                         r"read the (?:full|original)|first (?:published|appeared))\b|:\s*$", re.IGNORECASE)
BARE_URL = re.compile(r"^\s*(?:https?://|www\.)\S+\s*$", re.IGNORECASE)
DATELINE_PARAGRAPHS = 8
"""A wire dateline counts only in the first lines of the document (title, byline, first paragraphs)."""
MAX_CREDIT_WORDS = 40
"""Bylines, credits and copyright lines are short; a longer line is reporting."""


# ----------------------------------------------------------------------------------------------
# the domain table


@dataclass(frozen=True, slots=True)
class OutletTable:
    """``data/outlets.tsv``: domain → name, and every written form of a name → its canonical name."""

    domains: Mapping[str, str]
    names: Mapping[str, str]  # folded name or alias → canonical name

    @classmethod
    def parse(cls, text: str) -> OutletTable:
        domains: dict[str, str] = {}
        names: dict[str, str] = {}
        for lineno, line in enumerate(text.splitlines(), start=1):
            if not line.strip() or line.lstrip().startswith("#"):
                continue
            cols = line.rstrip("\n").split("\t")
            if len(cols) < 2 or not cols[0].strip() or not cols[1].strip():
                raise ValueError(f"outlets.tsv line {lineno}: expected domain<TAB>name[<TAB>aliases]")
            domain, name = cols[0].strip().lower(), cols[1].strip()
            domains[domain] = name
            for form in [name, *(cols[2].split("|") if len(cols) > 2 else ())]:
                key = fold(form)
                if key:
                    names.setdefault(key, name)
        return cls(domains, names)

    def lookup_host(self, host: str) -> str | None:
        """The outlet of ``host`` or of its nearest parent domain in the table."""
        labels = host.split(".")
        for i in range(len(labels) - 1):
            name = self.domains.get(".".join(labels[i:]))
            if name is not None:
                return name
        return None

    def lookup_name(self, name: str) -> str | None:
        """The canonical name of a known outlet written as ``name`` ("The Huffington Post" → HuffPost)."""
        return self.names.get(fold(name)) if name else None

    def lookup_prefix(self, name: str, *, rest: int = 2) -> str | None:
        """The known outlet the words of ``name`` start with, the longest first, followed by at most ``rest``
        capitalised words ("CNN Business" → CNN, "Reuters Health" → Reuters; not "CNN reported that")."""
        words = name.split()
        for n in range(len(words), 0, -1):
            tail = words[n:]
            if len(tail) > rest or not all(w[:1].isupper() for w in tail):
                continue
            found = self.lookup_name(" ".join(words[:n]))
            if found is not None:
                return found
        return None


@functools.cache
def table() -> OutletTable:
    """The bundled domain table, loaded once."""
    text = resources.files("newsweave").joinpath("data/outlets.tsv").read_text(encoding="utf-8")
    return OutletTable.parse(text)


def fold(name: str) -> str:
    """A name's comparison key: no case, accents, punctuation, spaces or leading "The" ("The Hill" → "hill")."""
    text = unicodedata.normalize("NFKD", name)
    text = "".join(c for c in text if not unicodedata.combining(c)).lower().replace("&", " and ")
    text = re.sub(r"^\W*the\b", "", text.strip())
    return re.sub(r"[\W_]+", "", text)


def same_outlet(a: str | None, b: str | None) -> bool:
    """Whether two written names (or hostnames) are the same outlet: "The New York Times" == "nytimes.com"."""
    if not a or not b:
        return False
    return fold(outlet_name(a)) == fold(outlet_name(b))


# ----------------------------------------------------------------------------------------------
# URLs and names


def url_host(url: str) -> str | None:
    """The host a URL points at, lower-cased; web-archive and AMP-cache URLs give the archived page's host."""
    raw = url.strip()
    if not raw:
        return None
    try:
        parsed = urlparse(raw if "://" in raw else f"http://{raw}")
        host = (parsed.hostname or "").rstrip(".").lower()
    except ValueError:
        return None
    if not host or ("." not in host and host != "localhost"):
        return None
    path = parsed.path + (f"?{parsed.query}" if parsed.query else "")
    if host in _ARCHIVES or host.endswith(".archive.org"):
        wayback = re.match(r"/web/\d+[a-z_]*/(.+)", path)
        inner = wayback.group(1) if wayback else next(iter(re.findall(r"(?:https?://|www\.)\S+", path)), None)
        if inner:
            return url_host(unquote(inner)) or host
    if host.endswith(".cdn.ampproject.org"):
        match = re.match(r"/[a-z]/(?:s/)?([^/]+)", path)
        if match:
            return match.group(1).lower()
        label = host.removesuffix(".cdn.ampproject.org")
        return label.replace("--", "\x00").replace("-", ".").replace("\x00", "-")
    if re.fullmatch(r"(?:www\.)?google\.[a-z.]+", host) and path.startswith("/amp/"):
        inner_path = path.removeprefix("/amp/").removeprefix("s/")
        return url_host(inner_path) or host
    return host


def registered_domain(host: str) -> str:
    """The domain a host belongs to: ``news.example-news.co.uk`` → ``example-news.co.uk``.

    Two labels, or three under a country's second level (``.co.uk``, ``.com.au``); a site on a hosting
    platform keeps its own subdomain (``someone.substack.com``).  IP addresses are returned as they are.
    """
    host = host.lower().rstrip(".")
    if re.fullmatch(r"[\d.]+|[\da-f]*:[\da-f:]*", host):
        return host
    labels = host.split(".")
    keep = 2
    if len(labels) >= 3 and len(labels[-1]) == 2 and labels[-2] in _SECOND_LEVEL:
        keep = 3
    if ".".join(labels[-keep:]) in _PLATFORMS and len(labels) > keep:
        keep += 1
    return ".".join(labels[-keep:])


def known_outlet_for_url(url: str | None) -> str | None:
    """The outlet the domain table gives for ``url``'s host (or a parent domain); ``None`` when unknown."""
    host = url_host(url) if url else None
    return table().lookup_host(host) if host else None


def outlet_for_url(url: str | None) -> str | None:
    """The outlet of a URL: the table's name for its domain, else its registered domain as written.

    ``None`` only when ``url`` has no host at all.
    """
    host = url_host(url) if url else None
    if not host:
        return None
    return table().lookup_host(host) or registered_domain(host)


_HOSTLIKE = re.compile(r"^(?:https?://)?(?:[\w-]+\.)+[a-z]{2,}(?::\d+)?(?:/\S*)?$", re.IGNORECASE)


def outlet_name(raw: str) -> str:
    """The name to show for an outlet as written somewhere: a hostname or URL becomes the outlet's name
    (or its registered domain), a known name its canonical form ("POLITICO" → Politico, "The Huffington
    Post" → HuffPost); any other name is kept as written (whitespace tidied)."""
    text = " ".join(raw.split()).lstrip("@")
    if not text:
        return text
    if _HOSTLIKE.match(text):
        return outlet_for_url(text) or text
    found = table().lookup_name(text)
    if found is not None:
        return found
    stripped = _CORPORATE.sub("", text).strip(" ,.")
    if stripped and stripped != text:
        return table().lookup_name(stripped) or text
    return text


def _names_domain(name: str, domain: str) -> bool:
    """Whether ``name`` is the site's own name for ``domain`` ("Example News" for example-news.co.uk)."""
    labels = registered_domain(domain).split(".")
    stem = fold("".join(labels[:1]))
    key = fold(name)
    if not stem or not key:
        return False
    short, long = sorted((stem, key), key=len)
    return len(short) >= 4 and long.startswith(short)


# ----------------------------------------------------------------------------------------------
# what the text says


def _credited_name(raw: str, *, strict: bool) -> str | None:
    """An outlet named in a credit: a known outlet (or the known outlet the words start with), else — unless
    ``strict`` — a short capitalised name with a news word in it ("The Kyiv Independent")."""
    name = _CORPORATE.sub("", " ".join(raw.split())).strip(" ,.;:")
    if not name or _PICTURES.search(name):
        return None
    known = table().lookup_name(name) or table().lookup_prefix(name)
    if known is not None:
        return known
    words = name.split()
    if strict or len(words) > 6 or not all(w[:1].isupper() or w.lower() in {"of", "and", "&", "the"} for w in words):
        return None
    if any(fold(w) in _NEWS_WORDS for w in words):
        return name
    return None


def outlet_from_byline(line: str) -> str | None:
    """The outlet a byline ends with: "By Jane Doe, CNN" → CNN; "By Jane Doe, Staff Writer" → None."""
    line = re.sub(r"[\s,|]+(?:Updated|Published|Posted)\b.*$", "", line)
    if len(line.split()) > 16:
        return None
    match = BYLINE.match(line)
    if match is None:
        return None
    tail = _TIME_TAIL.sub("", match.group("name"))
    tail = _ROLE.sub("", tail).strip()
    if not tail:
        return None
    return _credited_name(tail, strict=False)


def outlet_from_dateline(line: str) -> str | None:
    """The wire a dateline credits: "WASHINGTON (AP) — …" → Associated Press.  An all-capital call sign
    ("(KXAN)") counts; "(R-Texas)" and other parentheses do not."""
    match = DATELINE.match(line)
    if match is None:
        return None
    name = match.group("name").strip()
    known = _credited_name(name, strict=False)
    if known is not None:
        return known
    return name if re.fullmatch(r"[A-Z]{2,6}", name) else None


def outlet_from_staff_credit(line: str) -> str | None:
    """The outlet whose own reporter contributed: "Fox News' John Roberts contributed to this report"."""
    if len(line.split()) > MAX_CREDIT_WORDS:
        return None
    match = STAFF_CREDIT.match(line)
    return _credited_name(match.group("name"), strict=False) if match else None


def outlet_from_copyright(line: str) -> str | None:
    """The holder of a copyright line, when it is a news outlet: "Copyright 2018 The Associated Press."."""
    if len(line.split()) > MAX_CREDIT_WORDS:
        return None
    match = COPYRIGHT.match(line)
    if match is None:
        return None
    name = re.split(r"\.\s|\s+(?i:all rights)\b", match.group("name") + " ")[0]
    return _credited_name(name, strict=False)


def credit_url(lines: Sequence[str]) -> str | None:
    """A bare URL on the line after a source credit ("News brought by" / "https://…"), or on one line with it."""
    previous = ""
    for line in lines:
        stripped = line.strip()
        if not stripped:
            continue
        inline = re.search(r"(https?://\S+)\s*$", stripped)
        if BARE_URL.match(stripped) and CREDIT_LEAD.search(previous):
            url: str | None = stripped
        elif inline and len(stripped.split()) <= 8 and CREDIT_LEAD.search(stripped[: inline.start()]):
            url = inline.group(1)
        else:
            url = None
        host = url_host(url) if url else None
        if host and registered_domain(host) not in _NOT_OUTLETS and host not in _NOT_OUTLETS:
            return url
        previous = stripped
    return None


def outlet_from_text(lines: Sequence[str]) -> str | None:
    """The outlet the document's own lines state (all its lines, in order, kept or dropped as furniture):
    a source-credit URL, a byline, a wire dateline, a staff credit, a copyright line — the first found."""
    nonempty = [line.strip() for line in lines if line.strip()]
    url = credit_url(nonempty)
    if url:
        return outlet_for_url(url)
    for line in nonempty:
        found = outlet_from_byline(line)
        if found:
            return found
    for line in nonempty[:DATELINE_PARAGRAPHS]:
        found = outlet_from_dateline(line)
        if found:
            return found
    for finder in (outlet_from_staff_credit, outlet_from_copyright):
        for line in nonempty:
            found = finder(line)
            if found:
                return found
    return None


def resolve_outlet(stated: str | None, url: str | None, *, title_outlet: str | None = None,
                   lines: Sequence[str] = ()) -> str | None:
    """The outlet of one article, by the order of trust in the module docstring.

    ``stated`` is what metadata or a sidecar gave, ``url`` the article's URL, ``title_outlet`` a suffix of its
    title, ``lines`` every line of the document in order.  ``None`` when nothing names the outlet.
    """
    if stated and stated.strip():
        return outlet_name(stated)
    fallback: str | None = None
    if url:
        known = known_outlet_for_url(url)
        if known:
            return known
        fallback = outlet_for_url(url)
    said = outlet_name(title_outlet) if title_outlet else None
    said = said or outlet_from_text(lines)
    if fallback:
        return said if said and _names_domain(said, fallback) else fallback
    return said


# ----------------------------------------------------------------------------------------------
# sidecars


@dataclass(frozen=True, slots=True)
class SourceInfo:
    """What a sidecar says about a file: its outlet, publication day (ISO) and URL (each may be absent)."""

    outlet: str | None = None
    published: str | None = None
    url: str | None = None


@dataclass(frozen=True, slots=True)
class SourceRule:
    """One sidecar entry: a file path or glob (relative to the sidecar's folder) and what it says."""

    pattern: str
    info: SourceInfo
    regex: re.Pattern[str]
    glob: bool


@dataclass(frozen=True, slots=True)
class Sidecar:
    """A loaded ``sources.csv`` / ``sources.json``: its rules, and the entries that could not be used."""

    path: Path
    rules: tuple[SourceRule, ...]
    failures: tuple[Failure, ...] = ()

    @property
    def folder(self) -> Path:
        return self.path.parent

    def lookup(self, file: Path) -> SourceInfo | None:
        """What this sidecar says about ``file``: an exact entry beats a glob; among globs, the first listed."""
        rel = Path(os.path.relpath(_absolute(file), _absolute(self.folder))).as_posix()
        for want_glob in (False, True):
            for rule in self.rules:
                if rule.glob == want_glob and rule.regex.fullmatch(rel):
                    return rule.info
        return None


def glob_regex(pattern: str) -> re.Pattern[str]:
    """A path glob as a regex: ``*`` and ``?`` stay within a folder, ``**`` spans folders, ``[ab]`` a class."""
    out: list[str] = []
    i = 0
    while i < len(pattern):
        c = pattern[i]
        if pattern.startswith("**/", i):
            out.append("(?:.*/)?")
            i += 3
            continue
        if pattern.startswith("**", i):
            out.append(".*")
            i += 2
            continue
        if c == "*":
            out.append("[^/]*")
        elif c == "?":
            out.append("[^/]")
        elif c == "[" and "]" in pattern[i + 2:]:
            end = pattern.index("]", i + 2)
            body = pattern[i + 1:end].replace("\\", "\\\\")
            out.append("[" + ("^" + body[1:] if body.startswith("!") else body.lstrip("^")) + "]")
            i = end + 1
            continue
        else:
            out.append(re.escape(c))
        i += 1
    return re.compile("".join(out))


def _absolute(path: Path) -> str:
    return os.path.abspath(path)


def _normal_pattern(raw: str) -> str:
    pattern = raw.strip().replace("\\", "/")
    while pattern.startswith("./"):
        pattern = pattern[2:]
    return pattern


def _iso_date(value: str) -> str:
    day = value.strip()[:10]
    try:
        return date.fromisoformat(day).isoformat()
    except ValueError:
        raise InputError(f"published {value.strip()!r} is not an ISO date (YYYY-MM-DD)") from None


def _entry(raw: Mapping[str, object], pattern: str | None = None) -> tuple[SourceRule | None, list[str]]:
    """One sidecar entry → its rule and the problems with its values (a bad value is left out, not guessed)."""
    values = {str(k).strip().lower(): v for k, v in raw.items()}
    problems: list[str] = []
    for key in SIDECAR_KEYS:
        value = values.get(key)
        if value is not None and not isinstance(value, str):
            problems.append(f"'{key}' must be text, not {type(value).__name__}; that value was left out")
            values[key] = None
    texts = {k: str(values[k]).strip() for k in SIDECAR_KEYS if isinstance(values.get(k), str)}
    file = _normal_pattern(pattern if pattern is not None else texts.get("file", ""))
    if not file:
        return None, [*problems, "no 'file' given: the entry was skipped"]
    published = None
    if texts.get("published"):
        try:
            published = _iso_date(texts["published"])
        except InputError as exc:
            problems.append(f"{exc}; that value was left out")
    url = texts.get("url") or None
    if url and url_host(url) is None:
        problems.append(f"url {url!r} has no host name; that value was left out")
        url = None
    outlet = outlet_name(texts["outlet"]) if texts.get("outlet") else None
    is_glob = any(c in file for c in "*?[")
    regex = glob_regex(file) if is_glob else re.compile(re.escape(file))
    return SourceRule(file, SourceInfo(outlet, published, url), regex, is_glob), problems


def parse_sidecar(path: Path, text: str) -> Sidecar:
    """Read a sidecar's text.  A file that is not a sidecar at all raises :class:`InputError`; a bad entry
    is a Failure of its own (item "line N" / "entry N") and the other entries still apply."""
    rules: list[SourceRule] = []
    failures: list[Failure] = []

    def add(item: str, raw: Mapping[str, object], pattern: str | None = None) -> None:
        rule, problems = _entry(raw, pattern)
        if rule is not None:
            rules.append(rule)
        failures.extend(Failure(str(path), f"sidecar entry: {p}", item) for p in problems)

    if path.suffix.lower() == ".json":
        try:
            loaded = json.loads(text)
        except json.JSONDecodeError as exc:
            raise InputError(f"malformed sidecar JSON at line {exc.lineno}, column {exc.colno}: {exc.msg}; "
                             "no entry of it was applied") from exc
        records = loaded if isinstance(loaded, list) else []
        if records and all(isinstance(o, dict) and "file" not in o and ("text" in o or "html" in o) for o in records):
            raise InputError("this sources.json holds articles (text / html), but sources.json is the name of a "
                             "sidecar: rename the file to read its articles")
        if isinstance(loaded, list):
            for i, obj in enumerate(loaded, start=1):
                if isinstance(obj, dict):
                    add(f"entry {i}", obj)
                else:
                    failures.append(Failure(str(path), "a sidecar entry must be an object with 'file'", f"entry {i}"))
        elif isinstance(loaded, dict):
            for key, obj in loaded.items():
                if isinstance(obj, dict):
                    add(f"entry {key!r}", obj, str(key))
                else:
                    failures.append(Failure(str(path), "a sidecar entry must be an object (outlet, published, url)",
                                            f"entry {key!r}"))
        else:
            raise InputError("a sources.json sidecar must be a list of objects with 'file', or a mapping "
                             "file or glob → object; no entry of it was applied")
    else:
        header = text.lstrip("\ufeff").splitlines()[0] if text.strip() else ""
        delimiter = max(",;\t", key=header.count) if header else ","
        reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")), delimiter=delimiter)
        columns = [(c or "").strip().lower() for c in reader.fieldnames or []]
        if "file" not in columns:
            named = ", ".join(c for c in columns if c) or "none"
            raise InputError(f"the sidecar has no 'file' column (columns: {named}); expected file, outlet, "
                             "published, url — no entry of it was applied")
        try:
            for row in reader:
                values: dict[str, object] = {k: v for k, v in row.items() if isinstance(k, str)}
                if not any(isinstance(v, str) and v.strip() for v in values.values()):
                    continue
                add(f"line {reader.line_num}", values)
        except csv.Error as exc:
            raise InputError(f"malformed sidecar CSV at line {reader.line_num}: {exc}") from exc
    return Sidecar(path, tuple(rules), tuple(failures))


def load_sidecar(path: Path) -> Sidecar:
    """Read and parse one sidecar file; :class:`InputError` (with the reason) when it cannot be used."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(f"cannot read the sidecar ({exc.strerror or exc})") from exc
    if not data.strip():
        raise InputError("empty sidecar: no entry to apply")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(f"the sidecar is not valid UTF-8 (offset {exc.start}); re-save it as UTF-8") from exc
    return parse_sidecar(path, text)


def is_sidecar(path: Path) -> bool:
    return path.name.lower() in SIDECAR_NAMES


@dataclass(slots=True)
class SourceIndex:
    """The sidecars of one read: explicit ones (``--sources``) first, then the nearest found in a folder.

    :meth:`add` loads a sidecar (once) and returns its failures; :meth:`lookup` answers for one file.
    """

    explicit: list[Sidecar] = field(default_factory=list)
    by_folder: dict[str, list[Sidecar]] = field(default_factory=dict)
    seen: set[str] = field(default_factory=set)
    paths: list[str] = field(default_factory=list)  # every sidecar read (so a fixed one's old failures can go)

    def add(self, path: Path, *, explicit: bool = False) -> list[Failure]:
        key = _absolute(path)
        if key in self.seen:
            return []
        self.seen.add(key)
        self.paths.append(str(path))
        if not path.is_file():
            return [Failure(str(path), "no such sidecar file: check the --sources path")]
        try:
            sidecar = load_sidecar(path)
        except InputError as exc:
            return [Failure(str(path), f"{exc} (the sidecar was not applied; the files were still read)")]
        if explicit:
            self.explicit.append(sidecar)
        else:
            self.by_folder.setdefault(_absolute(path.parent), []).append(sidecar)
            self.by_folder[_absolute(path.parent)].sort(key=lambda s: SIDECAR_NAMES.index(s.path.name.lower()))
        return list(sidecar.failures)

    def add_folder(self, folder: Path) -> list[Failure]:
        """Load the sidecars of one folder, if it has any."""
        failures: list[Failure] = []
        for name in SIDECAR_NAMES:
            candidate = folder / name
            if candidate.is_file():
                failures += self.add(candidate)
        return failures

    def lookup(self, file: Path, root: Path) -> SourceInfo | None:
        """What the sidecars say about ``file`` read under ``root``: an explicit sidecar first, then the
        nearest folder's (from the file's folder up to ``root``) that has an entry for it."""
        for sidecar in self.explicit:
            info = sidecar.lookup(file)
            if info is not None:
                return info
        for folder in _folders_up(file.parent, root):
            for sidecar in self.by_folder.get(_absolute(folder), ()):
                info = sidecar.lookup(file)
                if info is not None:
                    return info
        return None


def _folders_up(start: Path, root: Path) -> Iterator[Path]:
    """``start`` and its parents, up to and including ``root`` (only ``start`` when it is not under ``root``)."""
    current, stop = Path(_absolute(start)), Path(_absolute(root))
    yield current
    if current != stop and stop not in current.parents:
        return
    while current != stop:
        current = current.parent
        yield current


def sidecar_paths(sources: str | Path | Iterable[str | Path] | None) -> list[Path]:
    """``sources`` as a list of paths: one path, several, or none."""
    if sources is None:
        return []
    if isinstance(sources, (str, Path)):
        return [Path(sources)]
    return [Path(s) for s in sources]
