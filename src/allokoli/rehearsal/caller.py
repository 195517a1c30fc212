"""The simulated caller: after the opening line, it answers what the assistant asks (its name,
its number, the slot…) from the scenario's script, whatever the order the assistant asks in.
An LLM-backed assistant words its questions freely, so the questions are recognised by their
key words. Pure, no I/O."""

from __future__ import annotations

import re

from allokoli.rehearsal.scenarios import Scenario
from allokoli.understanding.normalize import fold

#: Most caller lines in one conversation (the opening included): a loop guard.
MAX_TURNS = 10

# Checked in this order on the assistant's last sentences: a recap before anything it quotes.
_ASKS: tuple[tuple[str, re.Pattern[str]], ...] = (
    (
        "confirm",
        re.compile(r"c'?est bien (ca|cela)|je recapitule|est-ce (bien )?correct|confirmez"),
    ),
    ("phone", re.compile(r"numero|vous (re)?joindre|te (re)?joindre|telephone")),
    ("name", re.compile(r"\bnom\b|qui dois-je|de la part de")),
    ("party", re.compile(r"combien de (personnes|couverts)|pour combien")),
    ("service", re.compile(r"quelle prestation|quel soin|quel service|quelle intervention")),
    (
        "pick",
        re.compile(
            r"lequel (vous|te) (convient|va)|creneau (vous|te) (convient|va)"
            r"|(vous|te) convient-il|lequel (preferez|choisissez)"
        ),
    ),
    ("slot", re.compile(r"quel jour|quelle heure|quel creneau|quand (souhait|voud)|quelle date")),
    ("reason", re.compile(r"objet|a quel sujet|motif|votre message|ton message|c'est pour quoi")),
    ("offer", re.compile(r"laisser un message|prendre un message|que je (vous|te) rappelle")),
)


def asked(reply: str) -> str | None:
    """What the assistant's reply asks the caller for (None: it asks nothing we can answer)."""
    text = fold(reply)
    questions = [q for q in re.split(r"(?<=[.!?])\s+", text) if q.endswith("?")]
    for question in reversed(questions or [text]):
        for key, pattern in _ASKS:
            if pattern.search(question):
                return key
    return None


def next_line(scenario: Scenario, reply: str, said: list[str]) -> str | None:
    """The caller's next line after `reply`, or None when the conversation is over for it.

    A scenario without a script asks one thing and hangs up. The same answer is given at most
    twice (an assistant asking for the number again gets it once more, then the caller stops)."""
    if scenario.script:
        index = len(said) - 1
        return scenario.script[index] if index < len(scenario.script) else None
    if not scenario.answers or len(said) >= MAX_TURNS:
        return None
    key = asked(reply)
    if key is None:
        return None
    if key == "offer":
        line = "Oui, volontiers."
    else:
        found = scenario.answers.get(key)
        if found is None:
            return None
        line = found
    if said.count(line) >= 2:
        return None
    return line
