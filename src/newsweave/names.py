"""Person names: their parts, and when two spellings may name one person.

A name is read into given names, surname and generational suffix (:class:`PersonName`).  Words are
compared by a transliteration skeleton (accents, case, kh/j/h, x/ks, y/i, doubled letters), so
Grushkó/Grushko, Zajárova/Zakharova, Gabuyev/Gabuev and Sergei/Sergey meet.

When may two full names be one person?  Only when nothing in them says otherwise:

* the surnames spell the same word;
* the first given names are equal, close, or one is the other's initial ("G. Bush" / "George Bush");
* generational suffixes agree: "Donald Trump Jr." is never "Donald Trump" (a son is usually named like his
  father, and the suffix is the one thing that tells them apart in print); "Sr." is the unsuffixed father;
* middle names agree when both give them: "George W. Bush" is not "George H. W. Bush", while "George
  Bush" (no middle name) may be either — an ambiguity the linker resolves by evidence or leaves open.

These are properties of naming conventions in English-language news, not of any corpus.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass

from rapidfuzz.distance import Levenshtein

from .gazetteer import fold
from .lexicon import HONORIFICS, NAME_SUFFIXES

SURNAME_SIMILARITY = 0.85
FUZZY_NAME_SIMILARITY = 0.9
FIRST_NAME_SIMILARITY = 0.85


def skeleton(word: str) -> str:
    """A transliteration-tolerant form of one folded name word: Zajárova/Zakharova → "zaharova",
    Lukianov/Lukyanov → "lukianov", Aleksandr/Alexander → "aleksandr"/"aleksander"."""
    w = re.sub(r"([aeiou])y(?=[aeiou])", r"\1", word.lower())  # Gabuyev/Gabuev, Dostoyevsky/Dostoevsky
    for a, b in (("kh", "h"), ("j", "h"), ("x", "ks"), ("y", "i"), ("w", "v"), ("ph", "f"), ("ck", "k"),
                 ("q", "k"), ("ie", "i")):
        w = w.replace(a, b)
    return re.sub(r"(.)\1+", r"\1", w)


def name_words(text: str) -> list[str]:
    """Folded words of a name without honorifics and generational suffixes ("Mr. Trump" → ["trump"])."""
    words = fold(text).split()
    while len(words) > 1 and words[0] in HONORIFICS:
        words = words[1:]
    while len(words) > 1 and words[-1] in NAME_SUFFIXES:
        words = words[:-1]
    return words


def name_suffix(text: str) -> str:
    """The generational suffix a name ends with ("Donald Trump Jr." → "jr"), or ""."""
    words = fold(text).split()
    return words[-1] if len(words) > 1 and words[-1] in NAME_SUFFIXES else ""


@dataclass(frozen=True, slots=True)
class PersonName:
    """A person's name as skeleton words: given names (first, then middle names or initials), surname, suffix."""

    given: tuple[str, ...]
    last: str
    suffix: str = ""

    @classmethod
    def parse(cls, text: str) -> PersonName | None:
        words = name_words(text)
        if not words:
            return None
        skel = [skeleton(w) for w in words]
        return cls(tuple(skel[:-1]), skel[-1], name_suffix(text))

    @classmethod
    def from_key(cls, key: str) -> PersonName:
        """The inverse of :attr:`key` ("george v bush#jr")."""
        words, _, suffix = key.partition("#")
        parts = words.split()
        return cls(tuple(parts[:-1]), parts[-1] if parts else "", suffix)

    @property
    def key(self) -> str:
        words = " ".join((*self.given, self.last))
        return f"{words}#{self.suffix}" if self.suffix else words

    @property
    def words(self) -> list[str]:
        return [*self.given, self.last]

    @property
    def full(self) -> bool:
        return bool(self.given)


def similar(a: str, b: str, threshold: float) -> bool:
    """Whether two skeletons spell the same name: equal, or close and sharing their first letter."""
    if a == b:
        return True
    if not a or not b or a[0] != b[0] or min(len(a), len(b)) < 4:
        return False
    return Levenshtein.normalized_similarity(a, b) >= threshold


def same_surname(a: str, b: str) -> bool:
    return similar(a, b, SURNAME_SIMILARITY)


def surname_lengths(surname: str) -> tuple[int, int]:
    """The shortest and longest surname that can be :func:`same_surname` as ``surname`` (which also shares its
    initial): a Levenshtein similarity of :data:`SURNAME_SIMILARITY` needs the shorter word to hold at least
    that share of the longer one's letters.  One letter of slack either way: a range for an index to block on,
    the test itself is :func:`same_surname`."""
    n = len(surname)
    return max(0, math.floor(n * SURNAME_SIMILARITY) - 1), math.ceil(n / SURNAME_SIMILARITY) + 1


def compatible_first(a: Sequence[str], b: Sequence[str]) -> bool:
    """First names (skeletons) that may belong to one person: equal or close, or one is the other's initial."""
    if not a or not b:
        return True
    if _subsequence(a, b) or _subsequence(b, a):
        return True  # "Boone Isaacs" within "Cheryl Boone Isaacs"
    x, y = a[0], b[0]
    if len(x) == 1 or len(y) == 1:
        return x[0] == y[0]
    return similar(x, y, FIRST_NAME_SIMILARITY)


def _generation(suffix: str) -> str:
    """A suffix as a generation: "Sr." is the father, who is usually named without it; "Jr.", "II", "III" are
    the son or grandson."""
    return "" if suffix == "sr" else suffix


def _initial_match(x: str, y: str) -> bool:
    if len(x) == 1 or len(y) == 1:
        return x[0] == y[0]
    return similar(x, y, FIRST_NAME_SIMILARITY)


def compatible(a: PersonName, b: PersonName) -> bool:
    """Whether two names may name one person (see the module docstring): surname, first name, suffix and,
    when both give them, middle names."""
    if not same_surname(a.last, b.last) or _generation(a.suffix) != _generation(b.suffix):
        return False
    if not a.given or not b.given:
        return True
    if not compatible_first(a.words, b.words):
        return False
    ma, mb = a.given[1:], b.given[1:]
    if ma and mb and not (_subsequence(a.words, b.words) or _subsequence(b.words, a.words)):
        return len(ma) == len(mb) and all(_initial_match(x, y) for x, y in zip(ma, mb, strict=True))
    return True


def _subsequence(short: Sequence[str], long: Sequence[str]) -> bool:
    """Whether a multi-word name is the long name with given words left out, first name kept out too
    ("Boone Isaacs" in "Cheryl Boone Isaacs"); a first name alone does not count."""
    if len(short) < 2 or len(short) >= len(long):
        return False
    if len(short[0]) > 1 and short[0] == long[0]:
        return False  # same first name: a shorter form with middle names dropped, judged by the middle-name rule
    it = iter(long)
    return all(any(similar(w, x, SURNAME_SIMILARITY) for x in it) for w in short)
