"""newsweave: many news reports of the same events in, one cited account out.

    >>> import newsweave
    >>> account = newsweave.weave(["examples/nato-russia-2022"], store="out/newsweave.db")
    >>> [event.title for event in account.events]

The public API is what ``__all__`` lists; everything else is internal and may change.
"""

from __future__ import annotations

from .errors import InputError, ModelError, NewsweaveError, StoreError, UsageError
from .model import (
    Account,
    Analysis,
    Article,
    Attribute,
    Citation,
    DateMention,
    Entity,
    Event,
    Failure,
    Mention,
    MentionKind,
    Quote,
    QuoteKind,
    Sentence,
    Span,
    Speaker,
    Story,
)
from .pipeline import Weaver, WeaveResult, weave
from .render import account_json, render_html, write_outputs
from .store import Store

__version__ = "0.1.0"

__all__ = [
    "Account",
    "Analysis",
    "Article",
    "Attribute",
    "Citation",
    "DateMention",
    "Entity",
    "Event",
    "Failure",
    "InputError",
    "Mention",
    "MentionKind",
    "ModelError",
    "NewsweaveError",
    "Quote",
    "QuoteKind",
    "Sentence",
    "Span",
    "Speaker",
    "Store",
    "StoreError",
    "Story",
    "UsageError",
    "WeaveResult",
    "Weaver",
    "__version__",
    "account_json",
    "render_html",
    "weave",
    "write_outputs",
]
