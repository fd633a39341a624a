"""FROZEN BASELINE (wave 1, before issue 16): the hand-lexicon PLOVER coder as it was, with its lexicon
``wave1_plover_lexicon.tsv`` beside this file.  Loaded by ``benchmarks/actions.py`` as the module
``newsweave._wave1_actions`` (its ``from .model import …`` imports resolve in the installed package).  Do not
edit: it is what the new coder is measured against.

Who did what to whom: the political actions a text reports, coded as PLOVER events.

For every sentence of a parsed Doc, :class:`ActionCoder` finds the actions it reports — the PLOVER event
type, the actor (source) and recipient (target) noun phrases, the trigger words, the auxiliary mode
(negated / hypothetical / future) and, where the sentence states them, the date and the place.  Every span
is a character range ``[start, end)`` into the Doc's text, never a copy of it.

How it works (all of it from the dependency parse and a shipped lexicon, ``data/plover_lexicon.tsv``,
written from the PLOVER manual's category definitions and the CAMEO→PLOVER table's descriptions):

* **Triggers.**  A verb in the lexicon ("reject"), a verb with its particle ("call for") or with its
  object ("lift sanctions", "use force"), a light verb with an event noun as object ("held talks",
  "imposed sanctions"), an event noun on its own ("Moscow's demands", "the talks in Brussels").
* **Speech acts and reported speech.**  A plain reporting verb ("said", "told") is transparent: the
  content clause is coded, with the reporter standing in for a pronoun subject ("Syria says it will not
  …").  A speech-act verb ("demanded", "warned", "rejected", "accused") is the action itself; its
  complement clause is the *content* of the act, not a separate event, and its subject gives the target
  ("demanded that the US cancel …" → target US).  Intent verbs and adjectives ("promised to", "agreed to",
  "is ready to") take their type from the complement, read as a future action.
* **Mode.**  ``negated`` (not / never / no / n't, "failed to"), ``hypothetical`` (inside an if / unless
  clause, or with may / might / could), ``future`` (will / shall / would, an intent verb).
* **Recipients** come from the parse, nearest first: a passive subject or an actor object; an actor in a
  prepositional phrase of the verb ("aid *to refugees*", "taken away *from Hausa politicians*"); the actor
  behind or addressed by the object ("rejected *Moscow's* demands", "demanded an admission *by Moscow*",
  "a demonstration staged *by students*", "part of a program *for Bosnia*"); for a light verb, its event
  noun's own ("held talks *with* X"), looking one step through a non-actor complement ("a suspension of air
  links *with Serbia*", "in protest against violations *by* X").  The actor's own things ("withdrew *its*
  forces") are what it acts with, not on: the place a material action is aimed at comes first ("banned
  voting *in East Jerusalem*").  A threat with no other recipient is aimed at whoever its condition names
  ("… *if the United States* goes ahead"), and an action with none takes the recipient of its purpose
  clause of the same type ("began a hunger strike *to protest against Sweden's decision*").
* **PLOVER reductions** (manual §2.3, §3.1, §3.4, §3.10): a future or conditional cooperative action
  (CONSULT, SUPPORT, COOPERATE, AID) is AGREE; an expressed intent to yield ("agreed to re-open its
  borders", "is prepared to lift the ban") is AGREE too (CAMEO 035 → AGREE in the CAMEO→PLOVER table),
  while an announced future RETREAT is CONCEDE (manual §3.4); a future or conditional
  material-conflict action (SANCTION, COERCE, ASSAULT, FIGHT, MOBILIZE, PROTEST) is THREATEN — the
  threat is what happened, so its mode is kept as "future"; a refusal — a cooperative action negated with
  will / would / can / never ("NATO will never compromise") — is REJECT (CAMEO 124 "decline to yield").
  An ASSAULT by a military actor (forces, troops, aircraft …) is conventional force, FIGHT (CAMEO 19),
  unless it is one of CAMEO 18's specific unconventional methods (abduct, beat, torture, assassinate …); a
  PROTEST by a state is a diplomatic protest, DISAPPROVE (manual §3.12).
* **Actors** are noun phrases: the head (a named entity, a given :class:`~newsweave.model.Mention`, or an
  actor noun such as "officials", "rebels") expanded over its compound / adjectival / possessive /
  coordinated modifiers ("Senior Hungarian and Romanian officials"), and a common noun over its "of" /
  "from" complement ("the deputy chief of Israel's militia ally").  A pronoun is replaced by the named
  mention it ``refers_to`` when mentions are given.  A passive with no agent names no actor ("three
  civilians were killed, police said": not the police).
* **Quotes.**  When the quote's cue is itself a speech act ("warned", "demanded") the speaker is that
  action's actor; actions coded inside a quote's content carry the quote's id, and the speaker stands in
  for a missing or first-person actor.

Actions come back sentence by sentence; within a sentence the *main* action comes first: the one whose
trigger is highest in the clause structure (reporting verbs are transparent), verbal before nominal,
then in textual order.  That gold-free ordering is what the benchmark scores as "the" action.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

from .model import Action, ActorRef, Mention, MentionForm, MentionKind, Quote, Span

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token
    from spacy.tokens import Span as SpacySpan

TYPES = (
    "AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "DEMAND", "DISAPPROVE",
    "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT", "FIGHT", "INVESTIGATE",
)
"""The PLOVER event types (the 2016 category names of the PLOVER gold standard)."""

MODES = ("", "negated", "hypothetical", "future")
PARTITIVES = frozenset({"group", "member", "thousand", "hundred", "dozen", "some", "part", "one", "many", "most",
                        "all", "several", "number", "majority"})
MEASURES = frozenset({"ton", "tonne", "worth", "kind", "amount", "lot", "shipment", "batch", "package", "round",
                      "wave", "series", "set", "supply", "piece", "portion", "share", "bit", "load"})

COOPERATIVE = frozenset({"CONSULT", "SUPPORT", "COOPERATE", "AID"})
MATERIAL_CONFLICT = frozenset({"SANCTION", "COERCE", "ASSAULT", "FIGHT", "MOBILIZE", "PROTEST"})
ON_PLACES = MATERIAL_CONFLICT | {"RETREAT", "CONCEDE", "AID"}
YIELDING = frozenset({"AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT"})

ACTOR_LABELS = frozenset({"PERSON", "ORG", "GPE", "NORP"})
PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
DATE_LABELS = frozenset({"DATE"})
NON_ACTOR_LABELS = frozenset({"DATE", "TIME", "CARDINAL", "ORDINAL", "MONEY", "QUANTITY", "PERCENT", "LAW",
                              "WORK_OF_ART", "EVENT", "LANGUAGE", "PRODUCT"})
NOT_EVENT_LABELS = frozenset({"ORG", "PERSON", "GPE", "FAC", "LAW", "WORK_OF_ART", "EVENT", "NORP"})
ACTOR_KINDS = frozenset({MentionKind.PERSON, MentionKind.ORGANIZATION, MentionKind.PLACE, MentionKind.GROUP})

NEGATORS = frozenset({"not", "n't", "never", "no", "neither", "nor", "without"})
FUTURE_AUX = frozenset({"will", "shall", "'ll", "wo", "would", "'d"})
HYPOTHETICAL_AUX = frozenset({"may", "might", "could"})
REFUSAL_AUX = frozenset({"will", "shall", "'ll", "wo", "would", "can", "ca", "could"})
CONDITION_MARKS = frozenset({"if", "unless"})
MODAL_ADJECTIVES = frozenset({"possible", "potential", "likely", "probable", "eventual", "imminent", "hypothetical"})
PREVENTING = frozenset({"avert", "prevent", "avoid", "deter", "forestall", "preclude", "fear"})
"""Verbs whose object event did not happen (is prevented, or only feared)."""
PRONOUNS = frozenset({"he", "she", "it", "they", "we", "i", "him", "her", "them", "us", "who", "which", "that"})
FIRST_PERSON = frozenset({"we", "i", "us", "me", "our"})
OBJECT_DEPS = ("dobj", "obj")
SUBJECT_DEPS = ("nsubj", "csubj")
TARGET_PREPS = ("to", "with", "against", "on", "from", "into", "upon", "toward", "towards", "at", "for", "over")
NOUN_TARGET_PREPS = ("with", "against", "on", "to", "between", "upon", "toward", "towards", "from", "of", "for")
SOURCE_PREPS = ("by", "from")
PLACE_PREPS = frozenset({"in", "at", "near", "outside", "inside", "from"})
NP_DEPS = frozenset({"compound", "amod", "poss", "nmod", "nummod", "flat", "det", "cc", "conj", "case", "quantmod",
                     "npadvmod", "prep", "pobj", "punct", "appos"})
CLAUSE_DEPS = frozenset({"ccomp", "xcomp", "advcl", "relcl", "acl", "csubj", "pcomp", "conj", "parataxis"})


# ---------------------------------------------------------------------------------------------- lexicon


@dataclass(frozen=True, slots=True)
class Entry:
    """What a lexicon pattern means: a PLOVER type (or "-") and how the pattern behaves."""

    type: str
    flags: frozenset[str] = frozenset()

    @property
    def typed(self) -> bool:
        return self.type != "-"


@dataclass(slots=True)
class Lexicon:
    """The event lexicon, read from ``data/plover_lexicon.tsv``."""

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
        text = (Path(__file__).resolve().parent / "wave1_plover_lexicon.tsv").read_text(encoding="utf-8")
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
            entry = Entry(kind, flags)
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

    def keywords(self) -> list[tuple[str, str]]:
        """Every single-word typed trigger (verb, noun) with its type: what a keyword baseline looks for."""
        words = [(w, e.type) for w, e in self.verbs.items() if e.typed and " " not in w]
        words += [(w, e.type) for w, e in self.nouns.items() if e.typed and " " not in w]
        return words


# ---------------------------------------------------------------------------------------------- coder


@dataclass(slots=True)
class _Candidate:
    token: Token  # the head word of the trigger (a verb, adjective or noun)
    type: str
    flags: frozenset[str]
    start: int
    end: int
    nominal: bool = False
    consumed: tuple[int, ...] = ()  # token indices (object nouns) this trigger already covers
    mode: str = ""
    source: Token | None = None
    target: Token | None = None
    depth: float = 0.0
    suppressed: bool = False
    intended: bool = False  # under an intent verb: read as future


class ActionCoder:
    """Codes the political actions in a parsed text as PLOVER events.  Build once and share."""

    def __init__(self) -> None:
        self.lexicon = Lexicon.load()

    # ------------------------------------------------------------------ public

    def code(self, doc: Doc, mentions: Sequence[Mention] = (), quotes: Sequence[Quote] = ()) -> tuple[Action, ...]:
        """The actions every sentence of ``doc`` reports, main action of each sentence first."""
        context = _Context(doc, mentions)
        actions: list[Action] = []
        for sent in doc.sents:
            actions.extend(self._code_sentence(sent, context))
        if quotes:
            actions = self._attach_quotes(doc, actions, quotes, context)
        return tuple(actions)

    # ------------------------------------------------------------------ sentences

    def _code_sentence(self, sent: SpacySpan, ctx: _Context) -> list[Action]:
        cands: dict[int, _Candidate] = {}
        frames: list[_Candidate] = []
        for tok in sent:
            cand = self._verbal(tok) if tok.pos_ in ("VERB", "AUX") else None
            if cand is None and tok.pos_ == "ADJ":
                cand = self._adjectival(tok)
            if cand is None and tok.pos_ == "AUX":
                cand = self._modal(tok)
            if cand is not None:
                cand.depth = _depth(cand.token) + (1.0 if _in_condition(cand.token) else 0.0)
                cands[cand.token.i] = cand
                if cand.flags & {"frame", "intent", "report", "negate", "want"}:
                    frames.append(cand)
        consumed = {i for c in cands.values() for i in c.consumed}
        for tok in sent:
            if tok.pos_ == "NOUN" and tok.i not in consumed and tok.i not in cands:
                cand = self._nominal(tok, ctx)
                if cand is not None:
                    cand.depth = _depth(tok) + (1.0 if _in_condition(tok) else 0.0)
                    cands[tok.i] = cand
        # frames: their complement is content, not an event (reporting verbs excepted)
        for frame in sorted(frames, key=lambda c: _depth(c.token)):
            self._apply_frame(frame, cands)
        actions: list[tuple[float, int, Action]] = []
        conditional = any(_condition_clause(t) for t in sent)
        finished: list[tuple[_Candidate, Action]] = []
        for cand in cands.values():
            if cand.suppressed or cand.type == "-":
                continue
            if "cond" in cand.flags and not (conditional or _clause_mode(cand.token) in ("future", "hypothetical")):
                continue
            action = self._finish(cand, sent, ctx)
            if action is not None:
                finished.append((cand, action))
        for cand, action in finished:
            if action.target is None:
                action = _purpose_target(cand, action, finished)
            actions.append((cand.depth + (0.5 if cand.nominal else 0.0), cand.start, action))
        actions.sort(key=lambda a: (a[0], a[1]))
        return [a for _, _, a in actions]

    def _verbal(self, tok: Token) -> _Candidate | None:
        lex = self.lexicon
        if tok.dep_ in ("amod", "acomp") and tok.tag_ in ("VBN", "VBG"):
            return None  # "felt threatened", "the besieged town": a state, not an act
        lemma = tok.lemma_.lower()
        parts = [c for c in tok.children if c.dep_ in ("prt", "prep", "dobj", "acomp") and c.i > tok.i]
        for part in parts:  # "call for", "step down", "carry out", "put on alert", "engage in"
            for key in ((lemma, part.lower_), (lemma, f"{part.lower_} {_first_pobj_lemma(part)}")):
                entry = lex.phrasal.get(key)
                if entry is not None:
                    end = max(part.idx + len(part.text), tok.idx + len(tok.text))
                    cand = _Candidate(tok, entry.type, entry.flags, tok.idx, end)
                    if "light" in entry.flags:
                        found = self._light(cand, [_first_pobj(part)] if _first_pobj(part) else [])
                    else:
                        found = cand
                    if found is not None and part.dep_ == "prep" and _agentless_passive(tok):
                        # "forces were engaged in ethnic cleansing": a state of the subject, who is the actor
                        subject = next((c for c in tok.children if c.dep_ == "nsubjpass"), None)
                        if subject is not None:
                            found.source = subject
                            found.consumed = (*found.consumed, subject.i)
                    return found
        objects = _objects(tok)
        for obj in objects:
            for words, entry in lex.objects.get(lemma, ()):
                if _object_matches(obj, words):
                    end = max(obj.idx + len(obj.text), tok.idx + len(tok.text))
                    return _Candidate(tok, entry.type, entry.flags, min(tok.idx, obj.idx), end, consumed=(obj.i,))
        entry = lex.verbs.get(lemma)
        if entry is not None and "object" in entry.flags and not any(
                c.dep_ in (*OBJECT_DEPS, "nsubjpass") for c in tok.children):
            return None  # "returned the prisoners" is a retreat, "negotiators return to Geneva" is not
        if entry is None or "light" in entry.flags:
            cand = _Candidate(tok, "-", frozenset({"light"}), tok.idx, tok.idx + len(tok.text))
            return self._light(cand, objects)
        return _Candidate(tok, entry.type, entry.flags, tok.idx, tok.idx + len(tok.text))

    def _light(self, cand: _Candidate, objects: Sequence[Token | None]) -> _Candidate | None:
        """A light verb's event is its object noun: "held talks", "imposed sanctions", "launched an offensive"."""
        for obj in objects:
            if obj is None:
                continue
            obj = _np_core(obj)  # "provided 25,000 tons of aid", "held a round of talks"
            noun = self.lexicon.nouns.get(obj.lemma_.lower())
            if noun is not None and noun.typed:
                start = min(cand.token.idx, obj.idx)
                end = max(cand.token.idx + len(cand.token.text), obj.idx + len(obj.text))
                return _Candidate(cand.token, noun.type, noun.flags, start, end, consumed=(obj.i,))
        return None

    def _adjectival(self, tok: Token) -> _Candidate | None:
        entry = self.lexicon.adjectives.get(tok.lower_)
        if entry is None or not any(c.dep_ in ("xcomp", "prep") for c in tok.children):
            return None
        return _Candidate(tok, entry.type, entry.flags, tok.idx, tok.idx + len(tok.text))

    def _modal(self, tok: Token) -> _Candidate | None:
        """"X must do Y", inside a reported statement: a demand on X (CAMEO 10)."""
        entry = self.lexicon.modals.get(tok.lower_)
        if entry is None or tok.dep_ != "aux":
            return None
        verb = tok.head
        reporter = verb.head if verb.dep_ == "ccomp" else None
        if reporter is None or self.lexicon.verbs.get(reporter.lemma_.lower(), Entry("-")).flags.isdisjoint({"report"}):
            return None
        cand = _Candidate(tok, entry.type, frozenset(), tok.idx, tok.idx + len(tok.text))
        cand.source = _subject(reporter)
        cand.target = _subject(verb)
        return cand

    def _nominal(self, tok: Token, ctx: _Context) -> _Candidate | None:
        entry = self.lexicon.nouns.get(tok.lemma_.lower()) or self.lexicon.nouns.get(tok.lower_)
        if entry is None or not entry.typed or tok.dep_ == "compound" or ctx.in_entity(tok, NOT_EVENT_LABELS):
            return None
        start = tok.idx
        for child in tok.lefts:  # "hunger strike", "peace talks", "air strike"
            if child.dep_ == "compound" and child.i == tok.i - 1:
                start = child.idx
        kind = entry.type
        if kind == "PROTEST" and tok.lemma_.lower() == "strike" and any(
                c.lower_ in ("air", "missile", "drone", "military") for c in tok.lefts):
            kind = "FIGHT"
        return _Candidate(tok, kind, entry.flags, start, tok.idx + len(tok.text), nominal=True)

    def _apply_frame(self, frame: _Candidate, cands: dict[int, _Candidate]) -> None:
        if frame.suppressed:
            return
        tok = frame.token
        complements = [c for c in tok.children if c.dep_ in ("ccomp", "xcomp")]
        for prep in (c for c in tok.children if c.dep_ == "prep"):  # "called on Arabs to unite", "insisted on"
            complements += [g for c in prep.children for g in ([c] + [x for x in c.children if x.dep_ == "xcomp"])
                            if g.dep_ in ("pcomp", "xcomp")]
        if not complements:  # "have sworn to fight", parsed as an adverbial clause: an infinitive with no subject
            complements = [c for c in tok.children if c.dep_ == "advcl" and c.i > tok.i and _subject(c) is None
                           and any(a.dep_ == "aux" and a.lower_ == "to" for a in c.children)][:1]
        objects = [c for c in tok.children if c.dep_ in (*OBJECT_DEPS, "dative")]
        objects += [g for c in tok.children if c.dep_ == "prep" and c.lower_ in ("on", "for", "to")  # "insisted on"
                    for g in c.children if g.dep_ == "pobj"]
        if not complements and "report" not in frame.flags:
            for obj in objects:  # "demanded a truce", "ordered X to appear"
                complements += [c for c in obj.children if c.dep_ in ("acl", "xcomp", "relcl") and c.pos_ == "VERB"]
        inner = [c for c in cands.values() if c is not frame and any(_within(c.token, comp) for comp in complements)]
        inner.sort(key=lambda c: (_depth(c.token), 0 if not c.nominal else 1, c.start))
        if "report" in frame.flags:
            for c in inner:
                c.depth -= 1.0  # the reporting verb is transparent
                if c.source is None:
                    c.source = _source(c.token)
                if (c.source is None and not _agentless_passive(c.token)) or (
                        c.source is not None and c.source.lower_ in PRONOUNS - FIRST_PERSON):
                    c.source = _reporter(tok) or c.source  # not "X was killed, police said": no actor named
            return
        if "negate" in frame.flags:
            for c in inner:
                c.mode = "negated"
                c.source = c.source or _subject(tok)
            return
        if "want" in frame.flags:
            own = [comp for comp in complements if _other_subject(comp, tok)]
            if not own:
                frame.type = "-"
                frame.flags = frozenset({"intent"})
                self._apply_frame(frame, cands)
                return
        content = inner[0] if inner else None
        if "intent" in frame.flags:
            if content is not None:
                frame.type = content.type
                frame.intended = True
                frame.target = frame.target or content.target or self._content_target(content)
                frame.consumed = content.consumed
            elif frame.type != "-":
                frame.intended = True
        for c in inner:
            c.suppressed = True
        if frame.target is None and "intent" not in frame.flags:
            for obj in objects:  # "demanded an admission by Moscow", "rejected Moscow's demands"
                if _looks_actor(obj, self.lexicon):
                    continue
                agent = _noun_source_plain(_np_core(obj), self.lexicon)
                if agent is not None:
                    frame.target = agent
                    break
        if frame.target is None:
            for comp in complements:
                subj = _subject(comp)
                if subj is not None and _other_subject(comp, tok) and "intent" not in frame.flags:
                    frame.target = subj
                    break
                coded = next((c for c in inner if c.token.i == comp.i), None)
                if coded is not None:
                    found = self._content_target(coded)
                else:
                    found = _recipient(comp, "-", self.lexicon) if comp.pos_ in ("VERB", "AUX") else None
                if found is not None:
                    frame.target = found
                    break

    def _content_target(self, content: _Candidate) -> Token | None:
        """The recipient of an action that is the content of a frame ("threatened to ban voting in X")."""
        if content.target is not None:
            return content.target
        if content.nominal:
            return _noun_target_plain(content.token, self.lexicon)
        if content.consumed:
            found = _noun_target_plain(content.token.doc[content.consumed[0]], self.lexicon)
            if found is not None:
                return found
        return _recipient(content.token, content.type, self.lexicon, skip=content.consumed)

    # ------------------------------------------------------------------ one action

    def _finish(self, cand: _Candidate, sent: SpacySpan, ctx: _Context) -> Action | None:
        lex = self.lexicon
        tok = cand.token
        verb = _clause_verb(tok)
        mode = cand.mode or _mode(tok, cand.nominal)
        unreal = not cand.mode and (
            (cand.nominal and _averted_or_possible(tok))
            or (bool(cand.consumed) and _averted_or_possible(tok.doc[cand.consumed[0]], governor=tok)))
        if unreal and mode != "negated":
            mode = "hypothetical"  # "averting a possible invasion": it did not happen, and nobody threatened it
        kind = cand.type
        source_tok = cand.source or (_noun_source(tok, ctx, lex) if cand.nominal else _source(tok))
        if cand.nominal and source_tok is None and verb is not None and (
                _light_governs(verb, tok) or _purpose_of(verb, tok)):
            source_tok = _source(verb)
        target_tok = cand.target
        if target_tok is None and cand.nominal:
            target_tok = _noun_target(tok, ctx, lex)
        if target_tok is None and cand.consumed:  # "held talks with X", "imposed sanctions on X"
            target_tok = _noun_target(tok.doc[cand.consumed[0]], ctx, lex)
        if target_tok is None and not cand.nominal:
            target_tok = _recipient(tok, kind, lex, skip=cand.consumed)
        # PLOVER reductions
        refusal = mode == "negated" and kind in YIELDING and _refusal(tok)
        if refusal:
            kind, mode = "REJECT", ""
        elif (cand.intended or mode in ("future", "hypothetical")) and not _in_condition(tok) and not unreal:
            if kind in COOPERATIVE or (cand.intended and kind in ("RETREAT", "CONCEDE")):
                kind = "AGREE"  # "agreed to re-open its borders": CAMEO 035 express intent to yield
            elif kind == "RETREAT":
                kind = "CONCEDE"  # "announced it would withdraw troops" (manual 3.4)
            elif kind in MATERIAL_CONFLICT:
                kind = "THREATEN"
        if target_tok is None and kind == "THREATEN":
            target_tok = _condition_subject(tok, lex)
        if kind == "ASSAULT" and "unconventional" not in cand.flags and source_tok is not None \
                and _head_lemma(source_tok) in lex.military:
            kind = "FIGHT"
        protest = tok.doc[cand.consumed[0]] if cand.consumed else tok  # "lodged a protest"
        if kind in ("PROTEST",) and protest.lemma_.lower() == "protest" and source_tok is not None \
                and ctx.is_state(source_tok):
            kind = "DISAPPROVE"
        if kind == "-" or kind not in TYPES:
            return None
        source = ctx.actor(source_tok, lex) if source_tok is not None else None
        target = ctx.actor(target_tok, lex) if target_tok is not None else None
        if source is not None and target is not None and _overlap((source.start, source.end),
                                                                  (target.start, target.end)):
            target = None
        anchor = verb if verb is not None else tok
        return Action(kind, mode, Span(cand.start, cand.end), source, target,
                      date=ctx.attached(anchor, tok, DATE_LABELS, sent),
                      place=ctx.attached(anchor, tok, PLACE_LABELS, sent, preps=PLACE_PREPS))

    # ------------------------------------------------------------------ quotes

    def _attach_quotes(self, doc: Doc, actions: list[Action], quotes: Sequence[Quote], ctx: _Context) -> list[Action]:
        out = list(actions)
        for q in quotes:
            speaker = q.speaker
            who = None
            if speaker is not None:
                name = speaker.name
                who = ActorRef(name.start, name.end) if name is not None else ActorRef(speaker.start, speaker.end)
            for i, a in enumerate(out):
                t = (a.trigger.start, a.trigger.end)
                on_cue = q.cue is not None and _overlap(t, (q.cue.start, q.cue.end))
                inside = any(_overlap(t, (p.start, p.end)) for p in q.pieces)
                if not (on_cue or inside) or a.quote is not None:
                    continue
                source = a.source
                if who is not None and (on_cue or source is None or _first_person(doc, source)):
                    source = who
                out[i] = replace(a, source=source, quote=q.id)
        return out


# ---------------------------------------------------------------------------------------------- context


class _Context:
    """Per-document lookups: entities and mentions by character offset."""

    def __init__(self, doc: Doc, mentions: Sequence[Mention]) -> None:
        self.doc = doc
        self.mentions = list(mentions)
        self.ent_label: dict[int, str] = {}
        for ent in doc.ents:
            for t in ent:
                self.ent_label[t.i] = ent.label_
        self.mention_at: dict[int, int] = {}
        for k, m in enumerate(self.mentions):
            for t in doc.char_span(m.start, m.end, alignment_mode="expand") or ():
                self.mention_at.setdefault(t.i, k)

    def in_entity(self, tok: Token, labels: frozenset[str]) -> bool:
        return self.ent_label.get(tok.i, "") in labels

    def is_actor(self, tok: Token, lex: Lexicon) -> bool:
        if self.ent_label.get(tok.i) in ACTOR_LABELS:
            return True
        k = self.mention_at.get(tok.i)
        if k is not None and self.mentions[k].kind in ACTOR_KINDS:
            return True
        return tok.lemma_.lower() in lex.actors or tok.lower_ in PRONOUNS - {"which", "that"}

    def is_state(self, tok: Token) -> bool:
        head = _np_head(tok)
        return self.ent_label.get(head.i) == "GPE" or head.lemma_.lower() in (
            "government", "ministry", "minister", "president", "embassy", "state", "country", "authority")

    def actor(self, tok: Token, lex: Lexicon) -> ActorRef | None:
        head = _actor_head(tok, self, lex)
        if head is None:
            return None
        k = self.mention_at.get(head.i)
        if k is not None:
            m = self.mentions[k]
            if m.form is not MentionForm.NAME and m.refers_to is not None and 0 <= m.refers_to < len(self.mentions):
                ref = self.mentions[m.refers_to]
                return ActorRef(ref.start, ref.end)
        start, end = _noun_phrase(head)
        if k is not None and self.mentions[k].form is MentionForm.NAME:
            m = self.mentions[k]
            start, end = min(start, m.start), max(end, m.end)
        return ActorRef(start, end)

    def attached(self, anchor: Token, trigger: Token, labels: frozenset[str], sent: SpacySpan,
                 preps: frozenset[str] | None = None) -> Span | None:
        """The first entity with one of ``labels`` in the sentence that hangs off the trigger's clause."""
        for ent in sent.ents:
            if ent.label_ not in labels:
                continue
            node = ent.root
            ok = False
            via_prep: str | None = None
            for _ in range(6):
                head = node.head
                if head.i == node.i:
                    break
                if node.dep_ == "pobj" and head.dep_ == "prep":
                    via_prep = head.lower_
                if head.i in (anchor.i, trigger.i):
                    ok = True
                    break
                if head.pos_ in ("VERB", "AUX") and head.i != anchor.i:
                    break
                node = head
            if not ok:
                continue
            if preps is not None and via_prep not in preps:
                continue
            if labels is PLACE_LABELS and self.ent_label.get(ent.root.i) == "GPE" and _is_actor_position(ent.root):
                continue
            return Span(ent.start_char, ent.end_char)
        return None


# ---------------------------------------------------------------------------------------------- parse helpers


def _purpose_target(cand: _Candidate, action: Action, finished: Sequence[tuple[_Candidate, Action]]) -> Action:
    """An action without a recipient takes it from an action of the same type it serves: "began a hunger
    strike to protest against Sweden's decision", "rallied in protest at X" — the protest is against Sweden."""
    for other, done in finished:
        if other is cand or done.type != action.type or done.target is None:
            continue
        if not _serves(other.token, cand.token):
            continue
        if action.source is not None and _overlap((action.source.start, action.source.end),
                                                  (done.target.start, done.target.end)):
            continue
        return replace(action, target=done.target)
    return action


def _reporter(verb: Token) -> Token | None:
    """Who a reporting verb's statement is by: its subject, or the subject of the verb it hangs from
    ("King Hassan was quoted as saying …", "Russia went on to say …")."""
    subj = _subject(verb)
    if subj is not None or verb.dep_ not in ("pcomp", "xcomp", "advcl"):
        return subj
    head = verb.head.head if verb.head.dep_ == "prep" else verb.head
    return next((c for c in head.children if c.dep_ in ("nsubj", "nsubjpass")), None)


def _purpose_of(verb: Token, noun: Token) -> bool:
    """Whether an event noun is what its clause's action is for or in: "returned to Geneva *for talks*",
    "killed 46 civilians *in an attack*", "staged a strike *in protest*" — the clause's subject does it."""
    return noun.dep_ == "pobj" and noun.head.dep_ == "prep" and noun.head.lower_ in ("for", "in") \
        and noun.head.head.i == verb.i


def _serves(tok: Token, governor: Token) -> bool:
    """Whether ``tok`` heads the purpose of ``governor``'s action: an infinitive ("began a hunger strike *to
    protest* …") or an "in / for" phrase ("staged a strike *in protest* against …")."""
    if tok.head.i == governor.i and tok.dep_ in ("advcl", "xcomp"):
        return any(c.dep_ == "aux" and c.lower_ == "to" for c in tok.children)
    prep = tok.head
    return tok.dep_ == "pobj" and prep.dep_ == "prep" and prep.lower_ in ("in", "for") and prep.head.i == governor.i


def _agentless_passive(tok: Token) -> bool:
    """"was killed" with no "by …": a passive that names no actor."""
    return any(c.dep_ in ("nsubjpass", "auxpass") for c in tok.children) and not any(
        c.dep_ == "agent" for c in tok.children)


def _condition_subject(tok: Token, lex: Lexicon) -> Token | None:
    """The actor a conditional threat is aimed at: "threatened to stop talks *if the United States* goes ahead"."""
    for node in tok.subtree:
        if _condition_clause(node):
            subj = _subject(node)
            consequence = _subject(node.head)
            if consequence is not None and consequence.lower_ in ("it", "they", "he", "she"):
                continue  # "if Russia felt threatened, it would use military means": the threatener itself
            if subj is not None and _looks_actor(subj, lex) and subj.lower_ not in PRONOUNS:
                return subj
    return None


def _within(tok: Token, root: Token) -> bool:
    return tok.i == root.i or root.is_ancestor(tok)


def _depth(tok: Token) -> int:
    """How many clause boundaries lie between the token and its sentence's root."""
    depth = 0
    node = tok
    while node.head.i != node.i:
        if node.dep_ in CLAUSE_DEPS and node.dep_ != "conj":
            depth += 1
        node = node.head
    return depth


def _first_pobj(prep: Token) -> Token | None:
    return next((c for c in prep.children if c.dep_ in ("pobj", "pcomp")), None)


def _first_pobj_lemma(prep: Token) -> str:
    pobj = _first_pobj(prep)
    return pobj.lemma_.lower() if pobj is not None else ""


def _objects(tok: Token) -> list[Token]:
    objs = [c for c in tok.children if c.dep_ in OBJECT_DEPS or c.dep_ in ("nsubjpass", "attr", "dative")]
    for c in list(objs):
        objs += [x for x in c.conjuncts]
    for prep in (c for c in tok.children if c.dep_ == "prep" and c.lower_ in ("in", "on", "to", "for", "into")):
        objs += [g for g in prep.children if g.dep_ == "pobj"]
    return objs


def _object_matches(obj: Token, words: tuple[str, ...]) -> bool:
    if not words:
        return False
    if obj.lemma_.lower() != words[-1] and obj.lower_ != words[-1]:
        # "ended mediation efforts", "cut aid programmes": the event noun modifying a generic head
        before = obj.doc[obj.i - 1] if obj.i > 0 else None
        return len(words) == 1 and before is not None and before.dep_ == "compound" and before.head.i == obj.i \
            and before.lemma_.lower() == words[0] and obj.pos_ == "NOUN"
    mods = {c.lemma_.lower() for c in obj.children} | {c.lower_ for c in obj.children}
    return all(w in mods for w in words[:-1])


def _subject(verb: Token) -> Token | None:
    for c in verb.children:
        if c.dep_ in SUBJECT_DEPS or c.dep_ == "expl":
            return None if c.dep_ == "expl" else c
    return None


def _other_subject(clause: Token, governor: Token) -> bool:
    """Whether the clause has a subject of its own, other than the governing verb's."""
    subj, own = _subject(clause), _subject(governor)
    return subj is not None and (own is None or subj.i != own.i)


def _source(tok: Token) -> Token | None:
    """The actor of a verbal trigger: its subject, the agent of a passive, or the subject it shares."""
    node = tok
    for _ in range(5):
        agent = next((c for c in node.children if c.dep_ == "agent"), None)
        if agent is not None:
            return _first_pobj(agent)
        if any(c.dep_ == "nsubjpass" for c in node.children):
            return None
        for c in node.children:
            if c.dep_ == "expl":
                return None
            if c.dep_ in SUBJECT_DEPS:
                if node.dep_ == "relcl" and c.lower_ in ("who", "which", "that"):
                    return node.head
                return c
        if node.dep_ == "relcl":
            return node.head
        if node.dep_ == "acl" and node.head.pos_ == "NOUN" and node.head.head.pos_ == "VERB":
            node = node.head.head
            continue
        if node.dep_ in ("xcomp", "conj", "advcl", "acomp") or (node.dep_ == "ccomp" and node.pos_ == "ADJ"):
            node = node.head
            continue
        if node.dep_ == "aux" or node.pos_ == "ADJ":
            node = node.head
            continue
        return None
    return None


def _target(tok: Token, lex: Lexicon, skip: Sequence[int] = (), own: bool = False) -> Token | None:
    """The recipient of a verbal trigger.

    ``skip`` holds tokens that are part of the trigger itself ("imposed *sanctions*"); an object the actor
    owns ("withdrew *its* forces", "strengthened *their* troops") is what the actor acts with, not on, and
    counts only when ``own`` is set (a last resort, after the places an action is aimed at).
    """
    def fits(c: Token) -> bool:
        return c.i not in skip and _looks_actor(c, lex) and (own or not _owned(c))

    passive = next((c for c in tok.children if c.dep_ == "nsubjpass"), None)
    if passive is not None and fits(passive):
        return passive
    for c in tok.children:
        if (c.dep_ in OBJECT_DEPS or c.dep_ == "dative") and fits(c):
            return c
    for c in _verb_preps(tok):
        if c.lower_ in TARGET_PREPS:
            pobj = _first_pobj(c)
            if pobj is not None and fits(pobj):
                return pobj
    for c in tok.children:  # "rejected Moscow's demands", "an Indian proposal", "calls by Belarus's rulers"
        if c.dep_ in OBJECT_DEPS or c.dep_ == "nsubjpass":
            core = _np_core(c)  # "suspended part of a program for Bosnia"
            found = _noun_source_plain(core, lex) or _noun_target_plain(core, lex)
            if found is not None and found.i not in skip:
                return found
    for c in _verb_preps(tok):
        if c.lower_ in ("to", "with", "against", "on"):
            pobj = _first_pobj(c)
            if pobj is not None and pobj.pos_ == "NOUN":  # "reneged on his commitment to the Zambian people"
                found = _noun_source_plain(pobj, lex) or _noun_target_plain(pobj, lex)
                if found is not None:
                    return found
    return None


def _verb_preps(tok: Token) -> list[Token]:
    """The prepositions of a verb, with those on its particle or adverb ("taken away from", "sent back to")."""
    preps = [c for c in tok.children if c.dep_ == "prep"]
    for c in tok.children:
        if c.dep_ in ("prt", "advmod") and c.i > tok.i:
            preps += [g for g in c.children if g.dep_ == "prep"]
    return preps


def _owned(tok: Token) -> bool:
    """Whether a noun is the actor's own: "its forces", "their ambassador"."""
    return any(c.dep_ == "poss" and c.lower_ in ("its", "their", "his", "her", "our", "my") for c in tok.children)


def _np_core(noun: Token) -> Token:
    """What a quantity or part of something is of: "25,000 tons of aid" → aid, "part of a program" → program."""
    for _ in range(2):
        of = next((c for c in noun.children if c.dep_ == "prep" and c.lower_ == "of"), None)
        pobj = _first_pobj(of) if of is not None else None
        measure = noun.lemma_.lower() in PARTITIVES or noun.lemma_.lower() in MEASURES or any(
            c.dep_ == "nummod" for c in noun.children) or noun.ent_type_ in ("QUANTITY", "MONEY", "CARDINAL")
        if pobj is None or not measure or pobj.pos_ not in ("NOUN", "PROPN"):
            return noun
        noun = pobj
    return noun


def _recipient(tok: Token, kind: str, lex: Lexicon, skip: Sequence[int] = ()) -> Token | None:
    """The recipient of a verbal trigger, then the place a material action is aimed at, then an owned object."""
    found = _target(tok, lex, skip)
    if found is None and kind in ON_PLACES:
        found = _place_target(tok)
    return found if found is not None else _target(tok, lex, skip, own=True)


def _place_target(tok: Token) -> Token | None:
    """A material action on a place: "lifted a curfew in Montenegro", "suspended aid in Baghdad"."""
    holders = [tok, *(c for c in tok.children if c.dep_ in OBJECT_DEPS)]
    for holder in holders:
        for c in holder.children:
            if c.dep_ == "prep" and c.lower_ == "in":
                pobj = _first_pobj(c)
                if pobj is not None and pobj.ent_type_ in ("GPE", "LOC"):
                    return pobj
    return None


def _noun_source_plain(noun: Token, lex: Lexicon) -> Token | None:
    for c in noun.children:
        if c.dep_ == "poss" and c.lower_ not in ("its", "their", "his", "her", "our", "my", "your"):
            return c
    for c in noun.lefts:
        if c.dep_ in ("amod", "compound", "nmod") and (c.ent_type_ in ACTOR_LABELS or (
                c.dep_ != "amod" and c.lemma_.lower() in lex.actors)):
            return c
    for c in noun.children:
        if c.dep_ == "prep" and c.lower_ in SOURCE_PREPS:
            pobj = _first_pobj(c)
            if pobj is not None and _looks_actor(pobj, lex):
                return pobj
    for c in noun.children:  # "the demonstration staged by students", "an attack carried out by rebels"
        if c.dep_ == "acl" and c.tag_ == "VBN":
            agent = next((a for a in c.children if a.dep_ == "agent"), None)
            pobj = _first_pobj(agent) if agent is not None else None
            if pobj is not None and _looks_actor(pobj, lex):
                return pobj
    return None


def _noun_target_plain(noun: Token, lex: Lexicon, deep: bool = True) -> Token | None:
    """The recipient of an event noun: "talks with X", "sanctions on X", and one step further, through a
    thing that is not an actor: "suspension of air links with Serbia", "protest against violations by X"
    (whoever did what is protested against), "protest against Sweden's decision"."""
    preps = [c for c in noun.children if c.dep_ == "prep" and c.lower_ in NOUN_TARGET_PREPS]
    for c in preps:
        pobj = _first_pobj(c)
        if pobj is not None and _looks_actor(pobj, lex) and (c.lower_ != "for" or _names_actor(pobj, lex)):
            return pobj
    return _noun_target_beyond(noun, lex) if deep else None


def _noun_target_beyond(noun: Token, lex: Lexicon) -> Token | None:
    """The recipient one step beyond an event noun's non-actor complement (see :func:`_noun_target_plain`)."""
    for c in noun.children:
        if c.dep_ != "prep" or c.lower_ not in NOUN_TARGET_PREPS:
            continue
        pobj = _first_pobj(c)
        if pobj is None or pobj.pos_ != "NOUN":
            continue
        if c.lower_ == "of":
            found = _noun_target_plain(pobj, lex, deep=False)
        elif c.lower_ in ("against", "over", "at", "on", "to"):
            found = _noun_source_plain(pobj, lex)
        else:
            found = None
        if found is not None:
            return found
    return None


def _noun_source(noun: Token, ctx: _Context, lex: Lexicon) -> Token | None:
    return _noun_source_plain(noun, lex)


def _noun_target(noun: Token, ctx: _Context, lex: Lexicon) -> Token | None:
    source = _noun_source_plain(noun, lex)
    for c in noun.children:
        if c.dep_ == "prep" and c.lower_ in NOUN_TARGET_PREPS:
            pobj = _first_pobj(c)
            if pobj is not None and _looks_actor(pobj, lex) and (c.lower_ != "of" or source is not None) \
                    and (c.lower_ != "for" or _names_actor(pobj, lex)):
                return pobj
    head = noun.head
    if noun.dep_ in OBJECT_DEPS and head.pos_ == "VERB":
        for c in head.children:
            if c.dep_ == "prep" and c.lower_ in TARGET_PREPS:
                pobj = _first_pobj(c)
                if pobj is not None and _looks_actor(pobj, lex):
                    return pobj
        for c in head.children:
            if c.dep_ == "dative" and _looks_actor(c, lex):
                return c
    return _noun_target_beyond(noun, lex)


def _names_actor(tok: Token, lex: Lexicon) -> bool:
    """Whether the noun itself names an actor ("aid for *Bosnia*", "a camp for *refugees*"), not merely has an
    actor modifier ("demands for *Russian* guarantees")."""
    return tok.ent_type_ in ACTOR_LABELS or tok.lemma_.lower() in lex.actors


def _looks_actor(tok: Token, lex: Lexicon) -> bool:
    head = _np_head(tok)
    return (head.ent_type_ in ACTOR_LABELS or head.lemma_.lower() in lex.actors
            or head.lower_ in PRONOUNS - {"which", "that", "it"}
            or any(c.ent_type_ in ACTOR_LABELS for c in head.lefts if c.dep_ in ("compound", "amod", "poss", "nmod"))
            or (head.pos_ == "PROPN" and head.ent_type_ not in NON_ACTOR_LABELS | {"FAC"}))


def _np_head(tok: Token) -> Token:
    return tok


def _actor_head(tok: Token, ctx: _Context, lex: Lexicon) -> Token | None:
    """The token that names the actor: the noun itself, or an actor-like modifier of an event noun."""
    if tok.lemma_.lower() in PARTITIVES:
        of = next((c for c in tok.children if c.dep_ == "prep" and c.lower_ == "of"), None)
        pobj = _first_pobj(of) if of is not None else None
        if pobj is not None:
            return _actor_head(pobj, ctx, lex)
    if ctx.is_actor(tok, lex) or tok.pos_ == "PROPN":
        return tok
    if tok.pos_ == "NOUN" and tok.lemma_.lower() not in lex.nouns and any(
            c.dep_ in ("amod", "compound", "nmod") and c.ent_type_ in ACTOR_LABELS for c in tok.lefts):
        return tok  # "Radical French farmers", "Palestinian administrators": the people, not their nationality
    if tok.pos_ in ("NOUN", "PROPN", "PRON"):
        for c in tok.lefts:  # "Moscow's demands", "an Indian proposal": the actor behind a thing or an event
            if c.dep_ in ("poss", "compound", "amod", "nmod") and ctx.is_actor(c, lex):
                return c
        return None if tok.pos_ == "PRON" else tok
    return None


def _noun_phrase(head: Token) -> tuple[int, int]:
    """The character span of the noun phrase headed by ``head``, without leading articles or a trailing 's.

    A common noun keeps its "of" / "from" complement, which says whose it is: "the deputy chief of Israel's
    militia ally", "the military government of President Avril", "activists from the Fatah Party".
    """
    keep = {head.i}
    stack = [head]
    while stack:
        node = stack.pop()
        for c in node.children:
            pobj = _first_pobj(c) if c.dep_ == "prep" and c.lower_ in ("of", "from") else None
            if pobj is not None and pobj.dep_ == "pobj" and pobj.pos_ in ("NOUN", "PROPN") and node.pos_ == "NOUN" \
                    and c.i > node.i and c.i not in keep:
                keep.update((c.i, pobj.i))
                stack.append(pobj)
                continue
            if c.dep_ in ("compound", "amod", "poss", "nmod", "nummod", "flat", "det", "cc", "conj", "case",
                          "quantmod", "advmod") and c.i not in keep:
                if c.dep_ == "conj" and c.pos_ not in ("NOUN", "PROPN", "ADJ"):
                    continue
                if c.dep_ == "advmod" and node.i == head.i:
                    continue
                keep.add(c.i)
                stack.append(c)
    lo, hi = min(keep), max(keep)
    doc = head.doc
    while lo < hi and (doc[lo].lower_ in ("the", "a", "an") or doc[lo].is_punct or doc[lo].dep_ == "cc"):
        lo += 1
    while hi > lo and (doc[hi].lower_ in ("'s", "’s", "'", "’") or doc[hi].is_punct or doc[hi].dep_ == "cc"):
        hi -= 1
    return doc[lo].idx, doc[hi].idx + len(doc[hi].text)


def _head_lemma(tok: Token) -> str:
    return tok.lemma_.lower()


def _clause_verb(tok: Token) -> Token | None:
    node = tok
    for _ in range(8):
        if node.pos_ in ("VERB", "AUX") and node.dep_ != "aux":
            return node
        if node.head.i == node.i:
            return None
        node = node.head
    return None


def _light_governs(verb: Token, noun: Token) -> bool:
    return noun.head.i == verb.i and noun.dep_ in (*OBJECT_DEPS, "attr", "nsubjpass")


def _condition_clause(tok: Token) -> bool:
    return tok.dep_ == "advcl" and any(c.dep_ == "mark" and c.lower_ in CONDITION_MARKS for c in tok.children)


def _in_condition(tok: Token) -> bool:
    node = tok
    while True:
        if _condition_clause(node):
            return True
        if node.head.i == node.i:
            return False
        node = node.head


def _aux_words(verb: Token) -> list[str]:
    words = [c.lower_ for c in verb.children if c.dep_ in ("aux", "auxpass", "neg")]
    if verb.dep_ in ("xcomp", "acomp") and verb.head.i != verb.i:
        words += [c.lower_ for c in verb.head.children if c.dep_ in ("aux", "neg")]
    return words


def _negated(tok: Token, nominal: bool) -> bool:
    if nominal:
        if any(c.lower_ in ("no",) and c.dep_ in ("det", "neg") for c in tok.children):
            return True
        verb = _clause_verb(tok)
        if verb is not None and tok.head is verb and tok.dep_ in (*OBJECT_DEPS, "attr"):
            return any(c.dep_ == "neg" for c in verb.children)
        return False
    node = tok
    for _ in range(3):  # "did not agree", "neither accepted nor rejected", "not to attend"
        if any(c.dep_ in ("neg", "preconj") and c.lower_ in NEGATORS for c in node.children):
            return True
        if node.dep_ == "conj" and any(c.lower_ == "nor" for c in node.head.children):
            return node.i > node.head.i
        if node.dep_ in ("xcomp", "acomp") or node.pos_ == "AUX":
            node = node.head
            continue
        break
    return False


def _clause_mode(tok: Token) -> str:
    verb = _clause_verb(tok)
    if verb is None:
        return ""
    if _in_condition(verb):
        return "hypothetical"
    aux = _aux_words(verb)
    if any(a in HYPOTHETICAL_AUX for a in aux):
        return "hypothetical"
    if any(a in FUTURE_AUX for a in aux) or _going_to(verb):
        return "future"
    return ""


def _going_to(verb: Token) -> bool:
    head = verb.head
    return verb.dep_ == "xcomp" and head.lemma_ == "go" and head.tag_ == "VBG"


def _mode(tok: Token, nominal: bool) -> str:
    if _negated(tok, nominal) or _reversed(tok):
        return "negated"
    return _clause_mode(tok)


def _reversed(tok: Token) -> bool:
    """A trigger word whose "de-" prefix reverses it: "de-escalation", "de-mobilisation"."""
    doc = tok.doc
    return tok.i >= 2 and doc[tok.i - 1].text in ("-", "‑") and doc[tok.i - 2].lower_ == "de" \
        and not doc[tok.i - 1].whitespace_


def _averted_or_possible(noun: Token, governor: Token | None = None) -> bool:
    """An event noun that did not (yet) happen: one an action prevents or fears ("averting an invasion", "fears
    of war") or one only possible ("a possible invasion", "potential sanctions")."""
    if any(c.dep_ == "amod" and c.lemma_.lower() in MODAL_ADJECTIVES for c in noun.children):
        return True
    verb = governor if governor is not None else noun.head
    return noun.dep_ in OBJECT_DEPS and verb.lemma_.lower() in PREVENTING


def _refusal(tok: Token) -> bool:
    """A negation that is a refusal: "will not", "won't", "cannot", "would never", "never"."""
    verb = _clause_verb(tok) or tok
    words = _aux_words(verb)
    return "never" in words or any(w in REFUSAL_AUX for w in words)


def _is_actor_position(tok: Token) -> bool:
    return tok.dep_ in (*SUBJECT_DEPS, *OBJECT_DEPS, "nsubjpass")


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def _first_person(doc: Doc, ref: ActorRef) -> bool:
    return doc.text[ref.start:ref.end].strip().lower() in FIRST_PERSON
