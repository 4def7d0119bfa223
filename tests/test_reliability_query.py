"""Issues 12 and 13, the query side: relative paths, read-only folders, no network, hostile files and names.

Every case runs the real entry point (`python -m graph.cli`) in a subprocess and expects one clear
stderr line and the right exit status (1 = failed, 2 = usage error).  Permission cases run as root
without CAP_DAC_OVERRIDE / CAP_DAC_READ_SEARCH (setpriv drops them from the bounding set), so mode
bits apply as for any user even though CI runs as root.
"""
from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests" / "graph"))
from engine_helpers import chain_records, server_processes, write_graph_dir  # noqa: E402

pytestmark = pytest.mark.server
NO_DAC = ["setpriv", "--bounding-set=-dac_override,-dac_read_search", "--"]


def _env(**extra: str) -> dict:
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")]))
    env.update(extra)
    return env


def cg(*args: str, cwd=ROOT, prefix=(), env=None, timeout=180) -> subprocess.CompletedProcess:
    return subprocess.run([*prefix, sys.executable, "-m", "graph.cli", *args], cwd=cwd, capture_output=True,
                          text=True, timeout=timeout, env=env or _env(), errors="surrogateescape")


def one_line(proc: subprocess.CompletedProcess, status: int, *parts: str) -> str:
    """The single `chaingraph: ...` error line, checked for status, no traceback and `parts`."""
    lines = [ln for ln in proc.stderr.splitlines() if not ln.endswith(" into the embedded engine")]  # info
    assert proc.returncode == status, (proc.returncode, proc.stderr)
    assert len(lines) == 1 and lines[0].startswith("chaingraph: "), proc.stderr
    assert "internal error" not in lines[0] and "Traceback" not in proc.stderr, lines[0]
    for part in parts:
        assert part in lines[0], (part, lines[0])
    return lines[0]


@pytest.fixture()
def gdir(tmp_path) -> Path:
    return write_graph_dir(tmp_path / "g", chain_records())


# --- issue 12.1: relative paths ------------------------------------------------------------------------

@pytest.mark.slow
def test_build_then_query_from_a_relative_working_directory(tmp_path, seeds_dir):
    shutil.copytree(seeds_dir, tmp_path / "seeds")
    built = cg("build", "seeds/", "--quiet", cwd=tmp_path)
    assert built.returncode == 0, built.stderr
    res = cg("query", "--name", "node_counts", "--format", "json", cwd=tmp_path)  # default out/graph.json
    assert res.returncode == 0, res.stderr
    counts = {r["label"]: r["nodes"] for r in json.loads(res.stdout)}
    assert set(counts) == {"GovernmentBody", "Chain", "Enterprise", "Platform", "PolicyDocument"}
    assert (tmp_path / "out" / ".falkordb" / "graph.rdb").is_file()
    again = cg("query", "--graph", "out", "--name", "node_counts", "--format", "json", cwd=tmp_path)
    assert again.returncode == 0 and json.loads(again.stdout) == json.loads(res.stdout), again.stderr
    res = cg("query", "--graph", "./out/graph.json", "--name", "chain_documents", "--param", "chain=新型儲能",
             "--format", "json", cwd=tmp_path)
    assert res.returncode == 0 and json.loads(res.stdout), res.stderr  # traditional script, short form: rows


# --- issue 13.4: a graph folder the user cannot write ----------------------------------------------------

def test_read_only_query_on_a_folder_the_user_cannot_write(tmp_path, gdir):
    cache = tmp_path / "cache"
    tmp = Path(tempfile.mkdtemp(prefix="cgr", dir="/tmp"))  # short: socket paths hold ~100 bytes
    gdir.chmod(0o555)
    try:
        probe = subprocess.run([*NO_DAC, "touch", str(gdir / "probe")], capture_output=True)
        assert probe.returncode != 0, "the permission drop does not work: the test would prove nothing"
        env = _env(XDG_CACHE_HOME=str(cache))
        res = cg("query", "--graph", str(gdir), "--format", "csv", "MATCH (n) RETURN count(n) AS c",
                 prefix=NO_DAC, env=env)
        assert res.returncode == 0 and res.stdout == "c\n22\n", res.stderr
        assert not (gdir / ".falkordb").exists() and sorted(os.listdir(gdir)) == ["graph.json"]
        stores = list((cache / "chaingraph" / "falkordb").iterdir())
        assert len(stores) == 1 and (stores[0] / "graph.rdb").is_file()
        again = cg("query", "--graph", str(gdir), "--format", "csv", "MATCH (n) RETURN count(n) AS c",
                   prefix=NO_DAC, env=env)
        assert again.returncode == 0 and again.stdout == "c\n22\n" and "loaded" not in again.stderr
        # no writable cache either (HOME and XDG_CACHE_HOME unwritable): the private temp folder serves
        cache.chmod(0o555)
        env = _env(XDG_CACHE_HOME=str(cache / "nope"), TMPDIR=str(tmp))
        res = cg("query", "--graph", str(gdir), "--format", "csv", "MATCH (n) RETURN count(n) AS c",
                 prefix=NO_DAC, env=env)
        assert res.returncode == 0 and res.stdout == "c\n22\n", res.stderr
        assert list(tmp.glob("chaingraph-*/*/graph.rdb"))
    finally:
        gdir.chmod(0o755)
        cache.chmod(0o755)
        shutil.rmtree(tmp, ignore_errors=True)


def test_read_only_graph_shared_with_its_store_is_not_reloaded(tmp_path, gdir):
    first = cg("query", "--graph", str(gdir), "RETURN 1")  # the owner queried it once: .falkordb/ holds the dump
    assert first.returncode == 0 and "loaded" in first.stderr
    for p in (gdir / ".falkordb", gdir):
        p.chmod(0o555)
    try:
        env = _env(XDG_CACHE_HOME=str(tmp_path / "cache"))
        res = cg("query", "--graph", str(gdir), "--format", "csv", "MATCH (c:Chain) RETURN count(c) AS n",
                 prefix=NO_DAC, env=env)
        assert res.returncode == 0 and res.stdout == "n\n5\n" and "loaded" not in res.stderr, res.stderr
        assert list((tmp_path / "cache").glob("chaingraph/falkordb/*/graph.rdb"))
    finally:
        for p in (gdir, gdir / ".falkordb"):
            p.chmod(0o755)


def test_falkordb_existing_as_a_file_is_one_line(gdir):
    (gdir / ".falkordb").write_text("not a folder")
    res = cg("query", "--graph", str(gdir), "RETURN 1")
    one_line(res, 1, f"{gdir / '.falkordb'}: exists but is not a folder")


# --- issue 13.6: LOAD CSV and URLs ---------------------------------------------------------------------

class _Listener:
    """A loopback TCP server that counts the connections it accepts (FalkorDB fetches only https URLs:
    the TCP connect is what a refused query must not make; the TLS handshake then fails)."""

    def __init__(self):
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(8)
        self.sock.settimeout(0.2)
        self.port = self.sock.getsockname()[1]
        self.connections = 0
        self._stop = False
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()

    def _serve(self):
        while not self._stop:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                continue
            self.connections += 1
            with conn:
                conn.settimeout(2)
                try:
                    conn.recv(4096)
                    body = b"name\nx\n"
                    conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: text/csv\r\nContent-Length: %d\r\n"
                                 b"Connection: close\r\n\r\n%s" % (len(body), body))
                except OSError:
                    pass

    def close(self):
        self._stop = True
        self._thread.join(timeout=5)
        self.sock.close()


@pytest.fixture()
def listener():
    srv = _Listener()
    yield srv
    srv.close()


LOAD_CSV = [
    "LOAD CSV FROM 'https://127.0.0.1:{port}/a.csv' AS row RETURN row",
    "load csv with headers from \"https://127.0.0.1:{port}/b.csv\" as row return row",
    "MATCH (n:Chain) WITH n LIMIT 1 LOAD/* a comment */CSV FROM 'https://127.0.0.1:{port}/c.csv' AS r RETURN r",
    "CALL {{ LOAD CSV FROM 'http://127.0.0.1:{port}/d.csv' AS r RETURN r }} RETURN r",
]


def test_load_csv_is_refused_read_only_and_no_connection_is_made(gdir, listener):
    for text in LOAD_CSV:
        res = cg("query", "--graph", str(gdir), text.format(port=listener.port))
        one_line(res, 1, "refused: loading CSV")
        assert res.stdout == ""
    time.sleep(0.5)
    assert listener.connections == 0


def test_load_csv_with_write_is_the_explicit_opt_in(gdir, listener):
    """--write allows LOAD CSV (documented): the loopback server then sees the fetch, so the test above can fail."""
    res = cg("query", "--graph", str(gdir), "--write", "--format", "json",
             LOAD_CSV[0].format(port=listener.port))
    time.sleep(0.3)
    assert listener.connections >= 1, (res.returncode, res.stderr)


# --- issue 13.7: FIFOs, encodings, surrogates, unwritable outputs, escape sequences ------------------------

def test_fifo_graph_and_fifo_query_file_are_refused_without_hanging(tmp_path, gdir):
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    one_line(cg("view", "--graph", str(fifo), timeout=30), 1, f"{fifo}: not a regular file")
    one_line(cg("report", "--graph", str(fifo), timeout=30), 1, f"{fifo}: not a regular file")
    one_line(cg("query", "--graph", str(fifo), "RETURN 1", timeout=30), 1, f"{fifo}: not a regular file")
    one_line(cg("query", "--graph", str(gdir), "-f", str(fifo), timeout=30), 2, f"{fifo}: not a regular file")


def test_query_file_that_is_not_utf8_is_a_usage_error(tmp_path, gdir):
    bad = tmp_path / "q.cypher"
    bad.write_bytes("RETURN '链'".encode("gb18030"))
    one_line(cg("query", "--graph", str(gdir), "-f", str(bad)), 2, f"{bad}: not UTF-8 text")
    good = tmp_path / "ok.cypher"
    good.write_bytes("\ufeffMATCH (c:Chain) RETURN count(c) AS n".encode())  # a BOM is fine
    res = cg("query", "--graph", str(gdir), "-f", str(good), "--format", "csv")
    assert res.returncode == 0 and res.stdout == "n\n5\n", res.stderr


@pytest.mark.parametrize("value", ["x=a\udcff", 'x="\\ud800"', 'x="a\\u0000b"'])
def test_param_with_an_undecodable_byte_lone_surrogate_or_nul_is_a_usage_error(gdir, value):
    one_line(cg("query", "--graph", str(gdir), "--param", value, "RETURN $x AS x"), 2, "--param x:")


def test_report_out_into_an_unwritable_folder_is_one_line(tmp_path, gdir):
    ro = tmp_path / "ro"
    ro.mkdir(mode=0o555)
    try:
        res = cg("report", "--graph", str(gdir), "--out", str(ro / "r.html"), prefix=NO_DAC)
        one_line(res, 1, f"{ro}", "Permission denied")
    finally:
        ro.chmod(0o755)
    assert list(ro.iterdir()) == []


ESCAPES = "x\x1b]0;pwned\x07\x1b[2J\nline2\u202e"


def test_escape_sequences_and_newlines_in_file_names_are_shown_escaped(tmp_path, gdir):
    odd = tmp_path / ESCAPES
    odd.mkdir()
    for cmd in (("query", "--graph", str(odd), "RETURN 1"), ("view", "--graph", str(odd)),
                ("report", "--graph", str(odd)), ("query", "--graph", str(gdir), "-f", str(odd / "q"))):
        res = cg(*cmd)
        line = one_line(res, 2 if "-f" in cmd else 1)
        assert "\x1b" not in res.stderr and "\x07" not in res.stderr and "\u202e" not in res.stderr
        assert "\\x1b]0;pwned\\x07\\x1b[2J\\nline2\\u202e" in line, line
    bad = odd / "a.exe"  # a build input refused on its own line
    bad.write_text("质量强链")
    res = cg("build", str(bad), "--out", str(tmp_path / "out"), "--quiet")
    line = one_line(res, 1, "unsupported file type")
    assert "\x1b" not in res.stderr and "\\x1b]0;pwned" in line


def test_named_query_misses_are_usage_errors_with_a_suggestion(gdir):
    one_line(cg("query", "--graph", str(gdir), "--name", "chain_leader"), 2, "did you mean chain_leaders?")
    one_line(cg("query", "--graph", str(gdir), "--name", "chain_leaders"), 2, "--param chain=")
    one_line(cg("query", "--graph", str(gdir), "--param", "bad key=1", "RETURN 1"), 2, "bad --param")
    one_line(cg("query", "--graph", str(gdir), "RETURN $nope"), 2, "--param nope=")
    one_line(cg("query", "--graph", str(gdir)), 2, "give exactly one of CYPHER, -f FILE or --name NAME")
    one_line(cg("query", "--graph", str(gdir), "--name", "node_counts", "RETURN 1"), 2, "give exactly one of")


def test_syntax_error_is_one_readable_line(gdir):
    line = one_line(cg("query", "--graph", str(gdir), "MATCH (n:Chain RETURN n"), 1,
                    "query failed: syntax error at line 1, column 16:")
    assert "errMsg" not in line and "errCtx" not in line


# --- issue 13.7: a long graph path's socket folder does not outlive a killed run --------------------------

@pytest.mark.slow
def test_socket_folder_of_a_killed_run_is_removed_by_the_next(tmp_path):
    tmp = Path(tempfile.mkdtemp(prefix="cgs", dir="/tmp"))
    try:
        deep = tmp_path / ("长" * 40) / "g"  # > 100 bytes: the socket cannot live in .falkordb/run
        write_graph_dir(deep, chain_records())
        env = _env(TMPDIR=str(tmp))
        p = subprocess.Popen([sys.executable, "-m", "graph.cli", "query", "--graph", str(deep),
                              "UNWIND range(1, 400000000) AS x RETURN count(x)"], env=env,
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 60
        while not list(tmp.glob(f"chaingraph-*/sock-{p.pid}-*/redis.sock")) and time.monotonic() < deadline:
            time.sleep(0.05)
        left = list(tmp.glob(f"chaingraph-*/sock-{p.pid}-*"))
        assert left, "the run never made its socket folder"
        time.sleep(0.3)
        p.send_signal(signal.SIGKILL)
        p.wait(timeout=30)
        assert left[0].exists()  # nobody could clean up after SIGKILL
        res = cg("query", "--graph", str(deep), "RETURN 1 AS one", env=env)
        assert res.returncode == 0, res.stderr
        assert not left[0].exists()
        assert list(tmp.glob("chaingraph-*/sock-*")) == []  # and its own is gone too
        assert server_processes(deep / ".falkordb") == []
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def test_load_csv_is_refused_before_any_bolt_connection(listener):
    res = cg("query", "--neo4j", f"bolt://127.0.0.1:{listener.port}", "--timeout", "2",
             LOAD_CSV[0].format(port=listener.port))
    one_line(res, 1, "refused: loading CSV")
    time.sleep(0.3)
    assert listener.connections == 0  # neither the Bolt server nor the URL was contacted


def test_deeply_nested_or_oversized_param_values_are_usage_errors(gdir):
    one_line(cg("query", "--graph", str(gdir), "--param", "x=" + "[" * 50_000 + "]" * 50_000, "RETURN $x"), 2,
             "--param x: the JSON value is nested too deeply")
    one_line(cg("query", "--graph", str(gdir), "--param", f"x={2**70}", "RETURN $x"), 2,
             "--param x: the integer", "does not fit in 64 bits")
