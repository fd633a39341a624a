"""Fuse on the seeds: one account per event — claims with independent support, quote groups, disagreements,
timeline, summary.  Model-bound (the seeds are woven with spaCy and MiniLM): marked slow.  The rules one by one, on
hand-built sentences, are in ``test_fuse_rules.py``."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import seed_article_id

from newsweave import Account, Store, Weaver
from newsweave.fuse import agree, quantities
from newsweave.model import Citation, Event, EventAction, QuoteGroup

pytestmark = pytest.mark.slow


def _brussels(account: Account) -> Event:
    return max(account.events, key=lambda e: len(e.articles))


def _words(account: Account, c: Citation) -> str:
    return account.article(c.article).text[c.start:c.end]


def _prefixes(account: Account, citations: tuple[Citation, ...] | list[Citation]) -> set[str]:
    return {Path(account.article(c.article).path).name[:3] for c in citations}


def _group_with(account: Account, event: Event, *phrases: str) -> QuoteGroup:
    for g in event.quote_groups:
        texts = [" ".join(_words(account, c) for c in v.content) for v in g.variants]
        if all(any(p in t for t in texts) for p in phrases):
            return g
    raise AssertionError(f"no quote group holds all of {phrases}")


def test_the_troops_claim_has_three_independent_sources(seeds_account: Account) -> None:
    event = _brussels(seeds_account)
    claim = next(c for c in event.claims if any("100,000" in _words(seeds_account, s) for s in c.support)
                 and len(c.support) > 1)
    assert _prefixes(seeds_account, claim.support) == {"001", "003", "004"}
    assert claim.independent == 3
    assert claim.statement in claim.support


def test_the_troops_claim_rests_on_the_figure_each_report_gives(seeds_account: Account) -> None:
    event = _brussels(seeds_account)
    claim = next(c for c in event.claims if any("100,000" in _words(seeds_account, s) for s in c.support)
                 and len(c.support) > 1)
    assert len(claim.figures) == 3 and all("100,000" in _words(seeds_account, f) for f in claim.figures)
    assert 0.0 < claim.confidence < 1.0


def test_claims_of_several_reports_are_sure_and_consistent(seeds_account: Account) -> None:
    for claim in _brussels(seeds_account).claims:
        if len(claim.support) > 1:
            assert claim.confidence >= 0.7
        else:
            assert claim.confidence == 1.0


def test_claims_are_ordered_by_independent_support(seeds_account: Account) -> None:
    supports = [c.independent for c in _brussels(seeds_account).claims]
    assert supports == sorted(supports, reverse=True)
    assert all(len({s.article for s in c.support}) == len(c.support) for c in _brussels(seeds_account).claims)


def test_stoltenbergs_risk_of_conflict_is_one_utterance_with_its_substitutions(seeds_account: Account) -> None:
    event = _brussels(seeds_account)
    group = _group_with(seeds_account, event, "real risk of an armed conflict", "actual danger of a new armed battle")
    assert group.speaker_name == "Jens Stoltenberg"
    variant = next(v for v in group.variants if "actual danger" in " ".join(_words(seeds_account, c)
                                                                             for c in v.content))
    changes = {(_words(seeds_account, d.variant) if d.variant else "", _words(seeds_account, d.canonical)
                if d.canonical else "") for d in variant.differences}
    assert ("actual danger", "real risk") in changes
    assert ("battle", "conflict") in changes
    dropped = [_words(seeds_account, d.canonical) for d in variant.differences if d.kind == "dropped" and d.canonical]
    assert "if Russia uses force" in dropped  # the canonical's words this rendering leaves out
    assert all(d.variant is None for d in variant.differences if d.kind == "dropped")


def test_shermans_no_commitment_renderings_are_grouped(seeds_account: Account) -> None:
    event = _brussels(seeds_account)
    group = _group_with(seeds_account, event, "no Russian commitment to lower the tension",
                        "no commitment to de-escalation", "no commitment to address the problem")
    assert group.speaker_name == "Wendy Sherman"
    assert {"000", "001", "004"} <= {Path(seeds_account.article(v.article).path).name[:3] for v in group.variants}
    assert group.variants[0].similarity == 1.0 and not group.variants[0].differences


def test_possible_and_absolutely_possible_differ_in_intensity(seeds_account: Account) -> None:
    event = _brussels(seeds_account)
    group = _group_with(seeds_account, event, "“is possible”", "“absolutely possible")
    assert group.speaker_name == "Alexander Grushko"
    assert any("intensity" in v.meaning_changed for v in group.variants[1:])


def test_shermans_titles_are_a_disagreement_with_their_sources(seeds_account: Account) -> None:
    event = _brussels(seeds_account)
    titles = next(d for d in event.disagreements if d.kind == "title" and "Sherman" in d.subject)
    values = {v.value for v in titles.values}
    assert {"US Undersecretary of State", "US Assistant Secretary of State",
            "Deputy Secretary-General of the United States"} <= values
    for v in titles.values:
        assert all(_words(seeds_account, c) == v.value for c in v.citations[:1])
    spun = seed_article_id(seeds_account, "003")
    assert all(v.derived_only for v in titles.values if {c.article for c in v.citations} == {spun})


def test_hedged_numbers_that_agree_are_no_disagreement(seeds_account: Account) -> None:
    (a,) = quantities("nearly four hours of talks")
    (b,) = quantities("practically 4 hours of security talks")
    assert (a.value, a.unit, a.hedged) == (4 * 3600.0, "second", True) and agree(a, b)
    (c,) = quantities("100,000 Russian troops")
    (d,) = quantities("90,000 soldiers")
    assert c.unit == "troop" and not agree(c, d)
    assert not [d for d in _brussels(seeds_account).disagreements if d.kind == "number" and "hour" in d.subject]


def test_timeline_orders_geneva_brussels_vienna(seeds_account: Account) -> None:
    event = _brussels(seeds_account)
    weekdays = [t for t in event.timeline if not t.resolved]
    order = [t.when for t in weekdays]
    assert order.index("Monday") < order.index("Wednesday") < order.index("Thursday")
    monday = next(t for t in weekdays if t.when == "Monday" and "Geneva" in _words(seeds_account, t.statement))
    assert _words(seeds_account, monday.date) == "Monday"
    thursday = [t for t in weekdays if t.when == "Thursday"]
    assert any("Vienna" in _words(seeds_account, t.statement) for t in thursday)
    dated = [t.when for t in event.timeline if t.resolved]
    assert dated == sorted(dated)
    assert all(len(t.when) == 4 for t in event.background)  # years alone: history, apart from the week's events


def test_summary_leads_with_the_meeting_and_is_short_cited_and_non_redundant(seeds_account: Account) -> None:
    event = _brussels(seeds_account)
    assert 1 <= len(event.summary) <= 4
    lead = _words(seeds_account, event.summary[0].statement)
    assert "Brussels" in lead and "Wednesday" in lead
    claims = [s.claim for s in event.summary]
    assert len(set(claims)) == len(claims)
    for s in event.summary:
        analysis = seeds_account.analysis(s.statement.article)
        assert any(x.start == s.statement.start and x.end == s.statement.end for x in analysis.sentences)


def test_a_copy_adds_no_independent_support(tmp_path: Path, weaver: Weaver) -> None:
    original = ("Storm floods river towns\n\nHeavy rain flooded three towns along the river on Monday, forcing "
                "hundreds of families from their homes. The mayor said the water rose faster than at any time in "
                "the last fifty years. Emergency crews used boats to reach people trapped on the upper floors.\n")
    other = ("River towns under water\n\nThree riverside towns were flooded by heavy rain on Monday and hundreds "
             "of families had to leave their homes, officials said. Rescue teams in boats reached residents "
             "stranded upstairs.\n")
    (tmp_path / "a.txt").write_text(original, encoding="utf-8")
    (tmp_path / "b.txt").write_text(original.replace("Storm floods", "Storm swamps"), encoding="utf-8")
    (tmp_path / "c.txt").write_text(other, encoding="utf-8")
    with Store(":memory:") as store:
        account = weaver.weave([tmp_path], store)
    event = max(account.events, key=lambda e: len(e.articles))
    assert len(event.articles) == 3
    flood = next(c for c in event.claims if len(c.support) == 3)
    assert flood.independent == 2  # the copy and its original count once


def test_fusing_is_kept_until_the_event_changes(seeds_store: Path, weaver: Weaver) -> None:
    with Store(seeds_store) as store:
        before = store.fusion_keys()
        weaver.weave([Path(__file__).resolve().parents[1] / "examples" / "nato-russia-2022"], store)
        assert store.fusion_keys() == before
        assert set(before) == {e.id for e in store.events()}


def _action(account: Account, event: Event, kind: str, source: str, target: str | None = None) -> EventAction:
    for a in event.actions:
        if (a.type == kind and a.mode == "" and a.source is not None and a.source.name == source
                and (target is None or (a.target is not None and a.target.name == target))):
            return a
    raise AssertionError(f"no {source} {kind} {target}: " + "; ".join(
        f"{a.source.name if a.source else '-'} {a.type} {a.target.name if a.target else '-'}" for a in event.actions))


def test_russias_demands_of_nato_are_one_action_reported_by_several_sources(seeds_account: Account) -> None:
    demand = _action(seeds_account, _brussels(seeds_account), "DEMAND", "Russia", "NATO")
    assert demand.independent >= 2 and len(demand.support) >= 2
    assert demand.source is not None and demand.source.entity is not None  # linked: Moscow, Russia, Russians
    assert all(_words(seeds_account, t) for t in demand.triggers)


def test_nato_rejecting_russia_is_coded_with_its_sources(seeds_account: Account) -> None:
    reject = _action(seeds_account, _brussels(seeds_account), "REJECT", "NATO", "Russia")
    assert any("reject" in _words(seeds_account, t).lower() for t in reject.triggers)


def test_grushkos_warning_of_military_means_is_a_threat(seeds_account: Account) -> None:
    threat = _action(seeds_account, _brussels(seeds_account), "THREATEN", "Alexander Grushko")
    assert any("military means" in _words(seeds_account, c) for c in threat.support)


def test_negated_actions_are_kept_apart_from_the_ones_that_happened(seeds_account: Account) -> None:
    for event in seeds_account.events:
        keys = [(a.type, a.mode, a.source, a.target) for a in event.actions]
        assert len(keys) == len(set(keys))
        for a in event.actions:
            assert a.mode in ("", "negated", "hypothetical") and "negated" not in a.modes


@pytest.mark.parametrize("section", ["Summary", "Claims stated by more than one report", "Quotes across reports",
                                     "Where the reports disagree", "Who did what", "Timeline"])
def test_report_shows_the_fused_event(seeds_account: Account, section: str) -> None:
    from newsweave.render import render_html

    assert f"<h4>{section}</h4>" in render_html(seeds_account)


def test_people_act_for_the_side_their_titles_name_and_never_on_it(seeds_account: Account) -> None:
    event = _brussels(seeds_account)
    sides = {a.source.name: a.source.affiliation for a in event.actions if a.source is not None}
    assert sides["Alexander Grushko"] == "Russia" and sides["Jens Stoltenberg"] == "NATO"
    for a in event.actions:
        if a.source is not None and a.target is not None:
            assert a.target.name != a.source.name and a.target.name != a.source.affiliation


def test_a_date_is_never_an_actor(seeds_account: Account) -> None:
    names = {p.name for e in seeds_account.events for a in e.actions for p in (a.source, a.target) if p is not None}
    assert not names & {"Wednesday", "Thursday", "Monday", "last month"}
