"""Sector detection: accuracy on the labelled fixtures, calibration of the confidence, edge cases.

Refit the confidence calibration after changing the catalogue or the scoring with
`python -m tests.generation.test_detection --fit`, then copy the printed constants into
`allokoli.understanding.detection._CALIBRATION`.
"""

from __future__ import annotations

import functools
import math
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from allokoli.domain.catalogue import load_catalogue
from allokoli.understanding.detection import (
    SectorDetection,
    candidates,
    confidences,
    detect_sector,
    normalize_tokens,
    raw_scores,
)

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "sector_descriptions.yaml"


def _load_fixtures() -> list[dict[str, str]]:
    data: dict[str, Any] = yaml.safe_load(FIXTURES.read_text("utf-8"))
    return list(data["descriptions"])


DESCRIPTIONS = _load_fixtures()


@pytest.fixture(scope="module")
def results() -> list[tuple[dict[str, str], SectorDetection]]:
    return [(item, detect_sector(item["text"])) for item in DESCRIPTIONS]


def test_fixtures_are_many_varied_and_valid() -> None:
    catalogue = load_catalogue()
    assert len(DESCRIPTIONS) >= 180
    assert len({d["text"] for d in DESCRIPTIONS}) == len(DESCRIPTIONS), "duplicate description"
    for item in DESCRIPTIONS:
        assert catalogue.family_of(item["subtype"]).id == item["family"], item
    covered = {d["subtype"] for d in DESCRIPTIONS}
    assert covered == {s.id for _, s in catalogue.all_subtypes()}, "every subtype has examples"


def test_accuracy_on_fixtures(results: list[tuple[dict[str, str], SectorDetection]]) -> None:
    total = len(results)
    subtype_ok = sum(r.subtype == item["subtype"] for item, r in results)
    family_ok = sum(r.family == item["family"] for item, r in results)
    misses = [
        f"  {item['subtype']} -> {r.subtype} ({r.confidence:.2f}): {item['text']}"
        for item, r in results
        if r.subtype != item["subtype"]
    ]
    print(
        f"\nsector detection on {total} descriptions: subtype accuracy "
        f"{subtype_ok / total:.3f}, family accuracy {family_ok / total:.3f}"
    )
    print("\n".join(misses))
    assert subtype_ok / total >= 0.9
    assert family_ok / total >= 0.95


def test_confidence_is_calibrated(results: list[tuple[dict[str, str], SectorDetection]]) -> None:
    buckets: dict[str, list[bool]] = {"<0.5": [], "0.5-0.8": [], ">=0.8": []}
    for item, r in results:
        key = "<0.5" if r.confidence < 0.5 else "0.5-0.8" if r.confidence < 0.8 else ">=0.8"
        buckets[key].append(r.subtype == item["subtype"])
    for key, hits in buckets.items():
        rate = sum(hits) / len(hits) if hits else float("nan")
        print(f"confidence {key}: {len(hits)} predictions, accuracy {rate:.3f}")
    high = buckets[">=0.8"]
    assert len(high) >= len(results) // 2, "most fixtures should be detected with confidence"
    # a single loose phrase now gives the family's generic subtype (a close-but-wrong trade is
    # worse than none), so fewer right answers are confident: 0.895 instead of 0.91
    assert sum(high) / len(high) >= 0.88
    # Low confidence goes with errors: wrong answers are less confident than right ones.
    right = [r.confidence for item, r in results if r.subtype == item["subtype"]]
    wrong = [r.confidence for item, r in results if r.subtype != item["subtype"]]
    if wrong:
        assert sum(wrong) / len(wrong) < sum(right) / len(right) - 0.2
    low = buckets["<0.5"]
    if low:
        assert sum(low) / len(low) < sum(high) / len(high)


@pytest.mark.parametrize(
    ("text", "subtype"),
    [
        ("jsuis plombié sur lyon", "plombier"),
        ("coifeuse a domicile", "coiffeur"),
        ("pizzéria du centre", "pizzeria"),
        ("pizzeria du centre", "pizzeria"),
        ("PIZZERIA DU CENTRE", "pizzeria"),
        ("eletricien", "electricien"),
        ("serurier", "serrurier"),
        ("kinesitherapeute", "kinesitherapeute"),
        ("on fait des pizzas au feu de bois", "pizzeria"),
        ("on répare les fuites et on débouche les canalisations", "plombier"),
        ("je suis plombière", "plombier"),
        ("salon coiffure", "coiffeur"),
        # one loose phrase names no trade: two of them do, in any order and form
        ("clés perdues, porte claquée", "serrurier"),
        ("j'ai perdu mes clés, ouverture de porte", "serrurier"),
        ("restaurant gastronomique", "restaurant_gastronomique"),
        ("restaurant", "restaurant"),
        ("expert-comptable", "expert_comptable"),
        ("expert comptable", "expert_comptable"),
        ("auto ecole", "auto_ecole"),
    ],
)
def test_typos_accents_plurals_and_word_order(text: str, subtype: str) -> None:
    assert detect_sector(text).subtype == subtype


def test_matched_terms_explain_the_choice() -> None:
    detection = detect_sector("Plombier chauffagiste, dépannage de fuites d'eau 7j/7")
    assert detection.subtype == "plombier"
    assert detection.family == "artisans"
    assert detection.family_label == "Artisans et bâtiment"
    assert detection.subtype_label == "Plombier"
    assert "plombier chauffagiste" in detection.matched
    assert detection.confidence >= 0.8


@pytest.mark.parametrize("text", ["", "   ", "bonjour", "12 rue de la Paix, 06 12 34 56 78", "zzz"])
def test_nothing_recognised_gives_generic_with_low_confidence(text: str) -> None:
    catalogue = load_catalogue()
    detection = detect_sector(text)
    assert detection.subtype == catalogue.generic_subtype
    assert detection.family == catalogue.generic_family
    assert detection.confidence < 0.3
    assert detection.alternatives == []
    assert detection.matched == []


def test_short_common_words_do_not_fuzzy_match() -> None:
    # "reste", "porter", "bar" are not corrected into "resto", "porte", "barbe".
    assert detect_sector("il reste de la place").subtype == load_catalogue().generic_subtype
    assert detect_sector("bar").subtype == "bar"


def test_alternatives_sorted_distinct_and_bounded() -> None:
    detection = detect_sector("plombier électricien chauffagiste serrurier vitrier couvreur")
    alts = detection.alternatives
    assert 1 <= len(alts) <= 3
    ids = [a.subtype for a in alts]
    assert detection.subtype not in ids
    assert len(set(ids)) == len(ids)
    confidences = [a.confidence for a in alts]
    assert confidences == sorted(confidences, reverse=True)
    assert all(0.0 <= c <= detection.confidence for c in confidences)
    assert detection.confidence + sum(confidences) <= 1.0 + 1e-9


def test_ambiguous_text_is_less_confident_than_clear_text() -> None:
    clear = detect_sector("je suis plombier")
    ambiguous = detect_sector("plombier et électricien")
    assert clear.confidence >= 0.8
    assert ambiguous.confidence < clear.confidence
    assert {ambiguous.subtype, *(a.subtype for a in ambiguous.alternatives)} >= {
        "plombier",
        "electricien",
    }


def test_candidates_start_with_the_detection() -> None:
    found = candidates("boulangerie pâtisserie, gâteaux sur commande")
    assert found[0].subtype == "boulangerie"
    assert found[0].label == "Boulangerie-pâtisserie"
    assert len(found) <= 4


def test_custom_catalogue_is_indexed_separately() -> None:
    catalogue = load_catalogue()
    narrowed = catalogue.model_copy(
        update={"families": [f for f in catalogue.families if f.id in {"services", "sante"}]}
    )
    assert detect_sector("je suis plombier", narrowed).subtype == "pme_generique"
    assert detect_sector("je suis plombier").subtype == "plombier"


# --- calibration: keyword-free variants and the fitting tool ---------------------------------


def _without_keywords(text: str) -> str | None:
    """The text minus the words that matched a keyword of the detected subtype, or None if none.

    Simulates an owner describing the activity without naming the trade, which is where the
    detector is least sure; the calibration must hold there too.
    """
    detection = detect_sector(text)
    keywords = set(load_catalogue().subtype(detection.subtype).keywords)
    banned = {
        tok for term in detection.matched if term in keywords for tok in normalize_tokens(term)
    }
    if not banned:
        return None
    kept = [word for word in text.split() if not _names(word, banned)]
    return " ".join(kept)


def _names(word: str, tokens: set[str]) -> bool:
    """Whether a word of the text is one of these catalogue tokens, possibly misspelt."""
    if tokens & set(normalize_tokens(word)):
        return True
    return any(tokens & set(normalize_tokens(term)) for term in detect_sector(word).matched)


@functools.cache
def _keyword_free() -> list[tuple[str, str]]:
    """(variant without the trade name, expected subtype) for every fixture that named it."""
    return [
        (variant, item["subtype"])
        for item in DESCRIPTIONS
        if (variant := _without_keywords(item["text"])) is not None
    ]


def test_confidence_holds_without_trade_names() -> None:
    hits = [(detect_sector(text), subtype) for text, subtype in _keyword_free()]
    scored = [(d.confidence, d.subtype == subtype) for d, subtype in hits]
    high = [ok for conf, ok in scored if conf >= 0.8]
    low = [ok for conf, ok in scored if conf < 0.5]
    accuracy = sum(ok for _, ok in scored) / len(scored)
    print(
        f"\nwithout trade names ({len(scored)} variants): accuracy {accuracy:.3f}; "
        f"confidence >= 0.8: {len(high)} at {sum(high) / max(len(high), 1):.3f}; "
        f"< 0.5: {len(low)} at {sum(low) / max(len(low), 1):.3f}"
    )
    assert len(scored) >= 150
    assert high
    # a single loose phrase now gives the family's generic subtype (a close-but-wrong trade is
    # worse than none), so fewer right answers are confident: 0.895 instead of 0.91
    assert sum(high) / len(high) >= 0.88
    assert not low or sum(low) / len(low) < 0.7


def _fit_calibration() -> tuple[float, float, float]:
    """Maximum likelihood of (A, C, G), see `detection._CALIBRATION`."""
    samples: list[tuple[list[float], bool]] = []
    labelled = [(d["text"], d["subtype"]) for d in DESCRIPTIONS] + _keyword_free()
    for text, subtype in labelled:
        ranking = raw_scores(text)
        if ranking:  # nothing matched: fixed low confidence, outside the fit
            samples.append(([score for _, score in ranking[:4]], ranking[0][0] == subtype))
    best: tuple[float, float, float, float] | None = None
    for g in (1.0, 2.0, 3.0, 4.0, 5.0):
        a = c = 0.0
        for _ in range(15_000):
            grad_a = grad_c = 0.0
            for scores, right in samples:
                share = scores[0] ** g / sum(score**g for score in scores)
                strength = 1.0 / (1.0 + math.exp(-(a * math.log(scores[0]) + c)))
                p = min(max(strength * share, 1e-9), 1 - 1e-9)
                d = (
                    (p - (1.0 if right else 0.0))
                    / (p * (1 - p))
                    * share
                    * strength
                    * (1 - strength)
                )
                grad_a += d * math.log(scores[0])
                grad_c += d
            a -= 0.5 * (grad_a / len(samples) + 0.001 * a)
            c -= 0.5 * grad_c / len(samples)
        loss = -sum(
            math.log(max(p, 1e-9)) if right else math.log(max(1 - p, 1e-9))
            for scores, right in samples
            for p in [confidences(scores, (a, c, g))[0]]
        ) / len(samples)
        print(f"G={g}: A={a:.3f} C={c:.3f} log-loss={loss:.4f}")
        if best is None or loss < best[3]:
            best = (a, c, g, loss)
    assert best is not None
    return best[0], best[1], best[2]


if __name__ == "__main__":  # pragma: no cover - manual tool
    if "--fit" in sys.argv:
        print("_CALIBRATION = ({:.3f}, {:.3f}, {:.1f})".format(*_fit_calibration()))


@pytest.mark.parametrize(
    ("text", "subtype"),
    [
        ("garage auto à Limoges, mécanique et carrosserie", "garage"),
        ("carrosserie et mécanique, on est un petit garage", "carrosserie"),
    ],
)
def test_on_a_tie_the_trade_named_first_wins(text: str, subtype: str) -> None:
    assert detect_sector(text).subtype == subtype
