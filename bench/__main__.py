"""Run every benchmark scenario, print one table and write bench/results.json."""

import json
import os
import platform
import sys
from pathlib import Path

import django


def main() -> int:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "finsync.settings")
    django.setup()
    from bench import categorization

    results = {"python": sys.version.split()[0], "machine": platform.machine(), "scenarios": {}}
    for scenario in (categorization,):
        print(f"\n== {scenario.TITLE}")
        rows = scenario.run()
        for row in rows:
            figure = f"{row['figure']:<52} {row['value']:>14,.0f} {row['unit']:<8}"
            print(f"  {figure} ratio {row['ratio']:.2f} {row['against']}")
        results["scenarios"][scenario.__name__.rsplit(".", 1)[-1]] = rows
    out = Path(__file__).with_name("results.json")
    out.write_text(json.dumps(results, indent=2) + "\n")
    print(f"\nwritten to {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
