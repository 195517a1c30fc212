"""Opening hours in free French text → :class:`OpeningHours`.

Understands day ranges and lists ("du lundi au vendredi", "lun-ven", "mardi, jeudi et samedi"),
"tous les jours", "7j/7", "en semaine", "le week-end", exceptions ("sauf le lundi"), closed days
("fermé le dimanche", "le lundi c'est fermé"), time ranges in every usual spelling ("9h-12h",
"9 h 30", "09:30", "de neuf heures à midi", "midi et demi", "8h du soir"), "24h/24", "non-stop",
"sur rendez-vous", public holidays, and partial statements ("le samedi jusqu'à 17h").

Policy for times of day without hours ("le samedi matin", "ouvert le dimanche", "midi et soir"):
hours are never invented. The day is left *unknown* (absent from ``OpeningHours.days``) and a
French note such as "samedi : le matin (horaires à préciser)" is added to ``OpeningHours.note``.
Period words only disambiguate explicit times ("2h de l'après-midi" → 14:00) or remove ranges
that are clearly in that half of the day ("fermé le lundi matin" drops Monday ranges ending by
13:00 when they are known; otherwise a note is added).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import time

from rapidfuzz.distance import Levenshtein

from allokoli.domain.profile import DayHours, OpeningHours, TimeRange, Weekday
from allokoli.understanding.normalize import Prepared, fold, prepare
from allokoli.understanding.phones import find_phones_prepared

__all__ = [
    "apply_hours_correction",
    "find_day",
    "has_hours_content",
    "parse_opening_hours",
]

_DAYS: tuple[Weekday, ...] = tuple(Weekday)
_DAY_NAMES: tuple[str, ...] = tuple(d.value for d in _DAYS)
_ALL = frozenset(range(7))
_HOLIDAY = 7
"""Public holidays are handled as an eighth pseudo-day while parsing."""
_MIDNIGHT = 24 * 60
_NOON = 12 * 60
_MORNING_END = 13 * 60

# --- day words ----------------------------------------------------------------------------

_DAY_VARIANTS: dict[str, int] = {}
for _i, _name in enumerate(_DAY_NAMES):
    _DAY_VARIANTS[_name] = _i
    _DAY_VARIANTS[_name + "s"] = _i
# Frequent misspellings (any word within one or two edits is also accepted, see below).
_DAY_VARIANTS.update(
    {
        "lund": 0,
        "lundy": 0,
        "mardy": 1,
        "mecredi": 2,
        "mercredy": 2,
        "mercerdi": 2,
        "jeudy": 3,
        "jeud": 3,
        "vendredy": 4,
        "samdi": 5,
        "sammedi": 5,
        "samed": 5,
        "dimanch": 6,
        "dimache": 6,
        "dimenche": 6,
    }
)
# Abbreviations: accepted only in a day-ish context (see _abbrev_ok), so that "Sam", "il vend"
# or "la mer" are not read as days.
_DAY_ABBREVIATIONS: dict[str, int] = {
    "lun": 0,
    "mar": 1,
    "mer": 2,
    "merc": 2,
    "mercr": 2,
    "jeu": 3,
    "ven": 4,
    "vend": 4,
    "vendr": 4,
    "sam": 5,
    "dim": 6,
}
# Real words close to a day name.
_NOT_DAYS = frozenset({"maudi", "mandi", "vendre", "vendrai", "lundie"} - set(_DAY_VARIANTS))


@dataclass(frozen=True, slots=True)
class _DayWord:
    day: int
    abbreviation: bool


def _classify_day_word(word: str) -> _DayWord | None:
    day = _DAY_VARIANTS.get(word)
    if day is not None:
        return _DayWord(day, False)
    day = _DAY_ABBREVIATIONS.get(word)
    if day is not None:
        return _DayWord(day, True)
    if len(word) < 5 or word in _NOT_DAYS:
        return None
    if word.endswith("y"):
        word = word[:-1] + "i"
        day = _DAY_VARIANTS.get(word)
        if day is not None:
            return _DayWord(day, False)
    best: int | None = None
    best_distance = 99
    for i, name in enumerate(_DAY_NAMES):
        if word[0] != name[0] or abs(len(word) - len(name)) > 2:
            continue
        limit = 1 if len(word) <= 6 else 2
        distance = Levenshtein.distance(word, name, score_cutoff=limit)
        if distance <= limit and distance < best_distance:
            best, best_distance = i, distance
    return _DayWord(best, False) if best is not None else None


def find_day(word: str) -> Weekday | None:
    """The weekday a single (possibly misspelled or abbreviated) word stands for."""
    found = _classify_day_word(fold(word).strip(" .,"))
    return _DAYS[found.day] if found is not None else None


_WORD_RE = re.compile(r"[a-z]+")
_ABBREV_PREV_WORDS = frozenset(
    {"du", "le", "les", "sauf", "ferme", "fermes", "fermee", "ouvert", "ouverts", "chaque"}
)
_ABBREV_LINK_WORDS = frozenset({"au", "a", "et", "ou"})
_ABBREV_NEXT_RE = re.compile(r"\s*(?::\s*)?(?:\d|matin|apres|aprem|soir|midi|ferme)")
_ABBREV_NEXT_LINK_RE = re.compile(r"\s*(?:[-/,]|\bau\b|\ba\b|\bet\b|\bou\b)\s*([a-z]+)")


def _is_day_word(word: str) -> bool:
    return _classify_day_word(word) is not None


def _abbrev_ok(text: str, start: int, end: int) -> bool:
    """An abbreviation ("sam", "mar", "ven"…) is a day only next to another day or a time."""
    before = text[max(0, start - 24) : start]
    prev_words = _WORD_RE.findall(before)
    if prev_words and prev_words[-1] in _ABBREV_PREV_WORDS:
        return True
    linked_before = (
        prev_words and prev_words[-1] in _ABBREV_LINK_WORDS
    ) or before.rstrip().endswith(("-", "/", ","))
    if linked_before:
        words = (
            prev_words[:-1] if prev_words and prev_words[-1] in _ABBREV_LINK_WORDS else prev_words
        )
        if words and _is_day_word(words[-1]):
            return True
    after = text[end : end + 16]
    if _ABBREV_NEXT_RE.match(after):
        return True
    link = _ABBREV_NEXT_LINK_RE.match(after)
    return link is not None and _is_day_word(link.group(1))


_TWO_LETTER = {"lu": 0, "ma": 1, "me": 2, "je": 3, "ve": 4, "sa": 5, "di": 6}
_TWO_LETTER_RANGE_RE = re.compile(
    r"\b(lu|ma|me|je|ve|sa|di)\.?\s*([-/]|au|a)\s*(lu|ma|me|je|ve|sa|di)\b\.?"
    r"|\b(lu|ma|me|je|ve|sa|di)\.?(?=\s*\d{1,2}\s*(?:h|:))"
)


def _two_letter(m: re.Match[str]) -> str:
    if m.group(4):
        return _DAY_NAMES[_TWO_LETTER[m.group(4)]]
    first, conn, last = m.group(1), m.group(2), m.group(3)
    return f"{_DAY_NAMES[_TWO_LETTER[first]]} {conn} {_DAY_NAMES[_TWO_LETTER[last]]}"


def _canonical_days(text: str) -> str:
    text = _TWO_LETTER_RANGE_RE.sub(_two_letter, text)

    def replace(m: re.Match[str]) -> str:
        word = m.group(0)
        found = _classify_day_word(word)
        if found is None:
            return word
        if found.abbreviation and not _abbrev_ok(m.string, m.start(), m.end()):
            return word
        return _DAY_NAMES[found.day]

    return _WORD_RE.sub(replace, text)


# --- phrase canonicalisation -----------------------------------------------------------------

_TIME_AHEAD = r"(?=\s*(?:\d|midi|minuit))"
_PHRASES: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(p), r)
    for p, r in (
        (r"\bnon[- ]?stop\b|\ben continu\b|\bsans interruption\b|\bjournee continue\b", " "),
        (r"\bpar contre\b", " ; "),
        (
            r"\b24\s*(?:h|heures?)?\s*(?:/|sur)\s*24\s*(?:h\b)?|\bh\s*24\b|\bjour et nuit\b"
            r"|\b24 heures par jour\b|\bnuit et jour\b",
            " §h24 ",
        ),
        (
            r"\b(?:tous|tout|ts|toutes)\s+les\s+jours\b|\b7\s*j(?:ours?|rs?)?\s*(?:/|sur|s)\s*7\b"
            r"|\b(?:tous|ts|chaque)\s+(?:les\s+)?(?=(?:soirs?|matins?|midis?|apres[- ]midis?)\b)"
            r"|\b7\s*/\s*7\b|\btoute la semaine\b|\bchaque jour\b|\btlj\b|\btljs\b"
            r"|\b7 jours par semaine\b|\b365 jours(?: par an| sur 365)?\b|\bla semaine entiere\b",
            " §all ",
        ),
        (
            r"\b(?:en|la)\s+semaine\b|\bjours? (?:de (?:la )?semaine|ouvres)\b"
            r"|(?:^|(?<=[\n,;/.]))\s*semaine\b(?=\s*:?\s*\d)",
            " §wkd ",
        ),
        (r"\bjours? ouvrables\b", " §wkdsat "),
        (
            r"\b(?:le|les|en|ce|du|au|chaque)\s+(?:week-?ends?|we|fins? de semaine)\b"
            r"|\bweek-?ends?\b",
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
            r"(?<=,)\s*(?:et\s+|mais\s+)?pas\s+(?:le|les)(?=\s+(?:lundi|mardi|mercredi|jeudi"
            r"|vendredi|samedi|dimanche)s?\s*(?:[.;!?\n]|$))",
            " §open ",
        ),
        (
            r"\b(?:on\s+|nous\s+|je\s+|ils?\s+|elles?\s+)?(?:ferme|fermons|fermeture|ferment|fermer"
            r"|finit|finissons|termine|terminons|fini|finis|quitte)\s+"
            r"(?:le soir\s+|l'apres-midi\s+)?"
            r"(?:a|vers|des|aux alentours de)" + _TIME_AHEAD,
            " §endat ",
        ),
        (
            r"\b(?:on\s+|nous\s+|je\s+)?(?:ouvre|ouvrons|ouverture|commence|commencons|ouvert"
            r"|ouverts"
            r"|ouverte|arrive|embauche|demarre)\s+(?:le matin\s+|l'apres-midi\s+)?"
            r"(?:a partir de|a|vers|des|depuis)" + _TIME_AHEAD,
            " §startat ",
        ),
        (
            r"\b(?:a partir de|des|depuis|a compter de|apres(?![- ]?midi))" + _TIME_AHEAD,
            " §startat ",
        ),
        (r"\bjusqu\s*'?\s*(?:a|au|vers)?" + _TIME_AHEAD + r"|\bjusque" + _TIME_AHEAD, " §until "),
        (
            r"\b(?:ne|n')?\s*(?:travaill\w*|bosse\w*|ouvr\w*|ouvert\w*|sommes|suis|est|sont"
            r"|on est)\s+"
            r"pas\b|\bpas ouvert\w*|\bpas de (?:service|permanence|travail)\b|\bjamais\b"
            r"|\bpas (?:le|les)\b(?=\s+(?:lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche|§))",
            " §closed ",
        ),
        (
            r"\b(?:ferme|fermes|fermee|fermees|fermer|fermons|ferment|fermeture|clos|closed|close"
            r"|repos|relache|off|conge|conges)\b",
            " §closed ",
        ),
        (
            r"\b(?:ouvert|ouverts|ouverte|ouvertes|ouvre|ouvrons|ouvrent|ouverture|permanence"
            r"|on travaille|je travaille|on bosse|je bosse|dispo|disponibles?|present|presente)\b",
            " §open ",
        ),
        (
            r"\b(?:sauf|excepte|hormis|hors|a part|mais pas|a l'exception d\w*"
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
    ("non", "continu", "interruption"),
    ("par contre",),
    ("24", "nuit"),
    ("jour", "7", "semaine", "tlj", "tous", "ts ", "chaque"),
    ("semaine", "ouvre"),
    ("ouvrable",),
    ("we", "fin de semaine", "fins de semaine"),
    ("rendez", "rdv", "r.d.v", "reserv", "resa"),
    ("feri",),
    ("feri",),
    ("jusqu",),
    ("pas",),
    ("ferm", "fini", "termin", "quitt"),
    ("ouv", "commen", "arriv", "embauch", "demarr"),
    ("partir", "des", "depuis", "compter", "apres"),
    ("jusqu",),
    ("pas", "jamais"),
    ("ferm", "clos", "repos", "relache", "off", "conge"),
    ("ouv", "perman", "travaill", "boss", "dispo", "present"),
    ("sauf", "except", "hormis", "hors", "part", "mais pas"),
    ("apres", "aprem", "am"),
    ("mat",),
    ("soir", "nuit"),
)
assert len(_PHRASE_TRIGGERS) == len(_PHRASES)


def _canonical_phrases(text: str) -> str:
    for (pattern, replacement), triggers in zip(_PHRASES, _PHRASE_TRIGGERS, strict=True):
        if any(t in text for t in triggers):
            text = pattern.sub(replacement, text)
    return text


# --- tokens -------------------------------------------------------------------------------

_TOKEN_RE = re.compile(
    r"""
    (?P<marker>§[a-z0-9]+)
  | (?P<word>(?!midi\b|minuit\b)[a-z']+)
  | (?P<time>
        (?P<h>\d{1,2})\s*(?:heures?|hrs?|h)(?![a-z])
        (?:\s*(?P<m>[0-5]\d)(?!\d|\s*(?:h|heure|:)))?(?:\s*(?:min|mn|minutes?)\b)?
        (?P<frac>\s*(?:et\s+demie?|et\s+quart|moins\s+(?:le\s+)?quart))?
      | (?P<hc>\d{1,2})\s*:\s*(?P<mc>[0-5]\d)(?!\d)
      | (?P<noon>midi|minuit)
        (?P<nfrac>\s*(?:et\s+demie?|et\s+quart|moins\s+(?:le\s+)?quart|trente\b|30\b|15\b|45\b))?
    )
  | (?P<dotted>\b(?P<hd>\d{1,2})\.(?P<md>[0-5]\d)\b(?!\s*(?:€|e\b|eur|euros?)))
  | (?P<num>\b\d{1,2}\b(?!\s*(?:€|e\b|eur|euros?|balles|%|km|kms|kilom|min|mn|minutes?|ans?\b
        |personnes?|couverts?|places?|jours?|j\b|mois|semaines?|ème|eme|e\b|er\b|,\d|\.\d|/\d)))
  | (?P<bignum>\d+)
  | (?P<dash>[-–>])
  | (?P<slash>/)
  | (?P<comma>[,+&])
  | (?P<bound>[.;!?\n])
    """,
    re.VERBOSE,
)

_DAY_INDEX = {name: i for i, name in enumerate(_DAY_NAMES)}
_BOUND_WORDS = frozenset({"mais", "sinon", "ensuite"})


@dataclass(slots=True)
class _Tok:
    kind: str
    text: str
    value: int = 0
    explicit: bool = True
    days: frozenset[int] = frozenset()
    period: str | None = None
    ranges: tuple[tuple[int, int], ...] = ()
    pos: int = 0


def _frac(text: str | None) -> int:
    if not text:
        return 0
    text = text.strip()
    if text.startswith("moins"):
        return -15
    if "demi" in text or text in ("trente", "30"):
        return 30
    if text == "45":
        return 45
    return 15


def _lex(text: str) -> list[_Tok]:
    toks: list[_Tok] = []
    for m in _TOKEN_RE.finditer(text):
        kind = m.lastgroup
        s = m.group(0)
        if kind == "marker":
            if s == "§hol":
                toks.append(_Tok("day", s, days=frozenset({_HOLIDAY}), pos=m.start()))
            else:
                toks.append(_Tok(s[1:], s, pos=m.start()))
        elif kind == "time":
            if m.group("noon"):
                base = _NOON if m.group("noon") == "midi" else 0
                minutes = base + _frac(m.group("nfrac"))
                if base == 0 and minutes <= 0:
                    minutes = 0
                toks.append(_Tok("noon", s, value=minutes % _MIDNIGHT, pos=m.start()))
                continue
            if m.group("h") is not None:
                hour, minute = int(m.group("h")), int(m.group("m") or 0)
                minute += _frac(m.group("frac"))
            else:
                hour, minute = int(m.group("hc")), int(m.group("mc"))
            if hour > 24 or (hour == 24 and minute > 0):
                toks.append(_Tok("word", s, pos=m.start()))
                continue
            toks.append(_Tok("time", s, value=hour * 60 + minute, pos=m.start()))
        elif kind == "dotted":
            hour, minute = int(m.group("hd")), int(m.group("md"))
            if hour <= 24:
                toks.append(_Tok("num", s, value=hour * 60 + minute, explicit=False, pos=m.start()))
        elif kind == "num":
            value = int(s)
            if value <= 24:
                toks.append(_Tok("num", s, value=value * 60, explicit=False, pos=m.start()))
            else:
                toks.append(_Tok("word", s, pos=m.start()))
        elif kind == "bignum":
            toks.append(_Tok("word", s, pos=m.start()))
        elif kind == "word":
            if s in _DAY_INDEX:
                toks.append(_Tok("day", s, days=frozenset({_DAY_INDEX[s]}), pos=m.start()))
            elif s in _BOUND_WORDS:
                toks.append(_Tok("bound", s, pos=m.start()))
            elif s in ("a", "à"):
                toks.append(_Tok("to", s, pos=m.start()))
            elif s in ("au", "aux"):
                toks.append(_Tok("au", s, pos=m.start()))
            elif s in ("et", "puis", "ou"):
                toks.append(_Tok("and", s, pos=m.start()))
            elif s in ("de", "du", "d'", "des"):
                toks.append(_Tok("de", s, pos=m.start()))
            elif s in ("entre",):
                toks.append(_Tok("entre", s, pos=m.start()))
            elif s in ("midi",):
                toks.append(_Tok("noon", s, value=_NOON, pos=m.start()))
            else:
                toks.append(_Tok("word", s, pos=m.start()))
        elif kind is not None:
            toks.append(_Tok(kind, s, pos=m.start()))
    return toks


# --- composition: time ranges ---------------------------------------------------------------

_TIMEISH = ("time", "num", "noon")


def _fix_range(start: int, end: int, both_bare: bool) -> tuple[int, int] | None:
    """Resolve afternoon/evening ambiguities ("de 2 à 6", "9h à 7h") and midnight."""
    if end == 0 and start > 0:
        end = _MIDNIGHT
    if both_bare and start < end <= 8 * 60:
        start, end = start + 12 * 60, end + 12 * 60
    if end <= start:
        if end + 12 * 60 > start and end + 12 * 60 <= _MIDNIGHT and end < 12 * 60:
            end += 12 * 60
        elif end < start and end <= 6 * 60:
            end = _MIDNIGHT  # past midnight: clipped to midnight
        else:
            return None
    if start >= _MIDNIGHT or end > _MIDNIGHT:
        return None
    return start, end


def _next(toks: list[_Tok], i: int, kinds: Iterable[str] = ()) -> int:
    """Index of the next token after ``i`` skipping the given kinds."""
    skip = set(kinds)
    j = i + 1
    while j < len(toks) and toks[j].kind in skip:
        j += 1
    return j


def _pm_shift(toks: list[_Tok]) -> list[_Tok]:
    """'8h du soir', '2h de l'après-midi' → +12h; '7h du matin' stays. The period words are
    removed so that the time can take part in a range ("de 7h du matin à 7h du soir")."""
    out: list[_Tok] = []
    i = 0
    while i < len(toks):
        tok = toks[i]
        out.append(tok)
        i += 1
        if tok.kind not in ("time", "num"):
            continue
        j = i
        while (
            j < len(toks)
            and j - i < 2
            and toks[j].kind in ("de", "word")
            and len(toks[j].text) <= 3
        ):
            j += 1
        if j > i and j < len(toks) and toks[j].kind in ("am", "pm", "eve"):
            if toks[j].kind != "am" and tok.value < _NOON:
                tok.value += 12 * 60
                tok.explicit = True
                tok.period = "pm"
            i = j + 1  # "du matin" / "du soir" consumed
    return out


def _compose_ranges(toks: list[_Tok], hours_context: bool) -> list[_Tok]:
    out: list[_Tok] = []
    i = 0
    n = len(toks)
    while i < n:
        tok = toks[i]
        prefix = None
        k = i
        if tok.kind in ("de", "entre", "startat") and i + 1 < n and toks[i + 1].kind in _TIMEISH:
            prefix = tok.kind
            k = i + 1
        if toks[k].kind in _TIMEISH and k + 1 < n:
            conn = toks[k + 1]
            second = toks[k + 2] if k + 2 < n else conn
            conn_ok = conn.kind in ("to", "dash", "slash", "until", "endat") or (
                conn.kind == "and" and conn.text == "et" and prefix == "entre"
            )
            if conn.kind == "au" and prefix == "de":
                conn_ok = True
            if second.kind == "de" and k + 3 < n and toks[k + 3].kind in _TIMEISH:
                second = toks[k + 3]  # "de 9h à de 12h" (typing noise)
            if (
                not conn_ok
                and hours_context
                and toks[k].kind == "time"
                and conn.kind in ("time", "noon")
            ):
                conn_ok, second = True, conn  # "9h 19h" with no connector
            if conn_ok and second.kind in _TIMEISH:
                first = toks[k]
                explicit = first.kind != "num" or second.kind != "num"
                bare_ok = prefix in ("de", "entre") or (
                    hours_context and conn.kind in ("dash", "to", "slash")
                )
                if explicit or bare_ok:
                    start_value = first.value
                    if second.period == "pm" and start_value + 12 * 60 < second.value:
                        start_value += 12 * 60  # "de 2h à 6h de l'après-midi"
                    fixed = _fix_range(start_value, second.value, not explicit)
                    if fixed is not None:
                        out.append(_Tok("range", first.text, ranges=(fixed,), pos=first.pos))
                        i = toks.index(second, k + 1) + 1
                        continue
        if tok.kind == "startat" and i + 1 < n and toks[i + 1].kind in _TIMEISH:
            out.append(_Tok("pstart", tok.text, value=toks[i + 1].value, pos=tok.pos))
            i += 2
            continue
        if tok.kind in ("until", "endat") and i + 1 < n and toks[i + 1].kind in _TIMEISH:
            value = toks[i + 1].value
            if value == 0:
                value = _MIDNIGHT
            out.append(_Tok("pend", tok.text, value=value, pos=tok.pos))
            i += 2
            continue
        if tok.kind == "noon":
            out.append(_Tok("midi", tok.text, pos=tok.pos))  # a meal period, not a time
            i += 1
            continue
        if tok.kind in ("time", "num"):
            i += 1  # an isolated time (e.g. "intervention en 2h") says nothing about hours
            continue
        out.append(tok)
        i += 1
    # "dès 9h … jusqu'à 19h" → one range
    merged: list[_Tok] = []
    for tok in out:
        if tok.kind == "pend":
            back = len(merged) - 1
            while back >= 0 and merged[back].kind in (
                "and",
                "comma",
                "word",
                "open",
                "de",
                "am",
                "pm",
                "eve",
                "to",
            ):
                back -= 1
            if back >= 0 and merged[back].kind == "pstart":
                fixed = _fix_range(merged[back].value, tok.value, False)
                if fixed is not None:
                    start_tok = merged[back]
                    del merged[back:]
                    merged.append(_Tok("range", start_tok.text, ranges=(fixed,), pos=start_tok.pos))
                    continue
        merged.append(tok)
    return merged


# --- composition: day groups ---------------------------------------------------------------


def _day_span(a: int, b: int) -> frozenset[int]:
    if a <= b:
        return frozenset(range(a, b + 1))
    return frozenset(list(range(a, 7)) + list(range(0, b + 1)))


_GROUP_DAYS = {
    "all": _ALL,
    "wkd": frozenset(range(5)),
    "wkdsat": frozenset(range(6)),
    "wke": frozenset({5, 6}),
}


def _juxtaposed_range(toks: list[_Tok], i: int) -> bool:
    j = i + 1
    if j >= len(toks) or toks[j].kind != "day" or (i > 0 and toks[i - 1].kind == "day"):
        return False
    if j + 1 >= len(toks) or toks[j + 1].kind not in ("time", "num", "range", "noon", "de"):
        return False  # a third day ("lundi mardi jeudi") or no hours: a list
    first, last = min(toks[i].days), min(toks[j].days)
    return _HOLIDAY not in toks[i].days | toks[j].days and last - first >= 3


def _compose_days(toks: list[_Tok]) -> list[_Tok]:
    out: list[_Tok] = []
    i = 0
    n = len(toks)
    while i < n:
        tok = toks[i]
        if tok.kind in _GROUP_DAYS:
            out.append(_Tok("days", tok.text, days=_GROUP_DAYS[tok.kind], pos=tok.pos))
            i += 1
            continue
        if tok.kind == "day":
            j = i + 1
            if (
                j + 1 < n
                and toks[j].kind in ("au", "to", "dash", "slash")
                and toks[j + 1].kind == "day"
                and _HOLIDAY not in tok.days | toks[j + 1].days
            ):
                first = min(tok.days)
                last = min(toks[j + 1].days)
                days = (
                    _day_span(first, last)
                    if toks[j].kind != "slash"
                    else tok.days | toks[j + 1].days
                )
                out.append(_Tok("days", tok.text, days=days, pos=tok.pos))
                i = j + 2
            elif _juxtaposed_range(toks, i):
                # "lundi vendredi 7h30 17h30" (SMS style): two far-apart days side by side,
                # nothing between them, followed by times, is a range, not a list of two days.
                days = _day_span(min(tok.days), min(toks[j].days))
                out.append(_Tok("days", tok.text, days=days, pos=tok.pos))
                i = j + 1
            else:
                out.append(_Tok("days", tok.text, days=tok.days, pos=tok.pos))
                i += 1
            # period attached to the day: "samedi matin", "le dimanche après-midi"
            if i < n and toks[i].kind in ("am", "pm", "eve", "midi"):
                out[-1].period = toks[i].kind
                i += 1
                # "samedi matin et après-midi" → keep the first, note both
                if (
                    i + 1 < n
                    and toks[i].kind == "and"
                    and toks[i + 1].kind in ("am", "pm", "eve", "midi")
                ):
                    out[-1].period = f"{out[-1].period}+{toks[i + 1].kind}"
                    i += 2
            continue
        out.append(tok)
        i += 1
    return out


# --- association --------------------------------------------------------------------------


@dataclass(slots=True)
class _Delta:
    """What a text says about opening hours, before it is applied to a week."""

    assigned: dict[int, list[tuple[int, int]]] = field(default_factory=dict)
    closed: set[int] = field(default_factory=set)
    pstart: dict[int, int] = field(default_factory=dict)
    pend: dict[int, int] = field(default_factory=dict)
    free_pstart: int | None = None
    free_pend: int | None = None
    period_closed: dict[int, str] = field(default_factory=dict)
    open_no_hours: list[tuple[frozenset[int], str | None]] = field(default_factory=list)
    mentioned_no_hours: list[tuple[frozenset[int], str | None]] = field(default_factory=list)
    orphan_ranges: list[tuple[int, int]] = field(default_factory=list)
    by_appointment: bool = False
    holidays_open: bool | None = None
    h24: bool = False
    notes: list[str] = field(default_factory=list)

    @property
    def is_empty(self) -> bool:
        return not (
            self.assigned
            or self.closed
            or self.pstart
            or self.pend
            or self.free_pstart is not None
            or self.free_pend is not None
            or self.period_closed
            or self.open_no_hours
            or self.mentioned_no_hours
            or self.orphan_ranges
            or self.by_appointment
            or self.holidays_open is not None
            or self.notes
        )


class _Assoc:
    def __init__(self, toks: list[_Tok]) -> None:
        self.toks = toks
        self.d = _Delta()
        self.pending_days: set[int] = set()
        self.pending_period: str | None = None
        self.pending_open = False
        self.pending_ranges: list[tuple[int, int]] = []
        self.last_days: set[int] = set()
        self.last_was_range = False
        self.closed_mode = False
        self.except_mode: str | None = None  # "subtract" | "override" | "restrict"
        self.except_days: set[int] = set()
        self.except_period: str | None = None
        self.consumed: set[int] = set()
        self.t_first_days: set[int] = set()
        self.restrict_days: set[int] = set()

    # helpers
    def _assign(self, days: Iterable[int], ranges: list[tuple[int, int]]) -> None:
        for day in days:
            self.d.assigned.setdefault(day, [])
            for r in ranges:
                if r not in self.d.assigned[day]:
                    self.d.assigned[day].append(r)
            self.d.closed.discard(day)

    def _range_follows(self, i: int) -> bool:
        j = i + 1
        while j < len(self.toks):
            kind = self.toks[j].kind
            if kind in ("range", "h24"):
                return True
            if kind in ("days", "bound", "closed", "except", "open"):
                return False
            j += 1
        return False

    def _range_right_after(self, i: int) -> bool:
        """A range right after a day ("fermé le lundi, mardi 9h-12h"): that day is open."""
        j = _next(self.toks, i, ("word", "de", "to"))
        return j < len(self.toks) and self.toks[j].kind in ("range", "h24")

    def _close_days(self, days: Iterable[int], period: str | None) -> None:
        for day in days:
            if period in ("am", "pm", "eve", "midi"):
                self.d.period_closed[day] = period
            else:
                self.d.closed.add(day)
                self.d.assigned.pop(day, None)

    def _flush_except(self) -> None:
        if self.except_mode is not None and self.except_days:
            self._close_days(self.except_days, self.except_period)
        self.except_mode = None
        self.except_days = set()
        self.except_period = None

    def _record_pending(self) -> None:
        """Days mentioned without hours: kept for the notes."""
        if self.pending_days:
            entry = (frozenset(self.pending_days), self.pending_period)
            if self.pending_open:
                self.d.open_no_hours.append(entry)
            else:
                self.d.mentioned_no_hours.append(entry)
        self.pending_days = set()
        self.pending_period = None

    def _flush_ranges_to_t_first(self) -> None:
        """'de 9h à 12h du lundi au samedi et de 14h à 18h (sauf le samedi)': later ranges
        without days belong to the days of the previous "hours then days" group."""
        if self.pending_ranges and self.t_first_days:
            targets = self.t_first_days - self.restrict_days
            if targets:
                self._assign(targets, self.pending_ranges)
                self.pending_ranges = []
        self.restrict_days = set()

    def _flush_pending(self) -> None:
        if self.except_mode == "restrict":
            self.restrict_days = set(self.except_days)
            self.except_mode = None
            self.except_days = set()
        self._flush_except()
        self._flush_ranges_to_t_first()
        self._record_pending()
        self.pending_open = False
        self.closed_mode = False

    def _days_ahead(self, i: int) -> int | None:
        """Index of a day token right after a partial time ("on ouvre à 10h le mardi")."""
        j = i + 1
        while j < len(self.toks) and self.toks[j].kind in ("word", "de", "to", "comma"):
            j += 1
        if j < len(self.toks) and self.toks[j].kind == "days" and not self._range_follows(j):
            return j
        return None

    def run(self) -> _Delta:
        toks = self.toks
        for i, tok in enumerate(toks):
            if i in self.consumed:
                continue
            kind = tok.kind
            if kind == "days":
                if self.except_mode is not None:
                    if self.except_mode == "subtract":
                        self.pending_days -= tok.days
                        self.except_days |= tok.days
                        self.except_period = tok.period
                    else:
                        self.except_days |= tok.days
                        self.except_period = tok.period
                    continue
                if self.closed_mode and not self._range_right_after(i):
                    self._close_days(tok.days, tok.period)
                    continue
                self.closed_mode = False
                if self.pending_ranges and not self.pending_days:
                    self._assign(tok.days, self.pending_ranges)
                    self.last_days = set(tok.days)
                    self.t_first_days = set(tok.days)
                    self.pending_ranges = []
                    self.last_was_range = False
                    continue
                if self.last_was_range:
                    self.last_was_range = False
                    self.pending_days = set()
                if (
                    self.pending_days
                    and tok.period != self.pending_period
                    and not self._range_follows(i)
                ):
                    # "du mardi au samedi midi et soir, le dimanche midi": two statements
                    self._record_pending()
                self.pending_days |= tok.days
                if tok.period is not None:
                    self.pending_period = tok.period
                continue
            if kind in ("range", "h24"):
                ranges = list(tok.ranges) if kind == "range" else [(0, _MIDNIGHT)]
                if kind == "h24":
                    self.d.h24 = True
                if self.except_mode == "override" and self.except_days:
                    self._assign(self.except_days, ranges)
                    self.last_days = set(self.except_days)
                    self.except_mode = None
                    self.except_days = set()
                    self.last_was_range = True
                elif self.except_mode == "subtract" and self.except_days:
                    # "tous les jours sauf le lundi de 9h à 19h": the range is for the others
                    self._flush_except()
                    if self.pending_days:
                        self._assign(self.pending_days, ranges)
                        self.last_days = set(self.pending_days)
                        self.pending_days = set()
                        self.pending_period = None
                        self.pending_open = False
                    else:
                        self.pending_ranges.extend(ranges)
                    self.last_was_range = True
                elif self.pending_days:
                    self._assign(self.pending_days, ranges)
                    self.last_days = set(self.pending_days)
                    self.pending_days = set()
                    self.pending_period = None
                    self.pending_open = False
                    self.last_was_range = True
                elif self.last_was_range and self.last_days:
                    self._assign(self.last_days, ranges)
                else:
                    self.pending_ranges.extend(ranges)
                    self.last_was_range = False
                self.closed_mode = False
                continue
            if kind in ("pstart", "pend"):
                target: set[int] = set()
                if self.except_mode == "override" and self.except_days:
                    target = set(self.except_days)
                    self.except_mode = None
                    self.except_days = set()
                elif self.pending_days:
                    target = set(self.pending_days)
                    self._flush_except()  # "tous les soirs sauf le dimanche à partir de 19h"
                    self.pending_days = set()
                    self.pending_period = None
                    self.pending_open = False
                if target:
                    store = self.d.pstart if kind == "pstart" else self.d.pend
                    for day in target:
                        store[day] = tok.value
                    self.last_days = target
                else:
                    ahead = self._days_ahead(i)
                    if ahead is not None:
                        store = self.d.pstart if kind == "pstart" else self.d.pend
                        for day in toks[ahead].days:
                            store[day] = tok.value
                        self.last_days = set(toks[ahead].days)
                        self.consumed.add(ahead)
                    elif kind == "pstart":
                        self.d.free_pstart = tok.value
                    else:
                        self.d.free_pend = tok.value
                continue
            if kind == "closed":
                if self.except_mode is not None:
                    continue
                nxt = _next(toks, i, ("word", "de", "to", "and", "comma"))
                nxt_kind = toks[nxt].kind if nxt < len(toks) else "end"
                if nxt_kind in ("am", "pm", "eve"):
                    # "le lundi on est fermé le matin"
                    target = self.pending_days or self.last_days
                    for day in target:
                        self.d.period_closed[day] = nxt_kind
                    self.pending_days = set()
                    self.pending_period = None
                    self.pending_open = False
                elif nxt_kind == "days" and not self._range_follows(nxt):
                    # "ouvert du lundi au samedi, fermé le dimanche": closes what follows
                    self._flush_pending()
                    self.closed_mode = True
                elif self.pending_days:
                    self._close_days(self.pending_days, self.pending_period)
                    self.pending_days = set()
                    self.pending_period = None
                    self.pending_open = False
                    self.closed_mode = False
                else:
                    self.closed_mode = True
                continue
            if kind == "open":
                self.closed_mode = False
                self.pending_open = True
                continue
            if kind == "except":
                self.closed_mode = False
                if self.pending_days:
                    self.except_mode = "subtract"
                elif self.last_days and self.last_was_range:
                    self.except_mode = "override"
                elif self.pending_ranges and self.t_first_days:
                    self.except_mode = "restrict"
                else:
                    self.except_mode = "subtract"  # "9h-19h sauf le dimanche": closed
                self.except_days = set()
                continue
            if kind == "rdv":
                self.d.by_appointment = True
                continue
            if kind == "holopen":
                self.d.holidays_open = True
                continue
            if kind == "holclosed":
                self.d.holidays_open = False
                continue
            if kind == "bound":
                self._flush_pending()
                self.last_was_range = False
                continue
            if (
                kind in ("am", "pm", "eve", "midi")
                and self.pending_days
                and not self.pending_period
            ):
                self.pending_period = kind
                continue
            # connectors and filler words never break a group
        self._flush_pending()
        self.d.orphan_ranges = self.pending_ranges
        return self.d


# --- public helpers ----------------------------------------------------------------------------

_HOURS_HINT_RE = re.compile(
    r"\d\s*h\b|\d\s*h\s*\d|\d\s*heures?\b|\d:\d\d|\bmidi\b|\bminuit\b|\blundi|\bmardi|\bmercredi"
    r"|\bjeudi|\bvendredi|\bsamedi|\bdimanche|\b7\s*j|\b7\s*/\s*7|\btous les jours|\bferme"
    r"|\b24\s*/\s*24|\bh24\b|\bnon[- ]?stop|\blun\b|\bsam\b|\bdim\b|\bven\b|\bmar\b|\bjours?\b"
    r"|\bouvert|\bsemaine\b|\bweek|\brendez|\brdv\b|\b24\s*h|\bferie|\bhoraire"
)


def has_hours_content(text: str) -> bool:
    """Cheap pre-check: does the text possibly talk about opening hours?"""
    return _HOURS_HINT_RE.search(prepare(text).low) is not None


def _masked(prepared: Prepared) -> str:
    low = prepared.low
    phones = find_phones_prepared(prepared)
    if not phones:
        return low
    chars = list(low)
    for p in phones:
        for k in range(p.start, p.end):
            chars[k] = " "
    return "".join(chars)


_EMAIL_URL_RE = re.compile(r"\S+@\S+|https?://\S+|www\.\S+")
_POSTCODE_RE = re.compile(r"\b\d{5}\b")


def _delta_from_prepared(prepared: Prepared, expecting: bool) -> _Delta:
    text = _masked(prepared)
    text = _EMAIL_URL_RE.sub(" ", text)
    text = _POSTCODE_RE.sub(" ", text)
    text = _canonical_phrases(_canonical_days(text))
    toks = _lex(text)
    hours_context = expecting or any(
        t.kind in ("day", "all", "wkd", "wke", "wkdsat", "time", "open", "closed") for t in toks
    )
    toks = _pm_shift(toks)
    toks = _compose_ranges(toks, hours_context)
    toks = _compose_days(toks)
    delta = _Assoc(toks).run()
    delta.notes.extend(_closure_notes(prepared))
    return delta


_MONTHS = (
    "janvier|fevrier|mars|avril|mai|juin|juillet|aout|septembre|octobre|novembre|decembre"
    "|noel|paques|vacances|conges|ete|hiver"
)
_CLOSURE_RE = re.compile(
    rf"\b(?:ferme\w*|fermeture|conges?|vacances)\b[^.;!?\n]{{0,30}}?\b(?:en|pendant|a|au|du|de|"
    rf"les|l')\s*(?:mois d'?\s*)?(?:{_MONTHS})\b[^.;!?\n,]{{0,20}}"
    rf"|\b(?:du\s+)?\d{{1,2}}(?:er)?\s*(?:au|-|a)\s*\d{{1,2}}\s*(?:{_MONTHS})\b"
    rf"(?=[^.;!?\n]{{0,20}}\b(?:ferme\w*|fermeture|conges?|vacances)\b)[^.;!?\n,]{{0,20}}"
    rf"|\b(?:en|pendant|tout le mois d'?|au mois d'?)\s*(?:{_MONTHS})\b"
    rf"(?=[^.;!?\n]{{0,12}}\b(?:ferme\w*|fermeture|conges?|vacances)\b)[^.;!?\n,]{{0,20}}"
)


def _closure_notes(prepared: Prepared) -> list[str]:
    notes = []
    for m in _CLOSURE_RE.finditer(prepared.low):
        snippet = prepared.folded.source_slice(m.start(), m.end()).strip(" ,")
        if snippet:
            notes.append(snippet)
    return notes


_PERIOD_FR = {
    "am": "le matin",
    "pm": "l'après-midi",
    "eve": "le soir",
    "midi": "le midi",
}


def _period_fr(period: str | None) -> str:
    if not period:
        return ""
    return " et ".join(_PERIOD_FR.get(p, p) for p in period.split("+"))


def _days_fr(days: frozenset[int]) -> str:
    if _HOLIDAY in days:
        rest = frozenset(days - {_HOLIDAY})
        return f"{_days_fr(rest)} et jours fériés" if rest else "jours fériés"
    ordered = sorted(days)
    if len(ordered) == 7:
        return "tous les jours"
    if len(ordered) >= 3 and ordered == list(range(ordered[0], ordered[-1] + 1)):
        return f"du {_DAY_NAMES[ordered[0]]} au {_DAY_NAMES[ordered[-1]]}"
    names = [_DAY_NAMES[d] for d in ordered]
    if len(names) == 1:
        return names[0]
    return ", ".join(names[:-1]) + " et " + names[-1]


def _hhmm(minutes: int) -> str:
    if minutes >= _MIDNIGHT:
        return "minuit"
    h, m = divmod(minutes, 60)
    return f"{h}h{m:02d}" if m else f"{h}h"


def _to_time(minutes: int) -> time:
    if minutes >= _MIDNIGHT:
        return time(0, 0)
    return time(minutes // 60, minutes % 60)


def _from_time(value: time, is_end: bool) -> int:
    minutes = value.hour * 60 + value.minute
    if is_end and minutes == 0:
        return _MIDNIGHT
    return minutes


_Week = dict[int, list[tuple[int, int]]]
"""day → ranges in minutes; an empty list means closed; an absent day is unknown."""


def _week_from_hours(hours: OpeningHours | None) -> _Week:
    week: _Week = {}
    if hours is None:
        return week
    for day in hours.days:
        week[day.day.index] = [
            (_from_time(r.start, False), _from_time(r.end, True)) for r in day.ranges
        ]
    return week


def _normalise_ranges(ranges: list[tuple[int, int]]) -> list[tuple[int, int]]:
    cleaned = sorted({r for r in ranges if 0 <= r[0] < r[1] <= _MIDNIGHT})
    merged: list[tuple[int, int]] = []
    for start, end in cleaned:
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def _common_ranges(week: _Week) -> list[tuple[int, int]] | None:
    counts = Counter(tuple(r) for r in week.values() if r)
    if not counts:
        return None
    return list(counts.most_common(1)[0][0])


def _in_period(r: tuple[int, int], period: str) -> bool:
    if period == "am":
        return r[1] <= _MORNING_END
    if period == "midi":
        return r[0] < 15 * 60 and r[1] <= 16 * 60
    return r[0] >= _NOON  # pm / eve


def _apply(delta: _Delta, week: _Week, notes: list[str], correction: bool) -> None:
    known_before = {d for d, r in week.items() if r}
    # 1. explicit ranges override the days they name
    for day, ranges in delta.assigned.items():
        week[day] = _normalise_ranges(ranges)
    # 2. ranges without days
    if delta.orphan_ranges:
        ranges = _normalise_ranges(delta.orphan_ranges)
        if correction and known_before:
            targets = {d for d in known_before if d not in delta.assigned}
        elif delta.closed or delta.h24 or (delta.period_closed and not delta.assigned):
            targets = {d for d in range(7) if d not in delta.assigned and d not in delta.closed}
        elif delta.assigned or delta.closed:
            targets = set()
        else:
            targets = set()
        if targets:
            for day in targets:
                week[day] = list(ranges)
        else:
            spans = ", ".join(f"{_hhmm(s)}–{_hhmm(e)}" for s, e in ranges)
            notes.append(f"{spans} (jours à préciser)")
    # 3. closed days
    for day in delta.closed:
        week[day] = []
    # 4. partial starts / ends. A day with no hours yet takes the other days' opening (or
    # closing) time: "le mercredi seulement le matin jusqu'à 12h", "le samedi à partir de 10h".
    usual = _usual_bounds(week)
    for store, is_start in ((delta.pstart, True), (delta.pend, False)):
        unapplied: dict[int, set[int]] = {}
        for day, value in store.items():
            if day == _HOLIDAY or _partial(week, day, value, is_start, notes):
                continue
            if not week.get(day) and day not in delta.closed and usual is not None:
                opens, closes = usual
                start, end = (value, closes) if is_start else (opens, value)
                if start < end:
                    week[day] = [(start, end)]
                    continue
            unapplied.setdefault(value, set()).add(day)
        word = "à partir de" if is_start else "jusqu'à"
        for value, unapplied_days in unapplied.items():
            notes.append(f"{_days_fr(frozenset(unapplied_days))} : {word} {_hhmm(value)}")
    for free_value, is_start in ((delta.free_pstart, True), (delta.free_pend, False)):
        if free_value is None:
            continue
        value = free_value
        open_days = [d for d, r in week.items() if r]
        if correction and open_days:
            for day in open_days:
                if not _partial(week, day, value, is_start, notes):
                    word = "à partir de" if is_start else "jusqu'à"
                    notes.append(f"{_DAY_NAMES[day]} : {word} {_hhmm(value)}")
        else:
            word = "à partir de" if is_start else "jusqu'à"
            notes.append(f"{word} {_hhmm(value)}")
    # 5. half-day closures
    for day, closed_period in delta.period_closed.items():
        if day == _HOLIDAY:
            continue
        day_ranges = week.get(day)
        label = f"{_DAY_NAMES[day]} : fermé {_period_fr(closed_period)}"
        if day_ranges:
            kept = [r for r in day_ranges if not _in_period(r, closed_period)]
            if kept and len(kept) < len(day_ranges):
                week[day] = kept
                continue
        notes.append(label)
    # 6. days mentioned as open, without hours
    for days, period in delta.open_no_hours:
        copy_from = _common_ranges(week) if correction else None
        for day in sorted(days):
            if day in delta.assigned or week.get(day):
                continue
            if correction and copy_from is not None and period is None:
                week[day] = list(copy_from)
            elif day in week and not week[day] and correction:
                del week[day]
        if days == {_HOLIDAY} or all(week.get(d) for d in days if d != _HOLIDAY):
            continue
        label = _days_fr(days)
        if period:
            notes.append(f"{label} : ouvert {_period_fr(period)} (horaires à préciser)")
        elif not (correction and copy_from is not None):
            notes.append(f"{label} : ouvert (horaires à préciser)")
    # 7. days mentioned with nothing else ("le samedi matin", "7j/7")
    for days, period in delta.mentioned_no_hours:
        if days == {_HOLIDAY} or (not period and all(week.get(d) for d in days if d != _HOLIDAY)):
            continue
        if period and correction and _restrict_to_period(week, days, period):
            continue
        if period:
            notes.append(f"{_days_fr(days)} : {_period_fr(period)} (horaires à préciser)")
        elif not correction and not any(d in week for d in days):
            notes.append(f"{_days_fr(days)} : ouvert (horaires à préciser)")
    if delta.h24 and not week:
        for day in range(7):
            week[day] = [(0, _MIDNIGHT)]
    if _HOLIDAY in week:
        delta.holidays_open = bool(week.pop(_HOLIDAY))
    elif any(_HOLIDAY in days for days, _ in delta.open_no_hours):
        delta.holidays_open = True


def _restrict_to_period(week: _Week, days: frozenset[int], period: str) -> bool:
    """ "Le mercredi c'est que le matin": keep only that half of the known ranges."""
    changed = False
    for day in days:
        ranges = week.get(day)
        if not ranges or "+" in period:
            return False
        kept = [r for r in ranges if _in_period(r, period)]
        if not kept:
            return False
        week[day] = kept
        changed = True
    return changed


def _usual_bounds(week: _Week) -> tuple[int, int] | None:
    """The opening and closing time most open days share (the earliest start and latest end
    of the most common ones); None when no day has hours."""
    firsts = [min(r)[0] for d, r in week.items() if r and d != _HOLIDAY]
    lasts = [max(r)[1] for d, r in week.items() if r and d != _HOLIDAY]
    if not firsts:
        return None
    return max(set(firsts), key=firsts.count), max(set(lasts), key=lasts.count)


def _partial(week: _Week, day: int, value: int, is_start: bool, notes: list[str]) -> bool:
    """Move the first start / last end of a known day; False (nothing changed) when the day has
    no known ranges or the new time does not fit."""
    ranges = week.get(day)
    if ranges:
        ranges = sorted(ranges)
        if is_start and value < ranges[0][1]:
            ranges[0] = (value, ranges[0][1])
            week[day] = _normalise_ranges(ranges)
            return True
        if not is_start and value > ranges[-1][0]:
            ranges[-1] = (ranges[-1][0], value)
            week[day] = _normalise_ranges(ranges)
            return True
    return False


def _build(
    week: _Week,
    base: OpeningHours | None,
    delta: _Delta,
    notes: list[str],
) -> OpeningHours:
    days: list[DayHours] = []
    for day in sorted(week):
        ranges = [
            TimeRange(start=_to_time(s), end=_to_time(e)) for s, e in _normalise_ranges(week[day])
        ]
        days.append(DayHours(day=_DAYS[day], ranges=ranges))
    by_appointment = delta.by_appointment or (base.by_appointment if base else False)
    holidays = (
        delta.holidays_open
        if delta.holidays_open is not None
        else (base.open_on_public_holidays if base else False)
    )
    all_notes: list[str] = []
    if base is not None and base.note:
        all_notes.append(base.note)
    for note in notes + delta.notes:
        if note not in all_notes:
            all_notes.append(note)
    note = "; ".join(all_notes)
    if len(note) > 300:
        note = note[:297].rstrip() + "…"
    return OpeningHours(
        days=days,
        by_appointment=by_appointment,
        closures=list(base.closures) if base else [],
        open_on_public_holidays=holidays,
        note=note or None,
    )


def parse_opening_hours(text: str, *, expecting: bool = False) -> OpeningHours | None:
    """Parse opening hours from free French text.

    Returns None when the text says nothing about opening hours. ``expecting`` tells that the
    question was about hours, which lets bare numbers ("9-12 14-19") count as times.
    Days without known hours are left out (unknown); see the module docstring for the notes.
    """
    prepared = prepare(text)
    if not expecting and _HOURS_HINT_RE.search(prepared.low) is None:
        return None
    delta = _delta_from_prepared(prepared, expecting)
    if delta.is_empty:
        return None
    week: _Week = {}
    notes: list[str] = []
    _apply(delta, week, notes, correction=False)
    result = _build(week, None, delta, notes)
    if result.is_empty and not result.note and not result.open_on_public_holidays:
        return None
    return result


def apply_hours_correction(existing: OpeningHours, text: str) -> OpeningHours:
    """Apply a correction in free text to known hours and return the new hours.

    - days given with hours replace those days ("le samedi c'est 9h-17h");
    - "fermé le lundi" closes Monday; "ouvert le lundi aussi" copies the usual hours;
    - "le samedi c'est jusqu'à 17h" / "on ouvre à 10h le mardi" change one end of the day;
    - hours without days ("en fait c'est de 10h à 19h") replace the hours of every open day;
    - a bare set of days ("en fait c'est du mardi au samedi") keeps the usual hours on those
      days and closes the others.

    When the text says nothing about hours, ``existing`` is returned unchanged.
    """
    prepared = prepare(text)
    delta = _delta_from_prepared(prepared, True)
    if delta.is_empty:
        return existing
    week = _week_from_hours(existing)
    notes: list[str] = []
    # "en fait c'est du mardi au samedi": a new set of open days
    only_days = (
        not delta.assigned
        and not delta.closed
        and not delta.orphan_ranges
        and not delta.pstart
        and not delta.pend
        and delta.mentioned_no_hours
        and all(period is None for _, period in delta.mentioned_no_hours)
    )
    if only_days:
        new_days: set[int] = set()
        for days, _ in delta.mentioned_no_hours:
            new_days |= days
        common = _common_ranges(week)
        if len(new_days) >= 2 and common is not None:
            for day in range(7):
                if day in new_days:
                    if not week.get(day):
                        week[day] = list(common)
                elif week.get(day):
                    week[day] = []
            delta.mentioned_no_hours = []
    _apply(delta, week, notes, correction=True)
    return _build(week, existing, delta, notes)


def _debug_tokens(text: str) -> list[tuple[str, str]]:  # pragma: no cover - debugging aid
    prepared = prepare(text)
    t = _masked(prepared)
    t = _canonical_phrases(_canonical_days(t))
    toks = _lex(t)
    toks = _compose_days(_compose_ranges(_pm_shift(toks), True))
    return [(tk.kind, tk.text if not tk.ranges else str(tk.ranges)) for tk in toks]
