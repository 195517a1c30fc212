"""French material for demo data: names, places, and call scenarios per business family.

Kept as data so that the generator stays a loop. Placeholders are filled by `seed.py`:
{company}, {owner}, {name}, {phone}, {day}, {time}, {party}, {service}, {topic}, {answer},
{reason}, {urgent}, {hours}.
"""

from __future__ import annotations

FIRST_NAMES = (
    "Camille",
    "Léa",
    "Manon",
    "Chloé",
    "Inès",
    "Sarah",
    "Julie",
    "Emma",
    "Nathalie",
    "Sophie",
    "Isabelle",
    "Claire",
    "Lucas",
    "Hugo",
    "Louis",
    "Thomas",
    "Nicolas",
    "Julien",
    "Antoine",
    "Mehdi",
    "Karim",
    "Pierre",
    "Jean",
    "Michel",
    "Philippe",
    "Olivier",
    "Éric",
    "Yann",
    "Paul",
)
LAST_NAMES = (
    "Martin",
    "Bernard",
    "Dubois",
    "Thomas",
    "Robert",
    "Richard",
    "Petit",
    "Durand",
    "Leroy",
    "Moreau",
    "Simon",
    "Laurent",
    "Lefebvre",
    "Michel",
    "Garcia",
    "David",
    "Bertrand",
    "Roux",
    "Vincent",
    "Fournier",
    "Morel",
    "Girard",
    "Bonnet",
    "Dupont",
    "Lambert",
    "Fontaine",
    "Rousseau",
    "Benali",
    "Nguyen",
    "Mercier",
    "Blanc",
    "Guerin",
    "Faure",
    "Chevalier",
    "Da Silva",
)
CITIES = (
    ("Lyon", "69003"),
    ("Nantes", "44000"),
    ("Bordeaux", "33000"),
    ("Lille", "59000"),
    ("Toulouse", "31000"),
    ("Marseille", "13006"),
    ("Rennes", "35000"),
    ("Strasbourg", "67000"),
    ("Montpellier", "34000"),
    ("Grenoble", "38000"),
    ("Dijon", "21000"),
    ("Angers", "49000"),
    ("Tours", "37000"),
    ("Reims", "51100"),
    ("Annecy", "74000"),
    ("Paris", "75011"),
)
STREETS = (
    "rue de la République",
    "avenue Jean-Jaurès",
    "rue Victor-Hugo",
    "place du Marché",
    "boulevard Gambetta",
    "rue Nationale",
    "rue des Lilas",
    "avenue de la Gare",
)
DAYS = ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi")
TIMES = ("9 h", "10 h", "10 h 30", "11 h", "14 h", "15 h 30", "17 h", "18 h", "19 h 30", "20 h")

#: Opening hours per family: (weekdays, [(start, end), …]); other days closed.
HOURS = {
    "restauration": (
        ("mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"),
        [("11:30", "14:30"), ("18:30", "22:30")],
    ),
    "beaute": (("mardi", "mercredi", "jeudi", "vendredi", "samedi"), [("09:00", "19:00")]),
    "artisans": (
        ("lundi", "mardi", "mercredi", "jeudi", "vendredi"),
        [("08:00", "12:00"), ("13:30", "18:00")],
    ),
    "sante": (
        ("lundi", "mardi", "mercredi", "jeudi", "vendredi"),
        [("08:30", "12:30"), ("14:00", "19:00")],
    ),
    "commerce": (
        ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi"),
        [("09:30", "19:00")],
    ),
}
DEFAULT_HOURS = (
    ("lundi", "mardi", "mercredi", "jeudi", "vendredi"),
    [("09:00", "12:00"), ("14:00", "18:00")],
)

#: Per family: what callers ask for, ask about, and leave messages about.
TOPICS: dict[str, dict[str, tuple[str, ...]]] = {
    "restauration": {
        "service": (
            "une table pour {party} personnes",
            "une réservation pour {party}",
            "une commande à emporter",
        ),
        "topic": ("les plats sans gluten", "le menu du jour", "la terrasse", "le parking"),
        "answer": (
            "nous proposons plusieurs plats sans gluten, indiqués sur la carte",
            "le menu du jour est à 16 euros 50, entrée, plat et dessert",
            "la terrasse est ouverte dès qu'il fait beau",
            "un parking gratuit est juste à côté",
        ),
        "reason": (
            "une privatisation de la salle",
            "un objet oublié",
            "une facture",
            "un avis sur le repas",
        ),
        "urgent": (),
    },
    "beaute": {
        "service": ("une coupe", "une couleur", "un brushing", "un soin du visage"),
        "topic": ("le prix d'une coupe homme", "les cartes cadeaux", "les produits bio"),
        "answer": (
            "une coupe homme coûte 24 euros",
            "les cartes cadeaux sont en vente au salon",
            "nous utilisons une gamme de produits bio",
        ),
        "reason": ("un rendez-vous à décaler", "un produit à commander", "une réclamation"),
        "urgent": (),
    },
    "artisans": {
        "service": ("un devis pour une salle de bain", "une intervention", "un entretien annuel"),
        "topic": ("la zone d'intervention", "le tarif du déplacement", "les délais"),
        "answer": (
            "nous intervenons dans toute la métropole",
            "le déplacement est facturé 45 euros",
            "comptez une semaine pour un devis",
        ),
        "reason": ("un devis en attente", "une facture", "un chantier à planifier"),
        "urgent": ("une fuite d'eau importante", "plus de chauffage", "une porte bloquée"),
    },
    "sante": {
        "service": ("un rendez-vous", "une consultation", "un premier rendez-vous"),
        "topic": ("les horaires du cabinet", "le tiers payant", "l'accès handicapé"),
        "answer": (
            "le cabinet est ouvert du lundi au vendredi",
            "le cabinet pratique le tiers payant",
            "le cabinet est accessible en fauteuil",
        ),
        "reason": (
            "un résultat d'analyse à transmettre",
            "un rendez-vous à annuler",
            "une ordonnance à renouveler",
        ),
        "urgent": ("une douleur très forte",),
    },
}
DEFAULT_TOPICS = {
    "service": ("un rendez-vous", "un devis", "des renseignements"),
    "topic": ("les tarifs", "les délais", "l'adresse"),
    "answer": (
        "les tarifs sont indiqués sur notre site",
        "comptez quelques jours",
        "nous sommes en centre-ville, près de la gare",
    ),
    "reason": ("une facture", "une commande", "un dossier en cours"),
    "urgent": (),
}

GREETING = "Bonjour, {company}, je suis l'assistant virtuel. Que puis-je faire pour vous ?"

#: (scenario, weight, ended reason, turns, summary). Turns: ("AI" | "User", text).
SCENARIOS: tuple[tuple[str, int, str, tuple[tuple[str, str], ...], str], ...] = (
    (
        "hours",
        24,
        "customer-ended-call",
        (
            ("User", "Bonjour, vous êtes ouverts {day} ?"),
            ("AI", "Oui, le {day}, c'est ouvert {hours}."),
            ("User", "Parfait, merci beaucoup."),
            ("AI", "Avec plaisir, bonne journée !"),
        ),
        "L'appelant a demandé les horaires du {day} ; l'assistant les lui a donnés.",
    ),
    (
        "question",
        20,
        "customer-ended-call",
        (
            ("User", "Bonjour, je voulais me renseigner sur {topic}."),
            ("AI", "Bien sûr : {answer}."),
            ("User", "D'accord, c'est noté. Merci."),
            ("AI", "Je vous en prie. Bonne journée !"),
        ),
        "L'appelant s'est renseigné sur {topic} ; l'assistant a répondu.",
    ),
    (
        "message",
        20,
        "assistant-ended-call",
        (
            ("User", "Bonjour, je voudrais parler à {owner}, s'il vous plaît."),
            ("AI", "{owner} n'est pas disponible pour le moment. Voulez-vous laisser un message ?"),
            (
                "User",
                "Oui, c'est {name}. Pouvez-vous me rappeler au {phone} ? "
                "C'est au sujet de {reason}.",
            ),
            (
                "AI",
                "C'est noté : {name}, au {phone}, au sujet de {reason}. "
                "Vous serez rappelé rapidement.",
            ),
            ("User", "Merci, au revoir."),
            ("AI", "Au revoir et bonne journée !"),
        ),
        "{name} a laissé un message pour {owner} au sujet de {reason} et demande à être rappelé.",
    ),
    (
        "appointment",
        20,
        "assistant-ended-call",
        (
            ("User", "Bonjour, je voudrais {service} pour {day} vers {time}."),
            (
                "AI",
                "Je transmets votre demande. À quel nom, et à quel numéro peut-on vous rappeler ?",
            ),
            ("User", "{name}, au {phone}."),
            (
                "AI",
                "Merci {name}. Votre demande pour {day} vers {time} est transmise ; "
                "on vous rappelle pour la confirmer.",
            ),
            ("User", "Très bien, merci."),
            ("AI", "Avec plaisir, à bientôt !"),
        ),
        "{name} demande {service} pour {day} vers {time} ; demande transmise, rappel à prévoir.",
    ),
    (
        "urgent",
        5,
        "assistant-forwarded-call",
        (
            ("User", "Bonjour, c'est urgent, j'ai {urgent}."),
            ("AI", "Je comprends. Je vous mets en relation tout de suite, ne quittez pas."),
        ),
        "Appel urgent ({urgent}) : l'assistant a transféré l'appel.",
    ),
    (
        "wrong",
        5,
        "customer-ended-call",
        (
            ("User", "Ah pardon, je me suis trompé de numéro."),
            ("AI", "Ce n'est rien, bonne journée !"),
        ),
        "Erreur de numéro.",
    ),
    (
        "silence",
        4,
        "silence-timed-out",
        (
            ("AI", "Vous êtes toujours là ? Je n'entends rien."),
            ("AI", "Je raccroche faute de réponse. N'hésitez pas à rappeler."),
        ),
        "Aucune réponse de l'appelant ; appel terminé après un silence prolongé.",
    ),
    (
        "error",
        2,
        "pipeline-error-openai-llm-failed",
        (("User", "Bonjour, je voudrais un renseignement."),),
        "Appel interrompu par une erreur technique.",
    ),
)
