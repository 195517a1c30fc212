"""The activity (the trade): read from the first answer, where the company name often sits in
apposition (« serrurier à Nice, SOS Serrure Azur »), and corrected with « en fait je suis … »."""

from __future__ import annotations

from allokoli.configurator.handlers.base import FactHandler, How, Reading
from allokoli.configurator.handlers.prices import named_services
from allokoli.configurator.names import name_guess_from_opening
from allokoli.configurator.sector import NO_MATCH, activity_excerpt, set_sector
from allokoli.configurator.state import ConfiguratorState
from allokoli.understanding import fold
from allokoli.understanding.detection import SectorDetection, detect_sector
from allokoli.understanding.names import says_no_name

__all__ = ["ActivityHandler"]


#: A correction that names no fact changes the trade only when it names one this clearly.
_CLEAR_TRADE = 0.45


class ActivityHandler(FactHandler[SectorDetection]):
    key = "activity"

    def read(self, s: ConfiguratorState, r: Reading) -> SectorDetection | None:
        if not r.correction or r.target not in (None, self.key):
            return None
        detection = detect_sector(r.text)
        if r.target == self.key:
            return detection if detection.confidence > NO_MATCH else None
        # « en fait je suis électricien » (no target named): a clear trade that differs, and
        # not a service already noted (« pardon, l'extension de cils c'est 95 » is a price)
        if named_services(s, r.folded):
            return None
        current = s.sector.subtype if s.sector else None
        if detection.confidence >= _CLEAR_TRADE and detection.subtype != current:
            return detection
        return None

    def read_answer(self, s: ConfiguratorState, r: Reading) -> SectorDetection | None:
        detection = detect_sector(r.text)
        recognised = detection.confidence > NO_MATCH
        if (
            not recognised
            and s.reasks == 0
            and len(r.text.split()) <= 4
            and s.activity_text is None
        ):
            # "Chez Marco": probably the name; the trade is still unknown
            return None
        return detection

    def store(self, s: ConfiguratorState, value: SectorDetection, how: How, r: Reading) -> bool:
        if how is How.CORRECTION:
            set_sector(s, value)
            if s.sector is not None:
                s.sector.confirmed = True
            return True
        if how is not How.ANSWER:
            return False
        s.activity_text = activity_excerpt(r.text, value)
        if value.confidence > NO_MATCH or s.sector is None:
            set_sector(s, value)
        label = s.activity_label()
        if label:
            s.profile["activity"] = label
        facts = r.facts
        if not facts.company_name and not s.knows("company_name") and not says_no_name(r.text):
            # (« pas de nom particulier, juste mon nom »: nothing to guess)
            cities = {fold(facts.address.city)} if facts.address and facts.address.city else set()
            guess = name_guess_from_opening(r.text, cities, facts.owner_name)
            if guess is not None:
                facts.company_name, sure = guess
                r.name_guessed = not sure
        return True
