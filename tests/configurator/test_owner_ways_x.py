"""Owners of dev part x: a street corrected later (« c'est rue de Brest pas rue de
Saint-Malo »), a number the numbering plan does not know said while another question is
pending, a bare number at the recap, a phone duty « 24 heures sur 24 » that leaves the opening
hours alone, and the owner's first name closing a message."""

from __future__ import annotations

from allokoli.configurator import turn
from tests.configurator.simulate import talk


def test_a_street_corrected_later_keeps_the_number_and_the_town() -> None:
    _reply, s = talk(
        "bonjour, c'est pour le Garage du Centre a Rennes, mecanique toutes marques",
        "adresse 27 rue de Saint-Malo 35000 Rennes. horaires lundi au vendredi 8h-18h",
        "pardon je me suis trompé, c'est rue de Brest pas rue de Saint-Malo. et le numero pour "
        "me joindre c 02 99 65 43 21",
    )
    address = s.profile["address"]
    assert address["street"] == "27 rue de Brest"
    assert address["city"] == "Rennes" and address["postal_code"] == "35000"
    assert s.profile["transfer_number"] == "+33299654321"


def test_a_street_taken_back_in_passing() -> None:
    _reply, s = talk(
        "Bonjour, mercerie Au Fil d'Ariane à Angoulême, 12 rue Hergé, 16000.",
        "Ouvert du mardi au samedi de 9h30 à 18h.",
        "Pardon, je me suis trompée : la boutique est au 3 rue de Périgueux, pas rue Hergé.",
    )
    assert s.profile["address"]["street"] == "3 rue de Périgueux"


def test_a_number_unknown_to_the_plan_said_in_passing_is_kept_to_check() -> None:
    reply, s = talk(
        "Hi ! Je suis make-up artist freelance, mon nom pro c'est Glow by Manon, basée à Troyes.",
        "Pas d'horaires fixes, je travaille sur rendez-vous.",
        "Le bot doit booker les essais et prendre les messages.",
        "essai mariée 60€, forfait jour J 120€",
        "Mon num : 07 12 23 34 45. Tutoiement ok, vibe chaleureuse.",
    )
    assert s.profile["transfer_number"] == "+33712233445"
    assert s.transfer_unconfirmed
    assert "07 12 23 34 45" in reply.text


def test_a_bare_number_at_the_recap_is_the_transfer_number() -> None:
    _reply, s = talk(
        "bjr magasin de velos Cycles Bertin a chambery, vente et reparation",
        "mar-sam 9h30-12h30 / 14h-19h, ferme dim lun",
        "adresse 22 avenue du comte vert 73000",
        "faut prendre les rdv atelier et repondre aux questions",
        "revision complete 65e (1h), reglage freins 20e",
        "tutoiement, voix d'homme",
    )
    assert s.stage.value == "recap" and "transfer_number" not in s.profile
    _reply, s = turn(s, "num 04 79 33 22 11. jsuis Alex")
    assert s.profile["transfer_number"] == "+33479332211"
    assert s.profile["owner_name"] == "Alex"


def test_a_phone_duty_around_the_clock_leaves_the_opening_hours() -> None:
    _reply, s = talk(
        "Bonjour, je suis Bertrand Lacroix, Pompes Funèbres Lacroix, entreprise familiale à Agen.",
        "Nos bureaux sont ouverts du lundi au vendredi de 8h30 à 12h et de 14h à 18h, et le "
        "samedi de 9h à 12h.",
        "Nous assurons une permanence décès 24 heures sur 24 : tout appel concernant un décès "
        "doit être transféré immédiatement au 06 42 53 64 75.",
    )
    monday = s.profile["opening_hours"]["days"][0]
    assert [(r["start"], r["end"]) for r in monday["ranges"]] == [
        ("08:30:00", "12:00:00"),
        ("14:00:00", "18:00:00"),
    ]
    assert s.profile["transfer_number"] == "+33642536475"


def test_the_owners_name_is_no_zone_and_the_zone_said_after_is_kept() -> None:
    _reply, s = talk(
        "Bonjour, euh, alors je suis maréchal-ferrant, je travaille seul, pas de nom de "
        "société, voilà, je m'appelle Gaël Rivière, je suis basé à Saumur.",
        "Je tourne sur tout le secteur, bon, Saumur, Doué-la-Fontaine, Montreuil-Bellay, "
        "Chinon, et Fontevraud.",
    )
    assert s.profile["owner_name"] == "Gaël Rivière"
    assert "Gaël" not in s.profile.get("service_area", "")
    assert "Chinon" in s.profile["service_area"]
