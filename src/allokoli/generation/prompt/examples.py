"""The « Exemples » section: short dialogues built only from the profile's facts."""

from __future__ import annotations

from collections.abc import Sequence

from allokoli.domain.catalogue import Family
from allokoli.domain.profile import BusinessProfile, Register
from allokoli.generation.prompt.facts import service_line
from allokoli.generation.prompt.hours import ranges_words
from allokoli.generation.prompt.spoken import phone_words, speak_text
from allokoli.generation.prompt.wording import Voice
from allokoli.generation.recommendations import load_recommendations

__all__ = ["examples_section"]


_UNKNOWN_QUESTIONS = (
    ("Vous avez un parking ?", "parking"),
    ("Vous acceptez les chèques ?", "chèque"),
    ("Vous faites des cartes cadeaux ?", "cadeau"),
    ("Il y a un accès pour les fauteuils roulants ?", "fauteuil"),
)
_SAMPLE_CALLER_NUMBER = "06 12 34 56 78"


def _example_question(profile: BusinessProfile, v: Voice, tools: Sequence[str]) -> list[str]:
    """A happy path built only from the facts given."""
    more = v.r("Je peux vous aider pour autre chose ?", "Je peux t'aider pour autre chose ?")
    hours = profile.opening_hours
    if hours is not None and any(d.ranges for d in hours.days):
        day = next((d for d in hours.days if d.day.value == "samedi" and d.ranges), None)
        day = day or next(d for d in hours.days if d.ranges)
        return [
            f"Appelant : « Vous êtes ouverts le {day.day.value} ? »",
            f"Toi : « Oui, le {day.day.value}, c'est ouvert {ranges_words(day.ranges)}. {more} »",
        ]
    priced = next((s for s in profile.services if s.price_eur is not None), None)
    if priced is not None and priced.price_eur is not None:
        name = speak_text(priced.name)
        price = service_line(priced).split(" : ", 1)[1].rstrip(".")
        price = price.replace(", environ", ", pour une durée d'environ")
        return [
            f"Appelant : « Quel est le tarif de la prestation {name} ? »",
            f"Toi : « Pour la prestation {name}, c'est {price}. {more} »",
        ]
    return [
        "Appelant : « Je voudrais parler au responsable. »",
        "Toi : « "
        + v.r(
            "Il n'est pas disponible pour le moment. Voulez-vous que je prenne un message pour "
            "qu'il vous rappelle ? »",
            "Il n'est pas disponible pour le moment. Tu veux que je prenne un message pour "
            "qu'il te rappelle ? »",
        ),
    ]


def examples_section(
    profile: BusinessProfile, family: Family, v: Voice, tools: Sequence[str]
) -> str:
    haystack = " ".join(
        [
            profile.notes or "",
            *(f"{f.question} {f.answer}" for f in profile.faq),
            profile.policies.payment or "",
            profile.activity or "",
        ]
    ).casefold()
    question = next(
        (q for q, key in _UNKNOWN_QUESTIONS if key not in haystack), _UNKNOWN_QUESTIONS[0][0]
    )
    sorry = v.g("Je suis désolée", "Je suis désolé")
    recovery = (
        v.r(
            f"{sorry}, je n'arrive pas à enregistrer votre message pour le moment. Je peux vous "
            "mettre en relation avec quelqu'un, voulez-vous ?",
            f"{sorry}, je n'arrive pas à enregistrer ton message pour le moment. Je peux te "
            "mettre en relation avec quelqu'un, tu veux bien ?",
        )
        if "transfer_call" in tools
        else v.r(
            f"{sorry}, je n'arrive pas à enregistrer votre message pour le moment. Pouvez-vous "
            "rappeler un peu plus tard ?",
            f"{sorry}, je n'arrive pas à enregistrer ton message pour le moment. Tu peux "
            "rappeler un peu plus tard ?",
        )
    )
    blocks = [
        ("Question simple", _example_question(profile, v, tools)),
        (
            "Information inconnue",
            [
                f"Appelant : « {question} »",
                "Toi : « "
                + v.r(
                    "Je n'ai pas cette information. Voulez-vous que je prenne un message pour "
                    "qu'on vous rappelle ? »",
                    "Je n'ai pas cette information. Tu veux que je prenne un message pour qu'on "
                    "te rappelle ? »",
                ),
            ],
        ),
        (
            "Numéro de rappel",
            [
                f"Appelant : « Mon numéro, c'est le {_SAMPLE_CALLER_NUMBER}. »",
                f"Toi : « Je relis : {phone_words(_SAMPLE_CALLER_NUMBER)}. "
                + v.r("C'est bien cela ? »", "C'est bien ça ? »"),
            ],
        ),
        (
            "L'outil take_message ne répond pas",
            [f"Toi : « {recovery} »"],
        ),
    ]
    for rule in load_recommendations().safety_rules:
        if family.id in rule.families and rule.example is not None:
            answer = rule.example.tu if v.register is Register.TUTOIEMENT else rule.example.vous
            blocks.append(
                ("Urgence", [f"Appelant : « {rule.example.caller} »", f"Toi : « {answer} »"])
            )
    body = "\n\n".join(f"Exemple — {title} :\n" + "\n".join(lines) for title, lines in blocks)
    return "# Exemples\n" + body
