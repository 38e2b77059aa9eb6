"""The `lvm` command line: parse, call one library function, format.

Heavy modules (scikit-learn, the model) are imported inside the commands that
need them, so `lvm --help`, `--version` and `statements` start fast.
"""

from __future__ import annotations

import functools
import os
import sys

import click

from . import __version__
from .console import EXIT_INTERRUPTED, route_warnings, say
from .errors import LvmError
from .output import FORMATS, write_records


class LvmGroup(click.Group):
    """Turns lvm's own errors into one line and exit 1, and Ctrl-C into exit 130."""

    def invoke(self, ctx: click.Context):
        route_warnings()
        try:
            return super().invoke(ctx)
        except LvmError as exc:
            if os.environ.get("LVM_DEBUG"):
                raise
            raise click.ClickException(str(exc)) from None
        except KeyboardInterrupt:
            say("interrupted")
            raise click.exceptions.Exit(EXIT_INTERRUPTED) from None


def _version_text() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        sklearn = version("scikit-learn")
    except PackageNotFoundError:
        sklearn = "not installed"
    lines = [f"lvm {__version__}", f"scikit-learn {sklearn}"]
    try:
        from .modelstore import describe_active_model

        lines.append(describe_active_model())
    except Exception as exc:  # a broken model must not break --version
        lines.append(f"model: unavailable ({exc})")
    return "\n".join(lines)


def _print_version(ctx: click.Context, _param, value: bool) -> None:
    if value and not ctx.resilient_parsing:
        click.echo(_version_text())
        ctx.exit()


def format_option(command):
    """The shared --format option of every command that prints records."""

    @click.option(
        "--format",
        "fmt",
        type=click.Choice(FORMATS),
        default="table",
        show_default=True,
        help="table for people; json, jsonl, csv or tsv for programs.",
    )
    @functools.wraps(command)
    def wrapper(*args, **kwargs):
        return command(*args, **kwargs)

    return wrapper


@click.group(cls=LvmGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "--version",
    is_flag=True,
    expose_value=False,
    is_eager=True,
    callback=_print_version,
    help="Show lvm, scikit-learn and model versions, then exit.",
)
def cli() -> None:
    """Tell whether statements describe management, leadership, both, or neither.

    \b
    Examples:
      lvm classify "Managers draw up budgets."
      lvm tag report.txt --format csv --output tags.csv
      lvm statements data/sources/001_16663e3a3872eb12.txt
    """


@cli.command()
@click.argument("file", metavar="FILE|-")
@format_option
def statements(file: str, fmt: str) -> None:
    """Split a text file into statements, flagging site boilerplate.

    Each record has the document, the statement's index, its character
    offsets into the file (start, end), whether it is boilerplate, and its
    text.  Use - to read standard input.

    \b
    Example:
      lvm statements article.txt --format jsonl
    """
    from .console import stdout_console
    from .loader import iter_file_statements

    records = (s.to_dict() for s in iter_file_statements(file))
    write_records(
        (
            {k: r[k] for k in ("doc", "index", "start", "end", "boilerplate", "text")}
            for r in records
        ),
        fmt,
        sys.stdout,
        console=stdout_console(),
        title=None,
    )


def main() -> None:
    """Console-script entry point: also handles a closed pipe (`lvm ... | head`)."""
    try:
        cli(prog_name="lvm")
    except BrokenPipeError:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        sys.exit(EXIT_INTERRUPTED + 11)  # 141, as a shell reports SIGPIPE
