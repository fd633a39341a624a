"""Quotation marks: every mark style paired per paragraph by the shape of each mark (pass 1 of
:mod:`newsweave.quotes`)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    pass

DOUBLE_MARKS = "“”„‟\"«»〝〞＂"
PAIRED_MARKS = re.compile(r"``|''")
"""Typewriter quotation marks of two characters (``…'' and ''…''), as the NYT and the Penn Treebank write them."""
STRAIGHT_MARKS = "\"＂"
MARK_TOKENS = frozenset(DOUBLE_MARKS) | {"``", "''", "`"}
SINGLE_OPEN = "‘‹'"
SINGLE_CLOSE = "’›'"
OPEN_CONTEXT = " \t\n([{—–-/:;,"
SENTENCE_END = frozenset(".!?")
CUE_AFTER_MARK = re.compile(
    r"^\W{0,3}(?:\w+\W+){0,4}?(said|says|told|tells|added|adds|asked|stressed|warned|explained|noted|argued|"
    r"insisted|claimed|declared|admitted|concluded|replied|wrote|according)\b",
    re.IGNORECASE,
)
MIN_DIRECT_WORDS = 4
"""A quoted span shorter than this is a scare quote or a title unless a cue attributes it."""



@dataclass(frozen=True, slots=True)
class Quoted:
    """A span of text inside quotation marks (marks excluded)."""

    start: int
    end: int
    open_mark: int
    close_mark: int | None  # None: recovered up to the paragraph's end
    continues: bool = False  # the next paragraph goes on with the same quotation




def _paragraphs(text: str) -> list[tuple[int, int]]:
    out, pos = [], 0
    for line in text.split("\n"):
        if line.strip():
            out.append((pos, pos + len(line)))
        pos += len(line) + 1
    return out


def _opening_shape(text: str, i: int, start: int, end: int) -> bool:
    prev = text[i - 1] if i > start else " "
    nxt = text[i + 1] if i + 1 < end else " "
    return (prev in OPEN_CONTEXT or prev in DOUBLE_MARKS) and not nxt.isspace()


def _closing_shape(text: str, i: int, start: int, end: int) -> bool:
    prev = text[i - 1] if i > start else " "
    nxt = text[i + 1] if i + 1 < end else " "
    return not prev.isspace() and (nxt.isspace() or not nxt.isalnum())


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and (text[start].isspace() or text[start] in DOUBLE_MARKS):
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] in DOUBLE_MARKS):
        end -= 1
    return start, end


def mark_view(text: str) -> str:
    """The text with each two-character mark (``…'' or ''…'') written as one double mark and a space, of
    the same length, so every offset still points into ``text``.  The mark goes on the side that keeps its
    shape: after the space when it opens (" ''word" → "  \"word"), before it when it closes."""
    chars = list(text)
    for m in PAIRED_MARKS.finditer(text):
        i = m.start()
        prev = text[i - 1] if i > 0 else " "
        nxt = text[i + 2] if i + 2 < len(text) else " "
        opens = m.group() == "``" or (prev in OPEN_CONTEXT + "\n" and not nxt.isspace())
        chars[i], chars[i + 1] = (" ", '"') if opens else ('"', " ")
    return "".join(chars)


def quoted_spans(text: str) -> list[Quoted]:
    """Every span inside quotation marks, double marks first, single marks outside them."""
    text = mark_view(text)
    paragraphs = _paragraphs(text)
    found: list[Quoted] = []
    for n, (p_start, p_end) in enumerate(paragraphs):
        marks = _outer_marks(text, [i for i in range(p_start, p_end) if text[i] in DOUBLE_MARKS])
        open_at: int | None = None
        for k, i in enumerate(marks):
            if open_at is None:
                if _closing_shape(text, i, p_start, p_end) and not _opening_shape(text, i, p_start, p_end):
                    continue  # a stray closing mark: nothing is open
                open_at = i
                continue
            if _opening_shape(text, i, p_start, p_end) and not _closing_shape(text, i, p_start, p_end):
                # Glued to the next word: a misplaced closing mark ("…them, “he said."), or the opening of a
                # new quotation whose predecessor lost its closing mark ("“necessary, “open”").
                nxt = marks[k + 1] if k + 1 < len(marks) else None
                follows = text[i + 1:nxt if nxt is not None else p_end]
                new_quote = (nxt is not None and _closing_shape(text, nxt, p_start, p_end)
                             and not CUE_AFTER_MARK.match(follows) and len(follows.split()) <= 3)
                if new_quote:
                    _add(found, text, open_at, i, i)
                    open_at = i
                    continue
            _add(found, text, open_at, i, i)
            open_at = None
        if open_at is not None:
            nxt_para = paragraphs[n + 1] if n + 1 < len(paragraphs) else None
            continues = nxt_para is not None and text[nxt_para[0]:nxt_para[0] + 2].lstrip()[:1] in tuple(DOUBLE_MARKS)
            if continues or len(text[open_at:p_end].split()) >= MIN_DIRECT_WORDS:
                _add(found, text, open_at, p_end, None, continues=continues)
        found.extend(_single_quoted(text, p_start, p_end, found))
    found.sort(key=lambda q: q.start)
    return found


def _outer_marks(text: str, marks: list[int]) -> list[int]:
    """Without the marks of a quotation nested in another of the other mark family ("… isn’t about
    “Equal Justice Under Law” anymore …" inside straight marks): when a paragraph uses both the straight
    mark and typographic ones, each an even number of times, the family that opens first is the outer one."""
    straight = [i for i in marks if text[i] in STRAIGHT_MARKS]
    typographic = len(marks) - len(straight)
    if not straight or not typographic or len(straight) % 2 or typographic % 2:
        return marks
    outer_is_straight = text[marks[0]] in STRAIGHT_MARKS
    kept, open_ = [], False
    for i in marks:
        if (text[i] in STRAIGHT_MARKS) == outer_is_straight:
            open_ = not open_
            kept.append(i)
        elif not open_:
            kept.append(i)
    return kept


def _add(found: list[Quoted], text: str, open_mark: int, end: int, close_mark: int | None, *,
         continues: bool = False) -> None:
    start, stop = _trim(text, open_mark + 1, end)
    if stop > start:
        found.append(Quoted(start, stop, open_mark, close_mark, continues))


def _single_quoted(text: str, p_start: int, p_end: int, doubles: Sequence[Quoted]) -> list[Quoted]:
    """Spans in single marks (‘…’ or '…') outside double quotes: an opening-shaped mark and the next
    closing-shaped one.  Apostrophes inside words ("don’t") have neither shape."""
    inside = [(q.open_mark, q.close_mark if q.close_mark is not None else p_end) for q in doubles
              if p_start <= q.open_mark < p_end]
    out: list[Quoted] = []
    open_at: int | None = None
    for i in range(p_start, p_end):
        c = text[i]
        if any(a <= i <= b for a, b in inside):
            continue
        if open_at is None and c in SINGLE_OPEN and _opening_shape(text, i, p_start, p_end):
            open_at = i
        elif open_at is not None and c in SINGLE_CLOSE and _closing_shape(text, i, p_start, p_end):
            start, stop = open_at + 1, i
            while stop > start and text[stop - 1].isspace():
                stop -= 1
            if len(text[start:stop].split()) >= 2:
                out.append(Quoted(start, stop, open_at, i))
            open_at = None
    return out
