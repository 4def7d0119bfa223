"""A minimal Bolt server for tests: real handshake, PackStream and chunking, scripted FAILUREs.

FalkorDB's Bolt listener accepts any password, so the driver's authentication
and "no such database" paths need a server that says no.  This one speaks just
enough Bolt (4.4 or 5.x, whichever the test asks for and the driver offers):
it answers HELLO/LOGON and then BEGIN/RUN with FAILURE messages the way Neo4j
does, and records every message it received.  It binds 127.0.0.1 only.
"""
from __future__ import annotations

import socket
import struct
import threading
from dataclasses import dataclass, field
from typing import Any

MAGIC = b"\x60\x60\xb0\x17"
MANIFEST_V1 = b"\x00\x00\x01\xff"

HELLO, GOODBYE, RESET, RUN, BEGIN, COMMIT, ROLLBACK = 0x01, 0x02, 0x0F, 0x10, 0x11, 0x12, 0x13
DISCARD, PULL, LOGON, LOGOFF = 0x2F, 0x3F, 0x6A, 0x6B
SUCCESS, RECORD, IGNORED, FAILURE = 0x70, 0x71, 0x7E, 0x7F
NAMES = {HELLO: "HELLO", GOODBYE: "GOODBYE", RESET: "RESET", RUN: "RUN", BEGIN: "BEGIN", COMMIT: "COMMIT",
         ROLLBACK: "ROLLBACK", DISCARD: "DISCARD", PULL: "PULL", LOGON: "LOGON", LOGOFF: "LOGOFF",
         0x54: "TELEMETRY", 0x66: "ROUTE"}

UNAUTHORIZED = ("Neo.ClientError.Security.Unauthorized",
                "The client is unauthorized due to authentication failure.")
NO_DATABASE = ("Neo.ClientError.Database.DatabaseNotFound", "Database does not exist. Database name: 'x'.")
SERVER_INFO = {"server": "Neo4j/5.20.0", "connection_id": "bolt-1"}


# --- PackStream ------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Structure:
    tag: int
    fields: tuple


def pack(value: Any) -> bytes:
    """PackStream encoding of None, bool, int, float, str, list, dict and Structure."""
    if value is None:
        return b"\xc0"
    if value is True:
        return b"\xc3"
    if value is False:
        return b"\xc2"
    if isinstance(value, int):
        if -16 <= value < 128:
            return struct.pack(">b", value)
        for marker, fmt in ((0xC8, ">b"), (0xC9, ">h"), (0xCA, ">i"), (0xCB, ">q")):
            try:
                return bytes([marker]) + struct.pack(fmt, value)
            except struct.error:
                continue
        raise ValueError(f"integer out of range: {value}")
    if isinstance(value, float):
        return b"\xc1" + struct.pack(">d", value)
    if isinstance(value, str):
        data = value.encode("utf-8")
        return _sized(len(data), 0x80, 0xD0) + data
    if isinstance(value, (list, tuple)):
        return _sized(len(value), 0x90, 0xD4) + b"".join(pack(v) for v in value)
    if isinstance(value, dict):
        return _sized(len(value), 0xA0, 0xD8) + b"".join(pack(k) + pack(v) for k, v in value.items())
    if isinstance(value, Structure):
        return bytes([0xB0 + len(value.fields), value.tag]) + b"".join(pack(f) for f in value.fields)
    raise TypeError(f"cannot pack {type(value).__name__}")


def _sized(n: int, tiny: int, marker8: int) -> bytes:
    if n < 16:
        return bytes([tiny + n])
    for i, fmt in enumerate((">B", ">H", ">I")):
        if n < 1 << (8 * struct.calcsize(fmt)):
            return bytes([marker8 + i]) + struct.pack(fmt, n)
    raise ValueError("too long")


def unpack(data: bytes, pos: int = 0) -> tuple[Any, int]:
    """Decode one PackStream value at `pos`; returns (value, next position)."""
    m = data[pos]
    pos += 1
    if m < 0x80:
        return m, pos
    if m >= 0xF0:
        return m - 0x100, pos
    hi, lo = m & 0xF0, m & 0x0F
    if hi == 0x80:
        return data[pos:pos + lo].decode("utf-8"), pos + lo
    if hi == 0x90:
        return _items(data, pos, lo, list_=True)
    if hi == 0xA0:
        return _items(data, pos, lo, list_=False)
    if hi == 0xB0:
        tag = data[pos]
        fields, pos = _items(data, pos + 1, lo, list_=True)
        return Structure(tag, tuple(fields)), pos
    if m == 0xC0:
        return None, pos
    if m in (0xC2, 0xC3):
        return m == 0xC3, pos
    if m == 0xC1:
        return struct.unpack_from(">d", data, pos)[0], pos + 8
    ints = {0xC8: ">b", 0xC9: ">h", 0xCA: ">i", 0xCB: ">q"}
    if m in ints:
        return struct.unpack_from(ints[m], data, pos)[0], pos + struct.calcsize(ints[m])
    sizes = {0: ">B", 1: ">H", 2: ">I"}
    for base, kind in ((0xCC, "bytes"), (0xD0, "str"), (0xD4, "list"), (0xD8, "map")):
        if base <= m <= base + 2:
            fmt = sizes[m - base]
            n = struct.unpack_from(fmt, data, pos)[0]
            pos += struct.calcsize(fmt)
            if kind == "bytes":
                return data[pos:pos + n], pos + n
            if kind == "str":
                return data[pos:pos + n].decode("utf-8"), pos + n
            return _items(data, pos, n, list_=kind == "list")
    raise ValueError(f"unknown PackStream marker 0x{m:02X}")


def _items(data: bytes, pos: int, n: int, *, list_: bool) -> tuple[Any, int]:
    if list_:
        out = []
        for _ in range(n):
            v, pos = unpack(data, pos)
            out.append(v)
        return out, pos
    d = {}
    for _ in range(n):
        k, pos = unpack(data, pos)
        d[k], pos = unpack(data, pos)
    return d, pos


def chunked(message: bytes, max_chunk: int = 0xFFFF) -> bytes:
    """Bolt framing: 2-byte big-endian sized chunks, then a 0x0000 end marker."""
    out = b"".join(struct.pack(">H", len(message[i:i + max_chunk])) + message[i:i + max_chunk]
                   for i in range(0, len(message), max_chunk))
    return out + b"\x00\x00"


# --- the server ------------------------------------------------------------------------------------

@dataclass
class Received:
    """One client message: its name and decoded fields."""

    name: str
    fields: tuple


@dataclass
class BoltStub:
    """`with BoltStub(...) as stub:` serves bolt://127.0.0.1:<stub.port> until the block ends.

    version: the Bolt version to agree on (must be among the driver's offers).
    auth_failure: answer the credentials (LOGON from 5.1, HELLO before) with Unauthorized.
    query_failure: (code, message) for the first BEGIN or RUN of each connection after a good login.
    """

    version: tuple[int, int] = (5, 4)
    auth_failure: bool = True
    query_failure: tuple[str, str] | None = None
    received: list[Received] = field(default_factory=list)
    handshakes: list[bytes] = field(default_factory=list)

    def __post_init__(self) -> None:
        self._server = socket.create_server(("127.0.0.1", 0))
        self._server.settimeout(0.05)  # accept() wakes up to see `_stop` (close() alone would not wake it)
        self._stop = threading.Event()
        self.port = self._server.getsockname()[1]
        self._conns: list[socket.socket] = []
        self._lock = threading.Lock()
        self._threads: list[threading.Thread] = []

    @property
    def uri(self) -> str:
        return f"bolt://127.0.0.1:{self.port}"

    def names(self) -> list[str]:
        with self._lock:
            return [m.name for m in self.received]

    def __enter__(self) -> "BoltStub":
        t = threading.Thread(target=self._accept_loop, name="bolt-stub", daemon=True)
        t.start()
        self._threads.append(t)
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._threads[0].join(timeout=5)
        self._server.close()
        with self._lock:
            conns = list(self._conns)
        for c in conns:
            try:
                c.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
            c.close()
        for t in self._threads:
            t.join(timeout=5)

    def _accept_loop(self) -> None:
        while not self._stop.is_set():
            try:
                conn, _ = self._server.accept()
            except TimeoutError:
                continue
            conn.settimeout(None)
            with self._lock:
                self._conns.append(conn)
            t = threading.Thread(target=self._serve, args=(conn,), daemon=True)
            t.start()
            self._threads.append(t)

    def _serve(self, conn: socket.socket) -> None:
        try:
            with conn:
                self._session(conn)
        except (OSError, ConnectionError, ValueError):
            return

    def _session(self, conn: socket.socket) -> None:
        preamble = _recv_exact(conn, 20)
        with self._lock:
            self.handshakes.append(preamble)
        if preamble[:4] != MAGIC:
            return
        if not self._offered(preamble[4:]):
            conn.sendall(b"\x00\x00\x00\x00")  # no common version: the driver gives up
            return
        major, minor = self.version
        conn.sendall(bytes([0, 0, minor, major]))
        failed = logged_in = queried = False
        while True:
            message = _read_message(conn)
            if message is None:
                return
            if not message:  # a NOOP chunk (keep-alive)
                continue
            request, _ = unpack(message)
            with self._lock:
                self.received.append(Received(NAMES.get(request.tag, f"0x{request.tag:02X}"), request.fields))
            tag = request.tag
            if tag == GOODBYE:
                return
            if tag == RESET:
                failed = False
                _send(conn, SUCCESS, {})
            elif failed:
                _send(conn, IGNORED)
            elif tag == HELLO:
                if self.auth_failure and self.version < (5, 1):
                    _send(conn, FAILURE, _failure(*UNAUTHORIZED, self.version))
                    return  # Neo4j closes the connection after a failed login
                _send(conn, SUCCESS, dict(SERVER_INFO))
                logged_in = self.version < (5, 1)
            elif tag == LOGON:
                if self.auth_failure:
                    _send(conn, FAILURE, _failure(*UNAUTHORIZED, self.version))
                    return
                _send(conn, SUCCESS, {})
                logged_in = True
            elif not logged_in:
                _send(conn, FAILURE, _failure("Neo.ClientError.Request.Invalid", "not authenticated", self.version))
                return
            elif tag in (BEGIN, RUN) and self.query_failure and not queried:
                queried = True
                failed = True
                _send(conn, FAILURE, _failure(*self.query_failure, self.version))
            elif tag == RUN:
                _send(conn, SUCCESS, {"fields": [], "t_first": 0})
            elif tag in (PULL, DISCARD):
                _send(conn, SUCCESS, {"has_more": False, "t_last": 0})
            else:  # BEGIN, COMMIT, ROLLBACK, TELEMETRY, LOGOFF ...
                _send(conn, SUCCESS, {})

    def _offered(self, proposals: bytes) -> bool:
        """True when one of the four 4-byte proposals (0, range, minor, major) covers `version`."""
        major, minor = self.version
        for i in range(0, 16, 4):
            _, span, hi_minor, p_major = proposals[i:i + 4]
            if proposals[i:i + 4] == MANIFEST_V1:
                continue
            if p_major == major and hi_minor - span <= minor <= hi_minor:
                return True
        return False


def _failure(code: str, message: str, version: tuple[int, int]) -> dict:
    if version >= (5, 7):  # GQL-status errors: the Neo4j code moves to "neo4j_code"
        return {"neo4j_code": code, "message": message, "gql_status": "50N42",
                "description": f"error: general processing exception - unexpected error. {message}"}
    return {"code": code, "message": message}


def _send(conn: socket.socket, tag: int, *fields: Any) -> None:
    conn.sendall(chunked(pack(Structure(tag, tuple(fields)))))


def _recv_exact(conn: socket.socket, n: int) -> bytes:
    buf = b""
    while len(buf) < n:
        part = conn.recv(n - len(buf))
        if not part:
            raise ConnectionError("client closed the connection")
        buf += part
    return buf


def _read_message(conn: socket.socket) -> bytes | None:
    """One de-chunked message (b"" for a lone NOOP chunk), or None when the client hung up."""
    data = b""
    while True:
        try:
            size = struct.unpack(">H", _recv_exact(conn, 2))[0]
        except ConnectionError:
            return None
        if size == 0:
            return data
        data += _recv_exact(conn, size)
