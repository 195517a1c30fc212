from __future__ import annotations

import pytest

from allokoli.understanding import IntentKind, detect_intent, detect_target

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
    ],
)
def test_restart(text: str) -> None:
    assert detect_intent(text).kind is IntentKind.RESTART


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
