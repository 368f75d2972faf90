"""The command line: `backtracker [--data-dir PATH] [--demo] [COMMAND ...]`.

With no command the desktop app opens. Commands are registered in `COMMANDS`; each one is a
module-level `Command` with a name, help text, a function that adds its arguments and a
function that runs it. Every command takes `--data-dir` (added here, so none can forget).
"""

from __future__ import annotations

import argparse
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from backtracker import APP_NAME, __version__


@dataclass(frozen=True)
class Command:
    name: str
    help: str
    configure: Callable[[argparse.ArgumentParser], None]
    run: Callable[[argparse.Namespace], int]


# The registry. It is filled on first use by `registered_commands()` with the built-in commands
# of `backtracker.cli.commands` (imported lazily: that module imports `Command` from here).
# Later features add theirs to `commands.builtin_commands()` (import, export, stats, backup, …).
COMMANDS: list[Command] = []


def registered_commands() -> list[Command]:
    """The registered commands; a list already in `COMMANDS` (e.g. a test's) is kept as is."""
    if not COMMANDS:
        from backtracker.cli.commands import builtin_commands

        COMMANDS.extend(builtin_commands())
    return COMMANDS


def opens_the_app(argv: Sequence[str]) -> bool:
    """Whether `argv` holds only the app's own options: no command, no --help or --version.

    Then the parser needs no commands, and their modules stay unloaded (a faster start).
    Anything else, abbreviations included, gets the full parser and its messages.
    """
    tokens = iter(argv)
    for token in tokens:
        if token == "--data-dir":
            if next(tokens, None) is None:
                return False  # let argparse explain what is missing
        elif token != "--demo" and not token.startswith("--data-dir="):
            return False
    return True


def _add_data_dir(parser: argparse.ArgumentParser, *, default: object) -> None:
    parser.add_argument(
        "--data-dir",
        type=Path,
        metavar="PATH",
        default=default,
        help="folder that holds your database and photos "
        "(default: the platform's user data folder)",
    )


def build_parser(commands: list[Command] | None = None) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="backtracker",
        description=f"{APP_NAME}: track your back training, strength and progress photos.",
    )
    parser.add_argument("--version", action="version", version=f"{APP_NAME} {__version__}")
    _add_data_dir(parser, default=None)
    parser.add_argument(
        "--demo",
        action="store_true",
        help="open a throw-away demo profile in a temporary folder (deleted on exit)",
    )
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    # `commands=[]` parses the app's own options only (see `opens_the_app`).
    for command in commands if commands is not None else registered_commands():
        sub = subparsers.add_parser(command.name, help=command.help, description=command.help)
        # SUPPRESS keeps a --data-dir given before the command from being reset to None.
        _add_data_dir(sub, default=argparse.SUPPRESS)
        command.configure(sub)
        sub.set_defaults(run=command.run)
    return parser
