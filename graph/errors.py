"""One exception hierarchy for the whole project.

The library raises these and never prints or exits; the CLI turns each into
one clear stderr line and an exit status.
"""
from __future__ import annotations


class ChaingraphError(Exception):
    """Base class: something the user can fix, with a one-line message."""

    exit_status = 1  # what the CLI exits with


class ArgumentError(ChaingraphError):
    """The command line asks for something that does not exist or cannot be (a usage error, exit status 2)."""

    exit_status = 2


class InputError(ChaingraphError):
    """An input file cannot be read, decoded or parsed."""


class GraphFileError(ChaingraphError):
    """A graph file is missing, truncated, corrupt or of the wrong shape."""


class QueryError(ChaingraphError):
    """A Cypher query was refused or failed."""


class ReadOnlyError(QueryError):
    """A write query was sent without --write."""


class EngineError(ChaingraphError):
    """The embedded engine could not be started or talked to."""


class Neo4jError(ChaingraphError):
    """A Bolt server was unreachable, refused credentials or failed mid-push."""


class NotFoundError(ChaingraphError):
    """A name (chain, region, node) matched nothing; the message lists close matches."""
