"""Cleaning removes web furniture by general features and recurrence, keeps every line of reporting."""

from __future__ import annotations

import pytest

from newsweave.clean import clean_document, guess_language, recurrence_stats, split_title
from newsweave.ingest import RawDocument

PARAGRAPHS = [
    "The finance ministers of the eurozone agreed on Monday to extend the emergency loan programme by six months, "
    "officials said after talks that ran late into the night.",
    "“We have bought time, but not a solution,” the group’s chairman told reporters, adding that the next review "
    "would take place in June.",
    "Markets reacted calmly to the decision, with bond yields barely moving in early trading on Tuesday.",
]


def _raw(path: str, lines: list[str], title: str | None = None, url: str | None = None) -> RawDocument:
    return RawDocument(path=path, text="\n\n".join(lines), title=title, url=url)


def test_furniture_lines_go_and_reporting_stays() -> None:
    lines = ["Loans extended for eurozone members", "Tweet this", PARAGRAPHS[0],
             "SEE ALSO: Five things to know about the bailout", PARAGRAPHS[1], "Subscribe to our daily newsletter",
             PARAGRAPHS[2], "Leave a comment", "Your email address will not be published."]
    raw = _raw("a.txt", lines)
    article = clean_document(raw, recurrence_stats([raw]))
    assert article.title == "Loans extended for eurozone members"
    assert article.text.split("\n\n") == [article.title, *PARAGRAPHS]
    assert set(article.removed) == {lines[1], lines[3], lines[5], lines[7], lines[8]}


def test_a_short_line_recurring_across_articles_is_furniture_even_with_unknown_words() -> None:
    footer = "Zorblat Media Group · Kontakt · Impressum"
    a = _raw("a.txt", ["First headline about loans", PARAGRAPHS[0], footer])
    b = _raw("b.txt", ["Second headline about markets", PARAGRAPHS[2], footer])
    stats = recurrence_stats([a, b])
    for raw in (a, b):
        article = clean_document(raw, stats)
        assert footer not in article.text and footer in article.removed


def test_a_sentence_quoted_in_two_articles_is_not_furniture() -> None:
    shared = "“We will not accept any deal that divides the union,” the prime minister said."
    a = _raw("a.txt", ["Headline one", PARAGRAPHS[0], shared])
    b = _raw("b.txt", ["Headline two", PARAGRAPHS[2], shared])
    stats = recurrence_stats([a, b])
    assert shared in clean_document(a, stats).text


@pytest.mark.parametrize(("title", "headline", "outlet"), [
    ("Allies in a standoff after talks in Geneva – POLITICO", "Allies in a standoff after talks in Geneva", "POLITICO"),
    ("Loans extended | World | The Daily Example", "Loans extended", "The Daily Example"),
    ("Will the talks succeed? | | World News", "Will the talks succeed?", None),
    ("Peace - at last - in the valley", "Peace – at last – in the valley", None),
])
def test_title_suffixes_name_the_outlet_and_sections_are_dropped(title: str, headline: str,
                                                                  outlet: str | None) -> None:
    assert split_title(title) == (headline, outlet)


def test_outlet_comes_from_a_source_credit_line_when_metadata_has_none() -> None:
    raw = _raw("a.txt", ["Headline", PARAGRAPHS[0], "News brought by", "https://www.wire.example/"])
    article = clean_document(raw, recurrence_stats([raw]))
    assert article.outlet == "wire.example"
    assert "https://" not in article.text and "brought by" not in article.text


def test_metadata_title_is_kept_and_the_text_starts_with_it() -> None:
    raw = _raw("a.html", PARAGRAPHS, title="Loans extended – The Daily Example", url="https://daily.example/x")
    article = clean_document(raw, recurrence_stats([raw]))
    assert article.title == "Loans extended" and article.outlet == "The Daily Example"
    assert article.text.startswith("Loans extended\n\n")


@pytest.mark.parametrize(("text", "language"), [
    (" ".join(PARAGRAPHS), "en"),
    ("El gobierno de España anunció que los ministros se reunirán para la cumbre de la OTAN en Madrid.", "es"),
    ("Министр иностранных дел России заявил, что переговоры в Женеве были трудными и откровенными.", "ru"),
    ("Short.", None),
])
def test_language_is_guessed_from_stopwords_and_script(text: str, language: str | None) -> None:
    assert guess_language(text) == language


def test_cleaning_the_same_document_twice_gives_the_same_article_id() -> None:
    raw = _raw("a.txt", ["Headline", *PARAGRAPHS])
    assert clean_document(raw, recurrence_stats([raw])).id == clean_document(raw, recurrence_stats([])).id


@pytest.mark.parametrize(("line", "published"), [
    ("Published 12 January 2022", "2022-01-12"),
    ("By Ana Writer | Jan. 12, 2022", "2022-01-12"),
    ("Updated: 2022-01-13 10:42", "2022-01-13"),
])
def test_publication_date_is_read_from_a_byline_when_metadata_has_none(line: str, published: str) -> None:
    raw = _raw("a.txt", ["Eurozone extends loans by six months", line, *PARAGRAPHS])
    article = clean_document(raw, recurrence_stats([raw]))
    assert article.published == published
    assert article.title == "Eurozone extends loans by six months" and line in article.removed


def test_a_date_inside_reporting_is_not_taken_for_the_publication_date() -> None:
    reporting = "The treaty signed on 12 January 2022 in Geneva remains in force, officials said on Monday."
    raw = _raw("a.txt", ["Eurozone extends loans by six months", reporting, *PARAGRAPHS])
    assert clean_document(raw, recurrence_stats([raw])).published is None
