"""The `chaingraph` command line: parses arguments and calls library functions.

The commands live by family in `cli_pipeline` (build, extract, evaluate), `cli_query`
(query, push) and `cli_present` (view, report); this module is the group and the entry
point.  With graph/build.py (the composition root) the CLI modules are the only graph
modules that import `loaders`.  Heavy imports happen inside commands so that `--help` is
instant.  Library errors (`ChaingraphError`) become one stderr line; exit status
0 = all good, 1 = some inputs or the operation failed, 2 = usage error.
"""
from __future__ import annotations

import click

from .cli_errors import State, run_cli
from .cli_pipeline import build_command, evaluate_command, extract_command
from .cli_present import report_cmd, view_command
from .cli_query import push_command, query_command


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--debug", is_flag=True, help="Show full tracebacks on errors.")
@click.version_option(package_name="chaingraph")
def cli(debug: bool) -> None:
    """Graph database of China's industrial-chain quality ecosystem (质量强链 / 链长制).

    Example: chaingraph build seeds/ && chaingraph report --top 10
    """
    State.debug = debug  # read by handle_errors


for _command in (build_command, extract_command, evaluate_command, query_command, push_command, view_command,
                 report_cmd):
    cli.add_command(_command)


def main() -> None:
    """Console-script entry point."""
    run_cli(cli)


if __name__ == "__main__":  # pragma: no cover
    main()
