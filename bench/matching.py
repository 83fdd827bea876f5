#!/usr/bin/env python3
"""Benchmark the claim matcher against rapidfuzz's token_set_ratio on a matching set.

    .venv/bin/python bench/matching.py ../shared/eval/matching-ar-dev

A matching set is corpus.txt, queries.txt and truth.jsonl (see ../shared/eval/README.md).
Index build and query time are measured apart; query time is per new claim, in process:
wall-clock (mean and 95th percentile) and CPU time, which other load on the machine does not
inflate.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from rapidfuzz import fuzz, process  # noqa: E402

from claims.analysis.normalize import fold  # noqa: E402
from claims.matching import ClaimMatcher  # noqa: E402


def read_lines(path: Path) -> list[str]:
    lines = path.read_text(encoding="utf-8").split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    return lines


def recall(tops: list[list[int]], truth: list[dict], k: int) -> float:
    return sum(t["expected"] in tops[t["query"]][:k] for t in truth) / len(truth)


def restatement_clusters(corpus, queries, truth) -> list[int]:
    """Cluster id per corpus line: lines the truth itself pairs as restatements of each other.

    A new claim whose text is also a corpus line, paired with another line, links the two.
    """
    parent = list(range(len(corpus)))

    def find(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    lines: dict[str, list[int]] = {}
    for i, line in enumerate(corpus):
        lines.setdefault(" ".join(fold(line).split()), []).append(i)
    for t in truth:
        for k in lines.get(" ".join(fold(queries[t["query"]]).split()), ()):
            parent[find(k)] = find(t["expected"])
    return [find(i) for i in range(len(corpus))]


def run_matcher(corpus, queries, top, exclude_identical):
    t0 = time.perf_counter()
    matcher = ClaimMatcher((i, line) for i, line in enumerate(corpus) if line.strip())
    build = time.perf_counter() - t0
    same: dict[str, list[int]] = {}
    if exclude_identical:
        for i, line in enumerate(corpus):
            same.setdefault(" ".join(fold(line).split()), []).append(i)
    tops, times = [], []
    cpu = time.process_time()
    for query in queries:
        exclude = same.get(" ".join(fold(query).split()), ()) if same else ()
        t0 = time.perf_counter()
        found = matcher.search(query, top, exclude=exclude)
        times.append(time.perf_counter() - t0)
        tops.append([m.id for m in found])
    return tops, build, times, time.process_time() - cpu


def run_rapidfuzz(corpus, queries, top):
    t0 = time.perf_counter()
    docs = [fold(line) for line in corpus]
    build = time.perf_counter() - t0
    tops, times = [], []
    cpu = time.process_time()
    for query in queries:
        t0 = time.perf_counter()
        found = process.extract(fold(query), docs, scorer=fuzz.token_set_ratio, limit=top)
        times.append(time.perf_counter() - t0)
        tops.append([r[2] for r in found])
    return tops, build, times, time.process_time() - cpu


def in_cluster(tops: list[list[int]], truth: list[dict], cluster: list[int]) -> float:
    return sum(
        bool(tops[t["query"]]) and cluster[tops[t["query"]][0]] == cluster[t["expected"]]
        for t in truth
    ) / len(truth)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", nargs="?", default="../shared/eval/matching-ar-dev")
    parser.add_argument("--top", type=int, default=5)
    parser.add_argument(
        "--exclude-identical",
        action="store_true",
        help="skip corpus lines with the query's own text (as match_claims --exclude-identical)",
    )
    args = parser.parse_args()
    folder = Path(args.folder)
    corpus = read_lines(folder / "corpus.txt")
    queries = read_lines(folder / "queries.txt")
    truth = [json.loads(line) for line in (folder / "truth.jsonl").open(encoding="utf-8")]
    print(f"{len(queries)} new claims against {len(corpus)} earlier claims ({folder})")
    cluster = restatement_clusters(corpus, queries, truth)
    print(
        f"{'':18} {'recall@1':>8} {'recall@5':>8} {'build ms':>9} {'ms/query':>9} "
        f"{'p95 ms':>7} {'cpu ms/query':>13} {'first in cluster':>17}"
    )
    runs = [
        ("ClaimMatcher", run_matcher(corpus, queries, args.top, args.exclude_identical)),
        ("rapidfuzz tsr", run_rapidfuzz(corpus, queries, args.top)),
    ]
    for name, (tops, build, times, cpu) in runs:
        p95 = statistics.quantiles(times, n=20)[-1] if len(times) > 1 else times[0]
        print(
            f"{name:18} {recall(tops, truth, 1):8.3f} {recall(tops, truth, 5):8.3f} "
            f"{1000 * build:9.0f} {1000 * statistics.fmean(times):9.2f} {1000 * p95:7.2f} "
            f"{1000 * cpu / len(times):13.2f} {in_cluster(tops, truth, cluster):17.3f}"
        )
    print(
        "first in cluster: the first match is the expected line or a line the truth itself "
        "pairs with it as a restatement"
    )


if __name__ == "__main__":
    main()
