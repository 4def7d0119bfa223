"""The Bolt store: push graph.json into Neo4j (or another Bolt server) and query it there.

`push()` is given a driver (like neo4j-graphrag's KG writer) and writes
batched `UNWIND $rows … MERGE` transactions from `cypher/_merge_*.cypher`, so
re-running a push is idempotent and completes an interrupted one.  Neo4j is
told from other Bolt servers by capability (`dbms.components()`), not by the
agent string: FalkorDB answers Bolt as "Neo4j/5.13.0" but rejects that call.
"""
from __future__ import annotations

import logging
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any, Callable, Iterator

import networkx as nx

from .cypher_rows import QueryResult, plain
from .cypher_statements import APPENDABLE, statement
from .cypher_text import looks_like_write
from .engine import edge_rows, node_rows
from .errors import Neo4jError, QueryError, ReadOnlyError
from .model import NODE_TYPES, GraphData

log = logging.getLogger(__name__)

NEO4J = "neo4j"
OTHER = "other"
# FalkorDB's Bolt listener (experimental) crashes on a message over ~4 KiB (measured: a
# RUN of ~3,950 bytes passes, ~4,030 kills it), so statements for servers that are not
# Neo4j are cut to this many PackStream bytes (the rest is headroom for the BEGIN/PULL
# sent in the same packet).
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
    if not logging.getLogger("neo4j").handlers:  # the driver's own warnings would add lines to our one-line errors
        logging.getLogger("neo4j").addHandler(logging.NullHandler())
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
            cause = translate(exc, uri)
            if attempt == 2 or not str(cause).startswith("lost the Bolt server"):  # only a dropped one is retried
                driver.close()
                raise cause from None
        except Exception as exc:
            driver.close()
            raise translate(exc, uri) from None
    raise AssertionError("unreachable")  # pragma: no cover


def translate(exc: BaseException, uri: str = "", *, database: str | None = None) -> Exception:
    """One clear chaingraph error for a driver exception."""
    import neo4j.exceptions as ne

    where = f" at {uri}" if uri else ""
    text = " ".join(str(exc).split())
    routing = "routing information" in text
    if routing:  # neo4j:// failed before any connection: the reasons are in the cause's exception group
        text = " ".join([text, *(" ".join(str(e).split()) for e in _leaves(exc.__cause__))])
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
        if routing:
            return Neo4jError(f"no routing table from the Bolt server{where} (is it a Neo4j server? try bolt://)")
        return Neo4jError(f"lost the Bolt server{where}: {text}")
    if isinstance(exc, ne.SessionExpired):
        return Neo4jError(f"lost the Bolt server{where}: {text}")
    if isinstance(exc, ne.Neo4jError):
        code = exc.code or ""
        if code.endswith("DatabaseNotFound"):
            what = f"database {database!r}" if database else "the server's default database"
            return Neo4jError(f"{what} does not exist{where}")
        if code.endswith(("AccessMode", "ForbiddenDueToTransactionType")) or "access mode" in text.lower():
            return ReadOnlyError.changes_graph()
        if code.startswith("Neo.ClientError.Security"):
            return Neo4jError(f"not allowed{where}: {exc.message or text}")
        if code.startswith("Neo.ClientError.Statement"):
            return QueryError(f"query failed: {exc.message or text}")
        return Neo4jError(f"the Bolt server{where} failed ({code}): {exc.message or text}")
    if isinstance(exc, ne.DriverError):
        return Neo4jError(f"Bolt driver error{where}: {text}")
    return Neo4jError(f"Bolt error{where}: {type(exc).__name__}: {text}")


def _leaves(exc: BaseException | None) -> list[BaseException]:
    """The innermost exceptions of an exception (group) chain."""
    if exc is None:
        return []
    if isinstance(exc, BaseExceptionGroup):
        return [leaf for sub in exc.exceptions for leaf in _leaves(sub)]
    return _leaves(exc.__cause__) or [exc]


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


def packed_size(value: Any) -> int:
    """Bytes of `value` in Bolt's PackStream encoding (what a RUN message carries)."""
    def header(n: int) -> int:
        return 1 if n < 16 else 2 if n < 256 else 3 if n < 65536 else 5

    if value is None or isinstance(value, bool):
        return 1
    if isinstance(value, int):
        return 1 if -16 <= value < 128 else 2 if -128 <= value < 128 else 3 if -32768 <= value < 32768 \
            else 5 if -2**31 <= value < 2**31 else 9
    if isinstance(value, float):
        return 9
    if isinstance(value, str):
        n = len(value.encode("utf-8", "surrogatepass"))
        return (1 if n < 16 else 2 if n < 256 else 3 if n < 65536 else 5) + n
    if isinstance(value, (list, tuple)):
        return header(len(value)) + sum(packed_size(v) for v in value)
    if isinstance(value, dict):
        return header(len(value)) + sum(packed_size(str(k)) + packed_size(v) for k, v in value.items())
    return packed_size(str(value))


def literal_size(value: Any) -> int:
    """Bytes of `value` written as a Cypher literal the way FalkorDB's Bolt listener inlines parameters
    (`'text'`, `[a, b]`, `{k: v}`, floats as `%f`); quotes and backslashes counted as escaped."""
    if value is None:
        return 4
    if isinstance(value, bool):
        return 5
    if isinstance(value, int):
        return len(str(value))
    if isinstance(value, float):
        return len(f"{value:f}")
    if isinstance(value, str):
        return 2 + len(value.encode("utf-8", "surrogatepass")) + value.count("'") + value.count("\\") \
            + value.count('"')
    if isinstance(value, (list, tuple)):
        return 2 + sum(literal_size(v) for v in value) + 2 * max(len(value) - 1, 0)
    if isinstance(value, dict):
        return 2 + sum(len(str(k).encode()) + 2 + literal_size(v) for k, v in value.items()) \
            + 2 * max(len(value) - 1, 0)
    return literal_size(str(value))


def _message_size(text: str, params: dict) -> int:
    """What one RUN costs against the cap: its PackStream message, or FalkorDB's inlined query text
    (`CYPHER k=<literal> ... <query>`, built in a fixed-size buffer), whichever is bigger."""
    packed = 4 + packed_size(text) + packed_size(params) + 1  # RUN marker + signature, extra {}, chunk framing
    inlined = 7 + sum(len(k.encode()) + 2 + literal_size(v) for k, v in params.items()) + len(text.encode())
    return max(packed, inlined)


class _Rows(list):
    """`$rows` with a short repr: the driver formats every RUN's parameters for its debug log even when it is off."""
    def __repr__(self) -> str:
        return f"<{len(self)} rows>"


def _batches(rows: list[dict], batch_size: int) -> list[list[dict]]:
    """Rows cut into transactions of `batch_size` rows."""
    return [rows[i:i + batch_size] for i in range(0, len(rows), batch_size)]


@dataclass(frozen=True)
class _Target:
    """Where a group of rows goes: a node label, or an edge type between two labels."""

    label: str | None = None
    rel_type: str | None = None
    source: str | None = None
    target: str | None = None

    def merge(self) -> str:
        if self.label:
            return statement("merge_nodes", label=self.label)
        return statement("merge_edges", rel_type=self.rel_type, source=self.source, target=self.target)

    def append(self, prop: str) -> str:
        if prop not in APPENDABLE:
            raise Neo4jError(f"cannot write property {prop!r} in pieces (not a schema property)")
        if self.label:
            return statement("append_node", label=self.label, prop=prop)
        return statement("append_edge", rel_type=self.rel_type, source=self.source, target=self.target, prop=prop)

    def keys(self, row: dict) -> dict:
        return {"id": row["id"]} if self.label else {"source": row["source"], "target": row["target"]}


def _ident(row: dict) -> str:
    return row.get("id") or f"{row.get('source')} -> {row.get('target')}"


def _pieces(value: list | str, budget: int, where: str) -> list:
    """A long list or string cut into pieces of at most `budget` bytes each (as `literal_size` counts)."""
    out: list = []
    if isinstance(value, str):
        cur: list[str] = []
        size = 2
        for ch in value:  # by character: a piece never splits a UTF-8 sequence
            n = literal_size(ch) - 2
            if cur and size + n > budget:
                out.append("".join(cur))
                cur, size = [], 2
            cur.append(ch)
            size += n
        return out + (["".join(cur)] if cur else [])
    items: list = []
    size = 2
    for item in value:
        n = literal_size(item) + 2
        if 2 + n > budget:
            raise Neo4jError(f"{where}: one list item is {n} bytes, more than this Bolt server accepts in one "
                             f"message ({budget})")
        if items and size + n > budget:
            out.append(items)
            items, size = [], 2
        items.append(item)
        size += n
    return out + ([items] if items else [])


def _row_in_pieces(target: _Target, row: dict, max_bytes: int) -> list[tuple[str, dict]]:
    """Statements writing one row too big for a message: MERGE with the short properties and empty
    long ones (so a re-run starts again from nothing), then appends of the long ones in pieces."""
    merge = target.merge()
    keys = target.keys(row)
    first = dict(row["props"])
    split: list[str] = []
    long_props = sorted(row["props"], key=lambda k: (-literal_size(row["props"][k]), k))
    for prop in long_props:  # biggest first, until the rest fits
        if _message_size(merge, {"rows": [{**row, "props": first}]}) <= max_bytes:
            break
        value = row["props"][prop]
        if not isinstance(value, (list, tuple, str)) or prop not in APPENDABLE:
            raise Neo4jError(f"{_ident(row)}: property {prop!r} is {literal_size(value)} bytes, more than this "
                             f"Bolt server accepts in one message ({max_bytes})")
        first[prop] = "" if isinstance(value, str) else []
        split.append(prop)
    if _message_size(merge, {"rows": [{**row, "props": first}]}) > max_bytes:
        raise Neo4jError(f"{_ident(row)}: the row's keys alone are more than this Bolt server accepts in one "
                         f"message ({max_bytes})")
    out = [(merge, {"rows": [{**row, "props": first}]})]
    for prop in sorted(split):
        text = target.append(prop)
        budget = max_bytes - _message_size(text, {**keys, "piece": ""})
        for piece in _pieces(row["props"][prop], budget, f"{_ident(row)}: {prop}"):
            out.append((text, {**keys, "piece": piece}))
    return out


def _transaction(target: _Target, rows: list[dict], max_bytes: int | None) -> list[tuple[str, dict]]:
    """The statements of one transaction: one UNWIND (Neo4j), or UNWINDs cut to `max_bytes` per message
    with rows too big for any message written in pieces (FalkorDB's Bolt listener)."""
    merge = target.merge()
    if max_bytes is None:
        return [(merge, {"rows": _Rows(rows)})]
    out: list[tuple[str, dict]] = []
    cur: list[dict] = []
    base = _message_size(merge, {"rows": []})
    size = base
    for row in rows:
        n = literal_size(row) + 2  # the ", " between rows
        if base + n > max_bytes:
            if cur:
                out.append((merge, {"rows": _Rows(cur)}))
                cur, size = [], base
            out += _row_in_pieces(target, row, max_bytes)
            continue
        if cur and size + n > max_bytes:
            out.append((merge, {"rows": _Rows(cur)}))
            cur, size = [], base
        cur.append(row)
        size += n
    if cur:
        out.append((merge, {"rows": _Rows(cur)}))
    return out


def _work(g: nx.MultiDiGraph, batch_size: int, max_bytes: int | None) -> tuple[int, Iterator[list]]:
    """(transactions, their statements: nodes by label, then edges by type).  Capped servers: planned up front,
    so an unwritable row fails before anything is sent; Neo4j: edge rows built in a thread during node batches."""
    nodes = sorted(node_rows(g).items())
    if max_bytes is not None:
        groups = [(_Target(label=label), rows) for label, rows in nodes]
        groups += [(_Target(None, *key), rows) for key, rows in sorted(edge_rows(g).items())]
        work = [_transaction(target, b, max_bytes) for target, rows in groups for b in _batches(rows, batch_size)]
        return len(work), iter(work)
    edges = ThreadPoolExecutor(1, "chaingraph-edge-rows").submit(edge_rows, g)  # its thread ends after this job
    per_key = Counter((a["type"], g.nodes[u]["type"], g.nodes[v]["type"]) for u, v, a in g.edges(data=True))
    total = sum(-(-len(rows) // batch_size) for _, rows in nodes) + sum(-(-n // batch_size) for n in per_key.values())

    def statements() -> Iterator[list]:
        for label, rows in nodes:
            for batch in _batches(rows, batch_size):
                yield _transaction(_Target(label=label), batch, None)
        for key, rows in sorted(edges.result().items()):
            for batch in _batches(rows, batch_size):
                yield _transaction(_Target(None, *key), batch, None)

    return total, statements()


def push(graph: GraphData | nx.MultiDiGraph, driver, *, database: str | None = None, batch_size: int = 2000,
         progress: Callable[[int, int], None] | None = None) -> PushStats:
    """MERGE every node, then every edge, in transactions of `batch_size` rows (1 = one row per transaction).

    A transaction is one UNWIND on Neo4j; on other Bolt servers (FalkorDB,
    whose listener takes ~4 KiB per message) it runs several size-capped
    UNWINDs, and a row too big for one message is MERGEd with its short
    properties and gets its long lists/strings appended in pieces.
    Idempotent: pushing twice leaves the same nodes, edges and properties.  On
    failure raises Neo4jError saying how many batches were committed;
    re-running completes the push.  `progress(committed, total)` is called
    after each batch.
    """
    import neo4j.exceptions as ne

    from .store import to_networkx

    if batch_size < 1:
        raise Neo4jError(f"batch size must be at least 1, not {batch_size}")
    g = to_networkx(graph) if isinstance(graph, GraphData) else graph
    kind = server_kind(driver, database=database)
    ensure_schema(driver, database=database, kind=kind)
    max_bytes = None if kind == NEO4J else OTHER_MAX_MESSAGE
    total, work = _work(g, batch_size, max_bytes)

    def write_batch(tx, statements: list[tuple[str, dict]]) -> None:
        for text, params in statements:
            tx.run(text, params).consume()

    done = 0
    try:
        with driver.session(database=database) as session:
            for statements in work:
                session.execute_write(write_batch, statements)
                done += 1
                if progress:
                    progress(done, total)
    except (ne.Neo4jError, ne.DriverError, OSError) as exc:
        cause = translate(exc, database=database)
        raise Neo4jError(f"push stopped after {done} of {total} batches were committed ({cause}); "
                         "re-run the push to complete it") from None
    return PushStats(nodes=g.number_of_nodes(), edges=g.number_of_edges(), batches=total, server=kind,
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
        raise ReadOnlyError.changes_graph()
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
    import cypher

    labels = run_query(driver, cypher.load("node_counts").text, database=database)
    types = run_query(driver, cypher.load("edge_counts").text, database=database)
    return {r[0]: r[1] for r in labels.rows}, {r[0]: r[1] for r in types.rows}
