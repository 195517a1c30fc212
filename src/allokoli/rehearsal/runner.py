"""Running a rehearsal: every scenario through the provider's chat, N times, every reply and
tool call recorded, then judged. The chat is a port: the sandbox's `/chat` offline, Vapi's chat
API with keys, both through `VapiGateway` (the official SDK)."""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Protocol

from allokoli.domain.profile import BusinessProfile
from allokoli.providers.vapi import ChatReply, VapiGateway
from allokoli.rehearsal import caller
from allokoli.rehearsal.checks import Turn, check
from allokoli.rehearsal.scenarios import Scenario

DEFAULT_RUNS = 3
MAX_RUNS = 10


class ChatPort(Protocol):
    def turn(self, text: str, previous_chat_id: str | None) -> ChatReply: ...


@dataclass(frozen=True)
class GatewayChat:
    """The provider's chat with the assistant's config sent inline (marked as a rehearsal's)."""

    gateway: VapiGateway
    inline: dict[str, Any]

    def turn(self, text: str, previous_chat_id: str | None) -> ChatReply:
        if previous_chat_id is not None:
            # The conversation goes on with the assistant its first turn named: the draft is
            # not sent again (a chat echoes it back, tens of kilobytes a turn).
            return self.gateway.chat(text, previous_chat_id=previous_chat_id)
        return self.gateway.chat(text, assistant=self.inline)


@dataclass
class RunResult:
    turns: list[Turn]
    problems: list[str]

    @property
    def passed(self) -> bool:
        return not self.problems


@dataclass
class ScenarioResult:
    scenario: Scenario
    runs: list[RunResult] = field(default_factory=list)
    judge: dict[str, Any] | None = None

    @property
    def pass_rate(self) -> float:
        return sum(r.passed for r in self.runs) / len(self.runs) if self.runs else 0.0

    @property
    def passed(self) -> bool:
        return bool(self.runs) and all(r.passed for r in self.runs)

    def problems(self) -> list[str]:
        """Each distinct problem once, in the order first seen."""
        return list(dict.fromkeys(p for r in self.runs for p in r.problems))

    def as_json(self) -> dict[str, Any]:
        return {
            "id": self.scenario.id,
            "kind": self.scenario.kind,
            "title": self.scenario.title,
            "opening": self.scenario.opening,
            "passed": self.passed,
            "pass_rate": round(self.pass_rate, 3),
            "problems": self.problems(),
            "judge": self.judge,
            "note": self.scenario.note,
            "runs": [
                {
                    "passed": run.passed,
                    "problems": run.problems,
                    "turns": [
                        {
                            "caller": t.caller,
                            "reply": t.reply,
                            "tool_calls": [{"name": n, "arguments": a} for n, a in t.tool_calls],
                            "transfer_to": t.transfer_to,
                        }
                        for t in run.turns
                    ],
                }
                for run in self.runs
            ],
        }


def converse(port: ChatPort, scenario: Scenario) -> list[Turn]:
    """One conversation: the opening line, then the simulated caller's answers."""
    turns: list[Turn] = []
    said: list[str] = []
    line: str | None = scenario.opening
    previous: str | None = None
    while line is not None:
        said.append(line)
        reply = port.turn(line, previous)
        previous = reply.chat_id
        calls = tuple((c.name, dict(c.arguments)) for c in reply.tool_calls)
        turns.append(Turn(line, reply.text, calls, reply.transfer_to))
        if reply.ended or reply.transfer_to:
            break
        line = caller.next_line(scenario, reply.text, said)
    return turns


def rehearse(
    port: ChatPort,
    scenarios: Sequence[Scenario],
    profile: BusinessProfile | None,
    *,
    today: date,
    runs: int = DEFAULT_RUNS,
    spoken_facts: Sequence[str] = (),
    on_scenario: Callable[[ScenarioResult], None] | None = None,
) -> tuple[list[ScenarioResult], int]:
    """Run each scenario `runs` times and check every run; returns the results and the time
    taken in milliseconds."""
    started = time.perf_counter()
    results: list[ScenarioResult] = []
    for scenario in scenarios:
        result = ScenarioResult(scenario)
        for _ in range(runs):
            turns = converse(port, scenario)
            verdict = check(scenario, turns, profile, today, spoken_facts)
            result.runs.append(RunResult(turns, verdict.problems))
        if on_scenario is not None:
            on_scenario(result)
        results.append(result)
    return results, round((time.perf_counter() - started) * 1000)
