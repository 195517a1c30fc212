"""A name taken back and said again, a name spelled out, hesitations, and « pas de nom »."""

from __future__ import annotations

import pytest

from allokoli.understanding.names import company_name_candidates, extract_company_name


@pytest.mark.parametrize(
    ("text", "name", "taken_back"),
    [
        (
            "Fleuriste à Vichy, Les Jardins d'Alice... euh non pardon, Le Jardin d'Alice tout "
            "court, on a changé l'an dernier.",
            "Le Jardin d'Alice",
            "Les Jardins d'Alice",
        ),
        (
            "Garage Central Moteurs à Dole, non, c'est juste Garage Central, le reste on l'a "
            "enlevé. Vidange, pneus, freins.",
            "Garage Central",
            "Garage Central Moteurs",
        ),
        (
            "Ostéopathe à Niort, cabinet Osteo Sèvre & Santé, pardon, Ostéo Niort Santé, on a "
            "changé de nom cette année.",
            "Ostéo Niort Santé",
            "Osteo Sèvre & Santé",
        ),
    ],
)
def test_a_name_taken_back_gives_way_to_the_one_said_after(
    text: str, name: str, taken_back: str
) -> None:
    assert extract_company_name(text) == name
    assert taken_back not in {c.text for c in company_name_candidates(text)}


def test_a_name_spelled_letter_by_letter_is_not_a_second_name() -> None:
    text = (
        "Oui alors, on est une agence immobilière à Bayonne, euh, Etxea Immobilier, "
        "E-T-X-E-A, c'est basque. On fait surtout de la location."
    )
    names = [c.text for c in company_name_candidates(text)]
    assert "E-T-X-E-A" not in names
    assert extract_company_name(text) != "E-T-X-E-A"


@pytest.mark.parametrize(
    "text",
    [
        "Alors euh, moi je fais du repassage à domicile, euh, vers Vannes. J'ai pas de nom "
        "de boîte, c'est juste moi, Sandrine.",
        "slt carreleur sur nimes, pas de nom d'entreprise jsuis juste Yanis, auto entrepreneur",
    ],
)
def test_no_name_is_invented_when_the_owner_says_there_is_none(text: str) -> None:
    assert extract_company_name(text) is None


def test_an_opening_name_then_its_town_then_the_sentence() -> None:
    text = "Serrurerie Blanc & Fils a Vierzon depuis 1985. On ouvre les portes claquées."
    assert extract_company_name(text) == "Serrurerie Blanc & Fils"


@pytest.mark.parametrize(
    ("text", "name"),
    [
        (
            "slt coiffeuse a rodez, mon salon c'est bella coiffure, ouvert du mardi au samedi",
            "Bella Coiffure",
        ),
        ("mon resto c chez momo, kebab a lille", "Chez Momo"),
    ],
)
def test_a_lower_case_name_after_my_shop_is(text: str, name: str) -> None:
    assert extract_company_name(text) == name


@pytest.mark.parametrize(
    "text", ["mon garage c'est plutôt les utilitaires", "mon atelier c'est au fond de la cour"]
)
def test_a_sentence_after_my_shop_is_no_name(text: str) -> None:
    assert extract_company_name(text) is None


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("slt bar tabac le Narval a sete, on fait aussi pmu", "Le Narval"),
        (
            "L'épicerie fine Les Saveurs d'Antan, à Riom, propose des produits locaux.",
            "Les Saveurs d'Antan",
        ),
    ],
)
def test_a_name_led_by_its_article_after_the_trade(text: str, name: str) -> None:
    assert extract_company_name(text) == name


def test_a_day_after_the_trade_is_no_name() -> None:
    assert extract_company_name("je suis plombier le Lundi matin, à Vannes") is None


def test_an_ellipsis_ends_the_name_taken_back_and_an_opening_word_is_no_part() -> None:
    from allokoli.understanding.names import extract_company_name

    said = (
        "Je suis barbier à Metz, le salon c'est Le Coupe-Chou… non attendez, on a changé de "
        "nom en janvier, c'est Barbe & Bacchantes maintenant."
    )
    assert extract_company_name(said) == "Barbe & Bacchantes"
    assert extract_company_name("Alors Les Bains de Jade, c'est un spa à Vichy") == (
        "Les Bains de Jade"
    )
    assert extract_company_name("Bon Appétit, restaurant à Lyon") == "Bon Appétit"


@pytest.mark.parametrize(
    ("text", "name", "taken_back"),
    [
        (
            "Je suis fromager à Dole, La Cloche Fromagère. Enfin non, c'est plus ça, on a "
            "repris sous le nom Crèmerie Jurassienne l'an dernier.",
            "Crèmerie Jurassienne",
            "La Cloche Fromagère",
        ),
        (
            "Serrurerie à Brest, Clé Express — enfin, c'était le nom de l'ancien gérant, "
            "maintenant c'est Serrurerie du Quai.",
            "Serrurerie du Quai",
            "Clé Express",
        ),
        (
            "Librairie à Vannes, Les Pages Bleues : romans, BD, jeunesse... Ah, et il faut dire "
            "Pages Bleues, sans le « Les », c'est ce qui est sur la vitrine.",
            "Pages Bleues",
            "Les Pages Bleues",
        ),
        (
            "Menuiserie Caron à Redon, escaliers et placards. Enfin, c'est Menuiserie Caron & "
            "Fils maintenant que mon fils a rejoint l'affaire.",
            "Menuiserie Caron & Fils",
            "Menuiserie Caron",
        ),
    ],
)
def test_a_name_changed_a_sentence_later_gives_way_to_the_new_one(
    text: str, name: str, taken_back: str
) -> None:
    assert extract_company_name(text) == name
    assert taken_back not in {c.text for c in company_name_candidates(text)}


@pytest.mark.parametrize(
    ("text", "name"),
    [
        # a place, a correction that names no business, a person: the first name stays
        ("Ostéopathe Morel à Caen, enfin à côté, l'adresse c'est Hérouville.", "Ostéopathe Morel"),
        ("Garage Dupont à Lyon. En fait c'est Renault qu'on répare surtout.", "Garage Dupont"),
        ("Boulangerie Martin à Caen. Non, c'est Paul qui fait le pain.", "Boulangerie Martin"),
    ],
)
def test_a_later_c_est_that_names_no_business_changes_nothing(text: str, name: str) -> None:
    assert extract_company_name(text) == name
