"""Date expressions resolve against the publication date; durations and vague ones stay unresolved."""

from __future__ import annotations

import pytest

from newsweave.dates import DateResolver

PUBLISHED = "2022-01-13"  # a Thursday


@pytest.mark.parametrize(("expression", "published", "future", "value", "granularity"), [
    ("December 2, 2021", None, False, "2021-12-02", "day"),
    ("on Wednesday", PUBLISHED, False, "2022-01-12", "day"),
    ("Wednesday", None, False, None, "weekday"),
    ("yesterday", PUBLISHED, False, "2022-01-12", "day"),
    ("next Monday", PUBLISHED, True, "2022-01-17", "day"),
    ("in December", PUBLISHED, False, "2021-12", "month"),
    ("2014", None, False, "2014", "year"),
    ("January 2022", None, False, "2022-01", "month"),
    ("more than two years", PUBLISHED, False, None, None),
    ("four hours", PUBLISHED, False, None, None),
    ("the 1990s", PUBLISHED, False, None, None),
])
def test_expressions_resolve_relative_to_publication(expression: str, published: str | None, future: bool,
                                                     value: str | None, granularity: str | None) -> None:
    resolved = DateResolver().resolve(expression, published, future=future)
    assert (resolved.value, resolved.granularity) == (value, granularity)
