"""Benchmark of F2 generation: one in-process `generate()` per call (target: p95 ≤ 5 ms).

Times a rich and a minimal profile for every subtype of the catalogue, after a warm-up (the
packaged data is loaded and validated once per process, like in the server), then prints p50 and
p95 in milliseconds. If the sector detection is installed, also prints its accuracy on the
labelled descriptions of tests/fixtures/sector_descriptions.yaml and the time of a generation that
has to detect the sector.

    .venv/bin/python bench/generation.py [--rounds N]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Callable, Sequence
from datetime import datetime
from functools import partial
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "src"))

from allokoli.domain.catalogue import Family, Subtype, load_catalogue  # noqa: E402
from allokoli.domain.profile import BusinessProfile  # noqa: E402
from allokoli.generation.service import generate  # noqa: E402

NOW = datetime(2026, 11, 25, 10, 0)
FIXTURES = ROOT / "tests" / "fixtures" / "sector_descriptions.yaml"


def _rich(family: Family, subtype: Subtype) -> BusinessProfile:
    week = [
        {
            "day": day,
            "ranges": [{"start": "09:00", "end": "12:00"}, {"start": "14:00", "end": "19:00"}],
        }
        for day in ("lundi", "mardi", "mercredi", "jeudi", "vendredi")
    ]
    return BusinessProfile.model_validate(
        {
            "company_name": f"{subtype.label} Martin",
            "activity": f"{subtype.label} à Lyon, ouvert 9h-19h",
            "sector": {"family": family.id, "subtype": subtype.id},
            "address": {
                "street": "12 rue de la République",
                "postal_code": "69002",
                "city": "Lyon",
            },
            "business_phone": "04 78 12 34 56",
            "email": "contact@martin.fr",
            "opening_hours": {"days": [*week, {"day": "dimanche", "ranges": []}]},
            "services": [
                {"name": "Prestation", "price_eur": 24.5, "duration_minutes": 30},
                {"name": "Forfait", "price_eur": 80, "price_note": "à partir de"},
            ],
            "tasks": ["answer_faq", "take_message", "book_appointment", "transfer_urgent"],
            "transfer_number": "06 12 34 56 78",
            "owner_name": "Marc",
            "faq": [{"question": "Parking ?", "answer": "Oui, gratuit."}],
            "recording_enabled": True,
        }
    )


def _minimal(family: Family, subtype: Subtype) -> BusinessProfile:
    return BusinessProfile.model_validate(
        {"company_name": "Ets Martin", "sector": {"family": family.id, "subtype": subtype.id}}
    )


def _time_ms(calls: Sequence[Callable[[], Any]], rounds: int) -> list[float]:
    samples: list[float] = []
    for _ in range(rounds):
        for call in calls:
            start = time.perf_counter()
            call()
            samples.append((time.perf_counter() - start) * 1000)
    return samples


def _report(label: str, samples: list[float]) -> None:
    ordered = sorted(samples)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    print(
        f"{label}: p50 {statistics.median(ordered):.3f} ms, p95 {p95:.3f} ms, "
        f"max {ordered[-1]:.3f} ms ({len(ordered)} generations)"
    )


def _detection(rounds: int) -> None:
    try:
        from allokoli.understanding.detection import detect_sector
    except ImportError:
        print("detection: module absent, skipped")
        return
    if not FIXTURES.is_file():
        print(f"detection: {FIXTURES.relative_to(ROOT)} absent, skipped")
        return
    items = yaml.safe_load(FIXTURES.read_text("utf-8"))["descriptions"]
    hits = sum(detect_sector(item["text"]).subtype == item["subtype"] for item in items)
    family_hits = sum(detect_sector(item["text"]).family == item["family"] for item in items)
    print(
        f"detection accuracy: subtype {hits}/{len(items)} ({100 * hits / len(items):.1f} %), "
        f"family {family_hits}/{len(items)} ({100 * family_hits / len(items):.1f} %)"
    )
    profiles = [
        BusinessProfile.model_validate({"company_name": "Ets Martin", "activity": item["text"]})
        for item in items
    ]
    calls = [partial(generate, p, now=NOW) for p in profiles]
    _time_ms(calls, 1)
    _report("generation with sector detection", _time_ms(calls, max(1, rounds // 4)))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=20, help="passes over all subtypes")
    args = parser.parse_args()

    started = time.perf_counter()
    pairs = load_catalogue().all_subtypes()
    profiles = [make(f, s) for f, s in pairs for make in (_rich, _minimal)]
    calls = [partial(generate, p, now=NOW) for p in profiles]
    _time_ms(calls, 2)  # Warm-up: data loading, caches, holidays.
    print(
        f"{len(pairs)} subtypes × 2 profiles; data loaded and warmed up in "
        f"{time.perf_counter() - started:.2f} s"
    )
    _report("generation (sector given)", _time_ms(calls, args.rounds))
    _detection(args.rounds)


if __name__ == "__main__":
    main()
