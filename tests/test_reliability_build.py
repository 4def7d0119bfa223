"""A build's outputs change as one set, one build at a time, and no article is dropped in silence.

Real processes throughout: builds killed with SIGKILL, a real full disk (tmpfs in a private mount
namespace), two real builds racing for one folder, and permissions checked by a process without
the DAC-override capabilities (CI runs as root, whom mode bits do not stop otherwise).
"""
from __future__ import annotations

import contextlib
import hashlib
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from graph.store import read_graph

ROOT = Path(__file__).resolve().parent.parent
EXTRA_ARTICLE = "广州市人民政府印发《广州市测试专用质量强链方案》,聚焦新型储能产业链开展质量提升行动。\n"
SET_ENTRIES = {".cache", ".current", ".lock", "graph.json", "graph.graphml", "report.html", "report.json", "views"}


def _outputs(out: Path) -> dict[str, str]:
    """sha256 of every output as a reader sees it (links followed), the build manifest included."""
    found: dict[str, str] = {}
    for top in sorted(out.iterdir()):
        if top.name.startswith("."):
            continue
        paths = [top] if top.is_file() else sorted(Path(d) / f for d, _, fs in os.walk(top, followlinks=True)
                                                    for f in fs)
        found.update({p.relative_to(out).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
                      for p in paths if p.is_file()})
    manifest = out / ".cache" / "manifest.json"
    if manifest.exists():
        found[".cache/manifest.json"] = hashlib.sha256(manifest.read_bytes()).hexdigest()
    return found


def _leftovers(out: Path) -> list[str]:
    """Anything a finished build should not leave: staging folders, old sets, temp files."""
    extra = [e.name for e in out.iterdir() if e.name not in SET_ENTRIES and not e.name.startswith(".gen-")]
    sets = [e.name for e in out.iterdir() if e.name.startswith(".gen-")]
    if sets != [os.readlink(out / ".current")]:
        extra += sets
    for dirpath, _dirs, files in os.walk(out):  # links not followed: every real file once
        extra += [os.path.join(dirpath, f) for f in files if f.endswith(".tmp")]
    return sorted(extra)


def _generated_corpus(dst: Path, n: int) -> Path:
    subprocess.run([sys.executable, str(ROOT / "bench" / "corpus.py"), str(n), str(dst), "--seed", "3"],
                   check=True, capture_output=True)
    shutil.rmtree(dst / "gold")
    return dst


def _build_cmd(corpus: Path, out: Path, *extra: str) -> list[str]:
    return [sys.executable, "-m", "graph.cli", "build", str(corpus), "--out", str(out), "--quiet", *extra]


def _watch_and_kill(cmd: list[str], out: Path, *, after: float | None = None, when: str = "", delay: float = 0.0
                    ) -> None:
    """Start a build; SIGKILL it `after` seconds, or `delay` after an entry starting with `when` appears in out/."""
    before = set(os.listdir(out))
    proc = subprocess.Popen(cmd, cwd=ROOT, start_new_session=True, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)
    if after is not None:
        time.sleep(after)
    else:
        while proc.poll() is None and not any(n.startswith(when) for n in set(os.listdir(out)) - before):
            time.sleep(0.0002)
        time.sleep(delay)
    with contextlib.suppress(ProcessLookupError):
        os.killpg(proc.pid, signal.SIGKILL)  # the build and its worker processes
    proc.wait()


@pytest.mark.slow
def test_sigkill_at_any_point_leaves_every_output_old_or_every_output_new(tmp_path):
    corpus = _generated_corpus(tmp_path / "corpus", 60)
    out = tmp_path / "out"
    cmd = _build_cmd(corpus, out, "--no-cache", "--jobs", "2")
    started = time.monotonic()
    subprocess.run(cmd, cwd=ROOT, check=True)
    duration = time.monotonic() - started
    old = _outputs(out)
    assert {"graph.json", "graph.graphml", "report.json", "views/index.html", ".cache/manifest.json"} <= set(old)
    (corpus / "zz_extra.txt").write_text(EXTRA_ARTICLE, encoding="utf-8")
    strikes = [{"after": duration * f} for f in (0.2, 0.5, 0.8, 0.95)]  # reading, extracting, resolving, writing
    strikes += [{"when": ".staging-", "delay": d} for d in (0.0, 0.05)]  # while the new set is staged
    strikes += [{"when": ".gen-", "delay": d} for d in (0.0, 0.0003, 0.001)]  # in the middle of the switch
    snapshots = []
    for strike in strikes:
        _watch_and_kill(cmd, out, **strike)
        snapshots.append(_outputs(out))
        read_graph(out)  # whichever set it is, it loads
    subprocess.run(cmd, cwd=ROOT, check=True)
    new = _outputs(out)
    assert new != old and set(new) == set(old)
    mixed = [i for i, snap in enumerate(snapshots) if snap not in (old, new)]
    assert mixed == [], [strikes[i] for i in mixed]
    assert _leftovers(out) == []


_DISK_DRIVER = r"""
import json, os, subprocess, sys
sys.path.insert(0, os.environ["TESTS"])
from test_reliability_build import _build_cmd, _leftovers, _outputs
from pathlib import Path
T = Path(os.environ["T"]); mnt = T / "mnt"; out = mnt / "out"
mnt.mkdir()
subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={os.environ['SIZE']}", "tmpfs", str(mnt)], check=True)
def build(corpus):
    return subprocess.run(_build_cmd(T / corpus, out, "--no-cache"), capture_output=True, text=True)
assert build("small").returncode == 0
old = _outputs(out)
runs = []
for free in json.loads(os.environ["LEVELS"]):
    st = os.statvfs(mnt)
    fill = st.f_bavail * st.f_frsize - free
    fd = os.open(mnt / "filler", os.O_CREAT | os.O_WRONLY)
    if fill > 0:
        os.posix_fallocate(fd, 0, fill)
    os.close(fd)
    proc = build("big")
    os.unlink(mnt / "filler")
    snap = _outputs(out)
    runs.append({"free": free, "status": proc.returncode, "stderr": proc.stderr,
                 "state": "old" if snap == old else "other", "snap": snap})
final = build("big")
new = _outputs(out)
for r in runs:
    if r["state"] == "other":
        r["state"] = "new" if r.pop("snap") == new else "mixed"
    else:
        r.pop("snap")
json.dump({"runs": runs, "final": final.returncode, "leftovers": _leftovers(out), "changed": new != old},
          open(T / "result.json", "w"))
"""


@pytest.mark.slow
def test_full_disk_at_any_point_keeps_every_old_output_and_says_which_file(seeds_dir, tmp_path):
    if shutil.which("unshare") is None or subprocess.run(["unshare", "-m", "true"], capture_output=True).returncode:
        pytest.skip("cannot create a private mount namespace here (needs root or user namespaces)")
    small = tmp_path / "small"
    small.mkdir()
    shutil.copy(sorted(seeds_dir.glob("*.txt"))[0], small)
    _generated_corpus(tmp_path / "big", 30)
    ref = tmp_path / "ref"
    subprocess.run(_build_cmd(tmp_path / "big", ref, "--no-cache"), cwd=ROOT, check=True)
    set_bytes = sum(p.stat().st_size for p in (ref / os.readlink(ref / ".current")).rglob("*") if p.is_file())
    levels = [int(set_bytes * f) for f in (0.0, 0.02, 0.1, 0.3, 0.5, 0.7, 0.9)] + [set_bytes * 3]
    env = {**os.environ, "T": str(tmp_path), "TESTS": str(ROOT / "tests"), "SIZE": str(set_bytes * 6),
           "LEVELS": json.dumps(levels)}
    proc = subprocess.run(["unshare", "-m", sys.executable, "-c", _DISK_DRIVER], cwd=ROOT, env=env,
                          capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    result = json.loads((tmp_path / "result.json").read_text())
    out = tmp_path / "mnt" / "out"
    failed = [r for r in result["runs"] if r["status"] != 0]
    assert len(failed) >= 5, result["runs"]
    for r in failed:
        assert r["status"] == 1 and r["state"] == "old", r
        line = r["stderr"]
        assert line.count("\n") == 1 and line.startswith(f"chaingraph: {out}/"), line
        assert "No space left on device" in line and "the previous outputs are unchanged" in line, line
        assert ".staging" not in line and ".gen-" not in line and "loaders." not in line, line
    assert all(r["state"] == "new" for r in result["runs"] if r["status"] == 0)
    assert result["runs"][-1]["status"] == 0  # with room to spare it builds
    assert result["final"] == 0 and result["changed"] and result["leftovers"] == []


@pytest.mark.slow
def test_two_builds_into_one_folder_one_waits_its_turn_by_refusing(seeds_dir, tmp_path):
    a, b = _generated_corpus(tmp_path / "a", 40), tmp_path / "b"  # a: a build of several seconds
    shutil.copytree(seeds_dir, b)
    (b / "zz_extra.txt").write_text(EXTRA_ARTICLE, encoding="utf-8")
    refs = {}
    for corpus in (a, b):
        subprocess.run(_build_cmd(corpus, tmp_path / f"ref_{corpus.name}"), cwd=ROOT, check=True)
        refs[corpus.name] = _outputs(tmp_path / f"ref_{corpus.name}")
    for gap in (0.0, 1.5):  # at once, and some time apart
        out = tmp_path / f"out_{gap}"
        first = subprocess.Popen(_build_cmd(a, out), cwd=ROOT, stderr=subprocess.PIPE, text=True)
        if gap:  # the second starts while the first is well into its build
            while not (out / ".lock").exists():
                time.sleep(0.01)
            time.sleep(gap)
            assert first.poll() is None, "the first build ended before the second started: use a bigger corpus"
        second = subprocess.Popen(_build_cmd(b, out), cwd=ROOT, stderr=subprocess.PIPE, text=True)
        results = {"a": (first.wait(), first.stderr.read()), "b": (second.wait(), second.stderr.read())}
        statuses = sorted(status for status, _ in results.values())
        assert statuses == [0, 1], results
        winner = next(name for name, (status, _) in results.items() if status == 0)
        loser_err = next(err for status, err in results.values() if status == 1)
        assert loser_err.count("\n") == 1 and "another build" in loser_err and str(out) in loser_err, loser_err
        assert _outputs(out) == refs[winner]
        if gap:
            assert winner == "a"


def test_leftovers_of_killed_builds_are_removed_by_the_next_build(seeds_dir, tmp_path):
    from graph.build import build

    out = tmp_path / "out"
    build([seeds_dir], out)
    current = out / os.readlink(out / ".current")
    junk = [out / ".staging-999999", out / ".gen-77", out / ".current.999999.tmp", out / ".graph.json.x1.tmp",
            current / "views" / ".full.html.x2.tmp", out / ".cache" / ".manifest.json.x3.tmp"]
    junk[0].mkdir()
    (junk[0] / "graph.json").write_text("{}")
    junk[1].mkdir()
    for p in junk[2:]:
        p.write_bytes(b"x" * 100)
    result = build([seeds_dir], out)
    assert result.up_to_date  # cleaning is not a rebuild
    assert [p for p in junk if os.path.lexists(p)] == []
    assert _leftovers(out) == []


def test_outputs_of_an_older_chaingraph_become_the_current_set(seeds_dir, tmp_path):
    """An out/ written before output sets (plain files) is adopted, then replaced as one set."""
    from graph.build import build

    out = tmp_path / "out"
    build([seeds_dir], out)
    legacy = tmp_path / "legacy"
    legacy.mkdir()
    for name in ("graph.json", "graph.graphml", "report.html", "report.json", "views"):
        src = out / name
        shutil.copytree(src, legacy / name) if src.is_dir() else shutil.copy(src, legacy / name)
    before = {k: v for k, v in _outputs(out).items() if not k.startswith(".cache")}
    result = build([seeds_dir], legacy)
    assert not result.up_to_date
    assert {k: v for k, v in _outputs(legacy).items() if not k.startswith(".cache")} == before
    assert all((legacy / n).is_symlink() for n in ("graph.json", "views")) and _leftovers(legacy) == []


# --- folder trouble: one line per unreadable thing, the others built ------------------------------

def _without_dac_override() -> list[str]:
    """A command prefix running without CAP_DAC_OVERRIDE/CAP_DAC_READ_SEARCH (mode bits then apply to root)."""
    drop = ["setpriv", "--bounding-set=-dac_override,-dac_read_search"]
    if shutil.which("setpriv") is None:
        pytest.skip("setpriv (util-linux) is not installed")
    if subprocess.run([*drop, sys.executable, "-c", "import graph.cli"], capture_output=True, cwd=ROOT).returncode:
        pytest.skip("setpriv cannot drop capabilities here")
    return drop


def _lines(stderr: str) -> list[str]:
    return [ln for ln in stderr.splitlines() if ln.strip()]


@pytest.fixture()
def two_articles(seeds_dir, tmp_path) -> tuple[Path, list[str]]:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    seeds = sorted(seeds_dir.glob("*.txt"))[:2]
    for p in seeds:
        shutil.copy(p, corpus / p.name)
    return corpus, sorted(p.stem for p in seeds)


def test_unreadable_subfolder_is_one_line_and_the_others_are_built(two_articles, seeds_dir, tmp_path):
    drop = _without_dac_override()
    corpus, ids = two_articles
    locked = corpus / "locked"
    locked.mkdir()
    shutil.copy(sorted(seeds_dir.glob("*.txt"))[3], locked / "hidden_article.txt")
    locked.chmod(0)
    try:
        out = tmp_path / "out"
        proc = subprocess.run([*drop, *_build_cmd(corpus, out)], capture_output=True, text=True, cwd=ROOT)
    finally:
        locked.chmod(0o755)
    assert proc.returncode == 1, proc.stderr
    assert _lines(proc.stderr) == [f"chaingraph: {locked}: cannot read this folder (permission denied); "
                                   "its articles are skipped"]
    assert sorted(read_graph(out).graph["articles"]) == ids


def test_unreadable_file_named_on_the_command_line_is_one_line_not_a_usage_error(two_articles, tmp_path):
    drop = _without_dac_override()
    corpus, ids = two_articles
    secret = tmp_path / "secret.txt"
    secret.write_text("广州市人民政府印发《方案》。", encoding="utf-8")
    secret.chmod(0)
    out = tmp_path / "out"
    named = [str(corpus / f"{i}.txt") for i in ids]
    proc = subprocess.run([*drop, sys.executable, "-m", "graph.cli", "build", *named, str(secret), "--out", str(out),
                           "--quiet"], capture_output=True, text=True, cwd=ROOT)
    assert proc.returncode == 1, proc.stderr
    assert _lines(proc.stderr) == [f"chaingraph: {secret}: permission denied"]
    assert sorted(read_graph(out).graph["articles"]) == ids


def test_symlink_loops_in_a_folder_are_one_line_each_and_the_others_are_built(two_articles, tmp_path):
    corpus, ids = two_articles
    (corpus / "loop.txt").symlink_to("loop.txt")  # points at itself
    (corpus / "ring").symlink_to(".")  # a folder loop: not followed
    out = tmp_path / "out"
    proc = subprocess.run(_build_cmd(corpus, out), capture_output=True, text=True, cwd=ROOT)
    assert proc.returncode == 1, proc.stderr
    assert _lines(proc.stderr) == [f"chaingraph: {corpus / 'loop.txt'}: cannot access (Too many levels of "
                                   "symbolic links)"]
    assert sorted(read_graph(out).graph["articles"]) == ids


def test_a_set_without_views_leaves_no_views_behind(seeds_dir, tmp_path):
    """Views of an older build never sit beside a newer graph: the set without views has none."""
    from graph.build import build, default_writers

    out = tmp_path / "out"
    build([seeds_dir], out)
    assert (out / "views" / "index.html").is_file()
    result = build([seeds_dir], out, writers=default_writers(views=False, report=False))
    assert not result.up_to_date and sorted(p.name for p in result.files) == ["graph.graphml", "graph.json"]
    assert not os.path.lexists(out / "views") and not os.path.lexists(out / "report.html")
    assert _leftovers(out) == []
