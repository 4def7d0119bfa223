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


class ParameterError(ArgumentError):
    """Query parameters are missing or unusable: `names` are the parameters (the CLI says `--param`)."""

    def __init__(self, what: str, names: list[str], problem: str = "", doc: str = ""):
        self.what, self.names, self.problem, self.doc = what, list(names), problem, doc
        if problem:  # one parameter that cannot be used
            message = f"parameter {names[0]}: {problem}"
        else:  # parameters a query needs and did not get
            message = f"{what} needs parameter{'s' if len(names) > 1 else ''} {', '.join(names)}"
        super().__init__(message + (f" ({doc})" if doc else ""))


class UnknownQueryError(ArgumentError):
    """No named query of that name in cypher/; `suggestion` is the closest name, if any (the CLI points at --list)."""

    def __init__(self, name: str, suggestion: str | None = None):
        self.name, self.suggestion = name, suggestion
        hint = f"; did you mean {suggestion}?" if suggestion else ""
        super().__init__(f"no named query {name!r}{hint} (cypher.names() lists them)")


class InputError(ChaingraphError):
    """An input file cannot be read, decoded or parsed."""


class GraphFileError(ChaingraphError):
    """A graph file is missing, truncated, corrupt or of the wrong shape."""


class QueryError(ChaingraphError):
    """A Cypher query was refused or failed."""


class ReadOnlyError(QueryError):
    """A query that changes data (or reads files) was sent without `write=True`; the CLI names its flag."""

    def __init__(self, refused: str):
        self.refused = refused  # what was refused and what was left undone
        super().__init__(f"refused: {refused} (write=True allows it)")

    @classmethod
    def changes_graph(cls) -> ReadOnlyError:
        return cls("this query changes the graph; nothing was changed")

    @classmethod
    def reads_outside(cls) -> ReadOnlyError:
        return cls("loading CSV reads files or URLs, which a read-only query may not do; nothing was read")


class EngineError(ChaingraphError):
    """The embedded engine could not be started or talked to."""


class Neo4jError(ChaingraphError):
    """A Bolt server was unreachable, refused credentials or failed mid-push."""


class NotFoundError(ChaingraphError):
    """A name (chain, region, node) matched nothing; the message lists close matches."""
