"""Warm single-core clean+extract throughput (chars/s) with every component on and with each statistical
component off, on the seed articles repeated to ~2 MB and, when ../shared/realdev exists, on the real
articles (read in place) repeated the same way.

    python bench/extract_speed.py            # ~2 MB per corpus
    python bench/extract_speed.py --mb 0.5 --profile   # plus the top cProfile entries (all on, seeds)
"""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from graph.model import Article  # noqa: E402
from loaders.clean import clean  # noqa: E402
from loaders.extract import extract  # noqa: E402


REALDEV = ROOT.parent / "shared" / "realdev" / "articles"
# the configurations timed: every component on, then each statistical component off
CONFIGS = (("all on", {"scorer": True}), ("scorer off", {"scorer": False}))


def corpus(megabytes: float, folder: Path = ROOT / "seeds") -> list[Article]:
    """The articles of `folder`, repeated (as distinct articles) until the total reaches `megabytes`
    million chars."""
    from loaders.read import article_from_bytes

    seeds = [(p.stem, article_from_bytes(p, p.read_bytes()).text) for p in sorted(folder.glob("*.txt"))]
    out, total, k = [], 0, 0
    while total < megabytes * 1_000_000:
        stem, text = seeds[k % len(seeds)]
        out.append(Article(id=f"{stem}_{k}", path=f"{stem}.txt", text=text))
        total += len(text)
        k += 1
    return out


def run(articles: list[Article], **options) -> float:
    """CPU seconds of this process to clean+extract every article once (`options`: extract's component
    switches). CPU time, not wall time: on a shared machine it is the one-core figure, whatever the load."""
    t0 = time.process_time()
    for a in articles:
        extract(clean(a), **options)
    return time.process_time() - t0


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--mb", type=float, default=2.0)
    ap.add_argument("--repeat", type=int, default=3, help="timed runs per configuration, interleaved; best kept")
    ap.add_argument("--profile", action="store_true")
    args = ap.parse_args(argv)
    folders = [("seeds", ROOT / "seeds")] + ([("realdev", REALDEV)] if REALDEV.is_dir() else [])
    for name, folder in folders:
        arts = corpus(args.mb, folder)
        chars = sum(len(a.text) for a in arts)
        for _, options in CONFIGS:
            run(arts[:10], **options)  # warm-up: vocabularies, regex caches, the model file
        best = {label: run(arts, **options) for label, options in CONFIGS}
        for _ in range(args.repeat - 1):  # interleaved, so a load spike on a shared machine hits both
            for label, options in CONFIGS:
                best[label] = min(best[label], run(arts, **options))
        for label, secs in best.items():
            print(f"{name:8} {label:11} {len(arts)} articles, {chars} chars, best of {args.repeat}: {secs:.2f} CPU s, "
                  f"{chars / secs:,.0f} chars/s")
    if args.profile:
        import cProfile
        import pstats

        prof = cProfile.Profile()
        prof.enable()
        run(corpus(args.mb), **CONFIGS[0][1])
        prof.disable()
        pstats.Stats(prof).sort_stats("cumulative").print_stats(35)


if __name__ == "__main__":
    main()
