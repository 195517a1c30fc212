"""What a French caller asks, read robustly (accents, typos, SMS style). Pure and fast.

`read(text, vocabulary)` normalises an utterance once (lower case, no accents, SMS words
expanded, typos of the keywords fixed against a small vocabulary) and `Utterance` answers the
questions the receptionist asks about it: which intents, which days, which time, which services.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, time
from enum import StrEnum
from functools import lru_cache

from rapidfuzz import fuzz
from rapidfuzz.distance import Levenshtein

from allokoli.domain.profile import Weekday
from allokoli.sandbox.speech import word_list
from allokoli.understanding.hours import find_day
from allokoli.understanding.nlp import is_known_word
from allokoli.understanding.normalize import fold, words_to_digits

__all__ = ["Intent", "Utterance", "best_matches", "content_words", "read"]


class Intent(StrEnum):
    GREETING = "greeting"
    GOODBYE = "goodbye"
    THANKS = "thanks"
    HOURS = "hours"
    ADDRESS = "address"
    AREA = "area"
    PRICE = "price"
    SERVICES = "services"
    DURATION = "duration"
    PHONE = "phone"
    EMAIL = "email"
    WEBSITE = "website"
    PAYMENT = "payment"
    CANCELLATION = "cancellation"
    DELIVERY = "delivery"
    SPECIALTIES = "specialties"
    ACTIVITY = "activity"
    MESSAGE = "message"
    APPOINTMENT = "appointment"
    TRANSFER = "transfer"
    URGENT = "urgent"
    MEDICAL = "medical"
    AI = "ai"
    CANCEL = "cancel"


# SMS words and frequent contractions, token by token (after folding).
_SMS: dict[str, str] = {
    "vs": "vous",
    "bjr": "bonjour",
    "bjour": "bonjour",
    "bsr": "bonsoir",
    "slt": "salut",
    "cc": "coucou",
    "mrc": "merci",
    "mci": "merci",
    "mrci": "merci",
    "svp": "s'il vous plait",
    "stp": "s'il te plait",
    "rdv": "rendez vous",
    "rdvs": "rendez vous",
    "rendez-vous": "rendez vous",
    "resa": "reservation",
    "auj": "aujourd'hui",
    "ajd": "aujourd'hui",
    "aujd": "aujourd'hui",
    "ojd": "aujourd'hui",
    "aujourdhui": "aujourd'hui",
    "aujourd": "aujourd'hui",
    "2m1": "demain",
    "dem1": "demain",
    "dmn": "demain",
    "tel": "telephone",
    "tél": "telephone",
    "num": "numero",
    "n°": "numero",
    "pr": "pour",
    "pk": "pourquoi",
    "qd": "quand",
    "kan": "quand",
    "koi": "quoi",
    "kwa": "quoi",
    "ke": "que",
    "ki": "qui",
    "kel": "quel",
    "kelle": "quelle",
    "kels": "quels",
    "keske": "qu'est ce que",
    "cmb": "combien",
    "cbm": "combien",
    "cmt": "comment",
    "bcp": "beaucoup",
    "tt": "tout",
    "ts": "tous",
    "ds": "dans",
    "jveux": "je veux",
    "jvoudrais": "je voudrais",
    "jvoudrai": "je voudrais",
    "jvais": "je vais",
    "chui": "je suis",
    "jsuis": "je suis",
    "cest": "c'est",
    "ya": "il y a",
    "dispo": "disponible",
    "dispos": "disponibles",
    "hr": "heure",
    "hrs": "heures",
    "we": "week end",
    "weekend": "week end",
    "wk": "week end",
    "qqn": "quelqu'un",
    "qq1": "quelqu'un",
    "quelquun": "quelqu'un",
    "pb": "probleme",
    "pbm": "probleme",
    "msg": "message",
    "mess": "message",
    "mssg": "message",
    "adr": "adresse",
    "ouvers": "ouverts",
    "ouver": "ouvert",
    "ouvre": "ouvre",
    "etes-vous": "etes vous",
    "stv": "s'il te plait",
    "jpeux": "je peux",
    "jpourrais": "je pourrais",
    "apres-midi": "apres midi",
    "aprem": "apres midi",
    "exo": "",
}

# Canonical keywords that typos are corrected to (only words of five letters or more).
_KEYWORDS: tuple[str, ...] = word_list(
    "tarif horaires horaire ouvert ouverts ouverte ouvertes ouvrez ouverture fermes fermee fermez "
    "fermeture adresse combien tarifs coute coutent prestations prestation services rendez "
    "reserver reservation message telephone numero aujourd'hui demain bonjour bonsoir revoir "
    "merci urgence urgent quelqu'un parler rappeler rappelle disponible semaine situes trouvez "
    "livraison livrez paiement annulation specialites intervenez proposez joindre conseiller "
    "responsable personne humain robot machine intelligence artificielle combien prix"
)

# Frequent words that look like keywords but are not typos of them.
_COMMON: frozenset[str] = frozenset(
    word_list(
        "femme femmes homme hommes enfant enfants ferme fermer ouvrir ouvre ouvrent pourrais "
        "pourriez voudrais voudriez aurais auriez serait seriez serais merci mercredi "
        "matin apres soir midi minuit heure heures minute minutes faire faites avons avez "
        "etes sommes quelle quelles quels comment pourquoi toujours encore aussi cette celui "
        "celle votre notre leurs entre depuis pendant avant moins plus petit petite grand grande "
        "coupe coupes couleur couper barbe brushing rasage table tables personnes couverts "
        "bonne bonnes journee soiree salut madame monsieur docteur maitre patron patronne "
        "reviens revenir venir viens passer passe prendre prends rendre donne donner dites "
        "savoir connaitre voulez voulais veux vouloir possible pouvez peux pouvoir devis "
        "messages numeros prixs place places parle parlez appel appeler appelle rappel"
    )
)

_PUNCT_RE = re.compile(r"[^\w\s'€?+]")


def _rx(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern)


_INTENT_PATTERNS: dict[Intent, re.Pattern[str]] = {
    Intent.GREETING: _rx(r"^(?:bonjour|bonsoir|salut|allo|hello|coucou|hey|bonjours)\b"),
    Intent.GOODBYE: _rx(
        r"\b(?:au revoir|aurevoir|a plus|a bientot|bonne (?:journee|soiree|fin de journee|"
        r"apres midi|nuit|continuation|semaine)|bye|ciao|tchao|adieu|c'est tout|ce sera tout|"
        r"ca sera tout|rien d'autre|je raccroche|merci pour tout|a la prochaine)\b"
    ),
    Intent.THANKS: _rx(r"\b(?:merci|thanks|remercie)\b"),
    Intent.HOURS: _rx(
        r"\b(?:horaires?|heures? d'ouverture|ouvert\w*|ouvrez|ouvre|ouvrent|ouverture|ferm\w*|"
        r"quelle heure|jusqu'a quand|a partir de quand|des quand|vous etes la|"
        r"vous travaillez|tu travailles|travaillez vous)\b"
    ),
    Intent.ADDRESS: _rx(
        r"\b(?:adresse|ou (?:etes|est|vous|se (?:trouve|situe)|c'est|etes vous|tu es|ca se)|"
        r"vous etes ou|c'est ou|situes?|situee?s?|se trouve|vous trouvez|localis\w*|"
        r"comment (?:venir|aller|vous trouver)|pour venir|acces|itineraire|quel(?:le)? ville)\b"
    ),
    Intent.AREA: _rx(
        r"\b(?:intervene\w*|intervention|zone|secteur|vous deplacez|vous venez|"
        r"a domicile|vous couvrez|quelles? villes?)\b"
    ),
    Intent.PRICE: _rx(
        r"\b(?:prix|combien(?! de temps)|tarifs?|tarification|coute\w*|cout|couts|cher|chere|"
        r"euros?|payer|facture|montant)\b|€"
    ),
    Intent.SERVICES: _rx(
        r"\b(?:services?|prestations?|proposez|propose|vous faites|tu fais|faites vous|"
        r"carte|menu|soins|qu'est ce que vous (?:faites|proposez))\b"
    ),
    Intent.DURATION: _rx(r"\b(?:combien de temps|duree|ca dure|ca prend combien)\b"),
    Intent.PHONE: _rx(
        r"\b(?:votre|ton|quel|le|vos) (?:numero|telephone)\b|\bvous joindre\b|\bte joindre\b|"
        r"\bnumero de telephone\b"
    ),
    Intent.EMAIL: _rx(r"\b(?:mail|e mail|email|courriel|adresse electronique)\b"),
    Intent.WEBSITE: _rx(r"\b(?:site (?:internet|web)?|internet|en ligne)\b"),
    Intent.PAYMENT: _rx(
        r"\b(?:paiement|payer|carte bancaire|carte bleue|cb|cheques?|especes|liquide|"
        r"sans contact|tickets? resto|ticket restaurant|moyens? de paiement)\b"
    ),
    Intent.CANCELLATION: _rx(r"\b(?:annulation|annuler|annule|rembours\w*|decommander)\b"),
    Intent.DELIVERY: _rx(r"\b(?:livr\w*|a emporter|emporter|click and collect|expedi\w*)\b"),
    Intent.SPECIALTIES: _rx(r"\b(?:specialites?|specialise\w*|specialite)\b"),
    Intent.ACTIVITY: _rx(
        r"\b(?:vous faites quoi|c'est quoi (?:votre|ton) (?:metier|activite)|"
        r"qui etes vous|vous etes qui|quel est votre metier|votre activite)\b"
    ),
    Intent.MESSAGE: _rx(
        r"\b(?:message|laisser un mot|rappel\w*|me recontacter|recontacte\w*|transmettre|"
        r"qu'(?:il|elle|on) me rappelle|dites lui|dis lui|prevenir)\b"
    ),
    Intent.APPOINTMENT: _rx(
        r"\b(?:rendez vous|reserv\w*|prendre (?:un )?creneau|creneau|une table|"
        r"disponibilites?|disponible|booker|prendre rendez|passer (?:vous voir|demain)|"
        r"je voudrais venir|je veux venir|visite|consultation)\b"
    ),
    Intent.TRANSFER: _rx(
        r"\b(?:parler (?:a|avec|au|aux)|un humain|une personne (?:reelle|physique)|vraie? personne|"
        r"quelqu'un de reel|conseiller|conseillere|standard|transfer\w*|mettre en relation|"
        r"passez moi|passer (?:le|la) (?:patron|patronne|responsable|gerant|gerante))\b"
    ),
    # Words that say « urgent » in every trade; what is urgent for *this* trade (a leak, a door
    # slammed shut, an animal that no longer breathes) comes from the catalogue (`urgencies`).
    Intent.URGENT: _rx(r"\b(?:urgen\w*|au secours|a l'aide|immediatement|tout de suite|vite)\b"),
    Intent.MEDICAL: _rx(
        r"\b(?:symptomes?|douleurs?|j'ai mal|mal (?:a|au|aux)|fievre|medicaments?|traitement|"
        r"ordonnance|saigne\w*|malade|dosage)\b"
    ),
    Intent.AI: _rx(
        r"\b(?:robot|une machine|intelligence artificielle|une ia|un ia|t'es une ia|"
        r"vous etes une ia|un bot|chatbot|repondeur automatique|une vraie personne\s*\?)\b"
    ),
    Intent.CANCEL: _rx(
        r"\b(?:laisse(?:z)? tomber|oublie(?:z)?|on arrete|stop|pas la peine|j'annule|"
        r"annule(?:z)? (?:tout|ca)|non rien|finalement non)\b"
    ),
}

_DAY_ABBREVIATIONS = {
    "lun": Weekday.LUNDI,
    "mar": Weekday.MARDI,
    "mer": Weekday.MERCREDI,
    "jeu": Weekday.JEUDI,
    "ven": Weekday.VENDREDI,
    "sam": Weekday.SAMEDI,
    "dim": Weekday.DIMANCHE,
}
_BEFORE_ABBREVIATION = frozenset({"le", "ce", "du", "au", "et", "ouvert", "ouverts", "fermes"})
_TODAY_RE = _rx(
    r"\b(?:aujourd'hui|ce jour|ce matin|ce soir|cet apres midi|ce midi|maintenant|"
    r"en ce moment|actuellement|tout de suite)\b"
)
_NOW_RE = _rx(r"\b(?:maintenant|en ce moment|actuellement|tout de suite)\b")
_TOMORROW_RE = _rx(r"\b(?:demain)\b")
_AFTER_TOMORROW_RE = _rx(r"\bapres demain\b")
_WEEKEND_RE = _rx(r"\bweek end\b")
_WEEKDAYS_RE = _rx(r"\b(?:en semaine|la semaine|jours de semaine|jours ouvres)\b")
_TIME_RE = _rx(r"\b([01]?\d|2[0-3])\s*(?:heures?|h|:)\s*([0-5]\d)?(?!\d)")
_NOON_RE = _rx(r"\ba midi\b")
_PERIOD_RE = _rx(r"\b(matin|apres midi|soir|midi)\b")

STOPWORDS = frozenset(
    word_list(
        "a au aux avec avez avoir c ca ce ces c'est cette d de des du elle en est et etes etre "
        "faire faites il ils j je l la le les leur ma mais me mes moi mon n ne nous on ou par "
        "pas peut peux pour pouvez qu que quel quelle quelles quels qui s sa se ses si son sont "
        "sur t ta te tes toi ton tu un une vos votre vous y est-ce est ce qu'est d'un d'une "
        "l'on s'il svp s'il plait bonjour merci oui non alors bien donc aussi tres chez vous-meme "
        "est-ce-que estce combien fait faut il y a-t-il y-a-t-il possible"
    )
)


# "cb" is "combien" in SMS before a verb or an article, "carte bancaire" elsewhere.
_CB_COMBIEN_RE = re.compile(r"\bcb (?=(?:coute|coutent|pour|ca|c'est|de|le|la|les|un|une)\b)")

# Verbs and words of a question that say nothing about *what* is asked (for fuzzy matching).
GENERIC_WORDS = frozenset(
    word_list(
        "acceptez accepte acceptes prenez prends prend avez as faut peut peux pouvez puis "
        "proposez propose proposes faites fais fait possible besoin voudrais veux voulez "
        "savoir dire dites trouve trouver quoi comment combien pourquoi quand quel quelle "
        "quels quelles tout tous toute toutes autre autres"
    )
)


def _normalise(text: str) -> str:
    low = fold(text).replace("’", "'")
    low = _PUNCT_RE.sub(" ", low.replace("-", " "))
    tokens: list[str] = []
    for token in low.split():
        expansion = _SMS.get(token)
        tokens.append(token if expansion is None else expansion)
    joined = " ".join(t for t in tokens if t)
    return _CB_COMBIEN_RE.sub("combien ", joined)


_REPEATS_RE = re.compile(r"(.)\1+")


def _correct(token: str, vocabulary: Sequence[str], protected: frozenset[str]) -> str:
    """The keyword `token` is a typo of, or `token` itself. A known French word is only a typo
    of a keyword that differs from it by a doubled letter (« horraires », « rapeler »): it is
    never turned into a look-alike (« coule » stays « coule », it is not « coute »)."""
    if len(token) < 5 or token in protected or not token.isalpha():
        return token
    squeezed = _REPEATS_RE.sub(r"\1", token) if is_known_word(token) else None
    limit = 1 if len(token) <= 7 else 2
    best: str | None = None
    best_distance = limit + 1
    for word in vocabulary:
        if word[0] != token[0] or abs(len(word) - len(token)) > limit:
            continue
        if squeezed is not None and _REPEATS_RE.sub(r"\1", word) != squeezed:
            continue
        distance = Levenshtein.distance(token, word, score_cutoff=limit)
        if distance < best_distance:
            best, best_distance = word, distance
    return best if best is not None and best_distance <= limit else token


def content_words(text: str) -> list[str]:
    """The meaningful words of a (normalised) text: stop words and 1-letter words removed."""
    words = []
    for raw in text.split():
        word = raw.split("'")[-1] if "'" in raw and not raw.startswith("aujourd") else raw
        if len(word) > 1 and word not in STOPWORDS and word != "?":
            words.append(word)
    return words


@dataclass(frozen=True)
class Utterance:
    raw: str
    text: str
    """Normalised: folded, SMS expanded, keyword typos fixed, punctuation as spaces (but `?`)."""
    digits: str
    """Folded with numbers written in words turned into digits (for times, party sizes)."""
    intents: frozenset[Intent] = field(default_factory=frozenset)

    @property
    def is_question(self) -> bool:
        return "?" in self.raw or self.text.startswith(
            ("est ce", "quel", "quand", "ou ", "comment", "combien", "pourquoi", "vous ", "tu ")
        )

    def has(self, *intents: Intent) -> bool:
        return any(intent in self.intents for intent in intents)

    def days(self) -> list[Weekday]:
        """Weekdays named in the utterance (typos and plurals accepted), in order, unique."""
        found: list[Weekday] = []
        tokens = self.text.replace("?", " ").split()
        for i, token in enumerate(tokens):
            day: Weekday | None = None
            if len(token) >= 5:
                day = find_day(token)
            elif token in _DAY_ABBREVIATIONS and i > 0 and tokens[i - 1] in _BEFORE_ABBREVIATION:
                day = _DAY_ABBREVIATIONS[token]
            if day is not None and day not in found:
                found.append(day)
        return found

    @property
    def today(self) -> bool:
        return bool(_TODAY_RE.search(self.text))

    @property
    def now(self) -> bool:
        return bool(_NOW_RE.search(self.text))

    @property
    def tomorrow(self) -> bool:
        return bool(_TOMORROW_RE.search(self.text)) and not self.after_tomorrow

    @property
    def after_tomorrow(self) -> bool:
        return bool(_AFTER_TOMORROW_RE.search(self.text))

    @property
    def weekend(self) -> bool:
        return bool(_WEEKEND_RE.search(self.text))

    @property
    def weekdays(self) -> bool:
        return bool(_WEEKDAYS_RE.search(self.text))

    def time_of_day(self) -> time | None:
        match = _TIME_RE.search(self.digits)
        if match:
            return time(int(match.group(1)), int(match.group(2) or 0))
        if _NOON_RE.search(self.digits):
            return time(12, 0)
        return None

    def period(self) -> str | None:
        match = _PERIOD_RE.search(self.text)
        return match.group(1) if match else None

    def content(self) -> list[str]:
        return content_words(self.text)

    def dates(self, today: date) -> list[date]:
        """Calendar dates named in the utterance (« le 25 décembre », « le premier mai »), each
        the next such day from `today` on."""
        found: list[date] = []
        for match in _DATE_RE.finditer(self.digits):
            day = 1 if match.group(1) in ("1er", "premier") else int(match.group(1))
            month = _MONTHS.index(match.group(2)) + 1
            for year in (today.year, today.year + 1):
                try:
                    when = date(year, month, day)
                except ValueError:
                    break
                if when >= today:
                    if when not in found:
                        found.append(when)
                    break
        return found


_MONTHS = (
    "janvier",
    "fevrier",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "aout",
    "septembre",
    "octobre",
    "novembre",
    "decembre",
)
_DATE_RE = re.compile(rf"\b(1er|premier|[12]?\d|3[01]) ({'|'.join(_MONTHS)})\b")


@lru_cache(maxsize=256)
def _urgency_pattern(phrases: tuple[str, ...]) -> re.Pattern[str] | None:
    """The trade's urgency phrases, normalised like an utterance, plurals accepted."""
    forms = sorted({_normalise(p) for p in phrases if p.strip()} - {""}, key=len, reverse=True)
    if not forms:
        return None
    return re.compile(r"\b(?:" + "|".join(re.escape(f) for f in forms) + r")(?:s|x)?\b")


def _urgency_words(phrases: tuple[str, ...]) -> list[str]:
    return [w for p in phrases for w in _normalise(p).split() if len(w) >= 5 and w.isalpha()]


def read(text: str, vocabulary: Iterable[str] = (), urgencies: Sequence[str] = ()) -> Utterance:
    """Normalise an utterance and find its intents. `vocabulary`: extra words of this business
    (service names, FAQ words) that typos are corrected to and that are never "corrected".
    `urgencies`: what is urgent for this trade (the catalogue's phrases); their words come
    first, so a caller's « ça coule » is never read as « ça coûte »."""
    phrases = tuple(urgencies)
    extra = [w for w in vocabulary if len(w) >= 5 and w.isalpha()]
    targets = [*_urgency_words(phrases), *_KEYWORDS, *extra]
    protected = _COMMON | frozenset(targets)
    base = _normalise(text)
    words = [_correct(token, targets, protected) for token in base.split()]
    normalised = " ".join(words)
    if "?" in text and "?" not in normalised:
        normalised += " ?"
    digits = fold(words_to_digits(text))
    intents = {intent for intent, pattern in _INTENT_PATTERNS.items() if pattern.search(normalised)}
    urgent = _urgency_pattern(phrases)
    if urgent is not None and urgent.search(normalised):
        intents.add(Intent.URGENT)
    return Utterance(raw=text, text=normalised, digits=digits, intents=frozenset(intents))


def best_matches(
    query_words: Sequence[str], candidates: Sequence[str], *, threshold: float = 75.0
) -> list[int]:
    """Indexes of the candidates (already normalised) that the query names, best first.

    A candidate word is named when a query word is within a fuzzy ratio of 80 (typos, plurals).
    A candidate scores 50 + 50 × the share of its content words named (100: all of them), so
    "coupe homme" names "Coupe homme" (100) better than "Coupe femme" (75), and an ambiguous
    "une coupe" names both (75 each). Candidates within 10 points of the best one are returned.
    """
    query = [q for q in query_words if q not in GENERIC_WORDS]
    if not query:
        return []
    scores: list[tuple[float, int]] = []
    for index, candidate in enumerate(candidates):
        words = [w for w in content_words(candidate) if w not in GENERIC_WORDS]
        if not words:
            continue
        named = 0
        closeness = 0.0
        for word in words:
            best = max(fuzz.ratio(word, q) for q in query)
            closeness += best
            if best >= 80:
                named += 1
        if named == 0:
            continue
        score = 50 + 50 * named / len(words) + closeness / len(words) / 1000
        scores.append((score, index))
    if not scores:
        return []
    best_score = max(score for score, _ in scores)
    if best_score < threshold:
        return []
    ranked = sorted(scores, key=lambda pair: (-pair[0], pair[1]))
    return [index for score, index in ranked if score >= max(threshold, best_score - 10)]
