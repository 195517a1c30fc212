"""Every French string the owner reads or hears from the configurator, in one place.

Vouvoiement throughout, short sentences (the same text is read aloud on the voice channel),
no emoji, no Markdown beyond plain "- " list lines in the recap. Placeholders use
`str.format` names; `engine.py` and `recap.py` never build French sentences of their own.
"""

from __future__ import annotations

from typing import Final

from allokoli.understanding import examples


def of_place(place: str) -> str:
    """ "le cabinet" → "du cabinet", "la pizzeria" → "de la pizzeria", "l'atelier" →
    "de l'atelier" (French contraction of « de » + article)."""
    if place.startswith("le "):
        return "du " + place[3:]
    if place.startswith("les "):
        return "des " + place[4:]
    return "de " + place


# --- Greeting and the activity question ------------------------------------------------------

GREETING: Final = (
    "Bonjour et bienvenue sur AlloKoli ! En quelques questions, je vais préparer l'assistant "
    "téléphonique qui répondra à vos clients. Vous pourrez corriger une réponse à tout moment."
)
ASK_ACTIVITY: Final = (
    "Pour commencer, présentez-moi votre entreprise en une phrase : votre métier, son nom et la "
    "ville. Par exemple : « Je suis coiffeuse à Lyon, mon salon s'appelle Belle Mèche. »"
)
ASK_ACTIVITY_SHORT: Final = "Quel est votre métier ? (plombier, pizzeria, cabinet dentaire…)"
HELP_ACTIVITY: Final = (
    "Votre métier me permet de poser les bonnes questions et de donner à l'assistant les "
    "réflexes de votre profession."
)

# --- Generic questions (the sector-specific ones come from the catalogue) ---------------------

ASK_COMPANY_NAME: Final = "Comment s'appelle votre entreprise ?"
ASK_COMPANY_NAME_CONFIRM: Final = "Votre entreprise s'appelle-t-elle « {name} » ?"
ASK_COMPANY_NAME_AGAIN: Final = (
    "Il me faut au moins le nom de votre entreprise : c'est celui que l'assistant annoncera en "
    "décrochant. Comment s'appelle-t-elle ?"
)
HELP_COMPANY_NAME: Final = (
    "C'est le nom que l'assistant annonce en décrochant : « Bonjour, vous êtes bien chez… »."
)

ASK_ADDRESS: Final = "Où se trouve {place} ? L'adresse complète, ou au moins la ville."
ASK_DELIVERY_AREA: Final = "Dans quelles communes livrez-vous ou vous déplacez-vous ?"
HELP_DELIVERY_AREA: Final = (
    "L'assistant vérifie que l'adresse du client est dans votre zone avant de prendre sa "
    "commande ou sa demande."
)
ASK_STREET: Final = "Quelle est l'adresse exacte {of_place} (numéro et rue) ?"
ASK_STREET_TOO: Final = "Et quelle est l'adresse exacte {of_place} (numéro et rue) ?"
ASK_AREA_DETAIL: Final = (
    "Jusqu'où vous déplacez-vous autour de {town} ? Citez les communes, ou une distance en "
    "kilomètres."
)
HELP_AREA_DETAIL: Final = (
    "L'assistant pourra dire précisément à un client s'il est dans votre zone."
)
ASK_HOURS_DAYS: Final = (
    "Et quels jours êtes-vous ouvert {times} ? Par exemple : « du lundi au samedi, fermé le "
    "dimanche »."
)
HELP_HOURS_DAYS: Final = (
    "L'assistant pourra dire à un client si vous êtes ouvert le jour qu'il demande."
)
#: A trade that goes to its clients: where it starts from, asked with its zone.
ASK_BASE_TOO: Final = "Et d'où partez-vous : votre adresse, ou au moins votre ville ?"
#: A trade outside the catalogue: whether clients come in or the owner goes to them is unknown.
ASK_AREA_TOO: Final = "Et si vous vous déplacez chez vos clients, dans quelles communes ?"
HELP_ADDRESS: Final = (
    "L'assistant pourra indiquer l'adresse aux clients qui veulent venir vous voir."
)

ASK_SERVICES: Final = "Quelles sont vos principales prestations, et à quels prix ?"
ASK_CONTACT: Final = (
    "Avez-vous une adresse e-mail ou un site internet que l'assistant peut donner aux clients ?"
)
HELP_CONTACT: Final = (
    "L'assistant les donnera aux clients qui veulent vous écrire ou voir vos réalisations. Par "
    "exemple : « contact@mon-salon.fr » ou « www.mon-salon.fr »."
)
ASK_CANCELLATION: Final = (
    "Si un client doit annuler ou décaler, que doit-il savoir (délai pour prévenir, acompte) ?"
)
HELP_CANCELLATION: Final = (
    "L'assistant répétera exactement vos conditions ; sans réponse, il prendra un message. Par "
    "exemple : « prévenir 24 h avant, sinon le rendez-vous est dû »."
)
ASK_BOOKING: Final = (
    "Combien de temps dure un rendez-vous en général, et faut-il réserver un délai à l'avance ?"
)
ASK_BOOKING_RESTAURANT: Final = (
    "Combien de couverts pouvez-vous prendre par service, et jusqu'à quand peut-on réserver ?"
)
HELP_BOOKING: Final = (
    "Ce sera le point de départ de votre agenda si vous activez la prise de rendez-vous (vous "
    "pourrez tout changer). Par exemple : « 30 minutes, au moins 2 h à l'avance »."
)
HELP_BOOKING_RESTAURANT: Final = (
    "Ce sera le point de départ de votre agenda si vous activez les réservations (vous pourrez "
    "tout changer). Par exemple : « 40 couverts, jusqu'à la veille »."
)
HELP_SERVICES: Final = (
    "L'assistant pourra indiquer vos tarifs aux clients qui appellent pour un prix. Par "
    "exemple : « consultation 50 €, 30 minutes »."
)

ASK_TASKS: Final = "Que doit faire votre assistant quand il décroche ? Par exemple : {examples}."
ASK_TASKS_WITH_TRANSFER: Final = (
    "Que doit faire votre assistant quand il décroche ? Par exemple : {examples}. "
    "S'il doit vous transférer les urgences, donnez-moi aussi le numéro."
)
ASK_TASKS_WITH_NUMBER: Final = (
    "Que doit faire votre assistant quand il décroche ? Par exemple : {examples}. "
    "S'il doit vous passer certains appels, donnez-moi aussi le numéro."
)
HELP_TASKS: Final = (
    "Ce sont les missions de l'assistant au téléphone. Il peut répondre aux questions "
    "courantes, prendre des messages, noter des demandes de rendez-vous ou de réservation, "
    "prendre des commandes, recueillir des demandes de devis et vous passer les appels urgents."
)

ASK_TRANSFER_NUMBER: Final = (
    "À quel numéro l'assistant doit-il transférer les appels urgents ? (votre portable, par "
    "exemple)"
)
ASK_TRANSFER_NUMBER_ANY: Final = (
    "Quand un appel ne peut pas attendre, l'assistant peut vous le passer en direct : à quel "
    "numéro ? (votre portable, par exemple, ou « pas de transfert »)"
)
#: Added to the question that asks for the number to pass calls to, while the owner's first
#: name is unknown: the assistant announces the call to them by it.
ASK_OWNER_NAME_TOO: Final = " Et votre prénom, pour que l'assistant vous annonce ?"
ASK_TRANSFER_CONFIRM: Final = "Dois-je transférer les appels urgents au {phone} ?"
HELP_TRANSFER_NUMBER: Final = (
    "Quand un appel est urgent, l'assistant vous le passe en direct sur ce numéro. Si vous ne "
    "décrochez pas, il prend un message."
)
ASK_TRANSFER_UNKNOWN_CONFIRM: Final = (
    "Je lis le {phone}. Je ne trouve pas ce numéro dans le plan de numérotation : pouvez-vous "
    "me confirmer que c'est bien celui-ci ?"
)
TRANSFER_TO_CHECK: Final = " (numéro à vérifier : il ne figure pas dans le plan de numérotation)"
TRANSFER_UNREADABLE: Final = (
    "Je n'arrive pas à lire ce numéro : je le laisse de côté, vous pourrez l'ajouter plus tard. "
    "En attendant, l'assistant prendra un message pour les urgences."
)
ASK_TRANSFER_NUMBER_INVALID: Final = examples.PHONE_INCOMPLETE

ASK_TONE: Final = (
    "Comment votre assistant doit-il parler à vos clients : en les vouvoyant ou en les "
    "tutoyant ? Et sur un ton plutôt formel ou chaleureux ?"
)
HELP_TONE: Final = (
    "Le vouvoiement, c'est dire « vous » aux clients ; le tutoiement, c'est dire « tu ». Le ton "
    "formel est sobre et professionnel, le ton chaleureux plus souriant et convivial."
)
ASK_VOICE: Final = "Préférez-vous une voix féminine ou masculine ?"
HELP_VOICE: Final = (
    "C'est la voix avec laquelle l'assistant parle au téléphone. Vous pourrez l'écouter et en "
    "changer après."
)
#: The zone of a trade that travels, when the owner named the town only.
DEFAULT_ZONE: Final = "{city} et ses alentours"
FREE: Final = "gratuit"
ASK_TONE_VOICE: Final = (
    "Dernière question : votre assistant doit-il vouvoyer ou tutoyer vos clients, et "
    "préférez-vous une voix féminine ou masculine ?"
)

ASK_SECTOR: Final = "Pour bien préparer votre assistant : êtes-vous plutôt {options} ?"
ASK_SECTOR_CONFIRM: Final = (
    "Pour bien préparer votre assistant : votre activité, c'est bien « {label} » ?"
)
HELP_SECTOR: Final = HELP_ACTIVITY
SECTOR_OTHER_CHIP: Final = "Autre activité"
SECTOR_THANKS: Final = "Merci pour la précision."

ASK_SPECIALTIES_FALLBACK: Final = "Quelles sont vos spécialités ?"

#: Short examples shown when a question is asked again.
HINTS: Final = examples.HINTS
#: What is still missing when the configurator moves on without an answer.
MISSING: Final[dict[str, str]] = {
    "opening_hours": "vos horaires",
    "address": "l'adresse",
    "service_area": "votre zone d'intervention",
    "services": "vos prestations et vos tarifs",
    "specialties": "vos domaines",
    "owner_name": "votre nom",
    "email": "votre adresse e-mail",
    "website": "votre site",
    "business_phone": "le numéro de l'entreprise",
    "tone": "le ton",
    "voice_gender": "la voix",
}
MOVE_ON_MISSING: Final = (
    "Je passe à la suite ; il me manque encore {items}, que vous pourrez compléter plus tard."
)

# --- Chips ------------------------------------------------------------------------------------

CHIP_SKIP: Final = "Passer"
CHIP_YES: Final = "Oui"
CHIP_NO: Final = "Non"
CHIP_ALL_TASKS: Final = "Tout cela"
CHIP_CONFIRM: Final = "Oui, c'est parfait"
CHIP_MODIFY: Final = "Modifier"
CHIPS_VOICE: Final = ("Voix féminine", "Voix masculine")
CHIPS_TONE: Final = ("Vouvoiement, ton chaleureux", "Vouvoiement, ton formel", "Tutoiement")
CHIPS_TONE_VOICE: Final = (
    "Vouvoiement, voix féminine",
    "Vouvoiement, voix masculine",
    "Tutoiement, voix féminine",
    "Tutoiement, voix masculine",
)
CHIPS_CHANGE: Final = ("Le nom", "Les horaires", "Les missions", "Le ton", "La voix")

#: Chip label per task (what the owner clicks).
TASK_CHIPS: Final[dict[str, str]] = {
    "answer_faq": "Répondre aux questions",
    "take_message": "Prendre les messages",
    "book_appointment": "Noter les rendez-vous",
    "book_appointment_restaurant": "Noter les réservations",
    "transfer_urgent": "Transférer les urgences",
    "take_order": "Prendre les commandes",
    "qualify_quote": "Recueillir les demandes de devis",
}
#: The same tasks inside a sentence (recap, examples).
TASK_PHRASES: Final[dict[str, str]] = {
    "answer_faq": "répondre aux questions courantes",
    "take_message": "prendre les messages",
    "book_appointment": "noter les demandes de rendez-vous",
    "book_appointment_restaurant": "noter les demandes de réservation",
    "transfer_urgent": "transférer les appels urgents",
    "transfer_urgent_to": "transférer les appels urgents au {phone}",
    "take_order": "prendre les commandes",
    "qualify_quote": "recueillir les demandes de devis",
}

# --- Acknowledgements -------------------------------------------------------------------------

ACK_OPENERS: Final = ("Merci !", "Parfait.", "Très bien.", "Entendu.")
ACK_NOTED: Final = "J'ai noté {items}."
ACK_CORRECTED: Final = "C'est corrigé : {items}."
ACK_NOTHING_NEW: Final = "Merci."
ACK_SKIPPED: Final = "Pas de souci, on passe : vous pourrez le compléter plus tard."
NAME_PLACEHOLDER: Final = (
    "Je note « {name} » comme nom pour l'instant : vous pourrez le changer à tout moment."
)
ACK_SKIPPED_REQUIRED: Final = (
    "Pas de souci. Sans cette information, l'assistant proposera de prendre un message ; vous "
    "pourrez la compléter plus tard depuis votre tableau de bord."
)
ACK_NO_TRANSFER: Final = (
    "Entendu, pas de transfert : l'assistant prendra un message pour les urgences."
)
ACK_DEFAULT_CHOSEN: Final = "Je vous propose {choice}, le choix le plus courant pour votre métier."
DEFAULT_TONE: Final = "le {register} sur un ton {style}"
DEFAULT_VOICE: Final = "une voix {gender}"
ACK_DEFAULT_TASKS: Final = "Je retiens les missions habituelles pour votre métier : {tasks}."
ACK_HOURS_AS_NOTE: Final = (
    "Je n'ai pas réussi à lire ces horaires précisément ; je les garde tels quels et vous "
    "pourrez les ajuster plus tard."
)

#: "J'ai noté …" labels, one per fact.
LABELS: Final[dict[str, str]] = {
    "activity": "votre activité ({value})",
    "company_name": "le nom « {value} »",
    "owner_name": "votre prénom ({value})",
    "address": "l'adresse ({value})",
    "city": "la ville ({value})",
    "business_phone": "le numéro de l'entreprise ({value})",
    "email": "l'adresse e-mail ({value})",
    "website": "le site ({value})",
    "opening_hours": "vos horaires",
    "services": "vos prestations",
    "specialties": "vos domaines ({value})",
    "service_area": "votre zone d'intervention ({value})",
    "tasks": "les missions de l'assistant",
    "transfer_number": "le numéro de transfert ({value})",
    "transfer_when": "quand transférer ({value})",
    "tone": "le ton ({value})",
    "voice_gender": "une voix {value}",
    "faq": "votre réponse",
    "policies.cancellation": "votre politique d'annulation",
    "policies.payment": "vos conditions de paiement",
    "policies.delivery": "vos conditions de livraison",
    "recording_enabled": "votre choix pour l'enregistrement des appels",
    "notes": "votre remarque",
    "booking_facts": "vos réglages de rendez-vous",
}

# --- Owner intents ----------------------------------------------------------------------------

EMPTY_INPUT: Final = "Je n'ai pas bien reçu votre réponse."
OFF_TOPIC: Final = (
    "Je suis là uniquement pour configurer votre assistant téléphonique, je ne peux pas vous "
    "aider sur ce sujet."
)
UNCLEAR: Final = "Je n'ai pas bien compris."
BACK_TO_QUESTION: Final = "Pour revenir à ma question : {question}"
RESTARTED: Final = "C'est reparti de zéro : j'ai effacé vos réponses précédentes."
RESUMED: Final = "Bon retour ! Reprenons là où nous en étions."
NOTHING_TO_CORRECT: Final = "D'accord. Que souhaitez-vous corriger exactement ?"
CORRECT_ASK: Final = "D'accord, corrigeons cela."
GREETING_BACK: Final = "Bonjour !"

# --- Answers to the owner's questions ---------------------------------------------------------

#: Short answers to "c'est quoi … ?", by term or by fact; see `replies._answer_question`.
GLOSSARY: Final[dict[str, str]] = {
    "vouvoiement": (
        "Le vouvoiement, c'est dire « vous » à vos clients (« Que puis-je faire pour vous ? »). "
        "Le tutoiement, c'est dire « tu ». La plupart des commerces vouvoient leurs clients."
    ),
    "tutoiement": (
        "Le tutoiement, c'est dire « tu » à vos clients (« Qu'est-ce que je peux faire pour "
        "toi ? »). Il convient à une clientèle jeune ou habituée ; sinon, on vouvoie."
    ),
    "transfert": (
        "Le transfert, c'est quand l'assistant vous passe l'appel en direct, sur votre portable "
        "par exemple, au lieu de prendre un message. On le réserve en général aux urgences."
    ),
    "voix": HELP_VOICE,
    "ton": (
        "Le ton, c'est la manière de parler de l'assistant : plutôt formel (sobre, "
        "professionnel) ou plutôt chaleureux (souriant, convivial)."
    ),
    "assistant": (
        "L'assistant est un standardiste virtuel : une intelligence artificielle qui décroche à "
        "votre place, répond aux questions courantes et vous transmet les messages. Il annonce "
        "toujours aux appelants qu'il est une IA."
    ),
    "cout": (
        "Cette configuration est gratuite. Ensuite, le coût dépend des minutes d'appel : une "
        "estimation mensuelle en euros vous est présentée avant toute mise en service."
    ),
    "enregistrement": (
        "Par défaut, les appels ne sont pas enregistrés. Si vous l'activez, l'assistant prévient "
        "l'appelant dès le début de l'appel."
    ),
    "devis": (
        "L'assistant peut recueillir les demandes de devis (le besoin, l'adresse, les "
        "coordonnées) pour que vous rappeliez le client."
    ),
    "zone": (
        "La zone d'intervention, c'est le secteur où vous vous déplacez : des villes, un "
        "département ou un rayon en kilomètres. L'assistant pourra dire à un client si vous "
        "intervenez chez lui."
    ),
    "faq": (
        "Ce sont les questions fréquentes de vos clients : l'assistant y répond avec vos propres "
        "réponses, sans rien inventer."
    ),
    "numero": (
        "Votre numéro actuel ne change pas. À la fin, vous obtiendrez un numéro pour "
        "l'assistant ; vous pourrez aussi y renvoyer vos appels."
    ),
    "vapi": (
        "C'est la plateforme technique qui fait fonctionner l'assistant vocal ; vous n'avez rien "
        "à y configurer."
    ),
    "horaires": (
        "L'assistant annonce vos horaires et sait dire si vous êtes ouvert au moment de l'appel."
    ),
    "missions": HELP_TASKS,
}
WHY_PREFIX: Final = "Je vous le demande pour bien configurer l'assistant : {help}"
GENERIC_HELP: Final = (
    "Je vous pose quelques questions pour préparer votre assistant téléphonique ; chaque réponse "
    "lui permet de mieux renseigner vos clients."
)

# --- Recap and end ----------------------------------------------------------------------------

RECAP_INTRO: Final = "Voici le récapitulatif de votre assistant :"
RECAP_AGAIN_INTRO: Final = "Voici le récapitulatif mis à jour :"
RECAP_QUESTION: Final = "Tout est-il correct ?"
RECAP_UNCLEAR: Final = (
    "Pour valider, répondez « oui ». Sinon, dites-moi ce qu'il faut modifier, par exemple "
    "« une voix masculine » ou « fermé le lundi »."
)
RECAP_ASK_CHANGE: Final = (
    "Que souhaitez-vous modifier ? Dites-le-moi simplement, par exemple « une voix masculine », "
    "« fermé le lundi » ou « change le nom en … »."
)
RECAP_DEFAULT_MARK: Final = " (par défaut)"
RECAP_LINES: Final[dict[str, str]] = {
    "company_name": "Entreprise : {value}",
    "sector": "Activité : {value}",
    "owner_name": "Responsable : {value}",
    "address": "Adresse : {value}",
    "business_phone": "Téléphone de l'entreprise : {value}",
    "email": "E-mail : {value}",
    "website": "Site : {value}",
    "opening_hours": "Horaires : {value}",
    "services": "Prestations : {value}",
    "specialties": "Domaines : {value}",
    "service_area": "Zone d'intervention : {value}",
    "faq": "{topic} : {value}",
    "policies.cancellation": "Annulation : {value}",
    "policies.payment": "Paiement : {value}",
    "policies.delivery": "Livraison : {value}",
    "booking_facts": "Rendez-vous : {value}",
    "tasks": "Ce que fera l'assistant : {value}",
    "transfer_when": "Transfert : {value}",
    "tone": "Ton : {value}",
    "voice_gender": "Voix : {value}",
    "recording_enabled": "Enregistrement des appels : {value}",
    "notes": "Remarques : {value}",
}
RECORDING_ON: Final = "oui"
RECORDING_OFF: Final = "non"
AND: Final = "et"
QUOTED: Final = "« {value} »"
OR: Final = "ou"
HOURS_CLOSED: Final = "fermé"
HOURS_EVERY_DAY: Final = "tous les jours"
HOURS_DAY_SPAN: Final = "du {first} au {last}"
HOURS_ON_DAY: Final = "le {day}"
TIME_H: Final = "{h} h"
TIME_HM: Final = "{h} h {m:02d}"
MIDNIGHT: Final = "minuit"
DURATION_MIN: Final = "{m} min"
#: What the transfer extractor writes for urgent calls (not repeated in the recap).
EXTRACTED_URGENT_WHEN: Final = "en cas d'urgence"
HOURS_ALWAYS: Final = "24 h/24"
HOURS_BY_APPOINTMENT: Final = "sur rendez-vous"
HOURS_ALSO_BY_APPOINTMENT: Final = "également sur rendez-vous"
HOURS_UNKNOWN_DAYS: Final = "{days} : non précisé"
PRICE_FROM: Final = "à partir de"
DONE: Final = (
    "Parfait, merci ! Je prépare maintenant votre assistant « {name} ». Dans quelques instants, "
    "vous pourrez l'essayer, le modifier si besoin, puis le mettre en service."
)
FINISH_EARLY_INTRO: Final = (
    "C'est noté, je m'arrête là. Pour ce que vous n'avez pas précisé, je garde les réglages "
    "habituels de votre métier. Voici ce que j'ai enregistré :"
)
FINAL_RECAP_INTRO: Final = "Voici ce que j'ai enregistré :"
DONE_EARLY: Final = (
    "Je prépare maintenant votre assistant « {name} ». Dans quelques instants, vous pourrez "
    "l'essayer, compléter ou modifier chacun de ces points quand vous voudrez, puis le mettre "
    "en service."
)
FINISH_NEEDS: Final = "Avant de terminer, il me faut encore {item}."
REQUIRED_ITEMS: Final[dict[str, str]] = {
    "activity": "votre métier",
    "company_name": "le nom de votre entreprise",
}
DONE_UPDATED: Final = "Votre assistant « {name} » en tiendra compte."
ALREADY_DONE: Final = (
    "Votre assistant « {name} » est déjà en préparation. Pour tout reprendre, dites "
    "« recommencer »."
)
