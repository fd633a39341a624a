"""Triggers: the words that report an action, and what type CAMEO and the additions give them.

For a verb, CAMEO's dictionary (:mod:`.cameo`) and the additions lexicon (:mod:`.additions`) are both asked;
the more specific answer wins: a CAMEO pattern (the verb with its object, preposition or subject cue) or an
additions verb phrase, verb + object or light verb + event noun, then a CAMEO verb's own code, then an additions
verb — where an addition and a CAMEO pattern both match, the one matching more words beyond the verb wins
(ties: CAMEO).  A CAMEO pattern coded ``---`` makes the words no event.  Structure flags (reporting verb, speech act,
intent …) always come from the additions.  Adjectives of intent, the modal "must" and event nouns come from the
additions only.  Frames (speech acts, intents, reporting verbs, negating verbs) then decide what their
complement clause is: content, a transparent report, or an action that did not happen.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..lexicon import ACTOR_PRONOUNS, AIR_STRIKE_WORDS, FIRST_PERSON
from .additions import Entry, Lexicon
from .cameo import CameoVerbs
from .params import CoderParams
from .parties import DocContext, looks_actor, noun_source_plain, noun_target_plain, np_core, recipient_of, source_of
from .plover import NOT_EVENT_LABELS, OBJECT_DEPS
from .syntax import (
    agentless_passive,
    depth,
    first_pobj,
    first_pobj_lemma,
    object_matches,
    objects_of,
    other_subject,
    reporter_of,
    subject_of,
    within,
)

if TYPE_CHECKING:
    from spacy.tokens import Token

FRAME_FLAGS = frozenset({"frame", "intent", "report", "negate", "want"})
STRUCTURE_FLAGS = FRAME_FLAGS | {"light"}


@dataclass(slots=True)
class Candidate:
    """A trigger being coded: its head word, type, flags, span, and what the frames and rules found."""

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
    origin: str = "addition_verb"  # which evidence typed it: a CoderParams confidence factor's name
    code: str | None = None  # the CAMEO code, when CAMEO typed it


class TriggerFinder:
    """Finds and types the triggers of one sentence (see the module docstring)."""

    def __init__(self, lexicon: Lexicon, cameo: CameoVerbs, params: CoderParams) -> None:
        self.lexicon = lexicon
        self.cameo = cameo
        self.params = params
        self.used: set[str] = set()  # the addition groups that typed a trigger (for the benchmark's choice)

    def typed(self, entry: Entry | None) -> Entry | None:
        """The entry when it is typed and its group is on."""
        if entry is None or not entry.typed or not self.params.on(entry.group):
            return None
        self.used.add(entry.group)
        return entry

    # ------------------------------------------------------------------ verbs

    def verbal(self, tok: Token) -> Candidate | None:
        if tok.dep_ in ("amod", "acomp") and tok.tag_ in ("VBN", "VBG"):
            return None  # "felt threatened", "the besieged town": a state, not an act
        p = self.params
        hand, specific = self._hand(tok)  # specific: how many words beyond the verb the addition matched
        flags = self.lexicon.flags(tok.lemma_.lower()) | (hand.flags if hand is not None else frozenset())
        if not p.on("report"):
            flags -= {"report"}
        if not p.on("frames"):
            flags -= FRAME_FLAGS - {"report"}
        match = self.cameo.match(tok, patterns=p.on("cameo-patterns")) if p.on("cameo") else None
        if match is not None and match.pattern is not None and not match.event:
            if flags & STRUCTURE_FLAGS - {"light"}:  # no event, but still a report or a frame
                return Candidate(tok, "-", flags, tok.idx, tok.idx + len(tok.text))
            return None  # CAMEO: these words are no event ("killed in a training accident")
        plover = self.cameo.plover(match.code) if match is not None else None
        if match is not None and match.pattern is not None and plover is not None:
            flags -= {"report"}  # a reporting verb used for an event: "declared a state of emergency"
        if flags & {"report", "negate"}:  # transparent or undoing: no type of its own (CAMEO 01 is no PLOVER event)
            return Candidate(tok, "-", flags, tok.idx, tok.idx + len(tok.text))
        if "light" in flags and match is not None and match.pattern is None:
            plover = None  # a light verb's type is its object's ("issued a declaration"), never the bare verb's
        if match is not None and plover is not None and (
                hand is None or hand.type == "-" or specific <= (match.pattern.size if match.pattern else 0)):
            nouns = tuple(i for i in match.tokens if tok.doc[i].pos_ in ("NOUN", "PROPN") and i > tok.i
                          and self._same_event(tok.doc[i], plover.type))
            start, end = tok.idx, tok.idx + len(tok.text)
            for i in nouns:
                if tok.doc[i].head.i == tok.i:  # the verb's own object joins the trigger ("imposed sanctions")
                    end = max(end, tok.doc[i].idx + len(tok.doc[i].text))
            return Candidate(tok, plover.type, flags, start, end, consumed=nouns,
                             origin="cameo_pattern" if match.pattern is not None else "cameo_verb", code=match.code)
        if hand is not None:
            hand.flags = flags | hand.flags
            hand.origin = "specific_addition" if specific else "addition_verb"
            return hand
        if flags & STRUCTURE_FLAGS:
            return Candidate(tok, "-", flags, tok.idx, tok.idx + len(tok.text))
        return None

    def _same_event(self, noun: Token, kind: str) -> bool:
        """Whether a noun a CAMEO pattern matched restates the verb's event ("imposed *sanctions*", "staged a
        *demonstration*") rather than naming another one ("rejected Moscow's *demands*": a demand of its own)."""
        if looks_actor(noun, self.lexicon):
            return False  # "arrested *protesters*", "expelled two *diplomats*": whom the event is done to
        entry = self.lexicon.nouns.get(noun.lemma_.lower()) or self.lexicon.nouns.get(noun.lower_)
        return entry is None or not entry.typed or entry.type == kind

    def _hand(self, tok: Token) -> tuple[Candidate | None, int]:
        """The additions' reading of a verb, and how specific it is: the words it matched beyond the verb (a
        particle, a particle and its object, an object's words, a light verb's event noun), 0 for the bare verb."""
        lex = self.lexicon
        lemma = tok.lemma_.lower()
        parts = [c for c in tok.children if c.dep_ in ("prt", "prep", "dobj", "acomp") and c.i > tok.i]
        for part in parts:  # "call for", "step down", "carry out", "put on alert", "engage in"
            for key in ((lemma, part.lower_), (lemma, f"{part.lower_} {first_pobj_lemma(part)}")):
                entry = lex.phrasal.get(key)
                if entry is None or (entry.typed and not self.params.on(entry.group)):
                    continue
                if entry.typed:
                    self.used.add(entry.group)
                end = max(part.idx + len(part.text), tok.idx + len(tok.text))
                cand = Candidate(tok, entry.type, entry.flags, tok.idx, end)
                if "light" in entry.flags:
                    found = self.light(cand, [first_pobj(part)] if first_pobj(part) else [])
                else:
                    found = cand
                if found is not None and part.dep_ == "prep" and agentless_passive(tok):
                    # "forces were engaged in ethnic cleansing": a state of the subject, who is the actor
                    subject = next((c for c in tok.children if c.dep_ == "nsubjpass"), None)
                    if subject is not None:
                        found.source = subject
                        found.consumed = (*found.consumed, subject.i)
                return found, 1 + (key[1].count(" ") if found is cand else 1)
        objects = objects_of(tok)
        for obj in objects:
            for words, entry in lex.objects.get(lemma, ()):
                if self.typed(entry) is not None and object_matches(obj, words):
                    end = max(obj.idx + len(obj.text), tok.idx + len(tok.text))
                    found = Candidate(tok, entry.type, entry.flags, min(tok.idx, obj.idx), end, consumed=(obj.i,))
                    return found, len(words)
        entry = lex.verbs.get(lemma)
        if entry is not None and "object" in entry.flags and not any(
                c.dep_ in (*OBJECT_DEPS, "nsubjpass") for c in tok.children):
            return None, 0  # "returned the prisoners" is a retreat, "negotiators return to Geneva" is not
        if entry is None or "light" in entry.flags:
            cand = Candidate(tok, "-", frozenset({"light"}), tok.idx, tok.idx + len(tok.text))
            found = self.light(cand, objects)
            return found, 1 if found is not None else 0
        typed = self.typed(entry)
        return Candidate(tok, typed.type if typed else "-", entry.flags, tok.idx, tok.idx + len(tok.text)), 0

    def light(self, cand: Candidate, objects: Sequence[Token | None]) -> Candidate | None:
        """A light verb's event is its object noun: "held talks", "imposed sanctions", "launched an offensive"."""
        if not self.params.on("light"):
            return None
        for obj in objects:
            if obj is None:
                continue
            obj = np_core(obj)  # "provided 25,000 tons of aid", "held a round of talks"
            noun = self.typed(self.lexicon.nouns.get(obj.lemma_.lower()))
            if noun is not None:
                start = min(cand.token.idx, obj.idx)
                end = max(cand.token.idx + len(cand.token.text), obj.idx + len(obj.text))
                return Candidate(cand.token, noun.type, noun.flags, start, end, consumed=(obj.i,),
                                 origin="specific_addition")
        return None

    # ------------------------------------------------------------------ other words

    def adjectival(self, tok: Token) -> Candidate | None:
        entry = self.typed(self.lexicon.adjectives.get(tok.lower_)) or self.lexicon.adjectives.get(tok.lower_)
        if entry is None or not any(c.dep_ in ("xcomp", "prep") for c in tok.children):
            return None
        kind = entry.type if self.typed(entry) is not None else "-"
        if kind == "-" and not self.params.on("frames"):
            return None
        flags = entry.flags if self.params.on("frames") else entry.flags - FRAME_FLAGS
        return Candidate(tok, kind, flags, tok.idx, tok.idx + len(tok.text), origin="addition_verb")

    def modal(self, tok: Token) -> Candidate | None:
        """"X must do Y", inside a reported statement: a demand on X (CAMEO 10)."""
        entry = self.typed(self.lexicon.modals.get(tok.lower_))
        if entry is None or tok.dep_ != "aux" or not self.params.on("modal-demand"):
            return None
        verb = tok.head
        reporter = verb.head if verb.dep_ == "ccomp" else None
        if reporter is None or "report" not in self.lexicon.flags(reporter.lemma_.lower()):
            return None
        cand = Candidate(tok, entry.type, frozenset(), tok.idx, tok.idx + len(tok.text), origin="modal")
        cand.source = subject_of(reporter)
        cand.target = subject_of(verb)
        return cand

    def nominal(self, tok: Token, ctx: DocContext) -> Candidate | None:
        if not self.params.on("nouns"):
            return None
        entry = self.typed(self.lexicon.nouns.get(tok.lemma_.lower()) or self.lexicon.nouns.get(tok.lower_))
        if entry is None or tok.dep_ == "compound" or ctx.in_entity(tok, NOT_EVENT_LABELS):
            return None
        start = tok.idx
        for child in tok.lefts:  # "hunger strike", "peace talks", "air strike"
            if child.dep_ == "compound" and child.i == tok.i - 1:
                start = child.idx
        kind = entry.type
        if kind == "PROTEST" and tok.lemma_.lower() == "strike" and any(
                c.lower_ in AIR_STRIKE_WORDS for c in tok.lefts):
            kind = "FIGHT"
        return Candidate(tok, kind, entry.flags, start, tok.idx + len(tok.text), nominal=True, origin="noun")

    # ------------------------------------------------------------------ frames

    def apply_frame(self, frame: Candidate, cands: dict[int, Candidate]) -> None:
        """A frame's complement: content of a speech act or intent, transparent under a report, undone under a
        negating verb ("failed to reach"); a speech act's recipient is whom its content is addressed to."""
        if frame.suppressed:
            return
        tok = frame.token
        complements = [c for c in tok.children if c.dep_ in ("ccomp", "xcomp")]
        for prep in (c for c in tok.children if c.dep_ == "prep"):  # "called on Arabs to unite", "insisted on"
            complements += [g for c in prep.children for g in ([c] + [x for x in c.children if x.dep_ == "xcomp"])
                            if g.dep_ in ("pcomp", "xcomp")]
        if not complements:  # "have sworn to fight", parsed as an adverbial clause: an infinitive with no subject
            complements = [c for c in tok.children if c.dep_ == "advcl" and c.i > tok.i and subject_of(c) is None
                           and any(a.dep_ == "aux" and a.lower_ == "to" for a in c.children)][:1]
        objects = [c for c in tok.children if c.dep_ in (*OBJECT_DEPS, "dative")]
        objects += [g for c in tok.children if c.dep_ == "prep" and c.lower_ in ("on", "for", "to")  # "insisted on"
                    for g in c.children if g.dep_ == "pobj"]
        if not complements and "report" not in frame.flags:
            for obj in objects:  # "demanded a truce", "ordered X to appear"
                complements += [c for c in obj.children if c.dep_ in ("acl", "xcomp", "relcl") and c.pos_ == "VERB"]
        inner = [c for c in cands.values() if c is not frame and any(within(c.token, comp) for comp in complements)]
        inner.sort(key=lambda c: (depth(c.token), 0 if not c.nominal else 1, c.start))
        if "report" in frame.flags:
            for c in inner:
                c.depth -= 1.0  # the reporting verb is transparent
                if c.source is None:
                    c.source = source_of(c.token)
                if (c.source is None and not agentless_passive(c.token)) or (
                        c.source is not None and c.source.lower_ in ACTOR_PRONOUNS - FIRST_PERSON):
                    c.source = reporter_of(tok) or c.source  # not "X was killed, police said": no actor named
            return
        if "negate" in frame.flags:
            for c in inner:
                c.mode = "negated"
                c.source = c.source or subject_of(tok)
            return
        if "want" in frame.flags:
            own = [comp for comp in complements if other_subject(comp, tok)]
            if not own:
                frame.type = "-"
                frame.flags = frozenset({"intent"})
                self.apply_frame(frame, cands)
                return
        content = inner[0] if inner else None
        if "intent" in frame.flags:
            if content is not None:
                frame.type = content.type
                frame.intended = True
                frame.target = frame.target or content.target or self.content_target(content)
                frame.consumed = content.consumed
                frame.origin = "frame_content"
            elif frame.type != "-":
                frame.intended = True
        for c in inner:
            c.suppressed = True
        if frame.target is None and "intent" not in frame.flags:
            for obj in objects:  # "demanded an admission by Moscow", "rejected Moscow's demands"
                if looks_actor(obj, self.lexicon):
                    continue
                agent = noun_source_plain(np_core(obj), self.lexicon)
                if agent is not None:
                    frame.target = agent
                    break
        if frame.target is None:
            for comp in complements:
                subj = subject_of(comp)
                if subj is not None and other_subject(comp, tok) and "intent" not in frame.flags:
                    frame.target = subj
                    break
                coded = next((c for c in inner if c.token.i == comp.i), None)
                if coded is not None:
                    found = self.content_target(coded)
                else:
                    found = recipient_of(comp, "-", self.lexicon) if comp.pos_ in ("VERB", "AUX") else None
                if found is not None:
                    frame.target = found
                    break

    def content_target(self, content: Candidate) -> Token | None:
        """The recipient of an action that is the content of a frame ("threatened to ban voting in X")."""
        if content.target is not None:
            return content.target
        if content.nominal:
            return noun_target_plain(content.token, self.lexicon)
        if content.consumed:
            found = noun_target_plain(content.token.doc[content.consumed[0]], self.lexicon)
            if found is not None:
                return found
        return recipient_of(content.token, content.type, self.lexicon, skip=content.consumed)
