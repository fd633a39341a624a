"""The CAMEO verb dictionary, matched against spaCy's dependency parse, and the CAMEO → PLOVER table.

The data is ``data/cameo_verbs.json.gz``, compiled by ``scripts/build_cameo.py`` from PETRARCH-2's
``CAMEO.2.0.txt`` (MIT, Open Event Data Alliance; see ``data/CAMEO_LICENSE.md``) and ``CAMEO2PLOVER-2021.txt``.
PETRARCH reads the dictionary against constituency parses; newsweave reads it against the dependency parse:

* **Verbs.**  A verb token belongs to every block that lists its lemma (or its surface form, for the
  irregular forms the dictionary lists).  A multi-word verb ("ask for", "shoot down", "call off") needs each
  of its further words as a dependent of the verb after it (a particle, a preposition, an object).
* **Patterns.**  A pattern ``<pre> * <post> (<PREP> <noun>)`` matches when every item is found: a *post*
  word among the words the verb governs after it — its objects, particles, attributes and their noun phrases,
  never inside a clause of their own; a multi-word noun ("arms shipment") as its head with the words before
  it in order; a synset (``&WEAPON``) as any member; a *prep* phrase as a preposition the verb (or its
  object) governs with the noun within its object; a *pre* word within the verb's subject.  Items match a
  word's lemma or its surface form.
* **Code.**  The matching pattern with the most words wins (ties: the first in the file); without one, the
  verb's own code, else its block's.  A verb with a code of its own ("BEAT [182]") takes only the patterns
  written for it: the block's other patterns were written for its other verbs ("- * (WITH) [130] # THREATEN").
  A pattern coded ``---`` says the words are *not* an event ("killed in a training accident").
* **PLOVER.**  A code maps by its longest listed prefix (4, 3, then 2 digits) to a PLOVER type, mode and
  context; codes the table does not list (01 public statements) are no PLOVER event.
"""

from __future__ import annotations

import gzip
import json
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import TYPE_CHECKING, Any

from .plover import TYPES

if TYPE_CHECKING:
    from spacy.tokens import Token

DATA = "data/cameo_verbs.json.gz"
NOT_EVENT = "---"
POST_DEPS = frozenset({"dobj", "obj", "prt", "attr", "dative", "oprd", "acomp", "advmod", "npadvmod", "prep",
                       "agent", "nsubjpass", "xcomp"})
"""The dependents of a verb whose words CAMEO's post-verb items may match (with their noun phrases)."""
PHRASE_STOP = frozenset({"ccomp", "advcl", "relcl", "acl", "conj", "cc", "parataxis", "mark", "punct"})
"""Dependencies a pattern item never reaches into: a clause of its own, a coordinated phrase."""


@dataclass(frozen=True, slots=True)
class Pattern:
    """One CAMEO pattern: subject words, post-verb words, prepositional phrases, and its code."""

    pre: tuple[str, ...]
    post: tuple[str, ...]
    preps: tuple[tuple[str, tuple[str, ...]], ...]
    code: str
    verb: str = ""  # the verb it was written for (the dictionary's comment)

    @property
    def size(self) -> int:
        """How specific it is: the words it needs (a multi-word item counts each word, a prep counts one)."""
        words = sum(len(i.split()) for i in (*self.pre, *self.post))
        return words + sum(1 + sum(len(i.split()) for i in items) for _, items in self.preps)


@dataclass(frozen=True, slots=True)
class Verb:
    """A dictionary verb: its lemma, further words ("ask *for*"), its own code and its block."""

    lemma: str
    particles: tuple[str, ...]
    code: str | None
    block: int


@dataclass(frozen=True, slots=True)
class Plover:
    """What a CAMEO code is in PLOVER: type, mode and context."""

    type: str
    mode: str = ""
    context: str = ""


@dataclass(frozen=True, slots=True)
class Match:
    """The code CAMEO gives a verb token, how (``pattern`` or not), and the tokens its items matched."""

    code: str
    verb: str
    pattern: Pattern | None = None
    tokens: tuple[int, ...] = ()

    @property
    def event(self) -> bool:
        return self.code != NOT_EVENT


@dataclass(frozen=True, slots=True)
class Block:
    name: str
    code: str
    patterns: tuple[Pattern, ...]


class CameoVerbs:
    """The compiled CAMEO verb dictionary and CAMEO → PLOVER table; :meth:`load` the shipped one (cached)."""

    def __init__(self, data: dict[str, Any]) -> None:
        self.synsets: dict[str, tuple[str, ...]] = {k: tuple(v) for k, v in data["synsets"].items()}
        self.blocks: list[Block] = []
        self.verbs: dict[str, list[Verb]] = {}
        for number, raw in enumerate(data["blocks"]):
            patterns = tuple(Pattern(tuple(pre), tuple(post), tuple((p, tuple(i)) for p, i in preps), code, verb)
                             for pre, post, preps, code, verb in raw["patterns"])
            self.blocks.append(Block(raw["name"], raw["code"], patterns))
            for phrase, code in raw["verbs"].items():
                words = phrase.split()
                if not words or any(w in ("and", "or") for w in words[1:]):
                    continue  # "killed and": a coordination TABARI needed, not a verb
                self.verbs.setdefault(words[0], []).append(Verb(words[0], tuple(words[1:]), code, number))
        self.table: dict[str, Plover] = {code: Plover(*row) for code, row in data["plover"].items()}

    @classmethod
    def load(cls) -> CameoVerbs:
        return _shipped()

    def plover(self, code: str) -> Plover | None:
        """The PLOVER reading of a CAMEO code by its longest listed prefix; None when it is no PLOVER event."""
        if not code or code == NOT_EVENT:
            return None
        for n in (4, 3, 2):
            found = self.table.get(code[:n]) if len(code) >= n else None
            if found is not None:
                return found if found.type in TYPES else None
        return None

    def knows(self, lemma: str) -> bool:
        return lemma in self.verbs

    def match(self, tok: Token, patterns: bool = True) -> Match | None:
        """The code CAMEO gives the verb ``tok`` (None when the dictionary does not hold it)."""
        verbs = next((self.verbs[f] for f in _base_forms(tok) if f in self.verbs), None)
        if not verbs:
            return None
        post = _post_tokens(tok)
        multi = [v for v in verbs if v.particles and _has_particles(tok, v.particles, post)]
        single = [v for v in verbs if not v.particles]
        chosen = multi or single
        if not chosen:
            return None
        best: Match | None = None
        best_size = -1
        pre = _pre_tokens(tok) if patterns else []
        for verb in chosen:
            block = self.blocks[verb.block]
            if patterns:
                for pattern in block.patterns:
                    if pattern.size <= best_size or (verb.code and pattern.verb not in ("", verb.lemma)):
                        continue
                    found = self._pattern(pattern, tok, pre, post)
                    if found is not None:
                        best, best_size = Match(pattern.code, verb.lemma, pattern, found), pattern.size
            if best is None:
                code = verb.code or block.code
                if code != NOT_EVENT or verb is chosen[-1]:
                    best = Match(code, verb.lemma)
        if best is not None and best.pattern is None:  # no pattern: the first verb that has a code of its own
            coded = next((v for v in chosen if (v.code or self.blocks[v.block].code) != NOT_EVENT), None)
            if coded is not None:
                best = Match(coded.code or self.blocks[coded.block].code, coded.lemma)
        return best

    # ------------------------------------------------------------------ patterns

    def _pattern(self, pattern: Pattern, verb: Token, pre: list[Token], post: list[Token]) -> tuple[int, ...] | None:
        used: list[int] = []
        for item in pattern.pre:
            hit = self._item(item, pre, used)
            if hit is None:
                return None
            used.append(hit)
        for item in pattern.post:
            hit = self._item(item, post, used)
            if hit is None:
                return None
            used.append(hit)
        for prep, items in pattern.preps:
            heads = [t for t in post if t.lower_ == prep and t.dep_ in ("prep", "agent", "prt", "advmod", "dative")]
            ok = False
            for head in heads:
                inside = [t for t in head.subtree if t.i != head.i]
                hits: list[int] = []
                for item in items:
                    hit = self._item(item, inside, used + hits)
                    if hit is None:
                        break
                    hits.append(hit)
                else:
                    used += [head.i, *hits]
                    ok = True
                    break
            if not ok:
                return None
        return tuple(used)

    def _item(self, item: str, tokens: list[Token], used: list[int]) -> int | None:
        """The token an item matches (its head word for a multi-word noun), None when none does."""
        if item.startswith("&"):
            for member in self.synsets.get(item, ()):
                hit = self._item(member, tokens, used)
                if hit is not None:
                    return hit
            return None
        words = item.split()
        for tok in tokens:
            if tok.i in used or not _same(tok, words[-1]):
                continue
            doc = tok.doc
            before = words[:-1]
            if len(before) <= tok.i and all(_same(doc[tok.i - len(before) + k], w) for k, w in enumerate(before)):
                return tok.i
        return None


def _base_forms(tok: Token) -> list[str]:
    """The forms a verb may be listed under: its lemma, its surface form, and the regular base forms of an
    inflected surface ("staged" → stage, "stopped" → stop), for when the lemmatiser errs ("staged" → "stag")."""
    low = tok.lower_
    forms = [tok.lemma_.lower(), low]
    for suffix in ("ing", "ed", "es", "s", "d"):
        if low.endswith(suffix) and len(low) > len(suffix) + 2:
            stem = low[: -len(suffix)]
            forms += [stem, stem + "e"]
            if len(stem) > 2 and stem[-1] == stem[-2]:
                forms.append(stem[:-1])
    return forms


def _same(tok: Token, word: str) -> bool:
    """Whether a token is the dictionary word: its lemma or surface form (regular plurals included)."""
    low = tok.lower_
    return word in (low, tok.lemma_.lower()) or low in (word + "s", word + "es")


def _post_tokens(verb: Token) -> list[Token]:
    """The words a verb governs after it, through noun phrases and prepositions but no clause of their own."""
    out: list[Token] = []
    stack = [c for c in verb.children if c.i > verb.i and c.dep_ in POST_DEPS]
    while stack:
        node = stack.pop()
        out.append(node)
        if node.dep_ == "xcomp" and node.pos_ in ("VERB", "AUX"):
            continue  # "asked to intervene": the infinitive's verb, not its clause
        stack.extend(c for c in node.children if c.dep_ not in PHRASE_STOP)
    return sorted(out, key=lambda t: t.i)


def _pre_tokens(verb: Token) -> list[Token]:
    """The words of the verb's subject (of the verb it depends on, for an infinitive or a conjunct)."""
    node = verb
    for _ in range(3):
        subjects = [c for c in node.children if c.dep_ in ("nsubj", "nsubjpass", "csubj")]
        if subjects:
            return [t for s in subjects for t in s.subtree]
        if node.dep_ not in ("xcomp", "conj") or node.head.i == node.i:
            break
        node = node.head
    return []


def _has_particles(verb: Token, particles: tuple[str, ...], post: list[Token]) -> bool:
    children = [c for c in verb.children if c.i > verb.i]
    near = children + [t for t in post if t.head.i == verb.i]
    return all(any(_same(c, p) for c in near) for p in particles)


@lru_cache(maxsize=1)
def _shipped() -> CameoVerbs:
    with gzip.open(str(resources.files("newsweave").joinpath(DATA)), "rt", encoding="utf-8") as handle:
        return CameoVerbs(json.load(handle))
