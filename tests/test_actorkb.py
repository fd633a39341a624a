"""The political-actor knowledge base (newsweave.actorkb), read as a spec.

Only the shipped index is read, except by the last test, which rebuilds it from ../shared when that is there.
"""

from __future__ import annotations

import gzip
import importlib.util
import json
import time
import zlib
from importlib import resources
from pathlib import Path

import pytest

from newsweave import actorkb
from newsweave.actorkb import ActorKB, KnownActor, Role, default_kb, display_name, parse_date, words_of

ROOT = Path(__file__).resolve().parents[1]
SHIPPED = Path(str(resources.files("newsweave").joinpath("data/actors.jsonl.gz")))
SOURCES = ROOT.parent / "shared" / "data" / "actors_verbs"
SIZE_BUDGET = 1_500_000

USER_FILE = """\
# my_actors.txt: an analyst's additions, same format as the Phoenix dictionaries
VOLODYMYR_ZELENSKYY_  # President of Ukraine from 2019
+VOLODYMYR_ZELENSKY_
+PRESIDENT_ZELENSKYY_
\t[UKRELI 780125-190519]
\t[UKRGOV >20190520]
ZORIAN_KVAS_  # person: no dated role, an unknown given name, so the note decides
\t[UKROPP]
AZOV_LIBERATION_FRONT_ [UKRREB]
"""


@pytest.fixture(scope="module")
def timed_kb() -> tuple[ActorKB, float]:
    actorkb._shipped.cache_clear()
    actorkb._load.cache_clear()
    start = time.perf_counter()
    kb = ActorKB.load()
    return kb, time.perf_counter() - start


@pytest.fixture(scope="module")
def kb(timed_kb: tuple[ActorKB, float]) -> ActorKB:
    return timed_kb[0]


def one(actors: tuple[KnownActor, ...]) -> KnownActor:
    assert len(actors) == 1, [a.id for a in actors]
    return actors[0]


def test_the_index_ships_within_its_size_budget_and_is_cached(timed_kb: tuple[ActorKB, float]) -> None:
    kb, _ = timed_kb  # load time is a benchmark figure (shared CI machines vary), not a unit-test assertion
    assert SHIPPED.is_file() and SHIPPED.stat().st_size < SIZE_BUDGET
    assert (SHIPPED.parent / "ACTORS_LICENSE.md").is_file()
    assert len(kb) > 25_000
    assert ActorKB.load() is kb  # cached


def test_putins_names_all_resolve_to_one_actor(kb: ActorKB) -> None:
    putin = one(kb.lookup("Vladimir Putin"))
    assert putin.id == "phoenix:VLADIMIR_PUTIN" and putin.kind == "person"
    for name in ("Vladimir Vladimirovich Putin", "vladimir putin", "VLADIMIR V. PUTIN", "Vladimir Pútin"):
        assert one(kb.lookup(name)) is putin
    assert "putin" in putin.surnames and putin in kb.by_surname("Putin")
    assert kb.lookup("Putin") == ()  # one word is a surname: weak evidence, not a full-name match
    assert kb.get("phoenix:VLADIMIR_PUTIN") is putin


def test_putins_code_depends_on_the_date(kb: ActorKB) -> None:
    putin = one(kb.lookup("Vladimir Putin"))
    assert putin.code_at("2005-06-01") == "RUSGOV"
    assert putin.code_at("1995-01-01") == "RUSELI"
    assert putin.code_at("2005-06-01T12:00:00Z") == "RUSGOV"
    assert {r.code for r in putin.roles_at("1995-01-01")} == {"RUSELI"}  # the dated role and the default
    assert putin.roles_at(None) == putin.roles


def test_obama_is_one_record_from_both_sources_with_the_exact_term_end(kb: ActorKB) -> None:
    obama = one(kb.lookup("Barack Obama"))
    assert obama is one(kb.lookup("Barack Hussein Obama"))
    assert obama.source == "phoenix+us_officials"
    assert obama.id == "us:O000167" and kb.get("phoenix:BARACK_OBAMA") is obama
    assert "wikidata:Q76" in obama.ids and obama.gender == "m" and obama.party == "Democrat"
    gov = [r for r in obama.roles if r.code == "USAGOV"]
    assert gov == [Role("USAGOV", "2009-01-20", "2017-01-20")]  # Phoenix's open [USAGOV >090120], closed
    assert obama.code_at("2012-06-01") == "USAGOV"


def test_a_president_outside_his_terms_is_not_usagov(kb: ActorKB) -> None:
    obama = one(kb.lookup("Barack Obama"))
    assert obama.code_at("2018-01-01") != "USAGOV"
    bush = one(kb.lookup("George W. Bush"))
    assert bush.code_at("2005-01-01") == "USAGOV"
    assert bush.code_at("1995-01-01") == "USAELI"
    assert bush.code_at("2012-01-01") == "USAELI"  # Phoenix's default role


def test_namesakes_come_back_as_several_actors(kb: ActorKB) -> None:
    kennedys = kb.lookup("John Kennedy")  # the president and the senator from Louisiana
    assert len({a.id for a in kennedys}) == 2
    assert {a.code_at("1962-01-01") for a in kennedys} == {"USAGOV", None}
    assert {a.code_at("2020-01-01") for a in kennedys} == {None, "USALEG"}
    carters = kb.lookup("John Carter")  # a New Zealand minister and a Texas congressman
    assert {r.country for a in carters for r in a.roles} == {"NZL", "USA"}
    bushes = kb.lookup("George Bush")
    assert {a.name for a in bushes} == {"George H. W. Bush", "George W. Bush"}
    assert set(bushes) <= set(kb.by_surname("bush"))


def test_us_officials_after_2014_come_from_the_us_list(kb: ActorKB) -> None:
    trump = one(kb.lookup("Donald Trump"))
    assert trump.source == "us_officials"
    assert trump.code_at("2018-03-01") == "USAGOV" and trump.code_at("2022-03-01") is None
    sanders = one(kb.lookup("Bernie Sanders"))
    assert sanders is one(kb.lookup("Bernard Sanders")) and sanders.id == "us:S000033"
    assert sanders.code_at("2020-01-01") == "USALEG"


def test_countries_organisations_and_groups(kb: ActorKB) -> None:
    afghanistan = one(kb.lookup("Afghanistan"))
    assert afghanistan.kind == "country" and afghanistan.code_at(None) == "AFG"
    assert one(kb.lookup("Afghan")) is afghanistan  # Phoenix's country-level synonyms
    nato = one(kb.lookup("NATO"))
    assert nato.kind == "organization" and nato is one(kb.lookup("North Atlantic Treaty Organization"))
    assert one(kb.lookup("Free Syrian Army")).kind == "group"


def test_role_splits_a_code_into_country_and_sector() -> None:
    assert (Role("USAGOV", None, None).country, Role("USAGOV", None, None).sector) == ("USA", "GOV")
    assert (Role("IGOUNO", None, None).country, Role("IGOUNO", None, None).sector) == (None, "UNO")
    assert (Role("IMGMUSALQ", None, None).country, Role("IMGMUSALQ", None, None).sector) == (None, "MUSALQ")
    assert (Role("ELI", None, None).country, Role("ELI", None, None).sector) == (None, "ELI")
    assert Role("AFG", None, None).sector == "AFG"


def test_tabari_dates() -> None:
    assert parse_date("090120") == "2009-01-20"
    assert parse_date("300101") == "2030-01-01" and parse_date("310101") == "1931-01-01"
    assert parse_date("19411207") == "1941-12-07"
    for bad in ("2004017", "1920030320", "100231"):
        with pytest.raises(ValueError):
            parse_date(bad)


def test_display_names() -> None:
    assert display_name(words_of("VLADIMIR_PUTIN_")) == "Vladimir Putin"
    assert display_name(words_of("BASHAR_AL-ASSAD")) == "Bashar al-Assad"
    assert display_name(words_of("JOHN_MCCAIN")) == "John McCain"
    assert display_name(words_of("CHARLES_DE_GAULLE_")) == "Charles de Gaulle"
    assert display_name(words_of("GEORGE_W._BUSH_")) == "George W. Bush"
    assert display_name(words_of("COTE_D'IVOIRE_"), "country") == "Cote d'Ivoire"
    assert display_name(words_of("UNITED_NATIONS_CHILDREN'S_FUND_"), "organization") == "United Nations Children's Fund"
    assert display_name(words_of("NATO_"), "organization") == "NATO"


def test_agents_map_role_nouns_to_code_fragments(kb: ActorKB) -> None:
    assert kb.agent("policemen") == "COP" and kb.agent("police") == "COP"
    assert kb.agent("protesters") == "OPP"
    assert kb.agent("Foreign Ministers") == "GOV"
    assert kb.agent("peacekeeping troops") == "IGO" and kb.agent_prefixes("peacekeeping troops")
    assert not kb.agent_prefixes("policemen")
    assert kb.agent("zebra") is None


def test_a_user_file_in_tabari_format_adds_an_actor_with_a_dated_role(tmp_path: Path, kb: ActorKB) -> None:
    path = tmp_path / "my_actors.txt"
    path.write_text(USER_FILE, encoding="utf-8")
    mine = ActorKB.load(extra=[path])
    zelensky = one(mine.lookup("Volodymyr Zelensky"))
    assert zelensky is one(mine.lookup("Volodymyr Zelenskyy"))
    assert (zelensky.id, zelensky.kind, zelensky.source) == ("user:VOLODYMYR_ZELENSKYY", "person", "user")
    assert zelensky.code_at("2022-02-24") == "UKRGOV"
    assert zelensky.code_at("2015-01-01") == "UKRELI"
    assert zelensky in mine.by_surname("Zelenskyy")
    assert one(mine.lookup("Zorian Kvas")).kind == "person"
    assert one(mine.lookup("Azov Liberation Front")).kind == "group"
    assert len(mine) == len(kb) + 3 and kb.lookup("Volodymyr Zelensky") == ()  # the shipped KB is untouched
    assert ActorKB.load(extra=[path]) is mine


def test_a_user_file_replaces_a_shipped_actor_of_the_same_name(tmp_path: Path, kb: ActorKB) -> None:
    path = tmp_path / "override.jsonl"
    record = {"name": "Vladimir Putin", "kind": "person", "roles": [["RUSGOV", "2012-05-07", None]]}
    path.write_text(json.dumps(record) + "\n", encoding="utf-8")
    mine = ActorKB.load(extra=[str(path)])
    putin = one(mine.lookup("Vladimir Putin"))
    assert putin.source == "user" and putin.code_at("1995-01-01") is None
    assert len(mine) == len(kb)


def test_default_kb_reads_newsweave_actors(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "mine.txt"
    path.write_text(USER_FILE, encoding="utf-8")
    monkeypatch.setenv("NEWSWEAVE_ACTORS", str(path))
    assert default_kb().lookup("Volodymyr Zelenskyy")
    monkeypatch.delenv("NEWSWEAVE_ACTORS")
    assert not default_kb().lookup("Volodymyr Zelenskyy")


def test_the_build_is_deterministic(tmp_path: Path) -> None:
    if not (SOURCES / "petrarch2").is_dir():
        pytest.skip(f"the actor dictionaries are not at {SOURCES}")
    spec = importlib.util.spec_from_file_location("build_actors", ROOT / "scripts" / "build_actors.py")
    assert spec is not None and spec.loader is not None
    builder = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(builder)
    assert builder.main(["--data", str(SOURCES), "--out", str(tmp_path)]) == 0
    built, shipped = (tmp_path / "actors.jsonl.gz").read_bytes(), SHIPPED.read_bytes()
    assert gzip.decompress(built) == gzip.decompress(shipped), "stale index: run python scripts/build_actors.py"
    assert (tmp_path / "ACTORS_LICENSE.md").read_text() == (SHIPPED.parent / "ACTORS_LICENSE.md").read_text()
    assert built[4:8] == b"\0\0\0\0"  # gzip mtime 0
    if built != shipped:  # same content: only the compressor differs
        pytest.skip(f"same content, other gzip bytes under zlib {zlib.ZLIB_RUNTIME_VERSION}")
