"""Owners of dev part v: an item « sur devis » said in passing beside priced ones, the town the
business is at taken back in passing (« basée à Villeurbanne, pas à Lyon »), a zone of
arrondissements, and « oki c bon » to the last question."""

from __future__ import annotations

from tests.configurator.simulate import talk


def test_an_item_on_quote_said_in_passing_is_kept() -> None:
    _reply, s = talk(
        "Bonjour, je suis plombier à Cavaillon, l'entreprise c'est Plomberie Services.",
        "Sinon le bot prend les messages et les demandes de devis. Le déplacement c'est 40 "
        "euros, et la recherche de fuite c'est sur devis.",
    )
    items = {sv["name"]: sv for sv in s.profile["services"]}
    assert items["Déplacement"]["price_eur"] == 40
    assert items["Recherche de fuite"]["price_note"] == "sur devis"


def test_the_town_taken_back_in_passing_and_the_zone() -> None:
    _reply, s = talk(
        "coucou je suis Léa, pet sitter a Lyon, ma micro entreprise cest Léa & Patounes",
        "je me deplace sur lyon 3e 6e 7e et villeurbanne... en fait je suis basee a "
        "villeurbanne pas a lyon, mais je couvre les deux",
    )
    assert s.profile["address"]["city"] == "Villeurbanne"
    assert "villeurbanne" in s.profile["service_area"].lower()
    assert "lyon" in s.profile["service_area"].lower()


def test_oki_c_bon_ends_the_conversation() -> None:
    reply, _s = talk(
        "Bonjour, pressing Net Express à Bourges, 5 rue Moyenne, ouvert du mardi au samedi de "
        "9h à 19h.",
        "faut repondre au questions sur les prix et prendre les messages, pas de transfert",
        "oki c bon",
    )
    assert reply.done
