"""The pair features of reports, a whole block of pairs at a time (numpy, no per-pair Python).

Two reports are compared by :data:`~newsweave.group.params.PAIR_FEATURES`:

* ``text`` — cosine of their lead embeddings;
* ``actors``, ``places``, ``terms``, ``figures`` — cosines of their bags, each key weighed by its rarity in the
  store (TF-IDF: ``log(1 + count) × (log((N + 1) / (df + 1)) + 1)``); when one of them gives no figures the
  figures say nothing either way and the text's cosine stands in;
* ``days``, ``years`` — +1 when the days (years) they name agree, −1 when both name some and none agrees, 0
  when one names none (a report's years include its publication year; days agree within a day, and a weekday
  name agrees with a date on that weekday);
* ``gap`` — how far apart they were published: 0 within a week, then the log of the gap in weeks, 1 from a
  year on (0 when either is undated);
* ``conflict`` — 1 when their leads place the happening in different places *and* on different days (a lead's
  places include their countries, so "Athens" and "Greece" agree while "Stockholm" and "Brussels" do not).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

import numpy as np
from numpy.typing import NDArray

from ..model import Profile
from .index import Bags
from .params import PAIR_FEATURES

GAP_GRACE_DAYS = 7  # reports of one happening come out within a week of each other
GAP_FULL_DAYS = 365


@dataclass(frozen=True, slots=True)
class Facts:
    """What the pair features need of a profile beyond its bags, worked out once per article.  ``near_days``
    and ``near_lead_days`` are the days with what agrees with them: an ISO day, the day before and after and
    its weekday's name ("2013-09-13" agrees with "friday")."""

    days: frozenset[str]
    years: frozenset[str]
    published: int | None  # ordinal day
    lead_places: frozenset[str]
    lead_days: frozenset[str]
    near_days: frozenset[str] = frozenset()
    near_lead_days: frozenset[str] = frozenset()


WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


def near(days: Iterable[str]) -> frozenset[str]:
    """The days and what agrees with each: an ISO day also matches the day before and after (two reports may
    resolve "yesterday" or "last night" against publication dates a day apart) and the name of its weekday
    (a report without a publication date says "Friday"); a weekday name matches only itself."""
    out = set()
    for day in days:
        out.add(day)
        try:
            when = date.fromisoformat(day)
        except ValueError:
            continue
        out.update((when + timedelta(days=k)).isoformat() for k in (-1, 1))
        out.add(WEEKDAYS[when.weekday()])
    return frozenset(out)


def facts_of(p: Profile) -> Facts:
    days = frozenset(p.days)
    return Facts(days, p.years, ordinal(p.published), p.lead_places, p.lead_dates, near(days), near(p.lead_dates))


def ordinal(day: str | None) -> int | None:
    try:
        return date.fromisoformat(day[:10]).toordinal() if day else None
    except ValueError:
        return None


def gap_feature(days: NDArray[Any]) -> NDArray[np.float64]:
    """0 within a week, then growing with the log of the gap (each doubling counts the same), 1 from a year on."""
    weeks = np.maximum(np.asarray(days, dtype=np.float64), GAP_GRACE_DAYS) / GAP_GRACE_DAYS
    return np.minimum(1.0, np.log(weeks) / math.log(GAP_FULL_DAYS / GAP_GRACE_DAYS))


def _bag_matrix(bags: Bags, items: Sequence[tuple[str, Mapping[str, float]]]) -> Any:
    """The items' bags as rows of a sparse matrix over the store's key ids, TF-IDF weighted, unit length."""
    from scipy.sparse import csr_matrix

    vectors = [bags.of(a, bag) for a, bag in items]
    lengths = [len(v[0]) for v in vectors]
    ids = np.concatenate([v[0] for v in vectors]) if vectors else np.zeros(0, dtype=np.int32)
    counts = np.concatenate([v[1] for v in vectors]) if vectors else np.zeros(0)
    weights = bags.space.weights((ids, counts)) if len(ids) else np.zeros(0)
    owner = np.repeat(np.arange(len(vectors)), lengths)
    norms = np.sqrt(np.bincount(owner, weights=weights * weights, minlength=len(vectors)))
    data = np.divide(weights, norms[owner], out=np.zeros_like(weights), where=norms[owner] > 0)
    indptr = np.concatenate([[0], np.cumsum(lengths)])
    return csr_matrix((data, ids, indptr), shape=(len(vectors), max(len(bags.space.keys), 1)))


def _bag_cosines(bags: Bags, rows: Sequence[tuple[str, Mapping[str, float]]],
                 cols: Sequence[tuple[str, Mapping[str, float]]], same: bool) -> NDArray[np.float64]:
    """Cosines of the rows' bags with the columns' bags (``same``: the columns are the rows)."""
    r = _bag_matrix(bags, rows)
    c = r if same else _bag_matrix(bags, cols)
    return np.asarray((r @ c.T).toarray(), dtype=np.float64)


def _agreement(rows: Sequence[frozenset[str]], cols: Sequence[frozenset[str]], same: bool = False,
               near_rows: Sequence[frozenset[str]] = (), near_cols: Sequence[frozenset[str]] = ()
               ) -> NDArray[np.float64]:
    """+1 overlap, −1 both given and disjoint, 0 one not given — for every row × column.  With ``near_rows`` /
    ``near_cols`` (each set with what agrees with its values, see :func:`near`), a row agrees with a column when
    one's values meet the other's near values."""
    vocab: dict[str, int] = {}
    for values in (*rows, *cols, *near_rows, *near_cols):
        for v in values:
            vocab.setdefault(v, len(vocab))
    if not vocab:
        return np.zeros((len(rows), len(cols)))

    def binary(sets: Sequence[frozenset[str]]) -> NDArray[np.float64]:
        m = np.zeros((len(sets), len(vocab)))
        at = [(i, vocab[v]) for i, values in enumerate(sets) for v in values]
        if at:
            m[tuple(np.array(at).T)] = 1.0
        return m

    r = binary(rows)
    c = r if same else binary(cols)
    given = (r.sum(axis=1) > 0)[:, None] & (c.sum(axis=1) > 0)[None, :]
    meet = r @ c.T > 0
    if near_rows and near_cols:
        nr = binary(near_rows)
        nc = nr if same else binary(near_cols)
        meet |= (nr @ c.T > 0) | (r @ nc.T > 0)
    return np.where(given, np.where(meet, 1.0, -1.0), 0.0)


def planes(rows: Sequence[Profile], cols: Sequence[Profile], bags: Mapping[str, Bags],
           facts: Mapping[str, Facts]) -> list[NDArray[np.float64]]:
    """The pair features of every row with every column: one rows × columns array per feature, in the order
    of :data:`~newsweave.group.params.PAIR_FEATURES`.

    ``bags`` maps ``actors`` / ``places`` / ``terms`` / ``figures`` to their :class:`Bags`; ``facts`` gives each
    article's :class:`Facts` (a profile not in it is worked out on the spot)."""
    if not rows or not cols:
        return [np.zeros((len(rows), len(cols))) for _ in PAIR_FEATURES]
    same = rows is cols
    fr = [facts.get(p.article) or facts_of(p) for p in rows]
    fc = fr if same else [facts.get(p.article) or facts_of(p) for p in cols]
    vr = np.stack([np.asarray(p.vector, dtype=np.float32) for p in rows])
    vc = vr if same else np.stack([np.asarray(p.vector, dtype=np.float32) for p in cols])
    text = (vr @ vc.T).astype(np.float64)
    out = [text]
    for name in ("actors", "places", "terms", "figures"):
        out.append(_bag_cosines(bags[name], [(p.article, getattr(p, name)) for p in rows],
                                [(p.article, getattr(p, name)) for p in cols], same))
    numbered = np.array([bool(p.figures) for p in rows])[:, None] & np.array([bool(p.figures) for p in cols])[None, :]
    out[4] = np.where(numbered, out[4], text)  # no numbers on one side: the weight goes to the text
    out.append(_agreement([f.days for f in fr], [f.days for f in fc], same, [f.near_days for f in fr],
                          [f.near_days for f in fc]))
    out.append(_agreement([f.years for f in fr], [f.years for f in fc], same))
    pr = np.array([np.nan if f.published is None else f.published for f in fr])
    pc = np.array([np.nan if f.published is None else f.published for f in fc])
    apart = np.abs(pr[:, None] - pc[None, :])
    out.append(np.where(np.isnan(apart), 0.0, gap_feature(np.nan_to_num(apart))))
    places = _agreement([f.lead_places for f in fr], [f.lead_places for f in fc], same)
    days = _agreement([f.lead_days for f in fr], [f.lead_days for f in fc], same, [f.near_lead_days for f in fr],
                      [f.near_lead_days for f in fc])
    out.append(((places < 0) & (days < 0)).astype(np.float64))
    return out


def block(rows: Sequence[Profile], cols: Sequence[Profile], bags: Mapping[str, Bags],
          facts: Mapping[str, Facts]) -> NDArray[np.float64]:
    """The pair features of every row with every column: an array rows × columns × features."""
    return np.stack(planes(rows, cols, bags, facts), axis=-1)


def scores(rows: Sequence[Profile], cols: Sequence[Profile], bags: Mapping[str, Bags], facts: Mapping[str, Facts],
           weights: Sequence[float]) -> NDArray[np.float64]:
    """The pair similarity of every row with every column: the features' weighted sum."""
    total = np.zeros((len(rows), len(cols)))
    for plane, weight in zip(planes(rows, cols, bags, facts), weights, strict=True):
        if weight:
            total += weight * plane
    return total
