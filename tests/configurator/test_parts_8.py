"""Conversations of dev parts 8 and 9: a number said for urgent problems while a free-text
question is pending is the number to transfer to, even one the numbering plan does not know;
a label opening a message at the recap (« Tone of voice : … ») renames nothing."""

from __future__ import annotations

from tests.configurator.simulate import talk

_GITE = (
    "Bonjour, on loue un gîte en Ardèche, Le Mas des Oliviers, à Joyeuse. Enfin, deux gîtes.",
    "Moi c'est Sylvie Chabert. Le grand gîte pour huit personnes c'est 950 euros la semaine.",
    "L'assistant doit prendre les demandes de réservation et répondre aux questions.",
    "On est joignables tous les jours de 9h à 20h, sauf le dimanche.",
)


def test_a_number_for_urgent_problems_is_kept_whatever_is_pending() -> None:
    reply, s = talk(
        *_GITE,
        "Et le numéro pour les vacanciers qui ont un souci urgent sur place : 06 39 98 38 15.",
    )
    assert s.profile["transfer_number"] == "+33639983815"
    assert "06 39 98 38 15" in reply.text


def test_a_label_at_the_recap_renames_nothing() -> None:
    _reply, s = talk(
        "Hey ! Moi c'est Inès Caron, photographe, mon studio c'est Pixel & Light, à Tours.",
        "L'assistant prend les rendez-vous et les messages, pas de transfert.",
        "Séance portrait 120 euros, 1 heure.",
        "Le studio est ouvert du mardi au samedi, 10h-18h, fermé dimanche et lundi.",
        "Vouvoiement, voix féminine.",
        "Tone of voice : chaleureux, et on vouvoie.",
    )
    assert s.profile["company_name"] == "Pixel & Light"
