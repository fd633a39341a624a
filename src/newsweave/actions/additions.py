"""newsweave's own additions to the CAMEO dictionary, read from ``data/plover_lexicon.tsv``.

CAMEO's verb dictionary types verbs; what it does not hold, newsweave adds as data, one row per word:

* **structure flags** of verbs — which are plain reporting verbs (transparent), speech acts whose
  complement is their content (``frame``), intent verbs (``intent``), light verbs whose event is their object
  noun (``light``), and so on (the file's header lists them).  They say how a verb's clause is read, not what
  type it is;
* **event nouns** ("talks", "sanctions", "a protest"), adjectives of intent ("ready to"), the modal "must";
* **typed verbs and verb phrases** written from the PLOVER manual (the wave-1 hand lexicon), used where CAMEO
  gives a verb no PLOVER type, or a less specific one;
* **actor nouns** ("officials", "rebels") and military actor nouns ("troops").

Every typed row belongs to a *group* named ``TYPE:kind`` (``DEMAND:noun``, ``FIGHT:verb``, ``AGREE:adjective``);
:class:`~newsweave.actions.params.CoderParams` switches groups off by name.  Which groups are kept is chosen on
the PLOVER gold standard's dev records by ``benchmarks/actions.py`` (kept only where they add measured value).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from importlib import resources

from .plover import TYPES

KINDS = {"V": "verb", "VP": "verb", "VO": "verb", "N": "noun", "A": "adjective", "M": "modal"}
"""A row's part of speech → the kind in its group name."""


@dataclass(frozen=True, slots=True)
class Entry:
    """What a lexicon row means: a PLOVER type (or "-"), how the word behaves, and its group."""

    type: str
    flags: frozenset[str] = frozenset()
    group: str = "-"

    @property
    def typed(self) -> bool:
        return self.type != "-"


@dataclass(slots=True)
class Lexicon:
    """The additions lexicon, read from ``data/plover_lexicon.tsv``."""

    verbs: dict[str, Entry] = field(default_factory=dict)
    phrasal: dict[tuple[str, str], Entry] = field(default_factory=dict)
    objects: dict[str, list[tuple[tuple[str, ...], Entry]]] = field(default_factory=dict)
    nouns: dict[str, Entry] = field(default_factory=dict)
    adjectives: dict[str, Entry] = field(default_factory=dict)
    modals: dict[str, Entry] = field(default_factory=dict)
    actors: set[str] = field(default_factory=set)
    military: set[str] = field(default_factory=set)

    @classmethod
    def load(cls) -> Lexicon:
        text = resources.files("newsweave").joinpath("data/plover_lexicon.tsv").read_text(encoding="utf-8")
        return cls.parse(text.splitlines())

    @classmethod
    def parse(cls, lines: Iterable[str]) -> Lexicon:
        lex = cls()
        for number, line in enumerate(lines, 1):
            if not line.strip() or line.startswith("#"):
                continue
            cols = line.rstrip("\n").split("\t")
            if len(cols) < 3:
                raise ValueError(f"plover_lexicon.tsv line {number}: expected pattern, pos, type: {line!r}")
            pattern, pos, kind = cols[0].strip().lower(), cols[1].strip(), cols[2].strip()
            flags = frozenset(f.strip() for f in (cols[3] if len(cols) > 3 else "").split(",") if f.strip())
            if kind != "-" and kind not in TYPES:
                raise ValueError(f"plover_lexicon.tsv line {number}: unknown PLOVER type {kind!r}")
            entry = Entry(kind, flags, f"{kind}:{KINDS[pos]}" if kind != "-" and pos in KINDS else "-")
            words = pattern.split()
            if pos == "V":
                lex.verbs[pattern] = entry
            elif pos == "VP":
                lex.phrasal[(words[0], " ".join(words[1:]))] = entry
            elif pos == "VO":
                lex.objects.setdefault(words[0], []).append((tuple(words[1:]), entry))
            elif pos == "N":
                lex.nouns[pattern] = entry
            elif pos == "A":
                lex.adjectives[pattern] = entry
            elif pos == "M":
                lex.modals[pattern] = entry
            elif pos == "ACTOR":
                lex.actors.add(pattern)
            elif pos == "MIL":
                lex.military.add(pattern)
                lex.actors.add(pattern)
            else:
                raise ValueError(f"plover_lexicon.tsv line {number}: unknown part of speech {pos!r}")
        return lex

    def groups(self) -> list[str]:
        """Every group of typed rows, sorted."""
        entries = [*self.verbs.values(), *self.phrasal.values(), *self.nouns.values(), *self.adjectives.values(),
                   *self.modals.values(), *(e for rows in self.objects.values() for _, e in rows)]
        return sorted({e.group for e in entries if e.typed})

    def flags(self, lemma: str) -> frozenset[str]:
        """The structure flags of a verb ("frame", "report" …), whatever its type."""
        entry = self.verbs.get(lemma)
        return entry.flags if entry is not None else frozenset()

    def keywords(self) -> list[tuple[str, str]]:
        """Every single-word typed trigger (verb, noun) with its type: what a keyword baseline looks for."""
        words = [(w, e.type) for w, e in self.verbs.items() if e.typed and " " not in w]
        words += [(w, e.type) for w, e in self.nouns.items() if e.typed and " " not in w]
        return words
