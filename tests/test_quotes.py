"""Who said what: quotation marks of every style, split and broken quotes, indirect speech, speakers."""

from __future__ import annotations

import pytest

from newsweave import Account, Weaver
from newsweave.clean import strip_accents
from newsweave.model import Analysis, Article, Quote, QuoteKind
from newsweave.quotes import quoted_spans


def analyse(weaver: Weaver, text: str) -> tuple[Article, Analysis]:
    article = Article(id="a" + "0" * 16, path="test.txt", text=text)
    (_, analysis, _doc), = weaver.analyzer.analyze([article])
    return article, analysis


def said(article: Article, q: Quote) -> tuple[str, str | None, str | None, str | None]:
    """(content, speaker words, resolved name, cue) of a quote, as text."""
    t = article.text
    sp = q.speaker
    return (" … ".join(t[p.start:p.end] for p in q.pieces),
            t[sp.start:sp.end] if sp else None,
            t[sp.name.start:sp.name.end] if sp and sp.name else None,
            t[q.cue.start:q.cue.end] if q.cue else None)


@pytest.mark.parametrize("opening,closing", [("“", "”"), ('"', '"'), ("«", "»"), ("„", "“"), ("‘", "’")])
def test_every_quotation_mark_style_gives_a_direct_quote_with_its_speaker(weaver: Weaver, opening: str,
                                                                           closing: str) -> None:
    text = f"Minister Anna Berg spoke after the summit.\n\n{opening}We will not sign this agreement today,{closing} " \
           f"Berg told reporters."
    article, analysis = analyse(weaver, text)
    (q,) = [q for q in analysis.quotes if q.kind is QuoteKind.DIRECT]
    content, speaker, name, cue = said(article, q)
    assert content == "We will not sign this agreement today,"
    assert (speaker, name, cue) == ("Berg", "Berg", "told reporters")


def test_a_quote_split_by_its_attribution_is_one_utterance_in_two_pieces(weaver: Weaver) -> None:
    text = "“We are ready to sit down,” Jens Stoltenberg told reporters. “And we hope Russia will come back.”"
    article, analysis = analyse(weaver, text)
    (q,) = analysis.quotes
    assert len(q.pieces) == 2
    content, _, name, cue = said(article, q)
    assert content == "We are ready to sit down, … And we hope Russia will come back."
    assert name == "Jens Stoltenberg" and cue == "told reporters"


def test_a_quote_running_over_paragraphs_continues_without_a_closing_mark(weaver: Weaver) -> None:
    text = ("Maria Lindqvist, the envoy, said: “The first round of talks went well and both sides were candid.\n\n"
            "“The second round will decide whether there is a deal at all.”")
    article, analysis = analyse(weaver, text)
    (q,) = analysis.quotes
    assert len(q.pieces) == 2 and said(article, q)[2] == "Maria Lindqvist"


@pytest.mark.parametrize("text,content", [
    # the closing mark glued to the attribution, as machine translation leaves it
    ("“Growth only moves the lines, it does not remove them, “he said.",
     "Growth only moves the lines, it does not remove them,"),
    ("“They may not know it yet, ”admitted the official.", "They may not know it yet,"),
])
def test_misplaced_closing_marks_still_close_their_quote(weaver: Weaver, text: str, content: str) -> None:
    article, analysis = analyse(weaver, "Peter Holm met the delegation on Monday.\n\n" + text)
    (q,) = [q for q in analysis.quotes if q.kind is QuoteKind.DIRECT]
    assert said(article, q)[0] == content
    assert said(article, q)[3] in ("said", "admitted")


def test_a_missing_closing_mark_does_not_swallow_the_paragraph() -> None:
    text = "The talks were “difficult”, “frank”, “necessary, “open” according to the chairman, who left early."
    spans = [text[q.start:q.end] for q in quoted_spans(text)]
    assert spans == ["difficult", "frank", "necessary,", "open"]


def test_an_unbalanced_quote_in_a_broken_article_never_crashes_the_analysis(weaver: Weaver) -> None:
    text = "“ ” \" „ « » ‘ ’ '\n\n”Strange ”marks“ everywhere,“ he said, “and no end\n\n»"
    _, analysis = analyse(weaver, text)
    for q in analysis.quotes:
        assert 0 <= q.start < q.end <= len(text)


def test_pronouns_and_descriptions_resolve_to_the_named_speaker(weaver: Weaver) -> None:
    text = ("Deputy Foreign Minister Alexander Grushko met the allies in Brussels.\n\n"
            "“There will be no threat to anyone if the agreements are fulfilled,” he said.\n\n"
            "“A deterioration can lead to the most severe consequences,” the minister stressed.")
    article, analysis = analyse(weaver, text)
    assert [said(article, q)[1:3] for q in analysis.quotes] == [("he", "Alexander Grushko"),
                                                                ("the minister", "Alexander Grushko")]


def test_indirect_speech_has_content_cue_and_speaker(weaver: Weaver) -> None:
    text = "Grushko said Russia is now waiting for NATO to send written responses to its proposals."
    article, analysis = analyse(weaver, text)
    (q,) = analysis.quotes
    assert q.kind is QuoteKind.INDIRECT
    assert said(article, q) == ("Russia is now waiting for NATO to send written responses to its proposals",
                                "Grushko", "Grushko", "said")


def test_according_to_attributes_the_clause_to_its_source(weaver: Weaver) -> None:
    text = "According to Helena Marsh, the ceasefire will hold until the spring."
    article, analysis = analyse(weaver, text)
    (q,) = analysis.quotes
    assert said(article, q) == ("the ceasefire will hold until the spring", "Helena Marsh", "Helena Marsh",
                                "According to")


def test_reported_speech_quoting_some_words_is_mixed(weaver: Weaver) -> None:
    text = "President Ana Ruiz declared that Moscow seeks \"reliable and long-term security guarantees\" in the talks."
    article, analysis = analyse(weaver, text)
    (q,) = analysis.quotes
    assert q.kind is QuoteKind.MIXED
    assert said(article, q)[0].startswith("Moscow seeks") and said(article, q)[2] == "Ana Ruiz"


def test_the_outlet_spoken_to_is_not_the_speaker_and_an_outlet_as_speaker_is_suspect(weaver: Weaver) -> None:
    text = ("Fabrice Pothier, a former NATO official, spoke to reporters.\n\n"
            "“Russia wants to see Ukraine as a friendly country,” he told Al Jazeera.\n\n"
            "“It is very difficult for NATO to do anything else,” Al Jazeera said.")
    article, analysis = analyse(weaver, text)
    first, second = analysis.quotes
    assert said(article, first)[1:3] == ("he", "Fabrice Pothier") and first.suspect is None
    assert said(article, second)[1] == "Al Jazeera"
    assert second.suspect is not None and "Al Jazeera" in second.suspect


def test_a_short_quoted_title_is_not_a_quote(weaver: Weaver) -> None:
    _, analysis = analyse(weaver, "She starred in “La casa de papel” before moving to Madrid in 2019.")
    assert analysis.quotes == ()


def test_on_the_seeds_the_people_a_reader_would_list_are_quoted_by_name(seeds_account: Account) -> None:
    names = set()
    for analysis in seeds_account.analyses:
        text = seeds_account.article(analysis.article).text
        for q in analysis.quotes:
            if q.speaker is not None and q.speaker.name is not None:
                names.add(strip_accents(text[q.speaker.name.start:q.speaker.name.end]).split()[-1].lower())
    for person in ("stoltenberg", "sherman", "grushko", "lavrov", "blinken", "zakharova", "ignatov", "stradner",
                   "pothier", "carpenter", "borrell", "peskov"):
        assert person in names, person


def test_on_the_seeds_quotes_carry_their_speakers_entity(seeds_account: Account) -> None:
    entities = {e.id: e for e in seeds_account.entities}
    linked = [q for a in seeds_account.analyses for q in a.quotes if q.speaker and q.speaker.entity]
    assert len(linked) >= 40
    assert all(q.speaker is not None and q.speaker.entity in entities for q in linked)
    suspects = [q for a in seeds_account.analyses for q in a.quotes if q.suspect]
    assert suspects and all("Al Jazeera" in (q.suspect or "") for q in suspects)


def test_typewriter_double_apostrophes_are_quotation_marks(weaver: Weaver) -> None:
    text = ("The admiral spoke in Hawaii.\n\n''I view them as a professional military,'' Admiral Harris said. "
            "He added, ''The bigger risk is a clash at sea.''")
    article, analysis = analyse(weaver, text)
    found = {said(article, q)[0]: said(article, q)[2] for q in analysis.quotes}
    assert found["I view them as a professional military,"] == "Harris"
    assert found["The bigger risk is a clash at sea."] == "Harris"


def test_a_quotation_nested_in_marks_of_the_other_family_stays_inside_the_outer_one() -> None:
    text = 'Ward stated: "The department isn’t about “Equal Justice Under Law” anymore. It is about politics."'
    (q,) = quoted_spans(text)
    assert text[q.start:q.end] == "The department isn’t about “Equal Justice Under Law” anymore. It is about politics."


def test_a_mark_glued_to_the_cue_still_opens_the_quote(weaver: Weaver) -> None:
    article, analysis = analyse(weaver, "Speaker Paul Ryan said,“Look, these images have no place in a campaign.”")
    (q,) = analysis.quotes
    assert said(article, q) == ("Look, these images have no place in a campaign.", "Speaker Paul Ryan",
                                "Paul Ryan", "said")


@pytest.mark.parametrize("text,speaker", [
    # the tagger takes the surname for a verb, or the verb for a noun
    ("“Go back to Univision,” Trump barked as a guard escorted the reporter out.", "Trump"),
    ("“Putin wants a formal commitment that NATO will not expand,” the same source predicts.", "source"),
    ("“We were wrong not to confront him from the beginning,” Ramos, 58, told AFP on Monday.", "Ramos"),
])
def test_the_speaker_next_to_the_cue_is_found_when_the_parse_misses_it(weaver: Weaver, text: str,
                                                                       speaker: str) -> None:
    article, analysis = analyse(weaver, text)
    (q,) = analysis.quotes
    assert said(article, q)[1] == speaker


def test_he_never_resolves_to_a_country_and_it_never_to_a_person(weaver: Weaver) -> None:
    text = ("Russia said the talks had failed. Minister Sergei Lavrov spoke later.\n\n"
            "The bank's staff wrote a letter. “We have accepted decades of back-room deals,” it said.\n\n"
            "“There will be no concessions on this point,” he said.")
    article, analysis = analyse(weaver, text)
    by_content = {said(article, q)[0]: said(article, q) for q in analysis.quotes}
    assert by_content["We have accepted decades of back-room deals,"][1:3] == ("it", None)
    assert by_content["There will be no concessions on this point,"][2] == "Sergei Lavrov"
