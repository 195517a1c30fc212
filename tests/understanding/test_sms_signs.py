"""SMS descriptions: the apostrophes SMS leaves out are put back, and a sign typed in lower case
right after the town (« laser game a tourcoing, lazer zone. ») is the business's name."""

from __future__ import annotations

import pytest

from allokoli.understanding.from_text import profile_from_text
from allokoli.understanding.names import company_name_candidates
from allokoli.understanding.speech import restore_elisions


@pytest.mark.parametrize(
    ("typed", "meant"),
    [
        ("ma boite cest placo pro 33", "ma boite c'est placo pro 33"),
        ("jai besoin dun truc", "j'ai besoin d'un truc"),
        ("lautorisation parentale", "l'autorisation parentale"),
        ("comites dentreprise", "comites d'entreprise"),
        ("quil prenne les rdv", "qu'il prenne les rdv"),
        ("ca sappelle la bonne pate", "ca s'appelle la bonne pate"),
        ("Cest Lucas, jhabite a Laval", "C'est Lucas, j'habite a Laval"),
    ],
)
def test_an_apostrophe_left_out_is_put_back(typed: str, meant: str) -> None:
    assert restore_elisions(typed) == meant


@pytest.mark.parametrize(
    "word",
    ["sun city 59", "Laser Quest Vosges", "chez nino", "Quest & Co", "amazonie loc", "Laval",
     "garage au mans",
     "Dune", "Jaime", "sil faut",
     # a town typed in lower case, a word of its own whose rest is none
     "graphiste a lorient", "livraison sur tout laval", "toiture, démoussage, gouttières"],
)  # fmt: skip
def test_a_word_that_only_looks_glued_stays(word: str) -> None:
    assert restore_elisions(word) == word


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("bar a sourcils a grenoble, brow bar by kenza. restructuration, teinture", "brow bar by kenza"),
        ("laser game a tourcoing, lazer zone. anniv enfants, evjf", "lazer zone"),
        ("box crossfit a villeneuve sur lot, box 47. wod tous les jours, cours debutants le "
         "samedi. faut que ca prenne les resas", "box 47"),
        ("conciergerie airbnb aux sables d'olonne, conciergerie mer & sable. on gere 45 logements",
         "conciergerie mer & sable"),
        ("auberge de jeunesse en centre ville de montpellier, the hostel mtp. dortoirs",
         "the hostel mtp"),
        ("plaquiste a libourne, ma boite cest placo pro 33. cloisons placo, faux plafond",
         "placo pro 33"),
        # the sentence closing the text, led by its article or saying whose, signs it
        ("disquaire a brest, vinyles neufs et occasion, depot vente. les sillons bleus",
         "les sillons bleus"),
        ("creperie au port de paimpol, galettes, cidre. krampouezh de la baie",
         "krampouezh de la baie"),
    ],
)  # fmt: skip
def test_a_lower_case_sign_after_the_town_is_the_name(text: str, name: str) -> None:
    found = profile_from_text(text).company_name
    assert found is not None and found.lower() == name


def test_one_capital_in_a_text_of_none_marks_the_sign() -> None:
    found = profile_from_text("tabac presse a dax, on fait relais colis aussi. le Balto")
    assert found.company_name is not None and "balto" in found.company_name.lower()


@pytest.mark.parametrize(
    "text",
    [
        "fleuriste ds un petit village, bouquets + deuil + mariages. pas de site web",
        "plombier a lyon, depannage rapide. les gens adorent ca",
        "soutien scolaire a domicile, maths physique, sur Caen. jm'appelle Hugo",
    ],
)
def test_a_closing_sentence_is_no_sign(text: str) -> None:
    names = {c.text.lower() for c in company_name_candidates(text)}
    assert not names & {"pas de site web", "les gens adorent ca", "jm'appelle hugo"}
