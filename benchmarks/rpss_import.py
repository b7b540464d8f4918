"""Benchmark of the MPSV registry import: a registry file of N services spread over the whole country, imported
into an empty database as the system, then again (a re-run must find everything unchanged).

    python -m benchmarks.rpss_import [--services 7000] [--json OUT]

Needs a migrated database in DATABASE_URL that may be filled with made-up providers (benchmarks/run.sh starts a
throwaway PostgreSQL); refuses a database that already holds organisations.
"""

import argparse
import json
import os
import random
import resource
import sys
import tempfile
import time
from pathlib import Path

from django.db import connection

from demo.rpss_file import write
from imports.registry import rpss_import
from organizations.models import Organization
from territory.models import Municipality


def measure(services: int) -> dict:
    if Organization.objects.exists():
        sys.exit("the database already holds organisations: run this on a throwaway database (benchmarks/run.sh)")
    codes = list(Municipality.objects.values_list("code", flat=True))
    obce = random.Random(1).sample(codes, min(600, len(codes)))
    with tempfile.TemporaryDirectory() as directory:
        path = Path(directory) / "rpss.json"
        write(path, services, obce=obce)
        size = path.stat().st_size
        runs = []
        for label in ("first run", "re-run"):
            started = time.perf_counter()
            report = rpss_import(actor=None, source=path)
            runs.append(
                {
                    "run": label,
                    "seconds": round(time.perf_counter() - started, 2),
                    "services": report.as_dict()["services"],
                    "organizations": report.as_dict()["organizations"],
                }
            )
    return {
        "services": services,
        "file_mb": round(size / 1e6, 1),
        "database": connection.vendor,
        "runs": runs,
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
        "cpus": os.cpu_count(),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--services", type=int, default=7000)
    parser.add_argument("--json", type=Path, help="write the result here as JSON")
    args = parser.parse_args()
    result = measure(args.services)
    text = json.dumps(result, indent=2, ensure_ascii=False)
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(text + "\n", encoding="utf-8")
    print(text)


if __name__ == "__main__":
    main()
