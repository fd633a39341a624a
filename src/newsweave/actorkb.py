"""Known political actors: who a name is, and which CAMEO actor code they held on a date.

The shipped index (``data/actors.jsonl.gz``, built by ``scripts/build_actors.py``; sources, licences and the
user-file format in docs/actors.md) merges the PETRARCH-2 / Phoenix actor dictionaries with the US
presidents, vice-presidents and current members of Congress. A name match is evidence for an identity, not
a verdict; the Phoenix lists stop around 2014. Loading is lazy: nothing is read until :meth:`ActorKB.load`.

Names (``display_name``; details in docs/actors.md): ``VLADIMIR_PUTIN_`` → "Vladimir Putin" — words
title-cased, initials, known acronyms and vowel-less strings kept in capitals (NATO, FSB), particles lower
after the first word ("Bashar al-Assad"). The first phrase is the name; "+" phrases, and primary lines before
the record's first code (as PETRARCH reads them), are aliases. A person's names lose leading titles
("President", "Russian"); one left with a single word is a *surname-only* alias — weak evidence that
``by_surname`` answers and ``lookup`` ignores — as is a one-word personal name ("Suharto").

Kinds, by evidence (``classify``). Codes that are all bare countries (``[AFG]``, or a country and a non-role
block: ``USAASM`` American Samoa, ``IRQOCC``) make a *country* — a country-level name, with the capitals and
regions Phoenix lists as its synonyms. A *person* is what the source lists as individuals (Phoenix's
``# CountryInfo.txt`` office holders, ``# IGOrulers.txt`` heads of IGOs), or a name of two or more words
without an organisation word (Army, Party, Council, Inc, Jabhat …) whose first word is a known given name
(first words of the CountryInfo people and US officials, shipped in the index), that holds a dated role, or
that is also called by its last word(s) ("ZAWAHIRI" for AYMAN_AL_ZAWAHIRI);
an undated MNC/NGO code never makes a person (TIM_HORTONS_ [MNCCAN]). Anything else is a *group* when a
code has a non-state armed or opposition sector (REB, INS, SEP, UAF, RAD, OPP) or is IMG, else an
*organization* (state bodies, parties, IGOs, NGOs, companies, offices like "US Secretary of State").
"""

from __future__ import annotations

import gzip
import json
import os
import re
from collections.abc import Iterable, Iterator, Sequence, Set
from dataclasses import dataclass, field
from datetime import date as _date
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

from .gazetteer import fold

COUNTRY_CODES = frozenset("""ABW AFG AGO AIA ALA ALB AND ANT ARE ARG ARM ASM ATA ATF ATG AUS AUT AZE BDI BEL BEN BES
BFA BGD BGR BHR BHS BIH BLM BLR BLZ BMU BOL BRA BRB BRN BTN BVT BWA CAF CAN CCK CHE CHL CHN CIV CMR COD COG COK COL
COM CPV CRI CUB CUW CXR CYM CYP CZE DEU DJI DMA DNK DOM DZA ECU EGY ERI ESH ESP EST ETH FIN FJI FLK FRA FRO FSM GAB
GBR GEO GGY GHA GIB GIN GLP GMB GNB GNQ GRC GRD GRL GTM GUF GUM GUY HKG HMD HND HRV HTI HUN IDN IMN IND IOT IRL IRN
IRQ ISL ISR ITA JAM JEY JOR JPN KAZ KEN KGZ KHM KIR KNA KOR KWT LAO LBN LBR LBY LCA LIE LKA LSO LTU LUX LVA MAC MAF
MAR MCO MDA MDG MDV MEX MHL MKD MLI MLT MMR MNE MNG MNP MOZ MRT MSR MTQ MUS MWI MYS MYT NAM NCL NER NFK NGA NIC NIU
NLD NOR NPL NRU NZL OMN PAK PAN PCN PER PHL PLW PNG POL PRI PRK PRT PRY PSE PYF QAT REU ROU RUS RWA SAU SCG SDN SEN
SGP SGS SHN SJM SLB SLE SLV SMR SOM SPM SRB SSD STP SUR SVK SVN SWE SWZ SXM SYC SYR TCA TCD TGO THA TJK TKL TKM TLS
TON TTO TUN TUR TUV TWN TZA UGA UKR UMI URY USA UZB VAT VCT VEN VGB VIR VNM VUT WLF WSM XKX YEM ZAF ZMB ZWE
CSK DDR FRY KSV SUN TMP USR YUG""".split())  # ISO 3166-1 alpha-3 + historical CAMEO states (SUN/USR USSR …)
SECTORS = frozenset("""GOV MIL REB OPP PTY COP JUD SPY MED EDU BUS CRM CVL ELI LAB LEG REF AGR HLH HRI ENV DEV RAD
INS UAF SEP MOD REL IGO NGO NGM MNC IMG UIS PPL CHR MUS JEW HIN BUD SIK MOS BAH""".split())
"""CAMEO role / religion blocks; a code that starts with one has no country and is all sector ("ELI")."""
INTERNATIONAL = frozenset("IGO NGO NGM MNC IMG UIS".split())
GROUP_SECTORS = frozenset("REB INS SEP UAF RAD OPP IMG".split())
FAMILY_FIRST = frozenset("CHN TWN HKG MAC KOR PRK VNM".split())  # family name first: "Xi Jinping" is also "xi"
ORG_WORDS = frozenset("""ACADEMY ADMINISTRATION AGENCY AHRAR AIRLINES AIRWAYS ALLIANCE ANSAR ARMY ASSEMBLY ASSOCIATION
AUTHORITY BANCORP BANK BATTALION BATTALIONS BOARD BRIGADE BRIGADES BUREAU CABINET CAPITAL CELL CELLS CENTER CENTRE
CHAMBER CLUB CO COALITION COMMAND COMMANDO COMMANDOS COMMISSION COMMITTEE COMMUNITY COMPANY CONFERENCE CONGRESS CORP
CORP. CORPORATION CORPS COUNCIL COURT DEPARTMENT DIRECTORATE DIVISION ENERGY ENTERPRISES FACTION FAYLAQ FEDERATION FORCE
FORCES FOUNDATION FRONT FUND GOVERNMENT GROUP GROUPS GUARD GUARDS HARAKAT HIZB HOLDING HOLDINGS INC INC. INDUSTRIES
INSTITUTE INTELLIGENCE INTERNATIONAL JABHAT JAISH JAMAAH JAMAAT JAMIAT JAYSH JUND KATAIB LEAGUE LIBERATION LIWA LLC LTD
LTD. MAJLIS MARTYRS MILITIA MINISTRIES MINISTRY MISSION MOVEMENT NATIONS NAVY NETWORK NUCLEI OBSERVATORY OFFICE
ORGANISATION ORGANIZATION PARLIAMENT PARTY PLC POLICE PROGRAM PROGRAMME REGIME REPUBLIC RESOURCES SARAYA SARAYAT
SECURITY SENATE SERVICE SERVICES SOCIETY SOVIET STATE STATES SYSTEMS TANZIM TEAM TECHNOLOGIES TRIBUNAL TRUST UNION UNIT
UNITS UNIVERSITY""".split())  # no person
TITLES = frozenset("""ACTING ADMIRAL ADVISER ADVISOR AMBASSADOR ASSEMBLY AYATOLLAH BRIGADIER CAPTAIN CHAIRMAN CHAIRWOMAN
CHANCELLOR CHIEF CIA COL COL. COLONEL COMMANDER COMMUNIST CONGRESSMAN CONGRESSWOMAN CROWN DAME DEFENCE DEFENSE DEPUTY
DIRECTOR DR DR. ENVOY EX EX- FBI FIELD FOREIGN FORMER GEN GEN. GENERAL GOV GOV. GOVERNOR GRAND HOJATOLISLAM INTERIM
INTERIOR JUDGE JUSTICE KING LEADER LIEUTENANT LORD LT LT. MARSHAL MAYOR MINISTER MR MR. MRS MRS. MS MS. NATIONAL NATO
OF OPPOSITION POPE PREMIER PRESIDENT PRESIDENT-ELECT PRIME PRINCE PRINCESS QUEEN REBEL REP REP. REPRESENTATIVE SECRETARY
SECRETARY-GENERAL SEN SEN. SENATOR SHAIKH SHEIK SHEIKH SHEIKHA SIR SPEAKER SPOKESMAN STATE THE U.N. U.S. UN US VICE
VICE-PRESIDENT""".split())  # stripped from the front of a person's names (the index adds "RUSSIAN" …)
PARTICLES = frozenset("""ad al an ar as ash at az bin bint ben da das de del della den der di do dos du el ibn la le
of the and for on in to van von y zu ul ud""".split())
ACRONYMS = frozenset("""UN US USA UK EU NATO UAE DPRK DRC PRC ROK UNESCO UNICEF UNHCR UNDP UNSC IAEA OPEC ASEAN OSCE AU
ECOWAS IMF WTO WHO ICC ICJ ISIS ISIL IRA PLO PKK ANC SPLA SPLM FARC LTTE AQAP AQIM CIA FBI NSA KGB NGO OIC""".split())
_CODE = re.compile(r"\[([^\]]*)\]")
_PAREN = re.compile(r"\(([^)]*)\)")
_INITIALS = re.compile(r"(?:[A-Z]\.)+[A-Z]?")
DATA = "data/actors.jsonl.gz"


@dataclass(frozen=True, slots=True)
class Role:
    code: str  # CAMEO actor code, e.g. "RUSGOV", "USAGOV", "IGONAT"
    start: str | None  # ISO date YYYY-MM-DD or None = open
    end: str | None

    @property
    def country(self) -> str | None:
        """The ISO alpha-3 country the code starts with ("USAGOV" → "USA"); None for IGO, NGO, IMG …"""
        return self.code[:3] if self.code[:3] in COUNTRY_CODES else None

    @property
    def sector(self) -> str:
        """The rest of the code ("GOV", "UNO" for IGOUNO); a code made of sectors only ("ELI") is all sector."""
        head = self.code[:3]
        return self.code if head in SECTORS - INTERNATIONAL else (self.code[3:] or self.code)


@dataclass(frozen=True, slots=True)
class KnownActor:
    id: str  # stable: "phoenix:VLADIMIR_PUTIN", "us:B000944" (bioguide), "user:..." for user files
    name: str  # display name, English spelling ("Vladimir Putin")
    kind: str  # "person" | "country" | "organization" | "group"
    aliases: tuple[str, ...]  # full-name aliases as display strings
    surnames: tuple[str, ...]  # folded single-word names it may be called by ("putin")
    roles: tuple[Role, ...]
    gender: str | None = None  # "m" | "f" when known
    source: str = ""  # "phoenix", "us_officials", "phoenix+us_officials", "user"
    ids: tuple[str, ...] = ()  # further ids it is known by ("phoenix:BARACK_OBAMA", "wikidata:Q76")
    party: str | None = None  # US party of the latest term

    def roles_at(self, date: str | None) -> tuple[Role, ...]:
        """Roles in force on an ISO date (default roles always are); every role when ``date`` is None."""
        return self.roles if date is None else tuple(
            r for r in self.roles if (r.start or "") <= date[:10] <= (r.end or "9999-12-31"))

    def code_at(self, date: str | None) -> str | None:
        """The code in force: a dated role beats a default one, then the latest start, then the longest code
        (with no date: the most recently started role, or the default one when none is dated)."""
        roles = sorted(self.roles_at(date), key=lambda r: (bool(r.start or r.end), r.start or "", len(r.code), r.code))
        return roles[-1].code if roles else None


def parse_date(text: str) -> str:
    """TABARI date → ISO: YYMMDD (YY <= 30 → 20YY, else 19YY) or YYYYMMDD; ValueError otherwise."""
    digits = text.strip()
    if not digits.isdigit() or len(digits) not in (6, 8):
        raise ValueError(f"not a YYMMDD or YYYYMMDD date: {text!r}")
    if len(digits) == 6:
        digits = ("20" if int(digits[:2]) <= 30 else "19") + digits
    return _date(int(digits[:4]), int(digits[4:6]), int(digits[6:])).isoformat()


def parse_role(text: str) -> Role | None:
    """One bracket's content ("RUSGOV 991231-080507") → Role, dates inclusive; None for "---" (no code);
    ValueError for a date that is not YYMMDD / YYYYMMDD or impossible (the reader drops that restriction)."""
    code, _, rest = text.strip().partition(" ")
    code, rest = code.upper(), rest.strip()
    if not code or code.startswith("-"):
        return None
    if rest[:1] in ("<", ">"):
        day = parse_date(rest[1:])
        return Role(code, None, day) if rest[0] == "<" else Role(code, day, None)
    start, dash, end = rest.partition("-")
    if not dash:
        return Role(code, None, None)  # a bare code; a lone date is ignored, as PETRARCH does
    if (first := parse_date(start)) > (last := parse_date(end)):
        raise ValueError(f"interval ends before it starts: {text!r}")
    return Role(code, first, last)


@dataclass(slots=True)
class Block:
    phrases: list[str]
    roles: list[Role] = field(default_factory=list)
    comments: list[str] = field(default_factory=list)
    coded: bool = False
    dropped: int = 0  # restrictions dropped for an unreadable date


def read_tabari(lines: Iterable[str]) -> Iterator[Block]:
    """TABARI / PETRARCH actor records. A primary line before the current record has any code joins it."""
    block: Block | None = None
    for raw in lines:
        body, _, comment = raw.partition("#")
        text = _CODE.sub(" ", body).strip()
        if raw.startswith("<!") or ": " in text or not (text or "[" in body):  # blank, comment, "Source: …" note
            continue
        if text and text[0] != "+" and (block is None or block.coded):
            if block is not None:
                yield block
            block = Block([text])
        elif block is None:
            continue
        elif text:
            block.phrases.append(text.lstrip("+").strip())
        block.comments += [comment.strip()] if comment.strip() else []
        for inner in _CODE.findall(body):
            block.coded = True
            try:
                role = parse_role(inner)
            except ValueError:
                block.dropped += 1
                continue
            if role is not None and role not in block.roles:
                block.roles.append(role)
    if block is not None:
        yield block


def words_of(phrase: str) -> list[str]:
    """A phrase's words in capitals, parenthesised parts removed ("ADEN_ARMY_(AAIA)_" → ADEN, ARMY)."""
    return [w for w in re.split(r"[_\s]+", _PAREN.sub(" ", phrase).upper()) if w]


def _cap(part: str, first: bool) -> str:
    low = part.lower()
    head, quote, tail = low.partition("'")
    if quote and len(head) == 1 and tail:  # O'Connell, Cote d'Ivoire
        return (head.upper() if first or head == "o" else head) + "'" + _cap(tail, True)
    if quote:  # People's
        return _cap(head, first) + "'" + tail
    return "Mc" + low[2].upper() + low[3:] if low.startswith("mc") and len(low) > 3 else low[:1].upper() + low[1:]


def _keep_upper(word: str, kind: str, single: bool, acronyms: Set[str]) -> bool:
    if _INITIALS.fullmatch(word) or any(c.isdigit() for c in word) or word in ACRONYMS or word in acronyms:
        return True
    if kind == "person" or not word.isalpha():
        return False
    vowels = sum(c in "AEIOUY" for c in word)
    return (len(word) > 1 and not vowels and word not in {"ST", "MR", "MRS", "DR", "MT", "FT", "JR", "SR"}) or (
        single and kind != "country" and (len(word) <= 4 or vowels <= 1))


def display_name(words: Sequence[str], kind: str = "person", acronyms: Set[str] = frozenset()) -> str:
    """Dictionary words → how an English text writes the name ("Bashar al-Assad", "Cote d'Ivoire")."""
    return " ".join(
        word if _keep_upper(word, kind, len(words) == 1, acronyms)
        or (kind == "person" and i and re.fullmatch(r"I{2,3}|IV|VI{1,3}", word))
        else "-".join(p.lower() if (i or j) and p.lower() in PARTICLES else _cap(p, not (i or j))
                      for j, p in enumerate(word.split("-")))
        for i, word in enumerate(words))


def strip_titles(words: Sequence[str], titles: Set[str] = frozenset()) -> list[str]:
    """Drop leading titles ("PRESIDENT", "US_PRESIDENT", "RUSSIAN") while a word is left."""
    out = list(words)
    while len(out) > 1 and (n := next((n for n in (4, 3, 2, 1) if len(out) > n and " ".join(out[:n]) in titles),
                                      int(out[0] in TITLES))):
        out = out[n:]
    return out


def classify(names: Sequence[Sequence[str]], roles: Sequence[Role], first_names: Set[str] = frozenset(),
             person: bool = False) -> str:
    """The kind of a record from its names (each a word list, the first is the name) and its roles."""
    if roles and all(r.country and not ({r.code[i:i + 3] for i in range(3, len(r.code), 3)} & SECTORS)
                     for r in roles):
        return "country"
    words = names[0]
    looks_person = len(words) > 1 and not set(words) & (ORG_WORDS | {"OF", "IN", "FOR", "AND", "THE", "&"})
    dated = any(r.start or r.end for r in roles)
    company = any(r.code[:3] in {"MNC", "NGO", "NGM"} for r in roles) and not dated
    called_by_surname = any(list(words[k:]) == list(n) for n in names[1:] for k in range(1, len(words)))
    if person or (looks_person and not company and (words[0] in first_names or dated or called_by_surname)):
        return "person"
    blocks = {r.code[i:i + 3] for r in roles for i in range(0, len(r.code), 3)}
    return "group" if blocks & GROUP_SECTORS else "organization"


def actor_from_block(block: Block, source: str, prefix: str, *, first_names: Set[str] = frozenset(),
                     titles: Set[str] = frozenset(), person: bool = False) -> KnownActor | None:
    """A KnownActor from a dictionary record (None when it has no usable code)."""
    if not block.roles:
        return None
    raw = [w for w in map(words_of, block.phrases) if w] or [["?"]]
    extra = [words_of(m) for p in block.phrases for m in _PAREN.findall(p)]
    kind = classify([strip_titles(raw[0], titles), *raw[1:]], block.roles, first_names, person)
    ident = prefix + "_".join(raw[0]).strip("_")
    if kind != "person":
        acronyms = {"".join(w[0] for w in ws if w.lower() not in PARTICLES) for ws in raw if len(ws) > 2}
        names = [display_name(ws[1:] if ws[0] == "THE" and len(ws) > 1 else ws, kind, acronyms)
                 for ws in raw + [e for e in extra if e]]
        return KnownActor(ident, names[0], kind, _unique(names[1:], {fold(names[0])}), (), tuple(block.roles),
                          source=source)
    names_w = [strip_titles(ws, titles) for ws in raw]
    full = {tuple(ws) for ws in names_w if len(ws) > 1}
    kept = [ws for ws in names_w if not any(
        tuple(ws[k:]) in full and not set(ws[:k]) & first_names for k in range(1, len(ws) - 1))]
    core = [[w for w in ws if w.rstrip(".") not in {"JR", "SR", "II", "III", "IV"} and not _INITIALS.fullmatch(w)] or ws
            for ws in kept if len(ws) > 1 and not set(ws) & ORG_WORDS]  # "George H. W. Bush Jr." → BUSH
    surnames = [fold(ws[-1]) for ws in kept if len(ws) == 1] + [fold(ws[-1]) for ws in core]
    if {r.country for r in block.roles} & FAMILY_FIRST and len(names_w[0]) in (2, 3):
        surnames.append(fold(names_w[0][0]))
    name = display_name(names_w[0])
    aliases = _unique([display_name(ws) for ws in kept if len(ws) > 1], {fold(name)} if len(names_w[0]) > 1 else set())
    return KnownActor(ident, name, kind, aliases, _unique(surnames, set()), tuple(block.roles), source=source)


def _unique(items: Iterable[str], seen: Set[str]) -> tuple[str, ...]:
    out: dict[str, str] = {}
    for item in items:
        out.setdefault(fold(item), item)
    return tuple(v for k, v in out.items() if k and k not in seen)


def from_record(record: dict[str, Any]) -> KnownActor:
    """An actor from its JSON form (the index's line format; user ``.jsonl`` files use it too)."""
    roles = tuple(Role(str(c), s, e) for c, s, e in record.get("roles", ()))
    name = str(record["name"])
    ident = str(record.get("id") or "user:" + "_".join(words_of(name)))
    return KnownActor(ident, name, str(record.get("kind", "person")), tuple(record.get("aliases", ())),
                      tuple(record.get("surnames", ())), roles, record.get("gender"), str(record.get("source", "")),
                      tuple(record.get("ids", ())), record.get("party"))


class ActorKB:
    """Name → known actors; get one with :meth:`load` or :func:`default_kb` (cached). A KB with a ``base`` is a
    layer over it (a user file over the index): its actors come first and hide those of the same id or name."""

    def __init__(self, actors: Iterable[KnownActor], agents: dict[str, str] | None = None,
                 meta: dict[str, Any] | None = None, base: ActorKB | None = None) -> None:
        self.base = base
        self.meta: dict[str, Any] = meta if meta is not None else base.meta if base else {}
        self._agents: dict[str, str] = agents if agents is not None else base._agents if base else {}
        self._by_id = {actor.id: actor for actor in actors}
        self._alt = {alt: actor for actor in reversed(self._by_id.values()) for alt in actor.ids}
        self._names: dict[str, list[KnownActor]] = {}
        self._surnames: dict[str, list[KnownActor]] = {}
        self._hidden: set[str] = set()
        for actor in self._by_id.values():
            person = actor.kind == "person"
            names = {fold(n) for n in (*actor.aliases, *([actor.name] if not person or " " in actor.name else []))}
            for key in names - {""}:
                self._names.setdefault(key, []).append(actor)
            for key in set(actor.surnames) if person else ():
                self._surnames.setdefault(key, []).append(actor)
            if base:
                same = [b for b in base.lookup(actor.name) if b.kind == actor.kind and fold(b.name) == fold(actor.name)]
                self._hidden |= {b.id for b in (base.get(actor.id), *same) if b is not None}

    @classmethod
    def load(cls, extra: Sequence[str | Path] = ()) -> ActorKB:
        """The shipped index plus user actor files (TABARI/Phoenix format, or ``.jsonl`` records)."""
        return _load(tuple(str(p) for p in extra))

    def _find(self, table: str, key: str) -> tuple[KnownActor, ...]:
        below = tuple(a for a in self.base._find(table, key) if a.id not in self._hidden) if self.base else ()
        return tuple(getattr(self, table).get(key, ())) + below

    def lookup(self, name: str) -> tuple[KnownActor, ...]:
        """Actors whose name or a full-name alias folds to ``name``'s fold (several when namesakes)."""
        return self._find("_names", fold(name))

    def by_surname(self, surname: str) -> tuple[KnownActor, ...]:
        """Persons who may be called by this one word (weak evidence: many share a surname)."""
        return self._find("_surnames", fold(surname))

    def get(self, actor_id: str) -> KnownActor | None:
        found = self._by_id.get(actor_id) or self._alt.get(actor_id)
        below = self.base.get(actor_id) if self.base and found is None else None
        return found or (below if below is not None and below.id not in self._hidden else None)

    def agent(self, noun: str) -> str | None:
        """The code fragment of a generic role noun ("policemen" → "COP"; "peacekeeping troops" → "IGO")."""
        code = self._agents.get(fold(noun))
        return code.replace("~", "") if code else None

    def agent_prefixes(self, noun: str) -> bool:
        """True when the noun's fragment goes before the actor's code ("IGO~"), not after ("~COP")."""
        return self._agents.get(fold(noun), "~").endswith("~")

    def __len__(self) -> int:
        return len(self._by_id) + (len(self.base) - len(self._hidden) if self.base else 0)

    def __iter__(self) -> Iterator[KnownActor]:
        yield from self._by_id.values()
        yield from (a for a in self.base or () if a.id not in self._hidden)


@lru_cache(maxsize=1)
def _shipped() -> ActorKB:
    with gzip.open(str(resources.files("newsweave").joinpath(DATA)), "rt", encoding="utf-8") as handle:
        records = [json.loads(line) for line in handle if line.strip()]
    agents = {form: r["code"] for r in records if r.get("kind") == "agent" for form in r["forms"]}  # "~COP" …
    meta: dict[str, Any] = next((r for r in records if r.get("kind") == "meta"), {})  # given names, titles
    return ActorKB([from_record(r) for r in records if r.get("kind") not in ("agent", "meta")], agents, meta)


@lru_cache(maxsize=8)
def _load(extra: tuple[str, ...]) -> ActorKB:
    kb = _shipped()
    names, titles = frozenset(kb.meta.get("first_names", ())), frozenset(kb.meta.get("titles", ()))
    for path in extra:
        text = Path(path).read_text(encoding="utf-8")
        if path.endswith(".jsonl"):
            records = [json.loads(line) for line in text.splitlines() if line.strip()]
            users = [from_record({"source": "user", **r, "surnames": [fold(s) for s in r.get("surnames", ())]})
                     for r in records]
        else:
            blocks = list(read_tabari(text.splitlines()))  # "# person" after a name marks a person
            found = (actor_from_block(b, "user", "user:", first_names=names, titles=titles, person=any(
                c.lower().startswith(("person", "countryinfo")) for c in b.comments)) for b in blocks)
            users = [a for a in found if a is not None]
        kb = ActorKB(users, base=kb)
    return kb


def default_kb() -> ActorKB:
    """The shipped index plus the files listed in $NEWSWEAVE_ACTORS (os.pathsep-separated), cached."""
    extra = [p for p in os.environ.get("NEWSWEAVE_ACTORS", "").split(os.pathsep) if p.strip()]
    return ActorKB.load(extra)
