"""``newsweave serve``: a read-only web application over a store (FastAPI + Jinja2), every page with a JSON twin.

=================  ==============================================================================================
module             what it does
=================  ==============================================================================================
``queries``        read-only SQL over the store (``mode=ro``), one page at a time; the story index
``pages``          one builder per page: the JSON twin, and what the template renders
``schema``         the JSON twins' shapes (pydantic over the domain records), for OpenAPI
``plots``          the timeline and provenance graph layouts (inline SVG)
``app``            the routes, content negotiation, CSP and errors
=================  ==============================================================================================
"""

from __future__ import annotations

from .app import CSP, create_app
from .queries import Reader

__all__ = ["CSP", "Reader", "create_app"]
