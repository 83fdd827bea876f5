#!/usr/bin/env python3
"""What score the true earlier claim gets, against the other suggestions: the figures behind
FACTCHECK_MATCH_MIN_SCORE and FACTCHECK_MATCH_TOP (docs/matching.md).

    .venv/bin/python bench/match_thresholds.py ../shared/eval/matching-ar-dev

For each new claim of the set: the score of its expected earlier claim (0 when it is not in the
top 50), and the scores of the other claims in its top 10 (corpus lines with the new claim's
very text left out). Then, for each minimum score, what a reviewer would see with the
workbench's top 5: how often the expected claim is among the suggestions, and how many
suggestions there are per new claim.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.matching import read_lines  # noqa: E402
from claims.matching import ClaimMatcher  # noqa: E402


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[int(p * (len(ordered) - 1))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument("--top", type=int, default=5)
    args = parser.parse_args()
    corpus = read_lines(args.folder / "corpus.txt")
    queries = read_lines(args.folder / "queries.txt")
    truth = [json.loads(line) for line in read_lines(args.folder / "truth.jsonl") if line.strip()]
    matcher = ClaimMatcher((i, text) for i, text in enumerate(corpus) if text.strip())

    expected: dict[str, list[float]] = {"all": [], "agree": [], "disagree": []}
    others: list[float] = []
    for t in truth:
        query = queries[t["query"]]
        found = matcher.search(query, top=50)
        score = next((m.score for m in found if m.id == t["expected"]), 0.0)
        expected["all"].append(score)
        expected.setdefault(t.get("stance", "all"), []).append(score)
        others += [m.score for m in found if m.id != t["expected"] and corpus[m.id] != query][:10]

    print(f"{len(truth)} new claims, {len(corpus)} earlier claims")
    for name, values in [*expected.items(), ("others in the top 10", others)]:
        if values:
            print(
                f"{name:>22}: median {statistics.median(values):.3f}"
                f"  p05 {percentile(values, 0.05):.3f}  p10 {percentile(values, 0.10):.3f}"
                f"  p25 {percentile(values, 0.25):.3f}  p75 {percentile(values, 0.75):.3f}"
            )
    print(f"with top {args.top}:")
    for min_score in (0.0, 0.2, 0.25, 0.3, 0.35, 0.4, 0.5):
        shown = count = 0
        for t in truth:
            found = matcher.search(queries[t["query"]], top=args.top, min_score=min_score)
            count += len(found)
            shown += any(m.id == t["expected"] for m in found)
        kept = sum(s >= min_score for s in expected["all"]) / len(truth)
        print(
            f"  min score {min_score:.2f}: expected claim scores that high {kept:.3f},"
            f" is shown {shown / len(truth):.3f}; suggestions per new claim {count / len(truth):.2f}"
        )


if __name__ == "__main__":
    main()
