"""PLOVER's vocabulary as newsweave codes it: the event types, newsweave's modes, the type families the
PLOVER reductions work on, and the spaCy labels and dependencies the coder reads."""

from __future__ import annotations

from ..model import MentionKind

TYPES = (
    "AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "DEMAND", "DISAPPROVE",
    "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT", "FIGHT", "INVESTIGATE",
)
"""The PLOVER event types (the 2016 category names of the PLOVER gold standard)."""

MODES = ("", "negated", "hypothetical", "future")
"""newsweave's modes of an action: did it happen, not happen, might it, will it."""

COOPERATIVE = frozenset({"CONSULT", "SUPPORT", "COOPERATE", "AID"})
MATERIAL_CONFLICT = frozenset({"SANCTION", "COERCE", "ASSAULT", "FIGHT", "MOBILIZE", "PROTEST"})
ON_PLACES = MATERIAL_CONFLICT | {"RETREAT", "CONCEDE", "AID"}
YIELDING = frozenset({"AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT"})
VIOLENCE = frozenset({"ASSAULT", "FIGHT"})
TARGETED = frozenset(TYPES) - {"PROTEST", "MOBILIZE", "RETREAT"}
"""Types that are normally done *to* someone: an action of these types with no recipient is less sure."""

ACTOR_LABELS = frozenset({"PERSON", "ORG", "GPE", "NORP"})
PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
DATE_LABELS = frozenset({"DATE"})
NON_ACTOR_LABELS = frozenset({"DATE", "TIME", "CARDINAL", "ORDINAL", "MONEY", "QUANTITY", "PERCENT", "LAW",
                              "WORK_OF_ART", "EVENT", "LANGUAGE", "PRODUCT"})
NOT_EVENT_LABELS = frozenset({"ORG", "PERSON", "GPE", "FAC", "LAW", "WORK_OF_ART", "EVENT", "NORP"})
ACTOR_KINDS = frozenset({MentionKind.PERSON, MentionKind.ORGANIZATION, MentionKind.PLACE, MentionKind.GROUP})

OBJECT_DEPS = ("dobj", "obj")
SUBJECT_DEPS = ("nsubj", "csubj")
CLAUSE_DEPS = frozenset({"ccomp", "xcomp", "advcl", "relcl", "acl", "csubj", "pcomp", "conj", "parataxis"})
