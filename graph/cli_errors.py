"""The CLI's one error line: every failure becomes `chaingraph: <message>` on stderr, made printable.

File names and article text can hold escape sequences and line breaks; an
error line shows them escaped, so it never retitles or clears the terminal and
stays one line.  Exit status: 1 = the operation failed, 2 = usage error,
130 = interrupted.
"""
from __future__ import annotations

import functools
import os
import sys

import click

from .errors import ChaingraphError, ParameterError, ReadOnlyError, UnknownQueryError
from .terminal import printable


class State:
    debug = False


def fail(message: str, status: int = 1) -> None:
    """Print one sanitized error line and exit with `status`."""
    click.echo(f"chaingraph: {printable(message)}", err=True)
    sys.exit(status)


def note(message: str) -> None:
    """One sanitized informational line on stderr (the command goes on)."""
    click.echo(f"chaingraph: {printable(message)}", err=True)


def cli_message(exc: ChaingraphError) -> str:
    """The library's message in the CLI's words: library arguments (write=True, parameters) as its flags."""
    if isinstance(exc, ReadOnlyError):
        return f"refused: {exc.refused} (re-run with --write to allow it)"
    if isinstance(exc, ParameterError):
        doc = f" ({exc.doc})" if exc.doc else ""
        if exc.problem:
            return f"--param {exc.names[0]}: {exc.problem}{doc}"
        return f"{exc.what} needs " + ", ".join(f"--param {m}=..." for m in exc.names) + doc
    if isinstance(exc, UnknownQueryError):
        hint = f"; did you mean {exc.suggestion}?" if exc.suggestion else ""
        return f"no named query {exc.name!r}{hint} (see `chaingraph query --list`)"
    return str(exc)


def os_error_message(exc: OSError) -> str:
    """`<file>: <reason>` for an OSError that escaped the library."""
    name = exc.filename
    if isinstance(name, str) and os.path.basename(name).startswith(".") and name.endswith(".tmp"):
        name = os.path.dirname(name) or "."  # an atomic write's temp file: the folder is what matters
        return f"{name}: cannot write into this folder: {exc.strerror or exc}"
    if name is not None:
        return f"{os.fsdecode(name)}: {exc.strerror or exc}"
    return f"{exc.strerror or exc}"


def handle_errors(fn):
    """Turn library errors into one clear line (traceback only with --debug)."""

    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        try:
            return fn(*args, **kwargs)
        except ChaingraphError as exc:
            if State.debug:
                raise
            fail(cli_message(exc), exc.exit_status)
        except KeyboardInterrupt:
            fail("interrupted", 130)
        except BrokenPipeError:  # e.g. `chaingraph query ... | head`: the reader left, not an error
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            sys.exit(0)
        except (click.exceptions.Exit, click.ClickException, SystemExit):
            raise
        except OSError as exc:  # a file the command was pointed at: one line naming it
            if State.debug:
                raise
            fail(os_error_message(exc))
        except Exception as exc:  # an unexpected bug: still one line unless --debug
            if State.debug:
                raise
            fail(f"internal error: {type(exc).__name__}: {exc} (re-run with --debug for details)")

    return wrapper


def run_cli(group: click.Group) -> None:
    """Run the click group as the console script, with click's own usage errors sanitized too."""
    try:
        rv = group.main(prog_name="chaingraph", standalone_mode=False)
    except click.ClickException as exc:
        exc.message = printable(exc.message)
        exc.show()
        sys.exit(exc.exit_code)
    except click.exceptions.Abort:
        click.echo("Aborted!", err=True)
        sys.exit(1)
    sys.exit(rv if isinstance(rv, int) else 0)
