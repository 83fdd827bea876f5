"""Analyse text files without storing anything: one JSON object per file per line."""

from __future__ import annotations

import json
import sys
from datetime import date
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from claims.analysis import analyze
from claims.analysis.refs import seed_references


class Command(BaseCommand):
    help = "Analyse article text files and print claims and flags (JSON Lines by default)."
    requires_system_checks: list = []  # needs no database and no models

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", metavar="PATH")
        parser.add_argument("--format", choices=["json", "text"], default="json")
        parser.add_argument("--language", choices=["ar", "en", "auto"], default="auto")
        parser.add_argument("--published", metavar="YYYY-MM-DD", default=None)

    def handle(self, *args, **opts):
        published = None
        if opts["published"]:
            try:
                published = date.fromisoformat(opts["published"])
            except ValueError:
                raise CommandError(f"--published must be YYYY-MM-DD, not {opts['published']!r}")
        language = None if opts["language"] == "auto" else opts["language"]
        refs = seed_references()
        failed = 0
        for path in opts["paths"]:
            try:
                text = Path(path).read_bytes().decode("utf-8")
            except (OSError, UnicodeDecodeError) as exc:
                failed += 1
                reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else exc
                self.stderr.write(f"{path}: cannot read as UTF-8 text: {reason}")
                continue
            result = analyze(text, language=language, published=published, refs=refs)
            if opts["format"] == "json":
                obj = {"path": path, **result.to_dict()}
                self.stdout.write(json.dumps(obj, ensure_ascii=False))
            else:
                self.stdout.write(self._as_text(path, result))
        if failed:
            sys.exit(1)

    def _as_text(self, path: str, result) -> str:
        lines = [
            f"== {path} ({result.language}): {len(result.claims)} claims, {len(result.flags)} flags"
        ]
        for c in result.claims:
            lines.append(f"claim [{c.start}:{c.end}] {c.checkworthiness:.2f} {c.text}")
            for v in c.values:
                fields = ", ".join(f"{k}={val}" for k, val in v.fields.items())
                lines.append(f"    {v.type} [{v.start}:{v.end}] {v.text!r} {fields}")
            if c.attribution:
                a = c.attribution
                lines.append(f"    attribution {a.speaker!r} verb={a.verb} vague={a.vague}")
        for f in result.flags:
            sugg = f" -> {f.suggestion}" if f.suggestion else ""
            lines.append(
                f"flag {f.code} {f.severity} [{f.start}:{f.end}] {f.text!r}{sugg}: {f.message}"
            )
        return "\n".join(lines)
