"""Every CLI command, option and setting is documented in the README."""

from pathlib import Path

import click

from eventwire.cli import main
from eventwire.config import SETTING_HELP

README = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")


def test_readme_starts_with_the_two_commands() -> None:
    head = README[: README.index("## A tour")]
    assert "make run" in head and "make test" in head


def test_every_command_and_option_is_documented() -> None:
    assert isinstance(main, click.Group)
    for name, command in main.commands.items():
        assert f"eventwire {name}" in README, name
        for param in command.params:
            for opt in getattr(param, "opts", []):
                if opt.startswith("--"):
                    assert opt in README, f"{name} {opt}"


def test_every_setting_is_documented() -> None:
    for name in SETTING_HELP:
        assert f"`{name}`" in README and f"EVENTWIRE_{name.upper()}" in README, name
