"""Clean: raw documents → articles whose text is the report alone.

Boilerplate that survives extraction (share prompts, "Read Also" teasers, "Advertisements", comment
forms, source links, newsletter pushes, captions) is found by a general method, not a list of strings:

* **line features** — length, whether the line ends like a sentence, how much of it is web-furniture
  vocabulary (share, follow, subscribe, comment, reply, newsletter, advertisement, …), teaser and
  caption shapes, bare URLs, and position (a lone word before the title or after the body);
* **recurrence** — a short line that recurs in other articles of the corpus (or of the store), or
  twice within one article, is furniture of the site, not reporting.

The cleaner also settles the title of plain-text articles (the first kept line), the outlet (metadata or
sidecar, else the URL's domain, else what the text says — a "– POLITICO" title suffix, a "News brought by
https://…" line, a byline, a wire dateline or copyright; see :mod:`newsweave.outlets`) and a language guess.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from .ingest import RawDocument
from .model import Article, content_id
from .outlets import resolve_outlet

# Vocabulary of web furniture (calls to action, site chrome, comment forms, ads, players).  General
# knowledge about web pages — the same kind of lexicon jusText and trafilatura carry — not the seeds.
FURNITURE_WORDS = frozenset(
    """share shares sharing love like likes follow following subscribe subscribed subscription unsubscribe
    newsletter newsletters sign signup login log join register account email e-mail inbox notifications notify
    comment comments reply replies leave required fields marked published advertisement advertisements
    advertising sponsored ad ads promoted cookie cookies privacy policy terms copyright rights reserved
    facebook twitter tweet tweets instagram whatsapp telegram linkedin youtube tiktok pinterest reddit print
    messenger flipboard bookmark bookmarks
    read also more related articles article stories recommended trending popular watch listen audio
    play press click tap here source link links credit photo photos image images video videos gallery
    caption interactive getty afp reuters ap file show hide menu skip content next previous back top
    download app limits unlimited access premium free trial brought""".split()
)
# Phrases that are furniture wherever they occur in a short line.
FURNITURE_PHRASES = re.compile(
    r"\b(share (this|your|on)|follow (us|all|the)|sign up|subscribe to|our (weekly |daily )?newsletter|"
    r"leave a (reply|comment)|required fields|will not be published|read (also|more)|also read|see also|"
    r"related (articles|stories|posts)|show more|load more|press play|listen to (this|the) (article|story)|"
    r"source link|article source|brought (to you )?by|all rights reserved|click here|advertisements?$|"
    r"(photo|image|video) (credit|caption)|you may also like|more from)\b",
    re.IGNORECASE,
)
TEASER_PREFIX = re.compile(
    r"^(read (also|more)|also read|see also|related|recommended|more|watch|listen)\b\s*[:\-–|]?\s", re.I
)
CAPTION_SHAPE = re.compile(r"^[A-Z]{3,}[-–:]\s|\b(photo|image|pictured|file photo|venn)\b", re.I)
BYLINE = re.compile(r"^by\s+\S+(\s+\S+){0,5}\s*$|^by\s+[^.]{2,60}\s[|·•–—-]\s", re.IGNORECASE)
URL_ONLY = re.compile(r"^\s*(https?://|www\.)\S+\s*$", re.I)
SENTENCE_END = re.compile(r"[.!?…:;\"”’»)\]]\s*$")
WORD = re.compile(r"[^\W\d_]+(?:[-'’][^\W\d_]+)*", re.UNICODE)
TITLE_SEPARATORS = re.compile(r"\s+(?:\||–|—|-|::)\s+")
SECTION_WORDS = frozenset(
    """news international world politics business economy opinion europe sport sports culture science
    tech technology health latest live analysis features home us uk asia africa americas middle east""".split()
)

MAX_FURNITURE_WORDS = 25
"""Lines longer than this are never dropped for vocabulary alone: real paragraphs are long."""


@dataclass(slots=True)
class LineStats:
    """How many documents each normalised short line occurs in (the corpus-recurrence signal)."""

    docs: Counter[str] = field(default_factory=Counter)

    def add_document(self, text: str) -> None:
        self.docs.update({k for k in (line_key(line) for line in text.splitlines()) if k})

    def merged(self, other: Mapping[str, int]) -> LineStats:
        merged = Counter(self.docs)
        merged.update(other)
        return LineStats(merged)


def line_key(line: str) -> str:
    """Normalised form of a short line for recurrence counting ('' for long or empty lines)."""
    words = WORD.findall(line.lower())
    if not words or len(words) > 20:
        return ""
    return " ".join(words)


def strip_accents(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


@dataclass(frozen=True, slots=True)
class LineVerdict:
    text: str
    keep: bool
    reason: str = ""


def judge_lines(text: str, stats: LineStats) -> list[LineVerdict]:
    """Decide, line by line, whether each non-empty line of ``text`` is reporting or furniture."""
    lines = [line.strip() for line in text.splitlines()]
    nonempty = [i for i, line in enumerate(lines) if line]
    in_doc = Counter(line_key(lines[i]) for i in nonempty)
    verdicts: list[LineVerdict] = []
    for rank, i in enumerate(nonempty):
        line = lines[i]
        reason = _furniture_reason(line, stats, in_doc, first=rank == 0, last=rank == len(nonempty) - 1,
                                   next_line=lines[nonempty[rank + 1]] if rank + 1 < len(nonempty) else "")
        verdicts.append(LineVerdict(line, keep=not reason, reason=reason))
    # A lone short label at the edges of the document (a section name before the title, "Show More"
    # after the body) is furniture when it is not a sentence.
    for edge in (range(len(verdicts)), range(len(verdicts) - 1, -1, -1)):
        for j in edge:
            v = verdicts[j]
            if not v.keep:
                continue
            words = WORD.findall(v.text)
            if len(words) <= 2 and not SENTENCE_END.search(v.text):
                verdicts[j] = LineVerdict(v.text, keep=False, reason="lone label at the edge of the page")
                continue
            break
    return verdicts


def _furniture_reason(line: str, stats: LineStats, in_doc: Counter[str], *, first: bool, last: bool,
                      next_line: str) -> str:
    if URL_ONLY.match(line):
        return "bare URL"
    words = WORD.findall(line)
    lowered = [w.lower() for w in words]
    n = len(words)
    if n == 0:
        return "no words"
    key = line_key(line)
    sentence_like = bool(SENTENCE_END.search(line)) and n >= 4
    furniture = sum(1 for w in lowered if w in FURNITURE_WORDS)
    density = furniture / n
    if n <= 10 and not sentence_like and (BYLINE.match(line) or FULL_DATE.search(line)):
        return "byline / dateline"
    if n <= MAX_FURNITURE_WORDS and TEASER_PREFIX.match(line) and (not sentence_like or "  " in line):
        return "teaser link"
    if n <= 12 and CAPTION_SHAPE.search(line) and not sentence_like:
        return "image caption"
    if key and (stats.docs.get(key, 0) >= 2 or in_doc[key] >= 2) and n <= 15 and (not sentence_like or density >= 0.25):
        return "recurs across pages"
    if n <= MAX_FURNITURE_WORDS and FURNITURE_PHRASES.search(line) and density >= 0.25:
        return "call to action / site furniture"
    if n <= 15 and density >= 0.5:
        return "call to action / site furniture"
    if n <= 4 and URL_ONLY.match(next_line) and not sentence_like:
        return "source credit"
    return ""


def split_title(title: str) -> tuple[str, str | None]:
    """Split trailing site / section segments off a headline: ``(headline, outlet or None)``."""
    parts = [p.strip() for p in TITLE_SEPARATORS.split(title)]
    if len(parts) < 2:
        return title.strip(), None
    head = parts[0]
    outlet: str | None = None
    kept = [head]
    for seg in parts[1:]:
        words = WORD.findall(seg)
        if not seg:
            continue
        if len(words) <= 4 and (seg.isupper() or _is_section(words) or seg[:1].isupper()):
            if not _is_section(words) and outlet is None:
                outlet = seg
            continue
        kept.append(seg)
    return " – ".join(kept), outlet


def _is_section(words: Sequence[str]) -> bool:
    lowered = [w.lower() for w in words]
    return bool(lowered) and (all(w in SECTION_WORDS for w in lowered) or lowered[-1] == "news")


LANGUAGE_STOPWORDS = {
    "en": set("the of and to in is that for it with as was on said be by are this have from".split()),
    "es": set("el la de que y en los del se las por un una con para es al lo como su".split()),
    "fr": set("le la les de des et en du un une est que pour dans qui sur pas au avec".split()),
    "de": set("der die und in den von zu das mit sich des auf für ist im dem nicht ein eine".split()),
    "it": set("il di che la e in un per una non sono della le si con del gli".split()),
    "pt": set("o de que a e do da em um para com não uma os no se na por mais".split()),
}


def guess_language(text: str) -> str | None:
    """A cheap stopword vote; Cyrillic and Greek by script.  ``None`` when the text is too short to tell."""
    sample = text[:5000]
    letters = [c for c in sample if c.isalpha()]
    if len(letters) < 40:
        return None
    cyr = sum(1 for c in letters if "\u0400" <= c <= "\u04ff")
    if cyr / len(letters) > 0.5:
        return "ru"
    words = [w.lower() for w in WORD.findall(sample)]
    scores = {lang: sum(1 for w in words if w in stop) for lang, stop in LANGUAGE_STOPWORDS.items()}
    best = max(scores, key=lambda k: scores[k])
    return best if scores[best] >= 3 else None


def clean_document(raw: RawDocument, stats: LineStats) -> Article:
    """Clean one raw document into an :class:`Article` (boilerplate gone, title and outlet settled)."""
    verdicts = judge_lines(raw.text, stats)
    kept = [v.text for v in verdicts if v.keep]
    removed = tuple(v.text for v in verdicts if not v.keep)
    title = raw.title
    if title is None:  # plain text: the first kept line is the headline
        title = kept.pop(0) if kept else ""
    title, title_outlet = split_title(title)
    outlet = resolve_outlet(raw.outlet, raw.url, title_outlet=title_outlet, lines=[v.text for v in verdicts])
    # The headline is the article's first paragraph: it is reporting too, and can be cited.
    text = "\n\n".join([title, *kept] if title else kept)
    return Article(
        id=article_id(raw),
        path=raw.path if raw.item is None else f"{raw.path}#{raw.item}",
        text=text,
        title=title,
        url=raw.url,
        outlet=outlet,
        published=raw.published or published_from_lines([*kept[:3], *kept[-3:], *removed]),
        language=raw.language or guess_language(text),
        author=raw.author,
        removed=removed,
    )


MONTH = (r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|"
         r"oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?")
FULL_DATE = re.compile(
    rf"\b(?:\d{{1,2}}\s+{MONTH}\s+\d{{4}}|{MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}}|\d{{4}}-\d{{2}}-\d{{2}})\b",
    re.IGNORECASE,
)
DATELINE_WORDS = re.compile(r"\b(published|updated|posted|first published|last modified)\b", re.IGNORECASE)


def published_from_lines(lines: Sequence[str]) -> str | None:
    """The publication date a byline or dateline states ("Published 12 January 2022", "Jan. 12, 2022").

    Only short lines count (a date inside a paragraph of reporting is about the news, not the article);
    a line that says "published" / "updated" wins over a bare date line.
    """
    from dateparser import parse

    found: list[tuple[int, str]] = []
    for line in lines:
        if len(WORD.findall(line)) > 12:
            continue
        match = FULL_DATE.search(line)
        if match is None:
            continue
        parsed = parse(match.group(0), languages=["en"], settings={"STRICT_PARSING": True})
        if parsed is not None:
            found.append((0 if DATELINE_WORDS.search(line) else 1, parsed.date().isoformat()))
    return min(found)[1] if found else None


def article_id(raw: RawDocument) -> str:
    """Content hash of the extracted article: the same report read twice gets the same id."""
    return content_id("a", raw.title or "", raw.text.strip())


def document_lines(raws: Sequence[RawDocument]) -> dict[str, frozenset[str]]:
    """The short-line keys of each distinct document (by :func:`article_id`): what recurrence counts, once
    per document — a document read twice, or again by a resumed run, is not counted twice."""
    out: dict[str, frozenset[str]] = {}
    for raw in raws:
        out.setdefault(article_id(raw), frozenset(k for k in map(line_key, raw.text.splitlines()) if k))
    return out


def recurrence_stats(raws: Sequence[RawDocument], prior: Mapping[str, int] | None = None) -> LineStats:
    """Line recurrence over a batch of documents, on top of what the store already counted."""
    stats = LineStats()
    for raw in raws:
        stats.add_document(raw.text)
    return stats.merged(prior or {})
