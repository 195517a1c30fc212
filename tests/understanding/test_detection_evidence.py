"""How much each word and phrase of a description counts for a family or a subtype.

- Function words, numbers and words of time (« trois », « dimanche », « soir ») and the everyday
  talk of every business (« horaires », « rendez-vous ») point to no family.
- A subtype reached through one loose phrase (« mariage ») and none of its names is no trade.
- A trade word opening the text is the trade, even capitalised and even when a catalogue word
  comes later (« Vannier, … pour des restaurants »).
- Trades are placed in the family of their NAF section (camping: hébergement; pest control:
  services; ambulances: santé), or the family that names them (road haulage: « Automobile et
  transport »).
- A message naming a business is never off-topic because it mentions the lottery.

Examples written for these tests (not from any fixture).
"""

from __future__ import annotations

import pytest

from allokoli.domain.catalogue import load_catalogue
from allokoli.understanding import detection
from allokoli.understanding.detection import detect_sector
from allokoli.understanding.intents import IntentKind, detect_intent

CATALOGUE = load_catalogue()


@pytest.mark.parametrize(
    "word", ["trois", "quinze", "depuis", "dimanche", "soir", "matin", "semaine", "horaires"]
)
def test_function_time_and_everyday_words_point_to_no_family(word: str) -> None:
    index = detection._index_for(CATALOGUE)
    sims = detection._word_families(index, word)
    assert sims is None or float(detection._evidence(sims).max()) == 0.0


@pytest.mark.parametrize("word", ["boulangerie", "kinésithérapeute", "maçonnerie", "avocat"])
def test_a_trade_word_still_points_to_its_family(word: str) -> None:
    index = detection._index_for(CATALOGUE)
    sims = detection._word_families(index, word)
    assert sims is not None
    assert float(detection._evidence(sims).max()) > 0.1


@pytest.mark.parametrize(
    ("text", "family"),
    [
        ("Je vends des bougies parfumées, beaucoup pour les mariages", None),
        ("Souffleur de verre, pièces uniques et cours d'initiation le week-end", "artisans"),
    ],
)
def test_one_loose_phrase_is_not_a_subtype(text: str, family: str | None) -> None:
    found = detect_sector(text)
    assert found.generic
    assert found.subtype != "photographe"
    if family is not None:
        assert found.family == family


def test_an_opening_trade_word_is_the_trade_not_a_company_name() -> None:
    found = detect_sector("Vannier, je tresse des paniers en osier pour des restaurants")
    assert (found.family, found.subtype, found.label) == (
        "artisans",
        CATALOGUE.generic_of("artisans").id,
        "Vannier",
    )


def test_a_capitalised_company_name_is_not_taken_for_the_trade() -> None:
    found = detect_sector("Lumière Dorée, photographe de portraits et de baptêmes à Nantes")
    assert found.subtype == "photographe"


@pytest.mark.parametrize(
    ("text", "family"),
    [
        ("Ambulancier agréé, transports assis et allongés vers l'hôpital", "sante"),
        ("Transporteur routier, fret et messagerie pour les industriels", "automobile"),
        ("Dératisation et désinsectisation pour les particuliers", "services"),
        ("Terrain de camping familial au bord de la rivière, bungalows", "restauration"),
        ("Agence de voyages, circuits et séjours organisés", "services"),
        ("Luthier, fabrication et réparation de violons", "artisans"),
        ("Chocolatier artisan, ballotins et tablettes", "commerce"),
    ],
)
def test_trades_sit_in_the_family_of_their_naf_section(text: str, family: str) -> None:
    found = detect_sector(text)
    assert (found.family, found.subtype) == (family, CATALOGUE.generic_of(family).id)


@pytest.mark.parametrize(
    "text",
    [
        "bureau de tabac presse loto a Nevers, jeux a gratter",
        "Bar tabac PMU sur la place de l'église, ouvert dès 6h",
    ],
)
def test_a_shop_selling_lottery_tickets_is_described_not_off_topic(text: str) -> None:
    assert detect_intent(text).kind is IntentKind.ANSWER


@pytest.mark.parametrize("text", ["tu as vu le match de foot hier", "le loto ce soir"])
def test_chat_about_lottery_or_football_stays_off_topic(text: str) -> None:
    assert detect_intent(text).kind is IntentKind.OFF_TOPIC
