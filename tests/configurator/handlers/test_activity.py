"""Activity handler: the trade from the first answer, the name guessed beside it, corrections."""

from __future__ import annotations

from allokoli.configurator import ConfiguratorState
from allokoli.configurator.handlers.activity import ActivityHandler

from ._helpers import correct, say, state_for

ACTIVITY = ActivityHandler()


def test_trade_in_sms_style_sets_the_sector() -> None:
    s = ConfiguratorState(stage="collecting")
    answered, _ = say(s, "jsuis ostheo a nimes, cabinet Equilibre", "activity")
    assert answered
    assert s.sector is not None and s.sector.family == "sante"


def test_a_short_name_alone_is_not_the_trade() -> None:
    s = ConfiguratorState(stage="collecting")
    answered, _ = say(s, "Chez Titou", "activity")
    assert not answered
    assert s.sector is None


def test_trade_correction_changes_the_sector_only() -> None:
    s = state_for("plombier", company_name="Dupuis Services")
    assert correct(s, "en fait je suis electricien, pas plombier")
    assert s.sector is not None and "electric" in s.sector.subtype
    assert s.profile["company_name"] == "Dupuis Services"


def test_trade_is_not_read_in_passing() -> None:
    s = state_for("fleuriste")
    say(s, "on fait aussi de la plomberie le week-end", "opening_hours")
    assert s.sector is not None and s.sector.subtype.startswith("fleur")
