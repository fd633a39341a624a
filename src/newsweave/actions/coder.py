"""The PLOVER coder: a parsed text's sentences → :class:`~newsweave.model.Action` records.

Per sentence: triggers (:mod:`.triggers`), frames applied from the top of the clause structure down, then
each remaining trigger finished — mode, actor and recipient (:mod:`.parties`), PLOVER reductions, the
actors' CAMEO codes (:mod:`.codes`), the PLOVER mode and context of its CAMEO code, and a confidence.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace
from typing import TYPE_CHECKING

from ..lexicon import ACTOR_PRONOUNS, PLACE_PREPS
from ..model import Action, ActorRef, Mention, Quote, Span
from .additions import Lexicon
from .cameo import CameoVerbs
from .codes import ActorCoder, split_code
from .params import CoderParams
from .parties import (
    DocContext,
    condition_subject,
    first_person,
    noun_source,
    noun_target,
    recipient_of,
    source_of,
)
from .plover import (
    ACTOR_LABELS,
    COOPERATIVE,
    DATE_LABELS,
    MATERIAL_CONFLICT,
    PLACE_LABELS,
    TARGETED,
    TYPES,
    VIOLENCE,
    YIELDING,
)
from .syntax import (
    averted_or_possible,
    clause_mode,
    clause_verb,
    condition_clause,
    depth,
    head_lemma,
    in_condition,
    is_refusal,
    light_governs,
    mode_of,
    overlap,
    purpose_of,
    serves,
)
from .triggers import FRAME_FLAGS, Candidate, TriggerFinder

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token
    from spacy.tokens import Span as SpacySpan

GENERIC_VIOLENCE = frozenset({"18", "180", "19", "190", "20", "200"})
"""CAMEO codes of violence that say nothing of its means."""
IRREGULAR_SECTORS = frozenset({"REB", "INS", "UAF", "RAD", "OPP", "CRM", "CVL"})
"""Actor sectors (CAMEO) of irregular armed or unarmed actors: their generic violence is unconventional."""
MEANS_PREPS = frozenset({"in", "with", "by", "using", "through"})
UNCONVENTIONAL_METHODS = frozenset({"181", "182", "184", "185", "186"})
"""CAMEO 18's specific methods (abduct, beat / torture / sexual assault, human shield, assassinate): they stay
ASSAULT whoever uses them; other violence by a military actor is conventional force, FIGHT."""


class ActionCoder:
    """Codes the political actions in a parsed text as PLOVER events.  Build once and share.

    ``params`` holds the rules and addition groups in use, the confidence factors and the display threshold;
    ``actors`` gives actors their CAMEO codes (the shipped actor knowledge base unless another is given);
    ``demonym`` (e.g. :meth:`~newsweave.gazetteer.Gazetteer.demonym`) helps it with nationality words."""

    def __init__(self, params: CoderParams | None = None, actors: ActorCoder | None = None,
                 demonym: Callable[[str], str | None] | None = None) -> None:
        self.params = params or CoderParams()
        self.lexicon = Lexicon.load()
        self.cameo = CameoVerbs.load()
        self.actors = actors or ActorCoder(demonym=demonym)
        self.triggers = TriggerFinder(self.lexicon, self.cameo, self.params)

    def with_params(self, params: CoderParams) -> ActionCoder:
        """The same coder with other parameters (the lexicons and the actor coder are shared)."""
        other = ActionCoder.__new__(ActionCoder)
        other.params, other.lexicon, other.cameo, other.actors = params, self.lexicon, self.cameo, self.actors
        other.triggers = TriggerFinder(self.lexicon, self.cameo, params)
        return other

    # ------------------------------------------------------------------ public

    def code(self, doc: Doc, mentions: Sequence[Mention] = (), quotes: Sequence[Quote] = (),
             date: str | None = None) -> tuple[Action, ...]:
        """The actions every sentence of ``doc`` reports, main action of each sentence first; ``date`` (ISO,
        the report's) picks the actors' roles in force."""
        context = DocContext(doc, mentions)
        actions: list[Action] = []
        for sent in doc.sents:
            actions.extend(self._code_sentence(sent, context, date))
        if quotes:
            actions = self._attach_quotes(doc, actions, quotes)
        return tuple(actions)

    def shown(self, action: Action) -> bool:
        """Whether an action is sure enough to be shown in the account (confidence at the threshold or above)."""
        return action.confidence >= self.params.threshold

    # ------------------------------------------------------------------ sentences

    def _code_sentence(self, sent: SpacySpan, ctx: DocContext, date: str | None) -> list[Action]:
        found = self.triggers
        cands: dict[int, Candidate] = {}
        frames: list[Candidate] = []
        for tok in sent:
            cand = found.verbal(tok) if tok.pos_ in ("VERB", "AUX") else None
            if cand is None and tok.pos_ == "ADJ":
                cand = found.adjectival(tok)
            if cand is None and tok.pos_ == "AUX":
                cand = found.modal(tok)
            if cand is not None:
                cand.depth = depth(cand.token) + (1.0 if in_condition(cand.token) else 0.0)
                cands[cand.token.i] = cand
                if cand.flags & FRAME_FLAGS:
                    frames.append(cand)
        consumed = {i for c in cands.values() for i in c.consumed}
        for tok in sent:
            if tok.pos_ == "NOUN" and tok.i not in consumed and tok.i not in cands:
                cand = found.nominal(tok, ctx)
                if cand is not None:
                    cand.depth = depth(tok) + (1.0 if in_condition(tok) else 0.0)
                    cands[tok.i] = cand
        # frames: their complement is content, not an event (reporting verbs excepted)
        for frame in sorted(frames, key=lambda c: depth(c.token)):
            found.apply_frame(frame, cands)
        conditional = any(condition_clause(t) for t in sent)
        finished: list[tuple[Candidate, Action]] = []
        for cand in cands.values():
            if cand.suppressed or cand.type == "-":
                continue
            if "cond" in cand.flags and not (conditional or clause_mode(cand.token) in ("future", "hypothetical")):
                continue
            action = self._finish(cand, sent, ctx, date)
            if action is not None:
                finished.append((cand, action))
        actions: list[tuple[float, int, Action]] = []
        for cand, action in finished:
            if action.target is None and self.params.on("purpose-target"):
                action = _purpose_target(cand, action, finished)
            action = replace(action, confidence=self._confidence(cand, action, ctx))
            actions.append((cand.depth + (0.5 if cand.nominal else 0.0), cand.start, action))
        actions.sort(key=lambda a: (a[0], a[1]))
        return [a for _, _, a in actions]

    # ------------------------------------------------------------------ one action

    def _finish(self, cand: Candidate, sent: SpacySpan, ctx: DocContext, date: str | None) -> Action | None:
        lex, p = self.lexicon, self.params
        tok = cand.token
        verb = clause_verb(tok)
        mode = cand.mode or mode_of(tok, cand.nominal)
        unreal = not cand.mode and (
            (cand.nominal and averted_or_possible(tok))
            or (bool(cand.consumed) and averted_or_possible(tok.doc[cand.consumed[0]], governor=tok)))
        if unreal and mode != "negated":
            mode = "hypothetical"  # "averting a possible invasion": it did not happen, and nobody threatened it
        kind = cand.type
        source_tok = cand.source or (noun_source(tok, ctx, lex) if cand.nominal else source_of(tok))
        if cand.nominal and source_tok is None and verb is not None and (
                light_governs(verb, tok) or purpose_of(verb, tok)):
            source_tok = source_of(verb)
        target_tok = cand.target
        if target_tok is None and cand.nominal:
            target_tok = noun_target(tok, ctx, lex)
        if target_tok is None and cand.consumed:  # "held talks with X", "imposed sanctions on X"
            target_tok = noun_target(tok.doc[cand.consumed[0]], ctx, lex)
        if target_tok is None and not cand.nominal:
            target_tok = recipient_of(tok, kind, lex, skip=cand.consumed)
        # PLOVER reductions
        if p.on("refusal") and mode == "negated" and kind in YIELDING and is_refusal(tok):
            kind, mode = "REJECT", ""
        elif p.on("reduce-future") and (cand.intended or mode in ("future", "hypothetical")) \
                and not in_condition(tok) and not unreal:
            if kind in COOPERATIVE or (cand.intended and kind in ("RETREAT", "CONCEDE")):
                kind = "AGREE"  # "agreed to re-open its borders": CAMEO 035 express intent to yield
            elif kind == "RETREAT":  # "announced it would withdraw troops": CONCEDE (manual 3.4), or the
                kind = "CONCEDE" if p.on("retreat-concede") else "AGREE"  # intent to yield (CAMEO 035)
            elif kind in MATERIAL_CONFLICT:
                kind = "THREATEN"
        if target_tok is None and kind == "THREATEN" and p.on("condition-target"):
            target_tok = condition_subject(tok, lex)
        if kind in VIOLENCE and p.on("violence-means") and (cand.code is None or cand.code in GENERIC_VIOLENCE):
            kind = self._means(tok) or kind
        if kind == "ASSAULT" and p.on("military-force") and source_tok is not None \
                and head_lemma(source_tok) in lex.military and "unconventional" not in cand.flags \
                and (cand.code or "")[:3] not in UNCONVENTIONAL_METHODS and cand.code not in UNCONVENTIONAL_METHODS:
            kind = "FIGHT"
        protest = any(t.lemma_.lower() == "protest" for t in (tok, *(tok.doc[i] for i in cand.consumed)))
        if kind in ("PROTEST", "DISAPPROVE") and p.on("state-protest") and protest and source_tok is not None:
            kind = "DISAPPROVE" if ctx.is_state(source_tok) else "PROTEST"
        if kind == "-" or kind not in TYPES:
            return None
        source = self._coded(ctx.actor(source_tok, lex) if source_tok is not None else None, tok.doc, date)
        target = self._coded(ctx.actor(target_tok, lex) if target_tok is not None else None, tok.doc, date)
        if source is not None and target is not None and overlap((source.start, source.end),
                                                                  (target.start, target.end)):
            target = None
        if kind == "FIGHT" and p.on("irregular-violence") and cand.code in GENERIC_VIOLENCE and source is not None \
                and split_code(source.code)[1] in IRREGULAR_SECTORS:
            kind = "ASSAULT"
        reading = self.cameo.plover(cand.code) if cand.code else None
        same = reading is not None and reading.type == kind
        anchor = verb if verb is not None else tok
        return Action(kind, mode, Span(cand.start, cand.end), source, target,
                      date=ctx.attached(anchor, tok, DATE_LABELS, sent),
                      place=ctx.attached(anchor, tok, PLACE_LABELS, sent, preps=PLACE_PREPS),
                      cameo=cand.code, plover_mode=reading.mode if same and reading else "",
                      context=reading.context if reading else "")

    def _means(self, verb: Token) -> str | None:
        """The type of the means of an act of violence its clause names: an event noun as its subject or in its
        "in / with / by / using" phrase ("a roadside *bombing* killed …", "wounded two soldiers in a bomb
        *attack*" → ASSAULT; "killed three in a *gunbattle*" → FIGHT)."""
        nouns = [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")]
        for prep in (c for c in verb.children if c.dep_ in ("prep", "agent") and c.lower_ in MEANS_PREPS):
            nouns += [g for g in prep.children if g.dep_ == "pobj"]
        for noun in nouns:
            entry = self.lexicon.nouns.get(noun.lemma_.lower()) or self.lexicon.nouns.get(noun.lower_)
            if entry is not None and entry.type in VIOLENCE:
                return entry.type
        return None

    def _coded(self, ref: ActorRef | None, doc: Doc, date: str | None) -> ActorRef | None:
        if ref is None:
            return None
        code = self.actors.code(doc, ref.start, ref.end, date)
        return replace(ref, code=code) if code else ref

    def _confidence(self, cand: Candidate, action: Action, ctx: DocContext) -> float:
        """How sure the coding is: the trigger's evidence times the factors of what is missing or uncertain
        (see :class:`~newsweave.actions.params.CoderParams`); 0 … 1, two decimals."""
        p = self.params
        score: float = getattr(p, cand.origin)
        if action.source is None:
            score *= p.no_source
        elif _pronoun(ctx.doc, action.source) and not _named(ctx, action.source):
            score *= p.pronoun_source
        if action.target is None and action.type in TARGETED:
            score *= p.no_target
        score *= p.embedded ** max(0.0, cand.depth)
        if action.mode == "hypothetical":
            score *= p.hypothetical
        return round(min(1.0, score), 2)

    # ------------------------------------------------------------------ quotes

    def _attach_quotes(self, doc: Doc, actions: list[Action], quotes: Sequence[Quote]) -> list[Action]:
        out = list(actions)
        for q in quotes:
            speaker = q.speaker
            who = None
            if speaker is not None:
                name = speaker.name
                who = ActorRef(name.start, name.end) if name is not None else ActorRef(speaker.start, speaker.end)
            for i, a in enumerate(out):
                t = (a.trigger.start, a.trigger.end)
                on_cue = q.cue is not None and overlap(t, (q.cue.start, q.cue.end))
                inside = any(overlap(t, (piece.start, piece.end)) for piece in q.pieces)
                if not (on_cue or inside) or a.quote is not None:
                    continue
                source = a.source
                if who is not None and (on_cue or source is None or first_person(doc, source)):
                    source = self._coded(who, doc, None)
                out[i] = replace(a, source=source, quote=q.id)
        return out


def _pronoun(doc: Doc, ref: ActorRef) -> bool:
    return doc.text[ref.start:ref.end].strip().lower() in ACTOR_PRONOUNS


def _named(ctx: DocContext, ref: ActorRef) -> bool:
    span = ctx.doc.char_span(ref.start, ref.end, alignment_mode="expand")
    return span is not None and any(t.ent_type_ in ACTOR_LABELS for t in span)


def _purpose_target(cand: Candidate, action: Action, finished: Sequence[tuple[Candidate, Action]]) -> Action:
    """An action without a recipient takes it from an action of the same type it serves: "began a hunger
    strike to protest against Sweden's decision", "rallied in protest at X" — the protest is against Sweden."""
    for other, done in finished:
        if other is cand or done.type != action.type or done.target is None:
            continue
        if not serves(other.token, cand.token):
            continue
        if action.source is not None and overlap((action.source.start, action.source.end),
                                                  (done.target.start, done.target.end)):
            continue
        return replace(action, target=done.target)
    return action
