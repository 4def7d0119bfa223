"""A build's output folder, switched as one set: staging folder, fsync, one atomic rename.

Layout of ``out/`` (the documented names stay where they were):

    out/.gen-7/                      one complete output set (graph.json, views/, manifest.json …)
    out/.current -> .gen-7           the one pointer a build switches
    out/graph.json -> .current/graph.json       (and graph.graphml, report.*, views, …)
    out/.cache/manifest.json -> ../.current/manifest.json
    out/.lock                        held (fcntl.flock) by the build writing here

A build writes its whole set into ``out/.staging-<pid>/``, fsyncs it, renames it
to ``.gen-<n>``, makes sure every top-level name is a link through ``.current``
(still showing the previous set), then replaces ``.current`` by one rename.
Whatever instant a build dies at, every name shows the previous set or every
one the new set.  Leftovers of killed builds are removed by the next one.
"""
from __future__ import annotations

import contextlib
import ctypes
import errno
import fcntl
import os
import re
import shutil
from pathlib import Path

from .errors import GraphFileError
from .fileio import fsync_dir, fsync_tree

LOCK = ".lock"
CURRENT = ".current"
MANIFEST_LINK = (".cache", "manifest.json")  # where the manifest of the current set is found
_GEN = re.compile(r"^\.gen-(\d+)$")
_LEFTOVER = re.compile(r"^\.(?:staging-\d+|gen-\d+|current\.\d+\.tmp|link\.\d+\.tmp|legacy-.+)$|^\..+\.tmp$")
LEGACY_NAMES = ("graph.json", "graph.graphml", "report.html", "report.json", "views")  # written before sets


class OutputSet:
    """The output set of `out`, locked for one build (context manager)."""

    def __init__(self, out: Path) -> None:
        self.out = out
        self._lock_fd: int | None = None
        self.staging = out / f".staging-{os.getpid()}"

    def __enter__(self) -> OutputSet:
        self._lock()
        self.remove_leftovers()
        self._adopt_legacy_outputs()
        return self

    def __exit__(self, *exc) -> None:
        shutil.rmtree(self.staging, ignore_errors=True)
        if self._lock_fd is not None:
            os.close(self._lock_fd)  # releases the flock
            self._lock_fd = None

    # --- locking and cleaning ------------------------------------------------

    def _lock(self) -> None:
        path = self.out / LOCK
        try:
            fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o644)
        except OSError as exc:
            raise GraphFileError(f"{path}: cannot create the build lock ({exc.strerror or exc})") from None
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = os.pread(fd, 32, 0).decode("ascii", "replace").strip() or "?"
            os.close(fd)
            raise GraphFileError(f"{self.out}: another build (process {holder}) is writing to this folder; "
                                 "wait for it to finish or build into another folder") from None
        except OSError as exc:  # a filesystem without locks (some network mounts)
            os.close(fd)
            raise GraphFileError(f"{path}: cannot lock the output folder ({exc.strerror or exc})") from None
        with contextlib.suppress(OSError):
            os.ftruncate(fd, 0)
            os.pwrite(fd, f"{os.getpid()}\n".encode(), 0)
        self._lock_fd = fd

    def current(self) -> Path | None:
        """The folder of the current set, or None before the first build."""
        try:
            target = os.readlink(self.out / CURRENT)
        except OSError:
            return None
        return self.out / target if _GEN.match(target) else None

    def remove_leftovers(self) -> None:
        """Drop what killed builds left: staging folders, old sets, temp links and files, dangling links."""
        current = self.current()
        for entry in _scandir(self.out):
            path = self.out / entry.name
            if path == current or not _LEFTOVER.match(entry.name):
                if entry.is_symlink() and self._is_our_link(path) and not path.exists():
                    path.unlink(missing_ok=True)  # a name the current set does not have
                continue
            if entry.is_dir(follow_symlinks=False):
                shutil.rmtree(path, ignore_errors=True)
            else:
                path.unlink(missing_ok=True)
        for folder in [self.out / MANIFEST_LINK[0]] + ([current] if current else []):
            for dirpath, _dirs, files in os.walk(folder):
                for name in files:
                    if name.startswith(".") and name.endswith(".tmp"):
                        with contextlib.suppress(OSError):
                            os.unlink(os.path.join(dirpath, name))

    def _is_our_link(self, path: Path) -> bool:
        try:
            return os.readlink(path).startswith(f"{CURRENT}/") or os.readlink(path) == f"../{CURRENT}/{path.name}"
        except OSError:
            return False

    # --- switching --------------------------------------------------------

    def commit(self) -> Path:
        """Make the staging folder the current set in one step; returns the new set's folder."""
        out = self.out
        fsync_tree(self.staging)
        gens = [int(m.group(1)) for e in _scandir(out) if (m := _GEN.match(e.name))]
        gen = out / f".gen-{max(gens, default=0) + 1}"
        os.rename(self.staging, gen)
        fsync_dir(out)
        for name in sorted(os.listdir(gen)):  # each name a link through .current (still the old set)
            if name != MANIFEST_LINK[1]:
                self._link(out / name, f"{CURRENT}/{name}")
        if (gen / MANIFEST_LINK[1]).exists():
            (out / MANIFEST_LINK[0]).mkdir(exist_ok=True)
            self._link(out.joinpath(*MANIFEST_LINK), f"../{CURRENT}/{MANIFEST_LINK[1]}")
        fsync_dir(out)
        old = self.current()
        tmp = out / f"{CURRENT}.{os.getpid()}.tmp"
        tmp.unlink(missing_ok=True)
        os.symlink(gen.name, tmp)
        os.replace(tmp, out / CURRENT)  # the switch
        fsync_dir(out)
        with contextlib.suppress(OSError):  # tidying: the new set is in place whatever happens here
            if old is not None and old != gen:
                shutil.rmtree(old, ignore_errors=True)
            self.remove_leftovers()
        return gen

    def _link(self, path: Path, target: str) -> None:
        """Make `path` the symlink `target` (atomically when it is a file or link; a folder is exchanged)."""
        with contextlib.suppress(OSError):
            if os.readlink(path) == target:
                return
        tmp = path.parent / f".link.{os.getpid()}.tmp"
        tmp.unlink(missing_ok=True)
        os.symlink(target, tmp)
        if path.is_dir() and not path.is_symlink():
            _exchange(tmp, path)  # now tmp holds the old folder
            shutil.rmtree(tmp, ignore_errors=True)
        else:
            os.replace(tmp, path)

    def _adopt_legacy_outputs(self) -> None:
        """Outputs written by a chaingraph before output sets become the current set (hard links, no copy)."""
        out = self.out
        legacy = [n for n in LEGACY_NAMES if (out / n).exists() and not (out / n).is_symlink()]
        if self.current() is not None or not legacy:
            return
        gen = out / ".gen-0"
        gen.mkdir()
        for name in legacy:
            src = out / name
            if src.is_dir():
                shutil.copytree(src, gen / name, copy_function=os.link)
            else:
                os.link(src, gen / name)
        manifest = out.joinpath(*MANIFEST_LINK)
        if manifest.is_file() and not manifest.is_symlink():
            os.link(manifest, gen / MANIFEST_LINK[1])
        fsync_tree(gen)
        os.symlink(gen.name, out / f"{CURRENT}.{os.getpid()}.tmp")
        os.replace(out / f"{CURRENT}.{os.getpid()}.tmp", out / CURRENT)
        for name in legacy:
            self._link(out / name, f"{CURRENT}/{name}")
        if (gen / MANIFEST_LINK[1]).exists():
            self._link(manifest, f"../{CURRENT}/{MANIFEST_LINK[1]}")
        fsync_dir(out)


def _scandir(folder: Path) -> list[os.DirEntry]:
    try:
        with os.scandir(folder) as it:
            return sorted(it, key=lambda e: e.name)
    except OSError:
        return []


_RENAME_EXCHANGE = 2
_AT_FDCWD = -100


def _exchange(a: Path, b: Path) -> None:
    """Swap two directory entries in one step (renameat2 RENAME_EXCHANGE); two renames where unsupported."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        rc = libc.renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE)
        err = ctypes.get_errno() if rc != 0 else 0
    except (AttributeError, OSError):
        rc, err = -1, errno.ENOSYS
    if rc == 0:
        return
    if err not in (errno.ENOSYS, errno.EINVAL, errno.ENOTSUP):
        raise OSError(err, os.strerror(err), str(b))
    aside = b.parent / f".legacy-{b.name}"
    os.rename(b, aside)
    os.rename(a, b)
    os.rename(aside, a)
