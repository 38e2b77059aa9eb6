"""Terminal handling shared by the CLI: consoles, warnings, exit statuses.

Data goes to stdout and talk to stderr, so `lvm ... | other-tool` carries
only records.  rich already drops colour when a stream is not a terminal or
NO_COLOR is set.
"""

from __future__ import annotations

import sys
import warnings

# Exit statuses, in one place (tests check each).
EXIT_OK = 0
EXIT_ERROR = 1
EXIT_USAGE = 2
EXIT_INTERRUPTED = 130


def stdout_console():
    from rich.console import Console

    return Console(file=sys.stdout, highlight=False, soft_wrap=False)


def stderr_console():
    from rich.console import Console

    return Console(file=sys.stderr, highlight=False, soft_wrap=False)


def say(message: str) -> None:
    """One line of talk for the user, on stderr."""
    print(f"lvm: {message}", file=sys.stderr, flush=True)


def _show_warning(message, category, filename, lineno, file=None, line=None):
    say(f"warning: {message}")


def route_warnings() -> None:
    """Show library warnings as one line on stderr instead of a source listing."""
    warnings.showwarning = _show_warning
