"""Ingest: turn what the user points at into raw articles.

Reads files, folders and JSONL dumps; writes nothing. Every input that cannot be read becomes a
``Failure`` record and reading goes on.
"""

from __future__ import annotations

from eventwire.ingest.files import read_inputs, read_path

__all__ = ["read_inputs", "read_path"]
