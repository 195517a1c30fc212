from __future__ import annotations

import pytest

from allokoli.understanding import IntentKind, detect_intent, detect_target
from allokoli.understanding.intents import (
    Finish,
    answered_part,
    closes_everything,
    detect_finish,
    without_finish,
)

CORRECTIONS: list[tuple[str, str | None]] = [
    ("en fait, je préfère une voix masculine", "voice_gender"),
    ("enfait c'est fermé le lundi", "opening_hours"),
    ("non plutôt le mardi", "opening_hours"),
    ("change le nom en Belle Mèche", "company_name"),
    ("modifiez l'adresse svp", "address"),
    ("je me suis trompé, c'est 06 12 34 56 78", "transfer_number"),
    ("finalement on ferme à 18h", "opening_hours"),
    ("pardon, c'est Chez Marco", None),
    ("oups je me suis gourée, c'est 35 € la coupe", "services"),
    ("correction : le mail c'est contact@salon.fr", "email"),
    ("au temps pour moi, on tutoie", "register"),
    ("finalement je préfère un ton plus décontracté", "style"),
    ("j'ai changé d'avis pour la zone, c'est 20 km", "service_area"),
    ("attendez, le numéro du salon c'est le 04 78 12 34 56", "business_phone"),
    ("non en fait pas d'enregistrement", "recording_enabled"),
]


@pytest.mark.parametrize(("text", "target"), CORRECTIONS)
def test_corrections(text: str, target: str | None) -> None:
    intent = detect_intent(text)
    assert intent.kind is IntentKind.CORRECTION
    assert intent.target == target


QUESTIONS: list[tuple[str, str | None, str]] = [
    ("c'est quoi le vouvoiement ?", "register", "meaning"),
    ("ça veut dire quoi ?", None, "meaning"),
    ("ca veut dire quoi tutoiement", "register", "meaning"),
    ("pourquoi vous demandez ça ?", None, "why"),
    ("pourquoi il vous faut mon numéro ?", "transfer_number", "why"),
    ("je comprends pas la question", "tasks", "meaning"),
    ("c'est quoi un transfert d'appel ?", "transfer_number", "meaning"),
    ("combien ça coûte ?", None, "cost"),
    ("comment ça marche pour la voix ?", "voice_gender", "how"),
    ("qu'est-ce que vous entendez par zone d'intervention ?", "service_area", "meaning"),
    ("est-ce que je peux mettre deux numéros ?", "business_phone", "other"),
    ("hein ?", None, "other"),
    ("?", None, "other"),
]


@pytest.mark.parametrize(("text", "target", "kind"), QUESTIONS)
def test_questions(text: str, target: str | None, kind: str) -> None:
    intent = detect_intent(text)
    assert intent.kind is IntentKind.QUESTION
    assert intent.target == target
    assert intent.question_kind == kind


def test_question_term() -> None:
    assert detect_intent("c'est quoi le vouvoiement ?").term == "vouvoiement"


@pytest.mark.parametrize(
    "text",
    [
        "je ne sais pas",
        "je sais pas",
        "jsp",
        "chais pas",
        "euh je sais pas trop",
        "aucune idée",
        "passer",
        "on passe",
        "question suivante",
        "pas pour l'instant",
        "pas pour le moment",
        "plus tard",
        "on verra",
        "je vous dirai",
        "je dois vérifier",
    ],
)
def test_skip(text: str) -> None:
    assert detect_intent(text).kind is IntentKind.SKIP


@pytest.mark.parametrize(
    "text",
    [
        "peu importe",
        "comme vous voulez",
        "ça m'est égal",
        "je vous laisse choisir",
        "choisissez pour moi",
        "pas de préférence",
    ],
)
def test_no_preference(text: str) -> None:
    assert detect_intent(text).kind is IntentKind.NO_PREFERENCE


@pytest.mark.parametrize(
    "text",
    [
        "recommencer",
        "on recommence depuis le début",
        "je veux tout recommencer",
        "on repart de zéro",
        "tout effacer",
        "Reset !",
        "Non attendez. On reprend depuis le début s'il vous plaît.",
    ],
)
def test_restart(text: str) -> None:
    assert detect_intent(text).kind is IntentKind.RESTART


@pytest.mark.parametrize(
    "text",
    [
        # a name that holds a word of starting over, a description that tells of one
        "Je suis sophrologue à Annemasse, mon cabinet c'est Mind Reset Sophrologie.",
        "Coach de vie. Mon activité s'appelle Cap Nouveau Départ, je reçois au Vésinet.",
        "On est dans le quartier depuis le début des années quatre-vingt-dix.",
        "Après vingt ans dans la banque, j'ai tout repris de zéro en ouvrant mon salon de thé à "
        "Dinan, et c'était la meilleure décision de ma vie même si on recommence chaque saison.",
    ],
)
def test_no_restart_in_a_name_or_a_story(text: str) -> None:
    assert detect_intent(text).kind is not IntentKind.RESTART


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   ",
        "...",
        "bonjour",
        "Bonjour !",
        "salut",
        "merci",
        "merci beaucoup !",
        "euh",
        "coucou ça va ?",
    ],
)
def test_empty(text: str) -> None:
    assert detect_intent(text).kind is IntentKind.EMPTY


@pytest.mark.parametrize(
    "text",
    [
        "quel temps fait-il",
        "quel temps fait-il à Lyon ?",
        "raconte-moi une blague",
        "asdfgh qsdkj",
        "qsdfqsdf",
        "tu es un robot ?",
        "qui a gagné le match hier ?",
    ],
)
def test_off_topic(text: str) -> None:
    assert detect_intent(text).kind is IntentKind.OFF_TOPIC


@pytest.mark.parametrize(
    "text",
    [
        "Pizzeria Da Marco",
        "9h-19h",
        "oui",
        "non",
        "ok",
        "du lundi au vendredi",
        "la voix d'homme c'est mieux",
        "Plomberie Krzysztof",
        "06 12 34 56 78",
        "je suis plombier à Lyon, dépannage 7j/7",
        "prendre les messages et les rendez-vous",
    ],
)
def test_answers(text: str) -> None:
    assert detect_intent(text).kind is IntentKind.ANSWER


@pytest.mark.parametrize(
    ("text", "target"),
    [
        ("la voix", "voice_gender"),
        ("les horaires", "opening_hours"),
        ("le nom", "company_name"),
        ("mon adresse", "address"),
        ("les prix", "services"),
        ("le tutoiement", "register"),
        ("rien", None),
    ],
)
def test_detect_target(text: str, target: str | None) -> None:
    assert detect_target(text) == target


# --- the owner says they are done -----------------------------------------------------------------

FINISHES: list[tuple[str, Finish]] = [
    ("c'est tout", Finish.STRONG),
    ("Bon ben c'est tout pour moi, merci !", Finish.STRONG),
    ("je valide", Finish.STRONG),
    ("Validé 👍", Finish.STRONG),
    ("allez on y va", Finish.STRONG),
    ("ok go", Finish.STRONG),
    ("rien d'autre", Finish.STRONG),
    ("c'est nickel, vous pouvez lancer l'assistant", Finish.STRONG),
    ("oui c'est bon", Finish.WEAK),
    ("c bon", Finish.WEAK),
    ("Parfait, merci beaucoup.", Finish.WEAK),
    ("ça me va très bien", Finish.WEAK),
    ("nickel merci", Finish.WEAK),
    ("c parfait", Finish.WEAK),
    ("bon ben voilà", Finish.WEAK),
    ("Tout est bon, merci pour votre aide", Finish.WEAK),
    # facts first, then a sentence or a « sinon » of its own
    ("Voix d'homme. Le reste me va.", Finish.WEAK),
    ("les messages seulement, sinon c'est parfait", Finish.WEAK),
    ("Vouvoiement s'il vous plaît. Je valide.", Finish.STRONG),
    # a subject and the verb alone, and the « configuration » as the whole validated
    ("Le récapitulatif est juste. Nous validons.", Finish.STRONG),
    ("C'est exact. Vous pouvez valider la configuration.", Finish.STRONG),
    ("Configuration validée, merci.", Finish.STRONG),
    # thanks said to the person after the validation
    ("Oui c'est très bien, merci ma belle.", Finish.WEAK),
    ("Je confirme, la configuration est correcte.", Finish.STRONG),
]


@pytest.mark.parametrize(("text", "strength"), FINISHES)
def test_finish(text: str, strength: Finish) -> None:
    assert detect_finish(text) is strength


NOT_FINISHES = [
    "oui",
    "ok",
    "d'accord",
    "merci",
    "très bien",
    "c'est pas bon",
    "ça ne me va pas du tout",
    "c'est bon ?",
    "la coupe homme c'est 18 €",
    # « c'est tout » or « ça me va » in the same breath as an answer closes that answer only
    "du mardi au samedi, c'est tout",
    "le tutoiement, ça me va",
    "les rendez-vous et c'est tout",
    "on est ouverts du lundi au vendredi, voilà",
    "voilà mes horaires : lundi 9h-18h",
    # two words validate only with a validating verb; content keeps a sentence an answer
    "très bien",
    "nous validons ensemble les menus",
    "la configuration du salon est en L",
]


@pytest.mark.parametrize("text", NOT_FINISHES)
def test_not_a_finish(text: str) -> None:
    assert detect_finish(text) is None


@pytest.mark.parametrize(
    ("text", "body"),
    [
        ("oui c'est bon", ""),
        ("C'est parfait. Merci !", ""),
        ("fermé le mercredi, sinon c'est bon", "fermé le mercredi"),
        ("Tutoiement, voix grave. Je valide, merci.", "Tutoiement, voix grave"),
        (
            "07.81.22.90.14 pour les urgences. Pour le reste ça me va",
            "07.81.22.90.14 pour les urgences",
        ),
    ],
)
def test_without_finish_keeps_what_comes_before_the_validation(text: str, body: str) -> None:
    assert without_finish(text) == body


@pytest.mark.parametrize(
    ("text", "answer"),
    [
        (
            "vouvoyer ou tutoyer ? tu plutôt. voix d'homme. 06 44 55 66 77",
            "tu plutôt. voix d'homme. 06 44 55 66 77",
        ),
        ("le nom ? Garage des Tilleuls", "Garage des Tilleuls"),
    ],
)
def test_a_question_the_owner_answers_at_once_is_an_answer(text: str, answer: str) -> None:
    assert answered_part(text) == answer
    assert detect_intent(text).kind is IntentKind.ANSWER


@pytest.mark.parametrize(
    "text", ["c'est quoi le registre ? je comprends pas", "combien ça coûte ? merci", "pourquoi ?"]
)
def test_a_real_question_stays_a_question(text: str) -> None:
    assert answered_part(text) == text
    assert detect_intent(text).kind is IntentKind.QUESTION


@pytest.mark.parametrize(
    "text",
    [
        "Le code postal c'est 74000. Voilà, je crois que j'ai tout dit, c'est bon pour moi.",
        "Oui c'est ça, vous avez tout, merci beaucoup.",
        "ca roule on valide",
        "Impeccable, allez-y.",
        "C'est parfait, allez-y, créez-le.",
        "Oui, c'est parfait, merci. Au revoir.",
        "Super, merci beaucoup, c'est top.",
        "Tout est bon, vous pouvez le mettre en service.",
        "Oui, c'est bon, j'ai rien à ajouter.",
        "top merci c valide",
        "D'accord, on part là-dessus.",
    ],
)
def test_more_ways_to_say_it_is_done(text: str) -> None:
    assert detect_finish(text) is not None


@pytest.mark.parametrize(
    ("text", "everything"),
    [
        ("oui c'est parfait, merci", True),
        ("tout est bon", True),
        ("le reste me va", True),
        ("c'est parfait pour moi", True),
        ("oui c'est ça", False),
        ("exactement", False),
        ("le lundi c'est bon", False),
    ],
)
def test_a_validation_of_everything_is_told_from_a_yes(text: str, everything: bool) -> None:
    assert closes_everything(text) is everything
