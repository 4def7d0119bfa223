"""The `chaingraph` command line: parses arguments and calls library functions.

This is the one module that imports both `graph` and `loaders`.  Heavy imports
happen inside commands so that `--help` is instant.  Library errors
(`ChaingraphError`) become one stderr line; exit status 0 = all good,
1 = some inputs or the operation failed, 2 = usage error.
"""
from __future__ import annotations

import functools
import sys

import click

from .errors import ChaingraphError

GRAPH_OPTION_HELP = "graph.json file or build directory (default: out/graph.json)"


class _State:
    debug = False


def _fail(message: str, status: int = 1) -> None:
    click.echo(f"chaingraph: {message}", err=True)
    sys.exit(status)


def handle_errors(fn):
    """Turn library errors into one clear line (traceback only with --debug)."""

    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        try:
            return fn(*args, **kwargs)
        except ChaingraphError as exc:
            if _State.debug:
                raise
            _fail(str(exc))
        except KeyboardInterrupt:
            _fail("interrupted", 130)
        except (click.exceptions.Exit, click.ClickException, SystemExit):
            raise
        except Exception as exc:  # an unexpected bug: still one line unless --debug
            if _State.debug:
                raise
            _fail(f"internal error: {type(exc).__name__}: {exc} (re-run with --debug for details)")

    return wrapper


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--debug", is_flag=True, help="Show full tracebacks on errors.")
@click.version_option(package_name="chaingraph")
def cli(debug: bool) -> None:
    """Graph database of China's industrial-chain quality ecosystem (质量强链 / 链长制).

    Example: chaingraph build seeds/ && chaingraph report --top 10
    """
    _State.debug = debug


# --- commands: each section below belongs to one feature area -------------


def main() -> None:
    """Console-script entry point."""
    cli(prog_name="chaingraph")


if __name__ == "__main__":  # pragma: no cover
    main()
