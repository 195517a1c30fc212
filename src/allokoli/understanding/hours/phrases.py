"""Phrase canonicalisation: the many ways of saying « every day », « closed », « from », « until »,
« by appointment »… become a few markers (``§all``, ``§closed``, ``§startat``…) for the lexer.
"""

from __future__ import annotations

import re
from collections.abc import Callable

__all__ = ["canonical_phrases"]


def _english_range(m: re.Match[str]) -> str:
    start, end = int(m.group(1)), int(m.group(2))
    if end <= start and end + 12 <= 24:
        end += 12  # « 9 to 5 »: five in the afternoon
    return f" {start}h-{end}h "


def _am_pm(m: re.Match[str]) -> str:
    hour = int(m.group(1)) % 12 + (12 if m.group(3) == "pm" else 0)
    return f"{hour}h{m.group(2) or ''}"


_RANGE_BEFORE_RE = re.compile(r"\d{1,2}\s*(?:h|:)\s*\d{0,2}\s*(?:-|a\b|à)\s*\d[^.;!?\n]*$")


def _own_hours_after_week(m: re.Match[str]) -> str:
    """« everyday 8h-20h, sauf le dimanche 9h-13h »: after the week's hours, the day's own;
    « tous les jours sauf lundi 9h-19h » (no hours before) leaves Monday out."""
    if _RANGE_BEFORE_RE.search(m.string, 0, m.start()) is None:
        return m.group(0)
    return f" ; {m.group(1)} "


_TIME_AHEAD = r"(?=\s*(?:\d|midi|minuit))"
_DAY = r"(?:lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche)s?|lun|mar|mer|jeu|ven|sam|dim"
# the end of a day's name, for a look-behind (fixed width): « vendredi », « ven »
_DAY_END = r"(?:di|un|ar|er|eu|en|am|im|di)"
_ONLY_BEFORE_RE = re.compile(r"\b(?:seulement|uniquement|que)\b[^.;!?\n]*$")
_CLOSED_BEFORE_RE = re.compile(r"\b(?:ferm\w*|repos|off|closed|conge\w*)\b[^.;!?\n]*$")


def _not_that_day(m: re.Match[str]) -> str:
    """« fermé le lundi, pas le dimanche »: that day is open (the closed day corrected); « du
    lundi au samedi 8h-19h, pas le dimanche »: after hours, that day is closed."""
    before = m.string[: m.start()]
    if _CLOSED_BEFORE_RE.search(before) or _ONLY_BEFORE_RE.search(before):
        # (« l'après-midi on rouvre de 16h à 19h, mais seulement du mardi au samedi, pas le
        # dimanche »: the restriction said again, for that part of the day only; the day
        # keeps its other hours)
        return " §open "
    return " §closed "


_PHRASES: tuple[tuple[re.Pattern[str], str | Callable[[re.Match[str]], str]], ...] = tuple(
    (re.compile(p), r)
    for p, r in (
        (
            r"\bnon[- ]?stop\b|\ben continu\b|\bsans interruption\b|\bjournee continue\b"
            r"|\bsans (?:fermer|fermeture|coupure|pause)"
            r"(?: (?:le |a )?midi| entre midi et deux)?\b",
            " ",
        ),
        # « je ne consulte ni le vendredi, ni le week-end »: both closed
        (
            r"\bn(?:e\s+|['’])[a-z]+(?:\s+[a-z]+)?\s+ni\s+(?=(?:le|les)\s+(?:"
            + _DAY
            + r"|week|we\b))",
            " §closed ",
        ),
        (r",?\s*\bni\s+(?=(?:le|les)\s+(?:" + _DAY + r"|week|we\b))", " et "),
        # « le vendredi pareil », « samedi idem »: the same hours as the days before
        (
            r"(?<=" + _DAY_END + r")\s*,?\s*(?:c'est\s+|c\s+)?(?:pareil|idem|de meme|la meme chose"
            r"|meme chose|(?:les )?memes? horaires?)\b",
            " §same ",
        ),
        # « le dimanche je me repose »: closed
        (r"\b(?:je\s+me|on\s+se|nous\s+nous)\s+repos\w*", " §closed "),
        # « open 9 to 5 »: a range in English, the end in the afternoon when it comes first
        (r"\b(\d{1,2})\s*(?:am)?\s+to\s+(\d{1,2})\s*(?:pm)?\b(?!\s*(?:h|:|\d))", _english_range),
        # « 9am-6pm », « 10:30am »: the English half of the day
        (r"\b(\d{1,2})(?::(\d{2}))?\s*(am|pm)\b", _am_pm),
        # « fermé entre midi et deux », « de midi à deux »: the lunch hours, 12 h to 14 h
        (r"\b(entre|de)\s+midi\s+(et|a)\s+deux\b(?!\s*(?:h\b|heures?|:|\d))", r" \1 midi \2 14h "),
        (r"\bpar contre\b", " ; "),
        (r"\b24\s*/\s*7\b", " §h24 §all "),  # « open 24/7 »: every day, around the clock
        (
            r"\b24\s*(?:h|heures?)?\s*(?:/|sur)\s*24\s*(?:h\b)?|\bh\s*24\b|\bjour et nuit\b"
            r"|\b24 heures par jour\b|\bnuit et jour\b",
            " §h24 ",
        ),
        (
            r"\b(?:tous|tout|ts|tt|toutes)\s+les\s+jours\b|\b7\s*j(?:ours?|rs?)?\s*(?:/|sur|s)\s*7\b"
            r"|\b(?:tous|ts|tt|chaque)\s+(?:les\s+)?(?=(?:soirs?|matins?|midis?|apres[- ]midis?)\b)"
            r"|\b7\s*/\s*7\b|\btoute la semaine\b|\bchaque jour\b|\btlj\b|\btljs\b"
            r"|\b7 jours par semaine\b|\b365 jours(?: par an| sur 365)?\b|\bla semaine entiere\b"
            r"|\bevery\s?day\b|\bdaily\b|\bseven days a week\b",
            " §all ",
        ),
        (
            r"(?<!reste de )\b(?:en|la)\s+semaine\b|\bjours? (?:de (?:la )?semaine|ouvres)\b"
            r"|(?:^|(?<=[\n,;/.]))\s*semaine\b(?=\s*:?\s*\d)",
            " §wkd ",
        ),
        (r"\bjours? ouvrables\b", " §wkdsat "),
        (
            r"\b(?:le|les|en|ce|du|au|chaque)\s+(?:week[- ]?ends?|we|fins? de semaine)\b"
            r"|\bweek[- ]?ends?\b",
            " §wke ",
        ),
        (
            r"\b(?:uniquement |seulement |que |exclusivement )?(?:sur|par) "
            r"(?:rendez[- ]?vous|rdv|r\.?d\.?v\.?|reservations?|resa)\b",
            " §rdv ",
        ),
        (
            r"\b(?:aussi|egalement|meme|y compris|inclus)\s+(?:les\s+)?(?:jours?\s+)?"
            r"feri\w*|\b(?:jours?\s+)?feri\w* (?:inclus|compris)\b",
            " §holopen ",
        ),
        (r"\b(?:les\s+|le\s+)?(?:jours?\s+)?feri(?:e|es|s)\b", " §hol "),
        (r"\bjusqu\s*'?\s*(?:au|aux)\b(?!\s*\d)", " au "),
        (
            # (« du lundi au vendredi, 9h-18h, pas le week-end »: the week-end too)
            r"(?<=,)\s*(?:et\s+|mais\s+)?pas(?:\s+(?:le|les)(?=\s+(?:lundi|mardi|mercredi|jeudi"
            r"|vendredi|samedi|dimanche)s?\s*(?:[.;!?\n]|$))|(?:\s+de)?(?=\s+§wke\s*(?:[.;!?\n]|$)))",
            _not_that_day,
        ),
        # « Ouverture 8h, fermeture 19h30 »: the nouns with the time, no preposition
        # « avec une fermeture de 13h à 14h »: a break, not the closing time
        (
            r"\bfermeture\s+(?:de|entre)\s+(?=\d{1,2}\s*h?\s*\d{0,2}\s*(?:a|à|-|et)\s*\d)",
            " ferme de ",
        ),
        (r"\bfermeture\s*:?\s*" + _TIME_AHEAD, " §endat "),
        (r"\bouverture\s*:?\s*" + _TIME_AHEAD, " §startat "),
        (
            r"\b(?:on\s+|nous\s+|je\s+|ils?\s+|elles?\s+)?(?:ferme|fermons|fermeture|ferment|fermer"
            r"|finit|finissons|termine|terminons|fini|finis|quitte|close"
            # « on arrête à 16h », « je stop à 16h »
            r"|arrete|arretons|arretent|stop|stoppe|stoppons)\s+"
            r"(?:le soir\s+|l'apres-midi\s+)?"
            # « on finit plus tôt, à 17 h », « on ferme plus tôt, 21 h 30 »
            # « le vendredi on ferme tard, minuit »
            r"(?:(?:un peu\s+)?(?:plus |tres )?(?:tot|tard)"
            # « on ferme plus tard à cause de la dégustation, à 21h »: why, then when
            r"(?:\s+(?:a cause d[eu]|pour|avec|en raison d[eu])\s+[a-z' -]{3,40}?)?"
            r"\s*,?\s*(?:a|vers|des|aux alentours de)?"
            r"|(?:a|vers|des|aux alentours de))" + _TIME_AHEAD,
            " §endat ",
        ),
        (
            r"\b(?:on\s+|nous\s+|je\s+)?(?:ouvre|ouvrons|ouverture|commence|commencons|ouvert"
            r"|ouverts"
            r"|ouverte|arrive|embauche|demarre|open|opens)\s+(?:le matin\s+|l'apres-midi\s+)?"
            r"(?:(?:un peu\s+)?plus (?:tot|tard)\s*,?\s*(?=(?:a partir de|a|vers|des|depuis)?"
            r"\s*\d))?"
            # « le lundi on n'ouvre qu'à 14h »: only from then
            r"(?:qu\s*'?\s*)?"
            # « on ouvre plus tôt, 9h, pour le brunch »: the time said after a comma
            r"(?:a partir de|a|vers|des|depuis|(?<=,)|(?<=, ))" + _TIME_AHEAD,
            " §startat ",
        ),
        (
            r"\b(?:a partir de|des|depuis|a compter de|apres(?![- ]?midi))" + _TIME_AHEAD,
            " §startat ",
        ),
        (r"\bjusqu\s*'?\s*(?:a|au|vers)?" + _TIME_AHEAD + r"|\bjusque" + _TIME_AHEAD, " §until "),
        (
            r"\b(?:ne|n')?\s*(?:travaill\w*|bosse\w*|ouvr\w*|ouvert\w*|sommes|suis|est|sont"
            # « le samedi midi on (ne) fait pas »
            r"|on est|(?<=on )fait|(?<=on ne )fait|(?<=on le )fait|faisons)\s+"
            # « on ne travaille plus le samedi »: no longer
            r"(?:pas\b|(?:(?<=travaille )|(?<=bosse )|(?<=ouvre ))plus\b(?=\s+(?:le|les)\s))"
            r"|\bpas ouvert\w*|\bpas de (?:service|permanence|travail)\b|\bjamais\b"
            # « le week-end, je ne reçois personne »
            r"|\b(?:ne\s+|n')?re[cç]oi\w*\s+personne\b"
            r"|\bpas (?:le|les)\b(?=\s+(?:lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche|§))"
            # « ah non, plus le samedi »: no longer (« lundi-vendredi, plus le samedi matin »
            # adds a day: only after « non »)
            r"|\bnon\s*,?\s*plus (?:le|les)\b(?=\s+(?:lundi|mardi|mercredi|jeudi|vendredi|samedi"
            r"|dimanche)s?\b)",
            " §closed ",
        ),
        (
            # « avec une pause de midi à 13h », « coupure déjeuner 12h30-13h30 »: a break, as
            # « fermé entre 12h et 14h » is
            r"\b(?:pause|coupure)(?:\s+(?:dejeuner|repas|du dejeuner|de midi|du midi|le midi|midi)"
            r"(?=\s*(?:de\b|entre\b|:|\d)))?",
            " §closed ",
        ),
        (
            r"\b(?:ferme|fermes|fermee|fermees|fermer|fermons|ferment|fermeture|clos|closed|close"
            r"|repos|relache|off|conge|conges)\b"
            # « on ferme plus tard » moves the closing time, it closes no day
            r"(?!\s+(?:un peu\s+)?plus (?:tot|tard))",
            " §closed ",
        ),
        (
            # « le samedi non, le dimanche non plus », « lun et dim on bouge pas », « le
            # samedi je ne consulte plus »: a day, then a negation that ends its clause
            r"\b((?:" + _DAY + r")(?:\s*(?:,|et)\s*(?:le\s+|la\s+)?(?:" + _DAY + r"))*)"
            r"\s*,?\s+(?:(?:on|je|j'|nous|il|elle|c'est)\s*)?(?:ne\s+|n'\s*)?"
            r"(?:[a-z']+\s+){0,2}?(?:non(?:\s+plus)?|rien|pas|plus|jamais|fini|termine)\b"
            r"(?=\s*(?:[.;!?\n,]|$|hein\b|depuis\b|non plus\b|bien sur\b|du tout\b))",
            r"\1 §closed ",
        ),
        # « Le mercredi après-midi, c'est fermé. Le dimanche également. »: closed too
        (
            r"(§closed[^.;!?\n§]*[.;!?\n]\s*)(?:et\s+)?(?:le\s+|la\s+|les\s+)?(" + _DAY + r")"
            r"\s+(?:egalement|aussi)\s*(?=[.;!?\n]|$)",
            r"\1 \2 §closed ",
        ),
        (
            r"\b(?:ouvert|ouverts|ouverte|ouvertes|ouvre|ouvrons|ouvrent|ouverture|permanence"
            r"|on travaille|je travaille|on bosse|je bosse|dispo|disponibles?|present|presente"
            r"|open)\b",
            " §open ",
        ),
        # « lun-ven 9h-19h sauf vendredi 18h »: the day kept, with its own closing time
        (
            r"\bsauf\s+(?:le\s+)?(" + _DAY + r")\s+"
            r"(?=\d{1,2}\s*(?:h|:)\s*(?:\d{2})?\s*(?:[,.;!?\n]|$))",  # one time, not a range
            r" ; \1 §until ",
        ),
        # « sauf le vendredi et le samedi où on ferme à une heure »: those days' own hours
        (
            r"\bsauf\s+(?:le\s+)?((?:" + _DAY + r")(?:\s*(?:,|et)\s*(?:le\s+)?(?:" + _DAY + r"))*)"
            r"\s+(?:ou|quand|la ou)\b",
            r" ; \1 ",
        ),
        # « tous les jours 8h-20h sauf le dimanche 9h-13h »: that day's own hours
        (
            r"\bsauf\s+(?:le\s+)?("
            + _DAY
            + r")\s+(?=\d{1,2}\s*(?:h|:)?\s*(?:\d{2})?\s*(?:-|a\b|à)\s*\d)",
            _own_hours_after_week,
        ),
        # « sauf le vendredi jusqu'à 18h »: its own closing time
        (r"\bsauf\s+(?:le\s+)?(" + _DAY + r")\s+(?=jusqu|§until)", r" ; \1 "),
        (
            # « sauf que le dimanche je ferme à 13h »: « except that » brings a change, not a
            # day closed
            r"\b(?:sauf(?! que\b)|sf|excepte|hormis|hors|a part|mais pas|a l'exception d\w*"
            r"|exception faite d\w*)\b",
            " §except ",
        ),
        (r"\b(?:l\s*')?\s*apres[- ]?midis?\b|\baprem\w*\b|\bam\b", " §pm "),
        (r"\bmatin(?:s|ee|ees)?\b|\bmat\b", " §am "),
        (r"\bsoir(?:s|ee|ees)?\b|\bnuit\b", " §eve "),
    )
)

# Cheap literal triggers: a phrase pattern is only run when one of them occurs in the text.
_PHRASE_TRIGGERS: tuple[tuple[str, ...], ...] = (
    ("non", "continu", "interruption", "sans"),
    ("ni ",),
    ("ni ",),
    ("pareil", "idem", "meme"),
    ("repos",),
    (" to ",),
    ("am", "pm"),
    ("midi",),
    ("par contre",),
    ("24",),
    ("24", "nuit"),
    ("jour", "7", "semaine", "tlj", "tous", "ts ", "tt ", "chaque", "every", "daily", "seven"),
    ("semaine", "ouvre"),
    ("ouvrable",),
    ("we", "fin de semaine", "fins de semaine"),
    ("rendez", "rdv", "r.d.v", "reserv", "resa"),
    ("feri",),
    ("feri",),
    ("jusqu",),
    ("pas",),
    ("fermeture",),
    ("fermeture",),
    ("ouverture",),
    ("ferm", "fini", "termin", "quitt", "close", "arret", "stop"),
    ("ouv", "commen", "arriv", "embauch", "demarr", "open"),
    ("partir", "des", "depuis", "compter", "apres"),
    ("jusqu",),
    ("pas", "jamais", "non", "plus", "personne"),
    ("pause", "coupure"),
    ("ferm", "clos", "repos", "relache", "off", "conge"),
    ("non", "rien", "pas", "plus", "jamais", "fini", "termine"),
    ("egalement", "aussi"),
    ("ouv", "perman", "travaill", "boss", "dispo", "present", "open"),
    ("sauf",),
    ("sauf",),
    ("sauf",),
    ("sauf",),
    ("sauf", "sf", "except", "hormis", "hors", "part", "mais pas"),
    ("apres", "aprem", "am"),
    ("mat",),
    ("soir", "nuit"),
)
assert len(_PHRASE_TRIGGERS) == len(_PHRASES)


def canonical_phrases(text: str) -> str:
    for (pattern, replacement), triggers in zip(_PHRASES, _PHRASE_TRIGGERS, strict=True):
        if any(t in text for t in triggers):
            text = pattern.sub(replacement, text)
    return text
