"""Configurator benchmark: server time of one turn without LLM, and the scripted personas.

    .venv/bin/python bench/configurator.py [--rounds 5]

Prints p50 / p95 / max of `turn()` over every owner turn of every persona (target: p95 ≤ 30 ms),
then, over the personas of tests/configurator/personas.yaml, the mean number of owner turns to
done, the share of expected facts captured and how many personas finish within 8 turns with
every fact right. Timings are measured here, never asserted in tests.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "src"))

from tests.configurator.simulate import (  # noqa: E402
    Owner,
    check,
    load_personas,
    run_persona,
)

from allokoli.configurator import (  # noqa: E402
    MAX_OWNER_TURNS,
    ConfiguratorState,
    Reply,
    start,
    turn,
)

TARGET_P95_MS = 30.0


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(q * (len(ordered) - 1))))
    return ordered[index]


def time_turns(rounds: int) -> list[float]:
    """Milliseconds of each `turn()` call, replaying every persona `rounds` times."""
    samples: list[float] = []
    personas = load_personas()
    for persona in personas:  # warm-up: catalogue, detection index, regexes
        run_persona(persona)
    for _ in range(rounds):
        for persona in personas:
            reply: Reply
            state: ConfiguratorState
            reply, state = start()
            owner = Owner(persona)
            while not reply.done and state.owner_turns < 20:
                text = owner.say(reply)
                started = time.perf_counter()
                reply, state = turn(state, text)
                samples.append((time.perf_counter() - started) * 1000)
    return samples


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()

    samples = time_turns(args.rounds)
    p50 = statistics.median(samples)
    p95 = _percentile(samples, 0.95)
    verdict = "OK" if p95 <= TARGET_P95_MS else "ABOVE TARGET"
    print(f"configurator turn (no LLM), {len(samples)} turns over {args.rounds} rounds")
    print(f"  p50 {p50:.2f} ms   p95 {p95:.2f} ms   max {max(samples):.2f} ms")
    print(f"  target p95 <= {TARGET_P95_MS:.0f} ms: {verdict}")

    personas = load_personas()
    turns: list[int] = []
    facts_ok = facts_total = passed = 0
    failures: list[str] = []
    for persona in personas:
        run = run_persona(persona)
        turns.append(run.turns)
        results = check(run.state.profile_model(), persona["expect"]) if run.reply.done else []
        good = sum(1 for _, ok, _ in results if ok)
        facts_ok += good
        facts_total += len(results) if run.reply.done else len(persona["expect"])
        within = run.reply.done and run.turns <= min(persona["max_turns"], MAX_OWNER_TURNS)
        if within and good == len(results):
            passed += 1
        else:
            failures.append(persona["id"])
    print(f"personas: {len(personas)}")
    print(f"  done within {MAX_OWNER_TURNS} turns with every fact right: {passed}/{len(personas)}")
    print(f"  mean owner turns to done: {statistics.mean(turns):.2f} (max {max(turns)})")
    print(f"  facts captured: {facts_ok}/{facts_total} ({100 * facts_ok / facts_total:.1f} %)")
    if failures:
        print(f"  failing: {', '.join(failures)}")


if __name__ == "__main__":
    main()
