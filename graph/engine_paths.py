"""Where the embedded engine keeps its store and its socket.

The store (RDB dump, state, lock, log) lives beside graph.json in `.falkordb/`
when that folder can be written; a graph on a read-only share or another
user's folder gets a private per-user store instead (`$XDG_CACHE_HOME/chaingraph/`
or, failing that, the temp folder), so a read-only query never needs write
access to the graph's folder.  Unix socket paths are limited to ~108 bytes: a
socket that does not fit in the store goes to a private per-user temp folder,
in a subfolder named after the owning process, and every start removes the
subfolders of processes that are gone (a run killed with SIGKILL cannot clean up).
"""
from __future__ import annotations

import hashlib
import json
import logging
import os
import shutil
import stat
import tempfile
from pathlib import Path

from .errors import EngineError

log = logging.getLogger(__name__)

DATA_DIR = ".falkordb"
MAX_SOCKET_PATH = 100  # sun_path holds 108 bytes
_SOCKET_PREFIX = "sock-"


def private_dir(path: Path) -> Path:
    """`path` created 0700 if missing; EngineError unless it is a real folder owned by this user, 0700."""
    try:
        path.mkdir(mode=0o700, parents=True, exist_ok=True)
        st = os.lstat(path)
    except OSError as exc:
        raise EngineError(f"{path}: cannot create the embedded engine's folder: {exc.strerror or exc}") from None
    if not stat.S_ISDIR(st.st_mode) or st.st_uid != os.getuid():
        raise EngineError(f"{path}: not a folder of this user (refusing to keep the engine's files there)")
    if stat.S_IMODE(st.st_mode) != 0o700:
        os.chmod(path, 0o700)
    return path


def user_temp_root() -> Path:
    """`<temp>/chaingraph-<uid>`: this user's private temp folder."""
    return private_dir(Path(tempfile.gettempdir()) / f"chaingraph-{os.getuid()}")


def _writable_dir(path: Path) -> bool:
    return path.is_dir() and os.access(path, os.W_OK | os.X_OK)


def store_dir(graph_file: Path) -> tuple[Path, bool]:
    """(the store folder for this graph.json, whether it is the one beside the graph)."""
    beside = graph_file.parent / DATA_DIR
    if os.path.lexists(beside) and not beside.is_dir():
        raise EngineError(f"{beside}: exists but is not a folder (the embedded engine keeps its store there; "
                          "remove or rename it)")
    if _writable_dir(beside):
        return beside, True
    if not beside.exists() and _writable_dir(graph_file.parent):
        try:
            beside.mkdir(mode=0o700)
            return beside, True
        except FileExistsError:
            return store_dir(graph_file)
        except OSError:
            pass
    key = hashlib.sha256(os.fsencode(graph_file)).hexdigest()[:16]
    cache = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    for root in (Path(cache) / "chaingraph" / "falkordb", None):
        try:
            base = private_dir(root) if root is not None else user_temp_root()
            path = private_dir(base / key)
        except EngineError:
            continue
        log.info("embedded engine: %s is not writable, keeping the store in %s", graph_file.parent, path)
        return path, False
    raise EngineError(f"{graph_file.parent}: not writable, and no private cache or temp folder could be created "
                      "for the embedded engine's store")


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def sweep_socket_dirs(root: Path) -> None:
    """Remove the socket folders in `root` whose process is gone."""
    try:
        entries = list(os.scandir(root))
    except OSError:
        return
    for entry in entries:
        pid = entry.name[len(_SOCKET_PREFIX):].split("-", 1)[0]
        if entry.name.startswith(_SOCKET_PREFIX) and pid.isdigit() and not _alive(int(pid)):
            shutil.rmtree(entry.path, ignore_errors=True)


def socket_dir(data_dir: Path) -> tuple[Path, bool]:
    """(a 0700 folder for the server's socket, whether it is a temporary one to remove after the run)."""
    run = data_dir / "run"
    if len(os.fsencode(run / "redis.sock")) <= MAX_SOCKET_PATH:
        return private_dir(run), False
    root = user_temp_root()
    sweep_socket_dirs(root)
    path = Path(tempfile.mkdtemp(prefix=f"{_SOCKET_PREFIX}{os.getpid()}-", dir=root))  # 0700 by construction
    if len(os.fsencode(path / "redis.sock")) > MAX_SOCKET_PATH:
        shutil.rmtree(path, ignore_errors=True)
        raise EngineError(f"{root}: the temp folder's path is too long for a unix socket; set TMPDIR to a "
                          "shorter folder")
    return path, True


def adopt_dump(graph_file: Path, store: Path, sha: str) -> bool:
    """Copy the read-only `.falkordb/` dump beside graph.json into `store` when it holds this graph (sha256).

    A graph shared read-only together with its store then needs no reload; any problem just means a reload.
    """
    beside = graph_file.parent / DATA_DIR
    try:
        state = json.loads((beside / "state.json").read_text(encoding="utf-8"))
        if not isinstance(state, dict) or state.get("sha256") != sha or beside == store:
            return False
        tmp = store / "graph.rdb.adopt"
        shutil.copyfile(beside / "graph.rdb", tmp)
        os.replace(tmp, store / "graph.rdb")
        (store / "state.json").write_text(json.dumps(state, sort_keys=True, indent=1) + "\n", encoding="utf-8")
    except (OSError, ValueError):
        return False
    log.info("embedded engine: using the dump of %s", beside)
    return True
