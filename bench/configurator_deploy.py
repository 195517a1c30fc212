"""Configurator deploy benchmark: what a voice session start pays to know the deployed assistant.

    .venv/bin/python bench/configurator_deploy.py [--rounds 200]

Each `POST /api/v1/configurator/sessions/{id}/voice` builds the configurator's config and hashes
it, to hand out the deployed assistant only if it has the current config
(`ConfiguratorDeployer.state`). Prints p50 / p95 / p99 of that build + hash, in-process, with the
generator's catalogue already loaded. Timings are measured here, never asserted in tests.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "src"))

from _common import summary  # noqa: E402

from allokoli.auth.webhook_secrets import SECRET_HEADER  # noqa: E402
from allokoli.configurator.voice_assistant import configurator_assistant  # noqa: E402
from allokoli.deploy.configurator import config_hash  # noqa: E402
from allokoli.domain.profile import VoiceGender  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=200)
    args = parser.parse_args()
    headers = {SECRET_HEADER: "s" * 64}
    config_hash(configurator_assistant("https://allokoli.example", VoiceGender.FEMININE, headers))
    samples: list[float] = []
    for _ in range(args.rounds):
        started = time.perf_counter()
        config = configurator_assistant("https://allokoli.example", VoiceGender.FEMININE, headers)
        config_hash(config)
        samples.append((time.perf_counter() - started) * 1000)
    print(f"configurator config build + hash ({args.rounds} rounds): {summary(samples)}")


if __name__ == "__main__":
    main()
