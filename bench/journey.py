"""Scripted new owner in Debian's Chromium: sign-up → configurator → test → deployed + number.

Target (PRODUCT.md): ≤ 8 configurator turns and ≤ 60 s. Prints the owner turns and the time of
each run (median and p95 over the runs), with the time of each step. The server runs in this
process on SQLite with the embedded Vapi sandbox; the Vapi SDK is warmed up first, as
`allokoli serve` does at start-up.

Usage: .venv/bin/python bench/journey.py [--runs 3]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from _common import served_app  # noqa: E402
from tests.e2e.conftest import launch  # noqa: E402
from tests.e2e.journey import run_journey  # noqa: E402

from allokoli.providers.vapi import warm_up_sdk  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    warm_up_sdk()
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as tmp, served_app(tmp, "journey") as base:
        durations, turns = [], []
        with sync_playwright() as p:
            browser = launch(p)
            for run in range(args.runs):
                context = browser.new_context(base_url=base, locale="fr-FR")  # type: ignore[attr-defined]
                result = run_journey(context.new_page(), email=f"owner{run}@exemple.fr")
                context.close()
                durations.append(result.seconds)
                turns.append(result.owner_turns)
                print(
                    f"run {run + 1}: {result.owner_turns} owner turns, {result.seconds:.1f} s "
                    f"(steps: {result.steps}), number {result.number}"
                )
            browser.close()  # type: ignore[attr-defined]
    durations.sort()
    p95 = durations[min(len(durations) - 1, round(0.95 * (len(durations) - 1)))]
    median = statistics.median(durations)
    print(
        f"journey sign-up → deployed assistant with a number: median {median:.1f} s, "
        f"p95 {p95:.1f} s (target ≤ 60 s); owner turns max {max(turns)} (target ≤ 8)"
    )


if __name__ == "__main__":
    main()
