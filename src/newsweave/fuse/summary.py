"""Summary: a few cited sentences that lead with the news — who did what, when, where — then what matters most.

The first sentence is the best lead statement: among the claims some report states in its first two body sentences
(news puts the essential first), the one the most reports tell, naming the most of who (a named
participant), when (a date) and where (a place), from the most original source.  The rest are chosen by maximal
marginal relevance over the claims' wordings: centrality, support (how many reports tell something close to it), lead
position and originality against redundancy with what is already chosen.

Never in a summary: photo captions and credits, video blurbs, teasers and notes to the reader
(:func:`is_furniture`), and questions.  Quotations count less: they are a voice, not the account; so do sentences
that lean on the one before them (:func:`stands_alone`), which a summary shows without it.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence

import numpy as np

from ..lexicon import CAPTION_CUES, CAPTION_OPENINGS, DANGLING_OPENERS, TEASER_CUES
from ..model import Claim, SummarySentence
from .context import FuseContext, FuseSentence
from .params import SummaryParams

CREDIT = re.compile(r"\((?:[A-Z][\w.'’-]*\s?)+/\s?(?:[A-Z][\w.'’-]*\s?)+\)|\b(?:AP|AFP|Getty|Reuters|EPA)\s*/\s*[A-Z]")
CAPTION_SHAPE = re.compile(
    r"^(?:[A-Z][\w.'’-]*\s){1,6}(?:speaks|looks|walks|arrives|waves|gestures|listens|stands|sits|smiles|poses|"
    r"holds|talks|leaves|attends|delivers|addresses|reacts|shakes|greets|departs|prays|points|watches)\b.*"
    r"\b(?:in|at|on|during|outside)\b.*\b(?:\d{4}|Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b")
"""A photo caption's shape: a name, a present-tense pose verb, a place or occasion and a date ("President Trump
speaks during a news conference at the White House on Tuesday, Jan. 2, 2018")."""


def is_furniture(text: str) -> bool:
    """Whether a sentence is a photo caption or credit, a video blurb, a teaser or a note to the reader — no
    statement of the event."""
    lower = " ".join(text.lower().split())
    if any(cue in lower for cue in CAPTION_CUES) or any(cue in lower for cue in TEASER_CUES):
        return True
    if lower.startswith(CAPTION_OPENINGS) or CREDIT.search(text):
        return True
    return bool(CAPTION_SHAPE.match(text.strip()))


def is_question(text: str) -> bool:
    return text.rstrip(" \"”’')").endswith("?")


def stands_alone(text: str) -> bool:
    """Whether a sentence reads on its own, out of its report: it does not open with a connective or a pronoun
    that leans on the sentence before it ("And he concludes …", "Then we will …", "They also said …").  Words
    opening a quotation are the speaker's own ("“We are at a defining moment,” Stoltenberg said") and not judged."""
    first = re.match(r"\s*\(?([A-Za-z]+)", text)
    return first is None or first.group(1).lower() not in DANGLING_OPENERS


def coverage(s: FuseSentence) -> int:
    """How many of who (a named participant), when (a date) and where (a place) a sentence states."""
    return int(bool(s.entities)) + int(bool(s.days)) + int(bool(s.places))


def select(ctx: FuseContext, claims: Sequence[Claim], groups: Sequence[Sequence[FuseSentence]],
           p: SummaryParams) -> list[SummarySentence]:
    """The summary: the lead statement first, then maximal marginal relevance over the claims' wordings."""
    if not claims:
        return []
    reps = [next(s for s in g if s.article == c.statement.article and s.start == c.statement.start)
            for c, g in zip(claims, groups, strict=True)]
    usable = [i for i, r in enumerate(reps) if not is_furniture(r.text) and not is_question(r.text)]
    if not usable:
        return []
    vectors = np.stack([r.vector for r in reps])  # type: ignore[misc]
    centroid = np.stack([s.vector for s in ctx.sentences]).mean(axis=0)  # type: ignore[misc]
    centroid /= max(float(np.linalg.norm(centroid)), 1e-9)
    n_articles = max(len(ctx.articles), 1)
    everything = np.stack([s.vector for s in ctx.sentences])  # type: ignore[misc]
    articles = np.array([s.article for s in ctx.sentences])
    relevance: dict[int, float] = {}
    echoes: dict[int, int] = {}
    for i in usable:
        c, r, v = claims[i], reps[i], vectors[i]
        # how many reports tell something close to it (a softer count than the claim's: a summary may rest on what
        # several reports say in other words, though not closely enough to be one claim)
        close = everything @ v >= p.echo
        echoes[i] = max(c.independent, len(set(articles[close])))
        support = math.log1p(echoes[i]) / math.log1p(n_articles)
        lead = 1.0 / (1.0 + p.lead_decay * min(s.index for s in groups[i]))
        length = 1.0 if len(r.text.split()) >= 10 else 0.6  # a fragment says little
        voice = 0.7 if r.quoted or r.text.lstrip()[:1] in "“\"‘'«" else 1.0  # a quotation: a voice, not the account
        if r.text.count("“") != r.text.count("”") or r.text.count('"') % 2:
            voice *= 0.6  # a piece of a quotation the sentence splitter cut: it does not stand alone
        if not stands_alone(r.text):
            voice *= p.dangling  # it leans on a sentence the summary does not show
        relevance[i] = ((p.centrality * float(v @ centroid) + p.support * support + p.lead * lead)
                        * (0.7 + 0.3 * ctx.originality(r.article)) * length * voice)
    chosen: list[int] = []
    if p.lead_sentence:
        leads = [i for i in usable if min(s.index for s in groups[i]) <= 1 and not reps[i].quoted
                 and len(reps[i].text.split()) >= 8 and stands_alone(reps[i].text)]
        if leads:
            chosen.append(max(leads, key=lambda i: (echoes[i], coverage(reps[i]), ctx.originality(reps[i].article),
                                                    relevance[i])))
    words = sum(len(reps[i].text.split()) for i in chosen)
    while len(chosen) < len(usable) and not _full(p, len(chosen), words):
        best, best_score = -1, -math.inf
        for i in usable:
            if i in chosen:
                continue
            overlap = max((float(vectors[i] @ vectors[j]) for j in chosen), default=0.0)
            score = (1 - p.redundancy) * relevance[i] - p.redundancy * overlap * 0.5
            if score > best_score:
                best, best_score = i, score
        chosen.append(best)
        words += len(reps[best].text.split())
    return [SummarySentence(claims[i].statement, claims[i].id, claims[i].independent) for i in chosen]


def _full(p: SummaryParams, sentences: int, words: int) -> bool:
    return words >= p.words if p.words > 0 else sentences >= p.sentences
