"""Services and prices handler."""

from __future__ import annotations

from allokoli.configurator.handlers.prices import ServicesHandler, plausible_service
from allokoli.domain.profile import Service

from ._helpers import reads, say, state_for

SERVICES = ServicesHandler()


def test_agreement_sector_is_never_a_price() -> None:
    s = state_for("medecin generaliste")
    say(s, "conventionné secteur 1", "opening_hours")
    assert "services" not in s.profile


def test_a_counting_word_before_a_currency_is_a_priced_service() -> None:
    s = state_for("sophrologue")
    say(s, "atelier en groupe 18 euros, séance individuelle 50 euros", "services")
    prices = sorted(sv.get("price_eur") for sv in s.profile["services"])
    assert prices == [18.0, 50.0]


def test_sector_beside_a_real_price_keeps_the_real_one() -> None:
    s = state_for("kinesitherapeute")
    say(s, "on est conventionnes secteur 1, la seance c'est 16.13 euros", "services")
    prices = [sv.get("price_eur") for sv in s.profile["services"]]
    assert 1 not in prices and 1.0 not in prices


def test_prices_in_words_read_while_tone_is_asked() -> None:
    s = state_for("coiffeur")
    say(s, "vouvoiement. au fait coupe homme vingt-deux euros", "tone")
    assert any(sv.get("price_eur") == 22 for sv in s.profile["services"])


def test_a_bare_number_in_passing_is_not_a_price() -> None:
    s = state_for("restaurant")
    assert reads(SERVICES, s, "on est 3 en salle") is None


def test_bare_list_answer() -> None:
    s = state_for("estheticienne")
    value = reads(SERVICES, s, "epilation, soins du visage et manucure", "services")
    assert [sv.name for sv in value] == ["Epilation", "Soins du visage", "Manucure"]


def test_prices_written_with_an_e_are_read_in_passing() -> None:
    s = state_for("coiffeur")
    say(s, "shampoing coupe 32e, couleur 55e 1h", "opening_hours")
    services = {sv["name"]: sv.get("price_eur") for sv in s.profile["services"]}
    assert services == {"Shampoing coupe": 32.0, "Couleur": 55.0}


def test_a_free_item_is_read_in_passing() -> None:
    s = state_for("agence immobiliere")
    say(s, "avis de valeur offert", "opening_hours")
    assert [(sv["name"], sv.get("price_eur")) for sv in s.profile["services"]] == [
        ("Avis de valeur", 0.0)
    ]


def test_a_slash_between_words_is_a_service_name() -> None:
    assert plausible_service(Service(name="Coupe/brushing", price_eur=30))
    assert not plausible_service(Service(name="Ouvert 7/7", price_eur=30))


def test_a_short_day_name_alone_is_a_word() -> None:
    assert plausible_service(Service(name="Soupe de poissons de mer", price_eur=12))
    assert not plausible_service(Service(name="Mar-sam", price_eur=12))
    assert not plausible_service(Service(name="Ven 9", price_eur=12))


def test_a_list_of_towns_is_no_list_of_services() -> None:
    s = state_for("coiffeur a domicile")
    assert reads(SERVICES, s, "Chambéry, Aix-les-Bains et Albertville", "services") is None
    assert reads(SERVICES, s, "coupe, brushing et couleur", "services") is not None


def test_the_days_an_item_is_sold_are_not_its_name() -> None:
    s = state_for("salon de the")
    say(s, "on fait un goûter le mercredi et le samedi à 12 euros", "services")
    assert [sv["name"] for sv in s.profile["services"]] == ["Goûter"]


def test_a_new_price_said_in_sms_changes_that_service_only() -> None:
    s = state_for("coiffeur")
    say(s, "shampoing coupe 32e, couleur 55e", "services")
    say(s, "ah et la couleur c 58e maintenant pas 55", "tone")
    prices = {item["name"]: item["price_eur"] for item in s.profile["services"]}
    assert prices == {"Shampoing coupe": 32.0, "Couleur": 58.0}
