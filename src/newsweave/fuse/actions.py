"""Actions: the PLOVER actions the map stage coded in each report, merged across the event's reports.

Actions are merged when of the same type, mode (actual / negated / hypothetical) and between the same actors
(entities, so "Moscow", "the Kremlin" and "Russian negotiators" are Russia), with every sentence reporting them,
their trigger words and independent sources.  Actions below the coder's confidence threshold are not told.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import replace

from ..actions import shown
from ..lexicon import ACTOR_PRONOUNS, DEMONSTRATIVES
from ..model import Action, ActorRef, Analysis, Citation, EventAction, Party, content_id
from .context import FuseContext


def merge_actions(ctx: FuseContext) -> list[EventAction]:
    """The event's coded actions merged by (type, actual / negated / hypothetical, actor, recipient),
    each with every sentence reporting it; best supported first."""
    coded: list[tuple[str, Action, list[str]]] = []
    parties: dict[str, Party] = {}
    # each report votes once for a party's side, however many of its actions name it: one report's
    # "Alliance Secretary-General" must not outvote every other report's "NATO Secretary General"
    voters: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    for aid, analysis in ctx.analyses.items():
        text = ctx.articles[aid].text
        for action in analysis.actions:
            keys = []
            for ref in (action.source, action.target):
                if ref is not None and any(d.start < ref.end and ref.start < d.end for d in analysis.dates):
                    ref = None  # a date is nobody ("Wednesday's talks")
                key, party = _party(ctx, text, ref)
                keys.append(key)
                if party is not None:
                    parties.setdefault(key, party)
                    if ref is not None and ref.affiliation:
                        voters[key][ref.affiliation].add(aid)
            if shown(action):  # below the coder's confidence threshold: kept in the analysis, not told
                coded.append((aid, action, keys))  # (its actors' titles still count as affiliation evidence)
    for key, seen in voters.items():
        best = Counter({side: len(reports) for side, reports in seen.items()}).most_common(1)[0][0]
        if best != parties[key].name:
            parties[key] = replace(parties[key], affiliation=best)
    groups: dict[tuple[str, str, str, str], list[tuple[str, Action]]] = defaultdict(list)
    for aid, action, (source, target) in coded:
        if target and (target == source or (source in parties and parties[source].affiliation is not None
                                            and parties[source].affiliation == parties[target].name)):
            target = ""  # no one acts on their own side: "Grushko insisted that Russia …" names no recipient
        if not source and not target:
            continue  # nobody known on either side
        mode = action.mode if action.mode in ("negated", "hypothetical") else ""
        groups[(action.type, mode, source, target)].append((aid, action))
    _fill_unknown_parties(groups)
    out = []
    for (kind, mode, source, target), found in groups.items():
        support: dict[tuple[str, int], Citation] = {}
        triggers, dates, places = [], [], []
        for aid, action in found:
            sentence = _sentence_at(ctx.analyses[aid], action.trigger.start)
            support.setdefault((aid, sentence[0]), Citation(aid, *sentence))
            triggers.append(Citation(aid, action.trigger.start, action.trigger.end))
            if action.date is not None:
                dates.append(Citation(aid, action.date.start, action.date.end))
            if action.place is not None:
                places.append(Citation(aid, action.place.start, action.place.end))
        cites = sorted(support.values(), key=lambda c: (-ctx.originality(c.article), c.article, c.start))
        modes = sorted({a.mode for _, a in found if a.mode and a.mode != mode})
        out.append(EventAction(
            content_id("a", kind, mode, source, target), kind, mode, parties.get(source), parties.get(target),
            cites[0], tuple(sorted(cites, key=lambda c: (c.article, c.start))), tuple(triggers),
            ctx.independent([c.article for c in cites]), tuple(modes), tuple(dates), tuple(places)))
    out.sort(key=lambda a: (-a.independent, -len(a.support), a.statement.article, a.statement.start))
    return out


UNRESOLVED = ACTOR_PRONOUNS | DEMONSTRATIVES | {"you"}
"""Actor words that name nobody unless resolved to a name."""


def _fill_unknown_parties(groups: dict[tuple[str, str, str, str], list[tuple[str, Action]]]) -> None:
    """An action whose recipient (or actor) a report leaves unsaid joins the one action of its type, mode and
    actor (recipient) that names one: "Moscow's demands" in an event where Russia demands things of NATO only.
    With several candidates it stays apart: the event does not say which is meant."""
    for side in (3, 2):  # recipient unknown, then actor unknown
        for key in [k for k in groups if k[side] == "" and k[5 - side] != ""]:
            same = [k for k in groups if k[:2] == key[:2] and k[5 - side] == key[5 - side] and k[side] != ""]
            if len(same) == 1:
                groups[same[0]].extend(groups.pop(key))


def _party(ctx: FuseContext, text: str, ref: ActorRef | None) -> tuple[str, Party | None]:
    """An actor's merge key (its entity, else its folded name) and how it is shown (the entity's name)."""
    if ref is None:
        return "", None
    entity = ctx.entities.get(ref.entity) if ref.entity else None
    if entity is not None:
        return entity.id, Party(entity.name, entity.id)
    name = ref.name or " ".join(text[ref.start:ref.end].split())
    if not ref.name and name.lower() in UNRESOLVED:
        return "", None  # "it", "they": nobody known
    if not ref.code and not ref.name:
        # Words that link to no entity, stand for no one and carry no CAMEO actor code ("its expansion",
        # "dialogue", "3,000 troops and hundreds of tanks") name no actor: as PETRARCH codes an event only between
        # actors its dictionaries know, the account tells who did what only of actors a reader can identify.
        return "", None
    named = next((e for e in ctx.entities.values() if e.name == name), None)  # "Russia" when only named so
    if named is not None:
        return named.id, Party(named.name, named.id)
    return "t:" + name.lower(), Party(name)


def _sentence_at(analysis: Analysis, offset: int) -> tuple[int, int]:
    """The sentence holding a character offset (the offset alone when none does)."""
    for s in analysis.sentences:
        if s.start <= offset < s.end:
            return s.start, s.end
    return offset, offset
