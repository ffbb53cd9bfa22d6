"""Errors that say what went wrong and what to do about it.

Never prints; the shells render these messages.
"""

from __future__ import annotations


class EventwireError(Exception):
    """Base error: ``str(error)`` is a message for the user, ending with what to do."""


class ConfigError(EventwireError):
    """A setting is missing or invalid."""


class PipelineError(EventwireError):
    """Stages are ordered so that one needs what no earlier stage provides."""


class InputError(EventwireError):
    """An input cannot be read as an article (empty, binary, malformed)."""


class ModelError(EventwireError):
    """The spaCy pipeline named in the settings cannot be loaded."""


class StoreError(EventwireError):
    """The database refused a document or cannot be reached."""
