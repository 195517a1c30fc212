"""Everything an owner or a caller reads or hears from this feature, in French, in one place."""

from __future__ import annotations

KIND_LABELS = {"protected": "numéros protégés", "blocked": "numéros bloqués"}
KIND_ONE = {"protected": "numéro protégé", "blocked": "numéro bloqué"}

INVALID_NUMBER = (
    "« {raw} » n'est pas un numéro de téléphone valide : écrivez-le par exemple 06 12 34 56 78 "
    "ou +33 6 12 34 56 78."
)
EMPTY_NUMBER = "Indiquez un numéro de téléphone."
ON_OTHER_LIST = (
    "Le {display} est déjà dans vos {other} : retirez-le de cette liste avant de l'ajouter "
    "aux {wanted}."
)
LABEL_TOO_LONG = "Le nom donné au numéro doit faire au plus 80 caractères."
HIDDEN_CALLER = "Le numéro de cet appelant est masqué : il ne peut pas être ajouté à une liste."

# Spoken to a caller (Vapi reads `error` aloud, then hangs up).
BLOCKED_SPOKEN = "Votre appel ne peut pas aboutir. Au revoir."
CONFLICT_SPOKEN = (
    "Votre numéro ne peut pas être mis en relation pour le moment. Merci de rappeler plus tard."
)
UNKNOWN_NUMBER_SPOKEN = "Ce numéro n'est pas attribué. Au revoir."
PAUSED_TRANSFER = "Notre assistant est en pause, je vous transfère."
BUDGET_TRANSFER = "Je vous mets en relation avec l'équipe."

# Closures.
CLOSURE_DATES = "La date de fin doit être le même jour que la date de début ou après."
CLOSURE_PAST = "Cette fermeture est déjà terminée : choisissez une date de fin à venir."
CLOSURE_TOO_LONG = "Une fermeture dure au plus 366 jours."
CLOSURE_MESSAGE_TOO_LONG = "Le message de fermeture doit faire au plus 500 caractères."
CLOSURE_OVERLAP = "Une fermeture couvre déjà une partie de ces dates (du {start} au {end})."
CLOSURE_BAD_DATE = "« {raw} » n'est pas une date valide : écrivez-la par exemple 24/12/2026."

# Budget.
BUDGET_INVALID = "Le budget mensuel doit être un montant positif en euros, par exemple 50 ou 49,90."
BUDGET_TOO_HIGH = "Le budget mensuel doit être d'au plus 100 000 €."
