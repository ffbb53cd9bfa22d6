"""Ingest: turn what the user points at into raw articles.

Reads files, folders, JSONL dumps, HTML pages, RSS/Atom feeds, WARC archives, gzip and zip
files and URLs; writes nothing. Every input that cannot be read becomes a ``Failure`` record
and reading goes on.
"""

from __future__ import annotations

from eventwire.ingest.fetch import Fetcher, FetchOptions, is_url
from eventwire.ingest.files import read_inputs, read_path

__all__ = ["FetchOptions", "Fetcher", "is_url", "read_inputs", "read_path"]
