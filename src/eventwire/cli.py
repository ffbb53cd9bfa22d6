"""The command line: ``eventwire process`` and ``eventwire classify``, composing the API.

Prints results to stdout and a summary with failures to stderr; no traceback unless --debug.
"""

from __future__ import annotations

import csv
import os
import sys
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, TextIO

import click
from rich.console import Console
from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

from eventwire import __version__
from eventwire.api import Engine, classify_pairs
from eventwire.config import Settings
from eventwire.errors import EventwireError, StoreError
from eventwire.export import (
    CSV_COLUMNS,
    EventFilter,
    document_record,
    event_rows,
    filter_documents,
    write_csv,
    write_document_jsonl,
    write_jsonl,
    write_parquet,
    write_records_csv,
)
from eventwire.ingest import Fetcher, FetchOptions, is_url
from eventwire.model import Document, Failure
from eventwire.store import SqlStore, open_store, text_digest

_TABLE_COLUMNS = (("event", 9), ("mode", 10), ("status", 12), ("date", 10), ("actor", 34), ("recipient", 34))


def _published(ctx: click.Context, param: click.Parameter, value: str | None) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f"{value!r} is not a date: use YYYY-MM-DD, e.g. 2024-03-26.") from None


def _dictionary_options(command: Callable[..., Any]) -> Callable[..., Any]:
    """The user dictionaries shared by process and classify: --kb and --lexicon."""
    for option in (
        click.option(
            "--lexicon",
            "lexicon_files",
            multiple=True,
            type=click.Path(exists=True, dir_okay=False, path_type=Path),
            help="Extra event lexicon (our TSV, or a PETRARCH/TABARI verb dictionary); repeatable.",
        ),
        click.option(
            "--kb",
            "kb_files",
            multiple=True,
            type=click.Path(exists=True, dir_okay=False, path_type=Path),
            help="Extra actor dictionary (our JSONL, or PETRARCH .actors.txt / agents.txt); repeatable.",
        ),
    ):
        command = option(command)
    return command


@click.group()
@click.version_option(__version__, prog_name="eventwire")
def main() -> None:
    """eventwire: code news articles into PLOVER 2.0 political events."""


@main.command()
@click.argument("paths", nargs=-1, required=True)
@click.option("--published", callback=_published, help="Publication date (YYYY-MM-DD) for every input.")
@click.option(
    "--db",
    default=None,
    help="SQLite file or postgresql:// URL to write (default: eventwire.db, or EVENTWIRE_DB).",
)
@click.option("--allow-private", is_flag=True, help="Let URLs reach private and loopback addresses (local servers).")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["table", "jsonl", "csv", "none"]),
    default="table",
    show_default=True,
    help="What to print on stdout.",
)
@_dictionary_options
@click.option("--debug", is_flag=True, help="Show tracebacks instead of one-line failures.")
def process(
    paths: tuple[str, ...],
    published: date | None,
    db: str | None,
    allow_private: bool,
    fmt: str,
    kb_files: tuple[Path, ...],
    lexicon_files: tuple[Path, ...],
    debug: bool,
) -> None:
    """Process files, folders, archives, feeds and URLs; store and print the coded events.

    Documents already stored with the same text are skipped before any parsing, so a re-run
    (or a run after a crash) resumes where it stopped and adds nothing twice.
    """
    settings = Settings.from_env()
    db_url = db or os.environ.get("EVENTWIRE_DB") or str(settings.db)
    inputs = [path if is_url(path) else Path(path) for path in paths]
    try:
        engine = Engine(settings, kb_files=kb_files, lexicon_files=lexicon_files)
        engine.fetcher = Fetcher(FetchOptions(allow_private=allow_private))
        with open_store(db_url) as store:
            tally = _run(engine, store, inputs, published=published, debug=debug, fmt=fmt)
    except EventwireError as error:
        if debug:
            raise
        raise click.ClickException(str(error)) from None
    _summary(tally, store.location)
    if not tally.stored and not tally.unchanged:
        raise click.ClickException("No document was processed: see the failures above.")


@main.command()
@click.option(
    "--input",
    "input_path",
    required=True,
    type=click.File("r", encoding="utf-8"),
    help='JSONL of {"id", "text", "source": [start, end], "target": [start, end]} ("-" for stdin).',
)
@click.option("--output", type=click.File("w", encoding="utf-8"), default="-", help="Where to write (default stdout).")
@_dictionary_options
@click.option("--debug", is_flag=True, help="Show tracebacks.")
def classify(
    input_path: TextIO, output: TextIO, kb_files: tuple[Path, ...], lexicon_files: tuple[Path, ...], debug: bool
) -> None:
    """Code sentence + source/target pairs: one {"id", "event", "mode", "confidence"} line each.

    A line that is not a pair record gets a result with an "error" (also printed to stderr) and
    the run goes on; the exit code is 1 only when no line could be coded.
    """
    import json

    coded = failed = 0
    try:
        engine = Engine(Settings.from_env(), kb_files=kb_files, lexicon_files=lexicon_files)
        for result in classify_pairs(input_path, engine=engine):
            output.write(json.dumps(result) + "\n")
            if "error" in result:
                failed += 1
                click.echo(f"failed: {result['error']}", err=True)
            else:
                coded += 1
    except EventwireError as error:
        if debug:
            raise
        raise click.ClickException(str(error)) from None
    if failed:
        click.echo(f"{coded} pairs coded, {failed} failed", err=True)
        if not coded:
            raise click.ClickException("no line was a pair record")


@main.command(name="export")
@click.option(
    "--db", default=None, help="SQLite file or postgresql:// URL to read (default: eventwire.db, or EVENTWIRE_DB)."
)
@click.option(
    "--format", "fmt", type=click.Choice(["jsonl", "csv", "parquet"]), default="jsonl", show_default=True,
    help="jsonl: one document record per line (docs/EVENT_RECORD.md); csv: one row per event; "
    "parquet: a dataset partitioned by event date (needs --output).",
)  # fmt: skip
@click.option(
    "--output", type=click.Path(path_type=Path), default=None, help="File (folder for parquet); default stdout."
)
@click.option("--since", callback=_published, help="Only events on or after this date (YYYY-MM-DD).")
@click.option("--event", "event_type", default=None, help="Only events of this PLOVER type, e.g. PROTEST.")
@click.option("--country", default=None, help="Only events with an actor, recipient or place in this ISO-3 country.")
@click.option("--debug", is_flag=True, help="Show tracebacks.")
def export_events(
    db: str | None, fmt: str, output: Path | None, since: date | None, event_type: str | None, country: str | None,
    debug: bool,
) -> None:  # fmt: skip
    """Export stored events as JSONL, CSV or Parquet, optionally filtered."""
    db_url = db or os.environ.get("EVENTWIRE_DB") or str(Settings.from_env().db)
    keep = EventFilter(since=since, event=event_type, country=country)
    if fmt == "parquet" and output is None:
        raise click.UsageError("--format parquet writes a folder: give --output DIR.")
    try:
        with open_store(db_url) as store:
            records = filter_documents(store.document_records(), keep)
            count = _export(records, fmt, output)
    except (EventwireError, ImportError, OSError) as error:
        if debug:
            raise
        raise click.ClickException(str(error)) from None
    click.echo(f"{count} events exported from {store.location}", err=True)


def _export(records: Iterable[dict[str, Any]], fmt: str, output: Path | None) -> int:
    if fmt == "parquet" and output is not None:
        return write_parquet(records, output)
    stream = output.open("w", encoding="utf-8", newline="") if output else sys.stdout
    try:
        return write_document_jsonl(records, stream) if fmt == "jsonl" else write_records_csv(records, stream)
    finally:
        if output:
            stream.close()


@dataclass
class _Tally:
    """What a run did, for the progress bar and the summary."""

    stored: int = 0
    unchanged: int = 0
    events: int = 0
    failures: list[Failure] = field(default_factory=list)


def _run(
    engine: Engine, store: SqlStore, inputs: list[str | Path], *, published: date | None, debug: bool, fmt: str
) -> _Tally:
    tally = _Tally()
    printer = _Printer(fmt, sys.stdout)
    console = Console(stderr=True)
    with Progress(
        SpinnerColumn(), TextColumn("{task.description}"), TimeElapsedColumn(), console=console,
        disable=not console.is_terminal, transient=True,
    ) as progress:  # fmt: skip
        task = progress.add_task("starting")

        def already_stored(doc: Document) -> bool:
            if not store.has_document(doc.doc_id, text_digest(doc.text)):
                return False
            tally.unchanged += 1
            return True

        for item in engine.documents(inputs, published_on=published, debug=debug, skip=already_stored):
            if isinstance(item, Document):
                item = _store(store, item, tally, printer)
            if isinstance(item, Failure):
                store.write_failure(item)
                tally.failures.append(item)
            progress.update(task, description=_counts(tally))
    return tally


def _store(store: SqlStore, doc: Document, tally: _Tally, printer: _Printer) -> Document | Failure:
    try:
        store.write_document(doc)
    except StoreError as error:
        return Failure(doc.source or doc.doc_id, "store", str(error))
    tally.stored += 1
    tally.events += len(doc.events)
    printer.write(doc)
    return doc


def _counts(tally: _Tally) -> str:
    return (
        f"{tally.stored} documents, {tally.events} events, {tally.unchanged} unchanged, {len(tally.failures)} failures"
    )


class _Printer:
    """Writes each stored document to stdout as it comes, in the chosen format."""

    def __init__(self, fmt: str, stream: TextIO) -> None:
        self.fmt, self.stream, self._header = fmt, stream, False

    def write(self, doc: Document) -> None:
        if self.fmt == "csv" and not self._header:
            write_csv([], self.stream)
            self._header = True
        if self.fmt == "csv":
            csv.DictWriter(self.stream, fieldnames=CSV_COLUMNS).writerows(event_rows(doc))
        else:
            _print([doc], self.fmt, self.stream)


def _print(docs: list[Document], fmt: str, stream: TextIO) -> None:
    if fmt == "jsonl":
        write_jsonl(docs, stream)
    elif fmt == "csv":
        write_csv(docs, stream)
    elif fmt == "table":
        for doc in docs:
            stream.write(_table(doc))


def _table(doc: Document) -> str:
    record = document_record(doc)
    lines = [
        f"\n{doc.doc_id}  {doc.title or ''}  (published {record['published'] or 'unknown'})",
        "  ".join(name.ljust(width) for name, width in _TABLE_COLUMNS),
    ]
    for row in event_rows(doc):
        cells = {**row, "actor": _party(row, "actor"), "recipient": _party(row, "recipient")}
        lines.append("  ".join(_cell(cells.get(name), width) for name, width in _TABLE_COLUMNS))
    if not doc.events:
        lines.append("(no events)")
    return "\n".join(lines) + "\n"


def _party(row: dict[str, object], role: str) -> str:
    name = row.get(role)
    if not name:
        return "-"
    codes = "/".join(str(row[key]) for key in (f"{role}_code", f"{role}_sector") if row.get(key))
    return f"{name} [{codes or '?'}]"


def _cell(value: object, width: int) -> str:
    text = "-" if value in (None, "") else str(value)
    return (text[: width - 1] + "…" if len(text) > width else text).ljust(width)


_MAX_LISTED = 50


def _summary(tally: _Tally, db: str) -> None:
    click.echo(f"\n{_counts(tally)} -> {db}", err=True)
    for failure in tally.failures[:_MAX_LISTED]:
        click.echo(f"  failed: {failure.source} [{failure.stage}] {failure.reason}", err=True)
    if len(tally.failures) > _MAX_LISTED:
        click.echo(f"  ... and {len(tally.failures) - _MAX_LISTED} more (all are in the failures table)", err=True)
