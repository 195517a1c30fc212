"""Everything the sandbox receptionist says, in one place: (vouvoiement, tutoiement) pairs.

Facts about the business use "nous" in both registers; only what addresses the caller changes.
"""

from __future__ import annotations

from allokoli.sandbox.intents import Intent

__all__ = ["INFO_INTENTS", "PHRASES", "TOPIC_LABELS"]

PHRASES: dict[str, tuple[str, str]] = {
    "greeting": (
        "Bonjour, vous êtes bien {at_company}. Je suis l'assistant virtuel : "
        "comment puis-je vous aider ?",
        "Salut, tu es bien {at_company}. Je suis l'assistant virtuel : comment je peux t'aider ?",
    ),
    "hello": (
        "Bonjour ! Que puis-je faire pour vous ?",
        "Salut ! Qu'est-ce que je peux faire pour toi ?",
    ),
    "anything_else": (
        "Puis-je faire autre chose pour vous ?",
        "Je peux faire autre chose pour toi ?",
    ),
    "anything_else_2": ("Avez-vous une autre question ?", "Tu as une autre question ?"),
    "listening": ("Je vous écoute.", "Je t'écoute."),
    "thanks": ("Je vous en prie.", "Avec plaisir."),
    "fine": ("Très bien.", "Très bien."),
    "pardon": (
        "Pardon, je n'ai pas entendu. Pouvez-vous répéter ?",
        "Pardon, je n'ai pas entendu. Tu peux répéter ?",
    ),
    "goodbye": (
        "Merci de votre appel, au revoir et bonne journée !",
        "Merci pour ton appel, à bientôt et bonne journée !",
    ),
    "unknown": (
        "Je n'ai malheureusement pas cette information.",
        "Je n'ai malheureusement pas cette information.",
    ),
    "no_facts": (
        "Je ne peux pas répondre à cette question pour le moment.",
        "Je ne peux pas répondre à cette question pour le moment.",
    ),
    "offer_message": (
        "Souhaitez-vous laisser un message pour qu'on vous rappelle ?",
        "Tu veux laisser un message pour qu'on te rappelle ?",
    ),
    "msg_start": ("Bien sûr, je prends votre message.", "Bien sûr, je prends ton message."),
    "ask_name": ("Quel est votre nom ?", "C'est quoi ton nom ?"),
    "bad_name": (
        "Pardon, je n'ai pas bien saisi votre nom. Pouvez-vous me le redire ?",
        "Pardon, je n'ai pas bien saisi ton nom. Tu peux me le redire ?",
    ),
    "ask_phone": ("À quel numéro peut-on vous rappeler ?", "À quel numéro on peut te rappeler ?"),
    "bad_phone": (
        "Je n'ai pas bien compris le numéro. Pouvez-vous me le redonner, "
        "par exemple 06 12 34 56 78 ?",
        "Je n'ai pas bien compris le numéro. Tu peux me le redonner, par exemple 06 12 34 56 78 ?",
    ),
    "no_phone": ("D'accord, je note sans numéro.", "D'accord, je note sans numéro."),
    "ask_reason": ("Quel est l'objet de votre message ?", "C'est à quel sujet ?"),
    "confirm_message": (
        "Je récapitule : message de {name}, {callback}, au sujet de : {reason}. C'est bien ça ?",
        "Je récapitule : message de {name}, {callback}, au sujet de : {reason}. C'est bien ça ?",
    ),
    "partial_saved": (
        "Je transmets quand même ce que vous m'avez indiqué : {who} vous rappellera au {phone}.",
        "Je transmets quand même ce que tu m'as indiqué : {who} te rappellera au {phone}.",
    ),
    "message_saved": (
        "C'est noté, votre message sera transmis et {who} vous rappellera dès que possible.",
        "C'est noté, ton message sera transmis et {who} te rappellera dès que possible.",
    ),
    "what_to_fix": (
        "Que faut-il corriger : {fields} ?",
        "Qu'est-ce qu'il faut corriger : {fields} ?",
    ),
    "cancelled": ("D'accord, j'annule.", "D'accord, j'annule."),
    "rdv_start": (
        "Avec plaisir, je note votre demande de rendez-vous.",
        "Avec plaisir, je note ta demande de rendez-vous.",
    ),
    "resa_start": (
        "Avec plaisir, je note votre demande de réservation.",
        "Avec plaisir, je note ta demande de réservation.",
    ),
    "ask_service": (
        "Pour quelle prestation ? Nous proposons {services}.",
        "Pour quelle prestation ? Nous proposons {services}.",
    ),
    "ask_party": ("Pour combien de personnes ?", "Pour combien de personnes ?"),
    "ask_slot": (
        "Quel jour et à quelle heure souhaiteriez-vous venir ?",
        "Quel jour et à quelle heure tu voudrais venir ?",
    ),
    "slot_closed": (
        "Nous sommes fermés le {day}. Quel autre jour vous conviendrait ?",
        "Nous sommes fermés le {day}. Quel autre jour t'irait ?",
    ),
    "slot_out_of_hours": (
        "À cette heure-là nous sommes fermés : le {day}, nous sommes ouverts {ranges}. "
        "Quel horaire vous conviendrait ?",
        "À cette heure-là nous sommes fermés : le {day}, nous sommes ouverts {ranges}. "
        "Quel horaire t'irait ?",
    ),
    "confirm_rdv": (
        "Je récapitule : {what}, {slot}, au nom de {name}, {callback}. C'est bien ça ?",
        "Je récapitule : {what}, {slot}, au nom de {name}, {callback}. C'est bien ça ?",
    ),
    "rdv_saved": (
        "C'est noté. Ce n'est pas encore une confirmation : {who} vous rappellera "
        "pour confirmer le créneau.",
        "C'est noté. Ce n'est pas encore une confirmation : {who} te rappellera "
        "pour confirmer le créneau.",
    ),
    "book_start": ("Avec plaisir.", "Avec plaisir."),
    "ask_day": (
        "Quel jour vous conviendrait, et plutôt à quelle heure ?",
        "Quel jour t'irait, et plutôt à quelle heure ?",
    ),
    "ask_other_day": (
        "Quel autre jour vous conviendrait ?",
        "Quel autre jour t'irait ?",
    ),
    "pick_one": ("Lequel vous convient ?", "Lequel te convient ?"),
    "pick_single": ("Ce créneau vous convient-il ?", "Ce créneau te convient ?"),
    "pick_again": (
        "Je peux vous proposer {slots}. Lequel vous convient, ou préférez-vous un autre jour ?",
        "Je peux te proposer {slots}. Lequel te convient, ou tu préfères un autre jour ?",
    ),
    "slot_chosen": ("Très bien, {slot}.", "Très bien, {slot}."),
    "confirm_book": (
        "Je récapitule : {what} le {slot}, au nom de {name}, {callback}. C'est bien ça ?",
        "Je récapitule : {what} le {slot}, au nom de {name}, {callback}. C'est bien ça ?",
    ),
    "cancel_ask_phone": (
        "Quel numéro de téléphone aviez-vous donné lors de la réservation ?",
        "Quel numéro de téléphone avais-tu donné lors de la réservation ?",
    ),
    "cancel_ask_day": (
        "Pour quel jour était le rendez-vous ?",
        "Pour quel jour était le rendez-vous ?",
    ),
    "cancel_confirm": (
        "Je récapitule : j'annule le rendez-vous {when}pris avec le numéro {phone}. "
        "C'est bien ça ?",
        "Je récapitule : j'annule le rendez-vous {when}pris avec le numéro {phone}. "
        "C'est bien ça ?",
    ),
    "transfer": (
        "Je vous mets en relation avec {who}, un instant s'il vous plaît.",
        "Je te passe {who}, un instant s'il te plaît.",
    ),
    "nobody": (
        "Personne n'est disponible pour le moment, mais je peux prendre un message "
        "pour qu'on vous rappelle rapidement.",
        "Personne n'est disponible pour le moment, mais je peux prendre un message "
        "pour qu'on te rappelle rapidement.",
    ),
    "emergency": (
        "En cas d'urgence vitale, raccrochez et appelez le 15 ou le 112.",
        "En cas d'urgence vitale, raccroche et appelle le 15 ou le 112.",
    ),
    "no_medical_advice": (
        "Je ne peux pas donner d'avis médical.",
        "Je ne peux pas donner d'avis médical.",
    ),
    "ai": (
        "Je suis l'assistant virtuel de {company}, une intelligence artificielle. Je peux répondre "
        "à vos questions, prendre un message ou noter une demande de rendez-vous.",
        "Je suis l'assistant virtuel de {company}, une intelligence artificielle. Je peux répondre "
        "à tes questions, prendre un message ou noter une demande de rendez-vous.",
    ),
    "too_long": (
        "Je dois malheureusement écourter cet appel. Merci et au revoir !",
        "Je dois malheureusement écourter cet appel. Merci et au revoir !",
    ),
}

TOPIC_LABELS: dict[Intent, str] = {
    Intent.HOURS: "les horaires",
    Intent.ADDRESS: "l'adresse",
    Intent.AREA: "la zone d'intervention",
    Intent.PRICE: "les tarifs",
    Intent.SERVICES: "les prestations",
    Intent.DURATION: "la durée des prestations",
    Intent.PHONE: "le numéro de téléphone",
    Intent.EMAIL: "l'adresse e-mail",
    Intent.WEBSITE: "le site internet",
    Intent.PAYMENT: "les moyens de paiement",
    Intent.CANCELLATION: "les conditions d'annulation",
    Intent.DELIVERY: "la livraison",
    Intent.SPECIALTIES: "les spécialités",
    Intent.ACTIVITY: "l'activité",
}

INFO_INTENTS = tuple(TOPIC_LABELS)
"""The intents that ask for a fact about the business."""
