"""Owners of dev part y: a street corrected while a free-text question is pending (« c pas rue
du port, c quai des Indes »), an apology after an address said again (« 17 rue Michelet,
pardon, 42000 Saint-Étienne »), a round by weekday (a food truck), the owner naming themself
after their shop (« Et Louise c'est moi »), a number word inside a street's name."""

from __future__ import annotations

from allokoli.configurator import turn
from tests.configurator.simulate import talk


def test_a_street_taken_back_while_another_question_is_pending() -> None:
    _reply, s = talk(
        "bonjour fromagerie la cave a comte a besancon",
        "ouvert du mardi au samedi 9h 12h30 / 15h 19h, lundi ferme",
        "je veux quil prenne les commandes de plateaux. plateau 4 pers 40e, plateau 8 pers 75e",
        "adresse 8 rue des granges 25000 besancon. num pour transferer 03.81.21.84.63",
        "ah et c pas rue des granges, c rue Battant, 8 rue Battant. jconfonds avec lancienne",
    )
    assert s.profile["address"]["street"] == "8 rue Battant"
    assert s.profile["address"]["city"] == "Besançon"


def test_an_apology_after_the_street_said_again_keeps_the_postcode_apart() -> None:
    _reply, s = talk(
        "Bonjour, c'est la droguerie Martin, à Saint-Étienne, moi c'est Paul.",
        "On est 17 rue de la République... non, 17 rue Michelet, pardon, 42000 Saint-Étienne.",
    )
    address = s.profile["address"]
    assert address["street"] == "17 rue Michelet"
    assert address["postal_code"] == "42000" and address["city"] == "Saint-Étienne"


def test_a_round_by_weekday_is_the_zone() -> None:
    _reply, s = talk(
        "Salut, moi c'est Nico, j'ai un food truck de tacos qui s'appelle El Camion, le lundi on "
        "est à Meylan, le mardi à Échirolles et le jeudi à Voiron.",
    )
    area = s.profile["service_area"]
    assert all(town in area for town in ("Meylan", "Échirolles", "Voiron"))


def test_the_owner_named_after_their_shop() -> None:
    _reply, s = talk(
        "Bonjour ! C'est pour ma boutique de fleurs, Au Jardin de Louise, à Annecy. Et Louise "
        "c'est moi, hein.",
    )
    assert s.profile["owner_name"] == "Louise"
    assert s.profile["company_name"] == "Au Jardin de Louise"


def test_a_round_said_first_answers_where_to_find_the_truck() -> None:
    reply, s = talk(
        "Salut, moi c'est Nico, j'ai un food truck de tacos qui s'appelle El Camion, le lundi on "
        "est à Meylan, le mardi à Échirolles et le jeudi à Voiron.",
        "Food truck",
    )
    for _ in range(6):
        if reply.stage.value == "recap":
            break
        reply, s = turn(s, "je ne sais pas")
    assert reply.stage.value == "recap"
    assert "faq:emplacements" not in s.asked
    assert "Meylan" in s.profile["service_area"]


def test_declining_the_first_name_keeps_the_rest_of_the_answer() -> None:
    reply, s = talk("Salon de coiffure Élodie Coiffure, 8 rue Crébillon, 44000 Nantes.")
    for _ in range(6):
        if reply.asked == "tasks":
            break
        reply, s = turn(s, "je ne sais pas")
    assert reply.asked == "tasks" and "owner_name" in reply.also_asked
    _reply, s = turn(
        s,
        "Prendre les rendez-vous et répondre aux questions. Le 02 40 12 34 56. Je préfère ne pas "
        "le préciser.",
    )
    assert s.profile["transfer_number"] == "+33240123456"
    assert "book_appointment" in s.profile["tasks"]
    assert "owner_name" not in s.profile


def test_an_owner_who_says_later_that_they_travel_is_asked_their_zone() -> None:
    reply, s = talk(
        "Bonjour, je suis maquilleuse professionnelle, mon activité c'est Lila Make-Up, surtout "
        "des mariées."
    )
    asked = []
    answers = {
        "address": "Je suis basée à Montpellier, mais je me déplace.",
        "tasks": "Prendre les demandes de devis. 06 31 52 74 08. Lila",
        "service_area": "Montpellier, Nîmes, Sète, un peu tout l'Hérault et le Gard.",
    }
    for _ in range(8):
        if reply.stage.value == "recap":
            break
        asked.append(reply.asked)
        reply, s = turn(s, answers.get(reply.asked or "", "je ne sais pas"))
    assert "service_area" in asked
    assert all(town in s.profile["service_area"] for town in ("Nîmes", "Sète", "Hérault"))


def test_a_break_said_later_splits_the_hours_noted() -> None:
    _reply, s = talk(
        "Bonjour, cabinet d'expertise comptable Chiffres & Co à Lille.",
        "Le cabinet est ouvert du lundi au vendredi de 8h30 à 18h.",
        "J'oubliais : avec une pause de 12h30 à 13h30, le standard est fermé pendant le déjeuner.",
    )
    monday = next(d for d in s.profile["opening_hours"]["days"] if d["day"] == "lundi")
    assert [(r["start"], r["end"]) for r in monday["ranges"]] == [
        ("08:30:00", "12:30:00"),
        ("13:30:00", "18:00:00"),
    ]


def test_working_in_a_field_of_law_is_not_travelling() -> None:
    _reply, s = talk(
        "Bonjour, Maître Anne Keller, avocate du Cabinet Dumas-Keller à Strasbourg. Nous "
        "intervenons en droit des affaires."
    )
    assert not s.goes_to_clients


def test_an_owner_who_does_not_travel_declines_the_zone_once() -> None:
    reply, s = talk("Location de kayaks Ardèche Kayak Adventure, basée à Vallon-Pont-d'Arc.")
    answers = {
        "opening_hours": "Tous les jours de 9h à 18h. Route des Gorges, 07150 Vallon-Pont-d'Arc.",
        "tasks": "Prendre les réservations et les messages. 06 70 81 92 03. Lucas",
    }
    for _ in range(8):
        if reply.asked == "service_area" or reply.stage.value == "recap":
            break
        reply, s = turn(s, answers.get(reply.asked or "", "Location de kayaks"))
    assert reply.asked == "service_area"
    reply, s = turn(s, "Non, tout part de notre base.")
    assert reply.asked != "service_area"
    assert "service_area" in s.skipped and "service_area" not in s.profile
