"""Owners with a fact sheet (owners.yaml), simulated two ways, without any LLM.

- scripted: the owner says their messages in their own order, whatever is asked, several facts
  at a time, with corrections, and validates with their last message (« c'est bon », « je
  valide »): the configurator must finish on it, with every fact in its own slot;
- interactive: the owner answers the question actually asked from the same sheet (SMS without
  accents, numbers in words, dots in phone numbers), volunteers a fact, and corrects the recap
  when it is wrong: done within 8 messages, every fact right.
"""

from __future__ import annotations

from typing import Any

import pytest

from allokoli.configurator import MAX_OWNER_TURNS
from tests.configurator.simulate import check, load_owners, run_interactive, run_scripted

OWNERS = load_owners()
IDS = [o["id"] for o in OWNERS]


def test_the_sheets_are_varied() -> None:
    assert len(OWNERS) >= 7
    assert len(set(IDS)) == len(IDS)
    assert {o["register"] for o in OWNERS} >= {"sms", "spoken", "formal", "casual"}
    for owner in OWNERS:
        assert 3 <= len(owner["messages"]) <= 7


@pytest.mark.parametrize("owner", OWNERS, ids=IDS)
def test_scripted_owner_finishes_with_every_fact_in_its_slot(owner: dict[str, Any]) -> None:
    run = run_scripted(owner)
    assert run.reply.done, run.show()
    assert run.reply.recap, run.show()  # the last message shows what was saved
    wrong = [d for _n, ok, d in check(run.state.profile_model(), owner["expect"]) if not ok]
    assert not wrong, f"{wrong}\n{run.show()}"
    stored = str(run.state.profile).lower()
    for word in ("c'est bon", "c bon", "je valide", "ok go", "c'est tout"):
        assert word not in stored, run.show()  # a validation is never a value


@pytest.mark.parametrize("owner", OWNERS, ids=IDS)
def test_interactive_owner_finishes_within_8_messages(owner: dict[str, Any]) -> None:
    run = run_interactive(owner)
    assert run.reply.done, run.show()
    assert run.turns <= MAX_OWNER_TURNS, run.show()
    wrong = [d for _n, ok, d in check(run.state.profile_model(), owner["expect"]) if not ok]
    assert not wrong, f"{wrong}\n{run.show()}"


def test_the_interactive_owner_corrects_a_wrong_recap() -> None:
    owner = next(o for o in OWNERS if o.get("slip"))
    run = run_interactive(owner)
    said = [text for text, _reply in run.transcript]
    assert any(text.startswith("non, ") for text in said), run.show()
    profile = run.state.profile_model()
    assert profile.transfer_number == owner["expect"]["transfer_number"]
    # the correction changed only the number: the trade's usual tasks are still there
    assert "take_message" in [t.value for t in profile.tasks]
