"""Outlets: which news organisation an article comes from, by name, from every signal there is.

The outlet is settled in this order of trust; the first signal that speaks wins, and nothing is invented
(an article no signal names has no outlet: the report says "outlet not stated"):

1. **Explicit metadata** — a JSONL record's ``outlet``, an HTML page's ``og:site_name`` / publisher, a
   feed's title.  A bare hostname there ("www.nytimes.com") is turned into the outlet's name.
2. **A sidecar** the user gives for a file collection — ``sources.csv`` or ``sources.json`` in a folder
   being read (or named with ``newsweave run --sources FILE``), with the ``outlet``, ``published`` date and
   ``url`` of each file or glob of files (:mod:`newsweave.sidecars`).  Applied by :mod:`newsweave.ingest`.
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

import functools
import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from importlib import resources
from urllib.parse import unquote, urlparse

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
