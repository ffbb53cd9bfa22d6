"""The public API is exactly what __all__ says (httpx-style pin)."""

import eventwire

PUBLIC = [
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


def test_all_is_pinned() -> None:
    assert sorted(eventwire.__all__) == sorted(PUBLIC)


def test_every_public_name_exists() -> None:
    for name in eventwire.__all__:
        assert hasattr(eventwire, name), name
