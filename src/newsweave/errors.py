"""One exception hierarchy for newsweave.

Every error newsweave raises on purpose is a :class:`NewsweaveError`; its message says what went
wrong *and* what to do about it.  The CLI maps each class to a graded exit code
(:attr:`NewsweaveError.exit_code`) and never shows a traceback for them.
"""

from __future__ import annotations


class NewsweaveError(Exception):
    """Base class of every error newsweave raises deliberately."""

    exit_code = 3


class InputError(NewsweaveError):
    """An input item (file, record, WARC response) could not be read as an article.

    Raised per item inside ingestion and recorded as a :class:`~newsweave.model.Failure`; the run goes on.
    """

    exit_code = 1


class UsageError(NewsweaveError):
    """The caller asked for something that cannot be done as asked (bad path, bad option)."""

    exit_code = 2


class StoreError(NewsweaveError):
    """The SQLite store cannot be opened, migrated or written."""

    exit_code = 4


class ModelError(NewsweaveError):
    """A language model package (spaCy model, sentence-transformers model) is missing or broken."""

    exit_code = 5
