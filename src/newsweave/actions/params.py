"""The coder's knobs in one named record: which rules and additions are on, the confidence weights and the
threshold below which an action is not shown in the account.

The defaults are what ``benchmarks/actions.py`` chose on the PLOVER gold standard's dev records (its table
prints the choice, the dev figure and the 2-fold estimate of rules and threshold chosen on one half and
measured on the other).  The confidence is not learnt: it is a product of the factors below, each a plain
statement of how sure a kind of evidence makes us; only the threshold (and which groups are on) is chosen on data.
"""

from __future__ import annotations

from dataclasses import dataclass

RULES = (
    "cameo",  # type verbs from the CAMEO verb dictionary (off: the additions' typed verbs alone)
    "cameo-patterns",  # CAMEO patterns (object / preposition / subject cues) refine a verb's code
    "report",  # plain reporting verbs are transparent: their content clause is coded
    "frames",  # speech acts, stances and intents: their complement is the content, not a second event
    "light",  # light verbs take their event from the object noun ("held talks")
    "nouns",  # event nouns are triggers of their own ("Moscow's demands")
    "reduce-future",  # future / conditional cooperation is AGREE, material conflict THREATEN (PLOVER §2.3)
    "refusal",  # a negated yielding action with will / can / never is REJECT (CAMEO 124)
    "retreat-concede",  # an announced future RETREAT is CONCEDE (manual §3.4); off: AGREE (CAMEO 035 intent to yield)
    "violence-means",  # generic violence takes the type of the means its clause names ("in a bomb attack")
    "irregular-violence",  # generic CAMEO 19 violence by rebels, militants, civilians … is ASSAULT (CAMEO 18)
    "military-force",  # ASSAULT by a military actor is FIGHT unless a CAMEO 18 method (abduct, beat, assassinate …)
    "state-protest",  # "protest" by a state is DISAPPROVE, by others PROTEST (PLOVER §3.12; CAMEO 114 vs 14)
    "purpose-target",  # an action with no recipient takes that of the same-type action it serves
    "condition-target",  # a threat with no recipient is aimed at whoever its condition names
    "modal-demand",  # "X must do Y" inside a reported statement is a demand on X
)
"""The coder's rules that can be switched off (each documented in :mod:`newsweave.actions`)."""


@dataclass(frozen=True, slots=True)
class CoderParams:
    """Which rules and addition groups are off, the confidence factors and the display threshold."""

    disabled: frozenset[str] = frozenset({"report", "retreat-concede"})
    """Rule names (:data:`RULES`) and addition groups (``DEMAND:noun`` …) switched off (as chosen on dev)."""
    threshold: float = 0.64
    """Actions with a lower confidence are kept in the analysis (``analyze --jsonl``) but not in the account."""

    # confidence: trigger evidence (how the type was found)
    cameo_pattern: float = 0.9  # a CAMEO pattern matched the verb's objects / prepositions / subject
    specific_addition: float = 0.85  # an additions verb phrase, verb + object, or light verb + event noun
    cameo_verb: float = 0.75  # a CAMEO verb's (or its block's) own code, no pattern
    addition_verb: float = 0.7  # an additions verb CAMEO does not type
    frame_content: float = 0.8  # a speech act or intent verb typed by its content
    noun: float = 0.55  # an event noun on its own
    modal: float = 0.5  # "must" in a reported statement
    # confidence: parties and clause
    no_source: float = 0.6  # nobody named as the actor
    pronoun_source: float = 0.85  # the actor is an unresolved pronoun
    no_target: float = 0.8  # a type normally done to someone (plover.TARGETED) with no recipient
    embedded: float = 0.85  # per clause level below the sentence's main clause
    hypothetical: float = 0.8  # the action only might happen

    def on(self, name: str) -> bool:
        """Whether a rule or an addition group is on."""
        return name not in self.disabled
