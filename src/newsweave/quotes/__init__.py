"""Quotes: who said what — direct, indirect and mixed speech, with cue and speaker, as spans.

Three passes over one article (its text and its spaCy ``Doc``):

1. **Quotation marks** (:func:`quoted_spans`).  Every mark style (“ ” " « » „ ‘ ’ '), paired per
   paragraph by a small state machine that reads each mark's *shape* (is it glued to the word after
   it, or to the word before?) rather than trusting the glyph, so the misplaced marks of machine
   translation (``…them, “he said.``; ``…yet, ”admitted``) still close the quote they belong to, and a
   missing closing mark does not swallow the rest of the paragraph.  A quote left open at the end of a
   paragraph continues when the next paragraph opens with a mark (the newspaper convention);
   otherwise it is recovered up to the paragraph's end.
2. **Attribution.**  Around each quoted span, within its sentence but outside the marks, the nearest
   reporting verb (say, tell, warn, stress, …) or "according to" is the cue and its grammatical
   subject the speaker.  Quotes with no cue of their own continue the utterance before them: a quote
   split by its attribution ("“A,” he said. “B.”") is one utterance in two pieces.  Outside quotation
   marks, a reporting verb with a clausal complement is indirect speech ("Grushko said Russia is
   waiting …"); "according to X, …" too.  Reported speech that quotes some words is *mixed*.
3. **Speakers.**  A name is taken with its title ("Deputy Foreign Minister Alexander Grushko") or
   apposition ("Michael Carpenter, US ambassador to the OSCE").  Pronouns resolve to the most recent
   named speaker or subject; definite descriptions ("the diplomat", "the secretary general") to the
   most recent person the article gave that role, else the most recent speaker.  The outlet a person
   spoke *to* ("he told Al Jazeera") is never the speaker; where the article makes such an outlet the
   speaker, the attribution is kept as written and marked suspect with the reason.
"""

from .attribution import extract_quotes, link_speakers
from .marks import Quoted, mark_view, quoted_spans

__all__ = ["Quoted", "extract_quotes", "link_speakers", "mark_view", "quoted_spans"]
