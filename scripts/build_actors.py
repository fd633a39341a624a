"""Build newsweave's political-actor index: ``src/newsweave/data/actors.jsonl.gz`` and ``ACTORS_LICENSE.md``.

    .venv/bin/python scripts/build_actors.py [--data ../shared/data/actors_verbs] [--out src/newsweave/data]

Sources (see that folder's README): the PETRARCH-2 / Phoenix actor dictionaries (Countries, International,
MilNonState) and agents dictionary, MIT, openeventdata/petrarch2 @ 676801cd; and the US presidents,
vice-presidents and current members of Congress (``us_officials/officials.jsonl``, derived from
executive.yaml and legislators-current.yaml), CC0, unitedstates/congress-legislators @ dfa96222.
The data folder defaults to $NEWSWEAVE_DATA/actors_verbs, else ../shared/data/actors_verbs beside the repo.

What it does, in order (the reading and naming rules live in ``newsweave.actorkb``):
1. reads every record (PETRARCH rules: primary lines before the first code join the record);
2. learns given names (first words of the ``# CountryInfo.txt`` people and of the US officials) and the
   nationality adjectives and country phrases that may lead a person's alias ("Russian President …");
3. makes an actor of each record — CountryInfo and IGOrulers entries are people, the rest is classified by
   ``actorkb.classify`` — and drops Kinakuta (KNT), TABARI's fictional test country;
4. merges records of one primary phrase and kind (the same entry listed twice, e.g. in Countries and in
   International) unless two people share no country: those are namesakes, kept apart ("…~2");
5. adds the US officials (USAGOV for a president's or vice-president's terms, USALEG for Congress terms,
   consecutive terms joined) and merges each with the Phoenix person of the same names whose US roles
   overlap its terms; Phoenix's open roles (``BARACK_OBAMA [USAGOV >090120]``) are closed at the term's end;
6. gives people who share a name a longer alias as their name ("George H. W. Bush" vs "George W. Bush");
7. expands the agents (``!PERSON!`` substitutions, {irregular} plurals, generated plurals) into a form → code
   table, the first entry in file order winning;
8. writes one JSON record per line — a meta record (given names, titles, sources), actors sorted by id,
   agents by code — gzip'd with mtime 0, so the same sources give the same bytes.
"""

from __future__ import annotations

import argparse
import gzip
import io
import json
import os
import re
import sys
from collections import Counter
from collections.abc import Iterable
from dataclasses import fields, replace
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from newsweave.actorkb import (
    ORG_WORDS,
    PARTICLES,
    TITLES,
    Block,
    KnownActor,
    Role,
    actor_from_block,
    classify,
    read_tabari,
    strip_titles,
    words_of,
)
from newsweave.gazetteer import fold

ROOT = Path(__file__).resolve().parents[1]
PHOENIX = ("Phoenix.Countries.actors.txt", "Phoenix.International.actors.txt", "Phoenix.MilNonState.actors.txt")
PETRARCH_COMMIT = "676801cd9cb2924bbbad09f86d15c9323e7097bf"
LEGISLATORS_COMMIT = "dfa9622263dd4c8d08636926e498f1845704d7eb"
DEMONYM = re.compile(r"(?:AN|IAN|ESE|ISH|I|CH|EK|SS|IC|OT|ER)$")


def default_data() -> Path:
    env = os.environ.get("NEWSWEAVE_DATA")
    return Path(env) / "actors_verbs" if env else ROOT.parent / "shared" / "data" / "actors_verbs"


def read_phoenix(data: Path) -> list[tuple[str, Block]]:
    blocks: list[tuple[str, Block]] = []
    for name in PHOENIX:
        text = (data / "petrarch2" / name).read_text(encoding="utf-8", errors="replace")
        blocks += [(name.split(".")[1], b) for b in read_tabari(text.splitlines())]
    return blocks


def is_listed_person(block: Block) -> bool:
    """CountryInfo (national office holders) and IGOrulers (heads of IGOs) list individuals only; MilNonState
    notes its people ("# spiritual leader of jemaah islamiyah", "# member jma")."""
    notes = re.compile(r"countryinfo|igorulers|\b(?:leader|member|commander|founder)\b", re.I)
    return any(notes.search(c) for c in block.comments)


def given_names(blocks: Iterable[Block], officials: Iterable[dict[str, Any]]) -> set[str]:
    counts: Counter[str] = Counter()
    for block in blocks:
        words = strip_titles(words_of(block.phrases[0]))
        if len(words) > 1 and words[0].isalpha() and len(words[0]) > 1 and words[0].lower() not in PARTICLES:
            counts[words[0]] += 1
    names = {w for w, n in counts.items() if n >= 2}
    for official in officials:
        names |= {w for key in ("first", "nickname") for w in (official.get(key) or "").upper().split() if len(w) > 1}
    return names - ORG_WORDS - TITLES - {p.upper() for p in PARTICLES}


def country_titles(blocks: Iterable[Block], first_names: set[str]) -> set[str]:
    """Nationality adjectives and country phrases that may precede a title ("RUSSIAN", "UNITED STATES")."""
    titles: set[str] = set()
    for block in blocks:
        for phrase in block.phrases:
            words = words_of(phrase)
            if words and DEMONYM.search(words[-1]) and len(words) <= 3 and words[0] not in first_names:
                titles.add(" ".join(words))
        words = words_of(block.phrases[0])
        if len(words) > 1:
            titles.add(" ".join(words))
    return titles


def merge(actors: list[KnownActor], name: str | None = None, **changes: Any) -> KnownActor:
    first = actors[0]
    aliases = [a for x in actors for a in (x.name, *x.aliases)]
    name = name or first.name
    seen: set[str] = {fold(name)} if (first.kind != "person" or " " in fold(name)) else set()
    return replace(first, name=name, aliases=unique(aliases, seen, first.kind != "person"),
                   surnames=tuple(dict.fromkeys(s for x in actors for s in x.surnames)),
                   roles=tuple(dict.fromkeys(r for x in actors for r in x.roles)), **changes)


def unique(items: Iterable[str], seen: set[str], single: bool = False) -> tuple[str, ...]:
    """Distinct (by fold) names; one-word names only when ``single`` (a person's are surnames)."""
    out = []
    for item in items:
        key = fold(item)
        if key and (single or " " in key) and key not in seen:
            seen.add(key)
            out.append(item)
    return tuple(out)


def same_entity(a: KnownActor, b: KnownActor) -> bool:
    """Two records of one name are one actor when of one kind and sharing a code's first block (a country,
    IGO, NGO …); a person whose only codes are international ones joins any namesake's record."""
    if a.kind != b.kind:
        return False
    ours, theirs = {r.country for r in a.roles} - {None}, {r.country for r in b.roles} - {None}
    if a.kind == "person" and (not ours or not theirs):
        return True
    return bool({r.code[:3] for r in a.roles} & {r.code[:3] for r in b.roles})


def merge_duplicates(actors: list[KnownActor]) -> list[KnownActor]:
    """One actor per name (folded) and entity; namesakes of one primary phrase get ids "…~2", "…~3"."""
    groups: dict[str, list[list[KnownActor]]] = {}
    for actor in actors:
        clusters = groups.setdefault(fold(actor.name) or actor.id, [])
        for cluster in clusters:
            if same_entity(cluster[0], actor):
                cluster.append(actor)
                break
        else:
            clusters.append([actor])
    out, used = [], Counter[str]()
    for cluster in (c for clusters in groups.values() for c in clusters):
        ident = cluster[0].id
        used[ident] += 1
        ident = ident if used[ident] == 1 else f"{ident}~{used[ident]}"
        others = tuple(dict.fromkeys(x.id for x in cluster if x.id != cluster[0].id))
        out.append(merge(cluster, id=ident, ids=others))
    return out


def ranges(terms: Iterable[dict[str, Any]], slack: int = 31) -> list[tuple[str, str]]:
    """Terms joined when one starts within ``slack`` days of the previous one's end."""
    out: list[tuple[str, str]] = []
    for term in sorted(terms, key=lambda t: t["start"]):
        if out and date.fromisoformat(term["start"]) <= date.fromisoformat(out[-1][1]) + timedelta(days=slack):
            out[-1] = (out[-1][0], max(out[-1][1], term["end"]))
        else:
            out.append((term["start"], term["end"]))
    return out


def official_actor(o: dict[str, Any]) -> tuple[KnownActor, dict[str, list[tuple[str, str]]]]:
    ident = o["bioguide"] or o["wikidata"] or fold(o["name"]).replace(" ", "-")
    spans = {"USAGOV": ranges(t for t in o["terms"] if t["type"] in ("prez", "viceprez")),
             "USALEG": ranges(t for t in o["terms"] if t["type"] in ("sen", "rep"))}
    roles = tuple(Role(code, a, b) for code, pairs in spans.items() for a, b in pairs)
    name = f"{o['nickname']} {o['last']}" if o.get("nickname") else o["name"]
    names = [re.sub(r"\s*\(.*?\)", "", n).strip() for n in (name, o["name"], *o["aliases"])]
    ids = tuple(f"{k}:{o[k]}" for k in ("bioguide", "wikidata") if o.get(k))
    surnames = tuple(dict.fromkeys([fold(o["last"])] + [fold(n) for n in names if " " not in fold(n)]))
    actor = KnownActor(f"us:{ident}", name, "person", unique(names, {fold(name)}), surnames, roles,
                       (o.get("gender") or "").lower() or None, "us_officials", ids, o.get("party"))
    return actor, spans


def close_open_roles(roles: Iterable[Role], spans: dict[str, list[tuple[str, str]]]) -> list[Role]:
    """Phoenix's open US roles end where the US term that contains their start ends."""
    out = []
    for role in roles:
        pairs = spans["USALEG"] if "LEG" in role.code else spans["USAGOV"] if role.code == "USAGOV" else []
        if role.code.startswith("USA") and role.start and role.end is None:
            early = (date.fromisoformat(role.start) + timedelta(days=60)).isoformat()
            end = next((b for a, b in pairs if a <= early and role.start <= b), None)
            role = Role(role.code, role.start, end) if end else role
        out.append(role)
    return out


def overlaps(roles: Iterable[Role], spans: dict[str, list[tuple[str, str]]]) -> bool | None:
    """Whether a Phoenix person's dated US roles meet the official's terms (None: no dated US role)."""
    dated = [r for r in roles if r.code.startswith("USA") and (r.start or r.end)]
    if not dated:
        return None
    terms = [p for pairs in spans.values() for p in pairs]
    return any((r.start or "0000") <= b and a <= (r.end or "9999") for r in dated for a, b in terms)


def keys(actor: KnownActor) -> set[str]:
    """Folded full names, and "~first last" (middle names and initials dropped) as looser keys."""
    suffixes = {"jr", "sr", "ii", "iii", "iv"}
    names = [[w for w in fold(n).split() if w not in suffixes] for n in (actor.name, *actor.aliases)]
    return {" ".join(w) for w in names if len(w) > 1} | {f"~{w[0]} {w[-1]}" for w in names if len(w) > 1}


def add_officials(actors: list[KnownActor], officials: list[dict[str, Any]]) -> tuple[list[KnownActor], int]:
    index: dict[str, list[KnownActor]] = {}
    for actor in actors:
        if actor.kind == "person" and any(r.code.startswith("USA") for r in actor.roles):
            for key in keys(actor):
                index.setdefault(key, []).append(actor)
    built = [official_actor(o) for o in officials]
    pairs = []
    for n, (us, spans) in enumerate(built):
        names = keys(us)
        for cand in {c.id: c for key in names for c in index.get(key, ())}.values():
            meet = overlaps(cand.roles, spans)
            shared = names & keys(cand)
            if meet is False or not (meet or {k for k in shared if not k.startswith("~")}):
                continue  # US roles in other years; or first and last name only, with no dated US role
            pairs.append((len(shared) + 2 * (fold(cand.name) in names) + 2 * bool(meet), n, cand.id))
    taken_us: set[int] = set()
    matched: dict[str, int] = {}
    for _, n, pid in sorted(pairs, key=lambda p: (-p[0], p[1], p[2])):
        if n not in taken_us and pid not in matched:
            taken_us.add(n)
            matched[pid] = n
    out = []
    for actor in actors:
        if actor.id in matched:
            us, spans = built[matched[actor.id]]
            phoenix = replace(actor, roles=tuple(close_open_roles(actor.roles, spans)))
            out.append(merge([us, phoenix], name=actor.name, ids=(*us.ids, actor.id, *actor.ids),
                             source="phoenix+us_officials"))
        else:
            out.append(actor)
    out += [us for n, (us, _) in enumerate(built) if n not in taken_us]
    return out, len(matched)


def disambiguate(actors: list[KnownActor]) -> list[KnownActor]:
    """A person whose name another person also goes by takes their shortest longer alias of the same first and
    last word as a name ("George Bush" → "George H. W. Bush", since George W. Bush is called "George Bush")."""
    by_name: dict[str, set[int]] = {}
    for i, actor in enumerate(actors):
        if actor.kind == "person":
            for key in {fold(n) for n in (actor.name, *actor.aliases)}:
                by_name.setdefault(key, set()).add(i)
    for key, members in sorted(by_name.items()):
        for i in sorted(members) if len(members) > 1 else ():
            if fold(actors[i].name) != key:
                continue
            actor, words = actors[i], fold(actors[i].name).split()
            longer = [a for a in actor.aliases if len(fold(a).split()) > len(words)
                      and fold(a).split()[0] == words[0] and fold(a).split()[-1] == words[-1]]
            if longer:
                name = min(longer, key=lambda a: (len(a), a))
                actors[i] = replace(actor, name=name, aliases=(actor.name, *(a for a in actor.aliases if a != name)))
    return actors


def plural(phrase: str) -> str:
    head, _, last = phrase.rpartition(" ")
    if last.endswith("MAN") and last not in {"HUMAN", "GERMAN", "ROMAN", "OTTOMAN", "SHAMAN"}:
        last = last[:-3] + "MEN"
    elif last.endswith(("S", "SH", "CH", "X", "Z")):
        last += "ES"
    elif last.endswith("Y") and last[-2:-1] not in tuple("AEIOU"):
        last = last[:-1] + "IES"
    else:
        last += "S"
    return f"{head} {last}".strip()


def read_agents(path: Path) -> dict[str, str]:
    """Form (folded) → code ("~COP", "IGO~"); the first entry of a form in file order wins."""
    subs: dict[str, list[str]] = {}
    table: dict[str, str] = {}
    for raw in path.read_text(encoding="utf-8", errors="replace").splitlines():
        body = raw.partition("#")[0].strip()
        if not body or raw.startswith("<!"):
            continue
        if "=" in body and "[" not in body and body.startswith("!"):
            name, _, values = body.partition("=")
            subs[name.strip().strip("!")] = [v.strip() for v in values.split(",") if v.strip()]
            continue
        phrase, _, rest = body.partition("[")
        code = rest.partition("]")[0].strip()
        if not code:
            continue
        irregular: str | None = None
        if "{" in phrase:
            phrase, _, tail = phrase.partition("{")
            irregular = tail.partition("}")[0].replace("_", " ").strip()
        phrase = " ".join(phrase.replace("_", " ").split())
        found = re.search(r"!(\w+)!", phrase)
        if found:  # substitutions get no further plural ("POLICE!PERSON!" → policeman, policemen …)
            forms = [phrase.replace(found.group(0), s) for s in subs.get(found.group(1), ())]
        else:
            forms = [phrase, plural(phrase) if irregular is None else irregular]
        for form in forms:
            if fold(form):
                table.setdefault(fold(form), code)
    return table


def to_record(actor: KnownActor) -> dict[str, Any]:
    """An actor's line in the index (``actorkb.from_record`` reads it back); empty fields are left out."""
    record = {f.name: getattr(actor, f.name) for f in fields(actor)}
    record["roles"] = [[r.code, r.start, r.end] for r in actor.roles]
    return {k: list(v) if isinstance(v, tuple) else v for k, v in record.items() if v}


def license_text(data: Path) -> str:
    mit = (data / "petrarch2" / "LICENSE").read_text(encoding="utf-8").strip()
    return f"""# Licences of the shipped actor index (`actors.jsonl.gz`)

`actors.jsonl.gz` is derived data: names, aliases and dated CAMEO actor codes re-expressed by
`scripts/build_actors.py`. It combines two sources.

## Phoenix / PETRARCH-2 actor and agent dictionaries — MIT

github.com/openeventdata/petrarch2, commit {PETRARCH_COMMIT},
petrarch2/data/dictionaries/Phoenix.Countries.actors.txt, Phoenix.International.actors.txt,
Phoenix.MilNonState.actors.txt and Phoenix.agents.txt. The dictionary headers carry the MIT licence with
"Copyright (c) 2014 Open Event Data Alliance"; the repository's LICENSE reads:

```
{mit}
```

## US presidents, vice-presidents and members of Congress — CC0 1.0

github.com/unitedstates/congress-legislators, commit {LEGISLATORS_COMMIT}, executive.yaml and
legislators-current.yaml: dedicated to the public domain under the Creative Commons CC0 1.0 Universal
public-domain dedication (https://creativecommons.org/publicdomain/zero/1.0/). No attribution is required;
it is given here as a courtesy to the @unitedstates project.
"""


def build(data: Path) -> tuple[bytes, str, dict[str, Any]]:
    phoenix = [(tag, b) for tag, b in read_phoenix(data) if not any(r.code.startswith("KNT") for r in b.roles)]
    text = (data / "us_officials" / "officials.jsonl").read_text(encoding="utf-8")
    officials = [json.loads(line) for line in text.splitlines() if line.strip()]
    listed = [b for _, b in phoenix if is_listed_person(b)]
    first_names = given_names(listed, officials)
    country_blocks = [b for tag, b in phoenix if tag == "Countries" and not is_listed_person(b)
                      and classify([words_of(b.phrases[0])], b.roles) == "country"]
    titles = country_titles(country_blocks, first_names) | {"UNITED STATES", "UNITED NATIONS"}
    actors = [a for _, b in phoenix if (a := actor_from_block(
        b, "phoenix", "phoenix:", first_names=first_names, titles=titles, person=is_listed_person(b))) is not None]
    actors = merge_duplicates(actors)
    actors, merged = add_officials(actors, officials)
    actors = sorted(disambiguate(actors), key=lambda a: a.id)
    agents = read_agents(data / "petrarch2" / "Phoenix.agents.txt")
    counts = Counter(a.kind for a in actors)
    stats = {"actors": len(actors), **counts, "agent_forms": len(agents), "agent_codes": len(set(agents.values())),
             "us_officials": len(officials), "us_merged": merged,
             "dropped_restrictions": sum(b.dropped for _, b in phoenix)}
    meta = {"kind": "meta", "first_names": sorted(first_names), "titles": sorted(titles),
            "sources": {"petrarch2": PETRARCH_COMMIT, "congress-legislators": LEGISLATORS_COMMIT}}
    lines = [meta, *(to_record(a) for a in actors)]
    by_code: dict[str, list[str]] = {}
    for form, code in agents.items():
        by_code.setdefault(code, []).append(form)
    lines += [{"kind": "agent", "code": code, "forms": sorted(forms)} for code, forms in sorted(by_code.items())]
    payload = "".join(json.dumps(x, ensure_ascii=False, sort_keys=True, separators=(",", ":")) + "\n" for x in lines)
    buffer = io.BytesIO()
    with gzip.GzipFile(filename="", mode="wb", fileobj=buffer, compresslevel=9, mtime=0) as handle:
        handle.write(payload.encode("utf-8"))
    return buffer.getvalue(), license_text(data), stats


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=default_data(), help="the actors_verbs folder")
    parser.add_argument("--out", type=Path, default=ROOT / "src" / "newsweave" / "data", help="output folder")
    args = parser.parse_args(argv)
    if not (args.data / "petrarch2").is_dir():
        print(f"no actor dictionaries under {args.data}", file=sys.stderr)
        return 1
    blob, licence, stats = build(args.data)
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "actors.jsonl.gz").write_bytes(blob)
    (args.out / "ACTORS_LICENSE.md").write_text(licence, encoding="utf-8")
    print(json.dumps({**stats, "bytes": len(blob)}, sort_keys=True))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
