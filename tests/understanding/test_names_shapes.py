"""Company names found from their shape and place, on examples written for this test (none from
a data set): a span shaped as a name opening the text before a lower-case description, a kind
of business then a name, the subject of a verb, « ns c » in SMS, a business bearing the owner's
name; and what is never a name (a preposition's phrase, a season, an area, a qualification)."""

from __future__ import annotations

import pytest

from allokoli.understanding.extract import extract_facts
from allokoli.understanding.names import company_name_candidates


@pytest.mark.parametrize(
    ("text", "name"),
    [
        # a name opening the text, then what the business does in lower case
        ("Plein Phare Conseil, cabinet de conseil en énergie à Brest.", "Plein Phare Conseil"),
        ("L'Écritoire, papeterie et encadrement à Bourges.", "L'Écritoire"),
        ("Répar'Vélo — réparation de vélos à domicile sur Lille.", "Répar'Vélo"),
        ("Jardin Vivant Paysage, création de jardins en Gironde.", "Jardin Vivant Paysage"),
        # a coined brand after the kind of business
        ("Épicerie Bio'Délice à Pau, vrac et produits locaux.", "Bio'Délice"),
        # the kind, what it does, then the name
        ("Salle de sport connectée Les Haltères à Metz, coaching et cardio.", "Les Haltères"),
        (
            "Secrétariat du Cabinet infirmier des Vignes, à Cognac : soins à domicile.",
            "Cabinet infirmier des Vignes",
        ),
        ("Je suis assistante à l'Étude notariale Perrin, à Vannes.", "Étude notariale Perrin"),
        # the subject of a verb in the present
        ("NovaTherm Services installe des pompes à chaleur en Alsace.", "NovaTherm Services"),
        # after « nous c'est » with the article of the sentence
        ("Nous c'est la Crêperie du Môle, à Concarneau.", "Crêperie du Môle"),
        # a practice bearing its partners' names keeps its kind
        (
            "Bonjour, Cabinet dentaire Roche et Meunier, à Épinal.",
            "Cabinet dentaire Roche et Meunier",
        ),
        # « nous c'est un gîte » is the kind; the name comes after
        ("Alors nous c'est un gîte, Gîte Les Trois Chênes, à Lodève.", "Gîte Les Trois Chênes"),
        # a village named after « s'appelle »
        ("Salon de thé à Lyon. On s'appelle Vernon.", "Vernon"),
    ],
)
def test_a_name_found_from_its_shape_and_place(text: str, name: str) -> None:
    assert extract_facts(text).company_name == name


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("restaurant libanais a lyon 7e. ns c cedre d'or, on livre le soir", "Cedre d'Or"),
        ("garage toutes marques a vierzon ns c auto relais", "Auto Relais"),
        ("toiletteur a laval, ns c Poils & Moustaches, sur rdv", "Poils & Moustaches"),
    ],
)
def test_sms_nous_c_reads_a_name_in_lower_case(text: str, name: str) -> None:
    found = extract_facts(text).company_name
    assert found is not None and found.lower() == name.lower()


@pytest.mark.parametrize(
    "text",
    [
        "coiffeuse a domicile, nous c plutot les mariages et les soirees",
        "ns c pas loin de la gare, plombier chauffagiste",
    ],
)
def test_sms_nous_c_followed_by_a_sentence_is_no_name(text: str) -> None:
    assert extract_facts(text).company_name is None


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("maçon, pas de nom d'entreprise, juste mon nom Kevin Le Bihan", "Kevin Le Bihan"),
        ("Je suis Hugo Marchal, ébéniste à Tulle, je travaille sous mon nom.", "Hugo Marchal"),
    ],
)
def test_a_business_with_no_name_but_its_owners_bears_it(text: str, name: str) -> None:
    # the business has no name of its own (the configurator then answers with the owner's)
    facts = extract_facts(text)
    assert facts.company_name is None
    assert facts.owner_name == name


def test_an_owner_introducing_themselves_names_no_business() -> None:
    facts = extract_facts("Bonjour, moi c'est Hugo, ébéniste à Tulle.")
    assert facts.company_name is None
    assert facts.owner_name == "Hugo"


@pytest.mark.parametrize(
    "text",
    [
        "Fleuriste à Niort. Pour la Fête des Mères, on prend les commandes une semaine avant.",
        "Glacier à Biarritz. Juillet-Août : ouvert tous les jours jusqu'à minuit.",
        "Ramoneur, je passe partout. Secteur Valenciennes et alentours.",
        "Électricien, entreprise labellisée RGE Qualifelec, devis gratuit.",
        "Infirmière libérale Claire Dubois, soins à domicile à Dole.",
        "Médiatrice familiale diplômée d'État, entretiens à Auxerre.",
        "Cordonnier à Agen. La boutique est fermée le Lundi et le Mardi matin.",
        "Réparation de téléphones Apple et Samsung à Albi.",
        "Chocolatier à Rodez. Pâques et Noël : commandes un mois avant.",
        "Institut de beauté à Blois. Fermé le Lundi, nocturne le jeudi.",
        "Balades à cheval en Camargue, Tour des Étangs en 2h, sur réservation.",
        "Carrossier à Laval. Débosselage, peinture, pare-brise.",
        "on est trois couvreurs a lens, urgence toiture. Secteur Lens Liévin",
    ],
)
def test_never_a_name(text: str) -> None:
    assert extract_facts(text).company_name is None


def test_a_name_cut_short_beside_a_longer_one_is_weighed_down() -> None:
    candidates = company_name_candidates("Institut de beauté L'Heure pour Moi à Laval.")
    assert candidates and candidates[0].text == "L'Heure pour Moi"


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("serrurier dépannage 24/24 sur tout le 93. ent Clé Minute 93 a Bobigny", "Clé Minute 93"),
        (
            "reparation de telephones et tablettes a albi, on fait aussi les pc. repar'tout",
            "repar'tout",
        ),
        ("Salle de danse de salon Le Tango Bleu a Nîmes, cours le soir.", "Le Tango Bleu"),
    ],
)
def test_a_name_marked_by_its_own_capitals_or_coined_in_a_lower_case_text(
    text: str, name: str
) -> None:
    assert extract_facts(text).company_name == name
