"""The business sector: detection from the owner's words, when to check it with the owner (one
targeted clarification), and the answer to that clarification."""

from __future__ import annotations

import re

from rapidfuzz import fuzz

from allokoli.configurator.state import ConfiguratorState, SectorGuess, SectorOption
from allokoli.domain.catalogue import load_catalogue
from allokoli.understanding import (
    fold,
    parse_yes_no,
)
from allokoli.understanding.detection import SectorDetection, detect_sector

__all__ = [
    "NO_MATCH",
    "SECTOR_RUNNER_UP",
    "activity_excerpt",
    "ambiguous",
    "choose_sector",
    "redetect",
    "set_sector",
]

#: A runner-up at least this confident makes the detection ambiguous (one clarification).
SECTOR_RUNNER_UP = 0.2
#: Detection below this confidence (one loose word matched) is checked with the owner.
_SECTOR_CONFIRM_BELOW = 0.8
#: Detection confidence of "nothing recognised".
NO_MATCH = 0.1

# --- the sector ---------------------------------------------------------------------------------


def _guess(detection: SectorDetection) -> SectorGuess:
    return SectorGuess(
        family=detection.family,
        subtype=detection.subtype,
        label=detection.label or detection.subtype_label,
        trade_label=detection.label,
        confidence=detection.confidence,
        alternatives=[
            SectorOption(subtype=a.subtype, label=a.label, confidence=a.confidence)
            for a in detection.alternatives
        ],
        # the owner's own trade word under its family's generic subtype, with no close
        # runner-up: nothing to choose between, so no « plutôt X ou Y ? » and no « c'est bien
        # Ramoneur ? » (the recap still shows it)
        confirmed=bool(
            detection.generic
            and detection.label
            and not any(a.confidence >= SECTOR_RUNNER_UP for a in detection.alternatives)
        )
        or (
            detection.confidence >= _SECTOR_CONFIRM_BELOW
            and not (
                detection.alternatives and detection.alternatives[0].confidence >= SECTOR_RUNNER_UP
            )
        ),
    )


def ambiguous(guess: SectorGuess) -> bool:
    """Worth one clarification: a close runner-up, or a weak match (a single loose word)."""
    if guess.confirmed or guess.confidence <= NO_MATCH:
        return False
    close = bool(guess.alternatives) and guess.alternatives[0].confidence >= SECTOR_RUNNER_UP
    return close or guess.confidence < _SECTOR_CONFIRM_BELOW


def activity_excerpt(text: str, detection: SectorDetection) -> str:
    """The owner's own description, short enough for the assistant's prompt."""
    clean = re.sub(r"\s+", " ", text).strip()
    if len(clean) <= 200:
        return clean
    sentences = [p.strip() for p in re.split(r"(?<=[.!?])\s+|\n", text) if p.strip()]
    for term in detection.matched:
        for sentence in sentences:
            if fold(term) in fold(sentence):
                return sentence[:300]
    return clean[:300]


def set_sector(s: ConfiguratorState, detection: SectorDetection) -> None:
    s.sector = _guess(detection)


def redetect(s: ConfiguratorState) -> None:
    """A weak sector may become clear from later answers (e.g. the company name)."""
    if s.sector is not None and (s.sector.confirmed or s.sector.confidence >= 0.5):
        return
    text = " ".join(filter(None, (s.activity_text, str(s.profile.get("company_name") or ""))))
    if not text:
        return
    detection = detect_sector(text)
    if s.sector is None or detection.confidence > s.sector.confidence:
        set_sector(s, detection)


def choose_sector(s: ConfiguratorState, text: str) -> None:
    """Answer to the sector clarification: yes, one of the options, or another activity (the
    generic assistant when nothing else is recognised). One clarification only: the choice is
    confirmed whatever the answer."""
    guess = s.sector
    if guess is None:
        return
    options = [SectorOption(subtype=guess.subtype, label=guess.label, confidence=1.0)]
    options += [a for a in guess.alternatives if a.confidence >= SECTOR_RUNNER_UP]
    detection = detect_sector(text)
    answer = parse_yes_no(text)
    folded = fold(text)
    chosen: SectorOption | None = None
    if answer is False or re.search(r"\bautre\b", folded):
        # not the guess: whatever else the answer names, or the generic assistant
        refused = {o.subtype for o in options} if len(options) == 1 else {guess.subtype}
        if detection.confidence > NO_MATCH and detection.subtype not in refused:
            set_sector(s, detection)
        else:
            set_sector(s, detect_sector(""))
        if len(text.split()) > 4:
            s.activity_text = activity_excerpt(text, detection)
            s.profile["activity"] = s.activity_text
    elif answer is True and len(options) == 1:
        chosen = options[0]
    else:
        chosen = next((o for o in options if o.subtype == detection.subtype), None)
        if chosen is None:
            scored = [(fuzz.partial_ratio(fold(o.label), folded), o) for o in options]
            best_score, best = max(scored, key=lambda x: x[0])
            chosen = best if best_score >= 80 else None
        if chosen is None and (
            detection.confidence >= _SECTOR_CONFIRM_BELOW
            # neither yes nor no: the owner names their trade in their own words instead
            # (« Toilettage canin, bain, coupe… » to « c'est bien « Animalerie » ? »)
            or (
                answer is None
                and detection.label is not None
                and fold(detection.label) != fold(guess.label)
            )
        ):
            set_sector(s, detection)
        elif chosen is None:
            chosen = options[0]
    if chosen is not None:
        family = load_catalogue().family_of(chosen.subtype)
        s.sector = SectorGuess(
            family=family.id,
            subtype=chosen.subtype,
            label=chosen.label,
            confidence=1.0,
        )
    if s.sector is not None:
        s.sector.confirmed = True
