"""The Bolt store: push graph.json into Neo4j (or another Bolt server) and query it there.

`push()` is given a driver (like neo4j-graphrag's KG writer) and writes
batched `UNWIND $rows … MERGE` transactions from `cypher/_merge_*.cypher`, so
re-running a push is idempotent and completes an interrupted one.  Neo4j is
told from other Bolt servers by capability (`dbms.components()`), not by the
agent string: FalkorDB answers Bolt as "Neo4j/5.13.0" but rejects that call.
"""
from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from typing import Any, Callable

import networkx as nx

from .cypher_rows import QueryResult, looks_like_write, plain, statement
from .engine import edge_rows, node_rows
from .errors import Neo4jError, QueryError, ReadOnlyError
from .model import NODE_TYPES, GraphData

log = logging.getLogger(__name__)

NEO4J = "neo4j"
OTHER = "other"
# FalkorDB's Bolt listener (experimental) crashes on a message over 4 KiB, so
# batches for servers that are not Neo4j are also cut by encoded size.
OTHER_MAX_MESSAGE = 3500
BOLT_SCHEMES = ("bolt", "bolt+s", "bolt+ssc", "neo4j", "neo4j+s", "neo4j+ssc")


@dataclass(frozen=True)
class PushStats:
    """What a push wrote: rows sent, transactions (batches) committed, server kind."""

    nodes: int
    edges: int
    batches: int
    server: str
    database: str | None


def connect(uri: str, *, username: str | None = None, password: str | None = None,
            timeout: float = 30.0):
    """A verified `neo4j.Driver`; Neo4jError with one line for bad URI, unreachable server, auth, timeout."""
    import neo4j

    scheme = uri.split("://", 1)[0].lower() if "://" in uri else ""
    if scheme not in BOLT_SCHEMES:
        raise Neo4jError(f"bad Bolt URI {uri!r}: use one of " + ", ".join(f"{s}://" for s in BOLT_SCHEMES))
    auth = (username or "neo4j", password or "")
    try:
        driver = neo4j.GraphDatabase.driver(
            uri, auth=auth, connection_timeout=timeout, connection_acquisition_timeout=timeout,
            max_transaction_retry_time=timeout, user_agent="chaingraph",
        )
    except (ValueError, neo4j.exceptions.ConfigurationError) as exc:
        raise Neo4jError(f"bad Bolt URI {uri!r}: {exc}") from None
    for attempt in (1, 2):  # a server may drop the first connection after another client's GOODBYE
        try:
            driver.verify_connectivity()
            return driver
        except neo4j.exceptions.ServiceUnavailable as exc:
            if attempt == 2 or "refused" in str(exc).lower() or "unreachable" in str(exc).lower():
                driver.close()
                raise translate(exc, uri) from None
        except Exception as exc:
            driver.close()
            raise translate(exc, uri) from None
    raise AssertionError("unreachable")  # pragma: no cover


def translate(exc: BaseException, uri: str = "", *, database: str | None = None) -> Exception:
    """One clear chaingraph error for a driver exception."""
    import neo4j.exceptions as ne

    where = f" at {uri}" if uri else ""
    text = " ".join(str(exc).split())
    if isinstance(exc, ne.AuthError):
        return Neo4jError(f"authentication failed{where}: check NEO4J_USERNAME / NEO4J_PASSWORD")
    if isinstance(exc, ne.ServiceUnavailable) or isinstance(exc, (ConnectionError, OSError)):
        low = text.lower()
        if "timed out" in low or "timeout" in low or "deadline" in low or "handshake" in low:
            return Neo4jError(f"Bolt server{where} timed out (no answer within the connection timeout)")
        if "refused" in low:
            return Neo4jError(f"cannot reach the Bolt server{where}: connection refused (is it running?)")
        if "unreachable" in low or "no route" in low or "resolve" in low or "name or service" in low:
            return Neo4jError(f"cannot reach the Bolt server{where}: host unreachable")
        return Neo4jError(f"lost the Bolt server{where}: {text}")
    if isinstance(exc, ne.SessionExpired):
        return Neo4jError(f"lost the Bolt server{where}: {text}")
    if isinstance(exc, ne.Neo4jError):
        code = exc.code or ""
        if code.endswith("DatabaseNotFound"):
            what = f"database {database!r}" if database else "the server's default database"
            return Neo4jError(f"{what} does not exist{where}")
        if code.endswith(("AccessMode", "ForbiddenDueToTransactionType")) or "access mode" in text.lower():
            return ReadOnlyError("refused: this query changes the graph; nothing was changed "
                                 "(re-run with --write to allow it)")
        if code.startswith("Neo.ClientError.Security"):
            return Neo4jError(f"not allowed{where}: {exc.message or text}")
        if code.startswith("Neo.ClientError.Statement"):
            return QueryError(f"query failed: {exc.message or text}")
        return Neo4jError(f"the Bolt server{where} failed ({code}): {exc.message or text}")
    if isinstance(exc, ne.DriverError):
        return Neo4jError(f"Bolt driver error{where}: {text}")
    return Neo4jError(f"Bolt error{where}: {type(exc).__name__}: {text}")


def server_kind(driver, *, database: str | None = None) -> str:
    """`"neo4j"` if the server answers `dbms.components()`, else `"other"` (e.g. FalkorDB)."""
    import neo4j.exceptions as ne

    try:
        records, _, _ = driver.execute_query(statement("server_is_neo4j"), database_=database)
    except (ne.ServiceUnavailable, ne.SessionExpired) as exc:
        raise translate(exc) from None
    except ne.AuthError as exc:
        raise translate(exc) from None
    except ne.Neo4jError as exc:
        if (exc.code or "").endswith("DatabaseNotFound"):
            raise translate(exc, database=database) from None
        return OTHER
    return NEO4J if records else OTHER


def ensure_schema(driver, *, database: str | None = None, kind: str | None = None) -> None:
    """Uniqueness constraints on `id` (Neo4j) or id indexes (other servers) for every node label."""
    import neo4j.exceptions as ne

    kind = kind or server_kind(driver, database=database)
    for label in NODE_TYPES:
        if kind == NEO4J:
            try:
                driver.execute_query(statement("schema_neo4j", label=label), database_=database)
            except ne.Neo4jError as exc:
                raise translate(exc, database=database) from None
        else:
            try:
                driver.execute_query(statement("schema_index", label=label), database_=database)
            except (ne.ServiceUnavailable, ne.SessionExpired) as exc:
                raise translate(exc) from None
            except ne.Neo4jError:  # the index exists already (FalkorDB says so with an error)
                log.debug("index on %s.id exists", label)


def _batches(rows: list[dict], batch_size: int, max_bytes: int | None) -> list[list[dict]]:
    out: list[list[dict]] = []
    cur: list[dict] = []
    size = 0
    for row in rows:
        n = len(json.dumps(row, ensure_ascii=False).encode()) if max_bytes else 0
        if max_bytes and n > max_bytes:
            ident = row.get("id") or f"{row.get('source')} -> {row.get('target')}"
            raise Neo4jError(f"{ident}: {n} bytes of properties, more than this Bolt server accepts "
                             f"in one message ({max_bytes})")
        if cur and (len(cur) >= batch_size or (max_bytes and size + n > max_bytes)):
            out.append(cur)
            cur, size = [], 0
        cur.append(row)
        size += n
    if cur:
        out.append(cur)
    return out


def push(graph: GraphData | nx.MultiDiGraph, driver, *, database: str | None = None, batch_size: int = 500,
         progress: Callable[[int, int], None] | None = None) -> PushStats:
    """MERGE every node, then every edge, in transactions of `batch_size` rows (1 = one row per transaction).

    Idempotent: pushing twice leaves the same counts.  On failure raises
    Neo4jError saying how many batches were committed; re-running completes
    the push.  `progress(committed, total)` is called after each batch.
    """
    import neo4j.exceptions as ne

    from .store import to_networkx

    if batch_size < 1:
        raise Neo4jError(f"batch size must be at least 1, not {batch_size}")
    g = to_networkx(graph) if isinstance(graph, GraphData) else graph
    kind = server_kind(driver, database=database)
    ensure_schema(driver, database=database, kind=kind)
    max_bytes = None if kind == NEO4J else OTHER_MAX_MESSAGE
    work: list[tuple[str, list[dict]]] = []
    for label, rows in sorted(node_rows(g).items()):
        stmt = statement("merge_nodes", label=label)
        work += [(stmt, b) for b in _batches(rows, batch_size, max_bytes)]
    for (rel_type, src, dst), rows in sorted(edge_rows(g).items()):
        stmt = statement("merge_edges", rel_type=rel_type, source=src, target=dst)
        work += [(stmt, b) for b in _batches(rows, batch_size, max_bytes)]

    def write_batch(tx, stmt: str, rows: list[dict]) -> None:
        tx.run(stmt, rows=rows).consume()

    done = 0
    try:
        with driver.session(database=database) as session:
            for stmt, rows in work:
                session.execute_write(write_batch, stmt, rows)
                done += 1
                if progress:
                    progress(done, len(work))
    except (ne.Neo4jError, ne.DriverError, OSError) as exc:
        cause = translate(exc, database=database)
        raise Neo4jError(f"push stopped after {done} of {len(work)} batches were committed ({cause}); "
                         "re-run the push to complete it") from None
    return PushStats(nodes=g.number_of_nodes(), edges=g.number_of_edges(), batches=len(work), server=kind,
                     database=database)


def run_query(driver, text: str, params: dict[str, Any] | None = None, *, database: str | None = None,
              write: bool = False) -> QueryResult:
    """Run Cypher over Bolt: READ access mode unless `write`.

    Servers other than Neo4j ignore the access mode, so there a query whose
    text has an updating clause is refused before it is sent.
    """
    import neo4j
    import neo4j.exceptions as ne

    if not write and looks_like_write(text) and server_kind(driver, database=database) != NEO4J:
        raise ReadOnlyError("refused: this query changes the graph; nothing was changed "
                            "(re-run with --write to allow it)")
    mode = neo4j.WRITE_ACCESS if write else neo4j.READ_ACCESS

    def work(tx):
        res = tx.run(text, params or {})
        keys = tuple(res.keys())
        return keys, [tuple(plain(v) for v in rec.values()) for rec in res]

    try:
        with driver.session(database=database, default_access_mode=mode) as session:
            keys, rows = session.execute_write(work) if write else session.execute_read(work)
    except (ne.Neo4jError, ne.DriverError, OSError) as exc:
        raise translate(exc, database=database) from None
    return QueryResult(columns=keys, rows=tuple(rows))


def counts(driver, *, database: str | None = None) -> tuple[dict[str, int], dict[str, int]]:
    """(nodes per label, edges per relationship type) on the server."""
    labels = run_query(driver, "MATCH (n) RETURN labels(n)[0] AS l, count(n) AS c", database=database)
    types = run_query(driver, "MATCH ()-[r]->() RETURN type(r) AS t, count(r) AS c", database=database)
    return {r[0]: r[1] for r in labels.rows}, {r[0]: r[1] for r in types.rows}
