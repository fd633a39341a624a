"""Who did what to whom: the political actions a text reports, coded as PLOVER events on the event-data
field's dictionaries.

For every sentence of a parsed Doc, :class:`ActionCoder` finds the actions it reports — the PLOVER event
type (with the CAMEO code, PLOVER mode and context behind it), the actor (source) and recipient (target)
noun phrases with their CAMEO actor codes, the trigger words, newsweave's mode (negated / hypothetical /
future), the date and place where the sentence states them, and a confidence.  Every span is a character
range ``[start, end)`` into the Doc's text, never a copy of it.

Knowledge is data, the code is the matcher:

* **Verbs from CAMEO** (:mod:`.cameo`, ``data/cameo_verbs.json.gz`` built by ``scripts/build_cameo.py`` from
  PETRARCH-2's CAMEO.2.0 dictionary, MIT): a verb's block, its own code, and the patterns that refine it by
  object, preposition or subject ("impose * SANCTIONS" → 163), matched against the dependency parse; a code
  maps to a PLOVER type, mode and context through the CAMEO→PLOVER table, with the 2016 category names the
  PLOVER gold standard uses (CAMEO 02/10 → DEMAND, 09 → INVESTIGATE, 11 → DISAPPROVE, 19/20 → FIGHT).
* **newsweave's additions** (:mod:`.additions`, ``data/plover_lexicon.tsv``): how a verb's clause is read
  (reporting verbs, speech acts, intents, light verbs, negating verbs), event nouns, intent adjectives, the
  modal "must", typed verbs written from the PLOVER manual where CAMEO has none, actor and military nouns.
  Typed rows come in groups (``DEMAND:noun`` …) that :class:`CoderParams` can switch off; the benchmark keeps
  only those that add measured value.  Which reading wins for a verb: a CAMEO pattern, then a specific
  addition (verb phrase, verb + object, light verb + event noun), then the CAMEO verb's code, then an
  addition verb (:mod:`.triggers`).
* **Actors from the actor knowledge base** (:mod:`.codes`, :mod:`newsweave.actorkb`): known actors by name
  with their role on the report's date, nationalities and Phoenix agents ("Iranian police" → IRNCOP).

The rules (each can be switched off by name in :class:`CoderParams`; all general, none written for one
sentence):

* **Triggers.**  CAMEO verbs, additions verbs (with particle or object: "call for", "lift sanctions"),
  light verbs with event nouns ("held talks"), event nouns on their own ("Moscow's demands").
* **Speech acts and reported speech** (``report``, ``frames``).  A plain reporting verb is transparent: the
  content clause is coded, with the reporter standing in for a pronoun subject ("Syria says it will not
  …"); a passive with no agent names no actor ("three civilians were killed, police said").  A speech-act
  verb ("demanded", "warned", "rejected", "accused") is the action itself; its complement clause is the
  *content* of the act, not a separate event, and its subject gives the target ("demanded that the US
  cancel …" → target US).  Intent verbs and adjectives ("promised to", "agreed to", "is ready to") take
  their type from the complement, read as a future action.  A negating verb ("failed to reach") makes its
  complement's action negated.
* **Mode.**  ``negated`` (not / never / no / n't, "failed to", a "de-" prefix), ``hypothetical`` (inside an
  if / unless clause, with may / might / could, an event only possible or averted), ``future`` (will /
  shall / would, an intent verb).
* **Recipients** (:mod:`.parties`) come from the parse, nearest first: a passive subject or an actor object;
  an actor in a prepositional phrase of the verb ("aid *to refugees*"); the actor behind or addressed by the
  object ("rejected *Moscow's* demands", "a demonstration staged *by students*"); for a light verb, its event
  noun's own ("held talks *with* X"), looking one step through a non-actor complement ("a suspension of air
  links *with Serbia*").  The actor's own things ("withdrew *its* forces") are what it acts with, not on:
  the place a material action is aimed at comes first.  ``condition-target``: a threat with no other
  recipient is aimed at whoever its condition names; ``purpose-target``: an action with none takes the
  recipient of its purpose clause of the same type ("began a hunger strike *to protest against X*").
* **PLOVER reductions** (manual §2.3, §3.1, §3.4, §3.10). ``reduce-future``: a future or conditional cooperative
  action (CONSULT, SUPPORT, COOPERATE, AID) is AGREE, an expressed intent to yield AGREE (CAMEO 035), an announced
  future RETREAT CONCEDE, a future or conditional material-conflict action THREATEN. ``refusal``: a cooperative
  action negated with will / would / can / never is REJECT (CAMEO 124). ``retreat-concede``: an announced future
  RETREAT is CONCEDE (manual §3.4); off, it is AGREE like any intent to yield. ``violence-means``: violence whose
  CAMEO code says nothing of its means (18/180, 19/190, 20/200, or an additions verb) takes the type of the means
  its clause names — an event noun as its subject or in its "in / with / by / using" phrase ("a roadside *bombing*
  killed", "in a *gunbattle*"). ``irregular-violence``: such CAMEO 19 violence by an actor of an irregular sector
  (REB, INS, UAF, RAD, OPP, CRM, CVL: rebels, militants, civilians) is unconventional, ASSAULT. ``military-force``:
  ASSAULT by a military actor (forces, troops, aircraft …) is conventional force, FIGHT (CAMEO 19), unless it is one
  of CAMEO 18's specific methods (abduct, beat, torture, human shield, assassinate: codes 181, 182, 184–186, or an
  additions verb flagged ``unconventional``). ``state-protest``: the word "protest" (verb or noun) is diplomatic,
  DISAPPROVE, when a state protests, and dissent, PROTEST, when others do (manual §3.12; CAMEO codes the verb 114
  "complain officially", its noun 14). ``modal-demand``: "X must do Y" inside a reported statement is a demand on X.
* **Actors** are noun phrases: the head (a named entity, a given :class:`~newsweave.model.Mention`, or an
  actor noun) expanded over its modifiers and "of" / "from" complement; a pronoun is replaced by the named
  mention it ``refers_to``.  Each gets a CAMEO code (:mod:`.codes`).
* **Quotes.**  When a quote's cue is itself a speech act the speaker is that action's actor; actions inside a
  quote's content carry the quote's id, and the speaker stands in for a missing or first-person actor.
* **Confidence** (:class:`CoderParams`): the trigger's evidence (CAMEO pattern 0.9 … event noun alone 0.55)
  times factors for a missing actor, an unresolved pronoun, a missing recipient where the type needs one, a
  deeper clause, a merely possible action.  Below ``CoderParams.threshold`` an action stays in the analysis
  (``analyze --jsonl``) but is not shown in the account (:meth:`ActionCoder.shown`).

Actions come back sentence by sentence; within a sentence the *main* action comes first: the one whose
trigger is highest in the clause structure (reporting verbs are transparent), verbal before nominal, then in
textual order.  That gold-free ordering is what the benchmark scores as "the" action.
"""

from __future__ import annotations

from ..model import Action, ActorRef
from .additions import Entry, Lexicon
from .cameo import CameoVerbs
from .coder import ActionCoder
from .codes import ActorCoder, split_code
from .params import RULES, CoderParams
from .plover import MODES, TYPES

__all__ = ["MODES", "RULES", "TYPES", "Action", "ActionCoder", "ActorCoder", "ActorRef", "CameoVerbs",
           "CoderParams", "Entry", "Lexicon", "split_code"]


def shown(action: Action, params: CoderParams | None = None) -> bool:
    """Whether an action is sure enough for the account under ``params`` (the shipped defaults when None)."""
    return action.confidence >= (params or CoderParams()).threshold
