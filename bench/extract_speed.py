"""Warm single-core clean+extract throughput on the seed articles repeated to ~2 MB (prints chars/s).

    python bench/extract_speed.py            # ~2 MB
    python bench/extract_speed.py --mb 0.5 --profile   # plus the top cProfile entries
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


def corpus(megabytes: float) -> list[Article]:
    """Seed articles, repeated (as distinct articles) until the total reaches `megabytes` million chars."""
    seeds = [(p.stem, p.read_text(encoding="utf-8")) for p in sorted((ROOT / "seeds").glob("*.txt"))]
    out, total, k = [], 0, 0
    while total < megabytes * 1_000_000:
        stem, text = seeds[k % len(seeds)]
        out.append(Article(id=f"{stem}_{k}", path=f"{stem}.txt", text=text))
        total += len(text)
        k += 1
    return out


def run(articles: list[Article]) -> float:
    """Seconds to clean+extract every article once."""
    t0 = time.perf_counter()
    for a in articles:
        extract(clean(a))
    return time.perf_counter() - t0


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--mb", type=float, default=2.0)
    ap.add_argument("--profile", action="store_true")
    args = ap.parse_args(argv)
    arts = corpus(args.mb)
    chars = sum(len(a.text) for a in arts)
    run(arts[:10])  # warm-up: vocabularies, regex caches
    if args.profile:
        import cProfile
        import pstats

        prof = cProfile.Profile()
        prof.enable()
        secs = run(arts)
        prof.disable()
        pstats.Stats(prof).sort_stats("cumulative").print_stats(35)
    else:
        secs = run(arts)
    print(f"{len(arts)} articles, {chars} chars, {secs:.2f} s, {chars / secs:,.0f} chars/s")


if __name__ == "__main__":
    main()
