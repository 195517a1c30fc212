"""No company name is invented from a description that states none, on examples written for this
test (none from a data set). The lower-case shapes (:mod:`allokoli.understanding.lower_names`)
read a name typed in SMS style; they must not read one from:

- words typed without their accents (« electriques », « fraiches »: dictionary words all the
  same);
- a writer who spells names with capitals (« …, à Valence »): lower-case words are then words;
- « chez » and a plain word (« chez client »): where the work is done, not whose place it is;
- « les » and plain words after the shop word: what it sells;
- « des » and people (« des familles »): whom it serves;
- a borrowed word near the shop word in the vector space (« bar lounge »): the kind of shop;
- an acronym before the trade (« vtc chauffeur »), « n'hesitez », « jsuis »;
- « la pose de carrelage »: what is done, of what.

Names typed in lower case that the shapes are there for are still read."""

from __future__ import annotations

import pytest

from allokoli.understanding.lower_names import lower_case_names
from allokoli.understanding.names import _is_city, _trade_words, extract_company_name


@pytest.mark.parametrize(
    "text",
    [
        # accents left out: plain words, not a coined name
        "reparation trottinettes a dijon, pneus, freins, trottinettes electriques",
        "fromager sur les marches de caen, raclette, tomme, cremes fraiches",
        "menuisier a rodez, escaliers, portes, interieur exterieur",
        # « chez » and a plain word: where the work is done
        "repassage chez client, menage, vitres, on intervient sur reims",
        "soutien scolaire a domicile chez l eleve, maths francais, sur angers",
        # « les » and plain words after the shop word: what it sells
        "boucherie les viandes fermieres, volailles, a besancon",
        # a time after the article
        "brasserie le week end on fait des moules frites, a lille",
        # whom it serves, a vague place
        "restaurant des enfants a nancy, anniversaires, menus",
        "garage de la zone artisanale a laval, pneus, vidange",
        "epicerie du centre ville a vichy, ouverte tard",
        # a borrowed word near the shop word: the kind of shop
        "restaurant bistronomique a nantes, menu du marche le midi",
        "bar lounge a toulon, cocktails, chicha, ouvert tard",
        # an acronym or a kind of the trade before it
        "vtc chauffeur sur toulouse, aeroport, gares",
        # an elision, « je suis » typed short
        "n'hesitez pas, electricien dispo sur tout le 33",
        "bjr jsuis carreleur a metz, faience, chapes",
        # what is done, of what
        "la pose de parquet, parqueteur sur rennes, ponçage, vitrification",
    ],
)
def test_no_name_invented_from_lower_case_words(text: str) -> None:
    assert extract_company_name(text) is None


@pytest.mark.parametrize(
    "text",
    [
        # capitals on the town: lower-case words after the trade are words
        "Brocante à Valence, luminaires vintage, on vide aussi les greniers.",
        "Club de karaté à Reims, cours kids adultes, compétitions.",
        "Agence de com à Nantes, sites web, réseaux sociaux.",
        "Disquaire à Caen, vinyles indé et occasions.",
    ],
)
def test_lower_case_shapes_silent_when_the_writer_uses_capitals(text: str) -> None:
    assert lower_case_names(text, _trade_words(), _is_city) == []
    assert extract_company_name(text) is None


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("boulangerie le pain dore a vannes, baguettes, viennoiseries", "Le Pain Dore"),
        ("bar tabac le galion a lorient, loto, colis", "Le Galion"),
        ("friterie chez titi a arras, frites, fricadelle", "Chez Titi"),
        # the kind of place after the name may be read as part of the sign
        ("ns c chez mamie snack a douai, paninis", "Chez Mamie|Chez Mamie Snack"),
        ("sarl renovbat maconnerie a pau, extensions", "Renovbat|Renovbat Maconnerie"),
        ("kebab le sultan a roubaix, tacos, burgers", "Le Sultan"),
        ("pharmacie de la halle a nevers, ouverte le samedi", "Pharmacie de la Halle"),
        # a town typed with its capital, the name still in lower case (autocapitalised SMS)
        ("creperie a Dinan la morgane, galettes, cidre", "La Morgane"),
    ],
)
def test_lower_case_names_still_read(text: str, name: str) -> None:
    found = extract_company_name(text)
    assert found is not None
    assert found.lower() in name.lower().split("|")
