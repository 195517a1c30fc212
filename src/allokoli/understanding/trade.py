"""The trade as a clean label (« Toiletteuse », « Plombier »), never the owner's whole message.

The owner's first message mixes greetings, the trade, the town and instructions (« slt jsuis
toiletteuse à Lyon, fais simple stp »): what a recap, a profile's ``activity`` or a caller hears
is the trade alone. Sector detection already finds the owner's own trade word for a trade the
catalogue does not know (``SectorDetection.label``); a catalogue trade has its subtype's label; a
generic subtype with no trade word has no label at all (nothing rather than a sentence)."""

from __future__ import annotations

import re

from allokoli.domain.catalogue import load_catalogue
from allokoli.understanding.detection import SectorDetection

__all__ = ["activity_label", "business_description", "trade_label"]

# A sentence of the owner's description that speaks to us, or in the owner's own voice, is not
# a fact for callers (« Salut, moi c'est Karim », « Je veux que l'assistant prenne… »).
_NOT_A_DESCRIPTION = re.compile(
    r"\?|\b(je|j'|moi|me|m'|mon|ma|mes|salut|bonjour|bonsoir|coucou|hello|merci|assistant|"
    r"assistante|ia|robot|répondeur|standard|standardiste|il faut|faut|doit|doivent|veux|"
    r"voudrais|voudrait|aimerais|aimerait|"
    # the same in text-message French, and the owner speaking to us (« tu peux », « stp »)
    r"jsuis|j'suis|chui|chuis|slt|cc|stp|svp|tu|te|toi|peux|pouvez)\b",
    re.IGNORECASE,
)
_DESCRIPTION_MAX = 300


def trade_label(subtype_id: str, owner_word: str | None) -> str | None:
    """The owner's own trade word if any, else the subtype's label unless it is a generic one
    (« Artisan (autre métier) » says nothing about the business)."""
    catalogue = load_catalogue()
    try:
        subtype = catalogue.subtype(subtype_id)
    except KeyError:
        subtype = None
    word = (owner_word or "").strip()
    if word and (subtype is None or word != subtype.label):
        return word[:1].upper() + word[1:]
    if subtype is None or subtype.generic or subtype.id == catalogue.generic_subtype:
        return None
    return subtype.label


def activity_label(detection: SectorDetection) -> str | None:
    """The clean activity label of a detection, or None when no trade was recognised."""
    return trade_label(detection.subtype, detection.label)


def business_description(text: str | None) -> str | None:
    """The sentences of the owner's own description that describe the business, or None.

    The description is often the owner's whole message to us (greeting, first person,
    instructions for the assistant): only the sentences a caller may hear are kept."""
    if not text:
        return None
    kept: list[str] = []
    size = 0
    for sentence in re.split(r"(?<=[.!?…])\s+|\n+", text):
        sentence = re.sub(r"\s+", " ", sentence).strip(" .!…")
        if not sentence or _NOT_A_DESCRIPTION.search(sentence):
            continue
        if size + len(sentence) > _DESCRIPTION_MAX:
            break
        kept.append(sentence[0].upper() + sentence[1:])
        size += len(sentence) + 2
    return ". ".join(kept) or None
