"""Scale-out figures (issue « Scale out on a real job engine… »), one part after the other:

- `jobs` (bench/scaleout_jobs.py): job throughput with 1 and 2 `allokoli worker` processes on
  PostgreSQL, and committed change → job start p50/p95;
- `tenancy` (bench/scaleout_tenancy.py): deploy and test-chat time with 10, 100 and 1,000
  assistants on the platform (flat), draft chat p95, first deploy after a cold start;
- `web` (bench/scaleout_web.py): webhook ingest with 1, 2 and 4 web processes on PostgreSQL,
  with the cores used and the 1 → 2 ratio;
- `load` (bench/scaleout_load.py): 4 web processes and 2 workers, 20,000 deliveries with 20 %
  duplicates, shuffled and concurrent: every event stored and processed once.

    .venv/bin/python bench/scaleout.py [--part jobs|tenancy|web|load]...

Each part runs in its own process (they start servers and workers of their own) and prints its
own figures; run a part's script directly to pass it options.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
PARTS = {
    "jobs": "scaleout_jobs.py",
    "tenancy": "scaleout_tenancy.py",
    "web": "scaleout_web.py",
    "load": "scaleout_load.py",
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--part", action="append", choices=sorted(PARTS))
    args = parser.parse_args()
    failed = []
    for part in args.part or list(PARTS):
        print(f"=== {part} (bench/{PARTS[part]})", flush=True)
        done = subprocess.run([sys.executable, str(HERE / PARTS[part])], check=False)
        if done.returncode != 0:
            failed.append(part)
    if failed:
        raise SystemExit(f"failed: {', '.join(failed)}")


if __name__ == "__main__":
    main()
