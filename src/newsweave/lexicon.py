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


# -- fusing reports (newsweave.fuse): numbers, polarity, modality, what is not news ---------------

NUMBER_WORDS = {w: n for n, w in enumerate(
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen "
    "seventeen eighteen nineteen twenty".split())} | {
    "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90,
    "hundred": 100, "dozen": 12}
"""Numbers written as words ("four hours")."""
SCALE_WORDS = {"dozen": 12, "hundred": 100, "thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12,
               "k": 1e3, "m": 1e6, "bn": 1e9}
"""Words that multiply the number before them ("1.5 million", "two hundred", "two-dozen"); alone, "a hundred" and
"a dozen" are numbers of their own."""
APPROXIMATE = ("about", "around", "some", "roughly", "approximately", "an estimated", "estimated", "close to",
               "nearly", "almost", "practically", "virtually", "just under", "just over", "more or less", "or so")
"""Words before a number that make it approximate: it agrees with numbers within a tolerance."""
LOWER_BOUNDS = ("more than", "over", "at least", "upwards of", "in excess of", "greater than", "no fewer than",
                "no less than", "above")
"""… that make it a floor ("more than 100" agrees with 150)."""
UPPER_BOUNDS = ("up to", "less than", "fewer than", "under", "as many as", "as much as", "no more than", "below",
                "nearly", "almost", "just under")
"""… that make it a ceiling ("up to 300" agrees with 150); "nearly 100" is also at most 100."""
VAGUE_MAGNITUDES = {"dozens": (24.0, 144.0), "scores": (40.0, 200.0), "hundreds": (200.0, 999.0),
                    "thousands": (2e3, 9999.0), "tens of thousands": (2e4, 99999.0),
                    "hundreds of thousands": (2e5, 999999.0), "millions": (2e6, 999e6),
                    "tens of millions": (2e7, 99e6), "hundreds of millions": (2e8, 999e6), "billions": (2e9, 999e9)}
"""Plural magnitudes ("hundreds of thousands of files"): a range of values."""
MEASURE_UNITS = {
    "percent": ("percent", 1.0), "per cent": ("percent", 1.0), "%": ("percent", 1.0), "pct": ("percent", 1.0),
    "percentage point": ("point", 1.0), "point": ("point", 1.0),
    "$": ("dollar", 1.0), "dollar": ("dollar", 1.0), "usd": ("dollar", 1.0), "€": ("euro", 1.0), "euro": ("euro", 1.0),
    "£": ("pound sterling", 1.0), "kilometre": ("metre", 1e3), "kilometer": ("metre", 1e3), "km": ("metre", 1e3),
    "metre": ("metre", 1.0), "meter": ("metre", 1.0), "mile": ("metre", 1609.344), "foot": ("metre", 0.3048),
    "feet": ("metre", 0.3048), "ft": ("metre", 0.3048), "kilogram": ("gram", 1e3), "kg": ("gram", 1e3),
    "tonne": ("gram", 1e6), "hour": ("second", 3600.0), "hr": ("second", 3600.0), "minute": ("second", 60.0),
    "day": ("day", 1.0), "week": ("day", 7.0), "month": ("month", 1.0), "year": ("year", 1.0),
}
"""Units a number measures in, with their base unit and factor: "5 miles" and "8 km" compare in metres."""
COUNTED_CLASSES = (frozenset({"troop", "soldier", "serviceman", "servicemen", "personnel"}),
                   frozenset({"person", "people", "resident", "individual"}),
                   frozenset({"death", "dead", "fatality"}), frozenset({"injury", "injured", "wounded"}))
"""Nouns that count the same thing ("100,000 troops" and "100,000 soldiers")."""

NEGATION_WORDS = frozenset("not no never none nor nothing nobody neither without cannot n't".split())
"""Words that negate what follows them."""
NEGATIVE_PREDICATES = frozenset("unlikely fail failed fails refuse refused refuses decline declined declines "
                                "deny denied denies".split())
"""Words that negate the predicate after them ("is *unlikely* to meet", "*refused* to sign", "*denied* meeting")."""
CONTRACTIONS = {"don't": "do not", "doesn't": "does not", "didn't": "did not", "isn't": "is not",
                "aren't": "are not", "wasn't": "was not", "weren't": "were not", "won't": "will not",
                "wouldn't": "would not", "can't": "can not", "cannot": "can not", "couldn't": "could not",
                "shouldn't": "should not", "haven't": "have not", "hasn't": "has not", "hadn't": "had not",
                "mustn't": "must not", "it's": "it is", "that's": "that is", "there's": "there is",
                "we're": "we are", "they're": "they are", "you're": "you are", "i'm": "i am", "he's": "he is",
                "she's": "she is", "we've": "we have", "they've": "they have", "i've": "i have", "we'll": "we will",
                "they'll": "they will", "i'll": "i will", "he'll": "he will", "she'll": "she will",
                "it'll": "it will", "let's": "let us"}
"""Contractions and their full forms: "don't" and "do not" say the same."""
FIRM_MODALS = frozenset("will shall must would 'll".split())
"""Modals of commitment (reported speech turns "will" into "would": the same commitment)."""
WEAK_MODALS = frozenset("may might possibly perhaps maybe".split())
"""Modals and adverbs of mere possibility: "will" → "may" withdraws a commitment.  "can" / "could" are left out:
they are ability and its past as often as possibility, and reported speech turns one into the other."""
HEDGE_WORDS = frozenset("may might could possibly perhaps probably likely unlikely maybe seem seems appear appears "
                        "reportedly allegedly apparently".split())
"""Words that hedge a statement."""
INTENSIFIERS = frozenset("very absolutely extremely completely totally fully really seriously deeply highly "
                         "strongly utterly entirely definitely certainly clearly".split())
"""Words that strengthen what they modify."""

FUSE_STOP_WORDS = frozenset("""a an the of to in on at by for with from and or but nor as is are was were be been
being has have had do does did it its this that these those there their they them he she his her we our us you your i
me my which who whom what when where while if then than so such also just only very will would shall should can could
may might must not no said says say told tell according about into over after before during since until up out one all
any some more most other another each every both either neither own same whether""".split())
"""Words that carry no content of their own when two sentences are compared."""

CAPTION_CUES = ("(ap photo", "ap photo/", "(photo", "photo:", "photo by", "photograph:", "photographs:", "getty images",
                "reuters/", "afp/", "afp via getty", "/ap)", "/reuters)", "/afp)", "image:", "image caption",
                "images)", "credit:", "courtesy of", "file photo", "in this photo", "in this file photo",
                "in this image", "in this undated", "pictured", "is seen", "are seen", "poses for", "pose for",
                "shutterstock", "epa/", "(epa", "bloomberg via", "via ap", "(illustration", "screenshot", "screengrab")
"""Words that mark a photo caption or credit, not a statement of the report."""
CAPTION_OPENINGS = ("file -", "file –", "file—", "file:", "photo:", "pictured:", "above:", "top:", "left:", "right:",
                    "video:", "watch:", "watch ", "listen:", "caption:", "gallery:", "slideshow:")
"""How captions, video blurbs and teasers open."""
TEASER_CUES = ("click here", "read more", "read also", "sign up", "subscribe", "watch the video", "watch video",
               "watch live", "watch the full", "video above", "video below", "in the video", "this video",
               "the video above", "follow us", "follow the latest", "download the", "get the latest",
               "here's what", "here is what", "what you need to know", "live updates", "live blog", "breaking:",
               "updated:", "this story has been updated", "this is a developing story", "contributed to this report",
               "editor's note", "related:", "more:", "see also", "don't miss", "listen to", "podcast",
               "the opinions expressed", "all rights reserved")
"""Words of web furniture, teasers and notes to the reader: no statement of the event."""


# -- grouping reports into events and stories (newsweave.group) -----------------------------------

TOPIC_STOP_WORDS = frozenset("""a about above after again against all also am an and any are as at be because been
before being below between both but by can could did do does doing down during each few for from further had has have
having he her here hers herself him himself his how i if in into is it its itself just me more most my myself no nor
not now of off on once only or other our ours ourselves out over own same she should so some such than that the their
theirs them themselves then there these they this those through to too under until up very was we were what when
where which while who whom why will with would you your yours yourself yourselves said says say told according
one two three new like get got many much may might must shall another every first last us also""".split())
"""Words that say nothing about what a report is about: dropped from the content words grouping compares."""

DAY_PARTS = ("morning", "afternoon", "evening", "night")
"""Parts of a day after a weekday ("Thursday night"): the expression still names that day."""


# Verbs that attribute a stance, wish or finding rather than words ("wants to …", "called for …",
# "praised …", "a poll found …"): indirect attributions with an infinitive or noun-phrase content.
STANCE_LEMMAS = frozenset(
    """want call show support back find announce mention prefer praise refuse learn discuss cite express name
    list mock endorse dismiss thank reject decline oppose demand question recognize vow pledge promise threaten
    urge propose criticize criticise condemn blame accuse welcome applaud defend slam blast attack hail
    insist plan intend seek decide agree offer predict expect hope fear doubt talk vote congratulate encourage
    refer like favor favour""".split()
)
# "point" only counts as "point out"; these need a particle to report speech.
NEEDS_PARTICLE = {"point": "out", "shoot": "back", "fire": "back", "hit": "back"}


# A sentence opening with one of these leans on the sentence before it ("And he concludes …", "Then we will …",
# "This was …"): read out of its report, as a summary reads it, it does not stand on its own.
DISCOURSE_CONNECTIVES = frozenset("""and but or so then also yet still however moreover furthermore besides
    nevertheless nonetheless instead otherwise thus hence therefore meanwhile""".split())
DEMONSTRATIVES = frozenset({"this", "these", "those"})
DANGLING_OPENERS = (DISCOURSE_CONNECTIVES | (ACTOR_PRONOUNS - {"who", "which"}) | DEMONSTRATIVES
                    | frozenset({"you", "such"}))
