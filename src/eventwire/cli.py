"""The command line: ``eventwire process`` and ``eventwire classify``, composing the API.

Prints results to stdout and a summary with failures to stderr; no traceback unless --debug.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable
from datetime import date
from pathlib import Path
from typing import TextIO

import click

from eventwire import __version__
from eventwire.api import Engine, classify_pairs
from eventwire.config import Settings
from eventwire.errors import EventwireError
from eventwire.export import document_record, event_rows, write_csv, write_jsonl
from eventwire.model import Document, Failure
from eventwire.store import SqliteStore

_TABLE_COLUMNS = (("event", 9), ("mode", 10), ("status", 12), ("date", 10), ("actor", 34), ("recipient", 34))


def _published(ctx: click.Context, param: click.Parameter, value: str | None) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f"{value!r} is not a date: use YYYY-MM-DD, e.g. 2024-03-26.") from None


@click.group()
@click.version_option(__version__, prog_name="eventwire")
def main() -> None:
    """eventwire: code news articles into PLOVER 2.0 political events."""


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--published", callback=_published, help="Publication date (YYYY-MM-DD) for every input.")
@click.option(
    "--db",
    type=click.Path(path_type=Path),
    default=None,
    help="SQLite database to write (default: eventwire.db, or EVENTWIRE_DB).",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["table", "jsonl", "csv", "none"]),
    default="table",
    show_default=True,
    help="What to print on stdout.",
)
@click.option(
    "--kb",
    "kb_files",
    multiple=True,
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="Extra actor knowledge-base file (JSONL); repeatable.",
)
@click.option("--debug", is_flag=True, help="Show tracebacks instead of one-line failures.")
def process(
    paths: tuple[Path, ...], published: date | None, db: Path | None, fmt: str, kb_files: tuple[Path, ...], debug: bool
) -> None:
    """Process text files, folders and JSONL dumps; store and print the coded events."""
    settings = Settings.from_env()
    if db is not None:
        settings = settings.with_value("db", str(db))
    try:
        engine = Engine(settings, kb_files=kb_files)
        with SqliteStore(settings.db) as store:
            docs, failures = _run(engine, store, paths, published=published, debug=debug)
    except EventwireError as error:
        if debug:
            raise
        raise click.ClickException(str(error)) from None
    _print(docs, fmt, sys.stdout)
    _summary(docs, failures, settings.db)
    if not docs:
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
@click.option("--debug", is_flag=True, help="Show tracebacks.")
def classify(input_path: TextIO, output: TextIO, debug: bool) -> None:
    """Code sentence + source/target pairs: one {"id", "event", "mode", "confidence"} line each."""
    import json

    try:
        engine = Engine(Settings.from_env())
        for result in classify_pairs(input_path, engine=engine):
            output.write(json.dumps(result) + "\n")
    except EventwireError as error:
        if debug:
            raise
        raise click.ClickException(str(error)) from None


def _run(
    engine: Engine, store: SqliteStore, paths: Iterable[Path], *, published: date | None, debug: bool
) -> tuple[list[Document], list[Failure]]:
    docs: list[Document] = []
    failures: list[Failure] = []
    for item in engine.documents(list(paths), published_on=published, debug=debug):
        if isinstance(item, Failure):
            store.write_failure(item)
            failures.append(item)
        else:
            store.write_document(item)
            docs.append(item)
    return docs, failures


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


def _summary(docs: list[Document], failures: list[Failure], db: Path) -> None:
    events = sum(len(doc.events) for doc in docs)
    click.echo(f"\n{len(docs)} documents, {events} events, {len(failures)} failures -> {db}", err=True)
    for failure in failures:
        click.echo(f"  failed: {failure.source} [{failure.stage}] {failure.reason}", err=True)
