"""Transfer-number handler: known numbers, unknown-but-possible ones, « pas de transfert »."""

from __future__ import annotations

from allokoli.configurator.handlers.transfer import TransferHandler, TransferNumber

from ._helpers import reads, say, state_for

TRANSFER = TransferHandler()


def test_number_with_dots_is_read() -> None:
    s = state_for("serrurier")
    assert reads(TRANSFER, s, "mon 06.71.23.45.67", "transfer_number") == TransferNumber(
        "+33671234567"
    )


def test_unknown_but_possible_number_is_a_candidate_not_dropped() -> None:
    s = state_for("serrurier", tasks=["transfer_urgent"])
    answered, _ = say(
        s, "zero six trente-neuf quatre-vingt-dix-huit vingt et un zero trois", "transfer_number"
    )
    assert not answered
    assert s.transfer_candidate == "+33639982103"
    assert s.transfer_unknown


def test_no_transfer_is_an_answer() -> None:
    s = state_for("plombier", tasks=["transfer_urgent", "take_message"])
    answered, _ = say(s, "nan pas besoin de transfert", "transfer_number")
    assert answered
    assert "transfer_urgent" not in s.profile["tasks"]


def test_transfer_number_stated_while_hours_are_asked() -> None:
    s = state_for("plombier")
    say(s, "8h-18h en semaine, urgences sur mon portable 07 81 22 33 44", "opening_hours")
    assert s.profile["transfer_number"] == "+33781223344"
    assert "transfer_urgent" in s.profile["tasks"]


def test_unknown_number_stated_in_passing_waits_for_its_read_back() -> None:
    s = state_for("serrurier")
    say(s, "transfere les urgences sur mon 06 39 98 12 13", "tasks")
    assert "transfer_number" not in s.profile
    assert s.transfer_candidate == "+33639981213"
    assert s.transfer_unknown


def test_a_number_without_a_role_fills_an_unknown_transfer_number() -> None:
    s = state_for("menuisier")
    say(s, "vous mettez le 05 49 11 22 33, en vouvoyant", "tone")
    assert s.profile["transfer_number"] == "+33549112233"


def test_a_number_without_a_role_never_replaces_a_known_one() -> None:
    s = state_for("menuisier", transfer_number="+33612345678")
    say(s, "le 05 49 11 22 33", "tone")
    assert s.profile["transfer_number"] == "+33612345678"


def test_the_business_line_is_not_the_transfer_number() -> None:
    s = state_for("menuisier")
    say(s, "le standard de l'atelier c'est le 05 49 11 22 33", "tone")
    assert "transfer_number" not in s.profile
    assert s.profile["business_phone"] == "+33549112233"


def test_a_number_taken_back_replaces_the_transfer_number() -> None:
    s = state_for("electricien")
    say(s, "transfert au 06 44 55 66 77", "transfer_number")
    say(s, "oups, c'est le 06 44 55 66 78 en fait", "services")
    assert s.profile["transfer_number"] == "+33644556678"


def test_a_second_number_without_correction_keeps_the_transfer_number() -> None:
    s = state_for("electricien")
    say(s, "transfert au 06 44 55 66 77", "transfer_number")
    say(s, "le fixe du bureau c'est le 04 72 10 20 30", "services")
    assert s.profile["transfer_number"] == "+33644556677"
