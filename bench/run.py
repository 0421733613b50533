"""`make bench`: library search and ESCO suggestion latency at scale, on SQLite and PostgreSQL.

The parent process prepares each database and runs one worker process per database (Django
reads ``DATABASE_URL`` once, at start-up), then prints the table and writes
``var/bench/results.json``. A worker migrates its database, generates the bench library
unless it is already there (see ``generate.is_generated``), imports ESCO if needed, and times:

- library search as the library page runs it: the visible units of a coordinator →
  ``unit_search`` → ``Paginator(…, 25).page(1)`` evaluated (count + first page), including
  the membership query every request makes;
- ``esco_skill_suggestions`` for outcome texts, after the index is built once;
- the whole demo built once beside the library and rolled back (what `make run` loads first);
- a school's spreadsheet of 500 learners read, checked and imported (``read_learners`` →
  ``learners_import``), rolled back after each round so every round imports the same file.

Run ``python -m bench.run --help`` for the options.
"""

from __future__ import annotations

import argparse
import json
import os
import secrets
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "var" / "bench"
ESCO = ROOT.parent / "shared" / "data" / "esco"
SQLITE_URL = f"sqlite:///{OUT / 'bench.sqlite3'}"
POSTGRES_SERVER = os.environ.get("BENCH_POSTGRES_SERVER", "postgres://postgres@127.0.0.1:5432/")
POSTGRES_DATABASE = "ecvet_bench"
TARGET_MS = 100.0
#: Issue 5: "a spreadsheet with 500 learners imports in seconds".
IMPORT_ROWS = 500
#: The demo (three learners through the whole ECVET chain, with their signed documents) is
#: loaded by `make run` on a fresh machine: it should take seconds.
DEMO_TARGET_MS = 10_000.0
IMPORT_TARGET_MS = 5000.0
ROUNDS = 3

SEARCHES: dict[str, list[str]] = {
    "common word": [
        "work",
        "safety",
        "manage",
        "equipment",
        "quality",
        "customer",
        "procedures",
        "materials",
        "data",
        "operate",
    ],
    "rare word": [
        "mortise",
        "beekeeping",
        "sommelier",
        "taxidermy",
        "ultrasonic",
        "hydroponic",
        "choreography",
        "orthodontic",
        "glazing",
        "zzyzx",
    ],
    "prefix": ["carp", "weld", "prog", "ma", "co", "elec", "hyd", "acc", "inst", "tr"],
    "two words": [
        "hand tools",
        "wood work",
        "customer service",
        "health safety",
        "quality control",
        "manage staff",
        "food hygiene",
        "data analysis",
        "machine maintenance",
        "risk assessment",
    ],
    "Latvian": [
        "drošību",
        "drosibu",
        "darbu",
        "instrumentus",
        "koka",
        "klientu",
        "kvalitāti",
        "kvalitati",
        "saskaņā ar",
        "vadīt personālu",
    ],
}
WOOD_WORK = "Identify and use different hand tools in accordance to the different kind of wood work"
OUTCOME_TEXTS = [
    WOOD_WORK,
    "Prepare the workplace and check the tools before starting the joinery work.",
    "Measure and mark out timber using a tape measure and a carpenter's square.",
    "Weld two steel plates with a butt joint using the MIG process.",
    "Follow food hygiene rules when preparing cold dishes.",
    "Greet customers and answer their questions politely.",
    "Install and test a domestic electrical circuit.",
    "Read a technical drawing and list the materials needed.",
    "Use personal protective equipment on a building site.",
    "Apply paint and varnish to wooden surfaces.",
    "Keep a record of the hours worked and the materials used.",
    "Plan the daily work of a small team.",
    "Repair a leaking water pipe.",
    "Prepare an invoice for a customer.",
    "Sharpen chisels and plane irons.",
    "Assemble furniture from prefabricated parts.",
    "Check the quality of the finished product against the order.",
    "Operate a forklift truck safely in a warehouse.",
    "Clean and disinfect kitchen equipment.",
    "Communicate with colleagues in English at the workplace.",
]


# --- The parent: prepare the databases, run the workers, report. -------------------------


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--units", type=int, default=5000)
    parser.add_argument("--outcomes-per-unit", type=int, default=20)
    parser.add_argument("--only", choices=["sqlite", "postgresql"])
    parser.add_argument("--worker", choices=["sqlite", "postgresql"], help=argparse.SUPPRESS)
    args = parser.parse_args()
    OUT.mkdir(parents=True, exist_ok=True)
    if args.worker:
        return worker(args.worker, args.units, args.outcomes_per_unit)

    started = time.perf_counter()
    results: dict[str, dict[str, Any]] = {}
    for label in ("sqlite", "postgresql"):
        if args.only and args.only != label:
            continue
        url, skipped = (SQLITE_URL, None) if label == "sqlite" else _postgres_url()
        if skipped:
            print(f"{label}: skipped — {skipped}", flush=True)
            results[label] = {"skipped": skipped}
            continue
        results[label] = _run_worker(label, url, args.units, args.outcomes_per_unit)
    report = {
        "size": {"units": args.units, "outcomes": args.units * args.outcomes_per_unit},
        "target_ms": TARGET_MS,
        "figures": _figures(results),
        "databases": results,
        "seconds": round(time.perf_counter() - started, 1),
    }
    path = OUT / "results.json"
    path.write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    _print_table(report)
    print(f"\nFigures written to {path.relative_to(ROOT)} ({report['seconds']} s in all).")
    failed = [label for label, result in results.items() if "error" in result]
    return 1 if failed else 0


def _postgres_url() -> tuple[str, str | None]:
    """The bench database's URL, created if missing, or why PostgreSQL is skipped."""
    ensure = subprocess.run(  # noqa: S603 (our own script, no user input)
        [str(ROOT / "scripts" / "ensure-postgres")], capture_output=True, text=True, check=False
    )
    if ensure.returncode != 0:
        return "", (ensure.stderr.strip() or "scripts/ensure-postgres failed").splitlines()[-1]
    import psycopg
    from psycopg import sql

    try:
        with psycopg.connect(f"{POSTGRES_SERVER}postgres", connect_timeout=5) as server:
            server.autocommit = True
            exists = server.execute(
                "SELECT 1 FROM pg_database WHERE datname = %s", [POSTGRES_DATABASE]
            ).fetchone()
            if not exists:
                server.execute(
                    sql.SQL("CREATE DATABASE {}").format(sql.Identifier(POSTGRES_DATABASE))
                )
    except psycopg.Error as error:
        return "", f"cannot reach {POSTGRES_SERVER}: {str(error).strip().splitlines()[0]}"
    return f"{POSTGRES_SERVER}{POSTGRES_DATABASE}", None


def _run_worker(label: str, url: str, units: int, per_unit: int) -> dict[str, Any]:
    # The bench runs as production does: DEBUG off (no query log), its own throwaway key.
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DATABASE_URL": url,
        "DEBUG": "false",
        "SECRET_KEY": secrets.token_urlsafe(40),
        "ALLOWED_HOSTS": "localhost",
        "LOG_LEVEL": "WARNING",
    }
    output = OUT / f"{label}.json"
    output.unlink(missing_ok=True)
    command = [sys.executable, "-m", "bench.run", "--worker", label]
    command += ["--units", str(units), "--outcomes-per-unit", str(per_unit)]
    done = subprocess.run(command, cwd=ROOT, env=env, check=False)  # noqa: S603 (ourselves)
    if done.returncode != 0 or not output.exists():
        return {"error": f"the {label} worker failed (exit {done.returncode}); see above"}
    result: dict[str, Any] = json.loads(output.read_text(encoding="utf-8"))
    return result


def _figures(results: dict[str, dict[str, Any]]) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    for label, result in results.items():
        if "skipped" in result or "error" in result:
            reason = result.get("skipped") or result["error"]
            rows.append({"figure": "all figures", "database": label, "value": None, "note": reason})
            continue
        for name, timings in (
            ("library search", result["search"]),
            ("ESCO suggestions", result["esco"]),
        ):
            for stat in ("p50", "p95", "max"):
                value = timings[stat]
                rows.append(
                    {
                        "figure": f"{name} {stat}",
                        "database": label,
                        "value": value,
                        "target": f"< {TARGET_MS:.0f} ms",
                        "ok": value < TARGET_MS,
                    }
                )
        rows.append(
            {
                "figure": "ESCO index build (once per process)",
                "database": label,
                "value": result["esco"]["build_ms"],
            }
        )
        rows.append(
            {
                "figure": f"learner import, {IMPORT_ROWS} rows (median)",
                "database": label,
                "value": result["learner_import"]["median_ms"],
                "target": f"< {IMPORT_TARGET_MS:.0f} ms",
                "ok": result["learner_import"]["median_ms"] < IMPORT_TARGET_MS,
            }
        )
        rows.append(
            {
                "figure": "demo build (make run's first load)",
                "database": label,
                "value": result["demo_build"]["ms"],
                "target": f"< {DEMO_TARGET_MS:.0f} ms",
                "ok": result["demo_build"]["ms"] < DEMO_TARGET_MS,
            }
        )
    return rows


def _print_table(report: dict[str, Any]) -> None:
    size = report["size"]
    print(f"\nBench library: {size['units']:,} units, {size['outcomes']:,} outcomes.\n")
    header = ("Figure", "Database", "Value", "Target")
    lines = [header]
    for row in report["figures"]:
        value = f"skipped: {row['note']}" if row["value"] is None else f"{row['value']:.1f} ms"
        target = row.get("target", "")
        if target:
            target += "  ok" if row["ok"] else "  MISSED"
        lines.append((row["figure"], row["database"], value, target))
    widths = [max(len(line[i]) for line in lines) for i in range(len(header))]
    for n, line in enumerate(lines):
        print("  ".join(cell.ljust(width) for cell, width in zip(line, widths, strict=True)))
        if n == 0:
            print("  ".join("-" * width for width in widths))
    for label, result in report["databases"].items():
        if "search" in result:
            slowest = result["search"]["slowest"]
            print(
                f"\n{label}: slowest search {slowest['query']!r} ({slowest['kind']}, "
                f"{slowest['hits']} units) {slowest['ms']:.1f} ms; p95 by kind: "
                + ", ".join(f"{k} {v:.1f}" for k, v in result["search"]["p95_by_kind"].items())
            )
            print(
                f"{label}: machine load {result['load_average'][0]}, "
                f"CPU stolen by the host {result['cpu_steal_percent']} % while measuring"
            )
            top = "; ".join(result["esco"]["wood_work_top3"])
            print(f"{label}: ESCO top 3 for the wood-work outcome: {top}")
            if result.get("generated_s") is not None:
                print(f"{label}: library generated in {result['generated_s']:.0f} s")


# --- The worker: one database, inside Django. ---------------------------------------------


def worker(label: str, units: int, per_unit: int) -> int:
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from bench.generate import Size, bench_user, generate, is_generated
    from ecvet.qualifications.esco.importing import esco_import
    from ecvet.qualifications.models import EscoConcept, EscoKind, Unit

    size = Size(units=units, outcomes_per_unit=per_unit)
    call_command("migrate", interactive=False, verbosity=0)
    generated_s = None
    if not is_generated(size):
        print(f"{label}: generating {size.units:,} units with {size.outcomes:,} outcomes …")
        started = time.perf_counter()
        if Unit.objects.exists():
            call_command("flush", interactive=False, verbosity=0)
        generate(size, ESCO)
        with connection.cursor() as cursor:
            # What autovacuum (PostgreSQL) or a periodic ANALYZE (SQLite) does in production.
            cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")
        generated_s = time.perf_counter() - started
    if not EscoConcept.objects.filter(kind=EscoKind.SKILL).exists():
        print(f"{label}: importing ESCO from {ESCO} …")
        esco_import(paths=[ESCO])
    print(f"{label}: measuring …", flush=True)
    before = _cpu_times()
    search, esco = _time_searches(bench_user()), _time_esco()
    learner_import = _time_learner_import(bench_user())
    demo_build = _time_demo_build()
    result = {
        "database": connection.vendor,
        "generated_s": generated_s,
        "search": search,
        "esco": esco,
        "learner_import": learner_import,
        "demo_build": demo_build,
        # Other work on the machine (or on the host of a virtual machine: "steal") slows
        # every figure down; these say how much there was while measuring.
        "load_average": [round(load, 2) for load in os.getloadavg()],
        "cpu_steal_percent": _steal_percent(before, _cpu_times()),
    }
    (OUT / f"{label}.json").write_text(json.dumps(result, indent=2, ensure_ascii=False))
    return 0


def _cpu_times() -> list[int]:
    """The machine's CPU time counters (Linux ``/proc/stat``), empty elsewhere."""
    try:
        with open("/proc/stat", encoding="ascii") as stat:
            return [int(field) for field in stat.readline().split()[1:]]
    except OSError:
        return []


def _steal_percent(before: list[int], after: list[int]) -> float | None:
    steal_field = 7  # user nice system idle iowait irq softirq steal …
    if len(before) <= steal_field or len(after) <= steal_field:
        return None
    # Guest time is already counted in user time; the first eight fields are the whole.
    total = sum(after[: steal_field + 1]) - sum(before[: steal_field + 1])
    return round(100 * (after[steal_field] - before[steal_field]) / total, 1) if total else None


def _stats(samples: list[float]) -> dict[str, float]:
    ordered = sorted(samples)
    return {
        "p50": round(statistics.median(ordered), 2),
        "p95": round(ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))], 2),
        "max": round(ordered[-1], 2),
    }


def _timed(call: Callable[..., Any], *args: Any, **kwargs: Any) -> tuple[float, Any]:
    started = time.perf_counter()
    value = call(*args, **kwargs)
    return (time.perf_counter() - started) * 1000, value


def _time_searches(user: Any) -> dict[str, Any]:
    from django.core.paginator import Paginator

    from ecvet.accounts import scoping
    from ecvet.qualifications.search import unit_search
    from ecvet.qualifications.selectors import unit_list

    def library_page(query: str) -> int:
        scoping.forget(user)  # each request reads the memberships again
        page = Paginator(unit_search(units=unit_list(user=user), query=query), 25).page(1)
        for unit in page.object_list:  # what a row shows
            _row = (str(unit), unit.owner.name)
        return page.paginator.count

    queries = [(kind, query) for kind, words in SEARCHES.items() for query in words]
    for _kind, query in queries:  # warm-up: connection, statement caches, pages in memory
        library_page(query)
    samples: list[float] = []
    by_kind: dict[str, list[float]] = {kind: [] for kind in SEARCHES}
    by_query: dict[str, list[float]] = {query: [] for _kind, query in queries}
    hits: dict[str, int] = {}
    slowest: dict[str, Any] = {"ms": 0.0}
    for _round in range(ROUNDS):
        for kind, query in queries:
            ms, hits[query] = _timed(library_page, query)
            samples.append(ms)
            by_kind[kind].append(ms)
            by_query[query].append(ms)
            if ms > slowest["ms"]:
                slowest = {"ms": round(ms, 2), "query": query, "kind": kind, "hits": hits[query]}
    return {
        **_stats(samples),
        "queries": len(queries),
        "samples": len(samples),
        "p95_by_kind": {kind: _stats(values)["p95"] for kind, values in by_kind.items()},
        "slowest": slowest,
        "by_query": {
            query: {"hits": hits[query], "median_ms": round(statistics.median(values), 2)}
            for query, values in by_query.items()
        },
    }


def _learners_csv(rows: int) -> bytes:
    """A school's spreadsheet as a coordinator exports it: Latvian headers and dates."""
    lines = ["Vārds;Uzvārds;Dzimšanas datums;Grupa;E-pasts"]
    for n in range(rows):
        born = f"{1 + n % 28:02d}.{1 + n % 12:02d}.{2004 + n % 4}"
        lines.append(f"Anna{n};Bērziņa{n};{born};GA-{1 + n % 4};anna{n}@example.org")
    return ("\ufeff" + "\r\n".join(lines) + "\r\n").encode()


def _time_learner_import(user: Any) -> dict[str, Any]:
    from django.db import transaction

    from ecvet.accounts import scoping
    from ecvet.institutions.models import Institution
    from ecvet.mobilities.learner_import import read_learners
    from ecvet.mobilities.services.learners import learners_import
    from ecvet.qualifications.selectors import qualification_list

    school = Institution.objects.get(pk=min(scoping.managed_institution_ids(user)))
    content = _learners_csv(IMPORT_ROWS)

    def import_once() -> int:
        parsed = read_learners(
            content,
            filename="learners.csv",
            school=school,
            qualifications=qualification_list(user=user),
        )
        if parsed.problems:
            raise RuntimeError(f"the bench file has problems: {parsed.problems[:3]}")
        with transaction.atomic():
            created = len(learners_import(actor=user, school=school, rows=parsed.rows))
            transaction.set_rollback(True)  # the next round imports the same learners
        return created

    samples = []
    for _round in range(ROUNDS):
        ms, created = _timed(import_once)
        if created != IMPORT_ROWS:
            raise RuntimeError(f"imported {created} learners, not {IMPORT_ROWS}")
        samples.append(ms)
    return {"rows": IMPORT_ROWS, "median_ms": round(statistics.median(samples), 1)}


def _time_demo_build() -> dict[str, Any]:
    """The whole demo built once beside the bench library, then rolled back (its files, e.g.
    the evidence photo, go to a throw-away media folder)."""
    import tempfile

    from django.db import transaction
    from django.test import override_settings

    from ecvet.demo.build import build_demo

    password = secrets.token_urlsafe(12)  # nobody logs in to the rolled-back demo
    with (
        tempfile.TemporaryDirectory() as media,
        override_settings(MEDIA_ROOT=media),
        transaction.atomic(),
    ):
        ms, _institutions = _timed(build_demo, password=password)
        transaction.set_rollback(True)
    return {"ms": round(ms, 1)}


def _time_esco() -> dict[str, Any]:
    from ecvet.qualifications.esco.index import esco_skill_suggestions

    build_ms, _ = _timed(esco_skill_suggestions, text="warm up")
    samples = []
    for _round in range(ROUNDS):
        for text in OUTCOME_TEXTS:
            ms, _ = _timed(esco_skill_suggestions, text=text)
            samples.append(ms)
    top = esco_skill_suggestions(text=WOOD_WORK, limit=3)
    return {
        **_stats(samples),
        "build_ms": round(build_ms, 1),
        "texts": len(OUTCOME_TEXTS),
        "samples": len(samples),
        "wood_work_top3": [suggestion.label for suggestion in top],
    }


if __name__ == "__main__":
    sys.exit(main())
