"""Match new claims against earlier ones (DESIGN.md, "The matching contract").

Reads two UTF-8 files, one claim a line, and never touches the database.
"""

from __future__ import annotations

import json
import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from claims.analysis.normalize import fold
from claims.matching import ClaimMatcher


def read_lines(path: str) -> list[str]:
    """Lines of a UTF-8 file, numbered from 0 as the file's lines (only "\\n" ends a line)."""
    try:
        text = Path(path).read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise CommandError(f"{path}: no such file", returncode=2)
    except IsADirectoryError:
        raise CommandError(f"{path}: is a directory, not a text file", returncode=2)
    except PermissionError:
        raise CommandError(f"{path}: permission denied", returncode=2)
    except UnicodeDecodeError as exc:
        raise CommandError(
            f"{path}: not UTF-8 text ({exc.reason} at byte {exc.start})", returncode=2
        )
    except OSError as exc:
        raise CommandError(f"{path}: cannot read ({exc.strerror})", returncode=2)
    # str.splitlines() also breaks on U+2028, form feeds etc., which would shift the numbering.
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    return [line.removesuffix("\r") for line in lines]


def _identity(text: str) -> str:
    return " ".join(fold(text).split())


class Command(BaseCommand):
    help = (
        "Print, for each new claim in QUERIES, the most similar earlier claims in CORPUS "
        "(line numbers from 0, best first)."
    )
    # Reading two text files needs neither the system checks nor a database.
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("corpus", metavar="CORPUS", help="earlier claims, one per line")
        parser.add_argument("queries", metavar="QUERIES", help="new claims, one per line")
        parser.add_argument("--top", type=int, default=5, help="matches per new claim (5)")
        parser.add_argument(
            "--min-score", type=float, default=0.0, help="leave out matches scoring less (0)"
        )
        parser.add_argument("--format", choices=["json", "text"], default="json")
        parser.add_argument(
            "--exclude-identical",
            action="store_true",
            help="never match a new claim to an earlier line with the same text (after "
            "folding): use when CORPUS already holds the new claims themselves",
        )

    def handle(self, *args, **options) -> None:
        if options["top"] < 1:
            raise CommandError("--top must be at least 1", returncode=2)
        corpus = read_lines(options["corpus"])
        queries = read_lines(options["queries"])

        started = time.perf_counter()
        matcher = ClaimMatcher((i, line) for i, line in enumerate(corpus) if line.strip())
        built = time.perf_counter()

        same_text: dict[str, list[int]] = {}
        if options["exclude_identical"]:
            for i, line in enumerate(corpus):
                same_text.setdefault(_identity(line), []).append(i)

        results = []
        for i, query in enumerate(queries):
            exclude = same_text.get(_identity(query), ()) if same_text else ()
            matches = (
                matcher.search(query, options["top"], options["min_score"], exclude)
                if query.strip()
                else []
            )
            results.append((i, matches))
        searched = time.perf_counter()

        if options["format"] == "json":
            for i, matches in results:
                self.stdout.write(json.dumps({"query": i, "top": [m.id for m in matches]}))
            return
        self._write_table(corpus, queries, results)
        n = max(len(queries), 1)
        self.stdout.write(
            f"\n{len(queries)} new claims against {len(matcher)} earlier claims; index built in "
            f"{1000 * (built - started):.0f} ms, {1000 * (searched - built) / n:.2f} ms per new claim"
        )

    def _write_table(self, corpus, queries, results) -> None:
        for i, matches in results:
            self.stdout.write(f"[{i}] {queries[i]}")
            if not matches:
                self.stdout.write("      (no match)")
            for rank, m in enumerate(matches, 1):
                self.stdout.write(f"  {rank}. {m.score:.3f}  [{m.id}] {corpus[m.id]}")
