"""Throughput of claims.analysis.analyze() against dateparser's search_dates, side by side.

    .venv/bin/python bench/analysis.py [--eval ../shared/eval] [--sets dev-ar dev-en]
                                       [--rounds 3] [--dateparser-limit 40]

Runs on one core (sched_setaffinity), warms both up first, and reads the evaluation texts
from ../shared/eval relative to the project (only to time them; nothing is stored). The
figures are wall-clock on this machine: compare the ratio, not the absolute numbers.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
import warnings
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from claims.analysis import analyze  # noqa: E402
from claims.analysis.refs import seed_references  # noqa: E402


def load(folder: Path) -> list[str]:
    return [p.read_text(encoding="utf-8") for p in sorted((folder / "texts").glob("*.txt"))]


def timed(fn, texts: list[str], rounds: int) -> tuple[float, float]:
    """Best wall-clock and CPU seconds over ``rounds`` passes (CPU time is what other
    processes on a busy machine do not inflate)."""
    best_wall = best_cpu = float("inf")
    for _ in range(rounds):
        w0, c0 = time.perf_counter(), time.process_time()
        for t in texts:
            fn(t)
        best_wall = min(best_wall, time.perf_counter() - w0)
        best_cpu = min(best_cpu, time.process_time() - c0)
    return best_wall, best_cpu


def main() -> None:
    p = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    p.add_argument("--eval", type=Path, default=ROOT.parent / "shared" / "eval")
    p.add_argument("--sets", nargs="+", default=["dev-ar", "dev-en"])
    p.add_argument("--rounds", type=int, default=3, help="best of N for analyze()")
    p.add_argument(
        "--dateparser-limit",
        type=int,
        default=40,
        help="texts per set timed with dateparser (it is slow)",
    )
    p.add_argument("--cpu", type=int, default=None, help="core to pin to (default: first)")
    args = p.parse_args()

    if hasattr(os, "sched_setaffinity"):
        cpu = args.cpu if args.cpu is not None else min(os.sched_getaffinity(0))
        os.sched_setaffinity(0, {cpu})

    warnings.filterwarnings("ignore")
    from dateparser.search import search_dates

    refs = seed_references()
    print(
        f"{'set':8} {'engine':24} {'texts':>5} {'articles/s':>11} {'ms/article':>11} "
        f"{'cpu ms/article':>15}"
    )
    for name in args.sets:
        texts = load(args.eval / name)
        if not texts:
            print(f"{name}: no texts in {args.eval / name}")
            continue
        lang = "ar" if name.endswith("ar") else "en"
        for t in texts[:5]:  # warm-up: regex compilation, gazetteer automaton, caches
            analyze(t, language=lang, refs=refs)
        ours_wall, ours_cpu = timed(
            lambda t, lang=lang: analyze(t, language=lang, refs=refs), texts, args.rounds
        )
        sample = texts[: args.dateparser_limit]
        for t in sample[:2]:
            search_dates(t, languages=[lang])
        dp_wall, dp_cpu = timed(lambda t, lang=lang: search_dates(t, languages=[lang]), sample, 1)
        rows = [
            ("claims.analysis", len(texts), ours_wall / len(texts), ours_cpu / len(texts)),
            ("dateparser.search_dates", len(sample), dp_wall / len(sample), dp_cpu / len(sample)),
        ]
        for engine, n, wall, cpu in rows:
            print(
                f"{name:8} {engine:24} {n:5d} {1 / wall:11.1f} {1000 * wall:11.2f} "
                f"{1000 * cpu:15.2f}"
            )
        ratio = rows[1][3] / rows[0][3]
        print(
            f"{name:8} analyze() runs {ratio:.1f}x as many articles per CPU second as "
            "search_dates (which only finds dates)"
        )


if __name__ == "__main__":
    main()
