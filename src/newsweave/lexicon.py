"""English language knowledge newsweave's stages share: one home for word lists (spaCy's ``lang/en``).

Every stage imports its words from here, never re-lists them: honorifics, titles, speech verbs, pronouns,
gendered words, name suffixes, kinship nouns, and the head words that make a name an organisation or a
building.  Larger lists users may want to extend live in ``data/`` and are loaded through this module.
"""

from __future__ import annotations

import functools
from importlib import resources

# -- names ---------------------------------------------------------------------------------------

HONORIFICS = frozenset("mr mrs ms miss dr sir dame lord lady prof".split())
"""Words before a name that make it a person's name ("Mr. Trump")."""
NAME_SUFFIXES = frozenset("jr sr ii iii iv".split())
"""Generational suffixes: they tell a father from his son ("Donald Trump Jr.")."""
PARTICLES = frozenset("de da di del della der van von den ter bin ibn al el la le du dos das".split())
"""Lower-case name particles that belong to a surname ("Ursula von der Leyen")."""

TITLE_WORDS = frozenset(
    """president minister secretary general spokesman spokeswoman spokesperson ambassador envoy chancellor
    premier prime deputy undersecretary under assistant chief director head leader senator governor mayor
    king queen prince princess pope foreign defense defence representative adviser advisor aide commander
    colonel lieutenant captain sergeant admiral marshal chairman chairwoman chair judge justice attorney
    diplomat official analyst expert researcher professor economist journalist reporter editor correspondent
    negotiator delegate lawmaker senator congressman congresswoman rep sen gov gen lt col capt actress actor
    singer star coach player founder executive ceo cfo manager spokesman""".split()
)
"""Words that make the words before a name a title ("Deputy Foreign Minister Alexander Grushko")."""

OFFICE_TITLES = frozenset(
    """president vice king queen pope chancellor premier prime governor senator mayor lady prince princess
    emperor empress sheikh emir""".split())
"""Titles of an office one person holds at a time: a bare "President Obama" is not the person an article
calls "first lady" (two different offices name two different people)."""

PERSON_NOUNS = frozenset(
    """official diplomat minister spokesman spokeswoman spokesperson expert analyst secretary ambassador
    president leader chief director envoy researcher professor senator governor chancellor premier
    representative delegate negotiator commander general colonel officer adviser advisor aide candidate
    lawmaker politician economist scholar author writer journalist reporter correspondent source
    undersecretary deputy head chairman chairwoman chair mayor king queen prince pope foreigner
    norwegian american russian german french british ukrainian chinese""".split()
)
"""Nouns that denote a person by role: a definite description headed by one refers to someone named earlier."""

KINSHIP_NOUNS = frozenset(
    """son daughter wife husband father mother brother sister spouse widow widower child children grandson
    granddaughter grandfather grandmother uncle aunt nephew niece cousin stepson stepdaughter""".split()
)
"""Family words: a person introduced as another's kin is a different person ("Trump's son Eric")."""

# -- pronouns and gender ---------------------------------------------------------------------------

PRONOUN_GENDER = {w: "m" for w in "he him his himself".split()} | {w: "f" for w in "she her hers herself".split()}
PERSON_PRONOUNS = frozenset(PRONOUN_GENDER)
SPEAKER_PRONOUNS = frozenset("he she i we they you it".split())
"""Pronouns that can be the subject of a speech verb."""
GENDERED_WORDS = {w: "m" for w in "mr sir lord king prince spokesman chairman congressman businessman".split()} | {
    w: "f" for w in "mrs ms miss dame lady queen princess spokeswoman chairwoman congresswoman businesswoman "
                    "actress".split()}
"""Words that show a person's gender when they stand before the name or in its title.  Kinship words ("her
husband") are left out: in a title they as often describe the person's relative as the person."""

# -- speech ----------------------------------------------------------------------------------------

SPEECH_VERBS = frozenset(
    """say tell add stress warn argue insist explain note claim state declare admit acknowledge announce
    reply respond ask comment emphasize emphasise complain suggest urge deny confirm reiterate recall affirm
    maintain conclude write tweet lament predict""".split()
)
"""Core verbs of saying: their subject is a speaker, so a person or an organisation that speaks."""

REPORTING_VERBS = SPEECH_VERBS | frozenset(
    """summarize summarise answer report repeat assert clarify concede caution agree accuse criticize criticise
    describe mention indicate reveal testify vow pledge promise threaten boast joke quip inform shout post
    observe remark contend allege charge propose recommend underline highlight signal reckon believe think
    hope fear expect estimate counter retort disclose specify assure guarantee forecast point continue
    exclaim bark boom snap yell scream chant plead sigh rail interject muse gush scoff tout shoot fire
    hit""".split()
)
"""Every verb that can report speech (some only with a particle: "point out", "fire back")."""

# -- what a name is --------------------------------------------------------------------------------

LOCATIVE_PREPS = frozenset("in at near outside inside from across around throughout".split())
ORGANISATION_SUFFIXES = frozenset(
    """ltd inc corp co company companies group party union congress council association university bank
    agency ministry committee commission institute foundation club league federation times news post
    journal tribune herald gazette telegraph guardian review magazine network press radio television tv
    channel campaign administration""".split())
"""Last words that make a name an organisation, never a person ("Inkatha Freedom Party", "Trump campaign")."""
FACILITY_HEADS = frozenset(
    """tower towers building hall center centre plaza hotel stadium arena airport square street avenue
    boulevard road bridge palace castle cathedral church mosque synagogue temple prison jail base park museum
    library hospital station port harbour harbor mall theater theatre lodge ranch resort estate""".split())
"""Last words that make a name a building or a place, never a person ("Trump Tower", "Mar-a-Lago Resort")."""
ORGANISATION_HEADS = frozenset("organization organisation alliance bloc agency body".split())
"""Head nouns of a definite description that refers back to the last organisation named."""


# -- actions (who did what to whom: newsweave.actions) ---------------------------------------------

NEGATORS = frozenset({"not", "n't", "never", "no", "neither", "nor", "without"})
"""Words that negate the verb they hang from ("did *not* agree")."""
FUTURE_AUX = frozenset({"will", "shall", "'ll", "wo", "would", "'d"})
HYPOTHETICAL_AUX = frozenset({"may", "might", "could"})
REFUSAL_AUX = frozenset({"will", "shall", "'ll", "wo", "would", "can", "ca", "could"})
"""Auxiliaries that make a negated yielding action a refusal ("will not compromise", "cannot accept")."""
CONDITION_MARKS = frozenset({"if", "unless"})
MODAL_ADJECTIVES = frozenset({"possible", "potential", "likely", "probable", "eventual", "imminent", "hypothetical"})
"""Adjectives that make an event noun only possible ("a *possible* invasion")."""
PREVENTING_VERBS = frozenset({"avert", "prevent", "avoid", "deter", "forestall", "preclude", "fear"})
"""Verbs whose object event did not happen (is prevented, or only feared)."""
ACTOR_PRONOUNS = frozenset({"he", "she", "it", "they", "we", "i", "him", "her", "them", "us", "who", "which", "that"})
"""Pronouns that may stand for an actor (relative pronouns included: "rebels *who* attacked")."""
FIRST_PERSON = frozenset({"we", "i", "us", "me", "our"})
OWN_POSSESSIVES = frozenset({"its", "their", "his", "her", "our", "my", "your"})
"""Possessives that make a thing the actor's own ("withdrew *its* forces": what it acts with, not on)."""
PARTITIVES = frozenset({"group", "member", "thousand", "hundred", "dozen", "some", "part", "one", "many", "most",
                        "all", "several", "number", "majority"})
"""Heads that stand for a part of what their "of" phrase names ("a group *of* students")."""
MEASURES = frozenset({"ton", "tonne", "worth", "kind", "amount", "lot", "shipment", "batch", "package", "round",
                      "wave", "series", "set", "supply", "piece", "portion", "share", "bit", "load"})
"""Heads that measure what their "of" phrase names ("25,000 tons *of* aid", "a round *of* talks")."""
TARGET_PREPS = ("to", "with", "against", "on", "from", "into", "upon", "toward", "towards", "at", "for", "over")
"""Prepositions of a verb that introduce its recipient, nearest first."""
NOUN_TARGET_PREPS = ("with", "against", "on", "to", "between", "upon", "toward", "towards", "from", "of", "for")
"""Prepositions of an event noun that introduce its recipient ("talks *with* X", "sanctions *on* X")."""
SOURCE_PREPS = ("by", "from")
"""Prepositions of an event noun that introduce its actor ("an admission *by* Moscow")."""
PLACE_PREPS = frozenset({"in", "at", "near", "outside", "inside", "from"})
STATE_HEADS = frozenset({"government", "ministry", "minister", "president", "embassy", "state", "country",
                         "authority"})
"""Heads of a state actor: a protest a state lodges is diplomatic (PLOVER DISAPPROVE), not a street protest."""
AIR_STRIKE_WORDS = frozenset({"air", "missile", "drone", "military"})
"""Words before "strike" that make it a military attack, not a labour strike."""

@functools.cache
def outlet_names() -> frozenset[str]:
    """Folded names of news outlets (``data/outlets.tsv``): a name holding one is an outlet or its desk
    ("Breitbart London", "Fox News Sunday"), never a person."""
    from .gazetteer import fold

    names: set[str] = set()
    try:
        raw = resources.files("newsweave").joinpath("data/outlets.tsv").read_text(encoding="utf-8")
    except (FileNotFoundError, OSError):
        return frozenset()
    for line in raw.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        parts = line.split("\t")
        if len(parts) >= 2 and fold(parts[1]):
            names.add(fold(parts[1]))
    return frozenset(names)


@functools.cache
def given_names() -> frozenset[str]:
    """Folded given names of the people the actor knowledge base knows (Phoenix/PETRARCH, US officials):
    evidence that a capitalised word before a surname belongs to the name ("Anders" Fogh Rasmussen)."""
    from .actorkb import default_kb
    from .gazetteer import fold

    kb = default_kb()
    names = {fold(n) for n in kb.meta.get("first_names", ())}
    names |= {fold(a.name).split()[0] for a in kb if a.kind == "person" and " " in a.name}
    return frozenset(n for n in names if n)

DAY_PARTS = ("morning", "afternoon", "evening", "night")
"""Parts of a day after a weekday ("Thursday night"): the expression still names that day."""
