from __future__ import annotations

import pytest

from allokoli.domain.profile import Address, Register, Style, Task, VoiceGender
from allokoli.understanding import (
    classify_phones,
    extract_address,
    extract_company_name,
    extract_district,
    extract_email,
    extract_owner_name,
    extract_recording_consent,
    extract_register,
    extract_service_area,
    extract_style,
    extract_tasks,
    extract_transfer,
    extract_voice_gender,
    extract_website,
)

# --- company name ---------------------------------------------------------------------------

COMPANY_CASES: list[tuple[str, bool, str | None]] = [
    ("la Pizzeria Da Marco à Lyon 3e", False, "Pizzeria Da Marco"),
    ("pizzeria da marco", False, "Pizzeria Da Marco"),
    ("le salon s'appelle Belle Mèche", False, "Belle Mèche"),
    ("mon salon s'appelle « Belle Mèche »", False, "Belle Mèche"),
    ("ça s'appelle Le Petit Zinc", False, "Le Petit Zinc"),
    ("ca s appelle la bonne pâte", False, "La Bonne Pâte"),
    ("sa s'appelle O'Tacos du Centre", False, "O'Tacos du Centre"),
    ("Alors euh ça s'appelle « L'Atelier du Cheveu »", False, "L'Atelier du Cheveu"),
    ("nom : Garage Dupont", False, "Garage Dupont"),
    ("Nom de l'entreprise : Elec Services 69", False, "Elec Services 69"),
    ("le nom c'est Coiff'Style", False, "Coiff'Style"),
    ("Le nom de mon entreprise est Elec Pro 69", False, "Elec Pro 69"),
    ("mon restaurant c'est Le Gourmet", False, "Le Gourmet"),
    ("on s'appelle les Délices de Julie", False, "Les Délices de Julie"),
    ("je suis Marc de l'entreprise Plomberie Martin", False, "Plomberie Martin"),
    ("Bonjour, ici Karim de Serrurerie Express", False, "Serrurerie Express"),
    (
        "Bonjour, je suis Sophie, j'ai un salon de coiffure qui s'appelle Belle Mèche à Lyon",
        False,
        "Belle Mèche",
    ),
    ("alors le salon c'est Hair Studio et on est à Nantes", False, "Hair Studio"),
    ("c'est la boulangerie Martin, rue de la Paix", False, "Boulangerie Martin"),
    ("Institut Beauté Divine à Nice", False, "Institut Beauté Divine"),
    ("on est le Garage des Alpes", False, "Garage des Alpes"),
    ("c'est chez Marco", False, "Chez Marco"),
    # bare answers when the question was the name
    ("Chez Marco", True, "Chez Marco"),
    ("chez marco", True, "Chez Marco"),
    ("belle mèche", True, "Belle Mèche"),
    ("Plomberie Dupont", True, "Plomberie Dupont"),
    ("Coiff & Co", True, "Coiff & Co"),
    ("c'est Le Bistrot d'Antoine", True, "Le Bistrot d'Antoine"),
    ("euh... Garage Martin", True, "Garage Martin"),
    ("ça s'appelle Studio Zen.", True, "Studio Zen"),
    ("L'Atelier", True, "L'Atelier"),
    ("Dr Martin", True, "Dr Martin"),
    # nothing to take
    ("je suis plombier à Lyon", False, None),
    ("je travaille chez moi", False, None),
    ("c'est chez moi", True, None),
    ("oui", True, None),
    ("je ne sais pas", True, None),
    ("bonjour", True, None),
    ("c'est quoi le nom ?", True, None),
    ("on fait des pizzas au feu de bois depuis 1998", False, None),
]


@pytest.mark.parametrize(("text", "expecting", "name"), COMPANY_CASES)
def test_company_name(text: str, expecting: bool, name: str | None) -> None:
    assert extract_company_name(text, expecting) == name


OWNER_CASES: list[tuple[str, bool, str | None]] = [
    ("je m'appelle Marc", False, "Marc"),
    ("je m'appelle marc dupont et j'ai un salon", False, "Marc Dupont"),
    ("Je m'apelle Sophie", False, "Sophie"),
    ("moi c'est Sophie", False, "Sophie"),
    ("mon prénom c'est Nadia", False, "Nadia"),
    ("demandez Sophie", False, "Sophie"),
    ("vous pouvez demander Julien", False, "Julien"),
    ("le patron c'est Karim", False, "Karim"),
    ("la gérante c'est Madame Durand", False, "Madame Durand"),
    ("c'est Madame Durand", False, "Madame Durand"),
    ("je suis le Docteur Martin", False, "Docteur Martin"),
    ("bonjour je suis Paul", False, "Paul"),
    ("je suis Marc de Plomberie Martin", False, "Marc"),
    ("Jean-Pierre à l'appareil", False, "Jean-Pierre"),
    ("Julie", True, "Julie"),
    ("c'est moi, Antoine", False, "Antoine"),
    ("cest moi julien lefort", False, "Julien Lefort"),
    ("c'est moi qui réponds", False, None),
    ("moi c'est Dépannage Auto Rapide 38, je suis Cédric", False, "Cédric"),
    ("je suis chasseuse immobilière, Emma, ma société c'est Home Hunt", False, "Emma"),
    ("Cordonnerie Saint-Pierre, à Poitiers. C'est Michel.", False, "Michel"),
    ("moi c'est Rose", False, "Rose"),
    ("je suis plombier", False, None),
    ("je suis à Lyon", False, None),
    ("je suis ravie", False, None),
    ("je m'appelle", False, None),
]


@pytest.mark.parametrize(("text", "expecting", "name"), OWNER_CASES)
def test_owner_name(text: str, expecting: bool, name: str | None) -> None:
    assert extract_owner_name(text, expecting=expecting) == name


# --- address -----------------------------------------------------------------------------------

ADDRESS_CASES: list[tuple[str, Address | None]] = [
    (
        "12 rue de la République, 69003 Lyon",
        Address(street="12 rue de la République", postal_code="69003", city="Lyon"),
    ),
    (
        "on est au 5 bis avenue Jean Jaurès 75019 Paris",
        Address(street="5 bis avenue Jean Jaurès", postal_code="75019", city="Paris"),
    ),
    (
        "3 place du Marché à Vannes",
        Address(street="3 place du Marché", city="Vannes"),
    ),
    (
        "On est situé 24 boulevard Gambetta à Nice",
        Address(street="24 boulevard Gambetta", city="Nice"),
    ),
    (
        "10 rue victor hugo 33000 bordeaux et je suis là tous les jours",
        Address(street="10 rue victor hugo", postal_code="33000", city="Bordeaux"),
    ),
    (
        "8 impasse des Lilas, 13008 Marseille",
        Address(street="8 impasse des Lilas", postal_code="13008", city="Marseille"),
    ),
    (
        "45 av. de la Gare 38000 Grenoble",
        Address(street="45 avenue de la Gare", postal_code="38000", city="Grenoble"),
    ),
    ("à Lyon 3e", Address(postal_code="69003", city="Lyon")),
    ("dans le centre de Paris 11ème", Address(postal_code="75011", city="Paris")),
    ("Marseille 8e", Address(postal_code="13008", city="Marseille")),
    ("je suis à st etienne", Address(city="Saint-Étienne")),
    ("on est basés à aix en provence", Address(city="Aix-en-Provence")),
    ("sur Bordeaux", Address(city="Bordeaux")),
    ("je suis installé à Villeneuve-lès-Avignon", Address(city="Villeneuve-lès-Avignon")),
    ("code postal 13008", Address(postal_code="13008", city="Marseille")),
    (
        "3 place de la Gare, 21000",
        Address(street="3 place de la Gare", postal_code="21000", city="Dijon"),
    ),
    (
        "44000 Nantes",
        Address(postal_code="44000", city="Nantes"),
    ),
    ("il y a de la place pour se garer", None),
    ("on donne des cours de cuisine", None),
    ("coupe 25 €", None),
    ("à partir de 9h", None),
]


@pytest.mark.parametrize(("text", "address"), ADDRESS_CASES)
def test_address(text: str, address: Address | None) -> None:
    assert extract_address(text) == address


@pytest.mark.parametrize(
    ("text", "district"),
    [
        ("on est quartier de la Croix-Rousse", "quartier de la Croix-Rousse"),
        ("dans le quartier Saint-Michel, à côté du marché", "quartier Saint-Michel"),
        ("rue de la Paix", None),
    ],
)
def test_district(text: str, district: str | None) -> None:
    assert extract_district(text) == district


# --- service area -------------------------------------------------------------------------------

AREA_CASES: list[tuple[str, bool, str | None]] = [
    ("dans un rayon de 30 km", False, "dans un rayon de 30 km"),
    (
        "j'interviens dans un rayon de 20 kilomètres autour de Lyon",
        False,
        "dans un rayon de 20 kilomètres autour de Lyon",
    ),
    ("Lyon et sa banlieue", False, "Lyon et sa banlieue"),
    ("tout le 69", False, "tout le 69"),
    ("on se déplace sur tout le 33", False, "tout le 33"),
    ("sur Bordeaux et alentours", False, "Bordeaux et alentours"),
    ("j'interviens sur Lyon et les communes voisines", False, "Lyon et les communes voisines"),
    ("zone d'intervention : Grenoble et 20 km autour", False, "Grenoble et 20 km autour"),
    ("je me déplace dans toute l'Île-de-France", False, "toute l'Île-de-France"),
    ("toute la région lyonnaise", False, "toute la région lyonnaise"),
    ("Nantes et environs", False, "Nantes et environs"),
    ("je suis plombier sur Toulouse et sa périphérie", False, "Toulouse et sa périphérie"),
    ("Nantes centre", True, "Nantes centre"),
    ("je travaille avec mon fils", False, None),
    ("bonjour", False, None),
    ("on est ouvert tous les jours", False, None),
]


@pytest.mark.parametrize(("text", "expecting", "area"), AREA_CASES)
def test_service_area(text: str, expecting: bool, area: str | None) -> None:
    assert extract_service_area(text, expecting=expecting) == area


# --- contact details -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "email"),
    [
        ("contact@bellemeche.fr", "contact@bellemeche.fr"),
        ("mon mail : Marc.Dupont@Gmail.com", "marc.dupont@gmail.com"),
        ("écrivez à info@pizzeria-da-marco.fr.", "info@pizzeria-da-marco.fr"),
        ("jean.dupont arobase gmail point com", "jean.dupont@gmail.com"),
        ("contact arobase salon point fr", "contact@salon.fr"),
        ("pas de mail", None),
    ],
)
def test_email(text: str, email: str | None) -> None:
    assert extract_email(text) == email


@pytest.mark.parametrize(
    ("text", "url"),
    [
        ("www.bellemeche.fr", "https://www.bellemeche.fr"),
        ("notre site : bellemeche.com", "https://bellemeche.com"),
        ("https://salon.fr/contact", "https://salon.fr/contact"),
        ("www point salon point fr", "https://www.salon.fr"),
        ("contact@bellemeche.fr", None),
        ("on ouvre à 9h.", None),
        ("pas de site", None),
    ],
)
def test_website(text: str, url: str | None) -> None:
    assert extract_website(text) == url


# --- voice, register, style ----------------------------------------------------------------

VOICE_CASES: list[tuple[str, bool, VoiceGender | None]] = [
    ("voix d'homme", False, VoiceGender.MASCULINE),
    ("une voix masculine", False, VoiceGender.MASCULINE),
    ("masculine", False, VoiceGender.MASCULINE),
    ("plutôt féminine", False, VoiceGender.FEMININE),
    ("je préfère une voix de femme", False, VoiceGender.FEMININE),
    ("une voix feminine svp", False, VoiceGender.FEMININE),
    ("pas une voix d'homme", False, VoiceGender.FEMININE),
    ("en fait je préfère une voix masculine", False, VoiceGender.MASCULINE),
    ("je voudrais qu'un homme réponde", False, VoiceGender.MASCULINE),
    ("une femme", True, VoiceGender.FEMININE),
    ("un mec", True, VoiceGender.MASCULINE),
    ("homme", True, VoiceGender.MASCULINE),
    ("femme", True, VoiceGender.FEMININE),
    ("H", True, VoiceGender.MASCULINE),
    ("f", True, VoiceGender.FEMININE),
    ("H", False, None),
    ("une femme plutôt qu'un homme", True, VoiceGender.FEMININE),
    ("plutôt un homme qu'une femme", True, VoiceGender.MASCULINE),
    ("surtout pas de voix de femme", False, VoiceGender.MASCULINE),
    ("coupe femme 35€, coupe homme 25€", False, None),
    ("salon de coiffure féminine", False, None),
    ("peu importe", True, None),
]


@pytest.mark.parametrize(("text", "expecting", "gender"), VOICE_CASES)
def test_voice_gender(text: str, expecting: bool, gender: VoiceGender | None) -> None:
    assert extract_voice_gender(text, expecting=expecting) == gender


REGISTER_CASES: list[tuple[str, bool, Register | None]] = [
    ("vouvoiement", False, Register.VOUVOIEMENT),
    ("le vouvoiement c'est mieux", False, Register.VOUVOIEMENT),
    ("il faut vouvoyer les clients", False, Register.VOUVOIEMENT),
    ("on peut tutoyer", False, Register.TUTOIEMENT),
    ("tutoiement", False, Register.TUTOIEMENT),
    ("tutoiment", False, Register.TUTOIEMENT),
    ("on tutoie nos clients", False, Register.TUTOIEMENT),
    ("pas de tutoiement", False, Register.VOUVOIEMENT),
    ("surtout pas de vouvoiement", False, Register.TUTOIEMENT),
    ("on se tutoie pas", False, Register.VOUVOIEMENT),
    ("tu", True, Register.TUTOIEMENT),
    ("vous", True, Register.VOUVOIEMENT),
    ("le vous", True, Register.VOUVOIEMENT),
    ("plutôt le tu", True, Register.TUTOIEMENT),
    ("vous pouvez me dire ce que c'est ?", False, None),
    ("je vous appelle demain", False, None),
]


@pytest.mark.parametrize(("text", "expecting", "register"), REGISTER_CASES)
def test_register(text: str, expecting: bool, register: Register | None) -> None:
    assert extract_register(text, expecting=expecting) == register


STYLE_CASES: list[tuple[str, bool, Style | None]] = [
    ("pro", True, Style.FORMEL),
    ("professionnel", True, Style.FORMEL),
    ("plutôt carré", False, Style.FORMEL),
    ("un ton formel", False, Style.FORMEL),
    ("sérieux", True, Style.FORMEL),
    ("sympa", True, Style.CHALEUREUX),
    ("chaleureux", True, Style.CHALEUREUX),
    ("un accueil chaleureux", False, Style.CHALEUREUX),
    ("je veux qu'il soit souriant et aimable", False, Style.CHALEUREUX),
    ("je veux qu'il soit dynamique", False, Style.DYNAMIQUE),
    ("énergique", True, Style.DYNAMIQUE),
    ("un ton rassurant", False, Style.RASSURANT),
    ("calme et posé", True, Style.RASSURANT),
    ("cool", True, Style.DECONTRACTE),
    ("décontracté", True, Style.DECONTRACTE),
    ("detendu", True, Style.DECONTRACTE),
    ("pas trop formel, plutôt sympa", False, Style.CHALEUREUX),
    ("une équipe jeune et dynamique", False, None),
    ("on fait de la coiffure pro", False, None),
    ("bonjour", True, None),
]


@pytest.mark.parametrize(("text", "expecting", "style"), STYLE_CASES)
def test_style(text: str, expecting: bool, style: Style | None) -> None:
    assert extract_style(text, expecting=expecting) == style


# --- tasks --------------------------------------------------------------------------------------

TASK_CASES: list[tuple[str, list[Task]]] = [
    ("prendre les messages", [Task.TAKE_MESSAGE]),
    ("qu'il prenne un message", [Task.TAKE_MESSAGE]),
    ("noter les coordonnées des clients", [Task.TAKE_MESSAGE]),
    ("prendre les rendez-vous", [Task.BOOK_APPOINTMENT]),
    ("prendre les rdv", [Task.BOOK_APPOINTMENT]),
    ("on prend les réservations", [Task.BOOK_APPOINTMENT]),
    ("gérer les résas", [Task.BOOK_APPOINTMENT]),
    ("me transférer les urgences", [Task.TRANSFER_URGENT]),
    ("si c'est urgent, me le passer", [Task.TRANSFER_URGENT]),
    ("prendre les commandes à emporter", [Task.TAKE_ORDER]),
    ("les demandes de devis", [Task.QUALIFY_QUOTE]),
    ("répondre aux questions des clients", [Task.ANSWER_FAQ]),
    ("renseigner les clients sur les horaires", [Task.ANSWER_FAQ]),
    (
        "prendre les rendez-vous et les messages, et me transférer les urgences",
        [Task.BOOK_APPOINTMENT, Task.TAKE_MESSAGE, Task.TRANSFER_URGENT],
    ),
    (
        "pas besoin de prendre les rendez-vous, juste les messages",
        [Task.TAKE_MESSAGE],
    ),
    ("uniquement sur rendez-vous", []),
    ("dépannage sur devis", []),
    ("bonjour", []),
]


@pytest.mark.parametrize(("text", "tasks"), TASK_CASES)
def test_tasks(text: str, tasks: list[Task]) -> None:
    assert extract_tasks(text) == tasks


# --- phones with a role ---------------------------------------------------------------------

ROLE_CASES: list[tuple[str, str | None, list[tuple[str, str | None]]]] = [
    ("pour les urgences appelez le 06 12 34 56 78", None, [("+33612345678", "transfer")]),
    ("transférez-moi au 06 12 34 56 78", None, [("+33612345678", "transfer")]),
    ("mon portable c'est le 06 12 34 56 78", None, [("+33612345678", "transfer")]),
    ("si besoin je suis joignable au 07 56 12 34 56", None, [("+33756123456", "transfer")]),
    ("06 12 34 56 78 en cas d'urgence", None, [("+33612345678", "transfer")]),
    ("Dépannage 7j/7 au 06 11 22 33 44", None, [("+33611223344", "transfer")]),
    ("interventions 24h/24 : 06 11 22 33 44", None, [("+33611223344", "transfer")]),
    ("en dehors des horaires appelez le 06 11 22 33 44", None, [("+33611223344", "transfer")]),
    ("vétérinaire de garde : 06 11 22 33 44", None, [("+33611223344", "transfer")]),
    (
        "le standard 01 23 45 67 89 répond 7j/7, dépannage au 06 11 22 33 44",
        None,
        [("+33123456789", "business"), ("+33611223344", "transfer")],
    ),
    ("notre numéro c'est le 04 78 12 34 56", None, [("+33478123456", "business")]),
    ("le numéro du salon : 04 78 12 34 56", None, [("+33478123456", "business")]),
    ("04 78 12 34 56", None, [("+33478123456", None)]),  # no cue: unassigned, fixed or mobile
    ("06 12 34 56 78", None, [("+33612345678", None)]),
    ("06 12 34 56 78", "transfer_number", [("+33612345678", "transfer")]),
    ("06 12 34 56 78", "business_phone", [("+33612345678", "business")]),
    (
        "le numéro du salon est le 04 78 12 34 56 et mon portable 06 12 34 56 78",
        None,
        [("+33478123456", "business"), ("+33612345678", "transfer")],
    ),
]


@pytest.mark.parametrize(("text", "expecting", "roles"), ROLE_CASES)
def test_phone_roles(text: str, expecting: str | None, roles: list[tuple[str, str | None]]) -> None:
    assert [(r.phone.e164, r.role) for r in classify_phones(text, expecting=expecting)] == roles


@pytest.mark.parametrize(
    ("text", "when"),
    [
        ("pour les urgences appelez le 06 12 34 56 78", "en cas d'urgence"),
        ("si c'est urgent transférez au 06 12 34 56 78", "en cas d'urgence"),
        (
            "si un client veut me parler, passez-le moi au 06 12 34 56 78",
            "si un client veut me parler",
        ),
        ("transférez-moi au 06 12 34 56 78", None),
    ],
)
def test_transfer_when(text: str, when: str | None) -> None:
    number, found_when = extract_transfer(text)
    assert number == "+33612345678"
    assert found_when == when


@pytest.mark.parametrize(
    ("text", "expecting", "consent"),
    [
        ("vous pouvez enregistrer les appels", False, True),
        ("j'aimerais que les appels soient enregistrés", False, True),
        ("pas d'enregistrement des appels", False, False),
        ("surtout n'enregistrez pas les conversations", False, False),
        ("oui", True, True),
        ("non surtout pas", True, False),
        ("enregistrez", True, True),
        ("il faut enregistrer le nom du client", False, None),
        ("bonjour", False, None),
    ],
)
def test_recording_consent(text: str, expecting: bool, consent: bool | None) -> None:
    assert extract_recording_consent(text, expecting=expecting) is consent
