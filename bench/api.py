"""Benchmark of the published-verdict list against a values()+orjson baseline.

    .venv/bin/python bench/api.py [--verdicts 10000] [--duration 15] [--connections 8]

What it does, all on loopback:
1. (Re)creates the PostgreSQL database `fc_bench_api` (BENCH_DATABASE_URL, default
   postgres://postgres@127.0.0.1:5432/fc_bench_api), migrates it and fills it with
   10,000 published verdicts (claims, articles, ratings) and one API client token.
2. Starts gunicorn (2 sync workers) on 127.0.0.1 on a free port with BENCH_BASELINE on.
3. Runs wrk (`wrk -t2 -c8 -d15s --latency`), three rounds alternating, against
   - /api/v1/verdicts/?page_size=50 with the token (authentication, roles, throttling,
     filters, cursor pagination: the real API), and
   - /api/bench/verdicts-baseline/, a bare Django view serving the same 50 rows with
     values() and orjson,
   and prints requests/s, p50, p99 and the workers' CPU time per request side by side with
   the ratio (the median round).
4. Writes the figures into docs/api.md (between the BENCH markers).

Targets: the API serves >= 0.7 of the baseline's requests/s, with p99 < 100 ms.
"""

from __future__ import annotations

import argparse
import os
import platform
import re
import signal
import subprocess
import sys
import time
import urllib.request
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DB_NAME = "fc_bench_api"
DB_URL = os.environ.get("BENCH_DATABASE_URL", f"postgres://postgres@127.0.0.1:5432/{DB_NAME}")
ENV = {
    **os.environ,
    "DATABASE_URL": DB_URL,
    "BENCH_BASELINE": "1",
    "DEBUG": "0",
    # The benchmark measures serving, not the throttle's refusals.
    "API_THROTTLE_CLIENT": "100000000/min",
    "API_THROTTLE_USER": "100000000/min",
    "LOG_LEVEL": "ERROR",
    "CELERY_BROKER_URL": "",
}
os.environ.update(ENV)
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "factcheck.settings")
sys.path.insert(0, str(ROOT))
from bench.common import cpu_seconds as _cpu_seconds  # noqa: E402
from bench.common import free_port  # noqa: E402
from bench.common import worker_pids as _worker_pids  # noqa: E402


def recreate_database() -> None:
    import psycopg

    admin_url = DB_URL.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{DB_NAME}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{DB_NAME}"')


def populate(count: int) -> str:
    """Migrate, fill with `count` published verdicts; return an API token."""
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group
    from django.core.management import call_command
    from django.utils import timezone

    from claims.api.services import api_client_create
    from claims.models import Article, Claim, Rating, Verdict
    from claims.roles import API_CLIENT
    from claims.services import article_content_hash

    call_command("migrate", verbosity=0, interactive=False)
    User = get_user_model()
    author = User.objects.create_user("bench-author")
    approver = User.objects.create_user("bench-editor")
    client_user = User.objects.create_user("bench-client")
    client_user.groups.add(Group.objects.get(name=API_CLIENT))
    scale = [
        ("true", "True", "صحيح", 5),
        ("mostly-true", "Mostly true", "صحيح في معظمه", 4),
        ("misleading", "Misleading", "مضلل", 3),
        ("mostly-false", "Mostly false", "خاطئ في معظمه", 2),
        ("false", "False", "خاطئ", 1),
    ]
    ratings = [
        Rating.objects.create(
            slug=slug, label_en=en, label_ar=ar, value=value, order=i, claimreview_name=en
        )
        for i, (slug, en, ar, value) in enumerate(scale)
    ]
    sentence = "قال المتحدث إن المجلس اعتمد القرار رقم {n} في جلسته يوم الخميس."
    per_article = 10
    now = timezone.now()
    articles = []
    for a in range(count // per_article):
        body = "\n".join(sentence.format(n=a * per_article + i) for i in range(per_article))
        articles.append(
            Article(
                title=f"Bench article {a}",
                body=body,
                language="ar",
                url=f"https://paper.test/bench/{a}",
                content_hash=article_content_hash(body),
                analysis_status="done",
            )
        )
    Article.objects.bulk_create(articles, batch_size=1000)
    claims = []
    for article in Article.objects.order_by("pk"):
        start = 0
        for line in article.body.split("\n"):
            claims.append(
                Claim(
                    article=article,
                    start=start,
                    end=start + len(line),
                    text=line,
                    status="published",
                    fingerprint=f"{article.pk}-{start}",
                )
            )
            start += len(line) + 1
    Claim.objects.bulk_create(claims, batch_size=2000)
    verdicts = [
        Verdict(
            claim=claim,
            rating=ratings[i % len(ratings)],
            rationale="سجل مجلس الأمن يبين رقم القرار وسنة اعتماده.",
            language="ar" if i % 3 else "en",
            author=author,
            state="published",
            approved_by=approver,
            approved_at=now,
            published_at=now,
        )
        for i, claim in enumerate(Claim.objects.order_by("pk"))
    ]
    Verdict.objects.bulk_create(verdicts, batch_size=2000)
    _, token = api_client_create(name="bench", user=client_user)
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    connection.close()
    return token


def wait_ready(url: str, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2) as response:  # noqa: S310 (loopback)
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.2)
    raise SystemExit(f"gunicorn did not answer at {url}")


_UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0}


def _ms(text: str) -> float:
    match = re.fullmatch(r"([\d.]+)(us|ms|s)", text)
    if not match:
        raise ValueError(text)
    return float(match.group(1)) * _UNITS[match.group(2)]


def run_wrk(url: str, *, duration: int, connections: int, headers: list[str]) -> dict:
    cmd = ["wrk", "-t2", f"-c{connections}", f"-d{duration}s", "--latency"]
    for header in headers:
        cmd += ["-H", header]
    out = subprocess.run([*cmd, url], capture_output=True, text=True, check=True).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    p50 = _ms(re.search(r"^\s+50%\s+(\S+)", out, re.M).group(1))
    p99 = _ms(re.search(r"^\s+99%\s+(\S+)", out, re.M).group(1))
    errors = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", out)
    return {"rps": rps, "p50": p50, "p99": p99, "non2xx": int(errors.group(1)) if errors else 0}


def measure(url: str, *, duration: int, connections: int, headers: list[str], pids) -> dict:
    before = _cpu_seconds(pids)
    result = run_wrk(url, duration=duration, connections=connections, headers=headers)
    spent = _cpu_seconds(pids) - before
    requests = result["rps"] * duration
    result["cpu_ms"] = spent / requests * 1000 if requests else 0.0
    return result


def write_docs(text: str) -> None:
    path = ROOT / "docs" / "api.md"
    doc = path.read_text(encoding="utf-8")
    start, end = "<!-- BENCH:START -->", "<!-- BENCH:END -->"
    before, rest = doc.split(start, 1)
    _, after = rest.split(end, 1)
    path.write_text(f"{before}{start}\n{text}\n{end}{after}", encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--verdicts", type=int, default=10_000)
    parser.add_argument("--duration", type=int, default=15)
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--no-docs", action="store_true", help="do not write docs/api.md")
    args = parser.parse_args()

    print(f"Creating {DB_NAME} with {args.verdicts} published verdicts …", flush=True)
    recreate_database()
    token = populate(args.verdicts)

    port = free_port()
    base = f"http://127.0.0.1:{port}"
    gunicorn = subprocess.Popen(
        [
            str(ROOT / ".venv" / "bin" / "gunicorn"),
            "factcheck.wsgi",
            "--workers",
            "2",
            "--bind",
            f"127.0.0.1:{port}",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=ENV,
    )
    try:
        wait_ready(f"{base}/api/bench/verdicts-baseline/")
        api_url = f"{base}/api/v1/verdicts/?page_size=50"
        baseline_url = f"{base}/api/bench/verdicts-baseline/"
        auth = [f"Authorization: Token {token}"]
        # Warm both: connections, caches, the first query plans.
        run_wrk(api_url, duration=3, connections=args.connections, headers=auth)
        run_wrk(baseline_url, duration=3, connections=args.connections, headers=[])
        pids = _worker_pids(gunicorn.pid)
        rounds = []
        # Alternate the two a few times: on a shared machine one run alone is noisy.
        for _ in range(args.rounds):
            api = measure(
                api_url,
                duration=args.duration,
                connections=args.connections,
                headers=auth,
                pids=pids,
            )
            baseline = measure(
                baseline_url,
                duration=args.duration,
                connections=args.connections,
                headers=[],
                pids=pids,
            )
            rounds.append((api["rps"] / baseline["rps"], api, baseline))
    finally:
        gunicorn.send_signal(signal.SIGTERM)
        try:
            gunicorn.wait(timeout=20)
        except subprocess.TimeoutExpired:
            gunicorn.kill()

    rounds.sort(key=lambda r: r[0])
    ratio, api, baseline = rounds[len(rounds) // 2]
    load = " / ".join(f"{x:.1f}" for x in os.getloadavg())
    lines = [
        f"Run {datetime.now(UTC):%Y-%m-%d %H:%M} UTC on {platform.machine()}, "
        f"{os.cpu_count()} cores, load average {load} (1/5/15 min, after the run); PostgreSQL, {args.verdicts:,} published verdicts, "
        f"gunicorn 2 sync workers, `wrk -t2 -c{args.connections} -d{args.duration}s --latency`, "
        "50 verdicts per page.",
        "",
        "| endpoint | requests/s | p50 (ms) | p99 (ms) | worker CPU ms/request | non-2xx |",
        "|---|---:|---:|---:|---:|---:|",
        f"| `/api/v1/verdicts/?page_size=50` (token) | {api['rps']:.0f} | {api['p50']:.1f} "
        f"| {api['p99']:.1f} | {api['cpu_ms']:.1f} | {api['non2xx']} |",
        f"| baseline: `values()` + orjson | {baseline['rps']:.0f} | {baseline['p50']:.1f} "
        f"| {baseline['p99']:.1f} | {baseline['cpu_ms']:.1f} | {baseline['non2xx']} |",
        "",
        f"{len(rounds)} rounds, API then baseline each time; the median round by ratio "
        f"is shown (all ratios: {', '.join(f'{r[0]:.2f}' for r in rounds)}).",
        "",
        f"Throughput ratio API / baseline: **{ratio:.2f}** (target ≥ 0.70); "
        f"API p99 {api['p99']:.1f} ms (target < 100 ms).",
    ]
    report = "\n".join(lines)
    print(report)
    if not args.no_docs:
        write_docs(report)
        print("Written to docs/api.md")
    if api["non2xx"] or baseline["non2xx"]:
        raise SystemExit("Some requests failed; the figures are not valid.")


if __name__ == "__main__":
    main()
