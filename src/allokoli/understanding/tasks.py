"""What the assistant must do (take messages, book appointments, transfer urgent calls…)."""

from __future__ import annotations

import re

from allokoli.domain.profile import Task
from allokoli.understanding.normalize import prepare
from allokoli.understanding.textutil import (
    _is_negated,
)

_TASK_PATTERNS: tuple[tuple[Task, re.Pattern[str]], ...] = tuple(
    (task, re.compile(p))
    for task, p in (
        (
            Task.TAKE_MESSAGE,
            # « qu'il prenne les messages », « prenez », « prendre »
            r"\b(?:pren\w*|noter|note|notez|recueillir|laisser|laisse|enregistrer|transmettre"
            r"|transmet\w*|relever|take)\s+(?:juste\s+|seulement\s+|simplement\s+|surtout\s+)?"
            r"(?:les\s+|des\s+|un\s+|le\s+|leurs?\s+|ses\s+)?"
            r"(?:messages?|msgs?|coordonnees|numeros?|noms?|demandes?|infos? (?:du|des) clients?)\b"
            r"|\bmessagerie\b|\bmessages?\b(?=.{0,30}\b(?:rappel\w*)\b)|\bprise de messages?\b"
            r"|\bque je (?:les |le |la )?rappelle\b|\bje (?:les |le |la )?rappel\w*\b"
            r"|\b(?:me\s+)?rappeler (?:les clients|plus tard|apres)\b|\bun (?:message|msg)\b"
            r"|\bsous forme d(?:e |')(?:un )?messages?\b"
            r"|\bqu'ils? (?:me )?laissent? (?:un )?message\b"
            r"|\b(?:juste|seulement|uniquement|que|surtout|et|aussi|les|des)\s+(?:les\s+|des\s+)?"
            r"(?:messages|msgs?)\b",
        ),
        (
            Task.BOOK_APPOINTMENT,
            r"(?<!sur )(?<!par )\b(?:rendez[- ]?vous|rdv|r\.d\.v|reservations?|resa|resas"
            # « qu'il réserve les séances », « réservez-leur une table »; « réservé aux
            # clients » is no booking
            r"|reserv(?:e|es|ent|ez)\b(?!\s+aux?\b)"
            r"|booking|creneaux?|reserver|reserve une table|reservation de table|prise de rendez"
            r"|planning|agenda|caler (?:des|un)|fixer (?:des|un)|rendez vous"
            # « inscrire aux cours d'essai », « les inscriptions »: a booked place
            r"|inscri(?:re|ve|vent|ptions?)|seances? d'essai|cours d'essai"
            # franglais: « qu'il book les cours », « booker une table »
            r"|book(?:e|es|ent|er|ez)?|schedul\w*)\b",
        ),
        (
            Task.TRANSFER_URGENT,
            r"\b(?:transf[eé]r\w*|urgences?|urgent\w*|basculer|bascule|renvoy\w*|redirig\w*"
            r"|rediriger|me passer (?:les|l')\s*appels?|me passer le client|mettre en relation"
            r"|me joindre|m'appeler directement|passer l'appel|renvoi d'appel|me le passer"
            r"|me la passer|me les passer|escalad\w*|escalat\w*"
            # « me passer les clients en panne », « passez-les-moi »: whoever it is, to me
            r"|me passer (?:les|le|la|l')\s*[a-z]+|passez[- ]les[- ]moi|passe[- ]les[- ]moi)\b",
        ),
        (
            Task.TAKE_ORDER,
            # « les comandes »: one m, as often typed
            # « les cdes »: as an SMS shortens them
            r"\b(?:comm?andes?|comm?ander|cdes?|cmdes?|cmds?"
            r"|click\s*(?:&|and|et)?\s*collect|a emporter|livraisons?"
            r"|precommandes?|mettre de cote|mise de cote|mettre (?:des|les) \w+ de cote)\b",
        ),
        (
            Task.QUALIFY_QUOTE,
            r"(?<!sur )\b(?:devis|chiffrages?|estimations?|chiffrer|qualifier|qualification"
            # « qu'il qualifie les leads », « qualifie les demandes »
            r"|qualifi\w*\s+(?:les|des|ses|nos)\s+(?:leads?|prospects?|demandes?|projets?|clients?)"
            # « l'assistant qualifie la demande », « prend les rdv et qualifie (surface…) »: the
            # verb, not the adjective (« un artisan qualifié »)
            r"|(?:assistant|bot|il|elle|qu'il|qu'elle|doit|peut|pourrait|et)\s+(?:\w+\s+)?"
            r"qualifi(?:e|ent|era|erait)"
            r"|leads?"
            r"|demandes? de prix|demandes? de tarifs?|demandes? de projets?)\b",
        ),
        (
            Task.ANSWER_FAQ,
            r"\b(?:repondre|reponde|repond|repondent|renseigner|renseigne|renseignements?|informer"
            r"|informations?"
            r"|infos?|questions?|faq"
            # « dire les prix », « donner nos horaires »
            r"|(?:dire|donner|indiquer|communiquer|annoncer) (?:les|nos|mes|ses|leurs) "
            r"(?:horaires|tarifs|prix|infos|disponibilites|delais)"
            # « dire où on est », « dire si c'est prêt »
            r"|dire (?:ou|quand|si|comment|combien) )\b",
        ),
    )
)
_TASK_CONTEXT_RE = re.compile(
    r"\b(?:prend\w*|gere\w*|gerer|noter|note|faire|fait|fasse|s'occupe\w*|occuper|aide\w*|traite\w*"
    r"|doit|doive|peut|puisse|pourrait|veux|voudrais|voudrai|aimerais|souhaite\w*|besoin|qu'il"
    r"|qu'elle|il faut|faudrait|surtout|principalement|aussi|et|les|des|pour|assistant\w*|reponde"
    r"|repondre|transf\w*|urgen\w*|accepte\w*|enregistre\w*|recevoir|recoi\w*)\b"
)


def extract_tasks(text: str, *, expecting: bool = False) -> list[Task]:
    """What the assistant must do: take messages, request appointments / reservations,
    transfer urgent calls, take orders, qualify quote requests, answer questions. With
    ``expecting`` (the question was the tasks), bare nouns count ("messages, rdv, urgences")."""
    # « un messsage »: a letter typed three times is one typo (no French word has three)
    low = re.sub(r"([a-z])\1{2,}", r"\1\1", _strip_hours_phrases(prepare(text).raw_low))
    found: list[tuple[int, Task]] = []
    if expecting:
        for task, pattern in _BARE_TASK_PATTERNS:
            m = pattern.search(low)
            if m and not _is_negated(low, m.start()):
                found.append((m.start(), task))
    for task, pattern in _TASK_PATTERNS:
        for m in pattern.finditer(low):
            if _is_negated(low, m.start()):
                continue
            if task is Task.ANSWER_FAQ and re.match(r"\bquestions?\b", m.group(0)):
                before = low[max(0, m.start() - 30) : m.start()]
                if not re.search(r"\b(?:aux|les|des|repondre|reponde)\s+$", before):
                    continue
            if task is Task.ANSWER_FAQ and m.group(0).startswith("repond"):
                after = low[m.end() : m.end() + 40]
                if not re.search(
                    # « répondre sur les prix », « répondre concernant la garde »
                    r"^\s*(?:aux|a des|au|a leurs|a toutes|sur|concernant|a propos)\b"
                    r"|^\s*(?:au\s+)?"
                    r"(?:telephone|clients?|gens|questions)"
                    # « que ça réponde horaires et tarifs »
                    r"|^\s*(?:(?:sur|pour)\s+)?(?:les\s+|aux\s+)?(?:horaires|prix|tarifs|infos)\b"
                    # « que ça réponde quand on demande si on est ouvert »
                    r"|^\s*(?:quand|lorsqu'?|si)\s*(?:on|les gens|les clients|ils|quelqu'un)"
                    r"\s+(?:\w+\s+)?(?:demande|pose)",
                    after,
                ):
                    continue
            if task is Task.TAKE_ORDER and m.group(0).startswith(("livraison", "a emporter")):
                before = low[max(0, m.start() - 40) : m.start()]
                if not re.search(r"\b(?:prend\w*|gere\w*|command\w*)\b", before):
                    continue
            found.append((m.start(), task))
            break
    found.sort()
    return list(dict.fromkeys(t for _, t in found))


_BARE_TASK_PATTERNS: tuple[tuple[Task, re.Pattern[str]], ...] = (
    (Task.TAKE_MESSAGE, re.compile(r"\bmessages?\b|\bmsg\b|\brappel\w*")),
    (Task.ANSWER_FAQ, re.compile(r"\bquestions?\b|\brenseignements?\b|\binfos?\b|\bfaq\b")),
)


def _strip_hours_phrases(low: str) -> str:
    """ "Uniquement sur rendez-vous" describes opening hours, not a task."""
    return re.sub(
        r"\b(?:uniquement|seulement|que|exclusivement)?\s*(?:sur|par)\s+(?:rendez[- ]?vous|rdv"
        r"|reservation)\b",
        " ",
        low,
    )
