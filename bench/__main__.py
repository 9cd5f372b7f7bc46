"""`make bench`: run every scenario (or those named: `python -m bench ingest pages`), print one table and
write bench/results.json.

Needs PostgreSQL (DATABASE_URL) and Redis (REDIS_URL): the scenarios measure what production runs on.
They run in a database of their own, made afresh (the name of DATABASE_URL's database + "_bench"), and
dropped at the end.
"""

from __future__ import annotations

import importlib
import json
import os
import platform
import sys
from datetime import UTC, datetime
from pathlib import Path

import django

SCENARIOS = ("categorization", "ingest", "pages", "reports", "plaid_path", "memory", "fleet")
RESULTS = Path(__file__).with_name("results.json")


def main(names: list[str]) -> int:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "finsync.settings")
    os.environ.setdefault("DEBUG", "false")
    if problem := _missing_services():
        print(problem, file=sys.stderr)
        return 2
    django.setup()
    from django.conf import settings
    from django.db import connection

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"  # the bench's people get no mail
    if connection.vendor != "postgresql":
        print(
            "make bench measures PostgreSQL, not SQLite: set DATABASE_URL, e.g.\n"
            "  DATABASE_URL=postgres://postgres@127.0.0.1:5432/finsync REDIS_URL=redis://127.0.0.1:6379/0 make bench",
            file=sys.stderr,
        )
        return 2
    unknown = sorted(set(names) - set(SCENARIOS))
    if unknown:
        print(f"No scenario called {', '.join(unknown)}; there are: {', '.join(SCENARIOS)}", file=sys.stderr)
        return 2
    database = _bench_database(connection)
    try:
        sections = [_run(name) for name in (names or SCENARIOS)]
    finally:
        connection.creation.destroy_test_db(database, verbosity=0)
    _print_table(sections)
    _write(sections)
    return 0


def _missing_services() -> str:
    missing = [name for name in ("DATABASE_URL", "REDIS_URL") if not os.environ.get(name)]
    if not missing:
        return ""
    return (
        f"make bench needs PostgreSQL and Redis; {' and '.join(missing)} not set. For this machine's services:\n"
        "  DATABASE_URL=postgres://postgres@127.0.0.1:5432/finsync REDIS_URL=redis://127.0.0.1:6379/0 make bench"
    )


def _bench_database(connection) -> str:
    """Make a fresh, migrated database for the run; worker processes find it through DATABASE_URL."""
    from django.conf import settings

    name = f"{settings.DATABASES['default']['NAME']}_bench"
    settings.DATABASES["default"].setdefault("TEST", {})["NAME"] = name
    old = connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
    os.environ["DATABASE_URL"] = os.environ["DATABASE_URL"].rsplit("/", 1)[0] + f"/{name}"
    return old


def _run(name: str):
    scenario = importlib.import_module(f"bench.{name}")
    print(f"== {scenario.TITLE}", flush=True)
    section = scenario.run()
    for figure in section.figures:
        print(f"   {_line(figure)}", flush=True)
    return section


def _line(figure) -> str:
    verdict = {True: "met", False: "NOT MET", None: ""}[figure.met]
    target = f"  [{figure.target}: {verdict}]" if figure.target else ""
    return f"{figure.name:<46} {figure.value:>12,.1f} {figure.unit:<7} x{figure.ratio:<7.2f} {figure.baseline}{target}"


def _print_table(sections) -> None:
    print("\nfigure                                                value unit    ratio   baseline [target]")
    for section in sections:
        for figure in section.figures:
            print(_line(figure))


def _write(sections) -> None:
    results = {
        "machine": f"{os.cpu_count()} cores, {platform.machine()}, Python {platform.python_version()}",
        "date": datetime.now(UTC).date().isoformat(),
    }
    results |= {section.key: section.results for section in sections}
    if RESULTS.exists():  # a partial run keeps the other scenarios' latest results
        results = json.loads(RESULTS.read_text()) | results
    RESULTS.write_text(json.dumps(results, indent=2) + "\n")
    print(f"\nwritten to {RESULTS}")


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
