"""eventwire: news in, PLOVER 2.0 political event data out.

The public API is exactly ``__all__`` (pinned by a test); everything else is internal.
"""

from __future__ import annotations

from eventwire.api import Engine, classify_pairs, events_frame, process
from eventwire.config import Settings
from eventwire.errors import EventwireError
from eventwire.export import document_record
from eventwire.model import Actor, Document, Event, Failure, Mention, Place, Quote, Span, Status
from eventwire.store import SqliteStore

__version__ = "0.1.0"

__all__ = [
    "Actor",
    "Document",
    "Engine",
    "Event",
    "EventwireError",
    "Failure",
    "Mention",
    "Place",
    "Quote",
    "Settings",
    "Span",
    "SqliteStore",
    "Status",
    "__version__",
    "classify_pairs",
    "document_record",
    "events_frame",
    "process",
]
