"""Start and stop the real Neo4j Community server of tests/neo4j-launcher (tests and bench/run.py).

The launcher is a Java class built by .ci/setup (`mvn package dependency:copy-dependencies`):
Bolt on 127.0.0.1 and a free port, auth on with a password generated here and passed in the
environment (never argv), data in a directory this module owns.  It stops when its stdin closes,
so a dead parent never leaves a server behind.
"""
from __future__ import annotations

import os
import secrets
import selectors
import shutil
import signal
import subprocess
import tempfile
import time
from pathlib import Path

LAUNCHER = Path(__file__).resolve().parent / "neo4j-launcher"
TARGET = LAUNCHER / "target"
MAIN_CLASS = "chaingraph.Neo4jLauncher"
JVM_FLAGS = ("-Xms256m", "-Xmx768m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
             "--add-opens=java.base/java.nio=ALL-UNNAMED", "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
             "--add-opens=java.base/java.lang=ALL-UNNAMED")
BUILD_HINT = "run `bash .ci/setup` (it builds tests/neo4j-launcher with Maven)"


class LauncherError(RuntimeError):
    """The server could not be started: what is missing or what it printed."""


def classpath() -> str:
    """The launcher jar and its dependency jars, or LauncherError saying how to build them."""
    jars = sorted(TARGET.glob("neo4j-launcher-*.jar"))
    if not jars or not (TARGET / "lib").is_dir():
        raise LauncherError(f"the Neo4j launcher is not built ({TARGET} has no jar): {BUILD_HINT}")
    return f"{jars[0]}{os.pathsep}{TARGET / 'lib' / '*'}"


def java() -> str:
    """The `java` to run (JAVA_HOME first, then PATH)."""
    home = os.environ.get("JAVA_HOME")
    exe = Path(home, "bin", "java") if home else shutil.which("java")
    if not exe or not Path(exe).exists():
        raise LauncherError(f"no java found (set JAVA_HOME or install a JDK 17/21): {BUILD_HINT}")
    return str(exe)


def _term_with_parent() -> None:  # between fork and exec: SIGTERM the server if this process dies
    import ctypes

    ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGTERM, 0, 0, 0)  # PR_SET_PDEATHSIG


class Neo4jServer:
    """One launcher process on a data directory; restartable on the same data after a kill."""

    def __init__(self, home: Path | None = None) -> None:
        self.home = Path(home) if home else Path(tempfile.mkdtemp(prefix="chaingraph-neo4j-"))
        self._own_home = home is None
        self.password = secrets.token_urlsafe(18)
        self.username = "neo4j"
        self.uri = ""
        self.proc: subprocess.Popen | None = None
        self.jvm_flags: tuple[str, ...] = JVM_FLAGS
        self.page_cache_mb: int | None = None  # None: the launcher's 256 MiB

    @property
    def port(self) -> int:
        return int(self.uri.rsplit(":", 1)[1])

    def start(self, timeout: float = 180.0) -> str:
        """Start the server and wait for its Bolt URI (LauncherError with its log tail if it fails)."""
        env = {**os.environ, "CHAINGRAPH_NEO4J_PASSWORD": self.password, "CHAINGRAPH_NEO4J_HOME": str(self.home)}
        if self.page_cache_mb:
            env["CHAINGRAPH_NEO4J_PAGECACHE_MB"] = str(int(self.page_cache_mb))
        log = open(self.home / "launcher.log", "ab")
        cmd = [java(), *self.jvm_flags, "-cp", classpath(), MAIN_CLASS]
        self.proc = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=log, env=env,
                                     preexec_fn=_term_with_parent)
        log.close()
        line = self._read_line(timeout)
        if not line.startswith("bolt://"):
            self.kill()
            tail = (self.home / "launcher.log").read_text(errors="replace").strip().splitlines()[-5:]
            raise LauncherError("the Neo4j launcher did not start: " + (" | ".join(tail) or "no output"))
        self.uri = line
        return line

    def _read_line(self, timeout: float) -> str:
        sel = selectors.DefaultSelector()
        sel.register(self.proc.stdout, selectors.EVENT_READ)
        deadline = time.monotonic() + timeout
        buf = b""
        while b"\n" not in buf:
            left = deadline - time.monotonic()
            if left <= 0 or not sel.select(left):
                break
            chunk = os.read(self.proc.stdout.fileno(), 4096)
            if not chunk:
                break
            buf += chunk
        sel.close()
        return buf.decode(errors="replace").strip()

    def kill(self) -> None:
        """SIGKILL the server (no shutdown, no checkpoint): what a crash looks like to a client."""
        if self.proc and self.proc.poll() is None:
            self.proc.kill()
        if self.proc:
            self.proc.wait()

    def stop(self, timeout: float = 60.0) -> int | None:
        """Stop cleanly (SIGTERM), SIGKILL after `timeout`; returns the exit code."""
        if self.proc is None:
            return None
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        for stream in (self.proc.stdin, self.proc.stdout):
            stream.close()
        return self.proc.returncode

    def close(self) -> int | None:
        """Stop and remove the data directory if this object made it."""
        code = self.stop()
        if self._own_home:
            shutil.rmtree(self.home, ignore_errors=True)
        return code
